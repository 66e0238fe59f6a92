/*
 * agenda.c -- agenda processes: creation, the members taking part, the
 * phases, and what the agenda's other files share (agenda_internal.h).
 * Issues, support, comments and amendments are in agenda_issue.c; ballots,
 * the tally and the adopted agenda in agenda_vote.c.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda/agenda.h"
#include "agenda/agenda_internal.h"
#include "agenda/tally.h"
#include "audit/audit.h"
#include "core/clock.h"
#include "core/ident.h"
#include "core/json.h"
#include "registry/iso.h"
#include "store/rows.h"

static const char *const phase_names[] = {"proposal", "consultation", "voting",
                                          "adopted"};

const char *agenda_phase_name(agenda_phase p)
{
    return phase_names[p];
}

bool agenda_phase_parse(const char *name, agenda_phase *out)
{
    for (int k = 0; k < 4; k++)
        if (strcmp(name, phase_names[k]) == 0) {
            *out = (agenda_phase)k;
            return true;
        }
    return false;
}

serai_code agenda_process_load(store *s, int64_t id, agenda_process_info *p,
                               serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT code, ballot, method, weighting, phase, support_threshold, "
           "adopt_max, max_score, budget, currency FROM agenda_process WHERE id = $1",
        &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    if (r == STORE_ROW) {
        *p = (agenda_process_info){.id = id};
        snprintf(p->code, sizeof p->code, "%s", store_col_text(st, 0));
        snprintf(p->ballot, sizeof p->ballot, "%s", store_col_text(st, 1));
        snprintf(p->method, sizeof p->method, "%s", store_col_text(st, 2));
        snprintf(p->weighting, sizeof p->weighting, "%s", store_col_text(st, 3));
        if (!agenda_phase_parse(store_col_text(st, 4), &p->phase))
            p->phase = PHASE_PROPOSAL;
        p->support_threshold = store_col_int64(st, 5);
        p->adopt_max = store_col_int64(st, 6);
        p->max_score = store_col_int64(st, 7);
        p->budget = store_col_int64(st, 8);
        const char *cur = store_col_text(st, 9);
        snprintf(p->currency, sizeof p->currency, "%s", cur ? cur : "");
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return err->code;
    if (r != STORE_ROW)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no agenda process %" PRId64, id);
    return SERAI_OK;
}

serai_code agenda_need_phase(const agenda_process_info *p, unsigned mask,
                             const char *what, serai_err *err)
{
    if (mask & (1u << p->phase))
        return SERAI_OK;
    char open[80] = "";
    for (int k = 0, n = 0; k < 4; k++)
        if (mask & (1u << k)) {
            size_t used = strlen(open);
            snprintf(open + used, sizeof open - used, "%s%s", n++ ? " and " : "",
                     phase_names[k]);
        }
    return serai_fail(err, SERAI_ECONFLICT, "/phase",
                      "%s are open in the %s phase%s; process %s is in the %s phase",
                      what, open, strstr(open, " and ") ? "s" : "", p->code,
                      phase_names[p->phase]);
}

serai_code agenda_need_secretariat(const actor *who, serai_err *err)
{
    if (who->role == ROLE_SECRETARIAT)
        return SERAI_OK;
    return serai_fail(err, who->role == ROLE_PUBLIC ? SERAI_EUNAUTH : SERAI_EFORBIDDEN,
                      NULL, "only the secretariat runs agenda processes");
}

serai_code agenda_member_resolve(store *s, const json_t *v, const char *field,
                                 int64_t *membership_id, serai_err *err)
{
    *membership_id = 0;
    serai_code rc;
    if (json_is_string(v)) {
        const char *code = json_string_value(v);
        if (strlen(code) != 2 || !iso_country_by_alpha2(code))
            return serai_fail(err, SERAI_EINVAL, field,
                              "a member is an ISO country code or a membership id, "
                              "not \"%s\"", code);
        rc = store_lookup_text(s, "SELECT id FROM membership WHERE country = $1", code,
                               membership_id, err);
        if (rc == SERAI_OK && !*membership_id)
            return serai_fail(err, SERAI_EUNPROCESSABLE, field,
                              "%s has no membership", code);
        return rc;
    }
    if (json_is_integer(v) && json_integer_value(v) > 0) {
        rc = store_lookup_id(s, "SELECT id FROM membership WHERE id = $1",
                             json_integer_value(v), membership_id, err);
        if (rc == SERAI_OK && !*membership_id)
            return serai_fail(err, SERAI_EUNPROCESSABLE, field,
                              "no membership %" JSON_INTEGER_FORMAT, json_integer_value(v));
        return rc;
    }
    return serai_fail(err, SERAI_EINVAL, field,
                      "a member is an ISO country code or a membership id");
}

serai_code agenda_member_label(store *s, int64_t membership_id, char *out, size_t cap,
                               serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT m.country, o.name FROM membership m "
                                     "LEFT JOIN organization o ON o.id = m.org_id "
                                     "WHERE m.id = $1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, membership_id);
    int r = store_step(st, err);
    if (r == STORE_ROW)
        snprintf(out, cap, "%s", store_col_null(st, 0) ? store_col_text(st, 1)
                                                       : store_col_text(st, 0));
    store_reset(st);
    if (r == STORE_ERROR)
        return err->code;
    if (r != STORE_ROW)
        snprintf(out, cap, "membership %" PRId64, membership_id);
    return SERAI_OK;
}

/* The membership a delegate account speaks for: its country's, else its
 * organisation's; 0 when it has neither. */
static serai_code delegate_member(store *s, const actor *who, int64_t *out,
                                  serai_err *err)
{
    *out = 0;
    serai_code rc = SERAI_OK;
    if (who->country[0])
        rc = store_lookup_text(s, "SELECT id FROM membership WHERE country = $1",
                               who->country, out, err);
    if (rc == SERAI_OK && !*out && who->org_id)
        rc = store_lookup_id(s, "SELECT id FROM membership WHERE org_id = $1",
                             who->org_id, out, err);
    return rc;
}

serai_code agenda_acting_member(store *s, const actor *who, int64_t process_id,
                                json_t *body, bool member_required,
                                int64_t *membership_id, serai_err *err)
{
    *membership_id = 0;
    json_t *named = body ? json_object_get(body, "member") : NULL;
    int64_t given = 0;
    serai_code rc = SERAI_OK;
    if (named && !json_is_null(named))
        rc = agenda_member_resolve(s, named, "/member", &given, err);
    if (rc != SERAI_OK)
        return rc;
    char label[320];
    if (who->role == ROLE_SECRETARIAT) {
        if (!given && member_required)
            return serai_fail(err, SERAI_EINVAL, "/member",
                              "the secretariat names the member it acts for");
        *membership_id = given;
    } else if (who->role == ROLE_DELEGATE) {
        int64_t own = 0;
        if ((rc = delegate_member(s, who, &own, err)) != SERAI_OK)
            return rc;
        if (!own)
            return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                              "this delegate account represents no member "
                              "(its country or organisation has no membership)");
        if (given && given != own) {
            char theirs[320];
            if ((rc = agenda_member_label(s, own, label, sizeof label, err)) != SERAI_OK ||
                (rc = agenda_member_label(s, given, theirs, sizeof theirs, err)) != SERAI_OK)
                return rc;
            return serai_fail(err, SERAI_EFORBIDDEN, "/member",
                              "a delegate of %s does not represent %s", label, theirs);
        }
        *membership_id = own;
    } else {
        return serai_fail(err, who->role == ROLE_PUBLIC ? SERAI_EUNAUTH : SERAI_EFORBIDDEN,
                          NULL, "only delegates (and the secretariat) act for members");
    }
    if (!*membership_id)
        return SERAI_OK;
    store_stmt *st;
    if ((rc = store_prepare(s, "SELECT 1 FROM agenda_member WHERE process_id = $1 AND "
                               "membership_id = $2", &st, err)) != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, process_id);
    store_bind_int64(st, 2, *membership_id);
    int r = store_step(st, err);
    store_reset(st);
    if (r == STORE_ERROR)
        return err->code;
    if (r != STORE_ROW) {
        if ((rc = agenda_member_label(s, *membership_id, label, sizeof label, err)))
            return rc;
        return serai_fail(err, SERAI_EFORBIDDEN, "/member",
                          "%s does not take part in this process", label);
    }
    return SERAI_OK;
}

/* ---- members ---- */

static const char *member_group_default(store *s, int64_t membership_id,
                                        char *out, size_t cap, serai_err *err,
                                        serai_code *rc)
{
    store_stmt *st;
    *rc = store_prepare(s, "SELECT COALESCE(m.country, o.country) FROM membership m "
                           "LEFT JOIN organization o ON o.id = m.org_id WHERE m.id = $1",
                        &st, err);
    if (*rc != SERAI_OK)
        return NULL;
    store_bind_int64(st, 1, membership_id);
    snprintf(out, cap, "Other");
    if (store_step(st, err) == STORE_ROW) {
        const iso_country *c = iso_country_by_alpha2(store_col_text(st, 0));
        if (c && c->region[0])
            snprintf(out, cap, "%s", c->region);
    }
    store_reset(st);
    return out;
}

static serai_code add_member(store *s, int64_t process_id, int64_t membership_id,
                             int64_t contribution, const char *group, serai_err *err)
{
    char fallback[64];
    serai_code rc = SERAI_OK;
    if (!group)
        group = member_group_default(s, membership_id, fallback, sizeof fallback, err, &rc);
    if (rc != SERAI_OK)
        return rc;
    store_stmt *st;
    if ((rc = store_prepare(s, "INSERT INTO agenda_member (process_id, membership_id, "
                               "contribution, grp) VALUES ($1, $2, $3, $4)",
                            &st, err)) != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, process_id);
    store_bind_int64(st, 2, membership_id);
    store_bind_int64(st, 3, contribution);
    store_bind_text(st, 4, group);
    return store_run(st, NULL, err);
}

/* Replace the members of the process by the list (validated whole first
 * against a duplicate); inside the caller's transaction. */
static serai_code write_members(store *s, int64_t process_id, json_t *list, serai_err *err)
{
    static const char *const keys[] = {"member", "contribution", "group", NULL};
    if (!json_is_array(list) || json_array_size(list) == 0)
        return serai_fail(err, SERAI_EINVAL, "/members",
                          "members is a non-empty list of {\"member\", \"contribution\"?, "
                          "\"group\"?}");
    if (json_array_size(list) > AGENDA_MAX_MEMBERS)
        return serai_fail(err, SERAI_ETOOLARGE, "/members", "at most %d members",
                          AGENDA_MAX_MEMBERS);
    store_stmt *st;
    serai_code rc = store_prepare(s, "DELETE FROM agenda_member WHERE process_id = $1",
                                  &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, process_id);
    if ((rc = store_run(st, NULL, err)) != SERAI_OK)
        return rc;
    size_t i;
    json_t *m;
    json_array_foreach(list, i, m) {
        char prefix[40], field[56];
        snprintf(prefix, sizeof prefix, "/members/%zu", i);
        if (!json_is_object(m))
            return serai_fail(err, SERAI_EINVAL, prefix, "a member is an object");
        int64_t mid = 0, contribution = 0;
        const char *group = NULL;
        snprintf(field, sizeof field, "%s/member", prefix);
        if ((rc = json_only_keys(m, keys, prefix, err)) != SERAI_OK ||
            (rc = agenda_member_resolve(s, json_object_get(m, "member"), field, &mid,
                                        err)) != SERAI_OK ||
            (rc = json_get_int(m, "contribution", false, 0, (int64_t)1 << 53, prefix,
                               &contribution, NULL, err)) != SERAI_OK ||
            (rc = json_get_string(m, "group", false, 100, prefix, &group, err)) != SERAI_OK)
            return rc;
        rc = add_member(s, process_id, mid, contribution, group, err);
        if (rc == SERAI_ECONFLICT)
            return serai_fail(err, SERAI_EINVAL, field, "member listed twice");
        if (rc != SERAI_OK)
            return rc;
    }
    return SERAI_OK;
}

/* Every membership of status member, group its region. */
static serai_code default_members(store *s, int64_t process_id, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT id FROM membership WHERE status = 'member' "
                                     "ORDER BY id", &st, err);
    if (rc != SERAI_OK)
        return rc;
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            int64_t *grown = realloc(ids, cap * sizeof *ids);
            if (!grown) {
                free(ids);
                store_reset(st);
                return serai_fail(err, SERAI_EINTERNAL, NULL, "out of memory");
            }
            ids = grown;
        }
        ids[n++] = store_col_int64(st, 0);
    }
    store_reset(st);
    rc = r == STORE_ERROR ? err->code : SERAI_OK;
    for (size_t k = 0; rc == SERAI_OK && k < n; k++)
        rc = add_member(s, process_id, ids[k], 0, NULL, err);
    free(ids);
    return rc;
}

/* ---- reading ---- */

static json_t *members_json(store *s, int64_t process_id, serai_err *err, serai_code *rc)
{
    store_stmt *st;
    *rc = store_prepare(s, "SELECT am.membership_id, m.country, o.name, am.contribution, "
                           "am.grp, (SELECT count(*) FROM agenda_ballot b WHERE "
                           "b.process_id = am.process_id AND b.membership_id = "
                           "am.membership_id) FROM agenda_member am JOIN membership m "
                           "ON m.id = am.membership_id LEFT JOIN organization o ON "
                           "o.id = m.org_id WHERE am.process_id = $1 ORDER BY "
                           "am.membership_id", &st, err);
    if (*rc != SERAI_OK)
        return NULL;
    store_bind_int64(st, 1, process_id);
    json_t *items = json_array();
    int r;
    while ((r = store_step(st, err)) == STORE_ROW)
        json_array_append_new(
            items, json_pack("{s:I, s:s, s:I, s:s, s:I}", "member_id",
                             (json_int_t)store_col_int64(st, 0), "member",
                             store_col_null(st, 1) ? store_col_text(st, 2)
                                                   : store_col_text(st, 1),
                             "contribution", (json_int_t)store_col_int64(st, 3),
                             "group", store_col_text(st, 4), "ballots",
                             (json_int_t)store_col_int64(st, 5)));
    store_reset(st);
    if (r == STORE_ERROR) {
        *rc = err->code;
        json_decref(items);
        return NULL;
    }
    return items;
}

static json_t *opt_int(store_stmt *st, int col)
{
    return store_col_null(st, col) ? json_null() : json_integer(store_col_int64(st, col));
}

static json_t *opt_text(store_stmt *st, int col)
{
    return store_col_null(st, col) ? json_null() : json_string(store_col_text(st, col));
}

#define PROCESS_COLUMNS                                                              \
    "SELECT id, code, title, titles, description, ballot, method, weighting, "       \
    "support_threshold, adopt_max, max_score, budget, currency, fund_id, phase, "    \
    "proposal_opens, consultation_opens, voting_opens, voting_closes, adopted_on, "  \
    "created_at, updated_at, (SELECT count(*) FROM agenda_ballot b WHERE "           \
    "b.process_id = agenda_process.id), (SELECT count(*) FROM agenda_issue i WHERE " \
    "i.process_id = agenda_process.id) FROM agenda_process "

static json_t *process_row(store_stmt *st)
{
    json_t *titles = json_loads(store_col_text(st, 3), 0, NULL);
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:o, s:o, s:s, s:s, s:s, s:I, s:o, s:I, s:o, s:o, s:o, s:s}",
        "id", (json_int_t)store_col_int64(st, 0), "code", store_col_text(st, 1),
        "title", store_col_text(st, 2), "titles", titles ? titles : json_object(),
        "description", opt_text(st, 4), "ballot", store_col_text(st, 5), "method",
        store_col_text(st, 6), "weighting", store_col_text(st, 7), "support_threshold",
        (json_int_t)store_col_int64(st, 8), "adopt_max", opt_int(st, 9), "max_score",
        (json_int_t)store_col_int64(st, 10), "budget", opt_int(st, 11), "currency",
        opt_text(st, 12), "fund_id", opt_int(st, 13), "phase", store_col_text(st, 14));
    json_object_set_new(o, "dates",
                        json_pack("{s:s, s:s, s:s, s:s}", "proposal",
                                  store_col_text(st, 15), "consultation",
                                  store_col_text(st, 16), "voting", store_col_text(st, 17),
                                  "voting_closes", store_col_text(st, 18)));
    json_object_set_new(o, "adopted_on", opt_text(st, 19));
    json_object_set_new(o, "created_at", json_string(store_col_text(st, 20)));
    json_object_set_new(o, "updated_at", json_string(store_col_text(st, 21)));
    json_object_set_new(o, "ballots", json_integer(store_col_int64(st, 22)));
    json_object_set_new(o, "issues", json_integer(store_col_int64(st, 23)));
    return o;
}

static serai_code process_json(store *s, int64_t id, json_t **out, serai_err *err)
{
    *out = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(s, PROCESS_COLUMNS "WHERE id = $1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    json_t *o = r == STORE_ROW ? process_row(st) : NULL;
    store_reset(st);
    if (r == STORE_ERROR)
        return err->code;
    if (!o)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no agenda process %" PRId64, id);
    /* Issues per status. */
    json_t *counts = json_pack("{s:i, s:i, s:i, s:i}", "proposed", 0, "consultation", 0,
                               "adopted", 0, "not_adopted", 0);
    if ((rc = store_prepare(s, "SELECT status, count(*) FROM agenda_issue WHERE "
                               "process_id = $1 GROUP BY status", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        while ((r = store_step(st, err)) == STORE_ROW)
            json_object_set_new(counts, store_col_text(st, 0),
                                json_integer(store_col_int64(st, 1)));
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code;
    }
    json_object_set_new(o, "issues_by_status", counts);
    json_t *members = rc == SERAI_OK ? members_json(s, id, err, &rc) : NULL;
    if (members)
        json_object_set_new(o, "members", members);
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "SELECT result FROM agenda_process WHERE id = $1", &st,
                            err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        if ((r = store_step(st, err)) == STORE_ROW && !store_col_null(st, 0)) {
            json_t *result = json_loads(store_col_text(st, 0), 0, NULL);
            json_object_set_new(o, "result", result ? result : json_null());
        } else {
            json_object_set_new(o, "result", json_null());
        }
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code;
    }
    if (rc != SERAI_OK) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return SERAI_OK;
}

serai_code agenda_process_get(store *s, const actor *who, int64_t process_id,
                              json_t **out, serai_err *err)
{
    (void)who; /* processes are public */
    return process_json(s, process_id, out, err);
}

serai_code agenda_process_list(store *s, const actor *who, json_t **out, serai_err *err)
{
    (void)who;
    *out = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(s, PROCESS_COLUMNS "ORDER BY id", &st, err);
    return rc != SERAI_OK ? rc : rows_all(st, process_row, out, err);
}

/* ---- writing ---- */

/* The default method of each ballot, and whether a method fits a ballot. */
static const char *default_method(const char *ballot)
{
    return strcmp(ballot, "ranked") == 0     ? "schulze"
           : strcmp(ballot, "approval") == 0 ? "approval"
           : strcmp(ballot, "score") == 0    ? "score"
                                             : "mes";
}

static bool method_fits(const char *ballot, const char *method)
{
    if (strcmp(ballot, "ranked") == 0)
        return strcmp(method, "schulze") == 0 || strcmp(method, "ranked-pairs") == 0 ||
               strcmp(method, "borda") == 0 || strcmp(method, "irv") == 0;
    if (strcmp(ballot, "budget") == 0)
        return strcmp(method, "greedy") == 0 || strcmp(method, "mes") == 0;
    return strcmp(method, ballot) == 0;
}

static serai_code read_dates(json_t *body, const char *day[4], serai_err *err)
{
    static const char *const keys[] = {"proposal", "consultation", "voting",
                                       "voting_closes", NULL};
    json_t *d = json_object_get(body, "dates");
    if (!json_is_object(d))
        return serai_fail(err, SERAI_EINVAL, "/dates",
                          "dates is an object {\"proposal\", \"consultation\", "
                          "\"voting\", \"voting_closes\"} of YYYY-MM-DD");
    serai_code rc = json_only_keys(d, keys, "/dates", err);
    for (int k = 0; rc == SERAI_OK && k < 4; k++) {
        char field[40];
        snprintf(field, sizeof field, "/dates/%s", keys[k]);
        rc = json_get_string(d, keys[k], true, 10, "/dates", &day[k], err);
        if (rc == SERAI_OK && !ident_date_valid(day[k]))
            rc = serai_fail(err, SERAI_EINVAL, field,
                            "%s must be a real date YYYY-MM-DD, not \"%s\"", keys[k], day[k]);
        if (rc == SERAI_OK && k > 0 && strcmp(day[k], day[k - 1]) < 0)
            rc = serai_fail(err, SERAI_EINVAL, field, "%s (%s) comes before %s (%s)",
                            keys[k], day[k], keys[k - 1], day[k - 1]);
    }
    return rc;
}

serai_code agenda_process_create(store *s, const actor *who, json_t *body, json_t **out,
                                 serai_err *err)
{
    static const char *const keys[] = {"code", "title", "titles", "description",
                                       "ballot", "method", "weighting",
                                       "support_threshold", "adopt_max", "max_score",
                                       "budget", "currency", "fund_id", "dates",
                                       "members", NULL};
    *out = NULL;
    const char *code = NULL, *title = NULL, *description = NULL, *ballot = NULL,
               *method = NULL, *weighting = NULL, *currency = NULL, *day[4] = {0};
    int64_t threshold = 2, adopt_max = 0, max_score = 10, budget = 0, fund_id = 0;
    bool has_adopt = false, has_budget = false, has_fund = false;
    json_t *titles = NULL;
    serai_code rc = agenda_need_secretariat(who, err);
    if (rc == SERAI_OK)
        rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "code", true, AGENDA_CODE_MAX, "", &code, err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "title", true, AGENDA_TITLE_MAX, "", &title, err);
    if (rc == SERAI_OK)
        rc = json_get_lang_map(body, "titles", AGENDA_TITLE_MAX, false, "", &titles, err);
    if (rc == SERAI_OK)
        rc = json_get_text(body, "description", false, AGENDA_SUMMARY_MAX, "",
                           &description, err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "ballot", true, 12, "", &ballot, err);
    if (rc == SERAI_OK && strcmp(ballot, "ranked") != 0 && strcmp(ballot, "approval") != 0 &&
        strcmp(ballot, "score") != 0 && strcmp(ballot, "budget") != 0)
        rc = serai_fail(err, SERAI_EINVAL, "/ballot",
                        "ballot is ranked, approval, score or budget, not \"%s\"", ballot);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "method", false, 16, "", &method, err);
    if (rc == SERAI_OK && !method)
        method = default_method(ballot);
    if (rc == SERAI_OK && !method_fits(ballot, method))
        rc = serai_fail(err, SERAI_EINVAL, "/method",
                        "%s ballots are counted by %s, not \"%s\"", ballot,
                        strcmp(ballot, "ranked") == 0
                            ? "schulze, ranked-pairs, borda or irv"
                        : strcmp(ballot, "budget") == 0 ? "greedy or mes"
                                                        : ballot,
                        method);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "weighting", false, 20, "", &weighting, err);
    if (rc == SERAI_OK && !weighting)
        weighting = "member";
    if (rc == SERAI_OK && strcmp(weighting, "member") != 0 &&
        strcmp(weighting, "contribution") != 0 && strcmp(weighting, "double_majority") != 0)
        rc = serai_fail(err, SERAI_EINVAL, "/weighting",
                        "weighting is member, contribution or double_majority, not \"%s\"",
                        weighting);
    if (rc == SERAI_OK)
        rc = json_get_int(body, "support_threshold", false, 1, AGENDA_MAX_MEMBERS, "",
                          &threshold, NULL, err);
    if (rc == SERAI_OK)
        rc = json_get_int(body, "adopt_max", false, 1, AGENDA_MAX_ISSUES, "", &adopt_max,
                          &has_adopt, err);
    if (rc == SERAI_OK)
        rc = json_get_int(body, "max_score", false, 1, TALLY_MAX_SCORE, "", &max_score,
                          NULL, err);
    if (rc == SERAI_OK)
        rc = json_get_int(body, "budget", false, 1, (int64_t)1 << 53, "", &budget,
                          &has_budget, err);
    if (rc == SERAI_OK && strcmp(ballot, "budget") == 0 && !has_budget)
        rc = serai_fail(err, SERAI_EINVAL, "/budget",
                        "a budget ballot needs the budget it splits (minor units)");
    if (rc == SERAI_OK && strcmp(ballot, "budget") != 0 && has_budget)
        rc = serai_fail(err, SERAI_EINVAL, "/budget", "only budget ballots have a budget");
    if (rc == SERAI_OK)
        rc = json_get_string(body, "currency", false, 3, "", &currency, err);
    if (rc == SERAI_OK && currency && !iso_currency_by_code(currency))
        rc = serai_fail(err, SERAI_EINVAL, "/currency",
                        "\"%s\" is not an ISO 4217 currency", currency);
    if (rc == SERAI_OK && !currency &&
        (has_budget || strcmp(weighting, "member") != 0))
        rc = serai_fail(err, SERAI_EINVAL, "/currency",
                        "a budget or contributions need the currency they are in");
    if (rc == SERAI_OK)
        rc = json_get_int(body, "fund_id", false, 1, INT64_MAX, "", &fund_id, &has_fund,
                          err);
    if (rc == SERAI_OK)
        rc = read_dates(body, day, err);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK) {
        json_decref(titles);
        return rc;
    }
    if (has_fund) {
        int64_t found = 0;
        rc = store_lookup_id(s, "SELECT id FROM fund WHERE id = $1 AND kind = "
                                "'guidance_fund'", fund_id, &found, err);
        if (rc == SERAI_OK && !found)
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/fund_id",
                            "no guidance fund %" PRId64, fund_id);
    }
    int64_t id = 0;
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    store_stmt *st;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "INSERT INTO agenda_process (code, title, titles, "
                               "description, ballot, method, weighting, support_threshold, "
                               "adopt_max, max_score, budget, currency, fund_id, phase, "
                               "proposal_opens, consultation_opens, voting_opens, "
                               "voting_closes, created_at, updated_at) VALUES ($1, $2, $3, "
                               "$4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'proposal', "
                               "$14, $15, $16, $17, $18, $18) RETURNING id",
                            &st, err)) == SERAI_OK) {
        char *titles_text = json_dumps(titles, JSON_COMPACT | JSON_SORT_KEYS);
        store_bind_text(st, 1, code);
        store_bind_text(st, 2, title);
        store_bind_text(st, 3, titles_text);
        store_bind_text(st, 4, description);
        store_bind_text(st, 5, ballot);
        store_bind_text(st, 6, method);
        store_bind_text(st, 7, weighting);
        store_bind_int64(st, 8, threshold);
        if (has_adopt)
            store_bind_int64(st, 9, adopt_max);
        else
            store_bind_null(st, 9);
        store_bind_int64(st, 10, max_score);
        if (has_budget)
            store_bind_int64(st, 11, budget);
        else
            store_bind_null(st, 11);
        store_bind_text(st, 12, currency);
        if (has_fund)
            store_bind_int64(st, 13, fund_id);
        else
            store_bind_null(st, 13);
        for (int k = 0; k < 4; k++)
            store_bind_text(st, 14 + k, day[k]);
        store_bind_text(st, 18, now);
        free(titles_text);
        int r = store_step(st, err);
        if (r == STORE_ROW)
            id = store_col_int64(st, 0);
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code == SERAI_ECONFLICT
                     ? serai_fail(err, SERAI_ECONFLICT, "/code",
                                  "an agenda process %s exists already", code)
                     : err->code;
    }
    json_decref(titles);
    json_t *members = json_object_get(body, "members");
    if (rc == SERAI_OK)
        rc = members ? write_members(s, id, members, err) : default_members(s, id, err);
    if (rc == SERAI_OK)
        rc = process_json(s, id, out, err);
    return audit_finish(s, who, "agenda_process", id, "agenda.create", rc, out, err);
}

serai_code agenda_members_set(store *s, const actor *who, int64_t process_id, json_t *body,
                              json_t **out, serai_err *err)
{
    static const char *const keys[] = {"members", NULL};
    *out = NULL;
    serai_code rc = agenda_need_secretariat(who, err);
    if (rc == SERAI_OK)
        rc = json_only_keys(body, keys, "", err);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    agenda_process_info p;
    if ((rc = agenda_process_load(s, process_id, &p, err)) == SERAI_OK)
        rc = agenda_need_phase(&p, 1u << PHASE_PROPOSAL | 1u << PHASE_CONSULTATION,
                               "changes to the members", err);
    /* Supports and proposals name members; a member that acted stays. */
    if (rc == SERAI_OK)
        rc = write_members(s, process_id, json_object_get(body, "members"), err);
    if (rc == SERAI_OK) {
        int64_t orphan = 0;
        rc = store_lookup_id(
            s, "SELECT i.proposer_id FROM agenda_issue i WHERE i.process_id = $1 AND NOT "
               "EXISTS (SELECT 1 FROM agenda_member am WHERE am.process_id = i.process_id "
               "AND am.membership_id = i.proposer_id) UNION SELECT su.membership_id FROM "
               "agenda_support su JOIN agenda_issue i ON i.id = su.issue_id WHERE "
               "i.process_id = $1 AND NOT EXISTS (SELECT 1 FROM agenda_member am WHERE "
               "am.process_id = i.process_id AND am.membership_id = su.membership_id)",
            process_id, &orphan, err);
        char label[320];
        if (rc == SERAI_OK && orphan &&
            (rc = agenda_member_label(s, orphan, label, sizeof label, err)) == SERAI_OK)
            rc = serai_fail(err, SERAI_ECONFLICT, "/members",
                            "%s proposed or supported issues in this process and stays "
                            "a member of it", label);
    }
    if (rc == SERAI_OK)
        rc = process_json(s, process_id, out, err);
    return audit_finish(s, who, "agenda_process", process_id, "agenda.members", rc, out,
                         err);
}

/* Entering voting: something to vote on, and weights that can be used. */
static serai_code ready_to_vote(store *s, const agenda_process_info *p, serai_err *err)
{
    int64_t n = 0;
    serai_code rc = store_lookup_id(s, "SELECT count(*) FROM agenda_issue WHERE "
                                       "process_id = $1 AND status = 'consultation'",
                                    p->id, &n, err);
    if (rc == SERAI_OK && n == 0)
        return serai_fail(err, SERAI_ECONFLICT, "/phase",
                          "no issue reached the consultation: nothing to vote on");
    if (rc == SERAI_OK && strcmp(p->weighting, "member") != 0) {
        int64_t any = 0;
        rc = store_lookup_id(s, "SELECT count(*) FROM agenda_member WHERE process_id = $1 "
                                "AND contribution > 0", p->id, &any, err);
        if (rc == SERAI_OK && any == 0)
            return serai_fail(err, SERAI_ECONFLICT, "/phase",
                              "weighting %s needs the members' contributions; none is set",
                              p->weighting);
    }
    if (rc == SERAI_OK && strcmp(p->ballot, "budget") == 0) {
        int64_t missing = 0;
        rc = store_lookup_id(s, "SELECT count(*) FROM agenda_issue WHERE process_id = $1 "
                                "AND status = 'consultation' AND cost IS NULL",
                             p->id, &missing, err);
        if (rc == SERAI_OK && missing)
            return serai_fail(err, SERAI_ECONFLICT, "/phase",
                              "%" PRId64 " issues in consultation have no cost", missing);
    }
    return rc;
}

serai_code agenda_phase_set(store *s, const actor *who, int64_t process_id, json_t *body,
                            json_t **out, serai_err *err)
{
    static const char *const keys[] = {"phase", NULL};
    *out = NULL;
    const char *name = NULL;
    agenda_phase next = PHASE_PROPOSAL;
    serai_code rc = agenda_need_secretariat(who, err);
    if (rc == SERAI_OK)
        rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "phase", true, 16, "", &name, err);
    if (rc == SERAI_OK && !agenda_phase_parse(name, &next))
        rc = serai_fail(err, SERAI_EINVAL, "/phase",
                        "phase is proposal, consultation, voting or adopted, not \"%s\"",
                        name);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    agenda_process_info p;
    if ((rc = agenda_process_load(s, process_id, &p, err)) == SERAI_OK &&
        next != p.phase + 1)
        rc = serai_fail(err, SERAI_ECONFLICT, "/phase",
                        "process %s is in the %s phase; the next is %s", p.code,
                        phase_names[p.phase],
                        p.phase == PHASE_ADOPTED ? "none: it is adopted"
                                                 : phase_names[p.phase + 1]);
    if (rc == SERAI_OK && next == PHASE_VOTING)
        rc = ready_to_vote(s, &p, err);
    char now[CLOCK_ISO_LEN], today[11];
    clock_format(clock_now(), now);
    clock_today(today);
    json_t *result = NULL;
    if (rc == SERAI_OK && next == PHASE_ADOPTED) {
        int64_t ballots = 0;
        rc = store_lookup_id(s, "SELECT count(*) FROM agenda_ballot WHERE process_id = $1",
                             process_id, &ballots, err);
        if (rc == SERAI_OK && ballots == 0)
            rc = serai_fail(err, SERAI_ECONFLICT, "/phase",
                            "no ballot was cast in %s: nothing to adopt", p.code);
        if (rc == SERAI_OK)
            rc = agenda_count(s, &p, true, &result, err);
    }
    store_stmt *st;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "UPDATE agenda_process SET phase = $2, updated_at = $3, "
                               "result = COALESCE($4, result), adopted_on = CASE WHEN "
                               "$2 = 'adopted' THEN CAST($5 AS TEXT) ELSE adopted_on END "
                               "WHERE id = $1", &st, err)) == SERAI_OK) {
        char *text = result ? json_dumps(result, JSON_COMPACT) : NULL;
        store_bind_int64(st, 1, process_id);
        store_bind_text(st, 2, phase_names[next]);
        store_bind_text(st, 3, now);
        store_bind_text(st, 4, text);
        store_bind_text(st, 5, today);
        free(text);
        rc = store_run(st, NULL, err);
    }
    json_decref(result);
    if (rc == SERAI_OK)
        rc = process_json(s, process_id, out, err);
    char action[40];
    snprintf(action, sizeof action, "agenda.phase.%s", name ? name : "?");
    return audit_finish(s, who, "agenda_process", process_id, action, rc, out, err);
}
