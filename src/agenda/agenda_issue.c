/*
 * agenda_issue.c -- issues of an agenda process: proposal with texts per
 * language and SDG tags, support by members (the threshold promotes an
 * issue into the consultation), the threaded comments, amendments and the
 * calls that address an adopted issue.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda/agenda.h"
#include "agenda/agenda_internal.h"
#include "audit/audit.h"
#include "core/clock.h"
#include "core/ident.h"
#include "core/json.h"

#define SDG_COUNT 17 /* the UN Sustainable Development Goals, 1..17 */

/* ---- reading ---- */

/* The texts of an issue: {"en": {"title", "summary"}, ...}. */
static serai_code texts_json(store *s, int64_t issue_id, json_t **out, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT lang, title, summary FROM agenda_issue_text "
                                     "WHERE issue_id = $1 ORDER BY lang", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, issue_id);
    json_t *texts = json_object();
    int r;
    while ((r = store_step(st, err)) == STORE_ROW)
        json_object_set_new(texts, store_col_text(st, 0),
                            json_pack("{s:s, s:s}", "title", store_col_text(st, 1),
                                      "summary", store_col_text(st, 2)));
    store_reset(st);
    if (r == STORE_ERROR) {
        json_decref(texts);
        return err->code;
    }
    *out = texts;
    return SERAI_OK;
}

/* The text shown: lang's when there is one, else English, else the first. */
static json_t *shown_text(json_t *texts, const char *lang)
{
    json_t *t = lang ? json_object_get(texts, lang) : NULL;
    if (!t)
        t = json_object_get(texts, "en");
    if (!t) {
        void *it = json_object_iter(texts);
        t = it ? json_object_iter_value(it) : NULL;
    }
    return t;
}

static json_t *sdgs_json(const char *list)
{
    json_t *a = json_array();
    for (const char *p = list; *p;) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p)
            break;
        json_array_append_new(a, json_integer(v));
        p = *end == ',' ? end + 1 : end;
    }
    return a;
}

/* Comments as a tree: replies under their parent, oldest first. */
static serai_code comments_json(store *s, int64_t issue_id, json_t **out, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT c.id, c.parent_id, c.author, m.country, o.name, c.body, c.created_at "
           "FROM agenda_comment c LEFT JOIN membership m ON m.id = c.membership_id "
           "LEFT JOIN organization o ON o.id = m.org_id WHERE c.issue_id = $1 "
           "ORDER BY c.id", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, issue_id);
    json_t *roots = json_array(), *by_id = json_object();
    int r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        json_t *member = store_col_null(st, 3)
                             ? (store_col_null(st, 4) ? json_null()
                                                      : json_string(store_col_text(st, 4)))
                             : json_string(store_col_text(st, 3));
        json_t *c = json_pack("{s:I, s:s, s:o, s:s, s:s, s:[]}", "id",
                              (json_int_t)store_col_int64(st, 0), "author",
                              store_col_text(st, 2), "member", member, "body",
                              store_col_text(st, 5), "created_at", store_col_text(st, 6),
                              "replies");
        char key[24];
        snprintf(key, sizeof key, "%" PRId64, store_col_int64(st, 0));
        json_t *parent = NULL;
        if (!store_col_null(st, 1)) {
            char pkey[24];
            snprintf(pkey, sizeof pkey, "%" PRId64, store_col_int64(st, 1));
            parent = json_object_get(by_id, pkey);
        }
        json_object_set(by_id, key, c);
        json_array_append_new(parent ? json_object_get(parent, "replies") : roots, c);
    }
    store_reset(st);
    json_decref(by_id);
    if (r == STORE_ERROR) {
        json_decref(roots);
        return err->code;
    }
    *out = roots;
    return SERAI_OK;
}

static serai_code amendments_json(store *s, int64_t issue_id, json_t **out, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT a.id, a.lang, a.title, a.summary, a.reason, m.country, o.name, "
           "a.status, a.note, a.created_at, a.decided_at FROM agenda_amendment a LEFT JOIN "
           "membership m ON m.id = a.membership_id LEFT JOIN organization o ON o.id = "
           "m.org_id WHERE a.issue_id = $1 ORDER BY a.id", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, issue_id);
    json_t *items = json_array();
    int r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        json_t *a = json_pack("{s:I, s:s}", "id", (json_int_t)store_col_int64(st, 0),
                              "lang", store_col_text(st, 1));
        static const char *const names[] = {"title", "summary", "reason"};
        for (int k = 0; k < 3; k++)
            json_object_set_new(a, names[k],
                                store_col_null(st, 2 + k)
                                    ? json_null()
                                    : json_string(store_col_text(st, 2 + k)));
        json_object_set_new(a, "member",
                            !store_col_null(st, 5)   ? json_string(store_col_text(st, 5))
                            : !store_col_null(st, 6) ? json_string(store_col_text(st, 6))
                                                     : json_null());
        json_object_set_new(a, "status", json_string(store_col_text(st, 7)));
        json_object_set_new(a, "note", store_col_null(st, 8)
                                           ? json_null()
                                           : json_string(store_col_text(st, 8)));
        json_object_set_new(a, "created_at", json_string(store_col_text(st, 9)));
        json_object_set_new(a, "decided_at", store_col_null(st, 10)
                                                 ? json_null()
                                                 : json_string(store_col_text(st, 10)));
        json_array_append_new(items, a);
    }
    store_reset(st);
    if (r == STORE_ERROR) {
        json_decref(items);
        return err->code;
    }
    *out = items;
    return SERAI_OK;
}

/* Members who support the issue, in the order they did. */
static serai_code supporters_json(store *s, int64_t issue_id, json_t **out, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "SELECT su.membership_id, m.country, o.name, su.created_at FROM agenda_support "
           "su JOIN membership m ON m.id = su.membership_id LEFT JOIN organization o ON "
           "o.id = m.org_id WHERE su.issue_id = $1 ORDER BY su.created_at, "
           "su.membership_id", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, issue_id);
    json_t *items = json_array();
    int r;
    while ((r = store_step(st, err)) == STORE_ROW)
        json_array_append_new(
            items, json_pack("{s:I, s:s, s:s}", "member_id",
                             (json_int_t)store_col_int64(st, 0), "member",
                             store_col_null(st, 1) ? store_col_text(st, 2)
                                                   : store_col_text(st, 1),
                             "since", store_col_text(st, 3)));
    store_reset(st);
    if (r == STORE_ERROR) {
        json_decref(items);
        return err->code;
    }
    *out = items;
    return SERAI_OK;
}

static serai_code calls_json(store *s, int64_t issue_id, json_t **out, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT c.id, c.programme, c.edition, c.title FROM "
                                     "agenda_link l JOIN call c ON c.id = l.call_id WHERE "
                                     "l.issue_id = $1 ORDER BY c.id", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, issue_id);
    json_t *items = json_array();
    int r;
    while ((r = store_step(st, err)) == STORE_ROW)
        json_array_append_new(items,
                              json_pack("{s:I, s:s, s:s, s:s}", "id",
                                        (json_int_t)store_col_int64(st, 0), "programme",
                                        store_col_text(st, 1), "edition",
                                        store_col_text(st, 2), "title",
                                        store_col_text(st, 3)));
    store_reset(st);
    if (r == STORE_ERROR) {
        json_decref(items);
        return err->code;
    }
    *out = items;
    return SERAI_OK;
}

#define ISSUE_COLUMNS                                                                  \
    "SELECT i.id, i.process_id, i.code, i.sdgs, i.proposer_id, m.country, o.name, "   \
    "i.cost, p.currency, i.status, i.place, i.created_at, i.updated_at, "              \
    "(SELECT count(*) FROM agenda_support su WHERE su.issue_id = i.id), "              \
    "p.support_threshold, (SELECT count(*) FROM agenda_comment c WHERE c.issue_id = "  \
    "i.id) FROM agenda_issue i JOIN agenda_process p ON p.id = i.process_id JOIN "     \
    "membership m ON m.id = i.proposer_id LEFT JOIN organization o ON o.id = m.org_id "

/* The summary of the issue on the current row; texts added by the caller. */
static json_t *issue_row(store_stmt *st)
{
    json_t *o = json_pack(
        "{s:I, s:I, s:s, s:o, s:{s:I, s:s}, s:o, s:o, s:s, s:o, s:s, s:s, s:I, s:I, s:I}",
        "id", (json_int_t)store_col_int64(st, 0), "process_id",
        (json_int_t)store_col_int64(st, 1), "code", store_col_text(st, 2), "sdgs",
        sdgs_json(store_col_text(st, 3)), "proposer", "member_id",
        (json_int_t)store_col_int64(st, 4), "member",
        store_col_null(st, 5) ? store_col_text(st, 6) : store_col_text(st, 5), "cost",
        store_col_null(st, 7) ? json_null() : json_integer(store_col_int64(st, 7)),
        "currency", store_col_null(st, 8) ? json_null() : json_string(store_col_text(st, 8)),
        "status", store_col_text(st, 9), "place",
        store_col_null(st, 10) ? json_null() : json_integer(store_col_int64(st, 10)),
        "created_at", store_col_text(st, 11), "updated_at", store_col_text(st, 12),
        "support_count", (json_int_t)store_col_int64(st, 13), "support_threshold",
        (json_int_t)store_col_int64(st, 14), "comment_count",
        (json_int_t)store_col_int64(st, 15));
    return o;
}

/* Title and summary in lang beside the full map of texts. */
static serai_code add_texts(store *s, json_t *o, const char *lang, serai_err *err)
{
    json_t *texts = NULL;
    serai_code rc = texts_json(s, json_integer_value(json_object_get(o, "id")), &texts, err);
    if (rc != SERAI_OK)
        return rc;
    json_t *t = shown_text(texts, lang);
    json_object_set(o, "title", t ? json_object_get(t, "title") : json_null());
    json_object_set(o, "summary", t ? json_object_get(t, "summary") : json_null());
    json_object_set_new(o, "texts", texts);
    return SERAI_OK;
}

serai_code agenda_issue_json(store *s, int64_t issue_id, const char *lang, json_t **out,
                             serai_err *err)
{
    *out = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(s, ISSUE_COLUMNS "WHERE i.id = $1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, issue_id);
    int r = store_step(st, err);
    json_t *o = r == STORE_ROW ? issue_row(st) : NULL;
    store_reset(st);
    if (r == STORE_ERROR)
        return err->code;
    if (!o)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no agenda issue %" PRId64, issue_id);
    json_t *part = NULL;
    if ((rc = add_texts(s, o, lang, err)) == SERAI_OK &&
        (rc = supporters_json(s, issue_id, &part, err)) == SERAI_OK) {
        json_object_set_new(o, "supporters", part);
        rc = comments_json(s, issue_id, &part, err);
    }
    if (rc == SERAI_OK) {
        json_object_set_new(o, "comments", part);
        rc = amendments_json(s, issue_id, &part, err);
    }
    if (rc == SERAI_OK) {
        json_object_set_new(o, "amendments", part);
        rc = calls_json(s, issue_id, &part, err);
    }
    if (rc == SERAI_OK)
        json_object_set_new(o, "calls", part);
    if (rc != SERAI_OK) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return SERAI_OK;
}

serai_code agenda_issue_get(store *s, const actor *who, int64_t issue_id, const char *lang,
                            json_t **out, serai_err *err)
{
    (void)who; /* issues and their consultation are public */
    return agenda_issue_json(s, issue_id, lang, out, err);
}

serai_code agenda_issue_list(store *s, const actor *who, int64_t process_id,
                             const char *status, const char *lang, json_t **out,
                             serai_err *err)
{
    (void)who;
    *out = NULL;
    if (status && strcmp(status, "proposed") != 0 && strcmp(status, "consultation") != 0 &&
        strcmp(status, "adopted") != 0 && strcmp(status, "not_adopted") != 0)
        return serai_fail(err, SERAI_EINVAL, "status",
                          "status is proposed, consultation, adopted or not_adopted, "
                          "not \"%s\"", status);
    agenda_process_info p;
    serai_code rc = agenda_process_load(s, process_id, &p, err);
    if (rc != SERAI_OK)
        return rc;
    store_stmt *st;
    if ((rc = store_prepare(s, ISSUE_COLUMNS "WHERE i.process_id = $1 AND "
                               "(CAST($2 AS TEXT) IS NULL OR i.status = CAST($2 AS TEXT)) "
                               "ORDER BY i.place IS NULL, i.place, i.id", &st, err)) != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, process_id);
    store_bind_text(st, 2, status);
    json_t *items = json_array();
    int r;
    while ((r = store_step(st, err)) == STORE_ROW)
        json_array_append_new(items, issue_row(st));
    store_reset(st);
    if (r == STORE_ERROR) {
        json_decref(items);
        return err->code;
    }
    size_t i;
    json_t *o;
    json_array_foreach(items, i, o) if ((rc = add_texts(s, o, lang, err)) != SERAI_OK) break;
    if (rc != SERAI_OK) {
        json_decref(items);
        return rc;
    }
    *out = json_pack("{s:o}", "items", items);
    return SERAI_OK;
}

/* ---- writing ---- */

static serai_code issue_process(store *s, int64_t issue_id, agenda_process_info *p,
                                char status[16], serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT process_id, status FROM agenda_issue WHERE "
                                     "id = $1", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, issue_id);
    int r = store_step(st, err);
    int64_t process_id = 0;
    if (r == STORE_ROW) {
        process_id = store_col_int64(st, 0);
        snprintf(status, 16, "%s", store_col_text(st, 1));
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return err->code;
    if (!process_id)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no agenda issue %" PRId64, issue_id);
    return agenda_process_load(s, process_id, p, err);
}

/* Record support of member for the issue; promote it when the threshold
 * is reached and the process still takes issues into consultation. */
static serai_code support(store *s, const agenda_process_info *p, int64_t issue_id,
                          int64_t member, int64_t account_id, const char *now,
                          serai_err *err)
{
    /* Asked before writing: a refused INSERT would end a PostgreSQL
     * transaction, and the message needs one more query. */
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT count(*) FROM agenda_support WHERE issue_id = "
                                     "$1 AND membership_id = $2", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, issue_id);
    store_bind_int64(st, 2, member);
    int r = store_step(st, err);
    int64_t already = r == STORE_ROW ? store_col_int64(st, 0) : 0;
    store_reset(st);
    if (r == STORE_ERROR)
        return err->code;
    if (already) {
        char label[320];
        if ((rc = agenda_member_label(s, member, label, sizeof label, err)) == SERAI_OK)
            rc = serai_fail(err, SERAI_ECONFLICT, "/member",
                            "%s supports this issue already", label);
        return rc;
    }
    rc = store_prepare(s, "INSERT INTO agenda_support (issue_id, membership_id, "
                                     "account_id, created_at) VALUES ($1, $2, $3, $4)",
                                  &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, issue_id);
    store_bind_int64(st, 2, member);
    if (account_id)
        store_bind_int64(st, 3, account_id);
    else
        store_bind_null(st, 3);
    store_bind_text(st, 4, now);
    if ((rc = store_run(st, NULL, err)) != SERAI_OK)
        return rc;
    if ((rc = store_prepare(s, "UPDATE agenda_issue SET status = 'consultation', "
                               "updated_at = $3 WHERE id = $1 AND status = 'proposed' AND "
                               "(SELECT count(*) FROM agenda_support WHERE issue_id = $1) "
                               ">= $2", &st, err)) != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, issue_id);
    store_bind_int64(st, 2, p->support_threshold);
    store_bind_text(st, 3, now);
    return store_run(st, NULL, err);
}

/* "6,13" from [6, 13]: numbers 1..17, each once. */
static serai_code read_sdgs(json_t *body, char out[64], serai_err *err)
{
    out[0] = '\0';
    json_t *a = json_object_get(body, "sdgs");
    if (!a || json_is_null(a))
        return SERAI_OK;
    if (!json_is_array(a))
        return serai_fail(err, SERAI_EINVAL, "/sdgs",
                          "sdgs is a list of Sustainable Development Goals, 1 to 17");
    bool seen[SDG_COUNT + 1] = {false};
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) {
        char field[40];
        snprintf(field, sizeof field, "/sdgs/%zu", i);
        if (!json_is_integer(v) || json_integer_value(v) < 1 ||
            json_integer_value(v) > SDG_COUNT)
            return serai_fail(err, SERAI_EINVAL, field,
                              "an SDG is a number from 1 to 17");
        if (seen[json_integer_value(v)])
            return serai_fail(err, SERAI_EINVAL, field, "SDG %" JSON_INTEGER_FORMAT
                              " is listed twice", json_integer_value(v));
        seen[json_integer_value(v)] = true;
    }
    for (int g = 1, n = 0; g <= SDG_COUNT; g++)
        if (seen[g]) {
            size_t used = strlen(out);
            snprintf(out + used, 64 - used, "%s%d", n++ ? "," : "", g);
        }
    return SERAI_OK;
}

/* texts: {"en": {"title", "summary"}}, at least one language. */
static serai_code read_texts(json_t *body, serai_err *err)
{
    static const char *const keys[] = {"title", "summary", NULL};
    json_t *texts = json_object_get(body, "texts");
    if (!json_is_object(texts) || json_object_size(texts) == 0)
        return serai_fail(err, SERAI_EINVAL, "/texts",
                          "texts is {\"en\": {\"title\", \"summary\"}, ...} with at least "
                          "one language");
    if (json_object_size(texts) > 20)
        return serai_fail(err, SERAI_ETOOLARGE, "/texts", "at most 20 languages");
    const char *lang;
    json_t *t;
    json_object_foreach(texts, lang, t) {
        char prefix[40];
        snprintf(prefix, sizeof prefix, "/texts/%.16s", lang);
        if (!ident_lang_valid(lang))
            return serai_fail(err, SERAI_EINVAL, prefix,
                              "\"%.16s\" is not an ISO 639-1 language code", lang);
        if (!json_is_object(t))
            return serai_fail(err, SERAI_EINVAL, prefix,
                              "a text is {\"title\", \"summary\"}");
        const char *v;
        serai_code rc = json_only_keys(t, keys, prefix, err);
        if (rc == SERAI_OK)
            rc = json_get_string(t, "title", true, AGENDA_TITLE_MAX, prefix, &v, err);
        if (rc == SERAI_OK)
            rc = json_get_text(t, "summary", true, AGENDA_SUMMARY_MAX, prefix, &v, err);
        if (rc != SERAI_OK)
            return rc;
    }
    return SERAI_OK;
}

static serai_code write_text(store *s, int64_t issue_id, const char *lang,
                             const char *title, const char *summary, serai_err *err)
{
    store_stmt *st;
    serai_code rc = store_prepare(
        s, "INSERT INTO agenda_issue_text (issue_id, lang, title, summary) VALUES ($1, $2, "
           "COALESCE($3, ''), COALESCE($4, '')) ON CONFLICT (issue_id, lang) DO UPDATE SET "
           "title = COALESCE($3, agenda_issue_text.title), summary = COALESCE($4, "
           "agenda_issue_text.summary)", &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, issue_id);
    store_bind_text(st, 2, lang);
    store_bind_text(st, 3, title);
    store_bind_text(st, 4, summary);
    return store_run(st, NULL, err);
}

serai_code agenda_issue_create(store *s, const actor *who, int64_t process_id,
                               json_t *body, json_t **out, serai_err *err)
{
    static const char *const keys[] = {"code", "texts", "sdgs", "cost", "member", NULL};
    *out = NULL;
    const char *code = NULL;
    char sdgs[64];
    int64_t cost = 0;
    bool has_cost = false;
    serai_code rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "code", true, AGENDA_CODE_MAX, "", &code, err);
    if (rc == SERAI_OK)
        rc = read_texts(body, err);
    if (rc == SERAI_OK)
        rc = read_sdgs(body, sdgs, err);
    if (rc == SERAI_OK)
        rc = json_get_int(body, "cost", false, 1, (int64_t)1 << 53, "", &cost, &has_cost,
                          err);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    agenda_process_info p;
    int64_t member = 0, id = 0, count = 0;
    if ((rc = agenda_process_load(s, process_id, &p, err)) == SERAI_OK)
        rc = agenda_need_phase(&p, 1u << PHASE_PROPOSAL, "proposals of issues", err);
    if (rc == SERAI_OK)
        rc = agenda_acting_member(s, who, process_id, body, true, &member, err);
    if (rc == SERAI_OK && strcmp(p.ballot, "budget") == 0 && !has_cost)
        rc = serai_fail(err, SERAI_EINVAL, "/cost",
                        "an issue on a budget ballot has a cost (minor units of %s)",
                        p.currency);
    if (rc == SERAI_OK && strcmp(p.ballot, "budget") != 0 && has_cost)
        rc = serai_fail(err, SERAI_EINVAL, "/cost", "only budget ballots cost issues");
    if (rc == SERAI_OK)
        rc = store_lookup_id(s, "SELECT count(*) FROM agenda_issue WHERE process_id = $1",
                             process_id, &count, err);
    if (rc == SERAI_OK && count >= AGENDA_MAX_ISSUES)
        rc = serai_fail(err, SERAI_ETOOLARGE, NULL, "a process holds at most %d issues",
                        AGENDA_MAX_ISSUES);
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    store_stmt *st;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "INSERT INTO agenda_issue (process_id, code, sdgs, "
                               "proposer_id, cost, status, created_at, updated_at) VALUES "
                               "($1, $2, $3, $4, $5, 'proposed', $6, $6) RETURNING id",
                            &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, process_id);
        store_bind_text(st, 2, code);
        store_bind_text(st, 3, sdgs);
        store_bind_int64(st, 4, member);
        if (has_cost)
            store_bind_int64(st, 5, cost);
        else
            store_bind_null(st, 5);
        store_bind_text(st, 6, now);
        int r = store_step(st, err);
        if (r == STORE_ROW)
            id = store_col_int64(st, 0);
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code == SERAI_ECONFLICT
                     ? serai_fail(err, SERAI_ECONFLICT, "/code",
                                  "process %s has an issue %s already", p.code, code)
                     : err->code;
    }
    const char *lang;
    json_t *t;
    json_object_foreach(json_object_get(body, "texts"), lang, t) {
        if (rc != SERAI_OK)
            break;
        rc = write_text(s, id, lang, json_string_value(json_object_get(t, "title")),
                        json_string_value(json_object_get(t, "summary")), err);
    }
    /* The proposer is the first supporter. */
    if (rc == SERAI_OK)
        rc = support(s, &p, id, member, who->account_id, now, err);
    if (rc == SERAI_OK)
        rc = agenda_issue_json(s, id, NULL, out, err);
    return audit_finish(s, who, "agenda_issue", id, "agenda.issue.create", rc, out, err);
}

serai_code agenda_issue_support(store *s, const actor *who, int64_t issue_id, json_t *body,
                                json_t **out, serai_err *err)
{
    static const char *const keys[] = {"member", NULL};
    *out = NULL;
    serai_code rc = body ? json_only_keys(body, keys, "", err) : SERAI_OK;
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    agenda_process_info p;
    char status[16];
    int64_t member = 0;
    if ((rc = issue_process(s, issue_id, &p, status, err)) == SERAI_OK)
        rc = agenda_need_phase(&p, 1u << PHASE_PROPOSAL | 1u << PHASE_CONSULTATION,
                               "support for issues", err);
    if (rc == SERAI_OK)
        rc = agenda_acting_member(s, who, p.id, body, true, &member, err);
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    if (rc == SERAI_OK)
        rc = support(s, &p, issue_id, member, who->account_id, now, err);
    if (rc == SERAI_OK)
        rc = agenda_issue_json(s, issue_id, NULL, out, err);
    return audit_finish(s, who, "agenda_issue", issue_id, "agenda.issue.support", rc, out,
                         err);
}

/* Depth of comment id in its thread (1 for a comment on the issue). */
static serai_code comment_depth(store *s, int64_t issue_id, int64_t id, int *depth,
                                serai_err *err)
{
    *depth = 0;
    store_stmt *st;
    serai_code rc = store_prepare(s, "SELECT issue_id, parent_id FROM agenda_comment WHERE "
                                     "id = $1", &st, err);
    while (rc == SERAI_OK && id) {
        store_bind_int64(st, 1, id);
        int r = store_step(st, err);
        int64_t on = r == STORE_ROW ? store_col_int64(st, 0) : 0;
        int64_t parent = r == STORE_ROW ? store_col_int64(st, 1) : 0;
        store_reset(st);
        if (r == STORE_ERROR)
            return err->code;
        if (on != issue_id)
            return serai_fail(err, SERAI_EUNPROCESSABLE, "/parent_id",
                              "comment %" PRId64 " is not on this issue", id);
        (*depth)++;
        id = parent;
    }
    return rc;
}

serai_code agenda_comment_add(store *s, const actor *who, int64_t issue_id, json_t *body,
                              json_t **out, serai_err *err)
{
    static const char *const keys[] = {"body", "parent_id", "member", NULL};
    *out = NULL;
    const char *text = NULL;
    int64_t parent = 0;
    bool has_parent = false;
    serai_code rc = SERAI_OK;
    if (who->role != ROLE_SECRETARIAT && who->role != ROLE_DELEGATE &&
        who->role != ROLE_OBSERVER)
        rc = serai_fail(err, who->role == ROLE_PUBLIC ? SERAI_EUNAUTH : SERAI_EFORBIDDEN,
                        NULL, "delegates, observers and the secretariat comment");
    if (rc == SERAI_OK)
        rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = json_get_text(body, "body", true, AGENDA_COMMENT_MAX, "", &text, err);
    if (rc == SERAI_OK)
        rc = json_get_int(body, "parent_id", false, 1, INT64_MAX, "", &parent, &has_parent,
                          err);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    agenda_process_info p;
    char status[16];
    int64_t member = 0;
    int depth = 0;
    if ((rc = issue_process(s, issue_id, &p, status, err)) == SERAI_OK)
        rc = agenda_need_phase(&p, 1u << PHASE_PROPOSAL | 1u << PHASE_CONSULTATION,
                               "comments", err);
    /* A delegate speaks for its member; an observer for itself. */
    if (rc == SERAI_OK && who->role != ROLE_OBSERVER)
        rc = agenda_acting_member(s, who, p.id, body, false, &member, err);
    if (rc == SERAI_OK && has_parent)
        rc = comment_depth(s, issue_id, parent, &depth, err);
    if (rc == SERAI_OK && depth >= AGENDA_MAX_COMMENT_DEPTH)
        rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/parent_id",
                        "replies nest at most %d deep", AGENDA_MAX_COMMENT_DEPTH);
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    store_stmt *st;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "INSERT INTO agenda_comment (issue_id, parent_id, "
                               "account_id, author, membership_id, body, created_at) VALUES "
                               "($1, $2, $3, $4, $5, $6, $7)", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, issue_id);
        if (has_parent)
            store_bind_int64(st, 2, parent);
        else
            store_bind_null(st, 2);
        if (who->account_id)
            store_bind_int64(st, 3, who->account_id);
        else
            store_bind_null(st, 3);
        store_bind_text(st, 4, who->label[0] ? who->label : role_name(who->role));
        if (member)
            store_bind_int64(st, 5, member);
        else
            store_bind_null(st, 5);
        store_bind_text(st, 6, text);
        store_bind_text(st, 7, now);
        rc = store_run(st, NULL, err);
    }
    if (rc == SERAI_OK)
        rc = agenda_issue_json(s, issue_id, NULL, out, err);
    return audit_finish(s, who, "agenda_issue", issue_id, "agenda.comment", rc, out, err);
}

serai_code agenda_amendment_add(store *s, const actor *who, int64_t issue_id, json_t *body,
                                json_t **out, serai_err *err)
{
    static const char *const keys[] = {"lang", "title", "summary", "reason", "member",
                                       NULL};
    *out = NULL;
    const char *lang = NULL, *title = NULL, *summary = NULL, *reason = NULL;
    serai_code rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "lang", true, 8, "", &lang, err);
    if (rc == SERAI_OK && !ident_lang_valid(lang))
        rc = serai_fail(err, SERAI_EINVAL, "/lang",
                        "\"%s\" is not an ISO 639-1 language code", lang);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "title", false, AGENDA_TITLE_MAX, "", &title, err);
    if (rc == SERAI_OK)
        rc = json_get_text(body, "summary", false, AGENDA_SUMMARY_MAX, "", &summary, err);
    if (rc == SERAI_OK && !title && !summary)
        rc = serai_fail(err, SERAI_EINVAL, "/title",
                        "an amendment changes the title, the summary or both");
    if (rc == SERAI_OK)
        rc = json_get_text(body, "reason", true, AGENDA_COMMENT_MAX, "", &reason, err);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    agenda_process_info p;
    char status[16];
    int64_t member = 0;
    if ((rc = issue_process(s, issue_id, &p, status, err)) == SERAI_OK)
        rc = agenda_need_phase(&p, 1u << PHASE_CONSULTATION, "amendments", err);
    if (rc == SERAI_OK && strcmp(status, "consultation") != 0)
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "only issues in consultation are amended; this one is %s", status);
    if (rc == SERAI_OK)
        rc = agenda_acting_member(s, who, p.id, body, false, &member, err);
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    store_stmt *st;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "INSERT INTO agenda_amendment (issue_id, lang, title, "
                               "summary, reason, membership_id, account_id, status, "
                               "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'proposed', "
                               "$8)", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, issue_id);
        store_bind_text(st, 2, lang);
        store_bind_text(st, 3, title);
        store_bind_text(st, 4, summary);
        store_bind_text(st, 5, reason);
        if (member)
            store_bind_int64(st, 6, member);
        else
            store_bind_null(st, 6);
        if (who->account_id)
            store_bind_int64(st, 7, who->account_id);
        else
            store_bind_null(st, 7);
        store_bind_text(st, 8, now);
        rc = store_run(st, NULL, err);
    }
    if (rc == SERAI_OK)
        rc = agenda_issue_json(s, issue_id, NULL, out, err);
    return audit_finish(s, who, "agenda_issue", issue_id, "agenda.amendment", rc, out, err);
}

serai_code agenda_amendment_decide(store *s, const actor *who, int64_t amendment_id,
                                   json_t *body, json_t **out, serai_err *err)
{
    static const char *const keys[] = {"status", "note", NULL};
    *out = NULL;
    const char *status = NULL, *note = NULL;
    serai_code rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = json_get_string(body, "status", true, 16, "", &status, err);
    if (rc == SERAI_OK && strcmp(status, "accepted") != 0 && strcmp(status, "rejected") != 0)
        rc = serai_fail(err, SERAI_EINVAL, "/status",
                        "status is accepted or rejected, not \"%s\"", status);
    if (rc == SERAI_OK)
        rc = json_get_text(body, "note", false, AGENDA_COMMENT_MAX, "", &note, err);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    int64_t issue_id = 0, proposer = 0;
    char lang[9] = "", *title = NULL, *summary = NULL, state[16] = "";
    store_stmt *st;
    if ((rc = store_prepare(s, "SELECT a.issue_id, a.lang, a.title, a.summary, a.status, "
                               "i.proposer_id FROM agenda_amendment a JOIN agenda_issue i "
                               "ON i.id = a.issue_id WHERE a.id = $1", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, amendment_id);
        int r = store_step(st, err);
        if (r == STORE_ROW) {
            issue_id = store_col_int64(st, 0);
            snprintf(lang, sizeof lang, "%s", store_col_text(st, 1));
            title = store_col_null(st, 2) ? NULL : strdup(store_col_text(st, 2));
            summary = store_col_null(st, 3) ? NULL : strdup(store_col_text(st, 3));
            snprintf(state, sizeof state, "%s", store_col_text(st, 4));
            proposer = store_col_int64(st, 5);
        }
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code;
        else if (!issue_id)
            rc = serai_fail(err, SERAI_ENOTFOUND, NULL, "no amendment %" PRId64,
                            amendment_id);
    }
    agenda_process_info p;
    char issue_status[16];
    if (rc == SERAI_OK && (rc = issue_process(s, issue_id, &p, issue_status, err)) == SERAI_OK)
        rc = agenda_need_phase(&p, 1u << PHASE_CONSULTATION, "decisions on amendments", err);
    /* The proposing member's delegate or the secretariat decides. */
    if (rc == SERAI_OK && who->role != ROLE_SECRETARIAT) {
        int64_t member = 0;
        rc = agenda_acting_member(s, who, p.id, NULL, false, &member, err);
        if (rc == SERAI_OK && member != proposer)
            rc = serai_fail(err, SERAI_EFORBIDDEN, NULL,
                            "the proposing member's delegates and the secretariat decide "
                            "on amendments");
    }
    if (rc == SERAI_OK && strcmp(state, "proposed") != 0)
        rc = serai_fail(err, SERAI_ECONFLICT, "/status", "amendment %" PRId64 " is %s already",
                        amendment_id, state);
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "UPDATE agenda_amendment SET status = $2, note = $3, "
                               "decided_at = $4 WHERE id = $1", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, amendment_id);
        store_bind_text(st, 2, status);
        store_bind_text(st, 3, note);
        store_bind_text(st, 4, now);
        rc = store_run(st, NULL, err);
    }
    if (rc == SERAI_OK && strcmp(status, "accepted") == 0)
        rc = write_text(s, issue_id, lang, title, summary, err);
    free(title);
    free(summary);
    if (rc == SERAI_OK)
        rc = agenda_issue_json(s, issue_id, NULL, out, err);
    return audit_finish(s, who, "agenda_issue", issue_id, "agenda.amendment.decide", rc,
                         out, err);
}

serai_code agenda_link_add(store *s, const actor *who, int64_t issue_id, json_t *body,
                           json_t **out, serai_err *err)
{
    static const char *const keys[] = {"call_id", NULL};
    *out = NULL;
    int64_t call_id = 0;
    serai_code rc = agenda_need_secretariat(who, err);
    if (rc == SERAI_OK)
        rc = json_only_keys(body, keys, "", err);
    if (rc == SERAI_OK)
        rc = json_get_int(body, "call_id", true, 1, INT64_MAX, "", &call_id, NULL, err);
    if (rc != SERAI_OK || (rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    agenda_process_info p;
    char status[16];
    int64_t found = 0;
    if ((rc = issue_process(s, issue_id, &p, status, err)) == SERAI_OK &&
        strcmp(status, "adopted") != 0)
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "only adopted issues are linked to calls; this one is %s", status);
    if (rc == SERAI_OK)
        rc = store_lookup_id(s, "SELECT id FROM call WHERE id = $1", call_id, &found, err);
    if (rc == SERAI_OK && !found)
        rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/call_id", "no call %" PRId64, call_id);
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    store_stmt *st;
    if (rc == SERAI_OK &&
        (rc = store_prepare(s, "INSERT INTO agenda_link (issue_id, call_id, created_at) "
                               "VALUES ($1, $2, $3)", &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, issue_id);
        store_bind_int64(st, 2, call_id);
        store_bind_text(st, 3, now);
        if ((rc = store_run(st, NULL, err)) == SERAI_ECONFLICT)
            rc = serai_fail(err, SERAI_ECONFLICT, "/call_id",
                            "call %" PRId64 " is linked to this issue already", call_id);
    }
    if (rc == SERAI_OK)
        rc = agenda_issue_json(s, issue_id, NULL, out, err);
    return audit_finish(s, who, "agenda_issue", issue_id, "agenda.link", rc, out, err);
}
