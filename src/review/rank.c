/*
 * rank.c -- the ranking list and the outlier rule; see rank.h.
 */
#include "review/rank.h"

#include <stdlib.h>

int rank_fraction_cmp(rank_fraction a, rank_fraction b)
{
    if (a.den == 0 || b.den == 0)
        return (a.den != 0) - (b.den != 0);
    __int128 l = (__int128)a.num * b.den, r = (__int128)b.num * a.den;
    return (l > r) - (l < r);
}

typedef struct order_ctx {
    const rank_tiebreak *tb;
    int ntb;
} order_ctx;

static int group_of(const rank_item *x)
{
    if (x->score.den == 0)
        return 2;
    return x->below_threshold ? 1 : 0;
}

/* Compare by everything that decides a rank; 0 means tied. */
static int compare_rank(const rank_item *a, const rank_item *b,
                        const order_ctx *ctx)
{
    int ga = group_of(a), gb = group_of(b);
    if (ga != gb)
        return ga < gb ? -1 : 1;
    int c = rank_fraction_cmp(b->score, a->score); /* higher first */
    if (c)
        return c;
    for (int i = 0; i < ctx->ntb; i++) {
        const rank_tiebreak *t = &ctx->tb[i];
        if (t->kind == RANK_BY_CRITERION && t->criterion >= 0 &&
            t->criterion < RANK_MAX_CRITERIA)
            c = rank_fraction_cmp(b->criteria[t->criterion],
                                  a->criteria[t->criterion]);
        else if (t->kind == RANK_BY_COUNTRIES)
            c = (b->countries > a->countries) - (b->countries < a->countries);
        if (c)
            return c;
    }
    return 0;
}

/* qsort has no context argument in C17: a small insertion-merge sort
 * keeps the comparison's context explicit and the sort stable. */
static void merge_sort(rank_item *a, rank_item *tmp, int n, const order_ctx *ctx)
{
    if (n < 2)
        return;
    int h = n / 2;
    merge_sort(a, tmp, h, ctx);
    merge_sort(a + h, tmp, n - h, ctx);
    int i = 0, j = h, k = 0;
    while (i < h && j < n) {
        int c = compare_rank(&a[j], &a[i], ctx);
        /* Ties keep ascending id order. */
        if (c < 0 || (c == 0 && a[j].id < a[i].id))
            tmp[k++] = a[j++];
        else
            tmp[k++] = a[i++];
    }
    while (i < h)
        tmp[k++] = a[i++];
    while (j < n)
        tmp[k++] = a[j++];
    for (k = 0; k < n; k++)
        a[k] = tmp[k];
}

void rank_order(rank_item *items, int n, const rank_tiebreak *tb, int ntb)
{
    if (n <= 0)
        return;
    order_ctx ctx = {tb, ntb};
    rank_item *tmp = malloc((size_t)n * sizeof *tmp);
    if (tmp == NULL)
        abort();
    merge_sort(items, tmp, n, &ctx);
    free(tmp);
    for (int i = 0; i < n; i++) {
        bool same_as_prev = i > 0 && compare_rank(&items[i - 1], &items[i], &ctx) == 0;
        items[i].rank = same_as_prev ? items[i - 1].rank : i + 1;
        items[i].tied = same_as_prev;
        if (same_as_prev)
            items[i - 1].tied = true;
    }
}

int rank_outlier(const int64_t *scores, int n, int64_t mid, bool *drop)
{
    for (int i = 0; i < n; i++)
        drop[i] = false;
    if (n < 3)
        return 0;
    int above = 0, below = 0, last_above = -1, last_below = -1;
    for (int i = 0; i < n; i++) {
        if (scores[i] > mid) {
            above++;
            last_above = i;
        } else if (scores[i] < mid) {
            below++;
            last_below = i;
        }
    }
    /* Every other score must lie strictly on the other side. */
    if (above == 1 && below == n - 1) {
        drop[last_above] = true;
        return 1;
    }
    if (below == 1 && above == n - 1) {
        drop[last_below] = true;
        return 1;
    }
    return 0;
}
