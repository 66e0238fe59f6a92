/*
 * test_fund.c -- cooperative guidance funds (fund/fund.h) through the
 * library, on SQLite and PostgreSQL: fund creation and its refusals named
 * by field; a whole pipeline in EUR, CNY and USD with every figure of the
 * position per currency and in the reporting currency (conversions worked
 * out here, half to even) and the position's identity; the commitment
 * authority gate; overdrafts and wrong states refused with nothing
 * written; a promissory note met instalment by instalment; decommitments;
 * a call envelope; who sees what; flows per country with fair return;
 * statements with pro-rata attribution; the sheets; the audit trail and
 * the ledger transfer behind every step.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "check.h"
#include "core/clock.h"
#include "fund/fund.h"
#include "fund/ledger_store.h"
#include "project/call.h"
#include "registry/org.h"
#include "testdb.h"

/* ---- helpers --------------------------------------------------------- */

static testdb tdb;
static store *s;
static actor op;

/* Organisations of every test's database. */
static int64_t trustee, ag_de, ag_cn, ag_us, ag_fr, uni_ke, uni_de;

static json_t *jfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static json_t *jvfmt(const char *fmt, va_list ap)
{
    char text[8192];
    vsnprintf(text, sizeof text, fmt, ap);
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);
    if (j == NULL) {
        fprintf(stderr, "bad test JSON (%s): %s\n", e.text, text);
        abort();
    }
    return j;
}
static json_t *jfmt(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    json_t *j = jvfmt(fmt, ap);
    va_end(ap);
    return j;
}

static int64_t iget(const json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

static const char *sget(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* The single integer a query with one integer parameter answers. */
static int64_t count(const char *sql, int64_t arg)
{
    int64_t n = -1;
    serai_err err;
    if (store_lookup_id(s, sql, arg, &n, &err) != SERAI_OK)
        fprintf(stderr, "count failed: %s: %s\n", sql, err.detail);
    return n;
}

static int64_t audit_records(void)
{
    audit_report rep;
    serai_err err;
    if (audit_verify(s, &rep, &err) != SERAI_OK)
        return -1;
    CHECK_INT(rep.first_bad, 0);
    return rep.checked;
}

static void ledger_ok(void)
{
    serai_err err;
    CHECK_INT(ledger_store_check(s, &err), SERAI_OK);
}

static int64_t make_org(const char *name, const char *type, const char *country)
{
    json_t *body = jfmt("{\"name\":\"%s\",\"type\":\"%s\",\"country\":\"%s\"}", name,
                        type, country);
    json_t *out = NULL;
    serai_err err;
    int64_t id = 0;
    if (org_create(s, &op, body, &out, &err) == SERAI_OK)
        id = iget(out, "id");
    else
        fprintf(stderr, "org_create %s: %s\n", name, err.detail);
    json_decref(body);
    json_decref(out);
    return id;
}

static void rate(const char *base, const char *quote, const char *day, const char *r)
{
    ledger_rate lr;
    memset(&lr, 0, sizeof lr);
    snprintf(lr.base, sizeof lr.base, "%s", base);
    snprintf(lr.quote, sizeof lr.quote, "%s", quote);
    snprintf(lr.date, sizeof lr.date, "%s", day);
    snprintf(lr.rate, sizeof lr.rate, "%s", r);
    serai_err err;
    CHECK_INT(ledger_store_rate_put(s, &lr, &err), SERAI_OK);
}

/* A fresh database with the organisations and the exchange rates:
 * EUR->USD 1.0825 from 2026 and 1.1000 from 2027, CNY->USD 0.1387 and
 * 0.1400. */
static void world_open(void)
{
    s = testdb_open(&tdb);
    op = actor_operator();
    trustee = make_org("Cooperation Trust", "international_organization", "CH");
    ag_de = make_org("Agency DE", "funding_agency", "DE");
    ag_cn = make_org("Foundation CN", "funding_agency", "CN");
    ag_us = make_org("Foundation US", "funding_agency", "US");
    ag_fr = make_org("Agence FR", "funding_agency", "FR");
    uni_ke = make_org("University KE", "university", "KE");
    uni_de = make_org("University DE", "university", "DE");
    CHECK(trustee && ag_de && ag_cn && ag_us && ag_fr && uni_ke && uni_de);
    rate("EUR", "USD", "2026-01-01", "1.0825");
    rate("EUR", "USD", "2027-01-01", "1.1000");
    rate("CNY", "USD", "2026-01-01", "0.1387");
    rate("CNY", "USD", "2027-01-01", "0.1400");
}

static void world_close(void)
{
    testdb_close(&tdb);
}

/* amount * num / den rounded half to even, worked out here apart from the
 * module's own arithmetic: the expected conversions. */
static int64_t half_even(int64_t amount, int64_t num, int64_t den)
{
    __int128 p = (__int128)amount * num;
    bool neg = p < 0;
    if (neg)
        p = -p;
    __int128 q = p / den, r = p % den;
    if (2 * r > den || (2 * r == den && q % 2 == 1))
        q++;
    return (int64_t)(neg ? -q : q);
}
#define EUR_USD_2026(a) half_even((a), 10825, 10000)
#define CNY_USD_2026(a) half_even((a), 1387, 10000)

static int64_t fund_new(const char *code, const char *currency, const char *gate)
{
    json_t *body = jfmt("{\"code\":\"%s\",\"name\":\"Fund %s\",\"kind\":\"guidance_fund\","
                        "\"trustee_org_id\":%" PRId64 ",\"currency\":\"%s\","
                        "\"gate_percent\":\"%s\"}", code, code, trustee, currency, gate);
    json_t *out = NULL;
    serai_err err;
    int64_t id = 0;
    if (fund_create(s, &op, body, &out, &err) == SERAI_OK)
        id = iget(out, "id");
    else
        fprintf(stderr, "fund_create %s: %s %s\n", code, err.field, err.detail);
    CHECK(id > 0);
    json_decref(body);
    json_decref(out);
    return id;
}

typedef serai_code (*step_fn)(store *, const actor *, int64_t, json_t *, json_t **,
                              serai_err *);

static int steps_done; /* successful steps, each one audit record */

/* Run a step that must succeed; the answer (caller frees) or NULL.  The
 * step's transfer must be in the ledger, posted, with the body's amount
 * (or `amount` when the body has none and amount > 0). */
static json_t *step_at(int line, step_fn fn, const actor *who, int64_t id,
                       int64_t amount, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static json_t *step_at(int line, step_fn fn, const actor *who, int64_t id,
                       int64_t amount, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    json_t *body = jvfmt(fmt, ap);
    va_end(ap);
    json_t *out = NULL;
    serai_err err;
    serai_code rc = fn(s, who, id, body, &out, &err);
    check_count++;
    if (rc != SERAI_OK) {
        check_failures++;
        fprintf(stderr, "%s:%d: step failed (%d) %s: %s\n", __FILE__, line, rc,
                err.field, err.detail);
        json_decref(body);
        return NULL;
    }
    steps_done++;
    if (json_object_get(body, "amount"))
        amount = iget(body, "amount");
    json_decref(body);
    int64_t tid = iget(out, "transfer_id");
    ledger_transfer t;
    memset(&t, 0, sizeof t);
    serai_code lr = ledger_store_transfer(s, tid, &t, &err);
    check_count++;
    if (tid <= FUND_LEDGER_BASE || lr != SERAI_OK ||
        (amount > 0 && t.amount != amount) ||
        strcmp(t.currency, sget(out, "currency")) != 0 ||
        t.status != LEDGER_STATUS_POSTED) {
        check_failures++;
        fprintf(stderr, "%s:%d: transfer %" PRId64 " of the step is not in the "
                "ledger as posted %" PRId64 " %s (got %" PRId64 " %s)\n", __FILE__,
                line, tid, amount, sget(out, "currency"), t.amount, t.currency);
    }
    return out;
}
#define STEP(fn, who, id, ...) step_at(__LINE__, fn, who, id, 0, __VA_ARGS__)
/* The same, the answer only checked and dropped. */
#define DO(fn, who, id, ...) json_decref(step_at(__LINE__, fn, who, id, 0, __VA_ARGS__))

/* What a refused step must leave untouched. */
typedef struct snapshot {
    int64_t txns, transfers, failed, accounts, contributions, commitments,
        encashments, funds, audit;
    /* what the steps update in place: amounts and states */
    int64_t contribution_sum, contributions_pledged, contributions_signed,
        commitment_sum, commitments_open, encashed_sum;
    json_t *position;
} snapshot;

static void snap(snapshot *sn, int64_t fund_id)
{
    sn->txns = count("SELECT count(*) FROM fund_txn WHERE id > $1", 0);
    sn->transfers = count("SELECT count(*) FROM ledger_transfer WHERE id > $1", 0);
    sn->failed = count("SELECT count(*) FROM ledger_failed WHERE id > $1", 0);
    sn->accounts = count("SELECT count(*) FROM ledger_account WHERE id > $1", 0);
    sn->contributions = count("SELECT count(*) FROM fund_contribution WHERE id > $1", 0);
    sn->commitments = count("SELECT count(*) FROM fund_commitment WHERE id > $1", 0);
    sn->encashments = count("SELECT count(*) FROM fund_encashment WHERE id > $1", 0);
    sn->funds = count("SELECT count(*) FROM fund WHERE id > $1", 0);
    sn->audit = audit_records();
    sn->contribution_sum = count("SELECT COALESCE(SUM(signed + 3 * received + 7 * "
                                 "encashed), 0) FROM fund_contribution WHERE id > $1", 0);
    sn->contributions_pledged = count("SELECT count(*) FROM fund_contribution WHERE "
                                      "status = 'pledged' AND id > $1", 0);
    sn->contributions_signed = count("SELECT count(*) FROM fund_contribution WHERE "
                                     "status = 'signed' AND id > $1", 0);
    sn->commitment_sum = count("SELECT COALESCE(SUM(committed + 3 * disbursed + 7 * "
                               "returned), 0) FROM fund_commitment WHERE id > $1", 0);
    sn->commitments_open = count("SELECT count(*) FROM fund_commitment WHERE "
                                 "status = 'committed' AND id > $1", 0);
    sn->encashed_sum = count("SELECT COALESCE(SUM(encashed), 0) FROM fund_encashment "
                             "WHERE id > $1", 0);
    sn->position = NULL;
    serai_err err;
    if (fund_id && fund_position(s, &op, fund_id, "2026-12-31", &sn->position, &err) !=
                       SERAI_OK)
        sn->position = NULL;
}

static bool snap_same(const snapshot *a, const snapshot *b)
{
    return a->txns == b->txns && a->transfers == b->transfers &&
           a->failed == b->failed && a->accounts == b->accounts &&
           a->contributions == b->contributions && a->commitments == b->commitments &&
           a->encashments == b->encashments && a->funds == b->funds &&
           a->audit == b->audit && a->contribution_sum == b->contribution_sum &&
           a->contributions_pledged == b->contributions_pledged &&
           a->contributions_signed == b->contributions_signed &&
           a->commitment_sum == b->commitment_sum &&
           a->commitments_open == b->commitments_open &&
           a->encashed_sum == b->encashed_sum &&
           ((a->position == NULL && b->position == NULL) ||
            (a->position && b->position && json_equal(a->position, b->position)));
}

static int64_t cur_fund; /* the fund whose position a refusal must not change */

/* Run a step that must be refused with code, err.field (NULL: not
 * checked) and a detail containing needle (NULL: not checked), writing
 * nothing at all. */
static void refused_at(int line, serai_code want, const char *field,
                       const char *needle, step_fn fn, const actor *who, int64_t id,
                       const char *fmt, ...) __attribute__((format(printf, 8, 9)));
static void refused_at(int line, serai_code want, const char *field,
                       const char *needle, step_fn fn, const actor *who, int64_t id,
                       const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    json_t *body = jvfmt(fmt, ap);
    va_end(ap);
    snapshot before, after;
    snap(&before, cur_fund);
    json_t *out = NULL;
    serai_err err;
    memset(&err, 0, sizeof err);
    serai_code rc = fn(s, who, id, body, &out, &err);
    json_decref(body);
    snap(&after, cur_fund);
    check_count++;
    if (rc != want || out != NULL || (field && strcmp(err.field, field) != 0) ||
        (needle && strstr(err.detail, needle) == NULL)) {
        check_failures++;
        fprintf(stderr, "%s:%d: expected refusal %d %s \"%s\", got %d %s \"%s\"\n",
                __FILE__, line, want, field ? field : "*", needle ? needle : "*", rc,
                err.field, err.detail);
    }
    check_count++;
    if (!snap_same(&before, &after)) {
        check_failures++;
        fprintf(stderr, "%s:%d: a refused step wrote something (txns %" PRId64 "->%" PRId64
                ", transfers %" PRId64 "->%" PRId64 ", audit %" PRId64 "->%" PRId64 ")\n",
                __FILE__, line, before.txns, after.txns, before.transfers,
                after.transfers, before.audit, after.audit);
    }
    json_decref(before.position);
    json_decref(after.position);
    json_decref(out);
    ledger_ok();
}
#define REFUSED(want, field, needle, fn, who, id, ...) \
    refused_at(__LINE__, want, field, needle, fn, who, id, __VA_ARGS__)

static bool starts(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

/* The row of a position's by_currency for cur, or NULL. */
static json_t *by_currency(json_t *pos, const char *cur)
{
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(pos, "by_currency"), i, row)
        if (strcmp(sget(row, "currency"), cur) == 0)
            return row;
    return NULL;
}

/* pledged, signed, received, notes, available, committed, outstanding,
 * disbursed, returned */
typedef struct figs {
    int64_t v[9];
} figs;

static void figures_are(int line, const json_t *row, figs f)
{
    static const char *const keys[] = {"pledged", "signed", "received", "notes",
                                       "available", "committed", "outstanding",
                                       "disbursed", "returned"};
    const int64_t *want = f.v;
    check_count++;
    if (row == NULL) {
        check_failures++;
        fprintf(stderr, "%s:%d: no such row in the position\n", __FILE__, line);
        return;
    }
    for (size_t k = 0; k < 9; k++) {
        check_count++;
        if (iget(row, keys[k]) != want[k]) {
            check_failures++;
            fprintf(stderr, "%s:%d: %s %s == %" PRId64 ", expected %" PRId64 "\n",
                    __FILE__, line, sget(row, "currency"), keys[k], iget(row, keys[k]),
                    want[k]);
        }
    }
    /* received + returned = notes + available + outstanding + disbursed */
    check_count++;
    if (want[2] + want[8] != want[3] + want[4] + want[6] + want[7]) {
        check_failures++;
        fprintf(stderr, "%s:%d: the expected figures break the identity\n", __FILE__, line);
    }
}
#define FIGURES(row, ...) figures_are(__LINE__, row, (figs){{__VA_ARGS__}})

/* The identity on the figures the module reports. */
static void identity_holds(const json_t *row)
{
    CHECK_INT(iget(row, "received") + iget(row, "returned"),
              iget(row, "notes") + iget(row, "available") + iget(row, "outstanding") +
                  iget(row, "disbursed"));
}

static json_t *position(int64_t fund, const char *day)
{
    json_t *pos = NULL;
    serai_err err;
    CHECK_INT(fund_position(s, &op, fund, day, &pos, &err), SERAI_OK);
    return pos;
}

/* ---- fund creation ---------------------------------------------------- */

static void create_refused(int line, const char *body_text, serai_code want,
                           const char *field)
{
    json_t *body = jfmt("%s", body_text);
    json_t *out = NULL;
    serai_err err;
    memset(&err, 0, sizeof err);
    int64_t funds = count("SELECT count(*) FROM fund WHERE id > $1", 0);
    int64_t audit = audit_records();
    serai_code rc = fund_create(s, &op, body, &out, &err);
    check_count++;
    if (rc != want || strcmp(err.field, field) != 0 || out != NULL) {
        check_failures++;
        fprintf(stderr, "%s:%d: fund_create: expected %d %s, got %d %s (%s)\n", __FILE__,
                line, want, field, rc, err.field, err.detail);
    }
    CHECK_INT(count("SELECT count(*) FROM fund WHERE id > $1", 0), funds);
    CHECK_INT(audit_records(), audit);
    json_decref(body);
    json_decref(out);
}
#define CREATE_REFUSED(body, want, field) create_refused(__LINE__, body, want, field)

static void test_create(void)
{
    world_open();
    CREATE_REFUSED("{\"code\":\"brgf\",\"name\":\"F\",\"kind\":\"guidance_fund\","
                   "\"currency\":\"USD\"}", SERAI_EINVAL, "/code");
    CREATE_REFUSED("{\"code\":\"BR GF\",\"name\":\"F\",\"kind\":\"guidance_fund\","
                   "\"currency\":\"USD\"}", SERAI_EINVAL, "/code");
    CREATE_REFUSED("{\"code\":\"BRGF\",\"name\":\"F\",\"kind\":\"guidance_fund\","
                   "\"currency\":\"USD\",\"gate_percent\":\"101\"}", SERAI_EINVAL,
                   "/gate_percent");
    CREATE_REFUSED("{\"code\":\"BRGF\",\"name\":\"F\",\"kind\":\"guidance_fund\","
                   "\"currency\":\"USD\",\"gate_percent\":\"50.123\"}", SERAI_EINVAL,
                   "/gate_percent");
    CREATE_REFUSED("{\"code\":\"BRGF\",\"name\":\"F\",\"kind\":\"guidance_fund\","
                   "\"currency\":\"USD\",\"gate_percent\":\"100.01\"}", SERAI_EINVAL,
                   "/gate_percent");
    CREATE_REFUSED("{\"code\":\"BRGF\",\"name\":\"F\",\"kind\":\"guidance_fund\","
                   "\"currency\":\"USD\",\"gate_percent\":\"-5\"}", SERAI_EINVAL,
                   "/gate_percent");
    CREATE_REFUSED("{\"code\":\"BRGF\",\"name\":\"F\",\"kind\":\"call_pot\","
                   "\"currency\":\"USD\"}", SERAI_EUNPROCESSABLE, "/call_id");
    CREATE_REFUSED("{\"code\":\"BRGF\",\"name\":\"F\",\"kind\":\"guidance_fund\","
                   "\"currency\":\"USD\",\"call_id\":1}", SERAI_EUNPROCESSABLE, "/call_id");
    CREATE_REFUSED("{\"code\":\"BRGF\",\"name\":\"F\",\"kind\":\"pot\","
                   "\"currency\":\"USD\"}", SERAI_EINVAL, "/kind");
    CREATE_REFUSED("{\"code\":\"BRGF\",\"name\":\"F\",\"kind\":\"guidance_fund\","
                   "\"currency\":\"XYZ\"}", SERAI_EINVAL, "/currency");
    CREATE_REFUSED("{\"code\":\"BRGF\",\"name\":\"F\",\"kind\":\"guidance_fund\","
                   "\"currency\":\"USD\",\"colour\":\"red\"}", SERAI_EINVAL, "/colour");
    CREATE_REFUSED("{\"code\":\"BRGF\",\"name\":\"F\",\"kind\":\"guidance_fund\","
                   "\"currency\":\"USD\",\"trustee_org_id\":999999}",
                   SERAI_EUNPROCESSABLE, "/trustee_org_id");
    CREATE_REFUSED("{\"code\":\"BRGF\",\"name\":\"F\",\"kind\":\"call_pot\","
                   "\"currency\":\"USD\",\"call_id\":999999}",
                   SERAI_EUNPROCESSABLE, "/call_id");

    /* Valid: the gate defaults to 50; two fraction digits are kept. */
    int64_t audit = audit_records();
    json_t *out = NULL;
    serai_err err;
    json_t *body = jfmt("{\"code\":\"BRGF-2026\",\"name\":\"Guidance fund\","
                        "\"names\":{\"zh\":\"引导基金\"},\"kind\":\"guidance_fund\","
                        "\"currency\":\"USD\",\"trustee_org_id\":%" PRId64 "}", trustee);
    CHECK_INT(fund_create(s, &op, body, &out, &err), SERAI_OK);
    CHECK_STR(sget(out, "gate_percent"), "50.00");
    CHECK_STR(sget(out, "code"), "BRGF-2026");
    CHECK_INT(iget(out, "trustee_org_id"), trustee);
    CHECK_INT(audit_records(), audit + 1);
    json_decref(out);
    /* The same code again: a conflict naming the code. */
    CHECK_INT(fund_create(s, &op, body, &out, &err), SERAI_ECONFLICT);
    CHECK_STR(err.field, "/code");
    json_decref(body);
    body = jfmt("{\"code\":\"G665\",\"name\":\"G\",\"kind\":\"guidance_fund\","
                "\"currency\":\"EUR\",\"gate_percent\":\"66.5\"}");
    CHECK_INT(fund_create(s, &op, body, &out, &err), SERAI_OK);
    CHECK_STR(sget(out, "gate_percent"), "66.50");
    json_decref(out);
    json_decref(body);
    /* Only the secretariat creates. */
    actor pub = actor_public();
    actor funder = {.role = ROLE_FUNDER, .org_id = ag_de};
    body = jfmt("{\"code\":\"NOPE\",\"name\":\"N\",\"kind\":\"guidance_fund\","
                "\"currency\":\"EUR\"}");
    CHECK_INT(fund_create(s, &pub, body, &out, &err), SERAI_EFORBIDDEN);
    CHECK_INT(fund_create(s, &funder, body, &out, &err), SERAI_EFORBIDDEN);
    json_decref(body);
    CHECK_INT(count("SELECT count(*) FROM fund WHERE id > $1", 0), 2);

    /* Pledges are checked field by field too. */
    int64_t f = fund_new("PLG", "EUR", "50");
    cur_fund = f;
    REFUSED(SERAI_EINVAL, "/amount", NULL, fund_pledge, &op, f,
            "{\"org_id\":%" PRId64 ",\"currency\":\"EUR\",\"amount\":0,"
            "\"date\":\"2026-01-10\"}", ag_de);
    REFUSED(SERAI_EINVAL, "/date", NULL, fund_pledge, &op, f,
            "{\"org_id\":%" PRId64 ",\"currency\":\"EUR\",\"amount\":5,"
            "\"date\":\"2026-02-30\"}", ag_de);
    REFUSED(SERAI_EUNPROCESSABLE, "/org_id", NULL, fund_pledge, &op, f,
            "{\"org_id\":999999,\"currency\":\"EUR\",\"amount\":5,"
            "\"date\":\"2026-01-10\"}");
    REFUSED(SERAI_EINVAL, "/currency", NULL, fund_pledge, &op, f,
            "{\"org_id\":%" PRId64 ",\"currency\":\"EUX\",\"amount\":5,"
            "\"date\":\"2026-01-10\"}", ag_de);
    REFUSED(SERAI_ENOTFOUND, NULL, NULL, fund_pledge, &op, 999999,
            "{\"org_id\":%" PRId64 ",\"currency\":\"EUR\",\"amount\":5,"
            "\"date\":\"2026-01-10\"}", ag_de);
    /* The largest amount there is, then one more minor unit: the ledger
     * refuses the overflow and the pledge goes with it. */
    DO(fund_pledge, &op, f, "{\"org_id\":%" PRId64 ",\"currency\":\"EUR\","
       "\"amount\":9223372036854775807,\"date\":\"2026-01-10\"}", ag_de);
    REFUSED(SERAI_EUNPROCESSABLE, "/amount", NULL, fund_pledge, &op, f,
            "{\"org_id\":%" PRId64 ",\"currency\":\"EUR\",\"amount\":1,"
            "\"date\":\"2026-01-11\"}", ag_de);
    ledger_ok();
    cur_fund = 0;
    world_close();
}

/* ---- the whole pipeline ------------------------------------------------ */

static void test_pipeline(void)
{
    world_open();
    int64_t audit0 = audit_records();
    steps_done = 0;
    int64_t f = fund_new("PIPE-1", "USD", "50");
    int64_t audit_fund = audit_records();
    CHECK_INT(audit_fund, audit0 + 1);

    json_t *a = STEP(fund_pledge, &op, f, "{\"org_id\":%" PRId64 ",\"currency\":\"EUR\","
                     "\"amount\":150000000,\"date\":\"2026-01-10\",\"reference\":\"DE-1\"}",
                     ag_de);
    json_t *b = STEP(fund_pledge, &op, f, "{\"org_id\":%" PRId64 ",\"currency\":\"CNY\","
                     "\"amount\":1000000000,\"date\":\"2026-01-12\"}", ag_cn);
    json_t *c = STEP(fund_pledge, &op, f, "{\"org_id\":%" PRId64 ",\"currency\":\"USD\","
                     "\"amount\":80000000,\"date\":\"2026-01-15\"}", ag_us);
    if (!a || !b || !c) {
        json_decref(a), json_decref(b), json_decref(c);
        world_close();
        return;
    }
    int64_t ca = iget(a, "id"), cb = iget(b, "id"), cc = iget(c, "id");
    CHECK_STR(sget(a, "status"), "pledged");
    CHECK_INT(iget(a, "pledged"), 150000000);
    CHECK_STR(sget(a, "country"), "DE");
    CHECK_STR(sget(a, "reference"), "DE-1");
    json_decref(a), json_decref(b), json_decref(c);

    DO(fund_sign, &op, ca, "{\"amount\":150000000,\"date\":\"2026-02-01\","
       "\"instrument\":\"cash\"}");
    DO(fund_sign, &op, cc, "{\"amount\":80000000,\"date\":\"2026-02-02\","
       "\"instrument\":\"cash\"}");
    /* Signed for less than pledged, by a promissory note whose schedule is
     * given out of order. */
    json_t *sb = STEP(fund_sign, &op, cb, "{\"amount\":900000000,\"date\":\"2026-02-03\","
                      "\"instrument\":\"promissory_note\",\"encashment\":["
                      "{\"due\":\"2026-09-30\",\"amount\":400000000},"
                      "{\"due\":\"2026-06-30\",\"amount\":500000000}]}");
    CHECK_INT(iget(sb, "pledged"), 1000000000);
    CHECK_INT(iget(sb, "signed"), 900000000);
    CHECK_STR(sget(sb, "instrument"), "promissory_note");
    CHECK_INT(json_array_size(json_object_get(sb, "encashment")), 2);
    json_decref(sb);

    json_t *ra = STEP(fund_receive, &op, ca, "{\"amount\":150000000,\"date\":\"2026-03-01\"}");
    CHECK_STR(sget(ra, "status"), "paid");
    CHECK_INT(iget(ra, "outstanding"), 0);
    json_decref(ra);
    json_t *rc = STEP(fund_receive, &op, cc, "{\"amount\":50000000,\"date\":\"2026-03-05\"}");
    CHECK_STR(sget(rc, "status"), "signed");
    CHECK_INT(iget(rc, "outstanding"), 30000000);
    json_decref(rc);
    DO(fund_receive, &op, cb, "{\"amount\":900000000,\"date\":\"2026-03-10\"}");

    /* Encashment in two parts: the instalments are met by due date. */
    json_t *e1 = STEP(fund_encash, &op, cb, "{\"amount\":450000000,\"date\":\"2026-07-01\"}");
    json_t *sched = json_object_get(e1, "encashment");
    CHECK_STR(sget(json_array_get(sched, 0), "due"), "2026-06-30");
    CHECK_INT(iget(json_array_get(sched, 0), "encashed"), 450000000);
    CHECK_STR(sget(json_array_get(sched, 1), "due"), "2026-09-30");
    CHECK_INT(iget(json_array_get(sched, 1), "encashed"), 0);
    json_decref(e1);
    json_t *e2 = STEP(fund_encash, &op, cb, "{\"amount\":150000000,\"date\":\"2026-07-15\"}");
    sched = json_object_get(e2, "encashment");
    CHECK_INT(iget(json_array_get(sched, 0), "amount"), 500000000);
    CHECK_INT(iget(json_array_get(sched, 0), "encashed"), 500000000);
    CHECK_INT(iget(json_array_get(sched, 1), "amount"), 400000000);
    CHECK_INT(iget(json_array_get(sched, 1), "encashed"), 100000000);
    CHECK_INT(iget(e2, "encashed"), 600000000);
    CHECK_INT(iget(e2, "received"), 900000000);
    json_decref(e2);

    json_t *m1 = STEP(fund_commit, &op, f, "{\"currency\":\"EUR\",\"amount\":100000000,"
                      "\"date\":\"2026-04-01\",\"title\":\"Grant KE\","
                      "\"recipient_org_id\":%" PRId64 ",\"start\":\"2026-05-01\","
                      "\"end\":\"2027-04-30\"}", uni_ke);
    json_t *m2 = STEP(fund_commit, &op, f, "{\"currency\":\"CNY\",\"amount\":200000000,"
                      "\"date\":\"2026-07-02\",\"title\":\"Grant DE\","
                      "\"recipient_org_id\":%" PRId64 "}", uni_de);
    json_t *m3 = STEP(fund_commit, &op, f, "{\"currency\":\"USD\",\"amount\":40000000,"
                      "\"date\":\"2026-07-03\",\"title\":\"Grant KE 2\","
                      "\"recipient_org_id\":%" PRId64 "}", uni_ke);
    int64_t k1 = iget(m1, "id"), k2 = iget(m2, "id"), k3 = iget(m3, "id");
    CHECK_STR(sget(m1, "status"), "committed");
    CHECK_STR(sget(m1, "recipient_country"), "KE");
    CHECK_INT(iget(m1, "outstanding"), 100000000);
    json_decref(m1), json_decref(m2), json_decref(m3);

    DO(fund_disburse, &op, k1, "{\"amount\":60000000,\"date\":\"2026-05-01\"}");
    DO(fund_disburse, &op, k2, "{\"amount\":200000000,\"date\":\"2026-08-01\","
       "\"recipient_org_id\":%" PRId64 "}", uni_de);
    DO(fund_disburse, &op, k3, "{\"amount\":40000000,\"date\":\"2026-08-02\"}");
    json_t *ret = STEP(fund_return, &op, k1, "{\"amount\":5000200,\"date\":\"2026-12-15\"}");
    CHECK_INT(iget(ret, "committed"), 100000000);
    CHECK_INT(iget(ret, "disbursed"), 60000000);
    CHECK_INT(iget(ret, "returned"), 5000200);
    CHECK_INT(iget(ret, "outstanding"), 40000000);
    json_decref(ret);

    /* Every step is one audit record, and the chain holds. */
    CHECK_INT(audit_records(), audit_fund + steps_done);
    CHECK_INT(count("SELECT count(*) FROM fund_txn WHERE fund_id = $1", f), steps_done);
    ledger_ok();

    /* The position on 2026-12-31, per currency and in USD. */
    json_t *pos = position(f, "2026-12-31");
    CHECK_STR(sget(pos, "reporting_currency"), "USD");
    CHECK_STR(sget(pos, "day"), "2026-12-31");
    CHECK_STR(sget(pos, "rounding"), "half-even");
    CHECK_INT(json_array_size(json_object_get(pos, "by_currency")), 3);
    const int64_t fc[9] = {1000000000, 900000000, 900000000, 300000000, 400000000,
                           200000000, 0, 200000000, 0};
    const int64_t fe[9] = {150000000, 150000000, 150000000, 0, 55000200, 100000000,
                           40000000, 60000000, 5000200};
    const int64_t fu[9] = {80000000, 80000000, 50000000, 0, 10000000, 40000000, 0,
                           40000000, 0};
    FIGURES(by_currency(pos, "CNY"), 1000000000, 900000000, 900000000, 300000000,
            400000000, 200000000, 0, 200000000, 0);
    FIGURES(by_currency(pos, "EUR"), 150000000, 150000000, 150000000, 0, 55000200,
            100000000, 40000000, 60000000, 5000200);
    FIGURES(by_currency(pos, "USD"), 80000000, 80000000, 50000000, 0, 10000000,
            40000000, 0, 40000000, 0);
    for (const char *const *cur = (const char *const[]){"CNY", "EUR", "USD", NULL}; *cur;
         cur++)
        if (by_currency(pos, *cur))
            identity_holds(by_currency(pos, *cur));
    /* Each figure converted on its own, half to even. */
    int64_t tot[9];
    for (int k = 0; k < 9; k++)
        tot[k] = EUR_USD_2026(fe[k]) + CNY_USD_2026(fc[k]) + fu[k];
    json_t *total = json_object_get(pos, "total");
    FIGURES(total, tot[0], tot[1], tot[2], tot[3], tot[4], tot[5], tot[6], tot[7], tot[8]);
    /* Worked out by hand: EUR 1,500,000.00 * 1.0825 + CNY 10,000,000.00 *
     * 0.1387 + USD 800,000.00; EUR 550,002.00 * 1.0825 = 595,377.165 ->
     * 595,377.16 (half to even); EUR 50,002.00 -> 54,127.165 -> 54,127.16. */
    CHECK_INT(iget(total, "pledged"), 162375000 + 138700000 + 80000000);
    CHECK_INT(iget(total, "available"), 59537716 + 55480000 + 10000000);
    CHECK_INT(iget(total, "returned"), 5412716);
    CHECK_STR(sget(total, "currency"), "USD");
    CHECK_INT(json_array_size(json_object_get(pos, "rates")), 2);
    json_t *ca_ = json_object_get(pos, "commitment_authority");
    CHECK_STR(sget(ca_, "gate_percent"), "50.00");
    CHECK_STR(sget(ca_, "signed_percent"), "96.36"); /* 367,205,000 / 381,075,000 */
    CHECK(json_is_true(json_object_get(ca_, "reached")));
    CHECK(json_object_get(pos, "missing_rates") == NULL);

    /* A day before any rate: the totals are not valued, the rates named. */
    json_t *bad = NULL;
    serai_err err;
    CHECK_INT(fund_position(s, &op, f, "2026-02-30", &bad, &err), SERAI_EINVAL);
    CHECK_STR(err.field, "/day");
    CHECK(bad == NULL);
    json_t *early = position(f, "2025-12-31");
    CHECK(json_is_null(json_object_get(early, "total")));
    CHECK_INT(json_array_size(json_object_get(early, "missing_rates")), 2);
    CHECK(json_is_false(json_object_get(json_object_get(early, "commitment_authority"),
                                        "reached")));
    json_decref(early);

    /* ---- refusals: nothing written ---- */
    cur_fund = f;
    REFUSED(SERAI_EUNPROCESSABLE, "/amount", "not enough money available to commit",
            fund_commit, &op, f, "{\"currency\":\"USD\",\"amount\":10000001,"
            "\"date\":\"2026-12-01\",\"title\":\"Too much\",\"recipient_org_id\":%"
            PRId64 "}", uni_ke);
    /* Nothing in JPY at all: the new JPY accounts go with the refusal. */
    REFUSED(SERAI_EUNPROCESSABLE, "/amount", "not enough money available to commit",
            fund_commit, &op, f, "{\"currency\":\"JPY\",\"amount\":1,"
            "\"date\":\"2026-12-01\",\"title\":\"Yen\",\"recipient_org_id\":%"
            PRId64 "}", uni_ke);
    REFUSED(SERAI_EUNPROCESSABLE, "/amount", "not yet disbursed", fund_disburse, &op, k1,
            "{\"amount\":40000001,\"date\":\"2026-12-01\"}");
    REFUSED(SERAI_EUNPROCESSABLE, "/recipient_org_id", NULL, fund_disburse, &op, k1,
            "{\"amount\":1,\"date\":\"2026-12-01\",\"recipient_org_id\":%" PRId64 "}",
            uni_de);
    /* University KE holds 600,000.00 - 50,002.00 from the EUR grant. */
    REFUSED(SERAI_EUNPROCESSABLE, "/amount", "549998.00", fund_return, &op, k1,
            "{\"amount\":54999801,\"date\":\"2026-12-20\"}");
    REFUSED(SERAI_EUNPROCESSABLE, "/amount", "still due", fund_receive, &op, cc,
            "{\"amount\":30000001,\"date\":\"2026-12-01\"}");
    REFUSED(SERAI_EUNPROCESSABLE, "/amount", "not encashed", fund_encash, &op, cb,
            "{\"amount\":300000001,\"date\":\"2026-12-01\"}");
    REFUSED(SERAI_ECONFLICT, NULL, "only a promissory note", fund_encash, &op, ca,
            "{\"amount\":1,\"date\":\"2026-12-01\"}");
    REFUSED(SERAI_ECONFLICT, NULL, NULL, fund_sign, &op, ca,
            "{\"amount\":1,\"date\":\"2026-12-01\",\"instrument\":\"cash\"}");
    REFUSED(SERAI_ECONFLICT, NULL, NULL, fund_cancel_pledge, &op, ca,
            "{\"date\":\"2026-12-01\"}");
    REFUSED(SERAI_EUNPROCESSABLE, "/encashment", NULL, fund_sign, &op, cb,
            "{\"amount\":10,\"date\":\"2026-12-01\",\"instrument\":\"promissory_note\","
            "\"encashment\":[{\"due\":\"2027-01-01\",\"amount\":9}]}");
    REFUSED(SERAI_EINVAL, "/instrument", NULL, fund_sign, &op, cb,
            "{\"amount\":10,\"date\":\"2026-12-01\",\"instrument\":\"cheque\"}");
    REFUSED(SERAI_ENOTFOUND, NULL, NULL, fund_disburse, &op, 999999,
            "{\"amount\":1,\"date\":\"2026-12-01\"}");
    actor funder = {.role = ROLE_FUNDER, .org_id = ag_de};
    actor observer = {.role = ROLE_OBSERVER};
    actor pub = actor_public();
    REFUSED(SERAI_EFORBIDDEN, NULL, NULL, fund_pledge, &funder, f,
            "{\"org_id\":%" PRId64 ",\"currency\":\"EUR\",\"amount\":5,"
            "\"date\":\"2026-01-10\"}", ag_de);
    REFUSED(SERAI_EFORBIDDEN, NULL, NULL, fund_receive, &observer, cc,
            "{\"amount\":1,\"date\":\"2026-12-01\"}");
    REFUSED(SERAI_EFORBIDDEN, NULL, NULL, fund_commit, &funder, f,
            "{\"currency\":\"USD\",\"amount\":1,\"date\":\"2026-12-01\",\"title\":\"T\","
            "\"recipient_org_id\":%" PRId64 "}", uni_ke);
    REFUSED(SERAI_EFORBIDDEN, NULL, NULL, fund_disburse, &observer, k1,
            "{\"amount\":1,\"date\":\"2026-12-01\"}");
    REFUSED(SERAI_EFORBIDDEN, NULL, NULL, fund_return, &pub, k1,
            "{\"amount\":1,\"date\":\"2026-12-01\"}");
    REFUSED(SERAI_EFORBIDDEN, NULL, NULL, fund_decommit, &funder, k1,
            "{\"date\":\"2026-12-01\"}");
    REFUSED(SERAI_EFORBIDDEN, NULL, NULL, fund_encash, &funder, cb,
            "{\"amount\":1,\"date\":\"2026-12-01\"}");
    cur_fund = 0;

    /* After the refusals the next steps go through as usual. */
    json_t *last = STEP(fund_receive, &op, cc, "{\"amount\":30000000,\"date\":\"2026-12-01\"}");
    CHECK_STR(sget(last, "status"), "paid");
    json_decref(last);
    DO(fund_return, &op, k1, "{\"amount\":54999800,\"date\":\"2026-12-20\"}");
    json_decref(pos);
    pos = position(f, "2026-12-31");
    FIGURES(by_currency(pos, "USD"), 80000000, 80000000, 80000000, 0, 40000000, 40000000,
            0, 40000000, 0);
    FIGURES(by_currency(pos, "EUR"), 150000000, 150000000, 150000000, 0, 110000000,
            100000000, 40000000, 60000000, 60000000);
    CHECK_INT(audit_records(), audit_fund + steps_done);
    ledger_ok();
    json_decref(pos);
    world_close();
}

/* ---- the commitment authority ----------------------------------------- */

static void test_gate(void)
{
    world_open();
    int64_t f = fund_new("GATE-1", "USD", "50");
    json_t *a = STEP(fund_pledge, &op, f, "{\"org_id\":%" PRId64 ",\"currency\":\"EUR\","
                     "\"amount\":150000000,\"date\":\"2026-01-10\"}", ag_de);
    json_t *b = STEP(fund_pledge, &op, f, "{\"org_id\":%" PRId64 ",\"currency\":\"CNY\","
                     "\"amount\":1000000000,\"date\":\"2026-01-12\"}", ag_cn);
    json_t *c = STEP(fund_pledge, &op, f, "{\"org_id\":%" PRId64 ",\"currency\":\"USD\","
                     "\"amount\":80000000,\"date\":\"2026-01-15\"}", ag_us);
    int64_t ca = iget(a, "id"), cb_id = iget(b, "id"), cc = iget(c, "id");
    json_decref(a), json_decref(b), json_decref(c);
    cur_fund = f;
    static const char commit[] = "{\"currency\":\"USD\",\"amount\":1000,\"date\":"
                                 "\"2026-04-01\",\"title\":\"G\",\"recipient_org_id\":%"
                                 PRId64 "}";
    REFUSED(SERAI_EUNPROCESSABLE, NULL, "commitment authority", fund_commit, &op, f,
            commit, uni_ke);
    REFUSED(SERAI_EUNPROCESSABLE, NULL, "cover 0.00% of pledges", fund_commit, &op, f,
            commit, uni_ke);
    /* EUR 1,500,000.00 signed = USD 1,623,750.00 of USD 3,810,750.00
     * pledged: 42.61%, short of 50%. */
    DO(fund_sign, &op, ca, "{\"amount\":150000000,\"date\":\"2026-02-01\","
       "\"instrument\":\"cash\"}");
    DO(fund_receive, &op, ca, "{\"amount\":150000000,\"date\":\"2026-03-01\"}");
    REFUSED(SERAI_EUNPROCESSABLE, NULL, "cover 42.61% of pledges", fund_commit, &op, f,
            "{\"currency\":\"EUR\",\"amount\":1000,\"date\":\"2026-04-01\",\"title\":"
            "\"G\",\"recipient_org_id\":%" PRId64 "}", uni_ke);
    REFUSED(SERAI_EUNPROCESSABLE, NULL, "needs 50.00%", fund_commit, &op, f,
            "{\"currency\":\"EUR\",\"amount\":1000,\"date\":\"2026-04-01\",\"title\":"
            "\"G\",\"recipient_org_id\":%" PRId64 "}", uni_ke);
    json_t *pos = position(f, "2026-04-01");
    json_t *auth = json_object_get(pos, "commitment_authority");
    CHECK_STR(sget(auth, "signed_percent"), "42.61");
    CHECK(json_is_false(json_object_get(auth, "reached")));
    json_decref(pos);
    /* Payments follow a signed agreement; a schedule belongs to a note. */
    REFUSED(SERAI_ECONFLICT, NULL, "payments follow a signed agreement", fund_receive,
            &op, cb_id, "{\"amount\":1,\"date\":\"2026-03-01\"}");
    REFUSED(SERAI_EUNPROCESSABLE, "/encashment", NULL, fund_sign, &op, cc,
            "{\"amount\":80000000,\"date\":\"2026-02-02\",\"instrument\":\"cash\","
            "\"encashment\":[{\"due\":\"2027-01-01\",\"amount\":80000000}]}");
    DO(fund_sign, &op, cc, "{\"amount\":80000000,\"date\":\"2026-02-02\","
       "\"instrument\":\"cash\"}");
    /* Reached now -- but not on a day before any exchange rate: the rate
     * that is missing is named. */
    REFUSED(SERAI_EUNPROCESSABLE, "/date",
            "no CNY to USD exchange rate on or before 2025-12-31", fund_commit, &op, f,
            "{\"currency\":\"EUR\",\"amount\":1000,\"date\":\"2025-12-31\",\"title\":"
            "\"G\",\"recipient_org_id\":%" PRId64 "}", uni_ke);
    cur_fund = 0;
    json_t *m = STEP(fund_commit, &op, f, "{\"currency\":\"EUR\",\"amount\":1000,"
                     "\"date\":\"2026-04-01\",\"title\":\"G\",\"recipient_org_id\":%"
                     PRId64 "}", uni_ke);
    CHECK_INT(iget(m, "committed"), 1000);
    json_decref(m);
    pos = position(f, "2026-04-01");
    auth = json_object_get(pos, "commitment_authority");
    CHECK_STR(sget(auth, "signed_percent"), "63.60"); /* 242,375,000 / 381,075,000 */
    CHECK(json_is_true(json_object_get(auth, "reached")));
    json_decref(pos);

    /* The boundary: exactly gate% is enough; cancelled pledges do not
     * count. */
    int64_t g = fund_new("GATE-2", "USD", "50");
    json_t *p1 = STEP(fund_pledge, &op, g, "{\"org_id\":%" PRId64 ",\"currency\":\"USD\","
                      "\"amount\":1000,\"date\":\"2026-01-10\"}", ag_us);
    json_t *p2 = STEP(fund_pledge, &op, g, "{\"org_id\":%" PRId64 ",\"currency\":\"USD\","
                      "\"amount\":1000,\"date\":\"2026-01-10\"}", ag_us);
    json_t *p3 = STEP(fund_pledge, &op, g, "{\"org_id\":%" PRId64 ",\"currency\":\"USD\","
                      "\"amount\":5000,\"date\":\"2026-01-10\"}", ag_us);
    int64_t i1 = iget(p1, "id"), i2 = iget(p2, "id"), i3 = iget(p3, "id");
    json_decref(p1), json_decref(p2), json_decref(p3);
    json_t *x = STEP(fund_cancel_pledge, &op, i3, "{\"date\":\"2026-01-20\"}");
    CHECK_STR(sget(x, "status"), "cancelled");
    json_decref(x);
    REFUSED(SERAI_ECONFLICT, NULL, NULL, fund_sign, &op, i3,
            "{\"amount\":5000,\"date\":\"2026-02-01\",\"instrument\":\"cash\"}");
    REFUSED(SERAI_ECONFLICT, NULL, NULL, fund_cancel_pledge, &op, i3,
            "{\"date\":\"2026-02-01\"}");
    DO(fund_sign, &op, i1, "{\"amount\":999,\"date\":\"2026-02-01\",\"instrument\":\"cash\"}");
    DO(fund_receive, &op, i1, "{\"amount\":999,\"date\":\"2026-02-01\"}");
    cur_fund = g;
    REFUSED(SERAI_EUNPROCESSABLE, NULL, "cover 49.95% of pledges", fund_commit, &op, g,
            "{\"currency\":\"USD\",\"amount\":500,\"date\":\"2026-03-01\",\"title\":"
            "\"G\",\"recipient_org_id\":%" PRId64 "}", uni_ke);
    cur_fund = 0;
    DO(fund_sign, &op, i2, "{\"amount\":1,\"date\":\"2026-02-01\",\"instrument\":\"cash\"}");
    DO(fund_commit, &op, g, "{\"currency\":\"USD\",\"amount\":500,\"date\":\"2026-03-01\","
       "\"title\":\"G\",\"recipient_org_id\":%" PRId64 "}", uni_ke);
    pos = position(g, "2026-03-01");
    FIGURES(by_currency(pos, "USD"), 2000, 1000, 999, 0, 499, 500, 500, 0, 0);
    CHECK_STR(sget(json_object_get(pos, "commitment_authority"), "signed_percent"),
              "50.00");
    json_decref(pos);
    ledger_ok();
    world_close();
}

/* ---- decommitments and a call envelope --------------------------------- */

static int64_t make_call(void)
{
    char dl[CLOCK_ISO_LEN];
    clock_format(clock_now() + 30 * 86400, dl);
    json_t *body = jfmt("{\"programme\":\"Joint Call\",\"edition\":\"2026\","
                        "\"title\":\"Joint call on water\",\"funding_mode\":"
                        "\"real_common_pot\",\"stages\":[{\"kind\":\"full_proposal\","
                        "\"deadline\":\"%s\"}],\"funders\":[{\"organization_id\":%" PRId64
                        ",\"budget\":500000000,\"currency\":\"EUR\"}]}", dl, ag_de);
    json_t *out = NULL;
    serai_err err;
    int64_t id = 0;
    if (call_create(s, &op, body, &out, &err) == SERAI_OK)
        id = iget(out, "id");
    else
        fprintf(stderr, "call_create: %s %s\n", err.field, err.detail);
    json_decref(body);
    json_decref(out);
    return id;
}

static void test_decommit_and_envelope(void)
{
    world_open();
    int64_t f = fund_new("DCM-1", "EUR", "0");
    json_t *a = STEP(fund_pledge, &op, f, "{\"org_id\":%" PRId64 ",\"currency\":\"EUR\","
                     "\"amount\":1000000,\"date\":\"2026-01-10\"}", ag_de);
    int64_t ca = iget(a, "id");
    json_decref(a);
    DO(fund_sign, &op, ca, "{\"amount\":1000000,\"date\":\"2026-02-01\",\"instrument\":\"cash\"}");
    DO(fund_receive, &op, ca, "{\"amount\":1000000,\"date\":\"2026-03-01\"}");

    /* All of it released before any payment: cancelled. */
    json_t *m = STEP(fund_commit, &op, f, "{\"currency\":\"EUR\",\"amount\":300000,"
                     "\"date\":\"2026-04-01\",\"title\":\"C1\",\"recipient_org_id\":%"
                     PRId64 "}", uni_ke);
    int64_t k1 = iget(m, "id");
    json_decref(m);
    m = step_at(__LINE__, fund_decommit, &op, k1, 300000, "{\"date\":\"2026-04-15\"}");
    CHECK_STR(sget(m, "status"), "cancelled");
    CHECK_INT(iget(m, "committed"), 0);
    CHECK_INT(iget(m, "outstanding"), 0);
    json_decref(m);
    cur_fund = f;
    REFUSED(SERAI_ECONFLICT, NULL, "cancelled", fund_decommit, &op, k1,
            "{\"date\":\"2026-04-16\"}");
    REFUSED(SERAI_ECONFLICT, NULL, "cancelled", fund_disburse, &op, k1,
            "{\"amount\":1,\"date\":\"2026-04-16\"}");
    cur_fund = 0;

    /* Released in part, then the rest after a payment: closed. */
    m = STEP(fund_commit, &op, f, "{\"currency\":\"EUR\",\"amount\":400000,"
             "\"date\":\"2026-05-01\",\"title\":\"C2\",\"recipient_org_id\":%" PRId64 "}",
             uni_ke);
    int64_t k2 = iget(m, "id");
    json_decref(m);
    DO(fund_disburse, &op, k2, "{\"amount\":100000,\"date\":\"2026-05-10\"}");
    m = STEP(fund_decommit, &op, k2, "{\"amount\":100000,\"date\":\"2026-06-01\"}");
    CHECK_STR(sget(m, "status"), "committed");
    CHECK_INT(iget(m, "committed"), 300000);
    CHECK_INT(iget(m, "outstanding"), 200000);
    json_decref(m);
    cur_fund = f;
    REFUSED(SERAI_EUNPROCESSABLE, "/amount", NULL, fund_decommit, &op, k2,
            "{\"amount\":200001,\"date\":\"2026-06-02\"}");
    /* Closing with part of it only would strand the rest: refused. */
    REFUSED(SERAI_EUNPROCESSABLE, "/close", "closing releases all", fund_decommit,
            &op, k2, "{\"amount\":50000,\"close\":true,\"date\":\"2026-06-02\"}");
    cur_fund = 0;
    m = step_at(__LINE__, fund_decommit, &op, k2, 200000, "{\"date\":\"2026-06-02\"}");
    CHECK_STR(sget(m, "status"), "closed");
    CHECK_INT(iget(m, "committed"), 100000);
    CHECK_INT(iget(m, "disbursed"), 100000);
    CHECK_INT(iget(m, "outstanding"), 0);
    json_decref(m);
    cur_fund = f;
    REFUSED(SERAI_ECONFLICT, NULL, "closed", fund_disburse, &op, k2,
            "{\"amount\":1,\"date\":\"2026-06-03\"}");
    cur_fund = 0;
    /* A recipient may still give back what it did not spend. */
    m = STEP(fund_return, &op, k2, "{\"amount\":100000,\"date\":\"2026-12-01\"}");
    CHECK_INT(iget(m, "returned"), 100000);
    json_decref(m);
    json_t *pos = position(f, "2026-12-31");
    FIGURES(by_currency(pos, "EUR"), 1000000, 1000000, 1000000, 0, 1000000, 100000, 0,
            100000, 100000);
    FIGURES(json_object_get(pos, "total"), 1000000, 1000000, 1000000, 0, 1000000, 100000,
            0, 100000, 100000);
    CHECK_INT(json_array_size(json_object_get(pos, "rates")), 0);
    json_decref(pos);

    /* A call's envelope: no recipient until the money is paid out. */
    int64_t call = make_call();
    CHECK(call > 0);
    cur_fund = f;
    REFUSED(SERAI_EUNPROCESSABLE, "/recipient_org_id", NULL, fund_commit, &op, f,
            "{\"currency\":\"EUR\",\"amount\":1,\"date\":\"2026-07-01\",\"title\":\"E\"}");
    REFUSED(SERAI_EUNPROCESSABLE, "/call_id", NULL, fund_commit, &op, f,
            "{\"currency\":\"EUR\",\"amount\":1,\"date\":\"2026-07-01\",\"title\":\"E\","
            "\"call_id\":999999}");
    REFUSED(SERAI_EUNPROCESSABLE, "/end", NULL, fund_commit, &op, f,
            "{\"currency\":\"EUR\",\"amount\":1,\"date\":\"2026-07-01\",\"title\":\"E\","
            "\"call_id\":%" PRId64 ",\"start\":\"2026-08-01\",\"end\":\"2026-07-31\"}", call);
    cur_fund = 0;
    if (call > 0) {
        m = STEP(fund_commit, &op, f, "{\"currency\":\"EUR\",\"amount\":200000,"
                 "\"date\":\"2026-07-01\",\"title\":\"Envelope\",\"call_id\":%" PRId64 "}",
                 call);
        int64_t env = iget(m, "id");
        CHECK(json_is_null(json_object_get(m, "recipient_org_id")));
        CHECK_INT(iget(m, "call_id"), call);
        json_decref(m);
        cur_fund = f;
        REFUSED(SERAI_EUNPROCESSABLE, "/recipient_org_id", "envelope", fund_disburse, &op,
                env, "{\"amount\":50000,\"date\":\"2026-08-01\"}");
        REFUSED(SERAI_EUNPROCESSABLE, "/recipient_org_id", NULL, fund_disburse, &op, env,
                "{\"amount\":50000,\"date\":\"2026-08-01\",\"recipient_org_id\":999999}");
        cur_fund = 0;
        DO(fund_disburse, &op, env, "{\"amount\":50000,\"date\":\"2026-08-01\","
           "\"recipient_org_id\":%" PRId64 "}", uni_ke);
        DO(fund_disburse, &op, env, "{\"amount\":70000,\"date\":\"2026-08-02\","
           "\"recipient_org_id\":%" PRId64 "}", uni_de);
        cur_fund = f;
        REFUSED(SERAI_EUNPROCESSABLE, "/org_id", NULL, fund_return, &op, env,
                "{\"amount\":1,\"date\":\"2026-09-01\"}");
        /* Each organisation gives back at most what it got. */
        REFUSED(SERAI_EUNPROCESSABLE, "/amount", NULL, fund_return, &op, env,
                "{\"amount\":50001,\"date\":\"2026-09-01\",\"org_id\":%" PRId64 "}",
                uni_ke);
        REFUSED(SERAI_EUNPROCESSABLE, "/amount", NULL, fund_return, &op, env,
                "{\"amount\":1,\"date\":\"2026-09-01\",\"org_id\":%" PRId64 "}", ag_fr);
        cur_fund = 0;
        m = STEP(fund_return, &op, env, "{\"amount\":50000,\"date\":\"2026-09-01\","
                 "\"org_id\":%" PRId64 "}", uni_ke);
        CHECK_INT(iget(m, "disbursed"), 120000);
        CHECK_INT(iget(m, "returned"), 50000);
        CHECK_INT(iget(m, "outstanding"), 80000);
        json_decref(m);
        cur_fund = f;
        REFUSED(SERAI_EUNPROCESSABLE, "/amount", NULL, fund_return, &op, env,
                "{\"amount\":1,\"date\":\"2026-09-02\",\"org_id\":%" PRId64 "}", uni_ke);
        cur_fund = 0;
        pos = position(f, "2026-12-31");
        /* available 1,000,000 - 200,000 + 50,000 */
        FIGURES(by_currency(pos, "EUR"), 1000000, 1000000, 1000000, 0, 850000, 300000,
                80000, 220000, 150000);
        json_decref(pos);
        /* A call_pot fund names an existing call. */
        json_t *body = jfmt("{\"code\":\"POT-1\",\"name\":\"Pot\",\"kind\":\"call_pot\","
                            "\"currency\":\"EUR\",\"call_id\":%" PRId64 "}", call);
        json_t *out = NULL;
        serai_err err;
        CHECK_INT(fund_create(s, &op, body, &out, &err), SERAI_OK);
        CHECK_INT(iget(out, "call_id"), call);
        json_decref(out);
        json_decref(body);
    }
    ledger_ok();
    world_close();
}

/* ---- statements, rights and sheets -------------------------------------- */

static void test_statement_rights_sheets(void)
{
    world_open();
    int64_t f = fund_new("STMT-1", "EUR", "0");
    rate("CNY", "EUR", "2026-01-01", "0.1281");
    json_t *a = STEP(fund_pledge, &op, f, "{\"org_id\":%" PRId64 ",\"currency\":\"EUR\","
                     "\"amount\":30000000,\"date\":\"2026-01-10\"}", ag_de);
    json_t *e = STEP(fund_pledge, &op, f, "{\"org_id\":%" PRId64 ",\"currency\":\"EUR\","
                     "\"amount\":100000000,\"date\":\"2026-01-11\"}", ag_fr);
    json_t *b = STEP(fund_pledge, &op, f, "{\"org_id\":%" PRId64 ",\"currency\":\"CNY\","
                     "\"amount\":50000000,\"date\":\"2026-01-12\"}", ag_cn);
    int64_t ca = iget(a, "id"), ce = iget(e, "id"), cb = iget(b, "id");
    json_decref(a), json_decref(e), json_decref(b);
    DO(fund_sign, &op, ca, "{\"amount\":30000000,\"date\":\"2026-02-01\",\"instrument\":\"cash\"}");
    DO(fund_sign, &op, ce, "{\"amount\":100000000,\"date\":\"2026-02-02\",\"instrument\":\"cash\"}");
    DO(fund_sign, &op, cb, "{\"amount\":50000000,\"date\":\"2026-02-03\",\"instrument\":\"cash\"}");
    /* Recorded in another order than their value dates. */
    DO(fund_receive, &op, ca, "{\"amount\":20000000,\"date\":\"2026-04-01\"}");
    DO(fund_receive, &op, ca, "{\"amount\":10000000,\"date\":\"2026-03-01\",\"note\":\"first\"}");
    DO(fund_receive, &op, ce, "{\"amount\":70000000,\"date\":\"2026-03-02\"}");
    DO(fund_receive, &op, cb, "{\"amount\":50000000,\"date\":\"2026-03-03\"}");
    json_t *m;
    m = STEP(fund_commit, &op, f, "{\"currency\":\"EUR\",\"amount\":33333333,\"date\":"
             "\"2026-05-01\",\"title\":\"Grant KE\",\"recipient_org_id\":%" PRId64 "}", uni_ke);
    int64_t s1 = iget(m, "id");
    json_decref(m);
    m = STEP(fund_commit, &op, f, "{\"currency\":\"EUR\",\"amount\":12345,\"date\":"
             "\"2026-05-02\",\"title\":\"Grant DE\",\"recipient_org_id\":%" PRId64 "}", uni_de);
    int64_t s2 = iget(m, "id");
    json_decref(m);
    m = STEP(fund_commit, &op, f, "{\"currency\":\"CNY\",\"amount\":10000000,\"date\":"
             "\"2026-05-03\",\"title\":\"Grant KE CNY\",\"recipient_org_id\":%" PRId64 "}",
             uni_ke);
    int64_t s3 = iget(m, "id");
    json_decref(m);
    m = STEP(fund_commit, &op, f, "{\"currency\":\"EUR\",\"amount\":500,\"date\":"
             "\"2026-05-04\",\"title\":\"Unpaid\",\"recipient_org_id\":%" PRId64 "}", uni_de);
    json_decref(m);
    DO(fund_disburse, &op, s1, "{\"amount\":33333333,\"date\":\"2026-06-01\"}");
    DO(fund_disburse, &op, s2, "{\"amount\":12345,\"date\":\"2026-06-02\"}");
    DO(fund_disburse, &op, s3, "{\"amount\":10000000,\"date\":\"2026-06-03\"}");
    DO(fund_return, &op, s2, "{\"amount\":1000,\"date\":\"2026-11-30\",\"note\":\"unspent\"}");

    /* The statement of Agency DE: its steps by value date with running
     * totals, and its 30% share of the EUR paid in, attributed. */
    json_t *st = NULL;
    serai_err err;
    CHECK_INT(fund_statement(s, &op, f, ag_de, &st, &err), SERAI_OK);
    CHECK_STR(sget(st, "fund_code"), "STMT-1");
    CHECK_STR(sget(st, "country"), "DE");
    json_t *en = json_object_get(st, "entries");
    CHECK_INT(json_array_size(en), 4);
    static const struct {
        const char *kind, *date;
        int64_t amount, pledged, signed_amount, paid;
    } want[] = {
        {"pledge", "2026-01-10", 30000000, 30000000, 0, 0},
        {"sign", "2026-02-01", 30000000, 30000000, 30000000, 0},
        {"receive", "2026-03-01", 10000000, 30000000, 30000000, 10000000},
        {"receive", "2026-04-01", 20000000, 30000000, 30000000, 30000000},
    };
    for (size_t i = 0; i < 4 && i < json_array_size(en); i++) {
        json_t *x = json_array_get(en, i);
        CHECK_STR(sget(x, "kind"), want[i].kind);
        CHECK_STR(sget(x, "date"), want[i].date);
        CHECK_INT(iget(x, "amount"), want[i].amount);
        CHECK_INT(iget(x, "pledged_to_date"), want[i].pledged);
        CHECK_INT(iget(x, "signed_to_date"), want[i].signed_amount);
        CHECK_INT(iget(x, "paid_to_date"), want[i].paid);
        CHECK_INT(iget(x, "contribution_id"), ca);
        ledger_transfer t;
        CHECK_INT(ledger_store_transfer(s, iget(x, "transfer_id"), &t, &err), SERAI_OK);
        CHECK_INT(t.amount, want[i].amount);
    }
    CHECK_STR(sget(json_array_get(en, 2), "note"), "first");
    json_t *tot = json_array_get(json_object_get(st, "totals"), 0);
    CHECK_INT(json_array_size(json_object_get(st, "totals")), 1);
    CHECK_STR(sget(tot, "currency"), "EUR");
    CHECK_INT(iget(tot, "pledged"), 30000000);
    CHECK_INT(iget(tot, "paid"), 30000000);
    json_t *went = json_object_get(st, "where_it_went");
    /* Not the CNY grant (nothing of DE's in CNY), not the unpaid one. */
    CHECK_INT(json_array_size(went), 2);
    json_t *w1 = json_array_get(went, 0), *w2 = json_array_get(went, 1);
    CHECK_INT(iget(w1, "commitment_id"), s1);
    CHECK_INT(iget(w1, "disbursed_net"), 33333333);
    CHECK_INT(iget(w1, "attributed"), 10000000); /* 9,999,999.9 */
    CHECK_STR(sget(w1, "country"), "KE");
    CHECK_INT(iget(w2, "commitment_id"), s2);
    CHECK_INT(iget(w2, "disbursed_net"), 11345);
    CHECK_INT(iget(w2, "attributed"), 3404); /* 3,403.5 to even */
    json_decref(st);
    CHECK_INT(fund_statement(s, &op, f, ag_cn, &st, &err), SERAI_OK);
    went = json_object_get(st, "where_it_went");
    CHECK_INT(json_array_size(went), 1);
    CHECK_INT(iget(json_array_get(went, 0), "commitment_id"), s3);
    CHECK_INT(iget(json_array_get(went, 0), "attributed"), 10000000);
    json_decref(st);

    /* ---- rights ---- */
    actor funder = {.role = ROLE_FUNDER, .org_id = ag_de};
    actor orgless = {.role = ROLE_FUNDER};
    actor observer = {.role = ROLE_OBSERVER};
    actor applicant = {.role = ROLE_APPLICANT};
    actor pub = actor_public();
    snprintf(funder.label, sizeof funder.label, "funder");
    json_t *g = NULL;
    CHECK_INT(fund_get(s, &funder, f, &g, &err), SERAI_OK);
    json_t *cs = json_object_get(g, "contributions");
    CHECK_INT(json_array_size(cs), 1);
    CHECK_INT(iget(json_array_get(cs, 0), "org_id"), ag_de);
    CHECK_INT(json_array_size(json_object_get(g, "commitments")), 4);
    json_decref(g);
    CHECK_INT(fund_get(s, &observer, f, &g, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(g, "contributions")), 3);
    json_decref(g);
    CHECK_INT(fund_get(s, &pub, f, &g, &err), SERAI_OK);
    CHECK(g != NULL && json_object_get(g, "contributions") == NULL);
    CHECK(json_object_get(g, "position") != NULL);
    CHECK_INT(json_array_size(json_object_get(g, "commitments")), 4);
    json_decref(g);
    CHECK_INT(fund_get(s, &orgless, f, &g, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(g, "contributions")), 0);
    json_decref(g);
    CHECK_INT(fund_get(s, &pub, 999999, &g, &err), SERAI_ENOTFOUND);

    CHECK_INT(fund_statement(s, &funder, f, ag_de, &st, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(st, "entries")), 4);
    json_decref(st);
    st = NULL;
    CHECK_INT(fund_statement(s, &funder, f, ag_fr, &st, &err), SERAI_EFORBIDDEN);
    CHECK(st == NULL);
    CHECK_INT(fund_statement(s, &orgless, f, ag_de, &st, &err), SERAI_EFORBIDDEN);
    CHECK_INT(fund_statement(s, &applicant, f, ag_de, &st, &err), SERAI_EFORBIDDEN);
    CHECK_INT(fund_statement(s, &pub, f, ag_de, &st, &err), SERAI_EUNAUTH);
    CHECK_INT(fund_statement(s, &observer, f, ag_fr, &st, &err), SERAI_OK);
    json_decref(st);

    json_t *cj = NULL;
    CHECK_INT(fund_contribution_get(s, &funder, ca, &cj, &err), SERAI_OK);
    CHECK_INT(iget(cj, "received"), 30000000);
    json_decref(cj);
    cj = NULL;
    CHECK_INT(fund_contribution_get(s, &funder, ce, &cj, &err), SERAI_ENOTFOUND);
    CHECK(cj == NULL);
    CHECK_INT(fund_contribution_get(s, &pub, ca, &cj, &err), SERAI_ENOTFOUND);
    CHECK_INT(fund_contribution_get(s, &observer, ce, &cj, &err), SERAI_OK);
    json_decref(cj);
    CHECK_INT(fund_commitment_get(s, &pub, s2, &cj, &err), SERAI_OK);
    CHECK_INT(iget(cj, "returned"), 1000);
    json_decref(cj);

    /* ---- sheets ---- */
    char *bytes = NULL;
    size_t len = 0;
    CHECK_INT(fund_sheet(s, &op, f, "csv", "position", &bytes, &len, &err), SERAI_OK);
    CHECK(bytes && starts(bytes, "currency,pledged,signed,received,notes,available,"
                                  "committed,outstanding,disbursed,returned\r\n"));
    /* EUR: available 1,000,000.00 - 333,333.33 - 123.45 - 5.00 + 10.00 =
     * 666,548.22, and 1,000,000.00 + 10.00 = 666,548.22 + 5.00 + 333,456.78 */
    CHECK(bytes && strstr(bytes, "\r\nCNY,500000.00,500000.00,500000.00,0.00,400000.00,"
                                 "100000.00,0.00,100000.00,0.00\r\n"));
    CHECK(bytes && strstr(bytes, "\r\nEUR,1300000.00,1300000.00,1000000.00,0.00,666548.22,"
                                 "333461.78,5.00,333456.78,10.00\r\n"));
    free(bytes);
    char line[512];
    CHECK_INT(fund_sheet(s, &op, f, "csv", "contributions", &bytes, &len, &err), SERAI_OK);
    CHECK(bytes && starts(bytes, "id,contributor,country,currency,pledged,pledged_on,"
                                  "signed,signed_on,instrument,received,encashed,"
                                  "outstanding,status\r\n"));
    snprintf(line, sizeof line, "\r\n%" PRId64 ",Agency DE,DE,EUR,300000.00,2026-01-10,"
             "300000.00,2026-02-01,cash,300000.00,0.00,0.00,paid\r\n", ca);
    CHECK(bytes && strstr(bytes, line));
    snprintf(line, sizeof line, "\r\n%" PRId64 ",Agence FR,FR,EUR,1000000.00,2026-01-11,"
             "1000000.00,2026-02-02,cash,700000.00,0.00,300000.00,signed\r\n", ce);
    CHECK(bytes && strstr(bytes, line));
    free(bytes);
    /* A funder's sheet holds its own contributions only. */
    CHECK_INT(fund_sheet(s, &funder, f, "csv", "contributions", &bytes, &len, &err),
              SERAI_OK);
    CHECK(bytes && strstr(bytes, "Agency DE") && !strstr(bytes, "Agence FR") &&
          !strstr(bytes, "Foundation CN"));
    free(bytes);
    CHECK_INT(fund_sheet(s, &op, f, "csv", "commitments", &bytes, &len, &err), SERAI_OK);
    CHECK(bytes && starts(bytes, "id,title,recipient,country,call_id,proposal_id,currency,"
                                  "committed,disbursed,returned,outstanding,committed_on,"
                                  "status\r\n"));
    snprintf(line, sizeof line, "\r\n%" PRId64 ",Grant DE,University DE,DE,,,EUR,123.45,"
             "123.45,10.00,0.00,2026-05-02,committed\r\n", s2);
    CHECK(bytes && strstr(bytes, line));
    free(bytes);
    CHECK_INT(fund_sheet(s, &op, f, "csv", "transactions", &bytes, &len, &err), SERAI_OK);
    CHECK(bytes && starts(bytes, "transfer_id,date,kind,contribution_id,commitment_id,"
                                  "organisation,country,currency,amount,note\r\n"));
    int64_t ret_id = count("SELECT id FROM fund_txn WHERE kind = 'return' AND "
                           "commitment_id = $1", s2);
    snprintf(line, sizeof line, "\r\n%" PRId64 ",2026-11-30,return,,%" PRId64
             ",University DE,DE,EUR,10.00,unspent\r\n", FUND_LEDGER_BASE + ret_id, s2);
    CHECK(bytes && strstr(bytes, line));
    free(bytes);
    /* A funder's transactions: its own contributions' and every
     * commitment's, not another contributor's. */
    CHECK_INT(fund_sheet(s, &funder, f, "csv", "transactions", &bytes, &len, &err), SERAI_OK);
    CHECK(bytes && strstr(bytes, line) && strstr(bytes, "Agency DE") &&
          !strstr(bytes, "Agence FR"));
    free(bytes);
    CHECK_INT(fund_sheet(s, &op, f, "xlsx", NULL, &bytes, &len, &err), SERAI_OK);
    CHECK(bytes && len > 100 && bytes[0] == 'P' && bytes[1] == 'K');
    free(bytes);
    bytes = NULL;
    CHECK_INT(fund_sheet(s, &op, f, "csv", "budget", &bytes, &len, &err), SERAI_EINVAL);
    CHECK_STR(err.field, "/tab");
    CHECK_INT(fund_sheet(s, &op, f, "ods", NULL, &bytes, &len, &err), SERAI_EINVAL);
    CHECK_STR(err.field, "/format");
    CHECK_INT(fund_sheet(s, &applicant, f, "csv", "position", &bytes, &len, &err),
              SERAI_EFORBIDDEN);
    CHECK_INT(fund_sheet(s, &pub, f, "csv", "position", &bytes, &len, &err), SERAI_EUNAUTH);
    CHECK(bytes == NULL);

    /* The list: every fund with its position. */
    json_t *list = NULL;
    CHECK_INT(fund_list(s, &pub, &list, &err), SERAI_OK);
    json_t *items = json_object_get(list, "items");
    CHECK_INT(json_array_size(items), 1);
    CHECK_STR(sget(json_array_get(items, 0), "code"), "STMT-1");
    CHECK(json_is_object(json_object_get(json_array_get(items, 0), "position")));
    json_decref(list);
    ledger_ok();
    world_close();
}

/* ---- flows per country -------------------------------------------------- */

static json_t *country_row(json_t *block, const char *country)
{
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(block, "countries"), i, row)
        if (strcmp(sget(row, "country"), country) == 0)
            return row;
    return NULL;
}

static void flow_is(int line, json_t *block, const char *country, int64_t contributed,
                    int64_t received, const char *cshare, const char *rshare,
                    const char *fair)
{
    json_t *row = country_row(block, country);
    check_count++;
    if (row == NULL) {
        check_failures++;
        fprintf(stderr, "%s:%d: no row for %s\n", __FILE__, line, country);
        return;
    }
    const char *fr = sget(row, "fair_return");
    bool ok = iget(row, "contributed") == contributed &&
              iget(row, "received") == received &&
              sget(row, "contribution_share") &&
              strcmp(sget(row, "contribution_share"), cshare) == 0 &&
              sget(row, "receipt_share") && strcmp(sget(row, "receipt_share"), rshare) == 0 &&
              (fair ? fr && strcmp(fr, fair) == 0
                    : json_is_null(json_object_get(row, "fair_return")));
    check_count++;
    if (!ok) {
        check_failures++;
        fprintf(stderr, "%s:%d: %s: got %" PRId64 " %" PRId64 " %s %s %s, expected %" PRId64
                " %" PRId64 " %s %s %s\n", __FILE__, line, country,
                iget(row, "contributed"), iget(row, "received"),
                sget(row, "contribution_share"), sget(row, "receipt_share"),
                fr ? fr : "null", contributed, received, cshare, rshare,
                fair ? fair : "null");
    }
}
#define FLOW(...) flow_is(__LINE__, __VA_ARGS__)

static void test_flows(void)
{
    world_open();
    int64_t f = fund_new("FLOW-1", "USD", "0");
    json_t *a = STEP(fund_pledge, &op, f, "{\"org_id\":%" PRId64 ",\"currency\":\"EUR\","
                     "\"amount\":100000000,\"date\":\"2026-01-10\"}", ag_de);
    json_t *b = STEP(fund_pledge, &op, f, "{\"org_id\":%" PRId64 ",\"currency\":\"CNY\","
                     "\"amount\":500000000,\"date\":\"2026-01-12\"}", ag_cn);
    json_t *c = STEP(fund_pledge, &op, f, "{\"org_id\":%" PRId64 ",\"currency\":\"USD\","
                     "\"amount\":30000000,\"date\":\"2026-01-15\"}", ag_us);
    int64_t ca = iget(a, "id"), cb = iget(b, "id"), cc = iget(c, "id");
    json_decref(a), json_decref(b), json_decref(c);
    DO(fund_sign, &op, ca, "{\"amount\":100000000,\"date\":\"2026-02-01\",\"instrument\":\"cash\"}");
    DO(fund_sign, &op, cb, "{\"amount\":500000000,\"date\":\"2026-02-01\",\"instrument\":\"cash\"}");
    DO(fund_sign, &op, cc, "{\"amount\":30000000,\"date\":\"2026-02-01\",\"instrument\":\"cash\"}");
    DO(fund_receive, &op, ca, "{\"amount\":60000000,\"date\":\"2026-03-01\"}");
    DO(fund_receive, &op, ca, "{\"amount\":40000000,\"date\":\"2027-02-01\"}");
    DO(fund_receive, &op, cb, "{\"amount\":500000000,\"date\":\"2026-04-01\"}");
    DO(fund_receive, &op, cc, "{\"amount\":30000000,\"date\":\"2027-03-01\"}");
    json_t *m;
    m = STEP(fund_commit, &op, f, "{\"currency\":\"EUR\",\"amount\":50000000,\"date\":"
             "\"2026-05-01\",\"title\":\"M1\",\"recipient_org_id\":%" PRId64 "}", uni_ke);
    int64_t m1 = iget(m, "id");
    json_decref(m);
    m = STEP(fund_commit, &op, f, "{\"currency\":\"CNY\",\"amount\":300000000,\"date\":"
             "\"2026-05-02\",\"title\":\"M2\",\"recipient_org_id\":%" PRId64 "}", uni_de);
    int64_t m2 = iget(m, "id");
    json_decref(m);
    m = STEP(fund_commit, &op, f, "{\"currency\":\"USD\",\"amount\":10000000,\"date\":"
             "\"2027-03-02\",\"title\":\"M3\",\"recipient_org_id\":%" PRId64 "}", uni_ke);
    int64_t m3 = iget(m, "id");
    json_decref(m);
    DO(fund_disburse, &op, m1, "{\"amount\":30000000,\"date\":\"2026-06-01\"}");
    DO(fund_disburse, &op, m1, "{\"amount\":20000000,\"date\":\"2027-04-01\"}");
    DO(fund_disburse, &op, m2, "{\"amount\":300000000,\"date\":\"2026-07-01\"}");
    DO(fund_return, &op, m2, "{\"amount\":10000000,\"date\":\"2027-05-01\"}");
    DO(fund_disburse, &op, m3, "{\"amount\":10000000,\"date\":\"2027-06-01\"}");

    /* Each flow in USD at the rate of its value date:
     *   contributed  DE 600,000.00 EUR * 1.0825 = 649,500.00 (2026)
     *                   400,000.00 EUR * 1.1    = 440,000.00 (2027)
     *                CN 5,000,000.00 CNY * 0.1387 = 693,500.00 (2026)
     *                US 300,000.00 (2027)
     *   received     KE 300,000.00 EUR * 1.0825 = 324,750.00 (2026)
     *                   200,000.00 EUR * 1.1 + 100,000.00 USD = 320,000.00 (2027)
     *                DE 3,000,000.00 CNY * 0.1387 = 416,100.00 (2026)
     *                   less 100,000.00 CNY * 0.14 = 14,000.00 returned (2027)
     * Shares to 4 places, fair return = receipt share / contribution share
     * from the unrounded amounts, half to even. */
    json_t *fl = NULL;
    serai_err err;
    actor pub = actor_public();
    CHECK_INT(fund_flows(s, &pub, f, &fl, &err), SERAI_OK);
    CHECK_STR(sget(fl, "reporting_currency"), "USD");
    json_t *total = json_object_get(fl, "total");
    CHECK_INT(iget(total, "contributed"), 208300000);
    CHECK_INT(iget(total, "received"), 104685000);
    CHECK_INT(json_array_size(json_object_get(total, "countries")), 4);
    /* 69,350,000 / 208,300,000 = 0.33293; 40,210,000 / 104,685,000 =
     * 0.38410; DE fair return 0.38410 / 0.52304 = 0.73437 */
    FLOW(total, "CN", 69350000, 0, "0.3329", "0.0000", "0.0000");
    FLOW(total, "DE", 108950000, 40210000, "0.5230", "0.3841", "0.7344");
    FLOW(total, "KE", 0, 64475000, "0.0000", "0.6159", NULL);
    FLOW(total, "US", 30000000, 0, "0.1440", "0.0000", "0.0000");
    json_t *years = json_object_get(fl, "years");
    CHECK_INT(json_array_size(years), 2);
    json_t *y26 = json_array_get(years, 0), *y27 = json_array_get(years, 1);
    CHECK_INT(iget(y26, "year"), 2026);
    CHECK_INT(iget(y26, "contributed"), 134300000);
    CHECK_INT(iget(y26, "received"), 74085000);
    CHECK_INT(json_array_size(json_object_get(y26, "countries")), 3);
    FLOW(y26, "CN", 69350000, 0, "0.5164", "0.0000", "0.0000");
    FLOW(y26, "DE", 64950000, 41610000, "0.4836", "0.5617", "1.1614");
    FLOW(y26, "KE", 0, 32475000, "0.0000", "0.4383", NULL);
    CHECK_INT(iget(y27, "year"), 2027);
    CHECK_INT(iget(y27, "contributed"), 74000000);
    CHECK_INT(iget(y27, "received"), 30600000);
    CHECK_INT(json_array_size(json_object_get(y27, "countries")), 3);
    /* In 2027 DE gave back more than it got: -1,400,000 / 30,600,000 =
     * -0.045752; fair return -0.045752 / 0.594595 = -0.076946. */
    FLOW(y27, "DE", 44000000, -1400000, "0.5946", "-0.0458", "-0.0769");
    FLOW(y27, "KE", 0, 32000000, "0.0000", "1.0458", NULL);
    FLOW(y27, "US", 30000000, 0, "0.4054", "0.0000", "0.0000");
    json_decref(fl);
    CHECK_INT(fund_flows(s, &pub, 999999, &fl, &err), SERAI_ENOTFOUND);

    /* A flow on a day without a rate fails, naming it. */
    int64_t g = fund_new("FLOW-2", "USD", "0");
    json_t *p = STEP(fund_pledge, &op, g, "{\"org_id\":%" PRId64 ",\"currency\":\"JPY\","
                     "\"amount\":1000,\"date\":\"2026-01-10\"}", ag_de);
    int64_t cp = iget(p, "id");
    json_decref(p);
    DO(fund_sign, &op, cp, "{\"amount\":1000,\"date\":\"2026-01-11\",\"instrument\":\"cash\"}");
    DO(fund_receive, &op, cp, "{\"amount\":1000,\"date\":\"2026-01-12\"}");
    fl = NULL;
    CHECK_INT(fund_flows(s, &pub, g, &fl, &err), SERAI_EUNPROCESSABLE);
    CHECK(strstr(err.detail, "JPY to USD") != NULL);
    CHECK(fl == NULL);
    ledger_ok();
    world_close();
}

int main(void)
{
    RUN(test_create);
    RUN(test_pipeline);
    RUN(test_gate);
    RUN(test_decommit_and_envelope);
    RUN(test_statement_rights_sheets);
    RUN(test_flows);
    return check_report();
}
