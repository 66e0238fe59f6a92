/*
 * review.h -- reviews of proposals: assignment of a reviewer to a
 * proposal, the conflict declaration when the reviewer opens it, scores
 * per criterion on the call's scale with comments, submission, the
 * consensus score a rapporteur sets, and the call's ranking list.
 *
 * Review JSON: {"id", "proposal_id", "person_id", "status": "assigned" |
 * "conflict" | "draft" | "submitted", "affinity" (the assignment's, or
 * null), "scores": {"excellence": 4.5, ...}, "overall" (the weighted sum
 * of the scores, or null until every criterion is scored), "comments",
 * "assigned_at", "opened_at", "submitted_at"}.
 *
 * Lifecycle: assigned -> (opened, no conflict) draft -> submitted, or
 * assigned -> (opened, conflict declared) conflict.  A reviewer must open
 * a review, declaring whether it has a conflict, before it sees the
 * proposal; a declared conflict is recorded (pool.h) and ends the review.
 * Scores lie on the scheme's scale (steps of 1 or 0.5); submission needs
 * every criterion scored.  The first assignment moves an eligible
 * proposal to in_review.
 *
 * Ranking (GET /calls/{id}/ranking): every proposal under review, scored
 * by its consensus when set, otherwise by the mean overall score of its
 * submitted reviews (after the outlier rule when the scheme asks for it),
 * thresholds checked on the criterion means and on the score, ordered as
 * review/rank.h describes.  A submitted review that lacks a criterion the
 * scheme gained later counts nowhere ("incomplete_reviews").  Hand
 * assignment keeps to the set-up: at most per_proposal active reviews per
 * proposal and max_same_country reviewers of one country.
 *
 * Rights: the secretariat assigns and reads all; a reviewer reads and
 * writes its own reviews only (others do not exist for it); observers read
 * every review and the ranking; the consensus is set by the secretariat or
 * by a reviewer who has submitted a review of that proposal (the
 * rapporteur).
 */
#ifndef SERAI_REVIEW_REVIEW_H
#define SERAI_REVIEW_REVIEW_H

#include <jansson.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/err.h"
#include "core/page.h"
#include "review/assign.h"
#include "store/store.h"

#define REVIEW_COMMENTS_MAX 20000

/* Assign person to proposal; affinity in thousandths, or -1 when none.
 * Refused (SERAI_ECONFLICT, naming the reasons) for a conflict of
 * interest, a reviewer not accepted in the call's pool, a full load, a
 * proposal not under review. */
serai_code review_assign(store *s, const actor *who, int64_t proposal_id,
                         int64_t person_id, int64_t affinity, json_t **out,
                         serai_err *err) __attribute__((warn_unused_result));

/* The same inside the caller's write transaction, without the audit
 * record's commit: for assignment runs that write many at once. */
serai_code review_assign_in_tx(store *s, const actor *who, int64_t proposal_id,
                               int64_t person_id, int64_t affinity,
                               int64_t *review_id, serai_err *err)
    __attribute__((warn_unused_result));

/* The assignment run (run.c): every eligible proposal of the call that has
 * no reviewer yet gets the set-up's number of reviewers from the accepted
 * pool, maximising the total expertise affinity exactly (review/assign.h;
 * fairness ASSIGN_FAIR_PAIR: first the lowest affinity of an assigned
 * pair, then the total, exactly; ASSIGN_FAIR_PROPOSAL: first the lowest
 * per-proposal affinity, then the total, approximately, with a certified
 * upper bound on the best lowest value),
 * without conflicts of interest, within each reviewer's loads (reviews it
 * already holds count), and with at most max_same_country reviewers of one
 * country per proposal.  All reviews are written at once, or none; no
 * feasible assignment is SERAI_EUNPROCESSABLE with the solver's
 * explanation.  *out is the run's summary: assigned, objective, lowest and
 * mean per-proposal affinity, load histogram, proposals skipped because
 * they already had reviewers; with a fairness mode, the mode and, for
 * ASSIGN_FAIR_PROPOSAL, the bound and the gap. */
serai_code review_assign_run(store *s, const actor *who, int64_t call_id,
                             assign_fairness fairness, json_t **out,
                             serai_err *err)
    __attribute__((warn_unused_result));

serai_code review_open(store *s, const actor *who, int64_t id, bool conflict,
                       const char *reason, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* Save scores and comments of a draft: {"scores": {code: number},
 * "comments": text}; scores given replace those stored, one by one. */
serai_code review_save(store *s, const actor *who, int64_t id, json_t *body,
                       json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
serai_code review_submit(store *s, const actor *who, int64_t id, json_t **out,
                         serai_err *err) __attribute__((warn_unused_result));
serai_code review_get(store *s, const actor *who, int64_t id, json_t **out,
                      serai_err *err) __attribute__((warn_unused_result));

typedef struct review_filter {
    int64_t call_id;      /* 0 = any */
    int64_t proposal_id;  /* 0 = any */
    const char *status;   /* NULL = any */
    page page;
} review_filter;
serai_code review_list(store *s, const actor *who, const review_filter *f,
                       json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

/* {"score": number on the weighted scale, "justification": text}. */
serai_code consensus_set(store *s, const actor *who, int64_t proposal_id,
                         json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

serai_code ranking_get(store *s, const actor *who, int64_t call_id,
                       json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

#endif
