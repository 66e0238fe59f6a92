/*
 * cmd_ledger.c -- the ledger from the command line: batches of accounts or
 * transfers from JSON-lines files (one event per line), an account or a
 * transfer, and the whole-ledger invariant check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/mem.h"
#include "core/page.h"
#include "fund/ledger_journal.h"
#include "fund/ledger_json.h"
#include "fund/ledger_store.h"

#define LEDGER_FILE_MAX ((size_t)1 << 30)

typedef serai_code (*post_fn)(store *, const actor *, json_t *, int64_t,
                              json_t **, serai_err *);

/* Post the events of a JSON-lines file in batches; print every event that
 * did not succeed as "FILE:LINE: id N: result (field)" and a summary.
 * Exit 0 when every event is ok or already exists, 1 otherwise. */
static int post_file(const cli_args *a, const char *kind, post_fn post)
{
    const char *file = cli_opt(a, "file");
    if (file == NULL || a->npositional)
        return cli_usage_error("usage: serai ledger %s --file EVENTS.jsonl",
                               strcmp(kind, "accounts") == 0 ? "accounts" : "transfer");
    char *text;
    size_t len;
    int rc = cli_read_file(file, LEDGER_FILE_MAX, &text, &len);
    if (rc)
        return rc;
    /* Read every line first: a malformed line refuses the whole file. */
    json_t *events = json_array();
    size_t nlines = 0, cap = 0, *lines = NULL;
    char *p = text, *end = text + len;
    size_t lineno = 0;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        lineno++;
        if (n && p[n - 1] == '\r')
            n--;
        bool blank = true;
        for (size_t i = 0; i < n && blank; i++)
            blank = p[i] == ' ' || p[i] == '\t';
        if (!blank) {
            json_t *ev;
            serai_err err;
            if (json_parse_object(p, n, &ev, &err) != SERAI_OK) {
                fprintf(stderr, "serai: %s:%zu: %s\n", file, lineno, err.detail);
                json_decref(events);
                free(lines);
                free(text);
                return 1;
            }
            json_array_append_new(events, ev);
            if (nlines == cap) {
                cap = cap ? cap * 2 : 1024;
                lines = xreallocarray(lines, cap, sizeof *lines);
            }
            lines[nlines++] = lineno;
        }
        p = nl ? nl + 1 : end;
    }
    free(text);
    if (nlines == 0) {
        fprintf(stderr, "serai: %s holds no events\n", file);
        json_decref(events);
        free(lines);
        return 1;
    }
    store *s;
    if ((rc = cli_open_db(a, &s))) {
        json_decref(events);
        free(lines);
        return rc;
    }
    actor op = actor_operator();
    long long ok = 0, exists = 0, failed = 0;
    int exit_code = 0;
    for (size_t at = 0; at < nlines; at += LEDGER_BATCH_MAX) {
        size_t n = nlines - at < LEDGER_BATCH_MAX ? nlines - at : LEDGER_BATCH_MAX;
        json_t *batch = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append(batch, json_array_get(events, at + i));
        json_t *out;
        serai_err err;
        serai_code code = post(s, &op, batch, clock_now(), &out, &err);
        json_decref(batch);
        if (code) {
            /* err.field is "/transfers/N/...": name the file's line. */
            size_t idx;
            const char *rest = NULL;
            const char *slash = strchr(err.field + 1, '/');
            if (slash && sscanf(slash + 1, "%zu", &idx) == 1 && idx < n) {
                rest = strchr(slash + 1, '/');
                fprintf(stderr, "serai: %s:%zu: %s%s%s\n", file, lines[at + idx],
                        rest ? rest : "", rest ? ": " : "", err.detail);
                exit_code = cli_exit_of(code);
            } else {
                exit_code = cli_fail(&err);
            }
            break;
        }
        size_t i;
        json_t *r;
        json_array_foreach(json_object_get(out, "results"), i, r) {
            const char *result = json_string_value(json_object_get(r, "result"));
            if (strcmp(result, "ok") == 0) {
                ok++;
            } else if (strcmp(result, "exists") == 0) {
                exists++;
            } else {
                failed++;
                const char *field = json_string_value(json_object_get(r, "field"));
                printf("%s:%zu: id %lld: %s%s%s%s\n", file, lines[at + i],
                       (long long)json_integer_value(json_object_get(r, "id")),
                       result, field ? " (" : "", field ? field : "",
                       field ? ")" : "");
            }
        }
        json_decref(out);
    }
    store_close(s);
    json_decref(events);
    free(lines);
    if (exit_code)
        return exit_code;
    printf("%s: %lld ok, %lld already existed, %lld failed\n", kind, ok, exists,
           failed);
    return failed ? 1 : 0;
}

int cmd_ledger_accounts(const cli_args *a)
{
    return post_file(a, "accounts", ledger_accounts_post);
}

int cmd_ledger_transfer(const cli_args *a)
{
    return post_file(a, "transfers", ledger_transfers_post);
}

int cmd_ledger_show(const cli_args *a)
{
    const char *acc = cli_opt(a, "account"), *tr = cli_opt(a, "transfer");
    int64_t id;
    if ((acc == NULL) == (tr == NULL) || !parse_id(acc ? acc : tr, &id))
        return cli_usage_error("usage: serai ledger show (--account ID | "
                               "--transfer ID)");
    store *s;
    int rc = cli_open_db(a, &s);
    if (rc)
        return rc;
    actor op = actor_operator();
    json_t *out;
    serai_err err;
    serai_code code = acc ? ledger_account_get(s, &op, id, &out, &err)
                          : ledger_transfer_get(s, &op, id, &out, &err);
    store_close(s);
    return code ? cli_fail(&err) : cli_print_one(a, out);
}

int cmd_ledger_check(const cli_args *a)
{
    store *s;
    int rc = cli_open_db(a, &s);
    if (rc)
        return rc;
    serai_err err;
    serai_code code = ledger_store_check(s, &err);
    store_close(s);
    if (code)
        return cli_fail(&err);
    printf("ledger: debits equal credits in every currency\n");
    return 0;
}

/* The ledger as an hledger / ledger-cli journal (fund/ledger_journal.h),
 * written as it is read, to --out FILE or stdout. */
int cmd_ledger_export(const cli_args *a)
{
    const char *format = cli_opt(a, "format"), *path = cli_opt(a, "out");
    if (a->npositional || cli_opt(a, "sheet") != NULL ||
        (format != NULL && strcmp(format, "journal") != 0))
        return cli_usage_error("usage: serai ledger export [--format journal] "
                               "[--out FILE]");
    store *s;
    int rc = cli_open_db(a, &s);
    if (rc)
        return rc;
    FILE *f = path ? fopen(path, "w") : stdout;
    if (f == NULL) {
        store_close(s);
        fprintf(stderr, "serai: cannot write %s\n", path);
        return 2;
    }
    static char big[1 << 16];
    if (path)
        setvbuf(f, big, _IOFBF, sizeof big);
    ledger_journal_stats stats;
    serai_err err;
    serai_code code = ledger_journal_write(s, f, &stats, &err);
    store_close(s);
    bool closed = path ? fclose(f) == 0 : fflush(f) == 0;
    if (code)
        return cli_fail(&err);
    if (!closed) {
        fprintf(stderr, "serai: cannot write %s\n", path ? path : "stdout");
        return 2;
    }
    if (path)
        fprintf(stderr, "ledger export: %lld transactions, %lld comments, "
                        "%lld currencies to %s\n", (long long)stats.transactions,
                (long long)stats.comments, (long long)stats.currencies, path);
    return 0;
}
