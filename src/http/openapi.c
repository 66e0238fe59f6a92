/*
 * openapi.c -- the OpenAPI 3.1 document of the HTTP API, built from the
 * route table on every call, so that it cannot disagree with the server.
 *
 * The table gives each operation its method, path, roles, body kind,
 * success status, tag, summary, query parameters and schemas.  This file
 * derives the rest from those columns: a stable operationId, the path
 * parameters, security, `x-serai-roles`, and the error answers the route
 * can give (see error_set).  The few facts the columns cannot carry --
 * rights checked per object, answers that depend on the body -- are in
 * route_notes below.  The component schemas are written as JSON in
 * openapi_schemas.json and compiled into the program by
 * cmake/embed_text.cmake: nothing is read from disk at run time.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "core/actor.h"
#include "core/json.h"
#include "core/page.h"
#include "exchange/search.h"
#include "http/http.h"
#include "registry/import.h"
#include "registry/org.h"
#include "registry/person.h"

/* src/http/openapi_schemas.json, NUL-terminated; generated at build time. */
extern const char openapi_schemas_json[];

#define OPENAPI_VERSION "3.1.0"
/* Version of the /api/v1 contract, not of the program. */
#define OPENAPI_API_VERSION "1.0.0"
#define SCHEMA_REF "#/components/schemas/"
#define OPERATION_ID_MAX 128
#define PARAM_NAME_MAX 64
#define DESCRIPTION_MAX 512

/* ---- tags ---- */

static const struct tag_doc {
    const char *name;
    const char *description;
} tag_docs[] = {
    {"meta", "The service itself: liveness and this document."},
    {"auth", "Logging in and out, API tokens and accounts."},
    {"registry", "ISO countries and currencies, memberships, organisations "
                 "and people."},
    {"calls", "Calls for proposals: stages and deadlines, funders with their "
              "budgets and national annexes, and the versioned eligibility "
              "rule set (docs/calls.md)."},
    {"proposals", "Proposals to a call: the consortium and its budget, "
                  "submission before the deadline, eligibility judged per "
                  "round, commitment forms (docs/calls.md)."},
    {"review", "Peer review: each call's review set-up, reviewer pool and "
               "conflicts of interest (docs/review.md)."},
    {"ledger", "The funds' exact double-entry ledger: accounts, transfers in "
               "batches, two-phase transfers (docs/ledger.md)."},
    {"decisions", "Funding decisions across national budgets: the binding "
                  "selection on the ranking list, optimal and what-if, each "
                  "funder's decision, grants with milestones, reports and "
                  "tranches paid through the fund ledger (docs/decisions.md)."},
    {"funds", "Cooperative guidance funds: contributions from pledge to "
              "payment, commitments, disbursements and returns through the "
              "ledger; position, statements, flows per country and open-data "
              "exports (docs/fund.md)."},
    {"audit", "The tamper-evident audit trail: every change, hash-chained."},
    {"exchange", "The exchange model's bridge to project support: technology "
                 "offers, requests and partner searches with expressions of "
                 "interest, and consortium completion -- the partners that would "
                 "make a failing consortium eligible (docs/exchange.md)."},
    {"agenda", "Issue-setting on global common issues: processes moved phase by "
               "phase by the secretariat, issues proposed and supported for "
               "members, comments and amendments in the consultation, ballots "
               "cast by delegates, the tally with its explanation, and the "
               "adopted agenda linked to calls, grants and money "
               "(docs/agenda.md)."},
    {"events", "Events of the exchange model -- forums, workshops, training courses, "
               "exchange programmes, brokerage events: dates, place or online, "
               "rooms and a timetable whose sessions never overlap in a room, "
               "registration with capacity, country quotas and a waiting list, "
               "attendance, and brokerage: meeting slots, one-to-one meeting "
               "requests accepted or declined, the schedule with its certified "
               "bound, and each participant's schedule as iCalendar "
               "(docs/exchange-events.md)."},
    {"platforms", "Platforms of the exchange model -- thematic networks, joint "
                  "laboratories, technology-transfer centres, science parks: "
                  "members from several countries, the management committee, "
                  "working groups, and composition rules checked with every "
                  "change and explained rule by rule (docs/platforms.md)."},
};

static const char *tag_description(const char *tag)
{
    for (size_t i = 0; i < sizeof tag_docs / sizeof tag_docs[0]; i++)
        if (strcmp(tag_docs[i].name, tag) == 0)
            return tag_docs[i].description;
    return NULL;
}

/* ---- parameters ---- */

static json_t *schema_ref(const char *name)
{
    char ref[160];
    snprintf(ref, sizeof ref, SCHEMA_REF "%s", name);
    return json_pack("{s:s}", "$ref", ref);
}

static json_t *schema_id(void)
{
    return json_pack("{s:s, s:s, s:i}", "type", "integer", "format", "int64",
                     "minimum", 1);
}

static json_t *schema_country_code(void)
{
    return json_pack("{s:s, s:s}", "type", "string", "pattern", "^[A-Z]{2,3}$");
}

static json_t *schema_limit(void)
{
    return json_pack("{s:s, s:i, s:i, s:i}", "type", "integer", "minimum", 1,
                     "maximum", PAGE_MAX_LIMIT, "default", PAGE_DEFAULT_LIMIT);
}

static json_t *schema_cursor(void)
{
    return json_pack("{s:s, s:i}", "type", "string", "minLength", 1);
}

static json_t *schema_alpha2(void)
{
    return json_pack("{s:s, s:s}", "type", "string", "pattern", "^[A-Z]{2}$");
}

static json_t *schema_org_type(void)
{
    return schema_ref("OrganizationType");
}

static json_t *schema_org_q(void)
{
    return json_pack("{s:s, s:i, s:i}", "type", "string", "minLength", 1,
                     "maxLength", ORG_NAME_MAX);
}

static json_t *schema_person_q(void)
{
    return json_pack("{s:s, s:i, s:i}", "type", "string", "minLength", 1,
                     "maxLength", PERSON_NAME_MAX);
}

static json_t *schema_search_q(void)
{
    return json_pack("{s:s, s:i, s:i}", "type", "string", "minLength", 1,
                     "maxLength", SEARCH_Q_MAX);
}

static json_t *schema_search_kind(void)
{
    return json_pack("{s:s, s:[s, s, s, s, s]}", "type", "string", "enum",
                     "organization", "person", "technology_offer",
                     "technology_request", "partner_search");
}

static json_t *schema_agenda_issue_status(void)
{
    return json_pack("{s:s, s:[s, s, s, s]}", "type", "string", "enum", "proposed",
                     "consultation", "adopted", "not_adopted");
}

static json_t *schema_lang(void)
{
    return json_pack("{s:s, s:s}", "type", "string", "pattern", "^[a-z]{2,3}$");
}

static json_t *schema_region(void)
{
    return json_pack("{s:s, s:[s, s, s, s, s]}", "type", "string", "enum",
                     "Africa", "Americas", "Asia", "Europe", "Oceania");
}

static json_t *schema_member_status(void)
{
    return schema_ref("MembershipStatus");
}

static json_t *schema_call_status(void)
{
    return schema_ref("CallStatus");
}

static json_t *schema_proposal_status(void)
{
    return schema_ref("ProposalStatus");
}

static json_t *schema_review_status(void)
{
    return json_pack("{s:s, s:[s, s, s, s]}", "type", "string", "enum",
                     "assigned", "conflict", "draft", "submitted");
}

static json_t *schema_programme(void)
{
    return json_pack("{s:s, s:i, s:i}", "type", "string", "minLength", 1,
                     "maxLength", 63);
}

static json_t *schema_version(void)
{
    return json_pack("{s:s, s:i, s:i}", "type", "integer", "minimum", 1,
                     "maximum", 1000000);
}

static json_t *schema_seq(void)
{
    return json_pack("{s:s, s:i, s:i}", "type", "integer", "minimum", 0,
                     "maximum", 63);
}

static json_t *schema_format(void)
{
    return json_pack("{s:s, s:[s, s], s:s}", "type", "string", "enum", "csv",
                     "xlsx", "default", "csv");
}

static json_t *schema_sheet(void)
{
    return json_pack("{s:s, s:[s, s], s:s}", "type", "string", "enum",
                     "proposals", "partners", "default", "proposals");
}

static json_t *schema_fund_format(void)
{
    return json_pack("{s:s, s:[s, s, s, s, s]}", "type", "string", "enum", "iati",
                     "iati-org", "360giving", "csv", "xlsx");
}

static json_t *schema_fund_tab(void)
{
    return json_pack("{s:s, s:[s, s, s, s], s:s}", "type", "string", "enum",
                     "position", "contributions", "commitments", "transactions",
                     "default", "transactions");
}

static json_t *schema_day(void)
{
    return json_pack("{s:s, s:s}", "type", "string", "pattern",
                     "^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
}

static json_t *schema_kind(void)
{
    return json_pack("{s:s, s:[s, s]}", "type", "string", "enum", "country",
                     "organization");
}

static json_t *schema_market_kind(void)
{
    return json_pack("{s:s, s:[s, s, s]}", "type", "string", "enum", "technology_offer",
                     "technology_request", "partner_search");
}

static json_t *schema_platform_kind(void)
{
    return json_pack("{s:s, s:[s, s, s, s]}", "type", "string", "enum", "thematic_network",
                     "joint_laboratory", "technology_transfer_centre", "science_park");
}

static json_t *schema_bool_text(void)
{
    return json_pack("{s:s, s:[s, s], s:s}", "type", "string", "enum", "true", "false",
                     "default", "false");
}

static json_t *schema_suggest_limit(void)
{
    return json_pack("{s:s, s:i, s:i, s:i}", "type", "integer", "minimum", 1, "maximum", 50,
                     "default", 10);
}

/* How a parameter is documented.  An entry with a path applies to that
 * path only and comes before the general entry of the same name. */
typedef struct param_doc {
    const char *name;
    const char *path;
    const char *description;
    json_t *(*schema)(void);
} param_doc;

static const param_doc path_docs[] = {
    {"id", NULL, "Id of the record.", schema_id},
    {"code", "/api/v1/countries/{code}",
     "ISO 3166-1 alpha-2 (\"KE\") or alpha-3 (\"KEN\") code, upper case.",
     schema_country_code},
    {"version", NULL, "Rule-set version, from 1.", schema_version},
    {"person_id", NULL, "Id of the reviewer's person record.", schema_id},
    {"seq", "/api/v1/awards/{id}/tranches/{seq}/pay",
     "Number of the tranche, from 1, paid in order.", schema_seq},
    {"seq", NULL,
     "Position of the partner in the consortium, from 0 (`seq` of the "
     "proposal's partner).",
     schema_seq},
    {"funder_id", NULL, "Id of the funding organisation.", schema_id},
    {"member_id", NULL, "Id of the platform membership (`id` of the member).", schema_id},
    {"period_end", NULL, "Last day of the report's period (YYYY-MM-DD).", schema_day},
};

static const param_doc query_docs[] = {
    {"kind", "/api/v1/market", "Only items of this kind.", schema_market_kind},
    {"kind", "/api/v1/platforms", "Only platforms of this kind.", schema_platform_kind},
    {"call_id", "/api/v1/market", "Only partner searches for this call.", schema_id},
    {"country", "/api/v1/market", "Only items posted from this country: ISO 3166-1 "
     "alpha-2 code.", schema_alpha2},
    {"include_closed", "/api/v1/market",
     "Also closed, withdrawn and expired items.", schema_bool_text},
    {"limit", "/api/v1/proposals/{id}/suggestions", "Most suggestions to return.",
     schema_suggest_limit},
    {"country", "/api/v1/proposals/{id}/suggestions",
     "Only candidate organisations of this country: ISO 3166-1 alpha-2 code.",
     schema_alpha2},
    {"type", "/api/v1/proposals/{id}/suggestions",
     "Only candidate organisations of this type.", schema_org_type},
    {"q", "/api/v1/search",
     "The text to search for: words in any script, matched whole, case and "
     "Latin accents ignored, Chinese, Japanese and Korean by pairs of "
     "characters; punctuation and operators are ignored. 400 when no word "
     "is left.",
     schema_search_q},
    {"region", "/api/v1/search",
     "Only results from countries of this UN M49 region (Africa, Americas, "
     "Asia, Europe, Oceania).",
     schema_region},
    {"type", "/api/v1/search",
     "Only organisations of this type, and offers and requests posted by one.",
     schema_org_type},
    {"sme", "/api/v1/search",
     "true: only SMEs, and offers and requests posted by one.",
     schema_bool_text},
    {"platform_id", "/api/v1/search",
     "Only current members of this platform (organisations, people) and "
     "items posted by a member organisation.",
     schema_id},
    {"kind", "/api/v1/search",
     "Only results of this kind; person needs the secretariat or observer "
     "role.",
     schema_search_kind},
    {"cursor", "/api/v1/search",
     "Opaque cursor: the `next` value of the previous page (results are "
     "ranked, so pages end at the 10,000th result).",
     schema_cursor},
    {"person_id", "/api/v1/events/{id}/meetings",
     "The person whose requests and meetings to read; without it the caller's own "
     "(the secretariat and observers: everyone's).",
     schema_id},
    {"person_id", "/api/v1/events/{id}/meetings/ical",
     "The person whose scheduled meetings to write; without it the caller's own "
     "(the secretariat and observers: everyone's).",
     schema_id},
    {"limit", NULL, "Most items to return in one page.", schema_limit},
    {"cursor", NULL,
     "Opaque cursor: the `next` value of the previous page. Omit it for the "
     "first page.",
     schema_cursor},
    {"country", NULL, "Only those of this country: ISO 3166-1 alpha-2 code.",
     schema_alpha2},
    {"type", NULL, "Only organisations of this type.", schema_org_type},
    {"q", "/api/v1/organizations",
     "Only organisations with this text in one of their names "
     "(case-insensitive for ASCII letters).",
     schema_org_q},
    {"q", "/api/v1/people",
     "Only people with this text in their name, keywords or expertise "
     "(case-insensitive for ASCII letters).",
     schema_person_q},
    {"region", NULL,
     "Only countries of this UN M49 region (Africa, Americas, Asia, Europe, "
     "Oceania); any other value is refused (400).",
     schema_region},
    {"status", "/api/v1/calls", "Only calls of this status.",
     schema_call_status},
    {"status", "/api/v1/proposals", "Only proposals of this status.",
     schema_proposal_status},
    {"programme", NULL, "Only calls of this programme (exact name).",
     schema_programme},
    {"call_id", "/api/v1/reviews", "Only reviews of proposals to this call.",
     schema_id},
    {"proposal_id", NULL, "Only reviews of this proposal.", schema_id},
    {"status", "/api/v1/agenda-processes/{id}/issues",
     "Only issues of this status (proposed, consultation, adopted, "
     "not_adopted).",
     schema_agenda_issue_status},
    {"lang", NULL,
     "The language of the titles (ISO 639-1, e.g. zh); an issue without a text "
     "in it shows its original.",
     schema_lang},
    {"status", "/api/v1/reviews",
     "Only reviews of this status (assigned, conflict, draft, submitted).",
     schema_review_status},
    {"call_id", NULL, "Only proposals to this call.", schema_id},
    {"funder_id", NULL,
     "Only proposals with a partner requesting money from this funder "
     "(organisation id).",
     schema_id},
    {"format", "/api/v1/funds/{id}/export",
     "iati (IATI 2.03 activities), iati-org (IATI organisation file), "
     "360giving (a 360Giving data package), csv (one tab, chosen by `tab`) or "
     "xlsx (every tab). docs/fund.md and docs/fund-exports.md.",
     schema_fund_format},
    {"tab", NULL,
     "For CSV: position, contributions, commitments or transactions. An XLSX "
     "workbook holds all four.",
     schema_fund_tab},
    {"day", NULL,
     "Value the totals at the latest exchange rate on or before this day "
     "(YYYY-MM-DD; default today).",
     schema_day},
    {"org_id", NULL, "The contributor (organisation id) whose statement it is.",
     schema_id},
    {"format", NULL,
     "csv (one sheet, chosen by `sheet`) or xlsx (a workbook with both "
     "sheets).",
     schema_format},
    {"sheet", NULL,
     "For CSV: proposals (one row per proposal) or partners (one row per "
     "partner). An XLSX workbook always holds both.",
     schema_sheet},
    {"status", NULL, "Only memberships (or countries with a membership) of "
                     "this status.",
     schema_member_status},
    {"kind", NULL, "Only memberships of countries, or only those of "
                   "organisations.",
     schema_kind},
    {"organization_id", NULL,
     "Only people with a current or past affiliation to this organisation.",
     schema_id},
};

static const param_doc *param_doc_of(const param_doc *docs, size_t n,
                                     const char *name, const char *path)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(docs[i].name, name) == 0 &&
            (docs[i].path == NULL || strcmp(docs[i].path, path) == 0))
            return &docs[i];
    return NULL;
}

/* A Parameter Object; undocumented names get a bare string schema and no
 * description, which the unit test refuses. */
static json_t *parameter(const param_doc *docs, size_t n, const char *name,
                         const char *in, const char *path)
{
    const param_doc *d = param_doc_of(docs, n, name, path);
    json_t *p = json_pack("{s:s, s:s, s:b}", "name", name, "in", in,
                          "required", strcmp(in, "path") == 0);
    if (d)
        json_object_set_new(p, "description", json_string(d->description));
    json_object_set_new(p, "schema",
                        d ? d->schema() : json_pack("{s:s}", "type", "string"));
    return p;
}

/* The parameters of route r: its {name} path segments, then its query. */
static json_t *parameters(const http_route *r)
{
    json_t *params = json_array();
    for (const char *open = strchr(r->path, '{'); open;
         open = strchr(open + 1, '{')) {
        const char *close = strchr(open, '}');
        char name[PARAM_NAME_MAX];
        if (close == NULL)
            break;
        snprintf(name, sizeof name, "%.*s", (int)(close - open - 1), open + 1);
        json_array_append_new(params,
                              parameter(path_docs,
                                        sizeof path_docs / sizeof path_docs[0],
                                        name, "path", r->path));
    }
    for (size_t i = 0; r->query && r->query[i]; i++)
        json_array_append_new(params,
                              parameter(query_docs,
                                        sizeof query_docs / sizeof query_docs[0],
                                        r->query[i], "query", r->path));
    return params;
}

/* ---- error answers ---- */

enum {
    E400, E401, E403, E404, E409, E413, E415, E422, E429, E500, E503, E_COUNT
};
#define EBIT(e) (1u << (e))

static const int error_status[E_COUNT] = {
    [E400] = 400, [E401] = 401, [E403] = 403, [E404] = 404, [E409] = 409,
    [E413] = 413, [E415] = 415, [E422] = 422, [E429] = 429, [E500] = 500,
    [E503] = 503,
};

/* What the columns of the table cannot tell.  Each entry names a route of
 * the table; test_openapi checks that these answers reach the document. */
typedef struct route_note {
    const char *method, *path;
    unsigned add, drop;            /* EBIT()s beyond or against error_set */
    const char *why[E_COUNT];      /* descriptions that replace the usual */
} route_note;

#define CALL_404                                                          \
    "No call has this id, or it is a draft and the caller is neither the " \
    "secretariat nor one of its funders."
#define CALL_422                                                          \
    "Breaks a rule of docs/calls.md; `pointer` names the field of this "   \
    "body, also inside rules and annexes (/rules/min_countries, "          \
    "/funders/1/annex/types/0)."
#define PROPOSAL_404                                                      \
    "No proposal has this id, or the caller may not see it: applicants "   \
    "see their consortium's, observers every proposal ever submitted, "    \
    "funders those of them that ask them for money."
#define PROPOSAL_422                                                      \
    "Breaks a rule of docs/calls.md; `pointer` names the field "           \
    "(/partners/1/currency, /partners/0/budget_lines)."

static const route_note route_notes[] = {
    {"POST", "/api/v1/auth/login", EBIT(E429), EBIT(E409) | EBIT(E422),
     {[E401] = "Wrong e-mail address or password (the same answer whether "
               "the address exists or not), or a bad token was sent."}},
    {"POST", "/api/v1/tokens", EBIT(E403), EBIT(E409),
     {[E403] = "Only the secretariat may create a token for another account "
               "(and only it learns whether an address has one).",
      [E422] = "No account has this e-mail address (pointer /email)."}},
    {"GET", "/api/v1/people/{id}", EBIT(E403), 0,
     {[E403] = "Only the secretariat and observers read anyone; everyone "
               "else reads only their own person record."}},
    {"PATCH", "/api/v1/people/{id}", EBIT(E403), 0,
     {[E403] = "Only the secretariat changes anyone; everyone else changes "
               "only their own person record."}},
    {"PATCH", "/api/v1/members/{id}", 0, EBIT(E409), {NULL}},

    {"POST", "/api/v1/calls", 0, 0,
     {[E409] = "The programme already has a call for this edition.",
      [E422] = CALL_422}},
    {"GET", "/api/v1/calls/{id}", 0, 0, {[E404] = CALL_404}},
    {"PATCH", "/api/v1/calls/{id}", 0, 0,
     {[E404] = CALL_404,
      [E409] = "The call is neither a draft nor open; or it is open and the "
               "change touches its funders, funding mode or rules, or its "
               "stages beyond moving a deadline later.",
      [E422] = CALL_422}},
    {"POST", "/api/v1/calls/{id}/open", EBIT(E409), 0,
     {[E404] = CALL_404,
      [E409] = "The call is not a draft, or it has no funders, no rule set "
               "or no stages, or its last deadline has passed."}},
    {"POST", "/api/v1/calls/{id}/close", EBIT(E409), 0,
     {[E404] = CALL_404, [E409] = "The call is not open."}},
    {"POST", "/api/v1/calls/{id}/evaluation", EBIT(E409), 0,
     {[E404] = CALL_404, [E409] = "The call is not closed."}},
    {"POST", "/api/v1/calls/{id}/decision", EBIT(E409), 0,
     {[E404] = CALL_404, [E409] = "The call is not in evaluation."}},
    {"GET", "/api/v1/calls/{id}/rules", 0, 0, {[E404] = CALL_404}},
    {"GET", "/api/v1/calls/{id}/rules/{version}", 0, 0,
     {[E404] = "No call has this id (or it is a draft the caller may not "
               "see), or the call has no rule set of this version."}},
    {"GET", "/api/v1/calls/{id}/export", 0, 0,
     {[E400] = "An unknown query parameter, a format other than csv or "
               "xlsx, or a sheet other than proposals or partners; "
               "`parameter` names it.",
      [E404] = CALL_404}},

    {"POST", "/api/v1/proposals", 0, 0,
     {[E409] = "The call is not open, or the deadline of its first stage has "
               "passed (`detail` names the deadline and the time zone it was "
               "announced in).",
      [E422] = "Breaks a rule of docs/calls.md; `pointer` names the field. "
               "An unknown call, or a draft call the caller may not see, is "
               "reported at /call_id."}},
    {"GET", "/api/v1/proposals/{id}", 0, 0, {[E404] = PROPOSAL_404}},
    {"PATCH", "/api/v1/proposals/{id}", 0, 0,
     {[E404] = PROPOSAL_404,
      [E409] = "The proposal is no longer a draft, submitted, eligible or "
               "ineligible; its call is not open; or the deadline of its "
               "stage has passed.",
      [E422] = PROPOSAL_422}},
    {"POST", "/api/v1/proposals/{id}/submit", EBIT(E409) | EBIT(E422), 0,
     {[E404] = PROPOSAL_404,
      [E409] = "The proposal is no longer a draft, submitted, eligible or "
               "ineligible; its call is not open or has no rule set; or the "
               "deadline of its stage has passed.",
      [E422] = "The proposal has no partners (pointer /partners)."}},
    {"POST", "/api/v1/proposals/{id}/withdraw", EBIT(E409), 0,
     {[E404] = PROPOSAL_404,
      [E409] = "The proposal is no longer a draft, submitted, eligible or "
               "ineligible (for instance already withdrawn)."}},
    {"POST", "/api/v1/proposals/{id}/invite", EBIT(E409), 0,
     {[E404] = PROPOSAL_404,
      [E409] = "The proposal is not eligible, is already at the call's last "
               "stage, or the call is not open."}},
    {"GET", "/api/v1/proposals/{id}/eligibility", 0, 0,
     {[E404] = PROPOSAL_404}},
    {"POST", "/api/v1/proposals/{id}/partners/{seq}/commitment", 0, 0,
     {[E404] = "No proposal the caller may see has this id, or it has no "
               "partner with this seq.",
      [E409] = "The partner has already signed, or the proposal is no longer "
               "a draft, submitted, eligible or ineligible.",
      [E422] = "signed_at is not a UTC instant YYYY-MM-DDTHH:MM:SSZ, or lies "
               "in the future (pointer /signed_at)."}},

    {"PUT", "/api/v1/calls/{id}/review", EBIT(E409), 0,
     {[E409] = "The call is decided; its review is over."}},
    {"POST", "/api/v1/calls/{id}/reviewers", EBIT(E409), 0,
     {[E409] = "The person is already in the call's pool."}},
    {"POST", "/api/v1/calls/{id}/reviewers/{person_id}/accept", EBIT(E409), 0,
     {[E404] = "No such call or invitation; a reviewer sees only its own.",
      [E409] = "The invitation has already been answered."}},
    {"POST", "/api/v1/calls/{id}/reviewers/{person_id}/decline", EBIT(E409), 0,
     {[E404] = "No such call or invitation; a reviewer sees only its own.",
      [E409] = "The invitation has already been answered."}},
    {"POST", "/api/v1/proposals/{id}/conflicts", EBIT(E409), 0,
     {[E409] = "This conflict is already declared."}},
    {"POST", "/api/v1/assignments", EBIT(E409), 0,
     {[E409] = "A conflict of interest (the reason is named), a reviewer not "
               "accepted in the pool or at its maximum load, a proposal not "
               "eligible, or a call not closed."}},
    {"POST", "/api/v1/reviews/{id}/open", EBIT(E409), 0,
     {[E404] = "No review with this id among the caller's.",
      [E409] = "The review is already opened."}},
    {"PATCH", "/api/v1/reviews/{id}", EBIT(E409), 0,
     {[E404] = "No review with this id among the caller's.",
      [E409] = "The review is not an opened draft, or the call has no review "
               "set-up."}},
    {"POST", "/api/v1/reviews/{id}/submit", EBIT(E409) | EBIT(E422), 0,
     {[E404] = "No review with this id among the caller's.",
      [E409] = "The review is not an opened draft.",
      [E422] = "Some criterion is not scored (pointer /scores)."}},
    {"PUT", "/api/v1/proposals/{id}/consensus", EBIT(E409), 0,
     {[E404] = "No such proposal, or (for a reviewer) none among its submitted "
               "reviews.",
      [E409] = "The call has no review set-up."}},
    {"POST", "/api/v1/calls/{id}/assignment-run", EBIT(E409), 0,
     {[E409] = "The call is not closed, has no review set-up, or has no "
               "eligible proposal without reviewers.",
      [E422] = "No assignment exists; `detail` says why in terms an officer "
               "can act on (a proposal with too few conflict-free candidates, "
               "total capacity below the demand, ...)."}},
    {"GET", "/api/v1/calls/{id}/ranking", EBIT(E409), 0,
     {[E409] = "The call has no review set-up yet."}},

    {"POST", "/api/v1/agenda-processes/{id}/phase", 0, 0,
     {[E409] = "The phase asked for is not the next one, or the process is to "
               "be adopted and no ballot was cast."}},
    {"POST", "/api/v1/agenda-processes/{id}/ballots", 0, 0,
     {[E403] = "Only delegates vote, each for its own member: a ballot naming "
               "another member is refused.",
      [E409] = "The process is not in its voting phase, or this delegate has "
               "already cast a ballot (withdraw it first)."}},
    {"DELETE", "/api/v1/agenda-processes/{id}/ballots/mine", EBIT(E409), 0,
     {[E404] = "No process has this id, or this delegate has cast no ballot in "
               "it.",
      [E409] = "The process is not in its voting phase."}},
    {"POST", "/api/v1/platforms/{id}/members", 0, 0,
     {[E409] = "The organisation or person is a current member already, the "
               "committee has a chair already (pointer /role), or the platform "
               "enforces its rules and this member would break one that passes "
               "(`detail` quotes the rule's explanation).",
      [E422] = "No such organisation, person or working group of this platform "
               "(pointer /organization_id, /person_id, /group_id)."}},
    {"PATCH", "/api/v1/platforms/{id}/members/{member_id}", 0, 0,
     {[E404] = "No platform has this id, or it has no current member with this id.",
      [E409] = "The committee has a chair already (pointer /role), or the platform "
               "enforces its rules and the change would break one that passes."}},
    {"DELETE", "/api/v1/platforms/{id}/members/{member_id}", EBIT(E409), 0,
     {[E404] = "No platform has this id, or it has no current member with this id.",
      [E409] = "The platform enforces its composition rules and the member's "
               "leaving would break one that passes; `detail` quotes the rule's "
               "explanation with its figures."}},
    {"POST", "/api/v1/platforms/{id}/groups", 0, 0,
     {[E409] = "The platform has a working group of this name already."}},
    {"PATCH", "/api/v1/events/{id}", 0, 0,
     {[E409] = "The capacity is below the confirmed registrations (pointer /capacity), "
               "or the event is cancelled (pointer /status)."}},
    {"POST", "/api/v1/events/{id}/rooms", 0, 0,
     {[E409] = "The event has a room of this name already (pointer /name)."}},
    {"POST", "/api/v1/events/{id}/sessions", 0, 0,
     {[E409] = "The session overlaps another session of its room; `detail` names the "
               "room, the times and the clashing session (pointer /starts_at).",
      [E422] = "The session leaves the event's dates, or names no room of the event "
               "(pointer /room_id)."}},
    {"POST", "/api/v1/events/{id}/registrations", EBIT(E403), 0,
     {[E403] = "An account registers its own person only (an account linked to no "
               "person record registers nobody); the secretariat names anyone.",
      [E409] = "Registration has closed (`detail` names the closing time), the event "
               "is not open, or the person is registered already.",
      [E422] = "No person has this id (pointer /person_id)."}},
    {"GET", "/api/v1/registrations/{id}", 0, 0,
     {[E404] = "No registration has this id among those the caller may read."}},
    {"POST", "/api/v1/registrations/{id}/cancel", 0, 0,
     {[E404] = "No registration has this id among the caller's own.",
      [E409] = "The registration is cancelled already or was attended."}},
    {"POST", "/api/v1/registrations/{id}/attend", 0, 0,
     {[E409] = "The registration is not confirmed."}},
    {"POST", "/api/v1/events/{id}/slots", 0, 0,
     {[E409] = "A slot overlaps another slot of the event; `detail` names it."}},
    {"PUT", "/api/v1/events/{id}/unavailability", EBIT(E403), 0,
     {[E403] = "A participant sets its own slots only; the secretariat anyone's.",
      [E422] = "The person is not a confirmed participant, or a slot is not one of "
               "the event's (pointer /slots/N)."}},
    {"POST", "/api/v1/events/{id}/meetings", EBIT(E403), 0,
     {[E403] = "A participant requests meetings for its own person only; the "
               "secretariat for anyone.",
      [E409] = "The event is cancelled, or this request exists already.",
      [E422] = "The requester or the invitee is not a confirmed participant."}},
    {"GET", "/api/v1/events/{id}/meetings", EBIT(E403), 0,
     {[E403] = "A participant reads its own schedule only; the secretariat and "
               "observers read anyone's."}},
    {"GET", "/api/v1/events/{id}/meetings/ical", EBIT(E403), 0,
     {[E403] = "A participant downloads its own schedule only; the secretariat and "
               "observers anyone's."}},
    {"POST", "/api/v1/meetings/{id}/accept", EBIT(E403), 0,
     {[E403] = "Only the invitee (or the secretariat) answers a request.",
      [E409] = "The request has been answered already."}},
    {"POST", "/api/v1/meetings/{id}/decline", EBIT(E403), 0,
     {[E403] = "Only the invitee (or the secretariat) answers a request.",
      [E409] = "The request has been answered already."}},
    {"GET", "/api/v1/agenda-processes/{id}/tally", EBIT(E403) | EBIT(E409), 0,
     {[E403] = "While voting, only the secretariat and observers read the "
               "provisional count; once adopted, every signed-in account reads "
               "the result.",
      [E409] = "The process is not yet voting."}},
};

static const route_note *note_of(const http_route *r)
{
    for (size_t i = 0; i < sizeof route_notes / sizeof route_notes[0]; i++)
        if (strcmp(route_notes[i].method, r->method) == 0 &&
            strcmp(route_notes[i].path, r->path) == 0)
            return &route_notes[i];
    return NULL;
}

static bool is_public(const http_route *r)
{
    return (r->roles & ROLE_BIT(ROLE_PUBLIC)) != 0;
}

/* The error answers route r can give.  Every route may meet a malformed
 * query (400), a bad token (401), a failing database (503) or a bug (500);
 * the rest follow from the roles, the path and the body. */
static unsigned error_set(const http_route *r)
{
    unsigned set = EBIT(E400) | EBIT(E401) | EBIT(E500) | EBIT(E503);
    if ((r->roles & ROLES_SIGNED_IN) != ROLES_SIGNED_IN)
        set |= EBIT(E403);
    if (strchr(r->path, '{'))
        set |= EBIT(E404);
    if (r->body != BODY_NONE)
        set |= EBIT(E409) | EBIT(E413) | EBIT(E415) | EBIT(E422);
    const route_note *note = note_of(r);
    if (note)
        set = (set | note->add) & ~note->drop;
    return set;
}

/* The usual description of error e on route r, into buf. */
static const char *error_description(const http_route *r, int e, char *buf,
                                     size_t size)
{
    const route_note *note = note_of(r);
    if (note && note->why[e])
        return note->why[e];
    switch (e) {
    case E400:
        if (r->body == BODY_JSON)
            return "Malformed request: bad JSON, a wrong type, a missing or "
                   "unknown field, a value out of range, or a bad query "
                   "parameter. `pointer` or `parameter` names the culprit.";
        if (r->body == BODY_CSV)
            return "Malformed request: an empty body, a file that is not "
                   "UTF-8 or not well-formed CSV, or a bad query parameter.";
        return "Malformed request: an unknown query parameter or a bad value "
               "of one, named by `parameter`.";
    case E401:
        return is_public(r)
                   ? "The token sent is unknown, expired or revoked. (This "
                     "route needs none: send no Authorization header.)"
                   : "No valid token: log in and send Authorization: Bearer "
                     "<token>.";
    case E403:
        return "The role of this account may not do this.";
    case E404: {
        const char *open = strchr(r->path, '{');
        const char *close = open ? strchr(open, '}') : NULL;
        if (close) {
            snprintf(buf, size, "Nothing has this %.*s.",
                     (int)(close - open - 1), open + 1);
            return buf;
        }
        return "Not found.";
    }
    case E409:
        return "Conflicts with a stored record: a ROR id, ORCID iD, e-mail "
               "address or membership that is already registered.";
    case E413:
        if (r->body == BODY_CSV)
            snprintf(buf, size,
                     "The body is above the limit of %d MiB, or the file has "
                     "more than %d rows.",
                     HTTP_MAX_BODY_IMPORT / (1024 * 1024), IMPORT_MAX_ROWS);
        else
            snprintf(buf, size, "The body is above the limit of %d MiB.",
                     JSON_MAX_BODY / (1024 * 1024));
        return buf;
    case E415:
        return r->body == BODY_CSV ? "The body is not sent as text/csv."
                                   : "The body is not sent as application/json.";
    case E422:
        if (r->body == BODY_CSV)
            return "The file has bad rows or a bad header; nothing was "
                   "imported. `report` lists every bad row with its line and "
                   "column.";
        return "Well-formed, but breaks a rule (see docs/registry.md); "
               "`pointer` names the field.";
    case E429:
        snprintf(buf, size,
                 "%d failed logins for this e-mail address within %d minutes; "
                 "try again after Retry-After seconds.",
                 AUTH_THROTTLE_FAILURES, AUTH_THROTTLE_WINDOW / 60);
        return buf;
    case E500:
        return "A bug or exhaustion of a resource; quote `request_id` when "
               "reporting it.";
    case E503:
        return "The database is unavailable; try again later.";
    }
    return "Error.";
}

static json_t *header(const char *description)
{
    return json_pack("{s:s, s:{s:s}}", "description", description, "schema",
                     "type", "string");
}

static json_t *error_response(const http_route *r, int e)
{
    char buf[DESCRIPTION_MAX];
    json_t *resp = json_pack(
        "{s:s, s:{s:{s:o}}}", "description",
        error_description(r, e, buf, sizeof buf), "content",
        "application/problem+json", "schema", schema_ref("Problem"));
    if (e == E401)
        json_object_set_new(resp, "headers",
                            json_pack("{s:o}", "WWW-Authenticate",
                                      header("Always \"Bearer\".")));
    else if (e == E429)
        json_object_set_new(resp, "headers",
                            json_pack("{s:o}", "Retry-After",
                                      header("Seconds to wait.")));
    return resp;
}

/* ---- operations ---- */

static void id_put(char *out, size_t size, size_t *n, char c)
{
    if (*n + 1 < size)
        out[(*n)++] = c;
    out[*n] = '\0';
}

/* method + path in camel case, "/api/vN" left out and each {name} read
 * as "By<Name>": GET /api/v1/organizations/{id} -> getOrganizationsById. */
static void operation_id(const http_route *r, char *out, size_t size)
{
    size_t n = 0;
    out[0] = '\0';
    for (const char *m = r->method; *m; m++)
        id_put(out, size, &n, (char)tolower((unsigned char)*m));
    const char *p = r->path;
    if (strncmp(p, "/api/v", 6) == 0 && isdigit((unsigned char)p[6])) {
        p += 6;
        while (isdigit((unsigned char)*p))
            p++;
    }
    bool word_start = true;
    for (; *p; p++) {
        if (*p == '{') {
            id_put(out, size, &n, 'B');
            id_put(out, size, &n, 'y');
            word_start = true;
        } else if (!isalnum((unsigned char)*p)) {
            word_start = true;
        } else {
            id_put(out, size, &n,
                   word_start ? (char)toupper((unsigned char)*p) : *p);
            word_start = false;
        }
    }
}

static json_t *role_names(unsigned roles)
{
    json_t *names = json_array();
    for (int r = 0; r < ROLE_COUNT; r++)
        if (roles & ROLE_BIT(r))
            json_array_append_new(names, json_string(role_name((role)r)));
    return names;
}

/* Who may call r, in words, for the operation's description. */
static json_t *who_may(const http_route *r)
{
    char text[DESCRIPTION_MAX];
    size_t used = 0;
    if (is_public(r))
        used = (size_t)snprintf(text, sizeof text,
                                "Anyone, with or without a token.");
    else if ((r->roles & ROLES_SIGNED_IN) == ROLES_SIGNED_IN)
        used = (size_t)snprintf(text, sizeof text, "Any signed-in account.");
    else {
        used = (size_t)snprintf(text, sizeof text, "Roles:");
        for (int i = 1; i < ROLE_COUNT && used < sizeof text; i++)
            if (r->roles & ROLE_BIT(i))
                used += (size_t)snprintf(text + used, sizeof text - used,
                                         " %s,", role_name((role)i));
        if (used < sizeof text && text[used - 1] == ',')
            text[used - 1] = '.';
    }
    const route_note *note = note_of(r);
    if (note && note->why[E403] && used < sizeof text)
        snprintf(text + used, sizeof text - used, " %s", note->why[E403]);
    return json_string(text);
}

static json_t *security_of(const http_route *r)
{
    /* A public route also takes a token: the request then acts as that
     * account, and a bad token is refused with 401. */
    if (is_public(r))
        return json_pack("[{}, {s:[]}]", "bearerAuth");
    return json_pack("[{s:[]}]", "bearerAuth");
}

static json_t *request_body(const http_route *r)
{
    if (r->body == BODY_JSON)
        return json_pack("{s:b, s:{s:{s:o}}}", "required", 1, "content",
                         "application/json", "schema",
                         r->request_schema
                             ? schema_ref(r->request_schema)
                             : json_pack("{s:s}", "type", "object"));
    if (r->body == BODY_CSV)
        return json_pack(
            "{s:b, s:s, s:{s:{s:{s:s}}}}", "required", 1, "description",
            "UTF-8 CSV (RFC 4180) whose first line names the columns; the "
            "columns are listed in docs/registry.md.",
            "content", "text/csv", "schema", "type", "string");
    return NULL;
}

static json_t *success_response(const http_route *r)
{
    const char *what = r->success == 201   ? "Created: the stored record."
                       : r->success == 204 ? "Done; no content."
                                           : "OK.";
    json_t *resp = json_pack("{s:s}", "description", what);
    if (r->produces) {
        json_t *content = json_object();
        for (size_t i = 0; r->produces[i]; i++)
            json_object_set_new(content, r->produces[i],
                                json_pack("{s:{s:s, s:s}}", "schema", "type",
                                          "string", "format", "binary"));
        json_object_set_new(resp, "content", content);
    } else if (r->success != 204 && r->response_schema)
        json_object_set_new(resp, "content",
                            json_pack("{s:{s:o}}", "application/json",
                                      "schema",
                                      schema_ref(r->response_schema)));
    return resp;
}

static json_t *responses(const http_route *r)
{
    json_t *out = json_object();
    char key[8];
    snprintf(key, sizeof key, "%d", r->success);
    json_object_set_new(out, key, success_response(r));
    unsigned set = error_set(r);
    for (int e = 0; e < E_COUNT; e++) {
        if (!(set & EBIT(e)))
            continue;
        snprintf(key, sizeof key, "%d", error_status[e]);
        json_object_set_new(out, key, error_response(r, e));
    }
    return out;
}

static json_t *operation(const http_route *r)
{
    char id[OPERATION_ID_MAX];
    operation_id(r, id, sizeof id);
    json_t *op = json_pack("{s:s, s:s, s:o, s:[s], s:o, s:o}", "operationId",
                           id, "summary", r->summary, "description",
                           who_may(r), "tags", r->tag, "x-serai-roles",
                           role_names(r->roles), "security", security_of(r));
    json_t *params = parameters(r);
    if (json_array_size(params))
        json_object_set_new(op, "parameters", params);
    else
        json_decref(params);
    json_t *body = request_body(r);
    if (body)
        json_object_set_new(op, "requestBody", body);
    json_object_set_new(op, "responses", responses(r));
    return op;
}

/* ---- the document ---- */

static json_t *info(void)
{
    return json_pack(
        "{s:s, s:s, s:s, s:{s:s, s:s}}", "title", "serai API", "version",
        OPENAPI_API_VERSION, "description",
        "The HTTP API of serai, the operating platform of a multilateral "
        "science-and-technology cooperation organisation. Bodies are JSON; "
        "errors are RFC 9457 problem details (application/problem+json) "
        "whose `pointer` or `parameter` names the field at fault; lists are "
        "pages of {items, next} walked with ?cursor=. Send the token from "
        "POST /api/v1/auth/login or `serai token create` as "
        "Authorization: Bearer <token>. `x-serai-roles` on each operation "
        "lists the roles allowed. Conventions and limits: docs/api.md.",
        "license", "name", "Proprietary", "identifier",
        "LicenseRef-serai-proprietary");
}

static json_t *tag_list(void)
{
    json_t *tags = json_array();
    for (size_t i = 0; i < http_route_count; i++) {
        const char *tag = http_routes[i].tag;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(http_routes[j].tag, tag) == 0;
        if (seen)
            continue;
        json_t *t = json_pack("{s:s}", "name", tag);
        const char *description = tag_description(tag);
        if (description)
            json_object_set_new(t, "description", json_string(description));
        json_array_append_new(tags, t);
    }
    return tags;
}

static json_t *components(void)
{
    json_t *schemas =
        json_loads(openapi_schemas_json, JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object(schemas)) {
        /* Only a broken openapi_schemas.json gets here; test_openapi
         * fails on the unresolved references that follow. */
        json_decref(schemas);
        schemas = json_object();
    }
    return json_pack("{s:o, s:{s:{s:s, s:s, s:s}}}", "schemas", schemas,
                     "securitySchemes", "bearerAuth", "type", "http",
                     "scheme", "bearer", "description",
                     "A session token (srs_...) from POST /api/v1/auth/login, "
                     "or an API token (srt_...) from POST /api/v1/tokens or "
                     "`serai token create`.");
}

json_t *http_openapi(void)
{
    json_t *paths = json_object();
    for (size_t i = 0; i < http_route_count; i++) {
        const http_route *r = &http_routes[i];
        json_t *item = json_object_get(paths, r->path);
        if (item == NULL) {
            item = json_object();
            json_object_set_new(paths, r->path, item);
        }
        char method[16];
        size_t n = 0;
        for (; r->method[n] && n + 1 < sizeof method; n++)
            method[n] = (char)tolower((unsigned char)r->method[n]);
        method[n] = '\0';
        json_object_set_new(item, method, operation(r));
    }
    return json_pack("{s:s, s:o, s:[{s:s}], s:o, s:[{s:[]}], s:o, s:o}",
                     "openapi", OPENAPI_VERSION, "info", info(), "servers",
                     "url", "/", "tags", tag_list(), "security", "bearerAuth",
                     "paths", paths, "components", components());
}
