/*
 * page.h -- keyset pagination shared by every list.
 *
 * A list returns {"items": [...], "next": cursor-or-null}; the cursor is
 * opaque to clients (today: the last id served) and is passed back as
 * ?cursor= to get the next page.
 */
#ifndef SERAI_CORE_PAGE_H
#define SERAI_CORE_PAGE_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "core/limits.h"

#define PAGE_DEFAULT_LIMIT LIMIT_PAGE_DEFAULT
#define PAGE_MAX_LIMIT LIMIT_PAGE_MAX

typedef struct page {
    int limit;      /* 1..PAGE_MAX_LIMIT */
    int64_t after;  /* serve ids greater than this */
} page;

/* Read ?limit= and ?cursor= (either may be NULL). */
serai_code page_parse(const char *limit, const char *cursor, page *out,
                      serai_err *err);

/* Wrap items (taken) into {"items": items, "next": ...}: next is the id of
 * the last item when more rows exist beyond this page. */
json_t *page_result(json_t *items, int64_t last_id, int more);

/* Parse a decimal id 1..INT64_MAX; false on anything else. */
int parse_id(const char *s, int64_t *out);

#endif
