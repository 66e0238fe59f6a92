/*
 * ledger.c -- the ledger's rules on an in-memory working set; see ledger.h.
 *
 * The working set keeps accounts and transfers in two slot arrays, each
 * indexed by an open-addressing hash on the id.  A slot, once made, stays
 * for the life of the batch: a rolled-back linked chain marks its slots
 * absent again, so the hash never needs a deletion.  Changes inside a
 * linked chain push the slot's previous contents on an undo log first, and
 * a chain that fails pops them back in reverse order.
 */
#include "fund/ledger.h"

#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "registry/iso.h"

enum { XFER_ABSENT = 0, XFER_LOADED, XFER_NEW, XFER_FAILED_LOADED, XFER_FAILED_NEW };

typedef struct acct_slot {
    ledger_account a;
    ledger_account orig; /* as loaded, to list and check the changes */
    uint8_t present, is_new;
} acct_slot;

typedef struct xfer_slot {
    ledger_transfer t;
    uint8_t kind;
    ledger_status orig_status;
    ledger_result failed;
} xfer_slot;

typedef struct id_index {
    uint32_t *cells; /* slot index + 1; 0 = empty */
    size_t cap;      /* power of two */
    size_t used;
} id_index;

typedef struct undo {
    uint8_t is_account;
    size_t idx;
    union {
        acct_slot a;
        xfer_slot x;
    } u;
} undo;

struct ledger_state {
    acct_slot *accts;
    size_t n_accts, cap_accts;
    id_index acct_index;
    xfer_slot *xfers;
    size_t n_xfers, cap_xfers;
    id_index xfer_index;
    undo *log;
    size_t n_log, cap_log;
    bool logging;
    /* ledger_state_changes output */
    const void **out;
    size_t cap_out;
    int64_t *out_ids;
    ledger_result *out_results;
    size_t cap_out_ids;
};

static const char *const result_names[LEDGER_RESULT_COUNT] = {
    [LEDGER_OK] = "ok",
    [LEDGER_LINKED_EVENT_FAILED] = "linked_event_failed",
    [LEDGER_LINKED_EVENT_CHAIN_OPEN] = "linked_event_chain_open",
    [LEDGER_ID_MUST_NOT_BE_ZERO] = "id_must_not_be_zero",
    [LEDGER_FLAGS_ARE_MUTUALLY_EXCLUSIVE] = "flags_are_mutually_exclusive",
    [LEDGER_FLAGS_UNKNOWN] = "flags_unknown",
    [LEDGER_CURRENCY_UNKNOWN] = "currency_unknown",
    [LEDGER_EXISTS] = "exists",
    [LEDGER_EXISTS_WITH_DIFFERENT_FLAGS] = "exists_with_different_flags",
    [LEDGER_EXISTS_WITH_DIFFERENT_CURRENCY] = "exists_with_different_currency",
    [LEDGER_EXISTS_WITH_DIFFERENT_CODE] = "exists_with_different_code",
    [LEDGER_EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID] = "exists_with_different_debit_account_id",
    [LEDGER_EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID] = "exists_with_different_credit_account_id",
    [LEDGER_EXISTS_WITH_DIFFERENT_AMOUNT] = "exists_with_different_amount",
    [LEDGER_EXISTS_WITH_DIFFERENT_PENDING_ID] = "exists_with_different_pending_id",
    [LEDGER_EXISTS_WITH_DIFFERENT_TIMEOUT] = "exists_with_different_timeout",
    [LEDGER_EXISTS_WITH_DIFFERENT_REFERENCE] = "exists_with_different_reference",
    [LEDGER_DEBIT_ACCOUNT_ID_MUST_NOT_BE_ZERO] = "debit_account_id_must_not_be_zero",
    [LEDGER_CREDIT_ACCOUNT_ID_MUST_NOT_BE_ZERO] = "credit_account_id_must_not_be_zero",
    [LEDGER_ACCOUNTS_MUST_BE_DIFFERENT] = "accounts_must_be_different",
    [LEDGER_PENDING_ID_MUST_BE_ZERO] = "pending_id_must_be_zero",
    [LEDGER_PENDING_ID_MUST_NOT_BE_ZERO] = "pending_id_must_not_be_zero",
    [LEDGER_PENDING_ID_MUST_BE_DIFFERENT] = "pending_id_must_be_different",
    [LEDGER_TIMEOUT_RESERVED_FOR_PENDING_TRANSFER] = "timeout_reserved_for_pending_transfer",
    [LEDGER_TIMEOUT_MUST_NOT_BE_NEGATIVE] = "timeout_must_not_be_negative",
    [LEDGER_AMOUNT_MUST_BE_POSITIVE] = "amount_must_be_positive",
    [LEDGER_REFERENCE_TOO_LONG] = "reference_too_long",
    [LEDGER_DEBIT_ACCOUNT_NOT_FOUND] = "debit_account_not_found",
    [LEDGER_CREDIT_ACCOUNT_NOT_FOUND] = "credit_account_not_found",
    [LEDGER_ACCOUNTS_MUST_HAVE_SAME_CURRENCY] = "accounts_must_have_same_currency",
    [LEDGER_PENDING_TRANSFER_NOT_FOUND] = "pending_transfer_not_found",
    [LEDGER_PENDING_TRANSFER_NOT_PENDING] = "pending_transfer_not_pending",
    [LEDGER_PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID] = "pending_transfer_has_different_debit_account_id",
    [LEDGER_PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID] = "pending_transfer_has_different_credit_account_id",
    [LEDGER_EXCEEDS_PENDING_TRANSFER_AMOUNT] = "exceeds_pending_transfer_amount",
    [LEDGER_PENDING_TRANSFER_ALREADY_POSTED] = "pending_transfer_already_posted",
    [LEDGER_PENDING_TRANSFER_ALREADY_VOIDED] = "pending_transfer_already_voided",
    [LEDGER_PENDING_TRANSFER_EXPIRED] = "pending_transfer_expired",
    [LEDGER_OVERFLOWS_DEBITS_PENDING] = "overflows_debits_pending",
    [LEDGER_OVERFLOWS_CREDITS_PENDING] = "overflows_credits_pending",
    [LEDGER_OVERFLOWS_DEBITS_POSTED] = "overflows_debits_posted",
    [LEDGER_OVERFLOWS_CREDITS_POSTED] = "overflows_credits_posted",
    [LEDGER_OVERFLOWS_DEBITS] = "overflows_debits",
    [LEDGER_OVERFLOWS_CREDITS] = "overflows_credits",
    [LEDGER_OVERFLOWS_TIMEOUT] = "overflows_timeout",
    [LEDGER_EXCEEDS_CREDITS] = "exceeds_credits",
    [LEDGER_EXCEEDS_DEBITS] = "exceeds_debits",
};

const char *ledger_result_name(ledger_result r)
{
    if ((unsigned)r >= LEDGER_RESULT_COUNT)
        return "unknown";
    return result_names[r];
}

const char *ledger_result_field(ledger_result r)
{
    switch (r) {
    case LEDGER_ID_MUST_NOT_BE_ZERO: return "/id";
    case LEDGER_FLAGS_ARE_MUTUALLY_EXCLUSIVE:
    case LEDGER_FLAGS_UNKNOWN:
    case LEDGER_EXISTS_WITH_DIFFERENT_FLAGS: return "/flags";
    case LEDGER_CURRENCY_UNKNOWN:
    case LEDGER_EXISTS_WITH_DIFFERENT_CURRENCY: return "/currency";
    case LEDGER_EXISTS_WITH_DIFFERENT_CODE: return "/code";
    case LEDGER_EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID:
    case LEDGER_DEBIT_ACCOUNT_ID_MUST_NOT_BE_ZERO:
    case LEDGER_DEBIT_ACCOUNT_NOT_FOUND:
    case LEDGER_PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID:
    case LEDGER_OVERFLOWS_DEBITS_PENDING:
    case LEDGER_OVERFLOWS_DEBITS_POSTED:
    case LEDGER_OVERFLOWS_DEBITS:
    case LEDGER_EXCEEDS_CREDITS: return "/debit_account_id";
    case LEDGER_EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID:
    case LEDGER_CREDIT_ACCOUNT_ID_MUST_NOT_BE_ZERO:
    case LEDGER_CREDIT_ACCOUNT_NOT_FOUND:
    case LEDGER_ACCOUNTS_MUST_BE_DIFFERENT:
    case LEDGER_ACCOUNTS_MUST_HAVE_SAME_CURRENCY:
    case LEDGER_PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID:
    case LEDGER_OVERFLOWS_CREDITS_PENDING:
    case LEDGER_OVERFLOWS_CREDITS_POSTED:
    case LEDGER_OVERFLOWS_CREDITS:
    case LEDGER_EXCEEDS_DEBITS: return "/credit_account_id";
    case LEDGER_EXISTS_WITH_DIFFERENT_AMOUNT:
    case LEDGER_AMOUNT_MUST_BE_POSITIVE:
    case LEDGER_EXCEEDS_PENDING_TRANSFER_AMOUNT: return "/amount";
    case LEDGER_EXISTS_WITH_DIFFERENT_PENDING_ID:
    case LEDGER_PENDING_ID_MUST_BE_ZERO:
    case LEDGER_PENDING_ID_MUST_NOT_BE_ZERO:
    case LEDGER_PENDING_ID_MUST_BE_DIFFERENT:
    case LEDGER_PENDING_TRANSFER_NOT_FOUND:
    case LEDGER_PENDING_TRANSFER_NOT_PENDING:
    case LEDGER_PENDING_TRANSFER_ALREADY_POSTED:
    case LEDGER_PENDING_TRANSFER_ALREADY_VOIDED:
    case LEDGER_PENDING_TRANSFER_EXPIRED: return "/pending_id";
    case LEDGER_EXISTS_WITH_DIFFERENT_TIMEOUT:
    case LEDGER_TIMEOUT_RESERVED_FOR_PENDING_TRANSFER:
    case LEDGER_TIMEOUT_MUST_NOT_BE_NEGATIVE:
    case LEDGER_OVERFLOWS_TIMEOUT: return "/timeout";
    case LEDGER_EXISTS_WITH_DIFFERENT_REFERENCE:
    case LEDGER_REFERENCE_TOO_LONG: return "/reference";
    default: return "";
    }
}

/* ---- the id index ---- */

static size_t id_hash(int64_t id, size_t cap)
{
    uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 17) & (cap - 1);
}

/* Where id's cell is, or the empty cell it would take.  key_of reads the
 * id of slot i. */
typedef int64_t (*key_fn)(const ledger_state *st, size_t i);

static int64_t acct_key(const ledger_state *st, size_t i) { return st->accts[i].a.id; }
static int64_t xfer_key(const ledger_state *st, size_t i) { return st->xfers[i].t.id; }

static size_t index_cell(const ledger_state *st, const id_index *ix, key_fn key,
                         int64_t id)
{
    size_t c = id_hash(id, ix->cap);
    while (ix->cells[c] != 0 && key(st, ix->cells[c] - 1) != id)
        c = (c + 1) & (ix->cap - 1);
    return c;
}

static void index_grow(ledger_state *st, id_index *ix, key_fn key)
{
    size_t old_cap = ix->cap;
    uint32_t *old = ix->cells;
    ix->cap = old_cap ? old_cap * 2 : 1024;
    ix->cells = xcalloc(ix->cap, sizeof *ix->cells);
    for (size_t i = 0; i < old_cap; i++)
        if (old[i] != 0)
            ix->cells[index_cell(st, ix, key, key(st, old[i] - 1))] = old[i];
    free(old);
}

/* Slot index of id, or -1. */
static long index_find(const ledger_state *st, const id_index *ix, key_fn key,
                       int64_t id)
{
    if (ix->cap == 0)
        return -1;
    uint32_t v = ix->cells[index_cell(st, ix, key, id)];
    return v ? (long)v - 1 : -1;
}

static size_t acct_slot_of(ledger_state *st, int64_t id)
{
    long i = index_find(st, &st->acct_index, acct_key, id);
    if (i >= 0)
        return (size_t)i;
    if (2 * (st->acct_index.used + 1) > st->acct_index.cap)
        index_grow(st, &st->acct_index, acct_key);
    if (st->n_accts == st->cap_accts) {
        st->cap_accts = st->cap_accts ? st->cap_accts * 2 : 256;
        st->accts = xreallocarray(st->accts, st->cap_accts, sizeof *st->accts);
    }
    size_t n = st->n_accts++;
    memset(&st->accts[n], 0, sizeof st->accts[n]);
    st->accts[n].a.id = id;
    st->acct_index.cells[index_cell(st, &st->acct_index, acct_key, id)] = (uint32_t)n + 1;
    st->acct_index.used++;
    return n;
}

static size_t xfer_slot_of(ledger_state *st, int64_t id)
{
    long i = index_find(st, &st->xfer_index, xfer_key, id);
    if (i >= 0)
        return (size_t)i;
    if (2 * (st->xfer_index.used + 1) > st->xfer_index.cap)
        index_grow(st, &st->xfer_index, xfer_key);
    if (st->n_xfers == st->cap_xfers) {
        st->cap_xfers = st->cap_xfers ? st->cap_xfers * 2 : 1024;
        st->xfers = xreallocarray(st->xfers, st->cap_xfers, sizeof *st->xfers);
    }
    size_t n = st->n_xfers++;
    memset(&st->xfers[n], 0, sizeof st->xfers[n]);
    st->xfers[n].t.id = id;
    st->xfer_index.cells[index_cell(st, &st->xfer_index, xfer_key, id)] = (uint32_t)n + 1;
    st->xfer_index.used++;
    return n;
}

static acct_slot *acct_find(const ledger_state *st, int64_t id)
{
    long i = index_find(st, &st->acct_index, acct_key, id);
    return i >= 0 && st->accts[i].present ? &st->accts[i] : NULL;
}

static xfer_slot *xfer_find(const ledger_state *st, int64_t id)
{
    long i = index_find(st, &st->xfer_index, xfer_key, id);
    return i >= 0 && st->xfers[i].kind != XFER_ABSENT ? &st->xfers[i] : NULL;
}

/* ---- life of a state ---- */

ledger_state *ledger_state_new(void)
{
    return xcalloc(1, sizeof(ledger_state));
}

void ledger_state_free(ledger_state *st)
{
    if (st == NULL)
        return;
    free(st->accts);
    free(st->acct_index.cells);
    free(st->xfers);
    free(st->xfer_index.cells);
    free(st->log);
    free(st->out);
    free(st->out_ids);
    free(st->out_results);
    free(st);
}

void ledger_state_clear(ledger_state *st)
{
    st->n_accts = st->n_xfers = st->n_log = 0;
    if (st->acct_index.cells)
        memset(st->acct_index.cells, 0, st->acct_index.cap * sizeof(uint32_t));
    if (st->xfer_index.cells)
        memset(st->xfer_index.cells, 0, st->xfer_index.cap * sizeof(uint32_t));
    st->acct_index.used = st->xfer_index.used = 0;
}

void ledger_state_load_account(ledger_state *st, const ledger_account *a)
{
    size_t s_idx = acct_slot_of(st, a->id);
    acct_slot *s = &st->accts[s_idx];
    s->a = *a;
    s->orig = *a;
    s->present = 1;
    s->is_new = 0;
}

void ledger_state_load_transfer(ledger_state *st, const ledger_transfer *t)
{
    size_t s_idx = xfer_slot_of(st, t->id);
    xfer_slot *s = &st->xfers[s_idx];
    s->t = *t;
    s->kind = XFER_LOADED;
    s->orig_status = t->status;
}

void ledger_state_load_failed(ledger_state *st, int64_t id, ledger_result result)
{
    size_t s_idx = xfer_slot_of(st, id);
    xfer_slot *s = &st->xfers[s_idx];
    memset(&s->t, 0, sizeof s->t);
    s->t.id = id;
    s->kind = XFER_FAILED_LOADED;
    s->failed = result;
}

const ledger_account *ledger_state_account(const ledger_state *st, int64_t id)
{
    acct_slot *s = acct_find(st, id);
    return s ? &s->a : NULL;
}

const ledger_transfer *ledger_state_transfer(const ledger_state *st, int64_t id)
{
    xfer_slot *s = xfer_find(st, id);
    return s && (s->kind == XFER_LOADED || s->kind == XFER_NEW) ? &s->t : NULL;
}

/* ---- undo ---- */

static void save_acct(ledger_state *st, acct_slot *s)
{
    if (!st->logging)
        return;
    if (st->n_log == st->cap_log) {
        st->cap_log = st->cap_log ? st->cap_log * 2 : 64;
        st->log = xreallocarray(st->log, st->cap_log, sizeof *st->log);
    }
    undo *u = &st->log[st->n_log++];
    u->is_account = 1;
    u->idx = (size_t)(s - st->accts);
    u->u.a = *s;
}

static void save_xfer(ledger_state *st, size_t idx)
{
    if (!st->logging)
        return;
    if (st->n_log == st->cap_log) {
        st->cap_log = st->cap_log ? st->cap_log * 2 : 64;
        st->log = xreallocarray(st->log, st->cap_log, sizeof *st->log);
    }
    undo *u = &st->log[st->n_log++];
    u->is_account = 0;
    u->idx = idx;
    u->u.x = st->xfers[idx];
}

static void undo_to(ledger_state *st, size_t mark)
{
    while (st->n_log > mark) {
        undo *u = &st->log[--st->n_log];
        if (u->is_account)
            st->accts[u->idx] = u->u.a;
        else
            st->xfers[u->idx] = u->u.x;
    }
}

/* ---- accounts ---- */

static ledger_result create_account(ledger_state *st, const ledger_account *in,
                                    int64_t now)
{
    if (in->id <= 0)
        return LEDGER_ID_MUST_NOT_BE_ZERO;
    acct_slot *e = acct_find(st, in->id);
    if (e) {
        if (e->a.flags != in->flags)
            return LEDGER_EXISTS_WITH_DIFFERENT_FLAGS;
        if (strncmp(e->a.currency, in->currency, sizeof in->currency) != 0)
            return LEDGER_EXISTS_WITH_DIFFERENT_CURRENCY;
        if (e->a.code != in->code)
            return LEDGER_EXISTS_WITH_DIFFERENT_CODE;
        return LEDGER_EXISTS;
    }
    if (in->flags & ~(uint32_t)LEDGER_ACCOUNT_FLAGS_ALL)
        return LEDGER_FLAGS_UNKNOWN;
    if ((in->flags & LEDGER_DEBITS_MUST_NOT_EXCEED_CREDITS) &&
        (in->flags & LEDGER_CREDITS_MUST_NOT_EXCEED_DEBITS))
        return LEDGER_FLAGS_ARE_MUTUALLY_EXCLUSIVE;
    char cur[4];
    memcpy(cur, in->currency, 3);
    cur[3] = '\0';
    if (memchr(in->currency, '\0', sizeof in->currency) == NULL ||
        iso_currency_by_code(cur) == NULL)
        return LEDGER_CURRENCY_UNKNOWN;
    size_t s_idx = acct_slot_of(st, in->id);
    acct_slot *s = &st->accts[s_idx];
    memset(&s->a, 0, sizeof s->a);
    s->a.id = in->id;
    memcpy(s->a.currency, cur, sizeof cur);
    s->a.code = in->code;
    s->a.flags = in->flags;
    s->a.timestamp = now;
    s->orig = s->a;
    s->present = 1;
    s->is_new = 1;
    return LEDGER_OK;
}

void ledger_create_accounts(ledger_state *st, const ledger_account *accounts,
                            size_t n, int64_t now, ledger_result *results)
{
    st->logging = false;
    for (size_t i = 0; i < n; i++)
        results[i] = create_account(st, &accounts[i], now);
}

/* ---- transfers ---- */

static bool add_overflows(int64_t a, int64_t b)
{
    int64_t r;
    return __builtin_add_overflow(a, b, &r);
}

static ledger_result compare_existing(const ledger_transfer *e,
                                      const ledger_transfer *in)
{
    bool two_phase = in->flags & (LEDGER_POST_PENDING | LEDGER_VOID_PENDING);
    if (e->flags != in->flags)
        return LEDGER_EXISTS_WITH_DIFFERENT_FLAGS;
    /* A post or void may leave the accounts and amount to the pending
     * transfer; zero then matches what the ledger filled in. */
    if (e->debit_account_id != in->debit_account_id &&
        !(two_phase && in->debit_account_id == 0))
        return LEDGER_EXISTS_WITH_DIFFERENT_DEBIT_ACCOUNT_ID;
    if (e->credit_account_id != in->credit_account_id &&
        !(two_phase && in->credit_account_id == 0))
        return LEDGER_EXISTS_WITH_DIFFERENT_CREDIT_ACCOUNT_ID;
    if (e->amount != in->amount && !(two_phase && in->amount == 0))
        return LEDGER_EXISTS_WITH_DIFFERENT_AMOUNT;
    if (e->pending_id != in->pending_id)
        return LEDGER_EXISTS_WITH_DIFFERENT_PENDING_ID;
    if (e->timeout != in->timeout)
        return LEDGER_EXISTS_WITH_DIFFERENT_TIMEOUT;
    if (e->code != in->code)
        return LEDGER_EXISTS_WITH_DIFFERENT_CODE;
    if (strncmp(e->reference, in->reference, LEDGER_REFERENCE_MAX) != 0)
        return LEDGER_EXISTS_WITH_DIFFERENT_REFERENCE;
    return LEDGER_EXISTS;
}

static xfer_slot *record_transfer(ledger_state *st, const ledger_transfer *in,
                                  const char currency[4], int64_t now)
{
    size_t idx = xfer_slot_of(st, in->id);
    save_xfer(st, idx);
    xfer_slot *s = &st->xfers[idx];
    s->t = *in;
    memcpy(s->t.currency, currency, 4);
    s->t.timestamp = now;
    s->t.status = LEDGER_STATUS_POSTED;
    s->t.expires_at = 0;
    s->kind = XFER_NEW;
    s->orig_status = LEDGER_STATUS_POSTED;
    return s;
}

static ledger_result post_or_void(ledger_state *st, const ledger_transfer *in,
                                  int64_t now)
{
    bool post = in->flags & LEDGER_POST_PENDING;
    if (in->pending_id == 0)
        return LEDGER_PENDING_ID_MUST_NOT_BE_ZERO;
    if (in->pending_id == in->id)
        return LEDGER_PENDING_ID_MUST_BE_DIFFERENT;
    if (in->timeout != 0)
        return LEDGER_TIMEOUT_RESERVED_FOR_PENDING_TRANSFER;
    if (in->amount < 0)
        return LEDGER_AMOUNT_MUST_BE_POSITIVE;
    xfer_slot *ps = xfer_find(st, in->pending_id);
    if (ps == NULL || ps->kind == XFER_FAILED_LOADED || ps->kind == XFER_FAILED_NEW)
        return LEDGER_PENDING_TRANSFER_NOT_FOUND;
    const ledger_transfer *p = &ps->t;
    if (p->status == LEDGER_STATUS_POSTED)
        return LEDGER_PENDING_TRANSFER_NOT_PENDING;
    if (in->debit_account_id != 0 && in->debit_account_id != p->debit_account_id)
        return LEDGER_PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID;
    if (in->credit_account_id != 0 && in->credit_account_id != p->credit_account_id)
        return LEDGER_PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID;
    if (p->status == LEDGER_STATUS_PENDING_POSTED)
        return LEDGER_PENDING_TRANSFER_ALREADY_POSTED;
    if (p->status == LEDGER_STATUS_PENDING_VOIDED)
        return LEDGER_PENDING_TRANSFER_ALREADY_VOIDED;
    if (p->status == LEDGER_STATUS_PENDING_EXPIRED ||
        (p->expires_at != 0 && p->expires_at <= now))
        return LEDGER_PENDING_TRANSFER_EXPIRED;
    if (in->amount > p->amount)
        return LEDGER_EXCEEDS_PENDING_TRANSFER_AMOUNT;
    acct_slot *dr = acct_find(st, p->debit_account_id);
    acct_slot *cr = acct_find(st, p->credit_account_id);
    if (dr == NULL)
        return LEDGER_DEBIT_ACCOUNT_NOT_FOUND;
    if (cr == NULL)
        return LEDGER_CREDIT_ACCOUNT_NOT_FOUND;
    int64_t amount = post ? (in->amount == 0 ? p->amount : in->amount) : p->amount;
    if (post) {
        /* The reservation is released first, so the sums cannot grow. */
        if (add_overflows(dr->a.debits_posted, amount))
            return LEDGER_OVERFLOWS_DEBITS_POSTED;
        if (add_overflows(cr->a.credits_posted, amount))
            return LEDGER_OVERFLOWS_CREDITS_POSTED;
    }
    save_acct(st, dr);
    save_acct(st, cr);
    dr->a.debits_pending -= p->amount;
    cr->a.credits_pending -= p->amount;
    if (post) {
        dr->a.debits_posted += amount;
        cr->a.credits_posted += amount;
    }
    size_t pidx = (size_t)(ps - st->xfers);
    save_xfer(st, pidx);
    st->xfers[pidx].t.status = post ? LEDGER_STATUS_PENDING_POSTED
                                    : LEDGER_STATUS_PENDING_VOIDED;
    /* record_transfer may move the slot array: p is not used after. */
    ledger_transfer ev = *in;
    ev.debit_account_id = p->debit_account_id;
    ev.credit_account_id = p->credit_account_id;
    ev.amount = amount;
    char currency[4];
    memcpy(currency, p->currency, 4);
    record_transfer(st, &ev, currency, now);
    return LEDGER_OK;
}

static ledger_result create_transfer(ledger_state *st, const ledger_transfer *in,
                                     int64_t now)
{
    if (in->id <= 0)
        return LEDGER_ID_MUST_NOT_BE_ZERO;
    xfer_slot *e = xfer_find(st, in->id);
    if (e) {
        if (e->kind == XFER_FAILED_LOADED || e->kind == XFER_FAILED_NEW)
            return e->failed;
        return compare_existing(&e->t, in);
    }
    if (in->flags & ~(uint32_t)LEDGER_TRANSFER_FLAGS_ALL)
        return LEDGER_FLAGS_UNKNOWN;
    uint32_t phase = in->flags & (LEDGER_PENDING | LEDGER_POST_PENDING | LEDGER_VOID_PENDING);
    if (phase & (phase - 1))
        return LEDGER_FLAGS_ARE_MUTUALLY_EXCLUSIVE;
    if (memchr(in->reference, '\0', sizeof in->reference) == NULL)
        return LEDGER_REFERENCE_TOO_LONG;
    if (phase & (LEDGER_POST_PENDING | LEDGER_VOID_PENDING))
        return post_or_void(st, in, now);

    if (in->debit_account_id == 0)
        return LEDGER_DEBIT_ACCOUNT_ID_MUST_NOT_BE_ZERO;
    if (in->credit_account_id == 0)
        return LEDGER_CREDIT_ACCOUNT_ID_MUST_NOT_BE_ZERO;
    if (in->debit_account_id == in->credit_account_id)
        return LEDGER_ACCOUNTS_MUST_BE_DIFFERENT;
    if (in->pending_id != 0)
        return LEDGER_PENDING_ID_MUST_BE_ZERO;
    if (in->timeout < 0)
        return LEDGER_TIMEOUT_MUST_NOT_BE_NEGATIVE;
    if (in->timeout != 0 && !(phase & LEDGER_PENDING))
        return LEDGER_TIMEOUT_RESERVED_FOR_PENDING_TRANSFER;
    if (in->amount <= 0)
        return LEDGER_AMOUNT_MUST_BE_POSITIVE;
    acct_slot *dr = acct_find(st, in->debit_account_id);
    if (dr == NULL)
        return LEDGER_DEBIT_ACCOUNT_NOT_FOUND;
    acct_slot *cr = acct_find(st, in->credit_account_id);
    if (cr == NULL)
        return LEDGER_CREDIT_ACCOUNT_NOT_FOUND;
    if (memcmp(dr->a.currency, cr->a.currency, 4) != 0)
        return LEDGER_ACCOUNTS_MUST_HAVE_SAME_CURRENCY;
    int64_t amount = in->amount;
    bool pending = phase & LEDGER_PENDING;
    if (pending) {
        if (add_overflows(dr->a.debits_pending, amount))
            return LEDGER_OVERFLOWS_DEBITS_PENDING;
        if (add_overflows(cr->a.credits_pending, amount))
            return LEDGER_OVERFLOWS_CREDITS_PENDING;
    } else {
        if (add_overflows(dr->a.debits_posted, amount))
            return LEDGER_OVERFLOWS_DEBITS_POSTED;
        if (add_overflows(cr->a.credits_posted, amount))
            return LEDGER_OVERFLOWS_CREDITS_POSTED;
    }
    int64_t dr_total, cr_total;
    if (__builtin_add_overflow(dr->a.debits_pending, dr->a.debits_posted, &dr_total) ||
        __builtin_add_overflow(dr_total, amount, &dr_total))
        return LEDGER_OVERFLOWS_DEBITS;
    if (__builtin_add_overflow(cr->a.credits_pending, cr->a.credits_posted, &cr_total) ||
        __builtin_add_overflow(cr_total, amount, &cr_total))
        return LEDGER_OVERFLOWS_CREDITS;
    if (pending && in->timeout != 0 && add_overflows(now, in->timeout))
        return LEDGER_OVERFLOWS_TIMEOUT;
    if ((dr->a.flags & LEDGER_DEBITS_MUST_NOT_EXCEED_CREDITS) &&
        dr_total > dr->a.credits_posted)
        return LEDGER_EXCEEDS_CREDITS;
    if ((cr->a.flags & LEDGER_CREDITS_MUST_NOT_EXCEED_DEBITS) &&
        cr_total > cr->a.debits_posted)
        return LEDGER_EXCEEDS_DEBITS;

    save_acct(st, dr);
    save_acct(st, cr);
    if (pending) {
        dr->a.debits_pending += amount;
        cr->a.credits_pending += amount;
    } else {
        dr->a.debits_posted += amount;
        cr->a.credits_posted += amount;
    }
    char currency[4];
    memcpy(currency, dr->a.currency, 4);
    xfer_slot *s = record_transfer(st, in, currency, now);
    if (pending) {
        s->t.status = LEDGER_STATUS_PENDING;
        s->orig_status = LEDGER_STATUS_PENDING;
        s->t.expires_at = in->timeout ? now + in->timeout : 0;
    }
    return LEDGER_OK;
}

/* Release the reservations of pending transfers due at now. */
static void expire_due(ledger_state *st, int64_t now)
{
    for (size_t i = 0; i < st->n_xfers; i++) {
        ledger_transfer *t = &st->xfers[i].t;
        if (st->xfers[i].kind == XFER_ABSENT || st->xfers[i].kind >= XFER_FAILED_LOADED ||
            t->status != LEDGER_STATUS_PENDING || t->expires_at == 0 ||
            t->expires_at > now)
            continue;
        acct_slot *dr = acct_find(st, t->debit_account_id);
        acct_slot *cr = acct_find(st, t->credit_account_id);
        if (dr == NULL || cr == NULL)
            continue; /* the caller did not load them: left for later */
        dr->a.debits_pending -= t->amount;
        cr->a.credits_pending -= t->amount;
        t->status = LEDGER_STATUS_PENDING_EXPIRED;
    }
}

static bool recordable_failure(ledger_result r)
{
    return r != LEDGER_OK && r != LEDGER_ID_MUST_NOT_BE_ZERO &&
           !(r >= LEDGER_EXISTS && r <= LEDGER_EXISTS_WITH_DIFFERENT_REFERENCE);
}

void ledger_create_transfers(ledger_state *st, const ledger_transfer *transfers,
                             size_t n, int64_t now, ledger_result *results)
{
    expire_due(st, now);
    size_t i = 0;
    while (i < n) {
        size_t end = i;
        while (end < n - 1 && (transfers[end].flags & LEDGER_LINKED))
            end++;
        bool open = transfers[end].flags & LEDGER_LINKED;
        if (end == i && !open) {
            st->logging = false;
            xfer_slot *prior = transfers[i].id > 0 ? xfer_find(st, transfers[i].id) : NULL;
            ledger_result r = create_transfer(st, &transfers[i], now);
            results[i] = r;
            if (recordable_failure(r) && prior == NULL) {
                size_t f_idx = xfer_slot_of(st, transfers[i].id);
    xfer_slot *f = &st->xfers[f_idx];
                memset(&f->t, 0, sizeof f->t);
                f->t.id = transfers[i].id;
                f->kind = XFER_FAILED_NEW;
                f->failed = r;
            }
            i++;
            continue;
        }
        st->logging = true;
        size_t mark = st->n_log;
        size_t failed = end + 1;
        ledger_result why = LEDGER_OK;
        for (size_t k = i; k <= end; k++) {
            ledger_result r = create_transfer(st, &transfers[k], now);
            if (r != LEDGER_OK) {
                failed = k;
                why = r;
                break;
            }
        }
        if (failed > end && open) {
            failed = end;
            why = LEDGER_LINKED_EVENT_CHAIN_OPEN;
        }
        if (failed <= end) {
            undo_to(st, mark);
            for (size_t k = i; k <= end; k++)
                results[k] = k == failed ? why : LEDGER_LINKED_EVENT_FAILED;
        } else {
            for (size_t k = i; k <= end; k++)
                results[k] = LEDGER_OK;
        }
        st->n_log = mark;
        st->logging = false;
        i = end + 1;
    }
}

/* ---- changes ---- */

void ledger_state_changes(ledger_state *st, ledger_changes *out)
{
    size_t need = st->n_accts * 2 + st->n_xfers * 2;
    if (need > st->cap_out) {
        st->cap_out = need;
        st->out = xreallocarray(st->out, need, sizeof *st->out);
    }
    if (st->n_xfers > st->cap_out_ids) {
        st->cap_out_ids = st->n_xfers;
        st->out_ids = xreallocarray(st->out_ids, st->n_xfers, sizeof *st->out_ids);
        st->out_results = xreallocarray(st->out_results, st->n_xfers,
                                        sizeof *st->out_results);
    }
    const void **p = st->out;
    memset(out, 0, sizeof *out);
    out->new_accounts = (const ledger_account **)p;
    for (size_t i = 0; i < st->n_accts; i++)
        if (st->accts[i].present && st->accts[i].is_new)
            p[out->n_new_accounts++] = &st->accts[i].a;
    p += out->n_new_accounts;
    out->dirty_accounts = (const ledger_account **)p;
    for (size_t i = 0; i < st->n_accts; i++) {
        const acct_slot *s = &st->accts[i];
        if (s->present && !s->is_new &&
            (s->a.debits_pending != s->orig.debits_pending ||
             s->a.debits_posted != s->orig.debits_posted ||
             s->a.credits_pending != s->orig.credits_pending ||
             s->a.credits_posted != s->orig.credits_posted))
            p[out->n_dirty_accounts++] = &s->a;
    }
    p += out->n_dirty_accounts;
    out->new_transfers = (const ledger_transfer **)p;
    for (size_t i = 0; i < st->n_xfers; i++)
        if (st->xfers[i].kind == XFER_NEW)
            p[out->n_new_transfers++] = &st->xfers[i].t;
    p += out->n_new_transfers;
    out->status_changed = (const ledger_transfer **)p;
    for (size_t i = 0; i < st->n_xfers; i++)
        if (st->xfers[i].kind == XFER_LOADED &&
            st->xfers[i].t.status != st->xfers[i].orig_status)
            p[out->n_status_changed++] = &st->xfers[i].t;
    for (size_t i = 0; i < st->n_xfers; i++)
        if (st->xfers[i].kind == XFER_FAILED_NEW) {
            st->out_ids[out->n_failed] = st->xfers[i].t.id;
            st->out_results[out->n_failed++] = st->xfers[i].failed;
        }
    out->failed_ids = st->out_ids;
    out->failed_results = st->out_results;
}

bool ledger_state_deltas_balance(const ledger_state *st, char bad[4])
{
    /* A batch touches few currencies: a short list, searched linearly. */
    enum { MAX_CUR = 64 };
    struct { char cur[4]; __int128 dp, dq, cp, cq; } sums[MAX_CUR];
    size_t n = 0;
    for (size_t i = 0; i < st->n_accts; i++) {
        const acct_slot *s = &st->accts[i];
        if (!s->present)
            continue;
        size_t k = 0;
        while (k < n && memcmp(sums[k].cur, s->a.currency, 4) != 0)
            k++;
        if (k == n) {
            if (n == MAX_CUR) {
                if (bad)
                    memcpy(bad, "???", 4);
                return false;
            }
            memset(&sums[n], 0, sizeof sums[n]);
            memcpy(sums[n++].cur, s->a.currency, 4);
        }
        const ledger_account *o = &s->orig;
        bool fresh = s->is_new;
        sums[k].dp += (__int128)s->a.debits_pending - (fresh ? 0 : o->debits_pending);
        sums[k].dq += (__int128)s->a.debits_posted - (fresh ? 0 : o->debits_posted);
        sums[k].cp += (__int128)s->a.credits_pending - (fresh ? 0 : o->credits_pending);
        sums[k].cq += (__int128)s->a.credits_posted - (fresh ? 0 : o->credits_posted);
    }
    for (size_t k = 0; k < n; k++)
        if (sums[k].dp != sums[k].cp || sums[k].dq != sums[k].cq) {
            if (bad)
                memcpy(bad, sums[k].cur, 4);
            return false;
        }
    return true;
}

/* ---- exchange rates ---- */

bool ledger_convert(const ledger_rate *rate, int64_t amount, int64_t *out)
{
    const iso_currency *from = iso_currency_by_code(rate->base);
    const iso_currency *to = iso_currency_by_code(rate->quote);
    if (from == NULL || to == NULL)
        return false;
    /* rate = num / 10^frac, at most 15 significant digits so that
     * amount * num * 10^4 stays inside 128 bits. */
    __int128 num = 0;
    int digits = 0, frac = -1;
    for (const char *p = rate->rate; *p; p++) {
        if (*p == '.') {
            if (frac >= 0 || p == rate->rate || p[1] == '\0')
                return false;
            frac = 0;
            continue;
        }
        if (*p < '0' || *p > '9')
            return false;
        num = num * 10 + (*p - '0');
        if (num > 0 && ++digits > 15)
            return false;
        if (frac >= 0 && ++frac > 12)
            return false;
    }
    if (frac < 0)
        frac = 0;
    if (num <= 0)
        return false;
    __int128 n = (__int128)amount * num;
    for (int i = 0; i < to->minor_units; i++)
        n *= 10;
    __int128 d = 1;
    for (int i = 0; i < frac + from->minor_units; i++)
        d *= 10;
    bool neg = n < 0;
    if (neg)
        n = -n;
    __int128 q = n / d, r = n % d;
    if (2 * r > d || (2 * r == d && (q & 1)))
        q++;
    if (neg)
        q = -q;
    if (q > INT64_MAX || q < INT64_MIN)
        return false;
    *out = (int64_t)q;
    return true;
}
