/*
 * test_consensus.c -- consensus across groups (agenda/consensus.h) on
 * values worked out by hand: an issue liked by one group and rejected by
 * another ranks below one liked moderately everywhere and is divisive;
 * ignored groups; fractional members; exact halves; ties; refusals.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "agenda/consensus.h"
#include "check.h"

static bool near(double a, double b)
{
    return fabs(a - b) <= 1e-12 * (fabs(b) > 1 ? fabs(b) : 1);
}

static void test_split_ranks_below_broad_support(void)
{
    /* groups A, B (10 voted each) and C (nobody voted: ignored).
     * issue 0: 10/10 in A, 0/10 in B -- split
     * issue 1: 6/10 in both          -- broad
     * issue 2: 9/10 in A, 4/10 in B  -- spread 0.5, majority and minority
     * issue 3: 10/10 in A, 5/10 in B -- spread 0.5, but B is split exactly */
    int64_t support[] = {10, 6, 9, 10, /* A */
                         0,  6, 4, 5,  /* B */
                         0,  0, 0, 0}; /* C */
    int64_t voting[] = {10, 10, 0};
    consensus_input in = {4, 3, support, voting, 1};
    consensus_result r;
    serai_err err;
    CHECK(consensus_run(&in, 0.5, &r, &err) == SERAI_OK);
    CHECK_INT(r.ncounted, 2);
    CHECK(near(r.score[0], 11.0 / 12 * 1.0 / 12));   /* 0.0764 */
    CHECK(near(r.score[1], 7.0 / 12 * 7.0 / 12));    /* 0.3403 */
    CHECK(near(r.score[2], 10.0 / 12 * 5.0 / 12));   /* 0.3472 */
    CHECK(near(r.score[3], 11.0 / 12 * 6.0 / 12));   /* 0.4583 */
    CHECK(near(r.log_score[1], 2 * log(7.0 / 12)));
    CHECK_INT(r.order[0], 3);
    CHECK_INT(r.order[1], 2);
    CHECK_INT(r.order[2], 1);
    CHECK_INT(r.order[3], 0);
    CHECK(near(r.share[0 * 4 + 2], 0.9));
    CHECK(near(r.share[1 * 4 + 2], 0.4));
    CHECK(r.share[2 * 4 + 1] == 0); /* the ignored group */
    CHECK(near(r.spread[0], 1));
    CHECK(r.spread[1] == 0);
    CHECK(near(r.spread[2], 0.5));
    CHECK(near(r.spread[3], 0.5));
    CHECK(r.divisive[0]);
    CHECK(!r.divisive[1]);
    CHECK(r.divisive[2]);
    CHECK(!r.divisive[3]); /* no minority: B is exactly half */
    CHECK_INT(r.ndivisive, 2);
    consensus_result_free(&r);
    /* a stricter threshold leaves only the full split */
    CHECK(consensus_run(&in, 0.6, &r, &err) == SERAI_OK);
    CHECK_INT(r.ndivisive, 1);
    CHECK(r.divisive[0] && !r.divisive[2]);
    consensus_result_free(&r);
}

static void test_fractional_members_and_ties(void)
{
    /* scale 2: 3 of 4 weight is 1.5 of 2 members: (1.5 + 1) / (2 + 2) */
    int64_t support[] = {3, 3, 1};
    int64_t voting[] = {4};
    consensus_input in = {3, 1, support, voting, 2};
    consensus_result r;
    serai_err err;
    CHECK(consensus_run(&in, 0.5, &r, &err) == SERAI_OK);
    CHECK(near(r.score[0], 0.625));
    CHECK(near(r.score[2], 1.5 / 4));
    CHECK(r.score[0] == r.score[1]);
    CHECK_INT(r.order[0], 0); /* equal: the lower index first */
    CHECK_INT(r.order[1], 1);
    CHECK_INT(r.order[2], 2);
    CHECK_INT(r.ndivisive, 0); /* one group cannot disagree with itself */
    consensus_result_free(&r);
}

static void test_many_groups_keep_their_order(void)
{
    /* 2000 groups: the products underflow to 0, the order must not */
    enum { G = 2000 };
    static int64_t support[G * 2], voting[G];
    for (int g = 0; g < G; g++) {
        voting[g] = 1000000;
        support[g * 2] = 1;
        support[g * 2 + 1] = 2;
    }
    consensus_input in = {2, G, support, voting, 1};
    consensus_result r;
    serai_err err;
    CHECK(consensus_run(&in, 0.5, &r, &err) == SERAI_OK);
    CHECK(r.score[0] == 0 && r.score[1] == 0);
    CHECK_INT(r.order[0], 1);
    CHECK(r.log_score[1] > r.log_score[0]);
    consensus_result_free(&r);
    /* nobody voted anywhere: every score is 1, in the order of the input */
    int64_t zero_s[] = {0, 0}, zero_v[] = {0};
    consensus_input none = {2, 1, zero_s, zero_v, 1};
    CHECK(consensus_run(&none, 0.5, &r, &err) == SERAI_OK);
    CHECK_INT(r.ncounted, 0);
    CHECK(r.score[0] == 1 && r.score[1] == 1 && r.spread[0] == 0);
    CHECK_INT(r.order[0], 0);
    consensus_result_free(&r);
}

static void test_refusals(void)
{
    int64_t support[] = {1, 2, 3, 4};
    int64_t voting[] = {5, 3};
    consensus_input in = {2, 2, support, voting, 1};
    consensus_result r;
    serai_err err;
    CHECK(consensus_run(&in, 0.5, &r, &err) == SERAI_EINVAL);
    CHECK_STR(err.field, "/support/1/1"); /* 4 of the 3 that voted */
    CHECK(r.share == NULL);
    consensus_result_free(&r);
    support[3] = -1;
    CHECK(consensus_run(&in, 0.5, &r, &err) == SERAI_EINVAL);
    CHECK_STR(err.field, "/support/1/1");
    support[3] = 0;
    voting[0] = -5;
    CHECK(consensus_run(&in, 0.5, &r, &err) == SERAI_EINVAL);
    CHECK_STR(err.field, "/voting/0");
    voting[0] = 5;
    in.scale = 0;
    CHECK(consensus_run(&in, 0.5, &r, &err) == SERAI_EINVAL);
    CHECK_STR(err.field, "/scale");
    in.scale = 1;
    CHECK(consensus_run(&in, NAN, &r, &err) == SERAI_EINVAL);
    CHECK_STR(err.field, "/divisive_spread");
    CHECK(consensus_run(&in, 1.5, &r, &err) == SERAI_EINVAL);
    in.nissues = 0;
    CHECK(consensus_run(&in, 0.5, &r, &err) == SERAI_EINVAL);
    CHECK_STR(err.field, "/nissues");
    in.nissues = 2;
    in.ngroups = CONSENSUS_MAX_GROUPS + 1;
    CHECK(consensus_run(&in, 0.5, &r, &err) == SERAI_EINVAL);
    CHECK_STR(err.field, "/ngroups");
    in.ngroups = CONSENSUS_MAX_GROUPS;
    in.nissues = CONSENSUS_MAX_ISSUES;
    CHECK(consensus_run(&in, 0.5, &r, &err) == SERAI_ETOOLARGE);
    in.nissues = 2;
    in.ngroups = 2;
    CHECK(consensus_run(&in, 0.5, &r, &err) == SERAI_OK);
    consensus_result_free(&r);
}

int main(void)
{
    RUN(test_split_ranks_below_broad_support);
    RUN(test_fractional_members_and_ties);
    RUN(test_many_groups_keep_their_order);
    RUN(test_refusals);
    return check_report();
}
