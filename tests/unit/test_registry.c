/*
 * test_registry.c -- organisations, people and memberships through the
 * library: validation with field pointers, per-object access, cycles,
 * pagination, and all-or-nothing imports.
 */
#include "audit/audit.h"
#include "check.h"
#include "registry/member.h"
#include "registry/org.h"
#include "registry/person.h"
#include "testdb.h"

static json_t *parse(const char *text)
{
    json_t *j = json_loads(text, 0, NULL);
    if (j == NULL)
        fprintf(stderr, "bad test JSON: %s\n", text);
    return j;
}

/* Create an organisation from JSON text; returns its id or 0, with err. */
static int64_t org_from(store *s, const char *text, serai_err *err)
{
    actor op = actor_operator();
    json_t *body = parse(text), *out = NULL;
    int64_t id = 0;
    if (org_create(s, &op, body, &out, err) == SERAI_OK)
        id = json_integer_value(json_object_get(out, "id"));
    json_decref(body);
    json_decref(out);
    return id;
}

static void test_org_create_and_names(void)
{
    testdb t;
    store *s = testdb_open(&t);
    serai_err err;
    actor op = actor_operator();
    json_t *body = parse("{\"name\":\"北京大学\",\"name_lang\":\"zh\","
                         "\"names\":{\"en\":\"Peking University\"},"
                         "\"type\":\"university\",\"country\":\"CN\","
                         "\"ror\":\"https://ror.org/02V51F717\"}");
    json_t *out;
    CHECK_INT(org_create(s, &op, body, &out, &err), SERAI_OK);
    CHECK_STR(json_string_value(json_object_get(out, "ror")), "02v51f717");
    json_t *names = json_object_get(out, "names");
    CHECK_STR(json_string_value(json_object_get(names, "zh")), "北京大学");
    CHECK_STR(json_string_value(json_object_get(names, "en")), "Peking University");
    json_decref(out);
    json_decref(body);
    /* An authoritative-language variant that disagrees with name. */
    org_from(s, "{\"name\":\"A\",\"names\":{\"en\":\"B\"},\"type\":\"ngo\","
                "\"country\":\"KE\"}", &err);
    CHECK_INT(err.code, SERAI_EUNPROCESSABLE);
    CHECK_STR(err.field, "/names/en");
    testdb_close(&t);
}

static void test_org_validation_pointers(void)
{
    testdb t;
    store *s = testdb_open(&t);
    serai_err err;
    static const struct {
        const char *body;
        serai_code code;
        const char *field;
    } cases[] = {
        {"{\"type\":\"ngo\",\"country\":\"KE\"}", SERAI_EINVAL, "/name"},
        {"{\"name\":\"X\",\"type\":\"ngo\",\"country\":\"KE\",\"colour\":1}",
         SERAI_EINVAL, "/colour"},
        {"{\"name\":5,\"type\":\"ngo\",\"country\":\"KE\"}", SERAI_EINVAL, "/name"},
        {"{\"name\":\"X\",\"type\":\"club\",\"country\":\"KE\"}",
         SERAI_EUNPROCESSABLE, "/type"},
        {"{\"name\":\"X\",\"type\":\"ngo\",\"country\":\"XX\"}",
         SERAI_EUNPROCESSABLE, "/country"},
        {"{\"name\":\"X\",\"type\":\"ngo\",\"country\":\"ke\"}",
         SERAI_EUNPROCESSABLE, "/country"},
        {"{\"name\":\"X\",\"type\":\"ngo\",\"country\":\"KE\",\"ror\":\"02v51f718\"}",
         SERAI_EUNPROCESSABLE, "/ror"},
        {"{\"name\":\"X\",\"type\":\"sme\",\"country\":\"KE\"}",
         SERAI_EUNPROCESSABLE, "/sme_evidence"},
        {"{\"name\":\"X\",\"type\":\"university\",\"country\":\"KE\",\"sme\":true,"
         "\"sme_evidence\":\"e\"}", SERAI_EUNPROCESSABLE, "/sme"},
        {"{\"name\":\"X\",\"type\":\"ngo\",\"country\":\"KE\",\"website\":\"ftp://x\"}",
         SERAI_EUNPROCESSABLE, "/website"},
        {"{\"name\":\"X\",\"type\":\"ngo\",\"country\":\"KE\",\"names\":{\"xx\":\"Y\"}}",
         SERAI_EUNPROCESSABLE, "/names/xx"},
        {"{\"name\":\"X\",\"type\":\"ngo\",\"country\":\"KE\",\"parent_id\":99}",
         SERAI_EUNPROCESSABLE, "/parent_id"},
        {"{\"name\":\"X\",\"type\":\"ngo\",\"country\":\"KE\",\"parent_id\":-1}",
         SERAI_EINVAL, "/parent_id"},
        {"{\"name\":\"a\\u0001b\",\"type\":\"ngo\",\"country\":\"KE\"}",
         SERAI_EINVAL, "/name"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        serai_err_clear(&err);
        CHECK_INT(org_from(s, cases[i].body, &err), 0);
        CHECK_INT(err.code, cases[i].code);
        CHECK_STR(err.field, cases[i].field);
        if (strcmp(err.field, cases[i].field) != 0)
            fprintf(stderr, "  case %zu: %s\n", i, err.detail);
    }
    /* nothing half-written: no rows, only... no audit records either */
    audit_report rep;
    CHECK_INT(audit_verify(s, &rep, &err), SERAI_OK);
    CHECK_INT(rep.checked, 0);
    testdb_close(&t);
}

static void test_org_duplicates_parents_cycles(void)
{
    testdb t;
    store *s = testdb_open(&t);
    serai_err err;
    actor op = actor_operator();
    int64_t a = org_from(s, "{\"name\":\"A\",\"type\":\"university\","
                            "\"country\":\"KE\",\"ror\":\"05dxps055\"}", &err);
    CHECK(a > 0);
    CHECK_INT(org_from(s, "{\"name\":\"A2\",\"type\":\"university\","
                          "\"country\":\"KE\",\"ror\":\"05dxps055\"}", &err), 0);
    CHECK_INT(err.code, SERAI_ECONFLICT);
    CHECK_STR(err.field, "/ror");
    char text[200];
    snprintf(text, sizeof text, "{\"name\":\"B\",\"type\":\"research_institute\","
             "\"country\":\"KE\",\"parent_id\":%lld}", (long long)a);
    int64_t b = org_from(s, text, &err);
    CHECK(b > a);
    /* A under B would close a cycle A -> B -> A */
    snprintf(text, sizeof text, "{\"parent_id\":%lld}", (long long)b);
    json_t *patch = parse(text), *out = NULL;
    CHECK_INT(org_update(s, &op, a, patch, &out, &err), SERAI_EUNPROCESSABLE);
    CHECK_STR(err.field, "/parent_id");
    json_decref(patch);
    /* its own parent */
    snprintf(text, sizeof text, "{\"parent_id\":%lld}", (long long)a);
    patch = parse(text);
    CHECK_INT(org_update(s, &op, a, patch, &out, &err), SERAI_EUNPROCESSABLE);
    json_decref(patch);
    /* a good patch keeps the other fields and replaces the old name */
    patch = parse("{\"name\":\"A renamed\",\"website\":\"https://a.example\"}");
    CHECK_INT(org_update(s, &op, a, patch, &out, &err), SERAI_OK);
    CHECK_STR(json_string_value(json_object_get(out, "ror")), "05dxps055");
    CHECK_STR(json_string_value(json_object_get(out, "name")), "A renamed");
    CHECK_STR(json_string_value(json_object_get(json_object_get(out, "names"), "en")),
              "A renamed");
    json_decref(out);
    json_decref(patch);
    patch = parse("{}");
    CHECK_INT(org_update(s, &op, 12345, patch, &out, &err), SERAI_ENOTFOUND);
    json_decref(patch);
    actor pub = actor_public();
    patch = parse("{\"name\":\"X\"}");
    CHECK_INT(org_update(s, &pub, a, patch, &out, &err), SERAI_EFORBIDDEN);
    json_decref(patch);
    testdb_close(&t);
}

static void test_org_list_filters_and_pages(void)
{
    testdb t;
    store *s = testdb_open(&t);
    serai_err err;
    const char *countries[] = {"KE", "CN", "KE", "BR", "KE"};
    const char *types[] = {"university", "sme", "ngo", "university", "university"};
    for (int i = 0; i < 5; i++) {
        char text[300];
        snprintf(text, sizeof text,
                 "{\"name\":\"Org %d 100%%_done\",\"type\":\"%s\",\"country\":\"%s\"%s}",
                 i, types[i], countries[i],
                 strcmp(types[i], "sme") == 0
                     ? ",\"sme_evidence\":\"42 staff, EUR 5m turnover (2025)\""
                     : "");
        CHECK(org_from(s, text, &err) > 0);
    }
    actor pub = actor_public();
    org_filter f = {.country = "KE", .type = "university", .page = {1, 0}};
    json_t *out;
    CHECK_INT(org_list(s, &pub, &f, &out, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "items")), 1);
    const char *next = json_string_value(json_object_get(out, "next"));
    CHECK(next != NULL);
    int64_t after = 0;
    CHECK(next && parse_id(next, &after));
    json_decref(out);
    f.page.after = after;
    CHECK_INT(org_list(s, &pub, &f, &out, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "items")), 1);
    CHECK(json_is_null(json_object_get(out, "next")));
    json_decref(out);
    org_filter q = {.q = "%_done", .page = {50, 0}};
    CHECK_INT(org_list(s, &pub, &q, &out, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "items")), 5);
    json_decref(out);
    org_filter q2 = {.q = "x%", .page = {50, 0}};
    CHECK_INT(org_list(s, &pub, &q2, &out, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "items")), 0);
    json_decref(out);
    /* q searches names, not the JSON they are stored in */
    org_filter q3 = {.q = "\"en\"", .page = {50, 0}};
    CHECK_INT(org_list(s, &pub, &q3, &out, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "items")), 0);
    json_decref(out);
    /* case-insensitive beyond ASCII */
    CHECK(org_from(s, "{\"name\":\"Московский университет\",\"name_lang\":\"ru\","
                      "\"names\":{\"en\":\"Moscow University\"},"
                      "\"type\":\"university\",\"country\":\"RU\"}", &err) > 0);
    org_filter q4 = {.q = "МОСКОВСКИЙ", .page = {50, 0}};
    CHECK_INT(org_list(s, &pub, &q4, &out, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "items")), 1);
    json_decref(out);
    org_filter q5 = {.q = "moscow UNIV", .page = {50, 0}};
    CHECK_INT(org_list(s, &pub, &q5, &out, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "items")), 1);
    json_decref(out);
    org_filter bad = {.type = "club", .page = {50, 0}};
    CHECK_INT(org_list(s, &pub, &bad, &out, &err), SERAI_EINVAL);
    CHECK_STR(err.field, "?type");
    testdb_close(&t);
}

static void test_org_import_all_or_nothing(void)
{
    testdb t;
    store *s = testdb_open(&t);
    serai_err err;
    actor op = actor_operator();
    import_report rep;
    const char bad[] =
        "name,type,country,ror,parent_ror,name_zh,sme,sme_evidence\n"
        "Good U,university,KE,05dxps055,,,,\n"
        "\"Bad, Country\",university,XX,,,,,\n"
        "Dup,university,KE,05dxps055,,,,\n"
        "Child,research_institute,KE,,05dxps055,,,\n"
        "Orphan,ngo,KE,,00f54p054,,,\n"
        "Maybe SME,enterprise,CN,,,示例,perhaps,\n";
    CHECK_INT(org_import_csv(s, &op, bad, sizeof bad - 1, &rep, NULL, NULL, &err),
              SERAI_EUNPROCESSABLE);
    CHECK_INT(rep.rows, 6);
    CHECK_INT(rep.imported, 0);
    CHECK_INT(rep.total_errors, 4);
    long lines[] = {3, 4, 6, 7};
    const char *cols[] = {"country", "ror", "parent_ror", "sme"};
    for (size_t i = 0; i < 4 && i < rep.listed; i++) {
        bool found = false;
        for (size_t k = 0; k < rep.listed; k++)
            if (rep.errors[k].line == lines[i] &&
                strcmp(rep.errors[k].column, cols[i]) == 0)
                found = true;
        CHECK(found);
        if (!found)
            fprintf(stderr, "  missing error line %ld column %s\n", lines[i], cols[i]);
    }
    import_report_free(&rep);
    org_filter all = {.page = {50, 0}};
    json_t *out;
    CHECK_INT(org_list(s, &op, &all, &out, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "items")), 0);
    json_decref(out);

    const char good[] =
        "\xEF\xBB\xBFname,type,country,ror,parent_ror,name_zh\r\n"
        "Good U,university,KE,05dxps055,,\r\n"
        "Child,research_institute,KE,,05dxps055,\r\n"
        "\"Tsinghua University\",university,CN,03cve4549,,清华大学\r\n";
    CHECK_INT(org_import_csv(s, &op, good, sizeof good - 1, &rep, NULL, NULL, &err),
              SERAI_OK);
    CHECK_INT(rep.imported, 3);
    CHECK_INT(rep.last_id - rep.first_id, 2);
    import_report_free(&rep);
    json_t *child;
    CHECK_INT(org_get(s, &op, 2, &child, &err), SERAI_OK);
    CHECK_INT(json_integer_value(json_object_get(child, "parent_id")), 1);
    json_decref(child);
    /* header problems */
    const char hdr[] = "name,kind,country\nX,ngo,KE\n";
    CHECK_INT(org_import_csv(s, &op, hdr, sizeof hdr - 1, &rep, NULL, NULL, &err),
              SERAI_EUNPROCESSABLE);
    CHECK(rep.listed >= 2); /* unknown "kind", missing "type" */
    import_report_free(&rep);
    actor pub = actor_public();
    CHECK_INT(org_import_csv(s, &pub, good, sizeof good - 1, &rep, NULL, NULL, &err),
              SERAI_EFORBIDDEN);
    testdb_close(&t);
}

static void test_person_access_and_validation(void)
{
    testdb t;
    store *s = testdb_open(&t);
    serai_err err;
    actor op = actor_operator();
    int64_t org = org_from(s, "{\"name\":\"U\",\"type\":\"university\","
                              "\"country\":\"KE\"}", &err);
    char text[600];
    snprintf(text, sizeof text,
             "{\"name\":\"Amina Wanjiru\",\"orcid\":\"https://orcid.org/0000-0002-1694-233x\","
             "\"country\":\"KE\",\"languages\":[\"sw\",\"en\"],"
             "\"keywords\":[\"groundwater\",\"isotopes\"],\"expertise\":\"Recharge.\","
             "\"affiliations\":[{\"organization_id\":%lld,\"role\":\"lecturer\","
             "\"start\":\"2019-09-01\"}],"
             "\"publications\":[{\"title\":\"Recharge in arid basins\",\"year\":2022}]}",
             (long long)org);
    json_t *body = parse(text), *p1;
    CHECK_INT(person_create(s, &op, body, &p1, &err), SERAI_OK);
    json_decref(body);
    CHECK_STR(json_string_value(json_object_get(p1, "orcid")), "0000-0002-1694-233X");
    CHECK_INT(json_array_size(json_object_get(p1, "affiliations")), 1);
    CHECK_INT(json_array_size(json_object_get(p1, "publications")), 1);
    int64_t id1 = json_integer_value(json_object_get(p1, "id"));
    json_decref(p1);

    static const struct {
        const char *body;
        serai_code code;
        const char *field;
    } bad[] = {
        {"{\"name\":\"X\",\"country\":\"KE\",\"orcid\":\"0000-0002-1694-2331\"}",
         SERAI_EUNPROCESSABLE, "/orcid"},
        {"{\"name\":\"X\",\"country\":\"KE\",\"orcid\":\"0000-0002-1694-233X\"}",
         SERAI_ECONFLICT, "/orcid"},
        {"{\"name\":\"X\",\"country\":\"KE\",\"languages\":[\"sw\",\"sw\"]}",
         SERAI_EUNPROCESSABLE, "/languages/1"},
        {"{\"name\":\"X\",\"country\":\"KE\",\"languages\":[\"swahili\"]}",
         SERAI_EINVAL, "/languages/0"},
        {"{\"name\":\"X\",\"country\":\"KE\",\"email\":\"not-an-address\"}",
         SERAI_EUNPROCESSABLE, "/email"},
        {"{\"name\":\"X\",\"country\":\"KE\",\"affiliations\":[{\"organization_id\":77}]}",
         SERAI_EUNPROCESSABLE, "/affiliations/0/organization_id"},
        {"{\"name\":\"X\",\"country\":\"KE\",\"affiliations\":[{\"organization_id\":1,"
         "\"start\":\"2020-02-30\"}]}", SERAI_EUNPROCESSABLE, "/affiliations/0/start"},
        {"{\"name\":\"X\",\"country\":\"KE\",\"publications\":[{\"year\":2020}]}",
         SERAI_EINVAL, "/publications/0/title"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *b = parse(bad[i].body), *out = NULL;
        CHECK_INT(person_create(s, &op, b, &out, &err), bad[i].code);
        CHECK_STR(err.field, bad[i].field);
        json_decref(b);
    }
    /* per-object access */
    actor self = {.role = ROLE_APPLICANT, .person_id = id1};
    snprintf(self.label, sizeof self.label, "account:9");
    actor other = {.role = ROLE_REVIEWER, .person_id = id1 + 100};
    actor observer = {.role = ROLE_OBSERVER};
    actor pub = actor_public();
    json_t *out = NULL;
    CHECK_INT(person_get(s, &self, id1, &out, &err), SERAI_OK);
    json_decref(out);
    CHECK_INT(person_get(s, &other, id1, &out, &err), SERAI_EFORBIDDEN);
    CHECK_INT(person_get(s, &pub, id1, &out, &err), SERAI_EUNAUTH);
    CHECK_INT(person_get(s, &observer, id1, &out, &err), SERAI_OK);
    json_decref(out);
    person_filter f = {.page = {50, 0}};
    CHECK_INT(person_list(s, &self, &f, &out, &err), SERAI_EFORBIDDEN);
    CHECK_INT(person_list(s, &observer, &f, &out, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "items")), 1);
    json_decref(out);
    /* the person edits their own profile; lists are replaced whole */
    json_t *patch = parse("{\"keywords\":[\"aquifers\"]}");
    CHECK_INT(person_update(s, &self, id1, patch, &out, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "keywords")), 1);
    CHECK_INT(json_array_size(json_object_get(out, "affiliations")), 1);
    json_decref(out);
    CHECK_INT(person_update(s, &other, id1, patch, &out, &err), SERAI_EFORBIDDEN);
    json_decref(patch);
    person_filter byorg = {.organization_id = org, .page = {50, 0}};
    CHECK_INT(person_list(s, &op, &byorg, &out, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "items")), 1);
    json_decref(out);
    testdb_close(&t);
}

static void test_person_import(void)
{
    testdb t;
    store *s = testdb_open(&t);
    serai_err err;
    actor op = actor_operator();
    CHECK(org_from(s, "{\"name\":\"U\",\"type\":\"university\",\"country\":\"KE\","
                      "\"ror\":\"05dxps055\"}", &err) > 0);
    import_report rep;
    const char bad[] =
        "name,country,orcid,languages,keywords,affiliation_ror,affiliation_role\n"
        "A,KE,0000-0002-1825-0097,en;sw,water;soil,05dxps055,lecturer\n"
        "B,KE,0000-0002-1825-0097,,,,\n"
        "C,KE,0000-0002-1825-0098,,,,\n"
        "D,KE,,,,00f54p054,\n"
        "E,KE,,,,,professor\n";
    CHECK_INT(person_import_csv(s, &op, bad, sizeof bad - 1, &rep, NULL, NULL, &err),
              SERAI_EUNPROCESSABLE);
    CHECK_INT(rep.total_errors, 4);
    import_report_free(&rep);
    const char good[] =
        "name,country,orcid,languages,keywords,affiliation_ror,affiliation_role\n"
        "A,KE,0000-0002-1825-0097,en;sw,water;soil,05dxps055,lecturer\n"
        "B,CN,,zh,,,\n";
    CHECK_INT(person_import_csv(s, &op, good, sizeof good - 1, &rep, NULL, NULL, &err),
              SERAI_OK);
    CHECK_INT(rep.imported, 2);
    import_report_free(&rep);
    json_t *a;
    CHECK_INT(person_get(s, &op, 1, &a, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(a, "languages")), 2);
    CHECK_INT(json_integer_value(json_object_get(
                  json_array_get(json_object_get(a, "affiliations"), 0),
                  "organization_id")), 1);
    json_decref(a);
    /* the ORCID is now registered: importing it again fails */
    CHECK_INT(person_import_csv(s, &op, good, sizeof good - 1, &rep, NULL, NULL, &err),
              SERAI_EUNPROCESSABLE);
    CHECK(rep.listed >= 1 && strstr(rep.errors[0].reason, "already registered"));
    import_report_free(&rep);
    testdb_close(&t);
}

static void test_memberships(void)
{
    testdb t;
    store *s = testdb_open(&t);
    serai_err err;
    actor op = actor_operator();
    json_t *b = parse("{\"country\":\"KE\",\"status\":\"member\",\"since\":\"2019-04-25\","
                      "\"dues\":\"paid\"}"), *out;
    CHECK_INT(member_create(s, &op, b, &out, &err), SERAI_OK);
    int64_t id = json_integer_value(json_object_get(out, "id"));
    json_decref(out);
    CHECK_INT(member_create(s, &op, b, &out, &err), SERAI_ECONFLICT);
    CHECK_STR(err.field, "/country");
    json_decref(b);
    b = parse("{\"country\":\"KE\",\"organization_id\":1,\"status\":\"member\","
              "\"since\":\"2019-04-25\"}");
    CHECK_INT(member_create(s, &op, b, &out, &err), SERAI_EINVAL);
    json_decref(b);
    b = parse("{\"country\":\"CN\",\"status\":\"friend\",\"since\":\"2019-04-25\"}");
    CHECK_INT(member_create(s, &op, b, &out, &err), SERAI_EUNPROCESSABLE);
    CHECK_STR(err.field, "/status");
    json_decref(b);
    b = parse("{\"dues\":\"overdue\"}");
    CHECK_INT(member_update(s, &op, id, b, &out, &err), SERAI_OK);
    CHECK_STR(json_string_value(json_object_get(out, "dues")), "overdue");
    CHECK_STR(json_string_value(json_object_get(out, "status")), "member");
    json_decref(out);
    CHECK_INT(member_update(s, &op, 999, b, &out, &err), SERAI_ENOTFOUND);
    json_decref(b);
    country_filter cf = {.status = "member"};
    CHECK_INT(country_list(s, &cf, &out, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "items")), 1);
    json_decref(out);
    country_filter af = {.region = "Africa"};
    CHECK_INT(country_list(s, &af, &out, &err), SERAI_OK);
    CHECK(json_array_size(json_object_get(out, "items")) > 50);
    json_decref(out);
    CHECK_INT(country_get(s, "KEN", &out, &err), SERAI_OK);
    CHECK_STR(json_string_value(json_object_get(json_object_get(out, "membership"),
                                                "dues")), "overdue");
    json_decref(out);
    CHECK_INT(country_get(s, "ZZ", &out, &err), SERAI_ENOTFOUND);
    audit_report rep;
    CHECK_INT(audit_verify(s, &rep, &err), SERAI_OK);
    CHECK_INT(rep.checked, 2);
    testdb_close(&t);
}

int main(void)
{
    RUN(test_org_create_and_names);
    RUN(test_org_validation_pointers);
    RUN(test_org_duplicates_parents_cycles);
    RUN(test_org_list_filters_and_pages);
    RUN(test_org_import_all_or_nothing);
    RUN(test_person_access_and_validation);
    RUN(test_person_import);
    RUN(test_memberships);
    return check_report();
}
