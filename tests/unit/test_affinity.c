/*
 * test_affinity.c -- the lexical expertise-affinity model (review/affinity.h):
 * the text pipeline (folding, stop words, stems, CJK bigrams), ranking,
 * determinism, empty input, the file format, and -- when the data is
 * there -- the loss on the Stelmakh et al. (2023) gold-standard dataset.
 *
 * argv[1] is the source root; the dataset is looked for at
 * SOURCE_ROOT/../shared/data/reviewer-match and the test says so when it
 * is absent.
 */
#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "core/mem.h"
#include "review/affinity.h"

/* The terms of text under the default params, as one string (static). */
static const char *terms(const char *text)
{
    static char out[4096];
    buf b;
    buf_init(&b, sizeof out - 1);
    affinity_terms_of(NULL, text, &b);
    snprintf(out, sizeof out, "%s", b.data ? b.data : "");
    buf_free(&b);
    return out;
}

/* An index of reviewers, each given as papers (titles; NULL ends a
 * reviewer, a second NULL ends the list). */
static affinity_index *index_of(const char *const *titles, const affinity_params *p)
{
    affinity_index *ix = affinity_index_new(p);
    affinity_doc docs[16];
    size_t n = 0;
    for (const char *const *t = titles;; t++) {
        if (*t == NULL) {
            affinity_index_add_reviewer(ix, docs, n);
            n = 0;
            if (t[1] == NULL)
                break;
            continue;
        }
        docs[n++] = (affinity_doc){*t, NULL, NULL};
    }
    affinity_index_build(ix);
    return ix;
}

static double score_title(affinity_scorer *s, const char *title, size_t r)
{
    affinity_doc d = {title, NULL, NULL};
    return affinity_score(s, &d, r);
}

static void test_case_folding(void)
{
    CHECK_STR(terms("Graph NEURAL Networks"), "graph neural network");
    CHECK_STR(terms("ΑΝΆΛΥΣΗ Δεδομένων"), "ανάλυση δεδομένων");
    CHECK_STR(terms("ПРОВЕРКА"), "проверка");
    /* fullwidth Latin letters are plain letters */
    CHECK_STR(terms("ＡＩ Ｓａｆｅｔｙ"), "ai safeti");
    const char *const rev[] = {"Peer review of grant proposals", NULL, NULL};
    affinity_index *ix = index_of(rev, NULL);
    affinity_scorer *s = affinity_scorer_new(ix);
    double lower = score_title(s, "peer review of grant proposals", 0);
    double upper = score_title(s, "PEER REVIEW OF GRANT PROPOSALS", 0);
    CHECK(lower > 0.99);
    CHECK(lower == upper);
    affinity_scorer_free(s);
    affinity_index_free(ix);
}

static void test_stop_words_and_stems(void)
{
    CHECK_STR(terms("The analysis of the data, and of THE networks"),
              "analysi data network");
    CHECK_STR(terms("learning learned learns"), "learn learn learn");
    CHECK_STR(terms("relational generalization caresses ponies"),
              "relat gener caress poni");
    /* numbers and one-letter words are dropped, words with digits kept */
    CHECK_STR(terms("a 2023 study of GPT-4 and L2 x"), "studi gpt l2");
    CHECK_STR(terms("of the and"), "");
    /* Stop words do not make two texts similar. */
    const char *const rev[] = {"the of and in to with for on by", "quantum chemistry",
                               NULL, NULL};
    affinity_index *ix = index_of(rev, NULL);
    affinity_scorer *s = affinity_scorer_new(ix);
    double with_stop = score_title(s, "the of and in to with for on by", 0);
    CHECK(with_stop == 0);
    affinity_scorer_free(s);
    affinity_index_free(ix);
}

static void test_cjk_bigrams(void)
{
    CHECK_STR(terms("机器学习"), "机器 器学 学习");
    CHECK_STR(terms("BERT模型，用于文本"), "bert 模型 用于 于文 文本");
    CHECK_STR(terms("『深』"), "深"); /* a lone character stands for itself */
    CHECK_STR(terms("ひらがなカタカナ"), "ひら らが がな なカ カタ タカ カナ");
    const char *const rev[] = {
        "基于深度学习的医学图像识别方法研究", "卷积神经网络在图像分类中的应用", NULL,
        "城市交通规划与可持续发展政策分析", "农村土地制度改革的经济影响", NULL,
        "Deep learning for medical image recognition", NULL, NULL};
    affinity_index *ix = index_of(rev, NULL);
    affinity_scorer *s = affinity_scorer_new(ix);
    double out[3];
    affinity_doc sub = {"深度学习在医学图像识别中的应用",
                        "本文提出一种基于卷积神经网络的医学图像识别方法。", NULL};
    affinity_score_all(s, &sub, out);
    fprintf(stderr, "  Chinese submission: image-recognition reviewer %.3f, "
            "urban-planning reviewer %.3f, English reviewer %.3f\n",
            out[0], out[1], out[2]);
    CHECK(out[0] > 0.2);
    CHECK(out[0] > 5 * out[1]);
    CHECK(out[1] < 0.05);
    CHECK(out[2] == 0); /* no shared script, no shared terms */
    affinity_scorer_free(s);
    affinity_index_free(ix);
}

static void test_ranking(void)
{
    /* Reviewer 0 shares the submission's rare terms; reviewer 1 only its
     * common ones; reviewer 2 nothing. */
    const char *const rev[] = {
        "Message passing networks for molecular property prediction",
        "Equivariant graph networks for protein docking", NULL,
        "Learning representations with deep networks",
        "A study of learning methods", NULL,
        "Auction mechanisms for spectrum allocation", NULL, NULL};
    affinity_index *ix = index_of(rev, NULL);
    affinity_scorer *s = affinity_scorer_new(ix);
    double out[3];
    affinity_doc sub = {"Graph networks for molecular property prediction",
                        "We present learning methods with message passing.", NULL};
    affinity_score_all(s, &sub, out);
    CHECK(out[0] > out[1]);
    CHECK(out[1] > out[2]);
    CHECK(out[2] == 0);
    for (int r = 0; r < 3; r++)
        CHECK(out[r] >= 0 && out[r] <= 1);
    CHECK_INT(affinity_index_reviewers(ix), 3);
    CHECK_INT(affinity_index_papers(ix), 5);
    affinity_scorer_free(s);
    affinity_index_free(ix);
}

static void test_aggregation_params(void)
{
    /* One matching paper among unrelated ones: the best-paper setting
     * (power >= 64) gives that paper's similarity, the mean a fraction. */
    const char *const rev[] = {"sparse matrix factorisation", "coral reef ecology",
                               "medieval trade routes", NULL, NULL};
    affinity_params p;
    affinity_params_default(&p);
    p.power = 64;
    affinity_index *ix = index_of(rev, &p);
    affinity_scorer *s = affinity_scorer_new(ix);
    double best = score_title(s, "sparse matrix factorisation", 0);
    CHECK(best > 0.99);
    affinity_scorer_free(s);
    affinity_index_free(ix);
    p.power = 1;
    ix = index_of(rev, &p);
    s = affinity_scorer_new(ix);
    double mean = score_title(s, "sparse matrix factorisation", 0);
    CHECK(fabs(mean - best / 3) < 0.01);
    affinity_scorer_free(s);
    affinity_index_free(ix);
}

static void test_determinism(void)
{
    const char *const rev[] = {
        "Stochastic gradient descent converges", "Convex optimisation on graphs", NULL,
        "Bayesian inference for epidemics", "稀疏矩阵分解", NULL,
        "Gradient methods for graph partitioning", NULL, NULL};
    affinity_doc subs[] = {
        {"Gradient descent on graphs", "Convergence of stochastic methods.", NULL},
        {"稀疏矩阵", NULL, "epidemics; inference"},
        {"", NULL, NULL}};
    double a[3], b[3];
    affinity_index *ix1 = index_of(rev, NULL), *ix2 = index_of(rev, NULL);
    affinity_scorer *s1 = affinity_scorer_new(ix1), *s2 = affinity_scorer_new(ix2);
    for (size_t i = 0; i < 3; i++) {
        affinity_score_all(s1, &subs[i], a);
        affinity_score_all(s2, &subs[i], b);
        for (size_t r = 0; r < 3; r++) {
            CHECK(memcmp(&a[r], &b[r], sizeof a[r]) == 0);
            /* one pair alone gives the same bits as all at once */
            double one = affinity_score(s1, &subs[i], r);
            CHECK(memcmp(&a[r], &one, sizeof one) == 0);
        }
    }
    /* reviewers added through affinity_tokens: the same index */
    affinity_index *ix3 = affinity_index_new(NULL);
    affinity_doc papers[2];
    size_t np = 0;
    for (const char *const *t = rev;; t++) {
        if (*t == NULL) {
            affinity_tokens *toks = affinity_tokens_new(NULL);
            for (size_t i = 0; i < np; i++)
                affinity_tokens_add(toks, &papers[i]);
            CHECK_INT(affinity_tokens_docs(toks), np);
            affinity_index_add_tokens(ix3, toks);
            affinity_tokens_free(toks);
            np = 0;
            if (t[1] == NULL)
                break;
            continue;
        }
        papers[np++] = (affinity_doc){*t, NULL, NULL};
    }
    affinity_index_build(ix3);
    affinity_scorer *s3 = affinity_scorer_new(ix3);
    for (size_t i = 0; i < 3; i++) {
        affinity_score_all(s1, &subs[i], a);
        affinity_score_all(s3, &subs[i], b);
        CHECK(memcmp(a, b, sizeof a) == 0);
    }
    affinity_scorer_free(s3);
    affinity_index_free(ix3);
    /* scoring again with a used scorer changes nothing */
    affinity_score_all(s1, &subs[0], a);
    affinity_score_all(s1, &subs[1], b);
    affinity_score_all(s1, &subs[0], b);
    CHECK(memcmp(a, b, sizeof a) == 0);
    affinity_scorer_free(s1);
    affinity_scorer_free(s2);
    affinity_index_free(ix1);
    affinity_index_free(ix2);
}

static void test_empty(void)
{
    /* No reviewers at all. */
    affinity_index *ix = affinity_index_new(NULL);
    affinity_index_build(ix);
    affinity_scorer *s = affinity_scorer_new(ix);
    affinity_doc sub = {"Anything at all", NULL, NULL};
    affinity_score_all(s, &sub, NULL);
    CHECK(affinity_score(s, &sub, 0) == 0);
    affinity_scorer_free(s);
    affinity_index_free(ix);

    /* A reviewer without papers, one whose papers are empty or stop words
     * only, and one with a real paper. */
    ix = affinity_index_new(NULL);
    affinity_index_add_reviewer(ix, NULL, 0);
    affinity_doc blank[] = {{NULL, NULL, NULL}, {"", "", ""}, {"of the", "and", NULL}};
    affinity_index_add_reviewer(ix, blank, 3);
    affinity_doc real = {"Glacier mass balance", NULL, NULL};
    affinity_index_add_reviewer(ix, &real, 1);
    affinity_index_build(ix);
    s = affinity_scorer_new(ix);
    double out[3];
    affinity_score_all(s, &sub, out);
    CHECK(out[0] == 0 && out[1] == 0 && out[2] == 0);
    affinity_doc empty = {NULL, NULL, NULL};
    affinity_score_all(s, &empty, out);
    CHECK(out[0] == 0 && out[1] == 0 && out[2] == 0);
    affinity_doc glacier = {"glacier", NULL, NULL};
    affinity_score_all(s, &glacier, out);
    CHECK(out[2] > 0 && out[0] == 0 && out[1] == 0);
    CHECK(affinity_score(s, &glacier, 7) == 0); /* no such reviewer */
    affinity_scorer_free(s);
    affinity_index_free(ix);
}

static void test_fixed(void)
{
    CHECK_INT(affinity_fixed(0.1234), 123);
    CHECK_INT(affinity_fixed(0.1235), 124);
    CHECK_INT(affinity_fixed(0.0005), 1);
    CHECK_INT(affinity_fixed(0.0004999), 0);
    CHECK_INT(affinity_fixed(1.0), 1000);
    CHECK_INT(affinity_fixed(7.5), 1000);
    CHECK_INT(affinity_fixed(-0.2), 0);
    CHECK_INT(affinity_fixed(NAN), 0);
}

static void test_odd_text(void)
{
    /* invalid UTF-8 separates words and never crashes */
    CHECK_STR(terms("caf\xC3 latt\xFF" "e \xE6\x9C"), "caf latt");
    /* a word longer than AFFINITY_WORD_MAX is dropped */
    char longw[200];
    memset(longw, 'q', sizeof longw - 1);
    longw[sizeof longw - 1] = '\0';
    CHECK_STR(terms(longw), "");
    CHECK_STR(terms("emoji 😀 separates🙂words"), "emoji separ word");
}

/* ---- files ------------------------------------------------------------------ */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        CHECK(f != NULL);
        return;
    }
    fputs(text, f);
    fclose(f);
}

static void test_files(void)
{
    char dir[] = "/tmp/serai-affinity-XXXXXX";
    if (mkdtemp(dir) == NULL) {
        CHECK(0);
        return;
    }
    char subs[256], arch[256], path[300];
    snprintf(subs, sizeof subs, "%s/submissions.json", dir);
    snprintf(arch, sizeof arch, "%s/archives", dir);
    mkdir(arch, 0700);
    /* Old and new OpenReview shapes, keywords as an array. */
    write_file(subs, "{\"p1\": {\"content\": {\"title\": \"Coral reef ecology\", "
                     "\"abstract\": null}},\n"
                     " \"p,2\": {\"content\": {\"title\": {\"value\": \"Sparse "
                     "matrices\"}, \"abstract\": {\"value\": \"Factorisation.\"}, "
                     "\"keywords\": [\"linear algebra\", \"稀疏矩阵\"]}}}\n");
    snprintf(path, sizeof path, "%s/~b.jsonl", arch);
    write_file(path, "{\"content\": {\"title\": \"Reef fish\", \"abstract\": \"Coral.\"}}\n"
                     "\n{\"content\": {\"title\": {\"value\": \"Ocean ecology\"}}}\n");
    snprintf(path, sizeof path, "%s/~a.jsonl", arch);
    write_file(path, "{\"content\": {\"title\": \"Sparse matrix factorisation\"}}\r\n");
    snprintf(path, sizeof path, "%s/~empty.jsonl", arch);
    write_file(path, "");
    snprintf(path, sizeof path, "%s/notes.txt", arch);
    write_file(path, "ignored");

    affinity_set *set = NULL;
    serai_err err;
    serai_code rc = affinity_set_load(subs, arch, NULL, &set, &err);
    CHECK_INT(rc, SERAI_OK);
    if (rc != SERAI_OK) {
        fprintf(stderr, "  %s\n", err.detail);
        return;
    }
    CHECK_INT(set->nsubmissions, 2);
    CHECK_STR(set->submission_ids[0], "p1");
    CHECK_STR(set->submission_ids[1], "p,2");
    CHECK_STR(set->submissions[1].keywords, "linear algebra; 稀疏矩阵");
    CHECK_INT(set->nreviewers, 3);
    CHECK_STR(set->reviewer_ids[0], "~a");
    CHECK_STR(set->reviewer_ids[1], "~b");
    CHECK_STR(set->reviewer_ids[2], "~empty");
    CHECK_INT(set->npapers, 3);
    char *csv = NULL;
    size_t csv_len = 0;
    FILE *mem = open_memstream(&csv, &csv_len);
    rc = affinity_set_write_csv(set, mem, 2, &err);
    fclose(mem);
    CHECK_INT(rc, SERAI_OK);
    CHECK(strncmp(csv, "submission,reviewer,score\n", 26) == 0);
    CHECK(strstr(csv, "\np1,~a,0.000\n") != NULL);
    CHECK(strstr(csv, "\np1,~empty,0.000\n") != NULL);
    CHECK(strstr(csv, "\n\"p,2\",~b,0.000\n") != NULL);
    CHECK(strstr(csv, "\n\"p,2\",~a,0.") != NULL);
    int rows = 0;
    for (char *p = csv; *p; p++)
        rows += *p == '\n';
    CHECK_INT(rows, 1 + 2 * 3);
    /* one thread or four: the same bytes */
    char *csv1 = NULL;
    size_t len1 = 0;
    mem = open_memstream(&csv1, &len1);
    CHECK_INT(affinity_set_write_csv(set, mem, 1, &err), SERAI_OK);
    fclose(mem);
    CHECK(len1 == csv_len && memcmp(csv, csv1, len1) == 0);
    free(csv);
    free(csv1);
    affinity_set_free(set);

    /* Refusals name the file and line. */
    snprintf(path, sizeof path, "%s/~b.jsonl", arch);
    write_file(path, "{\"content\": {\"title\": \"Reef fish\"}}\n\n{\"content\": {\"title\": \n");
    rc = affinity_set_load(subs, arch, NULL, &set, &err);
    CHECK_INT(rc, SERAI_EINVAL);
    CHECK(strstr(err.detail, "/~b.jsonl:3: malformed JSON") != NULL);
    write_file(path, "{\"content\": {\"abstract\": \"no title\"}}\n");
    rc = affinity_set_load(subs, arch, NULL, &set, &err);
    CHECK_INT(rc, SERAI_EINVAL);
    CHECK(strstr(err.detail, "/~b.jsonl:1: the paper content.title is missing") != NULL);
    write_file(path, "{\"content\": {\"title\": 42}}\n");
    rc = affinity_set_load(subs, arch, NULL, &set, &err);
    CHECK(strstr(err.detail, "/~b.jsonl:1: the paper content.title must be") != NULL);
    write_file(path, "[1, 2]\n");
    rc = affinity_set_load(subs, arch, NULL, &set, &err);
    CHECK(strstr(err.detail, "/~b.jsonl:1: the paper must be a JSON object") != NULL);
    remove(path);
    write_file(subs, "{\"p1\": {\"content\": {\"abstract\": \"x\"}}}");
    rc = affinity_set_load(subs, arch, NULL, &set, &err);
    CHECK_INT(rc, SERAI_EINVAL);
    CHECK(strstr(err.detail, "submission \"p1\": content.title is missing") != NULL);
    write_file(subs, "{\"p1\": {\"content\": {\"title\": \"x\"}},\n\"p1\": {}}");
    rc = affinity_set_load(subs, arch, NULL, &set, &err);
    CHECK_INT(rc, SERAI_EINVAL);
    CHECK(strstr(err.detail, "submissions.json:2:") != NULL);
    write_file(subs, "{}");
    rc = affinity_set_load(subs, arch, NULL, &set, &err);
    CHECK(strstr(err.detail, "no submissions") != NULL);
    snprintf(path, sizeof path, "%s/none.json", dir);
    rc = affinity_set_load(path, arch, NULL, &set, &err);
    CHECK_INT(rc, SERAI_ENOTFOUND);
    CHECK(strstr(err.detail, "none.json") != NULL);

    /* Clean up. */
    snprintf(path, sizeof path, "%s/~a.jsonl", arch);
    remove(path);
    snprintf(path, sizeof path, "%s/~empty.jsonl", arch);
    remove(path);
    snprintf(path, sizeof path, "%s/notes.txt", arch);
    remove(path);
    write_file(subs, "{\"p1\": {\"content\": {\"title\": \"x\"}}}");
    rc = affinity_set_load(subs, arch, NULL, &set, &err);
    CHECK(strstr(err.detail, "holds no REVIEWER.jsonl files") != NULL);
    rmdir(arch);
    remove(subs);
    rmdir(dir);
}

/* ---- the gold standard ---------------------------------------------------------- */

/* Loss of Stelmakh et al. (2023) on one dataset version: for each
 * participant and each pair of papers they rated, |difference of
 * expertise| when the scores order the pair the other way, half when they
 * tie; over the sum of |difference| of all pairs. */
static void test_gold_standard(const char *root)
{
    char data[1024], path[1200];
    snprintf(data, sizeof data, "%s/../shared/data/reviewer-match", root);
    snprintf(path, sizeof path, "%s/evaluations.csv", data);
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "  SKIP: no gold-standard data at %s\n", data);
        return;
    }
    char subs[1200], arch[1200];
    snprintf(subs, sizeof subs, "%s/d_20_1/submissions.json", data);
    snprintf(arch, sizeof arch, "%s/d_20_1/archives", data);
    affinity_set *set;
    serai_err err;
    serai_code rc = affinity_set_load(subs, arch, NULL, &set, &err);
    CHECK_INT(rc, SERAI_OK);
    if (rc != SERAI_OK) {
        fprintf(stderr, "  %s\n", err.detail);
        fclose(f);
        return;
    }
    affinity_scorer *s = affinity_scorer_new(set->index);
    double loss = 0, fixed_loss = 0, total = 0;
    int participants = 0, pairs = 0, missing = 0;
    char line[8192];
    for (int ln = 1; fgets(line, sizeof line, f); ln++) {
        line[strcspn(line, "\r\n")] = '\0';
        if (ln == 1 || line[0] == '\0')
            continue;
        char *field[21];
        int nf = 0;
        for (char *p = line; nf < 21;) {
            field[nf++] = p;
            char *tab = strchr(p, '\t');
            if (tab == NULL)
                break;
            *tab = '\0';
            p = tab + 1;
        }
        CHECK_INT(nf, 21);
        if (nf != 21)
            continue;
        char rid[64];
        snprintf(rid, sizeof rid, "~%s", field[0]);
        size_t r = 0;
        while (r < set->nreviewers && strcmp(set->reviewer_ids[r], rid) != 0)
            r++;
        double score[10], fixed[10], expertise[10];
        int n = 0;
        for (int i = 0; i < 10; i++) {
            if (field[1 + i][0] == '\0')
                continue;
            size_t k = 0;
            while (k < set->nsubmissions && strcmp(set->submission_ids[k], field[1 + i]) != 0)
                k++;
            if (r == set->nreviewers || k == set->nsubmissions) {
                missing++;
                continue;
            }
            score[n] = affinity_score(s, &set->submissions[k], r);
            fixed[n] = affinity_fixed(score[n]);
            expertise[n++] = strtod(field[11 + i], NULL);
        }
        participants++;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double truth = expertise[i] - expertise[j];
                double pred = score[i] - score[j], fpred = fixed[i] - fixed[j];
                total += fabs(truth);
                pairs++;
                loss += pred * truth < 0 ? fabs(truth) : pred * truth == 0 ? fabs(truth) / 2 : 0;
                fixed_loss += fpred * truth < 0 ? fabs(truth)
                              : fpred * truth == 0 ? fabs(truth) / 2 : 0;
            }
        }
    }
    fclose(f);
    CHECK_INT(missing, 0);
    CHECK(total > 0);
    if (total > 0) {
        fprintf(stderr,
                "  gold standard d_20_1: checked 1 submissions file (%zu submissions), "
                "%zu archive files (%zu papers), %d participants, %d rated pairs: "
                "loss %.4f (%.4f with 3-decimal scores; TPMS 0.28, SPECTER 0.27)\n",
                set->nsubmissions, set->nreviewers, set->npapers, participants, pairs,
                loss / total, fixed_loss / total);
        CHECK(loss / total < 0.30);
        CHECK(fixed_loss / total < 0.30);
    }
    affinity_scorer_free(s);
    affinity_set_free(set);
}

int main(int argc, char **argv)
{
    RUN(test_case_folding);
    RUN(test_stop_words_and_stems);
    RUN(test_cjk_bigrams);
    RUN(test_ranking);
    RUN(test_aggregation_params);
    RUN(test_determinism);
    RUN(test_empty);
    RUN(test_fixed);
    RUN(test_odd_text);
    RUN(test_files);
    const char *root = argc > 1 ? argv[1] : ".";
    int before = check_failures;
    test_gold_standard(root);
    fprintf(stderr, "%s test_gold_standard\n", check_failures == before ? "ok  " : "FAIL");
    return check_report();
}
