/*
 * cli.c -- shared pieces of the command-line adapter: options, errors,
 * output and file reading.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/mem.h"
#include "core/page.h"

int cli_exit_of(serai_code code)
{
    switch (code) {
    case SERAI_OK:
        return 0;
    case SERAI_ESTORE:
    case SERAI_ERETRY:
    case SERAI_EINTERNAL:
        return 2;
    default:
        return 1;
    }
}

int cli_fail(const serai_err *err)
{
    if (err->field[0] == '/' || err->field[0] == '?')
        fprintf(stderr, "serai: %s: %s\n", err->field + 1, err->detail);
    else
        fprintf(stderr, "serai: %s\n", err->detail);
    return cli_exit_of(err->code);
}

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("serai: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 1;
}

const char *cli_db_path(const cli_args *a)
{
    const char *db = cli_opt(a, "db");
    if (db == NULL)
        db = getenv("SERAI_DB");
    return db && *db ? db : "serai.db";
}

int cli_open_db(const cli_args *a, store **out)
{
    serai_err err;
    if (store_open(cli_db_path(a), out, &err) != SERAI_OK)
        return cli_fail(&err);
    return 0;
}

void cli_print_json(const json_t *j)
{
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                   JSON_REAL_PRECISION(15));
    if (text) {
        puts(text);
        free(text);
    }
}

static void print_value(const json_t *v)
{
    if (json_is_string(v)) {
        fputs(json_string_value(v), stdout);
    } else if (json_is_null(v) || v == NULL) {
        fputs("-", stdout);
    } else {
        char *t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY |
                                    JSON_REAL_PRECISION(15));
        if (t) {
            fputs(t, stdout);
            free(t);
        }
    }
}

void cli_print_record(const json_t *obj)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        printf("%-14s ", key);
        print_value(v);
        putchar('\n');
    }
}

void cli_print_table(const json_t *items, const char *const keys[])
{
    for (size_t k = 0; keys[k]; k++)
        printf("%s%s", k ? "\t" : "", keys[k]);
    putchar('\n');
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item) {
        for (size_t k = 0; keys[k]; k++) {
            if (k)
                putchar('\t');
            print_value(json_object_get(item, keys[k]));
        }
        putchar('\n');
    }
}

int cli_print_one(const cli_args *a, json_t *rec)
{
    if (cli_flag(a, "json"))
        cli_print_json(rec);
    else
        cli_print_record(rec);
    json_decref(rec);
    return 0;
}

int cli_print_page(const cli_args *a, json_t *page, const char *const keys[])
{
    if (cli_flag(a, "json")) {
        cli_print_json(page);
    } else {
        cli_print_table(json_object_get(page, "items"), keys);
        json_t *next = json_object_get(page, "next");
        if (json_is_string(next))
            fprintf(stderr, "serai: more with --cursor %s\n",
                    json_string_value(next));
    }
    json_decref(page);
    return 0;
}

int cli_read_file(const char *path, size_t max, char **out, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (f == NULL)
        return cli_usage_error("cannot open %s: %s", path, strerror(errno));
    buf b;
    buf_init(&b, max);
    char chunk[65536];
    size_t n;
    int rc = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (!buf_append(&b, chunk, n)) {
            rc = cli_usage_error("%s is larger than %zu bytes", path, max);
            break;
        }
    }
    if (rc == 0 && ferror(f))
        rc = cli_usage_error("cannot read %s: %s", path, strerror(errno));
    if (f != stdin)
        fclose(f);
    if (rc != 0) {
        buf_free(&b);
        return rc;
    }
    *out = buf_take(&b, len);
    return 0;
}

int cli_body_from_file(const cli_args *a, json_t **body)
{
    const char *file = cli_opt(a, "file");
    *body = NULL;
    if (file == NULL)
        return cli_usage_error("give the JSON with --file FILE (- for stdin)");
    char *text;
    size_t len;
    int rc = cli_read_file(file, JSON_MAX_BODY, &text, &len);
    if (rc)
        return rc;
    serai_err err;
    serai_code code = json_parse_object(text, len, body, &err);
    free(text);
    if (code) {
        fprintf(stderr, "serai: in %s:\n", file);
        return cli_fail(&err);
    }
    return 0;
}

int cli_ids(const cli_args *a, int want, int64_t ids[], const char *usage)
{
    if (a->npositional != want)
        return cli_usage_error("usage: %s", usage);
    for (int i = 0; i < want; i++)
        if (!parse_id(a->positional[i], &ids[i]))
            return cli_usage_error("\"%s\" is not an id; usage: %s",
                                   a->positional[i], usage);
    return 0;
}

void cli_put_text(json_t *body, const cli_args *a, const char *opt, const char *key)
{
    const char *v = cli_opt(a, opt);
    if (v)
        json_object_set_new(body, key, json_string(v));
}

int cli_call_by_id(const cli_args *a, cli_by_id_fn fn, int64_t id, json_t *body,
                   json_t **out)
{
    store *s;
    *out = NULL;
    int rc = cli_open_db(a, &s);
    if (rc) {
        json_decref(body);
        return rc;
    }
    actor op = actor_operator();
    serai_err err;
    serai_code code = fn(s, &op, id, body, out, &err);
    json_decref(body);
    store_close(s);
    return code ? cli_fail(&err) : 0;
}

void cli_progress(void *ctx, const char *phase, int64_t done, int64_t total)
{
    (void)ctx;
    if (total > 0)
        fprintf(stderr, "serai: %s %lld of %lld rows\n", phase,
                (long long)done, (long long)total);
    else
        fprintf(stderr, "serai: %s %lld rows\n", phase, (long long)done);
}
