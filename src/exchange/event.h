/*
 * event.h -- forums, workshops, training courses, exchange programmes and
 * brokerage events (issue 9 §2 and §6; docs/exchange-events.md).
 *
 * An event has dates (YYYY-MM-DD), a place or online (or both), a
 * capacity, an optional quota of confirmed places per country, and a
 * registration deadline (a UTC instant).  A person registers (their own
 * account -- an applicant or reviewer linked to the person -- or the
 * secretariat for anyone) and is confirmed while the capacity and their
 * country's quota allow, else put on the waiting list in the order of
 * registration.  When a confirmed registration is cancelled, or the
 * capacity raised, the first waiting registrations whose country's quota
 * allows are confirmed, in order.  The capacity never goes below the
 * confirmed (and attended) registrations.  The secretariat marks
 * attendance.
 *
 * The timetable is sessions in rooms within the event's dates; two
 * sessions never overlap in one room.  Everyone reads the timetable and
 * the counts; the secretariat and observers read the participant list.
 *
 * Brokerage: the secretariat sets meeting slots (which do not overlap);
 * participants (confirmed or attended) say in which slots they cannot
 * meet, request one-to-one meetings with other participants, and accept
 * or decline the requests they receive; the secretariat schedules the
 * accepted requests (exchange/broker.h) and each participant reads, and
 * downloads as iCalendar, their own schedule.
 *
 * Every write is one transaction with its audit record.
 */
#ifndef SERAI_EXCHANGE_EVENT_H
#define SERAI_EXCHANGE_EVENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/err.h"
#include "store/store.h"

#define EVENT_CODE_MAX 32
#define EVENT_TITLE_MAX 300
#define EVENT_TEXT_MAX 5000
#define EVENT_PLACE_MAX 200
#define EVENT_CAPACITY_MAX 1000000
#define EVENT_MAX_SLOTS 200
#define EVENT_NOTE_MAX 1000

/* {"code", "kind": forum|workshop|training|exchange_programme|brokerage,
 *  "title", "description"?, "starts_on", "ends_on", "place"? (absent:
 *  online only), "online"?: bool, "timezone"?: IANA name (default UTC),
 *  "capacity", "country_quota"?, "registration_closes": UTC instant}
 *  -> the event (event_get).  Secretariat. */
serai_code event_create(store *s, const actor *who, json_t *body, json_t **out,
                        serai_err *err) __attribute__((warn_unused_result));
/* The event with its rooms and counts per registration status.  Public. */
serai_code event_get(store *s, const actor *who, int64_t id, json_t **out,
                     serai_err *err) __attribute__((warn_unused_result));
/* {"items": [events]}, by start date.  Public. */
serai_code event_list(store *s, const actor *who, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"capacity"?, "country_quota"?, "registration_closes"?, "status"?:
 *  open|closed|held|cancelled}.  A capacity below the confirmed
 * registrations is refused; a raised one confirms waiting registrations.
 * Secretariat. */
serai_code event_update(store *s, const actor *who, int64_t id, json_t *body,
                        json_t **out, serai_err *err) __attribute__((warn_unused_result));
/* {"name", "capacity"?} -> the event.  Secretariat. */
serai_code event_room_add(store *s, const actor *who, int64_t id, json_t *body,
                          json_t **out, serai_err *err) __attribute__((warn_unused_result));
/* {"title", "starts_at", "ends_at", "room_id"?, "kind"?, "speaker"?} ->
 * the session.  Refused when it overlaps another session of the room (the
 * detail names it) or leaves the event's dates.  Secretariat. */
serai_code event_session_add(store *s, const actor *who, int64_t id, json_t *body,
                             json_t **out, serai_err *err) __attribute__((warn_unused_result));
/* {"event", "sessions": [...]} in time order.  Public. */
serai_code event_timetable(store *s, const actor *who, int64_t id, json_t **out,
                           serai_err *err) __attribute__((warn_unused_result));

/* {"person_id"?} (required from the secretariat; the account's own person
 * otherwise) -> the registration, confirmed or waiting with its place in
 * the queue.  Refused after registration_closes (the detail names the
 * closing time) and for a cancelled, closed or held event. */
serai_code event_register(store *s, const actor *who, int64_t id, json_t *body,
                          json_t **out, serai_err *err) __attribute__((warn_unused_result));
/* Cancel a registration (the person's own, or the secretariat); the
 * place freed goes to the first eligible waiting registration. */
serai_code event_registration_cancel(store *s, const actor *who, int64_t reg_id,
                                     json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* Mark a confirmed registration attended.  Secretariat. */
serai_code event_registration_attend(store *s, const actor *who, int64_t reg_id,
                                     json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* A registration (the person's own; secretariat and observers any). */
serai_code event_registration_get(store *s, const actor *who, int64_t reg_id,
                                  json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"counts", "items"?: registrations in order}: the list for the
 * secretariat and observers, the counts alone for everyone else. */
serai_code event_participants(store *s, const actor *who, int64_t id, json_t **out,
                              serai_err *err) __attribute__((warn_unused_result));

/* What a certificate of attendance prints (exchange/certificate.h). */
typedef struct event_attendance {
    int64_t registration_id, event_id, person_id;
    char person_name[301];
    char country[3];
    char event_title[301];
    char event_kind[24];
    char starts_on[11], ends_on[11];
    char place[201];   /* "online" when the event has no place */
    char status[16];   /* "attended" */
} event_attendance;
/* The attendance of registration reg_id; ENOTFOUND, or ECONFLICT when the
 * registration is not marked attended.  No rights are checked: the caller
 * decides who may have the certificate. */
serai_code event_attendance_get(store *s, int64_t reg_id, event_attendance *out,
                                serai_err *err) __attribute__((warn_unused_result));

/* The certificate of attendance of an attended registration as PDF
 * (event_certificate.c): *pdf malloc'd, the caller frees.  The
 * registration's rights (the person's own, secretariat, observers);
 * ECONFLICT when it is not marked attended. */
serai_code event_certificate(store *s, const actor *who, int64_t reg_id,
                             unsigned char **pdf, size_t *len, serai_err *err)
    __attribute__((warn_unused_result));

/* ---- brokerage ---- */

/* {"slots": [{"starts_at", "ends_at"}]} adds meeting slots (within the
 * event's dates, none overlapping another) -> {"slots": [...]}.
 * Secretariat. */
serai_code event_slots_add(store *s, const actor *who, int64_t id, json_t *body,
                           json_t **out, serai_err *err) __attribute__((warn_unused_result));
/* {"slots": [...]} the event's meeting slots.  Public. */
serai_code event_slots(store *s, const actor *who, int64_t id, json_t **out,
                       serai_err *err) __attribute__((warn_unused_result));
/* {"person_id"? (secretariat), "slots": [slot ids]} replaces the slots in
 * which the participant cannot meet. */
serai_code event_unavailable_set(store *s, const actor *who, int64_t id, json_t *body,
                                 json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"invitee_id", "requester_id"? (secretariat), "note"?} -> the request.
 * Both are participants of the event. */
serai_code event_meeting_request(store *s, const actor *who, int64_t id, json_t *body,
                                 json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* The invitee (or the secretariat) accepts or declines a request. */
serai_code event_meeting_accept(store *s, const actor *who, int64_t meeting_id,
                                json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
serai_code event_meeting_decline(store *s, const actor *who, int64_t meeting_id,
                                 json_t *body, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* {"tables"?: per slot} schedules every accepted request -> {"scheduled",
 * "accepted", "bound", "gap", "optimal", "meetings": [...], "unscheduled":
 * [{"meeting_id", "reason", ...}]}.  Secretariat. */
serai_code event_schedule(store *s, const actor *who, int64_t id, json_t *body,
                          json_t **out, serai_err *err) __attribute__((warn_unused_result));
/* {"meetings": [...]}: a person's requests and meetings (person_id 0: the
 * account's own; the secretariat and observers any, or every one with
 * person_id -1). */
serai_code event_meetings(store *s, const actor *who, int64_t id, int64_t person_id,
                          json_t **out, serai_err *err) __attribute__((warn_unused_result));
/* iCalendar: person_id > 0 (or 0: the account's own) that person's
 * scheduled meetings, with the same rights as event_meetings; person_id
 * -1 the public timetable of sessions.  *text is malloc'd. */
serai_code event_ical(store *s, const actor *who, int64_t id, int64_t person_id,
                      char **text, size_t *len, serai_err *err)
    __attribute__((warn_unused_result));

#endif
