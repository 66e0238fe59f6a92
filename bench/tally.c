/*
 * bench/tally.c -- Schulze on generated ballots (issue 8, Performance):
 * NBALLOTS ballots over NCAND candidates, a share of them partial (the
 * first 1..NCAND-1 places ranked, the rest unranked), each a random
 * permutation; a second set draws every ballot from a small pool of
 * rankings, as real elections repeat.  Times tally_run(TALLY_SCHULZE)
 * from the ballot arrays to the ranking, end to end (checks, aggregation,
 * pairwise matrix, strongest paths), median of RUNS runs.
 *
 * Usage: tally NBALLOTS NCAND RUNS SEED PARTIAL_PERCENT
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agenda/tally.h"
#include "core/mem.h"

static uint64_t rng_state;

static uint64_t rng(void)
{
    /* splitmix64 */
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void random_ballot(int32_t *row, int32_t C, int partial_pct)
{
    int32_t perm[TALLY_MAX_CANDIDATES];
    for (int32_t c = 0; c < C; c++)
        perm[c] = c;
    for (int32_t c = C - 1; c > 0; c--) {
        int32_t k = (int32_t)(rng() % (uint64_t)(c + 1)), t = perm[c];
        perm[c] = perm[k];
        perm[k] = t;
    }
    int32_t ranked = C;
    if ((int)(rng() % 100) < partial_pct)
        ranked = 1 + (int32_t)(rng() % (uint64_t)(C - 1));
    memset(row, 0, (size_t)C * sizeof *row);
    for (int32_t k = 0; k < ranked; k++)
        row[perm[k]] = k + 1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void time_it(const char *what, const tally_input *in, int runs)
{
    double *t = xmalloc((size_t)runs * sizeof *t);
    tally_result r;
    int32_t winner = -1;
    int64_t distinct = 0;
    for (int k = 0; k < runs; k++) {
        serai_err err;
        double t0 = now();
        if (tally_run(in, TALLY_SCHULZE, &r, &err) != SERAI_OK) {
            fprintf(stderr, "tally: %s\n", err.detail);
            exit(2);
        }
        t[k] = now() - t0;
        winner = r.order[0];
        distinct = r.nunique;
        tally_result_free(&r);
    }
    qsort(t, (size_t)runs, sizeof *t, cmp_double);
    printf("| %s | %lld | %lld | %d | %.0f ms | %.0f ms | %.0f ms |\n", what,
           (long long)in->nballots, (long long)distinct, in->ncand,
           t[(runs - 1) / 2] * 1e3, t[0] * 1e3, t[runs - 1] * 1e3);
    fprintf(stderr, "%s: winner candidate %d\n", what, winner);
    free(t);
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: tally NBALLOTS NCAND RUNS SEED PARTIAL_PERCENT\n");
        return 2;
    }
    int64_t n = strtoll(argv[1], NULL, 10);
    int32_t C = (int32_t)strtol(argv[2], NULL, 10);
    int runs = (int)strtol(argv[3], NULL, 10);
    rng_state = strtoull(argv[4], NULL, 10);
    int partial = (int)strtol(argv[5], NULL, 10);
    if (n < 1 || C < 2 || C > TALLY_MAX_CANDIDATES || runs < 1) {
        fprintf(stderr, "tally: bad arguments\n");
        return 2;
    }
    int32_t *marks = xmalloc((size_t)n * (size_t)C * sizeof *marks);
    for (int64_t b = 0; b < n; b++)
        random_ballot(marks + b * C, C, partial);
    tally_input in = {C, n, marks, NULL};
    printf("| ballot set | rows | distinct | candidates | median | fastest | slowest |\n");
    printf("|---|---:|---:|---:|---:|---:|---:|\n");
    time_it("random, every ballot distinct", &in, runs);
    /* A pool of 5,000 rankings, each ballot one of them. */
    int32_t pool = 5000;
    int32_t *pooled = xmalloc((size_t)n * (size_t)C * sizeof *pooled);
    for (int64_t b = 0; b < n; b++)
        memcpy(pooled + b * C, marks + (int64_t)(rng() % (uint64_t)pool) * C,
               (size_t)C * sizeof *pooled);
    in.marks = pooled;
    time_it("drawn from 5,000 rankings", &in, runs);
    int64_t *weights = xmalloc((size_t)n * sizeof *weights);
    for (int64_t b = 0; b < n; b++)
        weights[b] = 1 + (int64_t)(rng() % 50);
    in.marks = marks;
    in.weights = weights;
    time_it("random, weights 1..50", &in, runs);
    free(weights);
    free(pooled);
    free(marks);
    return 0;
}
