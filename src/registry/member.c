/*
 * member.c -- memberships, and the country and currency views that join
 * the compiled-in ISO tables with them.
 */
#include "registry/member.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/ident.h"
#include "core/json.h"
#include "core/mem.h"
#include "registry/iso.h"
#include "store/rows.h"

static const char *const statuses[] = {"member", "partner", "observer", NULL};
static const char *const dues_states[] = {"paid", "due", "overdue", "exempt", NULL};

static bool one_of(const char *s, const char *const list[])
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(s, list[i]) == 0)
            return true;
    return false;
}

#define MEMBER_COLUMNS \
    "id, country, org_id, status, since, dues, created_at, updated_at"

static json_t *member_row_json(store_stmt *st)
{
    return json_pack(
        "{s:I, s:o, s:o, s:s, s:s, s:s, s:s, s:s}", "id",
        (json_int_t)store_col_int64(st, 0), "country",
        store_col_null(st, 1) ? json_null() : json_string(store_col_text(st, 1)),
        "organization_id",
        store_col_null(st, 2) ? json_null() : json_integer(store_col_int64(st, 2)),
        "status", store_col_text(st, 3), "since", store_col_text(st, 4), "dues",
        store_col_text(st, 5), "created_at", store_col_text(st, 6),
        "updated_at", store_col_text(st, 7));
}

serai_code member_get(store *s, int64_t id, json_t **out, serai_err *err)
{
    static const char sql[] =
        "SELECT " MEMBER_COLUMNS " FROM membership WHERE id = $1";
    *out = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    if (r == STORE_ROW)
        *out = member_row_json(st);
    store_reset(st);
    if (r == STORE_ERROR)
        return err ? err->code : SERAI_ESTORE;
    if (r == STORE_DONE)
        return serai_fail(err, SERAI_ENOTFOUND, NULL,
                          "no membership with id %" PRId64, id);
    return SERAI_OK;
}

/* Check status, since and dues of body (required when creating). */
static serai_code check_terms(json_t *body, bool required, const char **status,
                              const char **since, const char **dues,
                              serai_err *err)
{
    serai_code rc;
    if ((rc = json_get_string(body, "status", required, 20, "", status, err)) ||
        (rc = json_get_string(body, "since", required, 10, "", since, err)) ||
        (rc = json_get_string(body, "dues", false, 20, "", dues, err)))
        return rc;
    if (*status && !one_of(*status, statuses))
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/status",
                          "status \"%s\" is not member, partner or observer",
                          *status);
    if (*since && !ident_date_valid(*since))
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/since",
                          "since must be a date YYYY-MM-DD");
    if (*dues && !one_of(*dues, dues_states))
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/dues",
                          "dues \"%s\" is not paid, due, overdue or exempt",
                          *dues);
    return SERAI_OK;
}

static serai_code commit_audited(store *s, const actor *who,
                                 const char *action, int64_t id,
                                 json_t **out, serai_err *err)
{
    char object[48];
    snprintf(object, sizeof object, "membership/%" PRId64, id);
    serai_code rc = member_get(s, id, out, err);
    if (rc == SERAI_OK)
        rc = audit_append(s, who, action, object, *out, err);
    if (rc == SERAI_OK)
        rc = store_commit(s, err);
    if (rc != SERAI_OK) {
        store_rollback(s);
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

serai_code member_create(store *s, const actor *who, json_t *body,
                         json_t **out, serai_err *err)
{
    static const char *const fields[] = {"country", "organization_id", "status",
                                         "since", "dues", NULL};
    static const char sql[] =
        "INSERT INTO membership (country, org_id, status, since, dues, "
        "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) "
        "RETURNING id";
    static const char org_sql[] = "SELECT 1 FROM organization WHERE id = $1";
    *out = NULL;
    if (who->role != ROLE_SECRETARIAT)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "only the secretariat records memberships");
    const char *country, *status, *since, *dues;
    int64_t org = 0;
    bool has_org;
    serai_code rc;
    if ((rc = json_only_keys(body, fields, "", err)) ||
        (rc = json_get_string(body, "country", false, 2, "", &country, err)) ||
        (rc = json_get_int(body, "organization_id", false, 1, INT64_MAX, "",
                           &org, &has_org, err)) ||
        (rc = check_terms(body, true, &status, &since, &dues, err)))
        return rc;
    if ((country == NULL) == !has_org)
        return serai_fail(err, SERAI_EINVAL, "/country",
                          "give either country or organization_id");
    if (country && iso_country_by_alpha2(country) == NULL)
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/country",
                          "country \"%s\" is not an ISO 3166-1 alpha-2 code",
                          country);
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    if ((rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    store_stmt *st;
    if (has_org && (rc = store_prepare(s, org_sql, &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, org);
        int r = store_step(st, err);
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code;
        else if (r == STORE_DONE)
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/organization_id",
                            "organization %" PRId64 " does not exist", org);
    }
    int64_t id = 0;
    if (rc == SERAI_OK && (rc = store_prepare(s, sql, &st, err)) == SERAI_OK) {
        store_bind_text(st, 1, country);
        if (has_org)
            store_bind_int64(st, 2, org);
        else
            store_bind_null(st, 2);
        store_bind_text(st, 3, status);
        store_bind_text(st, 4, since);
        store_bind_text(st, 5, dues ? dues : "due");
        store_bind_text(st, 6, now);
        int r = store_step(st, err);
        if (r == STORE_ROW)
            id = store_col_int64(st, 0);
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code == SERAI_ECONFLICT
                     ? serai_fail(err, SERAI_ECONFLICT,
                                  country ? "/country" : "/organization_id",
                                  "this %s already has a membership",
                                  country ? "country" : "organization")
                     : err->code;
    }
    if (rc != SERAI_OK) {
        store_rollback(s);
        return rc;
    }
    return commit_audited(s, who, "membership.create", id, out, err);
}

serai_code member_update(store *s, const actor *who, int64_t id, json_t *body,
                         json_t **out, serai_err *err)
{
    static const char *const fields[] = {"status", "since", "dues", NULL};
    static const char sql[] =
        "UPDATE membership SET status = COALESCE($2, status), "
        "since = COALESCE($3, since), dues = COALESCE($4, dues), "
        "updated_at = $5 WHERE id = $1";
    *out = NULL;
    if (who->role != ROLE_SECRETARIAT)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "only the secretariat changes memberships");
    const char *status, *since, *dues;
    serai_code rc;
    if ((rc = json_only_keys(body, fields, "", err)) ||
        (rc = check_terms(body, false, &status, &since, &dues, err)))
        return rc;
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    if ((rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    store_stmt *st;
    int64_t changed = 0;
    if ((rc = store_prepare(s, sql, &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        store_bind_text(st, 2, status);
        store_bind_text(st, 3, since);
        store_bind_text(st, 4, dues);
        store_bind_text(st, 5, now);
        rc = store_run(st, &changed, err);
    }
    if (rc == SERAI_OK && changed == 0)
        rc = serai_fail(err, SERAI_ENOTFOUND, NULL,
                        "no membership with id %" PRId64, id);
    if (rc != SERAI_OK) {
        store_rollback(s);
        return rc;
    }
    return commit_audited(s, who, "membership.update", id, out, err);
}

serai_code member_list(store *s, const member_filter *f, json_t **out,
                       serai_err *err)
{
    static const char sql[] =
        "SELECT " MEMBER_COLUMNS " FROM membership WHERE id > $1 "
        "AND ($2 = 0 OR ($2 = 1 AND country IS NOT NULL) "
        "     OR ($2 = 2 AND org_id IS NOT NULL)) "
        "AND (CAST($3 AS TEXT) IS NULL OR status = CAST($3 AS TEXT)) "
        "ORDER BY id LIMIT $4";
    *out = NULL;
    int kind = 0;
    if (f->kind) {
        if (strcmp(f->kind, "country") == 0)
            kind = 1;
        else if (strcmp(f->kind, "organization") == 0)
            kind = 2;
        else
            return serai_fail(err, SERAI_EINVAL, "?kind",
                              "kind must be country or organization");
    }
    if (f->status && !one_of(f->status, statuses))
        return serai_fail(err, SERAI_EINVAL, "?status",
                          "status must be member, partner or observer");
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, f->page.after);
    store_bind_int64(st, 2, kind);
    store_bind_text(st, 3, f->status);
    store_bind_int64(st, 4, (int64_t)f->page.limit + 1);
    return rows_page(st, f->page.limit, member_row_json, out, err);
}

/* ---- countries and currencies ---- */

static json_t *country_json(const iso_country *c, json_t *membership)
{
    json_t *names = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "en", c->name_en,
                              "zh", c->name_zh, "ru", c->name_ru, "ar",
                              c->name_ar, "fr", c->name_fr, "es", c->name_es);
    return json_pack("{s:s, s:s, s:i, s:s, s:o, s:s, s:s, s:b, s:b, s:b, s:o}",
                     "code", c->alpha2, "alpha3", c->alpha3, "numeric",
                     c->numeric, "name", c->name_en, "names", names, "region",
                     c->region, "subregion", c->subregion, "ldc", c->ldc,
                     "lldc", c->lldc, "sids", c->sids, "membership",
                     membership ? membership : json_null());
}

/* Map of country code -> membership JSON for every country membership. */
static serai_code country_memberships(store *s, json_t **out, serai_err *err)
{
    static const char sql[] =
        "SELECT " MEMBER_COLUMNS " FROM membership WHERE country IS NOT NULL";
    *out = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    json_t *map = json_object();
    int r;
    while ((r = store_step(st, err)) == STORE_ROW)
        json_object_set_new(map, store_col_text(st, 1), member_row_json(st));
    store_reset(st);
    if (r == STORE_ERROR) {
        json_decref(map);
        return err ? err->code : SERAI_ESTORE;
    }
    *out = map;
    return SERAI_OK;
}

serai_code country_list(store *s, const country_filter *f, json_t **out,
                        serai_err *err)
{
    *out = NULL;
    if (f->status && !one_of(f->status, statuses))
        return serai_fail(err, SERAI_EINVAL, "?status",
                          "status must be member, partner or observer");
    if (f->region) {
        bool known = false;
        for (size_t i = 0; i < iso_country_count && !known; i++)
            known = strcmp(f->region, iso_countries[i].region) == 0;
        if (!known)
            return serai_fail(err, SERAI_EINVAL, "?region",
                              "region must be a UN M49 region: Africa, "
                              "Americas, Asia, Europe or Oceania");
    }
    json_t *map;
    serai_code rc = country_memberships(s, &map, err);
    if (rc != SERAI_OK)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < iso_country_count; i++) {
        const iso_country *c = &iso_countries[i];
        if (f->region && strcmp(f->region, c->region) != 0)
            continue;
        json_t *m = json_object_get(map, c->alpha2);
        if (f->status &&
            (m == NULL ||
             strcmp(json_string_value(json_object_get(m, "status")), f->status)))
            continue;
        json_array_append_new(items, country_json(c, json_incref(m)));
    }
    json_decref(map);
    *out = json_pack("{s:o, s:n}", "items", items, "next");
    return SERAI_OK;
}

serai_code country_get(store *s, const char *code, json_t **out,
                       serai_err *err)
{
    *out = NULL;
    const iso_country *c = iso_country_by_alpha2(code);
    if (c == NULL)
        c = iso_country_by_alpha3(code);
    if (c == NULL)
        return serai_fail(err, SERAI_ENOTFOUND, NULL,
                          "no country with ISO code \"%.8s\"", code);
    json_t *map;
    serai_code rc = country_memberships(s, &map, err);
    if (rc != SERAI_OK)
        return rc;
    *out = country_json(c, json_incref(json_object_get(map, c->alpha2)));
    json_decref(map);
    return SERAI_OK;
}

json_t *currency_list(void)
{
    json_t *items = json_array();
    for (size_t i = 0; i < iso_currency_count; i++) {
        const iso_currency *c = &iso_currencies[i];
        json_array_append_new(items,
                              json_pack("{s:s, s:i, s:i, s:s}", "code", c->code,
                                        "numeric", c->numeric, "minor_units",
                                        c->minor_units, "name", c->name));
    }
    return json_pack("{s:o, s:n}", "items", items, "next");
}
