/*
 * optimal.c -- optimal (non-binding) funding selection (select.h,
 * docs/selection.md "Optimal mode"): the set of proposals with the largest
 * total score, or the largest number of proposals, that every budget can
 * pay, solved as a mixed-integer programme by CBC under a time limit.
 *
 * The model (x_p binary: proposal p is funded; a_pf what p asks of f):
 *   VCP    for each funder f:  sum_p a_pf x_p <= C_f
 *          with C_f = budget_f + floor(budget_f * flex_bp_f / 10000)
 *   RCP    sum_p (sum_f a_pf) x_p <= central
 *   MIXED  for each funder f:  sum_p a_pf x_p - o_f <= C_f,  o_f >= 0
 *          sum_f o_f <= floor(central * gap_share_bp / 10000)   (the band)
 *          o_f is the gap money funder f's proposals receive.  It is the
 *          per-funder aggregate of the per-request formulation
 *          (0 <= g_pf <= a_pf x_p, o_f = sum_p g_pf): for a fixed set both
 *          are feasible exactly when sum_f max(0, S_f - C_f) <= band, and
 *          their LP relaxations have the same projection on x, so the
 *          smaller model is solved.
 * Objective: maximise sum_p score_p x_p (SELECT_MAX_SCORE) or sum_p x_p
 * (SELECT_MAX_COUNT); it is handed to CBC as the minimisation of its
 * negation.  Proposals that cannot be funded on their own, and proposals
 * that would add nothing to a score objective (score <= 0), are fixed
 * before the solve; proposals that ask for nothing are funded without it.
 * CBC starts from its own heuristics: a greedy first solution handed to it
 * as a MIP start was measured to slow its search down on calls of 2,000
 * proposals (BENCHMARKS.md).
 *
 * CBC works in floating point: its solution is rounded, then checked
 * against every budget in exact integer arithmetic, and, in the unlikely
 * case that rounding broke a budget, the worst-ranked funded proposals
 * that use the broken budget are dropped until it holds (the result is
 * then not called optimal).  The objective is integral (thousandths of a
 * score, or a count), so the bound is rounded down to an integer.
 *
 * The result is allocated as select_result_free() (select.c) frees it:
 * proposals, spent and remaining each by calloc(), and the shortfalls of
 * every skipped proposal in one calloc()ed block kept in result->arena
 * (each decision's shortfalls point into it).
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <coin/Cbc_C_Interface.h>

#include "decision/select.h"

/* Requests above this many would not fit CBC's int-indexed matrix. */
#define OPT_MAX_REQUESTS ((int64_t)100000000)

typedef struct opt_req {
    int32_t funder;
    int64_t amount;
} opt_req;

typedef struct opt_ctx {
    const select_input *in;
    select_objective objective;
    int32_t n, nf;
    int64_t *start;      /* [n + 1]: the requests of p are req[start[p] .. start[p+1]) */
    opt_req *req;        /* [nrequests], grouped by proposal */
    int64_t *cap;        /* [nf]: budget with flexibility */
    int64_t *ptotal;     /* [n]: sum of a proposal's requests */
    int64_t pot;         /* RCP: central; MIXED: the band */
    int32_t *order;      /* [n]: proposals in rank order */
} opt_ctx;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* floor(v * bp / 10000) for v >= 0, 0 <= bp <= 10000, without overflow. */
static int64_t share_of(int64_t v, int32_t bp)
{
    return (v / 10000) * bp + ((v % 10000) * bp) / 10000;
}

static void opt_ctx_free(opt_ctx *c)
{
    free(c->start);
    free(c->req);
    free(c->cap);
    free(c->ptotal);
    free(c->order);
}

typedef struct rank_key {
    int32_t rank, tie_order, index;
} rank_key;

static int rank_cmp(const void *a, const void *b)
{
    const rank_key *p = a, *q = b;
    if (p->rank != q->rank)
        return p->rank < q->rank ? -1 : 1;
    if (p->tie_order != q->tie_order)
        return p->tie_order < q->tie_order ? -1 : 1;
    return p->index < q->index ? -1 : (p->index > q->index);
}

static serai_code nomem(serai_err *err)
{
    return serai_fail(err, SERAI_EINTERNAL, NULL, "out of memory in the optimal selection");
}

/* Check the input and build the context. */
static serai_code opt_prepare(const select_input *in, opt_ctx *c, serai_err *err)
{
    if (in->nproposals < 0)
        return serai_fail(err, SERAI_EINVAL, "/nproposals", "the number of proposals is negative");
    if (in->nfunders < 0)
        return serai_fail(err, SERAI_EINVAL, "/nfunders", "the number of funders is negative");
    if (in->nrequests < 0)
        return serai_fail(err, SERAI_EINVAL, "/nrequests", "the number of requests is negative");
    if (in->nproposals > SELECT_MAX_PROPOSALS)
        return serai_fail(err, SERAI_ETOOLARGE, "/proposals",
                          "%d proposals, more than the limit of %d", (int)in->nproposals,
                          SELECT_MAX_PROPOSALS);
    if (in->nfunders > SELECT_MAX_FUNDERS)
        return serai_fail(err, SERAI_ETOOLARGE, "/funders", "%d funders, more than the limit of %d",
                          (int)in->nfunders, SELECT_MAX_FUNDERS);
    if (in->nrequests > OPT_MAX_REQUESTS)
        return serai_fail(err, SERAI_ETOOLARGE, "/requests",
                          "%lld requests, more than the limit of %lld", (long long)in->nrequests,
                          (long long)OPT_MAX_REQUESTS);
    if ((in->nproposals > 0 && in->proposals == NULL) || (in->nfunders > 0 && in->funders == NULL) ||
        (in->nrequests > 0 && in->requests == NULL))
        return serai_fail(err, SERAI_EINVAL, NULL, "an array of the selection input is missing");
    if (in->mode != SELECT_VCP && in->mode != SELECT_RCP && in->mode != SELECT_MIXED)
        return serai_fail(err, SERAI_EINVAL, "/mode", "unknown funding mode %d", (int)in->mode);
    if (in->reserve_max < -1)
        return serai_fail(err, SERAI_EINVAL, "/reserve_max",
                          "reserve_max is %d; it must be -1 (all) or at least 0",
                          (int)in->reserve_max);
    bool pot_mode = in->mode != SELECT_VCP;
    if (pot_mode && in->central < 0)
        return serai_fail(err, SERAI_EINVAL, "/central", "the central pot is negative (%lld)",
                          (long long)in->central);
    if (in->mode == SELECT_MIXED && (in->gap_share_bp < 0 || in->gap_share_bp > 10000))
        return serai_fail(err, SERAI_EINVAL, "/gap_share_bp",
                          "the gap share is %d basis points; it must be 0..10000",
                          (int)in->gap_share_bp);

    int32_t n = in->nproposals, nf = in->nfunders;
    int64_t score_sum = 0;
    for (int32_t p = 0; p < n; p++) {
        int64_t sc = in->proposals[p].score;
        if (sc == INT64_MIN || __builtin_add_overflow(score_sum, sc < 0 ? -sc : sc, &score_sum)) {
            char field[64];
            snprintf(field, sizeof field, "/proposals/%d/score", (int)p);
            return serai_fail(err, SERAI_EINVAL, field,
                              "proposal %d: the scores overflow when added up", (int)p);
        }
    }
    c->in = in;
    c->n = n;
    c->nf = nf;
    c->start = calloc((size_t)n + 1, sizeof *c->start);
    c->req = malloc(((size_t)in->nrequests + 1) * sizeof *c->req);
    c->cap = calloc((size_t)nf + 1, sizeof *c->cap);
    c->ptotal = calloc((size_t)n + 1, sizeof *c->ptotal);
    c->order = malloc(((size_t)n + 1) * sizeof *c->order);
    int64_t *fsum = calloc((size_t)nf + 1, sizeof *fsum);
    int32_t *seen = malloc(((size_t)nf + 1) * sizeof *seen);
    int64_t *fill = NULL;
    rank_key *keys = NULL;
    serai_code rc = SERAI_OK;
    if (!c->start || !c->req || !c->cap || !c->ptotal || !c->order || !fsum || !seen) {
        rc = nomem(err);
        goto out;
    }

    for (int32_t f = 0; f < nf; f++) {
        const select_funder *fu = &in->funders[f];
        char field[64];
        if (fu->budget < 0) {
            snprintf(field, sizeof field, "/funders/%d/budget", (int)f);
            rc = serai_fail(err, SERAI_EINVAL, field, "funder %d: the budget is negative (%lld)",
                            (int)f, (long long)fu->budget);
            goto out;
        }
        if (fu->flex_bp < 0 || fu->flex_bp > 10000) {
            snprintf(field, sizeof field, "/funders/%d/flex_bp", (int)f);
            rc = serai_fail(err, SERAI_EINVAL, field,
                            "funder %d: the flexibility is %d basis points; it must be 0..10000",
                            (int)f, (int)fu->flex_bp);
            goto out;
        }
        if (pot_mode && strncmp(fu->currency, in->central_currency, 3) != 0) {
            snprintf(field, sizeof field, "/funders/%d/currency", (int)f);
            rc = serai_fail(err, SERAI_EINVAL, field,
                            "funder %d: currency %.3s, but the central pot is in %.3s", (int)f,
                            fu->currency, in->central_currency);
            goto out;
        }
        if (__builtin_add_overflow(fu->budget, share_of(fu->budget, fu->flex_bp), &c->cap[f])) {
            snprintf(field, sizeof field, "/funders/%d/budget", (int)f);
            rc = serai_fail(err, SERAI_EINVAL, field,
                            "funder %d: the budget with its flexibility overflows", (int)f);
            goto out;
        }
    }

    /* Requests: range, amount, currency; counted per proposal. */
    for (int64_t r = 0; r < in->nrequests; r++) {
        const select_request *q = &in->requests[r];
        char field[64];
        if (q->proposal < 0 || q->proposal >= n) {
            snprintf(field, sizeof field, "/requests/%lld/proposal", (long long)r);
            rc = serai_fail(err, SERAI_EINVAL, field,
                            "request %lld: proposal index %d is out of range (0..%d)",
                            (long long)r, (int)q->proposal, (int)n - 1);
            goto out;
        }
        if (q->funder < 0 || q->funder >= nf) {
            snprintf(field, sizeof field, "/requests/%lld/funder", (long long)r);
            rc = serai_fail(err, SERAI_EINVAL, field,
                            "request %lld: funder index %d is out of range (0..%d)",
                            (long long)r, (int)q->funder, (int)nf - 1);
            goto out;
        }
        /* 0 asks nothing, as in select_run: only a negative amount is wrong. */
        if (q->amount < 0) {
            snprintf(field, sizeof field, "/requests/%lld/amount", (long long)r);
            rc = serai_fail(err, SERAI_EINVAL, field,
                            "request %lld: negative amount %lld",
                            (long long)r, (long long)q->amount);
            goto out;
        }
        if (__builtin_add_overflow(fsum[q->funder], q->amount, &fsum[q->funder]) ||
            __builtin_add_overflow(c->ptotal[q->proposal], q->amount, &c->ptotal[q->proposal])) {
            snprintf(field, sizeof field, "/requests/%lld/amount", (long long)r);
            rc = serai_fail(err, SERAI_EINVAL, field,
                            "request %lld: the amounts overflow when added up", (long long)r);
            goto out;
        }
        c->start[q->proposal + 1]++;
    }
    if (pot_mode) {
        int64_t all = 0;
        for (int32_t p = 0; p < n; p++)
            if (__builtin_add_overflow(all, c->ptotal[p], &all)) {
                rc = serai_fail(err, SERAI_EINVAL, "/requests",
                                "the requested amounts overflow when added up");
                goto out;
            }
    }
    for (int32_t p = 0; p < n; p++)
        c->start[p + 1] += c->start[p];
    fill = malloc(((size_t)n + 1) * sizeof *fill);
    if (!fill) {
        rc = nomem(err);
        goto out;
    }
    memcpy(fill, c->start, (size_t)n * sizeof *fill);
    for (int64_t r = 0; r < in->nrequests; r++) {
        const select_request *q = &in->requests[r];
        c->req[fill[q->proposal]++] = (opt_req){q->funder, q->amount};
    }
    /* Repeated (proposal, funder): find the pair, name the later request. */
    for (int32_t f = 0; f < nf; f++)
        seen[f] = -1;
    for (int32_t p = 0; p < n; p++)
        for (int64_t k = c->start[p]; k < c->start[p + 1]; k++) {
            int32_t f = c->req[k].funder;
            if (seen[f] != p) {
                seen[f] = p;
                continue;
            }
            int64_t first = -1, second = -1;
            for (int64_t r = 0; r < in->nrequests; r++)
                if (in->requests[r].proposal == p && in->requests[r].funder == f) {
                    if (first < 0)
                        first = r;
                    else {
                        second = r;
                        break;
                    }
                }
            char field[64];
            snprintf(field, sizeof field, "/requests/%lld", (long long)second);
            rc = serai_fail(err, SERAI_EINVAL, field,
                            "request %lld repeats request %lld (proposal %d, funder %d)",
                            (long long)second, (long long)first, (int)p, (int)f);
            goto out;
        }

    if (in->mode == SELECT_RCP)
        c->pot = in->central;
    else if (in->mode == SELECT_MIXED)
        c->pot = share_of(in->central, in->gap_share_bp);

    keys = malloc(((size_t)n + 1) * sizeof *keys);
    if (!keys) {
        rc = nomem(err);
        goto out;
    }
    for (int32_t p = 0; p < n; p++)
        keys[p] = (rank_key){in->proposals[p].rank, in->proposals[p].tie_order, p};
    if (n > 1)
        qsort(keys, (size_t)n, sizeof *keys, rank_cmp);
    for (int32_t k = 0; k < n; k++)
        c->order[k] = keys[k].index;
out:
    free(keys);
    free(fsum);
    free(seen);
    free(fill);
    return rc;
}

static double coef_of(const opt_ctx *c, int32_t p)
{
    return c->objective == SELECT_MAX_COUNT ? 1.0 : (double)c->in->proposals[p].score;
}

/* Can p be funded on its own? */
static bool fits_alone(const opt_ctx *c, int32_t p)
{
    if (c->in->mode == SELECT_RCP)
        return c->ptotal[p] <= c->pot;
    int64_t over = 0;
    for (int64_t k = c->start[p]; k < c->start[p + 1]; k++) {
        const opt_req *q = &c->req[k];
        if (q->amount > c->cap[q->funder]) {
            if (c->in->mode == SELECT_VCP)
                return false;
            over += q->amount - c->cap[q->funder];
            if (over > c->pot)
                return false;
        }
    }
    return true;
}

/* Totals of a selection: spent per funder, and for the pot modes the money
 * taken from the central pot.  True when every budget holds. */
static bool selection_holds(const opt_ctx *c, const bool *fund, int64_t *spent, int64_t *central)
{
    memset(spent, 0, (size_t)c->nf * sizeof *spent);
    int64_t total = 0;
    for (int32_t p = 0; p < c->n; p++) {
        if (!fund[p])
            continue;
        for (int64_t k = c->start[p]; k < c->start[p + 1]; k++)
            spent[c->req[k].funder] += c->req[k].amount;
        if (c->in->mode == SELECT_RCP) /* the sum of all requests: checked in pot modes */
            total += c->ptotal[p];
    }
    switch (c->in->mode) {
    case SELECT_VCP:
        *central = 0;
        for (int32_t f = 0; f < c->nf; f++)
            if (spent[f] > c->cap[f])
                return false;
        return true;
    case SELECT_RCP:
        *central = total;
        return total <= c->pot;
    case SELECT_MIXED: {
        int64_t over = 0;
        for (int32_t f = 0; f < c->nf; f++)
            if (spent[f] > c->cap[f])
                over += spent[f] - c->cap[f];
        *central = over;
        return over <= c->pot;
    }
    }
    return false;
}

/* Drop funded proposals, worst rank first, that use a broken budget, until
 * every budget holds.  Returns how many were dropped. */
static int32_t repair(const opt_ctx *c, bool *fund, int64_t *spent)
{
    int32_t dropped = 0;
    int64_t central;
    bool holds = selection_holds(c, fund, spent, &central);
    for (int32_t k = c->n - 1; k >= 0 && !holds; k--) {
        int32_t p = c->order[k];
        if (!fund[p])
            continue;
        bool uses = c->in->mode == SELECT_RCP;
        for (int64_t r = c->start[p]; r < c->start[p + 1] && !uses; r++)
            uses = spent[c->req[r].funder] > c->cap[c->req[r].funder];
        if (uses) {
            fund[p] = false;
            dropped++;
            holds = selection_holds(c, fund, spent, &central);
        }
    }
    return dropped;
}

/* Solve the MIP over the candidate proposals; fund[] gets the best
 * selection found (the fixed ones included by the caller). */
static serai_code solve_mip(const opt_ctx *c, const bool *cand, double time_limit, bool *fund,
                            select_optimal_stats *st, bool *have_solution, serai_err *err)
{
    const select_input *in = c->in;
    int32_t n = c->n, nf = c->nf;
    int32_t *prop_of = malloc(((size_t)n + 1) * sizeof *prop_of);
    int32_t *row_of = malloc(((size_t)nf + 1) * sizeof *row_of);
    int32_t *fund_of_row = malloc(((size_t)nf + 2) * sizeof *fund_of_row);
    int *cstart = NULL, *rind = NULL;
    double *val = NULL, *colub = NULL, *obj = NULL, *rowub = NULL;
    Cbc_Model *m = NULL;
    serai_code rc = SERAI_OK;
    *have_solution = false;
    if (!prop_of || !row_of || !fund_of_row) {
        rc = nomem(err);
        goto out;
    }

    /* Columns: the candidates, then (MIXED) one overflow column per row. */
    int32_t nx = 0;
    int64_t nz = 0;
    for (int32_t f = 0; f < nf; f++)
        row_of[f] = -1;
    int32_t nrows = 0;
    for (int32_t p = 0; p < n; p++) {
        if (!cand[p])
            continue;
        prop_of[nx++] = p;
        if (in->mode == SELECT_RCP) {
            nz += 1;
            continue;
        }
        nz += c->start[p + 1] - c->start[p];
        for (int64_t k = c->start[p]; k < c->start[p + 1]; k++) {
            int32_t f = c->req[k].funder;
            if (row_of[f] < 0) {
                fund_of_row[nrows] = f;
                row_of[f] = nrows++;
            }
        }
    }
    if (in->mode == SELECT_RCP)
        nrows = 1;
    int32_t nfrows = in->mode == SELECT_RCP ? 0 : nrows;
    int32_t ncols = nx;
    if (in->mode == SELECT_MIXED) {
        ncols += nfrows;
        nz += 2 * (int64_t)nfrows;
        nrows += 1; /* the band */
    }
    if (nz > INT_MAX - 1) {
        rc = serai_fail(err, SERAI_ETOOLARGE, "/requests", "the model is too large for CBC");
        goto out;
    }
    cstart = malloc(((size_t)ncols + 1) * sizeof *cstart);
    rind = malloc(((size_t)nz + 1) * sizeof *rind);
    val = malloc(((size_t)nz + 1) * sizeof *val);
    colub = malloc(((size_t)ncols + 1) * sizeof *colub);
    obj = malloc(((size_t)ncols + 1) * sizeof *obj);
    rowub = malloc(((size_t)nrows + 1) * sizeof *rowub);
    if (!cstart || !rind || !val || !colub || !obj || !rowub) {
        rc = nomem(err);
        goto out;
    }
    int e = 0;
    for (int32_t j = 0; j < nx; j++) {
        int32_t p = prop_of[j];
        cstart[j] = e;
        colub[j] = 1.0;
        obj[j] = -coef_of(c, p);
        if (in->mode == SELECT_RCP) {
            rind[e] = 0;
            val[e++] = (double)c->ptotal[p];
            continue;
        }
        for (int64_t k = c->start[p]; k < c->start[p + 1]; k++) {
            rind[e] = row_of[c->req[k].funder];
            val[e++] = (double)c->req[k].amount;
        }
    }
    if (in->mode == SELECT_MIXED)
        for (int32_t r = 0; r < nfrows; r++) {
            int32_t j = nx + r;
            cstart[j] = e;
            colub[j] = (double)c->pot;
            obj[j] = 0.0;
            rind[e] = r;
            val[e++] = -1.0;
            rind[e] = nfrows;
            val[e++] = 1.0;
        }
    cstart[ncols] = e;
    if (in->mode == SELECT_RCP)
        rowub[0] = (double)c->pot;
    else
        for (int32_t r = 0; r < nfrows; r++)
            rowub[r] = (double)c->cap[fund_of_row[r]];
    if (in->mode == SELECT_MIXED)
        rowub[nfrows] = (double)c->pot;

    m = Cbc_newModel();
    if (!m) {
        rc = nomem(err);
        goto out;
    }
    Cbc_loadProblem(m, ncols, nrows, cstart, rind, val, NULL, colub, obj, NULL, rowub);
    for (int32_t j = 0; j < nx; j++)
        Cbc_setInteger(m, j);
    Cbc_setObjSense(m, 1.0);
    Cbc_setLogLevel(m, 0);
    Cbc_setParameter(m, "log", "0");
    Cbc_setParameter(m, "slog", "0");
    /* The limit is on the clock, not on CPU time (CBC's default). */
    Cbc_setParameter(m, "timeMode", "elapsed");
    Cbc_setMaximumSeconds(m, time_limit);
    Cbc_setAllowableFractionGap(m, 0.0);
    Cbc_setAllowableGap(m, 0.0);
    /* The objective takes integer values: a better solution is better by 1. */
    Cbc_setParameter(m, "increment", "0.999");

    Cbc_solve(m);

    const double *sol = Cbc_bestSolution(m);
    double bound = -Cbc_getBestPossibleObjValue(m);
    st->nodes = Cbc_getNodeCount(m);
    if (sol) {
        *have_solution = true;
        for (int32_t j = 0; j < nx; j++)
            fund[prop_of[j]] = sol[j] > 0.5;
    }
    st->bound = isfinite(bound) ? bound : HUGE_VAL;
out:
    if (m)
        Cbc_deleteModel(m);
    free(prop_of);
    free(row_of);
    free(fund_of_row);
    free(cstart);
    free(rind);
    free(val);
    free(colub);
    free(obj);
    free(rowub);
    return rc;
}

/* Shortfalls of a proposal left out, against what the selection leaves:
 * the funders (or, funder -1, the central pot) that could not pay it.
 * Counts them; writes them when out is not NULL. */
static int32_t shortfalls_of(const opt_ctx *c, int32_t p, const int64_t *spent, int64_t central,
                             select_shortfall *out)
{
    int32_t k = 0;
    if (c->in->mode == SELECT_RCP) {
        int64_t avail = c->pot - central;
        if (c->ptotal[p] > avail) {
            if (out)
                out[k] = (select_shortfall){-1, c->ptotal[p], avail};
            k++;
        }
        return k;
    }
    int64_t need_gap = 0;
    for (int64_t r = c->start[p]; r < c->start[p + 1]; r++) {
        int32_t f = c->req[r].funder;
        int64_t avail = c->cap[f] > spent[f] ? c->cap[f] - spent[f] : 0;
        if (c->req[r].amount > avail)
            need_gap += c->req[r].amount - avail;
    }
    int64_t pot_left = c->pot - central;
    if (c->in->mode == SELECT_MIXED && need_gap <= pot_left)
        return 0; /* the band would cover it: nobody is short */
    for (int64_t r = c->start[p]; r < c->start[p + 1]; r++) {
        int32_t f = c->req[r].funder;
        int64_t avail = c->cap[f] > spent[f] ? c->cap[f] - spent[f] : 0;
        if (c->req[r].amount > avail) {
            if (out)
                out[k] = (select_shortfall){f, c->req[r].amount, avail};
            k++;
        }
    }
    if (c->in->mode == SELECT_MIXED) {
        if (out)
            out[k] = (select_shortfall){-1, need_gap, pot_left};
        k++;
    }
    return k;
}

/* Build the result from the selection: proposals, spent and remaining
 * each allocated on their own, every shortfall in one block (arena), as
 * select_result_free() frees them. */
static serai_code build_result(const opt_ctx *c, const bool *fund, select_result *out,
                               serai_err *err)
{
    int32_t n = c->n, nf = c->nf;
    int64_t *spent_tmp = calloc((size_t)nf + 1, sizeof *spent_tmp);
    int64_t *left = calloc((size_t)nf + 1, sizeof *left);
    if (!spent_tmp || !left) {
        free(spent_tmp);
        free(left);
        return nomem(err);
    }
    int64_t central = 0;
    (void)selection_holds(c, fund, spent_tmp, &central);

    size_t nshort_total = 0;
    for (int32_t p = 0; p < n; p++)
        if (!fund[p])
            nshort_total += (size_t)shortfalls_of(c, p, spent_tmp, central, NULL);
    memset(out, 0, sizeof *out);
    out->proposals = calloc((size_t)n + 1, sizeof *out->proposals);
    out->spent = calloc((size_t)nf + 1, sizeof *out->spent);
    out->remaining = calloc((size_t)nf + 1, sizeof *out->remaining);
    out->arena = calloc(nshort_total + 1, sizeof(select_shortfall));
    if (!out->proposals || !out->spent || !out->remaining || !out->arena) {
        free(out->proposals);
        free(out->spent);
        free(out->remaining);
        free(out->arena);
        memset(out, 0, sizeof *out);
        free(spent_tmp);
        free(left);
        return nomem(err);
    }
    select_shortfall *sh = out->arena;

    /* MIXED: spent is the national money; the band pays the overflow. */
    for (int32_t f = 0; f < nf; f++) {
        out->spent[f] = spent_tmp[f];
        if (c->in->mode == SELECT_MIXED && out->spent[f] > c->cap[f])
            out->spent[f] = c->cap[f];
        out->remaining[f] = c->cap[f] - out->spent[f];
        left[f] = c->cap[f];
    }
    int32_t reserve_left = c->in->reserve_max;
    for (int32_t k = 0; k < n; k++) {
        int32_t p = c->order[k];
        select_decision *d = &out->proposals[p];
        d->order = k;
        d->tie = false;
        if (fund[p]) {
            d->outcome = SELECT_FUNDED;
            out->funded++;
            out->funded_score += c->in->proposals[p].score;
            if (c->in->mode == SELECT_RCP) {
                d->central_used = c->ptotal[p];
            } else if (c->in->mode == SELECT_MIXED) {
                /* National money first, in rank order; the rest from the band. */
                for (int64_t r = c->start[p]; r < c->start[p + 1]; r++) {
                    int32_t f = c->req[r].funder;
                    int64_t a = c->req[r].amount;
                    int64_t national = left[f] < a ? (left[f] > 0 ? left[f] : 0) : a;
                    left[f] -= national;
                    d->central_used += a - national;
                }
            }
            continue;
        }
        if (reserve_left != 0) {
            d->outcome = SELECT_RESERVE;
            out->reserve++;
            if (reserve_left > 0)
                reserve_left--;
        } else {
            d->outcome = SELECT_NOT_FUNDED;
            out->not_funded++;
        }
        d->nshort = shortfalls_of(c, p, spent_tmp, central, sh);
        d->shortfalls = d->nshort > 0 ? sh : NULL;
        sh += d->nshort;
    }
    if (c->in->mode == SELECT_VCP) {
        out->central_spent = 0;
        out->central_remaining = 0;
    } else {
        out->central_spent = central;
        out->central_remaining = c->pot - central;
    }
    free(spent_tmp);
    free(left);
    return SERAI_OK;
}

serai_code select_optimal(const select_input *in, select_objective objective, double time_limit,
                          select_result *out, select_optimal_stats *stats, serai_err *err)
{
    double t0 = now_seconds();
    if (out)
        memset(out, 0, sizeof *out);
    if (stats)
        memset(stats, 0, sizeof *stats);
    if (!in || !out || !stats)
        return serai_fail(err, SERAI_EINVAL, NULL, "the selection input, result or stats is missing");
    if (objective != SELECT_MAX_SCORE && objective != SELECT_MAX_COUNT)
        return serai_fail(err, SERAI_EINVAL, "/objective", "unknown objective %d", (int)objective);
    if (!(time_limit > 0) || !isfinite(time_limit))
        return serai_fail(err, SERAI_EINVAL, "/time_limit",
                          "the time limit must be a positive number of seconds");

    opt_ctx c = {0};
    c.objective = objective;
    serai_code rc = opt_prepare(in, &c, err);
    if (rc != SERAI_OK) {
        opt_ctx_free(&c);
        return rc;
    }
    int32_t n = c.n;
    bool *fund = calloc((size_t)n + 1, sizeof *fund);
    bool *cand = calloc((size_t)n + 1, sizeof *cand);
    if (!fund || !cand) {
        rc = nomem(err);
        goto out;
    }
    /* Fixed before the solve: free proposals are funded when they add to
     * the objective; those that cannot be funded alone or add nothing
     * are not. */
    int32_t ncand = 0;
    for (int32_t p = 0; p < n; p++) {
        if (coef_of(&c, p) <= 0 || !fits_alone(&c, p))
            continue;
        if (c.start[p + 1] == c.start[p])
            fund[p] = true;
        else {
            cand[p] = true;
            ncand++;
        }
    }

    /* The fixed part adds to the objective and to the bound of the MIP. */
    double fixed = 0, trivial = 0;
    for (int32_t p = 0; p < n; p++) {
        if (fund[p])
            fixed += coef_of(&c, p);
        if (cand[p])
            trivial += coef_of(&c, p); /* every candidate funded */
    }
    bool have = true, repaired = false;
    double bound = fixed;
    if (ncand > 0) {
        rc = solve_mip(&c, cand, time_limit, fund, stats, &have, err);
        if (rc != SERAI_OK)
            goto out;
        double mip_bound = stats->bound;
        if (!(mip_bound <= trivial))
            mip_bound = trivial;
        /* The objective is integral: so is the best it can reach. */
        bound = floor(mip_bound + fixed + 1e-9 * fabs(mip_bound + fixed) + 1e-6);
        if (!have) /* no solution within the limit: the empty selection */
            memset(fund, 0, (size_t)n * sizeof *fund);
    }
    int64_t *spent = calloc((size_t)c.nf + 1, sizeof *spent);
    if (!spent) {
        rc = nomem(err);
        goto out;
    }
    repaired = repair(&c, fund, spent) > 0;
    free(spent);

    double value = 0;
    for (int32_t p = 0; p < n; p++)
        if (fund[p])
            value += coef_of(&c, p);
    /* Proven when the bound is reached.  CBC's own word is not taken
     * alone: it must agree with its bound. */
    bool proven = have && !repaired && bound <= value;
    if (bound < value)
        bound = value;
    stats->objective = value;
    stats->bound = bound;
    stats->optimal = proven;
    stats->gap = proven ? 0.0 : (bound - value) / fmax(fabs(value), 1e-9);

    rc = build_result(&c, fund, out, err);
out:
    stats->seconds = now_seconds() - t0;
    free(fund);
    free(cand);
    opt_ctx_free(&c);
    return rc;
}
