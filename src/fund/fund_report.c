/*
 * fund_report.c -- a fund's position, contributor statements, flows per
 * country with the fair-return ratio, and the finance officers' sheets
 * (fund.h, docs/fund.md).
 *
 * Cumulative figures (pledged, signed, received, committed, disbursed,
 * returned) are sums of the fund's steps; what is held now (notes,
 * available, outstanding commitments) is read from the ledger accounts.
 * The two meet in an identity every position states and the tests check:
 *   received + returned = notes + available + outstanding + disbursed.
 * Values in the reporting currency use one rate per currency: the latest
 * on or before the report's day (position), or the step's value date
 * (flows), converted half to even; each rate used is listed.
 */
#include "fund/fund.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/mem.h"
#include "export/sheet.h"
#include "fund/fund_internal.h"
#include "fund/ledger_store.h"
#include "registry/money.h"

/* ---- position ---- */

typedef struct figures {
    char currency[4];
    int64_t pledged, signed_amount, received, notes, available, committed,
        outstanding, disbursed, returned;
} figures;

#define FIGURES_MAX 64 /* currencies in one fund */

static json_t *figures_json(const figures *f)
{
    return json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
                     "currency", f->currency, "pledged", (json_int_t)f->pledged,
                     "signed", (json_int_t)f->signed_amount, "received",
                     (json_int_t)f->received, "notes", (json_int_t)f->notes,
                     "available", (json_int_t)f->available, "committed",
                     (json_int_t)f->committed, "outstanding",
                     (json_int_t)f->outstanding, "disbursed",
                     (json_int_t)f->disbursed, "returned", (json_int_t)f->returned);
}

static figures *figures_for(figures *rows, size_t *n, const char *cur)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(rows[i].currency, cur) == 0)
            return &rows[i];
    if (*n == FIGURES_MAX)
        return NULL;
    figures *f = &rows[(*n)++];
    memset(f, 0, sizeof *f);
    snprintf(f->currency, sizeof f->currency, "%s", cur);
    return f;
}

/* The fund's figures per currency, sorted by currency. */
static serai_code load_figures(store *s, int64_t fund_id, figures *rows,
                               size_t *n, serai_err *err)
{
    *n = 0;
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT currency, kind, SUM(amount) FROM fund_txn WHERE fund_id = $1 "
           "GROUP BY currency, kind ORDER BY currency, kind", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, fund_id);
    int r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        figures *f = figures_for(rows, n, store_col_text(st, 0));
        if (f == NULL)
            continue;
        const char *kind = store_col_text(st, 1);
        int64_t v = store_col_int64(st, 2);
        if (strcmp(kind, "pledge") == 0) f->pledged += v;
        else if (strcmp(kind, "cancel_pledge") == 0) f->pledged -= v;
        else if (strcmp(kind, "sign") == 0) f->signed_amount += v;
        else if (strcmp(kind, "receive") == 0) f->received += v;
        else if (strcmp(kind, "commit") == 0) f->committed += v;
        else if (strcmp(kind, "decommit") == 0) f->committed -= v;
        else if (strcmp(kind, "disburse") == 0) f->disbursed += v;
        else if (strcmp(kind, "return") == 0) f->returned += v;
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return fund_db_error(err);
    /* What is held now, from the ledger. */
    if ((rc = store_prepare(
             s, "SELECT f.part, f.currency, SUM(a.credits_posted - a.debits_posted) "
                "FROM fund_account f JOIN ledger_account a ON a.id = f.id + $2 "
                "WHERE f.fund_id = $1 AND f.part IN ('notes', 'available', "
                "'commitment') GROUP BY f.part, f.currency", &st, err)) != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, fund_id);
    store_bind_int64(st, 2, FUND_LEDGER_BASE);
    while ((r = store_step(st, err)) == STORE_ROW) {
        figures *f = figures_for(rows, n, store_col_text(st, 1));
        if (f == NULL)
            continue;
        const char *part = store_col_text(st, 0);
        int64_t v = store_col_int64(st, 2);
        if (strcmp(part, "notes") == 0) f->notes = v;
        else if (strcmp(part, "available") == 0) f->available = v;
        else f->outstanding = v;
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return fund_db_error(err);
    if (*n == FIGURES_MAX)
        return serai_fail(err, SERAI_ETOOLARGE, NULL,
                          "a fund reports at most %d currencies", FIGURES_MAX);
    return SERAI_OK;
}

static void percent_text(int64_t num, int64_t den, char out[24])
{
    if (den <= 0) {
        snprintf(out, 24, "0.00");
        return;
    }
    int64_t bp = fund_muldiv(num, 10000, den);
    snprintf(out, 24, "%s%" PRId64 ".%02" PRId64, bp < 0 ? "-" : "",
             (bp < 0 ? -bp : bp) / 100, (bp < 0 ? -bp : bp) % 100);
}

serai_code fund_position(store *s, const actor *who, int64_t fund_id,
                         const char *day, json_t **out, serai_err *err)
{
    (void)who; /* published aggregates: everyone reads them */
    *out = NULL;
    fund_info f;
    serai_code rc = fund_info_load(s, fund_id, &f, err);
    if (rc != SERAI_OK)
        return rc;
    char today[11];
    if (day == NULL) {
        clock_today(today);
        day = today;
    } else if (!fund_day_valid(day)) {
        return serai_fail(err, SERAI_EINVAL, "/day",
                          "day must be a real date YYYY-MM-DD, not \"%s\"", day);
    }
    figures rows[FIGURES_MAX];
    size_t n;
    if ((rc = load_figures(s, fund_id, rows, &n, err)) != SERAI_OK)
        return rc;
    figures total = {0};
    snprintf(total.currency, sizeof total.currency, "%s", f.currency);
    json_t *by = json_array(), *rates = json_array();
    fund_converter conv;
    fund_converter_init(&conv, f.currency);
    bool valued = true; /* false when a rate is missing */
    json_t *missing = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(by, figures_json(&rows[i]));
        int64_t *src[] = {&rows[i].pledged, &rows[i].signed_amount,
                          &rows[i].received, &rows[i].notes, &rows[i].available,
                          &rows[i].committed, &rows[i].outstanding,
                          &rows[i].disbursed, &rows[i].returned};
        int64_t *dst[] = {&total.pledged, &total.signed_amount, &total.received,
                          &total.notes, &total.available, &total.committed,
                          &total.outstanding, &total.disbursed, &total.returned};
        const ledger_rate *used = NULL;
        for (size_t k = 0; k < sizeof src / sizeof *src; k++) {
            int64_t v;
            serai_err e2;
            serai_code vr = fund_value(s, &conv, rows[i].currency, day, *src[k],
                                       &v, &used, &e2);
            if (vr == SERAI_EUNPROCESSABLE) {
                valued = false;
                json_array_append_new(missing, json_string(rows[i].currency));
                break;
            }
            if (vr != SERAI_OK) {
                json_decref(by);
                json_decref(rates);
                json_decref(missing);
                *err = e2;
                return vr;
            }
            *dst[k] += v;
        }
        if (used)
            json_array_append_new(rates, json_pack("{s:s, s:s, s:s, s:s}", "base",
                                                   used->base, "quote", used->quote,
                                                   "date", used->date, "rate",
                                                   used->rate));
    }
    /* Commitment authority in the same valuation. */
    char gate[24], cover[24];
    percent_text(f.gate_bp, 10000, gate);
    percent_text(total.signed_amount, total.pledged, cover);
    bool reached = f.gate_bp == 0 ||
                   ((__int128)total.signed_amount * 10000 >=
                        (__int128)f.gate_bp * total.pledged &&
                    total.pledged > 0);
    json_t *j = json_pack(
        "{s:I, s:s, s:s, s:o, s:o, s:o, s:s, s:{s:s, s:s, s:b}}", "fund_id",
        (json_int_t)fund_id, "day", day, "reporting_currency", f.currency,
        "by_currency", by, "total", valued ? figures_json(&total) : json_null(),
        "rates", rates, "rounding", LEDGER_ROUNDING_RULE, "commitment_authority",
        "gate_percent", gate, "signed_percent", valued ? cover : "", "reached",
        f.gate_bp == 0 || (valued && reached));
    if (!valued)
        json_object_set_new(j, "missing_rates", missing);
    else
        json_decref(missing);
    *out = j;
    return SERAI_OK;
}

/* ---- statements ---- */

serai_code fund_statement(store *s, const actor *who, int64_t fund_id,
                          int64_t org_id, json_t **out, serai_err *err)
{
    *out = NULL;
    fund_info f;
    serai_code rc = fund_info_load(s, fund_id, &f, err);
    if (rc != SERAI_OK)
        return rc;
    if (!fund_sees_contributor(who, org_id))
        return serai_fail(err, who->role == ROLE_PUBLIC ? SERAI_EUNAUTH
                                                        : SERAI_EFORBIDDEN, NULL,
                          "a contributor's statement is for the secretariat and "
                          "that contributor");
    store_stmt *st;
    if ((rc = store_prepare(s, "SELECT name, country FROM organization WHERE id = $1",
                            &st, err)) != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, org_id);
    int r = store_step(st, err);
    json_t *j = r == STORE_ROW
                    ? json_pack("{s:I, s:s, s:I, s:s, s:s}", "fund_id",
                                (json_int_t)fund_id, "fund_code", f.code, "org_id",
                                (json_int_t)org_id, "org_name", store_col_text(st, 0),
                                "country", store_col_text(st, 1))
                    : NULL;
    store_reset(st);
    if (r == STORE_ERROR)
        return fund_db_error(err);
    if (r == STORE_DONE)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no organisation %" PRId64,
                          org_id);
    /* Every step of its contributions, with running totals per currency. */
    json_t *entries = json_array();
    figures run[FIGURES_MAX];
    size_t nrun = 0;
    if ((rc = store_prepare(
             s, "SELECT t.id, t.kind, t.contribution_id, t.currency, t.amount, "
                "t.value_date, t.note FROM fund_txn t JOIN fund_contribution c ON "
                "c.id = t.contribution_id WHERE t.fund_id = $1 AND c.org_id = $2 "
                "ORDER BY t.value_date, t.id", &st, err)) != SERAI_OK) {
        json_decref(j);
        json_decref(entries);
        return rc;
    }
    store_bind_int64(st, 1, fund_id);
    store_bind_int64(st, 2, org_id);
    while ((r = store_step(st, err)) == STORE_ROW) {
        const char *kind = store_col_text(st, 1);
        figures *fg = figures_for(run, &nrun, store_col_text(st, 3));
        int64_t v = store_col_int64(st, 4);
        if (fg == NULL)
            continue;
        if (strcmp(kind, "pledge") == 0) fg->pledged += v;
        else if (strcmp(kind, "cancel_pledge") == 0) fg->pledged -= v;
        else if (strcmp(kind, "sign") == 0) fg->signed_amount += v;
        else if (strcmp(kind, "receive") == 0) fg->received += v;
        json_array_append_new(
            entries,
            json_pack("{s:I, s:s, s:I, s:s, s:I, s:s, s:o, s:I, s:I, s:I}",
                      "transfer_id", (json_int_t)(FUND_LEDGER_BASE + store_col_int64(st, 0)),
                      "kind", kind, "contribution_id",
                      (json_int_t)store_col_int64(st, 2), "currency", fg->currency,
                      "amount", (json_int_t)v, "date", store_col_text(st, 5), "note",
                      store_col_null(st, 6) ? json_null()
                                            : json_string(store_col_text(st, 6)),
                      "pledged_to_date", (json_int_t)fg->pledged,
                      "signed_to_date", (json_int_t)fg->signed_amount,
                      "paid_to_date", (json_int_t)fg->received));
    }
    store_reset(st);
    if (r == STORE_ERROR) {
        json_decref(j);
        json_decref(entries);
        return fund_db_error(err);
    }
    json_object_set_new(j, "entries", entries);
    json_t *totals = json_array();
    for (size_t i = 0; i < nrun; i++)
        json_array_append_new(totals, json_pack("{s:s, s:I, s:I, s:I}", "currency",
                                                run[i].currency, "pledged",
                                                (json_int_t)run[i].pledged, "signed",
                                                (json_int_t)run[i].signed_amount,
                                                "paid", (json_int_t)run[i].received));
    json_object_set_new(j, "totals", totals);
    /* Where it went: pooled money is not earmarked, so each net
     * disbursement in a currency is attributed to the contributors in
     * proportion to what each paid in that currency. */
    figures all[FIGURES_MAX];
    size_t nall;
    if ((rc = load_figures(s, fund_id, all, &nall, err)) != SERAI_OK) {
        json_decref(j);
        return rc;
    }
    json_t *went = json_array();
    if ((rc = store_prepare(
             s, "SELECT m.id, m.title, m.currency, m.disbursed - m.returned, "
                "o.name, o.country FROM fund_commitment m LEFT JOIN organization o "
                "ON o.id = m.recipient_org_id WHERE m.fund_id = $1 AND m.disbursed > 0 "
                "ORDER BY m.id", &st, err)) != SERAI_OK) {
        json_decref(j);
        json_decref(went);
        return rc;
    }
    store_bind_int64(st, 1, fund_id);
    while ((r = store_step(st, err)) == STORE_ROW) {
        const char *cur = store_col_text(st, 2);
        int64_t paid = 0, total_recv = 0;
        for (size_t i = 0; i < nrun; i++)
            if (strcmp(run[i].currency, cur) == 0)
                paid = run[i].received;
        for (size_t i = 0; i < nall; i++)
            if (strcmp(all[i].currency, cur) == 0)
                total_recv = all[i].received;
        if (paid == 0 || total_recv == 0)
            continue;
        int64_t net = store_col_int64(st, 3);
        json_array_append_new(
            went, json_pack("{s:I, s:s, s:s, s:o, s:o, s:I, s:I}", "commitment_id",
                            (json_int_t)store_col_int64(st, 0), "title",
                            store_col_text(st, 1), "currency", cur, "recipient",
                            store_col_null(st, 4) ? json_null()
                                                  : json_string(store_col_text(st, 4)),
                            "country",
                            store_col_null(st, 5) ? json_null()
                                                  : json_string(store_col_text(st, 5)),
                            "disbursed_net", (json_int_t)net, "attributed",
                            (json_int_t)fund_muldiv(net, paid, total_recv)));
    }
    store_reset(st);
    if (r == STORE_ERROR) {
        json_decref(j);
        json_decref(went);
        return fund_db_error(err);
    }
    json_object_set_new(j, "where_it_went", went);
    json_object_set_new(j, "attribution",
                        json_string("pro rata: each net disbursement in a currency "
                                    "times this contributor's share of all money "
                                    "paid in that currency, rounded half to even"));
    *out = j;
    return SERAI_OK;
}

/* ---- flows per country and fair return ---- */

typedef struct country_flow {
    char country[3];
    int year;                /* 0: all years */
    int64_t contributed, received;
} country_flow;

typedef struct flow_set {
    country_flow *rows;
    size_t n, cap;
} flow_set;

static country_flow *flow_at(flow_set *fs, const char *country, int year)
{
    for (size_t i = 0; i < fs->n; i++)
        if (fs->rows[i].year == year && strcmp(fs->rows[i].country, country) == 0)
            return &fs->rows[i];
    if (fs->n == fs->cap) {
        fs->cap = fs->cap ? 2 * fs->cap : 64;
        fs->rows = xreallocarray(fs->rows, fs->cap, sizeof *fs->rows);
    }
    country_flow *c = &fs->rows[fs->n++];
    memset(c, 0, sizeof *c);
    snprintf(c->country, sizeof c->country, "%s", country);
    c->year = year;
    return c;
}

static int flow_cmp(const void *a, const void *b)
{
    const country_flow *x = a, *y = b;
    if (x->year != y->year)
        return x->year < y->year ? -1 : 1;
    return strcmp(x->country, y->country);
}

/* share of part in whole as a decimal with 4 places, half to even. */
static json_t *share_json(int64_t part, int64_t whole)
{
    if (whole <= 0)
        return json_null();
    int64_t v = fund_muldiv(part, 10000, whole);
    /* A year's net receipts are negative when returns exceed
     * disbursements: the sign goes in front, not after the point. */
    int64_t a = v < 0 ? -v : v;
    char t[32];
    snprintf(t, sizeof t, "%s%" PRId64 ".%04" PRId64, v < 0 ? "-" : "", a / 10000,
             a % 10000);
    return json_string(t);
}

/* (received / received_total) / (contributed / contributed_total) */
static json_t *ratio_json(const country_flow *c, int64_t recv_total,
                          int64_t contrib_total)
{
    if (c->contributed <= 0 || recv_total <= 0 || contrib_total <= 0)
        return json_null();
    __int128 num = (__int128)c->received * contrib_total * 10000;
    __int128 den = (__int128)recv_total * c->contributed;
    /* num is negative when the country's net receipts are (returns above
     * disbursements): round the magnitude half to even and put the sign in
     * front, as percent_text does. */
    bool neg = num < 0;
    if (neg)
        num = -num;
    __int128 q = num / den, r = num % den;
    if (2 * r > den || (2 * r == den && q % 2 != 0))
        q++;
    char t[48];
    snprintf(t, sizeof t, "%s%" PRId64 ".%04" PRId64, neg && q != 0 ? "-" : "",
             (int64_t)(q / 10000), (int64_t)(q % 10000));
    return json_string(t);
}

static json_t *flows_json(const country_flow *rows, size_t n, int year)
{
    int64_t ct = 0, rt = 0;
    for (size_t i = 0; i < n; i++)
        if (rows[i].year == year) {
            ct += rows[i].contributed;
            rt += rows[i].received;
        }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        const country_flow *c = &rows[i];
        if (c->year != year)
            continue;
        json_array_append_new(
            arr, json_pack("{s:s, s:I, s:I, s:o, s:o, s:o}", "country", c->country,
                           "contributed", (json_int_t)c->contributed, "received",
                           (json_int_t)c->received, "contribution_share",
                           share_json(c->contributed, ct), "receipt_share",
                           share_json(c->received, rt), "fair_return",
                           ratio_json(c, rt, ct)));
    }
    return json_pack("{s:I, s:I, s:o}", "contributed", (json_int_t)ct, "received",
                     (json_int_t)rt, "countries", arr);
}

serai_code fund_flows(store *s, const actor *who, int64_t fund_id, json_t **out,
                      serai_err *err)
{
    (void)who; /* published aggregates */
    *out = NULL;
    fund_info f;
    serai_code rc = fund_info_load(s, fund_id, &f, err);
    if (rc != SERAI_OK)
        return rc;
    store_stmt *st;
    if ((rc = store_prepare(
             s, "SELECT t.kind, t.currency, t.amount, t.value_date, o.country "
                "FROM fund_txn t JOIN organization o ON o.id = t.org_id WHERE "
                "t.fund_id = $1 AND t.kind IN ('receive', 'disburse', 'return') "
                "ORDER BY t.value_date, t.id", &st, err)) != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, fund_id);
    flow_set fs = {0};
    fund_converter conv;
    fund_converter_init(&conv, f.currency);
    int r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        const char *kind = store_col_text(st, 0);
        char day[11], country[3];
        snprintf(day, sizeof day, "%s", store_col_text(st, 3));
        snprintf(country, sizeof country, "%s", store_col_text(st, 4));
        int64_t v;
        /* The statement stays open: conversions read another table. */
        if ((rc = fund_value(s, &conv, store_col_text(st, 1), day,
                             store_col_int64(st, 2), &v, NULL, err)) != SERAI_OK)
            break;
        /* day is YYYY-MM-DD, checked when the step was taken. */
        int year = (day[0] - '0') * 1000 + (day[1] - '0') * 100 +
                   (day[2] - '0') * 10 + (day[3] - '0');
        for (int k = 0; k < 2; k++) {
            country_flow *c = flow_at(&fs, country, k ? year : 0);
            if (strcmp(kind, "receive") == 0) c->contributed += v;
            else if (strcmp(kind, "disburse") == 0) c->received += v;
            else c->received -= v;
        }
    }
    store_reset(st);
    if (rc == SERAI_OK && r == STORE_ERROR)
        rc = fund_db_error(err);
    if (rc != SERAI_OK) {
        free(fs.rows);
        return rc;
    }
    qsort(fs.rows, fs.n, sizeof *fs.rows, flow_cmp);
    json_t *years = json_array();
    for (size_t i = 0; i < fs.n; i++)
        if (fs.rows[i].year != 0 && (i == 0 || fs.rows[i - 1].year != fs.rows[i].year)) {
            json_t *y = flows_json(fs.rows, fs.n, fs.rows[i].year);
            json_object_set_new(y, "year", json_integer(fs.rows[i].year));
            json_array_append_new(years, y);
        }
    json_t *j = json_pack(
        "{s:I, s:s, s:s, s:s, s:o, s:o}", "fund_id", (json_int_t)fund_id,
        "reporting_currency", f.currency, "rounding", LEDGER_ROUNDING_RULE,
        "basis", "contributed: payments received from the country's "
                 "organisations; received: disbursements to its organisations "
                 "less returns; each valued at the rate of its value date. "
                 "fair_return = receipt_share / contribution_share",
        "total", flows_json(fs.rows, fs.n, 0), "years", years);
    free(fs.rows);
    *out = j;
    return SERAI_OK;
}

/* ---- sheets ---- */

static serai_code sheet_position(store *s, int64_t fund_id, sheet *sh,
                                 serai_err *err)
{
    static const char *const h[] = {"currency", "pledged", "signed", "received",
                                     "notes", "available", "committed",
                                     "outstanding", "disbursed", "returned"};
    figures rows[FIGURES_MAX];
    size_t n;
    serai_code rc = load_figures(s, fund_id, rows, &n, err);
    if (rc != SERAI_OK)
        return rc;
    sheet_tab(sh, "Position", h, 10);
    for (size_t i = 0; i < n; i++) {
        const figures *f = &rows[i];
        sheet_text(sh, f->currency);
        int64_t v[] = {f->pledged, f->signed_amount, f->received, f->notes,
                       f->available, f->committed, f->outstanding, f->disbursed,
                       f->returned};
        for (size_t k = 0; k < 9; k++)
            sheet_money(sh, v[k], f->currency);
        sheet_row_end(sh);
    }
    return SERAI_OK;
}

static serai_code sheet_contributions(store *s, const actor *who, int64_t fund_id,
                                      sheet *sh, serai_err *err)
{
    static const char *const h[] = {"id", "contributor", "country", "currency",
                                    "pledged", "pledged_on", "signed", "signed_on",
                                    "instrument", "received", "encashed",
                                    "outstanding", "status"};
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT c.id, o.name, o.country, c.currency, c.pledged, c.pledged_on, "
           "c.signed, c.signed_on, c.instrument, c.received, c.encashed, c.status, "
           "c.org_id FROM fund_contribution c JOIN organization o ON o.id = c.org_id "
           "WHERE c.fund_id = $1 ORDER BY c.id", &st, err);
    if (rc != SERAI_OK)
        return rc;
    sheet_tab(sh, "Contributions", h, 13);
    store_bind_int64(st, 1, fund_id);
    int r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        if (!fund_sees_contributor(who, store_col_int64(st, 12)))
            continue;
        const char *cur = store_col_text(st, 3);
        int64_t sg = store_col_int64(st, 6), rec = store_col_int64(st, 9);
        sheet_int(sh, store_col_int64(st, 0));
        sheet_text(sh, store_col_text(st, 1));
        sheet_text(sh, store_col_text(st, 2));
        sheet_text(sh, cur);
        sheet_money(sh, store_col_int64(st, 4), cur);
        sheet_date(sh, store_col_text(st, 5));
        sheet_money(sh, sg, cur);
        sheet_date(sh, store_col_text(st, 7));
        sheet_text(sh, store_col_text(st, 8));
        sheet_money(sh, rec, cur);
        sheet_money(sh, store_col_int64(st, 10), cur);
        sheet_money(sh, sg > rec ? sg - rec : 0, cur);
        sheet_text(sh, store_col_text(st, 11));
        sheet_row_end(sh);
    }
    store_reset(st);
    return r == STORE_ERROR ? fund_db_error(err) : SERAI_OK;
}

static serai_code sheet_commitments(store *s, int64_t fund_id, sheet *sh,
                                    serai_err *err)
{
    static const char *const h[] = {"id", "title", "recipient", "country",
                                    "call_id", "proposal_id", "currency",
                                    "committed", "disbursed", "returned",
                                    "outstanding", "committed_on", "status"};
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT m.id, m.title, o.name, o.country, m.call_id, m.proposal_id, "
           "m.currency, m.committed, m.disbursed, m.returned, m.committed_on, "
           "m.status FROM fund_commitment m LEFT JOIN organization o ON "
           "o.id = m.recipient_org_id WHERE m.fund_id = $1 ORDER BY m.id", &st, err);
    if (rc != SERAI_OK)
        return rc;
    sheet_tab(sh, "Commitments", h, 13);
    store_bind_int64(st, 1, fund_id);
    int r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        const char *cur = store_col_text(st, 6);
        sheet_int(sh, store_col_int64(st, 0));
        sheet_text(sh, store_col_text(st, 1));
        sheet_text(sh, store_col_text(st, 2));
        sheet_text(sh, store_col_text(st, 3));
        if (store_col_null(st, 4)) sheet_blank(sh);
        else sheet_int(sh, store_col_int64(st, 4));
        if (store_col_null(st, 5)) sheet_blank(sh);
        else sheet_int(sh, store_col_int64(st, 5));
        sheet_text(sh, cur);
        sheet_money(sh, store_col_int64(st, 7), cur);
        sheet_money(sh, store_col_int64(st, 8), cur);
        sheet_money(sh, store_col_int64(st, 9), cur);
        sheet_money(sh, store_col_int64(st, 7) - store_col_int64(st, 8), cur);
        sheet_date(sh, store_col_text(st, 10));
        sheet_text(sh, store_col_text(st, 11));
        sheet_row_end(sh);
    }
    store_reset(st);
    return r == STORE_ERROR ? fund_db_error(err) : SERAI_OK;
}

static serai_code sheet_transactions(store *s, const actor *who, int64_t fund_id,
                                     sheet *sh, serai_err *err)
{
    static const char *const h[] = {"transfer_id", "date", "kind",
                                    "contribution_id", "commitment_id",
                                    "organisation", "country", "currency",
                                    "amount", "note"};
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT t.id, t.value_date, t.kind, t.contribution_id, t.commitment_id, "
           "o.name, o.country, t.currency, t.amount, t.note, t.org_id FROM fund_txn t "
           "LEFT JOIN organization o ON o.id = t.org_id WHERE t.fund_id = $1 "
           "ORDER BY t.value_date, t.id", &st, err);
    if (rc != SERAI_OK)
        return rc;
    sheet_tab(sh, "Transactions", h, 10);
    store_bind_int64(st, 1, fund_id);
    int r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        /* Contributors' steps are theirs to see; commitments are public. */
        if (!store_col_null(st, 3) && !fund_sees_contributor(who, store_col_int64(st, 10)))
            continue;
        const char *cur = store_col_text(st, 7);
        sheet_int(sh, FUND_LEDGER_BASE + store_col_int64(st, 0));
        sheet_date(sh, store_col_text(st, 1));
        sheet_text(sh, store_col_text(st, 2));
        if (store_col_null(st, 3)) sheet_blank(sh);
        else sheet_int(sh, store_col_int64(st, 3));
        if (store_col_null(st, 4)) sheet_blank(sh);
        else sheet_int(sh, store_col_int64(st, 4));
        sheet_text(sh, store_col_text(st, 5));
        sheet_text(sh, store_col_text(st, 6));
        sheet_text(sh, cur);
        sheet_money(sh, store_col_int64(st, 8), cur);
        sheet_text(sh, store_col_text(st, 9));
        sheet_row_end(sh);
    }
    store_reset(st);
    return r == STORE_ERROR ? fund_db_error(err) : SERAI_OK;
}

serai_code fund_sheet(store *s, const actor *who, int64_t fund_id,
                      const char *format, const char *tab, char **out,
                      size_t *len, serai_err *err)
{
    *out = NULL;
    *len = 0;
    static const char *const tabs[] = {"position", "contributions", "commitments",
                                       "transactions"};
    bool csv = strcmp(format, "csv") == 0;
    if (!csv && strcmp(format, "xlsx") != 0)
        return serai_fail(err, SERAI_EINVAL, "/format",
                          "format must be csv or xlsx, not \"%s\"", format);
    int want = -1;
    if (csv) {
        if (tab == NULL)
            tab = "transactions";
        for (int i = 0; i < 4; i++)
            if (strcmp(tab, tabs[i]) == 0)
                want = i;
        if (want < 0)
            return serai_fail(err, SERAI_EINVAL, "/tab",
                              "tab must be position, contributions, commitments "
                              "or transactions, not \"%s\"", tab);
    }
    if (who->role != ROLE_SECRETARIAT && who->role != ROLE_OBSERVER &&
        who->role != ROLE_FUNDER)
        return serai_fail(err, who->role == ROLE_PUBLIC ? SERAI_EUNAUTH
                                                        : SERAI_EFORBIDDEN, NULL,
                          "statements are for the secretariat, observers and funders");
    fund_info f;
    serai_code rc = fund_info_load(s, fund_id, &f, err);
    if (rc != SERAI_OK)
        return rc;
    sheet *sh = sheet_new();
    if (!csv || want == 0) rc = sheet_position(s, fund_id, sh, err);
    if (rc == SERAI_OK && (!csv || want == 1))
        rc = sheet_contributions(s, who, fund_id, sh, err);
    if (rc == SERAI_OK && (!csv || want == 2))
        rc = sheet_commitments(s, fund_id, sh, err);
    if (rc == SERAI_OK && (!csv || want == 3))
        rc = sheet_transactions(s, who, fund_id, sh, err);
    if (rc == SERAI_OK) {
        if (csv) {
            buf b;
            buf_init(&b, (size_t)1 << 30);
            rc = sheet_csv(sh, 0, &b, err);
            if (rc == SERAI_OK) {
                *out = buf_take(&b, len);
            } else {
                buf_free(&b);
            }
        } else {
            rc = sheet_xlsx(sh, out, len, err);
        }
    }
    sheet_free(sh);
    return rc;
}
