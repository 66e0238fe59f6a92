/*
 * jsonw.c -- see jsonw.h.
 */
#include "core/jsonw.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void jsonw_init(jsonw *w, buf *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
}

/* Separator before a value or a key at the current level. */
static void before_value(jsonw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->need_comma[w->depth])
        buf_append(w->out, ",", 1);
    w->need_comma[w->depth] = true;
}

static void open_level(jsonw *w, char c)
{
    before_value(w);
    buf_append(w->out, &c, 1);
    if (w->depth < JSONW_MAX_DEPTH)
        w->depth++;
    w->need_comma[w->depth] = false;
}

static void close_level(jsonw *w, char c)
{
    buf_append(w->out, &c, 1);
    if (w->depth > 0)
        w->depth--;
}

void jsonw_object_begin(jsonw *w) { open_level(w, '{'); }
void jsonw_object_end(jsonw *w) { close_level(w, '}'); }
void jsonw_array_begin(jsonw *w) { open_level(w, '['); }
void jsonw_array_end(jsonw *w) { close_level(w, ']'); }

/* Bytes a JSON string must escape: control characters, '"' and '\\'. */
static const bool needs_escape[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1,
    [0x06] = 1, [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0a] = 1, [0x0b] = 1,
    [0x0c] = 1, [0x0d] = 1, [0x0e] = 1, [0x0f] = 1, [0x10] = 1, [0x11] = 1,
    [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
    [0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1, [0x1c] = 1, [0x1d] = 1,
    [0x1e] = 1, [0x1f] = 1, ['"'] = 1, ['\\'] = 1,
};

static void escaped(buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    buf_append(b, "\"", 1);
    const char *run = s;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (!needs_escape[*p])
            continue;
        buf_append(b, run, (size_t)((const char *)p - run));
        char esc[7] = {'\\', 0, 0, 0, 0, 0, 0};
        size_t n = 2;
        switch (*p) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        default:
            esc[1] = 'u', esc[2] = '0', esc[3] = '0';
            esc[4] = hex[*p >> 4], esc[5] = hex[*p & 15];
            n = 6;
        }
        buf_append(b, esc, n);
        run = (const char *)p + 1;
    }
    buf_puts(b, run);
    buf_append(b, "\"", 1);
}

void jsonw_key(jsonw *w, const char *key)
{
    before_value(w);
    escaped(w->out, key);
    buf_append(w->out, ":", 1);
    w->after_key = true;
}

void jsonw_string(jsonw *w, const char *s)
{
    if (s == NULL) {
        jsonw_null(w);
        return;
    }
    before_value(w);
    escaped(w->out, s);
}

void jsonw_int(jsonw *w, int64_t v)
{
    before_value(w);
    char text[24];
    int n = snprintf(text, sizeof text, "%" PRId64, v);
    buf_append(w->out, text, (size_t)n);
}

void jsonw_bool(jsonw *w, bool v)
{
    before_value(w);
    buf_puts(w->out, v ? "true" : "false");
}

void jsonw_null(jsonw *w)
{
    before_value(w);
    buf_puts(w->out, "null");
}

void jsonw_raw(jsonw *w, const char *json, const char *fallback)
{
    before_value(w);
    buf_puts(w->out, json && *json ? json : fallback);
}
