/*
 * fund.h -- cooperative guidance funds: contributions from pledge to
 * payment, commitments of the pooled money and their disbursement, all
 * moved through the double-entry ledger (fund/ledger_store.h), and the
 * reports a trustee owes its members (docs/fund.md).
 *
 * The pipeline of a contribution: pledge -> signed agreement (instrument
 * of commitment; the signed amount may differ from the pledge and both are
 * kept) -> payment received (cash, or a promissory note encashed on a
 * schedule) -> available.  Available money is committed (to a call's
 * envelope or to a grant), committed money is disbursed, and a recipient
 * may return what it did not spend.  A pledge not yet signed may be
 * cancelled; a commitment's undisbursed part may be decommitted.
 *
 * Every step is one ledger transfer between accounts that stand for the
 * step's parts (fund_account: pledged, signed, notes, available, one per
 * commitment and per recipient, and per contributor its sources), posted in
 * the same database transaction as the fund's own rows and the audit
 * record, so the fund's figures and the ledger never disagree.  The
 * available, commitment and recipient accounts forbid overdraft: nothing
 * can be committed that is not available, disbursed that is not
 * committed, or returned that was not disbursed.
 *
 * Commitment authority: a fund commits nothing until its signed agreements
 * cover at least gate% of its pledges (the Green Climate Fund used 50%),
 * both valued in the fund's reporting currency at the latest exchange rate
 * on or before the commitment's date.
 *
 * Each step runs in a write transaction of its own, or, when the caller
 * has one open (store_begin), inside the caller's: then the caller commits
 * or rolls back, so a module can move fund money together with its own
 * rows (a grant's tranche and its disbursement).
 *
 * Amounts are integer minor units ("amount": 150000000 is EUR 1,500,000.00)
 * of the currency named beside them; dates are "YYYY-MM-DD".
 *
 * Rights: the secretariat operates every step.  A funder (an account with
 * an organisation) reads its own contributions and statement, which shows
 * where they went.  Anyone reads the list of funds, a fund's position and
 * its flows per country: published aggregates.
 */
#ifndef SERAI_FUND_FUND_H
#define SERAI_FUND_FUND_H

#include <jansson.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/err.h"
#include "store/store.h"

/* Ledger ids of the fund module start here: a fund account's ledger id is
 * FUND_LEDGER_BASE + fund_account.id, a step's transfer id FUND_LEDGER_BASE
 * + fund_txn.id.  Ids below it belong to direct ledger clients. */
#define FUND_LEDGER_BASE ((int64_t)1 << 60)

#define FUND_NAME_MAX 300
#define FUND_CODE_MAX 20
#define FUND_NOTE_MAX 2000
#define FUND_MAX_ENCASHMENTS 120

/* {"code": "BRGF", "name": "...", "names": {"zh": "..."},
 *  "kind": "guidance_fund" | "call_pot", "call_id": 3 (call_pot only),
 *  "trustee_org_id": 1, "currency": "USD", "gate_percent": "50"}
 * gate_percent: a decimal 0..100 with at most two fraction digits
 * (default "50"). */
serai_code fund_create(store *s, const actor *who, json_t *body, json_t **out,
                       serai_err *err) __attribute__((warn_unused_result));
/* The fund with its position (fund_position) and contributions the actor
 * may see. */
serai_code fund_get(store *s, const actor *who, int64_t id, json_t **out,
                    serai_err *err) __attribute__((warn_unused_result));
/* {"items": [fund...]} with each fund's position. */
serai_code fund_list(store *s, const actor *who, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

/* One contribution (its contributor, the secretariat and observers) or
 * commitment (anyone), with the encashment schedule of a note. */
serai_code fund_contribution_get(store *s, const actor *who, int64_t id,
                                 json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
serai_code fund_commitment_get(store *s, const actor *who, int64_t id,
                               json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

/* Steps.  Each answers the changed contribution or commitment with the
 * step's ledger transfer id. */

/* {"org_id", "currency", "amount", "date", "reference"?} -> contribution */
serai_code fund_pledge(store *s, const actor *who, int64_t fund_id, json_t *body,
                       json_t **out, serai_err *err) __attribute__((warn_unused_result));
/* {"amount", "date", "instrument": "cash" | "promissory_note",
 *  "encashment": [{"due": "2027-01-31", "amount": ...}]?  (notes: sums to amount),
 *  "reference"?} */
serai_code fund_sign(store *s, const actor *who, int64_t contribution_id,
                     json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"amount", "date"}: cash goes to available, a note to notes. */
serai_code fund_receive(store *s, const actor *who, int64_t contribution_id,
                        json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"amount", "date"}: a promissory note's money becomes available; the
 * schedule's instalments are met in order of due date. */
serai_code fund_encash(store *s, const actor *who, int64_t contribution_id,
                       json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"date", "note"?}: cancel a pledge that is not signed. */
serai_code fund_cancel_pledge(store *s, const actor *who, int64_t contribution_id,
                              json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"currency", "amount", "date", "title", "description"?,
 *  "call_id"?, "proposal_id"?, "recipient_org_id"?, "start"?, "end"?}
 * A commitment without a recipient is a call envelope and needs call_id. */
serai_code fund_commit(store *s, const actor *who, int64_t fund_id, json_t *body,
                       json_t **out, serai_err *err) __attribute__((warn_unused_result));
/* {"amount", "date", "recipient_org_id"? (required for an envelope)} */
serai_code fund_disburse(store *s, const actor *who, int64_t commitment_id,
                         json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"amount", "date", "org_id"? (required for an envelope)}: a recipient
 * gives back unspent money; it becomes available again. */
serai_code fund_return(store *s, const actor *who, int64_t commitment_id,
                       json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"amount"? (default: all undisbursed), "date", "close"?: true}:
 * release undisbursed commitment back to available.  Releasing all of it
 * ends the commitment (cancelled when nothing was paid, else closed);
 * close releases all of it, so an amount given with close must be that. */
serai_code fund_decommit(store *s, const actor *who, int64_t commitment_id,
                         json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

/* Reports (fund_report.c).  `day` (may be NULL: today) values amounts in
 * the reporting currency at the latest rate on or before it. */
serai_code fund_position(store *s, const actor *who, int64_t fund_id,
                         const char *day, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* A contributor's statement: every step of its contributions with running
 * totals per currency, and where its money went (pro rata). */
serai_code fund_statement(store *s, const actor *who, int64_t fund_id,
                          int64_t org_id, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* Flows per country and fair return per year and in total. */
serai_code fund_flows(store *s, const actor *who, int64_t fund_id,
                      json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* Statements as a sheet for finance officers: format "csv" (tab names
 * which tab: "position", "contributions", "commitments", "transactions")
 * or "xlsx" (all tabs).  *out (caller frees) holds *len bytes. */
serai_code fund_sheet(store *s, const actor *who, int64_t fund_id,
                      const char *format, const char *tab, char **out,
                      size_t *len, serai_err *err)
    __attribute__((warn_unused_result));

#endif
