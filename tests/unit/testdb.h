/*
 * testdb.h -- a fresh database in a temporary directory for unit tests.
 */
#ifndef SERAI_TEST_TESTDB_H
#define SERAI_TEST_TESTDB_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/init.h"
#include "store/store.h"

typedef struct testdb {
    char dir[64];
    char path[128];
    store *s;
} testdb;

static inline store *testdb_open(testdb *t)
{
    serai_err err;
    snprintf(t->dir, sizeof t->dir, "/tmp/serai-test-XXXXXX");
    if (mkdtemp(t->dir) == NULL || serai_library_init(&err) != SERAI_OK) {
        perror("mkdtemp");
        exit(2);
    }
    snprintf(t->path, sizeof t->path, "%s/test.db", t->dir);
    if (store_open(t->path, &t->s, &err) != SERAI_OK) {
        fprintf(stderr, "store_open: %s\n", err.detail);
        exit(2);
    }
    return t->s;
}

/* Remove the database files and the directory. */
static inline void testdb_remove(testdb *t)
{
    char p[160];
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

#endif
