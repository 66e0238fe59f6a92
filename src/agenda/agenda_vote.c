/*
 * agenda_vote.c -- ballots of an agenda process, their count under the
 * process's weighting, the consensus across groups, adoption, and the
 * adopted agenda from issue to money (docs/agenda.md).
 *
 * The count turns the stored ballots into the plain input of the pure
 * engines (tally.c, budget.c, consensus.c): one row of marks and one
 * integer weight per ballot.  A member's weight is split equally among the
 * ballots of its delegation; to keep that exact every weight is multiplied
 * by L, the least common multiple of the delegation sizes (at most
 * lcm(1..AGENDA_MAX_DELEGATES) = 27,720), and the result names L as its
 * "scale".
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda/agenda.h"
#include "agenda/agenda_internal.h"
#include "audit/audit.h"
#include "agenda/budget.h"
#include "agenda/consensus.h"
#include "agenda/result_json.h"
#include "agenda/tally.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/mem.h"
#include "registry/money.h"
#include "store/rows.h"

/* The spread of group support from which an issue counts as divisive. */
#define AGENDA_DIVISIVE_SPREAD 0.5

/* ---- the candidates: issues in consultation, in the order proposed ---- */

typedef struct candidates {
    int32_t n;
    int64_t *id;
    char **code;
    int64_t *cost;
} candidates;

static void candidates_free(candidates *c)
{
    for (int32_t i = 0; i < c->n; i++)
        free(c->code[i]);
    free(c->code);
    free(c->id);
    free(c->cost);
    *c = (candidates){0};
}

static serai_code candidates_load(store *s, int64_t process_id, candidates *c,
                                  serai_err *err)
{
    *c = (candidates){0};
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT id, code, cost FROM agenda_issue WHERE "
                                     "process_id = $1 AND status = 'consultation' ORDER BY id",
                                  &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, process_id);
    c->id = xcalloc(AGENDA_MAX_ISSUES, sizeof *c->id);
    c->code = xcalloc(AGENDA_MAX_ISSUES, sizeof *c->code);
    c->cost = xcalloc(AGENDA_MAX_ISSUES, sizeof *c->cost);
    int r;
    while ((r = store_step(st, err)) == STORE_ROW && c->n < AGENDA_MAX_ISSUES) {
        c->id[c->n] = store_col_int64(st, 0);
        c->code[c->n] = xstrdup(store_col_text(st, 1));
        c->cost[c->n] = store_col_int64(st, 2);
        c->n++;
    }
    store_reset(st);
    return r == STORE_ERROR ? err->code : SERAI_OK;
}

static int32_t candidate_index(const candidates *c, const char *code)
{
    for (int32_t i = 0; i < c->n; i++)
        if (strcmp(c->code[i], code) == 0)
            return i;
    return -1;
}

/* ---- ballots ---- */

/* Check marks against the candidates and the ballot kind; fills row
 * (c->n marks).  Errors name "/marks/CODE". */
static serai_code read_marks(const agenda_process_info *p, const candidates *c,
                             json_t *marks, int32_t *row, serai_err *err)
{
    if (!json_is_object(marks))
        return serai_fail(err, SERAI_EINVAL, "/marks",
                          "marks is an object of issue code -> mark");
    memset(row, 0, (size_t)c->n * sizeof *row);
    const char *code;
    json_t *v;
    json_object_foreach(marks, code, v) {
        char field[48];
        snprintf(field, sizeof field, "/marks/%.24s", code);
        int32_t i = candidate_index(c, code);
        if (i < 0)
            return serai_fail(err, SERAI_EINVAL, field,
                              "no issue %.24s on this ballot (the issues in consultation "
                              "are the candidates)", code);
        if (!json_is_integer(v))
            return serai_fail(err, SERAI_EINVAL, field, "a mark is a whole number");
        json_int_t m = json_integer_value(v);
        if (strcmp(p->ballot, "ranked") == 0) {
            if (m < 0 || m > c->n)
                return serai_fail(err, SERAI_EINVAL, field,
                                  "a rank is 1 (best) to %d, or 0 for unranked", c->n);
        } else if (strcmp(p->ballot, "score") == 0) {
            if (m < 0 || m > p->max_score)
                return serai_fail(err, SERAI_EINVAL, field,
                                  "a score is 0 to %" PRId64, p->max_score);
        } else if (m != 0 && m != 1) {
            return serai_fail(err, SERAI_EINVAL, field,
                              "on %s ballots 1 approves and 0 does not", p->ballot);
        }
        row[i] = (int32_t)m;
    }
    return SERAI_OK;
}

static json_t *ballot_row(store_stmt *st)
{
    json_t *marks = json_loads(store_col_text(st, 4), 0, NULL);
    return json_pack("{s:I, s:I, s:I, s:s, s:I, s:o, s:s}", "id",
                     (json_int_t)store_col_int64(st, 0), "process_id",
                     (json_int_t)store_col_int64(st, 1), "member_id",
                     (json_int_t)store_col_int64(st, 2), "member", store_col_text(st, 3),
                     "account_id", (json_int_t)store_col_int64(st, 5), "marks",
                     marks ? marks : json_object(), "created_at", store_col_text(st, 6));
}

#define BALLOT_COLUMNS                                                                 \
    "SELECT b.id, b.process_id, b.membership_id, COALESCE(m.country, o.name), b.marks, " \
    "b.account_id, b.created_at FROM agenda_ballot b JOIN membership m ON m.id = "      \
    "b.membership_id LEFT JOIN organization o ON o.id = m.org_id "

serai_code agenda_ballot_cast(store *s, const actor *who, int64_t process_id, json_t *body,
                              json_t **out, serai_err *err)
{
    static const char *const keys[] = {"marks", "member", NULL};
    *out = NULL;
    serai_code rc = SERAI_OK;
    if (who->role != ROLE_DELEGATE || !who->account_id)
        rc = serai_fail(err, who->role == ROLE_PUBLIC ? SERAI_EUNAUTH : SERAI_EFORBIDDEN,
                        NULL, "ballots are cast by members' delegates");
    if (rc == SERAI_OK)
        rc = json_only_keys(body, keys, "", err);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    agenda_process_info p;
    candidates c = {0};
    int64_t member = 0, mine = 0, delegation = 0, id = 0;
    if ((rc = agenda_process_load(s, process_id, &p, err)) == SERAI_OK)
        rc = agenda_need_phase(&p, 1u << PHASE_VOTING, "ballots", err);
    if (rc == SERAI_OK)
        rc = agenda_acting_member(s, who, process_id, body, true, &member, err);
    if (rc == SERAI_OK) {
        store_stmt *q;
        if ((rc = store_prepare(s, "SELECT id FROM agenda_ballot WHERE process_id = $1 AND "
                                   "account_id = $2", &q, err)) == SERAI_OK) {
            store_bind_int64(q, 1, process_id);
            store_bind_int64(q, 2, who->account_id);
            int r = store_step(q, err);
            mine = r == STORE_ROW ? store_col_int64(q, 0) : 0;
            store_reset(q);
            if (r == STORE_ERROR)
                rc = err->code;
        }
    }
    if (rc == SERAI_OK && mine)
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "you have cast a ballot in %s already (ballot %" PRId64 "); "
                        "withdraw it to vote again", p.code, mine);
    if (rc == SERAI_OK) {
        store_stmt *q;
        if ((rc = store_prepare(s, "SELECT count(*) FROM agenda_ballot WHERE process_id = "
                                   "$1 AND membership_id = $2", &q, err)) == SERAI_OK) {
            store_bind_int64(q, 1, process_id);
            store_bind_int64(q, 2, member);
            int r = store_step(q, err);
            delegation = r == STORE_ROW ? store_col_int64(q, 0) : 0;
            store_reset(q);
            if (r == STORE_ERROR)
                rc = err->code;
        }
    }
    if (rc == SERAI_OK && delegation >= AGENDA_MAX_DELEGATES)
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "a delegation casts at most %d ballots", AGENDA_MAX_DELEGATES);
    if (rc == SERAI_OK)
        rc = candidates_load(s, process_id, &c, err);
    int32_t *row = c.n ? xcalloc((size_t)c.n, sizeof *row) : NULL;
    if (rc == SERAI_OK)
        rc = read_marks(&p, &c, json_object_get(body, "marks"), row, err);
    /* Stored canonically: every candidate, by code. */
    json_t *canon = json_object();
    for (int32_t i = 0; rc == SERAI_OK && i < c.n; i++)
        json_object_set_new(canon, c.code[i], json_integer(row[i]));
    free(row);
    candidates_free(&c);
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    store_stmt *st;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "INSERT INTO agenda_ballot (process_id, account_id, "
                               "membership_id, marks, created_at) VALUES ($1, $2, $3, $4, "
                               "$5) RETURNING id", &st, err)) == SERAI_OK) {
        char *text = json_dumps(canon, JSON_COMPACT | JSON_SORT_KEYS);
        store_bind_int64(st, 1, process_id);
        store_bind_int64(st, 2, who->account_id);
        store_bind_int64(st, 3, member);
        store_bind_text(st, 4, text);
        store_bind_text(st, 5, now);
        free(text);
        int r = store_step(st, err);
        if (r == STORE_ROW)
            id = store_col_int64(st, 0);
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code;
    }
    json_decref(canon);
    if (rc == SERAI_OK && (rc = store_prepare(s, BALLOT_COLUMNS "WHERE b.id = $1", &st,
                                              err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        if (store_step(st, err) == STORE_ROW)
            *out = ballot_row(st);
        store_reset(st);
        if (!*out)
            rc = serai_fail(err, SERAI_EINTERNAL, NULL, "the ballot just cast is gone");
    }
    return audit_finish(s, who, "agenda_process", process_id, "agenda.ballot", rc, out,
                         err);
}

serai_code agenda_ballot_withdraw(store *s, const actor *who, int64_t process_id,
                                  json_t **out, serai_err *err)
{
    *out = NULL;
    serai_code rc = SERAI_OK;
    if (who->role != ROLE_DELEGATE || !who->account_id)
        rc = serai_fail(err, who->role == ROLE_PUBLIC ? SERAI_EUNAUTH : SERAI_EFORBIDDEN,
                        NULL, "ballots are withdrawn by the delegate who cast them");
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    agenda_process_info p;
    if ((rc = agenda_process_load(s, process_id, &p, err)) == SERAI_OK)
        rc = agenda_need_phase(&p, 1u << PHASE_VOTING, "ballots", err);
    store_stmt *st;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "DELETE FROM agenda_ballot WHERE process_id = $1 AND "
                               "account_id = $2", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, process_id);
        store_bind_int64(st, 2, who->account_id);
        int64_t gone = 0;
        rc = store_run(st, &gone, err);
        if (rc == SERAI_OK && gone == 0)
            rc = serai_fail(err, SERAI_ENOTFOUND, NULL, "you have no ballot in %s", p.code);
    }
    if (rc == SERAI_OK)
        *out = json_pack("{s:I, s:b}", "process_id", (json_int_t)process_id, "withdrawn", 1);
    return audit_finish(s, who, "agenda_process", process_id, "agenda.ballot.withdraw", rc,
                         out, err);
}

serai_code agenda_ballot_list(store *s, const actor *who, int64_t process_id, json_t **out,
                              serai_err *err)
{
    *out = NULL;
    bool all = who->role == ROLE_SECRETARIAT || who->role == ROLE_OBSERVER;
    if (!all && who->role != ROLE_DELEGATE)
        return serai_fail(err, who->role == ROLE_PUBLIC ? SERAI_EUNAUTH : SERAI_EFORBIDDEN,
                          NULL, "the secretariat and observers read ballots, a delegate "
                                "its own; the adopted result shows every member's");
    agenda_process_info p;
    serai_code rc = agenda_process_load(s, process_id, &p, err);
    store_stmt *st;
    if (rc != SERAI_OK ||
        (rc = store_prepare(s, BALLOT_COLUMNS "WHERE b.process_id = $1 AND ($2 = 0 OR "
                               "b.account_id = $2) ORDER BY b.id", &st, err)) != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, process_id);
    store_bind_int64(st, 2, all ? 0 : who->account_id);
    return rows_all(st, ballot_row, out, err);
}

/* ---- the count ---- */

typedef struct vote_member {
    int64_t id;
    char *label;
    char *group;
    int64_t contribution;
    int32_t ballots;   /* its delegation's ballots */
    int32_t gidx;      /* index of its group among the groups that voted */
} vote_member;

typedef struct count_input {
    candidates cand;
    vote_member *members;
    size_t nmembers;
    int64_t nballots;
    int32_t *marks;     /* [nballots * ncand] */
    size_t *owner;      /* [nballots] index into members */
    int64_t *weight;    /* [nballots] */
    int64_t scale;      /* L */
} count_input;

static void count_input_free(count_input *in)
{
    candidates_free(&in->cand);
    for (size_t m = 0; m < in->nmembers; m++) {
        free(in->members[m].label);
        free(in->members[m].group);
    }
    free(in->members);
    free(in->marks);
    free(in->owner);
    free(in->weight);
}

static int64_t gcd64(int64_t a, int64_t b)
{
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static serai_code load_members(store *s, int64_t process_id, count_input *in,
                               serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT am.membership_id, COALESCE(m.country, o.name), am.grp, am.contribution "
           "FROM agenda_member am JOIN membership m ON m.id = am.membership_id LEFT JOIN "
           "organization o ON o.id = m.org_id WHERE am.process_id = $1 ORDER BY "
           "am.membership_id", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, process_id);
    size_t cap = 0;
    int r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        if (in->nmembers == cap) {
            cap = cap ? cap * 2 : 64;
            in->members = xreallocarray(in->members, cap, sizeof *in->members);
        }
        in->members[in->nmembers++] = (vote_member){
            .id = store_col_int64(st, 0), .label = xstrdup(store_col_text(st, 1)),
            .group = xstrdup(store_col_text(st, 2)),
            .contribution = store_col_int64(st, 3), .gidx = -1};
    }
    store_reset(st);
    return r == STORE_ERROR ? err->code : SERAI_OK;
}

static size_t member_index(const count_input *in, int64_t id)
{
    size_t lo = 0, hi = in->nmembers;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (in->members[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static serai_code load_ballots(store *s, const agenda_process_info *p, count_input *in,
                               serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT membership_id, marks FROM agenda_ballot WHERE "
                                     "process_id = $1 ORDER BY id", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, p->id);
    size_t cap = 0, C = (size_t)in->cand.n;
    int r;
    while (rc == SERAI_OK && (r = store_step(st, err)) == STORE_ROW) {
        size_t m = member_index(in, store_col_int64(st, 0));
        if (m == in->nmembers || in->members[m].id != store_col_int64(st, 0))
            continue; /* not a member any more: cannot happen after voting opened */
        if ((size_t)in->nballots == cap) {
            cap = cap ? cap * 2 : 64;
            in->marks = xreallocarray(in->marks, cap * (C ? C : 1), sizeof *in->marks);
            in->owner = xreallocarray(in->owner, cap, sizeof *in->owner);
        }
        json_t *marks = json_loads(store_col_text(st, 1), 0, NULL);
        int32_t *row = in->marks + (size_t)in->nballots * C;
        /* Stored ballots passed read_marks; read them back the same way. */
        rc = read_marks(p, &in->cand, marks, row, err);
        json_decref(marks);
        in->owner[in->nballots++] = m;
        in->members[m].ballots++;
    }
    store_reset(st);
    if (rc == SERAI_OK && r == STORE_ERROR)
        rc = err->code;
    return rc;
}

/* Ballot weights under the process's weighting, scaled by L. */
static serai_code weigh(const agenda_process_info *p, count_input *in, serai_err *err)
{
    int64_t L = 1, g = 0;
    for (size_t m = 0; m < in->nmembers; m++) {
        int64_t k = in->members[m].ballots;
        if (k)
            L = L / gcd64(L, k) * k;
        if (k && in->members[m].contribution)
            g = gcd64(g, in->members[m].contribution);
    }
    in->scale = L;
    bool by_contribution = strcmp(p->weighting, "contribution") == 0;
    in->weight = xcalloc((size_t)in->nballots ? (size_t)in->nballots : 1, sizeof *in->weight);
    for (int64_t b = 0; b < in->nballots; b++) {
        const vote_member *vm = &in->members[in->owner[b]];
        int64_t w = by_contribution ? (g ? vm->contribution / g : 0) : 1;
        if (__builtin_mul_overflow(w, L / vm->ballots, &in->weight[b]))
            return serai_fail(err, SERAI_ETOOLARGE, "/members",
                              "contributions too large to weigh exactly");
    }
    return SERAI_OK;
}

/* Whether ballot b supports candidate i: ranks, approves or scores it. */
static bool supports(const count_input *in, int64_t b, int32_t i)
{
    return in->marks[(size_t)b * (size_t)in->cand.n + (size_t)i] > 0;
}

/* Per issue: the double majority test, with exact integers. */
static json_t *double_majority(const count_input *in, bool *passes)
{
    int32_t C = in->cand.n;
    __int128 members_voting = 0, contribution_voting = 0;
    int64_t contribution_sum = 0;
    for (size_t m = 0; m < in->nmembers; m++)
        if (in->members[m].ballots) {
            members_voting += in->scale;
            contribution_voting += (__int128)in->members[m].contribution * in->scale;
            contribution_sum += in->members[m].contribution;
        }
    json_t *items = json_array();
    for (int32_t i = 0; i < C; i++) {
        __int128 mf = 0, cf = 0;
        for (int64_t b = 0; b < in->nballots; b++)
            if (supports(in, b, i)) {
                const vote_member *vm = &in->members[in->owner[b]];
                int64_t share = in->scale / vm->ballots;
                mf += share;
                cf += (__int128)vm->contribution * share;
            }
        passes[i] = 2 * mf > members_voting && 2 * cf > contribution_voting;
        json_array_append_new(
            items, json_pack("{s:s, s:f, s:I, s:I, s:I, s:b}", "issue", in->cand.code[i],
                             "members_for", (double)mf / (double)in->scale, "members_voting",
                             (json_int_t)(members_voting / in->scale), "contribution_for",
                             (json_int_t)(cf / in->scale), "contribution_voting",
                             (json_int_t)contribution_sum, "passes", passes[i]));
    }
    return items;
}

/* Support per group, consensus ranking and divisive issues. */
static serai_code consensus_json(count_input *in, json_t **out, serai_err *err)
{
    /* Groups that voted, in the order of their names. */
    const char **groups = xcalloc(in->nmembers + 1, sizeof *groups);
    int32_t ng = 0;
    for (size_t m = 0; m < in->nmembers; m++) {
        if (!in->members[m].ballots)
            continue;
        int32_t g = 0;
        while (g < ng && strcmp(groups[g], in->members[m].group) != 0)
            g++;
        if (g == ng)
            groups[ng++] = in->members[m].group;
    }
    for (int32_t a = 1; a < ng; a++)
        for (int32_t b = a; b > 0 && strcmp(groups[b - 1], groups[b]) > 0; b--) {
            const char *t = groups[b];
            groups[b] = groups[b - 1];
            groups[b - 1] = t;
        }
    for (size_t m = 0; m < in->nmembers; m++) {
        in->members[m].gidx = -1;
        for (int32_t g = 0; g < ng; g++)
            if (in->members[m].ballots && strcmp(groups[g], in->members[m].group) == 0)
                in->members[m].gidx = g;
    }
    int32_t C = in->cand.n;
    int64_t *support = xcalloc((size_t)(ng ? ng : 1) * (size_t)C, sizeof *support);
    int64_t *voting = xcalloc((size_t)(ng ? ng : 1), sizeof *voting);
    for (size_t m = 0; m < in->nmembers; m++)
        if (in->members[m].gidx >= 0)
            voting[in->members[m].gidx] += in->scale;
    for (int64_t b = 0; b < in->nballots; b++) {
        const vote_member *vm = &in->members[in->owner[b]];
        for (int32_t i = 0; i < C; i++)
            if (supports(in, b, i))
                support[(size_t)vm->gidx * (size_t)C + (size_t)i] += in->scale / vm->ballots;
    }
    consensus_input ci = {.nissues = C, .ngroups = ng, .support = support,
                          .voting = voting, .scale = in->scale};
    consensus_result cr = {0};
    serai_code rc = ng ? consensus_run(&ci, AGENDA_DIVISIVE_SPREAD, &cr, err) : SERAI_OK;
    if (rc == SERAI_OK && ng) {
        json_t *issues = json_array(), *order = json_array(), *divisive = json_array();
        for (int32_t i = 0; i < C; i++) {
            json_t *by_group = json_object();
            for (int32_t g = 0; g < ng; g++)
                json_object_set_new(
                    by_group, groups[g],
                    json_pack("{s:f, s:f, s:f}", "support",
                              (double)support[(size_t)g * (size_t)C + (size_t)i] /
                                  (double)in->scale,
                              "voting", (double)voting[g] / (double)in->scale, "share",
                              cr.share[(size_t)g * (size_t)C + (size_t)i]));
            json_array_append_new(issues,
                                  json_pack("{s:s, s:o, s:f, s:f, s:b}", "issue",
                                            in->cand.code[i], "groups", by_group, "score",
                                            cr.score[i], "spread", cr.spread[i],
                                            "divisive", cr.divisive[i]));
            if (cr.divisive[i]) {
                json_t *for_ = json_array(), *against = json_array();
                for (int32_t g = 0; g < ng; g++) {
                    int64_t sup = support[(size_t)g * (size_t)C + (size_t)i];
                    if (2 * sup > voting[g])
                        json_array_append_new(for_, json_string(groups[g]));
                    else if (2 * sup < voting[g])
                        json_array_append_new(against, json_string(groups[g]));
                }
                json_array_append_new(divisive,
                                      json_pack("{s:s, s:f, s:o, s:o}", "issue",
                                                in->cand.code[i], "spread", cr.spread[i],
                                                "majority_in", for_, "minority_in",
                                                against));
            }
        }
        for (int32_t k = 0; k < C; k++)
            json_array_append_new(order, json_string(in->cand.code[cr.order[k]]));
        *out = json_pack("{s:o, s:o, s:o, s:f}", "issues", issues, "ranking", order,
                         "divisive", divisive, "divisive_spread", AGENDA_DIVISIVE_SPREAD);
    } else if (rc == SERAI_OK) {
        *out = json_pack("{s:[], s:[], s:[]}", "issues", "ranking", "divisive");
    }
    consensus_result_free(&cr);
    free(support);
    free(voting);
    free(groups);
    return rc;
}

/* Run the process's method: the ranking (places per candidate, 1 best, ties
 * equal) and the explanation. */
static serai_code run_method(const agenda_process_info *p, const count_input *in,
                             int32_t *place, json_t **explanation, serai_err *err)
{
    int32_t C = in->cand.n;
    const char *const *names = (const char *const *)in->cand.code;
    if (strcmp(p->ballot, "budget") != 0) {
        tally_method method;
        if (!tally_method_parse(p->method, &method))
            return serai_fail(err, SERAI_EINTERNAL, NULL, "unknown method %s", p->method);
        tally_input ti = {.ncand = C, .nballots = in->nballots, .marks = in->marks,
                          .weights = in->weight};
        tally_result tr = {0};
        serai_code rc = tally_run(&ti, method, &tr, err);
        if (rc == SERAI_OK) {
            memcpy(place, tr.place, (size_t)C * sizeof *place);
            *explanation = tally_result_json(&tr, names);
        }
        tally_result_free(&tr);
        return rc;
    }
    /* Budget ballots: approvals of the ballots that carry weight. */
    size_t nv = 0, total = 0;
    for (int64_t b = 0; b < in->nballots; b++)
        if (in->weight[b] > 0)
            nv++;
    size_t *start = xcalloc(nv + 1, sizeof *start);
    uint32_t *project = xcalloc((size_t)in->nballots * (size_t)C + 1, sizeof *project);
    int64_t *points = xcalloc((size_t)in->nballots * (size_t)C + 1, sizeof *points);
    int64_t *weight = xcalloc(nv + 1, sizeof *weight);
    size_t v = 0;
    for (int64_t b = 0; b < in->nballots; b++) {
        if (in->weight[b] <= 0)
            continue;
        start[v] = total;
        weight[v] = in->weight[b];
        for (int32_t i = 0; i < C; i++)
            if (supports(in, b, i)) {
                project[total] = (uint32_t)i;
                points[total++] = 1;
            }
        v++;
    }
    start[nv] = total;
    int exp = money_exponent(p->currency);
    int64_t unit = 1;
    for (int k = 0; k < exp; k++)
        unit *= 10;
    budget_election e = {.nprojects = (size_t)C, .cost = in->cand.cost, .budget = p->budget,
                         .unit = unit, .vote_type = BUDGET_APPROVAL, .nvoters = nv,
                         .ballot_start = start, .ballot_project = project,
                         .ballot_points = points, .voter_weight = weight};
    budget_mes_options opt = {.completion = BUDGET_COMPLETE_ADD1, .then_greedy = true};
    budget_result br = {0};
    bool mes = strcmp(p->method, "mes") == 0;
    serai_code rc = mes ? budget_mes(&e, &opt, &br, err) : budget_greedy(&e, &br, err);
    if (rc == SERAI_OK) {
        for (int32_t i = 0; i < C; i++)
            place[i] = (int32_t)br.nselected + 1;
        for (size_t k = 0; k < br.nselected; k++)
            place[br.selected[k]] = (int32_t)k + 1;
        *explanation = budget_result_json(&e, &br, mes ? &opt : NULL, names, NULL, NULL);
    }
    budget_result_free(&br);
    free(start);
    free(project);
    free(points);
    free(weight);
    return rc;
}

/* Write each candidate's place and status, and close the issues that never
 * reached the consultation. */
static serai_code write_outcome(store *s, const agenda_process_info *p,
                                const count_input *in, const int32_t *place,
                                const bool *adopted, serai_err *err)
{
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    store_stmt *st;
    serai_code rc = store_prepare(s, "UPDATE agenda_issue SET place = $2, status = $3, "
                                     "updated_at = $4 WHERE id = $1", &st, err);
    for (int32_t i = 0; rc == SERAI_OK && i < in->cand.n; i++) {
        store_bind_int64(st, 1, in->cand.id[i]);
        store_bind_int64(st, 2, place[i]);
        store_bind_text(st, 3, adopted[i] ? "adopted" : "not_adopted");
        store_bind_text(st, 4, now);
        rc = store_run(st, NULL, err);
    }
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "UPDATE agenda_issue SET status = 'not_adopted', updated_at "
                               "= $2 WHERE process_id = $1 AND status = 'proposed'",
                            &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, p->id);
        store_bind_text(st, 2, now);
        rc = store_run(st, NULL, err);
    }
    return rc;
}

serai_code agenda_count(store *s, const agenda_process_info *p, bool adopt, json_t **out,
                        serai_err *err)
{
    *out = NULL;
    count_input in = {0};
    serai_code rc = candidates_load(s, p->id, &in.cand, err);
    if (rc == SERAI_OK && in.cand.n == 0)
        rc = serai_fail(err, SERAI_ECONFLICT, NULL, "no issue is on the ballot");
    if (rc == SERAI_OK)
        rc = load_members(s, p->id, &in, err);
    if (rc == SERAI_OK)
        rc = load_ballots(s, p, &in, err);
    if (rc == SERAI_OK && in.nballots == 0)
        rc = serai_fail(err, SERAI_ECONFLICT, NULL, "no ballot was cast in %s", p->code);
    if (rc == SERAI_OK)
        rc = weigh(p, &in, err);
    int32_t C = in.cand.n;
    int32_t *place = xcalloc((size_t)C + 1, sizeof *place);
    bool *passes = xcalloc((size_t)C + 1, sizeof *passes);
    bool *adopted = xcalloc((size_t)C + 1, sizeof *adopted);
    json_t *explanation = NULL, *consensus = NULL, *dm = NULL;
    if (rc == SERAI_OK)
        rc = run_method(p, &in, place, &explanation, err);
    if (rc == SERAI_OK)
        rc = consensus_json(&in, &consensus, err);
    bool double_maj = strcmp(p->weighting, "double_majority") == 0;
    if (rc == SERAI_OK && double_maj)
        dm = double_majority(&in, passes);
    json_t *result = NULL;
    if (rc == SERAI_OK) {
        /* Candidates best first (ties by the order proposed); adopted: the
         * supported ones that pass the double majority, up to adopt_max. */
        int32_t *order = xcalloc((size_t)C, sizeof *order);
        for (int32_t i = 0; i < C; i++)
            order[i] = i;
        for (int32_t a = 1; a < C; a++)
            for (int32_t b = a; b > 0 && place[order[b - 1]] > place[order[b]]; b--) {
                int32_t t = order[b];
                order[b] = order[b - 1];
                order[b - 1] = t;
            }
        json_t *ranking = json_array(), *winners = json_array(), *adopted_list = json_array();
        int64_t n_adopted = 0;
        for (int32_t k = 0; k < C; k++) {
            int32_t i = order[k];
            if (k == 0 || place[i] != place[order[k - 1]])
                json_array_append_new(ranking, json_array());
            json_array_append_new(json_array_get(ranking, json_array_size(ranking) - 1),
                                  json_string(in.cand.code[i]));
            if (place[i] == 1)
                json_array_append_new(winners, json_string(in.cand.code[i]));
            int64_t weight_for = 0;
            for (int64_t b = 0; b < in.nballots; b++)
                if (supports(&in, b, i))
                    weight_for += in.weight[b];
            bool within_budget = strcmp(p->ballot, "budget") != 0 ||
                                 place[i] <= (int32_t)json_array_size(
                                     json_object_get(explanation, "selected"));
            adopted[i] = weight_for > 0 && within_budget && (!double_maj || passes[i]) &&
                         (!p->adopt_max || n_adopted < p->adopt_max);
            if (adopted[i]) {
                n_adopted++;
                json_array_append_new(adopted_list, json_string(in.cand.code[i]));
            }
        }
        free(order);
        json_t *candidates = json_array(), *members = json_array();
        for (int32_t i = 0; i < C; i++)
            json_array_append_new(candidates, json_string(in.cand.code[i]));
        int64_t voting = 0;
        for (size_t m = 0; m < in.nmembers; m++) {
            if (!in.members[m].ballots)
                continue;
            voting++;
            int64_t w = 0;
            for (int64_t b = 0; b < in.nballots; b++)
                if (in.owner[b] == m)
                    w += in.weight[b];
            json_array_append_new(members,
                                  json_pack("{s:s, s:s, s:I, s:i, s:I}", "member",
                                            in.members[m].label, "group", in.members[m].group,
                                            "weight", (json_int_t)w, "ballots",
                                            in.members[m].ballots, "contribution",
                                            (json_int_t)in.members[m].contribution));
        }
        result = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o, s:o, "
                           "s:o}",
                           "ballot", p->ballot, "method", p->method, "weighting",
                           p->weighting, "scale", (json_int_t)in.scale, "ballots",
                           (json_int_t)in.nballots, "members_voting", (json_int_t)voting,
                           "members_taking_part", (json_int_t)in.nmembers, "candidates",
                           candidates, "ranking", ranking, "winners", winners,
                           "explanation", explanation, "members", members, "consensus",
                           consensus);
        explanation = consensus = NULL;
        if (dm) {
            json_object_set_new(result, "double_majority", dm);
            dm = NULL;
        }
        json_object_set_new(result, "adopted", adopted_list);
        json_object_set_new(result, "provisional", json_boolean(!adopt));
    }
    if (rc == SERAI_OK && adopt)
        rc = write_outcome(s, p, &in, place, adopted, err);
    json_decref(explanation);
    json_decref(consensus);
    json_decref(dm);
    free(place);
    free(passes);
    free(adopted);
    count_input_free(&in);
    if (rc != SERAI_OK) {
        json_decref(result);
        return rc;
    }
    *out = result;
    return SERAI_OK;
}

serai_code agenda_tally(store *s, const actor *who, int64_t process_id, json_t **out,
                        serai_err *err)
{
    *out = NULL;
    agenda_process_info p;
    serai_code rc = agenda_process_load(s, process_id, &p, err);
    if (rc != SERAI_OK)
        return rc;
    if (p.phase == PHASE_ADOPTED) {
        store_stmt *st;
        if ((rc = store_prepare(s, "SELECT result FROM agenda_process WHERE id = $1", &st,
                                err)) != SERAI_OK)
            return rc;
        store_bind_int64(st, 1, process_id);
        if (store_step(st, err) == STORE_ROW && !store_col_null(st, 0))
            *out = json_loads(store_col_text(st, 0), 0, NULL);
        store_reset(st);
        return *out ? SERAI_OK
                    : serai_fail(err, SERAI_EINTERNAL, NULL, "the stored result is unreadable");
    }
    if (p.phase != PHASE_VOTING)
        return serai_fail(err, SERAI_ECONFLICT, "/phase",
                          "process %s is in the %s phase: no ballots yet", p.code,
                          agenda_phase_name(p.phase));
    if (who->role != ROLE_SECRETARIAT && who->role != ROLE_OBSERVER)
        return serai_fail(err, who->role == ROLE_PUBLIC ? SERAI_EUNAUTH : SERAI_EFORBIDDEN,
                          NULL, "while voting is open the count is the secretariat's and "
                                "observers'; everyone reads it once adopted");
    return agenda_count(s, &p, false, out, err);
}

/* ---- the adopted agenda, from issue to money ---- */

static void add_money(json_t *to, const char *currency, int64_t amount)
{
    json_t *v = json_object_get(to, currency);
    json_object_set_new(to, currency, json_integer((v ? json_integer_value(v) : 0) + amount));
}

static void merge_money(json_t *to, const json_t *from)
{
    const char *cur;
    json_t *v;
    json_object_foreach((json_t *)from, cur, v) add_money(to, cur, json_integer_value(v));
}

/* One call: proposals received, the funded ones with grants and money. */
static serai_code call_money(store *s, int64_t call_id, json_t *call, serai_err *err)
{
    int64_t received = 0;
    serai_code rc = store_lookup_id(s, "SELECT count(*) FROM proposal WHERE call_id = $1 AND "
                                       "status NOT IN ('draft', 'withdrawn')",
                                    call_id, &received, err);
    if (rc != SERAI_OK)
        return rc;
    json_object_set_new(call, "proposals", json_integer(received));
    store_stmt *st;
    if ((rc = store_prepare(
             s, "SELECT p.id, p.acronym, p.title, a.currency, count(a.id), sum(a.amount), "
                "sum(COALESCE(t.paid, 0)) FROM proposal p JOIN award a ON a.proposal_id = "
                "p.id LEFT JOIN (SELECT award_id, sum(amount) AS paid FROM award_tranche "
                "WHERE paid_on IS NOT NULL GROUP BY award_id) t ON t.award_id = a.id WHERE "
                "p.call_id = $1 GROUP BY p.id, p.acronym, p.title, a.currency ORDER BY p.id, "
                "a.currency", &st, err)) != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, call_id);
    json_t *funded = json_array(), *committed = json_object(), *paid = json_object();
    json_t *last = NULL;
    int64_t last_id = 0;
    int r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        int64_t pid = store_col_int64(st, 0);
        if (!last || pid != last_id) {
            last = json_pack("{s:I, s:o, s:s, s:i, s:{}, s:{}}", "proposal_id",
                             (json_int_t)pid, "acronym",
                             store_col_null(st, 1) ? json_null()
                                                   : json_string(store_col_text(st, 1)),
                             "title", store_col_text(st, 2), "grants", 0, "committed",
                             "paid");
            json_array_append_new(funded, last);
            last_id = pid;
        }
        const char *cur = store_col_text(st, 3);
        json_object_set_new(last, "grants",
                            json_integer(json_integer_value(json_object_get(last, "grants")) +
                                         store_col_int64(st, 4)));
        add_money(json_object_get(last, "committed"), cur, store_col_int64(st, 5));
        add_money(json_object_get(last, "paid"), cur, store_col_int64(st, 6));
        add_money(committed, cur, store_col_int64(st, 5));
        add_money(paid, cur, store_col_int64(st, 6));
    }
    store_reset(st);
    json_object_set_new(call, "funded", funded);
    json_object_set_new(call, "committed", committed);
    json_object_set_new(call, "paid", paid);
    if (r == STORE_ERROR)
        return err->code;
    /* Each funded project's partner countries and funders: the public
     * face of its grants (who is funded where, by whom). */
    rc = store_prepare(s, "SELECT DISTINCT a.proposal_id, o.country, f.name FROM "
                                     "award a JOIN proposal p ON p.id = a.proposal_id JOIN "
                                     "organization o ON o.id = a.org_id JOIN organization f "
                                     "ON f.id = a.funder_org_id WHERE p.call_id = $1 ORDER BY "
                                     "a.proposal_id, o.country, f.name", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, call_id);
    size_t k;
    json_t *row;
    json_array_foreach(funded, k, row) {
        json_object_set_new(row, "countries", json_array());
        json_object_set_new(row, "funders", json_array());
    }
    while ((r = store_step(st, err)) == STORE_ROW) {
        json_array_foreach(funded, k, row) {
            if (json_integer_value(json_object_get(row, "proposal_id")) != store_col_int64(st, 0))
                continue;
            static const char *const keys[] = {"countries", "funders"};
            for (int c = 0; c < 2; c++) {
                json_t *list = json_object_get(row, keys[c]), *v;
                const char *text = store_col_text(st, 1 + c);
                size_t i;
                bool seen = false;
                json_array_foreach(list, i, v) seen |= strcmp(json_string_value(v), text) == 0;
                if (!seen)
                    json_array_append_new(list, json_string(text));
            }
        }
    }
    store_reset(st);
    return r == STORE_ERROR ? err->code : SERAI_OK;
}

serai_code agenda_adopted(store *s, const actor *who, int64_t process_id, const char *lang,
                          json_t **out, serai_err *err)
{
    (void)who; /* the adopted agenda is public */
    *out = NULL;
    agenda_process_info p;
    serai_code rc = agenda_process_load(s, process_id, &p, err);
    if (rc == SERAI_OK && p.phase != PHASE_ADOPTED)
        rc = serai_fail(err, SERAI_ECONFLICT, "/phase",
                        "process %s is in the %s phase: no agenda is adopted yet", p.code,
                        agenda_phase_name(p.phase));
    if (rc != SERAI_OK)
        return rc;
    json_t *ids = json_array();
    store_stmt *st;
    if ((rc = store_prepare(s, "SELECT id FROM agenda_issue WHERE process_id = $1 AND "
                               "status = 'adopted' ORDER BY place, id", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, process_id);
        int r;
        while ((r = store_step(st, err)) == STORE_ROW)
            json_array_append_new(ids, json_integer(store_col_int64(st, 0)));
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code;
    }
    json_t *issues = json_array(), *committed = json_object(), *paid = json_object();
    size_t k;
    json_t *idv;
    json_array_foreach(ids, k, idv) {
        json_t *issue = NULL;
        if (rc != SERAI_OK ||
            (rc = agenda_issue_json(s, json_integer_value(idv), lang, &issue, err)) != SERAI_OK)
            break;
        json_t *row = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "id",
                                json_object_get(issue, "id"), "code",
                                json_object_get(issue, "code"), "place",
                                json_object_get(issue, "place"), "title",
                                json_object_get(issue, "title"), "summary",
                                json_object_get(issue, "summary"), "sdgs",
                                json_object_get(issue, "sdgs"), "proposer",
                                json_object_get(issue, "proposer"));
        json_t *calls = json_object_get(issue, "calls");
        json_t *ic = json_object(), *ip = json_object();
        size_t c;
        json_t *call;
        json_array_foreach(calls, c, call) {
            if ((rc = call_money(s, json_integer_value(json_object_get(call, "id")), call,
                                 err)) != SERAI_OK)
                break;
            merge_money(ic, json_object_get(call, "committed"));
            merge_money(ip, json_object_get(call, "paid"));
        }
        json_object_set(row, "calls", calls);
        json_object_set_new(row, "committed", ic);
        json_object_set_new(row, "paid", ip);
        merge_money(committed, ic);
        merge_money(paid, ip);
        json_array_append_new(issues, row);
        json_decref(issue);
    }
    json_decref(ids);
    if (rc != SERAI_OK) {
        json_decref(issues);
        json_decref(committed);
        json_decref(paid);
        return rc;
    }
    json_t *process = NULL;
    if ((rc = agenda_process_get(s, who, process_id, &process, err)) != SERAI_OK) {
        json_decref(issues);
        json_decref(committed);
        json_decref(paid);
        return rc;
    }
    *out = json_pack("{s:{s:O, s:O, s:O, s:O, s:O}, s:o, s:o, s:o}", "process", "id",
                     json_object_get(process, "id"), "code", json_object_get(process, "code"),
                     "title", json_object_get(process, "title"), "adopted_on",
                     json_object_get(process, "adopted_on"), "method",
                     json_object_get(process, "method"), "issues", issues, "committed",
                     committed, "paid", paid);
    json_decref(process);
    return SERAI_OK;
}
