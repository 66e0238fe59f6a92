/*
 * pool.h -- how a call is reviewed: its review set-up (reviewers per
 * proposal, the country rules, the scoring scheme), its reviewer pool
 * (invitations, answers, loads), and conflicts of interest, computed from
 * the registry and the proposals and each explained.
 *
 * Review set-up JSON (PUT replaces it whole):
 *   {"per_proposal": 3, "max_same_country": 1,
 *    "exclude_applicant_countries": true,
 *    "scheme": {"scale": {"min": 0, "max": 5, "step": 0.5},
 *               "criteria": [{"code": "excellence", "name": "Excellence",
 *                             "weight": 1, "threshold": 3}],
 *               "overall_threshold": 10, "outlier_rule": false,
 *               "tie_breaks": ["excellence", "countries"]}}
 * Scale bounds are integers 0..100 and the step 1 or 0.5; weights are
 * integers 1..100; thresholds lie on the scale (overall: weighted sum);
 * tie-breaks are criterion codes (higher mean first) or "countries" (more
 * countries in the consortium first), applied in order (review/rank.h).
 *
 * Reviewer JSON: {"person_id", "name", "country", "status": "invited" |
 * "accepted" | "declined", "reason", "min_load", "max_load",
 * "invited_at", "answered_at"}.
 *
 * Conflicts of a call: for each reviewer of the pool (not declined) and
 * each proposal under review (eligible, or in review), every reason that
 * makes them conflict, as {"proposal_id", "person_id", "reasons":
 * [{"code", "detail"}]} with codes same_organization, same_parent,
 * co_applicant, same_country (only when the set-up excludes applicant
 * countries) and declared.  Organisations are the reviewer's current
 * affiliations (no end date, or one not yet past).
 *
 * Declaring a conflict ends the reviewer's review of that proposal, if it
 * has one, whatever its state: it no longer counts in the ranking.
 *
 * Rights: the secretariat sets up, invites and reads everything; a
 * reviewer answers its own invitation and declares its own conflicts;
 * observers read the set-up, the pool and the conflicts.
 */
#ifndef SERAI_REVIEW_POOL_H
#define SERAI_REVIEW_POOL_H

#include <jansson.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/err.h"
#include "store/store.h"

#define REVIEW_MAX_CRITERIA 12
#define REVIEW_MAX_LOAD 1000
#define REVIEW_REASON_MAX 1000

serai_code review_setup_put(store *s, const actor *who, int64_t call_id,
                            json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
serai_code review_setup_get(store *s, const actor *who, int64_t call_id,
                            json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

/* Invite person body.person_id with loads body.min_load (default 0) and
 * body.max_load (required). */
serai_code reviewer_invite(store *s, const actor *who, int64_t call_id,
                           json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* Accept or decline (reason required when declining). */
serai_code reviewer_answer(store *s, const actor *who, int64_t call_id,
                           int64_t person_id, bool accept, const char *reason,
                           json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
serai_code reviewer_list(store *s, const actor *who, int64_t call_id,
                         json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

/* Declare a conflict with proposal_id: body {"person_id"? (the secretariat
 * names anyone; a reviewer only itself, the default), "reason"}. */
serai_code conflict_declare(store *s, const actor *who, int64_t proposal_id,
                            json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"items": [conflict...]} for the call, sorted by proposal, person. */
serai_code conflict_list(store *s, const actor *who, int64_t call_id,
                         json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

/* The reasons (a JSON array, new reference) why person conflicts with
 * proposal_id of call_id, or *reasons NULL when none.  No rights check:
 * for the library's own checks (assignment). */
serai_code conflict_reasons(store *s, int64_t call_id, int64_t proposal_id,
                            int64_t person_id, json_t **reasons, serai_err *err)
    __attribute__((warn_unused_result));

#endif
