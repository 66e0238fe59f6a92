/*
 * test_calls.c -- calls for proposals (project/call.h) and proposals
 * (project/proposal.h) through the library, on the database: creation
 * with rule-set versions, the call's lifecycle, bad input named by its
 * JSON pointer with nothing half-written, deadlines to the second,
 * eligibility judged per round (the per-person limit, commitment forms),
 * per-object rights of applicants, funders and observers, and the
 * CSV/XLSX export.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "check.h"
#include "core/clock.h"
#include "project/call.h"
#include "project/proposal.h"
#include "registry/org.h"
#include "registry/person.h"
#include "testdb.h"

#define DAY 86400

/* ---- helpers --------------------------------------------------------- */

static json_t *jfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static json_t *jfmt(const char *fmt, ...)
{
    char text[16384];
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

static const char *sget(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static int64_t iget(json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

/* The single integer of a query such as "SELECT count(*) FROM call". */
static int64_t count(store *s, const char *sql)
{
    serai_err err;
    store_stmt *st;
    if (store_prepare(s, sql, &st, &err) != SERAI_OK) {
        fprintf(stderr, "count: %s: %s\n", sql, err.detail);
        return -1;
    }
    int64_t n = -1;
    if (store_step(st, &err) == STORE_ROW)
        n = store_col_int64(st, 0);
    store_reset(st);
    return n;
}

static int64_t audit_records(store *s)
{
    serai_err err;
    audit_report rep;
    if (audit_verify(s, &rep, &err) != SERAI_OK)
        return -1;
    return rep.checked;
}

/* Everything the call and proposal modules write, in one number per
 * table, to show that a refused write left nothing behind. */
typedef struct rows {
    int64_t call, stage, funder, rules, proposal, partner, person, line, audit;
} rows;

static rows rows_now(store *s)
{
    rows r = {count(s, "SELECT count(*) FROM call"),
              count(s, "SELECT count(*) FROM call_stage"),
              count(s, "SELECT count(*) FROM call_funder"),
              count(s, "SELECT count(*) FROM call_rules"),
              count(s, "SELECT count(*) FROM proposal"),
              count(s, "SELECT count(*) FROM proposal_partner"),
              count(s, "SELECT count(*) FROM proposal_person"),
              count(s, "SELECT count(*) FROM budget_line"),
              audit_records(s)};
    return r;
}

static bool rows_equal(rows a, rows b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* ---- the world: organisations, people, accounts ---------------------- */

typedef struct world {
    testdb t;
    store *s;
    actor op;
    int64_t fa_de, fa_fr, uni_de, sme_fr, uni_fr, uni_us, sme_de;
    int64_t p1, p2, p3, p4;
    int64_t now;           /* the real clock when the world was made */
    int64_t deadline;      /* now + 1 day, to the second */
    char dl[CLOCK_ISO_LEN];
} world;

static int64_t make(store *s, serai_code (*fn)(store *, const actor *, json_t *,
                                               json_t **, serai_err *),
                    json_t *body)
{
    actor op = actor_operator();
    serai_err err;
    json_t *out = NULL;
    int64_t id = 0;
    if (fn(s, &op, body, &out, &err) == SERAI_OK)
        id = iget(out, "id");
    else
        fprintf(stderr, "setup failed: %s: %s\n", err.field, err.detail);
    json_decref(out);
    json_decref(body);
    return id;
}

static int64_t org(store *s, const char *name, const char *type,
                   const char *country)
{
    bool sme = strcmp(type, "sme") == 0;
    return make(s, org_create,
                jfmt("{\"name\":\"%s\",\"type\":\"%s\",\"country\":\"%s\"%s}",
                     name, type, country,
                     sme ? ",\"sme_evidence\":\"national register\"" : ""));
}

static int64_t person(store *s, const char *name, const char *country)
{
    return make(s, person_create,
                jfmt("{\"name\":\"%s\",\"country\":\"%s\"}", name, country));
}

/* An account of role with person and organisation links (0: none), as
 * the actor the HTTP adapter would build for it. */
static actor account(world *w, const char *email, role r, int64_t person_id,
                     int64_t org_id)
{
    char links[96] = "";
    int n = 0;
    if (person_id)
        n += snprintf(links + n, sizeof links - (size_t)n,
                      ",\"person_id\":%" PRId64, person_id);
    if (org_id)
        snprintf(links + n, sizeof links - (size_t)n,
                 ",\"organization_id\":%" PRId64, org_id);
    actor a = {.role = r, .person_id = person_id, .org_id = org_id};
    a.account_id = make(w->s, account_create,
                        jfmt("{\"email\":\"%s\",\"name\":\"%s\",\"role\":\"%s\","
                             "\"password\":\"a long enough password\"%s}",
                             email, email, role_name(r), links));
    snprintf(a.label, sizeof a.label, "%s", email);
    return a;
}

static void world_open(world *w)
{
    memset(w, 0, sizeof *w);
    w->s = testdb_open(&w->t);
    w->op = actor_operator();
    w->fa_de = org(w->s, "Agentur DE", "funding_agency", "DE");
    w->fa_fr = org(w->s, "Agence FR", "funding_agency", "FR");
    w->uni_de = org(w->s, "Universitaet DE", "university", "DE");
    w->sme_fr = org(w->s, "PME FR", "sme", "FR");
    w->uni_fr = org(w->s, "Universite FR", "university", "FR");
    w->uni_us = org(w->s, "University US", "university", "US");
    w->sme_de = org(w->s, "KMU DE", "sme", "DE");
    w->p1 = person(w->s, "Person One", "DE");
    w->p2 = person(w->s, "Person Two", "FR");
    w->p3 = person(w->s, "Person Three", "FR");
    w->p4 = person(w->s, "Person Four", "FR");
    w->now = clock_now();
    w->deadline = w->now + DAY;
    clock_format(w->deadline, w->dl);
}

static void world_close(world *w)
{
    testdb_close(&w->t);
}

/* A call body: one full-proposal stage with deadline dl, the German and
 * French agencies (EUR) as funders, a virtual common pot, rules as given
 * (NULL: none). */
static json_t *call_body(const world *w, const char *edition, const char *dl,
                         const char *rules)
{
    char r[4096] = "";
    if (rules)
        snprintf(r, sizeof r, ",\"rules\":%s", rules);
    return jfmt("{\"programme\":\"Joint Call\",\"edition\":\"%s\","
                "\"title\":\"Joint call %s\",\"funding_mode\":\"virtual_common_pot\","
                "\"stages\":[{\"kind\":\"full_proposal\",\"deadline\":\"%s\"}],"
                "\"funders\":[{\"organization_id\":%" PRId64 ",\"budget\":500000000,"
                "\"currency\":\"EUR\"},{\"organization_id\":%" PRId64
                ",\"budget\":300000000,\"currency\":\"EUR\"}]%s}",
                edition, edition, dl, w->fa_de, w->fa_fr, r);
}

static int64_t create_call(world *w, json_t *body)
{
    return make(w->s, call_create, body);
}

/* A call with rules, opened. */
static int64_t open_call(world *w, const char *edition, const char *rules)
{
    int64_t id = create_call(w, call_body(w, edition, w->dl, rules));
    serai_err err;
    json_t *out = NULL;
    if (call_transition(w->s, &w->op, id, "open", &out, &err) != SERAI_OK)
        fprintf(stderr, "open_call: %s\n", err.detail);
    json_decref(out);
    return id;
}

/* A proposal body: coordinator uni_de paid by the German agency
 * (400000.00 EUR), partner sme_fr paid by the French one (200000.00 EUR),
 * PIs a and b (0: none), people as JSON text. */
static json_t *prop_body(const world *w, int64_t call, const char *acronym,
                         int64_t pi_a, int64_t pi_b, const char *people)
{
    char a[48] = "", b[48] = "";
    if (pi_a)
        snprintf(a, sizeof a, ",\"pi_person_id\":%" PRId64, pi_a);
    if (pi_b)
        snprintf(b, sizeof b, ",\"pi_person_id\":%" PRId64, pi_b);
    return jfmt("{\"call_id\":%" PRId64 ",\"acronym\":\"%s\",\"title\":\"Project %s\","
                "\"duration_months\":24,\"partners\":["
                "{\"organization_id\":%" PRId64 ",\"role\":\"coordinator\","
                "\"funder_id\":%" PRId64 ",\"requested\":40000000,\"currency\":\"EUR\"%s},"
                "{\"organization_id\":%" PRId64 ",\"role\":\"partner\","
                "\"funder_id\":%" PRId64 ",\"requested\":20000000,\"currency\":\"EUR\"%s}],"
                "\"people\":%s}",
                call, acronym, acronym, w->uni_de, w->fa_de, a, w->sme_fr,
                w->fa_fr, b, people ? people : "[]");
}

/* A one-partner proposal: org paid by funder, 100000.00 EUR. */
static json_t *prop_one(int64_t call, const char *acronym, int64_t org_id,
                        int64_t funder, int64_t pi)
{
    char p[48] = "";
    if (pi)
        snprintf(p, sizeof p, ",\"pi_person_id\":%" PRId64, pi);
    return jfmt("{\"call_id\":%" PRId64 ",\"acronym\":\"%s\",\"title\":\"Project %s\","
                "\"duration_months\":12,\"partners\":[{\"organization_id\":%" PRId64
                ",\"role\":\"coordinator\",\"funder_id\":%" PRId64
                ",\"requested\":10000000,\"currency\":\"EUR\"%s}]}",
                call, acronym, acronym, org_id, funder, p);
}

static int64_t create_prop(world *w, const actor *who, json_t *body)
{
    serai_err err;
    json_t *out = NULL;
    int64_t id = 0;
    if (proposal_create(w->s, who, body, w->now, &out, &err) == SERAI_OK)
        id = iget(out, "id");
    else
        fprintf(stderr, "create_prop: %s: %s\n", err.field, err.detail);
    json_decref(out);
    json_decref(body);
    return id;
}

/* Submit at now; the stored status, or "" when refused. */
static char last_status[16];
static const char *submit(world *w, const actor *who, int64_t id, int64_t now)
{
    serai_err err;
    json_t *out = NULL;
    last_status[0] = '\0';
    if (proposal_submit(w->s, who, id, now, &out, &err) == SERAI_OK)
        snprintf(last_status, sizeof last_status, "%s", sget(out, "status"));
    else
        fprintf(stderr, "submit %" PRId64 ": %s\n", id, err.detail);
    json_decref(out);
    return last_status;
}

/* The stored status of proposal id, as the secretariat sees it. */
static char status_buf[8][16];
static int status_next;
static const char *status_of(world *w, int64_t id)
{
    char *b = status_buf[status_next++ % 8];
    serai_err err;
    json_t *out = NULL;
    b[0] = '\0';
    if (proposal_get(w->s, &w->op, id, &out, &err) == SERAI_OK)
        snprintf(b, 16, "%s", sget(out, "status"));
    json_decref(out);
    return b;
}

/* The stored eligibility result's rule with code, or NULL (new ref). */
static json_t *stored_rule(world *w, int64_t id, const char *code)
{
    serai_err err;
    json_t *out = NULL, *found = NULL;
    if (proposal_get(w->s, &w->op, id, &out, &err) != SERAI_OK)
        return NULL;
    size_t i;
    json_t *r;
    json_t *rules = json_object_get(json_object_get(out, "eligibility"), "rules");
    json_array_foreach(rules, i, r) {
        if (found == NULL && strcmp(sget(r, "code"), code) == 0)
            found = json_incref(r);
    }
    json_decref(out);
    return found;
}

/* ---- calls ----------------------------------------------------------- */

static void test_call_create_stored_and_versions(void)
{
    world w;
    world_open(&w);
    serai_err err;
    char dl1[CLOCK_ISO_LEN];
    clock_format(w.deadline - 3600, dl1);
    json_t *body = jfmt(
        "{\"programme\":\"Belmont\",\"edition\":\"2026\",\"title\":\"Water call\","
        "\"title_lang\":\"en\",\"titles\":{\"zh\":\"水资源征集\",\"fr\":\"Appel eau\"},"
        "\"descriptions\":{\"en\":\"About water.\",\"zh\":\"关于水。\"},"
        "\"funding_mode\":\"virtual_common_pot\",\"time_zone\":\"Europe/Paris\","
        "\"stages\":[{\"kind\":\"letter_of_intent\",\"deadline\":\"%s\"},"
        "{\"kind\":\"full_proposal\",\"deadline\":\"%s\"}],"
        "\"funders\":[{\"organization_id\":%" PRId64 ",\"budget\":500000000,"
        "\"currency\":\"EUR\",\"annex\":{\"max_request\":50000000,"
        "\"own_country_only\":true}},{\"organization_id\":%" PRId64
        ",\"budget\":250000000,\"currency\":\"EUR\"}],"
        "\"agenda_issues\":[3,7],"
        "\"rules\":{\"min_countries\":2,\"participating_countries\":{}}}",
        dl1, w.dl, w.fa_de, w.fa_fr);
    json_t *out = NULL;
    CHECK_INT(call_create(w.s, &w.op, body, &out, &err), SERAI_OK);
    json_decref(body);
    int64_t id = iget(out, "id");
    CHECK(id > 0);
    json_decref(out);

    /* Read back from the database. */
    CHECK_INT(call_get(w.s, &w.op, id, &out, &err), SERAI_OK);
    CHECK_STR(sget(out, "status"), "draft");
    CHECK_STR(sget(out, "title"), "Water call");
    CHECK_STR(sget(out, "time_zone"), "Europe/Paris");
    json_t *titles = json_object_get(out, "titles");
    CHECK_STR(sget(titles, "en"), "Water call");
    CHECK_STR(sget(titles, "zh"), "水资源征集");
    CHECK_STR(sget(titles, "fr"), "Appel eau");
    CHECK_STR(sget(json_object_get(out, "descriptions"), "zh"), "关于水。");
    CHECK_INT(iget(out, "rule_version"), 1);
    json_t *stages = json_object_get(out, "stages");
    CHECK_INT(json_array_size(stages), 2);
    CHECK_STR(sget(json_array_get(stages, 0), "kind"), "letter_of_intent");
    CHECK_STR(sget(json_array_get(stages, 0), "deadline"), dl1);
    CHECK_STR(sget(json_array_get(stages, 1), "kind"), "full_proposal");
    CHECK_STR(sget(json_array_get(stages, 1), "deadline"), w.dl);
    json_t *funders = json_object_get(out, "funders");
    CHECK_INT(json_array_size(funders), 2);
    json_t *f0 = json_array_get(funders, 0);
    CHECK_INT(iget(f0, "organization_id"), w.fa_de);
    CHECK_INT(iget(f0, "budget"), 500000000);
    CHECK_STR(sget(f0, "currency"), "EUR");
    CHECK_STR(sget(f0, "country"), "DE");
    CHECK_STR(sget(f0, "name"), "Agentur DE");
    CHECK_INT(iget(json_object_get(f0, "annex"), "max_request"), 50000000);
    CHECK_INT(iget(json_array_get(funders, 1), "budget"), 250000000);
    CHECK(json_is_null(json_object_get(json_array_get(funders, 1), "annex")));
    json_t *pc = json_object_get(out, "participating_countries");
    CHECK_INT(json_array_size(pc), 2);
    CHECK_INT(iget(json_object_get(out, "rules"), "min_countries"), 2);
    CHECK_INT(json_array_size(json_object_get(out, "agenda_issues")), 2);
    json_decref(out);

    /* The engine's rule set: the funders' countries fill the list. */
    elig_rules *r = malloc(sizeof *r);
    int version = 0;
    CHECK_INT(call_rules_load(w.s, id, 0, r, &version, &err), SERAI_OK);
    CHECK_INT(version, 1);
    CHECK_INT(r->version, 1);
    CHECK_INT(r->nfunders, 2);
    CHECK(r->funders[0].annex.present && r->funders[0].annex.own_country_only);
    free(r);

    /* The same rules again: no new version. */
    body = jfmt("{\"rules\":{\"min_countries\":2,\"participating_countries\":{}}}");
    CHECK_INT(call_update(w.s, &w.op, id, body, &out, &err), SERAI_OK);
    json_decref(body);
    CHECK_INT(iget(out, "rule_version"), 1);
    json_decref(out);
    CHECK_INT(count(w.s, "SELECT count(*) FROM call_rules"), 1);
    /* A change adds version 2; version 1 stays as it was. */
    body = jfmt("{\"rules\":{\"min_countries\":3}}");
    CHECK_INT(call_update(w.s, &w.op, id, body, &out, &err), SERAI_OK);
    json_decref(body);
    CHECK_INT(iget(out, "rule_version"), 2);
    CHECK_INT(iget(json_object_get(out, "rules"), "min_countries"), 3);
    json_decref(out);
    CHECK_INT(call_rules_get(w.s, &w.op, id, 0, &out, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "items")), 2);
    json_decref(out);
    CHECK_INT(call_rules_get(w.s, &w.op, id, 1, &out, &err), SERAI_OK);
    CHECK_INT(iget(out, "version"), 1);
    CHECK_INT(iget(json_object_get(out, "rules"), "min_countries"), 2);
    CHECK(json_object_get(json_object_get(out, "rules"), "participating_countries"));
    json_decref(out);
    CHECK_INT(call_rules_get(w.s, &w.op, id, 3, &out, &err), SERAI_ENOTFOUND);
    /* The same again: still 2. */
    body = jfmt("{\"rules\":{\"min_countries\":3}}");
    CHECK_INT(call_update(w.s, &w.op, id, body, &out, &err), SERAI_OK);
    json_decref(body);
    CHECK_INT(iget(out, "rule_version"), 2);
    json_decref(out);
    CHECK_INT(count(w.s, "SELECT count(*) FROM call_rules"), 2);

    /* The same programme and edition twice. */
    body = call_body(&w, "2026", w.dl, "{}");
    json_object_set_new(body, "programme", json_string("Belmont"));
    CHECK_INT(call_create(w.s, &w.op, body, &out, &err), SERAI_ECONFLICT);
    CHECK_STR(err.field, "/edition");
    json_decref(body);
    /* Only the secretariat creates. */
    actor funder = {.role = ROLE_FUNDER, .org_id = w.fa_de};
    body = call_body(&w, "other", w.dl, "{}");
    CHECK_INT(call_create(w.s, &funder, body, &out, &err), SERAI_EFORBIDDEN);
    json_decref(body);
    world_close(&w);
}

static const char *status_after(world *w, int64_t id, const char *to,
                                serai_code want)
{
    static char buf[16];
    serai_err err;
    json_t *out = NULL;
    serai_code rc = call_transition(w->s, &w->op, id, to, &out, &err);
    CHECK_INT(rc, want);
    if (rc != want)
        fprintf(stderr, "  to %s: %s\n", to, err.detail);
    json_decref(out);
    call_info c;
    buf[0] = '\0';
    if (call_info_load(w->s, id, &c, &err) == SERAI_OK)
        snprintf(buf, sizeof buf, "%s", c.status);
    return buf;
}

static void test_call_lifecycle(void)
{
    world w;
    world_open(&w);
    serai_err err;
    json_t *out = NULL;
    int64_t id = create_call(&w, call_body(&w, "life", w.dl, "{\"min_partners\":1}"));
    CHECK(id > 0);
    /* Skipping and going back are refused, one step at a time. */
    CHECK_STR(status_after(&w, id, "closed", SERAI_ECONFLICT), "draft");
    CHECK_STR(status_after(&w, id, "decided", SERAI_ECONFLICT), "draft");
    CHECK_STR(status_after(&w, id, "draft", SERAI_EINVAL), "draft");
    CHECK_STR(status_after(&w, id, "frozen", SERAI_EINVAL), "draft");
    /* Others may not move it. */
    actor funder = {.role = ROLE_FUNDER, .org_id = w.fa_de};
    CHECK_INT(call_transition(w.s, &funder, id, "open", &out, &err), SERAI_EFORBIDDEN);
    CHECK_STR(status_after(&w, id, "open", SERAI_OK), "open");
    CHECK_STR(status_after(&w, id, "open", SERAI_ECONFLICT), "open");
    CHECK_STR(status_after(&w, id, "in_evaluation", SERAI_ECONFLICT), "open");
    CHECK_STR(status_after(&w, id, "closed", SERAI_OK), "closed");
    CHECK_STR(status_after(&w, id, "open", SERAI_ECONFLICT), "closed");
    CHECK_STR(status_after(&w, id, "decided", SERAI_ECONFLICT), "closed");
    CHECK_STR(status_after(&w, id, "in_evaluation", SERAI_OK), "in_evaluation");
    CHECK_STR(status_after(&w, id, "decided", SERAI_OK), "decided");
    CHECK_STR(status_after(&w, id, "closed", SERAI_ECONFLICT), "decided");
    CHECK_STR(status_after(&w, id, "decided", SERAI_ECONFLICT), "decided");
    /* A closed or later call does not change. */
    json_t *body = jfmt("{\"title\":\"Renamed\"}");
    CHECK_INT(call_update(w.s, &w.op, id, body, &out, &err), SERAI_ECONFLICT);
    json_decref(body);
    world_close(&w);
}

static void test_call_open_requirements(void)
{
    world w;
    world_open(&w);
    /* No funders. */
    json_t *body = call_body(&w, "nofunders", w.dl, "{\"min_partners\":1}");
    json_object_del(body, "funders");
    int64_t a = create_call(&w, body);
    CHECK(a > 0);
    CHECK_STR(status_after(&w, a, "open", SERAI_ECONFLICT), "draft");
    /* An empty funder list is no better. */
    body = call_body(&w, "emptyfunders", w.dl, "{\"min_partners\":1}");
    json_object_set_new(body, "funders", json_array());
    int64_t a2 = create_call(&w, body);
    CHECK(a2 > 0);
    CHECK_STR(status_after(&w, a2, "open", SERAI_ECONFLICT), "draft");
    /* No rules. */
    int64_t b = create_call(&w, call_body(&w, "norules", w.dl, NULL));
    CHECK(b > 0);
    CHECK_STR(status_after(&w, b, "open", SERAI_ECONFLICT), "draft");
    /* The deadline has passed (one second ago). */
    char past[CLOCK_ISO_LEN];
    clock_format(clock_now() - 1, past);
    int64_t c = create_call(&w, call_body(&w, "past", past, "{\"min_partners\":1}"));
    CHECK(c > 0);
    CHECK_STR(status_after(&w, c, "open", SERAI_ECONFLICT), "draft");
    /* Fixed, each opens. */
    serai_err err;
    json_t *out = NULL;
    body = jfmt("{\"funders\":[{\"organization_id\":%" PRId64
                ",\"budget\":1,\"currency\":\"EUR\"}]}", w.fa_de);
    CHECK_INT(call_update(w.s, &w.op, a, body, &out, &err), SERAI_OK);
    json_decref(body);
    json_decref(out);
    CHECK_STR(status_after(&w, a, "open", SERAI_OK), "open");
    body = jfmt("{\"rules\":{}}");
    CHECK_INT(call_update(w.s, &w.op, b, body, &out, &err), SERAI_OK);
    json_decref(body);
    json_decref(out);
    CHECK_STR(status_after(&w, b, "open", SERAI_OK), "open");
    body = jfmt("{\"stages\":[{\"kind\":\"full_proposal\",\"deadline\":\"%s\"}]}", w.dl);
    CHECK_INT(call_update(w.s, &w.op, c, body, &out, &err), SERAI_OK);
    json_decref(body);
    json_decref(out);
    CHECK_STR(status_after(&w, c, "open", SERAI_OK), "open");
    world_close(&w);
}

static void test_call_open_is_fixed(void)
{
    world w;
    world_open(&w);
    serai_err err;
    json_t *out = NULL, *body;
    int64_t id = open_call(&w, "fixed", "{\"min_partners\":1}");
    rows before = rows_now(w.s);
    body = jfmt("{\"funders\":[{\"organization_id\":%" PRId64
                ",\"budget\":1,\"currency\":\"EUR\"}]}", w.fa_de);
    CHECK_INT(call_update(w.s, &w.op, id, body, &out, &err), SERAI_ECONFLICT);
    CHECK_STR(err.field, "/funders");
    json_decref(body);
    body = jfmt("{\"rules\":{\"min_partners\":2}}");
    CHECK_INT(call_update(w.s, &w.op, id, body, &out, &err), SERAI_ECONFLICT);
    CHECK_STR(err.field, "/rules");
    json_decref(body);
    body = jfmt("{\"funding_mode\":\"real_common_pot\"}");
    CHECK_INT(call_update(w.s, &w.op, id, body, &out, &err), SERAI_ECONFLICT);
    json_decref(body);
    /* A deadline one second earlier is refused... */
    char earlier[CLOCK_ISO_LEN], later[CLOCK_ISO_LEN];
    clock_format(w.deadline - 1, earlier);
    clock_format(w.deadline + 7 * DAY, later);
    body = jfmt("{\"stages\":[{\"kind\":\"full_proposal\",\"deadline\":\"%s\"}]}", earlier);
    CHECK_INT(call_update(w.s, &w.op, id, body, &out, &err), SERAI_ECONFLICT);
    CHECK_STR(err.field, "/stages/0/deadline");
    CHECK(strstr(err.detail, w.dl) != NULL);
    json_decref(body);
    /* ...and so is another stage kind. */
    body = jfmt("{\"stages\":[{\"kind\":\"stage_1\",\"deadline\":\"%s\"}]}", later);
    CHECK_INT(call_update(w.s, &w.op, id, body, &out, &err), SERAI_ECONFLICT);
    json_decref(body);
    CHECK(rows_equal(rows_now(w.s), before));
    call_info c;
    CHECK_INT(call_info_load(w.s, id, &c, &err), SERAI_OK);
    CHECK_INT(c.stages[0].deadline_unix, w.deadline);
    CHECK_INT(c.rule_version, 1);
    /* A week later is fine, and so is a new title. */
    body = jfmt("{\"title\":\"Joint call, extended\",\"stages\":[{\"kind\":"
                "\"full_proposal\",\"deadline\":\"%s\"}]}", later);
    CHECK_INT(call_update(w.s, &w.op, id, body, &out, &err), SERAI_OK);
    json_decref(body);
    CHECK_STR(sget(out, "title"), "Joint call, extended");
    CHECK_STR(sget(json_array_get(json_object_get(out, "stages"), 0), "deadline"), later);
    CHECK_STR(sget(out, "status"), "open");
    json_decref(out);
    CHECK_INT(call_info_load(w.s, id, &c, &err), SERAI_OK);
    CHECK_INT(c.stages[0].deadline_unix, w.deadline + 7 * DAY);
    world_close(&w);
}

static void test_call_bad_input(void)
{
    world w;
    world_open(&w);
    rows before = rows_now(w.s);
    /* Each case: a patch over a valid call body, and what it must give. */
    char fa[32], uni[32];
    snprintf(fa, sizeof fa, "%" PRId64, w.fa_de);
    snprintf(uni, sizeof uni, "%" PRId64, w.uni_de);
    static const struct {
        const char *patch;
        serai_code code;
        const char *field;
    } cases[] = {
        {"{\"colour\":\"red\"}", SERAI_EINVAL, "/colour"},
        {"{\"title\":5}", SERAI_EINVAL, "/title"},
        {"{\"stages\":\"soon\"}", SERAI_EINVAL, "/stages"},
        {"{\"funders\":{}}", SERAI_EINVAL, "/funders"},
        {"{\"funding_mode\":\"lottery\"}", SERAI_EUNPROCESSABLE, "/funding_mode"},
        {"{\"time_zone\":\"Mars/Olympus\"}", SERAI_EUNPROCESSABLE, "/time_zone"},
        {"{\"title_lang\":\"xx\"}", SERAI_EUNPROCESSABLE, "/title_lang"},
        {"{\"titles\":{\"en\":\"Something else\"}}", SERAI_EUNPROCESSABLE, "/titles"},
        {"{\"stages\":[{\"kind\":\"pitch\",\"deadline\":\"2030-01-01T00:00:00Z\"}]}",
         SERAI_EUNPROCESSABLE, "/stages/0/kind"},
        {"{\"stages\":[{\"kind\":\"full_proposal\",\"deadline\":\"2030-02-30T00:00:00Z\"}]}",
         SERAI_EUNPROCESSABLE, "/stages/0/deadline"},
        {"{\"stages\":[{\"kind\":\"full_proposal\",\"deadline\":\"2030-01-01T00:00:00Z\","
         "\"when\":1}]}", SERAI_EINVAL, "/stages/0/when"},
        {"{\"funders\":[{\"organization_id\":@FA@,\"budget\":-1,\"currency\":\"EUR\"}]}",
         SERAI_EINVAL, "/funders/0/budget"},
        {"{\"funders\":[{\"organization_id\":@FA@,\"budget\":\"100\",\"currency\":\"EUR\"}]}",
         SERAI_EINVAL, "/funders/0/budget"},
        {"{\"funders\":[{\"organization_id\":@FA@,\"budget\":1,\"currency\":\"XYZ\"}]}",
         SERAI_EUNPROCESSABLE, "/funders/0/currency"},
        {"{\"funders\":[{\"organization_id\":@FA@,\"budget\":1,\"currency\":\"EUR\"},"
         "{\"organization_id\":@UNI@,\"budget\":1,\"currency\":\"EUR\"}]}",
         SERAI_EUNPROCESSABLE, "/funders/1/organization_id"},
        {"{\"funders\":[{\"organization_id\":999999,\"budget\":1,\"currency\":\"EUR\"}]}",
         SERAI_EUNPROCESSABLE, "/funders/0/organization_id"},
        {"{\"funders\":[{\"organization_id\":@FA@,\"budget\":1,\"currency\":\"EUR\"},"
         "{\"organization_id\":@FA@,\"budget\":2,\"currency\":\"EUR\"}]}",
         SERAI_EUNPROCESSABLE, "/funders/1/organization_id"},
        {"{\"funders\":[{\"organization_id\":@FA@,\"budget\":1,\"currency\":\"EUR\","
         "\"annex\":{\"colour\":1}}]}", SERAI_EUNPROCESSABLE, "/funders/0/annex/colour"},
        {"{\"funders\":[{\"organization_id\":@FA@,\"budget\":1,\"currency\":\"EUR\","
         "\"annex\":{\"min_request\":5,\"max_request\":4}}]}",
         SERAI_EUNPROCESSABLE, "/funders/0/annex/max_request"},
        {"{\"funders\":[{\"organization_id\":@FA@,\"budget\":1,\"currency\":\"EUR\","
         "\"annex\":{\"types\":[\"castle\"]}}]}",
         SERAI_EUNPROCESSABLE, "/funders/0/annex/types/0"},
        {"{\"rules\":\"strict\"}", SERAI_EINVAL, "/rules"},
        {"{\"rules\":{\"max_parters\":3}}", SERAI_EUNPROCESSABLE, "/rules/max_parters"},
        {"{\"rules\":{\"max_share_per_country\":{\"basis_points\":\"7000\"}}}",
         SERAI_EUNPROCESSABLE, "/rules/max_share_per_country/basis_points"},
        {"{\"rules\":{\"max_share_per_country\":{\"basis_points\":10001}}}",
         SERAI_EUNPROCESSABLE, "/rules/max_share_per_country/basis_points"},
        {"{\"rules\":{\"participating_countries\":{\"countries\":[\"DE\",\"QQ\"]}}}",
         SERAI_EUNPROCESSABLE, "/rules/participating_countries/countries/1"},
        {"{\"agenda_issues\":[1,-2]}", SERAI_EINVAL, "/agenda_issues/1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        /* @FA@ and @UNI@ name the German agency and university. */
        char text[2048] = "";
        const char *p = cases[i].patch;
        size_t n = 0;
        while (*p && n < sizeof text - 32) {
            if (strncmp(p, "@FA@", 4) == 0) {
                n += (size_t)snprintf(text + n, sizeof text - n, "%s", fa);
                p += 4;
            } else if (strncmp(p, "@UNI@", 5) == 0) {
                n += (size_t)snprintf(text + n, sizeof text - n, "%s", uni);
                p += 5;
            } else {
                text[n++] = *p++;
            }
        }
        text[n] = '\0';
        json_t *body = call_body(&w, "bad", w.dl, "{\"min_partners\":1}");
        json_t *patch = jfmt("%s", text);
        json_object_update(body, patch);
        json_decref(patch);
        serai_err err;
        serai_err_clear(&err);
        json_t *out = NULL;
        CHECK_INT(call_create(w.s, &w.op, body, &out, &err), cases[i].code);
        CHECK_STR(err.field, cases[i].field);
        if (strcmp(err.field, cases[i].field) != 0 || err.code != cases[i].code)
            fprintf(stderr, "  case %zu (%s): %d %s\n", i, text, err.code, err.detail);
        CHECK(out == NULL);
        json_decref(body);
    }
    /* Nothing half-written: no call, stage, funder, rules or audit record. */
    CHECK(rows_equal(rows_now(w.s), before));

    /* The same refusals on update of a draft leave it as it was. */
    int64_t id = create_call(&w, call_body(&w, "draft", w.dl, "{\"min_partners\":1}"));
    json_t *was = NULL, *now = NULL;
    serai_err err;
    CHECK_INT(call_get(w.s, &w.op, id, &was, &err), SERAI_OK);
    before = rows_now(w.s);
    json_t *body = jfmt("{\"title\":\"New\",\"funders\":[{\"organization_id\":%" PRId64
                        ",\"budget\":1,\"currency\":\"EUR\"},{\"organization_id\":%" PRId64
                        ",\"budget\":1,\"currency\":\"EUR\"}],\"rules\":{\"min_partners\":2}}",
                        w.fa_fr, w.uni_de);
    json_t *out = NULL;
    CHECK_INT(call_update(w.s, &w.op, id, body, &out, &err), SERAI_EUNPROCESSABLE);
    CHECK_STR(err.field, "/funders/1/organization_id");
    json_decref(body);
    body = jfmt("{\"title\":\"New\",\"rules\":{\"min_partners\":2,\"lead_type\":"
                "{\"types\":[\"wizard\"]}}}");
    CHECK_INT(call_update(w.s, &w.op, id, body, &out, &err), SERAI_EUNPROCESSABLE);
    CHECK_STR(err.field, "/rules/lead_type/types/0");
    json_decref(body);
    body = jfmt("{\"edition\":\"other\"}");
    CHECK_INT(call_update(w.s, &w.op, id, body, &out, &err), SERAI_EUNPROCESSABLE);
    CHECK_STR(err.field, "/edition");
    json_decref(body);
    CHECK(rows_equal(rows_now(w.s), before));
    CHECK_INT(call_get(w.s, &w.op, id, &now, &err), SERAI_OK);
    CHECK(json_equal(was, now));
    json_decref(was);
    json_decref(now);
    world_close(&w);
}

static void test_call_visibility(void)
{
    world w;
    world_open(&w);
    serai_err err;
    json_t *out = NULL;
    int64_t draft = create_call(&w, call_body(&w, "hidden", w.dl, "{}"));
    int64_t open = open_call(&w, "shown", "{}");
    actor pub = actor_public();
    actor fde = {.role = ROLE_FUNDER, .org_id = w.fa_de};
    actor other = {.role = ROLE_FUNDER, .org_id = w.uni_us};
    CHECK_INT(call_get(w.s, &pub, draft, &out, &err), SERAI_ENOTFOUND);
    CHECK_INT(call_get(w.s, &other, draft, &out, &err), SERAI_ENOTFOUND);
    CHECK_INT(call_get(w.s, &fde, draft, &out, &err), SERAI_OK);
    json_decref(out);
    CHECK_INT(call_get(w.s, &pub, open, &out, &err), SERAI_OK);
    json_decref(out);
    CHECK_INT(call_rules_get(w.s, &pub, draft, 0, &out, &err), SERAI_ENOTFOUND);
    call_filter f = {NULL, NULL, {100, 0}};
    CHECK_INT(call_list(w.s, &pub, &f, &out, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "items")), 1);
    CHECK_INT(iget(json_array_get(json_object_get(out, "items"), 0), "id"), open);
    json_decref(out);
    CHECK_INT(call_list(w.s, &w.op, &f, &out, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "items")), 2);
    json_decref(out);
    world_close(&w);
}

/* ---- proposals: input ------------------------------------------------ */

static void test_proposal_bad_input(void)
{
    world w;
    world_open(&w);
    int64_t call = open_call(&w, "input", "{\"min_partners\":1}");
    rows before = rows_now(w.s);
    /* Partner templates: %1$ call, DE partner, FR partner... built per case. */
    char de[160], fr[160], us[160];
    snprintf(de, sizeof de,
             "{\"organization_id\":%" PRId64 ",\"role\":\"coordinator\","
             "\"funder_id\":%" PRId64 ",\"requested\":100,\"currency\":\"EUR\"",
             w.uni_de, w.fa_de);
    snprintf(fr, sizeof fr,
             "{\"organization_id\":%" PRId64 ",\"role\":\"partner\","
             "\"funder_id\":%" PRId64 ",\"requested\":100,\"currency\":\"EUR\"",
             w.sme_fr, w.fa_fr);
    snprintf(us, sizeof us,
             "{\"organization_id\":%" PRId64 ",\"role\":\"partner\","
             "\"funder_id\":%" PRId64 ",\"requested\":100,\"currency\":\"EUR\"",
             w.uni_us, w.fa_fr);
    struct {
        char partners[1024];
        const char *extra;
        serai_code code;
        const char *field;
    } cases[] = {
        {"", ",\"colour\":1", SERAI_EINVAL, "/colour"},
        {"", ",\"duration_months\":\"long\"", SERAI_EINVAL, "/duration_months"},
        {"", ",\"duration_months\":0", SERAI_EINVAL, "/duration_months"},
        {"", ",\"keywords\":[\"ok\",7]", SERAI_EINVAL, "/keywords/1"},
        {"", ",\"people\":[999999]", SERAI_EUNPROCESSABLE, "/people/0"},
        {"", ",\"people\":[-3]", SERAI_EINVAL, "/people/0"},
        {"", ",\"call_id\":999999", SERAI_EUNPROCESSABLE, "/call_id"},
    };
    size_t nsimple = sizeof cases / sizeof cases[0];
    for (size_t i = 0; i < nsimple; i++)
        snprintf(cases[i].partners, sizeof cases[i].partners, "[%s},%s}]", de, fr);

    struct {
        char partners[1024];
        serai_code code;
        const char *field;
    } pcases[16];
    int np = 0;
#define PCASE(code_, field_, ...)                                                \
    do {                                                                         \
        snprintf(pcases[np].partners, sizeof pcases[np].partners, __VA_ARGS__); \
        pcases[np].code = code_;                                                 \
        pcases[np].field = field_;                                               \
        np++;                                                                    \
    } while (0)
    PCASE(SERAI_EINVAL, "/partners/1/requested",
          "[%s},{\"organization_id\":%" PRId64 ",\"role\":\"partner\","
          "\"funder_id\":%" PRId64 ",\"requested\":-1,\"currency\":\"EUR\"}]",
          de, w.sme_fr, w.fa_fr);
    PCASE(SERAI_EINVAL, "/partners/0/own_cash", "[%s,\"own_cash\":\"lots\"}]", de);
    PCASE(SERAI_EINVAL, "/partners/0/colour", "[%s,\"colour\":1}]", de);
    PCASE(SERAI_EUNPROCESSABLE, "/partners/0/currency",
          "[{\"organization_id\":%" PRId64 ",\"role\":\"coordinator\",\"funder_id\":%"
          PRId64 ",\"requested\":100,\"currency\":\"XYZ\"}]", w.uni_de, w.fa_de);
    /* The funder pays in EUR; this partner asks in USD. */
    PCASE(SERAI_EUNPROCESSABLE, "/partners/1/currency",
          "[%s},{\"organization_id\":%" PRId64 ",\"role\":\"partner\",\"funder_id\":%"
          PRId64 ",\"requested\":100,\"currency\":\"USD\"}]", de, w.sme_fr, w.fa_fr);
    /* The US has no funder in this virtual common pot. */
    PCASE(SERAI_EUNPROCESSABLE, "/partners/2/organization_id", "[%s},%s},%s}]", de, fr, us);
    PCASE(SERAI_EUNPROCESSABLE, "/partners/1/organization_id",
          "[%s},{\"organization_id\":999999,\"role\":\"partner\",\"funder_id\":%" PRId64
          ",\"requested\":100,\"currency\":\"EUR\"}]", de, w.fa_fr);
    PCASE(SERAI_EUNPROCESSABLE, "/partners/0/pi_person_id",
          "[%s,\"pi_person_id\":999999}]", de);
    PCASE(SERAI_EUNPROCESSABLE, "/partners/0/funder_id",
          "[{\"organization_id\":%" PRId64 ",\"role\":\"coordinator\",\"funder_id\":%"
          PRId64 ",\"requested\":100,\"currency\":\"EUR\"}]", w.uni_de, w.uni_fr);
    /* requested + own_cash + own_in_kind beyond int64, at the field where
     * the sum overflowed. */
    PCASE(SERAI_EUNPROCESSABLE, "/partners/0/own_cash",
          "[{\"organization_id\":%" PRId64 ",\"role\":\"coordinator\",\"funder_id\":%"
          PRId64 ",\"requested\":9223372036854775807,\"own_cash\":1,"
          "\"currency\":\"EUR\"}]", w.uni_de, w.fa_de);
    PCASE(SERAI_EUNPROCESSABLE, "/partners/0/own_in_kind",
          "[{\"organization_id\":%" PRId64 ",\"role\":\"coordinator\",\"funder_id\":%"
          PRId64 ",\"requested\":9223372036854775800,\"own_cash\":7,"
          "\"own_in_kind\":1,\"currency\":\"EUR\"}]", w.uni_de, w.fa_de);
    /* Each partner fits, the consortium's EUR budget does not. */
    PCASE(SERAI_EUNPROCESSABLE, "/partners/1/own_cash",
          "[{\"organization_id\":%" PRId64 ",\"role\":\"coordinator\",\"funder_id\":%"
          PRId64 ",\"requested\":9223372036854775000,\"currency\":\"EUR\"},"
          "{\"organization_id\":%" PRId64 ",\"role\":\"partner\",\"funder_id\":%" PRId64
          ",\"requested\":0,\"own_cash\":1000,\"currency\":\"EUR\"}]",
          w.uni_de, w.fa_de, w.sme_fr, w.fa_fr);
    PCASE(SERAI_EUNPROCESSABLE, "/partners/0/budget_lines",
          "[%s,\"own_cash\":50,\"budget_lines\":[{\"category\":\"personnel\","
          "\"amount\":100},{\"category\":\"travel\",\"amount\":49}]}]", de);
    PCASE(SERAI_EUNPROCESSABLE, "/partners/0/budget_lines/1/category",
          "[%s,\"budget_lines\":[{\"category\":\"personnel\",\"amount\":50},"
          "{\"category\":\"yachts\",\"amount\":50}]}]", de);
    PCASE(SERAI_EUNPROCESSABLE, "/partners/1/role",
          "[%s},{\"organization_id\":%" PRId64 ",\"role\":\"coordinator\",\"funder_id\":%"
          PRId64 ",\"requested\":100,\"currency\":\"EUR\"}]", de, w.sme_fr, w.fa_fr);
    PCASE(SERAI_EUNPROCESSABLE, "/partners/1/funder_id",
          "[%s},{\"organization_id\":%" PRId64 ",\"role\":\"partner\",\"funder_id\":%"
          PRId64 ",\"own_expense\":true,\"currency\":\"USD\"}]", de, w.uni_us, w.fa_fr);
#undef PCASE

    serai_err err;
    json_t *out = NULL;
    for (size_t i = 0; i < nsimple; i++) {
        json_t *body = jfmt("{\"call_id\":%" PRId64 ",\"title\":\"T\",\"duration_months\":"
                            "12,\"partners\":%s%s}", call, cases[i].partners,
                            cases[i].extra);
        serai_err_clear(&err);
        CHECK_INT(proposal_create(w.s, &w.op, body, w.now, &out, &err), cases[i].code);
        CHECK_STR(err.field, cases[i].field);
        if (strcmp(err.field, cases[i].field) != 0)
            fprintf(stderr, "  case %zu: %s\n", i, err.detail);
        CHECK(out == NULL);
        json_decref(body);
    }
    for (int i = 0; i < np; i++) {
        json_t *body = jfmt("{\"call_id\":%" PRId64 ",\"title\":\"T\",\"duration_months\":"
                            "12,\"partners\":%s}", call, pcases[i].partners);
        serai_err_clear(&err);
        CHECK_INT(proposal_create(w.s, &w.op, body, w.now, &out, &err), pcases[i].code);
        CHECK_STR(err.field, pcases[i].field);
        if (strcmp(err.field, pcases[i].field) != 0 || err.code != pcases[i].code)
            fprintf(stderr, "  partner case %d: %d %s\n", i, err.code, err.detail);
        CHECK(out == NULL);
        json_decref(body);
    }
    /* Nothing half-written. */
    CHECK(rows_equal(rows_now(w.s), before));

    /* A partner at its own expense from a non-participating country, and
     * budget lines that add up: accepted. */
    json_t *body = jfmt("{\"call_id\":%" PRId64 ",\"title\":\"T\",\"duration_months\":12,"
                        "\"partners\":[%s,\"own_in_kind\":20,\"budget_lines\":["
                        "{\"category\":\"personnel\",\"amount\":70},{\"category\":"
                        "\"travel\",\"description\":\"two trips\",\"amount\":50}]},"
                        "{\"organization_id\":%" PRId64 ",\"role\":\"partner\","
                        "\"own_expense\":true,\"own_cash\":500,\"currency\":\"USD\"}],"
                        "\"people\":[%" PRId64 "]}",
                        call, de, w.uni_us, w.p2);
    CHECK_INT(proposal_create(w.s, &w.op, body, w.now, &out, &err), SERAI_OK);
    json_decref(body);
    int64_t id = iget(out, "id");
    json_t *pa = json_object_get(out, "partners");
    CHECK_INT(json_array_size(pa), 2);
    CHECK_INT(iget(json_array_get(pa, 0), "budget"), 120);
    CHECK_INT(json_array_size(json_object_get(json_array_get(pa, 0), "budget_lines")), 2);
    CHECK_STR(sget(json_object_get(json_array_get(pa, 1), "organization"), "country"), "US");
    CHECK_INT(iget(json_object_get(json_object_get(out, "totals"), "budget"), "USD"), 500);
    CHECK_INT(iget(json_object_get(json_object_get(out, "totals"), "requested"), "EUR"), 100);
    CHECK_STR(sget(out, "status"), "draft");
    json_decref(out);

    /* A refused update leaves the draft exactly as it was. */
    json_t *was = NULL, *now = NULL;
    CHECK_INT(proposal_get(w.s, &w.op, id, &was, &err), SERAI_OK);
    before = rows_now(w.s);
    body = jfmt("{\"title\":\"Changed\",\"people\":[],\"partners\":[%s},%s},%s}]}", de, fr, us);
    CHECK_INT(proposal_update(w.s, &w.op, id, body, w.now, &out, &err),
              SERAI_EUNPROCESSABLE);
    CHECK_STR(err.field, "/partners/2/organization_id");
    json_decref(body);
    body = jfmt("{\"title\":\"Changed\",\"partners\":[%s},{\"organization_id\":%" PRId64
                ",\"role\":\"coordinator\",\"funder_id\":%" PRId64
                ",\"requested\":1,\"currency\":\"EUR\"}]}", de, w.sme_fr, w.fa_fr);
    CHECK_INT(proposal_update(w.s, &w.op, id, body, w.now, &out, &err),
              SERAI_EUNPROCESSABLE);
    CHECK_STR(err.field, "/partners/1/role");
    json_decref(body);
    body = jfmt("{\"call_id\":%" PRId64 "}", call);
    CHECK_INT(proposal_update(w.s, &w.op, id, body, w.now, &out, &err),
              SERAI_EUNPROCESSABLE);
    CHECK_STR(err.field, "/call_id");
    json_decref(body);
    CHECK(rows_equal(rows_now(w.s), before));
    CHECK_INT(proposal_get(w.s, &w.op, id, &now, &err), SERAI_OK);
    CHECK(json_equal(was, now));
    json_decref(was);
    json_decref(now);

    /* No proposal in a draft call (to an applicant it does not exist). */
    int64_t draft = create_call(&w, call_body(&w, "draftcall", w.dl, "{}"));
    body = prop_one(draft, "D", w.uni_de, w.fa_de, 0);
    CHECK_INT(proposal_create(w.s, &w.op, body, w.now, &out, &err), SERAI_ECONFLICT);
    json_decref(body);
    world_close(&w);
}

/* ---- proposals: deadlines and re-judging ----------------------------- */

static void test_deadline_to_the_second(void)
{
    world w;
    world_open(&w);
    serai_err err;
    json_t *out = NULL;
    int64_t call = open_call(&w, "deadline", "{\"min_countries\":2}");
    int64_t id = create_prop(&w, &w.op, prop_body(&w, call, "DL", 0, 0, NULL));
    CHECK(id > 0);
    rows before = rows_now(w.s);
    /* One second late: refused, naming the deadline. */
    CHECK_INT(proposal_submit(w.s, &w.op, id, w.deadline + 1, &out, &err),
              SERAI_ECONFLICT);
    CHECK(strstr(err.detail, w.dl) != NULL);
    if (strstr(err.detail, w.dl) == NULL)
        fprintf(stderr, "  detail: %s\n", err.detail);
    CHECK(out == NULL);
    CHECK_STR(status_of(&w, id), "draft");
    CHECK(rows_equal(rows_now(w.s), before));
    /* A new proposal one second late is refused too. */
    json_t *body = prop_body(&w, call, "LATE", 0, 0, NULL);
    CHECK_INT(proposal_create(w.s, &w.op, body, w.deadline + 1, &out, &err),
              SERAI_ECONFLICT);
    CHECK(strstr(err.detail, w.dl) != NULL);
    json_decref(body);
    CHECK(rows_equal(rows_now(w.s), before));
    /* At the deadline itself: accepted. */
    CHECK_INT(proposal_submit(w.s, &w.op, id, w.deadline, &out, &err), SERAI_OK);
    CHECK_STR(sget(out, "status"), "eligible");
    CHECK_STR(sget(out, "submitted_at"), w.dl);
    json_decref(out);
    /* Submitting a submitted proposal again before the deadline is fine;
     * after it, not. */
    CHECK_INT(proposal_submit(w.s, &w.op, id, w.deadline + 1, &out, &err),
              SERAI_ECONFLICT);
    CHECK(strstr(err.detail, w.dl) != NULL);
    /* Once the call is closed, nothing is submitted either. */
    int64_t id2 = create_prop(&w, &w.op, prop_body(&w, call, "DL2", 0, 0, NULL));
    CHECK_STR(status_after(&w, call, "closed", SERAI_OK), "closed");
    CHECK_INT(proposal_submit(w.s, &w.op, id2, w.now, &out, &err), SERAI_ECONFLICT);
    CHECK_STR(status_of(&w, id2), "draft");
    world_close(&w);
}

static void test_edit_rejudges(void)
{
    world w;
    world_open(&w);
    serai_err err;
    json_t *out = NULL;
    int64_t call = open_call(&w, "rejudge", "{\"min_countries\":2}");
    int64_t id = create_prop(&w, &w.op, prop_body(&w, call, "RJ", 0, 0, NULL));
    CHECK_STR(submit(&w, &w.op, id, w.now), "eligible");
    /* Down to one country before the deadline: judged again, ineligible. */
    json_t *one = jfmt("{\"partners\":[{\"organization_id\":%" PRId64
                       ",\"role\":\"coordinator\",\"funder_id\":%" PRId64
                       ",\"requested\":100,\"currency\":\"EUR\"}]}", w.uni_de, w.fa_de);
    CHECK_INT(proposal_update(w.s, &w.op, id, one, w.now + 60, &out, &err), SERAI_OK);
    CHECK_STR(sget(out, "status"), "ineligible");
    json_t *el = json_object_get(out, "eligibility");
    CHECK(json_is_false(json_object_get(el, "eligible")));
    json_decref(out);
    json_t *r = stored_rule(&w, id, "min_countries");
    CHECK(r && json_is_false(json_object_get(r, "pass")));
    json_decref(r);
    /* Back to two countries, at the deadline itself: eligible again. */
    json_t *two = prop_body(&w, call, "RJ", 0, 0, NULL);
    json_object_del(two, "call_id");
    CHECK_INT(proposal_update(w.s, &w.op, id, two, w.deadline, &out, &err), SERAI_OK);
    CHECK_STR(sget(out, "status"), "eligible");
    CHECK_STR(sget(out, "submitted_at"), w.dl);
    json_decref(out);
    /* After the deadline: refused, unchanged. */
    rows before = rows_now(w.s);
    CHECK_INT(proposal_update(w.s, &w.op, id, one, w.deadline + 1, &out, &err),
              SERAI_ECONFLICT);
    CHECK(strstr(err.detail, w.dl) != NULL);
    CHECK_STR(status_of(&w, id), "eligible");
    CHECK(rows_equal(rows_now(w.s), before));
    json_decref(one);
    json_decref(two);
    world_close(&w);
}

/* ---- the round: the per-person limit --------------------------------- */

static void test_max_applications_per_person(void)
{
    world w;
    world_open(&w);
    serai_err err;
    json_t *out = NULL;
    int64_t call = open_call(&w, "perperson", "{\"max_applications_per_person\":2}");
    char people[32];
    snprintf(people, sizeof people, "[%" PRId64 "]", w.p1);
    /* p1: PI of A, team member of B, PI of C; D does not involve p1. */
    int64_t a = create_prop(&w, &w.op, prop_body(&w, call, "A", w.p1, w.p2, NULL));
    int64_t b = create_prop(&w, &w.op, prop_body(&w, call, "B", w.p3, 0, people));
    int64_t c = create_prop(&w, &w.op, prop_body(&w, call, "C", 0, w.p1, NULL));
    int64_t d = create_prop(&w, &w.op, prop_body(&w, call, "D", w.p4, 0, NULL));
    CHECK(a && b && c && d);
    CHECK_STR(submit(&w, &w.op, a, w.now), "eligible");
    CHECK_STR(submit(&w, &w.op, b, w.now), "eligible");
    CHECK_STR(submit(&w, &w.op, d, w.now), "eligible");
    CHECK_STR(status_of(&w, a), "eligible");
    /* A third: all three involving p1 fail, D is untouched. */
    CHECK_STR(submit(&w, &w.op, c, w.now + 1), "ineligible");
    CHECK_STR(status_of(&w, a), "ineligible");
    CHECK_STR(status_of(&w, b), "ineligible");
    CHECK_STR(status_of(&w, c), "ineligible");
    CHECK_STR(status_of(&w, d), "eligible");
    int64_t ids[] = {a, b, c};
    for (int i = 0; i < 3; i++) {
        json_t *r = stored_rule(&w, ids[i], "max_applications_per_person");
        CHECK(r != NULL);
        CHECK(r && json_is_false(json_object_get(r, "pass")));
        json_decref(r);
    }
    json_t *r = stored_rule(&w, d, "max_applications_per_person");
    CHECK(r && json_is_true(json_object_get(r, "pass")));
    json_decref(r);
    /* Withdrawing B clears A and C. */
    CHECK_INT(proposal_withdraw(w.s, &w.op, b, w.now + 2, &out, &err), SERAI_OK);
    CHECK_STR(sget(out, "status"), "withdrawn");
    json_decref(out);
    CHECK_STR(status_of(&w, a), "eligible");
    CHECK_STR(status_of(&w, c), "eligible");
    CHECK_STR(status_of(&w, b), "withdrawn");
    r = stored_rule(&w, a, "max_applications_per_person");
    CHECK(r && json_is_true(json_object_get(r, "pass")));
    json_decref(r);
    /* A withdrawn proposal is not submitted again. */
    CHECK_INT(proposal_submit(w.s, &w.op, b, w.now + 3, &out, &err), SERAI_ECONFLICT);
    /* Every change of status is in the audit trail. */
    CHECK(count(w.s, "SELECT count(*) FROM audit WHERE action = 'proposal.assess'") >= 4);
    world_close(&w);
}

/* ---- commitment forms ------------------------------------------------ */

static void test_commitment_forms(void)
{
    world w;
    world_open(&w);
    serai_err err;
    json_t *out = NULL;
    int64_t call = open_call(&w, "commit", "{\"commitment_within_days\":{\"days\":14}}");
    int64_t x = create_prop(&w, &w.op, prop_body(&w, call, "X", 0, 0, NULL));
    int64_t y = create_prop(&w, &w.op, prop_body(&w, call, "Y", 0, 0, NULL));
    int64_t t0 = w.now;
    CHECK_STR(submit(&w, &w.op, x, t0), "submitted");
    CHECK_INT(proposal_get(w.s, &w.op, x, &out, &err), SERAI_OK);
    json_t *el = json_object_get(out, "eligibility");
    CHECK(json_is_true(json_object_get(el, "pending")));
    CHECK(json_is_false(json_object_get(el, "eligible")));
    json_decref(out);
    CHECK_STR(submit(&w, &w.op, y, t0), "submitted");
    /* Signing in the future is refused. */
    char future[CLOCK_ISO_LEN];
    clock_format(t0 + 7200, future);
    CHECK_INT(proposal_commitment(w.s, &w.op, x, 0, future, t0 + 3600, &out, &err),
              SERAI_EUNPROCESSABLE);
    CHECK_STR(err.field, "/signed_at");
    CHECK_INT(proposal_commitment(w.s, &w.op, x, 5, NULL, t0 + 3600, &out, &err),
              SERAI_ENOTFOUND);
    /* X: both partners sign within the window. */
    CHECK_INT(proposal_commitment(w.s, &w.op, x, 0, NULL, t0 + 3600, &out, &err), SERAI_OK);
    CHECK_STR(sget(out, "status"), "submitted");
    json_decref(out);
    CHECK_INT(proposal_commitment(w.s, &w.op, x, 1, NULL, t0 + 14 * DAY, &out, &err),
              SERAI_OK);
    CHECK_STR(sget(out, "status"), "eligible");
    char signed_at[CLOCK_ISO_LEN];
    clock_format(t0 + 14 * DAY, signed_at);
    CHECK_STR(sget(json_array_get(json_object_get(out, "partners"), 1),
                   "commitment_signed_at"), signed_at);
    json_decref(out);
    /* The same form twice. */
    rows before = rows_now(w.s);
    CHECK_INT(proposal_commitment(w.s, &w.op, x, 1, NULL, t0 + 15 * DAY, &out, &err),
              SERAI_ECONFLICT);
    CHECK(rows_equal(rows_now(w.s), before));
    /* Y: one form, then the window passes. */
    CHECK_INT(proposal_commitment(w.s, &w.op, y, 0, NULL, t0 + 60, &out, &err), SERAI_OK);
    CHECK_STR(sget(out, "status"), "submitted");
    json_decref(out);
    CHECK_INT(store_begin(w.s, &err), SERAI_OK);
    CHECK_INT(proposal_settle_call(w.s, &w.op, call, t0 + 14 * DAY, &err), SERAI_OK);
    CHECK_INT(store_commit(w.s, &err), SERAI_OK);
    CHECK_STR(status_of(&w, y), "submitted");  /* exactly 14 days: still open */
    CHECK_INT(store_begin(w.s, &err), SERAI_OK);
    CHECK_INT(proposal_settle_call(w.s, &w.op, call, t0 + 14 * DAY + 1, &err), SERAI_OK);
    CHECK_INT(store_commit(w.s, &err), SERAI_OK);
    CHECK_STR(status_of(&w, y), "ineligible");
    CHECK_STR(status_of(&w, x), "eligible");
    json_t *r = stored_rule(&w, y, "commitment");
    CHECK(r && json_is_false(json_object_get(r, "pass")) &&
          json_is_false(json_object_get(r, "pending")));
    json_decref(r);

    /* Closing the call settles: Z was submitted 20 days ago (by the real
     * clock) without its forms. */
    int64_t call2 = open_call(&w, "commit2", "{\"commitment_within_days\":{\"days\":14}}");
    int64_t z = create_prop(&w, &w.op, prop_body(&w, call2, "Z", 0, 0, NULL));
    int64_t v = create_prop(&w, &w.op, prop_body(&w, call2, "V", 0, 0, NULL));
    CHECK_STR(submit(&w, &w.op, v, w.now), "submitted");
    CHECK_STR(submit(&w, &w.op, z, w.now - 20 * DAY), "submitted");
    CHECK_STR(status_of(&w, z), "submitted");
    CHECK_STR(status_of(&w, v), "submitted");
    CHECK_STR(status_after(&w, call2, "closed", SERAI_OK), "closed");
    CHECK_STR(status_of(&w, z), "ineligible");
    CHECK_STR(status_of(&w, v), "submitted");  /* its window is still open */
    world_close(&w);
}

static void test_stored_rule_version(void)
{
    world w;
    world_open(&w);
    serai_err err;
    json_t *out = NULL;
    int64_t call = create_call(&w, call_body(&w, "versions", w.dl, "{\"min_partners\":1}"));
    json_t *body = jfmt("{\"rules\":{\"min_partners\":2}}");
    CHECK_INT(call_update(w.s, &w.op, call, body, &out, &err), SERAI_OK);
    json_decref(body);
    json_decref(out);
    CHECK_STR(status_after(&w, call, "open", SERAI_OK), "open");
    int64_t id = create_prop(&w, &w.op, prop_body(&w, call, "VER", 0, 0, NULL));
    CHECK_STR(submit(&w, &w.op, id, w.now), "eligible");
    CHECK_INT(proposal_get(w.s, &w.op, id, &out, &err), SERAI_OK);
    CHECK_INT(iget(out, "rule_version"), 2);
    CHECK_INT(iget(json_object_get(out, "eligibility"), "version"), 2);
    json_decref(out);
    CHECK_INT(proposal_check(w.s, &w.op, id, w.now, &out, &err), SERAI_OK);
    CHECK_INT(iget(out, "rule_version"), 2);
    CHECK(json_is_true(json_object_get(out, "eligible")));
    json_decref(out);
    world_close(&w);
}

/* ---- rights and export ----------------------------------------------- */

/* The ids of the proposals who lists in call (sorted), as "1,2,3". */
static void listed(world *w, const actor *who, int64_t call, char *out, size_t size)
{
    serai_err err;
    json_t *page = NULL;
    proposal_filter f = {call, NULL, 0, {100, 0}};
    out[0] = '\0';
    if (proposal_list(w->s, who, &f, &page, &err) != SERAI_OK) {
        snprintf(out, size, "error %d", err.code);
        return;
    }
    size_t i, n = 0;
    json_t *p;
    json_array_foreach(json_object_get(page, "items"), i, p)
        n += (size_t)snprintf(out + n, size - n, "%s%" PRId64, i ? "," : "",
                              (int64_t)iget(p, "id"));
    json_decref(page);
}

/* The first field of every CSV record after the header, as "1,2,3". */
static void csv_ids(const char *csv, size_t len, char *out, size_t size)
{
    out[0] = '\0';
    const char *end = csv + len, *line = memchr(csv, '\n', len);
    size_t n = 0;
    bool first = true;
    while (line && line + 1 < end) {
        line++;
        long long id = strtoll(line, NULL, 10);
        n += (size_t)snprintf(out + n, size - n, "%s%lld", first ? "" : ",", id);
        first = false;
        line = memchr(line, '\n', (size_t)(end - line));
    }
}

static void exported(world *w, const actor *who, int64_t call, char *out, size_t size)
{
    serai_err err;
    char *bytes = NULL;
    size_t len = 0;
    if (proposal_export(w->s, who, call, "csv", NULL, &bytes, &len, &err) != SERAI_OK) {
        snprintf(out, size, "error %d", err.code);
        return;
    }
    csv_ids(bytes, len, out, size);
    free(bytes);
}

static void ids_text(char *out, size_t size, int n, const int64_t ids[])
{
    size_t k = 0;
    out[0] = '\0';
    for (int i = 0; i < n; i++)
        k += (size_t)snprintf(out + k, size - k, "%s%" PRId64, i ? "," : "", ids[i]);
}

static void test_rights(void)
{
    world w;
    world_open(&w);
    serai_err err;
    json_t *out = NULL;
    int64_t call = open_call(&w, "rights", "{\"min_partners\":1}");
    actor appl_a = account(&w, "a@applicant.test", ROLE_APPLICANT, w.p1, w.uni_de);
    actor appl_b = account(&w, "b@applicant.test", ROLE_APPLICANT, w.p4, w.uni_fr);
    actor f_de = account(&w, "de@funder.test", ROLE_FUNDER, 0, w.fa_de);
    actor f_fr = account(&w, "fr@funder.test", ROLE_FUNDER, 0, w.fa_fr);
    actor obs = account(&w, "o@observer.test", ROLE_OBSERVER, 0, 0);
    actor rev = account(&w, "r@reviewer.test", ROLE_REVIEWER, w.p2, 0);
    CHECK(appl_a.account_id && appl_b.account_id && f_de.account_id &&
          f_fr.account_id && obs.account_id && rev.account_id);

    /* P1: A's draft (uni_de paid by DE, sme_fr paid by FR). */
    int64_t p1 = create_prop(&w, &appl_a, prop_body(&w, call, "P1", 0, 0, NULL));
    /* P2: the secretariat's, sme_fr paid by FR, submitted: not A's. */
    int64_t p2 = create_prop(&w, &w.op, prop_one(call, "P2", w.sme_fr, w.fa_fr, 0));
    CHECK_STR(submit(&w, &w.op, p2, w.now), "eligible");
    /* P3: the secretariat's draft with A's person as PI. */
    int64_t p3 = create_prop(&w, &w.op, prop_one(call, "P3", w.sme_fr, w.fa_fr, w.p1));
    /* P4: B's, uni_fr paid by FR, submitted. */
    int64_t p4 = create_prop(&w, &appl_b, prop_one(call, "P4", w.uni_fr, w.fa_fr, 0));
    CHECK_STR(submit(&w, &appl_b, p4, w.now), "eligible");
    /* P5: a draft that is withdrawn without ever being submitted. */
    int64_t p5 = create_prop(&w, &w.op, prop_one(call, "P5", w.sme_fr, w.fa_fr, 0));
    CHECK_INT(proposal_withdraw(w.s, &w.op, p5, w.now, &out, &err), SERAI_OK);
    json_decref(out);
    CHECK(p1 && p2 && p3 && p4 && p5);

    char got[256], want[256];
    /* Applicant A: its own, and the one with its person. */
    ids_text(want, sizeof want, 2, (int64_t[]){p1, p3});
    listed(&w, &appl_a, call, got, sizeof got);
    CHECK_STR(got, want);
    exported(&w, &appl_a, call, got, sizeof got);
    CHECK_STR(got, want);
    CHECK_INT(proposal_get(w.s, &appl_a, p1, &out, &err), SERAI_OK);
    json_decref(out);
    CHECK_INT(proposal_get(w.s, &appl_a, p3, &out, &err), SERAI_OK);
    json_decref(out);
    CHECK_INT(proposal_get(w.s, &appl_a, p2, &out, &err), SERAI_ENOTFOUND);
    CHECK_INT(proposal_get(w.s, &appl_a, p4, &out, &err), SERAI_ENOTFOUND);
    CHECK_INT(proposal_check(w.s, &appl_a, p4, w.now, &out, &err), SERAI_ENOTFOUND);
    json_t *body = jfmt("{\"title\":\"Mine now\"}");
    CHECK_INT(proposal_update(w.s, &appl_a, p2, body, w.now, &out, &err), SERAI_ENOTFOUND);
    CHECK_INT(proposal_submit(w.s, &appl_a, p4, w.now, &out, &err), SERAI_ENOTFOUND);
    CHECK_INT(proposal_withdraw(w.s, &appl_a, p4, w.now, &out, &err), SERAI_ENOTFOUND);
    CHECK_INT(proposal_commitment(w.s, &appl_a, p4, 0, NULL, w.now, &out, &err),
              SERAI_ENOTFOUND);
    CHECK_STR(status_of(&w, p4), "eligible");
    /* A edits its own before the deadline, not after. */
    CHECK_INT(proposal_update(w.s, &appl_a, p1, body, w.now, &out, &err), SERAI_OK);
    CHECK_STR(sget(out, "title"), "Mine now");
    json_decref(out);
    CHECK_INT(proposal_update(w.s, &appl_a, p3, body, w.deadline + 1, &out, &err),
              SERAI_ECONFLICT);
    json_decref(body);
    /* Applicant B: only P4. */
    ids_text(want, sizeof want, 1, (int64_t[]){p4});
    listed(&w, &appl_b, call, got, sizeof got);
    CHECK_STR(got, want);
    CHECK_INT(proposal_get(w.s, &appl_b, p1, &out, &err), SERAI_ENOTFOUND);

    /* Funders: nothing of P1 while it is a draft. */
    listed(&w, &f_de, call, got, sizeof got);
    CHECK_STR(got, "");
    CHECK_INT(proposal_get(w.s, &f_de, p1, &out, &err), SERAI_ENOTFOUND);
    CHECK_STR(submit(&w, &appl_a, p1, w.now), "eligible");
    ids_text(want, sizeof want, 1, (int64_t[]){p1});
    listed(&w, &f_de, call, got, sizeof got);
    CHECK_STR(got, want);
    exported(&w, &f_de, call, got, sizeof got);
    CHECK_STR(got, want);
    CHECK_INT(proposal_get(w.s, &f_de, p2, &out, &err), SERAI_ENOTFOUND);
    body = jfmt("{\"title\":\"Funder's\"}");
    CHECK_INT(proposal_update(w.s, &f_de, p1, body, w.now, &out, &err), SERAI_EFORBIDDEN);
    json_decref(body);
    CHECK_INT(proposal_withdraw(w.s, &f_de, p1, w.now, &out, &err), SERAI_EFORBIDDEN);
    ids_text(want, sizeof want, 3, (int64_t[]){p1, p2, p4});
    listed(&w, &f_fr, call, got, sizeof got);
    CHECK_STR(got, want);
    CHECK_INT(proposal_get(w.s, &f_fr, p3, &out, &err), SERAI_ENOTFOUND);
    CHECK_INT(proposal_get(w.s, &f_fr, p5, &out, &err), SERAI_ENOTFOUND);
    /* The observer: every submitted one, no drafts (P5 never was submitted). */
    listed(&w, &obs, call, got, sizeof got);
    CHECK_STR(got, want);
    exported(&w, &obs, call, got, sizeof got);
    CHECK_STR(got, want);
    CHECK_INT(proposal_get(w.s, &obs, p3, &out, &err), SERAI_ENOTFOUND);
    CHECK_INT(proposal_get(w.s, &obs, p5, &out, &err), SERAI_ENOTFOUND);
    /* The secretariat: all five. */
    ids_text(want, sizeof want, 5, (int64_t[]){p1, p2, p3, p4, p5});
    listed(&w, &w.op, call, got, sizeof got);
    CHECK_STR(got, want);
    exported(&w, &w.op, call, got, sizeof got);
    CHECK_STR(got, want);
    /* A reviewer sees none and exports nothing. */
    listed(&w, &rev, call, got, sizeof got);
    CHECK_STR(got, "");
    CHECK_INT(proposal_get(w.s, &rev, p1, &out, &err), SERAI_ENOTFOUND);
    char *bytes = NULL;
    size_t len = 0;
    CHECK_INT(proposal_export(w.s, &rev, call, "csv", NULL, &bytes, &len, &err),
              SERAI_EFORBIDDEN);
    /* Only applicants and the secretariat create proposals. */
    body = prop_one(call, "OBS", w.sme_fr, w.fa_fr, 0);
    CHECK_INT(proposal_create(w.s, &obs, body, w.now, &out, &err), SERAI_EFORBIDDEN);
    CHECK_INT(proposal_create(w.s, &f_fr, body, w.now, &out, &err), SERAI_EFORBIDDEN);
    json_decref(body);
    world_close(&w);
}

static void test_export(void)
{
    world w;
    world_open(&w);
    serai_err err;
    int64_t call = open_call(&w, "export", "{\"min_countries\":2}");
    int64_t a = create_prop(&w, &w.op, prop_body(&w, call, "AQUA", w.p1, 0, NULL));
    int64_t b = create_prop(&w, &w.op, prop_one(call, "=SUM(A1)", w.uni_de, w.fa_de, 0));
    CHECK_STR(submit(&w, &w.op, a, w.now), "eligible");
    CHECK_STR(submit(&w, &w.op, b, w.now), "ineligible");
    char *bytes = NULL;
    size_t len = 0;
    CHECK_INT(proposal_export(w.s, &w.op, call, "csv", NULL, &bytes, &len, &err), SERAI_OK);
    char *csv = bytes ? strndup(bytes, len) : strdup("");
    free(bytes);
    static const char header[] =
        "id,acronym,title,status,stage,coordinator,coordinator_country,partners,"
        "countries,duration_months,currency,requested,own_cash,own_in_kind,budget,"
        "eligibility,failed_rules,rule_version,submitted_at\r\n";
    CHECK(strncmp(csv, header, strlen(header)) == 0);
    if (strncmp(csv, header, strlen(header)) != 0)
        fprintf(stderr, "  csv: %s\n", csv);
    char sub[CLOCK_ISO_LEN];
    clock_format(w.now, sub);
    char row[512];
    snprintf(row, sizeof row,
             "\r\n%" PRId64 ",AQUA,Project AQUA,eligible,1,Universitaet DE,DE,2,DE;FR,24,"
             "EUR,600000.00,0.00,0.00,600000.00,eligible,,1,%s\r\n", a, sub);
    CHECK(strstr(csv, row) != NULL);
    if (strstr(csv, row) == NULL)
        fprintf(stderr, "  want row: %s\n  csv: %s\n", row + 2, csv);
    snprintf(row, sizeof row,
             "\r\n%" PRId64 ",'=SUM(A1),Project =SUM(A1),ineligible,1,Universitaet DE,DE,1,"
             "DE,12,EUR,100000.00,0.00,0.00,100000.00,ineligible,min_countries,1,%s\r\n",
             b, sub);
    CHECK(strstr(csv, row) != NULL);
    if (strstr(csv, row) == NULL)
        fprintf(stderr, "  want row: %s\n  csv: %s\n", row + 2, csv);
    /* Header plus two records. */
    int lines = 0;
    for (char *p = csv; (p = strstr(p, "\r\n")); p += 2)
        lines++;
    CHECK_INT(lines, 3);
    free(csv);

    /* The partners sheet: one row per partner with exact amounts. */
    CHECK_INT(proposal_export(w.s, &w.op, call, "csv", "partners", &bytes, &len, &err),
              SERAI_OK);
    csv = bytes ? strndup(bytes, len) : strdup("");
    free(bytes);
    static const char pheader[] =
        "proposal_id,acronym,seq,role,organization_id,organization,country,type,"
        "sme,pi,orcid,funder_id,currency,requested,own_cash,own_in_kind,budget,"
        "own_expense,team_size,commitment_signed_at\r\n";
    CHECK(strncmp(csv, pheader, strlen(pheader)) == 0);
    snprintf(row, sizeof row,
             "\r\n%" PRId64 ",AQUA,0,coordinator,%" PRId64 ",Universitaet DE,DE,"
             "university,no,Person One,,%" PRId64 ",EUR,400000.00,0.00,0.00,400000.00,"
             "no,1,\r\n", a, w.uni_de, w.fa_de);
    CHECK(strstr(csv, row) != NULL);
    if (strstr(csv, row) == NULL)
        fprintf(stderr, "  want row: %s\n  csv: %s\n", row + 2, csv);
    lines = 0;
    for (char *p = csv; (p = strstr(p, "\r\n")); p += 2)
        lines++;
    CHECK_INT(lines, 4);
    free(csv);

    /* XLSX: a zip archive. */
    CHECK_INT(proposal_export(w.s, &w.op, call, "xlsx", NULL, &bytes, &len, &err), SERAI_OK);
    CHECK(len > 100 && bytes && bytes[0] == 'P' && bytes[1] == 'K');
    free(bytes);
    /* Bad parameters and unknown calls. */
    CHECK_INT(proposal_export(w.s, &w.op, call, "pdf", NULL, &bytes, &len, &err), SERAI_EINVAL);
    CHECK_STR(err.field, "?format");
    CHECK_INT(proposal_export(w.s, &w.op, call, "csv", "budgets", &bytes, &len, &err),
              SERAI_EINVAL);
    CHECK_STR(err.field, "?sheet");
    CHECK_INT(proposal_export(w.s, &w.op, 999999, "csv", NULL, &bytes, &len, &err),
              SERAI_ENOTFOUND);
    world_close(&w);
}

/* ---- two stages: letter of intent, then the full proposal ----------- */

static void test_two_stages(void)
{
    world w;
    world_open(&w);
    serai_err err;
    json_t *out = NULL;
    char loi[CLOCK_ISO_LEN], full[CLOCK_ISO_LEN];
    clock_format(w.deadline, loi);
    clock_format(w.deadline + 30 * DAY, full);
    json_t *body = call_body(&w, "two-stage", w.dl, "{\"min_countries\":2}");
    json_object_set_new(body, "stages",
                        jfmt("[{\"kind\":\"letter_of_intent\",\"deadline\":\"%s\"},"
                             "{\"kind\":\"full_proposal\",\"deadline\":\"%s\"}]",
                             loi, full));
    int64_t call = create_call(&w, body);
    CHECK_INT(call_transition(w.s, &w.op, call, "open", &out, &err), SERAI_OK);
    json_decref(out);
    int64_t a = create_prop(&w, &w.op, prop_body(&w, call, "TWO", w.p1, 0, NULL));
    int64_t b = create_prop(&w, &w.op, prop_one(call, "ONE", w.uni_de, w.fa_de, 0));
    CHECK_STR(submit(&w, &w.op, a, w.now), "eligible");
    CHECK_STR(submit(&w, &w.op, b, w.now), "ineligible");
    /* Only an eligible letter of intent is invited. */
    CHECK_INT(proposal_invite(w.s, &w.op, b, w.deadline + 1, &out, &err),
              SERAI_ECONFLICT);
    /* Only the secretariat invites. */
    actor app = account(&w, "two@serai.test", ROLE_APPLICANT, 0, w.uni_de);
    CHECK_INT(proposal_invite(w.s, &app, a, w.deadline + 1, &out, &err),
              SERAI_EFORBIDDEN);
    /* After the first deadline, the invited proposal is a draft of stage 2
     * and may be changed and submitted until the second deadline. */
    CHECK_INT(proposal_invite(w.s, &w.op, a, w.deadline + 1, &out, &err), SERAI_OK);
    CHECK_STR(sget(out, "status"), "draft");
    CHECK_INT(iget(out, "stage"), 2);
    CHECK(json_is_null(json_object_get(out, "eligibility")));
    json_decref(out);
    /* Invited once: it is at the last stage now. */
    CHECK_INT(proposal_invite(w.s, &w.op, a, w.deadline + 2, &out, &err),
              SERAI_ECONFLICT);
    json_t *patch = jfmt("{\"title\":\"Project TWO, full proposal\"}");
    CHECK_INT(proposal_update(w.s, &w.op, a, patch, w.deadline + 2 * DAY, &out,
                              &err), SERAI_OK);
    json_decref(out);
    json_decref(patch);
    CHECK_STR(submit(&w, &w.op, a, w.deadline + 30 * DAY), "eligible");
    CHECK_INT(proposal_submit(w.s, &w.op, a, w.deadline + 30 * DAY + 1, &out, &err),
              SERAI_ECONFLICT);
    CHECK(strstr(err.detail, full) != NULL);
    /* The not-invited letter stays where it was, judged in stage 1's round. */
    CHECK_STR(status_of(&w, b), "ineligible");
    world_close(&w);
}

/* ---- names in explanations, opening dates, forms older than proposals - */

static void test_names_openings_and_late_settling(void)
{
    world w;
    world_open(&w);
    serai_err err;
    json_t *out = NULL;
    /* Explanations name organisations and funders by name and id. */
    int64_t call = open_call(&w, "names",
                             "{\"max_share_per_organisation\":{\"basis_points\":5000},"
                             "\"commitment_within_days\":{\"days\":14}}");
    int64_t id = create_prop(&w, &w.op, prop_body(&w, call, "NAMES", 0, 0, NULL));
    CHECK_STR(submit(&w, &w.op, id, w.now), "ineligible");
    json_t *r = stored_rule(&w, id, "max_share_per_organisation");
    char label[64];
    snprintf(label, sizeof label, "Universitaet DE (#%" PRId64 ")", w.uni_de);
    CHECK(r && strstr(json_string_value(json_object_get(r, "en")), label) != NULL);
    json_decref(r);
    /* A commitment form older than the proposal is refused. */
    char before[CLOCK_ISO_LEN];
    clock_format(w.now - DAY, before);
    rows rows_before = rows_now(w.s);
    CHECK_INT(proposal_commitment(w.s, &w.op, id, 0, before, w.now, &out, &err),
              SERAI_EUNPROCESSABLE);
    CHECK_STR(err.field, "/signed_at");
    CHECK(rows_equal(rows_now(w.s), rows_before));
    /* A proposal still awaiting forms when the call closes stays pending
     * until its window has run out; judged again 15 days on (as closing
     * and starting the evaluation do), it fails. */
    CHECK_STR(status_of(&w, id), "ineligible");
    int64_t call2 = open_call(&w, "settle", "{\"commitment_within_days\":{\"days\":14}}");
    int64_t id2 = create_prop(&w, &w.op, prop_one(call2, "LONE", w.uni_de, w.fa_de, 0));
    CHECK_STR(submit(&w, &w.op, id2, w.now), "submitted");
    CHECK_STR(status_after(&w, call2, "closed", SERAI_OK), "closed");
    CHECK_STR(status_of(&w, id2), "submitted");
    CHECK_INT(store_begin(w.s, &err), SERAI_OK);
    CHECK_INT(proposal_settle_call(w.s, &w.op, call2, w.now + 15 * DAY, &err), SERAI_OK);
    CHECK_INT(store_commit(w.s, &err), SERAI_OK);
    CHECK_STR(status_of(&w, id2), "ineligible");

    /* A stage that opens later refuses proposals before it opens. */
    char opens[CLOCK_ISO_LEN];
    clock_format(w.now + 3600, opens);
    json_t *body = call_body(&w, "opening", w.dl, "{\"min_countries\":1}");
    json_object_set_new(body, "stages",
                        jfmt("[{\"kind\":\"full_proposal\",\"opens_at\":\"%s\","
                             "\"deadline\":\"%s\"}]", opens, w.dl));
    int64_t later = create_call(&w, body);
    CHECK_INT(call_transition(w.s, &w.op, later, "open", &out, &err), SERAI_OK);
    json_decref(out);
    json_t *p = prop_one(later, "EARLY", w.uni_de, w.fa_de, 0);
    CHECK_INT(proposal_create(w.s, &w.op, p, w.now, &out, &err), SERAI_ECONFLICT);
    CHECK(strstr(err.detail, opens) != NULL);
    CHECK_INT(proposal_create(w.s, &w.op, p, w.now + 3600, &out, &err), SERAI_OK);
    json_decref(out);
    json_decref(p);
    world_close(&w);
}

int main(void)
{
    RUN(test_call_create_stored_and_versions);
    RUN(test_call_lifecycle);
    RUN(test_call_open_requirements);
    RUN(test_call_open_is_fixed);
    RUN(test_call_bad_input);
    RUN(test_call_visibility);
    RUN(test_proposal_bad_input);
    RUN(test_deadline_to_the_second);
    RUN(test_edit_rejudges);
    RUN(test_max_applications_per_person);
    RUN(test_commitment_forms);
    RUN(test_stored_rule_version);
    RUN(test_rights);
    RUN(test_export);
    RUN(test_two_stages);
    RUN(test_names_openings_and_late_settling);
    return check_report();
}
