/*
 * import.c -- row-error bookkeeping shared by the CSV imports.
 */
#include "registry/import.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/ident.h"
#include "core/mem.h"
#include "store/store.h"

void import_report_free(import_report *rep)
{
    free(rep->errors);
    rep->errors = NULL;
    rep->listed = 0;
}

void import_report_add(import_report *rep, long line, const char *column,
                       const char *reason)
{
    rep->total_errors++;
    if (rep->listed >= IMPORT_MAX_LISTED)
        return;
    rep->errors = xreallocarray(rep->errors, rep->listed + 1, sizeof *rep->errors);
    import_row_error *e = &rep->errors[rep->listed++];
    e->line = line;
    snprintf(e->column, sizeof e->column, "%.*s", (int)sizeof e->column - 1,
             column ? column : "");
    snprintf(e->reason, sizeof e->reason, "%.*s", (int)sizeof e->reason - 1,
             reason);
}

json_t *import_report_json(const import_report *rep)
{
    json_t *errors = json_array();
    for (size_t i = 0; i < rep->listed; i++) {
        const import_row_error *e = &rep->errors[i];
        json_array_append_new(errors,
                              json_pack("{s:I, s:s?, s:s}", "line",
                                        (json_int_t)e->line, "column",
                                        e->column[0] ? e->column : NULL,
                                        "reason", e->reason));
    }
    json_t *j = json_pack("{s:I, s:I, s:I, s:o}", "rows", (json_int_t)rep->rows,
                          "imported", (json_int_t)rep->imported, "total_errors",
                          (json_int_t)rep->total_errors, "errors", errors);
    if (rep->imported > 0) {
        json_object_set_new(j, "first_id", json_integer(rep->first_id));
        json_object_set_new(j, "last_id", json_integer(rep->last_id));
    }
    return j;
}

void import_map_header(const csv_record *header, const char *const columns[],
                       const char *const required[], int index[],
                       import_report *rep)
{
    size_t ncol = 0;
    for (; columns[ncol]; ncol++)
        index[ncol] = -1;
    for (size_t f = 0; f < header->count; f++) {
        const char *name = header->fields[f];
        size_t c = 0;
        for (; c < ncol; c++)
            if (strcmp(name, columns[c]) == 0)
                break;
        char why[200];
        if (c == ncol) {
            snprintf(why, sizeof why, "unknown column \"%.60s\"", name);
            import_report_add(rep, header->line, name, why);
        } else if (index[c] >= 0) {
            snprintf(why, sizeof why, "column \"%.60s\" appears twice", name);
            import_report_add(rep, header->line, name, why);
        } else {
            index[c] = (int)f;
        }
    }
    for (size_t r = 0; required[r]; r++) {
        for (size_t c = 0; c < ncol; c++) {
            if (strcmp(columns[c], required[r]) == 0 && index[c] < 0) {
                char why[200];
                snprintf(why, sizeof why, "required column \"%s\" is missing",
                         required[r]);
                import_report_add(rep, header->line, required[r], why);
            }
        }
    }
}

const char *import_cell(const csv_record *rec, int idx)
{
    if (idx < 0 || (size_t)idx >= rec->count)
        return NULL;
    const char *s = rec->fields[idx];
    return s[0] ? s : NULL;
}

int import_parse_bool(const char *s, int *out)
{
    static const char *const yes[] = {"true", "yes", "1"};
    static const char *const no[] = {"false", "no", "0"};
    for (size_t i = 0; i < 3; i++) {
        if (strcasecmp(s, yes[i]) == 0)
            return *out = 1, 1;
        if (strcasecmp(s, no[i]) == 0)
            return *out = 0, 1;
    }
    return 0;
}

/* ---- the import driver ---- */

/* Open-addressing map from key to the index of the row that declared it. */
typedef struct key_set {
    const char **keys;
    size_t *rows;
    size_t cap;
} key_set;

static size_t key_hash(const char *k, size_t cap)
{
    uint64_t h = 1469598103934665603ull;
    for (; *k; k++)
        h = (h ^ (unsigned char)*k) * 1099511628211ull;
    return (size_t)h & (cap - 1);
}

/* Row index of key, or SIZE_MAX; with add, remember it as row. */
static size_t key_set_find(key_set *set, const char *key, size_t add_row)
{
    size_t j = key_hash(key, set->cap);
    while (set->keys[j]) {
        if (strcmp(set->keys[j], key) == 0)
            return set->rows[j];
        j = (j + 1) & (set->cap - 1);
    }
    if (add_row != SIZE_MAX) {
        set->keys[j] = key;
        set->rows[j] = add_row;
    }
    return SIZE_MAX;
}

/* Check every row's key (new, and once in the file) and reference (known),
 * inside the import's transaction.  References found in the database are
 * resolved into row->ref_id here, each distinct one looked up once. */
static serai_code check_keys_and_refs(store *s, const import_spec *spec,
                                      import_row *rows, size_t nrows,
                                      import_report *rep, serai_err *err)
{
    key_set keys = {0}, refs = {0};
    keys.cap = refs.cap = 16;
    while (keys.cap < nrows * 2)
        keys.cap *= 2;
    refs.cap = keys.cap;
    keys.keys = xcalloc(keys.cap, sizeof *keys.keys);
    keys.rows = xcalloc(keys.cap, sizeof *keys.rows);
    refs.keys = xcalloc(refs.cap, sizeof *refs.keys);
    refs.rows = xcalloc(refs.cap, sizeof *refs.rows);
    int64_t *ref_ids = xcalloc(nrows ? nrows : 1, sizeof *ref_ids);
    size_t nref_ids = 0;
    serai_code rc = SERAI_OK;
    char msg[200];
    for (size_t i = 0; i < nrows && rc == SERAI_OK; i++) {
        import_row *row = &rows[i];
        if (row->key[0]) {
            int64_t id = 0;
            size_t first = key_set_find(&keys, row->key, i);
            if (first != SIZE_MAX) {
                snprintf(msg, sizeof msg, "%s %s already appears on line %ld",
                         spec->key_column, row->key, rows[first].line);
                import_report_add(rep, row->line, spec->key_column, msg);
            } else if ((rc = spec->find_key(s, row->key, &id, err)) == SERAI_OK &&
                       id) {
                snprintf(msg, sizeof msg,
                         "%s %s is already registered (id %" PRId64 ")",
                         spec->key_column, row->key, id);
                import_report_add(rep, row->line, spec->key_column, msg);
            }
        }
        if (rc != SERAI_OK || row->ref[0] == '\0')
            continue;
        if (spec->ref_in_file && key_set_find(&keys, row->ref, SIZE_MAX) < i)
            continue; /* declared on an earlier line: resolved on insert */
        size_t seen = key_set_find(&refs, row->ref, SIZE_MAX);
        if (seen == SIZE_MAX) {
            int64_t id = 0;
            if ((rc = spec->find_ref(s, row->ref, &id, err)) != SERAI_OK)
                break;
            ref_ids[nref_ids] = id;
            seen = nref_ids++;
            key_set_find(&refs, row->ref, seen);
        }
        row->ref_id = ref_ids[seen];
        if (row->ref_id == 0) {
            snprintf(msg, sizeof msg, "%s %s is not registered%s",
                     spec->ref_column, row->ref,
                     spec->ref_in_file ? " nor on an earlier line" : "");
            import_report_add(rep, row->line, spec->ref_column, msg);
        }
    }
    free(keys.keys);
    free(keys.rows);
    free(refs.keys);
    free(refs.rows);
    free(ref_ids);
    return rc;
}

/* Insert every row; runs inside the import's transaction, which the
 * caller commits.  References to earlier lines resolve now that those rows
 * exist. */
static serai_code insert_all(store *s, const actor *who,
                             const import_spec *spec, import_row *rows,
                             size_t nrows, import_report *rep,
                             import_progress_fn progress, void *progress_ctx,
                             serai_err *err)
{
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    serai_code rc = SERAI_OK;
    for (size_t i = 0; i < nrows && rc == SERAI_OK; i++) {
        import_row *row = &rows[i];
        if (row->ref[0] && row->ref_id == 0)
            rc = spec->find_ref(s, row->ref, &row->ref_id, err);
        int64_t id = 0;
        if (rc == SERAI_OK)
            rc = spec->insert(s, row, now, &id, err);
        if (rc != SERAI_OK) {
            import_report_add(rep, row->line, NULL, err->detail);
            break;
        }
        if (i == 0)
            rep->first_id = id;
        rep->last_id = id;
        if (progress && (i + 1) % IMPORT_PROGRESS_EVERY == 0)
            progress(progress_ctx, "imported", (int64_t)i + 1, (int64_t)nrows);
    }
    if (rc == SERAI_OK) {
        json_t *state = json_pack("{s:I, s:I, s:I}", "rows", (json_int_t)nrows,
                                  "first_id", (json_int_t)rep->first_id,
                                  "last_id", (json_int_t)rep->last_id);
        rc = audit_append(s, who, spec->audit_action, spec->audit_object, state,
                          err);
        json_decref(state);
    }
    return rc;
}

serai_code import_run(store *s, const actor *who, const import_spec *spec,
                      const char *data, size_t len, import_report *rep,
                      import_progress_fn progress, void *progress_ctx,
                      serai_err *err)
{
    memset(rep, 0, sizeof *rep);
    if (who->role != ROLE_SECRETARIAT)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "only the secretariat imports into the registry");
    if (!ident_utf8_valid(data, len))
        return serai_fail(err, SERAI_EINVAL, NULL,
                          "the file is not valid UTF-8");
    csv_reader rd;
    csv_record rec;
    csv_open(&rd, data, len);
    int col[CSV_MAX_FIELDS];
    import_row *rows = NULL;
    size_t nrows = 0, cap = 0;
    serai_code rc = SERAI_OK;
    int r = csv_next(&rd, &rec, err);
    if (r <= 0) {
        csv_close(&rd);
        if (r == 0)
            return serai_fail(err, SERAI_EINVAL, NULL,
                              "the file is empty; its first line must name "
                              "the columns");
        return err->code;
    }
    import_map_header(&rec, spec->columns, spec->required, col, rep);
    if (rep->total_errors) {
        csv_close(&rd);
        return serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                          "the header line is not usable; nothing imported");
    }
    while ((r = csv_next(&rd, &rec, err)) == 1) {
        if (nrows == IMPORT_MAX_ROWS) {
            rc = serai_fail(err, SERAI_ETOOLARGE, NULL,
                            "more than %d rows; split the file",
                            IMPORT_MAX_ROWS);
            break;
        }
        if (nrows == cap) {
            cap = cap ? cap * 2 : 1024;
            rows = xreallocarray(rows, cap, sizeof *rows);
        }
        import_row *row = &rows[nrows++];
        memset(row, 0, sizeof *row);
        row->line = rec.line;
        spec->row_body(&rec, col, row, rep);
        serai_err verr;
        if (spec->validate(row->body, &verr) != SERAI_OK)
            import_report_add(rep, rec.line, spec->column_of(verr.field),
                              verr.detail);
        if (progress && nrows % IMPORT_PROGRESS_EVERY == 0)
            progress(progress_ctx, "checked", (int64_t)nrows, -1);
    }
    csv_close(&rd);
    rep->rows = (int64_t)nrows;
    if (r < 0)
        rc = err->code;
    if (rc == SERAI_OK && nrows == 0)
        rc = serai_fail(err, SERAI_EINVAL, NULL, "the file has no data rows");
    /* Checks and inserts in one write transaction: nothing can register a
     * key between the check and the insert. */
    if (rc == SERAI_OK && (rc = store_begin(s, err)) == SERAI_OK) {
        rc = check_keys_and_refs(s, spec, rows, nrows, rep, err);
        if (rc == SERAI_OK && rep->total_errors)
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, NULL,
                            "%" PRId64 " error(s) in the file; nothing imported",
                            rep->total_errors);
        if (rc == SERAI_OK)
            rc = insert_all(s, who, spec, rows, nrows, rep, progress,
                            progress_ctx, err);
        if (rc == SERAI_OK)
            rc = store_commit(s, err);
        if (rc != SERAI_OK) {
            store_rollback(s);
            rep->first_id = rep->last_id = 0;
        } else {
            rep->imported = (int64_t)nrows;
            if (progress && nrows % IMPORT_PROGRESS_EVERY != 0)
                progress(progress_ctx, "imported", (int64_t)nrows,
                         (int64_t)nrows);
        }
    }
    for (size_t i = 0; i < nrows; i++)
        json_decref(rows[i].body);
    free(rows);
    return rc;
}
