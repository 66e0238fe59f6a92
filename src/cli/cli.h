/*
 * cli.h -- the command-line adapter.  Each subcommand is one row of the
 * table in main.c (name, usage, summary, function); help and dispatch come
 * from the table.  Commands parse their options, call one library function
 * and print its result: a readable table or record, or JSON with --json.
 *
 * Exit codes: 0 success, 1 the user's input was refused (one line on
 * stderr), 2 an internal or database failure.  cli_exit_of() is the one
 * place that maps library codes to them.
 */
#ifndef SERAI_CLI_CLI_H
#define SERAI_CLI_CLI_H

#include <jansson.h>
#include <stdbool.h>

#include "core/actor.h"
#include "core/err.h"
#include "store/store.h"

#define CLI_MAX_OPTS 32

/* One option a command takes: "--name" with or without a value. */
typedef struct cli_opt_spec {
    const char *name;  /* without dashes */
    bool has_value;
} cli_opt_spec;

typedef struct cli_args {
    const char *values[CLI_MAX_OPTS]; /* by spec index; "" for a given flag */
    const char *positional[8];
    int npositional;
} cli_args;

typedef struct cli_command {
    const char *group;    /* "org" */
    const char *name;     /* "add", or NULL for a one-word command */
    const char *usage;    /* options after the command words */
    const char *summary;
    const cli_opt_spec *opts; /* terminated by {NULL} */
    int (*run)(const cli_args *args);
} cli_command;

extern const cli_command cli_commands[];
extern const size_t cli_command_count;

/* The value of option name (NULL when absent). */
const char *cli_opt(const cli_args *a, const char *name);
bool cli_flag(const cli_args *a, const char *name);

/* Print "serai: <detail>" (with the field) and return the exit code. */
int cli_fail(const serai_err *err);
int cli_exit_of(serai_code code);
/* Print a one-line usage error and return 1. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* --db, else $SERAI_DB, else ./serai.db */
const char *cli_db_path(const cli_args *a);
/* Open the database named by --db (applying migrations). */
int cli_open_db(const cli_args *a, store **out);

/* Print JSON pretty on stdout. */
void cli_print_json(const json_t *j);
/* Print an object as "key: value" lines. */
void cli_print_record(const json_t *obj);
/* Print a list's items as a table of the given keys. */
void cli_print_table(const json_t *items, const char *const keys[]);

/* Print a record (as JSON with --json) and release it; returns 0. */
int cli_print_one(const cli_args *a, json_t *rec);
/* Print a page of a list as a table of keys (as JSON with --json), and on
 * stderr how to get the next page; releases it; returns 0. */
int cli_print_page(const cli_args *a, json_t *page, const char *const keys[]);

/* Read a whole file ("-" = stdin) up to max bytes; caller frees. */
int cli_read_file(const char *path, size_t max, char **out, size_t *len);

/* The JSON object in the file named by --file ("-" = stdin) into *body
 * (the caller releases it); the exit code, 0 when read. */
int cli_body_from_file(const cli_args *a, json_t **body);
/* Exactly want positional ids into ids[]; else a usage error (1). */
int cli_ids(const cli_args *a, int want, int64_t ids[], const char *usage);
/* body[key] = --opt as text, when the option is given. */
void cli_put_text(json_t *body, const cli_args *a, const char *opt, const char *key);

/* A library call on the object id with a JSON body. */
typedef serai_code (*cli_by_id_fn)(store *s, const actor *who, int64_t id,
                                   json_t *body, json_t **out, serai_err *err);
/* Open the database, run fn(id, body) as the operator and close; releases
 * body.  The answer in *out (the caller's); returns the exit code. */
int cli_call_by_id(const cli_args *a, cli_by_id_fn fn, int64_t id, json_t *body,
                   json_t **out);

/* Progress line on stderr for long operations. */
void cli_progress(void *ctx, const char *phase, int64_t done, int64_t total);

#endif
