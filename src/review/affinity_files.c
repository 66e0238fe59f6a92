/*
 * affinity_files.c -- the OpenReview expertise format in and the score CSV
 * out, around the model of affinity.c (see affinity.h for the format).
 *
 * Every refusal names the file and, in a JSON-lines archive, the line, so
 * that a reviewer export with one bad record can be fixed where it is.
 * Archives are read, parsed and cut into tokens by threads, a batch of
 * files at a time, and added to the index in file-name order on this one;
 * when several files are bad, the first in that order is the one named.
 * Scoring runs in batches of submissions spread over threads that share
 * the read-only index; each batch is written in submission order, so the
 * output is the same bytes whatever the number of threads.
 */
#include "review/affinity.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/json.h"

/* ---- reading ---------------------------------------------------------------- */

static serai_code read_whole(const char *path, buf *b, serai_err *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return serai_fail(err, errno == ENOENT ? SERAI_ENOTFOUND : SERAI_EINVAL, NULL,
                          "cannot open %s: %s", path, strerror(errno));
    buf_init(b, AFFINITY_FILE_MAX);
    /* Room for the whole file at once when its size is known. */
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (uint64_t)st.st_size < AFFINITY_FILE_MAX)
        buf_reserve(b, (size_t)st.st_size + 1);
    serai_code rc = SERAI_OK;
    for (;;) {
        if (b->cap - b->len < 4096)
            buf_reserve(b, b->cap < 65536 ? 65536 : 2 * b->cap);
        size_t room = b->cap - b->len - 1;
        size_t n = fread(b->data + b->len, 1, room, f);
        if (n == 0)
            break;
        if (n > b->max - b->len) {
            rc = serai_fail(err, SERAI_ETOOLARGE, NULL, "%s is larger than %zu bytes",
                            path, AFFINITY_FILE_MAX);
            break;
        }
        b->len += n;
        b->data[b->len] = '\0';
    }
    if (rc == SERAI_OK && ferror(f))
        rc = serai_fail(err, SERAI_EINVAL, NULL, "cannot read %s: %s", path,
                        strerror(errno));
    fclose(f);
    if (rc != SERAI_OK)
        buf_free(b);
    return rc;
}

/* obj[key] as text: a string or {"value": string}; absent or null gives
 * NULL.  False when it is something else. */
static bool text_field(json_t *obj, const char *key, const char **out)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (v == NULL || json_is_null(v))
        return true;
    if (json_is_object(v)) {
        v = json_object_get(v, "value");
        if (v == NULL || json_is_null(v))
            return true;
    }
    if (!json_is_string(v))
        return false;
    *out = json_string_value(v);
    return true;
}

/* content.keywords: text, or an array of strings joined by "; " into kw
 * (then *out points into it). */
static bool keywords_field(json_t *content, buf *kw, const char **out)
{
    json_t *v = json_object_get(content, "keywords");
    if (json_is_object(v))
        v = json_object_get(v, "value");
    if (!json_is_array(v))
        return text_field(content, "keywords", out);
    buf_reset(kw);
    size_t i;
    json_t *item;
    json_array_foreach(v, i, item) {
        if (!json_is_string(item))
            return false;
        if (kw->len > 0)
            buf_append(kw, "; ", 2);
        buf_append(kw, json_string_value(item), json_string_length(item));
    }
    *out = kw->data ? kw->data : "";
    return true;
}

/* A paper or submission object into *doc (pointing into obj, and kw for
 * keywords).  NULL, or what is wrong with it. */
static const char *parse_doc(json_t *obj, buf *kw, affinity_doc *doc)
{
    if (!json_is_object(obj))
        return "must be a JSON object";
    json_t *content = json_object_get(obj, "content");
    if (!json_is_object(content))
        return "has no \"content\" object";
    if (!text_field(content, "title", &doc->title))
        return "content.title must be a string or {\"value\": string}";
    if (doc->title == NULL || doc->title[0] == '\0')
        return "content.title is missing or empty";
    if (!text_field(content, "abstract", &doc->abstract))
        return "content.abstract must be a string or {\"value\": string}";
    if (!keywords_field(content, kw, &doc->keywords))
        return "content.keywords must be text or an array of strings";
    return NULL;
}

static char *arena_strdup(arena *a, const char *s)
{
    return arena_strndup(a, s ? s : "", s ? strlen(s) : 0);
}

static serai_code load_submissions(affinity_set *set, const char *path, serai_err *err)
{
    buf text;
    serai_code rc = read_whole(path, &text, err);
    if (rc != SERAI_OK)
        return rc;
    json_error_t jerr;
    json_t *root = json_loadb(text.data ? text.data : "", text.len,
                              JSON_REJECT_DUPLICATES, &jerr);
    buf_free(&text);
    if (root == NULL)
        return serai_fail(err, SERAI_EINVAL, NULL, "%s:%d:%d: malformed JSON: %s", path,
                          jerr.line, jerr.column, jerr.text);
    buf kw;
    buf_init(&kw, AFFINITY_FIELD_MAX);
    if (!json_is_object(root)) {
        rc = serai_fail(err, SERAI_EINVAL, NULL,
                        "%s: must be a JSON object of submission id -> "
                        "{\"content\": {\"title\", \"abstract\"}}", path);
        goto done;
    }
    size_t n = json_object_size(root);
    if (n == 0) {
        rc = serai_fail(err, SERAI_EINVAL, NULL, "%s: no submissions", path);
        goto done;
    }
    set->submission_ids = xcalloc(n, sizeof *set->submission_ids);
    set->submissions = xcalloc(n, sizeof *set->submissions);
    const char *id;
    json_t *value;
    json_object_foreach(root, id, value) {
        if (id[0] == '\0' || !text_is_clean(id, false)) {
            rc = serai_fail(err, SERAI_EINVAL, NULL,
                            "%s: a submission id is empty or has control characters",
                            path);
            goto done;
        }
        affinity_doc doc;
        const char *why = parse_doc(value, &kw, &doc);
        if (why) {
            rc = serai_fail(err, SERAI_EINVAL, NULL, "%s: submission \"%s\": %s", path,
                            id, why);
            goto done;
        }
        size_t i = set->nsubmissions++;
        set->submission_ids[i] = arena_strdup(&set->mem, id);
        set->submissions[i].title = arena_strdup(&set->mem, doc.title);
        set->submissions[i].abstract = arena_strdup(&set->mem, doc.abstract);
        set->submissions[i].keywords = arena_strdup(&set->mem, doc.keywords);
    }
done:
    buf_free(&kw);
    json_decref(root);
    return rc;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of DIR's *.jsonl files, sorted; *n of them (caller frees). */
static serai_code list_archives(const char *dir, char ***names_out, size_t *n_out,
                                serai_err *err)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return serai_fail(err, errno == ENOENT ? SERAI_ENOTFOUND : SERAI_EINVAL, NULL,
                          "cannot open the directory %s: %s", dir, strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len <= 6 || strcmp(e->d_name + len - 6, ".jsonl") != 0)
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            names = xreallocarray(names, cap, sizeof *names);
        }
        names[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    if (n == 0) {
        free(names);
        return serai_fail(err, SERAI_EINVAL, NULL,
                          "%s holds no REVIEWER.jsonl files", dir);
    }
    qsort(names, n, sizeof *names, by_name);
    *names_out = names;
    *n_out = n;
    return SERAI_OK;
}

/* One reviewer's archive, every non-blank line a paper, into tokens. */
static serai_code read_archive(const char *path, affinity_tokens *toks, serai_err *err)
{
    buf text;
    serai_code rc = read_whole(path, &text, err);
    if (rc != SERAI_OK)
        return rc;
    buf kw;
    buf_init(&kw, AFFINITY_FIELD_MAX);
    const char *p = text.data ? text.data : "", *end = p + text.len;
    if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    for (long line = 1; p < end && rc == SERAI_OK; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        const char *q = p;
        while (q < stop && (*q == ' ' || *q == '\t' || *q == '\r'))
            q++;
        if (q < stop) {
            json_error_t jerr;
            json_t *obj = json_loadb(p, (size_t)(stop - p), JSON_REJECT_DUPLICATES, &jerr);
            affinity_doc doc;
            const char *why;
            if (obj == NULL)
                rc = serai_fail(err, SERAI_EINVAL, NULL, "%s:%ld: malformed JSON: %s", path,
                                line, jerr.text);
            else if ((why = parse_doc(obj, &kw, &doc)) != NULL)
                rc = serai_fail(err, SERAI_EINVAL, NULL, "%s:%ld: the paper %s", path, line,
                                why);
            else
                affinity_tokens_add(toks, &doc);
            json_decref(obj);
        }
        p = nl ? nl + 1 : end;
    }
    buf_free(&kw);
    buf_free(&text);
    return rc;
}

/* Archives read per thread between two merges into the index. */
#define FILES_PER_THREAD 32
#define MAX_THREADS 16

/* One archive to read: by a thread, in any order. */
typedef struct archive_job {
    const char *path;
    affinity_tokens *toks;
    serai_code rc;
    serai_err err;
} archive_job;

typedef struct archive_worker {
    archive_job *jobs;
    size_t first, end, step;   /* jobs first, first + step, ... < end */
} archive_worker;

static void *read_archives(void *arg)
{
    archive_worker *w = arg;
    for (size_t i = w->first; i < w->end; i += w->step)
        w->jobs[i].rc = read_archive(w->jobs[i].path, w->jobs[i].toks, &w->jobs[i].err);
    return NULL;
}

static int online_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (int)n;
}

/* Run fn over workers[0..nt): threads 1.. in the background (or here when
 * one cannot start), worker 0 on this thread. */
static void run_workers(void *(*fn)(void *), void *workers, size_t size, int nt)
{
    pthread_t tids[MAX_THREADS];
    bool started[MAX_THREADS];
    for (int t = 1; t < nt; t++)
        started[t] = pthread_create(&tids[t], NULL, fn, (char *)workers + (size_t)t * size) == 0;
    fn(workers);
    for (int t = 1; t < nt; t++) {
        if (started[t])
            pthread_join(tids[t], NULL);
        else
            fn((char *)workers + (size_t)t * size);
    }
}

/* Read the archives names[0..n) of dir into the index as reviewers, in
 * that order; the threads read and cut the text, this one adds it. */
static serai_code load_archives(affinity_set *set, const affinity_params *p,
                                const char *dir, size_t dlen, char **names, size_t n,
                                serai_err *err)
{
    int nt = online_cpus();
    size_t batch = (size_t)nt * FILES_PER_THREAD;
    archive_job *jobs = xcalloc(batch, sizeof *jobs);
    archive_worker workers[MAX_THREADS];
    serai_code rc = SERAI_OK;
    for (size_t b0 = 0; b0 < n && rc == SERAI_OK; b0 += batch) {
        size_t nb = n - b0 < batch ? n - b0 : batch;
        for (size_t i = 0; i < nb; i++) {
            const char *name = names[b0 + i];
            size_t len = strlen(name) - 6; /* without ".jsonl" */
            char *id = arena_strndup(&set->mem, name, len);
            set->reviewer_ids[b0 + i] = id;
            jobs[i].path = arena_printf(&set->mem, "%.*s/%s", (int)dlen, dir, name);
            jobs[i].toks = affinity_tokens_new(p);
        }
        for (int t = 0; t < nt; t++)
            workers[t] = (archive_worker){jobs, (size_t)t, nb, (size_t)nt};
        run_workers(read_archives, workers, sizeof workers[0], nt);
        for (size_t i = 0; i < nb; i++) {
            if (rc == SERAI_OK && !text_is_clean(set->reviewer_ids[b0 + i], false))
                rc = serai_fail(err, SERAI_EINVAL, NULL,
                                "%s: the file name has control characters", jobs[i].path);
            else if (rc == SERAI_OK && jobs[i].rc != SERAI_OK) {
                rc = jobs[i].rc;
                if (err)
                    *err = jobs[i].err;
            }
            if (rc == SERAI_OK) {
                affinity_index_add_tokens(set->index, jobs[i].toks);
                set->npapers += affinity_tokens_docs(jobs[i].toks);
                set->nreviewers++;
            }
            affinity_tokens_free(jobs[i].toks);
        }
    }
    free(jobs);
    return rc;
}

serai_code affinity_set_load(const char *submissions_path, const char *archives_dir,
                             const affinity_params *p, affinity_set **out,
                             serai_err *err)
{
    affinity_params params;
    if (p == NULL)
        affinity_params_default(&params);
    else
        params = *p;
    affinity_set *set = xcalloc(1, sizeof *set);
    arena_init(&set->mem);
    set->index = affinity_index_new(&params);
    char **names = NULL;
    size_t nnames = 0;
    serai_code rc = load_submissions(set, submissions_path, err);
    if (rc == SERAI_OK)
        rc = list_archives(archives_dir, &names, &nnames, err);
    if (rc == SERAI_OK && nnames > AFFINITY_MAX_PAIRS / set->nsubmissions)
        rc = serai_fail(err, SERAI_ETOOLARGE, NULL,
                        "%zu submissions x %zu reviewers is more than %zu pairs",
                        set->nsubmissions, nnames, AFFINITY_MAX_PAIRS);
    if (rc == SERAI_OK) {
        size_t dlen = strlen(archives_dir);
        while (dlen > 1 && archives_dir[dlen - 1] == '/')
            dlen--;
        set->reviewer_ids = xcalloc(nnames, sizeof *set->reviewer_ids);
        rc = load_archives(set, &params, archives_dir, dlen, names, nnames, err);
    }
    for (size_t i = 0; i < nnames; i++)
        free(names[i]);
    free(names);
    if (rc != SERAI_OK) {
        affinity_set_free(set);
        return rc;
    }
    affinity_index_build(set->index);
    *out = set;
    return SERAI_OK;
}

void affinity_set_free(affinity_set *set)
{
    if (set == NULL)
        return;
    affinity_index_free(set->index);
    free(set->submission_ids);
    free(set->submissions);
    free(set->reviewer_ids);
    arena_free(&set->mem);
    free(set);
}

/* ---- writing ---------------------------------------------------------------- */

/* s as one CSV field (RFC 4180: quoted when it holds a comma or quote). */
static void csv_field(buf *b, const char *s)
{
    if (strpbrk(s, ",\"") == NULL) {
        buf_puts(b, s);
        return;
    }
    buf_append(b, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            buf_append(b, "\"", 1);
        buf_append(b, p, 1);
    }
    buf_append(b, "\"", 1);
}

/* Submissions scored per thread between two writes. */
#define BATCH_PER_THREAD 64

typedef struct csv_worker {
    const affinity_set *set;
    char *const *rev_fields;    /* "reviewer," rendered once */
    affinity_scorer *scorer;
    double *scores;
    buf *rows;                  /* one per submission of the batch */
    size_t batch_first;         /* the batch's first submission */
    size_t first, end, step;    /* its submissions first, first + step, ... < end */
} csv_worker;

/* Submission i's rows into row. */
static void render_submission(csv_worker *k, size_t i, buf *row)
{
    const affinity_set *set = k->set;
    buf_reset(row);
    affinity_score_all(k->scorer, &set->submissions[i], k->scores);
    buf sid;
    buf_init(&sid, (size_t)-1);
    csv_field(&sid, set->submission_ids[i]);
    buf_append(&sid, ",", 1);
    for (size_t r = 0; r < set->nreviewers; r++) {
        int32_t v = affinity_fixed(k->scores[r]);
        char num[6] = {(char)('0' + v / 1000), '.', (char)('0' + v / 100 % 10),
                       (char)('0' + v / 10 % 10), (char)('0' + v % 10), '\n'};
        buf_append(row, sid.data, sid.len);
        buf_puts(row, k->rev_fields[r]);
        buf_append(row, num, sizeof num);
    }
    buf_free(&sid);
}

static void *render_rows(void *arg)
{
    csv_worker *k = arg;
    for (size_t i = k->first; i < k->end; i += k->step)
        render_submission(k, i, &k->rows[i - k->batch_first]);
    return NULL;
}

serai_code affinity_set_write_csv(const affinity_set *set, FILE *out, int threads,
                                  serai_err *err)
{
    int nt = threads > 0 ? threads : online_cpus();
    if (nt > MAX_THREADS)
        nt = MAX_THREADS;
    char **rev_fields = xcalloc(set->nreviewers + 1, sizeof *rev_fields);
    for (size_t r = 0; r < set->nreviewers; r++) {
        buf f;
        buf_init(&f, (size_t)-1);
        csv_field(&f, set->reviewer_ids[r]);
        buf_append(&f, ",", 1);
        rev_fields[r] = buf_take(&f, NULL);
    }
    size_t batch = (size_t)nt * BATCH_PER_THREAD;
    buf *rows = xcalloc(batch, sizeof *rows);
    for (size_t i = 0; i < batch; i++)
        buf_init(&rows[i], (size_t)-1);
    csv_worker workers[MAX_THREADS];
    for (int t = 0; t < nt; t++)
        workers[t] = (csv_worker){set, rev_fields, affinity_scorer_new(set->index),
                                  xcalloc(set->nreviewers + 1, sizeof(double)), rows,
                                  0, 0, 0, (size_t)nt};
    serai_code rc = SERAI_OK;
    if (fputs("submission,reviewer,score\n", out) == EOF)
        rc = serai_fail(err, SERAI_EINTERNAL, NULL, "cannot write the scores: %s",
                        strerror(errno));
    for (size_t b0 = 0; rc == SERAI_OK && b0 < set->nsubmissions; b0 += batch) {
        size_t nb = set->nsubmissions - b0 < batch ? set->nsubmissions - b0 : batch;
        for (int t = 0; t < nt; t++) {
            workers[t].batch_first = b0;
            workers[t].first = b0 + (size_t)t;
            workers[t].end = b0 + nb;
        }
        run_workers(render_rows, workers, sizeof workers[0], nt);
        for (size_t i = 0; i < nb; i++) {
            if (fwrite(rows[i].data, 1, rows[i].len, out) != rows[i].len) {
                rc = serai_fail(err, SERAI_EINTERNAL, NULL, "cannot write the scores: %s",
                                strerror(errno));
                break;
            }
        }
    }
    for (int t = 0; t < nt; t++) {
        affinity_scorer_free(workers[t].scorer);
        free(workers[t].scores);
    }
    for (size_t i = 0; i < batch; i++)
        buf_free(&rows[i]);
    for (size_t r = 0; r < set->nreviewers; r++)
        free(rev_fields[r]);
    free(rev_fields);
    free(rows);
    return rc;
}
