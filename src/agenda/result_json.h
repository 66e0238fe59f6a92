/*
 * result_json.h -- tally and budget results as JSON, one shape for every
 * adapter: `serai tally --json`, `serai pb --json` and the agenda module
 * build the same objects here, so a result reads the same wherever it is
 * shown (docs/tally.md, docs/budget-ballots.md).
 *
 * Pure: the results and names in, a new jansson object out (the caller
 * owns it and json_decref's it); nothing is printed.
 */
#ifndef SERAI_AGENDA_RESULT_JSON_H
#define SERAI_AGENDA_RESULT_JSON_H

#include <jansson.h>
#include <stdint.h>

#include "agenda/budget.h"
#include "agenda/tally.h"

/* A tally result: "method", "candidates", "ballots", "distinct_ballots",
 * "winners", "ranking" (groups of tied candidates, best first),
 * "pairwise" (only when r->pairwise is set: ranked methods), then the
 * method's explanation ("strongest_paths" and "winner_paths" for Schulze,
 * "pairs" for ranked pairs, "rounds" for instant-runoff, "points" where
 * the method gives points).  names has r->ncand entries; candidates are
 * written by name.  What the result does not hold -- the file's format,
 * the pairwise matrix of an unranked method -- the caller adds. */
json_t *tally_result_json(const tally_result *r, const char *const *names);

/* A budget result of the election e: "method" ("greedy" or "mes"),
 * "selected", "spent", "budget", "projects", "voters" (ballots, not
 * weight), "vote_type", then "greedy" (steps and the projects skipped for
 * not fitting) or "equal_shares" (endowment, add-one steps, rounds, ties,
 * projects completed greedily), and "comparison" when mes asked for it.
 * mes is the options Equal Shares ran with, NULL for greedy.  ids has
 * e->nprojects entries.  money renders an amount of money units (the CLI
 * writes the file's decimal text); when money is NULL amounts are JSON
 * integers of money units. */
json_t *budget_result_json(const budget_election *e, const budget_result *r,
                           const budget_mes_options *mes, const char *const *ids,
                           json_t *(*money)(void *ctx, int64_t minor), void *ctx);

#endif
