/*
 * test_assign_lp.c -- the assignment solver (review/assign.h) against the
 * LP relaxation solved by COIN-OR CLP, on medium random instances (up to
 * 300 proposals, 250 reviewers, 30 candidates each): conflicts, per-
 * reviewer minimum and maximum loads, country caps, ties and negative
 * scores.  One column per candidate pair (0 <= x <= 1), one row per
 * proposal (= k), per reviewer (min..max) and per proposal and country
 * (<= m).  The matrix is a network matrix, so the LP optimum is integral
 * and equals the best assignment: the solver's objective must match it,
 * and the two must agree on which instances are infeasible.  Fair mode:
 * the threshold t* is found again by bisection over LP feasibility, and
 * the total at t* compared.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <coin/Clp_C_Interface.h>

#include "review/assign.h"

static int failures, checks;

#define EXPECT(cond, ...)                                                  \
    do {                                                                   \
        checks++;                                                          \
        if (!(cond)) {                                                     \
            failures++;                                                    \
            fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                \
            fprintf(stderr, __VA_ARGS__);                                  \
            fputc('\n', stderr);                                           \
        }                                                                  \
    } while (0)

static uint64_t rng = 0x2545F4914F6CDD1DULL;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

typedef struct instance {
    assign_input in;
    int32_t *proposal, *reviewer, *score, *max_loads, *min_loads, *country;
    uint8_t *conflict;
} instance;

static void instance_random(instance *x, int n)
{
    memset(x, 0, sizeof *x);
    assign_input *in = &x->in;
    in->nproposals = 50 + (int32_t)rnd(251);
    in->nreviewers = 40 + (int32_t)rnd(211);
    int32_t per = 5 + (int32_t)rnd(26);
    if (per > in->nreviewers)
        per = in->nreviewers;
    size_t cap = (size_t)in->nproposals * (size_t)per;
    x->proposal = malloc(cap * sizeof *x->proposal);
    x->reviewer = malloc(cap * sizeof *x->reviewer);
    x->score = malloc(cap * sizeof *x->score);
    x->conflict = calloc(cap, 1);
    int32_t *stamp = calloc((size_t)in->nreviewers, sizeof *stamp);
    int kind = n % 4; /* score shapes: uniform, ties, negative, popular */
    for (int32_t p = 0; p < in->nproposals; p++) {
        int32_t got = 0;
        while (got < per) {
            int32_t r = kind == 3 && rnd(2) ? (int32_t)rnd((uint32_t)(in->nreviewers / 5 + 1))
                                            : (int32_t)rnd((uint32_t)in->nreviewers);
            if (stamp[r] == p + 1)
                continue;
            stamp[r] = p + 1;
            int64_t i = in->npairs++;
            x->proposal[i] = p;
            x->reviewer[i] = r;
            x->score[i] = kind == 1   ? (int32_t)rnd(6) * 200
                          : kind == 2 ? (int32_t)rnd(2001) - 1000
                                      : (int32_t)rnd(1001);
            x->conflict[i] = rnd(20) == 0;
            got++;
        }
    }
    free(stamp);
    in->proposal = x->proposal;
    in->reviewer = x->reviewer;
    in->score = x->score;
    in->conflict = x->conflict;
    in->per_proposal = 1 + (int32_t)rnd(4);
    /* Loads around the average demand, sometimes tight or short. */
    double avg = (double)in->nproposals * in->per_proposal / in->nreviewers;
    in->max_load = (int32_t)ceil(avg * (0.9 + 0.8 * rnd(100) / 100.0));
    if (in->max_load < 1)
        in->max_load = 1;
    in->min_load = rnd(3) == 0 ? (int32_t)(avg * rnd(70) / 100.0) : 0;
    if (in->min_load > in->max_load)
        in->min_load = in->max_load;
    if (rnd(4) == 0) {
        x->max_loads = malloc(sizeof(int32_t) * (size_t)in->nreviewers);
        x->min_loads = malloc(sizeof(int32_t) * (size_t)in->nreviewers);
        for (int32_t r = 0; r < in->nreviewers; r++) {
            x->max_loads[r] = (int32_t)rnd((uint32_t)(2 * avg + 2));
            x->min_loads[r] = rnd(4) == 0 ? (int32_t)rnd((uint32_t)x->max_loads[r] + 1) / 2 : 0;
        }
        in->max_loads = x->max_loads;
        in->min_loads = x->min_loads;
    }
    if (rnd(3) == 0) {
        x->country = malloc(sizeof(int32_t) * (size_t)in->nreviewers);
        int32_t nc = 2 + (int32_t)rnd(8);
        for (int32_t r = 0; r < in->nreviewers; r++)
            x->country[r] = (int32_t)rnd((uint32_t)nc);
        in->country = x->country;
        in->max_same_country = 1 + (int32_t)rnd(2);
    }
}

static void instance_free(instance *x)
{
    free(x->proposal);
    free(x->reviewer);
    free(x->score);
    free(x->conflict);
    free(x->max_loads);
    free(x->min_loads);
    free(x->country);
}

/* The LP over the candidates scoring >= min_score: 1 and the optimum in
 * *obj (thousandths), or 0 when infeasible. */
static int lp_solve(const assign_input *in, int32_t min_score, double *obj)
{
    int32_t P = in->nproposals, R = in->nreviewers;
    int32_t nc = 0;
    if (in->country)
        for (int32_t r = 0; r < R; r++)
            if (in->country[r] + 1 > nc)
                nc = in->country[r] + 1;
    int rows = P + R + (in->country ? P * nc : 0);
    int cols = 0;
    for (int64_t i = 0; i < in->npairs; i++)
        cols += !in->conflict[i] && in->score[i] >= min_score;
    CoinBigIndex *start = malloc(sizeof *start * (size_t)(cols + 1));
    int *index = malloc(sizeof *index * (size_t)cols * 3 + 1);
    double *value = malloc(sizeof *value * (size_t)cols * 3 + 1);
    double *lo = malloc(sizeof *lo * (size_t)cols + 1), *hi = malloc(sizeof *hi * (size_t)cols + 1);
    double *c = malloc(sizeof *c * (size_t)cols + 1);
    double *rlo = malloc(sizeof *rlo * (size_t)rows), *rhi = malloc(sizeof *rhi * (size_t)rows);
    int col = 0, nz = 0;
    for (int64_t i = 0; i < in->npairs; i++) {
        if (in->conflict[i] || in->score[i] < min_score)
            continue;
        start[col] = nz;
        index[nz] = in->proposal[i];
        value[nz++] = 1;
        index[nz] = P + in->reviewer[i];
        value[nz++] = 1;
        if (in->country) {
            index[nz] = P + R + in->proposal[i] * nc + in->country[in->reviewer[i]];
            value[nz++] = 1;
        }
        lo[col] = 0;
        hi[col] = 1;
        c[col] = in->score[i];
        col++;
    }
    start[col] = nz;
    for (int32_t p = 0; p < P; p++)
        rlo[p] = rhi[p] = in->per_proposal;
    for (int32_t r = 0; r < R; r++) {
        rlo[P + r] = in->min_loads ? in->min_loads[r] : in->min_load;
        rhi[P + r] = in->max_loads ? in->max_loads[r] : in->max_load;
    }
    for (int g = P + R; g < rows; g++) {
        rlo[g] = 0;
        rhi[g] = in->max_same_country;
    }
    Clp_Simplex *m = Clp_newModel();
    Clp_setLogLevel(m, 0);
    Clp_loadProblem(m, cols, rows, start, index, value, lo, hi, c, rlo, rhi);
    Clp_setOptimizationDirection(m, -1); /* maximise */
    Clp_initialSolve(m);
    int ok = Clp_isProvenOptimal(m);
    if (ok)
        *obj = Clp_objectiveValue(m);
    Clp_deleteModel(m);
    free(start);
    free(index);
    free(value);
    free(lo);
    free(hi);
    free(c);
    free(rlo);
    free(rhi);
    return ok;
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

int main(void)
{
    int instances = 120, feasible = 0, fair = 0, proposal_mode = 0;
    for (int n = 0; n < instances; n++) {
        instance x;
        instance_random(&x, n);
        assign_input *in = &x.in;
        in->fairness = n % 5 == 4   ? ASSIGN_FAIR_PAIR
                       : n % 5 == 3 ? ASSIGN_FAIR_PROPOSAL
                                    : ASSIGN_FAIR_NONE;
        double lp;
        int lp_ok = lp_solve(in, INT32_MIN, &lp);
        assign_result res;
        serai_err err;
        serai_code rc = assign_solve(in, &res, &err);
        EXPECT((rc == SERAI_OK) == (lp_ok != 0),
               "instance %d (%d x %d, k %d): solver %d (%s), LP %s", n,
               in->nproposals, in->nreviewers, in->per_proposal, rc,
               rc ? err.detail : "ok", lp_ok ? "optimal" : "infeasible");
        if (rc == SERAI_OK && lp_ok) {
            feasible++;
            EXPECT(assign_verify(in, &res, &err) == SERAI_OK, "instance %d: %s", n,
                   err.detail);
            if (in->fairness == ASSIGN_FAIR_PROPOSAL) {
                /* The approximation: feasible (above), its total at most
                 * the LP optimum, its lowest per proposal at most its
                 * bound, and the bound at most the LP mean. */
                proposal_mode++;
                EXPECT((double)res.stats.objective <= lp + 1e-6,
                       "instance %d: per-proposal objective %lld above LP %.6f",
                       n, (long long)res.stats.objective, lp);
                EXPECT(res.stats.lowest <= res.stats.lowest_bound,
                       "instance %d: lowest %lld above its bound %lld", n,
                       (long long)res.stats.lowest,
                       (long long)res.stats.lowest_bound);
                EXPECT((double)res.stats.lowest_bound <=
                           lp / in->nproposals + 1e-6,
                       "instance %d: bound %lld above the mean %.6f", n,
                       (long long)res.stats.lowest_bound, lp / in->nproposals);
            } else if (in->fairness == ASSIGN_FAIR_NONE) {
                EXPECT(fabs(lp - (double)res.stats.objective) < 1e-6 &&
                           fabs(lp - llround(lp)) < 1e-6,
                       "instance %d: objective %lld, LP %.6f", n,
                       (long long)res.stats.objective, lp);
            } else {
                fair++;
                /* t*: the largest candidate score t with the LP over pairs
                 * scoring >= t feasible. */
                int32_t *ts = malloc(sizeof *ts * (size_t)in->npairs);
                int64_t m = 0;
                for (int64_t i = 0; i < in->npairs; i++)
                    if (!in->conflict[i])
                        ts[m++] = in->score[i];
                qsort(ts, (size_t)m, sizeof *ts, cmp_i32);
                int64_t lo = 0, hi = m - 1;
                double at = lp;
                while (lo < hi) {
                    int64_t mid = lo + (hi - lo + 1) / 2;
                    double o;
                    if (lp_solve(in, ts[mid], &o)) {
                        lo = mid;
                        at = o;
                    } else {
                        hi = mid - 1;
                    }
                }
                if (lo == 0)
                    lp_solve(in, ts[0], &at);
                EXPECT(res.stats.fair_threshold == ts[lo],
                       "instance %d: fair threshold %d, LP %d", n,
                       res.stats.fair_threshold, ts[lo]);
                EXPECT(fabs(at - (double)res.stats.objective) < 1e-6,
                       "instance %d: fair objective %lld, LP %.6f", n,
                       (long long)res.stats.objective, at);
                free(ts);
            }
            assign_result_free(&res);
        }
        instance_free(&x);
    }
    fprintf(stderr, "%d instances, %d feasible (%d pair mode, %d proposal "
            "mode): %d checks, %d failed\n",
            instances, feasible, fair, proposal_mode, checks, failures);
    if (feasible < instances / 4) {
        fprintf(stderr, "too few feasible instances to mean anything\n");
        return 1;
    }
    return failures ? 1 : 0;
}
