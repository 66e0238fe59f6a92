/*
 * tally.c -- the tally methods of tally.h.
 *
 * Every method first checks the input in one pass and then aggregates
 * identical ballots (an open-addressing hash table over the rows), so a
 * million ballots that repeat a few thousand rankings cost a few thousand
 * rows of counting.  The pairwise matrix is then built row by row in
 * O(rows x candidates^2) with a branch-free inner loop the compiler
 * vectorises; Schulze's strongest paths are a Floyd-Warshall widest-path
 * pass over it, O(candidates^3).
 *
 * Ties left by a method stay equal places; `order` lists tied candidates
 * by index.  Ranked pairs takes majorities of equal strength in index
 * order; instant-runoff breaks a tie for last place by the earlier rounds,
 * then eliminates the candidate of highest index (docs/tally.md).
 */
#include "agenda/tally.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

/* An unranked candidate's key: below every rank a ballot gives. */
#define UNRANKED INT32_MAX

const char *tally_method_name(tally_method method)
{
    switch (method) {
    case TALLY_SCHULZE: return "schulze";
    case TALLY_RANKED_PAIRS: return "ranked-pairs";
    case TALLY_BORDA: return "borda";
    case TALLY_IRV: return "irv";
    case TALLY_APPROVAL: return "approval";
    case TALLY_SCORE: return "score";
    }
    return "unknown";
}

bool tally_method_parse(const char *name, tally_method *out)
{
    static const tally_method all[] = {TALLY_SCHULZE, TALLY_RANKED_PAIRS,
                                       TALLY_BORDA,   TALLY_IRV,
                                       TALLY_APPROVAL, TALLY_SCORE};
    for (size_t k = 0; k < sizeof all / sizeof *all; k++)
        if (strcmp(name, tally_method_name(all[k])) == 0) {
            *out = all[k];
            return true;
        }
    return false;
}

void tally_result_free(tally_result *res)
{
    if (res == NULL)
        return;
    free(res->place);
    free(res->order);
    free(res->pairwise);
    free(res->strongest);
    free(res->next_hop);
    free(res->points);
    free(res->pairs);
    for (int32_t r = 0; r < res->nrounds; r++)
        free(res->rounds[r].votes);
    free(res->rounds);
    memset(res, 0, sizeof *res);
}

/* ---- checks ------------------------------------------------------------ */

static serai_code check_input(const tally_input *in, tally_method method,
                              int64_t *total, serai_err *err)
{
    if (in->ncand < 1 || in->ncand > TALLY_MAX_CANDIDATES)
        return serai_fail(err, SERAI_EINVAL, "/candidates",
                          "an election has 1 to %d candidates, not %d",
                          TALLY_MAX_CANDIDATES, in->ncand);
    if (in->nballots < 0 || in->nballots > TALLY_MAX_BALLOTS)
        return serai_fail(err, SERAI_ETOOLARGE, "/ballots",
                          "an election has 0 to %lld ballots, not %lld",
                          (long long)TALLY_MAX_BALLOTS, (long long)in->nballots);
    if (in->nballots > 0 && in->marks == NULL)
        return serai_fail(err, SERAI_EINVAL, "/ballots", "the ballots are missing");
    int64_t sum = 0;
    for (int64_t b = 0; b < in->nballots; b++) {
        int64_t w = in->weights ? in->weights[b] : 1;
        if (w < 0) {
            serai_fail(err, SERAI_EINVAL, NULL,
                       "ballot %lld has the negative weight %lld", (long long)b,
                       (long long)w);
            if (err)
                snprintf(err->field, sizeof err->field, "/ballots/%lld/weight",
                         (long long)b);
            return SERAI_EINVAL;
        }
        if (__builtin_add_overflow(sum, w, &sum))
            return serai_fail(err, SERAI_ETOOLARGE, "/ballots",
                              "the weights add up beyond %lld", (long long)INT64_MAX);
        const int32_t *row = in->marks + b * in->ncand;
        for (int32_t c = 0; c < in->ncand; c++) {
            int32_t m = row[c];
            int32_t most = method == TALLY_SCORE ? TALLY_MAX_SCORE : UNRANKED - 1;
            if (m >= 0 && m <= most)
                continue;
            serai_fail(err, SERAI_EINVAL, NULL,
                       m < 0 ? "ballot %lld gives candidate %d the mark %d, below 0 "
                               "(marks go from 0 to %d)"
                             : "ballot %lld gives candidate %d the mark %d, above "
                               "the largest, %d",
                       (long long)b, c, m, most);
            if (err)
                snprintf(err->field, sizeof err->field, "/ballots/%lld/marks/%d",
                         (long long)b, c);
            return SERAI_EINVAL;
        }
    }
    if (method == TALLY_BORDA &&
        __builtin_mul_overflow(sum, (int64_t)(in->ncand - 1), &(int64_t){0}))
        return serai_fail(err, SERAI_ETOOLARGE, "/ballots",
                          "Borda points would exceed %lld", (long long)INT64_MAX);
    *total = sum;
    return SERAI_OK;
}

/* ---- aggregation ------------------------------------------------------- */

typedef struct rows {
    int64_t n;
    int64_t *at;      /* [n] index of a representative ballot */
    int64_t *weight;  /* [n] summed weight */
} rows;

static uint64_t row_hash(const int32_t *r, int32_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)n;
    for (int32_t c = 0; c < n; c++) {
        h = (h ^ (uint32_t)r[c]) * 0xff51afd7ed558ccdULL;
        h ^= h >> 29;
    }
    return h ^ (h >> 32);
}

/* The distinct rows of in with their summed weights; rows of weight 0 are
 * dropped (they count for no one). */
static void aggregate(const tally_input *in, rows *out)
{
    int32_t C = in->ncand;
    size_t cap = 16;
    while (cap < (size_t)in->nballots * 2)
        cap *= 2;
    uint32_t *slot = xcalloc(cap, sizeof *slot); /* row + 1, 0 empty */
    out->at = xmalloc(((size_t)in->nballots + 1) * sizeof *out->at);
    out->weight = xmalloc(((size_t)in->nballots + 1) * sizeof *out->weight);
    out->n = 0;
    for (int64_t b = 0; b < in->nballots; b++) {
        int64_t w = in->weights ? in->weights[b] : 1;
        if (w == 0)
            continue;
        const int32_t *row = in->marks + b * C;
        size_t j = row_hash(row, C) & (cap - 1);
        for (;; j = (j + 1) & (cap - 1)) {
            uint32_t s = slot[j];
            if (s == 0) {
                slot[j] = (uint32_t)(out->n + 1);
                out->at[out->n] = b;
                out->weight[out->n] = w;
                out->n++;
                break;
            }
            if (memcmp(in->marks + out->at[s - 1] * C, row,
                       (size_t)C * sizeof *row) == 0) {
                out->weight[s - 1] += w; /* the total was checked */
                break;
            }
        }
    }
    free(slot);
}

static void rows_free(rows *r)
{
    free(r->at);
    free(r->weight);
}

/* Ranks as keys: 0 (unranked) becomes UNRANKED, below every rank. */
static void row_keys(const int32_t *row, int32_t C, int32_t *key)
{
    for (int32_t c = 0; c < C; c++)
        key[c] = row[c] ? row[c] : UNRANKED;
}

/*
 * The pairwise matrix is summed in 32-bit cells, flushed into the 64-bit
 * matrix before any cell could pass UINT32_MAX: 32-bit compares and adds
 * are what the baseline x86-64 vector unit does four at a time, so the
 * inner loop, free of branches, runs as vector code.  A weight too large
 * for the cells goes straight into the 64-bit matrix.
 */
#define PW_CHUNK ((int64_t)UINT32_MAX)

typedef struct pw_acc {
    int32_t C;
    int64_t *d;          /* [C*C] the result */
    uint32_t *cell;      /* [C*C] sums since the last flush */
    int64_t pending;     /* weight in cell: no cell exceeds it */
    int32_t *key;        /* [C] the row's ranks, UNRANKED for 0 */
    int32_t *ranked;     /* [C] the candidates the row ranks */
} pw_acc;

static void pw_init(pw_acc *a, int32_t C, int64_t *d)
{
    a->C = C;
    a->d = d;
    a->cell = xcalloc((size_t)C * (size_t)C, sizeof *a->cell);
    a->pending = 0;
    a->key = xmalloc((size_t)C * sizeof *a->key);
    a->ranked = xmalloc((size_t)C * sizeof *a->ranked);
}

static void pw_flush(pw_acc *a)
{
    size_t n = (size_t)a->C * (size_t)a->C;
    for (size_t k = 0; k < n; k++) {
        a->d[k] += a->cell[k];
        a->cell[k] = 0;
    }
    a->pending = 0;
}

/* d[i][j] += w for every pair the row ranks i above j. */
static void pw_add(pw_acc *a, const int32_t *row, int64_t w)
{
    int32_t C = a->C, n = 0;
    int32_t *restrict key = a->key;
    for (int32_t c = 0; c < C; c++) {
        key[c] = row[c] ? row[c] : UNRANKED;
        a->ranked[n] = c;
        n += row[c] != 0; /* unranked: above no one */
    }
    if (w > PW_CHUNK) {
        for (int32_t k = 0; k < n; k++) {
            int32_t i = a->ranked[k], ki = key[i];
            int64_t *restrict di = a->d + (size_t)i * (size_t)C;
            for (int32_t j = 0; j < C; j++)
                di[j] += key[j] > ki ? w : 0;
        }
        return;
    }
    if (a->pending + w > PW_CHUNK)
        pw_flush(a);
    a->pending += w;
    uint32_t w32 = (uint32_t)w;
    for (int32_t k = 0; k < n; k++) {
        int32_t i = a->ranked[k], ki = key[i];
        uint32_t *restrict ci = a->cell + (size_t)i * (size_t)C;
        for (int32_t j = 0; j < C; j++)
            ci[j] += (uint32_t)-(uint32_t)(key[j] > ki) & w32;
    }
}

static void pw_done(pw_acc *a)
{
    pw_flush(a);
    free(a->cell);
    free(a->key);
    free(a->ranked);
}

void tally_pairwise(const tally_input *in, int64_t *d)
{
    int32_t C = in->ncand;
    memset(d, 0, (size_t)C * (size_t)C * sizeof *d);
    pw_acc a;
    pw_init(&a, C, d);
    for (int64_t b = 0; b < in->nballots; b++)
        pw_add(&a, in->marks + b * C, in->weights ? in->weights[b] : 1);
    pw_done(&a);
}

static int64_t *pairwise_of_rows(const tally_input *in, const rows *r)
{
    int32_t C = in->ncand;
    int64_t *d = xcalloc((size_t)C * (size_t)C, sizeof *d);
    pw_acc a;
    pw_init(&a, C, d);
    for (int64_t u = 0; u < r->n; u++)
        pw_add(&a, in->marks + r->at[u] * C, r->weight[u]);
    pw_done(&a);
    return d;
}

/* ---- places ------------------------------------------------------------- */

/* order[] from place[]: by place, then by index (a counting sort). */
static void order_by_place(tally_result *res)
{
    int32_t C = res->ncand, k = 0;
    res->order = xmalloc((size_t)C * sizeof *res->order);
    for (int32_t p = 1; p <= C; p++)
        for (int32_t c = 0; c < C; c++)
            if (res->place[c] == p)
                res->order[k++] = c;
    res->nwinners = 0;
    for (int32_t c = 0; c < C; c++)
        res->nwinners += res->place[c] == 1;
}

/* Places from points, more is better; equal points share a place. */
static void place_by_points(tally_result *res)
{
    int32_t C = res->ncand;
    res->place = xmalloc((size_t)C * sizeof *res->place);
    for (int32_t i = 0; i < C; i++) {
        int32_t better = 0;
        for (int32_t j = 0; j < C; j++)
            better += res->points[j] > res->points[i];
        res->place[i] = better + 1;
    }
}

/* ---- the methods -------------------------------------------------------- */

static void run_schulze(tally_result *res)
{
    int32_t C = res->ncand;
    size_t CC = (size_t)C * (size_t)C;
    const int64_t *d = res->pairwise;
    int64_t *p = xmalloc(CC * sizeof *p);
    int32_t *next = xmalloc(CC * sizeof *next);
    for (int32_t i = 0; i < C; i++)
        for (int32_t j = 0; j < C; j++) {
            size_t ij = (size_t)i * C + j, ji = (size_t)j * C + i;
            bool win = i != j && d[ij] > d[ji];
            p[ij] = win ? d[ij] : 0;
            next[ij] = win ? j : -1;
        }
    for (int32_t k = 0; k < C; k++) {
        const int64_t *pk = p + (size_t)k * C;
        for (int32_t i = 0; i < C; i++) {
            int64_t *pi = p + (size_t)i * C;
            int64_t ik = pi[k];
            if (i == k || ik == 0)
                continue;
            int32_t *ni = next + (size_t)i * C;
            for (int32_t j = 0; j < C; j++) {
                int64_t via = pk[j] < ik ? pk[j] : ik;
                if (j != i && via > pi[j]) {
                    pi[j] = via;
                    ni[j] = ni[k];
                }
            }
        }
    }
    /* i is better than j when p[i][j] > p[j][i]; Schulze shows this and
     * its complement are transitive, so counting the better ones gives
     * the places of a weak order. */
    res->place = xmalloc((size_t)C * sizeof *res->place);
    for (int32_t i = 0; i < C; i++) {
        int32_t better = 0;
        for (int32_t j = 0; j < C; j++)
            better += p[(size_t)j * C + i] > p[(size_t)i * C + j];
        res->place[i] = better + 1;
    }
    res->strongest = p;
    res->next_hop = next;
}

static int cmp_pair(const void *a, const void *b)
{
    const tally_pair *x = a, *y = b;
    if (x->support != y->support)
        return x->support > y->support ? -1 : 1;
    if (x->opposition != y->opposition)
        return x->opposition < y->opposition ? -1 : 1;
    if (x->winner != y->winner)
        return x->winner < y->winner ? -1 : 1;
    return (x->loser > y->loser) - (x->loser < y->loser);
}

static void run_ranked_pairs(tally_result *res)
{
    int32_t C = res->ncand;
    const int64_t *d = res->pairwise;
    res->pairs = xmalloc(((size_t)C * (size_t)C / 2 + 1) * sizeof *res->pairs);
    int32_t n = 0;
    for (int32_t i = 0; i < C; i++)
        for (int32_t j = 0; j < C; j++) {
            int64_t s = d[(size_t)i * C + j], o = d[(size_t)j * C + i];
            if (i != j && s > o)
                res->pairs[n++] = (tally_pair){i, j, s, o, false};
        }
    qsort(res->pairs, (size_t)n, sizeof *res->pairs, cmp_pair);
    res->npairs = n;
    /* reach[x][y]: a chain of locked pairs leads from x to y. */
    bool *reach = xcalloc((size_t)C * (size_t)C, sizeof *reach);
    for (int32_t k = 0; k < n; k++) {
        int32_t a = res->pairs[k].winner, b = res->pairs[k].loser;
        if (reach[(size_t)b * C + a])
            continue; /* would close a cycle */
        res->pairs[k].locked = true;
        for (int32_t x = 0; x < C; x++) {
            if (x != a && !reach[(size_t)x * C + a])
                continue;
            for (int32_t y = 0; y < C; y++)
                if (y == b || reach[(size_t)b * C + y])
                    reach[(size_t)x * C + y] = true;
        }
    }
    /* Places in layers: those no remaining candidate is locked above. */
    res->place = xcalloc((size_t)C, sizeof *res->place);
    int32_t placed = 0;
    while (placed < C) {
        int32_t layer_place = placed + 1, added = 0;
        for (int32_t x = 0; x < C; x++) {
            if (res->place[x])
                continue;
            bool top = true;
            for (int32_t y = 0; y < C && top; y++)
                top = !((res->place[y] == 0 || res->place[y] == -1) &&
                        reach[(size_t)y * C + x]);
            if (top) {
                res->place[x] = -1; /* this layer, marked until all seen */
                added++;
            }
        }
        for (int32_t x = 0; x < C; x++)
            if (res->place[x] == -1)
                res->place[x] = layer_place;
        placed += added;
    }
    free(reach);
}

static void run_irv(tally_result *res, const tally_input *in, const rows *r)
{
    int32_t C = res->ncand;
    bool *out = xcalloc((size_t)C, sizeof *out);
    int32_t *key = xmalloc((size_t)C * sizeof *key);
    bool *tied = xmalloc((size_t)C * sizeof *tied);
    res->rounds = xcalloc((size_t)C, sizeof *res->rounds);
    res->place = xcalloc((size_t)C, sizeof *res->place);
    for (int32_t left = C; left >= 1; left--) {
        tally_round *rd = &res->rounds[res->nrounds++];
        rd->votes = xmalloc((size_t)C * sizeof *rd->votes);
        for (int32_t c = 0; c < C; c++)
            rd->votes[c] = out[c] ? -1 : 0;
        for (int64_t u = 0; u < r->n; u++) {
            row_keys(in->marks + r->at[u] * C, C, key);
            int32_t best = UNRANKED, who = -1;
            bool tie = false;
            for (int32_t c = 0; c < C; c++) {
                if (out[c] || key[c] > best)
                    continue;
                tie = key[c] == best && who >= 0;
                if (key[c] < best) {
                    best = key[c];
                    who = c;
                }
            }
            if (who < 0 || tie)
                rd->inactive += r->weight[u];
            else
                rd->votes[who] += r->weight[u];
        }
        if (left == 1) {
            rd->eliminated = -1;
            for (int32_t c = 0; c < C; c++)
                if (!out[c])
                    res->place[c] = 1;
            break;
        }
        /* The fewest votes; a tie goes back through the earlier rounds,
         * then to the highest index. */
        int64_t low = INT64_MAX;
        for (int32_t c = 0; c < C; c++)
            if (!out[c] && rd->votes[c] < low)
                low = rd->votes[c];
        int32_t ntied = 0;
        for (int32_t c = 0; c < C; c++) {
            tied[c] = !out[c] && rd->votes[c] == low;
            ntied += tied[c];
        }
        rd->tie_broken = ntied > 1;
        for (int32_t back = res->nrounds - 2; back >= 0 && ntied > 1; back--) {
            const int64_t *v = res->rounds[back].votes;
            int64_t least = INT64_MAX;
            for (int32_t c = 0; c < C; c++)
                if (tied[c] && v[c] < least)
                    least = v[c];
            ntied = 0;
            for (int32_t c = 0; c < C; c++) {
                tied[c] = tied[c] && v[c] == least;
                ntied += tied[c];
            }
        }
        int32_t gone = -1;
        for (int32_t c = 0; c < C; c++)
            if (tied[c])
                gone = c; /* the highest index left */
        rd->eliminated = gone;
        out[gone] = true;
        res->place[gone] = left;
    }
    free(out);
    free(key);
    free(tied);
}

static serai_code run_points(tally_result *res, const tally_input *in,
                             const rows *r, serai_err *err)
{
    int32_t C = res->ncand;
    res->points = xcalloc((size_t)C, sizeof *res->points);
    for (int64_t u = 0; u < r->n; u++) {
        const int32_t *row = in->marks + r->at[u] * C;
        int64_t w = r->weight[u];
        for (int32_t c = 0; c < C; c++) {
            int64_t add;
            if (res->method == TALLY_APPROVAL)
                add = row[c] > 0 ? w : 0; /* the total weight fits */
            else if (__builtin_mul_overflow(w, (int64_t)row[c], &add))
                add = -1;
            if (add < 0 ||
                __builtin_add_overflow(res->points[c], add, &res->points[c]))
                return serai_fail(err, SERAI_ETOOLARGE, "/ballots",
                                  "the score of candidate %d exceeds %lld", c,
                                  (long long)INT64_MAX);
        }
    }
    place_by_points(res);
    return SERAI_OK;
}

serai_code tally_run(const tally_input *in, tally_method method,
                     tally_result *res, serai_err *err)
{
    memset(res, 0, sizeof *res);
    res->method = method;
    int64_t total = 0;
    serai_code rc = check_input(in, method, &total, err);
    if (rc != SERAI_OK)
        return rc;
    res->ncand = in->ncand;
    res->nballots = in->nballots;
    res->total_weight = total;
    rows r;
    aggregate(in, &r);
    res->nunique = r.n;
    bool ranked = method == TALLY_SCHULZE || method == TALLY_RANKED_PAIRS ||
                  method == TALLY_BORDA || method == TALLY_IRV;
    if (ranked)
        res->pairwise = pairwise_of_rows(in, &r);
    switch (method) {
    case TALLY_SCHULZE:
        run_schulze(res);
        break;
    case TALLY_RANKED_PAIRS:
        run_ranked_pairs(res);
        break;
    case TALLY_BORDA: {
        int32_t C = in->ncand;
        res->points = xcalloc((size_t)C, sizeof *res->points);
        for (int32_t i = 0; i < C; i++)
            for (int32_t j = 0; j < C; j++)
                res->points[i] += res->pairwise[(size_t)i * C + j];
        place_by_points(res);
        break;
    }
    case TALLY_IRV:
        run_irv(res, in, &r);
        break;
    case TALLY_APPROVAL:
    case TALLY_SCORE:
        rc = run_points(res, in, &r, err);
        break;
    default:
        rc = serai_fail(err, SERAI_EINVAL, "/method", "unknown tally method %d",
                        (int)method);
    }
    rows_free(&r);
    if (rc != SERAI_OK)
        return rc;
    order_by_place(res);
    return SERAI_OK;
}

int32_t tally_strongest_path(const tally_result *res, int32_t i, int32_t j,
                             int32_t *path)
{
    int32_t C = res->ncand;
    if (res->next_hop == NULL || i < 0 || j < 0 || i >= C || j >= C || i == j ||
        res->next_hop[(size_t)i * C + j] < 0)
        return 0;
    int32_t n = 0, cur = i;
    path[n++] = i;
    while (cur != j && n < C) {
        cur = res->next_hop[(size_t)cur * C + j];
        if (cur < 0)
            return 0;
        path[n++] = cur;
    }
    return cur == j ? n : 0;
}
