/*
 * cmd_call.c -- calls for proposals and proposals from the command line.
 * `call check` works on files alone: a rule set and a proposal in, the
 * eligibility result out, no database.  The rest act on the database as
 * the local operator, through the same library calls as the API.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/mem.h"
#include "core/page.h"
#include "project/call.h"
#include "project/elig.h"
#include "project/proposal.h"
#include "project/rules.h"

/* serai call check --rules RULES.json PROPOSAL.json [--json]
 * Exit 0 eligible, 1 ineligible or refused input. */
int cmd_call_check(const cli_args *a)
{
    const char *rules_path = cli_opt(a, "rules");
    if (rules_path == NULL || a->npositional != 1)
        return cli_usage_error("usage: serai call check --rules RULES.json "
                               "PROPOSAL.json [--json]");
    char *text;
    size_t len;
    int rc;
    serai_err err;
    /* The structs are large: keep them off the stack. */
    elig_rules *rules = xmalloc(sizeof *rules);
    elig_proposal *prop = xmalloc(sizeof *prop);
    elig_result *res = xmalloc(sizeof *res);
    if ((rc = cli_read_file(rules_path, JSON_MAX_BODY, &text, &len)) != 0)
        goto done;
    serai_code code = elig_rules_parse(text, len, rules, &err);
    free(text);
    if (code) {
        fprintf(stderr, "serai: in %s:\n", rules_path);
        rc = cli_fail(&err);
        goto done;
    }
    if ((rc = cli_read_file(a->positional[0], JSON_MAX_BODY, &text, &len)) != 0)
        goto done;
    code = elig_proposal_parse(text, len, rules, prop, &err);
    free(text);
    if (code) {
        fprintf(stderr, "serai: in %s:\n", a->positional[0]);
        rc = cli_fail(&err);
        goto done;
    }
    bool eligible = elig_check(rules, prop, res);
    if (cli_flag(a, "json")) {
        char *out = elig_result_json(rules, prop, res);
        json_t *doc = json_loads(out, 0, NULL);
        cli_print_json(doc);
        json_decref(doc);
        free(out);
    } else {
        printf("%s %s, rule set version %d: %s\n", rules->programme,
               rules->edition, rules->version,
               eligible        ? "ELIGIBLE"
               : res->pending ? "PENDING (not yet eligible)"
                              : "NOT ELIGIBLE");
        for (int i = 0; i < res->nrules; i++) {
            const elig_rule_result *x = &res->rules[i];
            printf("%s %s%s%s\n  %s\n  %s\n",
                   x->pass ? "pass" : x->pending ? "pending" : "FAIL", x->code,
                   x->funder[0] ? " " : "", x->funder, x->en, x->zh);
            if (x->npartners) {
                fputs("  partners:", stdout);
                for (int k = 0; k < x->npartners; k++) {
                    const elig_partner *p = &prop->partners[x->partners[k]];
                    printf(" #%d %s (%s)", x->partners[k], p->org, p->country);
                }
                putchar('\n');
            }
        }
    }
    rc = eligible ? 0 : 1;
done:
    free(rules);
    free(prop);
    free(res);
    return rc;
}

/* ---- calls and proposals in the database ---- */

/* Open the database, run, close, print the record or the error. */
#define RUN_ON_DB(a, call)                                  \
    do {                                                    \
        store *s_;                                          \
        int rc_ = cli_open_db(a, &s_);                      \
        if (rc_)                                            \
            return rc_;                                     \
        actor op = actor_operator();                        \
        json_t *out = NULL;                                 \
        serai_err err;                                      \
        serai_code code_ = call;                            \
        store_close(s_);                                    \
        if (code_)                                          \
            return cli_fail(&err);                          \
        return cli_print_one(a, out);                       \
    } while (0)

int cmd_call_create(const cli_args *a)
{
    json_t *body;
    int rc = cli_body_from_file(a, &body);
    if (rc)
        return rc;
    store *s;
    if ((rc = cli_open_db(a, &s))) {
        json_decref(body);
        return rc;
    }
    actor op = actor_operator();
    json_t *out;
    serai_err err;
    serai_code code = call_create(s, &op, body, &out, &err);
    json_decref(body);
    store_close(s);
    return code ? cli_fail(&err) : cli_print_one(a, out);
}

int cmd_call_update(const cli_args *a)
{
    int64_t id;
    json_t *body;
    int rc = cli_ids(a, 1, &id, "serai call update ID --file CALL.json");
    if (rc || (rc = cli_body_from_file(a, &body)))
        return rc;
    store *s;
    if ((rc = cli_open_db(a, &s))) {
        json_decref(body);
        return rc;
    }
    actor op = actor_operator();
    json_t *out;
    serai_err err;
    serai_code code = call_update(s, &op, id, body, &out, &err);
    json_decref(body);
    store_close(s);
    return code ? cli_fail(&err) : cli_print_one(a, out);
}

static int move_call(const cli_args *a, const char *to, const char *usage)
{
    int64_t id;
    int rc = cli_ids(a, 1, &id, usage);
    if (rc)
        return rc;
    RUN_ON_DB(a, call_transition(s_, &op, id, to, &out, &err));
}

int cmd_call_open(const cli_args *a)
{
    return move_call(a, "open", "serai call open ID");
}

int cmd_call_close(const cli_args *a)
{
    return move_call(a, "closed", "serai call close ID");
}

int cmd_call_evaluate(const cli_args *a)
{
    return move_call(a, "in_evaluation", "serai call evaluate ID");
}

int cmd_call_decide(const cli_args *a)
{
    return move_call(a, "decided", "serai call decide ID");
}

int cmd_call_show(const cli_args *a)
{
    int64_t id;
    int rc = cli_ids(a, 1, &id, "serai call show ID");
    if (rc)
        return rc;
    RUN_ON_DB(a, call_get(s_, &op, id, &out, &err));
}

int cmd_call_rules(const cli_args *a)
{
    int64_t id, version = 0;
    int rc = cli_ids(a, 1, &id, "serai call rules ID [--version N]");
    if (rc)
        return rc;
    const char *v = cli_opt(a, "version");
    if (v && (!parse_id(v, &version) || version > 1000000))
        return cli_usage_error("--version must be a version number such as 2");
    RUN_ON_DB(a, call_rules_get(s_, &op, id, (int)version, &out, &err));
}

int cmd_call_list(const cli_args *a)
{
    static const char *const keys[] = {"id", "status", "programme", "edition",
                                       "title", NULL};
    call_filter f = {cli_opt(a, "status"), cli_opt(a, "programme"), {0, 0}};
    serai_err err;
    if (page_parse(cli_opt(a, "limit"), cli_opt(a, "cursor"), &f.page, &err))
        return cli_fail(&err);
    store *s;
    int rc = cli_open_db(a, &s);
    if (rc)
        return rc;
    actor op = actor_operator();
    json_t *out;
    serai_code code = call_list(s, &op, &f, &out, &err);
    store_close(s);
    return code ? cli_fail(&err) : cli_print_page(a, out, keys);
}

/* serai call export ID [--format csv|xlsx] [--sheet proposals|partners]
 * [--out FILE]; CSV goes to stdout without --out, XLSX needs --out. */
int cmd_call_export(const cli_args *a)
{
    int64_t id;
    int rc = cli_ids(a, 1, &id, "serai call export ID [--format csv|xlsx] "
                               "[--sheet proposals|partners] [--out FILE]");
    if (rc)
        return rc;
    const char *format = cli_opt(a, "format"), *path = cli_opt(a, "out");
    if (format && strcmp(format, "xlsx") == 0 && path == NULL)
        return cli_usage_error("an XLSX export needs --out FILE");
    store *s;
    if ((rc = cli_open_db(a, &s)))
        return rc;
    actor op = actor_operator();
    char *bytes;
    size_t len;
    serai_err err;
    serai_code code = proposal_export(s, &op, id, format, cli_opt(a, "sheet"),
                                      &bytes, &len, &err);
    store_close(s);
    if (code)
        return cli_fail(&err);
    FILE *f = path ? fopen(path, "wb") : stdout;
    bool ok = f && fwrite(bytes, 1, len, f) == len;
    if (path && f)
        ok = fclose(f) == 0 && ok;
    free(bytes);
    if (!ok) {
        fprintf(stderr, "serai: cannot write %s\n", path ? path : "stdout");
        return 2;
    }
    return 0;
}

int cmd_proposal_create(const cli_args *a)
{
    json_t *body;
    int rc = cli_body_from_file(a, &body);
    if (rc)
        return rc;
    store *s;
    if ((rc = cli_open_db(a, &s))) {
        json_decref(body);
        return rc;
    }
    actor op = actor_operator();
    json_t *out;
    serai_err err;
    serai_code code = proposal_create(s, &op, body, clock_now(), &out, &err);
    json_decref(body);
    store_close(s);
    return code ? cli_fail(&err) : cli_print_one(a, out);
}

int cmd_proposal_update(const cli_args *a)
{
    int64_t id;
    json_t *body;
    int rc = cli_ids(a, 1, &id, "serai proposal update ID --file PROPOSAL.json");
    if (rc || (rc = cli_body_from_file(a, &body)))
        return rc;
    store *s;
    if ((rc = cli_open_db(a, &s))) {
        json_decref(body);
        return rc;
    }
    actor op = actor_operator();
    json_t *out;
    serai_err err;
    serai_code code = proposal_update(s, &op, id, body, clock_now(), &out, &err);
    json_decref(body);
    store_close(s);
    return code ? cli_fail(&err) : cli_print_one(a, out);
}

int cmd_proposal_show(const cli_args *a)
{
    int64_t id;
    int rc = cli_ids(a, 1, &id, "serai proposal show ID");
    if (rc)
        return rc;
    RUN_ON_DB(a, proposal_get(s_, &op, id, &out, &err));
}

int cmd_proposal_submit(const cli_args *a)
{
    int64_t id;
    int rc = cli_ids(a, 1, &id, "serai proposal submit ID");
    if (rc)
        return rc;
    RUN_ON_DB(a, proposal_submit(s_, &op, id, clock_now(), &out, &err));
}

int cmd_proposal_withdraw(const cli_args *a)
{
    int64_t id;
    int rc = cli_ids(a, 1, &id, "serai proposal withdraw ID");
    if (rc)
        return rc;
    RUN_ON_DB(a, proposal_withdraw(s_, &op, id, clock_now(), &out, &err));
}

int cmd_proposal_invite(const cli_args *a)
{
    int64_t id;
    int rc = cli_ids(a, 1, &id, "serai proposal invite ID");
    if (rc)
        return rc;
    RUN_ON_DB(a, proposal_invite(s_, &op, id, clock_now(), &out, &err));
}

int cmd_proposal_commitment(const cli_args *a)
{
    int64_t ids[2];
    const char *usage = "serai proposal commitment ID PARTNER [--signed-at "
                        "YYYY-MM-DDTHH:MM:SSZ]  (PARTNER counts from 0)";
    if (a->npositional == 2 && strcmp(a->positional[1], "0") == 0) {
        if (!parse_id(a->positional[0], &ids[0]))
            return cli_usage_error("usage: %s", usage);
        ids[1] = 0;
    } else {
        int rc = cli_ids(a, 2, ids, usage);
        if (rc)
            return rc;
    }
    if (ids[1] >= ELIG_MAX_PARTNERS)
        return cli_usage_error("a proposal has at most %d partners (0 to %d)",
                               ELIG_MAX_PARTNERS, ELIG_MAX_PARTNERS - 1);
    RUN_ON_DB(a, proposal_commitment(s_, &op, ids[0], (int)ids[1],
                                     cli_opt(a, "signed-at"), clock_now(), &out,
                                     &err));
}

int cmd_proposal_list(const cli_args *a)
{
    static const char *const keys[] = {"id", "call_id", "status", "acronym",
                                       "title", NULL};
    proposal_filter f = {0, cli_opt(a, "status"), 0, {0, 0}};
    serai_err err;
    if (page_parse(cli_opt(a, "limit"), cli_opt(a, "cursor"), &f.page, &err))
        return cli_fail(&err);
    const char *call = cli_opt(a, "call"), *funder = cli_opt(a, "funder");
    if (call && !parse_id(call, &f.call_id))
        return cli_usage_error("--call must be a call id");
    if (funder && !parse_id(funder, &f.funder_id))
        return cli_usage_error("--funder must be an organisation id");
    store *s;
    int rc = cli_open_db(a, &s);
    if (rc)
        return rc;
    actor op = actor_operator();
    json_t *out;
    serai_code code = proposal_list(s, &op, &f, &out, &err);
    store_close(s);
    return code ? cli_fail(&err) : cli_print_page(a, out, keys);
}

/* serai proposal check ID [--json]: exit 0 eligible, 1 not (or pending). */
int cmd_proposal_check(const cli_args *a)
{
    int64_t id;
    int rc = cli_ids(a, 1, &id, "serai proposal check ID [--json]");
    if (rc)
        return rc;
    store *s;
    if ((rc = cli_open_db(a, &s)))
        return rc;
    actor op = actor_operator();
    json_t *out;
    serai_err err;
    serai_code code = proposal_check(s, &op, id, clock_now(), &out, &err);
    store_close(s);
    if (code)
        return cli_fail(&err);
    bool eligible = json_is_true(json_object_get(out, "eligible"));
    bool pending = json_is_true(json_object_get(out, "pending"));
    if (cli_flag(a, "json")) {
        cli_print_json(out);
    } else {
        printf("proposal %lld by rule set version %lld: %s\n", (long long)id,
               (long long)json_integer_value(json_object_get(out, "rule_version")),
               eligible  ? "ELIGIBLE"
               : pending ? "PENDING (not yet eligible)"
                         : "NOT ELIGIBLE");
        size_t i;
        json_t *r;
        json_array_foreach(json_object_get(out, "rules"), i, r) {
            bool pass = json_is_true(json_object_get(r, "pass"));
            bool rpending = json_is_true(json_object_get(r, "pending"));
            const char *funder = json_string_value(json_object_get(r, "funder"));
            printf("%s %s%s%s\n  %s\n  %s\n",
                   pass ? "pass" : rpending ? "pending" : "FAIL",
                   json_string_value(json_object_get(r, "code")),
                   funder ? " funder " : "", funder ? funder : "",
                   json_string_value(json_object_get(r, "en")),
                   json_string_value(json_object_get(r, "zh")));
        }
    }
    json_decref(out);
    return eligible ? 0 : 1;
}
