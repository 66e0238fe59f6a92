/*
 * demo_decisions.c -- funding decisions and grants for the demonstration's
 * closed calls: each call's common pot (a call_pot fund into which every
 * national funder pays its budget), the binding selection on the ranking
 * list, national decisions (most signed, one declined so the selection
 * re-runs, one still in national evaluation), the common project start,
 * grants with milestones, the first tranche paid through the fund ledger,
 * and an enterprise partner's own contribution.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "decision/decision.h"
#include "demo/demo_calls.h"
#include "fund/fund.h"

#define DEMO_SIGNED 3 /* proposals per call whose funders all sign */

typedef serai_code (*body_fn)(store *, const actor *, int64_t, json_t *, json_t **,
                              serai_err *);

/* Run fn(id, body) and hand back its answer (may be NULL). */
static serai_code call(store *s, const actor *who, body_fn fn, int64_t id, json_t *body,
                       json_t **keep, serai_err *err)
{
    json_t *out = NULL;
    serai_code rc = fn(s, who, id, body, &out, err);
    json_decref(body);
    if (keep)
        *keep = out;
    else
        json_decref(out);
    return rc;
}

/* The call's pot: every funder pledges, signs and pays its budget. */
static serai_code make_pot(store *s, const actor *who, int64_t call_id, int64_t trustee,
                           serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT org_id, budget, currency FROM call_funder "
                                     "WHERE call_id = $1 ORDER BY org_id", &st, err);
    if (rc != SERAI_OK)
        return rc;
    struct { int64_t org, budget; char cur[4]; } f[64];
    size_t n = 0;
    store_bind_int64(st, 1, call_id);
    int r;
    while ((r = store_step(st, err)) == STORE_ROW && n < 64) {
        f[n].org = store_col_int64(st, 0);
        f[n].budget = store_col_int64(st, 1);
        snprintf(f[n].cur, sizeof f[n].cur, "%s", store_col_text(st, 2));
        n++;
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return err->code ? err->code : SERAI_ESTORE;
    if (n == 0)
        return SERAI_OK;
    char code[24];
    snprintf(code, sizeof code, "POT-%" PRId64, call_id);
    json_t *fund = NULL;
    json_t *body = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s}", "code", code, "name",
                             "Common pot", "kind", "call_pot", "call_id",
                             (json_int_t)call_id, "currency", f[0].cur, "gate_percent", "0");
    char name[64];
    snprintf(name, sizeof name, "Common pot of call %" PRId64, call_id);
    json_object_set_new(body, "name", json_string(name));
    if (trustee)
        json_object_set_new(body, "trustee_org_id", json_integer(trustee));
    rc = fund_create(s, who, body, &fund, err);
    json_decref(body);
    int64_t fund_id = fund ? json_integer_value(json_object_get(fund, "id")) : 0;
    json_decref(fund);
    for (size_t i = 0; i < n && rc == SERAI_OK; i++) {
        if (f[i].budget <= 0)
            continue;
        json_t *c = NULL;
        rc = call(s, who, fund_pledge, fund_id,
                  json_pack("{s:I, s:s, s:I, s:s}", "org_id", (json_int_t)f[i].org,
                            "currency", f[i].cur, "amount", (json_int_t)f[i].budget,
                            "date", "2026-05-04"), &c, err);
        int64_t cid = c ? json_integer_value(json_object_get(c, "id")) : 0;
        json_decref(c);
        if (rc == SERAI_OK)
            rc = call(s, who, fund_sign, cid,
                      json_pack("{s:I, s:s, s:s}", "amount", (json_int_t)f[i].budget,
                                "date", "2026-06-01", "instrument", "cash"), NULL, err);
        if (rc == SERAI_OK)
            rc = call(s, who, fund_receive, cid,
                      json_pack("{s:I, s:s}", "amount", (json_int_t)f[i].budget,
                                "date", "2026-07-01"), NULL, err);
    }
    return rc;
}

/* The first tranche, due at the project's start. */
static serai_code pay_first(store *s, const actor *who, int64_t award, json_t *body,
                            json_t **out, serai_err *err)
{
    return award_tranche_pay(s, who, award, 1, body, out, err);
}

/* Move every decision of a proposal up to status (one step at a time). */
static serai_code decide_all(store *s, const actor *who, int64_t proposal,
                             const int64_t *funders, size_t nf, int upto, serai_err *err)
{
    static const char *const steps[] = {"national_evaluation", "approved",
                                        "contract_signed"};
    serai_code rc = SERAI_OK;
    for (size_t f = 0; f < nf && rc == SERAI_OK; f++)
        for (int k = 0; k <= upto && rc == SERAI_OK; k++) {
            json_t *out = NULL, *body = json_pack("{s:s}", "status", steps[k]);
            rc = decision_set(s, who, proposal, funders[f], body, &out, err);
            json_decref(body);
            json_decref(out);
        }
    return rc;
}

/* The funders deciding on a proposal. */
static serai_code funders_of(store *s, int64_t proposal, int64_t *out, size_t *n,
                             serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT funder_org_id FROM funding_decision WHERE "
                                     "proposal_id = $1 ORDER BY funder_org_id", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, proposal);
    *n = 0;
    int r;
    while ((r = store_step(st, err)) == STORE_ROW && *n < 32)
        out[(*n)++] = store_col_int64(st, 0);
    store_reset(st);
    return r == STORE_ERROR ? (err->code ? err->code : SERAI_ESTORE) : SERAI_OK;
}

serai_code demo_decisions_build(store *s, const actor *who, const demo_world *w,
                                json_t *calls, serai_err *err)
{
    int64_t trustee = 0;
    for (size_t i = 0; i < w->norgs && !trustee; i++)
        if (strcmp(w->orgs[i].type, "international_organization") == 0)
            trustee = w->orgs[i].id;
    size_t k;
    json_t *c;
    serai_code rc = SERAI_OK;
    json_array_foreach(calls, k, c) {
        if (rc != SERAI_OK)
            break;
        if (strcmp(json_string_value(json_object_get(c, "status")), "open") == 0)
            continue;
        int64_t call_id = json_integer_value(json_object_get(c, "id"));
        json_t *run = NULL;
        if ((rc = make_pot(s, who, call_id, trustee, err)) != SERAI_OK)
            break;
        /* The call's own mode and budgets, read from the database. */
        json_t *body = json_object();
        rc = decision_select(s, who, call_id, body, &run, err);
        json_decref(body);
        if (rc == SERAI_EUNPROCESSABLE) {
            /* No ranked proposal or no funder: nothing to decide here. */
            rc = SERAI_OK;
            json_decref(run);
            continue;
        }
        if (rc != SERAI_OK)
            break;
        /* The funded proposals, in rank order. */
        int64_t funded[16];
        size_t nfunded = 0;
        size_t i;
        json_t *p;
        json_array_foreach(json_object_get(run, "proposals"), i, p)
            if (nfunded < 16 &&
                strcmp(json_string_value(json_object_get(p, "outcome")), "funded") == 0)
                funded[nfunded++] = json_integer_value(json_object_get(p, "proposal_id"));
        json_decref(run);
        rc = call(s, who, decision_start, call_id,
                  json_pack("{s:s}", "project_start", "2026-09-01"), NULL, err);
        for (size_t j = 0; j < nfunded && rc == SERAI_OK; j++) {
            int64_t fl[32];
            size_t nf;
            if ((rc = funders_of(s, funded[j], fl, &nf, err)) != SERAI_OK)
                break;
            if (j < DEMO_SIGNED) {
                if ((rc = decide_all(s, who, funded[j], fl, nf, 2, err)) != SERAI_OK)
                    break;
                json_t *awards = NULL;
                rc = call(s, who, award_create, funded[j],
                          json_pack("{s:s}", "date", "2026-08-20"), &awards, err);
                size_t a;
                json_t *aw;
                json_array_foreach(json_object_get(awards, "awards"), a, aw) {
                    if (rc != SERAI_OK)
                        break;
                    int64_t award = json_integer_value(json_object_get(aw, "id"));
                    rc = call(s, who, award_milestone_add, award,
                              json_pack("{s:s, s:s, s:s}", "kind", "milestone", "title",
                                        "Kick-off meeting held", "due", "2026-10-15"),
                              NULL, err);
                    if (rc == SERAI_OK)
                        rc = call(s, who, award_milestone_add, award,
                                  json_pack("{s:s, s:s, s:s}", "kind", "deliverable",
                                            "title", "Data management plan", "due",
                                            "2027-02-28"), NULL, err);
                    if (rc == SERAI_OK)
                        rc = call(s, who, pay_first, award,
                                  json_pack("{s:s}", "date", "2026-09-15"), NULL, err);
                }
                json_decref(awards);
            } else if (j == DEMO_SIGNED && nf > 0) {
                /* One funder declines: the consortium is blocked and the
                 * selection re-runs for the freed money. */
                json_t *out = NULL, *body = json_pack("{s:s, s:s}", "status",
                                                      "declined", "note",
                                                      "national budget cut");
                rc = decision_set(s, who, funded[j], fl[nf - 1], body, &out, err);
                json_decref(body);
                json_decref(out);
            } else if (j == DEMO_SIGNED + 1) {
                rc = decide_all(s, who, funded[j], fl, nf, 0, err);
            }
        }
    }
    return rc;
}
