/*
 * review.c -- reviews, consensus and the ranking list; see review.h.
 */
#include "review/review.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/mem.h"
#include "review/pool.h"
#include "review/rank.h"

static serai_code db_error(serai_err *err)
{
    return err && err->code != SERAI_OK ? err->code : SERAI_ESTORE;
}

/* ---- the call's scheme, as plain data ---- */

typedef struct scheme {
    int lo, hi;                 /* scale, in points */
    bool halves;                /* step 0.5 */
    int ncrit;
    char code[RANK_MAX_CRITERIA][41];
    int weight[RANK_MAX_CRITERIA];
    int threshold[RANK_MAX_CRITERIA]; /* halves; -1 none */
    int overall;                /* halves of the weighted sum; -1 none */
    int weights;                /* sum of the weights */
    bool outlier;
    bool calibrate;             /* adjust for each reviewer's severity */
    int ntb;
    rank_tiebreak tb[RANK_MAX_TIEBREAKS];
    char tb_name[RANK_MAX_TIEBREAKS][41];
} scheme;

static int halves_of(json_t *v)
{
    return json_is_number(v) ? (int)(json_number_value(v) * 2 + 0.5) : -1;
}

/* The call's scheme; ECONFLICT when the call has no review set-up. */
static serai_code scheme_load(store *s, int64_t call_id, scheme *sc,
                              serai_err *err)
{
    static const char sql[] = "SELECT scheme FROM review_setup WHERE call_id = $1";
    memset(sc, 0, sizeof *sc);
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc)
        return rc;
    store_bind_int64(st, 1, call_id);
    int r = store_step(st, err);
    json_t *j = r == STORE_ROW ? json_loads(store_col_text(st, 0), 0, NULL) : NULL;
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    if (j == NULL)
        return serai_fail(err, SERAI_ECONFLICT, NULL,
                          "call %" PRId64 " has no review set-up "
                          "(PUT /api/v1/calls/%" PRId64 "/review)",
                          call_id, call_id);
    json_t *scale = json_object_get(j, "scale");
    sc->lo = (int)json_integer_value(json_object_get(scale, "min"));
    sc->hi = (int)json_integer_value(json_object_get(scale, "max"));
    sc->halves = json_number_value(json_object_get(scale, "step")) == 0.5;
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(j, "criteria"), i, c) {
        if (sc->ncrit == RANK_MAX_CRITERIA)
            break;
        int k = sc->ncrit++;
        snprintf(sc->code[k], sizeof sc->code[k], "%s",
                 json_string_value(json_object_get(c, "code")));
        sc->weight[k] = (int)json_integer_value(json_object_get(c, "weight"));
        sc->threshold[k] = halves_of(json_object_get(c, "threshold"));
        sc->weights += sc->weight[k];
    }
    sc->overall = halves_of(json_object_get(j, "overall_threshold"));
    sc->outlier = json_is_true(json_object_get(j, "outlier_rule"));
    sc->calibrate = json_is_true(json_object_get(j, "calibrate"));
    json_t *t;
    json_array_foreach(json_object_get(j, "tie_breaks"), i, t) {
        if (sc->ntb == RANK_MAX_TIEBREAKS)
            break;
        const char *name = json_string_value(t);
        rank_tiebreak *tb = &sc->tb[sc->ntb];
        snprintf(sc->tb_name[sc->ntb], sizeof sc->tb_name[0], "%s", name);
        tb->kind = RANK_BY_COUNTRIES;
        tb->criterion = -1;
        for (int k = 0; k < sc->ncrit; k++)
            if (strcmp(sc->code[k], name) == 0) {
                tb->kind = RANK_BY_CRITERION;
                tb->criterion = k;
            }
        sc->ntb++;
    }
    json_decref(j);
    return SERAI_OK;
}

/* ---- one review ---- */

typedef struct review_row {
    int64_t id, proposal_id, person_id, call_id;
    char status[16];
} review_row;

#define REVIEW_COLUMNS                                                      \
    "r.id, r.proposal_id, r.person_id, r.status, r.affinity, r.scores, "    \
    "r.comments, r.assigned_at, r.opened_at, r.submitted_at, p.call_id"

/* Review JSON from a row of REVIEW_COLUMNS; scores shown in points, the
 * overall once every criterion is scored. */
static json_t *review_json(store_stmt *st, const scheme *sc)
{
    json_t *stored = json_loads(store_col_text(st, 5), 0, NULL);
    json_t *scores = json_object();
    int64_t overall = 0;
    int scored = 0;
    for (int k = 0; k < sc->ncrit; k++) {
        json_t *v = json_object_get(stored, sc->code[k]);
        if (!json_is_integer(v))
            continue;
        json_object_set_new(scores, sc->code[k],
                            json_real((double)json_integer_value(v) / 2.0));
        overall += sc->weight[k] * json_integer_value(v);
        scored++;
    }
    json_decref(stored);
    return json_pack(
        "{s:I, s:I, s:I, s:I, s:s, s:o, s:o, s:o, s:s, s:s, s:o, s:o}", "id",
        (json_int_t)store_col_int64(st, 0), "proposal_id",
        (json_int_t)store_col_int64(st, 1), "person_id",
        (json_int_t)store_col_int64(st, 2), "call_id",
        (json_int_t)store_col_int64(st, 10), "status", store_col_text(st, 3),
        "affinity",
        store_col_null(st, 4) ? json_null()
                              : json_real((double)store_col_int64(st, 4) / 1000.0),
        "scores", scores, "overall",
        scored == sc->ncrit && sc->ncrit > 0 ? json_real((double)overall / 2.0)
                                             : json_null(),
        "comments", store_col_text(st, 6), "assigned_at", store_col_text(st, 7),
        "opened_at",
        store_col_null(st, 8) ? json_null() : json_string(store_col_text(st, 8)),
        "submitted_at",
        store_col_null(st, 9) ? json_null() : json_string(store_col_text(st, 9)));
}

/* Load review id if who may see it. */
static serai_code row_access(store *s, const actor *who, int64_t id,
                             review_row *row, serai_err *err)
{
    static const char sql[] =
        "SELECT r.id, r.proposal_id, r.person_id, r.status, p.call_id "
        "FROM review r JOIN proposal p ON p.id = r.proposal_id WHERE r.id = $1";
    memset(row, 0, sizeof *row);
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc)
        return rc;
    store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    if (r == STORE_ROW) {
        row->id = id;
        row->proposal_id = store_col_int64(st, 1);
        row->person_id = store_col_int64(st, 2);
        snprintf(row->status, sizeof row->status, "%s", store_col_text(st, 3));
        row->call_id = store_col_int64(st, 4);
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    bool visible = r == STORE_ROW &&
                   (who->role == ROLE_SECRETARIAT || who->role == ROLE_OBSERVER ||
                    (who->role == ROLE_REVIEWER && who->person_id == row->person_id));
    if (!visible)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no review with id %" PRId64, id);
    return SERAI_OK;
}

static serai_code render(store *s, int64_t id, json_t **out, serai_err *err)
{
    static const char sql[] =
        "SELECT " REVIEW_COLUMNS " FROM review r JOIN proposal p "
        "ON p.id = r.proposal_id WHERE r.id = $1";
    *out = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc)
        return rc;
    store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    int64_t call_id = r == STORE_ROW ? store_col_int64(st, 10) : 0;
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    if (r == STORE_DONE)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no review with id %" PRId64, id);
    scheme sc;
    if ((rc = scheme_load(s, call_id, &sc, err)))
        return rc;
    if ((rc = store_prepare(s, sql, &st, err)))
        return rc;
    store_bind_int64(st, 1, id);
    if ((r = store_step(st, err)) == STORE_ROW)
        *out = review_json(st, &sc);
    store_reset(st);
    return r == STORE_ROW ? SERAI_OK : db_error(err);
}

static serai_code commit_audited(store *s, const actor *who, const char *action,
                                 int64_t id, json_t **out, serai_err *err)
{
    serai_code rc = render(s, id, out, err);
    return audit_finish(s, who, "review", id, action, rc, out, err);
}

/* ---- assignment ---- */

serai_code review_assign_in_tx(store *s, const actor *who, int64_t proposal_id,
                               int64_t person_id, int64_t affinity,
                               int64_t *review_id, serai_err *err)
{
    static const char prop_sql[] =
        "SELECT p.call_id, p.status, c.status FROM proposal p "
        "JOIN call c ON c.id = p.call_id WHERE p.id = $1";
    static const char pool_sql[] =
        "SELECT status, max_load FROM reviewer WHERE call_id = $1 AND person_id = $2";
    static const char load_sql[] =
        "SELECT count(*) FROM review r JOIN proposal p ON p.id = r.proposal_id "
        "WHERE p.call_id = $1 AND r.person_id = $2 AND r.status <> 'conflict'";
    static const char ins[] =
        "INSERT INTO review (proposal_id, person_id, status, affinity, "
        "assigned_at) VALUES ($1, $2, 'assigned', $3, $4) RETURNING id";
    static const char in_review[] =
        "UPDATE proposal SET status = 'in_review' WHERE id = $1 AND status = 'eligible'";
    static const char setup_sql[] =
        "SELECT per_proposal, max_same_country FROM review_setup WHERE call_id = $1";
    /* Active reviews of the proposal, and those by people of the same
     * country as person $2. */
    static const char count_sql[] =
        "SELECT count(*), count(CASE WHEN pe.country = (SELECT country FROM "
        "person WHERE id = $2) THEN 1 END) FROM review v JOIN person pe "
        "ON pe.id = v.person_id WHERE v.proposal_id = $1 AND v.status <> 'conflict'";
    *review_id = 0;
    if (who->role != ROLE_SECRETARIAT)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "only the secretariat assigns reviewers");
    store_stmt *st;
    serai_code rc = store_prepare(s, prop_sql, &st, err);
    if (rc)
        return rc;
    store_bind_int64(st, 1, proposal_id);
    int r = store_step(st, err);
    int64_t call_id = 0;
    char pstatus[16] = "", cstatus[16] = "";
    if (r == STORE_ROW) {
        call_id = store_col_int64(st, 0);
        snprintf(pstatus, sizeof pstatus, "%s", store_col_text(st, 1));
        snprintf(cstatus, sizeof cstatus, "%s", store_col_text(st, 2));
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    if (r == STORE_DONE)
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/proposal_id",
                          "no proposal with id %" PRId64, proposal_id);
    if (strcmp(pstatus, "eligible") != 0 && strcmp(pstatus, "in_review") != 0)
        return serai_fail(err, SERAI_ECONFLICT, "/proposal_id",
                          "proposal %" PRId64 " is %s; only eligible proposals "
                          "are reviewed", proposal_id, pstatus);
    if (strcmp(cstatus, "closed") != 0 && strcmp(cstatus, "in_evaluation") != 0)
        return serai_fail(err, SERAI_ECONFLICT, NULL,
                          "call %" PRId64 " is %s; reviewers are assigned once it "
                          "is closed", call_id, cstatus);
    if ((rc = store_prepare(s, pool_sql, &st, err)))
        return rc;
    store_bind_int64(st, 1, call_id);
    store_bind_int64(st, 2, person_id);
    r = store_step(st, err);
    char rstatus[16] = "";
    int64_t max_load = 0;
    if (r == STORE_ROW) {
        snprintf(rstatus, sizeof rstatus, "%s", store_col_text(st, 0));
        max_load = store_col_int64(st, 1);
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    if (strcmp(rstatus, "accepted") != 0)
        return serai_fail(err, SERAI_ECONFLICT, "/person_id",
                          "person %" PRId64 " is not an accepted reviewer of call "
                          "%" PRId64, person_id, call_id);
    int64_t load = 0;
    if ((rc = store_prepare(s, load_sql, &st, err)))
        return rc;
    store_bind_int64(st, 1, call_id);
    store_bind_int64(st, 2, person_id);
    if ((r = store_step(st, err)) == STORE_ROW)
        load = store_col_int64(st, 0);
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    if (load >= max_load)
        return serai_fail(err, SERAI_ECONFLICT, "/person_id",
                          "person %" PRId64 " already reviews %" PRId64
                          " proposals, the maximum load", person_id, load);
    /* Conflicts of interest, with their reasons. */
    json_t *reasons;
    if ((rc = conflict_reasons(s, call_id, proposal_id, person_id, &reasons, err)))
        return rc;
    if (reasons) {
        json_t *first = json_array_get(reasons, 0);
        rc = serai_fail(err, SERAI_ECONFLICT, "/person_id",
                        "person %" PRId64 " has a conflict of interest with "
                        "proposal %" PRId64 ": %s", person_id, proposal_id,
                        json_string_value(json_object_get(first, "detail")));
        json_decref(reasons);
        return rc;
    }
    /* The set-up: reviewers per proposal, reviewers of one country. */
    if ((rc = store_prepare(s, setup_sql, &st, err)))
        return rc;
    store_bind_int64(st, 1, call_id);
    r = store_step(st, err);
    int64_t k = 0, same = 0;
    if (r == STORE_ROW) {
        k = store_col_int64(st, 0);
        same = store_col_null(st, 1) ? 0 : store_col_int64(st, 1);
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    if (r == STORE_DONE)
        return serai_fail(err, SERAI_ECONFLICT, NULL,
                          "call %" PRId64 " has no review set-up", call_id);
    int64_t have = 0, same_have = 0;
    if ((rc = store_prepare(s, count_sql, &st, err)))
        return rc;
    store_bind_int64(st, 1, proposal_id);
    store_bind_int64(st, 2, person_id);
    if ((r = store_step(st, err)) == STORE_ROW) {
        have = store_col_int64(st, 0);
        same_have = store_col_int64(st, 1);
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    if (have >= k)
        return serai_fail(err, SERAI_ECONFLICT, "/proposal_id",
                          "proposal %" PRId64 " already has %" PRId64
                          " reviewers, as many as the call asks for",
                          proposal_id, have);
    if (same > 0 && same_have >= same)
        return serai_fail(err, SERAI_ECONFLICT, "/person_id",
                          "proposal %" PRId64 " already has %" PRId64
                          " reviewer(s) from the country of person %" PRId64
                          "; the call allows %" PRId64,
                          proposal_id, same_have, person_id, same);
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    if ((rc = store_prepare(s, ins, &st, err)))
        return rc;
    store_bind_int64(st, 1, proposal_id);
    store_bind_int64(st, 2, person_id);
    if (affinity >= 0)
        store_bind_int64(st, 3, affinity);
    else
        store_bind_null(st, 3);
    store_bind_text(st, 4, now);
    r = store_step(st, err);
    if (r == STORE_ROW)
        *review_id = store_col_int64(st, 0);
    store_reset(st);
    if (r == STORE_ERROR)
        return err->code == SERAI_ECONFLICT
                   ? serai_fail(err, SERAI_ECONFLICT, "/person_id",
                                "person %" PRId64 " already reviews proposal %"
                                PRId64, person_id, proposal_id)
                   : db_error(err);
    if ((rc = store_prepare(s, in_review, &st, err)))
        return rc;
    store_bind_int64(st, 1, proposal_id);
    return store_run(st, NULL, err);
}

serai_code review_assign(store *s, const actor *who, int64_t proposal_id,
                         int64_t person_id, int64_t affinity, json_t **out,
                         serai_err *err)
{
    *out = NULL;
    serai_code rc = store_begin(s, err);
    if (rc)
        return rc;
    int64_t id;
    if ((rc = review_assign_in_tx(s, who, proposal_id, person_id, affinity, &id,
                                  err))) {
        store_rollback(s);
        return rc;
    }
    return commit_audited(s, who, "review.assign", id, out, err);
}

/* ---- the reviewer's work ---- */

serai_code review_open(store *s, const actor *who, int64_t id, bool conflict,
                       const char *reason, json_t **out, serai_err *err)
{
    static const char upd[] =
        "UPDATE review SET status = $2, opened_at = $3 WHERE id = $1";
    static const char declare[] =
        "INSERT INTO declared_conflict (proposal_id, person_id, reason, "
        "declared_at) VALUES ($1, $2, $3, $4)";
    *out = NULL;
    if (who->role != ROLE_REVIEWER)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "only the assigned reviewer opens a review");
    if (conflict && (reason == NULL || reason[0] == '\0'))
        return serai_fail(err, SERAI_EINVAL, "/reason",
                          "give the reason for the conflict");
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    serai_code rc = store_begin(s, err);
    if (rc)
        return rc;
    review_row row;
    if ((rc = row_access(s, who, id, &row, err)))
        goto fail;
    if (strcmp(row.status, "assigned") != 0) {
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "review %" PRId64 " is already opened (%s)", id, row.status);
        goto fail;
    }
    store_stmt *st;
    if ((rc = store_prepare(s, upd, &st, err)))
        goto fail;
    store_bind_int64(st, 1, id);
    store_bind_text(st, 2, conflict ? "conflict" : "draft");
    store_bind_text(st, 3, now);
    if ((rc = store_run(st, NULL, err)))
        goto fail;
    if (conflict) {
        if ((rc = store_prepare(s, declare, &st, err)))
            goto fail;
        store_bind_int64(st, 1, row.proposal_id);
        store_bind_int64(st, 2, row.person_id);
        store_bind_text(st, 3, reason);
        store_bind_text(st, 4, now);
        if ((rc = store_run(st, NULL, err)) && rc != SERAI_ECONFLICT)
            goto fail;
        rc = SERAI_OK; /* declared before: the declaration stands */
    }
    return commit_audited(s, who, conflict ? "review.conflict" : "review.open",
                          id, out, err);
fail:
    store_rollback(s);
    return rc;
}

serai_code review_save(store *s, const actor *who, int64_t id, json_t *body,
                       json_t **out, serai_err *err)
{
    static const char *const keys[] = {"scores", "comments", NULL};
    static const char sel[] = "SELECT scores FROM review WHERE id = $1";
    static const char upd[] =
        "UPDATE review SET scores = $2, comments = COALESCE($3, comments) "
        "WHERE id = $1";
    *out = NULL;
    if (who->role != ROLE_REVIEWER)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "only the assigned reviewer writes a review");
    const char *comments;
    serai_code rc;
    if ((rc = json_only_keys(body, keys, "", err)) ||
        (rc = json_get_text(body, "comments", false, REVIEW_COMMENTS_MAX, "",
                            &comments, err)))
        return rc;
    json_t *given = json_object_get(body, "scores");
    if (given && !json_is_null(given) && !json_is_object(given))
        return serai_fail(err, SERAI_EINVAL, "/scores",
                          "scores must be an object of criterion code to score");
    if ((rc = store_begin(s, err)))
        return rc;
    review_row row;
    scheme sc;
    json_t *stored = NULL;
    char *text = NULL;
    if ((rc = row_access(s, who, id, &row, err)) ||
        (rc = scheme_load(s, row.call_id, &sc, err)))
        goto fail;
    if (strcmp(row.status, "draft") != 0) {
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        strcmp(row.status, "assigned") == 0
                            ? "open review %" PRId64 " first, declaring whether "
                              "you have a conflict of interest"
                            : "review %" PRId64 " is %s and no longer changes",
                        id, row.status);
        goto fail;
    }
    store_stmt *st;
    if ((rc = store_prepare(s, sel, &st, err)))
        goto fail;
    store_bind_int64(st, 1, id);
    if (store_step(st, err) == STORE_ROW)
        stored = json_loads(store_col_text(st, 0), 0, NULL);
    store_reset(st);
    if (!stored)
        stored = json_object();
    const char *code;
    json_t *v;
    json_object_foreach(given, code, v) {
        char ptr[64];
        snprintf(ptr, sizeof ptr, "/scores/%.40s", code);
        int k = -1;
        for (int i = 0; i < sc.ncrit; i++)
            if (strcmp(sc.code[i], code) == 0)
                k = i;
        if (k < 0) {
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, ptr,
                            "\"%.40s\" is not a criterion of this call", code);
            goto fail;
        }
        if (json_is_null(v)) {
            json_object_del(stored, code);
            continue;
        }
        double d = json_is_number(v) ? json_number_value(v) : -1;
        double twice = d * 2;
        if (!json_is_number(v) || twice < sc.lo * 2 || twice > sc.hi * 2 ||
            twice != (double)(int64_t)twice ||
            (!sc.halves && ((int64_t)twice % 2) != 0)) {
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, ptr,
                            "a score lies on the scale %d to %d in steps of %s",
                            sc.lo, sc.hi, sc.halves ? "0.5" : "1");
            goto fail;
        }
        json_object_set_new(stored, code, json_integer((json_int_t)twice));
    }
    text = json_to_text(stored);
    if ((rc = store_prepare(s, upd, &st, err)))
        goto fail;
    store_bind_int64(st, 1, id);
    store_bind_text(st, 2, text);
    store_bind_text(st, 3, comments);
    if ((rc = store_run(st, NULL, err)))
        goto fail;
    json_decref(stored);
    free(text);
    return commit_audited(s, who, "review.save", id, out, err);
fail:
    json_decref(stored);
    free(text);
    store_rollback(s);
    return rc;
}

serai_code review_submit(store *s, const actor *who, int64_t id, json_t **out,
                         serai_err *err)
{
    static const char upd[] =
        "UPDATE review SET status = 'submitted', submitted_at = $2 WHERE id = $1";
    *out = NULL;
    if (who->role != ROLE_REVIEWER)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "only the assigned reviewer submits a review");
    serai_code rc = store_begin(s, err);
    if (rc)
        return rc;
    review_row row;
    json_t *cur = NULL;
    if ((rc = row_access(s, who, id, &row, err)) ||
        (rc = render(s, id, &cur, err)))
        goto fail;
    if (strcmp(row.status, "draft") != 0) {
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "review %" PRId64 " is %s; only an opened draft is "
                        "submitted", id, row.status);
        goto fail;
    }
    if (json_is_null(json_object_get(cur, "overall"))) {
        rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/scores",
                        "score every criterion before submitting");
        goto fail;
    }
    json_decref(cur);
    cur = NULL;
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    store_stmt *st;
    if ((rc = store_prepare(s, upd, &st, err)))
        goto fail;
    store_bind_int64(st, 1, id);
    store_bind_text(st, 2, now);
    if ((rc = store_run(st, NULL, err)))
        goto fail;
    return commit_audited(s, who, "review.submit", id, out, err);
fail:
    json_decref(cur);
    store_rollback(s);
    return rc;
}

serai_code review_get(store *s, const actor *who, int64_t id, json_t **out,
                      serai_err *err)
{
    *out = NULL;
    review_row row;
    serai_code rc = row_access(s, who, id, &row, err);
    return rc ? rc : render(s, id, out, err);
}

serai_code review_list(store *s, const actor *who, const review_filter *f,
                       json_t **out, serai_err *err)
{
    static const char sql[] =
        "SELECT r.id FROM review r JOIN proposal p ON p.id = r.proposal_id "
        "WHERE r.id > $1 AND ($2 = 0 OR p.call_id = $2) "
        "AND ($3 = 0 OR r.proposal_id = $3) "
        "AND (CAST($4 AS TEXT) IS NULL OR r.status = CAST($4 AS TEXT)) "
        "AND ($5 = 0 OR r.person_id = $5) ORDER BY r.id LIMIT $6";
    *out = NULL;
    int64_t only = 0;
    if (who->role == ROLE_REVIEWER)
        only = who->person_id > 0 ? who->person_id : -1;
    else if (who->role != ROLE_SECRETARIAT && who->role != ROLE_OBSERVER)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "reviews are read by their reviewers, observers and "
                          "the secretariat");
    static const char *const statuses[] = {"assigned", "conflict", "draft",
                                           "submitted", NULL};
    bool known = f->status == NULL;
    for (int i = 0; !known && statuses[i]; i++)
        known = strcmp(statuses[i], f->status) == 0;
    if (!known)
        return serai_fail(err, SERAI_EINVAL, "?status",
                          "status must be assigned, conflict, draft or submitted");
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc)
        return rc;
    store_bind_int64(st, 1, f->page.after);
    store_bind_int64(st, 2, f->call_id);
    store_bind_int64(st, 3, f->proposal_id);
    store_bind_text(st, 4, f->status);
    store_bind_int64(st, 5, only);
    store_bind_int64(st, 6, (int64_t)f->page.limit + 1);
    int64_t ids[PAGE_MAX_LIMIT + 1];
    int n = 0, r;
    while ((r = store_step(st, err)) == STORE_ROW && n <= f->page.limit)
        ids[n++] = store_col_int64(st, 0);
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    int more = n > f->page.limit;
    if (more)
        n = f->page.limit;
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        json_t *one;
        if ((rc = render(s, ids[i], &one, err))) {
            json_decref(items);
            return rc;
        }
        json_array_append_new(items, one);
    }
    *out = page_result(items, n ? ids[n - 1] : 0, more);
    return SERAI_OK;
}

/* ---- consensus and ranking ---- */

serai_code consensus_set(store *s, const actor *who, int64_t proposal_id,
                         json_t *body, json_t **out, serai_err *err)
{
    static const char *const keys[] = {"score", "justification", NULL};
    static const char prop_sql[] = "SELECT call_id FROM proposal WHERE id = $1";
    static const char rapporteur_sql[] =
        "SELECT 1 FROM review WHERE proposal_id = $1 AND person_id = $2 "
        "AND status = 'submitted'";
    static const char del[] = "DELETE FROM consensus WHERE proposal_id = $1";
    static const char ins[] =
        "INSERT INTO consensus (proposal_id, score, justification, set_by, "
        "set_at) VALUES ($1, $2, $3, $4, $5)";
    *out = NULL;
    const char *justification;
    serai_code rc;
    if ((rc = json_only_keys(body, keys, "", err)) ||
        (rc = json_get_text(body, "justification", true, REVIEW_COMMENTS_MAX, "",
                            &justification, err)))
        return rc;
    json_t *score = json_object_get(body, "score");
    if (!json_is_number(score))
        return serai_fail(err, SERAI_EINVAL, "/score", "score must be a number");
    if (who->role != ROLE_SECRETARIAT && who->role != ROLE_REVIEWER)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "the consensus is set by a rapporteur or the secretariat");
    if ((rc = store_begin(s, err)))
        return rc;
    int64_t call_id = 0;
    scheme sc;
    if ((rc = store_lookup_id(s, prop_sql, proposal_id, &call_id, err)))
        goto fail;
    if (call_id == 0) {
        rc = serai_fail(err, SERAI_ENOTFOUND, NULL, "no proposal with id %" PRId64,
                        proposal_id);
        goto fail;
    }
    if (who->role == ROLE_REVIEWER) {
        store_stmt *st;
        if ((rc = store_prepare(s, rapporteur_sql, &st, err)))
            goto fail;
        store_bind_int64(st, 1, proposal_id);
        store_bind_int64(st, 2, who->person_id);
        int r = store_step(st, err);
        store_reset(st);
        if (r != STORE_ROW) {
            rc = r == STORE_ERROR ? db_error(err)
                                  : serai_fail(err, SERAI_ENOTFOUND, NULL,
                                               "no proposal with id %" PRId64
                                               " among your submitted reviews",
                                               proposal_id);
            goto fail;
        }
    }
    if ((rc = scheme_load(s, call_id, &sc, err)))
        goto fail;
    double twice = json_number_value(score) * 2;
    int64_t lo = (int64_t)sc.lo * sc.weights * 2, hi = (int64_t)sc.hi * sc.weights * 2;
    if (twice < (double)lo || twice > (double)hi || twice != (double)(int64_t)twice) {
        rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/score",
                        "the consensus lies on the weighted scale, %g to %g in "
                        "halves of a point", lo / 2.0, hi / 2.0);
        goto fail;
    }
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    store_stmt *st;
    if ((rc = store_prepare(s, del, &st, err)))
        goto fail;
    store_bind_int64(st, 1, proposal_id);
    if ((rc = store_run(st, NULL, err)) || (rc = store_prepare(s, ins, &st, err)))
        goto fail;
    store_bind_int64(st, 1, proposal_id);
    store_bind_int64(st, 2, (int64_t)twice);
    store_bind_text(st, 3, justification);
    store_bind_text(st, 4, who->label[0] ? who->label : "operator");
    store_bind_text(st, 5, now);
    if ((rc = store_run(st, NULL, err)))
        goto fail;
    *out = json_pack("{s:I, s:f, s:s, s:s, s:s}", "proposal_id",
                     (json_int_t)proposal_id, "score", twice / 2.0,
                     "justification", justification, "set_by",
                     who->label[0] ? who->label : "operator", "set_at", now);
    char object[48];
    snprintf(object, sizeof object, "proposal/%" PRId64 "/consensus", proposal_id);
    if ((rc = audit_append(s, who, "review.consensus", object, *out, err)) ||
        (rc = store_commit(s, err))) {
        json_decref(*out);
        *out = NULL;
        goto fail;
    }
    return SERAI_OK;
fail:
    store_rollback(s);
    return rc;
}

static int compare_ids(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Reviewer severity: over every proposal with at least two counted
 * reviews, how far a reviewer's overall score lies from the mean of the
 * other reviewers' on the same proposal, averaged over its reviews; a
 * reviewer with fewer than two such comparisons gets 0 (too little to
 * judge by).  severity[i] receives the severity (halves) of review i's
 * reviewer; the result lists {"person_id", "severity" (points, negative:
 * harsher than peers), "comparisons"}.  Reviews are grouped by proposal
 * (owner sorted). */
static json_t *calibrate(const int64_t *owner, const int64_t *person,
                         const int64_t *overall, int nrev, bool outlier,
                         int64_t mid, double *severity)
{
    int64_t *ids = xmalloc((size_t)(nrev ? nrev : 1) * sizeof *ids);
    for (int i = 0; i < nrev; i++)
        ids[i] = person[i];
    qsort(ids, (size_t)nrev, sizeof *ids, compare_ids);
    int nid = 0;
    for (int i = 0; i < nrev; i++)
        if (nid == 0 || ids[nid - 1] != ids[i])
            ids[nid++] = ids[i];
    double *dev = xcalloc((size_t)(nid ? nid : 1), sizeof *dev);
    int *cnt = xcalloc((size_t)(nid ? nid : 1), sizeof *cnt);
    bool *dropped = xcalloc((size_t)(nrev ? nrev : 1), sizeof *dropped);
    for (int j = 0; j < nrev;) {
        int count = 0;
        while (j + count < nrev && owner[j + count] == owner[j])
            count++;
        if (outlier && count <= 64)
            rank_outlier(&overall[j], count, mid, &dropped[j]);
        int kept = 0;
        int64_t sum = 0;
        for (int x = j; x < j + count; x++)
            if (!dropped[x]) {
                kept++;
                sum += overall[x];
            }
        if (kept >= 2)
            for (int x = j; x < j + count; x++) {
                if (dropped[x])
                    continue;
                double others = (double)(sum - overall[x]) / (kept - 1);
                int64_t *at = bsearch(&person[x], ids, (size_t)nid, sizeof *ids,
                                      compare_ids);
                dev[at - ids] += (double)overall[x] - others;
                cnt[at - ids]++;
            }
        j += count;
    }
    json_t *list = json_array();
    for (int k = 0; k < nid; k++) {
        double sev = cnt[k] >= 2 ? dev[k] / cnt[k] : 0.0;
        dev[k] = sev;
        json_array_append_new(list, json_pack("{s:I, s:f, s:i}", "person_id",
                                              (json_int_t)ids[k], "severity",
                                              sev / 2.0, "comparisons", cnt[k]));
    }
    for (int i = 0; i < nrev; i++) {
        int64_t *at = bsearch(&person[i], ids, (size_t)nid, sizeof *ids, compare_ids);
        severity[i] = dev[at - ids];
    }
    free(ids);
    free(dev);
    free(cnt);
    free(dropped);
    return list;
}

static json_t *fraction_json(rank_fraction f)
{
    return f.den ? json_real((double)f.num / (double)f.den / 2.0) : json_null();
}

serai_code ranking_get(store *s, const actor *who, int64_t call_id,
                       json_t **out, serai_err *err)
{
    static const char props_sql[] =
        "SELECT p.id, p.acronym, p.title, (SELECT count(DISTINCT o.country) "
        "FROM proposal_partner pp JOIN organization o ON o.id = pp.org_id "
        "WHERE pp.proposal_id = p.id), c.score FROM proposal p "
        "LEFT JOIN consensus c ON c.proposal_id = p.id WHERE p.call_id = $1 "
        "AND p.status IN ('eligible', 'in_review', 'ranked', 'selected', "
        "'reserve', 'rejected', 'funded') ORDER BY p.id";
    static const char reviews_sql[] =
        "SELECT r.proposal_id, r.scores, r.person_id FROM review r JOIN proposal p "
        "ON p.id = r.proposal_id WHERE p.call_id = $1 AND r.status = 'submitted' "
        "ORDER BY r.proposal_id, r.id";
    *out = NULL;
    if (who->role != ROLE_SECRETARIAT && who->role != ROLE_OBSERVER)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "the ranking list is read by the secretariat and observers");
    static const char call_sql[] = "SELECT id FROM call WHERE id = $1";
    int64_t found = 0;
    serai_code rc = store_lookup_id(s, call_sql, call_id, &found, err);
    if (rc)
        return rc;
    if (!found)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no call with id %" PRId64,
                          call_id);
    scheme sc;
    rc = scheme_load(s, call_id, &sc, err);
    if (rc)
        return rc;
    store_stmt *st;
    if ((rc = store_prepare(s, props_sql, &st, err)))
        return rc;
    store_bind_int64(st, 1, call_id);
    int n = 0, cap = 0, r;
    rank_item *items = NULL;
    json_t *info = json_object(); /* id -> {acronym, title, consensus} */
    int64_t *consensus = NULL;
    while ((r = store_step(st, err)) == STORE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            items = xreallocarray(items, (size_t)cap, sizeof *items);
            consensus = xreallocarray(consensus, (size_t)cap, sizeof *consensus);
        }
        rank_item *it = &items[n];
        memset(it, 0, sizeof *it);
        it->id = store_col_int64(st, 0);
        it->countries = (int)store_col_int64(st, 3);
        consensus[n] = store_col_null(st, 4) ? -1 : store_col_int64(st, 4);
        char key[24];
        snprintf(key, sizeof key, "%" PRId64, it->id);
        json_object_set_new(info, key,
                            json_pack("{s:o, s:s}", "acronym",
                                      store_col_null(st, 1)
                                          ? json_null()
                                          : json_string(store_col_text(st, 1)),
                                      "title", store_col_text(st, 2)));
        n++;
    }
    store_reset(st);
    if (r == STORE_ERROR) {
        rc = db_error(err);
        goto done;
    }
    /* Each proposal's submitted reviews: overall and per-criterion halves. */
    int64_t (*crit)[RANK_MAX_CRITERIA] = NULL;
    int64_t *overall = NULL, *owner = NULL, *person = NULL;
    int nrev = 0, rcap = 0, incomplete = 0;
    double *severity = NULL;   /* per review: its reviewer's severity */
    json_t *severities = NULL;
    if ((rc = store_prepare(s, reviews_sql, &st, err)))
        goto done;
    store_bind_int64(st, 1, call_id);
    while ((r = store_step(st, err)) == STORE_ROW) {
        if (nrev == rcap) {
            rcap = rcap ? rcap * 2 : 64;
            crit = xreallocarray(crit, (size_t)rcap, sizeof *crit);
            overall = xreallocarray(overall, (size_t)rcap, sizeof *overall);
            owner = xreallocarray(owner, (size_t)rcap, sizeof *owner);
            person = xreallocarray(person, (size_t)rcap, sizeof *person);
        }
        json_t *j = json_loads(store_col_text(st, 1), 0, NULL);
        owner[nrev] = store_col_int64(st, 0);
        person[nrev] = store_col_int64(st, 2);
        overall[nrev] = 0;
        bool complete = true;
        for (int k = 0; k < sc.ncrit; k++) {
            json_t *v = json_object_get(j, sc.code[k]);
            complete = complete && json_is_integer(v);
            crit[nrev][k] = json_integer_value(v);
            overall[nrev] += sc.weight[k] * crit[nrev][k];
        }
        json_decref(j);
        /* A review that lacks a criterion of the current scheme (added after
         * it was submitted) counts nowhere rather than as zeros. */
        if (!complete) {
            incomplete++;
            continue;
        }
        nrev++;
    }
    store_reset(st);
    if (r == STORE_ERROR) {
        rc = db_error(err);
        goto free_reviews;
    }
    json_t *extra = json_object(); /* id -> {reviews, dropped, source} */
    int64_t mid = (int64_t)(sc.lo + sc.hi) * sc.weights;
    severity = xcalloc((size_t)(nrev ? nrev : 1), sizeof *severity);
    if (sc.calibrate)
        severities = calibrate(owner, person, overall, nrev, sc.outlier, mid,
                               severity);
    for (int i = 0, j = 0; i < n; i++) {
        rank_item *it = &items[i];
        while (j < nrev && owner[j] < it->id)
            j++;
        int first = j, count = 0;
        while (j + count < nrev && owner[j + count] == it->id)
            count++;
        bool drop[64] = {false};
        int dropped = 0;
        if (sc.outlier && count <= 64)
            dropped = rank_outlier(&overall[first], count, mid, drop);
        int kept = 0;
        int64_t sum = 0, csum[RANK_MAX_CRITERIA] = {0};
        double adjusted = 0;
        for (int x = 0; x < count; x++) {
            if (x < 64 && drop[x])
                continue;
            kept++;
            sum += overall[first + x];
            adjusted += (double)overall[first + x] - severity[first + x];
            for (int k = 0; k < sc.ncrit; k++)
                csum[k] += crit[first + x][k];
        }
        for (int k = 0; k < sc.ncrit; k++)
            it->criteria[k] = (rank_fraction){csum[k], kept};
        const char *source = NULL;
        if (consensus[i] >= 0) {
            it->score = (rank_fraction){consensus[i], 1};
            source = "consensus";
        } else if (kept > 0 && sc.calibrate) {
            /* Calibrated means are no longer exact fractions: kept to a
             * millionth of a half point. */
            it->score = (rank_fraction){llround(adjusted / kept * 1e6), 1000000};
            source = "calibrated_mean";
        } else if (kept > 0) {
            it->score = (rank_fraction){sum, kept};
            source = "mean";
        }
        if (kept > 0 || consensus[i] >= 0) {
            for (int k = 0; k < sc.ncrit; k++)
                if (sc.threshold[k] >= 0 && kept > 0 &&
                    rank_fraction_cmp(it->criteria[k],
                                      (rank_fraction){sc.threshold[k], 1}) < 0)
                    it->below_threshold = true;
            if (sc.overall >= 0 &&
                rank_fraction_cmp(it->score, (rank_fraction){sc.overall, 1}) < 0)
                it->below_threshold = true;
        }
        char key[24];
        snprintf(key, sizeof key, "%" PRId64, it->id);
        json_object_set_new(extra, key,
                            json_pack("{s:i, s:b, s:o}", "reviews", count,
                                      "outlier_dropped", dropped > 0, "source",
                                      source ? json_string(source) : json_null()));
        j = first + count;
    }
    rank_order(items, n, sc.tb, sc.ntb);
    json_t *list = json_array();
    for (int i = 0; i < n; i++) {
        rank_item *it = &items[i];
        char key[24];
        snprintf(key, sizeof key, "%" PRId64, it->id);
        json_t *in = json_object_get(info, key), *ex = json_object_get(extra, key);
        json_t *criteria = json_object(), *failed = json_array();
        for (int k = 0; k < sc.ncrit; k++) {
            json_object_set_new(criteria, sc.code[k], fraction_json(it->criteria[k]));
            if (sc.threshold[k] >= 0 && it->criteria[k].den &&
                rank_fraction_cmp(it->criteria[k],
                                  (rank_fraction){sc.threshold[k], 1}) < 0)
                json_array_append_new(failed, json_string(sc.code[k]));
        }
        if (sc.overall >= 0 && it->score.den &&
            rank_fraction_cmp(it->score, (rank_fraction){sc.overall, 1}) < 0)
            json_array_append_new(failed, json_string("overall"));
        json_array_append_new(
            list,
            json_pack("{s:i, s:b, s:I, s:O, s:O, s:o, s:O, s:O, s:O, s:o, s:i, "
                      "s:b, s:o}",
                      "rank", it->rank, "tied", it->tied, "proposal_id",
                      (json_int_t)it->id, "acronym", json_object_get(in, "acronym"),
                      "title", json_object_get(in, "title"), "score",
                      fraction_json(it->score), "source",
                      json_object_get(ex, "source"), "reviews",
                      json_object_get(ex, "reviews"), "outlier_dropped",
                      json_object_get(ex, "outlier_dropped"), "criteria", criteria,
                      "countries", it->countries, "below_threshold",
                      it->below_threshold, "thresholds_failed", failed));
    }
    json_t *tbs = json_array();
    for (int i = 0; i < sc.ntb; i++)
        json_array_append_new(tbs, json_string(sc.tb_name[i]));
    *out = json_pack("{s:I, s:o, s:i, s:b, s:o, s:o}", "call_id",
                     (json_int_t)call_id, "tie_breaks", tbs,
                     "incomplete_reviews", incomplete, "calibrated", sc.calibrate,
                     "severities", severities ? severities : json_array(),
                     "items", list);
    severities = NULL;
    json_decref(extra);
free_reviews:
    json_decref(severities);
    free(severity);
    free(crit);
    free(overall);
    free(owner);
    free(person);
done:
    free(items);
    free(consensus);
    json_decref(info);
    return rc;
}
