/*
 * decision.c -- selection runs and funding decisions (decision.h).
 *
 * The selection input is built from the database (the call's funders and
 * budgets, its ranking list, each proposal's requests per funder), kept as
 * canonical JSON (keys sorted, compact) with its SHA-256, and handed to the
 * pure engine (select.h).  A re-run after a decline keeps the money of
 * every proposal that still holds decisions and selects among the reserve
 * with what is left.
 */
#include "decision/decision.h"

#include <inttypes.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/mem.h"
#include "decision/select.h"
#include "project/call.h"
#include "registry/money.h"
#include "review/review.h"

static serai_code db_error(serai_err *err)
{
    return err && err->code != SERAI_OK ? err->code : SERAI_ESTORE;
}

/* ---- the selection input ---- */

typedef struct sel_data {
    int64_t call_id;
    char mode[8];                 /* vcp | rcp | mixed */
    select_input in;
    select_funder *funders;
    int64_t *funder_org;          /* [nfunders] */
    select_proposal *props;
    int64_t *proposal_id;         /* [nproposals] */
    select_request *reqs;
    size_t nreq_cap;
    char **labels;                /* owned strings */
    size_t nlabels;
    json_t *canonical;            /* the input as stored */
} sel_data;

static void sel_free(sel_data *d)
{
    for (size_t i = 0; i < d->nlabels; i++)
        free(d->labels[i]);
    free(d->labels);
    free(d->funders);
    free(d->funder_org);
    free(d->props);
    free(d->proposal_id);
    free(d->reqs);
    json_decref(d->canonical);
    memset(d, 0, sizeof *d);
}

static const char *keep(sel_data *d, char *s)
{
    d->labels = xreallocarray(d->labels, d->nlabels + 1, sizeof *d->labels);
    return d->labels[d->nlabels++] = s;
}

static int funder_index(const sel_data *d, int64_t org)
{
    for (int i = 0; i < d->in.nfunders; i++)
        if (d->funder_org[i] == org)
            return i;
    return -1;
}

/* A percent as text into basis points (registry/money.h). */
static bool percent_bp(const char *t, int32_t *out)
{
    int64_t v;
    if (!percent_parse_bp(t, &v))
        return false;
    *out = (int32_t)v;
    return true;
}

typedef struct lock {
    int64_t proposal_id;
    int64_t funder_org;
    int64_t amount;
    int64_t run_id;     /* the run that earmarked it */
} lock;

/* Proposals that hold decisions not declined (a re-run keeps their money)
 * and proposals blocked by a decline. */
static serai_code load_locks(store *s, int64_t call_id, lock **locks, size_t *nlocks,
                             int64_t **blocked, size_t *nblocked, serai_err *err)
{
    *locks = NULL;
    *blocked = NULL;
    *nlocks = *nblocked = 0;
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT proposal_id, funder_org_id, amount, status, run_id FROM "
           "funding_decision WHERE call_id = $1 ORDER BY proposal_id, funder_org_id",
        &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, call_id);
    int r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        int64_t p = store_col_int64(st, 0);
        if (strcmp(store_col_text(st, 3), "declined") == 0) {
            if (*nblocked == 0 || (*blocked)[*nblocked - 1] != p) {
                *blocked = xreallocarray(*blocked, *nblocked + 1, sizeof **blocked);
                (*blocked)[(*nblocked)++] = p;
            }
            continue;
        }
        *locks = xreallocarray(*locks, *nlocks + 1, sizeof **locks);
        (*locks)[(*nlocks)++] = (lock){p, store_col_int64(st, 1), store_col_int64(st, 2),
                                       store_col_int64(st, 4)};
    }
    store_reset(st);
    return r == STORE_ERROR ? db_error(err) : SERAI_OK;
}

static bool in_list(const int64_t *v, size_t n, int64_t x)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == x)
            return true;
    return false;
}

/* amount * bp / 10000 rounded down, as the engine computes shares. */
static int64_t share_bp(int64_t amount, int32_t bp)
{
    return amount / 10000 * bp + amount % 10000 * bp / 10000;
}

typedef struct held {
    int64_t proposal_id, run_id;
    size_t pos;         /* its place on the ranking list */
} held;

static int held_cmp(const void *a, const void *b)
{
    const held *x = a, *y = b;
    if (x->run_id != y->run_id)
        return x->run_id < y->run_id ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* A re-run's money: the options of the call's binding run (central money,
 * gap share, flexibility, reserve_max), less what the proposals still
 * holding decisions were given, paid again in the order they were funded
 * as the engine pays (mixed: a funder pays what it can, the gap pot the
 * rest).  What is left goes to the engine as plain budgets (flexibility
 * included, gap share 100% of what is left of the gap pot).
 *
 * Fix: a re-run used to start from empty options and subtract the held
 * requests from the bare budgets, so a decline in a mixed-mode call was
 * refused ("names its central money"), a funder that had used its
 * flexibility got a negative budget and the decline was refused, and in a
 * real common pot a central amount given to the binding run was lost. */
static serai_code rerun_money(store *s, sel_data *d, json_t *ranking, const lock *locks,
                              size_t nlocks, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT input FROM selection_run WHERE call_id = $1 "
                                     "AND kind = 'binding' ORDER BY id LIMIT 1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, d->call_id);
    json_t *input = NULL;
    int r = store_step(st, err);
    if (r == STORE_ROW)
        input = json_loads(store_col_text(st, 0), 0, NULL);
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    int64_t central = d->in.central;
    int32_t gap_bp = d->in.gap_share_bp;
    if (input) {
        central = json_integer_value(json_object_get(input, "central"));
        gap_bp = (int32_t)json_integer_value(json_object_get(input, "gap_share_bp"));
        d->in.reserve_max = (int32_t)json_integer_value(json_object_get(input, "reserve_max"));
    }
    int64_t *left = xcalloc((size_t)d->in.nfunders + 1, sizeof *left);
    for (int f = 0; f < d->in.nfunders; f++) {
        int32_t flex = 0;
        size_t i;
        json_t *jf;
        json_array_foreach(json_object_get(input, "funders"), i, jf)
            if (json_integer_value(json_object_get(jf, "org_id")) == d->funder_org[f])
                flex = (int32_t)json_integer_value(json_object_get(jf, "flex_bp"));
        left[f] = d->funders[f].budget + share_bp(d->funders[f].budget, flex);
        d->funders[f].flex_bp = 0;
    }
    json_decref(input);
    int64_t pot = d->in.mode == SELECT_RCP     ? central
                  : d->in.mode == SELECT_MIXED ? share_bp(central, gap_bp)
                                               : 0;
    /* The held proposals in the order they were funded. */
    held *h = NULL;
    size_t nh = 0;
    for (size_t k = 0; k < nlocks; k++) {
        if (nh && h[nh - 1].proposal_id == locks[k].proposal_id)
            continue;
        size_t pos = SIZE_MAX, i;
        json_t *item;
        json_array_foreach(json_object_get(ranking, "items"), i, item)
            if (json_integer_value(json_object_get(item, "proposal_id")) ==
                locks[k].proposal_id)
                pos = i;
        h = xreallocarray(h, nh + 1, sizeof *h);
        h[nh++] = (held){locks[k].proposal_id, locks[k].run_id, pos};
    }
    if (nh)
        qsort(h, nh, sizeof *h, held_cmp);
    for (size_t j = 0; j < nh; j++)
        for (size_t k = 0; k < nlocks; k++) {
            if (locks[k].proposal_id != h[j].proposal_id)
                continue;
            int fi = funder_index(d, locks[k].funder_org);
            if (fi < 0)
                continue;
            int64_t a = locks[k].amount;
            if (d->in.mode == SELECT_VCP) {
                left[fi] -= a;
            } else if (d->in.mode == SELECT_RCP) {
                pot -= a;
            } else {
                int64_t national = left[fi] > 0 ? (a < left[fi] ? a : left[fi]) : 0;
                left[fi] -= national;
                pot -= a - national;
            }
        }
    free(h);
    for (int f = 0; f < d->in.nfunders; f++)
        d->funders[f].budget = left[f] > 0 ? left[f] : 0;
    free(left);
    if (d->in.mode != SELECT_VCP) {
        d->in.central = pot > 0 ? pot : 0;
        if (d->in.mode == SELECT_MIXED)
            d->in.gap_share_bp = 10000;
    }
    return rc;
}

/* Build the input.  rerun: budgets less the money of proposals that hold
 * decisions, candidates only those without decisions and not blocked. */
static serai_code sel_load(store *s, const actor *who, int64_t call_id, json_t *body,
                           bool rerun, sel_data *d, serai_err *err)
{
    static const char *const keys[] = {"central", "gap_share_percent", "reserve_max",
                                       "flexibility", "objective", "time_limit",
                                       "percent", NULL};
    memset(d, 0, sizeof *d);
    d->call_id = call_id;
    serai_code rc = json_only_keys(body, keys, "", err);
    if (rc != SERAI_OK)
        return rc;
    /* The call and its mode. */
    store_stmt *st;
    if ((rc = store_prepare(s, "SELECT funding_mode FROM call WHERE id = $1", &st,
                            err)) != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, call_id);
    int r = store_step(st, err);
    if (r == STORE_ROW) {
        const char *m = store_col_text(st, 0);
        snprintf(d->mode, sizeof d->mode, "%s",
                 strcmp(m, "virtual_common_pot") == 0 ? "vcp"
                 : strcmp(m, "real_common_pot") == 0  ? "rcp"
                                                      : "mixed");
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    if (r == STORE_DONE)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no call %" PRId64, call_id);
    d->in.mode = strcmp(d->mode, "vcp") == 0 ? SELECT_VCP
                 : strcmp(d->mode, "rcp") == 0 ? SELECT_RCP
                                               : SELECT_MIXED;
    d->in.reserve_max = -1;
    lock *locks = NULL;
    int64_t *blocked = NULL;
    size_t nlocks = 0, nblocked = 0;
    if ((rc = load_locks(s, call_id, &locks, &nlocks, &blocked, &nblocked, err)) != SERAI_OK)
        return rc;
    /* Funders and budgets. */
    if ((rc = store_prepare(s, "SELECT f.org_id, o.name, f.budget, f.currency FROM "
                               "call_funder f JOIN organization o ON o.id = f.org_id "
                               "WHERE f.call_id = $1 ORDER BY f.org_id", &st, err)) != SERAI_OK)
        goto done;
    store_bind_int64(st, 1, call_id);
    while ((r = store_step(st, err)) == STORE_ROW) {
        int i = d->in.nfunders++;
        d->funders = xreallocarray(d->funders, (size_t)i + 1, sizeof *d->funders);
        d->funder_org = xreallocarray(d->funder_org, (size_t)i + 1, sizeof *d->funder_org);
        memset(&d->funders[i], 0, sizeof d->funders[i]);
        d->funder_org[i] = store_col_int64(st, 0);
        char label[ELIG_ID_MAX];
        call_org_label(label, store_col_text(st, 1), d->funder_org[i]);
        d->funders[i].id = keep(d, xstrdup(label));
        d->funders[i].budget = store_col_int64(st, 2);
        snprintf(d->funders[i].currency, sizeof d->funders[i].currency, "%s",
                 store_col_text(st, 3));
    }
    store_reset(st);
    if (r == STORE_ERROR) {
        rc = db_error(err);
        goto done;
    }
    if (d->in.nfunders == 0) {
        rc = serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                        "call %" PRId64 " has no funders to select with", call_id);
        goto done;
    }
    /* Options. */
    json_t *flex = json_object_get(body, "flexibility");
    if (flex && !json_is_null(flex)) {
        const char *k;
        json_t *v;
        if (!json_is_object(flex)) {
            rc = serai_fail(err, SERAI_EINVAL, "/flexibility",
                            "flexibility maps funder organisation ids to percents");
            goto done;
        }
        json_object_foreach(flex, k, v) {
            int64_t org;
            int fi = parse_id(k, &org) ? funder_index(d, org) : -1;
            char field[64];
            snprintf(field, sizeof field, "/flexibility/%.40s", k);
            if (fi < 0) {
                rc = serai_fail(err, SERAI_EUNPROCESSABLE, field,
                                "%.40s is not a funder of call %" PRId64, k, call_id);
                goto done;
            }
            if (!json_is_string(v) || !percent_bp(json_string_value(v), &d->funders[fi].flex_bp)) {
                rc = serai_fail(err, SERAI_EINVAL, field,
                                "a flexibility is a percent 0..100 as text, e.g. \"10\"");
                goto done;
            }
        }
    }
    const char *gap = NULL;
    int64_t central = 0, reserve_max = -1;
    bool has_central = false, has_reserve = false;
    if ((rc = json_get_int(body, "central", false, 0, INT64_MAX, "", &central,
                           &has_central, err)) != SERAI_OK ||
        (rc = json_get_string(body, "gap_share_percent", false, 8, "", &gap, err)) != SERAI_OK ||
        (rc = json_get_int(body, "reserve_max", false, 0, SELECT_MAX_PROPOSALS, "",
                           &reserve_max, &has_reserve, err)) != SERAI_OK)
        goto done;
    if (has_reserve)
        d->in.reserve_max = (int32_t)reserve_max;
    if (d->in.mode != SELECT_VCP) {
        snprintf(d->in.central_currency, sizeof d->in.central_currency, "%s",
                 d->funders[0].currency);
        if (d->in.mode == SELECT_RCP && !has_central)
            for (int i = 0; i < d->in.nfunders; i++)
                if (__builtin_add_overflow(central, d->funders[i].budget, &central)) {
                    rc = serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                                    "the funders' budgets overflow when added");
                    goto done;
                }
        if (d->in.mode == SELECT_MIXED && !has_central && !rerun) {
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/central",
                            "a mixed-mode call names its central money");
            goto done;
        }
        d->in.central = central;
        d->in.gap_share_bp = 10000;
        if (gap && !percent_bp(gap, &d->in.gap_share_bp)) {
            rc = serai_fail(err, SERAI_EINVAL, "/gap_share_percent",
                            "gap_share_percent is a percent 0..100 as text, e.g. \"60\"");
            goto done;
        }
    }
    /* The ranking list: proposals above the thresholds, in order. */
    json_t *ranking = NULL;
    /* Fix: read the ranking list as the secretariat: the callers have checked
     * who may act, and ranking_get admits only the secretariat and
     * observers, which refused a funder's what-if and comparison and
     * rolled back a funder's own decline (its re-run reads the list). */
    actor reader = *who;
    reader.role = ROLE_SECRETARIAT;
    if ((rc = ranking_get(s, &reader, call_id, &ranking, err)) != SERAI_OK)
        goto done;
    size_t i;
    json_t *item;
    json_t *cprops = json_array();
    json_array_foreach(json_object_get(ranking, "items"), i, item) {
        if (json_is_true(json_object_get(item, "below_threshold")))
            continue;
        /* Fix: a proposal without a score (no submitted review, no
         * consensus) is not below any threshold on the ranking list, yet it
         * has not been evaluated: it was selected with score 0 when money
         * was left.  Only scored proposals are candidates. */
        if (json_is_null(json_object_get(item, "score")))
            continue;
        int64_t pid = json_integer_value(json_object_get(item, "proposal_id"));
        if (in_list(blocked, nblocked, pid))
            continue;
        if (rerun) {
            bool held = false;
            for (size_t k = 0; k < nlocks && !held; k++)
                held = locks[k].proposal_id == pid;
            if (held)
                continue;
        }
        int p = d->in.nproposals++;
        d->props = xreallocarray(d->props, (size_t)p + 1, sizeof *d->props);
        d->proposal_id = xreallocarray(d->proposal_id, (size_t)p + 1, sizeof *d->proposal_id);
        d->proposal_id[p] = pid;
        const char *acr = json_string_value(json_object_get(item, "acronym"));
        char label[96];
        snprintf(label, sizeof label, "%s (#%" PRId64 ")", acr ? acr : "proposal", pid);
        d->props[p].id = keep(d, xstrdup(label));
        d->props[p].rank = (int32_t)json_integer_value(json_object_get(item, "rank"));
        d->props[p].score = (int64_t)llround(json_number_value(json_object_get(item, "score")) * 1000.0);
        d->props[p].tie_order = p;
        /* Its requests per funder. */
        if ((rc = store_prepare(s, "SELECT funder_org_id, currency, SUM(requested) FROM "
                                   "proposal_partner WHERE proposal_id = $1 AND "
                                   "funder_org_id IS NOT NULL AND requested > 0 "
                                   "GROUP BY funder_org_id, currency ORDER BY "
                                   "funder_org_id", &st, err)) != SERAI_OK)
            break;
        store_bind_int64(st, 1, pid);
        json_t *creqs = json_array();
        while ((r = store_step(st, err)) == STORE_ROW && rc == SERAI_OK) {
            int64_t org = store_col_int64(st, 0);
            int fi = funder_index(d, org);
            const char *cur = store_col_text(st, 1);
            if (fi < 0)
                rc = serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                                "proposal %" PRId64 " asks organisation %" PRId64
                                " for money, which is not a funder of call %" PRId64,
                                pid, org, call_id);
            else if (strcmp(cur, d->funders[fi].currency) != 0)
                rc = serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                                "proposal %" PRId64 " asks %s in %s, which budgets in %s",
                                pid, d->funders[fi].id, cur, d->funders[fi].currency);
            if (rc != SERAI_OK)
                break;
            if (d->in.nrequests == (int64_t)d->nreq_cap) {
                d->nreq_cap = d->nreq_cap ? 2 * d->nreq_cap : 256;
                d->reqs = xreallocarray(d->reqs, d->nreq_cap, sizeof *d->reqs);
            }
            d->reqs[d->in.nrequests++] = (select_request){p, fi, store_col_int64(st, 2)};
            json_array_append_new(creqs, json_pack("{s:I, s:I}", "funder_org_id",
                                                   (json_int_t)org, "amount",
                                                   (json_int_t)store_col_int64(st, 2)));
        }
        store_reset(st);
        if (rc == SERAI_OK && r == STORE_ERROR)
            rc = db_error(err);
        json_array_append_new(cprops, json_pack("{s:I, s:i, s:I, s:i, s:o}", "proposal_id",
                                                (json_int_t)pid, "rank", d->props[p].rank,
                                                "score", (json_int_t)d->props[p].score,
                                                "tie_order", p, "requests", creqs));
        if (rc != SERAI_OK)
            break;
    }
    /* A re-run: what proposals holding decisions keep. */
    if (rc == SERAI_OK && rerun)
        rc = rerun_money(s, d, ranking, locks, nlocks, err);
    json_decref(ranking);
    json_t *cfunders = json_array();
    for (int f = 0; f < d->in.nfunders; f++)
        json_array_append_new(cfunders, json_pack("{s:I, s:s, s:s, s:I, s:i}",
                                                  "org_id", (json_int_t)d->funder_org[f],
                                                  "label", d->funders[f].id, "currency",
                                                  d->funders[f].currency, "budget",
                                                  (json_int_t)d->funders[f].budget,
                                                  "flex_bp", d->funders[f].flex_bp));
    d->canonical = json_pack("{s:I, s:s, s:b, s:I, s:s, s:i, s:i, s:o, s:o}", "call_id",
                             (json_int_t)call_id, "mode", d->mode, "rerun", rerun,
                             "central", (json_int_t)d->in.central, "central_currency",
                             d->in.central_currency, "gap_share_bp", d->in.gap_share_bp,
                             "reserve_max", d->in.reserve_max, "funders", cfunders,
                             "proposals", cprops);
    d->in.proposals = d->props;
    d->in.funders = d->funders;
    d->in.requests = d->reqs;
done:
    free(locks);
    free(blocked);
    if (rc != SERAI_OK)
        sel_free(d);
    return rc;
}

static void digest_of(const json_t *j, char hex[65], char **text)
{
    *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)*text, strlen(*text));
    sodium_bin2hex(hex, 65, h, sizeof h);
}

static const char *outcome_name(select_outcome o)
{
    return o == SELECT_FUNDED ? "funded" : o == SELECT_RESERVE ? "reserve" : "not_funded";
}

/* The result as JSON, with a sentence per skipped proposal. */
static json_t *result_json(const sel_data *d, const select_result *res)
{
    json_t *props = json_array();
    for (int p = 0; p < d->in.nproposals; p++) {
        const select_decision *dc = &res->proposals[p];
        json_t *shorts = json_array();
        char reason[1024] = "";
        size_t len = 0;
        for (int k = 0; k < dc->nshort; k++) {
            const select_shortfall *sf = &dc->shortfalls[k];
            const char *cur = sf->funder >= 0 ? d->funders[sf->funder].currency
                                              : d->in.central_currency;
            char need[MONEY_TEXT_MAX], have[MONEY_TEXT_MAX], gap[MONEY_TEXT_MAX];
            money_format(sf->needed, cur, need);
            money_format(sf->available, cur, have);
            money_format(sf->needed - sf->available, cur, gap);
            const char *who = sf->funder >= 0 ? d->funders[sf->funder].id : "the central pot";
            if (len < sizeof reason)
                len += (size_t)snprintf(reason + len, sizeof reason - len,
                                        "%s%s short by %s %s (needs %s, has %s)",
                                        k ? "; " : "", who, cur, gap, need, have);
            json_array_append_new(shorts, json_pack("{s:o, s:s, s:I, s:I}", "funder_org_id",
                                                    sf->funder >= 0
                                                        ? json_integer(d->funder_org[sf->funder])
                                                        : json_null(),
                                                    "funder", who, "needed",
                                                    (json_int_t)sf->needed, "available",
                                                    (json_int_t)sf->available));
        }
        json_array_append_new(props, json_pack("{s:I, s:s, s:i, s:s, s:s, s:b, s:I, s:o}",
                                               "proposal_id", (json_int_t)d->proposal_id[p],
                                               "proposal", d->props[p].id, "rank",
                                               d->props[p].rank, "outcome",
                                               outcome_name(dc->outcome), "reason",
                                               dc->outcome == SELECT_FUNDED ? "funded in rank order"
                                               : dc->nshort ? reason
                                                            : "not reached",
                                               "tie", dc->tie, "central_used",
                                               (json_int_t)dc->central_used,
                                               "shortfalls", shorts));
    }
    json_t *funders = json_array();
    for (int f = 0; f < d->in.nfunders; f++)
        json_array_append_new(funders, json_pack("{s:I, s:s, s:s, s:I, s:I, s:I}",
                                                 "funder_org_id", (json_int_t)d->funder_org[f],
                                                 "funder", d->funders[f].id, "currency",
                                                 d->funders[f].currency, "budget",
                                                 (json_int_t)d->funders[f].budget, "spent",
                                                 (json_int_t)res->spent[f], "remaining",
                                                 (json_int_t)res->remaining[f]));
    return json_pack("{s:o, s:o, s:I, s:I, s:i, s:i, s:i, s:I}", "proposals", props,
                     "funders", funders, "central_spent", (json_int_t)res->central_spent,
                     "central_remaining", (json_int_t)res->central_remaining, "funded",
                     res->funded, "reserve", res->reserve, "not_funded", res->not_funded,
                     "funded_score", (json_int_t)res->funded_score);
}

static serai_code need_secretariat(const actor *who, serai_err *err)
{
    return who->role == ROLE_SECRETARIAT
               ? SERAI_OK
               : serai_fail(err, SERAI_EFORBIDDEN, NULL,
                            "only the secretariat runs funding selections");
}

static serai_code need_reader(const actor *who, serai_err *err)
{
    if (who->role == ROLE_SECRETARIAT || who->role == ROLE_OBSERVER ||
        who->role == ROLE_FUNDER)
        return SERAI_OK;
    return serai_fail(err, who->role == ROLE_PUBLIC ? SERAI_EUNAUTH : SERAI_EFORBIDDEN,
                      NULL, "funding decisions are read by the secretariat, observers "
                            "and funders");
}

/* Store a run and earmark the newly funded proposals' funders; set the
 * proposals' statuses; one audit record naming the digest.  Inside the
 * caller's transaction. */
static serai_code record_run(store *s, const actor *who, const sel_data *d,
                             const select_result *res, const char *kind,
                             json_t **out, serai_err *err)
{
    char digest[65], *input_text;
    digest_of(d->canonical, digest, &input_text);
    json_t *result = result_json(d, res);
    char *result_text = json_dumps(result, JSON_COMPACT);
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    store_stmt *st;
    int64_t run = 0;
    serai_code rc = store_prepare(
        s, "INSERT INTO selection_run (call_id, mode, kind, input, input_digest, result, "
           "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id", &st, err);
    if (rc == SERAI_OK) {
        store_bind_int64(st, 1, d->call_id);
        store_bind_text(st, 2, d->mode);
        store_bind_text(st, 3, kind);
        store_bind_text(st, 4, input_text);
        store_bind_text(st, 5, digest);
        store_bind_text(st, 6, result_text);
        store_bind_text(st, 7, now);
        int r = store_step(st, err);
        run = r == STORE_ROW ? store_col_int64(st, 0) : 0;
        store_reset(st);
        if (r != STORE_ROW)
            rc = db_error(err);
    }
    free(input_text);
    free(result_text);
    for (int64_t k = 0; k < d->in.nrequests && rc == SERAI_OK; k++) {
        const select_request *q = &d->reqs[k];
        if (res->proposals[q->proposal].outcome != SELECT_FUNDED)
            continue;
        if ((rc = store_prepare(s, "INSERT INTO funding_decision (call_id, proposal_id, "
                                   "funder_org_id, amount, currency, status, run_id, "
                                   "updated_at) VALUES ($1, $2, $3, $4, $5, 'earmarked', "
                                   "$6, $7)", &st, err)) != SERAI_OK)
            break;
        store_bind_int64(st, 1, d->call_id);
        store_bind_int64(st, 2, d->proposal_id[q->proposal]);
        store_bind_int64(st, 3, d->funder_org[q->funder]);
        store_bind_int64(st, 4, q->amount);
        store_bind_text(st, 5, d->funders[q->funder].currency);
        store_bind_int64(st, 6, run);
        store_bind_text(st, 7, now);
        rc = store_run(st, NULL, err);
    }
    for (int p = 0; p < d->in.nproposals && rc == SERAI_OK; p++) {
        const char *status = res->proposals[p].outcome == SELECT_FUNDED    ? "selected"
                             : res->proposals[p].outcome == SELECT_RESERVE ? "reserve"
                                                                           : "rejected";
        if ((rc = store_prepare(s, "UPDATE proposal SET status = $2, updated_at = $3 "
                                   "WHERE id = $1", &st, err)) != SERAI_OK)
            break;
        store_bind_int64(st, 1, d->proposal_id[p]);
        store_bind_text(st, 2, status);
        store_bind_text(st, 3, now);
        rc = store_run(st, NULL, err);
    }
    if (rc == SERAI_OK) {
        json_t *state = json_pack("{s:I, s:s, s:s, s:s, s:i, s:i, s:i}", "run_id",
                                  (json_int_t)run, "kind", kind, "mode", d->mode,
                                  "input_digest", digest, "funded", res->funded,
                                  "reserve", res->reserve, "not_funded", res->not_funded);
        char object[48];
        snprintf(object, sizeof object, "call/%" PRId64, d->call_id);
        rc = audit_append(s, who, "decision.select", object, state, err);
        json_decref(state);
    }
    if (rc == SERAI_OK) {
        json_object_set_new(result, "run_id", json_integer(run));
        json_object_set_new(result, "kind", json_string(kind));
        json_object_set_new(result, "mode", json_string(d->mode));
        json_object_set_new(result, "input_digest", json_string(digest));
        *out = result;
    } else {
        json_decref(result);
    }
    return rc;
}

serai_code decision_select(store *s, const actor *who, int64_t call_id, json_t *body,
                           json_t **out, serai_err *err)
{
    *out = NULL;
    serai_code rc = need_secretariat(who, err);
    if (rc != SERAI_OK)
        return rc;
    if ((rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    /* Only a call whose submissions are closed has a final ranking. */
    store_stmt *st;
    char status[24] = "";
    if ((rc = store_prepare(s, "SELECT status FROM call WHERE id = $1", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, call_id);
        int r = store_step(st, err);
        if (r == STORE_ROW)
            snprintf(status, sizeof status, "%s", store_col_text(st, 0));
        store_reset(st);
        if (r == STORE_ERROR)
            rc = db_error(err);
        else if (r == STORE_DONE)
            rc = serai_fail(err, SERAI_ENOTFOUND, NULL, "no call %" PRId64, call_id);
        else if (strcmp(status, "draft") == 0 || strcmp(status, "open") == 0)
            rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                            "call %" PRId64 " is %s: the selection follows the close "
                            "of submissions and the review", call_id, status);
    }
    int64_t existing = 0;
    if (rc == SERAI_OK)
        rc = store_lookup_id(s, "SELECT id FROM funding_decision WHERE call_id = $1 "
                                "LIMIT 1", call_id, &existing, err);
    if (rc == SERAI_OK && existing)
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "call %" PRId64 " has its selection; a funder's decline "
                        "re-runs it for the money freed", call_id);
    sel_data d;
    bool loaded = false;
    if (rc == SERAI_OK && (rc = sel_load(s, who, call_id, body, false, &d, err)) == SERAI_OK)
        loaded = true;
    if (rc == SERAI_OK && d.in.nproposals == 0)
        rc = serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                        "call %" PRId64 " has no ranked proposals above the thresholds",
                        call_id);
    select_result res;
    memset(&res, 0, sizeof res);
    if (rc == SERAI_OK && (rc = select_run(&d.in, &res, err)) == SERAI_OK) {
        rc = record_run(s, who, &d, &res, "binding", out, err);
        select_result_free(&res);
    }
    if (loaded)
        sel_free(&d);
    if (rc == SERAI_OK)
        rc = store_commit(s, err);
    if (rc != SERAI_OK) {
        store_rollback(s);
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

serai_code decision_compare(store *s, const actor *who, int64_t call_id, json_t *body,
                            json_t **out, serai_err *err)
{
    *out = NULL;
    serai_code rc = need_reader(who, err);
    const char *objective = NULL;
    int64_t limit = 10;
    if (rc == SERAI_OK)
        rc = json_get_string(body, "objective", false, 8, "", &objective, err);
    if (rc == SERAI_OK)
        rc = json_get_int(body, "time_limit", false, 1, 600, "", &limit, NULL, err);
    if (rc == SERAI_OK && objective && strcmp(objective, "score") != 0 &&
        strcmp(objective, "count") != 0)
        rc = serai_fail(err, SERAI_EINVAL, "/objective",
                        "objective is score or count, not \"%s\"", objective);
    if (rc != SERAI_OK)
        return rc;
    sel_data d;
    if ((rc = sel_load(s, who, call_id, body, false, &d, err)) != SERAI_OK)
        return rc;
    select_result bind, opt;
    select_optimal_stats stats;
    memset(&bind, 0, sizeof bind);
    memset(&opt, 0, sizeof opt);
    if ((rc = select_run(&d.in, &bind, err)) == SERAI_OK) {
        rc = select_optimal(&d.in,
                            objective && strcmp(objective, "count") == 0 ? SELECT_MAX_COUNT
                                                                         : SELECT_MAX_SCORE,
                            (double)limit, &opt, &stats, err);
        if (rc == SERAI_OK) {
            json_t *b = result_json(&d, &bind), *o = result_json(&d, &opt);
            json_object_set_new(o, "gap", json_real(stats.gap));
            json_object_set_new(o, "proven_optimal", json_boolean(stats.optimal));
            json_object_set_new(o, "seconds", json_real(stats.seconds));
            *out = json_pack("{s:I, s:s, s:o, s:o, s:i, s:I}", "call_id", (json_int_t)call_id,
                             "objective", objective ? objective : "score", "binding", b,
                             "optimal", o, "extra_funded", opt.funded - bind.funded,
                             "extra_score", (json_int_t)(opt.funded_score - bind.funded_score));
            select_result_free(&opt);
        }
        select_result_free(&bind);
    }
    sel_free(&d);
    return rc;
}

serai_code decision_whatif(store *s, const actor *who, int64_t call_id, json_t *body,
                           json_t **out, serai_err *err)
{
    *out = NULL;
    serai_code rc = need_reader(who, err);
    int64_t percent = 10;
    if (rc == SERAI_OK)
        rc = json_get_int(body, "percent", false, 1, 1000, "", &percent, NULL, err);
    if (rc != SERAI_OK)
        return rc;
    sel_data d;
    if ((rc = sel_load(s, who, call_id, body, false, &d, err)) != SERAI_OK)
        return rc;
    select_result res;
    select_whatif w;
    memset(&res, 0, sizeof res);
    if ((rc = select_run(&d.in, &res, err)) == SERAI_OK) {
        if ((rc = select_whatif_run(&d.in, &res, (int32_t)percent, &w, err)) == SERAI_OK) {
            json_t *f = json_array();
            for (int i = 0; i < d.in.nfunders; i++)
                json_array_append_new(f, json_pack("{s:I, s:s, s:s, s:o, s:I}", "funder_org_id",
                                                   (json_int_t)d.funder_org[i], "funder",
                                                   d.funders[i].id, "currency",
                                                   d.funders[i].currency, "runs_out_at_rank",
                                                   w.funders[i].runs_out_at_rank
                                                       ? json_integer(w.funders[i].runs_out_at_rank)
                                                       : json_null(),
                                                   "extra_for_next",
                                                   (json_int_t)w.funders[i].extra_for_next));
            *out = json_pack("{s:I, s:i, s:i, s:i, s:o}", "call_id", (json_int_t)call_id,
                             "funded", res.funded, "percent", (int)percent, "more_funded",
                             w.more_funded, "funders", f);
            select_whatif_free(&w);
        }
        select_result_free(&res);
    }
    sel_free(&d);
    return rc;
}

serai_code decision_get(store *s, const actor *who, int64_t call_id, json_t **out,
                        serai_err *err)
{
    *out = NULL;
    serai_code rc = need_reader(who, err);
    if (rc != SERAI_OK)
        return rc;
    store_stmt *st;
    if ((rc = store_prepare(s, "SELECT d.proposal_id, d.funder_org_id, o.name, d.amount, "
                               "d.currency, d.status, d.run_id, d.note, d.updated_at FROM "
                               "funding_decision d JOIN organization o ON o.id = "
                               "d.funder_org_id WHERE d.call_id = $1 ORDER BY "
                               "d.proposal_id, d.funder_org_id", &st, err)) != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, call_id);
    json_t *items = json_array();
    int r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        int64_t funder = store_col_int64(st, 1);
        /* A funder sees its own decisions. */
        if (who->role == ROLE_FUNDER && who->org_id != funder)
            continue;
        json_array_append_new(items, json_pack(
            "{s:I, s:I, s:s, s:I, s:s, s:s, s:I, s:o, s:s}", "proposal_id",
            (json_int_t)store_col_int64(st, 0), "funder_org_id", (json_int_t)funder,
            "funder", store_col_text(st, 2), "amount", (json_int_t)store_col_int64(st, 3),
            "currency", store_col_text(st, 4), "status", store_col_text(st, 5), "run_id",
            (json_int_t)store_col_int64(st, 6), "note",
            store_col_null(st, 7) ? json_null() : json_string(store_col_text(st, 7)),
            "updated_at", store_col_text(st, 8)));
    }
    store_reset(st);
    if (r == STORE_ERROR) {
        json_decref(items);
        return db_error(err);
    }
    int64_t last = 0;
    rc = store_lookup_id(s, "SELECT MAX(id) FROM selection_run WHERE call_id = $1",
                         call_id, &last, err);
    char day[11] = "";
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "SELECT project_start FROM call_decision WHERE call_id = $1",
                            &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, call_id);
        if ((r = store_step(st, err)) == STORE_ROW && !store_col_null(st, 0))
            snprintf(day, sizeof day, "%s", store_col_text(st, 0));
        store_reset(st);
        if (r == STORE_ERROR)
            rc = db_error(err);
    }
    if (rc != SERAI_OK) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:I, s:o, s:o, s:o}", "call_id", (json_int_t)call_id,
                     "latest_run_id", last ? json_integer(last) : json_null(),
                     "project_start", day[0] ? json_string(day) : json_null(),
                     "decisions", items);
    return SERAI_OK;
}

serai_code decision_run_get(store *s, const actor *who, int64_t run_id, json_t **out,
                            serai_err *err)
{
    *out = NULL;
    serai_code rc = need_reader(who, err);
    if (rc != SERAI_OK)
        return rc;
    store_stmt *st;
    if ((rc = store_prepare(s, "SELECT call_id, mode, kind, input, input_digest, result, "
                               "created_at FROM selection_run WHERE id = $1", &st, err)) != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, run_id);
    int r = store_step(st, err);
    if (r == STORE_ROW) {
        json_t *input = json_loads(store_col_text(st, 3), 0, NULL);
        json_t *result = json_loads(store_col_text(st, 5), 0, NULL);
        *out = json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:o, s:s}", "id", (json_int_t)run_id,
                         "call_id", (json_int_t)store_col_int64(st, 0), "mode",
                         store_col_text(st, 1), "kind", store_col_text(st, 2),
                         "input_digest", store_col_text(st, 4), "input",
                         input ? input : json_null(), "result",
                         result ? result : json_null(), "created_at", store_col_text(st, 6));
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    if (r == STORE_DONE)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no selection run %" PRId64, run_id);
    return SERAI_OK;
}

/* The forward steps of a decision, in order. */
static const char *const decision_steps[] = {"earmarked", "national_evaluation",
                                             "approved", "contract_signed"};

static int status_rank(const char *s)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(decision_steps[i], s) == 0)
            return i;
    return -1;
}

serai_code decision_set(store *s, const actor *who, int64_t proposal_id,
                        int64_t funder_org_id, json_t *body, json_t **out,
                        serai_err *err)
{
    static const char *const keys[] = {"status", "note", NULL};
    *out = NULL;
    if (who->role != ROLE_SECRETARIAT &&
        !(who->role == ROLE_FUNDER && who->org_id == funder_org_id))
        return serai_fail(err, who->role == ROLE_PUBLIC ? SERAI_EUNAUTH : SERAI_EFORBIDDEN,
                          NULL, "a funder takes its own decisions (or the secretariat "
                                "records them)");
    const char *status = NULL, *note = NULL;
    serai_code rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "status", true, 24, "", &status, err);
    if (rc == SERAI_OK)
        rc = json_get_text(body, "note", false, 2000, "", &note, err);
    bool decline = status && strcmp(status, "declined") == 0;
    if (rc == SERAI_OK && !decline && status_rank(status) < 1)
        rc = serai_fail(err, SERAI_EINVAL, "/status",
                        "status is national_evaluation, approved, contract_signed or "
                        "declined, not \"%s\"", status);
    if (rc != SERAI_OK)
        return rc;
    if ((rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    store_stmt *st;
    char cur[24] = "";
    int64_t call_id = 0;
    if ((rc = store_prepare(s, "SELECT status, call_id FROM funding_decision WHERE "
                               "proposal_id = $1 AND funder_org_id = $2", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, proposal_id);
        store_bind_int64(st, 2, funder_org_id);
        int r = store_step(st, err);
        if (r == STORE_ROW) {
            snprintf(cur, sizeof cur, "%s", store_col_text(st, 0));
            call_id = store_col_int64(st, 1);
        }
        store_reset(st);
        if (r == STORE_ERROR)
            rc = db_error(err);
        else if (r == STORE_DONE)
            rc = serai_fail(err, SERAI_ENOTFOUND, NULL,
                            "no decision of funder %" PRId64 " on proposal %" PRId64,
                            funder_org_id, proposal_id);
    }
    if (rc == SERAI_OK) {
        if (strcmp(cur, "declined") == 0 || strcmp(cur, "contract_signed") == 0)
            rc = serai_fail(err, SERAI_ECONFLICT, "/status",
                            "the decision is %s already: it does not change", cur);
        else if (!decline && status_rank(status) != status_rank(cur) + 1)
            rc = serai_fail(err, SERAI_ECONFLICT, "/status",
                            "a decision moves one step at a time: %s comes after %s, "
                            "and this one is %s", status,
                            decision_steps[status_rank(status) - 1], cur);
    }
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "UPDATE funding_decision SET status = $3, note = $4, "
                               "updated_at = $5 WHERE proposal_id = $1 AND "
                               "funder_org_id = $2", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, proposal_id);
        store_bind_int64(st, 2, funder_org_id);
        store_bind_text(st, 3, status);
        store_bind_text(st, 4, note);
        store_bind_text(st, 5, now);
        rc = store_run(st, NULL, err);
    }
    json_t *rerun = NULL;
    if (rc == SERAI_OK && decline) {
        /* The consortium is blocked: its other decisions go with it, and
         * the freed money goes down the reserve list. */
        if ((rc = store_prepare(s, "UPDATE funding_decision SET status = 'declined', "
                                   "note = $2, updated_at = $3 WHERE proposal_id = $1 "
                                   "AND status <> 'declined'", &st, err)) == SERAI_OK) {
            char why[96];
            snprintf(why, sizeof why, "blocked: funder %" PRId64 " declined", funder_org_id);
            store_bind_int64(st, 1, proposal_id);
            store_bind_text(st, 2, why);
            store_bind_text(st, 3, now);
            rc = store_run(st, NULL, err);
        }
        if (rc == SERAI_OK &&
            (rc = store_prepare(s, "UPDATE proposal SET status = 'rejected', updated_at = $2 "
                                   "WHERE id = $1", &st, err)) == SERAI_OK) {
            store_bind_int64(st, 1, proposal_id);
            store_bind_text(st, 2, now);
            rc = store_run(st, NULL, err);
        }
        sel_data d;
        /* Fix: the empty options were never freed (a leak on every
         * decline, which failed the sanitizer build of the demo). */
        json_t *none = json_object();
        if (rc == SERAI_OK &&
            (rc = sel_load(s, who, call_id, none, true, &d, err)) == SERAI_OK) {
            select_result res;
            memset(&res, 0, sizeof res);
            if (d.in.nproposals > 0 && (rc = select_run(&d.in, &res, err)) == SERAI_OK) {
                actor op = *who;
                rc = record_run(s, &op, &d, &res, "rerun", &rerun, err);
                select_result_free(&res);
            }
            sel_free(&d);
        }
        json_decref(none);
    }
    /* The decision names the selection it follows: the digest of that
     * run's input, so a reader can recompute it. */
    char digest[72] = "";
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "SELECT r.input_digest FROM funding_decision d JOIN "
                               "selection_run r ON r.id = d.run_id WHERE d.proposal_id = $1 "
                               "AND d.funder_org_id = $2", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, proposal_id);
        store_bind_int64(st, 2, funder_org_id);
        int r = store_step(st, err);
        if (r == STORE_ROW)
            snprintf(digest, sizeof digest, "%s", store_col_text(st, 0));
        store_reset(st);
        if (r == STORE_ERROR)
            rc = db_error(err);
    }
    if (rc == SERAI_OK) {
        *out = json_pack("{s:I, s:I, s:s, s:o, s:s}", "proposal_id",
                         (json_int_t)proposal_id, "funder_org_id",
                         (json_int_t)funder_org_id, "status", status, "note",
                         note ? json_string(note) : json_null(), "input_digest", digest);
        char object[64];
        snprintf(object, sizeof object, "proposal/%" PRId64, proposal_id);
        rc = audit_append(s, who, "decision.set", object, *out, err);
        if (rerun)
            json_object_set_new(*out, "rerun", rerun);
        rerun = NULL;
    }
    json_decref(rerun);
    if (rc == SERAI_OK)
        rc = store_commit(s, err);
    if (rc != SERAI_OK) {
        store_rollback(s);
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

serai_code decision_start(store *s, const actor *who, int64_t call_id, json_t *body,
                          json_t **out, serai_err *err)
{
    static const char *const keys[] = {"project_start", NULL};
    *out = NULL;
    serai_code rc = need_secretariat(who, err);
    const char *day = NULL;
    if (rc == SERAI_OK)
        rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "project_start", true, 10, "", &day, err);
    char inst[CLOCK_ISO_LEN];
    int64_t t;
    if (rc == SERAI_OK && (strlen(day) != 10 ||
                           (snprintf(inst, sizeof inst, "%sT00:00:00Z", day), !clock_parse(inst, &t))))
        rc = serai_fail(err, SERAI_EINVAL, "/project_start",
                        "project_start is a real date YYYY-MM-DD, not \"%s\"", day);
    if (rc != SERAI_OK)
        return rc;
    if ((rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    int64_t found = 0;
    rc = store_lookup_id(s, "SELECT id FROM call WHERE id = $1", call_id, &found, err);
    if (rc == SERAI_OK && !found)
        rc = serai_fail(err, SERAI_ENOTFOUND, NULL, "no call %" PRId64, call_id);
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    store_stmt *st;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "INSERT INTO call_decision (call_id, project_start, "
                               "updated_at) VALUES ($1, $2, $3) ON CONFLICT (call_id) "
                               "DO UPDATE SET project_start = excluded.project_start, "
                               "updated_at = excluded.updated_at", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, call_id);
        store_bind_text(st, 2, day);
        store_bind_text(st, 3, now);
        rc = store_run(st, NULL, err);
    }
    if (rc == SERAI_OK) {
        *out = json_pack("{s:I, s:s}", "call_id", (json_int_t)call_id, "project_start", day);
        char object[48];
        snprintf(object, sizeof object, "call/%" PRId64, call_id);
        rc = audit_append(s, who, "decision.start", object, *out, err);
    }
    if (rc == SERAI_OK)
        rc = store_commit(s, err);
    if (rc != SERAI_OK) {
        store_rollback(s);
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}
