/*
 * decision.h -- a call's funding decisions and the grants that follow
 * (docs/decisions.md): the binding selection run on the call's ranking
 * list, each funder's decision on each selected proposal, re-runs for
 * money a decline frees, the common project start, grants per partner and
 * funder committed in a fund, their milestones, reports, tranches paid
 * through the fund ledger, and partners' own contributions.
 *
 * A selection run stores the exact input it was computed from (the
 * ranking, each proposal's requests per funder, the budgets) as canonical
 * JSON with its SHA-256 digest, and the result; the audit record names
 * the digest, so anyone can recompute a decision with `serai select`.
 *
 * Decisions, per proposal and funder: earmarked -> national_evaluation ->
 * approved -> contract_signed, one step at a time, or declined before the
 * contract.  A decline blocks the consortium (its other funders' decisions
 * are declined with it) and the engine re-runs for the freed money: the
 * proposals still holding decisions keep their money, and the reserve list
 * is taken in rank order with what is left.
 *
 * Grants (award_*) exist once every funder of a proposal has signed: one
 * per partner and funder, committed in the fund at award (fund_commit), each
 * tranche disbursed from that commitment (fund_disburse) in the same
 * transaction as the tranche's row: no money moves outside the ledger.
 *
 * Rights: the secretariat runs selections and operates grants; a funder
 * (an account of the funding organisation) takes its own decisions; the
 * applicant of a consortium submits its reports and own contributions;
 * observers read.
 */
#ifndef SERAI_DECISION_DECISION_H
#define SERAI_DECISION_DECISION_H

#include <jansson.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/err.h"
#include "store/store.h"

/* {"central"?: minor units (mixed: the central money; rcp: the pot, default
 *  the sum of the budgets), "gap_share_percent"?: "60" (mixed),
 *  "reserve_max"?: n, "flexibility"?: {"<funder org id>": "10"}} */
serai_code decision_select(store *s, const actor *who, int64_t call_id,
                           json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* The latest run and every decision of the call. */
serai_code decision_get(store *s, const actor *who, int64_t call_id,
                        json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* One stored run with its input, digest and result. */
serai_code decision_run_get(store *s, const actor *who, int64_t run_id,
                            json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* Binding and optimal side by side, not stored: {"objective": "score" |
 * "count", "time_limit": seconds, and the options of decision_select}. */
serai_code decision_compare(store *s, const actor *who, int64_t call_id,
                            json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* What-if on the binding selection: {"percent": N, and the options}. */
serai_code decision_whatif(store *s, const actor *who, int64_t call_id,
                           json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"status": "national_evaluation" | "approved" | "contract_signed" |
 *  "declined", "note"?} for one proposal and funder. */
serai_code decision_set(store *s, const actor *who, int64_t proposal_id,
                        int64_t funder_org_id, json_t *body, json_t **out,
                        serai_err *err) __attribute__((warn_unused_result));
/* {"project_start": "YYYY-MM-DD"} */
serai_code decision_start(store *s, const actor *who, int64_t call_id,
                          json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

/* {"fund_id"?: the call's pot by default, "start"?: the call's project
 *  start by default, "tranches"?: [40, 40, 20] percent, due at the start,
 *  halfway and the end, "date"?: the award's date, the commitments' value
 *  date, today by default} -> {"awards": [...]} */
serai_code award_create(store *s, const actor *who, int64_t proposal_id,
                        json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
serai_code award_get(store *s, const actor *who, int64_t award_id, json_t **out,
                     serai_err *err) __attribute__((warn_unused_result));
/* {"items": awards of the proposal} */
serai_code award_list(store *s, const actor *who, int64_t proposal_id,
                      json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"kind": "milestone" | "deliverable", "title", "due"} */
serai_code award_milestone_add(store *s, const actor *who, int64_t award_id,
                               json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"date"} */
serai_code award_milestone_done(store *s, const actor *who, int64_t milestone_id,
                                json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"date"}: the report of the period ending period_end (YYYY-MM-DD). */
serai_code award_report_submit(store *s, const actor *who, int64_t award_id,
                               const char *period_end, json_t *body, json_t **out,
                               serai_err *err) __attribute__((warn_unused_result));
serai_code award_report_accept(store *s, const actor *who, int64_t award_id,
                               const char *period_end, json_t *body, json_t **out,
                               serai_err *err) __attribute__((warn_unused_result));
/* {"date"}: pay tranche seq (1-based, in order) through the fund ledger. */
serai_code award_tranche_pay(store *s, const actor *who, int64_t award_id,
                             int64_t seq, json_t *body, json_t **out,
                             serai_err *err) __attribute__((warn_unused_result));
/* {"kind": "cash" | "in_kind", "amount", "date", "note"?} */
serai_code award_cofunding_add(store *s, const actor *who, int64_t award_id,
                               json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

#endif
