/*
 * select_files.h -- the CSV files of `serai select` (docs/selection.md):
 * the budgets and the ranked proposals read into a select_input, and the
 * explanation of each decision as one sentence.  No database.
 *
 * Every file is RFC 4180 CSV (core/csv.h: quotes, CRLF, a BOM) whose first
 * line names the columns, in any order:
 *   budgets    funder,currency,budget[,flex_percent] -- one row per funder;
 *              currency ISO 4217; budget in minor units (a whole number
 *              >= 0); flex_percent how far it may exceed the budget, a
 *              decimal 0..100 with at most two decimals
 *   proposals  proposal,rank,score,funder,amount[,tie][,tie_order] -- one
 *              row per proposal and funder it asks money from; rank a whole
 *              number >= 1, the same on every row of a proposal, and so the
 *              score (a decimal, kept to the thousandth); amount in minor
 *              units of the funder's currency; tie marks a proposal that
 *              shares its rank ("=", "tie", "yes", "true", "1"; empty,
 *              "no", "false", "0" do not) -- equal ranks without the mark
 *              are refused; tie_order a whole number, lower preferred
 *              within a tie group (default: the order of the file)
 * Errors name the file and the line.  Use: select_files_init(), the
 * budgets, then the proposals, then select_files_prepare() for the mode;
 * f->in is then ready for select_run() (set reserve_max).
 */
#ifndef SERAI_DECISION_SELECT_FILES_H
#define SERAI_DECISION_SELECT_FILES_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "decision/select.h"

typedef struct select_files {
    select_input in;             /* arrays below */
    select_funder *funders;      /* [in.nfunders], ids point into funder_ids */
    select_proposal *proposals;  /* [in.nproposals] */
    select_request *requests;    /* [in.nrequests] */
    char **funder_ids, **proposal_ids;
    long *funder_line;           /* line of each funder in the budgets */
    long *proposal_line;         /* first line of each proposal */
    long *request_line;          /* line of each request */
    bool *tie_mark;              /* [in.nproposals] */
    const char *budgets_name, *proposals_name;
    /* private */
    int32_t funder_cap, proposal_cap;
    int64_t request_cap;
    bool *order_given;           /* [in.nproposals]: tie_order from the file */
    struct select_idmap *funder_map, *proposal_map;
} select_files;

void select_files_init(select_files *f);
void select_files_free(select_files *f);
/* text/len: the file's bytes; name: how errors call it. */
serai_code select_files_budgets(select_files *f, const char *name,
                                const char *text, size_t len, serai_err *err)
    __attribute__((warn_unused_result));
/* After the budgets: every funder must be in them. */
serai_code select_files_proposals(select_files *f, const char *name,
                                  const char *text, size_t len, serai_err *err)
    __attribute__((warn_unused_result));
/* Set the mode and, for RCP and MIXED, the central pot: its currency
 * (NULL or "": the one currency of every funder) -- a funder in another
 * currency is refused naming its line -- and its amount (central < 0:
 * the sum of the budgets, refused when it overflows). */
serai_code select_files_prepare(select_files *f, select_mode mode,
                                const char *currency, int64_t central,
                                int32_t gap_share_bp, serai_err *err)
    __attribute__((warn_unused_result));

/* Read a whole number of minor units >= 0 (digits only); false when it is
 * not one or does not fit in int64. */
bool select_parse_amount(const char *s, int64_t *out);
/* Read a percentage "0".."100" with at most two decimals into basis
 * points (max_bp the largest accepted). */
bool select_parse_percent(const char *s, int32_t max_bp, int32_t *out);

/* The explanation of every decision of r, one sentence each:
 *   "funded", "funded; 500.00 EUR from the gap pot",
 *   "skipped: DE-DLR short by 1200.00 EUR (needs 3000.00, has 1800.00)",
 * with "; tie at rank 3: 2 of 3 funded" when its tie group did not fit.
 * Returns one block of NUL-terminated strings, proposal p's at
 * block + (*at)[p]; the caller frees both. */
char *select_files_reasons(const select_files *f, const select_result *r,
                           size_t **at);

const char *select_mode_name(select_mode mode);
const char *select_outcome_name(select_outcome outcome);

#endif
