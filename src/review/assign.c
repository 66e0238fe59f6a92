/*
 * assign.c -- see assign.h.  The solver: a min-cost flow, specialised to
 * the structure of reviewer assignment, found by successive shortest
 * paths with Dijkstra on reduced costs.
 *
 * The network.  Each proposal p supplies k units.  A unit goes from p to
 * a candidate reviewer r along the arc (p, r) of capacity 1 and cost
 * -score; with a country cap m, the candidates of p from a country c with
 * more than m candidates hang below a group node (p, c) that p feeds
 * through an arc of capacity m (countries with at most m candidates need
 * no group: the cap cannot bind).  Reviewer r must absorb at least L_r
 * units and may absorb up to U_r: the lower bound is a demand of L_r at
 * r, the rest an arc r -> t of capacity U_r - L_r to the sink t, which
 * demands the remaining D - sum(L) units (D = k * P).
 *
 * The method.  Node potentials pi keep every residual arc's reduced cost
 * c(u,v) + pi(u) - pi(v) non-negative, so the flow is always of least
 * cost for the supplies and demands it has met so far (the classical
 * successive-shortest-path invariant).  Phase A meets the minimum loads:
 * from each reviewer still below its minimum, Dijkstra runs backwards to
 * the nearest proposal with supply left and the path is augmented.
 * Phase B places the rest: from each proposal with supply left, Dijkstra
 * runs forwards to the nearest reviewer with room.  Both searches stop as
 * soon as the nearest end is settled and only the settled nodes' potentials
 * move (by their distance's shortfall to the path length), the trick of
 * Jonker and Volgenant's shortest augmenting path method: on reviewer
 * assignment most searches settle a handful of nodes, because a
 * proposal's best free candidates are usually free.  Each augmentation
 * adds one unit, so there are exactly D of them.
 *
 * Exactness.  Costs are integers (thousandths), so there is no rounding
 * anywhere.  When the solver is done it checks the dual certificate
 * itself: every residual arc has a non-negative reduced cost under the
 * final potentials, which proves the flow optimal (LP duality for network
 * flows); a failure of that check is a bug and is reported as one.
 *
 * Infeasibility.  Simple counts are checked first (candidates per
 * proposal, capacity against demand, minimum loads against candidates and
 * demand).  Past them, a search that finds no end has settled every node
 * it can reach; that set is a cut with no residual arc leaving it
 * (entering it, for phase A), and its flow is a bound no assignment can
 * beat: that is the explanation given.
 *
 * The per-proposal fair mode (ASSIGN_FAIR_PROPOSAL) is an approximation
 * built from these exact flows; its method, guarantee and upper bound are
 * described at "fairness per proposal" below.
 */
#include "review/assign.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/mem.h"

#define DIST_INF (INT64_MAX / 4)

/* How a search reached a node (or, backwards, how it leaves it). */
enum {
    VIA_NONE = 0,
    VIA_ARC,     /* tail -> reviewer along arc pred (flow 0) */
    VIA_BACK,    /* reviewer -> tail against arc pred (flow 1) */
    VIA_GROUP,   /* proposal -> its group pred (group not full) */
    VIA_UNGROUP  /* group pred -> its proposal (group flow > 0) */
};

typedef struct heap_item {
    int64_t key;
    int32_t node;
} heap_item;

typedef struct flow_net {
    const assign_input *in;
    int32_t P, G, R, N;  /* nodes: proposals 0..P-1, groups P..P+G-1,
                            reviewers P+G..N-1 */
    int32_t k;
    int64_t A;           /* arcs */
    int32_t *tbeg;       /* [P+G+1] arcs of each tail node (proposal's
                            direct arcs, then each group's) */
    int32_t *pgbeg;      /* [P+1] groups of each proposal */
    int32_t *gowner;     /* [G] */
    int32_t *gcap;       /* [G] */
    int32_t *gflow;      /* [G] */
    int32_t *head;       /* [A] reviewer 0..R-1 */
    int32_t *tail;       /* [A] tail node */
    int32_t *cost;       /* [A] -score */
    int32_t *pair;       /* [A] index of the input pair */
    uint8_t *flow;       /* [A] 0 or 1 */
    int32_t *deg;        /* [P] units sent */
    int32_t *load;       /* [R] */
    int32_t *cap;        /* [R] min(max load, candidates) */
    int32_t *low;        /* [R] min load */
    int64_t *rbeg;       /* [R+1] slots of each reviewer */
    int32_t *rslot;      /* arcs with flow into each reviewer */
    int64_t *inbeg;      /* [R+1] candidate arcs into each reviewer, built
                            for phase A or the first price update */
    int32_t *inarc;
    bool any_low;        /* some reviewer has a minimum load */
    int64_t *pi;         /* [N] potentials */
    int64_t pi_t;        /* the sink's */
    /* search state, reset by epoch */
    int64_t *dist;
    int32_t *seen;
    int32_t *done;
    int32_t *pred;
    uint8_t *via;
    int32_t *scanned;
    int32_t nscanned;
    int32_t epoch;
    heap_item *heap;
    int64_t nheap;
    int64_t heapcap;
    /* counters */
    int64_t augmentations;
    int64_t scans;
} flow_net;

/* ---- small helpers ------------------------------------------------------ */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* 12345678 -> "12,345,678" */
static const char *group3(int64_t v, char *dst, size_t cap)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%" PRId64, v < 0 ? -v : v);
    size_t o = 0;
    if (v < 0 && o + 1 < cap)
        dst[o++] = '-';
    for (int i = 0; i < n && o + 2 < cap; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            dst[o++] = ',';
        dst[o++] = digits[i];
    }
    dst[o] = '\0';
    return dst;
}

static void proposal_label(const assign_input *in, int32_t p, char *dst,
                           size_t cap)
{
    if (in->proposal_name)
        snprintf(dst, cap, "%s", in->proposal_name[p]);
    else
        snprintf(dst, cap, "#%" PRId32, p);
}

static void reviewer_label(const assign_input *in, int32_t r, char *dst,
                           size_t cap)
{
    if (in->reviewer_name)
        snprintf(dst, cap, "%s", in->reviewer_name[r]);
    else
        snprintf(dst, cap, "#%" PRId32, r);
}

static int32_t max_load_of(const assign_input *in, int32_t r)
{
    return in->max_loads ? in->max_loads[r] : in->max_load;
}

static int32_t min_load_of(const assign_input *in, int32_t r)
{
    return in->min_loads ? in->min_loads[r] : in->min_load;
}

static bool candidate(const assign_input *in, int64_t i, int32_t min_score)
{
    return (in->conflict == NULL || in->conflict[i] == 0) &&
           in->score[i] >= min_score;
}

/* A list of up to three names and "and N more", into dst. */
typedef struct name_list {
    char text[200];
    int64_t count;
} name_list;

static void name_list_add(name_list *l, const char *name)
{
    if (l->count < 3) {
        size_t len = strlen(l->text);
        snprintf(l->text + len, sizeof l->text - len, "%s%s",
                 l->count ? ", " : "", name);
    }
    l->count++;
}

static const char *name_list_end(name_list *l, char *dst, size_t cap)
{
    if (l->count > 3)
        snprintf(dst, cap, "%s and %" PRId64 " more", l->text, l->count - 3);
    else
        snprintf(dst, cap, "%s", l->text);
    return dst;
}

/* ---- the heap (binary, lazy deletion) ------------------------------------ */

static void heap_push(flow_net *g, int64_t key, int32_t node)
{
    if (g->nheap == g->heapcap) {
        g->heapcap = g->heapcap ? 2 * g->heapcap : 1024;
        g->heap = xreallocarray(g->heap, (size_t)g->heapcap, sizeof *g->heap);
    }
    int64_t i = g->nheap++;
    heap_item *h = g->heap;
    while (i > 0) {
        int64_t up = (i - 1) / 2;
        if (h[up].key <= key)
            break;
        h[i] = h[up];
        i = up;
    }
    h[i].key = key;
    h[i].node = node;
}

static heap_item heap_pop(flow_net *g)
{
    heap_item *h = g->heap;
    heap_item top = h[0];
    heap_item last = h[--g->nheap];
    int64_t n = g->nheap, i = 0;
    for (;;) {
        int64_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && h[c + 1].key < h[c].key)
            c++;
        if (h[c].key >= last.key)
            break;
        h[i] = h[c];
        i = c;
    }
    if (n > 0)
        h[i] = last;
    return top;
}

/* ---- building the network --------------------------------------------- */

static void net_free(flow_net *g)
{
    free(g->tbeg);
    free(g->pgbeg);
    free(g->gowner);
    free(g->gcap);
    free(g->gflow);
    free(g->head);
    free(g->tail);
    free(g->cost);
    free(g->pair);
    free(g->flow);
    free(g->deg);
    free(g->load);
    free(g->cap);
    free(g->low);
    free(g->rbeg);
    free(g->rslot);
    free(g->inbeg);
    free(g->inarc);
    free(g->pi);
    free(g->dist);
    free(g->seen);
    free(g->done);
    free(g->pred);
    free(g->via);
    free(g->scanned);
    free(g->heap);
    memset(g, 0, sizeof *g);
}

/* Countries renumbered 0..C-1 (the input may number them any way). */
typedef struct country_map {
    int32_t *dense;  /* [R] */
    int32_t count;
} country_map;

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static void country_map_build(const assign_input *in, country_map *cm)
{
    int32_t R = in->nreviewers;
    int32_t *sorted = xmalloc((size_t)(R ? R : 1) * sizeof *sorted);
    memcpy(sorted, in->country, (size_t)R * sizeof *sorted);
    qsort(sorted, (size_t)R, sizeof *sorted, cmp_i32);
    int32_t u = 0;
    for (int32_t i = 0; i < R; i++)
        if (i == 0 || sorted[i] != sorted[u - 1])
            sorted[u++] = sorted[i];
    cm->count = u;
    cm->dense = xmalloc((size_t)(R ? R : 1) * sizeof *cm->dense);
    for (int32_t r = 0; r < R; r++) {
        const int32_t *hit = bsearch(&in->country[r], sorted, (size_t)u,
                                     sizeof *sorted, cmp_i32);
        cm->dense[r] = (int32_t)(hit - sorted);
    }
    free(sorted);
}

/* The candidate pairs (conflict-free, score >= min_score) ordered by
 * proposal, input order within: bypro[pbeg[p] .. pbeg[p+1]). */
typedef struct by_proposal {
    int64_t *pbeg;   /* [P+1] */
    int64_t *idx;    /* [n] input pair indices */
    int64_t n;
} by_proposal;

static void by_proposal_build(const assign_input *in, int32_t min_score,
                              by_proposal *bp)
{
    int32_t P = in->nproposals;
    bp->pbeg = xcalloc((size_t)P + 1, sizeof *bp->pbeg);
    int64_t n = 0;
    for (int64_t i = 0; i < in->npairs; i++)
        if (candidate(in, i, min_score)) {
            bp->pbeg[in->proposal[i] + 1]++;
            n++;
        }
    for (int32_t p = 0; p < P; p++)
        bp->pbeg[p + 1] += bp->pbeg[p];
    bp->n = n;
    bp->idx = xmalloc((size_t)(n ? n : 1) * sizeof *bp->idx);
    int64_t *fill = xmalloc(((size_t)P + 1) * sizeof *fill);
    memcpy(fill, bp->pbeg, ((size_t)P + 1) * sizeof *fill);
    for (int64_t i = 0; i < in->npairs; i++)
        if (candidate(in, i, min_score))
            bp->idx[fill[in->proposal[i]]++] = i;
    free(fill);
}

static void by_proposal_free(by_proposal *bp)
{
    free(bp->pbeg);
    free(bp->idx);
}

/*
 * Counts that need no search.  Fills err and returns SERAI_EUNPROCESSABLE
 * when one of them already rules every assignment out.
 */
static serai_code precheck(const assign_input *in, const by_proposal *bp,
                           const country_map *cm, serai_err *err)
{
    int32_t P = in->nproposals, R = in->nreviewers, k = in->per_proposal;
    char a[64], b[64], c[64], name[128], list[256];
    serai_code rc = SERAI_OK;
    int32_t *cnt = NULL, *stamp = NULL;
    if (in->country) {
        cnt = xcalloc((size_t)cm->count + 1, sizeof *cnt);
        stamp = xcalloc((size_t)cm->count + 1, sizeof *stamp);
    }
    /* Proposals with too few candidates. */
    int64_t short_count = 0;
    int32_t first_short = -1, first_have = 0, first_raw = 0;
    for (int32_t p = 0; p < P; p++) {
        int64_t raw = bp->pbeg[p + 1] - bp->pbeg[p];
        int64_t usable = raw;
        if (in->country && raw > in->max_same_country) {
            usable = 0;
            for (int64_t j = bp->pbeg[p]; j < bp->pbeg[p + 1]; j++) {
                int32_t cc = cm->dense[in->reviewer[bp->idx[j]]];
                if (stamp[cc] != p + 1) {
                    stamp[cc] = p + 1;
                    cnt[cc] = 0;
                }
                if (cnt[cc]++ < in->max_same_country)
                    usable++;
            }
        }
        if (usable < k) {
            if (short_count++ == 0) {
                first_short = p;
                first_have = (int32_t)usable;
                first_raw = (int32_t)raw;
            }
        }
    }
    if (short_count) {
        proposal_label(in, first_short, name, sizeof name);
        char more[96] = "";
        if (short_count > 1)
            snprintf(more, sizeof more, " (%s more proposal%s too few)",
                     group3(short_count - 1, a, sizeof a),
                     short_count > 2 ? "s have" : " has");
        if (first_have < first_raw)
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                            "proposal %s has %d conflict-free candidates but "
                            "only %d of them can be assigned with at most %d "
                            "per country, and it needs %d reviewers%s",
                            name, first_raw, first_have, in->max_same_country,
                            k, more);
        else
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                            "proposal %s has only %d conflict-free "
                            "candidate%s and needs %d reviewers%s",
                            name, first_have, first_have == 1 ? "" : "s", k,
                            more);
        goto done;
    }
    /* Reviewers: candidates, capacity, minimum loads. */
    int32_t *rdeg = xcalloc((size_t)R + 1, sizeof *rdeg);
    for (int64_t j = 0; j < bp->n; j++)
        rdeg[in->reviewer[bp->idx[j]]]++;
    int64_t capacity = 0, lows = 0, low_short = 0;
    int32_t first_low = -1;
    bool capped = false;
    for (int32_t r = 0; r < R; r++) {
        int32_t U = max_load_of(in, r), L = min_load_of(in, r);
        capacity += U < rdeg[r] ? U : rdeg[r];
        if (rdeg[r] < U)
            capped = true;
        lows += L;
        if (L > rdeg[r] && low_short++ == 0)
            first_low = r;
    }
    int64_t demand = (int64_t)P * k;
    if (low_short) {
        reviewer_label(in, first_low, name, sizeof name);
        char more[96] = "";
        if (low_short > 1)
            snprintf(more, sizeof more, " (and %s more reviewer%s)",
                     group3(low_short - 1, a, sizeof a),
                     low_short > 2 ? "s" : "");
        rc = serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                        "reviewer %s can review only %d proposal%s "
                        "(conflict-free candidates) but has a minimum load "
                        "of %d%s",
                        name, rdeg[first_low], rdeg[first_low] == 1 ? "" : "s",
                        min_load_of(in, first_low), more);
    } else if (capacity < demand) {
        snprintf(list, sizeof list, "%s proposals x %d reviewers",
                 group3(P, c, sizeof c), k);
        rc = serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                        "total capacity %s < demand %s (%s); capacity is the "
                        "sum of the reviewers' maximum loads%s: raise "
                        "--max-load, add reviewers or candidates, or lower "
                        "--per-proposal",
                        group3(capacity, a, sizeof a),
                        group3(demand, b, sizeof b), list,
                        capped ? ", each capped at the number of proposals "
                                 "the reviewer can review" : "");
    } else if (lows > demand) {
        rc = serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                        "minimum loads total %s > demand %s (%s proposals x "
                        "%d reviewers): lower --min-load",
                        group3(lows, a, sizeof a), group3(demand, b, sizeof b),
                        group3(P, c, sizeof c), k);
    }
    free(rdeg);
done:
    free(cnt);
    free(stamp);
    return rc;
}

/* The candidate arcs into each reviewer, for the backward searches. */
static void net_build_inarcs(flow_net *g)
{
    int32_t R = g->R;
    g->inbeg = xcalloc((size_t)R + 1, sizeof *g->inbeg);
    for (int64_t a = 0; a < g->A; a++)
        g->inbeg[g->head[a] + 1]++;
    for (int32_t r = 0; r < R; r++)
        g->inbeg[r + 1] += g->inbeg[r];
    g->inarc = xmalloc((size_t)(g->A ? g->A : 1) * sizeof *g->inarc);
    int64_t *rf = xmalloc(((size_t)R + 1) * sizeof *rf);
    memcpy(rf, g->inbeg, ((size_t)R + 1) * sizeof *rf);
    for (int64_t a = 0; a < g->A; a++)
        g->inarc[rf[g->head[a]]++] = (int32_t)a;
    free(rf);
}

/*
 * The PeerReview4All threshold constraint "at least kappa of each
 * proposal's k reviewers score >= below": each proposal's candidates
 * scoring less hang below one group node of capacity cap = k - kappa.  It
 * takes the place of the country groups (the caller drops the country
 * cap and checks the result against it).
 */
typedef struct low_group {
    int32_t below;
    int32_t cap;
} low_group;

/* Build the network of the candidates in bp (lg: see low_group). */
static void net_build(flow_net *g, const assign_input *in,
                      const by_proposal *bp, const country_map *cm,
                      const low_group *lg)
{
    memset(g, 0, sizeof *g);
    g->in = in;
    int32_t P = in->nproposals, R = in->nreviewers;
    g->P = P;
    g->R = R;
    g->k = in->per_proposal;
    int64_t A = bp->n;
    g->A = A;
    /* Tail of each candidate: the proposal, or a group (encoded -1-gid
     * until the number of groups is known). */
    int32_t *tail_of = xmalloc((size_t)(A ? A : 1) * sizeof *tail_of);
    int32_t G = 0, gcapn = 0;
    int32_t *gowner = NULL;
    g->pgbeg = xcalloc((size_t)P + 1, sizeof *g->pgbeg);
    if (lg) {
        for (int32_t p = 0; p < P; p++) {
            g->pgbeg[p] = G;
            int64_t b = bp->pbeg[p], e = bp->pbeg[p + 1], nlow = 0;
            for (int64_t j = b; j < e; j++)
                nlow += in->score[bp->idx[j]] < lg->below;
            bool grouped = nlow > lg->cap; /* else the cap cannot bind */
            if (grouped) {
                if (G == gcapn) {
                    gcapn = gcapn ? 2 * gcapn : 1024;
                    gowner = xreallocarray(gowner, (size_t)gcapn,
                                           sizeof *gowner);
                }
                gowner[G++] = p;
            }
            for (int64_t j = b; j < e; j++)
                tail_of[j] = grouped && in->score[bp->idx[j]] < lg->below
                                 ? -G /* -1 - (G - 1) */
                                 : p;
        }
        g->pgbeg[P] = G;
    } else if (in->country) {
        int32_t m = in->max_same_country;
        int32_t *cnt = xcalloc((size_t)cm->count + 1, sizeof *cnt);
        int32_t *stamp = xcalloc((size_t)cm->count + 1, sizeof *stamp);
        int32_t *gid = xcalloc((size_t)cm->count + 1, sizeof *gid);
        for (int32_t p = 0; p < P; p++) {
            g->pgbeg[p] = G;
            int64_t b = bp->pbeg[p], e = bp->pbeg[p + 1];
            if (e - b <= m) {
                for (int64_t j = b; j < e; j++)
                    tail_of[j] = p;
                continue;
            }
            for (int64_t j = b; j < e; j++) {
                int32_t cc = cm->dense[in->reviewer[bp->idx[j]]];
                if (stamp[cc] != p + 1) {
                    stamp[cc] = p + 1;
                    cnt[cc] = 0;
                    gid[cc] = -1;
                }
                cnt[cc]++;
            }
            for (int64_t j = b; j < e; j++) {
                int32_t cc = cm->dense[in->reviewer[bp->idx[j]]];
                if (cnt[cc] <= m) {
                    tail_of[j] = p;
                    continue;
                }
                if (gid[cc] < 0) {
                    if (G == gcapn) {
                        gcapn = gcapn ? 2 * gcapn : 1024;
                        gowner = xreallocarray(gowner, (size_t)gcapn,
                                               sizeof *gowner);
                    }
                    gowner[G] = p;
                    gid[cc] = G++;
                }
                tail_of[j] = -1 - gid[cc];
            }
        }
        g->pgbeg[P] = G;
        free(cnt);
        free(stamp);
        free(gid);
    } else {
        for (int32_t p = 0; p < P; p++)
            for (int64_t j = bp->pbeg[p]; j < bp->pbeg[p + 1]; j++)
                tail_of[j] = p;
    }
    g->G = G;
    g->N = P + G + R;
    g->gowner = gowner ? gowner : xmalloc(sizeof *g->gowner);
    g->gcap = xmalloc((size_t)(G ? G : 1) * sizeof *g->gcap);
    g->gflow = xcalloc((size_t)(G ? G : 1), sizeof *g->gflow);
    for (int32_t i = 0; i < G; i++)
        g->gcap[i] = lg ? lg->cap : in->max_same_country;
    /* Arcs in tail order (counting sort; input order kept within). */
    int32_t T = P + G;
    g->tbeg = xcalloc((size_t)T + 1, sizeof *g->tbeg);
    for (int64_t j = 0; j < A; j++) {
        int32_t t = tail_of[j] >= 0 ? tail_of[j] : P + (-1 - tail_of[j]);
        tail_of[j] = t;
        g->tbeg[t + 1]++;
    }
    for (int32_t t = 0; t < T; t++)
        g->tbeg[t + 1] += g->tbeg[t];
    size_t An = (size_t)(A ? A : 1);
    g->head = xmalloc(An * sizeof *g->head);
    g->tail = xmalloc(An * sizeof *g->tail);
    g->cost = xmalloc(An * sizeof *g->cost);
    g->pair = xmalloc(An * sizeof *g->pair);
    g->flow = xcalloc(An, sizeof *g->flow);
    int32_t *fill = xmalloc(((size_t)T + 1) * sizeof *fill);
    memcpy(fill, g->tbeg, ((size_t)T + 1) * sizeof *fill);
    int32_t *rdeg = xcalloc((size_t)R + 1, sizeof *rdeg);
    for (int64_t j = 0; j < A; j++) {
        int64_t i = bp->idx[j];
        int32_t a = fill[tail_of[j]]++;
        g->head[a] = in->reviewer[i];
        g->tail[a] = tail_of[j];
        g->cost[a] = -in->score[i];
        g->pair[a] = (int32_t)i;
        rdeg[in->reviewer[i]]++;
    }
    free(fill);
    free(tail_of);
    /* Reviewers. */
    g->deg = xcalloc((size_t)P + 1, sizeof *g->deg);
    g->load = xcalloc((size_t)R + 1, sizeof *g->load);
    g->cap = xmalloc(((size_t)R + 1) * sizeof *g->cap);
    g->low = xmalloc(((size_t)R + 1) * sizeof *g->low);
    g->rbeg = xmalloc(((size_t)R + 1) * sizeof *g->rbeg);
    g->rbeg[0] = 0;
    bool any_low = false;
    for (int32_t r = 0; r < R; r++) {
        int32_t U = max_load_of(in, r);
        g->cap[r] = U < rdeg[r] ? U : rdeg[r];
        g->low[r] = min_load_of(in, r);
        any_low |= g->low[r] > 0;
        g->rbeg[r + 1] = g->rbeg[r] + g->cap[r];
    }
    g->rslot = xmalloc((size_t)(g->rbeg[R] ? g->rbeg[R] : 1) * sizeof *g->rslot);
    g->any_low = any_low;
    if (any_low)
        net_build_inarcs(g);
    free(rdeg);
    /* Potentials: every arc's reduced cost starts non-negative. */
    size_t Nn = (size_t)g->N + 1;
    g->pi = xcalloc(Nn, sizeof *g->pi);
    for (int32_t t = T - 1; t >= 0; t--) {
        int64_t best = -DIST_INF;
        for (int32_t a = g->tbeg[t]; a < g->tbeg[t + 1]; a++)
            if (-(int64_t)g->cost[a] > best)
                best = -(int64_t)g->cost[a];
        if (t < P)
            for (int32_t x = g->pgbeg[t]; x < g->pgbeg[t + 1]; x++)
                if (g->pi[P + x] > best)
                    best = g->pi[P + x];
        g->pi[t] = best == -DIST_INF ? 0 : best;
    }
    g->pi_t = 0;
    g->dist = xmalloc(Nn * sizeof *g->dist);
    g->seen = xcalloc(Nn, sizeof *g->seen);
    g->done = xcalloc(Nn, sizeof *g->done);
    g->pred = xmalloc(Nn * sizeof *g->pred);
    g->via = xcalloc(Nn, sizeof *g->via);
    g->scanned = xmalloc(Nn * sizeof *g->scanned);
}

/* ---- the searches --------------------------------------------------------- */

static inline int32_t rnode(const flow_net *g, int32_t r)
{
    return g->P + g->G + r;
}

static inline void relax(flow_net *g, int32_t v, int64_t d, uint8_t via,
                         int32_t pred)
{
    if (g->done[v] == g->epoch)
        return;
    if (g->seen[v] != g->epoch || d < g->dist[v]) {
        g->seen[v] = g->epoch;
        g->dist[v] = d;
        g->via[v] = via;
        g->pred[v] = pred;
        heap_push(g, d, v);
    }
}

static void search_begin(flow_net *g, int32_t source)
{
    g->epoch++;
    g->nscanned = 0;
    g->nheap = 0;
    g->seen[source] = g->epoch;
    g->dist[source] = 0;
    g->via[source] = VIA_NONE;
    heap_push(g, 0, source);
}

static void slot_append(flow_net *g, int32_t r, int32_t a)
{
    g->rslot[g->rbeg[r] + g->load[r]++] = a;
}

static void slot_replace(flow_net *g, int32_t r, int32_t old, int32_t a)
{
    int32_t *s = g->rslot + g->rbeg[r];
    for (int32_t i = 0; i < g->load[r]; i++)
        if (s[i] == old) {
            s[i] = a;
            return;
        }
}

/* Settled nodes closer than the path length D move by the shortfall:
 * sign -1 forwards (potentials fall), +1 backwards (they rise). */
static void settle_potentials(flow_net *g, int64_t D, int sign)
{
    for (int32_t i = 0; i < g->nscanned; i++) {
        int32_t u = g->scanned[i];
        if (g->dist[u] < D)
            g->pi[u] += sign * (D - g->dist[u]);
    }
    g->scans += g->nscanned;
}

/*
 * Phase B: from proposal s (with supply left) to the nearest reviewer with
 * room.  Returns the reviewer, or -1 when none is reachable (the settled
 * nodes are then the whole reachable set).
 */
static int32_t search_forward(flow_net *g, int32_t s)
{
    const int32_t P = g->P, PG = g->P + g->G;
    int64_t *pi = g->pi;
    search_begin(g, s);
    int64_t D = DIST_INF;
    int32_t term = -1;
    while (g->nheap > 0) {
        heap_item it = heap_pop(g);
        if (it.key >= D)
            break;
        int32_t u = it.node;
        if (g->done[u] == g->epoch)
            continue;
        g->done[u] = g->epoch;
        g->scanned[g->nscanned++] = u;
        int64_t du = it.key;
        if (u < PG) {
            /* A proposal or group: its idle arcs; a proposal also feeds its
             * groups that have room; a group also gives back to its
             * proposal what it took. */
            int64_t base = du + pi[u];
            for (int32_t a = g->tbeg[u]; a < g->tbeg[u + 1]; a++) {
                if (g->flow[a])
                    continue;
                int32_t v = PG + g->head[a];
                int64_t dv = base + g->cost[a] - pi[v];
                if (dv == du && pi[v] == g->pi_t &&
                    g->load[v - PG] < g->cap[v - PG] &&
                    g->done[v] != g->epoch) {
                    /* Room at no extra cost: no path can be shorter, since
                     * nothing is left below du. */
                    g->seen[v] = g->epoch;
                    g->dist[v] = dv;
                    g->via[v] = VIA_ARC;
                    g->pred[v] = a;
                    D = dv;
                    term = v - PG;
                    goto found;
                }
                relax(g, v, dv, VIA_ARC, a);
            }
            if (u < P) {
                for (int32_t x = g->pgbeg[u]; x < g->pgbeg[u + 1]; x++)
                    if (g->gflow[x] < g->gcap[x])
                        relax(g, P + x, base - pi[P + x], VIA_GROUP, x);
            } else {
                int32_t x = u - P;
                if (g->gflow[x] > 0)
                    relax(g, g->gowner[x], base - pi[g->gowner[x]],
                          VIA_UNGROUP, x);
            }
        } else {
            int32_t r = u - PG;
            if (g->load[r] < g->cap[r]) {
                int64_t end = du + pi[u] - g->pi_t;
                if (end < D) {
                    D = end;
                    term = r;
                }
            }
            int64_t base = du + pi[u];
            const int32_t *slot = g->rslot + g->rbeg[r];
            for (int32_t i = 0; i < g->load[r]; i++) {
                int32_t a = slot[i];
                int32_t v = g->tail[a];
                relax(g, v, base - g->cost[a] - pi[v], VIA_BACK, a);
            }
        }
    }
found:
    if (term < 0) {
        g->scans += g->nscanned;
        return -1;
    }
    settle_potentials(g, D, -1);
    /* Augment from the end back to the source. */
    int32_t a = g->pred[rnode(g, term)];
    g->flow[a] = 1;
    slot_append(g, term, a);
    int32_t u = g->tail[a];
    while (u != s) {
        int32_t id = g->pred[u];
        switch (g->via[u]) {
        case VIA_BACK: {
            int32_t r = g->head[id];
            int32_t in = g->pred[rnode(g, r)];
            g->flow[id] = 0;
            g->flow[in] = 1;
            slot_replace(g, r, id, in);
            u = g->tail[in];
            break;
        }
        case VIA_GROUP:
            g->gflow[id]++;
            u = g->gowner[id];
            break;
        case VIA_UNGROUP:
            g->gflow[id]--;
            u = P + id;
            break;
        default:
            abort(); /* unreachable: paths are built by the search above */
        }
    }
    g->deg[s]++;
    g->augmentations++;
    return term;
}

/* Settle u at distance du of a backward search: relax every node with a
 * residual arc into u. */
static inline void expand_backward(flow_net *g, int32_t u, int64_t du)
{
    const int32_t P = g->P, PG = g->P + g->G;
    const int64_t *pi = g->pi;
    int64_t base = du - pi[u];
    if (u >= PG) {
        /* Who can send to this reviewer: tails of its idle arcs. */
        int32_t r = u - PG;
        for (int64_t j = g->inbeg[r]; j < g->inbeg[r + 1]; j++) {
            int32_t a = g->inarc[j];
            if (g->flow[a])
                continue;
            int32_t v = g->tail[a];
            relax(g, v, base + g->cost[a] + pi[v], VIA_ARC, a);
        }
        return;
    }
    /* A proposal or group: reviewers that could hand back an arc of it; a
     * proposal's groups that took from it; a group's proposal if the group
     * has room. */
    for (int32_t a = g->tbeg[u]; a < g->tbeg[u + 1]; a++) {
        if (!g->flow[a])
            continue;
        int32_t v = PG + g->head[a];
        relax(g, v, base - g->cost[a] + pi[v], VIA_BACK, a);
    }
    if (u < P) {
        for (int32_t x = g->pgbeg[u]; x < g->pgbeg[u + 1]; x++)
            if (g->gflow[x] > 0)
                relax(g, P + x, base + pi[P + x], VIA_UNGROUP, x);
    } else {
        int32_t x = u - P, o = g->gowner[x];
        if (g->gflow[x] < g->gcap[x])
            relax(g, o, base + pi[o], VIA_GROUP, x);
    }
}

/*
 * Phase A: from reviewer r0 (below its minimum) backwards to the nearest
 * proposal with supply left.  Returns it, or -1 when none can reach r0.
 */
static int32_t search_backward(flow_net *g, int32_t r0)
{
    const int32_t P = g->P;
    int32_t root = rnode(g, r0);
    search_begin(g, root);
    int64_t D = DIST_INF;
    int32_t src = -1;
    while (g->nheap > 0) {
        heap_item it = heap_pop(g);
        int32_t u = it.node;
        if (g->done[u] == g->epoch)
            continue;
        g->done[u] = g->epoch;
        g->scanned[g->nscanned++] = u;
        if (u < P && g->deg[u] < g->k) {
            D = it.key;
            src = u;
            break;
        }
        expand_backward(g, u, it.key);
    }
    if (src < 0)
        return -1;
    settle_potentials(g, D, +1);
    /* Augment from src forwards to r0, following how each node leaves. */
    int32_t u = src;
    for (;;) {
        int32_t id = g->pred[u];
        if (g->via[u] == VIA_ARC) {
            int32_t r = g->head[id];
            g->flow[id] = 1;
            if (rnode(g, r) == root) {
                slot_append(g, r, id);
                break;
            }
            int32_t out = g->pred[rnode(g, r)];
            g->flow[out] = 0;
            slot_replace(g, r, out, id);
            u = g->tail[out];
        } else if (g->via[u] == VIA_GROUP) {
            g->gflow[id]++;
            u = P + id;
        } else if (g->via[u] == VIA_UNGROUP) {
            g->gflow[id]--;
            u = g->gowner[id];
        } else {
            abort(); /* unreachable */
        }
    }
    g->deg[src]++;
    g->augmentations++;
    return src;
}

/* ---- explanations of a failed search --------------------------------------- */

static serai_code explain_forward_cut(flow_net *g, int32_t s, serai_err *err)
{
    const assign_input *in = g->in;
    name_list props = {{0}, 0};
    int64_t need = 0, can = 0, reviewers = 0;
    char name[128];
    /* Name the proposal that failed first. */
    proposal_label(in, s, name, sizeof name);
    name_list_add(&props, name);
    need += g->k;
    can += g->deg[s];
    for (int32_t i = 0; i < g->nscanned; i++) {
        int32_t u = g->scanned[i];
        if (u < g->P && u != s) {
            proposal_label(in, u, name, sizeof name);
            name_list_add(&props, name);
            need += g->k;
            can += g->deg[u];
        } else if (u >= g->P + g->G) {
            reviewers++;
        }
    }
    char a[32], b[32], c[32], list[256];
    name_list_end(&props, list, sizeof list);
    if (props.count == 1)
        return serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                          "proposal %s can get at most %s of its %d reviewers: "
                          "its other conflict-free candidates are at their "
                          "maximum load with proposals that cannot do "
                          "without them%s",
                          list, group3(can, a, sizeof a), g->k,
                          in->country ? " (or the country limit binds)" : "");
    return serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                      "proposals %s (%s proposals) need %s reviews, but their "
                      "conflict-free candidates (%s reviewers) can take at "
                      "most %s of them%s: raise the maximum load or add "
                      "candidates for these proposals",
                      list, group3(props.count, a, sizeof a),
                      group3(need, b, sizeof b), group3(reviewers, c, sizeof c),
                      group3(can, name, sizeof name),
                      in->country ? " within the country limit" : "");
}

static serai_code explain_backward_cut(flow_net *g, int32_t r0, serai_err *err)
{
    const assign_input *in = g->in;
    name_list revs = {{0}, 0};
    int64_t need = 0, can = 0, proposals = 0;
    char name[128];
    reviewer_label(in, r0, name, sizeof name);
    name_list_add(&revs, name);
    need += g->low[r0];
    can += g->load[r0];
    for (int32_t i = 0; i < g->nscanned; i++) {
        int32_t u = g->scanned[i];
        if (u >= g->P + g->G && u != rnode(g, r0)) {
            int32_t r = u - g->P - g->G;
            reviewer_label(in, r, name, sizeof name);
            name_list_add(&revs, name);
            need += g->low[r];
            can += g->load[r];
        } else if (u < g->P) {
            proposals++;
        }
    }
    char a[32], b[32], c[32], list[256];
    name_list_end(&revs, list, sizeof list);
    return serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                      "minimum loads cannot be met: %s %s need%s at least %s "
                      "review%s, but the proposals %s can review (%s) can "
                      "give %s at most %s: lower --min-load or add "
                      "candidates",
                      revs.count == 1 ? "reviewer" : "reviewers", list,
                      revs.count == 1 ? "s" : "", group3(need, a, sizeof a),
                      need == 1 ? "" : "s", revs.count == 1 ? "it" : "they",
                      group3(proposals, b, sizeof b),
                      revs.count == 1 ? "it" : "them", group3(can, c, sizeof c));
}

/* ---- the whole flow ------------------------------------------------------ */

/* Route every unit; SERAI_OK or SERAI_EUNPROCESSABLE with the cut. */
static serai_code net_run(flow_net *g, serai_err *err)
{
    /* Phase A: minimum loads. */
    if (g->any_low) {
        for (int32_t r = 0; r < g->R; r++)
            while (g->load[r] < g->low[r])
                if (search_backward(g, r) < 0)
                    return explain_backward_cut(g, r, err);
    }
    /* The sink's potential: no reviewer with room may look cheaper than
     * it (reduced cost of r -> t non-negative), and it must not exceed
     * any reviewer already past its minimum (t -> r). */
    int64_t pt = DIST_INF;
    for (int32_t r = 0; r < g->R; r++)
        if (g->load[r] < g->cap[r] && g->pi[rnode(g, r)] < pt)
            pt = g->pi[rnode(g, r)];
    g->pi_t = pt == DIST_INF ? 0 : pt;
    /* Phase B: everything else. */
    /* Phase B: everything else, one proposal at a time. */
    for (int32_t p = 0; p < g->P; p++)
        while (g->deg[p] < g->k)
            if (search_forward(g, p) < 0)
                return explain_forward_cut(g, p, err);
    return SERAI_OK;
}

/*
 * The dual certificate: the flow is feasible and every residual arc has a
 * non-negative reduced cost.  Returns the number of arcs checked, or -1.
 */
static int64_t net_certify(const flow_net *g)
{
    const int64_t *pi = g->pi;
    int32_t P = g->P, PG = g->P + g->G;
    int32_t *gsum = xcalloc((size_t)g->G + 1, sizeof *gsum);
    int32_t *rsum = xcalloc((size_t)g->R + 1, sizeof *rsum);
    int64_t checked = 0;
    bool ok = true;
    for (int32_t p = 0; p < P && ok; p++) {
        int32_t sent = 0;
        for (int32_t a = g->tbeg[p]; a < g->tbeg[p + 1]; a++)
            sent += g->flow[a];
        for (int32_t x = g->pgbeg[p]; x < g->pgbeg[p + 1]; x++)
            sent += g->gflow[x];
        ok = sent == g->k && g->deg[p] == g->k;
    }
    for (int32_t x = 0; x < g->G && ok; x++) {
        int32_t u = P + x, o = g->gowner[x];
        ok = g->gflow[x] >= 0 && g->gflow[x] <= g->gcap[x];
        if (g->gflow[x] < g->gcap[x])
            ok = ok && pi[o] - pi[u] >= 0;
        if (g->gflow[x] > 0)
            ok = ok && pi[o] - pi[u] <= 0;
        checked++;
    }
    for (int64_t a = 0; a < g->A && ok; a++) {
        int32_t t = g->tail[a];
        int64_t rc = (int64_t)g->cost[a] + pi[t] - pi[PG + g->head[a]];
        if (g->flow[a]) {
            ok = rc <= 0;
            rsum[g->head[a]]++;
            if (t >= P)
                gsum[t - P]++;
        } else {
            ok = rc >= 0;
        }
        checked++;
    }
    for (int32_t x = 0; x < g->G && ok; x++)
        ok = gsum[x] == g->gflow[x];
    for (int32_t r = 0; r < g->R && ok; r++) {
        int64_t rc = pi[PG + r] - g->pi_t;
        ok = rsum[r] == g->load[r] && g->load[r] >= g->low[r] &&
             g->load[r] <= g->cap[r];
        if (g->load[r] < g->cap[r])
            ok = ok && rc >= 0;
        if (g->load[r] > g->low[r])
            ok = ok && rc <= 0;
        checked++;
    }
    free(gsum);
    free(rsum);
    return ok ? checked : -1;
}

/* ---- input checks ------------------------------------------------------- */

static serai_code check_input(const assign_input *in, serai_err *err)
{
    if (in->nproposals < 0 || in->nreviewers < 0 || in->npairs < 0)
        return serai_fail(err, SERAI_EINVAL, NULL, "negative counts");
    if (in->nproposals > ASSIGN_MAX_NODES || in->nreviewers > ASSIGN_MAX_NODES)
        return serai_fail(err, SERAI_ETOOLARGE, NULL,
                          "more than %d proposals or reviewers",
                          ASSIGN_MAX_NODES);
    if (in->npairs > ASSIGN_MAX_PAIRS)
        return serai_fail(err, SERAI_ETOOLARGE, NULL,
                          "more than %d candidate pairs", ASSIGN_MAX_PAIRS);
    if (in->nproposals == 0)
        return serai_fail(err, SERAI_EINVAL, NULL, "no proposals to assign");
    if (in->per_proposal < 1 || in->per_proposal > ASSIGN_MAX_PER_PROPOSAL)
        return serai_fail(err, SERAI_EINVAL, "/per_proposal",
                          "reviewers per proposal must be 1 to %d",
                          ASSIGN_MAX_PER_PROPOSAL);
    if (in->country && in->max_same_country < 1)
        return serai_fail(err, SERAI_EINVAL, "/max_same_country",
                          "at most ... reviewers of one country must be at "
                          "least 1");
    for (int32_t r = 0; r < in->nreviewers; r++) {
        int32_t U = max_load_of(in, r), L = min_load_of(in, r);
        char name[128];
        if (U < 0 || U > ASSIGN_MAX_LOAD || L < 0 || L > U) {
            reviewer_label(in, r, name, sizeof name);
            return serai_fail(err, SERAI_EINVAL, "/max_load",
                              "reviewer %s: loads must satisfy 0 <= minimum "
                              "(%d) <= maximum (%d) <= %d",
                              name, L, U, ASSIGN_MAX_LOAD);
        }
        if (r > 0 && !in->max_loads && !in->min_loads)
            break; /* the same for everyone */
    }
    /* Pairs in range, each at most once: a stamp per reviewer of the last
     * proposal seen with it, over the pairs ordered by proposal. */
    int32_t P = in->nproposals, R = in->nreviewers;
    for (int64_t i = 0; i < in->npairs; i++) {
        if (in->proposal[i] < 0 || in->proposal[i] >= P || in->reviewer[i] < 0 ||
            in->reviewer[i] >= R)
            return serai_fail(err, SERAI_EINVAL, NULL,
                              "pair %" PRId64 " names a proposal or reviewer "
                              "out of range", i);
        if (in->score[i] < -ASSIGN_MAX_SCORE || in->score[i] > ASSIGN_MAX_SCORE)
            return serai_fail(err, SERAI_EINVAL, NULL,
                              "pair %" PRId64 ": score beyond +-%d thousandths",
                              i, ASSIGN_MAX_SCORE);
    }
    int64_t *last = xmalloc(((size_t)R + 1) * sizeof *last);
    for (int32_t r = 0; r <= R; r++)
        last[r] = -1;
    int32_t *owner = xmalloc(((size_t)R + 1) * sizeof *owner);
    serai_code rc = SERAI_OK;
    int64_t *pbeg = xcalloc((size_t)P + 1, sizeof *pbeg);
    for (int64_t i = 0; i < in->npairs; i++)
        pbeg[in->proposal[i] + 1]++;
    for (int32_t p = 0; p < P; p++)
        pbeg[p + 1] += pbeg[p];
    int64_t *order = xmalloc((size_t)(in->npairs ? in->npairs : 1) * sizeof *order);
    for (int64_t i = 0; i < in->npairs; i++)
        order[pbeg[in->proposal[i]]++] = i;
    for (int64_t j = 0; j < in->npairs && rc == SERAI_OK; j++) {
        int64_t i = order[j];
        int32_t r = in->reviewer[i], p = in->proposal[i];
        if (last[r] >= 0 && owner[r] == p)
            rc = serai_fail(err, SERAI_EINVAL, NULL,
                            "pair %" PRId64 " repeats pair %" PRId64, i,
                            last[r]);
        last[r] = i;
        owner[r] = p;
    }
    free(order);
    free(pbeg);
    free(last);
    free(owner);
    return rc;
}

/* ---- results ------------------------------------------------------------- */

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Fill out's pairs and statistics from a solved network. */
static void net_extract(const flow_net *g, assign_result *out)
{
    const assign_input *in = g->in;
    int64_t count = (int64_t)g->P * g->k;
    out->count = count;
    out->pairs = xmalloc((size_t)(count ? count : 1) * sizeof *out->pairs);
    int64_t n = 0;
    for (int32_t p = 0; p < g->P; p++) {
        int64_t from = n;
        for (int32_t a = g->tbeg[p]; a < g->tbeg[p + 1]; a++)
            if (g->flow[a])
                out->pairs[n++] = g->pair[a];
        for (int32_t x = g->pgbeg[p]; x < g->pgbeg[p + 1]; x++)
            for (int32_t a = g->tbeg[g->P + x]; a < g->tbeg[g->P + x + 1]; a++)
                if (g->flow[a])
                    out->pairs[n++] = g->pair[a];
        qsort(out->pairs + from, (size_t)(n - from), sizeof *out->pairs, cmp_i64);
    }
    (void)in;
}

static void fill_stats(const assign_input *in, assign_result *out)
{
    assign_stats *st = &out->stats;
    int32_t P = in->nproposals, R = in->nreviewers;
    int64_t *sum = xcalloc((size_t)P + 1, sizeof *sum);
    int32_t *load = xcalloc((size_t)R + 1, sizeof *load);
    st->objective = 0;
    st->lowest_pair = INT32_MAX;
    for (int64_t j = 0; j < out->count; j++) {
        int64_t i = out->pairs[j];
        sum[in->proposal[i]] += in->score[i];
        load[in->reviewer[i]]++;
        st->objective += in->score[i];
        if (in->score[i] < st->lowest_pair)
            st->lowest_pair = in->score[i];
    }
    if (out->count == 0)
        st->lowest_pair = 0;
    st->lowest = INT64_MAX;
    st->highest = INT64_MIN;
    for (int32_t p = 0; p < P; p++) {
        if (sum[p] < st->lowest)
            st->lowest = sum[p];
        if (sum[p] > st->highest)
            st->highest = sum[p];
    }
    st->max_load_used = 0;
    for (int32_t r = 0; r < R; r++)
        if (load[r] > st->max_load_used)
            st->max_load_used = load[r];
    st->load_histogram = xcalloc((size_t)st->max_load_used + 1,
                                 sizeof *st->load_histogram);
    for (int32_t r = 0; r < R; r++)
        st->load_histogram[load[r]]++;
    free(sum);
    free(load);
}

void assign_result_free(assign_result *r)
{
    if (r == NULL)
        return;
    free(r->pairs);
    free(r->stats.load_histogram);
    memset(r, 0, sizeof *r);
}

/*
 * One solve over the candidates scoring at least min_score.  On success
 * the network is left solved in g (net_free it); otherwise g holds
 * nothing.
 */
static serai_code solve_at(const assign_input *in, const country_map *cm,
                           int32_t min_score, const low_group *lg, flow_net *g,
                           serai_err *err)
{
    by_proposal bp;
    by_proposal_build(in, min_score, &bp);
    serai_code rc = precheck(in, &bp, cm, err);
    if (rc == SERAI_OK) {
        net_build(g, in, &bp, cm, lg);
        rc = net_run(g, err);
        if (rc != SERAI_OK)
            net_free(g);
    }
    by_proposal_free(&bp);
    return rc;
}

/* The distinct scores of the candidates, ascending, up to the largest
 * threshold that could possibly work (each proposal's k-th best). */
static int32_t *threshold_candidates(const assign_input *in, int64_t *count)
{
    int32_t P = in->nproposals, k = in->per_proposal;
    by_proposal bp;
    by_proposal_build(in, INT32_MIN, &bp);
    int32_t ceiling = INT32_MAX;
    int32_t *tmp = xmalloc((size_t)(bp.n ? bp.n : 1) * sizeof *tmp);
    for (int32_t p = 0; p < P; p++) {
        int64_t n = bp.pbeg[p + 1] - bp.pbeg[p];
        if (n < k)
            continue; /* the first solve will say so */
        for (int64_t j = 0; j < n; j++)
            tmp[j] = in->score[bp.idx[bp.pbeg[p] + j]];
        qsort(tmp, (size_t)n, sizeof *tmp, cmp_i32);
        if (tmp[n - k] < ceiling)
            ceiling = tmp[n - k];
    }
    int64_t m = 0;
    for (int64_t j = 0; j < bp.n; j++) {
        int32_t s = in->score[bp.idx[j]];
        if (s <= ceiling)
            tmp[m++] = s;
    }
    qsort(tmp, (size_t)m, sizeof *tmp, cmp_i32);
    int64_t u = 0;
    for (int64_t j = 0; j < m; j++)
        if (u == 0 || tmp[j] != tmp[u - 1])
            tmp[u++] = tmp[j];
    by_proposal_free(&bp);
    *count = u;
    return tmp;
}

const char *assign_fairness_name(assign_fairness f)
{
    switch (f) {
    case ASSIGN_FAIR_PAIR:
        return "pair";
    case ASSIGN_FAIR_PROPOSAL:
        return "proposal";
    default:
        return "none";
    }
}

/* Counters summed over the exact solves of one assign_solve(). */
typedef struct solve_acc {
    int64_t augmentations;
    int64_t scanned;
    int64_t certified;
    int32_t solves;
} solve_acc;

/* Certify a solved network and turn it into a result of in; the network
 * is freed either way.  A failed certificate is a bug (SERAI_EINTERNAL). */
static serai_code net_finish(flow_net *g, const assign_input *in,
                             solve_acc *acc, assign_result *out, serai_err *err)
{
    int64_t checked = net_certify(g);
    serai_code rc = SERAI_OK;
    memset(out, 0, sizeof *out);
    if (checked < 0) {
        rc = serai_fail(err, SERAI_EINTERNAL, NULL,
                        "the assignment failed its optimality check "
                        "(a bug in the solver)");
    } else {
        net_extract(g, out);
        fill_stats(in, out);
        acc->certified += checked;
        acc->augmentations += g->augmentations;
        acc->scanned += g->scans;
    }
    net_free(g);
    return rc;
}

/* NONE or PAIR (pair), exactly; see assign.h. */
static serai_code solve_exact(const assign_input *in, const country_map *cm,
                              bool pair, solve_acc *acc, assign_result *out,
                              serai_err *err)
{
    flow_net g;
    int32_t probes = 1, threshold = INT32_MIN;
    serai_code rc = solve_at(in, cm, INT32_MIN, NULL, &g, err);
    if (rc != SERAI_OK)
        return rc;
    if (pair) {
        /* Largest threshold t with a feasible assignment using only pairs
         * scoring >= t: binary search over the distinct scores.  Every
         * threshold up to the lowest score is feasible (the solve above);
         * feasibility only shrinks as t grows. */
        int64_t nt;
        int32_t *ts = threshold_candidates(in, &nt);
        int64_t lo = 0, hi = nt - 1; /* ts[lo] known feasible */
        serai_err probe_err;
        while (lo < hi) {
            int64_t mid = lo + (hi - lo + 1) / 2;
            flow_net h;
            probes++;
            if (solve_at(in, cm, ts[mid], NULL, &h, &probe_err) == SERAI_OK) {
                net_free(&g);
                g = h;
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        threshold = nt > 0 ? ts[lo] : INT32_MIN;
        free(ts);
    }
    solve_acc mine = {0, 0, 0, 0};
    rc = net_finish(&g, in, &mine, out, err);
    if (rc == SERAI_OK) {
        out->stats.certified_arcs = mine.certified;
        out->stats.augmentations = mine.augmentations;
        out->stats.scanned = mine.scanned;
        out->stats.fair_probes = pair ? probes : 0;
        out->stats.fair_threshold = pair && threshold != INT32_MIN
                                        ? threshold
                                        : out->stats.lowest_pair;
        out->stats.lowest_bound = out->stats.lowest;
        acc->certified += mine.certified;
        acc->augmentations += mine.augmentations;
        acc->scanned += mine.scanned;
    }
    acc->solves += probes;
    return rc;
}

/* ---- fairness per proposal (ASSIGN_FAIR_PROPOSAL) ------------------------ */

/*
 * The approximation, in the manner of PeerReview4All (Stelmakh, Shah and
 * Singh 2019), from exact flows and a local search:
 *
 * 1. Candidates.  The plain optimum (largest total), the PAIR optimum
 *    (threshold flow with kappa = k) and, for kappa = 1..k-1, the
 *    threshold flow of kappa: the largest score tau such that some
 *    assignment gives every proposal at least kappa reviewers scoring >=
 *    tau (bisection over the distinct scores, each probe an exact
 *    feasibility solve with the low_group network), and of those the one
 *    of largest total.  A threshold flow drops the country cap (the cap
 *    and the kappa constraint do not nest into one network); its result is
 *    used only if it happens to respect the cap.
 *
 * 1b. Local improvement of each candidate's lowest proposal
 *    (raise_lowest(): replacements and swaps that raise it without
 *    bringing another proposal down to its value).  The candidate with the
 *    highest lowest per-proposal affinity, then the highest total, wins;
 *    its lowest value is v.
 *
 * 2. The total.  The proposals whose affinity would fall below v in the
 *    plain optimum of the proposals not yet kept are kept as the winner
 *    assigns them (their reviewers' loads are used up), and the plain
 *    optimum of the others is solved again, until it leaves none of them
 *    below v.  The winner restricted to the proposals not kept is always
 *    feasible for that problem, so every round succeeds and the total
 *    never falls; the final assignment is the largest total among those
 *    that keep the kept proposals as they are, and no proposal is below v.
 *    Then 1b once more on the result: if it raises the lowest value, that
 *    is the new v and step 2 runs again (three passes at most).
 *
 * 3. The bound on the optimum lowest per-proposal affinity OPT: the least
 *    of (a) every proposal's best k candidates (conflict-free, reviewer
 *    load >= 1, country cap), (b) the largest total divided by the number
 *    of proposals, rounded down (the lowest is at most the mean), and (c)
 *    from the kappa = 1 threshold flow: with tau1 its threshold, no
 *    assignment gives every proposal a reviewer scoring above tau1, so in
 *    each some proposal has all k reviewers at or below tau1; OPT is at
 *    most the largest best-k sum of a proposal over its candidates scoring
 *    at most tau1.
 *
 * Guarantee: v >= the lowest per-proposal affinity of the NONE and PAIR
 * optima (both are candidates; PAIR's is at least k t*), and, with scores
 * >= 0 and no country cap, v >= tau1 >= OPT / k (the kappa = 1 candidate
 * gives every proposal a reviewer scoring >= tau1, and (c) gives OPT <= k
 * tau1).  With a cap the kappa = 1 flow may break it and is then no
 * candidate, so the factor is not promised.  For k = 1 the PAIR optimum is
 * the exact answer.
 */

/* Recompute a result's statistics after its pairs changed. */
static void restat(const assign_input *in, assign_result *r)
{
    free(r->stats.load_histogram);
    r->stats.load_histogram = NULL;
    fill_stats(in, r);
}

/* The lowest per-proposal affinity of pairs ([P*k], by proposal). */
static int64_t lowest_of(const assign_input *in, const int64_t *pairs)
{
    int64_t low = INT64_MAX;
    for (int32_t p = 0; p < in->nproposals; p++) {
        int64_t s = 0;
        for (int32_t x = 0; x < in->per_proposal; x++)
            s += in->score[pairs[(int64_t)p * in->per_proposal + x]];
        if (s < low)
            low = s;
    }
    return low;
}

/* by (lowest, total) */
static bool better_fair(const assign_result *a, const assign_result *b)
{
    return a->stats.lowest > b->stats.lowest ||
           (a->stats.lowest == b->stats.lowest &&
            a->stats.objective > b->stats.objective);
}

/* The distinct conflict-free candidate scores, ascending. */
static int32_t *distinct_scores(const assign_input *in, int64_t *count)
{
    int32_t *ts = xmalloc((size_t)(in->npairs ? in->npairs : 1) * sizeof *ts);
    int64_t m = 0;
    for (int64_t i = 0; i < in->npairs; i++)
        if (candidate(in, i, INT32_MIN))
            ts[m++] = in->score[i];
    qsort(ts, (size_t)m, sizeof *ts, cmp_i32);
    int64_t u = 0;
    for (int64_t j = 0; j < m; j++)
        if (u == 0 || ts[j] != ts[u - 1])
            ts[u++] = ts[j];
    *count = u;
    return ts;
}

/*
 * The threshold flow of kappa (1 <= kappa < k) on relaxed (the input
 * without its country cap): *tau the largest score of ts[lo..hi] with a
 * feasible assignment giving every proposal at least kappa reviewers
 * scoring >= tau, out the one of largest total.  The caller knows ts[lo]
 * feasible: the PAIR threshold t* is (every reviewer scores >= t*), and
 * the threshold of kappa never exceeds that of kappa - 1, so hi is the
 * latter.  SERAI_EUNPROCESSABLE when ts[lo] is not feasible after all.
 */
static serai_code kappa_flow(const assign_input *relaxed,
                             const country_map *cm, int32_t kappa,
                             const int32_t *ts, int64_t lo, int64_t hi,
                             solve_acc *acc, int64_t *at, assign_result *out,
                             serai_err *err)
{
    low_group lg = {ts[lo], relaxed->per_proposal - kappa};
    flow_net g;
    serai_err probe_err;
    acc->solves++;
    serai_code rc = solve_at(relaxed, cm, INT32_MIN, &lg, &g, err);
    if (rc != SERAI_OK)
        return rc;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo + 1) / 2;
        flow_net h;
        lg.below = ts[mid];
        acc->solves++;
        if (solve_at(relaxed, cm, INT32_MIN, &lg, &h, &probe_err) == SERAI_OK) {
            net_free(&g);
            g = h;
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    *at = lo;
    return net_finish(&g, relaxed, acc, out, err);
}

/*
 * The largest sum of k candidates of proposal p scoring at most ceiling
 * (conflict-free, reviewer maximum load >= 1, at most max_same_country of
 * a country): greedy by score, which is exact for a partition matroid.
 * false when p has fewer than k such candidates.
 */
static bool best_k_sum(const assign_input *in, const by_proposal *bp,
                       int32_t p, int32_t ceiling, int32_t *buf_score,
                       int32_t *buf_rev, int32_t *taken, int64_t *sum)
{
    int32_t k = in->per_proposal;
    int64_t n = 0;
    for (int64_t j = bp->pbeg[p]; j < bp->pbeg[p + 1]; j++) {
        int64_t i = bp->idx[j];
        if (in->score[i] <= ceiling && max_load_of(in, in->reviewer[i]) >= 1) {
            buf_score[n] = in->score[i];
            buf_rev[n] = in->reviewer[i];
            n++;
        }
    }
    /* Selection by score, descending: insertion sort of (score, reviewer)
     * pairs is fine for one proposal's candidates. */
    for (int64_t a = 1; a < n; a++) {
        int32_t s = buf_score[a], r = buf_rev[a];
        int64_t b = a;
        while (b > 0 && buf_score[b - 1] < s) {
            buf_score[b] = buf_score[b - 1];
            buf_rev[b] = buf_rev[b - 1];
            b--;
        }
        buf_score[b] = s;
        buf_rev[b] = r;
    }
    int32_t got = 0;
    int64_t total = 0;
    for (int64_t a = 0; a < n && got < k; a++) {
        if (in->country) {
            int32_t same = 0;
            for (int32_t x = 0; x < got; x++)
                same += in->country[taken[x]] == in->country[buf_rev[a]];
            if (same >= in->max_same_country)
                continue;
        }
        taken[got++] = buf_rev[a];
        total += buf_score[a];
    }
    *sum = total;
    return got == k;
}

/* Bounds (a) and (c) of the comment above; tau1 INT32_MAX: no (c). */
static int64_t proposal_bound(const assign_input *in, int32_t tau1)
{
    by_proposal bp;
    by_proposal_build(in, INT32_MIN, &bp);
    int64_t most = 1;
    for (int32_t p = 0; p < in->nproposals; p++)
        if (bp.pbeg[p + 1] - bp.pbeg[p] > most)
            most = bp.pbeg[p + 1] - bp.pbeg[p];
    int32_t *bs = xmalloc((size_t)most * sizeof *bs);
    int32_t *br = xmalloc((size_t)most * sizeof *br);
    int32_t *taken = xmalloc((size_t)in->per_proposal * sizeof *taken);
    int64_t a = INT64_MAX, c = INT64_MIN, s;
    bool any_c = false;
    for (int32_t p = 0; p < in->nproposals; p++) {
        if (best_k_sum(in, &bp, p, INT32_MAX, bs, br, taken, &s) && s < a)
            a = s;
        if (tau1 != INT32_MAX &&
            best_k_sum(in, &bp, p, tau1, bs, br, taken, &s) &&
            (!any_c || s > c)) {
            c = s;
            any_c = true;
        }
    }
    free(bs);
    free(br);
    free(taken);
    by_proposal_free(&bp);
    return any_c && c < a ? c : a;
}

/*
 * Step 2 of the comment above: raise the total of chosen ([P*k], by
 * proposal) without letting any proposal fall below v.  Fails only on a
 * solver bug.
 */
static serai_code raise_total(const assign_input *in, const country_map *cm,
                              int64_t *chosen, int64_t v, solve_acc *acc,
                              int32_t *rounds, serai_err *err)
{
    int32_t P = in->nproposals, R = in->nreviewers, k = in->per_proposal;
    bool *kept = xcalloc((size_t)P, sizeof *kept);
    int32_t *used = xcalloc((size_t)R + 1, sizeof *used);
    int32_t *sub_of = xmalloc((size_t)P * sizeof *sub_of);
    int32_t *orig_of = xmalloc((size_t)P * sizeof *orig_of);
    size_t np = (size_t)(in->npairs ? in->npairs : 1);
    int32_t *sp = xmalloc(np * sizeof *sp), *sr = xmalloc(np * sizeof *sr);
    int32_t *ss = xmalloc(np * sizeof *ss);
    uint8_t *sc = xmalloc(np * sizeof *sc);
    int64_t *map = xmalloc(np * sizeof *map);
    int32_t *umax = xmalloc(((size_t)R + 1) * sizeof *umax);
    int32_t *umin = xmalloc(((size_t)R + 1) * sizeof *umin);
    int64_t *sum = xmalloc((size_t)P * sizeof *sum);
    serai_code rc = SERAI_OK;
    for (;;) {
        int32_t m = 0;
        for (int32_t p = 0; p < P; p++) {
            sub_of[p] = kept[p] ? -1 : m;
            if (!kept[p])
                orig_of[m++] = p;
        }
        if (m == 0)
            break;
        int64_t n = 0;
        for (int64_t i = 0; i < in->npairs; i++) {
            int32_t q = sub_of[in->proposal[i]];
            if (q < 0)
                continue;
            sp[n] = q;
            sr[n] = in->reviewer[i];
            ss[n] = in->score[i];
            sc[n] = in->conflict ? in->conflict[i] : 0;
            map[n++] = i;
        }
        for (int32_t r = 0; r < R; r++) {
            umax[r] = max_load_of(in, r) - used[r];
            umin[r] = min_load_of(in, r) - used[r];
            if (umin[r] < 0)
                umin[r] = 0;
        }
        assign_input sub = *in;
        sub.nproposals = m;
        sub.npairs = n;
        sub.proposal = sp;
        sub.reviewer = sr;
        sub.score = ss;
        sub.conflict = sc;
        sub.max_loads = umax;
        sub.min_loads = umin;
        sub.proposal_name = NULL;
        flow_net g;
        assign_result res;
        serai_err probe_err;
        (*rounds)++;
        acc->solves++;
        if (solve_at(&sub, cm, INT32_MIN, NULL, &g, &probe_err) != SERAI_OK) {
            /* Cannot happen: chosen restricted to the proposals not kept
             * is feasible.  Keep chosen as it is. */
            rc = serai_fail(err, SERAI_EINTERNAL, NULL,
                            "the fair assignment lost feasibility "
                            "(a bug in the solver)");
            break;
        }
        if ((rc = net_finish(&g, &sub, acc, &res, err)) != SERAI_OK)
            break;
        for (int32_t q = 0; q < m; q++)
            sum[q] = 0;
        for (int64_t j = 0; j < res.count; j++)
            sum[sp[res.pairs[j]]] += ss[res.pairs[j]];
        int32_t below = 0;
        for (int32_t q = 0; q < m; q++)
            if (sum[q] < v) {
                int32_t p = orig_of[q];
                kept[p] = true;
                for (int32_t x = 0; x < k; x++)
                    used[in->reviewer[chosen[(int64_t)p * k + x]]]++;
                below++;
            }
        if (below == 0) {
            /* res lists the proposals in order, k each, pairs ascending;
             * map preserves the input order. */
            for (int64_t j = 0; j < res.count; j++) {
                int32_t p = orig_of[j / k];
                chosen[(int64_t)p * k + j % k] = map[res.pairs[j]];
            }
            assign_result_free(&res);
            break;
        }
        assign_result_free(&res);
    }
    free(kept);
    free(used);
    free(sub_of);
    free(orig_of);
    free(sp);
    free(sr);
    free(ss);
    free(sc);
    free(map);
    free(umax);
    free(umin);
    free(sum);
    return rc;
}

/*
 * Local improvement of the lowest proposal, step 1b of the comment before
 * restat(): as long as a move raises the proposal of lowest affinity without
 * bringing any other proposal down to its old value, make the best such
 * move.  Two moves, each keeping every constraint: replace one of its
 * reviewers by a better candidate with room (the old reviewer staying at
 * or above its minimum load), or swap one of its reviewers with a better
 * one of another proposal (loads unchanged; both pairs must be conflict-free
 * candidates and the country cap must hold on both sides).  Each move
 * raises the sorted vector of per-proposal affinities lexicographically,
 * so the search ends; it also stops after max_moves.  chosen: [P*k], by
 * proposal.
 */
/* A candidate of a proposal, for the lookup by reviewer. */
typedef struct ls_cand {
    int32_t reviewer;
    int64_t pair;
} ls_cand;

typedef struct ls_state {
    const assign_input *in;
    int32_t k;
    by_proposal bp;        /* candidates by proposal */
    ls_cand *cand;         /* [bp.n] the same, each proposal's by reviewer */
    int64_t *chosen;
    int64_t *sum;          /* [P] */
    int32_t *load;         /* [R] */
    int64_t *rbeg;         /* [R+1] slots of each reviewer */
    int32_t *rprop;        /* proposals each reviewer reviews */
} ls_state;

static int cmp_ls_cand(const void *a, const void *b)
{
    int32_t x = ((const ls_cand *)a)->reviewer, y = ((const ls_cand *)b)->reviewer;
    return (x > y) - (x < y);
}

/* The candidate pair (p, r), or -1. */
static int64_t ls_pair(const ls_state *s, int32_t p, int32_t r)
{
    int64_t lo = s->bp.pbeg[p], hi = s->bp.pbeg[p + 1];
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        int32_t x = s->cand[mid].reviewer;
        if (x == r)
            return s->cand[mid].pair;
        if (x < r)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* Does p review r? */
static bool ls_has(const ls_state *s, int32_t p, int32_t r)
{
    for (int32_t x = 0; x < s->k; x++)
        if (s->in->reviewer[s->chosen[(int64_t)p * s->k + x]] == r)
            return true;
    return false;
}

/* May p trade its reviewer out for reviewer in (country cap)? */
static bool ls_country_ok(const ls_state *s, int32_t p, int32_t out, int32_t in_r)
{
    const assign_input *in = s->in;
    if (in->country == NULL)
        return true;
    int32_t same = 0;
    for (int32_t x = 0; x < s->k; x++) {
        int32_t r = in->reviewer[s->chosen[(int64_t)p * s->k + x]];
        if (r != out && in->country[r] == in->country[in_r])
            same++;
    }
    return same < in->max_same_country;
}

static void ls_rremove(ls_state *s, int32_t r, int32_t p)
{
    int32_t *l = s->rprop + s->rbeg[r];
    for (int32_t x = 0; x < s->load[r]; x++)
        if (l[x] == p) {
            l[x] = l[--s->load[r]];
            return;
        }
}

static void ls_radd(ls_state *s, int32_t r, int32_t p)
{
    s->rprop[s->rbeg[r] + s->load[r]++] = p;
}

static void raise_lowest(const assign_input *in, int64_t *chosen,
                         int64_t max_moves)
{
    int32_t P = in->nproposals, R = in->nreviewers, k = in->per_proposal;
    ls_state s;
    s.in = in;
    s.k = k;
    s.chosen = chosen;
    by_proposal_build(in, INT32_MIN, &s.bp);
    s.cand = xmalloc((size_t)(s.bp.n ? s.bp.n : 1) * sizeof *s.cand);
    for (int64_t j = 0; j < s.bp.n; j++) {
        s.cand[j].reviewer = in->reviewer[s.bp.idx[j]];
        s.cand[j].pair = s.bp.idx[j];
    }
    for (int32_t p = 0; p < P; p++)
        qsort(s.cand + s.bp.pbeg[p], (size_t)(s.bp.pbeg[p + 1] - s.bp.pbeg[p]),
              sizeof *s.cand, cmp_ls_cand);
    s.sum = xcalloc((size_t)P, sizeof *s.sum);
    s.load = xcalloc((size_t)R + 1, sizeof *s.load);
    s.rbeg = xcalloc((size_t)R + 1, sizeof *s.rbeg);
    int32_t *rdeg = xcalloc((size_t)R + 1, sizeof *rdeg);
    for (int64_t j = 0; j < s.bp.n; j++)
        rdeg[in->reviewer[s.bp.idx[j]]]++;
    for (int32_t r = 0; r < R; r++) {
        int32_t U = max_load_of(in, r);
        s.rbeg[r + 1] = s.rbeg[r] + (U < rdeg[r] ? U : rdeg[r]);
    }
    s.rprop = xmalloc((size_t)(s.rbeg[R] ? s.rbeg[R] : 1) * sizeof *s.rprop);
    for (int32_t p = 0; p < P; p++)
        for (int32_t x = 0; x < k; x++) {
            int64_t i = chosen[(int64_t)p * k + x];
            s.sum[p] += in->score[i];
            ls_radd(&s, in->reviewer[i], p);
        }
    /* The proposals by affinity: a heap with stale entries skipped (the
     * flow's heap, in a network that holds nothing else). */
    flow_net order;
    memset(&order, 0, sizeof order);
    for (int32_t p = 0; p < P; p++)
        heap_push(&order, s.sum[p], p);
    for (int64_t move = 0; move < max_moves && order.nheap > 0; move++) {
        heap_item top = heap_pop(&order);
        int32_t p = top.node;
        if (top.key != s.sum[p]) {
            move--; /* stale */
            continue;
        }
        int64_t old = s.sum[p], best = old;
        int32_t bx = -1, bq = -1;
        int64_t bj = -1, bjq = -1, bxq = -1;
        for (int32_t x = 0; x < k; x++) {
            int64_t i = chosen[(int64_t)p * k + x];
            int32_t r = in->reviewer[i];
            for (int64_t c = s.bp.pbeg[p]; c < s.bp.pbeg[p + 1]; c++) {
                int64_t j = s.cand[c].pair;
                int32_t sr = in->reviewer[j];
                if (in->score[j] <= in->score[i] || ls_has(&s, p, sr) ||
                    !ls_country_ok(&s, p, r, sr))
                    continue;
                int64_t np = old - in->score[i] + in->score[j];
                /* Replace: sr has room, r keeps its minimum. */
                if (s.load[sr] < s.rbeg[sr + 1] - s.rbeg[sr] &&
                    s.load[r] > min_load_of(in, r) && np > best) {
                    best = np;
                    bx = x;
                    bj = j;
                    bq = -1;
                }
                /* Swap with a proposal q that has sr. */
                for (int32_t y = 0; y < s.load[sr]; y++) {
                    int32_t q = s.rprop[s.rbeg[sr] + y];
                    if (q == p || ls_has(&s, q, r))
                        continue;
                    int64_t jq = ls_pair(&s, q, r);
                    if (jq < 0 || !ls_country_ok(&s, q, sr, r))
                        continue;
                    int64_t nq = s.sum[q] - in->score[ls_pair(&s, q, sr)] +
                                 in->score[jq];
                    int64_t lo2 = np < nq ? np : nq;
                    if (lo2 > best) {
                        best = lo2;
                        bx = x;
                        bj = j;
                        bq = q;
                        bjq = jq;
                    }
                }
            }
        }
        if (bx < 0)
            break;
        int64_t *slot = &chosen[(int64_t)p * k + bx];
        int32_t r = in->reviewer[*slot], sr = in->reviewer[bj];
        s.sum[p] += in->score[bj] - in->score[*slot];
        *slot = bj;
        if (bq < 0) {
            ls_rremove(&s, r, p);
            ls_radd(&s, sr, p);
        } else {
            for (int32_t y = 0; y < k; y++) {
                int64_t *qs = &chosen[(int64_t)bq * k + y];
                if (in->reviewer[*qs] == sr) {
                    bxq = y;
                    break;
                }
            }
            int64_t *qslot = &chosen[(int64_t)bq * k + bxq];
            s.sum[bq] += in->score[bjq] - in->score[*qslot];
            *qslot = bjq;
            ls_rremove(&s, r, p);
            ls_radd(&s, r, bq);
            ls_rremove(&s, sr, bq);
            ls_radd(&s, sr, p);
            heap_push(&order, s.sum[bq], bq);
        }
        heap_push(&order, s.sum[p], p);
    }
    free(order.heap);
    free(rdeg);
    free(s.sum);
    free(s.load);
    free(s.rbeg);
    free(s.rprop);
    free(s.cand);
    by_proposal_free(&s.bp);
}

static serai_code solve_fair_proposal(const assign_input *in,
                                      const country_map *cm,
                                      assign_result *out, serai_err *err)
{
    int32_t P = in->nproposals, k = in->per_proposal;
    int64_t moves = 4 * (int64_t)P * k + 100;
    solve_acc acc = {0, 0, 0, 0};
    assign_result best, cand;
    serai_code rc = solve_exact(in, cm, false, &acc, &best, err);
    if (rc != SERAI_OK)
        return rc;
    int64_t max_total = best.stats.objective;
    raise_lowest(in, best.pairs, moves);
    restat(in, &best);
    int32_t kappa_won = 0, tau1 = INT32_MAX;
    rc = solve_exact(in, cm, true, &acc, &cand, err);
    if (rc != SERAI_OK)
        goto fail;
    int32_t tstar = cand.stats.fair_threshold;
    if (k == 1)
        tau1 = tstar; /* kappa = k = 1 */
    raise_lowest(in, cand.pairs, moves);
    restat(in, &cand);
    if (better_fair(&cand, &best)) {
        assign_result_free(&best);
        best = cand;
        kappa_won = -1;
    } else {
        assign_result_free(&cand);
    }
    if (k > 1) {
        assign_input relaxed = *in;
        relaxed.country = NULL;
        int64_t nt;
        int32_t *ts = distinct_scores(in, &nt);
        /* t* is one of the scores; the thresholds lie between it and the
         * previous kappa's (kappa_flow). */
        int64_t lo = 0, hi = nt - 1;
        while (lo < nt - 1 && ts[lo] < tstar)
            lo++;
        for (int32_t kappa = 1; kappa < k && rc == SERAI_OK; kappa++) {
            int64_t at;
            serai_err e;
            rc = kappa_flow(&relaxed, cm, kappa, ts, lo, hi, &acc, &at, &cand,
                            &e);
            if (rc == SERAI_EUNPROCESSABLE) {
                rc = SERAI_OK; /* cannot happen: in itself is feasible */
                continue;
            }
            if (rc != SERAI_OK) {
                *err = e;
                break;
            }
            if (kappa == 1)
                tau1 = ts[at];
            hi = at;
            bool ok = in->country == NULL ||
                      assign_verify(in, &cand, &e) == SERAI_OK;
            if (ok) {
                raise_lowest(in, cand.pairs, moves);
                restat(in, &cand);
            }
            if (ok && better_fair(&cand, &best)) {
                assign_result_free(&best);
                best = cand;
                kappa_won = kappa;
            } else {
                assign_result_free(&cand);
            }
        }
        free(ts);
        if (rc != SERAI_OK)
            goto fail;
    }
    /* Step 2, then step 1b again while it still raises the lowest; step
     * 2 always comes last, at most three times. */
    int32_t rounds = 0;
    int64_t *trial = xmalloc((size_t)best.count * sizeof *trial);
    for (int pass = 0;; pass++) {
        int64_t v = best.stats.lowest;
        if ((rc = raise_total(in, cm, best.pairs, v, &acc, &rounds, err)) !=
            SERAI_OK)
            break;
        restat(in, &best);
        if (pass == 2)
            break;
        memcpy(trial, best.pairs, (size_t)best.count * sizeof *trial);
        raise_lowest(in, trial, moves);
        if (lowest_of(in, trial) <= best.stats.lowest)
            break;
        memcpy(best.pairs, trial, (size_t)best.count * sizeof *trial);
        restat(in, &best);
    }
    free(trial);
    if (rc != SERAI_OK)
        goto fail;
    int64_t v = best.stats.lowest;
    /* Each proposal's pairs ascending, as every result lists them. */
    for (int32_t p = 0; p < P; p++)
        qsort(best.pairs + (int64_t)p * k, (size_t)k, sizeof *best.pairs,
              cmp_i64);
    out->count = best.count;
    out->pairs = best.pairs;
    best.pairs = NULL;
    assign_result_free(&best);
    fill_stats(in, out);
    /* The lowest is the mean at most: floor(max_total / P). */
    int64_t mean_bound = max_total >= 0 ? max_total / P
                                        : -((-max_total + P - 1) / P);
    int64_t bound = proposal_bound(in, tau1);
    out->stats.lowest_bound = mean_bound < bound ? mean_bound : bound;
    out->stats.fair_threshold = out->stats.lowest_pair;
    out->stats.fair_probes = acc.solves;
    out->stats.fair_rounds = rounds;
    out->stats.fair_kappa = kappa_won;
    out->stats.certified_arcs = acc.certified;
    out->stats.augmentations = acc.augmentations;
    out->stats.scanned = acc.scanned;
    serai_err verr;
    if (out->stats.lowest < v || assign_verify(in, out, &verr) != SERAI_OK) {
        rc = serai_fail(err, SERAI_EINTERNAL, NULL,
                        "the fair assignment failed its own check "
                        "(a bug in the solver)");
        assign_result_free(out);
    }
    return rc;
fail:
    assign_result_free(&best);
    return rc;
}

serai_code assign_solve(const assign_input *in, assign_result *out,
                        serai_err *err)
{
    double t0 = now_seconds();
    memset(out, 0, sizeof *out);
    serai_code rc = check_input(in, err);
    if (rc != SERAI_OK)
        return rc;
    if (in->fairness != ASSIGN_FAIR_NONE && in->fairness != ASSIGN_FAIR_PAIR &&
        in->fairness != ASSIGN_FAIR_PROPOSAL)
        return serai_fail(err, SERAI_EINVAL, "/fair", "unknown fairness mode %d",
                          (int)in->fairness);
    country_map cm = {NULL, 0};
    if (in->country)
        country_map_build(in, &cm);
    solve_acc acc = {0, 0, 0, 0};
    if (in->fairness == ASSIGN_FAIR_PROPOSAL)
        rc = solve_fair_proposal(in, &cm, out, err);
    else
        rc = solve_exact(in, &cm, in->fairness == ASSIGN_FAIR_PAIR, &acc, out,
                         err);
    free(cm.dense);
    if (rc == SERAI_OK) {
        for (int64_t i = 0; i < in->npairs; i++)
            out->stats.candidates += candidate(in, i, INT32_MIN);
        out->stats.solve_seconds = now_seconds() - t0;
    } else {
        assign_result_free(out);
    }
    return rc;
}

serai_code assign_verify(const assign_input *in, const assign_result *res,
                         serai_err *err)
{
    int32_t P = in->nproposals, R = in->nreviewers;
    int32_t *deg = xcalloc((size_t)P + 1, sizeof *deg);
    int32_t *load = xcalloc((size_t)R + 1, sizeof *load);
    serai_code rc = SERAI_OK;
    int64_t total = 0;
    for (int64_t j = 0; j < res->count && rc == SERAI_OK; j++) {
        int64_t i = res->pairs[j];
        if (i < 0 || i >= in->npairs)
            rc = serai_fail(err, SERAI_EINVAL, NULL, "pair %" PRId64
                            " out of range", i);
        else if (in->conflict && in->conflict[i])
            rc = serai_fail(err, SERAI_EINVAL, NULL, "pair %" PRId64
                            " is a conflict", i);
        else if (j > 0 && res->pairs[j - 1] == i)
            rc = serai_fail(err, SERAI_EINVAL, NULL, "pair %" PRId64
                            " assigned twice", i);
        else {
            deg[in->proposal[i]]++;
            load[in->reviewer[i]]++;
            total += in->score[i];
        }
    }
    for (int32_t p = 0; p < P && rc == SERAI_OK; p++)
        if (deg[p] != in->per_proposal)
            rc = serai_fail(err, SERAI_EINVAL, NULL,
                            "proposal %d has %d reviewers, not %d", p, deg[p],
                            in->per_proposal);
    for (int32_t r = 0; r < R && rc == SERAI_OK; r++)
        if (load[r] < min_load_of(in, r) || load[r] > max_load_of(in, r))
            rc = serai_fail(err, SERAI_EINVAL, NULL,
                            "reviewer %d has load %d outside %d..%d", r, load[r],
                            min_load_of(in, r), max_load_of(in, r));
    if (rc == SERAI_OK && in->country) {
        /* Pairs are grouped by proposal in a result; count countries per
         * proposal with a small sort. */
        int64_t j = 0;
        int32_t *cs = xmalloc((size_t)in->per_proposal * sizeof *cs + 1);
        while (j < res->count && rc == SERAI_OK) {
            int32_t p = in->proposal[res->pairs[j]];
            int32_t n = 0;
            while (j < res->count && in->proposal[res->pairs[j]] == p)
                cs[n++] = in->country[in->reviewer[res->pairs[j++]]];
            qsort(cs, (size_t)n, sizeof *cs, cmp_i32);
            for (int32_t x = 0, run = 0; x < n; x++) {
                run = x > 0 && cs[x] == cs[x - 1] ? run + 1 : 1;
                if (run > in->max_same_country) {
                    rc = serai_fail(err, SERAI_EINVAL, NULL,
                                    "proposal %d has more than %d reviewers "
                                    "of one country", p, in->max_same_country);
                    break;
                }
            }
        }
        free(cs);
    }
    if (rc == SERAI_OK && total != res->stats.objective)
        rc = serai_fail(err, SERAI_EINVAL, NULL,
                        "objective %" PRId64 " but the pairs sum to %" PRId64,
                        res->stats.objective, total);
    free(deg);
    free(load);
    return rc;
}
