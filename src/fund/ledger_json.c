/*
 * ledger_json.c -- the ledger's events and records as JSON; see
 * ledger_json.h.
 */
#include "fund/ledger_json.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/json.h"
#include "core/mem.h"
#include "fund/fund.h"
#include "fund/ledger_store.h"

static const struct flag_name {
    const char *name;
    uint32_t bit;
} transfer_flags[] = {
    {"linked", LEDGER_LINKED},
    {"pending", LEDGER_PENDING},
    {"post_pending", LEDGER_POST_PENDING},
    {"void_pending", LEDGER_VOID_PENDING},
    {NULL, 0},
}, account_flags[] = {
    {"debits_must_not_exceed_credits", LEDGER_DEBITS_MUST_NOT_EXCEED_CREDITS},
    {"credits_must_not_exceed_debits", LEDGER_CREDITS_MUST_NOT_EXCEED_DEBITS},
    {NULL, 0},
};

static serai_code read_flags(json_t *j, const char *prefix,
                             const struct flag_name *names, uint32_t *out,
                             serai_err *err)
{
    char ptr[SERAI_ERR_FIELD_MAX];
    snprintf(ptr, sizeof ptr, "%.200s/flags", prefix);
    *out = 0;
    json_t *v = json_object_get(j, "flags");
    if (v == NULL || json_is_null(v))
        return SERAI_OK;
    if (!json_is_array(v))
        return serai_fail(err, SERAI_EINVAL, ptr, "flags must be an array of names");
    size_t i;
    json_t *f;
    json_array_foreach(v, i, f) {
        bool known = false;
        for (size_t k = 0; json_is_string(f) && names[k].name; k++)
            if (strcmp(json_string_value(f), names[k].name) == 0) {
                *out |= names[k].bit;
                known = true;
            }
        if (!known)
            return serai_fail(err, SERAI_EINVAL, ptr,
                              "flag %zu is not one of %s", i,
                              names == transfer_flags
                                  ? "linked, pending, post_pending, void_pending"
                                  : "debits_must_not_exceed_credits, "
                                    "credits_must_not_exceed_debits");
    }
    return SERAI_OK;
}

static json_t *flags_json(uint32_t flags, const struct flag_name *names)
{
    json_t *a = json_array();
    for (size_t k = 0; names[k].name; k++)
        if (flags & names[k].bit)
            json_array_append_new(a, json_string(names[k].name));
    return a;
}

/* Ids from FUND_LEDGER_BASE up are the fund module's: its accounts move
 * only through the fund's steps, which keep the fund's rows in step with
 * the ledger, so direct clients may neither create nor touch them. */
static serai_code reserved(const char *prefix, const char *key, serai_err *err)
{
    char field[SERAI_ERR_FIELD_MAX];
    snprintf(field, sizeof field, "%s/%s", prefix, key);
    return serai_fail(err, SERAI_EINVAL, field,
                      "ids from 2^60 (1152921504606846976) up belong to the "
                      "funds; move fund money with the fund steps (docs/fund.md)");
}

serai_code ledger_account_from_json(json_t *j, const char *prefix,
                                    ledger_account *out, serai_err *err)
{
    static const char *const keys[] = {"id", "currency", "code", "flags", NULL};
    memset(out, 0, sizeof *out);
    if (!json_is_object(j))
        return serai_fail(err, SERAI_EINVAL, prefix, "an account is an object");
    int64_t id, code = 0;
    const char *currency;
    serai_code rc;
    if ((rc = json_only_keys(j, keys, prefix, err)) ||
        (rc = json_get_int(j, "id", true, 1, INT64_MAX, prefix, &id, NULL, err)) ||
        (rc = json_get_string(j, "currency", true, 3, prefix, &currency, err)) ||
        (rc = json_get_int(j, "code", false, 0, INT32_MAX, prefix, &code, NULL,
                           err)) ||
        (rc = read_flags(j, prefix, account_flags, &out->flags, err)))
        return rc;
    if (id >= FUND_LEDGER_BASE)
        return reserved(prefix, "id", err);
    out->id = id;
    out->code = (int32_t)code;
    snprintf(out->currency, sizeof out->currency, "%s", currency);
    return SERAI_OK;
}

serai_code ledger_transfer_from_json(json_t *j, const char *prefix,
                                     ledger_transfer *out, serai_err *err)
{
    static const char *const keys[] = {"id", "debit_account_id",
                                       "credit_account_id", "amount",
                                       "pending_id", "timeout", "code",
                                       "flags", "reference", NULL};
    memset(out, 0, sizeof *out);
    if (!json_is_object(j))
        return serai_fail(err, SERAI_EINVAL, prefix, "a transfer is an object");
    int64_t code = 0;
    const char *reference = NULL;
    serai_code rc;
    /* Ranges are the ledger's to judge (amount_must_be_positive, ...):
     * here only types, so that every verdict comes back as a result. */
    if ((rc = json_only_keys(j, keys, prefix, err)) ||
        (rc = json_get_int(j, "id", true, INT64_MIN, INT64_MAX, prefix, &out->id,
                           NULL, err)) ||
        (rc = json_get_int(j, "debit_account_id", false, INT64_MIN, INT64_MAX,
                           prefix, &out->debit_account_id, NULL, err)) ||
        (rc = json_get_int(j, "credit_account_id", false, INT64_MIN, INT64_MAX,
                           prefix, &out->credit_account_id, NULL, err)) ||
        (rc = json_get_int(j, "amount", false, INT64_MIN, INT64_MAX, prefix,
                           &out->amount, NULL, err)) ||
        (rc = json_get_int(j, "pending_id", false, INT64_MIN, INT64_MAX, prefix,
                           &out->pending_id, NULL, err)) ||
        (rc = json_get_int(j, "timeout", false, INT64_MIN, INT64_MAX, prefix,
                           &out->timeout, NULL, err)) ||
        (rc = json_get_int(j, "code", false, 0, INT32_MAX, prefix, &code, NULL,
                           err)) ||
        (rc = json_get_string(j, "reference", false, LEDGER_REFERENCE_MAX - 1,
                              prefix, &reference, err)) ||
        (rc = read_flags(j, prefix, transfer_flags, &out->flags, err)))
        return rc;
    if (out->id >= FUND_LEDGER_BASE)
        return reserved(prefix, "id", err);
    if (out->debit_account_id >= FUND_LEDGER_BASE)
        return reserved(prefix, "debit_account_id", err);
    if (out->credit_account_id >= FUND_LEDGER_BASE)
        return reserved(prefix, "credit_account_id", err);
    if (out->pending_id >= FUND_LEDGER_BASE)
        return reserved(prefix, "pending_id", err);
    out->code = (int32_t)code;
    if (reference)
        snprintf(out->reference, sizeof out->reference, "%s", reference);
    return SERAI_OK;
}

json_t *ledger_account_json(const ledger_account *a)
{
    return json_pack("{s:I, s:s, s:i, s:o, s:I, s:I, s:I, s:I, s:I, s:I}", "id",
                     (json_int_t)a->id, "currency", a->currency, "code", a->code,
                     "flags", flags_json(a->flags, account_flags),
                     "debits_pending", (json_int_t)a->debits_pending,
                     "debits_posted", (json_int_t)a->debits_posted,
                     "credits_pending", (json_int_t)a->credits_pending,
                     "credits_posted", (json_int_t)a->credits_posted,
                     "balance",
                     (json_int_t)(a->credits_posted - a->debits_posted),
                     "timestamp", (json_int_t)a->timestamp);
}

static const char *status_name(ledger_status st)
{
    switch (st) {
    case LEDGER_STATUS_POSTED: return "posted";
    case LEDGER_STATUS_PENDING: return "pending";
    case LEDGER_STATUS_PENDING_POSTED: return "pending_posted";
    case LEDGER_STATUS_PENDING_VOIDED: return "pending_voided";
    case LEDGER_STATUS_PENDING_EXPIRED: return "pending_expired";
    }
    return "unknown";
}

json_t *ledger_transfer_json(const ledger_transfer *t)
{
    return json_pack(
        "{s:I, s:I, s:I, s:I, s:s, s:I, s:I, s:i, s:o, s:s, s:s, s:I, s:I}",
        "id", (json_int_t)t->id, "debit_account_id",
        (json_int_t)t->debit_account_id, "credit_account_id",
        (json_int_t)t->credit_account_id, "amount", (json_int_t)t->amount,
        "currency", t->currency, "pending_id", (json_int_t)t->pending_id,
        "timeout", (json_int_t)t->timeout, "code", t->code, "flags",
        flags_json(t->flags, transfer_flags), "reference", t->reference,
        "status", status_name(t->status), "timestamp", (json_int_t)t->timestamp,
        "expires_at", (json_int_t)t->expires_at);
}

static serai_code need_secretariat(const actor *who, serai_err *err)
{
    if (who->role != ROLE_SECRETARIAT)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "only the secretariat writes to the ledger");
    return SERAI_OK;
}

static serai_code need_reader(const actor *who, serai_err *err)
{
    if (who->role != ROLE_SECRETARIAT && who->role != ROLE_OBSERVER)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "the ledger is read by the secretariat and observers");
    return SERAI_OK;
}

/* The batch answer: a result per event. */
static json_t *batch_json(const int64_t *ids, const ledger_result *results,
                          size_t n)
{
    json_t *list = json_array();
    json_int_t ok = 0, exists = 0, failed = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *r = json_pack("{s:I, s:I, s:s}", "index", (json_int_t)i, "id",
                              (json_int_t)ids[i], "result",
                              ledger_result_name(results[i]));
        const char *field = ledger_result_field(results[i]);
        if (field && field[0])
            json_object_set_new(r, "field", json_string(field));
        json_array_append_new(list, r);
        if (results[i] == LEDGER_OK)
            ok++;
        else if (results[i] == LEDGER_EXISTS)
            exists++;
        else
            failed++;
    }
    return json_pack("{s:o, s:I, s:I, s:I}", "results", list, "ok", ok,
                     "exists", exists, "failed", failed);
}

static serai_code check_batch(json_t *events, const char *name, serai_err *err)
{
    char ptr[32];
    snprintf(ptr, sizeof ptr, "/%s", name);
    if (!json_is_array(events) || json_array_size(events) == 0)
        return serai_fail(err, SERAI_EINVAL, ptr,
                          "%s must be a non-empty array of events", name);
    if (json_array_size(events) > LEDGER_BATCH_MAX)
        return serai_fail(err, SERAI_ETOOLARGE, ptr,
                          "a batch holds at most %d events; this one has %zu",
                          LEDGER_BATCH_MAX, json_array_size(events));
    return SERAI_OK;
}

/* Write a batch with its audit record in one transaction: the record
 * names the batch (events, first and last id) and its outcome, so the
 * trail shows every change to the ledger.  *out is the batch answer. */
static serai_code apply_audited(store *s, const actor *who, bool transfers,
                                const void *events, const int64_t *ids, size_t n,
                                int64_t now, ledger_result *res, json_t **out,
                                serai_err *err)
{
    serai_code rc = store_begin(s, err);
    if (rc != SERAI_OK)
        return rc;
    rc = transfers ? ledger_store_apply_transfers(s, events, n, now, res, err)
                   : ledger_store_apply_accounts(s, events, n, now, res, err);
    if (rc == SERAI_OK) {
        *out = batch_json(ids, res, n);
        json_t *state = json_pack("{s:I, s:I, s:I, s:O, s:O, s:O}", "events",
                                  (json_int_t)n, "first_id", (json_int_t)ids[0],
                                  "last_id", (json_int_t)ids[n - 1], "ok",
                                  json_object_get(*out, "ok"), "exists",
                                  json_object_get(*out, "exists"), "failed",
                                  json_object_get(*out, "failed"));
        rc = audit_append(s, who, transfers ? "ledger.transfers" : "ledger.accounts",
                          "ledger", state, err);
        json_decref(state);
    }
    if (rc == SERAI_OK)
        rc = store_commit(s, err);
    if (rc != SERAI_OK) {
        store_rollback(s);
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

serai_code ledger_accounts_post(store *s, const actor *who, json_t *events,
                                int64_t now, json_t **out, serai_err *err)
{
    *out = NULL;
    serai_code rc = need_secretariat(who, err);
    if (rc || (rc = check_batch(events, "accounts", err)))
        return rc;
    size_t n = json_array_size(events);
    ledger_account *a = xcalloc(n, sizeof *a);
    ledger_result *res = xcalloc(n, sizeof *res);
    int64_t *ids = xcalloc(n, sizeof *ids);
    for (size_t i = 0; i < n && rc == SERAI_OK; i++) {
        char prefix[48];
        snprintf(prefix, sizeof prefix, "/accounts/%zu", i);
        rc = ledger_account_from_json(json_array_get(events, i), prefix, &a[i], err);
        ids[i] = a[i].id;
    }
    if (rc == SERAI_OK)
        rc = apply_audited(s, who, false, a, ids, n, now, res, out, err);
    free(a);
    free(res);
    free(ids);
    return rc;
}

serai_code ledger_transfers_post(store *s, const actor *who, json_t *events,
                                 int64_t now, json_t **out, serai_err *err)
{
    *out = NULL;
    serai_code rc = need_secretariat(who, err);
    if (rc || (rc = check_batch(events, "transfers", err)))
        return rc;
    size_t n = json_array_size(events);
    ledger_transfer *t = xcalloc(n, sizeof *t);
    ledger_result *res = xcalloc(n, sizeof *res);
    int64_t *ids = xcalloc(n, sizeof *ids);
    for (size_t i = 0; i < n && rc == SERAI_OK; i++) {
        char prefix[48];
        snprintf(prefix, sizeof prefix, "/transfers/%zu", i);
        rc = ledger_transfer_from_json(json_array_get(events, i), prefix, &t[i], err);
        ids[i] = t[i].id;
    }
    if (rc == SERAI_OK)
        rc = apply_audited(s, who, true, t, ids, n, now, res, out, err);
    free(t);
    free(res);
    free(ids);
    return rc;
}

serai_code ledger_account_get(store *s, const actor *who, int64_t id,
                              json_t **out, serai_err *err)
{
    *out = NULL;
    ledger_account a;
    serai_code rc = need_reader(who, err);
    if (rc || (rc = ledger_store_account(s, id, &a, err)))
        return rc;
    *out = ledger_account_json(&a);
    return SERAI_OK;
}

serai_code ledger_transfer_get(store *s, const actor *who, int64_t id,
                               json_t **out, serai_err *err)
{
    *out = NULL;
    ledger_transfer t;
    serai_code rc = need_reader(who, err);
    if (rc || (rc = ledger_store_transfer(s, id, &t, err)))
        return rc;
    *out = ledger_transfer_json(&t);
    return SERAI_OK;
}
