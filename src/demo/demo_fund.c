/*
 * demo_fund.c -- the demonstration's cooperative guidance fund: member
 * funding agencies pledge in US dollars, euros and yuan, sign (one with a
 * promissory note encashed on a schedule, one for less than it pledged),
 * pay; the trustee commits the pooled money to grants for proposals of the
 * closed demo calls and to the open call's envelope, disburses tranches,
 * and one recipient returns unspent money.  Every step goes through the
 * fund module, so the ledger, the audit trail and every export have real
 * content.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "demo/demo_calls.h"
#include "fund/fund.h"
#include "fund/ledger_store.h"
#include "registry/money.h"

#define DEMO_FUND_CONTRIBUTORS 12
#define DEMO_FUND_GRANTS 6

/* Run one step whose answer is an object with an id; *id (may be NULL)
 * receives it. */
typedef serai_code (*step_fn)(store *, const actor *, int64_t, json_t *,
                              json_t **, serai_err *);
static serai_code step(store *s, const actor *who, step_fn fn, int64_t target,
                       json_t *body, int64_t *id, serai_err *err)
{
    json_t *out = NULL;
    serai_code rc = fn(s, who, target, body, &out, err);
    json_decref(body);
    if (rc == SERAI_OK && id)
        *id = json_integer_value(json_object_get(out, "id"));
    json_decref(out);
    return rc;
}

static serai_code rate(store *s, const char *base, const char *day,
                       const char *value, serai_err *err)
{
    ledger_rate r;
    memset(&r, 0, sizeof r);
    snprintf(r.base, sizeof r.base, "%s", base);
    snprintf(r.quote, sizeof r.quote, "USD");
    snprintf(r.date, sizeof r.date, "%s", day);
    snprintf(r.rate, sizeof r.rate, "%s", value);
    return ledger_store_rate_put(s, &r, err);
}

/* Grants: the coordinators of the first eligible proposals of the closed
 * calls, those coordinated in a contributing country first (the fund's
 * money goes back to its members, so fair return has something to
 * measure). */
typedef struct grant_target {
    int64_t proposal, call, org;
    char title[160];
} grant_target;

static serai_code pick_grants(store *s, grant_target *g, size_t *n, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT p.id, p.call_id, p.title, pp.org_id FROM proposal p "
           "JOIN proposal_partner pp ON pp.proposal_id = p.id AND pp.role = "
           "'coordinator' JOIN call c ON c.id = p.call_id JOIN organization o ON "
           "o.id = pp.org_id WHERE c.status <> 'open' AND p.status IN "
           "('eligible', 'in_review', 'ranked') ORDER BY CASE WHEN o.country IN "
           "(SELECT a.country FROM fund_contribution f JOIN organization a ON "
           "a.id = f.org_id WHERE f.status <> 'cancelled') THEN 0 ELSE 1 END, p.id",
        &st, err);
    if (rc != SERAI_OK)
        return rc;
    *n = 0;
    int r;
    while ((r = store_step(st, err)) == STORE_ROW && *n < DEMO_FUND_GRANTS) {
        int64_t call = store_col_int64(st, 1);
        size_t same = 0;
        for (size_t i = 0; i < *n; i++)
            same += g[i].call == call;
        if (same >= DEMO_FUND_GRANTS / 2)
            continue; /* spread the grants over the calls */
        grant_target *t = &g[(*n)++];
        t->proposal = store_col_int64(st, 0);
        t->call = call;
        snprintf(t->title, sizeof t->title, "%s", store_col_text(st, 2));
        t->org = store_col_int64(st, 3);
    }
    store_reset(st);
    return r == STORE_ERROR ? (err->code ? err->code : SERAI_ESTORE) : SERAI_OK;
}

serai_code demo_fund_build(store *s, const actor *who, const demo_world *w,
                           const json_t *calls, json_t **summary, serai_err *err)
{
    *summary = NULL;
    int64_t trustee = 0, open_call = 0;
    int64_t agency[DEMO_FUND_CONTRIBUTORS];
    const char *agency_country[DEMO_FUND_CONTRIBUTORS];
    size_t nagency = 0;
    for (size_t i = 0; i < w->norgs; i++) {
        if (!trustee && strcmp(w->orgs[i].type, "international_organization") == 0)
            trustee = w->orgs[i].id;
        if (nagency < DEMO_FUND_CONTRIBUTORS &&
            strcmp(w->orgs[i].type, "funding_agency") == 0 &&
            w->status[w->orgs[i].country] == 1) {
            agency_country[nagency] = demo_countries[w->orgs[i].country].alpha2;
            agency[nagency++] = w->orgs[i].id;
        }
    }
    size_t k;
    const json_t *c;
    json_array_foreach(calls, k, c)
        if (strcmp(json_string_value(json_object_get(c, "status")), "open") == 0)
            open_call = json_integer_value(json_object_get(c, "id"));
    /* Rates to the reporting currency, dated. */
    static const char *const rates[][3] = {
        {"EUR", "2025-01-01", "1.0350"}, {"EUR", "2025-07-01", "1.1720"},
        {"EUR", "2026-01-01", "1.1630"}, {"CNY", "2025-01-01", "0.1370"},
        {"CNY", "2025-07-01", "0.1395"}, {"CNY", "2026-01-01", "0.1405"}};
    serai_code rc = SERAI_OK;
    for (size_t i = 0; i < sizeof rates / sizeof *rates && rc == SERAI_OK; i++)
        rc = rate(s, rates[i][0], rates[i][1], rates[i][2], err);
    json_t *out = NULL;
    int64_t fund = 0;
    if (rc == SERAI_OK) {
        json_t *body = json_pack(
            "{s:s, s:s, s:{s:s}, s:s, s:s, s:s}", "code", "BRSF", "name",
            "Belt and Road Science and Technology Cooperation Fund", "names", "zh",
            "一带一路科技合作基金", "kind", "guidance_fund", "currency", "USD",
            "gate_percent", "50");
        if (trustee)
            json_object_set_new(body, "trustee_org_id", json_integer(trustee));
        rc = fund_create(s, who, body, &out, err);
        json_decref(body);
        fund = json_integer_value(json_object_get(out, "id"));
        json_decref(out);
    }
    /* Pledges: the member agencies, in yuan (China), euros or dollars. */
    int64_t contribution[DEMO_FUND_CONTRIBUTORS] = {0};
    const char *currency[DEMO_FUND_CONTRIBUTORS];
    int64_t pledged[DEMO_FUND_CONTRIBUTORS];
    bool china = false;
    for (size_t i = 0; i < nagency; i++)
        china = china || strcmp(agency_country[i], "CN") == 0;
    for (size_t i = 0; i < nagency && rc == SERAI_OK; i++) {
        /* Three currencies whoever the members are: without China the
         * first agency contributes in yuan. */
        currency[i] = strcmp(agency_country[i], "CN") == 0 || (!china && i == 0)
                          ? "CNY"
                      : i % 3 == 1 ? "EUR"
                                   : "USD";
        /* 1.5 to 9.75 million in major units; yuan seven times as many. */
        int64_t major = 1500000 + (int64_t)((i * 7) % 12) * 750000;
        if (strcmp(currency[i], "CNY") == 0)
            major *= 7;
        pledged[i] = major * 100;
        char day[11];
        snprintf(day, sizeof day, "2025-02-%02zu", 3 + i);
        char ref[32];
        snprintf(ref, sizeof ref, "BRSF-P-%02zu", i + 1);
        rc = step(s, who, fund_pledge, fund,
                  json_pack("{s:I, s:s, s:I, s:s, s:s}", "org_id",
                            (json_int_t)agency[i], "currency", currency[i], "amount",
                            (json_int_t)pledged[i], "date", day, "reference", ref),
                  &contribution[i], err);
    }
    /* Agreements: the last pledge is withdrawn, the one before stays a
     * pledge; one agency signs for 90%, one with a promissory note. */
    size_t signers = nagency >= 2 ? nagency - 2 : 0;
    for (size_t i = 0; i < signers && rc == SERAI_OK; i++) {
        int64_t amount = i == 3 ? pledged[i] / 10 * 9 : pledged[i];
        char day[11];
        snprintf(day, sizeof day, "2025-04-%02zu", 1 + 2 * i);
        json_t *body = json_pack("{s:I, s:s, s:s}", "amount", (json_int_t)amount,
                                 "date", day, "instrument",
                                 i == 2 ? "promissory_note" : "cash");
        if (i == 2)
            json_object_set_new(
                body, "encashment",
                json_pack("[{s:s, s:I}, {s:s, s:I}]", "due", "2025-09-30", "amount",
                          (json_int_t)(amount / 2), "due", "2026-09-30", "amount",
                          (json_int_t)(amount - amount / 2)));
        rc = step(s, who, fund_sign, contribution[i], body, NULL, err);
    }
    if (rc == SERAI_OK && nagency >= 1)
        rc = step(s, who, fund_cancel_pledge, contribution[nagency - 1],
                  json_pack("{s:s, s:s}", "date", "2025-05-20", "note",
                            "budget law not passed"), NULL, err);
    /* Payments: all in full but one, which pays half so far. */
    for (size_t i = 0; i < signers && rc == SERAI_OK; i++) {
        int64_t amount = i == 3 ? pledged[i] / 10 * 9 : pledged[i];
        if (i == 5)
            amount /= 2;
        char day[11];
        snprintf(day, sizeof day, "2025-06-%02zu", 2 + 2 * i);
        rc = step(s, who, fund_receive, contribution[i],
                  json_pack("{s:I, s:s}", "amount", (json_int_t)amount, "date", day),
                  NULL, err);
    }
    if (rc == SERAI_OK && signers > 2)
        rc = step(s, who, fund_encash, contribution[2],
                  json_pack("{s:I, s:s}", "amount", (json_int_t)(pledged[2] / 2),
                            "date", "2025-09-30"), NULL, err);
    /* Commitments: grants to coordinators of proposals of the closed calls,
     * and the open call's envelope. */
    grant_target g[DEMO_FUND_GRANTS];
    size_t ng = 0;
    if (rc == SERAI_OK)
        rc = pick_grants(s, g, &ng, err);
    /* Each grant in its preferred currency when enough of it is available
     * (which depends on who contributed what), else in another. */
    static const char *const currencies[] = {"USD", "EUR", "CNY"};
    int64_t avail[3] = {0, 0, 0};
    for (size_t i = 0; i < signers; i++)
        for (size_t j = 0; j < 3; j++)
            if (strcmp(currency[i], currencies[j]) == 0) {
                int64_t paid = i == 3 ? pledged[i] / 10 * 9 : pledged[i];
                if (i == 5)
                    paid /= 2;
                if (i == 2)
                    paid = pledged[i] / 2; /* the note, half encashed */
                avail[j] += paid;
            }
    static const size_t preferred[] = {0, 1, 0, 2, 0, 1};
    static const int64_t grant_major[] = {850000, 600000, 720000, 600000,
                                          500000, 450000};
    int64_t commitment[DEMO_FUND_GRANTS] = {0}, grant_amount[DEMO_FUND_GRANTS];
    for (size_t i = 0; i < ng && rc == SERAI_OK; i++) {
        size_t j = preferred[i];
        for (size_t tries = 0; tries < 3; tries++, j = (j + 1) % 3) {
            grant_amount[i] = grant_major[i] * 100 * (j == 2 ? 7 : 1);
            if (avail[j] >= grant_amount[i])
                break;
        }
        if (avail[j] < grant_amount[i])
            break; /* the fund is spent: fewer grants */
        avail[j] -= grant_amount[i];
        char day[11], title[200];
        snprintf(day, sizeof day, "2025-10-%02zu", 6 + i);
        snprintf(title, sizeof title, "Grant: %s", g[i].title);
        rc = step(s, who, fund_commit, fund,
                  json_pack("{s:s, s:I, s:s, s:s, s:I, s:I, s:s, s:s}", "currency",
                            currencies[j], "amount", (json_int_t)grant_amount[i],
                            "date", day, "title", title, "proposal_id",
                            (json_int_t)g[i].proposal, "recipient_org_id",
                            (json_int_t)g[i].org, "start", "2026-01-01", "end",
                            "2028-12-31"),
                  &commitment[i], err);
    }
    int64_t envelope = 0;
    if (rc == SERAI_OK && open_call)
        rc = step(s, who, fund_commit, fund,
                  json_pack("{s:s, s:I, s:s, s:s, s:I}", "currency", "USD", "amount",
                            (json_int_t)200000000, "date", "2026-03-02", "title",
                            "Envelope of the open call", "call_id",
                            (json_int_t)open_call),
                  &envelope, err);
    /* Tranches: 40% at the start, a second of 30% for the first three; one
     * recipient returns 5% unspent; the last grant is closed early. */
    for (size_t i = 0; i < ng && commitment[i] && rc == SERAI_OK; i++) {
        int64_t total = grant_amount[i];
        rc = step(s, who, fund_disburse, commitment[i],
                  json_pack("{s:I, s:s}", "amount", (json_int_t)(total / 10 * 4),
                            "date", "2026-01-15"), NULL, err);
        if (rc == SERAI_OK && i < 3)
            rc = step(s, who, fund_disburse, commitment[i],
                      json_pack("{s:I, s:s}", "amount", (json_int_t)(total / 10 * 3),
                                "date", "2026-07-15"), NULL, err);
    }
    if (rc == SERAI_OK && ng > 1 && commitment[1])
        rc = step(s, who, fund_return, commitment[1],
                  json_pack("{s:I, s:s, s:s}", "amount",
                            (json_int_t)(grant_amount[1] / 20), "date",
                            "2026-09-01", "note", "travel budget not spent"),
                  NULL, err);
    if (rc == SERAI_OK && ng == DEMO_FUND_GRANTS && commitment[ng - 1])
        rc = step(s, who, fund_decommit, commitment[ng - 1],
                  json_pack("{s:s, s:b, s:s}", "date", "2026-10-01", "close", 1,
                            "note", "project ended early"), NULL, err);
    if (rc != SERAI_OK)
        return rc;
    int made = envelope != 0;
    for (size_t i = 0; i < ng; i++)
        made += commitment[i] != 0;
    *summary = json_pack("{s:I, s:s, s:i, s:i}", "id", (json_int_t)fund, "code",
                         "BRSF", "contributors", (int)nagency, "commitments", made);
    return SERAI_OK;
}
