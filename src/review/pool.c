/*
 * pool.c -- review set-up, reviewer pool and conflicts; see pool.h.
 */
#include "review/pool.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/mem.h"
#include "project/call.h"

static serai_code db_error(serai_err *err)
{
    return err && err->code != SERAI_OK ? err->code : SERAI_ESTORE;
}

static serai_code need_secretariat(const actor *who, const char *what,
                                   serai_err *err)
{
    if (who->role != ROLE_SECRETARIAT)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "only the secretariat %s", what);
    return SERAI_OK;
}

/* Readers of a call's review: the secretariat and observers. */
static serai_code need_reader(const actor *who, serai_err *err)
{
    if (who->role != ROLE_SECRETARIAT && who->role != ROLE_OBSERVER)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "only the secretariat and observers read a call's "
                          "review");
    return SERAI_OK;
}

static serai_code commit_audited(store *s, const actor *who, const char *action,
                                 const char *object, json_t *state,
                                 serai_err *err)
{
    serai_code rc = audit_append(s, who, action, object, state, err);
    if (rc == SERAI_OK)
        rc = store_commit(s, err);
    if (rc != SERAI_OK)
        store_rollback(s);
    return rc;
}

/* ---- set-up ---- */

/* A number on the scale: an integer, or a half when the step is 0.5.
 * Kept as halves (2 × value) so that comparisons stay exact. */
static serai_code read_halves(json_t *v, const char *ptr, bool halves_allowed,
                              int lo2, int hi2, int *out, serai_err *err)
{
    double d;
    if (json_is_integer(v))
        d = (double)json_integer_value(v);
    else if (json_is_real(v))
        d = json_real_value(v);
    else
        return serai_fail(err, SERAI_EINVAL, ptr, "must be a number");
    double twice = d * 2;
    if (twice < lo2 || twice > hi2 || twice != (double)(int)twice ||
        (!halves_allowed && ((int)twice % 2) != 0))
        return serai_fail(err, SERAI_EUNPROCESSABLE, ptr,
                          "must lie on the scale (%g to %g in steps of %s)",
                          lo2 / 2.0, hi2 / 2.0, halves_allowed ? "0.5" : "1");
    *out = (int)twice;
    return SERAI_OK;
}

/* Check a scheme (see pool.h); *out is a normalised copy. */
static serai_code read_scheme(json_t *scheme, json_t **out, serai_err *err)
{
    static const char *const keys[] = {"scale", "criteria", "overall_threshold",
                                       "outlier_rule", "calibrate", "tie_breaks",
                                       NULL};
    static const char *const scale_keys[] = {"min", "max", "step", NULL};
    static const char *const crit_keys[] = {"code", "name", "weight",
                                            "threshold", NULL};
    *out = NULL;
    if (!json_is_object(scheme))
        return serai_fail(err, SERAI_EINVAL, "/scheme", "scheme must be an object");
    serai_code rc;
    if ((rc = json_only_keys(scheme, keys, "/scheme", err)))
        return rc;
    json_t *scale = json_object_get(scheme, "scale");
    if (!json_is_object(scale))
        return serai_fail(err, SERAI_EINVAL, "/scheme/scale",
                          "scale is required: {\"min\", \"max\", \"step\"}");
    int64_t lo, hi;
    if ((rc = json_only_keys(scale, scale_keys, "/scheme/scale", err)) ||
        (rc = json_get_int(scale, "min", true, 0, 100, "/scheme/scale", &lo,
                           NULL, err)) ||
        (rc = json_get_int(scale, "max", true, 1, 100, "/scheme/scale", &hi,
                           NULL, err)))
        return rc;
    if (hi <= lo)
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/scheme/scale/max",
                          "max must be above min");
    json_t *step = json_object_get(scale, "step");
    double st = json_is_number(step) ? json_number_value(step) : -1;
    if (st != 1 && st != 0.5)
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/scheme/scale/step",
                          "step must be 1 or 0.5");
    bool halves = st == 0.5;
    json_t *criteria = json_object_get(scheme, "criteria");
    if (!json_is_array(criteria) || json_array_size(criteria) < 1 ||
        json_array_size(criteria) > REVIEW_MAX_CRITERIA)
        return serai_fail(err, SERAI_EINVAL, "/scheme/criteria",
                          "criteria must be an array of 1 to %d criteria",
                          REVIEW_MAX_CRITERIA);
    json_t *norm_criteria = json_array();
    int64_t weight_sum = 0;
    size_t i;
    json_t *c;
    json_array_foreach(criteria, i, c) {
        char p[48], f[64];
        snprintf(p, sizeof p, "/scheme/criteria/%zu", i);
        const char *code, *name;
        int64_t weight = 1;
        int threshold = -1;
        if (!json_is_object(c))
            rc = serai_fail(err, SERAI_EINVAL, p, "a criterion is an object");
        else if (!(rc = json_only_keys(c, crit_keys, p, err)) &&
                 !(rc = json_get_string(c, "code", true, 40, p, &code, err)) &&
                 !(rc = json_get_string(c, "name", true, 200, p, &name, err)) &&
                 !(rc = json_get_int(c, "weight", false, 1, 100, p, &weight,
                                     NULL, err))) {
            json_t *t = json_object_get(c, "threshold");
            snprintf(f, sizeof f, "%s/threshold", p);
            if (t && !json_is_null(t))
                rc = read_halves(t, f, halves, (int)lo * 2, (int)hi * 2,
                                 &threshold, err);
            for (size_t j = 0; rc == SERAI_OK && j < i; j++)
                if (strcmp(json_string_value(json_object_get(
                               json_array_get(norm_criteria, j), "code")),
                           code) == 0) {
                    snprintf(f, sizeof f, "%s/code", p);
                    rc = serai_fail(err, SERAI_EUNPROCESSABLE, f,
                                    "criterion \"%s\" is listed twice", code);
                }
        }
        if (rc) {
            json_decref(norm_criteria);
            return rc;
        }
        weight_sum += weight;
        json_t *nc = json_pack("{s:s, s:s, s:I}", "code", code, "name", name,
                               "weight", (json_int_t)weight);
        json_object_set_new(nc, "threshold",
                            threshold < 0 ? json_null()
                                          : json_real(threshold / 2.0));
        json_array_append_new(norm_criteria, nc);
    }
    int overall = -1;
    json_t *ot = json_object_get(scheme, "overall_threshold");
    if (ot && !json_is_null(ot) &&
        (rc = read_halves(ot, "/scheme/overall_threshold", true,
                          (int)(lo * 2 * weight_sum), (int)(hi * 2 * weight_sum),
                          &overall, err))) {
        json_decref(norm_criteria);
        return rc;
    }
    bool outlier = false, calibrate = false;
    if ((rc = json_get_bool(scheme, "outlier_rule", false, "/scheme", &outlier,
                            NULL, err)) ||
        (rc = json_get_bool(scheme, "calibrate", false, "/scheme", &calibrate,
                            NULL, err))) {
        json_decref(norm_criteria);
        return rc;
    }
    /* Tie-breaks: criterion codes (higher mean first) or "countries". */
    json_t *tb = json_object_get(scheme, "tie_breaks"), *norm_tb = json_array();
    if (tb && !json_is_null(tb)) {
        if (!json_is_array(tb) || json_array_size(tb) > 8) {
            json_decref(norm_criteria);
            json_decref(norm_tb);
            return serai_fail(err, SERAI_EINVAL, "/scheme/tie_breaks",
                              "tie_breaks must be an array of at most 8 keys");
        }
        json_t *t;
        json_array_foreach(tb, i, t) {
            char p[48];
            snprintf(p, sizeof p, "/scheme/tie_breaks/%zu", i);
            bool known = json_is_string(t) &&
                         strcmp(json_string_value(t), "countries") == 0;
            size_t j;
            json_t *c2;
            json_array_foreach(norm_criteria, j, c2)
                known = known || (json_is_string(t) &&
                                  strcmp(json_string_value(t),
                                         json_string_value(json_object_get(
                                             c2, "code"))) == 0);
            if (!known) {
                json_decref(norm_criteria);
                json_decref(norm_tb);
                return serai_fail(err, SERAI_EUNPROCESSABLE, p,
                                  "a tie-break is a criterion code of this "
                                  "scheme or \"countries\"");
            }
            json_array_append(norm_tb, t);
        }
    }
    *out = json_pack("{s:{s:I, s:I, s:f}, s:o, s:o, s:b, s:b, s:o}", "scale",
                     "min", (json_int_t)lo, "max", (json_int_t)hi, "step", st,
                     "criteria", norm_criteria, "overall_threshold",
                     overall < 0 ? json_null() : json_real(overall / 2.0),
                     "outlier_rule", outlier, "calibrate", calibrate,
                     "tie_breaks", norm_tb);
    return SERAI_OK;
}

static serai_code setup_render(store *s, int64_t call_id, json_t **out,
                               serai_err *err)
{
    static const char sql[] =
        "SELECT per_proposal, max_same_country, exclude_applicant_countries, "
        "scheme, updated_at FROM review_setup WHERE call_id = $1";
    *out = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc)
        return rc;
    store_bind_int64(st, 1, call_id);
    int r = store_step(st, err);
    if (r == STORE_ROW) {
        json_t *scheme = json_loads(store_col_text(st, 3), 0, NULL);
        *out = json_pack(
            "{s:I, s:I, s:o, s:b, s:o, s:s}", "call_id", (json_int_t)call_id,
            "per_proposal", (json_int_t)store_col_int64(st, 0),
            "max_same_country",
            store_col_null(st, 1) ? json_null()
                                  : json_integer(store_col_int64(st, 1)),
            "exclude_applicant_countries", (int)store_col_int64(st, 2),
            "scheme", scheme ? scheme : json_null(), "updated_at",
            store_col_text(st, 4));
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    if (r == STORE_DONE)
        return serai_fail(err, SERAI_ENOTFOUND, NULL,
                          "call %" PRId64 " has no review set-up yet", call_id);
    return SERAI_OK;
}

serai_code review_setup_get(store *s, const actor *who, int64_t call_id,
                            json_t **out, serai_err *err)
{
    *out = NULL;
    /* A reviewer of the call's own pool reads the set-up too: its review
     * form needs the criteria and the scale. */
    if (who->role == ROLE_REVIEWER && who->person_id) {
        int64_t mine = 0;
        store_stmt *st;
        serai_code rc = store_prepare(s, "SELECT count(*) FROM reviewer WHERE call_id = $1 "
                                         "AND person_id = $2 AND status <> 'declined'",
                                      &st, err);
        if (rc != SERAI_OK)
            return rc;
        store_bind_int64(st, 1, call_id);
        store_bind_int64(st, 2, who->person_id);
        int r = store_step(st, err);
        mine = r == STORE_ROW ? store_col_int64(st, 0) : 0;
        store_reset(st);
        if (r == STORE_ERROR)
            return err->code;
        if (mine)
            return setup_render(s, call_id, out, err);
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "a reviewer reads the review set-up of the calls whose pool it "
                          "is in");
    }
    serai_code rc = need_reader(who, err);
    return rc ? rc : setup_render(s, call_id, out, err);
}

serai_code review_setup_put(store *s, const actor *who, int64_t call_id,
                            json_t *body, json_t **out, serai_err *err)
{
    static const char *const keys[] = {"per_proposal", "max_same_country",
                                       "exclude_applicant_countries", "scheme",
                                       NULL};
    static const char del[] = "DELETE FROM review_setup WHERE call_id = $1";
    static const char ins[] =
        "INSERT INTO review_setup (call_id, per_proposal, max_same_country, "
        "exclude_applicant_countries, scheme, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6)";
    *out = NULL;
    serai_code rc = need_secretariat(who, "sets up a call's review", err);
    if (rc)
        return rc;
    int64_t k, same = 0;
    bool has_same = false, exclude = false;
    json_t *scheme = NULL;
    if ((rc = json_only_keys(body, keys, "", err)) ||
        (rc = json_get_int(body, "per_proposal", true, 1, 20, "", &k, NULL, err)) ||
        (rc = json_get_int(body, "max_same_country", false, 1, 20, "", &same,
                           &has_same, err)) ||
        (rc = json_get_bool(body, "exclude_applicant_countries", false, "",
                            &exclude, NULL, err)) ||
        (rc = read_scheme(json_object_get(body, "scheme"), &scheme, err)))
        return rc;
    char *scheme_text = json_to_text(scheme);
    json_decref(scheme);
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    call_info c;
    if ((rc = store_begin(s, err)))
        goto done;
    if ((rc = call_info_load(s, call_id, &c, err)))
        goto fail;
    if (strcmp(c.status, "decided") == 0) {
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "call %" PRId64 " is decided; its review is over", call_id);
        goto fail;
    }
    store_stmt *st;
    if ((rc = store_prepare(s, del, &st, err)))
        goto fail;
    store_bind_int64(st, 1, call_id);
    if ((rc = store_run(st, NULL, err)) || (rc = store_prepare(s, ins, &st, err)))
        goto fail;
    store_bind_int64(st, 1, call_id);
    store_bind_int64(st, 2, k);
    if (has_same)
        store_bind_int64(st, 3, same);
    else
        store_bind_null(st, 3);
    store_bind_int64(st, 4, exclude);
    store_bind_text(st, 5, scheme_text);
    store_bind_text(st, 6, now);
    if ((rc = store_run(st, NULL, err)) || (rc = setup_render(s, call_id, out, err)))
        goto fail;
    char object[48];
    snprintf(object, sizeof object, "call/%" PRId64 "/review", call_id);
    if ((rc = commit_audited(s, who, "review.setup", object, *out, err))) {
        json_decref(*out);
        *out = NULL;
    }
    goto done;
fail:
    store_rollback(s);
done:
    free(scheme_text);
    return rc;
}

/* ---- the pool ---- */

#define REVIEWER_COLUMNS                                                    \
    "r.person_id, p.name, p.country, r.status, r.reason, r.min_load, "      \
    "r.max_load, r.invited_at, r.answered_at"

static json_t *reviewer_json(store_stmt *st)
{
    return json_pack(
        "{s:I, s:s, s:s, s:s, s:o, s:I, s:I, s:s, s:o}", "person_id",
        (json_int_t)store_col_int64(st, 0), "name", store_col_text(st, 1),
        "country", store_col_text(st, 2), "status", store_col_text(st, 3),
        "reason",
        store_col_null(st, 4) ? json_null() : json_string(store_col_text(st, 4)),
        "min_load", (json_int_t)store_col_int64(st, 5), "max_load",
        (json_int_t)store_col_int64(st, 6), "invited_at", store_col_text(st, 7),
        "answered_at",
        store_col_null(st, 8) ? json_null() : json_string(store_col_text(st, 8)));
}

static serai_code reviewer_render(store *s, int64_t call_id, int64_t person_id,
                                  json_t **out, serai_err *err)
{
    static const char sql[] =
        "SELECT " REVIEWER_COLUMNS " FROM reviewer r JOIN person p "
        "ON p.id = r.person_id WHERE r.call_id = $1 AND r.person_id = $2";
    *out = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc)
        return rc;
    store_bind_int64(st, 1, call_id);
    store_bind_int64(st, 2, person_id);
    int r = store_step(st, err);
    if (r == STORE_ROW)
        *out = reviewer_json(st);
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    if (r == STORE_DONE)
        return serai_fail(err, SERAI_ENOTFOUND, NULL,
                          "person %" PRId64 " is not in the reviewer pool of "
                          "call %" PRId64, person_id, call_id);
    return SERAI_OK;
}

serai_code reviewer_invite(store *s, const actor *who, int64_t call_id,
                           json_t *body, json_t **out, serai_err *err)
{
    static const char *const keys[] = {"person_id", "min_load", "max_load", NULL};
    static const char person_sql[] = "SELECT id FROM person WHERE id = $1";
    static const char ins[] =
        "INSERT INTO reviewer (call_id, person_id, status, min_load, max_load, "
        "invited_at) VALUES ($1, $2, 'invited', $3, $4, $5)";
    *out = NULL;
    serai_code rc = need_secretariat(who, "invites reviewers", err);
    if (rc)
        return rc;
    int64_t person, min_load = 0, max_load;
    if ((rc = json_only_keys(body, keys, "", err)) ||
        (rc = json_get_int(body, "person_id", true, 1, INT64_MAX, "", &person,
                           NULL, err)) ||
        (rc = json_get_int(body, "min_load", false, 0, REVIEW_MAX_LOAD, "",
                           &min_load, NULL, err)) ||
        (rc = json_get_int(body, "max_load", true, 0, REVIEW_MAX_LOAD, "",
                           &max_load, NULL, err)))
        return rc;
    if (min_load > max_load)
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/min_load",
                          "min_load %" PRId64 " is above max_load %" PRId64,
                          min_load, max_load);
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    if ((rc = store_begin(s, err)))
        return rc;
    call_info c;
    int64_t found = 0;
    if ((rc = call_info_load(s, call_id, &c, err)) ||
        (rc = store_lookup_id(s, person_sql, person, &found, err)))
        goto fail;
    if (!found) {
        rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/person_id",
                        "person %" PRId64 " does not exist", person);
        goto fail;
    }
    store_stmt *st;
    if ((rc = store_prepare(s, ins, &st, err)))
        goto fail;
    store_bind_int64(st, 1, call_id);
    store_bind_int64(st, 2, person);
    store_bind_int64(st, 3, min_load);
    store_bind_int64(st, 4, max_load);
    store_bind_text(st, 5, now);
    if ((rc = store_run(st, NULL, err))) {
        if (rc == SERAI_ECONFLICT)
            rc = serai_fail(err, SERAI_ECONFLICT, "/person_id",
                            "person %" PRId64 " is already in the pool of "
                            "call %" PRId64, person, call_id);
        goto fail;
    }
    if ((rc = reviewer_render(s, call_id, person, out, err)))
        goto fail;
    char object[64];
    snprintf(object, sizeof object, "call/%" PRId64 "/reviewer/%" PRId64,
             call_id, person);
    if ((rc = commit_audited(s, who, "reviewer.invite", object, *out, err))) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
fail:
    store_rollback(s);
    return rc;
}

serai_code reviewer_answer(store *s, const actor *who, int64_t call_id,
                           int64_t person_id, bool accept, const char *reason,
                           json_t **out, serai_err *err)
{
    static const char upd[] =
        "UPDATE reviewer SET status = $3, reason = $4, answered_at = $5 "
        "WHERE call_id = $1 AND person_id = $2";
    *out = NULL;
    if (who->role != ROLE_SECRETARIAT && who->role != ROLE_REVIEWER)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "only the invited reviewer (or the secretariat) "
                          "answers an invitation");
    /* Another reviewer's invitation is not this reviewer's to see. */
    if (who->role == ROLE_REVIEWER && who->person_id != person_id)
        return serai_fail(err, SERAI_ENOTFOUND, NULL,
                          "you have no invitation from call %" PRId64, call_id);
    if (!accept && (reason == NULL || reason[0] == '\0'))
        return serai_fail(err, SERAI_EINVAL, "/reason",
                          "give the reason for declining");
    if (reason && strlen(reason) > REVIEW_REASON_MAX)
        return serai_fail(err, SERAI_ETOOLARGE, "/reason",
                          "reason has more than %d bytes", REVIEW_REASON_MAX);
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    serai_code rc = store_begin(s, err);
    if (rc)
        return rc;
    json_t *before;
    if ((rc = reviewer_render(s, call_id, person_id, &before, err)))
        goto fail;
    bool invited = strcmp(json_string_value(json_object_get(before, "status")),
                          "invited") == 0;
    json_decref(before);
    if (!invited) {
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "person %" PRId64 " has already answered the "
                        "invitation of call %" PRId64, person_id, call_id);
        goto fail;
    }
    store_stmt *st;
    if ((rc = store_prepare(s, upd, &st, err)))
        goto fail;
    store_bind_int64(st, 1, call_id);
    store_bind_int64(st, 2, person_id);
    store_bind_text(st, 3, accept ? "accepted" : "declined");
    store_bind_text(st, 4, accept ? NULL : reason);
    store_bind_text(st, 5, now);
    if ((rc = store_run(st, NULL, err)) ||
        (rc = reviewer_render(s, call_id, person_id, out, err)))
        goto fail;
    char object[64];
    snprintf(object, sizeof object, "call/%" PRId64 "/reviewer/%" PRId64,
             call_id, person_id);
    if ((rc = commit_audited(s, who, accept ? "reviewer.accept" : "reviewer.decline",
                             object, *out, err))) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
fail:
    store_rollback(s);
    return rc;
}

serai_code reviewer_list(store *s, const actor *who, int64_t call_id,
                         json_t **out, serai_err *err)
{
    static const char sql[] =
        "SELECT " REVIEWER_COLUMNS " FROM reviewer r JOIN person p "
        "ON p.id = r.person_id WHERE r.call_id = $1 ORDER BY r.person_id";
    *out = NULL;
    serai_code rc = need_reader(who, err);
    call_info c;
    if (rc || (rc = call_info_load(s, call_id, &c, err)))
        return rc;
    store_stmt *st;
    if ((rc = store_prepare(s, sql, &st, err)))
        return rc;
    store_bind_int64(st, 1, call_id);
    json_t *items = json_array();
    int r;
    while ((r = store_step(st, err)) == STORE_ROW)
        json_array_append_new(items, reviewer_json(st));
    store_reset(st);
    if (r == STORE_ERROR) {
        json_decref(items);
        return db_error(err);
    }
    *out = json_pack("{s:o, s:n}", "items", items, "next");
    return SERAI_OK;
}

/* ---- conflicts ---- */

serai_code conflict_declare(store *s, const actor *who, int64_t proposal_id,
                            json_t *body, json_t **out, serai_err *err)
{
    static const char *const keys[] = {"person_id", "reason", NULL};
    static const char prop_sql[] = "SELECT call_id FROM proposal WHERE id = $1";
    static const char pool_sql[] =
        "SELECT 1 FROM reviewer WHERE call_id = $1 AND person_id = $2";
    static const char ins[] =
        "INSERT INTO declared_conflict (proposal_id, person_id, reason, "
        "declared_at) VALUES ($1, $2, $3, $4)";
    static const char end_review[] =
        "UPDATE review SET status = 'conflict' WHERE proposal_id = $1 "
        "AND person_id = $2";
    *out = NULL;
    int64_t person = 0;
    bool named;
    const char *reason;
    serai_code rc;
    if ((rc = json_only_keys(body, keys, "", err)) ||
        (rc = json_get_int(body, "person_id", false, 1, INT64_MAX, "", &person,
                           &named, err)) ||
        (rc = json_get_text(body, "reason", true, REVIEW_REASON_MAX, "", &reason,
                            err)))
        return rc;
    if (who->role == ROLE_REVIEWER) {
        if (named && person != who->person_id)
            return serai_fail(err, SERAI_EFORBIDDEN, "/person_id",
                              "a reviewer declares its own conflicts only");
        person = who->person_id;
        if (person == 0)
            return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                              "this reviewer account has no person record");
    } else if (who->role == ROLE_SECRETARIAT) {
        if (!named)
            return serai_fail(err, SERAI_EINVAL, "/person_id",
                              "person_id is required");
    } else {
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "only reviewers and the secretariat declare conflicts");
    }
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    if ((rc = store_begin(s, err)))
        return rc;
    int64_t call_id = 0, in_pool = 0;
    if ((rc = store_lookup_id(s, prop_sql, proposal_id, &call_id, err)))
        goto fail;
    if (call_id == 0) {
        rc = serai_fail(err, SERAI_ENOTFOUND, NULL,
                        "no proposal with id %" PRId64, proposal_id);
        goto fail;
    }
    store_stmt *st;
    if ((rc = store_prepare(s, pool_sql, &st, err)))
        goto fail;
    store_bind_int64(st, 1, call_id);
    store_bind_int64(st, 2, person);
    int r = store_step(st, err);
    in_pool = r == STORE_ROW;
    store_reset(st);
    if (r == STORE_ERROR) {
        rc = db_error(err);
        goto fail;
    }
    if (!in_pool) {
        /* Reviewers outside the pool see nothing of the call. */
        rc = serai_fail(err, who->role == ROLE_REVIEWER ? SERAI_ENOTFOUND
                                                        : SERAI_EUNPROCESSABLE,
                        who->role == ROLE_REVIEWER ? NULL : "/person_id",
                        who->role == ROLE_REVIEWER
                            ? "no proposal with id %" PRId64
                            : "the person is not in the reviewer pool of the "
                              "call of proposal %" PRId64, proposal_id);
        goto fail;
    }
    if ((rc = store_prepare(s, ins, &st, err)))
        goto fail;
    store_bind_int64(st, 1, proposal_id);
    store_bind_int64(st, 2, person);
    store_bind_text(st, 3, reason);
    store_bind_text(st, 4, now);
    if ((rc = store_run(st, NULL, err))) {
        if (rc == SERAI_ECONFLICT)
            rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                            "this conflict is already declared");
        goto fail;
    }
    /* A review of this pair ends: it no longer counts, whatever its state. */
    if ((rc = store_prepare(s, end_review, &st, err)))
        goto fail;
    store_bind_int64(st, 1, proposal_id);
    store_bind_int64(st, 2, person);
    if ((rc = store_run(st, NULL, err)))
        goto fail;
    *out = json_pack("{s:I, s:I, s:s, s:s}", "proposal_id",
                     (json_int_t)proposal_id, "person_id", (json_int_t)person,
                     "reason", reason, "declared_at", now);
    char object[48];
    snprintf(object, sizeof object, "proposal/%" PRId64 "/conflict", proposal_id);
    if ((rc = commit_audited(s, who, "conflict.declare", object, *out, err))) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
fail:
    store_rollback(s);
    return rc;
}

/* Add a reason to the conflict of (proposal, person) in map. */
static void add_reason(json_t *map, int64_t proposal, int64_t person,
                       const char *code, const char *detail)
{
    char key[48];
    snprintf(key, sizeof key, "%020" PRId64 ":%020" PRId64, proposal, person);
    json_t *c = json_object_get(map, key);
    if (c == NULL) {
        c = json_pack("{s:I, s:I, s:[]}", "proposal_id", (json_int_t)proposal,
                      "person_id", (json_int_t)person, "reasons");
        json_object_set_new(map, key, c);
    }
    json_array_append_new(json_object_get(c, "reasons"),
                          json_pack("{s:s, s:s}", "code", code, "detail", detail));
}

/* The computed conflicts: each query yields (proposal, person, a text
 * that names what they share).  $1 the call, $2 today, $3 and $4 one
 * proposal and one person (0: all). */
#define PAIR_FILTER " AND ($3 = 0 OR p.id = $3) AND ($4 = 0 OR r.person_id = $4)"
static const struct conflict_query {
    const char *code;
    const char *sql;
    const char *format; /* printf of the detail from column 2 */
    bool country_rule;  /* only when applicant countries are excluded */
} conflict_queries[] = {
    {"same_organization",
     "SELECT DISTINCT p.id, r.person_id, o.name FROM proposal p "
     "JOIN proposal_partner pp ON pp.proposal_id = p.id "
     "JOIN affiliation a ON a.org_id = pp.org_id "
     "JOIN reviewer r ON r.person_id = a.person_id AND r.call_id = p.call_id "
     "JOIN organization o ON o.id = pp.org_id "
     "WHERE p.call_id = $1 AND p.status IN ('eligible', 'in_review') "
     "AND r.status <> 'declined' AND (a.end_date IS NULL OR a.end_date >= $2)"
     PAIR_FILTER,
     "works at %s, a partner", false},
    {"same_parent",
     "SELECT DISTINCT p.id, r.person_id, o.name FROM proposal p "
     "JOIN proposal_partner pp ON pp.proposal_id = p.id "
     "JOIN organization o ON o.id = pp.org_id "
     "JOIN reviewer r ON r.call_id = p.call_id "
     "JOIN affiliation a ON a.person_id = r.person_id "
     "JOIN organization ro ON ro.id = a.org_id "
     "WHERE p.call_id = $1 AND p.status IN ('eligible', 'in_review') "
     "AND r.status <> 'declined' AND (a.end_date IS NULL OR a.end_date >= $2) "
     PAIR_FILTER " AND ro.id <> o.id AND (ro.parent_id = o.id OR o.parent_id = ro.id OR "
     "(ro.parent_id IS NOT NULL AND ro.parent_id = o.parent_id))",
     "works in the same organisation as %s, a partner (parent or sister "
     "unit)", false},
    {"co_applicant",
     "SELECT DISTINCT p.id, r.person_id, o.name FROM proposal p "
     "JOIN proposal_partner pp ON pp.proposal_id = p.id "
     "JOIN organization o ON o.id = pp.org_id "
     "JOIN reviewer r ON r.person_id = pp.pi_person_id AND r.call_id = p.call_id "
     "WHERE p.call_id = $1 AND p.status IN ('eligible', 'in_review') "
     "AND r.status <> 'declined' AND $2 = $2" PAIR_FILTER " "
     "UNION SELECT p.id, r.person_id, 'the team' FROM proposal p "
     "JOIN proposal_person y ON y.proposal_id = p.id "
     "JOIN reviewer r ON r.person_id = y.person_id AND r.call_id = p.call_id "
     "WHERE p.call_id = $1 AND p.status IN ('eligible', 'in_review') "
     "AND r.status <> 'declined'" PAIR_FILTER,
     "is an applicant (principal investigator at %s, or team member)", false},
    {"same_country",
     "SELECT DISTINCT p.id, r.person_id, pe.country FROM proposal p "
     "JOIN proposal_partner pp ON pp.proposal_id = p.id "
     "JOIN organization o ON o.id = pp.org_id "
     "JOIN reviewer r ON r.call_id = p.call_id "
     "JOIN person pe ON pe.id = r.person_id AND pe.country = o.country "
     "WHERE p.call_id = $1 AND p.status IN ('eligible', 'in_review') "
     "AND r.status <> 'declined' AND $2 = $2" PAIR_FILTER,
     "is from %s, the country of a partner; this call excludes reviewers "
     "from applicant countries", true},
    {"declared",
     "SELECT d.proposal_id, d.person_id, d.reason FROM declared_conflict d "
     "JOIN proposal p ON p.id = d.proposal_id WHERE p.call_id = $1 AND $2 = $2 "
     "AND ($3 = 0 OR p.id = $3) AND ($4 = 0 OR d.person_id = $4)",
     "declared: %s", false},
};

static int compare_keys(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The conflicts of call_id as {"items": [...]}, of one proposal and one
 * person when both are given (0: all), with no rights check. */
static serai_code conflicts_of(store *s, int64_t call_id, int64_t proposal_id,
                               int64_t person_id, json_t **out, serai_err *err)
{
    static const char exclude_sql[] =
        "SELECT exclude_applicant_countries FROM review_setup WHERE call_id = $1";
    *out = NULL;
    serai_code rc;
    int64_t exclude = 0;
    if ((rc = store_lookup_id(s, exclude_sql, call_id, &exclude, err)))
        return rc;
    char today[11];
    clock_today(today);
    json_t *map = json_object();
    for (size_t q = 0; q < sizeof conflict_queries / sizeof *conflict_queries; q++) {
        const struct conflict_query *cq = &conflict_queries[q];
        if (cq->country_rule && !exclude)
            continue;
        store_stmt *st;
        if ((rc = store_prepare(s, cq->sql, &st, err))) {
            json_decref(map);
            return rc;
        }
        store_bind_int64(st, 1, call_id);
        store_bind_text(st, 2, today);
        store_bind_int64(st, 3, proposal_id);
        store_bind_int64(st, 4, person_id);
        int r;
        while ((r = store_step(st, err)) == STORE_ROW) {
            char detail[600];
            snprintf(detail, sizeof detail, cq->format, store_col_text(st, 2));
            add_reason(map, store_col_int64(st, 0), store_col_int64(st, 1),
                       cq->code, detail);
        }
        store_reset(st);
        if (r == STORE_ERROR) {
            json_decref(map);
            return db_error(err);
        }
    }
    /* Keys sort as (proposal, person): zero-padded. */
    size_t n = json_object_size(map);
    const char **keys = xcalloc(n ? n : 1, sizeof *keys);
    size_t i = 0;
    const char *key;
    json_t *v;
    json_object_foreach(map, key, v)
        keys[i++] = key;
    qsort(keys, n, sizeof *keys, compare_keys);
    json_t *items = json_array();
    for (i = 0; i < n; i++)
        json_array_append(items, json_object_get(map, keys[i]));
    free(keys);
    json_decref(map);
    *out = json_pack("{s:o, s:n}", "items", items, "next");
    return SERAI_OK;
}

serai_code conflict_list(store *s, const actor *who, int64_t call_id,
                         json_t **out, serai_err *err)
{
    *out = NULL;
    serai_code rc = need_reader(who, err);
    call_info c;
    if (rc || (rc = call_info_load(s, call_id, &c, err)))
        return rc;
    return conflicts_of(s, call_id, 0, 0, out, err);
}

serai_code conflict_reasons(store *s, int64_t call_id, int64_t proposal_id,
                            int64_t person_id, json_t **reasons, serai_err *err)
{
    json_t *list;
    *reasons = NULL;
    serai_code rc = conflicts_of(s, call_id, proposal_id, person_id, &list, err);
    if (rc)
        return rc;
    json_t *first = json_array_get(json_object_get(list, "items"), 0);
    if (first)
        *reasons = json_incref(json_object_get(first, "reasons"));
    json_decref(list);
    return SERAI_OK;
}
