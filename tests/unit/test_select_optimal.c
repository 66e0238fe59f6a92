/*
 * test_select_optimal.c -- optimal (non-binding) selection with CBC
 * (decision/select.h, select_optimal): its optimum against brute force on
 * many tiny random instances of the three funding modes (every subset
 * enumerated; the mixed mode's gap pot checked exactly), every returned
 * selection against every budget, the two objectives, a case where the
 * binding rank order costs score, the time limit on a hard instance, and
 * the errors of malformed input.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/err.h"
#include "decision/select.h"

static void result_free(select_result *r)
{
    select_result_free(r);
    CHECK(r->arena == NULL && r->proposals == NULL);
}

/* ---- a deterministic generator ------------------------------------------ */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rng(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    rng_state = x;
    return x;
}

static int64_t rnd(int64_t lo, int64_t hi) /* inclusive */
{
    return lo + (int64_t)(rng() % (uint64_t)(hi - lo + 1));
}

/* ---- an instance held in plain arrays ------------------------------------ */

#define MAXP 320
#define MAXF 24
#define MAXR (MAXP * MAXF)

typedef struct inst {
    select_proposal props[MAXP];
    select_funder funders[MAXF];
    select_request reqs[MAXR];
    select_input in;
} inst;

static void inst_init(inst *t, select_mode mode, int32_t np, int32_t nf)
{
    memset(t, 0, sizeof *t);
    t->in.mode = mode;
    t->in.nproposals = np;
    t->in.nfunders = nf;
    t->in.proposals = t->props;
    t->in.funders = t->funders;
    t->in.requests = t->reqs;
    t->in.reserve_max = -1;
    memcpy(t->in.central_currency, "EUR", 4);
    for (int32_t f = 0; f < nf; f++) {
        t->funders[f].id = "F";
        memcpy(t->funders[f].currency, "EUR", 4);
    }
    for (int32_t p = 0; p < np; p++) {
        t->props[p].id = "P";
        t->props[p].rank = p + 1;
    }
}

static void add_req(inst *t, int32_t p, int32_t f, int64_t amount)
{
    t->reqs[t->in.nrequests++] = (select_request){p, f, amount};
}

static int64_t cap_of(const select_funder *f)
{
    return f->budget + f->budget * f->flex_bp / 10000;
}

static int64_t pot_of(const select_input *in)
{
    if (in->mode == SELECT_RCP)
        return in->central;
    if (in->mode == SELECT_MIXED)
        return in->central * in->gap_share_bp / 10000;
    return 0;
}

/* Is the set (a bit mask, or fund[]) payable under the input's mode?
 * For MIXED: the national overflows summed fit in the gap pot, which is
 * exactly when the continuous gap variables have a feasible value. */
static bool payable(const select_input *in, const bool *fund, int64_t *spent, int64_t *central)
{
    int64_t total = 0;
    for (int32_t f = 0; f < in->nfunders; f++)
        spent[f] = 0;
    for (int64_t r = 0; r < in->nrequests; r++)
        if (fund[in->requests[r].proposal]) {
            spent[in->requests[r].funder] += in->requests[r].amount;
            total += in->requests[r].amount;
        }
    int64_t over = 0;
    bool ok = true;
    for (int32_t f = 0; f < in->nfunders; f++) {
        int64_t cap = cap_of(&in->funders[f]);
        if (spent[f] > cap) {
            over += spent[f] - cap;
            if (in->mode == SELECT_VCP)
                ok = false;
        }
    }
    *central = 0;
    if (in->mode == SELECT_RCP) {
        *central = total;
        ok = total <= in->central;
    } else if (in->mode == SELECT_MIXED) {
        *central = over;
        ok = over <= pot_of(in);
    }
    return ok;
}

static int64_t value_of(const select_input *in, select_objective obj, const bool *fund)
{
    int64_t v = 0;
    for (int32_t p = 0; p < in->nproposals; p++)
        if (fund[p])
            v += obj == SELECT_MAX_COUNT ? 1 : in->proposals[p].score;
    return v;
}

static int64_t brute_force(const select_input *in, select_objective obj)
{
    int32_t n = in->nproposals;
    bool fund[MAXP];
    int64_t spent[MAXF], central, best = 0;
    for (uint32_t mask = 0; mask < (1u << n); mask++) {
        for (int32_t p = 0; p < n; p++)
            fund[p] = (mask >> p) & 1u;
        if (payable(in, fund, spent, &central)) {
            int64_t v = value_of(in, obj, fund);
            if (v > best)
                best = v;
        }
    }
    return best;
}

/* Everything a result must satisfy, whatever the objective.  Returns the
 * value of the returned selection. */
static int64_t check_result(const select_input *in, select_objective obj, const select_result *r,
                            const select_optimal_stats *st)
{
    bool fund[MAXP];
    int64_t spent[MAXF], central;
    int32_t funded = 0, reserve = 0, not_funded = 0;
    int64_t score = 0, central_used = 0;
    bool order_seen[MAXP] = {false};
    for (int32_t p = 0; p < in->nproposals; p++) {
        const select_decision *d = &r->proposals[p];
        fund[p] = d->outcome == SELECT_FUNDED;
        funded += d->outcome == SELECT_FUNDED;
        reserve += d->outcome == SELECT_RESERVE;
        not_funded += d->outcome == SELECT_NOT_FUNDED;
        if (fund[p]) {
            score += in->proposals[p].score;
            central_used += d->central_used;
            CHECK_INT(d->nshort, 0);
        }
        CHECK(d->order >= 0 && d->order < in->nproposals);
        if (d->order >= 0 && d->order < in->nproposals) {
            CHECK(!order_seen[d->order]);
            order_seen[d->order] = true;
        }
        for (int32_t k = 0; k < d->nshort; k++)
            CHECK(d->shortfalls[k].needed > d->shortfalls[k].available);
    }
    bool ok = payable(in, fund, spent, &central);
    CHECK(ok);
    CHECK_INT(r->funded, funded);
    CHECK_INT(r->reserve, reserve);
    CHECK_INT(r->not_funded, not_funded);
    CHECK_INT(funded + reserve + not_funded, in->nproposals);
    CHECK_INT(r->funded_score, score);
    /* MIXED: spent is the national money, the band pays the overflow. */
    for (int32_t f = 0; f < in->nfunders; f++) {
        int64_t cap = cap_of(&in->funders[f]);
        int64_t national = in->mode == SELECT_MIXED && spent[f] > cap ? cap : spent[f];
        CHECK_INT(r->spent[f], national);
        CHECK_INT(r->remaining[f], cap - national);
    }
    if (in->mode != SELECT_VCP) {
        CHECK_INT(r->central_spent, central);
        CHECK_INT(central_used, central);
        CHECK_INT(r->central_remaining, pot_of(in) - central);
    }
    if (in->reserve_max >= 0)
        CHECK(reserve <= in->reserve_max);
    int64_t v = value_of(in, obj, fund);
    CHECK(st->objective == (double)v);
    CHECK(st->bound >= st->objective);
    CHECK(st->gap >= 0);
    double want_gap = (st->bound - st->objective) / fmax(fabs(st->objective), 1e-9);
    CHECK(fabs(st->gap - want_gap) <= 1e-9 * fmax(1.0, want_gap));
    if (st->optimal)
        CHECK(st->gap == 0 && st->bound == st->objective);
    return v;
}

/* ---- tiny random instances against brute force ---------------------------- */

static void random_tiny(inst *t, select_mode mode)
{
    int32_t np = (int32_t)rnd(1, 14), nf = (int32_t)rnd(1, 4);
    inst_init(t, mode, np, nf);
    int64_t asked[MAXF] = {0};
    for (int32_t p = 0; p < np; p++) {
        t->props[p].rank = (int32_t)rnd(1, np);
        t->props[p].tie_order = (int32_t)rnd(0, 3);
        t->props[p].score = rng() % 8 == 0 ? 0 : rnd(0, 5000);
        int32_t k = rng() % 10 == 0 ? 0 : (int32_t)rnd(1, nf);
        int32_t first = (int32_t)rnd(0, nf - 1);
        for (int32_t j = 0; j < k; j++) {
            int32_t f = (first + j) % nf;
            int64_t a = rnd(1, 100);
            add_req(t, p, f, a);
            asked[f] += a;
        }
    }
    int64_t all = 0;
    for (int32_t f = 0; f < nf; f++) {
        t->funders[f].budget = asked[f] * rnd(10, 70) / 100;
        t->funders[f].flex_bp = rng() % 3 == 0 ? (int32_t)rnd(0, 2000) : 0;
        all += asked[f];
    }
    t->in.reserve_max = (int32_t)rnd(-1, 3);
    if (mode == SELECT_RCP)
        t->in.central = all * rnd(10, 70) / 100;
    else if (mode == SELECT_MIXED) {
        t->in.central = all * rnd(0, 50) / 100;
        t->in.gap_share_bp = (int32_t)rnd(0, 10000);
    }
}

static void test_brute_force(void)
{
    static inst t;
    int mismatches = 0;
    for (int i = 0; i < 240; i++) {
        select_mode mode = (select_mode)(i % 3);
        random_tiny(&t, mode);
        for (int o = 0; o < 2; o++) {
            select_objective obj = o ? SELECT_MAX_COUNT : SELECT_MAX_SCORE;
            select_result r;
            select_optimal_stats st;
            serai_err err;
            serai_code rc = select_optimal(&t.in, obj, 30.0, &r, &st, &err);
            CHECK_INT(rc, SERAI_OK);
            if (rc != SERAI_OK) {
                fprintf(stderr, "  instance %d: %s\n", i, err.detail);
                continue;
            }
            int64_t want = brute_force(&t.in, obj);
            int64_t got = check_result(&t.in, obj, &r, &st);
            CHECK(st.optimal);
            CHECK(st.gap == 0);
            CHECK_INT(got, want);
            if (got != want && mismatches++ < 5)
                fprintf(stderr, "  instance %d (mode %d, objective %d, %d proposals): "
                        "%lld, brute force %lld\n", i, (int)mode, o, (int)t.in.nproposals,
                        (long long)got, (long long)want);
            result_free(&r);
        }
    }
}

/* ---- hand-made instances ------------------------------------------------ */

/* One funder of 100: one proposal of 100 with the top score, or two of 50. */
static void test_objectives_differ(void)
{
    static inst t;
    inst_init(&t, SELECT_VCP, 3, 1);
    t.funders[0].budget = 100;
    t.props[0].score = 5000;
    t.props[1].score = 2000;
    t.props[2].score = 2000;
    add_req(&t, 0, 0, 100);
    add_req(&t, 1, 0, 50);
    add_req(&t, 2, 0, 50);
    select_result r;
    select_optimal_stats st;
    serai_err err;
    CHECK_INT(select_optimal(&t.in, SELECT_MAX_SCORE, 10.0, &r, &st, &err), SERAI_OK);
    check_result(&t.in, SELECT_MAX_SCORE, &r, &st);
    CHECK(st.optimal);
    CHECK(st.objective == 5000);
    CHECK_INT(r.proposals[0].outcome, SELECT_FUNDED);
    CHECK_INT(r.funded, 1);
    CHECK_INT(r.proposals[1].outcome, SELECT_RESERVE);
    CHECK_INT(r.proposals[1].nshort, 1);
    if (r.proposals[1].nshort == 1) {
        CHECK_INT(r.proposals[1].shortfalls[0].funder, 0);
        CHECK_INT(r.proposals[1].shortfalls[0].needed, 50);
        CHECK_INT(r.proposals[1].shortfalls[0].available, 0);
    }
    result_free(&r);

    CHECK_INT(select_optimal(&t.in, SELECT_MAX_COUNT, 10.0, &r, &st, &err), SERAI_OK);
    check_result(&t.in, SELECT_MAX_COUNT, &r, &st);
    CHECK(st.optimal);
    CHECK(st.objective == 2);
    CHECK_INT(r.proposals[0].outcome, SELECT_RESERVE);
    CHECK_INT(r.proposals[1].outcome, SELECT_FUNDED);
    CHECK_INT(r.proposals[2].outcome, SELECT_FUNDED);
    CHECK_INT(r.funded_score, 4000);
    result_free(&r);
}

/*
 * Funder A has 100, funder B 100.  In rank order:
 *   P0 (rank 1, 4.000) asks A 70
 *   P1 (rank 2, 3.900) asks A 50, B 30
 *   P2 (rank 3, 3.800) asks A 50, B 30
 *   P3 (rank 4, 1.000) asks A 30
 * Binding (worked by hand): P0 is funded (A has 30 left); P1 and P2 are
 * skipped, A being short (50 asked, 30 left); P3 fits (A 30): funded.
 * Binding funds P0 and P3, 5.000.  Optimal funds P1 and P2, 7.700.
 */
static void test_binding_costs_score(void)
{
    static inst t;
    inst_init(&t, SELECT_VCP, 4, 2);
    t.funders[0].budget = 100;
    t.funders[1].budget = 100;
    int64_t score[4] = {4000, 3900, 3800, 1000};
    for (int p = 0; p < 4; p++)
        t.props[p].score = score[p];
    add_req(&t, 0, 0, 70);
    add_req(&t, 1, 0, 50);
    add_req(&t, 1, 1, 30);
    add_req(&t, 2, 0, 50);
    add_req(&t, 2, 1, 30);
    add_req(&t, 3, 0, 30);
    int64_t binding_score = score[0] + score[3];

    select_result r;
    select_optimal_stats st;
    serai_err err;
    CHECK_INT(select_optimal(&t.in, SELECT_MAX_SCORE, 10.0, &r, &st, &err), SERAI_OK);
    check_result(&t.in, SELECT_MAX_SCORE, &r, &st);
    CHECK(st.optimal);
    CHECK_INT(r.funded_score, 7700);
    CHECK(r.funded_score > binding_score);
    CHECK_INT(r.proposals[0].outcome, SELECT_RESERVE);
    CHECK_INT(r.proposals[1].outcome, SELECT_FUNDED);
    CHECK_INT(r.proposals[2].outcome, SELECT_FUNDED);
    CHECK_INT(r.proposals[3].outcome, SELECT_RESERVE);
    CHECK_INT(r.spent[0], 100);
    CHECK_INT(r.spent[1], 60);
    CHECK_INT(r.remaining[1], 40);
    /* The order is the rank order. */
    for (int p = 0; p < 4; p++)
        CHECK_INT(r.proposals[p].order, p);
    result_free(&r);

    /* reserve_max 1: the first skipped in rank order is reserve. */
    t.in.reserve_max = 1;
    CHECK_INT(select_optimal(&t.in, SELECT_MAX_SCORE, 10.0, &r, &st, &err), SERAI_OK);
    CHECK_INT(r.proposals[0].outcome, SELECT_RESERVE);
    CHECK_INT(r.proposals[3].outcome, SELECT_NOT_FUNDED);
    CHECK_INT(r.reserve, 1);
    CHECK_INT(r.not_funded, 1);
    result_free(&r);
}

/* Mixed mode: national money first, in rank order; the gap from the band. */
static void test_mixed_gap(void)
{
    static inst t;
    inst_init(&t, SELECT_MIXED, 3, 2);
    t.funders[0].budget = 100;
    t.funders[1].budget = 50;
    t.funders[1].flex_bp = 1000; /* 55 */
    t.in.central = 100;
    t.in.gap_share_bp = 5000; /* band 50 */
    t.props[0].score = 3000;
    t.props[1].score = 2000;
    t.props[2].score = 1000;
    add_req(&t, 0, 0, 80);
    add_req(&t, 0, 1, 40);
    add_req(&t, 1, 0, 40); /* A: 120 of 100 -> 20 from the band */
    add_req(&t, 1, 1, 30); /* B: 70 of 55 -> 15 from the band */
    add_req(&t, 2, 1, 30); /* would need 30 more: 35 + 30 > 50 */
    select_result r;
    select_optimal_stats st;
    serai_err err;
    /* P0 and P1 (5.000) need 35 of the band; all three would need 65. */
    CHECK_INT(select_optimal(&t.in, SELECT_MAX_SCORE, 10.0, &r, &st, &err), SERAI_OK);
    check_result(&t.in, SELECT_MAX_SCORE, &r, &st);
    CHECK(st.optimal);
    CHECK(st.objective == 5000);
    CHECK_INT(r.proposals[2].outcome, SELECT_RESERVE);
    /* Short: B (30 asked, 0 left) and the band (30 needed, 15 left). */
    CHECK_INT(r.proposals[2].nshort, 2);
    if (r.proposals[2].nshort == 2) {
        CHECK_INT(r.proposals[2].shortfalls[0].funder, 1);
        CHECK_INT(r.proposals[2].shortfalls[1].funder, -1);
        CHECK_INT(r.proposals[2].shortfalls[1].needed, 30);
        CHECK_INT(r.proposals[2].shortfalls[1].available, 15);
    }
    /* National money first in rank order: P0 takes A 80 and B 40 at
     * home; P1 gets A 20 and B 15 from the band. */
    CHECK_INT(r.proposals[0].central_used, 0);
    CHECK_INT(r.proposals[1].central_used, 35);
    CHECK_INT(r.central_spent, 35);
    CHECK_INT(r.central_remaining, 15);
    CHECK_INT(r.spent[0], 100);
    CHECK_INT(r.remaining[0], 0);
    CHECK_INT(r.spent[1], 55);
    CHECK_INT(r.remaining[1], 0);
    int64_t gap_sum = 0;
    for (int p = 0; p < 3; p++)
        gap_sum += r.proposals[p].central_used;
    CHECK_INT(gap_sum, 35);
    result_free(&r);

    /* No band: every pair breaks a national budget (A 120 > 100, or B
     * 70 or 60 > 55), so P0 alone is best. */
    t.in.gap_share_bp = 0;
    CHECK_INT(select_optimal(&t.in, SELECT_MAX_SCORE, 10.0, &r, &st, &err), SERAI_OK);
    check_result(&t.in, SELECT_MAX_SCORE, &r, &st);
    CHECK(st.objective == 3000);
    CHECK_INT(r.central_spent, 0);
    result_free(&r);
}

/* ---- the time limit on a hard instance ---------------------------------- */

static void test_time_limit(void)
{
    static inst t;
    inst_init(&t, SELECT_VCP, 300, 20);
    int64_t asked[MAXF] = {0};
    for (int32_t p = 0; p < 300; p++) {
        int64_t base = rnd(1000, 10000);
        /* Scores correlated with the size: the hard kind of knapsack. */
        t.props[p].score = base / 2 + rnd(0, 200);
        int32_t k = (int32_t)rnd(2, 5);
        int32_t first = (int32_t)rnd(0, 19);
        for (int32_t j = 0; j < k; j++) {
            int32_t f = (first + j * 3) % 20;
            int64_t a = base + rnd(-300, 300);
            add_req(&t, p, f, a);
            asked[f] += a;
        }
    }
    for (int32_t f = 0; f < 20; f++)
        t.funders[f].budget = asked[f] / 2;
    select_result r;
    select_optimal_stats st;
    serai_err err;
    CHECK_INT(select_optimal(&t.in, SELECT_MAX_SCORE, 0.2, &r, &st, &err), SERAI_OK);
    check_result(&t.in, SELECT_MAX_SCORE, &r, &st);
    CHECK(st.objective > 0);
    CHECK(r.funded > 0);
    fprintf(stderr, "  300 x 20, 0.2 s: objective %.0f, bound %.0f, gap %.4f, %s, %.2f s, "
            "%lld nodes\n", st.objective, st.bound, st.gap, st.optimal ? "optimal" : "not proven",
            st.seconds, (long long)st.nodes);
    result_free(&r);

    /* A limit too short for much: whatever comes back (perhaps nothing,
     * the empty selection) is feasible and its gap agrees with its bound. */
    CHECK_INT(select_optimal(&t.in, SELECT_MAX_COUNT, 0.001, &r, &st, &err), SERAI_OK);
    check_result(&t.in, SELECT_MAX_COUNT, &r, &st);
    if (st.objective == 0)
        CHECK(!st.optimal && r.funded == 0);
    fprintf(stderr, "  300 x 20, 0.001 s: objective %.0f, bound %.0f, %s\n", st.objective,
            st.bound, st.optimal ? "optimal" : "not proven");
    result_free(&r);
}

/* ---- malformed input ----------------------------------------------------- */

static void expect_error(const inst *t, serai_code want, const char *field)
{
    select_result r;
    select_optimal_stats st;
    serai_err err;
    memset(&err, 0, sizeof err);
    serai_code rc = select_optimal(&t->in, SELECT_MAX_SCORE, 1.0, &r, &st, &err);
    CHECK_INT(rc, want);
    CHECK_STR(err.field, field);
    CHECK(r.arena == NULL && r.proposals == NULL);
    if (rc == SERAI_OK)
        result_free(&r);
}

static void test_errors(void)
{
    static inst t;
    inst_init(&t, SELECT_RCP, 2, 2);
    t.in.central = 100;
    add_req(&t, 0, 0, 10);
    add_req(&t, 1, 1, 10);
    add_req(&t, 1, 0, 10);

    t.reqs[1].proposal = 2;
    expect_error(&t, SERAI_EINVAL, "/requests/1/proposal");
    t.reqs[1].proposal = 1;
    t.reqs[2].funder = -1;
    expect_error(&t, SERAI_EINVAL, "/requests/2/funder");
    t.reqs[2].funder = 1;
    expect_error(&t, SERAI_EINVAL, "/requests/2"); /* repeats request 1 */
    t.reqs[2].funder = 0;
    t.reqs[0].amount = -5;
    expect_error(&t, SERAI_EINVAL, "/requests/0/amount");
    t.reqs[0].amount = INT64_MAX;
    expect_error(&t, SERAI_EINVAL, "/requests/2/amount"); /* funder 0 overflows */
    t.reqs[0].amount = 10;
    memcpy(t.funders[1].currency, "SEK", 4);
    expect_error(&t, SERAI_EINVAL, "/funders/1/currency");
    t.in.mode = SELECT_VCP; /* VCP: each funder in its own currency */
    select_result r;
    select_optimal_stats st;
    serai_err err;
    CHECK_INT(select_optimal(&t.in, SELECT_MAX_SCORE, 1.0, &r, &st, &err), SERAI_OK);
    result_free(&r);
    t.funders[1].flex_bp = 10001;
    expect_error(&t, SERAI_EINVAL, "/funders/1/flex_bp");
    t.funders[1].flex_bp = 0;
    t.funders[0].budget = -1;
    expect_error(&t, SERAI_EINVAL, "/funders/0/budget");
    t.funders[0].budget = 0;
    t.in.nproposals = SELECT_MAX_PROPOSALS + 1;
    expect_error(&t, SERAI_ETOOLARGE, "/proposals");
    t.in.nproposals = 2;
    t.in.nfunders = SELECT_MAX_FUNDERS + 1;
    expect_error(&t, SERAI_ETOOLARGE, "/funders");
    t.in.nfunders = 2;
    t.in.mode = SELECT_MIXED;
    memcpy(t.funders[1].currency, "EUR", 4);
    t.in.gap_share_bp = 10001;
    expect_error(&t, SERAI_EINVAL, "/gap_share_bp");
    t.in.gap_share_bp = 5000;

    /* Bad time limits. */
    CHECK_INT(select_optimal(&t.in, SELECT_MAX_SCORE, 0.0, &r, &st, &err), SERAI_EINVAL);
    CHECK_INT(select_optimal(&t.in, SELECT_MAX_SCORE, NAN, &r, &st, &err), SERAI_EINVAL);

    /* No proposals at all: an empty, proven selection. */
    t.in.nproposals = 0;
    t.in.nrequests = 0;
    CHECK_INT(select_optimal(&t.in, SELECT_MAX_SCORE, 1.0, &r, &st, &err), SERAI_OK);
    CHECK(st.optimal && st.gap == 0 && st.objective == 0);
    CHECK_INT(r.funded, 0);
    CHECK_INT(r.spent[0], 0);
    CHECK_INT(r.remaining[0], 0);
    result_free(&r);
}

/* Proposals asking nothing are funded; those too big alone are not. */
static void test_trivial(void)
{
    static inst t;
    inst_init(&t, SELECT_VCP, 3, 1);
    t.funders[0].budget = 50;
    t.props[0].score = 1000;
    t.props[1].score = 1000;
    t.props[2].score = 1000;
    add_req(&t, 1, 0, 60);
    add_req(&t, 2, 0, 40);
    select_result r;
    select_optimal_stats st;
    serai_err err;
    CHECK_INT(select_optimal(&t.in, SELECT_MAX_COUNT, 1.0, &r, &st, &err), SERAI_OK);
    check_result(&t.in, SELECT_MAX_COUNT, &r, &st);
    CHECK(st.optimal);
    CHECK_INT(r.proposals[0].outcome, SELECT_FUNDED);
    CHECK_INT(r.proposals[1].outcome, SELECT_RESERVE);
    CHECK_INT(r.proposals[2].outcome, SELECT_FUNDED);
    CHECK_INT(r.remaining[0], 10);
    result_free(&r);
}

int main(void)
{
    RUN(test_brute_force);
    RUN(test_objectives_differ);
    RUN(test_binding_costs_score);
    RUN(test_mixed_gap);
    RUN(test_trivial);
    RUN(test_time_limit);
    RUN(test_errors);
    return check_report();
}
