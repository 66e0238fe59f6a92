/*
 * test_broker.c -- the meeting scheduler (exchange/broker.h): small cases
 * worked out by hand; thousands of tiny random instances solved by brute
 * force, to prove the bound valid and measure how often the schedule is
 * optimal; large random instances with every constraint checked; refusals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "exchange/broker.h"

static uint64_t rng_state = 42;

static uint32_t rnd(uint32_t n)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return (uint32_t)((z ^ (z >> 31)) % n);
}

static void test_triangle_needs_three_slots(void)
{
    /* a triangle of meetings: each pair shares a person, so three slots
     * place all three and two slots only two (the bound says 2: each
     * person has two slots, 3 people x 2 / 2 = 3, but the table limit of
     * one meeting per slot with 3 people available gives 1 + 1) */
    broker_meeting m[] = {{0, 1}, {1, 2}, {0, 2}};
    broker_problem p = {3, 3, 0, NULL, m, 3};
    broker_result r;
    serai_err err;
    CHECK(broker_solve(&p, &r, &err) == SERAI_OK);
    CHECK_INT(r.scheduled, 3);
    CHECK_INT(r.bound, 3);
    CHECK(broker_check(&p, &r, &err));
    broker_result_free(&r);
    p.slots = 2;
    CHECK(broker_solve(&p, &r, &err) == SERAI_OK);
    CHECK_INT(r.scheduled, 2);
    CHECK_INT(r.bound, 2);
    CHECK_INT(r.bound_tables, 2);
    CHECK(broker_check(&p, &r, &err));
    int out = r.slot[0] < 0 ? 0 : r.slot[1] < 0 ? 1 : 2;
    CHECK_INT(r.reason[out], BROKER_CROWDED);
    broker_result_free(&r);
}

static void test_unavailable_and_tables(void)
{
    /* 0 cannot meet in slot 0, 1 not in slot 1: meeting 0-1 has no common
     * slot of two; 2-3 and 4-5 share one table in each slot */
    uint8_t un[6 * 2] = {0};
    un[0 * 2 + 0] = 1;
    un[1 * 2 + 1] = 1;
    broker_meeting m[] = {{0, 1}, {2, 3}, {4, 5}, {2, 5}};
    broker_problem p = {6, 2, 1, un, m, 4};
    broker_result r;
    serai_err err;
    CHECK(broker_solve(&p, &r, &err) == SERAI_OK);
    CHECK_INT(r.reason[0], BROKER_NO_COMMON_SLOT);
    CHECK_INT(r.slot[0], -1);
    CHECK_INT(r.bound_possible, 3);
    CHECK_INT(r.bound_tables, 2);
    CHECK_INT(r.bound, 2);
    CHECK_INT(r.scheduled, 2);
    CHECK(broker_check(&p, &r, &err));
    for (int k = 1; k < 4; k++)
        if (r.slot[k] < 0)
            CHECK_INT(r.reason[k], BROKER_TABLES_FULL);
        else
            CHECK_INT(r.table[k], 1);
    broker_result_free(&r);
}

static void test_chain_finds_room(void)
{
    /* Greedy puts 0-1 in slot 0 (first fit); 0-2 then takes slot 1; 1-2
     * would need slot 2, but 2 is only free in slots 0 and 1 and 1 only in
     * 0 and 1... a chain moving 0-1 is needed in a path where it exists:
     * meetings A=0-1, B=0-2, C=1-3 with 3 slots, 3 unavailable in 0 and
     * 2 unavailable in 2: A@0, B@1, C needs 1 free and 3 free: slot 1 or 2
     * (3 out of 0) -- slot 1 has 0-2 (not 1), so C@1 fits; fine.  The
     * hand-made hard case: the brute-force test covers chains thoroughly. */
    broker_meeting m[] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}};
    uint8_t un[4 * 2] = {0};
    broker_problem p = {4, 2, 0, un, m, 4};
    broker_result r;
    serai_err err;
    CHECK(broker_solve(&p, &r, &err) == SERAI_OK);
    CHECK_INT(r.scheduled, 4); /* a 4-cycle is 2-edge-colourable */
    CHECK_INT(r.bound, 4);
    CHECK(broker_check(&p, &r, &err));
    CHECK(r.slot[0] == r.slot[3] && r.slot[1] == r.slot[2] && r.slot[0] != r.slot[1]);
    broker_result_free(&r);
}

/* ---- brute force ---- */

static int best;

static void brute(const broker_problem *p, int m, int placed, int *occ, int *load)
{
    if (placed + (p->nmeetings - m) <= best)
        return;
    if (m == p->nmeetings) {
        best = placed;
        return;
    }
    const broker_meeting *e = &p->meetings[m];
    for (int s = 0; s < p->slots; s++) {
        if (p->unavailable && (p->unavailable[e->a * p->slots + s] ||
                               p->unavailable[e->b * p->slots + s]))
            continue;
        if (occ[e->a * p->slots + s] || occ[e->b * p->slots + s])
            continue;
        if (p->tables && load[s] >= p->tables)
            continue;
        occ[e->a * p->slots + s] = occ[e->b * p->slots + s] = 1;
        load[s]++;
        brute(p, m + 1, placed + 1, occ, load);
        occ[e->a * p->slots + s] = occ[e->b * p->slots + s] = 0;
        load[s]--;
    }
    brute(p, m + 1, placed, occ, load);
}

static void test_brute_force_tiny(void)
{
    int trials = 3000, optimal = 0, bound_tight = 0, gap_total = 0;
    for (int t = 0; t < trials; t++) {
        int P = 3 + (int)rnd(5), S = 1 + (int)rnd(4), M = 1 + (int)rnd(10);
        broker_meeting m[16];
        uint8_t un[8 * 4];
        for (int k = 0; k < P * S; k++)
            un[k] = rnd(5) == 0;
        for (int k = 0; k < M; k++) {
            m[k].a = (int32_t)rnd((uint32_t)P);
            do
                m[k].b = (int32_t)rnd((uint32_t)P);
            while (m[k].b == m[k].a);
        }
        int tables = rnd(3) == 0 ? 1 + (int)rnd(2) : 0;
        broker_problem p = {P, S, tables, un, m, M};
        broker_result r;
        serai_err err;
        CHECK(broker_solve(&p, &r, &err) == SERAI_OK);
        CHECK(broker_check(&p, &r, &err));
        int occ[8 * 4] = {0}, load[4] = {0};
        best = -1;
        brute(&p, 0, 0, occ, load);
        CHECK(best <= r.bound); /* the bound holds */
        CHECK(r.scheduled <= best);
        optimal += r.scheduled == best;
        if (r.scheduled != best && getenv("BROKER_DEBUG")) {
            printf("P=%d S=%d T=%d best=%d got=%d bound=%d\n", P, S, tables, best, r.scheduled, r.bound);
            for (int k = 0; k < M; k++) printf(" %d-%d@%d", m[k].a, m[k].b, r.slot[k]);
            printf("\n");
            for (int q = 0; q < P; q++) { for (int s2 = 0; s2 < S; s2++) printf("%d", un[q*S+s2]); printf(" "); }
            printf("\n");
        }
        bound_tight += r.bound == best;
        gap_total += best - r.scheduled;
        broker_result_free(&r);
    }
    printf("  tiny instances: %d of %d optimal, bound exact in %d, meetings "
           "missed in all %d\n", optimal, trials, bound_tight, gap_total);
    CHECK(optimal >= trials * 97 / 100);
}

static void test_large_random_valid(void)
{
    const int P = 400, S = 40, M = 2000;
    broker_meeting *m = malloc(M * sizeof *m);
    uint8_t *un = calloc((size_t)P * S, 1);
    for (int rep = 0; rep < 4; rep++) {
        for (int k = 0; k < P * S; k++)
            un[k] = rnd(100) < (unsigned)(rep * 8);
        for (int k = 0; k < M; k++) {
            m[k].a = (int32_t)rnd(rep == 3 ? 100 : P);
            do
                m[k].b = (int32_t)rnd(rep == 3 ? 100 : P);
            while (m[k].b == m[k].a);
        }
        broker_problem p = {P, S, rep == 2 ? 45 : 0, un, m, M};
        broker_result r, r2;
        serai_err err;
        CHECK(broker_solve(&p, &r, &err) == SERAI_OK);
        CHECK(broker_check(&p, &r, &err));
        CHECK(r.scheduled <= r.bound);
        CHECK(r.scheduled >= r.greedy);
        printf("  %d requests, %d slots, %d%% unavailable, tables %d: %d scheduled "
               "(greedy %d), bound %d\n", M, S, rep * 8, p.tables, r.scheduled,
               r.greedy, r.bound);
        /* deterministic */
        CHECK(broker_solve(&p, &r2, &err) == SERAI_OK);
        CHECK(memcmp(r.slot, r2.slot, M * sizeof *r.slot) == 0);
        for (int k = 0; k < M; k++)
            if (r.slot[k] < 0)
                CHECK(r.reason[k] != BROKER_PLACED);
        broker_result_free(&r);
        broker_result_free(&r2);
    }
    free(m);
    free(un);
}

static void test_refusals(void)
{
    broker_meeting m[] = {{0, 0}};
    broker_problem p = {2, 2, 0, NULL, m, 1};
    broker_result r;
    serai_err err;
    CHECK(broker_solve(&p, &r, &err) == SERAI_EINVAL);
    CHECK_STR(err.field, "/meetings");
    m[0].b = 2;
    CHECK(broker_solve(&p, &r, &err) == SERAI_EINVAL);
    p.slots = BROKER_MAX_SLOTS + 1;
    CHECK(broker_solve(&p, &r, &err) == SERAI_ETOOLARGE);
    p.slots = 2;
    p.tables = -1;
    m[0].b = 1;
    CHECK(broker_solve(&p, &r, &err) == SERAI_EINVAL);
    /* nothing to do is fine */
    broker_problem empty = {0, 0, 0, NULL, NULL, 0};
    CHECK(broker_solve(&empty, &r, &err) == SERAI_OK);
    CHECK_INT(r.scheduled, 0);
    CHECK_INT(r.bound, 0);
    broker_result_free(&r);
}

int main(void)
{
    RUN(test_triangle_needs_three_slots);
    RUN(test_unavailable_and_tables);
    RUN(test_chain_finds_room);
    RUN(test_brute_force_tiny);
    RUN(test_large_random_valid);
    RUN(test_refusals);
    return check_report();
}
