/*
 * mes.c -- the Equal Shares benchmark (issue 8): a generated budget ballot
 * the size of Wrocław 2015 (170 projects, 130,000 approval voters), each
 * voter approving 1-10 projects drawn with Zipf-like popularity, costs
 * log-uniform between 20,000 and 2,000,000, the budget a quarter of the
 * total cost.  Times budget_mes() with the add-one completion (every run
 * it takes, plus the final run with the round log) and budget_greedy();
 * median of RUNS runs.  Target: under 2 s.
 *
 * Usage: mes PROJECTS VOTERS RUNS SEED
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agenda/budget.h"

static uint64_t rng_state;

static uint64_t rng(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double uniform(void)
{
    return (double)(rng() >> 11) / 9007199254740992.0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    size_t np = argc > 1 ? strtoul(argv[1], NULL, 10) : 170;
    size_t nv = argc > 2 ? strtoul(argv[2], NULL, 10) : 130000;
    int runs = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 5;
    rng_state = argc > 4 ? strtoull(argv[4], NULL, 10) : 1;
    if (np < 10 || np > 100000 || nv < 1 || runs < 1 || runs > 1000) {
        fprintf(stderr, "usage: mes PROJECTS VOTERS RUNS SEED\n");
        return 2;
    }
    int64_t *cost = calloc(np, sizeof *cost);
    double *cum = calloc(np, sizeof *cum);
    int64_t total = 0;
    double acc = 0;
    for (size_t p = 0; p < np; p++) {
        cost[p] = (int64_t)(20000.0 * exp(uniform() * log(100.0)));
        total += cost[p];
        acc += 1.0 / pow((double)(p + 1), 0.8); /* Zipf-like popularity */
        cum[p] = acc;
    }
    size_t *start = calloc(nv + 1, sizeof *start);
    uint32_t *proj = calloc(nv * 10, sizeof *proj);
    int64_t *pts = calloc(nv * 10, sizeof *pts);
    size_t at = 0;
    for (size_t v = 0; v < nv; v++) {
        /* 1-10 approvals, fewer more likely */
        size_t k = 1 + (size_t)(10.0 * uniform() * uniform());
        size_t begin = at;
        while (at - begin < k) {
            double x = uniform() * acc;
            size_t lo = 0, hi = np - 1;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (cum[mid] < x)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            bool dup = false;
            for (size_t i = begin; i < at; i++)
                dup |= proj[i] == (uint32_t)lo;
            if (!dup) {
                proj[at] = (uint32_t)lo;
                pts[at] = 1;
                at++;
            }
        }
        start[v + 1] = at;
    }
    budget_election e = {
        .nprojects = np, .cost = cost, .budget = total / 4, .unit = 1,
        .vote_type = BUDGET_APPROVAL, .nvoters = nv, .ballot_start = start,
        .ballot_project = proj, .ballot_points = pts};
    printf("instance: %zu projects, %zu voters, %zu approvals, budget %lld of %lld total cost\n",
           np, nv, at, (long long)e.budget, (long long)total);
    double *t_mes = calloc((size_t)runs, sizeof *t_mes);
    double *t_greedy = calloc((size_t)runs, sizeof *t_greedy);
    budget_result r, g;
    serai_err err;
    budget_mes_options opt = {BUDGET_COMPLETE_ADD1, false, false};
    for (int i = 0; i < runs; i++) {
        double t0 = now();
        if (budget_mes(&e, &opt, &r, &err) != SERAI_OK) {
            fprintf(stderr, "mes: %s\n", err.detail);
            return 1;
        }
        double t1 = now();
        if (budget_greedy(&e, &g, &err) != SERAI_OK) {
            fprintf(stderr, "greedy: %s\n", err.detail);
            return 1;
        }
        double t2 = now();
        t_mes[i] = t1 - t0;
        t_greedy[i] = t2 - t1;
        if (i + 1 < runs) {
            budget_result_free(&r);
            budget_result_free(&g);
        }
    }
    qsort(t_mes, (size_t)runs, sizeof *t_mes, by_double);
    qsort(t_greedy, (size_t)runs, sizeof *t_greedy, by_double);
    printf("equal shares + add-one: %zu selected, spent %lld, endowment %.2f per voter "
           "after %lld add-one steps (%lld runs of the rule)\n",
           r.nselected, (long long)r.spent, (double)r.endowment_num / (double)nv,
           (long long)r.add1_steps, (long long)r.add1_steps + 2);
    printf("  median %.3f s, min %.3f s, max %.3f s over %d runs (target < 2 s)\n",
           t_mes[runs / 2], t_mes[0], t_mes[runs - 1], runs);
    printf("greedy: %zu selected, spent %lld; median %.4f s\n", g.nselected, (long long)g.spent,
           t_greedy[runs / 2]);
    budget_result_free(&r);
    budget_result_free(&g);
    free(t_mes);
    free(t_greedy);
    free(cost);
    free(cum);
    free(start);
    free(proj);
    free(pts);
    return 0;
}
