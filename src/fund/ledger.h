/*
 * ledger.h -- double-entry accounts and transfers in integer minor units
 * (the pure rules; ledger_store.h keeps them in the database).
 *
 * The model is TigerBeetle's published design.  An account holds four
 * balances in minor units of one ISO 4217 currency: debits and credits,
 * each pending (reserved by a two-phase transfer) and posted.  A transfer
 * moves a positive amount from one debit account to one credit account of
 * the same currency.  A pending transfer reserves the amount; a later
 * transfer with LEDGER_POST_PENDING posts it in full or in part, one with
 * LEDGER_VOID_PENDING releases it, and a pending transfer with a timeout
 * expires at timestamp + timeout.  Transfers flagged LEDGER_LINKED succeed
 * or fail with the next one in the batch.  Entries are never changed:
 * corrections are reversing transfers.
 *
 * ledger_state is the working set of one batch: the accounts and prior
 * transfers the batch touches, loaded by the caller, then changed in memory
 * by ledger_create_accounts / ledger_create_transfers, which give one
 * result per event.  The caller writes back what ledger_state_changes lists.
 * Every id is a client-supplied positive int64, so retrying a request is
 * safe: the same id with the same fields reports LEDGER_EXISTS, with a
 * different field LEDGER_EXISTS_WITH_DIFFERENT_<FIELD>, and an id that
 * failed keeps failing with its first result.
 */
#ifndef SERAI_FUND_LEDGER_H
#define SERAI_FUND_LEDGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Account flags. */
enum {
    LEDGER_DEBITS_MUST_NOT_EXCEED_CREDITS = 1u << 0, /* no overdraft */
    LEDGER_CREDITS_MUST_NOT_EXCEED_DEBITS = 1u << 1,
    LEDGER_ACCOUNT_FLAGS_ALL = (1u << 2) - 1
};

/* Transfer flags. */
enum {
    LEDGER_LINKED = 1u << 0,       /* succeeds or fails with the next event */
    LEDGER_PENDING = 1u << 1,      /* reserve: first phase of two */
    LEDGER_POST_PENDING = 1u << 2, /* post the pending transfer pending_id */
    LEDGER_VOID_PENDING = 1u << 3, /* void the pending transfer pending_id */
    LEDGER_TRANSFER_FLAGS_ALL = (1u << 4) - 1
};

/* State of a stored transfer. */
typedef enum ledger_status {
    LEDGER_STATUS_POSTED = 0,   /* single-phase, or a post/void event */
    LEDGER_STATUS_PENDING = 1,  /* reserving its amount */
    LEDGER_STATUS_PENDING_POSTED = 2,
    LEDGER_STATUS_PENDING_VOIDED = 3,
    LEDGER_STATUS_PENDING_EXPIRED = 4
} ledger_status;

/* Results of one event; the numbers are stable (stored with failed ids)
 * and ledger_result_name gives the stable snake_case name. */
typedef enum ledger_result {
    LEDGER_OK = 0,
    LEDGER_LINKED_EVENT_FAILED,
    LEDGER_LINKED_EVENT_CHAIN_OPEN,
    LEDGER_ID_MUST_NOT_BE_ZERO,
    LEDGER_FLAGS_ARE_MUTUALLY_EXCLUSIVE,
    LEDGER_FLAGS_UNKNOWN,
    LEDGER_CURRENCY_UNKNOWN,
    LEDGER_EXISTS,
    LEDGER_EXISTS_WITH_DIFFERENT_FLAGS,
    LEDGER_EXISTS_WITH_DIFFERENT_CURRENCY,
    LEDGER_EXISTS_WITH_DIFFERENT_CODE,
    LEDGER_EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID,
    LEDGER_EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID,
    LEDGER_EXISTS_WITH_DIFFERENT_AMOUNT,
    LEDGER_EXISTS_WITH_DIFFERENT_PENDING_ID,
    LEDGER_EXISTS_WITH_DIFFERENT_TIMEOUT,
    LEDGER_EXISTS_WITH_DIFFERENT_REFERENCE,
    LEDGER_DEBIT_ACCOUNT_ID_MUST_NOT_BE_ZERO,
    LEDGER_CREDIT_ACCOUNT_ID_MUST_NOT_BE_ZERO,
    LEDGER_ACCOUNTS_MUST_BE_DIFFERENT,
    LEDGER_PENDING_ID_MUST_BE_ZERO,
    LEDGER_PENDING_ID_MUST_NOT_BE_ZERO,
    LEDGER_PENDING_ID_MUST_BE_DIFFERENT,
    LEDGER_TIMEOUT_RESERVED_FOR_PENDING_TRANSFER,
    LEDGER_TIMEOUT_MUST_NOT_BE_NEGATIVE,
    LEDGER_AMOUNT_MUST_BE_POSITIVE,
    LEDGER_REFERENCE_TOO_LONG,
    LEDGER_DEBIT_ACCOUNT_NOT_FOUND,
    LEDGER_CREDIT_ACCOUNT_NOT_FOUND,
    LEDGER_ACCOUNTS_MUST_HAVE_SAME_CURRENCY,
    LEDGER_PENDING_TRANSFER_NOT_FOUND,
    LEDGER_PENDING_TRANSFER_NOT_PENDING,
    LEDGER_PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID,
    LEDGER_PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID,
    LEDGER_EXCEEDS_PENDING_TRANSFER_AMOUNT,
    LEDGER_PENDING_TRANSFER_ALREADY_POSTED,
    LEDGER_PENDING_TRANSFER_ALREADY_VOIDED,
    LEDGER_PENDING_TRANSFER_EXPIRED,
    LEDGER_OVERFLOWS_DEBITS_PENDING,
    LEDGER_OVERFLOWS_CREDITS_PENDING,
    LEDGER_OVERFLOWS_DEBITS_POSTED,
    LEDGER_OVERFLOWS_CREDITS_POSTED,
    LEDGER_OVERFLOWS_DEBITS,
    LEDGER_OVERFLOWS_CREDITS,
    LEDGER_OVERFLOWS_TIMEOUT,
    LEDGER_EXCEEDS_CREDITS,
    LEDGER_EXCEEDS_DEBITS,
    LEDGER_RESULT_COUNT
} ledger_result;

/* "exceeds_credits"; "unknown" outside the enum. */
const char *ledger_result_name(ledger_result r);
/* The field a result blames ("/amount"), or "" when none. */
const char *ledger_result_field(ledger_result r);

#define LEDGER_REFERENCE_MAX 64 /* bytes of a transfer's reference, with NUL */

typedef struct ledger_account {
    int64_t id;          /* client-supplied, > 0 */
    char currency[4];    /* ISO 4217 code, "EUR" */
    int32_t code;        /* client's kind of account */
    uint32_t flags;      /* LEDGER_*_MUST_NOT_EXCEED_* */
    int64_t debits_pending, debits_posted, credits_pending, credits_posted;
    int64_t timestamp;   /* set on creation */
} ledger_account;

typedef struct ledger_transfer {
    int64_t id;                 /* client-supplied, > 0 */
    int64_t debit_account_id;   /* for post/void: 0 or the pending's */
    int64_t credit_account_id;
    int64_t amount;             /* minor units, > 0; for a post, 0 = all */
    int64_t pending_id;         /* the pending transfer a post/void names */
    int64_t timeout;            /* seconds a pending transfer lives; 0 = forever */
    int32_t code;
    uint32_t flags;
    char reference[LEDGER_REFERENCE_MAX]; /* client's text, UTF-8 */
    /* Set by the ledger on success: */
    char currency[4];
    int64_t timestamp;
    ledger_status status;
    int64_t expires_at;         /* pending with timeout: timestamp + timeout */
} ledger_transfer;

typedef struct ledger_state ledger_state;

/* A new, empty working set; free with ledger_state_free. */
ledger_state *ledger_state_new(void);
void ledger_state_free(ledger_state *st);
/* Forget everything, keeping the memory for the next batch. */
void ledger_state_clear(ledger_state *st);

/* Load what the database holds (copied).  A loaded failed id keeps
 * failing with `result`. */
void ledger_state_load_account(ledger_state *st, const ledger_account *a);
void ledger_state_load_transfer(ledger_state *st, const ledger_transfer *t);
void ledger_state_load_failed(ledger_state *st, int64_t id, ledger_result result);

/* Read access (NULL when absent); pointers stay valid until the next
 * load, create, clear or free. */
const ledger_account *ledger_state_account(const ledger_state *st, int64_t id);
const ledger_transfer *ledger_state_transfer(const ledger_state *st, int64_t id);

/* Apply a batch of n events in order, at time `now` (seconds), writing
 * results[i] for each.  Pending transfers the state holds that expire at
 * or before now are expired first (their reservations released).  Never
 * fails as a whole; a failed linked chain leaves the state as it was. */
void ledger_create_accounts(ledger_state *st, const ledger_account *accounts,
                            size_t n, int64_t now, ledger_result *results);
void ledger_create_transfers(ledger_state *st, const ledger_transfer *transfers,
                             size_t n, int64_t now, ledger_result *results);

/* What the batches applied since the last clear changed, for the caller to
 * write: new accounts, accounts whose balances changed, new transfers,
 * pending transfers whose status changed, and new failed ids.  Pointers
 * into the state. */
typedef struct ledger_changes {
    const ledger_account **new_accounts;   size_t n_new_accounts;
    const ledger_account **dirty_accounts; size_t n_dirty_accounts;
    const ledger_transfer **new_transfers; size_t n_new_transfers;
    const ledger_transfer **status_changed; size_t n_status_changed;
    const int64_t *failed_ids; const ledger_result *failed_results;
    size_t n_failed;
} ledger_changes;
void ledger_state_changes(ledger_state *st, ledger_changes *out);

/* The invariant for one batch: per currency, the changes made to the
 * accounts the state holds since they were loaded (or created) must move
 * debits and credits alike, pending and posted separately.  False, with
 * the first unbalanced currency in bad (may be NULL), when they do not. */
bool ledger_state_deltas_balance(const ledger_state *st, char bad[4]);

/*
 * Exchange rates and reporting.  A rate is "1 unit of base = rate units of
 * quote" as a decimal string ("7.8123"), dated; ledger_convert turns
 * minor units of one currency into minor units of another with a stated
 * rounding rule: half to even on the exact quotient.
 */
typedef struct ledger_rate {
    char base[4], quote[4];
    char date[11];          /* "YYYY-MM-DD" */
    char rate[32];          /* decimal, > 0, up to 12 fraction digits */
} ledger_rate;

#define LEDGER_ROUNDING_RULE "half-even"

/* Convert amount (minor units of rate->base) into *out (minor units of
 * rate->quote).  False when a currency is unknown, the rate malformed or
 * not positive, or the result overflows. */
bool ledger_convert(const ledger_rate *rate, int64_t amount, int64_t *out);

#endif
