/*
 * call.c -- calls for proposals; see call.h.
 *
 * A call is written whole in one transaction: its row, stages, funders and
 * (when given) a new rule-set version, then its audit record.  The rule
 * set is checked by the same reader the engine uses (project/rules.h),
 * over the document the call assembles, so an error names the field of
 * the call's own JSON ("/rules/min_countries", "/funders/1/annex/types/0").
 */
#include "project/call.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/ident.h"
#include "core/json.h"
#include "core/mem.h"
#include "project/proposal.h"
#include "project/rules.h"
#include "registry/iso.h"
#include "store/rows.h"

static const char *const call_statuses[] = {"draft", "open", "closed",
                                            "in_evaluation", "decided", NULL};
static const char *const funding_modes[] = {"virtual_common_pot",
                                            "real_common_pot", "mixed", NULL};
static const char *const stage_kinds[] = {"letter_of_intent", "stage_1",
                                          "full_proposal", NULL};

static int index_of(const char *s, const char *const list[])
{
    for (int i = 0; list[i]; i++)
        if (strcmp(s, list[i]) == 0)
            return i;
    return -1;
}

static serai_code db_error(serai_err *err)
{
    return err && err->code != SERAI_OK ? err->code : SERAI_ESTORE;
}

/* An IANA zone name as announced ("Europe/Brussels", "Asia/Shanghai",
 * "UTC").  Checked against the system's zone database when it is there. */
static bool time_zone_valid(const char *tz)
{
    size_t n = strlen(tz);
    if (n == 0 || n > 63 || tz[0] == '/' || strstr(tz, ".."))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = tz[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '/' || c == '_' || c == '-' ||
              c == '+'))
            return false;
    }
    if (access("/usr/share/zoneinfo", F_OK) != 0)
        return true;
    char path[128];
    snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", tz);
    return access(path, R_OK) == 0;
}

/* ---- reading a call's JSON ---- */

typedef struct stage_in {
    const char *kind, *opens_at, *deadline;
    int64_t deadline_unix;
} stage_in;

typedef struct funder_in {
    int64_t org;
    int64_t budget;
    const char *currency;
    json_t *annex;          /* borrowed, or NULL */
} funder_in;

typedef struct call_in {
    const char *programme, *edition, *title, *title_lang, *funding_mode,
        *time_zone;
    json_t *titles;         /* owned: every variant incl. the authoritative */
    json_t *descriptions;   /* owned */
    bool has_stages, has_funders, has_agenda;
    int nstages, nfunders;
    stage_in stages[CALL_MAX_STAGES];
    funder_in funders[ELIG_MAX_FUNDERS];
    json_t *agenda;         /* owned, or NULL */
    json_t *rules;          /* borrowed, or NULL */
} call_in;

static void call_in_free(call_in *in)
{
    json_decref(in->titles);
    json_decref(in->descriptions);
    json_decref(in->agenda);
    memset(in, 0, sizeof *in);
}

static serai_code read_stages(json_t *arr, call_in *in, serai_err *err)
{
    static const char *const keys[] = {"kind", "opens_at", "deadline", NULL};
    if (!json_is_array(arr) || json_array_size(arr) < 1 ||
        json_array_size(arr) > CALL_MAX_STAGES)
        return serai_fail(err, SERAI_EINVAL, "/stages",
                          "stages must be an array of 1 or 2 stages");
    in->has_stages = true;
    in->nstages = (int)json_array_size(arr);
    for (int i = 0; i < in->nstages; i++) {
        char p[48];
        snprintf(p, sizeof p, "/stages/%d", i);
        json_t *st = json_array_get(arr, (size_t)i);
        stage_in *sg = &in->stages[i];
        serai_code rc;
        if (!json_is_object(st))
            return serai_fail(err, SERAI_EINVAL, p, "a stage must be an object");
        if ((rc = json_only_keys(st, keys, p, err)) ||
            (rc = json_get_string(st, "kind", true, 20, p, &sg->kind, err)) ||
            (rc = json_get_string(st, "opens_at", false, 20, p, &sg->opens_at, err)) ||
            (rc = json_get_string(st, "deadline", true, 20, p, &sg->deadline, err)))
            return rc;
        char f[64];
        if (index_of(sg->kind, stage_kinds) < 0) {
            snprintf(f, sizeof f, "%s/kind", p);
            return serai_fail(err, SERAI_EUNPROCESSABLE, f,
                              "kind must be letter_of_intent, stage_1 or "
                              "full_proposal");
        }
        if (!clock_parse(sg->deadline, &sg->deadline_unix)) {
            snprintf(f, sizeof f, "%s/deadline", p);
            return serai_fail(err, SERAI_EUNPROCESSABLE, f,
                              "deadline must be a UTC instant "
                              "YYYY-MM-DDTHH:MM:SSZ");
        }
        int64_t opens;
        if (sg->opens_at && (!clock_parse(sg->opens_at, &opens) ||
                             opens >= sg->deadline_unix)) {
            snprintf(f, sizeof f, "%s/opens_at", p);
            return serai_fail(err, SERAI_EUNPROCESSABLE, f,
                              "opens_at must be a UTC instant "
                              "YYYY-MM-DDTHH:MM:SSZ before the deadline");
        }
        if (i > 0 && sg->deadline_unix <= in->stages[i - 1].deadline_unix) {
            snprintf(f, sizeof f, "%s/deadline", p);
            return serai_fail(err, SERAI_EUNPROCESSABLE, f,
                              "each stage's deadline must come after the "
                              "previous stage's");
        }
    }
    if (in->nstages == 2 && (strcmp(in->stages[0].kind, "full_proposal") == 0 ||
                             strcmp(in->stages[1].kind, "full_proposal") != 0))
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/stages",
                          "a two-stage call has a letter of intent or stage 1, "
                          "then the full proposal");
    return SERAI_OK;
}

static serai_code read_funders(json_t *arr, call_in *in, serai_err *err)
{
    static const char *const keys[] = {"organization_id", "budget", "currency",
                                       "annex", NULL};
    if (!json_is_array(arr) || json_array_size(arr) > ELIG_MAX_FUNDERS)
        return serai_fail(err, SERAI_EINVAL, "/funders",
                          "funders must be an array of at most %d funders",
                          ELIG_MAX_FUNDERS);
    in->has_funders = true;
    in->nfunders = (int)json_array_size(arr);
    for (int i = 0; i < in->nfunders; i++) {
        char p[48], f[64];
        snprintf(p, sizeof p, "/funders/%d", i);
        json_t *fj = json_array_get(arr, (size_t)i);
        funder_in *fu = &in->funders[i];
        serai_code rc;
        if (!json_is_object(fj))
            return serai_fail(err, SERAI_EINVAL, p, "a funder must be an object");
        if ((rc = json_only_keys(fj, keys, p, err)) ||
            (rc = json_get_int(fj, "organization_id", true, 1, INT64_MAX, p,
                               &fu->org, NULL, err)) ||
            (rc = json_get_int(fj, "budget", true, 0, INT64_MAX, p, &fu->budget,
                               NULL, err)) ||
            (rc = json_get_string(fj, "currency", true, 3, p, &fu->currency, err)))
            return rc;
        if (iso_currency_by_code(fu->currency) == NULL) {
            snprintf(f, sizeof f, "%s/currency", p);
            return serai_fail(err, SERAI_EUNPROCESSABLE, f,
                              "\"%s\" is not an ISO 4217 currency code",
                              fu->currency);
        }
        fu->annex = json_object_get(fj, "annex");
        if (fu->annex && json_is_null(fu->annex))
            fu->annex = NULL;
        for (int j = 0; j < i; j++)
            if (in->funders[j].org == fu->org) {
                snprintf(f, sizeof f, "%s/organization_id", p);
                return serai_fail(err, SERAI_EUNPROCESSABLE, f,
                                  "organisation %" PRId64 " is listed twice",
                                  fu->org);
            }
    }
    return SERAI_OK;
}

static serai_code read_agenda(json_t *arr, call_in *in, serai_err *err)
{
    if (!json_is_array(arr) || json_array_size(arr) > CALL_MAX_AGENDA)
        return serai_fail(err, SERAI_EINVAL, "/agenda_issues",
                          "agenda_issues must be an array of at most %d ids",
                          CALL_MAX_AGENDA);
    in->has_agenda = true;
    in->agenda = json_array();
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        if (!json_is_integer(v) || json_integer_value(v) < 1) {
            char f[48];
            snprintf(f, sizeof f, "/agenda_issues/%zu", i);
            return serai_fail(err, SERAI_EINVAL, f,
                              "an agenda issue is a positive integer id");
        }
        json_array_append(in->agenda, v);
    }
    return SERAI_OK;
}

/* Read body; on create every required field must be there. */
static serai_code call_read(json_t *body, bool create, call_in *in,
                            serai_err *err)
{
    static const char *const keys[] = {
        "programme", "edition", "title", "title_lang", "titles", "descriptions",
        "funding_mode", "time_zone", "stages", "funders", "agenda_issues",
        "rules", NULL};
    memset(in, 0, sizeof *in);
    serai_code rc;
    if ((rc = json_only_keys(body, keys, "", err)) ||
        (rc = json_get_string(body, "programme", create, ELIG_ID_MAX - 1, "",
                              &in->programme, err)) ||
        (rc = json_get_string(body, "edition", create, ELIG_NAME_MAX - 1, "",
                              &in->edition, err)) ||
        (rc = json_get_string(body, "title", create, CALL_TITLE_MAX, "",
                              &in->title, err)) ||
        (rc = json_get_string(body, "title_lang", false, 3, "", &in->title_lang,
                              err)) ||
        (rc = json_get_string(body, "funding_mode", create, 24, "",
                              &in->funding_mode, err)) ||
        (rc = json_get_string(body, "time_zone", false, 63, "", &in->time_zone,
                              err)))
        return rc;
    if (!create && (in->programme || in->edition))
        return serai_fail(err, SERAI_EUNPROCESSABLE,
                          in->programme ? "/programme" : "/edition",
                          "programme and edition name the call; they do not "
                          "change");
    if (in->title_lang && !ident_lang_valid(in->title_lang))
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/title_lang",
                          "\"%s\" is not an ISO 639-1 language code",
                          in->title_lang);
    if (in->title_lang && !in->title)
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/title",
                          "give title together with title_lang");
    if (in->funding_mode && index_of(in->funding_mode, funding_modes) < 0)
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/funding_mode",
                          "funding_mode must be virtual_common_pot, "
                          "real_common_pot or mixed");
    if (in->time_zone && !time_zone_valid(in->time_zone))
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/time_zone",
                          "\"%s\" is not a time zone name such as "
                          "Europe/Brussels or Asia/Shanghai",
                          in->time_zone);
    if (create && !in->title_lang)
        in->title_lang = "en";
    if (create && !in->time_zone)
        in->time_zone = "UTC";
    json_t *titles = NULL, *descr = NULL;
    if ((json_object_get(body, "titles") || in->title) &&
        (rc = json_get_lang_map(body, "titles", CALL_TITLE_MAX, false, "",
                                &titles, err)))
        return rc;
    in->titles = titles;
    if (json_object_get(body, "descriptions") &&
        (rc = json_get_lang_map(body, "descriptions", CALL_DESCRIPTION_MAX,
                                true, "", &descr, err)))
        return rc;
    in->descriptions = descr;
    json_t *v;
    if ((v = json_object_get(body, "stages")) && (rc = read_stages(v, in, err)))
        return rc;
    if ((v = json_object_get(body, "funders")) && (rc = read_funders(v, in, err)))
        return rc;
    if ((v = json_object_get(body, "agenda_issues")) &&
        (rc = read_agenda(v, in, err)))
        return rc;
    in->rules = json_object_get(body, "rules");
    if (in->rules && !json_is_object(in->rules))
        return serai_fail(err, SERAI_EINVAL, "/rules",
                          "rules must be an object (docs/eligibility.md)");
    if (create && !in->has_stages)
        return serai_fail(err, SERAI_EINVAL, "/stages", "stages is required");
    return SERAI_OK;
}

/* ---- the rule-set document a call assembles ---- */

/* {"programme", "edition", "version", "funders": [...], "rules"} from the
 * funders (array of {"id", "country", "currency", "annex"?}, taken) and
 * rules (borrowed, copied).  participating_countries without a list gets
 * the funders' countries. */
static json_t *rule_doc(const char *programme, const char *edition,
                        int version, json_t *funders, json_t *rules)
{
    json_t *r = json_deep_copy(rules);
    json_t *pc = json_object_get(r, "participating_countries");
    if (json_is_object(pc) && json_object_get(pc, "countries") == NULL) {
        json_t *countries = json_array();
        size_t i;
        json_t *f;
        json_array_foreach(funders, i, f) {
            json_t *c = json_object_get(f, "country");
            bool seen = false;
            size_t j;
            json_t *e;
            json_array_foreach(countries, j, e)
                seen = seen || json_equal(e, c);
            if (!seen)
                json_array_append(countries, c);
        }
        json_object_set_new(pc, "countries", countries);
    }
    return json_pack("{s:s, s:s, s:i, s:o, s:o}", "programme", programme,
                     "edition", edition, "version", version, "funders",
                     funders, "rules", r);
}

void call_org_label(char out[ELIG_ID_MAX], const char *name, int64_t id)
{
    char suffix[32];
    int n = snprintf(suffix, sizeof suffix, " (#%" PRId64 ")", id);
    size_t room = ELIG_ID_MAX - 1 - (size_t)n, len = strlen(name);
    if (len > room) {
        len = room;
        /* Do not cut a UTF-8 sequence: back up to the start of one. */
        while (len > 0 && ((unsigned char)name[len] & 0xC0) == 0x80)
            len--;
    }
    snprintf(out, ELIG_ID_MAX, "%.*s%s", (int)len, name, suffix);
}

static json_t *funder_doc(int64_t org, const char *name, const char *country,
                          const char *currency, json_t *annex)
{
    char id[ELIG_ID_MAX];
    call_org_label(id, name, org);
    json_t *f = json_pack("{s:s, s:s, s:s}", "id", id, "country", country,
                          "currency", currency);
    if (annex)
        json_object_set(f, "annex", annex);
    return f;
}

/* Parse doc with the engine's reader; errors keep the reader's pointer,
 * which is the call's own ("/rules/...", "/funders/N/annex/..."). */
static serai_code check_rule_doc(json_t *doc, serai_err *err)
{
    elig_rules *r = xmalloc(sizeof *r);
    serai_code rc = elig_rules_from_json(doc, r, err);
    free(r);
    if (rc == SERAI_EINVAL)
        err->code = rc = SERAI_EUNPROCESSABLE;
    return rc;
}

/* ---- storage ---- */

#define CALL_COLUMNS                                                         \
    "id, programme, edition, title, title_lang, titles, descriptions, "      \
    "funding_mode, time_zone, status, agenda_issues, rule_version, "         \
    "created_at, updated_at"

static json_t *parse_column(store_stmt *st, int col)
{
    json_t *j = json_loads(store_col_text(st, col), 0, NULL);
    return j ? j : json_null();
}

/* The call as JSON, with stages, funders and current rules. */
static serai_code call_render(store *s, int64_t id, json_t **out, serai_err *err)
{
    static const char sql[] = "SELECT " CALL_COLUMNS " FROM call WHERE id = $1";
    static const char stages_sql[] =
        "SELECT seq, kind, opens_at, deadline FROM call_stage "
        "WHERE call_id = $1 ORDER BY seq";
    static const char funders_sql[] =
        "SELECT f.org_id, o.name, o.country, f.budget, f.currency, f.annex "
        "FROM call_funder f JOIN organization o ON o.id = f.org_id "
        "WHERE f.call_id = $1 ORDER BY f.id";
    static const char rules_sql[] =
        "SELECT rules FROM call_rules WHERE call_id = $1 AND version = $2";
    *out = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    json_t *c = NULL;
    int64_t version = 0;
    if (r == STORE_ROW) {
        version = store_col_int64(st, 11);
        c = json_pack(
            "{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:s, s:o, s:I, "
            "s:s, s:s}",
            "id", (json_int_t)store_col_int64(st, 0), "programme",
            store_col_text(st, 1), "edition", store_col_text(st, 2), "title",
            store_col_text(st, 3), "title_lang", store_col_text(st, 4),
            "titles", parse_column(st, 5), "descriptions", parse_column(st, 6),
            "funding_mode", store_col_text(st, 7), "time_zone",
            store_col_text(st, 8), "status", store_col_text(st, 9),
            "agenda_issues", parse_column(st, 10), "rule_version",
            (json_int_t)version, "created_at", store_col_text(st, 12),
            "updated_at", store_col_text(st, 13));
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    if (r == STORE_DONE)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no call with id %" PRId64,
                          id);

    json_t *stages = json_array();
    json_object_set_new(c, "stages", stages);
    if ((rc = store_prepare(s, stages_sql, &st, err)) != SERAI_OK)
        goto fail;
    store_bind_int64(st, 1, id);
    while ((r = store_step(st, err)) == STORE_ROW)
        json_array_append_new(
            stages, json_pack("{s:I, s:s, s:o, s:s}", "seq",
                              (json_int_t)store_col_int64(st, 0), "kind",
                              store_col_text(st, 1), "opens_at",
                              store_col_null(st, 2)
                                  ? json_null()
                                  : json_string(store_col_text(st, 2)),
                              "deadline", store_col_text(st, 3)));
    store_reset(st);
    if (r == STORE_ERROR) {
        rc = db_error(err);
        goto fail;
    }

    json_t *funders = json_array(), *countries = json_array();
    json_object_set_new(c, "funders", funders);
    json_object_set_new(c, "participating_countries", countries);
    if ((rc = store_prepare(s, funders_sql, &st, err)) != SERAI_OK)
        goto fail;
    store_bind_int64(st, 1, id);
    while ((r = store_step(st, err)) == STORE_ROW) {
        json_t *country = json_string(store_col_text(st, 2));
        bool seen = false;
        size_t j;
        json_t *e;
        json_array_foreach(countries, j, e)
            seen = seen || json_equal(e, country);
        if (!seen)
            json_array_append(countries, country);
        json_array_append_new(
            funders,
            json_pack("{s:I, s:s, s:o, s:I, s:s, s:o}", "organization_id",
                      (json_int_t)store_col_int64(st, 0), "name",
                      store_col_text(st, 1), "country", country, "budget",
                      (json_int_t)store_col_int64(st, 3), "currency",
                      store_col_text(st, 4), "annex",
                      store_col_null(st, 5) ? json_null() : parse_column(st, 5)));
    }
    store_reset(st);
    if (r == STORE_ERROR) {
        rc = db_error(err);
        goto fail;
    }

    json_t *rules = json_null();
    if (version > 0) {
        if ((rc = store_prepare(s, rules_sql, &st, err)) != SERAI_OK)
            goto fail;
        store_bind_int64(st, 1, id);
        store_bind_int64(st, 2, version);
        if ((r = store_step(st, err)) == STORE_ROW)
            rules = parse_column(st, 0);
        store_reset(st);
        if (r == STORE_ERROR) {
            rc = db_error(err);
            goto fail;
        }
    }
    json_object_set_new(c, "rules", rules);
    *out = c;
    return SERAI_OK;
fail:
    json_decref(c);
    return rc;
}

serai_code call_info_load(store *s, int64_t id, call_info *out, serai_err *err)
{
    static const char sql[] =
        "SELECT status, programme, edition, time_zone, rule_version, "
        "funding_mode FROM call WHERE id = $1";
    static const char stages_sql[] =
        "SELECT kind, deadline, deadline_unix, opens_at FROM call_stage "
        "WHERE call_id = $1 ORDER BY seq";
    memset(out, 0, sizeof *out);
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    if (r == STORE_ROW) {
        out->id = id;
        snprintf(out->status, sizeof out->status, "%s", store_col_text(st, 0));
        snprintf(out->programme, sizeof out->programme, "%s",
                 store_col_text(st, 1));
        snprintf(out->edition, sizeof out->edition, "%s", store_col_text(st, 2));
        snprintf(out->time_zone, sizeof out->time_zone, "%s",
                 store_col_text(st, 3));
        out->rule_version = (int)store_col_int64(st, 4);
        snprintf(out->funding_mode, sizeof out->funding_mode, "%s",
                 store_col_text(st, 5));
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    if (r == STORE_DONE)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no call with id %" PRId64,
                          id);
    if ((rc = store_prepare(s, stages_sql, &st, err)) != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    while ((r = store_step(st, err)) == STORE_ROW && out->nstages < CALL_MAX_STAGES) {
        int i = out->nstages++;
        snprintf(out->stages[i].kind, sizeof out->stages[i].kind, "%s",
                 store_col_text(st, 0));
        snprintf(out->stages[i].deadline, sizeof out->stages[i].deadline, "%s",
                 store_col_text(st, 1));
        out->stages[i].deadline_unix = store_col_int64(st, 2);
        if (!store_col_null(st, 3) &&
            clock_parse(store_col_text(st, 3), &out->stages[i].opens_unix))
            snprintf(out->stages[i].opens_at, sizeof out->stages[i].opens_at,
                     "%s", store_col_text(st, 3));
    }
    store_reset(st);
    return r == STORE_ERROR ? db_error(err) : SERAI_OK;
}

serai_code call_visible(store *s, const actor *who, const call_info *c,
                        serai_err *err)
{
    static const char sql[] =
        "SELECT 1 FROM call_funder WHERE call_id = $1 AND org_id = $2";
    if (strcmp(c->status, "draft") != 0 || who->role == ROLE_SECRETARIAT)
        return SERAI_OK;
    if (who->role == ROLE_FUNDER && who->org_id > 0) {
        store_stmt *st;
        serai_code rc = store_prepare(s, sql, &st, err);
        if (rc != SERAI_OK)
            return rc;
        store_bind_int64(st, 1, c->id);
        store_bind_int64(st, 2, who->org_id);
        int r = store_step(st, err);
        store_reset(st);
        if (r == STORE_ERROR)
            return db_error(err);
        if (r == STORE_ROW)
            return SERAI_OK;
    }
    /* A draft is not announced: to others it does not exist. */
    return serai_fail(err, SERAI_ENOTFOUND, NULL, "no call with id %" PRId64,
                      c->id);
}

serai_code call_get(store *s, const actor *who, int64_t id, json_t **out,
                    serai_err *err)
{
    *out = NULL;
    call_info c;
    serai_code rc = call_info_load(s, id, &c, err);
    if (rc == SERAI_OK)
        rc = call_visible(s, who, &c, err);
    if (rc == SERAI_OK)
        rc = call_render(s, id, out, err);
    return rc;
}

/* Funders of in, checked against the registry, as rule-set funder docs. */
static serai_code funders_check(store *s, const call_in *in, json_t **docs,
                                serai_err *err)
{
    static const char sql[] =
        "SELECT type, country, name FROM organization WHERE id = $1";
    *docs = json_array();
    for (int i = 0; i < in->nfunders; i++) {
        const funder_in *f = &in->funders[i];
        store_stmt *st;
        serai_code rc = store_prepare(s, sql, &st, err);
        if (rc != SERAI_OK)
            goto fail;
        store_bind_int64(st, 1, f->org);
        int r = store_step(st, err);
        char type[32] = "", country[3] = "", label[ELIG_ID_MAX] = "";
        if (r == STORE_ROW) {
            snprintf(type, sizeof type, "%s", store_col_text(st, 0));
            snprintf(country, sizeof country, "%s", store_col_text(st, 1));
            call_org_label(label, store_col_text(st, 2), f->org);
        }
        store_reset(st);
        char ptr[64];
        snprintf(ptr, sizeof ptr, "/funders/%d/organization_id", i);
        if (r == STORE_ERROR) {
            rc = db_error(err);
            goto fail;
        }
        if (r == STORE_DONE) {
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, ptr,
                            "organisation %" PRId64 " does not exist", f->org);
            goto fail;
        }
        if (strcmp(type, "funding_agency") != 0) {
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, ptr,
                            "organisation %" PRId64 " is a %s, not a funding "
                            "agency", f->org, type);
            goto fail;
        }
        json_array_append_new(*docs, funder_doc(f->org, label, country,
                                                f->currency, f->annex));
        continue;
    fail:
        json_decref(*docs);
        *docs = NULL;
        return rc;
    }
    return SERAI_OK;
}

/* Funders of the stored call as rule-set funder docs. */
static serai_code funders_stored(store *s, int64_t id, json_t **docs,
                                 serai_err *err)
{
    static const char sql[] =
        "SELECT f.org_id, o.country, f.currency, f.annex, o.name "
        "FROM call_funder f "
        "JOIN organization o ON o.id = f.org_id WHERE f.call_id = $1 "
        "ORDER BY f.id";
    *docs = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    json_t *arr = json_array();
    int r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        json_t *annex = store_col_null(st, 3) ? NULL : parse_column(st, 3);
        json_array_append_new(arr, funder_doc(store_col_int64(st, 0),
                                              store_col_text(st, 4),
                                              store_col_text(st, 1),
                                              store_col_text(st, 2), annex));
        json_decref(annex);
    }
    store_reset(st);
    if (r == STORE_ERROR) {
        json_decref(arr);
        return db_error(err);
    }
    *docs = arr;
    return SERAI_OK;
}

/* The rules object of version of call id (new reference), NULL if none. */
static serai_code rules_stored(store *s, int64_t id, int version, json_t **out,
                               serai_err *err)
{
    static const char sql[] =
        "SELECT rules FROM call_rules WHERE call_id = $1 AND version = $2";
    *out = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    store_bind_int64(st, 2, version);
    int r = store_step(st, err);
    if (r == STORE_ROW)
        *out = json_loads(store_col_text(st, 0), 0, NULL);
    store_reset(st);
    return r == STORE_ERROR ? db_error(err) : SERAI_OK;
}

serai_code call_rules_load(store *s, int64_t id, int version, elig_rules *out,
                           int *version_out, serai_err *err)
{
    call_info c;
    serai_code rc = call_info_load(s, id, &c, err);
    if (rc != SERAI_OK)
        return rc;
    if (version == 0)
        version = c.rule_version;
    if (version == 0)
        return serai_fail(err, SERAI_ECONFLICT, NULL,
                          "call %" PRId64 " has no rule set yet", id);
    json_t *funders, *rules;
    if ((rc = funders_stored(s, id, &funders, err)) != SERAI_OK)
        return rc;
    if ((rc = rules_stored(s, id, version, &rules, err)) != SERAI_OK) {
        json_decref(funders);
        return rc;
    }
    if (rules == NULL) {
        json_decref(funders);
        return serai_fail(err, SERAI_ENOTFOUND, NULL,
                          "call %" PRId64 " has no rule set version %d", id,
                          version);
    }
    json_t *doc = rule_doc(c.programme, c.edition, version, funders, rules);
    json_decref(rules);
    rc = elig_rules_from_json(doc, out, err);
    json_decref(doc);
    if (rc != SERAI_OK)  /* stored rules were checked when written */
        return serai_fail(err, SERAI_EINTERNAL, NULL,
                          "stored rule set %d of call %" PRId64
                          " no longer reads: %s", version, id, err->detail);
    if (version_out)
        *version_out = version;
    return SERAI_OK;
}

static serai_code write_stages(store *s, int64_t id, const call_in *in,
                               serai_err *err)
{
    static const char del[] = "DELETE FROM call_stage WHERE call_id = $1";
    static const char ins[] =
        "INSERT INTO call_stage (call_id, seq, kind, opens_at, deadline, "
        "deadline_unix) VALUES ($1, $2, $3, $4, $5, $6)";
    store_stmt *st;
    serai_code rc = store_prepare(s, del, &st, err);
    if (rc == SERAI_OK) {
        store_bind_int64(st, 1, id);
        rc = store_run(st, NULL, err);
    }
    for (int i = 0; rc == SERAI_OK && i < in->nstages; i++) {
        if ((rc = store_prepare(s, ins, &st, err)) != SERAI_OK)
            break;
        store_bind_int64(st, 1, id);
        store_bind_int64(st, 2, i + 1);
        store_bind_text(st, 3, in->stages[i].kind);
        store_bind_text(st, 4, in->stages[i].opens_at);
        store_bind_text(st, 5, in->stages[i].deadline);
        store_bind_int64(st, 6, in->stages[i].deadline_unix);
        rc = store_run(st, NULL, err);
    }
    return rc;
}

static serai_code write_funders(store *s, int64_t id, const call_in *in,
                                serai_err *err)
{
    static const char del[] = "DELETE FROM call_funder WHERE call_id = $1";
    static const char ins[] =
        "INSERT INTO call_funder (call_id, org_id, budget, currency, annex) "
        "VALUES ($1, $2, $3, $4, $5)";
    store_stmt *st;
    serai_code rc = store_prepare(s, del, &st, err);
    if (rc == SERAI_OK) {
        store_bind_int64(st, 1, id);
        rc = store_run(st, NULL, err);
    }
    for (int i = 0; rc == SERAI_OK && i < in->nfunders; i++) {
        if ((rc = store_prepare(s, ins, &st, err)) != SERAI_OK)
            break;
        char *annex = in->funders[i].annex ? json_to_text(in->funders[i].annex)
                                           : NULL;
        store_bind_int64(st, 1, id);
        store_bind_int64(st, 2, in->funders[i].org);
        store_bind_int64(st, 3, in->funders[i].budget);
        store_bind_text(st, 4, in->funders[i].currency);
        store_bind_text(st, 5, annex);
        rc = store_run(st, NULL, err);
        free(annex);
    }
    return rc;
}

/* Store rules as the next version of call id unless equal to the current. */
static serai_code write_rules(store *s, int64_t id, int current,
                              json_t *rules, const char *now, serai_err *err)
{
    static const char ins[] =
        "INSERT INTO call_rules (call_id, version, rules, created_at) "
        "VALUES ($1, $2, $3, $4)";
    static const char upd[] = "UPDATE call SET rule_version = $2 WHERE id = $1";
    if (current > 0) {
        json_t *old;
        serai_code rc = rules_stored(s, id, current, &old, err);
        if (rc != SERAI_OK)
            return rc;
        bool same = old && json_equal(old, rules);
        json_decref(old);
        if (same)
            return SERAI_OK;
    }
    char *text = json_to_text(rules);
    store_stmt *st;
    serai_code rc = store_prepare(s, ins, &st, err);
    if (rc == SERAI_OK) {
        store_bind_int64(st, 1, id);
        store_bind_int64(st, 2, current + 1);
        store_bind_text(st, 3, text);
        store_bind_text(st, 4, now);
        rc = store_run(st, NULL, err);
    }
    free(text);
    if (rc == SERAI_OK && (rc = store_prepare(s, upd, &st, err)) == SERAI_OK) {
        store_bind_int64(st, 1, id);
        store_bind_int64(st, 2, current + 1);
        rc = store_run(st, NULL, err);
    }
    return rc;
}

/* Check the rule set the call would have after this write: the new rules
 * (or the stored ones) over the new funders (or the stored ones). */
static serai_code check_rules_after(store *s, int64_t id, const call_in *in,
                                    const call_info *c, serai_err *err)
{
    if (!in->rules && !in->has_funders)
        return SERAI_OK;
    json_t *funders, *rules = NULL;
    serai_code rc = in->has_funders ? funders_check(s, in, &funders, err)
                                    : funders_stored(s, id, &funders, err);
    if (rc != SERAI_OK)
        return rc;
    if (in->rules)
        rules = json_incref(in->rules);
    else if (c && c->rule_version > 0 &&
             (rc = rules_stored(s, id, c->rule_version, &rules, err)) != SERAI_OK) {
        json_decref(funders);
        return rc;
    }
    if (rules == NULL)
        rules = json_object();
    json_t *doc = rule_doc(in->programme ? in->programme : c->programme,
                           in->edition ? in->edition : c->edition, 1, funders,
                           rules);
    json_decref(rules);
    rc = check_rule_doc(doc, err);
    json_decref(doc);
    return rc;
}

static serai_code commit_audited(store *s, const actor *who, const char *action,
                                 int64_t id, json_t **out, serai_err *err)
{
    char object[48];
    snprintf(object, sizeof object, "call/%" PRId64, id);
    serai_code rc = call_render(s, id, out, err);
    if (rc == SERAI_OK)
        rc = audit_append(s, who, action, object, *out, err);
    if (rc == SERAI_OK)
        rc = store_commit(s, err);
    if (rc != SERAI_OK) {
        store_rollback(s);
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

static json_t *titles_with(json_t *titles, const char *lang, const char *title)
{
    json_t *t = titles ? json_deep_copy(titles) : json_object();
    json_object_set_new(t, lang, json_string(title));
    return t;
}

serai_code call_create(store *s, const actor *who, json_t *body, json_t **out,
                       serai_err *err)
{
    static const char sql[] =
        "INSERT INTO call (programme, edition, title, title_lang, titles, "
        "descriptions, funding_mode, time_zone, status, agenda_issues, "
        "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
        "'draft', $9, $10, $10) RETURNING id";
    *out = NULL;
    if (who->role != ROLE_SECRETARIAT)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "only the secretariat creates calls");
    call_in in;
    serai_code rc = call_read(body, true, &in, err);
    if (rc != SERAI_OK) {
        call_in_free(&in);
        return rc;
    }
    json_t *t = json_object_get(in.titles, in.title_lang);
    if (t && strcmp(json_string_value(t), in.title) != 0) {
        call_in_free(&in);
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/titles",
                          "the %s variant differs from title, which is "
                          "authoritative in that language", in.title_lang);
    }
    json_t *titles = titles_with(in.titles, in.title_lang, in.title);
    char *titles_text = json_to_text(titles);
    json_decref(titles);
    json_t *none = json_object();
    char *descr_text = json_to_text(in.descriptions ? in.descriptions : none);
    json_decref(none);
    char *agenda_text = in.agenda ? json_to_text(in.agenda) : NULL;
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    int64_t id = 0;
    if ((rc = store_begin(s, err)) != SERAI_OK)
        goto done;
    store_stmt *st;
    if ((rc = check_rules_after(s, 0, &in, NULL, err)) == SERAI_OK &&
        (rc = store_prepare(s, sql, &st, err)) == SERAI_OK) {
        store_bind_text(st, 1, in.programme);
        store_bind_text(st, 2, in.edition);
        store_bind_text(st, 3, in.title);
        store_bind_text(st, 4, in.title_lang);
        store_bind_text(st, 5, titles_text);
        store_bind_text(st, 6, descr_text);
        store_bind_text(st, 7, in.funding_mode);
        store_bind_text(st, 8, in.time_zone);
        store_bind_text(st, 9, agenda_text ? agenda_text : "[]");
        store_bind_text(st, 10, now);
        int r = store_step(st, err);
        if (r == STORE_ROW)
            id = store_col_int64(st, 0);
        store_reset(st);
        if (r == STORE_ERROR)
            rc = err->code == SERAI_ECONFLICT
                     ? serai_fail(err, SERAI_ECONFLICT, "/edition",
                                  "%s already has a call for edition %s",
                                  in.programme, in.edition)
                     : db_error(err);
    }
    if (rc == SERAI_OK)
        rc = write_stages(s, id, &in, err);
    if (rc == SERAI_OK && in.has_funders)
        rc = write_funders(s, id, &in, err);
    if (rc == SERAI_OK && in.rules)
        rc = write_rules(s, id, 0, in.rules, now, err);
    if (rc != SERAI_OK)
        store_rollback(s);
    else
        rc = commit_audited(s, who, "call.create", id, out, err);
done:
    free(titles_text);
    free(descr_text);
    free(agenda_text);
    call_in_free(&in);
    return rc;
}

serai_code call_update(store *s, const actor *who, int64_t id, json_t *body,
                       json_t **out, serai_err *err)
{
    static const char sql[] =
        "UPDATE call SET title = COALESCE($2, title), "
        "title_lang = COALESCE($3, title_lang), titles = COALESCE($4, titles), "
        "descriptions = COALESCE($5, descriptions), "
        "funding_mode = COALESCE($6, funding_mode), "
        "time_zone = COALESCE($7, time_zone), "
        "agenda_issues = COALESCE($8, agenda_issues), updated_at = $9 "
        "WHERE id = $1";
    static const char titles_sql[] =
        "SELECT title, title_lang, titles FROM call WHERE id = $1";
    *out = NULL;
    if (who->role != ROLE_SECRETARIAT)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "only the secretariat changes calls");
    call_in in;
    serai_code rc = call_read(body, false, &in, err);
    if (rc != SERAI_OK) {
        call_in_free(&in);
        return rc;
    }
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    char *titles_text = NULL, *descr_text = NULL, *agenda_text = NULL;
    call_info c;
    if ((rc = store_begin(s, err)) != SERAI_OK)
        goto done;
    if ((rc = call_info_load(s, id, &c, err)) != SERAI_OK)
        goto fail;
    bool draft = strcmp(c.status, "draft") == 0;
    if (!draft && strcmp(c.status, "open") != 0) {
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "call %" PRId64 " is %s; only draft and open calls "
                        "change", id, c.status);
        goto fail;
    }
    if (!draft && (in.has_funders || in.rules || in.funding_mode)) {
        rc = serai_fail(err, SERAI_ECONFLICT,
                        in.has_funders ? "/funders"
                        : in.rules     ? "/rules"
                                       : "/funding_mode",
                        "call %" PRId64 " is open; its funders, funding mode "
                        "and rules are fixed", id);
        goto fail;
    }
    if (!draft && in.has_stages) {
        if (in.nstages != c.nstages) {
            rc = serai_fail(err, SERAI_ECONFLICT, "/stages",
                            "call %" PRId64 " is open; its stages are fixed, "
                            "only their deadlines may move later", id);
            goto fail;
        }
        for (int i = 0; i < in.nstages; i++)
            if (strcmp(in.stages[i].kind, c.stages[i].kind) != 0 ||
                in.stages[i].deadline_unix < c.stages[i].deadline_unix) {
                char ptr[48];
                snprintf(ptr, sizeof ptr, "/stages/%d/deadline", i);
                rc = serai_fail(err, SERAI_ECONFLICT, ptr,
                                "call %" PRId64 " is open; a deadline may move "
                                "later (from %s), not earlier", id,
                                c.stages[i].deadline);
                goto fail;
            }
    }
    /* Titles: merge the variants given into the stored ones. */
    if (in.title || in.titles) {
        store_stmt *st;
        if ((rc = store_prepare(s, titles_sql, &st, err)) != SERAI_OK)
            goto fail;
        store_bind_int64(st, 1, id);
        json_t *stored = NULL;
        char title[CALL_TITLE_MAX + 1] = "", lang[4] = "";
        if (store_step(st, err) == STORE_ROW) {
            snprintf(title, sizeof title, "%s", store_col_text(st, 0));
            snprintf(lang, sizeof lang, "%s", store_col_text(st, 1));
            stored = json_loads(store_col_text(st, 2), 0, NULL);
        }
        store_reset(st);
        if (!stored)
            stored = json_object();
        if (in.titles)
            json_object_update(stored, in.titles);
        const char *main_title = in.title ? in.title : title;
        const char *main_lang = in.title_lang ? in.title_lang : lang;
        json_t *t = json_object_get(stored, main_lang);
        if (in.titles && json_object_get(in.titles, main_lang) && t &&
            strcmp(json_string_value(t), main_title) != 0) {
            json_decref(stored);
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/titles",
                            "the %s variant differs from title, which is "
                            "authoritative in that language", main_lang);
            goto fail;
        }
        json_object_set_new(stored, main_lang, json_string(main_title));
        titles_text = json_to_text(stored);
        json_decref(stored);
    }
    if (in.descriptions)
        descr_text = json_to_text(in.descriptions);
    if (in.agenda)
        agenda_text = json_to_text(in.agenda);
    if ((rc = check_rules_after(s, id, &in, &c, err)) != SERAI_OK)
        goto fail;
    store_stmt *st;
    if ((rc = store_prepare(s, sql, &st, err)) != SERAI_OK)
        goto fail;
    store_bind_int64(st, 1, id);
    store_bind_text(st, 2, in.title);
    store_bind_text(st, 3, in.title_lang);
    store_bind_text(st, 4, titles_text);
    store_bind_text(st, 5, descr_text);
    store_bind_text(st, 6, in.funding_mode);
    store_bind_text(st, 7, in.time_zone);
    store_bind_text(st, 8, agenda_text);
    store_bind_text(st, 9, now);
    if ((rc = store_run(st, NULL, err)) != SERAI_OK)
        goto fail;
    if (in.has_stages && (rc = write_stages(s, id, &in, err)) != SERAI_OK)
        goto fail;
    if (in.has_funders && (rc = write_funders(s, id, &in, err)) != SERAI_OK)
        goto fail;
    if (in.rules &&
        (rc = write_rules(s, id, c.rule_version, in.rules, now, err)) != SERAI_OK)
        goto fail;
    rc = commit_audited(s, who, "call.update", id, out, err);
    goto done;
fail:
    store_rollback(s);
done:
    free(titles_text);
    free(descr_text);
    free(agenda_text);
    call_in_free(&in);
    return rc;
}

serai_code call_list(store *s, const actor *who, const call_filter *f,
                     json_t **out, serai_err *err)
{
    /* $4: 1 = the actor sees drafts of every call, 0 = only those it funds
     * ($5), none for the rest. */
    static const char sql[] =
        "SELECT id FROM call WHERE id > $1 "
        "AND (CAST($2 AS TEXT) IS NULL OR status = CAST($2 AS TEXT)) "
        "AND (CAST($3 AS TEXT) IS NULL OR programme = CAST($3 AS TEXT)) "
        "AND (status <> 'draft' OR $4 = 1 OR EXISTS (SELECT 1 FROM "
        "call_funder cf WHERE cf.call_id = call.id AND cf.org_id = $5)) "
        "ORDER BY id LIMIT $6";
    *out = NULL;
    if (f->status && index_of(f->status, call_statuses) < 0)
        return serai_fail(err, SERAI_EINVAL, "?status",
                          "status must be draft, open, closed, in_evaluation "
                          "or decided");
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, f->page.after);
    store_bind_text(st, 2, f->status);
    store_bind_text(st, 3, f->programme);
    store_bind_int64(st, 4, who->role == ROLE_SECRETARIAT);
    store_bind_int64(st, 5, who->role == ROLE_FUNDER ? who->org_id : -1);
    store_bind_int64(st, 6, (int64_t)f->page.limit + 1);
    int64_t ids[PAGE_MAX_LIMIT + 1];
    int n = 0, r;
    while ((r = store_step(st, err)) == STORE_ROW && n <= f->page.limit)
        ids[n++] = store_col_int64(st, 0);
    store_reset(st);
    if (r == STORE_ERROR)
        return db_error(err);
    int more = n > f->page.limit;
    if (more)
        n = f->page.limit;
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        json_t *c;
        if ((rc = call_render(s, ids[i], &c, err)) != SERAI_OK) {
            json_decref(items);
            return rc;
        }
        json_array_append_new(items, c);
    }
    *out = page_result(items, n ? ids[n - 1] : 0, more);
    return SERAI_OK;
}

serai_code call_rules_get(store *s, const actor *who, int64_t id, int version,
                          json_t **out, serai_err *err)
{
    *out = NULL;
    call_info c;
    serai_code rc = call_info_load(s, id, &c, err);
    if (rc == SERAI_OK)
        rc = call_visible(s, who, &c, err);
    if (rc != SERAI_OK)
        return rc;
    static const char sql[] =
        "SELECT version, rules, created_at FROM call_rules WHERE call_id = $1 "
        "AND ($2 = 0 OR version = $2) ORDER BY version";
    store_stmt *st;
    if ((rc = store_prepare(s, sql, &st, err)) != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    store_bind_int64(st, 2, version);
    json_t *items = json_array();
    int r;
    while ((r = store_step(st, err)) == STORE_ROW)
        json_array_append_new(
            items, json_pack("{s:I, s:I, s:o, s:s}", "call_id", (json_int_t)id,
                             "version", (json_int_t)store_col_int64(st, 0),
                             "rules", parse_column(st, 1), "created_at",
                             store_col_text(st, 2)));
    store_reset(st);
    if (r == STORE_ERROR) {
        json_decref(items);
        return db_error(err);
    }
    if (version > 0) {
        json_t *one = json_incref(json_array_get(items, 0));
        json_decref(items);
        if (one == NULL)
            return serai_fail(err, SERAI_ENOTFOUND, NULL,
                              "call %" PRId64 " has no rule set version %d", id,
                              version);
        *out = one;
        return SERAI_OK;
    }
    *out = json_pack("{s:o, s:n}", "items", items, "next");
    return SERAI_OK;
}

serai_code call_transition(store *s, const actor *who, int64_t id,
                           const char *to, json_t **out, serai_err *err)
{
    static const char sql[] =
        "UPDATE call SET status = $2, updated_at = $3 WHERE id = $1";
    static const char funders_sql[] =
        "SELECT count(*) FROM call_funder WHERE call_id = $1";
    *out = NULL;
    if (who->role != ROLE_SECRETARIAT)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "only the secretariat moves a call along");
    int target = index_of(to, call_statuses);
    if (target <= 0)
        return serai_fail(err, SERAI_EINVAL, "/status",
                          "a call moves to open, closed, in_evaluation or "
                          "decided");
    int64_t now_unix = clock_now();
    char now[CLOCK_ISO_LEN];
    clock_format(now_unix, now);
    serai_code rc = store_begin(s, err);
    if (rc != SERAI_OK)
        return rc;
    call_info c;
    if ((rc = call_info_load(s, id, &c, err)) != SERAI_OK)
        goto fail;
    int from = index_of(c.status, call_statuses);
    if (target != from + 1) {
        rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                        "call %" PRId64 " is %s; it can move only to %s", id,
                        c.status,
                        call_statuses[from + 1] ? call_statuses[from + 1]
                                                : "nothing further");
        goto fail;
    }
    if (target == 1) {
        int64_t nfunders = 0;
        if ((rc = store_lookup_id(s, funders_sql, id, &nfunders, err)) != SERAI_OK)
            goto fail;
        const char *why = nfunders == 0      ? "it has no funders"
                          : c.rule_version == 0 ? "it has no rule set"
                          : c.nstages == 0      ? "it has no stages"
                          : c.stages[c.nstages - 1].deadline_unix <= now_unix
                              ? "its last deadline has passed"
                              : NULL;
        if (why) {
            rc = serai_fail(err, SERAI_ECONFLICT, NULL,
                            "call %" PRId64 " cannot open: %s", id, why);
            goto fail;
        }
    }
    store_stmt *st;
    if ((rc = store_prepare(s, sql, &st, err)) != SERAI_OK)
        goto fail;
    store_bind_int64(st, 1, id);
    store_bind_text(st, 2, to);
    store_bind_text(st, 3, now);
    if ((rc = store_run(st, NULL, err)) != SERAI_OK)
        goto fail;
    /* Closing and starting the evaluation judge the rounds once more, so
     * that commitment windows that ran out since are settled. */
    if ((target == 2 || target == 3) &&
        (rc = proposal_settle_call(s, who, id, now_unix, err)))
        goto fail;
    char action[32];
    snprintf(action, sizeof action, "call.%s",
             target == 1   ? "open"
             : target == 2 ? "close"
             : target == 3 ? "evaluate"
                           : "decide");
    return commit_audited(s, who, action, id, out, err);
fail:
    store_rollback(s);
    return rc;
}
