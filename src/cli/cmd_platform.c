/*
 * cmd_platform.c -- platforms from the command line (exchange/platform.h,
 * docs/platforms.md).  The operator acts as the secretariat.  Every
 * change of members prints the composition check as it stands after it,
 * and the rules the change made fail; `platform check` exits 0 when every
 * rule passes and 1 when one fails, like `proposal check`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/page.h"
#include "exchange/platform.h"

static const char *text_of(const json_t *obj, const char *key)
{
    const char *v = json_string_value(json_object_get(obj, key));
    return v ? v : "-";
}

static long long int_of(const json_t *obj, const char *key)
{
    return (long long)json_integer_value(json_object_get(obj, key));
}

/* The check: one verdict line, then each rule with both explanations. */
static void print_composition(const json_t *c)
{
    printf("%lld members from %lld countries: %s%s\n", int_of(c, "members"),
           int_of(c, "countries"),
           json_is_true(json_object_get(c, "passes")) ? "COMPOSITION PASSES"
                                                      : "COMPOSITION FAILS",
           json_is_true(json_object_get(c, "enforce")) ? " (rules enforced)" : "");
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(c, "rules"), i, r)
        printf("%s %s\n  %s\n  %s\n",
               json_is_true(json_object_get(r, "pass")) ? "pass" : "FAIL",
               text_of(r, "code"), text_of(r, "en"), text_of(r, "zh"));
}

static void print_member(const json_t *m)
{
    printf("member %lld: %s %lld %s (%s), %s%s%s%s%s\n", int_of(m, "id"),
           text_of(m, "kind"),
           int_of(m, strcmp(text_of(m, "kind"), "person") == 0 ? "person_id"
                                                               : "organization_id"),
           text_of(m, "name"), text_of(m, "country"), text_of(m, "role"),
           json_is_string(json_object_get(m, "group")) ? ", group " : "",
           json_is_string(json_object_get(m, "group")) ? text_of(m, "group") : "",
           json_is_string(json_object_get(m, "left_on")) ? ", left " : "",
           json_is_string(json_object_get(m, "left_on")) ? text_of(m, "left_on") : "");
}

/* A change answer: the member, the check, what now fails. */
static void print_change(const json_t *ch)
{
    const json_t *m = json_object_get(ch, "member");
    if (m)
        print_member(m);
    print_composition(json_object_get(ch, "composition"));
    const json_t *failing = json_object_get(ch, "now_failing");
    if (json_array_size(failing)) {
        fputs("now failing:", stdout);
        size_t i;
        json_t *code;
        json_array_foreach(failing, i, code)
            printf(" %s", json_string_value(code));
        putchar('\n');
    }
}

static void print_platform(const json_t *p)
{
    static const char *const keys[] = {"id", "kind", "organization_id", "person_id",
                                       "name", "country", "role", "group", NULL};
    printf("platform %lld %s: %s\n", int_of(p, "id"), text_of(p, "code"),
           text_of(p, "name"));
    printf("kind %s, host country %s\n", text_of(p, "kind"), text_of(p, "country"));
    char *rules = json_dumps(json_object_get(p, "rules"), JSON_COMPACT);
    printf("rules %s\n", rules ? rules : "{}");
    free(rules);
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(p, "groups"), i, g)
        printf("working group %lld %s: %lld members\n", int_of(g, "id"),
               text_of(g, "name"), int_of(g, "members"));
    cli_print_table(json_object_get(p, "members"), keys);
    print_composition(json_object_get(p, "composition"));
}

static int answer(const cli_args *a, int rc, json_t *out, void (*print)(const json_t *))
{
    if (rc || cli_flag(a, "json"))
        return rc ? rc : cli_print_one(a, out);
    print(out);
    json_decref(out);
    return 0;
}

/* ---- library calls in the shape cli_call_by_id takes ---- */

static serai_code create(store *s, const actor *who, int64_t id, json_t *body,
                         json_t **out, serai_err *err)
{
    (void)id;
    return platform_create(s, who, body, out, err);
}

static serai_code list(store *s, const actor *who, int64_t id, json_t *body,
                       json_t **out, serai_err *err)
{
    (void)id;
    page pg = {.limit = PAGE_MAX_LIMIT, .after = 0};
    return platform_list(s, who, &pg, json_string_value(json_object_get(body, "kind")),
                         out, err);
}

static serai_code show(store *s, const actor *who, int64_t id, json_t *body,
                       json_t **out, serai_err *err)
{
    (void)body;
    return platform_get(s, who, id, out, err);
}

static serai_code composition(store *s, const actor *who, int64_t id, json_t *body,
                              json_t **out, serai_err *err)
{
    (void)body;
    return platform_composition(s, who, id, out, err);
}

/* The member's id travels in body["member_id"] (taken out before the call). */
static int64_t take_member(json_t *body)
{
    int64_t m = json_integer_value(json_object_get(body, "member_id"));
    json_object_del(body, "member_id");
    return m;
}

static serai_code leave(store *s, const actor *who, int64_t id, json_t *body,
                        json_t **out, serai_err *err)
{
    return platform_member_remove(s, who, id, take_member(body), out, err);
}

static serai_code update(store *s, const actor *who, int64_t id, json_t *body,
                         json_t **out, serai_err *err)
{
    int64_t member = take_member(body);
    return platform_member_update(s, who, id, member, body, out, err);
}

/* ---- commands ---- */

/* --opt as an id into body[key]; false after a usage error. */
static bool put_id(json_t *body, const cli_args *a, const char *opt, const char *key)
{
    const char *v = cli_opt(a, opt);
    int64_t n;
    if (v == NULL)
        return true;
    if (!parse_id(v, &n)) {
        cli_usage_error("--%s \"%s\" is not an id", opt, v);
        return false;
    }
    json_object_set_new(body, key, json_integer(n));
    return true;
}

int cmd_platform_create(const cli_args *a)
{
    json_t *body = json_object(), *out;
    int rc = 0;
    if (a->npositional)
        rc = cli_usage_error("usage: serai platform create (--file PLATFORM.json | "
                             "--code C --kind K --name N) [--country CC]");
    if (rc == 0 && cli_opt(a, "file")) {
        json_decref(body);
        body = NULL;
        rc = cli_body_from_file(a, &body);
    }
    if (rc) {
        json_decref(body);
        return rc;
    }
    cli_put_text(body, a, "code", "code");
    cli_put_text(body, a, "kind", "kind");
    cli_put_text(body, a, "name", "name");
    cli_put_text(body, a, "country", "country");
    cli_put_text(body, a, "description", "description");
    rc = cli_call_by_id(a, create, 0, body, &out);
    return answer(a, rc, out, print_platform);
}

int cmd_platform_list(const cli_args *a)
{
    static const char *const keys[] = {"id", "code", "kind", "name", "members",
                                       "countries", "passes", NULL};
    if (a->npositional)
        return cli_usage_error("usage: serai platform list [--kind K] [--json]");
    json_t *body = json_object(), *out;
    cli_put_text(body, a, "kind", "kind");
    int rc = cli_call_by_id(a, list, 0, body, &out);
    return rc ? rc : cli_print_page(a, out, keys);
}

int cmd_platform_show(const cli_args *a)
{
    int64_t id;
    json_t *out;
    int rc = cli_ids(a, 1, &id, "serai platform show PLATFORM [--json]");
    if (rc || (rc = cli_call_by_id(a, show, id, json_object(), &out)))
        return rc;
    return answer(a, rc, out, print_platform);
}

int cmd_platform_rules(const cli_args *a)
{
    int64_t id;
    json_t *body, *out;
    int rc = cli_ids(a, 1, &id, "serai platform rules PLATFORM --file RULES.json");
    if (rc || (rc = cli_body_from_file(a, &body)))
        return rc;
    rc = cli_call_by_id(a, platform_rules_set, id, body, &out);
    return answer(a, rc, out, print_change);
}

int cmd_platform_join(const cli_args *a)
{
    static const char usage[] = "serai platform join PLATFORM (--org ID | --person ID) "
                                "[--role R] [--group G] [--joined YYYY-MM-DD]";
    int64_t id;
    int rc = cli_ids(a, 1, &id, usage);
    if (rc)
        return rc;
    if ((cli_opt(a, "org") == NULL) == (cli_opt(a, "person") == NULL))
        return cli_usage_error("usage: %s", usage);
    json_t *body = json_object(), *out;
    if (!put_id(body, a, "org", "organization_id") ||
        !put_id(body, a, "person", "person_id") || !put_id(body, a, "group", "group_id")) {
        json_decref(body);
        return 1;
    }
    cli_put_text(body, a, "role", "role");
    cli_put_text(body, a, "joined", "joined_on");
    rc = cli_call_by_id(a, platform_member_add, id, body, &out);
    return answer(a, rc, out, print_change);
}

int cmd_platform_leave(const cli_args *a)
{
    int64_t ids[2];
    json_t *out;
    int rc = cli_ids(a, 2, ids, "serai platform leave PLATFORM MEMBER [--json]");
    if (rc)
        return rc;
    rc = cli_call_by_id(a, leave, ids[0], json_pack("{s:I}", "member_id",
                                                    (json_int_t)ids[1]), &out);
    return answer(a, rc, out, print_change);
}

int cmd_platform_set(const cli_args *a)
{
    static const char usage[] = "serai platform set PLATFORM MEMBER [--role R] "
                                "[--group G|none]";
    int64_t ids[2];
    json_t *out;
    int rc = cli_ids(a, 2, ids, usage);
    if (rc)
        return rc;
    json_t *body = json_pack("{s:I}", "member_id", (json_int_t)ids[1]);
    const char *group = cli_opt(a, "group");
    if (group && strcmp(group, "none") == 0)
        json_object_set_new(body, "group_id", json_null());
    else if (!put_id(body, a, "group", "group_id")) {
        json_decref(body);
        return 1;
    }
    cli_put_text(body, a, "role", "role");
    if (json_object_size(body) == 1) {
        json_decref(body);
        return cli_usage_error("usage: %s", usage);
    }
    rc = cli_call_by_id(a, update, ids[0], body, &out);
    return answer(a, rc, out, print_change);
}

static void print_group(const json_t *g)
{
    printf("working group %lld %s\n", int_of(g, "id"), text_of(g, "name"));
}

int cmd_platform_group(const cli_args *a)
{
    static const char usage[] = "serai platform group PLATFORM --name N "
                                "[--description D]";
    int64_t id;
    json_t *out;
    int rc = cli_ids(a, 1, &id, usage);
    if (rc)
        return rc;
    if (cli_opt(a, "name") == NULL)
        return cli_usage_error("usage: %s", usage);
    json_t *body = json_object();
    cli_put_text(body, a, "name", "name");
    cli_put_text(body, a, "description", "description");
    rc = cli_call_by_id(a, platform_group_create, id, body, &out);
    return answer(a, rc, out, print_group);
}

int cmd_platform_check(const cli_args *a)
{
    int64_t id;
    json_t *out;
    int rc = cli_ids(a, 1, &id, "serai platform check PLATFORM [--json]");
    if (rc || (rc = cli_call_by_id(a, composition, id, json_object(), &out)))
        return rc;
    bool passes = json_is_true(json_object_get(out, "passes"));
    if (cli_flag(a, "json"))
        cli_print_json(out);
    else
        print_composition(out);
    json_decref(out);
    return passes ? 0 : 1;
}
