/*
 * test_platform.c -- platforms (exchange/platform.h) through the library on
 * SQLite and PostgreSQL, and their pure composition check
 * (exchange/platform_rules.h).
 *
 * The COST-like case, worked out by hand.  Rules: at least 7 countries, at
 * least 50% of them target countries (here the Inclusiveness Target
 * Countries of docs/eligibility.md), at least 3 countries on the
 * management committee.  Members, one organisation each:
 *
 *   DE FR NL (not target)  PL PT RO (target)     6 countries, 3 target
 *     min_countries: 6 < 7 fails, needed 1; target: 3 of 6 = 50% passes
 *   + ES (not target)                            7 countries, 3 target
 *     min_countries passes; target: 3 of 7 = 42.9% fails, and 1 more
 *     target country would pass (4 of 8 = 50%): now_failing names it
 *   + GR (target)                                8 countries, 4 target: 50%
 *     every rule passes
 *   enforce, then remove GR: refused, nothing written; without enforce the
 *     removal goes through and now_failing says target_country_quota.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "check.h"
#include "exchange/platform.h"
#include "exchange/platform_rules.h"
#include "registry/member.h"
#include "registry/org.h"
#include "registry/person.h"
#include "testdb.h"

static testdb tdb;
static store *s;
static actor op, observer, pub;

#define ITC                                                                    \
    "[\"AL\",\"BA\",\"BG\",\"HR\",\"CY\",\"CZ\",\"EE\",\"GE\",\"GR\",\"HU\","  \
    "\"LV\",\"LT\",\"MT\",\"MD\",\"ME\",\"MK\",\"PL\",\"PT\",\"RO\",\"RS\","   \
    "\"SK\",\"SI\",\"TR\",\"UA\"]"

static json_t *jfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static json_t *jfmt(const char *fmt, ...)
{
    char text[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);
    if (j == NULL) {
        fprintf(stderr, "bad test JSON (%s): %s\n", e.text, text);
        abort();
    }
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

static int64_t audit_records(void)
{
    audit_report rep;
    serai_err err;
    if (audit_verify(s, &rep, &err) != SERAI_OK)
        return -1;
    return rep.checked;
}

typedef serai_code (*create_fn)(store *, const actor *, json_t *, json_t **, serai_err *);

static int64_t make(create_fn fn, json_t *body)
{
    json_t *out = NULL;
    serai_err err;
    int64_t id = 0;
    if (fn(s, &op, body, &out, &err) == SERAI_OK)
        id = iget(out, "id");
    else
        fprintf(stderr, "make: %s: %s\n", err.field, err.detail);
    json_decref(out);
    json_decref(body);
    return id;
}

static int64_t org(const char *country)
{
    return make(org_create, jfmt("{\"name\":\"Institute %s\",\"type\":"
                                 "\"research_institute\",\"country\":\"%s\"}",
                                 country, country));
}

/* The rule result with this code in a composition. */
static json_t *rule_of(json_t *comp, const char *code)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(comp, "rules"), i, r)
        if (strcmp(sget(r, "code"), code) == 0)
            return r;
    return NULL;
}

static bool rule_pass(json_t *comp, const char *code)
{
    return json_is_true(json_object_get(rule_of(comp, code), "pass"));
}

static int64_t figure(json_t *comp, const char *code, const char *key)
{
    return iget(json_object_get(rule_of(comp, code), "figures"), key);
}

/* Add a member as who; expect code (and field on a failure, when not NULL,
 * with nothing written).  The answer (caller frees) or NULL. */
static json_t *join(const actor *who, int64_t platform, json_t *body, serai_code expect,
                    const char *field)
{
    int64_t before = audit_records();
    json_t *out = NULL;
    serai_err err;
    serai_code rc = platform_member_add(s, who, platform, body, &out, &err);
    json_decref(body);
    CHECK_INT(rc, expect);
    if (rc != expect)
        fprintf(stderr, "  -> %s: %s\n", err.field, err.detail);
    if (rc != SERAI_OK) {
        CHECK(out == NULL);
        CHECK_INT(audit_records(), before);
        if (field)
            CHECK_STR(err.field, field);
    }
    return out;
}

static json_t *set_rules(int64_t platform, json_t *body, serai_code expect,
                         const char *field)
{
    json_t *out = NULL;
    serai_err err;
    serai_code rc = platform_rules_set(s, &op, platform, body, &out, &err);
    json_decref(body);
    CHECK_INT(rc, expect);
    if (rc != SERAI_OK && field)
        CHECK_STR(err.field, field);
    if (rc != expect)
        fprintf(stderr, "  -> %s: %s\n", err.field, err.detail);
    return out;
}

static bool failing_names(json_t *answer, const char *code)
{
    json_t *list = json_object_get(answer, "now_failing");
    size_t i;
    json_t *c;
    json_array_foreach(list, i, c)
        if (strcmp(json_string_value(c), code) == 0)
            return true;
    return false;
}

static void world_open(void)
{
    s = testdb_open(&tdb);
    op = actor_operator();
    observer = (actor){.role = ROLE_OBSERVER};
    snprintf(observer.label, sizeof observer.label, "observer");
    pub = (actor){.role = ROLE_PUBLIC};
}

/* ---- the pure check ---- */

static void test_pure_check(void)
{
    platform_rules r;
    serai_err err;
    json_t *doc = jfmt("{\"min_countries\":3,\"max_share_per_country\":"
                       "{\"basis_points\":5000},\"min_mc_countries\":2,"
                       "\"target_country_quota\":{\"countries\":[\"KE\"],"
                       "\"basis_points\":10000}}");
    CHECK_INT(platform_rules_from_json(doc, "/rules", &r, &err), SERAI_OK);
    json_decref(doc);
    platform_seat m[] = {{"DE", true}, {"DE", false}, {"DE", false}, {"FR", true}};
    platform_check c;
    CHECK(!platform_rules_check(&r, m, 4, &c));
    CHECK_INT(c.nrules, 4);
    const platform_rule_result *x = platform_check_find(&c, "max_share_per_country");
    CHECK(x && !x->pass);
    CHECK_STR(x->country, "DE");
    CHECK_INT(x->value, 3);
    CHECK_STR(x->en, "3 of 4 members (75%) come from DE; the platform allows at most "
                     "50% per country");
    x = platform_check_find(&c, "min_mc_countries");
    CHECK(x && x->pass);
    CHECK_INT(x->value, 2);
    /* 100% target countries with non-target members: no addition helps. */
    x = platform_check_find(&c, "target_country_quota");
    CHECK(x && !x->pass);
    CHECK_INT(x->needed, -1);
    /* Exactly the limit passes: 2 of 4 members is 50%. */
    m[2].country[0] = 'N', m[2].country[1] = 'L';
    platform_rules_check(&r, m, 4, &c);
    CHECK(platform_check_find(&c, "max_share_per_country")->pass);
    /* No members: every minimum fails, the share passes. */
    platform_rules_check(&r, m, 0, &c);
    CHECK(!platform_check_find(&c, "min_countries")->pass);
    CHECK(platform_check_find(&c, "max_share_per_country")->pass);

    /* The reader: strict, naming the field. */
    static const struct {
        const char *json, *field;
    } bad[] = {
        {"{\"min_contries\":7}", ""},
        {"{\"min_countries\":0}", "/rules/min_countries"},
        {"{\"target_country_quota\":{\"countries\":[\"XX\"],\"basis_points\":5000}}",
         "/rules/target_country_quota/countries/0"},
        {"{\"target_country_quota\":{\"countries\":[\"PL\"],\"basis_points\":10001}}",
         "/rules/target_country_quota/basis_points"},
        {"{\"target_country_quota\":{\"list\":\"itc\",\"basis_points\":5000}}",
         "/rules/target_country_quota/list"},
        {"{\"target_country_quota\":{\"list\":\"Africa\",\"countries\":[\"KE\"],"
         "\"basis_points\":5000}}", "/rules/target_country_quota"},
        {"{\"max_share_per_country\":{}}", "/rules/max_share_per_country/basis_points"},
        {"{\"enforce\":\"yes\"}", "/rules/enforce"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *d = jfmt("%s", bad[i].json);
        CHECK_INT(platform_rules_from_json(d, "/rules", &r, &err), SERAI_EINVAL);
        if (bad[i].field[0])
            CHECK_STR(err.field, bad[i].field);
        json_decref(d);
    }
    /* A region as the named list. */
    elig_country_set africa;
    CHECK(platform_region_countries("Africa", &africa));
    CHECK(africa.n > 50);
    CHECK(!platform_list_known("Atlantis"));
}

/* ---- the COST-like case, through the store ---- */

static void test_cost_network(void)
{
    static const char *const first[] = {"DE", "FR", "NL", "PL", "PT", "RO"};
    int64_t orgs[6];
    for (int i = 0; i < 6; i++)
        orgs[i] = org(first[i]);
    int64_t es = org("ES"), gr = org("GR");

    /* Refusals on create. */
    json_t *out = NULL;
    serai_err err;
    json_t *b = jfmt("{\"code\":\"X\",\"kind\":\"club\",\"name\":\"X\"}");
    CHECK_INT(platform_create(s, &op, b, &out, &err), SERAI_EINVAL);
    CHECK_STR(err.field, "/kind");
    CHECK_INT(platform_create(s, &observer, b, &out, &err), SERAI_EFORBIDDEN);
    CHECK_INT(platform_create(s, &pub, b, &out, &err), SERAI_EUNAUTH);
    json_decref(b);
    b = jfmt("{\"code\":\"X\",\"kind\":\"thematic_network\",\"name\":\"X\","
             "\"rules\":{\"min_countries\":\"seven\"}}");
    CHECK_INT(platform_create(s, &op, b, &out, &err), SERAI_EINVAL);
    CHECK_STR(err.field, "/rules/min_countries");
    json_decref(b);

    int64_t p = make(platform_create,
                     jfmt("{\"code\":\"CA-PLAT\",\"kind\":\"thematic_network\","
                          "\"name\":\"Groundwater network\",\"names\":{\"zh\":\"地下水网络\"},"
                          "\"rules\":{\"min_countries\":7,\"min_mc_countries\":3,"
                          "\"target_country_quota\":{\"countries\":" ITC
                          ",\"basis_points\":5000}}}"));
    CHECK(p > 0);
    b = jfmt("{\"code\":\"CA-PLAT\",\"kind\":\"science_park\",\"name\":\"Again\"}");
    CHECK_INT(platform_create(s, &op, b, &out, &err), SERAI_ECONFLICT);
    CHECK_STR(err.field, "/code");
    json_decref(b);

    /* Six countries: min_countries fails with its figures. */
    json_t *ans = NULL;
    for (int i = 0; i < 6; i++) {
        json_decref(ans);
        ans = join(&op, p, jfmt("{\"organization_id\":%" PRId64 ",\"role\":\"%s\"}",
                                orgs[i], i == 0 ? "mc_chair" : i < 3 ? "mc_member"
                                                                     : "member"),
                   SERAI_OK, NULL);
    }
    json_t *comp = json_object_get(ans, "composition");
    CHECK(!json_is_true(json_object_get(comp, "passes")));
    CHECK(!rule_pass(comp, "min_countries"));
    CHECK_INT(figure(comp, "min_countries", "countries"), 6);
    CHECK_INT(figure(comp, "min_countries", "min"), 7);
    CHECK_INT(figure(comp, "min_countries", "needed"), 1);
    CHECK_STR(sget(rule_of(comp, "min_countries"), "en"),
              "The members come from 6 countries; the platform requires at least 7");
    CHECK(rule_pass(comp, "target_country_quota"));
    CHECK_STR(sget(rule_of(comp, "target_country_quota"), "en"),
              "3 of 6 countries (50%) are target countries; the platform requires at "
              "least 50%");
    CHECK(rule_pass(comp, "min_mc_countries"));
    CHECK_INT(iget(comp, "countries"), 6);
    CHECK_STR(sget(json_object_get(ans, "member"), "country"), "RO");
    json_decref(ans);

    /* A second chair, the same organisation again: refused, nothing written. */
    json_decref(join(&op, p, jfmt("{\"organization_id\":%" PRId64 ",\"role\":\"mc_chair\"}",
                                  es), SERAI_ECONFLICT, "/role"));
    json_decref(join(&op, p, jfmt("{\"organization_id\":%" PRId64 "}", orgs[1]),
                     SERAI_ECONFLICT, "/organization_id"));
    json_decref(join(&op, p, jfmt("{\"organization_id\":%" PRId64 ",\"person_id\":1}",
                                  es), SERAI_EINVAL, NULL));
    json_decref(join(&op, p, jfmt("{\"organization_id\":999999}"), SERAI_EUNPROCESSABLE,
                     "/organization_id"));
    json_decref(join(&op, p, jfmt("{\"organization_id\":%" PRId64 ",\"role\":\"boss\"}",
                                  es), SERAI_EINVAL, "/role"));
    json_decref(join(&observer, p, jfmt("{\"organization_id\":%" PRId64 "}", es),
                     SERAI_EFORBIDDEN, NULL));

    /* A seventh country, not a target one: 3 of 7 fails the quota. */
    ans = join(&op, p, jfmt("{\"organization_id\":%" PRId64 "}", es), SERAI_OK, NULL);
    comp = json_object_get(ans, "composition");
    CHECK(rule_pass(comp, "min_countries"));
    CHECK(!rule_pass(comp, "target_country_quota"));
    CHECK_INT(figure(comp, "target_country_quota", "target_countries"), 3);
    CHECK_INT(figure(comp, "target_country_quota", "countries"), 7);
    CHECK_INT(figure(comp, "target_country_quota", "needed"), 1);
    CHECK_STR(sget(rule_of(comp, "target_country_quota"), "en"),
              "3 of 7 countries (42.9%) are target countries; the platform requires at "
              "least 50%; 1 more from target countries would pass");
    CHECK(failing_names(ans, "target_country_quota"));
    CHECK_INT(json_array_size(json_object_get(ans, "now_failing")), 1);
    json_decref(ans);

    /* An eighth, from a target country: everything passes. */
    ans = join(&op, p, jfmt("{\"organization_id\":%" PRId64 "}", gr), SERAI_OK, NULL);
    comp = json_object_get(ans, "composition");
    CHECK(json_is_true(json_object_get(comp, "passes")));
    CHECK_INT(json_array_size(json_object_get(ans, "now_failing")), 0);
    int64_t gr_member = iget(json_object_get(ans, "member"), "id");
    json_decref(ans);

    /* Enforced: removing GR would break the quota, so it is refused. */
    json_decref(set_rules(p, jfmt("{\"enforce\":true,\"min_countries\":7,"
                                  "\"min_mc_countries\":3,\"target_country_quota\":"
                                  "{\"countries\":" ITC ",\"basis_points\":5000}}"),
                          SERAI_OK, NULL));
    int64_t before = audit_records();
    out = NULL;
    CHECK_INT(platform_member_remove(s, &op, p, gr_member, &out, &err), SERAI_ECONFLICT);
    CHECK(out == NULL);
    CHECK(strstr(err.detail, "target_country_quota: 3 of 7 countries (42.9%)") != NULL);
    CHECK_INT(audit_records(), before);
    /* Enforced too: a non-target country that lowers the share below 50%. */
    json_decref(join(&op, p, jfmt("{\"organization_id\":%" PRId64 "}", org("IT")),
                     SERAI_ECONFLICT, NULL));

    /* Not enforced: the removal is made and the answer says what fails. */
    ans = set_rules(p, jfmt("{\"min_countries\":7,\"min_mc_countries\":3,"
                            "\"target_country_quota\":{\"countries\":" ITC
                            ",\"basis_points\":5000}}"), SERAI_OK, NULL);
    CHECK(!json_is_true(json_object_get(json_object_get(ans, "composition"), "enforce")));
    json_decref(ans);
    CHECK_INT(platform_member_remove(s, &op, p, gr_member, &out, &err), SERAI_OK);
    CHECK(failing_names(out, "target_country_quota"));
    CHECK_STR(sget(json_object_get(out, "member"), "left_on") ? "left" : "", "left");
    json_decref(out);
    CHECK_INT(platform_member_remove(s, &op, p, gr_member, &out, &err), SERAI_ENOTFOUND);
    /* Back in again (a new membership row). */
    json_decref(join(&op, p, jfmt("{\"organization_id\":%" PRId64 "}", gr), SERAI_OK,
                     NULL));

    /* Working groups; the committee. */
    out = NULL;
    b = jfmt("{\"name\":\"WG1 Monitoring\"}");
    CHECK_INT(platform_group_create(s, &op, p, b, &out, &err), SERAI_OK);
    int64_t wg1 = iget(out, "id");
    json_decref(out);
    CHECK_INT(platform_group_create(s, &op, p, b, &out, &err), SERAI_ECONFLICT);
    json_decref(b);
    json_t *list = NULL;
    CHECK_INT(platform_get(s, &pub, p, &list, &err), SERAI_OK);
    int64_t first_member = iget(json_array_get(json_object_get(list, "members"), 0), "id");
    CHECK_INT(json_array_size(json_object_get(list, "members")), 8);
    CHECK_INT(json_array_size(json_object_get(list, "groups")), 1);
    CHECK_STR(sget(json_object_get(list, "names"), "zh"), "地下水网络");
    json_decref(list);
    b = jfmt("{\"group_id\":%" PRId64 ",\"role\":\"mc_vice_chair\"}", wg1);
    CHECK_INT(platform_member_update(s, &op, p, first_member, b, &out, &err), SERAI_OK);
    json_decref(b);
    CHECK_STR(sget(json_object_get(out, "member"), "group"), "WG1 Monitoring");
    CHECK_STR(sget(json_object_get(out, "member"), "role"), "mc_vice_chair");
    json_decref(out);
    b = jfmt("{\"group_id\":999999}");
    CHECK_INT(platform_member_update(s, &op, p, first_member, b, &out, &err),
              SERAI_EUNPROCESSABLE);
    CHECK_STR(err.field, "/group_id");
    json_decref(b);
    /* The chair has gone to vice chair: another member may chair now. */
    b = jfmt("{\"role\":\"mc_chair\"}");
    int64_t second_member = first_member + 1;
    CHECK_INT(platform_member_update(s, &op, p, second_member, b, &out, &err), SERAI_OK);
    json_decref(out);
    json_decref(b);

    /* GET .../composition: by country, the committee counted. */
    CHECK_INT(platform_composition(s, &pub, p, &comp, &err), SERAI_OK);
    CHECK_INT(iget(comp, "members"), 8);
    CHECK_INT(iget(comp, "countries"), 8);
    CHECK(json_is_true(json_object_get(comp, "passes")));
    json_decref(comp);
    CHECK_INT(platform_composition(s, &pub, 999999, &comp, &err), SERAI_ENOTFOUND);
}

/* People as members; a named list from the registry; the list. */
static void test_people_and_lists(void)
{
    serai_err err;
    json_t *out = NULL;
    for (const char *const *cc = (const char *const[]){"KE", "NG", NULL}; *cc; cc++) {
        json_t *b = jfmt("{\"country\":\"%s\",\"status\":\"member\",\"since\":"
                         "\"2015-01-01\",\"dues\":\"paid\"}", *cc);
        CHECK_INT(member_create(s, &op, b, &out, &err), SERAI_OK);
        json_decref(b);
        json_decref(out);
    }
    int64_t p = make(platform_create,
                     jfmt("{\"code\":\"CA-LAB\",\"kind\":\"joint_laboratory\","
                          "\"name\":\"Joint lab\",\"country\":\"KE\",\"rules\":"
                          "{\"target_country_quota\":{\"list\":\"member_countries\","
                          "\"basis_points\":6000}}}"));
    int64_t wang = make(person_create, jfmt("{\"name\":\"Wang Fang\",\"country\":\"CN\"}"));
    int64_t ali = make(person_create, jfmt("{\"name\":\"Ali Musa\",\"country\":\"NG\"}"));
    json_t *ans = join(&op, p, jfmt("{\"person_id\":%" PRId64 ",\"joined_on\":"
                                    "\"2026-01-15\"}", wang), SERAI_OK, NULL);
    json_t *m = json_object_get(ans, "member");
    CHECK_STR(sget(m, "kind"), "person");
    CHECK_STR(sget(m, "country"), "CN");
    CHECK_STR(sget(m, "name"), "Wang Fang");
    CHECK_STR(sget(m, "joined_on"), "2026-01-15");
    json_t *comp = json_object_get(ans, "composition");
    CHECK(!rule_pass(comp, "target_country_quota"));
    CHECK_INT(json_array_size(json_object_get(comp, "target_countries")), 2);
    json_decref(ans);
    json_decref(join(&op, p, jfmt("{\"person_id\":%" PRId64 ",\"joined_on\":\"2026-02-30\"}",
                                  ali), SERAI_EINVAL, "/joined_on"));
    ans = join(&op, p, jfmt("{\"person_id\":%" PRId64 "}", ali), SERAI_OK, NULL);
    /* 1 of 2 countries = 50% < 60%; one more target country: 2 of 3 = 66.7%. */
    comp = json_object_get(ans, "composition");
    CHECK_INT(figure(comp, "target_country_quota", "needed"), 1);
    json_decref(ans);

    /* People's names: secretariat and observers only. */
    CHECK_INT(platform_get(s, &pub, p, &out, &err), SERAI_OK);
    m = json_array_get(json_object_get(out, "members"), 0);
    CHECK(json_is_null(json_object_get(m, "name")));
    CHECK_INT(iget(m, "person_id"), wang);
    CHECK_STR(sget(json_object_get(json_object_get(out, "rules"), "target_country_quota"),
                   "list"), "member_countries");
    json_decref(out);
    CHECK_INT(platform_get(s, &observer, p, &out, &err), SERAI_OK);
    m = json_array_get(json_object_get(out, "members"), 0);
    CHECK_STR(sget(m, "name"), "Wang Fang");
    json_decref(out);

    /* The list: paged, filtered by kind. */
    page pg = {.limit = 1, .after = 0};
    CHECK_INT(platform_list(s, &pub, &pg, NULL, &out, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "items")), 1);
    CHECK(!json_is_null(json_object_get(out, "next")));
    json_decref(out);
    pg.limit = 50;
    CHECK_INT(platform_list(s, &pub, &pg, "joint_laboratory", &out, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "items")), 1);
    json_t *item = json_array_get(json_object_get(out, "items"), 0);
    CHECK_STR(sget(item, "code"), "CA-LAB");
    CHECK_INT(iget(item, "members"), 2);
    CHECK(json_is_false(json_object_get(item, "passes")));
    json_decref(out);
    CHECK_INT(platform_list(s, &pub, &pg, "club", &out, &err), SERAI_EINVAL);
}

int main(void)
{
    world_open();
    RUN(test_pure_check);
    RUN(test_cost_network);
    RUN(test_people_and_lists);
    testdb_close(&tdb);
    return check_report();
}
