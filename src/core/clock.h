/*
 * clock.h -- the library's one source of "now", in UTC.
 */
#ifndef SERAI_CORE_CLOCK_H
#define SERAI_CORE_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#define CLOCK_ISO_LEN 21 /* "2026-11-28T11:25:19Z" + NUL */

/* Seconds since the Unix epoch. */
int64_t clock_now(void);
/* Format t as "YYYY-MM-DDTHH:MM:SSZ" into out. */
void clock_format(int64_t t, char out[CLOCK_ISO_LEN]);
/* Parse "YYYY-MM-DDTHH:MM:SSZ" (UTC, exactly that form) into *out, in
 * proleptic Gregorian arithmetic that ignores TZ.  False when the text is
 * not such an instant or names no real date or time. */
bool clock_parse(const char *text, int64_t *out);
/* Today's date "YYYY-MM-DD" into out (size >= 11). */
void clock_today(char out[11]);

#endif
