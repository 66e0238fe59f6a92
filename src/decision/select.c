/*
 * select.c -- the binding selection of ranked proposals across national
 * budgets, and the what-if simulator on its result (select.h,
 * docs/selection.md).
 *
 * One pass over the proposals in rank order.  The requests are regrouped
 * by proposal once (a counting sort), so a proposal's check and its
 * payment cost O(its requests); sorting the proposals by rank is the only
 * super-linear step.  The explanations of skipped proposals (which funders
 * fall short, needed against available) go into one block sized up front
 * for the worst case -- every request of every proposal short, plus the
 * central pot once per proposal -- so a run makes a fixed handful of
 * allocations however many proposals it skips.
 *
 * Tie groups.  Equal ranks are taken together.  When the whole group fits,
 * all of it is funded.  Otherwise the largest number of its members that
 * fit together is funded: for groups of up to SELECT_TIE_EXACT members by
 * a depth-first search over the members in tie order that tries "fund"
 * before "skip", so among the sets of the largest size the first one found
 * is the one that comes first in tie order (lexicographically by the
 * members' positions); a member that does not fit makes every set holding
 * it infeasible, which prunes the search, and so does a branch that cannot
 * beat the best size found.  Larger groups (rare: a ranking list with more
 * than twenty proposals at one rank) are filled greedily in tie order --
 * each member funded when it still fits -- which is exact when the members
 * ask the same funders for equal amounts and otherwise may fund fewer than
 * the largest number.  Within a group the funded members are considered
 * first (their `order` is lower), then the skipped ones, whose shortfalls
 * are measured after the funded ones have been paid: that is why they do
 * not fit.
 */
#include "decision/select.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

/* Tie groups up to this size are solved exactly (2^20 subsets at worst). */
#define SELECT_TIE_EXACT 20
/* The most requests select_run() takes. */
#define SELECT_MAX_REQUESTS ((int64_t)100000000)

/* ---- the input, checked and regrouped --------------------------------- */

typedef struct sel_engine {
    const select_input *in;
    int64_t *beg;        /* [P+1]: requests of proposal p at beg[p]..beg[p+1] */
    int32_t *rf;         /* funder of each regrouped request */
    int64_t *ra;         /* amount of each regrouped request */
    int64_t *limit;      /* [F]: budget with flexibility */
    int64_t *left;       /* [F]: national money left */
    int64_t *ptotal;     /* [P]: RCP, the sum of a proposal's requests */
    int64_t pot;         /* RCP: central left; MIXED: gap pot left */
    int64_t pot_size;
    int64_t *use;        /* [F]: a tie group's trial usage, else all 0 */
    int64_t trial_gap;   /* the trial's central need (RCP total, MIXED gap) */
} sel_engine;

static void engine_free(sel_engine *e)
{
    free(e->beg);
    free(e->rf);
    free(e->ra);
    free(e->limit);
    free(e->left);
    free(e->ptotal);
    free(e->use);
    memset(e, 0, sizeof *e);
}

/* budget + budget * bp / 10000 (rounded down), false on overflow. */
static bool add_share(int64_t amount, int32_t bp, int64_t *out)
{
    int64_t part = amount / 10000 * bp + amount % 10000 * bp / 10000;
    return !__builtin_add_overflow(amount, part, out);
}

/* amount * bp / 10000, rounded down; amount >= 0, 0 <= bp <= 10000. */
static int64_t share_of(int64_t amount, int32_t bp)
{
    return amount / 10000 * bp + amount % 10000 * bp / 10000;
}

static serai_code engine_open(sel_engine *e, const select_input *in,
                              serai_err *err)
{
    memset(e, 0, sizeof *e);
    e->in = in;
    int32_t P = in->nproposals, F = in->nfunders;
    int64_t R = in->nrequests;
    if (P < 0 || F < 0 || R < 0)
        return serai_fail(err, SERAI_EINVAL, NULL, "negative counts");
    if (P > SELECT_MAX_PROPOSALS || F > SELECT_MAX_FUNDERS ||
        R > SELECT_MAX_REQUESTS)
        return serai_fail(err, SERAI_ETOOLARGE, NULL,
                          "at most %d proposals, %d funders and %" PRId64
                          " requests",
                          SELECT_MAX_PROPOSALS, SELECT_MAX_FUNDERS,
                          SELECT_MAX_REQUESTS);
    if ((P && !in->proposals) || (F && !in->funders) || (R && !in->requests))
        return serai_fail(err, SERAI_EINVAL, NULL, "missing arrays");
    if (in->mode != SELECT_VCP && in->mode != SELECT_RCP &&
        in->mode != SELECT_MIXED)
        return serai_fail(err, SERAI_EINVAL, "/mode", "unknown mode %d",
                          (int)in->mode);
    if (in->reserve_max < -1)
        return serai_fail(err, SERAI_EINVAL, "/reserve_max",
                          "reserve_max is -1 (all) or a count, not %d",
                          in->reserve_max);
    bool pooled = in->mode != SELECT_VCP;
    if (pooled && in->central < 0)
        return serai_fail(err, SERAI_EINVAL, "/central",
                          "the central pot %" PRId64 " is negative",
                          in->central);
    if (in->mode == SELECT_MIXED &&
        (in->gap_share_bp < 0 || in->gap_share_bp > 10000))
        return serai_fail(err, SERAI_EINVAL, "/gap_share_bp",
                          "the gap share is 0..10000 basis points, not %d",
                          in->gap_share_bp);
    int64_t score_sum = 0;
    for (int32_t p = 0; p < P; p++) {
        int64_t s = in->proposals[p].score;
        if (s == INT64_MIN || __builtin_add_overflow(score_sum, s < 0 ? -s : s,
                                                     &score_sum))
            return serai_fail(err, SERAI_EINVAL, NULL,
                              "proposal %d: the scores overflow", p);
    }
    e->limit = xmalloc(((size_t)F + 1) * sizeof *e->limit);
    e->left = xmalloc(((size_t)F + 1) * sizeof *e->left);
    e->use = xcalloc((size_t)F + 1, sizeof *e->use);
    for (int32_t f = 0; f < F; f++) {
        const select_funder *sf = &in->funders[f];
        char field[48];
        if (sf->budget < 0) {
            snprintf(field, sizeof field, "/funders/%d/budget", f);
            return serai_fail(err, SERAI_EINVAL, field,
                              "funder %d (%.60s): negative budget %" PRId64, f,
                              sf->id ? sf->id : "", sf->budget);
        }
        if (sf->flex_bp < 0 || sf->flex_bp > 10000) {
            snprintf(field, sizeof field, "/funders/%d/flex_bp", f);
            return serai_fail(err, SERAI_EINVAL, field,
                              "funder %d (%.60s): flexibility is 0..10000 "
                              "basis points, not %d",
                              f, sf->id ? sf->id : "", sf->flex_bp);
        }
        if (!add_share(sf->budget, sf->flex_bp, &e->limit[f])) {
            snprintf(field, sizeof field, "/funders/%d/budget", f);
            return serai_fail(err, SERAI_EINVAL, field,
                              "funder %d (%.60s): budget with flexibility "
                              "overflows",
                              f, sf->id ? sf->id : "");
        }
        if (pooled && strncmp(sf->currency, in->central_currency, 3) != 0) {
            snprintf(field, sizeof field, "/funders/%d/currency", f);
            return serai_fail(err, SERAI_EINVAL, field,
                              "funder %d (%.60s): currency %.3s, but the "
                              "central pot is in %.3s",
                              f, sf->id ? sf->id : "", sf->currency,
                              in->central_currency);
        }
        e->left[f] = e->limit[f];
    }
    /* Regroup the requests by proposal, keeping their order. */
    e->beg = xcalloc((size_t)P + 2, sizeof *e->beg);
    for (int64_t i = 0; i < R; i++) {
        const select_request *q = &in->requests[i];
        char field[48];
        if (q->proposal < 0 || q->proposal >= P || q->funder < 0 ||
            q->funder >= F) {
            snprintf(field, sizeof field, "/requests/%" PRId64, i);
            return serai_fail(err, SERAI_EINVAL, field,
                              "request %" PRId64 ": proposal %d or funder %d "
                              "out of range",
                              i, q->proposal, q->funder);
        }
        if (q->amount < 0) {
            snprintf(field, sizeof field, "/requests/%" PRId64 "/amount", i);
            return serai_fail(err, SERAI_EINVAL, field,
                              "request %" PRId64 ": negative amount %" PRId64,
                              i, q->amount);
        }
        e->beg[q->proposal + 1]++;
    }
    for (int32_t p = 0; p < P; p++)
        e->beg[p + 1] += e->beg[p];
    e->rf = xmalloc(((size_t)R + 1) * sizeof *e->rf);
    e->ra = xmalloc(((size_t)R + 1) * sizeof *e->ra);
    int64_t *fill = xmalloc(((size_t)P + 1) * sizeof *fill);
    memcpy(fill, e->beg, ((size_t)P + 1) * sizeof *fill);
    for (int64_t i = 0; i < R; i++) {
        const select_request *q = &in->requests[i];
        int64_t at = fill[q->proposal]++;
        e->rf[at] = q->funder;
        e->ra[at] = q->amount;
    }
    free(fill);
    /* Each (proposal, funder) once: use[] marks the funders seen per
     * proposal with p + 1, and is zeroed again below. */
    serai_code rc = SERAI_OK;
    for (int32_t p = 0; p < P && rc == SERAI_OK; p++)
        for (int64_t j = e->beg[p]; j < e->beg[p + 1]; j++) {
            if (e->use[e->rf[j]] == p + 1) {
                char field[48];
                snprintf(field, sizeof field, "/proposals/%d", p);
                rc = serai_fail(err, SERAI_EINVAL, field,
                                "proposal %d (%.60s) asks funder %d (%.60s) "
                                "more than once",
                                p, in->proposals[p].id ? in->proposals[p].id : "",
                                e->rf[j],
                                in->funders[e->rf[j]].id
                                    ? in->funders[e->rf[j]].id : "");
                break;
            }
            e->use[e->rf[j]] = p + 1;
        }
    memset(e->use, 0, ((size_t)F + 1) * sizeof *e->use);
    if (rc != SERAI_OK)
        return rc;
    if (in->mode == SELECT_RCP) {
        e->ptotal = xmalloc(((size_t)P + 1) * sizeof *e->ptotal);
        for (int32_t p = 0; p < P; p++) {
            int64_t t = 0;
            for (int64_t j = e->beg[p]; j < e->beg[p + 1]; j++)
                if (__builtin_add_overflow(t, e->ra[j], &t)) {
                    char field[48];
                    snprintf(field, sizeof field, "/proposals/%d", p);
                    return serai_fail(err, SERAI_EINVAL, field,
                                      "proposal %d (%.60s): its requests "
                                      "overflow",
                                      p, in->proposals[p].id
                                             ? in->proposals[p].id : "");
                }
            e->ptotal[p] = t;
        }
        e->pot_size = in->central;
    } else if (in->mode == SELECT_MIXED) {
        e->pot_size = share_of(in->central, in->gap_share_bp);
    }
    e->pot = e->pot_size;
    return SERAI_OK;
}

/* ---- fitting and paying ------------------------------------------------ */

/* Whether proposal p fits on top of the trial usage (use[], trial_gap),
 * and the central money it would add to the trial (*dgap). */
static bool fits(const sel_engine *e, int32_t p, int64_t *dgap)
{
    *dgap = 0;
    switch (e->in->mode) {
    case SELECT_VCP:
        for (int64_t j = e->beg[p]; j < e->beg[p + 1]; j++) {
            int64_t u;
            int32_t f = e->rf[j];
            if (__builtin_add_overflow(e->use[f], e->ra[j], &u) || u > e->left[f])
                return false;
        }
        return true;
    case SELECT_RCP: {
        int64_t t;
        *dgap = e->ptotal[p];
        return !__builtin_add_overflow(e->trial_gap, e->ptotal[p], &t) &&
               t <= e->pot;
    }
    case SELECT_MIXED: {
        int64_t add = 0, t;
        for (int64_t j = e->beg[p]; j < e->beg[p + 1]; j++) {
            int32_t f = e->rf[j];
            int64_t u, before, after;
            if (__builtin_add_overflow(e->use[f], e->ra[j], &u))
                return false;
            before = e->use[f] > e->left[f] ? e->use[f] - e->left[f] : 0;
            after = u > e->left[f] ? u - e->left[f] : 0;
            if (__builtin_add_overflow(add, after - before, &add))
                return false;
        }
        *dgap = add;
        return !__builtin_add_overflow(e->trial_gap, add, &t) && t <= e->pot;
    }
    }
    return false;
}

/* Add p to the trial (it fits, dgap from fits()), or take it out. */
static void trial_add(sel_engine *e, int32_t p, int64_t dgap)
{
    for (int64_t j = e->beg[p]; j < e->beg[p + 1]; j++)
        e->use[e->rf[j]] += e->ra[j];
    e->trial_gap += dgap;
}

static void trial_remove(sel_engine *e, int32_t p, int64_t dgap)
{
    for (int64_t j = e->beg[p]; j < e->beg[p + 1]; j++)
        e->use[e->rf[j]] -= e->ra[j];
    e->trial_gap -= dgap;
}

/* Fund p (it fits with an empty trial). */
static void pay(sel_engine *e, select_result *out, int32_t p)
{
    select_decision *d = &out->proposals[p];
    d->outcome = SELECT_FUNDED;
    out->funded++;
    out->funded_score += e->in->proposals[p].score;
    for (int64_t j = e->beg[p]; j < e->beg[p + 1]; j++) {
        int32_t f = e->rf[j];
        int64_t a = e->ra[j];
        switch (e->in->mode) {
        case SELECT_VCP:
            e->left[f] -= a;
            out->spent[f] += a;
            break;
        case SELECT_RCP:
            out->spent[f] += a; /* charged in its name to the central pot */
            break;
        case SELECT_MIXED: {
            int64_t national = a < e->left[f] ? a : e->left[f];
            e->left[f] -= national;
            out->spent[f] += national;
            d->central_used += a - national;
            break;
        }
        }
    }
    if (e->in->mode == SELECT_RCP)
        d->central_used = e->ptotal[p];
    e->pot -= d->central_used;
}

/* Skip p, writing its shortfalls against what is left now. */
static void skip(sel_engine *e, select_result *out, int32_t p,
                 select_shortfall *pool, int64_t *pool_used)
{
    const select_input *in = e->in;
    select_decision *d = &out->proposals[p];
    int32_t skipped = out->reserve + out->not_funded;
    if (in->reserve_max < 0 || skipped < in->reserve_max) {
        d->outcome = SELECT_RESERVE;
        out->reserve++;
    } else {
        d->outcome = SELECT_NOT_FUNDED;
        out->not_funded++;
    }
    d->shortfalls = pool + *pool_used;
    d->nshort = 0;
    int64_t gap = 0;
    bool gap_overflow = false;
    if (in->mode != SELECT_RCP)
        for (int64_t j = e->beg[p]; j < e->beg[p + 1]; j++) {
            int32_t f = e->rf[j];
            if (e->ra[j] > e->left[f]) {
                select_shortfall *s = &d->shortfalls[d->nshort++];
                s->funder = f;
                s->needed = e->ra[j];
                s->available = e->left[f];
                if (__builtin_add_overflow(gap, e->ra[j] - e->left[f], &gap))
                    gap_overflow = true;
            }
        }
    if (in->mode == SELECT_RCP ||
        (in->mode == SELECT_MIXED && (gap_overflow || gap > e->pot))) {
        select_shortfall *s = &d->shortfalls[d->nshort++];
        s->funder = -1;
        s->needed = in->mode == SELECT_RCP ? e->ptotal[p]
                    : gap_overflow          ? INT64_MAX
                                            : gap;
        s->available = e->pot;
    }
    *pool_used += d->nshort;
}

/* ---- tie groups ---------------------------------------------------------- */

typedef struct sel_search {
    sel_engine *e;
    const int32_t *member;   /* the group, in tie order */
    int n;
    uint32_t cur, best;
    int best_count;
} sel_search;

static void search(sel_search *s, int i, int count)
{
    if (count + (s->n - i) <= s->best_count)
        return;
    if (i == s->n) {
        s->best = s->cur;
        s->best_count = count;
        return;
    }
    int64_t dgap;
    if (fits(s->e, s->member[i], &dgap)) {
        trial_add(s->e, s->member[i], dgap);
        s->cur |= (uint32_t)1 << i;
        search(s, i + 1, count + 1);
        s->cur &= ~((uint32_t)1 << i);
        trial_remove(s->e, s->member[i], dgap);
    }
    search(s, i + 1, count);
}

/* Which members of the group to fund: chosen[k] set for each.  The trial
 * is empty before and after. */
static void choose_in_group(sel_engine *e, const int32_t *member, int n,
                            bool *chosen)
{
    int64_t *dg = xmalloc((size_t)n * sizeof *dg);
    /* Does the whole group fit? */
    int added = 0;
    while (added < n && fits(e, member[added], &dg[added])) {
        trial_add(e, member[added], dg[added]);
        added++;
    }
    for (int k = added - 1; k >= 0; k--)
        trial_remove(e, member[k], dg[k]);
    if (added == n) {
        for (int k = 0; k < n; k++)
            chosen[k] = true;
    } else if (n <= SELECT_TIE_EXACT) {
        sel_search s = {.e = e, .member = member, .n = n, .best_count = -1};
        search(&s, 0, 0);
        for (int k = 0; k < n; k++)
            chosen[k] = (s.best >> k) & 1;
    } else {
        /* Greedy in tie order (see the top of the file). */
        for (int k = 0; k < n; k++) {
            chosen[k] = fits(e, member[k], &dg[k]);
            if (chosen[k])
                trial_add(e, member[k], dg[k]);
        }
        for (int k = n - 1; k >= 0; k--)
            if (chosen[k])
                trial_remove(e, member[k], dg[k]);
    }
    free(dg);
}

/* ---- the run ------------------------------------------------------------ */

typedef struct sel_key {
    int32_t rank, tie_order, index;
} sel_key;

static int key_cmp(const void *a, const void *b)
{
    const sel_key *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    if (x->tie_order != y->tie_order)
        return x->tie_order < y->tie_order ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

static void result_alloc(select_result *out, int32_t P, int32_t F, int64_t pool)
{
    memset(out, 0, sizeof *out);
    out->proposals = xcalloc((size_t)P + 1, sizeof *out->proposals);
    out->spent = xcalloc((size_t)F + 1, sizeof *out->spent);
    out->remaining = xcalloc((size_t)F + 1, sizeof *out->remaining);
    out->arena = xmalloc(((size_t)pool + 1) * sizeof(select_shortfall));
}

serai_code select_run(const select_input *in, select_result *out, serai_err *err)
{
    memset(out, 0, sizeof *out);
    sel_engine e;
    serai_code rc = engine_open(&e, in, err);
    if (rc != SERAI_OK) {
        engine_free(&e);
        return rc;
    }
    int32_t P = in->nproposals, F = in->nfunders;
    result_alloc(out, P, F, in->nrequests + P);
    select_shortfall *pool = out->arena;
    int64_t pool_used = 0;

    sel_key *key = xmalloc(((size_t)P + 1) * sizeof *key);
    for (int32_t p = 0; p < P; p++)
        key[p] = (sel_key){in->proposals[p].rank, in->proposals[p].tie_order, p};
    qsort(key, (size_t)P, sizeof *key, key_cmp);

    int32_t order = 0;
    int32_t *member = NULL;
    bool *chosen = NULL;
    int32_t cap = 0;
    for (int32_t i = 0; i < P;) {
        int32_t j = i + 1;
        while (j < P && key[j].rank == key[i].rank)
            j++;
        if (j - i == 1) {
            int32_t p = key[i].index;
            int64_t dgap;
            out->proposals[p].order = order++;
            if (fits(&e, p, &dgap))
                pay(&e, out, p);
            else
                skip(&e, out, p, pool, &pool_used);
            i = j;
            continue;
        }
        int32_t n = j - i;
        if (n > cap) {
            cap = n;
            member = xreallocarray(member, (size_t)cap, sizeof *member);
            chosen = xreallocarray(chosen, (size_t)cap, sizeof *chosen);
        }
        for (int32_t k = 0; k < n; k++)
            member[k] = key[i + k].index;
        choose_in_group(&e, member, (int)n, chosen);
        bool whole = true;
        for (int32_t k = 0; k < n; k++)
            whole = whole && chosen[k];
        for (int32_t k = 0; k < n; k++)
            if (chosen[k]) {
                out->proposals[member[k]].order = order++;
                out->proposals[member[k]].tie = !whole;
                pay(&e, out, member[k]);
            }
        for (int32_t k = 0; k < n; k++)
            if (!chosen[k]) {
                out->proposals[member[k]].order = order++;
                out->proposals[member[k]].tie = true;
                skip(&e, out, member[k], pool, &pool_used);
            }
        i = j;
    }
    free(member);
    free(chosen);
    free(key);
    for (int32_t f = 0; f < F; f++)
        out->remaining[f] = e.limit[f] - out->spent[f];
    if (in->mode != SELECT_VCP) {
        out->central_spent = e.pot_size - e.pot;
        out->central_remaining = e.pot;
    }
    engine_free(&e);
    return SERAI_OK;
}

void select_result_free(select_result *r)
{
    if (r == NULL)
        return;
    free(r->proposals);
    free(r->spent);
    free(r->remaining);
    free(r->arena);
    memset(r, 0, sizeof *r);
}

/* ---- what-if ------------------------------------------------------------ */

/* amount * (100 + percent) / 100, rounded down; false on overflow. */
static bool scale_up(int64_t amount, int32_t percent, int64_t *out)
{
    int64_t whole, part;
    if (__builtin_mul_overflow(amount / 100, (int64_t)100 + percent, &whole))
        return false;
    part = amount % 100 * (100 + percent) / 100;
    return !__builtin_add_overflow(whole, part, out);
}

serai_code select_whatif_run(const select_input *in, const select_result *res,
                             int32_t percent, select_whatif *out, serai_err *err)
{
    memset(out, 0, sizeof *out);
    if (percent < 0 || percent > 10000)
        return serai_fail(err, SERAI_EINVAL, "/percent",
                          "the what-if percentage is 0..10000, not %d", percent);
    sel_engine e;
    serai_code rc = engine_open(&e, in, err);
    if (rc != SERAI_OK) {
        engine_free(&e);
        return rc;
    }
    int32_t P = in->nproposals, F = in->nfunders;
    out->percent = percent;
    out->funders = xcalloc((size_t)F + 1, sizeof *out->funders);
    int32_t *by_order = xmalloc(((size_t)P + 1) * sizeof *by_order);
    for (int32_t p = 0; p < P; p++)
        by_order[p] = -1;
    for (int32_t p = 0; p < P; p++) {
        int32_t o = res->proposals[p].order;
        if (o < 0 || o >= P || by_order[o] >= 0) {
            rc = serai_fail(err, SERAI_EINVAL, "/result",
                            "the result does not belong to this input");
            break;
        }
        by_order[o] = p;
    }
    bool *blocked = xcalloc((size_t)F + 1, sizeof *blocked);
    bool central_blocked = false;
    for (int32_t o = 0; o < P && rc == SERAI_OK; o++) {
        int32_t p = by_order[o];
        const select_decision *d = &res->proposals[p];
        int32_t rank = in->proposals[p].rank;
        /* Replay the national budgets: the first proposal a funder cannot
         * pay from its own budget (in MIXED even when the gap pot then
         * covered it). */
        if (in->mode != SELECT_RCP)
            for (int64_t j = e.beg[p]; j < e.beg[p + 1]; j++) {
                int32_t f = e.rf[j];
                int64_t a = e.ra[j];
                if (a > e.left[f] && out->funders[f].runs_out_at_rank == 0)
                    out->funders[f].runs_out_at_rank = rank;
                if (d->outcome == SELECT_FUNDED)
                    e.left[f] -= a < e.left[f] ? a : e.left[f];
            }
        if (d->outcome == SELECT_FUNDED)
            continue;
        for (int32_t k = 0; k < d->nshort; k++) {
            const select_shortfall *s = &d->shortfalls[k];
            if (s->funder >= 0 && s->funder < F && !blocked[s->funder]) {
                blocked[s->funder] = true;
                out->funders[s->funder].extra_for_next = s->needed - s->available;
            } else if (s->funder < 0 && !central_blocked) {
                central_blocked = true;
                out->central_runs_out_at_rank = rank;
                out->central_extra_for_next = s->needed - s->available;
            }
        }
    }
    free(blocked);
    free(by_order);
    engine_free(&e);
    if (rc != SERAI_OK) {
        select_whatif_free(out);
        return rc;
    }
    /* +percent on every budget and on the central pot. */
    select_funder *more = xmalloc(((size_t)F + 1) * sizeof *more);
    select_input scaled = *in;
    for (int32_t f = 0; f < F && rc == SERAI_OK; f++) {
        more[f] = in->funders[f];
        if (!scale_up(in->funders[f].budget, percent, &more[f].budget))
            rc = serai_fail(err, SERAI_EINVAL, "/percent",
                            "+%d%% on the budget of funder %d overflows",
                            percent, f);
    }
    if (rc == SERAI_OK && !scale_up(in->central, percent, &scaled.central))
        rc = serai_fail(err, SERAI_EINVAL, "/percent",
                        "+%d%% on the central pot overflows", percent);
    scaled.funders = more;
    if (rc == SERAI_OK) {
        select_result r2;
        rc = select_run(&scaled, &r2, err);
        if (rc == SERAI_OK)
            out->more_funded = r2.funded - res->funded;
        select_result_free(&r2);
    }
    free(more);
    if (rc != SERAI_OK)
        select_whatif_free(out);
    return rc;
}

void select_whatif_free(select_whatif *w)
{
    if (w == NULL)
        return;
    free(w->funders);
    memset(w, 0, sizeof *w);
}
