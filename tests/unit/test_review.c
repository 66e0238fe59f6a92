/*
 * test_review.c -- a call's review (review/pool.h) on the database: the
 * set-up and its checks, the reviewer pool and answers, and conflicts of
 * interest computed from the registry with every reason.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "check.h"
#include "core/clock.h"
#include "project/call.h"
#include "project/proposal.h"
#include "registry/org.h"
#include "registry/person.h"
#include "review/pool.h"
#include "review/review.h"
#include "testdb.h"

static json_t *jfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static json_t *jfmt(const char *fmt, ...)
{
    char text[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);
    if (j == NULL) {
        fprintf(stderr, "bad test JSON (%s): %s\n", e.text, text);
        abort();
    }
    return j;
}

/* Run a create-style call on body (taken); the new record's id, or 0. */
static int64_t make(store *s, serai_code (*fn)(store *, const actor *, json_t *,
                                               json_t **, serai_err *),
                    json_t *body)
{
    actor op = actor_operator();
    json_t *out = NULL;
    serai_err err;
    int64_t id = 0;
    if (fn(s, &op, body, &out, &err) == SERAI_OK)
        id = json_integer_value(json_object_get(out, "id"));
    else
        fprintf(stderr, "make: %s: %s\n", err.field, err.detail);
    json_decref(out);
    json_decref(body);
    return id;
}

typedef struct world {
    testdb t;
    store *s;
    actor op;
    int64_t fa_de, fa_fr, uni_de, dept_de, inst_de, sme_fr;
    int64_t pi_de, team_fr, staff_uni, staff_dept, staff_inst, outsider_us,
        french;
    int64_t call, proposal;
} world;

static void world_open(world *w)
{
    memset(w, 0, sizeof *w);
    w->s = testdb_open(&w->t);
    w->op = actor_operator();
    w->fa_de = make(w->s, org_create, jfmt("{\"name\":\"Agentur\",\"type\":"
                                           "\"funding_agency\",\"country\":\"DE\"}"));
    w->fa_fr = make(w->s, org_create, jfmt("{\"name\":\"Agence\",\"type\":"
                                           "\"funding_agency\",\"country\":\"FR\"}"));
    w->uni_de = make(w->s, org_create, jfmt("{\"name\":\"Uni Nord\",\"type\":"
                                            "\"university\",\"country\":\"DE\"}"));
    w->dept_de = make(w->s, org_create,
                      jfmt("{\"name\":\"Uni Nord, Chemistry\",\"type\":\"university\","
                           "\"country\":\"DE\",\"parent_id\":%" PRId64 "}", w->uni_de));
    w->inst_de = make(w->s, org_create,
                      jfmt("{\"name\":\"Uni Nord, Physics\",\"type\":\"university\","
                           "\"country\":\"DE\",\"parent_id\":%" PRId64 "}", w->uni_de));
    w->sme_fr = make(w->s, org_create,
                     jfmt("{\"name\":\"PME\",\"type\":\"sme\",\"country\":\"FR\","
                          "\"sme_evidence\":\"20 staff, 2025\"}"));
#define PERSON(name, country, aff)                                           \
    make(w->s, person_create,                                                \
         jfmt("{\"name\":\"" name "\",\"country\":\"" country "\"%s}", aff))
    char aff[128];
    w->pi_de = PERSON("PI DE", "DE", "");
    w->team_fr = PERSON("Team FR", "FR", "");
    snprintf(aff, sizeof aff, ",\"affiliations\":[{\"organization_id\":%" PRId64 "}]",
             w->dept_de);
    w->staff_dept = PERSON("Staff Chemistry", "US", aff);
    snprintf(aff, sizeof aff, ",\"affiliations\":[{\"organization_id\":%" PRId64 "}]",
             w->inst_de);
    w->staff_inst = PERSON("Staff Physics", "US", aff);
    snprintf(aff, sizeof aff, ",\"affiliations\":[{\"organization_id\":%" PRId64
             ",\"end\":\"2001-01-01\"}]", w->dept_de);
    w->outsider_us = PERSON("Former Staff", "US", aff);
    w->french = PERSON("Reviewer FR", "FR", "");
    w->staff_uni = 0;
    char dl[CLOCK_ISO_LEN];
    clock_format(clock_now() + 86400, dl);
    w->call = make(w->s, call_create,
                   jfmt("{\"programme\":\"R\",\"edition\":\"1\",\"title\":\"R\","
                        "\"funding_mode\":\"virtual_common_pot\",\"stages\":"
                        "[{\"kind\":\"full_proposal\",\"deadline\":\"%s\"}],"
                        "\"funders\":[{\"organization_id\":%" PRId64 ",\"budget\":1,"
                        "\"currency\":\"EUR\"},{\"organization_id\":%" PRId64
                        ",\"budget\":1,\"currency\":\"EUR\"}],"
                        "\"rules\":{\"min_countries\":2}}",
                        dl, w->fa_de, w->fa_fr));
    json_t *out = NULL;
    serai_err err;
    if (call_transition(w->s, &w->op, w->call, "open", &out, &err) != SERAI_OK)
        fprintf(stderr, "open: %s\n", err.detail);
    json_decref(out);
    /* The proposal: the Chemistry department (DE) with PI pi_de, and the
     * French SME; team member team_fr. */
    json_t *p = jfmt("{\"call_id\":%" PRId64 ",\"title\":\"P\",\"duration_months\":12,"
                     "\"partners\":[{\"organization_id\":%" PRId64 ",\"role\":"
                     "\"coordinator\",\"pi_person_id\":%" PRId64 ",\"funder_id\":%"
                     PRId64 ",\"requested\":100,\"currency\":\"EUR\"},"
                     "{\"organization_id\":%" PRId64 ",\"role\":\"partner\","
                     "\"funder_id\":%" PRId64 ",\"requested\":100,\"currency\":\"EUR\"}],"
                     "\"people\":[%" PRId64 "]}",
                     w->call, w->dept_de, w->pi_de, w->fa_de, w->sme_fr, w->fa_fr,
                     w->team_fr);
    if (proposal_create(w->s, &w->op, p, clock_now(), &out, &err) == SERAI_OK)
        w->proposal = json_integer_value(json_object_get(out, "id"));
    json_decref(out);
    json_decref(p);
    if (proposal_submit(w->s, &w->op, w->proposal, clock_now(), &out, &err) != SERAI_OK)
        fprintf(stderr, "submit: %s\n", err.detail);
    json_decref(out);
}

static serai_code invite(world *w, int64_t person, int min_load, int max_load)
{
    json_t *out = NULL;
    serai_err err;
    json_t *b = jfmt("{\"person_id\":%" PRId64 ",\"min_load\":%d,\"max_load\":%d}",
                     person, min_load, max_load);
    serai_code rc = reviewer_invite(w->s, &w->op, w->call, b, &out, &err);
    json_decref(b);
    json_decref(out);
    return rc;
}

static const char *const setup_ok =
    "{\"per_proposal\":3,\"max_same_country\":1,"
    "\"exclude_applicant_countries\":%s,"
    "\"scheme\":{\"scale\":{\"min\":0,\"max\":5,\"step\":0.5},"
    "\"criteria\":[{\"code\":\"excellence\",\"name\":\"Excellence\",\"threshold\":3.5},"
    "{\"code\":\"impact\",\"name\":\"Impact\",\"weight\":2}],"
    "\"overall_threshold\":10}}";

static void test_setup(void)
{
    world w;
    world_open(&w);
    json_t *out = NULL;
    serai_err err;
    CHECK_INT(review_setup_get(w.s, &w.op, w.call, &out, &err), SERAI_ENOTFOUND);
    json_t *b = jfmt(setup_ok, "false");
    CHECK_INT(review_setup_put(w.s, &w.op, w.call, b, &out, &err), SERAI_OK);
    json_decref(b);
    CHECK_INT(json_integer_value(json_object_get(out, "per_proposal")), 3);
    json_t *c0 = json_array_get(json_object_get(json_object_get(out, "scheme"),
                                                "criteria"), 0);
    CHECK(json_real_value(json_object_get(c0, "threshold")) == 3.5);
    json_decref(out);
    /* Each refusal names its field. */
    static const struct {
        const char *body, *field;
    } bad[] = {
        {"{\"per_proposal\":0,\"scheme\":{}}", "/per_proposal"},
        {"{\"per_proposal\":3,\"scheme\":{\"scale\":{\"min\":0,\"max\":5,\"step\":0.3},"
         "\"criteria\":[{\"code\":\"a\",\"name\":\"A\"}]}}", "/scheme/scale/step"},
        {"{\"per_proposal\":3,\"scheme\":{\"scale\":{\"min\":0,\"max\":5,\"step\":1},"
         "\"criteria\":[{\"code\":\"a\",\"name\":\"A\",\"threshold\":3.5}]}}",
         "/scheme/criteria/0/threshold"},
        {"{\"per_proposal\":3,\"scheme\":{\"scale\":{\"min\":0,\"max\":5,\"step\":1},"
         "\"criteria\":[{\"code\":\"a\",\"name\":\"A\"},{\"code\":\"a\",\"name\":\"B\"}]}}",
         "/scheme/criteria/1/code"},
        {"{\"per_proposal\":3,\"scheme\":{\"scale\":{\"min\":0,\"max\":5,\"step\":1},"
         "\"criteria\":[{\"code\":\"a\",\"name\":\"A\"}],\"overall_threshold\":6}}",
         "/scheme/overall_threshold"},
        {"{\"per_proposal\":3,\"scheme\":{\"scale\":{\"min\":0,\"max\":5,\"step\":1},"
         "\"criteria\":[{\"code\":\"a\",\"name\":\"A\"}],\"colour\":1}}", "/scheme/colour"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        json_t *x = jfmt("%s", bad[i].body);
        CHECK(review_setup_put(w.s, &w.op, w.call, x, &out, &err) != SERAI_OK);
        CHECK_STR(err.field, bad[i].field);
        json_decref(x);
    }
    /* The stored set-up is the first one still. */
    CHECK_INT(review_setup_get(w.s, &w.op, w.call, &out, &err), SERAI_OK);
    CHECK_INT(json_integer_value(json_object_get(out, "per_proposal")), 3);
    json_decref(out);
    /* Only the secretariat sets up; applicants do not even read it. */
    actor app = {.role = ROLE_APPLICANT, .account_id = 99};
    b = jfmt(setup_ok, "true");
    CHECK_INT(review_setup_put(w.s, &app, w.call, b, &out, &err), SERAI_EFORBIDDEN);
    CHECK_INT(review_setup_get(w.s, &app, w.call, &out, &err), SERAI_EFORBIDDEN);
    json_decref(b);
    testdb_close(&w.t);
}

static void test_pool(void)
{
    world w;
    world_open(&w);
    json_t *out = NULL;
    serai_err err;
    CHECK_INT(invite(&w, w.staff_inst, 1, 4), SERAI_OK);
    CHECK_INT(invite(&w, w.staff_inst, 1, 4), SERAI_ECONFLICT);
    CHECK_INT(invite(&w, w.french, 3, 2), SERAI_EUNPROCESSABLE);
    json_t *b = jfmt("{\"person_id\":%" PRId64 ",\"min_load\":3,\"max_load\":2}",
                     w.french);
    CHECK_INT(reviewer_invite(w.s, &w.op, w.call, b, &out, &err), SERAI_EUNPROCESSABLE);
    CHECK_STR(err.field, "/min_load");
    json_decref(b);
    b = jfmt("{\"person_id\":999999,\"max_load\":2}");
    CHECK_INT(reviewer_invite(w.s, &w.op, w.call, b, &out, &err), SERAI_EUNPROCESSABLE);
    CHECK_STR(err.field, "/person_id");
    json_decref(b);
    CHECK_INT(invite(&w, w.french, 0, 2), SERAI_OK);
    /* A reviewer answers its own invitation only; declining needs a reason. */
    actor me = {.role = ROLE_REVIEWER, .account_id = 7, .person_id = w.french};
    actor other = {.role = ROLE_REVIEWER, .account_id = 8, .person_id = w.staff_inst};
    CHECK_INT(reviewer_answer(w.s, &other, w.call, w.french, true, NULL, &out, &err),
              SERAI_ENOTFOUND);
    CHECK_INT(reviewer_answer(w.s, &me, w.call, w.french, false, "", &out, &err),
              SERAI_EINVAL);
    CHECK_INT(reviewer_answer(w.s, &me, w.call, w.french, false, "on leave", &out,
                              &err), SERAI_OK);
    CHECK_STR(json_string_value(json_object_get(out, "status")), "declined");
    CHECK_STR(json_string_value(json_object_get(out, "reason")), "on leave");
    json_decref(out);
    CHECK_INT(reviewer_answer(w.s, &me, w.call, w.french, true, NULL, &out, &err),
              SERAI_ECONFLICT);
    CHECK_INT(reviewer_answer(w.s, &other, w.call, w.staff_inst, true, NULL, &out,
                              &err), SERAI_OK);
    json_decref(out);
    /* The pool's reviewer reads the set-up (its form needs the criteria; the
     * call has none yet: not found, but not forbidden); one who declined
     * does not. */
    out = NULL;
    CHECK_INT(review_setup_get(w.s, &other, w.call, &out, &err), SERAI_ENOTFOUND);
    CHECK_INT(review_setup_get(w.s, &me, w.call, &out, &err), SERAI_EFORBIDDEN);
    CHECK_INT(reviewer_list(w.s, &w.op, w.call, &out, &err), SERAI_OK);
    json_t *items = json_object_get(out, "items");
    CHECK_INT(json_array_size(items), 2);
    CHECK_STR(json_string_value(json_object_get(json_array_get(items, 0), "status")),
              "accepted");
    CHECK_INT(json_integer_value(json_object_get(json_array_get(items, 0), "min_load")), 1);
    json_decref(out);
    testdb_close(&w.t);
}

/* The codes of the conflict of (proposal, person) joined by ',', or "". */
static const char *codes_of(json_t *list, int64_t proposal, int64_t person)
{
    static char buf[256];
    buf[0] = '\0';
    size_t i, j;
    json_t *c, *r;
    json_array_foreach(json_object_get(list, "items"), i, c) {
        if (json_integer_value(json_object_get(c, "proposal_id")) != proposal ||
            json_integer_value(json_object_get(c, "person_id")) != person)
            continue;
        json_array_foreach(json_object_get(c, "reasons"), j, r) {
            size_t len = strlen(buf);
            snprintf(buf + len, sizeof buf - len, "%s%s", len ? "," : "",
                     json_string_value(json_object_get(r, "code")));
        }
    }
    return buf;
}

static void test_conflicts(void)
{
    world w;
    world_open(&w);
    json_t *out = NULL;
    serai_err err;
    json_t *b = jfmt(setup_ok, "false");
    CHECK_INT(review_setup_put(w.s, &w.op, w.call, b, &out, &err), SERAI_OK);
    json_decref(b);
    json_decref(out);
    int64_t everyone[] = {w.pi_de, w.team_fr, w.staff_dept, w.staff_inst,
                          w.outsider_us, w.french};
    for (size_t i = 0; i < sizeof everyone / sizeof *everyone; i++)
        CHECK_INT(invite(&w, everyone[i], 0, 3), SERAI_OK);
    CHECK_INT(conflict_list(w.s, &w.op, w.call, &out, &err), SERAI_OK);
    CHECK_STR(codes_of(out, w.proposal, w.pi_de), "co_applicant");
    CHECK_STR(codes_of(out, w.proposal, w.team_fr), "co_applicant");
    CHECK_STR(codes_of(out, w.proposal, w.staff_dept), "same_organization");
    CHECK_STR(codes_of(out, w.proposal, w.staff_inst), "same_parent");
    CHECK_STR(codes_of(out, w.proposal, w.outsider_us), ""); /* affiliation ended */
    CHECK_STR(codes_of(out, w.proposal, w.french), "");     /* countries allowed */
    json_decref(out);
    /* Excluding applicant countries adds the French reviewer (and the
     * German PI gains a second reason). */
    b = jfmt(setup_ok, "true");
    CHECK_INT(review_setup_put(w.s, &w.op, w.call, b, &out, &err), SERAI_OK);
    json_decref(b);
    json_decref(out);
    /* A declared conflict, by the reviewer itself. */
    actor us = {.role = ROLE_REVIEWER, .account_id = 5, .person_id = w.outsider_us};
    b = jfmt("{\"reason\":\"I co-authored with the coordinator in 2024\"}");
    CHECK_INT(conflict_declare(w.s, &us, w.proposal, b, &out, &err), SERAI_OK);
    json_decref(out);
    CHECK_INT(conflict_declare(w.s, &us, w.proposal, b, &out, &err), SERAI_ECONFLICT);
    json_decref(b);
    /* Not for someone else; not outside the pool. */
    b = jfmt("{\"person_id\":%" PRId64 ",\"reason\":\"x\"}", w.french);
    CHECK_INT(conflict_declare(w.s, &us, w.proposal, b, &out, &err), SERAI_EFORBIDDEN);
    json_decref(b);
    actor stranger = {.role = ROLE_REVIEWER, .account_id = 6, .person_id = 999999};
    b = jfmt("{\"reason\":\"x\"}");
    CHECK_INT(conflict_declare(w.s, &stranger, w.proposal, b, &out, &err),
              SERAI_ENOTFOUND);
    json_decref(b);
    CHECK_INT(conflict_list(w.s, &w.op, w.call, &out, &err), SERAI_OK);
    CHECK_STR(codes_of(out, w.proposal, w.french), "same_country");
    CHECK_STR(codes_of(out, w.proposal, w.pi_de), "co_applicant,same_country");
    CHECK_STR(codes_of(out, w.proposal, w.outsider_us), "declared");
    CHECK_STR(codes_of(out, w.proposal, w.staff_inst), "same_parent");
    json_decref(out);
    /* A declined reviewer has no conflicts listed. */
    actor staff = {.role = ROLE_REVIEWER, .account_id = 9, .person_id = w.staff_inst};
    CHECK_INT(reviewer_answer(w.s, &staff, w.call, w.staff_inst, false, "busy", &out,
                              &err), SERAI_OK);
    json_decref(out);
    CHECK_INT(conflict_list(w.s, &w.op, w.call, &out, &err), SERAI_OK);
    CHECK_STR(codes_of(out, w.proposal, w.staff_inst), "");
    json_decref(out);
    testdb_close(&w.t);
}

static int64_t assign(world *w, int64_t proposal, int64_t person, serai_code want)
{
    json_t *out = NULL;
    serai_err err;
    int64_t id = 0;
    serai_code rc = review_assign(w->s, &w->op, proposal, person, 750, &out, &err);
    CHECK_INT(rc, want);
    if (rc != want)
        fprintf(stderr, "  assign: %s\n", err.detail);
    if (rc == SERAI_OK)
        id = json_integer_value(json_object_get(out, "id"));
    json_decref(out);
    return id;
}

static void test_reviews_and_ranking(void)
{
    world w;
    world_open(&w);
    json_t *out = NULL;
    serai_err err;
    json_t *b = jfmt("{\"per_proposal\":3,\"scheme\":{\"scale\":{\"min\":0,"
                     "\"max\":5,\"step\":0.5},\"criteria\":[{\"code\":\"excellence\","
                     "\"name\":\"Excellence\",\"threshold\":3},{\"code\":\"impact\","
                     "\"name\":\"Impact\"}],\"outlier_rule\":true,"
                     "\"tie_breaks\":[\"excellence\"]}}");
    CHECK_INT(review_setup_put(w.s, &w.op, w.call, b, &out, &err), SERAI_OK);
    json_decref(b);
    json_decref(out);
    int64_t r[3];
    for (int i = 0; i < 3; i++) {
        char name[32];
        snprintf(name, sizeof name, "Reviewer %d", i);
        r[i] = make(w.s, person_create,
                    jfmt("{\"name\":\"%s\",\"country\":\"US\"}", name));
        CHECK_INT(invite(&w, r[i], 0, i == 2 ? 0 : 2), SERAI_OK);
        actor me = {.role = ROLE_REVIEWER, .account_id = 100 + i, .person_id = r[i]};
        CHECK_INT(reviewer_answer(w.s, &me, w.call, r[i], true, NULL, &out, &err),
                  SERAI_OK);
        json_decref(out);
    }
    CHECK_INT(invite(&w, w.staff_dept, 0, 2), SERAI_OK);
    /* Not before the call is closed. */
    assign(&w, w.proposal, r[0], SERAI_ECONFLICT);
    CHECK_INT(call_transition(w.s, &w.op, w.call, "closed", &out, &err), SERAI_OK);
    json_decref(out);
    /* Invited but not accepted; a conflict of interest; a full load. */
    assign(&w, w.proposal, w.staff_dept, SERAI_ECONFLICT);
    actor dept = {.role = ROLE_REVIEWER, .account_id = 99, .person_id = w.staff_dept};
    CHECK_INT(reviewer_answer(w.s, &dept, w.call, w.staff_dept, true, NULL, &out,
                              &err), SERAI_OK);
    json_decref(out);
    CHECK_INT(review_assign(w.s, &w.op, w.proposal, w.staff_dept, -1, &out, &err),
              SERAI_ECONFLICT);
    CHECK(strstr(err.detail, "Uni Nord, Chemistry") != NULL);
    assign(&w, w.proposal, r[2], SERAI_ECONFLICT); /* max load 0 */
    int64_t rv0 = assign(&w, w.proposal, r[0], SERAI_OK);
    int64_t rv1 = assign(&w, w.proposal, r[1], SERAI_OK);
    assign(&w, w.proposal, r[1], SERAI_ECONFLICT);  /* already assigned */
    /* The proposal is now in review. */
    json_t *prop;
    CHECK_INT(proposal_get(w.s, &w.op, w.proposal, &prop, &err), SERAI_OK);
    CHECK_STR(json_string_value(json_object_get(prop, "status")), "in_review");
    json_decref(prop);

    actor me0 = {.role = ROLE_REVIEWER, .account_id = 100, .person_id = r[0]};
    actor me1 = {.role = ROLE_REVIEWER, .account_id = 101, .person_id = r[1]};
    /* Before opening, the reviewer does not see the proposal; scores wait. */
    CHECK_INT(proposal_get(w.s, &me0, w.proposal, &prop, &err), SERAI_ENOTFOUND);
    b = jfmt("{\"scores\":{\"excellence\":4}}");
    CHECK_INT(review_save(w.s, &me0, rv0, b, &out, &err), SERAI_ECONFLICT);
    /* Another reviewer's review does not exist for it. */
    CHECK_INT(review_get(w.s, &me1, rv0, &out, &err), SERAI_ENOTFOUND);
    CHECK_INT(review_open(w.s, &me0, rv0, false, NULL, &out, &err), SERAI_OK);
    CHECK_STR(json_string_value(json_object_get(out, "status")), "draft");
    json_decref(out);
    CHECK_INT(proposal_get(w.s, &me0, w.proposal, &prop, &err), SERAI_OK);
    json_decref(prop);
    /* Scores on the scale only, criteria of the call only. */
    json_t *bad = jfmt("{\"scores\":{\"excellence\":4.25}}");
    CHECK_INT(review_save(w.s, &me0, rv0, bad, &out, &err), SERAI_EUNPROCESSABLE);
    CHECK_STR(err.field, "/scores/excellence");
    json_decref(bad);
    bad = jfmt("{\"scores\":{\"beauty\":4}}");
    CHECK_INT(review_save(w.s, &me0, rv0, bad, &out, &err), SERAI_EUNPROCESSABLE);
    CHECK_STR(err.field, "/scores/beauty");
    json_decref(bad);
    CHECK_INT(review_save(w.s, &me0, rv0, b, &out, &err), SERAI_OK);
    CHECK(json_is_null(json_object_get(out, "overall")));
    json_decref(out);
    json_decref(b);
    CHECK_INT(review_submit(w.s, &me0, rv0, &out, &err), SERAI_EUNPROCESSABLE);
    b = jfmt("{\"scores\":{\"impact\":4.5},\"comments\":\"Strong.\"}");
    CHECK_INT(review_save(w.s, &me0, rv0, b, &out, &err), SERAI_OK);
    CHECK(json_real_value(json_object_get(out, "overall")) == 8.5);
    json_decref(out);
    json_decref(b);
    CHECK_INT(review_submit(w.s, &me0, rv0, &out, &err), SERAI_OK);
    json_decref(out);
    CHECK_INT(review_submit(w.s, &me0, rv0, &out, &err), SERAI_ECONFLICT);
    /* The second reviewer declares a conflict on opening. */
    CHECK_INT(review_open(w.s, &me1, rv1, true, NULL, &out, &err), SERAI_EINVAL);
    CHECK_INT(review_open(w.s, &me1, rv1, true, "my former student leads it", &out,
                          &err), SERAI_OK);
    CHECK_STR(json_string_value(json_object_get(out, "status")), "conflict");
    json_decref(out);
    CHECK_INT(proposal_get(w.s, &me1, w.proposal, &prop, &err), SERAI_ENOTFOUND);
    CHECK_INT(conflict_list(w.s, &w.op, w.call, &out, &err), SERAI_OK);
    CHECK_STR(codes_of(out, w.proposal, r[1]), "declared");
    json_decref(out);

    /* The ranking: one review, mean 8.5 (excellence 4 >= threshold 3). */
    CHECK_INT(ranking_get(w.s, &w.op, w.call, &out, &err), SERAI_OK);
    json_t *first = json_array_get(json_object_get(out, "items"), 0);
    CHECK(json_real_value(json_object_get(first, "score")) == 8.5);
    CHECK_STR(json_string_value(json_object_get(first, "source")), "mean");
    CHECK(json_is_false(json_object_get(first, "below_threshold")));
    CHECK_INT(json_integer_value(json_object_get(first, "rank")), 1);
    json_decref(out);
    /* A consensus by the rapporteur overrides the mean; off-scale refused. */
    b = jfmt("{\"score\":10.5,\"justification\":\"x\"}");
    CHECK_INT(consensus_set(w.s, &me0, w.proposal, b, &out, &err),
              SERAI_EUNPROCESSABLE);
    json_decref(b);
    b = jfmt("{\"score\":7.5,\"justification\":\"Panel view\"}");
    CHECK_INT(consensus_set(w.s, &me1, w.proposal, b, &out, &err), SERAI_ENOTFOUND);
    CHECK_INT(consensus_set(w.s, &me0, w.proposal, b, &out, &err), SERAI_OK);
    json_decref(out);
    json_decref(b);
    CHECK_INT(ranking_get(w.s, &w.op, w.call, &out, &err), SERAI_OK);
    first = json_array_get(json_object_get(out, "items"), 0);
    CHECK(json_real_value(json_object_get(first, "score")) == 7.5);
    CHECK_STR(json_string_value(json_object_get(first, "source")), "consensus");
    json_decref(out);
    /* Reviewers and applicants do not read the ranking. */
    CHECK_INT(ranking_get(w.s, &me0, w.call, &out, &err), SERAI_EFORBIDDEN);
    testdb_close(&w.t);
}

/* Hand assignment keeps to the set-up; a conflict declared after the
 * assignment ends the review; a criterion added later leaves old reviews
 * out of the ranking rather than counting them as zeros. */
static void test_limits_and_late_changes(void)
{
    world w;
    world_open(&w);
    json_t *out = NULL;
    serai_err err;
    const char *setup1 =
        "{\"per_proposal\":2,\"max_same_country\":1,\"scheme\":{\"scale\":"
        "{\"min\":0,\"max\":5,\"step\":1},\"criteria\":[{\"code\":\"q\","
        "\"name\":\"Q\"}]}}";
    json_t *b = jfmt("%s", setup1);
    CHECK_INT(review_setup_put(w.s, &w.op, w.call, b, &out, &err), SERAI_OK);
    json_decref(out);
    json_decref(b);
    int64_t r[3];
    const char *countries[] = {"LT", "LT", "EE"};
    for (int i = 0; i < 3; i++) {
        r[i] = make(w.s, person_create,
                    jfmt("{\"name\":\"L%d\",\"country\":\"%s\"}", i, countries[i]));
        CHECK_INT(invite(&w, r[i], 0, 3), SERAI_OK);
        actor me = {.role = ROLE_REVIEWER, .account_id = 300 + i, .person_id = r[i]};
        CHECK_INT(reviewer_answer(w.s, &me, w.call, r[i], true, NULL, &out, &err),
                  SERAI_OK);
        json_decref(out);
    }
    CHECK_INT(call_transition(w.s, &w.op, w.call, "closed", &out, &err), SERAI_OK);
    json_decref(out);
    int64_t rv0 = assign(&w, w.proposal, r[0], SERAI_OK);
    CHECK_INT(review_assign(w.s, &w.op, w.proposal, r[1], -1, &out, &err),
              SERAI_ECONFLICT);                  /* a second Lithuanian */
    CHECK(strstr(err.detail, "country") != NULL);
    assign(&w, w.proposal, r[2], SERAI_OK);
    CHECK_INT(review_assign(w.s, &w.op, w.proposal, r[1], -1, &out, &err),
              SERAI_ECONFLICT);                  /* two reviewers already */
    CHECK_STR(err.field, "/proposal_id");
    /* The first reviewer scores and submits; then a conflict comes to
     * light and is declared by the secretariat: the review ends. */
    actor me0 = {.role = ROLE_REVIEWER, .account_id = 300, .person_id = r[0]};
    CHECK_INT(review_open(w.s, &me0, rv0, false, NULL, &out, &err), SERAI_OK);
    json_decref(out);
    b = jfmt("{\"scores\":{\"q\":4}}");
    CHECK_INT(review_save(w.s, &me0, rv0, b, &out, &err), SERAI_OK);
    json_decref(out);
    json_decref(b);
    CHECK_INT(review_submit(w.s, &me0, rv0, &out, &err), SERAI_OK);
    json_decref(out);
    /* A criterion added later: the submitted review lacks it. */
    b = jfmt("{\"per_proposal\":2,\"scheme\":{\"scale\":{\"min\":0,\"max\":5,"
             "\"step\":1},\"criteria\":[{\"code\":\"q\",\"name\":\"Q\"},"
             "{\"code\":\"y\",\"name\":\"Y\",\"threshold\":2}]}}");
    CHECK_INT(review_setup_put(w.s, &w.op, w.call, b, &out, &err), SERAI_OK);
    json_decref(out);
    json_decref(b);
    CHECK_INT(ranking_get(w.s, &w.op, w.call, &out, &err), SERAI_OK);
    CHECK_INT(json_integer_value(json_object_get(out, "incomplete_reviews")), 1);
    json_t *first = json_array_get(json_object_get(out, "items"), 0);
    CHECK(json_is_null(json_object_get(first, "score")));
    CHECK(json_is_false(json_object_get(first, "below_threshold")));
    json_decref(out);
    b = jfmt("%s", setup1);
    CHECK_INT(review_setup_put(w.s, &w.op, w.call, b, &out, &err), SERAI_OK);
    json_decref(out);
    json_decref(b);
    b = jfmt("{\"person_id\":%" PRId64 ",\"reason\":\"Co-author found\"}", r[0]);
    CHECK_INT(conflict_declare(w.s, &w.op, w.proposal, b, &out, &err), SERAI_OK);
    json_decref(out);
    json_decref(b);
    CHECK_INT(review_get(w.s, &w.op, rv0, &out, &err), SERAI_OK);
    CHECK_STR(json_string_value(json_object_get(out, "status")), "conflict");
    json_decref(out);
    CHECK_INT(ranking_get(w.s, &w.op, w.call, &out, &err), SERAI_OK);
    first = json_array_get(json_object_get(out, "items"), 0);
    CHECK_INT(json_integer_value(json_object_get(first, "reviews")), 0);
    json_decref(out);
    /* The freed place can be filled. */
    assign(&w, w.proposal, r[1], SERAI_OK);
    testdb_close(&w.t);
}

/* Calibration: reviewer A is two points harsher than its peers on both
 * proposals it shares; its severity is -2 and its scores are lifted. */
static void test_calibration(void)
{
    world w;
    world_open(&w);
    json_t *out = NULL;
    serai_err err;
    int64_t props[3] = {w.proposal, 0, 0};
    for (int i = 1; i < 3; i++) {
        json_t *b = jfmt("{\"call_id\":%" PRId64 ",\"title\":\"T%d\","
                         "\"duration_months\":12,\"partners\":[{\"organization_id\":%"
                         PRId64 ",\"role\":\"coordinator\",\"funder_id\":%" PRId64
                         ",\"requested\":1,\"currency\":\"EUR\"},{\"organization_id\":%"
                         PRId64 ",\"role\":\"partner\",\"funder_id\":%" PRId64
                         ",\"requested\":1,\"currency\":\"EUR\"}]}",
                         w.call, i, w.uni_de, w.fa_de, w.sme_fr, w.fa_fr);
        CHECK_INT(proposal_create(w.s, &w.op, b, clock_now(), &out, &err), SERAI_OK);
        props[i] = json_integer_value(json_object_get(out, "id"));
        json_decref(out);
        json_decref(b);
        CHECK_INT(proposal_submit(w.s, &w.op, props[i], clock_now(), &out, &err),
                  SERAI_OK);
        json_decref(out);
    }
    json_t *b = jfmt("{\"per_proposal\":3,\"scheme\":{\"scale\":{\"min\":0,\"max\":5,"
                     "\"step\":1},\"criteria\":[{\"code\":\"q\",\"name\":\"Q\"}],"
                     "\"calibrate\":true}}");
    CHECK_INT(review_setup_put(w.s, &w.op, w.call, b, &out, &err), SERAI_OK);
    json_decref(out);
    json_decref(b);
    CHECK_INT(call_transition(w.s, &w.op, w.call, "closed", &out, &err), SERAI_OK);
    json_decref(out);
    int64_t rv[4];
    for (int i = 0; i < 4; i++) {
        rv[i] = make(w.s, person_create,
                     jfmt("{\"name\":\"C%d\",\"country\":\"US\"}", i));
        CHECK_INT(invite(&w, rv[i], 0, 3), SERAI_OK);
        actor me = {.role = ROLE_REVIEWER, .account_id = 400 + i, .person_id = rv[i]};
        CHECK_INT(reviewer_answer(w.s, &me, w.call, rv[i], true, NULL, &out, &err),
                  SERAI_OK);
        json_decref(out);
    }
    /* X: A 2, B 4, C 4; Y: A 2, C 4, D 4; Z: B 3, C 3, D 3. */
    static const struct { int prop, reviewer, score; } plan[] = {
        {0, 0, 2}, {0, 1, 4}, {0, 2, 4}, {1, 0, 2}, {1, 2, 4}, {1, 3, 4},
        {2, 1, 3}, {2, 2, 3}, {2, 3, 3}};
    for (size_t i = 0; i < sizeof plan / sizeof *plan; i++) {
        int64_t id = assign(&w, props[plan[i].prop], rv[plan[i].reviewer], SERAI_OK);
        actor me = {.role = ROLE_REVIEWER, .account_id = 400 + plan[i].reviewer,
                    .person_id = rv[plan[i].reviewer]};
        CHECK_INT(review_open(w.s, &me, id, false, NULL, &out, &err), SERAI_OK);
        json_decref(out);
        b = jfmt("{\"scores\":{\"q\":%d}}", plan[i].score);
        CHECK_INT(review_save(w.s, &me, id, b, &out, &err), SERAI_OK);
        json_decref(out);
        json_decref(b);
        CHECK_INT(review_submit(w.s, &me, id, &out, &err), SERAI_OK);
        json_decref(out);
    }
    CHECK_INT(ranking_get(w.s, &w.op, w.call, &out, &err), SERAI_OK);
    CHECK(json_is_true(json_object_get(out, "calibrated")));
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(out, "severities"), i, v)
        if (json_integer_value(json_object_get(v, "person_id")) == rv[0]) {
            CHECK(json_real_value(json_object_get(v, "severity")) == -2.0);
            CHECK_INT(json_integer_value(json_object_get(v, "comparisons")), 2);
        }
    json_array_foreach(json_object_get(out, "items"), i, v) {
        if (json_integer_value(json_object_get(v, "proposal_id")) != props[0])
            continue;
        double score = json_real_value(json_object_get(v, "score"));
        /* A 2+2, B 4-0.5, C 4-2/3: mean 3.6111 (raw 3.3333). */
        CHECK(score > 3.6110 && score < 3.6112);
        CHECK_STR(json_string_value(json_object_get(v, "source")), "calibrated_mean");
    }
    json_decref(out);
    testdb_close(&w.t);
}

/* The assignment run: three proposals, five reviewers whose papers match
 * one proposal each; one reviewer conflicts.  Exact optimum checked by
 * the reviews it writes. */
static void test_match(void)
{
    world w;
    world_open(&w);
    json_t *out = NULL;
    serai_err err;
    static const char *const topics[] = {
        "groundwater isotopes aquifer recharge",
        "coral reef bleaching ocean warming",
        "wheat rust fungal resistance genetics"};
    int64_t props[3] = {w.proposal, 0, 0};
    json_t *b;
    for (int i = 1; i < 3; i++) {
        b = jfmt("{\"call_id\":%" PRId64 ",\"title\":\"%s\",\"duration_months\":12,"
                 "\"partners\":[{\"organization_id\":%" PRId64 ",\"role\":"
                 "\"coordinator\",\"funder_id\":%" PRId64 ",\"requested\":1,"
                 "\"currency\":\"EUR\"},{\"organization_id\":%" PRId64
                 ",\"role\":\"partner\",\"funder_id\":%" PRId64
                 ",\"requested\":1,\"currency\":\"EUR\"}]}",
                 w.call, topics[i], w.uni_de, w.fa_de, w.sme_fr, w.fa_fr);
        CHECK_INT(proposal_create(w.s, &w.op, b, clock_now(), &out, &err), SERAI_OK);
        props[i] = json_integer_value(json_object_get(out, "id"));
        json_decref(out);
        json_decref(b);
        CHECK_INT(proposal_submit(w.s, &w.op, props[i], clock_now(), &out, &err),
                  SERAI_OK);
        json_decref(out);
    }
    b = jfmt("{\"title\":\"%s\"}", topics[0]);
    CHECK_INT(proposal_update(w.s, &w.op, w.proposal, b, clock_now(), &out, &err),
              SERAI_OK);
    json_decref(out);
    json_decref(b);
    b = jfmt("{\"per_proposal\":1,\"scheme\":{\"scale\":{\"min\":0,\"max\":5,"
             "\"step\":1},\"criteria\":[{\"code\":\"q\",\"name\":\"Q\"}]}}");
    CHECK_INT(review_setup_put(w.s, &w.op, w.call, b, &out, &err), SERAI_OK);
    json_decref(out);
    json_decref(b);
    /* Reviewer i has papers on topic i; reviewer 3 works at the Chemistry
     * department (a partner of proposal 0) yet writes on its topic. */
    int64_t rv[4];
    for (int i = 0; i < 4; i++) {
        char aff[96] = "";
        if (i == 3)
            snprintf(aff, sizeof aff, ",\"affiliations\":[{\"organization_id\":%"
                     PRId64 "}]", w.dept_de);
        rv[i] = make(w.s, person_create,
                     jfmt("{\"name\":\"Matcher %d\",\"country\":\"US\","
                          "\"publications\":[{\"title\":\"On %s\"}]%s}",
                          i, topics[i < 3 ? i : 0], aff));
        CHECK_INT(invite(&w, rv[i], 0, 1), SERAI_OK);
        actor me = {.role = ROLE_REVIEWER, .account_id = 200 + i, .person_id = rv[i]};
        CHECK_INT(reviewer_answer(w.s, &me, w.call, rv[i], true, NULL, &out, &err),
                  SERAI_OK);
        json_decref(out);
    }
    /* Not before the call is closed. */
    CHECK_INT(review_assign_run(w.s, &w.op, w.call, false, &out, &err),
              SERAI_ECONFLICT);
    CHECK_INT(call_transition(w.s, &w.op, w.call, "closed", &out, &err), SERAI_OK);
    json_decref(out);
    CHECK_INT(review_assign_run(w.s, &w.op, w.call, false, &out, &err), SERAI_OK);
    CHECK_INT(json_integer_value(json_object_get(out, "assigned")), 3);
    json_decref(out);
    /* Each proposal got the reviewer of its topic; the conflicted expert
     * of topic 0 was not used. */
    for (int i = 0; i < 3; i++) {
        review_filter f = {0, props[i], NULL, {10, 0}};
        CHECK_INT(review_list(w.s, &w.op, &f, &out, &err), SERAI_OK);
        json_t *items = json_object_get(out, "items");
        CHECK_INT(json_array_size(items), 1);
        CHECK_INT(json_integer_value(json_object_get(json_array_get(items, 0),
                                                     "person_id")), rv[i]);
        json_decref(out);
    }
    /* Nothing left to assign. */
    CHECK_INT(review_assign_run(w.s, &w.op, w.call, false, &out, &err),
              SERAI_ECONFLICT);
    testdb_close(&w.t);
}

int main(void)
{
    RUN(test_setup);
    RUN(test_pool);
    RUN(test_conflicts);
    RUN(test_reviews_and_ranking);
    RUN(test_limits_and_late_changes);
    RUN(test_calibration);
    RUN(test_match);
    return check_report();
}
