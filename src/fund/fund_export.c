/*
 * fund_export.c -- a fund read from the database as the plain rows the
 * export writers take (fund_export.h).  Every string is copied into an
 * arena that fund_export_free releases at once.
 */
#include "fund/fund_export.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/mem.h"
#include "fund/fund.h"
#include "fund/fund_internal.h"

typedef struct export_arena {
    char **strings;
    size_t n, cap;
} export_arena;

static const char *keep(export_arena *a, const char *s)
{
    if (s == NULL)
        return NULL;
    if (a->n == a->cap) {
        a->cap = a->cap ? 2 * a->cap : 256;
        a->strings = xreallocarray(a->strings, a->cap, sizeof *a->strings);
    }
    return a->strings[a->n++] = xstrdup(s);
}

static void copy_day(char dst[11], store_stmt *st, int col)
{
    const char *v = store_col_text(st, col);
    snprintf(dst, 11, "%s", v ? v : "");
}

/* Grow an array of rows by one, zeroed. */
#define PUSH(arr, n, cap)                                                   \
    (((n) == (cap) ? ((cap) = (cap) ? 2 * (cap) : 32,                      \
                      (arr) = xreallocarray((arr), (cap), sizeof *(arr)))   \
                   : (arr)),                                                \
     memset(&(arr)[(n)], 0, sizeof *(arr)), &(arr)[(n)++])

void fund_export_free(fund_export_data *d)
{
    export_arena *a = d->arena;
    if (a) {
        for (size_t i = 0; i < a->n; i++)
            free(a->strings[i]);
        free(a->strings);
        free(a);
    }
    free(d->orgs);
    free(d->contributions);
    free(d->commitments);
    free(d->txns);
    memset(d, 0, sizeof *d);
}

serai_code fund_export_load(store *s, const actor *who, int64_t fund_id,
                            fund_export_data *d, serai_err *err)
{
    memset(d, 0, sizeof *d);
    fund_info f;
    serai_code rc = fund_info_load(s, fund_id, &f, err);
    if (rc != SERAI_OK)
        return rc;
    if (who->role != ROLE_SECRETARIAT && who->role != ROLE_OBSERVER)
        return serai_fail(err, who->role == ROLE_PUBLIC ? SERAI_EUNAUTH
                                                        : SERAI_EFORBIDDEN, NULL,
                          "open-data exports are published by the secretariat");
    export_arena *a = xcalloc(1, sizeof *a);
    d->arena = a;
    d->fund_id = f.id;
    d->code = keep(a, f.code);
    d->name = keep(a, f.name);
    d->kind = keep(a, f.kind);
    snprintf(d->currency, sizeof d->currency, "%s", f.currency);
    d->trustee_org_id = f.trustee_org_id;
    clock_format(clock_now(), d->generated_at);
    d->identifier_prefix = "XI-SERAI";
    size_t cap = 0;
    store_stmt *st;
    int r = STORE_DONE;

    /* The organisations: trustee, contributors, recipients. */
    if ((rc = store_prepare(
             s, "SELECT id, name, country, type, ror FROM organization WHERE id = $2 "
                "OR id IN (SELECT org_id FROM fund_contribution WHERE fund_id = $1) "
                "OR id IN (SELECT recipient_org_id FROM fund_commitment WHERE "
                "fund_id = $1) OR id IN (SELECT org_id FROM fund_txn WHERE "
                "fund_id = $1) ORDER BY id", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, fund_id);
        store_bind_int64(st, 2, f.trustee_org_id);
        while ((r = store_step(st, err)) == STORE_ROW) {
            fund_org *o = PUSH(d->orgs, d->n_orgs, cap);
            o->id = store_col_int64(st, 0);
            o->name = keep(a, store_col_text(st, 1));
            o->country = keep(a, store_col_text(st, 2));
            o->type = keep(a, store_col_text(st, 3));
            o->ror = keep(a, store_col_text(st, 4));
        }
        store_reset(st);
        if (r == STORE_ERROR)
            rc = fund_db_error(err);
    }
    cap = 0;
    if (rc == SERAI_OK &&
        (rc = store_prepare(
             s, "SELECT id, org_id, currency, pledged, pledged_on, signed, signed_on, "
                "instrument, received, encashed, status, reference FROM "
                "fund_contribution WHERE fund_id = $1 ORDER BY id", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, fund_id);
        while ((r = store_step(st, err)) == STORE_ROW) {
            fund_contribution_row *c = PUSH(d->contributions, d->n_contributions, cap);
            c->id = store_col_int64(st, 0);
            c->org_id = store_col_int64(st, 1);
            snprintf(c->currency, sizeof c->currency, "%s", store_col_text(st, 2));
            c->pledged = store_col_int64(st, 3);
            copy_day(c->pledged_on, st, 4);
            c->signed_amount = store_col_int64(st, 5);
            copy_day(c->signed_on, st, 6);
            c->instrument = keep(a, store_col_text(st, 7));
            c->received = store_col_int64(st, 8);
            c->encashed = store_col_int64(st, 9);
            c->status = keep(a, store_col_text(st, 10));
            c->reference = keep(a, store_col_text(st, 11));
        }
        store_reset(st);
        if (r == STORE_ERROR)
            rc = fund_db_error(err);
    }
    cap = 0;
    if (rc == SERAI_OK &&
        (rc = store_prepare(
             s, "SELECT m.id, m.currency, m.committed, m.disbursed, m.returned, "
                "m.committed_on, m.start_on, m.end_on, m.title, m.description, "
                "m.call_id, c.title, m.proposal_id, m.recipient_org_id, m.status "
                "FROM fund_commitment m LEFT JOIN call c ON c.id = m.call_id "
                "WHERE m.fund_id = $1 ORDER BY m.id", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, fund_id);
        while ((r = store_step(st, err)) == STORE_ROW) {
            fund_commitment_row *m = PUSH(d->commitments, d->n_commitments, cap);
            m->id = store_col_int64(st, 0);
            snprintf(m->currency, sizeof m->currency, "%s", store_col_text(st, 1));
            m->committed = store_col_int64(st, 2);
            m->disbursed = store_col_int64(st, 3);
            m->returned = store_col_int64(st, 4);
            copy_day(m->committed_on, st, 5);
            copy_day(m->start, st, 6);
            copy_day(m->end, st, 7);
            m->title = keep(a, store_col_text(st, 8));
            m->description = keep(a, store_col_text(st, 9));
            m->call_id = store_col_int64(st, 10);
            m->call_title = keep(a, store_col_text(st, 11));
            m->proposal_id = store_col_int64(st, 12);
            m->recipient_org_id = store_col_int64(st, 13);
            m->status = keep(a, store_col_text(st, 14));
        }
        store_reset(st);
        if (r == STORE_ERROR)
            rc = fund_db_error(err);
    }
    cap = 0;
    if (rc == SERAI_OK &&
        (rc = store_prepare(
             s, "SELECT id, kind, contribution_id, commitment_id, org_id, currency, "
                "amount, value_date, note FROM fund_txn WHERE fund_id = $1 "
                "ORDER BY value_date, id", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, fund_id);
        while ((r = store_step(st, err)) == STORE_ROW) {
            fund_txn_row *t = PUSH(d->txns, d->n_txns, cap);
            t->id = store_col_int64(st, 0);
            t->kind = keep(a, store_col_text(st, 1));
            t->contribution_id = store_col_int64(st, 2);
            t->commitment_id = store_col_int64(st, 3);
            t->org_id = store_col_int64(st, 4);
            snprintf(t->currency, sizeof t->currency, "%s", store_col_text(st, 5));
            t->amount = store_col_int64(st, 6);
            copy_day(t->date, st, 7);
            t->note = keep(a, store_col_text(st, 8));
        }
        store_reset(st);
        if (r == STORE_ERROR)
            rc = fund_db_error(err);
    }
    if (rc != SERAI_OK)
        fund_export_free(d);
    return rc;
}
