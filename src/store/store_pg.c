/*
 * store_pg.c -- the PostgreSQL backend of the storage interface (libpq).
 *
 * Statements are prepared on the server the first time they run, with the
 * parameter types of that first binding (int8 for integers, text for text,
 * left to the server for NULL), and reused by name afterwards; all values
 * travel as text.  A statement's result is read whole, so step() walks rows
 * in memory; lists are paginated, so results stay small.
 *
 * Writers are serialised by a transaction-level advisory lock taken at
 * BEGIN, as SQLite's BEGIN IMMEDIATE serialises them: every write
 * transaction sees all that committed before it, reads under READ
 * COMMITTED take a fresh snapshot per statement after the lock is held, and
 * invariants that span rows (audit chain, balances, counts) hold without
 * write skew.  Serialization failures and deadlocks, should a statement
 * outside that scheme meet one, are reported as SERAI_ERETRY for the
 * caller to run the whole transaction again.
 *
 * A connection that drops is reset when the store is next used outside a
 * transaction; prepared statements are then prepared again (the connection
 * generation tells which are stale).
 */
#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#include "core/mem.h"
#include "store/backend.h"

#define PG_MAX_PARAMS 64
#define PG_OID_INT8 20
#define PG_OID_TEXT 25
/* The advisory lock key every writer takes: "serai" in ASCII. */
#define PG_WRITE_LOCK "7300777397105"

extern const store_migration pg_migrations[];

typedef struct pg_conn {
    PGconn *conn;
    char *uri;
    unsigned generation; /* bumped when the connection is re-established */
    unsigned next_name;
    int64_t changes;
} pg_conn;

typedef struct pg_stmt {
    pg_conn *c;
    const char *sql;
    char name[24];
    unsigned prepared_gen;  /* 0 = not prepared on this connection */
    int nparams;
    char *values[PG_MAX_PARAMS];
    unsigned types[PG_MAX_PARAMS];
    PGresult *res;
    int row, nrows;
} pg_stmt;

/* Map a failed result (or a lost connection) to a library error. */
static serai_code fail_result(pg_conn *c, PGresult *res, serai_err *err)
{
    if (PQstatus(c->conn) == CONNECTION_BAD)
        return serai_fail(err, SERAI_ERETRY, NULL,
                          "the connection to the database was lost");
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(c->conn);
    const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)
                             : NULL;
    if (detail == NULL)
        detail = msg ? msg : "unknown error";
    if (state == NULL)
        return serai_fail(err, SERAI_ESTORE, NULL, "database error: %s", detail);
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0)
        return serai_fail(err, SERAI_ERETRY, NULL,
                          "the database asked to run the transaction again (%s)",
                          state);
    if (strcmp(state, "23505") == 0)
        return serai_fail(err, SERAI_ECONFLICT, NULL, "already exists (%s)",
                          detail);
    if (strcmp(state, "23503") == 0)
        return serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                          "refers to something that does not exist");
    if (strncmp(state, "23", 2) == 0)
        return serai_fail(err, SERAI_EUNPROCESSABLE, NULL, "%s", detail);
    if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0)
        return serai_fail(err, SERAI_ERETRY, NULL,
                          "the connection to the database was lost (%s)", state);
    if (strncmp(state, "42", 2) == 0)
        return serai_fail(err, SERAI_EINTERNAL, NULL, "bad SQL (%s): %s", state,
                          detail);
    return serai_fail(err, SERAI_ESTORE, NULL, "database error %s: %s", state,
                      detail);
}

/* libpq would print notices to stderr; the library prints nothing. */
static void ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* libpq's messages end in newlines and may span lines; serai's are one. */
static void one_line(const char *in, char *out, size_t size)
{
    size_t n = 0;
    bool space = false;
    for (; *in && n + 1 < size; in++) {
        if (*in == '\n' || *in == '\t' || *in == '\r' || *in == ' ') {
            space = n > 0;
            continue;
        }
        if (space && n + 2 < size)
            out[n++] = ' ';
        space = false;
        out[n++] = *in;
    }
    out[n] = '\0';
}

static serai_code connect_to(pg_conn *c, serai_err *err)
{
    c->conn = PQconnectdb(c->uri);
    if (c->conn == NULL)
        return serai_fail(err, SERAI_ESTORE, "/db", "out of memory connecting");
    if (PQstatus(c->conn) != CONNECTION_OK) {
        char msg[300];
        one_line(PQerrorMessage(c->conn), msg, sizeof msg);
        PQfinish(c->conn);
        c->conn = NULL;
        return serai_fail(err, SERAI_ESTORE, "/db",
                          "cannot connect to PostgreSQL: %s", msg);
    }
    PQsetNoticeProcessor(c->conn, ignore_notice, NULL);
    PGresult *res = PQexec(c->conn, "SET client_encoding = 'UTF8'; "
                                    "SET standard_conforming_strings = on; "
                                    "SET TIME ZONE 'UTC'");
    serai_code rc = PQresultStatus(res) == PGRES_COMMAND_OK
                        ? SERAI_OK
                        : fail_result(c, res, err);
    PQclear(res);
    c->generation++;
    return rc;
}

static serai_code pg_open(const char *uri, bool create, void **out,
                          serai_err *err)
{
    (void)create; /* a PostgreSQL database is created by its administrator */
    char *why = NULL;
    PQconninfoOption *opts = PQconninfoParse(uri, &why);
    if (opts == NULL) {
        char msg[300];
        one_line(why ? why : "out of memory", msg, sizeof msg);
        serai_fail(err, SERAI_EINVAL, "/db",
                   "malformed PostgreSQL connection string: %s", msg);
        PQfreemem(why);
        return SERAI_EINVAL;
    }
    PQconninfoFree(opts);
    pg_conn *c = xcalloc(1, sizeof *c);
    c->uri = xstrdup(uri);
    serai_code rc = connect_to(c, err);
    if (rc != SERAI_OK) {
        free(c->uri);
        free(c);
        return rc;
    }
    *out = c;
    return SERAI_OK;
}

static void pg_close(void *conn)
{
    pg_conn *c = conn;
    PQfinish(c->conn);
    free(c->uri);
    free(c);
}

static serai_code pg_exec(void *conn, const char *sql, serai_err *err)
{
    pg_conn *c = conn;
    PGresult *res = PQexec(c->conn, sql);
    ExecStatusType st = PQresultStatus(res);
    serai_code rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK
                        ? SERAI_OK
                        : fail_result(c, res, err);
    PQclear(res);
    return rc;
}

/* Highest $n in sql, outside quoted strings and identifiers. */
static int count_params(const char *sql)
{
    int max = 0;
    char quote = 0;
    for (const char *p = sql; *p; p++) {
        if (quote) {
            if (*p == quote)
                quote = 0;
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
        } else if (*p == '$' && isdigit((unsigned char)p[1])) {
            int n = 0;
            while (isdigit((unsigned char)p[1]) && n < 1000)
                n = n * 10 + (*++p - '0');
            if (n > max)
                max = n;
        }
    }
    return max;
}

static serai_code pg_prepare(void *conn, const char *sql, void **out,
                             serai_err *err)
{
    pg_conn *c = conn;
    int n = count_params(sql);
    if (n > PG_MAX_PARAMS)
        return serai_fail(err, SERAI_EINTERNAL, NULL,
                          "more than %d parameters (a bug)", PG_MAX_PARAMS);
    pg_stmt *st = xcalloc(1, sizeof *st);
    st->c = c;
    st->sql = sql;
    st->nparams = n;
    snprintf(st->name, sizeof st->name, "serai_%u", ++c->next_name);
    *out = st;
    return SERAI_OK;
}

static void clear_values(pg_stmt *st)
{
    for (int i = 0; i < st->nparams; i++) {
        free(st->values[i]);
        st->values[i] = NULL;
    }
}

static void pg_reset(void *stmt)
{
    pg_stmt *st = stmt;
    PQclear(st->res);
    st->res = NULL;
    st->row = st->nrows = 0;
    clear_values(st);
}

static void pg_finalize(void *stmt)
{
    pg_stmt *st = stmt;
    pg_reset(st);
    if (st->prepared_gen && st->prepared_gen == st->c->generation &&
        PQstatus(st->c->conn) == CONNECTION_OK) {
        char sql[48];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
        PQclear(PQexec(st->c->conn, sql));
    }
    free(st);
}

static void set_value(pg_stmt *st, int idx, char *v, unsigned type)
{
    if (idx < 1 || idx > st->nparams) {
        free(v);
        return;
    }
    free(st->values[idx - 1]);
    st->values[idx - 1] = v;
    if (st->prepared_gen == 0)
        st->types[idx - 1] = type;
}

static void pg_bind_int64(void *stmt, int idx, int64_t v)
{
    char text[24];
    snprintf(text, sizeof text, "%" PRId64, v);
    set_value(stmt, idx, xstrdup(text), PG_OID_INT8);
}

static void pg_bind_text(void *stmt, int idx, const char *v)
{
    set_value(stmt, idx, xstrdup(v), PG_OID_TEXT);
}

static void pg_bind_null(void *stmt, int idx)
{
    set_value(stmt, idx, NULL, 0);
}

static int pg_step(void *stmt, serai_err *err)
{
    pg_stmt *st = stmt;
    pg_conn *c = st->c;
    if (st->res == NULL) {
        if (st->prepared_gen != c->generation) {
            PGresult *p = PQprepare(c->conn, st->name, st->sql, st->nparams,
                                    (const Oid *)st->types);
            bool ok = PQresultStatus(p) == PGRES_COMMAND_OK;
            if (!ok)
                fail_result(c, p, err);
            PQclear(p);
            if (!ok)
                return STORE_ERROR;
            st->prepared_gen = c->generation;
        }
        st->res = PQexecPrepared(c->conn, st->name, st->nparams,
                                 (const char *const *)st->values, NULL, NULL, 0);
        ExecStatusType status = PQresultStatus(st->res);
        if (status == PGRES_TUPLES_OK) {
            st->nrows = PQntuples(st->res);
            c->changes = st->nrows;
        } else if (status == PGRES_COMMAND_OK) {
            st->nrows = 0;
            c->changes = strtoll(PQcmdTuples(st->res), NULL, 10);
        } else {
            fail_result(c, st->res, err);
            PQclear(st->res);
            st->res = NULL;
            return STORE_ERROR;
        }
        st->row = -1;
    }
    if (++st->row < st->nrows)
        return STORE_ROW;
    return STORE_DONE;
}

static int64_t pg_col_int64(void *stmt, int col)
{
    pg_stmt *st = stmt;
    if (PQgetisnull(st->res, st->row, col))
        return 0;
    const char *v = PQgetvalue(st->res, st->row, col);
    if (v[0] == 't' || v[0] == 'f') /* a boolean expression */
        return v[0] == 't';
    return strtoll(v, NULL, 10);
}

static const char *pg_col_text(void *stmt, int col)
{
    pg_stmt *st = stmt;
    if (PQgetisnull(st->res, st->row, col))
        return NULL;
    return PQgetvalue(st->res, st->row, col);
}

static bool pg_col_null(void *stmt, int col)
{
    pg_stmt *st = stmt;
    return PQgetisnull(st->res, st->row, col);
}

static int pg_col_count(void *stmt)
{
    pg_stmt *st = stmt;
    return st->res ? PQnfields(st->res) : 0;
}

static const char *pg_col_name(void *stmt, int col)
{
    pg_stmt *st = stmt;
    return st->res ? PQfname(st->res, col) : NULL;
}

static int pg_col_type(void *stmt, int col)
{
    pg_stmt *st = stmt;
    if (PQgetisnull(st->res, st->row, col))
        return STORE_NULL;
    switch (PQftype(st->res, col)) {
    case 20: /* int8 */
    case 21: /* int2 */
    case 23: /* int4 */
        return STORE_INT;
    default:
        return STORE_TEXT;
    }
}

/* After explicit ids, the identity of table continues above the largest. */
static serai_code pg_sync_ids(void *conn, const char *table, serai_err *err)
{
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT setval(pg_get_serial_sequence('%s', 'id'), "
             "COALESCE((SELECT max(id) FROM %s), 0) + 1, false)",
             table, table);
    return pg_exec(conn, sql, err);
}

/* Path of a PostgreSQL client tool: the newest installed version's, as
 * pg_dump must be at least as new as the server; else the name on PATH. */
static void tool_path(const char *tool, char *out, size_t size)
{
    snprintf(out, size, "%s", tool);
    for (int v = 30; v >= 10; v--) {
        char p[96];
        snprintf(p, sizeof p, "/usr/lib/postgresql/%d/bin/%s", v, tool);
        if (access(p, X_OK) == 0) {
            snprintf(out, size, "%s", p);
            return;
        }
    }
}

/* Run argv (argv[0] a path or a name on PATH); its stderr is captured into
 * why.  0 when it exited 0. */
static int run_tool(char *const argv[], char *why, size_t why_size)
{
    int pipefd[2];
    why[0] = '\0';
    if (pipe(pipefd) != 0) {
        snprintf(why, why_size, "pipe: %s", strerror(errno));
        return -1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
    posix_spawn_file_actions_addclose(&fa, pipefd[0]);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(pipefd[1]);
    if (rc != 0) {
        close(pipefd[0]);
        snprintf(why, why_size, "cannot run %s: %s", argv[0], strerror(rc));
        return -1;
    }
    size_t used = 0;
    ssize_t n;
    char chunk[512];
    while ((n = read(pipefd[0], chunk, sizeof chunk)) > 0) {
        size_t take = (size_t)n;
        if (used + take >= why_size)
            take = why_size - used - 1;
        memcpy(why + used, chunk, take);
        used += take;
    }
    why[used] = '\0';
    while (used && (why[used - 1] == '\n' || why[used - 1] == ' '))
        why[--used] = '\0';
    close(pipefd[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static serai_code pg_backup(void *conn, const char *uri, const char *out,
                            serai_err *err)
{
    (void)conn;
    if (access(out, F_OK) == 0)
        return serai_fail(err, SERAI_ECONFLICT, "/out",
                          "%s exists; a backup never overwrites a file", out);
    char tool[128], file_arg[1100], db_arg[1100], why[400];
    tool_path("pg_dump", tool, sizeof tool);
    snprintf(file_arg, sizeof file_arg, "--file=%s", out);
    snprintf(db_arg, sizeof db_arg, "--dbname=%s", uri);
    char *argv[] = {tool, "--format=custom", "--no-owner", "--no-privileges",
                    file_arg, db_arg, NULL};
    if (run_tool(argv, why, sizeof why) != 0) {
        unlink(out);
        return serai_fail(err, SERAI_ESTORE, NULL, "pg_dump failed: %s", why);
    }
    return SERAI_OK;
}

static serai_code pg_restore(const char *uri, const char *from, serai_err *err)
{
    if (access(from, R_OK) != 0)
        return serai_fail(err, SERAI_EINVAL, "/from", "cannot read %s: %s", from,
                          strerror(errno));
    char tool[128], db_arg[1100], why[400];
    tool_path("pg_restore", tool, sizeof tool);
    snprintf(db_arg, sizeof db_arg, "--dbname=%s", uri);
    char *argv[] = {tool, "--clean", "--if-exists", "--no-owner",
                    "--no-privileges", "--single-transaction", "--exit-on-error",
                    db_arg, (char *)from, NULL};
    if (run_tool(argv, why, sizeof why) != 0)
        return serai_fail(err, SERAI_ESTORE, NULL, "pg_restore failed: %s", why);
    return SERAI_OK;
}

static int64_t pg_changes(void *conn)
{
    return ((pg_conn *)conn)->changes;
}

static int pg_get_version(void *conn)
{
    pg_conn *c = conn;
    PGresult *res = PQexec(c->conn, "SELECT to_regclass('serai_schema') IS NULL");
    bool missing = PQresultStatus(res) != PGRES_TUPLES_OK ||
                   strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    if (missing)
        return 0;
    res = PQexec(c->conn, "SELECT max(version) FROM serai_schema");
    int v = 0;
    if (PQresultStatus(res) == PGRES_TUPLES_OK && !PQgetisnull(res, 0, 0))
        v = (int)strtol(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return v;
}

static serai_code pg_set_version(void *conn, int version, serai_err *err)
{
    char sql[160];
    snprintf(sql, sizeof sql,
             "CREATE TABLE IF NOT EXISTS serai_schema (version INTEGER NOT NULL);"
             "DELETE FROM serai_schema; INSERT INTO serai_schema VALUES (%d)",
             version);
    return pg_exec(conn, sql, err);
}

static bool pg_healthy(void *conn)
{
    return PQstatus(((pg_conn *)conn)->conn) == CONNECTION_OK;
}

static serai_code pg_reconnect(void *conn, serai_err *err)
{
    pg_conn *c = conn;
    PQfinish(c->conn);
    c->conn = NULL;
    return connect_to(c, err);
}

const store_backend store_pg_backend = {
    .name = "postgres",
    .open = pg_open,
    .close = pg_close,
    .exec = pg_exec,
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .bind_int64 = pg_bind_int64,
    .bind_text = pg_bind_text,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .col_int64 = pg_col_int64,
    .col_text = pg_col_text,
    .col_null = pg_col_null,
    .reset = pg_reset,
    .changes = pg_changes,
    .begin_sql = "BEGIN; SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ")",
    .bulk_on_sql = "SET synchronous_commit = off",
    .bulk_off_sql = "SET synchronous_commit = on",
    .get_version = pg_get_version,
    .set_version = pg_set_version,
    .col_count = pg_col_count,
    .col_name = pg_col_name,
    .col_type = pg_col_type,
    .sync_ids = pg_sync_ids,
    .backup = pg_backup,
    .restore = pg_restore,
    .healthy = pg_healthy,
    .reconnect = pg_reconnect,
    .migrations = pg_migrations,
};
