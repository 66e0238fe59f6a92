/*
 * test_assign.c -- the reviewer-assignment solver (review/assign.h)
 * against brute force: thousands of tiny random instances (conflicts,
 * per-reviewer minimum and maximum loads, country caps, fair mode) whose
 * every assignment is enumerated; the explanations of infeasible input;
 * exact decimal scores; and the CSV files with their errors.  The LP
 * oracle on medium instances is tests/assign/test_assign_lp.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/err.h"
#include "review/assign.h"

/* ---- scores as decimals ------------------------------------------------ */

static void expect_score(const char *text, int32_t want, bool want_rounded)
{
    int32_t v = -12345;
    bool rounded = !want_rounded;
    bool ok = assign_parse_score(text, &v, &rounded);
    CHECK(ok);
    if (!ok || v != want || rounded != want_rounded)
        fprintf(stderr, "  score \"%s\": got %d (rounded %d), expected %d (%d)\n",
                text, v, rounded, want, want_rounded);
    CHECK_INT(v, want);
    CHECK_INT(rounded, want_rounded);
}

static void expect_bad_score(const char *text)
{
    int32_t v;
    bool rounded;
    bool ok = assign_parse_score(text, &v, &rounded);
    if (ok)
        fprintf(stderr, "  score \"%s\" accepted as %d\n", text, v);
    CHECK(!ok);
}

static void test_scores(void)
{
    expect_score("0.5", 500, false);
    expect_score("-1.25", -1250, false);
    expect_score("3", 3000, false);
    expect_score("+.5", 500, false);
    expect_score("5.", 5000, false);
    expect_score("00012.3400", 12340, false);
    expect_score("0.001", 1, false);
    expect_score("7.1e-2", 71, false);
    expect_score("1E3", 1000000, false);
    expect_score("1e6", 1000000000, false);
    expect_score("-1e6", -1000000000, false);
    expect_score("0", 0, false);
    expect_score("-0", 0, false);
    expect_score("0.000", 0, false);
    /* Past the third decimal: half away from zero, exactly. */
    expect_score("0.0005", 1, true);
    expect_score("0.0004999999", 0, true);
    expect_score("-0.0005", -1, true);
    expect_score("2.6745", 2675, true);
    expect_score("2.67449999999999999999999999", 2674, true);
    expect_score("0.123456789012345678901234567890123456789012345678901234567890"
                 "1234567890123", 123, true);
    expect_score("1e-99999", 0, true);
    expect_score("1000000.0004", 1000000000, true);
    expect_bad_score("1000000.0005");
    expect_bad_score("1000000.001");
    expect_bad_score("123456789012345678901234567890");
    expect_bad_score("");
    expect_bad_score("abc");
    expect_bad_score(".");
    expect_bad_score("-");
    expect_bad_score("1.2.3");
    expect_bad_score("nan");
    expect_bad_score("inf");
    expect_bad_score(" 1");
    expect_bad_score("1 ");
    expect_bad_score("1e");
    expect_bad_score("1e+");
    expect_bad_score("0x10");
    expect_bad_score("1,5");
    char out[32];
    const struct {
        int64_t v;
        const char *text;
    } fmt[] = {{500, "0.5"}, {-1250, "-1.25"}, {3000, "3"}, {71, "0.071"},
               {-1, "-0.001"}, {0, "0"}, {1000000000, "1000000"}, {120, "0.12"}};
    for (size_t i = 0; i < sizeof fmt / sizeof fmt[0]; i++) {
        assign_format_score(fmt[i].v, out, sizeof out);
        CHECK_STR(out, fmt[i].text);
    }
}

/* ---- random tiny instances ------------------------------------------------ */

static uint64_t rng = 88172645463325252ULL;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

#define TP 5
#define TR 6
#define TPAIRS (TP * TR)

typedef struct tiny {
    assign_input in;
    int32_t proposal[TPAIRS], reviewer[TPAIRS], score[TPAIRS];
    uint8_t conflict[TPAIRS];
    int32_t max_loads[TR], min_loads[TR], country[TR];
} tiny;

static void tiny_random(tiny *t, int max_p, int max_r)
{
    memset(t, 0, sizeof *t);
    assign_input *in = &t->in;
    in->nproposals = 1 + (int32_t)rnd((uint32_t)max_p);
    in->nreviewers = 1 + (int32_t)rnd((uint32_t)max_r);
    in->per_proposal = 1 + (int32_t)rnd(3);
    int density = 50 + (int)rnd(51);
    bool ties = rnd(2);
    for (int32_t p = 0; p < in->nproposals; p++)
        for (int32_t r = 0; r < in->nreviewers; r++) {
            if ((int)rnd(100) >= density)
                continue;
            int64_t i = in->npairs++;
            t->proposal[i] = p;
            t->reviewer[i] = r;
            t->score[i] = ties ? ((int32_t)rnd(5) - 1) * 250 : (int32_t)rnd(2001) - 500;
            t->conflict[i] = rnd(10) == 0;
        }
    /* Shuffle the pairs: the solver must not depend on their order. */
    for (int64_t i = in->npairs - 1; i > 0; i--) {
        int64_t j = rnd((uint32_t)i + 1);
        int32_t tp = t->proposal[i], tr = t->reviewer[i], ts = t->score[i];
        uint8_t tc = t->conflict[i];
        t->proposal[i] = t->proposal[j];
        t->reviewer[i] = t->reviewer[j];
        t->score[i] = t->score[j];
        t->conflict[i] = t->conflict[j];
        t->proposal[j] = tp;
        t->reviewer[j] = tr;
        t->score[j] = ts;
        t->conflict[j] = tc;
    }
    in->proposal = t->proposal;
    in->reviewer = t->reviewer;
    in->score = t->score;
    in->conflict = rnd(3) ? t->conflict : NULL;
    in->max_load = 1 + (int32_t)rnd(4);
    in->min_load = rnd(3) == 0 ? (int32_t)rnd(in->max_load < 2 ? 2 : 3) : 0;
    if (rnd(3) == 0) {
        for (int32_t r = 0; r < in->nreviewers; r++) {
            t->max_loads[r] = (int32_t)rnd(5);
            t->min_loads[r] = rnd(3) == 0 ? (int32_t)rnd((uint32_t)t->max_loads[r] + 1) : 0;
        }
        in->max_loads = t->max_loads;
        in->min_loads = t->min_loads;
    }
    if (rnd(3) == 0) {
        for (int32_t r = 0; r < in->nreviewers; r++)
            t->country[r] = 100 + (int32_t)rnd(3) * 7; /* any numbering */
        in->country = t->country;
        in->max_same_country = 1 + (int32_t)rnd(2);
    }
    in->fairness = rnd(3) == 0 ? ASSIGN_FAIR_PAIR : ASSIGN_FAIR_NONE;
}

/* Brute force: every choice of k candidates per proposal. */
typedef struct brute {
    const assign_input *in;
    int32_t load[TR];
    int64_t total;
    int32_t lowest;
    bool feasible;
    int64_t best_total;
    int32_t best_t;          /* fair: the best lowest pair */
    int64_t best_fair_total; /* ... and the best total with it */
    int64_t psum;            /* the current proposal's sum so far */
    int64_t pmin;            /* the lowest sum of the proposals done */
    int64_t best_p;          /* the best lowest per-proposal sum */
    int64_t best_p_total;    /* ... and the best total with it */
} brute;

static int32_t umax(const assign_input *in, int32_t r)
{
    return in->max_loads ? in->max_loads[r] : in->max_load;
}

static int32_t umin(const assign_input *in, int32_t r)
{
    return in->min_loads ? in->min_loads[r] : in->min_load;
}

static void brute_proposal(brute *b, int32_t p);

/* Choose candidates of proposal p from pair index `from` on; chosen so far. */
static void brute_pick(brute *b, int32_t p, int64_t from, int32_t chosen,
                       int32_t *countries, int32_t nc)
{
    const assign_input *in = b->in;
    if (chosen == in->per_proposal) {
        int64_t pmin = b->pmin, psum = b->psum;
        if (psum < b->pmin)
            b->pmin = psum;
        b->psum = 0;
        brute_proposal(b, p + 1);
        b->psum = psum;
        b->pmin = pmin;
        return;
    }
    for (int64_t i = from; i < in->npairs; i++) {
        if (in->proposal[i] != p || (in->conflict && in->conflict[i]))
            continue;
        int32_t r = in->reviewer[i];
        if (b->load[r] >= umax(in, r))
            continue;
        if (in->country) {
            int32_t same = 0;
            for (int32_t c = 0; c < nc; c++)
                same += countries[c] == in->country[r];
            if (same >= in->max_same_country)
                continue;
            countries[nc] = in->country[r];
        }
        int32_t low = b->lowest;
        b->load[r]++;
        b->total += in->score[i];
        b->psum += in->score[i];
        if (in->score[i] < b->lowest)
            b->lowest = in->score[i];
        brute_pick(b, p, i + 1, chosen + 1, countries, nc + (in->country != NULL));
        b->lowest = low;
        b->psum -= in->score[i];
        b->total -= in->score[i];
        b->load[r]--;
    }
}

static void brute_proposal(brute *b, int32_t p)
{
    const assign_input *in = b->in;
    if (p == in->nproposals) {
        for (int32_t r = 0; r < in->nreviewers; r++)
            if (b->load[r] < umin(in, r))
                return;
        if (!b->feasible || b->total > b->best_total)
            b->best_total = b->total;
        if (!b->feasible || b->lowest > b->best_t ||
            (b->lowest == b->best_t && b->total > b->best_fair_total)) {
            b->best_t = b->lowest;
            b->best_fair_total = b->total;
        }
        if (!b->feasible || b->pmin > b->best_p ||
            (b->pmin == b->best_p && b->total > b->best_p_total)) {
            b->best_p = b->pmin;
            b->best_p_total = b->total;
        }
        b->feasible = true;
        return;
    }
    int32_t countries[ASSIGN_MAX_PER_PROPOSAL > 8 ? 8 : 8];
    brute_pick(b, p, 0, 0, countries, 0);
}

/* What the per-proposal mode achieved over the random instances. */
typedef struct proposal_tally {
    int instances;      /* feasible ones */
    int optimal;        /* the lowest per-proposal equals the optimum */
    int optimal_total;  /* ... and the total equals brute force's best */
    int bound_tight;    /* the bound equals the optimum */
    int beats_pair;     /* strictly above the PAIR mode's lowest */
    int64_t gap_sum;    /* optimum - achieved, thousandths */
    int64_t bound_gap_sum; /* bound - achieved */
} proposal_tally;

/*
 * The per-proposal mode on a feasible tiny instance, against brute force
 * and against the NONE and PAIR modes: feasible; achieved <= optimum <=
 * bound; at least the NONE and PAIR lowest; at least 1/k of the optimum
 * with non-negative scores and no country cap; the optimum when k = 1; at
 * an optimal lowest, a total no better than
 * brute force's best with it.
 */
static void check_proposal_mode(int n, const tiny *t, const brute *b,
                                proposal_tally *tl)
{
    tiny c = *t;
    c.in.proposal = c.proposal;
    c.in.reviewer = c.reviewer;
    c.in.score = c.score;
    if (t->in.conflict)
        c.in.conflict = c.conflict;
    if (t->in.max_loads) {
        c.in.max_loads = c.max_loads;
        c.in.min_loads = c.min_loads;
    }
    if (t->in.country)
        c.in.country = c.country;
    assign_result none, pair, prop;
    serai_err err;
    c.in.fairness = ASSIGN_FAIR_NONE;
    CHECK_INT(assign_solve(&c.in, &none, &err), SERAI_OK);
    c.in.fairness = ASSIGN_FAIR_PAIR;
    CHECK_INT(assign_solve(&c.in, &pair, &err), SERAI_OK);
    c.in.fairness = ASSIGN_FAIR_PROPOSAL;
    serai_code rc = assign_solve(&c.in, &prop, &err);
    CHECK_INT(rc, SERAI_OK);
    if (rc != SERAI_OK) {
        fprintf(stderr, "  instance %d: per-proposal mode failed: %s\n", n,
                err.detail);
        assign_result_free(&none);
        assign_result_free(&pair);
        return;
    }
    serai_code vrc = assign_verify(&c.in, &prop, &err);
    CHECK_INT(vrc, SERAI_OK);
    if (vrc)
        fprintf(stderr, "  instance %d: %s\n", n, err.detail);
    const assign_stats *st = &prop.stats;
    if (st->lowest > b->best_p || b->best_p > st->lowest_bound)
        fprintf(stderr, "  instance %d: achieved %lld, optimum %lld, bound %lld\n",
                n, (long long)st->lowest, (long long)b->best_p,
                (long long)st->lowest_bound);
    CHECK(st->lowest <= b->best_p);
    CHECK(b->best_p <= st->lowest_bound);
    CHECK(st->lowest >= none.stats.lowest);
    CHECK(st->lowest >= pair.stats.lowest);
    CHECK(st->objective <= none.stats.objective);
    CHECK(st->fair_probes >= 2);
    CHECK(st->fair_rounds >= 1);
    bool nonneg = true;
    for (int64_t i = 0; i < c.in.npairs; i++)
        nonneg &= c.in.score[i] >= 0;
    if (nonneg && c.in.country == NULL)
        CHECK(st->lowest * c.in.per_proposal >= b->best_p);
    if (c.in.per_proposal == 1)
        CHECK_INT(st->lowest, b->best_p);
    if (st->lowest == b->best_p) {
        CHECK(st->objective <= b->best_p_total);
        tl->optimal++;
        tl->optimal_total += st->objective == b->best_p_total;
    }
    tl->instances++;
    tl->bound_tight += st->lowest_bound == b->best_p;
    tl->beats_pair += st->lowest > pair.stats.lowest;
    tl->gap_sum += b->best_p - st->lowest;
    tl->bound_gap_sum += st->lowest_bound - st->lowest;
    assign_result_free(&none);
    assign_result_free(&pair);
    assign_result_free(&prop);
}

static void test_brute_force(void)
{
    int instances = 20000, feasible = 0, fair = 0, capped = 0, lows = 0;
    proposal_tally tl;
    memset(&tl, 0, sizeof tl);
    tiny t;
    for (int n = 0; n < instances; n++) {
        tiny_random(&t, n < 10000 ? 3 : TP, n < 10000 ? 4 : TR);
        brute b;
        memset(&b, 0, sizeof b);
        b.in = &t.in;
        b.lowest = INT32_MAX;
        b.pmin = INT64_MAX;
        brute_proposal(&b, 0);
        assign_result res;
        serai_err err;
        serai_code rc = assign_solve(&t.in, &res, &err);
        if (b.feasible != (rc == SERAI_OK)) {
            fprintf(stderr, "  instance %d: brute force %s, solver %d (%s)\n", n,
                    b.feasible ? "feasible" : "infeasible", rc, err.detail);
            CHECK(b.feasible == (rc == SERAI_OK));
            continue;
        }
        if (rc != SERAI_OK) {
            CHECK_INT(rc, SERAI_EUNPROCESSABLE);
            CHECK(err.detail[0] != '\0');
            continue;
        }
        feasible++;
        fair += t.in.fairness == ASSIGN_FAIR_PAIR;
        capped += t.in.country != NULL;
        lows += t.in.min_load > 0 || t.in.min_loads != NULL;
        serai_err verr;
        serai_code vrc = assign_verify(&t.in, &res, &verr);
        CHECK_INT(vrc, SERAI_OK);
        if (vrc)
            fprintf(stderr, "  instance %d: %s\n", n, verr.detail);
        CHECK(res.stats.certified_arcs > 0);
        if (t.in.fairness == ASSIGN_FAIR_PAIR) {
            CHECK_INT(res.stats.fair_threshold, b.best_t);
            CHECK_INT(res.stats.lowest_pair, b.best_t);
            CHECK_INT(res.stats.objective, b.best_fair_total);
        } else {
            if (res.stats.objective != b.best_total)
                fprintf(stderr, "  instance %d: objective %lld, brute force %lld\n",
                        n, (long long)res.stats.objective, (long long)b.best_total);
            CHECK_INT(res.stats.objective, b.best_total);
        }
        assign_result_free(&res);
        check_proposal_mode(n, &t, &b, &tl);
    }
    fprintf(stderr, "  %d instances, %d feasible (%d fair, %d with country caps, "
            "%d with minimum loads)\n",
            instances, feasible, fair, capped, lows);
    fprintf(stderr, "  per-proposal mode on %d feasible instances: lowest "
            "optimal on %d (%.2f%%), also the best total with it on %d; "
            "mean shortfall %.2f, mean bound gap %.2f (thousandths); bound "
            "tight on %d (%.2f%%); strictly above pair mode on %d\n",
            tl.instances, tl.optimal, 100.0 * tl.optimal / tl.instances,
            tl.optimal_total, (double)tl.gap_sum / tl.instances,
            (double)tl.bound_gap_sum / tl.instances, tl.bound_tight,
            100.0 * tl.bound_tight / tl.instances, tl.beats_pair);
    /* Measured: the optimum on 99.8% of them, the bound tight on 98.0%. */
    CHECK(tl.optimal * 1000 >= tl.instances * 995);
    CHECK(tl.bound_tight * 100 >= tl.instances * 97);
    CHECK(feasible > instances / 4);
    CHECK(fair > 100);
    CHECK(capped > 100);
    CHECK(lows > 100);
}

/*
 * The per-proposal mode on harder instances than the above: every pair a
 * candidate but a few conflicts, scores 0..1 in thousandths, k 2 or 3,
 * loads that leave little slack, sometimes a country cap.  The shares
 * asserted are a little below those measured (docs/review.md quotes them).
 */
static void test_proposal_mode_harder(void)
{
    proposal_tally tl;
    memset(&tl, 0, sizeof tl);
    int instances = 1500, capped = 0;
    tiny t;
    for (int n = 0; n < instances; n++) {
        memset(&t, 0, sizeof t);
        assign_input *in = &t.in;
        in->nproposals = 3 + (int32_t)rnd(2);
        in->nreviewers = TR;
        in->per_proposal = 2 + (int32_t)rnd(in->nproposals == 4 ? 1 : 2);
        for (int32_t p = 0; p < in->nproposals; p++)
            for (int32_t r = 0; r < in->nreviewers; r++) {
                int64_t i = in->npairs++;
                t.proposal[i] = p;
                t.reviewer[i] = r;
                t.score[i] = (int32_t)rnd(1001);
                t.conflict[i] = rnd(12) == 0;
            }
        in->proposal = t.proposal;
        in->reviewer = t.reviewer;
        in->score = t.score;
        in->conflict = t.conflict;
        int32_t demand = in->nproposals * in->per_proposal;
        in->max_load = (demand + TR - 1) / TR + (int32_t)rnd(2);
        in->min_load = rnd(4) == 0 ? 1 : 0;
        if (rnd(4) == 0) {
            for (int32_t r = 0; r < in->nreviewers; r++)
                t.country[r] = (int32_t)rnd(3);
            in->country = t.country;
            in->max_same_country = 1 + (int32_t)rnd(2);
        }
        brute b;
        memset(&b, 0, sizeof b);
        b.in = in;
        b.lowest = INT32_MAX;
        b.pmin = INT64_MAX;
        brute_proposal(&b, 0);
        if (!b.feasible)
            continue;
        capped += in->country != NULL;
        check_proposal_mode(n, &t, &b, &tl);
    }
    fprintf(stderr, "  harder instances: %d feasible (%d with country caps): "
            "lowest optimal on %d (%.2f%%), also the best total with it on "
            "%d; mean shortfall %.2f, mean bound gap %.2f (thousandths); "
            "bound tight on %d (%.2f%%); strictly above pair mode on %d\n",
            tl.instances, capped, tl.optimal, 100.0 * tl.optimal / tl.instances,
            tl.optimal_total, (double)tl.gap_sum / tl.instances,
            (double)tl.bound_gap_sum / tl.instances, tl.bound_tight,
            100.0 * tl.bound_tight / tl.instances, tl.beats_pair);
    CHECK(tl.instances > instances / 2);
    /* Measured: the optimum on 98.0% of them, the bound tight on 82.1%. */
    CHECK(tl.optimal * 100 >= tl.instances * 96);
    CHECK(tl.bound_tight * 100 >= tl.instances * 78);
    CHECK(tl.beats_pair > 100);
}

/*
 * A hand-made instance where both exact modes miss the best lowest
 * per-proposal affinity.  Two proposals, four reviewers reviewing one
 * each, k = 2:
 *
 *            r0    r1    r2    r3
 *     A     1.0   0.8   0.4   0.8
 *     B     0.8   0.9   0.3   0.4
 *
 * NONE: A {r0, r3} 1.8, B {r1, r2} 1.2 -- total 3.0, lowest 1.2.
 * PAIR: t* = 0.4; A {r2, r3} 1.2, B {r0, r1} 1.7 -- lowest 1.2.
 * Best lowest per proposal: A {r0, r2} 1.4, B {r1, r3} 1.3 -- 1.3 (the
 * only assignment reaching it, total 2.7).
 */
static void test_proposal_mode_beats_pair(void)
{
    static const int32_t sc[2][4] = {{1000, 800, 400, 800}, {800, 900, 300, 400}};
    int32_t prop[8], rev[8], score[8];
    int n = 0;
    for (int32_t p = 0; p < 2; p++)
        for (int32_t r = 0; r < 4; r++) {
            prop[n] = p;
            rev[n] = r;
            score[n] = sc[p][r];
            n++;
        }
    assign_input in = {0};
    in.nproposals = 2;
    in.nreviewers = 4;
    in.npairs = n;
    in.proposal = prop;
    in.reviewer = rev;
    in.score = score;
    in.per_proposal = 2;
    in.max_load = 1;
    in.min_load = 1;
    assign_result none, pair, prop_res;
    serai_err err;
    in.fairness = ASSIGN_FAIR_NONE;
    CHECK_INT(assign_solve(&in, &none, &err), SERAI_OK);
    in.fairness = ASSIGN_FAIR_PAIR;
    CHECK_INT(assign_solve(&in, &pair, &err), SERAI_OK);
    in.fairness = ASSIGN_FAIR_PROPOSAL;
    CHECK_INT(assign_solve(&in, &prop_res, &err), SERAI_OK);
    CHECK_INT(assign_verify(&in, &prop_res, &err), SERAI_OK);
    CHECK_INT(none.stats.objective, 3000);
    CHECK_INT(none.stats.lowest, 1200);
    CHECK_INT(pair.stats.fair_threshold, 400);
    CHECK_INT(pair.stats.objective, 2900);
    CHECK_INT(pair.stats.lowest, 1200);
    CHECK_INT(prop_res.stats.lowest, 1300);
    CHECK_INT(prop_res.stats.objective, 2700);
    CHECK(prop_res.stats.lowest > none.stats.lowest);
    CHECK(prop_res.stats.lowest > pair.stats.lowest);
    CHECK(prop_res.stats.lowest_bound >= 1300);
    /* A {r0, r2}, B {r1, r3}: pairs 0, 2, 5, 7. */
    CHECK_INT(prop_res.count, 4);
    if (prop_res.count == 4) {
        CHECK_INT(prop_res.pairs[0], 0);
        CHECK_INT(prop_res.pairs[1], 2);
        CHECK_INT(prop_res.pairs[2], 5);
        CHECK_INT(prop_res.pairs[3], 7);
    }
    fprintf(stderr, "  hand-made: none %lld, pair %lld, per proposal %lld "
            "(bound %lld, kappa %d, %d solves)\n",
            (long long)none.stats.lowest, (long long)pair.stats.lowest,
            (long long)prop_res.stats.lowest,
            (long long)prop_res.stats.lowest_bound, prop_res.stats.fair_kappa,
            prop_res.stats.fair_probes);
    assign_result_free(&none);
    assign_result_free(&pair);
    assign_result_free(&prop_res);
}

/* ---- explanations ----------------------------------------------------------- */

typedef struct small {
    assign_input in;
    int32_t proposal[64], reviewer[64], score[64];
    const char *pnames[8], *rnames[8];
} small;

static void small_init(small *s, int32_t np, int32_t nr, int32_t k,
                       int32_t max_load)
{
    static const char *const pn[] = {"P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8"};
    static const char *const rn[] = {"R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8"};
    memset(s, 0, sizeof *s);
    for (int i = 0; i < 8; i++) {
        s->pnames[i] = pn[i];
        s->rnames[i] = rn[i];
    }
    s->in.nproposals = np;
    s->in.nreviewers = nr;
    s->in.per_proposal = k;
    s->in.max_load = max_load;
    s->in.proposal = s->proposal;
    s->in.reviewer = s->reviewer;
    s->in.score = s->score;
    s->in.proposal_name = s->pnames;
    s->in.reviewer_name = s->rnames;
}

static void small_pair(small *s, int32_t p, int32_t r, int32_t score)
{
    int64_t i = s->in.npairs++;
    s->proposal[i] = p;
    s->reviewer[i] = r;
    s->score[i] = score;
}

static void expect_refusal(const small *s, serai_code code, const char *text)
{
    assign_result res;
    serai_err err;
    serai_code rc = assign_solve(&s->in, &res, &err);
    CHECK_INT(rc, code);
    if (rc == SERAI_OK) {
        assign_result_free(&res);
        return;
    }
    if (strstr(err.detail, text) == NULL)
        fprintf(stderr, "  \"%s\" lacks \"%s\"\n", err.detail, text);
    CHECK(strstr(err.detail, text) != NULL);
}

static void test_explanations(void)
{
    small s;
    /* Too few candidates. */
    small_init(&s, 2, 4, 3, 2);
    for (int r = 0; r < 4; r++)
        small_pair(&s, 0, r, 500);
    small_pair(&s, 1, 0, 500);
    small_pair(&s, 1, 1, 500);
    expect_refusal(&s, SERAI_EUNPROCESSABLE,
                   "proposal P2 has only 2 conflict-free candidates and needs 3 "
                   "reviewers");
    /* A conflict takes one away. */
    small_init(&s, 1, 3, 3, 1);
    for (int r = 0; r < 3; r++)
        small_pair(&s, 0, r, 500);
    uint8_t conflict[3] = {0, 1, 0};
    s.in.conflict = conflict;
    expect_refusal(&s, SERAI_EUNPROCESSABLE,
                   "proposal P1 has only 2 conflict-free candidates");
    /* The country cap. */
    small_init(&s, 1, 3, 2, 1);
    for (int r = 0; r < 3; r++)
        small_pair(&s, 0, r, 500);
    int32_t country[3] = {4, 4, 4};
    s.in.country = country;
    s.in.max_same_country = 1;
    expect_refusal(&s, SERAI_EUNPROCESSABLE,
                   "proposal P1 has 3 conflict-free candidates but only 1 of "
                   "them can be assigned with at most 1 per country");
    /* Capacity. */
    small_init(&s, 2, 5, 3, 1);
    for (int p = 0; p < 2; p++)
        for (int r = 0; r < 5; r++)
            small_pair(&s, p, r, 100);
    expect_refusal(&s, SERAI_EUNPROCESSABLE, "total capacity 5 < demand 6");
    /* Minimum loads. */
    s.in.max_load = 3;
    s.in.min_load = 2;
    expect_refusal(&s, SERAI_EUNPROCESSABLE, "minimum loads total 10 > demand 6");
    small_init(&s, 2, 3, 1, 3);
    small_pair(&s, 0, 0, 1);
    small_pair(&s, 1, 1, 1);
    small_pair(&s, 1, 2, 1);
    s.in.min_load = 2;
    expect_refusal(&s, SERAI_EUNPROCESSABLE,
                   "reviewer R1 can review only 1 proposal");
    /* A Hall cut: three proposals share two reviewers of load 1. */
    small_init(&s, 4, 4, 1, 1);
    for (int p = 0; p < 3; p++) {
        small_pair(&s, p, 0, 300 + p);
        small_pair(&s, p, 1, 200 + p);
    }
    small_pair(&s, 3, 2, 100);
    small_pair(&s, 3, 3, 100);
    expect_refusal(&s, SERAI_EUNPROCESSABLE, "need 3 reviews, but their "
                   "conflict-free candidates (2 reviewers) can take at most 2");
    /* A minimum-load cut: R1 and R2 each need 1 but only P1 can use them. */
    small_init(&s, 3, 4, 1, 2);
    small_pair(&s, 0, 0, 100);
    small_pair(&s, 0, 1, 100);
    small_pair(&s, 1, 2, 100);
    small_pair(&s, 2, 3, 100);
    int32_t mins[4] = {1, 1, 0, 0}, maxs[4] = {2, 2, 2, 2};
    s.in.min_loads = mins;
    s.in.max_loads = maxs;
    expect_refusal(&s, SERAI_EUNPROCESSABLE, "minimum loads cannot be met");
    expect_refusal(&s, SERAI_EUNPROCESSABLE, "need at least 2 reviews");
    /* Malformed input. */
    small_init(&s, 1, 2, 1, 1);
    small_pair(&s, 0, 1, 100);
    small_pair(&s, 0, 1, 200);
    expect_refusal(&s, SERAI_EINVAL, "pair 1 repeats pair 0");
    small_init(&s, 1, 2, 1, 1);
    small_pair(&s, 0, 2, 100);
    expect_refusal(&s, SERAI_EINVAL, "out of range");
    small_init(&s, 1, 2, 1, 1);
    small_pair(&s, 0, 0, 100);
    s.in.min_load = 2;
    expect_refusal(&s, SERAI_EINVAL, "loads must satisfy");
    small_init(&s, 1, 2, 0, 1);
    small_pair(&s, 0, 0, 100);
    expect_refusal(&s, SERAI_EINVAL, "reviewers per proposal");
}

/* ---- fair mode on a larger instance: the threshold is the highest -------- */

static void test_fair_threshold(void)
{
    int32_t P = 60, R = 45, per = 12;
    int64_t n = (int64_t)P * per;
    int32_t *prop = malloc(sizeof(int32_t) * (size_t)n);
    int32_t *rev = malloc(sizeof(int32_t) * (size_t)n);
    int32_t *score = malloc(sizeof(int32_t) * (size_t)n);
    uint8_t *conflict = calloc((size_t)n, 1);
    int64_t m = 0;
    for (int32_t p = 0; p < P; p++) {
        int32_t base = (int32_t)rnd((uint32_t)R);
        for (int32_t j = 0; j < per; j++) {
            prop[m] = p;
            rev[m] = (base + j * 3) % R;
            score[m] = (int32_t)rnd(1000);
            m++;
        }
    }
    assign_input in = {0};
    in.nproposals = P;
    in.nreviewers = R;
    in.npairs = m;
    in.proposal = prop;
    in.reviewer = rev;
    in.score = score;
    in.conflict = conflict;
    in.per_proposal = 3;
    in.max_load = 5;
    in.min_load = 1;
    assign_result plain, fair;
    serai_err err;
    CHECK_INT(assign_solve(&in, &plain, &err), SERAI_OK);
    in.fairness = ASSIGN_FAIR_PAIR;
    CHECK_INT(assign_solve(&in, &fair, &err), SERAI_OK);
    CHECK_INT(fair.stats.lowest_pair, fair.stats.fair_threshold);
    CHECK(fair.stats.fair_threshold >= plain.stats.lowest_pair);
    CHECK(fair.stats.objective <= plain.stats.objective);
    CHECK(fair.stats.lowest >= 3LL * fair.stats.fair_threshold);
    CHECK_INT(assign_verify(&in, &fair, &err), SERAI_OK);
    /* Nothing is feasible once the pairs at or below t* are gone. */
    for (int64_t i = 0; i < m; i++)
        conflict[i] = score[i] <= fair.stats.fair_threshold;
    in.fairness = ASSIGN_FAIR_NONE;
    assign_result none;
    CHECK_INT(assign_solve(&in, &none, &err), SERAI_EUNPROCESSABLE);
    /* ... and with only those below gone, the fair total is the optimum. */
    for (int64_t i = 0; i < m; i++)
        conflict[i] = score[i] < fair.stats.fair_threshold;
    assign_result same;
    CHECK_INT(assign_solve(&in, &same, &err), SERAI_OK);
    CHECK_INT(same.stats.objective, fair.stats.objective);
    assign_result_free(&same);
    assign_result_free(&plain);
    assign_result_free(&fair);
    free(prop);
    free(rev);
    free(score);
    free(conflict);
}

/* ---- the files ------------------------------------------------------------ */

static serai_code load(assign_files *f, const char *scores, const char *conflicts,
                       const char *countries, serai_err *err)
{
    assign_files_init(f);
    serai_code rc = assign_files_scores(f, "scores.csv", scores, strlen(scores), err);
    if (rc == SERAI_OK && conflicts)
        rc = assign_files_conflicts(f, "conflicts.csv", conflicts,
                                    strlen(conflicts), err);
    if (rc == SERAI_OK && countries)
        rc = assign_files_countries(f, "people.csv", countries,
                                    strlen(countries), err);
    if (rc == SERAI_OK)
        rc = assign_files_finish(f, err);
    return rc;
}

static void expect_file_error(const char *scores, const char *conflicts,
                              const char *countries, const char *text)
{
    assign_files f;
    serai_err err;
    serai_code rc = load(&f, scores, conflicts, countries, &err);
    CHECK(rc != SERAI_OK);
    if (rc != SERAI_OK && strstr(err.detail, text) == NULL)
        fprintf(stderr, "  \"%s\" lacks \"%s\"\n", err.detail, text);
    CHECK(rc != SERAI_OK && strstr(err.detail, text) != NULL);
    assign_files_free(&f);
}

static void test_files(void)
{
    /* BOM, CRLF, quotes, columns in another order. */
    const char *scores = "\xEF\xBB\xBFreviewer,score,proposal\r\n"
                         "\"Smith, J.\",0.9,p1\r\n"
                         "r2,0.5,p1\r\n"
                         "r3,0.25,p1\r\n"
                         "\"Smith, J.\",0.1,\"p \"\"2\"\"\"\r\n"
                         "r2,0.7,\"p \"\"2\"\"\"\r\n"
                         "r3,0.8,\"p \"\"2\"\"\"\r\n";
    const char *conflicts = "proposal,reviewer\np1,r2\n\"p \"\"2\"\"\",r3\n";
    assign_files f;
    serai_err err;
    CHECK_INT(load(&f, scores, conflicts, NULL, &err), SERAI_OK);
    CHECK_INT(f.in.nproposals, 2);
    CHECK_INT(f.in.nreviewers, 3);
    CHECK_INT(f.in.npairs, 6);
    CHECK_INT(f.conflicts_applied, 2);
    CHECK_STR(f.proposal_ids[1], "p \"2\"");
    f.in.per_proposal = 2;
    f.in.max_load = 2;
    assign_result res;
    CHECK_INT(assign_solve(&f.in, &res, &err), SERAI_OK);
    CHECK_INT(res.stats.objective, 900 + 250 + 100 + 700);
    size_t len;
    char *out = assign_files_output(&f, &res, &len);
    CHECK_STR(out, "proposal,reviewer,score\n"
                   "p1,\"Smith, J.\",0.9\n"
                   "p1,r3,0.25\n"
                   "\"p \"\"2\"\"\",\"Smith, J.\",0.1\n"
                   "\"p \"\"2\"\"\",r2,0.7\n");
    CHECK_INT(len, strlen(out));
    free(out);
    assign_result_free(&res);
    assign_files_free(&f);

    /* Countries: extra columns ignored, people without candidacies too. */
    CHECK_INT(load(&f, "proposal,reviewer,score\na,x,1\na,y,2\na,z,3\n", NULL,
                   "name,reviewer,country\nX,x,CN\nY,y,CN\nZ,z,DE\nW,w,FR\n", &err),
              SERAI_OK);
    f.in.per_proposal = 2;
    f.in.max_load = 1;
    f.in.max_same_country = 1;
    CHECK_INT(assign_solve(&f.in, &res, &err), SERAI_OK);
    CHECK_INT(res.stats.objective, 2000 + 3000);
    assign_result_free(&res);
    assign_files_free(&f);

    /* Errors, each with its file and line. */
    expect_file_error("proposal,reviewer,score\na,x,1\nb,y,2\na,x,3\n", NULL, NULL,
                      "scores.csv line 4: the pair (a, x) was already scored on "
                      "line 2");
    expect_file_error("proposal,reviewer,score\na,x,1\nb,y,high\n", NULL, NULL,
                      "scores.csv line 3: score \"high\" is not a number");
    expect_file_error("proposal,reviewer,score\na,x,1\n", "proposal,reviewer\na,q\n",
                      NULL, "conflicts.csv line 2: unknown reviewer \"q\"");
    expect_file_error("proposal,reviewer,score\na,x,1\n", "proposal,reviewer\nb,x\n",
                      NULL, "conflicts.csv line 2: unknown proposal \"b\"");
    expect_file_error("proposal,reviewer\na,x\n", NULL, NULL,
                      "scores.csv line 1: no column \"score\"");
    expect_file_error("proposal,reviewer,score,extra\na,x,1,2\n", NULL, NULL,
                      "unknown column \"extra\"");
    expect_file_error("proposal,reviewer,score,score\na,x,1,2\n", NULL, NULL,
                      "column \"score\" appears twice");
    expect_file_error("proposal,reviewer,score\na,x,1\r\nb,y\r\n", NULL, NULL,
                      "scores.csv line 3: 2 fields, the header has 3");
    expect_file_error("proposal,reviewer,score\na,x,1\nb,\"y,2\n", NULL, NULL,
                      "line 3: quoted field never closed");
    expect_file_error("proposal,reviewer,score\na,x,1\nb,y\"z,2\n", NULL, NULL,
                      "line 3: stray quote");
    expect_file_error("proposal,reviewer,score\n,x,1\n", NULL, NULL,
                      "scores.csv line 2: empty proposal id");
    expect_file_error("proposal,reviewer,score\n", NULL, NULL, "no scored pairs");
    expect_file_error("", NULL, NULL, "scores.csv is empty");
    expect_file_error("proposal,reviewer,score\na,x,1\na,y,1\n", NULL,
                      "reviewer,country\nx,CN\n",
                      "people.csv: reviewer \"y\" (scores.csv line 3) has no country");
    expect_file_error("proposal,reviewer,score\na,x,1\n", NULL,
                      "reviewer,country\nx,China\n",
                      "people.csv line 2: country \"China\" is not an ISO 3166-1 "
                      "alpha-2 code");
    expect_file_error("proposal,reviewer,score\na,x,1\n", NULL,
                      "reviewer,country\nx,CN\nx,DE\n",
                      "people.csv line 3: reviewer \"x\" again (first on line 2)");
    expect_file_error("proposal,reviewer,score\na,x,1\n", NULL, "reviewer\nx\n",
                      "people.csv line 1: no column \"country\"");
}

int main(void)
{
    RUN(test_scores);
    RUN(test_brute_force);
    RUN(test_proposal_mode_harder);
    RUN(test_proposal_mode_beats_pair);
    RUN(test_explanations);
    RUN(test_fair_threshold);
    RUN(test_files);
    return check_report();
}
