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
#include "agenda/result_json.h"
#include "cli/commands.h"

#define PB_MONEY_TEXT 48

/* Amounts in --json are the file's decimal text (budget_file_money). */
static json_t *money_json(void *ctx, int64_t v)
{
    char text[PB_MONEY_TEXT];
    budget_file_money(ctx, v, text, sizeof text);
    return json_string(text);
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
        json_t *j = budget_result_json(&f.e, &r, mes ? &opt : NULL,
                                       (const char *const *)f.project_id, money_json, &f);
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
