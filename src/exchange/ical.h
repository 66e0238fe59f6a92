/*
 * ical.h -- iCalendar (RFC 5545) files of meetings and sessions.  Pure:
 * plain structs in, the text of one VCALENDAR out.
 *
 * Every line ends in CRLF and is folded at 75 octets (RFC 5545 §3.1),
 * never inside a UTF-8 sequence; TEXT values escape backslash, semicolon,
 * comma and newline (§3.3.11).  Times are UTC instants
 * "YYYY-MM-DDTHH:MM:SSZ" and are written in the UTC form 20261128T090000Z.
 * Input text with control characters other than newline and tab (which
 * becomes a space) is refused with an error that names the event and the
 * field, since no escape of TEXT can carry it.
 */
#ifndef SERAI_EXCHANGE_ICAL_H
#define SERAI_EXCHANGE_ICAL_H

#include <stddef.h>

#include "core/err.h"

#define ICAL_LINE_OCTETS 75

typedef struct ical_event {
    const char *uid;          /* required, unique and stable */
    const char *starts_at;    /* UTC instant, required */
    const char *ends_at;      /* UTC instant after starts_at, required */
    const char *summary;      /* required */
    const char *location;     /* NULL: left out */
    const char *description;  /* NULL: left out; newlines kept */
    const char *organizer;    /* e-mail address, NULL: left out */
    const char *const *attendees; /* e-mail addresses, NULL-terminated, or NULL */
} ical_event;

typedef struct ical_calendar {
    const char *name;         /* X-WR-CALNAME; NULL: left out */
    const char *dtstamp;      /* UTC instant the file was made, required */
    const ical_event *events;
    size_t nevents;
} ical_calendar;

/* The calendar as text into *out (malloc'd, NUL-terminated; the caller
 * frees) of *len bytes.  EINVAL names the field: "/events/3/summary". */
serai_code ical_write(const ical_calendar *cal, char **out, size_t *len,
                      serai_err *err) __attribute__((warn_unused_result));

#endif
