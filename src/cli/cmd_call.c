/*
 * cmd_call.c -- calls for proposals from the command line.  `call check`
 * works on files alone: a rule set and a proposal in, the eligibility
 * result out, no database.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/commands.h"
#include "core/json.h"
#include "core/mem.h"
#include "project/elig.h"
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
               eligible ? "ELIGIBLE" : "NOT ELIGIBLE");
        for (int i = 0; i < res->nrules; i++) {
            const elig_rule_result *x = &res->rules[i];
            printf("%s %s%s%s\n  %s\n  %s\n", x->pass ? "pass" : "FAIL", x->code,
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
