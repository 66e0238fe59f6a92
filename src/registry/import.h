/*
 * import.h -- what an all-or-nothing CSV import reports.
 *
 * An import first checks every row; if any row is bad it imports nothing
 * and returns SERAI_EUNPROCESSABLE with every bad row listed (up to
 * IMPORT_MAX_LISTED; `total_errors` counts them all).  Otherwise it inserts
 * every row in one transaction.
 */
#ifndef SERAI_REGISTRY_IMPORT_H
#define SERAI_REGISTRY_IMPORT_H

#include <jansson.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/csv.h"
#include "core/err.h"

#define IMPORT_MAX_LISTED 1000
#define IMPORT_MAX_ROWS LIMIT_IMPORT_ROWS

typedef struct import_row_error {
    long line;           /* line of the file (the header is line 1) */
    char column[48];     /* column at fault, or "" for the whole row */
    char reason[SERAI_ERR_DETAIL_MAX];
} import_row_error;

typedef struct import_report {
    int64_t rows;            /* data rows read */
    int64_t imported;        /* rows written (0 unless everything passed) */
    int64_t first_id, last_id;
    int64_t total_errors;
    size_t listed;           /* entries in errors[] */
    import_row_error *errors;/* owned; import_report_free */
} import_report;

/* Called every IMPORT_PROGRESS_EVERY rows and once at the end. */
#define IMPORT_PROGRESS_EVERY 10000
typedef void (*import_progress_fn)(void *ctx, const char *phase, int64_t done,
                                   int64_t total);

void import_report_free(import_report *rep);
/* Record one bad row.  column may be NULL. */
void import_report_add(import_report *rep, long line, const char *column,
                       const char *reason);
/* The report as JSON: {"rows", "imported", "errors": [{"line", "column",
 * "reason"}], "total_errors"}. */
json_t *import_report_json(const import_report *rep);

/* Map a header row to column indices: for each name in columns
 * (NULL-terminated), index[i] is its position or -1.  Unknown or duplicate
 * header names and missing required ones are reported into rep. */
void import_map_header(const csv_record *header, const char *const columns[],
                       const char *const required[], int index[],
                       import_report *rep);

/* The field of rec for column index idx, or NULL when the column is absent
 * or the cell is empty. */
const char *import_cell(const csv_record *rec, int idx);

/* Parse yes/no cells: "true", "false", "yes", "no", "1", "0" (any case). */
int import_parse_bool(const char *s, int *out);

/*
 * The driver every registry import runs on.  It reads the header, turns each
 * row into the same JSON body the API takes (spec->row_body), validates it
 * with the API's own validator, checks the row's unique key against earlier
 * rows and the database, resolves its reference, and only when no row is bad
 * inserts them all in one transaction with one audit record.
 */
#define IMPORT_KEY_MAX 24

typedef struct import_row {
    long line;
    json_t *body;                /* owned */
    char key[IMPORT_KEY_MAX];    /* unique identifier (ROR, ORCID), "" if none */
    char ref[IMPORT_KEY_MAX];    /* key of another record it refers to, or "" */
    int64_t ref_id;              /* resolved at insert time */
} import_row;

struct store;
typedef struct import_spec {
    const char *const *columns;
    const char *const *required;
    const char *key_column;  /* column named when the key is a duplicate */
    const char *ref_column;  /* column named when the reference is unknown */
    bool ref_in_file;        /* a reference may name an earlier row's key */
    const char *audit_action;
    const char *audit_object;
    /* Build row->body, row->key and row->ref from a record; report bad cells. */
    void (*row_body)(const csv_record *rec, const int *col, import_row *row,
                     import_report *rep);
    /* The API validator; on failure err->field is a JSON pointer. */
    serai_code (*validate)(json_t *body, serai_err *err);
    /* The import column that a JSON pointer from validate names. */
    const char *(*column_of)(const char *pointer);
    /* Id of the stored record with this key (0 when none). */
    serai_code (*find_key)(struct store *s, const char *key, int64_t *id,
                           serai_err *err);
    /* Id of the stored record a reference names (0 when none). */
    serai_code (*find_ref)(struct store *s, const char *ref, int64_t *id,
                           serai_err *err);
    /* Insert one row (row->ref_id resolved); set *id. */
    serai_code (*insert)(struct store *s, const import_row *row,
                         const char *now, int64_t *id, serai_err *err);
} import_spec;

serai_code import_run(struct store *s, const actor *who,
                      const import_spec *spec, const char *data, size_t len,
                      import_report *rep, import_progress_fn progress,
                      void *progress_ctx, serai_err *err);

#endif
