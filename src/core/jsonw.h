/*
 * jsonw.h -- writing JSON text straight into a buffer.
 *
 * Read paths that serve many requests (an organisation, a page of them)
 * render their rows directly to text instead of building a jansson tree
 * and dumping it, which costs several times more.  The writer puts the
 * commas and colons; strings are escaped as RFC 8259 requires ('"', '\\'
 * and control characters; UTF-8 passes through).  Nesting is limited to
 * JSONW_MAX_DEPTH.
 */
#ifndef SERAI_CORE_JSONW_H
#define SERAI_CORE_JSONW_H

#include <stdbool.h>
#include <stdint.h>

#include "core/mem.h"

#define JSONW_MAX_DEPTH 16

typedef struct jsonw {
    buf *out;
    int depth;
    bool need_comma[JSONW_MAX_DEPTH + 1];
    bool after_key;
} jsonw;

void jsonw_init(jsonw *w, buf *out);
void jsonw_object_begin(jsonw *w);
void jsonw_object_end(jsonw *w);
void jsonw_array_begin(jsonw *w);
void jsonw_array_end(jsonw *w);
/* A member name; the next value written is its value. */
void jsonw_key(jsonw *w, const char *key);
void jsonw_string(jsonw *w, const char *s); /* NULL writes null */
void jsonw_int(jsonw *w, int64_t v);
void jsonw_bool(jsonw *w, bool v);
void jsonw_null(jsonw *w);
/* Text that already is one JSON value (e.g. a column stored as JSON); NULL
 * or empty writes fallback (itself JSON text). */
void jsonw_raw(jsonw *w, const char *json, const char *fallback);

#endif
