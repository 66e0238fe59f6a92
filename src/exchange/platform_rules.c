/*
 * platform_rules.c -- see platform_rules.h.  One function per rule, each a
 * straight line: measure, compare, explain; figures are written the way
 * the eligibility engine writes them (elig_format_bp, elig_format_share).
 */
#include "exchange/platform_rules.h"

#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "project/rules.h"
#include "registry/iso.h"

__extension__ typedef __int128 i128;

#define MEMBER_COUNTRIES "member_countries"
#define ISO_SLOTS 256         /* >= iso_country_count (249) */

bool platform_list_known(const char *name)
{
    elig_country_set scratch;
    return strcmp(name, MEMBER_COUNTRIES) == 0 ||
           platform_region_countries(name, &scratch);
}

bool platform_region_countries(const char *name, elig_country_set *out)
{
    if (name[0] == '\0')
        return false;
    elig_country_set found = {0};
    for (size_t i = 0; i < iso_country_count && found.n < ELIG_MAX_COUNTRIES; i++)
        if (strcmp(iso_countries[i].region, name) == 0 ||
            strcmp(iso_countries[i].subregion, name) == 0)
            memcpy(found.codes[found.n++], iso_countries[i].alpha2, 3);
    if (found.n == 0)
        return false;
    *out = found;
    return true;
}

/* ---- reading ---- */

static serai_code read_rules(json_t *doc, const char *P, platform_rules *r,
                             serai_err *err)
{
    static const char *const keys[] = {"enforce", "min_countries", "min_mc_countries",
                                       "target_country_quota", "max_share_per_country",
                                       NULL};
    char ptr[96];
    int64_t v = 0;
    bool has = false;
    if (!json_is_object(doc))
        return serai_fail(err, SERAI_EINVAL, P[0] ? P : NULL,
                          "the rules are an object such as {\"min_countries\": 7}");
    serai_code rc = json_only_keys(doc, keys, P, err);
    if (rc == SERAI_OK)
        rc = json_get_bool(doc, "enforce", false, P, &r->enforce, NULL, err);
    if (rc == SERAI_OK)
        rc = json_get_int(doc, "min_countries", false, 1, ELIG_MAX_COUNTRIES, P, &v,
                          &has, err);
    if (rc == SERAI_OK && has)
        r->min_countries.present = true, r->min_countries.min = (int)v;
    if (rc == SERAI_OK)
        rc = json_get_int(doc, "min_mc_countries", false, 1, ELIG_MAX_COUNTRIES, P, &v,
                          &has, err);
    if (rc == SERAI_OK && has)
        r->min_mc_countries.present = true, r->min_mc_countries.min = (int)v;
    if (rc != SERAI_OK)
        return rc;

    json_t *o = json_object_get(doc, "target_country_quota");
    snprintf(ptr, sizeof ptr, "%s/target_country_quota", P);
    if (o && !json_is_null(o)) {
        static const char *const tq_keys[] = {"countries", "list", "basis_points", NULL};
        if (!json_is_object(o))
            return serai_fail(err, SERAI_EINVAL, ptr,
                              "target_country_quota is {\"countries\": [...] or "
                              "\"list\": name, \"basis_points\": 0-10000}");
        const char *list = NULL;
        if ((rc = json_only_keys(o, tq_keys, ptr, err)) ||
            (rc = json_get_int(o, "basis_points", true, 0, 10000, ptr,
                               &r->target_quota.bp, NULL, err)) ||
            (rc = json_get_string(o, "list", false, PLATFORM_LIST_MAX - 1, ptr, &list,
                                  err)))
            return rc;
        bool has_countries = json_object_get(o, "countries") != NULL;
        if (has_countries == (list != NULL))
            return serai_fail(err, SERAI_EINVAL, ptr,
                              "target_country_quota names its countries or a list "
                              "(\"member_countries\" or a UN region), exactly one");
        if (list && !platform_list_known(list)) {
            char field[112];
            snprintf(field, sizeof field, "%s/list", ptr);
            return serai_fail(err, SERAI_EINVAL, field,
                              "list is \"member_countries\" or a UN M49 region or "
                              "subregion such as \"Africa\", not \"%s\"", list);
        }
        if (list)
            snprintf(r->target_quota.list, sizeof r->target_quota.list, "%s", list);
        else if ((rc = elig_countries_from_json(o, "countries", ptr, true,
                                                &r->target_quota.countries, err)))
            return rc;
        r->target_quota.present = true;
    }

    o = json_object_get(doc, "max_share_per_country");
    snprintf(ptr, sizeof ptr, "%s/max_share_per_country", P);
    if (o && !json_is_null(o)) {
        static const char *const ms_keys[] = {"basis_points", NULL};
        if (!json_is_object(o))
            return serai_fail(err, SERAI_EINVAL, ptr,
                              "max_share_per_country is {\"basis_points\": 0-10000}");
        if ((rc = json_only_keys(o, ms_keys, ptr, err)) ||
            (rc = json_get_int(o, "basis_points", true, 0, 10000, ptr,
                               &r->max_share_country.bp, NULL, err)))
            return rc;
        r->max_share_country.present = true;
    }
    return SERAI_OK;
}

serai_code platform_rules_from_json(json_t *doc, const char *prefix,
                                    platform_rules *out, serai_err *err)
{
    memset(out, 0, sizeof *out);
    serai_code rc = read_rules(doc, prefix ? prefix : "", out, err);
    if (rc != SERAI_OK)
        memset(out, 0, sizeof *out);
    return rc;
}

json_t *platform_rules_json(const platform_rules *r)
{
    json_t *o = json_object();
    if (r->enforce)
        json_object_set_new(o, "enforce", json_true());
    if (r->min_countries.present)
        json_object_set_new(o, "min_countries", json_integer(r->min_countries.min));
    if (r->min_mc_countries.present)
        json_object_set_new(o, "min_mc_countries",
                            json_integer(r->min_mc_countries.min));
    if (r->target_quota.present) {
        json_t *tq = json_object();
        if (r->target_quota.list[0]) {
            json_object_set_new(tq, "list", json_string(r->target_quota.list));
        } else {
            json_t *cs = json_array();
            for (int i = 0; i < r->target_quota.countries.n; i++)
                json_array_append_new(cs, json_string(r->target_quota.countries.codes[i]));
            json_object_set_new(tq, "countries", cs);
        }
        json_object_set_new(tq, "basis_points", json_integer(r->target_quota.bp));
        json_object_set_new(o, "target_country_quota", tq);
    }
    if (r->max_share_country.present)
        json_object_set_new(o, "max_share_per_country",
                            json_pack("{s:I}", "basis_points",
                                      (json_int_t)r->max_share_country.bp));
    return o;
}

/* ---- the check ---- */

/* Distinct countries of the members (only the committee's when mc_only),
 * as a flag per ISO entry. */
static int count_countries(const platform_seat *m, size_t n, bool mc_only,
                           bool seen[])
{
    int distinct = 0;
    memset(seen, 0, ISO_SLOTS * sizeof seen[0]);
    for (size_t i = 0; i < n; i++) {
        if (mc_only && !m[i].mc)
            continue;
        const iso_country *c = iso_country_by_alpha2(m[i].country);
        if (c == NULL)
            continue;
        size_t slot = (size_t)(c - iso_countries);
        if (slot < ISO_SLOTS && !seen[slot]) {
            seen[slot] = true;
            distinct++;
        }
    }
    return distinct;
}

static platform_rule_result *rule_begin(platform_check *out, const char *code)
{
    platform_rule_result *x = &out->rules[out->nrules++];
    memset(x, 0, sizeof *x);
    x->code = code;
    return x;
}

static void rule_min(platform_check *out, const char *code, int have, int min,
                     bool committee)
{
    platform_rule_result *x = rule_begin(out, code);
    x->value = have;
    x->limit = min;
    x->pass = have >= min;
    x->needed = x->pass ? 0 : min - have;
    snprintf(x->en, sizeof x->en, "%s come from %d %s; the platform requires at least %d",
             committee ? "The management committee's members" : "The members", have,
             have == 1 ? "country" : "countries", min);
    snprintf(x->zh, sizeof x->zh, "%s来自%d个国家；本平台要求至少%d个",
             committee ? "管理委员会成员" : "成员", have, min);
}

/* Fewest target countries to add so that hits/n reaches bp: the least k
 * with (hits + k) * 10000 >= bp * (n + k); -1 when none is enough. */
static int64_t targets_needed(int64_t hits, int64_t n, int64_t bp)
{
    i128 gap = (i128)bp * n - (i128)hits * 10000;
    if (gap <= 0 && n > 0)
        return 0;
    if (bp >= 10000)
        return n > 0 ? -1 : 1;
    if (gap <= 0)
        return 1;             /* no members yet: one target country */
    i128 per = 10000 - bp;
    return (int64_t)((gap + per - 1) / per);
}

static void rule_target_quota(platform_check *out, const platform_rules *r,
                              const bool seen[], int ncountries)
{
    platform_rule_result *x = rule_begin(out, "target_country_quota");
    int hits = 0;
    const elig_country_set *t = &r->target_quota.countries;
    for (int i = 0; i < t->n; i++) {
        const iso_country *c = iso_country_by_alpha2(t->codes[i]);
        bool dup = false;
        for (int j = 0; j < i && !dup; j++)
            dup = strcmp(t->codes[j], t->codes[i]) == 0;
        if (c && !dup && (size_t)(c - iso_countries) < ISO_SLOTS && seen[c - iso_countries])
            hits++;
    }
    int64_t bp = r->target_quota.bp;
    x->value = hits;
    x->whole = ncountries;
    x->limit = bp;
    x->pass = ncountries > 0 && (i128)hits * 10000 >= (i128)bp * ncountries;
    x->needed = targets_needed(hits, ncountries, bp);
    char pct[24], lim[24];
    elig_format_share(pct, sizeof pct, hits, ncountries, bp);
    elig_format_bp(lim, sizeof lim, bp);
    int used = snprintf(x->en, sizeof x->en,
                        "%d of %d countries (%s) are target countries; the platform "
                        "requires at least %s", hits, ncountries, pct, lim);
    int usedz = snprintf(x->zh, sizeof x->zh,
                         "%d个国家中有%d个（%s）是目标国家；本平台要求至少%s",
                         ncountries, hits, pct, lim);
    if (!x->pass && x->needed > 0 && used > 0 && usedz > 0) {
        snprintf(x->en + used, sizeof x->en - (size_t)used,
                 "; %lld more from target countries would pass", (long long)x->needed);
        snprintf(x->zh + usedz, sizeof x->zh - (size_t)usedz, "；再增加%lld个目标国家即可",
                 (long long)x->needed);
    }
}

static void rule_max_share(platform_check *out, const platform_rules *r,
                           const platform_seat *m, size_t n)
{
    platform_rule_result *x = rule_begin(out, "max_share_per_country");
    int64_t bp = r->max_share_country.bp;
    size_t worst = 0;
    int64_t worst_n = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t k = 0;
        for (size_t j = 0; j < n; j++)
            k += strcmp(m[j].country, m[i].country) == 0;
        if (k > worst_n) {
            worst_n = k;
            worst = i;
        }
    }
    x->value = worst_n;
    x->whole = (int64_t)n;
    x->limit = bp;
    x->pass = (i128)worst_n * 10000 <= (i128)bp * (i128)n;
    char lim[24];
    elig_format_bp(lim, sizeof lim, bp);
    if (n == 0) {
        snprintf(x->en, sizeof x->en, "The platform has no members; at most %s may "
                 "come from one country", lim);
        snprintf(x->zh, sizeof x->zh, "本平台没有成员；每个国家至多占%s", lim);
        return;
    }
    char cc[3]; /* a copy: the explanation is written into x, which the
                   compiler cannot tell apart from m */
    memcpy(cc, m[worst].country, sizeof cc);
    cc[2] = '\0';
    memcpy(x->country, cc, 3);
    char pct[24];
    elig_format_share(pct, sizeof pct, worst_n, (int64_t)n, bp);
    snprintf(x->en, sizeof x->en, "%lld of %zu members (%s) come from %s; the platform "
             "allows at most %s per country", (long long)worst_n, n, pct, cc, lim);
    snprintf(x->zh, sizeof x->zh, "%zu个成员中有%lld个（%s）来自%s；本平台规定每个国家"
             "至多占%s", n, (long long)worst_n, pct, cc, lim);
}

bool platform_rules_check(const platform_rules *r, const platform_seat *members,
                          size_t n, platform_check *out)
{
    bool seen[ISO_SLOTS];
    out->nrules = 0;
    int ncountries = count_countries(members, n, false, seen);
    if (r->min_countries.present)
        rule_min(out, "min_countries", ncountries, r->min_countries.min, false);
    if (r->target_quota.present)
        rule_target_quota(out, r, seen, ncountries);
    if (r->max_share_country.present)
        rule_max_share(out, r, members, n);
    if (r->min_mc_countries.present) {
        bool mc_seen[ISO_SLOTS];
        rule_min(out, "min_mc_countries", count_countries(members, n, true, mc_seen),
                 r->min_mc_countries.min, true);
    }
    out->passes = true;
    for (int i = 0; i < out->nrules; i++)
        out->passes = out->passes && out->rules[i].pass;
    return out->passes;
}

const platform_rule_result *platform_check_find(const platform_check *c,
                                                const char *code)
{
    for (int i = 0; i < c->nrules; i++)
        if (strcmp(c->rules[i].code, code) == 0)
            return &c->rules[i];
    return NULL;
}

static json_t *figures_json(const platform_rule_result *x)
{
    json_t *needed = x->needed < 0 ? json_null() : json_integer(x->needed);
    if (strcmp(x->code, "target_country_quota") == 0)
        return json_pack("{s:I, s:I, s:I, s:o}", "target_countries",
                         (json_int_t)x->value, "countries", (json_int_t)x->whole,
                         "basis_points", (json_int_t)x->limit, "needed", needed);
    json_decref(needed);
    if (strcmp(x->code, "max_share_per_country") == 0)
        return json_pack("{s:s?, s:I, s:I, s:I}", "country",
                         x->country[0] ? x->country : NULL, "members",
                         (json_int_t)x->value, "total", (json_int_t)x->whole,
                         "basis_points", (json_int_t)x->limit);
    return json_pack("{s:I, s:I, s:I}", "countries", (json_int_t)x->value, "min",
                     (json_int_t)x->limit, "needed", (json_int_t)x->needed);
}

json_t *platform_check_json(const platform_check *c)
{
    json_t *rules = json_array();
    for (int i = 0; i < c->nrules; i++) {
        const platform_rule_result *x = &c->rules[i];
        json_array_append_new(rules, json_pack("{s:s, s:b, s:s, s:s, s:o}", "code",
                                               x->code, "pass", x->pass, "en", x->en,
                                               "zh", x->zh, "figures", figures_json(x)));
    }
    return json_pack("{s:b, s:o}", "passes", c->passes, "rules", rules);
}
