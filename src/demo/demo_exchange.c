/*
 * demo_exchange.c -- the demonstration's exchange model: technology offers,
 * requests and partner searches with expressions of interest; a draft
 * consortium that fails the SME call's rules, for consortium completion to
 * complete; a forum with a timetable and a waiting list, a training course
 * already held with its attendance, and a brokerage day whose accepted
 * meeting requests are scheduled into slots.  Everything goes through the
 * library as the secretariat would (the demo's people have no accounts).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "demo/demo_calls.h"
#include "exchange/event.h"
#include "exchange/market.h"
#include "exchange/platform.h"
#include "project/proposal.h"
#include "registry/org.h"
#include "registry/person.h"

#define DAY 86400

typedef serai_code (*body_fn)(store *, const actor *, int64_t, json_t *, json_t **,
                              serai_err *);

static serai_code run(store *s, const actor *who, body_fn fn, int64_t id, json_t *body,
                      int64_t *new_id, serai_err *err)
{
    json_t *out = NULL;
    serai_code rc = fn(s, who, id, body, &out, err);
    json_decref(body);
    if (new_id)
        *new_id = out ? json_integer_value(json_object_get(out, "id")) : 0;
    json_decref(out);
    return rc;
}

static serai_code market_new(store *s, const actor *who, int64_t unused, json_t *body,
                             json_t **out, serai_err *err)
{
    (void)unused;
    return market_create(s, who, body, out, err);
}

static serai_code event_new(store *s, const actor *who, int64_t unused, json_t *body,
                            json_t **out, serai_err *err)
{
    (void)unused;
    return event_create(s, who, body, out, err);
}

static void day_of(int64_t t, char out[11])
{
    char iso[CLOCK_ISO_LEN];
    clock_format(t, iso);
    memcpy(out, iso, 10);
    out[10] = '\0';
}

/* The first organisation of type (and SME flag) in country, 0 if none. */
static int64_t org_of(const demo_world *w, const char *type, size_t country)
{
    for (size_t k = 0; k < w->norgs; k++)
        if (w->orgs[k].country == country && strcmp(w->orgs[k].type, type) == 0)
            return w->orgs[k].id;
    return 0;
}

/* ---- offers, requests and partner searches ---- */

static serai_code add_market(store *s, const actor *who, const demo_world *w,
                             int64_t open_call, json_t *summary, serai_err *err)
{
    static const struct {
        const char *kind, *type, *title, *description, *kw1, *kw2;
    } items[] = {
        {"technology_offer", "sme", "Low-cost soil moisture sensors with LoRa telemetry",
         "Field-proven sensors and gateway for smallholder irrigation scheduling; licence "
         "and co-development offered.", "soil moisture", "irrigation"},
        {"technology_offer", "research_institute", "Flood early-warning model for small basins",
         "Hydrological forecasting model with open data pipelines, ready to adapt to new "
         "basins.", "flood forecasting", "early warning"},
        {"technology_offer", "university", "Drought-tolerant sorghum lines",
         "Breeding lines tested in three dry seasons; material transfer for field trials.",
         "sorghum", "drought"},
        {"technology_request", "enterprise", "Battery recycling process for lithium cells",
         "A manufacturer seeks a hydrometallurgical recycling process at pilot scale.",
         "battery recycling", "lithium"},
        {"technology_request", "sme", "Edge AI for crop disease detection",
         "An agritech SME seeks image models that run on low-power devices in the field.",
         "computer vision", "crop disease"},
    };
    int posted = 0, interests = 0;
    serai_code rc = SERAI_OK;
    int64_t first_item = 0;
    for (size_t k = 0; k < sizeof items / sizeof items[0] && rc == SERAI_OK; k++) {
        int64_t org = 0;
        for (size_t i = 0; i < w->norgs && !org; i++)
            if (strcmp(w->orgs[(i * 7 + k * 13) % w->norgs].type, items[k].type) == 0)
                org = w->orgs[(i * 7 + k * 13) % w->norgs].id;
        if (!org)
            continue;
        int64_t id = 0;
        rc = run(s, who, market_new, 0,
                 json_pack("{s:s, s:s, s:s, s:[s, s], s:I, s:s}", "kind", items[k].kind,
                           "title", items[k].title, "description", items[k].description,
                           "keywords", items[k].kw1, items[k].kw2, "organization_id",
                           (json_int_t)org, "expires_on", "2027-12-31"),
                 &id, err);
        posted++;
        if (!first_item)
            first_item = id;
        /* Two other organisations answer each of the first three. */
        for (size_t j = 1; k < 3 && j <= 2 && rc == SERAI_OK; j++) {
            int64_t from = w->orgs[(k * 31 + j * 17) % w->norgs].id;
            if (from == org)
                continue;
            rc = run(s, who, market_interest_add, id,
                     json_pack("{s:s, s:I}", "message",
                               "We would like to discuss a pilot together.",
                               "organization_id", (json_int_t)from), NULL, err);
            interests++;
        }
    }
    /* A partner search for the open call. */
    if (rc == SERAI_OK && open_call) {
        rc = run(s, who, market_new, 0,
                 json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:I, s:s}", "kind",
                           "partner_search", "title",
                           "SME partner sought for a water-sensing consortium", "description",
                           "A consortium on affordable water-quality sensing seeks an SME "
                           "from a third country for the SME Innovation Partnership call.",
                           "call_id", (json_int_t)open_call, "sought_org_type", "sme",
                           "sought_expertise", "water quality sensors, embedded systems",
                           "organization_id", (json_int_t)w->orgs[3].id, "expires_on",
                           "2027-12-31"),
                 NULL, err);
        posted++;
    }
    /* The first offer's first interest is accepted. */
    if (rc == SERAI_OK && first_item) {
        json_t *item = NULL;
        rc = market_get(s, who, first_item, &item, err);
        json_t *first = item ? json_array_get(json_object_get(item, "interest_list"), 0) : NULL;
        if (rc == SERAI_OK && first)
            rc = run(s, who, market_interest_decide,
                     json_integer_value(json_object_get(first, "id")),
                     json_pack("{s:s}", "status", "accepted"), NULL, err);
        json_decref(item);
    }
    json_object_set_new(summary, "market_items", json_integer(posted));
    json_object_set_new(summary, "interests", json_integer(interests));
    return rc;
}

/* ---- a draft for consortium completion ---- */

/* In the open SME call: an SME coordinator and a university of the same
 * funded country.  One country and an SME share of a half: it needs an
 * SME from another funded country, which `serai proposal suggest` finds. */
static serai_code add_draft(store *s, const actor *who, const demo_world *w, int64_t call,
                            json_t *summary, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT f.org_id, o.country, f.currency FROM call_funder "
                                     "f JOIN organization o ON o.id = f.org_id WHERE "
                                     "f.call_id = $1 ORDER BY f.org_id", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, call);
    int64_t funder = 0, sme = 0, uni = 0;
    char currency[4] = "";
    int r;
    while (!uni && (r = store_step(st, err)) == STORE_ROW) {
        const char *cc = store_col_text(st, 1);
        size_t country = demo_country_count;
        for (size_t i = 0; i < demo_country_count; i++)
            if (strcmp(demo_countries[i].alpha2, cc) == 0)
                country = i;
        if (country == demo_country_count)
            continue;
        sme = org_of(w, "sme", country);
        uni = sme ? org_of(w, "university", country) : 0;
        if (uni) {
            funder = store_col_int64(st, 0);
            snprintf(currency, sizeof currency, "%s", store_col_text(st, 2));
        }
    }
    store_reset(st);
    if (!uni)
        return SERAI_OK; /* the demo registry gave no such pair: no draft */
    /* An SME of another funded country that is on no application yet, with
     * an engineer in the draft's field: the partner completion should find.
     * (Most firms of the funded countries are on applications already.) */
    char other[3] = "";
    if ((rc = store_prepare(s, "SELECT o.country FROM call_funder f JOIN organization o ON "
                               "o.id = f.org_id WHERE f.call_id = $1 AND f.org_id <> $2 ORDER "
                               "BY f.org_id DESC", &st, err)) != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, call);
    store_bind_int64(st, 2, funder);
    if (store_step(st, err) == STORE_ROW)
        snprintf(other, sizeof other, "%s", store_col_text(st, 0));
    store_reset(st);
    if (other[0]) {
        json_t *org = NULL, *body = json_pack("{s:s, s:s, s:s, s:b, s:s}", "name",
                                               "Hydrosense Labs", "type", "sme", "country",
                                               other, "sme", 1, "sme_evidence",
                                               "national SME register, 2026");
        rc = org_create(s, who, body, &org, err);
        json_decref(body);
        int64_t org_id = org ? json_integer_value(json_object_get(org, "id")) : 0;
        json_decref(org);
        json_t *person = NULL;
        body = json_pack("{s:s, s:s, s:s, s:[s, s], s:[{s:I}]}", "name", "Eleni Markou",
                         "country", other, "expertise",
                         "Embedded water-quality sensors and analytics for small water "
                         "utilities; low-cost turbidity and chlorine sensing.",
                         "keywords", "water quality", "sensors", "affiliations",
                         "organization_id", (json_int_t)org_id);
        if (rc == SERAI_OK)
            rc = person_create(s, who, body, &person, err);
        json_decref(body);
        json_decref(person);
        if (rc != SERAI_OK)
            return rc;
    }
    json_t *body = json_pack(
        "{s:I, s:s, s:s, s:s, s:[s, s, s], s:i, s:[{s:I, s:s, s:I, s:I, s:s}, {s:I, s:s, "
        "s:I, s:I, s:s}]}",
        "call_id", (json_int_t)call, "acronym", "AQUASENSE", "title",
        "Affordable water-quality sensing for small utilities", "abstract",
        "Low-cost sensors and embedded analytics that let small water utilities monitor "
        "quality continuously.",
        "keywords", "water quality", "sensors", "embedded systems", "duration_months", 30,
        "partners", "organization_id", (json_int_t)sme, "role", "coordinator", "funder_id",
        (json_int_t)funder, "requested", (json_int_t)30000000, "currency", currency,
        "organization_id", (json_int_t)uni, "role", "partner", "funder_id", (json_int_t)funder,
        "requested", (json_int_t)30000000, "currency", currency);
    json_t *out = NULL;
    rc = proposal_create(s, who, body, clock_now(), &out, err);
    json_decref(body);
    if (rc == SERAI_OK)
        json_object_set(summary, "completion_draft", json_object_get(out, "id"));
    json_decref(out);
    return rc;
}

/* ---- events ---- */

static serai_code add_events(store *s, const actor *who, const demo_world *w, int64_t now,
                             json_t *summary, serai_err *err)
{
    char start[11], end[11], closes[CLOCK_ISO_LEN];
    day_of(now + 40 * DAY, start);
    day_of(now + 41 * DAY, end);
    clock_format(now + 30 * DAY, closes);
    int64_t forum = 0, training = 0, brokerage = 0;
    serai_code rc = run(
        s, who, event_new, 0,
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:i, s:i, s:s}", "code",
                  "FORUM-WATER", "kind", "forum", "title",
                  "Forum on water security in transboundary basins", "description",
                  "Two days on shared data, forecasting and allocation, for members' "
                  "agencies, researchers and firms.", "starts_on", start, "ends_on", end,
                  "place", "Nairobi", "online", 1, "capacity", 40, "country_quota", 3,
                  "registration_closes", closes),
        &forum, err);
    /* The timetable: two rooms, sessions on both days. */
    static const struct {
        const char *room, *title, *speaker;
        int day, from, to;
    } sessions[] = {
        {"Plenary hall", "Opening: water security as a common issue", "Secretariat", 0, 9, 10},
        {"Plenary hall", "Shared data for shared rivers", "Basin commissions", 0, 10, 12},
        {"Room B", "Workshop: flood forecasting in small basins", "Research institutes", 0,
         10, 12},
        {"Plenary hall", "Allocation under drought", "Member agencies", 1, 9, 11},
        {"Room B", "Brokerage: meet partners for the next call", "Secretariat", 1, 11, 12},
    };
    int64_t room_id[2] = {0, 0};
    static const char *const rooms[] = {"Plenary hall", "Room B"};
    for (int k = 0; k < 2 && rc == SERAI_OK; k++) {
        json_t *out = NULL, *body = json_pack("{s:s}", "name", rooms[k]);
        rc = event_room_add(s, who, forum, body, &out, err);
        json_decref(body);
        size_t i;
        json_t *room;
        json_array_foreach(out ? json_object_get(out, "rooms") : NULL, i, room)
            if (strcmp(json_string_value(json_object_get(room, "name")), rooms[k]) == 0)
                room_id[k] = json_integer_value(json_object_get(room, "id"));
        json_decref(out);
    }
    for (size_t k = 0; k < sizeof sessions / sizeof sessions[0] && rc == SERAI_OK; k++) {
        char from[CLOCK_ISO_LEN], to[CLOCK_ISO_LEN];
        int64_t base = now + 40 * DAY - (now + 40 * DAY) % DAY + sessions[k].day * DAY;
        clock_format(base + sessions[k].from * 3600, from);
        clock_format(base + sessions[k].to * 3600, to);
        json_t *body = json_pack("{s:s, s:s, s:s, s:s}", "title", sessions[k].title,
                                 "starts_at", from, "ends_at", to, "speaker",
                                 sessions[k].speaker);
        json_object_set_new(body, "room_id",
                            json_integer(room_id[strcmp(sessions[k].room, rooms[0]) != 0]));
        rc = run(s, who, event_session_add, forum, body, NULL, err);
    }
    /* Registrations: more people than places, and more than the quota
     * from some countries: some wait. */
    int registered = 0;
    for (size_t k = 0; k < 48 && k < w->npeople && rc == SERAI_OK; k++) {
        rc = run(s, who, event_register, forum,
                 json_pack("{s:I}", "person_id", (json_int_t)w->people[k * 37 % w->npeople].id),
                 NULL, err);
        registered++;
    }
    /* A training course, held: registrations marked attended. */
    if (rc == SERAI_OK)
        rc = run(s, who, event_new, 0,
                 json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s}", "code",
                           "TRAIN-HYDRO", "kind", "training", "title",
                           "Training school: hydrological modelling", "description",
                           "A week of hands-on modelling for early-career researchers.",
                           "starts_on", start, "ends_on", end, "place", "Kunming",
                           "capacity", 20, "registration_closes", closes),
                 &training, err);
    int attended = 0;
    for (size_t k = 0; k < 12 && rc == SERAI_OK; k++) {
        int64_t reg = 0;
        rc = run(s, who, event_register, training,
                 json_pack("{s:I}", "person_id",
                           (json_int_t)w->people[(k * 53 + 11) % w->npeople].id),
                 &reg, err);
        if (rc == SERAI_OK && k < 10) {
            rc = run(s, who, event_registration_attend, reg, json_object(), NULL, err);
            attended++;
        }
    }
    if (rc == SERAI_OK)
        rc = run(s, who, event_update, training, json_pack("{s:s}", "status", "held"), NULL,
                 err);
    /* A brokerage day: slots of 20 minutes, requests, accepted, scheduled. */
    if (rc == SERAI_OK)
        rc = run(s, who, event_new, 0,
                 json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s}", "code",
                           "B2B-CALL", "kind", "brokerage", "title",
                           "Brokerage day for the SME Innovation Partnership call",
                           "description", "One-to-one meetings to build consortia.",
                           "starts_on", end, "ends_on", end, "place", "Nairobi", "capacity",
                           60, "registration_closes", closes),
                 &brokerage, err);
    json_t *slots = json_array();
    int64_t day_start = now + 41 * DAY - (now + 41 * DAY) % DAY;
    for (int k = 0; k < 12; k++) {
        char from[CLOCK_ISO_LEN], to[CLOCK_ISO_LEN];
        clock_format(day_start + 13 * 3600 + k * 1200, from);
        clock_format(day_start + 13 * 3600 + (k + 1) * 1200, to);
        json_array_append_new(slots, json_pack("{s:s, s:s}", "starts_at", from, "ends_at", to));
    }
    if (rc == SERAI_OK)
        rc = run(s, who, event_slots_add, brokerage, json_pack("{s:o}", "slots", slots), NULL,
                 err);
    else
        json_decref(slots);
    int64_t people[30];
    int np = 0;
    for (size_t k = 0; k < 30 && rc == SERAI_OK; k++) {
        people[np] = w->people[(k * 61 + 5) % w->npeople].id;
        rc = run(s, who, event_register, brokerage,
                 json_pack("{s:I}", "person_id", (json_int_t)people[np]), NULL, err);
        np++;
    }
    int requests = 0;
    for (int a = 0; a < np && rc == SERAI_OK; a++)
        for (int b = 1; b <= 4 && rc == SERAI_OK; b++) {
            int c = (a + b * 7) % np;
            if (c == a || (c < a && (a - c) % 7 == 0))
                continue;
            int64_t meeting = 0;
            rc = run(s, who, event_meeting_request, brokerage,
                     json_pack("{s:I, s:I, s:s}", "requester_id", (json_int_t)people[a],
                               "invitee_id", (json_int_t)people[c], "note",
                               "A partner for the next call?"),
                     &meeting, err);
            if (rc == SERAI_ECONFLICT) { /* the pair already met the other way */
                serai_err_clear(err);
                rc = SERAI_OK;
                continue;
            }
            requests++;
            if (rc == SERAI_OK && (a + b) % 5 != 0)
                rc = run(s, who, event_meeting_accept, meeting, json_object(), NULL, err);
        }
    json_t *plan = NULL;
    if (rc == SERAI_OK)
        rc = event_schedule(s, who, brokerage, NULL, &plan, err);
    if (rc == SERAI_OK) {
        json_object_set_new(
            summary, "events",
            json_pack("{s:I, s:I, s:I, s:i, s:i, s:i, s:O, s:O}", "forum", (json_int_t)forum,
                      "training", (json_int_t)training, "brokerage", (json_int_t)brokerage,
                      "registrations", registered, "attended", attended, "meeting_requests",
                      requests, "meetings_scheduled", json_object_get(plan, "scheduled"),
                      "meetings_bound", json_object_get(plan, "bound")));
    }
    json_decref(plan);
    return rc;
}

/* ---- platforms ---- */

static serai_code platform_new(store *s, const actor *who, int64_t unused, json_t *body,
                               json_t **out, serai_err *err)
{
    (void)unused;
    return platform_create(s, who, body, out, err);
}

/* A COST-style thematic network that meets its rules (organisations from
 * at least seven countries, half of them in Africa or Latin America), a
 * joint laboratory of two members, a technology-transfer centre and a
 * science park still growing towards theirs. */
static serai_code add_platforms(store *s, const actor *who, const demo_world *w,
                                json_t *summary, serai_err *err)
{
    static const struct {
        const char *code, *kind, *name, *name_zh, *theme;
        int members, min_countries;
    } platforms[] = {
        {"NET-WATER", "thematic_network", "Transboundary Water Research Network",
         "跨境水资源研究网络", "water", 14, 7},
        {"LAB-CLIMATE", "joint_laboratory", "Joint Laboratory for Climate-Resilient Crops",
         "气候韧性作物联合实验室", "agriculture", 4, 2},
        {"TTC-ENERGY", "technology_transfer_centre", "Clean Energy Technology Transfer Centre",
         "清洁能源技术转移中心", "energy", 6, 3},
        {"PARK-DIGITAL", "science_park", "Digital Silk Road Science Park",
         "数字丝路科技园", "digital", 3, 5},
    };
    serai_code rc = SERAI_OK;
    int made = 0, members = 0;
    for (size_t k = 0; k < sizeof platforms / sizeof platforms[0] && rc == SERAI_OK; k++) {
        json_t *rules = json_pack("{s:i}", "min_countries", platforms[k].min_countries);
        if (k == 0)
            json_object_set_new(rules, "target_country_quota",
                                json_pack("{s:s, s:i}", "list", "Africa", "basis_points",
                                          3000));
        int64_t id = 0;
        rc = run(s, who, platform_new, 0,
                 json_pack("{s:s, s:s, s:s, s:{s:s}, s:s, s:o}", "code", platforms[k].code,
                           "kind", platforms[k].kind, "name", platforms[k].name, "names", "zh",
                           platforms[k].name_zh, "description",
                           "A platform of the organisation's members.", "rules", rules),
                 &id, err);
        made++;
        int64_t group = 0;
        if (rc == SERAI_OK) {
            json_t *out = NULL, *body = json_pack("{s:s}", "name", "Working group 1: data");
            rc = platform_group_create(s, who, id, body, &out, err);
            json_decref(body);
            group = out ? json_integer_value(json_object_get(out, "id")) : 0;
            json_decref(out);
        }
        /* Members from distinct countries: organisations of the theme's
         * field where there are, the first as chair of the committee. */
        bool used[256] = {false};
        int added = 0;
        /* The network takes its first half from Africa, its target region. */
        for (size_t i = 0; i < 2 * w->norgs && added < platforms[k].members && rc == SERAI_OK;
             i++) {
            const demo_org *o = &w->orgs[(i * 11 + k * 29) % w->norgs];
            if (o->country < 256 && used[o->country])
                continue;
            if (k == 0 && i < w->norgs && added < platforms[k].members / 2 &&
                strcmp(demo_countries[o->country].continent, "Africa") != 0)
                continue;
            if (strcmp(o->type, "funding_agency") == 0)
                continue;
            if (o->country < 256)
                used[o->country] = true;
            json_t *body = json_pack("{s:I, s:s}", "organization_id", (json_int_t)o->id,
                                     "role", added == 0 ? "mc_chair"
                                             : added < 3 ? "mc_member"
                                                         : "member");
            if (group && added % 2)
                json_object_set_new(body, "group_id", json_integer(group));
            rc = run(s, who, platform_member_add, id, body, NULL, err);
            added++;
            members++;
        }
    }
    json_object_set_new(summary, "platforms", json_integer(made));
    json_object_set_new(summary, "platform_members", json_integer(members));
    return rc;
}

serai_code demo_exchange_build(store *s, const actor *who, const demo_world *w,
                               const json_t *calls, int64_t now, json_t **summary,
                               serai_err *err)
{
    *summary = json_object();
    int64_t open_call = 0;
    size_t k;
    json_t *c;
    json_array_foreach(calls, k, c) if (!open_call &&
                                        strcmp(json_string_value(json_object_get(c, "status")),
                                               "open") == 0)
        open_call = json_integer_value(json_object_get(c, "id"));
    serai_code rc = add_platforms(s, who, w, *summary, err);
    if (rc == SERAI_OK)
        rc = add_market(s, who, w, open_call, *summary, err);
    if (rc == SERAI_OK && open_call)
        rc = add_draft(s, who, w, open_call, *summary, err);
    if (rc == SERAI_OK)
        rc = add_events(s, who, w, now, *summary, err);
    if (rc != SERAI_OK) {
        json_decref(*summary);
        *summary = NULL;
    }
    return rc;
}
