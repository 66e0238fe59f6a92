/*
 * test_exchange.c -- offers, requests and partner searches with their
 * expressions of interest (exchange/market.h), and consortium completion
 * (exchange/completion.h), through the library on SQLite and PostgreSQL.
 *
 * The completion world: a call needing partners from three countries,
 * funded by agencies of DE, FR and ES.  Draft D1 has an SME of DE and a
 * university of FR: two countries, so min_countries fails.  Candidates:
 * a university and an SME of ES and an enterprise of IT (each would make
 * three countries), a second DE university and a FR institute (would not),
 * and a PT university that is on a competing application of the same call
 * (left out).  The ES SME employs a soil-sensing engineer, which is what
 * D1 is about; the ES university a medievalist.  Expected: the three
 * completing candidates, the ES SME first by fit, every one "completes"
 * and fixes exactly min_countries; nothing from DE or FR; one excluded.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "check.h"
#include "core/clock.h"
#include "exchange/completion.h"
#include "exchange/event.h"
#include "exchange/market.h"
#include "project/call.h"
#include "project/proposal.h"
#include "registry/org.h"
#include "registry/person.h"
#include "testdb.h"

static testdb tdb;
static store *s;
static actor op, pub;

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

static int64_t audit_records(void)
{
    audit_report rep;
    serai_err err;
    if (audit_verify(s, &rep, &err) != SERAI_OK)
        return -1;
    return rep.checked;
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

static int64_t lucia;

static int64_t person(const char *name, const char *country, int64_t org_id,
                      const char *expertise)
{
    int64_t id = make(person_create, &op,
                      jfmt("{\"name\":\"%s\",\"country\":\"%s\",\"expertise\":\"%s\","
                           "\"affiliations\":[{\"organization_id\":%" PRId64 "}]}",
                           name, country, expertise, org_id));
    CHECK(id > 0);
    return id;
}

static actor account(const char *email, role r, int64_t org_id)
{
    actor a = {.role = r, .org_id = org_id};
    a.account_id = make(account_create, &op,
                        jfmt("{\"email\":\"%s\",\"name\":\"%s\",\"role\":\"%s\","
                             "\"password\":\"a long enough password\","
                             "\"organization_id\":%" PRId64 "}",
                             email, email, role_name(r), org_id));
    snprintf(a.label, sizeof a.label, "%s", email);
    return a;
}

static int64_t fa_de, fa_fr, fa_es, sme_de, uni_fr, uni_es, sme_es, ent_it, uni_de2, inst_fr,
    uni_pt;
static actor appl, appl_es, appl_it;
static int64_t call_id, draft;

static int64_t proposal(const actor *who, const char *acronym, const char *title,
                        const char *partners, bool submit)
{
    json_t *body = jfmt("{\"call_id\":%" PRId64 ",\"acronym\":\"%s\",\"title\":\"%s\","
                        "\"abstract\":\"Field trials of low-cost soil moisture sensors "
                        "that schedule irrigation for smallholder farms.\","
                        "\"keywords\":[\"soil moisture\",\"sensors\",\"irrigation\"],"
                        "\"duration_months\":24,\"partners\":[%s]}",
                        call_id, acronym, title, partners);
    json_t *out = NULL;
    serai_err err;
    int64_t id = 0;
    if (proposal_create(s, who, body, clock_now(), &out, &err) == SERAI_OK)
        id = iget(out, "id");
    else
        fprintf(stderr, "proposal %s: %s: %s\n", acronym, err.field, err.detail);
    json_decref(out);
    json_decref(body);
    if (submit && id) {
        CHECK_INT(proposal_submit(s, who, id, clock_now(), &out, &err), SERAI_OK);
        json_decref(out);
    }
    return id;
}

static void world_open(void)
{
    s = testdb_open(&tdb);
    op = actor_operator();
    pub = actor_public();
    fa_de = org("Agentur DE", "funding_agency", "DE");
    fa_fr = org("Agence FR", "funding_agency", "FR");
    fa_es = org("Agencia ES", "funding_agency", "ES");
    sme_de = org("Bodensensor GmbH", "sme", "DE");
    uni_fr = org("Universite FR", "university", "FR");
    uni_es = org("Universidad ES", "university", "ES");
    sme_es = org("Riego Preciso SL", "sme", "ES");
    ent_it = org("Irrigazione SpA", "enterprise", "IT");
    uni_de2 = org("Hochschule DE", "university", "DE");
    inst_fr = org("Institut FR", "research_institute", "FR");
    uni_pt = org("Universidade PT", "university", "PT");
    lucia = person("Lucia Ortega", "ES", sme_es,
           "Soil moisture sensors and irrigation scheduling for small farms");
    person("Pablo Ruiz", "ES", uni_es, "Medieval Castilian manuscripts and palaeography");
    appl = account("appl@bodensensor.test", ROLE_APPLICANT, sme_de);
    appl_es = account("appl@riego.test", ROLE_APPLICANT, sme_es);
    appl_it = account("appl@irrigazione.test", ROLE_APPLICANT, ent_it);
    char dl[CLOCK_ISO_LEN];
    clock_format(clock_now() + 86400, dl);
    call_id = make(call_create, &op,
                   jfmt("{\"programme\":\"Joint Call\",\"edition\":\"2027\","
                        "\"title\":\"Joint call 2027\",\"funding_mode\":\"virtual_common_pot\","
                        "\"stages\":[{\"kind\":\"full_proposal\",\"deadline\":\"%s\"}],"
                        "\"funders\":[{\"organization_id\":%" PRId64 ",\"budget\":100000,"
                        "\"currency\":\"EUR\"},{\"organization_id\":%" PRId64
                        ",\"budget\":80000,\"currency\":\"EUR\"},{\"organization_id\":%" PRId64
                        ",\"budget\":60000,\"currency\":\"EUR\"}],"
                        "\"rules\":{\"min_countries\":3}}",
                        dl, fa_de, fa_fr, fa_es));
    CHECK(call_id > 0);
    json_t *out = NULL;
    serai_err err;
    CHECK_INT(call_transition(s, &op, call_id, "open", &out, &err), SERAI_OK);
    json_decref(out);
    char partners[600];
    snprintf(partners, sizeof partners,
             "{\"organization_id\":%" PRId64 ",\"role\":\"coordinator\",\"funder_id\":%" PRId64
             ",\"requested\":30000,\"currency\":\"EUR\"},{\"organization_id\":%" PRId64
             ",\"role\":\"partner\",\"funder_id\":%" PRId64 ",\"requested\":30000,"
             "\"currency\":\"EUR\"}", sme_de, fa_de, uni_fr, fa_fr);
    draft = proposal(&appl, "SOILNET", "Soil sensing network", partners, false);
    CHECK(draft > 0);
    snprintf(partners, sizeof partners,
             "{\"organization_id\":%" PRId64 ",\"role\":\"partner\",\"own_expense\":true,"
             "\"requested\":0,\"currency\":\"EUR\"},{\"organization_id\":%" PRId64
             ",\"role\":\"coordinator\",\"funder_id\":%" PRId64 ",\"requested\":1000,"
             "\"currency\":\"EUR\"}", uni_pt, inst_fr, fa_fr);
    CHECK(proposal(&op, "RIVAL", "A competing application", partners, true) > 0);
}

static void test_completion(void)
{
    json_t *out = NULL;
    serai_err err;
    CHECK_INT(completion_suggest(s, &appl, draft, clock_now(), NULL, &out, &err), SERAI_OK);
    CHECK(json_is_false(json_object_get(out, "eligible")));
    json_t *failing = json_object_get(out, "failing");
    CHECK_INT(json_array_size(failing), 1);
    CHECK_STR(sget(json_array_get(failing, 0), "code"), "min_countries");
    CHECK_INT(iget(out, "excluded_competing"), 2); /* uni_pt and inst_fr are on RIVAL */
    json_t *list = json_object_get(out, "suggestions");
    CHECK_INT(json_array_size(list), 3);
    json_t *first = json_array_get(list, 0);
    CHECK_INT(iget(first, "organization_id"), sme_es);
    CHECK(json_number_value(json_object_get(first, "fit")) > 0.05);
    CHECK_STR(sget(json_array_get(json_object_get(first, "experts"), 0), "name"),
              "Lucia Ortega");
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v) {
        CHECK(json_is_true(json_object_get(v, "completes")));
        CHECK_INT(json_array_size(json_object_get(v, "fixes")), 1);
        CHECK_STR(json_string_value(json_array_get(json_object_get(v, "fixes"), 0)),
                  "min_countries");
        const char *c = sget(v, "country");
        CHECK(strcmp(c, "ES") == 0 || strcmp(c, "IT") == 0);
        if (i > 0)
            CHECK(json_number_value(json_object_get(v, "fit")) <=
                  json_number_value(json_object_get(first, "fit")));
    }
    json_decref(out);
    /* Filters, limit. */
    json_t *only_it = jfmt("{\"country\":\"IT\"}");
    CHECK_INT(completion_suggest(s, &appl, draft, clock_now(), only_it, &out, &err), SERAI_OK);
    json_decref(only_it);
    CHECK_INT(json_array_size(json_object_get(out, "suggestions")), 1);
    CHECK_INT(iget(json_array_get(json_object_get(out, "suggestions"), 0), "organization_id"),
              ent_it);
    json_decref(out);
    json_t *body = jfmt("{\"limit\":1}");
    CHECK_INT(completion_suggest(s, &appl, draft, clock_now(), body, &out, &err), SERAI_OK);
    json_decref(body);
    CHECK_INT(json_array_size(json_object_get(out, "suggestions")), 1);
    json_decref(out);
    body = jfmt("{\"type\":\"castle\"}");
    CHECK_INT(completion_suggest(s, &appl, draft, clock_now(), body, &out, &err), SERAI_EINVAL);
    CHECK_STR(err.field, "/type");
    json_decref(body);
    body = jfmt("{\"limit\":0}");
    CHECK_INT(completion_suggest(s, &appl, draft, clock_now(), body, &out, &err), SERAI_EINVAL);
    json_decref(body);
    /* Another applicant does not see this consortium's draft. */
    CHECK_INT(completion_suggest(s, &appl_es, draft, clock_now(), NULL, &out, &err),
              SERAI_ENOTFOUND);
    CHECK_INT(completion_suggest(s, &appl, 99999, clock_now(), NULL, &out, &err),
              SERAI_ENOTFOUND);
}

static serai_code create_by_id(store *st, const actor *who, json_t *body, json_t **out,
                               serai_err *err)
{
    return market_create(st, who, body, out, err);
}

static void test_market(void)
{
    int64_t before = audit_records();
    /* Refusals write nothing. */
    static const struct {
        const char *body, *field;
        serai_code code;
    } bad[] = {
        {"{\"kind\":\"gift\",\"title\":\"t\",\"description\":\"d\",\"expires_on\":\"2099-01-01\"}",
         "/kind", SERAI_EINVAL},
        {"{\"kind\":\"technology_offer\",\"title\":\"t\",\"description\":\"d\","
         "\"expires_on\":\"2001-01-01\"}", "/expires_on", SERAI_EINVAL},
        {"{\"kind\":\"partner_search\",\"title\":\"t\",\"description\":\"d\","
         "\"expires_on\":\"2099-01-01\"}", "/call_id", SERAI_EINVAL},
        {"{\"kind\":\"technology_offer\",\"title\":\"t\",\"description\":\"d\","
         "\"expires_on\":\"2099-01-01\",\"sought_countries\":[\"XX\"]}",
         "/sought_countries/0", SERAI_EINVAL},
        {"{\"kind\":\"technology_offer\",\"title\":\"t\",\"description\":\"d\","
         "\"expires_on\":\"2099-01-01\",\"organization_id\":1}", "/organization_id",
         SERAI_EFORBIDDEN},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        json_t *out = NULL;
        serai_err err;
        json_t *body = json_loads(bad[k].body, 0, NULL);
        CHECK_INT(market_create(s, &appl, body, &out, &err), bad[k].code);
        CHECK_STR(err.field, bad[k].field);
        json_decref(body);
    }
    json_t *out = NULL;
    serai_err err;
    json_t *body = jfmt("{\"kind\":\"technology_offer\",\"title\":\"t\",\"description\":\"d\","
                        "\"expires_on\":\"2099-01-01\"}");
    CHECK_INT(market_create(s, &op, body, &out, &err), SERAI_EINVAL);
    CHECK_STR(err.field, "/organization_id");
    CHECK_INT(market_create(s, &pub, body, &out, &err), SERAI_EUNAUTH);
    json_decref(body);
    CHECK_INT(audit_records(), before);

    int64_t offer = make(create_by_id, &appl,
                         jfmt("{\"kind\":\"technology_offer\",\"title\":\"Soil sensors\","
                              "\"description\":\"LoRa soil moisture sensors, licensable.\","
                              "\"keywords\":[\"soil\",\"sensors\"],\"expires_on\":\"2099-06-30\","
                              "\"sought_countries\":[\"ES\",\"IT\"]}"));
    CHECK(offer > 0);
    int64_t search = make(create_by_id, &appl,
                          jfmt("{\"kind\":\"partner_search\",\"title\":\"Third country "
                               "partner\",\"description\":\"An SME from a third country.\","
                               "\"call_id\":%" PRId64 ",\"sought_org_type\":\"sme\","
                               "\"expires_on\":\"2099-06-30\"}", call_id));
    CHECK(search > 0);
    market_filter f = {.kind = "partner_search", .limit = 10};
    CHECK_INT(market_list(s, &pub, &f, &out, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "items")), 1);
    CHECK_INT(iget(json_array_get(json_object_get(out, "items"), 0), "call_id"), call_id);
    json_decref(out);
    f = (market_filter){.country = "DE", .limit = 1};
    CHECK_INT(market_list(s, &pub, &f, &out, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "items")), 1);
    CHECK(json_is_string(json_object_get(out, "next")) ||
          json_is_integer(json_object_get(out, "next")));
    json_decref(out);
    f = (market_filter){.kind = "gifts", .limit = 1};
    CHECK_INT(market_list(s, &pub, &f, &out, &err), SERAI_EINVAL);

    /* Interest: another organisation, once; not the poster's own. */
    body = jfmt("{\"message\":\"We would trial them in Andalusia.\"}");
    CHECK_INT(market_interest_add(s, &appl_es, offer, body, &out, &err), SERAI_OK);
    json_decref(out);
    CHECK_INT(market_interest_add(s, &appl_es, offer, body, &out, &err), SERAI_ECONFLICT);
    CHECK_INT(market_interest_add(s, &appl, offer, body, &out, &err), SERAI_EUNPROCESSABLE);
    json_decref(body);
    body = jfmt("{\"message\":\"Interested too.\"}");
    CHECK_INT(market_interest_add(s, &appl_it, offer, body, &out, &err), SERAI_OK);
    json_decref(out);
    json_decref(body);
    /* Who sees which interests. */
    CHECK_INT(market_get(s, &appl, offer, &out, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "interest_list")), 2);
    int64_t interest = iget(json_array_get(json_object_get(out, "interest_list"), 0), "id");
    json_decref(out);
    CHECK_INT(market_get(s, &appl_it, offer, &out, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "interest_list")), 1);
    CHECK_STR(sget(json_array_get(json_object_get(out, "interest_list"), 0), "organization"),
              "Irrigazione SpA");
    json_decref(out);
    CHECK_INT(market_get(s, &pub, offer, &out, &err), SERAI_OK);
    CHECK(json_object_get(out, "interest_list") == NULL);
    CHECK_INT(iget(out, "interests"), 2);
    json_decref(out);
    /* Only the poster answers; once. */
    body = jfmt("{\"status\":\"accepted\"}");
    CHECK_INT(market_interest_decide(s, &appl_it, interest, body, &out, &err),
              SERAI_EFORBIDDEN);
    CHECK_INT(market_interest_decide(s, &appl, interest, body, &out, &err), SERAI_OK);
    json_decref(out);
    CHECK_INT(market_interest_decide(s, &appl, interest, body, &out, &err), SERAI_ECONFLICT);
    json_decref(body);
    /* Closed: no more interest; listed only with include_closed. */
    body = jfmt("{\"status\":\"closed\"}");
    CHECK_INT(market_set_status(s, &appl_es, offer, body, &out, &err), SERAI_EFORBIDDEN);
    CHECK_INT(market_set_status(s, &appl, offer, body, &out, &err), SERAI_OK);
    CHECK_STR(sget(out, "status"), "closed");
    json_decref(out);
    json_decref(body);
    body = jfmt("{\"message\":\"late\",\"organization_id\":%" PRId64 "}", uni_es);
    CHECK_INT(market_interest_add(s, &op, offer, body, &out, &err), SERAI_ECONFLICT);
    json_decref(body);
    f = (market_filter){.kind = "technology_offer", .limit = 10};
    CHECK_INT(market_list(s, &pub, &f, &out, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "items")), 0);
    json_decref(out);
    f.include_closed = true;
    CHECK_INT(market_list(s, &pub, &f, &out, &err), SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "items")), 1);
    json_decref(out);
}

/* The certificate of an attended registration: a PDF for the secretariat,
 * refused before attendance and to someone else's account. */
static void test_certificate(void)
{
    char start[CLOCK_ISO_LEN], closes[CLOCK_ISO_LEN];
    clock_format(clock_now() + 10 * 86400, start);
    clock_format(clock_now() + 86400, closes);
    start[10] = '\0';
    json_t *out = NULL;
    serai_err err;
    json_t *body = jfmt("{\"code\":\"CERT-1\",\"kind\":\"workshop\",\"title\":"
                        "\"Workshop on soil sensing\",\"starts_on\":\"%s\",\"ends_on\":\"%s\","
                        "\"place\":\"Valencia\",\"capacity\":5,\"registration_closes\":\"%s\"}",
                        start, start, closes);
    CHECK_INT(event_create(s, &op, body, &out, &err), SERAI_OK);
    json_decref(body);
    int64_t ev = iget(out, "id");
    json_decref(out);
    body = jfmt("{\"person_id\":%" PRId64 "}", lucia);
    CHECK_INT(event_register(s, &op, ev, body, &out, &err), SERAI_OK);
    json_decref(body);
    int64_t reg = iget(out, "id");
    json_decref(out);
    unsigned char *pdf = NULL;
    size_t len = 0;
    CHECK_INT(event_certificate(s, &op, reg, &pdf, &len, &err), SERAI_ECONFLICT);
    CHECK(pdf == NULL);
    body = json_object();
    CHECK_INT(event_registration_attend(s, &op, reg, body, &out, &err), SERAI_OK);
    json_decref(body);
    json_decref(out);
    CHECK_INT(event_certificate(s, &op, reg, &pdf, &len, &err), SERAI_OK);
    CHECK(len > 1000 && pdf && memcmp(pdf, "%PDF-", 5) == 0);
    free(pdf);
    CHECK_INT(event_certificate(s, &appl_it, reg, &pdf, &len, &err), SERAI_ENOTFOUND);
    CHECK_INT(event_certificate(s, &op, 99999, &pdf, &len, &err), SERAI_ENOTFOUND);
}

int main(void)
{
    world_open();
    RUN(test_completion);
    RUN(test_market);
    RUN(test_certificate);
    testdb_close(&tdb);
    return check_report();
}
