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

#include "agenda/result_json.h"
#include "agenda/tally.h"
#include "agenda/tally_files.h"
#include "cli/commands.h"
#include "core/mem.h"

/* The largest file: PrefLib and Debian files are far below this. */
#define TALLY_MAX_FILE_BYTES ((size_t)1 << 30)

/* The library's object (agenda/result_json.h) with what only the file
 * knows put in its place: "format" after "method", and "pairwise" after
 * "ranking" for the methods whose result carries no pairwise matrix. */
static void print_json(const tally_file *f, const tally_result *r, const int64_t *pairwise)
{
    json_t *lib = tally_result_json(r, (const char *const *)f->names);
    json_t *j = json_object();
    const char *key;
    json_t *value;
    json_object_foreach(lib, key, value)
    {
        json_object_set(j, key, value);
        if (strcmp(key, "method") == 0)
            json_object_set_new(j, "format", json_string(f->format));
        if (strcmp(key, "ranking") == 0 && r->pairwise == NULL) {
            json_t *rows = json_array();
            for (int32_t i = 0; i < r->ncand; i++) {
                json_t *row = json_array();
                for (int32_t k = 0; k < r->ncand; k++)
                    json_array_append_new(row,
                                          json_integer(pairwise[(size_t)i * r->ncand + k]));
                json_array_append_new(rows, row);
            }
            json_object_set_new(j, "pairwise", rows);
        }
    }
    json_decref(lib);
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
