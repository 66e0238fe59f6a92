/*
 * run.c -- the assignment run of a call: expertise affinity between every
 * accepted reviewer and every proposal under review (review/affinity.h),
 * conflicts of interest (review/pool.h) and the call's set-up turned into
 * one assignment problem, solved exactly (review/assign.h), and written as
 * reviews in one transaction.  See review.h.
 */
#include "review/review.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/mem.h"
#include "project/call.h"
#include "review/affinity.h"
#include "review/assign.h"
#include "review/pool.h"

static serai_code db_error(serai_err *err)
{
    return err && err->code != SERAI_OK ? err->code : SERAI_ESTORE;
}

typedef struct run_proposal {
    int64_t id;
    char *name;          /* acronym, or "proposal N" */
    char *title, *abstract, *keywords;
} run_proposal;

typedef struct run_reviewer {
    int64_t person_id;
    char *name;
    char country[3];
    char *expertise, *keywords;
    int32_t min_load, max_load;
    int nslots;          /* papers + the expertise statement */
    affinity_doc *docs;
    char **texts;        /* owned strings of docs, 2 per paper */
} run_reviewer;

typedef struct run_data {
    int np, nr;
    run_proposal *p;
    run_reviewer *r;
    int nskipped;
    int64_t *skipped;    /* proposals that already have reviews */
} run_data;

static void run_free(run_data *d)
{
    for (int i = 0; i < d->np; i++) {
        free(d->p[i].name);
        free(d->p[i].title);
        free(d->p[i].abstract);
        free(d->p[i].keywords);
    }
    for (int i = 0; i < d->nr; i++) {
        run_reviewer *r = &d->r[i];
        free(r->name);
        free(r->expertise);
        free(r->keywords);
        for (int k = 0; k < 2 * r->nslots; k++)
            free(r->texts ? r->texts[k] : NULL);
        free(r->texts);
        free(r->docs);
    }
    free(d->p);
    free(d->r);
    free(d->skipped);
    memset(d, 0, sizeof *d);
}

static char *dup_col(store_stmt *st, int col)
{
    return store_col_null(st, col) ? NULL : xstrdup(store_col_text(st, col));
}

/* Keywords stored as a JSON array, as one "a; b; c" text. */
static char *keywords_text(const char *json)
{
    json_t *arr = json ? json_loads(json, 0, NULL) : NULL;
    buf b;
    buf_init(&b, (size_t)-1);
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        if (!json_is_string(v))
            continue;
        if (b.len)
            buf_append(&b, "; ", 2);
        buf_append(&b, json_string_value(v), json_string_length(v));
    }
    json_decref(arr);
    buf_append(&b, "", 0);
    char *s = buf_take(&b, NULL);
    return s ? s : xstrdup("");
}

static serai_code load(store *s, int64_t call_id, run_data *d, serai_err *err)
{
    static const char props_sql[] =
        "SELECT p.id, p.acronym, p.title, p.abstract, p.keywords, "
        "(SELECT count(*) FROM review r WHERE r.proposal_id = p.id "
        " AND r.status <> 'conflict') FROM proposal p WHERE p.call_id = $1 "
        "AND p.status IN ('eligible', 'in_review') ORDER BY p.id";
    static const char reviewers_sql[] =
        "SELECT r.person_id, pe.name, pe.country, pe.expertise, pe.keywords, "
        "r.min_load, r.max_load, (SELECT count(*) FROM review v JOIN proposal q "
        " ON q.id = v.proposal_id WHERE q.call_id = r.call_id "
        " AND v.person_id = r.person_id AND v.status <> 'conflict') "
        "FROM reviewer r JOIN person pe ON pe.id = r.person_id "
        "WHERE r.call_id = $1 AND r.status = 'accepted' ORDER BY r.person_id";
    static const char papers_sql[] =
        "SELECT u.person_id, u.title, u.abstract FROM publication u "
        "JOIN reviewer r ON r.person_id = u.person_id AND r.call_id = $1 "
        "AND r.status = 'accepted' ORDER BY u.person_id, u.id";
    memset(d, 0, sizeof *d);
    store_stmt *st;
    serai_code rc = store_prepare(s, props_sql, &st, err);
    if (rc)
        return rc;
    store_bind_int64(st, 1, call_id);
    int cap = 0, scap = 0, r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        if (store_col_int64(st, 5) > 0) {
            if (d->nskipped == scap) {
                scap = scap ? scap * 2 : 16;
                d->skipped = xreallocarray(d->skipped, (size_t)scap,
                                           sizeof *d->skipped);
            }
            d->skipped[d->nskipped++] = store_col_int64(st, 0);
            continue;
        }
        if (d->np == cap) {
            cap = cap ? cap * 2 : 64;
            d->p = xreallocarray(d->p, (size_t)cap, sizeof *d->p);
        }
        run_proposal *p = &d->p[d->np++];
        p->id = store_col_int64(st, 0);
        char name[64];
        if (store_col_null(st, 1))
            snprintf(name, sizeof name, "proposal %" PRId64, p->id);
        else
            snprintf(name, sizeof name, "%.40s (proposal %" PRId64 ")",
                     store_col_text(st, 1), p->id);
        p->name = xstrdup(name);
        p->title = dup_col(st, 2);
        p->abstract = dup_col(st, 3);
        p->keywords = keywords_text(store_col_text(st, 4));
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);

    if ((rc = store_prepare(s, reviewers_sql, &st, err)))
        return rc;
    store_bind_int64(st, 1, call_id);
    cap = 0;
    while ((r = store_step(st, err)) == STORE_ROW) {
        if (d->nr == cap) {
            cap = cap ? cap * 2 : 64;
            d->r = xreallocarray(d->r, (size_t)cap, sizeof *d->r);
        }
        run_reviewer *v = &d->r[d->nr++];
        memset(v, 0, sizeof *v);
        v->person_id = store_col_int64(st, 0);
        v->name = xstrdup(store_col_text(st, 1));
        snprintf(v->country, sizeof v->country, "%s", store_col_text(st, 2));
        v->expertise = dup_col(st, 3);
        v->keywords = keywords_text(store_col_text(st, 4));
        /* Reviews already held count against the loads. */
        int64_t held = store_col_int64(st, 7);
        int64_t mx = store_col_int64(st, 6) - held, mn = store_col_int64(st, 5) - held;
        v->max_load = (int32_t)(mx > 0 ? mx : 0);
        v->min_load = (int32_t)(mn > 0 ? mn : 0);
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);

    /* Papers, then the expertise statement as one more document. */
    if ((rc = store_prepare(s, papers_sql, &st, err)))
        return rc;
    store_bind_int64(st, 1, call_id);
    int *caps = xcalloc((size_t)(d->nr ? d->nr : 1), sizeof *caps);
    int at = 0;
    while ((r = store_step(st, err)) == STORE_ROW) {
        int64_t person = store_col_int64(st, 0);
        while (at < d->nr && d->r[at].person_id < person)
            at++;
        if (at == d->nr || d->r[at].person_id != person)
            continue;
        run_reviewer *v = &d->r[at];
        if (v->nslots == caps[at]) {
            caps[at] = caps[at] ? caps[at] * 2 : 8;
            v->texts = xreallocarray(v->texts, (size_t)caps[at] * 2, sizeof *v->texts);
        }
        v->texts[2 * v->nslots] = dup_col(st, 1);
        v->texts[2 * v->nslots + 1] = dup_col(st, 2);
        v->nslots++;
    }
    store_reset(st);
    for (int i = 0; i < d->nr; i++) {
        run_reviewer *v = &d->r[i];
        v->texts = xreallocarray(v->texts, (size_t)(v->nslots + 1) * 2,
                                 sizeof *v->texts);
        v->texts[2 * v->nslots] = NULL;
        v->texts[2 * v->nslots + 1] = NULL;
        v->docs = xcalloc((size_t)v->nslots + 1, sizeof *v->docs);
        for (int k = 0; k < v->nslots; k++) {
            v->docs[k].title = v->texts[2 * k];
            v->docs[k].abstract = v->texts[2 * k + 1];
        }
        v->docs[v->nslots].abstract = v->expertise;
        v->docs[v->nslots].keywords = v->keywords;
        v->nslots++;
    }
    free(caps);
    return r == STORE_ERROR ? db_error(err) : SERAI_OK;
}

/* Conflicts of the call as a proposal x reviewer bit matrix. */
static serai_code conflicts_of(store *s, const actor *who, int64_t call_id,
                               const run_data *d, uint8_t *bad, serai_err *err)
{
    json_t *list;
    serai_code rc = conflict_list(s, who, call_id, &list, err);
    if (rc)
        return rc;
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(list, "items"), i, c) {
        int64_t pid = json_integer_value(json_object_get(c, "proposal_id"));
        int64_t rid = json_integer_value(json_object_get(c, "person_id"));
        int pi = -1, ri = -1;
        for (int k = 0; k < d->np && pi < 0; k++)
            if (d->p[k].id == pid)
                pi = k;
        for (int k = 0; k < d->nr && ri < 0; k++)
            if (d->r[k].person_id == rid)
                ri = k;
        if (pi >= 0 && ri >= 0)
            bad[(size_t)pi * (size_t)d->nr + (size_t)ri] = 1;
    }
    json_decref(list);
    return SERAI_OK;
}

serai_code review_assign_run(store *s, const actor *who, int64_t call_id,
                             assign_fairness fairness, json_t **out,
                             serai_err *err)
{
    static const char setup_sql[] =
        "SELECT per_proposal, max_same_country FROM review_setup WHERE call_id = $1";
    static const char ins[] =
        "INSERT INTO review (proposal_id, person_id, status, affinity, "
        "assigned_at) VALUES ($1, $2, 'assigned', $3, $4)";
    static const char in_review[] =
        "UPDATE proposal SET status = 'in_review' WHERE id = $1 AND status = 'eligible'";
    *out = NULL;
    if (who->role != ROLE_SECRETARIAT)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "only the secretariat runs the assignment");
    serai_code rc = store_begin(s, err);
    if (rc)
        return rc;
    run_data d;
    memset(&d, 0, sizeof d);
    uint8_t *bad = NULL;
    int32_t *pp = NULL, *pr = NULL, *score = NULL, *maxl = NULL, *minl = NULL,
            *country = NULL;
    const char **pname = NULL, **rname = NULL;
    affinity_index *ix = NULL;
    affinity_scorer *sc = NULL;
    double *row = NULL;
    assign_result res;
    bool solved = false;
    call_info c;
    if ((rc = call_info_load(s, call_id, &c, err)))
        goto fail;
    if (strcmp(c.status, "closed") != 0 && strcmp(c.status, "in_evaluation") != 0) {
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "call %" PRId64 " is %s; reviewers are assigned once it "
                        "is closed", call_id, c.status);
        goto fail;
    }
    store_stmt *st;
    if ((rc = store_prepare(s, setup_sql, &st, err)))
        goto fail;
    store_bind_int64(st, 1, call_id);
    int r = store_step(st, err);
    int64_t k = 0, same = 0;
    if (r == STORE_ROW) {
        k = store_col_int64(st, 0);
        same = store_col_null(st, 1) ? 0 : store_col_int64(st, 1);
    }
    store_reset(st);
    if (r == STORE_ERROR) {
        rc = db_error(err);
        goto fail;
    }
    if (r == STORE_DONE) {
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "call %" PRId64 " has no review set-up", call_id);
        goto fail;
    }
    int64_t t0 = clock_now();
    if ((rc = load(s, call_id, &d, err)))
        goto fail;
    if (d.np == 0) {
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "call %" PRId64 " has no eligible proposal without "
                        "reviewers", call_id);
        goto fail;
    }
    if (d.nr == 0) {
        rc = serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                        "call %" PRId64 " has no accepted reviewer", call_id);
        goto fail;
    }
    /* Affinity of every reviewer to every proposal. */
    ix = affinity_index_new(NULL);
    for (int i = 0; i < d.nr; i++)
        affinity_index_add_reviewer(ix, d.r[i].docs, (size_t)d.r[i].nslots);
    affinity_doc *subs = xcalloc((size_t)d.np, sizeof *subs);
    for (int i = 0; i < d.np; i++) {
        subs[i] = (affinity_doc){d.p[i].title, d.p[i].abstract, d.p[i].keywords};
        affinity_index_add_background(ix, &subs[i]);
    }
    affinity_index_build(ix);
    sc = affinity_scorer_new(ix);
    size_t npairs = (size_t)d.np * (size_t)d.nr;
    bad = xcalloc(npairs, 1);
    pp = xmalloc(npairs * sizeof *pp);
    pr = xmalloc(npairs * sizeof *pr);
    score = xmalloc(npairs * sizeof *score);
    row = xmalloc((size_t)d.nr * sizeof *row);
    for (int i = 0; i < d.np; i++) {
        affinity_score_all(sc, &subs[i], row);
        for (int j = 0; j < d.nr; j++) {
            size_t x = (size_t)i * (size_t)d.nr + (size_t)j;
            pp[x] = i;
            pr[x] = j;
            score[x] = affinity_fixed(row[j]);
        }
    }
    free(subs);
    if ((rc = conflicts_of(s, who, call_id, &d, bad, err)))
        goto fail;
    maxl = xmalloc((size_t)d.nr * sizeof *maxl);
    minl = xmalloc((size_t)d.nr * sizeof *minl);
    country = xmalloc((size_t)d.nr * sizeof *country);
    rname = xmalloc((size_t)d.nr * sizeof *rname);
    pname = xmalloc((size_t)d.np * sizeof *pname);
    for (int j = 0; j < d.nr; j++) {
        maxl[j] = d.r[j].max_load;
        minl[j] = d.r[j].min_load;
        country[j] = (d.r[j].country[0] - 'A') * 26 + (d.r[j].country[1] - 'A');
        rname[j] = d.r[j].name;
    }
    for (int i = 0; i < d.np; i++)
        pname[i] = d.p[i].name;
    assign_input in = {
        .nproposals = d.np, .nreviewers = d.nr, .npairs = (int64_t)npairs,
        .proposal = pp, .reviewer = pr, .score = score, .conflict = bad,
        .per_proposal = (int32_t)k, .max_load = 0, .min_load = 0,
        .max_loads = maxl, .min_loads = minl,
        .country = same > 0 ? country : NULL, .max_same_country = (int32_t)same,
        .fairness = fairness, .proposal_name = pname, .reviewer_name = rname};
    if ((rc = assign_solve(&in, &res, err)))
        goto fail;
    solved = true;
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    for (int64_t x = 0; x < res.count; x++) {
        int64_t pair = res.pairs[x];
        if ((rc = store_prepare(s, ins, &st, err)))
            goto fail;
        store_bind_int64(st, 1, d.p[pp[pair]].id);
        store_bind_int64(st, 2, d.r[pr[pair]].person_id);
        store_bind_int64(st, 3, score[pair]);
        store_bind_text(st, 4, now);
        if ((rc = store_run(st, NULL, err)))
            goto fail;
    }
    for (int i = 0; i < d.np; i++) {
        if ((rc = store_prepare(s, in_review, &st, err)))
            goto fail;
        store_bind_int64(st, 1, d.p[i].id);
        if ((rc = store_run(st, NULL, err)))
            goto fail;
    }
    json_t *hist = json_array();
    for (int l = 0; l <= res.stats.max_load_used; l++)
        json_array_append_new(hist, json_integer(res.stats.load_histogram[l]));
    json_t *skipped = json_array();
    for (int i = 0; i < d.nskipped; i++)
        json_array_append_new(skipped, json_integer(d.skipped[i]));
    *out = json_pack(
        "{s:I, s:b, s:I, s:i, s:i, s:I, s:f, s:f, s:f, s:o, s:o, s:I}",
        "call_id", (json_int_t)call_id, "fair", fairness != ASSIGN_FAIR_NONE,
        "assigned",
        (json_int_t)res.count, "proposals", d.np, "reviewers", d.nr,
        "per_proposal", (json_int_t)k, "objective", res.stats.objective / 1000.0,
        "lowest_proposal_affinity", res.stats.lowest / 1000.0,
        "mean_proposal_affinity",
        d.np ? (double)res.stats.objective / 1000.0 / d.np : 0.0,
        "load_histogram", hist, "skipped_with_reviewers", skipped, "seconds",
        (json_int_t)(clock_now() - t0));
    /* The mode, and what it achieved: the pair threshold t* (exact), or
     * the per-proposal approximation with its certified upper bound. */
    json_object_set_new(*out, "fairness",
                        json_string(assign_fairness_name(fairness)));
    if (fairness == ASSIGN_FAIR_PAIR)
        json_object_set_new(*out, "lowest_pair_affinity",
                            json_real(res.stats.fair_threshold / 1000.0));
    if (fairness == ASSIGN_FAIR_PROPOSAL) {
        json_object_set_new(*out, "lowest_proposal_bound",
                            json_real(res.stats.lowest_bound / 1000.0));
        json_object_set_new(
            *out, "lowest_proposal_gap",
            json_real((res.stats.lowest_bound - res.stats.lowest) / 1000.0));
    }
    char object[48];
    snprintf(object, sizeof object, "call/%" PRId64 "/assignment", call_id);
    if ((rc = audit_append(s, who, "review.assign_run", object, *out, err)) ||
        (rc = store_commit(s, err))) {
        json_decref(*out);
        *out = NULL;
        goto fail;
    }
    goto done;
fail:
    store_rollback(s);
done:
    if (solved)
        assign_result_free(&res);
    affinity_scorer_free(sc);
    affinity_index_free(ix);
    free(row);
    free(bad);
    free(pp);
    free(pr);
    free(score);
    free(maxl);
    free(minl);
    free(country);
    free(rname);
    free(pname);
    run_free(&d);
    return rc;
}
