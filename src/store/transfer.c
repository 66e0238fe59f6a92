/*
 * transfer.c -- whole-database operations: copying an organisation's data
 * from one database to another (SQLite to PostgreSQL, or any pair) with
 * every id and audit record kept, and backup and restore.
 *
 * The copy knows the tables and their order (parents before children), and
 * nothing about their columns: it reads SELECT * and writes the values with
 * the types the source holds.  A column that refers to a row of its own
 * table (an organisation's parent) is written in a second pass, so that the
 * order of ids does not matter.  Every module that adds tables adds them to
 * copy_tables below.
 *
 * Left out on purpose: search_doc and SQLite's search_fts, the partner
 * search index (exchange/search.h), whose form differs between the
 * backends (FTS5 beside a tsvector column); `serai migrate` rebuilds it
 * in the target with search_reindex.  Backup and restore keep it as is.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "store/backend.h"
#include "store/store.h"

typedef struct copy_table {
    const char *name;
    const char *self_ref; /* column naming a row of the same table, or NULL */
    bool no_identity;     /* keyed otherwise than by an identity column "id" */
} copy_table;

static const copy_table copy_tables[] = {
    {"organization", "parent_id", false},
    {"person", NULL, false},
    {"affiliation", NULL, false},
    {"publication", NULL, false},
    {"membership", NULL, false},
    {"account", NULL, false},
    {"auth_token", NULL, true},
    {"login_failure", NULL, true},
    {"call", NULL, false},
    {"call_stage", NULL, false},
    {"call_funder", NULL, false},
    {"call_rules", NULL, false},
    {"proposal", NULL, false},
    {"proposal_partner", NULL, false},
    {"proposal_person", NULL, false},
    {"budget_line", NULL, false},
    {"review_setup", NULL, false},
    {"reviewer", NULL, false},
    {"declared_conflict", NULL, false},
    {"review", NULL, false},
    {"consensus", NULL, false},
    {"ledger_account", NULL, false},
    {"ledger_transfer", NULL, false},
    {"ledger_failed", NULL, false},
    {"ledger_rate", NULL, false},
    {"fund", NULL, false},
    {"fund_account", NULL, false},
    {"fund_contribution", NULL, false},
    {"fund_encashment", NULL, false},
    {"fund_commitment", NULL, false},
    {"fund_txn", NULL, false},
    {"selection_run", NULL, false},
    {"funding_decision", NULL, false},
    {"call_decision", NULL, false},
    {"award", NULL, false},
    {"award_milestone", NULL, false},
    {"award_report", NULL, false},
    {"award_tranche", NULL, false},
    {"award_cofunding", NULL, false},
    {"agenda_process", NULL, false},
    {"agenda_member", NULL, true},
    {"agenda_issue", NULL, false},
    {"agenda_issue_text", NULL, true},
    {"agenda_support", NULL, true},
    {"agenda_comment", "parent_id", false},
    {"agenda_amendment", NULL, false},
    {"agenda_ballot", NULL, false},
    {"agenda_link", NULL, true},
    {"platform", NULL, false},
    {"platform_group", NULL, false},
    {"platform_member", NULL, false},
    {"event", NULL, false},
    {"event_room", NULL, false},
    {"event_session", NULL, false},
    {"event_registration", NULL, false},
    {"market_item", NULL, false},
    {"market_interest", NULL, false},
    {"meeting_slot", NULL, false},
    {"meeting_unavailable", NULL, true},
    {"meeting_request", NULL, false},
    {"audit", NULL, true},
};

#define COPY_MAX_COLUMNS 64

static serai_code table_is_empty(store *to, const char *table, serai_err *err)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    store_stmt *st;
    serai_code rc = store_prepare_once(to, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    int r = store_step(st, err);
    int64_t n = r == STORE_ROW ? store_col_int64(st, 0) : 0;
    store_finalize(st);
    if (r == STORE_ERROR)
        return err->code;
    if (n != 0)
        return serai_fail(err, SERAI_ECONFLICT, "/to",
                          "the target already holds %" PRId64 " rows in %s; "
                          "copy into a new, empty database", n, table);
    return SERAI_OK;
}

/* "INSERT INTO t (a, b) VALUES ($1, $2)" for the columns of the result. */
static char *insert_sql(const char *table, store_stmt *src, int ncol)
{
    buf b;
    buf_init(&b, 64 * 1024);
    buf_printf(&b, "INSERT INTO %s (", table);
    for (int c = 0; c < ncol; c++)
        buf_printf(&b, "%s%s", c ? ", " : "", store_col_name(src, c));
    buf_puts(&b, ") VALUES (");
    for (int c = 0; c < ncol; c++)
        buf_printf(&b, "%s$%d", c ? ", " : "", c + 1);
    buf_puts(&b, ")");
    return buf_take(&b, NULL);
}

static void bind_value(store_stmt *dst, int idx, store_stmt *src, int col)
{
    switch (store_col_type(src, col)) {
    case STORE_NULL:
        store_bind_null(dst, idx);
        break;
    case STORE_INT:
        store_bind_int64(dst, idx, store_col_int64(src, col));
        break;
    default:
        store_bind_text(dst, idx, store_col_text(src, col));
        break;
    }
}

/* Copy one table; self references are collected into *refs (id, value
 * pairs) for the second pass. */
static serai_code copy_rows(store *from, store *to, const copy_table *t,
                            int64_t *rows, int64_t **refs, size_t *nrefs,
                            serai_err *err)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY 1", t->name);
    store_stmt *src, *dst = NULL;
    serai_code rc = store_prepare_once(from, sql, &src, err);
    if (rc != SERAI_OK)
        return rc;
    int self_col = -1, id_col = -1, ncol = 0;
    size_t cap = 0;
    int r;
    *rows = 0;
    while (rc == SERAI_OK && (r = store_step(src, err)) == STORE_ROW) {
        if (dst == NULL) {
            ncol = store_col_count(src);
            if (ncol > COPY_MAX_COLUMNS) {
                rc = serai_fail(err, SERAI_EINTERNAL, NULL,
                                "%s has too many columns", t->name);
                break;
            }
            for (int c = 0; c < ncol; c++) {
                if (t->self_ref && strcmp(store_col_name(src, c), t->self_ref) == 0)
                    self_col = c;
                if (strcmp(store_col_name(src, c), "id") == 0)
                    id_col = c;
            }
            char *ins = insert_sql(t->name, src, ncol);
            rc = store_prepare_once(to, ins, &dst, err);
            free(ins);
            if (rc != SERAI_OK)
                break;
        }
        for (int c = 0; c < ncol; c++) {
            if (c == self_col && store_col_type(src, c) != STORE_NULL &&
                id_col >= 0) {
                if (*nrefs + 2 > cap) {
                    cap = cap ? cap * 2 : 256;
                    *refs = xreallocarray(*refs, cap, sizeof **refs);
                }
                (*refs)[(*nrefs)++] = store_col_int64(src, id_col);
                (*refs)[(*nrefs)++] = store_col_int64(src, c);
                store_bind_null(dst, c + 1);
            } else {
                bind_value(dst, c + 1, src, c);
            }
        }
        rc = store_run(dst, NULL, err);
        (*rows)++;
    }
    if (rc == SERAI_OK && r == STORE_ERROR)
        rc = err->code;
    store_finalize(src);
    store_finalize(dst);
    return rc;
}

static serai_code write_refs(store *to, const copy_table *t,
                             const int64_t *refs, size_t nrefs, serai_err *err)
{
    if (nrefs == 0)
        return SERAI_OK;
    char sql[160];
    snprintf(sql, sizeof sql, "UPDATE %s SET %s = $2 WHERE id = $1", t->name,
             t->self_ref);
    store_stmt *st;
    serai_code rc = store_prepare_once(to, sql, &st, err);
    for (size_t i = 0; rc == SERAI_OK && i < nrefs; i += 2) {
        store_bind_int64(st, 1, refs[i]);
        store_bind_int64(st, 2, refs[i + 1]);
        rc = store_run(st, NULL, err);
    }
    store_finalize(st);
    return rc;
}

serai_code store_copy(store *from, store *to, store_progress_fn progress,
                      void *ctx, serai_err *err)
{
    if (store_schema_version(from) != store_schema_latest(from))
        return serai_fail(err, SERAI_ECONFLICT, "/from",
                          "the source is at schema version %d, not %d; run "
                          "serai init on it first",
                          store_schema_version(from), store_schema_latest(from));
    serai_code rc = SERAI_OK;
    for (size_t i = 0; i < sizeof copy_tables / sizeof copy_tables[0]; i++)
        if ((rc = table_is_empty(to, copy_tables[i].name, err)) != SERAI_OK)
            return rc;
    /* The source is held still (its write lock) for a consistent copy. */
    if ((rc = store_begin(from, err)) != SERAI_OK)
        return rc;
    if ((rc = store_begin(to, err)) != SERAI_OK) {
        store_rollback(from);
        return rc;
    }
    for (size_t i = 0; i < sizeof copy_tables / sizeof copy_tables[0] &&
                       rc == SERAI_OK; i++) {
        const copy_table *t = &copy_tables[i];
        int64_t *refs = NULL, rows = 0;
        size_t nrefs = 0;
        rc = copy_rows(from, to, t, &rows, &refs, &nrefs, err);
        if (rc == SERAI_OK)
            rc = write_refs(to, t, refs, nrefs, err);
        free(refs);
        if (rc == SERAI_OK && !t->no_identity)
            rc = store_sync_ids(to, t->name, err);
        if (rc == SERAI_OK && progress)
            progress(ctx, t->name, rows);
    }
    if (rc == SERAI_OK)
        rc = store_commit(to, err);
    if (rc != SERAI_OK)
        store_rollback(to);
    store_rollback(from);
    return rc;
}
