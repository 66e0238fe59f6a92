/*
 * store.h -- the one storage interface of the library.
 *
 * Every module reaches its data through these calls and nothing else; no
 * module includes a database client header.  A store is one connection to
 * one database; the backend is chosen by the URI given to store_open():
 * a plain path is an SQLite file, "postgres://..." (or "postgresql://") a
 * PostgreSQL database.
 *
 * SQL written by modules stays within what both backends speak: numbered
 * parameters "$1", "$2"...; ON CONFLICT; RETURNING; CAST($n AS TEXT) wherever
 * a parameter's type cannot be told from its place, e.g. in the test of an
 * optional filter: "(CAST($2 AS TEXT) IS NULL OR country = CAST($2 AS TEXT))".  Backend-specific settings (pragmas,
 * isolation) live in the backend.
 *
 * Statements are cached per connection, keyed by the address of the SQL
 * text, so modules pass string literals and get a prepared statement back
 * that is reused on every call.  Ownership: the store owns every statement;
 * a caller must store_reset() a statement when done with it.
 */
#ifndef SERAI_STORE_STORE_H
#define SERAI_STORE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

typedef struct store store;
typedef struct store_stmt store_stmt;

/* Open (creating if needed) the database at uri and bring its schema up to
 * date.  On success *out owns the connection; release it with store_close. */
serai_code store_open(const char *uri, store **out, serai_err *err)
    __attribute__((warn_unused_result));
/* Open without applying migrations; fails if the schema is not current. */
serai_code store_open_existing(const char *uri, store **out, serai_err *err)
    __attribute__((warn_unused_result));
void store_close(store *s);

/* Schema version the database is at, and the one this build expects. */
int store_schema_version(store *s);
int store_schema_latest(const store *s);

/* Name of the backend ("sqlite"), for logs and /healthz. */
const char *store_backend_name(const store *s);

/* Run SQL without parameters or result rows. */
serai_code store_exec(store *s, const char *sql, serai_err *err)
    __attribute__((warn_unused_result));

/* The cached prepared statement for sql (a string literal). */
serai_code store_prepare(store *s, const char *sql, store_stmt **out,
                         serai_err *err) __attribute__((warn_unused_result));

/* A statement for SQL built at run time: not cached, and released with
 * store_finalize.  Used by whole-database tools (store_copy), never by
 * module code, which keeps its SQL in literals. */
serai_code store_prepare_once(store *s, const char *sql, store_stmt **out,
                              serai_err *err) __attribute__((warn_unused_result));
void store_finalize(store_stmt *st);

/* Bind parameter $idx (1-based).  Text is copied; NULL text binds SQL NULL. */
void store_bind_int64(store_stmt *st, int idx, int64_t v);
void store_bind_text(store_stmt *st, int idx, const char *v);
void store_bind_null(store_stmt *st, int idx);
void store_bind_bool(store_stmt *st, int idx, bool v);

/* Advance: STORE_ROW when a row is ready, STORE_DONE at the end, STORE_ERROR
 * (err filled: ECONFLICT for a unique violation, EUNPROCESSABLE for a broken
 * reference, ERETRY when the transaction may simply be run again, ESTORE
 * otherwise). */
enum { STORE_ERROR = -1, STORE_DONE = 0, STORE_ROW = 1 };
int store_step(store_stmt *st, serai_err *err);

/* Columns of the current row (0-based).  Text stays valid until the next
 * step or reset; SQL NULL reads as NULL text, 0 integer. */
int64_t store_col_int64(store_stmt *st, int col);
const char *store_col_text(store_stmt *st, int col);
bool store_col_null(store_stmt *st, int col);

/* Shape of the current result: column count, names, and the type of a
 * value (STORE_NULL, STORE_INT or STORE_TEXT) as the database holds it. */
enum { STORE_NULL = 0, STORE_INT = 1, STORE_TEXT = 2 };
int store_col_count(store_stmt *st);
const char *store_col_name(store_stmt *st, int col);
int store_col_type(store_stmt *st, int col);

/* Done with the statement: reset it and clear its bindings. */
void store_reset(store_stmt *st);

/* Run a statement expected to change rows; returns the code and, in
 * *changes (may be NULL), how many rows it changed.  Resets st. */
serai_code store_run(store_stmt *st, int64_t *changes, serai_err *err);

/* Write transactions.  store_begin takes the write lock up front so that
 * concurrent writers queue instead of failing half-way.  Nested begin is a
 * bug.  store_rollback is safe to call when no transaction is open. */
serai_code store_begin(store *s, serai_err *err) __attribute__((warn_unused_result));
serai_code store_commit(store *s, serai_err *err) __attribute__((warn_unused_result));
void store_rollback(store *s);
bool store_in_transaction(const store *s);

/* A LIKE pattern matching any text that contains q literally: "%q%" with
 * %, _ and \ escaped; use it with ESCAPE '\'.  Caller frees. */
char *store_like_contains(const char *q);

/* The integer in the first column of the first row of sql, with $1 bound
 * to a text (store_lookup_text) or an integer (store_lookup_id); *out is 0
 * when there is no row.  For "the id of the row with this key" and
 * "does this row exist" questions. */
serai_code store_lookup_text(store *s, const char *sql, const char *arg,
                             int64_t *out, serai_err *err)
    __attribute__((warn_unused_result));
serai_code store_lookup_id(store *s, const char *sql, int64_t arg,
                           int64_t *out, serai_err *err)
    __attribute__((warn_unused_result));

/* Bulk loading (the demo): relax durability of each commit, since a load
 * that fails is simply run again on a fresh database.  Off restores the
 * normal, fully durable commits. */
serai_code store_bulk_load(store *s, bool on, serai_err *err);

/* Re-establish the connection if it was lost and no transaction is open;
 * SERAI_OK when it is usable (always, for an embedded database). */
serai_code store_recover(store *s, serai_err *err);

/*
 * Whole-database operations (store/transfer.c).
 *
 * store_copy moves every table of `from` into `to`, whose schema must be
 * current and whose tables must be empty, keeping every id and every audit
 * record as it is, in one transaction on `to`.  progress (may be NULL) is
 * called per table with the rows copied.
 */
typedef void (*store_progress_fn)(void *ctx, const char *table, int64_t rows);
serai_code store_copy(store *from, store *to, store_progress_fn progress,
                      void *ctx, serai_err *err) __attribute__((warn_unused_result));
/* A consistent copy of the open database into the file out: SQLite's
 * online backup (a database file), PostgreSQL's pg_dump (custom format). */
serai_code store_backup(store *s, const char *out, serai_err *err)
    __attribute__((warn_unused_result));
/* Replace the contents of the database at uri by the backup in file from
 * (made by store_backup for the same backend). */
serai_code store_restore(const char *uri, const char *from, serai_err *err)
    __attribute__((warn_unused_result));

/* Cheap liveness probe for /healthz. */
serai_code store_ping(store *s, serai_err *err);

/*
 * store_pool: a fixed set of connections shared by server threads.
 * store_pool_acquire blocks until one is free; every acquire is paired with
 * store_pool_release.
 */
typedef struct store_pool store_pool;
serai_code store_pool_open(const char *uri, int size, store_pool **out,
                           serai_err *err) __attribute__((warn_unused_result));
store *store_pool_acquire(store_pool *p);
void store_pool_release(store_pool *p, store *s);
void store_pool_close(store_pool *p);

#endif
