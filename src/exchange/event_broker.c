/*
 * event_broker.c -- brokerage at an event: meeting slots, participants'
 * unavailability, one-to-one meeting requests and their answers, the
 * schedule made by exchange/broker.h and stored with slot and table, and
 * schedules and timetables as iCalendar (event.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/json.h"
#include "core/mem.h"
#include "exchange/broker.h"
#include "exchange/event.h"
#include "exchange/event_internal.h"
#include "exchange/ical.h"

/* Whether person holds a place (confirmed or attended) at the event. */
static serai_code need_participant(store *s, const event_info *e, int64_t person,
                                   const char *field, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT 1 FROM event_registration WHERE event_id = "
                                     "$1 AND person_id = $2 AND status IN ('confirmed', "
                                     "'attended')", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, e->id);
    store_bind_int64(st, 2, person);
    int r = store_step(st, err);
    store_reset(st);
    if (r == STORE_ERROR)
        return err->code;
    if (r != STORE_ROW)
        return serai_fail(err, SERAI_EUNPROCESSABLE, field,
                          "person %" PRId64 " is no confirmed participant of %s", person,
                          e->code);
    return SERAI_OK;
}

/* ---- slots ---- */

static serai_code slots_json(store *s, int64_t id, json_t **out, serai_err *err)
{
    json_t *items = json_array();
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT id, starts_at, ends_at FROM meeting_slot "
                                     "WHERE event_id = $1 ORDER BY starts_at", &st, err);
    if (rc == SERAI_OK) {
        store_bind_int64(st, 1, id);
        int r;
        while ((r = store_step(st, err)) == STORE_ROW)
            json_array_append_new(items, json_pack("{s:I, s:s, s:s}", "id",
                                                   (json_int_t)store_col_int64(st, 0),
                                                   "starts_at", store_col_text(st, 1),
                                                   "ends_at", store_col_text(st, 2)));
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code;
    }
    if (rc != SERAI_OK) {
        json_decref(items);
        *out = NULL;
        return rc;
    }
    *out = json_pack("{s:I, s:o}", "event_id", (json_int_t)id, "slots", items);
    return SERAI_OK;
}

serai_code event_slots(store *s, const actor *who, int64_t id, json_t **out,
                       serai_err *err)
{
    (void)who;
    event_info e;
    *out = NULL;
    serai_code rc = event_load(s, id, &e, err);
    return rc ? rc : slots_json(s, id, out, err);
}

serai_code event_slots_add(store *s, const actor *who, int64_t id, json_t *body,
                           json_t **out, serai_err *err)
{
    static const char *const keys[] = {"slots", NULL};
    static const char *const slot_keys[] = {"starts_at", "ends_at", NULL};
    *out = NULL;
    serai_code rc = event_need_secretariat(who, "sets meeting slots", err);
    if (rc == SERAI_OK)
        rc = json_only_keys(body, keys, "", err);
    json_t *list = json_object_get(body, "slots");
    if (rc == SERAI_OK && (!json_is_array(list) || json_array_size(list) == 0))
        rc = serai_fail(err, SERAI_EINVAL, "/slots",
                        "slots is a non-empty list of {\"starts_at\", \"ends_at\"}");
    if (rc == SERAI_OK && json_array_size(list) > EVENT_MAX_SLOTS)
        rc = serai_fail(err, SERAI_ETOOLARGE, "/slots", "at most %d slots",
                        EVENT_MAX_SLOTS);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    event_info e;
    rc = event_load(s, id, &e, err);
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v) {
        if (rc != SERAI_OK)
            break;
        char prefix[32];
        const char *a = NULL, *b = NULL;
        snprintf(prefix, sizeof prefix, "/slots/%zu", i);
        if (!json_is_object(v)) {
            rc = serai_fail(err, SERAI_EINVAL, prefix, "a slot is an object");
            break;
        }
        if ((rc = json_only_keys(v, slot_keys, prefix, err)) != SERAI_OK ||
            (rc = event_read_instant(v, "starts_at", true, prefix, &a, err)) != SERAI_OK ||
            (rc = event_read_instant(v, "ends_at", true, prefix, &b, err)) != SERAI_OK ||
            (rc = event_within_dates(&e, a, b, prefix, err)) != SERAI_OK)
            break;
        store_stmt *st;
        if ((rc = store_prepare(s, "SELECT starts_at, ends_at FROM meeting_slot WHERE "
                                   "event_id = $1 AND starts_at < $3 AND ends_at > $2",
                                &st, err)) != SERAI_OK)
            break;
        store_bind_int64(st, 1, id);
        store_bind_text(st, 2, a);
        store_bind_text(st, 3, b);
        int r = store_step(st, err);
        if (r == STORE_ROW)
            rc = serai_fail(err, SERAI_ECONFLICT, prefix,
                            "slot %s to %s overlaps the slot %s to %s", a, b,
                            store_col_text(st, 0), store_col_text(st, 1));
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code;
        if (rc == SERAI_OK &&
            (rc = store_prepare(s, "INSERT INTO meeting_slot (event_id, starts_at, "
                                   "ends_at) VALUES ($1, $2, $3)", &st, err)) == SERAI_OK) {
            store_bind_int64(st, 1, id);
            store_bind_text(st, 2, a);
            store_bind_text(st, 3, b);
            rc = store_run(st, NULL, err);
        }
    }
    if (rc == SERAI_OK)
        rc = slots_json(s, id, out, err);
    return audit_finish(s, who, "event", id, "event.slots", rc, out, err);
}

serai_code event_unavailable_set(store *s, const actor *who, int64_t id, json_t *body,
                                 json_t **out, serai_err *err)
{
    static const char *const keys[] = {"person_id", "slots", NULL};
    *out = NULL;
    int64_t person = 0;
    serai_code rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = event_acting_person(who, body, "person_id", &person, err);
    json_t *list = json_object_get(body, "slots");
    if (rc == SERAI_OK && !json_is_array(list))
        rc = serai_fail(err, SERAI_EINVAL, "/slots", "slots is a list of slot ids");
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    event_info e;
    store_stmt *st;
    if ((rc = event_load(s, id, &e, err)) == SERAI_OK)
        rc = need_participant(s, &e, person, "/person_id", err);
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "DELETE FROM meeting_unavailable WHERE event_id = $1 AND "
                               "person_id = $2", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        store_bind_int64(st, 2, person);
        rc = store_run(st, NULL, err);
    }
    size_t i;
    json_t *v;
    json_t *slots = json_array();
    json_array_foreach(list, i, v) {
        if (rc != SERAI_OK)
            break;
        char field[32];
        snprintf(field, sizeof field, "/slots/%zu", i);
        int64_t slot = json_is_integer(v) ? json_integer_value(v) : 0, found = 0;
        if ((rc = store_prepare(s, "SELECT id FROM meeting_slot WHERE id = $1 AND "
                                   "event_id = $2", &st, err)) != SERAI_OK)
            break;
        store_bind_int64(st, 1, slot);
        store_bind_int64(st, 2, id);
        int r = store_step(st, err);
        found = r == STORE_ROW;
        store_reset(st);
        if (r == STORE_ERROR) {
            rc = err->code;
            break;
        }
        if (!found) {
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, field,
                            "event %s has no meeting slot %" PRId64, e.code, slot);
            break;
        }
        if ((rc = store_prepare(s, "INSERT INTO meeting_unavailable (event_id, person_id, "
                                   "slot_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                                &st, err)) != SERAI_OK)
            break;
        store_bind_int64(st, 1, id);
        store_bind_int64(st, 2, person);
        store_bind_int64(st, 3, slot);
        rc = store_run(st, NULL, err);
        json_array_append_new(slots, json_integer(slot));
    }
    if (rc == SERAI_OK)
        *out = json_pack("{s:I, s:I, s:O}", "event_id", (json_int_t)id, "person_id",
                         (json_int_t)person, "unavailable", slots);
    json_decref(slots);
    return audit_finish(s, who, "event", id, "event.unavailable", rc, out, err);
}

/* ---- requests ---- */

#define MEETING_COLUMNS                                                              \
    "SELECT m.id, m.event_id, m.requester_id, a.name, m.invitee_id, b.name, m.note, " \
    "m.status, m.slot_id, sl.starts_at, sl.ends_at, m.table_no, m.created_at, "       \
    "m.updated_at FROM meeting_request m JOIN person a ON a.id = m.requester_id "     \
    "JOIN person b ON b.id = m.invitee_id LEFT JOIN meeting_slot sl ON "               \
    "sl.id = m.slot_id "

static json_t *meeting_row(store_stmt *st)
{
    json_t *o = json_pack("{s:I, s:I, s:I, s:s, s:I, s:s, s:s, s:s}", "id",
                          (json_int_t)store_col_int64(st, 0), "event_id",
                          (json_int_t)store_col_int64(st, 1), "requester_id",
                          (json_int_t)store_col_int64(st, 2), "requester",
                          store_col_text(st, 3), "invitee_id",
                          (json_int_t)store_col_int64(st, 4), "invitee",
                          store_col_text(st, 5), "note", store_col_text(st, 6), "status",
                          store_col_text(st, 7));
    bool placed = !store_col_null(st, 8);
    json_object_set_new(o, "slot_id", placed ? json_integer(store_col_int64(st, 8))
                                             : json_null());
    json_object_set_new(o, "starts_at", placed ? json_string(store_col_text(st, 9))
                                               : json_null());
    json_object_set_new(o, "ends_at", placed ? json_string(store_col_text(st, 10))
                                             : json_null());
    json_object_set_new(o, "table", placed ? json_integer(store_col_int64(st, 11))
                                           : json_null());
    json_object_set_new(o, "created_at", json_string(store_col_text(st, 12)));
    json_object_set_new(o, "updated_at", json_string(store_col_text(st, 13)));
    return o;
}

static serai_code meeting_json(store *s, int64_t mid, json_t **out, serai_err *err)
{
    *out = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(s, MEETING_COLUMNS "WHERE m.id = $1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, mid);
    int r = store_step(st, err);
    if (r == STORE_ROW)
        *out = meeting_row(st);
    store_reset(st);
    if (r == STORE_ERROR)
        return err->code;
    return *out ? SERAI_OK
                : serai_fail(err, SERAI_ENOTFOUND, NULL, "no meeting request %" PRId64, mid);
}

serai_code event_meeting_request(store *s, const actor *who, int64_t id, json_t *body,
                                 json_t **out, serai_err *err)
{
    static const char *const keys[] = {"invitee_id", "requester_id", "note", NULL};
    *out = NULL;
    int64_t requester = 0, invitee = 0;
    const char *note = NULL;
    serai_code rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = event_acting_person(who, body, "requester_id", &requester, err);
    if (rc == SERAI_OK)
        rc = json_get_int(body, "invitee_id", true, 1, INT64_MAX, "", &invitee, NULL, err);
    if (rc == SERAI_OK && invitee == requester)
        rc = serai_fail(err, SERAI_EINVAL, "/invitee_id", "a meeting joins two people");
    if (rc == SERAI_OK)
        rc = json_get_text(body, "note", false, EVENT_NOTE_MAX, "", &note, err);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    event_info e;
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    if ((rc = event_load(s, id, &e, err)) == SERAI_OK && strcmp(e.status, "cancelled") == 0)
        rc = serai_fail(err, SERAI_ECONFLICT, NULL, "event %s is cancelled", e.code);
    if (rc == SERAI_OK)
        rc = need_participant(s, &e, requester, "/requester_id", err);
    if (rc == SERAI_OK)
        rc = need_participant(s, &e, invitee, "/invitee_id", err);
    int64_t mid = 0;
    store_stmt *st;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "INSERT INTO meeting_request (event_id, requester_id, "
                               "invitee_id, note, status, created_at, updated_at) VALUES "
                               "($1, $2, $3, $4, 'requested', $5, $5) RETURNING id",
                            &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        store_bind_int64(st, 2, requester);
        store_bind_int64(st, 3, invitee);
        store_bind_text(st, 4, note ? note : "");
        store_bind_text(st, 5, now);
        int r = store_step(st, err);
        if (r == STORE_ROW)
            mid = store_col_int64(st, 0);
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code == SERAI_ECONFLICT
                     ? serai_fail(err, SERAI_ECONFLICT, "/invitee_id",
                                  "person %" PRId64 " has asked person %" PRId64
                                  " for a meeting at %s already", requester, invitee,
                                  e.code)
                     : err->code;
    }
    if (rc == SERAI_OK)
        rc = meeting_json(s, mid, out, err);
    return audit_finish(s, who, "meeting_request", mid, "event.meet", rc, out, err);
}

static serai_code answer(store *s, const actor *who, int64_t mid, json_t *body,
                         const char *status, json_t **out, serai_err *err)
{
    static const char *const keys[] = {NULL};
    *out = NULL;
    if (who->role == ROLE_PUBLIC)
        return serai_fail(err, SERAI_EUNAUTH, NULL, "log in to answer a request");
    serai_code rc = body ? json_only_keys(body, keys, "", err) : SERAI_OK;
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    store_stmt *st;
    int64_t invitee = 0;
    char was[16] = "", now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    if ((rc = store_prepare(s, "SELECT invitee_id, status FROM meeting_request WHERE "
                               "id = $1", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, mid);
        int r = store_step(st, err);
        if (r == STORE_ROW) {
            invitee = store_col_int64(st, 0);
            snprintf(was, sizeof was, "%s", store_col_text(st, 1));
        }
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code;
        else if (r != STORE_ROW)
            rc = serai_fail(err, SERAI_ENOTFOUND, NULL, "no meeting request %" PRId64, mid);
    }
    if (rc == SERAI_OK && who->role != ROLE_SECRETARIAT && who->person_id != invitee)
        rc = serai_fail(err, SERAI_EFORBIDDEN, NULL,
                        "only the person invited answers meeting request %" PRId64, mid);
    if (rc == SERAI_OK && strcmp(was, "requested") != 0)
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "meeting request %" PRId64 " is %s already", mid, was);
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "UPDATE meeting_request SET status = $2, updated_at = $3 "
                               "WHERE id = $1", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, mid);
        store_bind_text(st, 2, status);
        store_bind_text(st, 3, now);
        rc = store_run(st, NULL, err);
    }
    if (rc == SERAI_OK)
        rc = meeting_json(s, mid, out, err);
    return audit_finish(s, who, "meeting_request", mid,
                        status[0] == 'a' ? "event.accept" : "event.decline", rc, out, err);
}

serai_code event_meeting_accept(store *s, const actor *who, int64_t mid, json_t *body,
                                json_t **out, serai_err *err)
{
    return answer(s, who, mid, body, "accepted", out, err);
}

serai_code event_meeting_decline(store *s, const actor *who, int64_t mid, json_t *body,
                                 json_t **out, serai_err *err)
{
    return answer(s, who, mid, body, "declined", out, err);
}

/* ---- scheduling ---- */

/* An id -> dense index map by linear probing (ids are positive). */
typedef struct idmap {
    int64_t *keys;
    int32_t *vals;
    size_t cap;
    int32_t n;
} idmap;

static void idmap_init(idmap *m, size_t expect)
{
    m->cap = 16;
    while (m->cap < 2 * expect + 16)
        m->cap *= 2;
    m->keys = xcalloc(m->cap, sizeof *m->keys);
    m->vals = xmalloc(m->cap * sizeof *m->vals);
    m->n = 0;
}

static int32_t idmap_get(idmap *m, int64_t key, bool add)
{
    size_t h = (size_t)((uint64_t)key * 0x9e3779b97f4a7c15ULL) & (m->cap - 1);
    while (m->keys[h] && m->keys[h] != key)
        h = (h + 1) & (m->cap - 1);
    if (m->keys[h])
        return m->vals[h];
    if (!add)
        return -1;
    m->keys[h] = key;
    return m->vals[h] = m->n++;
}

static void idmap_free(idmap *m)
{
    free(m->keys);
    free(m->vals);
}

serai_code event_schedule(store *s, const actor *who, int64_t id, json_t *body,
                          json_t **out, serai_err *err)
{
    static const char *const keys[] = {"tables", NULL};
    *out = NULL;
    int64_t tables = 0;
    serai_code rc = event_need_secretariat(who, "schedules meetings", err);
    if (rc == SERAI_OK && body)
        rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK && body)
        rc = json_get_int(body, "tables", false, 0, 100000, "", &tables, NULL, err);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    event_info e;
    rc = event_load(s, id, &e, err);
    /* slots in time order */
    int64_t slot_ids[EVENT_MAX_SLOTS + 1];
    int32_t nslots = 0;
    store_stmt *st;
    int r = STORE_DONE;
    if (rc == SERAI_OK && (rc = store_prepare(s, "SELECT id FROM meeting_slot WHERE "
                                                 "event_id = $1 ORDER BY starts_at",
                                              &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        while (nslots < EVENT_MAX_SLOTS && (r = store_step(st, err)) == STORE_ROW)
            slot_ids[nslots++] = store_col_int64(st, 0);
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code;
    }
    /* accepted requests and their participants */
    size_t cap = 64, n = 0;
    int64_t *mids = xmalloc(cap * sizeof *mids);
    broker_meeting *ms = xmalloc(cap * sizeof *ms);
    int64_t *persons = xmalloc(2 * cap * sizeof *persons);
    idmap people;
    idmap_init(&people, 1024);
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "SELECT id, requester_id, invitee_id FROM meeting_request "
                               "WHERE event_id = $1 AND status = 'accepted' ORDER BY id",
                            &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        while ((r = store_step(st, err)) == STORE_ROW && n < BROKER_MAX_MEETINGS) {
            if (n == cap) {
                cap *= 2;
                mids = xreallocarray(mids, cap, sizeof *mids);
                ms = xreallocarray(ms, cap, sizeof *ms);
                persons = xreallocarray(persons, 2 * cap, sizeof *persons);
            }
            int64_t a = store_col_int64(st, 1), b = store_col_int64(st, 2);
            if (people.n * 2 + 4 > (int32_t)people.cap) {
                /* grow the map by rebuilding it */
                idmap bigger;
                idmap_init(&bigger, people.cap);
                for (size_t k = 0; k < 2 * n; k++)
                    idmap_get(&bigger, persons[k], true);
                idmap_free(&people);
                people = bigger;
            }
            mids[n] = store_col_int64(st, 0);
            persons[2 * n] = a;
            persons[2 * n + 1] = b;
            ms[n].a = idmap_get(&people, a, true);
            ms[n].b = idmap_get(&people, b, true);
            n++;
        }
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code;
    }
    int32_t P = people.n;
    uint8_t *un = xcalloc((size_t)P * (size_t)(nslots ? nslots : 1) + 1, 1);
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "SELECT u.person_id, u.slot_id FROM meeting_unavailable u "
                               "WHERE u.event_id = $1", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        while ((r = store_step(st, err)) == STORE_ROW) {
            int32_t q = idmap_get(&people, store_col_int64(st, 0), false);
            int64_t sid = store_col_int64(st, 1);
            for (int32_t k = 0; q >= 0 && k < nslots; k++)
                if (slot_ids[k] == sid)
                    un[(size_t)q * (size_t)nslots + (size_t)k] = 1;
        }
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code;
    }
    broker_problem prob = {P, nslots, (int32_t)tables, un, ms, (int32_t)n};
    broker_result res = {0};
    if (rc == SERAI_OK)
        rc = broker_solve(&prob, &res, err);
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "UPDATE meeting_request SET slot_id = NULL, table_no = "
                               "NULL WHERE event_id = $1", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        rc = store_run(st, NULL, err);
    }
    json_t *unscheduled = json_array();
    for (size_t k = 0; rc == SERAI_OK && k < n; k++) {
        if (res.slot[k] < 0) {
            json_t *u = json_pack("{s:I, s:I, s:I, s:s}", "meeting_id",
                                  (json_int_t)mids[k], "requester_id",
                                  (json_int_t)persons[2 * k], "invitee_id",
                                  (json_int_t)persons[2 * k + 1], "reason",
                                  broker_reason_name((broker_reason)res.reason[k]));
            if (res.who[k] >= 0)
                json_object_set_new(u, "person_id",
                                    json_integer(res.who[k] == ms[k].a
                                                     ? persons[2 * k]
                                                     : persons[2 * k + 1]));
            json_array_append_new(unscheduled, u);
            continue;
        }
        if ((rc = store_prepare(s, "UPDATE meeting_request SET slot_id = $2, table_no = "
                                   "$3, updated_at = $4 WHERE id = $1", &st, err)) != SERAI_OK)
            break;
        store_bind_int64(st, 1, mids[k]);
        store_bind_int64(st, 2, slot_ids[res.slot[k]]);
        store_bind_int64(st, 3, res.table[k]);
        store_bind_text(st, 4, now);
        rc = store_run(st, NULL, err);
    }
    if (rc == SERAI_OK) {
        *out = json_pack("{s:I, s:I, s:I, s:I, s:I, s:b, s:{s:I, s:I, s:I}, s:I, s:I, s:I, "
                         "s:I, s:o}",
                         "event_id", (json_int_t)id, "accepted", (json_int_t)n, "scheduled",
                         (json_int_t)res.scheduled, "bound", (json_int_t)res.bound, "gap",
                         (json_int_t)(res.bound - res.scheduled), "optimal",
                         res.scheduled == res.bound, "bounds", "possible",
                         (json_int_t)res.bound_possible, "participants",
                         (json_int_t)res.bound_participants, "tables",
                         (json_int_t)res.bound_tables, "slots", (json_int_t)nslots,
                         "participants", (json_int_t)P, "tables", (json_int_t)tables,
                         "moves", (json_int_t)res.moves, "unscheduled", unscheduled);
        unscheduled = NULL;
    }
    json_decref(unscheduled);
    broker_result_free(&res);
    free(un);
    free(mids);
    free(ms);
    free(persons);
    idmap_free(&people);
    return audit_finish(s, who, "event", id, "event.schedule", rc, out, err);
}

/* ---- reading schedules ---- */

/* The person whose schedule is read: the account's own, or any for the
 * secretariat and observers (-1: everyone's). */
static serai_code schedule_person(const actor *who, int64_t *person, serai_err *err)
{
    bool any = who->role == ROLE_SECRETARIAT || who->role == ROLE_OBSERVER;
    if (*person == 0 && !any) {
        if (who->role == ROLE_PUBLIC)
            return serai_fail(err, SERAI_EUNAUTH, NULL, "log in to read your schedule");
        if (!who->person_id)
            return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                              "this account is linked to no person record");
        *person = who->person_id;
    }
    if (*person == 0)
        *person = -1;
    if (!any && *person != who->person_id)
        return serai_fail(err, who->role == ROLE_PUBLIC ? SERAI_EUNAUTH : SERAI_EFORBIDDEN,
                          NULL, "a schedule is read by its own person, the secretariat "
                          "and observers");
    return SERAI_OK;
}

static serai_code meetings_of(store *s, int64_t id, int64_t person, bool placed_only,
                              json_t **items, serai_err *err)
{
    *items = json_array();
    store_stmt *st;
    serai_code rc = store_prepare(
        s, MEETING_COLUMNS "WHERE m.event_id = $1 AND ($2 < 0 OR m.requester_id = $2 OR "
                           "m.invitee_id = $2) AND ($3 = 0 OR m.slot_id IS NOT NULL) "
                           "ORDER BY sl.starts_at, m.id", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    store_bind_int64(st, 2, person);
    store_bind_int64(st, 3, placed_only);
    int r;
    while ((r = store_step(st, err)) == STORE_ROW)
        json_array_append_new(*items, meeting_row(st));
    store_reset(st);
    return r == STORE_ERROR ? err->code : SERAI_OK;
}

serai_code event_meetings(store *s, const actor *who, int64_t id, int64_t person,
                          json_t **out, serai_err *err)
{
    *out = NULL;
    event_info e;
    json_t *items = NULL;
    serai_code rc = schedule_person(who, &person, err);
    if (rc == SERAI_OK)
        rc = event_load(s, id, &e, err);
    if (rc == SERAI_OK)
        rc = meetings_of(s, id, person, false, &items, err);
    if (rc != SERAI_OK) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:I, s:o, s:o}", "event_id", (json_int_t)id, "person_id",
                     person > 0 ? json_integer(person) : json_null(), "meetings", items);
    return SERAI_OK;
}

serai_code event_ical(store *s, const actor *who, int64_t id, int64_t person,
                      char **text, size_t *len, serai_err *err)
{
    *text = NULL;
    *len = 0;
    bool timetable = person < 0;
    serai_code rc = timetable ? SERAI_OK : schedule_person(who, &person, err);
    event_info e;
    json_t *items = NULL;
    if (rc == SERAI_OK)
        rc = event_load(s, id, &e, err);
    if (rc == SERAI_OK)
        rc = timetable ? event_sessions(s, id, &items, err)
                       : meetings_of(s, id, person, true, &items, err);
    if (rc != SERAI_OK) {
        json_decref(items);
        return rc;
    }
    size_t n = json_array_size(items);
    ical_event *ev = xcalloc(n + 1, sizeof *ev);
    arena mem;
    arena_init(&mem);
    for (size_t k = 0; k < n; k++) {
        json_t *it = json_array_get(items, k);
        int64_t iid = json_integer_value(json_object_get(it, "id"));
        ev[k].starts_at = json_string_value(json_object_get(it, "starts_at"));
        ev[k].ends_at = json_string_value(json_object_get(it, "ends_at"));
        if (timetable) {
            ev[k].uid = arena_printf(&mem, "session-%" PRId64 "@serai", iid);
            ev[k].summary = json_string_value(json_object_get(it, "title"));
            const char *room = json_string_value(json_object_get(it, "room"));
            ev[k].location = room ? arena_printf(&mem, "%s, %s", room,
                                                 e.place[0] ? e.place : "online")
                                  : (e.place[0] ? e.place : "online");
            ev[k].description = json_string_value(json_object_get(it, "speaker"));
        } else {
            bool mine = json_integer_value(json_object_get(it, "requester_id")) == person;
            const char *other = json_string_value(
                json_object_get(it, mine ? "invitee" : "requester"));
            ev[k].uid = arena_printf(&mem, "meeting-%" PRId64 "@serai", iid);
            ev[k].summary = arena_printf(&mem, "Meeting with %s", other);
            ev[k].location = arena_printf(
                &mem, "%s, table %" JSON_INTEGER_FORMAT, e.place[0] ? e.place : "online",
                json_integer_value(json_object_get(it, "table")));
            const char *note = json_string_value(json_object_get(it, "note"));
            ev[k].description = note && note[0] ? note : NULL;
        }
    }
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    ical_calendar cal = {e.title, now, ev, n};
    rc = ical_write(&cal, text, len, err);
    free(ev);
    arena_free(&mem);
    json_decref(items);
    return rc;
}
