/*
 * market.c -- technology offers, technology requests and partner searches
 * with their expressions of interest (market.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/ident.h"
#include "core/json.h"
#include "exchange/market.h"
#include "exchange/search.h"
#include "registry/iso.h"
#include "registry/org.h"
#include "store/rows.h"

static serai_code refuse(const actor *who, const char *why, serai_err *err)
{
    return serai_fail(err, who->role == ROLE_PUBLIC ? SERAI_EUNAUTH : SERAI_EFORBIDDEN, NULL,
                      "%s", why);
}

/* The organisation who acts for: the secretariat names it (field), an
 * applicant acts for its own account's organisation. */
static serai_code acting_org(store *s, const actor *who, json_t *body, int64_t *org,
                             char country[3], serai_err *err)
{
    int64_t named = 0;
    bool has = false;
    serai_code rc = json_get_int(body, "organization_id", false, 1, INT64_MAX, "", &named,
                                 &has, err);
    if (rc != SERAI_OK)
        return rc;
    if (who->role == ROLE_SECRETARIAT) {
        if (!has)
            return serai_fail(err, SERAI_EINVAL, "/organization_id",
                              "the secretariat names the organisation it acts for");
        *org = named;
    } else if (who->role == ROLE_APPLICANT && who->org_id) {
        if (has && named != who->org_id)
            return serai_fail(err, SERAI_EFORBIDDEN, "/organization_id",
                              "an applicant acts for its own organisation (%" PRId64 ")",
                              who->org_id);
        *org = who->org_id;
    } else {
        return refuse(who, "applicants (for their own organisation) and the secretariat "
                           "post and answer offers and requests", err);
    }
    store_stmt *st;
    if ((rc = store_prepare(s, "SELECT country FROM organization WHERE id = $1", &st, err)))
        return rc;
    store_bind_int64(st, 1, *org);
    int r = store_step(st, err);
    if (r == STORE_ROW)
        snprintf(country, 3, "%s", store_col_text(st, 0));
    store_reset(st);
    if (r == STORE_ERROR)
        return err->code;
    if (r != STORE_ROW)
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/organization_id",
                          "no organisation %" PRId64, *org);
    return SERAI_OK;
}

/* ---- reading ---- */

#define ITEM_COLUMNS                                                                     \
    "SELECT m.id, m.kind, m.title, m.description, m.keywords, m.org_id, o.name, "       \
    "m.person_id, m.country, m.call_id, m.sought_expertise, m.sought_countries, "       \
    "m.sought_org_type, m.expires_on, m.status, m.created_by, m.created_at, "           \
    "m.updated_at, (SELECT count(*) FROM market_interest i WHERE i.item_id = m.id) "    \
    "FROM market_item m JOIN organization o ON o.id = m.org_id "

static json_t *parsed(const char *text)
{
    json_t *v = text ? json_loads(text, 0, NULL) : NULL;
    return v ? v : json_array();
}

static json_t *item_row(store_stmt *st)
{
    char today[11];
    clock_today(today);
    const char *status = store_col_text(st, 14);
    bool expired = strcmp(status, "open") == 0 && strcmp(store_col_text(st, 13), today) < 0;
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:o, s:I, s:s, s:o, s:s, s:o}", "id",
                          (json_int_t)store_col_int64(st, 0), "kind", store_col_text(st, 1),
                          "title", store_col_text(st, 2), "description",
                          store_col_text(st, 3), "keywords", parsed(store_col_text(st, 4)),
                          "organization_id", (json_int_t)store_col_int64(st, 5),
                          "organization", store_col_text(st, 6), "person_id",
                          store_col_null(st, 7) ? json_null()
                                                : json_integer(store_col_int64(st, 7)),
                          "country", store_col_text(st, 8), "call_id",
                          store_col_null(st, 9) ? json_null()
                                                : json_integer(store_col_int64(st, 9)));
    json_object_set_new(o, "sought_expertise", store_col_null(st, 10)
                                                   ? json_null()
                                                   : json_string(store_col_text(st, 10)));
    json_object_set_new(o, "sought_countries", parsed(store_col_text(st, 11)));
    json_object_set_new(o, "sought_org_type", store_col_null(st, 12)
                                                  ? json_null()
                                                  : json_string(store_col_text(st, 12)));
    json_object_set_new(o, "expires_on", json_string(store_col_text(st, 13)));
    json_object_set_new(o, "status", json_string(expired ? "expired" : status));
    json_object_set_new(o, "created_by", store_col_null(st, 15)
                                             ? json_null()
                                             : json_integer(store_col_int64(st, 15)));
    json_object_set_new(o, "created_at", json_string(store_col_text(st, 16)));
    json_object_set_new(o, "updated_at", json_string(store_col_text(st, 17)));
    json_object_set_new(o, "interests", json_integer(store_col_int64(st, 18)));
    return o;
}

/* Whether who posted the item (or is the secretariat). */
static bool is_poster(const actor *who, const json_t *item)
{
    if (who->role == ROLE_SECRETARIAT)
        return true;
    json_t *by = json_object_get(item, "created_by");
    return who->role == ROLE_APPLICANT && who->account_id &&
           ((json_is_integer(by) && json_integer_value(by) == who->account_id) ||
            json_integer_value(json_object_get(item, "organization_id")) == who->org_id);
}

static serai_code item_json(store *s, int64_t id, json_t **out, serai_err *err)
{
    *out = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(s, ITEM_COLUMNS "WHERE m.id = $1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    if (r == STORE_ROW)
        *out = item_row(st);
    store_reset(st);
    if (r == STORE_ERROR)
        return err->code;
    if (!*out)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no offer or request %" PRId64, id);
    return SERAI_OK;
}

/* The interests in the item that who may see. */
static serai_code interests_json(store *s, const actor *who, json_t *item, serai_err *err)
{
    bool all = is_poster(who, item) || who->role == ROLE_OBSERVER;
    if (!all && !(who->role == ROLE_APPLICANT && who->org_id))
        return SERAI_OK;
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT i.id, i.org_id, o.name, o.country, i.person_id, i.message, i.status, "
           "i.created_at, i.decided_at FROM market_interest i JOIN organization o ON o.id = "
           "i.org_id WHERE i.item_id = $1 AND ($2 = 0 OR i.org_id = $2) ORDER BY i.id",
        &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, json_integer_value(json_object_get(item, "id")));
    store_bind_int64(st, 2, all ? 0 : who->org_id);
    json_t *items = json_array();
    int r;
    while ((r = store_step(st, err)) == STORE_ROW)
        json_array_append_new(
            items,
            json_pack("{s:I, s:I, s:s, s:s, s:o, s:s, s:s, s:s, s:o}", "id",
                      (json_int_t)store_col_int64(st, 0), "organization_id",
                      (json_int_t)store_col_int64(st, 1), "organization",
                      store_col_text(st, 2), "country", store_col_text(st, 3), "person_id",
                      store_col_null(st, 4) ? json_null() : json_integer(store_col_int64(st, 4)),
                      "message", store_col_text(st, 5), "status", store_col_text(st, 6),
                      "created_at", store_col_text(st, 7), "decided_at",
                      store_col_null(st, 8) ? json_null() : json_string(store_col_text(st, 8))));
    store_reset(st);
    if (r == STORE_ERROR) {
        json_decref(items);
        return err->code;
    }
    json_object_set_new(item, "interest_list", items);
    return SERAI_OK;
}

serai_code market_get(store *s, const actor *who, int64_t id, json_t **out, serai_err *err)
{
    serai_code rc = item_json(s, id, out, err);
    if (rc == SERAI_OK && (rc = interests_json(s, who, *out, err)) != SERAI_OK) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

serai_code market_list(store *s, const actor *who, const market_filter *f, json_t **out,
                       serai_err *err)
{
    (void)who; /* open items are public */
    *out = NULL;
    if (f->kind && strcmp(f->kind, "technology_offer") != 0 &&
        strcmp(f->kind, "technology_request") != 0 && strcmp(f->kind, "partner_search") != 0)
        return serai_fail(err, SERAI_EINVAL, "kind",
                          "kind is technology_offer, technology_request or "
                          "partner_search, not \"%s\"", f->kind);
    if (f->country && (strlen(f->country) != 2 || !iso_country_by_alpha2(f->country)))
        return serai_fail(err, SERAI_EINVAL, "country",
                          "\"%s\" is not an ISO 3166-1 alpha-2 code", f->country);
    char today[11];
    clock_today(today);
    store_stmt *st;
    serai_code rc = store_prepare(
        s, ITEM_COLUMNS "WHERE m.id > $1 AND (CAST($2 AS TEXT) IS NULL OR m.kind = "
                        "CAST($2 AS TEXT)) AND (CAST($3 AS TEXT) IS NULL OR m.country = "
                        "CAST($3 AS TEXT)) AND ($4 = 0 OR m.call_id = $4) AND ($5 = 1 OR "
                        "(m.status = 'open' AND m.expires_on >= $6)) ORDER BY m.id LIMIT $7",
        &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, f->after);
    store_bind_text(st, 2, f->kind);
    store_bind_text(st, 3, f->country);
    store_bind_int64(st, 4, f->call_id);
    store_bind_int64(st, 5, f->include_closed ? 1 : 0);
    store_bind_text(st, 6, today);
    int limit = f->limit >= 1 && f->limit <= 200 ? f->limit : 50;
    store_bind_int64(st, 7, limit + 1);
    return rows_page(st, limit, item_row, out, err);
}

/* ---- writing ---- */

static serai_code finish(store *s, const actor *who, int64_t id, const char *action,
                         serai_code rc, json_t **out, serai_err *err)
{
    if (rc == SERAI_OK)
        rc = search_index_market_item(s, id, err);
    if (rc == SERAI_OK)
        rc = market_get(s, who, id, out, err);
    return audit_finish(s, who, "market_item", id, action, rc, out, err);
}

/* sought_countries: a list of ISO codes, each once; into canonical text. */
static serai_code read_countries(json_t *body, char **text, serai_err *err)
{
    *text = NULL;
    json_t *a = json_object_get(body, "sought_countries");
    if (!a || json_is_null(a)) {
        *text = strdup("[]");
        return SERAI_OK;
    }
    if (!json_is_array(a) || json_array_size(a) > 250)
        return serai_fail(err, SERAI_EINVAL, "/sought_countries",
                          "sought_countries is a list of ISO 3166-1 alpha-2 codes");
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) {
        char field[40];
        snprintf(field, sizeof field, "/sought_countries/%zu", i);
        const char *c = json_string_value(v);
        if (!c || strlen(c) != 2 || !iso_country_by_alpha2(c))
            return serai_fail(err, SERAI_EINVAL, field,
                              "not an ISO 3166-1 alpha-2 country code");
        for (size_t j = 0; j < i; j++)
            if (strcmp(json_string_value(json_array_get(a, j)), c) == 0)
                return serai_fail(err, SERAI_EINVAL, field, "%s is listed twice", c);
    }
    *text = json_dumps(a, JSON_COMPACT);
    return SERAI_OK;
}

static serai_code read_keywords(json_t *body, char **text, serai_err *err)
{
    *text = NULL;
    json_t *a = json_object_get(body, "keywords");
    if (!a || json_is_null(a)) {
        *text = strdup("[]");
        return SERAI_OK;
    }
    if (!json_is_array(a) || json_array_size(a) > 50)
        return serai_fail(err, SERAI_EINVAL, "/keywords",
                          "keywords is a list of at most 50 words or phrases");
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) {
        char field[32];
        snprintf(field, sizeof field, "/keywords/%zu", i);
        const char *k = json_string_value(v);
        if (!k || !*k || strlen(k) > 100 || !text_is_clean(k, false))
            return serai_fail(err, SERAI_EINVAL, field,
                              "a keyword is 1 to 100 bytes of text without control "
                              "characters");
    }
    *text = json_dumps(a, JSON_COMPACT);
    return SERAI_OK;
}

serai_code market_create(store *s, const actor *who, json_t *body, json_t **out,
                         serai_err *err)
{
    static const char *const keys[] = {"kind", "title", "description", "keywords",
                                       "organization_id", "person_id", "call_id",
                                       "sought_expertise", "sought_countries",
                                       "sought_org_type", "expires_on", NULL};
    *out = NULL;
    const char *kind = NULL, *title = NULL, *description = NULL, *expertise = NULL,
               *org_type = NULL, *expires = NULL;
    int64_t person = 0, call_id = 0;
    bool has_person = false, has_call = false;
    char *countries = NULL, *keywords = NULL;
    char today[11];
    clock_today(today);
    serai_code rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "kind", true, 24, "", &kind, err);
    if (rc == SERAI_OK && strcmp(kind, "technology_offer") != 0 &&
        strcmp(kind, "technology_request") != 0 && strcmp(kind, "partner_search") != 0)
        rc = serai_fail(err, SERAI_EINVAL, "/kind",
                        "kind is technology_offer, technology_request or partner_search, "
                        "not \"%s\"", kind);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "title", true, MARKET_TITLE_MAX, "", &title, err);
    if (rc == SERAI_OK)
        rc = json_get_text(body, "description", true, MARKET_TEXT_MAX, "", &description, err);
    if (rc == SERAI_OK)
        rc = read_keywords(body, &keywords, err);
    if (rc == SERAI_OK)
        rc = json_get_int(body, "person_id", false, 1, INT64_MAX, "", &person, &has_person, err);
    if (rc == SERAI_OK)
        rc = json_get_int(body, "call_id", false, 1, INT64_MAX, "", &call_id, &has_call, err);
    if (rc == SERAI_OK && strcmp(kind, "partner_search") == 0 && !has_call)
        rc = serai_fail(err, SERAI_EINVAL, "/call_id",
                        "a partner search names the call it is for");
    if (rc == SERAI_OK && strcmp(kind, "partner_search") != 0 && has_call)
        rc = serai_fail(err, SERAI_EINVAL, "/call_id", "only partner searches name a call");
    if (rc == SERAI_OK)
        rc = json_get_text(body, "sought_expertise", false, MARKET_TEXT_MAX, "", &expertise,
                           err);
    if (rc == SERAI_OK)
        rc = read_countries(body, &countries, err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "sought_org_type", false, 32, "", &org_type, err);
    if (rc == SERAI_OK && org_type && !org_type_valid(org_type))
        rc = serai_fail(err, SERAI_EINVAL, "/sought_org_type",
                        "\"%s\" is not an organisation type", org_type);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "expires_on", true, 10, "", &expires, err);
    if (rc == SERAI_OK && !ident_date_valid(expires))
        rc = serai_fail(err, SERAI_EINVAL, "/expires_on",
                        "expires_on must be a real date YYYY-MM-DD, not \"%s\"", expires);
    if (rc == SERAI_OK && strcmp(expires, today) < 0)
        rc = serai_fail(err, SERAI_EINVAL, "/expires_on",
                        "expires_on (%s) has passed; today is %s", expires, today);
    int64_t org = 0, id = 0;
    char country[3] = "";
    if (rc == SERAI_OK && (rc = store_begin(s, err)) == SERAI_OK) {
        rc = acting_org(s, who, body, &org, country, err);
        int64_t found = 0;
        if (rc == SERAI_OK && has_call &&
            (rc = store_lookup_id(s, "SELECT id FROM call WHERE id = $1", call_id, &found,
                                  err)) == SERAI_OK && !found)
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/call_id", "no call %" PRId64,
                            call_id);
        if (rc == SERAI_OK && has_person &&
            (rc = store_lookup_id(s, "SELECT id FROM person WHERE id = $1", person, &found,
                                  err)) == SERAI_OK && !found)
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/person_id", "no person %" PRId64,
                            person);
        char now[CLOCK_ISO_LEN];
        clock_format(clock_now(), now);
        store_stmt *st;
        if (rc == SERAI_OK &&
            (rc = store_prepare(s, "INSERT INTO market_item (kind, title, description, "
                                   "keywords, org_id, person_id, country, call_id, "
                                   "sought_expertise, sought_countries, sought_org_type, "
                                   "expires_on, status, created_by, created_at, updated_at) "
                                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
                                   "$12, 'open', $13, $14, $14) RETURNING id",
                                &st, err)) == SERAI_OK) {
            store_bind_text(st, 1, kind);
            store_bind_text(st, 2, title);
            store_bind_text(st, 3, description);
            store_bind_text(st, 4, keywords);
            store_bind_int64(st, 5, org);
            if (has_person)
                store_bind_int64(st, 6, person);
            else
                store_bind_null(st, 6);
            store_bind_text(st, 7, country);
            if (has_call)
                store_bind_int64(st, 8, call_id);
            else
                store_bind_null(st, 8);
            store_bind_text(st, 9, expertise);
            store_bind_text(st, 10, countries);
            store_bind_text(st, 11, org_type);
            store_bind_text(st, 12, expires);
            if (who->account_id)
                store_bind_int64(st, 13, who->account_id);
            else
                store_bind_null(st, 13);
            store_bind_text(st, 14, now);
            int r = store_step(st, err);
            if (r == STORE_ROW)
                id = store_col_int64(st, 0);
            store_reset(st);
            if (r == STORE_ERROR)
                rc = err->code;
        }
        free(keywords);
        free(countries);
        return finish(s, who, id, "market.create", rc, out, err);
    }
    free(keywords);
    free(countries);
    return rc;
}

serai_code market_set_status(store *s, const actor *who, int64_t id, json_t *body,
                             json_t **out, serai_err *err)
{
    static const char *const keys[] = {"status", NULL};
    *out = NULL;
    const char *status = NULL;
    serai_code rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "status", true, 16, "", &status, err);
    if (rc == SERAI_OK && strcmp(status, "open") != 0 && strcmp(status, "closed") != 0 &&
        strcmp(status, "withdrawn") != 0)
        rc = serai_fail(err, SERAI_EINVAL, "/status",
                        "status is open, closed or withdrawn, not \"%s\"", status);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    json_t *item = NULL;
    if ((rc = item_json(s, id, &item, err)) == SERAI_OK && !is_poster(who, item))
        rc = refuse(who, "the poster and the secretariat change an item's status", err);
    if (rc == SERAI_OK && strcmp(json_string_value(json_object_get(item, "status")),
                                 "withdrawn") == 0)
        rc = serai_fail(err, SERAI_ECONFLICT, "/status", "item %" PRId64 " was withdrawn",
                        id);
    json_decref(item);
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    store_stmt *st;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "UPDATE market_item SET status = $2, updated_at = $3 WHERE "
                               "id = $1", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        store_bind_text(st, 2, status);
        store_bind_text(st, 3, now);
        rc = store_run(st, NULL, err);
    }
    return finish(s, who, id, "market.status", rc, out, err);
}

serai_code market_interest_add(store *s, const actor *who, int64_t item_id, json_t *body,
                               json_t **out, serai_err *err)
{
    static const char *const keys[] = {"message", "organization_id", "person_id", NULL};
    *out = NULL;
    const char *message = NULL;
    int64_t person = 0;
    bool has_person = false;
    serai_code rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = json_get_text(body, "message", true, MARKET_TEXT_MAX, "", &message, err);
    if (rc == SERAI_OK)
        rc = json_get_int(body, "person_id", false, 1, INT64_MAX, "", &person, &has_person,
                          err);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    int64_t org = 0;
    char country[3];
    json_t *item = NULL;
    if ((rc = item_json(s, item_id, &item, err)) == SERAI_OK)
        rc = acting_org(s, who, body, &org, country, err);
    const char *status = item ? json_string_value(json_object_get(item, "status")) : "";
    if (rc == SERAI_OK && strcmp(status, "open") != 0)
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "item %" PRId64 " is %s: it takes no more interest", item_id, status);
    if (rc == SERAI_OK && json_integer_value(json_object_get(item, "organization_id")) == org)
        rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/organization_id",
                        "an organisation does not answer its own item");
    json_decref(item);
    int64_t already = 0;
    store_stmt *st;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "SELECT id FROM market_interest WHERE item_id = $1 AND "
                               "org_id = $2", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, item_id);
        store_bind_int64(st, 2, org);
        int r = store_step(st, err);
        already = r == STORE_ROW ? store_col_int64(st, 0) : 0;
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code;
        else if (already)
            rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                            "organisation %" PRId64 " expressed interest already (%" PRId64
                            ")", org, already);
    }
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "INSERT INTO market_interest (item_id, org_id, person_id, "
                               "message, status, created_by, created_at) VALUES ($1, $2, $3, "
                               "$4, 'sent', $5, $6)", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, item_id);
        store_bind_int64(st, 2, org);
        if (has_person)
            store_bind_int64(st, 3, person);
        else
            store_bind_null(st, 3);
        store_bind_text(st, 4, message);
        if (who->account_id)
            store_bind_int64(st, 5, who->account_id);
        else
            store_bind_null(st, 5);
        store_bind_text(st, 6, now);
        rc = store_run(st, NULL, err);
        if (rc == SERAI_EUNPROCESSABLE)
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/person_id", "no person %" PRId64,
                            person);
    }
    return finish(s, who, item_id, "market.interest", rc, out, err);
}

serai_code market_interest_decide(store *s, const actor *who, int64_t interest_id,
                                  json_t *body, json_t **out, serai_err *err)
{
    static const char *const keys[] = {"status", NULL};
    *out = NULL;
    const char *status = NULL;
    serai_code rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "status", true, 16, "", &status, err);
    if (rc == SERAI_OK && strcmp(status, "accepted") != 0 && strcmp(status, "declined") != 0)
        rc = serai_fail(err, SERAI_EINVAL, "/status",
                        "status is accepted or declined, not \"%s\"", status);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    int64_t item_id = 0;
    char state[16] = "";
    store_stmt *st;
    if ((rc = store_prepare(s, "SELECT item_id, status FROM market_interest WHERE id = $1",
                            &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, interest_id);
        int r = store_step(st, err);
        if (r == STORE_ROW) {
            item_id = store_col_int64(st, 0);
            snprintf(state, sizeof state, "%s", store_col_text(st, 1));
        }
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code;
        else if (!item_id)
            rc = serai_fail(err, SERAI_ENOTFOUND, NULL, "no expression of interest %" PRId64,
                            interest_id);
    }
    json_t *item = NULL;
    if (rc == SERAI_OK && (rc = item_json(s, item_id, &item, err)) == SERAI_OK &&
        !is_poster(who, item))
        rc = refuse(who, "the item's poster and the secretariat answer interest in it", err);
    json_decref(item);
    if (rc == SERAI_OK && strcmp(state, "sent") != 0)
        rc = serai_fail(err, SERAI_ECONFLICT, "/status", "that interest is %s already", state);
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "UPDATE market_interest SET status = $2, decided_at = $3 "
                               "WHERE id = $1", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, interest_id);
        store_bind_text(st, 2, status);
        store_bind_text(st, 3, now);
        rc = store_run(st, NULL, err);
    }
    return finish(s, who, item_id, "market.interest_decide", rc, out, err);
}
