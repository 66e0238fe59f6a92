/*
 * ledger_journal.h -- the ledger written as a plain-text accounting journal
 * (hledger / ledger-cli format), and serai's own balance report.
 *
 * Every posted transfer becomes one transaction dated by its timestamp
 * (UTC day) with two postings in the transfer's currency:
 *
 *     2026-11-28 * (10) pledge
 *         ledger:EUR:2    -50.00 EUR
 *         ledger:EUR:1     50.00 EUR
 *
 * Sign convention: the debit account's posting is -amount and the credit
 * account's +amount, so that `hledger balance` of an account equals serai's
 * posted balance, credits_posted - debits_posted (ledger_store_report).
 * Post-pending transfers are posted transfers with the amount posted;
 * pending reservations and voids post nothing and are written as comment
 * lines only.  Amounts are exact decimals with the currency's ISO 4217
 * exponent, and a `commodity` directive per currency fixes the places.
 * The journal is written page by page (LEDGER_JOURNAL_PAGE transfers per
 * query), never the whole ledger in memory.
 */
#ifndef SERAI_FUND_LEDGER_JOURNAL_H
#define SERAI_FUND_LEDGER_JOURNAL_H

#include <stdio.h>

#include "fund/ledger.h"
#include "store/store.h"

#define LEDGER_JOURNAL_PAGE 10000 /* = the LIMIT of the page query */

/* "12.50 EUR" for 1250 minor units of EUR (exponent from registry/iso.h);
 * false when the currency is unknown or out is too small (40 bytes is
 * always enough). */
bool ledger_journal_amount(int64_t minor, const char *currency, char *out,
                           size_t size);

/* What an export wrote. */
typedef struct ledger_journal_stats {
    int64_t transactions;   /* posted transfers written as transactions */
    int64_t comments;       /* pending and void records written as comments */
    int64_t currencies;     /* commodity directives */
} ledger_journal_stats;

/* Write the whole ledger to out as a journal, in one read transaction so
 * that it is one consistent state.  stats may be NULL.  ESTORE (or the
 * store's code) when the database fails, EINTERNAL when writing fails. */
serai_code ledger_journal_write(store *s, FILE *out, ledger_journal_stats *stats,
                                serai_err *err) __attribute__((warn_unused_result));

/* One account's posted balance, credits_posted - debits_posted. */
typedef struct ledger_balance {
    int64_t account_id;
    char currency[4];
    int64_t balance;
} ledger_balance;
typedef void (*ledger_balance_fn)(void *ctx, const ledger_balance *b);

/* Every account's posted balance, by account id, as the account table
 * keeps it (one row per account, no transfer read). */
serai_code ledger_balances(store *s, ledger_balance_fn fn, void *ctx,
                           serai_err *err) __attribute__((warn_unused_result));
/* The same, recomputed from the posted transfers alone (what hledger does
 * with the journal); accounts in id order, each reported once. */
serai_code ledger_balances_from_transfers(store *s, ledger_balance_fn fn,
                                          void *ctx, serai_err *err)
    __attribute__((warn_unused_result));

#endif
