/*
 * tally.h -- counting ranked, approval and score ballots (issue 8 §4):
 * Schulze (winning votes), ranked pairs, Borda, instant-runoff, approval
 * and score.  Pure: plain arrays in, plain arrays out; no database, no
 * printing.  docs/tally.md describes each method and its tie-breaking.
 *
 * A ballot is one row of ncand marks and a weight (an int64, e.g. the
 * number of identical ballots in a file, or a delegation's weight).  For
 * the ranked methods a mark is a rank: 1 is best, equal ranks are ties,
 * 0 leaves the candidate unranked, below every candidate the ballot ranks
 * (as Debian counts).  For approval a mark is 0 (not approved) or any
 * positive number (approved; a rank counts as approval).  For score a mark
 * is a score 0..TALLY_MAX_SCORE.
 *
 * Every result carries its explanation: the pairwise matrix for the
 * ranked methods, the strongest paths for Schulze, the pairs in the order
 * ranked pairs considers them, the round-by-round log for instant-runoff,
 * the points for Borda, approval and score.  Ties that the method leaves
 * are kept as equal places; `order` breaks them by candidate index (the
 * order of the file), so every output is deterministic.
 */
#ifndef SERAI_AGENDA_TALLY_H
#define SERAI_AGENDA_TALLY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

#define TALLY_MAX_CANDIDATES 1000
#define TALLY_MAX_BALLOTS ((int64_t)1 << 30)
#define TALLY_MAX_SCORE 1000000

typedef enum tally_method {
    TALLY_SCHULZE,
    TALLY_RANKED_PAIRS,
    TALLY_BORDA,
    TALLY_IRV,
    TALLY_APPROVAL,
    TALLY_SCORE
} tally_method;

typedef struct tally_input {
    int32_t ncand;
    int64_t nballots;
    const int32_t *marks;   /* [nballots * ncand], ballot b's row at b * ncand */
    const int64_t *weights; /* [nballots], each >= 0; NULL: every weight is 1 */
} tally_input;

/* One majority of ranked pairs, in the order the method considers them. */
typedef struct tally_pair {
    int32_t winner, loser;
    int64_t support;     /* weight preferring winner to loser */
    int64_t opposition;  /* weight preferring loser to winner */
    bool locked;         /* false: it would have closed a cycle */
} tally_pair;

/* One round of instant-runoff. */
typedef struct tally_round {
    int64_t *votes;      /* [ncand]; -1 for a candidate already eliminated */
    int64_t inactive;    /* weight that counts for no one this round: no
                            continuing candidate ranked, or several tied
                            at the ballot's best continuing rank */
    int32_t eliminated;  /* out after this round; -1 in the last round */
    bool tie_broken;     /* several had the fewest votes; see docs/tally.md */
} tally_round;

typedef struct tally_result {
    tally_method method;
    int32_t ncand;
    int64_t nballots;       /* rows given */
    int64_t nunique;        /* distinct rows after aggregation */
    int64_t total_weight;   /* sum of the weights */
    int32_t *place;         /* [ncand] 1 = best; equal places are ties */
    int32_t *order;         /* [ncand] candidates best first, ties by index */
    int32_t nwinners;       /* candidates at place 1 (order[0..nwinners)) */
    int64_t *pairwise;      /* [ncand*ncand] d[i][j]: weight ranking i above
                               j; ranked methods only, else NULL */
    int64_t *strongest;     /* Schulze: p[i][j], strength of the strongest
                               path from i to j (0: none) */
    int32_t *next_hop;      /* Schulze: the candidate after i on that path
                               to j, -1 when there is none */
    int64_t *points;        /* [ncand] Borda, approval and score totals */
    tally_pair *pairs;      /* ranked pairs: [npairs] */
    int32_t npairs;
    tally_round *rounds;    /* instant-runoff: [nrounds] */
    int32_t nrounds;
} tally_result;

/* Count in by method into *res (which the caller frees with
 * tally_result_free, also after a failure).  Refuses, naming the field
 * ("/ballots/3/weight", "/ballots/3/marks/2"): a negative weight, a
 * negative rank, a score above TALLY_MAX_SCORE, totals beyond int64, and
 * a count of candidates outside 1..TALLY_MAX_CANDIDATES. */
serai_code tally_run(const tally_input *in, tally_method method,
                     tally_result *res, serai_err *err)
    __attribute__((warn_unused_result));
void tally_result_free(tally_result *res);

/* The pairwise matrix alone (d must hold ncand*ncand int64, zeroed by the
 * call); the input must have passed tally_run's checks. */
void tally_pairwise(const tally_input *in, int64_t *d);

/* Candidates on the strongest path from i to j (Schulze result), i first
 * and j last, into path (room for ncand); returns how many, 0 when there
 * is no path. */
int32_t tally_strongest_path(const tally_result *res, int32_t i, int32_t j,
                             int32_t *path);

/* "schulze", "ranked-pairs", "borda", "irv", "approval", "score"; and back
 * (false for an unknown name). */
const char *tally_method_name(tally_method method);
bool tally_method_parse(const char *name, tally_method *out);

#endif
