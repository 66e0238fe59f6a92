/*
 * store_sqlite.c -- the SQLite backend of the storage interface.
 *
 * Settings every connection gets: WAL journal (readers never block the
 * writer), foreign keys enforced, synchronous=FULL (an acknowledged commit
 * survives power loss), a busy timeout so that writers queue.  Write
 * transactions start with BEGIN IMMEDIATE: the write lock is taken before
 * the first read, so two writers never deadlock half-way.
 *
 * Parameters are written "$1", "$2"... in module SQL, as PostgreSQL spells
 * them; SQLite treats "$1" as a named parameter, so each statement keeps a
 * map from the number to SQLite's own index.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/mem.h"
#include "store/backend.h"

#define SQLITE_BUSY_TIMEOUT_MS 10000
#define SQLITE_MAX_PARAMS 64

typedef struct sqlite_stmt {
    sqlite3_stmt *stmt;
    sqlite3 *db;
    int param_index[SQLITE_MAX_PARAMS + 1]; /* $n -> sqlite index, 0 = absent */
} sqlite_stmt;

extern const store_migration sqlite_migrations[];

static serai_code fail_db(sqlite3 *db, int rc, serai_err *err)
{
    int ext = sqlite3_extended_errcode(db);
    const char *msg = sqlite3_errmsg(db);
    if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
        return serai_fail(err, SERAI_ECONFLICT, NULL, "already exists (%s)", msg);
    if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
        return serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                          "refers to something that does not exist");
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
        return serai_fail(err, SERAI_EUNPROCESSABLE, NULL, "%s", msg);
    return serai_fail(err, SERAI_ESTORE, NULL, "database error: %s", msg);
}

static serai_code sq_open(const char *uri, bool create, void **conn,
                          serai_err *err)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(uri, &db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                                 (create ? SQLITE_OPEN_CREATE : 0),
                             NULL);
    if (rc != SQLITE_OK) {
        serai_fail(err, SERAI_ESTORE, "/db", "cannot open database %s: %s",
                   uri, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return SERAI_ESTORE;
    }
    sqlite3_busy_timeout(db, SQLITE_BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(db, 1);
    static const char settings[] =
        "PRAGMA journal_mode=WAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA synchronous=FULL;"
        "PRAGMA temp_store=MEMORY;";
    char *msg = NULL;
    rc = sqlite3_exec(db, settings, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        serai_fail(err, SERAI_ESTORE, "/db", "%s is not a usable database: %s",
                   uri, msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        sqlite3_close(db);
        return SERAI_ESTORE;
    }
    *conn = db;
    return SERAI_OK;
}

static void sq_close(void *conn)
{
    sqlite3_close_v2(conn);
}

static serai_code sq_exec(void *conn, const char *sql, serai_err *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(conn, sql, NULL, NULL, &msg);
    if (rc == SQLITE_OK)
        return SERAI_OK;
    serai_code code = fail_db(conn, rc, err);
    sqlite3_free(msg);
    return code;
}

static serai_code sq_prepare(void *conn, const char *sql, void **out,
                             serai_err *err)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v3(conn, sql, -1, SQLITE_PREPARE_PERSISTENT,
                                &stmt, NULL);
    if (rc != SQLITE_OK)
        return serai_fail(err, SERAI_EINTERNAL, NULL, "bad SQL (%s): %.120s",
                          sqlite3_errmsg(conn), sql);
    sqlite_stmt *w = xcalloc(1, sizeof *w);
    w->stmt = stmt;
    w->db = conn;
    int n = sqlite3_bind_parameter_count(stmt);
    for (int i = 1; i <= n; i++) {
        const char *name = sqlite3_bind_parameter_name(stmt, i);
        if (name == NULL || name[0] != '$')
            continue;
        long num = strtol(name + 1, NULL, 10);
        if (num >= 1 && num <= SQLITE_MAX_PARAMS)
            w->param_index[num] = i;
    }
    *out = w;
    return SERAI_OK;
}

static void sq_finalize(void *stmt)
{
    sqlite_stmt *w = stmt;
    sqlite3_finalize(w->stmt);
    free(w);
}

static int param(sqlite_stmt *w, int idx)
{
    return idx >= 1 && idx <= SQLITE_MAX_PARAMS ? w->param_index[idx] : 0;
}

static void sq_bind_int64(void *stmt, int idx, int64_t v)
{
    sqlite_stmt *w = stmt;
    sqlite3_bind_int64(w->stmt, param(w, idx), v);
}

static void sq_bind_text(void *stmt, int idx, const char *v)
{
    sqlite_stmt *w = stmt;
    sqlite3_bind_text(w->stmt, param(w, idx), v, -1, SQLITE_TRANSIENT);
}

static void sq_bind_null(void *stmt, int idx)
{
    sqlite_stmt *w = stmt;
    sqlite3_bind_null(w->stmt, param(w, idx));
}

static int sq_step(void *stmt, serai_err *err)
{
    sqlite_stmt *w = stmt;
    int rc = sqlite3_step(w->stmt);
    if (rc == SQLITE_ROW)
        return STORE_ROW;
    if (rc == SQLITE_DONE)
        return STORE_DONE;
    fail_db(w->db, rc, err);
    return STORE_ERROR;
}

static int64_t sq_col_int64(void *stmt, int col)
{
    return sqlite3_column_int64(((sqlite_stmt *)stmt)->stmt, col);
}

static const char *sq_col_text(void *stmt, int col)
{
    return (const char *)sqlite3_column_text(((sqlite_stmt *)stmt)->stmt, col);
}

static bool sq_col_null(void *stmt, int col)
{
    return sqlite3_column_type(((sqlite_stmt *)stmt)->stmt, col) == SQLITE_NULL;
}

static void sq_reset(void *stmt)
{
    sqlite_stmt *w = stmt;
    sqlite3_reset(w->stmt);
    sqlite3_clear_bindings(w->stmt);
}

static int64_t sq_changes(void *conn)
{
    return sqlite3_changes64(conn);
}

static int sq_get_version(void *conn)
{
    sqlite3_stmt *st = NULL;
    int v = 0;
    if (sqlite3_prepare_v2(conn, "PRAGMA user_version", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

static serai_code sq_set_version(void *conn, int version, serai_err *err)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version=%d", version);
    return sq_exec(conn, sql, err);
}

static int sq_col_count(void *stmt)
{
    return sqlite3_column_count(((sqlite_stmt *)stmt)->stmt);
}

static const char *sq_col_name(void *stmt, int col)
{
    return sqlite3_column_name(((sqlite_stmt *)stmt)->stmt, col);
}

static int sq_col_type(void *stmt, int col)
{
    switch (sqlite3_column_type(((sqlite_stmt *)stmt)->stmt, col)) {
    case SQLITE_NULL:
        return STORE_NULL;
    case SQLITE_INTEGER:
        return STORE_INT;
    default:
        return STORE_TEXT;
    }
}

static serai_code sq_sync_ids(void *conn, const char *table, serai_err *err)
{
    (void)conn, (void)table, (void)err; /* rowids follow the largest id */
    return SERAI_OK;
}

/* Copy every page of one open database into another (the online backup
 * API: readers and writers of src may go on meanwhile). */
static serai_code copy_pages(sqlite3 *src, sqlite3 *dst, const char *what,
                             serai_err *err)
{
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    if (b == NULL)
        return serai_fail(err, SERAI_ESTORE, NULL, "%s failed: %s", what,
                          sqlite3_errmsg(dst));
    int rc;
    do {
        rc = sqlite3_backup_step(b, 256);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE)
        return serai_fail(err, SERAI_ESTORE, NULL, "%s failed: %s", what,
                          sqlite3_errstr(rc));
    return SERAI_OK;
}

static serai_code sq_backup(void *conn, const char *uri, const char *out,
                            serai_err *err)
{
    (void)uri;
    if (access(out, F_OK) == 0)
        return serai_fail(err, SERAI_ECONFLICT, "/out",
                          "%s exists; a backup never overwrites a file", out);
    sqlite3 *dst = NULL;
    if (sqlite3_open_v2(out, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        NULL) != SQLITE_OK) {
        serai_fail(err, SERAI_EINVAL, "/out", "cannot create %s: %s", out,
                   dst ? sqlite3_errmsg(dst) : "out of memory");
        sqlite3_close(dst);
        return SERAI_EINVAL;
    }
    serai_code rc = copy_pages(conn, dst, "backup", err);
    sqlite3_close(dst);
    if (rc != SERAI_OK)
        unlink(out);
    return rc;
}

static serai_code sq_restore(const char *uri, const char *from, serai_err *err)
{
    sqlite3 *src = NULL, *dst = NULL;
    serai_code rc = SERAI_OK;
    if (sqlite3_open_v2(from, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_exec(src, "SELECT count(*) FROM sqlite_master", NULL, NULL,
                     NULL) != SQLITE_OK)
        rc = serai_fail(err, SERAI_EINVAL, "/from",
                        "%s is not an SQLite backup", from);
    if (rc == SERAI_OK &&
        sqlite3_open_v2(uri, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        NULL) != SQLITE_OK)
        rc = serai_fail(err, SERAI_ESTORE, "/db", "cannot open %s: %s", uri,
                        dst ? sqlite3_errmsg(dst) : "out of memory");
    if (rc == SERAI_OK) {
        sqlite3_busy_timeout(dst, SQLITE_BUSY_TIMEOUT_MS);
        rc = copy_pages(src, dst, "restore", err);
    }
    sqlite3_close(src);
    sqlite3_close(dst);
    return rc;
}

/* An embedded database has no connection to lose. */
static bool sq_healthy(void *conn)
{
    (void)conn;
    return true;
}

static serai_code sq_reconnect(void *conn, serai_err *err)
{
    (void)conn;
    (void)err;
    return SERAI_OK;
}

const store_backend store_sqlite_backend = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .exec = sq_exec,
    .prepare = sq_prepare,
    .finalize = sq_finalize,
    .bind_int64 = sq_bind_int64,
    .bind_text = sq_bind_text,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .col_int64 = sq_col_int64,
    .col_text = sq_col_text,
    .col_null = sq_col_null,
    .reset = sq_reset,
    .changes = sq_changes,
    .begin_sql = "BEGIN IMMEDIATE",
    .bulk_on_sql = "PRAGMA synchronous=OFF",
    .bulk_off_sql = "PRAGMA synchronous=FULL",
    .get_version = sq_get_version,
    .set_version = sq_set_version,
    .col_count = sq_col_count,
    .col_name = sq_col_name,
    .col_type = sq_col_type,
    .sync_ids = sq_sync_ids,
    .backup = sq_backup,
    .restore = sq_restore,
    .healthy = sq_healthy,
    .reconnect = sq_reconnect,
    .migrations = sqlite_migrations,
};
