/*
 * routes.c -- the route table: every method, path, handler and the roles
 * allowed, in one place.  The OpenAPI document (openapi.c) and the
 * role-by-route test are generated from this table, so they cannot drift
 * from what the server does.
 *
 * Handlers read the request, call one library function and return its
 * JSON.  Authorisation per route is the `roles` column; authorisation per
 * object (whose person record, whose proposal) is the library's.
 */
#include <string.h>

#include "agenda/agenda.h"
#include "exchange/completion.h"
#include "exchange/event.h"
#include "exchange/market.h"
#include "exchange/platform.h"
#include "exchange/search.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "core/json.h"
#include "core/page.h"
#include "core/clock.h"
#include "http/http.h"
#include "project/call.h"
#include "project/proposal.h"
#include "decision/decision.h"
#include "fund/fund.h"
#include "fund/fund_export.h"
#include "fund/ledger_json.h"
#include "fund/ledger_store.h"
#include "review/pool.h"
#include "review/review.h"
#include "registry/member.h"
#include "registry/org.h"
#include "registry/person.h"

/* The id in path segment i; ENOTFOUND when it is not one. */
static serai_code path_id(http_req *req, int i, int64_t *id, serai_err *err)
{
    if (!parse_id(req->params[i], id))
        return serai_fail(err, SERAI_ENOTFOUND, NULL,
                          "\"%.40s\" is not an id", req->params[i]);
    return SERAI_OK;
}

static serai_code page_of(http_req *req, page *pg, serai_err *err)
{
    return page_parse(http_query(req, "limit"), http_query(req, "cursor"), pg,
                      err);
}

/* ---- meta ---- */

static serai_code get_health(http_req *req, http_resp *resp, serai_err *err)
{
    serai_code rc = store_ping(req->db, err);
    if (rc != SERAI_OK)
        return rc;
    resp->json = json_pack("{s:s, s:s, s:i}", "status", "ok", "database",
                           store_backend_name(req->db), "schema_version",
                           store_schema_version(req->db));
    return SERAI_OK;
}

static serai_code get_openapi(http_req *req, http_resp *resp, serai_err *err)
{
    (void)req;
    (void)err;
    resp->json = http_openapi();
    return SERAI_OK;
}

/* ---- auth ---- */

static serai_code post_login(http_req *req, http_resp *resp, serai_err *err)
{
    static const char *const fields[] = {"email", "password", NULL};
    const char *email, *password;
    serai_code rc;
    if ((rc = json_only_keys(req->json, fields, "", err)) ||
        (rc = json_get_string(req->json, "email", true, 254, "", &email, err)) ||
        (rc = json_get_string(req->json, "password", true, 1024, "", &password,
                              err)))
        return rc;
    return auth_login(req->db, email, password, &resp->json, err);
}

static serai_code post_logout(http_req *req, http_resp *resp, serai_err *err)
{
    (void)resp;
    return auth_logout(req->db, req->token, err);
}

static serai_code get_me(http_req *req, http_resp *resp, serai_err *err)
{
    return account_get(req->db, req->who.account_id, &resp->json, err);
}

static serai_code post_token(http_req *req, http_resp *resp, serai_err *err)
{
    static const char *const fields[] = {"email", "label", "days", NULL};
    const char *email, *label;
    int64_t days = AUTH_API_TOKEN_DAYS_DEFAULT;
    serai_code rc;
    if ((rc = json_only_keys(req->json, fields, "", err)) ||
        (rc = json_get_string(req->json, "email", true, 254, "", &email, err)) ||
        (rc = json_get_string(req->json, "label", false, 100, "", &label, err)) ||
        (rc = json_get_int(req->json, "days", false, 1, AUTH_API_TOKEN_DAYS_MAX,
                           "", &days, NULL, err)))
        return rc;
    return auth_token_create(req->db, &req->who, email, label, (int)days,
                             &resp->json, err);
}

static serai_code get_accounts(http_req *req, http_resp *resp, serai_err *err)
{
    page pg;
    serai_code rc = page_of(req, &pg, err);
    return rc ? rc : account_list(req->db, &req->who, &pg, &resp->json, err);
}

static serai_code post_account(http_req *req, http_resp *resp, serai_err *err)
{
    return account_create(req->db, &req->who, req->json, &resp->json, err);
}

/* ---- countries, currencies, members ---- */

static serai_code get_countries(http_req *req, http_resp *resp, serai_err *err)
{
    country_filter f = {http_query(req, "region"), http_query(req, "status")};
    return country_list(req->db, &f, &resp->json, err);
}

static serai_code get_country(http_req *req, http_resp *resp, serai_err *err)
{
    return country_get(req->db, req->params[0], &resp->json, err);
}

static serai_code get_currencies(http_req *req, http_resp *resp, serai_err *err)
{
    (void)req;
    (void)err;
    resp->json = currency_list();
    return SERAI_OK;
}

static serai_code get_members(http_req *req, http_resp *resp, serai_err *err)
{
    member_filter f = {http_query(req, "kind"), http_query(req, "status"), {0, 0}};
    serai_code rc = page_of(req, &f.page, err);
    return rc ? rc : member_list(req->db, &f, &resp->json, err);
}

static serai_code get_member(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : member_get(req->db, id, &resp->json, err);
}

static serai_code post_member(http_req *req, http_resp *resp, serai_err *err)
{
    return member_create(req->db, &req->who, req->json, &resp->json, err);
}

static serai_code patch_member(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : member_update(req->db, &req->who, id, req->json,
                                   &resp->json, err);
}

/* ---- organisations ---- */

static serai_code get_orgs(http_req *req, http_resp *resp, serai_err *err)
{
    org_filter f = {http_query(req, "country"), http_query(req, "type"),
                    http_query(req, "q"), {0, 0}};
    serai_code rc = page_of(req, &f.page, err);
    return rc ? rc : org_list_text(req->db, &req->who, &f, &resp->text,
                                   &resp->text_len, err);
}

static serai_code get_org(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : org_get_text(req->db, &req->who, id, &resp->text,
                                  &resp->text_len, err);
}

static serai_code post_org(http_req *req, http_resp *resp, serai_err *err)
{
    return org_create(req->db, &req->who, req->json, &resp->json, err);
}

static serai_code patch_org(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : org_update(req->db, &req->who, id, req->json, &resp->json,
                                err);
}

/* An import's report goes back with the error as well as on success, so
 * that a refused file lists every bad row. */
typedef serai_code (*import_fn)(store *, const actor *, const char *, size_t,
                                import_report *, import_progress_fn, void *,
                                serai_err *);

static serai_code run_import(http_req *req, http_resp *resp, serai_err *err,
                             import_fn fn)
{
    import_report rep;
    serai_code rc = fn(req->db, &req->who, req->body, req->body_len, &rep, NULL,
                       NULL, err);
    json_t *report = import_report_json(&rep);
    import_report_free(&rep);
    if (rc == SERAI_EUNPROCESSABLE && rep.total_errors) {
        /* 422 with the report as the problem's extension member. */
        json_t *p = http_problem(err, 422, req->request_id);
        json_object_set_new(p, "report", report);
        resp->status = 422;
        resp->json = p;
        resp->problem = true;
        return SERAI_OK;
    }
    if (rc != SERAI_OK) {
        json_decref(report);
        return rc;
    }
    resp->json = report;
    return SERAI_OK;
}

static serai_code post_org_import(http_req *req, http_resp *resp, serai_err *err)
{
    return run_import(req, resp, err, org_import_csv);
}

/* ---- partner search ---- */

static serai_code get_search(http_req *req, http_resp *resp, serai_err *err)
{
    search_request r = {.q = http_query(req, "q"),
                        .country = http_query(req, "country"),
                        .region = http_query(req, "region"),
                        .type = http_query(req, "type"),
                        .kind = http_query(req, "kind")};
    const char *sme = http_query(req, "sme");
    if (sme && strcmp(sme, "true") != 0 && strcmp(sme, "false") != 0)
        return serai_fail(err, SERAI_EINVAL, "?sme", "sme must be true or false");
    r.sme = sme && strcmp(sme, "true") == 0;
    const char *platform = http_query(req, "platform_id");
    if (platform && !parse_id(platform, &r.platform_id))
        return serai_fail(err, SERAI_EINVAL, "?platform_id",
                          "platform_id must be an id");
    serai_code rc = page_of(req, &r.page, err);
    return rc ? rc : search_query(req->db, &req->who, &r, &resp->json, err);
}

/* ---- people ---- */

static serai_code get_people(http_req *req, http_resp *resp, serai_err *err)
{
    person_filter f = {http_query(req, "country"), 0, http_query(req, "q"),
                       {0, 0}};
    const char *org = http_query(req, "organization_id");
    if (org && !parse_id(org, &f.organization_id))
        return serai_fail(err, SERAI_EINVAL, "?organization_id",
                          "organization_id must be an id");
    serai_code rc = page_of(req, &f.page, err);
    return rc ? rc : person_list(req->db, &req->who, &f, &resp->json, err);
}

static serai_code get_person(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : person_get(req->db, &req->who, id, &resp->json, err);
}

static serai_code post_person(http_req *req, http_resp *resp, serai_err *err)
{
    return person_create(req->db, &req->who, req->json, &resp->json, err);
}

static serai_code patch_person(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : person_update(req->db, &req->who, id, req->json,
                                   &resp->json, err);
}

static serai_code post_person_import(http_req *req, http_resp *resp,
                                     serai_err *err)
{
    return run_import(req, resp, err, person_import_csv);
}

/* ---- audit ---- */

static serai_code get_audit(http_req *req, http_resp *resp, serai_err *err)
{
    page pg;
    serai_code rc = page_of(req, &pg, err);
    return rc ? rc : audit_list(req->db, pg.after, pg.limit, &resp->json, err);
}

static serai_code get_audit_verify(http_req *req, http_resp *resp,
                                   serai_err *err)
{
    audit_report rep;
    serai_code rc = audit_verify(req->db, &rep, err);
    if (rc != SERAI_OK)
        return rc;
    resp->json = json_pack("{s:b, s:I, s:o, s:o}", "intact", rep.first_bad == 0,
                           "checked", (json_int_t)rep.checked, "first_bad",
                           rep.first_bad ? json_integer(rep.first_bad)
                                         : json_null(),
                           "reason", rep.first_bad ? json_string(rep.reason)
                                                   : json_null());
    return SERAI_OK;
}


/* ---- calls ---- */

/* A positive integer query parameter (0 when absent). */
static serai_code query_id(http_req *req, const char *name, int64_t *out,
                           serai_err *err)
{
    const char *v = http_query(req, name);
    *out = 0;
    if (v && !parse_id(v, out)) {
        char field[48];
        snprintf(field, sizeof field, "?%s", name);
        return serai_fail(err, SERAI_EINVAL, field, "%s must be an id", name);
    }
    return SERAI_OK;
}

static serai_code get_calls(http_req *req, http_resp *resp, serai_err *err)
{
    call_filter f = {http_query(req, "status"), http_query(req, "programme"),
                     {0, 0}};
    serai_code rc = page_of(req, &f.page, err);
    return rc ? rc : call_list(req->db, &req->who, &f, &resp->json, err);
}

static serai_code post_call(http_req *req, http_resp *resp, serai_err *err)
{
    return call_create(req->db, &req->who, req->json, &resp->json, err);
}

static serai_code get_call(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : call_get(req->db, &req->who, id, &resp->json, err);
}

static serai_code patch_call(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : call_update(req->db, &req->who, id, req->json, &resp->json, err);
}

static serai_code move_call(http_req *req, http_resp *resp, const char *to,
                            serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : call_transition(req->db, &req->who, id, to, &resp->json, err);
}

static serai_code post_call_open(http_req *req, http_resp *resp, serai_err *err)
{
    return move_call(req, resp, "open", err);
}

static serai_code post_call_close(http_req *req, http_resp *resp, serai_err *err)
{
    return move_call(req, resp, "closed", err);
}

static serai_code post_call_evaluation(http_req *req, http_resp *resp,
                                       serai_err *err)
{
    return move_call(req, resp, "in_evaluation", err);
}

static serai_code post_call_decision(http_req *req, http_resp *resp,
                                     serai_err *err)
{
    return move_call(req, resp, "decided", err);
}

static serai_code get_call_rules(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : call_rules_get(req->db, &req->who, id, 0, &resp->json, err);
}

static serai_code get_call_rules_version(http_req *req, http_resp *resp,
                                         serai_err *err)
{
    int64_t id, version;
    serai_code rc = path_id(req, 0, &id, err);
    if (rc == SERAI_OK)
        rc = path_id(req, 1, &version, err);
    if (rc == SERAI_OK && version > 1000000)
        rc = serai_fail(err, SERAI_ENOTFOUND, NULL, "no rule set version %s",
                        req->params[1]);
    return rc ? rc : call_rules_get(req->db, &req->who, id, (int)version,
                                    &resp->json, err);
}

static serai_code get_call_export(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    if (rc)
        return rc;
    const char *format = http_query(req, "format");
    const char *sheet = http_query(req, "sheet");
    bool xlsx = format && strcmp(format, "xlsx") == 0;
    rc = proposal_export(req->db, &req->who, id, format, sheet, &resp->bytes,
                         &resp->bytes_len, err);
    if (rc)
        return rc;
    resp->bytes_type = xlsx ? "application/vnd.openxmlformats-officedocument."
                              "spreadsheetml.sheet"
                            : "text/csv; charset=utf-8";
    resp->filename = arena_printf(req->mem, "call-%s-%s.%s", req->params[0],
                                  xlsx ? "proposals" : sheet ? sheet : "proposals",
                                  xlsx ? "xlsx" : "csv");
    return SERAI_OK;
}

/* ---- proposals ---- */

static serai_code get_proposals(http_req *req, http_resp *resp, serai_err *err)
{
    proposal_filter f = {0, http_query(req, "status"), 0, {0, 0}};
    serai_code rc;
    if ((rc = page_of(req, &f.page, err)) ||
        (rc = query_id(req, "call_id", &f.call_id, err)) ||
        (rc = query_id(req, "funder_id", &f.funder_id, err)))
        return rc;
    return proposal_list(req->db, &req->who, &f, &resp->json, err);
}

static serai_code post_proposal(http_req *req, http_resp *resp, serai_err *err)
{
    return proposal_create(req->db, &req->who, req->json, clock_now(),
                           &resp->json, err);
}

static serai_code get_proposal(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : proposal_get(req->db, &req->who, id, &resp->json, err);
}

static serai_code patch_proposal(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : proposal_update(req->db, &req->who, id, req->json,
                                     clock_now(), &resp->json, err);
}

static serai_code post_proposal_submit(http_req *req, http_resp *resp,
                                       serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : proposal_submit(req->db, &req->who, id, clock_now(),
                                     &resp->json, err);
}

static serai_code post_proposal_withdraw(http_req *req, http_resp *resp,
                                         serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : proposal_withdraw(req->db, &req->who, id, clock_now(),
                                       &resp->json, err);
}

static serai_code post_proposal_invite(http_req *req, http_resp *resp,
                                       serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : proposal_invite(req->db, &req->who, id, clock_now(),
                                     &resp->json, err);
}

static serai_code get_proposal_eligibility(http_req *req, http_resp *resp,
                                           serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : proposal_check(req->db, &req->who, id, clock_now(),
                                    &resp->json, err);
}

static serai_code post_commitment(http_req *req, http_resp *resp, serai_err *err)
{
    static const char *const fields[] = {"signed_at", NULL};
    int64_t id, seq;
    const char *signed_at;
    serai_code rc;
    if ((rc = path_id(req, 0, &id, err)))
        return rc;
    if (strcmp(req->params[1], "0") == 0)
        seq = 0;
    else if ((rc = path_id(req, 1, &seq, err)))
        return rc;
    if (seq >= 64)
        return serai_fail(err, SERAI_ENOTFOUND, NULL,
                          "proposal %s has no partner %s", req->params[0],
                          req->params[1]);
    if ((rc = json_only_keys(req->json, fields, "", err)) ||
        (rc = json_get_string(req->json, "signed_at", false, 20, "", &signed_at,
                              err)))
        return rc;
    return proposal_commitment(req->db, &req->who, id, (int)seq, signed_at,
                               clock_now(), &resp->json, err);
}


/* ---- review: set-up, pool, conflicts ---- */

static serai_code get_review_setup(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : review_setup_get(req->db, &req->who, id, &resp->json, err);
}

static serai_code put_review_setup(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : review_setup_put(req->db, &req->who, id, req->json,
                                      &resp->json, err);
}

static serai_code get_reviewers(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : reviewer_list(req->db, &req->who, id, &resp->json, err);
}

static serai_code post_reviewer(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : reviewer_invite(req->db, &req->who, id, req->json,
                                     &resp->json, err);
}

static serai_code post_reviewer_accept(http_req *req, http_resp *resp,
                                       serai_err *err)
{
    int64_t id, person;
    serai_code rc = path_id(req, 0, &id, err);
    if (rc == SERAI_OK)
        rc = path_id(req, 1, &person, err);
    return rc ? rc : reviewer_answer(req->db, &req->who, id, person, true, NULL,
                                     &resp->json, err);
}

static serai_code post_reviewer_decline(http_req *req, http_resp *resp,
                                        serai_err *err)
{
    static const char *const fields[] = {"reason", NULL};
    int64_t id, person;
    const char *reason;
    serai_code rc;
    if ((rc = path_id(req, 0, &id, err)) || (rc = path_id(req, 1, &person, err)) ||
        (rc = json_only_keys(req->json, fields, "", err)) ||
        (rc = json_get_text(req->json, "reason", true, REVIEW_REASON_MAX, "",
                            &reason, err)))
        return rc;
    return reviewer_answer(req->db, &req->who, id, person, false, reason,
                           &resp->json, err);
}

static serai_code get_conflicts(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : conflict_list(req->db, &req->who, id, &resp->json, err);
}

static serai_code post_conflict(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : conflict_declare(req->db, &req->who, id, req->json,
                                      &resp->json, err);
}


/* ---- reviews, consensus, ranking ---- */

static serai_code post_assignment(http_req *req, http_resp *resp, serai_err *err)
{
    static const char *const fields[] = {"proposal_id", "person_id", NULL};
    int64_t proposal, person;
    serai_code rc;
    if ((rc = json_only_keys(req->json, fields, "", err)) ||
        (rc = json_get_int(req->json, "proposal_id", true, 1, INT64_MAX, "",
                           &proposal, NULL, err)) ||
        (rc = json_get_int(req->json, "person_id", true, 1, INT64_MAX, "",
                           &person, NULL, err)))
        return rc;
    return review_assign(req->db, &req->who, proposal, person, -1, &resp->json,
                         err);
}

static serai_code post_assignment_run(http_req *req, http_resp *resp,
                                      serai_err *err)
{
    static const char *const fields[] = {"fair", NULL};
    int64_t id;
    serai_code rc;
    if ((rc = path_id(req, 0, &id, err)) ||
        (rc = json_only_keys(req->json, fields, "", err)))
        return rc;
    /* "fair": false (or absent), true or "proposal" (the lowest
     * per-proposal affinity first), "pair" (the lowest pair first). */
    assign_fairness fairness = ASSIGN_FAIR_NONE;
    json_t *fair = json_object_get(req->json, "fair");
    if (json_is_true(fair) ||
        (json_is_string(fair) && strcmp(json_string_value(fair), "proposal") == 0))
        fairness = ASSIGN_FAIR_PROPOSAL;
    else if (json_is_string(fair) && strcmp(json_string_value(fair), "pair") == 0)
        fairness = ASSIGN_FAIR_PAIR;
    else if (fair != NULL && !json_is_false(fair) && !json_is_null(fair))
        return serai_fail(err, SERAI_EINVAL, "/fair",
                          "fair must be true, false, \"proposal\" or \"pair\"");
    return review_assign_run(req->db, &req->who, id, fairness, &resp->json,
                             err);
}

static serai_code get_reviews(http_req *req, http_resp *resp, serai_err *err)
{
    review_filter f = {0, 0, http_query(req, "status"), {0, 0}};
    serai_code rc;
    if ((rc = page_of(req, &f.page, err)) ||
        (rc = query_id(req, "call_id", &f.call_id, err)) ||
        (rc = query_id(req, "proposal_id", &f.proposal_id, err)))
        return rc;
    return review_list(req->db, &req->who, &f, &resp->json, err);
}

static serai_code get_review(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : review_get(req->db, &req->who, id, &resp->json, err);
}

static serai_code post_review_open(http_req *req, http_resp *resp, serai_err *err)
{
    static const char *const fields[] = {"conflict", "reason", NULL};
    int64_t id;
    bool conflict;
    const char *reason;
    serai_code rc;
    if ((rc = path_id(req, 0, &id, err)) ||
        (rc = json_only_keys(req->json, fields, "", err)) ||
        (rc = json_get_bool(req->json, "conflict", true, "", &conflict, NULL,
                            err)) ||
        (rc = json_get_text(req->json, "reason", false, REVIEW_REASON_MAX, "",
                            &reason, err)))
        return rc;
    return review_open(req->db, &req->who, id, conflict, reason, &resp->json, err);
}

static serai_code patch_review(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : review_save(req->db, &req->who, id, req->json, &resp->json,
                                 err);
}

static serai_code post_review_submit(http_req *req, http_resp *resp,
                                     serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : review_submit(req->db, &req->who, id, &resp->json, err);
}

static serai_code put_consensus(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : consensus_set(req->db, &req->who, id, req->json, &resp->json,
                                   err);
}

static serai_code get_ranking(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : ranking_get(req->db, &req->who, id, &resp->json, err);
}


/* ---- funding decisions and grants ---- */

#define BY_ID_HANDLER(name, fn)                                                   \
    static serai_code name(http_req *req, http_resp *resp, serai_err *err)        \
    {                                                                             \
        int64_t id;                                                               \
        serai_code rc = path_id(req, 0, &id, err);                                \
        return rc ? rc : fn(req->db, &req->who, id, req->json, &resp->json, err); \
    }
BY_ID_HANDLER(post_selection, decision_select)
BY_ID_HANDLER(post_selection_compare, decision_compare)
BY_ID_HANDLER(post_selection_whatif, decision_whatif)
BY_ID_HANDLER(put_project_start, decision_start)
BY_ID_HANDLER(post_awards, award_create)
BY_ID_HANDLER(post_award_milestone, award_milestone_add)
BY_ID_HANDLER(post_milestone_done, award_milestone_done)
BY_ID_HANDLER(post_award_cofunding, award_cofunding_add)

/* ---- the issue-setting model ---- */

BY_ID_HANDLER(put_agenda_members, agenda_members_set)
BY_ID_HANDLER(post_agenda_phase, agenda_phase_set)
BY_ID_HANDLER(post_agenda_issue, agenda_issue_create)
BY_ID_HANDLER(post_agenda_support, agenda_issue_support)
BY_ID_HANDLER(post_agenda_comment, agenda_comment_add)
BY_ID_HANDLER(post_agenda_amendment, agenda_amendment_add)
BY_ID_HANDLER(post_agenda_amendment_decision, agenda_amendment_decide)
BY_ID_HANDLER(post_agenda_ballot, agenda_ballot_cast)
BY_ID_HANDLER(post_agenda_link, agenda_link_add)

/* ---- events and brokerage (more below) ---- */

BY_ID_HANDLER(patch_event, event_update)
BY_ID_HANDLER(post_event_room, event_room_add)
BY_ID_HANDLER(post_event_session, event_session_add)
BY_ID_HANDLER(post_event_registration, event_register)
BY_ID_HANDLER(post_registration_cancel, event_registration_cancel)
BY_ID_HANDLER(post_registration_attend, event_registration_attend)
BY_ID_HANDLER(post_event_slots, event_slots_add)
BY_ID_HANDLER(put_event_unavailable, event_unavailable_set)
BY_ID_HANDLER(post_event_meeting, event_meeting_request)
BY_ID_HANDLER(post_meeting_accept, event_meeting_accept)
BY_ID_HANDLER(post_meeting_decline, event_meeting_decline)
BY_ID_HANDLER(post_event_schedule, event_schedule)
#undef BY_ID_HANDLER

/* The same for a read (or a body-less step) of the object with the id. */
#define GET_BY_ID_HANDLER(name, fn)                                               \
    static serai_code name(http_req *req, http_resp *resp, serai_err *err)        \
    {                                                                             \
        int64_t id;                                                               \
        serai_code rc = path_id(req, 0, &id, err);                                \
        return rc ? rc : fn(req->db, &req->who, id, &resp->json, err);            \
    }
GET_BY_ID_HANDLER(get_agenda_process, agenda_process_get)
GET_BY_ID_HANDLER(get_agenda_ballots, agenda_ballot_list)
GET_BY_ID_HANDLER(delete_agenda_ballot, agenda_ballot_withdraw)
GET_BY_ID_HANDLER(get_agenda_tally, agenda_tally)
GET_BY_ID_HANDLER(get_event, event_get)
GET_BY_ID_HANDLER(get_event_timetable, event_timetable)
GET_BY_ID_HANDLER(get_event_participants, event_participants)
GET_BY_ID_HANDLER(get_registration, event_registration_get)
GET_BY_ID_HANDLER(get_event_slots, event_slots)
#undef GET_BY_ID_HANDLER

static serai_code get_agenda_processes(http_req *req, http_resp *resp,
                                       serai_err *err)
{
    return agenda_process_list(req->db, &req->who, &resp->json, err);
}

static serai_code post_agenda_process(http_req *req, http_resp *resp,
                                      serai_err *err)
{
    return agenda_process_create(req->db, &req->who, req->json, &resp->json, err);
}

static serai_code get_agenda_issues(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : agenda_issue_list(req->db, &req->who, id, http_query(req, "status"),
                                       http_query(req, "lang"), &resp->json, err);
}

static serai_code get_agenda_issue(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : agenda_issue_get(req->db, &req->who, id, http_query(req, "lang"),
                                      &resp->json, err);
}

static serai_code get_agenda_adopted(http_req *req, http_resp *resp,
                                     serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : agenda_adopted(req->db, &req->who, id,
                                    http_query(req, "lang"), &resp->json, err);
}

static serai_code get_selection(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : decision_get(req->db, &req->who, id, &resp->json, err);
}

static serai_code get_selection_run(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : decision_run_get(req->db, &req->who, id, &resp->json, err);
}

static serai_code post_decision(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id, funder;
    serai_code rc = path_id(req, 0, &id, err);
    if (rc == SERAI_OK)
        rc = path_id(req, 1, &funder, err);
    return rc ? rc : decision_set(req->db, &req->who, id, funder, req->json,
                                  &resp->json, err);
}

static serai_code get_award(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : award_get(req->db, &req->who, id, &resp->json, err);
}

static serai_code get_awards(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : award_list(req->db, &req->who, id, &resp->json, err);
}

static serai_code post_award_report(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : award_report_submit(req->db, &req->who, id, req->params[1],
                                         req->json, &resp->json, err);
}

static serai_code post_award_report_accept(http_req *req, http_resp *resp,
                                           serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : award_report_accept(req->db, &req->who, id, req->params[1],
                                         req->json, &resp->json, err);
}

static serai_code post_tranche_pay(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id, seq;
    serai_code rc = path_id(req, 0, &id, err);
    if (rc == SERAI_OK)
        rc = path_id(req, 1, &seq, err);
    return rc ? rc : award_tranche_pay(req->db, &req->who, id, seq, req->json,
                                       &resp->json, err);
}

/* ---- funds ---- */

static serai_code get_funds(http_req *req, http_resp *resp, serai_err *err)
{
    return fund_list(req->db, &req->who, &resp->json, err);
}

static serai_code post_fund(http_req *req, http_resp *resp, serai_err *err)
{
    return fund_create(req->db, &req->who, req->json, &resp->json, err);
}

static serai_code get_fund(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : fund_get(req->db, &req->who, id, &resp->json, err);
}

static serai_code get_fund_position(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    if (rc == SERAI_OK) {
        rc = fund_position(req->db, &req->who, id, http_query(req, "day"),
                           &resp->json, err);
        if (rc == SERAI_EINVAL && strcmp(err->field, "/day") == 0)
            snprintf(err->field, sizeof err->field, "?day");
    }
    return rc;
}

static serai_code get_fund_flows(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : fund_flows(req->db, &req->who, id, &resp->json, err);
}

static serai_code get_fund_statement(http_req *req, http_resp *resp,
                                     serai_err *err)
{
    int64_t id, org;
    serai_code rc = path_id(req, 0, &id, err);
    if (rc == SERAI_OK)
        rc = query_id(req, "org_id", &org, err);
    if (rc == SERAI_OK && org == 0)
        rc = serai_fail(err, SERAI_EINVAL, "?org_id",
                        "org_id names the contributor whose statement it is");
    return rc ? rc : fund_statement(req->db, &req->who, id, org, &resp->json, err);
}

static serai_code get_fund_export(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    if (rc)
        return rc;
    const char *format = http_query(req, "format");
    if (format == NULL)
        return serai_fail(err, SERAI_EINVAL, "?format",
                          "format is one of iati, iati-org, 360giving, csv, xlsx");
    const char *ext;
    if (strcmp(format, "csv") == 0 || strcmp(format, "xlsx") == 0) {
        const char *tab = http_query(req, "tab");
        rc = fund_sheet(req->db, &req->who, id, format, tab, &resp->bytes,
                        &resp->bytes_len, err);
        if (rc == SERAI_EINVAL && strcmp(err->field, "/tab") == 0)
            snprintf(err->field, sizeof err->field, "?tab"); /* a query parameter */
        bool xlsx = format[0] == 'x';
        resp->bytes_type = xlsx ? "application/vnd.openxmlformats-officedocument."
                                  "spreadsheetml.sheet"
                                : "text/csv; charset=utf-8";
        ext = xlsx ? "xlsx" : tab ? tab : "transactions";
        resp->filename = arena_printf(req->mem, "fund-%s-%s%s", req->params[0],
                                      xlsx ? "statements." : "", xlsx ? "xlsx"
                                      : arena_printf(req->mem, "%s.csv", ext));
        return rc;
    }
    bool iati = strcmp(format, "iati") == 0, org = strcmp(format, "iati-org") == 0;
    if (!iati && !org && strcmp(format, "360giving") != 0)
        return serai_fail(err, SERAI_EINVAL, "?format",
                          "format is one of iati, iati-org, 360giving, csv, xlsx");
    fund_export_data d;
    if ((rc = fund_export_load(req->db, &req->who, id, &d, err)) != SERAI_OK)
        return rc;
    rc = iati ? fund_export_iati_activities(&d, &resp->bytes, &resp->bytes_len, err)
         : org ? fund_export_iati_organisation(&d, &resp->bytes, &resp->bytes_len, err)
               : fund_export_360giving(&d, &resp->bytes, &resp->bytes_len, err);
    fund_export_free(&d);
    resp->bytes_type = iati || org ? "application/xml" : "application/json";
    resp->filename = arena_printf(req->mem, "fund-%s-%s.%s", req->params[0], format,
                                  iati || org ? "xml" : "json");
    return rc;
}

static serai_code post_contribution(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : fund_pledge(req->db, &req->who, id, req->json, &resp->json, err);
}

static serai_code get_contribution(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : fund_contribution_get(req->db, &req->who, id, &resp->json, err);
}

#define FUND_STEP_HANDLER(name, fn)                                               \
    static serai_code name(http_req *req, http_resp *resp, serai_err *err)        \
    {                                                                             \
        int64_t id;                                                               \
        serai_code rc = path_id(req, 0, &id, err);                                \
        return rc ? rc : fn(req->db, &req->who, id, req->json, &resp->json, err); \
    }
FUND_STEP_HANDLER(post_contribution_sign, fund_sign)
FUND_STEP_HANDLER(post_contribution_receive, fund_receive)
FUND_STEP_HANDLER(post_contribution_encash, fund_encash)
FUND_STEP_HANDLER(post_contribution_cancel, fund_cancel_pledge)
FUND_STEP_HANDLER(post_fund_commitment, fund_commit)
FUND_STEP_HANDLER(post_commitment_disburse, fund_disburse)
FUND_STEP_HANDLER(post_commitment_return, fund_return)
FUND_STEP_HANDLER(post_commitment_decommit, fund_decommit)
#undef FUND_STEP_HANDLER

static serai_code get_commitment(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : fund_commitment_get(req->db, &req->who, id, &resp->json, err);
}

static serai_code post_ledger_rate(http_req *req, http_resp *resp, serai_err *err)
{
    static const char *const fields[] = {"base", "quote", "date", "rate", NULL};
    const char *base, *quote, *day, *rate;
    serai_code rc = json_only_keys(req->json, fields, "", err);
    if (rc == SERAI_OK)
        rc = json_get_string(req->json, "base", true, 3, "", &base, err);
    if (rc == SERAI_OK)
        rc = json_get_string(req->json, "quote", true, 3, "", &quote, err);
    if (rc == SERAI_OK)
        rc = json_get_string(req->json, "date", true, 10, "", &day, err);
    if (rc == SERAI_OK)
        rc = json_get_string(req->json, "rate", true, 31, "", &rate, err);
    if (rc)
        return rc;
    ledger_rate r;
    memset(&r, 0, sizeof r);
    snprintf(r.base, sizeof r.base, "%s", base);
    snprintf(r.quote, sizeof r.quote, "%s", quote);
    snprintf(r.date, sizeof r.date, "%s", day);
    snprintf(r.rate, sizeof r.rate, "%s", rate);
    if ((rc = ledger_store_rate_put(req->db, &r, err)) != SERAI_OK)
        return rc;
    resp->json = json_pack("{s:s, s:s, s:s, s:s}", "base", r.base, "quote", r.quote,
                           "date", r.date, "rate", r.rate);
    return SERAI_OK;
}

/* ---- the ledger ---- */

static serai_code post_ledger_accounts(http_req *req, http_resp *resp,
                                       serai_err *err)
{
    static const char *const fields[] = {"accounts", NULL};
    serai_code rc = json_only_keys(req->json, fields, "", err);
    return rc ? rc : ledger_accounts_post(req->db, &req->who,
                                          json_object_get(req->json, "accounts"),
                                          clock_now(), &resp->json, err);
}

static serai_code post_ledger_transfers(http_req *req, http_resp *resp,
                                        serai_err *err)
{
    static const char *const fields[] = {"transfers", NULL};
    serai_code rc = json_only_keys(req->json, fields, "", err);
    return rc ? rc : ledger_transfers_post(req->db, &req->who,
                                           json_object_get(req->json, "transfers"),
                                           clock_now(), &resp->json, err);
}

static serai_code get_ledger_account(http_req *req, http_resp *resp,
                                     serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : ledger_account_get(req->db, &req->who, id, &resp->json, err);
}

static serai_code get_ledger_transfer(http_req *req, http_resp *resp,
                                      serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : ledger_transfer_get(req->db, &req->who, id, &resp->json, err);
}

/* ---- platforms (exchange/platform.h) ---- */

static serai_code get_platforms(http_req *req, http_resp *resp, serai_err *err)
{
    page pg;
    serai_code rc = page_of(req, &pg, err);
    return rc ? rc : platform_list(req->db, &req->who, &pg, http_query(req, "kind"),
                                   &resp->json, err);
}

static serai_code post_platform(http_req *req, http_resp *resp, serai_err *err)
{
    return platform_create(req->db, &req->who, req->json, &resp->json, err);
}

#define PLATFORM_HANDLER(name, call)                                              \
    static serai_code name(http_req *req, http_resp *resp, serai_err *err)        \
    {                                                                             \
        int64_t id;                                                               \
        serai_code rc = path_id(req, 0, &id, err);                                \
        return rc ? rc : call;                                                    \
    }
PLATFORM_HANDLER(get_platform, platform_get(req->db, &req->who, id, &resp->json, err))
PLATFORM_HANDLER(get_platform_composition,
                 platform_composition(req->db, &req->who, id, &resp->json, err))
PLATFORM_HANDLER(put_platform_rules, platform_rules_set(req->db, &req->who, id, req->json,
                                                        &resp->json, err))
PLATFORM_HANDLER(post_platform_member, platform_member_add(req->db, &req->who, id,
                                                           req->json, &resp->json, err))
PLATFORM_HANDLER(post_platform_group, platform_group_create(req->db, &req->who, id,
                                                            req->json, &resp->json, err))
#undef PLATFORM_HANDLER

static serai_code patch_platform_member(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id, member;
    serai_code rc = path_id(req, 0, &id, err);
    if (rc == SERAI_OK)
        rc = path_id(req, 1, &member, err);
    return rc ? rc : platform_member_update(req->db, &req->who, id, member, req->json,
                                            &resp->json, err);
}

static serai_code delete_platform_member(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id, member;
    serai_code rc = path_id(req, 0, &id, err);
    if (rc == SERAI_OK)
        rc = path_id(req, 1, &member, err);
    return rc ? rc : platform_member_remove(req->db, &req->who, id, member, &resp->json,
                                            err);
}

/* ---- the table ---- */

#define PUBLIC ROLES_ANY
#define SIGNED_IN ROLES_SIGNED_IN
#define SECRETARIAT ROLE_BIT(ROLE_SECRETARIAT)
#define READERS (ROLE_BIT(ROLE_SECRETARIAT) | ROLE_BIT(ROLE_OBSERVER))

/* ---- exchange: consortium completion, offers and requests ---- */

static serai_code get_suggestions(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    if (rc != SERAI_OK)
        return rc;
    json_t *body = json_object();
    const char *country = http_query(req, "country"), *type = http_query(req, "type"),
               *limit = http_query(req, "limit");
    int64_t n = 0;
    if (limit && !parse_id(limit, &n)) {
        json_decref(body);
        return serai_fail(err, SERAI_EINVAL, "limit", "limit is a whole number above 0");
    }
    if (limit)
        json_object_set_new(body, "limit", json_integer(n));
    if (country)
        json_object_set_new(body, "country", json_string(country));
    if (type)
        json_object_set_new(body, "type", json_string(type));
    rc = completion_suggest(req->db, &req->who, id, clock_now(), body, &resp->json, err);
    json_decref(body);
    return rc;
}

static serai_code get_market(http_req *req, http_resp *resp, serai_err *err)
{
    page pg;
    serai_code rc = page_of(req, &pg, err);
    if (rc != SERAI_OK)
        return rc;
    market_filter f = {.kind = http_query(req, "kind"), .country = http_query(req, "country"),
                       .limit = pg.limit, .after = pg.after};
    const char *call = http_query(req, "call_id"), *all = http_query(req, "include_closed");
    if (call && !parse_id(call, &f.call_id))
        return serai_fail(err, SERAI_EINVAL, "call_id", "call_id is an id");
    if (all && strcmp(all, "true") != 0 && strcmp(all, "false") != 0)
        return serai_fail(err, SERAI_EINVAL, "include_closed", "include_closed is true or false");
    f.include_closed = all && strcmp(all, "true") == 0;
    return market_list(req->db, &req->who, &f, &resp->json, err);
}

static serai_code post_market(http_req *req, http_resp *resp, serai_err *err)
{
    return market_create(req->db, &req->who, req->json, &resp->json, err);
}

static serai_code get_market_item(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    return rc ? rc : market_get(req->db, &req->who, id, &resp->json, err);
}

#define MARKET_HANDLER(name, fn)                                                  \
    static serai_code name(http_req *req, http_resp *resp, serai_err *err)        \
    {                                                                             \
        int64_t id;                                                               \
        serai_code rc = path_id(req, 0, &id, err);                                \
        return rc ? rc : fn(req->db, &req->who, id, req->json, &resp->json, err); \
    }
MARKET_HANDLER(post_market_status, market_set_status)
MARKET_HANDLER(post_market_interest, market_interest_add)
MARKET_HANDLER(post_interest_decision, market_interest_decide)
#undef MARKET_HANDLER

/* ---- events and brokerage ---- */

static serai_code get_events(http_req *req, http_resp *resp, serai_err *err)
{
    return event_list(req->db, &req->who, &resp->json, err);
}

static serai_code post_event(http_req *req, http_resp *resp, serai_err *err)
{
    return event_create(req->db, &req->who, req->json, &resp->json, err);
}

/* ?person_id: that person (0 when absent: the caller's own, or everyone's
 * for the secretariat and observers). */
static serai_code event_person_query(http_req *req, int64_t *person, serai_err *err)
{
    const char *v = http_query(req, "person_id");
    *person = 0;
    if (v && !parse_id(v, person))
        return serai_fail(err, SERAI_EINVAL, "?person_id",
                          "person_id is a person id, not \"%.40s\"", v);
    return SERAI_OK;
}

static serai_code get_event_meetings(http_req *req, http_resp *resp, serai_err *err)
{
    int64_t id, person;
    serai_code rc = path_id(req, 0, &id, err);
    if (rc == SERAI_OK)
        rc = event_person_query(req, &person, err);
    return rc ? rc : event_meetings(req->db, &req->who, id, person, &resp->json, err);
}

/* person -1: the public timetable; else a person's scheduled meetings. */
static serai_code event_calendar(http_req *req, http_resp *resp, int64_t person,
                                 serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    if (rc == SERAI_OK && person >= 0)
        rc = event_person_query(req, &person, err);
    char *text = NULL;
    size_t len = 0;
    if (rc == SERAI_OK)
        rc = event_ical(req->db, &req->who, id, person, &text, &len, err);
    if (rc != SERAI_OK)
        return rc;
    resp->bytes = text; /* malloc'd; the server frees it */
    resp->bytes_len = len;
    resp->bytes_type = "text/calendar; charset=utf-8";
    resp->filename = person < 0 ? arena_printf(req->mem, "event-%s-timetable.ics",
                                               req->params[0])
                                : arena_printf(req->mem, "event-%s-meetings.ics",
                                               req->params[0]);
    return SERAI_OK;
}

static serai_code get_registration_certificate(http_req *req, http_resp *resp,
                                               serai_err *err)
{
    int64_t id;
    serai_code rc = path_id(req, 0, &id, err);
    unsigned char *pdf = NULL;
    size_t len = 0;
    if (rc == SERAI_OK)
        rc = event_certificate(req->db, &req->who, id, &pdf, &len, err);
    if (rc != SERAI_OK)
        return rc;
    resp->bytes = (char *)pdf; /* malloc'd; the server frees it */
    resp->bytes_len = len;
    resp->bytes_type = "application/pdf";
    resp->filename = arena_printf(req->mem, "certificate-%s.pdf", req->params[0]);
    return SERAI_OK;
}

static serai_code get_event_ical(http_req *req, http_resp *resp, serai_err *err)
{
    return event_calendar(req, resp, -1, err);
}

static serai_code get_event_meetings_ical(http_req *req, http_resp *resp, serai_err *err)
{
    return event_calendar(req, resp, 0, err);
}

static const char *const q_page[] = {"limit", "cursor", NULL};
static const char *const q_suggestions[] = {"country", "type", "limit", NULL};
static const char *const q_market[] = {"limit", "cursor", "kind", "country", "call_id",
                                       "include_closed", NULL};
static const char *const q_orgs[] = {"limit", "cursor", "country", "type", "q", NULL};
static const char *const q_search[] = {"q", "country", "region", "type", "sme",
                                       "platform_id", "kind", "limit", "cursor",
                                       NULL};
static const char *const q_people[] = {"limit", "cursor", "country", "q",
                                       "organization_id", NULL};
static const char *const q_members[] = {"limit", "cursor", "kind", "status", NULL};
static const char *const q_countries[] = {"region", "status", NULL};
static const char *const q_calls[] = {"limit", "cursor", "status", "programme",
                                      NULL};
static const char *const q_proposals[] = {"limit", "cursor", "call_id",
                                          "status", "funder_id", NULL};
static const char *const q_reviews[] = {"limit", "cursor", "call_id",
                                        "proposal_id", "status", NULL};
static const char *const q_export[] = {"format", "sheet", NULL};
static const char *const export_types[] = {
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", NULL};

#define APPLICANT ROLE_BIT(ROLE_APPLICANT)
#define FUND_READERS (READERS | ROLE_BIT(ROLE_FUNDER))
static const char *const q_fund_day[] = {"day", NULL};
static const char *const q_fund_statement[] = {"org_id", NULL};
static const char *const q_fund_export[] = {"format", "tab", NULL};
static const char *const fund_export_types[] = {
    "application/xml", "application/json", "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", NULL};
#define PROPOSAL_READERS                                                  \
    (ROLE_BIT(ROLE_SECRETARIAT) | ROLE_BIT(ROLE_FUNDER) |                  \
     ROLE_BIT(ROLE_APPLICANT) | ROLE_BIT(ROLE_OBSERVER))
/* Reviewers read the proposals whose review they have opened. */
#define PROPOSAL_VIEWERS (PROPOSAL_READERS | ROLE_BIT(ROLE_REVIEWER))
#define PROPOSAL_WRITERS (ROLE_BIT(ROLE_SECRETARIAT) | ROLE_BIT(ROLE_APPLICANT))
#define REVIEW_ACTORS (ROLE_BIT(ROLE_SECRETARIAT) | ROLE_BIT(ROLE_REVIEWER))
#define DELEGATE ROLE_BIT(ROLE_DELEGATE)
/* The secretariat acts for any member, a delegate for its own. */
#define AGENDA_ACTORS (SECRETARIAT | DELEGATE)
#define AGENDA_READERS (READERS | DELEGATE)
static const char *const q_agenda_issues[] = {"status", "lang", NULL};
static const char *const q_lang[] = {"lang", NULL};
static const char *const q_platforms[] = {"limit", "cursor", "kind", NULL};

/* Participants act for their own person (applicants and reviewers linked
 * to a person record); the secretariat for anyone; observers read. */
#define EVENT_ACTORS (SECRETARIAT | APPLICANT | ROLE_BIT(ROLE_REVIEWER))
#define EVENT_READERS (READERS | APPLICANT | ROLE_BIT(ROLE_REVIEWER))
static const char *const q_event_person[] = {"person_id", NULL};
static const char *const ical_types[] = {"text/calendar", NULL};
static const char *const pdf_types[] = {"application/pdf", NULL};

const http_route http_routes[] = {
    {"GET", "/healthz", get_health, PUBLIC, BODY_NONE, 200, "meta",
     "Liveness: 200 when the database answers", NULL, NULL, "Health"},
    {"GET", "/api/v1/openapi.json", get_openapi, PUBLIC, BODY_NONE, 200, "meta",
     "This OpenAPI 3.1 document", NULL, NULL, "OpenApiDocument"},

    {"POST", "/api/v1/auth/login", post_login, PUBLIC, BODY_JSON, 200, "auth",
     "Log in with e-mail and password; returns a session token", NULL,
     "LoginRequest", "LoginResponse"},
    {"POST", "/api/v1/auth/logout", post_logout, SIGNED_IN, BODY_NONE, 204,
     "auth", "End the session (or revoke the API token) of this request", NULL,
     NULL, NULL},
    {"GET", "/api/v1/auth/me", get_me, SIGNED_IN, BODY_NONE, 200, "auth",
     "The account behind the token", NULL, NULL, "Account"},
    {"POST", "/api/v1/tokens", post_token, SIGNED_IN, BODY_JSON, 201, "auth",
     "Create a long-lived API token (shown once)", NULL, "TokenRequest",
     "TokenResponse"},
    {"GET", "/api/v1/accounts", get_accounts, SECRETARIAT, BODY_NONE, 200,
     "auth", "List accounts", q_page, NULL, "AccountList"},
    {"POST", "/api/v1/accounts", post_account, SECRETARIAT, BODY_JSON, 201,
     "auth", "Create an account", NULL, "AccountInput", "Account"},

    {"GET", "/api/v1/countries", get_countries, PUBLIC, BODY_NONE, 200,
     "registry", "ISO 3166-1 countries with their membership", q_countries,
     NULL, "CountryList"},
    {"GET", "/api/v1/countries/{code}", get_country, PUBLIC, BODY_NONE, 200,
     "registry", "One country by alpha-2 or alpha-3 code", NULL, NULL,
     "Country"},
    {"GET", "/api/v1/currencies", get_currencies, PUBLIC, BODY_NONE, 200,
     "registry", "Active ISO 4217 currencies with minor units", NULL, NULL,
     "CurrencyList"},

    {"GET", "/api/v1/members", get_members, PUBLIC, BODY_NONE, 200, "registry",
     "Memberships of the organisation", q_members, NULL, "MembershipList"},
    {"POST", "/api/v1/members", post_member, SECRETARIAT, BODY_JSON, 201,
     "registry", "Record a membership", NULL, "MembershipInput", "Membership"},
    {"GET", "/api/v1/members/{id}", get_member, PUBLIC, BODY_NONE, 200,
     "registry", "One membership", NULL, NULL, "Membership"},
    {"PATCH", "/api/v1/members/{id}", patch_member, SECRETARIAT, BODY_JSON, 200,
     "registry", "Change a membership's status, start or dues", NULL,
     "MembershipPatch", "Membership"},

    {"GET", "/api/v1/organizations", get_orgs, PUBLIC, BODY_NONE, 200,
     "registry", "Organisations, filtered and paginated", q_orgs, NULL,
     "OrganizationList"},
    {"POST", "/api/v1/organizations", post_org, SECRETARIAT, BODY_JSON, 201,
     "registry", "Register an organisation", NULL, "OrganizationInput",
     "Organization"},
    {"POST", "/api/v1/organizations/import", post_org_import, SECRETARIAT,
     BODY_CSV, 200, "registry",
     "Import organisations from CSV, all or nothing", NULL, NULL,
     "ImportReport"},
    {"GET", "/api/v1/organizations/{id}", get_org, PUBLIC, BODY_NONE, 200,
     "registry", "One organisation", NULL, NULL, "Organization"},
    {"PATCH", "/api/v1/organizations/{id}", patch_org, SECRETARIAT, BODY_JSON,
     200, "registry", "Change an organisation", NULL, "OrganizationPatch",
     "Organization"},

    {"GET", "/api/v1/search", get_search, PUBLIC, BODY_NONE, 200, "registry",
     "Partner search over organisations, people (secretariat and observers "
     "only), open technology offers, requests and partner searches, best "
     "first", q_search, NULL, "SearchResults"},
    {"GET", "/api/v1/people", get_people, READERS, BODY_NONE, 200, "registry",
     "People, filtered and paginated", q_people, NULL, "PersonList"},
    {"POST", "/api/v1/people", post_person, SECRETARIAT, BODY_JSON, 201,
     "registry", "Register a person", NULL, "PersonInput", "Person"},
    {"POST", "/api/v1/people/import", post_person_import, SECRETARIAT, BODY_CSV,
     200, "registry", "Import people from CSV, all or nothing", NULL, NULL,
     "ImportReport"},
    {"GET", "/api/v1/people/{id}", get_person, SIGNED_IN, BODY_NONE, 200,
     "registry", "One person (the secretariat and observers: anyone; others: "
     "themselves)", NULL, NULL, "Person"},
    {"PATCH", "/api/v1/people/{id}", patch_person, SIGNED_IN, BODY_JSON, 200,
     "registry", "Change a person (the secretariat, or the person themselves)",
     NULL, "PersonPatch", "Person"},

    {"GET", "/api/v1/calls", get_calls, PUBLIC, BODY_NONE, 200, "calls",
     "Calls for proposals (drafts: the secretariat and the call's funders)",
     q_calls, NULL, "CallList"},
    {"POST", "/api/v1/calls", post_call, SECRETARIAT, BODY_JSON, 201, "calls",
     "Create a call (as a draft)", NULL, "CallInput", "Call"},
    {"GET", "/api/v1/calls/{id}", get_call, PUBLIC, BODY_NONE, 200, "calls",
     "One call with its stages, funders and current rule set", NULL, NULL,
     "Call"},
    {"PATCH", "/api/v1/calls/{id}", patch_call, SECRETARIAT, BODY_JSON, 200,
     "calls", "Change a draft call (an open one: texts and later deadlines)",
     NULL, "CallPatch", "Call"},
    {"POST", "/api/v1/calls/{id}/open", post_call_open, SECRETARIAT, BODY_NONE,
     200, "calls", "Open a draft call for proposals", NULL, NULL, "Call"},
    {"POST", "/api/v1/calls/{id}/close", post_call_close, SECRETARIAT,
     BODY_NONE, 200, "calls",
     "Close an open call and settle pending eligibility", NULL, NULL, "Call"},
    {"POST", "/api/v1/calls/{id}/evaluation", post_call_evaluation, SECRETARIAT,
     BODY_NONE, 200, "calls", "Start the evaluation of a closed call", NULL,
     NULL, "Call"},
    {"POST", "/api/v1/calls/{id}/decision", post_call_decision, SECRETARIAT,
     BODY_NONE, 200, "calls", "Mark a call's funding as decided", NULL, NULL,
     "Call"},
    {"GET", "/api/v1/calls/{id}/rules", get_call_rules, PUBLIC, BODY_NONE, 200,
     "calls", "Every version of the call's rule set", NULL, NULL,
     "RuleSetList"},
    {"GET", "/api/v1/calls/{id}/rules/{version}", get_call_rules_version,
     PUBLIC, BODY_NONE, 200, "calls", "One version of the call's rule set",
     NULL, NULL, "RuleSet"},
    {"GET", "/api/v1/calls/{id}/export", get_call_export, READERS |
     ROLE_BIT(ROLE_FUNDER), BODY_NONE, 200, "calls",
     "The call's proposals as CSV (?sheet=proposals|partners) or XLSX",
     q_export, NULL, NULL, export_types},

    {"GET", "/api/v1/proposals", get_proposals, PROPOSAL_VIEWERS, BODY_NONE,
     200, "proposals", "Proposals the caller may see, filtered and paginated",
     q_proposals, NULL, "ProposalList"},
    {"POST", "/api/v1/proposals", post_proposal, PROPOSAL_WRITERS, BODY_JSON,
     201, "proposals", "Start a proposal (a draft) in an open call", NULL,
     "ProposalInput", "Proposal"},
    {"GET", "/api/v1/proposals/{id}", get_proposal, PROPOSAL_VIEWERS, BODY_NONE,
     200, "proposals", "One proposal with its consortium and budget", NULL,
     NULL, "Proposal"},
    {"PATCH", "/api/v1/proposals/{id}", patch_proposal, PROPOSAL_WRITERS,
     BODY_JSON, 200, "proposals",
     "Change a proposal before its deadline (a submitted one is resubmitted)",
     NULL, "ProposalPatch", "Proposal"},
    {"POST", "/api/v1/proposals/{id}/submit", post_proposal_submit,
     PROPOSAL_WRITERS, BODY_NONE, 200, "proposals",
     "Submit before the deadline; eligibility is judged and stored", NULL,
     NULL, "Proposal"},
    {"POST", "/api/v1/proposals/{id}/withdraw", post_proposal_withdraw,
     PROPOSAL_WRITERS, BODY_NONE, 200, "proposals", "Withdraw a proposal",
     NULL, NULL, "Proposal"},
    {"POST", "/api/v1/proposals/{id}/invite", post_proposal_invite, SECRETARIAT,
     BODY_NONE, 200, "proposals",
     "Invite an eligible first-stage proposal to the full-proposal stage",
     NULL, NULL, "Proposal"},
    {"GET", "/api/v1/proposals/{id}/eligibility", get_proposal_eligibility,
     PROPOSAL_READERS, BODY_NONE, 200, "proposals",
     "Eligibility as the proposal stands now (nothing is stored)", NULL, NULL,
     "EligibilityResult"},
    {"POST", "/api/v1/proposals/{id}/partners/{seq}/commitment",
     post_commitment, PROPOSAL_WRITERS, BODY_JSON, 200, "proposals",
     "Record a partner's signed commitment form", NULL, "CommitmentInput",
     "Proposal"},

    {"GET", "/api/v1/calls/{id}/review", get_review_setup, READERS |
     ROLE_BIT(ROLE_REVIEWER), BODY_NONE, 200, "review", "How the call is reviewed: "
     "reviewers per proposal, country rules, scoring scheme (a reviewer of its own "
     "pool reads it too)", NULL, NULL, "ReviewSetup"},
    {"PUT", "/api/v1/calls/{id}/review", put_review_setup, SECRETARIAT,
     BODY_JSON, 200, "review", "Set up (or replace) how the call is reviewed",
     NULL, "ReviewSetupInput", "ReviewSetup"},
    {"GET", "/api/v1/calls/{id}/reviewers", get_reviewers, READERS, BODY_NONE,
     200, "review", "The call's reviewer pool", NULL, NULL, "ReviewerList"},
    {"POST", "/api/v1/calls/{id}/reviewers", post_reviewer, SECRETARIAT,
     BODY_JSON, 201, "review", "Invite a person to review for the call", NULL,
     "ReviewerInvite", "Reviewer"},
    {"POST", "/api/v1/calls/{id}/reviewers/{person_id}/accept",
     post_reviewer_accept, REVIEW_ACTORS, BODY_NONE, 200, "review",
     "Accept an invitation (the reviewer, or the secretariat)", NULL, NULL,
     "Reviewer"},
    {"POST", "/api/v1/calls/{id}/reviewers/{person_id}/decline",
     post_reviewer_decline, REVIEW_ACTORS, BODY_JSON, 200, "review",
     "Decline an invitation, with the reason", NULL, "DeclineInput",
     "Reviewer"},
    {"GET", "/api/v1/calls/{id}/conflicts", get_conflicts, READERS, BODY_NONE,
     200, "review", "Conflicts of interest between the pool and the proposals "
     "under review, each with its reasons", NULL, NULL, "ConflictList"},
    {"POST", "/api/v1/proposals/{id}/conflicts", post_conflict, REVIEW_ACTORS,
     BODY_JSON, 201, "review", "Declare a conflict of interest with a proposal",
     NULL, "ConflictInput", "DeclaredConflict"},

    {"POST", "/api/v1/assignments", post_assignment, SECRETARIAT, BODY_JSON,
     201, "review", "Assign a reviewer to a proposal by hand (checked for "
     "conflicts and load)", NULL, "AssignmentInput", "Review"},
    {"POST", "/api/v1/calls/{id}/assignment-run", post_assignment_run,
     SECRETARIAT, BODY_JSON, 200, "review",
     "Assign reviewers to every eligible proposal without one: exact maximum "
     "expertise affinity without conflicts, within loads and country caps",
     NULL, "AssignmentRunInput", "AssignmentRun"},
    {"GET", "/api/v1/reviews", get_reviews, READERS | ROLE_BIT(ROLE_REVIEWER),
     BODY_NONE, 200, "review", "Reviews (a reviewer: its own)", q_reviews, NULL,
     "ReviewList"},
    {"GET", "/api/v1/reviews/{id}", get_review, READERS | ROLE_BIT(ROLE_REVIEWER),
     BODY_NONE, 200, "review", "One review", NULL, NULL, "Review"},
    {"POST", "/api/v1/reviews/{id}/open", post_review_open,
     ROLE_BIT(ROLE_REVIEWER), BODY_JSON, 200, "review",
     "Open an assigned review, declaring whether there is a conflict of "
     "interest", NULL, "ReviewOpenInput", "Review"},
    {"PATCH", "/api/v1/reviews/{id}", patch_review, ROLE_BIT(ROLE_REVIEWER),
     BODY_JSON, 200, "review", "Save scores and comments of a draft review",
     NULL, "ReviewInput", "Review"},
    {"POST", "/api/v1/reviews/{id}/submit", post_review_submit,
     ROLE_BIT(ROLE_REVIEWER), BODY_NONE, 200, "review",
     "Submit a review with every criterion scored", NULL, NULL, "Review"},
    {"PUT", "/api/v1/proposals/{id}/consensus", put_consensus, REVIEW_ACTORS,
     BODY_JSON, 200, "review", "Set the consensus score (a rapporteur or the "
     "secretariat)", NULL, "ConsensusInput", "Consensus"},
    {"GET", "/api/v1/calls/{id}/ranking", get_ranking, READERS, BODY_NONE, 200,
     "review", "The call's ranking list, with ties and thresholds", NULL, NULL,
     "Ranking"},

    {"POST", "/api/v1/calls/{id}/selection", post_selection, SECRETARIAT, BODY_JSON,
     201, "decisions", "Run the binding selection on the call's ranking list and "
     "earmark the funded proposals' funders", NULL, "SelectionInput", "SelectionRun"},
    {"GET", "/api/v1/calls/{id}/selection", get_selection, FUND_READERS, BODY_NONE,
     200, "decisions", "The call's funding decisions (a funder sees its own) and "
     "latest run", NULL, NULL, "DecisionList"},
    {"POST", "/api/v1/calls/{id}/selection/compare", post_selection_compare,
     FUND_READERS, BODY_JSON, 200, "decisions", "Binding and optimal (CBC) "
     "selection side by side, not stored", NULL, "SelectionInput",
     "SelectionComparison"},
    {"POST", "/api/v1/calls/{id}/selection/whatif", post_selection_whatif,
     FUND_READERS, BODY_JSON, 200, "decisions", "Where each budget runs out and "
     "what more money would fund", NULL, "SelectionInput", "SelectionWhatIf"},
    {"PUT", "/api/v1/calls/{id}/project-start", put_project_start, SECRETARIAT,
     BODY_JSON, 200, "decisions", "The call's common project start date", NULL,
     "ProjectStart", "ProjectStart"},
    {"GET", "/api/v1/selection-runs/{id}", get_selection_run, FUND_READERS,
     BODY_NONE, 200, "decisions", "A stored selection run: its input, SHA-256 "
     "digest and result", NULL, NULL, "SelectionRunRecord"},
    {"POST", "/api/v1/proposals/{id}/decisions/{funder_id}", post_decision,
     SECRETARIAT | ROLE_BIT(ROLE_FUNDER), BODY_JSON, 200, "decisions", "A funder's "
     "own decision on a selected proposal (a decline re-runs the selection)", NULL,
     "DecisionInput", "Decision"},
    {"POST", "/api/v1/proposals/{id}/awards", post_awards, SECRETARIAT, BODY_JSON,
     201, "decisions", "Grants of a proposal every funder signed, committed in the "
     "call's fund", NULL, "AwardInput", "AwardList"},
    {"GET", "/api/v1/proposals/{id}/awards", get_awards, FUND_READERS |
     APPLICANT, BODY_NONE, 200, "decisions", "A proposal's grants (an applicant "
     "reads its own consortium's)", NULL, NULL, "AwardList"},
    {"GET", "/api/v1/awards/{id}", get_award, FUND_READERS | APPLICANT, BODY_NONE,
     200, "decisions", "A grant with milestones, reports, tranches and own "
     "contributions (an applicant reads its own consortium's)", NULL, NULL, "Award"},
    {"POST", "/api/v1/awards/{id}/milestones", post_award_milestone, SECRETARIAT,
     BODY_JSON, 200, "decisions", "Add a milestone or deliverable", NULL,
     "MilestoneInput", "Award"},
    {"POST", "/api/v1/milestones/{id}/done", post_milestone_done, SECRETARIAT |
     APPLICANT, BODY_JSON, 200, "decisions", "Mark a milestone done (the "
     "consortium's own applicant or the secretariat)", NULL, "DateInput", "Award"},
    {"POST", "/api/v1/awards/{id}/reports/{period_end}", post_award_report,
     SECRETARIAT | APPLICANT, BODY_JSON, 200, "decisions", "Submit the report of a "
     "period (the consortium's own applicant or the secretariat)", NULL, "DateInput",
     "Award"},
    {"POST", "/api/v1/awards/{id}/reports/{period_end}/accept",
     post_award_report_accept, SECRETARIAT, BODY_JSON, 200, "decisions", "Accept a "
     "submitted report", NULL, "DateInput", "Award"},
    {"POST", "/api/v1/awards/{id}/tranches/{seq}/pay", post_tranche_pay, SECRETARIAT,
     BODY_JSON, 200, "decisions", "Pay a tranche through the fund ledger", NULL,
     "DateInput", "Award"},
    {"POST", "/api/v1/awards/{id}/cofunding", post_award_cofunding, SECRETARIAT |
     APPLICANT, BODY_JSON, 200, "decisions", "Report own contributions against the "
     "co-funding commitment (the consortium's own applicant or the secretariat)",
     NULL, "CofundingInput", "Award"},

    {"GET", "/api/v1/agenda-processes", get_agenda_processes, PUBLIC, BODY_NONE,
     200, "agenda", "Every issue-setting process with its phase", NULL, NULL,
     "AgendaProcessList"},
    {"POST", "/api/v1/agenda-processes", post_agenda_process, SECRETARIAT,
     BODY_JSON, 201, "agenda", "Start an issue-setting process in its proposal "
     "phase", NULL, "AgendaProcessInput", "AgendaProcess"},
    {"GET", "/api/v1/agenda-processes/{id}", get_agenda_process, PUBLIC, BODY_NONE,
     200, "agenda", "A process: settings, phase, dates, members with weights and "
     "groups, issue and ballot counts, the result once adopted", NULL, NULL,
     "AgendaProcess"},
    {"PUT", "/api/v1/agenda-processes/{id}/members", put_agenda_members,
     SECRETARIAT, BODY_JSON, 200, "agenda", "Replace the members taking part, "
     "with contributions and groups (before voting)", NULL, "AgendaMembersInput",
     "AgendaProcess"},
    {"POST", "/api/v1/agenda-processes/{id}/phase", post_agenda_phase, SECRETARIAT,
     BODY_JSON, 200, "agenda", "Move the process one phase on; entering adopted "
     "tallies the ballots and stores the result", NULL, "AgendaPhaseInput",
     "AgendaProcess"},
    {"POST", "/api/v1/agenda-processes/{id}/issues", post_agenda_issue,
     AGENDA_ACTORS, BODY_JSON, 201, "agenda", "Propose an issue (a delegate for "
     "its own member, the secretariat for the member it names); proposal phase",
     NULL, "AgendaIssueInput", "AgendaIssue"},
    {"GET", "/api/v1/agenda-processes/{id}/issues", get_agenda_issues, PUBLIC,
     BODY_NONE, 200, "agenda", "The process's issues with status, supporters and "
     "place", q_agenda_issues, NULL, "AgendaIssueList"},
    {"GET", "/api/v1/agenda-issues/{id}", get_agenda_issue, PUBLIC, BODY_NONE, 200,
     "agenda", "An issue: texts per language, SDGs, supporters, status and place, "
     "the comment thread, amendments and linked calls", q_lang, NULL, "AgendaIssue"},
    {"POST", "/api/v1/agenda-issues/{id}/support", post_agenda_support,
     AGENDA_ACTORS, BODY_JSON, 200, "agenda", "Support an issue (a delegate for "
     "its own member); at the threshold it enters the consultation", NULL,
     "AgendaMemberInput", "AgendaIssue"},
    {"POST", "/api/v1/agenda-issues/{id}/comments", post_agenda_comment,
     AGENDA_READERS, BODY_JSON, 201, "agenda", "Comment on an issue, or reply to "
     "a comment; proposal and consultation phases", NULL, "AgendaCommentInput",
     "AgendaIssue"},
    {"POST", "/api/v1/agenda-issues/{id}/amendments", post_agenda_amendment,
     AGENDA_ACTORS, BODY_JSON, 201, "agenda", "Propose an amendment to an issue's "
     "text in one language (a delegate for its own member); consultation phase",
     NULL, "AgendaAmendmentInput", "AgendaIssue"},
    {"POST", "/api/v1/agenda-amendments/{id}/decision",
     post_agenda_amendment_decision, AGENDA_ACTORS, BODY_JSON, 200, "agenda",
     "Accept or reject an amendment (the secretariat, or a delegate of the "
     "issue's own proposing member); accepting replaces that language's text",
     NULL, "AgendaAmendmentDecision", "AgendaIssue"},
    {"POST", "/api/v1/agenda-processes/{id}/ballots", post_agenda_ballot, DELEGATE,
     BODY_JSON, 201, "agenda", "Cast the delegate's own ballot for its member, "
     "once; voting phase", NULL, "AgendaBallotInput", "AgendaBallot"},
    {"GET", "/api/v1/agenda-processes/{id}/ballots", get_agenda_ballots,
     AGENDA_READERS, BODY_NONE, 200, "agenda", "Ballots (a delegate reads its "
     "own ballot only)", NULL, NULL, "AgendaBallotList"},
    {"DELETE", "/api/v1/agenda-processes/{id}/ballots/mine", delete_agenda_ballot,
     DELEGATE, BODY_NONE, 204, "agenda", "Withdraw the delegate's own ballot; "
     "voting phase", NULL, NULL, NULL},
    {"GET", "/api/v1/agenda-processes/{id}/tally", get_agenda_tally, SIGNED_IN,
     BODY_NONE, 200, "agenda", "The tally: the stored result once adopted; while "
     "voting a provisional count, for the secretariat and observers only", NULL,
     NULL, "AgendaTally"},
    {"POST", "/api/v1/agenda-issues/{id}/calls", post_agenda_link, SECRETARIAT,
     BODY_JSON, 200, "agenda", "Link an adopted issue to a call that addresses it",
     NULL, "AgendaLinkInput", "AgendaIssue"},
    {"GET", "/api/v1/agenda-processes/{id}/agenda", get_agenda_adopted, PUBLIC,
     BODY_NONE, 200, "agenda", "The adopted agenda, from issue to calls, "
     "proposals, grants and money committed and paid", q_lang, NULL,
     "AdoptedAgenda"},

    {"GET", "/api/v1/funds", get_funds, PUBLIC, BODY_NONE, 200, "funds",
     "Every fund with its position (published aggregates)", NULL, NULL,
     "FundList"},
    {"POST", "/api/v1/funds", post_fund, SECRETARIAT, BODY_JSON, 201, "funds",
     "Create a fund", NULL, "FundInput", "Fund"},
    {"GET", "/api/v1/funds/{id}", get_fund, PUBLIC, BODY_NONE, 200, "funds",
     "A fund with its position and commitments; contributions for the "
     "secretariat, observers and each funder's own", NULL, NULL, "Fund"},
    {"GET", "/api/v1/funds/{id}/position", get_fund_position, PUBLIC, BODY_NONE,
     200, "funds", "Pledged, signed, received, available, committed, disbursed "
     "and returned per currency and in the reporting currency", q_fund_day,
     NULL, "FundPosition"},
    {"GET", "/api/v1/funds/{id}/flows", get_fund_flows, PUBLIC, BODY_NONE, 200,
     "funds", "Flows per country and fair return, per year and in total",
     NULL, NULL, "FundFlows"},
    {"GET", "/api/v1/funds/{id}/statement", get_fund_statement, FUND_READERS,
     BODY_NONE, 200, "funds", "A contributor's statement and where its money "
     "went (a funder reads its own)", q_fund_statement, NULL, "FundStatement"},
    {"GET", "/api/v1/funds/{id}/export", get_fund_export, FUND_READERS,
     BODY_NONE, 200, "funds", "Open data (IATI activities or organisation "
     "file, 360Giving package) for the secretariat and observers; statements as "
     "CSV or XLSX (a funder sees its own contributions)", q_fund_export,
     NULL, NULL, fund_export_types},
    {"POST", "/api/v1/funds/{id}/contributions", post_contribution, SECRETARIAT,
     BODY_JSON, 201, "funds", "Record a pledge", NULL, "PledgeInput",
     "Contribution"},
    {"GET", "/api/v1/contributions/{id}", get_contribution, FUND_READERS,
     BODY_NONE, 200, "funds", "A contribution (a funder reads its own)", NULL,
     NULL, "Contribution"},
    {"POST", "/api/v1/contributions/{id}/sign", post_contribution_sign,
     SECRETARIAT, BODY_JSON, 200, "funds", "Record the signed agreement of a "
     "pledge", NULL, "SignInput", "Contribution"},
    {"POST", "/api/v1/contributions/{id}/receive", post_contribution_receive,
     SECRETARIAT, BODY_JSON, 200, "funds", "Record a payment received (cash, "
     "or a promissory note deposited)", NULL, "FundMoneyInput", "Contribution"},
    {"POST", "/api/v1/contributions/{id}/encash", post_contribution_encash,
     SECRETARIAT, BODY_JSON, 200, "funds", "Encash part of a promissory note",
     NULL, "FundMoneyInput", "Contribution"},
    {"POST", "/api/v1/contributions/{id}/cancel", post_contribution_cancel,
     SECRETARIAT, BODY_JSON, 200, "funds", "Cancel a pledge not yet signed",
     NULL, "FundDateInput", "Contribution"},
    {"POST", "/api/v1/funds/{id}/commitments", post_fund_commitment, SECRETARIAT,
     BODY_JSON, 201, "funds", "Commit available money to a grant or a call's "
     "envelope (behind the commitment-authority gate)", NULL,
     "FundCommitmentInput", "FundCommitment"},
    {"GET", "/api/v1/commitments/{id}", get_commitment, PUBLIC, BODY_NONE, 200,
     "funds", "A commitment with what was disbursed and returned", NULL, NULL,
     "FundCommitment"},
    {"POST", "/api/v1/commitments/{id}/disburse", post_commitment_disburse,
     SECRETARIAT, BODY_JSON, 200, "funds", "Pay committed money to its "
     "recipient", NULL, "DisburseInput", "FundCommitment"},
    {"POST", "/api/v1/commitments/{id}/return", post_commitment_return,
     SECRETARIAT, BODY_JSON, 200, "funds", "Record money a recipient gave back",
     NULL, "ReturnInput", "FundCommitment"},
    {"POST", "/api/v1/commitments/{id}/decommit", post_commitment_decommit,
     SECRETARIAT, BODY_JSON, 200, "funds", "Release undisbursed commitment to "
     "available", NULL, "DecommitInput", "FundCommitment"},
    {"POST", "/api/v1/ledger/rates", post_ledger_rate, SECRETARIAT, BODY_JSON,
     200, "ledger", "Record a dated exchange rate (1 base = rate quote)", NULL,
     "LedgerRate", "LedgerRate"},

    {"POST", "/api/v1/ledger/accounts", post_ledger_accounts, SECRETARIAT,
     BODY_JSON, 200, "ledger", "Create ledger accounts, a batch (one result "
     "per event)", NULL, "LedgerAccountBatch", "LedgerBatchResult"},
    {"POST", "/api/v1/ledger/transfers", post_ledger_transfers, SECRETARIAT,
     BODY_JSON, 200, "ledger", "Post a batch of transfers in one transaction "
     "(one result per event; linked chains all or nothing)", NULL,
     "LedgerTransferBatch", "LedgerBatchResult"},
    {"GET", "/api/v1/ledger/accounts/{id}", get_ledger_account, READERS,
     BODY_NONE, 200, "ledger", "A ledger account with its four balances",
     NULL, NULL, "LedgerAccount"},
    {"GET", "/api/v1/ledger/transfers/{id}", get_ledger_transfer, READERS,
     BODY_NONE, 200, "ledger", "A ledger transfer", NULL, NULL,
     "LedgerTransfer"},

    {"GET", "/api/v1/proposals/{id}/suggestions", get_suggestions, READERS | APPLICANT,
     BODY_NONE, 200, "exchange", "Partners that would make a failing consortium "
     "eligible, ranked by expertise fit (an applicant for its own proposals)",
     q_suggestions, NULL, "CompletionSuggestions"},
    {"GET", "/api/v1/market", get_market, PUBLIC, BODY_NONE, 200, "exchange",
     "Open technology offers, requests and partner searches", q_market, NULL,
     "MarketItemList"},
    {"POST", "/api/v1/market", post_market, SECRETARIAT | APPLICANT, BODY_JSON, 201,
     "exchange", "Post an offer, a request or a partner search (an applicant for its "
     "own organisation)", NULL, "MarketItemInput", "MarketItem"},
    {"GET", "/api/v1/market/{id}", get_market_item, PUBLIC, BODY_NONE, 200, "exchange",
     "An offer, request or partner search, with the interests the caller may see",
     NULL, NULL, "MarketItem"},
    {"POST", "/api/v1/market/{id}/status", post_market_status, SECRETARIAT | APPLICANT,
     BODY_JSON, 200, "exchange", "Close, reopen or withdraw an item (its own poster)",
     NULL, "MarketStatusInput", "MarketItem"},
    {"POST", "/api/v1/market/{id}/interests", post_market_interest, SECRETARIAT |
     APPLICANT, BODY_JSON, 200, "exchange", "Express interest in an item (an "
     "applicant for its own organisation)", NULL, "MarketInterestInput", "MarketItem"},
    {"POST", "/api/v1/interests/{id}/decision", post_interest_decision, SECRETARIAT |
     APPLICANT, BODY_JSON, 200, "exchange", "Accept or decline an expression of "
     "interest (the item's own poster)", NULL, "MarketDecisionInput", "MarketItem"},

    {"GET", "/api/v1/platforms", get_platforms, PUBLIC, BODY_NONE, 200, "platforms",
     "Platforms with their members, countries and whether the composition passes",
     q_platforms, NULL, "PlatformList"},
    {"POST", "/api/v1/platforms", post_platform, SECRETARIAT, BODY_JSON, 201,
     "platforms", "Create a platform with its composition rules", NULL,
     "PlatformInput", "Platform"},
    {"GET", "/api/v1/platforms/{id}", get_platform, PUBLIC, BODY_NONE, 200,
     "platforms", "A platform: rules, working groups, current members and the "
     "composition check", NULL, NULL, "Platform"},
    {"GET", "/api/v1/platforms/{id}/composition", get_platform_composition, PUBLIC,
     BODY_NONE, 200, "platforms", "The composition check, rule by rule with its "
     "figures and explanation", NULL, NULL, "PlatformComposition"},
    {"PUT", "/api/v1/platforms/{id}/rules", put_platform_rules, SECRETARIAT,
     BODY_JSON, 200, "platforms", "Replace the composition rules; answers with the "
     "check under the new rules", NULL, "PlatformRules", "PlatformChange"},
    {"POST", "/api/v1/platforms/{id}/members", post_platform_member, SECRETARIAT,
     BODY_JSON, 201, "platforms", "Add an organisation or a person as a member; "
     "answers with the check", NULL, "PlatformMemberInput", "PlatformChange"},
    {"PATCH", "/api/v1/platforms/{id}/members/{member_id}", patch_platform_member,
     SECRETARIAT, BODY_JSON, 200, "platforms", "Change a member's committee role or "
     "working group; answers with the check", NULL, "PlatformMemberPatch",
     "PlatformChange"},
    {"DELETE", "/api/v1/platforms/{id}/members/{member_id}", delete_platform_member,
     SECRETARIAT, BODY_NONE, 200, "platforms", "A member leaves; answers with the "
     "check (refused when it breaks an enforced rule)", NULL, NULL, "PlatformChange"},
    {"POST", "/api/v1/platforms/{id}/groups", post_platform_group, SECRETARIAT,
     BODY_JSON, 201, "platforms", "Create a working group", NULL,
     "PlatformGroupInput", "PlatformGroup"},

    {"GET", "/api/v1/events", get_events, PUBLIC, BODY_NONE, 200, "events",
     "Forums, workshops, training courses, exchange programmes and brokerage events, "
     "by start date", NULL, NULL, "EventList"},
    {"POST", "/api/v1/events", post_event, SECRETARIAT, BODY_JSON, 201, "events",
     "Create an event with its dates, place, capacity, country quota and "
     "registration deadline", NULL, "EventInput", "Event"},
    {"GET", "/api/v1/events/{id}", get_event, PUBLIC, BODY_NONE, 200, "events",
     "An event with its rooms and the counts of registrations per status", NULL, NULL,
     "Event"},
    {"PATCH", "/api/v1/events/{id}", patch_event, SECRETARIAT, BODY_JSON, 200, "events",
     "Change the capacity, country quota, registration deadline or status; a raised "
     "capacity confirms waiting registrations", NULL, "EventPatch", "Event"},
    {"POST", "/api/v1/events/{id}/rooms", post_event_room, SECRETARIAT, BODY_JSON, 201,
     "events", "Add a room", NULL, "EventRoomInput", "Event"},
    {"POST", "/api/v1/events/{id}/sessions", post_event_session, SECRETARIAT, BODY_JSON,
     201, "events", "Add a session to the timetable, never overlapping another of its "
     "room", NULL, "EventSessionInput", "EventSession"},
    {"GET", "/api/v1/events/{id}/timetable", get_event_timetable, PUBLIC, BODY_NONE, 200,
     "events", "The sessions in time order", NULL, NULL, "EventTimetable"},
    {"GET", "/api/v1/events/{id}/ical", get_event_ical, PUBLIC, BODY_NONE, 200,
     "events", "The timetable as iCalendar (RFC 5545)", NULL, NULL, NULL, ical_types},
    {"POST", "/api/v1/events/{id}/registrations", post_event_registration, EVENT_ACTORS,
     BODY_JSON, 201, "events", "Register the account's own person (the secretariat "
     "names anyone): confirmed, or waiting with a place in the queue", NULL,
     "EventRegistrationInput", "EventRegistration"},
    {"GET", "/api/v1/events/{id}/participants", get_event_participants, PUBLIC,
     BODY_NONE, 200, "events", "The counts of registrations; the list in order for the "
     "secretariat and observers", NULL, NULL, "EventParticipants"},
    {"GET", "/api/v1/registrations/{id}", get_registration, EVENT_READERS, BODY_NONE,
     200, "events", "A registration (a participant reads its own)", NULL, NULL,
     "EventRegistration"},
    {"GET", "/api/v1/registrations/{id}/certificate", get_registration_certificate,
     EVENT_READERS, BODY_NONE, 200, "events", "The certificate of attendance of an "
     "attended registration as PDF (a participant downloads its own)", NULL, NULL, NULL,
     pdf_types},
    {"POST", "/api/v1/registrations/{id}/cancel", post_registration_cancel,
     EVENT_ACTORS, BODY_JSON, 200, "events", "Cancel a registration (a participant "
     "its own); the place goes to the first eligible waiting registration", NULL,
     NULL, "EventRegistration"},
    {"POST", "/api/v1/registrations/{id}/attend", post_registration_attend, SECRETARIAT,
     BODY_JSON, 200, "events", "Mark a confirmed registration attended", NULL,
     NULL, "EventRegistration"},
    {"POST", "/api/v1/events/{id}/slots", post_event_slots, SECRETARIAT, BODY_JSON, 201,
     "events", "Add brokerage meeting slots, none overlapping another", NULL,
     "MeetingSlotsInput", "MeetingSlots"},
    {"GET", "/api/v1/events/{id}/slots", get_event_slots, PUBLIC, BODY_NONE, 200,
     "events", "The event's meeting slots", NULL, NULL, "MeetingSlots"},
    {"PUT", "/api/v1/events/{id}/unavailability", put_event_unavailable, EVENT_ACTORS,
     BODY_JSON, 200, "events", "Replace the slots in which a participant cannot meet "
     "(a participant its own person's; the secretariat anyone's)", NULL, "UnavailabilityInput", "Unavailability"},
    {"POST", "/api/v1/events/{id}/meetings", post_event_meeting, EVENT_ACTORS,
     BODY_JSON, 201, "events", "Request a one-to-one meeting with another participant "
     "(a participant for its own person)", NULL, "MeetingRequestInput", "Meeting"},
    {"GET", "/api/v1/events/{id}/meetings", get_event_meetings, EVENT_READERS, BODY_NONE,
     200, "events", "A person's meeting requests and schedule (a participant reads its "
     "own schedule; the secretariat and observers anyone's, or everyone's)", q_event_person,
     NULL, "MeetingList"},
    {"GET", "/api/v1/events/{id}/meetings/ical", get_event_meetings_ical, EVENT_READERS,
     BODY_NONE, 200, "events", "A person's scheduled meetings as iCalendar (a "
     "participant downloads its own schedule)", q_event_person, NULL, NULL, ical_types},
    {"POST", "/api/v1/meetings/{id}/accept", post_meeting_accept, EVENT_ACTORS,
     BODY_JSON, 200, "events", "Accept a meeting request (its invitee, on its own "
     "requests, or the secretariat)", NULL, NULL, "Meeting"},
    {"POST", "/api/v1/meetings/{id}/decline", post_meeting_decline, EVENT_ACTORS,
     BODY_JSON, 200, "events", "Decline a meeting request (its invitee, on its own "
     "requests, or the secretariat)", NULL, NULL, "Meeting"},
    {"POST", "/api/v1/events/{id}/schedule", post_event_schedule, SECRETARIAT,
     BODY_JSON, 200, "events", "Schedule every accepted meeting into slots and tables; "
     "the answer gives the certified bound, the gap and why the rest stay out", NULL,
     "ScheduleInput", "ScheduleResult"},

    {"GET", "/api/v1/audit", get_audit, READERS, BODY_NONE, 200, "audit",
     "Audit records, oldest first", q_page, NULL, "AuditList"},
    {"GET", "/api/v1/audit/verify", get_audit_verify, READERS, BODY_NONE, 200,
     "audit", "Recompute the hash chain of the audit trail", NULL, NULL,
     "AuditVerification"},
};

const size_t http_route_count = sizeof http_routes / sizeof http_routes[0];
