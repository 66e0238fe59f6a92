/*
 * proposal.h -- proposals to a call: the consortium, its budget, and the
 * lifecycle from draft to the eligibility check at submission.
 *
 * JSON (input):
 *   {"call_id": 1, "acronym": "AQUA", "title": "...", "abstract": "...",
 *    "keywords": ["water"], "duration_months": 30,
 *    "partners": [{"organization_id": 5, "role": "coordinator",
 *                  "pi_person_id": 17, "funder_id": 12,
 *                  "requested": 40000000, "currency": "EUR",
 *                  "own_cash": 25000000, "own_in_kind": 5000000,
 *                  "own_expense": false, "team_size": 4,
 *                  "budget_lines": [{"category": "personnel",
 *                                    "amount": 50000000}]}],
 *    "people": [23, 24]}
 * The output adds id, status, stage, each partner's organisation (name,
 * country, type, sme), PI, budget and commitment_signed_at, totals per
 * currency, submitted_at, rule_version and the eligibility result stored
 * at submission.  A partner's country is its organisation's.  Money is
 * integer minor units; "funder_id" is one of the call's funders, and
 * "currency" must be that funder's.  A partner at its own expense names
 * no funder and requests nothing.  When a partner has budget lines they
 * add up to its budget (requested + own_cash + own_in_kind).
 *
 * Lifecycle: draft -> submitted -> eligible | ineligible; withdrawn from
 * any of these.  In a two-stage call an eligible proposal of the first
 * stage is invited to the second (proposal_invite) and is a draft again
 * there; each stage's submissions form their own round.  Later modules move it on (in_review, ranked, selected,
 * reserve, rejected, funded).  Until the deadline of its stage (server
 * clock, UTC) a proposal may be edited and submitted again; a submitted
 * proposal that is edited is submitted again at once.  After the
 * deadline a submission or edit is refused (SERAI_ECONFLICT) naming the
 * deadline.  "submitted" with an eligibility result that is pending means
 * that commitment forms are still awaited.
 *
 * Eligibility: at every submission, withdrawal, commitment form and when
 * the call closes, every submitted proposal of the stage is judged again by
 * the call's current rule set as one round (the per-person limit needs the
 * round); each result is stored with the rule-set version it was judged
 * by, and every change of status goes to the audit trail.
 *
 * Rights: applicants create proposals and see and edit those of their own
 * consortium (they created it, their organisation is a partner, or they
 * are a PI or team member); edits only while draft or before the
 * deadline.  Funders see the submitted proposals that request money from
 * them; observers see every submitted proposal; a reviewer sees the
 * proposals whose review it has opened (review/review.h); the secretariat sees and
 * does everything.  A proposal one may not see does not exist (404).
 */
#ifndef SERAI_PROJECT_PROPOSAL_H
#define SERAI_PROJECT_PROPOSAL_H

#include <jansson.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/err.h"
#include "core/mem.h"
#include "core/page.h"
#include "project/elig.h"
#include "store/store.h"

#define PROPOSAL_TITLE_MAX 500
#define PROPOSAL_ACRONYM_MAX 40
#define PROPOSAL_ABSTRACT_MAX 20000
#define PROPOSAL_MAX_KEYWORDS 20
#define PROPOSAL_KEYWORD_MAX 100
#define PROPOSAL_MAX_BUDGET_LINES 40

/* now: the server clock, Unix seconds (a parameter so that deadlines can
 * be tested to the second). */
serai_code proposal_create(store *s, const actor *who, json_t *body,
                           int64_t now, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* Replace the fields present in body; "partners" and "people" replace the
 * whole consortium and team (commitment forms already signed stay with
 * the organisations that signed them). */
serai_code proposal_update(store *s, const actor *who, int64_t id,
                           json_t *body, int64_t now, json_t **out,
                           serai_err *err) __attribute__((warn_unused_result));
serai_code proposal_get(store *s, const actor *who, int64_t id, json_t **out,
                        serai_err *err) __attribute__((warn_unused_result));

typedef struct proposal_filter {
    int64_t call_id;     /* 0 = any */
    const char *status;  /* NULL = any */
    int64_t funder_id;   /* 0 = any: proposals requesting money from it */
    page page;
} proposal_filter;
serai_code proposal_list(store *s, const actor *who, const proposal_filter *f,
                         json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

serai_code proposal_submit(store *s, const actor *who, int64_t id, int64_t now,
                           json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
serai_code proposal_withdraw(store *s, const actor *who, int64_t id,
                             int64_t now, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* Record that partner seq (from 0) signed its commitment form at
 * signed_at (ISO UTC; NULL = now), not later than now. */
serai_code proposal_commitment(store *s, const actor *who, int64_t id, int seq,
                               const char *signed_at, int64_t now,
                               json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

/* Invite an eligible proposal of a two-stage call (a letter of intent or
 * stage 1) to the next stage: it becomes a draft of that stage, which its
 * applicants complete and submit before that stage's deadline.  The
 * secretariat only. */
serai_code proposal_invite(store *s, const actor *who, int64_t id, int64_t now,
                           json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

/* The eligibility of the proposal as it stands, by the call's current
 * rules, judged within its call's round; nothing is stored.  The result
 * JSON of docs/eligibility.md plus "rule_version". */
serai_code proposal_check(store *s, const actor *who, int64_t id, int64_t now,
                          json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

/* The proposal as the eligibility engine sees it (partners with country,
 * type, SME flag, requests, PIs), with its call's current rules and the
 * call's id, for tools that try changes to a consortium (consortium
 * completion).  Read rights as proposal_get. */
serai_code proposal_elig_load(store *s, const actor *who, int64_t id, int64_t now,
                              elig_rules *rules, elig_proposal *out, int64_t *call_id,
                              serai_err *err) __attribute__((warn_unused_result));

/* Judge every submitted proposal of the call again (see above).  Runs in
 * the caller's write transaction. */
serai_code proposal_settle_call(store *s, const actor *who, int64_t call_id,
                                int64_t now, serai_err *err)
    __attribute__((warn_unused_result));

/* A call's proposals that who may see, for programme officers: format
 * "csv" (sheet "proposals": one row per proposal, or "partners": one row
 * per partner) or "xlsx" (both sheets).  *out (caller frees) holds *len
 * bytes. */
serai_code proposal_export(store *s, const actor *who, int64_t call_id,
                           const char *format, const char *sheet, char **out,
                           size_t *len, serai_err *err)
    __attribute__((warn_unused_result));

#endif
