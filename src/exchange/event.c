/*
 * event.c -- events: creation, capacity and status, rooms, the timetable
 * of sessions, registration with the waiting list and country quotas,
 * attendance and the participant list (event.h).  Brokerage meetings are
 * in event_broker.c; what both share in event_internal.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/ident.h"
#include "core/json.h"
#include "exchange/event.h"
#include "exchange/event_internal.h"
#include "store/rows.h"

static const char *const kinds[] = {"forum", "workshop", "training",
                                    "exchange_programme", "brokerage", NULL};
static const char *const statuses[] = {"open", "closed", "held", "cancelled", NULL};

static bool one_of(const char *v, const char *const list[])
{
    for (size_t k = 0; list[k]; k++)
        if (strcmp(v, list[k]) == 0)
            return true;
    return false;
}

/* ---- shared with event_broker.c ---- */

serai_code event_need_secretariat(const actor *who, const char *what, serai_err *err)
{
    if (who->role == ROLE_SECRETARIAT)
        return SERAI_OK;
    return serai_fail(err, who->role == ROLE_PUBLIC ? SERAI_EUNAUTH : SERAI_EFORBIDDEN,
                      NULL, "only the secretariat %s", what);
}

serai_code event_acting_person(const actor *who, json_t *body, const char *key,
                               int64_t *person, serai_err *err)
{
    char field[48];
    snprintf(field, sizeof field, "/%s", key);
    int64_t named = 0;
    bool has = false;
    serai_code rc = body ? json_get_int(body, key, false, 1, INT64_MAX, "", &named, &has,
                                        err)
                         : SERAI_OK;
    if (rc != SERAI_OK)
        return rc;
    if (who->role == ROLE_SECRETARIAT) {
        if (!has)
            return serai_fail(err, SERAI_EINVAL, field,
                              "the secretariat names the person it acts for (%s)", key);
        *person = named;
        return SERAI_OK;
    }
    if (who->role == ROLE_PUBLIC)
        return serai_fail(err, SERAI_EUNAUTH, NULL, "log in to act for yourself");
    if (!who->person_id)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "this account is linked to no person record");
    if (has && named != who->person_id)
        return serai_fail(err, SERAI_EFORBIDDEN, field,
                          "an account acts for its own person (%" PRId64 ") only, not "
                          "for %" PRId64, who->person_id, named);
    *person = who->person_id;
    return SERAI_OK;
}

serai_code event_load(store *s, int64_t id, event_info *e, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT code, kind, title, starts_on, ends_on, place, online, capacity, "
           "country_quota, registration_closes, status, timezone FROM event WHERE id = $1",
        &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    if (r == STORE_ROW) {
        *e = (event_info){.id = id};
        snprintf(e->code, sizeof e->code, "%s", store_col_text(st, 0));
        snprintf(e->kind, sizeof e->kind, "%s", store_col_text(st, 1));
        snprintf(e->title, sizeof e->title, "%s", store_col_text(st, 2));
        snprintf(e->starts_on, sizeof e->starts_on, "%s", store_col_text(st, 3));
        snprintf(e->ends_on, sizeof e->ends_on, "%s", store_col_text(st, 4));
        const char *place = store_col_text(st, 5);
        snprintf(e->place, sizeof e->place, "%s", place ? place : "");
        e->online = store_col_int64(st, 6) != 0;
        e->capacity = store_col_int64(st, 7);
        e->quota = store_col_null(st, 8) ? 0 : store_col_int64(st, 8);
        snprintf(e->closes, sizeof e->closes, "%s", store_col_text(st, 9));
        snprintf(e->status, sizeof e->status, "%s", store_col_text(st, 10));
        snprintf(e->timezone, sizeof e->timezone, "%s", store_col_text(st, 11));
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return err->code;
    if (r != STORE_ROW)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no event %" PRId64, id);
    return SERAI_OK;
}

serai_code event_read_instant(json_t *obj, const char *key, bool required,
                              const char *prefix, const char **out, serai_err *err)
{
    serai_code rc = json_get_string(obj, key, required, 20, prefix, out, err);
    int64_t t;
    if (rc == SERAI_OK && *out && !clock_parse(*out, &t))
        rc = serai_fail(err, SERAI_EINVAL, NULL,
                        "%s is a UTC instant YYYY-MM-DDTHH:MM:SSZ, not \"%s\"", key, *out);
    if (rc == SERAI_EINVAL && !err->field[0])
        snprintf(err->field, sizeof err->field, "%s/%s", prefix, key);
    return rc;
}

serai_code event_within_dates(const event_info *e, const char *starts_at,
                              const char *ends_at, const char *field, serai_err *err)
{
    if (strcmp(starts_at, ends_at) >= 0)
        return serai_fail(err, SERAI_EINVAL, field, "ends_at (%s) is not after "
                          "starts_at (%s)", ends_at, starts_at);
    if (strncmp(starts_at, e->starts_on, 10) < 0 || strncmp(ends_at, e->ends_on, 10) > 0)
        return serai_fail(err, SERAI_EUNPROCESSABLE, field,
                          "%s to %s lies outside the dates of event %s (%s to %s)",
                          starts_at, ends_at, e->code, e->starts_on, e->ends_on);
    return SERAI_OK;
}

/* ---- reading ---- */

static json_t *opt_text(store_stmt *st, int col)
{
    return store_col_null(st, col) ? json_null() : json_string(store_col_text(st, col));
}

static json_t *opt_int(store_stmt *st, int col)
{
    return store_col_null(st, col) ? json_null() : json_integer(store_col_int64(st, col));
}

#define EVENT_COLUMNS                                                                  \
    "SELECT id, code, kind, title, description, starts_on, ends_on, place, online, "   \
    "timezone, capacity, country_quota, registration_closes, status, created_at, "     \
    "updated_at FROM event "

static json_t *event_row(store_stmt *st)
{
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:s, s:I, s:o, s:s, s:s}", "id",
        (json_int_t)store_col_int64(st, 0), "code", store_col_text(st, 1), "kind",
        store_col_text(st, 2), "title", store_col_text(st, 3), "description",
        store_col_text(st, 4), "starts_on", store_col_text(st, 5), "ends_on",
        store_col_text(st, 6), "place", opt_text(st, 7), "online",
        store_col_int64(st, 8) != 0, "timezone", store_col_text(st, 9), "capacity",
        (json_int_t)store_col_int64(st, 10), "country_quota", opt_int(st, 11),
        "registration_closes", store_col_text(st, 12), "status", store_col_text(st, 13));
    json_object_set_new(o, "created_at", json_string(store_col_text(st, 14)));
    json_object_set_new(o, "updated_at", json_string(store_col_text(st, 15)));
    return o;
}

/* {"confirmed", "waiting", "attended", "cancelled"} of the event. */
static serai_code counts_json(store *s, int64_t id, json_t **out, serai_err *err)
{
    *out = json_pack("{s:i, s:i, s:i, s:i}", "confirmed", 0, "waiting", 0, "attended", 0,
                     "cancelled", 0);
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT status, count(*) FROM event_registration "
                                     "WHERE event_id = $1 GROUP BY status", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    int r;
    while ((r = store_step(st, err)) == STORE_ROW)
        json_object_set_new(*out, store_col_text(st, 0),
                            json_integer(store_col_int64(st, 1)));
    store_reset(st);
    return r == STORE_ERROR ? err->code : SERAI_OK;
}

static serai_code event_json(store *s, int64_t id, json_t **out, serai_err *err)
{
    *out = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(s, EVENT_COLUMNS "WHERE id = $1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    json_t *o = r == STORE_ROW ? event_row(st) : NULL;
    store_reset(st);
    if (r == STORE_ERROR)
        return err->code;
    if (!o)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no event %" PRId64, id);
    json_t *counts = NULL;
    rc = counts_json(s, id, &counts, err);
    json_object_set_new(o, "registrations", counts);
    json_t *rooms = json_array();
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "SELECT id, name, capacity FROM event_room WHERE "
                               "event_id = $1 ORDER BY id", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        while ((r = store_step(st, err)) == STORE_ROW)
            json_array_append_new(rooms, json_pack("{s:I, s:s, s:o}", "id",
                                                   (json_int_t)store_col_int64(st, 0),
                                                   "name", store_col_text(st, 1),
                                                   "capacity", opt_int(st, 2)));
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code;
    }
    json_object_set_new(o, "rooms", rooms);
    if (rc != SERAI_OK) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return SERAI_OK;
}

serai_code event_get(store *s, const actor *who, int64_t id, json_t **out, serai_err *err)
{
    (void)who; /* events are public */
    return event_json(s, id, out, err);
}

serai_code event_list(store *s, const actor *who, json_t **out, serai_err *err)
{
    (void)who;
    *out = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(s, EVENT_COLUMNS "ORDER BY starts_on, id", &st, err);
    return rc != SERAI_OK ? rc : rows_all(st, event_row, out, err);
}

/* ---- creating and changing ---- */

serai_code event_create(store *s, const actor *who, json_t *body, json_t **out,
                        serai_err *err)
{
    static const char *const keys[] = {"code", "kind", "title", "description",
                                       "starts_on", "ends_on", "place", "online",
                                       "timezone", "capacity", "country_quota",
                                       "registration_closes", NULL};
    *out = NULL;
    const char *code = NULL, *kind = NULL, *title = NULL, *description = NULL,
               *starts = NULL, *ends = NULL, *place = NULL, *tz = NULL, *closes = NULL;
    bool online = false, has_online = false, has_quota = false;
    int64_t capacity = 0, quota = 0;
    serai_code rc = event_need_secretariat(who, "creates events", err);
    if (rc == SERAI_OK)
        rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "code", true, EVENT_CODE_MAX, "", &code, err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "kind", true, 24, "", &kind, err);
    if (rc == SERAI_OK && !one_of(kind, kinds))
        rc = serai_fail(err, SERAI_EINVAL, "/kind", "kind is forum, workshop, training, "
                        "exchange_programme or brokerage, not \"%s\"", kind);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "title", true, EVENT_TITLE_MAX, "", &title, err);
    if (rc == SERAI_OK)
        rc = json_get_text(body, "description", false, EVENT_TEXT_MAX, "", &description,
                           err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "starts_on", true, 10, "", &starts, err);
    if (rc == SERAI_OK && !ident_date_valid(starts))
        rc = serai_fail(err, SERAI_EINVAL, "/starts_on",
                        "starts_on is a date YYYY-MM-DD, not \"%s\"", starts);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "ends_on", true, 10, "", &ends, err);
    if (rc == SERAI_OK && !ident_date_valid(ends))
        rc = serai_fail(err, SERAI_EINVAL, "/ends_on",
                        "ends_on is a date YYYY-MM-DD, not \"%s\"", ends);
    if (rc == SERAI_OK && strcmp(ends, starts) < 0)
        rc = serai_fail(err, SERAI_EINVAL, "/ends_on", "ends_on (%s) comes before "
                        "starts_on (%s)", ends, starts);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "place", false, EVENT_PLACE_MAX, "", &place, err);
    if (rc == SERAI_OK)
        rc = json_get_bool(body, "online", false, "", &online, &has_online, err);
    if (rc == SERAI_OK && !place && has_online && !online)
        rc = serai_fail(err, SERAI_EINVAL, "/place",
                        "an event not online needs the place where it is held");
    if (rc == SERAI_OK && !place)
        online = true;
    if (rc == SERAI_OK)
        rc = json_get_string(body, "timezone", false, 64, "", &tz, err);
    if (rc == SERAI_OK)
        rc = json_get_int(body, "capacity", true, 0, EVENT_CAPACITY_MAX, "", &capacity,
                          NULL, err);
    if (rc == SERAI_OK)
        rc = json_get_int(body, "country_quota", false, 1, EVENT_CAPACITY_MAX, "", &quota,
                          &has_quota, err);
    if (rc == SERAI_OK)
        rc = event_read_instant(body, "registration_closes", true, "", &closes, err);
    if (rc == SERAI_OK && strncmp(closes, ends, 10) > 0)
        rc = serai_fail(err, SERAI_EINVAL, "/registration_closes",
                        "registration closes (%s) after the event ends (%s)", closes, ends);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    int64_t id = 0;
    store_stmt *st;
    if ((rc = store_prepare(s, "INSERT INTO event (code, kind, title, description, "
                               "starts_on, ends_on, place, online, timezone, capacity, "
                               "country_quota, registration_closes, status, created_at, "
                               "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                               "$10, $11, $12, 'open', $13, $13) RETURNING id",
                            &st, err)) == SERAI_OK) {
        store_bind_text(st, 1, code);
        store_bind_text(st, 2, kind);
        store_bind_text(st, 3, title);
        store_bind_text(st, 4, description ? description : "");
        store_bind_text(st, 5, starts);
        store_bind_text(st, 6, ends);
        store_bind_text(st, 7, place);
        store_bind_int64(st, 8, online);
        store_bind_text(st, 9, tz ? tz : "UTC");
        store_bind_int64(st, 10, capacity);
        if (has_quota)
            store_bind_int64(st, 11, quota);
        else
            store_bind_null(st, 11);
        store_bind_text(st, 12, closes);
        store_bind_text(st, 13, now);
        int r = store_step(st, err);
        if (r == STORE_ROW)
            id = store_col_int64(st, 0);
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code == SERAI_ECONFLICT
                     ? serai_fail(err, SERAI_ECONFLICT, "/code",
                                  "an event %s exists already", code)
                     : err->code;
    }
    if (rc == SERAI_OK)
        rc = event_json(s, id, out, err);
    return audit_finish(s, who, "event", id, "event.create", rc, out, err);
}

/* Registrations holding a place: confirmed or attended, in all or in one
 * country (NULL: all). */
static serai_code holding(store *s, int64_t id, const char *country, int64_t *n,
                          serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT count(*) FROM event_registration WHERE event_id = $1 AND status IN "
           "('confirmed', 'attended') AND (CAST($2 AS TEXT) IS NULL OR country = "
           "CAST($2 AS TEXT))", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    store_bind_text(st, 2, country);
    int r = store_step(st, err);
    *n = r == STORE_ROW ? store_col_int64(st, 0) : 0;
    store_reset(st);
    return r == STORE_ERROR ? err->code : SERAI_OK;
}

/* Confirm waiting registrations in order while the capacity and each one's
 * country quota allow. */
static serai_code promote_waiting(store *s, const event_info *e, const char *now,
                                  serai_err *err)
{
    int64_t taken = 0;
    serai_code rc = holding(s, e->id, NULL, &taken, err);
    while (rc == SERAI_OK && taken < e->capacity) {
        store_stmt *st;
        if ((rc = store_prepare(s, "SELECT id, country FROM event_registration WHERE "
                                   "event_id = $1 AND status = 'waiting' ORDER BY "
                                   "registered_at, id", &st, err)) != SERAI_OK)
            return rc;
        store_bind_int64(st, 1, e->id);
        int64_t ids[64];
        char countries[64][3];
        int n = 0, r;
        while (n < 64 && (r = store_step(st, err)) == STORE_ROW) {
            ids[n] = store_col_int64(st, 0);
            snprintf(countries[n], 3, "%s", store_col_text(st, 1));
            n++;
        }
        store_reset(st);
        if (n < 64 && r == STORE_ERROR)
            return err->code;
        int64_t chosen = 0;
        for (int k = 0; k < n && !chosen && rc == SERAI_OK; k++) {
            int64_t mine = 0;
            if (e->quota && (rc = holding(s, e->id, countries[k], &mine, err)) != SERAI_OK)
                break;
            if (!e->quota || mine < e->quota)
                chosen = ids[k];
        }
        if (rc != SERAI_OK || !chosen)
            return rc;
        if ((rc = store_prepare(s, "UPDATE event_registration SET status = 'confirmed', "
                                   "updated_at = $2 WHERE id = $1", &st, err)) != SERAI_OK)
            return rc;
        store_bind_int64(st, 1, chosen);
        store_bind_text(st, 2, now);
        rc = store_run(st, NULL, err);
        taken++;
    }
    return rc;
}

serai_code event_update(store *s, const actor *who, int64_t id, json_t *body,
                        json_t **out, serai_err *err)
{
    static const char *const keys[] = {"capacity", "country_quota",
                                       "registration_closes", "status", NULL};
    *out = NULL;
    int64_t capacity = 0, quota = 0;
    bool has_capacity = false, has_quota = false;
    const char *closes = NULL, *status = NULL;
    serai_code rc = event_need_secretariat(who, "changes events", err);
    if (rc == SERAI_OK)
        rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = json_get_int(body, "capacity", false, 0, EVENT_CAPACITY_MAX, "", &capacity,
                          &has_capacity, err);
    if (rc == SERAI_OK)
        rc = json_get_int(body, "country_quota", false, 1, EVENT_CAPACITY_MAX, "", &quota,
                          &has_quota, err);
    if (rc == SERAI_OK)
        rc = event_read_instant(body, "registration_closes", false, "", &closes, err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "status", false, 16, "", &status, err);
    if (rc == SERAI_OK && status && !one_of(status, statuses))
        rc = serai_fail(err, SERAI_EINVAL, "/status", "status is open, closed, held or "
                        "cancelled, not \"%s\"", status);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    event_info e;
    int64_t taken = 0;
    if ((rc = event_load(s, id, &e, err)) == SERAI_OK)
        rc = holding(s, id, NULL, &taken, err);
    if (rc == SERAI_OK && has_capacity && capacity < taken)
        rc = serai_fail(err, SERAI_ECONFLICT, "/capacity",
                        "capacity %" PRId64 " is below the %" PRId64 " confirmed "
                        "registrations of event %s; cancel registrations first",
                        capacity, taken, e.code);
    if (rc == SERAI_OK && strcmp(e.status, "cancelled") == 0 && status &&
        strcmp(status, "cancelled") != 0)
        rc = serai_fail(err, SERAI_ECONFLICT, "/status",
                        "event %s is cancelled and stays so", e.code);
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    store_stmt *st;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "UPDATE event SET capacity = $2, country_quota = $3, "
                               "registration_closes = $4, status = $5, updated_at = $6 "
                               "WHERE id = $1", &st, err)) == SERAI_OK) {
        if (has_capacity)
            e.capacity = capacity;
        if (has_quota)
            e.quota = quota;
        if (closes)
            snprintf(e.closes, sizeof e.closes, "%s", closes);
        if (status)
            snprintf(e.status, sizeof e.status, "%s", status);
        store_bind_int64(st, 1, id);
        store_bind_int64(st, 2, e.capacity);
        if (e.quota)
            store_bind_int64(st, 3, e.quota);
        else
            store_bind_null(st, 3);
        store_bind_text(st, 4, e.closes);
        store_bind_text(st, 5, e.status);
        store_bind_text(st, 6, now);
        rc = store_run(st, NULL, err);
    }
    if (rc == SERAI_OK && strcmp(e.status, "cancelled") != 0)
        rc = promote_waiting(s, &e, now, err);
    if (rc == SERAI_OK)
        rc = event_json(s, id, out, err);
    return audit_finish(s, who, "event", id, "event.update", rc, out, err);
}

serai_code event_room_add(store *s, const actor *who, int64_t id, json_t *body,
                          json_t **out, serai_err *err)
{
    static const char *const keys[] = {"name", "capacity", NULL};
    *out = NULL;
    const char *name = NULL;
    int64_t capacity = 0;
    bool has_capacity = false;
    serai_code rc = event_need_secretariat(who, "sets up rooms", err);
    if (rc == SERAI_OK)
        rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "name", true, 100, "", &name, err);
    if (rc == SERAI_OK)
        rc = json_get_int(body, "capacity", false, 1, EVENT_CAPACITY_MAX, "", &capacity,
                          &has_capacity, err);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    event_info e;
    store_stmt *st;
    if ((rc = event_load(s, id, &e, err)) == SERAI_OK &&
        (rc = store_prepare(s, "INSERT INTO event_room (event_id, name, capacity) VALUES "
                               "($1, $2, $3)", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        store_bind_text(st, 2, name);
        if (has_capacity)
            store_bind_int64(st, 3, capacity);
        else
            store_bind_null(st, 3);
        rc = store_run(st, NULL, err);
        if (rc == SERAI_ECONFLICT)
            rc = serai_fail(err, SERAI_ECONFLICT, "/name",
                            "event %s has a room \"%s\" already", e.code, name);
    }
    if (rc == SERAI_OK)
        rc = event_json(s, id, out, err);
    return audit_finish(s, who, "event", id, "event.room", rc, out, err);
}

/* ---- the timetable ---- */

#define SESSION_COLUMNS                                                          \
    "SELECT se.id, se.title, se.kind, se.starts_at, se.ends_at, se.room_id, "   \
    "r.name, se.speaker FROM event_session se LEFT JOIN event_room r ON "        \
    "r.id = se.room_id "

static json_t *session_row(store_stmt *st)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "id",
                     (json_int_t)store_col_int64(st, 0), "title", store_col_text(st, 1),
                     "kind", store_col_text(st, 2), "starts_at", store_col_text(st, 3),
                     "ends_at", store_col_text(st, 4), "room_id", opt_int(st, 5), "room",
                     opt_text(st, 6), "speaker", opt_text(st, 7));
}

serai_code event_session_add(store *s, const actor *who, int64_t id, json_t *body,
                             json_t **out, serai_err *err)
{
    static const char *const keys[] = {"title", "starts_at", "ends_at", "room_id",
                                       "kind", "speaker", NULL};
    *out = NULL;
    const char *title = NULL, *starts = NULL, *ends = NULL, *kind = NULL,
               *speaker = NULL;
    int64_t room = 0;
    bool has_room = false;
    serai_code rc = event_need_secretariat(who, "sets the timetable", err);
    if (rc == SERAI_OK)
        rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "title", true, EVENT_TITLE_MAX, "", &title, err);
    if (rc == SERAI_OK)
        rc = event_read_instant(body, "starts_at", true, "", &starts, err);
    if (rc == SERAI_OK)
        rc = event_read_instant(body, "ends_at", true, "", &ends, err);
    if (rc == SERAI_OK)
        rc = json_get_int(body, "room_id", false, 1, INT64_MAX, "", &room, &has_room, err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "kind", false, 40, "", &kind, err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "speaker", false, 300, "", &speaker, err);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    event_info e;
    if ((rc = event_load(s, id, &e, err)) == SERAI_OK)
        rc = event_within_dates(&e, starts, ends, "/starts_at", err);
    store_stmt *st;
    if (rc == SERAI_OK && has_room) {
        int64_t found = 0;
        if ((rc = store_prepare(s, "SELECT id FROM event_room WHERE id = $1 AND "
                                   "event_id = $2", &st, err)) == SERAI_OK) {
            store_bind_int64(st, 1, room);
            store_bind_int64(st, 2, id);
            int r = store_step(st, err);
            found = r == STORE_ROW;
            store_reset(st);
            if (r == STORE_ERROR)
                rc = err->code;
        }
        if (rc == SERAI_OK && !found)
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/room_id",
                            "event %s has no room %" PRId64, e.code, room);
        /* the first session of the room that overlaps this one */
        if (rc == SERAI_OK &&
            (rc = store_prepare(s, "SELECT se.id, se.title, se.starts_at, se.ends_at, "
                                   "r.name FROM event_session se JOIN event_room r ON "
                                   "r.id = se.room_id WHERE se.room_id = $1 AND "
                                   "se.starts_at < $3 AND se.ends_at > $2 ORDER BY "
                                   "se.starts_at, se.id", &st, err)) == SERAI_OK) {
            store_bind_int64(st, 1, room);
            store_bind_text(st, 2, starts);
            store_bind_text(st, 3, ends);
            int r = store_step(st, err);
            if (r == STORE_ROW)
                rc = serai_fail(err, SERAI_ECONFLICT, "/starts_at",
                                "room %s is taken from %s to %s by session %" PRId64
                                " \"%s\"", store_col_text(st, 4), store_col_text(st, 2),
                                store_col_text(st, 3), store_col_int64(st, 0),
                                store_col_text(st, 1));
            store_reset(st);
            if (r == STORE_ERROR)
                rc = err->code;
        }
    }
    int64_t sid = 0;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "INSERT INTO event_session (event_id, room_id, title, "
                               "kind, starts_at, ends_at, speaker) VALUES ($1, $2, $3, "
                               "$4, $5, $6, $7) RETURNING id", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        if (has_room)
            store_bind_int64(st, 2, room);
        else
            store_bind_null(st, 2);
        store_bind_text(st, 3, title);
        store_bind_text(st, 4, kind ? kind : "talk");
        store_bind_text(st, 5, starts);
        store_bind_text(st, 6, ends);
        store_bind_text(st, 7, speaker);
        int r = store_step(st, err);
        if (r == STORE_ROW)
            sid = store_col_int64(st, 0);
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code;
    }
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, SESSION_COLUMNS "WHERE se.id = $1", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, sid);
        if (store_step(st, err) == STORE_ROW)
            *out = session_row(st);
        store_reset(st);
    }
    return audit_finish(s, who, "event", id, "event.session", rc, out, err);
}

serai_code event_sessions(store *s, int64_t id, json_t **items, serai_err *err)
{
    *items = json_array();
    store_stmt *st;
    serai_code rc = store_prepare(s, SESSION_COLUMNS "WHERE se.event_id = $1 ORDER BY "
                                     "se.starts_at, r.name, se.id", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    int r;
    while ((r = store_step(st, err)) == STORE_ROW)
        json_array_append_new(*items, session_row(st));
    store_reset(st);
    return r == STORE_ERROR ? err->code : SERAI_OK;
}

serai_code event_timetable(store *s, const actor *who, int64_t id, json_t **out,
                           serai_err *err)
{
    (void)who;
    *out = NULL;
    event_info e;
    json_t *items = NULL;
    serai_code rc = event_load(s, id, &e, err);
    if (rc == SERAI_OK)
        rc = event_sessions(s, id, &items, err);
    if (rc != SERAI_OK) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:I, s:s, s:s, s:s, s:o}", "event_id", (json_int_t)id, "code",
                     e.code, "title", e.title, "timezone", e.timezone, "sessions", items);
    return SERAI_OK;
}

/* ---- registrations ---- */

#define REGISTRATION_COLUMNS                                                        \
    "SELECT g.id, g.event_id, g.person_id, p.name, g.country, g.status, "          \
    "g.registered_at, g.updated_at, (SELECT count(*) FROM event_registration w "   \
    "WHERE w.event_id = g.event_id AND w.status = 'waiting' AND g.status = "       \
    "'waiting' AND (w.registered_at < g.registered_at OR (w.registered_at = "      \
    "g.registered_at AND w.id <= g.id))) FROM event_registration g JOIN person p " \
    "ON p.id = g.person_id "

static json_t *registration_row(store_stmt *st)
{
    json_t *o = json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s}", "id",
                          (json_int_t)store_col_int64(st, 0), "event_id",
                          (json_int_t)store_col_int64(st, 1), "person_id",
                          (json_int_t)store_col_int64(st, 2), "name",
                          store_col_text(st, 3), "country", store_col_text(st, 4),
                          "status", store_col_text(st, 5), "registered_at",
                          store_col_text(st, 6), "updated_at", store_col_text(st, 7));
    int64_t place = store_col_int64(st, 8);
    json_object_set_new(o, "waiting_place", place ? json_integer(place) : json_null());
    return o;
}

static serai_code registration_json(store *s, int64_t reg_id, json_t **out,
                                    serai_err *err)
{
    *out = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(s, REGISTRATION_COLUMNS "WHERE g.id = $1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, reg_id);
    int r = store_step(st, err);
    if (r == STORE_ROW)
        *out = registration_row(st);
    store_reset(st);
    if (r == STORE_ERROR)
        return err->code;
    if (!*out)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no registration %" PRId64, reg_id);
    return SERAI_OK;
}

/* The event and person of a registration; ENOTFOUND (also for someone
 * else's, unless the actor is the secretariat or, reading, an observer). */
static serai_code registration_owner(store *s, const actor *who, int64_t reg_id,
                                     bool reading, int64_t *event_id, int64_t *person,
                                     char status[16], serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT event_id, person_id, status FROM "
                                     "event_registration WHERE id = $1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, reg_id);
    int r = store_step(st, err);
    if (r == STORE_ROW) {
        *event_id = store_col_int64(st, 0);
        *person = store_col_int64(st, 1);
        snprintf(status, 16, "%s", store_col_text(st, 2));
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return err->code;
    bool any = who->role == ROLE_SECRETARIAT || (reading && who->role == ROLE_OBSERVER);
    if (r != STORE_ROW || (!any && (!who->person_id || who->person_id != *person)))
        return serai_fail(err, SERAI_ENOTFOUND, NULL,
                          "no registration %" PRId64 " among yours", reg_id);
    return SERAI_OK;
}

serai_code event_register(store *s, const actor *who, int64_t id, json_t *body,
                          json_t **out, serai_err *err)
{
    static const char *const keys[] = {"person_id", NULL};
    *out = NULL;
    int64_t person = 0;
    serai_code rc = body ? json_only_keys(body, keys, "", err) : SERAI_OK;
    if (rc == SERAI_OK)
        rc = event_acting_person(who, body, "person_id", &person, err);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    event_info e;
    char now[CLOCK_ISO_LEN], country[3] = "";
    clock_format(clock_now(), now);
    if ((rc = event_load(s, id, &e, err)) == SERAI_OK && strcmp(e.status, "open") != 0)
        rc = serai_fail(err, SERAI_ECONFLICT, NULL, "event %s is %s: registration is "
                        "closed", e.code, e.status);
    if (rc == SERAI_OK && strcmp(now, e.closes) >= 0)
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "registration for %s closed at %s (UTC)", e.code, e.closes);
    store_stmt *st;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "SELECT country FROM person WHERE id = $1", &st, err)) ==
            SERAI_OK) {
        store_bind_int64(st, 1, person);
        int r = store_step(st, err);
        if (r == STORE_ROW)
            snprintf(country, sizeof country, "%s", store_col_text(st, 0));
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code;
        else if (r != STORE_ROW)
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/person_id", "no person %" PRId64,
                            person);
    }
    int64_t taken = 0, mine = 0, existing = 0;
    if (rc == SERAI_OK)
        rc = holding(s, id, NULL, &taken, err);
    if (rc == SERAI_OK && e.quota)
        rc = holding(s, id, country, &mine, err);
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "SELECT id, status FROM event_registration WHERE "
                               "event_id = $1 AND person_id = $2", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        store_bind_int64(st, 2, person);
        int r = store_step(st, err);
        if (r == STORE_ROW) {
            existing = store_col_int64(st, 0);
            if (strcmp(store_col_text(st, 1), "cancelled") != 0)
                rc = serai_fail(err, SERAI_ECONFLICT, "/person_id",
                                "person %" PRId64 " is registered for %s already "
                                "(registration %" PRId64 ", %s)", person, e.code, existing,
                                store_col_text(st, 1));
        }
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code;
    }
    bool room = taken < e.capacity && (!e.quota || mine < e.quota);
    const char *status = room ? "confirmed" : "waiting";
    int64_t reg = 0;
    /* A cancelled registration registering again joins the end of the
     * queue: its old row (kept in the audit trail) gives way to a new one,
     * whose larger id orders it after everyone registered in the same
     * second. */
    if (rc == SERAI_OK && existing &&
        (rc = store_prepare(s, "DELETE FROM event_registration WHERE id = $1", &st, err)) ==
            SERAI_OK) {
        store_bind_int64(st, 1, existing);
        rc = store_run(st, NULL, err);
    }
    if (rc == SERAI_OK &&
               (rc = store_prepare(s, "INSERT INTO event_registration (event_id, "
                                      "person_id, country, status, registered_at, "
                                      "updated_at) VALUES ($1, $2, $3, $4, $5, $5) "
                                      "RETURNING id", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        store_bind_int64(st, 2, person);
        store_bind_text(st, 3, country);
        store_bind_text(st, 4, status);
        store_bind_text(st, 5, now);
        int r = store_step(st, err);
        if (r == STORE_ROW)
            reg = store_col_int64(st, 0);
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code;
    }
    if (rc == SERAI_OK)
        rc = registration_json(s, reg, out, err);
    return audit_finish(s, who, "event_registration", reg, "event.register", rc, out,
                        err);
}

serai_code event_registration_get(store *s, const actor *who, int64_t reg_id,
                                  json_t **out, serai_err *err)
{
    int64_t event_id, person;
    char status[16];
    *out = NULL;
    serai_code rc = registration_owner(s, who, reg_id, true, &event_id, &person, status,
                                       err);
    return rc ? rc : registration_json(s, reg_id, out, err);
}

serai_code event_registration_cancel(store *s, const actor *who, int64_t reg_id,
                                     json_t *body, json_t **out, serai_err *err)
{
    static const char *const keys[] = {NULL};
    *out = NULL;
    if (who->role == ROLE_PUBLIC)
        return serai_fail(err, SERAI_EUNAUTH, NULL, "log in to cancel a registration");
    serai_code rc = body ? json_only_keys(body, keys, "", err) : SERAI_OK;
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    int64_t event_id = 0, person = 0;
    char status[16] = "", now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    event_info e;
    rc = registration_owner(s, who, reg_id, false, &event_id, &person, status, err);
    if (rc == SERAI_OK && (strcmp(status, "cancelled") == 0 ||
                           strcmp(status, "attended") == 0))
        rc = serai_fail(err, SERAI_ECONFLICT, NULL, "registration %" PRId64 " is %s",
                        reg_id, status);
    if (rc == SERAI_OK)
        rc = event_load(s, event_id, &e, err);
    store_stmt *st;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "UPDATE event_registration SET status = 'cancelled', "
                               "updated_at = $2 WHERE id = $1", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, reg_id);
        store_bind_text(st, 2, now);
        rc = store_run(st, NULL, err);
    }
    if (rc == SERAI_OK && strcmp(status, "confirmed") == 0 &&
        strcmp(e.status, "cancelled") != 0)
        rc = promote_waiting(s, &e, now, err);
    if (rc == SERAI_OK)
        rc = registration_json(s, reg_id, out, err);
    return audit_finish(s, who, "event_registration", reg_id, "event.cancel", rc, out,
                        err);
}

serai_code event_registration_attend(store *s, const actor *who, int64_t reg_id,
                                     json_t *body, json_t **out, serai_err *err)
{
    static const char *const keys[] = {NULL};
    *out = NULL;
    serai_code rc = event_need_secretariat(who, "marks attendance", err);
    if (rc == SERAI_OK && body)
        rc = json_only_keys(body, keys, "", err);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    int64_t event_id = 0, person = 0;
    char status[16] = "", now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    rc = registration_owner(s, who, reg_id, false, &event_id, &person, status, err);
    if (rc == SERAI_OK && strcmp(status, "confirmed") != 0)
        rc = serai_fail(err, SERAI_ECONFLICT, NULL, "registration %" PRId64 " is %s; "
                        "only confirmed registrations are marked attended", reg_id,
                        status);
    store_stmt *st;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "UPDATE event_registration SET status = 'attended', "
                               "updated_at = $2 WHERE id = $1", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, reg_id);
        store_bind_text(st, 2, now);
        rc = store_run(st, NULL, err);
    }
    if (rc == SERAI_OK)
        rc = registration_json(s, reg_id, out, err);
    return audit_finish(s, who, "event_registration", reg_id, "event.attend", rc, out,
                        err);
}

serai_code event_participants(store *s, const actor *who, int64_t id, json_t **out,
                              serai_err *err)
{
    *out = NULL;
    event_info e;
    json_t *counts = NULL;
    serai_code rc = event_load(s, id, &e, err);
    if (rc == SERAI_OK)
        rc = counts_json(s, id, &counts, err);
    if (rc != SERAI_OK) {
        json_decref(counts);
        return rc;
    }
    json_t *o = json_pack("{s:I, s:I, s:o}", "event_id", (json_int_t)id, "capacity",
                          (json_int_t)e.capacity, "counts", counts);
    if (who->role != ROLE_SECRETARIAT && who->role != ROLE_OBSERVER) {
        *out = o;
        return SERAI_OK;
    }
    json_t *items = json_array();
    store_stmt *st;
    if ((rc = store_prepare(s, REGISTRATION_COLUMNS "WHERE g.event_id = $1 ORDER BY "
                               "CASE g.status WHEN 'attended' THEN 0 WHEN 'confirmed' "
                               "THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END, g.registered_at, "
                               "g.id", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        int r;
        while ((r = store_step(st, err)) == STORE_ROW)
            json_array_append_new(items, registration_row(st));
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code;
    }
    json_object_set_new(o, "items", items);
    if (rc != SERAI_OK) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return SERAI_OK;
}

serai_code event_attendance_get(store *s, int64_t reg_id, event_attendance *out,
                                serai_err *err)
{
    memset(out, 0, sizeof *out);
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT g.event_id, g.person_id, p.name, g.country, e.title, e.kind, "
           "e.starts_on, e.ends_on, e.place, g.status FROM event_registration g JOIN "
           "person p ON p.id = g.person_id JOIN event e ON e.id = g.event_id WHERE "
           "g.id = $1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, reg_id);
    int r = store_step(st, err);
    if (r == STORE_ROW) {
        out->registration_id = reg_id;
        out->event_id = store_col_int64(st, 0);
        out->person_id = store_col_int64(st, 1);
        snprintf(out->person_name, sizeof out->person_name, "%s", store_col_text(st, 2));
        snprintf(out->country, sizeof out->country, "%s", store_col_text(st, 3));
        snprintf(out->event_title, sizeof out->event_title, "%s", store_col_text(st, 4));
        snprintf(out->event_kind, sizeof out->event_kind, "%s", store_col_text(st, 5));
        snprintf(out->starts_on, sizeof out->starts_on, "%s", store_col_text(st, 6));
        snprintf(out->ends_on, sizeof out->ends_on, "%s", store_col_text(st, 7));
        snprintf(out->place, sizeof out->place, "%s",
                 store_col_null(st, 8) ? "online" : store_col_text(st, 8));
        snprintf(out->status, sizeof out->status, "%s", store_col_text(st, 9));
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return err->code;
    if (r != STORE_ROW)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no registration %" PRId64, reg_id);
    if (strcmp(out->status, "attended") != 0)
        return serai_fail(err, SERAI_ECONFLICT, NULL,
                          "registration %" PRId64 " is %s, not attended", reg_id,
                          out->status);
    return SERAI_OK;
}
