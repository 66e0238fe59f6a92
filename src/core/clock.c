/*
 * clock.c -- see clock.h.
 */
#include "core/clock.h"

#include <stdio.h>
#include <time.h>

int64_t clock_now(void)
{
    return (int64_t)time(NULL);
}

void clock_format(int64_t t, char out[CLOCK_ISO_LEN])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, CLOCK_ISO_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void clock_today(char out[11])
{
    time_t tt = time(NULL);
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}
