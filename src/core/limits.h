/*
 * limits.h -- the limits on what serai accepts from outside, in one place.
 * Reaching one is an error that names it (413, 400), never unbounded
 * growth.  Field lengths of each record type live with the module that
 * owns the record (org.h, person.h).
 */
#ifndef SERAI_CORE_LIMITS_H
#define SERAI_CORE_LIMITS_H

/* A JSON request body, and how deeply it may nest. */
#define LIMIT_JSON_BODY (1024 * 1024)
#define LIMIT_JSON_DEPTH 32
/* A CSV import sent over HTTP, and the rows one import may hold. */
#define LIMIT_CSV_BODY (256 * 1024 * 1024)
#define LIMIT_IMPORT_ROWS 1000000
/* Items on one page of a list, and when none is asked for. */
#define LIMIT_PAGE_MAX 500
#define LIMIT_PAGE_DEFAULT 50
/* Fields of one CSV record, and bytes in one field. */
#define LIMIT_CSV_FIELDS 64
#define LIMIT_CSV_FIELD_BYTES (64 * 1024)

#endif
