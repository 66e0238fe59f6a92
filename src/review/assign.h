/*
 * assign.h -- optimal reviewer assignment (issue 5 §4): which reviewers
 * review which proposals.  Pure: plain arrays in, plain arrays out; no
 * files, no database (assign_files.c reads and writes the CSV files of
 * `serai assign`).
 *
 * The problem.  Proposals 0..P-1 and reviewers 0..R-1; candidate pairs
 * (proposal, reviewer) with an affinity score in thousandths (0.123 is
 * 123); pairs not given are not candidates, and a pair marked as a
 * conflict is not one either.  Every proposal gets exactly k distinct
 * candidate reviewers; every reviewer reviews between its minimum and its
 * maximum load; optionally at most m reviewers of one country review the
 * same proposal.  Among all such assignments assign_solve() returns one
 * with the largest total affinity -- exactly: a min-cost flow with integer
 * costs (the negated scores), optimal by construction and checked by a
 * dual certificate (reduced costs) before it is returned.  Minimum loads
 * are met exactly: they are demands of the flow, met first, so either the
 * result meets every one of them and is the best assignment that does, or
 * none exists and the error says which reviewers cannot be served.
 *
 * Fairness (assign_input.fairness) changes what is optimised:
 *
 *   ASSIGN_FAIR_NONE      the largest total affinity (above), exact.
 *   ASSIGN_FAIR_PAIR      lexicographic and exact: first the lowest score
 *                         of any assigned pair is made as large as possible
 *                         (the bottleneck threshold t*), then the total is
 *                         maximised among the assignments whose every pair
 *                         scores at least t*.  Every proposal then has an
 *                         affinity of at least k * t*.
 *   ASSIGN_FAIR_PROPOSAL  first the lowest per-proposal affinity (the sum
 *                         of a proposal's k scores), then the total -- an
 *                         APPROXIMATION.  Maximising the lowest
 *                         per-proposal sum is strongly NP-hard (scores that
 *                         depend only on the reviewer, k = 3 and loads of
 *                         exactly 1 make it 3-PARTITION), so the solver
 *                         follows PeerReview4All (Stelmakh, Shah and Singh
 *                         2019): exact flows over thresholds, "at least
 *                         kappa of each proposal's k reviewers score >= tau"
 *                         for kappa = 1..k and the plain optimum, each
 *                         improved by a local search (replacements and
 *                         swaps) on its lowest proposal, the best of them
 *                         by the lowest proposal; then the proposals that
 *                         would fall below that lowest value are kept as
 *                         they are and the total of the others is
 *                         maximised exactly.
 *                         Guarantees: the lowest per-proposal affinity is
 *                         at least that of the NONE and PAIR assignments
 *                         and, with non-negative scores and no country
 *                         cap, at least 1/k of the optimum (exact when
 *                         k = 1); stats.lowest_bound is a certified
 *                         upper bound on the optimum, so the gap
 *                         lowest_bound - lowest bounds how far the result
 *                         can be from it.  assign.c and docs/review.md
 *                         have the details.
 *
 * Infeasible input is refused with SERAI_EUNPROCESSABLE and a sentence an
 * officer can act on: a proposal with too few conflict-free candidates,
 * total capacity below the demand, minimum loads above it, or a set of
 * proposals whose candidates together cannot take enough reviews (a Hall
 * cut found by the solver).
 */
#ifndef SERAI_REVIEW_ASSIGN_H
#define SERAI_REVIEW_ASSIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* Limits on what the solver accepts (larger input is SERAI_ETOOLARGE). */
#define ASSIGN_MAX_PAIRS 50000000          /* candidate pairs */
#define ASSIGN_MAX_NODES 20000000          /* proposals, reviewers */
#define ASSIGN_MAX_SCORE 1000000000        /* |score| in thousandths (1e6) */
#define ASSIGN_MAX_PER_PROPOSAL 1000       /* k */
#define ASSIGN_MAX_LOAD 1000000            /* a reviewer's maximum load */

/* What assign_solve() optimises (see above). */
typedef enum assign_fairness {
    ASSIGN_FAIR_NONE = 0,      /* total affinity, exact */
    ASSIGN_FAIR_PAIR = 1,      /* lowest pair, then total, exact */
    ASSIGN_FAIR_PROPOSAL = 2   /* lowest proposal, then total, approximate */
} assign_fairness;

/* "none", "pair", "proposal". */
const char *assign_fairness_name(assign_fairness f);

typedef struct assign_input {
    int32_t nproposals;
    int32_t nreviewers;
    int64_t npairs;
    const int32_t *proposal;   /* [npairs] 0..nproposals-1 */
    const int32_t *reviewer;   /* [npairs] 0..nreviewers-1 */
    const int32_t *score;      /* [npairs] thousandths */
    const uint8_t *conflict;   /* [npairs] 1: may not be assigned; or NULL */

    int32_t per_proposal;      /* k >= 1 */
    int32_t max_load;          /* every reviewer's maximum, >= 0 */
    int32_t min_load;          /* every reviewer's minimum, 0..max_load */
    const int32_t *max_loads;  /* [nreviewers] per reviewer, or NULL */
    const int32_t *min_loads;  /* [nreviewers] per reviewer, or NULL */

    const int32_t *country;    /* [nreviewers] any numbering, or NULL */
    int32_t max_same_country;  /* >= 1; used when country is given */

    assign_fairness fairness;  /* what is optimised; 0 = NONE */

    /* Names used in explanations (NULL: "proposal #12"). */
    const char *const *proposal_name; /* [nproposals] or NULL */
    const char *const *reviewer_name; /* [nreviewers] or NULL */
} assign_input;

typedef struct assign_stats {
    int64_t objective;         /* total affinity, thousandths */
    int64_t lowest;            /* lowest per-proposal affinity */
    int64_t highest;           /* highest per-proposal affinity */
    int32_t lowest_pair;       /* lowest score of an assigned pair */
    int32_t fair_threshold;    /* PAIR: t*; otherwise lowest_pair */
    int32_t fair_probes;       /* PAIR, PROPOSAL: exact flow solves run */
    int32_t fair_rounds;       /* PROPOSAL: rounds of the total phase */
    int32_t fair_kappa;        /* PROPOSAL: the candidate that won: kappa
                                  of its threshold flow, 0 the plain
                                  optimum, -1 the PAIR optimum */
    int64_t lowest_bound;      /* PROPOSAL: certified upper bound on the
                                  best possible lowest per-proposal
                                  affinity; otherwise lowest */
    int32_t max_load_used;     /* the largest load of a reviewer */
    int64_t *load_histogram;   /* [max_load_used+1]: reviewers per load */
    int64_t candidates;        /* conflict-free candidate pairs */
    int64_t augmentations;     /* shortest augmenting paths */
    int64_t scanned;           /* nodes scanned by all of them */
    int64_t certified_arcs;    /* arcs whose reduced cost was checked */
    double solve_seconds;      /* inside assign_solve */
} assign_stats;

typedef struct assign_result {
    int64_t count;             /* nproposals * per_proposal */
    int64_t *pairs;            /* [count] indices into the input's pairs,
                                  by proposal, then input order */
    assign_stats stats;
} assign_result;

/* Solve.  On success fills out (free with assign_result_free); on failure
 * out holds nothing to free and err says why: SERAI_EINVAL for malformed
 * input (a pair out of range, a repeated pair, bad loads), SERAI_ETOOLARGE
 * above a limit, SERAI_EUNPROCESSABLE when no assignment exists. */
serai_code assign_solve(const assign_input *in, assign_result *out,
                        serai_err *err) __attribute__((warn_unused_result));
void assign_result_free(assign_result *r);

/* Check a result against the input's constraints (counts, loads,
 * conflicts, country caps) and recompute its statistics' objective;
 * for tests and callers that edit a result. */
serai_code assign_verify(const assign_input *in, const assign_result *res,
                         serai_err *err) __attribute__((warn_unused_result));

/*
 * Scores as decimal text.  assign_parse_score() reads "0.5", "-1.25",
 * "3", "7.1e-2" exactly (no floating point) into thousandths, rounding
 * half away from zero past the third decimal (*rounded is set then);
 * false on anything that is not a finite decimal number or lies beyond
 * ASSIGN_MAX_SCORE.  assign_format_score() writes the shortest exact form
 * ("0.5", "-1.25", "3") into dst (at least 24 bytes).
 */
bool assign_parse_score(const char *s, int32_t *out, bool *rounded);
void assign_format_score(int64_t thousandths, char *dst, size_t cap);

/*
 * The files of `serai assign` (assign_files.c), in the openreview-matcher
 * manner.  Every file is RFC 4180 CSV (core/csv.h: quotes, CRLF, a BOM)
 * whose first line names the columns, in any order:
 *   scores     proposal,reviewer,score   -- the candidates; ids are any
 *              non-empty text; each pair at most once
 *   conflicts  proposal,reviewer         -- pairs that may not be
 *              assigned; every id must appear in the scores
 *   countries  reviewer,country (other columns ignored) -- every reviewer
 *              of the scores needs one; ISO 3166-1 alpha-2
 *   output     proposal,reviewer,score   -- by proposal in order of first
 *              appearance in the scores, then in the order of the scores
 * Errors name the file and the line.  Use: assign_files_init(), the
 * scores, then optionally the conflicts and the countries, then
 * assign_files_finish(); f->in is then ready for assign_solve() (set its
 * per_proposal, loads and fairness first).
 */
typedef struct assign_files {
    assign_input in;          /* arrays below; names for explanations */
    char **proposal_ids;      /* [in.nproposals] */
    char **reviewer_ids;      /* [in.nreviewers] */
    int32_t *proposal, *reviewer, *score;
    uint8_t *conflict;
    int32_t *country;
    int64_t *line;            /* [in.npairs] line of each pair */
    int64_t rounded;          /* scores rounded to thousandths */
    int64_t conflict_lines;   /* conflicts read */
    int64_t conflicts_applied;/* of them, pairs that were candidates */
    /* private */
    int64_t pair_cap;
    int32_t prop_cap, rev_cap;
    struct assign_idmap *props, *revs;
    int64_t *cprop_rev;       /* conflicts read: proposal << 32 | reviewer */
    int64_t *cline;
    int64_t ncconf, cconf_cap;
    const char *scores_name, *conflicts_name;
} assign_files;

void assign_files_init(assign_files *f);
/* text/len: the file's bytes; name: how errors call it. */
serai_code assign_files_scores(assign_files *f, const char *name,
                               const char *text, size_t len, serai_err *err)
    __attribute__((warn_unused_result));
serai_code assign_files_conflicts(assign_files *f, const char *name,
                                  const char *text, size_t len, serai_err *err)
    __attribute__((warn_unused_result));
serai_code assign_files_countries(assign_files *f, const char *name,
                                  const char *text, size_t len, serai_err *err)
    __attribute__((warn_unused_result));
/* Refuse repeated pairs (naming both lines) and mark the conflicts. */
serai_code assign_files_finish(assign_files *f, serai_err *err)
    __attribute__((warn_unused_result));
/* The assignment as CSV text; the caller frees it. */
char *assign_files_output(const assign_files *f, const assign_result *r,
                          size_t *len);
void assign_files_free(assign_files *f);

#endif
