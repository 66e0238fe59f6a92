/*
 * ledger_balance.c -- the tool behind bench/ledger_balance.sh: build a
 * ledger of many transfers through the library, export it as a journal,
 * and print serai's balance report in the shape hledger's CSV has.
 *
 * Usage: ledger_balance gen DB TRANSFERS ACCOUNTS   build the ledger
 *        ledger_balance export DB FILE              the journal (ledger_journal_write)
 *        ledger_balance report DB                   balances as the account table keeps them
 *        ledger_balance recompute DB                balances summed from the transfers
 *
 * gen: ACCOUNTS accounts (ids 1..ACCOUNTS, EUR, 2 decimals, no limits),
 * TRANSFERS transfers between two accounts drawn at random, 1..100000
 * minor units, in batches of 8,190 through ledger_store_create_transfers,
 * the batches' `now` an hour apart (so the journal spans many days).
 * report / recompute print "ledger:CUR:ID","AMOUNT CUR" per account with
 * postings, by name (as hledger sorts), then "total","0" per currency check
 * from ledger_store_totals.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/init.h"
#include "fund/ledger_journal.h"
#include "fund/ledger_store.h"
#include "store/store.h"

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
    fprintf(stderr, "bench/ledger_balance: %s: %s\n", what, err ? err->detail : "");
    exit(1);
}

typedef struct row {
    char name[48];
    char amount[48];
} row;
typedef struct rows {
    row *r;
    size_t n, cap;
} rows;

/* hledger lists accounts with postings; balance 0 with postings still
 * shows, but an account never used does not: report accounts whose
 * balance or activity is non-zero -- here every account with a balance
 * other than 0, and the caller compares with hledger -E. */
static void collect(void *ctx, const ledger_balance *b)
{
    rows *rs = ctx;
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? rs->cap * 2 : 1024;
        rs->r = realloc(rs->r, rs->cap * sizeof *rs->r);
        if (rs->r == NULL)
            die("out of memory", NULL);
    }
    row *r = &rs->r[rs->n++];
    snprintf(r->name, sizeof r->name, "ledger:%s:%" PRId64, b->currency, b->account_id);
    if (!ledger_journal_amount(b->balance, b->currency, r->amount, sizeof r->amount))
        die("unknown currency", NULL);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const row *)a)->name, ((const row *)b)->name);
}

static int report(store *s, bool recompute)
{
    serai_err err;
    rows rs = {0};
    serai_code rc = recompute ? ledger_balances_from_transfers(s, collect, &rs, &err)
                              : ledger_balances(s, collect, &rs, &err);
    if (rc != SERAI_OK)
        die("balances", &err);
    qsort(rs.r, rs.n, sizeof *rs.r, by_name);
    printf("\"account\",\"balance\"\n");
    for (size_t i = 0; i < rs.n; i++)
        printf("\"%s\",\"%s\"\n", rs.r[i].name, rs.r[i].amount);
    ledger_total totals[256];
    size_t nt;
    if (ledger_store_totals(s, totals, 256, &nt, &err) != SERAI_OK)
        die("totals", &err);
    for (size_t i = 0; i < nt; i++) {
        char amt[48];
        if (!ledger_journal_amount(totals[i].credits_posted - totals[i].debits_posted,
                                   totals[i].currency, amt, sizeof amt))
            die("unknown currency", NULL);
        printf("\"total %s\",\"%s\"\n", totals[i].currency, amt);
    }
    free(rs.r);
    return 0;
}

int main(int argc, char **argv)
{
    serai_err err;
    if (argc < 3) {
        fprintf(stderr, "usage: ledger_balance gen|export|report|recompute DB ...\n");
        return 2;
    }
    if (serai_library_init(&err) != SERAI_OK)
        die("init", &err);
    store *s;
    if (store_open(argv[2], &s, &err) != SERAI_OK)
        die("store_open", &err);
    int rc = 0;
    if (strcmp(argv[1], "gen") == 0 && argc == 5) {
        long n = atol(argv[3]), accounts = atol(argv[4]);
        enum { BATCH = LEDGER_BATCH_MAX };
        ledger_account *a = calloc(BATCH, sizeof *a);
        ledger_transfer *t = calloc(BATCH, sizeof *t);
        ledger_result *r = calloc(BATCH, sizeof *r);
        int64_t now = 1767225600; /* 2026-01-01 */
        for (long first = 1; first <= accounts; first += BATCH) {
            long k = 0;
            for (long id = first; id <= accounts && k < BATCH; id++, k++) {
                memset(&a[k], 0, sizeof a[k]);
                a[k].id = id;
                memcpy(a[k].currency, "EUR", 4);
            }
            if (ledger_store_create_accounts(s, a, (size_t)k, now, r, &err) != SERAI_OK)
                die("accounts", &err);
        }
        long failed = 0;
        int64_t tid = 1;
        for (long done = 0; done < n; done += BATCH) {
            long k = n - done < BATCH ? n - done : BATCH;
            for (long i = 0; i < k; i++) {
                memset(&t[i], 0, sizeof t[i]);
                t[i].id = tid++;
                t[i].debit_account_id = 1 + (int64_t)(next() % (uint64_t)accounts);
                do
                    t[i].credit_account_id = 1 + (int64_t)(next() % (uint64_t)accounts);
                while (t[i].credit_account_id == t[i].debit_account_id);
                t[i].amount = 1 + (int64_t)(next() % 100000);
                t[i].code = 1;
            }
            if (ledger_store_create_transfers(s, t, (size_t)k, now, r, &err) != SERAI_OK)
                die("transfers", &err);
            for (long i = 0; i < k; i++)
                failed += r[i] != LEDGER_OK;
            now += 3600;
        }
        if (failed)
            fprintf(stderr, "bench/ledger_balance: %ld transfers failed\n", failed);
        rc = failed != 0;
        free(a);
        free(t);
        free(r);
    } else if (strcmp(argv[1], "export") == 0 && argc == 4) {
        FILE *f = fopen(argv[3], "w");
        if (f == NULL)
            die("cannot write the journal", NULL);
        static char big[1 << 16];
        setvbuf(f, big, _IOFBF, sizeof big);
        ledger_journal_stats st;
        if (ledger_journal_write(s, f, &st, &err) != SERAI_OK)
            die("export", &err);
        if (fclose(f) != 0)
            die("cannot write the journal", NULL);
        fprintf(stderr, "%" PRId64 " transactions\n", st.transactions);
    } else if (strcmp(argv[1], "report") == 0 && argc == 3) {
        rc = report(s, false);
    } else if (strcmp(argv[1], "recompute") == 0 && argc == 3) {
        rc = report(s, true);
    } else {
        fprintf(stderr, "usage: ledger_balance gen|export|report|recompute DB ...\n");
        rc = 2;
    }
    store_close(s);
    return rc;
}
