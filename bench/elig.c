/*
 * bench/elig.c -- eligibility throughput of the library alone: 100,000
 * synthetic proposals of 2-12 partners checked against a 12-rule set on
 * one core.  Prints proposals per second (target: 200,000).
 *
 *   gcc -O2 -std=c17 -D_POSIX_C_SOURCE=200809L -Isrc bench/elig.c \
 *       src/project/elig.c src/core/mem.c src/registry/iso.c \
 *       src/registry/iso_data.c -o /tmp/bench_elig && /tmp/bench_elig
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "project/elig.h"

#define N_PROPOSALS 100000

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static const char *const countries[] = {"DE", "FR", "NL", "ES", "IT", "PT", "PL", "RS",
                                        "GR", "AT", "SE", "KR", "CA", "GB", "KE", "CN"};
static const char *const types[] = {"sme", "enterprise", "university", "research_institute"};

static void rules_of(elig_rules *r)
{
    elig_rules_init(r);
    r->partners = (elig_bounds){true, true, true, 2, 12};          /* 2 rules */
    r->min_countries.present = true;                               /* 3 */
    r->min_countries.min = 2;
    r->participating.present = true;                               /* 4 */
    r->participating.allow_own_expense = true;
    for (int i = 0; i < 13; i++)
        memcpy(r->participating.countries.codes[r->participating.countries.n++], countries[i], 3);
    r->max_share_org.present = true;                               /* 5 */
    r->max_share_org.bp = 7000;
    r->max_share_country.present = true;                           /* 6 */
    r->max_share_country.bp = 7000;
    r->lead_type.present = true;                                   /* 7 */
    r->lead_type.types.n = 1;
    memcpy(r->lead_type.types.names[0], "sme", 4);
    r->min_share_type.present = true;                              /* 8 */
    memcpy(r->min_share_type.type, "sme", 4);
    r->min_share_type.bp = 5000;
    r->target_quota.present = true;                                /* 9 */
    r->target_quota.bp = 3000;
    for (int i = 5; i < 9; i++)
        memcpy(r->target_quota.countries.codes[r->target_quota.countries.n++], countries[i], 3);
    r->team_size.b = (elig_bounds){true, true, true, 2, 60};       /* 10 */
    r->cofunding.present = true;                                   /* 11 */
    r->cofunding.bp = 5000;
    r->cofunding.types.n = 2;
    memcpy(r->cofunding.types.names[0], "sme", 4);
    memcpy(r->cofunding.types.names[1], "enterprise", 11);
    r->duration = (elig_bounds){true, true, true, 6, 36};          /* 12 */
}

static void proposal_of(elig_proposal *p, int k)
{
    memset(p, 0, sizeof *p);
    snprintf(p->id, sizeof p->id, "P-%d", k);
    p->duration_months = 6 + (int)(rng() % 36);
    p->npartners = 2 + (int)(rng() % 11);
    for (int i = 0; i < p->npartners; i++) {
        elig_partner *pa = &p->partners[i];
        snprintf(pa->org, sizeof pa->org, "ror:%06d", (int)(rng() % 50000));
        memcpy(pa->country, countries[rng() % 16], 3);
        const char *t = types[rng() % 4];
        memcpy(pa->type, t, strlen(t) + 1);
        pa->sme = strcmp(t, "sme") == 0;
        pa->coordinator = i == 0;
        pa->own_expense = rng() % 20 == 0;
        pa->requested = (int64_t)(rng() % 100000000);
        memcpy(pa->currency, "EUR", 4);
        pa->own_cash = (int64_t)(rng() % 80000000);
        pa->own_in_kind = (int64_t)(rng() % 20000000);
        pa->team_size = 1 + (int)(rng() % 8);
    }
}

int main(void)
{
    static elig_rules rules;
    rules_of(&rules);
    elig_proposal *props = malloc(sizeof *props * N_PROPOSALS);
    if (props == NULL)
        return 2;
    for (int i = 0; i < N_PROPOSALS; i++)
        proposal_of(&props[i], i);
    static elig_result res;
    long eligible = 0, rules_run = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < N_PROPOSALS; i++) {
        eligible += elig_check(&rules, &props[i], &res);
        rules_run += res.nrules;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("elig_check: %d proposals (2-12 partners), %.1f rules each, %ld eligible, "
           "%.3f s, %.0f proposals/s\n",
           N_PROPOSALS, (double)rules_run / N_PROPOSALS, eligible, secs, N_PROPOSALS / secs);
    free(props);
    return 0;
}
