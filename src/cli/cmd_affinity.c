/*
 * cmd_affinity.c -- `serai affinity`: expertise affinity of every reviewer
 * to every submission, from files in the OpenReview expertise format to a
 * CSV the assignment solver reads (review/affinity.h).  No database.  The
 * scores go to a temporary file beside --out that is renamed into place at
 * the end, so a failed run never leaves a partial CSV under the name asked
 * for; --out - writes to standard output.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"
#include "core/mem.h"
#include "review/affinity.h"

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Write the CSV to path through a temporary file renamed at the end. */
static serai_code write_file(const affinity_set *set, const char *path, serai_err *err)
{
    if (strcmp(path, "-") == 0) {
        serai_code code = affinity_set_write_csv(set, stdout, 0, err);
        if (fflush(stdout) != 0 && code == SERAI_OK)
            code = serai_fail(err, SERAI_EINTERNAL, NULL, "cannot write the scores: %s",
                              strerror(errno));
        return code;
    }
    size_t size = strlen(path) + 32;
    char *tmp = xmalloc(size);
    snprintf(tmp, size, "%s.tmp.%ld", path, (long)getpid());
    serai_code code;
    FILE *f = fopen(tmp, "w");
    if (f == NULL) {
        code = serai_fail(err, SERAI_EINVAL, NULL, "cannot create %s: %s", tmp,
                          strerror(errno));
        free(tmp);
        return code;
    }
    code = affinity_set_write_csv(set, f, 0, err);
    if (fclose(f) != 0 && code == SERAI_OK)
        code = serai_fail(err, SERAI_EINTERNAL, NULL, "cannot write %s: %s", tmp,
                          strerror(errno));
    if (code == SERAI_OK && rename(tmp, path) != 0)
        code = serai_fail(err, SERAI_EINVAL, NULL, "cannot rename %s to %s: %s", tmp,
                          path, strerror(errno));
    if (code != SERAI_OK)
        remove(tmp);
    free(tmp);
    return code;
}

/* serai affinity --submissions S.json --archives DIR --out scores.csv */
int cmd_affinity(const cli_args *a)
{
    const char *subs = cli_opt(a, "submissions");
    const char *dir = cli_opt(a, "archives");
    const char *out = cli_opt(a, "out");
    if (subs == NULL || dir == NULL || out == NULL || a->npositional != 0)
        return cli_usage_error("usage: serai affinity --submissions S.json "
                               "--archives DIR --out scores.csv");
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    serai_err err;
    affinity_set *set;
    if (affinity_set_load(subs, dir, NULL, &set, &err) != SERAI_OK)
        return cli_fail(&err);
    double load_s = seconds_since(&t0);
    int rc = 0;
    if (write_file(set, out, &err) != SERAI_OK)
        rc = cli_fail(&err);
    else
        fprintf(stderr,
                "serai: %zu submissions x %zu reviewers (%zu papers, %zu terms): %zu "
                "scores in %s (read %.2f s, total %.2f s)\n",
                set->nsubmissions, set->nreviewers, set->npapers,
                affinity_index_terms(set->index), set->nsubmissions * set->nreviewers,
                strcmp(out, "-") == 0 ? "standard output" : out, load_s,
                seconds_since(&t0));
    affinity_set_free(set);
    return rc;
}
