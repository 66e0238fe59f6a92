/*
 * platform.c -- platforms, their members, working groups and rules in the
 * store (see platform.h); the check itself is platform_rules.c.  Every
 * write is one transaction: validate, write, check the composition again,
 * refuse if an enforced rule broke, append the audit record, commit.
 */
#include "exchange/platform.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/ident.h"
#include "core/json.h"
#include "core/mem.h"
#include "exchange/platform_rules.h"
#include "registry/iso.h"
#include "store/rows.h"

static const char *const kinds[] = {"thematic_network", "joint_laboratory",
                                    "technology_transfer_centre", "science_park",
                                    NULL};
static const char *const roles[] = {"member", "mc_member", "mc_chair",
                                    "mc_vice_chair", NULL};

static bool one_of(const char *v, const char *const list[])
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(v, list[i]) == 0)
            return true;
    return false;
}

static serai_code need_secretariat(const actor *who, serai_err *err)
{
    if (who->role == ROLE_SECRETARIAT)
        return SERAI_OK;
    return serai_fail(err, who->role == ROLE_PUBLIC ? SERAI_EUNAUTH : SERAI_EFORBIDDEN,
                      NULL, "only the secretariat changes platforms");
}

static bool sees_people(const actor *who)
{
    return who->role == ROLE_SECRETARIAT || who->role == ROLE_OBSERVER;
}

/* ---- the platform's rules, resolved ---- */

/* The countries of memberships of status member: the named list
 * "member_countries", read when the check runs so that it follows the
 * registry. */
static serai_code member_countries(store *s, elig_country_set *out, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT country FROM membership WHERE status = "
                                     "'member' AND country IS NOT NULL ORDER BY country",
                                  &st, err);
    if (rc != SERAI_OK)
        return rc;
    out->n = 0;
    int r;
    while ((r = store_step(st, err)) == STORE_ROW)
        if (out->n < ELIG_MAX_COUNTRIES)
            snprintf(out->codes[out->n++], 3, "%s", store_col_text(st, 0));
    store_reset(st);
    return r == STORE_ERROR ? err->code : SERAI_OK;
}

/* The platform's code and rules, a named target list resolved; not found
 * is SERAI_ENOTFOUND. */
static serai_code load_rules(store *s, int64_t id, char code[PLATFORM_CODE_MAX + 1],
                             platform_rules *r, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT code, rules FROM platform WHERE id = $1",
                                  &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    int row = store_step(st, err);
    json_t *doc = NULL;
    if (row == STORE_ROW) {
        snprintf(code, PLATFORM_CODE_MAX + 1, "%s", store_col_text(st, 0));
        doc = json_loads(store_col_text(st, 1), 0, NULL);
    }
    store_reset(st);
    if (row == STORE_ERROR)
        return err->code;
    if (row != STORE_ROW)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no platform %" PRId64, id);
    rc = platform_rules_from_json(doc ? doc : json_object(), "/rules", r, err);
    json_decref(doc);
    if (rc != SERAI_OK)
        return serai_fail(err, SERAI_EINTERNAL, NULL, "platform %s has unreadable "
                          "rules: %s", code, err->detail);
    const char *list = r->target_quota.list;
    if (!r->target_quota.present || !list[0])
        return SERAI_OK;
    if (strcmp(list, "member_countries") == 0)
        return member_countries(s, &r->target_quota.countries, err);
    platform_region_countries(list, &r->target_quota.countries);
    return SERAI_OK;
}

/* The current members as the check sees them (caller frees *out). */
static serai_code load_seats(store *s, int64_t id, platform_seat **out, size_t *n,
                             serai_err *err)
{
    *out = NULL;
    *n = 0;
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT country, role FROM platform_member WHERE "
                                     "platform_id = $1 AND left_on IS NULL ORDER BY id",
                                  &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    size_t cap = 0;
    int r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 32;
            *out = xreallocarray(*out, cap, sizeof **out);
        }
        platform_seat *seat = &(*out)[(*n)++];
        snprintf(seat->country, sizeof seat->country, "%s", store_col_text(st, 0));
        seat->mc = strncmp(store_col_text(st, 1), "mc_", 3) == 0;
    }
    store_reset(st);
    if (r == STORE_ERROR) {
        free(*out);
        *out = NULL;
        *n = 0;
        return err->code;
    }
    return SERAI_OK;
}

static serai_code check_now(store *s, int64_t id, const platform_rules *r,
                            platform_check *c, serai_err *err)
{
    platform_seat *seats;
    size_t n;
    serai_code rc = load_seats(s, id, &seats, &n, err);
    if (rc == SERAI_OK)
        platform_rules_check(r, seats, n, c);
    free(seats);
    return rc;
}

/* The composition: counts per country and the check. */
static serai_code composition_json(store *s, int64_t id, const platform_rules *r,
                                   const platform_check *c, json_t **out, serai_err *err)
{
    *out = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT country, count(*), sum(CASE WHEN role = 'member' THEN 0 ELSE 1 END) "
           "FROM platform_member WHERE platform_id = $1 AND left_on IS NULL "
           "GROUP BY country ORDER BY country", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    json_t *by = json_array();
    int64_t members = 0;
    int row;
    while ((row = store_step(st, err)) == STORE_ROW) {
        members += store_col_int64(st, 1);
        json_array_append_new(by, json_pack("{s:s, s:I, s:I}", "country",
                                            store_col_text(st, 0), "members",
                                            (json_int_t)store_col_int64(st, 1), "mc",
                                            (json_int_t)store_col_int64(st, 2)));
    }
    store_reset(st);
    if (row == STORE_ERROR) {
        json_decref(by);
        return err->code;
    }
    json_t *o = platform_check_json(c);
    json_object_set_new(o, "platform_id", json_integer(id));
    json_object_set_new(o, "members", json_integer(members));
    json_object_set_new(o, "countries", json_integer((json_int_t)json_array_size(by)));
    json_object_set_new(o, "by_country", by);
    json_object_set_new(o, "enforce", json_boolean(r->enforce));
    if (r->target_quota.present && r->target_quota.list[0]) {
        json_t *t = json_array();
        for (int i = 0; i < r->target_quota.countries.n; i++)
            json_array_append_new(t, json_string(r->target_quota.countries.codes[i]));
        json_object_set_new(o, "target_countries", t);
    }
    *out = o;
    return SERAI_OK;
}

/* ---- members and groups as JSON ---- */

/* A person's name is read only for those who see people ($2 = 1). */
#define MEMBER_COLUMNS                                                            \
    "SELECT pm.id, pm.org_id, pm.person_id, pm.country, pm.role, pm.group_id, "   \
    "g.name, pm.joined_on, pm.left_on, o.name, CASE WHEN $2 = 1 THEN p.name END " \
    "FROM platform_member pm LEFT JOIN platform_group g ON g.id = pm.group_id "   \
    "LEFT JOIN organization o ON o.id = pm.org_id LEFT JOIN person p ON p.id = "  \
    "pm.person_id "

static json_t *opt_int(store_stmt *st, int col)
{
    return store_col_null(st, col) ? json_null() : json_integer(store_col_int64(st, col));
}

static json_t *opt_text(store_stmt *st, int col)
{
    return store_col_null(st, col) ? json_null() : json_string(store_col_text(st, col));
}

static json_t *member_row(store_stmt *st)
{
    bool org = !store_col_null(st, 1);
    return json_pack("{s:I, s:s, s:o, s:o, s:o, s:s, s:s, s:o, s:o, s:s, s:o}", "id",
                     (json_int_t)store_col_int64(st, 0), "kind",
                     org ? "organization" : "person", "organization_id", opt_int(st, 1),
                     "person_id", opt_int(st, 2), "name", opt_text(st, org ? 9 : 10),
                     "country", store_col_text(st, 3), "role", store_col_text(st, 4),
                     "group_id", opt_int(st, 5), "group", opt_text(st, 6), "joined_on",
                     store_col_text(st, 7), "left_on", opt_text(st, 8));
}

static json_t *group_row(store_stmt *st)
{
    return json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)store_col_int64(st, 0),
                     "name", store_col_text(st, 1), "description", store_col_text(st, 2),
                     "members", (json_int_t)store_col_int64(st, 3));
}

/* Every row of st (whose SQL ends in "LIMIT $1" over ids, bound here) as
 * an array of row() items into *out.  Resets st. */
static serai_code all_rows(store_stmt *st, json_t *(*row)(store_stmt *), json_t **out,
                           serai_err *err)
{
    json_t *pg = NULL;
    store_bind_int64(st, 1, PLATFORM_MAX_MEMBERS + 1);
    serai_code rc = rows_page(st, PLATFORM_MAX_MEMBERS, row, &pg, err);
    *out = rc == SERAI_OK ? json_incref(json_object_get(pg, "items")) : NULL;
    json_decref(pg);
    return rc;
}

static serai_code member_json(store *s, const actor *who, int64_t member_id,
                              json_t **out, serai_err *err)
{
    *out = NULL;
    store_stmt *st;
    json_t *items = NULL;
    serai_code rc = store_prepare(s, MEMBER_COLUMNS "WHERE pm.id = $3 LIMIT $1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 2, sees_people(who));
    store_bind_int64(st, 3, member_id);
    if ((rc = all_rows(st, member_row, &items, err)) != SERAI_OK)
        return rc;
    *out = json_incref(json_array_get(items, 0));
    json_decref(items);
    return *out ? SERAI_OK
                : serai_fail(err, SERAI_ENOTFOUND, NULL, "no platform member %" PRId64,
                             member_id);
}

static serai_code members_json(store *s, const actor *who, int64_t id, json_t **out,
                               serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, MEMBER_COLUMNS "WHERE pm.platform_id = $3 AND "
                                     "pm.left_on IS NULL ORDER BY pm.id LIMIT $1",
                                  &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 2, sees_people(who));
    store_bind_int64(st, 3, id);
    return all_rows(st, member_row, out, err);
}

static serai_code groups_json(store *s, int64_t id, json_t **out, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT g.id, g.name, g.description, (SELECT count(*) FROM platform_member "
           "pm WHERE pm.group_id = g.id AND pm.left_on IS NULL) FROM platform_group g "
           "WHERE g.platform_id = $2 ORDER BY g.id LIMIT $1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 2, id);
    return all_rows(st, group_row, out, err);
}

/* ---- reading ---- */

#define PLATFORM_COLUMNS                                                          \
    "SELECT id, code, kind, name, names, description, country, created_at, "      \
    "updated_at FROM platform "

static json_t *platform_row(store_stmt *st)
{
    json_t *names = json_loads(store_col_text(st, 4), 0, NULL);
    return json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:o, s:s, s:s}", "id",
                     (json_int_t)store_col_int64(st, 0), "code", store_col_text(st, 1),
                     "kind", store_col_text(st, 2), "name", store_col_text(st, 3),
                     "names", names ? names : json_object(), "description",
                     store_col_text(st, 5), "country", opt_text(st, 6), "created_at",
                     store_col_text(st, 7), "updated_at", store_col_text(st, 8));
}

serai_code platform_composition(store *s, const actor *who, int64_t id, json_t **out,
                                serai_err *err)
{
    (void)who; /* platforms are public */
    *out = NULL;
    char code[PLATFORM_CODE_MAX + 1];
    platform_rules r;
    platform_check c;
    serai_code rc = load_rules(s, id, code, &r, err);
    if (rc == SERAI_OK)
        rc = check_now(s, id, &r, &c, err);
    return rc ? rc : composition_json(s, id, &r, &c, out, err);
}

serai_code platform_get(store *s, const actor *who, int64_t id, json_t **out,
                        serai_err *err)
{
    *out = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(s, PLATFORM_COLUMNS "WHERE id = $1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    json_t *o = r == STORE_ROW ? platform_row(st) : NULL;
    store_reset(st);
    if (r == STORE_ERROR)
        return err->code;
    if (!o)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no platform %" PRId64, id);
    char code[PLATFORM_CODE_MAX + 1];
    platform_rules rules;
    json_t *members = NULL, *groups = NULL, *composition = NULL;
    if ((rc = load_rules(s, id, code, &rules, err)) == SERAI_OK &&
        (rc = members_json(s, who, id, &members, err)) == SERAI_OK &&
        (rc = groups_json(s, id, &groups, err)) == SERAI_OK)
        rc = platform_composition(s, who, id, &composition, err);
    if (rc != SERAI_OK) {
        json_decref(o);
        json_decref(members);
        json_decref(groups);
        return rc;
    }
    json_object_set_new(o, "rules", platform_rules_json(&rules));
    json_object_set_new(o, "groups", groups);
    json_object_set_new(o, "members", members);
    json_object_set_new(o, "composition", composition);
    *out = o;
    return SERAI_OK;
}

serai_code platform_list(store *s, const actor *who, const page *pg, const char *kind,
                         json_t **out, serai_err *err)
{
    (void)who;
    *out = NULL;
    if (kind && !one_of(kind, kinds))
        return serai_fail(err, SERAI_EINVAL, "kind",
                          "kind is thematic_network, joint_laboratory, "
                          "technology_transfer_centre or science_park, not \"%s\"", kind);
    store_stmt *st;
    json_t *pg_json = NULL;
    serai_code rc = store_prepare(s, PLATFORM_COLUMNS "WHERE id > $1 AND (CAST($2 AS "
                                                      "TEXT) IS NULL OR kind = CAST($2 AS "
                                                      "TEXT)) ORDER BY id LIMIT $3",
                                  &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, pg->after);
    store_bind_text(st, 2, kind);
    store_bind_int64(st, 3, pg->limit + 1);
    if ((rc = rows_page(st, pg->limit, platform_row, &pg_json, err)) != SERAI_OK)
        return rc;
    json_t *items = json_object_get(pg_json, "items");
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item) {
        json_t *comp;
        if ((rc = platform_composition(s, who, json_integer_value(json_object_get(item, "id")),
                                       &comp, err)) != SERAI_OK) {
            json_decref(pg_json);
            return rc;
        }
        json_object_set(item, "members", json_object_get(comp, "members"));
        json_object_set(item, "countries", json_object_get(comp, "countries"));
        json_object_set(item, "passes", json_object_get(comp, "passes"));
        json_decref(comp);
    }
    *out = pg_json;
    return SERAI_OK;
}

/* ---- writing ---- */

/* Run an INSERT ... RETURNING id; *id the new row's.  Resets st. */
static serai_code insert_id(store_stmt *st, int64_t *id, serai_err *err)
{
    int r = store_step(st, err);
    *id = r == STORE_ROW ? store_col_int64(st, 0) : 0;
    store_reset(st);
    return r == STORE_ERROR ? err->code : SERAI_OK;
}

/* The rules that fail after a change but did not fail before it. */
static json_t *now_failing(const platform_check *before, const platform_check *after)
{
    json_t *codes = json_array();
    for (int i = 0; i < after->nrules; i++) {
        const platform_rule_result *x = &after->rules[i];
        const platform_rule_result *was = platform_check_find(before, x->code);
        if (!x->pass && (was == NULL || was->pass))
            json_array_append_new(codes, json_string(x->code));
    }
    return codes;
}

/* End a change inside its transaction: check the composition again, refuse
 * when an enforced rule broke, else answer {"<key>": record (taken),
 * "composition", "now_failing"}, append the audit record and commit.  On
 * any failure the transaction is rolled back and record released. */
static serai_code finish_change(store *s, const actor *who, int64_t id, const char *code,
                                const platform_rules *rules, const platform_check *before,
                                bool may_refuse, const char *action, const char *key, json_t *record,
                                serai_code rc, json_t **out, serai_err *err)
{
    *out = NULL;
    platform_check after;
    json_t *failing = NULL, *comp = NULL;
    if (rc == SERAI_OK)
        rc = check_now(s, id, rules, &after, err);
    if (rc == SERAI_OK) {
        failing = now_failing(before, &after);
        if (may_refuse && rules->enforce && json_array_size(failing) > 0) {
            const platform_rule_result *x = platform_check_find(
                &after, json_string_value(json_array_get(failing, 0)));
            rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                            "platform %s enforces its composition rules, and this "
                            "change breaks %s: %s", code, x->code, x->en);
        }
    }
    if (rc == SERAI_OK)
        rc = composition_json(s, id, rules, &after, &comp, err);
    if (rc == SERAI_OK) {
        *out = json_pack("{s:o, s:o, s:o}", key, record, "composition", comp,
                         "now_failing", failing);
        record = NULL;
        failing = NULL;
    }
    json_decref(record);
    json_decref(failing);
    return audit_finish(s, who, "platform", id, action, rc, out, err);
}

/* The platform changed now. */
static serai_code touch(store *s, int64_t id, serai_err *err)
{
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    store_stmt *st;
    serai_code rc = store_prepare(s, "UPDATE platform SET updated_at = $2 WHERE id = $1",
                                  &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    store_bind_text(st, 2, now);
    return store_run(st, NULL, err);
}

/* finish_change for a change of member member_id: the platform touched,
 * the member's record the answer's "member". */
static serai_code finish_member_change(store *s, const actor *who, int64_t id,
                                       const char *code, const platform_rules *rules,
                                       const platform_check *before, int64_t member_id,
                                       const char *action, serai_code rc, json_t **out,
                                       serai_err *err)
{
    json_t *record = NULL;
    if (rc == SERAI_OK)
        rc = touch(s, id, err);
    if (rc == SERAI_OK)
        rc = member_json(s, who, member_id, &record, err);
    return finish_change(s, who, id, code, rules, before, true, action, "member", record,
                         rc, out, err);
}

/* Begin a change of platform id: the secretariat's, in a transaction, with
 * the rules and the check as they stand before it. */
static serai_code begin_change(store *s, const actor *who, int64_t id,
                               char code[PLATFORM_CODE_MAX + 1], platform_rules *rules,
                               platform_check *before, serai_err *err)
{
    serai_code rc = need_secretariat(who, err);
    if (rc == SERAI_OK)
        rc = store_begin(s, err);
    if (rc != SERAI_OK)
        return rc;
    if ((rc = load_rules(s, id, code, rules, err)) == SERAI_OK)
        rc = check_now(s, id, rules, before, err);
    if (rc != SERAI_OK)
        store_rollback(s);
    return rc;
}

static serai_code write_rules(store *s, int64_t id, const platform_rules *r,
                              serai_err *err)
{
    json_t *doc = platform_rules_json(r);
    char *text = json_dumps(doc, JSON_COMPACT);
    json_decref(doc);
    store_stmt *st;
    serai_code rc = store_prepare(s, "UPDATE platform SET rules = $2 WHERE id = $1", &st,
                                  err);
    if (rc == SERAI_OK) {
        store_bind_int64(st, 1, id);
        store_bind_text(st, 2, text);
        rc = store_run(st, NULL, err);
    }
    free(text);
    return rc == SERAI_OK ? touch(s, id, err) : rc;
}

serai_code platform_create(store *s, const actor *who, json_t *body, json_t **out,
                           serai_err *err)
{
    static const char *const keys[] = {"code", "kind", "name", "names", "description",
                                       "country", "rules", NULL};
    *out = NULL;
    serai_code rc = need_secretariat(who, err);
    const char *code = NULL, *kind = NULL, *name = NULL, *description = NULL,
               *country = NULL;
    json_t *names = NULL;
    platform_rules rules = {0};
    if (rc == SERAI_OK && !json_is_object(body))
        rc = serai_fail(err, SERAI_EINVAL, NULL, "the body is a platform object");
    if (rc == SERAI_OK)
        rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "code", true, PLATFORM_CODE_MAX, "", &code, err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "kind", true, 40, "", &kind, err);
    if (rc == SERAI_OK && !one_of(kind, kinds))
        rc = serai_fail(err, SERAI_EINVAL, "/kind",
                        "kind is thematic_network, joint_laboratory, "
                        "technology_transfer_centre or science_park, not \"%s\"", kind);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "name", true, PLATFORM_NAME_MAX, "", &name, err);
    if (rc == SERAI_OK)
        rc = json_get_text(body, "description", false, PLATFORM_TEXT_MAX, "",
                           &description, err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "country", false, 2, "", &country, err);
    if (rc == SERAI_OK && country && !iso_country_by_alpha2(country))
        rc = serai_fail(err, SERAI_EINVAL, "/country",
                        "country is an ISO 3166-1 alpha-2 code such as \"DE\", not \"%s\"",
                        country);
    if (rc == SERAI_OK)
        rc = json_get_lang_map(body, "names", PLATFORM_NAME_MAX, false, "", &names, err);
    json_t *rules_doc = json_object_get(body, "rules");
    if (rc == SERAI_OK && rules_doc && !json_is_null(rules_doc))
        rc = platform_rules_from_json(rules_doc, "/rules", &rules, err);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK) {
        json_decref(names);
        return rc;
    }
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    json_t *rules_json = platform_rules_json(&rules);
    char *rules_text = json_dumps(rules_json, JSON_COMPACT);
    char *names_text = json_dumps(names, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(rules_json);
    json_decref(names);
    store_stmt *st;
    int64_t id = 0;
    if ((rc = store_prepare(s, "INSERT INTO platform (code, kind, name, names, "
                               "description, country, rules, created_at, updated_at) "
                               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
                            &st, err)) == SERAI_OK) {
        store_bind_text(st, 1, code);
        store_bind_text(st, 2, kind);
        store_bind_text(st, 3, name);
        store_bind_text(st, 4, names_text);
        store_bind_text(st, 5, description ? description : "");
        store_bind_text(st, 6, country);
        store_bind_text(st, 7, rules_text);
        store_bind_text(st, 8, now);
        if ((rc = insert_id(st, &id, err)) == SERAI_ECONFLICT)
            rc = serai_fail(err, SERAI_ECONFLICT, "/code",
                            "a platform with code %s exists already", code);
    }
    free(rules_text);
    free(names_text);
    if (rc == SERAI_OK)
        rc = platform_get(s, who, id, out, err);
    return audit_finish(s, who, "platform", id, "platform.create", rc, out, err);
}

serai_code platform_rules_set(store *s, const actor *who, int64_t id, json_t *body,
                              json_t **out, serai_err *err)
{
    *out = NULL;
    platform_rules next;
    serai_code rc = need_secretariat(who, err);
    if (rc == SERAI_OK)
        rc = platform_rules_from_json(body, "", &next, err);
    char code[PLATFORM_CODE_MAX + 1];
    platform_rules old;
    platform_check before;
    if (rc != SERAI_OK || (rc = begin_change(s, who, id, code, &old, &before, err)))
        return rc;
    rc = write_rules(s, id, &next, err);
    /* The check with the new rules, a named list resolved as stored. */
    if (rc == SERAI_OK)
        rc = load_rules(s, id, code, &next, err);
    json_t *record = rc == SERAI_OK ? platform_rules_json(&next) : NULL;
    /* New rules are targets to grow towards: never refused for failing. */
    return finish_change(s, who, id, code, &next, &before, false, "platform.rules",
                         "rules", record, rc, out, err);
}

/* The registry record a new member names: its kind and country. */
static serai_code member_subject(store *s, json_t *body, int64_t *org_id,
                                 int64_t *person_id, char country[3], serai_err *err)
{
    bool has_org = false, has_person = false;
    serai_code rc = json_get_int(body, "organization_id", false, 1, INT64_MAX, "",
                                 org_id, &has_org, err);
    if (rc == SERAI_OK)
        rc = json_get_int(body, "person_id", false, 1, INT64_MAX, "", person_id,
                          &has_person, err);
    if (rc != SERAI_OK)
        return rc;
    if (has_org == has_person)
        return serai_fail(err, SERAI_EINVAL, NULL,
                          "a member is an organisation or a person: give exactly one "
                          "of organization_id and person_id");
    store_stmt *st;
    rc = store_prepare(s, has_org ? "SELECT country FROM organization WHERE id = $1"
                                  : "SELECT country FROM person WHERE id = $1",
                       &st, err);
    if (rc != SERAI_OK)
        return rc;
    if (has_org) {
        store_bind_int64(st, 1, *org_id);
        *person_id = 0;
    } else {
        store_bind_int64(st, 1, *person_id);
        *org_id = 0;
    }
    int r = store_step(st, err);
    if (r == STORE_ROW)
        snprintf(country, 3, "%s", store_col_text(st, 0));
    store_reset(st);
    if (r == STORE_ERROR)
        return err->code;
    if (r != STORE_ROW)
        return serai_fail(err, SERAI_EUNPROCESSABLE,
                          has_org ? "/organization_id" : "/person_id", "no %s %" PRId64,
                          has_org ? "organisation" : "person",
                          has_org ? *org_id : *person_id);
    return SERAI_OK;
}

/* role and group_id of body, checked against the platform: at most one
 * chair (except_member: the member being changed), the group the
 * platform's.  *has_group says whether group_id was given (null: none). */
static serai_code member_place(store *s, int64_t id, int64_t except_member, json_t *body,
                               const char **role, int64_t *group_id, bool *has_group,
                               serai_err *err)
{
    serai_code rc = json_get_string(body, "role", false, 20, "", role, err);
    if (rc == SERAI_OK && *role && !one_of(*role, roles))
        rc = serai_fail(err, SERAI_EINVAL, "/role",
                        "role is member, mc_member, mc_chair or mc_vice_chair, not \"%s\"",
                        *role);
    if (rc == SERAI_OK && *role && strcmp(*role, "mc_chair") == 0) {
        store_stmt *st;
        if ((rc = store_prepare(s, "SELECT id FROM platform_member WHERE platform_id = $1 "
                                   "AND role = 'mc_chair' AND left_on IS NULL AND id <> $2",
                                &st, err)) != SERAI_OK)
            return rc;
        store_bind_int64(st, 1, id);
        store_bind_int64(st, 2, except_member);
        int r = store_step(st, err);
        int64_t chair = r == STORE_ROW ? store_col_int64(st, 0) : 0;
        store_reset(st);
        if (r == STORE_ERROR)
            return err->code;
        if (chair)
            return serai_fail(err, SERAI_ECONFLICT, "/role",
                              "the management committee has a chair already (member "
                              "%" PRId64 "); change that member's role first", chair);
    }
    json_t *g = json_object_get(body, "group_id");
    *has_group = g != NULL;
    *group_id = 0;
    if (rc != SERAI_OK || g == NULL || json_is_null(g))
        return rc;
    if ((rc = json_get_int(body, "group_id", false, 1, INT64_MAX, "", group_id, NULL,
                           err)) != SERAI_OK)
        return rc;
    store_stmt *st;
    if ((rc = store_prepare(s, "SELECT 1 FROM platform_group WHERE id = $1 AND "
                               "platform_id = $2", &st, err)) != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, *group_id);
    store_bind_int64(st, 2, id);
    int r = store_step(st, err);
    store_reset(st);
    if (r == STORE_ERROR)
        return err->code;
    if (r != STORE_ROW)
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/group_id",
                          "platform %" PRId64 " has no working group %" PRId64, id,
                          *group_id);
    return SERAI_OK;
}

static void bind_opt_id(store_stmt *st, int idx, int64_t v)
{
    if (v)
        store_bind_int64(st, idx, v);
    else
        store_bind_null(st, idx);
}

serai_code platform_member_add(store *s, const actor *who, int64_t id, json_t *body,
                               json_t **out, serai_err *err)
{
    static const char *const keys[] = {"organization_id", "person_id", "role",
                                       "group_id", "joined_on", NULL};
    *out = NULL;
    char code[PLATFORM_CODE_MAX + 1];
    platform_rules rules;
    platform_check before;
    serai_code rc = need_secretariat(who, err);
    if (rc == SERAI_OK && !json_is_object(body))
        rc = serai_fail(err, SERAI_EINVAL, NULL, "the body is a member object");
    if (rc == SERAI_OK)
        rc = json_only_keys(body, keys, "", err);
    const char *joined = NULL;
    if (rc == SERAI_OK)
        rc = json_get_string(body, "joined_on", false, 10, "", &joined, err);
    if (rc == SERAI_OK && joined && !ident_date_valid(joined))
        rc = serai_fail(err, SERAI_EINVAL, "/joined_on",
                        "joined_on is a date YYYY-MM-DD, not \"%s\"", joined);
    if (rc != SERAI_OK || (rc = begin_change(s, who, id, code, &rules, &before, err)))
        return rc;
    int64_t org_id = 0, person_id = 0, group_id = 0, member_id = 0;
    char country[3] = "";
    const char *role = NULL;
    bool has_group;
    rc = member_subject(s, body, &org_id, &person_id, country, err);
    if (rc == SERAI_OK)
        rc = member_place(s, id, 0, body, &role, &group_id, &has_group, err);
    store_stmt *st;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "SELECT id FROM platform_member WHERE platform_id = $1 "
                               "AND left_on IS NULL AND (org_id = $2 OR person_id = $3)",
                            &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        store_bind_int64(st, 2, org_id);
        store_bind_int64(st, 3, person_id);
        int r = store_step(st, err);
        int64_t already = r == STORE_ROW ? store_col_int64(st, 0) : 0;
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code;
        else if (already)
            rc = serai_fail(err, SERAI_ECONFLICT, org_id ? "/organization_id" : "/person_id",
                            "this %s is a member of platform %s already (member %" PRId64
                            ")", org_id ? "organisation" : "person", code, already);
    }
    char today[11];
    clock_today(today);
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "INSERT INTO platform_member (platform_id, org_id, "
                               "person_id, country, role, group_id, joined_on) VALUES "
                               "($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                            &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        bind_opt_id(st, 2, org_id);
        bind_opt_id(st, 3, person_id);
        store_bind_text(st, 4, country);
        store_bind_text(st, 5, role ? role : "member");
        bind_opt_id(st, 6, group_id);
        store_bind_text(st, 7, joined ? joined : today);
        rc = insert_id(st, &member_id, err);
    }
    return finish_member_change(s, who, id, code, &rules, &before, member_id,
                                "platform.member.add", rc, out, err);
}

/* The current member member_id of platform id, else not found. */
static serai_code need_member(store *s, int64_t id, int64_t member_id, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT 1 FROM platform_member WHERE id = $1 AND "
                                     "platform_id = $2 AND left_on IS NULL", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, member_id);
    store_bind_int64(st, 2, id);
    int r = store_step(st, err);
    store_reset(st);
    if (r == STORE_ERROR)
        return err->code;
    return r == STORE_ROW ? SERAI_OK
                          : serai_fail(err, SERAI_ENOTFOUND, NULL,
                                       "platform %" PRId64 " has no current member %" PRId64,
                                       id, member_id);
}

serai_code platform_member_update(store *s, const actor *who, int64_t id,
                                  int64_t member_id, json_t *body, json_t **out,
                                  serai_err *err)
{
    static const char *const keys[] = {"role", "group_id", NULL};
    *out = NULL;
    char code[PLATFORM_CODE_MAX + 1];
    platform_rules rules;
    platform_check before;
    serai_code rc = need_secretariat(who, err);
    if (rc == SERAI_OK && !json_is_object(body))
        rc = serai_fail(err, SERAI_EINVAL, NULL,
                        "the body is {\"role\"?, \"group_id\"?}");
    if (rc == SERAI_OK)
        rc = json_only_keys(body, keys, "", err);
    if (rc != SERAI_OK || (rc = begin_change(s, who, id, code, &rules, &before, err)))
        return rc;
    const char *role = NULL;
    int64_t group_id = 0;
    bool has_group = false;
    rc = need_member(s, id, member_id, err);
    if (rc == SERAI_OK)
        rc = member_place(s, id, member_id, body, &role, &group_id, &has_group, err);
    store_stmt *st;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "UPDATE platform_member SET role = COALESCE(CAST($2 AS "
                               "TEXT), role), group_id = CASE WHEN $3 = 1 THEN CAST($4 AS BIGINT) ELSE "
                               "group_id END WHERE id = $1", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, member_id);
        store_bind_text(st, 2, role);
        store_bind_int64(st, 3, has_group ? 1 : 0);
        bind_opt_id(st, 4, group_id);
        rc = store_run(st, NULL, err);
    }
    return finish_member_change(s, who, id, code, &rules, &before, member_id,
                                "platform.member.update", rc, out, err);
}

serai_code platform_member_remove(store *s, const actor *who, int64_t id,
                                  int64_t member_id, json_t **out, serai_err *err)
{
    *out = NULL;
    char code[PLATFORM_CODE_MAX + 1];
    platform_rules rules;
    platform_check before;
    serai_code rc = begin_change(s, who, id, code, &rules, &before, err);
    if (rc != SERAI_OK)
        return rc;
    rc = need_member(s, id, member_id, err);
    char today[11];
    clock_today(today);
    store_stmt *st;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "UPDATE platform_member SET left_on = $2 WHERE id = $1",
                            &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, member_id);
        store_bind_text(st, 2, today);
        rc = store_run(st, NULL, err);
    }
    return finish_member_change(s, who, id, code, &rules, &before, member_id,
                                "platform.member.remove", rc, out, err);
}

serai_code platform_group_create(store *s, const actor *who, int64_t id, json_t *body,
                                 json_t **out, serai_err *err)
{
    static const char *const keys[] = {"name", "description", NULL};
    *out = NULL;
    const char *name = NULL, *description = NULL;
    serai_code rc = need_secretariat(who, err);
    if (rc == SERAI_OK && !json_is_object(body))
        rc = serai_fail(err, SERAI_EINVAL, NULL,
                        "the body is {\"name\", \"description\"?}");
    if (rc == SERAI_OK)
        rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "name", true, PLATFORM_NAME_MAX, "", &name, err);
    if (rc == SERAI_OK)
        rc = json_get_text(body, "description", false, PLATFORM_TEXT_MAX, "",
                           &description, err);
    char code[PLATFORM_CODE_MAX + 1];
    platform_rules rules;
    platform_check before;
    if (rc != SERAI_OK || (rc = begin_change(s, who, id, code, &rules, &before, err)))
        return rc;
    store_stmt *st;
    int64_t group_id = 0;
    if ((rc = store_prepare(s, "INSERT INTO platform_group (platform_id, name, "
                               "description) VALUES ($1, $2, $3) RETURNING id",
                            &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        store_bind_text(st, 2, name);
        store_bind_text(st, 3, description ? description : "");
        if ((rc = insert_id(st, &group_id, err)) == SERAI_ECONFLICT)
            rc = serai_fail(err, SERAI_ECONFLICT, "/name",
                            "platform %s has a working group \"%s\" already", code, name);
    }
    if (rc == SERAI_OK)
        rc = touch(s, id, err);
    if (rc == SERAI_OK)
        *out = json_pack("{s:I, s:s, s:s, s:i}", "id", (json_int_t)group_id, "name", name,
                         "description", description ? description : "", "members", 0);
    return audit_finish(s, who, "platform", id, "platform.group.create", rc, out, err);
}
