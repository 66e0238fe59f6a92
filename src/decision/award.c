/*
 * award.c -- grants that follow a funding decision (decision.h): one per
 * partner and funder, committed in a fund at award, paid in tranches
 * through the fund ledger, with milestones, reports and the partners' own
 * contributions against their co-funding commitment.
 *
 * Every money movement is a fund step (fund/fund.h) run inside this
 * module's transaction, so a grant's rows and the ledger never disagree.
 * A tranche is paid once every report whose period ended on or before the
 * tranche's due date has been accepted (so the last waits for the final
 * report).
 */
#include "decision/decision.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/mem.h"
#include "fund/fund.h"
#include "registry/money.h"

#define AWARD_MAX_TRANCHES 12

static serai_code db_error(serai_err *err)
{
    return err && err->code != SERAI_OK ? err->code : SERAI_ESTORE;
}

/* ---- dates ---- */

static bool day_parse(const char *d, int *y, int *m, int *dd)
{
    char inst[CLOCK_ISO_LEN];
    int64_t t;
    if (d == NULL || strlen(d) != 10)
        return false;
    snprintf(inst, sizeof inst, "%sT00:00:00Z", d);
    if (!clock_parse(inst, &t))
        return false;
    *y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
    *m = (d[5] - '0') * 10 + (d[6] - '0');
    *dd = (d[8] - '0') * 10 + (d[9] - '0');
    return true;
}

static int month_days(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* day + months, the day of the month clamped to the month's length; then
 * minus one day when before_end (the last day of a period). */
static void day_add_months(const char *day, int months, bool before_end, char out[11])
{
    int y, m, d;
    if (!day_parse(day, &y, &m, &d)) {
        snprintf(out, 11, "%s", day);
        return;
    }
    int total = y * 12 + (m - 1) + months;
    y = total / 12;
    m = total % 12 + 1;
    if (d > month_days(y, m))
        d = month_days(y, m);
    if (before_end && --d == 0) {
        if (--m == 0) {
            m = 12;
            y--;
        }
        d = month_days(y, m);
    }
    /* y is 1..9999 here (day_parse accepted the day and months are a
     * project's duration); the wider buffer keeps the compiler's bound. */
    char t[40];
    snprintf(t, sizeof t, "%04d-%02d-%02d", y % 10000, m, d);
    memcpy(out, t, 10);
    out[10] = '\0';
}

static serai_code read_day(json_t *body, const char *key, bool required,
                           const char **out, serai_err *err)
{
    serai_code rc = json_get_string(body, key, required, 10, "", out, err);
    int y, m, d;
    if (rc == SERAI_OK && *out && !day_parse(*out, &y, &m, &d)) {
        char field[32];
        snprintf(field, sizeof field, "/%s", key);
        return serai_fail(err, SERAI_EINVAL, field,
                          "%s must be a real date YYYY-MM-DD, not \"%s\"", key, *out);
    }
    return rc;
}

/* ---- rights ---- */

/* The secretariat, or the applicant account that created the proposal of
 * the award (its consortium's contact). */
static serai_code need_consortium(store *s, const actor *who, int64_t award_id,
                                  serai_err *err)
{
    if (who->role == ROLE_SECRETARIAT)
        return SERAI_OK;
    int64_t creator = 0;
    serai_code rc = store_lookup_id(
        s, "SELECT p.created_by FROM award a JOIN proposal p ON p.id = a.proposal_id "
           "WHERE a.id = $1", award_id, &creator, err);
    if (rc != SERAI_OK)
        return rc;
    if (who->role == ROLE_APPLICANT && who->account_id != 0 && creator == who->account_id)
        return SERAI_OK;
    return serai_fail(err, who->role == ROLE_PUBLIC ? SERAI_EUNAUTH : SERAI_EFORBIDDEN,
                      NULL, "only the consortium's applicant and the secretariat do that");
}

static serai_code need_secretariat(const actor *who, serai_err *err)
{
    if (who->role == ROLE_SECRETARIAT)
        return SERAI_OK;
    return serai_fail(err, who->role == ROLE_PUBLIC ? SERAI_EUNAUTH : SERAI_EFORBIDDEN,
                      NULL, "only the secretariat operates grants");
}

/* ---- reading ---- */

static serai_code award_json(store *s, int64_t id, json_t **out, serai_err *err)
{
    *out = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT a.proposal_id, a.partner_seq, a.org_id, o.name, o.country, "
           "a.funder_org_id, f.name, a.amount, a.currency, a.start_on, a.end_on, "
           "a.fund_id, a.commitment_id, a.own_cash, a.own_in_kind, a.status, "
           "a.created_at FROM award a JOIN organization o ON o.id = a.org_id "
           "JOIN organization f ON f.id = a.funder_org_id WHERE a.id = $1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    if (r == STORE_ROW)
        *out = json_pack(
            "{s:I, s:I, s:I, s:I, s:s, s:s, s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:I, "
            "s:I, s:s}",
            "id", (json_int_t)id, "proposal_id", (json_int_t)store_col_int64(st, 0),
            "partner_seq", (json_int_t)store_col_int64(st, 1), "org_id",
            (json_int_t)store_col_int64(st, 2), "org_name", store_col_text(st, 3),
            "country", store_col_text(st, 4), "funder_org_id",
            (json_int_t)store_col_int64(st, 5), "funder", store_col_text(st, 6),
            "amount", (json_int_t)store_col_int64(st, 7), "currency",
            store_col_text(st, 8), "start", store_col_text(st, 9), "end",
            store_col_text(st, 10), "status", store_col_text(st, 15), "fund_id",
            (json_int_t)store_col_int64(st, 11), "commitment_id",
            (json_int_t)store_col_int64(st, 12), "created_at", store_col_text(st, 16));
    int64_t own_cash = r == STORE_ROW ? store_col_int64(st, 13) : 0;
    int64_t own_kind = r == STORE_ROW ? store_col_int64(st, 14) : 0;
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    if (r == STORE_DONE)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no grant %" PRId64, id);
    json_t *ms = json_array(), *reps = json_array(), *trs = json_array();
    int64_t paid = 0, cash = 0, kind = 0;
    if ((rc = store_prepare(s, "SELECT id, kind, title, due_on, done_on FROM "
                               "award_milestone WHERE award_id = $1 ORDER BY due_on, id",
                            &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        while ((r = store_step(st, err)) == STORE_ROW)
            json_array_append_new(ms, json_pack("{s:I, s:s, s:s, s:s, s:o}", "id",
                                                (json_int_t)store_col_int64(st, 0), "kind",
                                                store_col_text(st, 1), "title",
                                                store_col_text(st, 2), "due",
                                                store_col_text(st, 3), "done",
                                                store_col_null(st, 4) ? json_null()
                                                : json_string(store_col_text(st, 4))));
        store_reset(st);
        if (r == STORE_ERROR)
            rc = db_error(err);
    }
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "SELECT period_end, due_on, submitted_on, accepted_on FROM "
                               "award_report WHERE award_id = $1 ORDER BY period_end",
                            &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        while ((r = store_step(st, err)) == STORE_ROW) {
            const char *status = !store_col_null(st, 3)   ? "accepted"
                                 : !store_col_null(st, 2) ? "submitted"
                                                          : "due";
            json_array_append_new(reps, json_pack("{s:s, s:s, s:o, s:o, s:s}", "period_end",
                                                  store_col_text(st, 0), "due",
                                                  store_col_text(st, 1), "submitted",
                                                  store_col_null(st, 2) ? json_null()
                                                  : json_string(store_col_text(st, 2)),
                                                  "accepted",
                                                  store_col_null(st, 3) ? json_null()
                                                  : json_string(store_col_text(st, 3)),
                                                  "status", status));
        }
        store_reset(st);
        if (r == STORE_ERROR)
            rc = db_error(err);
    }
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "SELECT seq, due_on, amount, paid_on, transfer_id FROM "
                               "award_tranche WHERE award_id = $1 ORDER BY seq", &st,
                            err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        while ((r = store_step(st, err)) == STORE_ROW) {
            if (!store_col_null(st, 3))
                paid += store_col_int64(st, 2);
            json_array_append_new(trs, json_pack("{s:I, s:s, s:I, s:o, s:o}", "seq",
                                                 (json_int_t)store_col_int64(st, 0), "due",
                                                 store_col_text(st, 1), "amount",
                                                 (json_int_t)store_col_int64(st, 2), "paid",
                                                 store_col_null(st, 3) ? json_null()
                                                 : json_string(store_col_text(st, 3)),
                                                 "transfer_id",
                                                 store_col_null(st, 4) ? json_null()
                                                 : json_integer(store_col_int64(st, 4))));
        }
        store_reset(st);
        if (r == STORE_ERROR)
            rc = db_error(err);
    }
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "SELECT kind, SUM(amount) FROM award_cofunding WHERE "
                               "award_id = $1 GROUP BY kind", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        while ((r = store_step(st, err)) == STORE_ROW) {
            if (strcmp(store_col_text(st, 0), "cash") == 0)
                cash = store_col_int64(st, 1);
            else
                kind = store_col_int64(st, 1);
        }
        store_reset(st);
        if (r == STORE_ERROR)
            rc = db_error(err);
    }
    json_object_set_new(*out, "milestones", ms);
    json_object_set_new(*out, "reports", reps);
    json_object_set_new(*out, "tranches", trs);
    json_object_set_new(*out, "paid", json_integer(paid));
    json_object_set_new(*out, "cofunding",
                        json_pack("{s:I, s:I, s:I, s:I}", "committed_cash",
                                  (json_int_t)own_cash, "reported_cash", (json_int_t)cash,
                                  "committed_in_kind", (json_int_t)own_kind,
                                  "reported_in_kind", (json_int_t)kind));
    if (rc != SERAI_OK) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

serai_code award_get(store *s, const actor *who, int64_t award_id, json_t **out,
                     serai_err *err)
{
    *out = NULL;
    serai_code rc = SERAI_OK;
    if (who->role != ROLE_SECRETARIAT && who->role != ROLE_OBSERVER &&
        who->role != ROLE_FUNDER && (rc = need_consortium(s, who, award_id, err)) != SERAI_OK)
        return rc;
    return award_json(s, award_id, out, err);
}

serai_code award_list(store *s, const actor *who, int64_t proposal_id, json_t **out,
                      serai_err *err)
{
    *out = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT id FROM award WHERE proposal_id = $1 ORDER BY id",
                                  &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, proposal_id);
    int64_t *ids = NULL;
    size_t n = 0;
    int r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        ids = xreallocarray(ids, n + 1, sizeof *ids);
        ids[n++] = store_col_int64(st, 0);
    }
    store_reset(st);
    if (r == STORE_ERROR) {
        free(ids);
        return db_error(err);
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n && rc == SERAI_OK; i++) {
        json_t *a;
        if ((rc = award_get(s, who, ids[i], &a, err)) == SERAI_OK)
            json_array_append_new(items, a);
    }
    free(ids);
    if (rc != SERAI_OK) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:I, s:o}", "proposal_id", (json_int_t)proposal_id, "items", items);
    return SERAI_OK;
}

/* ---- creating grants ---- */

typedef struct partner_row {
    int64_t seq, org, funder, amount, own_cash, own_kind;
    char currency[4];
    char name[200];
} partner_row;

/* Every funder of the proposal has signed; the first that has not, else. */
static serai_code check_signed(store *s, int64_t proposal_id, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT d.funder_org_id, o.name, d.status FROM funding_decision d JOIN "
           "organization o ON o.id = d.funder_org_id WHERE d.proposal_id = $1 ORDER BY "
           "d.funder_org_id", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, proposal_id);
    int r, n = 0;
    char bad[300] = "";
    while ((r = store_step(st, err)) == STORE_ROW) {
        n++;
        if (!bad[0] && strcmp(store_col_text(st, 2), "contract_signed") != 0)
            snprintf(bad, sizeof bad, "%s (#%" PRId64 ") is at %s",
                     store_col_text(st, 1), store_col_int64(st, 0), store_col_text(st, 2));
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    if (n == 0)
        return serai_fail(err, SERAI_ECONFLICT, NULL,
                          "proposal %" PRId64 " was not selected for funding", proposal_id);
    if (bad[0])
        return serai_fail(err, SERAI_ECONFLICT, NULL,
                          "every funder signs before the grants: %s", bad);
    return SERAI_OK;
}

serai_code award_create(store *s, const actor *who, int64_t proposal_id, json_t *body,
                        json_t **out, serai_err *err)
{
    static const char *const keys[] = {"fund_id", "start", "tranches", "date", NULL};
    *out = NULL;
    serai_code rc = need_secretariat(who, err);
    if (rc == SERAI_OK)
        rc = json_only_keys(body, keys, "", err);
    int64_t fund_id = 0;
    bool has_fund = false;
    const char *start = NULL;
    if (rc == SERAI_OK)
        rc = json_get_int(body, "fund_id", false, 1, INT64_MAX, "", &fund_id, &has_fund, err);
    if (rc == SERAI_OK)
        rc = read_day(body, "start", false, &start, err);
    const char *award_day = NULL; /* the date of the award: the commitments' */
    if (rc == SERAI_OK)
        rc = read_day(body, "date", false, &award_day, err);
    int64_t pct[AWARD_MAX_TRANCHES] = {40, 40, 20};
    size_t ntr = 3;
    json_t *tr = json_object_get(body, "tranches");
    if (rc == SERAI_OK && tr && !json_is_null(tr)) {
        int64_t sum = 0;
        if (!json_is_array(tr) || json_array_size(tr) == 0 ||
            json_array_size(tr) > AWARD_MAX_TRANCHES)
            rc = serai_fail(err, SERAI_EINVAL, "/tranches",
                            "tranches is a list of 1 to %d percents adding up to 100",
                            AWARD_MAX_TRANCHES);
        ntr = rc == SERAI_OK ? json_array_size(tr) : 0;
        for (size_t i = 0; i < ntr && rc == SERAI_OK; i++) {
            json_t *v = json_array_get(tr, i);
            pct[i] = json_is_integer(v) ? json_integer_value(v) : 0;
            if (pct[i] <= 0 || pct[i] > 100)
                rc = serai_fail(err, SERAI_EINVAL, "/tranches",
                                "tranche %zu is not a whole percent from 1 to 100", i + 1);
            sum += pct[i];
        }
        if (rc == SERAI_OK && sum != 100)
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/tranches",
                            "the tranches add up to %" PRId64 "%%, not 100%%", sum);
    }
    if (rc != SERAI_OK)
        return rc;
    if ((rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    /* The proposal and its call. */
    int64_t call_id = 0, months = 0;
    char acronym[64] = "", day[11] = "";
    store_stmt *st;
    if ((rc = store_prepare(s, "SELECT call_id, COALESCE(acronym, title), duration_months "
                               "FROM proposal WHERE id = $1", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, proposal_id);
        int r = store_step(st, err);
        if (r == STORE_ROW) {
            call_id = store_col_int64(st, 0);
            snprintf(acronym, sizeof acronym, "%s", store_col_text(st, 1));
            months = store_col_int64(st, 2);
        }
        store_reset(st);
        if (r == STORE_ERROR)
            rc = db_error(err);
        else if (r == STORE_DONE)
            rc = serai_fail(err, SERAI_ENOTFOUND, NULL, "no proposal %" PRId64, proposal_id);
    }
    if (rc == SERAI_OK)
        rc = check_signed(s, proposal_id, err);
    int64_t existing = 0;
    if (rc == SERAI_OK &&
        (rc = store_lookup_id(s, "SELECT id FROM award WHERE proposal_id = $1 LIMIT 1",
                              proposal_id, &existing, err)) == SERAI_OK && existing)
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "proposal %" PRId64 " has its grants already", proposal_id);
    if (rc == SERAI_OK && !has_fund) {
        rc = store_lookup_id(s, "SELECT MIN(id) FROM fund WHERE kind = 'call_pot' AND "
                                "call_id = $1", call_id, &fund_id, err);
        if (rc == SERAI_OK && fund_id == 0)
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/fund_id",
                            "call %" PRId64 " has no call_pot fund to commit from: create "
                            "one (serai fund create --kind call_pot --call %" PRId64
                            ") or name fund_id", call_id, call_id);
    }
    if (rc == SERAI_OK && start == NULL &&
        (rc = store_prepare(s, "SELECT project_start FROM call_decision WHERE call_id = $1",
                            &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, call_id);
        int r = store_step(st, err);
        if (r == STORE_ROW && !store_col_null(st, 0))
            snprintf(day, sizeof day, "%s", store_col_text(st, 0));
        store_reset(st);
        if (r == STORE_ERROR)
            rc = db_error(err);
        else if (!day[0])
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/start",
                            "call %" PRId64 " has no common project start yet: set it "
                            "(serai decision start) or give start", call_id);
        start = day;
    }
    char end[11] = "";
    if (rc == SERAI_OK)
        day_add_months(start, (int)months, true, end);
    /* The partners asking money of a funder. */
    partner_row *rows = NULL;
    size_t n = 0;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "SELECT p.seq, p.org_id, p.funder_org_id, p.requested, "
                               "p.currency, p.own_cash, p.own_in_kind, o.name FROM "
                               "proposal_partner p JOIN organization o ON o.id = p.org_id "
                               "WHERE p.proposal_id = $1 AND p.funder_org_id IS NOT NULL "
                               "AND p.requested > 0 ORDER BY p.seq", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, proposal_id);
        int r;
        while ((r = store_step(st, err)) == STORE_ROW) {
            rows = xreallocarray(rows, n + 1, sizeof *rows);
            partner_row *p = &rows[n++];
            p->seq = store_col_int64(st, 0);
            p->org = store_col_int64(st, 1);
            p->funder = store_col_int64(st, 2);
            p->amount = store_col_int64(st, 3);
            snprintf(p->currency, sizeof p->currency, "%s", store_col_text(st, 4));
            p->own_cash = store_col_int64(st, 5);
            p->own_kind = store_col_int64(st, 6);
            snprintf(p->name, sizeof p->name, "%s", store_col_text(st, 7));
        }
        store_reset(st);
        if (r == STORE_ERROR)
            rc = db_error(err);
    }
    char today[11], now[CLOCK_ISO_LEN];
    clock_today(today);
    clock_format(clock_now(), now);
    json_t *awards = json_array();
    for (size_t i = 0; i < n && rc == SERAI_OK; i++) {
        partner_row *p = &rows[i];
        char title[300];
        snprintf(title, sizeof title, "Grant %s: %s", acronym, p->name);
        json_t *cbody = json_pack("{s:s, s:I, s:s, s:s, s:I, s:I, s:s, s:s}", "currency",
                                  p->currency, "amount", (json_int_t)p->amount, "date",
                                  award_day ? award_day : today, "title", title, "proposal_id",
                                  (json_int_t)proposal_id, "recipient_org_id",
                                  (json_int_t)p->org, "start", start, "end", end);
        json_t *commitment = NULL;
        rc = fund_commit(s, who, fund_id, cbody, &commitment, err);
        json_decref(cbody);
        int64_t commitment_id = rc == SERAI_OK
                                    ? json_integer_value(json_object_get(commitment, "id"))
                                    : 0;
        json_decref(commitment);
        int64_t award_id = 0;
        if (rc == SERAI_OK &&
            (rc = store_prepare(s, "INSERT INTO award (proposal_id, partner_seq, org_id, "
                                   "funder_org_id, amount, currency, start_on, end_on, "
                                   "fund_id, commitment_id, own_cash, own_in_kind, status, "
                                   "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                                   "$10, $11, $12, 'active', $13) RETURNING id", &st,
                                err)) == SERAI_OK) {
            store_bind_int64(st, 1, proposal_id);
            store_bind_int64(st, 2, p->seq);
            store_bind_int64(st, 3, p->org);
            store_bind_int64(st, 4, p->funder);
            store_bind_int64(st, 5, p->amount);
            store_bind_text(st, 6, p->currency);
            store_bind_text(st, 7, start);
            store_bind_text(st, 8, end);
            store_bind_int64(st, 9, fund_id);
            store_bind_int64(st, 10, commitment_id);
            store_bind_int64(st, 11, p->own_cash);
            store_bind_int64(st, 12, p->own_kind);
            store_bind_text(st, 13, now);
            int r = store_step(st, err);
            award_id = r == STORE_ROW ? store_col_int64(st, 0) : 0;
            store_reset(st);
            if (r != STORE_ROW)
                rc = db_error(err);
        }
        /* Tranches: at the start, evenly through the project, the last at
         * its end; each a share of the amount, the last the remainder. */
        int64_t left = p->amount;
        for (size_t k = 0; k < ntr && rc == SERAI_OK; k++) {
            char due[11];
            int at = ntr == 1 ? 0 : (int)(months * (int64_t)k / (int64_t)(ntr - 1));
            if (k + 1 == ntr && ntr > 1)
                snprintf(due, sizeof due, "%s", end);
            else
                day_add_months(start, at, false, due);
            int64_t amount = k + 1 == ntr ? left : p->amount / 100 * pct[k] +
                                                       p->amount % 100 * pct[k] / 100;
            left -= amount;
            if (amount <= 0)
                continue;
            if ((rc = store_prepare(s, "INSERT INTO award_tranche (award_id, seq, due_on, "
                                       "amount) VALUES ($1, $2, $3, $4)", &st, err)) != SERAI_OK)
                break;
            store_bind_int64(st, 1, award_id);
            store_bind_int64(st, 2, (int64_t)k + 1);
            store_bind_text(st, 3, due);
            store_bind_int64(st, 4, amount);
            rc = store_run(st, NULL, err);
        }
        /* Reports: one per project year and the final one, each due two
         * months after its period. */
        for (int64_t k = 12; rc == SERAI_OK; k += 12) {
            char period[11], due[11];
            bool last = k >= months;
            day_add_months(start, (int)(last ? months : k), true, period);
            day_add_months(period, 2, false, due);
            if ((rc = store_prepare(s, "INSERT INTO award_report (award_id, period_end, "
                                       "due_on) VALUES ($1, $2, $3)", &st, err)) != SERAI_OK)
                break;
            store_bind_int64(st, 1, award_id);
            store_bind_text(st, 2, period);
            store_bind_text(st, 3, due);
            rc = store_run(st, NULL, err);
            if (last)
                break;
        }
        json_t *a;
        if (rc == SERAI_OK && (rc = award_json(s, award_id, &a, err)) == SERAI_OK)
            json_array_append_new(awards, a);
    }
    if (rc == SERAI_OK && n == 0)
        rc = serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                        "proposal %" PRId64 " asks no funder for money", proposal_id);
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "UPDATE proposal SET status = 'funded', updated_at = $2 "
                               "WHERE id = $1", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, proposal_id);
        store_bind_text(st, 2, now);
        rc = store_run(st, NULL, err);
    }
    if (rc == SERAI_OK) {
        *out = json_pack("{s:I, s:I, s:o}", "proposal_id", (json_int_t)proposal_id,
                         "fund_id", (json_int_t)fund_id, "awards", awards);
        awards = NULL;
        char object[48];
        snprintf(object, sizeof object, "proposal/%" PRId64, proposal_id);
        rc = audit_append(s, who, "award.create", object, *out, err);
    }
    json_decref(awards);
    free(rows);
    if (rc == SERAI_OK)
        rc = store_commit(s, err);
    if (rc != SERAI_OK) {
        store_rollback(s);
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

/* ---- steps on a grant ---- */

/* Finish a step on award_id: answer the grant, audit, commit. */
static serai_code finish(store *s, const actor *who, int64_t award_id, const char *action,
                         serai_code rc, json_t **out, serai_err *err)
{
    if (rc == SERAI_OK)
        rc = award_json(s, award_id, out, err);
    return audit_finish(s, who, "award", award_id, action, rc, out, err);
}

static serai_code award_exists(store *s, int64_t award_id, serai_err *err)
{
    int64_t found = 0;
    serai_code rc = store_lookup_id(s, "SELECT id FROM award WHERE id = $1", award_id,
                                    &found, err);
    if (rc == SERAI_OK && !found)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no grant %" PRId64, award_id);
    return rc;
}

serai_code award_milestone_add(store *s, const actor *who, int64_t award_id, json_t *body,
                               json_t **out, serai_err *err)
{
    static const char *const keys[] = {"kind", "title", "due", NULL};
    *out = NULL;
    serai_code rc = need_secretariat(who, err);
    const char *kind = NULL, *title = NULL, *due = NULL;
    if (rc == SERAI_OK)
        rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "kind", true, 16, "", &kind, err);
    if (rc == SERAI_OK && strcmp(kind, "milestone") != 0 && strcmp(kind, "deliverable") != 0)
        rc = serai_fail(err, SERAI_EINVAL, "/kind",
                        "kind is milestone or deliverable, not \"%s\"", kind);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "title", true, 300, "", &title, err);
    if (rc == SERAI_OK)
        rc = read_day(body, "due", true, &due, err);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    store_stmt *st;
    if ((rc = award_exists(s, award_id, err)) == SERAI_OK &&
        (rc = store_prepare(s, "INSERT INTO award_milestone (award_id, kind, title, due_on) "
                               "VALUES ($1, $2, $3, $4)", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, award_id);
        store_bind_text(st, 2, kind);
        store_bind_text(st, 3, title);
        store_bind_text(st, 4, due);
        rc = store_run(st, NULL, err);
    }
    return finish(s, who, award_id, "award.milestone", rc, out, err);
}

serai_code award_milestone_done(store *s, const actor *who, int64_t milestone_id,
                                json_t *body, json_t **out, serai_err *err)
{
    static const char *const keys[] = {"date", NULL};
    *out = NULL;
    const char *date = NULL;
    serai_code rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = read_day(body, "date", true, &date, err);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    int64_t award_id = 0;
    rc = store_lookup_id(s, "SELECT award_id FROM award_milestone WHERE id = $1",
                         milestone_id, &award_id, err);
    if (rc == SERAI_OK && !award_id)
        rc = serai_fail(err, SERAI_ENOTFOUND, NULL, "no milestone %" PRId64, milestone_id);
    if (rc == SERAI_OK)
        rc = need_consortium(s, who, award_id, err);
    store_stmt *st;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "UPDATE award_milestone SET done_on = $2 WHERE id = $1 AND "
                               "done_on IS NULL", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, milestone_id);
        store_bind_text(st, 2, date);
        int64_t changed = 0;
        rc = store_run(st, &changed, err);
        if (rc == SERAI_OK && changed == 0)
            rc = serai_fail(err, SERAI_ECONFLICT, NULL, "milestone %" PRId64 " is done already",
                            milestone_id);
    }
    return finish(s, who, award_id, "award.milestone_done", rc, out, err);
}

static serai_code report_step(store *s, const actor *who, int64_t award_id,
                              const char *period_end, json_t *body, bool accept,
                              json_t **out, serai_err *err)
{
    static const char *const keys[] = {"date", NULL};
    *out = NULL;
    const char *date = NULL;
    serai_code rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = read_day(body, "date", true, &date, err);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    if ((rc = award_exists(s, award_id, err)) == SERAI_OK)
        rc = accept ? need_secretariat(who, err) : need_consortium(s, who, award_id, err);
    store_stmt *st;
    char submitted[11] = "", accepted[11] = "";
    bool found = false;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "SELECT submitted_on, accepted_on FROM award_report WHERE "
                               "award_id = $1 AND period_end = $2", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, award_id);
        store_bind_text(st, 2, period_end);
        int r = store_step(st, err);
        if (r == STORE_ROW) {
            found = true;
            snprintf(submitted, sizeof submitted, "%s",
                     store_col_null(st, 0) ? "" : store_col_text(st, 0));
            snprintf(accepted, sizeof accepted, "%s",
                     store_col_null(st, 1) ? "" : store_col_text(st, 1));
        }
        store_reset(st);
        if (r == STORE_ERROR)
            rc = db_error(err);
        else if (!found)
            rc = serai_fail(err, SERAI_ENOTFOUND, NULL,
                            "grant %" PRId64 " has no report for the period ending %.10s",
                            award_id, period_end);
    }
    if (rc == SERAI_OK && accepted[0])
        rc = serai_fail(err, SERAI_ECONFLICT, NULL, "the report was accepted on %s", accepted);
    if (rc == SERAI_OK && accept && !submitted[0])
        rc = serai_fail(err, SERAI_ECONFLICT, NULL, "the report has not been submitted");
    if (rc == SERAI_OK && !accept && submitted[0])
        rc = serai_fail(err, SERAI_ECONFLICT, NULL, "the report was submitted on %s", submitted);
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, accept ? "UPDATE award_report SET accepted_on = $3 WHERE "
                                        "award_id = $1 AND period_end = $2"
                                      : "UPDATE award_report SET submitted_on = $3 WHERE "
                                        "award_id = $1 AND period_end = $2",
                            &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, award_id);
        store_bind_text(st, 2, period_end);
        store_bind_text(st, 3, date);
        rc = store_run(st, NULL, err);
    }
    return finish(s, who, award_id, accept ? "award.report_accept" : "award.report_submit",
                  rc, out, err);
}

serai_code award_report_submit(store *s, const actor *who, int64_t award_id,
                               const char *period_end, json_t *body, json_t **out,
                               serai_err *err)
{
    return report_step(s, who, award_id, period_end, body, false, out, err);
}

serai_code award_report_accept(store *s, const actor *who, int64_t award_id,
                               const char *period_end, json_t *body, json_t **out,
                               serai_err *err)
{
    return report_step(s, who, award_id, period_end, body, true, out, err);
}

serai_code award_tranche_pay(store *s, const actor *who, int64_t award_id, int64_t seq,
                             json_t *body, json_t **out, serai_err *err)
{
    static const char *const keys[] = {"date", NULL};
    *out = NULL;
    serai_code rc = need_secretariat(who, err);
    const char *date = NULL;
    if (rc == SERAI_OK)
        rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = read_day(body, "date", true, &date, err);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    store_stmt *st;
    int64_t amount = 0, commitment = 0;
    char due[11] = "";
    bool paid = false;
    if ((rc = award_exists(s, award_id, err)) == SERAI_OK &&
        (rc = store_prepare(s, "SELECT t.amount, t.due_on, t.paid_on IS NOT NULL, "
                               "a.commitment_id FROM award_tranche t JOIN award a ON "
                               "a.id = t.award_id WHERE t.award_id = $1 AND t.seq = $2",
                            &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, award_id);
        store_bind_int64(st, 2, seq);
        int r = store_step(st, err);
        if (r == STORE_ROW) {
            amount = store_col_int64(st, 0);
            snprintf(due, sizeof due, "%s", store_col_text(st, 1));
            paid = store_col_int64(st, 2) != 0;
            commitment = store_col_int64(st, 3);
        }
        store_reset(st);
        if (r == STORE_ERROR)
            rc = db_error(err);
        else if (r == STORE_DONE)
            rc = serai_fail(err, SERAI_ENOTFOUND, NULL,
                            "grant %" PRId64 " has no tranche %" PRId64, award_id, seq);
    }
    if (rc == SERAI_OK && paid)
        rc = serai_fail(err, SERAI_ECONFLICT, NULL, "tranche %" PRId64 " is paid already", seq);
    int64_t unpaid_before = 0, open_reports = 0;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "SELECT COUNT(*) FROM award_tranche WHERE award_id = $1 AND "
                               "seq < $2 AND paid_on IS NULL", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, award_id);
        store_bind_int64(st, 2, seq);
        if (store_step(st, err) == STORE_ROW)
            unpaid_before = store_col_int64(st, 0);
        store_reset(st);
    }
    if (rc == SERAI_OK && unpaid_before)
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "tranches are paid in order: an earlier one is unpaid");
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "SELECT COUNT(*) FROM award_report WHERE award_id = $1 AND "
                               "period_end <= $2 AND accepted_on IS NULL", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, award_id);
        store_bind_text(st, 2, due);
        if (store_step(st, err) == STORE_ROW)
            open_reports = store_col_int64(st, 0);
        store_reset(st);
    }
    if (rc == SERAI_OK && open_reports)
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "tranche %" PRId64 " (due %s) waits for %" PRId64 " report%s of "
                        "periods ending by then to be accepted", seq, due, open_reports,
                        open_reports == 1 ? "" : "s");
    json_t *fout = NULL;
    if (rc == SERAI_OK) {
        json_t *fbody = json_pack("{s:I, s:s}", "amount", (json_int_t)amount, "date", date);
        rc = fund_disburse(s, who, commitment, fbody, &fout, err);
        json_decref(fbody);
    }
    int64_t transfer = fout ? json_integer_value(json_object_get(fout, "transfer_id")) : 0;
    json_decref(fout);
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "UPDATE award_tranche SET paid_on = $3, transfer_id = $4 "
                               "WHERE award_id = $1 AND seq = $2", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, award_id);
        store_bind_int64(st, 2, seq);
        store_bind_text(st, 3, date);
        store_bind_int64(st, 4, transfer);
        rc = store_run(st, NULL, err);
    }
    return finish(s, who, award_id, "award.tranche_pay", rc, out, err);
}

serai_code award_cofunding_add(store *s, const actor *who, int64_t award_id, json_t *body,
                               json_t **out, serai_err *err)
{
    static const char *const keys[] = {"kind", "amount", "date", "note", NULL};
    *out = NULL;
    const char *kind = NULL, *date = NULL, *note = NULL;
    int64_t amount = 0;
    serai_code rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "kind", true, 10, "", &kind, err);
    if (rc == SERAI_OK && strcmp(kind, "cash") != 0 && strcmp(kind, "in_kind") != 0)
        rc = serai_fail(err, SERAI_EINVAL, "/kind", "kind is cash or in_kind, not \"%s\"", kind);
    if (rc == SERAI_OK)
        rc = json_get_int(body, "amount", true, 1, INT64_MAX / 4, "", &amount, NULL, err);
    if (rc == SERAI_OK)
        rc = read_day(body, "date", true, &date, err);
    if (rc == SERAI_OK)
        rc = json_get_text(body, "note", false, 2000, "", &note, err);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    if ((rc = award_exists(s, award_id, err)) == SERAI_OK)
        rc = need_consortium(s, who, award_id, err);
    store_stmt *st;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "INSERT INTO award_cofunding (award_id, kind, amount, "
                               "reported_on, note) VALUES ($1, $2, $3, $4, $5)", &st,
                            err)) == SERAI_OK) {
        store_bind_int64(st, 1, award_id);
        store_bind_text(st, 2, kind);
        store_bind_int64(st, 3, amount);
        store_bind_text(st, 4, date);
        store_bind_text(st, 5, note);
        rc = store_run(st, NULL, err);
    }
    return finish(s, who, award_id, "award.cofunding", rc, out, err);
}
