/*
 * bench/select_optimal.c -- optimal-mode selection (decision/select.h,
 * select_optimal; issue 7 §2) on a generated call: N proposals over F
 * national funders (each proposal asks 2 to 5 of them, bigger funders more
 * often), budgets set so that roughly half the requests could be paid,
 * scores 0.000 to 5.000.  Runs select_optimal under a time limit and
 * prints its time, objective, bound and gap; writes the same model as a
 * CPLEX LP file, for bench/select_optimal.sh to hand to the `cbc`
 * command-line solver.
 *
 * Usage: select_optimal LP_FILE [N [F [SECONDS [SEED [MODE]]]]]
 *        MODE: vcp (default), rcp or mixed
 * Prints "key value" lines on stdout.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decision/select.h"

static uint64_t rng_state;

static uint64_t rng(void)
{
    /* splitmix64 */
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static double unit(void)
{
    return (double)(rng() >> 11) / 9007199254740992.0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Write the model select_optimal solves, in CPLEX LP format (minimise the
 * negated objective, as select_optimal hands it to CBC). */
static int write_lp(const char *path, const select_input *in, const int64_t *cap, int64_t pot)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return -1;
    int32_t n = in->nproposals, nf = in->nfunders;
    fprintf(fp, "\\ serai optimal selection: %d proposals, %d funders\nMinimize\n obj:", (int)n,
            (int)nf);
    for (int32_t p = 0; p < n; p++) {
        fprintf(fp, " - %lld x%d", (long long)in->proposals[p].score, (int)p);
        if (p % 8 == 7)
            fputs("\n", fp);
    }
    fputs("\nSubject To\n", fp);
    if (in->mode == SELECT_RCP) {
        int64_t *tot = calloc((size_t)n + 1, sizeof *tot);
        for (int64_t r = 0; r < in->nrequests; r++)
            tot[in->requests[r].proposal] += in->requests[r].amount;
        fputs(" pot:", fp);
        for (int32_t p = 0; p < n; p++) {
            fprintf(fp, " + %lld x%d", (long long)tot[p], (int)p);
            if (p % 8 == 7)
                fputs("\n", fp);
        }
        fprintf(fp, " <= %lld\n", (long long)pot);
        free(tot);
    } else {
        for (int32_t f = 0; f < nf; f++) {
            fprintf(fp, " f%d:", (int)f);
            int k = 0;
            for (int64_t r = 0; r < in->nrequests; r++)
                if (in->requests[r].funder == f) {
                    fprintf(fp, " + %lld x%d", (long long)in->requests[r].amount,
                            (int)in->requests[r].proposal);
                    if (++k % 8 == 0)
                        fputs("\n", fp);
                }
            if (in->mode == SELECT_MIXED)
                fprintf(fp, " - o%d", (int)f);
            fprintf(fp, " <= %lld\n", (long long)cap[f]);
        }
        if (in->mode == SELECT_MIXED) {
            fputs(" band:", fp);
            for (int32_t f = 0; f < nf; f++) {
                fprintf(fp, " + o%d", (int)f);
                if (f % 8 == 7)
                    fputs("\n", fp);
            }
            fprintf(fp, " <= %lld\n", (long long)pot);
        }
    }
    fputs("Bounds\n", fp);
    for (int32_t p = 0; p < n; p++)
        fprintf(fp, " 0 <= x%d <= 1\n", (int)p);
    if (in->mode == SELECT_MIXED)
        for (int32_t f = 0; f < nf; f++)
            fprintf(fp, " 0 <= o%d <= %lld\n", (int)f, (long long)pot);
    fputs("Integers\n", fp);
    for (int32_t p = 0; p < n; p++)
        fprintf(fp, " x%d\n", (int)p);
    fputs("End\n", fp);
    return fclose(fp);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s LP_FILE [N [F [SECONDS [SEED [vcp|rcp|mixed]]]]]\n", argv[0]);
        return 2;
    }
    const char *lp = argv[1];
    int32_t n = argc > 2 ? (int32_t)strtol(argv[2], NULL, 10) : 2000;
    int32_t nf = argc > 3 ? (int32_t)strtol(argv[3], NULL, 10) : 40;
    double limit = argc > 4 ? strtod(argv[4], NULL) : 10.0;
    rng_state = argc > 5 ? strtoull(argv[5], NULL, 10) : 7;
    const char *mode = argc > 6 ? argv[6] : "vcp";
    if (n < 1 || nf < 5 || !(limit > 0)) {
        fprintf(stderr, "N >= 1, F >= 5 and SECONDS > 0, please\n");
        return 2;
    }

    select_proposal *props = calloc((size_t)n, sizeof *props);
    select_funder *funders = calloc((size_t)nf, sizeof *funders);
    select_request *reqs = calloc((size_t)n * 5, sizeof *reqs);
    double *weight = calloc((size_t)nf, sizeof *weight);
    int64_t *asked = calloc((size_t)nf, sizeof *asked);
    int64_t *cap = calloc((size_t)nf, sizeof *cap);
    char (*ids)[16] = calloc((size_t)n + (size_t)nf, sizeof *ids);
    if (!props || !funders || !reqs || !weight || !asked || !cap || !ids) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    /* Funders of very different sizes: weight ~ 1/(f+1)^0.8 (a few large
     * national agencies, many small ones). */
    double wsum = 0;
    for (int32_t f = 0; f < nf; f++) {
        weight[f] = 1.0 / pow((double)f + 1.0, 0.8);
        wsum += weight[f];
    }
    int64_t nreq = 0;
    for (int32_t p = 0; p < n; p++) {
        snprintf(ids[p], sizeof ids[p], "P%d", (int)p);
        props[p].id = ids[p];
        props[p].rank = p + 1;
        props[p].score = (int64_t)(rng() % 5001);
        int32_t k = 2 + (int32_t)(rng() % 4);
        int32_t chosen[5];
        for (int32_t j = 0; j < k; j++) {
            int32_t f;
            bool dup;
            do {
                double u = unit() * wsum;
                for (f = 0; f < nf - 1 && u >= weight[f]; f++)
                    u -= weight[f];
                dup = false;
                for (int32_t i = 0; i < j; i++)
                    dup = dup || chosen[i] == f;
            } while (dup);
            chosen[j] = f;
            /* 50,000 to 400,000 (in cents) per partner's funder. */
            int64_t amount = 5000000 + (int64_t)(rng() % 35000001);
            reqs[nreq++] = (select_request){p, f, amount};
            asked[f] += amount;
        }
    }
    int64_t pot_total = 0;
    for (int32_t f = 0; f < nf; f++) {
        snprintf(ids[n + f], sizeof ids[n + f], "F%d", (int)f);
        funders[f].id = ids[n + f];
        memcpy(funders[f].currency, "EUR", 4);
        /* 40% to 60% of what is asked of it. */
        funders[f].budget = (int64_t)((double)asked[f] * (0.4 + 0.2 * unit()));
        funders[f].flex_bp = f % 4 == 0 ? 500 : 0;
        cap[f] = funders[f].budget + funders[f].budget / 10000 * funders[f].flex_bp +
                 funders[f].budget % 10000 * funders[f].flex_bp / 10000;
        pot_total += asked[f];
    }
    select_input in = {
        .nproposals = n,
        .proposals = props,
        .nfunders = nf,
        .funders = funders,
        .nrequests = nreq,
        .requests = reqs,
        .mode = SELECT_VCP,
        .reserve_max = -1,
        .central_currency = "EUR",
    };
    int64_t pot = 0;
    if (strcmp(mode, "rcp") == 0) {
        in.mode = SELECT_RCP;
        in.central = pot_total / 2;
        pot = in.central;
    } else if (strcmp(mode, "mixed") == 0) {
        in.mode = SELECT_MIXED;
        for (int32_t f = 0; f < nf; f++) { /* national budgets a little lower */
            funders[f].budget = funders[f].budget * 9 / 10;
            cap[f] = funders[f].budget + funders[f].budget / 10000 * funders[f].flex_bp +
                     funders[f].budget % 10000 * funders[f].flex_bp / 10000;
        }
        in.central = pot_total / 20;
        in.gap_share_bp = 6000;
        pot = in.central / 10000 * 6000 + in.central % 10000 * 6000 / 10000;
    }
    if (write_lp(lp, &in, cap, pot) != 0) {
        perror(lp);
        return 1;
    }

    select_result res;
    select_optimal_stats st;
    serai_err err;
    double t0 = now();
    serai_code rc = select_optimal(&in, SELECT_MAX_SCORE, limit, &res, &st, &err);
    double wall = now() - t0;
    if (rc != SERAI_OK) {
        fprintf(stderr, "select_optimal: %s\n", err.detail);
        return 1;
    }
    /* The selection against every budget, in integers. */
    int64_t *spent = calloc((size_t)nf, sizeof *spent);
    int64_t total = 0, score = 0;
    for (int64_t r = 0; r < nreq; r++)
        if (res.proposals[reqs[r].proposal].outcome == SELECT_FUNDED) {
            spent[reqs[r].funder] += reqs[r].amount;
            total += reqs[r].amount;
        }
    int64_t over = 0;
    for (int32_t f = 0; f < nf; f++)
        over += spent[f] > cap[f] ? spent[f] - cap[f] : 0;
    for (int32_t p = 0; p < n; p++)
        if (res.proposals[p].outcome == SELECT_FUNDED)
            score += props[p].score;
    bool feasible = (in.mode == SELECT_VCP && over == 0) ||
                    (in.mode == SELECT_RCP && total <= pot) ||
                    (in.mode == SELECT_MIXED && over <= pot);
    feasible = feasible && (double)score == st.objective;
    free(spent);
    printf("mode %s\n", mode);
    printf("feasible %d\n", (int)feasible);
    printf("proposals %d\nfunders %d\nrequests %lld\n", (int)n, (int)nf, (long long)nreq);
    printf("funded %d\n", (int)res.funded);
    printf("objective %.0f\nbound %.0f\ngap %.9f\noptimal %d\n", st.objective, st.bound, st.gap,
           (int)st.optimal);
    printf("seconds %.3f\nwall %.3f\nnodes %lld\n", st.seconds, wall, (long long)st.nodes);
    select_result_free(&res);
    free(props);
    free(funders);
    free(reqs);
    free(weight);
    free(asked);
    free(cap);
    free(ids);
    return 0;
}
