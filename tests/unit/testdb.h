/*
 * testdb.h -- a fresh database for a unit test, on the backend the test run
 * asks for: SQLite in a temporary directory by default, or, when
 * SERAI_TEST_BACKEND=postgres, a new database in the private cluster that
 * tests/pg/cluster.sh started (SERAI_TEST_PG_DIR, SERAI_TEST_PG_SCRIPT).
 */
#ifndef SERAI_TEST_TESTDB_H
#define SERAI_TEST_TESTDB_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/init.h"
#include "store/store.h"

typedef struct testdb {
    char dir[64];
    char path[512];  /* a file path or a postgres:// URI */
    store *s;
} testdb;

static inline bool testdb_is_postgres(void)
{
    const char *b = getenv("SERAI_TEST_BACKEND");
    return b && strcmp(b, "postgres") == 0;
}

/* Fill t->path with a new empty database's location. */
static inline void testdb_create(testdb *t)
{
    t->dir[0] = '\0';
    if (testdb_is_postgres()) {
        const char *dir = getenv("SERAI_TEST_PG_DIR");
        const char *script = getenv("SERAI_TEST_PG_SCRIPT");
        char cmd[1024];
        snprintf(cmd, sizeof cmd, "bash '%s' newdb '%s'", script ? script : "",
                 dir ? dir : "");
        FILE *p = popen(cmd, "r");
        if (p == NULL || fgets(t->path, sizeof t->path, p) == NULL) {
            fprintf(stderr, "testdb: no PostgreSQL test cluster (%s)\n", cmd);
            exit(2);
        }
        pclose(p);
        t->path[strcspn(t->path, "\n")] = '\0';
        return;
    }
    snprintf(t->dir, sizeof t->dir, "/tmp/serai-test-XXXXXX");
    if (mkdtemp(t->dir) == NULL) {
        perror("mkdtemp");
        exit(2);
    }
    snprintf(t->path, sizeof t->path, "%s/test.db", t->dir);
}

static inline store *testdb_open(testdb *t)
{
    serai_err err;
    if (serai_library_init(&err) != SERAI_OK)
        exit(2);
    testdb_create(t);
    if (store_open(t->path, &t->s, &err) != SERAI_OK) {
        fprintf(stderr, "store_open %s: %s\n", t->path, err.detail);
        exit(2);
    }
    return t->s;
}

/* Remove an SQLite database's files and directory (a PostgreSQL test
 * database goes with its cluster). */
static inline void testdb_remove(testdb *t)
{
    if (t->dir[0] == '\0')
        return;
    char p[600];
    static const char *const suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", t->path, suffix[i]);
        unlink(p);
    }
    rmdir(t->dir);
}

static inline void testdb_close(testdb *t)
{
    store_close(t->s);
    t->s = NULL;
    testdb_remove(t);
}

/* The first of two spellings that suits the backend of s. */
static inline const char *testdb_sql(store *s, const char *sqlite,
                                     const char *postgres)
{
    return strcmp(store_backend_name(s), "postgres") == 0 ? postgres : sqlite;
}

#endif
