/*
 * ledger_store.h -- the ledger (fund/ledger.h) kept in the database.
 *
 * Each batch call loads the accounts and prior transfers the batch touches,
 * applies the pure rules, checks that the batch's debits and credits
 * balance per currency, and writes everything in ONE transaction: a batch
 * is durable as a whole or not at all.  Before each transfer batch the
 * pending transfers due at `now` are expired in the same transaction.
 * The calls fail (serai_code) only when the database does; the outcome of
 * each event is in results[i].
 */
#ifndef SERAI_FUND_LEDGER_STORE_H
#define SERAI_FUND_LEDGER_STORE_H

#include "fund/ledger.h"
#include "store/store.h"

/* Largest batch one call takes (ETOOLARGE above). */
#define LEDGER_BATCH_MAX 8190

serai_code ledger_store_create_accounts(store *s, const ledger_account *accounts,
                                        size_t n, int64_t now,
                                        ledger_result *results, serai_err *err)
    __attribute__((warn_unused_result));
serai_code ledger_store_create_transfers(store *s, const ledger_transfer *transfers,
                                         size_t n, int64_t now,
                                         ledger_result *results, serai_err *err)
    __attribute__((warn_unused_result));

/* The same inside the caller's open write transaction (store_begin), so
 * that a module can move money together with its own rows and audit
 * record: nothing is committed or rolled back here.  When rc is SERAI_OK
 * but some results[i] is not LEDGER_OK, the caller decides whether to
 * commit the events that succeeded or roll everything back. */
serai_code ledger_store_apply_accounts(store *s, const ledger_account *accounts,
                                       size_t n, int64_t now,
                                       ledger_result *results, serai_err *err)
    __attribute__((warn_unused_result));
serai_code ledger_store_apply_transfers(store *s, const ledger_transfer *transfers,
                                        size_t n, int64_t now,
                                        ledger_result *results, serai_err *err)
    __attribute__((warn_unused_result));

/* One account or transfer as stored; ENOTFOUND when there is none. */
serai_code ledger_store_account(store *s, int64_t id, ledger_account *out,
                                serai_err *err) __attribute__((warn_unused_result));
serai_code ledger_store_transfer(store *s, int64_t id, ledger_transfer *out,
                                 serai_err *err) __attribute__((warn_unused_result));

/* Expire the pending transfers due at now, in one transaction; *expired
 * (may be NULL) is how many. */
serai_code ledger_store_expire(store *s, int64_t now, int64_t *expired,
                               serai_err *err) __attribute__((warn_unused_result));

/* Per-currency totals over all accounts, sorted by currency. */
typedef struct ledger_total {
    char currency[4];
    int64_t accounts;
    int64_t debits_pending, debits_posted, credits_pending, credits_posted;
} ledger_total;
serai_code ledger_store_totals(store *s, ledger_total *out, size_t max,
                               size_t *n, serai_err *err)
    __attribute__((warn_unused_result));
/* The invariant over the whole database: per currency, total debits equal
 * total credits, pending and posted separately.  EINTERNAL naming the
 * currency when they do not. */
serai_code ledger_store_check(store *s, serai_err *err)
    __attribute__((warn_unused_result));

/* Exchange rates: record one (replacing the same base, quote and day), and
 * find the latest on or before a day (ENOTFOUND when none). */
serai_code ledger_store_rate_put(store *s, const ledger_rate *rate, serai_err *err)
    __attribute__((warn_unused_result));
serai_code ledger_store_rate_on(store *s, const char *base, const char *quote,
                                const char *day, ledger_rate *out, serai_err *err)
    __attribute__((warn_unused_result));

/* An account's posted balance (credits - debits) in its own currency and
 * in a reporting currency, stating the rate used, its date and the
 * rounding rule. */
typedef struct ledger_report {
    ledger_account account;
    int64_t balance;            /* credits_posted - debits_posted, own minor units */
    char reporting[4];
    int64_t reported;           /* minor units of the reporting currency */
    ledger_rate rate;           /* identity rate (1, the day asked) when same */
    const char *rounding;       /* LEDGER_ROUNDING_RULE */
} ledger_report;
serai_code ledger_store_report(store *s, int64_t account_id, const char *reporting,
                               const char *day, ledger_report *out, serai_err *err)
    __attribute__((warn_unused_result));

#endif
