/*
 * person.c -- people: validation, storage with affiliations and
 * publications, per-object access, listing and CSV import.
 */
#include "registry/person.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/ident.h"
#include "core/json.h"
#include "core/mem.h"
#include "core/text.h"
#include "exchange/search.h"
#include "registry/iso.h"
#include "store/rows.h"

static const char *const person_fields[] = {
    "name", "orcid", "email", "country", "languages", "keywords", "expertise",
    "affiliations", "publications", NULL,
};
static const char *const affiliation_fields[] = {
    "organization_id", "role", "start", "end", NULL,
};
static const char *const publication_fields[] = {
    "title", "abstract", "year", NULL,
};

typedef struct person_input {
    const char *name, *email, *country, *expertise;
    const char *orcid; /* normalised into orcid_buf, or NULL */
    char orcid_buf[20];
    json_t *languages, *keywords, *affiliations, *publications; /* borrowed */
} person_input;

bool person_email_valid(const char *s)
{
    const char *at = strchr(s, '@');
    if (at == NULL || at == s || strchr(at + 1, '@'))
        return false;
    const char *dot = strrchr(at + 1, '.');
    if (dot == NULL || dot == at + 1 || dot[1] == '\0')
        return false;
    for (const char *p = s; *p; p++)
        if (*p == ' ' || *p == ',' || *p == ';' || *p == '<' || *p == '>')
            return false;
    return true;
}

static serai_code fail_at(serai_err *err, serai_code code, const char *ptr,
                          const char *fmt, const char *arg)
{
    return serai_fail(err, code, ptr, fmt, arg);
}

/* An array of at most max distinct strings, each checked by valid (may be
 * NULL) and at most item_max bytes. */
static serai_code check_string_list(json_t *body, const char *key, size_t max,
                                    size_t item_max, bool (*valid)(const char *),
                                    const char *what, json_t **out,
                                    serai_err *err)
{
    char ptr[SERAI_ERR_FIELD_MAX];
    snprintf(ptr, sizeof ptr, "/%s", key);
    json_t *a = json_object_get(body, key);
    *out = NULL;
    if (a == NULL || json_is_null(a))
        return SERAI_OK;
    if (!json_is_array(a))
        return fail_at(err, SERAI_EINVAL, ptr, "%s must be an array of strings",
                       key);
    if (json_array_size(a) > max)
        return serai_fail(err, SERAI_EINVAL, ptr, "%s has more than %zu entries",
                          key, max);
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) {
        snprintf(ptr, sizeof ptr, "/%s/%zu", key, i);
        const char *str = json_string_value(v);
        if (str == NULL || str[0] == '\0' || strlen(str) > item_max ||
            !text_is_clean(str, false))
            return serai_fail(err, SERAI_EINVAL, ptr,
                              "each of %s must be a non-empty string of at "
                              "most %zu bytes", key, item_max);
        if (valid && !valid(str))
            return serai_fail(err, SERAI_EUNPROCESSABLE, ptr,
                              "\"%.40s\" is not %s", str, what);
        for (size_t k = 0; k < i; k++)
            if (strcmp(json_string_value(json_array_get(a, k)), str) == 0)
                return serai_fail(err, SERAI_EUNPROCESSABLE, ptr,
                                  "\"%.40s\" is listed twice", str);
    }
    *out = a;
    return SERAI_OK;
}

static serai_code check_affiliations(json_t *body, json_t **out, serai_err *err)
{
    json_t *a = json_object_get(body, "affiliations");
    *out = NULL;
    if (a == NULL || json_is_null(a))
        return SERAI_OK;
    if (!json_is_array(a))
        return serai_fail(err, SERAI_EINVAL, "/affiliations",
                          "affiliations must be an array of objects");
    if (json_array_size(a) > PERSON_MAX_AFFILIATIONS)
        return serai_fail(err, SERAI_EINVAL, "/affiliations",
                          "more than %d affiliations", PERSON_MAX_AFFILIATIONS);
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) {
        char prefix[64];
        snprintf(prefix, sizeof prefix, "/affiliations/%zu", i);
        if (!json_is_object(v))
            return serai_fail(err, SERAI_EINVAL, prefix,
                              "an affiliation must be an object");
        int64_t org;
        const char *role, *start, *end;
        serai_code rc;
        if ((rc = json_only_keys(v, affiliation_fields, prefix, err)) ||
            (rc = json_get_int(v, "organization_id", true, 1, INT64_MAX, prefix,
                               &org, NULL, err)) ||
            (rc = json_get_string(v, "role", false, 100, prefix, &role, err)) ||
            (rc = json_get_string(v, "start", false, 10, prefix, &start, err)) ||
            (rc = json_get_string(v, "end", false, 10, prefix, &end, err)))
            return rc;
        char ptr[80];
        if (start && !ident_date_valid(start)) {
            snprintf(ptr, sizeof ptr, "%s/start", prefix);
            return serai_fail(err, SERAI_EUNPROCESSABLE, ptr,
                              "start must be a date YYYY-MM-DD");
        }
        if (end && !ident_date_valid(end)) {
            snprintf(ptr, sizeof ptr, "%s/end", prefix);
            return serai_fail(err, SERAI_EUNPROCESSABLE, ptr,
                              "end must be a date YYYY-MM-DD");
        }
        if (start && end && strcmp(end, start) < 0) {
            snprintf(ptr, sizeof ptr, "%s/end", prefix);
            return serai_fail(err, SERAI_EUNPROCESSABLE, ptr,
                              "end %s is before start %s", end, start);
        }
    }
    *out = a;
    return SERAI_OK;
}

static serai_code check_publications(json_t *body, json_t **out,
                                     serai_err *err)
{
    json_t *a = json_object_get(body, "publications");
    *out = NULL;
    if (a == NULL || json_is_null(a))
        return SERAI_OK;
    if (!json_is_array(a))
        return serai_fail(err, SERAI_EINVAL, "/publications",
                          "publications must be an array of objects");
    if (json_array_size(a) > PERSON_MAX_PUBLICATIONS)
        return serai_fail(err, SERAI_EINVAL, "/publications",
                          "more than %d publications", PERSON_MAX_PUBLICATIONS);
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) {
        char prefix[64];
        snprintf(prefix, sizeof prefix, "/publications/%zu", i);
        if (!json_is_object(v))
            return serai_fail(err, SERAI_EINVAL, prefix,
                              "a publication must be an object");
        const char *title, *abstract;
        int64_t year;
        serai_code rc;
        if ((rc = json_only_keys(v, publication_fields, prefix, err)) ||
            (rc = json_get_text(v, "title", true, 1000, prefix, &title, err)) ||
            (rc = json_get_text(v, "abstract", false, PERSON_TEXT_MAX, prefix,
                                &abstract, err)) ||
            (rc = json_get_int(v, "year", false, 1900, 2100, prefix, &year,
                               NULL, err)))
            return rc;
    }
    *out = a;
    return SERAI_OK;
}

static bool lang_ok(const char *s)
{
    return ident_lang_valid(s);
}

static serai_code person_validate(json_t *body, person_input *in,
                                  serai_err *err)
{
    memset(in, 0, sizeof *in);
    serai_code rc;
    const char *orcid;
    if ((rc = json_only_keys(body, person_fields, "", err)) ||
        (rc = json_get_string(body, "name", true, PERSON_NAME_MAX, "",
                              &in->name, err)) ||
        (rc = json_get_string(body, "orcid", false, 40, "", &orcid, err)) ||
        (rc = json_get_string(body, "email", false, PERSON_EMAIL_MAX, "",
                              &in->email, err)) ||
        (rc = json_get_string(body, "country", true, 2, "", &in->country,
                              err)) ||
        (rc = json_get_text(body, "expertise", false, PERSON_TEXT_MAX, "",
                            &in->expertise, err)) ||
        (rc = check_string_list(body, "languages", PERSON_MAX_LANGUAGES, 2,
                                lang_ok, "an ISO 639-1 language code",
                                &in->languages, err)) ||
        (rc = check_string_list(body, "keywords", PERSON_MAX_KEYWORDS,
                                PERSON_KEYWORD_MAX, NULL, NULL, &in->keywords,
                                err)) ||
        (rc = check_affiliations(body, &in->affiliations, err)) ||
        (rc = check_publications(body, &in->publications, err)))
        return rc;
    if (orcid) {
        char why[IDENT_REASON_MAX];
        if (!ident_orcid_normalize(orcid, in->orcid_buf, why, sizeof why))
            return serai_fail(err, SERAI_EUNPROCESSABLE, "/orcid", "%s", why);
        in->orcid = in->orcid_buf;
    }
    if (in->email && !person_email_valid(in->email))
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/email",
                          "\"%.80s\" is not an e-mail address", in->email);
    if (iso_country_by_alpha2(in->country) == NULL)
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/country",
                          "country \"%s\" is not an ISO 3166-1 alpha-2 code",
                          in->country);
    return SERAI_OK;
}

/* ---- storage ---- */

#define PERSON_COLUMNS                                                     \
    "id, name, orcid, email, country, languages, keywords, expertise, "   \
    "created_at, updated_at"

static json_t *text_or_null(store_stmt *st, int col)
{
    return store_col_null(st, col) ? json_null()
                                   : json_string(store_col_text(st, col));
}

static json_t *person_row_json(store_stmt *st)
{
    json_t *langs = json_loads(store_col_text(st, 5), 0, NULL);
    json_t *kws = json_loads(store_col_text(st, 6), 0, NULL);
    json_t *j = json_object();
    json_object_set_new(j, "id", json_integer(store_col_int64(st, 0)));
    json_object_set_new(j, "name", json_string(store_col_text(st, 1)));
    json_object_set_new(j, "orcid", text_or_null(st, 2));
    json_object_set_new(j, "email", text_or_null(st, 3));
    json_object_set_new(j, "country", json_string(store_col_text(st, 4)));
    json_object_set_new(j, "languages", langs ? langs : json_array());
    json_object_set_new(j, "keywords", kws ? kws : json_array());
    json_object_set_new(j, "expertise", text_or_null(st, 7));
    json_object_set_new(j, "created_at", json_string(store_col_text(st, 8)));
    json_object_set_new(j, "updated_at", json_string(store_col_text(st, 9)));
    return j;
}

static serai_code load_affiliations(store *s, int64_t id, json_t *person,
                                    serai_err *err)
{
    static const char sql[] =
        "SELECT org_id, role, start_date, end_date FROM affiliation "
        "WHERE person_id = $1 ORDER BY id";
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    json_t *a = json_array();
    int r;
    while ((r = store_step(st, err)) == STORE_ROW)
        json_array_append_new(
            a, json_pack("{s:I, s:o, s:o, s:o}", "organization_id",
                         (json_int_t)store_col_int64(st, 0), "role",
                         text_or_null(st, 1), "start", text_or_null(st, 2),
                         "end", text_or_null(st, 3)));
    store_reset(st);
    json_object_set_new(person, "affiliations", a);
    return r == STORE_ERROR ? (err ? err->code : SERAI_ESTORE) : SERAI_OK;
}

static serai_code load_publications(store *s, int64_t id, json_t *person,
                                    serai_err *err)
{
    static const char sql[] =
        "SELECT title, abstract, year FROM publication WHERE person_id = $1 "
        "ORDER BY id";
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    json_t *a = json_array();
    int r;
    while ((r = store_step(st, err)) == STORE_ROW)
        json_array_append_new(
            a, json_pack("{s:s, s:o, s:o}", "title", store_col_text(st, 0),
                         "abstract", text_or_null(st, 1), "year",
                         store_col_null(st, 2)
                             ? json_null()
                             : json_integer(store_col_int64(st, 2))));
    store_reset(st);
    json_object_set_new(person, "publications", a);
    return r == STORE_ERROR ? (err ? err->code : SERAI_ESTORE) : SERAI_OK;
}

static serai_code person_load(store *s, int64_t id, json_t **out,
                              serai_err *err)
{
    static const char sql[] =
        "SELECT " PERSON_COLUMNS " FROM person WHERE id = $1";
    *out = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    json_t *j = r == STORE_ROW ? person_row_json(st) : NULL;
    store_reset(st);
    if (r == STORE_ERROR)
        return err ? err->code : SERAI_ESTORE;
    if (r == STORE_DONE)
        return serai_fail(err, SERAI_ENOTFOUND, NULL,
                          "no person with id %" PRId64, id);
    if ((rc = load_affiliations(s, id, j, err)) != SERAI_OK ||
        (rc = load_publications(s, id, j, err)) != SERAI_OK) {
        json_decref(j);
        return rc;
    }
    *out = j;
    return SERAI_OK;
}

static bool may_read(const actor *who, int64_t id)
{
    return who->role == ROLE_SECRETARIAT || who->role == ROLE_OBSERVER ||
           (who->person_id != 0 && who->person_id == id);
}

serai_code person_get(store *s, const actor *who, int64_t id, json_t **out,
                      serai_err *err)
{
    *out = NULL;
    if (who->role == ROLE_PUBLIC)
        return serai_fail(err, SERAI_EUNAUTH, NULL,
                          "people are visible only after login");
    if (!may_read(who, id))
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "you may read only your own person record");
    return person_load(s, id, out, err);
}

static serai_code org_exists(store *s, int64_t org, bool *exists,
                             serai_err *err)
{
    static const char sql[] = "SELECT 1 FROM organization WHERE id = $1";
    int64_t one;
    serai_code rc = store_lookup_id(s, sql, org, &one, err);
    *exists = one == 1;
    return rc;
}

/* Write the affiliations and publications of person id, replacing the old
 * ones (none to delete when the person is fresh). */
static serai_code write_lists(store *s, int64_t id, const person_input *in,
                              bool replace_aff, bool replace_pub, bool fresh,
                              serai_err *err)
{
    static const char del_aff[] = "DELETE FROM affiliation WHERE person_id = $1";
    static const char del_pub[] = "DELETE FROM publication WHERE person_id = $1";
    static const char ins_aff[] =
        "INSERT INTO affiliation (person_id, org_id, role, start_date, "
        "end_date) VALUES ($1, $2, $3, $4, $5)";
    static const char ins_pub[] =
        "INSERT INTO publication (person_id, title, abstract, year) "
        "VALUES ($1, $2, $3, $4)";
    store_stmt *st;
    serai_code rc = SERAI_OK;
    if (replace_aff && !fresh) {
        if ((rc = store_prepare(s, del_aff, &st, err)) != SERAI_OK)
            return rc;
        store_bind_int64(st, 1, id);
        if ((rc = store_run(st, NULL, err)) != SERAI_OK)
            return rc;
    }
    if (replace_pub && !fresh) {
        if ((rc = store_prepare(s, del_pub, &st, err)) != SERAI_OK)
            return rc;
        store_bind_int64(st, 1, id);
        if ((rc = store_run(st, NULL, err)) != SERAI_OK)
            return rc;
    }
    size_t i;
    json_t *v;
    if (replace_aff && in->affiliations) {
        json_array_foreach(in->affiliations, i, v) {
            int64_t org = json_integer_value(json_object_get(v, "organization_id"));
            bool exists;
            if ((rc = org_exists(s, org, &exists, err)) != SERAI_OK)
                return rc;
            if (!exists) {
                char ptr[64];
                snprintf(ptr, sizeof ptr, "/affiliations/%zu/organization_id", i);
                return serai_fail(err, SERAI_EUNPROCESSABLE, ptr,
                                  "organization %" PRId64 " does not exist", org);
            }
            if ((rc = store_prepare(s, ins_aff, &st, err)) != SERAI_OK)
                return rc;
            store_bind_int64(st, 1, id);
            store_bind_int64(st, 2, org);
            store_bind_text(st, 3, json_string_value(json_object_get(v, "role")));
            store_bind_text(st, 4, json_string_value(json_object_get(v, "start")));
            store_bind_text(st, 5, json_string_value(json_object_get(v, "end")));
            if ((rc = store_run(st, NULL, err)) != SERAI_OK)
                return rc;
        }
    }
    if (replace_pub && in->publications) {
        json_array_foreach(in->publications, i, v) {
            if ((rc = store_prepare(s, ins_pub, &st, err)) != SERAI_OK)
                return rc;
            json_t *year = json_object_get(v, "year");
            store_bind_int64(st, 1, id);
            store_bind_text(st, 2, json_string_value(json_object_get(v, "title")));
            store_bind_text(st, 3, json_string_value(json_object_get(v, "abstract")));
            if (json_is_integer(year))
                store_bind_int64(st, 4, json_integer_value(year));
            else
                store_bind_null(st, 4);
            if ((rc = store_run(st, NULL, err)) != SERAI_OK)
                return rc;
        }
    }
    return SERAI_OK;
}

static char *list_text(json_t *list)
{
    return list ? json_dumps(list, JSON_COMPACT) : xstrdup("[]");
}

static serai_code orcid_conflict(serai_err *err, const char *orcid)
{
    return serai_fail(err, SERAI_ECONFLICT, "/orcid",
                      "a person with ORCID iD %s is already registered", orcid);
}

/* Name, keywords and expertise, folded, one per line: what ?q= searches. */
static char *person_search_text(const person_input *in)
{
    buf b;
    buf_init(&b, (size_t)-1);
    text_fold_append(&b, in->name);
    buf_append(&b, "\n", 1);
    size_t i;
    json_t *v;
    if (in->keywords)
        json_array_foreach(in->keywords, i, v) {
            text_fold_append(&b, json_string_value(v));
            buf_append(&b, "\n", 1);
        }
    if (in->expertise)
        text_fold_append(&b, in->expertise);
    return buf_take(&b, NULL);
}

static serai_code person_insert(store *s, const person_input *in,
                                const char *now, int64_t *id, serai_err *err)
{
    static const char sql[] =
        "INSERT INTO person (name, orcid, email, country, languages, "
        "keywords, expertise, search, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $9, $8, $8) RETURNING id";
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    char *langs = list_text(in->languages), *kws = list_text(in->keywords);
    store_bind_text(st, 1, in->name);
    store_bind_text(st, 2, in->orcid);
    store_bind_text(st, 3, in->email);
    store_bind_text(st, 4, in->country);
    store_bind_text(st, 5, langs);
    store_bind_text(st, 6, kws);
    store_bind_text(st, 7, in->expertise);
    store_bind_text(st, 8, now);
    char *search = person_search_text(in);
    store_bind_text(st, 9, search);
    free(search);
    free(langs);
    free(kws);
    int r = store_step(st, err);
    if (r == STORE_ROW)
        *id = store_col_int64(st, 0);
    store_reset(st);
    if (r == STORE_ERROR)
        return err && err->code == SERAI_ECONFLICT && in->orcid
                   ? orcid_conflict(err, in->orcid)
                   : (err ? err->code : SERAI_ESTORE);
    serai_code rc2 = write_lists(s, *id, in, true, true, true, err);
    return rc2 == SERAI_OK ? search_index_person(s, *id, err) : rc2;
}

static serai_code commit_audited(store *s, const actor *who,
                                 const char *action, int64_t id,
                                 const json_t *state, serai_err *err)
{
    char object[48];
    snprintf(object, sizeof object, "person/%" PRId64, id);
    serai_code rc = audit_append(s, who, action, object, state, err);
    return rc == SERAI_OK ? store_commit(s, err) : rc;
}

serai_code person_create(store *s, const actor *who, json_t *body,
                         json_t **out, serai_err *err)
{
    *out = NULL;
    if (who->role != ROLE_SECRETARIAT)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "only the secretariat adds people to the registry");
    person_input in;
    serai_code rc = person_validate(body, &in, err);
    if (rc != SERAI_OK)
        return rc;
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    int64_t id = 0;
    json_t *rec = NULL;
    if ((rc = store_begin(s, err)) == SERAI_OK &&
        (rc = person_insert(s, &in, now, &id, err)) == SERAI_OK &&
        (rc = person_load(s, id, &rec, err)) == SERAI_OK)
        rc = commit_audited(s, who, "person.create", id, rec, err);
    if (rc != SERAI_OK) {
        store_rollback(s);
        json_decref(rec);
        return rc;
    }
    *out = rec;
    return SERAI_OK;
}

serai_code person_update(store *s, const actor *who, int64_t id, json_t *body,
                         json_t **out, serai_err *err)
{
    static const char sql[] =
        "UPDATE person SET name = $2, orcid = $3, email = $4, country = $5, "
        "languages = $6, keywords = $7, expertise = $8, updated_at = $9, "
        "search = $10 WHERE id = $1";
    *out = NULL;
    if (who->role != ROLE_SECRETARIAT &&
        !(who->person_id != 0 && who->person_id == id))
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "you may change only your own person record");
    serai_code rc = json_only_keys(body, person_fields, "", err);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    json_t *cur = NULL, *merged = NULL, *rec = NULL;
    person_input in;
    if ((rc = person_load(s, id, &cur, err)) != SERAI_OK)
        goto done;
    merged = json_object();
    for (size_t i = 0; person_fields[i]; i++) {
        json_t *v = json_object_get(body, person_fields[i]);
        if (v == NULL)
            v = json_object_get(cur, person_fields[i]);
        if (v && !json_is_null(v))
            json_object_set(merged, person_fields[i], v);
    }
    if ((rc = person_validate(merged, &in, err)) != SERAI_OK)
        goto done;
    store_stmt *st;
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    if ((rc = store_prepare(s, sql, &st, err)) != SERAI_OK)
        goto done;
    char *langs = list_text(in.languages), *kws = list_text(in.keywords);
    store_bind_int64(st, 1, id);
    store_bind_text(st, 2, in.name);
    store_bind_text(st, 3, in.orcid);
    store_bind_text(st, 4, in.email);
    store_bind_text(st, 5, in.country);
    store_bind_text(st, 6, langs);
    store_bind_text(st, 7, kws);
    store_bind_text(st, 8, in.expertise);
    store_bind_text(st, 9, now);
    char *search = person_search_text(&in);
    store_bind_text(st, 10, search);
    free(search);
    free(langs);
    free(kws);
    rc = store_run(st, NULL, err);
    if (rc == SERAI_ECONFLICT && in.orcid)
        rc = orcid_conflict(err, in.orcid);
    if (rc == SERAI_OK)
        rc = write_lists(s, id, &in, json_object_get(body, "affiliations") != NULL,
                         json_object_get(body, "publications") != NULL, false,
                         err);
    if (rc == SERAI_OK)
        rc = search_index_person(s, id, err);
    if (rc == SERAI_OK && (rc = person_load(s, id, &rec, err)) == SERAI_OK)
        rc = commit_audited(s, who, "person.update", id, rec, err);
done:
    json_decref(cur);
    json_decref(merged);
    if (rc != SERAI_OK) {
        store_rollback(s);
        json_decref(rec);
        return rc;
    }
    *out = rec;
    return SERAI_OK;
}

serai_code person_list(store *s, const actor *who, const person_filter *f,
                       json_t **out, serai_err *err)
{
    static const char sql[] =
        "SELECT " PERSON_COLUMNS " FROM person WHERE id > $1 "
        "AND (CAST($2 AS TEXT) IS NULL OR country = CAST($2 AS TEXT)) "
        "AND ($3 = 0 OR id IN (SELECT person_id FROM affiliation "
        "                      WHERE org_id = $3)) "
        "AND (CAST($4 AS TEXT) IS NULL OR search LIKE CAST($4 AS TEXT) ESCAPE '\\') "
        "ORDER BY id LIMIT $5";
    *out = NULL;
    if (who->role != ROLE_SECRETARIAT && who->role != ROLE_OBSERVER)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "only the secretariat and observers list people");
    if (f->country && iso_country_by_alpha2(f->country) == NULL)
        return serai_fail(err, SERAI_EINVAL, "?country",
                          "country \"%.20s\" is not an ISO 3166-1 alpha-2 code",
                          f->country);
    if (f->q && (strlen(f->q) > PERSON_NAME_MAX || !text_is_clean(f->q, false)))
        return serai_fail(err, SERAI_EINVAL, "?q",
                          "q must be printable text of at most %d bytes",
                          PERSON_NAME_MAX);
    char *folded = f->q ? text_fold(f->q) : NULL;
    char *pattern = folded ? store_like_contains(folded) : NULL;
    free(folded);
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK) {
        free(pattern);
        return rc;
    }
    store_bind_int64(st, 1, f->page.after);
    store_bind_text(st, 2, f->country);
    store_bind_int64(st, 3, f->organization_id);
    store_bind_text(st, 4, pattern);
    store_bind_int64(st, 5, (int64_t)f->page.limit + 1);
    json_t *page = NULL;
    rc = rows_page(st, f->page.limit, person_row_json, &page, err);
    free(pattern);
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(page, "items"), i, item) {
        if (rc != SERAI_OK)
            break;
        rc = load_affiliations(s, json_integer_value(json_object_get(item, "id")),
                               item, err);
    }
    if (rc != SERAI_OK) {
        json_decref(page);
        return rc;
    }
    *out = page;
    return SERAI_OK;
}

/* ---- CSV import ---- */

enum {
    PCOL_NAME, PCOL_COUNTRY, PCOL_ORCID, PCOL_EMAIL, PCOL_LANGUAGES,
    PCOL_KEYWORDS, PCOL_EXPERTISE, PCOL_AFF_ROR, PCOL_AFF_ORG_ID,
    PCOL_AFF_ROLE, PCOL_AFF_START, PCOL_AFF_END
};
static const char *const import_columns[] = {
    "name", "country", "orcid", "email", "languages", "keywords", "expertise",
    "affiliation_ror", "affiliation_org_id", "affiliation_role",
    "affiliation_start", "affiliation_end", NULL,
};
static const char *const import_required[] = {"name", "country", NULL};

/* "a; b;c" -> ["a", "b", "c"] */
static json_t *split_list(const char *cell)
{
    json_t *a = json_array();
    const char *p = cell;
    while (*p) {
        const char *semi = strchr(p, ';');
        const char *end = semi ? semi : p + strlen(p);
        const char *b = p;
        while (b < end && *b == ' ')
            b++;
        const char *e = end;
        while (e > b && e[-1] == ' ')
            e--;
        if (e > b)
            json_array_append_new(a, json_stringn(b, (size_t)(e - b)));
        p = semi ? semi + 1 : end;
    }
    return a;
}

static void import_row_body(const csv_record *rec, const int *col,
                            import_row *row, import_report *rep)
{
    json_t *b = json_object();
    const char *v;
    static const struct { int col; const char *field; } plain[] = {
        {PCOL_NAME, "name"},   {PCOL_COUNTRY, "country"},
        {PCOL_ORCID, "orcid"}, {PCOL_EMAIL, "email"},
        {PCOL_EXPERTISE, "expertise"},
    };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if ((v = import_cell(rec, col[plain[i].col])))
            json_object_set_new(b, plain[i].field, json_string(v));
    if ((v = import_cell(rec, col[PCOL_LANGUAGES])))
        json_object_set_new(b, "languages", split_list(v));
    if ((v = import_cell(rec, col[PCOL_KEYWORDS])))
        json_object_set_new(b, "keywords", split_list(v));
    char why[IDENT_REASON_MAX];
    if ((v = import_cell(rec, col[PCOL_ORCID])) &&
        !ident_orcid_normalize(v, row->key, why, sizeof why))
        row->key[0] = '\0'; /* the validator reports it */
    const char *ror = import_cell(rec, col[PCOL_AFF_ROR]);
    const char *org_id = import_cell(rec, col[PCOL_AFF_ORG_ID]);
    if (ror && org_id)
        import_report_add(rep, rec->line, "affiliation_org_id",
                          "give affiliation_ror or affiliation_org_id, not both");
    else if (ror && !ident_ror_normalize(ror, row->ref, why, sizeof why)) {
        row->ref[0] = '\0';
        import_report_add(rep, rec->line, "affiliation_ror", why);
    } else if (org_id) {
        int64_t id;
        if (parse_id(org_id, &id))
            snprintf(row->ref, sizeof row->ref, "#%" PRId64, id);
        else
            import_report_add(rep, rec->line, "affiliation_org_id",
                              "affiliation_org_id must be an organization id");
    }
    const char *role = import_cell(rec, col[PCOL_AFF_ROLE]);
    const char *start = import_cell(rec, col[PCOL_AFF_START]);
    const char *end = import_cell(rec, col[PCOL_AFF_END]);
    if (row->ref[0]) {
        /* organization_id is a placeholder until the reference resolves. */
        json_t *aff = json_pack("{s:I}", "organization_id", (json_int_t)1);
        if (role)
            json_object_set_new(aff, "role", json_string(role));
        if (start)
            json_object_set_new(aff, "start", json_string(start));
        if (end)
            json_object_set_new(aff, "end", json_string(end));
        json_object_set_new(b, "affiliations", json_pack("[o]", aff));
    } else if (role || start || end) {
        import_report_add(rep, rec->line, "affiliation_ror",
                          "affiliation details need affiliation_ror or "
                          "affiliation_org_id");
    }
    row->body = b;
}

static const char *import_column_of(const char *ptr)
{
    static const struct { const char *prefix, *column; } map[] = {
        {"/languages", "languages"},
        {"/keywords", "keywords"},
        {"/affiliations/0/role", "affiliation_role"},
        {"/affiliations/0/start", "affiliation_start"},
        {"/affiliations/0/end", "affiliation_end"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strncmp(ptr, map[i].prefix, strlen(map[i].prefix)) == 0)
            return map[i].column;
    return ptr[0] == '/' ? ptr + 1 : ptr;
}

static serai_code import_validate(json_t *body, serai_err *err)
{
    person_input in;
    return person_validate(body, &in, err);
}

static serai_code find_by_orcid(store *s, const char *orcid, int64_t *id,
                                serai_err *err)
{
    static const char sql[] = "SELECT id FROM person WHERE orcid = $1";
    return store_lookup_text(s, sql, orcid, id, err);
}

/* A reference is "#<id>" (an organization id) or a ROR id. */
static serai_code find_org_ref(store *s, const char *ref, int64_t *id,
                               serai_err *err)
{
    static const char by_ror[] = "SELECT id FROM organization WHERE ror = $1";
    static const char by_id[] = "SELECT id FROM organization WHERE id = $1";
    int64_t want;
    if (ref[0] == '#')
        return parse_id(ref + 1, &want) ? store_lookup_id(s, by_id, want, id, err)
                                        : (*id = 0, SERAI_OK);
    return store_lookup_text(s, by_ror, ref, id, err);
}

static serai_code import_insert(store *s, const import_row *row,
                                const char *now, int64_t *id, serai_err *err)
{
    json_t *aff = json_array_get(json_object_get(row->body, "affiliations"), 0);
    if (aff)
        json_object_set_new(aff, "organization_id", json_integer(row->ref_id));
    person_input in;
    serai_code rc = person_validate(row->body, &in, err);
    return rc == SERAI_OK ? person_insert(s, &in, now, id, err) : rc;
}

static const import_spec person_import_spec = {
    .columns = import_columns,
    .required = import_required,
    .key_column = "orcid",
    .ref_column = "affiliation_ror",
    .ref_in_file = false,
    .audit_action = "person.import",
    .audit_object = "person/*",
    .row_body = import_row_body,
    .validate = import_validate,
    .column_of = import_column_of,
    .find_key = find_by_orcid,
    .find_ref = find_org_ref,
    .insert = import_insert,
};

serai_code person_import_csv(store *s, const actor *who, const char *data,
                             size_t len, import_report *rep,
                             import_progress_fn progress, void *progress_ctx,
                             serai_err *err)
{
    return import_run(s, who, &person_import_spec, data, len, rep, progress,
                      progress_ctx, err);
}
