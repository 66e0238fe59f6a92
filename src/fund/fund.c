/*
 * fund.c -- funds and the steps of the contribution pipeline (fund.h).
 *
 * Every step runs in one write transaction: it checks the step against the
 * fund's rows, writes them, posts one ledger transfer between the accounts
 * of the step's parts (created on first use) and appends the audit record.
 * The ledger's own checks (same currency, no overdraft of the available,
 * commitment and recipient accounts) are the last word: a refused transfer
 * rolls the whole step back and is reported as the step's error.
 */
#include "fund/fund.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/json.h"
#include "fund/fund_internal.h"
#include "fund/ledger_store.h"
#include "registry/iso.h"
#include "registry/money.h"

/* Ledger account codes of the parts (docs/fund.md). */
enum {
    CODE_PLEDGE_SOURCE = 11, CODE_SIGN_SOURCE = 12, CODE_CONTRIBUTOR = 13,
    CODE_PLEDGED = 21, CODE_SIGNED = 22, CODE_NOTES = 23, CODE_AVAILABLE = 24,
    CODE_COMMITMENT = 25, CODE_RECIPIENT = 26
};

typedef struct part_spec {
    const char *part;
    int32_t code;
    uint32_t flags;
} part_spec;

/* Accounts whose balance must stay >= 0 forbid debits above credits: what
 * is not there cannot be committed, disbursed or returned. */
static const part_spec parts[] = {
    {"pledge_source", CODE_PLEDGE_SOURCE, LEDGER_CREDITS_MUST_NOT_EXCEED_DEBITS},
    {"sign_source", CODE_SIGN_SOURCE, LEDGER_CREDITS_MUST_NOT_EXCEED_DEBITS},
    {"contributor", CODE_CONTRIBUTOR, LEDGER_CREDITS_MUST_NOT_EXCEED_DEBITS},
    {"pledged", CODE_PLEDGED, LEDGER_DEBITS_MUST_NOT_EXCEED_CREDITS},
    {"signed", CODE_SIGNED, LEDGER_DEBITS_MUST_NOT_EXCEED_CREDITS},
    {"notes", CODE_NOTES, LEDGER_DEBITS_MUST_NOT_EXCEED_CREDITS},
    {"available", CODE_AVAILABLE, LEDGER_DEBITS_MUST_NOT_EXCEED_CREDITS},
    {"commitment", CODE_COMMITMENT, LEDGER_DEBITS_MUST_NOT_EXCEED_CREDITS},
    {"recipient", CODE_RECIPIENT, LEDGER_DEBITS_MUST_NOT_EXCEED_CREDITS},
};

/* Transfer codes of the steps. */
static int32_t step_code(const char *kind)
{
    static const char *const kinds[] = {"pledge", "cancel_pledge", "sign",
                                        "receive", "encash", "commit",
                                        "decommit", "disburse", "return"};
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (strcmp(kinds[i], kind) == 0)
            return (int32_t)i + 1;
    return 0;
}

serai_code fund_db_error(serai_err *err)
{
    return err && err->code != SERAI_OK ? err->code : SERAI_ESTORE;
}

bool fund_day_valid(const char *d)
{
    if (d == NULL || strlen(d) != 10)
        return false;
    char inst[CLOCK_ISO_LEN];
    snprintf(inst, sizeof inst, "%sT00:00:00Z", d);
    int64_t t;
    return clock_parse(inst, &t);
}

bool fund_sees_contributor(const actor *who, int64_t org_id)
{
    return who->role == ROLE_SECRETARIAT || who->role == ROLE_OBSERVER ||
           (who->role == ROLE_FUNDER && who->org_id != 0 && who->org_id == org_id);
}

serai_code fund_info_load(store *s, int64_t id, fund_info *out, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT id, code, name, kind, call_id, trustee_org_id, currency, "
           "gate_bp, created_at FROM fund WHERE id = $1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    if (r == STORE_ROW) {
        memset(out, 0, sizeof *out);
        out->id = store_col_int64(st, 0);
        snprintf(out->code, sizeof out->code, "%s", store_col_text(st, 1));
        snprintf(out->name, sizeof out->name, "%s", store_col_text(st, 2));
        snprintf(out->kind, sizeof out->kind, "%s", store_col_text(st, 3));
        out->call_id = store_col_int64(st, 4);
        out->trustee_org_id = store_col_int64(st, 5);
        snprintf(out->currency, sizeof out->currency, "%s", store_col_text(st, 6));
        out->gate_bp = store_col_int64(st, 7);
        snprintf(out->created_at, sizeof out->created_at, "%s", store_col_text(st, 8));
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return fund_db_error(err);
    if (r == STORE_DONE)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no fund %" PRId64, id);
    return SERAI_OK;
}

/* ---- values in the reporting currency ---- */

void fund_converter_init(fund_converter *c, const char *to)
{
    memset(c, 0, sizeof *c);
    snprintf(c->to, sizeof c->to, "%s", to);
}

serai_code fund_value(store *s, fund_converter *c, const char *from,
                      const char *day, int64_t amount, int64_t *out,
                      const ledger_rate **used, serai_err *err)
{
    if (used)
        *used = NULL;
    if (strcmp(from, c->to) == 0) {
        *out = amount;
        return SERAI_OK;
    }
    size_t i;
    for (i = 0; i < c->n; i++)
        if (strcmp(c->seen[i].from, from) == 0 && strcmp(c->seen[i].day, day) == 0)
            break;
    if (i == c->n) {
        ledger_rate r;
        serai_code rc = ledger_store_rate_on(s, from, c->to, day, &r, err);
        if (rc == SERAI_ENOTFOUND)
            return serai_fail(err, SERAI_EUNPROCESSABLE, "/date",
                              "no %s to %s exchange rate on or before %s: "
                              "record one (serai ledger rate)", from, c->to, day);
        if (rc != SERAI_OK)
            return rc;
        if (c->n == FUND_RATE_CACHE)
            c->n = 0; /* forget the oldest lookups wholesale */
        i = c->n++;
        snprintf(c->seen[i].from, sizeof c->seen[i].from, "%s", from);
        snprintf(c->seen[i].day, sizeof c->seen[i].day, "%s", day);
        c->seen[i].rate = r;
    }
    if (!ledger_convert(&c->seen[i].rate, amount, out))
        return serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                          "%" PRId64 " minor units of %s do not convert to %s at "
                          "rate %s", amount, from, c->to, c->seen[i].rate.rate);
    if (used)
        *used = &c->seen[i].rate;
    return SERAI_OK;
}

int64_t fund_muldiv(int64_t amount, int64_t num, int64_t den)
{
    __int128 p = (__int128)amount * num;
    __int128 q = p / den, r = p % den;
    if (r < 0) {
        r = -r;
    }
    __int128 twice = 2 * r;
    if (twice > den || (twice == den && (q % 2 != 0))) {
        q += p < 0 ? -1 : 1;
    }
    return (int64_t)q;
}

/* ---- input ---- */

static serai_code read_amount(json_t *body, const char *key, bool required,
                              int64_t *out, bool *present, serai_err *err)
{
    return json_get_int(body, key, required, 1, INT64_MAX, "", out, present, err);
}

static serai_code read_day(json_t *body, const char *key, bool required,
                           const char **out, serai_err *err)
{
    serai_code rc = json_get_string(body, key, required, 10, "", out, err);
    if (rc == SERAI_OK && *out && !fund_day_valid(*out)) {
        char field[64];
        snprintf(field, sizeof field, "/%s", key);
        return serai_fail(err, SERAI_EINVAL, field,
                          "%s must be a real date YYYY-MM-DD, not \"%s\"", key, *out);
    }
    if (rc == SERAI_EINVAL && *out == NULL && json_object_get(body, key) &&
        !json_is_null(json_object_get(body, key)))
        return rc;
    return rc;
}

static serai_code read_currency(json_t *body, const char *key, const char **out,
                                serai_err *err)
{
    serai_code rc = json_get_string(body, key, true, 3, "", out, err);
    if (rc == SERAI_OK && iso_currency_by_code(*out) == NULL) {
        /* Name the field, as every other input check does: the API's 400
         * points at it. */
        char field[64];
        snprintf(field, sizeof field, "/%s", key);
        return serai_fail(err, SERAI_EINVAL, field,
                          "%s \"%s\" is not an active ISO 4217 code", key, *out);
    }
    return rc;
}

/* The field of an error is "/key": json_get_* name it already; this sets
 * it for the checks made here. */
static serai_code fail_field(serai_err *err, serai_code code, const char *key,
                             const char *fmt, const char *arg)
{
    char field[64];
    snprintf(field, sizeof field, "/%s", key);
    return serai_fail(err, code, field, fmt, arg);
}

static serai_code org_exists(store *s, int64_t id, const char *key, serai_err *err)
{
    int64_t found = 0;
    serai_code rc = store_lookup_id(s, "SELECT id FROM organization WHERE id = $1",
                                    id, &found, err);
    if (rc == SERAI_OK && found == 0) {
        char field[64];
        snprintf(field, sizeof field, "/%s", key);
        return serai_fail(err, SERAI_EUNPROCESSABLE, field,
                          "no organisation %" PRId64, id);
    }
    return rc;
}

static serai_code need_secretariat(const actor *who, const char *what, serai_err *err)
{
    if (who->role == ROLE_SECRETARIAT)
        return SERAI_OK;
    return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                      "only the secretariat %s", what);
}

/* ---- ledger parts and steps ---- */

static const part_spec *part_find(const char *part)
{
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        if (strcmp(parts[i].part, part) == 0)
            return &parts[i];
    return NULL;
}

/* The ledger id of a part's account, created on first use.  Runs inside
 * the caller's transaction. */
static serai_code part_account(store *s, int64_t fund_id, const char *part,
                               int64_t org_id, int64_t commitment_id,
                               const char *currency, int64_t now,
                               int64_t *ledger_id, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT id FROM fund_account WHERE fund_id = $1 AND part = $2 AND "
           "org_id = $3 AND commitment_id = $4 AND currency = $5", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, fund_id);
    store_bind_text(st, 2, part);
    store_bind_int64(st, 3, org_id);
    store_bind_int64(st, 4, commitment_id);
    store_bind_text(st, 5, currency);
    int r = store_step(st, err);
    int64_t id = r == STORE_ROW ? store_col_int64(st, 0) : 0;
    store_reset(st);
    if (r == STORE_ERROR)
        return fund_db_error(err);
    if (id) {
        *ledger_id = FUND_LEDGER_BASE + id;
        return SERAI_OK;
    }
    if ((rc = store_prepare(s, "INSERT INTO fund_account (fund_id, part, org_id, "
                               "commitment_id, currency) VALUES ($1, $2, $3, $4, $5) "
                               "RETURNING id", &st, err)) != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, fund_id);
    store_bind_text(st, 2, part);
    store_bind_int64(st, 3, org_id);
    store_bind_int64(st, 4, commitment_id);
    store_bind_text(st, 5, currency);
    r = store_step(st, err);
    id = r == STORE_ROW ? store_col_int64(st, 0) : 0;
    store_reset(st);
    if (r != STORE_ROW)
        return fund_db_error(err);
    const part_spec *ps = part_find(part);
    ledger_account a = {.id = FUND_LEDGER_BASE + id, .code = ps->code,
                        .flags = ps->flags};
    snprintf(a.currency, sizeof a.currency, "%s", currency);
    ledger_result res;
    if ((rc = ledger_store_apply_accounts(s, &a, 1, now, &res, err)) != SERAI_OK)
        return rc;
    if (res != LEDGER_OK)
        return serai_fail(err, SERAI_EINTERNAL, NULL,
                          "ledger account %" PRId64 " for %s: %s", a.id, part,
                          ledger_result_name(res));
    *ledger_id = a.id;
    return SERAI_OK;
}

typedef struct step {
    int64_t fund_id;
    const char *kind;
    int64_t contribution_id, commitment_id, org_id;
    const char *currency;
    int64_t amount;
    const char *date;
    const char *note;
    /* debit and credit parts: part name, org, commitment */
    const char *from_part; int64_t from_org, from_commitment;
    const char *to_part; int64_t to_org, to_commitment;
    /* What to say when the debit account would be overdrawn. */
    const char *overdraft;
} step;

/* Write the step's row and post its transfer; *transfer_id is the
 * ledger's id for it. */
static serai_code post_step(store *s, const step *sp, int64_t *transfer_id,
                            serai_err *err)
{
    int64_t now = clock_now();
    char created[CLOCK_ISO_LEN];
    clock_format(now, created);
    int64_t debit, credit;
    serai_code rc = part_account(s, sp->fund_id, sp->from_part, sp->from_org,
                                 sp->from_commitment, sp->currency, now, &debit, err);
    if (rc == SERAI_OK)
        rc = part_account(s, sp->fund_id, sp->to_part, sp->to_org,
                          sp->to_commitment, sp->currency, now, &credit, err);
    if (rc != SERAI_OK)
        return rc;
    store_stmt *st;
    if ((rc = store_prepare(
             s, "INSERT INTO fund_txn (fund_id, kind, contribution_id, "
                "commitment_id, org_id, currency, amount, value_date, note, "
                "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
                "RETURNING id", &st, err)) != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, sp->fund_id);
    store_bind_text(st, 2, sp->kind);
    if (sp->contribution_id) store_bind_int64(st, 3, sp->contribution_id);
    else store_bind_null(st, 3);
    if (sp->commitment_id) store_bind_int64(st, 4, sp->commitment_id);
    else store_bind_null(st, 4);
    if (sp->org_id) store_bind_int64(st, 5, sp->org_id);
    else store_bind_null(st, 5);
    store_bind_text(st, 6, sp->currency);
    store_bind_int64(st, 7, sp->amount);
    store_bind_text(st, 8, sp->date);
    store_bind_text(st, 9, sp->note);
    store_bind_text(st, 10, created);
    int r = store_step(st, err);
    int64_t id = r == STORE_ROW ? store_col_int64(st, 0) : 0;
    store_reset(st);
    if (r != STORE_ROW)
        return fund_db_error(err);
    ledger_transfer t = {.id = FUND_LEDGER_BASE + id, .debit_account_id = debit,
                         .credit_account_id = credit, .amount = sp->amount,
                         .code = step_code(sp->kind)};
    snprintf(t.reference, sizeof t.reference, "fund %" PRId64 " %s %s",
             sp->fund_id, sp->kind, sp->date);
    ledger_result res;
    if ((rc = ledger_store_apply_transfers(s, &t, 1, now, &res, err)) != SERAI_OK)
        return rc;
    if (res == LEDGER_EXCEEDS_CREDITS && sp->overdraft) {
        char have[MONEY_TEXT_MAX] = "", want[MONEY_TEXT_MAX];
        ledger_account a;
        if (ledger_store_account(s, debit, &a, err) == SERAI_OK)
            money_format(a.credits_posted - a.debits_posted - a.debits_pending,
                         sp->currency, have);
        money_format(sp->amount, sp->currency, want);
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/amount",
                          "%s: %s %s asked, %s %s there", sp->overdraft,
                          sp->currency, want, sp->currency, have);
    }
    if (res != LEDGER_OK)
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/amount",
                          "the ledger refused the %s: %s", sp->kind,
                          ledger_result_name(res));
    *transfer_id = t.id;
    return SERAI_OK;
}

/* ---- rows as JSON ---- */

static serai_code contribution_json(store *s, int64_t id, json_t **out,
                                    serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT c.id, c.fund_id, c.org_id, o.name, o.country, c.currency, "
           "c.pledged, c.pledged_on, c.signed, c.signed_on, c.instrument, "
           "c.received, c.encashed, c.status, c.reference FROM fund_contribution c "
           "JOIN organization o ON o.id = c.org_id WHERE c.id = $1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    if (r == STORE_ROW) {
        int64_t signed_amt = store_col_int64(st, 8);
        int64_t received = store_col_int64(st, 11);
        const char *instrument = store_col_text(st, 10);
        *out = json_pack(
            "{s:I, s:I, s:I, s:s, s:s, s:s, s:I, s:s, s:I, s:o, s:o, s:I, s:I, "
            "s:I, s:s, s:o}",
            "id", (json_int_t)store_col_int64(st, 0), "fund_id",
            (json_int_t)store_col_int64(st, 1), "org_id",
            (json_int_t)store_col_int64(st, 2), "org_name", store_col_text(st, 3),
            "country", store_col_text(st, 4), "currency", store_col_text(st, 5),
            "pledged", (json_int_t)store_col_int64(st, 6), "pledged_on",
            store_col_text(st, 7), "signed", (json_int_t)signed_amt, "signed_on",
            store_col_null(st, 9) ? json_null() : json_string(store_col_text(st, 9)),
            "instrument", instrument ? json_string(instrument) : json_null(),
            "received", (json_int_t)received, "encashed",
            (json_int_t)store_col_int64(st, 12), "outstanding",
            (json_int_t)(signed_amt > received ? signed_amt - received : 0),
            "status", store_col_text(st, 13), "reference",
            store_col_null(st, 14) ? json_null() : json_string(store_col_text(st, 14)));
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return fund_db_error(err);
    if (r == STORE_DONE)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no contribution %" PRId64, id);
    /* The encashment schedule of a promissory note. */
    json_t *sched = json_array();
    if ((rc = store_prepare(s, "SELECT due_on, amount, encashed FROM fund_encashment "
                               "WHERE contribution_id = $1 ORDER BY due_on, id",
                            &st, err)) != SERAI_OK) {
        json_decref(sched);
        json_decref(*out);
        *out = NULL;
        return rc;
    }
    store_bind_int64(st, 1, id);
    while ((r = store_step(st, err)) == STORE_ROW)
        json_array_append_new(sched, json_pack("{s:s, s:I, s:I}", "due",
                                               store_col_text(st, 0), "amount",
                                               (json_int_t)store_col_int64(st, 1),
                                               "encashed",
                                               (json_int_t)store_col_int64(st, 2)));
    store_reset(st);
    json_object_set_new(*out, "encashment", sched);
    if (r == STORE_ERROR) {
        json_decref(*out);
        *out = NULL;
        return fund_db_error(err);
    }
    return SERAI_OK;
}

serai_code fund_commitment_json(store *s, int64_t id, json_t **out, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT m.id, m.fund_id, m.currency, m.committed, m.disbursed, "
           "m.returned, m.committed_on, m.title, m.description, m.call_id, "
           "m.proposal_id, m.recipient_org_id, o.name, o.country, m.start_on, "
           "m.end_on, m.status FROM fund_commitment m LEFT JOIN organization o "
           "ON o.id = m.recipient_org_id WHERE m.id = $1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    if (r == STORE_ROW) {
#define OPT_TEXT(col) (store_col_null(st, col) ? json_null() : json_string(store_col_text(st, col)))
#define OPT_ID(col) (store_col_null(st, col) ? json_null() : json_integer(store_col_int64(st, col)))
        int64_t committed = store_col_int64(st, 3), disbursed = store_col_int64(st, 4);
        *out = json_pack(
            "{s:I, s:I, s:s, s:I, s:I, s:I, s:I, s:s, s:s, s:o, s:o, s:o, s:o, "
            "s:o, s:o, s:o, s:o, s:s}",
            "id", (json_int_t)store_col_int64(st, 0), "fund_id",
            (json_int_t)store_col_int64(st, 1), "currency", store_col_text(st, 2),
            "committed", (json_int_t)committed, "disbursed", (json_int_t)disbursed,
            "returned", (json_int_t)store_col_int64(st, 5), "outstanding",
            (json_int_t)(committed - disbursed), "committed_on",
            store_col_text(st, 6), "title", store_col_text(st, 7), "description",
            OPT_TEXT(8), "call_id", OPT_ID(9), "proposal_id", OPT_ID(10),
            "recipient_org_id", OPT_ID(11), "recipient_name", OPT_TEXT(12),
            "recipient_country", OPT_TEXT(13), "start", OPT_TEXT(14), "end",
            OPT_TEXT(15), "status", store_col_text(st, 16));
#undef OPT_TEXT
#undef OPT_ID
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return fund_db_error(err);
    if (r == STORE_DONE)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no commitment %" PRId64, id);
    return SERAI_OK;
}

serai_code fund_contribution_get(store *s, const actor *who, int64_t id,
                                 json_t **out, serai_err *err)
{
    *out = NULL;
    serai_code rc = contribution_json(s, id, out, err);
    if (rc == SERAI_OK &&
        !fund_sees_contributor(who, json_integer_value(json_object_get(*out, "org_id")))) {
        json_decref(*out);
        *out = NULL;
        /* Unseen is absent. */
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no contribution %" PRId64, id);
    }
    return rc;
}

serai_code fund_commitment_get(store *s, const actor *who, int64_t id,
                               json_t **out, serai_err *err)
{
    (void)who; /* commitments are published */
    *out = NULL;
    return fund_commitment_json(s, id, out, err);
}

/* Finish a step: the answer, the audit record, and the commit when the
 * step owns its transaction. */
static serai_code finish(store *s, bool own, const actor *who, const char *action,
                         const char *object_kind, int64_t object_id,
                         int64_t transfer_id, json_t **out, serai_err *err)
{
    serai_code rc = strcmp(object_kind, "fund_contribution") == 0
                        ? contribution_json(s, object_id, out, err)
                        : fund_commitment_json(s, object_id, out, err);
    if (rc != SERAI_OK)
        return rc;
    if (transfer_id)
        json_object_set_new(*out, "transfer_id", json_integer(transfer_id));
    char object[64];
    snprintf(object, sizeof object, "%s/%" PRId64, object_kind, object_id);
    if ((rc = audit_append(s, who, action, object, *out, err)) == SERAI_OK && own)
        rc = store_commit(s, err);
    if (rc != SERAI_OK) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

/* ---- funds ---- */

static json_t *fund_row_json(const fund_info *f)
{
    char pct[48];
    snprintf(pct, sizeof pct, "%" PRId64 ".%02" PRId64, f->gate_bp / 100,
             f->gate_bp % 100);
    return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:s}", "id",
                     (json_int_t)f->id, "code", f->code, "name", f->name, "kind",
                     f->kind, "call_id",
                     f->call_id ? json_integer(f->call_id) : json_null(),
                     "trustee_org_id",
                     f->trustee_org_id ? json_integer(f->trustee_org_id) : json_null(),
                     "currency", f->currency, "gate_percent", pct, "created_at",
                     f->created_at);
}

serai_code fund_create(store *s, const actor *who, json_t *body, json_t **out,
                       serai_err *err)
{
    static const char *const keys[] = {"code", "name", "names", "kind", "call_id",
                                       "trustee_org_id", "currency",
                                       "gate_percent", NULL};
    *out = NULL;
    serai_code rc = need_secretariat(who, "creates funds", err);
    if (rc == SERAI_OK)
        rc = json_only_keys(body, keys, "", err);
    const char *code = NULL, *name = NULL, *kind = NULL, *currency = NULL,
               *gate = NULL;
    int64_t call_id = 0, trustee = 0;
    bool has_call = false, has_trustee = false;
    json_t *names = NULL;
    if (rc == SERAI_OK)
        rc = json_get_string(body, "code", true, FUND_CODE_MAX, "", &code, err);
    if (rc == SERAI_OK) {
        for (const char *p = code; *p && rc == SERAI_OK; p++)
            if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-'))
                rc = fail_field(err, SERAI_EINVAL, "code",
                                "code \"%s\" may hold only A-Z, 0-9 and '-' (it "
                                "goes into open-data identifiers)", code);
    }
    if (rc == SERAI_OK)
        rc = json_get_string(body, "name", true, FUND_NAME_MAX, "", &name, err);
    if (rc == SERAI_OK)
        rc = json_get_lang_map(body, "names", FUND_NAME_MAX, false, "", &names, err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "kind", true, 16, "", &kind, err);
    if (rc == SERAI_OK && strcmp(kind, "guidance_fund") != 0 &&
        strcmp(kind, "call_pot") != 0)
        rc = fail_field(err, SERAI_EINVAL, "kind",
                        "kind must be guidance_fund or call_pot, not \"%s\"", kind);
    if (rc == SERAI_OK)
        rc = read_currency(body, "currency", &currency, err);
    if (rc == SERAI_OK)
        rc = json_get_int(body, "call_id", false, 1, INT64_MAX, "", &call_id,
                          &has_call, err);
    if (rc == SERAI_OK)
        rc = json_get_int(body, "trustee_org_id", false, 1, INT64_MAX, "",
                          &trustee, &has_trustee, err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "gate_percent", false, 8, "", &gate, err);
    int64_t gate_bp = 5000;
    if (rc == SERAI_OK && gate && !percent_parse_bp(gate, &gate_bp))
        rc = fail_field(err, SERAI_EINVAL, "gate_percent",
                        "gate_percent must be a decimal from 0 to 100 with at "
                        "most two fraction digits, not \"%s\"", gate);
    if (rc == SERAI_OK && strcmp(kind, "call_pot") == 0 && !has_call)
        rc = fail_field(err, SERAI_EUNPROCESSABLE, "call_id",
                        "a call_pot fund names its call (%s)", "call_id");
    if (rc == SERAI_OK && strcmp(kind, "guidance_fund") == 0 && has_call)
        rc = fail_field(err, SERAI_EUNPROCESSABLE, "call_id",
                        "a %s is not tied to one call", "guidance_fund");
    if (rc != SERAI_OK) {
        json_decref(names);
        return rc;
    }
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    char *names_text = json_to_text(names);
    json_decref(names);
    int64_t id = 0;
    if ((rc = store_begin(s, err)) != SERAI_OK) {
        free(names_text);
        return rc;
    }
    if (has_trustee)
        rc = org_exists(s, trustee, "trustee_org_id", err);
    if (rc == SERAI_OK && has_call) {
        int64_t found = 0;
        rc = store_lookup_id(s, "SELECT id FROM call WHERE id = $1", call_id,
                             &found, err);
        if (rc == SERAI_OK && !found)
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/call_id",
                            "no call %" PRId64, call_id);
    }
    store_stmt *st;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "INSERT INTO fund (code, name, names, kind, call_id, "
                               "trustee_org_id, currency, gate_bp, created_at) "
                               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
                               "RETURNING id", &st, err)) == SERAI_OK) {
        store_bind_text(st, 1, code);
        store_bind_text(st, 2, name);
        store_bind_text(st, 3, names_text);
        store_bind_text(st, 4, kind);
        if (has_call) store_bind_int64(st, 5, call_id);
        else store_bind_null(st, 5);
        if (has_trustee) store_bind_int64(st, 6, trustee);
        else store_bind_null(st, 6);
        store_bind_text(st, 7, currency);
        store_bind_int64(st, 8, gate_bp);
        store_bind_text(st, 9, now);
        int r = store_step(st, err);
        id = r == STORE_ROW ? store_col_int64(st, 0) : 0;
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code == SERAI_ECONFLICT
                     ? fail_field(err, SERAI_ECONFLICT, "code",
                                  "a fund with code %s exists already", code)
                     : fund_db_error(err);
    }
    free(names_text);
    fund_info f;
    if (rc == SERAI_OK)
        rc = fund_info_load(s, id, &f, err);
    if (rc == SERAI_OK) {
        *out = fund_row_json(&f);
        char object[48];
        snprintf(object, sizeof object, "fund/%" PRId64, id);
        rc = audit_append(s, who, "fund.create", object, *out, err);
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

/* The fund's row and position, plus the contributions and commitments the
 * actor may see. */
serai_code fund_get(store *s, const actor *who, int64_t id, json_t **out,
                    serai_err *err)
{
    *out = NULL;
    fund_info f;
    serai_code rc = fund_info_load(s, id, &f, err);
    if (rc != SERAI_OK)
        return rc;
    json_t *j = fund_row_json(&f), *pos = NULL;
    if ((rc = fund_position(s, who, id, NULL, &pos, err)) != SERAI_OK) {
        json_decref(j);
        return rc;
    }
    json_object_set_new(j, "position", pos);
    json_t *contribs = json_array(), *commits = json_array();
    store_stmt *st;
    int r = STORE_DONE;
    if ((rc = store_prepare(s, "SELECT id, org_id FROM fund_contribution WHERE "
                               "fund_id = $1 ORDER BY id", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        int64_t *ids = NULL;
        size_t n = 0, cap = 0;
        while ((r = store_step(st, err)) == STORE_ROW)
            if (fund_sees_contributor(who, store_col_int64(st, 1))) {
                if (n == cap) {
                    cap = cap ? 2 * cap : 32;
                    int64_t *grown = realloc(ids, cap * sizeof *ids);
                    if (!grown)
                        abort();
                    ids = grown;
                }
                ids[n++] = store_col_int64(st, 0);
            }
        store_reset(st);
        if (r == STORE_ERROR)
            rc = fund_db_error(err);
        for (size_t i = 0; i < n && rc == SERAI_OK; i++) {
            json_t *c;
            if ((rc = contribution_json(s, ids[i], &c, err)) == SERAI_OK)
                json_array_append_new(contribs, c);
        }
        free(ids);
    }
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "SELECT id FROM fund_commitment WHERE fund_id = $1 "
                               "ORDER BY id", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        json_t *ids = json_array();
        while ((r = store_step(st, err)) == STORE_ROW)
            json_array_append_new(ids, json_integer(store_col_int64(st, 0)));
        store_reset(st);
        if (r == STORE_ERROR)
            rc = fund_db_error(err);
        size_t i;
        json_t *v;
        json_array_foreach(ids, i, v) {
            json_t *m;
            if (rc == SERAI_OK &&
                (rc = fund_commitment_json(s, json_integer_value(v), &m, err)) == SERAI_OK)
                json_array_append_new(commits, m);
        }
        json_decref(ids);
    }
    if (who->role == ROLE_PUBLIC) {
        json_decref(contribs);
        contribs = NULL;
    }
    if (contribs)
        json_object_set_new(j, "contributions", contribs);
    json_object_set_new(j, "commitments", commits);
    if (rc != SERAI_OK) {
        json_decref(j);
        return rc;
    }
    *out = j;
    return SERAI_OK;
}

serai_code fund_list(store *s, const actor *who, json_t **out, serai_err *err)
{
    *out = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT id FROM fund ORDER BY id", &st, err);
    if (rc != SERAI_OK)
        return rc;
    json_t *ids = json_array();
    int r;
    while ((r = store_step(st, err)) == STORE_ROW)
        json_array_append_new(ids, json_integer(store_col_int64(st, 0)));
    store_reset(st);
    if (r == STORE_ERROR) {
        json_decref(ids);
        return fund_db_error(err);
    }
    json_t *items = json_array();
    size_t i;
    json_t *v;
    json_array_foreach(ids, i, v) {
        fund_info f;
        json_t *pos;
        if (rc == SERAI_OK &&
            (rc = fund_info_load(s, json_integer_value(v), &f, err)) == SERAI_OK &&
            (rc = fund_position(s, who, f.id, NULL, &pos, err)) == SERAI_OK) {
            json_t *j = fund_row_json(&f);
            json_object_set_new(j, "position", pos);
            json_array_append_new(items, j);
        }
    }
    json_decref(ids);
    if (rc != SERAI_OK) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:o}", "items", items);
    return SERAI_OK;
}

/* ---- contributions ---- */

typedef struct contribution {
    int64_t id, fund_id, org_id;
    char currency[4];
    int64_t pledged, signed_amount, received, encashed;
    char instrument[20];
    char status[12];
} contribution;

static serai_code contribution_load(store *s, int64_t id, contribution *c,
                                    serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT fund_id, org_id, currency, pledged, signed, received, encashed, "
           "instrument, status FROM fund_contribution WHERE id = $1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    if (r == STORE_ROW) {
        memset(c, 0, sizeof *c);
        c->id = id;
        c->fund_id = store_col_int64(st, 0);
        c->org_id = store_col_int64(st, 1);
        snprintf(c->currency, sizeof c->currency, "%s", store_col_text(st, 2));
        c->pledged = store_col_int64(st, 3);
        c->signed_amount = store_col_int64(st, 4);
        c->received = store_col_int64(st, 5);
        c->encashed = store_col_int64(st, 6);
        const char *ins = store_col_text(st, 7);
        snprintf(c->instrument, sizeof c->instrument, "%s", ins ? ins : "");
        snprintf(c->status, sizeof c->status, "%s", store_col_text(st, 8));
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return fund_db_error(err);
    if (r == STORE_DONE)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no contribution %" PRId64, id);
    return SERAI_OK;
}

/* Run an update whose parameters are an integer $1 and the row id $2. */
static serai_code exec_i64(store *s, const char *sql, int64_t a, int64_t id,
                           serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, a);
    store_bind_int64(st, 2, id);
    return store_run(st, NULL, err);
}

serai_code fund_pledge(store *s, const actor *who, int64_t fund_id, json_t *body,
                       json_t **out, serai_err *err)
{
    static const char *const keys[] = {"org_id", "currency", "amount", "date",
                                       "reference", NULL};
    *out = NULL;
    serai_code rc = need_secretariat(who, "records pledges", err);
    if (rc == SERAI_OK)
        rc = json_only_keys(body, keys, "", err);
    int64_t org = 0, amount = 0;
    const char *currency = NULL, *date = NULL, *reference = NULL;
    if (rc == SERAI_OK)
        rc = json_get_int(body, "org_id", true, 1, INT64_MAX, "", &org, NULL, err);
    if (rc == SERAI_OK)
        rc = read_currency(body, "currency", &currency, err);
    if (rc == SERAI_OK)
        rc = read_amount(body, "amount", true, &amount, NULL, err);
    if (rc == SERAI_OK)
        rc = read_day(body, "date", true, &date, err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "reference", false, 200, "", &reference, err);
    if (rc != SERAI_OK)
        return rc;
    bool own = !store_in_transaction(s);
    if (own && (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    fund_info f;
    int64_t id = 0, transfer = 0;
    if ((rc = fund_info_load(s, fund_id, &f, err)) == SERAI_OK)
        rc = org_exists(s, org, "org_id", err);
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    store_stmt *st;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "INSERT INTO fund_contribution (fund_id, org_id, "
                               "currency, pledged, pledged_on, status, reference, "
                               "created_at) VALUES ($1, $2, $3, $4, $5, 'pledged', "
                               "$6, $7) RETURNING id", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, fund_id);
        store_bind_int64(st, 2, org);
        store_bind_text(st, 3, currency);
        store_bind_int64(st, 4, amount);
        store_bind_text(st, 5, date);
        store_bind_text(st, 6, reference);
        store_bind_text(st, 7, now);
        int r = store_step(st, err);
        id = r == STORE_ROW ? store_col_int64(st, 0) : 0;
        store_reset(st);
        if (r != STORE_ROW)
            rc = fund_db_error(err);
    }
    if (rc == SERAI_OK) {
        step sp = {.fund_id = fund_id, .kind = "pledge", .contribution_id = id,
                   .org_id = org, .currency = currency, .amount = amount,
                   .date = date, .note = reference, .from_part = "pledge_source",
                   .from_org = org, .to_part = "pledged"};
        rc = post_step(s, &sp, &transfer, err);
    }
    if (rc == SERAI_OK)
        rc = finish(s, own, who, "fund.pledge", "fund_contribution", id, transfer, out, err);
    if (rc != SERAI_OK && own)
        store_rollback(s);
    return rc;
}

serai_code fund_sign(store *s, const actor *who, int64_t contribution_id,
                     json_t *body, json_t **out, serai_err *err)
{
    static const char *const keys[] = {"amount", "date", "instrument",
                                       "encashment", "reference", NULL};
    *out = NULL;
    serai_code rc = need_secretariat(who, "records signed agreements", err);
    if (rc == SERAI_OK)
        rc = json_only_keys(body, keys, "", err);
    int64_t amount = 0;
    const char *date = NULL, *instrument = NULL, *reference = NULL;
    if (rc == SERAI_OK)
        rc = read_amount(body, "amount", true, &amount, NULL, err);
    if (rc == SERAI_OK)
        rc = read_day(body, "date", true, &date, err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "instrument", true, 20, "", &instrument, err);
    if (rc == SERAI_OK && strcmp(instrument, "cash") != 0 &&
        strcmp(instrument, "promissory_note") != 0)
        rc = fail_field(err, SERAI_EINVAL, "instrument",
                        "instrument must be cash or promissory_note, not \"%s\"",
                        instrument);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "reference", false, 200, "", &reference, err);
    json_t *sched = json_object_get(body, "encashment");
    int64_t sched_total = 0;
    if (rc == SERAI_OK && sched && !json_is_null(sched)) {
        if (strcmp(instrument, "promissory_note") != 0)
            rc = fail_field(err, SERAI_EUNPROCESSABLE, "encashment",
                            "an encashment schedule belongs to a %s",
                            "promissory_note");
        else if (!json_is_array(sched) || json_array_size(sched) == 0 ||
                 json_array_size(sched) > FUND_MAX_ENCASHMENTS)
            rc = fail_field(err, SERAI_EINVAL, "encashment",
                            "encashment must be a list of 1 to %s instalments", "120");
        size_t i;
        json_t *e;
        json_array_foreach(sched, i, e) {
            if (rc != SERAI_OK)
                break;
            char prefix[48];
            snprintf(prefix, sizeof prefix, "/encashment/%zu", i);
            static const char *const ekeys[] = {"due", "amount", NULL};
            const char *due;
            int64_t a;
            if (!json_is_object(e))
                rc = serai_fail(err, SERAI_EINVAL, prefix, "an instalment is an "
                                "object {\"due\", \"amount\"}");
            if (rc == SERAI_OK)
                rc = json_only_keys(e, ekeys, prefix, err);
            if (rc == SERAI_OK)
                rc = json_get_string(e, "due", true, 10, prefix, &due, err);
            if (rc == SERAI_OK && !fund_day_valid(due))
                rc = serai_fail(err, SERAI_EINVAL, prefix,
                                "due must be a real date YYYY-MM-DD");
            if (rc == SERAI_OK)
                rc = json_get_int(e, "amount", true, 1, INT64_MAX, prefix, &a,
                                  NULL, err);
            if (rc == SERAI_OK && __builtin_add_overflow(sched_total, a, &sched_total))
                rc = serai_fail(err, SERAI_EINVAL, prefix, "the schedule overflows");
        }
        if (rc == SERAI_OK && sched_total != amount)
            rc = fail_field(err, SERAI_EUNPROCESSABLE, "encashment",
                            "the instalments must add up to the signed amount%s", "");
    }
    if (rc != SERAI_OK)
        return rc;
    bool own = !store_in_transaction(s);
    if (own && (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    contribution c;
    int64_t transfer = 0;
    if ((rc = contribution_load(s, contribution_id, &c, err)) == SERAI_OK &&
        strcmp(c.status, "pledged") != 0)
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "contribution %" PRId64 " is %s: only a pledge is signed",
                        contribution_id, c.status);
    store_stmt *st;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "UPDATE fund_contribution SET signed = $1, "
                               "instrument = $2, signed_on = $3, status = 'signed', "
                               "reference = COALESCE($4, reference) WHERE id = $5",
                            &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, amount);
        store_bind_text(st, 2, instrument);
        store_bind_text(st, 3, date);
        store_bind_text(st, 4, reference);
        store_bind_int64(st, 5, contribution_id);
        rc = store_run(st, NULL, err);
    }
    size_t i;
    json_t *e;
    if (rc == SERAI_OK && sched && json_is_array(sched))
        json_array_foreach(sched, i, e) {
            if (rc != SERAI_OK)
                break;
            if ((rc = store_prepare(s, "INSERT INTO fund_encashment (contribution_id, "
                                       "due_on, amount) VALUES ($1, $2, $3)",
                                    &st, err)) != SERAI_OK)
                break;
            store_bind_int64(st, 1, contribution_id);
            store_bind_text(st, 2, json_string_value(json_object_get(e, "due")));
            store_bind_int64(st, 3, json_integer_value(json_object_get(e, "amount")));
            rc = store_run(st, NULL, err);
        }
    if (rc == SERAI_OK) {
        step sp = {.fund_id = c.fund_id, .kind = "sign",
                   .contribution_id = contribution_id, .org_id = c.org_id,
                   .currency = c.currency, .amount = amount, .date = date,
                   .note = reference, .from_part = "sign_source",
                   .from_org = c.org_id, .to_part = "signed"};
        rc = post_step(s, &sp, &transfer, err);
    }
    if (rc == SERAI_OK)
        rc = finish(s, own, who, "fund.sign", "fund_contribution", contribution_id,
                    transfer, out, err);
    if (rc != SERAI_OK && own)
        store_rollback(s);
    return rc;
}

/* receive (cash or the deposit of a note) and encash share their checks. */
static serai_code money_in(store *s, const actor *who, int64_t contribution_id,
                           json_t *body, bool encash, json_t **out, serai_err *err)
{
    static const char *const keys[] = {"amount", "date", "note", NULL};
    *out = NULL;
    serai_code rc = need_secretariat(who, "records payments", err);
    if (rc == SERAI_OK)
        rc = json_only_keys(body, keys, "", err);
    int64_t amount = 0;
    const char *date = NULL, *note = NULL;
    if (rc == SERAI_OK)
        rc = read_amount(body, "amount", true, &amount, NULL, err);
    if (rc == SERAI_OK)
        rc = read_day(body, "date", true, &date, err);
    if (rc == SERAI_OK)
        rc = json_get_text(body, "note", false, FUND_NOTE_MAX, "", &note, err);
    if (rc != SERAI_OK)
        return rc;
    bool own = !store_in_transaction(s);
    if (own && (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    contribution c;
    int64_t transfer = 0;
    char have[MONEY_TEXT_MAX], want[MONEY_TEXT_MAX];
    money_format(amount, "XXX", want);
    if ((rc = contribution_load(s, contribution_id, &c, err)) == SERAI_OK) {
        money_format(amount, c.currency, want);
        bool note_instr = strcmp(c.instrument, "promissory_note") == 0;
        if (strcmp(c.status, "signed") != 0 && strcmp(c.status, "paid") != 0)
            rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                            "contribution %" PRId64 " is %s: payments follow a "
                            "signed agreement", contribution_id, c.status);
        else if (encash && !note_instr)
            rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                            "contribution %" PRId64 " is paid in cash: only a "
                            "promissory note is encashed", contribution_id);
        else if (!encash && amount > c.signed_amount - c.received) {
            money_format(c.signed_amount - c.received, c.currency, have);
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/amount",
                            "%s %s is more than the %s %s still due under the "
                            "signed agreement", c.currency, want, c.currency, have);
        } else if (encash && amount > c.received - c.encashed) {
            money_format(c.received - c.encashed, c.currency, have);
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/amount",
                            "%s %s is more than the %s %s of notes held and "
                            "not encashed", c.currency, want, c.currency, have);
        }
        if (rc == SERAI_OK && !encash) {
            bool paid = c.received + amount == c.signed_amount;
            rc = exec_i64(s, paid ? "UPDATE fund_contribution SET received = "
                                    "received + $1, status = 'paid' WHERE id = $2"
                                  : "UPDATE fund_contribution SET received = "
                                    "received + $1 WHERE id = $2",
                          amount, contribution_id, err);
        }
        if (rc == SERAI_OK && encash) {
            rc = exec_i64(s, "UPDATE fund_contribution SET encashed = encashed + "
                             "$1 WHERE id = $2", amount, contribution_id, err);
            /* Meet the instalments in order of due date. */
            int64_t left = amount;
            store_stmt *st;
            int64_t ids[FUND_MAX_ENCASHMENTS], open_amt[FUND_MAX_ENCASHMENTS];
            size_t n = 0;
            if (rc == SERAI_OK &&
                (rc = store_prepare(s, "SELECT id, amount - encashed FROM "
                                       "fund_encashment WHERE contribution_id = $1 "
                                       "AND encashed < amount ORDER BY due_on, id",
                                    &st, err)) == SERAI_OK) {
                store_bind_int64(st, 1, contribution_id);
                int r;
                while ((r = store_step(st, err)) == STORE_ROW && n < FUND_MAX_ENCASHMENTS) {
                    ids[n] = store_col_int64(st, 0);
                    open_amt[n++] = store_col_int64(st, 1);
                }
                store_reset(st);
                if (r == STORE_ERROR)
                    rc = fund_db_error(err);
            }
            for (size_t i = 0; i < n && left > 0 && rc == SERAI_OK; i++) {
                int64_t take = left < open_amt[i] ? left : open_amt[i];
                rc = exec_i64(s, "UPDATE fund_encashment SET encashed = encashed "
                                 "+ $1 WHERE id = $2", take, ids[i], err);
                left -= take;
            }
        }
    }
    if (rc == SERAI_OK) {
        bool note_instr = strcmp(c.instrument, "promissory_note") == 0;
        step sp = {.fund_id = c.fund_id, .kind = encash ? "encash" : "receive",
                   .contribution_id = contribution_id, .org_id = c.org_id,
                   .currency = c.currency, .amount = amount, .date = date,
                   .note = note,
                   .from_part = encash ? "notes" : "contributor",
                   .from_org = encash ? 0 : c.org_id,
                   .to_part = (!encash && note_instr) ? "notes" : "available",
                   .overdraft = encash ? "the notes held do not cover it" : NULL};
        rc = post_step(s, &sp, &transfer, err);
    }
    if (rc == SERAI_OK)
        rc = finish(s, own, who, encash ? "fund.encash" : "fund.receive",
                    "fund_contribution", contribution_id, transfer, out, err);
    if (rc != SERAI_OK && own)
        store_rollback(s);
    return rc;
}

serai_code fund_receive(store *s, const actor *who, int64_t contribution_id,
                        json_t *body, json_t **out, serai_err *err)
{
    return money_in(s, who, contribution_id, body, false, out, err);
}

serai_code fund_encash(store *s, const actor *who, int64_t contribution_id,
                       json_t *body, json_t **out, serai_err *err)
{
    return money_in(s, who, contribution_id, body, true, out, err);
}

serai_code fund_cancel_pledge(store *s, const actor *who, int64_t contribution_id,
                              json_t *body, json_t **out, serai_err *err)
{
    static const char *const keys[] = {"date", "note", NULL};
    *out = NULL;
    serai_code rc = need_secretariat(who, "cancels pledges", err);
    if (rc == SERAI_OK)
        rc = json_only_keys(body, keys, "", err);
    const char *date = NULL, *note = NULL;
    if (rc == SERAI_OK)
        rc = read_day(body, "date", true, &date, err);
    if (rc == SERAI_OK)
        rc = json_get_text(body, "note", false, FUND_NOTE_MAX, "", &note, err);
    if (rc != SERAI_OK)
        return rc;
    bool own = !store_in_transaction(s);
    if (own && (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    contribution c;
    int64_t transfer = 0;
    if ((rc = contribution_load(s, contribution_id, &c, err)) == SERAI_OK &&
        strcmp(c.status, "pledged") != 0)
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "contribution %" PRId64 " is %s: only a pledge not yet "
                        "signed is cancelled", contribution_id, c.status);
    if (rc == SERAI_OK)
        rc = store_lookup_id(s, "UPDATE fund_contribution SET status = 'cancelled' "
                                "WHERE id = $1 RETURNING id", contribution_id,
                             &(int64_t){0}, err);
    if (rc == SERAI_OK) {
        step sp = {.fund_id = c.fund_id, .kind = "cancel_pledge",
                   .contribution_id = contribution_id, .org_id = c.org_id,
                   .currency = c.currency, .amount = c.pledged, .date = date,
                   .note = note, .from_part = "pledged", .to_part = "pledge_source",
                   .to_org = c.org_id};
        rc = post_step(s, &sp, &transfer, err);
    }
    if (rc == SERAI_OK)
        rc = finish(s, own, who, "fund.cancel_pledge", "fund_contribution",
                    contribution_id, transfer, out, err);
    if (rc != SERAI_OK && own)
        store_rollback(s);
    return rc;
}

/* ---- commitments ---- */

/* The commitment-authority gate: signed agreements must cover gate% of
 * pledges, both in the reporting currency at the rates of `day`. */
static serai_code check_gate(store *s, const fund_info *f, const char *day,
                             serai_err *err)
{
    if (f->gate_bp == 0)
        return SERAI_OK; /* no authority to reach: nothing to value */
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT currency, SUM(pledged), SUM(signed) FROM fund_contribution "
           "WHERE fund_id = $1 AND status <> 'cancelled' GROUP BY currency "
           "ORDER BY currency", &st, err);
    if (rc != SERAI_OK)
        return rc;
    struct { char cur[4]; int64_t pledged, signed_amount; } rows[64];
    size_t n = 0;
    store_bind_int64(st, 1, f->id);
    int r;
    while ((r = store_step(st, err)) == STORE_ROW && n < 64) {
        snprintf(rows[n].cur, sizeof rows[n].cur, "%s", store_col_text(st, 0));
        rows[n].pledged = store_col_int64(st, 1);
        rows[n].signed_amount = store_col_int64(st, 2);
        n++;
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return fund_db_error(err);
    fund_converter conv;
    fund_converter_init(&conv, f->currency);
    int64_t pledged = 0, signed_total = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t p, sg;
        if ((rc = fund_value(s, &conv, rows[i].cur, day, rows[i].pledged, &p,
                             NULL, err)) != SERAI_OK ||
            (rc = fund_value(s, &conv, rows[i].cur, day, rows[i].signed_amount,
                             &sg, NULL, err)) != SERAI_OK)
            return rc;
        pledged += p;
        signed_total += sg;
    }
    /* signed / pledged >= gate_bp / 10000, in integers. */
    if ((__int128)signed_total * 10000 >= (__int128)f->gate_bp * pledged &&
        (pledged > 0 || f->gate_bp == 0))
        return SERAI_OK;
    char ps[MONEY_TEXT_MAX], ss[MONEY_TEXT_MAX];
    money_format(pledged, f->currency, ps);
    money_format(signed_total, f->currency, ss);
    int64_t cover = pledged ? fund_muldiv(signed_total, 10000, pledged) : 0;
    return serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                      "commitment authority not reached: signed agreements "
                      "(%s %s) cover %" PRId64 ".%02" PRId64 "%% of pledges "
                      "(%s %s) on %s; fund %s needs %" PRId64 ".%02" PRId64 "%%",
                      f->currency, ss, cover / 100, cover % 100, f->currency, ps,
                      day, f->code, f->gate_bp / 100, f->gate_bp % 100);
}

serai_code fund_commit(store *s, const actor *who, int64_t fund_id, json_t *body,
                       json_t **out, serai_err *err)
{
    static const char *const keys[] = {"currency", "amount", "date", "title",
                                       "description", "call_id", "proposal_id",
                                       "recipient_org_id", "start", "end", NULL};
    *out = NULL;
    serai_code rc = need_secretariat(who, "commits fund money", err);
    if (rc == SERAI_OK)
        rc = json_only_keys(body, keys, "", err);
    int64_t amount = 0, call_id = 0, proposal_id = 0, recipient = 0;
    bool has_call = false, has_prop = false, has_rec = false;
    const char *currency = NULL, *date = NULL, *title = NULL, *descr = NULL,
               *start = NULL, *end = NULL;
    if (rc == SERAI_OK)
        rc = read_currency(body, "currency", &currency, err);
    if (rc == SERAI_OK)
        rc = read_amount(body, "amount", true, &amount, NULL, err);
    if (rc == SERAI_OK)
        rc = read_day(body, "date", true, &date, err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "title", true, FUND_NAME_MAX, "", &title, err);
    if (rc == SERAI_OK)
        rc = json_get_text(body, "description", false, FUND_NOTE_MAX, "", &descr, err);
    if (rc == SERAI_OK)
        rc = json_get_int(body, "call_id", false, 1, INT64_MAX, "", &call_id,
                          &has_call, err);
    if (rc == SERAI_OK)
        rc = json_get_int(body, "proposal_id", false, 1, INT64_MAX, "",
                          &proposal_id, &has_prop, err);
    if (rc == SERAI_OK)
        rc = json_get_int(body, "recipient_org_id", false, 1, INT64_MAX, "",
                          &recipient, &has_rec, err);
    if (rc == SERAI_OK)
        rc = read_day(body, "start", false, &start, err);
    if (rc == SERAI_OK)
        rc = read_day(body, "end", false, &end, err);
    if (rc == SERAI_OK && start && end && strcmp(end, start) < 0)
        rc = fail_field(err, SERAI_EUNPROCESSABLE, "end",
                        "end comes before start (%s)", start);
    if (rc == SERAI_OK && !has_rec && !has_call)
        rc = fail_field(err, SERAI_EUNPROCESSABLE, "recipient_org_id",
                        "a commitment goes to a recipient (a grant) or to a "
                        "call's envelope (%s)", "call_id");
    if (rc == SERAI_OK && has_prop && !has_rec)
        rc = fail_field(err, SERAI_EUNPROCESSABLE, "recipient_org_id",
                        "a grant for a proposal names its recipient%s", "");
    if (rc != SERAI_OK)
        return rc;
    bool own = !store_in_transaction(s);
    if (own && (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    fund_info f;
    int64_t id = 0, transfer = 0;
    if ((rc = fund_info_load(s, fund_id, &f, err)) == SERAI_OK && has_rec)
        rc = org_exists(s, recipient, "recipient_org_id", err);
    if (rc == SERAI_OK && has_call) {
        int64_t found = 0;
        rc = store_lookup_id(s, "SELECT id FROM call WHERE id = $1", call_id,
                             &found, err);
        if (rc == SERAI_OK && !found)
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/call_id",
                            "no call %" PRId64, call_id);
    }
    if (rc == SERAI_OK && has_prop) {
        int64_t pcall = 0;
        rc = store_lookup_id(s, "SELECT call_id FROM proposal WHERE id = $1",
                             proposal_id, &pcall, err);
        if (rc == SERAI_OK && !pcall)
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/proposal_id",
                            "no proposal %" PRId64, proposal_id);
        else if (rc == SERAI_OK && has_call && pcall != call_id)
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/proposal_id",
                            "proposal %" PRId64 " belongs to call %" PRId64
                            ", not %" PRId64, proposal_id, pcall, call_id);
        else if (rc == SERAI_OK && !has_call) {
            call_id = pcall;
            has_call = true;
        }
    }
    if (rc == SERAI_OK)
        rc = check_gate(s, &f, date, err);
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    store_stmt *st;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "INSERT INTO fund_commitment (fund_id, currency, "
                               "committed, committed_on, title, description, "
                               "call_id, proposal_id, recipient_org_id, start_on, "
                               "end_on, status, created_at) VALUES ($1, $2, $3, $4, "
                               "$5, $6, $7, $8, $9, $10, $11, 'committed', $12) "
                               "RETURNING id", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, fund_id);
        store_bind_text(st, 2, currency);
        store_bind_int64(st, 3, amount);
        store_bind_text(st, 4, date);
        store_bind_text(st, 5, title);
        store_bind_text(st, 6, descr);
        if (has_call) store_bind_int64(st, 7, call_id);
        else store_bind_null(st, 7);
        if (has_prop) store_bind_int64(st, 8, proposal_id);
        else store_bind_null(st, 8);
        if (has_rec) store_bind_int64(st, 9, recipient);
        else store_bind_null(st, 9);
        store_bind_text(st, 10, start);
        store_bind_text(st, 11, end);
        store_bind_text(st, 12, now);
        int r = store_step(st, err);
        id = r == STORE_ROW ? store_col_int64(st, 0) : 0;
        store_reset(st);
        if (r != STORE_ROW)
            rc = fund_db_error(err);
    }
    if (rc == SERAI_OK) {
        step sp = {.fund_id = fund_id, .kind = "commit", .commitment_id = id,
                   .org_id = recipient, .currency = currency, .amount = amount,
                   .date = date, .note = title, .from_part = "available",
                   .to_part = "commitment", .to_commitment = id,
                   .overdraft = "not enough money available to commit"};
        rc = post_step(s, &sp, &transfer, err);
    }
    if (rc == SERAI_OK)
        rc = finish(s, own, who, "fund.commit", "fund_commitment", id, transfer, out, err);
    if (rc != SERAI_OK && own)
        store_rollback(s);
    return rc;
}

typedef struct commitment {
    int64_t id, fund_id;
    char currency[4];
    int64_t committed, disbursed, returned, recipient;
    char status[12];
} commitment;

static serai_code commitment_load(store *s, int64_t id, commitment *m,
                                  serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT fund_id, currency, committed, disbursed, returned, "
           "recipient_org_id, status FROM fund_commitment WHERE id = $1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    if (r == STORE_ROW) {
        memset(m, 0, sizeof *m);
        m->id = id;
        m->fund_id = store_col_int64(st, 0);
        snprintf(m->currency, sizeof m->currency, "%s", store_col_text(st, 1));
        m->committed = store_col_int64(st, 2);
        m->disbursed = store_col_int64(st, 3);
        m->returned = store_col_int64(st, 4);
        m->recipient = store_col_int64(st, 5);
        snprintf(m->status, sizeof m->status, "%s", store_col_text(st, 6));
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return fund_db_error(err);
    if (r == STORE_DONE)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no commitment %" PRId64, id);
    return SERAI_OK;
}

/* What org_id received under commitment m, less what it returned. */
static serai_code net_received(store *s, int64_t commitment_id, int64_t org_id,
                               int64_t *out, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT COALESCE(SUM(CASE WHEN kind = 'disburse' THEN amount ELSE "
           "-amount END), 0) FROM fund_txn WHERE commitment_id = $1 AND org_id = $2 "
           "AND kind IN ('disburse', 'return')", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, commitment_id);
    store_bind_int64(st, 2, org_id);
    int r = store_step(st, err);
    *out = r == STORE_ROW ? store_col_int64(st, 0) : 0;
    store_reset(st);
    return r == STORE_ERROR ? fund_db_error(err) : SERAI_OK;
}

/* disburse, return and decommit: kind says which. */
static serai_code money_out(store *s, const actor *who, int64_t commitment_id,
                            json_t *body, const char *kind, json_t **out,
                            serai_err *err)
{
    static const char *const dkeys[] = {"amount", "date", "recipient_org_id",
                                        "note", NULL};
    static const char *const rkeys[] = {"amount", "date", "org_id", "note", NULL};
    static const char *const ckeys[] = {"amount", "date", "close", "note", NULL};
    bool disburse = strcmp(kind, "disburse") == 0, ret = strcmp(kind, "return") == 0;
    *out = NULL;
    serai_code rc = need_secretariat(who, "moves committed money", err);
    if (rc == SERAI_OK)
        rc = json_only_keys(body, disburse ? dkeys : ret ? rkeys : ckeys, "", err);
    int64_t amount = 0, org = 0;
    bool has_amount = false, has_org = false, close = false;
    const char *date = NULL, *note = NULL;
    if (rc == SERAI_OK)
        rc = read_amount(body, "amount", disburse || ret, &amount, &has_amount, err);
    if (rc == SERAI_OK)
        rc = read_day(body, "date", true, &date, err);
    if (rc == SERAI_OK && (disburse || ret))
        rc = json_get_int(body, disburse ? "recipient_org_id" : "org_id", false, 1,
                          INT64_MAX, "", &org, &has_org, err);
    if (rc == SERAI_OK && !disburse && !ret)
        rc = json_get_bool(body, "close", false, "", &close, NULL, err);
    if (rc == SERAI_OK)
        rc = json_get_text(body, "note", false, FUND_NOTE_MAX, "", &note, err);
    if (rc != SERAI_OK)
        return rc;
    bool own = !store_in_transaction(s);
    if (own && (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    commitment m;
    int64_t transfer = 0;
    char want[MONEY_TEXT_MAX], have[MONEY_TEXT_MAX];
    if ((rc = commitment_load(s, commitment_id, &m, err)) == SERAI_OK &&
        strcmp(m.status, "committed") != 0 && !ret)
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "commitment %" PRId64 " is %s", commitment_id, m.status);
    if (rc == SERAI_OK && (disburse || ret)) {
        const char *key = disburse ? "recipient_org_id" : "org_id";
        if (!has_org && m.recipient == 0)
            rc = fail_field(err, SERAI_EUNPROCESSABLE, key,
                            "commitment to a call's envelope: name the organisation "
                            "(%s)", key);
        else if (has_org && m.recipient != 0 && org != m.recipient)
            rc = fail_field(err, SERAI_EUNPROCESSABLE, key,
                            "the commitment's recipient is another organisation%s", "");
        else {
            if (!has_org)
                org = m.recipient;
            rc = org_exists(s, org, key, err);
        }
    }
    /* Closing releases everything not disbursed: a closed commitment takes
     * no more payments, so nothing may stay outstanding on it. */
    if (rc == SERAI_OK && !disburse && !ret && close && has_amount &&
        amount != m.committed - m.disbursed) {
        money_format(m.committed - m.disbursed, m.currency, have);
        rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/close",
                        "closing releases all %s %s not disbursed; leave out "
                        "amount, or decommit part without close", m.currency, have);
    }
    if (rc == SERAI_OK && !disburse && !ret && !has_amount)
        amount = m.committed - m.disbursed;
    if (rc == SERAI_OK && !disburse && !ret && amount <= 0)
        rc = serai_fail(err, SERAI_ECONFLICT, NULL, "commitment %" PRId64
                        " has nothing left to decommit", commitment_id);
    if (rc == SERAI_OK) {
        money_format(amount, m.currency, want);
        if (!ret && amount > m.committed - m.disbursed) {
            money_format(m.committed - m.disbursed, m.currency, have);
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/amount",
                            "%s %s is more than the %s %s of commitment %" PRId64
                            " not yet disbursed", m.currency, want, m.currency,
                            have, commitment_id);
        } else if (ret) {
            int64_t got = 0;
            rc = net_received(s, commitment_id, org, &got, err);
            if (rc == SERAI_OK && amount > got) {
                money_format(got, m.currency, have);
                rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/amount",
                                "%s %s is more than the %s %s organisation %" PRId64
                                " holds from commitment %" PRId64, m.currency,
                                want, m.currency, have, org, commitment_id);
            }
        }
    }
    if (rc == SERAI_OK) {
        if (disburse)
            rc = exec_i64(s, "UPDATE fund_commitment SET disbursed = disbursed + $1 "
                             "WHERE id = $2", amount, commitment_id, err);
        else if (ret)
            rc = exec_i64(s, "UPDATE fund_commitment SET returned = returned + $1 "
                             "WHERE id = $2", amount, commitment_id, err);
        else {
            /* All of it released and nothing paid: cancelled; released
             * after payments, or asked to close: closed. */
            bool all = amount == m.committed - m.disbursed;
            const char *status = all && m.disbursed == 0 ? "cancelled"
                                 : all || close      ? "closed"
                                                     : "committed";
            store_stmt *st;
            if ((rc = store_prepare(s, "UPDATE fund_commitment SET committed = "
                                       "committed - $1, status = $2 WHERE id = $3",
                                    &st, err)) == SERAI_OK) {
                store_bind_int64(st, 1, amount);
                store_bind_text(st, 2, status);
                store_bind_int64(st, 3, commitment_id);
                rc = store_run(st, NULL, err);
            }
        }
    }
    if (rc == SERAI_OK) {
        step sp = {.fund_id = m.fund_id, .kind = kind,
                   .commitment_id = commitment_id, .org_id = org,
                   .currency = m.currency, .amount = amount, .date = date,
                   .note = note};
        if (disburse) {
            sp.from_part = "commitment";
            sp.from_commitment = commitment_id;
            sp.to_part = "recipient";
            sp.to_org = org;
            sp.overdraft = "the commitment does not cover the disbursement";
        } else if (ret) {
            sp.from_part = "recipient";
            sp.from_org = org;
            sp.to_part = "available";
            sp.overdraft = "the recipient holds less than that from this fund";
        } else {
            sp.from_part = "commitment";
            sp.from_commitment = commitment_id;
            sp.to_part = "available";
            sp.overdraft = "the commitment does not hold that much";
        }
        rc = post_step(s, &sp, &transfer, err);
    }
    if (rc == SERAI_OK) {
        char action[32];
        snprintf(action, sizeof action, "fund.%s", kind);
        rc = finish(s, own, who, action, "fund_commitment", commitment_id, transfer,
                    out, err);
    }
    if (rc != SERAI_OK && own)
        store_rollback(s);
    return rc;
}

serai_code fund_disburse(store *s, const actor *who, int64_t commitment_id,
                         json_t *body, json_t **out, serai_err *err)
{
    return money_out(s, who, commitment_id, body, "disburse", out, err);
}

serai_code fund_return(store *s, const actor *who, int64_t commitment_id,
                       json_t *body, json_t **out, serai_err *err)
{
    return money_out(s, who, commitment_id, body, "return", out, err);
}

serai_code fund_decommit(store *s, const actor *who, int64_t commitment_id,
                         json_t *body, json_t **out, serai_err *err)
{
    return money_out(s, who, commitment_id, body, "decommit", out, err);
}
