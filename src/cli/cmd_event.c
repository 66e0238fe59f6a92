/*
 * cmd_event.c -- events and brokerage from the command line
 * (exchange/event.h, docs/exchange-events.md).  The operator acts as the
 * secretariat: it creates and changes events, rooms, sessions and meeting
 * slots, registers people and cancels or marks their registrations, and
 * acts for a participant it names -- a meeting request (--from), the slots
 * a person cannot meet in, an answer to a request -- as the library lets
 * the secretariat do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/mem.h"
#include "core/page.h"
#include "exchange/event.h"

static const char *text_of(const json_t *obj, const char *key)
{
    const char *v = json_string_value(json_object_get(obj, key));
    return v ? v : "-";
}

static long long int_of(const json_t *obj, const char *key)
{
    return (long long)json_integer_value(json_object_get(obj, key));
}

/* --opt as an id (or a whole number) into body[key]; false after a usage
 * error. */
static bool put_id(json_t *body, const cli_args *a, const char *opt, const char *key)
{
    const char *v = cli_opt(a, opt);
    int64_t n;
    if (v == NULL)
        return true;
    if (!parse_id(v, &n)) {
        cli_usage_error("--%s \"%s\" is not a whole number above 0", opt, v);
        return false;
    }
    json_object_set_new(body, key, json_integer(n));
    return true;
}

/* --person as a person id into *person (0 when absent); false after a
 * usage error. */
static bool person_of(const cli_args *a, int64_t *person)
{
    const char *v = cli_opt(a, "person");
    *person = 0;
    if (v && !parse_id(v, person)) {
        cli_usage_error("--person \"%s\" is not a person id", v);
        return false;
    }
    return true;
}

/* The body of --file (an empty object without it); NULL after printing
 * why, *rc the exit code. */
static json_t *file_or_empty(const cli_args *a, int *rc)
{
    json_t *body = json_object();
    *rc = 0;
    if (cli_opt(a, "file")) {
        json_decref(body);
        if ((*rc = cli_body_from_file(a, &body)) != 0)
            return NULL;
    }
    return body;
}

static void print_counts(const json_t *c)
{
    printf("registrations: %lld confirmed, %lld waiting, %lld attended, %lld cancelled\n",
           int_of(c, "confirmed"), int_of(c, "waiting"), int_of(c, "attended"),
           int_of(c, "cancelled"));
}

static void print_event(const json_t *e)
{
    static const char *const room_keys[] = {"id", "name", "capacity", NULL};
    const json_t *quota = json_object_get(e, "country_quota");
    const char *place = json_string_value(json_object_get(e, "place"));
    printf("event %lld %s (%s): %s\n", int_of(e, "id"), text_of(e, "code"),
           text_of(e, "kind"), text_of(e, "title"));
    printf("%s to %s, %s%s (%s), status %s\n", text_of(e, "starts_on"),
           text_of(e, "ends_on"), place ? place : "online",
           place && json_is_true(json_object_get(e, "online")) ? " and online" : "",
           text_of(e, "timezone"), text_of(e, "status"));
    printf("capacity %lld, country quota ", int_of(e, "capacity"));
    if (json_is_integer(quota))
        printf("%lld", (long long)json_integer_value(quota));
    else
        fputs("none", stdout);
    printf(", registration closes %s\n", text_of(e, "registration_closes"));
    print_counts(json_object_get(e, "registrations"));
    printf("\nrooms\n");
    cli_print_table(json_object_get(e, "rooms"), room_keys);
}

static void print_session(const json_t *s)
{
    printf("session %lld: %s (%s), %s to %s, room %s, speaker %s\n", int_of(s, "id"),
           text_of(s, "title"), text_of(s, "kind"), text_of(s, "starts_at"),
           text_of(s, "ends_at"), text_of(s, "room"), text_of(s, "speaker"));
}

static void print_timetable(const json_t *t)
{
    static const char *const keys[] = {"id", "starts_at", "ends_at", "room", "kind",
                                       "title", "speaker", NULL};
    printf("timetable of %s: %s (times UTC; shown in %s)\n", text_of(t, "code"),
           text_of(t, "title"), text_of(t, "timezone"));
    cli_print_table(json_object_get(t, "sessions"), keys);
}

static void print_registration(const json_t *r)
{
    printf("registration %lld: %s (person %lld, %s) for event %lld is %s",
           int_of(r, "id"), text_of(r, "name"), int_of(r, "person_id"),
           text_of(r, "country"), int_of(r, "event_id"), text_of(r, "status"));
    if (json_is_integer(json_object_get(r, "waiting_place")))
        printf(", place %lld on the waiting list", int_of(r, "waiting_place"));
    putchar('\n');
}

static void print_participants(const json_t *p)
{
    static const char *const keys[] = {"id", "person_id", "name", "country", "status",
                                       "waiting_place", "registered_at", NULL};
    printf("event %lld, capacity %lld\n", int_of(p, "event_id"), int_of(p, "capacity"));
    print_counts(json_object_get(p, "counts"));
    if (json_object_get(p, "items")) {
        putchar('\n');
        cli_print_table(json_object_get(p, "items"), keys);
    }
}

static void print_slots(const json_t *s)
{
    static const char *const keys[] = {"id", "starts_at", "ends_at", NULL};
    printf("meeting slots of event %lld\n", int_of(s, "event_id"));
    cli_print_table(json_object_get(s, "slots"), keys);
}

static void print_meeting(const json_t *m)
{
    printf("meeting %lld: %s (%lld) with %s (%lld), %s", int_of(m, "id"),
           text_of(m, "requester"), int_of(m, "requester_id"), text_of(m, "invitee"),
           int_of(m, "invitee_id"), text_of(m, "status"));
    if (json_is_integer(json_object_get(m, "slot_id")))
        printf(", %s to %s at table %lld", text_of(m, "starts_at"), text_of(m, "ends_at"),
               int_of(m, "table"));
    putchar('\n');
}

static void print_meetings(const json_t *o)
{
    static const char *const keys[] = {"id", "requester", "invitee", "status", "starts_at",
                                       "ends_at", "table", "note", NULL};
    cli_print_table(json_object_get(o, "meetings"), keys);
}

static void print_schedule(const json_t *o)
{
    static const char *const keys[] = {"meeting_id", "requester_id", "invitee_id", "reason",
                                       "person_id", NULL};
    const json_t *b = json_object_get(o, "bounds");
    printf("scheduled %lld of %lld accepted meetings; bound %lld, gap %lld%s\n",
           int_of(o, "scheduled"), int_of(o, "accepted"), int_of(o, "bound"),
           int_of(o, "gap"),
           json_is_true(json_object_get(o, "optimal")) ? " (optimal)" : "");
    printf("bounds: %lld with a common slot, %lld by participants, %lld by tables; "
           "%lld slots, %lld participants, tables per slot %lld (0: unlimited)\n",
           int_of(b, "possible"), int_of(b, "participants"), int_of(b, "tables"),
           int_of(o, "slots"), int_of(o, "participants"), int_of(o, "tables"));
    const json_t *un = json_object_get(o, "unscheduled");
    if (json_array_size(un)) {
        printf("\nunscheduled\n");
        cli_print_table(un, keys);
    }
}

/* The answer of a call (rc its exit code) as --json, or by print;
 * releases it. */
static int answer(const cli_args *a, int rc, json_t *out, void (*print)(const json_t *))
{
    if (rc || cli_flag(a, "json"))
        return rc ? rc : cli_print_one(a, out);
    print(out);
    json_decref(out);
    return 0;
}

/* fn on the one id the command takes (no body), printed by print. */
static int on_id(const cli_args *a, const char *usage, cli_by_id_fn fn,
                 void (*print)(const json_t *))
{
    int64_t id;
    int rc = cli_ids(a, 1, &id, usage);
    json_t *out;
    if (rc)
        return rc;
    rc = cli_call_by_id(a, fn, id, json_object(), &out);
    return answer(a, rc, out, print);
}

/* ---- library calls in the shape cli_call_by_id takes ---- */

#define READ_BY_ID(name, fn)                                                     \
    static serai_code name(store *s, const actor *who, int64_t id, json_t *body, \
                           json_t **out, serai_err *err)                        \
    {                                                                            \
        (void)body;                                                              \
        return fn(s, who, id, out, err);                                         \
    }
READ_BY_ID(show_event, event_get)
READ_BY_ID(timetable, event_timetable)
READ_BY_ID(participants, event_participants)
READ_BY_ID(slots, event_slots)
#undef READ_BY_ID

static serai_code create_event(store *s, const actor *who, int64_t id, json_t *body,
                               json_t **out, serai_err *err)
{
    (void)id;
    return event_create(s, who, body, out, err);
}

static serai_code list_events(store *s, const actor *who, int64_t id, json_t *body,
                              json_t **out, serai_err *err)
{
    (void)id;
    (void)body;
    return event_list(s, who, out, err);
}

static serai_code meetings(store *s, const actor *who, int64_t id, json_t *body,
                           json_t **out, serai_err *err)
{
    int64_t person = json_integer_value(json_object_get(body, "person_id"));
    return event_meetings(s, who, id, person ? person : -1, out, err);
}

/* ---- events, rooms, sessions ---- */

int cmd_event_create(const cli_args *a)
{
    if (a->npositional)
        return cli_usage_error("usage: serai event create --file EVENT.json");
    json_t *body, *out;
    int rc = cli_body_from_file(a, &body);
    if (rc)
        return rc;
    rc = cli_call_by_id(a, create_event, 0, body, &out);
    return answer(a, rc, out, print_event);
}

int cmd_event_list(const cli_args *a)
{
    static const char *const keys[] = {"id", "code", "kind", "title", "starts_on",
                                       "ends_on", "status", "capacity", NULL};
    if (a->npositional)
        return cli_usage_error("usage: serai event list [--json]");
    json_t *out;
    int rc = cli_call_by_id(a, list_events, 0, json_object(), &out);
    return rc ? rc : cli_print_page(a, out, keys);
}

int cmd_event_show(const cli_args *a)
{
    return on_id(a, "serai event show EVENT [--json]", show_event, print_event);
}

int cmd_event_update(const cli_args *a)
{
    int64_t id;
    int rc = cli_ids(a, 1, &id, "serai event update EVENT (--file CHANGES.json | "
                                "[--capacity N] [--quota N] [--closes UTC] [--status S])");
    if (rc)
        return rc;
    json_t *body = file_or_empty(a, &rc), *out;
    if (body == NULL)
        return rc;
    cli_put_text(body, a, "closes", "registration_closes");
    cli_put_text(body, a, "status", "status");
    const char *cap = cli_opt(a, "capacity");
    if (cap && strcmp(cap, "0") == 0)
        json_object_set_new(body, "capacity", json_integer(0));
    else if (!put_id(body, a, "capacity", "capacity") ||
             !put_id(body, a, "quota", "country_quota")) {
        json_decref(body);
        return 1;
    }
    rc = cli_call_by_id(a, event_update, id, body, &out);
    return answer(a, rc, out, print_event);
}

int cmd_event_room(const cli_args *a)
{
    int64_t id;
    int rc = cli_ids(a, 1, &id, "serai event room EVENT --name NAME [--capacity N]");
    if (rc)
        return rc;
    if (!cli_opt(a, "name"))
        return cli_usage_error("usage: serai event room EVENT --name NAME [--capacity N]");
    json_t *body = json_object(), *out;
    cli_put_text(body, a, "name", "name");
    if (!put_id(body, a, "capacity", "capacity")) {
        json_decref(body);
        return 1;
    }
    rc = cli_call_by_id(a, event_room_add, id, body, &out);
    return answer(a, rc, out, print_event);
}

int cmd_event_session(const cli_args *a)
{
    int64_t id;
    int rc = cli_ids(a, 1, &id, "serai event session EVENT (--file SESSION.json | "
                                "--title T --starts UTC --ends UTC [--room ROOM] "
                                "[--kind K] [--speaker S])");
    if (rc)
        return rc;
    json_t *body = file_or_empty(a, &rc), *out;
    if (body == NULL)
        return rc;
    cli_put_text(body, a, "title", "title");
    cli_put_text(body, a, "starts", "starts_at");
    cli_put_text(body, a, "ends", "ends_at");
    cli_put_text(body, a, "kind", "kind");
    cli_put_text(body, a, "speaker", "speaker");
    if (!put_id(body, a, "room", "room_id")) {
        json_decref(body);
        return 1;
    }
    rc = cli_call_by_id(a, event_session_add, id, body, &out);
    return answer(a, rc, out, print_session);
}

int cmd_event_timetable(const cli_args *a)
{
    return on_id(a, "serai event timetable EVENT [--json]", timetable, print_timetable);
}

/* ---- registrations ---- */

int cmd_event_register(const cli_args *a)
{
    static const char usage[] = "serai event register EVENT --person PERSON";
    int64_t id;
    int rc = cli_ids(a, 1, &id, usage);
    if (rc)
        return rc;
    if (!cli_opt(a, "person"))
        return cli_usage_error("usage: %s", usage);
    json_t *body = json_object(), *out;
    if (!put_id(body, a, "person", "person_id")) {
        json_decref(body);
        return 1;
    }
    rc = cli_call_by_id(a, event_register, id, body, &out);
    return answer(a, rc, out, print_registration);
}

int cmd_event_cancel(const cli_args *a)
{
    return on_id(a, "serai event cancel REGISTRATION", event_registration_cancel,
                 print_registration);
}

int cmd_event_attend(const cli_args *a)
{
    return on_id(a, "serai event attend REGISTRATION", event_registration_attend,
                 print_registration);
}

int cmd_event_participants(const cli_args *a)
{
    return on_id(a, "serai event participants EVENT [--json]", participants, print_participants);
}

/* ---- brokerage ---- */

int cmd_event_slots(const cli_args *a)
{
    int64_t id;
    int rc = cli_ids(a, 1, &id, "serai event slots EVENT [--file SLOTS.json] [--json]");
    json_t *body, *out;
    if (rc)
        return rc;
    if (cli_opt(a, "file")) {
        if ((rc = cli_body_from_file(a, &body)))
            return rc;
        rc = cli_call_by_id(a, event_slots_add, id, body, &out);
    } else {
        rc = cli_call_by_id(a, slots, id, json_object(), &out);
    }
    return answer(a, rc, out, print_slots);
}

/* "3,4" as [3, 4] ("" or "none": []); false after a usage error. */
static bool put_slot_list(json_t *body, const char *text)
{
    json_t *arr = json_array();
    json_object_set_new(body, "slots", arr);
    if (strcmp(text, "none") == 0 || text[0] == '\0')
        return true;
    char *copy = xstrdup(text), *save = NULL;
    bool ok = true;
    for (char *tok = strtok_r(copy, ",", &save); tok && ok;
         tok = strtok_r(NULL, ",", &save)) {
        int64_t n;
        ok = parse_id(tok, &n);
        if (ok)
            json_array_append_new(arr, json_integer(n));
    }
    free(copy);
    if (!ok)
        cli_usage_error("--slots takes slot ids separated by commas, e.g. 3,4 (or none)");
    return ok;
}

int cmd_event_unavailable(const cli_args *a)
{
    static const char usage[] = "serai event unavailable EVENT --person PERSON "
                                "--slots ID,ID|none";
    int64_t id;
    int rc = cli_ids(a, 1, &id, usage);
    if (rc)
        return rc;
    if (!cli_opt(a, "person") || !cli_opt(a, "slots"))
        return cli_usage_error("usage: %s", usage);
    json_t *body = json_object(), *out;
    if (!put_id(body, a, "person", "person_id") ||
        !put_slot_list(body, cli_opt(a, "slots"))) {
        json_decref(body);
        return 1;
    }
    rc = cli_call_by_id(a, event_unavailable_set, id, body, &out);
    if (rc || cli_flag(a, "json"))
        return rc ? rc : cli_print_one(a, out);
    printf("person %lld cannot meet in %zu slots of event %lld\n",
           int_of(out, "person_id"), json_array_size(json_object_get(out, "unavailable")),
           (long long)id);
    json_decref(out);
    return 0;
}

int cmd_event_meet(const cli_args *a)
{
    static const char usage[] = "serai event meet EVENT --from PERSON --to PERSON "
                                "[--note TEXT]";
    int64_t id;
    int rc = cli_ids(a, 1, &id, usage);
    if (rc)
        return rc;
    if (!cli_opt(a, "from") || !cli_opt(a, "to"))
        return cli_usage_error("usage: %s", usage);
    json_t *body = json_object(), *out;
    cli_put_text(body, a, "note", "note");
    if (!put_id(body, a, "from", "requester_id") || !put_id(body, a, "to", "invitee_id")) {
        json_decref(body);
        return 1;
    }
    rc = cli_call_by_id(a, event_meeting_request, id, body, &out);
    return answer(a, rc, out, print_meeting);
}

int cmd_event_accept(const cli_args *a)
{
    return on_id(a, "serai event accept MEETING", event_meeting_accept, print_meeting);
}

int cmd_event_decline(const cli_args *a)
{
    return on_id(a, "serai event decline MEETING", event_meeting_decline, print_meeting);
}

int cmd_event_schedule(const cli_args *a)
{
    int64_t id;
    int rc = cli_ids(a, 1, &id, "serai event schedule EVENT [--tables N] [--json]");
    if (rc)
        return rc;
    json_t *body = json_object(), *out;
    if (!put_id(body, a, "tables", "tables")) {
        json_decref(body);
        return 1;
    }
    rc = cli_call_by_id(a, event_schedule, id, body, &out);
    return answer(a, rc, out, print_schedule);
}

int cmd_event_meetings(const cli_args *a)
{
    int64_t id, person;
    int rc = cli_ids(a, 1, &id, "serai event meetings EVENT [--person PERSON] [--json]");
    if (rc)
        return rc;
    if (!person_of(a, &person))
        return 1;
    json_t *out;
    rc = cli_call_by_id(a, meetings, id,
                        json_pack("{s:I}", "person_id", (json_int_t)person), &out);
    return answer(a, rc, out, print_meetings);
}

/* The iCalendar text in a JSON string, for cli_call_by_id. */
static serai_code ical(store *s, const actor *who, int64_t id, json_t *body, json_t **out,
                       serai_err *err)
{
    int64_t person = json_integer_value(json_object_get(body, "person_id"));
    char *text;
    size_t len;
    *out = NULL;
    serai_code rc = event_ical(s, who, id, person ? person : -1, &text, &len, err);
    if (rc != SERAI_OK)
        return rc;
    *out = json_stringn_nocheck(text, len);
    free(text);
    return SERAI_OK;
}

int cmd_event_ical(const cli_args *a)
{
    int64_t id, person;
    int rc = cli_ids(a, 1, &id, "serai event ical EVENT [--person PERSON] [--out FILE]");
    if (rc)
        return rc;
    if (!person_of(a, &person))
        return 1;
    json_t *out;
    rc = cli_call_by_id(a, ical, id, json_pack("{s:I}", "person_id", (json_int_t)person),
                        &out);
    if (rc)
        return rc;
    const char *path = cli_opt(a, "out");
    const char *text = json_string_value(out);
    size_t len = json_string_length(out);
    FILE *f = path ? fopen(path, "wb") : stdout;
    if (f == NULL) {
        json_decref(out);
        return cli_usage_error("cannot write %s", path);
    }
    bool ok = fwrite(text, 1, len, f) == len;
    if (path)
        ok = fclose(f) == 0 && ok;
    json_decref(out);
    if (!ok)
        return cli_usage_error("cannot write %s", path ? path : "the calendar");
    if (path)
        fprintf(stderr, "serai: wrote %s (%zu bytes)\n", path, len);
    return 0;
}
