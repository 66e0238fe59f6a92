/*
 * consensus.c -- consensus across groups (consensus.h).
 *
 * One pass over the cells for the shares, the logarithm of the score (a
 * sum of logs: a product of thousands of factors below 1 would underflow
 * to 0 and lose the order), the spread and the majority and minority
 * flags; then one sort of the issues.  The majority test compares
 * integers (2 support against voting), so that a group split exactly in
 * half is neither, whatever the rounding of its share.
 */
#include "agenda/consensus.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

void consensus_result_free(consensus_result *res)
{
    if (!res)
        return;
    free(res->share);
    free(res->score);
    free(res->log_score);
    free(res->order);
    free(res->spread);
    free(res->divisive);
    memset(res, 0, sizeof *res);
}

static serai_code check_input(const consensus_input *in, double divisive_spread,
                              serai_err *err)
{
    if (in->nissues < 1 || in->nissues > CONSENSUS_MAX_ISSUES)
        return serai_fail(err, SERAI_EINVAL, "/nissues", "there are 1 to %d issues, not %d",
                          CONSENSUS_MAX_ISSUES, in->nissues);
    if (in->ngroups < 1 || in->ngroups > CONSENSUS_MAX_GROUPS)
        return serai_fail(err, SERAI_EINVAL, "/ngroups", "there are 1 to %d groups, not %d",
                          CONSENSUS_MAX_GROUPS, in->ngroups);
    if ((int64_t)in->nissues * in->ngroups > CONSENSUS_MAX_CELLS)
        return serai_fail(err, SERAI_ETOOLARGE, "/support",
                          "groups times issues is more than %d", CONSENSUS_MAX_CELLS);
    if (in->scale < 1)
        return serai_fail(err, SERAI_EINVAL, "/scale",
                          "the weight of one member must be at least 1, not %lld",
                          (long long)in->scale);
    /* written so that NaN fails too */
    if (!(divisive_spread >= 0 && divisive_spread <= 1))
        return serai_fail(err, SERAI_EINVAL, "/divisive_spread",
                          "the divisive spread is a share from 0 to 1");
    for (int32_t g = 0; g < in->ngroups; g++) {
        int64_t n = in->voting[g];
        if (n < 0) {
            serai_fail(err, SERAI_EINVAL, NULL, "group %d: the voting weight %lld is below 0",
                       g, (long long)n);
            if (err)
                snprintf(err->field, sizeof err->field, "/voting/%d", g);
            return SERAI_EINVAL;
        }
        for (int32_t i = 0; i < in->nissues; i++) {
            int64_t s = in->support[(size_t)g * in->nissues + i];
            if (s >= 0 && s <= n)
                continue;
            serai_fail(err, SERAI_EINVAL, NULL,
                       "group %d, issue %d: the support %lld is outside 0 to the %lld "
                       "that voted",
                       g, i, (long long)s, (long long)n);
            if (err)
                snprintf(err->field, sizeof err->field, "/support/%d/%d", g, i);
            return SERAI_EINVAL;
        }
    }
    return SERAI_OK;
}

typedef struct ranked {
    double score;
    int32_t issue;
} ranked;

/* Best score first; exactly equal scores by the lower index, so that the
 * order is the same on every machine. */
static int by_score(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return (x->issue > y->issue) - (x->issue < y->issue);
}

serai_code consensus_run(const consensus_input *in, double divisive_spread,
                         consensus_result *res, serai_err *err)
{
    memset(res, 0, sizeof *res);
    serai_code rc = check_input(in, divisive_spread, err);
    if (rc != SERAI_OK)
        return rc;
    size_t ni = (size_t)in->nissues, ng = (size_t)in->ngroups;
    res->nissues = in->nissues;
    res->ngroups = in->ngroups;
    res->share = xcalloc(ng * ni, sizeof *res->share);
    res->score = xcalloc(ni, sizeof *res->score);
    res->order = xcalloc(ni, sizeof *res->order);
    res->spread = xcalloc(ni, sizeof *res->spread);
    res->divisive = xcalloc(ni, sizeof *res->divisive);
    double *logsum = res->log_score = xcalloc(ni, sizeof *res->log_score);
    double *lo = xcalloc(ni, sizeof *lo), *hi = xcalloc(ni, sizeof *hi);
    bool *majority = xcalloc(ni, sizeof *majority), *minority = xcalloc(ni, sizeof *minority);
    double unit = (double)in->scale;
    for (size_t g = 0; g < ng; g++) {
        int64_t n = in->voting[g];
        if (n == 0)
            continue; /* nobody voted: the group says nothing */
        bool first = res->ncounted == 0;
        res->ncounted++;
        for (size_t i = 0; i < ni; i++) {
            int64_t s = in->support[g * ni + i];
            double share = (double)s / (double)n;
            res->share[g * ni + i] = share;
            /* (s/scale + 1) / (n/scale + 2), in weights */
            logsum[i] += log(((double)s + unit) / ((double)n + 2 * unit));
            if (first || share < lo[i])
                lo[i] = share;
            if (first || share > hi[i])
                hi[i] = share;
            /* s and n are at most INT64_MAX, so 2 s is compared as s > n - s */
            if (s > n - s)
                majority[i] = true;
            else if (s < n - s)
                minority[i] = true;
        }
    }
    ranked *rank = xcalloc(ni, sizeof *rank);
    for (size_t i = 0; i < ni; i++) {
        res->score[i] = exp(logsum[i]);
        res->spread[i] = hi[i] - lo[i];
        res->divisive[i] = res->spread[i] >= divisive_spread && majority[i] && minority[i];
        res->ndivisive += res->divisive[i];
        /* ranked by the sum of logs itself: exp may round two different
         * sums to one double, or many to 0 */
        rank[i].score = logsum[i];
        rank[i].issue = (int32_t)i;
    }
    qsort(rank, ni, sizeof *rank, by_score);
    for (size_t i = 0; i < ni; i++)
        res->order[i] = rank[i].issue;
    free(rank);
    free(lo);
    free(hi);
    free(majority);
    free(minority);
    return SERAI_OK;
}
