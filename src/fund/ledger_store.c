/*
 * ledger_store.c -- the ledger kept in the database; see ledger_store.h.
 *
 * A batch runs in three straight steps inside one transaction: load (the
 * due pending transfers, then every id an event names, each looked up
 * once by primary key through a cached statement), apply (fund/ledger.c,
 * in memory), write (inserts and updates through cached statements, many
 * rows per statement).  The
 * write lock is taken up front by store_begin, so the balances read are
 * the balances written over.
 */
#include "fund/ledger_store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "registry/iso.h"

static serai_code db_error(serai_err *err)
{
    return err && err->code != SERAI_OK ? err->code : SERAI_ESTORE;
}

#define ACCOUNT_COLUMNS                                                     \
    "id, currency, code, flags, debits_pending, debits_posted, "           \
    "credits_pending, credits_posted, created_at"
#define TRANSFER_COLUMNS                                                    \
    "id, debit_account_id, credit_account_id, amount, currency, "          \
    "pending_id, timeout, code, flags, reference, created_at, status, "    \
    "expires_at"

static void read_account(store_stmt *st, ledger_account *a)
{
    memset(a, 0, sizeof *a);
    a->id = store_col_int64(st, 0);
    const char *c = store_col_text(st, 1);
    snprintf(a->currency, sizeof a->currency, "%s", c ? c : "");
    a->code = (int32_t)store_col_int64(st, 2);
    a->flags = (uint32_t)store_col_int64(st, 3);
    a->debits_pending = store_col_int64(st, 4);
    a->debits_posted = store_col_int64(st, 5);
    a->credits_pending = store_col_int64(st, 6);
    a->credits_posted = store_col_int64(st, 7);
    a->timestamp = store_col_int64(st, 8);
}

static void read_transfer(store_stmt *st, ledger_transfer *t)
{
    memset(t, 0, sizeof *t);
    t->id = store_col_int64(st, 0);
    t->debit_account_id = store_col_int64(st, 1);
    t->credit_account_id = store_col_int64(st, 2);
    t->amount = store_col_int64(st, 3);
    const char *c = store_col_text(st, 4);
    snprintf(t->currency, sizeof t->currency, "%s", c ? c : "");
    t->pending_id = store_col_int64(st, 5);
    t->timeout = store_col_int64(st, 6);
    t->code = (int32_t)store_col_int64(st, 7);
    t->flags = (uint32_t)store_col_int64(st, 8);
    const char *r = store_col_text(st, 9);
    snprintf(t->reference, sizeof t->reference, "%s", r ? r : "");
    t->timestamp = store_col_int64(st, 10);
    t->status = (ledger_status)store_col_int64(st, 11);
    t->expires_at = store_col_int64(st, 12);
}

/* ---- loading ---- */

/* Put account id into the state if the database has it and the state
 * does not yet. */
static serai_code load_account(store *s, ledger_state *ls, int64_t id,
                               serai_err *err)
{
    if (id <= 0 || ledger_state_account(ls, id) != NULL)
        return SERAI_OK;
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT " ACCOUNT_COLUMNS
                                     " FROM ledger_account WHERE id = $1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    if (r == STORE_ROW) {
        ledger_account a;
        read_account(st, &a);
        ledger_state_load_account(ls, &a);
    }
    store_reset(st);
    return r == STORE_ERROR ? db_error(err) : SERAI_OK;
}

/* Accounts by IN lists of ACCOUNTS_PER_QUERY ids (the unused places
 * repeat the last id), so that a batch takes a few statements, not one
 * per account. */
#define ACCOUNTS_PER_QUERY 32
static serai_code load_accounts(store *s, ledger_state *ls, const int64_t *ids,
                                size_t n, serai_err *err)
{
    serai_code rc = SERAI_OK;
    for (size_t first = 0; first < n && rc == SERAI_OK; first += ACCOUNTS_PER_QUERY) {
        store_stmt *st;
        rc = store_prepare(s, "SELECT " ACCOUNT_COLUMNS " FROM ledger_account "
                              "WHERE id IN ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                              "$10, $11, $12, $13, $14, $15, $16, $17, $18, $19, "
                              "$20, $21, $22, $23, $24, $25, $26, $27, $28, $29, "
                              "$30, $31, $32)", &st, err);
        if (rc != SERAI_OK)
            break;
        size_t k = n - first < ACCOUNTS_PER_QUERY ? n - first : ACCOUNTS_PER_QUERY;
        for (size_t i = 0; i < ACCOUNTS_PER_QUERY; i++)
            store_bind_int64(st, (int)i + 1, ids[first + (i < k ? i : k - 1)]);
        int r;
        while ((r = store_step(st, err)) == STORE_ROW) {
            ledger_account a;
            read_account(st, &a);
            ledger_state_load_account(ls, &a);
        }
        store_reset(st);
        if (r == STORE_ERROR)
            rc = db_error(err);
    }
    return rc;
}

/* Put transfer id (or its failure) and its accounts into the state. */
static serai_code load_transfer(store *s, ledger_state *ls, int64_t id,
                                bool with_accounts, serai_err *err)
{
    if (id <= 0)
        return SERAI_OK;
    serai_code rc;
    const ledger_transfer *have = ledger_state_transfer(ls, id);
    if (have != NULL) {
        int64_t dr = have->debit_account_id, cr = have->credit_account_id;
        if (!with_accounts)
            return SERAI_OK;
        if ((rc = load_account(s, ls, dr, err)) != SERAI_OK)
            return rc;
        return load_account(s, ls, cr, err);
    }
    store_stmt *st;
    rc = store_prepare(s, "SELECT " TRANSFER_COLUMNS
                                     " FROM ledger_transfer WHERE id = $1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    ledger_transfer t;
    bool found = r == STORE_ROW;
    if (found)
        read_transfer(st, &t);
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    if (found) {
        ledger_state_load_transfer(ls, &t);
        if (!with_accounts)
            return SERAI_OK;
        if ((rc = load_account(s, ls, t.debit_account_id, err)) != SERAI_OK)
            return rc;
        return load_account(s, ls, t.credit_account_id, err);
    }
    rc = store_prepare(s, "SELECT result FROM ledger_failed WHERE id = $1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    r = store_step(st, err);
    if (r == STORE_ROW)
        ledger_state_load_failed(ls, id, (ledger_result)store_col_int64(st, 0));
    store_reset(st);
    return r == STORE_ERROR ? db_error(err) : SERAI_OK;
}

/* Every transfer and failed id in [lo, hi]. */
static serai_code load_range(store *s, ledger_state *ls, int64_t lo, int64_t hi,
                             serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT " TRANSFER_COLUMNS
                                     " FROM ledger_transfer WHERE id >= $1 AND id <= $2",
                                  &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, lo);
    store_bind_int64(st, 2, hi);
    int r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        ledger_transfer t;
        read_transfer(st, &t);
        if (ledger_state_transfer(ls, t.id) == NULL)
            ledger_state_load_transfer(ls, &t);
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    rc = store_prepare(s, "SELECT id, result FROM ledger_failed "
                          "WHERE id >= $1 AND id <= $2", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, lo);
    store_bind_int64(st, 2, hi);
    while ((r = store_step(st, err)) == STORE_ROW)
        ledger_state_load_failed(ls, store_col_int64(st, 0),
                                 (ledger_result)store_col_int64(st, 1));
    store_reset(st);
    return r == STORE_ERROR ? db_error(err) : SERAI_OK;
}

/* The pending transfers due at now, with their accounts. */
static serai_code load_due(store *s, ledger_state *ls, int64_t now, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT " TRANSFER_COLUMNS
                                     " FROM ledger_transfer WHERE status = 1 AND "
                                     "expires_at <> 0 AND expires_at <= $1",
                                  &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, now);
    size_t n = 0, cap = 0;
    int64_t *accts = NULL;
    int r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        ledger_transfer t;
        read_transfer(st, &t);
        ledger_state_load_transfer(ls, &t);
        if (n + 2 > cap) {
            cap = cap ? cap * 2 : 16;
            accts = xreallocarray(accts, cap, sizeof *accts);
        }
        accts[n++] = t.debit_account_id;
        accts[n++] = t.credit_account_id;
    }
    store_reset(st);
    rc = r == STORE_ERROR ? db_error(err) : SERAI_OK;
    for (size_t i = 0; i < n && rc == SERAI_OK; i++)
        rc = load_account(s, ls, accts[i], err);
    free(accts);
    return rc;
}

/* ---- writing ---- */

/*
 * Multi-row writes.  A batch changes about two accounts and writes one
 * transfer per event; one statement per row costs a round trip each on a
 * client-server database.  Rows therefore go several at a time through one
 * multi-row statement (an INSERT with TRANSFER_ROWS value lists, an UPDATE
 * ... FROM (VALUES ...) of ACCOUNT_ROWS joined on the id), the remainder
 * one by one; a statement holds at most the store's 64 parameters.  Both
 * backends speak these forms (SQLite since 3.33); VALUES columns are named
 * column1, column2... on both.  The texts are built once and live as long
 * as the program, so the store caches them like literals.
 */
#define TRANSFER_PARAMS 13
#define ACCOUNT_UPDATE_PARAMS 5
#define TRANSFER_ROWS 4  /* 52 parameters */
#define ACCOUNT_ROWS 12  /* 60 parameters */
static char insert_transfers_sql[160 + TRANSFER_ROWS * TRANSFER_PARAMS * 24];
static char update_accounts_sql[320 + ACCOUNT_ROWS * ACCOUNT_UPDATE_PARAMS * 24];
static pthread_once_t write_sql_once = PTHREAD_ONCE_INIT;

/* Append "(CAST($a AS T), $b, ...)" rows to dst: the first row's values
 * carry their types so that both backends know them. */
static size_t values_rows(char *dst, size_t cap, size_t len, int rows, int params,
                          const char *const *types)
{
    int n = 1;
    for (int r = 0; r < rows; r++) {
        len += (size_t)snprintf(dst + len, cap - len, "%s(", r ? ", " : "");
        for (int p = 0; p < params; p++, n++) {
            if (r == 0)
                len += (size_t)snprintf(dst + len, cap - len, "%sCAST($%d AS %s)",
                                        p ? ", " : "", n, types[p]);
            else
                len += (size_t)snprintf(dst + len, cap - len, "%s$%d", p ? ", " : "", n);
        }
        len += (size_t)snprintf(dst + len, cap - len, ")");
    }
    return len;
}

static void build_write_sql(void)
{
    static const char *const ttypes[TRANSFER_PARAMS] = {
        "BIGINT", "BIGINT", "BIGINT", "BIGINT", "TEXT", "BIGINT", "BIGINT",
        "BIGINT", "BIGINT", "TEXT", "BIGINT", "BIGINT", "BIGINT"};
    static const char *const atypes[ACCOUNT_UPDATE_PARAMS] = {
        "BIGINT", "BIGINT", "BIGINT", "BIGINT", "BIGINT"};
    size_t len = (size_t)snprintf(insert_transfers_sql, sizeof insert_transfers_sql,
                                  "INSERT INTO ledger_transfer (" TRANSFER_COLUMNS
                                  ") VALUES ");
    values_rows(insert_transfers_sql, sizeof insert_transfers_sql, len, TRANSFER_ROWS,
                TRANSFER_PARAMS, ttypes);
    len = (size_t)snprintf(update_accounts_sql, sizeof update_accounts_sql,
                           "UPDATE ledger_account SET debits_pending = v.column2, "
                           "debits_posted = v.column3, credits_pending = v.column4, "
                           "credits_posted = v.column5 FROM (VALUES ");
    len = values_rows(update_accounts_sql, sizeof update_accounts_sql, len, ACCOUNT_ROWS,
                      ACCOUNT_UPDATE_PARAMS, atypes);
    snprintf(update_accounts_sql + len, sizeof update_accounts_sql - len,
             ") AS v WHERE ledger_account.id = v.column1");
}

static void bind_transfer(store_stmt *st, int base, const ledger_transfer *t)
{
    store_bind_int64(st, base + 1, t->id);
    store_bind_int64(st, base + 2, t->debit_account_id);
    store_bind_int64(st, base + 3, t->credit_account_id);
    store_bind_int64(st, base + 4, t->amount);
    store_bind_text(st, base + 5, t->currency);
    store_bind_int64(st, base + 6, t->pending_id);
    store_bind_int64(st, base + 7, t->timeout);
    store_bind_int64(st, base + 8, t->code);
    store_bind_int64(st, base + 9, t->flags);
    store_bind_text(st, base + 10, t->reference);
    store_bind_int64(st, base + 11, t->timestamp);
    store_bind_int64(st, base + 12, t->status);
    store_bind_int64(st, base + 13, t->expires_at);
}

static void bind_balances(store_stmt *st, int base, const ledger_account *a)
{
    store_bind_int64(st, base + 1, a->id);
    store_bind_int64(st, base + 2, a->debits_pending);
    store_bind_int64(st, base + 3, a->debits_posted);
    store_bind_int64(st, base + 4, a->credits_pending);
    store_bind_int64(st, base + 5, a->credits_posted);
}

static serai_code write_changes(store *s, ledger_state *ls, int64_t now,
                                serai_err *err)
{
    pthread_once(&write_sql_once, build_write_sql);
    char bad[4] = "";
    if (!ledger_state_deltas_balance(ls, bad))
        return serai_fail(err, SERAI_EINTERNAL, NULL,
                          "the batch's debits and credits in %s differ; "
                          "nothing was saved", bad);
    ledger_changes ch;
    ledger_state_changes(ls, &ch);
    store_stmt *st;
    serai_code rc = SERAI_OK;
    for (size_t i = 0; i < ch.n_new_accounts && rc == SERAI_OK; i++) {
        const ledger_account *a = ch.new_accounts[i];
        if ((rc = store_prepare(s, "INSERT INTO ledger_account (" ACCOUNT_COLUMNS
                                   ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                                &st, err)) != SERAI_OK)
            break;
        store_bind_int64(st, 1, a->id);
        store_bind_text(st, 2, a->currency);
        store_bind_int64(st, 3, a->code);
        store_bind_int64(st, 4, a->flags);
        store_bind_int64(st, 5, a->debits_pending);
        store_bind_int64(st, 6, a->debits_posted);
        store_bind_int64(st, 7, a->credits_pending);
        store_bind_int64(st, 8, a->credits_posted);
        store_bind_int64(st, 9, a->timestamp);
        rc = store_run(st, NULL, err);
    }
    size_t i = 0;
    for (; i + ACCOUNT_ROWS <= ch.n_dirty_accounts && rc == SERAI_OK; i += ACCOUNT_ROWS) {
        if ((rc = store_prepare(s, update_accounts_sql, &st, err)) != SERAI_OK)
            break;
        for (int r = 0; r < ACCOUNT_ROWS; r++)
            bind_balances(st, r * ACCOUNT_UPDATE_PARAMS, ch.dirty_accounts[i + (size_t)r]);
        int64_t changed = 0;
        rc = store_run(st, &changed, err);
        if (rc == SERAI_OK && changed != ACCOUNT_ROWS)
            rc = serai_fail(err, SERAI_EINTERNAL, NULL,
                            "%lld of %d account rows updated; nothing was saved",
                            (long long)changed, ACCOUNT_ROWS);
    }
    for (; i < ch.n_dirty_accounts && rc == SERAI_OK; i++) {
        const ledger_account *a = ch.dirty_accounts[i];
        if ((rc = store_prepare(s, "UPDATE ledger_account SET debits_pending = $2, "
                                   "debits_posted = $3, credits_pending = $4, "
                                   "credits_posted = $5 WHERE id = $1",
                                &st, err)) != SERAI_OK)
            break;
        bind_balances(st, 0, a);
        rc = store_run(st, NULL, err);
    }
    i = 0;
    for (; i + TRANSFER_ROWS <= ch.n_new_transfers && rc == SERAI_OK; i += TRANSFER_ROWS) {
        if ((rc = store_prepare(s, insert_transfers_sql, &st, err)) != SERAI_OK)
            break;
        for (int r = 0; r < TRANSFER_ROWS; r++)
            bind_transfer(st, r * TRANSFER_PARAMS, ch.new_transfers[i + (size_t)r]);
        rc = store_run(st, NULL, err);
    }
    for (; i < ch.n_new_transfers && rc == SERAI_OK; i++) {
        if ((rc = store_prepare(s, "INSERT INTO ledger_transfer (" TRANSFER_COLUMNS
                                   ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                                   "$10, $11, $12, $13)",
                                &st, err)) != SERAI_OK)
            break;
        bind_transfer(st, 0, ch.new_transfers[i]);
        rc = store_run(st, NULL, err);
    }
    /* Only a pending transfer's status ever changes, and only once. */
    for (size_t i = 0; i < ch.n_status_changed && rc == SERAI_OK; i++) {
        const ledger_transfer *t = ch.status_changed[i];
        if ((rc = store_prepare(s, "UPDATE ledger_transfer SET status = $2 "
                                   "WHERE id = $1 AND status = 1",
                                &st, err)) != SERAI_OK)
            break;
        store_bind_int64(st, 1, t->id);
        store_bind_int64(st, 2, t->status);
        int64_t changed = 0;
        rc = store_run(st, &changed, err);
        if (rc == SERAI_OK && changed != 1)
            rc = serai_fail(err, SERAI_ERETRY, NULL,
                            "pending transfer %lld changed meanwhile; nothing "
                            "was saved", (long long)t->id);
    }
    for (size_t i = 0; i < ch.n_failed && rc == SERAI_OK; i++) {
        if ((rc = store_prepare(s, "INSERT INTO ledger_failed (id, result, failed_at) "
                                   "VALUES ($1, $2, $3)",
                                &st, err)) != SERAI_OK)
            break;
        store_bind_int64(st, 1, ch.failed_ids[i]);
        store_bind_int64(st, 2, ch.failed_results[i]);
        store_bind_int64(st, 3, now);
        rc = store_run(st, NULL, err);
    }
    return rc;
}

static serai_code check_batch(size_t n, serai_err *err)
{
    if (n > LEDGER_BATCH_MAX)
        return serai_fail(err, SERAI_ETOOLARGE, NULL,
                          "a batch holds at most %d events, not %zu",
                          LEDGER_BATCH_MAX, n);
    return SERAI_OK;
}

serai_code ledger_store_apply_accounts(store *s, const ledger_account *accounts,
                                       size_t n, int64_t now,
                                       ledger_result *results, serai_err *err)
{
    serai_code rc = check_batch(n, err);
    if (rc != SERAI_OK)
        return rc;
    ledger_state *ls = ledger_state_new();
    for (size_t i = 0; i < n && rc == SERAI_OK; i++)
        rc = load_account(s, ls, accounts[i].id, err);
    if (rc == SERAI_OK) {
        ledger_create_accounts(ls, accounts, n, now, results);
        rc = write_changes(s, ls, now, err);
    }
    ledger_state_free(ls);
    return rc;
}

serai_code ledger_store_create_accounts(store *s, const ledger_account *accounts,
                                        size_t n, int64_t now,
                                        ledger_result *results, serai_err *err)
{
    serai_code rc = check_batch(n, err);
    if (rc == SERAI_OK)
        rc = store_begin(s, err);
    if (rc != SERAI_OK)
        return rc;
    rc = ledger_store_apply_accounts(s, accounts, n, now, results, err);
    if (rc == SERAI_OK)
        rc = store_commit(s, err);
    if (rc != SERAI_OK)
        store_rollback(s);
    return rc;
}

serai_code ledger_store_apply_transfers(store *s, const ledger_transfer *transfers,
                                        size_t n, int64_t now,
                                        ledger_result *results, serai_err *err)
{
    serai_code rc = check_batch(n, err);
    if (rc != SERAI_OK)
        return rc;
    ledger_state *ls = ledger_state_new();
    rc = load_due(s, ls, now, err);
    /* The batch's own ids: one range query when they are close together
     * (clients count up), else one lookup each. */
    int64_t lo = INT64_MAX, hi = 0;
    for (size_t i = 0; i < n; i++)
        if (transfers[i].id > 0) {
            lo = transfers[i].id < lo ? transfers[i].id : lo;
            hi = transfers[i].id > hi ? transfers[i].id : hi;
        }
    bool by_range = hi > 0 && (uint64_t)(hi - lo) < 4 * (uint64_t)n + 64;
    if (rc == SERAI_OK && by_range)
        rc = load_range(s, ls, lo, hi, err);
    for (size_t i = 0; i < n && rc == SERAI_OK; i++) {
        const ledger_transfer *t = &transfers[i];
        if (!by_range)
            rc = load_transfer(s, ls, t->id, false, err);
        if (rc == SERAI_OK)
            rc = load_transfer(s, ls, t->pending_id, true, err);
    }
    /* The accounts the events name, each id once. */
    int64_t *ids = xreallocarray(NULL, 2 * n + 1, sizeof *ids);
    size_t n_ids = 0;
    ledger_state *seen = ledger_state_new();
    for (size_t i = 0; i < n && rc == SERAI_OK; i++) {
        int64_t two[2] = {transfers[i].debit_account_id,
                          transfers[i].credit_account_id};
        for (int j = 0; j < 2; j++) {
            if (two[j] <= 0 || ledger_state_account(ls, two[j]) != NULL ||
                ledger_state_account(seen, two[j]) != NULL)
                continue;
            ledger_account mark = {.id = two[j]};
            ledger_state_load_account(seen, &mark);
            ids[n_ids++] = two[j];
        }
    }
    ledger_state_free(seen);
    if (rc == SERAI_OK)
        rc = load_accounts(s, ls, ids, n_ids, err);
    free(ids);
    if (rc == SERAI_OK) {
        ledger_create_transfers(ls, transfers, n, now, results);
        rc = write_changes(s, ls, now, err);
    }
    ledger_state_free(ls);
    return rc;
}

serai_code ledger_store_create_transfers(store *s, const ledger_transfer *transfers,
                                         size_t n, int64_t now,
                                         ledger_result *results, serai_err *err)
{
    serai_code rc = check_batch(n, err);
    if (rc == SERAI_OK)
        rc = store_begin(s, err);
    if (rc != SERAI_OK)
        return rc;
    rc = ledger_store_apply_transfers(s, transfers, n, now, results, err);
    if (rc == SERAI_OK)
        rc = store_commit(s, err);
    if (rc != SERAI_OK)
        store_rollback(s);
    return rc;
}

serai_code ledger_store_expire(store *s, int64_t now, int64_t *expired,
                               serai_err *err)
{
    serai_code rc = store_begin(s, err);
    if (rc != SERAI_OK)
        return rc;
    ledger_state *ls = ledger_state_new();
    rc = load_due(s, ls, now, err);
    if (rc == SERAI_OK) {
        ledger_create_transfers(ls, NULL, 0, now, NULL);
        ledger_changes ch;
        ledger_state_changes(ls, &ch);
        if (expired)
            *expired = (int64_t)ch.n_status_changed;
        rc = write_changes(s, ls, now, err);
    }
    if (rc == SERAI_OK)
        rc = store_commit(s, err);
    if (rc != SERAI_OK)
        store_rollback(s);
    ledger_state_free(ls);
    return rc;
}

/* ---- reading ---- */

serai_code ledger_store_account(store *s, int64_t id, ledger_account *out,
                                serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT " ACCOUNT_COLUMNS
                                     " FROM ledger_account WHERE id = $1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    if (r == STORE_ROW)
        read_account(st, out);
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    if (r == STORE_DONE)
        return serai_fail(err, SERAI_ENOTFOUND, "/id", "no ledger account %lld",
                          (long long)id);
    return SERAI_OK;
}

serai_code ledger_store_transfer(store *s, int64_t id, ledger_transfer *out,
                                 serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT " TRANSFER_COLUMNS
                                     " FROM ledger_transfer WHERE id = $1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    if (r == STORE_ROW)
        read_transfer(st, out);
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    if (r == STORE_DONE)
        return serai_fail(err, SERAI_ENOTFOUND, "/id", "no ledger transfer %lld",
                          (long long)id);
    return SERAI_OK;
}

serai_code ledger_store_totals(store *s, ledger_total *out, size_t max,
                               size_t *n, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT currency, count(*), sum(debits_pending), sum(debits_posted), "
           "sum(credits_pending), sum(credits_posted) FROM ledger_account "
           "GROUP BY currency ORDER BY currency", &st, err);
    if (rc != SERAI_OK)
        return rc;
    *n = 0;
    int r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        if (*n == max) {
            store_reset(st);
            return serai_fail(err, SERAI_ETOOLARGE, NULL,
                              "more than %zu currencies in the ledger", max);
        }
        ledger_total *t = &out[(*n)++];
        const char *c = store_col_text(st, 0);
        snprintf(t->currency, sizeof t->currency, "%s", c ? c : "");
        t->accounts = store_col_int64(st, 1);
        t->debits_pending = store_col_int64(st, 2);
        t->debits_posted = store_col_int64(st, 3);
        t->credits_pending = store_col_int64(st, 4);
        t->credits_posted = store_col_int64(st, 5);
    }
    store_reset(st);
    return r == STORE_ERROR ? db_error(err) : SERAI_OK;
}

serai_code ledger_store_check(store *s, serai_err *err)
{
    ledger_total totals[256];
    size_t n;
    serai_code rc = ledger_store_totals(s, totals, 256, &n, err);
    if (rc != SERAI_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (totals[i].debits_pending != totals[i].credits_pending ||
            totals[i].debits_posted != totals[i].credits_posted)
            return serai_fail(err, SERAI_EINTERNAL, NULL,
                              "ledger out of balance in %s", totals[i].currency);
    return SERAI_OK;
}

/* ---- exchange rates and reports ---- */

serai_code ledger_store_rate_put(store *s, const ledger_rate *rate, serai_err *err)
{
    int64_t probe;
    ledger_rate check = *rate;
    if (iso_currency_by_code(rate->base) == NULL)
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/base", "unknown currency");
    if (iso_currency_by_code(rate->quote) == NULL)
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/quote", "unknown currency");
    if (!ledger_convert(&check, 1, &probe))
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/rate",
                          "a rate is a positive decimal with at most 15 "
                          "significant and 12 fraction digits");
    if (strlen(rate->date) != 10 || rate->date[4] != '-' || rate->date[7] != '-')
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/date",
                          "a date is YYYY-MM-DD");
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "INSERT INTO ledger_rate (base, quote, day, rate) VALUES ($1, $2, $3, $4) "
           "ON CONFLICT (base, quote, day) DO UPDATE SET rate = excluded.rate",
        &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_text(st, 1, rate->base);
    store_bind_text(st, 2, rate->quote);
    store_bind_text(st, 3, rate->date);
    store_bind_text(st, 4, rate->rate);
    return store_run(st, NULL, err);
}

serai_code ledger_store_rate_on(store *s, const char *base, const char *quote,
                                const char *day, ledger_rate *out, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT day, rate FROM ledger_rate WHERE base = $1 AND quote = $2 "
           "AND day <= $3 ORDER BY day DESC LIMIT 1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_text(st, 1, base);
    store_bind_text(st, 2, quote);
    store_bind_text(st, 3, day);
    int r = store_step(st, err);
    if (r == STORE_ROW) {
        memset(out, 0, sizeof *out);
        snprintf(out->base, sizeof out->base, "%s", base);
        snprintf(out->quote, sizeof out->quote, "%s", quote);
        snprintf(out->date, sizeof out->date, "%s", store_col_text(st, 0));
        snprintf(out->rate, sizeof out->rate, "%s", store_col_text(st, 1));
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    if (r == STORE_DONE)
        return serai_fail(err, SERAI_ENOTFOUND, "/date",
                          "no %s/%s rate on or before %s", base, quote, day);
    return SERAI_OK;
}

serai_code ledger_store_report(store *s, int64_t account_id, const char *reporting,
                               const char *day, ledger_report *out, serai_err *err)
{
    memset(out, 0, sizeof *out);
    if (iso_currency_by_code(reporting) == NULL)
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/currency",
                          "unknown reporting currency");
    serai_code rc = ledger_store_account(s, account_id, &out->account, err);
    if (rc != SERAI_OK)
        return rc;
    if (__builtin_sub_overflow(out->account.credits_posted,
                               out->account.debits_posted, &out->balance))
        return serai_fail(err, SERAI_EINTERNAL, NULL, "balance overflows");
    snprintf(out->reporting, sizeof out->reporting, "%s", reporting);
    out->rounding = LEDGER_ROUNDING_RULE;
    if (strcmp(out->account.currency, reporting) == 0) {
        snprintf(out->rate.base, sizeof out->rate.base, "%s", reporting);
        snprintf(out->rate.quote, sizeof out->rate.quote, "%s", reporting);
        snprintf(out->rate.date, sizeof out->rate.date, "%s", day);
        snprintf(out->rate.rate, sizeof out->rate.rate, "1");
        out->reported = out->balance;
        return SERAI_OK;
    }
    rc = ledger_store_rate_on(s, out->account.currency, reporting, day, &out->rate, err);
    if (rc != SERAI_OK)
        return rc;
    if (!ledger_convert(&out->rate, out->balance, &out->reported))
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/currency",
                          "the balance in %s overflows", reporting);
    return SERAI_OK;
}
