/*
 * test_select.c -- the binding selection across national budgets and the
 * what-if simulator (decision/select.h): hand-made instances for each mode
 * with their exact outcomes and shortfalls, all-or-nothing, flexibility,
 * tie groups, the reserve list, the what-if figures; thousands of random
 * small instances checked against an independent replay and a brute-force
 * search of every tie group; malformed input; and the CSV files of
 * `serai select` (decision/select_files.h) with their errors.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/err.h"
#include "decision/select.h"
#include "decision/select_files.h"

/* ---- building instances --------------------------------------------------- */

#define MP 64
#define MF 8
#define MR 256

typedef struct inst {
    select_input in;
    select_proposal p[MP];
    select_funder f[MF];
    select_request r[MR];
} inst;

static void inst_init(inst *t, select_mode mode)
{
    memset(t, 0, sizeof *t);
    t->in.mode = mode;
    t->in.proposals = t->p;
    t->in.funders = t->f;
    t->in.requests = t->r;
    t->in.reserve_max = -1;
    memcpy(t->in.central_currency, "EUR", 4);
}

static int add_p(inst *t, const char *id, int32_t rank, int64_t score)
{
    int i = t->in.nproposals++;
    t->p[i] = (select_proposal){.id = id, .rank = rank, .score = score,
                                .tie_order = i};
    return i;
}

static int add_f(inst *t, const char *id, int64_t budget)
{
    int i = t->in.nfunders++;
    t->f[i] = (select_funder){.id = id, .currency = "EUR", .budget = budget};
    return i;
}

static void req(inst *t, int p, int f, int64_t amount)
{
    t->r[t->in.nrequests++] = (select_request){p, f, amount};
}

static select_outcome outcome(const select_result *r, int p)
{
    return r->proposals[p].outcome;
}

/* ---- the modes -------------------------------------------------------------- */

/* The worked example of docs/selection.md. */
static void example(inst *t, select_mode mode)
{
    inst_init(t, mode);
    int de = add_f(t, "DE", 500), cn = add_f(t, "CN", 400), fr = add_f(t, "FR", 200);
    int p1 = add_p(t, "P1", 1, 9500), p2 = add_p(t, "P2", 2, 9100),
        p3 = add_p(t, "P3", 3, 8700), p4 = add_p(t, "P4", 4, 8200),
        p5 = add_p(t, "P5", 5, 7900);
    req(t, p1, de, 200);
    req(t, p1, cn, 100);
    req(t, p2, de, 200);
    req(t, p2, fr, 150);
    req(t, p3, de, 300);
    req(t, p3, cn, 100);
    req(t, p4, cn, 150);
    req(t, p4, fr, 50);
    req(t, p5, fr, 100);
}

static void test_vcp(void)
{
    inst t;
    example(&t, SELECT_VCP);
    select_result r;
    serai_err err;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_OK);
    CHECK_INT(outcome(&r, 0), SELECT_FUNDED);
    CHECK_INT(outcome(&r, 1), SELECT_FUNDED);
    CHECK_INT(outcome(&r, 2), SELECT_RESERVE);
    CHECK_INT(outcome(&r, 3), SELECT_FUNDED);
    CHECK_INT(outcome(&r, 4), SELECT_RESERVE);
    /* P3: DE has 100 left of 500, needs 300; CN could pay but pays nothing
     * (all or nothing). */
    CHECK_INT(r.proposals[2].nshort, 1);
    CHECK_INT(r.proposals[2].shortfalls[0].funder, 0);
    CHECK_INT(r.proposals[2].shortfalls[0].needed, 300);
    CHECK_INT(r.proposals[2].shortfalls[0].available, 100);
    CHECK_INT(r.proposals[4].nshort, 1);
    CHECK_INT(r.proposals[4].shortfalls[0].funder, 2);
    CHECK_INT(r.proposals[4].shortfalls[0].needed, 100);
    CHECK_INT(r.proposals[4].shortfalls[0].available, 0);
    CHECK_INT(r.spent[0], 400);
    CHECK_INT(r.spent[1], 250);
    CHECK_INT(r.spent[2], 200);
    CHECK_INT(r.remaining[0], 100);
    CHECK_INT(r.remaining[1], 150);
    CHECK_INT(r.remaining[2], 0);
    CHECK_INT(r.funded, 3);
    CHECK_INT(r.reserve, 2);
    CHECK_INT(r.not_funded, 0);
    CHECK_INT(r.funded_score, 9500 + 9100 + 8200);
    for (int p = 0; p < 5; p++) {
        CHECK_INT(r.proposals[p].order, p);
        CHECK(!r.proposals[p].tie);
    }
    select_result_free(&r);
}

static void test_rcp(void)
{
    inst t;
    example(&t, SELECT_RCP);
    t.in.central = 1100;
    select_result r;
    serai_err err;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_OK);
    CHECK_INT(outcome(&r, 0), SELECT_FUNDED);
    CHECK_INT(outcome(&r, 1), SELECT_FUNDED);
    CHECK_INT(outcome(&r, 2), SELECT_FUNDED);
    CHECK_INT(outcome(&r, 3), SELECT_RESERVE);
    CHECK_INT(outcome(&r, 4), SELECT_RESERVE);
    CHECK_INT(r.proposals[2].central_used, 400);
    CHECK_INT(r.proposals[3].nshort, 1);
    CHECK_INT(r.proposals[3].shortfalls[0].funder, -1);
    CHECK_INT(r.proposals[3].shortfalls[0].needed, 200);
    CHECK_INT(r.proposals[3].shortfalls[0].available, 50);
    CHECK_INT(r.proposals[4].shortfalls[0].needed, 100);
    CHECK_INT(r.central_spent, 1050);
    CHECK_INT(r.central_remaining, 50);
    /* Charged in each funder's name: DE's partners got more than DE's budget. */
    CHECK_INT(r.spent[0], 700);
    CHECK_INT(r.remaining[0], -200);
    select_result_free(&r);

    /* A currency other than the pot's is refused. */
    memcpy(t.f[1].currency, "USD", 4);
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_EINVAL);
    CHECK_STR(err.field, "/funders/1/currency");
}

static void test_mixed(void)
{
    inst t;
    example(&t, SELECT_MIXED);
    t.in.central = 300;
    t.in.gap_share_bp = 5000; /* a gap pot of 150 */
    t.in.reserve_max = 0;
    select_result r;
    serai_err err;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_OK);
    /* P3: DE short by 200, the gap pot has 150: skipped, nothing spent. */
    CHECK_INT(outcome(&r, 2), SELECT_NOT_FUNDED);
    CHECK_INT(r.proposals[2].nshort, 2);
    CHECK_INT(r.proposals[2].shortfalls[0].funder, 0);
    CHECK_INT(r.proposals[2].shortfalls[0].needed, 300);
    CHECK_INT(r.proposals[2].shortfalls[0].available, 100);
    CHECK_INT(r.proposals[2].shortfalls[1].funder, -1);
    CHECK_INT(r.proposals[2].shortfalls[1].needed, 200);
    CHECK_INT(r.proposals[2].shortfalls[1].available, 150);
    CHECK_INT(outcome(&r, 3), SELECT_FUNDED);
    /* P5: FR has nothing left; the gap pot pays its 100. */
    CHECK_INT(outcome(&r, 4), SELECT_FUNDED);
    CHECK_INT(r.proposals[4].central_used, 100);
    CHECK_INT(r.central_spent, 100);
    CHECK_INT(r.central_remaining, 50);
    CHECK_INT(r.spent[2], 200);
    CHECK_INT(r.funded, 4);
    CHECK_INT(r.not_funded, 1);
    select_result_free(&r);
}

/* The gap pot covers a proposal's shortfalls only when it covers all. */
static void test_mixed_all_shortfalls(void)
{
    inst t;
    inst_init(&t, SELECT_MIXED);
    t.in.central = 100;
    t.in.gap_share_bp = 10000;
    int a = add_f(&t, "A", 50), b = add_f(&t, "B", 50);
    int p1 = add_p(&t, "P1", 1, 1), p2 = add_p(&t, "P2", 2, 1);
    req(&t, p1, a, 110); /* A short by 60 */
    req(&t, p1, b, 100); /* B short by 50: 110 in all > 100 */
    req(&t, p2, a, 120); /* A short by 70: the pot pays it */
    select_result r;
    serai_err err;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_OK);
    CHECK_INT(outcome(&r, p1), SELECT_RESERVE);
    CHECK_INT(r.proposals[p1].nshort, 3);
    CHECK_INT(r.proposals[p1].shortfalls[2].needed, 110);
    CHECK_INT(r.proposals[p1].shortfalls[2].available, 100);
    CHECK_INT(outcome(&r, p2), SELECT_FUNDED);
    CHECK_INT(r.proposals[p2].central_used, 70);
    CHECK_INT(r.spent[a], 50);
    CHECK_INT(r.spent[b], 0);
    CHECK_INT(r.central_remaining, 30);
    select_result_free(&r);
}

/* All or nothing: a funder that could pay keeps its money for later. */
static void test_all_or_nothing(void)
{
    inst t;
    inst_init(&t, SELECT_VCP);
    int a = add_f(&t, "A", 100), b = add_f(&t, "B", 10);
    int p1 = add_p(&t, "P1", 1, 1), p2 = add_p(&t, "P2", 2, 1);
    req(&t, p1, a, 100);
    req(&t, p1, b, 20);
    req(&t, p2, a, 100);
    select_result r;
    serai_err err;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_OK);
    CHECK_INT(outcome(&r, p1), SELECT_RESERVE);
    CHECK_INT(r.proposals[p1].nshort, 1);
    CHECK_INT(r.proposals[p1].shortfalls[0].funder, b);
    CHECK_INT(outcome(&r, p2), SELECT_FUNDED);
    CHECK_INT(r.spent[a], 100);
    CHECK_INT(r.spent[b], 0);
    select_result_free(&r);
}

static void test_flexibility(void)
{
    inst t;
    inst_init(&t, SELECT_VCP);
    int a = add_f(&t, "A", 1000);
    t.f[a].flex_bp = 1000; /* may spend 1100 */
    int p1 = add_p(&t, "P1", 1, 1), p2 = add_p(&t, "P2", 2, 1),
        p3 = add_p(&t, "P3", 3, 1);
    req(&t, p1, a, 1050);
    req(&t, p2, a, 51);
    req(&t, p3, a, 50);
    select_result r;
    serai_err err;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_OK);
    CHECK_INT(outcome(&r, p1), SELECT_FUNDED);
    CHECK_INT(outcome(&r, p2), SELECT_RESERVE);
    CHECK_INT(r.proposals[p2].shortfalls[0].available, 50);
    CHECK_INT(outcome(&r, p3), SELECT_FUNDED);
    CHECK_INT(r.spent[a], 1100);
    CHECK_INT(r.remaining[a], 0);
    select_result_free(&r);
    /* Flexibility rounds down: 999 * 1% = 9.99 -> 9. */
    t.f[a].budget = 999;
    t.f[a].flex_bp = 100;
    t.in.nproposals = 1;
    t.in.nrequests = 1;
    t.r[0].amount = 1008;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_OK);
    CHECK_INT(outcome(&r, p1), SELECT_FUNDED);
    CHECK_INT(r.remaining[a], 0);
    select_result_free(&r);
    t.r[0].amount = 1009;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_OK);
    CHECK_INT(outcome(&r, p1), SELECT_RESERVE);
    CHECK_INT(r.proposals[p1].shortfalls[0].available, 1008);
    select_result_free(&r);
}

/* ---- ties --------------------------------------------------------------------- */

static void test_ties(void)
{
    inst t;
    inst_init(&t, SELECT_VCP);
    int a = add_f(&t, "A", 100);
    int p0 = add_p(&t, "P0", 1, 1);
    /* Rank 2: the big one comes first in tie order, but the two small ones
     * together are more proposals. */
    int big = add_p(&t, "BIG", 2, 1), s1 = add_p(&t, "S1", 2, 1),
        s2 = add_p(&t, "S2", 2, 1);
    int p4 = add_p(&t, "P4", 3, 1);
    req(&t, p0, a, 20);
    req(&t, big, a, 70);
    req(&t, s1, a, 40);
    req(&t, s2, a, 40);
    req(&t, p4, a, 5);
    select_result r;
    serai_err err;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_OK);
    CHECK_INT(outcome(&r, big), SELECT_RESERVE);
    CHECK_INT(outcome(&r, s1), SELECT_FUNDED);
    CHECK_INT(outcome(&r, s2), SELECT_FUNDED);
    CHECK_INT(outcome(&r, p4), SELECT_RESERVE);
    CHECK(r.proposals[big].tie && r.proposals[s1].tie && r.proposals[s2].tie);
    CHECK(!r.proposals[p0].tie);
    /* The funded members are considered first, then the skipped one. */
    CHECK_INT(r.proposals[s1].order, 1);
    CHECK_INT(r.proposals[s2].order, 2);
    CHECK_INT(r.proposals[big].order, 3);
    CHECK_INT(r.proposals[big].shortfalls[0].needed, 70);
    CHECK_INT(r.proposals[big].shortfalls[0].available, 0);
    select_result_free(&r);

    /* Equally many: the set first in tie order.  S2 before S1 now. */
    t.p[s2].tie_order = -1;
    t.r[1].amount = 90; /* BIG alone does not fit with anything */
    t.r[3].amount = 45;
    t.r[2].amount = 45;
    /* 80 left: S1+S2 = 90 does not fit; one of them: S2 (first). */
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_OK);
    CHECK_INT(outcome(&r, s2), SELECT_FUNDED);
    CHECK_INT(outcome(&r, s1), SELECT_RESERVE);
    CHECK_INT(outcome(&r, big), SELECT_RESERVE);
    CHECK_INT(r.proposals[s1].shortfalls[0].available, 35);
    select_result_free(&r);

    /* A group that fits entirely is not marked. */
    t.f[a].budget = 1000;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_OK);
    CHECK_INT(r.funded, 5);
    CHECK(!r.proposals[s1].tie && !r.proposals[big].tie);
    select_result_free(&r);
}

/* Beyond 20 members the group is filled greedily in tie order. */
static void test_tie_greedy(void)
{
    inst t;
    inst_init(&t, SELECT_VCP);
    int a = add_f(&t, "A", 100);
    static char names[30][8];
    for (int i = 0; i < 30; i++) {
        snprintf(names[i], sizeof names[i], "T%d", i);
        int p = add_p(&t, names[i], 1, 1);
        req(&t, p, a, i == 0 ? 60 : 10);
    }
    select_result r;
    serai_err err;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_OK);
    /* Greedy: T0 (60) then four of 10; the exact answer would be ten. */
    CHECK_INT(r.funded, 5);
    CHECK_INT(outcome(&r, 0), SELECT_FUNDED);
    CHECK_INT(outcome(&r, 4), SELECT_FUNDED);
    CHECK_INT(outcome(&r, 5), SELECT_RESERVE);
    select_result_free(&r);
    /* Twenty members: exact, ten of 10. */
    t.in.nproposals = 20;
    t.in.nrequests = 20;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_OK);
    CHECK_INT(r.funded, 10);
    CHECK_INT(outcome(&r, 0), SELECT_RESERVE);
    CHECK_INT(outcome(&r, 1), SELECT_FUNDED);
    CHECK_INT(outcome(&r, 10), SELECT_FUNDED);
    CHECK_INT(outcome(&r, 11), SELECT_RESERVE);
    select_result_free(&r);
}

static void test_reserve(void)
{
    inst t;
    inst_init(&t, SELECT_VCP);
    int a = add_f(&t, "A", 10);
    for (int i = 0; i < 5; i++) {
        int p = add_p(&t, "P", i + 1, 1);
        req(&t, p, a, 10);
    }
    select_result r;
    serai_err err;
    t.in.reserve_max = 2;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_OK);
    CHECK_INT(outcome(&r, 0), SELECT_FUNDED);
    CHECK_INT(outcome(&r, 1), SELECT_RESERVE);
    CHECK_INT(outcome(&r, 2), SELECT_RESERVE);
    CHECK_INT(outcome(&r, 3), SELECT_NOT_FUNDED);
    CHECK_INT(outcome(&r, 4), SELECT_NOT_FUNDED);
    CHECK_INT(r.reserve, 2);
    CHECK_INT(r.not_funded, 2);
    CHECK_INT(r.proposals[4].nshort, 1);
    select_result_free(&r);
    t.in.reserve_max = 0;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_OK);
    CHECK_INT(r.reserve, 0);
    CHECK_INT(r.not_funded, 4);
    select_result_free(&r);
}

/* ---- what-if ---------------------------------------------------------------- */

static void test_whatif(void)
{
    inst t;
    example(&t, SELECT_VCP);
    select_result r;
    select_whatif w;
    serai_err err;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_OK);
    CHECK_INT(select_whatif_run(&t.in, &r, 10, &w, &err), SERAI_OK);
    CHECK_INT(w.percent, 10);
    CHECK_INT(w.funders[0].runs_out_at_rank, 3);
    CHECK_INT(w.funders[0].extra_for_next, 200);
    CHECK_INT(w.funders[1].runs_out_at_rank, 0);
    CHECK_INT(w.funders[1].extra_for_next, 0);
    CHECK_INT(w.funders[2].runs_out_at_rank, 5);
    CHECK_INT(w.funders[2].extra_for_next, 100);
    /* +10%: DE 550 (P3 needs 300 of 150 left), FR 220 (P5 100 of 20). */
    CHECK_INT(w.more_funded, 0);
    select_whatif_free(&w);
    /* +50%: DE 750, FR 300: P3 and P5 both fit. */
    CHECK_INT(select_whatif_run(&t.in, &r, 50, &w, &err), SERAI_OK);
    CHECK_INT(w.more_funded, 2);
    select_whatif_free(&w);
    /* The extra DE needs is exactly enough. */
    t.f[0].budget += 200;
    select_result r2;
    CHECK_INT(select_run(&t.in, &r2, &err), SERAI_OK);
    CHECK_INT(outcome(&r2, 2), SELECT_FUNDED);
    select_result_free(&r2);
    t.f[0].budget -= 200;
    CHECK_INT(select_whatif_run(&t.in, &r, -1, &w, &err), SERAI_EINVAL);
    select_result_free(&r);

    /* Mixed: FR cannot pay P5 from its budget (rank 5) though the gap pot
     * covers it, so it blocks nothing; the gap pot runs out at P3. */
    example(&t, SELECT_MIXED);
    t.in.central = 300;
    t.in.gap_share_bp = 5000;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_OK);
    CHECK_INT(select_whatif_run(&t.in, &r, 20, &w, &err), SERAI_OK);
    CHECK_INT(w.funders[2].runs_out_at_rank, 5);
    CHECK_INT(w.funders[2].extra_for_next, 0);
    CHECK_INT(w.funders[0].runs_out_at_rank, 3);
    CHECK_INT(w.funders[0].extra_for_next, 200);
    CHECK_INT(w.central_runs_out_at_rank, 3);
    CHECK_INT(w.central_extra_for_next, 50);
    /* +20%: DE 600 leaves 200 for P3 (short 100), the gap pot 180. */
    CHECK_INT(w.more_funded, 1);
    select_whatif_free(&w);
    select_result_free(&r);
}

/* ---- random instances against an independent replay -------------------------- */

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

typedef struct oracle {
    int64_t left[MF];
    int64_t pot;
} oracle;

static int64_t amount_of(const inst *t, int p, int f)
{
    for (int64_t i = 0; i < t->in.nrequests; i++)
        if (t->r[i].proposal == p && t->r[i].funder == f)
            return t->r[i].amount;
    return -1;
}

static bool oracle_fits(const inst *t, const oracle *o, int p)
{
    int64_t need = 0;
    for (int f = 0; f < t->in.nfunders; f++) {
        int64_t a = amount_of(t, p, f);
        if (a < 0)
            continue;
        if (t->in.mode == SELECT_VCP && a > o->left[f])
            return false;
        if (t->in.mode == SELECT_RCP)
            need += a;
        if (t->in.mode == SELECT_MIXED && a > o->left[f])
            need += a - o->left[f];
    }
    return need <= o->pot;
}

static void oracle_pay(const inst *t, oracle *o, int p)
{
    for (int f = 0; f < t->in.nfunders; f++) {
        int64_t a = amount_of(t, p, f);
        if (a < 0)
            continue;
        if (t->in.mode == SELECT_RCP) {
            o->pot -= a;
        } else {
            int64_t nat = a < o->left[f] ? a : o->left[f];
            o->left[f] -= nat;
            o->pot -= a - nat;
        }
    }
}

static void oracle_init(const inst *t, oracle *o)
{
    for (int f = 0; f < t->in.nfunders; f++)
        o->left[f] = t->f[f].budget + t->f[f].budget * t->f[f].flex_bp / 10000;
    o->pot = t->in.mode == SELECT_RCP     ? t->in.central
             : t->in.mode == SELECT_MIXED ? t->in.central * t->in.gap_share_bp / 10000
                                          : 0;
}

static int tie_cmp_inst(const inst *t, int a, int b)
{
    if (t->p[a].tie_order != t->p[b].tie_order)
        return t->p[a].tie_order < t->p[b].tie_order ? -1 : 1;
    return a < b ? -1 : 1;
}

static int random_failures;
static int random_partial_ties; /* tie groups that did not fit entirely */

static void random_instance(inst *t)
{
    select_mode mode = (select_mode)rnd(3);
    inst_init(t, mode);
    int F = 1 + (int)rnd(3), P = 1 + (int)rnd(9);
    for (int f = 0; f < F; f++) {
        add_f(t, "F", rnd(25));
        t->f[f].flex_bp = rnd(3) == 0 ? (int32_t)rnd(5000) : 0;
    }
    for (int p = 0; p < P; p++) {
        add_p(t, "P", 1 + (int32_t)rnd(4), rnd(10000));
        t->p[p].tie_order = (int32_t)rnd(5);
        for (int f = 0; f < F; f++)
            if (rnd(2) || f == F - 1)
                req(t, p, f, 1 + rnd(12));
    }
    t->in.central = rnd(40);
    t->in.gap_share_bp = (int32_t)rnd(10001);
    t->in.reserve_max = (int32_t)rnd(5) - 1;
}

static void check_random(const inst *t)
{
    int before = check_failures;
    select_result r;
    serai_err err;
    CHECK_INT(select_run(&t->in, &r, &err), SERAI_OK);
    int P = t->in.nproposals, F = t->in.nfunders;
    int by_order[MP];
    for (int k = 0; k < P; k++)
        by_order[k] = -1;
    for (int p = 0; p < P; p++) {
        int o = r.proposals[p].order;
        CHECK(o >= 0 && o < P && by_order[o] < 0);
        if (o >= 0 && o < P)
            by_order[o] = p;
    }
    oracle o;
    oracle_init(t, &o);
    int skipped = 0, funded = 0;
    int64_t score = 0;
    for (int k = 0; k < P; k++) {
        int p = by_order[k];
        if (p < 0)
            break;
        if (k > 0)
            CHECK(t->p[by_order[k - 1]].rank <= t->p[p].rank);
        /* Tie group starting here: the funded members are the largest set
         * that fits, and the first such set in tie order. */
        if (k == 0 || t->p[by_order[k - 1]].rank != t->p[p].rank) {
            int g[MP], n = 0;
            for (int q = 0; q < P; q++)
                if (t->p[q].rank == t->p[p].rank)
                    g[n++] = q;
            for (int i = 1; i < n; i++)
                for (int j = i; j > 0 && tie_cmp_inst(t, g[j], g[j - 1]) < 0; j--) {
                    int x = g[j];
                    g[j] = g[j - 1];
                    g[j - 1] = x;
                }
            int best = -1;
            uint32_t best_set = 0;
            /* Enumerate sets in lexicographic order of member positions:
             * bit n-1-i for position i, counting down from all. */
            for (int64_t m = (1 << n) - 1; m >= 0; m--) {
                oracle s = o;
                bool ok = true;
                int cnt = 0;
                uint32_t set = 0;
                for (int i = 0; i < n && ok; i++)
                    if ((m >> (n - 1 - i)) & 1) {
                        ok = oracle_fits(t, &s, g[i]);
                        if (ok)
                            oracle_pay(t, &s, g[i]);
                        cnt++;
                        set |= 1u << i;
                    }
                if (ok && cnt > best) {
                    best = cnt;
                    best_set = set;
                }
            }
            for (int i = 0; i < n; i++)
                CHECK_INT(r.proposals[g[i]].outcome == SELECT_FUNDED,
                          (best_set >> i) & 1);
            if (n > 1 && best < n && best > 0)
                random_partial_ties++;
        }
        bool fits = oracle_fits(t, &o, p);
        const select_decision *d = &r.proposals[p];
        CHECK_INT(d->outcome == SELECT_FUNDED, fits);
        if (fits) {
            funded++;
            score += t->p[p].score;
            oracle_pay(t, &o, p);
            CHECK_INT(d->nshort, 0);
            continue;
        }
        CHECK_INT(d->outcome, t->in.reserve_max < 0 || skipped < t->in.reserve_max
                                  ? SELECT_RESERVE : SELECT_NOT_FUNDED);
        skipped++;
        CHECK(d->nshort >= 1);
        /* Every shortfall is real. */
        int64_t gap = 0;
        int listed = 0;
        for (int f = 0; f < F; f++) {
            int64_t a = amount_of(t, p, f);
            if (t->in.mode == SELECT_RCP || a < 0 || a <= o.left[f])
                continue;
            gap += a - o.left[f];
            CHECK(listed < d->nshort);
            if (listed < d->nshort) {
                CHECK_INT(d->shortfalls[listed].funder, f);
                CHECK_INT(d->shortfalls[listed].needed, a);
                CHECK_INT(d->shortfalls[listed].available, o.left[f]);
            }
            listed++;
        }
        if (t->in.mode != SELECT_VCP) {
            CHECK_INT(d->nshort, listed + 1);
            const select_shortfall *c = &d->shortfalls[d->nshort - 1];
            CHECK_INT(c->funder, -1);
            CHECK_INT(c->available, o.pot);
            if (t->in.mode == SELECT_MIXED)
                CHECK_INT(c->needed, gap);
            CHECK(c->needed > c->available);
        } else {
            CHECK_INT(d->nshort, listed);
        }
    }
    CHECK_INT(r.funded, funded);
    CHECK_INT(r.funded_score, score);
    CHECK_INT(r.reserve + r.not_funded, skipped);
    /* Spent within every budget with its flexibility. */
    for (int f = 0; f < F; f++) {
        int64_t limit = t->f[f].budget + t->f[f].budget * t->f[f].flex_bp / 10000;
        CHECK_INT(r.spent[f] + r.remaining[f], limit);
        if (t->in.mode != SELECT_RCP) {
            CHECK(r.spent[f] <= limit);
            CHECK_INT(r.remaining[f], o.left[f]);
        }
    }
    if (t->in.mode != SELECT_VCP) {
        CHECK_INT(r.central_remaining, o.pot);
        CHECK(r.central_remaining >= 0);
    }
    /* What-if: more money never changes this instance's validity. */
    select_whatif w;
    CHECK_INT(select_whatif_run(&t->in, &r, (int32_t)rnd(60), &w, &err), SERAI_OK);
    for (int f = 0; f < F; f++) {
        CHECK(w.funders[f].extra_for_next >= 0);
        CHECK(w.funders[f].runs_out_at_rank >= 0);
    }
    select_whatif_free(&w);
    select_result_free(&r);
    if (check_failures != before && random_failures++ < 3)
        fprintf(stderr, "  (random instance: mode %d, %d proposals, %d funders)\n",
                t->in.mode, P, F);
}

static void test_random(void)
{
    inst t;
    for (int i = 0; i < 20000; i++) {
        random_instance(&t);
        check_random(&t);
    }
    /* The instances do exercise the search within tie groups. */
    CHECK(random_partial_ties > 1000);
}

/* ---- malformed input ------------------------------------------------------- */

static void test_bad_input(void)
{
    inst t;
    example(&t, SELECT_VCP);
    select_result r;
    serai_err err;
    t.r[3].funder = 7;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_EINVAL);
    CHECK_STR(err.field, "/requests/3");
    example(&t, SELECT_VCP);
    t.r[4].amount = -1;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_EINVAL);
    CHECK_STR(err.field, "/requests/4/amount");
    example(&t, SELECT_VCP);
    t.r[1].funder = 0; /* P1 asks DE twice */
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_EINVAL);
    CHECK_STR(err.field, "/proposals/0");
    example(&t, SELECT_VCP);
    t.f[2].flex_bp = 10001;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_EINVAL);
    CHECK_STR(err.field, "/funders/2/flex_bp");
    example(&t, SELECT_VCP);
    t.f[1].budget = INT64_MAX - 5;
    t.f[1].flex_bp = 1;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_EINVAL);
    CHECK_STR(err.field, "/funders/1/budget");
    example(&t, SELECT_VCP);
    t.f[1].budget = -1;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_EINVAL);
    example(&t, SELECT_VCP);
    t.in.reserve_max = -2;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_EINVAL);
    example(&t, SELECT_RCP);
    t.in.central = 10;
    t.r[0].amount = INT64_MAX;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_EINVAL);
    CHECK_STR(err.field, "/proposals/0");
    example(&t, SELECT_MIXED);
    t.in.central = 10;
    t.in.gap_share_bp = 10001;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_EINVAL);
    /* Huge amounts in VCP are fine: they just do not fit. */
    example(&t, SELECT_VCP);
    t.r[0].amount = INT64_MAX;
    t.f[0].budget = INT64_MAX;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_OK);
    CHECK_INT(outcome(&r, 0), SELECT_FUNDED);
    CHECK_INT(outcome(&r, 1), SELECT_RESERVE);
    select_result_free(&r);
    /* Mixed with shortfalls beyond int64: skipped, not an overflow. */
    example(&t, SELECT_MIXED);
    t.in.central = 100;
    t.in.gap_share_bp = 10000;
    t.r[0].amount = INT64_MAX;
    t.r[1].amount = INT64_MAX;
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_OK);
    CHECK_INT(outcome(&r, 0), SELECT_RESERVE);
    CHECK_INT(r.proposals[0].shortfalls[2].needed, INT64_MAX);
    select_result_free(&r);
    /* No proposals at all. */
    inst_init(&t, SELECT_VCP);
    CHECK_INT(select_run(&t.in, &r, &err), SERAI_OK);
    CHECK_INT(r.funded, 0);
    select_result_free(&r);
}

/* ---- the files --------------------------------------------------------------- */

static const char *BUDGETS = "funder,currency,budget\n"
                             "DE-DLR,EUR,50000000\n"
                             "CN-MOST,EUR,40000000\n"
                             "FR-ANR,EUR,20000000\n";

static serai_code load(select_files *f, const char *budgets, const char *props,
                       serai_err *err)
{
    select_files_init(f);
    serai_code rc = select_files_budgets(f, "budgets.csv", budgets, strlen(budgets),
                                         err);
    if (rc == SERAI_OK)
        rc = select_files_proposals(f, "proposals.csv", props, strlen(props), err);
    return rc;
}

static void expect_file_error(const char *budgets, const char *props,
                              const char *detail)
{
    select_files f;
    serai_err err;
    serai_code rc = load(&f, budgets, props, &err);
    CHECK(rc != SERAI_OK);
    if (rc != SERAI_OK)
        CHECK_STR(err.detail, detail);
    select_files_free(&f);
}

static void test_files(void)
{
    const char *props = "score,proposal,funder,amount,rank\n"
                        "9.5,P1,DE-DLR,20000000,1\n"
                        "9.5,P1,CN-MOST,10000000,1\n"
                        "9.1,P2,DE-DLR,40000000,2\n"
                        "8,P3,FR-ANR,5000000,3\n";
    select_files f;
    serai_err err;
    CHECK_INT(load(&f, BUDGETS, props, &err), SERAI_OK);
    CHECK_INT(f.in.nproposals, 3);
    CHECK_INT(f.in.nfunders, 3);
    CHECK_INT(f.in.nrequests, 4);
    CHECK_INT(f.proposals[0].score, 9500);
    CHECK_INT(f.proposals[2].rank, 3);
    CHECK_INT(select_files_prepare(&f, SELECT_VCP, NULL, -1, 0, &err), SERAI_OK);
    select_result r;
    CHECK_INT(select_run(&f.in, &r, &err), SERAI_OK);
    size_t *at;
    char *reasons = select_files_reasons(&f, &r, &at);
    CHECK_STR(reasons + at[0], "funded");
    CHECK_STR(reasons + at[1],
              "skipped: DE-DLR short by 100000.00 EUR (needs 400000.00, has "
              "300000.00)");
    CHECK_STR(reasons + at[2], "funded");
    free(reasons);
    free(at);
    select_result_free(&r);
    /* RCP: the pot is the sum of the budgets unless given. */
    CHECK_INT(select_files_prepare(&f, SELECT_RCP, NULL, -1, 0, &err), SERAI_OK);
    CHECK_INT(f.in.central, 110000000);
    CHECK_STR(f.in.central_currency, "EUR");
    CHECK_INT(select_files_prepare(&f, SELECT_RCP, "EUR", 1000, 0, &err), SERAI_OK);
    CHECK_INT(f.in.central, 1000);
    CHECK_INT(select_files_prepare(&f, SELECT_RCP, "USD", 1000, 0, &err),
              SERAI_EINVAL);
    CHECK_STR(err.detail, "budgets.csv line 2: funder \"DE-DLR\" budgets in EUR, "
                          "but rcp mode pays from one pot in USD");
    CHECK_INT(select_files_prepare(&f, SELECT_RCP, "XXY", 1000, 0, &err),
              SERAI_EINVAL);
    select_files_free(&f);

    /* Ties with the mark, tie_order, flexibility. */
    const char *tied = "proposal,rank,score,funder,amount,tie,tie_order\n"
                       "A,1,5,DE-DLR,30000000,=,2\n"
                       "B,1,5,DE-DLR,30000000,tie,1\n"
                       "C,2,4,FR-ANR,1,,\n";
    const char *flex = "funder,currency,budget,flex_percent\n"
                       "DE-DLR,EUR,50000000,10\n"
                       "FR-ANR,JPY,0,0.5\n";
    CHECK_INT(load(&f, flex, tied, &err), SERAI_OK);
    CHECK_INT(f.funders[0].flex_bp, 1000);
    CHECK_INT(f.funders[1].flex_bp, 50);
    CHECK_INT(f.proposals[0].tie_order, 2);
    CHECK_INT(f.proposals[1].tie_order, 1);
    CHECK_INT(select_files_prepare(&f, SELECT_VCP, NULL, -1, 0, &err), SERAI_OK);
    CHECK_INT(select_run(&f.in, &r, &err), SERAI_OK);
    CHECK_INT(r.proposals[1].outcome, SELECT_FUNDED); /* B first in tie order */
    CHECK_INT(r.proposals[0].outcome, SELECT_RESERVE);
    reasons = select_files_reasons(&f, &r, &at);
    CHECK_STR(reasons + at[0],
              "skipped: DE-DLR short by 50000.00 EUR (needs 300000.00, has "
              "250000.00); tie at rank 1: 1 of 2 funded");
    CHECK_STR(reasons + at[1], "funded; tie at rank 1: 1 of 2 funded");
    CHECK_STR(reasons + at[2], "skipped: FR-ANR short by 1 JPY (needs 1, has 0)");
    free(reasons);
    free(at);
    select_result_free(&r);
    /* Mixed across currencies is refused, naming the funder's line. */
    CHECK_INT(select_files_prepare(&f, SELECT_MIXED, NULL, 10, 5000, &err),
              SERAI_EINVAL);
    CHECK_STR(err.detail, "budgets.csv line 3: funder \"FR-ANR\" budgets in JPY, "
                          "but mixed mode pays from one pot in EUR");
    select_files_free(&f);

    const char *head = "proposal,rank,score,funder,amount\n";
    char buf[512];
#define PROPS(rows) (snprintf(buf, sizeof buf, "%s%s", head, rows), buf)
    expect_file_error(BUDGETS, PROPS("P1,1,9,DE-DLR,100\nP2,2,8,UK-UKRI,5\n"),
                      "proposals.csv line 3: funder \"UK-UKRI\" is not in "
                      "budgets.csv");
    expect_file_error(BUDGETS, PROPS("P1,1,9,DE-DLR,-100\n"),
                      "proposals.csv line 2: amount \"-100\" is negative");
    expect_file_error(BUDGETS, PROPS("P1,1,9,DE-DLR,9223372036854775808\n"),
                      "proposals.csv line 2: amount \"9223372036854775808\" "
                      "does not fit in 64 bits");
    expect_file_error(BUDGETS, PROPS("P1,1,9,DE-DLR,12.50\n"),
                      "proposals.csv line 2: amount \"12.50\" is not a whole "
                      "number of minor units");
    expect_file_error(BUDGETS, PROPS("P1,1,9,DE-DLR,1\nP1,2,9,CN-MOST,1\n"),
                      "proposals.csv line 3: proposal \"P1\" has rank 2 here "
                      "but rank 1 on line 2");
    expect_file_error(BUDGETS, PROPS("P1,1,9,DE-DLR,1\nP1,1,8.5,CN-MOST,1\n"),
                      "proposals.csv line 3: proposal \"P1\" has score 8.5 "
                      "here but score 9 on line 2");
    expect_file_error(BUDGETS, PROPS("P1,1,9,DE-DLR,1\nP2,1,8,CN-MOST,1\n"),
                      "proposals.csv line 3: proposal \"P2\" has rank 1 like "
                      "proposal \"P1\" on line 2, and neither has a tie mark");
    expect_file_error(BUDGETS, PROPS("P1,1,9,DE-DLR,1\nP1,1,9,DE-DLR,2\n"),
                      "proposals.csv line 3: proposal \"P1\" asks funder "
                      "\"DE-DLR\" again (first on line 2)");
    expect_file_error(BUDGETS,
                      "proposal,rank,score,funder,amount,tie_order\n"
                      "P1,1,9,DE-DLR,1,\nP1,1,9,CN-MOST,1,0\nP1,1,9,FR-ANR,1,5\n",
                      "proposals.csv line 4: proposal \"P1\" has tie_order 5 "
                      "here but 0 on an earlier row (its first is line 2)");
    expect_file_error(BUDGETS, PROPS("P1,0,9,DE-DLR,1\n"),
                      "proposals.csv line 2: rank \"0\" is not a whole number "
                      "from 1");
    expect_file_error(BUDGETS, PROPS("P1,1,9,DE-DLR\n"),
                      "proposals.csv line 2: 4 fields, the header has 5");
    expect_file_error(BUDGETS, PROPS("\"P1,1,9,DE-DLR,1\n"),
                      "proposals.csv line 2: quoted field never closed");
    expect_file_error(BUDGETS, "proposal,rank,score,funder\n",
                      "proposals.csv line 1: no column \"amount\"; the columns "
                      "are proposal,rank,score,funder,amount,[tie,tie_order]");
    expect_file_error("funder,currency,budget\nDE-DLR,EURO,1\n", PROPS(""),
                      "budgets.csv line 2: currency \"EURO\" is not an ISO "
                      "4217 code");
    expect_file_error("funder,currency,budget\nDE-DLR,XYZ,1\n", PROPS(""),
                      "budgets.csv line 2: currency \"XYZ\" is not an ISO "
                      "4217 code");
    expect_file_error("funder,currency,budget\nDE-DLR,EUR,-1\n", PROPS(""),
                      "budgets.csv line 2: budget \"-1\" is negative");
    expect_file_error("funder,currency,budget\nA,EUR,1\nA,EUR,2\n", PROPS(""),
                      "budgets.csv line 3: funder \"A\" again (first on line 2)");
    expect_file_error("funder,currency,budget,flex_percent\nA,EUR,1,101\n",
                      PROPS(""),
                      "budgets.csv line 2: flex_percent \"101\" is not a "
                      "percentage from 0 to 100 with at most two decimals");
    expect_file_error(BUDGETS, PROPS(""), "proposals.csv has no proposals");
#undef PROPS
}

static void test_parse(void)
{
    int64_t v;
    int32_t bp;
    CHECK(select_parse_amount("0", &v) && v == 0);
    CHECK(select_parse_amount("9223372036854775807", &v) && v == INT64_MAX);
    CHECK(!select_parse_amount("9223372036854775808", &v));
    CHECK(!select_parse_amount("", &v));
    CHECK(!select_parse_amount("+1", &v));
    CHECK(!select_parse_amount("1e3", &v));
    CHECK(select_parse_percent("40", 10000, &bp) && bp == 4000);
    CHECK(select_parse_percent("62.5", 10000, &bp) && bp == 6250);
    CHECK(select_parse_percent("0.25", 10000, &bp) && bp == 25);
    CHECK(select_parse_percent("100.00", 10000, &bp) && bp == 10000);
    CHECK(!select_parse_percent("100.01", 10000, &bp));
    CHECK(!select_parse_percent("0.125", 10000, &bp));
    CHECK(!select_parse_percent("-1", 10000, &bp));
    CHECK(!select_parse_percent(".5", 10000, &bp));
    CHECK(!select_parse_percent("5.", 10000, &bp));
}

int main(void)
{
    RUN(test_vcp);
    RUN(test_rcp);
    RUN(test_mixed);
    RUN(test_mixed_all_shortfalls);
    RUN(test_all_or_nothing);
    RUN(test_flexibility);
    RUN(test_ties);
    RUN(test_tie_greedy);
    RUN(test_reserve);
    RUN(test_whatif);
    RUN(test_random);
    RUN(test_bad_input);
    RUN(test_files);
    RUN(test_parse);
    return check_report();
}
