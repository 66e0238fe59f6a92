/*
 * audit.h -- the tamper-evident audit trail.
 *
 * Every state-changing library call appends one record inside its own
 * transaction: who (actor label), when (UTC), what (action, object) and a
 * digest of the object's new state.  Records are chained: each record's hash
 * is BLAKE2b-256 over the previous record's hash and its own fields, so
 * changing, inserting or removing any record breaks every hash after it.
 * The database refuses UPDATE and DELETE on the table.
 *
 *   hash(n) = BLAKE2b-256( hash(n-1) "\n" seq "\n" at "\n" actor "\n"
 *                          action "\n" object "\n" digest )
 *   digest  = BLAKE2b-256( JSON of the state, keys sorted, compact )
 *   hash(0) = 64 zeros
 */
#ifndef SERAI_AUDIT_AUDIT_H
#define SERAI_AUDIT_AUDIT_H

#include <jansson.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/err.h"
#include "store/store.h"

#define AUDIT_HASH_HEX 65 /* 64 hex digits + NUL */

/* Append a record.  Must run inside the caller's write transaction, so the
 * record lands exactly when the change does.  state may be NULL (digest of
 * "null").  object names the thing changed: "organization/42". */
serai_code audit_append(store *s, const actor *who, const char *action,
                        const char *object, const json_t *state,
                        serai_err *err) __attribute__((warn_unused_result));

/* The end of a write transaction: when rc is SERAI_OK, append the record
 * of action on object "kind/id" with the answer *out as its state, and
 * commit; on any failure (rc's or its own) roll back and release *out
 * (NULL afterwards).  Returns the final code.  Every module's writes end
 * here, so no change lands without its record. */
serai_code audit_finish(store *s, const actor *who, const char *kind, int64_t id,
                        const char *action, serai_code rc, json_t **out,
                        serai_err *err);

typedef struct audit_report {
    int64_t checked;    /* records verified */
    int64_t first_bad;  /* seq of the first broken record, 0 when intact */
    char reason[200];   /* why first_bad is broken */
} audit_report;

/* Recompute the whole chain.  Returns SERAI_OK when it could be read (the
 * verdict is in report), an error when the database failed. */
serai_code audit_verify(store *s, audit_report *report, serai_err *err);

/* Records with seq > after, oldest first, at most limit; a JSON
 * {"items": [...], "next": cursor-or-null}.  Caller owns *out. */
serai_code audit_list(store *s, int64_t after, int limit, json_t **out,
                      serai_err *err);

#endif
