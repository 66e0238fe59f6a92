/*
 * ledger.c -- transfers per second durably committed through the ledger
 * (fund/ledger_store.h) in batches, side by side with a plain
 * one-transaction-per-transfer SQL implementation on the same kind of
 * database (SQLite, WAL, synchronous=FULL, as store_open opens it).
 *
 * Usage: ledger DIR [TRANSFERS [BATCH [ACCOUNTS [PLAIN_TRANSFERS]]]]
 *        defaults 1000000 1000 10000 20000; DIR gets ledger.db and plain.db,
 *        unless LEDGER_DB and PLAIN_DB name two fresh databases (postgres://
 *        URIs: the same comparison on PostgreSQL)
 *
 * Both sides do the same work per transfer: two accounts chosen at random
 * among ACCOUNTS, all flagged "debits must not exceed credits" and funded
 * first, an amount of 1..100 minor units, the overdraft check, both
 * balances updated and the transfer recorded.  Prints one line per side
 * and the ratio; first the pure rules alone on the same transfers.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/init.h"
#include "fund/ledger_store.h"
#include "store/store.h"

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void die(const char *what, const serai_err *err)
{
    fprintf(stderr, "bench/ledger: %s: %s\n", what, err ? err->detail : "");
    exit(1);
}

static store *open_fresh(const char *dir, const char *name)
{
    const char *uri = getenv(strcmp(name, "ledger.db") == 0 ? "LEDGER_DB" : "PLAIN_DB");
    if (uri && *uri) {
        store *s;
        serai_err err;
        if (store_open(uri, &s, &err) != SERAI_OK)
            die("store_open", &err);
        return s;
    }
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    static const char *const suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        char p[1100];
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        remove(p);
    }
    store *s;
    serai_err err;
    if (store_open(path, &s, &err) != SERAI_OK)
        die("store_open", &err);
    return s;
}

#define FUNDING 1000000000LL

static double run_ledger(const char *dir, long n, long batch, long accounts)
{
    store *s = open_fresh(dir, "ledger.db");
    serai_err err;
    ledger_account *a = calloc((size_t)batch, sizeof *a);
    ledger_transfer *t = calloc((size_t)batch, sizeof *t);
    ledger_result *r = calloc((size_t)batch, sizeof *r);
    int64_t bank = accounts + 1;
    /* Accounts 1..accounts (no overdraft) and the bank, funded by it. */
    for (long first = 1; first <= bank; first += batch) {
        long k = 0;
        for (long id = first; id <= bank && k < batch; id++, k++) {
            memset(&a[k], 0, sizeof a[k]);
            a[k].id = id;
            memcpy(a[k].currency, "EUR", 4);
            a[k].flags = id == bank ? 0 : LEDGER_DEBITS_MUST_NOT_EXCEED_CREDITS;
        }
        if (ledger_store_create_accounts(s, a, (size_t)k, 1, r, &err) != SERAI_OK)
            die("create accounts", &err);
    }
    int64_t tid = 1;
    for (long first = 1; first <= accounts; first += batch) {
        long k = 0;
        for (long id = first; id <= accounts && k < batch; id++, k++) {
            memset(&t[k], 0, sizeof t[k]);
            t[k].id = tid++;
            t[k].debit_account_id = bank;
            t[k].credit_account_id = id;
            t[k].amount = FUNDING;
        }
        if (ledger_store_create_transfers(s, t, (size_t)k, 1, r, &err) != SERAI_OK)
            die("fund", &err);
    }
    long failed = 0;
    double t0 = seconds();
    for (long done = 0; done < n; done += batch) {
        long k = n - done < batch ? n - done : batch;
        for (long i = 0; i < k; i++) {
            memset(&t[i], 0, sizeof t[i]);
            t[i].id = tid++;
            t[i].debit_account_id = 1 + (int64_t)(next() % (uint64_t)accounts);
            do
                t[i].credit_account_id = 1 + (int64_t)(next() % (uint64_t)accounts);
            while (t[i].credit_account_id == t[i].debit_account_id);
            t[i].amount = 1 + (int64_t)(next() % 100);
            t[i].code = 1;
        }
        if (ledger_store_create_transfers(s, t, (size_t)k, 2, r, &err) != SERAI_OK)
            die("transfers", &err);
        for (long i = 0; i < k; i++)
            failed += r[i] != LEDGER_OK;
    }
    double el = seconds() - t0;
    if (ledger_store_check(s, &err) != SERAI_OK)
        die("invariant", &err);
    printf("ledger: %ld transfers in batches of %ld over %ld accounts (%s): %.2f s, "
           "%.0f transfers/s (%ld failed)\n", n, batch, accounts,
           store_backend_name(s), el, n / el, failed);
    free(a);
    free(t);
    free(r);
    store_close(s);
    return n / el;
}

/* The pure rules alone: per batch, load the touched accounts from an
 * array, apply, and copy the changed balances back -- the ledger_store
 * pipeline without the database. */
static double run_pure(long n, long batch, long accounts)
{
    ledger_account *book = calloc((size_t)accounts + 1, sizeof *book);
    for (long id = 1; id <= accounts; id++) {
        book[id].id = id;
        memcpy(book[id].currency, "EUR", 4);
        book[id].flags = LEDGER_DEBITS_MUST_NOT_EXCEED_CREDITS;
        book[id].credits_posted = FUNDING;
    }
    ledger_transfer *t = calloc((size_t)batch, sizeof *t);
    ledger_result *r = calloc((size_t)batch, sizeof *r);
    ledger_state *st = ledger_state_new();
    long failed = 0;
    int64_t tid = 1;
    double t0 = seconds();
    for (long done = 0; done < n; done += batch) {
        long k = n - done < batch ? n - done : batch;
        ledger_state_clear(st);
        for (long i = 0; i < k; i++) {
            memset(&t[i], 0, sizeof t[i]);
            t[i].id = tid++;
            t[i].debit_account_id = 1 + (int64_t)(next() % (uint64_t)accounts);
            do
                t[i].credit_account_id = 1 + (int64_t)(next() % (uint64_t)accounts);
            while (t[i].credit_account_id == t[i].debit_account_id);
            t[i].amount = 1 + (int64_t)(next() % 100);
            t[i].code = 1;
            if (ledger_state_account(st, t[i].debit_account_id) == NULL)
                ledger_state_load_account(st, &book[t[i].debit_account_id]);
            if (ledger_state_account(st, t[i].credit_account_id) == NULL)
                ledger_state_load_account(st, &book[t[i].credit_account_id]);
        }
        ledger_create_transfers(st, t, (size_t)k, 2, r);
        for (long i = 0; i < k; i++)
            failed += r[i] != LEDGER_OK;
        char bad[4];
        if (!ledger_state_deltas_balance(st, bad))
            die("pure invariant", NULL);
        ledger_changes ch;
        ledger_state_changes(st, &ch);
        for (size_t i = 0; i < ch.n_dirty_accounts; i++)
            book[ch.dirty_accounts[i]->id] = *ch.dirty_accounts[i];
    }
    double el = seconds() - t0;
    printf("pure:   %ld transfers in batches of %ld, rules only (no database): "
           "%.2f s, %.0f transfers/s (%ld failed)\n", n, batch, el, n / el, failed);
    ledger_state_free(st);
    free(book);
    free(t);
    free(r);
    return n / el;
}

static double run_plain(const char *dir, long n, long accounts)
{
    store *s = open_fresh(dir, "plain.db");
    serai_err err;
    bool pg = strcmp(store_backend_name(s), "sqlite") != 0;
    if (store_exec(s, pg ?
                   "CREATE TABLE plain_account (id BIGINT PRIMARY KEY, "
                   "balance BIGINT NOT NULL, no_overdraft BIGINT NOT NULL);"
                   "CREATE TABLE plain_transfer (id BIGINT PRIMARY KEY, "
                   "debit_account_id BIGINT NOT NULL REFERENCES plain_account(id), "
                   "credit_account_id BIGINT NOT NULL REFERENCES plain_account(id), "
                   "amount BIGINT NOT NULL CHECK (amount > 0), created_at BIGINT NOT NULL)"
                   :
                   "CREATE TABLE plain_account (id INTEGER PRIMARY KEY, "
                   "balance INTEGER NOT NULL, no_overdraft INTEGER NOT NULL);"
                   "CREATE TABLE plain_transfer (id INTEGER PRIMARY KEY, "
                   "debit_account_id INTEGER NOT NULL REFERENCES plain_account(id), "
                   "credit_account_id INTEGER NOT NULL REFERENCES plain_account(id), "
                   "amount INTEGER NOT NULL CHECK (amount > 0), created_at INTEGER NOT NULL)",
                   &err) != SERAI_OK)
        die("plain schema", &err);
    store_stmt *st;
    if (store_begin(s, &err) != SERAI_OK)
        die("begin", &err);
    for (long id = 1; id <= accounts; id++) {
        if (store_prepare(s, "INSERT INTO plain_account (id, balance, no_overdraft) "
                             "VALUES ($1, $2, 1)", &st, &err) != SERAI_OK)
            die("prepare", &err);
        store_bind_int64(st, 1, id);
        store_bind_int64(st, 2, FUNDING);
        if (store_run(st, NULL, &err) != SERAI_OK)
            die("fund", &err);
    }
    if (store_commit(s, &err) != SERAI_OK)
        die("commit", &err);
    long failed = 0;
    double t0 = seconds();
    for (long i = 1; i <= n; i++) {
        int64_t dr = 1 + (int64_t)(next() % (uint64_t)accounts), cr;
        do
            cr = 1 + (int64_t)(next() % (uint64_t)accounts);
        while (cr == dr);
        int64_t amount = 1 + (int64_t)(next() % 100);
        if (store_begin(s, &err) != SERAI_OK)
            die("begin", &err);
        /* The overdraft check, then both balances and the record. */
        if (store_prepare(s, "UPDATE plain_account SET balance = balance - $2 "
                             "WHERE id = $1 AND (no_overdraft = 0 OR balance >= $2)",
                          &st, &err) != SERAI_OK)
            die("prepare", &err);
        store_bind_int64(st, 1, dr);
        store_bind_int64(st, 2, amount);
        int64_t changed = 0;
        if (store_run(st, &changed, &err) != SERAI_OK)
            die("debit", &err);
        if (changed != 1) {
            store_rollback(s);
            failed++;
            continue;
        }
        if (store_prepare(s, "UPDATE plain_account SET balance = balance + $2 "
                             "WHERE id = $1", &st, &err) != SERAI_OK)
            die("prepare", &err);
        store_bind_int64(st, 1, cr);
        store_bind_int64(st, 2, amount);
        if (store_run(st, NULL, &err) != SERAI_OK)
            die("credit", &err);
        if (store_prepare(s, "INSERT INTO plain_transfer (id, debit_account_id, "
                             "credit_account_id, amount, created_at) "
                             "VALUES ($1, $2, $3, $4, $5)", &st, &err) != SERAI_OK)
            die("prepare", &err);
        store_bind_int64(st, 1, i);
        store_bind_int64(st, 2, dr);
        store_bind_int64(st, 3, cr);
        store_bind_int64(st, 4, amount);
        store_bind_int64(st, 5, 2);
        if (store_run(st, NULL, &err) != SERAI_OK)
            die("insert", &err);
        if (store_commit(s, &err) != SERAI_OK)
            die("commit", &err);
    }
    double el = seconds() - t0;
    printf("plain:  %ld transfers, one transaction each, over %ld accounts (%s): "
           "%.2f s, %.0f transfers/s (%ld failed)\n", n, accounts,
           store_backend_name(s), el, n / el, failed);
    store_close(s);
    return n / el;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: ledger DIR [TRANSFERS [BATCH [ACCOUNTS [PLAIN]]]]\n");
        return 2;
    }
    long n = argc > 2 ? atol(argv[2]) : 1000000;
    long batch = argc > 3 ? atol(argv[3]) : 1000;
    long accounts = argc > 4 ? atol(argv[4]) : 10000;
    long plain = argc > 5 ? atol(argv[5]) : 20000;
    if (n <= 0 || batch <= 0 || batch > LEDGER_BATCH_MAX || accounts < 2 || plain <= 0) {
        fprintf(stderr, "bench/ledger: bad arguments\n");
        return 2;
    }
    serai_err err;
    if (serai_library_init(&err) != SERAI_OK)
        die("init", &err);
    run_pure(n, batch, accounts);
    double l = run_ledger(argv[1], n, batch, accounts);
    double p = run_plain(argv[1], plain, accounts);
    printf("ratio:  %.1f\n", l / p);
    return 0;
}
