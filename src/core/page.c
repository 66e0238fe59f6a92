/*
 * page.c -- see page.h.
 */
#include "core/page.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

int parse_id(const char *s, int64_t *out)
{
    if (s == NULL || *s < '1' || *s > '9')
        return 0;
    int64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return 0;
        int d = *p - '0';
        if (v > (INT64_MAX - d) / 10)
            return 0;
        v = v * 10 + d;
    }
    *out = v;
    return 1;
}

serai_code page_parse(const char *limit, const char *cursor, page *out,
                      serai_err *err)
{
    out->limit = PAGE_DEFAULT_LIMIT;
    out->after = 0;
    if (limit) {
        int64_t n;
        if (!parse_id(limit, &n) || n > PAGE_MAX_LIMIT)
            return serai_fail(err, SERAI_EINVAL, "?limit",
                              "limit must be a whole number from 1 to %d",
                              PAGE_MAX_LIMIT);
        out->limit = (int)n;
    }
    if (cursor && !parse_id(cursor, &out->after))
        return serai_fail(err, SERAI_EINVAL, "?cursor",
                          "cursor is not one this server handed out");
    return SERAI_OK;
}

json_t *page_result(json_t *items, int64_t last_id, int more)
{
    char next[24];
    snprintf(next, sizeof next, "%" PRId64, last_id);
    return json_pack("{s:o, s:o}", "items", items, "next",
                     more ? json_string(next) : json_null());
}
