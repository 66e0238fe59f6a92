/*
 * bench/select.c -- the binding selection (decision/select.h, issue 7):
 * 10,000 ranked proposals over 60 funders, each asking 2 to 5 funders for
 * random amounts, budgets scaled so that about half the proposals are
 * funded in the virtual common pot; select_run() with its explanations
 * (the shortfalls of every skipped proposal), then the same with the
 * reason text of every proposal (select_files_reasons()), in each mode.
 * Prints one Markdown table row per mode with the median, fastest and
 * slowest of RUNS runs.
 *
 * Usage: select [PROPOSALS FUNDERS RUNS SEED [DIR]]
 * With DIR, also writes the instance as DIR/proposals.csv and
 * DIR/budgets.csv, the files of `serai select`.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decision/select.h"
#include "decision/select_files.h"

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static long parse_arg(const char *s, long dflt)
{
    char *end;
    long v = s ? strtol(s, &end, 10) : dflt;
    return (s && (*end || v <= 0)) ? dflt : v;
}

/* Funded count of the VCP run with every budget at permille of demand. */
static int32_t funded_at(select_input *in, select_funder *f, const int64_t *demand,
                         int64_t permille)
{
    for (int32_t i = 0; i < in->nfunders; i++)
        f[i].budget = demand[i] / 1000 * permille;
    select_result r;
    serai_err err;
    if (select_run(in, &r, &err) != SERAI_OK) {
        fprintf(stderr, "select: %s\n", err.detail);
        exit(2);
    }
    int32_t n = r.funded;
    select_result_free(&r);
    return n;
}

/* The instance as the two CSV files of `serai select`. */
static bool write_files(const char *dir, const select_input *in)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/budgets.csv", dir);
    FILE *b = fopen(path, "w");
    if (!b)
        return false;
    fprintf(b, "funder,currency,budget\n");
    for (int32_t i = 0; i < in->nfunders; i++)
        fprintf(b, "%s,EUR,%" PRId64 "\n", in->funders[i].id, in->funders[i].budget);
    if (fclose(b) != 0)
        return false;
    snprintf(path, sizeof path, "%s/proposals.csv", dir);
    FILE *p = fopen(path, "w");
    if (!p)
        return false;
    fprintf(p, "proposal,rank,score,funder,amount,tie\n");
    for (int64_t r = 0; r < in->nrequests; r++) {
        const select_request *q = &in->requests[r];
        const select_proposal *sp = &in->proposals[q->proposal];
        bool tied = (q->proposal > 0 && in->proposals[q->proposal - 1].rank == sp->rank) ||
                    (q->proposal + 1 < in->nproposals &&
                     in->proposals[q->proposal + 1].rank == sp->rank);
        fprintf(p, "%s,%d,%" PRId64 ".%03" PRId64 ",%s,%" PRId64 ",%s\n", sp->id,
                sp->rank, sp->score / 1000, sp->score % 1000,
                in->funders[q->funder].id, q->amount, tied ? "=" : "");
    }
    return fclose(p) == 0;
}

int main(int argc, char **argv)
{
    int32_t P = (int32_t)parse_arg(argc > 1 ? argv[1] : NULL, 10000);
    int32_t F = (int32_t)parse_arg(argc > 2 ? argv[2] : NULL, 60);
    int runs = (int)parse_arg(argc > 3 ? argv[3] : NULL, 15);
    rng_state = 0x9e3779b97f4a7c15ULL ^ (uint64_t)parse_arg(argc > 4 ? argv[4] : NULL, 1);

    select_proposal *prop = calloc((size_t)P, sizeof *prop);
    select_funder *fund = calloc((size_t)F, sizeof *fund);
    select_request *req = calloc((size_t)P * 5, sizeof *req);
    int64_t *demand = calloc((size_t)F, sizeof *demand);
    char (*pid)[16] = calloc((size_t)P, sizeof *pid);
    char (*fid)[16] = calloc((size_t)F, sizeof *fid);
    double *t = calloc((size_t)runs, sizeof *t);
    if (!prop || !fund || !req || !demand || !pid || !fid || !t)
        return 2;
    for (int32_t i = 0; i < F; i++) {
        snprintf(fid[i], sizeof fid[i], "F%02d", i);
        fund[i] = (select_funder){.id = fid[i], .currency = "EUR"};
    }
    int64_t nreq = 0;
    int32_t *pick = calloc((size_t)F, sizeof *pick);
    for (int32_t p = 0; p < P; p++) {
        snprintf(pid[p], sizeof pid[p], "P%05d", p);
        /* A few ties, as ranking lists have them. */
        int32_t rank = p > 0 && rnd(50) == 0 ? prop[p - 1].rank : p + 1;
        prop[p] = (select_proposal){.id = pid[p], .rank = rank,
                                    .score = 10000 - p / 2, .tie_order = p};
        int k = 2 + (int)rnd(4);
        for (int j = 0; j < k; j++) {
            int32_t f;
            do
                f = (int32_t)rnd((uint32_t)F);
            while (pick[f] == p + 1);
            pick[f] = p + 1;
            int64_t amount = 5000000 + (int64_t)rnd(45000000); /* 50k-500k EUR */
            req[nreq++] = (select_request){p, f, amount};
            demand[f] += amount;
        }
    }
    free(pick);
    select_input in = {.nproposals = P, .proposals = prop, .nfunders = F,
                       .funders = fund, .nrequests = nreq, .requests = req,
                       .mode = SELECT_VCP, .reserve_max = 100};
    memcpy(in.central_currency, "EUR", 4);
    /* Budgets: the share of each funder's demand that funds about half. */
    int64_t lo = 0, hi = 1000;
    while (hi - lo > 1) {
        int64_t mid = (lo + hi) / 2;
        if (funded_at(&in, fund, demand, mid) < P / 2)
            lo = mid;
        else
            hi = mid;
    }
    funded_at(&in, fund, demand, hi);
    if (argc > 5 && !write_files(argv[5], &in))
        return 2;
    int64_t total = 0;
    for (int32_t i = 0; i < F; i++)
        total += fund[i].budget;
    printf("instance: %d proposals, %d funders, %" PRId64 " requests; budgets "
           "%.1f %% of each funder's demand\n",
           P, F, nreq, hi / 10.0);
    printf("\n| mode | funded | skipped | shortfalls | select_run median | fastest "
           "| slowest | with reason text, median |\n");
    printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    const select_mode modes[] = {SELECT_VCP, SELECT_RCP, SELECT_MIXED};
    for (int m = 0; m < 3; m++) {
        in.mode = modes[m];
        in.central = modes[m] == SELECT_RCP ? total : total / 10;
        in.gap_share_bp = 5000;
        select_result r;
        serai_err err;
        for (int i = 0; i < runs; i++) {
            double t0 = now();
            if (select_run(&in, &r, &err) != SERAI_OK) {
                fprintf(stderr, "select: %s\n", err.detail);
                return 2;
            }
            t[i] = now() - t0;
            if (i + 1 < runs)
                select_result_free(&r);
        }
        int64_t nshort = 0;
        for (int32_t p = 0; p < P; p++)
            nshort += r.proposals[p].nshort;
        qsort(t, (size_t)runs, sizeof *t, cmp_double);
        double med = t[runs / 2], fast = t[0], slow = t[runs - 1];
        select_result_free(&r);
        /* The same with every proposal's sentence. */
        select_files f;
        memset(&f, 0, sizeof f);
        f.in = in;
        for (int i = 0; i < runs; i++) {
            double t0 = now();
            if (select_run(&in, &r, &err) != SERAI_OK)
                return 2;
            size_t *at;
            char *text = select_files_reasons(&f, &r, &at);
            t[i] = now() - t0;
            free(text);
            free(at);
            if (i + 1 < runs)
                select_result_free(&r);
        }
        qsort(t, (size_t)runs, sizeof *t, cmp_double);
        printf("| %s | %d | %d | %" PRId64 " | %.2f ms | %.2f ms | %.2f ms | "
               "%.2f ms |\n",
               select_mode_name(in.mode), r.funded, r.reserve + r.not_funded,
               nshort, med * 1e3, fast * 1e3, slow * 1e3, t[runs / 2] * 1e3);
        select_result_free(&r);
    }
    free(prop);
    free(fund);
    free(req);
    free(demand);
    free(pid);
    free(fid);
    free(t);
    return 0;
}
