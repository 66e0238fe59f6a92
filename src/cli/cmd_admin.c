/*
 * cmd_admin.c -- database set-up, the server, the demo, accounts, tokens,
 * the audit trail and the API description.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "cli/commands.h"
#include "core/page.h"
#include "demo/demo.h"
#include "exchange/search.h"
#include "http/http.h"

#define SERAI_VERSION "0.1.0"

int cmd_init(const cli_args *a)
{
    store *s;
    int rc = cli_open_db(a, &s);
    if (rc)
        return rc;
    printf("database %s is at schema version %d\n", cli_db_path(a),
           store_schema_version(s));
    store_close(s);
    return 0;
}

static void on_ready(void *ctx, int port)
{
    const char *host = ctx;
    fprintf(stderr, "serai: serving on http://%s:%d (Ctrl-C stops)\n", host,
            port);
}

/* The web application that `serai serve` serves at /: --web DIR, or else
 * web/ beside the program (where the build puts it: build/serai serves
 * build/web).  Fills dir, or leaves it empty when there is none. */
static int web_dir_of(const cli_args *a, char *dir, size_t size)
{
    struct stat st;
    const char *given = cli_opt(a, "web");
    dir[0] = '\0';
    if (given) {
        if (stat(given, &st) != 0 || !S_ISDIR(st.st_mode))
            return cli_usage_error("--web: %s is not a directory", given);
        snprintf(dir, size, "%s", given);
        return 0;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return 0;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash == NULL)
        return 0;
    *slash = '\0';
    int len = snprintf(dir, size, "%s/web", exe);
    if (len < 0 || (size_t)len >= size || stat(dir, &st) != 0 ||
        !S_ISDIR(st.st_mode))
        dir[0] = '\0';
    return 0;
}

int cmd_serve(const cli_args *a)
{
    const char *listen = cli_opt(a, "listen");
    char host[64] = "127.0.0.1";
    int port = 8080;
    if (listen) {
        const char *colon = strrchr(listen, ':');
        char *end;
        long p = colon ? strtol(colon + 1, &end, 10) : -1;
        if (colon == NULL || colon == listen || *end != '\0' || p < 0 ||
            p > 65535 || (size_t)(colon - listen) >= sizeof host)
            return cli_usage_error("--listen must be HOST:PORT, e.g. "
                                   "127.0.0.1:8080");
        memcpy(host, listen, (size_t)(colon - listen));
        host[colon - listen] = '\0';
        port = (int)p;
    }
    int threads = 0;
    const char *t = cli_opt(a, "threads");
    if (t) {
        int64_t n;
        if (!parse_id(t, &n) || n > 256)
            return cli_usage_error("--threads must be from 1 to 256");
        threads = (int)n;
    }
    char web[PATH_MAX];
    int web_rc = web_dir_of(a, web, sizeof web);
    if (web_rc)
        return web_rc;
    if (web[0])
        fprintf(stderr, "serai: web application from %s\n", web);
    else
        fprintf(stderr, "serai: the web application is not built (make "
                        "builds it); serving the API only\n");
    http_config cfg = {
        .db_uri = cli_db_path(a),
        .host = host,
        .port = port,
        .threads = threads,
        .quiet = cli_flag(a, "quiet"),
        .web_dir = web[0] ? web : NULL,
        .on_ready = on_ready,
        .ctx = host,
    };
    serai_err err;
    if (http_serve(&cfg, &err) != SERAI_OK)
        return cli_fail(&err);
    fprintf(stderr, "serai: stopped\n");
    return 0;
}

int cmd_demo(const cli_args *a)
{
    uint64_t seed = 2026;
    const char *s_seed = cli_opt(a, "seed");
    if (s_seed) {
        int64_t n;
        if (!parse_id(s_seed, &n))
            return cli_usage_error("--seed must be a positive whole number");
        seed = (uint64_t)n;
    }
    store *s;
    int rc = cli_open_db(a, &s);
    if (rc)
        return rc;
    json_t *summary = NULL;
    serai_err err;
    if (demo_build(s, seed, &summary, &err) != SERAI_OK) {
        store_close(s);
        return cli_fail(&err);
    }
    store_close(s);
    if (cli_flag(a, "json")) {
        cli_print_json(summary);
    } else {
        printf("demo database %s: %" JSON_INTEGER_FORMAT " member countries, %"
               JSON_INTEGER_FORMAT " organisations, %" JSON_INTEGER_FORMAT
               " people\n",
               cli_db_path(a),
               json_integer_value(json_object_get(summary, "countries")),
               json_integer_value(json_object_get(summary, "organizations")),
               json_integer_value(json_object_get(summary, "people")));
        size_t i;
        json_t *acc, *call;
        json_array_foreach(json_object_get(summary, "calls"), i, call)
            printf("  call %" JSON_INTEGER_FORMAT " %s (%s): %" JSON_INTEGER_FORMAT
                   " proposals\n",
                   json_integer_value(json_object_get(call, "id")),
                   json_string_value(json_object_get(call, "title")),
                   json_string_value(json_object_get(call, "status")),
                   json_integer_value(json_object_get(call, "proposals")));
        json_t *fund = json_object_get(summary, "fund");
        printf("  fund %" JSON_INTEGER_FORMAT " %s: %" JSON_INTEGER_FORMAT
               " contributors, %" JSON_INTEGER_FORMAT " commitments (serai fund show %"
               JSON_INTEGER_FORMAT ")\n",
               json_integer_value(json_object_get(fund, "id")),
               json_string_value(json_object_get(fund, "code")),
               json_integer_value(json_object_get(fund, "contributors")),
               json_integer_value(json_object_get(fund, "commitments")),
               json_integer_value(json_object_get(fund, "id")));
        json_t *agenda = json_object_get(summary, "agenda");
        printf("  agenda %" JSON_INTEGER_FORMAT " %s: %" JSON_INTEGER_FORMAT " issues, %"
               JSON_INTEGER_FORMAT " ballots, %zu adopted (serai agenda adopted %"
               JSON_INTEGER_FORMAT ")\n",
               json_integer_value(json_object_get(agenda, "id")),
               json_string_value(json_object_get(agenda, "code")),
               json_integer_value(json_object_get(agenda, "issues")),
               json_integer_value(json_object_get(agenda, "ballots")),
               json_array_size(json_object_get(agenda, "adopted")),
               json_integer_value(json_object_get(agenda, "id")));
        json_t *x = json_object_get(summary, "exchange");
        json_t *ev = json_object_get(x, "events");
        printf("  exchange: %" JSON_INTEGER_FORMAT " platforms, %" JSON_INTEGER_FORMAT
               " offers and requests, events %" JSON_INTEGER_FORMAT " (forum), %"
               JSON_INTEGER_FORMAT " (training), %" JSON_INTEGER_FORMAT " (brokerage: %"
               JSON_INTEGER_FORMAT " of %" JSON_INTEGER_FORMAT " possible meetings "
               "scheduled); serai proposal suggest %" JSON_INTEGER_FORMAT "\n",
               json_integer_value(json_object_get(x, "platforms")),
               json_integer_value(json_object_get(x, "market_items")),
               json_integer_value(json_object_get(ev, "forum")),
               json_integer_value(json_object_get(ev, "training")),
               json_integer_value(json_object_get(ev, "brokerage")),
               json_integer_value(json_object_get(ev, "meetings_scheduled")),
               json_integer_value(json_object_get(ev, "meetings_bound")),
               json_integer_value(json_object_get(x, "completion_draft")));
        printf("log in (POST /api/v1/auth/login) as:\n");
        json_array_foreach(json_object_get(summary, "accounts"), i, acc)
            printf("  %-12s %-36s password %s\n",
                   json_string_value(json_object_get(acc, "role")),
                   json_string_value(json_object_get(acc, "email")),
                   json_string_value(json_object_get(acc, "password")));
    }
    json_decref(summary);
    return 0;
}

int cmd_account_add(const cli_args *a)
{
    const char *password = cli_opt(a, "password");
    if (password == NULL)
        password = getenv("SERAI_PASSWORD");
    if (password == NULL)
        return cli_usage_error("give --password or set SERAI_PASSWORD");
    json_t *body = json_object();
    static const char *const text[][2] = {
        {"email", "email"}, {"name", "name"}, {"role", "role"},
        {"country", "country"},
    };
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
        if (cli_opt(a, text[i][0]))
            json_object_set_new(body, text[i][1], json_string(cli_opt(a, text[i][0])));
    json_object_set_new(body, "password", json_string(password));
    static const char *const ids[][2] = {{"person", "person_id"},
                                         {"org", "organization_id"}};
    for (size_t i = 0; i < 2; i++) {
        const char *v = cli_opt(a, ids[i][0]);
        int64_t id;
        if (v && !parse_id(v, &id)) {
            json_decref(body);
            return cli_usage_error("--%s must be an id", ids[i][0]);
        }
        if (v)
            json_object_set_new(body, ids[i][1], json_integer(id));
    }
    store *s;
    int rc = cli_open_db(a, &s);
    if (rc) {
        json_decref(body);
        return rc;
    }
    actor op = actor_operator();
    json_t *out = NULL;
    serai_err err;
    serai_code code = account_create(s, &op, body, &out, &err);
    json_decref(body);
    store_close(s);
    return code != SERAI_OK ? cli_fail(&err) : cli_print_one(a, out);
}

int cmd_account_list(const cli_args *a)
{
    static const char *const keys[] = {"id", "email", "name", "role", NULL};
    page pg;
    serai_err err;
    if (page_parse(cli_opt(a, "limit"), cli_opt(a, "cursor"), &pg, &err))
        return cli_fail(&err);
    store *s;
    int rc = cli_open_db(a, &s);
    if (rc)
        return rc;
    actor op = actor_operator();
    json_t *out;
    serai_code code = account_list(s, &op, &pg, &out, &err);
    store_close(s);
    return code ? cli_fail(&err) : cli_print_page(a, out, keys);
}

int cmd_token_create(const cli_args *a)
{
    const char *email = cli_opt(a, "email");
    if (email == NULL)
        return cli_usage_error("--email is required");
    int64_t days = AUTH_API_TOKEN_DAYS_DEFAULT;
    const char *d = cli_opt(a, "days");
    if (d && (!parse_id(d, &days) || days > AUTH_API_TOKEN_DAYS_MAX))
        return cli_usage_error("--days must be from 1 to %d",
                               AUTH_API_TOKEN_DAYS_MAX);
    store *s;
    int rc = cli_open_db(a, &s);
    if (rc)
        return rc;
    actor op = actor_operator();
    json_t *out;
    serai_err err;
    serai_code code = auth_token_create(s, &op, email, cli_opt(a, "label"),
                                        (int)days, &out, &err);
    store_close(s);
    if (code)
        return cli_fail(&err);
    if (cli_flag(a, "json"))
        cli_print_json(out);
    else
        printf("%s\n", json_string_value(json_object_get(out, "token")));
    json_decref(out);
    return 0;
}

int cmd_audit_verify(const cli_args *a)
{
    store *s;
    serai_err err;
    /* Verification must not change the file it checks: no migrations. */
    if (store_open_existing(cli_db_path(a), &s, &err) != SERAI_OK)
        return cli_fail(&err);
    audit_report rep;
    serai_code code = audit_verify(s, &rep, &err);
    store_close(s);
    if (code)
        return cli_fail(&err);
    if (cli_flag(a, "json")) {
        json_t *j = json_pack("{s:b, s:I, s:o, s:o}", "intact", rep.first_bad == 0,
                              "checked", (json_int_t)rep.checked, "first_bad",
                              rep.first_bad ? json_integer(rep.first_bad) : json_null(),
                              "reason", rep.first_bad ? json_string(rep.reason)
                                                      : json_null());
        cli_print_json(j);
        json_decref(j);
    }
    if (rep.first_bad) {
        fprintf(stderr,
                "serai: audit trail broken at record %" PRId64 ": %s (%" PRId64
                " records before it are intact)\n",
                rep.first_bad, rep.reason, rep.checked);
        return 1;
    }
    if (!cli_flag(a, "json"))
        printf("audit trail intact: %" PRId64 " records verified\n", rep.checked);
    return 0;
}

int cmd_audit_list(const cli_args *a)
{
    static const char *const keys[] = {"seq", "at", "actor", "action", "object",
                                       NULL};
    page pg;
    serai_err err;
    if (page_parse(cli_opt(a, "limit"), cli_opt(a, "cursor"), &pg, &err))
        return cli_fail(&err);
    store *s;
    int rc = cli_open_db(a, &s);
    if (rc)
        return rc;
    json_t *out;
    serai_code code = audit_list(s, pg.after, pg.limit, &out, &err);
    store_close(s);
    return code ? cli_fail(&err) : cli_print_page(a, out, keys);
}

static void copy_progress(void *ctx, const char *table, int64_t rows)
{
    (void)ctx;
    fprintf(stderr, "serai: copied %-14s %" PRId64 " rows\n", table, rows);
}

int cmd_migrate(const cli_args *a)
{
    const char *from = cli_opt(a, "from"), *to = cli_opt(a, "to");
    if (from == NULL || to == NULL)
        return cli_usage_error("give --from DB and --to DB");
    if (strcmp(from, to) == 0)
        return cli_usage_error("--from and --to name the same database");
    store *src, *dst;
    serai_err err;
    if (store_open_existing(from, &src, &err) != SERAI_OK)
        return cli_fail(&err);
    if (store_open(to, &dst, &err) != SERAI_OK) {
        store_close(src);
        return cli_fail(&err);
    }
    serai_code rc = store_copy(src, dst, copy_progress, NULL, &err);
    /* The search index is derived data the copy leaves out (its form
     * differs between backends): rebuild it in the target. */
    int64_t docs = 0;
    if (rc == SERAI_OK && (rc = search_reindex(dst, &docs, &err)) == SERAI_OK)
        copy_progress(NULL, "search_doc", docs);
    store_close(src);
    store_close(dst);
    if (rc != SERAI_OK)
        return cli_fail(&err);
    printf("copied %s into %s\n", from, to);
    return 0;
}

int cmd_backup(const cli_args *a)
{
    const char *out = cli_opt(a, "out");
    if (out == NULL)
        return cli_usage_error("give --out FILE");
    store *s;
    serai_err err;
    if (store_open_existing(cli_db_path(a), &s, &err) != SERAI_OK)
        return cli_fail(&err);
    serai_code rc = store_backup(s, out, &err);
    store_close(s);
    if (rc != SERAI_OK)
        return cli_fail(&err);
    printf("backed up %s to %s\n", cli_db_path(a), out);
    return 0;
}

int cmd_restore(const cli_args *a)
{
    const char *from = cli_opt(a, "from");
    if (from == NULL)
        return cli_usage_error("give --from FILE");
    serai_err err;
    if (store_restore(cli_db_path(a), from, &err) != SERAI_OK)
        return cli_fail(&err);
    /* The restored database must be one this build can use. */
    store *s;
    if (store_open(cli_db_path(a), &s, &err) != SERAI_OK)
        return cli_fail(&err);
    store_close(s);
    printf("restored %s from %s\n", cli_db_path(a), from);
    return 0;
}

int cmd_openapi(const cli_args *a)
{
    (void)a;
    json_t *doc = http_openapi();
    cli_print_json(doc);
    json_decref(doc);
    return 0;
}

int cmd_version(const cli_args *a)
{
    (void)a;
    printf("serai %s\n", SERAI_VERSION);
    return 0;
}
