/*
 * test_event.c -- events on both backends (exchange/event.h): capacity,
 * quotas and the waiting list, cancellation promoting in order, closing,
 * overlapping sessions, rights, brokerage from requests to the schedule
 * and its iCalendar file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "exchange/event.h"
#include "testdb.h"

static store *db;

static int64_t person(const char *name, const char *country)
{
    store_stmt *st;
    serai_err err;
    int64_t id = 0;
    if (store_prepare(db, "INSERT INTO person (name, country, search, created_at, "
                          "updated_at) VALUES ($1, $2, $1, '2026-01-01T00:00:00Z', "
                          "'2026-01-01T00:00:00Z') RETURNING id", &st, &err) != SERAI_OK)
        return 0;
    store_bind_text(st, 1, name);
    store_bind_text(st, 2, country);
    if (store_step(st, &err) == STORE_ROW)
        id = store_col_int64(st, 0);
    store_reset(st);
    return id;
}

static json_t *body(const char *text)
{
    json_error_t je;
    json_t *j = json_loads(text, 0, &je);
    if (!j)
        fprintf(stderr, "bad test JSON: %s\n", je.text);
    return j;
}

static int64_t create_event(const actor *sec, const char *code, const char *closes)
{
    char text[600];
    snprintf(text, sizeof text,
             "{\"code\": \"%s\", \"kind\": \"brokerage\", \"title\": \"Water forum\", "
             "\"starts_on\": \"2030-05-04\", \"ends_on\": \"2030-05-05\", \"place\": "
             "\"Nairobi\", \"capacity\": 3, \"country_quota\": 2, "
             "\"registration_closes\": \"%s\"}", code, closes);
    json_t *b = body(text), *out = NULL;
    serai_err err;
    serai_code rc = event_create(db, sec, b, &out, &err);
    json_decref(b);
    if (rc != SERAI_OK) {
        fprintf(stderr, "event_create: %s\n", err.detail);
        return 0;
    }
    int64_t id = json_integer_value(json_object_get(out, "id"));
    json_decref(out);
    return id;
}

static const char *reg(const actor *who, int64_t ev, int64_t pid, int64_t *reg_id)
{
    static char status[16];
    char text[64];
    snprintf(text, sizeof text, "{\"person_id\": %lld}", (long long)pid);
    json_t *b = body(text), *out = NULL;
    serai_err err;
    serai_code rc = event_register(db, who, ev, b, &out, &err);
    json_decref(b);
    if (rc != SERAI_OK) {
        snprintf(status, sizeof status, "error %d", (int)rc);
        return status;
    }
    snprintf(status, sizeof status, "%s", json_string_value(json_object_get(out, "status")));
    if (reg_id)
        *reg_id = json_integer_value(json_object_get(out, "id"));
    json_decref(out);
    return status;
}

static void test_registration_quota_waiting_list(void)
{
    actor sec = actor_operator();
    int64_t ev = create_event(&sec, "EV-1", "2030-05-01T00:00:00Z");
    CHECK(ev > 0);
    int64_t ke1 = person("Amina Okafor", "KE"), ke2 = person("Brian Otieno", "KE"),
            ke3 = person("Cynthia Wanjiru", "KE"), cn1 = person("Chen Wei", "CN"),
            cn2 = person("Li Na", "CN");
    int64_t r_ke1, r_ke3, r_cn2;
    CHECK_STR(reg(&sec, ev, ke1, &r_ke1), "confirmed");
    CHECK_STR(reg(&sec, ev, ke2, NULL), "confirmed");
    CHECK_STR(reg(&sec, ev, ke3, &r_ke3), "waiting"); /* Kenya's quota is 2 */
    CHECK_STR(reg(&sec, ev, cn1, NULL), "confirmed"); /* capacity 3 reached */
    CHECK_STR(reg(&sec, ev, cn2, &r_cn2), "waiting");
    CHECK_STR(reg(&sec, ev, cn2, NULL), "error 5");   /* twice: conflict */
    /* Kenya's place freed: the first waiting Kenyan gets it */
    json_t *out = NULL;
    serai_err err;
    CHECK(event_registration_cancel(db, &sec, r_ke1, NULL, &out, &err) == SERAI_OK);
    json_decref(out);
    CHECK(event_registration_get(db, &sec, r_ke3, &out, &err) == SERAI_OK);
    CHECK_STR(json_string_value(json_object_get(out, "status")), "confirmed");
    json_decref(out);
    CHECK(event_registration_get(db, &sec, r_cn2, &out, &err) == SERAI_OK);
    CHECK_STR(json_string_value(json_object_get(out, "status")), "waiting");
    CHECK_INT(json_integer_value(json_object_get(out, "waiting_place")), 1);
    json_decref(out);
    /* capacity below confirmed: refused; raised: China's waiting one in */
    json_t *b = body("{\"capacity\": 2}");
    CHECK(event_update(db, &sec, ev, b, &out, &err) == SERAI_ECONFLICT);
    CHECK_STR(err.field, "/capacity");
    CHECK(strstr(err.detail, "below the 3 confirmed") != NULL);
    json_decref(b);
    b = body("{\"capacity\": 4}");
    CHECK(event_update(db, &sec, ev, b, &out, &err) == SERAI_OK);
    CHECK_INT(json_integer_value(json_object_get(json_object_get(out, "registrations"),
                                                 "confirmed")), 4);
    json_decref(out);
    json_decref(b);
    /* attendance and what a certificate prints */
    event_attendance at;
    CHECK(event_attendance_get(db, r_ke3, &at, &err) == SERAI_ECONFLICT);
    CHECK(event_registration_attend(db, &sec, r_ke3, NULL, &out, &err) == SERAI_OK);
    json_decref(out);
    CHECK(event_attendance_get(db, r_ke3, &at, &err) == SERAI_OK);
    CHECK_STR(at.person_name, "Cynthia Wanjiru");
    CHECK_STR(at.place, "Nairobi");
    CHECK_STR(at.starts_on, "2030-05-04");
    CHECK_STR(at.event_title, "Water forum");
    /* the public sees counts only; observers the list */
    actor pub = actor_public(), obs = {.role = ROLE_OBSERVER};
    CHECK(event_participants(db, &pub, ev, &out, &err) == SERAI_OK);
    CHECK(json_object_get(out, "items") == NULL);
    json_decref(out);
    CHECK(event_participants(db, &obs, ev, &out, &err) == SERAI_OK);
    CHECK_INT(json_array_size(json_object_get(out, "items")), 5);
    json_decref(out);
    /* an applicant registers itself only */
    actor app = {.role = ROLE_APPLICANT, .account_id = 7, .person_id = cn2};
    int64_t other = person("Zhang San", "CN");
    CHECK_STR(reg(&app, ev, other, NULL), "error 3");
}

static void test_closed_and_cancelled(void)
{
    actor sec = actor_operator();
    int64_t ev = create_event(&sec, "EV-CLOSED", "2020-01-01T00:00:00Z");
    CHECK(ev > 0);
    json_t *b = body("{\"person_id\": 1}"), *out = NULL;
    serai_err err;
    CHECK(event_register(db, &sec, ev, b, &out, &err) == SERAI_ECONFLICT);
    CHECK(strstr(err.detail, "closed at 2020-01-01T00:00:00Z") != NULL);
    json_decref(b);
    int64_t ev2 = create_event(&sec, "EV-CANCEL", "2030-05-01T00:00:00Z");
    b = body("{\"status\": \"cancelled\"}");
    CHECK(event_update(db, &sec, ev2, b, &out, &err) == SERAI_OK);
    json_decref(out);
    json_decref(b);
    b = body("{\"person_id\": 1}");
    CHECK(event_register(db, &sec, ev2, b, &out, &err) == SERAI_ECONFLICT);
    CHECK(strstr(err.detail, "cancelled") != NULL);
    json_decref(b);
}

static void test_sessions_overlap(void)
{
    actor sec = actor_operator();
    int64_t ev = create_event(&sec, "EV-ROOMS", "2030-05-01T00:00:00Z");
    json_t *b = body("{\"name\": \"Hall A\"}"), *out = NULL;
    serai_err err;
    CHECK(event_room_add(db, &sec, ev, b, &out, &err) == SERAI_OK);
    int64_t room = json_integer_value(
        json_object_get(json_array_get(json_object_get(out, "rooms"), 0), "id"));
    json_decref(out);
    json_decref(b);
    char text[300];
    snprintf(text, sizeof text, "{\"title\": \"Opening\", \"room_id\": %lld, "
             "\"starts_at\": \"2030-05-04T09:00:00Z\", \"ends_at\": "
             "\"2030-05-04T10:00:00Z\"}", (long long)room);
    b = body(text);
    CHECK(event_session_add(db, &sec, ev, b, &out, &err) == SERAI_OK);
    json_decref(out);
    json_decref(b);
    snprintf(text, sizeof text, "{\"title\": \"Keynote\", \"room_id\": %lld, "
             "\"starts_at\": \"2030-05-04T09:30:00Z\", \"ends_at\": "
             "\"2030-05-04T11:00:00Z\"}", (long long)room);
    b = body(text);
    CHECK(event_session_add(db, &sec, ev, b, &out, &err) == SERAI_ECONFLICT);
    CHECK(strstr(err.detail, "\"Opening\"") != NULL);
    json_decref(b);
    /* back to back is fine; outside the dates is not */
    snprintf(text, sizeof text, "{\"title\": \"Panel\", \"room_id\": %lld, "
             "\"starts_at\": \"2030-05-04T10:00:00Z\", \"ends_at\": "
             "\"2030-05-04T11:00:00Z\"}", (long long)room);
    b = body(text);
    CHECK(event_session_add(db, &sec, ev, b, &out, &err) == SERAI_OK);
    json_decref(out);
    json_decref(b);
    b = body("{\"title\": \"Late\", \"starts_at\": \"2030-05-06T10:00:00Z\", "
             "\"ends_at\": \"2030-05-06T11:00:00Z\"}");
    CHECK(event_session_add(db, &sec, ev, b, &out, &err) == SERAI_EUNPROCESSABLE);
    json_decref(b);
    char *ics;
    size_t len;
    CHECK(event_ical(db, &sec, ev, -1, &ics, &len, &err) == SERAI_OK);
    CHECK(strstr(ics, "SUMMARY:Opening\r\n") != NULL);
    CHECK(strstr(ics, "LOCATION:Hall A\\, Nairobi\r\n") != NULL);
    free(ics);
}

static void test_brokerage(void)
{
    actor sec = actor_operator();
    int64_t ev = create_event(&sec, "EV-B2B", "2030-05-01T00:00:00Z");
    json_t *b = body("{\"capacity\": 10, \"country_quota\": 10}"), *out = NULL;
    serai_err err;
    CHECK(event_update(db, &sec, ev, b, &out, &err) == SERAI_OK);
    json_decref(out);
    json_decref(b);
    int64_t p[4];
    const char *names[] = {"Ana", "Ben", "Cai", "Dee"};
    for (int k = 0; k < 4; k++) {
        p[k] = person(names[k], "KE");
        CHECK_STR(reg(&sec, ev, p[k], NULL), "confirmed");
    }
    b = body("{\"slots\": [{\"starts_at\": \"2030-05-04T09:00:00Z\", \"ends_at\": "
             "\"2030-05-04T09:30:00Z\"}, {\"starts_at\": \"2030-05-04T09:30:00Z\", "
             "\"ends_at\": \"2030-05-04T10:00:00Z\"}]}");
    CHECK(event_slots_add(db, &sec, ev, b, &out, &err) == SERAI_OK);
    int64_t slot0 = json_integer_value(
        json_object_get(json_array_get(json_object_get(out, "slots"), 0), "id"));
    json_decref(out);
    CHECK(event_slots_add(db, &sec, ev, b, &out, &err) == SERAI_ECONFLICT);
    json_decref(b);
    /* Ana asks Ben, Cai and Dee; Ben asks Cai; all accepted */
    int64_t mids[4];
    int pairs[4][2] = {{0, 1}, {0, 2}, {0, 3}, {1, 2}};
    for (int k = 0; k < 4; k++) {
        actor me = {.role = ROLE_APPLICANT, .account_id = 100 + k,
                    .person_id = p[pairs[k][0]]};
        char text[80];
        snprintf(text, sizeof text, "{\"invitee_id\": %lld}", (long long)p[pairs[k][1]]);
        b = body(text);
        CHECK(event_meeting_request(db, &me, ev, b, &out, &err) == SERAI_OK);
        mids[k] = json_integer_value(json_object_get(out, "id"));
        json_decref(out);
        json_decref(b);
        actor inv = {.role = ROLE_REVIEWER, .account_id = 200 + k,
                     .person_id = p[pairs[k][1]]};
        CHECK(event_meeting_accept(db, &me, mids[k], NULL, &out, &err) ==
              SERAI_EFORBIDDEN);
        CHECK(event_meeting_accept(db, &inv, mids[k], NULL, &out, &err) == SERAI_OK);
        json_decref(out);
    }
    /* Dee cannot meet in the first slot */
    actor dee = {.role = ROLE_APPLICANT, .account_id = 300, .person_id = p[3]};
    char text[80];
    snprintf(text, sizeof text, "{\"slots\": [%lld]}", (long long)slot0);
    b = body(text);
    CHECK(event_unavailable_set(db, &dee, ev, b, &out, &err) == SERAI_OK);
    json_decref(out);
    json_decref(b);
    CHECK(event_schedule(db, &sec, ev, NULL, &out, &err) == SERAI_OK);
    /* Ana has three meetings and two slots: one stays out */
    CHECK_INT(json_integer_value(json_object_get(out, "scheduled")), 3);
    CHECK_INT(json_integer_value(json_object_get(out, "bound")), 3);
    CHECK(json_is_true(json_object_get(out, "optimal")));
    json_t *u = json_array_get(json_object_get(out, "unscheduled"), 0);
    CHECK_STR(json_string_value(json_object_get(u, "reason")), "participant_full");
    CHECK_INT(json_integer_value(json_object_get(u, "person_id")), p[0]);
    json_decref(out);
    /* Dee's schedule: the meeting with Ana, in the second slot */
    CHECK(event_meetings(db, &dee, ev, 0, &out, &err) == SERAI_OK);
    json_decref(out);
    CHECK(event_meetings(db, &dee, ev, p[0], &out, &err) == SERAI_EFORBIDDEN);
    char *ics;
    size_t len;
    CHECK(event_ical(db, &sec, ev, p[1], &ics, &len, &err) == SERAI_OK);
    CHECK(strstr(ics, "BEGIN:VEVENT") != NULL);
    CHECK(strstr(ics, "LOCATION:Nairobi\\, table 1\r\n") != NULL);
    free(ics);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    testdb t;
    db = testdb_open(&t);
    RUN(test_registration_quota_waiting_list);
    RUN(test_closed_and_cancelled);
    RUN(test_sessions_overlap);
    RUN(test_brokerage);
    store_close(db);
    testdb_remove(&t);
    return check_report();
}
