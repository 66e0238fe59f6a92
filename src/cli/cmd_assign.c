/*
 * cmd_assign.c -- `serai assign`: the optimal reviewer assignment from
 * files, no database (review/assign.h).  Reads the scores, conflicts and
 * optionally the reviewers' countries, solves, writes the assignment and
 * prints a summary: on stderr, or as JSON on stdout with --json.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/commands.h"
#include "core/mem.h"
#include "review/assign.h"

/* The largest input file: a 50-million-pair scores file is about 1.2 GB. */
#define ASSIGN_MAX_FILE_BYTES ((size_t)2 << 30)

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A whole number 0..max from an option, or -1. */
static int64_t parse_count(const char *s, int64_t max)
{
    if (s == NULL || *s == '\0')
        return -1;
    int64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9' || v > max)
            return -1;
        v = v * 10 + (*p - '0');
    }
    return v <= max ? v : -1;
}

static int option_count(const cli_args *a, const char *name, int64_t min,
                        int64_t max, int64_t dflt, int32_t *out)
{
    const char *v = cli_opt(a, name);
    if (v == NULL) {
        if (dflt < 0)
            return cli_usage_error("--%s is required; see serai assign --help",
                                   name);
        *out = (int32_t)dflt;
        return 0;
    }
    int64_t n = parse_count(v, max);
    if (n < min)
        return cli_usage_error("--%s must be a whole number from %lld to %lld, "
                               "not \"%s\"",
                               name, (long long)min, (long long)max, v);
    *out = (int32_t)n;
    return 0;
}

/* Read a file and hand it to one of the readers. */
static int read_into(assign_files *f, const char *path,
                     serai_code (*reader)(assign_files *, const char *,
                                          const char *, size_t, serai_err *))
{
    char *text;
    size_t len;
    int rc = cli_read_file(path, ASSIGN_MAX_FILE_BYTES, &text, &len);
    if (rc != 0)
        return rc;
    serai_err err;
    serai_code code = reader(f, path, text, len, &err);
    free(text);
    return code == SERAI_OK ? 0 : cli_fail(&err);
}

static int write_output(const char *path, const char *text, size_t len)
{
    bool to_stdout = strcmp(path, "-") == 0;
    FILE *out = to_stdout ? stdout : fopen(path, "wb");
    if (out == NULL)
        return cli_usage_error("cannot write %s", path);
    bool ok = fwrite(text, 1, len, out) == len;
    if (to_stdout)
        ok = fflush(out) == 0 && ok;
    else
        ok = fclose(out) == 0 && ok;
    if (!ok) {
        fprintf(stderr, "serai: writing %s failed\n", path);
        return 2;
    }
    return 0;
}

static json_t *score_json(int64_t thousandths)
{
    return json_real((double)thousandths / 1000.0);
}

/* Seconds to the millisecond. */
static json_t *millis(double seconds)
{
    return json_real((double)(int64_t)(seconds * 1000.0 + 0.5) / 1000.0);
}

static void print_summary_text(const assign_files *f, const assign_result *res,
                               const char *out_path, double t_read,
                               double t_solve, double t_write)
{
    const assign_input *in = &f->in;
    const assign_stats *st = &res->stats;
    char obj[32], lo[32], hi[32], pair[32], thr[32];
    assign_format_score(st->objective, obj, sizeof obj);
    assign_format_score(st->lowest, lo, sizeof lo);
    assign_format_score(st->highest, hi, sizeof hi);
    assign_format_score(st->lowest_pair, pair, sizeof pair);
    assign_format_score(st->fair_threshold, thr, sizeof thr);
    fprintf(stderr,
            "serai: assigned %lld reviews to %s: %d proposals x %d reviewers, "
            "%d reviewers (loads %d..%d)\n",
            (long long)res->count, out_path, in->nproposals, in->per_proposal,
            in->nreviewers, in->min_load, in->max_load);
    fprintf(stderr, "  pairs                %lld scored, %lld conflict-free "
            "candidates, %lld conflicts applied\n",
            (long long)in->npairs, (long long)st->candidates,
            (long long)f->conflicts_applied);
    if (f->rounded)
        fprintf(stderr, "  rounded              %lld scores had more than 3 "
                "decimals and were rounded to thousandths\n",
                (long long)f->rounded);
    bool approx = in->fairness == ASSIGN_FAIR_PROPOSAL;
    if (approx)
        fprintf(stderr, "  objective            %s (total affinity, the largest "
                "found that keeps every proposal at or above the lowest)\n",
                obj);
    else
        fprintf(stderr, "  objective            %s (total affinity, the largest "
                "possible%s)\n", obj,
                in->fairness == ASSIGN_FAIR_PAIR ? " given the fair threshold"
                                                 : "");
    fprintf(stderr, "  per proposal         lowest %s, mean %.3f, highest %s\n",
            lo, (double)st->objective / 1000.0 / in->nproposals, hi);
    if (in->fairness == ASSIGN_FAIR_PAIR) {
        fprintf(stderr, "  fair                 pair mode: every assigned pair "
                "scores >= %s, the highest threshold possible (%d solves)\n",
                thr, st->fair_probes);
    } else {
        fprintf(stderr, "  lowest pair          %s\n", pair);
        if (approx) {
            char bound[32], gap[32];
            assign_format_score(st->lowest_bound, bound, sizeof bound);
            assign_format_score(st->lowest_bound - st->lowest, gap, sizeof gap);
            fprintf(stderr, "  fair                 proposal mode "
                    "(approximation): lowest per proposal %s, upper bound %s, "
                    "gap %s (%d solves, %d rounds)\n",
                    lo, bound, gap, st->fair_probes, st->fair_rounds);
        }
    }
    fprintf(stderr, "  load histogram      ");
    for (int32_t l = 0; l <= st->max_load_used; l++)
        fprintf(stderr, " %d: %lld%s", l, (long long)st->load_histogram[l],
                l < st->max_load_used ? "," : "");
    if (approx)
        fprintf(stderr, "\n  optimality           approximate; each flow "
                "certified by dual prices (%lld reduced costs checked)\n",
                (long long)st->certified_arcs);
    else
        fprintf(stderr, "\n  optimality           certified by dual prices "
                "(%lld reduced costs checked)\n", (long long)st->certified_arcs);
    fprintf(stderr, "  time                 read %.2f s, solve %.2f s, write "
            "%.2f s, total %.2f s\n",
            t_read, t_solve, t_write, t_read + t_solve + t_write);
}

static void print_summary_json(const assign_files *f, const assign_result *res,
                               const char *out_path, double t_read,
                               double t_solve, double t_write)
{
    const assign_input *in = &f->in;
    const assign_stats *st = &res->stats;
    json_t *hist = json_array();
    for (int32_t l = 0; l <= st->max_load_used; l++)
        json_array_append_new(hist, json_integer(st->load_histogram[l]));
    json_t *j = json_object();
    json_object_set_new(j, "out", json_string(out_path));
    json_object_set_new(j, "proposals", json_integer(in->nproposals));
    json_object_set_new(j, "reviewers", json_integer(in->nreviewers));
    json_object_set_new(j, "per_proposal", json_integer(in->per_proposal));
    json_object_set_new(j, "min_load", json_integer(in->min_load));
    json_object_set_new(j, "max_load", json_integer(in->max_load));
    if (in->country)
        json_object_set_new(j, "max_same_country",
                            json_integer(in->max_same_country));
    json_object_set_new(j, "fair", json_boolean(in->fairness != ASSIGN_FAIR_NONE));
    json_object_set_new(j, "fairness",
                        json_string(assign_fairness_name(in->fairness)));
    json_object_set_new(j, "pairs", json_integer(in->npairs));
    json_object_set_new(j, "candidates", json_integer(st->candidates));
    json_object_set_new(j, "conflicts_applied",
                        json_integer(f->conflicts_applied));
    json_object_set_new(j, "rounded_scores", json_integer(f->rounded));
    json_object_set_new(j, "assigned", json_integer(res->count));
    json_object_set_new(j, "objective", score_json(st->objective));
    json_object_set_new(j, "objective_thousandths", json_integer(st->objective));
    json_object_set_new(j, "lowest_per_proposal", score_json(st->lowest));
    json_object_set_new(j, "mean_per_proposal",
                        json_real((double)st->objective / 1000.0 /
                                  in->nproposals));
    json_object_set_new(j, "highest_per_proposal", score_json(st->highest));
    json_object_set_new(j, "lowest_pair", score_json(st->lowest_pair));
    if (in->fairness == ASSIGN_FAIR_PAIR) {
        json_object_set_new(j, "fair_threshold", score_json(st->fair_threshold));
        json_object_set_new(j, "fair_solves", json_integer(st->fair_probes));
    } else if (in->fairness == ASSIGN_FAIR_PROPOSAL) {
        /* The lowest per-proposal affinity is approximate; the bound is a
         * certified upper bound on the best possible, the gap their
         * difference. */
        json_object_set_new(j, "approximate", json_true());
        json_object_set_new(j, "lowest_per_proposal_bound",
                            score_json(st->lowest_bound));
        json_object_set_new(j, "lowest_per_proposal_gap",
                            score_json(st->lowest_bound - st->lowest));
        json_object_set_new(j, "fair_solves", json_integer(st->fair_probes));
        json_object_set_new(j, "fair_rounds", json_integer(st->fair_rounds));
    }
    json_object_set_new(j, "load_histogram", hist);
    json_object_set_new(j, "certified_reduced_costs",
                        json_integer(st->certified_arcs));
    json_object_set_new(j, "augmentations", json_integer(st->augmentations));
    json_t *t = json_object();
    json_object_set_new(t, "read", millis(t_read));
    json_object_set_new(t, "solve", millis(t_solve));
    json_object_set_new(t, "write", millis(t_write));
    json_object_set_new(t, "total", millis(t_read + t_solve + t_write));
    json_object_set_new(j, "seconds", t);
    /* 15 significant digits print thousandths exactly (0.1 as 0.1). */
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                   JSON_REAL_PRECISION(15));
    if (text) {
        puts(text);
        free(text);
    }
    json_decref(j);
}

int cmd_assign(const cli_args *a)
{
    const char *scores = cli_opt(a, "scores"), *conflicts = cli_opt(a, "conflicts"),
               *countries = cli_opt(a, "countries"), *out_path = cli_opt(a, "out");
    bool json = cli_flag(a, "json");
    /* --fair alone or followed by the word proposal: the lowest
     * per-proposal affinity first (approximate); --fair pair: the lowest
     * pair first (exact); --fair-pair is the same where the option table
     * lists it.  The word is a separate argument: --fair takes no value. */
    assign_fairness fairness = ASSIGN_FAIR_NONE;
    if (cli_flag(a, "fair-pair"))
        fairness = ASSIGN_FAIR_PAIR;
    else if (cli_flag(a, "fair"))
        fairness = ASSIGN_FAIR_PROPOSAL;
    if (fairness == ASSIGN_FAIR_PROPOSAL && a->npositional == 1) {
        if (strcmp(a->positional[0], "pair") == 0)
            fairness = ASSIGN_FAIR_PAIR;
        else if (strcmp(a->positional[0], "proposal") != 0)
            return cli_usage_error("--fair is proposal or pair, not \"%s\"",
                                   a->positional[0]);
    } else if (a->npositional != 0) {
        return cli_usage_error("assign takes no arguments besides its options; "
                               "see serai assign --help");
    }
    if (scores == NULL || conflicts == NULL || out_path == NULL)
        return cli_usage_error("--scores, --conflicts and --out are required "
                               "(an empty conflicts file has the header "
                               "proposal,reviewer only)");
    if (json && strcmp(out_path, "-") == 0)
        return cli_usage_error("--out - and --json would both write to stdout");
    int32_t k = 0, max_load = 0, min_load = 0, same = 0;
    int rc;
    if ((rc = option_count(a, "per-proposal", 1, ASSIGN_MAX_PER_PROPOSAL, -1, &k)) ||
        (rc = option_count(a, "max-load", 0, ASSIGN_MAX_LOAD, -1, &max_load)) ||
        (rc = option_count(a, "min-load", 0, ASSIGN_MAX_LOAD, 0, &min_load)))
        return rc;
    if (min_load > max_load)
        return cli_usage_error("--min-load %d is above --max-load %d", min_load,
                               max_load);
    if ((countries == NULL) != (cli_opt(a, "max-same-country") == NULL))
        return cli_usage_error("--countries and --max-same-country go together");
    if (countries &&
        (rc = option_count(a, "max-same-country", 1, ASSIGN_MAX_PER_PROPOSAL, -1,
                           &same)))
        return rc;

    double t0 = now_seconds();
    assign_files f;
    assign_files_init(&f);
    assign_result res;
    memset(&res, 0, sizeof res);
    serai_err err;
    if ((rc = read_into(&f, scores, assign_files_scores)) ||
        (rc = read_into(&f, conflicts, assign_files_conflicts)) ||
        (countries && (rc = read_into(&f, countries, assign_files_countries))))
        goto done;
    if (assign_files_finish(&f, &err) != SERAI_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    f.in.per_proposal = k;
    f.in.max_load = max_load;
    f.in.min_load = min_load;
    f.in.max_same_country = same;
    f.in.fairness = fairness;
    double t1 = now_seconds();
    if (assign_solve(&f.in, &res, &err) != SERAI_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    double t2 = now_seconds();
    size_t len;
    char *text = assign_files_output(&f, &res, &len);
    rc = write_output(out_path, text, len);
    free(text);
    if (rc)
        goto done;
    double t3 = now_seconds();
    if (json)
        print_summary_json(&f, &res, out_path, t1 - t0, t2 - t1, t3 - t2);
    else
        print_summary_text(&f, &res, out_path, t1 - t0, t2 - t1, t3 - t2);
done:
    assign_result_free(&res);
    assign_files_free(&f);
    return rc;
}
