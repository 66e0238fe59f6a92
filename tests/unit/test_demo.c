/*
 * test_demo.c -- the demonstration database meets what the foundation
 * issue asks of it, validates like any other data, and is reproducible.
 */
#include "agenda/agenda.h"
#include "audit/audit.h"
#include "core/clock.h"
#include "exchange/completion.h"
#include "auth/auth.h"
#include "check.h"
#include "demo/demo.h"
#include "demo/demo_data.h"
#include "project/call.h"
#include "project/proposal.h"
#include "registry/iso.h"
#include "review/pool.h"
#include "review/review.h"
#include "testdb.h"

static int64_t scalar(store *s, const char *sql)
{
    store_stmt *st;
    serai_err err;
    if (store_prepare(s, sql, &st, &err) != SERAI_OK)
        return -1;
    int64_t v = store_step(st, &err) == STORE_ROW ? store_col_int64(st, 0) : -1;
    store_reset(st);
    return v;
}

/* What one call of the demo holds, read through the library. */
typedef struct call_seen {
    int64_t id;
    char status[16], mode[24];
    int total, draft, submitted, eligible, in_review, ineligible, withdrawn;
    char failed[2048];   /* "|code|code|..." of every rule failed outright */
    json_t *call;        /* call_get */
} call_seen;

/* A proposal that went through review: under review, or past it (the
 * funding decisions of demo_decisions.c move it on). */
static bool reviewed(const char *status)
{
    static const char *const after[] = {"in_review", "selected", "reserve",
                                        "rejected", "funded"};
    for (size_t i = 0; i < sizeof after / sizeof *after; i++)
        if (strcmp(status, after[i]) == 0)
            return true;
    return false;
}

static bool failed(const call_seen *c, const char *code)
{
    char key[64];
    snprintf(key, sizeof key, "|%s|", code);
    return strstr(c->failed, key) != NULL;
}

/* Every proposal of call id that who may see, in id order. */
static json_t *proposals_of(store *s, const actor *who, int64_t id)
{
    json_t *all = json_array();
    serai_err err;
    proposal_filter f = {.call_id = id, .page = {.limit = 500}};
    for (;;) {
        json_t *list;
        if (proposal_list(s, who, &f, &list, &err) != SERAI_OK) {
            fprintf(stderr, "  proposal_list: %s\n", err.detail);
            break;
        }
        json_array_extend(all, json_object_get(list, "items"));
        json_t *next = json_object_get(list, "next");
        f.page.after = json_is_integer(next) ? json_integer_value(next) : 0;
        json_decref(list);
        if (f.page.after == 0)
            break;
    }
    return all;
}

/* The call of programme, with its proposals counted by status. */
static bool see_call(store *s, const char *programme, call_seen *c)
{
    memset(c, 0, sizeof *c);
    actor op = actor_operator();
    serai_err err;
    call_filter f = {.programme = programme, .page = {.limit = 10}};
    json_t *list;
    if (call_list(s, &op, &f, &list, &err) != SERAI_OK)
        return false;
    json_t *first = json_array_get(json_object_get(list, "items"), 0);
    c->id = first ? json_integer_value(json_object_get(first, "id")) : 0;
    json_decref(list);
    if (c->id == 0 || call_get(s, &op, c->id, &c->call, &err) != SERAI_OK)
        return false;
    snprintf(c->status, sizeof c->status, "%s",
             json_string_value(json_object_get(c->call, "status")));
    snprintf(c->mode, sizeof c->mode, "%s",
             json_string_value(json_object_get(c->call, "funding_mode")));
    json_t *props = proposals_of(s, &op, c->id);
    size_t i, k;
    json_t *p, *r;
    size_t used = 1;
    c->failed[0] = '|';
    json_array_foreach(props, i, p) {
        const char *st = json_string_value(json_object_get(p, "status"));
        c->total++;
        c->draft += strcmp(st, "draft") == 0;
        c->submitted += strcmp(st, "submitted") == 0;
        c->eligible += strcmp(st, "eligible") == 0;
        c->in_review += reviewed(st);
        c->ineligible += strcmp(st, "ineligible") == 0;
        c->withdrawn += strcmp(st, "withdrawn") == 0;
        json_t *rules = json_object_get(json_object_get(p, "eligibility"), "rules");
        json_array_foreach(rules, k, r) {
            const char *code = json_string_value(json_object_get(r, "code"));
            if (json_is_true(json_object_get(r, "pass")) ||
                json_is_true(json_object_get(r, "pending")) || code == NULL ||
                failed(c, code))
                continue;
            used += (size_t)snprintf(c->failed + used, sizeof c->failed - used,
                                     "%s|", code);
        }
    }
    json_decref(props);
    return true;
}

/* Every review of call id that who may see, in id order. */
static json_t *reviews_of(store *s, const actor *who, int64_t id)
{
    json_t *all = json_array();
    serai_err err;
    review_filter f = {.call_id = id, .page = {.limit = 500}};
    for (;;) {
        json_t *list;
        if (review_list(s, who, &f, &list, &err) != SERAI_OK) {
            fprintf(stderr, "  review_list: %s\n", err.detail);
            break;
        }
        json_array_extend(all, json_object_get(list, "items"));
        json_t *next = json_object_get(list, "next");
        f.page.after = json_is_integer(next) ? json_integer_value(next) : 0;
        json_decref(list);
        if (f.page.after == 0)
            break;
    }
    return all;
}

/* What the review of the closed call id holds, one line per record
 * (without the times of the run): set-up, pool, reviews, ranking. */
static size_t review_digest(store *s, int64_t id, char **out, size_t *cap,
                            size_t n)
{
    actor op = actor_operator();
    serai_err err;
    json_t *j, *it;
    size_t i;
#define ROOM(more)                                                          \
    do {                                                                    \
        while (n + (more) + 64 > *cap)                                      \
            *out = realloc(*out, *cap *= 2);                                \
    } while (0)
    if (review_setup_get(s, &op, id, &j, &err) == SERAI_OK) {
        char *text = json_dumps(json_object_get(j, "scheme"),
                                JSON_COMPACT | JSON_SORT_KEYS);
        ROOM(strlen(text));
        n += (size_t)snprintf(*out + n, *cap - n, "setup %lld %d %s\n",
                              (long long)json_integer_value(
                                  json_object_get(j, "per_proposal")),
                              json_is_true(json_object_get(
                                  j, "exclude_applicant_countries")),
                              text);
        free(text);
        json_decref(j);
    }
    if (reviewer_list(s, &op, id, &j, &err) == SERAI_OK) {
        json_array_foreach(json_object_get(j, "items"), i, it) {
            const char *reason = json_string_value(json_object_get(it, "reason"));
            ROOM(200 + (reason ? strlen(reason) : 0));
            n += (size_t)snprintf(
                *out + n, *cap - n, "reviewer %lld %s %lld-%lld %s\n",
                (long long)json_integer_value(json_object_get(it, "person_id")),
                json_string_value(json_object_get(it, "status")),
                (long long)json_integer_value(json_object_get(it, "min_load")),
                (long long)json_integer_value(json_object_get(it, "max_load")),
                reason ? reason : "-");
        }
        json_decref(j);
    }
    json_t *reviews = reviews_of(s, &op, id);
    json_array_foreach(reviews, i, it) {
        char *scores = json_dumps(json_object_get(it, "scores"),
                                  JSON_COMPACT | JSON_SORT_KEYS);
        const char *comments = json_string_value(json_object_get(it, "comments"));
        ROOM(strlen(scores) + strlen(comments ? comments : "") + 100);
        n += (size_t)snprintf(
            *out + n, *cap - n, "review %lld %lld %lld %s %s %s\n",
            (long long)json_integer_value(json_object_get(it, "id")),
            (long long)json_integer_value(json_object_get(it, "proposal_id")),
            (long long)json_integer_value(json_object_get(it, "person_id")),
            json_string_value(json_object_get(it, "status")), scores,
            comments ? comments : "");
        free(scores);
    }
    json_decref(reviews);
    if (ranking_get(s, &op, id, &j, &err) == SERAI_OK) {
        json_array_foreach(json_object_get(j, "items"), i, it) {
            ROOM(100);
            json_t *score = json_object_get(it, "score");
            const char *source = json_string_value(json_object_get(it, "source"));
            n += (size_t)snprintf(
                *out + n, *cap - n, "rank %lld %lld%s %g %s %d\n",
                (long long)json_integer_value(json_object_get(it, "proposal_id")),
                (long long)json_integer_value(json_object_get(it, "rank")),
                json_is_true(json_object_get(it, "tied")) ? "=" : "",
                json_is_number(score) ? json_number_value(score) : -1.0,
                source ? source : "-",
                json_is_true(json_object_get(it, "below_threshold")));
        }
        json_decref(j);
    }
#undef ROOM
    return n;
}

/* The demo's first organisations, its calls and their proposals as one
 * line per record: what the same seed must give again (names, ids,
 * statuses, consortia and budgets, the rules failed, and the closed
 * calls' review: set-up, pool, reviews with their scores, ranking). */
static char *demo_digest(store *s)
{
    static const char names_sqlite[] =
        "SELECT group_concat(name, '|') FROM (SELECT name FROM organization "
        "ORDER BY id LIMIT 40)";
    static const char names_pg[] =
        "SELECT string_agg(name, '|' ORDER BY id) FROM (SELECT id, name FROM "
        "organization ORDER BY id LIMIT 40) AS first";
    actor op = actor_operator();
    serai_err err;
    size_t cap = 1 << 16, n = 0, i, k, j;
    char *out = calloc(1, cap);
    store_stmt *st;
    if (store_prepare(s, testdb_sql(s, names_sqlite, names_pg), &st, &err) ==
        SERAI_OK) {
        if (store_step(st, &err) == STORE_ROW)
            n += (size_t)snprintf(out, cap / 2, "%s\n", store_col_text(st, 0));
        store_reset(st);
    }
    call_filter f = {.page = {.limit = 10}};
    json_t *list;
    if (call_list(s, &op, &f, &list, &err) != SERAI_OK)
        return out;
    json_t *c, *p, *pa, *r;
    json_array_foreach(json_object_get(list, "items"), i, c) {
        n += (size_t)snprintf(out + n, cap - n, "%s %s %s %zu funders\n",
                              json_string_value(json_object_get(c, "programme")),
                              json_string_value(json_object_get(c, "status")),
                              json_string_value(json_object_get(c, "funding_mode")),
                              json_array_size(json_object_get(c, "funders")));
        json_t *props =
            proposals_of(s, &op, json_integer_value(json_object_get(c, "id")));
        json_array_foreach(props, k, p) {
            if (n + 4096 > cap)
                out = realloc(out, cap *= 2);
            n += (size_t)snprintf(
                out + n, cap - n, "%lld %s %s %lld",
                (long long)json_integer_value(json_object_get(p, "id")),
                json_string_value(json_object_get(p, "acronym")),
                json_string_value(json_object_get(p, "status")),
                (long long)json_integer_value(json_object_get(p, "duration_months")));
            json_array_foreach(json_object_get(p, "partners"), j, pa)
                n += (size_t)snprintf(
                    out + n, cap - n, " %lld:%lld",
                    (long long)json_integer_value(json_object_get(pa, "organization_id")),
                    (long long)json_integer_value(json_object_get(pa, "budget")));
            json_t *rules = json_object_get(json_object_get(p, "eligibility"), "rules");
            json_array_foreach(rules, j, r)
                if (!json_is_true(json_object_get(r, "pass")))
                    n += (size_t)snprintf(out + n, cap - n, " !%s",
                                          json_string_value(json_object_get(r, "code")));
            n += (size_t)snprintf(out + n, cap - n, "\n");
        }
        json_decref(props);
        if (strcmp(json_string_value(json_object_get(c, "status")), "closed") == 0)
            n = review_digest(s, json_integer_value(json_object_get(c, "id")), &out,
                              &cap, n);
    }
    json_decref(list);
    return out;
}

static char *first_digest;   /* of seed 7, for test_demo_reproducible */

static void test_demo_calls(store *s, json_t *summary)
{
    /* the summary names the three calls */
    json_t *calls = json_object_get(summary, "calls");
    CHECK_INT(json_array_size(calls), 3);
    json_int_t sum = 0;
    size_t i;
    json_t *c;
    json_array_foreach(calls, i, c)
        sum += json_integer_value(json_object_get(c, "proposals"));
    CHECK_INT(json_integer_value(json_object_get(summary, "proposals")), sum);
    CHECK(sum >= 280 && sum <= 340);

    call_seen sme, cra, net;
    CHECK(see_call(s, "SME Innovation Partnership", &sme));
    CHECK(see_call(s, "Collaborative Research Action", &cra));
    CHECK(see_call(s, "Science and Technology Networks", &net));
    CHECK_STR(sme.status, "open");
    CHECK_STR(cra.status, "closed");
    CHECK_STR(net.status, "closed");
    CHECK_STR(sme.mode, "virtual_common_pot");
    CHECK_STR(cra.mode, "virtual_common_pot");
    CHECK_STR(net.mode, "real_common_pot");
    CHECK(sme.total >= 140 && sme.total <= 160);
    CHECK(cra.total >= 90 && cra.total <= 110);
    CHECK(net.total >= 50 && net.total <= 70);
    call_seen *all[] = {&sme, &cra, &net};
    for (int k = 0; k < 3; k++) {
        CHECK(all[k]->eligible + all[k]->in_review > 0 && all[k]->ineligible > 0);
        CHECK(all[k]->draft > 0 && all[k]->withdrawn > 0);
        CHECK_INT(all[k]->total, all[k]->draft + all[k]->submitted +
                                     all[k]->eligible + all[k]->in_review +
                                     all[k]->ineligible + all[k]->withdrawn);
    }
    /* the closed calls are under review: every eligible proposal is */
    CHECK_INT(sme.in_review, 0);
    CHECK_INT(cra.eligible, 0);
    CHECK_INT(net.eligible, 0);
    CHECK(cra.in_review > 0 && net.in_review > 0);
    /* the open call still awaits commitment forms; the closed ones do not */
    CHECK(sme.submitted > 0);
    CHECK_INT(cra.submitted, 0);
    CHECK_INT(net.submitted, 0);
    if (sme.total < 140 || cra.total < 90 || net.total < 50 || sme.submitted == 0)
        fprintf(stderr, "  proposals %d %d %d, awaiting forms %d\n", sme.total,
                cra.total, net.total, sme.submitted);

    /* every kind of ineligibility the demo means to show */
    static const char *const sme_codes[] = {
        "min_countries", "min_share_by_type", "lead_type",
        "max_share_per_organisation", "duration", "commitment",
        "max_applications_per_person", NULL};
    static const char *const cra_codes[] = {"min_countries", "national_annex",
                                            "duration", "commitment", NULL};
    static const char *const net_codes[] = {"min_countries",
                                            "target_country_quota", "duration",
                                            NULL};
    const char *const *codes[] = {sme_codes, cra_codes, net_codes};
    for (int k = 0; k < 3; k++)
        for (const char *const *code = codes[k]; *code; code++) {
            CHECK(failed(all[k], *code));
            if (!failed(all[k], *code))
                fprintf(stderr, "  no proposal fails %s in call %lld (%s)\n",
                        *code, (long long)all[k]->id, all[k]->failed);
        }

    /* funders: the SME call in euros, from several countries; the research
     * action's each in its country's currency, paying only its own */
    json_t *f;
    int eur = 0, n = 0, own = 0, national = 0;
    json_array_foreach(json_object_get(sme.call, "funders"), i, f) {
        n++;
        eur += strcmp(json_string_value(json_object_get(f, "currency")), "EUR") == 0;
    }
    CHECK(n >= 4);
    CHECK_INT(eur, n);
    CHECK(json_array_size(json_object_get(sme.call, "participating_countries")) >= 4);
    n = 0;
    char first_currency[4] = "";
    bool several = false;
    json_array_foreach(json_object_get(cra.call, "funders"), i, f) {
        n++;
        const char *cur = json_string_value(json_object_get(f, "currency"));
        const char *country = json_string_value(json_object_get(f, "country"));
        own += json_is_true(json_object_get(json_object_get(f, "annex"),
                                            "own_country_only"));
        for (size_t d = 0; d < demo_country_count; d++)
            if (strcmp(demo_countries[d].alpha2, country) == 0)
                national += strcmp(demo_countries[d].currency, cur) == 0;
        if (!first_currency[0])
            snprintf(first_currency, sizeof first_currency, "%s", cur);
        several = several || strcmp(first_currency, cur) != 0;
    }
    CHECK(n >= 3);
    CHECK_INT(own, n);
    CHECK_INT(national, n);
    CHECK(several);
    CHECK(json_array_size(json_object_get(net.call, "funders")) >= 1);
    json_t *rules = json_object_get(net.call, "rules");
    CHECK_INT(json_integer_value(json_object_get(rules, "min_countries")), 7);
    CHECK(json_object_get(rules, "target_country_quota") != NULL);
    for (int k = 0; k < 3; k++)
        json_decref(all[k]->call);

    /* the applicant logs in and finds its own proposals, drafts among them */
    const char *password = NULL;
    json_array_foreach(json_object_get(summary, "accounts"), i, c)
        if (strcmp(json_string_value(json_object_get(c, "role")), "applicant") == 0)
            password = json_string_value(json_object_get(c, "password"));
    CHECK(password != NULL);
    json_t *login = NULL;
    serai_err err;
    actor me = {0};
    CHECK_INT(auth_login(s, "applicant@serai.example", password ? password : "",
                         &login, &err), SERAI_OK);
    CHECK_INT(auth_resolve(s, json_string_value(json_object_get(login, "token")),
                           &me, &err), SERAI_OK);
    json_decref(login);
    CHECK_INT(me.role, ROLE_APPLICANT);
    json_t *mine = proposals_of(s, &me, 0);
    int owned = 0, drafts = 0, calls_seen = 0;
    int64_t last_call = 0;
    json_t *p;
    json_array_foreach(mine, i, p) {
        if (json_integer_value(json_object_get(p, "created_by")) != me.account_id)
            continue;
        owned++;
        drafts += strcmp(json_string_value(json_object_get(p, "status")), "draft") == 0;
        int64_t call = json_integer_value(json_object_get(p, "call_id"));
        calls_seen += call != last_call;
        last_call = call;
    }
    json_decref(mine);
    CHECK(owned >= 5);
    CHECK(drafts >= 3);
    CHECK(calls_seen >= 3);
}

/* key "proposal:person" */
static void pair_key(char *key, size_t size, json_t *item)
{
    snprintf(key, size, "%lld:%lld",
             (long long)json_integer_value(json_object_get(item, "proposal_id")),
             (long long)json_integer_value(json_object_get(item, "person_id")));
}

/* The review of closed call c (a call object of the summary). */
static void check_call_review(store *s, json_t *c)
{
    actor op = actor_operator();
    serai_err err;
    int64_t id = json_integer_value(json_object_get(c, "id"));
    bool cra = strcmp(json_string_value(json_object_get(c, "programme")),
                      "Collaborative Research Action") == 0;
    size_t i, k;
    json_t *it, *x;

    /* the set-up: 3 per proposal, 0-5 in halves, 3 criteria with
     * thresholds, the outlier rule, excellence then countries; the
     * research action excludes the applicants' countries */
    json_t *setup;
    CHECK_INT(review_setup_get(s, &op, id, &setup, &err), SERAI_OK);
    if (setup == NULL)
        return;
    json_t *scheme = json_object_get(setup, "scheme");
    CHECK_INT(json_integer_value(json_object_get(setup, "per_proposal")), 3);
    CHECK_INT(json_integer_value(json_object_get(setup, "max_same_country")), 1);
    CHECK_INT(json_is_true(json_object_get(setup, "exclude_applicant_countries")),
              cra);
    CHECK(json_number_value(json_object_get(json_object_get(scheme, "scale"),
                                            "step")) == 0.5);
    json_t *crit = json_object_get(scheme, "criteria");
    CHECK_INT(json_array_size(crit), 3);
    static const char *const codes[] = {"excellence", "impact", "implementation"};
    json_array_foreach(crit, i, x) {
        CHECK_STR(json_string_value(json_object_get(x, "code")), codes[i < 3 ? i : 0]);
        CHECK(json_is_number(json_object_get(x, "threshold")));
    }
    CHECK(json_is_number(json_object_get(scheme, "overall_threshold")));
    CHECK(json_is_true(json_object_get(scheme, "outlier_rule")));
    json_t *tb = json_object_get(scheme, "tie_breaks");
    CHECK_INT(json_array_size(tb), 2);
    CHECK_STR(json_string_value(json_array_get(tb, 0)), "excellence");
    CHECK_STR(json_string_value(json_array_get(tb, 1)), "countries");
    json_decref(setup);

    /* the pool: most accepted, a few declined with a reason */
    json_t *pool;
    CHECK_INT(reviewer_list(s, &op, id, &pool, &err), SERAI_OK);
    if (pool == NULL)
        return;
    int accepted = 0, declined = 0, invited = 0;
    json_t *country = json_object();   /* person id -> country */
    json_array_foreach(json_object_get(pool, "items"), i, it) {
        const char *st = json_string_value(json_object_get(it, "status"));
        accepted += strcmp(st, "accepted") == 0;
        invited += strcmp(st, "invited") == 0;
        if (strcmp(st, "declined") == 0) {
            declined++;
            const char *reason = json_string_value(json_object_get(it, "reason"));
            CHECK(reason != NULL && reason[0] != '\0');
        }
        int64_t lo = json_integer_value(json_object_get(it, "min_load")),
                hi = json_integer_value(json_object_get(it, "max_load"));
        CHECK(lo >= 0 && lo <= 2 && hi >= 6 && hi <= 10);
        char key[24];
        snprintf(key, sizeof key, "%lld",
                 (long long)json_integer_value(json_object_get(it, "person_id")));
        json_object_set(country, key, json_object_get(it, "country"));
    }
    json_decref(pool);
    CHECK(declined > 0 && accepted > 3 * declined);
    CHECK(accepted >= 12);

    /* reviews in every state; the summary says as much */
    json_t *reviews = reviews_of(s, &op, id);
    int by[4] = {0};
    static const char *const states[] = {"assigned", "conflict", "draft",
                                         "submitted"};
    json_array_foreach(reviews, i, it)
        for (k = 0; k < 4; k++)
            by[k] += strcmp(json_string_value(json_object_get(it, "status")),
                            states[k]) == 0;
    for (k = 0; k < 4; k++) {
        CHECK(by[k] > 0);
        if (by[k] == 0)
            fprintf(stderr, "  call %lld has no %s review\n", (long long)id,
                    states[k]);
    }
    CHECK(by[3] > 2 * (by[0] + by[2]));
    json_t *sum = json_object_get(c, "reviews");
    CHECK_INT(json_integer_value(json_object_get(sum, "assigned")),
              (json_int_t)json_array_size(reviews));
    CHECK_INT(json_integer_value(json_object_get(sum, "submitted")), by[3]);
    CHECK_INT(json_integer_value(json_object_get(sum, "conflicts")), by[1]);
    CHECK_INT(json_integer_value(json_object_get(sum, "unfilled")), 0);

    /* no review without a conflict pairs a reviewer with a proposal it
     * conflicts with; the declared conflicts are listed as such */
    json_t *conflicts, *conflicted = json_object();
    CHECK_INT(conflict_list(s, &op, id, &conflicts, &err), SERAI_OK);
    json_array_foreach(json_object_get(conflicts, "items"), i, it) {
        char key[48];
        pair_key(key, sizeof key, it);
        json_object_set(conflicted, key, json_object_get(it, "reasons"));
    }
    json_decref(conflicts);
    CHECK(json_object_size(conflicted) > 0);
    json_t *active = json_object();   /* proposal id -> [countries] */
    int bad = 0;
    json_array_foreach(reviews, i, it) {
        char key[48], pid[24];
        pair_key(key, sizeof key, it);
        json_t *reasons = json_object_get(conflicted, key);
        if (strcmp(json_string_value(json_object_get(it, "status")), "conflict") == 0) {
            bool declared = false;
            json_array_foreach(reasons, k, x)
                declared = declared ||
                           strcmp(json_string_value(json_object_get(x, "code")),
                                  "declared") == 0;
            CHECK(declared);
            continue;
        }
        bad += reasons != NULL;
        snprintf(pid, sizeof pid, "%lld",
                 (long long)json_integer_value(json_object_get(it, "proposal_id")));
        char person[24];
        snprintf(person, sizeof person, "%lld",
                 (long long)json_integer_value(json_object_get(it, "person_id")));
        json_t *list = json_object_get(active, pid);
        if (list == NULL) {
            list = json_array();
            json_object_set_new(active, pid, list);
        }
        json_t *cc = json_object_get(country, person);
        json_array_foreach(list, k, x)
            bad += json_equal(x, cc);   /* at most one reviewer of a country */
        json_array_append(list, cc);
        /* submitted scores on the scale, the overall their sum */
        if (strcmp(json_string_value(json_object_get(it, "status")), "submitted") == 0) {
            double total = 0;
            for (k = 0; k < 3; k++) {
                double v = json_number_value(json_object_get(
                    json_object_get(it, "scores"), codes[k]));
                CHECK(v >= 0 && v <= 5 && v * 2 == (double)(int)(v * 2));
                total += v;
            }
            CHECK(json_number_value(json_object_get(it, "overall")) == total);
        }
    }
    CHECK_INT(bad, 0);
    json_decref(conflicted);
    json_decref(country);
    json_decref(reviews);

    /* every proposal under review has its three reviewers */
    json_t *props = proposals_of(s, &op, id);
    int under = 0;
    json_array_foreach(props, i, it) {
        if (!reviewed(json_string_value(json_object_get(it, "status"))))
            continue;
        under++;
        char pid[24];
        snprintf(pid, sizeof pid, "%lld",
                 (long long)json_integer_value(json_object_get(it, "id")));
        CHECK_INT(json_array_size(json_object_get(active, pid)), 3);
    }
    json_decref(props);
    json_decref(active);

    /* the ranking list: every proposal under review, ranks in order, the
     * scored before the unscored, those meeting the thresholds before
     * those below, scores descending within each group */
    json_t *ranking;
    CHECK_INT(ranking_get(s, &op, id, &ranking, &err), SERAI_OK);
    if (ranking == NULL)
        return;
    json_t *items = json_object_get(ranking, "items");
    CHECK_INT(json_array_size(items), under);
    int below = 0, consensus = 0, dropped = 0, prev_group = 0;
    double prev_score = 1e9;
    json_array_foreach(items, i, it) {
        int rank = (int)json_integer_value(json_object_get(it, "rank"));
        bool tied = json_is_true(json_object_get(it, "tied"));
        json_t *prev = i ? json_array_get(items, i - 1) : NULL;
        int prev_rank = prev ? (int)json_integer_value(json_object_get(prev, "rank")) : 0;
        if (prev && tied && json_is_true(json_object_get(prev, "tied")) &&
            rank == prev_rank)
            ;   /* shares the rank of the one before */
        else
            CHECK_INT(rank, (int)i + 1);
        json_t *score = json_object_get(it, "score");
        bool is_below = json_is_true(json_object_get(it, "below_threshold"));
        int group = !json_is_number(score) ? 2 : is_below ? 1 : 0;
        CHECK(group >= prev_group);
        if (group != prev_group)
            prev_score = 1e9;
        if (json_is_number(score)) {
            CHECK(json_number_value(score) <= prev_score);
            prev_score = json_number_value(score);
        }
        prev_group = group;
        below += is_below;
        CHECK_INT(is_below, json_array_size(json_object_get(it, "thresholds_failed")) > 0);
        const char *source = json_string_value(json_object_get(it, "source"));
        consensus += source && strcmp(source, "consensus") == 0;
        dropped += json_is_true(json_object_get(it, "outlier_dropped"));
    }
    json_decref(ranking);
    CHECK(below > 0 && below < under / 2);
    CHECK(consensus > 0);
    CHECK(dropped > 0);
    CHECK_INT(json_integer_value(json_object_get(sum, "below_threshold")), below);
    CHECK_INT(json_integer_value(json_object_get(sum, "consensus")), consensus);
}

static void test_demo_reviews(store *s, json_t *summary)
{
    size_t i;
    json_t *c;
    int closed = 0;
    json_array_foreach(json_object_get(summary, "calls"), i, c) {
        if (strcmp(json_string_value(json_object_get(c, "status")), "closed") != 0) {
            CHECK(json_object_get(c, "reviews") == NULL);
            continue;
        }
        closed++;
        check_call_review(s, c);
    }
    CHECK_INT(closed, 2);

    /* the demo reviewer logs in and finds work to do: reviews to open, in
     * both closed calls; it sees the proposals of the reviews it opened
     * and not the others */
    const char *password = NULL;
    json_array_foreach(json_object_get(summary, "accounts"), i, c)
        if (strcmp(json_string_value(json_object_get(c, "role")), "reviewer") == 0)
            password = json_string_value(json_object_get(c, "password"));
    CHECK(password != NULL);
    json_t *login = NULL;
    serai_err err;
    actor me = {0};
    CHECK_INT(auth_login(s, "reviewer@serai.example", password ? password : "",
                         &login, &err), SERAI_OK);
    CHECK_INT(auth_resolve(s, json_string_value(json_object_get(login, "token")),
                           &me, &err), SERAI_OK);
    json_decref(login);
    CHECK_INT(me.role, ROLE_REVIEWER);
    CHECK(me.person_id > 0);
    json_t *mine = reviews_of(s, &me, 0);
    int to_open = 0, opened = 0, calls = 0;
    int64_t last_call = 0;
    json_array_foreach(mine, i, c) {
        CHECK_INT(json_integer_value(json_object_get(c, "person_id")), me.person_id);
        const char *st = json_string_value(json_object_get(c, "status"));
        int64_t call = json_integer_value(json_object_get(c, "call_id"));
        calls += call != last_call;
        last_call = call;
        json_t *p = NULL;
        serai_code rc = proposal_get(
            s, &me, json_integer_value(json_object_get(c, "proposal_id")), &p, &err);
        json_decref(p);
        if (strcmp(st, "assigned") == 0) {
            to_open++;
            CHECK_INT(rc, SERAI_ENOTFOUND);
        } else if (strcmp(st, "draft") == 0 || strcmp(st, "submitted") == 0) {
            opened++;
            CHECK_INT(rc, SERAI_OK);
        }
    }
    json_decref(mine);
    CHECK(to_open >= 2);
    CHECK(opened >= 2);
    CHECK_INT(calls, 2);
}

/* The agenda process: fifteen issues, twelve in the vote, comments with
 * replies, amendments decided, ballots from twenty delegations (one with
 * two delegates), six adopted, and the adopted issues linked to calls
 * whose grants carry money. */
static void test_demo_agenda(store *s, json_t *summary)
{
    json_t *a = json_object_get(summary, "agenda");
    CHECK(a != NULL);
    int64_t id = json_integer_value(json_object_get(a, "id"));
    CHECK_INT(json_integer_value(json_object_get(a, "issues")), 15);
    CHECK_INT(json_integer_value(json_object_get(a, "ballots")), 21);
    CHECK_INT(json_array_size(json_object_get(a, "adopted")), 6);
    CHECK(json_integer_value(json_object_get(a, "links")) >= 2);
    CHECK_INT(scalar(s, "SELECT count(*) FROM agenda_issue WHERE status = 'not_adopted' "
                        "AND place IS NULL"), 3);
    CHECK_INT(scalar(s, "SELECT count(*) FROM agenda_comment WHERE parent_id IS NOT NULL"), 6);
    CHECK_INT(scalar(s, "SELECT count(*) FROM agenda_amendment WHERE status <> 'proposed'"), 2);
    CHECK_INT(scalar(s, "SELECT count(DISTINCT membership_id) FROM agenda_ballot"), 20);
    CHECK_INT(scalar(s, "SELECT count(*) FROM agenda_issue_text WHERE lang = 'zh'"), 15);
    actor pub = {.role = ROLE_PUBLIC};
    json_t *out = NULL;
    serai_err err;
    CHECK_INT(agenda_tally(s, &pub, id, &out, &err), SERAI_OK);
    CHECK_INT(json_integer_value(json_object_get(out, "scale")), 2);
    CHECK_INT(json_array_size(json_object_get(out, "candidates")), 12);
    CHECK(json_array_size(json_object_get(json_object_get(out, "consensus"), "ranking")) == 12);
    json_decref(out);
    CHECK_INT(agenda_adopted(s, &pub, id, "zh", &out, &err), SERAI_OK);
    json_t *issues = json_object_get(out, "issues");
    CHECK_INT(json_array_size(issues), 6);
    size_t i, linked = 0, with_money = 0;
    json_int_t last = 1;
    json_t *is;
    json_array_foreach(issues, i, is) {
        /* best first; tied issues share a place */
        json_int_t place = json_integer_value(json_object_get(is, "place"));
        CHECK(place >= last && place <= (json_int_t)i + 1);
        last = place;
        linked += json_array_size(json_object_get(is, "calls")) > 0;
        with_money += json_object_size(json_object_get(is, "paid")) > 0;
        /* each funded project names its partners' countries and funders */
        size_t c;
        json_t *call;
        json_array_foreach(json_object_get(is, "calls"), c, call) {
            size_t f;
            json_t *fp;
            json_array_foreach(json_object_get(call, "funded"), f, fp) {
                CHECK(json_array_size(json_object_get(fp, "countries")) >= 1);
                CHECK(json_array_size(json_object_get(fp, "funders")) >= 1);
            }
        }
    }
    CHECK(linked >= 2);
    CHECK(with_money >= 1);
    json_decref(out);
}

/* The exchange model: offers and requests with interests, a draft that
 * consortium completion completes with the SME the demo adds, a forum with
 * a waiting list, a training course held, and a brokerage schedule. */
static void test_demo_exchange(store *s, json_t *summary)
{
    json_t *x = json_object_get(summary, "exchange");
    CHECK(x != NULL);
    CHECK_INT(json_integer_value(json_object_get(x, "market_items")), 6);
    CHECK(json_integer_value(json_object_get(x, "interests")) >= 4);
    CHECK_INT(scalar(s, "SELECT count(*) FROM market_interest WHERE status = 'accepted'"), 1);
    int64_t draft = json_integer_value(json_object_get(x, "completion_draft"));
    CHECK(draft > 0);
    json_t *out = NULL;
    serai_err err;
    actor op = actor_operator();
    CHECK_INT(completion_suggest(s, &op, draft, clock_now(), NULL, &out, &err), SERAI_OK);
    json_t *first = json_array_get(json_object_get(out, "suggestions"), 0);
    CHECK_STR(json_string_value(json_object_get(first, "name")), "Hydrosense Labs");
    CHECK(json_is_true(json_object_get(first, "completes")));
    json_decref(out);
    CHECK_INT(json_integer_value(json_object_get(x, "platforms")), 4);
    CHECK_INT(scalar(s, "SELECT count(*) FROM platform_member WHERE role = 'mc_chair'"), 4);
    CHECK_INT(scalar(s, "SELECT count(DISTINCT country) FROM platform_member WHERE "
                        "platform_id = 1"), 14);
    json_t *ev = json_object_get(x, "events");
    CHECK_INT(json_integer_value(json_object_get(ev, "registrations")), 48);
    CHECK_INT(json_integer_value(json_object_get(ev, "attended")), 10);
    CHECK(scalar(s, "SELECT count(*) FROM event_registration WHERE status = 'waiting'") > 0);
    CHECK(scalar(s, "SELECT count(*) FROM event_session") >= 5);
    int64_t scheduled = json_integer_value(json_object_get(ev, "meetings_scheduled"));
    int64_t bound = json_integer_value(json_object_get(ev, "meetings_bound"));
    CHECK(scheduled > 50 && scheduled <= bound && scheduled * 10 >= bound * 9);
    CHECK_INT(scalar(s, "SELECT count(*) FROM meeting_request WHERE slot_id IS NOT NULL"),
              scheduled);
}

static void test_demo_contents(void)
{
    testdb t;
    store *s = testdb_open(&t);
    json_t *summary;
    serai_err err;
    CHECK_INT(demo_build(s, 7, &summary, &err), SERAI_OK);
    CHECK(json_integer_value(json_object_get(summary, "countries")) >= 40);
    CHECK_INT(json_array_size(json_object_get(summary, "accounts")), 6);
    test_demo_calls(s, summary);
    test_demo_reviews(s, summary);
    test_demo_agenda(s, summary);
    test_demo_exchange(s, summary);
    json_decref(summary);
    first_digest = demo_digest(s);

    static const char orgs[] = "SELECT count(*) FROM organization";
    static const char firms[] =
        "SELECT count(*) FROM organization WHERE type IN ('sme', 'enterprise')";
    static const char types[] = "SELECT count(DISTINCT type) FROM organization";
    static const char people[] = "SELECT count(*) FROM person";
    static const char profiles[] =
        "SELECT count(*) FROM person WHERE expertise IS NULL OR keywords = '[]'";
    static const char members[] =
        "SELECT count(*) FROM membership WHERE status = 'member'";
    int64_t n = scalar(s, orgs);
    CHECK(n >= 300);
    CHECK(scalar(s, firms) * 3 >= n);
    CHECK_INT(scalar(s, types), 7);
    CHECK_INT(scalar(s, people), 2001); /* and the engineer of the exchange demo's SME */
    CHECK_INT(scalar(s, profiles), 0);
    CHECK(scalar(s, members) >= 40);

    /* members on every continent the issue names */
    static const char codes[] =
        "SELECT country FROM membership WHERE status = 'member'";
    store_stmt *st;
    CHECK_INT(store_prepare(s, codes, &st, &err), SERAI_OK);
    int asia = 0, africa = 0, europe = 0, latam = 0;
    while (store_step(st, &err) == STORE_ROW) {
        const iso_country *c = iso_country_by_alpha2(store_col_text(st, 0));
        CHECK(c != NULL);
        if (c == NULL)
            continue;
        asia += strcmp(c->region, "Asia") == 0;
        africa += strcmp(c->region, "Africa") == 0;
        europe += strcmp(c->region, "Europe") == 0;
        latam += strcmp(c->subregion, "Latin America and the Caribbean") == 0;
    }
    store_reset(st);
    CHECK(asia > 0 && africa > 0 && europe > 0 && latam > 0);
    if (!(asia && africa && europe && latam))
        fprintf(stderr, "  asia %d africa %d europe %d latam %d\n", asia, africa,
                europe, latam);

    audit_report rep;
    CHECK_INT(audit_verify(s, &rep, &err), SERAI_OK);
    CHECK_INT(rep.first_bad, 0);
    CHECK(rep.checked > 2300);

    /* a second run refuses to mix demo data into a used database */
    CHECK_INT(demo_build(s, 7, &summary, &err), SERAI_ECONFLICT);
    testdb_close(&t);
}

static void test_demo_reproducible(void)
{
    /* The same seed again (test_demo_contents built seed 7): the same
     * registry, calls and proposals, judged alike. */
    testdb t;
    store *s = testdb_open(&t);
    json_t *summary;
    serai_err err;
    CHECK_INT(demo_build(s, 7, &summary, &err), SERAI_OK);
    json_decref(summary);
    char *again = demo_digest(s);
    CHECK(first_digest != NULL && strlen(again) > 10000);
    CHECK_STR(again, first_digest ? first_digest : "");
    free(again);
    free(first_digest);
    first_digest = NULL;
    testdb_close(&t);
}

int main(void)
{
    RUN(test_demo_contents);
    RUN(test_demo_reproducible);
    return check_report();
}
