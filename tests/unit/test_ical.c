/*
 * test_ical.c -- iCalendar files (exchange/ical.h) against the rules of
 * RFC 5545: CRLF line ends, folding at 75 octets without splitting UTF-8,
 * unfolding gives the content line back, TEXT escaping, UTC times, and
 * control characters refused naming the field.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/ident.h"
#include "exchange/ical.h"

/* Every physical line ends in CRLF, holds at most 75 octets and is valid
 * UTF-8 by itself; returns the unfolded text (LF-separated), malloc'd. */
static char *check_lines(const char *text, size_t len)
{
    char *unfolded = malloc(len + 1);
    size_t n = 0;
    const char *p = text, *end = text + len;
    CHECK(len >= 2 && end[-2] == '\r' && end[-1] == '\n');
    while (p < end) {
        const char *crlf = strstr(p, "\r\n");
        CHECK(crlf != NULL);
        if (!crlf)
            break;
        size_t l = (size_t)(crlf - p);
        CHECK(l <= 75);
        CHECK(ident_utf8_valid(p, l));
        CHECK(memchr(p, '\n', l) == NULL && memchr(p, '\r', l) == NULL);
        if (*p == ' ') {
            memcpy(unfolded + n, p + 1, l - 1); /* continuation */
            n += l - 1;
        } else {
            if (n)
                unfolded[n++] = '\n';
            memcpy(unfolded + n, p, l);
            n += l;
        }
        p = crlf + 2;
    }
    unfolded[n] = '\0';
    return unfolded;
}

static void test_escape_fold_utf8(void)
{
    const char *att[] = {"amina@example.org", "chen.wei@example.cn", NULL};
    char summary[400];
    snprintf(summary, sizeof summary, "%s", "Meeting: Okafor; Chen, \\ backslash");
    /* a long description in Chinese (3-byte characters) and Greek (2) */
    char desc[1200] = "";
    size_t used = 0;
    for (int i = 0; i < 40; i++)
        used += (size_t)snprintf(desc + used, sizeof desc - used, "%s",
                                 i % 2 ? "合作研究" : "συνεργασία");
    snprintf(desc + used, sizeof desc - used, "%s", "\nsecond line\r\nthird");
    ical_event e = {"meeting-17@serai", "2026-11-28T09:00:00Z", "2026-11-28T09:30:00Z",
                    summary, "Hall B, table 4", desc, "secretariat@serai.example", att};
    ical_calendar cal = {"Brokerage, Nairobi", "2026-11-01T12:00:00Z", &e, 1};
    char *text;
    size_t len;
    serai_err err;
    CHECK(ical_write(&cal, &text, &len, &err) == SERAI_OK);
    CHECK(strlen(text) == len);
    char *u = check_lines(text, len);
    CHECK(strncmp(u, "BEGIN:VCALENDAR\nVERSION:2.0\n", 28) == 0);
    CHECK(strstr(u, "\nSUMMARY:Meeting: Okafor\\; Chen\\, \\\\ backslash\n") != NULL);
    CHECK(strstr(u, "\nLOCATION:Hall B\\, table 4\n") != NULL);
    CHECK(strstr(u, "\\nsecond line\\nthird\n") != NULL);
    CHECK(strstr(u, "\nDTSTART:20261128T090000Z\nDTEND:20261128T093000Z\n") != NULL);
    CHECK(strstr(u, "\nDTSTAMP:20261101T120000Z\n") != NULL);
    CHECK(strstr(u, "\nX-WR-CALNAME:Brokerage\\, Nairobi\n") != NULL);
    CHECK(strstr(u, "\nORGANIZER:mailto:secretariat@serai.example\n") != NULL);
    CHECK(strstr(u, "\nATTENDEE;ROLE=REQ-PARTICIPANT:mailto:chen.wei@example.cn\n") != NULL);
    CHECK(strstr(u, "\nUID:meeting-17@serai\n") != NULL);
    CHECK(strstr(u, "END:VEVENT\nEND:VCALENDAR") != NULL);
    /* the description came out whole after unfolding */
    CHECK(strstr(u, "合作研究συνεργασία合作研究") != NULL);
    /* folding happened: some line starts with a space */
    CHECK(strstr(text, "\r\n ") != NULL);
    free(u);
    free(text);
}

static void test_fold_exact_boundaries(void)
{
    /* "SUMMARY:" is 8 octets: 67 ASCII octets make a line of exactly 75
     * (not folded), 68 make 76 (folded once) */
    char s[100];
    memset(s, 'x', 67);
    s[67] = '\0';
    ical_event e = {"u", "2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z", s, NULL, NULL,
                    NULL, NULL};
    ical_calendar cal = {NULL, "2026-01-01T00:00:00Z", &e, 1};
    char *text;
    size_t len;
    serai_err err;
    CHECK(ical_write(&cal, &text, &len, &err) == SERAI_OK);
    CHECK(strstr(text, "SUMMARY:") && strstr(text, "x\r\nEND:VEVENT") != NULL);
    CHECK(strstr(text, "\r\n x") == NULL);
    free(check_lines(text, len));
    free(text);
    s[67] = 'y'; /* 68 octets: folded once */
    s[68] = '\0';
    CHECK(ical_write(&cal, &text, &len, &err) == SERAI_OK);
    CHECK(strstr(text, "\r\n y\r\n") != NULL);
    free(check_lines(text, len));
    free(text);
    /* a 3-byte character straddling octet 75 moves to the next line */
    memset(s, 'x', 66);
    snprintf(s + 66, sizeof s - 66, "%s", "研");
    CHECK(ical_write(&cal, &text, &len, &err) == SERAI_OK);
    CHECK(strstr(text, "x\r\n 研\r\n") != NULL);
    free(check_lines(text, len));
    free(text);
}

static void test_control_characters_refused(void)
{
    ical_event ev[2] = {
        {"a", "2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z", "fine", NULL, NULL, NULL,
         NULL},
        {"b", "2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z", "ok", "Room\x1b[31m", NULL,
         NULL, NULL}};
    ical_calendar cal = {NULL, "2026-01-01T00:00:00Z", ev, 2};
    char *text;
    size_t len;
    serai_err err;
    CHECK(ical_write(&cal, &text, &len, &err) == SERAI_EINVAL);
    CHECK_STR(err.field, "/events/1/location");
    CHECK(strstr(err.detail, "U+001B") != NULL);
    CHECK(text == NULL);
    ev[1].location = "Room 1";
    ev[1].description = "tab\there"; /* a tab is a space */
    CHECK(ical_write(&cal, &text, &len, &err) == SERAI_OK);
    CHECK(strstr(text, "DESCRIPTION:tab here\r\n") != NULL);
    free(text);
    ev[1].summary = "bell\a";
    CHECK(ical_write(&cal, &text, &len, &err) == SERAI_EINVAL);
    CHECK_STR(err.field, "/events/1/summary");
    ev[1].summary = "ok";
    ev[0].ends_at = "2025-12-31T00:00:00Z";
    CHECK(ical_write(&cal, &text, &len, &err) == SERAI_EINVAL);
    CHECK_STR(err.field, "/events/0/ends_at");
    ev[0].ends_at = "2026-01-01T01:00:00Z";
    const char *bad[] = {"x@y.org\r\nATTENDEE:mailto:evil@z", NULL};
    ev[0].attendees = bad;
    CHECK(ical_write(&cal, &text, &len, &err) == SERAI_EINVAL);
    CHECK_STR(err.field, "/events/0/attendees/0");
    ev[0].attendees = NULL;
    ev[0].uid = "";
    CHECK(ical_write(&cal, &text, &len, &err) == SERAI_EINVAL);
    CHECK_STR(err.field, "/events/0/uid");
}

static void test_empty_calendar(void)
{
    ical_calendar cal = {NULL, "2026-01-01T00:00:00Z", NULL, 0};
    char *text;
    size_t len;
    serai_err err;
    CHECK(ical_write(&cal, &text, &len, &err) == SERAI_OK);
    CHECK(strstr(text, "BEGIN:VCALENDAR\r\n") == text);
    CHECK(strstr(text, "END:VCALENDAR\r\n") != NULL);
    CHECK(strstr(text, "VEVENT") == NULL);
    free(text);
    cal.dtstamp = "yesterday";
    CHECK(ical_write(&cal, &text, &len, &err) == SERAI_EINVAL);
    CHECK_STR(err.field, "/dtstamp");
}

int main(void)
{
    RUN(test_escape_fold_utf8);
    RUN(test_fold_exact_boundaries);
    RUN(test_control_characters_refused);
    RUN(test_empty_calendar);
    return check_report();
}
