/*
 * cmd_search.c -- `serai search "QUERY" [--country CC] [--region R]
 * [--type T] [--sme] [--platform ID] [--kind K] [--limit N] [--cursor C]
 * [--json]`: partner search (exchange/search.h, docs/search.md) as the
 * operator, who sees people too; and `serai search --reindex`, which
 * rebuilds the index.
 */
#include <inttypes.h>
#include <stdio.h>

#include "cli/commands.h"
#include "exchange/search.h"

static int reindex(const cli_args *a)
{
    store *s;
    int rc = cli_open_db(a, &s);
    if (rc)
        return rc;
    serai_err err;
    int64_t n = 0;
    serai_code code = search_reindex(s, &n, &err);
    store_close(s);
    if (code)
        return cli_fail(&err);
    printf("indexed %" PRId64 " documents\n", n);
    return 0;
}

int cmd_search(const cli_args *a)
{
    static const char *const keys[] = {"kind", "id", "country", "score",
                                       "title", NULL};
    if (cli_flag(a, "reindex"))
        return a->npositional ? cli_usage_error("--reindex takes no query")
                              : reindex(a);
    if (a->npositional != 1)
        return cli_usage_error("give the text to search for as one argument, "
                               "in quotes");
    search_request r = {.q = a->positional[0],
                        .country = cli_opt(a, "country"),
                        .region = cli_opt(a, "region"),
                        .type = cli_opt(a, "type"),
                        .sme = cli_flag(a, "sme"),
                        .kind = cli_opt(a, "kind")};
    serai_err err;
    if (page_parse(cli_opt(a, "limit"), cli_opt(a, "cursor"), &r.page, &err))
        return cli_fail(&err);
    const char *platform = cli_opt(a, "platform");
    if (platform && !parse_id(platform, &r.platform_id))
        return cli_usage_error("--platform takes a platform id");
    store *s;
    int rc = cli_open_db(a, &s);
    if (rc)
        return rc;
    actor op = actor_operator();
    json_t *out;
    serai_code code = search_query(s, &op, &r, &out, &err);
    store_close(s);
    return code ? cli_fail(&err) : cli_print_page(a, out, keys);
}
