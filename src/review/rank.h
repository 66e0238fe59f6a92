/*
 * rank.h -- the ranking list of a call and the outlier rule, as pure
 * functions over plain data (no database).
 *
 * Scores are exact: a review's scores are integers in halves of a point
 * (3.5 -> 7); a mean is kept as a fraction num/den and fractions are
 * compared by cross-multiplication in 128 bits, so no rounding decides a
 * rank.
 *
 * Order of the list: proposals that meet every threshold come first, then
 * those below some threshold, then those without any score; within each
 * group by score (consensus when set, else the mean of the reviews), then
 * by the call's tie-breaks in order (a criterion's mean, higher first; the
 * number of countries in the consortium, more first).  Proposals still
 * equal after every tie-break share a rank ("1, 2, 2, 4") and are reported
 * as tied.  Equal proposals keep ascending id order in the list so that
 * the output is deterministic.
 */
#ifndef SERAI_REVIEW_RANK_H
#define SERAI_REVIEW_RANK_H

#include <stdbool.h>
#include <stdint.h>

#define RANK_MAX_CRITERIA 12
#define RANK_MAX_TIEBREAKS 8

typedef struct rank_fraction {
    int64_t num, den;    /* den > 0; den == 0 means "no value" */
} rank_fraction;

typedef struct rank_item {
    int64_t id;
    rank_fraction score;                 /* halves */
    rank_fraction criteria[RANK_MAX_CRITERIA];
    int countries;
    bool below_threshold;
    /* out */
    int rank;                            /* 1-based; equal for ties */
    bool tied;                           /* shares its rank */
} rank_item;

enum rank_tiebreak_kind { RANK_BY_CRITERION, RANK_BY_COUNTRIES };

typedef struct rank_tiebreak {
    enum rank_tiebreak_kind kind;
    int criterion;                       /* index, for RANK_BY_CRITERION */
} rank_tiebreak;

/* -1, 0, 1 as a < b, a == b, a > b; a fraction without value is below
 * every value. */
int rank_fraction_cmp(rank_fraction a, rank_fraction b);

/* Sort items[0..n) into the list order above and set rank and tied. */
void rank_order(rank_item *items, int n, const rank_tiebreak *tb, int ntb);

/* The outlier rule: with at least three scores, a single score strictly on
 * the other side of the midpoint from all the others is dropped; a score
 * on the midpoint is on neither side, so it keeps every score.  mid is in
 * the unit of the scores (halves: the midpoint of a weighted 0-5 scale of
 * weight W is (0 + 5) x W halves).  drop[i] is set for the dropped score;
 * returns how many were dropped (0 or 1). */
int rank_outlier(const int64_t *scores, int n, int64_t mid, bool *drop);

#endif
