/*
 * cmd_decision.c -- funding decisions and grants from the command line
 * (decision/decision.h, docs/decisions.md).  Each command turns its
 * options into the JSON body the library takes and prints the answer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/mem.h"
#include "core/page.h"
#include "decision/decision.h"
#include "registry/money.h"

static int the_id(const cli_args *a, int64_t *id, const char *usage)
{
    if (a->npositional != 1 || !parse_id(a->positional[0], id))
        return cli_usage_error("usage: serai %s", usage);
    return 0;
}

static void put_text(json_t *b, const cli_args *a, const char *opt, const char *key)
{
    const char *v = cli_opt(a, opt);
    if (v)
        json_object_set_new(b, key, json_string(v));
}

/* --opt as a non-negative integer into b[key]; false after a usage error. */
static bool put_int(json_t *b, const cli_args *a, const char *opt, const char *key)
{
    const char *v = cli_opt(a, opt);
    if (v == NULL)
        return true;
    int64_t n;
    if (!parse_id(v, &n) && strcmp(v, "0") != 0) {
        cli_usage_error("--%s \"%s\" is not a whole number", opt, v);
        return false;
    }
    if (strcmp(v, "0") == 0)
        n = 0;
    json_object_set_new(b, key, json_integer(n));
    return true;
}

/* Open the database, run fn(id, body), print the answer. */
static int run_body(const cli_args *a, cli_by_id_fn fn, int64_t id, json_t *body)
{
    json_t *out;
    int rc = cli_call_by_id(a, fn, id, body, &out);
    return rc ? rc : cli_print_one(a, out);
}

/* The options of a selection. */
static json_t *selection_body(const cli_args *a, bool *ok)
{
    json_t *b = json_object();
    put_text(b, a, "gap-share", "gap_share_percent");
    *ok = put_int(b, a, "central", "central") && put_int(b, a, "reserve", "reserve_max");
    return b;
}

/* Print a selection result as a table. */
static void print_selection(const json_t *r)
{
    size_t i;
    json_t *p;
    printf("%-6s %-28s %-10s %s\n", "rank", "proposal", "outcome", "reason");
    json_array_foreach(json_object_get(r, "proposals"), i, p)
        printf("%-6lld %-28s %-10s %s\n",
               (long long)json_integer_value(json_object_get(p, "rank")),
               json_string_value(json_object_get(p, "proposal")),
               json_string_value(json_object_get(p, "outcome")),
               json_string_value(json_object_get(p, "reason")));
    printf("\n%-36s %-4s %18s %18s %18s\n", "funder", "cur", "budget", "spent", "remaining");
    json_array_foreach(json_object_get(r, "funders"), i, p) {
        const char *cur = json_string_value(json_object_get(p, "currency"));
        char b[MONEY_TEXT_MAX], s[MONEY_TEXT_MAX], m[MONEY_TEXT_MAX];
        money_format(json_integer_value(json_object_get(p, "budget")), cur, b);
        money_format(json_integer_value(json_object_get(p, "spent")), cur, s);
        money_format(json_integer_value(json_object_get(p, "remaining")), cur, m);
        printf("%-36.36s %-4s %18s %18s %18s\n",
               json_string_value(json_object_get(p, "funder")), cur, b, s, m);
    }
    printf("\nfunded %lld, reserve %lld, not funded %lld\n",
           (long long)json_integer_value(json_object_get(r, "funded")),
           (long long)json_integer_value(json_object_get(r, "reserve")),
           (long long)json_integer_value(json_object_get(r, "not_funded")));
    const char *digest = json_string_value(json_object_get(r, "input_digest"));
    if (digest)
        printf("run %lld, input sha256 %s\n",
               (long long)json_integer_value(json_object_get(r, "run_id")), digest);
}

int cmd_decision_select(const cli_args *a)
{
    int64_t call;
    int rc = the_id(a, &call, "decision select CALL [--central MINOR] [--gap-share %] "
                              "[--reserve N] [--json]");
    if (rc)
        return rc;
    bool ok;
    json_t *body = selection_body(a, &ok);
    if (!ok) {
        json_decref(body);
        return 1;
    }
    store *s;
    if ((rc = cli_open_db(a, &s))) {
        json_decref(body);
        return rc;
    }
    actor op = actor_operator();
    json_t *out = NULL;
    serai_err err;
    serai_code code = decision_select(s, &op, call, body, &out, &err);
    json_decref(body);
    store_close(s);
    if (code)
        return cli_fail(&err);
    if (cli_flag(a, "json"))
        return cli_print_one(a, out);
    print_selection(out);
    json_decref(out);
    return 0;
}

int cmd_decision_compare(const cli_args *a)
{
    int64_t call;
    int rc = the_id(a, &call, "decision compare CALL [--objective score|count] "
                              "[--time-limit S] [--json]");
    if (rc)
        return rc;
    bool ok;
    json_t *body = selection_body(a, &ok);
    put_text(body, a, "objective", "objective");
    if (!ok || !put_int(body, a, "time-limit", "time_limit")) {
        json_decref(body);
        return 1;
    }
    return run_body(a, decision_compare, call, body);
}

int cmd_decision_whatif(const cli_args *a)
{
    int64_t call;
    int rc = the_id(a, &call, "decision whatif CALL [--percent N] [--json]");
    if (rc)
        return rc;
    bool ok;
    json_t *body = selection_body(a, &ok);
    if (!ok || !put_int(body, a, "percent", "percent")) {
        json_decref(body);
        return 1;
    }
    return run_body(a, decision_whatif, call, body);
}

static serai_code show_call(store *s, const actor *who, int64_t id, json_t *body,
                            json_t **out, serai_err *err)
{
    (void)body;
    return decision_get(s, who, id, out, err);
}

int cmd_decision_show(const cli_args *a)
{
    static const char *const keys[] = {"proposal_id", "funder_org_id", "currency",
                                       "amount", "status", "note", NULL};
    int64_t call;
    int rc = the_id(a, &call, "decision show CALL [--json]");
    if (rc)
        return rc;
    if (cli_flag(a, "json"))
        return run_body(a, show_call, call, json_object());
    store *s;
    if ((rc = cli_open_db(a, &s)))
        return rc;
    actor op = actor_operator();
    json_t *out = NULL;
    serai_err err;
    serai_code code = decision_get(s, &op, call, &out, &err);
    store_close(s);
    if (code)
        return cli_fail(&err);
    json_t *start = json_object_get(out, "project_start");
    json_t *run = json_object_get(out, "latest_run_id");
    if (json_is_integer(run))
        printf("call %lld: latest selection run %lld (serai decision run %lld shows "
               "its input and digest)\n", (long long)call,
               (long long)json_integer_value(run), (long long)json_integer_value(run));
    else
        printf("call %lld: no selection yet\n", (long long)call);
    printf("project start: %s\n", json_is_string(start) ? json_string_value(start)
                                                         : "not set");
    printf("decisions (amounts in minor units)\n");
    cli_print_table(json_object_get(out, "decisions"), keys);
    json_decref(out);
    return 0;
}

static serai_code show_run(store *s, const actor *who, int64_t id, json_t *body,
                           json_t **out, serai_err *err)
{
    (void)body;
    return decision_run_get(s, who, id, out, err);
}

int cmd_decision_run(const cli_args *a)
{
    int64_t run;
    int rc = the_id(a, &run, "decision run RUN [--json]");
    return rc ? rc : run_body(a, show_run, run, json_object());
}

static int64_t set_funder; /* decision set: the funder of the decision */
static serai_code set_one(store *s, const actor *who, int64_t proposal, json_t *body,
                          json_t **out, serai_err *err)
{
    return decision_set(s, who, proposal, set_funder, body, out, err);
}

int cmd_decision_set(const cli_args *a)
{
    int64_t proposal;
    int rc = the_id(a, &proposal, "decision set PROPOSAL --funder ORG --status STATUS "
                                  "[--note TEXT]");
    if (rc)
        return rc;
    if (!cli_opt(a, "funder") || !parse_id(cli_opt(a, "funder"), &set_funder))
        return cli_usage_error("--funder names the funding organisation's id");
    json_t *body = json_object();
    put_text(body, a, "status", "status");
    put_text(body, a, "note", "note");
    return run_body(a, set_one, proposal, body);
}

int cmd_decision_start(const cli_args *a)
{
    int64_t call;
    int rc = the_id(a, &call, "decision start CALL --date YYYY-MM-DD");
    if (rc)
        return rc;
    json_t *body = json_object();
    put_text(body, a, "date", "project_start");
    return run_body(a, decision_start, call, body);
}

int cmd_award_create(const cli_args *a)
{
    int64_t proposal;
    int rc = the_id(a, &proposal, "award create PROPOSAL [--fund ID] [--start DAY] "
                                  "[--tranches 40,40,20]");
    if (rc)
        return rc;
    json_t *body = json_object();
    put_text(body, a, "start", "start");
    if (!put_int(body, a, "fund", "fund_id")) {
        json_decref(body);
        return 1;
    }
    const char *t = cli_opt(a, "tranches");
    if (t) {
        json_t *arr = json_array();
        char *copy = xstrdup(t), *save = NULL;
        for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            int64_t v;
            if (!parse_id(tok, &v)) {
                free(copy);
                json_decref(arr);
                json_decref(body);
                return cli_usage_error("--tranches takes whole percents, e.g. 40,40,20");
            }
            json_array_append_new(arr, json_integer(v));
        }
        free(copy);
        json_object_set_new(body, "tranches", arr);
    }
    return run_body(a, award_create, proposal, body);
}

static serai_code show_award(store *s, const actor *who, int64_t id, json_t *body,
                             json_t **out, serai_err *err)
{
    (void)body;
    return award_get(s, who, id, out, err);
}

int cmd_award_show(const cli_args *a)
{
    int64_t id;
    int rc = the_id(a, &id, "award show GRANT [--json]");
    return rc ? rc : run_body(a, show_award, id, json_object());
}

static serai_code list_awards(store *s, const actor *who, int64_t id, json_t *body,
                              json_t **out, serai_err *err)
{
    (void)body;
    return award_list(s, who, id, out, err);
}

int cmd_award_list(const cli_args *a)
{
    int64_t id;
    int rc = the_id(a, &id, "award list PROPOSAL [--json]");
    return rc ? rc : run_body(a, list_awards, id, json_object());
}

int cmd_award_milestone(const cli_args *a)
{
    int64_t id;
    int rc = the_id(a, &id, "award milestone GRANT --kind milestone|deliverable "
                            "--title TEXT --due DAY");
    if (rc)
        return rc;
    json_t *body = json_object();
    put_text(body, a, "kind", "kind");
    put_text(body, a, "title", "title");
    put_text(body, a, "due", "due");
    return run_body(a, award_milestone_add, id, body);
}

int cmd_award_done(const cli_args *a)
{
    int64_t id;
    int rc = the_id(a, &id, "award done MILESTONE --date DAY");
    if (rc)
        return rc;
    json_t *body = json_object();
    put_text(body, a, "date", "date");
    return run_body(a, award_milestone_done, id, body);
}

static const char *report_period;
static bool report_accept;
static serai_code report_one(store *s, const actor *who, int64_t id, json_t *body,
                             json_t **out, serai_err *err)
{
    return report_accept ? award_report_accept(s, who, id, report_period, body, out, err)
                         : award_report_submit(s, who, id, report_period, body, out, err);
}

int cmd_award_report(const cli_args *a)
{
    int64_t id;
    int rc = the_id(a, &id, "award report GRANT --period-end DAY --date DAY [--accept]");
    if (rc)
        return rc;
    if ((report_period = cli_opt(a, "period-end")) == NULL)
        return cli_usage_error("--period-end names the report's period (YYYY-MM-DD)");
    report_accept = cli_flag(a, "accept");
    json_t *body = json_object();
    put_text(body, a, "date", "date");
    return run_body(a, report_one, id, body);
}

static int64_t pay_seq;
static serai_code pay_one(store *s, const actor *who, int64_t id, json_t *body,
                          json_t **out, serai_err *err)
{
    return award_tranche_pay(s, who, id, pay_seq, body, out, err);
}

int cmd_award_pay(const cli_args *a)
{
    int64_t id;
    int rc = the_id(a, &id, "award pay GRANT --tranche N --date DAY");
    if (rc)
        return rc;
    if (!cli_opt(a, "tranche") || !parse_id(cli_opt(a, "tranche"), &pay_seq))
        return cli_usage_error("--tranche is the tranche's number, 1 for the first");
    json_t *body = json_object();
    put_text(body, a, "date", "date");
    return run_body(a, pay_one, id, body);
}

int cmd_award_cofund(const cli_args *a)
{
    int64_t id;
    int rc = the_id(a, &id, "award cofund GRANT --kind cash|in_kind --amount MINOR "
                            "--date DAY [--note TEXT]");
    if (rc)
        return rc;
    json_t *body = json_object();
    put_text(body, a, "kind", "kind");
    put_text(body, a, "date", "date");
    put_text(body, a, "note", "note");
    if (!put_int(body, a, "amount", "amount")) {
        json_decref(body);
        return 1;
    }
    return run_body(a, award_cofunding_add, id, body);
}
