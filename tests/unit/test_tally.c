/*
 * test_tally.c -- the tally methods (agenda/tally.h) on hand-made
 * elections whose results are worked out in the comments, their
 * tie-breaking, weighted ballots, the PrefLib and Debian readers
 * (agenda/tally_files.h) with their refusals, and the six real Debian
 * leader elections in ../shared/data (skipped when it is absent).
 */
#include <stdlib.h>
#include <string.h>

#include "agenda/tally.h"
#include "agenda/tally_files.h"
#include "check.h"
#include "core/mem.h"

enum { A, B, C, D, E };

/* Ballots as letter strings best first, "A=B" a tie, missing = unranked;
 * ranks into marks (room for n * ncand). */
static void ranks_of(const char *const *ballots, int n, int32_t ncand,
                     int32_t *marks)
{
    memset(marks, 0, (size_t)n * (size_t)ncand * sizeof *marks);
    for (int b = 0; b < n; b++) {
        int32_t rank = 1;
        for (const char *p = ballots[b]; *p; p++) {
            if (*p == '=')
                continue;
            marks[b * ncand + (*p - 'A')] = rank;
            if (p[1] != '=')
                rank++;
        }
    }
}

/* The order of res as letters, "|" between places: "E|A|C|B|D". */
static const char *order_text(const tally_result *res)
{
    static char out[64];
    size_t k = 0;
    for (int32_t i = 0; i < res->ncand && k + 3 < sizeof out; i++) {
        if (i > 0)
            out[k++] = res->place[res->order[i]] == res->place[res->order[i - 1]]
                           ? '=' : '|';
        out[k++] = (char)('A' + res->order[i]);
    }
    out[k] = '\0';
    return out;
}

/* The Schulze method's own example (45 voters, 5 candidates), with a
 * Condorcet cycle: each method gives a different order. */
static const char *const wiki_rows[] = {"ACBED", "ADECB", "BEDAC", "CABED",
                                        "CAEBD", "CBADE", "DCEBA", "EBADC"};
static const int64_t wiki_weights[] = {5, 5, 8, 3, 7, 2, 7, 8};

static tally_input wiki_input(int32_t *marks)
{
    ranks_of(wiki_rows, 8, 5, marks);
    return (tally_input){5, 8, marks, wiki_weights};
}

static void test_schulze_cycle(void)
{
    int32_t marks[40];
    tally_input in = wiki_input(marks);
    tally_result r;
    serai_err err;
    CHECK(tally_run(&in, TALLY_SCHULZE, &r, &err) == SERAI_OK);
    CHECK_INT(r.total_weight, 45);
    static const int64_t d[25] = {0,  20, 26, 30, 22, 25, 0,  16, 33, 18, 19, 29, 0,
                                  17, 24, 15, 12, 28, 0,  14, 23, 27, 21, 31, 0};
    static const int64_t p[25] = {0,  28, 28, 30, 24, 25, 0,  28, 33, 24, 25, 29, 0,
                                  29, 24, 25, 28, 28, 0,  24, 25, 28, 28, 31, 0};
    for (int k = 0; k < 25; k++) {
        CHECK_INT(r.pairwise[k], d[k]);
        CHECK_INT(r.strongest[k], p[k]);
    }
    /* A cycle: A beats C, C beats B, B beats A pairwise; Schulze: E. */
    CHECK_STR(order_text(&r), "E|A|C|B|D");
    CHECK_INT(r.nwinners, 1);
    /* p[E][A] = 25: the path E>B (27), B>A (25). */
    int32_t path[5];
    int32_t n = tally_strongest_path(&r, E, A, path);
    CHECK_INT(n, 3);
    CHECK_INT(path[0], E);
    CHECK_INT(path[1], B);
    CHECK_INT(path[2], A);
    /* Every hop of a strongest path is a majority at least as strong. */
    for (int32_t i = 0; i < 5; i++)
        for (int32_t j = 0; j < 5; j++) {
            if (i == j || r.strongest[i * 5 + j] == 0)
                continue;
            int32_t m = tally_strongest_path(&r, i, j, path);
            CHECK(m >= 2);
            for (int32_t h = 0; h + 1 < m; h++)
                CHECK(r.pairwise[path[h] * 5 + path[h + 1]] >= r.strongest[i * 5 + j]);
        }
    tally_result_free(&r);
}

static void test_other_methods_on_cycle(void)
{
    int32_t marks[40];
    tally_input in = wiki_input(marks);
    tally_result r;
    serai_err err;
    /* Ranked pairs: B>D 33, E>D 31, A>D 30, C>B 29 locked; D>C 28 would
     * close C>B>D>C; E>B 27, A>C 26 locked; B>A 25 would close A>C>B>A;
     * C>E 24 locked; E>A 23 would close A>C>E>A.  A>C>E>B>D. */
    CHECK(tally_run(&in, TALLY_RANKED_PAIRS, &r, &err) == SERAI_OK);
    CHECK_STR(order_text(&r), "A|C|E|B|D");
    CHECK_INT(r.npairs, 10);
    CHECK_INT(r.pairs[0].winner, B);
    CHECK_INT(r.pairs[0].support, 33);
    CHECK_INT(r.pairs[4].winner, D);
    CHECK(!r.pairs[4].locked);
    CHECK(r.pairs[8].locked);
    CHECK(!r.pairs[9].locked);
    tally_result_free(&r);
    /* Borda: the rows of the pairwise matrix, A 98, B 92, C 89, D 69,
     * E 102. */
    CHECK(tally_run(&in, TALLY_BORDA, &r, &err) == SERAI_OK);
    CHECK_STR(order_text(&r), "E|A|B|C|D");
    CHECK_INT(r.points[A], 98);
    CHECK_INT(r.points[E], 102);
    tally_result_free(&r);
    /* Instant-runoff: A 10, B 8, C 12, D 7, E 8: D out (to C); A 10, B 8,
     * C 19, E 8: B and E tie, and tied in round 1 too, so E (the higher
     * index) goes (to B); A 10, B 16, C 19: A out (to C); C 29, B 16. */
    CHECK(tally_run(&in, TALLY_IRV, &r, &err) == SERAI_OK);
    CHECK_STR(order_text(&r), "C|B|A|E|D");
    CHECK_INT(r.nrounds, 5);
    CHECK_INT(r.rounds[0].votes[C], 12);
    CHECK_INT(r.rounds[0].eliminated, D);
    CHECK(!r.rounds[0].tie_broken);
    CHECK_INT(r.rounds[1].votes[C], 19);
    CHECK_INT(r.rounds[1].votes[D], -1);
    CHECK_INT(r.rounds[1].eliminated, E);
    CHECK(r.rounds[1].tie_broken);
    CHECK_INT(r.rounds[2].votes[B], 16);
    CHECK_INT(r.rounds[3].votes[C], 29);
    CHECK_INT(r.rounds[4].eliminated, -1);
    tally_result_free(&r);
}

/* Three voters in a perfect cycle: every documented tie-break shows. */
static void test_tie_breaking(void)
{
    static const char *const rows[] = {"ABC", "BCA", "CAB"};
    int32_t marks[9];
    ranks_of(rows, 3, 3, marks);
    tally_input in = {3, 3, marks, NULL};
    tally_result r;
    serai_err err;
    /* Schulze: every strongest path is 2: a three-way tie, by index. */
    CHECK(tally_run(&in, TALLY_SCHULZE, &r, &err) == SERAI_OK);
    CHECK_STR(order_text(&r), "A=B=C");
    CHECK_INT(r.nwinners, 3);
    tally_result_free(&r);
    /* Ranked pairs: three majorities of 2 to 1; equal ones go by the
     * winner's index: A>B, B>C locked, C>A skipped. */
    CHECK(tally_run(&in, TALLY_RANKED_PAIRS, &r, &err) == SERAI_OK);
    CHECK_STR(order_text(&r), "A|B|C");
    CHECK(r.pairs[0].winner == A && r.pairs[2].winner == C && !r.pairs[2].locked);
    tally_result_free(&r);
    /* Borda: 3 points each. */
    CHECK(tally_run(&in, TALLY_BORDA, &r, &err) == SERAI_OK);
    CHECK_STR(order_text(&r), "A=B=C");
    tally_result_free(&r);
    /* IRV: 1-1-1 with no earlier round: C (highest index) out, its ballot
     * goes to A; then B out. */
    CHECK(tally_run(&in, TALLY_IRV, &r, &err) == SERAI_OK);
    CHECK_STR(order_text(&r), "A|B|C");
    CHECK(r.rounds[0].tie_broken);
    CHECK_INT(r.rounds[0].eliminated, C);
    CHECK_INT(r.rounds[1].votes[A], 2);
    tally_result_free(&r);
    static const char *const back[] = {"A", "A", "A", "A", "B", "C", "C", "D"};
    int32_t m2[32];
    ranks_of(back, 8, 4, m2);
    /* Round 1: A 4, B 1, C 2, D 1: B and D tie at 1 with no earlier
     * round: D (higher index) out; its ballot ranks nobody else. Round 2:
     * A 4, B 1, C 2: B out.  Round 3: A 4, C 2. */
    tally_input in2 = {4, 8, m2, NULL};
    CHECK(tally_run(&in2, TALLY_IRV, &r, &err) == SERAI_OK);
    CHECK_STR(order_text(&r), "A|C|B|D");
    CHECK_INT(r.rounds[1].inactive, 1);
    tally_result_free(&r);
    /* Back through the rounds: "DB" moves to B when D goes, so B and C tie
     * at 2 in round 2; round 1 had B 1, C 2: B goes, not C (the higher
     * index). */
    static const char *const back2[] = {"A", "A", "A", "A", "A", "B", "C", "C", "DB"};
    int32_t m3[36];
    ranks_of(back2, 9, 4, m3);
    tally_input in3 = {4, 9, m3, NULL};
    CHECK(tally_run(&in3, TALLY_IRV, &r, &err) == SERAI_OK);
    CHECK_INT(r.rounds[1].votes[B], 2);
    CHECK_INT(r.rounds[1].votes[C], 2);
    CHECK(r.rounds[1].tie_broken);
    CHECK_INT(r.rounds[1].eliminated, B);
    tally_result_free(&r);
}

/* Unranked candidates rank below every ranked one and tie among
 * themselves; ties on a ballot count for neither side. */
static void test_partial_and_ties(void)
{
    static const char *const rows[] = {"A", "B=C", "DA"};
    int32_t marks[12];
    ranks_of(rows, 3, 4, marks);
    tally_input in = {4, 3, marks, NULL};
    int64_t d[16];
    tally_pairwise(&in, d);
    CHECK_INT(d[A * 4 + B], 1 + 1); /* ballots 1 and 3 */
    CHECK_INT(d[B * 4 + A], 1);     /* ballot 2 */
    CHECK_INT(d[B * 4 + C], 0);     /* tied on 2, unranked on 1 and 3 */
    CHECK_INT(d[C * 4 + B], 0);
    CHECK_INT(d[D * 4 + A], 1);
    CHECK_INT(d[B * 4 + D], 1);
    /* IRV: "B=C" counts for no one while both continue. */
    tally_result r;
    serai_err err;
    CHECK(tally_run(&in, TALLY_IRV, &r, &err) == SERAI_OK);
    CHECK_INT(r.rounds[0].inactive, 1);
    tally_result_free(&r);
    /* Approval: any rank is an approval. */
    CHECK(tally_run(&in, TALLY_APPROVAL, &r, &err) == SERAI_OK);
    CHECK_INT(r.points[A], 2);
    CHECK_INT(r.points[B], 1);
    CHECK_INT(r.points[D], 1);
    CHECK_STR(order_text(&r), "A|B=C=D");
    tally_result_free(&r);
}

/* A weight is the same as that many copies of the ballot. */
static void test_weights(void)
{
    static const char *const rows[] = {"ABC", "CBA", "BCA"};
    static const int64_t w[] = {4, 3, 2};
    int32_t marks[9];
    ranks_of(rows, 3, 3, marks);
    tally_input in = {3, 3, marks, w};
    int32_t copies[27];
    int64_t n = 0;
    for (int b = 0; b < 3; b++)
        for (int64_t k = 0; k < w[b]; k++, n++)
            memcpy(copies + n * 3, marks + b * 3, 3 * sizeof *copies);
    tally_input plain = {3, n, copies, NULL};
    static const tally_method all[] = {TALLY_SCHULZE, TALLY_RANKED_PAIRS, TALLY_BORDA,
                                       TALLY_IRV, TALLY_APPROVAL};
    for (size_t m = 0; m < sizeof all / sizeof *all; m++) {
        tally_result x, y;
        serai_err err;
        CHECK(tally_run(&in, all[m], &x, &err) == SERAI_OK);
        CHECK(tally_run(&plain, all[m], &y, &err) == SERAI_OK);
        CHECK_INT(x.total_weight, 9);
        CHECK_INT(y.nunique, 3);
        char ox[64];
        snprintf(ox, sizeof ox, "%s", order_text(&x));
        CHECK_STR(order_text(&y), ox);
        if (x.pairwise)
            CHECK(memcmp(x.pairwise, y.pairwise, 9 * sizeof *x.pairwise) == 0);
        tally_result_free(&x);
        tally_result_free(&y);
    }
    /* B beats A 5-4 and C 6-3, C beats A 5-4: B, C, A. */
    tally_result r;
    serai_err err;
    CHECK(tally_run(&in, TALLY_SCHULZE, &r, &err) == SERAI_OK);
    CHECK_STR(order_text(&r), "B|C|A");
    tally_result_free(&r);
    /* IRV: A 4, C 3, B 2: B out (to C), C 5 beats A 4. */
    CHECK(tally_run(&in, TALLY_IRV, &r, &err) == SERAI_OK);
    CHECK_STR(order_text(&r), "C|A|B");
    tally_result_free(&r);
    /* A weight of 0 counts for nothing; a weight beyond 32 bits goes
     * straight into the 64-bit matrix. */
    static const int64_t big[] = {0, (int64_t)1 << 40, 1};
    tally_input in2 = {3, 3, marks, big};
    CHECK(tally_run(&in2, TALLY_SCHULZE, &r, &err) == SERAI_OK);
    CHECK_INT(r.nunique, 2);
    CHECK_INT(r.pairwise[C * 3 + A], ((int64_t)1 << 40) + 1);
    CHECK_STR(order_text(&r), "C|B|A");
    tally_result_free(&r);
}

static void test_score(void)
{
    /* Scores 0..10 from three voters, weights 1, 2, 1. */
    static const int32_t marks[] = {10, 5, 0, 0, 7, 10, 3, 3, 3};
    static const int64_t w[] = {1, 2, 1};
    tally_input in = {3, 3, marks, w};
    tally_result r;
    serai_err err;
    CHECK(tally_run(&in, TALLY_SCORE, &r, &err) == SERAI_OK);
    CHECK_INT(r.points[A], 13);
    CHECK_INT(r.points[B], 22);
    CHECK_INT(r.points[C], 23);
    CHECK_STR(order_text(&r), "C|B|A");
    CHECK(r.pairwise == NULL);
    tally_result_free(&r);
    /* weight x score beyond int64 */
    static const int32_t ten[] = {10, 0, 0};
    static const int64_t heavy[] = {INT64_MAX / 4};
    tally_input over = {3, 1, ten, heavy};
    CHECK(tally_run(&over, TALLY_SCORE, &r, &err) == SERAI_ETOOLARGE);
    tally_result_free(&r);
    /* A rank must stay below the unranked mark. */
    static const int32_t toolow[] = {1, INT32_MAX, 0};
    tally_input rk = {3, 1, toolow, NULL};
    CHECK(tally_run(&rk, TALLY_SCHULZE, &r, &err) == SERAI_EINVAL);
    CHECK_STR(err.field, "/ballots/0/marks/1");
    tally_result_free(&r);
    static const int32_t high[] = {0, TALLY_MAX_SCORE + 1, 0};
    tally_input bad = {3, 1, high, NULL};
    CHECK(tally_run(&bad, TALLY_SCORE, &r, &err) == SERAI_EINVAL);
    CHECK_STR(err.field, "/ballots/0/marks/1");
    tally_result_free(&r);
}

static void test_refusals(void)
{
    int32_t marks[6] = {1, 2, 0, 2, -1, 1};
    int64_t w[2] = {1, -3};
    tally_input in = {3, 2, marks, w};
    tally_result r;
    serai_err err;
    CHECK(tally_run(&in, TALLY_SCHULZE, &r, &err) == SERAI_EINVAL);
    CHECK_STR(err.field, "/ballots/1/weight");
    tally_result_free(&r);
    w[1] = 1;
    CHECK(tally_run(&in, TALLY_SCHULZE, &r, &err) == SERAI_EINVAL);
    CHECK_STR(err.field, "/ballots/1/marks/1");
    tally_result_free(&r);
    tally_input none = {0, 0, NULL, NULL};
    CHECK(tally_run(&none, TALLY_BORDA, &r, &err) == SERAI_EINVAL);
    CHECK_STR(err.field, "/candidates");
    tally_result_free(&r);
    int64_t huge[2] = {INT64_MAX, 1};
    marks[4] = 3;
    tally_input over = {3, 2, marks, huge};
    CHECK(tally_run(&over, TALLY_SCHULZE, &r, &err) == SERAI_ETOOLARGE);
    tally_result_free(&r);
    /* No ballots: everyone tied. */
    tally_input empty = {2, 0, NULL, NULL};
    CHECK(tally_run(&empty, TALLY_SCHULZE, &r, &err) == SERAI_OK);
    CHECK_INT(r.nwinners, 2);
    tally_result_free(&r);
    tally_method m;
    CHECK(tally_method_parse("ranked-pairs", &m) && m == TALLY_RANKED_PAIRS);
    CHECK(!tally_method_parse("condorcet", &m));
}

/* Read text as a file; returns the code, the error in *err. */
static serai_code read_text(tally_file *f, const char *name, const char *text,
                            serai_err *err)
{
    return tally_file_read(f, TALLY_FILE_AUTO, name, text, strlen(text), err);
}

static void test_preflib(void)
{
    tally_file f;
    serai_err err;
    const char *toi = "# FILE NAME: x.toi\n# DATA TYPE: toi\n"
                      "# NUMBER ALTERNATIVES: 3\n# NUMBER VOTERS: 7\n"
                      "# ALTERNATIVE NAME 1: Ana\n# ALTERNATIVE NAME 2: Bo\n"
                      "# ALTERNATIVE NAME 3: Cy\n"
                      "4: 2,{1,3}\r\n2: 3\n1: { 3 , 1 } , 2\n";
    CHECK(read_text(&f, "x.toi", toi, &err) == SERAI_OK);
    CHECK_INT(f.in.ncand, 3);
    CHECK_INT(f.in.nballots, 3);
    CHECK_INT(f.voters, 7);
    CHECK_STR(f.names[1], "Bo");
    CHECK_STR(f.format, "preflib-toi");
    CHECK_INT(f.marks[0], 2);
    CHECK_INT(f.marks[1], 1);
    CHECK_INT(f.marks[2], 2);
    CHECK_INT(f.marks[3 + 0], 0);
    CHECK_INT(f.marks[6 + 1], 2);
    tally_result r;
    CHECK(tally_run(&f.in, TALLY_SCHULZE, &r, &err) == SERAI_OK);
    /* B over A 4-1, B over C 4-3: B. */
    CHECK_INT(r.order[0], 1);
    tally_result_free(&r);
    tally_file_free(&f);

    static const struct {
        const char *name, *text, *want;
    } bad[] = {
        {"a.soi", "# NUMBER ALTERNATIVES: 2\n3: 1,3\n",
         "a.soi line 2: candidate 3 is out of range 1..2"},
        {"a.soi", "# NUMBER ALTERNATIVES: 2\n3: 1,2\n1: 2,2\n",
         "a.soi line 3: candidate 2 appears twice"},
        {"a.soi", "# NUMBER ALTERNATIVES: 2\n3 1,2\n",
         "a.soi line 2: expected \"count: ranking\""},
        {"a.soi", "# NUMBER ALTERNATIVES: 2\n0: 1,2\n",
         "a.soi line 2: the count \"0\" is not a whole number >= 1"},
        {"a.soi", "# NUMBER ALTERNATIVES: 2\n1: {1,2}\n",
         "a.soi line 2: a soi file has no ties ('{')"},
        {"a.soc", "# NUMBER ALTERNATIVES: 2\n1: 1\n",
         "a.soc line 2: a soc file ranks every candidate; this order ranks 1 of 2"},
        {"a.toi", "# NUMBER ALTERNATIVES: 2\n1: 1;2\n",
         "a.toi line 2: unexpected ';' at column 5"},
        {"a.toi", "# NUMBER ALTERNATIVES: 2\n1: {1,2\n", "a.toi line 2: '{' without '}'"},
        {"a.toi", "# NUMBER ALTERNATIVES: 2\n1:\n",
         "a.toi line 2: expected a candidate number at column 3"},
        {"a.toi", "1: 1\n", "a.toi line 1: no NUMBER ALTERNATIVES or ALTERNATIVE NAME "
                            "header before the first order"},
        {"a.toi", "# ALTERNATIVE NAME 1: X\n# ALTERNATIVE NAME 1: Y\n",
         "a.toi line 2: alternative 1 is named twice"},
        {"a.toi", "# NUMBER VOTERS: 5\n# NUMBER ALTERNATIVES: 1\n2: 1\n",
         "a.toi: NUMBER VOTERS is 5 but the counts add up to 2"},
        {"a.toi", "# DATA TYPE: wmd\n", "a.toi line 1: DATA TYPE \"wmd\" is not a "
                                        "ranking (soc, soi, toc, toi)"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        CHECK(read_text(&f, bad[k].name, bad[k].text, &err) != SERAI_OK);
        CHECK_STR(err.detail, bad[k].want);
        tally_file_free(&f);
    }
}

static void test_debian(void)
{
    /* "Option 2" in Latin-1: Rapha\xebl. */
    const char *sheet = "\t\tTally Sheet for the votes cast.\n"
                        "     Option 1--->: Ann\n"
                        "   /  Option 2-->: Rapha\xebl\n"
                        "   |/  Option 3->: None Of The Above\n"
                        "   ||/\n"
                        "V: 12- \t\t0a1b\n"
                        "V: 1-1\t\t0a1c\n"
                        "V: 213\t\t0a1d\n";
    tally_file f;
    serai_err err;
    CHECK(read_text(&f, "tally.txt", sheet, &err) == SERAI_OK);
    CHECK(f.latin1);
    CHECK_STR(f.names[1], "Rapha\xc3\xabl");
    CHECK_INT(f.in.ncand, 3);
    CHECK_INT(f.in.nballots, 3);
    CHECK_INT(f.marks[2], 0);
    CHECK_INT(f.marks[3 + 2], 1);
    CHECK_STR(f.format, "debian");
    tally_result r;
    CHECK(tally_run(&f.in, TALLY_SCHULZE, &r, &err) == SERAI_OK);
    CHECK_INT(r.order[0], 0);
    tally_result_free(&r);
    tally_file_free(&f);

    static const struct {
        const char *text, *want;
    } bad[] = {
        {"Option 1->: A\nOption 2->: B\nV: 1* ab\n",
         "t line 3: option 2 has the mark '*'; a rank is 1-9 or a-z, '-' leaves it "
         "unranked"},
        {"Option 1->: A\nOption 2->: B\nV: 123 h\n",
         "t line 3: the vote \"123\" has 3 marks for 2 options"},
        {"Option 1->: A\nOption 3->: B\n", "t line 2: option 3 where option 2 was expected"},
        {"V: 12 ab\n", "t line 1: a vote before any \"Option N--->: Name\" line"},
        {"Option 1->: A\nV: 1 ab\nsomething\n", "t line 3: expected \"V: ranks hash\""},
        {"Option 1->: A\nV: 1 ab\nV: 1 cd\nV: - ab\n",
         "t line 4: the voter hash of line 2 again: a duplicate ballot"},
        {"Option 1->: A\nV: 1 xyz\n", "t line 2: the voter hash is not hexadecimal"},
        {"nothing here\n", "t has no \"Option N--->: Name\" lines and no votes"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        CHECK(read_text(&f, "t", bad[k].text, &err) != SERAI_OK);
        CHECK_STR(err.detail, bad[k].want);
        tally_file_free(&f);
    }
}

/* The six Debian leader elections: the Schulze winner is the elected
 * leader, and every method runs on them. */
static void test_real_elections(const char *root)
{
    static const struct {
        const char *path, *winner;
    } files[] = {
        {"preflib/debian-2002-00002-00000001.soi", "Bdale Garbee"},
        {"debian-votes/leader2006_tally.txt", "Anthony Towns"},
        {"debian-votes/leader2007_tally.txt", "Sam Hocevar"},
        {"preflib/debian-2010-00002-00000006.soi", "Stefano Zacchiroli"},
        {"preflib/debian-2012-00002-00000007.soi", "Stefano Zacchiroli"},
        {"debian-votes/leader2020_tally.txt", "Jonathan Carter"},
    };
    int checked = 0;
    for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/../shared/data/%s", root, files[k].path);
        FILE *fp = fopen(path, "rb");
        if (fp == NULL) {
            fprintf(stderr, "skip: %s is absent\n", path);
            continue;
        }
        buf b;
        buf_init(&b, (size_t)1 << 26);
        char chunk[8192];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
            CHECK(buf_append(&b, chunk, n));
        fclose(fp);
        tally_file f;
        serai_err err;
        serai_code rc = tally_file_read(&f, TALLY_FILE_AUTO, path, b.data, b.len, &err);
        CHECK(rc == SERAI_OK);
        if (rc != SERAI_OK) {
            fprintf(stderr, "%s\n", err.detail);
        } else {
            tally_result r;
            CHECK(tally_run(&f.in, TALLY_SCHULZE, &r, &err) == SERAI_OK);
            CHECK_INT(r.nwinners, 1);
            CHECK_STR(f.names[r.order[0]], files[k].winner);
            /* The winner is a Condorcet winner in all six: every method
             * built on pairs agrees. */
            int32_t w = r.order[0];
            tally_result_free(&r);
            CHECK(tally_run(&f.in, TALLY_RANKED_PAIRS, &r, &err) == SERAI_OK);
            CHECK_INT(r.order[0], w);
            tally_result_free(&r);
            static const tally_method rest[] = {TALLY_BORDA, TALLY_IRV, TALLY_APPROVAL};
            for (size_t m = 0; m < 3; m++) {
                CHECK(tally_run(&f.in, rest[m], &r, &err) == SERAI_OK);
                tally_result_free(&r);
            }
            checked++;
        }
        tally_file_free(&f);
        buf_free(&b);
    }
    fprintf(stderr, "checked %d of 6 real Debian leader elections\n", checked);
}

int main(int argc, char **argv)
{
    RUN(test_schulze_cycle);
    RUN(test_other_methods_on_cycle);
    RUN(test_tie_breaking);
    RUN(test_partial_and_ties);
    RUN(test_weights);
    RUN(test_score);
    RUN(test_refusals);
    RUN(test_preflib);
    RUN(test_debian);
    const char *root = argc > 1 ? argv[1] : ".";
    int before = check_failures;
    test_real_elections(root);
    fprintf(stderr, "%s test_real_elections\n", check_failures == before ? "ok  " : "FAIL");
    return check_report();
}
