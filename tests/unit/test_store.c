/*
 * test_store.c -- the storage interface on the SQLite backend: migrations,
 * numbered parameters, the statement cache, transactions and error codes.
 */
#include "check.h"
#include "testdb.h"

static void test_migrations_and_reopen(void)
{
    testdb t;
    store *s = testdb_open(&t);
    CHECK_INT(store_schema_version(s), store_schema_latest(s));
    CHECK(store_schema_latest(s) >= 1);
    CHECK_STR(store_backend_name(s), "sqlite");
    store_close(s);
    serai_err err;
    CHECK_INT(store_open_existing(t.path, &t.s, &err), SERAI_OK);
    testdb_close(&t);
}

static void test_newer_schema_refused(void)
{
    testdb t;
    store *s = testdb_open(&t);
    serai_err err;
    CHECK_INT(store_exec(s, "PRAGMA user_version=999", &err), SERAI_OK);
    store_close(s);
    store *again = NULL;
    CHECK_INT(store_open(t.path, &again, &err), SERAI_ESTORE);
    CHECK(strstr(err.detail, "newer than this build") != NULL);
    CHECK(again == NULL);
    CHECK_INT(store_open_existing(t.path, &again, &err), SERAI_ESTORE);
    testdb_remove(&t);
}

static void test_not_a_database(void)
{
    char path[] = "/tmp/serai-test-garbage-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    CHECK(write(fd, "this is not sqlite at all, just text......", 42) == 42);
    close(fd);
    store *s = NULL;
    serai_err err;
    CHECK_INT(store_open(path, &s, &err), SERAI_ESTORE);
    CHECK(s == NULL);
    unlink(path);
    CHECK_INT(store_open("", &s, &err), SERAI_EINVAL);
    CHECK_INT(store_open("postgres://u@h/db", &s, &err), SERAI_EINVAL);
}

static void test_params_cache_and_types(void)
{
    testdb t;
    store *s = testdb_open(&t);
    serai_err err;
    CHECK_INT(store_exec(s, "CREATE TABLE k (id INTEGER PRIMARY KEY, "
                            "v TEXT UNIQUE, n INTEGER)", &err), SERAI_OK);
    static const char ins[] = "INSERT INTO k (n, v) VALUES ($2, $1) RETURNING id";
    store_stmt *st, *again;
    CHECK_INT(store_prepare(s, ins, &st, &err), SERAI_OK);
    store_bind_text(st, 1, "it's; DROP TABLE k; --");
    store_bind_int64(st, 2, INT64_MIN);
    CHECK_INT(store_step(st, &err), STORE_ROW);
    CHECK_INT(store_col_int64(st, 0), 1);
    store_reset(st);
    CHECK_INT(store_prepare(s, ins, &again, &err), SERAI_OK);
    CHECK(again == st); /* cached by the address of the SQL text */
    store_bind_text(again, 1, "it's; DROP TABLE k; --");
    store_bind_int64(again, 2, 1);
    CHECK_INT(store_step(again, &err), STORE_ERROR);
    CHECK_INT(err.code, SERAI_ECONFLICT);
    store_reset(again);

    static const char sel[] = "SELECT v, n FROM k WHERE v LIKE $1 ESCAPE '\\'";
    char *pat = store_like_contains("; DROP");
    CHECK_STR(pat, "%; DROP%");
    CHECK_INT(store_prepare(s, sel, &st, &err), SERAI_OK);
    store_bind_text(st, 1, pat);
    CHECK_INT(store_step(st, &err), STORE_ROW);
    CHECK_STR(store_col_text(st, 0), "it's; DROP TABLE k; --");
    CHECK(store_col_int64(st, 1) == INT64_MIN);
    CHECK_INT(store_step(st, &err), STORE_DONE);
    store_reset(st);
    free(pat);
    /* wildcards in the needle are literal */
    pat = store_like_contains("100%_");
    CHECK_STR(pat, "%100\\%\\_%");
    free(pat);
    testdb_close(&t);
}

static void test_transactions(void)
{
    testdb t;
    store *s = testdb_open(&t);
    serai_err err;
    CHECK_INT(store_exec(s, "CREATE TABLE k (v TEXT)", &err), SERAI_OK);
    CHECK_INT(store_begin(s, &err), SERAI_OK);
    CHECK(store_in_transaction(s));
    CHECK_INT(store_begin(s, &err), SERAI_EINTERNAL); /* nested is a bug */
    CHECK_INT(store_exec(s, "INSERT INTO k VALUES ('a')", &err), SERAI_OK);
    store_rollback(s);
    CHECK(!store_in_transaction(s));
    static const char count[] = "SELECT count(*) FROM k";
    store_stmt *st;
    CHECK_INT(store_prepare(s, count, &st, &err), SERAI_OK);
    CHECK_INT(store_step(st, &err), STORE_ROW);
    CHECK_INT(store_col_int64(st, 0), 0);
    store_reset(st);
    CHECK_INT(store_begin(s, &err), SERAI_OK);
    CHECK_INT(store_exec(s, "INSERT INTO k VALUES ('b')", &err), SERAI_OK);
    CHECK_INT(store_commit(s, &err), SERAI_OK);
    CHECK_INT(store_commit(s, &err), SERAI_EINTERNAL);
    CHECK_INT(store_prepare(s, count, &st, &err), SERAI_OK);
    CHECK_INT(store_step(st, &err), STORE_ROW);
    CHECK_INT(store_col_int64(st, 0), 1);
    store_reset(st);
    CHECK_INT(store_exec(s, "SELECT nonsense FROM nowhere", &err), SERAI_ESTORE);
    testdb_close(&t);
}

static void test_pool(void)
{
    testdb t;
    testdb_open(&t);
    store_pool *p;
    serai_err err;
    CHECK_INT(store_pool_open(t.path, 3, &p, &err), SERAI_OK);
    store *a = store_pool_acquire(p), *b = store_pool_acquire(p);
    CHECK(a != b);
    CHECK_INT(store_ping(a, &err), SERAI_OK);
    CHECK_INT(store_begin(a, &err), SERAI_OK);
    store_pool_release(p, a); /* rolls back the open transaction */
    CHECK(!store_in_transaction(a));
    store_pool_release(p, b);
    store_pool_close(p);
    testdb_close(&t);
}

int main(void)
{
    RUN(test_migrations_and_reopen);
    RUN(test_newer_schema_refused);
    RUN(test_not_a_database);
    RUN(test_params_cache_and_types);
    RUN(test_transactions);
    RUN(test_pool);
    return check_report();
}
