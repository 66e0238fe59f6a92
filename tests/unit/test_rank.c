/*
 * test_rank.c -- the ranking list and the outlier rule (review/rank.h),
 * pure functions on plain data.
 */
#include <string.h>

#include "check.h"
#include "review/rank.h"

static rank_item item(int64_t id, int64_t num, int64_t den, int countries)
{
    rank_item it;
    memset(&it, 0, sizeof it);
    it.id = id;
    it.score = (rank_fraction){num, den};
    it.countries = countries;
    return it;
}

static void test_fractions(void)
{
    CHECK_INT(rank_fraction_cmp((rank_fraction){1, 3}, (rank_fraction){2, 6}), 0);
    CHECK_INT(rank_fraction_cmp((rank_fraction){1, 3}, (rank_fraction){333, 1000}), 1);
    CHECK_INT(rank_fraction_cmp((rank_fraction){0, 0}, (rank_fraction){0, 1}), -1);
    CHECK_INT(rank_fraction_cmp((rank_fraction){0, 0}, (rank_fraction){0, 0}), 0);
    /* Exact far beyond double precision: (2^62 + 1)/2^62 > 1. */
    int64_t big = (int64_t)1 << 62;
    CHECK_INT(rank_fraction_cmp((rank_fraction){big + 1, big}, (rank_fraction){1, 1}), 1);
}

static void test_order_and_ties(void)
{
    /* Means 26/3 = 8.67 and 17/2 = 8.5 and 26/3 again: by score, ties by
     * the criterion tie-break, then countries; full ties share a rank. */
    rank_item it[6];
    it[0] = item(10, 17, 2, 3);
    it[1] = item(11, 26, 3, 2);
    it[2] = item(12, 26, 3, 5);
    it[3] = item(13, 17, 2, 3);
    it[4] = item(14, 0, 0, 9);      /* not scored */
    it[5] = item(15, 30, 1, 2);
    it[5].below_threshold = true;   /* high score, but below a threshold */
    for (int i = 0; i < 6; i++)
        it[i].criteria[0] = (rank_fraction){8, 1};
    it[1].criteria[0] = (rank_fraction){9, 1}; /* 11 beats 12 on excellence */
    rank_tiebreak tb[] = {{RANK_BY_CRITERION, 0}, {RANK_BY_COUNTRIES, -1}};
    rank_order(it, 6, tb, 2);
    int64_t want_ids[] = {11, 12, 10, 13, 15, 14};
    int want_rank[] = {1, 2, 3, 3, 5, 6};
    bool want_tied[] = {false, false, true, true, false, false};
    for (int i = 0; i < 6; i++) {
        CHECK_INT(it[i].id, want_ids[i]);
        CHECK_INT(it[i].rank, want_rank[i]);
        CHECK(it[i].tied == want_tied[i]);
    }
    /* Without tie-breaks 11 and 12 tie; countries alone puts 12 first. */
    rank_item a[2] = {item(1, 26, 3, 2), item(2, 52, 6, 5)};
    rank_order(a, 2, NULL, 0);
    CHECK_INT(a[0].rank, 1);
    CHECK_INT(a[1].rank, 1);
    CHECK(a[0].tied && a[1].tied);
    CHECK_INT(a[0].id, 1);
    rank_tiebreak by_countries = {RANK_BY_COUNTRIES, -1};
    rank_order(a, 2, &by_countries, 1);
    CHECK_INT(a[0].id, 2);
    CHECK_INT(a[1].rank, 2);
}

static void test_outlier(void)
{
    bool drop[5];
    /* Midpoint 10 (halves of a 0-5 scale with weights summing to 2). */
    int64_t two_high_one_low[] = {16, 14, 6};
    CHECK_INT(rank_outlier(two_high_one_low, 3, 10, drop), 1);
    CHECK(!drop[0] && !drop[1] && drop[2]);
    int64_t two_low_one_high[] = {4, 18, 6};
    CHECK_INT(rank_outlier(two_low_one_high, 3, 10, drop), 1);
    CHECK(drop[1] && !drop[0] && !drop[2]);
    int64_t all_high[] = {16, 14, 12};
    CHECK_INT(rank_outlier(all_high, 3, 10, drop), 0);
    int64_t on_midpoint[] = {16, 14, 10};   /* the midpoint is no side */
    CHECK_INT(rank_outlier(on_midpoint, 3, 10, drop), 0);
    int64_t two_only[] = {16, 2};
    CHECK_INT(rank_outlier(two_only, 2, 10, drop), 0);
    int64_t four[] = {16, 14, 12, 2};
    CHECK_INT(rank_outlier(four, 4, 10, drop), 1);
    CHECK(drop[3]);
    int64_t split[] = {16, 14, 2, 4};
    CHECK_INT(rank_outlier(split, 4, 10, drop), 0);
}

int main(void)
{
    RUN(test_fractions);
    RUN(test_order_and_ties);
    RUN(test_outlier);
    return check_report();
}
