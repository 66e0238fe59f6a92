/*
 * csv.c -- see csv.h.
 */
#include "core/csv.h"

#include <string.h>

#include "core/ident.h"

void csv_open(csv_reader *r, const char *data, size_t len)
{
    r->p = data;
    r->end = data + len;
    r->line = 1;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        r->p += 3;
    buf_init(&r->field_bytes, CSV_MAX_FIELDS * (size_t)CSV_MAX_FIELD_BYTES);
}

void csv_close(csv_reader *r)
{
    buf_free(&r->field_bytes);
}

static int end_field(csv_reader *r, csv_record *rec, size_t start,
                     serai_err *err)
{
    size_t flen = r->field_bytes.len - start;
    if (flen > CSV_MAX_FIELD_BYTES)
        return serai_fail(err, SERAI_EINVAL, NULL,
                          "line %ld: field %zu is longer than %d bytes",
                          rec->line, rec->count + 1, CSV_MAX_FIELD_BYTES), -1;
    if (!ident_utf8_valid(r->field_bytes.data + start, flen))
        return serai_fail(err, SERAI_EINVAL, NULL,
                          "line %ld: field %zu is not valid UTF-8", rec->line,
                          rec->count + 1), -1;
    if (rec->count == CSV_MAX_FIELDS)
        return serai_fail(err, SERAI_EINVAL, NULL,
                          "line %ld: more than %d fields", rec->line,
                          CSV_MAX_FIELDS), -1;
    buf_append(&r->field_bytes, "", 1);
    r->offsets[rec->count++] = start;
    return 0;
}

int csv_next(csv_reader *r, csv_record *rec, serai_err *err)
{
    /* Skip blank lines. */
    while (r->p < r->end && (*r->p == '\n' || *r->p == '\r')) {
        if (*r->p == '\n')
            r->line++;
        r->p++;
    }
    if (r->p >= r->end)
        return 0;
    buf_reset(&r->field_bytes);
    rec->line = r->line;
    rec->count = 0;
    size_t start = 0;
    bool quoted = false, was_quoted = false;
    for (;;) {
        if (r->p >= r->end) {
            if (quoted)
                return serai_fail(err, SERAI_EINVAL, NULL,
                                  "line %ld: quoted field never closed",
                                  rec->line), -1;
            if (end_field(r, rec, start, err) < 0)
                return -1;
            break;
        }
        char c = *r->p++;
        if (quoted) {
            if (c == '"') {
                if (r->p < r->end && *r->p == '"') {
                    buf_append(&r->field_bytes, "\"", 1);
                    r->p++;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n')
                    r->line++;
                buf_append(&r->field_bytes, &c, 1);
            }
            continue;
        }
        if (c == '"') {
            if (r->field_bytes.len != start || was_quoted)
                return serai_fail(err, SERAI_EINVAL, NULL,
                                  "line %ld: stray quote inside field %zu",
                                  r->line, rec->count + 1), -1;
            quoted = was_quoted = true;
        } else if (c == ',') {
            if (end_field(r, rec, start, err) < 0)
                return -1;
            start = r->field_bytes.len;
            was_quoted = false;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && r->p < r->end && *r->p == '\n')
                r->p++;
            r->line++;
            if (end_field(r, rec, start, err) < 0)
                return -1;
            break;
        } else {
            if (was_quoted)
                return serai_fail(err, SERAI_EINVAL, NULL,
                                  "line %ld: text after the closing quote of "
                                  "field %zu", r->line, rec->count + 1), -1;
            if (!buf_append(&r->field_bytes, &c, 1))
                return serai_fail(err, SERAI_ETOOLARGE, NULL,
                                  "line %ld: record too large", rec->line), -1;
        }
    }
    for (size_t i = 0; i < rec->count; i++)
        rec->fields[i] = r->field_bytes.data + r->offsets[i];
    return 1;
}
