/*
 * test_demo.c -- the demonstration database meets what the foundation
 * issue asks of it, validates like any other data, and is reproducible.
 */
#include "audit/audit.h"
#include "check.h"
#include "demo/demo.h"
#include "registry/iso.h"
#include "testdb.h"

static int64_t scalar(store *s, const char *sql)
{
    store_stmt *st;
    serai_err err;
    if (store_prepare(s, sql, &st, &err) != SERAI_OK)
        return -1;
    int64_t v = store_step(st, &err) == STORE_ROW ? store_col_int64(st, 0) : -1;
    store_reset(st);
    return v;
}

static void test_demo_contents(void)
{
    testdb t;
    store *s = testdb_open(&t);
    json_t *summary;
    serai_err err;
    CHECK_INT(demo_build(s, 7, &summary, &err), SERAI_OK);
    CHECK(json_integer_value(json_object_get(summary, "countries")) >= 40);
    CHECK_INT(json_array_size(json_object_get(summary, "accounts")), 6);
    json_decref(summary);

    static const char orgs[] = "SELECT count(*) FROM organization";
    static const char firms[] =
        "SELECT count(*) FROM organization WHERE type IN ('sme', 'enterprise')";
    static const char types[] = "SELECT count(DISTINCT type) FROM organization";
    static const char people[] = "SELECT count(*) FROM person";
    static const char profiles[] =
        "SELECT count(*) FROM person WHERE expertise IS NULL OR keywords = '[]'";
    static const char members[] =
        "SELECT count(*) FROM membership WHERE status = 'member'";
    int64_t n = scalar(s, orgs);
    CHECK(n >= 300);
    CHECK(scalar(s, firms) * 3 >= n);
    CHECK_INT(scalar(s, types), 7);
    CHECK_INT(scalar(s, people), 2000);
    CHECK_INT(scalar(s, profiles), 0);
    CHECK(scalar(s, members) >= 40);

    /* members on every continent the issue names */
    static const char codes[] =
        "SELECT country FROM membership WHERE status = 'member'";
    store_stmt *st;
    CHECK_INT(store_prepare(s, codes, &st, &err), SERAI_OK);
    int asia = 0, africa = 0, europe = 0, latam = 0;
    while (store_step(st, &err) == STORE_ROW) {
        const iso_country *c = iso_country_by_alpha2(store_col_text(st, 0));
        CHECK(c != NULL);
        if (c == NULL)
            continue;
        asia += strcmp(c->region, "Asia") == 0;
        africa += strcmp(c->region, "Africa") == 0;
        europe += strcmp(c->region, "Europe") == 0;
        latam += strcmp(c->subregion, "Latin America and the Caribbean") == 0;
    }
    store_reset(st);
    CHECK(asia > 0 && africa > 0 && europe > 0 && latam > 0);
    if (!(asia && africa && europe && latam))
        fprintf(stderr, "  asia %d africa %d europe %d latam %d\n", asia, africa,
                europe, latam);

    audit_report rep;
    CHECK_INT(audit_verify(s, &rep, &err), SERAI_OK);
    CHECK_INT(rep.first_bad, 0);
    CHECK(rep.checked > 2300);

    /* a second run refuses to mix demo data into a used database */
    CHECK_INT(demo_build(s, 7, &summary, &err), SERAI_ECONFLICT);
    testdb_close(&t);
}

static void test_demo_reproducible(void)
{
    static const char names_sqlite[] =
        "SELECT group_concat(name, '|') FROM (SELECT name FROM organization "
        "ORDER BY id LIMIT 40)";
    static const char names_pg[] =
        "SELECT string_agg(name, '|' ORDER BY id) FROM (SELECT id, name FROM "
        "organization ORDER BY id LIMIT 40) AS first";
    char first[8192] = "";
    for (int run = 0; run < 2; run++) {
        testdb t;
        store *s = testdb_open(&t);
        json_t *summary;
        serai_err err;
        CHECK_INT(demo_build(s, 99, &summary, &err), SERAI_OK);
        json_decref(summary);
        store_stmt *st;
        CHECK_INT(store_prepare(s, testdb_sql(s, names_sqlite, names_pg), &st, &err),
                  SERAI_OK);
        CHECK_INT(store_step(st, &err), STORE_ROW);
        if (run == 0)
            snprintf(first, sizeof first, "%s", store_col_text(st, 0));
        else
            CHECK_STR(store_col_text(st, 0), first);
        store_reset(st);
        testdb_close(&t);
    }
}

int main(void)
{
    RUN(test_demo_contents);
    RUN(test_demo_reproducible);
    return check_report();
}
