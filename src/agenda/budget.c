/*
 * budget.c -- greedy and the Method of Equal Shares on budget ballots
 * (budget.h, docs/budget-ballots.md).
 *
 * Equal Shares is run many times by the add-one completion, so one run must
 * be cheap: voters with the same approval set form one weighted group, each
 * project keeps the list of groups that support it, and a round evaluates
 * projects lazily -- a project's rho only grows during a run, so projects
 * are tried in the order of their last known rho and the search stops as
 * soon as that bound is worse than the best price found.  A project's price
 * is found by water-filling: everyone pays the equal share, those who
 * cannot are taken out paying all they have, until nobody else drops out.
 *
 * Exactness: a voter's money is an integer count of 1/(n * 2^20) money
 * units, n the total weight of the voters (a voter of weight w is w voters
 * of weight 1 in one group; the group's purse is what each of them holds).
 * The endowment (budget / n) is exact in these units.  A payment
 * is the rational q = (cost - what the poor pay) / (paying weight); every
 * comparison of rho between projects multiplies out the fractions in 256
 * bits, so ties are seen as ties and no order is decided by rounding.  A
 * full payer is charged floor(q), less than one internal unit below q: a
 * voter never loses money the exact rule would leave them, so a project
 * whose supporters hold exactly its cost stays affordable (rounding up
 * lost such projects; an exact rational reference found it).  After r
 * rounds a voter holds less than r units more than the exact value, and a
 * price is at most r * supporters / full payers units below the exact
 * one -- far below anything the money in the file can express.
 */
#include "agenda/budget.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

typedef unsigned __int128 u128;

#define MES_FRACTION_BITS 20

/* ---- 256-bit comparison of products ------------------------------------ */

typedef struct u256 {
    u128 hi, lo;
} u256;

static u256 mul_wide(u128 a, u128 b)
{
    uint64_t a0 = (uint64_t)a, a1 = (uint64_t)(a >> 64);
    uint64_t b0 = (uint64_t)b, b1 = (uint64_t)(b >> 64);
    u128 p00 = (u128)a0 * b0, p01 = (u128)a0 * b1;
    u128 p10 = (u128)a1 * b0, p11 = (u128)a1 * b1;
    u128 mid = (p00 >> 64) + (uint64_t)p01 + (uint64_t)p10;
    u256 r;
    r.lo = (mid << 64) | (uint64_t)p00;
    r.hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    return r;
}

/* sign of a*b - c*d */
static int cmp_products(u128 a, u128 b, u128 c, u128 d)
{
    u256 x = mul_wide(a, b), y = mul_wide(c, d);
    if (x.hi != y.hi)
        return x.hi < y.hi ? -1 : 1;
    if (x.lo != y.lo)
        return x.lo < y.lo ? -1 : 1;
    return 0;
}

/* ---- results --------------------------------------------------------- */

void budget_result_free(budget_result *r)
{
    if (!r)
        return;
    free(r->selected);
    free(r->steps);
    free(r->rounds);
    memset(r, 0, sizeof *r);
}

/* A voter's weight: 1 unless the election says otherwise. */
static int64_t voter_weight(const budget_election *e, size_t v)
{
    return e->voter_weight ? e->voter_weight[v] : 1;
}

int64_t budget_total_weight(const budget_election *e)
{
    if (!e->voter_weight)
        return (int64_t)e->nvoters;
    int64_t w = 0;
    for (size_t v = 0; v < e->nvoters; v++)
        w += e->voter_weight[v];
    return w;
}

void budget_scores(const budget_election *e, int64_t *out)
{
    memset(out, 0, e->nprojects * sizeof *out);
    for (size_t v = 0; v < e->nvoters; v++) {
        int64_t w = voter_weight(e, v);
        for (size_t k = e->ballot_start[v]; k < e->ballot_start[v + 1]; k++) {
            uint32_t p = e->ballot_project[k];
            out[p] += (e->score_by_points ? e->ballot_points[k] : 1) * w;
        }
    }
}

static serai_code check_election(const budget_election *e, serai_err *err)
{
    if (e->nprojects > BUDGET_MAX_PROJECTS)
        return serai_fail(err, SERAI_ETOOLARGE, "/projects", "more than %d projects",
                          BUDGET_MAX_PROJECTS);
    if (e->nvoters > BUDGET_MAX_VOTERS)
        return serai_fail(err, SERAI_ETOOLARGE, "/votes", "more than %d voters",
                          BUDGET_MAX_VOTERS);
    if (e->voter_weight) {
        /* checked one by one, so that the sum cannot overflow: it stops as
         * soon as it passes the limit */
        int64_t w = 0;
        for (size_t v = 0; v < e->nvoters; v++) {
            if (e->voter_weight[v] < 1) {
                serai_fail(err, SERAI_EINVAL, NULL, "voter %zu: a weight must be at least 1",
                           v);
                if (err)
                    snprintf(err->field, sizeof err->field, "/voter_weight/%zu", v);
                return SERAI_EINVAL;
            }
            if (e->voter_weight[v] > BUDGET_MAX_VOTERS - w)
                return serai_fail(err, SERAI_ETOOLARGE, "/voter_weight",
                                  "the voters weigh more than %d together", BUDGET_MAX_VOTERS);
            w += e->voter_weight[v];
        }
    }
    if (e->budget < 0 || e->budget > BUDGET_MAX_MONEY)
        return serai_fail(err, SERAI_EINVAL, "/budget", "the budget is out of range");
    if (e->unit < 1 || e->unit > BUDGET_MAX_UNIT)
        return serai_fail(err, SERAI_EINVAL, "/unit", "the money unit is out of range");
    int64_t total = 0;
    for (size_t p = 0; p < e->nprojects; p++) {
        if (e->cost[p] <= 0 || e->cost[p] > BUDGET_MAX_MONEY)
            return serai_fail(err, SERAI_EINVAL, "/projects", "project %zu: cost out of range",
                              p);
        total += e->cost[p]; /* below 2^62 + 2^53: no overflow */
        if (total > BUDGET_MAX_TOTAL_COST)
            return serai_fail(err, SERAI_EINVAL, "/projects", "the costs add up to too much");
    }
    if (e->ballot_start[0] != 0)
        return serai_fail(err, SERAI_EINVAL, "/votes", "the first ballot must start at 0");
    for (size_t v = 0; v < e->nvoters; v++) {
        if (e->ballot_start[v + 1] < e->ballot_start[v])
            return serai_fail(err, SERAI_EINVAL, "/votes", "voter %zu: ballot out of order", v);
        for (size_t k = e->ballot_start[v]; k < e->ballot_start[v + 1]; k++) {
            if (e->ballot_project[k] >= e->nprojects)
                return serai_fail(err, SERAI_EINVAL, "/votes", "voter %zu: no such project", v);
            if (e->ballot_points[k] < 0 || e->ballot_points[k] > BUDGET_MAX_POINTS)
                return serai_fail(err, SERAI_EINVAL, "/votes", "voter %zu: points out of range",
                                  v);
        }
    }
    return SERAI_OK;
}

/* ---- greedy ---------------------------------------------------------- */

/* Projects by score, best first; ties in the order of the input (in a
 * Pabulib file the official ranking, which is what the real outcomes
 * follow: Warszawa 2019 Targówek Mieszkaniowy, Kraków 2022 Czyżyny). */
static uint32_t *order_by_score(const budget_election *e, const int64_t *score)
{
    size_t n = e->nprojects;
    uint32_t *order = xcalloc(n + 1, sizeof *order);
    uint32_t *tmp = xcalloc(n + 1, sizeof *tmp);
    for (size_t p = 0; p < n; p++)
        order[p] = (uint32_t)p;
    /* a stable merge sort, so that no global state is needed */
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = score[order[j]] > score[order[i]] ? order[j++] : order[i++];
            while (i < mid)
                tmp[k++] = order[i++];
            while (j < hi)
                tmp[k++] = order[j++];
        }
        memcpy(order, tmp, n * sizeof *order);
    }
    free(tmp);
    return order;
}

serai_code budget_greedy(const budget_election *e, budget_result *r, serai_err *err)
{
    memset(r, 0, sizeof *r);
    serai_code rc = check_election(e, err);
    if (rc != SERAI_OK)
        return rc;
    int64_t *score = xcalloc(e->nprojects + 1, sizeof *score);
    budget_scores(e, score);
    uint32_t *order = order_by_score(e, score);
    r->selected = xcalloc(e->nprojects + 1, sizeof *r->selected);
    r->steps = xcalloc(e->nprojects + 1, sizeof *r->steps);
    int64_t left = e->budget;
    for (size_t i = 0; i < e->nprojects; i++) {
        uint32_t p = order[i];
        budget_greedy_step *s = &r->steps[r->nsteps++];
        s->project = p;
        s->score = score[p];
        s->funded = e->cost[p] <= left;
        if (s->funded) {
            left -= e->cost[p];
            r->selected[r->nselected++] = p;
        }
        s->left_after = left;
    }
    r->spent = e->budget - left;
    free(order);
    free(score);
    return SERAI_OK;
}

/* ---- Equal Shares: voter groups -------------------------------------- */

typedef struct mes_model {
    const budget_election *e;
    size_t ngroups;
    int64_t nweight;        /* total weight of all voters, those approving nothing too */
    int64_t *weight;        /* voters in the group, by weight */
    size_t *gstart;         /* group g approves gproj[gstart[g] .. gstart[g+1]) */
    uint32_t *gproj;
    size_t *sstart;         /* project p is supported by sgroup[sstart[p] .. sstart[p+1]) */
    uint32_t *sgroup;
    int64_t *supporters;    /* voters approving p */
    u128 unit_scale;        /* internal units per money unit: n * 2^20 */
    /* per run */
    struct purse {
        u128 money;         /* a voter's money in the group, internal units */
        int64_t weight;     /* beside it: one cache line per supporter */
    } *purse;
    u128 *pnum, *pden;      /* last known rho of p as pnum / pden */
    bool *alive;
    uint32_t *order;
    uint32_t *tmp_order;
    u128 *scratch_b;
    int64_t *scratch_w;
} mes_model;

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static uint64_t hash_set(const uint32_t *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL ^ n;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

/* Is group a's approval list before group b's (lexicographically)? */
static bool group_before(const mes_model *m, uint32_t a, uint32_t b)
{
    size_t i = m->gstart[a], j = m->gstart[b];
    for (; i < m->gstart[a + 1] && j < m->gstart[b + 1]; i++, j++)
        if (m->gproj[i] != m->gproj[j])
            return m->gproj[i] < m->gproj[j];
    return i == m->gstart[a + 1] && j < m->gstart[b + 1];
}

/* Number the groups in the order of their approval lists, so that the
 * groups supporting one project lie close together in memory: a round
 * reads every supporter's money, and near addresses are cheaper. */
static void model_renumber(mes_model *m)
{
    size_t n = m->ngroups;
    uint32_t *order = xcalloc(n + 1, sizeof *order), *tmp = xcalloc(n + 1, sizeof *tmp);
    for (size_t g = 0; g < n; g++)
        order[g] = (uint32_t)g;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = group_before(m, order[j], order[i]) ? order[j++] : order[i++];
            while (i < mid)
                tmp[k++] = order[i++];
            while (j < hi)
                tmp[k++] = order[j++];
        }
        memcpy(order, tmp, n * sizeof *order);
    }
    free(tmp);
    size_t total = m->gstart[n];
    size_t *gstart = xcalloc(n + 2, sizeof *gstart);
    uint32_t *gproj = xcalloc(total + 1, sizeof *gproj);
    int64_t *weight = xcalloc(n + 1, sizeof *weight);
    for (size_t g = 0; g < n; g++) {
        uint32_t old = order[g];
        size_t len = m->gstart[old + 1] - m->gstart[old];
        memcpy(gproj + gstart[g], m->gproj + m->gstart[old], len * sizeof *gproj);
        gstart[g + 1] = gstart[g] + len;
        weight[g] = m->weight[old];
    }
    free(order);
    free(m->gstart);
    free(m->gproj);
    free(m->weight);
    m->gstart = gstart;
    m->gproj = gproj;
    m->weight = weight;
}

static void model_build(mes_model *m, const budget_election *e)
{
    memset(m, 0, sizeof *m);
    m->e = e;
    size_t total = e->ballot_start[e->nvoters];
    uint32_t *items = xcalloc(total + 1, sizeof *items);
    m->gstart = xcalloc(e->nvoters + 2, sizeof *m->gstart);
    m->gproj = xcalloc(total + 1, sizeof *m->gproj);
    m->weight = xcalloc(e->nvoters + 1, sizeof *m->weight);
    size_t cap = 16;
    while (cap < 2 * e->nvoters + 16)
        cap <<= 1;
    uint32_t *table = xcalloc(cap, sizeof *table); /* group + 1, 0 = empty */
    size_t used = 0;
    for (size_t v = 0; v < e->nvoters; v++) {
        int64_t w = voter_weight(e, v);
        size_t n = 0;
        for (size_t k = e->ballot_start[v]; k < e->ballot_start[v + 1]; k++)
            if (e->ballot_points[k] > 0)
                items[n++] = e->ballot_project[k];
        qsort(items, n, sizeof *items, cmp_u32);
        size_t u = 0;
        for (size_t i = 0; i < n; i++)
            if (u == 0 || items[u - 1] != items[i])
                items[u++] = items[i];
        if (u == 0)
            continue; /* approves nothing: holds money nobody can spend */
        size_t slot = hash_set(items, u) & (cap - 1);
        for (;;) {
            uint32_t g = table[slot];
            if (g == 0) {
                g = (uint32_t)m->ngroups++;
                table[slot] = g + 1;
                memcpy(m->gproj + used, items, u * sizeof *items);
                used += u;
                m->gstart[g + 1] = used;
                m->weight[g] = w;
                break;
            }
            g--;
            size_t len = m->gstart[g + 1] - m->gstart[g];
            if (len == u && memcmp(m->gproj + m->gstart[g], items, u * sizeof *items) == 0) {
                m->weight[g] += w;
                break;
            }
            slot = (slot + 1) & (cap - 1);
        }
    }
    free(table);
    free(items);
    model_renumber(m);
    size_t np = e->nprojects;
    m->sstart = xcalloc(np + 2, sizeof *m->sstart);
    m->supporters = xcalloc(np + 1, sizeof *m->supporters);
    for (size_t g = 0; g < m->ngroups; g++)
        for (size_t k = m->gstart[g]; k < m->gstart[g + 1]; k++) {
            m->sstart[m->gproj[k] + 1]++;
            m->supporters[m->gproj[k]] += m->weight[g];
        }
    for (size_t p = 0; p < np; p++)
        m->sstart[p + 1] += m->sstart[p];
    m->sgroup = xcalloc(used + 1, sizeof *m->sgroup);
    size_t *fill = xcalloc(np + 1, sizeof *fill);
    for (size_t g = 0; g < m->ngroups; g++)
        for (size_t k = m->gstart[g]; k < m->gstart[g + 1]; k++) {
            uint32_t p = m->gproj[k];
            m->sgroup[m->sstart[p] + fill[p]++] = (uint32_t)g;
        }
    free(fill);
    m->nweight = budget_total_weight(e);
    m->unit_scale = (u128)(m->nweight ? m->nweight : 1) << MES_FRACTION_BITS;
    m->purse = xcalloc(m->ngroups + 1, sizeof *m->purse);
    for (size_t g = 0; g < m->ngroups; g++)
        m->purse[g].weight = m->weight[g];
    m->pnum = xcalloc(np + 1, sizeof *m->pnum);
    m->pden = xcalloc(np + 1, sizeof *m->pden);
    m->alive = xcalloc(np + 1, sizeof *m->alive);
    m->order = xcalloc(np + 1, sizeof *m->order);
    m->tmp_order = xcalloc(np + 1, sizeof *m->tmp_order);
    size_t maxs = 0;
    for (size_t p = 0; p < np; p++)
        if (m->sstart[p + 1] - m->sstart[p] > maxs)
            maxs = m->sstart[p + 1] - m->sstart[p];
    m->scratch_b = xcalloc(maxs + 1, sizeof *m->scratch_b);
    m->scratch_w = xcalloc(maxs + 1, sizeof *m->scratch_w);
}

static void model_free(mes_model *m)
{
    free(m->weight);
    free(m->gstart);
    free(m->gproj);
    free(m->sstart);
    free(m->sgroup);
    free(m->supporters);
    free(m->purse);
    free(m->pnum);
    free(m->pden);
    free(m->alive);
    free(m->order);
    free(m->tmp_order);
    free(m->scratch_b);
    free(m->scratch_w);
}

/* The price project p costs each full payer now: *num / *den internal
 * units (den = the weight of the full payers).  False when its supporters
 * together cannot pay for it. */
static bool mes_price(mes_model *m, uint32_t p, u128 *num, u128 *den)
{
    u128 need = (u128)m->e->cost[p] * m->unit_scale;
    size_t n = 0;
    u128 sum = 0, least = ~(u128)0;
    int64_t w = 0;
    for (size_t k = m->sstart[p]; k < m->sstart[p + 1]; k++) {
        const struct purse *x = &m->purse[m->sgroup[k]];
        if (x->money == 0)
            continue;
        m->scratch_b[n] = x->money;
        m->scratch_w[n] = x->weight;
        sum += x->weight == 1 ? x->money : x->money * (u128)x->weight;
        w += x->weight;
        if (x->money < least)
            least = x->money;
        n++;
    }
    if (sum < need || w == 0)
        return false;
    /* water-filling: take out those below the equal share until stable.
     * For a whole number b, b < rest / payers exactly when b < ceil(rest /
     * payers), so one division per pass replaces a product per voter. */
    u128 rest = need;
    int64_t payers = w;
    bool changed = least < rest / (u128)payers + (rest % (u128)payers != 0);
    while (changed) {
        changed = false;
        size_t keep = 0;
        u128 below = rest / (u128)payers + (rest % (u128)payers != 0);
        for (size_t i = 0; i < n; i++) {
            if (m->scratch_b[i] < below) {
                rest -= m->scratch_b[i] * (u128)m->scratch_w[i];
                payers -= m->scratch_w[i];
                changed = true;
            } else {
                m->scratch_b[keep] = m->scratch_b[i];
                m->scratch_w[keep] = m->scratch_w[i];
                keep++;
            }
        }
        n = keep;
    }
    *num = rest;
    *den = (u128)payers;
    return payers > 0;
}

/* rho of p is num / (den * cost); sign of rho(a) - rho(b) */
static int cmp_rho(const mes_model *m, uint32_t a, u128 an, u128 ad, uint32_t b, u128 bn,
                   u128 bd)
{
    return cmp_products(an, bd * (u128)m->e->cost[b], bn, ad * (u128)m->e->cost[a]);
}

/* Of two projects with equal rho, is a preferred to b? */
static bool tie_prefers(const mes_model *m, uint32_t a, uint32_t b)
{
    const int64_t *c = m->e->cost;
    if (c[a] != c[b])
        return c[a] < c[b];
    if (m->supporters[a] != m->supporters[b])
        return m->supporters[a] > m->supporters[b];
    return a < b;
}

/* Order of the search: last known rho, then the tie rule. */
static bool search_before(const mes_model *m, uint32_t a, uint32_t b)
{
    int c = cmp_rho(m, a, m->pnum[a], m->pden[a], b, m->pnum[b], m->pden[b]);
    return c < 0 || (c == 0 && tie_prefers(m, a, b));
}

/* The first order of a run: a merge sort, n log n for many projects. */
static void merge_search_order(const mes_model *m, uint32_t *order, uint32_t *tmp, size_t n)
{
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = search_before(m, order[j], order[i]) ? order[j++] : order[i++];
            while (i < mid)
                tmp[k++] = order[i++];
            while (j < hi)
                tmp[k++] = order[j++];
        }
        memcpy(order, tmp, n * sizeof *order);
    }
}

/* Insertion sort: from one round to the next only the projects evaluated
 * move, so the order is nearly sorted already. */
static void sort_search_order(const mes_model *m, uint32_t *order, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint32_t x = order[i];
        size_t j = i;
        while (j > 0 && search_before(m, x, order[j - 1])) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = x;
    }
}

/* For the log: internal units to money units, to the nearest. */
static int64_t money_units(const mes_model *m, u128 internal)
{
    return (int64_t)((internal + m->unit_scale / 2) / m->unit_scale);
}

/* One run of Equal Shares with a per-voter endowment of total / n money
 * units.  Appends the funded projects to sel (nsel) and, when log is not
 * NULL, one round per project.  Returns the money spent. */
static int64_t mes_run(mes_model *m, int64_t total, uint32_t *sel, size_t *nsel,
                       budget_mes_round *log, size_t *nties)
{
    const budget_election *e = m->e;
    u128 endow = (u128)total << MES_FRACTION_BITS; /* (total / n) * n * 2^20 */
    for (size_t g = 0; g < m->ngroups; g++)
        m->purse[g].money = endow;
    size_t nalive = 0;
    for (size_t p = 0; p < e->nprojects; p++) {
        m->alive[p] = m->supporters[p] > 0;
        /* the lowest rho possible: everyone who approves p pays an equal
         * share, cost / supporters, written as num / den internal units */
        m->pnum[p] = (u128)e->cost[p] * m->unit_scale;
        m->pden[p] = (u128)(m->supporters[p] > 0 ? m->supporters[p] : 1);
        if (m->alive[p])
            m->order[nalive++] = (uint32_t)p;
    }
    *nsel = 0;
    int64_t spent = 0;
    merge_search_order(m, m->order, m->tmp_order, nalive);
    while (nalive > 0) {
        sort_search_order(m, m->order, nalive);
        bool have = false, tied = false;
        uint32_t best = 0;
        u128 bn = 0, bd = 1;
        for (size_t i = 0; i < nalive; i++) {
            uint32_t p = m->order[i];
            if (have) {
                int c = cmp_rho(m, p, m->pnum[p], m->pden[p], best, bn, bd);
                if (c > 0)
                    break; /* its rho can only have grown: it cannot win */
            }
            u128 num, den;
            if (!mes_price(m, p, &num, &den)) {
                m->alive[p] = false;
                continue;
            }
            m->pnum[p] = num;
            m->pden[p] = den;
            if (!have) {
                have = true;
                best = p, bn = num, bd = den;
                continue;
            }
            int c = cmp_rho(m, p, num, den, best, bn, bd);
            if (c < 0) {
                best = p, bn = num, bd = den;
                tied = false;
            } else if (c == 0) {
                tied = true;
                if (tie_prefers(m, p, best))
                    best = p, bn = num, bd = den;
            }
        }
        /* drop the projects found unaffordable */
        size_t keep = 0;
        for (size_t i = 0; i < nalive; i++)
            if (m->alive[m->order[i]])
                m->order[keep++] = m->order[i];
        nalive = keep;
        if (!have)
            break;
        if (tied && nties)
            (*nties)++;
        /* pay: full payers floor(num/den) -- they keep the fraction of an
         * internal unit, so that money the exact rule leaves is never lost
         * -- the others all they have */
        u128 share = bn / bd;
        int64_t full = 0, allin = 0;
        u128 allin_paid = 0, left_sup = 0;
        u128 floor_q = bn / bd; /* for a whole number b: b <= q iff b <= floor(q) */
        for (size_t k = m->sstart[best]; k < m->sstart[best + 1]; k++) {
            uint32_t g = m->sgroup[k];
            if (m->purse[g].money == 0)
                continue;
            if (m->purse[g].money <= floor_q) {
                allin += m->purse[g].weight;
                allin_paid += m->purse[g].money * (u128)m->purse[g].weight;
                m->purse[g].money = 0;
            } else {
                full += m->purse[g].weight;
                m->purse[g].money -= share;
                left_sup += m->purse[g].money * (u128)m->purse[g].weight;
            }
        }
        m->alive[best] = false;
        keep = 0;
        for (size_t i = 0; i < nalive; i++)
            if (m->order[i] != best)
                m->order[keep++] = m->order[i];
        nalive = keep;
        sel[(*nsel)++] = best;
        spent += e->cost[best];
        if (log) {
            budget_mes_round *r = &log[*nsel - 1];
            memset(r, 0, sizeof *r);
            r->project = best;
            r->cost = e->cost[best];
            r->supporters = m->supporters[best];
            r->payers_full = full;
            r->payers_all_in = allin;
            r->payers_none = m->supporters[best] - full - allin;
            r->paid_all_in = money_units(m, allin_paid);
            double q = (double)bn / (double)bd / (double)m->unit_scale;
            r->share = q;
            r->rho = q / (double)e->cost[best];
            r->effective_votes = q > 0 ? (double)e->cost[best] / q : 0;
            r->left_supporters = money_units(m, left_sup);
            u128 all = 0;
            for (size_t g = 0; g < m->ngroups; g++)
                all += m->purse[g].money * (u128)m->purse[g].weight;
            r->left_all = money_units(m, all);
        }
    }
    return spent;
}

/* ---- Equal Shares: completion and comparison ------------------------- */

static void greedy_fill(const budget_election *e, const int64_t *score, budget_result *r)
{
    bool *in = xcalloc(e->nprojects + 1, sizeof *in);
    for (size_t i = 0; i < r->nselected; i++)
        in[r->selected[i]] = true;
    uint32_t *order = order_by_score(e, score);
    for (size_t i = 0; i < e->nprojects; i++) {
        uint32_t p = order[i];
        if (in[p] || score[p] == 0 || r->spent + e->cost[p] > e->budget)
            continue;
        in[p] = true;
        r->selected[r->nselected++] = p;
        r->spent += e->cost[p];
        r->ncompleted++;
    }
    free(order);
    free(in);
}

/* Voters who like one outcome better (more of their approved projects). */
static void compare_outcomes(const mes_model *m, const uint32_t *a, size_t na, const uint32_t *b,
                             size_t nb, int64_t *prefer_a, int64_t *prefer_b)
{
    size_t np = m->e->nprojects;
    int8_t *mark = xcalloc(np + 1, sizeof *mark);
    for (size_t i = 0; i < na; i++)
        mark[a[i]] += 1;
    for (size_t i = 0; i < nb; i++)
        mark[b[i]] -= 1;
    *prefer_a = *prefer_b = 0;
    for (size_t g = 0; g < m->ngroups; g++) {
        int64_t d = 0;
        for (size_t k = m->gstart[g]; k < m->gstart[g + 1]; k++)
            d += mark[m->gproj[k]];
        if (d > 0)
            *prefer_a += m->weight[g];
        else if (d < 0)
            *prefer_b += m->weight[g];
    }
    free(mark);
}

serai_code budget_mes(const budget_election *e, const budget_mes_options *opt,
                      budget_result *r, serai_err *err)
{
    memset(r, 0, sizeof *r);
    serai_code rc = check_election(e, err);
    if (rc != SERAI_OK)
        return rc;
    mes_model m;
    model_build(&m, e);
    size_t np = e->nprojects;
    uint32_t *sel = xcalloc(np + 1, sizeof *sel);
    size_t nsel = 0;
    int64_t total = e->budget;
    int64_t supported_cost = 0, all_cost = 0;
    for (size_t p = 0; p < np; p++) {
        all_cost += e->cost[p];
        if (m.supporters[p] > 0)
            supported_cost += e->cost[p];
    }
    /* Add-one: raise the endowment while the outcome stays within the
     * budget.  When everything supported fits, raising would never end and
     * changes nothing that matters: the plain run is kept. */
    if (opt->completion == BUDGET_COMPLETE_ADD1 && all_cost > e->budget &&
        supported_cost > e->budget && m.nweight > 0) {
        /* the step and the endowment stay below 2^63: at the latest when
         * each voter alone can pay the dearest project, every supported
         * project is funded and the outcome exceeds the budget */
        int64_t step = m.nweight * e->unit;
        for (;;) {
            if (r->add1_steps >= BUDGET_MAX_ADD1_STEPS || step > INT64_MAX - total) {
                rc = serai_fail(err, SERAI_ETOOLARGE, "/budget",
                                "the add-one completion needs more than %d steps: the "
                                "projects cost far more than the voters' shares of the budget",
                                BUDGET_MAX_ADD1_STEPS);
                free(sel);
                model_free(&m);
                memset(r, 0, sizeof *r);
                return rc;
            }
            int64_t spent = mes_run(&m, total + step, sel, &nsel, NULL, NULL);
            if (spent > e->budget)
                break;
            total += step;
            r->add1_steps++;
        }
    }
    r->endowment_num = total;
    r->rounds = xcalloc(np + 1, sizeof *r->rounds);
    r->selected = xcalloc(np + 1, sizeof *r->selected);
    r->spent = mes_run(&m, total, r->selected, &r->nselected, r->rounds, &r->nties);
    r->nrounds = r->nselected;
    int64_t *score = xcalloc(np + 1, sizeof *score);
    budget_scores(e, score);
    if (opt->then_greedy)
        greedy_fill(e, score, r);
    if (opt->comparison) {
        budget_result g;
        serai_code grc = budget_greedy(e, &g, err);
        if (grc == SERAI_OK) {
            compare_outcomes(&m, r->selected, r->nselected, g.selected, g.nselected,
                             &r->prefer_mes, &r->prefer_greedy);
            if (r->prefer_greedy > r->prefer_mes) {
                r->comparison_kept_greedy = true;
                memcpy(r->selected, g.selected, g.nselected * sizeof *g.selected);
                r->nselected = g.nselected;
                r->spent = g.spent;
                r->ncompleted = 0;
            }
            budget_result_free(&g);
        }
        rc = grc;
    }
    free(score);
    free(sel);
    model_free(&m);
    if (rc != SERAI_OK)
        budget_result_free(r);
    return rc;
}
