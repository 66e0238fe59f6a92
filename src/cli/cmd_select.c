/*
 * cmd_select.c -- `serai select`: which ranked proposals a call funds
 * across national budgets, from files, no database (decision/select.h,
 * docs/selection.md).  Reads the budgets and the proposals, runs the
 * binding selection, optionally the what-if simulator and the optimal
 * (non-binding) choice beside it, and prints a table, or JSON with --json.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/mem.h"
#include "decision/select.h"
#include "decision/select_files.h"
#include "registry/money.h"
#include "review/assign.h"

/* The largest input file: 10 million rows of proposals are about 400 MB. */
#define SELECT_MAX_FILE_BYTES ((size_t)1 << 30)
#define SELECT_MAX_TIME_LIMIT 86400.0

static int read_into(select_files *f, const char *path,
                     serai_code (*reader)(select_files *, const char *,
                                          const char *, size_t, serai_err *))
{
    char *text;
    size_t len;
    int rc = cli_read_file(path, SELECT_MAX_FILE_BYTES, &text, &len);
    if (rc != 0)
        return rc;
    serai_err err;
    serai_code code = reader(f, path, text, len, &err);
    free(text);
    return code == SERAI_OK ? 0 : cli_fail(&err);
}

/* A whole number 0..max from an option; -1 when it is not one. */
static int64_t whole_option(const char *s, int64_t max)
{
    int64_t v;
    if (!select_parse_amount(s, &v) || v > max)
        return -1;
    return v;
}

/* Seconds: a positive decimal number. */
static bool parse_seconds(const char *s, double *out)
{
    int64_t whole = 0, frac = 0, scale = 1;
    const char *p = s;
    for (; *p >= '0' && *p <= '9' && whole < 1000000; p++)
        whole = whole * 10 + (*p - '0');
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            if (scale < 1000000) {
                frac = frac * 10 + (*p - '0');
                scale *= 10;
            }
    if (p == s || *p != '\0')
        return false;
    *out = (double)whole + (double)frac / (double)scale;
    return *out > 0 && *out <= SELECT_MAX_TIME_LIMIT;
}

static json_t *score_json(int64_t thousandths)
{
    return json_real((double)thousandths / 1000.0);
}

static void money_text(int64_t amount, const char *currency, char *dst)
{
    if (!money_format(amount, currency, dst))
        snprintf(dst, MONEY_TEXT_MAX, "%lld", (long long)amount);
}

typedef struct select_run_out {
    select_result res;
    select_whatif what;
    bool has_whatif;
    select_result opt;
    select_optimal_stats stats;
    bool has_optimal;
    select_objective objective;
    char *reasons;
    size_t *reason_at;
} select_run_out;

static json_t *shortfalls_json(const select_files *f, const select_decision *d)
{
    json_t *arr = json_array();
    for (int32_t k = 0; k < d->nshort; k++) {
        const select_shortfall *s = &d->shortfalls[k];
        json_t *o = json_object();
        if (s->funder >= 0) {
            json_object_set_new(o, "funder", json_string(f->in.funders[s->funder].id));
        } else {
            json_object_set_new(o, "funder", json_null());
            json_object_set_new(o, "pot", json_string(f->in.mode == SELECT_MIXED
                                                          ? "gap" : "central"));
        }
        json_object_set_new(o, "needed", json_integer(s->needed));
        json_object_set_new(o, "available", json_integer(s->available));
        json_object_set_new(o, "short_by", json_integer(s->needed - s->available));
        json_array_append_new(arr, o);
    }
    return arr;
}

static void print_json(const select_files *f, const select_run_out *o)
{
    const select_input *in = &f->in;
    const select_result *r = &o->res;
    json_t *j = json_object();
    json_object_set_new(j, "mode", json_string(select_mode_name(in->mode)));
    json_t *props = json_array();
    for (int32_t p = 0; p < in->nproposals; p++) {
        const select_decision *d = &r->proposals[p];
        json_t *x = json_object();
        json_object_set_new(x, "proposal", json_string(in->proposals[p].id));
        json_object_set_new(x, "outcome",
                            json_string(select_outcome_name(d->outcome)));
        json_object_set_new(x, "reason", json_string(o->reasons + o->reason_at[p]));
        json_object_set_new(x, "rank", json_integer(in->proposals[p].rank));
        json_object_set_new(x, "score", score_json(in->proposals[p].score));
        json_object_set_new(x, "order", json_integer(d->order));
        json_object_set_new(x, "tie", json_boolean(d->tie));
        if (in->mode != SELECT_VCP)
            json_object_set_new(x, "central_used", json_integer(d->central_used));
        json_object_set_new(x, "shortfalls", shortfalls_json(f, d));
        if (o->has_optimal)
            json_object_set_new(
                x, "optimal",
                json_string(o->opt.proposals[p].outcome == SELECT_FUNDED
                                ? "funded" : "not_funded"));
        json_array_append_new(props, x);
    }
    json_object_set_new(j, "proposals", props);
    json_t *funders = json_array();
    for (int32_t i = 0; i < in->nfunders; i++) {
        json_t *x = json_object();
        json_object_set_new(x, "funder", json_string(in->funders[i].id));
        json_object_set_new(x, "currency", json_string(in->funders[i].currency));
        json_object_set_new(x, "budget", json_integer(in->funders[i].budget));
        json_object_set_new(x, "limit", json_integer(r->spent[i] + r->remaining[i]));
        json_object_set_new(x, "spent", json_integer(r->spent[i]));
        json_object_set_new(x, "remaining", json_integer(r->remaining[i]));
        json_array_append_new(funders, x);
    }
    json_object_set_new(j, "funders", funders);
    if (in->mode != SELECT_VCP) {
        json_t *c = json_object();
        json_object_set_new(c, "currency", json_string(in->central_currency));
        json_object_set_new(c, "central", json_integer(in->central));
        if (in->mode == SELECT_MIXED)
            json_object_set_new(c, "gap_share_percent",
                                json_real(in->gap_share_bp / 100.0));
        json_object_set_new(c, "pot", json_integer(r->central_spent +
                                                   r->central_remaining));
        json_object_set_new(c, "spent", json_integer(r->central_spent));
        json_object_set_new(c, "remaining", json_integer(r->central_remaining));
        json_object_set_new(j, "central", c);
    }
    json_object_set_new(j, "funded", json_integer(r->funded));
    json_object_set_new(j, "reserve", json_integer(r->reserve));
    json_object_set_new(j, "not_funded", json_integer(r->not_funded));
    json_object_set_new(j, "funded_score", score_json(r->funded_score));
    if (o->has_whatif) {
        const select_whatif *w = &o->what;
        json_t *x = json_object();
        json_object_set_new(x, "percent", json_integer(w->percent));
        json_object_set_new(x, "more_funded", json_integer(w->more_funded));
        json_t *fs = json_array();
        for (int32_t i = 0; i < in->nfunders; i++) {
            json_t *y = json_object();
            json_object_set_new(y, "funder", json_string(in->funders[i].id));
            json_object_set_new(y, "runs_out_at_rank",
                                w->funders[i].runs_out_at_rank
                                    ? json_integer(w->funders[i].runs_out_at_rank)
                                    : json_null());
            json_object_set_new(y, "extra_for_next",
                                json_integer(w->funders[i].extra_for_next));
            json_array_append_new(fs, y);
        }
        json_object_set_new(x, "funders", fs);
        if (in->mode != SELECT_VCP) {
            json_t *c = json_object();
            json_object_set_new(c, "runs_out_at_rank",
                                w->central_runs_out_at_rank
                                    ? json_integer(w->central_runs_out_at_rank)
                                    : json_null());
            json_object_set_new(c, "extra_for_next",
                                json_integer(w->central_extra_for_next));
            json_object_set_new(x, "central", c);
        }
        json_object_set_new(j, "whatif", x);
    }
    if (o->has_optimal) {
        json_t *x = json_object();
        json_object_set_new(x, "objective", json_string(o->objective == SELECT_MAX_COUNT
                                                            ? "count" : "score"));
        json_object_set_new(x, "funded", json_integer(o->opt.funded));
        json_object_set_new(x, "funded_score", score_json(o->opt.funded_score));
        json_object_set_new(x, "gap", json_real(o->stats.gap));
        json_object_set_new(x, "proven_optimal", json_boolean(o->stats.optimal));
        json_object_set_new(x, "bound", json_real(o->stats.bound));
        json_object_set_new(x, "seconds",
                            json_real((double)(int64_t)(o->stats.seconds * 1000.0 + 0.5) /
                                      1000.0));
        json_object_set_new(x, "nodes", json_integer(o->stats.nodes));
        json_object_set_new(j, "optimal", x);
    }
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                   JSON_REAL_PRECISION(15));
    if (text) {
        puts(text);
        free(text);
    }
    json_decref(j);
}

static void print_text(const select_files *f, const select_run_out *o)
{
    const select_input *in = &f->in;
    const select_result *r = &o->res;
    /* Proposals in the order they were considered. */
    int32_t *by_order = xmalloc(((size_t)in->nproposals + 1) * sizeof *by_order);
    for (int32_t p = 0; p < in->nproposals; p++)
        by_order[r->proposals[p].order] = p;
    printf("proposal\trank\toutcome\t%sreason\n", o->has_optimal ? "optimal\t" : "");
    for (int32_t k = 0; k < in->nproposals; k++) {
        int32_t p = by_order[k];
        printf("%s\t%d\t%s\t", in->proposals[p].id, in->proposals[p].rank,
               select_outcome_name(r->proposals[p].outcome));
        if (o->has_optimal)
            printf("%s\t", o->opt.proposals[p].outcome == SELECT_FUNDED
                               ? "funded" : "not_funded");
        printf("%s\n", o->reasons + o->reason_at[p]);
    }
    free(by_order);
    char a[MONEY_TEXT_MAX], b[MONEY_TEXT_MAX], c[MONEY_TEXT_MAX];
    printf("\nfunder\tcurrency\tbudget\tspent\tremaining\n");
    for (int32_t i = 0; i < in->nfunders; i++) {
        const char *cur = in->funders[i].currency;
        money_text(in->funders[i].budget, cur, a);
        money_text(r->spent[i], cur, b);
        money_text(r->remaining[i], cur, c);
        printf("%s\t%s\t%s\t%s\t%s\n", in->funders[i].id, cur, a, b, c);
    }
    if (in->mode != SELECT_VCP) {
        money_text(r->central_spent + r->central_remaining, in->central_currency, a);
        money_text(r->central_spent, in->central_currency, b);
        money_text(r->central_remaining, in->central_currency, c);
        printf("%s\t%s\t%s\t%s\t%s\n",
               in->mode == SELECT_MIXED ? "(gap pot)" : "(central pot)",
               in->central_currency, a, b, c);
    }
    char score[32];
    assign_format_score(r->funded_score, score, sizeof score);
    printf("\n%s mode: %d funded, %d reserve, %d not funded; funded score %s\n",
           select_mode_name(in->mode), r->funded, r->reserve, r->not_funded,
           score);
    if (o->has_whatif) {
        const select_whatif *w = &o->what;
        printf("\nwhat-if: +%d%% on every budget funds %d more proposal%s\n",
               w->percent, w->more_funded, w->more_funded == 1 ? "" : "s");
        printf("funder\truns out at rank\textra for the first proposal it blocks\n");
        for (int32_t i = 0; i < in->nfunders; i++) {
            const char *cur = in->funders[i].currency;
            money_text(w->funders[i].extra_for_next, cur, a);
            if (w->funders[i].runs_out_at_rank)
                printf("%s\t%d\t%s %s\n", in->funders[i].id,
                       w->funders[i].runs_out_at_rank, a, cur);
            else
                printf("%s\t-\t%s %s\n", in->funders[i].id, a, cur);
        }
        if (in->mode != SELECT_VCP) {
            money_text(w->central_extra_for_next, in->central_currency, a);
            const char *pot = in->mode == SELECT_MIXED ? "(gap pot)" : "(central pot)";
            if (w->central_runs_out_at_rank)
                printf("%s\t%d\t%s %s\n", pot, w->central_runs_out_at_rank, a,
                       in->central_currency);
            else
                printf("%s\t-\t%s %s\n", pot, a, in->central_currency);
        }
    }
    if (o->has_optimal) {
        assign_format_score(o->opt.funded_score, score, sizeof score);
        printf("\noptimal (%s): %d funded, funded score %s; gap %.4f%%%s, "
               "%.2f s\n",
               o->objective == SELECT_MAX_COUNT ? "most proposals" : "largest score",
               o->opt.funded, score, o->stats.gap * 100.0,
               o->stats.optimal ? " (proven optimal)" : "", o->stats.seconds);
    }
}

int cmd_select(const cli_args *a)
{
    const char *proposals = cli_opt(a, "proposals"), *budgets = cli_opt(a, "budgets"),
               *mode_s = cli_opt(a, "mode"), *central_s = cli_opt(a, "central"),
               *currency = cli_opt(a, "currency"), *gap_s = cli_opt(a, "gap-share"),
               *reserve_s = cli_opt(a, "reserve"), *whatif_s = cli_opt(a, "whatif"),
               *objective_s = cli_opt(a, "objective"),
               *limit_s = cli_opt(a, "time-limit");
    bool json = cli_flag(a, "json"), optimal = cli_flag(a, "optimal");
    if (a->npositional != 0)
        return cli_usage_error("select takes no arguments besides its options; "
                               "see serai select --help");
    if (proposals == NULL || budgets == NULL || mode_s == NULL)
        return cli_usage_error("--proposals, --budgets and --mode are required");
    select_mode mode;
    if (strcmp(mode_s, "vcp") == 0)
        mode = SELECT_VCP;
    else if (strcmp(mode_s, "rcp") == 0)
        mode = SELECT_RCP;
    else if (strcmp(mode_s, "mixed") == 0)
        mode = SELECT_MIXED;
    else
        return cli_usage_error("--mode is vcp, rcp or mixed, not \"%s\"", mode_s);
    if (mode == SELECT_VCP && (central_s || currency || gap_s))
        return cli_usage_error("--central, --currency and --gap-share apply to "
                               "rcp and mixed modes");
    if (mode == SELECT_RCP && gap_s)
        return cli_usage_error("--gap-share applies to mixed mode");
    if (mode == SELECT_MIXED && central_s == NULL)
        return cli_usage_error("mixed mode needs --central AMOUNT (minor units)");
    int64_t central = -1;
    if (central_s && !select_parse_amount(central_s, &central))
        return cli_usage_error("--central is a whole number of minor units, "
                               "not \"%s\"", central_s);
    int32_t gap_bp = 10000;
    if (gap_s && !select_parse_percent(gap_s, 10000, &gap_bp))
        return cli_usage_error("--gap-share is a percentage from 0 to 100, not "
                               "\"%s\"", gap_s);
    int64_t reserve = -1, whatif = -1;
    if (reserve_s && (reserve = whole_option(reserve_s, SELECT_MAX_PROPOSALS)) < 0)
        return cli_usage_error("--reserve is a whole number, not \"%s\"", reserve_s);
    if (whatif_s && (whatif = whole_option(whatif_s, 10000)) < 0)
        return cli_usage_error("--whatif is a percentage from 0 to 10000, not "
                               "\"%s\"", whatif_s);
    if (!optimal && (objective_s || limit_s))
        return cli_usage_error("--objective and --time-limit go with --optimal");
    select_objective objective = SELECT_MAX_SCORE;
    if (objective_s && strcmp(objective_s, "count") == 0)
        objective = SELECT_MAX_COUNT;
    else if (objective_s && strcmp(objective_s, "score") != 0)
        return cli_usage_error("--objective is score or count, not \"%s\"",
                               objective_s);
    double time_limit = 10.0;
    if (limit_s && !parse_seconds(limit_s, &time_limit))
        return cli_usage_error("--time-limit is a number of seconds above 0, "
                               "at most %.0f, not \"%s\"",
                               SELECT_MAX_TIME_LIMIT, limit_s);

    select_files f;
    select_files_init(&f);
    select_run_out o;
    memset(&o, 0, sizeof o);
    serai_err err;
    int rc;
    if ((rc = read_into(&f, budgets, select_files_budgets)) ||
        (rc = read_into(&f, proposals, select_files_proposals)))
        goto done;
    if (select_files_prepare(&f, mode, currency, central, gap_bp, &err) != SERAI_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    f.in.reserve_max = (int32_t)reserve;
    if (select_run(&f.in, &o.res, &err) != SERAI_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    o.reasons = select_files_reasons(&f, &o.res, &o.reason_at);
    if (whatif >= 0) {
        if (select_whatif_run(&f.in, &o.res, (int32_t)whatif, &o.what, &err) !=
            SERAI_OK) {
            rc = cli_fail(&err);
            goto done;
        }
        o.has_whatif = true;
    }
    if (optimal) {
        o.objective = objective;
        if (select_optimal(&f.in, objective, time_limit, &o.opt, &o.stats, &err) !=
            SERAI_OK) {
            rc = cli_fail(&err);
            goto done;
        }
        o.has_optimal = true;
    }
    if (json)
        print_json(&f, &o);
    else
        print_text(&f, &o);
done:
    free(o.reasons);
    free(o.reason_at);
    select_whatif_free(&o.what);
    select_result_free(&o.opt);
    select_result_free(&o.res);
    select_files_free(&f);
    return rc;
}
