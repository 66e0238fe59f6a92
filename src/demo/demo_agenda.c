/*
 * demo_agenda.c -- the demonstration's issue-setting process: fifteen
 * global common issues proposed by member countries (English and Chinese
 * texts, SDG tags), support that lifts twelve into the consultation,
 * comments with replies, two amendments, ranked ballots from the
 * delegations of twenty member countries (one of them sends two delegates),
 * the Schulze count under one member one vote, and the adopted agenda
 * linked to the demo calls that address it.  Everything goes through the
 * library as the secretariat and as each delegate would.
 *
 * Ballots follow each region's interests: a base appeal per issue, a bias
 * per region, and seeded noise; each delegate ranks its six first choices.
 */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "agenda/agenda.h"
#include "auth/auth.h"
#include "demo/demo_calls.h"

#define AGENDA_VOTERS 20   /* member countries whose delegations vote */
#define AGENDA_RANKED 6    /* issues each ballot ranks */

typedef struct demo_issue {
    const char *code, *title, *title_zh, *summary, *summary_zh;
    int sdg[2];
    int appeal;            /* base appeal, 0..10 */
    int supporters;        /* members who support it besides its proposer */
} demo_issue;

/* Three find no second and third supporter and stay proposed. */
static const demo_issue issues[] = {
    {"WATER", "Water security in transboundary river basins", "跨境流域水安全",
     "Shared monitoring, forecasting and allocation of water across borders.",
     "跨境水资源的共同监测、预报与分配。", {6, 13}, 9, 5},
    {"CLIMATE", "Climate adaptation for smallholder agriculture", "小农农业气候适应",
     "Crops, practices and services that keep small farms productive under climate "
     "extremes.", "在极端气候下保持小农生产力的作物、做法与服务。", {2, 13}, 9, 6},
    {"FOOD", "Food security and resilient supply chains", "粮食安全与韧性供应链",
     "Storage, logistics and trade that keep food available through shocks.",
     "在冲击中保障粮食供应的储存、物流与贸易。", {2, 12}, 8, 4},
    {"DISASTER", "Multi-hazard early warning for disaster risk reduction",
     "多灾种早期预警与减灾", "Early warning that reaches everyone, from sensors to "
     "last-mile communication.", "从传感器到最后一公里传播、覆盖所有人的早期预警。",
     {11, 13}, 7, 4},
    {"HEALTH", "Pandemic preparedness and One Health", "大流行病防范与同一健康",
     "Surveillance across human, animal and environmental health.",
     "覆盖人类、动物与环境健康的监测。", {3, 0}, 7, 3},
    {"DIGITAL", "Digital transformation and open research infrastructure",
     "数字化转型与开放科研基础设施", "Shared data, computing and standards for "
     "research across member countries.", "成员国间共享的科研数据、算力与标准。",
     {9, 17}, 7, 4},
    {"ENERGY", "Clean energy transition for cities", "城市清洁能源转型",
     "Renewable supply, storage and efficient buildings for growing cities.",
     "面向增长中城市的可再生能源供应、储能与高效建筑。", {7, 11}, 6, 3},
    {"AI", "Artificial intelligence for science and its governance",
     "科学研究中的人工智能及其治理", "AI methods for research, with rules on data, "
     "compute and accountability.", "用于科研的人工智能方法，以及关于数据、算力与问责的规则。",
     {9, 16}, 5, 2},
    {"OCEAN", "Ocean health and sustainable fisheries", "海洋健康与可持续渔业",
     "Observation, stock assessment and management of shared seas.",
     "共享海域的观测、资源评估与管理。", {14, 0}, 5, 2},
    {"BIODIV", "Biodiversity and ecosystem restoration", "生物多样性与生态系统恢复",
     "Restoring degraded ecosystems and tracking what returns.",
     "恢复退化的生态系统并跟踪恢复成效。", {15, 0}, 5, 3},
    {"AMR", "Antimicrobial resistance", "抗微生物药物耐药性",
     "Surveillance, stewardship and new treatments against resistant infections.",
     "针对耐药感染的监测、合理用药与新疗法。", {3, 0}, 4, 2},
    {"SKILLS", "Young researchers' mobility and science education",
     "青年科研人员流动与科学教育", "Exchange programmes and shared curricula for the "
     "next generation.", "面向下一代的交流项目与共享课程。", {4, 17}, 4, 2},
    {"DESERT", "Desertification and land degradation", "荒漠化与土地退化",
     "Monitoring and reversing land degradation in drylands.", "旱地土地退化的监测与逆转。",
     {15, 13}, 3, 1},
    {"HYDROGEN", "Green hydrogen production and storage", "绿氢生产与储存",
     "Electrolysis, storage and transport of hydrogen from renewables.",
     "利用可再生能源电解制氢及其储存与运输。", {7, 9}, 3, 0},
    {"URBAN", "Sustainable urbanisation", "可持续城市化",
     "Planning, housing and transport for fast-growing cities.",
     "快速发展城市的规划、住房与交通。", {11, 0}, 3, 1},
};
#define NISSUES (sizeof issues / sizeof issues[0])

/* Regional interests: appeal added for the region's delegations. */
static int region_bias(const char *region, const char *code)
{
    static const struct {
        const char *region, *code;
        int bias;
    } bias[] = {
        {"Africa", "WATER", 3},   {"Africa", "FOOD", 3},     {"Africa", "AI", -4},
        {"Africa", "HEALTH", 2},  {"Asia", "DISASTER", 3},   {"Asia", "DIGITAL", 3},
        {"Asia", "AI", 4},        {"Europe", "ENERGY", 3},   {"Europe", "AI", 4},
        {"Europe", "CLIMATE", 1}, {"Americas", "BIODIV", 3}, {"Americas", "OCEAN", 2},
        {"Oceania", "OCEAN", 4},  {"Oceania", "DISASTER", 2},
    };
    int b = 0;
    for (size_t k = 0; k < sizeof bias / sizeof bias[0]; k++)
        if (strcmp(bias[k].region, region) == 0 && strcmp(bias[k].code, code) == 0)
            b += bias[k].bias;
    return b;
}

/* Topics of the demo calls, best match first: a call is linked to the
 * first of its topics the assembly adopted. */
static const char *const call_topics[3][4] = {
    {"DIGITAL", "ENERGY", "AI", "CLIMATE"},       /* SME Innovation Partnership */
    {"WATER", "CLIMATE", "FOOD", "DISASTER"},     /* Collaborative Research Action */
    {"HEALTH", "DISASTER", "BIODIV", "DIGITAL"},  /* Science and Technology Networks */
};

typedef serai_code (*body_fn)(store *, const actor *, int64_t, json_t *, json_t **,
                              serai_err *);

static serai_code run(store *s, const actor *who, body_fn fn, int64_t id, json_t *body,
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

static serai_code create_process(store *s, const actor *who, int64_t unused, json_t *body,
                                 json_t **out, serai_err *err)
{
    (void)unused;
    return agenda_process_create(s, who, body, out, err);
}

/* A delegate account for country (its password random and not shown: the
 * demo's own delegate account is the one to log in as). */
static serai_code make_delegate(store *s, const actor *who, const char *country, int seq,
                                actor *out, serai_err *err)
{
    char email[64], password[40];
    snprintf(email, sizeof email, "delegate%d-%s@serai.example", seq, country);
    unsigned char raw[18];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(password, sizeof password, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char name[64];
    snprintf(name, sizeof name, "Delegate %d of %s", seq, country);
    json_t *acc = NULL, *body = json_pack("{s:s, s:s, s:s, s:s, s:s}", "email", email, "name",
                                          name, "role", "delegate", "password", password,
                                          "country", country);
    serai_code rc = account_create(s, who, body, &acc, err);
    json_decref(body);
    if (rc == SERAI_OK) {
        *out = (actor){.role = ROLE_DELEGATE,
                       .account_id = json_integer_value(json_object_get(acc, "id"))};
        snprintf(out->country, sizeof out->country, "%s", country);
        snprintf(out->label, sizeof out->label, "account:%" PRId64 " %s", out->account_id,
                 email);
    }
    json_decref(acc);
    return rc;
}

/* The demo's printed delegate account, as the actor it logs in as. */
static serai_code main_delegate(store *s, actor *out, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT id, country FROM account WHERE email = $1", &st,
                                  err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_text(st, 1, "delegate@serai.example");
    *out = (actor){.role = ROLE_DELEGATE};
    if (store_step(st, err) == STORE_ROW && !store_col_null(st, 1)) {
        out->account_id = store_col_int64(st, 0);
        snprintf(out->country, sizeof out->country, "%s", store_col_text(st, 1));
        snprintf(out->label, sizeof out->label, "account:%" PRId64 " delegate@serai.example",
                 out->account_id);
    }
    store_reset(st);
    return SERAI_OK;
}

static json_t *issue_body(const demo_issue *is, const char *member)
{
    json_t *sdgs = json_array();
    for (int k = 0; k < 2; k++)
        if (is->sdg[k])
            json_array_append_new(sdgs, json_integer(is->sdg[k]));
    json_t *body = json_pack("{s:s, s:{s:{s:s, s:s}, s:{s:s, s:s}}, s:o}", "code", is->code,
                             "texts", "en", "title", is->title, "summary", is->summary, "zh",
                             "title", is->title_zh, "summary", is->summary_zh, "sdgs", sdgs);
    if (member)
        json_object_set_new(body, "member", json_string(member));
    return body;
}

/* The voting delegations: the main delegate's country first, then member
 * countries in a seeded order; the third votes with two delegates. */
typedef struct voter {
    actor who;
    const char *region;
} voter;

serai_code demo_agenda_build(store *s, const actor *who, const demo_world *w,
                             const json_t *calls, json_t **summary, serai_err *err)
{
    *summary = NULL;
    rng r = {0xA6E4DA5EEDull};
    voter v[AGENDA_VOTERS + 1];
    size_t nv = 0;
    actor main_d;
    serai_code rc = main_delegate(s, &main_d, err);
    if (rc != SERAI_OK)
        return rc;
    /* Members of the process: every member country, and the main
     * delegate's country when it is a partner. */
    json_t *members = json_array();
    for (size_t i = 0; i < demo_country_count; i++)
        if (w->status[i] == 1 ||
            (main_d.account_id && strcmp(demo_countries[i].alpha2, main_d.country) == 0))
            json_array_append_new(members,
                                  json_pack("{s:s}", "member", demo_countries[i].alpha2));
    if (main_d.account_id) {
        const char *region = "Other";
        for (size_t i = 0; i < demo_country_count; i++)
            if (strcmp(demo_countries[i].alpha2, main_d.country) == 0)
                region = demo_countries[i].continent;
        v[nv++] = (voter){main_d, region};
    }
    size_t start = rng_below(&r, demo_country_count);
    for (size_t k = 0; k < demo_country_count && nv < AGENDA_VOTERS + 1 && rc == SERAI_OK;
         k++) {
        size_t i = (start + k * 7) % demo_country_count;
        const demo_country *c = &demo_countries[i];
        if (w->status[i] != 1 || (main_d.account_id && strcmp(c->alpha2, main_d.country) == 0))
            continue;
        int delegates = nv == 2 ? 2 : 1;
        for (int d = 1; d <= delegates && nv < AGENDA_VOTERS + 1 && rc == SERAI_OK; d++) {
            rc = make_delegate(s, who, c->alpha2, d, &v[nv].who, err);
            v[nv++].region = c->continent;
        }
    }
    json_t *process = NULL;
    if (rc == SERAI_OK)
        rc = run(s, who, create_process, 0,
                 json_pack("{s:s, s:s, s:{s:s}, s:s, s:s, s:s, s:s, s:i, s:i, s:{s:s, s:s, "
                           "s:s, s:s}, s:o}",
                           "code", "GCI-2026", "title",
                           "Global common issues for cooperation 2026-2030", "titles", "zh",
                           "2026-2030年合作全球共同议题", "description",
                           "The members' shared research and innovation agenda: proposed "
                           "by members, discussed in consultation and adopted by the "
                           "assembly's ranked vote, one member one vote.",
                           "ballot", "ranked", "method", "schulze", "weighting", "member",
                           "support_threshold", 3, "adopt_max", 6, "dates", "proposal",
                           "2026-01-15", "consultation", "2026-03-01", "voting",
                           "2026-05-04", "voting_closes", "2026-05-29", "members", members),
                 &process, err);
    else
        json_decref(members);
    int64_t pid = process ? json_integer_value(json_object_get(process, "id")) : 0;
    json_decref(process);

    /* Proposals: issue k by voter k's member (the main delegate's first),
     * then support from the voters after it. */
    int64_t issue_id[NISSUES] = {0};
    for (size_t k = 0; k < NISSUES && rc == SERAI_OK; k++) {
        const voter *proposer = &v[k % nv];
        json_t *out = NULL;
        rc = run(s, &proposer->who, agenda_issue_create, pid, issue_body(&issues[k], NULL),
                 &out, err);
        issue_id[k] = out ? json_integer_value(json_object_get(out, "id")) : 0;
        json_decref(out);
        for (int n = 0, j = 1; n < issues[k].supporters && rc == SERAI_OK && j < (int)nv; j++) {
            const voter *sup = &v[(k + (size_t)j) % nv];
            if (strcmp(sup->who.country, proposer->who.country) == 0 ||
                (j > 1 && strcmp(sup->who.country, v[(k + (size_t)j - 1) % nv].who.country) == 0))
                continue;
            rc = run(s, &sup->who, agenda_issue_support, issue_id[k], NULL, NULL, err);
            n++;
        }
    }
    /* Comments with replies on the leading issues. */
    static const char *const remarks[][2] = {
        {"Data sharing across the basin is the first step; several members have "
         "gauges but no common format.", "Agreed, and include groundwater: the aquifers "
         "cross the same borders."},
        {"Seed systems deserve a place beside practices.", "Extension services too: "
         "results must reach the farms."},
        {"Storage losses are as large as production gaps in many members.", "Trade rules "
         "in a crisis matter as much as logistics."},
        {"Warnings must reach people without phones.", "Community radio has done that "
         "well in our region."},
        {"Veterinary and environmental surveillance are the weak links.", "A shared "
         "sample repository would help every member."},
        {"Open standards first, platforms second.", "Computing for members without "
         "national centres should be part of it."},
    };
    int comments = 0;
    for (size_t k = 0; k < 6 && rc == SERAI_OK; k++) {
        json_t *out = NULL;
        rc = run(s, &v[(k + 1) % nv].who, agenda_comment_add, issue_id[k],
                 json_pack("{s:s}", "body", remarks[k][0]), &out, err);
        json_t *first = out ? json_array_get(json_object_get(out, "comments"), 0) : NULL;
        int64_t parent = first ? json_integer_value(json_object_get(first, "id")) : 0;
        json_decref(out);
        if (rc == SERAI_OK)
            rc = run(s, &v[(k + 3) % nv].who, agenda_comment_add, issue_id[k],
                     json_pack("{s:s, s:I}", "body", remarks[k][1], "parent_id",
                               (json_int_t)parent), NULL, err);
        comments += 2;
    }
    if (rc == SERAI_OK)
        rc = run(s, who, agenda_phase_set, pid, json_pack("{s:s}", "phase", "consultation"),
                 NULL, err);
    /* Amendments: one accepted by the proposer's delegate, one rejected. */
    json_t *out = NULL;
    if (rc == SERAI_OK)
        rc = run(s, &v[2 % nv].who, agenda_amendment_add, issue_id[0],
                 json_pack("{s:s, s:s, s:s}", "lang", "en", "summary",
                           "Shared monitoring, forecasting and allocation of surface and "
                           "ground water across borders.", "reason",
                           "Aquifers are shared as much as rivers."), &out, err);
    int64_t am = out ? json_integer_value(json_object_get(
                           json_array_get(json_object_get(out, "amendments"), 0), "id"))
                     : 0;
    json_decref(out);
    if (rc == SERAI_OK)
        rc = run(s, &v[0].who, agenda_amendment_decide, am,
                 json_pack("{s:s}", "status", "accepted"), NULL, err);
    out = NULL;
    if (rc == SERAI_OK)
        rc = run(s, &v[4 % nv].who, agenda_amendment_add, issue_id[7],
                 json_pack("{s:s, s:s, s:s}", "lang", "en", "title",
                           "Artificial intelligence for science", "reason",
                           "Governance belongs to another forum."), &out, err);
    am = out ? json_integer_value(json_object_get(
                   json_array_get(json_object_get(out, "amendments"), 0), "id"))
             : 0;
    json_decref(out);
    if (rc == SERAI_OK)
        rc = run(s, who, agenda_amendment_decide, am,
                 json_pack("{s:s, s:s}", "status", "rejected", "note",
                           "Governance stays in scope; members asked for it."), NULL, err);
    if (rc == SERAI_OK)
        rc = run(s, who, agenda_phase_set, pid, json_pack("{s:s}", "phase", "voting"), NULL,
                 err);
    /* Ballots: each delegate ranks its six first choices among the issues
     * in consultation (the ones with enough support). */
    int ballots = 0;
    for (size_t d = 0; d < nv && rc == SERAI_OK; d++) {
        int score[NISSUES];
        bool open[NISSUES];
        for (size_t k = 0; k < NISSUES; k++) {
            open[k] = issues[k].supporters + 1 >= 3;
            score[k] = issues[k].appeal * 4 + region_bias(v[d].region, issues[k].code) * 4 +
                       (int)rng_below(&r, 13);
        }
        json_t *marks = json_object();
        for (int rank = 1; rank <= AGENDA_RANKED; rank++) {
            int best = -1;
            for (size_t k = 0; k < NISSUES; k++)
                if (open[k] && (best < 0 || score[k] > score[best]))
                    best = (int)k;
            if (best < 0)
                break;
            open[best] = false;
            json_object_set_new(marks, issues[best].code, json_integer(rank));
        }
        rc = run(s, &v[d].who, agenda_ballot_cast, pid, json_pack("{s:o}", "marks", marks),
                 NULL, err);
        ballots++;
    }
    json_t *adopted = NULL;
    process = NULL;
    if (rc == SERAI_OK)
        rc = run(s, who, agenda_phase_set, pid, json_pack("{s:s}", "phase", "adopted"),
                 &process, err);
    if (process)
        adopted = json_incref(json_object_get(json_object_get(process, "result"), "adopted"));
    json_decref(process);
    /* Each demo call addresses the first of its topics that was adopted. */
    int links = 0;
    size_t c;
    json_t *call;
    json_array_foreach(calls, c, call) {
        if (rc != SERAI_OK || c >= 3)
            break;
        for (int t = 0; t < 4; t++) {
            const char *topic = call_topics[c][t];
            size_t a;
            json_t *code;
            bool is_adopted = false;
            json_array_foreach(adopted, a, code) if (strcmp(json_string_value(code), topic) == 0)
                is_adopted = true;
            if (!is_adopted)
                continue;
            for (size_t k = 0; k < NISSUES; k++)
                if (strcmp(issues[k].code, topic) == 0)
                    rc = run(s, who, agenda_link_add, issue_id[k],
                             json_pack("{s:O}", "call_id", json_object_get(call, "id")),
                             NULL, err);
            links++;
            break;
        }
    }
    if (rc != SERAI_OK) {
        json_decref(adopted);
        return rc;
    }
    *summary = json_pack("{s:I, s:s, s:i, s:i, s:i, s:o, s:i}", "id", (json_int_t)pid, "code",
                         "GCI-2026", "issues", (int)NISSUES, "comments", comments, "ballots",
                         ballots, "adopted", adopted ? adopted : json_array(), "links", links);
    return SERAI_OK;
}
