/*
 * org.c -- organisations: validation, storage, listing and CSV import.
 *
 * One validator (org_validate) serves the API, the CLI and the import, so
 * every path refuses the same things with the same words.
 */
#include "registry/org.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/ident.h"
#include "core/json.h"
#include "core/jsonw.h"
#include "core/mem.h"
#include "core/text.h"
#include "exchange/search.h"
#include "registry/iso.h"

const char *const org_types[] = {
    "university", "research_institute", "funding_agency", "enterprise", "sme",
    "ngo", "international_organization", NULL,
};

int org_type_valid(const char *type)
{
    for (size_t i = 0; org_types[i]; i++)
        if (strcmp(type, org_types[i]) == 0)
            return 1;
    return 0;
}

static const char *const org_fields[] = {
    "name", "name_lang", "names", "type", "country", "parent_id", "ror",
    "website", "sme", "sme_evidence", NULL,
};

/* A validated organisation; strings point into the body it came from. */
typedef struct org_input {
    const char *name, *name_lang, *type, *country, *website, *sme_evidence;
    const char *ror; /* normalised, in ror_buf, or NULL */
    char ror_buf[10];
    json_t *names;   /* new reference: every variant incl. the authoritative */
    int64_t parent_id; /* 0 when none */
    bool sme;
} org_input;

static serai_code field_at(serai_err *err, serai_code code, const char *prefix,
                           const char *field, const char *fmt, const char *arg)
{
    char ptr[SERAI_ERR_FIELD_MAX];
    snprintf(ptr, sizeof ptr, "%s/%s", prefix, field);
    return serai_fail(err, code, ptr, fmt, arg);
}

static serai_code org_validate(json_t *body, const char *prefix, org_input *in,
                               serai_err *err)
{
    memset(in, 0, sizeof *in);
    serai_code rc;
    if ((rc = json_only_keys(body, org_fields, prefix, err)) ||
        (rc = json_get_string(body, "name", true, ORG_NAME_MAX, prefix,
                              &in->name, err)) ||
        (rc = json_get_string(body, "name_lang", false, 2, prefix,
                              &in->name_lang, err)) ||
        (rc = json_get_string(body, "type", true, 40, prefix, &in->type, err)) ||
        (rc = json_get_string(body, "country", true, 2, prefix, &in->country,
                              err)) ||
        (rc = json_get_string(body, "ror", false, 40, prefix, &in->ror, err)) ||
        (rc = json_get_string(body, "website", false, ORG_WEBSITE_MAX, prefix,
                              &in->website, err)) ||
        (rc = json_get_text(body, "sme_evidence", false, ORG_EVIDENCE_MAX,
                            prefix, &in->sme_evidence, err)) ||
        (rc = json_get_int(body, "parent_id", false, 1, INT64_MAX, prefix,
                           &in->parent_id, NULL, err)) ||
        (rc = json_get_bool(body, "sme", false, prefix, &in->sme, NULL, err)))
        return rc;
    if (in->name_lang == NULL)
        in->name_lang = "en";
    if (!ident_lang_valid(in->name_lang))
        return field_at(err, SERAI_EUNPROCESSABLE, prefix, "name_lang",
                        "name_lang \"%s\" is not an ISO 639-1 language code",
                        in->name_lang);
    if (!org_type_valid(in->type))
        return field_at(err, SERAI_EUNPROCESSABLE, prefix, "type",
                        "type \"%s\" is not one of university, "
                        "research_institute, funding_agency, enterprise, sme, "
                        "ngo, international_organization",
                        in->type);
    if (iso_country_by_alpha2(in->country) == NULL)
        return field_at(err, SERAI_EUNPROCESSABLE, prefix, "country",
                        "country \"%s\" is not an ISO 3166-1 alpha-2 code",
                        in->country);
    if (in->ror) {
        char why[160];
        if (!ident_ror_normalize(in->ror, in->ror_buf, why, sizeof why))
            return field_at(err, SERAI_EUNPROCESSABLE, prefix, "ror", "%s", why);
        in->ror = in->ror_buf;
    }
    if (in->website && strncmp(in->website, "https://", 8) != 0 &&
        strncmp(in->website, "http://", 7) != 0)
        return field_at(err, SERAI_EUNPROCESSABLE, prefix, "website",
                        "website must start with https:// or http://%s", "");
    if (in->website && strchr(in->website, ' '))
        return field_at(err, SERAI_EUNPROCESSABLE, prefix, "website",
                        "website must not contain spaces%s", "");
    bool is_business = strcmp(in->type, "sme") == 0 ||
                       strcmp(in->type, "enterprise") == 0;
    if (strcmp(in->type, "sme") == 0)
        in->sme = true;
    if (in->sme && !is_business)
        return field_at(err, SERAI_EUNPROCESSABLE, prefix, "sme",
                        "only an enterprise can be an SME, not a %s", in->type);
    if (in->sme && in->sme_evidence == NULL)
        return field_at(err, SERAI_EUNPROCESSABLE, prefix, "sme_evidence",
                        "an SME needs evidence (staff headcount, turnover or "
                        "balance sheet, and the year)%s", "");
    if (!in->sme && in->sme_evidence != NULL)
        return field_at(err, SERAI_EUNPROCESSABLE, prefix, "sme_evidence",
                        "sme_evidence is only kept for SMEs%s", "");

    /* Language variants. */
    json_t *names = json_object_get(body, "names");
    in->names = json_object();
    if (names && !json_is_null(names)) {
        char nprefix[SERAI_ERR_FIELD_MAX];
        snprintf(nprefix, sizeof nprefix, "%s/names", prefix);
        if (!json_is_object(names)) {
            json_decref(in->names);
            in->names = NULL;
            return serai_fail(err, SERAI_EINVAL, nprefix,
                              "names must be an object of language code to name");
        }
        const char *lang;
        json_t *v;
        json_object_foreach(names, lang, v) {
            const char *variant;
            if (!ident_lang_valid(lang)) {
                json_decref(in->names);
                in->names = NULL;
                return field_at(err, SERAI_EUNPROCESSABLE, nprefix, lang,
                                "\"%s\" is not an ISO 639-1 language code", lang);
            }
            rc = json_get_string(names, lang, true, ORG_NAME_MAX, nprefix,
                                 &variant, err);
            if (rc == SERAI_OK && strcmp(lang, in->name_lang) == 0 &&
                strcmp(variant, in->name) != 0)
                rc = field_at(err, SERAI_EUNPROCESSABLE, nprefix, lang,
                              "the %s variant differs from name, which is "
                              "authoritative in that language", lang);
            if (rc != SERAI_OK) {
                json_decref(in->names);
                in->names = NULL;
                return rc;
            }
            json_object_set_new(in->names, lang, json_string(variant));
        }
    }
    json_object_set_new(in->names, in->name_lang, json_string(in->name));
    return SERAI_OK;
}

/* Every name, folded, one per line: what ?q= searches. */
static char *org_search_text(const org_input *in)
{
    buf b;
    buf_init(&b, (size_t)-1);
    const char *lang;
    json_t *v;
    json_object_foreach(in->names, lang, v) {
        text_fold_append(&b, json_string_value(v));
        buf_append(&b, "\n", 1);
    }
    return buf_take(&b, NULL);
}

static void org_input_free(org_input *in)
{
    json_decref(in->names);
    in->names = NULL;
}

#define ORG_COLUMNS                                                         \
    "id, name, name_lang, names, type, country, parent_id, ror, website, " \
    "sme, sme_evidence, created_at, updated_at"

/* Write the organisation of the current row (columns as ORG_COLUMNS): the
 * one place its JSON shape is made.  `names` is stored as JSON the library
 * wrote, so it is copied as it is. */
static void org_row_write(jsonw *w, store_stmt *st)
{
    jsonw_object_begin(w);
    jsonw_key(w, "id");
    jsonw_int(w, store_col_int64(st, 0));
    jsonw_key(w, "name");
    jsonw_string(w, store_col_text(st, 1));
    jsonw_key(w, "name_lang");
    jsonw_string(w, store_col_text(st, 2));
    jsonw_key(w, "names");
    jsonw_raw(w, store_col_text(st, 3), "{}");
    jsonw_key(w, "type");
    jsonw_string(w, store_col_text(st, 4));
    jsonw_key(w, "country");
    jsonw_string(w, store_col_text(st, 5));
    jsonw_key(w, "parent_id");
    if (store_col_null(st, 6))
        jsonw_null(w);
    else
        jsonw_int(w, store_col_int64(st, 6));
    jsonw_key(w, "ror");
    jsonw_string(w, store_col_text(st, 7));
    jsonw_key(w, "website");
    jsonw_string(w, store_col_text(st, 8));
    jsonw_key(w, "sme");
    jsonw_bool(w, store_col_int64(st, 9) != 0);
    jsonw_key(w, "sme_evidence");
    jsonw_string(w, store_col_text(st, 10));
    jsonw_key(w, "created_at");
    jsonw_string(w, store_col_text(st, 11));
    jsonw_key(w, "updated_at");
    jsonw_string(w, store_col_text(st, 12));
    jsonw_object_end(w);
}

/* Render organisation id as JSON text into b; ENOTFOUND when absent. */
static serai_code org_render(store *s, int64_t id, buf *b, serai_err *err)
{
    static const char sql[] =
        "SELECT " ORG_COLUMNS " FROM organization WHERE id = $1";
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    if (r == STORE_ROW) {
        jsonw w;
        jsonw_init(&w, b);
        org_row_write(&w, st);
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return err ? err->code : SERAI_ESTORE;
    if (r == STORE_DONE)
        return serai_fail(err, SERAI_ENOTFOUND, NULL,
                          "no organization with id %" PRId64, id);
    return SERAI_OK;
}

/* Parse text the library rendered; it is always well-formed. */
static json_t *parse_rendered(buf *b)
{
    json_t *j = json_loadb(b->data ? b->data : "null", b->data ? b->len : 4, 0,
                           NULL);
    buf_free(b);
    return j;
}

static serai_code org_load(store *s, int64_t id, json_t **out, serai_err *err)
{
    buf b;
    buf_init(&b, (size_t)-1);
    serai_code rc = org_render(s, id, &b, err);
    *out = rc == SERAI_OK ? parse_rendered(&b) : NULL;
    buf_free(&b);
    return rc;
}

serai_code org_get(store *s, const actor *who, int64_t id, json_t **out,
                   serai_err *err)
{
    (void)who; /* the registry of organisations is public */
    return org_load(s, id, out, err);
}

serai_code org_get_text(store *s, const actor *who, int64_t id, char **out,
                        size_t *len, serai_err *err)
{
    (void)who;
    buf b;
    buf_init(&b, (size_t)-1);
    serai_code rc = org_render(s, id, &b, err);
    *out = rc == SERAI_OK ? buf_take(&b, len) : NULL;
    buf_free(&b);
    return rc;
}

/* The parent must exist and must not have `self` among its ancestors. */
static serai_code check_parent(store *s, int64_t self, int64_t parent,
                               const char *prefix, serai_err *err)
{
    static const char sql[] = "SELECT parent_id FROM organization WHERE id = $1";
    char ptr[SERAI_ERR_FIELD_MAX];
    snprintf(ptr, sizeof ptr, "%s/parent_id", prefix);
    int64_t at = parent;
    for (int depth = 0; at != 0; depth++) {
        if (at == self || depth > 64)
            return serai_fail(err, SERAI_EUNPROCESSABLE, ptr,
                              "parent_id %" PRId64 " would make the "
                              "organization its own ancestor", parent);
        store_stmt *st;
        serai_code rc = store_prepare(s, sql, &st, err);
        if (rc != SERAI_OK)
            return rc;
        store_bind_int64(st, 1, at);
        int r = store_step(st, err);
        int64_t next = r == STORE_ROW ? store_col_int64(st, 0) : 0;
        store_reset(st);
        if (r == STORE_ERROR)
            return err ? err->code : SERAI_ESTORE;
        if (r == STORE_DONE)
            return serai_fail(err, SERAI_EUNPROCESSABLE, ptr,
                              "parent_id %" PRId64 " is not an organization",
                              at);
        at = next;
    }
    return SERAI_OK;
}

static serai_code ror_conflict(serai_err *err, const char *prefix,
                               const char *ror)
{
    char ptr[SERAI_ERR_FIELD_MAX];
    snprintf(ptr, sizeof ptr, "%s/ror", prefix);
    return serai_fail(err, SERAI_ECONFLICT, ptr,
                      "an organization with ROR id %s is already registered",
                      ror);
}

static serai_code org_insert(store *s, const org_input *in, const char *now,
                             int64_t *id, serai_err *err)
{
    static const char sql[] =
        "INSERT INTO organization (name, name_lang, names, type, country, "
        "parent_id, ror, website, sme, sme_evidence, search, created_at, "
        "updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $12, $11, $11) "
        "RETURNING id";
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    char *names = json_dumps(in->names, JSON_COMPACT | JSON_SORT_KEYS);
    store_bind_text(st, 1, in->name);
    store_bind_text(st, 2, in->name_lang);
    store_bind_text(st, 3, names);
    store_bind_text(st, 4, in->type);
    store_bind_text(st, 5, in->country);
    if (in->parent_id)
        store_bind_int64(st, 6, in->parent_id);
    else
        store_bind_null(st, 6);
    store_bind_text(st, 7, in->ror);
    store_bind_text(st, 8, in->website);
    store_bind_bool(st, 9, in->sme);
    store_bind_text(st, 10, in->sme_evidence);
    store_bind_text(st, 11, now);
    char *search = org_search_text(in);
    store_bind_text(st, 12, search);
    free(search);
    free(names);
    int r = store_step(st, err);
    if (r == STORE_ROW)
        *id = store_col_int64(st, 0);
    store_reset(st);
    if (r == STORE_ERROR) {
        if (err && err->code == SERAI_ECONFLICT)
            return ror_conflict(err, "", in->ror ? in->ror : "");
        return err ? err->code : SERAI_ESTORE;
    }
    return search_index_org(s, *id, err);
}

static serai_code need_secretariat(const actor *who, serai_err *err)
{
    if (who->role != ROLE_SECRETARIAT)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "only the secretariat changes the registry");
    return SERAI_OK;
}

static serai_code audited_commit(store *s, const actor *who,
                                 const char *action, int64_t id,
                                 const json_t *state, serai_err *err)
{
    char object[48];
    snprintf(object, sizeof object, "organization/%" PRId64, id);
    serai_code rc = audit_append(s, who, action, object, state, err);
    if (rc == SERAI_OK)
        rc = store_commit(s, err);
    return rc;
}

serai_code org_create(store *s, const actor *who, json_t *body, json_t **out,
                      serai_err *err)
{
    *out = NULL;
    org_input in;
    serai_code rc = need_secretariat(who, err);
    if (rc != SERAI_OK)
        return rc;
    if ((rc = org_validate(body, "", &in, err)) != SERAI_OK)
        return rc;
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    int64_t id = 0;
    json_t *rec = NULL;
    if ((rc = store_begin(s, err)) == SERAI_OK &&
        (in.parent_id == 0 ||
         (rc = check_parent(s, 0, in.parent_id, "", err)) == SERAI_OK) &&
        (rc = org_insert(s, &in, now, &id, err)) == SERAI_OK &&
        (rc = org_load(s, id, &rec, err)) == SERAI_OK)
        rc = audited_commit(s, who, "organization.create", id, rec, err);
    org_input_free(&in);
    if (rc != SERAI_OK) {
        store_rollback(s);
        json_decref(rec);
        return rc;
    }
    *out = rec;
    return SERAI_OK;
}

serai_code org_update(store *s, const actor *who, int64_t id, json_t *body,
                      json_t **out, serai_err *err)
{
    static const char sql[] =
        "UPDATE organization SET name = $2, name_lang = $3, names = $4, "
        "type = $5, country = $6, parent_id = $7, ror = $8, website = $9, "
        "sme = $10, sme_evidence = $11, updated_at = $12, search = $13 "
        "WHERE id = $1";
    *out = NULL;
    serai_code rc = need_secretariat(who, err);
    if (rc != SERAI_OK)
        return rc;
    if ((rc = json_only_keys(body, org_fields, "", err)) != SERAI_OK)
        return rc;
    if ((rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    json_t *cur = NULL, *rec = NULL;
    org_input in = {0};
    if ((rc = org_load(s, id, &cur, err)) != SERAI_OK)
        goto done;
    /* The record as it will be: current fields overlaid by the body. */
    json_t *merged = json_object();
    for (size_t i = 0; org_fields[i]; i++) {
        json_t *v = json_object_get(body, org_fields[i]);
        if (v == NULL)
            v = json_object_get(cur, org_fields[i]);
        if (v)
            json_object_set(merged, org_fields[i], v);
    }
    /* names follow JSON merge patch (RFC 7396): the languages listed are
     * set, a null removes one, the others stay; the authoritative name
     * always fills its own language unless the patch says otherwise (then
     * the validator checks that both agree). */
    json_t *names = json_deep_copy(json_object_get(cur, "names"));
    json_t *patch_names = json_object_get(body, "names");
    if (json_is_object(patch_names)) {
        const char *lang;
        json_t *v;
        json_object_foreach(patch_names, lang, v) {
            if (json_is_null(v))
                json_object_del(names, lang);
            else
                json_object_set(names, lang, v);
        }
    } else if (patch_names && !json_is_null(patch_names)) {
        json_decref(names);
        json_decref(merged);
        rc = serai_fail(err, SERAI_EINVAL, "/names",
                        "names must be an object of language code to name");
        goto done;
    }
    const char *name = json_string_value(json_object_get(merged, "name"));
    const char *lang = json_string_value(json_object_get(merged, "name_lang"));
    if (name && lang && json_object_get(patch_names, lang) == NULL)
        json_object_set_new(names, lang, json_string(name));
    json_object_set_new(merged, "names", names);
    rc = org_validate(merged, "", &in, err);
    if (rc == SERAI_OK && in.parent_id)
        rc = check_parent(s, id, in.parent_id, "", err);
    if (rc == SERAI_OK) {
        store_stmt *st;
        char now[CLOCK_ISO_LEN];
        clock_format(clock_now(), now);
        if ((rc = store_prepare(s, sql, &st, err)) == SERAI_OK) {
            char *names = json_dumps(in.names, JSON_COMPACT | JSON_SORT_KEYS);
            store_bind_int64(st, 1, id);
            store_bind_text(st, 2, in.name);
            store_bind_text(st, 3, in.name_lang);
            store_bind_text(st, 4, names);
            store_bind_text(st, 5, in.type);
            store_bind_text(st, 6, in.country);
            if (in.parent_id)
                store_bind_int64(st, 7, in.parent_id);
            else
                store_bind_null(st, 7);
            store_bind_text(st, 8, in.ror);
            store_bind_text(st, 9, in.website);
            store_bind_bool(st, 10, in.sme);
            store_bind_text(st, 11, in.sme_evidence);
            store_bind_text(st, 12, now);
            char *search = org_search_text(&in);
            store_bind_text(st, 13, search);
            free(search);
            free(names);
            rc = store_run(st, NULL, err);
            if (rc == SERAI_ECONFLICT)
                rc = ror_conflict(err, "", in.ror ? in.ror : "");
            if (rc == SERAI_OK)
                rc = search_index_org(s, id, err);
        }
    }
    json_decref(merged);
    if (rc == SERAI_OK && (rc = org_load(s, id, &rec, err)) == SERAI_OK)
        rc = audited_commit(s, who, "organization.update", id, rec, err);
done:
    org_input_free(&in);
    json_decref(cur);
    if (rc != SERAI_OK) {
        store_rollback(s);
        json_decref(rec);
        return rc;
    }
    *out = rec;
    return SERAI_OK;
}

/* One statement per combination of filters, so that each uses its index
 * (an optional filter written "($2 IS NULL OR ...)" would defeat them).
 * Index: country 1, type 2, q 4; parameters are numbered in that order,
 * after $1 (the cursor) and before the limit. */
#define ORG_PAGE "SELECT " ORG_COLUMNS " FROM organization WHERE id > $1"
#define ORG_LIKE(n) " AND search LIKE $" #n " ESCAPE '\\'"
static const char *const org_list_sql[8] = {
    ORG_PAGE " ORDER BY id LIMIT $2",
    ORG_PAGE " AND country = $2 ORDER BY id LIMIT $3",
    ORG_PAGE " AND type = $2 ORDER BY id LIMIT $3",
    ORG_PAGE " AND country = $2 AND type = $3 ORDER BY id LIMIT $4",
    ORG_PAGE ORG_LIKE(2) " ORDER BY id LIMIT $3",
    ORG_PAGE " AND country = $2" ORG_LIKE(3) " ORDER BY id LIMIT $4",
    ORG_PAGE " AND type = $2" ORG_LIKE(3) " ORDER BY id LIMIT $4",
    ORG_PAGE " AND country = $2 AND type = $3" ORG_LIKE(4)
             " ORDER BY id LIMIT $5",
};

/* Render one page as {"items": [...], "next": ...} into b. */
static serai_code org_render_page(store *s, const org_filter *f, buf *b,
                                  serai_err *err)
{
    if (f->country && iso_country_by_alpha2(f->country) == NULL)
        return serai_fail(err, SERAI_EINVAL, "?country",
                          "country \"%.20s\" is not an ISO 3166-1 alpha-2 code",
                          f->country);
    if (f->type && !org_type_valid(f->type))
        return serai_fail(err, SERAI_EINVAL, "?type",
                          "type \"%.40s\" is not an organization type", f->type);
    if (f->q && (strlen(f->q) > ORG_NAME_MAX || !text_is_clean(f->q, false)))
        return serai_fail(err, SERAI_EINVAL, "?q",
                          "q must be printable text of at most %d bytes",
                          ORG_NAME_MAX);
    int which = (f->country ? 1 : 0) | (f->type ? 2 : 0) | (f->q ? 4 : 0);
    store_stmt *st;
    serai_code rc = store_prepare(s, org_list_sql[which], &st, err);
    if (rc != SERAI_OK)
        return rc;
    char *folded = f->q ? text_fold(f->q) : NULL;
    char *pattern = folded ? store_like_contains(folded) : NULL;
    free(folded);
    int n = 1;
    store_bind_int64(st, n++, f->page.after);
    if (f->country)
        store_bind_text(st, n++, f->country);
    if (f->type)
        store_bind_text(st, n++, f->type);
    if (pattern)
        store_bind_text(st, n++, pattern);
    store_bind_int64(st, n, (int64_t)f->page.limit + 1);
    buf_reserve(b, 1024 + (size_t)f->page.limit * 640);
    jsonw w;
    jsonw_init(&w, b);
    jsonw_object_begin(&w);
    jsonw_key(&w, "items");
    jsonw_array_begin(&w);
    int r, rows = 0;
    int64_t last = 0;
    bool more = false;
    while ((r = store_step(st, err)) == STORE_ROW) {
        if (rows == f->page.limit) {
            more = true;
            break;
        }
        last = store_col_int64(st, 0);
        org_row_write(&w, st);
        rows++;
    }
    store_reset(st);
    free(pattern);
    if (r == STORE_ERROR)
        return err ? err->code : SERAI_ESTORE;
    jsonw_array_end(&w);
    jsonw_key(&w, "next");
    if (more) {
        char next[24];
        snprintf(next, sizeof next, "%" PRId64, last);
        jsonw_string(&w, next);
    } else {
        jsonw_null(&w);
    }
    jsonw_object_end(&w);
    return SERAI_OK;
}

serai_code org_list(store *s, const actor *who, const org_filter *f,
                    json_t **out, serai_err *err)
{
    (void)who;
    buf b;
    buf_init(&b, (size_t)-1);
    serai_code rc = org_render_page(s, f, &b, err);
    *out = rc == SERAI_OK ? parse_rendered(&b) : NULL;
    buf_free(&b);
    return rc;
}

serai_code org_list_text(store *s, const actor *who, const org_filter *f,
                         char **out, size_t *len, serai_err *err)
{
    (void)who;
    buf b;
    buf_init(&b, (size_t)-1);
    serai_code rc = org_render_page(s, f, &b, err);
    *out = rc == SERAI_OK ? buf_take(&b, len) : NULL;
    buf_free(&b);
    return rc;
}

/* ---- CSV import ---- */

enum {
    COL_NAME, COL_TYPE, COL_COUNTRY, COL_NAME_LANG, COL_NAME_EN, COL_NAME_ZH,
    COL_NAME_RU, COL_NAME_AR, COL_NAME_FR, COL_NAME_ES, COL_ROR,
    COL_PARENT_ROR, COL_WEBSITE, COL_SME, COL_SME_EVIDENCE
};
static const char *const import_columns[] = {
    "name", "type", "country", "name_lang", "name_en", "name_zh", "name_ru",
    "name_ar", "name_fr", "name_es", "ror", "parent_ror", "website", "sme",
    "sme_evidence", NULL,
};
static const char *const import_required[] = {"name", "type", "country", NULL};

static serai_code find_by_ror(store *s, const char *ror, int64_t *id,
                              serai_err *err)
{
    static const char sql[] = "SELECT id FROM organization WHERE ror = $1";
    return store_lookup_text(s, sql, ror, id, err);
}

/* The import column a validator's JSON pointer names. */
static const char *import_column_of(const char *ptr)
{
    if (strncmp(ptr, "/names/", 7) == 0) {
        static _Thread_local char col[16];
        snprintf(col, sizeof col, "name_%.2s", ptr + 7);
        return col;
    }
    if (strcmp(ptr, "/parent_id") == 0)
        return "parent_ror";
    return ptr[0] == '/' ? ptr + 1 : ptr;
}

static void import_row_body(const csv_record *rec, const int *col,
                            import_row *row, import_report *rep)
{
    json_t *b = json_object();
    const char *v;
    static const struct { int col; const char *field; } plain[] = {
        {COL_NAME, "name"},       {COL_TYPE, "type"},
        {COL_COUNTRY, "country"}, {COL_NAME_LANG, "name_lang"},
        {COL_ROR, "ror"},         {COL_WEBSITE, "website"},
        {COL_SME_EVIDENCE, "sme_evidence"},
    };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if ((v = import_cell(rec, col[plain[i].col])))
            json_object_set_new(b, plain[i].field, json_string(v));
    json_t *names = json_object();
    static const char *const langs[] = {"en", "zh", "ru", "ar", "fr", "es"};
    for (int i = 0; i < 6; i++)
        if ((v = import_cell(rec, col[COL_NAME_EN + i])))
            json_object_set_new(names, langs[i], json_string(v));
    if (json_object_size(names))
        json_object_set_new(b, "names", names);
    else
        json_decref(names);
    if ((v = import_cell(rec, col[COL_SME]))) {
        int yes;
        if (import_parse_bool(v, &yes))
            json_object_set_new(b, "sme", json_boolean(yes));
        else
            import_report_add(rep, rec->line, "sme",
                              "sme must be yes or no (true/false, 1/0)");
    }
    char why[IDENT_REASON_MAX];
    if ((v = import_cell(rec, col[COL_ROR])) &&
        !ident_ror_normalize(v, row->key, why, sizeof why))
        row->key[0] = '\0'; /* the validator reports it */
    if ((v = import_cell(rec, col[COL_PARENT_ROR])) &&
        !ident_ror_normalize(v, row->ref, why, sizeof why)) {
        row->ref[0] = '\0';
        import_report_add(rep, rec->line, "parent_ror", why);
    }
    row->body = b;
}

static serai_code import_validate(json_t *body, serai_err *err)
{
    org_input in;
    serai_code rc = org_validate(body, "", &in, err);
    org_input_free(&in);
    return rc;
}

static serai_code import_insert(store *s, const import_row *row,
                                const char *now, int64_t *id, serai_err *err)
{
    org_input in;
    serai_code rc = org_validate(row->body, "", &in, err);
    if (rc == SERAI_OK) {
        in.parent_id = row->ref_id;
        rc = org_insert(s, &in, now, id, err);
    }
    org_input_free(&in);
    return rc;
}

static const import_spec org_import_spec = {
    .columns = import_columns,
    .required = import_required,
    .key_column = "ror",
    .ref_column = "parent_ror",
    .ref_in_file = true,
    .audit_action = "organization.import",
    .audit_object = "organization/*",
    .row_body = import_row_body,
    .validate = import_validate,
    .column_of = import_column_of,
    .find_key = find_by_ror,
    .find_ref = find_by_ror,
    .insert = import_insert,
};

serai_code org_import_csv(store *s, const actor *who, const char *data,
                          size_t len, import_report *rep,
                          import_progress_fn progress, void *progress_ctx,
                          serai_err *err)
{
    return import_run(s, who, &org_import_spec, data, len, rep, progress,
                      progress_ctx, err);
}
