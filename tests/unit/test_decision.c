/*
 * test_decision.c -- funding decisions and grants (decision/decision.h)
 * through the library, on SQLite and PostgreSQL.
 *
 * One small virtual-common-pot call in EUR is built by hand: three
 * national funders (A 1000.00, B 800.00, C 600.00), seven proposals whose
 * consensus scores fix the ranking (P7 below the overall threshold), each
 * partner asking one funder.  Worked out here, the binding selection with
 * reserve_max 1 is:
 *
 *   rank  proposal  asks                      outcome
 *   1     P1        A 400.00, B 300.00        funded
 *   2     P2        A 300.00, C 300.00        funded
 *   3     P3        B 400.00, C 200.00        funded
 *   4     P4        A 400.01, B  99.99        reserve: A has 300.00 left
 *   5     P5        B 100.00, C 100.00        funded (B and C now empty)
 *   6     P6        A 200.00, C  50.00        not funded: C has nothing
 *   -     P7        A  10.00, B  10.00        below threshold, not in the run
 *
 * Then the funders decide one step at a time; B declines P1, which blocks
 * its consortium and re-runs the selection: P2, P3 and P5 keep their money
 * (A 700.00, B 300.00, C 0.00 left to the re-run), P4 now fits and is
 * earmarked, P6 stays in reserve.  P4 is signed and becomes two grants
 * (36 months from 2026-09-01) committed in the call's pot; tranches,
 * reports, milestones and own contributions follow, with every refusal
 * checked to write nothing, and a tranche whose fund step fails rolled
 * back whole.
 */
#include <inttypes.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "check.h"
#include "core/clock.h"
#include "decision/decision.h"
#include "fund/fund.h"
#include "fund/ledger_store.h"
#include "project/call.h"
#include "project/proposal.h"
#include "registry/org.h"
#include "review/pool.h"
#include "review/review.h"
#include "testdb.h"

/* ---- helpers --------------------------------------------------------- */

static testdb tdb;
static store *s;
static actor op;

static json_t *jvfmt(const char *fmt, va_list ap)
{
    char text[8192];
    vsnprintf(text, sizeof text, fmt, ap);
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);
    if (j == NULL) {
        fprintf(stderr, "bad test JSON (%s): %s\n", e.text, text);
        abort();
    }
    return j;
}
static json_t *jfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static json_t *jfmt(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    json_t *j = jvfmt(fmt, ap);
    va_end(ap);
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

/* The single integer a query with one integer parameter answers. */
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

static int64_t audit_actions(const char *action)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE action = '%s' AND seq > $1",
             action);
    return count(sql, 0);
}

static void ledger_ok(void)
{
    serai_err err;
    CHECK_INT(ledger_store_check(s, &err), SERAI_OK);
}

typedef serai_code (*create_fn)(store *, const actor *, json_t *, json_t **, serai_err *);

static int64_t make(create_fn fn, const actor *who, json_t *body)
{
    json_t *out = NULL;
    serai_err err;
    int64_t id = 0;
    if (fn(s, who, body, &out, &err) == SERAI_OK)
        id = iget(out, "id");
    else
        fprintf(stderr, "make: %s: %s\n", err.field, err.detail);
    json_decref(out);
    json_decref(body);
    return id;
}

static int64_t org(const char *name, const char *type, const char *country)
{
    bool sme = strcmp(type, "sme") == 0;
    return make(org_create, &op,
                jfmt("{\"name\":\"%s\",\"type\":\"%s\",\"country\":\"%s\"%s}", name, type,
                     country, sme ? ",\"sme_evidence\":\"national register\"" : ""));
}

/* An account of role with an organisation (0: none), as the actor the
 * HTTP adapter would build for it. */
static actor account(const char *email, role r, int64_t org_id)
{
    char links[64] = "";
    if (org_id)
        snprintf(links, sizeof links, ",\"organization_id\":%" PRId64, org_id);
    actor a = {.role = r, .org_id = org_id};
    a.account_id = make(account_create, &op,
                        jfmt("{\"email\":\"%s\",\"name\":\"%s\",\"role\":\"%s\","
                             "\"password\":\"a long enough password\"%s}",
                             email, email, role_name(r), links));
    snprintf(a.label, sizeof a.label, "%s", email);
    return a;
}

/* ---- the world ---------------------------------------------------------- */

static int64_t trustee, fa_a, fa_b, fa_c, uni_de, uni_fr, uni_es, sme_de;
static actor appl, appl2, fund_a, fund_c, observer, pub;
static int64_t call_id;
static int64_t prop[8]; /* P1..P7 */
static char label_a[80], label_b[80], label_c[80];
static int64_t run1, run2;
static char digest1[80], digest2[80]; /* their input digests */
static int64_t pot;
static int64_t award_a, award_b; /* P4's grants: sme_de (A), uni_fr (B) */

/* A proposal of two partners: (o1 asks f1 r1) and (o2 asks f2 r2). */
static int64_t proposal(const char *acronym, int months, int64_t o1, int64_t f1, int64_t r1,
                        int64_t o2, int64_t f2, int64_t r2, const char *own1)
{
    json_t *body = jfmt("{\"call_id\":%" PRId64 ",\"acronym\":\"%s\",\"title\":\"Project %s\","
                        "\"duration_months\":%d,\"partners\":["
                        "{\"organization_id\":%" PRId64 ",\"role\":\"coordinator\","
                        "\"funder_id\":%" PRId64 ",\"requested\":%" PRId64
                        ",\"currency\":\"EUR\"%s},"
                        "{\"organization_id\":%" PRId64 ",\"role\":\"partner\","
                        "\"funder_id\":%" PRId64 ",\"requested\":%" PRId64
                        ",\"currency\":\"EUR\"}]}",
                        call_id, acronym, acronym, months, o1, f1, r1, own1, o2, f2, r2);
    json_t *out = NULL;
    serai_err err;
    int64_t id = 0;
    if (proposal_create(s, &appl, body, clock_now(), &out, &err) == SERAI_OK)
        id = iget(out, "id");
    else
        fprintf(stderr, "proposal %s: %s: %s\n", acronym, err.field, err.detail);
    json_decref(out);
    json_decref(body);
    if (proposal_submit(s, &appl, id, clock_now(), &out, &err) == SERAI_OK)
        CHECK_STR(sget(out, "status"), "eligible");
    else
        fprintf(stderr, "submit %s: %s\n", acronym, err.detail);
    json_decref(out);
    return id;
}

static void consensus(int64_t proposal_id, int score)
{
    json_t *b = jfmt("{\"score\":%d,\"justification\":\"panel consensus\"}", score);
    json_t *out = NULL;
    serai_err err;
    serai_code rc = consensus_set(s, &op, proposal_id, b, &out, &err);
    if (rc != SERAI_OK)
        fprintf(stderr, "consensus %" PRId64 ": %s\n", proposal_id, err.detail);
    CHECK_INT(rc, SERAI_OK);
    json_decref(b);
    json_decref(out);
}

static void world_open(void)
{
    s = testdb_open(&tdb);
    op = actor_operator();
    trustee = org("Cooperation Trust", "international_organization", "CH");
    fa_a = org("Agentur DE", "funding_agency", "DE");
    fa_b = org("Agence FR", "funding_agency", "FR");
    fa_c = org("Agencia ES", "funding_agency", "ES");
    uni_de = org("Universitaet DE", "university", "DE");
    uni_fr = org("Universite FR", "university", "FR");
    uni_es = org("Universidad ES", "university", "ES");
    sme_de = org("KMU DE", "sme", "DE");
    CHECK(trustee && fa_a && fa_b && fa_c && uni_de && uni_fr && uni_es && sme_de);
    snprintf(label_a, sizeof label_a, "Agentur DE (#%" PRId64 ")", fa_a);
    snprintf(label_b, sizeof label_b, "Agence FR (#%" PRId64 ")", fa_b);
    snprintf(label_c, sizeof label_c, "Agencia ES (#%" PRId64 ")", fa_c);
    appl = account("appl@consortium.test", ROLE_APPLICANT, uni_de);
    appl2 = account("other@consortium.test", ROLE_APPLICANT, uni_fr);
    fund_a = account("officer@agentur.test", ROLE_FUNDER, fa_a);
    fund_c = account("officer@agencia.test", ROLE_FUNDER, fa_c);
    observer = account("board@observer.test", ROLE_OBSERVER, 0);
    pub = actor_public();
    CHECK(appl.account_id && appl2.account_id && fund_a.account_id && fund_c.account_id &&
          observer.account_id);
    char dl[CLOCK_ISO_LEN];
    clock_format(clock_now() + 86400, dl);
    call_id = make(call_create, &op,
                   jfmt("{\"programme\":\"Joint Call\",\"edition\":\"2026\","
                        "\"title\":\"Joint call 2026\",\"funding_mode\":\"virtual_common_pot\","
                        "\"stages\":[{\"kind\":\"full_proposal\",\"deadline\":\"%s\"}],"
                        "\"funders\":[{\"organization_id\":%" PRId64 ",\"budget\":100000,"
                        "\"currency\":\"EUR\"},{\"organization_id\":%" PRId64
                        ",\"budget\":80000,\"currency\":\"EUR\"},{\"organization_id\":%" PRId64
                        ",\"budget\":60000,\"currency\":\"EUR\"}],"
                        "\"rules\":{\"min_countries\":2}}",
                        dl, fa_a, fa_b, fa_c));
    CHECK(call_id > 0);
    json_t *out = NULL;
    serai_err err;
    CHECK_INT(call_transition(s, &op, call_id, "open", &out, &err), SERAI_OK);
    json_decref(out);
    prop[1] = proposal("P1", 24, uni_de, fa_a, 40000, uni_fr, fa_b, 30000, "");
    prop[2] = proposal("P2", 24, uni_de, fa_a, 30000, uni_es, fa_c, 30000, "");
    prop[3] = proposal("P3", 24, uni_fr, fa_b, 40000, uni_es, fa_c, 20000, "");
    prop[4] = proposal("P4", 36, sme_de, fa_a, 40001, uni_fr, fa_b, 9999,
                       ",\"own_cash\":5000,\"own_in_kind\":3000");
    prop[5] = proposal("P5", 24, uni_fr, fa_b, 10000, uni_es, fa_c, 10000, "");
    prop[6] = proposal("P6", 24, uni_de, fa_a, 20000, uni_es, fa_c, 5000, "");
    prop[7] = proposal("P7", 24, uni_de, fa_a, 1000, uni_fr, fa_b, 1000, "");
    for (int i = 1; i <= 7; i++)
        CHECK(prop[i] > 0);
    json_t *b = jfmt("{\"per_proposal\":3,\"max_same_country\":1,"
                     "\"exclude_applicant_countries\":false,"
                     "\"scheme\":{\"scale\":{\"min\":0,\"max\":5,\"step\":0.5},"
                     "\"criteria\":[{\"code\":\"excellence\",\"name\":\"Excellence\","
                     "\"weight\":2},{\"code\":\"impact\",\"name\":\"Impact\",\"weight\":2}],"
                     "\"overall_threshold\":10}}");
    CHECK_INT(review_setup_put(s, &op, call_id, b, &out, &err), SERAI_OK);
    json_decref(b);
    json_decref(out);
    static const int score[] = {0, 20, 19, 18, 17, 16, 15, 8};
    for (int i = 1; i <= 7; i++)
        consensus(prop[i], score[i]);
    /* Submissions close before the selection: an open call is refused. */
    json_t *none = json_object();
    CHECK_INT(decision_select(s, &op, call_id, none, &out, &err), SERAI_ECONFLICT);
    CHECK(strstr(err.detail, "is open") != NULL);
    json_decref(none);
    CHECK_INT(call_transition(s, &op, call_id, "closed", &out, &err), SERAI_OK);
    json_decref(out);
    /* The ranking is the one the table above assumes. */
    CHECK_INT(ranking_get(s, &op, call_id, &out, &err), SERAI_OK);
    for (int i = 1; i <= 7; i++) {
        json_t *it = json_array_get(json_object_get(out, "items"), (size_t)i - 1);
        CHECK_INT(iget(it, "proposal_id"), prop[i]);
        CHECK_INT(iget(it, "rank"), i);
        CHECK(json_is_true(json_object_get(it, "below_threshold")) == (i == 7));
    }
    json_decref(out);
}

/* ---- what a refused step must leave untouched ---------------------------- */

typedef struct snapshot {
    int64_t v[40];
    json_t *position;
} snapshot;

static const char *const snap_sql[] = {
    "SELECT count(*) FROM award WHERE id > $1",
    "SELECT count(*) FROM award_tranche WHERE id > $1",
    "SELECT count(*) FROM award_tranche WHERE paid_on IS NOT NULL AND id > $1",
    "SELECT count(*) FROM award_tranche WHERE transfer_id IS NOT NULL AND id > $1",
    "SELECT count(*) FROM award_report WHERE id > $1",
    "SELECT count(*) FROM award_report WHERE submitted_on IS NOT NULL AND id > $1",
    "SELECT count(*) FROM award_report WHERE accepted_on IS NOT NULL AND id > $1",
    "SELECT count(*) FROM award_milestone WHERE id > $1",
    "SELECT count(*) FROM award_milestone WHERE done_on IS NOT NULL AND id > $1",
    "SELECT count(*) FROM award_cofunding WHERE id > $1",
    "SELECT count(*) FROM fund_txn WHERE id > $1",
    "SELECT count(*) FROM fund_commitment WHERE id > $1",
    "SELECT COALESCE(SUM(committed + 3 * disbursed + 7 * returned), 0) FROM "
    "fund_commitment WHERE id > $1",
    "SELECT count(*) FROM fund_commitment WHERE status = 'committed' AND id > $1",
    "SELECT count(*) FROM ledger_transfer WHERE id > $1",
    "SELECT count(*) FROM selection_run WHERE id > $1",
    "SELECT count(*) FROM funding_decision WHERE id > $1",
    "SELECT count(*) FROM funding_decision WHERE status = 'earmarked' AND id > $1",
    "SELECT count(*) FROM funding_decision WHERE status = 'national_evaluation' AND id > $1",
    "SELECT count(*) FROM funding_decision WHERE status = 'approved' AND id > $1",
    "SELECT count(*) FROM funding_decision WHERE status = 'contract_signed' AND id > $1",
    "SELECT count(*) FROM funding_decision WHERE status = 'declined' AND id > $1",
    "SELECT count(*) FROM funding_decision WHERE note IS NOT NULL AND id > $1",
    "SELECT count(*) FROM proposal WHERE status = 'selected' AND id > $1",
    "SELECT count(*) FROM proposal WHERE status = 'reserve' AND id > $1",
    "SELECT count(*) FROM proposal WHERE status = 'rejected' AND id > $1",
    "SELECT count(*) FROM proposal WHERE status = 'funded' AND id > $1",
    "SELECT count(*) FROM call_decision WHERE id > $1",
    "SELECT count(*) FROM fund WHERE id > $1",
};
#define NSNAP (sizeof snap_sql / sizeof *snap_sql)

static void snap(snapshot *sn)
{
    for (size_t i = 0; i < NSNAP; i++)
        sn->v[i] = count(snap_sql[i], 0);
    sn->v[NSNAP] = audit_records();
    sn->position = NULL;
    serai_err err;
    if (pot && fund_position(s, &op, pot, "2030-01-01", &sn->position, &err) != SERAI_OK)
        sn->position = NULL;
}

/* Compare and free. */
static bool snap_same(int line, snapshot *a, snapshot *b)
{
    bool same = true;
    for (size_t i = 0; i <= NSNAP; i++)
        if (a->v[i] != b->v[i]) {
            same = false;
            fprintf(stderr, "%s:%d: a refused step changed %s: %" PRId64 " -> %" PRId64 "\n",
                    __FILE__, line, i < NSNAP ? snap_sql[i] : "the audit trail", a->v[i],
                    b->v[i]);
        }
    if (!((a->position == NULL && b->position == NULL) ||
          (a->position && b->position && json_equal(a->position, b->position)))) {
        same = false;
        fprintf(stderr, "%s:%d: a refused step changed the fund's position\n", __FILE__,
                line);
    }
    json_decref(a->position);
    json_decref(b->position);
    return same;
}

/* Check a refusal: code, field (NULL: not checked), detail containing
 * needle and needle2 (NULL: not checked), no answer, nothing written. */
static void refusal_done(int line, snapshot *before, serai_code rc, json_t *out,
                         const serai_err *err, serai_code want, const char *field,
                         const char *needle, const char *needle2)
{
    snapshot after;
    snap(&after);
    check_count++;
    if (rc != want || out != NULL || (field && strcmp(err->field, field) != 0) ||
        (needle && strstr(err->detail, needle) == NULL) ||
        (needle2 && strstr(err->detail, needle2) == NULL)) {
        check_failures++;
        fprintf(stderr, "%s:%d: expected refusal %d %s \"%s\" \"%s\", got %d %s \"%s\"\n",
                __FILE__, line, want, field ? field : "*", needle ? needle : "*",
                needle2 ? needle2 : "*", rc, err->field, err->detail);
    }
    check_count++;
    if (!snap_same(line, before, &after))
        check_failures++;
    json_decref(out);
    ledger_ok();
}

typedef serai_code (*id_fn)(store *, const actor *, int64_t, json_t *, json_t **,
                            serai_err *);

static void refused_at(int line, serai_code want, const char *field, const char *needle,
                       const char *needle2, id_fn fn, const actor *who, int64_t id,
                       const char *body_text)
{
    json_t *body = jfmt("%s", body_text);
    snapshot before;
    snap(&before);
    json_t *out = NULL;
    serai_err err;
    memset(&err, 0, sizeof err);
    serai_code rc = fn(s, who, id, body, &out, &err);
    json_decref(body);
    refusal_done(line, &before, rc, out, &err, want, field, needle, needle2);
}
#define REFUSED(want, field, needle, needle2, fn, who, id, body) \
    refused_at(__LINE__, want, field, needle, needle2, fn, who, id, body)

/* Steps with two ids or a period. */
static void set_refused_at(int line, serai_code want, const char *field, const char *needle,
                           const char *needle2, const actor *who, int64_t proposal_id,
                           int64_t funder, const char *body_text)
{
    json_t *body = jfmt("%s", body_text);
    snapshot before;
    snap(&before);
    json_t *out = NULL;
    serai_err err;
    memset(&err, 0, sizeof err);
    serai_code rc = decision_set(s, who, proposal_id, funder, body, &out, &err);
    json_decref(body);
    refusal_done(line, &before, rc, out, &err, want, field, needle, needle2);
}
#define SET_REFUSED(want, field, needle, needle2, who, p, f, body) \
    set_refused_at(__LINE__, want, field, needle, needle2, who, p, f, body)

static void pay_refused_at(int line, serai_code want, const char *needle, const actor *who,
                           int64_t award, int64_t seq, const char *date)
{
    json_t *body = jfmt("{\"date\":\"%s\"}", date);
    snapshot before;
    snap(&before);
    json_t *out = NULL;
    serai_err err;
    memset(&err, 0, sizeof err);
    serai_code rc = award_tranche_pay(s, who, award, seq, body, &out, &err);
    json_decref(body);
    refusal_done(line, &before, rc, out, &err, want, NULL, needle, NULL);
}
#define PAY_REFUSED(want, needle, who, award, seq, date) \
    pay_refused_at(__LINE__, want, needle, who, award, seq, date)

static void report_refused_at(int line, serai_code want, const char *needle, bool accept,
                              const actor *who, int64_t award, const char *period)
{
    json_t *body = jfmt("{\"date\":\"2027-10-01\"}");
    snapshot before;
    snap(&before);
    json_t *out = NULL;
    serai_err err;
    memset(&err, 0, sizeof err);
    serai_code rc = accept ? award_report_accept(s, who, award, period, body, &out, &err)
                           : award_report_submit(s, who, award, period, body, &out, &err);
    json_decref(body);
    refusal_done(line, &before, rc, out, &err, want, NULL, needle, NULL);
}
#define REPORT_REFUSED(want, needle, accept, who, award, period) \
    report_refused_at(__LINE__, want, needle, accept, who, award, period)

/* Run a step that must succeed; its answer (caller frees) or NULL. */
static json_t *ok_at(int line, id_fn fn, const actor *who, int64_t id, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static json_t *ok_at(int line, id_fn fn, const actor *who, int64_t id, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    json_t *body = jvfmt(fmt, ap);
    va_end(ap);
    json_t *out = NULL;
    serai_err err;
    memset(&err, 0, sizeof err);
    serai_code rc = fn(s, who, id, body, &out, &err);
    json_decref(body);
    check_count++;
    if (rc != SERAI_OK || out == NULL) {
        check_failures++;
        fprintf(stderr, "%s:%d: step failed (%d) %s: %s\n", __FILE__, line, rc, err.field,
                err.detail);
        json_decref(out);
        return NULL;
    }
    return out;
}
#define OK(fn, who, id, ...) ok_at(__LINE__, fn, who, id, __VA_ARGS__)
#define DO(fn, who, id, ...) json_decref(ok_at(__LINE__, fn, who, id, __VA_ARGS__))

static json_t *set_at(int line, const actor *who, int64_t proposal_id, int64_t funder,
                      const char *status)
{
    json_t *body = jfmt("{\"status\":\"%s\"}", status);
    json_t *out = NULL;
    serai_err err;
    memset(&err, 0, sizeof err);
    serai_code rc = decision_set(s, who, proposal_id, funder, body, &out, &err);
    json_decref(body);
    check_count++;
    if (rc != SERAI_OK) {
        check_failures++;
        fprintf(stderr, "%s:%d: decision_set %s failed (%d): %s\n", __FILE__, line, status,
                rc, err.detail);
        return NULL;
    }
    return out;
}
/* Pay tranche seq of award on date; the grant (caller frees) or NULL. */
static json_t *pay_at(int line, int64_t award, int64_t seq, const char *date)
{
    json_t *body = jfmt("{\"date\":\"%s\"}", date);
    json_t *out = NULL;
    serai_err err;
    memset(&err, 0, sizeof err);
    serai_code rc = award_tranche_pay(s, &op, award, seq, body, &out, &err);
    json_decref(body);
    check_count++;
    if (rc != SERAI_OK) {
        check_failures++;
        fprintf(stderr, "%s:%d: paying tranche %" PRId64 " failed (%d): %s\n", __FILE__,
                line, seq, rc, err.detail);
        return NULL;
    }
    return out;
}
#define PAY(award, seq, date) pay_at(__LINE__, award, seq, date)

#define SET(who, p, f, status) json_decref(set_at(__LINE__, who, p, f, status))

static const char *decision_status(int64_t proposal_id, int64_t funder)
{
    static char st[32];
    st[0] = '\0';
    store_stmt *q;
    serai_err err;
    if (store_prepare(s, "SELECT status FROM funding_decision WHERE proposal_id = $1 AND "
                         "funder_org_id = $2", &q, &err) != SERAI_OK)
        return st;
    store_bind_int64(q, 1, proposal_id);
    store_bind_int64(q, 2, funder);
    if (store_step(q, &err) == STORE_ROW)
        snprintf(st, sizeof st, "%s", store_col_text(q, 0));
    store_reset(q);
    return st;
}

static const char *proposal_status(int64_t id)
{
    static char st[32];
    st[0] = '\0';
    store_stmt *q;
    serai_err err;
    if (store_prepare(s, "SELECT status FROM proposal WHERE id = $1", &q, &err) != SERAI_OK)
        return st;
    store_bind_int64(q, 1, id);
    if (store_step(q, &err) == STORE_ROW)
        snprintf(st, sizeof st, "%s", store_col_text(q, 0));
    store_reset(q);
    return st;
}

/* The result row of proposal id in a run's "proposals", or NULL. */
static json_t *outcome_of(json_t *run, int64_t id)
{
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(run, "proposals"), i, p)
        if (iget(p, "proposal_id") == id)
            return p;
    return NULL;
}

static json_t *funder_row(json_t *run, int64_t org_id)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(run, "funders"), i, f)
        if (iget(f, "funder_org_id") == org_id)
            return f;
    return NULL;
}

/* The stored input of a run hashes to its stored digest, and to the digest
 * the answer names. */
static void digest_checks(int64_t run, const char *answered)
{
    store_stmt *q;
    serai_err err;
    CHECK_INT(store_prepare(s, "SELECT input, input_digest FROM selection_run WHERE id = $1",
                            &q, &err), SERAI_OK);
    store_bind_int64(q, 1, run);
    CHECK_INT(store_step(q, &err), STORE_ROW);
    const char *input = store_col_text(q, 0);
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    crypto_hash_sha256(h, (const unsigned char *)input, strlen(input));
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    CHECK_STR(store_col_text(q, 1), hex);
    CHECK_STR(answered, hex);
    /* The input is canonical: keys sorted, compact. */
    json_t *j = json_loads(input, 0, NULL);
    CHECK(j != NULL);
    char *again = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    CHECK_STR(again, input);
    free(again);
    json_decref(j);
    store_reset(q);
}

/* ---- the binding selection ------------------------------------------------ */

static void test_select(void)
{
    json_t *out = NULL;
    serai_err err;
    /* Only the secretariat runs it. */
    REFUSED(SERAI_EFORBIDDEN, NULL, NULL, NULL, decision_select, &fund_a, call_id, "{}");
    REFUSED(SERAI_EFORBIDDEN, NULL, NULL, NULL, decision_select, &observer, call_id, "{}");
    REFUSED(SERAI_EFORBIDDEN, NULL, NULL, NULL, decision_select, &appl, call_id, "{}");
    /* Bad options name their field. */
    REFUSED(SERAI_EINVAL, NULL, NULL, NULL, decision_select, &op, call_id,
            "{\"colour\":1}");
    char body[160];
    snprintf(body, sizeof body, "{\"flexibility\":{\"%" PRId64 "\":\"10\"}}", uni_de);
    char field[64];
    snprintf(field, sizeof field, "/flexibility/%" PRId64, uni_de);
    REFUSED(SERAI_EUNPROCESSABLE, field, "not a funder", NULL, decision_select, &op, call_id,
            body);
    snprintf(body, sizeof body, "{\"flexibility\":{\"%" PRId64 "\":\"abc\"}}", fa_a);
    snprintf(field, sizeof field, "/flexibility/%" PRId64, fa_a);
    REFUSED(SERAI_EINVAL, field, NULL, NULL, decision_select, &op, call_id, body);
    REFUSED(SERAI_ENOTFOUND, NULL, NULL, NULL, decision_select, &op, 999999, "{}");

    /* What-if and compare read the same input and store nothing; readers
     * are the secretariat, observers and funders. */
    json_t *w = OK(decision_whatif, &op, call_id, "{\"percent\":10}");
    if (w) {
        CHECK_INT(iget(w, "funded"), 4);
        CHECK_INT(iget(w, "percent"), 10);
        CHECK(json_is_integer(json_object_get(w, "more_funded")));
        CHECK_INT(json_array_size(json_object_get(w, "funders")), 3);
        json_t *fa = funder_row(w, fa_a);
        /* A blocks P4 (rank 4) and needs 100.01 more for it. */
        CHECK_INT(iget(fa, "runs_out_at_rank"), 4);
        CHECK_INT(iget(fa, "extra_for_next"), 10001);
        CHECK_STR(sget(fa, "currency"), "EUR");
        /* C cannot pay P6 (rank 6) and needs 50.00 more for it; B never
         * blocks a proposal. */
        CHECK_INT(iget(funder_row(w, fa_c), "runs_out_at_rank"), 6);
        CHECK_INT(iget(funder_row(w, fa_c), "extra_for_next"), 5000);
        CHECK(json_is_null(json_object_get(funder_row(w, fa_b), "runs_out_at_rank")));
        CHECK_INT(iget(funder_row(w, fa_b), "extra_for_next"), 0);
        /* +10%: A 1100.00, B 880.00, C 660.00 -- P4 still misses A by
         * 0.01, P6 now fits: one more. */
        CHECK_INT(iget(w, "more_funded"), 1);
    }
    json_decref(w);
    json_t *c = OK(decision_compare, &op, call_id, "{\"time_limit\":5,\"reserve_max\":1}");
    if (c) {
        json_t *b = json_object_get(c, "binding"), *o = json_object_get(c, "optimal");
        CHECK_STR(sget(c, "objective"), "score");
        CHECK_INT(iget(b, "funded"), 4);
        CHECK(iget(o, "funded_score") >= iget(b, "funded_score"));
        CHECK_INT(iget(c, "extra_score"), iget(o, "funded_score") - iget(b, "funded_score"));
        CHECK(json_object_get(o, "gap") && json_object_get(o, "proven_optimal"));
    }
    json_decref(c);
    REFUSED(SERAI_EINVAL, "/objective", NULL, NULL, decision_compare, &op, call_id,
            "{\"objective\":\"money\"}");
    REFUSED(SERAI_EFORBIDDEN, NULL, NULL, NULL, decision_whatif, &appl, call_id, "{}");
    w = OK(decision_whatif, &observer, call_id, "{}");
    json_decref(w);
    /* A funder is a reader of what-ifs and comparisons (the route lets it). */
    w = OK(decision_whatif, &fund_a, call_id, "{}");
    json_decref(w);
    c = OK(decision_compare, &fund_a, call_id, "{\"time_limit\":5}");
    json_decref(c);
    CHECK_INT(count("SELECT count(*) FROM selection_run WHERE id > $1", 0), 0);

    /* The binding run. */
    int64_t audit_before = audit_actions("decision.select");
    json_t *run = OK(decision_select, &op, call_id, "{\"reserve_max\":1}");
    CHECK(run != NULL);
    if (run == NULL)
        return;
    run1 = iget(run, "run_id");
    CHECK(run1 > 0);
    CHECK_STR(sget(run, "kind"), "binding");
    CHECK_STR(sget(run, "mode"), "vcp");
    CHECK_INT(iget(run, "funded"), 4);
    CHECK_INT(iget(run, "reserve"), 1);
    CHECK_INT(iget(run, "not_funded"), 1);
    CHECK_INT(json_array_size(json_object_get(run, "proposals")), 6);
    static const char *const want[] = {NULL, "funded", "funded", "funded", "reserve",
                                       "funded", "not_funded"};
    for (int i = 1; i <= 6; i++) {
        json_t *p = outcome_of(run, prop[i]);
        CHECK(p != NULL);
        CHECK_STR(sget(p, "outcome"), want[i]);
        CHECK_INT(iget(p, "rank"), i);
    }
    CHECK(outcome_of(run, prop[7]) == NULL);
    /* The skipped proposals say who falls short and by how much. */
    json_t *p4 = outcome_of(run, prop[4]);
    char reason[256];
    snprintf(reason, sizeof reason, "%s short by EUR 100.01 (needs 400.01, has 300.00)",
             label_a);
    CHECK_STR(sget(p4, "reason"), reason);
    json_t *sf = json_array_get(json_object_get(p4, "shortfalls"), 0);
    CHECK_INT(json_array_size(json_object_get(p4, "shortfalls")), 1);
    CHECK_INT(iget(sf, "funder_org_id"), fa_a);
    CHECK_INT(iget(sf, "needed"), 40001);
    CHECK_INT(iget(sf, "available"), 30000);
    json_t *p6 = outcome_of(run, prop[6]);
    snprintf(reason, sizeof reason, "%s short by EUR 50.00 (needs 50.00, has 0.00)", label_c);
    CHECK_STR(sget(p6, "reason"), reason);
    CHECK_STR(sget(outcome_of(run, prop[1]), "reason"), "funded in rank order");
    /* Spent and remaining per funder. */
    CHECK_INT(iget(funder_row(run, fa_a), "spent"), 70000);
    CHECK_INT(iget(funder_row(run, fa_a), "remaining"), 30000);
    CHECK_INT(iget(funder_row(run, fa_b), "spent"), 80000);
    CHECK_INT(iget(funder_row(run, fa_b), "remaining"), 0);
    CHECK_INT(iget(funder_row(run, fa_c), "spent"), 60000);
    CHECK_INT(iget(funder_row(run, fa_c), "remaining"), 0);
    CHECK_INT(iget(run, "funded_score"), (20 + 19 + 18 + 16) * 1000);
    digest_checks(run1, sget(run, "input_digest"));
    snprintf(digest1, sizeof digest1, "%s", sget(run, "input_digest"));
    CHECK_INT(audit_actions("decision.select"), audit_before + 1);
    json_decref(run);

    /* Decisions exist for the funded proposals only, earmarked, each with
     * the amount asked of its funder. */
    CHECK_INT(count("SELECT count(*) FROM funding_decision WHERE call_id = $1", call_id), 8);
    CHECK_INT(count("SELECT count(*) FROM funding_decision WHERE status = 'earmarked' AND "
                    "call_id = $1", call_id), 8);
    CHECK_INT(count("SELECT count(*) FROM funding_decision WHERE run_id = $1", run1), 8);
    static const int64_t funded_ids[] = {1, 2, 3, 5};
    for (size_t i = 0; i < 4; i++)
        CHECK_INT(count("SELECT count(*) FROM funding_decision WHERE proposal_id = $1",
                        prop[funded_ids[i]]), 2);
    for (int i = 4; i <= 7; i += (i == 4 ? 2 : 1))
        CHECK_INT(count("SELECT count(*) FROM funding_decision WHERE proposal_id = $1",
                        prop[i]), 0);
    CHECK_INT(count("SELECT SUM(amount) FROM funding_decision WHERE funder_org_id = $1",
                    fa_a), 70000);
    CHECK_INT(count("SELECT SUM(amount) FROM funding_decision WHERE funder_org_id = $1",
                    fa_b), 80000);
    CHECK_INT(count("SELECT SUM(amount) FROM funding_decision WHERE funder_org_id = $1",
                    fa_c), 60000);
    CHECK_STR(proposal_status(prop[1]), "selected");
    CHECK_STR(proposal_status(prop[2]), "selected");
    CHECK_STR(proposal_status(prop[3]), "selected");
    CHECK_STR(proposal_status(prop[4]), "reserve");
    CHECK_STR(proposal_status(prop[5]), "selected");
    CHECK_STR(proposal_status(prop[6]), "rejected");
    CHECK_STR(proposal_status(prop[7]), "eligible");

    /* The stored run reads back. */
    CHECK_INT(decision_run_get(s, &observer, run1, &out, &err), SERAI_OK);
    CHECK_STR(sget(out, "kind"), "binding");
    CHECK_INT(iget(out, "call_id"), call_id);
    CHECK(json_is_object(json_object_get(out, "input")));
    CHECK_INT(iget(json_object_get(out, "result"), "funded"), 4);
    json_decref(out);
    CHECK_INT(decision_run_get(s, &op, 999999, &out, &err), SERAI_ENOTFOUND);
    CHECK_INT(decision_run_get(s, &appl, run1, &out, &err), SERAI_EFORBIDDEN);
    /* decision_get: everything for the secretariat, its own for a funder. */
    CHECK_INT(decision_get(s, &op, call_id, &out, &err), SERAI_OK);
    CHECK_INT(iget(out, "latest_run_id"), run1);
    CHECK(json_is_null(json_object_get(out, "project_start")));
    CHECK_INT(json_array_size(json_object_get(out, "decisions")), 8);
    json_decref(out);
    CHECK_INT(decision_get(s, &fund_a, call_id, &out, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "decisions")), 2);
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(out, "decisions"), i, d)
        CHECK_INT(iget(d, "funder_org_id"), fa_a);
    json_decref(out);
    CHECK_INT(decision_get(s, &appl, call_id, &out, &err), SERAI_EFORBIDDEN);

    /* A second selection is refused: the decline re-runs it. */
    REFUSED(SERAI_ECONFLICT, NULL, "has its selection", NULL, decision_select, &op, call_id,
            "{}");
}

/* ---- decisions, one step at a time ------------------------------------------ */

static void test_decisions(void)
{
    int64_t p2 = prop[2];
    /* Statuses that are not a step. */
    SET_REFUSED(SERAI_EINVAL, "/status", NULL, NULL, &op, p2, fa_a,
                "{\"status\":\"earmarked\"}");
    SET_REFUSED(SERAI_EINVAL, "/status", NULL, NULL, &op, p2, fa_a,
                "{\"status\":\"funded\"}");
    SET_REFUSED(SERAI_EINVAL, NULL, NULL, NULL, &op, p2, fa_a, "{\"note\":\"x\"}");
    SET_REFUSED(SERAI_EINVAL, NULL, NULL, NULL, &op, p2, fa_a,
                "{\"status\":\"approved\",\"colour\":1}");
    /* A funder the proposal does not ask, an unknown proposal. */
    SET_REFUSED(SERAI_ENOTFOUND, NULL, NULL, NULL, &op, p2, fa_b,
                "{\"status\":\"national_evaluation\"}");
    SET_REFUSED(SERAI_ENOTFOUND, NULL, NULL, NULL, &op, 999999, fa_a,
                "{\"status\":\"national_evaluation\"}");
    /* Skipping a step names both. */
    SET_REFUSED(SERAI_ECONFLICT, "/status", "approved", "earmarked", &op, p2, fa_a,
                "{\"status\":\"approved\"}");
    SET_REFUSED(SERAI_ECONFLICT, "/status", "contract_signed", "earmarked", &op, p2, fa_a,
                "{\"status\":\"contract_signed\"}");
    /* A funder takes its own decisions, not another's; others none. */
    SET_REFUSED(SERAI_EFORBIDDEN, NULL, NULL, NULL, &fund_a, p2, fa_c,
                "{\"status\":\"national_evaluation\"}");
    SET_REFUSED(SERAI_EFORBIDDEN, NULL, NULL, NULL, &fund_c, p2, fa_a,
                "{\"status\":\"national_evaluation\"}");
    SET_REFUSED(SERAI_EFORBIDDEN, NULL, NULL, NULL, &observer, p2, fa_a,
                "{\"status\":\"national_evaluation\"}");
    SET_REFUSED(SERAI_EFORBIDDEN, NULL, NULL, NULL, &appl, p2, fa_a,
                "{\"status\":\"national_evaluation\"}");
    actor fund_none = fund_a;
    fund_none.org_id = 0;
    SET_REFUSED(SERAI_EFORBIDDEN, NULL, NULL, NULL, &fund_none, p2, fa_a,
                "{\"status\":\"national_evaluation\"}");
    CHECK_STR(decision_status(p2, fa_a), "earmarked");

    int64_t audit_before = audit_actions("decision.set");
    json_t *o = set_at(__LINE__, &fund_a, p2, fa_a, "national_evaluation");
    CHECK_STR(sget(o, "status"), "national_evaluation");
    CHECK(json_object_get(o, "rerun") == NULL);
    /* The decision names the digest of the selection it follows. */
    CHECK_STR(sget(o, "input_digest"), digest1);
    json_decref(o);
    CHECK_INT(audit_actions("decision.set"), audit_before + 1);
    CHECK_STR(decision_status(p2, fa_a), "national_evaluation");
    SET_REFUSED(SERAI_ECONFLICT, "/status", "contract_signed", "national_evaluation", &op,
                p2, fa_a, "{\"status\":\"contract_signed\"}");
    SET_REFUSED(SERAI_ECONFLICT, "/status", NULL, NULL, &op, p2, fa_a,
                "{\"status\":\"national_evaluation\"}");
    SET(&fund_a, p2, fa_a, "approved");
    SET(&fund_a, p2, fa_a, "contract_signed");
    CHECK_STR(decision_status(p2, fa_a), "contract_signed");
    /* A signed contract does not change, nor is it declined. */
    SET_REFUSED(SERAI_ECONFLICT, NULL, "contract_signed", NULL, &fund_a, p2, fa_a,
                "{\"status\":\"declined\"}");
    /* C: the secretariat records it, up to approved. */
    SET(&op, p2, fa_c, "national_evaluation");
    SET(&fund_c, p2, fa_c, "approved");
    CHECK_STR(decision_status(p2, fa_c), "approved");
    /* P2's statuses are untouched by decisions. */
    CHECK_STR(proposal_status(p2), "selected");
}

/* ---- a decline: the consortium is blocked and the selection re-runs ---------- */

static void test_decline_rerun(void)
{
    json_t *out = NULL;
    serai_err err;
    /* P1: A has moved on, B declines (as the funder itself). */
    SET(&op, prop[1], fa_a, "national_evaluation");
    actor fund_b = fund_a;
    fund_b.org_id = fa_b;
    snprintf(fund_b.label, sizeof fund_b.label, "officer@agence.test");
    int64_t runs_before = count("SELECT count(*) FROM selection_run WHERE id > $1", 0);
    json_t *body = jfmt("{\"status\":\"declined\",\"note\":\"national budget cut\"}");
    serai_code rc = decision_set(s, &fund_b, prop[1], fa_b, body, &out, &err);
    json_decref(body);
    CHECK_INT(rc, SERAI_OK);
    if (rc != SERAI_OK) {
        fprintf(stderr, "decline as funder: %s\n", err.detail);
        /* Go on as the secretariat, so the rest can be checked. */
        body = jfmt("{\"status\":\"declined\",\"note\":\"national budget cut\"}");
        CHECK_INT(decision_set(s, &op, prop[1], fa_b, body, &out, &err), SERAI_OK);
        json_decref(body);
    }
    CHECK_STR(sget(out, "status"), "declined");
    json_t *rerun = json_object_get(out, "rerun");
    CHECK(rerun != NULL);
    run2 = iget(rerun, "run_id");
    CHECK(run2 > run1);
    CHECK_INT(count("SELECT count(*) FROM selection_run WHERE id > $1", 0), runs_before + 1);
    CHECK_STR(sget(rerun, "kind"), "rerun");
    /* Blocked: every decision of P1 declined, P1 rejected. */
    CHECK_STR(decision_status(prop[1], fa_a), "declined");
    CHECK_STR(decision_status(prop[1], fa_b), "declined");
    CHECK_STR(proposal_status(prop[1]), "rejected");
    /* The re-run considers only proposals without decisions: P4 and P6. */
    CHECK_INT(json_array_size(json_object_get(rerun, "proposals")), 2);
    CHECK_STR(sget(outcome_of(rerun, prop[4]), "outcome"), "funded");
    CHECK_STR(sget(outcome_of(rerun, prop[6]), "outcome"), "reserve");
    CHECK(outcome_of(rerun, prop[1]) == NULL);
    CHECK(outcome_of(rerun, prop[2]) == NULL);
    /* Those holding decisions keep their money: the re-run's budgets are
     * what is left after P2, P3 and P5. */
    CHECK_INT(iget(funder_row(rerun, fa_a), "budget"), 70000);
    CHECK_INT(iget(funder_row(rerun, fa_b), "budget"), 30000);
    CHECK_INT(iget(funder_row(rerun, fa_c), "budget"), 0);
    CHECK_INT(iget(funder_row(rerun, fa_a), "spent"), 40001);
    CHECK_INT(iget(funder_row(rerun, fa_b), "spent"), 9999);
    CHECK_INT(iget(funder_row(rerun, fa_a), "remaining"), 29999);
    CHECK_INT(iget(funder_row(rerun, fa_b), "remaining"), 20001);
    digest_checks(run2, sget(rerun, "input_digest"));
    snprintf(digest2, sizeof digest2, "%s", sget(rerun, "input_digest"));
    json_decref(out);
    /* The stored input says it is a re-run. */
    CHECK_INT(decision_run_get(s, &op, run2, &out, &err), SERAI_OK);
    CHECK_STR(sget(out, "kind"), "rerun");
    CHECK(json_is_true(json_object_get(json_object_get(out, "input"), "rerun")));
    json_decref(out);
    /* P4 earmarked with the re-run, P6 in reserve, the others kept. */
    CHECK_STR(decision_status(prop[4], fa_a), "earmarked");
    CHECK_STR(decision_status(prop[4], fa_b), "earmarked");
    CHECK_INT(count("SELECT count(*) FROM funding_decision WHERE run_id = $1", run2), 2);
    CHECK_INT(count("SELECT count(*) FROM funding_decision WHERE proposal_id = $1", prop[6]),
              0);
    CHECK_STR(proposal_status(prop[4]), "selected");
    CHECK_STR(proposal_status(prop[6]), "reserve");
    CHECK_STR(decision_status(prop[2], fa_a), "contract_signed");
    CHECK_STR(decision_status(prop[2], fa_c), "approved");
    CHECK_STR(decision_status(prop[3], fa_b), "earmarked");
    /* A declined decision does not change; the latest run is the re-run. */
    SET_REFUSED(SERAI_ECONFLICT, NULL, "declined", NULL, &op, prop[1], fa_a,
                "{\"status\":\"approved\"}");
    CHECK_INT(decision_get(s, &op, call_id, &out, &err), SERAI_OK);
    CHECK_INT(iget(out, "latest_run_id"), run2);
    CHECK_INT(json_array_size(json_object_get(out, "decisions")), 10);
    json_decref(out);
    /* Still one binding selection per call. */
    REFUSED(SERAI_ECONFLICT, NULL, NULL, NULL, decision_select, &op, call_id, "{}");
}

/* ---- grants ----------------------------------------------------------------- */

static int64_t fund_figure(const char *key)
{
    json_t *pos = NULL;
    serai_err err;
    int64_t v = -1;
    if (fund_position(s, &op, pot, "2030-01-01", &pos, &err) == SERAI_OK) {
        size_t i;
        json_t *row;
        json_array_foreach(json_object_get(pos, "by_currency"), i, row)
            if (strcmp(sget(row, "currency"), "EUR") == 0)
                v = iget(row, key);
    } else {
        fprintf(stderr, "fund_position: %s\n", err.detail);
    }
    json_decref(pos);
    return v;
}

static void test_award_create(void)
{
    int64_t p4 = prop[4];
    /* Not until every funder signed: the first that has not is named. */
    REFUSED(SERAI_ECONFLICT, NULL, label_a, "earmarked", award_create, &op, p4, "{}");
    json_t *o4 = set_at(__LINE__, &op, p4, fa_a, "national_evaluation");
    /* P4 was earmarked by the re-run: its decisions follow that run. */
    CHECK_STR(sget(o4, "input_digest"), digest2);
    json_decref(o4);
    SET(&op, p4, fa_a, "approved");
    SET(&op, p4, fa_a, "contract_signed");
    char named[120];
    snprintf(named, sizeof named, "%s is at earmarked", label_b);
    REFUSED(SERAI_ECONFLICT, NULL, named, NULL, award_create, &op, p4, "{}");
    SET(&op, p4, fa_b, "national_evaluation");
    SET(&op, p4, fa_b, "approved");
    snprintf(named, sizeof named, "%s is at approved", label_b);
    REFUSED(SERAI_ECONFLICT, NULL, named, NULL, award_create, &op, p4, "{}");
    SET(&op, p4, fa_b, "contract_signed");
    /* P2: C is at approved. */
    snprintf(named, sizeof named, "%s is at approved", label_c);
    REFUSED(SERAI_ECONFLICT, NULL, named, NULL, award_create, &op, prop[2], "{}");
    /* Proposals without decisions, declined ones, unknown ones. */
    REFUSED(SERAI_ECONFLICT, NULL, "not selected", NULL, award_create, &op, prop[6], "{}");
    REFUSED(SERAI_ECONFLICT, NULL, "declined", NULL, award_create, &op, prop[1], "{}");
    REFUSED(SERAI_ENOTFOUND, NULL, NULL, NULL, award_create, &op, 999999, "{}");
    /* Only the secretariat. */
    REFUSED(SERAI_EFORBIDDEN, NULL, NULL, NULL, award_create, &fund_a, p4, "{}");
    REFUSED(SERAI_EFORBIDDEN, NULL, NULL, NULL, award_create, &appl, p4, "{}");
    /* No call pot yet, no project start yet. */
    REFUSED(SERAI_EUNPROCESSABLE, "/fund_id", "call_pot", NULL, award_create, &op, p4, "{}");
    /* Bad tranches. */
    REFUSED(SERAI_EUNPROCESSABLE, "/tranches", "90", NULL, award_create, &op, p4,
            "{\"tranches\":[50,40]}");
    REFUSED(SERAI_EINVAL, "/tranches", NULL, NULL, award_create, &op, p4,
            "{\"tranches\":[]}");
    REFUSED(SERAI_EINVAL, "/tranches", NULL, NULL, award_create, &op, p4,
            "{\"tranches\":[0,100]}");
    REFUSED(SERAI_EINVAL, "/start", NULL, NULL, award_create, &op, p4,
            "{\"start\":\"2026-02-30\"}");

    /* The call's pot: each funder pledges, signs and pays its budget. */
    json_t *body = jfmt("{\"code\":\"POT-T\",\"name\":\"Common pot\",\"kind\":\"call_pot\","
                        "\"call_id\":%" PRId64 ",\"trustee_org_id\":%" PRId64
                        ",\"currency\":\"EUR\",\"gate_percent\":\"0\"}", call_id, trustee);
    json_t *out = NULL;
    serai_err err;
    CHECK_INT(fund_create(s, &op, body, &out, &err), SERAI_OK);
    json_decref(body);
    pot = iget(out, "id");
    json_decref(out);
    CHECK(pot > 0);
    static const int64_t budget[] = {100000, 80000, 60000};
    const int64_t funders[] = {fa_a, fa_b, fa_c};
    for (int i = 0; i < 3; i++) {
        json_t *c = OK(fund_pledge, &op, pot,
                       "{\"org_id\":%" PRId64 ",\"currency\":\"EUR\",\"amount\":%" PRId64
                       ",\"date\":\"2026-05-04\"}", funders[i], budget[i]);
        int64_t cid = iget(c, "id");
        json_decref(c);
        DO(fund_sign, &op, cid, "{\"amount\":%" PRId64 ",\"date\":\"2026-06-01\","
           "\"instrument\":\"cash\"}", budget[i]);
        DO(fund_receive, &op, cid, "{\"amount\":%" PRId64 ",\"date\":\"2026-07-01\"}",
           budget[i]);
    }
    CHECK_INT(fund_figure("available"), 240000);
    REFUSED(SERAI_EUNPROCESSABLE, "/start", "project start", NULL, award_create, &op, p4,
            "{}");
    REFUSED(SERAI_EINVAL, "/project_start", NULL, NULL, decision_start, &op, call_id,
            "{\"project_start\":\"2026-13-01\"}");
    REFUSED(SERAI_EFORBIDDEN, NULL, NULL, NULL, decision_start, &fund_a, call_id,
            "{\"project_start\":\"2026-09-01\"}");
    REFUSED(SERAI_ENOTFOUND, NULL, NULL, NULL, decision_start, &op, 999999,
            "{\"project_start\":\"2026-09-01\"}");
    DO(decision_start, &op, call_id, "{\"project_start\":\"2026-08-01\"}");
    /* Set again: the later one holds. */
    DO(decision_start, &op, call_id, "{\"project_start\":\"2026-09-01\"}");
    CHECK_INT(decision_get(s, &op, call_id, &out, &err), SERAI_OK);
    CHECK_STR(sget(out, "project_start"), "2026-09-01");
    json_decref(out);

    int64_t committed0 = fund_figure("committed");
    int64_t txns0 = count("SELECT count(*) FROM fund_txn WHERE id > $1", 0);
    json_t *aw = OK(award_create, &op, p4, "%s", "{}");
    CHECK(aw != NULL);
    if (aw == NULL)
        return;
    CHECK_INT(iget(aw, "fund_id"), pot);
    json_t *list = json_object_get(aw, "awards");
    CHECK_INT(json_array_size(list), 2);
    /* Two commitment steps. */
    CHECK_INT(count("SELECT count(*) FROM fund_txn WHERE id > $1", 0), txns0 + 2);
    CHECK_INT(fund_figure("committed"), committed0 + 50000);
    static const struct {
        int64_t amount, t1, t2, t3;
    } want[] = {{40001, 16000, 16000, 8001}, {9999, 3999, 3999, 2001}};
    const int64_t orgs[] = {sme_de, uni_fr}, fund_of[] = {fa_a, fa_b};
    for (size_t k = 0; k < 2; k++) {
        json_t *a = json_array_get(list, k);
        int64_t id = iget(a, "id");
        if (k == 0)
            award_a = id;
        else
            award_b = id;
        CHECK_INT(iget(a, "org_id"), orgs[k]);
        CHECK_INT(iget(a, "funder_org_id"), fund_of[k]);
        CHECK_INT(iget(a, "amount"), want[k].amount);
        CHECK_STR(sget(a, "currency"), "EUR");
        CHECK_STR(sget(a, "start"), "2026-09-01");
        CHECK_STR(sget(a, "end"), "2029-08-31");
        CHECK_STR(sget(a, "status"), "active");
        CHECK_INT(iget(a, "paid"), 0);
        /* Committed in the fund: the partner's request, to the partner. */
        int64_t cm = iget(a, "commitment_id");
        CHECK_INT(count("SELECT committed FROM fund_commitment WHERE id = $1", cm),
                  want[k].amount);
        CHECK_INT(count("SELECT recipient_org_id FROM fund_commitment WHERE id = $1", cm),
                  orgs[k]);
        CHECK_INT(count("SELECT proposal_id FROM fund_commitment WHERE id = $1", cm), p4);
        CHECK_INT(count("SELECT fund_id FROM fund_commitment WHERE id = $1", cm), pot);
        CHECK_INT(count("SELECT count(*) FROM fund_commitment WHERE status = 'committed' "
                        "AND id = $1", cm), 1);
        /* Tranches 40/40/20 at the start, halfway and the end, summing to
         * the grant exactly. */
        json_t *tr = json_object_get(a, "tranches");
        CHECK_INT(json_array_size(tr), 3);
        static const char *const due[] = {"2026-09-01", "2028-03-01", "2029-08-31"};
        const int64_t amt[] = {want[k].t1, want[k].t2, want[k].t3};
        int64_t sum = 0;
        for (size_t t = 0; t < 3; t++) {
            json_t *x = json_array_get(tr, t);
            CHECK_INT(iget(x, "seq"), (int64_t)t + 1);
            CHECK_STR(sget(x, "due"), due[t]);
            CHECK_INT(iget(x, "amount"), amt[t]);
            CHECK(json_is_null(json_object_get(x, "paid")));
            sum += iget(x, "amount");
        }
        CHECK_INT(sum, want[k].amount);
        /* A report per project year, each due two months after. */
        json_t *rp = json_object_get(a, "reports");
        CHECK_INT(json_array_size(rp), 3);
        static const char *const pe[] = {"2027-08-31", "2028-08-31", "2029-08-31"};
        static const char *const pd[] = {"2027-10-31", "2028-10-31", "2029-10-31"};
        for (size_t r = 0; r < 3; r++) {
            CHECK_STR(sget(json_array_get(rp, r), "period_end"), pe[r]);
            CHECK_STR(sget(json_array_get(rp, r), "due"), pd[r]);
            CHECK_STR(sget(json_array_get(rp, r), "status"), "due");
        }
    }
    json_t *cof = json_object_get(json_array_get(list, 0), "cofunding");
    CHECK_INT(iget(cof, "committed_cash"), 5000);
    CHECK_INT(iget(cof, "committed_in_kind"), 3000);
    json_decref(aw);
    CHECK_STR(proposal_status(p4), "funded");
    CHECK_INT(audit_actions("award.create"), 1);
    /* Once only. */
    REFUSED(SERAI_ECONFLICT, NULL, "already", NULL, award_create, &op, p4, "{}");
    ledger_ok();

    /* P2 once C signs, with its own start and two tranches. */
    SET(&op, prop[2], fa_c, "contract_signed");
    aw = OK(award_create, &op, prop[2], "%s", "{\"start\":\"2026-10-01\",\"tranches\":[50,50]}");
    if (aw) {
        json_t *a = json_array_get(json_object_get(aw, "awards"), 0);
        CHECK_STR(sget(a, "start"), "2026-10-01");
        CHECK_STR(sget(a, "end"), "2028-09-30");
        json_t *tr = json_object_get(a, "tranches");
        CHECK_INT(json_array_size(tr), 2);
        CHECK_STR(sget(json_array_get(tr, 0), "due"), "2026-10-01");
        CHECK_STR(sget(json_array_get(tr, 1), "due"), "2028-09-30");
        CHECK_INT(iget(json_array_get(tr, 0), "amount") + iget(json_array_get(tr, 1), "amount"),
                  iget(a, "amount"));
    }
    json_decref(aw);
    CHECK_INT(fund_figure("committed"), committed0 + 50000 + 60000);

    /* A fund too small for all of P3's grants: the first commitment fits,
     * the second does not, and nothing of the step stays. */
    SET(&op, prop[3], fa_b, "national_evaluation");
    SET(&op, prop[3], fa_b, "approved");
    SET(&op, prop[3], fa_b, "contract_signed");
    SET(&op, prop[3], fa_c, "national_evaluation");
    SET(&op, prop[3], fa_c, "approved");
    SET(&op, prop[3], fa_c, "contract_signed");
    body = jfmt("{\"code\":\"SMALL-T\",\"name\":\"Small fund\",\"kind\":\"guidance_fund\","
                "\"trustee_org_id\":%" PRId64 ",\"currency\":\"EUR\",\"gate_percent\":\"0\"}",
                trustee);
    CHECK_INT(fund_create(s, &op, body, &out, &err), SERAI_OK);
    json_decref(body);
    int64_t small = iget(out, "id");
    json_decref(out);
    json_t *c = OK(fund_pledge, &op, small, "{\"org_id\":%" PRId64 ",\"currency\":\"EUR\","
                   "\"amount\":45000,\"date\":\"2026-05-04\"}", fa_b);
    int64_t cid = iget(c, "id");
    json_decref(c);
    DO(fund_sign, &op, cid, "%s", "{\"amount\":45000,\"date\":\"2026-06-01\",\"instrument\":\"cash\"}");
    DO(fund_receive, &op, cid, "%s", "{\"amount\":45000,\"date\":\"2026-07-01\"}");
    {
        char fb[64];
        snprintf(fb, sizeof fb, "{\"fund_id\":%" PRId64 "}", small);
        json_t *b = jfmt("%s", fb);
        snapshot before;
        snap(&before);
        json_t *o = NULL;
        memset(&err, 0, sizeof err);
        serai_code rc = award_create(s, &op, prop[3], b, &o, &err);
        json_decref(b);
        CHECK(rc != SERAI_OK);
        refusal_done(__LINE__, &before, rc, o, &err, rc, NULL, NULL, NULL);
        CHECK_INT(count("SELECT count(*) FROM award WHERE proposal_id = $1", prop[3]), 0);
        CHECK_INT(count("SELECT count(*) FROM fund_commitment WHERE fund_id = $1", small), 0);
        CHECK_STR(proposal_status(prop[3]), "selected");
    }
    REFUSED(SERAI_ENOTFOUND, NULL, NULL, NULL, award_create, &op, prop[3],
            "{\"fund_id\":999999}");
    /* The public is not signed in. */
    REFUSED(SERAI_EUNAUTH, NULL, NULL, NULL, award_create, &pub, p4, "{}");
    SET_REFUSED(SERAI_EUNAUTH, NULL, NULL, NULL, &pub, prop[3], fa_b,
                "{\"status\":\"declined\"}");

    /* Reading: the list of a proposal, a grant; observers and funders read,
     * the consortium's applicant reads its own, another applicant not. */
    CHECK_INT(award_list(s, &op, p4, &out, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "items")), 2);
    json_decref(out);
    CHECK_INT(award_get(s, &observer, award_a, &out, &err), SERAI_OK);
    json_decref(out);
    CHECK_INT(award_get(s, &fund_c, award_a, &out, &err), SERAI_OK);
    json_decref(out);
    CHECK_INT(award_get(s, &appl, award_a, &out, &err), SERAI_OK);
    json_decref(out);
    CHECK_INT(award_get(s, &appl2, award_a, &out, &err), SERAI_EFORBIDDEN);
    CHECK(out == NULL);
    CHECK_INT(award_list(s, &appl2, p4, &out, &err), SERAI_EFORBIDDEN);
    CHECK(out == NULL);
    CHECK_INT(award_get(s, &op, 999999, &out, &err), SERAI_ENOTFOUND);
}

/* ---- tranches, reports, milestones, own contributions --------------------- */

static void test_tranches_and_reports(void)
{
    if (!award_a)
        return;
    serai_err err;
    const char *y1 = "2027-08-31", *y2 = "2028-08-31";
    /* Only the secretariat pays; in order; tranche 2 waits for year 1. */
    PAY_REFUSED(SERAI_EFORBIDDEN, NULL, &appl, award_a, 1, "2026-09-15");
    PAY_REFUSED(SERAI_EFORBIDDEN, NULL, &observer, award_a, 1, "2026-09-15");
    PAY_REFUSED(SERAI_EFORBIDDEN, NULL, &fund_a, award_a, 1, "2026-09-15");
    PAY_REFUSED(SERAI_ECONFLICT, "order", &op, award_a, 3, "2026-09-15");
    PAY_REFUSED(SERAI_ECONFLICT, "order", &op, award_a, 2, "2026-09-15");
    PAY_REFUSED(SERAI_ENOTFOUND, NULL, &op, award_a, 4, "2026-09-15");
    PAY_REFUSED(SERAI_ENOTFOUND, NULL, &op, 999999, 1, "2026-09-15");
    PAY_REFUSED(SERAI_EINVAL, "2026-09-31", &op, award_a, 1, "2026-09-31");

    int64_t disbursed0 = fund_figure("disbursed");
    json_t *a = PAY(award_a, 1, "2026-09-15");
    CHECK(a != NULL);
    if (a) {
        json_t *t1 = json_array_get(json_object_get(a, "tranches"), 0);
        CHECK_STR(sget(t1, "paid"), "2026-09-15");
        int64_t tid = iget(t1, "transfer_id");
        CHECK(tid > FUND_LEDGER_BASE);
        ledger_transfer t;
        memset(&t, 0, sizeof t);
        CHECK_INT(ledger_store_transfer(s, tid, &t, &err), SERAI_OK);
        CHECK_INT(t.amount, 16000);
        CHECK_STR(t.currency, "EUR");
        CHECK_INT(t.status, LEDGER_STATUS_POSTED);
        CHECK_INT(iget(a, "paid"), 16000);
        /* The ledger's step is the fund's disbursement step. */
        CHECK_INT(count("SELECT count(*) FROM fund_txn WHERE kind = 'disburse' AND id = $1",
                        tid - FUND_LEDGER_BASE), 1);
    }
    json_decref(a);
    CHECK_INT(fund_figure("disbursed"), disbursed0 + 16000);
    CHECK_INT(count("SELECT disbursed FROM fund_commitment WHERE id = (SELECT "
                    "commitment_id FROM award WHERE id = $1)", award_a), 16000);
    ledger_ok();
    /* Twice: refused, nothing written. */
    PAY_REFUSED(SERAI_ECONFLICT, "paid already", &op, award_a, 1, "2026-09-16");
    /* Tranche 2 (due 2028-03-01) waits for the first year's report
     * (period ending 2027-08-31); not for the second year's. */
    PAY_REFUSED(SERAI_ECONFLICT, "report", &op, award_a, 2, "2028-03-01");

    /* Reports: accept before submit, another applicant, unknown periods. */
    REPORT_REFUSED(SERAI_ECONFLICT, "not been submitted", true, &op, award_a, y1);
    REPORT_REFUSED(SERAI_EFORBIDDEN, NULL, false, &appl2, award_a, y1);
    REPORT_REFUSED(SERAI_EFORBIDDEN, NULL, false, &observer, award_a, y1);
    REPORT_REFUSED(SERAI_EFORBIDDEN, NULL, false, &fund_a, award_a, y1);
    REPORT_REFUSED(SERAI_ENOTFOUND, NULL, false, &op, award_a, "2027-09-30");
    REPORT_REFUSED(SERAI_ENOTFOUND, NULL, false, &op, 999999, y1);
    json_t *body = jfmt("{\"date\":\"2027-10-01\"}");
    json_t *out = NULL;
    CHECK_INT(award_report_submit(s, &appl, award_a, y1, body, &out, &err), SERAI_OK);
    json_decref(body);
    CHECK_STR(sget(json_array_get(json_object_get(out, "reports"), 0), "status"),
              "submitted");
    json_decref(out);
    REPORT_REFUSED(SERAI_ECONFLICT, "submitted on 2027-10-01", false, &appl, award_a, y1);
    REPORT_REFUSED(SERAI_ECONFLICT, "submitted", false, &op, award_a, y1);
    /* Submitted is not accepted: tranche 2 still waits. */
    PAY_REFUSED(SERAI_ECONFLICT, "report", &op, award_a, 2, "2028-03-01");
    /* The applicant does not accept its own report. */
    REPORT_REFUSED(SERAI_EFORBIDDEN, NULL, true, &appl, award_a, y1);
    body = jfmt("{\"date\":\"2027-11-15\"}");
    CHECK_INT(award_report_accept(s, &op, award_a, y1, body, &out, &err), SERAI_OK);
    json_decref(body);
    json_t *r0 = json_array_get(json_object_get(out, "reports"), 0);
    CHECK_STR(sget(r0, "status"), "accepted");
    CHECK_STR(sget(r0, "accepted"), "2027-11-15");
    json_decref(out);
    REPORT_REFUSED(SERAI_ECONFLICT, "accepted on 2027-11-15", true, &op, award_a, y1);
    REPORT_REFUSED(SERAI_ECONFLICT, "accepted", false, &appl, award_a, y1);

    int64_t disbursed1 = fund_figure("disbursed");
    a = PAY(award_a, 2, "2028-03-02");
    if (a) {
        CHECK_INT(iget(a, "paid"), 32000);
        CHECK(iget(json_array_get(json_object_get(a, "tranches"), 1), "transfer_id") >
              FUND_LEDGER_BASE);
    }
    json_decref(a);
    CHECK_INT(fund_figure("disbursed"), disbursed1 + 16000);
    PAY_REFUSED(SERAI_ECONFLICT, "paid already", &op, award_a, 2, "2028-03-02");
    /* Tranche 3 (due 2029-08-31) waits for the second year's report. */
    PAY_REFUSED(SERAI_ECONFLICT, "report", &op, award_a, 3, "2029-09-01");
    body = jfmt("{\"date\":\"2028-10-01\"}");
    CHECK_INT(award_report_submit(s, &op, award_a, y2, body, &out, &err), SERAI_OK);
    json_decref(out);
    CHECK_INT(award_report_accept(s, &op, award_a, y2, body, &out, &err), SERAI_OK);
    json_decref(out);
    json_decref(body);
    /* The last tranche, due at the end, also waits for the final report. */
    PAY_REFUSED(SERAI_ECONFLICT, "report", &op, award_a, 3, "2029-09-01");
    body = jfmt("{\"date\":\"2029-09-20\"}");
    CHECK_INT(award_report_submit(s, &op, award_a, "2029-08-31", body, &out, &err),
              SERAI_OK);
    json_decref(out);
    CHECK_INT(award_report_accept(s, &op, award_a, "2029-08-31", body, &out, &err),
              SERAI_OK);
    json_decref(out);
    json_decref(body);
    a = PAY(award_a, 3, "2029-09-01");
    if (a)
        CHECK_INT(iget(a, "paid"), 40001);
    json_decref(a);
    CHECK_INT(count("SELECT disbursed FROM fund_commitment WHERE id = (SELECT "
                    "commitment_id FROM award WHERE id = $1)", award_a), 40001);
    CHECK_INT(fund_figure("disbursed"), disbursed1 + 16000 + 8001);
    CHECK_INT(audit_actions("award.tranche_pay"), 3);
    ledger_ok();
}

static void test_milestones_cofunding(void)
{
    if (!award_a)
        return;
    /* Milestones: the secretariat adds them, the consortium marks them. */
    REFUSED(SERAI_EFORBIDDEN, NULL, NULL, NULL, award_milestone_add, &appl, award_a,
            "{\"kind\":\"milestone\",\"title\":\"Kick-off\",\"due\":\"2026-10-15\"}");
    REFUSED(SERAI_EINVAL, "/kind", NULL, NULL, award_milestone_add, &op, award_a,
            "{\"kind\":\"party\",\"title\":\"Kick-off\",\"due\":\"2026-10-15\"}");
    REFUSED(SERAI_EINVAL, "/due", NULL, NULL, award_milestone_add, &op, award_a,
            "{\"kind\":\"milestone\",\"title\":\"Kick-off\",\"due\":\"15.10.2026\"}");
    REFUSED(SERAI_ENOTFOUND, NULL, NULL, NULL, award_milestone_add, &op, 999999,
            "{\"kind\":\"milestone\",\"title\":\"Kick-off\",\"due\":\"2026-10-15\"}");
    json_t *a = OK(award_milestone_add, &op, award_a, "%s",
                   "{\"kind\":\"deliverable\",\"title\":\"Data plan\",\"due\":\"2027-02-28\"}");
    json_decref(a);
    a = OK(award_milestone_add, &op, award_a, "%s",
           "{\"kind\":\"milestone\",\"title\":\"Kick-off\",\"due\":\"2026-10-15\"}");
    int64_t m1 = 0, m2 = 0;
    if (a) {
        json_t *ms = json_object_get(a, "milestones");
        CHECK_INT(json_array_size(ms), 2);
        /* In order of due date. */
        CHECK_STR(sget(json_array_get(ms, 0), "title"), "Kick-off");
        CHECK_STR(sget(json_array_get(ms, 1), "kind"), "deliverable");
        m1 = iget(json_array_get(ms, 0), "id");
        m2 = iget(json_array_get(ms, 1), "id");
        CHECK(json_is_null(json_object_get(json_array_get(ms, 0), "done")));
    }
    json_decref(a);
    REFUSED(SERAI_EFORBIDDEN, NULL, NULL, NULL, award_milestone_done, &appl2, m1,
            "{\"date\":\"2026-10-14\"}");
    REFUSED(SERAI_ENOTFOUND, NULL, NULL, NULL, award_milestone_done, &op, 999999,
            "{\"date\":\"2026-10-14\"}");
    a = OK(award_milestone_done, &appl, m1, "%s", "{\"date\":\"2026-10-14\"}");
    if (a)
        CHECK_STR(sget(json_array_get(json_object_get(a, "milestones"), 0), "done"),
                  "2026-10-14");
    json_decref(a);
    REFUSED(SERAI_ECONFLICT, NULL, "done already", NULL, award_milestone_done, &appl, m1,
            "{\"date\":\"2026-10-20\"}");
    REFUSED(SERAI_ECONFLICT, NULL, "done already", NULL, award_milestone_done, &op, m1,
            "{\"date\":\"2026-10-20\"}");
    DO(award_milestone_done, &op, m2, "{\"date\":\"2027-02-20\"}");

    /* Own contributions: reported by the consortium against what it
     * committed (cash 50.00, in kind 30.00). */
    REFUSED(SERAI_EFORBIDDEN, NULL, NULL, NULL, award_cofunding_add, &appl2, award_a,
            "{\"kind\":\"cash\",\"amount\":100,\"date\":\"2027-01-31\"}");
    REFUSED(SERAI_EFORBIDDEN, NULL, NULL, NULL, award_cofunding_add, &fund_a, award_a,
            "{\"kind\":\"cash\",\"amount\":100,\"date\":\"2027-01-31\"}");
    REFUSED(SERAI_EINVAL, "/kind", NULL, NULL, award_cofunding_add, &appl, award_a,
            "{\"kind\":\"gold\",\"amount\":100,\"date\":\"2027-01-31\"}");
    REFUSED(SERAI_EINVAL, "/amount", NULL, NULL, award_cofunding_add, &appl, award_a,
            "{\"kind\":\"cash\",\"amount\":0,\"date\":\"2027-01-31\"}");
    REFUSED(SERAI_ENOTFOUND, NULL, NULL, NULL, award_cofunding_add, &op, 999999,
            "{\"kind\":\"cash\",\"amount\":100,\"date\":\"2027-01-31\"}");
    DO(award_cofunding_add, &appl, award_a,
       "{\"kind\":\"cash\",\"amount\":2000,\"date\":\"2027-01-31\"}");
    DO(award_cofunding_add, &op, award_a,
       "{\"kind\":\"cash\",\"amount\":1000,\"date\":\"2027-06-30\",\"note\":\"audit\"}");
    a = OK(award_cofunding_add, &appl, award_a, "%s",
           "{\"kind\":\"in_kind\",\"amount\":3000,\"date\":\"2027-06-30\"}");
    if (a) {
        json_t *c = json_object_get(a, "cofunding");
        CHECK_INT(iget(c, "committed_cash"), 5000);
        CHECK_INT(iget(c, "reported_cash"), 3000);
        CHECK_INT(iget(c, "committed_in_kind"), 3000);
        CHECK_INT(iget(c, "reported_in_kind"), 3000);
    }
    json_decref(a);
    /* The other grant (a university, no own contribution committed). */
    a = OK(award_cofunding_add, &appl, award_b, "%s",
           "{\"kind\":\"in_kind\",\"amount\":700,\"date\":\"2027-06-30\"}");
    if (a) {
        json_t *c = json_object_get(a, "cofunding");
        CHECK_INT(iget(c, "committed_in_kind"), 0);
        CHECK_INT(iget(c, "reported_in_kind"), 700);
        CHECK_INT(iget(c, "reported_cash"), 0);
    }
    json_decref(a);
}

/* A tranche whose fund step fails leaves nothing: the commitment behind
 * award_b is released by hand, so the disbursement is impossible. */
static void test_tranche_rollback(void)
{
    if (!award_b)
        return;
    int64_t cm = count("SELECT commitment_id FROM award WHERE id = $1", award_b);
    DO(fund_decommit, &op, cm, "{\"date\":\"2026-08-31\",\"close\":true}");
    CHECK_INT(count("SELECT committed FROM fund_commitment WHERE id = $1", cm), 0);
    int64_t paid_before = count("SELECT count(*) FROM award_tranche WHERE paid_on IS NOT "
                                "NULL AND id > $1", 0);
    snapshot before;
    snap(&before);
    json_t *body = jfmt("{\"date\":\"2026-09-15\"}");
    json_t *out = NULL;
    serai_err err;
    memset(&err, 0, sizeof err);
    serai_code rc = award_tranche_pay(s, &op, award_b, 1, body, &out, &err);
    json_decref(body);
    CHECK(rc != SERAI_OK);
    refusal_done(__LINE__, &before, rc, out, &err, rc, NULL, NULL, NULL);
    CHECK_INT(count("SELECT count(*) FROM award_tranche WHERE paid_on IS NOT NULL AND id > $1",
                    0), paid_before);
    CHECK_INT(count("SELECT count(*) FROM award_tranche WHERE award_id = $1 AND seq = 1 AND "
                    "paid_on IS NULL AND transfer_id IS NULL", award_b), 1);
    /* The store is usable afterwards (the transaction was closed). */
    json_t *a = NULL;
    CHECK_INT(award_get(s, &op, award_b, &a, &err), SERAI_OK);
    CHECK_INT(iget(a, "paid"), 0);
    json_decref(a);
    DO(award_milestone_add, &op, award_b,
       "{\"kind\":\"milestone\",\"title\":\"After the failure\",\"due\":\"2027-01-01\"}");
}

/* ---- a re-run keeps the binding run's options --------------------------- */

/* Close a call's submissions: the selection follows. */
static void close_call(int64_t id)
{
    json_t *out = NULL;
    serai_err err;
    CHECK_INT(call_transition(s, &op, id, "closed", &out, &err), SERAI_OK);
    json_decref(out);
}

/* A call of mode with funders A and B (budgets a, b, EUR), open. */
static int64_t small_call(const char *edition, const char *mode, int64_t a, int64_t b)
{
    char dl[CLOCK_ISO_LEN];
    clock_format(clock_now() + 86400, dl);
    int64_t id = make(call_create, &op,
                      jfmt("{\"programme\":\"Rerun\",\"edition\":\"%s\",\"title\":\"Rerun %s\","
                           "\"funding_mode\":\"%s\",\"stages\":[{\"kind\":\"full_proposal\","
                           "\"deadline\":\"%s\"}],\"funders\":[{\"organization_id\":%" PRId64
                           ",\"budget\":%" PRId64 ",\"currency\":\"EUR\"},{\"organization_id\":%"
                           PRId64 ",\"budget\":%" PRId64 ",\"currency\":\"EUR\"}],"
                           "\"rules\":{\"min_countries\":2}}",
                           edition, edition, mode, dl, fa_a, a, fa_b, b));
    json_t *out = NULL;
    serai_err err;
    CHECK_INT(call_transition(s, &op, id, "open", &out, &err), SERAI_OK);
    json_decref(out);
    json_t *body = jfmt("{\"per_proposal\":3,\"scheme\":{\"scale\":{\"min\":0,\"max\":5,"
                        "\"step\":0.5},\"criteria\":[{\"code\":\"q\",\"name\":\"Quality\","
                        "\"weight\":4}]}}");
    CHECK_INT(review_setup_put(s, &op, id, body, &out, &err), SERAI_OK);
    json_decref(body);
    json_decref(out);
    return id;
}

/* A proposal to call c: uni_de asks A ra, uni_fr asks B rb (0: at its own
 * expense), consensus score. */
static int64_t small_prop(int64_t c, const char *acronym, int64_t ra, int64_t rb, int score)
{
    char second[200];
    if (rb)
        snprintf(second, sizeof second, "{\"organization_id\":%" PRId64 ",\"role\":\"partner\","
                 "\"funder_id\":%" PRId64 ",\"requested\":%" PRId64 ",\"currency\":\"EUR\"}",
                 uni_fr, fa_b, rb);
    else
        snprintf(second, sizeof second, "{\"organization_id\":%" PRId64 ",\"role\":\"partner\","
                 "\"own_expense\":true,\"currency\":\"EUR\"}", uni_fr);
    json_t *body = jfmt("{\"call_id\":%" PRId64 ",\"acronym\":\"%s\",\"title\":\"%s\","
                        "\"duration_months\":12,\"partners\":[{\"organization_id\":%" PRId64
                        ",\"role\":\"coordinator\",\"funder_id\":%" PRId64 ",\"requested\":%"
                        PRId64 ",\"currency\":\"EUR\"},%s]}",
                        c, acronym, acronym, uni_de, fa_a, ra, second);
    json_t *out = NULL;
    serai_err err;
    int64_t id = 0;
    if (proposal_create(s, &appl, body, clock_now(), &out, &err) == SERAI_OK)
        id = iget(out, "id");
    else
        fprintf(stderr, "small_prop %s: %s: %s\n", acronym, err.field, err.detail);
    json_decref(out);
    json_decref(body);
    CHECK(id > 0);
    CHECK_INT(proposal_submit(s, &appl, id, clock_now(), &out, &err), SERAI_OK);
    json_decref(out);
    consensus(id, score);
    return id;
}

static json_t *decline(int64_t proposal_id, int64_t funder)
{
    json_t *body = jfmt("{\"status\":\"declined\"}");
    json_t *out = NULL;
    serai_err err;
    memset(&err, 0, sizeof err);
    serai_code rc = decision_set(s, &op, proposal_id, funder, body, &out, &err);
    json_decref(body);
    CHECK_INT(rc, SERAI_OK);
    if (rc != SERAI_OK)
        fprintf(stderr, "decline %" PRId64 ": %s %s\n", proposal_id, err.field, err.detail);
    return out;
}

static void test_rerun_keeps_options(void)
{
    /* Mixed: national budgets A 500.00, B 500.00, central 400.00 of which
     * 50% (200.00) fills gaps.  Q1 takes A's 500.00 and 100.00 of gap, Q2
     * 50.00 more gap, Q3 needs 100.00 of gap and only 50.00 is left. */
    int64_t mc = small_call("mixed", "mixed", 50000, 50000);
    int64_t q1 = small_prop(mc, "Q1", 60000, 20000, 20);
    int64_t q2 = small_prop(mc, "Q2", 5000, 10000, 18);
    int64_t q3 = small_prop(mc, "Q3", 10000, 5000, 16);
    close_call(mc);
    json_t *run = OK(decision_select, &op, mc, "%s",
                     "{\"central\":40000,\"gap_share_percent\":\"50\"}");
    if (run) {
        CHECK_STR(sget(outcome_of(run, q1), "outcome"), "funded");
        CHECK_INT(iget(outcome_of(run, q1), "central_used"), 10000);
        CHECK_STR(sget(outcome_of(run, q2), "outcome"), "funded");
        CHECK_INT(iget(outcome_of(run, q2), "central_used"), 5000);
        CHECK_STR(sget(outcome_of(run, q3), "outcome"), "reserve");
    }
    json_decref(run);
    /* B declines Q2: its 50.00 of gap money and B's 100.00 come back; Q1
     * keeps A's 500.00, B's 200.00 and 100.00 of gap.  The re-run has A
     * 0.00, B 300.00 and 100.00 of gap: Q3 fits. */
    json_t *out = decline(q2, fa_b);
    json_t *rerun = json_object_get(out, "rerun");
    CHECK(rerun != NULL);
    if (rerun) {
        CHECK_STR(sget(outcome_of(rerun, q3), "outcome"), "funded");
        CHECK_INT(iget(outcome_of(rerun, q3), "central_used"), 10000);
        CHECK_INT(iget(funder_row(rerun, fa_a), "budget"), 0);
        CHECK_INT(iget(funder_row(rerun, fa_b), "budget"), 30000);
        CHECK_INT(iget(rerun, "central_remaining"), 0);
        digest_checks(iget(rerun, "run_id"), sget(rerun, "input_digest"));
    }
    json_decref(out);
    CHECK_STR(decision_status(q3, fa_a), "earmarked");

    /* Virtual pot with flexibility: A may exceed its 100.00 by 20%.  R1
     * takes 110.00 of A's 120.00, R2 5.00, R3 (10.00) is short.  Declining
     * R2 frees 5.00: 10.00 is left for R3, and no budget goes negative. */
    int64_t vc = small_call("flex", "virtual_common_pot", 10000, 10000);
    int64_t r1 = small_prop(vc, "R1", 11000, 0, 20);
    int64_t r2 = small_prop(vc, "R2", 500, 100, 18);
    int64_t r3 = small_prop(vc, "R3", 1000, 0, 16);
    char body[128];
    snprintf(body, sizeof body, "{\"flexibility\":{\"%" PRId64 "\":\"20\"},\"reserve_max\":5}",
             fa_a);
    close_call(vc);
    run = OK(decision_select, &op, vc, "%s", body);
    if (run) {
        CHECK_STR(sget(outcome_of(run, r1), "outcome"), "funded");
        CHECK_STR(sget(outcome_of(run, r2), "outcome"), "funded");
        CHECK_STR(sget(outcome_of(run, r3), "outcome"), "reserve");
    }
    json_decref(run);
    out = decline(r2, fa_b);
    rerun = json_object_get(out, "rerun");
    CHECK(rerun != NULL);
    if (rerun) {
        CHECK_STR(sget(outcome_of(rerun, r3), "outcome"), "funded");
        CHECK_INT(iget(funder_row(rerun, fa_a), "remaining"), 0);
    }
    json_decref(out);
    CHECK_STR(decision_status(r3, fa_a), "earmarked");
    CHECK_STR(decision_status(r1, fa_a), "earmarked");

    /* Real common pot of 300.00 named at the binding run (the budgets add
     * up to 1000.00): S1 200.00, S2 100.00, S3 (10.00) finds nothing.
     * Declining S2 frees its 100.00 of the 300.00, not of 1000.00. */
    int64_t rc_call = small_call("rcp", "real_common_pot", 50000, 50000);
    int64_t s1 = small_prop(rc_call, "S1", 20000, 0, 20);
    int64_t s2 = small_prop(rc_call, "S2", 5000, 5000, 18);
    int64_t s3 = small_prop(rc_call, "S3", 1000, 0, 16);
    /* S4 has no score at all (no review, no consensus): it is on the
     * ranking list, below no threshold, but not a candidate for money. */
    int64_t s4 = 0;
    {
        json_t *body = jfmt("{\"call_id\":%" PRId64 ",\"acronym\":\"S4\",\"title\":\"S4\","
                            "\"duration_months\":12,\"partners\":[{\"organization_id\":%"
                            PRId64 ",\"role\":\"coordinator\",\"funder_id\":%" PRId64
                            ",\"requested\":500,\"currency\":\"EUR\"},{\"organization_id\":%"
                            PRId64 ",\"role\":\"partner\",\"own_expense\":true,"
                            "\"currency\":\"EUR\"}]}", rc_call, uni_de, fa_a, uni_fr);
        json_t *out4 = NULL;
        serai_err err;
        if (proposal_create(s, &appl, body, clock_now(), &out4, &err) == SERAI_OK)
            s4 = iget(out4, "id");
        json_decref(out4);
        json_decref(body);
        CHECK_INT(proposal_submit(s, &appl, s4, clock_now(), &out4, &err), SERAI_OK);
        json_decref(out4);
        CHECK_INT(ranking_get(s, &op, rc_call, &out4, &err), SERAI_OK);
        json_t *last = json_array_get(json_object_get(out4, "items"), 3);
        CHECK_INT(iget(last, "proposal_id"), s4);
        CHECK(json_is_null(json_object_get(last, "score")));
        CHECK(json_is_false(json_object_get(last, "below_threshold")));
        json_decref(out4);
    }
    close_call(rc_call);
    run = OK(decision_select, &op, rc_call, "%s", "{\"central\":30000}");
    if (run) {
        CHECK_STR(sget(outcome_of(run, s1), "outcome"), "funded");
        CHECK_STR(sget(outcome_of(run, s2), "outcome"), "funded");
        CHECK_STR(sget(outcome_of(run, s3), "outcome"), "reserve");
        CHECK_INT(iget(run, "central_remaining"), 0);
        CHECK(outcome_of(run, s4) == NULL);
    }
    json_decref(run);
    out = decline(s2, fa_a);
    rerun = json_object_get(out, "rerun");
    CHECK(rerun != NULL);
    if (rerun) {
        CHECK_STR(sget(outcome_of(rerun, s3), "outcome"), "funded");
        CHECK_INT(iget(rerun, "central_spent"), 1000);
        CHECK_INT(iget(rerun, "central_remaining"), 9000);
        CHECK(outcome_of(rerun, s4) == NULL);
    }
    json_decref(out);
    CHECK_STR(proposal_status(s4), "eligible");
    CHECK_INT(count("SELECT count(*) FROM funding_decision WHERE proposal_id = $1", s4), 0);
    CHECK_STR(decision_status(s1, fa_a), "earmarked");
}

int main(void)
{
    world_open();
    RUN(test_select);
    RUN(test_decisions);
    RUN(test_decline_rerun);
    RUN(test_award_create);
    RUN(test_tranches_and_reports);
    RUN(test_milestones_cofunding);
    RUN(test_tranche_rollback);
    RUN(test_rerun_keeps_options);
    ledger_ok();
    testdb_close(&tdb);
    return check_report();
}
