/*
 * test_agenda.c -- the issue-setting process (agenda/agenda.h) through the
 * library, on SQLite and PostgreSQL.
 *
 * Six member countries in three regions: KE, NG (Africa), CN, IN (Asia),
 * DE, FR (Europe), contributing USD 100, 100, 200, 100, 900 and 200.
 * Process GCI: ranked ballots counted by Schulze under the double
 * majority, support threshold 2.  Issues W1 (KE), W2 (CN), W3 (DE) reach
 * the consultation; W4 (FR) finds no second supporter.  India sends two
 * delegates, so every weight is doubled (scale 2) and each Indian ballot
 * carries half of India's vote.  The ballots (ranks):
 *
 *   KE  W1 1, W2 2, W3 3        IN1  W2 1, W1 2
 *   NG  W1 1, W3 2              IN2  W1 1, W3 2
 *   CN  W2 1, W1 2, W3 3        DE   W3 1, W1 2
 *   FR  W3 1, W2 2, W1 3
 *
 * Worked out by hand (weights 2, IN ballots 1; unranked below ranked):
 *   d[W1][W2] = KE 2 + NG 2 + IN2 1 + DE 2 = 7, d[W2][W1] = CN 2 + IN1 1 + FR 2 = 5
 *   d[W1][W3] = KE 2 + NG 2 + CN 2 + IN1 1 + IN2 1 = 8, d[W3][W1] = DE 2 + FR 2 = 4
 *   d[W3][W2] = NG 2 + IN2 1 + DE 2 + FR 2 = 7, d[W2][W3] = KE 2 + CN 2 + IN1 1 = 5
 * so the ranking is W1, W3, W2.  Double majority (6 members voting, USD 1,600):
 *   W1 everyone; W3 5.5 members, USD 1,550; W2 3.5 members (KE, CN, half of
 *   IN, FR) but only USD 550 of 1,600: it fails.  Adopted: W1, W3.
 * Consensus (members supporting / voting per region):
 *   W1 (3/4)^3 = 0.421875; W3 (3/4)(2.5/4)(3/4) = 0.3515625;
 *   W2 (2/4)(2.5/4)(2/4) = 0.15625.
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda/agenda.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "check.h"
#include "registry/member.h"
#include "testdb.h"

static testdb tdb;
static store *s;
static actor op, observer, pub;

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

static int64_t iget(const json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

static const char *sget(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static int64_t count(const char *sql, int64_t arg)
{
    int64_t n = -1;
    serai_err err;
    if (store_lookup_id(s, sql, arg, &n, &err) != SERAI_OK)
        fprintf(stderr, "count failed: %s: %s\n", sql, err.detail);
    return n;
}

static int64_t audit_records(void)
{
    audit_report rep;
    serai_err err;
    if (audit_verify(s, &rep, &err) != SERAI_OK)
        return -1;
    CHECK_INT(rep.first_bad, 0);
    return rep.checked;
}

typedef serai_code (*by_id_fn)(store *, const actor *, int64_t, json_t *, json_t **,
                               serai_err *);

/* Call fn(id, body) as who; expect code; on a failure expect the field
 * (NULL: any) and that nothing was written (the audit trail did not grow).
 * Returns the answer (caller frees) or NULL. */
static json_t *call(by_id_fn fn, const actor *who, int64_t id, json_t *body,
                    serai_code expect, const char *field)
{
    int64_t before = audit_records();
    json_t *out = NULL;
    serai_err err;
    serai_code rc = fn(s, who, id, body, &out, &err);
    json_decref(body);
    CHECK_INT(rc, expect);
    if (rc != expect)
        fprintf(stderr, "  -> %s: %s\n", err.field, err.detail);
    if (rc != SERAI_OK) {
        CHECK(out == NULL);
        CHECK_INT(audit_records(), before);
        if (field)
            CHECK_STR(err.field, field);
    }
    return out;
}

static void ok(by_id_fn fn, const actor *who, int64_t id, json_t *body)
{
    json_decref(call(fn, who, id, body, SERAI_OK, NULL));
}

static actor delegate(const char *email, const char *country)
{
    json_t *out = NULL;
    serai_err err;
    json_t *body = jfmt("{\"email\":\"%s\",\"name\":\"%s\",\"role\":\"delegate\","
                        "\"password\":\"a long enough password\",\"country\":\"%s\"}",
                        email, email, country);
    actor a = {.role = ROLE_DELEGATE};
    if (account_create(s, &op, body, &out, &err) == SERAI_OK)
        a.account_id = iget(out, "id");
    else
        fprintf(stderr, "account %s: %s\n", email, err.detail);
    json_decref(out);
    json_decref(body);
    snprintf(a.country, sizeof a.country, "%s", country);
    snprintf(a.label, sizeof a.label, "%s", email);
    return a;
}

static const char *const countries[] = {"KE", "NG", "CN", "IN", "DE", "FR", "BR"};
static actor d_ke, d_ng, d_cn, d_in1, d_in2, d_de, d_fr, d_br;
static int64_t gci, gci_first, w[5]; /* w[1..4] */

static void world_open(void)
{
    s = testdb_open(&tdb);
    op = actor_operator();
    observer = (actor){.role = ROLE_OBSERVER, .account_id = 0};
    snprintf(observer.label, sizeof observer.label, "observer");
    pub = (actor){.role = ROLE_PUBLIC};
    for (int k = 0; k < 7; k++) {
        json_t *out = NULL;
        serai_err err;
        json_t *b = jfmt("{\"country\":\"%s\",\"status\":\"member\",\"since\":\"2015-01-01\","
                         "\"dues\":\"paid\"}", countries[k]);
        CHECK_INT(member_create(s, &op, b, &out, &err), SERAI_OK);
        json_decref(b);
        json_decref(out);
    }
    d_ke = delegate("ke@d.test", "KE");
    d_ng = delegate("ng@d.test", "NG");
    d_cn = delegate("cn@d.test", "CN");
    d_in1 = delegate("in1@d.test", "IN");
    d_in2 = delegate("in2@d.test", "IN");
    d_de = delegate("de@d.test", "DE");
    d_fr = delegate("fr@d.test", "FR");
    d_br = delegate("br@d.test", "BR"); /* a member, but not of the process */
}

static serai_code create_fn(store *st, const actor *who, int64_t id, json_t *body,
                            json_t **out, serai_err *err)
{
    (void)id;
    return agenda_process_create(st, who, body, out, err);
}

static const char gci_members[] =
    "[{\"member\":\"KE\",\"contribution\":10000},{\"member\":\"NG\",\"contribution\":10000},"
    "{\"member\":\"CN\",\"contribution\":20000},{\"member\":\"IN\",\"contribution\":10000},"
    "{\"member\":\"DE\",\"contribution\":90000},{\"member\":\"FR\",\"contribution\":20000}]";

static void test_process_create(void)
{
    /* Refusals first: each names its field and writes nothing. */
    static const struct {
        const char *body, *field;
        serai_code code;
    } bad[] = {
        {"{\"code\":\"X\",\"title\":\"t\",\"ballot\":\"plurality\",\"dates\":{}}", "/ballot",
         SERAI_EINVAL},
        {"{\"code\":\"X\",\"title\":\"t\",\"ballot\":\"ranked\",\"method\":\"approval\"}",
         "/method", SERAI_EINVAL},
        {"{\"code\":\"X\",\"title\":\"t\",\"ballot\":\"budget\",\"currency\":\"USD\"}",
         "/budget", SERAI_EINVAL},
        {"{\"code\":\"X\",\"title\":\"t\",\"ballot\":\"ranked\",\"weighting\":"
         "\"contribution\"}", "/currency", SERAI_EINVAL},
        {"{\"code\":\"X\",\"title\":\"t\",\"ballot\":\"ranked\",\"dates\":{\"proposal\":"
         "\"2027-01-01\",\"consultation\":\"2026-12-01\",\"voting\":\"2027-03-01\","
         "\"voting_closes\":\"2027-03-31\"}}", "/dates/consultation", SERAI_EINVAL},
        {"{\"code\":\"X\",\"title\":\"t\",\"ballot\":\"ranked\",\"dates\":{\"proposal\":"
         "\"2027-02-30\",\"consultation\":\"2027-03-01\",\"voting\":\"2027-03-01\","
         "\"voting_closes\":\"2027-03-31\"}}", "/dates/proposal", SERAI_EINVAL},
        {"{\"code\":\"X\",\"title\":\"t\",\"ballot\":\"ranked\",\"dates\":{\"proposal\":"
         "\"2027-01-01\",\"consultation\":\"2027-02-01\",\"voting\":\"2027-03-01\","
         "\"voting_closes\":\"2027-03-31\"},\"members\":[{\"member\":\"KE\"},"
         "{\"member\":\"KE\"}]}", "/members/1/member", SERAI_EINVAL},
        {"{\"code\":\"X\",\"title\":\"t\",\"ballot\":\"ranked\",\"dates\":{\"proposal\":"
         "\"2027-01-01\",\"consultation\":\"2027-02-01\",\"voting\":\"2027-03-01\","
         "\"voting_closes\":\"2027-03-31\"},\"members\":[{\"member\":\"JP\"}]}",
         "/members/0/member", SERAI_EUNPROCESSABLE},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        json_t *body = json_loads(bad[k].body, 0, NULL);
        CHECK(body != NULL);
        json_decref(call(create_fn, &op, 0, body, bad[k].code, bad[k].field));
    }
    CHECK_INT(count("SELECT count(*) FROM agenda_process WHERE id > $1", 0), 0);
    /* Only the secretariat creates. */
    json_decref(call(create_fn, &d_ke, 0,
                     jfmt("{\"code\":\"X\",\"title\":\"t\",\"ballot\":\"ranked\"}"),
                     SERAI_EFORBIDDEN, NULL));

    json_t *p = call(create_fn, &op, 0,
                     jfmt("{\"code\":\"GCI-2027\",\"title\":\"Global common issues 2027\","
                          "\"titles\":{\"zh\":\"2027年全球共同议题\"},\"ballot\":\"ranked\","
                          "\"weighting\":\"double_majority\",\"currency\":\"USD\","
                          "\"dates\":{\"proposal\":\"2027-01-10\",\"consultation\":"
                          "\"2027-02-15\",\"voting\":\"2027-04-01\",\"voting_closes\":"
                          "\"2027-04-30\"},\"members\":%s}", gci_members),
                     SERAI_OK, NULL);
    CHECK(p != NULL);
    gci = gci_first = iget(p, "id");
    CHECK_STR(sget(p, "method"), "schulze");
    CHECK_STR(sget(p, "phase"), "proposal");
    CHECK_INT(iget(p, "support_threshold"), 2);
    CHECK_INT(json_array_size(json_object_get(p, "members")), 6);
    json_t *m0 = json_array_get(json_object_get(p, "members"), 0);
    CHECK_STR(sget(m0, "member"), "KE");
    CHECK_STR(sget(m0, "group"), "Africa");
    CHECK_INT(iget(m0, "contribution"), 10000);
    json_decref(p);
    /* The same code twice is a conflict. */
    json_decref(call(create_fn, &op, 0,
                     jfmt("{\"code\":\"GCI-2027\",\"title\":\"t\",\"ballot\":\"approval\","
                          "\"dates\":{\"proposal\":\"2027-01-10\",\"consultation\":"
                          "\"2027-02-15\",\"voting\":\"2027-04-01\",\"voting_closes\":"
                          "\"2027-04-30\"}}"),
                     SERAI_ECONFLICT, "/code"));
}

static serai_code issue_fn(store *st, const actor *who, int64_t id, json_t *body,
                           json_t **out, serai_err *err)
{
    return agenda_issue_create(st, who, id, body, out, err);
}

static int64_t issue(const actor *who, const char *code, const char *title, const char *extra)
{
    json_t *o = call(issue_fn, who, gci,
                     jfmt("{\"code\":\"%s\",\"texts\":{\"en\":{\"title\":\"%s\",\"summary\":"
                          "\"Why %s matters.\"}},\"sdgs\":[6,13]%s}",
                          code, title, title, extra),
                     SERAI_OK, NULL);
    int64_t id = o ? iget(o, "id") : 0;
    if (o) {
        /* The proposer's support alone promotes under a threshold of 1. */
        CHECK_STR(sget(o, "status"), gci == gci_first ? "proposed" : "consultation");
        CHECK_INT(iget(o, "support_count"), 1);
        CHECK_INT(json_integer_value(json_array_get(json_object_get(o, "sdgs"), 1)), 13);
    }
    json_decref(o);
    return id;
}

static void test_proposal_phase(void)
{
    w[1] = issue(&d_ke, "W1", "Water security", "");
    w[2] = issue(&d_cn, "W2", "Climate adaptation", "");
    w[3] = issue(&op, "W3", "Pandemic preparedness", ",\"member\":\"DE\"");
    w[4] = issue(&d_fr, "W4", "Space debris", "");
    /* Refusals. */
    json_decref(call(issue_fn, &d_ke, gci,
                     jfmt("{\"code\":\"W1\",\"texts\":{\"en\":{\"title\":\"x\","
                          "\"summary\":\"y\"}}}"), SERAI_ECONFLICT, "/code"));
    json_decref(call(issue_fn, &d_ke, gci,
                     jfmt("{\"code\":\"W9\",\"texts\":{\"en\":{\"title\":\"x\","
                          "\"summary\":\"y\"}},\"member\":\"CN\"}"),
                     SERAI_EFORBIDDEN, "/member"));
    json_decref(call(issue_fn, &d_br, gci,
                     jfmt("{\"code\":\"W9\",\"texts\":{\"en\":{\"title\":\"x\","
                          "\"summary\":\"y\"}}}"), SERAI_EFORBIDDEN, "/member"));
    json_decref(call(issue_fn, &op, gci,
                     jfmt("{\"code\":\"W9\",\"texts\":{\"en\":{\"title\":\"x\","
                          "\"summary\":\"y\"}}}"), SERAI_EINVAL, "/member"));
    json_decref(call(issue_fn, &d_ke, gci,
                     jfmt("{\"code\":\"W9\",\"texts\":{\"en\":{\"title\":\"x\","
                          "\"summary\":\"y\"}},\"sdgs\":[18]}"), SERAI_EINVAL, "/sdgs/0"));
    json_decref(call(issue_fn, &d_ke, gci,
                     jfmt("{\"code\":\"W9\",\"texts\":{\"english\":{\"title\":\"x\","
                          "\"summary\":\"y\"}}}"), SERAI_EINVAL, "/texts/english"));
    json_decref(call(issue_fn, &d_ke, gci,
                     jfmt("{\"code\":\"W9\",\"texts\":{\"en\":{\"title\":\"x\","
                          "\"summary\":\"y\"}},\"cost\":100}"), SERAI_EINVAL, "/cost"));
    json_decref(call(issue_fn, &observer, gci,
                     jfmt("{\"code\":\"W9\",\"texts\":{\"en\":{\"title\":\"x\","
                          "\"summary\":\"y\"}}}"), SERAI_EFORBIDDEN, NULL));

    /* Support: the second supporter promotes. */
    json_t *o = call(agenda_issue_support, &d_ng, w[1], NULL, SERAI_OK, NULL);
    CHECK_STR(sget(o, "status"), "consultation");
    CHECK_INT(iget(o, "support_count"), 2);
    CHECK_STR(sget(json_array_get(json_object_get(o, "supporters"), 1), "member"), "NG");
    json_decref(o);
    json_decref(call(agenda_issue_support, &d_ng, w[1], NULL, SERAI_ECONFLICT, "/member"));
    json_decref(call(agenda_issue_support, &d_ke, w[1],
                     jfmt("{\"member\":\"NG\"}"), SERAI_EFORBIDDEN, "/member"));
    ok(agenda_issue_support, &d_in1, w[2], NULL);
    ok(agenda_issue_support, &op, w[3], jfmt("{\"member\":\"FR\"}"));
    /* A comment in the proposal phase, and a reply to it. */
    o = call(agenda_comment_add, &d_ke, w[1], jfmt("{\"body\":\"Basins cross borders.\"}"),
             SERAI_OK, NULL);
    int64_t first = iget(json_array_get(json_object_get(o, "comments"), 0), "id");
    json_decref(o);
    o = call(agenda_comment_add, &d_cn, w[1],
             jfmt("{\"body\":\"Include groundwater.\",\"parent_id\":%" PRId64 "}", first),
             SERAI_OK, NULL);
    json_t *c0 = json_array_get(json_object_get(o, "comments"), 0);
    CHECK_INT(json_array_size(json_object_get(o, "comments")), 1);
    CHECK_STR(sget(json_array_get(json_object_get(c0, "replies"), 0), "body"),
              "Include groundwater.");
    CHECK_STR(sget(json_array_get(json_object_get(c0, "replies"), 0), "member"), "CN");
    json_decref(o);
    ok(agenda_comment_add, &observer, w[1], jfmt("{\"body\":\"Observed.\"}"));
    json_decref(call(agenda_comment_add, &pub, w[1], jfmt("{\"body\":\"x\"}"),
                     SERAI_EUNAUTH, NULL));
    json_decref(call(agenda_comment_add, &d_ke, w[2],
                     jfmt("{\"body\":\"x\",\"parent_id\":%" PRId64 "}", first),
                     SERAI_EUNPROCESSABLE, "/parent_id"));
    /* Amendments wait for the consultation; so do ballots. */
    json_decref(call(agenda_amendment_add, &d_ng, w[1],
                     jfmt("{\"lang\":\"en\",\"title\":\"t\",\"reason\":\"r\"}"),
                     SERAI_ECONFLICT, "/phase"));
    json_decref(call(agenda_ballot_cast, &d_ke, gci, jfmt("{\"marks\":{\"W1\":1}}"),
                     SERAI_ECONFLICT, "/phase"));
    /* Voting cannot be entered straight from the proposal phase. */
    json_decref(call(agenda_phase_set, &op, gci, jfmt("{\"phase\":\"voting\"}"),
                     SERAI_ECONFLICT, "/phase"));
}

static void test_consultation(void)
{
    json_t *p = call(agenda_phase_set, &op, gci, jfmt("{\"phase\":\"consultation\"}"),
                     SERAI_OK, NULL);
    CHECK_STR(sget(p, "phase"), "consultation");
    CHECK_INT(iget(json_object_get(p, "issues_by_status"), "consultation"), 3);
    CHECK_INT(iget(json_object_get(p, "issues_by_status"), "proposed"), 1);
    json_decref(p);
    /* New issues are closed; amendments open, on issues in consultation. */
    json_decref(call(issue_fn, &d_ke, gci,
                     jfmt("{\"code\":\"W9\",\"texts\":{\"en\":{\"title\":\"x\","
                          "\"summary\":\"y\"}}}"), SERAI_ECONFLICT, "/phase"));
    json_decref(call(agenda_amendment_add, &d_ke, w[4],
                     jfmt("{\"lang\":\"en\",\"title\":\"t\",\"reason\":\"r\"}"),
                     SERAI_ECONFLICT, NULL));
    json_decref(call(agenda_amendment_add, &d_ng, w[1],
                     jfmt("{\"lang\":\"zh\",\"reason\":\"r\"}"), SERAI_EINVAL, "/title"));
    json_t *o = call(agenda_amendment_add, &d_ng, w[1],
                     jfmt("{\"lang\":\"zh\",\"title\":\"水安全\",\"summary\":\"跨境流域。\","
                          "\"reason\":\"A Chinese text for the assembly.\"}"),
                     SERAI_OK, NULL);
    json_t *am = json_array_get(json_object_get(o, "amendments"), 0);
    int64_t amendment = iget(am, "id");
    CHECK_STR(sget(am, "status"), "proposed");
    CHECK_STR(sget(am, "member"), "NG");
    json_decref(o);
    /* Not the proposer's delegate: refused; the proposer's: accepted. */
    json_decref(call(agenda_amendment_decide, &d_cn, amendment,
                     jfmt("{\"status\":\"accepted\"}"), SERAI_EFORBIDDEN, NULL));
    o = call(agenda_amendment_decide, &d_ke, amendment, jfmt("{\"status\":\"accepted\"}"),
             SERAI_OK, NULL);
    CHECK_STR(sget(json_object_get(json_object_get(o, "texts"), "zh"), "title"), "水安全");
    CHECK_STR(sget(json_object_get(json_object_get(o, "texts"), "en"), "title"),
              "Water security");
    CHECK_STR(sget(json_array_get(json_object_get(o, "amendments"), 0), "status"), "accepted");
    json_decref(o);
    json_decref(call(agenda_amendment_decide, &op, amendment,
                     jfmt("{\"status\":\"rejected\"}"), SERAI_ECONFLICT, "/status"));
    /* A title amendment in English, rejected by the secretariat. */
    o = call(agenda_amendment_add, &d_fr, w[3],
             jfmt("{\"lang\":\"en\",\"title\":\"Pandemics\",\"reason\":\"Shorter.\"}"),
             SERAI_OK, NULL);
    amendment = iget(json_array_get(json_object_get(o, "amendments"), 0), "id");
    json_decref(o);
    o = call(agenda_amendment_decide, &op, amendment,
             jfmt("{\"status\":\"rejected\",\"note\":\"The assembly keeps the title.\"}"),
             SERAI_OK, NULL);
    CHECK_STR(sget(o, "title"), "Pandemic preparedness");
    json_decref(o);
    /* Members cannot change once voting comes near... but can now. */
    ok(agenda_members_set, &op, gci, jfmt("{\"members\":%s}", gci_members));
    json_decref(call(agenda_members_set, &op, gci,
                     jfmt("{\"members\":[{\"member\":\"KE\"},{\"member\":\"NG\"}]}"),
                     SERAI_ECONFLICT, "/members"));
    /* Ballots still closed. */
    json_decref(call(agenda_ballot_cast, &d_ke, gci, jfmt("{\"marks\":{\"W1\":1}}"),
                     SERAI_ECONFLICT, "/phase"));
    ok(agenda_phase_set, &op, gci, jfmt("{\"phase\":\"voting\"}"));
}

static void vote(const actor *d, const char *marks)
{
    json_t *b = call(agenda_ballot_cast, d, gci, jfmt("{\"marks\":%s}", marks), SERAI_OK, NULL);
    CHECK_STR(sget(b, "member"), d->country);
    json_decref(b);
}

static void test_voting(void)
{
    /* Comments and amendments are closed while voting. */
    json_decref(call(agenda_comment_add, &d_ke, w[1], jfmt("{\"body\":\"x\"}"),
                     SERAI_ECONFLICT, "/phase"));
    /* Bad ballots. */
    json_decref(call(agenda_ballot_cast, &d_ke, gci, jfmt("{\"marks\":{\"W4\":1}}"),
                     SERAI_EINVAL, "/marks/W4"));
    json_decref(call(agenda_ballot_cast, &d_ke, gci, jfmt("{\"marks\":{\"W1\":4}}"),
                     SERAI_EINVAL, "/marks/W1"));
    json_decref(call(agenda_ballot_cast, &d_ke, gci, jfmt("{\"marks\":{\"W1\":-1}}"),
                     SERAI_EINVAL, "/marks/W1"));
    json_decref(call(agenda_ballot_cast, &d_ke, gci,
                     jfmt("{\"marks\":{\"W1\":1},\"member\":\"CN\"}"), SERAI_EFORBIDDEN,
                     "/member"));
    json_decref(call(agenda_ballot_cast, &d_br, gci, jfmt("{\"marks\":{\"W1\":1}}"),
                     SERAI_EFORBIDDEN, "/member"));
    json_decref(call(agenda_ballot_cast, &op, gci, jfmt("{\"marks\":{\"W1\":1}}"),
                     SERAI_EFORBIDDEN, NULL));
    vote(&d_ke, "{\"W1\":1,\"W2\":2,\"W3\":3}");
    json_decref(call(agenda_ballot_cast, &d_ke, gci, jfmt("{\"marks\":{\"W1\":1}}"),
                     SERAI_ECONFLICT, NULL));
    vote(&d_ng, "{\"W1\":1,\"W3\":2}");
    vote(&d_cn, "{\"W2\":1,\"W1\":2,\"W3\":3}");
    vote(&d_in1, "{\"W3\":1}"); /* withdrawn below and cast again */
    json_t *o = NULL;
    serai_err err;
    CHECK_INT(agenda_ballot_withdraw(s, &d_in1, gci, &o, &err), SERAI_OK);
    json_decref(o);
    CHECK_INT(agenda_ballot_withdraw(s, &d_in1, gci, &o, &err), SERAI_ENOTFOUND);
    vote(&d_in1, "{\"W2\":1,\"W1\":2}");
    vote(&d_in2, "{\"W1\":1,\"W3\":2}");
    vote(&d_de, "{\"W3\":1,\"W1\":2}");
    vote(&d_fr, "{\"W3\":1,\"W2\":2,\"W1\":3}");
    /* Who reads what. */
    CHECK_INT(agenda_ballot_list(s, &d_in1, gci, &o, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(o, "items")), 1);
    json_decref(o);
    CHECK_INT(agenda_ballot_list(s, &observer, gci, &o, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(o, "items")), 7);
    json_decref(o);
    CHECK_INT(agenda_ballot_list(s, &pub, gci, &o, &err), SERAI_EUNAUTH);
    CHECK_INT(agenda_tally(s, &d_ke, gci, &o, &err), SERAI_EFORBIDDEN);
    CHECK_INT(agenda_tally(s, &op, gci, &o, &err), SERAI_OK);
    CHECK(json_is_true(json_object_get(o, "provisional")));
    CHECK_STR(json_string_value(json_array_get(json_object_get(o, "winners"), 0)), "W1");
    json_decref(o);
    CHECK_INT(agenda_adopted(s, &pub, gci, NULL, &o, &err), SERAI_ECONFLICT);
}

static double fget(const json_t *o, const char *key)
{
    return json_number_value(json_object_get(o, key));
}

static void test_adoption(void)
{
    json_t *p = call(agenda_phase_set, &op, gci, jfmt("{\"phase\":\"adopted\"}"), SERAI_OK,
                     NULL);
    CHECK_STR(sget(p, "phase"), "adopted");
    json_t *r = json_object_get(p, "result");
    CHECK_INT(iget(r, "scale"), 2);
    CHECK_INT(iget(r, "ballots"), 7);
    CHECK_INT(iget(r, "members_voting"), 6);
    json_t *ranking = json_object_get(r, "ranking");
    CHECK_INT(json_array_size(ranking), 3);
    CHECK_STR(json_string_value(json_array_get(json_array_get(ranking, 0), 0)), "W1");
    CHECK_STR(json_string_value(json_array_get(json_array_get(ranking, 1), 0)), "W3");
    CHECK_STR(json_string_value(json_array_get(json_array_get(ranking, 2), 0)), "W2");
    /* The pairwise matrix, in candidate order W1, W2, W3. */
    json_t *d = json_object_get(json_object_get(r, "explanation"), "pairwise");
    static const int expect[3][3] = {{0, 7, 8}, {5, 0, 5}, {4, 7, 0}};
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            CHECK_INT(json_integer_value(json_array_get(json_array_get(d, i), j)),
                      expect[i][j]);
    /* Double majority. */
    json_t *dm = json_object_get(r, "double_majority");
    CHECK_INT(json_array_size(dm), 3);
    json_t *w2 = json_array_get(dm, 1);
    CHECK_STR(sget(w2, "issue"), "W2");
    CHECK(fabs(fget(w2, "members_for") - 3.5) < 1e-9);
    CHECK_INT(iget(w2, "contribution_for"), 55000);
    CHECK_INT(iget(w2, "contribution_voting"), 160000);
    CHECK(json_is_false(json_object_get(w2, "passes")));
    CHECK(json_is_true(json_object_get(json_array_get(dm, 2), "passes")));
    json_t *adopted = json_object_get(r, "adopted");
    CHECK_INT(json_array_size(adopted), 2);
    CHECK_STR(json_string_value(json_array_get(adopted, 0)), "W1");
    CHECK_STR(json_string_value(json_array_get(adopted, 1)), "W3");
    /* Consensus across the three regions. */
    json_t *cons = json_object_get(r, "consensus");
    json_t *cr = json_object_get(cons, "ranking");
    CHECK_STR(json_string_value(json_array_get(cr, 0)), "W1");
    CHECK_STR(json_string_value(json_array_get(cr, 1)), "W3");
    CHECK_STR(json_string_value(json_array_get(cr, 2)), "W2");
    json_t *ci = json_object_get(cons, "issues");
    CHECK(fabs(fget(json_array_get(ci, 0), "score") - 0.421875) < 1e-12);
    CHECK(fabs(fget(json_array_get(ci, 1), "score") - 0.15625) < 1e-12);
    CHECK(fabs(fget(json_array_get(ci, 2), "score") - 0.3515625) < 1e-12);
    json_t *asia = json_object_get(json_object_get(json_array_get(ci, 1), "groups"), "Asia");
    CHECK(fabs(fget(asia, "support") - 1.5) < 1e-12);
    CHECK_INT(json_array_size(json_object_get(cons, "divisive")), 0);
    /* India's two ballots carry one member's weight. */
    json_t *members = json_object_get(r, "members");
    for (size_t k = 0; k < json_array_size(members); k++)
        CHECK_INT(iget(json_array_get(members, k), "weight"), 2);
    json_decref(p);

    /* The issues now carry their place and status. */
    CHECK_INT(count("SELECT place FROM agenda_issue WHERE id = $1", w[3]), 2);
    CHECK_INT(count("SELECT count(*) FROM agenda_issue WHERE process_id = $1 AND "
                    "status = 'adopted'", gci), 2);
    CHECK_INT(count("SELECT count(*) FROM agenda_issue WHERE process_id = $1 AND "
                    "status = 'not_adopted'", gci), 2);
    /* Afterwards: nothing moves; everyone reads the result. */
    json_decref(call(agenda_ballot_cast, &d_ke, gci, jfmt("{\"marks\":{\"W1\":1}}"),
                     SERAI_ECONFLICT, "/phase"));
    json_decref(call(agenda_phase_set, &op, gci, jfmt("{\"phase\":\"adopted\"}"),
                     SERAI_ECONFLICT, "/phase"));
    json_t *o = NULL;
    serai_err err;
    CHECK_INT(agenda_tally(s, &pub, gci, &o, &err), SERAI_OK);
    CHECK(json_is_false(json_object_get(o, "provisional")));
    json_decref(o);
    /* Links: adopted issues only, to calls that exist. */
    json_decref(call(agenda_link_add, &op, w[2], jfmt("{\"call_id\":1}"), SERAI_ECONFLICT,
                     NULL));
    json_decref(call(agenda_link_add, &op, w[1], jfmt("{\"call_id\":999}"),
                     SERAI_EUNPROCESSABLE, "/call_id"));
    CHECK_INT(agenda_adopted(s, &pub, gci, "zh", &o, &err), SERAI_OK);
    json_t *issues = json_object_get(o, "issues");
    CHECK_INT(json_array_size(issues), 2);
    CHECK_STR(sget(json_array_get(issues, 0), "title"), "水安全");
    CHECK_STR(sget(json_array_get(issues, 1), "title"), "Pandemic preparedness");
    CHECK_INT(iget(json_array_get(issues, 1), "place"), 2);
    json_decref(o);
}

/* Contribution weighting turns an approval count around; a budget ballot
 * funds what fits. */
static void test_weightings(void)
{
    json_t *p = call(create_fn, &op, 0,
                     jfmt("{\"code\":\"APR\",\"title\":\"Themes\",\"ballot\":\"approval\","
                          "\"weighting\":\"contribution\",\"currency\":\"USD\","
                          "\"support_threshold\":1,\"dates\":{\"proposal\":\"2027-01-01\","
                          "\"consultation\":\"2027-01-01\",\"voting\":\"2027-01-02\","
                          "\"voting_closes\":\"2027-01-03\"},\"members\":["
                          "{\"member\":\"KE\",\"contribution\":50000},"
                          "{\"member\":\"CN\",\"contribution\":10000},"
                          "{\"member\":\"DE\",\"contribution\":30000}]}"),
                     SERAI_OK, NULL);
    int64_t id = iget(p, "id");
    json_decref(p);
    int64_t saved = gci;
    gci = id;
    issue(&d_ke, "X1", "Oceans", "");
    issue(&d_cn, "X2", "Soils", "");
    ok(agenda_phase_set, &op, id, jfmt("{\"phase\":\"consultation\"}"));
    ok(agenda_phase_set, &op, id, jfmt("{\"phase\":\"voting\"}"));
    json_decref(call(agenda_ballot_cast, &d_ke, id, jfmt("{\"marks\":{\"X1\":2}}"),
                     SERAI_EINVAL, "/marks/X1"));
    vote(&d_ke, "{\"X1\":1}");
    vote(&d_cn, "{\"X2\":1}");
    vote(&d_de, "{\"X2\":1,\"X1\":0}");
    p = call(agenda_phase_set, &op, id, jfmt("{\"phase\":\"adopted\"}"), SERAI_OK, NULL);
    json_t *r = json_object_get(p, "result");
    /* Weights 5, 1, 3 (contributions over their gcd): X1 5 against X2 4;
     * one member one vote would have chosen X2. */
    json_t *points = json_object_get(json_object_get(r, "explanation"), "points");
    CHECK(points != NULL);
    CHECK_STR(json_string_value(json_array_get(json_object_get(r, "winners"), 0)), "X1");
    CHECK_INT(json_array_size(json_object_get(r, "adopted")), 2);
    json_decref(p);

    p = call(create_fn, &op, 0,
             jfmt("{\"code\":\"PB\",\"title\":\"Fund themes\",\"ballot\":\"budget\","
                  "\"method\":\"greedy\",\"budget\":100000,\"currency\":\"USD\","
                  "\"support_threshold\":1,\"dates\":{\"proposal\":\"2027-01-01\","
                  "\"consultation\":\"2027-01-01\",\"voting\":\"2027-01-02\","
                  "\"voting_closes\":\"2027-01-03\"},\"members\":["
                  "{\"member\":\"KE\"},{\"member\":\"CN\"},{\"member\":\"DE\"}]}"),
             SERAI_OK, NULL);
    id = iget(p, "id");
    json_decref(p);
    gci = id;
    json_decref(call(issue_fn, &d_ke, id,
                     jfmt("{\"code\":\"B0\",\"texts\":{\"en\":{\"title\":\"x\","
                          "\"summary\":\"y\"}}}"), SERAI_EINVAL, "/cost"));
    issue(&d_ke, "B1", "Glaciers", ",\"cost\":60000");
    issue(&d_cn, "B2", "Deltas", ",\"cost\":50000");
    issue(&d_de, "B3", "Aquifers", ",\"cost\":40000");
    ok(agenda_phase_set, &op, id, jfmt("{\"phase\":\"consultation\"}"));
    ok(agenda_phase_set, &op, id, jfmt("{\"phase\":\"voting\"}"));
    vote(&d_ke, "{\"B1\":1}");
    vote(&d_cn, "{\"B2\":1,\"B3\":1}");
    vote(&d_de, "{\"B2\":1,\"B3\":1}");
    p = call(agenda_phase_set, &op, id, jfmt("{\"phase\":\"adopted\"}"), SERAI_OK, NULL);
    r = json_object_get(p, "result");
    json_t *adopted = json_object_get(r, "adopted");
    CHECK_INT(json_array_size(adopted), 2);
    CHECK_STR(json_string_value(json_array_get(adopted, 0)), "B2");
    CHECK_STR(json_string_value(json_array_get(adopted, 1)), "B3");
    CHECK_INT(count("SELECT count(*) FROM agenda_issue WHERE process_id = $1 AND code = 'B1' "
                    "AND status = 'not_adopted'", id), 1);
    json_decref(p);
    gci = saved;
}

/* Processes are listed and read by anyone. */
static void test_reading(void)
{
    json_t *o = NULL;
    serai_err err;
    CHECK_INT(agenda_process_list(s, &pub, &o, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(o, "items")), 3);
    json_decref(o);
    CHECK_INT(agenda_issue_list(s, &pub, gci, "adopted", "zh", &o, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(o, "items")), 2);
    CHECK_STR(sget(json_array_get(json_object_get(o, "items"), 0), "code"), "W1");
    json_decref(o);
    CHECK_INT(agenda_issue_list(s, &pub, gci, "won", NULL, &o, &err), SERAI_EINVAL);
    CHECK_INT(agenda_issue_get(s, &pub, 9999, NULL, &o, &err), SERAI_ENOTFOUND);
    CHECK_INT(agenda_process_get(s, &pub, 9999, &o, &err), SERAI_ENOTFOUND);
}

int main(void)
{
    world_open();
    RUN(test_process_create);
    RUN(test_proposal_phase);
    RUN(test_consultation);
    RUN(test_voting);
    RUN(test_adoption);
    RUN(test_weightings);
    RUN(test_reading);
    testdb_close(&tdb);
    return check_report();
}
