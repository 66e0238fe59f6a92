/*
 * backend.h -- what a storage backend provides to store.c.  Private to
 * src/store/.  Each backend implements the vtable below and store.c does
 * the dispatch, the statement cache and the transaction bookkeeping.
 */
#ifndef SERAI_STORE_BACKEND_H
#define SERAI_STORE_BACKEND_H

#include "store/store.h"

typedef struct store_migration {
    int version;
    const char *name;
    const char *sql;
} store_migration;

typedef struct store_backend {
    const char *name;
    /* Connect; with create false a database that does not exist is an
     * error rather than a new empty one. */
    serai_code (*open)(const char *uri, bool create, void **conn,
                       serai_err *err);
    void (*close)(void *conn);
    serai_code (*exec)(void *conn, const char *sql, serai_err *err);
    serai_code (*prepare)(void *conn, const char *sql, void **stmt, serai_err *err);
    void (*finalize)(void *stmt);
    void (*bind_int64)(void *stmt, int idx, int64_t v);
    void (*bind_text)(void *stmt, int idx, const char *v);
    void (*bind_null)(void *stmt, int idx);
    int (*step)(void *stmt, serai_err *err);
    int64_t (*col_int64)(void *stmt, int col);
    const char *(*col_text)(void *stmt, int col);
    bool (*col_null)(void *stmt, int col);
    void (*reset)(void *stmt);
    int64_t (*changes)(void *conn);
    const char *begin_sql;       /* takes the write lock */
    const char *bulk_on_sql;     /* relax per-commit durability */
    const char *bulk_off_sql;    /* restore it */
    int (*get_version)(void *conn);
    serai_code (*set_version)(void *conn, int version, serai_err *err);
    int (*col_count)(void *stmt);
    const char *(*col_name)(void *stmt, int col);
    int (*col_type)(void *stmt, int col);
    /* After rows with explicit ids went into table: let new ids follow. */
    serai_code (*sync_ids)(void *conn, const char *table, serai_err *err);
    serai_code (*backup)(void *conn, const char *uri, const char *out,
                         serai_err *err);
    serai_code (*restore)(const char *uri, const char *from, serai_err *err);
    /* False when the connection is known to be lost. */
    bool (*healthy)(void *conn);
    /* Re-establish a lost connection (statements are prepared again). */
    serai_code (*reconnect)(void *conn, serai_err *err);
    const store_migration *migrations; /* ascending, terminated by version 0 */
} store_backend;

/* For src/store/ only: after explicit ids, new ids continue above them. */
serai_code store_sync_ids(store *s, const char *table, serai_err *err);

extern const store_backend store_sqlite_backend;
extern const store_backend store_pg_backend;

#endif
