/*
 * bench/broker.c -- the meeting scheduler (issue 9 §6, Performance):
 * NREQ accepted meeting requests among NPART participants into NSLOTS
 * slots, UNAVAIL percent of participant-slots unavailable, TABLES per slot
 * (0: no limit); times broker_solve() end to end (bound, greedy, chains),
 * median of RUNS runs, and reports scheduled, bound and gap.
 *
 * Usage: broker NREQ NPART NSLOTS UNAVAIL TABLES RUNS SEED
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "exchange/broker.h"

static uint64_t rng_state;

static uint64_t rng(void)
{
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

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc != 8) {
        fprintf(stderr, "usage: broker NREQ NPART NSLOTS UNAVAIL TABLES RUNS SEED\n");
        return 2;
    }
    int M = atoi(argv[1]), P = atoi(argv[2]), S = atoi(argv[3]), un_pct = atoi(argv[4]),
        T = atoi(argv[5]), runs = atoi(argv[6]);
    rng_state = (uint64_t)atoll(argv[7]);
    broker_meeting *m = malloc((size_t)M * sizeof *m);
    uint8_t *un = calloc((size_t)P * (size_t)S, 1);
    for (size_t k = 0; k < (size_t)P * (size_t)S; k++)
        un[k] = (int)(rng() % 100) < un_pct;
    for (int k = 0; k < M; k++) {
        m[k].a = (int32_t)(rng() % (uint64_t)P);
        do
            m[k].b = (int32_t)(rng() % (uint64_t)P);
        while (m[k].b == m[k].a);
    }
    broker_problem p = {P, S, T, un, m, M};
    double *t = malloc((size_t)runs * sizeof *t);
    broker_result r;
    serai_err err;
    for (int i = 0; i < runs; i++) {
        double t0 = now();
        if (broker_solve(&p, &r, &err) != SERAI_OK) {
            fprintf(stderr, "broker: %s\n", err.detail);
            return 1;
        }
        t[i] = now() - t0;
        if (i + 1 < runs)
            broker_result_free(&r);
    }
    if (!broker_check(&p, &r, &err)) {
        fprintf(stderr, "broker: invalid schedule: %s\n", err.detail);
        return 1;
    }
    qsort(t, (size_t)runs, sizeof *t, cmp);
    printf("requests %d, participants %d, slots %d, unavailable %d%%, tables %d: "
           "scheduled %d (greedy %d), bound %d, gap %d (%.2f%% of the bound); "
           "median %.1f ms, fastest %.1f ms, slowest %.1f ms\n",
           M, P, S, un_pct, T, r.scheduled, r.greedy, r.bound, r.bound - r.scheduled,
           r.bound ? 100.0 * (r.bound - r.scheduled) / r.bound : 0.0,
           t[runs / 2] * 1e3, t[0] * 1e3, t[runs - 1] * 1e3);
    broker_result_free(&r);
    free(t);
    free(m);
    free(un);
    return 0;
}
