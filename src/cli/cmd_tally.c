/*
 * cmd_tally.c -- `serai tally --method M FILE [--json]`: count a PrefLib
 * election file or a Debian tally sheet (agenda/tally_files.h) with one
 * method of agenda/tally.h, no database (docs/tally.md).  Prints the
 * ranking best first and the method's explanation, or JSON with --json.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda/tally.h"
#include "agenda/tally_files.h"
#include "cli/commands.h"
#include "core/mem.h"

/* The largest file: PrefLib and Debian files are far below this. */
#define TALLY_MAX_FILE_BYTES ((size_t)1 << 30)

static json_t *names_json(const tally_file *f, const int32_t *who, int32_t n)
{
    json_t *a = json_array();
    for (int32_t k = 0; k < n; k++)
        json_array_append_new(a, json_string(f->names[who[k]]));
    return a;
}

static json_t *matrix_json(const int64_t *m, int32_t C)
{
    json_t *rows = json_array();
    for (int32_t i = 0; i < C; i++) {
        json_t *row = json_array();
        for (int32_t j = 0; j < C; j++)
            json_array_append_new(row, json_integer(m[(size_t)i * C + j]));
        json_array_append_new(rows, row);
    }
    return rows;
}

static json_t *ranking_json(const tally_file *f, const tally_result *r)
{
    json_t *groups = json_array();
    for (int32_t k = 0; k < r->ncand;) {
        int32_t e = k;
        while (e < r->ncand && r->place[r->order[e]] == r->place[r->order[k]])
            e++;
        json_array_append_new(groups, names_json(f, r->order + k, e - k));
        k = e;
    }
    return groups;
}

static json_t *explanation_json(const tally_file *f, const tally_result *r)
{
    int32_t C = r->ncand;
    json_t *x = json_object();
    if (r->method == TALLY_SCHULZE) {
        json_object_set_new(x, "strongest_paths", matrix_json(r->strongest, C));
        json_t *paths = json_array();
        int32_t *path = xmalloc((size_t)C * sizeof *path);
        for (int32_t w = 0; w < r->nwinners; w++)
            for (int32_t c = 0; c < C; c++) {
                int32_t i = r->order[w];
                if (c == i)
                    continue;
                json_t *o = json_object();
                json_object_set_new(o, "from", json_string(f->names[i]));
                json_object_set_new(o, "to", json_string(f->names[c]));
                json_object_set_new(o, "strength",
                                    json_integer(r->strongest[(size_t)i * C + c]));
                json_object_set_new(o, "against",
                                    json_integer(r->strongest[(size_t)c * C + i]));
                json_object_set_new(o, "path",
                                    names_json(f, path,
                                               tally_strongest_path(r, i, c, path)));
                json_array_append_new(paths, o);
            }
        free(path);
        json_object_set_new(x, "winner_paths", paths);
    } else if (r->method == TALLY_RANKED_PAIRS) {
        json_t *pairs = json_array();
        for (int32_t k = 0; k < r->npairs; k++) {
            const tally_pair *p = &r->pairs[k];
            json_t *o = json_object();
            json_object_set_new(o, "winner", json_string(f->names[p->winner]));
            json_object_set_new(o, "loser", json_string(f->names[p->loser]));
            json_object_set_new(o, "support", json_integer(p->support));
            json_object_set_new(o, "opposition", json_integer(p->opposition));
            json_object_set_new(o, "locked", json_boolean(p->locked));
            json_array_append_new(pairs, o);
        }
        json_object_set_new(x, "pairs", pairs);
    } else if (r->method == TALLY_IRV) {
        json_t *rounds = json_array();
        for (int32_t k = 0; k < r->nrounds; k++) {
            const tally_round *rd = &r->rounds[k];
            json_t *o = json_object(), *votes = json_array();
            json_object_set_new(o, "round", json_integer(k + 1));
            for (int32_t c = 0; c < C; c++) {
                if (rd->votes[c] < 0)
                    continue;
                json_t *v = json_object();
                json_object_set_new(v, "candidate", json_string(f->names[c]));
                json_object_set_new(v, "votes", json_integer(rd->votes[c]));
                json_array_append_new(votes, v);
            }
            json_object_set_new(o, "votes", votes);
            json_object_set_new(o, "inactive", json_integer(rd->inactive));
            json_object_set_new(o, "eliminated",
                                rd->eliminated < 0
                                    ? json_null()
                                    : json_string(f->names[rd->eliminated]));
            json_object_set_new(o, "tie_broken", json_boolean(rd->tie_broken));
            json_array_append_new(rounds, o);
        }
        json_object_set_new(x, "rounds", rounds);
    }
    if (r->points) {
        json_t *pts = json_array();
        for (int32_t k = 0; k < C; k++) {
            json_t *o = json_object();
            json_object_set_new(o, "candidate", json_string(f->names[r->order[k]]));
            json_object_set_new(o, "points", json_integer(r->points[r->order[k]]));
            json_array_append_new(pts, o);
        }
        json_object_set_new(x, "points", pts);
    }
    return x;
}

static void print_json(const tally_file *f, const tally_result *r,
                       const int64_t *pairwise)
{
    json_t *j = json_object();
    json_object_set_new(j, "method", json_string(tally_method_name(r->method)));
    json_object_set_new(j, "format", json_string(f->format));
    json_t *cands = json_array();
    for (int32_t c = 0; c < r->ncand; c++)
        json_array_append_new(cands, json_string(f->names[c]));
    json_object_set_new(j, "candidates", cands);
    json_object_set_new(j, "ballots", json_integer(r->total_weight));
    json_object_set_new(j, "distinct_ballots", json_integer(r->nunique));
    json_object_set_new(j, "winners", names_json(f, r->order, r->nwinners));
    json_object_set_new(j, "ranking", ranking_json(f, r));
    json_object_set_new(j, "pairwise", matrix_json(pairwise, r->ncand));
    json_t *x = explanation_json(f, r);
    json_object_update(j, x);
    json_decref(x);
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (text) {
        puts(text);
        free(text);
    }
    json_decref(j);
}

static void print_matrix(const char *title, const int64_t *m, int32_t C)
{
    printf("\n%s\n", title);
    for (int32_t j = 0; j < C; j++)
        printf("\t%d", j + 1);
    putchar('\n');
    for (int32_t i = 0; i < C; i++) {
        printf("%d", i + 1);
        for (int32_t j = 0; j < C; j++)
            if (i == j)
                printf("\t-");
            else
                printf("\t%lld", (long long)m[(size_t)i * C + j]);
        putchar('\n');
    }
}

static void print_text(const tally_file *f, const tally_result *r,
                       const int64_t *pairwise)
{
    int32_t C = r->ncand;
    printf("%s: %lld ballots (%lld distinct), %d candidates\n",
           tally_method_name(r->method), (long long)r->total_weight,
           (long long)r->nunique, C);
    printf("%s:", r->nwinners == 1 ? "winner" : "winners (tied)");
    for (int32_t k = 0; k < r->nwinners; k++)
        printf("%s %s", k ? "," : "", f->names[r->order[k]]);
    printf("\n\nrank\t#\tcandidate%s\n", r->points ? "\tpoints" : "");
    for (int32_t k = 0; k < C; k++) {
        int32_t c = r->order[k];
        printf("%d\t%d\t%s", r->place[c], c + 1, f->names[c]);
        if (r->points)
            printf("\t%lld", (long long)r->points[c]);
        putchar('\n');
    }
    if (r->method == TALLY_SCHULZE) {
        print_matrix("pairwise: ballots ranking the row's candidate (#) above the "
                     "column's", pairwise, C);
        print_matrix("strongest paths (winning votes): strength of the strongest "
                     "path from row to column", r->strongest, C);
    } else if (r->method == TALLY_RANKED_PAIRS) {
        printf("\nmajorities, strongest first\nwinner\tloser\tsupport\t"
               "opposition\tlocked\n");
        for (int32_t k = 0; k < r->npairs; k++) {
            const tally_pair *p = &r->pairs[k];
            printf("%d\t%d\t%lld\t%lld\t%s\n", p->winner + 1, p->loser + 1,
                   (long long)p->support, (long long)p->opposition,
                   p->locked ? "locked" : "skipped (cycle)");
        }
    } else if (r->method == TALLY_IRV) {
        for (int32_t k = 0; k < r->nrounds; k++) {
            const tally_round *rd = &r->rounds[k];
            printf("\nround %d:", k + 1);
            for (int32_t c = 0; c < C; c++)
                if (rd->votes[c] >= 0)
                    printf(" %d=%lld", c + 1, (long long)rd->votes[c]);
            printf(" inactive=%lld", (long long)rd->inactive);
            if (rd->eliminated >= 0)
                printf("; out: %s%s", f->names[rd->eliminated],
                       rd->tie_broken ? " (tie broken)" : "");
        }
        putchar('\n');
    }
}

int cmd_tally(const cli_args *a)
{
    const char *method_s = cli_opt(a, "method");
    bool json = cli_flag(a, "json");
    if (a->npositional != 1)
        return cli_usage_error("tally takes one FILE (PrefLib .soc/.soi/.toc/.toi "
                               "or a Debian tally sheet)");
    if (method_s == NULL)
        return cli_usage_error("--method is required: schulze, ranked-pairs, "
                               "borda, irv or approval");
    tally_method method;
    if (!tally_method_parse(method_s, &method) || method == TALLY_SCORE)
        return cli_usage_error("--method is schulze, ranked-pairs, borda, irv or "
                               "approval, not \"%s\"", method_s);
    const char *path = a->positional[0];
    char *text;
    size_t len;
    int rc = cli_read_file(path, TALLY_MAX_FILE_BYTES, &text, &len);
    if (rc != 0)
        return rc;
    tally_file f;
    tally_result r;
    memset(&r, 0, sizeof r);
    int64_t *pairwise = NULL;
    serai_err err;
    if (tally_file_read(&f, TALLY_FILE_AUTO, path, text, len, &err) != SERAI_OK ||
        tally_run(&f.in, method, &r, &err) != SERAI_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    if (r.pairwise == NULL) {
        pairwise = xmalloc((size_t)r.ncand * (size_t)r.ncand * sizeof *pairwise);
        tally_pairwise(&f.in, pairwise);
    }
    if (json)
        print_json(&f, &r, r.pairwise ? r.pairwise : pairwise);
    else
        print_text(&f, &r, r.pairwise ? r.pairwise : pairwise);
done:
    free(pairwise);
    tally_result_free(&r);
    tally_file_free(&f);
    free(text);
    return rc;
}
