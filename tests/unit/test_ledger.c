/*
 * test_ledger.c -- the ledger's pure rules (fund/ledger.c): every result
 * code, two-phase transfers, linked chains, idempotency, overflow at the
 * int64 limits, account flags, and currency conversion.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fund/ledger.h"

#define NOW 1000000

static ledger_state *st;

static void account(int64_t id, const char *cur, uint32_t flags)
{
    ledger_account a = {.id = id, .code = 1, .flags = flags};
    snprintf(a.currency, sizeof a.currency, "%s", cur);
    ledger_result r;
    ledger_create_accounts(st, &a, 1, NOW, &r);
    CHECK_INT(r, LEDGER_OK);
}

static void setup(void)
{
    ledger_state_free(st);
    st = ledger_state_new();
    account(1, "EUR", 0);
    account(2, "EUR", 0);
    account(3, "EUR", LEDGER_DEBITS_MUST_NOT_EXCEED_CREDITS);
    account(4, "EUR", LEDGER_CREDITS_MUST_NOT_EXCEED_DEBITS);
    account(5, "CNY", 0);
}

static ledger_transfer xfer(int64_t id, int64_t dr, int64_t cr, int64_t amount)
{
    ledger_transfer t = {.id = id, .debit_account_id = dr,
                         .credit_account_id = cr, .amount = amount, .code = 1};
    return t;
}

static ledger_result one(ledger_transfer t, int64_t now)
{
    ledger_result r;
    ledger_create_transfers(st, &t, 1, now, &r);
    char bad[4];
    CHECK(ledger_state_deltas_balance(st, bad));
    return r;
}

static const ledger_account *acct(int64_t id) { return ledger_state_account(st, id); }

static void test_names(void)
{
    for (int r = 0; r < LEDGER_RESULT_COUNT; r++) {
        CHECK(ledger_result_name((ledger_result)r) != NULL);
        CHECK(strcmp(ledger_result_name((ledger_result)r), "unknown") != 0);
    }
    CHECK_STR(ledger_result_name(LEDGER_EXCEEDS_CREDITS), "exceeds_credits");
    CHECK_STR(ledger_result_field(LEDGER_EXISTS_WITH_DIFFERENT_AMOUNT), "/amount");
}

static void test_accounts(void)
{
    setup();
    ledger_account a[6] = {
        {.id = 0, .currency = "EUR"},
        {.id = 1, .currency = "EUR", .code = 1},
        {.id = 1, .currency = "USD", .code = 1},
        {.id = 1, .currency = "EUR", .code = 2},
        {.id = 9, .currency = "XXQ"},
        {.id = 10, .currency = "EUR", .flags = 3},
    };
    ledger_result r[6];
    ledger_create_accounts(st, a, 6, NOW, r);
    CHECK_INT(r[0], LEDGER_ID_MUST_NOT_BE_ZERO);
    CHECK_INT(r[1], LEDGER_EXISTS);
    CHECK_INT(r[2], LEDGER_EXISTS_WITH_DIFFERENT_CURRENCY);
    CHECK_INT(r[3], LEDGER_EXISTS_WITH_DIFFERENT_CODE);
    CHECK_INT(r[4], LEDGER_CURRENCY_UNKNOWN);
    CHECK_INT(r[5], LEDGER_FLAGS_ARE_MUTUALLY_EXCLUSIVE);
    ledger_account b = {.id = 1, .currency = "EUR", .code = 1, .flags = 1};
    ledger_create_accounts(st, &b, 1, NOW, r);
    CHECK_INT(r[0], LEDGER_EXISTS_WITH_DIFFERENT_FLAGS);
    b.id = 11;
    b.flags = 8;
    ledger_create_accounts(st, &b, 1, NOW, r);
    CHECK_INT(r[0], LEDGER_FLAGS_UNKNOWN);
}

static void test_simple_and_validation(void)
{
    setup();
    CHECK_INT(one(xfer(1, 1, 2, 100), NOW), LEDGER_OK);
    CHECK_INT(acct(1)->debits_posted, 100);
    CHECK_INT(acct(2)->credits_posted, 100);
    CHECK_INT(one(xfer(0, 1, 2, 1), NOW), LEDGER_ID_MUST_NOT_BE_ZERO);
    CHECK_INT(one(xfer(10, 0, 2, 1), NOW), LEDGER_DEBIT_ACCOUNT_ID_MUST_NOT_BE_ZERO);
    CHECK_INT(one(xfer(11, 1, 0, 1), NOW), LEDGER_CREDIT_ACCOUNT_ID_MUST_NOT_BE_ZERO);
    CHECK_INT(one(xfer(12, 1, 1, 1), NOW), LEDGER_ACCOUNTS_MUST_BE_DIFFERENT);
    CHECK_INT(one(xfer(13, 1, 2, 0), NOW), LEDGER_AMOUNT_MUST_BE_POSITIVE);
    CHECK_INT(one(xfer(14, 1, 2, -5), NOW), LEDGER_AMOUNT_MUST_BE_POSITIVE);
    CHECK_INT(one(xfer(15, 99, 2, 1), NOW), LEDGER_DEBIT_ACCOUNT_NOT_FOUND);
    CHECK_INT(one(xfer(16, 1, 99, 1), NOW), LEDGER_CREDIT_ACCOUNT_NOT_FOUND);
    CHECK_INT(one(xfer(17, 1, 5, 1), NOW), LEDGER_ACCOUNTS_MUST_HAVE_SAME_CURRENCY);
    ledger_transfer t = xfer(18, 1, 2, 1);
    t.pending_id = 1;
    CHECK_INT(one(t, NOW), LEDGER_PENDING_ID_MUST_BE_ZERO);
    t = xfer(19, 1, 2, 1);
    t.timeout = 5;
    CHECK_INT(one(t, NOW), LEDGER_TIMEOUT_RESERVED_FOR_PENDING_TRANSFER);
    t.id = 23;
    t.flags = LEDGER_PENDING;
    t.timeout = -1;
    CHECK_INT(one(t, NOW), LEDGER_TIMEOUT_MUST_NOT_BE_NEGATIVE);
    t = xfer(20, 1, 2, 1);
    t.flags = LEDGER_PENDING | LEDGER_POST_PENDING;
    CHECK_INT(one(t, NOW), LEDGER_FLAGS_ARE_MUTUALLY_EXCLUSIVE);
    t = xfer(21, 1, 2, 1);
    t.flags = 1u << 9;
    CHECK_INT(one(t, NOW), LEDGER_FLAGS_UNKNOWN);
    t = xfer(22, 1, 2, 1);
    memset(t.reference, 'x', sizeof t.reference);
    CHECK_INT(one(t, NOW), LEDGER_REFERENCE_TOO_LONG);
    /* Nothing but the first transfer moved money. */
    CHECK_INT(acct(1)->debits_posted, 100);
    CHECK_INT(acct(2)->credits_posted, 100);
}

static void test_flags(void)
{
    setup();
    /* 3 may not spend more than it received. */
    CHECK_INT(one(xfer(1, 3, 1, 1), NOW), LEDGER_EXCEEDS_CREDITS);
    CHECK_INT(one(xfer(2, 1, 3, 50), NOW), LEDGER_OK);
    CHECK_INT(one(xfer(3, 3, 1, 50), NOW), LEDGER_OK);
    CHECK_INT(one(xfer(4, 3, 1, 1), NOW), LEDGER_EXCEEDS_CREDITS);
    /* Pending debits count against the limit too. */
    CHECK_INT(one(xfer(5, 1, 3, 10), NOW), LEDGER_OK);
    ledger_transfer p = xfer(6, 3, 1, 10);
    p.flags = LEDGER_PENDING;
    CHECK_INT(one(p, NOW), LEDGER_OK);
    CHECK_INT(one(xfer(7, 3, 1, 1), NOW), LEDGER_EXCEEDS_CREDITS);
    /* 4 may not receive more than it paid out. */
    CHECK_INT(one(xfer(8, 1, 4, 1), NOW), LEDGER_EXCEEDS_DEBITS);
    CHECK_INT(one(xfer(9, 4, 1, 7), NOW), LEDGER_OK);
    CHECK_INT(one(xfer(10, 1, 4, 7), NOW), LEDGER_OK);
    CHECK_INT(one(xfer(11, 1, 4, 1), NOW), LEDGER_EXCEEDS_DEBITS);
}

static void test_two_phase(void)
{
    setup();
    ledger_transfer p = xfer(1, 1, 2, 100);
    p.flags = LEDGER_PENDING;
    p.timeout = 60;
    CHECK_INT(one(p, NOW), LEDGER_OK);
    CHECK_INT(acct(1)->debits_pending, 100);
    CHECK_INT(acct(2)->credits_pending, 100);
    CHECK_INT(ledger_state_transfer(st, 1)->expires_at, NOW + 60);

    ledger_transfer post = {.id = 2, .pending_id = 1, .amount = 30,
                            .flags = LEDGER_POST_PENDING, .code = 1};
    ledger_transfer bad = post;
    bad.id = 16;
    bad.amount = 101;
    CHECK_INT(one(bad, NOW), LEDGER_EXCEEDS_PENDING_TRANSFER_AMOUNT);
    bad = post;
    bad.id = 3;
    bad.debit_account_id = 2;
    CHECK_INT(one(bad, NOW), LEDGER_PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID);
    bad = post;
    bad.id = 4;
    bad.credit_account_id = 1;
    CHECK_INT(one(bad, NOW), LEDGER_PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID);
    bad = post;
    bad.id = 5;
    bad.pending_id = 0;
    CHECK_INT(one(bad, NOW), LEDGER_PENDING_ID_MUST_NOT_BE_ZERO);
    bad.id = 15;
    bad.pending_id = 15;
    CHECK_INT(one(bad, NOW), LEDGER_PENDING_ID_MUST_BE_DIFFERENT);
    bad = post;
    bad.id = 6;
    bad.pending_id = 777;
    CHECK_INT(one(bad, NOW), LEDGER_PENDING_TRANSFER_NOT_FOUND);
    bad = post;
    bad.id = 7;
    bad.timeout = 1;
    CHECK_INT(one(bad, NOW), LEDGER_TIMEOUT_RESERVED_FOR_PENDING_TRANSFER);
    bad = post;
    bad.id = 8;
    bad.amount = -1;
    CHECK_INT(one(bad, NOW), LEDGER_AMOUNT_MUST_BE_POSITIVE);

    /* Post in part: 30 of 100 posted, 70 released. */
    CHECK_INT(one(post, NOW + 10), LEDGER_OK);
    CHECK_INT(acct(1)->debits_pending, 0);
    CHECK_INT(acct(1)->debits_posted, 30);
    CHECK_INT(acct(2)->credits_posted, 30);
    CHECK_INT(ledger_state_transfer(st, 1)->status, LEDGER_STATUS_PENDING_POSTED);
    CHECK_INT(ledger_state_transfer(st, 2)->debit_account_id, 1);
    post.id = 9;
    CHECK_INT(one(post, NOW), LEDGER_PENDING_TRANSFER_ALREADY_POSTED);
    ledger_transfer v = {.id = 10, .pending_id = 1, .flags = LEDGER_VOID_PENDING};
    CHECK_INT(one(v, NOW), LEDGER_PENDING_TRANSFER_ALREADY_POSTED);
    /* Not a pending transfer. */
    CHECK_INT(one(xfer(11, 1, 2, 5), NOW), LEDGER_OK);
    v.id = 12;
    v.pending_id = 11;
    CHECK_INT(one(v, NOW), LEDGER_PENDING_TRANSFER_NOT_PENDING);

    /* Post in full (amount 0), then void. */
    p.id = 20;
    p.timeout = 0;
    CHECK_INT(one(p, NOW), LEDGER_OK);
    ledger_transfer full = {.id = 21, .pending_id = 20, .flags = LEDGER_POST_PENDING};
    CHECK_INT(one(full, NOW), LEDGER_OK);
    CHECK_INT(acct(1)->debits_posted, 30 + 5 + 100);
    CHECK_INT(ledger_state_transfer(st, 21)->amount, 100);
    /* Retrying the post with amount 0 matches the stored, filled-in one. */
    CHECK_INT(one(full, NOW), LEDGER_EXISTS);

    p.id = 30;
    CHECK_INT(one(p, NOW), LEDGER_OK);
    v.id = 31;
    v.pending_id = 30;
    CHECK_INT(one(v, NOW), LEDGER_OK);
    CHECK_INT(acct(1)->debits_pending, 0);
    CHECK_INT(acct(1)->debits_posted, 135);
    ledger_transfer post30 = {.id = 32, .pending_id = 30, .flags = LEDGER_POST_PENDING};
    CHECK_INT(one(post30, NOW), LEDGER_PENDING_TRANSFER_ALREADY_VOIDED);

    /* Expiry: at timestamp + timeout the reservation goes. */
    p.id = 40;
    p.timeout = 5;
    CHECK_INT(one(p, NOW), LEDGER_OK);
    CHECK_INT(acct(1)->debits_pending, 100);
    ledger_transfer post40 = {.id = 41, .pending_id = 40, .flags = LEDGER_POST_PENDING};
    CHECK_INT(one(post40, NOW + 5), LEDGER_PENDING_TRANSFER_EXPIRED);
    CHECK_INT(acct(1)->debits_pending, 0);
    CHECK_INT(acct(2)->credits_pending, 0);
    CHECK_INT(ledger_state_transfer(st, 40)->status, LEDGER_STATUS_PENDING_EXPIRED);
    /* Just before expiry a post still succeeds. */
    p.id = 50;
    CHECK_INT(one(p, NOW), LEDGER_OK);
    ledger_transfer post50 = {.id = 51, .pending_id = 50, .flags = LEDGER_POST_PENDING};
    CHECK_INT(one(post50, NOW + 4), LEDGER_OK);
    /* Timeout overflow. */
    p.id = 60;
    p.timeout = INT64_MAX;
    CHECK_INT(one(p, NOW), LEDGER_OVERFLOWS_TIMEOUT);
}

static void test_linked(void)
{
    setup();
    ledger_transfer b[3] = {xfer(1, 1, 2, 10), xfer(2, 2, 1, 3), xfer(3, 1, 99, 1)};
    b[0].flags = b[1].flags = LEDGER_LINKED;
    ledger_result r[3];
    ledger_create_transfers(st, b, 3, NOW, r);
    CHECK_INT(r[0], LEDGER_LINKED_EVENT_FAILED);
    CHECK_INT(r[1], LEDGER_LINKED_EVENT_FAILED);
    CHECK_INT(r[2], LEDGER_CREDIT_ACCOUNT_NOT_FOUND);
    CHECK_INT(acct(1)->debits_posted, 0);
    CHECK_INT(acct(1)->credits_posted, 0);
    CHECK(ledger_state_transfer(st, 1) == NULL);
    /* Ids of a failed chain are not failed: the fixed chain goes through. */
    b[2].credit_account_id = 2;
    ledger_create_transfers(st, b, 3, NOW, r);
    CHECK_INT(r[0], LEDGER_OK);
    CHECK_INT(r[1], LEDGER_OK);
    CHECK_INT(r[2], LEDGER_OK);
    CHECK_INT(acct(1)->debits_posted, 11);
    /* A chain left open at the end of the batch fails. */
    ledger_transfer c[2] = {xfer(10, 1, 2, 1), xfer(11, 1, 2, 1)};
    c[0].flags = c[1].flags = LEDGER_LINKED;
    ledger_create_transfers(st, c, 2, NOW, r);
    CHECK_INT(r[0], LEDGER_LINKED_EVENT_FAILED);
    CHECK_INT(r[1], LEDGER_LINKED_EVENT_CHAIN_OPEN);
    CHECK(ledger_state_transfer(st, 10) == NULL);
    /* A chain of a pending and its post, then an overdraft: all undone,
     * the pending's status too. */
    ledger_transfer d[3] = {xfer(20, 1, 2, 5), {.id = 21, .pending_id = 20,
                            .flags = LEDGER_POST_PENDING | LEDGER_LINKED},
                            xfer(22, 3, 1, 1)};
    d[0].flags = LEDGER_PENDING | LEDGER_LINKED;
    ledger_create_transfers(st, d, 3, NOW, r);
    CHECK_INT(r[0], LEDGER_LINKED_EVENT_FAILED);
    CHECK_INT(r[1], LEDGER_LINKED_EVENT_FAILED);
    CHECK_INT(r[2], LEDGER_EXCEEDS_CREDITS);
    CHECK(ledger_state_transfer(st, 20) == NULL);
    CHECK_INT(acct(1)->debits_pending, 0);
    CHECK_INT(acct(1)->debits_posted, 11);
    char bad[4];
    CHECK(ledger_state_deltas_balance(st, bad));
    /* Unlinked events around a chain are independent. */
    ledger_transfer e[3] = {xfer(30, 1, 2, 1), xfer(31, 1, 99, 1), xfer(32, 1, 2, 1)};
    ledger_create_transfers(st, e, 3, NOW, r);
    CHECK_INT(r[0], LEDGER_OK);
    CHECK_INT(r[1], LEDGER_CREDIT_ACCOUNT_NOT_FOUND);
    CHECK_INT(r[2], LEDGER_OK);
}

static void test_idempotency(void)
{
    setup();
    ledger_transfer t = xfer(1, 1, 2, 10);
    snprintf(t.reference, sizeof t.reference, "grant 2026/7");
    CHECK_INT(one(t, NOW), LEDGER_OK);
    CHECK_INT(one(t, NOW + 1), LEDGER_EXISTS);
    ledger_transfer d = t;
    d.amount = 11;
    CHECK_INT(one(d, NOW), LEDGER_EXISTS_WITH_DIFFERENT_AMOUNT);
    d = t;
    d.debit_account_id = 3;
    CHECK_INT(one(d, NOW), LEDGER_EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID);
    d = t;
    d.credit_account_id = 3;
    CHECK_INT(one(d, NOW), LEDGER_EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID);
    d = t;
    d.code = 9;
    CHECK_INT(one(d, NOW), LEDGER_EXISTS_WITH_DIFFERENT_CODE);
    d = t;
    d.flags = LEDGER_PENDING;
    CHECK_INT(one(d, NOW), LEDGER_EXISTS_WITH_DIFFERENT_FLAGS);
    d = t;
    d.pending_id = 4;
    CHECK_INT(one(d, NOW), LEDGER_EXISTS_WITH_DIFFERENT_PENDING_ID);
    d = t;
    d.timeout = 4;
    CHECK_INT(one(d, NOW), LEDGER_EXISTS_WITH_DIFFERENT_TIMEOUT);
    d = t;
    d.reference[0] = 'G';
    CHECK_INT(one(d, NOW), LEDGER_EXISTS_WITH_DIFFERENT_REFERENCE);
    CHECK_INT(acct(1)->debits_posted, 10);
    /* A failed id stays failed, even once the cause is gone. */
    CHECK_INT(one(xfer(2, 3, 1, 5), NOW), LEDGER_EXCEEDS_CREDITS);
    CHECK_INT(one(xfer(3, 1, 3, 5), NOW), LEDGER_OK);
    CHECK_INT(one(xfer(2, 3, 1, 5), NOW), LEDGER_EXCEEDS_CREDITS);
    CHECK_INT(one(xfer(4, 3, 1, 5), NOW), LEDGER_OK);
    /* The same id twice in one batch. */
    ledger_transfer b[2] = {xfer(5, 1, 2, 1), xfer(5, 1, 2, 2)};
    ledger_result r[2];
    ledger_create_transfers(st, b, 2, NOW, r);
    CHECK_INT(r[0], LEDGER_OK);
    CHECK_INT(r[1], LEDGER_EXISTS_WITH_DIFFERENT_AMOUNT);
    ledger_changes ch;
    ledger_state_changes(st, &ch);
    CHECK_INT(ch.n_failed, 1);
    CHECK_INT(ch.failed_ids[0], 2);
    CHECK_INT(ch.failed_results[0], LEDGER_EXCEEDS_CREDITS);
    /* A failure loaded from the database keeps failing. */
    ledger_state_load_failed(st, 77, LEDGER_DEBIT_ACCOUNT_NOT_FOUND);
    CHECK_INT(one(xfer(77, 1, 2, 1), NOW), LEDGER_DEBIT_ACCOUNT_NOT_FOUND);
}

static void test_overflow(void)
{
    setup();
    CHECK_INT(one(xfer(1, 1, 2, INT64_MAX), NOW), LEDGER_OK);
    CHECK_INT(one(xfer(2, 1, 2, 1), NOW), LEDGER_OVERFLOWS_DEBITS_POSTED);
    CHECK_INT(one(xfer(3, 2, 1, 1), NOW), LEDGER_OK);
    CHECK_INT(one(xfer(4, 5, 5, 1), NOW), LEDGER_ACCOUNTS_MUST_BE_DIFFERENT);
    /* credit side: 2 has INT64_MAX credits posted. */
    CHECK_INT(one(xfer(5, 4, 2, 1), NOW), LEDGER_OVERFLOWS_CREDITS_POSTED);
    /* pending + posted together. */
    ledger_transfer p = xfer(6, 1, 4, 1);
    p.flags = LEDGER_PENDING;
    CHECK_INT(one(p, NOW), LEDGER_OVERFLOWS_DEBITS);
    p = xfer(7, 4, 2, 1);
    p.flags = LEDGER_PENDING;
    CHECK_INT(one(p, NOW), LEDGER_OVERFLOWS_CREDITS);
    setup();
    p = xfer(8, 1, 2, INT64_MAX);
    p.flags = LEDGER_PENDING;
    CHECK_INT(one(p, NOW), LEDGER_OK);
    p.id = 9;
    p.amount = 1;
    CHECK_INT(one(p, NOW), LEDGER_OVERFLOWS_DEBITS_PENDING);
    p = xfer(10, 4, 2, 1);
    p.flags = LEDGER_PENDING;
    CHECK_INT(one(p, NOW), LEDGER_OVERFLOWS_CREDITS_PENDING);
    /* Posting a full INT64_MAX reservation works. */
    ledger_transfer post = {.id = 11, .pending_id = 8, .flags = LEDGER_POST_PENDING};
    CHECK_INT(one(post, NOW), LEDGER_OK);
    CHECK_INT(acct(1)->debits_posted, INT64_MAX);
}

static void test_convert(void)
{
    ledger_rate r = {.base = "EUR", .quote = "CNY", .date = "2026-11-27", .rate = "7.8125"};
    int64_t out;
    CHECK(ledger_convert(&r, 100, &out)); /* 1.00 EUR = 7.8125 CNY -> 7.81 */
    CHECK_INT(out, 781);
    CHECK(ledger_convert(&r, 4, &out)); /* 0.3125 -> 0.31 */
    CHECK_INT(out, 31);
    /* Half to even: 0.125 -> 0.12, 0.375 -> 0.38. */
    ledger_rate h = {.base = "EUR", .quote = "USD", .rate = "0.125"};
    CHECK(ledger_convert(&h, 100, &out));
    CHECK_INT(out, 12);
    snprintf(h.rate, sizeof h.rate, "0.375");
    CHECK(ledger_convert(&h, 100, &out));
    CHECK_INT(out, 38);
    CHECK(ledger_convert(&h, -100, &out));
    CHECK_INT(out, -38);
    /* Exponents: JPY has none, KWD three. */
    ledger_rate j = {.base = "EUR", .quote = "JPY", .rate = "160.5"};
    CHECK(ledger_convert(&j, 1001, &out)); /* 10.01 EUR = 1606.605 -> 1607 */
    CHECK_INT(out, 1607);
    ledger_rate k = {.base = "JPY", .quote = "KWD", .rate = "0.002"};
    CHECK(ledger_convert(&k, 1234, &out)); /* 2.468 KWD */
    CHECK_INT(out, 2468);
    snprintf(k.rate, sizeof k.rate, "abc");
    CHECK(!ledger_convert(&k, 1, &out));
    snprintf(k.rate, sizeof k.rate, "0");
    CHECK(!ledger_convert(&k, 1, &out));
    ledger_rate big = {.base = "JPY", .quote = "KWD", .rate = "1000000"};
    CHECK(!ledger_convert(&big, INT64_MAX, &out));
    ledger_rate unk = {.base = "EUR", .quote = "XXQ", .rate = "1"};
    CHECK(!ledger_convert(&unk, 1, &out));
}

int main(void)
{
    RUN(test_names);
    RUN(test_accounts);
    RUN(test_simple_and_validation);
    RUN(test_flags);
    RUN(test_two_phase);
    RUN(test_linked);
    RUN(test_idempotency);
    RUN(test_overflow);
    RUN(test_convert);
    ledger_state_free(st);
    return check_report();
}
