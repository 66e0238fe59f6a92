/*
 * budget.h -- budget ballots: which projects a fixed budget funds.
 *
 * Pure: plain data in, plain data out, no I/O.  Two rules:
 *
 *   greedy  the projects in order of their score (approvals, or points on
 *           cumulative and scoring ballots), each funded when it still fits
 *           and skipped when it does not;
 *   mes     the Method of Equal Shares with cost utilities: the budget is
 *           split equally among the voters, and round by round the project
 *           whose supporters can pay for it at the lowest price per unit of
 *           utility (rho) is funded, the price shared as equally as their
 *           remaining money allows; optionally with the add-one completion
 *           (each voter's endowment raised one money unit at a time while
 *           the outcome stays within the budget), then a greedy completion
 *           and the comparison step against greedy.
 *
 * Money is int64_t in the smallest unit the input uses.  Inside Equal Shares
 * a voter's money is held as an exact integer count of 1/(n * 2^20) of that
 * unit; every rho comparison is an exact cross-multiplication in 256 bits,
 * and payments are rounded down by less than one such unit
 * (docs/budget-ballots.md bounds the effect).  Voters with identical
 * ballots are one group with a weight.
 *
 * A voter may carry a weight w >= 1 (voter_weight): it counts exactly as w
 * identical voters of weight 1 would, in greedy scores, in Equal Shares
 * (each unit of weight is endowed budget / W, W the total weight), in the
 * add-one step, the supporters of a round and the comparison counts.
 */
#ifndef SERAI_AGENDA_BUDGET_H
#define SERAI_AGENDA_BUDGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define BUDGET_MAX_PROJECTS 100000
#define BUDGET_MAX_VOTERS 50000000
#define BUDGET_MAX_MONEY ((int64_t)1 << 53) /* budget and every cost */
#define BUDGET_MAX_TOTAL_COST ((int64_t)1 << 62) /* all costs together */
#define BUDGET_MAX_POINTS ((int64_t)1 << 31)     /* points on one ballot item */
#define BUDGET_MAX_UNIT 1000000                  /* money units in a currency unit */
/* The add-one completion runs the method once per step; an election that
 * needs more steps than this is refused rather than left running. */
#define BUDGET_MAX_ADD1_STEPS 200000

typedef enum budget_vote_type {
    BUDGET_APPROVAL,
    BUDGET_CUMULATIVE,
    BUDGET_SCORING,
    BUDGET_ORDINAL,
    BUDGET_CHOOSE1
} budget_vote_type;

/* One election.  Ballots are stored back to back: voter v's ballot is
 * items [ballot_start[v], ballot_start[v+1]) of ballot_project (indices
 * into the projects) and ballot_points (1 on approval ballots; the points
 * given on cumulative, scoring and ordinal ballots; budget_files.c turns
 * ranks without points into L + 1 - rank, L the ranks allowed).  Equal
 * Shares counts every project a ballot gives points to as approved.  The
 * caller owns everything. */
typedef struct budget_election {
    size_t nprojects;
    const int64_t *cost;     /* > 0 */
    int64_t budget;          /* >= 0 */
    int64_t unit;            /* one currency unit in money units (1, 10, 100...) */
    budget_vote_type vote_type;
    bool score_by_points;    /* greedy adds up ballot_points, else counts ballots */
    size_t nvoters;
    const size_t *ballot_start;  /* nvoters + 1 entries */
    const uint32_t *ballot_project;
    const int64_t *ballot_points;
    const int64_t *voter_weight; /* [nvoters], each >= 1; NULL: every voter weighs 1 */
} budget_election;

typedef enum budget_completion {
    BUDGET_COMPLETE_NONE,  /* Equal Shares with the budget as it is */
    BUDGET_COMPLETE_ADD1   /* raise each voter's endowment by one unit per step */
} budget_completion;

typedef struct budget_mes_options {
    budget_completion completion;
    bool then_greedy;  /* fill what is left greedily by score */
    bool comparison;   /* keep greedy instead when more voters prefer it */
} budget_mes_options;

/* One project the greedy rule looked at, in the order it did. */
typedef struct budget_greedy_step {
    uint32_t project;
    int64_t score;
    bool funded;         /* false: skipped, it did not fit */
    int64_t left_after;  /* budget left after this step */
} budget_greedy_step;

/* One round of Equal Shares.  rho = payment_num / payment_den / cost is the
 * price per unit of utility; the effective vote count is 1 / rho as the
 * cost share: cost / (largest payment).  Payments are in money units as
 * exact fractions payment_num / payment_den (den = the paying weight). */
typedef struct budget_mes_round {
    uint32_t project;
    int64_t cost;
    int64_t supporters;        /* voters who approve it (their weight) */
    int64_t payers_full;       /* voters who paid the full share (their weight) */
    int64_t payers_all_in;     /* voters who paid all they had left, less (weight) */
    int64_t paid_all_in;       /* what the latter paid, rounded to money units */
    int64_t payers_none;       /* supporters with nothing left before the round */
    double share;              /* each full payer's share, money units (display only) */
    double rho;                /* share / cost (display only) */
    double effective_votes;    /* cost / share (display only) */
    int64_t left_supporters;   /* money the supporters hold after, rounded */
    int64_t left_all;          /* money all voters hold after, rounded */
} budget_mes_round;

typedef struct budget_result {
    size_t nselected;
    uint32_t *selected;        /* projects in the order they were funded */
    int64_t spent;
    /* greedy */
    size_t nsteps;
    budget_greedy_step *steps;
    /* mes */
    size_t nrounds;
    budget_mes_round *rounds;
    int64_t endowment_num;     /* final endowment of one unit of weight = num / W money
                                  units, W the total weight (nvoters when unweighted) */
    int64_t add1_steps;        /* how many times the endowment was raised */
    size_t ncompleted;         /* of the selected, how many the greedy completion added */
    bool comparison_kept_greedy;
    int64_t prefer_mes, prefer_greedy; /* voters, by weight */
    size_t nties;              /* rounds where rho was tied and the tie rule decided */
} budget_result;

/* Scores used by greedy: the points summed when score_by_points, else the
 * ballots that name the project, each times its voter's weight.  out has
 * nprojects entries.  The election is not checked: call it on one that
 * budget_greedy or budget_mes accepted. */
void budget_scores(const budget_election *e, int64_t *out);

/* The total weight of the voters (nvoters when voter_weight is NULL): the
 * n that Equal Shares divides the budget by.  Checked elections only. */
int64_t budget_total_weight(const budget_election *e);

/* Greedy by score, ties by the earlier project (the order of the input).  Fills r;
 * free with budget_result_free.  Refuses a total weight above
 * BUDGET_MAX_VOTERS (SERAI_ETOOLARGE, "/voter_weight") and a weight below 1
 * (SERAI_EINVAL, "/voter_weight/<v>"). */
serai_code budget_greedy(const budget_election *e, budget_result *r, serai_err *err);

/* The Method of Equal Shares with cost utilities.  Ties in rho go to the
 * cheaper project, then the one with more supporters, then the earlier.
 * SERAI_ETOOLARGE when the add-one completion would need more than
 * BUDGET_MAX_ADD1_STEPS steps. */
serai_code budget_mes(const budget_election *e, const budget_mes_options *opt,
                      budget_result *r, serai_err *err);

void budget_result_free(budget_result *r);

#endif
