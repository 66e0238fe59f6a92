/*
 * result_json.c -- tally and budget results as JSON (result_json.h).
 *
 * Keys are set in the order they are read, and callers print with
 * JSON_PRESERVE_ORDER: the order is part of the output that the CLI tests
 * and readers of stored results see.
 */
#include "agenda/result_json.h"

#include <stdlib.h>

#include "core/mem.h"

/* ---- tally ------------------------------------------------------------- */

static json_t *names_json(const char *const *names, const int32_t *who, int32_t n)
{
    json_t *a = json_array();
    for (int32_t k = 0; k < n; k++)
        json_array_append_new(a, json_string(names[who[k]]));
    return a;
}

static json_t *matrix_json(const int64_t *m, int32_t C)
{
    json_t *rows = json_array();
    for (int32_t i = 0; i < C; i++) {
        json_t *row = json_array();
        for (int32_t j = 0; j < C; j++)
            json_array_append_new(row, json_integer(m[(size_t)i * C + j]));
        json_array_append_new(rows, row);
    }
    return rows;
}

/* Candidates best first, those sharing a place in one group. */
static json_t *ranking_json(const tally_result *r, const char *const *names)
{
    json_t *groups = json_array();
    for (int32_t k = 0; k < r->ncand;) {
        int32_t e = k;
        while (e < r->ncand && r->place[r->order[e]] == r->place[r->order[k]])
            e++;
        json_array_append_new(groups, names_json(names, r->order + k, e - k));
        k = e;
    }
    return groups;
}

/* Schulze: every winner's strongest path to each other candidate. */
static void schulze_json(json_t *x, const tally_result *r, const char *const *names)
{
    int32_t C = r->ncand;
    json_object_set_new(x, "strongest_paths", matrix_json(r->strongest, C));
    json_t *paths = json_array();
    int32_t *path = xmalloc((size_t)C * sizeof *path);
    for (int32_t w = 0; w < r->nwinners; w++)
        for (int32_t c = 0; c < C; c++) {
            int32_t i = r->order[w];
            if (c == i)
                continue;
            json_t *o = json_object();
            json_object_set_new(o, "from", json_string(names[i]));
            json_object_set_new(o, "to", json_string(names[c]));
            json_object_set_new(o, "strength", json_integer(r->strongest[(size_t)i * C + c]));
            json_object_set_new(o, "against", json_integer(r->strongest[(size_t)c * C + i]));
            json_object_set_new(o, "path",
                                names_json(names, path, tally_strongest_path(r, i, c, path)));
            json_array_append_new(paths, o);
        }
    free(path);
    json_object_set_new(x, "winner_paths", paths);
}

static void ranked_pairs_json(json_t *x, const tally_result *r, const char *const *names)
{
    json_t *pairs = json_array();
    for (int32_t k = 0; k < r->npairs; k++) {
        const tally_pair *p = &r->pairs[k];
        json_t *o = json_object();
        json_object_set_new(o, "winner", json_string(names[p->winner]));
        json_object_set_new(o, "loser", json_string(names[p->loser]));
        json_object_set_new(o, "support", json_integer(p->support));
        json_object_set_new(o, "opposition", json_integer(p->opposition));
        json_object_set_new(o, "locked", json_boolean(p->locked));
        json_array_append_new(pairs, o);
    }
    json_object_set_new(x, "pairs", pairs);
}

static void irv_json(json_t *x, const tally_result *r, const char *const *names)
{
    json_t *rounds = json_array();
    for (int32_t k = 0; k < r->nrounds; k++) {
        const tally_round *rd = &r->rounds[k];
        json_t *o = json_object(), *votes = json_array();
        json_object_set_new(o, "round", json_integer(k + 1));
        for (int32_t c = 0; c < r->ncand; c++) {
            if (rd->votes[c] < 0)
                continue; /* eliminated before this round */
            json_t *v = json_object();
            json_object_set_new(v, "candidate", json_string(names[c]));
            json_object_set_new(v, "votes", json_integer(rd->votes[c]));
            json_array_append_new(votes, v);
        }
        json_object_set_new(o, "votes", votes);
        json_object_set_new(o, "inactive", json_integer(rd->inactive));
        json_object_set_new(o, "eliminated", rd->eliminated < 0
                                                 ? json_null()
                                                 : json_string(names[rd->eliminated]));
        json_object_set_new(o, "tie_broken", json_boolean(rd->tie_broken));
        json_array_append_new(rounds, o);
    }
    json_object_set_new(x, "rounds", rounds);
}

json_t *tally_result_json(const tally_result *r, const char *const *names)
{
    json_t *j = json_object();
    json_object_set_new(j, "method", json_string(tally_method_name(r->method)));
    json_t *cands = json_array();
    for (int32_t c = 0; c < r->ncand; c++)
        json_array_append_new(cands, json_string(names[c]));
    json_object_set_new(j, "candidates", cands);
    json_object_set_new(j, "ballots", json_integer(r->total_weight));
    json_object_set_new(j, "distinct_ballots", json_integer(r->nunique));
    json_object_set_new(j, "winners", names_json(names, r->order, r->nwinners));
    json_object_set_new(j, "ranking", ranking_json(r, names));
    if (r->pairwise)
        json_object_set_new(j, "pairwise", matrix_json(r->pairwise, r->ncand));
    if (r->method == TALLY_SCHULZE)
        schulze_json(j, r, names);
    else if (r->method == TALLY_RANKED_PAIRS)
        ranked_pairs_json(j, r, names);
    else if (r->method == TALLY_IRV)
        irv_json(j, r, names);
    if (r->points) {
        json_t *pts = json_array();
        for (int32_t k = 0; k < r->ncand; k++) {
            json_t *o = json_object();
            json_object_set_new(o, "candidate", json_string(names[r->order[k]]));
            json_object_set_new(o, "points", json_integer(r->points[r->order[k]]));
            json_array_append_new(pts, o);
        }
        json_object_set_new(j, "points", pts);
    }
    return j;
}

/* ---- budget ------------------------------------------------------------ */

typedef struct money_fmt {
    json_t *(*money)(void *ctx, int64_t minor);
    void *ctx;
} money_fmt;

static json_t *money_json(const money_fmt *m, int64_t minor)
{
    return m->money ? m->money(m->ctx, minor) : json_integer(minor);
}

/* The Pabulib names, which budget_files.c reads. */
static const char *vote_type_name(budget_vote_type t)
{
    switch (t) {
    case BUDGET_APPROVAL:
        return "approval";
    case BUDGET_CUMULATIVE:
        return "cumulative";
    case BUDGET_SCORING:
        return "scoring";
    case BUDGET_ORDINAL:
        return "ordinal";
    case BUDGET_CHOOSE1:
        return "choose-1";
    }
    return "unknown";
}

static json_t *ids_json(const char *const *ids, const uint32_t *p, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_string(ids[p[i]]));
    return arr;
}

static json_t *greedy_json(const budget_election *e, const budget_result *r,
                           const char *const *ids, const money_fmt *m)
{
    json_t *steps = json_array(), *skipped = json_array();
    for (size_t i = 0; i < r->nsteps; i++) {
        const budget_greedy_step *s = &r->steps[i];
        json_t *o = json_object();
        json_object_set_new(o, "project", json_string(ids[s->project]));
        json_object_set_new(o, "score", json_integer(s->score));
        json_object_set_new(o, "cost", money_json(m, e->cost[s->project]));
        json_object_set_new(o, "funded", json_boolean(s->funded));
        json_object_set_new(o, "left", money_json(m, s->left_after));
        json_array_append_new(steps, o);
        if (!s->funded)
            json_array_append_new(skipped, json_string(ids[s->project]));
    }
    json_t *j = json_object();
    json_object_set_new(j, "steps", steps);
    json_object_set_new(j, "skipped_not_fitting", skipped);
    return j;
}

static json_t *mes_json(const budget_election *e, const budget_result *r,
                        const char *const *ids, const money_fmt *m)
{
    json_t *rounds = json_array();
    for (size_t i = 0; i < r->nrounds; i++) {
        const budget_mes_round *x = &r->rounds[i];
        json_t *o = json_object();
        json_object_set_new(o, "round", json_integer((json_int_t)i + 1));
        json_object_set_new(o, "project", json_string(ids[x->project]));
        json_object_set_new(o, "cost", money_json(m, x->cost));
        json_object_set_new(o, "supporters", json_integer(x->supporters));
        json_object_set_new(o, "rho", json_real(x->rho));
        json_object_set_new(o, "effective_votes", json_real(x->effective_votes));
        /* shares are in currency units, like the per-voter endowment */
        json_object_set_new(o, "share", json_real(x->share / (double)e->unit));
        json_object_set_new(o, "paid_share", json_integer(x->payers_full));
        json_object_set_new(o, "paid_all_they_had", json_integer(x->payers_all_in));
        json_object_set_new(o, "paid_by_those", money_json(m, x->paid_all_in));
        json_object_set_new(o, "had_nothing_left", json_integer(x->payers_none));
        json_object_set_new(o, "supporters_left", money_json(m, x->left_supporters));
        json_object_set_new(o, "all_left", money_json(m, x->left_all));
        json_array_append_new(rounds, o);
    }
    json_t *j = json_object();
    int64_t w = budget_total_weight(e); /* the endowment is per unit of weight */
    double per_voter = w ? (double)r->endowment_num / (double)w / (double)e->unit : 0;
    json_object_set_new(j, "endowment_total", money_json(m, r->endowment_num));
    json_object_set_new(j, "endowment_per_voter", json_real(per_voter));
    json_object_set_new(j, "add1_steps", json_integer(r->add1_steps));
    json_object_set_new(j, "rounds", rounds);
    json_object_set_new(j, "ties", json_integer((json_int_t)r->nties));
    json_object_set_new(j, "completed_greedily",
                        ids_json(ids, r->selected + (r->nselected - r->ncompleted),
                                 r->ncompleted));
    return j;
}

json_t *budget_result_json(const budget_election *e, const budget_result *r,
                           const budget_mes_options *mes, const char *const *ids,
                           json_t *(*money)(void *ctx, int64_t minor), void *ctx)
{
    money_fmt m = {money, ctx};
    json_t *j = json_object();
    json_object_set_new(j, "method", json_string(mes ? "mes" : "greedy"));
    json_object_set_new(j, "selected", ids_json(ids, r->selected, r->nselected));
    json_object_set_new(j, "spent", money_json(&m, r->spent));
    json_object_set_new(j, "budget", money_json(&m, e->budget));
    json_object_set_new(j, "projects", json_integer((json_int_t)e->nprojects));
    json_object_set_new(j, "voters", json_integer((json_int_t)e->nvoters));
    json_object_set_new(j, "vote_type", json_string(vote_type_name(e->vote_type)));
    json_object_set_new(j, mes ? "equal_shares" : "greedy",
                        mes ? mes_json(e, r, ids, &m) : greedy_json(e, r, ids, &m));
    if (mes && mes->comparison) {
        json_t *c = json_object();
        json_object_set_new(c, "prefer_equal_shares", json_integer(r->prefer_mes));
        json_object_set_new(c, "prefer_greedy", json_integer(r->prefer_greedy));
        json_object_set_new(c, "kept_greedy", json_boolean(r->comparison_kept_greedy));
        json_object_set_new(j, "comparison", c);
    }
    return j;
}
