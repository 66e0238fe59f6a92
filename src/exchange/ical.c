/*
 * ical.c -- writing iCalendar (ical.h): content lines built whole, then
 * folded at 75 octets on a UTF-8 character boundary.
 */
#include "exchange/ical.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/ident.h"
#include "core/mem.h"

/* A calendar file is never larger than this. */
#define ICAL_MAX_BYTES (64 * 1024 * 1024)

/* Refuse text that TEXT cannot carry: invalid UTF-8, control characters
 * other than newline, carriage return and tab. */
static serai_code check_text(const char *v, size_t idx, const char *field,
                             serai_err *err)
{
    if (!ident_utf8_valid(v, strlen(v)))
        return serai_fail(err, SERAI_EINVAL, NULL, "event %zu: %s is not UTF-8", idx,
                          field);
    for (const unsigned char *c = (const unsigned char *)v; *c; c++)
        if ((*c < 0x20 && *c != '\n' && *c != '\r' && *c != '\t') || *c == 0x7f) {
            char pointer[64];
            snprintf(pointer, sizeof pointer, "/events/%zu/%s", idx, field);
            return serai_fail(err, SERAI_EINVAL, pointer,
                              "%s of event %zu holds the control character U+%04X, "
                              "which iCalendar text cannot carry",
                              field, idx, (unsigned)*c);
        }
    return SERAI_OK;
}

/* TEXT escaping (RFC 5545 §3.3.11): \\ \; \, and \n; CRLF and CR are one
 * newline; a tab becomes a space. */
static void escape_text(buf *line, const char *v)
{
    for (const char *c = v; *c; c++) {
        switch (*c) {
        case '\\':
            buf_puts(line, "\\\\");
            break;
        case ';':
            buf_puts(line, "\\;");
            break;
        case ',':
            buf_puts(line, "\\,");
            break;
        case '\r':
            if (c[1] == '\n')
                c++;
            buf_puts(line, "\\n");
            break;
        case '\n':
            buf_puts(line, "\\n");
            break;
        case '\t':
            buf_puts(line, " ");
            break;
        default:
            buf_append(line, c, 1);
        }
    }
}

/* Write one content line into out, folded: after each 75 octets a CRLF and
 * a space, moved back so that no UTF-8 sequence is split (continuation
 * lines hold 74 octets after their leading space). */
static void emit(buf *out, const char *line, size_t len)
{
    size_t pos = 0, room = ICAL_LINE_OCTETS;
    while (len - pos > room) {
        size_t cut = pos + room;
        while (cut > pos && ((unsigned char)line[cut] & 0xC0) == 0x80)
            cut--;
        buf_append(out, line + pos, cut - pos);
        buf_puts(out, "\r\n ");
        pos = cut;
        room = ICAL_LINE_OCTETS - 1;
    }
    buf_append(out, line + pos, len - pos);
    buf_puts(out, "\r\n");
}

static void emit_text(buf *out, buf *line, const char *name, const char *value)
{
    buf_reset(line);
    buf_puts(line, name);
    buf_puts(line, ":");
    escape_text(line, value);
    emit(out, line->data, line->len);
}

/* "2026-11-28T09:00:00Z" as "20261128T090000Z"; false when not an instant. */
static bool utc_form(const char *v, char out[17])
{
    int64_t t;
    if (!v || !clock_parse(v, &t))
        return false;
    snprintf(out, 17, "%.4s%.2s%.2sT%.2s%.2s%.2sZ", v, v + 5, v + 8, v + 11, v + 14,
             v + 17);
    return true;
}

/* An e-mail address as a mailto: URI: printable ASCII without the
 * characters that would end the value or start a parameter. */
static bool address_ok(const char *a)
{
    if (!a || !strchr(a, '@') || strlen(a) > 254)
        return false;
    for (const unsigned char *c = (const unsigned char *)a; *c; c++)
        if (*c <= 0x20 || *c >= 0x7f || *c == ';' || *c == ':' || *c == ',' ||
            *c == '"' || *c == '\\')
            return false;
    return true;
}

static serai_code check_event(const ical_event *e, size_t i, serai_err *err)
{
    char pointer[64];
    const struct {
        const char *name, *value;
        bool required;
    } texts[] = {{"uid", e->uid, true},
                 {"summary", e->summary, true},
                 {"location", e->location, false},
                 {"description", e->description, false}};
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
        if (!texts[k].value || !texts[k].value[0]) {
            if (!texts[k].required)
                continue;
            snprintf(pointer, sizeof pointer, "/events/%zu/%s", i, texts[k].name);
            return serai_fail(err, SERAI_EINVAL, pointer, "event %zu has no %s", i,
                              texts[k].name);
        }
        serai_code rc = check_text(texts[k].value, i, texts[k].name, err);
        if (rc != SERAI_OK)
            return rc;
    }
    char a[17], b[17];
    if (!utc_form(e->starts_at, a) || !utc_form(e->ends_at, b) ||
        strcmp(e->starts_at, e->ends_at) >= 0) {
        snprintf(pointer, sizeof pointer, "/events/%zu/ends_at", i);
        return serai_fail(err, SERAI_EINVAL, pointer,
                          "event %zu needs UTC instants YYYY-MM-DDTHH:MM:SSZ with the "
                          "end after the start", i);
    }
    if (e->organizer && !address_ok(e->organizer)) {
        snprintf(pointer, sizeof pointer, "/events/%zu/organizer", i);
        return serai_fail(err, SERAI_EINVAL, pointer,
                          "the organizer of event %zu is not a plain e-mail address", i);
    }
    for (size_t k = 0; e->attendees && e->attendees[k]; k++)
        if (!address_ok(e->attendees[k])) {
            snprintf(pointer, sizeof pointer, "/events/%zu/attendees/%zu", i, k);
            return serai_fail(err, SERAI_EINVAL, pointer,
                              "attendee %zu of event %zu is not a plain e-mail address",
                              k, i);
        }
    return SERAI_OK;
}

serai_code ical_write(const ical_calendar *cal, char **out, size_t *len, serai_err *err)
{
    *out = NULL;
    *len = 0;
    char stamp[17];
    if (!utc_form(cal->dtstamp, stamp))
        return serai_fail(err, SERAI_EINVAL, "/dtstamp",
                          "dtstamp is a UTC instant YYYY-MM-DDTHH:MM:SSZ");
    if (cal->name) {
        serai_code rc = check_text(cal->name, 0, "name", err);
        if (rc != SERAI_OK)
            return serai_fail(err, SERAI_EINVAL, "/name", "%s", err->detail);
    }
    for (size_t i = 0; i < cal->nevents; i++) {
        serai_code rc = check_event(&cal->events[i], i, err);
        if (rc != SERAI_OK)
            return rc;
    }
    buf o, line;
    buf_init(&o, ICAL_MAX_BYTES);
    buf_init(&line, ICAL_MAX_BYTES);
    buf_puts(&o, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
                 "PRODID:-//serai//exchange events//EN\r\nCALSCALE:GREGORIAN\r\n"
                 "METHOD:PUBLISH\r\n");
    if (cal->name)
        emit_text(&o, &line, "X-WR-CALNAME", cal->name);
    for (size_t i = 0; i < cal->nevents; i++) {
        const ical_event *e = &cal->events[i];
        char a[17], b[17];
        utc_form(e->starts_at, a);
        utc_form(e->ends_at, b);
        buf_puts(&o, "BEGIN:VEVENT\r\n");
        emit_text(&o, &line, "UID", e->uid);
        buf_printf(&o, "DTSTAMP:%s\r\nDTSTART:%s\r\nDTEND:%s\r\n", stamp, a, b);
        emit_text(&o, &line, "SUMMARY", e->summary);
        if (e->location && e->location[0])
            emit_text(&o, &line, "LOCATION", e->location);
        if (e->description && e->description[0])
            emit_text(&o, &line, "DESCRIPTION", e->description);
        if (e->organizer) {
            buf_reset(&line);
            buf_printf(&line, "ORGANIZER:mailto:%s", e->organizer);
            emit(&o, line.data, line.len);
        }
        for (size_t k = 0; e->attendees && e->attendees[k]; k++) {
            buf_reset(&line);
            buf_printf(&line, "ATTENDEE;ROLE=REQ-PARTICIPANT:mailto:%s", e->attendees[k]);
            emit(&o, line.data, line.len);
        }
        buf_puts(&o, "END:VEVENT\r\n");
    }
    bool ok = buf_puts(&o, "END:VCALENDAR\r\n");
    buf_free(&line);
    if (!ok) {
        buf_free(&o);
        return serai_fail(err, SERAI_ETOOLARGE, NULL, "the calendar exceeds %d bytes",
                          ICAL_MAX_BYTES);
    }
    *out = buf_take(&o, len);
    return SERAI_OK;
}
