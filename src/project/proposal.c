/*
 * proposal.c -- proposals to a call; see proposal.h.
 *
 * Every write is one transaction: the proposal row, its consortium, budget
 * lines and team are replaced together, the round is judged again when
 * the proposal is in it, and the audit record lands with the change.
 * Input is read completely (and every amount summed in checked int64)
 * before the transaction begins; references to the registry and the call
 * are checked inside it.
 */
#include "project/proposal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/json.h"
#include "export/sheet.h"
#include "project/call.h"
#include "project/elig.h"
#include "project/rules.h"
#include "registry/iso.h"

static const char *const budget_categories[] = {
    "personnel", "equipment", "travel", "subcontracting", "consumables",
    "other", "indirect", NULL};
static const char *const proposal_statuses[] = {
    "draft", "submitted", "eligible", "ineligible", "withdrawn", "in_review",
    "ranked", "selected", "reserve", "rejected", "funded", NULL};

/* Statuses of the proposals that make up a call's round. */
#define ROUND_STATUSES "('submitted', 'eligible', 'ineligible')"

static bool one_of(const char *s, const char *const list[])
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(s, list[i]) == 0)
            return true;
    return false;
}

static serai_code db_error(serai_err *err)
{
    return err && err->code != SERAI_OK ? err->code : SERAI_ESTORE;
}

static bool in_round(const char *status)
{
    return strcmp(status, "submitted") == 0 ||
           strcmp(status, "eligible") == 0 || strcmp(status, "ineligible") == 0;
}

/* ---- reading a proposal's JSON ---- */

typedef struct line_in {
    const char *category, *description;
    int64_t amount;
} line_in;

typedef struct partner_in {
    int64_t org, pi, funder, requested, own_cash, own_in_kind, team_size;
    const char *role, *currency;
    bool own_expense;
    int nlines;
    line_in lines[PROPOSAL_MAX_BUDGET_LINES];
} partner_in;

typedef struct prop_in {
    int64_t call_id, duration;
    const char *acronym, *title, *abstract;
    json_t *keywords;        /* borrowed, or NULL */
    bool has_partners, has_people;
    int npartners, npeople;
    partner_in partners[ELIG_MAX_PARTNERS];
    int64_t people[ELIG_MAX_PEOPLE];
} prop_in;

static bool add_checked(int64_t a, int64_t b, int64_t *sum)
{
    return !__builtin_add_overflow(a, b, sum);
}

static serai_code read_lines(json_t *arr, const char *p, partner_in *pa,
                             serai_err *err)
{
    static const char *const keys[] = {"category", "description", "amount", NULL};
    char lp[96], f[128];
    snprintf(lp, sizeof lp, "%s/budget_lines", p);
    if (!json_is_array(arr) || json_array_size(arr) > PROPOSAL_MAX_BUDGET_LINES)
        return serai_fail(err, SERAI_EINVAL, lp,
                          "budget_lines must be an array of at most %d lines",
                          PROPOSAL_MAX_BUDGET_LINES);
    pa->nlines = (int)json_array_size(arr);
    int64_t sum = 0;
    for (int i = 0; i < pa->nlines; i++) {
        char ip[112];
        snprintf(ip, sizeof ip, "%s/%d", lp, i);
        json_t *l = json_array_get(arr, (size_t)i);
        line_in *li = &pa->lines[i];
        serai_code rc;
        if (!json_is_object(l))
            return serai_fail(err, SERAI_EINVAL, ip, "a budget line is an object");
        if ((rc = json_only_keys(l, keys, ip, err)) ||
            (rc = json_get_string(l, "category", true, 20, ip, &li->category, err)) ||
            (rc = json_get_string(l, "description", false, 300, ip,
                                  &li->description, err)) ||
            (rc = json_get_int(l, "amount", true, 0, INT64_MAX, ip, &li->amount,
                               NULL, err)))
            return rc;
        if (!one_of(li->category, budget_categories)) {
            snprintf(f, sizeof f, "%s/category", ip);
            return serai_fail(err, SERAI_EUNPROCESSABLE, f,
                              "category must be personnel, equipment, travel, "
                              "subcontracting, consumables, other or indirect");
        }
        if (!add_checked(sum, li->amount, &sum)) {
            snprintf(f, sizeof f, "%s/amount", ip);
            return serai_fail(err, SERAI_EUNPROCESSABLE, f,
                              "the budget lines add up to more than the "
                              "largest amount serai keeps");
        }
    }
    int64_t budget = pa->requested + pa->own_cash + pa->own_in_kind;
    if (pa->nlines > 0 && sum != budget)
        return serai_fail(err, SERAI_EUNPROCESSABLE, lp,
                          "the budget lines add up to %" PRId64 " but the "
                          "partner's budget (requested + own_cash + "
                          "own_in_kind) is %" PRId64 " (minor units)",
                          sum, budget);
    return SERAI_OK;
}

static serai_code read_partner(json_t *pj, int i, partner_in *pa,
                               serai_err *err)
{
    static const char *const keys[] = {
        "organization_id", "role", "pi_person_id", "funder_id", "requested",
        "currency", "own_cash", "own_in_kind", "own_expense", "team_size",
        "budget_lines", NULL};
    char p[48], f[80];
    snprintf(p, sizeof p, "/partners/%d", i);
    memset(pa, 0, sizeof *pa);
    pa->team_size = 1;
    if (!json_is_object(pj))
        return serai_fail(err, SERAI_EINVAL, p, "a partner must be an object");
    serai_code rc;
    if ((rc = json_only_keys(pj, keys, p, err)) ||
        (rc = json_get_int(pj, "organization_id", true, 1, INT64_MAX, p,
                           &pa->org, NULL, err)) ||
        (rc = json_get_string(pj, "role", true, 12, p, &pa->role, err)) ||
        (rc = json_get_int(pj, "pi_person_id", false, 1, INT64_MAX, p, &pa->pi,
                           NULL, err)) ||
        (rc = json_get_int(pj, "funder_id", false, 1, INT64_MAX, p, &pa->funder,
                           NULL, err)) ||
        (rc = json_get_int(pj, "requested", false, 0, INT64_MAX, p,
                           &pa->requested, NULL, err)) ||
        (rc = json_get_string(pj, "currency", true, 3, p, &pa->currency, err)) ||
        (rc = json_get_int(pj, "own_cash", false, 0, INT64_MAX, p, &pa->own_cash,
                           NULL, err)) ||
        (rc = json_get_int(pj, "own_in_kind", false, 0, INT64_MAX, p,
                           &pa->own_in_kind, NULL, err)) ||
        (rc = json_get_bool(pj, "own_expense", false, p, &pa->own_expense, NULL,
                            err)) ||
        (rc = json_get_int(pj, "team_size", false, 1, 10000, p, &pa->team_size,
                           NULL, err)))
        return rc;
    if (strcmp(pa->role, "coordinator") != 0 && strcmp(pa->role, "partner") != 0) {
        snprintf(f, sizeof f, "%s/role", p);
        return serai_fail(err, SERAI_EUNPROCESSABLE, f,
                          "role must be coordinator or partner");
    }
    if (iso_currency_by_code(pa->currency) == NULL) {
        snprintf(f, sizeof f, "%s/currency", p);
        return serai_fail(err, SERAI_EUNPROCESSABLE, f,
                          "\"%s\" is not an ISO 4217 currency code", pa->currency);
    }
    if (pa->own_expense && (pa->funder || pa->requested)) {
        snprintf(f, sizeof f, "%s/%s", p, pa->funder ? "funder_id" : "requested");
        return serai_fail(err, SERAI_EUNPROCESSABLE, f,
                          "a partner at its own expense names no funder and "
                          "requests nothing");
    }
    if (!pa->own_expense && !pa->funder) {
        snprintf(f, sizeof f, "%s/funder_id", p);
        return serai_fail(err, SERAI_EUNPROCESSABLE, f,
                          "name the funder this partner requests money from, "
                          "or mark it own_expense");
    }
    int64_t budget;
    bool cash_ok = add_checked(pa->requested, pa->own_cash, &budget);
    if (!cash_ok || !add_checked(budget, pa->own_in_kind, &budget)) {
        snprintf(f, sizeof f, "%s/%s", p, cash_ok ? "own_in_kind" : "own_cash");
        return serai_fail(err, SERAI_EUNPROCESSABLE, f,
                          "requested + own_cash + own_in_kind exceeds the "
                          "largest amount serai keeps (%" PRId64 " minor units)",
                          INT64_MAX);
    }
    json_t *lines = json_object_get(pj, "budget_lines");
    if (lines && !json_is_null(lines) && (rc = read_lines(lines, p, pa, err)))
        return rc;
    return SERAI_OK;
}

/* The whole proposal's amounts, per currency, must stay within int64. */
static serai_code check_totals(const prop_in *in, serai_err *err)
{
    for (int i = 0; i < in->npartners; i++) {
        int64_t total = 0;
        for (int j = 0; j < in->npartners; j++) {
            const partner_in *pa = &in->partners[j];
            if (strcmp(pa->currency, in->partners[i].currency) != 0)
                continue;
            const char *over = !add_checked(total, pa->requested, &total)
                                   ? "requested"
                               : !add_checked(total, pa->own_cash, &total)
                                   ? "own_cash"
                               : !add_checked(total, pa->own_in_kind, &total)
                                   ? "own_in_kind"
                                   : NULL;
            if (over) {
                char f[48];
                snprintf(f, sizeof f, "/partners/%d/%s", j, over);
                return serai_fail(err, SERAI_EUNPROCESSABLE, f,
                                  "the proposal's budget in %s exceeds the "
                                  "largest amount serai keeps",
                                  pa->currency);
            }
        }
    }
    return SERAI_OK;
}

static serai_code prop_read(json_t *body, bool create, prop_in *in,
                            serai_err *err)
{
    static const char *const keys[] = {"call_id", "acronym", "title", "abstract",
                                       "keywords", "duration_months", "partners",
                                       "people", NULL};
    memset(in, 0, sizeof *in);
    serai_code rc;
    if ((rc = json_only_keys(body, keys, "", err)) ||
        (rc = json_get_int(body, "call_id", create, 1, INT64_MAX, "",
                           &in->call_id, NULL, err)) ||
        (rc = json_get_string(body, "acronym", false, PROPOSAL_ACRONYM_MAX, "",
                              &in->acronym, err)) ||
        (rc = json_get_string(body, "title", create, PROPOSAL_TITLE_MAX, "",
                              &in->title, err)) ||
        (rc = json_get_text(body, "abstract", false, PROPOSAL_ABSTRACT_MAX, "",
                            &in->abstract, err)) ||
        (rc = json_get_int(body, "duration_months", create, 1, 1200, "",
                           &in->duration, NULL, err)))
        return rc;
    if (!create && in->call_id)
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/call_id",
                          "a proposal stays in its call");
    json_t *kw = json_object_get(body, "keywords");
    if (kw && !json_is_null(kw)) {
        if (!json_is_array(kw) || json_array_size(kw) > PROPOSAL_MAX_KEYWORDS)
            return serai_fail(err, SERAI_EINVAL, "/keywords",
                              "keywords must be an array of at most %d strings",
                              PROPOSAL_MAX_KEYWORDS);
        size_t i;
        json_t *v;
        json_array_foreach(kw, i, v) {
            char f[32];
            snprintf(f, sizeof f, "/keywords/%zu", i);
            if (!json_is_string(v) || json_string_length(v) == 0 ||
                json_string_length(v) > PROPOSAL_KEYWORD_MAX ||
                !text_is_clean(json_string_value(v), false))
                return serai_fail(err, SERAI_EINVAL, f,
                                  "a keyword is a string of 1 to %d bytes "
                                  "without control characters",
                                  PROPOSAL_KEYWORD_MAX);
        }
        in->keywords = kw;
    }
    json_t *partners = json_object_get(body, "partners");
    if (partners && !json_is_null(partners)) {
        if (!json_is_array(partners) ||
            json_array_size(partners) > ELIG_MAX_PARTNERS)
            return serai_fail(err, SERAI_EINVAL, "/partners",
                              "partners must be an array of at most %d partners",
                              ELIG_MAX_PARTNERS);
        in->has_partners = true;
        in->npartners = (int)json_array_size(partners);
        int coordinators = 0;
        for (int i = 0; i < in->npartners; i++) {
            if ((rc = read_partner(json_array_get(partners, (size_t)i), i,
                                   &in->partners[i], err)))
                return rc;
            if (strcmp(in->partners[i].role, "coordinator") == 0 &&
                ++coordinators > 1) {
                char f[48];
                snprintf(f, sizeof f, "/partners/%d/role", i);
                return serai_fail(err, SERAI_EUNPROCESSABLE, f,
                                  "a consortium has one coordinator");
            }
        }
        if ((rc = check_totals(in, err)))
            return rc;
    }
    json_t *people = json_object_get(body, "people");
    if (people && !json_is_null(people)) {
        if (!json_is_array(people) || json_array_size(people) > ELIG_MAX_PEOPLE)
            return serai_fail(err, SERAI_EINVAL, "/people",
                              "people must be an array of at most %d person ids",
                              ELIG_MAX_PEOPLE);
        in->has_people = true;
        size_t i;
        json_t *v;
        json_array_foreach(people, i, v) {
            char f[32];
            snprintf(f, sizeof f, "/people/%zu", i);
            if (!json_is_integer(v) || json_integer_value(v) < 1)
                return serai_fail(err, SERAI_EINVAL, f,
                                  "people holds person ids (positive integers)");
            for (size_t j = 0; j < i; j++)
                if (in->people[j] == json_integer_value(v))
                    return serai_fail(err, SERAI_EUNPROCESSABLE, f,
                                      "person %" PRId64 " is listed twice",
                                      (int64_t)json_integer_value(v));
            in->people[in->npeople++] = json_integer_value(v);
        }
    }
    return SERAI_OK;
}

/* ---- checks against the registry and the call ---- */

/* Each partner's organisation, PI and funder exist; the currency is the
 * funder's; in a virtual common pot a partner paid by a funder is from a
 * participating country. */
static serai_code partners_check(store *s, const call_info *c,
                                 const prop_in *in, serai_err *err)
{
    static const char org_sql[] = "SELECT country FROM organization WHERE id = $1";
    static const char person_sql[] = "SELECT id FROM person WHERE id = $1";
    static const char funder_sql[] =
        "SELECT currency FROM call_funder WHERE call_id = $1 AND org_id = $2";
    static const char countries_sql[] =
        "SELECT o.country FROM call_funder f JOIN organization o "
        "ON o.id = f.org_id WHERE f.call_id = $1";
    bool vcp = strcmp(c->funding_mode, "virtual_common_pot") == 0;
    char countries[ELIG_MAX_FUNDERS][3];
    int ncountries = 0;
    store_stmt *st;
    serai_code rc;
    int r;
    if ((rc = store_prepare(s, countries_sql, &st, err)))
        return rc;
    store_bind_int64(st, 1, c->id);
    while ((r = store_step(st, err)) == STORE_ROW && ncountries < ELIG_MAX_FUNDERS)
        snprintf(countries[ncountries++], 3, "%s", store_col_text(st, 0));
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);

    for (int i = 0; i < in->npartners; i++) {
        const partner_in *pa = &in->partners[i];
        char f[64], country[3] = "";
        if ((rc = store_prepare(s, org_sql, &st, err)))
            return rc;
        store_bind_int64(st, 1, pa->org);
        if ((r = store_step(st, err)) == STORE_ROW)
            snprintf(country, sizeof country, "%s", store_col_text(st, 0));
        store_reset(st);
        snprintf(f, sizeof f, "/partners/%d/organization_id", i);
        if (r == STORE_ERROR)
            return db_error(err);
        if (r == STORE_DONE)
            return serai_fail(err, SERAI_EUNPROCESSABLE, f,
                              "organisation %" PRId64 " does not exist", pa->org);
        if (vcp && !pa->own_expense) {
            bool participating = false;
            for (int k = 0; k < ncountries; k++)
                participating = participating || strcmp(countries[k], country) == 0;
            if (!participating)
                return serai_fail(err, SERAI_EUNPROCESSABLE, f,
                                  "organisation %" PRId64 " is in %s, which "
                                  "has no funder in this call; partners from "
                                  "elsewhere take part only at their own "
                                  "expense", pa->org, country);
        }
        if (pa->pi) {
            int64_t found;
            if ((rc = store_lookup_id(s, person_sql, pa->pi, &found, err)))
                return rc;
            if (!found) {
                snprintf(f, sizeof f, "/partners/%d/pi_person_id", i);
                return serai_fail(err, SERAI_EUNPROCESSABLE, f,
                                  "person %" PRId64 " does not exist", pa->pi);
            }
        }
        if (pa->funder) {
            char currency[4] = "";
            if ((rc = store_prepare(s, funder_sql, &st, err)))
                return rc;
            store_bind_int64(st, 1, c->id);
            store_bind_int64(st, 2, pa->funder);
            if ((r = store_step(st, err)) == STORE_ROW)
                snprintf(currency, sizeof currency, "%s", store_col_text(st, 0));
            store_reset(st);
            if (r == STORE_ERROR)
                return db_error(err);
            if (r == STORE_DONE) {
                snprintf(f, sizeof f, "/partners/%d/funder_id", i);
                return serai_fail(err, SERAI_EUNPROCESSABLE, f,
                                  "organisation %" PRId64 " is not a funder "
                                  "of call %" PRId64, pa->funder, c->id);
            }
            if (strcmp(currency, pa->currency) != 0) {
                snprintf(f, sizeof f, "/partners/%d/currency", i);
                return serai_fail(err, SERAI_EUNPROCESSABLE, f,
                                  "funder %" PRId64 " pays in %s; this partner "
                                  "asks in %s", pa->funder, currency,
                                  pa->currency);
            }
        }
    }
    for (int i = 0; i < in->npeople; i++) {
        int64_t found;
        if ((rc = store_lookup_id(s, person_sql, in->people[i], &found, err)))
            return rc;
        if (!found) {
            char f[32];
            snprintf(f, sizeof f, "/people/%d", i);
            return serai_fail(err, SERAI_EUNPROCESSABLE, f,
                              "person %" PRId64 " does not exist",
                              in->people[i]);
        }
    }
    return SERAI_OK;
}

/* The deadline of the proposal's stage must not have passed. */
static serai_code check_deadline(const call_info *c, int stage, int64_t now,
                                 const char *doing, serai_err *err)
{
    if (strcmp(c->status, "open") != 0)
        return serai_fail(err, SERAI_ECONFLICT, NULL,
                          "call %" PRId64 " is %s; %s needs an open call",
                          c->id, c->status, doing);
    if (stage < 1 || stage > c->nstages)
        return serai_fail(err, SERAI_EINTERNAL, NULL,
                          "call %" PRId64 " has no stage %d", c->id, stage);
    if (c->stages[stage - 1].opens_unix && now < c->stages[stage - 1].opens_unix) {
        char at[CLOCK_ISO_LEN];
        clock_format(now, at);
        return serai_fail(err, SERAI_ECONFLICT, NULL,
                          "%s opens at %s (announced in %s); it is now %s, so "
                          "%s is refused", c->stages[stage - 1].kind,
                          c->stages[stage - 1].opens_at, c->time_zone, at,
                          doing);
    }
    if (now > c->stages[stage - 1].deadline_unix) {
        char at[CLOCK_ISO_LEN];
        clock_format(now, at);
        return serai_fail(err, SERAI_ECONFLICT, NULL,
                          "the deadline for %s was %s (announced in %s); it is "
                          "now %s, so %s is refused",
                          c->stages[stage - 1].kind, c->stages[stage - 1].deadline,
                          c->time_zone, at, doing);
    }
    return SERAI_OK;
}

/* ---- writing ---- */

/* Replace consortium, lines and team of proposal id.  Signed commitment
 * forms stay with the organisations that signed them. */
static serai_code write_consortium(store *s, int64_t id, const prop_in *in,
                                   serai_err *err)
{
    static const char signed_sql[] =
        "SELECT org_id, committed_at FROM proposal_partner WHERE proposal_id = $1 "
        "AND committed_at IS NOT NULL";
    static const char del_lines[] = "DELETE FROM budget_line WHERE proposal_id = $1";
    static const char del_partners[] =
        "DELETE FROM proposal_partner WHERE proposal_id = $1";
    static const char del_people[] =
        "DELETE FROM proposal_person WHERE proposal_id = $1";
    static const char ins_partner[] =
        "INSERT INTO proposal_partner (proposal_id, seq, org_id, role, "
        "pi_person_id, funder_org_id, requested, currency, own_cash, "
        "own_in_kind, own_expense, team_size, committed_at) VALUES ($1, $2, "
        "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
    static const char ins_line[] =
        "INSERT INTO budget_line (proposal_id, partner_seq, category, "
        "description, amount) VALUES ($1, $2, $3, $4, $5)";
    static const char ins_person[] =
        "INSERT INTO proposal_person (proposal_id, person_id) VALUES ($1, $2)";
    store_stmt *st;
    serai_code rc;
    int r;
    if (in->has_partners) {
        struct { int64_t org; char at[CLOCK_ISO_LEN]; } kept[ELIG_MAX_PARTNERS];
        int nkept = 0;
        if ((rc = store_prepare(s, signed_sql, &st, err)))
            return rc;
        store_bind_int64(st, 1, id);
        while ((r = store_step(st, err)) == STORE_ROW && nkept < ELIG_MAX_PARTNERS) {
            kept[nkept].org = store_col_int64(st, 0);
            snprintf(kept[nkept++].at, CLOCK_ISO_LEN, "%s", store_col_text(st, 1));
        }
        store_reset(st);
        if (r == STORE_ERROR)
            return db_error(err);
        const char *const dels[] = {del_lines, del_partners};
        for (int k = 0; k < 2; k++) {
            if ((rc = store_prepare(s, dels[k], &st, err)))
                return rc;
            store_bind_int64(st, 1, id);
            if ((rc = store_run(st, NULL, err)))
                return rc;
        }
        for (int i = 0; i < in->npartners; i++) {
            const partner_in *pa = &in->partners[i];
            const char *committed = NULL;
            for (int k = 0; k < nkept; k++)
                if (kept[k].org == pa->org)
                    committed = kept[k].at;
            if ((rc = store_prepare(s, ins_partner, &st, err)))
                return rc;
            store_bind_int64(st, 1, id);
            store_bind_int64(st, 2, i);
            store_bind_int64(st, 3, pa->org);
            store_bind_text(st, 4, pa->role);
            if (pa->pi)
                store_bind_int64(st, 5, pa->pi);
            else
                store_bind_null(st, 5);
            if (pa->funder)
                store_bind_int64(st, 6, pa->funder);
            else
                store_bind_null(st, 6);
            store_bind_int64(st, 7, pa->requested);
            store_bind_text(st, 8, pa->currency);
            store_bind_int64(st, 9, pa->own_cash);
            store_bind_int64(st, 10, pa->own_in_kind);
            store_bind_int64(st, 11, pa->own_expense);
            store_bind_int64(st, 12, pa->team_size);
            store_bind_text(st, 13, committed);
            if ((rc = store_run(st, NULL, err)))
                return rc;
            for (int l = 0; l < pa->nlines; l++) {
                if ((rc = store_prepare(s, ins_line, &st, err)))
                    return rc;
                store_bind_int64(st, 1, id);
                store_bind_int64(st, 2, i);
                store_bind_text(st, 3, pa->lines[l].category);
                store_bind_text(st, 4, pa->lines[l].description);
                store_bind_int64(st, 5, pa->lines[l].amount);
                if ((rc = store_run(st, NULL, err)))
                    return rc;
            }
        }
    }
    if (in->has_people) {
        if ((rc = store_prepare(s, del_people, &st, err)))
            return rc;
        store_bind_int64(st, 1, id);
        if ((rc = store_run(st, NULL, err)))
            return rc;
        for (int i = 0; i < in->npeople; i++) {
            if ((rc = store_prepare(s, ins_person, &st, err)))
                return rc;
            store_bind_int64(st, 1, id);
            store_bind_int64(st, 2, in->people[i]);
            if ((rc = store_run(st, NULL, err)))
                return rc;
        }
    }
    return SERAI_OK;
}

/* ---- who may see and change a proposal ---- */

/* The visibility condition over proposal p, shared by the list and the
 * single read.  $V1: 1 secretariat (all), 2 observer (submitted ones, also
 * when withdrawn later; never a draft, withdrawn or not), 3 funder (the
 * same, requesting money from org $V2), 4 applicant (created by account
 * $V3, or org $V2 is a partner, or person $V4 is a PI or team member),
 * 5 reviewer (person $V4 has opened a review of it without declaring a
 * conflict); anything else sees nothing. */
#define VISIBLE(V1, V2, V3, V4)                                              \
    "(" V1 " = 1 OR (" V1 " = 2 AND p.submitted_at IS NOT NULL) OR (" V1     \
    " = 3 AND p.submitted_at IS NOT NULL AND EXISTS (SELECT 1 FROM "          \
    "proposal_partner x WHERE x.proposal_id = p.id AND x.funder_org_id = "    \
    V2 ")) OR (" V1 " = 4 AND "                                               \
    "(p.created_by = " V3 " OR EXISTS (SELECT 1 FROM proposal_partner x "     \
    "WHERE x.proposal_id = p.id AND (x.org_id = " V2 " OR x.pi_person_id = "  \
    V4 ")) OR EXISTS (SELECT 1 FROM proposal_person y WHERE y.proposal_id = " \
    "p.id AND y.person_id = " V4 "))) OR (" V1 " = 5 AND EXISTS (SELECT 1 "  \
    "FROM review rv WHERE rv.proposal_id = p.id AND rv.person_id = " V4     \
    " AND rv.status IN ('draft', 'submitted'))))"

static int visibility_of(const actor *who)
{
    switch (who->role) {
    case ROLE_SECRETARIAT: return 1;
    case ROLE_OBSERVER: return 2;
    case ROLE_FUNDER: return 3;
    case ROLE_APPLICANT: return 4;
    case ROLE_REVIEWER: return 5;
    default: return 0;
    }
}

static void bind_visibility(store_stmt *st, int first, const actor *who)
{
    store_bind_int64(st, first, visibility_of(who));
    store_bind_int64(st, first + 1, who->org_id > 0 ? who->org_id : -1);
    store_bind_int64(st, first + 2, who->account_id > 0 ? who->account_id : -1);
    store_bind_int64(st, first + 3, who->person_id > 0 ? who->person_id : -1);
}

typedef struct prop_meta {
    int64_t id, call_id;
    int stage;
    char status[16];
    char created_at[CLOCK_ISO_LEN];
} prop_meta;

/* Load the proposal if who may see it; write asks for the right to change
 * it too (secretariat, or an applicant of its consortium). */
static serai_code prop_access(store *s, const actor *who, int64_t id, bool write,
                              prop_meta *m, serai_err *err)
{
    static const char sql[] =
        "SELECT p.call_id, p.stage, p.status, p.created_at FROM proposal p "
        "WHERE p.id = $1 "
        "AND " VISIBLE("$2", "$3", "$4", "$5");
    memset(m, 0, sizeof *m);
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc)
        return rc;
    store_bind_int64(st, 1, id);
    bind_visibility(st, 2, who);
    int r = store_step(st, err);
    if (r == STORE_ROW) {
        m->id = id;
        m->call_id = store_col_int64(st, 0);
        m->stage = (int)store_col_int64(st, 1);
        snprintf(m->status, sizeof m->status, "%s", store_col_text(st, 2));
        snprintf(m->created_at, sizeof m->created_at, "%s", store_col_text(st, 3));
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    if (r == STORE_DONE)
        return serai_fail(err, SERAI_ENOTFOUND, NULL,
                          "no proposal with id %" PRId64, id);
    if (write && who->role != ROLE_SECRETARIAT && who->role != ROLE_APPLICANT)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "only the applicants of its consortium and the "
                          "secretariat change a proposal");
    return SERAI_OK;
}

/* ---- rendering ---- */

static json_t *text_or_null(store_stmt *st, int col)
{
    return store_col_null(st, col) ? json_null() : json_string(store_col_text(st, col));
}

static json_t *int_or_null(store_stmt *st, int col)
{
    return store_col_null(st, col) ? json_null()
                                   : json_integer(store_col_int64(st, col));
}

static json_t *parsed_or_null(store_stmt *st, int col)
{
    if (store_col_null(st, col))
        return json_null();
    json_t *j = json_loads(store_col_text(st, col), 0, NULL);
    return j ? j : json_null();
}

/* Add amount to totals[currency] (sums were bounded at input). */
static void total_add(json_t *totals, const char *currency, int64_t amount)
{
    json_t *v = json_object_get(totals, currency);
    int64_t sum = (v ? json_integer_value(v) : 0);
    if (!add_checked(sum, amount, &sum))
        sum = INT64_MAX;
    json_object_set_new(totals, currency, json_integer(sum));
}

static serai_code prop_render(store *s, int64_t id, json_t **out, serai_err *err)
{
    static const char sql[] =
        "SELECT id, call_id, stage, status, acronym, title, abstract, keywords, "
        "duration_months, created_by, submitted_at, rule_version, eligibility, "
        "created_at, updated_at FROM proposal WHERE id = $1";
    static const char partners_sql[] =
        "SELECT pp.seq, pp.org_id, o.name, o.country, o.type, o.sme, pp.role, "
        "pp.pi_person_id, pe.name, pe.orcid, pp.funder_org_id, pp.requested, "
        "pp.currency, pp.own_cash, pp.own_in_kind, pp.own_expense, "
        "pp.team_size, pp.committed_at FROM proposal_partner pp "
        "JOIN organization o ON o.id = pp.org_id "
        "LEFT JOIN person pe ON pe.id = pp.pi_person_id "
        "WHERE pp.proposal_id = $1 ORDER BY pp.seq";
    static const char lines_sql[] =
        "SELECT partner_seq, category, description, amount FROM budget_line "
        "WHERE proposal_id = $1 ORDER BY id";
    static const char people_sql[] =
        "SELECT person_id FROM proposal_person WHERE proposal_id = $1 ORDER BY id";
    *out = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc)
        return rc;
    store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    json_t *p = NULL;
    if (r == STORE_ROW)
        p = json_pack(
            "{s:I, s:I, s:I, s:s, s:o, s:s, s:s, s:o, s:I, s:o, s:o, s:o, s:o, "
            "s:s, s:s}",
            "id", (json_int_t)store_col_int64(st, 0), "call_id",
            (json_int_t)store_col_int64(st, 1), "stage",
            (json_int_t)store_col_int64(st, 2), "status", store_col_text(st, 3),
            "acronym", text_or_null(st, 4), "title", store_col_text(st, 5),
            "abstract", store_col_text(st, 6), "keywords", parsed_or_null(st, 7),
            "duration_months", (json_int_t)store_col_int64(st, 8), "created_by",
            int_or_null(st, 9), "submitted_at", text_or_null(st, 10),
            "rule_version", int_or_null(st, 11), "eligibility",
            parsed_or_null(st, 12), "created_at", store_col_text(st, 13),
            "updated_at", store_col_text(st, 14));
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    if (r == STORE_DONE)
        return serai_fail(err, SERAI_ENOTFOUND, NULL,
                          "no proposal with id %" PRId64, id);

    json_t *partners = json_array(), *requested = json_object(),
           *budget = json_object();
    json_object_set_new(p, "partners", partners);
    json_object_set_new(p, "totals", json_pack("{s:o, s:o}", "requested",
                                               requested, "budget", budget));
    if ((rc = store_prepare(s, partners_sql, &st, err)))
        goto fail;
    store_bind_int64(st, 1, id);
    while ((r = store_step(st, err)) == STORE_ROW) {
        int64_t req = store_col_int64(st, 11), cash = store_col_int64(st, 13),
                kind = store_col_int64(st, 14);
        const char *cur = store_col_text(st, 12);
        int64_t total = req + cash + kind; /* bounded at input */
        total_add(requested, cur, req);
        total_add(budget, cur, total);
        json_t *pi = store_col_null(st, 7)
                         ? json_null()
                         : json_pack("{s:I, s:s, s:o}", "id",
                                     (json_int_t)store_col_int64(st, 7), "name",
                                     store_col_text(st, 8), "orcid",
                                     text_or_null(st, 9));
        json_array_append_new(
            partners,
            json_pack("{s:I, s:I, s:{s:s, s:s, s:s, s:b}, s:s, s:o, s:o, s:I, "
                      "s:s, s:I, s:I, s:I, s:b, s:I, s:o, s:o}",
                      "seq", (json_int_t)store_col_int64(st, 0),
                      "organization_id", (json_int_t)store_col_int64(st, 1),
                      "organization", "name", store_col_text(st, 2), "country",
                      store_col_text(st, 3), "type", store_col_text(st, 4),
                      "sme", (int)store_col_int64(st, 5), "role",
                      store_col_text(st, 6), "pi", pi, "funder_id",
                      int_or_null(st, 10), "requested", (json_int_t)req,
                      "currency", cur, "own_cash", (json_int_t)cash,
                      "own_in_kind", (json_int_t)kind, "budget",
                      (json_int_t)total, "own_expense",
                      (int)store_col_int64(st, 15), "team_size",
                      (json_int_t)store_col_int64(st, 16),
                      "commitment_signed_at", text_or_null(st, 17),
                      "budget_lines", json_array()));
    }
    store_reset(st);
    if (r == STORE_ERROR) {
        rc = db_error(err);
        goto fail;
    }
    if ((rc = store_prepare(s, lines_sql, &st, err)))
        goto fail;
    store_bind_int64(st, 1, id);
    while ((r = store_step(st, err)) == STORE_ROW) {
        json_t *pa = json_array_get(partners, (size_t)store_col_int64(st, 0));
        if (pa)
            json_array_append_new(
                json_object_get(pa, "budget_lines"),
                json_pack("{s:s, s:o, s:I}", "category", store_col_text(st, 1),
                          "description", text_or_null(st, 2), "amount",
                          (json_int_t)store_col_int64(st, 3)));
    }
    store_reset(st);
    if (r == STORE_ERROR) {
        rc = db_error(err);
        goto fail;
    }
    json_t *people = json_array();
    json_object_set_new(p, "people", people);
    if ((rc = store_prepare(s, people_sql, &st, err)))
        goto fail;
    store_bind_int64(st, 1, id);
    while ((r = store_step(st, err)) == STORE_ROW)
        json_array_append_new(people, json_integer(store_col_int64(st, 0)));
    store_reset(st);
    if (r == STORE_ERROR) {
        rc = db_error(err);
        goto fail;
    }
    *out = p;
    return SERAI_OK;
fail:
    json_decref(p);
    return rc;
}

/* ---- the round: loading proposals as the engine sees them ---- */

typedef struct round {
    int n;
    int64_t *ids;
    char (*status)[16];
    char **stored;             /* eligibility text as stored, or NULL */
    elig_proposal *props;
    elig_result *results;
} round;

static void round_free(round *rd)
{
    for (int i = 0; i < rd->n; i++)
        free(rd->stored[i]);
    free(rd->ids);
    free(rd->status);
    free(rd->stored);
    free(rd->props);
    free(rd->results);
    memset(rd, 0, sizeof *rd);
}

static int round_index(const round *rd, int64_t id)
{
    int lo = 0, hi = rd->n - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (rd->ids[mid] == id)
            return mid;
        if (rd->ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

/* The submitted proposals of one stage of call_id, plus proposal also
 * (0 = none), ascending by id.  Condition $1 call, $2 also, $3 stage: a
 * round is one stage's submissions, so that a letter of intent and a full
 * proposal of the same project never count as two applications. */
#define ROUND_WHERE                                                      \
    "p.call_id = $1 AND p.stage = $3 AND (p.status IN " ROUND_STATUSES   \
    " OR p.id = $2)"

static serai_code round_load(store *s, int64_t call_id, int stage,
                             int64_t also, int64_t now, round *rd,
                             serai_err *err)
{
    static const char props_sql[] =
        "SELECT p.id, p.status, p.duration_months, p.submitted_unix, "
        "p.eligibility FROM proposal p WHERE " ROUND_WHERE " ORDER BY p.id";
    static const char partners_sql[] =
        "SELECT pp.proposal_id, pp.org_id, o.name, o.country, o.type, o.sme, "
        "pp.role, pp.own_expense, pp.requested, pp.currency, pp.funder_org_id, "
        "pp.own_cash, pp.own_in_kind, pp.pi_person_id, pe.orcid, pp.team_size, "
        "pp.committed_at, fo.name FROM proposal_partner pp "
        "JOIN proposal p ON p.id = pp.proposal_id "
        "JOIN organization o ON o.id = pp.org_id "
        "LEFT JOIN organization fo ON fo.id = pp.funder_org_id "
        "LEFT JOIN person pe ON pe.id = pp.pi_person_id "
        "WHERE " ROUND_WHERE " ORDER BY pp.proposal_id, pp.seq";
    static const char people_sql[] =
        "SELECT y.proposal_id, y.person_id, pe.orcid FROM proposal_person y "
        "JOIN proposal p ON p.id = y.proposal_id "
        "JOIN person pe ON pe.id = y.person_id "
        "WHERE " ROUND_WHERE " ORDER BY y.proposal_id, y.id";
    memset(rd, 0, sizeof *rd);
    store_stmt *st;
    serai_code rc = store_prepare(s, props_sql, &st, err);
    if (rc)
        return rc;
    store_bind_int64(st, 1, call_id);
    store_bind_int64(st, 2, also);
    store_bind_int64(st, 3, stage);
    int cap = 0, r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        if (rd->n == cap) {
            cap = cap ? cap * 2 : 16;
            rd->ids = xreallocarray(rd->ids, (size_t)cap, sizeof *rd->ids);
            rd->status = xreallocarray(rd->status, (size_t)cap, sizeof *rd->status);
            rd->stored = xreallocarray(rd->stored, (size_t)cap, sizeof *rd->stored);
            rd->props = xreallocarray(rd->props, (size_t)cap, sizeof *rd->props);
        }
        int i = rd->n++;
        rd->ids[i] = store_col_int64(st, 0);
        snprintf(rd->status[i], sizeof rd->status[i], "%s", store_col_text(st, 1));
        rd->stored[i] = store_col_null(st, 4) ? NULL
                                              : xstrdup(store_col_text(st, 4));
        elig_proposal *ep = &rd->props[i];
        memset(ep, 0, sizeof *ep);
        snprintf(ep->id, sizeof ep->id, "%" PRId64, rd->ids[i]);
        ep->duration_months = (int)store_col_int64(st, 2);
        ep->submitted_at = store_col_null(st, 3) || !in_round(rd->status[i])
                               ? 0
                               : store_col_int64(st, 3);
        ep->now = now;
    }
    store_reset(st);
    if (r == STORE_ERROR) {
        round_free(rd);
        return db_error(err);
    }
    if (rd->n == 0)
        return SERAI_OK;

    if ((rc = store_prepare(s, partners_sql, &st, err))) {
        round_free(rd);
        return rc;
    }
    store_bind_int64(st, 1, call_id);
    store_bind_int64(st, 2, also);
    store_bind_int64(st, 3, stage);
    while ((r = store_step(st, err)) == STORE_ROW) {
        int i = round_index(rd, store_col_int64(st, 0));
        if (i < 0 || rd->props[i].npartners == ELIG_MAX_PARTNERS)
            continue;
        elig_partner *pa = &rd->props[i].partners[rd->props[i].npartners++];
        /* Organisations are matched by registry id, which their label
         * carries; explanations show the name. */
        call_org_label(pa->org, store_col_text(st, 2), store_col_int64(st, 1));
        snprintf(pa->country, sizeof pa->country, "%s", store_col_text(st, 3));
        snprintf(pa->type, sizeof pa->type, "%s", store_col_text(st, 4));
        pa->sme = store_col_int64(st, 5) != 0;
        pa->coordinator = strcmp(store_col_text(st, 6), "coordinator") == 0;
        pa->own_expense = store_col_int64(st, 7) != 0;
        pa->requested = store_col_int64(st, 8);
        snprintf(pa->currency, sizeof pa->currency, "%s", store_col_text(st, 9));
        if (!store_col_null(st, 10))
            call_org_label(pa->funder, store_col_text(st, 17),
                           store_col_int64(st, 10));
        pa->own_cash = store_col_int64(st, 11);
        pa->own_in_kind = store_col_int64(st, 12);
        if (!store_col_null(st, 13))
            snprintf(pa->pi.id, sizeof pa->pi.id, "%" PRId64,
                     store_col_int64(st, 13));
        if (!store_col_null(st, 14))
            snprintf(pa->pi.orcid, sizeof pa->pi.orcid, "%s",
                     store_col_text(st, 14));
        pa->team_size = (int)store_col_int64(st, 15);
        int64_t at;
        if (!store_col_null(st, 16) && clock_parse(store_col_text(st, 16), &at))
            pa->committed_at = at;
    }
    store_reset(st);
    if (r == STORE_ERROR) {
        round_free(rd);
        return db_error(err);
    }
    if ((rc = store_prepare(s, people_sql, &st, err))) {
        round_free(rd);
        return rc;
    }
    store_bind_int64(st, 1, call_id);
    store_bind_int64(st, 2, also);
    store_bind_int64(st, 3, stage);
    while ((r = store_step(st, err)) == STORE_ROW) {
        int i = round_index(rd, store_col_int64(st, 0));
        if (i < 0 || rd->props[i].npeople == ELIG_MAX_PEOPLE)
            continue;
        elig_person *pe = &rd->props[i].people[rd->props[i].npeople++];
        snprintf(pe->id, sizeof pe->id, "%" PRId64, store_col_int64(st, 1));
        if (!store_col_null(st, 2))
            snprintf(pe->orcid, sizeof pe->orcid, "%s", store_col_text(st, 2));
    }
    store_reset(st);
    if (r == STORE_ERROR) {
        round_free(rd);
        return db_error(err);
    }
    return SERAI_OK;
}

/* Judge the loaded round by rules. */
static void round_judge(const elig_rules *rules, round *rd)
{
    const elig_proposal **ptrs = xmalloc((size_t)rd->n * sizeof *ptrs);
    for (int i = 0; i < rd->n; i++)
        ptrs[i] = &rd->props[i];
    rd->results = xmalloc((size_t)rd->n * sizeof *rd->results);
    elig_check_round(rules, ptrs, (size_t)rd->n, rd->results);
    free(ptrs);
}

static serai_code audit_proposal(store *s, const actor *who, const char *action,
                                 int64_t id, json_t **state, serai_err *err)
{
    char object[48];
    snprintf(object, sizeof object, "proposal/%" PRId64, id);
    serai_code rc = prop_render(s, id, state, err);
    if (rc == SERAI_OK)
        rc = audit_append(s, who, action, object, *state, err);
    return rc;
}

/* Judge the round of one stage of the call again; see proposal.h. */
static serai_code settle_stage(store *s, const actor *who, int64_t call_id,
                               int stage, int64_t now, serai_err *err)
{
    static const char upd[] =
        "UPDATE proposal SET status = $2, eligibility = $3, rule_version = $4 "
        "WHERE id = $1";
    round rd;
    serai_code rc = round_load(s, call_id, stage, 0, now, &rd, err);
    if (rc || rd.n == 0)
        return rc;
    elig_rules *rules = xmalloc(sizeof *rules);
    int version = 0;
    if ((rc = call_rules_load(s, call_id, 0, rules, &version, err))) {
        free(rules);
        round_free(&rd);
        return rc;
    }
    round_judge(rules, &rd);
    for (int i = 0; rc == SERAI_OK && i < rd.n; i++) {
        const elig_result *res = &rd.results[i];
        const char *status = res->eligible  ? "eligible"
                             : res->pending ? "submitted"
                                            : "ineligible";
        char *text = elig_result_json(rules, &rd.props[i], res);
        bool same_status = strcmp(status, rd.status[i]) == 0;
        bool same_text = rd.stored[i] && strcmp(text, rd.stored[i]) == 0;
        if (!(same_status && same_text)) {
            store_stmt *st;
            if ((rc = store_prepare(s, upd, &st, err)) == SERAI_OK) {
                store_bind_int64(st, 1, rd.ids[i]);
                store_bind_text(st, 2, status);
                store_bind_text(st, 3, text);
                store_bind_int64(st, 4, version);
                rc = store_run(st, NULL, err);
            }
            if (rc == SERAI_OK && !same_status) {
                json_t *state;
                rc = audit_proposal(s, who, "proposal.assess", rd.ids[i], &state,
                                    err);
                json_decref(state);
            }
        }
        free(text);
    }
    free(rules);
    round_free(&rd);
    return rc;
}

serai_code proposal_settle_call(store *s, const actor *who, int64_t call_id,
                                int64_t now, serai_err *err)
{
    serai_code rc = SERAI_OK;
    for (int stage = 1; rc == SERAI_OK && stage <= CALL_MAX_STAGES; stage++)
        rc = settle_stage(s, who, call_id, stage, now, err);
    return rc;
}

/* Commit with an audit record of the proposal's new state as *out. */
static serai_code commit_audited(store *s, const actor *who, const char *action,
                                 int64_t id, json_t **out, serai_err *err)
{
    serai_code rc = audit_proposal(s, who, action, id, out, err);
    if (rc == SERAI_OK)
        rc = store_commit(s, err);
    if (rc != SERAI_OK) {
        store_rollback(s);
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

/* ---- the calls of the API ---- */

/* A draft's answer carries its eligibility as it now stands, so that
 * applicants see every rule's verdict on each change: "live_eligibility"
 * (null when the call has no rule set yet).  Read-only, after the commit. */
static void attach_live_check(store *s, const actor *who, int64_t id,
                              int64_t now, json_t *prop)
{
    json_t *live = NULL;
    serai_err ignored;
    if (proposal_check(s, who, id, now, &live, &ignored) != SERAI_OK)
        live = NULL;
    json_object_set_new(prop, "live_eligibility", live ? live : json_null());
}

serai_code proposal_create(store *s, const actor *who, json_t *body,
                           int64_t now, json_t **out, serai_err *err)
{
    static const char sql[] =
        "INSERT INTO proposal (call_id, stage, status, acronym, title, "
        "abstract, keywords, duration_months, created_by, created_at, "
        "updated_at) VALUES ($1, 1, 'draft', $2, $3, $4, $5, $6, $7, $8, $8) "
        "RETURNING id";
    *out = NULL;
    if (who->role != ROLE_SECRETARIAT && who->role != ROLE_APPLICANT)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "only applicants and the secretariat create proposals");
    prop_in *in = xmalloc(sizeof *in);
    serai_code rc = prop_read(body, true, in, err);
    char *keywords = NULL;
    if (rc)
        goto done;
    json_t *none = json_array();
    keywords = json_to_text(in->keywords ? in->keywords : none);
    json_decref(none);
    char at[CLOCK_ISO_LEN];
    clock_format(now, at);
    if ((rc = store_begin(s, err)))
        goto done;
    call_info c;
    int64_t id = 0;
    if ((rc = call_info_load(s, in->call_id, &c, err)) ||
        (rc = call_visible(s, who, &c, err))) {
        if (rc == SERAI_ENOTFOUND)
            err->code = rc = SERAI_EUNPROCESSABLE, snprintf(err->field, sizeof err->field, "/call_id");
        goto fail;
    }
    if ((rc = check_deadline(&c, 1, now, "a new proposal", err)) ||
        (rc = partners_check(s, &c, in, err)))
        goto fail;
    store_stmt *st;
    if ((rc = store_prepare(s, sql, &st, err)))
        goto fail;
    store_bind_int64(st, 1, in->call_id);
    store_bind_text(st, 2, in->acronym);
    store_bind_text(st, 3, in->title);
    store_bind_text(st, 4, in->abstract ? in->abstract : "");
    store_bind_text(st, 5, keywords);
    store_bind_int64(st, 6, in->duration);
    if (who->account_id > 0)
        store_bind_int64(st, 7, who->account_id);
    else
        store_bind_null(st, 7);
    store_bind_text(st, 8, at);
    int r = store_step(st, err);
    if (r == STORE_ROW)
        id = store_col_int64(st, 0);
    store_reset(st);
    if (r == STORE_ERROR) {
        rc = db_error(err);
        goto fail;
    }
    if ((rc = write_consortium(s, id, in, err)))
        goto fail;
    rc = commit_audited(s, who, "proposal.create", id, out, err);
    if (rc == SERAI_OK)
        attach_live_check(s, who, id, now, *out);
    goto done;
fail:
    store_rollback(s);
done:
    free(keywords);
    free(in);
    return rc;
}

/* Mark proposal id submitted now by the call's current rules, then judge
 * the round.  Inside the caller's transaction. */
static serai_code submit_now(store *s, const actor *who, const call_info *c,
                             int64_t id, int64_t now, serai_err *err)
{
    static const char upd[] =
        "UPDATE proposal SET status = 'submitted', submitted_at = $2, "
        "submitted_unix = $3, rule_version = $4, updated_at = $2 WHERE id = $1";
    static const char partners_sql[] =
        "SELECT count(*) FROM proposal_partner WHERE proposal_id = $1";
    int64_t npartners;
    serai_code rc = store_lookup_id(s, partners_sql, id, &npartners, err);
    if (rc)
        return rc;
    if (npartners == 0)
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/partners",
                          "a proposal without partners cannot be submitted");
    if (c->rule_version == 0)
        return serai_fail(err, SERAI_ECONFLICT, NULL,
                          "call %" PRId64 " has no rule set", c->id);
    char at[CLOCK_ISO_LEN];
    clock_format(now, at);
    store_stmt *st;
    if ((rc = store_prepare(s, upd, &st, err)))
        return rc;
    store_bind_int64(st, 1, id);
    store_bind_text(st, 2, at);
    store_bind_int64(st, 3, now);
    store_bind_int64(st, 4, c->rule_version);
    if ((rc = store_run(st, NULL, err)))
        return rc;
    return proposal_settle_call(s, who, c->id, now, err);
}

serai_code proposal_update(store *s, const actor *who, int64_t id,
                           json_t *body, int64_t now, json_t **out,
                           serai_err *err)
{
    static const char sql[] =
        "UPDATE proposal SET acronym = COALESCE($2, acronym), "
        "title = COALESCE($3, title), abstract = COALESCE($4, abstract), "
        "keywords = COALESCE($5, keywords), "
        "duration_months = COALESCE($6, duration_months), updated_at = $7 "
        "WHERE id = $1";
    *out = NULL;
    prop_in *in = xmalloc(sizeof *in);
    serai_code rc = prop_read(body, false, in, err);
    char *keywords = NULL;
    if (rc)
        goto done;
    keywords = in->keywords ? json_to_text(in->keywords) : NULL;
    char at[CLOCK_ISO_LEN];
    clock_format(now, at);
    if ((rc = store_begin(s, err)))
        goto done;
    prop_meta m;
    call_info c;
    if ((rc = prop_access(s, who, id, true, &m, err)) ||
        (rc = call_info_load(s, m.call_id, &c, err)))
        goto fail;
    bool resubmit = in_round(m.status);
    if (strcmp(m.status, "draft") != 0 && !resubmit) {
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "proposal %" PRId64 " is %s; it can no longer change",
                        id, m.status);
        goto fail;
    }
    if ((rc = check_deadline(&c, m.stage, now, "a change", err)) ||
        (rc = partners_check(s, &c, in, err)))
        goto fail;
    store_stmt *st;
    if ((rc = store_prepare(s, sql, &st, err)))
        goto fail;
    store_bind_int64(st, 1, id);
    store_bind_text(st, 2, in->acronym);
    store_bind_text(st, 3, in->title);
    store_bind_text(st, 4, in->abstract);
    store_bind_text(st, 5, keywords);
    if (in->duration)
        store_bind_int64(st, 6, in->duration);
    else
        store_bind_null(st, 6);
    store_bind_text(st, 7, at);
    if ((rc = store_run(st, NULL, err)) || (rc = write_consortium(s, id, in, err)))
        goto fail;
    if (resubmit && (rc = submit_now(s, who, &c, id, now, err)))
        goto fail;
    rc = commit_audited(s, who, resubmit ? "proposal.resubmit" : "proposal.update",
                        id, out, err);
    if (rc == SERAI_OK && !resubmit)
        attach_live_check(s, who, id, now, *out);
    goto done;
fail:
    store_rollback(s);
done:
    free(keywords);
    free(in);
    return rc;
}

serai_code proposal_get(store *s, const actor *who, int64_t id, json_t **out,
                        serai_err *err)
{
    *out = NULL;
    prop_meta m;
    serai_code rc = prop_access(s, who, id, false, &m, err);
    return rc ? rc : prop_render(s, id, out, err);
}

serai_code proposal_list(store *s, const actor *who, const proposal_filter *f,
                         json_t **out, serai_err *err)
{
    static const char sql[] =
        "SELECT p.id FROM proposal p WHERE p.id > $1 "
        "AND ($2 = 0 OR p.call_id = $2) "
        "AND (CAST($3 AS TEXT) IS NULL OR p.status = CAST($3 AS TEXT)) "
        "AND ($4 = 0 OR EXISTS (SELECT 1 FROM proposal_partner z WHERE "
        "z.proposal_id = p.id AND z.funder_org_id = $4)) "
        "AND " VISIBLE("$5", "$6", "$7", "$8") " ORDER BY p.id LIMIT $9";
    *out = NULL;
    if (f->status && !one_of(f->status, proposal_statuses))
        return serai_fail(err, SERAI_EINVAL, "?status",
                          "status must be one of draft, submitted, eligible, "
                          "ineligible, withdrawn, in_review, ranked, selected, "
                          "reserve, rejected, funded");
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc)
        return rc;
    store_bind_int64(st, 1, f->page.after);
    store_bind_int64(st, 2, f->call_id);
    store_bind_text(st, 3, f->status);
    store_bind_int64(st, 4, f->funder_id);
    bind_visibility(st, 5, who);
    store_bind_int64(st, 9, (int64_t)f->page.limit + 1);
    int64_t ids[PAGE_MAX_LIMIT + 1];
    int n = 0, r;
    while ((r = store_step(st, err)) == STORE_ROW && n <= f->page.limit)
        ids[n++] = store_col_int64(st, 0);
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    int more = n > f->page.limit;
    if (more)
        n = f->page.limit;
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        json_t *p;
        if ((rc = prop_render(s, ids[i], &p, err))) {
            json_decref(items);
            return rc;
        }
        json_array_append_new(items, p);
    }
    *out = page_result(items, n ? ids[n - 1] : 0, more);
    return SERAI_OK;
}

serai_code proposal_submit(store *s, const actor *who, int64_t id, int64_t now,
                           json_t **out, serai_err *err)
{
    *out = NULL;
    serai_code rc = store_begin(s, err);
    if (rc)
        return rc;
    prop_meta m;
    call_info c;
    if ((rc = prop_access(s, who, id, true, &m, err)) ||
        (rc = call_info_load(s, m.call_id, &c, err)))
        goto fail;
    if (strcmp(m.status, "draft") != 0 && !in_round(m.status)) {
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "proposal %" PRId64 " is %s; only a draft is submitted",
                        id, m.status);
        goto fail;
    }
    if ((rc = check_deadline(&c, m.stage, now, "the submission", err)) ||
        (rc = submit_now(s, who, &c, id, now, err)))
        goto fail;
    return commit_audited(s, who, "proposal.submit", id, out, err);
fail:
    store_rollback(s);
    return rc;
}

serai_code proposal_withdraw(store *s, const actor *who, int64_t id,
                             int64_t now, json_t **out, serai_err *err)
{
    static const char upd[] =
        "UPDATE proposal SET status = 'withdrawn', updated_at = $2 WHERE id = $1";
    *out = NULL;
    serai_code rc = store_begin(s, err);
    if (rc)
        return rc;
    prop_meta m;
    if ((rc = prop_access(s, who, id, true, &m, err)))
        goto fail;
    if (strcmp(m.status, "draft") != 0 && !in_round(m.status)) {
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "proposal %" PRId64 " is %s; it can no longer be "
                        "withdrawn", id, m.status);
        goto fail;
    }
    char at[CLOCK_ISO_LEN];
    clock_format(now, at);
    store_stmt *st;
    if ((rc = store_prepare(s, upd, &st, err)))
        goto fail;
    store_bind_int64(st, 1, id);
    store_bind_text(st, 2, at);
    if ((rc = store_run(st, NULL, err)))
        goto fail;
    /* Leaving the round may clear others of the per-person limit. */
    if (in_round(m.status) &&
        (rc = proposal_settle_call(s, who, m.call_id, now, err)))
        goto fail;
    return commit_audited(s, who, "proposal.withdraw", id, out, err);
fail:
    store_rollback(s);
    return rc;
}

serai_code proposal_commitment(store *s, const actor *who, int64_t id, int seq,
                               const char *signed_at, int64_t now,
                               json_t **out, serai_err *err)
{
    static const char sql[] =
        "SELECT committed_at FROM proposal_partner WHERE proposal_id = $1 "
        "AND seq = $2";
    static const char upd[] =
        "UPDATE proposal_partner SET committed_at = $3 WHERE proposal_id = $1 "
        "AND seq = $2";
    *out = NULL;
    char at[CLOCK_ISO_LEN];
    int64_t t = now;
    if (signed_at && (!clock_parse(signed_at, &t) || t > now))
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/signed_at",
                          "signed_at must be a UTC instant YYYY-MM-DDTHH:MM:SSZ "
                          "not in the future");
    clock_format(t, at);
    serai_code rc = store_begin(s, err);
    if (rc)
        return rc;
    prop_meta m;
    if ((rc = prop_access(s, who, id, true, &m, err)))
        goto fail;
    if (strcmp(m.status, "draft") != 0 && !in_round(m.status)) {
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "proposal %" PRId64 " is %s; commitment forms are "
                        "recorded only until eligibility is settled", id,
                        m.status);
        goto fail;
    }
    int64_t created;
    if (clock_parse(m.created_at, &created) && t < created) {
        rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/signed_at",
                        "signed_at %s is before proposal %" PRId64 " was "
                        "created (%s); a commitment form signs this proposal",
                        at, id, m.created_at);
        goto fail;
    }
    store_stmt *st;
    if ((rc = store_prepare(s, sql, &st, err)))
        goto fail;
    store_bind_int64(st, 1, id);
    store_bind_int64(st, 2, seq);
    int r = store_step(st, err);
    bool already = r == STORE_ROW && !store_col_null(st, 0);
    store_reset(st);
    if (r == STORE_ERROR) {
        rc = db_error(err);
        goto fail;
    }
    if (r == STORE_DONE) {
        rc = serai_fail(err, SERAI_ENOTFOUND, NULL,
                        "proposal %" PRId64 " has no partner %d", id, seq);
        goto fail;
    }
    if (already) {
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "partner %d of proposal %" PRId64 " has already "
                        "signed its commitment form", seq, id);
        goto fail;
    }
    if ((rc = store_prepare(s, upd, &st, err)))
        goto fail;
    store_bind_int64(st, 1, id);
    store_bind_int64(st, 2, seq);
    store_bind_text(st, 3, at);
    if ((rc = store_run(st, NULL, err)))
        goto fail;
    if (in_round(m.status) &&
        (rc = proposal_settle_call(s, who, m.call_id, now, err)))
        goto fail;
    return commit_audited(s, who, "proposal.commitment", id, out, err);
fail:
    store_rollback(s);
    return rc;
}

serai_code proposal_invite(store *s, const actor *who, int64_t id, int64_t now,
                           json_t **out, serai_err *err)
{
    static const char upd[] =
        "UPDATE proposal SET stage = stage + 1, status = 'draft', "
        "submitted_at = NULL, submitted_unix = NULL, eligibility = NULL, "
        "rule_version = NULL, updated_at = $2 WHERE id = $1";
    *out = NULL;
    if (who->role != ROLE_SECRETARIAT)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "only the secretariat invites to the next stage");
    serai_code rc = store_begin(s, err);
    if (rc)
        return rc;
    prop_meta m;
    call_info c;
    if ((rc = prop_access(s, who, id, true, &m, err)) ||
        (rc = call_info_load(s, m.call_id, &c, err)))
        goto fail;
    if (m.stage >= c.nstages) {
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "proposal %" PRId64 " is at the last stage of call %"
                        PRId64, id, c.id);
        goto fail;
    }
    if (strcmp(m.status, "eligible") != 0) {
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "proposal %" PRId64 " is %s; only an eligible %s is "
                        "invited to the next stage", id, m.status,
                        c.stages[m.stage - 1].kind);
        goto fail;
    }
    if (strcmp(c.status, "open") != 0) {
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "call %" PRId64 " is %s; invitations need an open call",
                        c.id, c.status);
        goto fail;
    }
    char at[CLOCK_ISO_LEN];
    clock_format(now, at);
    store_stmt *st;
    if ((rc = store_prepare(s, upd, &st, err)))
        goto fail;
    store_bind_int64(st, 1, id);
    store_bind_text(st, 2, at);
    if ((rc = store_run(st, NULL, err)) ||
        (rc = settle_stage(s, who, c.id, m.stage, now, err)))
        goto fail;
    return commit_audited(s, who, "proposal.invite", id, out, err);
fail:
    store_rollback(s);
    return rc;
}

serai_code proposal_check(store *s, const actor *who, int64_t id, int64_t now,
                          json_t **out, serai_err *err)
{
    *out = NULL;
    prop_meta m;
    serai_code rc = prop_access(s, who, id, false, &m, err);
    if (rc)
        return rc;
    elig_rules *rules = xmalloc(sizeof *rules);
    int version = 0;
    if ((rc = call_rules_load(s, m.call_id, 0, rules, &version, err))) {
        free(rules);
        return rc;
    }
    round rd;
    if ((rc = round_load(s, m.call_id, m.stage, id, now, &rd, err))) {
        free(rules);
        return rc;
    }
    round_judge(rules, &rd);
    int i = round_index(&rd, id);
    char *text = i >= 0 ? elig_result_json(rules, &rd.props[i], &rd.results[i])
                        : NULL;
    json_error_t jerr;
    *out = text ? json_loads(text, 0, &jerr) : NULL;
    free(text);
    free(rules);
    round_free(&rd);
    if (*out == NULL)
        return serai_fail(err, SERAI_EINTERNAL, NULL,
                          "the eligibility of proposal %" PRId64
                          " could not be rendered", id);
    json_object_set_new(*out, "rule_version", json_integer(version));
    return SERAI_OK;
}

serai_code proposal_elig_load(store *s, const actor *who, int64_t id, int64_t now,
                              elig_rules *rules, elig_proposal *out, int64_t *call_id,
                              serai_err *err)
{
    prop_meta m;
    serai_code rc = prop_access(s, who, id, false, &m, err);
    if (rc)
        return rc;
    int version = 0;
    if ((rc = call_rules_load(s, m.call_id, 0, rules, &version, err)))
        return rc;
    round rd;
    if ((rc = round_load(s, m.call_id, m.stage, id, now, &rd, err)))
        return rc;
    int i = round_index(&rd, id);
    if (i >= 0)
        *out = rd.props[i];
    round_free(&rd);
    if (i < 0)
        return serai_fail(err, SERAI_EINTERNAL, NULL, "proposal %" PRId64 " did not load", id);
    *call_id = m.call_id;
    return SERAI_OK;
}

/* ---- export ---- */

static const char *const proposal_headers[] = {
    "id", "acronym", "title", "status", "stage", "coordinator",
    "coordinator_country", "partners", "countries", "duration_months",
    "currency", "requested", "own_cash", "own_in_kind", "budget",
    "eligibility", "failed_rules", "rule_version", "submitted_at"};
static const char *const partner_headers[] = {
    "proposal_id", "acronym", "seq", "role", "organization_id", "organization",
    "country", "type", "sme", "pi", "orcid", "funder_id", "currency",
    "requested", "own_cash", "own_in_kind", "budget", "own_expense",
    "team_size", "commitment_signed_at"};
#define NCOLS(a) ((int)(sizeof a / sizeof a[0]))

static const char *str_of(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static int64_t int_of(json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

static void export_proposal_row(sheet *sh, json_t *p)
{
    json_t *partners = json_object_get(p, "partners");
    json_t *coord = NULL, *pa;
    size_t i;
    buf countries;
    buf_init(&countries, 4096);
    json_array_foreach(partners, i, pa) {
        if (strcmp(str_of(pa, "role"), "coordinator") == 0)
            coord = pa;
        const char *c = str_of(json_object_get(pa, "organization"), "country");
        if (!strstr(countries.data ? countries.data : "", c)) {
            if (countries.len)
                buf_append(&countries, ";", 1);
            buf_append(&countries, c, 2);
        }
    }
    buf_append(&countries, "", 0);
    json_t *totals = json_object_get(p, "totals");
    json_t *req = json_object_get(totals, "requested");
    const char *currency = json_object_size(req) == 1
                               ? json_object_iter_key(json_object_iter(req))
                               : NULL;
    sheet_int(sh, int_of(p, "id"));
    sheet_text(sh, str_of(p, "acronym"));
    sheet_text(sh, str_of(p, "title"));
    sheet_text(sh, str_of(p, "status"));
    sheet_int(sh, int_of(p, "stage"));
    sheet_text(sh, coord ? str_of(json_object_get(coord, "organization"), "name")
                         : NULL);
    sheet_text(sh, coord ? str_of(json_object_get(coord, "organization"), "country")
                         : NULL);
    sheet_int(sh, (int64_t)json_array_size(partners));
    sheet_text(sh, countries.data ? countries.data : "");
    sheet_int(sh, int_of(p, "duration_months"));
    if (currency) {
        int64_t cash = 0, kind = 0;
        json_array_foreach(partners, i, pa) {
            cash += int_of(pa, "own_cash");
            kind += int_of(pa, "own_in_kind");
        }
        sheet_text(sh, currency);
        sheet_money(sh, int_of(req, currency), currency);
        sheet_money(sh, cash, currency);
        sheet_money(sh, kind, currency);
        sheet_money(sh, int_of(json_object_get(totals, "budget"), currency),
                    currency);
    } else {
        /* Several currencies: the partners sheet has the amounts. */
        sheet_text(sh, json_object_size(req) ? "mixed" : NULL);
        for (int k = 0; k < 4; k++)
            sheet_blank(sh);
    }
    json_t *el = json_object_get(p, "eligibility");
    if (json_is_object(el)) {
        bool eligible = json_is_true(json_object_get(el, "eligible"));
        bool pending = json_is_true(json_object_get(el, "pending"));
        sheet_text(sh, eligible ? "eligible" : pending ? "pending" : "ineligible");
        buf failed;
        buf_init(&failed, 4096);
        json_t *rule;
        json_array_foreach(json_object_get(el, "rules"), i, rule) {
            if (json_is_true(json_object_get(rule, "pass")) ||
                json_is_true(json_object_get(rule, "pending")))
                continue;
            if (failed.len)
                buf_append(&failed, ";", 1);
            const char *code = str_of(rule, "code");
            buf_append(&failed, code, strlen(code));
        }
        buf_append(&failed, "", 0);
        sheet_text(sh, failed.data ? failed.data : "");
        buf_free(&failed);
    } else {
        sheet_blank(sh);
        sheet_blank(sh);
    }
    if (json_is_integer(json_object_get(p, "rule_version")))
        sheet_int(sh, int_of(p, "rule_version"));
    else
        sheet_blank(sh);
    if (str_of(p, "submitted_at"))
        sheet_date(sh, str_of(p, "submitted_at"));
    else
        sheet_blank(sh);
    sheet_row_end(sh);
    buf_free(&countries);
}

static void export_partner_rows(sheet *sh, json_t *p)
{
    size_t i;
    json_t *pa;
    json_array_foreach(json_object_get(p, "partners"), i, pa) {
        json_t *org = json_object_get(pa, "organization");
        json_t *pi = json_object_get(pa, "pi");
        const char *cur = str_of(pa, "currency");
        sheet_int(sh, int_of(p, "id"));
        sheet_text(sh, str_of(p, "acronym"));
        sheet_int(sh, int_of(pa, "seq"));
        sheet_text(sh, str_of(pa, "role"));
        sheet_int(sh, int_of(pa, "organization_id"));
        sheet_text(sh, str_of(org, "name"));
        sheet_text(sh, str_of(org, "country"));
        sheet_text(sh, str_of(org, "type"));
        sheet_text(sh, json_is_true(json_object_get(org, "sme")) ? "yes" : "no");
        sheet_text(sh, json_is_object(pi) ? str_of(pi, "name") : NULL);
        sheet_text(sh, json_is_object(pi) ? str_of(pi, "orcid") : NULL);
        if (json_is_integer(json_object_get(pa, "funder_id")))
            sheet_int(sh, int_of(pa, "funder_id"));
        else
            sheet_blank(sh);
        sheet_text(sh, cur);
        sheet_money(sh, int_of(pa, "requested"), cur);
        sheet_money(sh, int_of(pa, "own_cash"), cur);
        sheet_money(sh, int_of(pa, "own_in_kind"), cur);
        sheet_money(sh, int_of(pa, "budget"), cur);
        sheet_text(sh, json_is_true(json_object_get(pa, "own_expense")) ? "yes"
                                                                        : "no");
        sheet_int(sh, int_of(pa, "team_size"));
        if (str_of(pa, "commitment_signed_at"))
            sheet_date(sh, str_of(pa, "commitment_signed_at"));
        else
            sheet_blank(sh);
        sheet_row_end(sh);
    }
}

serai_code proposal_export(store *s, const actor *who, int64_t call_id,
                           const char *format, const char *which, char **out,
                           size_t *len, serai_err *err)
{
    static const char sql[] =
        "SELECT p.id FROM proposal p WHERE p.call_id = $1 AND "
        VISIBLE("$2", "$3", "$4", "$5") " ORDER BY p.id";
    *out = NULL;
    *len = 0;
    bool xlsx = format && strcmp(format, "xlsx") == 0;
    if (format && !xlsx && strcmp(format, "csv") != 0)
        return serai_fail(err, SERAI_EINVAL, "?format", "format must be csv or xlsx");
    if (which && strcmp(which, "proposals") != 0 && strcmp(which, "partners") != 0)
        return serai_fail(err, SERAI_EINVAL, "?sheet",
                          "sheet must be proposals or partners");
    /* Exports are for programme officers, funders and observers (and
     * applicants, of their own); a reviewer reads proposals one by one. */
    if (visibility_of(who) == 0 || who->role == ROLE_REVIEWER)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "this role does not export proposals");
    call_info c;
    serai_code rc = call_info_load(s, call_id, &c, err);
    if (rc == SERAI_OK)
        rc = call_visible(s, who, &c, err);
    if (rc)
        return rc;
    store_stmt *st;
    if ((rc = store_prepare(s, sql, &st, err)))
        return rc;
    store_bind_int64(st, 1, call_id);
    bind_visibility(st, 2, who);
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            ids = xreallocarray(ids, cap, sizeof *ids);
        }
        ids[n++] = store_col_int64(st, 0);
    }
    store_reset(st);
    if (r == STORE_ERROR) {
        free(ids);
        return db_error(err);
    }
    sheet *sh = sheet_new();
    bool want_proposals = xlsx || !which || strcmp(which, "proposals") == 0;
    bool want_partners = xlsx || (which && strcmp(which, "partners") == 0);
    json_t **props = xmalloc((n ? n : 1) * sizeof *props);
    size_t loaded = 0;
    for (; loaded < n; loaded++)
        if ((rc = prop_render(s, ids[loaded], &props[loaded], err)))
            break;
    if (rc == SERAI_OK && want_proposals) {
        sheet_tab(sh, "Proposals", proposal_headers, NCOLS(proposal_headers));
        for (size_t i = 0; i < n; i++)
            export_proposal_row(sh, props[i]);
    }
    if (rc == SERAI_OK && want_partners) {
        sheet_tab(sh, "Partners", partner_headers, NCOLS(partner_headers));
        for (size_t i = 0; i < n; i++)
            export_partner_rows(sh, props[i]);
    }
    for (size_t i = 0; i < loaded; i++)
        json_decref(props[i]);
    free(props);
    free(ids);
    if (rc == SERAI_OK && (rc = sheet_status(sh, err)) == SERAI_OK) {
        if (xlsx) {
            rc = sheet_xlsx(sh, out, len, err);
        } else {
            buf b;
            buf_init(&b, (size_t)-1);
            rc = sheet_csv(sh, 0, &b, err);
            if (rc == SERAI_OK)
                *out = buf_take(&b, len);
            else
                buf_free(&b);
        }
    }
    sheet_free(sh);
    return rc;
}
