/*
 * select.h -- which ranked proposals a call funds, across many national
 * budgets (docs/selection.md).  Pure: plain arrays in, plain arrays out;
 * no files, no database (select_files.c reads and writes the CSV files of
 * `serai select`; src/decision/ keeps decisions in the database).
 *
 * The three funding modes of multilateral calls:
 *   SELECT_VCP   virtual common pot: each funder pays only what the
 *                proposals ask of it, from its own national budget; a
 *                proposal is funded only if every funder it asks can pay
 *                its whole share (all or nothing).
 *   SELECT_RCP   real common pot: every request is paid from one central
 *                pot (central; all requests in its currency).
 *   SELECT_MIXED national budgets first; a central gap-filling pot (central
 *                times gap_share_bp / 10000, the "band", typically 40-75% of
 *                the central money) covers the national shortfalls of a
 *                proposal (all requests and the pot in one currency).
 * A funder may exceed its budget by flex_bp / 10000 (its flexibility).
 *
 * Binding mode (select_run): proposals are taken in rank order; a proposal
 * is funded when the money is there, else skipped -- never a lower-ranked
 * one instead unless the skipped one cannot be paid -- and every skip says
 * which funders fall short and by how much.  Proposals of equal rank form
 * a tie group: when the group does not fit entirely, the largest number of
 * its proposals that fit together is funded, and among equally large sets
 * the one that comes first in tie_order (the call's tie-breaks, applied by
 * the caller: lower first).  Skipped proposals are "reserve" (they would be
 * funded if money were freed, in rank order), up to reserve_max of them
 * (-1: all); later ones "not_funded".
 *
 * Optimal mode (select_optimal, optimal.c): the non-binding best choice
 * under the same budgets -- the largest total score, or the largest number
 * funded -- a multi-dimensional knapsack solved as a MIP with CBC under a
 * time limit, reporting the optimality gap, so a board can see what the
 * binding rule costs.
 *
 * What-if (select_whatif): for each funder, the rank at which its budget
 * runs out; the extra amount each funder short for the first skipped
 * proposal would need; and how many more proposals +N% on every budget
 * would fund.
 */
#ifndef SERAI_DECISION_SELECT_H
#define SERAI_DECISION_SELECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define SELECT_MAX_PROPOSALS 1000000
#define SELECT_MAX_FUNDERS 10000

typedef enum select_mode { SELECT_VCP, SELECT_RCP, SELECT_MIXED } select_mode;
typedef enum select_outcome {
    SELECT_FUNDED = 0,
    SELECT_RESERVE,
    SELECT_NOT_FUNDED
} select_outcome;

typedef struct select_funder {
    const char *id;          /* for explanations: "DLR (#1)" */
    char currency[4];        /* ISO 4217 */
    int64_t budget;          /* minor units, >= 0 */
    int32_t flex_bp;         /* may exceed the budget by flex_bp/10000; 0..10000 */
} select_funder;

typedef struct select_proposal {
    const char *id;
    int32_t rank;            /* 1 = best; equal ranks form a tie group */
    int64_t score;           /* thousandths; the objective of optimal mode */
    int32_t tie_order;       /* within a tie group, lower is preferred */
} select_proposal;

/* What one proposal asks of one funder. */
typedef struct select_request {
    int32_t proposal;        /* index into proposals */
    int32_t funder;          /* index into funders */
    int64_t amount;          /* minor units of the funder's currency, >= 0
                                (0 asks nothing of the funder) */
} select_request;

typedef struct select_input {
    int32_t nproposals;
    const select_proposal *proposals;
    int32_t nfunders;
    const select_funder *funders;
    int64_t nrequests;
    const select_request *requests;  /* each (proposal, funder) at most once */
    select_mode mode;
    int64_t central;                 /* RCP: the pot; MIXED: the central money */
    char central_currency[4];        /* RCP, MIXED */
    int32_t gap_share_bp;            /* MIXED: share of central usable for gaps */
    int32_t reserve_max;             /* -1: every skipped proposal is reserve */
} select_input;

/* A funder that cannot pay a skipped proposal's share. */
typedef struct select_shortfall {
    int32_t funder;          /* index; -1 for the central pot */
    int64_t needed;          /* what the proposal asks of it */
    int64_t available;       /* what it had left when the proposal came up */
} select_shortfall;

typedef struct select_decision {
    select_outcome outcome;
    int32_t order;           /* 0-based position in which it was considered */
    bool tie;                /* in a tie group that did not fit entirely */
    int64_t central_used;    /* MIXED: gap money it received; RCP: its total */
    int32_t nshort;          /* skipped: the funders short, below */
    select_shortfall *shortfalls;
} select_decision;

typedef struct select_result {
    select_decision *proposals;  /* [nproposals], in input order */
    int64_t *spent;              /* [nfunders] */
    int64_t *remaining;          /* [nfunders]: budget (with flexibility) - spent */
    int64_t central_spent, central_remaining;
    int32_t funded, reserve, not_funded;
    int64_t funded_score;        /* sum of the funded proposals' scores */
    void *arena;                 /* private */
} select_result;

/* Binding selection.  SERAI_EINVAL naming the offending index for
 * malformed input (a request out of range or repeated, a negative or
 * overflowing amount, a currency mismatch in RCP/MIXED, bad flexibility),
 * SERAI_ETOOLARGE above the limits. */
serai_code select_run(const select_input *in, select_result *out, serai_err *err)
    __attribute__((warn_unused_result));
void select_result_free(select_result *r);

/* Optimal (non-binding) selection with CBC.  objective: maximise the total
 * score, or the number funded.  Stops after time_limit seconds; *gap is
 * the relative optimality gap CBC proves ((bound - best) / |best|, 0 when
 * proven optimal) and *optimal says whether it is proven. */
typedef enum select_objective { SELECT_MAX_SCORE, SELECT_MAX_COUNT } select_objective;
typedef struct select_optimal_stats {
    double gap;
    bool optimal;
    double objective;        /* the best found, in score thousandths or count */
    double bound;            /* CBC's best bound */
    double seconds;
    int64_t nodes;
} select_optimal_stats;
serai_code select_optimal(const select_input *in, select_objective objective,
                          double time_limit, select_result *out,
                          select_optimal_stats *stats, serai_err *err)
    __attribute__((warn_unused_result));

/* What-if on a binding run's result. */
typedef struct select_funder_whatif {
    int32_t runs_out_at_rank;    /* rank of the first proposal it cannot pay; 0: never */
    int64_t extra_for_next;      /* extra it needs so that the first skipped proposal
                                    it blocks is funded; 0 when it blocks none */
} select_funder_whatif;
typedef struct select_whatif {
    select_funder_whatif *funders;   /* [nfunders] */
    int32_t percent;                 /* the +N% asked */
    int32_t more_funded;             /* extra proposals funded with +N% on every budget */
    /* RCP, MIXED: the same for the central pot (MIXED: the gap pot) */
    int32_t central_runs_out_at_rank;/* rank of the first proposal it cannot pay; 0: never */
    int64_t central_extra_for_next;  /* extra so that the first proposal it blocks fits */
} select_whatif;
serai_code select_whatif_run(const select_input *in, const select_result *res,
                             int32_t percent, select_whatif *out, serai_err *err)
    __attribute__((warn_unused_result));
void select_whatif_free(select_whatif *w);

#endif
