/*
 * ledger_journal.c -- the ledger as an hledger / ledger-cli journal, and
 * the balance report; see ledger_journal.h.
 */
#include "fund/ledger_journal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/mem.h"
#include "registry/iso.h"

static serai_code db_error(serai_err *err)
{
    return err && err->code != SERAI_OK ? err->code : SERAI_ESTORE;
}

/* Decimal digits of v (>= 0) at the end of a 24-byte scratch; returns the
 * first digit. */
static char *digits(uint64_t v, char *end)
{
    char *p = end;
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return p;
}

/* minor units with `exp` fraction digits, no commodity: "-12.50".  Returns
 * the length written at out (at least 32 bytes). */
static size_t format_decimal(int64_t minor, int exp, char *out)
{
    uint64_t v = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
    char scratch[24];
    char *end = scratch + sizeof scratch;
    char *d = digits(v, end);
    size_t nd = (size_t)(end - d);
    char *o = out;
    if (minor < 0)
        *o++ = '-';
    if (exp <= 0) {
        memcpy(o, d, nd);
        o += nd;
    } else if (nd > (size_t)exp) {
        memcpy(o, d, nd - (size_t)exp);
        o += nd - (size_t)exp;
        *o++ = '.';
        memcpy(o, d + nd - (size_t)exp, (size_t)exp);
        o += exp;
    } else {
        *o++ = '0';
        *o++ = '.';
        for (size_t i = nd; i < (size_t)exp; i++)
            *o++ = '0';
        memcpy(o, d, nd);
        o += nd;
    }
    return (size_t)(o - out);
}

static int exponent_of(const char *currency)
{
    const iso_currency *c = iso_currency_by_code(currency);
    return c ? c->minor_units : -1;
}

bool ledger_journal_amount(int64_t minor, const char *currency, char *out,
                           size_t size)
{
    int exp = exponent_of(currency);
    if (exp < 0 || size < 40)
        return false;
    size_t n = format_decimal(minor, exp, out);
    out[n++] = ' ';
    size_t cl = strlen(currency);
    memcpy(out + n, currency, cl + 1);
    return true;
}

/* A growing line buffer for one transaction. */
typedef struct jbuf {
    char *p;
    size_t n, cap;
} jbuf;

static void put(jbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->p = xreallocarray(b->p, b->cap, 1);
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
}
static void puts_(jbuf *b, const char *s) { put(b, s, strlen(s)); }
static void put_int(jbuf *b, int64_t v)
{
    char s[32];
    put(b, s, (size_t)snprintf(s, sizeof s, "%lld", (long long)v));
}

/* "YYYY-MM-DD" of a timestamp in seconds, UTC. */
static void day_of(int64_t t, char out[11])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (gmtime_r(&tt, &tm) == NULL || tm.tm_year + 1900 < 1 ||
        tm.tm_year + 1900 > 9999) {
        memcpy(out, "1970-01-01", 11);
    } else {
        char tmp[40];
        snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", tm.tm_year + 1900,
                 tm.tm_mon + 1, tm.tm_mday);
        memcpy(out, tmp, 10);
        out[10] = '\0';
    }
}

/* The reference as a journal description: a ';' would start a comment and
 * control characters would break the line, so they become ',' and ' '. */
static void put_description(jbuf *b, const char *ref, int64_t id)
{
    size_t start = b->n;
    for (const unsigned char *p = (const unsigned char *)ref; *p; p++) {
        char c = (char)*p;
        if (*p < 0x20 || *p == 0x7f)
            c = ' ';
        else if (c == ';')
            c = ',';
        put(b, &c, 1);
    }
    while (b->n > start && b->p[b->n - 1] == ' ')
        b->n--;
    size_t i = start;
    while (i < b->n && b->p[i] == ' ')
        i++;
    if (i == b->n) {
        b->n = start;
        puts_(b, "transfer ");
        put_int(b, id);
    } else if (i > start) {
        memmove(b->p + start, b->p + i, b->n - i);
        b->n -= i - start;
    }
}

static void put_account(jbuf *b, const char *currency, int64_t id)
{
    puts_(b, "ledger:");
    puts_(b, currency);
    puts_(b, ":");
    put_int(b, id);
}

static void put_amount(jbuf *b, int64_t minor, int exp, const char *currency)
{
    char s[40];
    put(b, s, format_decimal(minor, exp, s));
    puts_(b, " ");
    puts_(b, currency);
}

static const char *status_name(int64_t status)
{
    switch (status) {
    case LEDGER_STATUS_PENDING: return "pending";
    case LEDGER_STATUS_PENDING_POSTED: return "posted by a later transfer";
    case LEDGER_STATUS_PENDING_VOIDED: return "voided";
    case LEDGER_STATUS_PENDING_EXPIRED: return "expired";
    default: return "posted";
    }
}

static serai_code write_header(store *s, FILE *out, ledger_journal_stats *stats,
                               serai_err *err)
{
    fputs("; serai ledger journal (serai ledger export --format journal).\n"
          "; One transaction per posted transfer, dated by its timestamp (UTC day),\n"
          "; code = transfer id.  Sign: the debit account's posting is -amount and\n"
          "; the credit account's +amount, so an account's balance here equals\n"
          "; serai's posted balance, credits_posted - debits_posted.  Pending\n"
          "; reservations and voids post nothing: they appear as comments only.\n\n",
          out);
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT DISTINCT currency FROM ledger_account "
                                     "ORDER BY currency", &st, err);
    if (rc != SERAI_OK)
        return rc;
    int r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        const char *c = store_col_text(st, 0);
        int exp = exponent_of(c ? c : "");
        if (exp < 0)
            continue;
        char num[40];
        size_t n = format_decimal(0, exp, num);
        if (exp == 0)
            num[n++] = '.'; /* hledger wants the decimal mark */
        num[n] = '\0';
        fprintf(out, "commodity %s %s\n", num, c);
        stats->currencies++;
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    fputc('\n', out);
    return SERAI_OK;
}

serai_code ledger_journal_write(store *s, FILE *out, ledger_journal_stats *stats,
                                serai_err *err)
{
    ledger_journal_stats local;
    if (stats == NULL)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    /* One transaction: every page sees the same ledger. */
    serai_code rc = store_begin(s, err);
    if (rc != SERAI_OK)
        return rc;
    rc = write_header(s, out, stats, err);
    jbuf b = {0};
    int64_t after = 0;
    char last_cur[4] = "", day[11] = "";
    int exp = 0;
    int64_t last_day = INT64_MIN;
    bool more = rc == SERAI_OK;
    while (more) {
        store_stmt *st;
        rc = store_prepare(s, "SELECT id, debit_account_id, credit_account_id, "
                              "amount, currency, flags, reference, created_at, "
                              "status, pending_id FROM ledger_transfer WHERE id > $1 "
                              "ORDER BY id LIMIT 10000", &st, err);
        if (rc != SERAI_OK)
            break;
        store_bind_int64(st, 1, after);
        int r;
        int64_t rows = 0;
        while ((r = store_step(st, err)) == STORE_ROW) {
            rows++;
            int64_t id = store_col_int64(st, 0);
            int64_t dr = store_col_int64(st, 1), cr = store_col_int64(st, 2);
            int64_t amount = store_col_int64(st, 3);
            const char *cur = store_col_text(st, 4);
            int64_t flags = store_col_int64(st, 5);
            const char *ref = store_col_text(st, 6);
            int64_t ts = store_col_int64(st, 7);
            int64_t status = store_col_int64(st, 8);
            int64_t pending_id = store_col_int64(st, 9);
            after = id;
            if (cur == NULL)
                cur = "";
            if (strcmp(cur, last_cur) != 0) {
                exp = exponent_of(cur);
                snprintf(last_cur, sizeof last_cur, "%s", cur);
            }
            if (ts / 86400 != last_day || ts < 0) {
                day_of(ts, day);
                last_day = ts / 86400;
            }
            b.n = 0;
            if (exp < 0) {
                /* Not an ISO 4217 code: cannot be written exactly. */
                puts_(&b, "; ");
                puts_(&b, day);
                puts_(&b, " (");
                put_int(&b, id);
                puts_(&b, ") skipped: unknown currency\n");
                stats->comments++;
            } else if (status == LEDGER_STATUS_POSTED && !(flags & LEDGER_VOID_PENDING)) {
                puts_(&b, day);
                puts_(&b, " * (");
                put_int(&b, id);
                puts_(&b, ") ");
                put_description(&b, ref ? ref : "", id);
                if (flags & LEDGER_POST_PENDING) {
                    puts_(&b, "  ; post_pending:");
                    put_int(&b, pending_id);
                }
                puts_(&b, "\n    ");
                put_account(&b, cur, dr);
                puts_(&b, "  ");
                put_amount(&b, -amount, exp, cur);
                puts_(&b, "\n    ");
                put_account(&b, cur, cr);
                puts_(&b, "  ");
                put_amount(&b, amount, exp, cur);
                puts_(&b, "\n\n");
                stats->transactions++;
            } else {
                puts_(&b, "; ");
                puts_(&b, day);
                puts_(&b, " (");
                put_int(&b, id);
                if (flags & LEDGER_VOID_PENDING) {
                    puts_(&b, ") void of ");
                    put_int(&b, pending_id);
                    puts_(&b, ", posts nothing: ");
                } else {
                    puts_(&b, ") pending, ");
                    puts_(&b, status_name(status));
                    puts_(&b, ", not a balance: ");
                }
                put_amount(&b, amount, exp, cur);
                puts_(&b, " from ");
                put_account(&b, cur, dr);
                puts_(&b, " to ");
                put_account(&b, cur, cr);
                puts_(&b, "\n\n");
                stats->comments++;
            }
            if (fwrite(b.p, 1, b.n, out) != b.n) {
                r = STORE_DONE;
                rc = serai_fail(err, SERAI_EINTERNAL, NULL,
                                "cannot write the journal");
                break;
            }
        }
        store_reset(st);
        if (rc != SERAI_OK)
            break;
        if (r == STORE_ERROR) {
            rc = db_error(err);
            break;
        }
        more = rows == LEDGER_JOURNAL_PAGE;
    }
    free(b.p);
    store_rollback(s);
    if (rc == SERAI_OK && (fflush(out) != 0 || ferror(out)))
        rc = serai_fail(err, SERAI_EINTERNAL, NULL, "cannot write the journal");
    return rc;
}

serai_code ledger_balances(store *s, ledger_balance_fn fn, void *ctx,
                           serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT id, currency, credits_posted - "
                                     "debits_posted FROM ledger_account ORDER BY id",
                                  &st, err);
    if (rc != SERAI_OK)
        return rc;
    int r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        ledger_balance b = {.account_id = store_col_int64(st, 0),
                            .balance = store_col_int64(st, 2)};
        const char *c = store_col_text(st, 1);
        snprintf(b.currency, sizeof b.currency, "%s", c ? c : "");
        fn(ctx, &b);
    }
    store_reset(st);
    return r == STORE_ERROR ? db_error(err) : SERAI_OK;
}

static int by_id(const void *a, const void *b)
{
    int64_t x = ((const ledger_balance *)a)->account_id;
    int64_t y = ((const ledger_balance *)b)->account_id;
    return (x > y) - (x < y);
}

/* Add (sign) the per-account sums of one side of the posted transfers. */
static serai_code add_side(store *s, const char *sql, int sign, ledger_balance *acc,
                           size_t n, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    int r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        ledger_balance key = {.account_id = store_col_int64(st, 0)};
        ledger_balance *b = bsearch(&key, acc, n, sizeof *acc, by_id);
        int64_t v = store_col_int64(st, 1);
        if (b == NULL || __builtin_add_overflow(b->balance, sign * v, &b->balance)) {
            store_reset(st);
            return serai_fail(err, SERAI_EINTERNAL, NULL,
                              "transfer sums of ledger account %lld do not fit",
                              (long long)key.account_id);
        }
    }
    store_reset(st);
    return r == STORE_ERROR ? db_error(err) : SERAI_OK;
}

serai_code ledger_balances_from_transfers(store *s, ledger_balance_fn fn,
                                          void *ctx, serai_err *err)
{
    serai_code rc = store_begin(s, err);
    if (rc != SERAI_OK)
        return rc;
    store_stmt *st;
    size_t n = 0, cap = 0;
    ledger_balance *acc = NULL;
    rc = store_prepare(s, "SELECT id, currency FROM ledger_account ORDER BY id",
                       &st, err);
    if (rc == SERAI_OK) {
        int r;
        while ((r = store_step(st, err)) == STORE_ROW) {
            if (n == cap) {
                cap = cap ? cap * 2 : 1024;
                acc = xreallocarray(acc, cap, sizeof *acc);
            }
            ledger_balance *b = &acc[n++];
            b->account_id = store_col_int64(st, 0);
            const char *c = store_col_text(st, 1);
            snprintf(b->currency, sizeof b->currency, "%s", c ? c : "");
            b->balance = 0;
        }
        store_reset(st);
        if (r == STORE_ERROR)
            rc = db_error(err);
    }
    /* Posted transfers: status posted (0) and not a void (flag 8). */
    if (rc == SERAI_OK)
        rc = add_side(s, "SELECT credit_account_id, CAST(sum(amount) AS BIGINT) "
                         "FROM ledger_transfer WHERE status = 0 AND (flags & 8) = 0 "
                         "GROUP BY credit_account_id", 1, acc, n, err);
    if (rc == SERAI_OK)
        rc = add_side(s, "SELECT debit_account_id, CAST(sum(amount) AS BIGINT) "
                         "FROM ledger_transfer WHERE status = 0 AND (flags & 8) = 0 "
                         "GROUP BY debit_account_id", -1, acc, n, err);
    store_rollback(s);
    if (rc == SERAI_OK)
        for (size_t i = 0; i < n; i++)
            fn(ctx, &acc[i]);
    free(acc);
    return rc;
}
