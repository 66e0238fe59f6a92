/*
 * cmd_pb.c -- `serai pb`: which projects a budget ballot funds, from a
 * Pabulib .pb file, no database (agenda/budget.h, docs/budget-ballots.md).
 * Prints the selected project ids on stdout, one a line, in the order they
 * were funded, and the explanation on stderr: for greedy the projects
 * skipped because they did not fit, for Equal Shares the rounds.  --json
 * prints both as one document.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda/budget.h"
#include "agenda/budget_files.h"
#include "cli/commands.h"

#define PB_MONEY_TEXT 48

static json_t *money_json(const budget_file *f, int64_t v)
{
    char text[PB_MONEY_TEXT];
    budget_file_money(f, v, text, sizeof text);
    return json_string(text);
}

static json_t *ids_json(const budget_file *f, const uint32_t *p, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_string(f->project_id[p[i]]));
    return arr;
}

static json_t *greedy_json(const budget_file *f, const budget_result *r)
{
    json_t *steps = json_array(), *skipped = json_array();
    for (size_t i = 0; i < r->nsteps; i++) {
        const budget_greedy_step *s = &r->steps[i];
        json_t *o = json_object();
        json_object_set_new(o, "project", json_string(f->project_id[s->project]));
        json_object_set_new(o, "score", json_integer(s->score));
        json_object_set_new(o, "cost", money_json(f, f->cost[s->project]));
        json_object_set_new(o, "funded", json_boolean(s->funded));
        json_object_set_new(o, "left", money_json(f, s->left_after));
        json_array_append_new(steps, o);
        if (!s->funded)
            json_array_append_new(skipped, json_string(f->project_id[s->project]));
    }
    json_t *j = json_object();
    json_object_set_new(j, "steps", steps);
    json_object_set_new(j, "skipped_not_fitting", skipped);
    return j;
}

static json_t *mes_json(const budget_file *f, const budget_result *r)
{
    json_t *rounds = json_array();
    for (size_t i = 0; i < r->nrounds; i++) {
        const budget_mes_round *x = &r->rounds[i];
        json_t *o = json_object();
        json_object_set_new(o, "round", json_integer((json_int_t)i + 1));
        json_object_set_new(o, "project", json_string(f->project_id[x->project]));
        json_object_set_new(o, "cost", money_json(f, x->cost));
        json_object_set_new(o, "supporters", json_integer(x->supporters));
        json_object_set_new(o, "rho", json_real(x->rho));
        json_object_set_new(o, "effective_votes", json_real(x->effective_votes));
        json_object_set_new(o, "share", json_real(x->share / (double)f->e.unit));
        json_object_set_new(o, "paid_share", json_integer(x->payers_full));
        json_object_set_new(o, "paid_all_they_had", json_integer(x->payers_all_in));
        json_object_set_new(o, "paid_by_those", money_json(f, x->paid_all_in));
        json_object_set_new(o, "had_nothing_left", json_integer(x->payers_none));
        json_object_set_new(o, "supporters_left", money_json(f, x->left_supporters));
        json_object_set_new(o, "all_left", money_json(f, x->left_all));
        json_array_append_new(rounds, o);
    }
    json_t *j = json_object();
    double per_voter = f->e.nvoters
                           ? (double)r->endowment_num / (double)f->e.nvoters / (double)f->e.unit
                           : 0;
    json_object_set_new(j, "endowment_total", money_json(f, r->endowment_num));
    json_object_set_new(j, "endowment_per_voter", json_real(per_voter));
    json_object_set_new(j, "add1_steps", json_integer(r->add1_steps));
    json_object_set_new(j, "rounds", rounds);
    json_object_set_new(j, "ties", json_integer((json_int_t)r->nties));
    json_object_set_new(j, "completed_greedily",
                        ids_json(f, r->selected + (r->nselected - r->ncompleted),
                                 r->ncompleted));
    return j;
}

static void print_explanation(const budget_file *f, const budget_result *r, bool mes)
{
    char a[PB_MONEY_TEXT], b[PB_MONEY_TEXT], c[PB_MONEY_TEXT];
    budget_file_money(f, r->spent, a, sizeof a);
    budget_file_money(f, f->e.budget, b, sizeof b);
    fprintf(stderr, "serai: %s selected %zu of %zu projects, spent %s of %s\n",
            mes ? "Equal Shares" : "greedy", r->nselected, f->e.nprojects, a, b);
    if (!mes) {
        for (size_t i = 0; i < r->nsteps; i++) {
            const budget_greedy_step *s = &r->steps[i];
            if (s->funded)
                continue;
            budget_file_money(f, f->cost[s->project], a, sizeof a);
            budget_file_money(f, s->left_after, b, sizeof b);
            fprintf(stderr, "skipped %s: score %lld, cost %s does not fit in %s left\n",
                    f->project_id[s->project], (long long)s->score, a, b);
        }
        return;
    }
    budget_file_money(f, r->endowment_num, a, sizeof a);
    fprintf(stderr, "endowment %s / %zu voters (%.2f each) after %lld add-one steps\n", a,
            f->e.nvoters,
            f->e.nvoters ? (double)r->endowment_num / (double)f->e.nvoters / (double)f->e.unit
                         : 0.0,
            (long long)r->add1_steps);
    for (size_t i = 0; i < r->nrounds; i++) {
        const budget_mes_round *x = &r->rounds[i];
        budget_file_money(f, x->cost, a, sizeof a);
        budget_file_money(f, x->left_supporters, b, sizeof b);
        budget_file_money(f, x->left_all, c, sizeof c);
        fprintf(stderr,
                "round %zu: %s cost %s, %lld supporters, rho %.6g, effective votes %.2f; "
                "%lld paid %.2f each, %lld paid all they had, %lld had nothing left; "
                "supporters keep %s, all keep %s\n",
                i + 1, f->project_id[x->project], a, (long long)x->supporters, x->rho,
                x->effective_votes, (long long)x->payers_full, x->share / (double)f->e.unit,
                (long long)x->payers_all_in, (long long)x->payers_none, b, c);
    }
    for (size_t i = r->nselected - r->ncompleted; i < r->nselected; i++)
        fprintf(stderr, "completed greedily: %s\n", f->project_id[r->selected[i]]);
    if (r->nties)
        fprintf(stderr, "%zu rounds had equal rho; the cheaper project, then the one with "
                        "more supporters, then the earlier one was taken\n",
                r->nties);
}

int cmd_pb(const cli_args *a)
{
    const char *method = cli_opt(a, "method"), *completion = cli_opt(a, "completion");
    bool json = cli_flag(a, "json");
    if (a->npositional != 1)
        return cli_usage_error("pb takes one FILE.pb; see serai pb --help");
    if (method == NULL)
        return cli_usage_error("--method greedy|mes is required");
    bool mes;
    if (strcmp(method, "greedy") == 0)
        mes = false;
    else if (strcmp(method, "mes") == 0)
        mes = true;
    else
        return cli_usage_error("--method is greedy or mes, not \"%s\"", method);
    budget_mes_options opt = {BUDGET_COMPLETE_ADD1, cli_flag(a, "then-greedy"),
                              cli_flag(a, "compare")};
    if (completion && strcmp(completion, "none") == 0)
        opt.completion = BUDGET_COMPLETE_NONE;
    else if (completion && strcmp(completion, "add1") != 0)
        return cli_usage_error("--completion is add1 or none, not \"%s\"", completion);
    if (!mes && (completion || opt.then_greedy || opt.comparison))
        return cli_usage_error("--completion, --then-greedy and --compare apply to --method mes");

    const char *path = a->positional[0];
    char *text;
    size_t len;
    int rc = cli_read_file(path, BUDGET_FILE_MAX_BYTES, &text, &len);
    if (rc != 0)
        return rc;
    budget_file f;
    serai_err err;
    serai_code code = budget_file_parse(&f, path, text, len, &err);
    free(text);
    if (code != SERAI_OK)
        return cli_fail(&err);
    budget_result r;
    code = mes ? budget_mes(&f.e, &opt, &r, &err) : budget_greedy(&f.e, &r, &err);
    if (code != SERAI_OK) {
        budget_file_free(&f);
        return cli_fail(&err);
    }
    if (json) {
        json_t *j = json_object();
        json_object_set_new(j, "method", json_string(method));
        json_object_set_new(j, "selected", ids_json(&f, r.selected, r.nselected));
        json_object_set_new(j, "spent", money_json(&f, r.spent));
        json_object_set_new(j, "budget", money_json(&f, f.e.budget));
        json_object_set_new(j, "projects", json_integer((json_int_t)f.e.nprojects));
        json_object_set_new(j, "voters", json_integer((json_int_t)f.e.nvoters));
        json_object_set_new(j, "vote_type", json_string(f.vote_type));
        json_object_set_new(j, mes ? "equal_shares" : "greedy",
                            mes ? mes_json(&f, &r) : greedy_json(&f, &r));
        if (mes && opt.comparison) {
            json_t *c = json_object();
            json_object_set_new(c, "prefer_equal_shares", json_integer(r.prefer_mes));
            json_object_set_new(c, "prefer_greedy", json_integer(r.prefer_greedy));
            json_object_set_new(c, "kept_greedy", json_boolean(r.comparison_kept_greedy));
            json_object_set_new(j, "comparison", c);
        }
        cli_print_json(j);
        json_decref(j);
    } else {
        for (size_t i = 0; i < r.nselected; i++)
            printf("%s\n", f.project_id[r.selected[i]]);
        print_explanation(&f, &r, mes);
        if (mes && opt.comparison)
            fprintf(stderr, "comparison: %lld voters prefer Equal Shares, %lld greedy%s\n",
                    (long long)r.prefer_mes, (long long)r.prefer_greedy,
                    r.comparison_kept_greedy ? ": the greedy outcome is kept" : "");
    }
    budget_result_free(&r);
    budget_file_free(&f);
    return 0;
}
