/*
 * test_search.c -- partner search (exchange/search.h) on both backends:
 * the tokens (folding, CJK bigrams), ranking, Chinese, diacritics, the
 * filters, pages, hostile query text, who sees people, and the index kept
 * current by the registry and the market.
 */
#include <stdlib.h>

#include "check.h"
#include "exchange/search.h"
#include "exchange/search_text.h"
#include "registry/org.h"
#include "registry/person.h"
#include "testdb.h"

static void check_terms(const char *in, const char *want)
{
    char *got = search_text_terms(in);
    CHECK_STR(got, want);
    free(got);
}

static void test_tokens(void)
{
    check_terms("中国科学院", "中国 国科 科学 学院");
    check_terms("科", "科");
    check_terms("Café ZÜRICH, Łódź; Straße", "cafe zurich lodz strasse");
    check_terms("ＡＢＣ１２３ 水资源", "abc123 水资 资源");
    check_terms("\"water\" AND (solar* OR ^wind) NEAR/3 x:y", "water and solar or wind near 3 x y");
    check_terms("\x01\x7f\t\n", "");
    check_terms("bad\xff\xfe bytes", "bad bytes");
    check_terms("北京大学Peking大学", "北京 京大 大学 peking 大学");
    check_terms("Ελληνικά Кирилица ё", "ελληνικα кирилица е");
    check_terms(NULL, "");
}

typedef serai_code (*create_fn)(store *, const actor *, json_t *, json_t **,
                                serai_err *);

/* Create a record from JSON text as the operator; its id, or 0. */
static int64_t create(store *s, create_fn fn, const char *text)
{
    actor op = actor_operator();
    serai_err err;
    json_t *body = json_loads(text, 0, NULL), *out = NULL;
    int64_t id = 0;
    if (fn(s, &op, body, &out, &err) == SERAI_OK)
        id = json_integer_value(json_object_get(out, "id"));
    else
        fprintf(stderr, "create: %s\n", err.detail);
    json_decref(body);
    json_decref(out);
    return id;
}

static int64_t org_from(store *s, const char *text)
{
    return create(s, org_create, text);
}

static int64_t person_from(store *s, const char *text)
{
    return create(s, person_create, text);
}

/* Run a search; returns the items array (owned by *page) or NULL. */
static json_t *run(store *s, const actor *who, search_request *r,
                   json_t **page, serai_err *err)
{
    if (r->page.limit == 0)
        r->page.limit = 20;
    *page = NULL;
    if (search_query(s, who, r, page, err) != SERAI_OK)
        return NULL;
    return json_object_get(*page, "items");
}

/* Titles of the results of q as one "|"-separated string (caller frees). */
static char *titles(store *s, const actor *who, search_request r)
{
    json_t *page;
    serai_err err;
    json_t *items = run(s, who, &r, &page, &err);
    if (items == NULL) {
        fprintf(stderr, "search \"%s\": %s\n", r.q, err.detail);
        return strdup("ERROR");
    }
    buf b;
    buf_init(&b, 1 << 20);
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        if (i)
            buf_puts(&b, "|");
        buf_puts(&b, json_string_value(json_object_get(it, "title")));
    }
    json_decref(page);
    buf_append(&b, "", 0);
    return buf_take(&b, NULL);
}

#define CHECK_TITLES(s, who, want, ...)                                     \
    do {                                                                    \
        char *got_ = titles(s, who, (search_request){__VA_ARGS__});         \
        CHECK_STR(got_, want);                                              \
        free(got_);                                                         \
    } while (0)

static void fixture(store *s)
{
    org_from(s, "{\"name\":\"中国科学院\",\"name_lang\":\"zh\","
                "\"names\":{\"en\":\"Chinese Academy of Sciences\"},"
                "\"type\":\"research_institute\",\"country\":\"CN\"}");
    org_from(s, "{\"name\":\"Water Resources Institute\",\"type\":\"research_institute\","
                "\"country\":\"KE\"}");
    org_from(s, "{\"name\":\"Solar Water Systems\",\"type\":\"sme\",\"country\":\"CN\","
                "\"sme\":true,\"sme_evidence\":\"registry\"}");
    org_from(s, "{\"name\":\"Universität Zürich\",\"name_lang\":\"de\",\"type\":\"university\","
                "\"country\":\"CH\"}");
    org_from(s, "{\"name\":\"Desalination Centre\",\"type\":\"ngo\",\"country\":\"OM\"}");
    person_from(s, "{\"name\":\"Li Wei\",\"country\":\"CN\",\"email\":\"li.wei@secret.example\","
                   "\"keywords\":[\"water treatment\"],\"expertise\":\"desalination\"}");
}

static void test_search_basics(void)
{
    testdb t;
    store *s = testdb_open(&t);
    actor op = actor_operator(), pub = actor_public();
    fixture(s);
    /* Chinese: a bigram inside the name, and the whole name. */
    CHECK_TITLES(s, &pub, "中国科学院", .q = "科学");
    CHECK_TITLES(s, &pub, "中国科学院", .q = "中国科学院");
    CHECK_TITLES(s, &pub, "中国科学院", .q = "chinese ACADEMY");
    /* Diacritics and case, both ways. */
    CHECK_TITLES(s, &pub, "Universität Zürich", .q = "universitat zurich");
    CHECK_TITLES(s, &pub, "Universität Zürich", .q = "ZÜRICH");
    /* Ranking: a title match above a body match; people for readers only. */
    CHECK_TITLES(s, &op, "Desalination Centre|Li Wei", .q = "desalination");
    CHECK_TITLES(s, &pub, "Desalination Centre", .q = "desalination");
    CHECK_TITLES(s, &pub, "Water Resources Institute", .q = "water",
                 .type = "research_institute");
    /* Filters. */
    CHECK_TITLES(s, &pub, "Solar Water Systems", .q = "water", .country = "CN");
    CHECK_TITLES(s, &op, "Solar Water Systems|Li Wei", .q = "water", .country = "CN");
    CHECK_TITLES(s, &pub, "Water Resources Institute", .q = "water", .region = "Africa");
    CHECK_TITLES(s, &pub, "Solar Water Systems", .q = "water", .type = "sme");
    CHECK_TITLES(s, &pub, "Solar Water Systems", .q = "water", .sme = true);
    CHECK_TITLES(s, &op, "Li Wei", .q = "water", .kind = "person");
    CHECK_TITLES(s, &pub, "", .q = "water", .country = "DE");
    CHECK_TITLES(s, &pub, "", .q = "water", .platform_id = 99);
    /* The country's name is searchable with its organisations. */
    CHECK_TITLES(s, &pub, "Solar Water Systems", .q = "water china");
    /* No e-mail address is indexed. */
    CHECK_TITLES(s, &op, "", .q = "secret");
    testdb_close(&t);
}

static void test_search_refusals_and_pages(void)
{
    testdb t;
    store *s = testdb_open(&t);
    actor op = actor_operator(), pub = actor_public();
    serai_err err;
    fixture(s);
    json_t *page;
    /* Hostile text: quotes, FTS5 and tsquery syntax, column names, control
     * characters -- all just words, never an error or an injected query. */
    static const char *const hostile[] = {
        "\"water", "water\"", "water\" OR \"solar", "* ^ : water",
        "NEAR(water solar)", "water AND NOT solar", "(water", "water)",
        "title_terms:water", "facets:kperson", "water & !solar | x",
        "'water':* <-> solar", "water\x01\x1b[0m", "{title_terms} : water",
        "water; DROP TABLE search_doc; --", "\\water\\", "kperson",
    };
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        search_request r = {.q = hostile[i], .page = {20, 0}};
        CHECK_INT(search_query(s, &pub, &r, &page, &err), SERAI_OK);
        json_t *items = json_object_get(page, "items");
        for (size_t k = 0; k < json_array_size(items); k++)
            CHECK_STR(json_string_value(json_object_get(json_array_get(items, k), "kind")),
                      "organization");
        json_decref(page);
    }
    /* Nothing left to search for: 400 naming q. */
    static const char *const empty[] = {"", "   ", "\"\"", "* ^ : ( ) \" '", "\x01\x02"};
    for (size_t i = 0; i < sizeof empty / sizeof empty[0]; i++) {
        search_request r = {.q = empty[i], .page = {20, 0}};
        CHECK_INT(search_query(s, &pub, &r, &page, &err), SERAI_EINVAL);
        CHECK_STR(err.field, "?q");
    }
    search_request bad[] = {
        {.q = "x", .country = "XX", .page = {20, 0}},
        {.q = "x", .region = "Atlantis", .page = {20, 0}},
        {.q = "x", .type = "club", .page = {20, 0}},
        {.q = "x", .kind = "event", .page = {20, 0}},
        {.q = NULL, .page = {20, 0}},
    };
    static const char *const field[] = {"?country", "?region", "?type", "?kind", "?q"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_INT(search_query(s, &pub, &bad[i], &page, &err), SERAI_EINVAL);
        CHECK_STR(err.field, field[i]);
    }
    search_request people = {.q = "water", .kind = "person", .page = {20, 0}};
    CHECK_INT(search_query(s, &pub, &people, &page, &err), SERAI_EUNAUTH);
    /* Pages: one result at a time, the cursor is the offset. */
    search_request r = {.q = "water", .page = {1, 0}};
    CHECK_INT(search_query(s, &op, &r, &page, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(page, "items")), 1);
    CHECK_STR(json_string_value(json_object_get(page, "next")), "1");
    json_decref(page);
    r.page.after = 2;
    CHECK_INT(search_query(s, &op, &r, &page, &err), SERAI_OK);
    CHECK_STR(json_string_value(json_object_get(json_array_get(
                  json_object_get(page, "items"), 0), "kind")), "person");
    CHECK(json_is_null(json_object_get(page, "next")));
    json_t *first = json_array_get(json_object_get(page, "items"), 0);
    CHECK(json_real_value(json_object_get(first, "score")) >= 0);
    json_decref(page);
    testdb_close(&t);
}

static void test_index_kept_current(void)
{
    testdb t;
    store *s = testdb_open(&t);
    actor op = actor_operator(), pub = actor_public();
    serai_err err;
    fixture(s);
    int64_t id = org_from(s, "{\"name\":\"Geothermal Lab\",\"type\":\"university\","
                             "\"country\":\"IS\"}");
    CHECK_TITLES(s, &pub, "Geothermal Lab", .q = "geothermal");
    json_t *body = json_loads("{\"name\":\"Volcano Lab\",\"country\":\"NZ\"}", 0, NULL), *out;
    CHECK_INT(org_update(s, &op, id, body, &out, &err), SERAI_OK);
    json_decref(body);
    json_decref(out);
    CHECK_TITLES(s, &pub, "", .q = "geothermal");
    CHECK_TITLES(s, &pub, "Volcano Lab", .q = "volcano", .country = "NZ");
    CHECK_TITLES(s, &pub, "", .q = "volcano", .country = "IS");
    /* A market item: searchable while open, gone when closed. */
    store_stmt *st;
    CHECK_INT(store_prepare(s,
        "INSERT INTO market_item (kind, title, description, keywords, org_id, "
        "country, expires_on, status, created_at, updated_at) VALUES "
        "('technology_offer', 'Membrane desalination', 'Low-energy membranes "
        "for brackish water', '[\"membrane\"]', $1, 'NZ', '2099-01-01', 'open', "
        "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id", &st, &err),
        SERAI_OK);
    store_bind_int64(st, 1, id);
    CHECK_INT(store_step(st, &err), STORE_ROW);
    int64_t item = store_col_int64(st, 0);
    store_reset(st);
    CHECK_INT(search_index_market_item(s, item, &err), SERAI_OK);
    CHECK_TITLES(s, &pub, "Membrane desalination", .q = "brackish membranes");
    CHECK_TITLES(s, &pub, "Membrane desalination", .q = "membrane", .kind = "technology_offer",
                 .type = "university", .country = "NZ");
    CHECK_INT(store_exec(s, "UPDATE market_item SET status = 'closed'", &err), SERAI_OK);
    CHECK_INT(search_index_market_item(s, item, &err), SERAI_OK);
    CHECK_TITLES(s, &pub, "", .q = "brackish");
    /* Rebuilding gives the same answers. */
    int64_t n = 0;
    CHECK_INT(search_reindex(s, &n, &err), SERAI_OK);
    CHECK_INT(n, 7);
    CHECK_TITLES(s, &pub, "中国科学院", .q = "科学");
    CHECK_TITLES(s, &pub, "Volcano Lab", .q = "volcano");
    testdb_close(&t);
}

int main(void)
{
    RUN(test_tokens);
    RUN(test_search_basics);
    RUN(test_search_refusals_and_pages);
    RUN(test_index_kept_current);
    return check_report();
}
