/*
 * cmd_exchange.c -- consortium completion and the offers-and-requests
 * market from the command line (exchange/completion.h, exchange/market.h).
 * Each command turns its options into the body the library takes and
 * prints the answer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/clock.h"
#include "core/mem.h"
#include "core/page.h"
#include "exchange/completion.h"
#include "exchange/market.h"

static serai_code suggest(store *s, const actor *who, int64_t id, json_t *body, json_t **out,
                          serai_err *err)
{
    return completion_suggest(s, who, id, clock_now(), body, out, err);
}

int cmd_proposal_suggest(const cli_args *a)
{
    int64_t id;
    int rc = cli_ids(a, 1, &id, "serai proposal suggest ID [--country CC] [--type T] "
                                "[--limit N] [--json]");
    if (rc)
        return rc;
    json_t *body = json_object(), *out;
    cli_put_text(body, a, "country", "country");
    cli_put_text(body, a, "type", "type");
    const char *limit = cli_opt(a, "limit");
    int64_t n;
    if (limit && !parse_id(limit, &n)) {
        json_decref(body);
        return cli_usage_error("--limit \"%s\" is not a whole number above 0", limit);
    }
    if (limit)
        json_object_set_new(body, "limit", json_integer(n));
    rc = cli_call_by_id(a, suggest, id, body, &out);
    if (rc || cli_flag(a, "json"))
        return rc ? rc : cli_print_one(a, out);
    if (json_is_true(json_object_get(out, "eligible"))) {
        printf("proposal %lld is eligible as it stands: nothing to complete\n", (long long)id);
        json_decref(out);
        return 0;
    }
    printf("proposal %lld fails:\n", (long long)id);
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(out, "failing"), i, v)
        printf("  %s: %s\n", json_string_value(json_object_get(v, "code")),
               json_string_value(json_object_get(v, "en")));
    json_t *list = json_object_get(out, "suggestions");
    printf("\n%zu suggestions from %lld candidates (%lld on competing applications left "
           "out):\n", json_array_size(list),
           (long long)json_integer_value(json_object_get(out, "candidates")),
           (long long)json_integer_value(json_object_get(out, "excluded_competing")));
    json_array_foreach(list, i, v) {
        printf("  %-6lld %-40.40s %s %-18s%s fit %.3f %s fixes",
               (long long)json_integer_value(json_object_get(v, "organization_id")),
               json_string_value(json_object_get(v, "name")),
               json_string_value(json_object_get(v, "country")),
               json_string_value(json_object_get(v, "type")),
               json_is_true(json_object_get(v, "sme")) ? " SME" : "",
               json_number_value(json_object_get(v, "fit")),
               json_is_true(json_object_get(v, "completes")) ? "completes;" : "");
        size_t k;
        json_t *code;
        json_array_foreach(json_object_get(v, "fixes"), k, code)
            printf(" %s", json_string_value(code));
        putchar('\n');
    }
    json_decref(out);
    return 0;
}

/* ---- offers, requests and partner searches ---- */

static void print_item(const json_t *o)
{
    printf("%s %lld: %s\n", json_string_value(json_object_get(o, "kind")),
           (long long)json_integer_value(json_object_get(o, "id")),
           json_string_value(json_object_get(o, "title")));
    printf("by %s (%s), %s until %s, %lld interests\n",
           json_string_value(json_object_get(o, "organization")),
           json_string_value(json_object_get(o, "country")),
           json_string_value(json_object_get(o, "status")),
           json_string_value(json_object_get(o, "expires_on")),
           (long long)json_integer_value(json_object_get(o, "interests")));
    printf("%s\n", json_string_value(json_object_get(o, "description")));
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(o, "interest_list"), i, v)
        printf("  interest %lld from %s (%s), %s: %s\n",
               (long long)json_integer_value(json_object_get(v, "id")),
               json_string_value(json_object_get(v, "organization")),
               json_string_value(json_object_get(v, "country")),
               json_string_value(json_object_get(v, "status")),
               json_string_value(json_object_get(v, "message")));
}

static int item_answer(const cli_args *a, int rc, json_t *out)
{
    if (rc || cli_flag(a, "json"))
        return rc ? rc : cli_print_one(a, out);
    print_item(out);
    json_decref(out);
    return 0;
}

/* --org into body's organization_id; false after a usage error. */
static bool put_org(json_t *body, const cli_args *a)
{
    const char *org = cli_opt(a, "org");
    int64_t id;
    if (!org)
        return true;
    if (!parse_id(org, &id)) {
        cli_usage_error("--org \"%s\" is not an organisation id", org);
        return false;
    }
    json_object_set_new(body, "organization_id", json_integer(id));
    return true;
}

static serai_code create_item(store *s, const actor *who, int64_t id, json_t *body,
                              json_t **out, serai_err *err)
{
    (void)id;
    return market_create(s, who, body, out, err);
}

int cmd_market_post(const cli_args *a)
{
    if (a->npositional)
        return cli_usage_error("usage: serai market post --file ITEM.json [--org ID]");
    json_t *body, *out;
    int rc = cli_body_from_file(a, &body);
    if (rc)
        return rc;
    if (!put_org(body, a)) {
        json_decref(body);
        return 1;
    }
    rc = cli_call_by_id(a, create_item, 0, body, &out);
    return item_answer(a, rc, out);
}

static serai_code list_items(store *s, const actor *who, int64_t id, json_t *body,
                             json_t **out, serai_err *err)
{
    (void)id;
    market_filter f = {.kind = json_string_value(json_object_get(body, "kind")),
                       .country = json_string_value(json_object_get(body, "country")),
                       .call_id = json_integer_value(json_object_get(body, "call_id")),
                       .include_closed = json_is_true(json_object_get(body, "all")),
                       .limit = (int)json_integer_value(json_object_get(body, "limit")),
                       .after = json_integer_value(json_object_get(body, "after"))};
    return market_list(s, who, &f, out, err);
}

int cmd_market_list(const cli_args *a)
{
    static const char *const keys[] = {"id", "kind", "title", "organization", "country",
                                       "status", "expires_on", "interests", NULL};
    if (a->npositional)
        return cli_usage_error("usage: serai market list [--kind K] [--country CC] "
                               "[--call ID] [--all] [--limit N] [--cursor C]");
    page pg;
    serai_err err;
    if (page_parse(cli_opt(a, "limit"), cli_opt(a, "cursor"), &pg, &err) != SERAI_OK)
        return cli_fail(&err);
    json_t *body = json_pack("{s:I, s:I, s:b}", "limit", (json_int_t)pg.limit, "after",
                             (json_int_t)pg.after, "all", cli_flag(a, "all"));
    cli_put_text(body, a, "kind", "kind");
    cli_put_text(body, a, "country", "country");
    const char *call = cli_opt(a, "call");
    int64_t call_id;
    if (call && !parse_id(call, &call_id)) {
        json_decref(body);
        return cli_usage_error("--call \"%s\" is not a call id", call);
    }
    if (call)
        json_object_set_new(body, "call_id", json_integer(call_id));
    json_t *out;
    int rc = cli_call_by_id(a, list_items, 0, body, &out);
    return rc ? rc : cli_print_page(a, out, keys);
}

static serai_code show_item(store *s, const actor *who, int64_t id, json_t *body,
                            json_t **out, serai_err *err)
{
    (void)body;
    return market_get(s, who, id, out, err);
}

int cmd_market_show(const cli_args *a)
{
    int64_t id;
    int rc = cli_ids(a, 1, &id, "serai market show ID [--json]");
    if (rc)
        return rc;
    json_t *out;
    rc = cli_call_by_id(a, show_item, id, json_object(), &out);
    return item_answer(a, rc, out);
}

int cmd_market_status(const cli_args *a)
{
    int64_t id;
    if (a->npositional != 2 || !parse_id(a->positional[0], &id))
        return cli_usage_error("usage: serai market status ID open|closed|withdrawn");
    json_t *out;
    int rc = cli_call_by_id(a, market_set_status, id,
                            json_pack("{s:s}", "status", a->positional[1]), &out);
    return item_answer(a, rc, out);
}

int cmd_market_interest(const cli_args *a)
{
    int64_t id;
    int rc = cli_ids(a, 1, &id, "serai market interest ID --org ORG --message TEXT");
    if (rc)
        return rc;
    json_t *body = json_object(), *out;
    cli_put_text(body, a, "message", "message");
    if (!put_org(body, a)) {
        json_decref(body);
        return 1;
    }
    rc = cli_call_by_id(a, market_interest_add, id, body, &out);
    return item_answer(a, rc, out);
}

int cmd_market_answer(const cli_args *a)
{
    int64_t id;
    if (a->npositional != 2 || !parse_id(a->positional[0], &id) ||
        (strcmp(a->positional[1], "accept") != 0 && strcmp(a->positional[1], "decline") != 0))
        return cli_usage_error("usage: serai market answer INTEREST accept|decline");
    json_t *out;
    int rc = cli_call_by_id(a, market_interest_decide, id,
                            json_pack("{s:s}", "status",
                                      strcmp(a->positional[1], "accept") == 0 ? "accepted"
                                                                              : "declined"),
                            &out);
    return item_answer(a, rc, out);
}
