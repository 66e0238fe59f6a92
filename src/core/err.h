/*
 * err.h -- the one error type of the serai library.
 *
 * Every fallible library call returns a serai_code and, when it fails, fills
 * the caller's serai_err with the code, the JSON pointer of the field at
 * fault (empty when no single field is to blame) and a one-sentence detail a
 * user can act on.  The front ends translate a code exactly once each:
 * http_status_of() in http/problem.c and cli_exit_of() in cli/cli.c.
 */
#ifndef SERAI_CORE_ERR_H
#define SERAI_CORE_ERR_H

#include <stddef.h>

typedef enum serai_code {
    SERAI_OK = 0,
    SERAI_EINVAL,        /* malformed input: bad JSON, wrong type, unknown field */
    SERAI_EUNAUTH,       /* no valid login */
    SERAI_EFORBIDDEN,    /* logged in, but the role or object forbids it */
    SERAI_ENOTFOUND,     /* no such object */
    SERAI_ECONFLICT,     /* duplicate, or a state that forbids the change */
    SERAI_ETOOLARGE,     /* input above a named limit */
    SERAI_EMEDIA,        /* unsupported content type */
    SERAI_EUNPROCESSABLE,/* well-formed but semantically invalid */
    SERAI_ETHROTTLED,    /* too many attempts; try later */
    SERAI_EMETHOD,       /* route exists, method does not */
    SERAI_ESTORE,        /* the database failed or is unreachable */
    SERAI_ERETRY,        /* nothing was saved; running it again may succeed */
    SERAI_EINTERNAL      /* a bug or resource exhaustion */
} serai_code;

#define SERAI_ERR_FIELD_MAX 256
#define SERAI_ERR_DETAIL_MAX 512

typedef struct serai_err {
    serai_code code;
    char field[SERAI_ERR_FIELD_MAX];   /* JSON pointer ("/orcid"), or "" */
    char detail[SERAI_ERR_DETAIL_MAX]; /* one sentence, no trailing newline */
} serai_err;

/* Fill err (may be NULL) and return code.  field may be NULL. */
serai_code serai_fail(serai_err *err, serai_code code, const char *field,
                      const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Reset err to SERAI_OK with empty field and detail. */
void serai_err_clear(serai_err *err);

/* Short English title of a code ("Not Found"), for problem+json. */
const char *serai_code_title(serai_code code);

/* Stable machine name of a code ("not-found"), used in problem type URIs. */
const char *serai_code_name(serai_code code);

#endif
