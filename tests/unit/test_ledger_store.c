/*
 * test_ledger_store.c -- the ledger in the database (fund/ledger_store.c),
 * on SQLite and PostgreSQL: batches, two-phase transfers with expiry,
 * linked chains that leave no trace, idempotency across calls, the
 * invariant after every batch, exchange rates and reports.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fund/ledger_store.h"
#include "testdb.h"

#define NOW 1800000000

static store *s;

static void check_invariant(void)
{
    serai_err err;
    CHECK_INT(ledger_store_check(s, &err), SERAI_OK);
}

static void accounts(void)
{
    ledger_account a[4] = {
        {.id = 1, .currency = "EUR", .code = 10},
        {.id = 2, .currency = "EUR", .code = 10},
        {.id = 3, .currency = "EUR", .code = 20, .flags = LEDGER_DEBITS_MUST_NOT_EXCEED_CREDITS},
        {.id = 4, .currency = "CNY", .code = 10},
    };
    ledger_result r[4];
    serai_err err;
    CHECK_INT(ledger_store_create_accounts(s, a, 4, NOW, r, &err), SERAI_OK);
    for (int i = 0; i < 4; i++)
        CHECK_INT(r[i], LEDGER_OK);
    CHECK_INT(ledger_store_create_accounts(s, a, 2, NOW, r, &err), SERAI_OK);
    CHECK_INT(r[0], LEDGER_EXISTS);
    a[1].code = 11;
    CHECK_INT(ledger_store_create_accounts(s, a, 2, NOW, r, &err), SERAI_OK);
    CHECK_INT(r[1], LEDGER_EXISTS_WITH_DIFFERENT_CODE);
    ledger_account got;
    CHECK_INT(ledger_store_account(s, 3, &got, &err), SERAI_OK);
    CHECK_STR(got.currency, "EUR");
    CHECK_INT(got.flags, LEDGER_DEBITS_MUST_NOT_EXCEED_CREDITS);
    CHECK_INT(ledger_store_account(s, 99, &got, &err), SERAI_ENOTFOUND);
    check_invariant();
}

static ledger_transfer xfer(int64_t id, int64_t dr, int64_t cr, int64_t amount)
{
    ledger_transfer t = {.id = id, .debit_account_id = dr,
                         .credit_account_id = cr, .amount = amount, .code = 1};
    return t;
}

static ledger_result one(ledger_transfer t, int64_t now)
{
    ledger_result r = LEDGER_RESULT_COUNT;
    serai_err err;
    CHECK_INT(ledger_store_create_transfers(s, &t, 1, now, &r, &err), SERAI_OK);
    check_invariant();
    return r;
}

static int64_t bal(int64_t id, int which)
{
    ledger_account a;
    serai_err err;
    if (ledger_store_account(s, id, &a, &err) != SERAI_OK)
        return -1;
    switch (which) {
    case 0: return a.debits_pending;
    case 1: return a.debits_posted;
    case 2: return a.credits_pending;
    default: return a.credits_posted;
    }
}

static int64_t count(const char *sql)
{
    int64_t n = -1;
    serai_err err;
    CHECK_INT(store_lookup_id(s, sql, 0, &n, &err), SERAI_OK);
    return n;
}

static void test_batch(void)
{
    ledger_transfer b[4] = {xfer(1, 1, 2, 100), xfer(2, 2, 1, 40),
                            xfer(3, 1, 4, 5), xfer(4, 3, 1, 1)};
    ledger_result r[4];
    serai_err err;
    CHECK_INT(ledger_store_create_transfers(s, b, 4, NOW, r, &err), SERAI_OK);
    CHECK_INT(r[0], LEDGER_OK);
    CHECK_INT(r[1], LEDGER_OK);
    CHECK_INT(r[2], LEDGER_ACCOUNTS_MUST_HAVE_SAME_CURRENCY);
    CHECK_INT(r[3], LEDGER_EXCEEDS_CREDITS);
    CHECK_INT(bal(1, 1), 100);
    CHECK_INT(bal(1, 3), 40);
    CHECK_INT(bal(2, 3), 100);
    CHECK_INT(bal(2, 1), 40);
    check_invariant();
    /* Idempotent across calls. */
    CHECK_INT(ledger_store_create_transfers(s, b, 4, NOW + 1, r, &err), SERAI_OK);
    CHECK_INT(r[0], LEDGER_EXISTS);
    CHECK_INT(r[1], LEDGER_EXISTS);
    CHECK_INT(r[2], LEDGER_ACCOUNTS_MUST_HAVE_SAME_CURRENCY);
    CHECK_INT(r[3], LEDGER_EXCEEDS_CREDITS);
    b[0].amount = 101;
    CHECK_INT(ledger_store_create_transfers(s, b, 1, NOW, r, &err), SERAI_OK);
    CHECK_INT(r[0], LEDGER_EXISTS_WITH_DIFFERENT_AMOUNT);
    CHECK_STR(ledger_result_field(r[0]), "/amount");
    /* A failed id stays failed although 3 now has credits. */
    CHECK_INT(one(xfer(5, 1, 3, 10), NOW), LEDGER_OK);
    CHECK_INT(one(xfer(4, 3, 1, 1), NOW), LEDGER_EXCEEDS_CREDITS);
    CHECK_INT(one(xfer(6, 3, 1, 1), NOW), LEDGER_OK);
    CHECK_INT(count("SELECT count(*) FROM ledger_failed WHERE id > $1"), 2);
    ledger_transfer got;
    CHECK_INT(ledger_store_transfer(s, 1, &got, &err), SERAI_OK);
    CHECK_INT(got.amount, 100);
    CHECK_STR(got.currency, "EUR");
    CHECK_INT(got.timestamp, NOW);
    CHECK_INT(ledger_store_transfer(s, 4, &got, &err), SERAI_ENOTFOUND);
    /* Entries are immutable in the database too. */
    CHECK(store_exec(s, "UPDATE ledger_transfer SET amount = 1 WHERE id = 1", &err)
          != SERAI_OK);
    CHECK(store_exec(s, "UPDATE ledger_transfer SET status = 3 WHERE id = 1", &err)
          != SERAI_OK);
    CHECK(store_exec(s, "DELETE FROM ledger_transfer WHERE id = 1", &err) != SERAI_OK);
    CHECK(store_exec(s, "DELETE FROM ledger_failed", &err) != SERAI_OK);
    /* Ids far apart are looked up one by one: the same answers. */
    ledger_transfer far[3] = {xfer(1, 1, 2, 100), xfer(1000000, 1, 2, 1), xfer(4, 3, 1, 1)};
    ledger_result fr[3];
    CHECK_INT(ledger_store_create_transfers(s, far, 3, NOW, fr, &err), SERAI_OK);
    CHECK_INT(fr[0], LEDGER_EXISTS);
    CHECK_INT(fr[1], LEDGER_OK);
    CHECK_INT(fr[2], LEDGER_EXCEEDS_CREDITS);
    CHECK_INT(ledger_store_create_transfers(s, far, 3, NOW, fr, &err), SERAI_OK);
    CHECK_INT(fr[1], LEDGER_EXISTS);
    check_invariant();
    /* Unknown accounts, overflow at the int64 limit. */
    CHECK_INT(one(xfer(7, 99, 1, 1), NOW), LEDGER_DEBIT_ACCOUNT_NOT_FOUND);
    CHECK_INT(one(xfer(8, 1, 99, 1), NOW), LEDGER_CREDIT_ACCOUNT_NOT_FOUND);
    CHECK_INT(one(xfer(9, 1, 2, INT64_MAX), NOW), LEDGER_OVERFLOWS_DEBITS_POSTED);
    CHECK_INT(one(xfer(10, 1, 2, 0), NOW), LEDGER_AMOUNT_MUST_BE_POSITIVE);
    /* Too large a batch is refused as a whole. */
    CHECK_INT(ledger_store_create_transfers(s, b, LEDGER_BATCH_MAX + 1, NOW, r, &err),
              SERAI_ETOOLARGE);
}

static void test_linked(void)
{
    int64_t before = count("SELECT count(*) FROM ledger_transfer WHERE id > $1");
    int64_t failed = count("SELECT count(*) FROM ledger_failed WHERE id > $1");
    int64_t d1 = bal(1, 1);
    ledger_transfer b[3] = {xfer(100, 1, 2, 10), xfer(101, 2, 1, 3), xfer(102, 3, 1, 1000)};
    b[0].flags = b[1].flags = LEDGER_LINKED;
    ledger_result r[3];
    serai_err err;
    CHECK_INT(ledger_store_create_transfers(s, b, 3, NOW, r, &err), SERAI_OK);
    CHECK_INT(r[0], LEDGER_LINKED_EVENT_FAILED);
    CHECK_INT(r[1], LEDGER_LINKED_EVENT_FAILED);
    CHECK_INT(r[2], LEDGER_EXCEEDS_CREDITS);
    /* No trace: no transfer, no failed id, no balance moved. */
    CHECK_INT(count("SELECT count(*) FROM ledger_transfer WHERE id > $1"), before);
    CHECK_INT(count("SELECT count(*) FROM ledger_failed WHERE id > $1"), failed);
    CHECK_INT(bal(1, 1), d1);
    check_invariant();
    b[2].amount = 1;
    CHECK_INT(ledger_store_create_transfers(s, b, 3, NOW, r, &err), SERAI_OK);
    CHECK_INT(r[0], LEDGER_OK);
    CHECK_INT(r[1], LEDGER_OK);
    CHECK_INT(r[2], LEDGER_OK);
    CHECK_INT(bal(1, 1), d1 + 10);
    check_invariant();
}

static void test_two_phase(void)
{
    ledger_transfer p = xfer(200, 1, 2, 50);
    p.flags = LEDGER_PENDING;
    p.timeout = 100;
    int64_t dp = bal(1, 1), cp = bal(2, 3);
    CHECK_INT(one(p, NOW), LEDGER_OK);
    CHECK_INT(bal(1, 0), 50);
    CHECK_INT(bal(2, 2), 50);
    /* Post in part, in a later call. */
    ledger_transfer post = {.id = 201, .pending_id = 200, .amount = 20,
                            .flags = LEDGER_POST_PENDING};
    CHECK_INT(one(post, NOW + 50), LEDGER_OK);
    CHECK_INT(bal(1, 0), 0);
    CHECK_INT(bal(1, 1), dp + 20);
    CHECK_INT(bal(2, 3), cp + 20);
    ledger_transfer got;
    serai_err err;
    CHECK_INT(ledger_store_transfer(s, 200, &got, &err), SERAI_OK);
    CHECK_INT(got.status, LEDGER_STATUS_PENDING_POSTED);
    post.id = 202;
    CHECK_INT(one(post, NOW + 50), LEDGER_PENDING_TRANSFER_ALREADY_POSTED);
    /* Void. */
    p.id = 210;
    CHECK_INT(one(p, NOW), LEDGER_OK);
    ledger_transfer v = {.id = 211, .pending_id = 210, .flags = LEDGER_VOID_PENDING};
    CHECK_INT(one(v, NOW), LEDGER_OK);
    CHECK_INT(bal(1, 0), 0);
    ledger_transfer post210 = {.id = 212, .pending_id = 210, .flags = LEDGER_POST_PENDING};
    CHECK_INT(one(post210, NOW), LEDGER_PENDING_TRANSFER_ALREADY_VOIDED);
    /* Expiry, swept before a batch that does not name it. */
    p.id = 220;
    CHECK_INT(one(p, NOW), LEDGER_OK);
    CHECK_INT(bal(1, 0), 50);
    CHECK_INT(one(xfer(221, 2, 1, 1), NOW + 100), LEDGER_OK);
    CHECK_INT(bal(1, 0), 0);
    CHECK_INT(bal(2, 2), 0);
    CHECK_INT(ledger_store_transfer(s, 220, &got, &err), SERAI_OK);
    CHECK_INT(got.status, LEDGER_STATUS_PENDING_EXPIRED);
    ledger_transfer post220 = {.id = 222, .pending_id = 220, .flags = LEDGER_POST_PENDING};
    CHECK_INT(one(post220, NOW + 100), LEDGER_PENDING_TRANSFER_EXPIRED);
    /* Expiry by the explicit sweep. */
    p.id = 230;
    CHECK_INT(one(p, NOW), LEDGER_OK);
    int64_t n = -1;
    CHECK_INT(ledger_store_expire(s, NOW + 99, &n, &err), SERAI_OK);
    CHECK_INT(n, 0);
    CHECK_INT(ledger_store_expire(s, NOW + 100, &n, &err), SERAI_OK);
    CHECK_INT(n, 1);
    CHECK_INT(bal(1, 0), 0);
    check_invariant();
    /* A pending and its post in one batch. */
    ledger_transfer b[2] = {xfer(240, 1, 2, 7), {.id = 241, .pending_id = 240,
                            .flags = LEDGER_POST_PENDING}};
    b[0].flags = LEDGER_PENDING;
    ledger_result r[2];
    CHECK_INT(ledger_store_create_transfers(s, b, 2, NOW, r, &err), SERAI_OK);
    CHECK_INT(r[0], LEDGER_OK);
    CHECK_INT(r[1], LEDGER_OK);
    CHECK_INT(ledger_store_transfer(s, 240, &got, &err), SERAI_OK);
    CHECK_INT(got.status, LEDGER_STATUS_PENDING_POSTED);
    check_invariant();
}

static void test_rates(void)
{
    serai_err err;
    ledger_rate r1 = {.base = "EUR", .quote = "CNY", .date = "2026-11-01", .rate = "7.80"};
    ledger_rate r2 = {.base = "EUR", .quote = "CNY", .date = "2026-11-20", .rate = "7.8125"};
    CHECK_INT(ledger_store_rate_put(s, &r1, &err), SERAI_OK);
    CHECK_INT(ledger_store_rate_put(s, &r2, &err), SERAI_OK);
    ledger_rate bad = {.base = "EUR", .quote = "CNY", .date = "2026-11-20", .rate = "-1"};
    CHECK_INT(ledger_store_rate_put(s, &bad, &err), SERAI_EUNPROCESSABLE);
    CHECK_STR(err.field, "/rate");
    ledger_rate got;
    CHECK_INT(ledger_store_rate_on(s, "EUR", "CNY", "2026-11-10", &got, &err), SERAI_OK);
    CHECK_STR(got.rate, "7.80");
    CHECK_STR(got.date, "2026-11-01");
    CHECK_INT(ledger_store_rate_on(s, "EUR", "CNY", "2026-10-10", &got, &err),
              SERAI_ENOTFOUND);
    /* Account 2's posted balance in CNY. */
    ledger_report rep;
    CHECK_INT(ledger_store_report(s, 2, "CNY", "2026-11-27", &rep, &err), SERAI_OK);
    ledger_account a;
    CHECK_INT(ledger_store_account(s, 2, &a, &err), SERAI_OK);
    CHECK_INT(rep.balance, a.credits_posted - a.debits_posted);
    int64_t want;
    CHECK(ledger_convert(&r2, rep.balance, &want));
    CHECK_INT(rep.reported, want);
    CHECK_STR(rep.rate.date, "2026-11-20");
    CHECK_STR(rep.rounding, "half-even");
    CHECK_INT(ledger_store_report(s, 2, "EUR", "2026-11-27", &rep, &err), SERAI_OK);
    CHECK_INT(rep.reported, rep.balance);
    CHECK_INT(ledger_store_report(s, 2, "USD", "2026-11-27", &rep, &err), SERAI_ENOTFOUND);
    ledger_total t[8];
    size_t n;
    CHECK_INT(ledger_store_totals(s, t, 8, &n, &err), SERAI_OK);
    CHECK_INT(n, 2);
    CHECK_STR(t[0].currency, "CNY");
    CHECK_STR(t[1].currency, "EUR");
    CHECK_INT(t[1].accounts, 3);
    CHECK_INT(t[1].debits_posted, t[1].credits_posted);
}

/* serai migrate keeps the ledger: ids, balances, failed ids, rates. */
static void test_copy(void)
{
    testdb b;
    store *dst = testdb_open(&b);
    serai_err err;
    CHECK_INT(store_copy(s, dst, NULL, NULL, &err), SERAI_OK);
    ledger_account x, y;
    CHECK_INT(ledger_store_account(s, 1, &x, &err), SERAI_OK);
    CHECK_INT(ledger_store_account(dst, 1, &y, &err), SERAI_OK);
    CHECK_INT(y.debits_posted, x.debits_posted);
    CHECK_INT(y.credits_posted, x.credits_posted);
    CHECK_INT(ledger_store_check(dst, &err), SERAI_OK);
    ledger_transfer t = xfer(4, 3, 1, 1);
    ledger_result r;
    CHECK_INT(ledger_store_create_transfers(dst, &t, 1, NOW, &r, &err), SERAI_OK);
    CHECK_INT(r, LEDGER_EXCEEDS_CREDITS);
    ledger_rate rate;
    CHECK_INT(ledger_store_rate_on(dst, "EUR", "CNY", "2026-11-27", &rate, &err), SERAI_OK);
    CHECK_STR(rate.rate, "7.8125");
    testdb_close(&b);
}

int main(void)
{
    testdb db;
    s = testdb_open(&db);
    RUN(accounts);
    RUN(test_batch);
    RUN(test_linked);
    RUN(test_two_phase);
    RUN(test_rates);
    RUN(test_copy);
    testdb_close(&db);
    return check_report();
}
