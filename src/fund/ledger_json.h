/*
 * ledger_json.h -- the ledger's accounts and transfers as JSON, for the API
 * (POST /api/v1/ledger/accounts, /ledger/transfers) and the CLI
 * (`serai ledger accounts|transfer --file F.jsonl`).
 *
 * Account:  {"id": 1001, "currency": "EUR", "code": 10,
 *            "flags": ["debits_must_not_exceed_credits"]}
 * Transfer: {"id": 5001, "debit_account_id": 1001, "credit_account_id": 1002,
 *            "amount": 250000, "code": 1, "reference": "pledge 2026/7",
 *            "flags": ["pending", "linked"], "timeout": 86400,
 *            "pending_id": 0}
 * Amounts are integer minor units of the accounts' currency.  Flags are
 * names: linked, pending, post_pending, void_pending (transfers);
 * debits_must_not_exceed_credits, credits_must_not_exceed_debits
 * (accounts).  A batch answers one result per event, in order:
 *   {"results": [{"index": 0, "id": 5001, "result": "ok"},
 *                {"index": 1, "id": 5002, "result": "exceeds_credits",
 *                 "field": "/amount"}],
 *    "ok": 1, "exists": 0, "failed": 1}
 * Malformed events (a wrong type, an unknown key or flag) refuse the whole
 * batch with SERAI_EINVAL naming the event's field ("/transfers/3/amount",
 * or for JSON lines "line 4: /amount"); the ledger's own verdicts are
 * results, not errors.
 *
 * Rights: the secretariat writes; the secretariat and observers read.
 */
#ifndef SERAI_FUND_LEDGER_JSON_H
#define SERAI_FUND_LEDGER_JSON_H

#include <jansson.h>

#include "core/actor.h"
#include "core/err.h"
#include "fund/ledger.h"
#include "store/store.h"

/* Read one event; prefix is the JSON pointer of the event ("/transfers/3"). */
serai_code ledger_account_from_json(json_t *j, const char *prefix,
                                    ledger_account *out, serai_err *err)
    __attribute__((warn_unused_result));
serai_code ledger_transfer_from_json(json_t *j, const char *prefix,
                                     ledger_transfer *out, serai_err *err)
    __attribute__((warn_unused_result));

json_t *ledger_account_json(const ledger_account *a);
json_t *ledger_transfer_json(const ledger_transfer *t);

/* Apply a batch given as a JSON array of events (borrowed); *out is the
 * batch answer above. */
serai_code ledger_accounts_post(store *s, const actor *who, json_t *events,
                                int64_t now, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
serai_code ledger_transfers_post(store *s, const actor *who, json_t *events,
                                 int64_t now, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

serai_code ledger_account_get(store *s, const actor *who, int64_t id,
                              json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
serai_code ledger_transfer_get(store *s, const actor *who, int64_t id,
                               json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

#endif
