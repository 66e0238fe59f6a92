/*
 * csv.h -- a strict RFC 4180 reader for imports.
 *
 * Fields are separated by commas; a field may be quoted with '"', inside
 * which '""' is a quote and commas and line breaks are data.  Lines end in
 * LF or CRLF; a UTF-8 byte-order mark at the start is skipped; invalid UTF-8
 * is refused.  Every record knows the line it started on, so errors can name
 * it.  The reader never copies the whole input: it walks the caller's bytes.
 */
#ifndef SERAI_CORE_CSV_H
#define SERAI_CORE_CSV_H

#include <stddef.h>

#include "core/err.h"
#include "core/limits.h"
#include "core/mem.h"

#define CSV_MAX_FIELDS LIMIT_CSV_FIELDS
#define CSV_MAX_FIELD_BYTES LIMIT_CSV_FIELD_BYTES

typedef struct csv_reader {
    const char *p;
    const char *end;
    long line;          /* line the next record starts on (1-based) */
    buf field_bytes;    /* this record's fields, NUL-separated */
    size_t offsets[CSV_MAX_FIELDS];
} csv_reader;

typedef struct csv_record {
    long line;                       /* where the record started */
    size_t count;                    /* number of fields */
    const char *fields[CSV_MAX_FIELDS]; /* valid until the next csv_next */
} csv_record;

void csv_open(csv_reader *r, const char *data, size_t len);
/* 1 with a record, 0 at the end, -1 with err naming the line. Blank lines
 * are skipped. */
int csv_next(csv_reader *r, csv_record *rec, serai_err *err);
void csv_close(csv_reader *r);

#endif
