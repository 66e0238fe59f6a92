/*
 * rules.c -- see rules.h.  Each reader walks one object: refuse unknown
 * keys, read each field with its bounds, and name the JSON pointer of the
 * first field at fault.
 */
#include "project/rules.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/ident.h"
#include "core/json.h"
#include "core/jsonw.h"
#include "core/mem.h"
#include "registry/iso.h"

/* The organisation types of the registry (registry/org.h), repeated here so
 * that the engine stays free of the store. */
static const char *const elig_org_types[] = {
    "university", "research_institute", "funding_agency", "enterprise", "sme",
    "ngo", "international_organization", NULL,
};

#define PTR_MAX SERAI_ERR_FIELD_MAX

/* A pointer longer than PTR_MAX is cut short; the error still names the
 * field's start, which is what a reader needs. */
static void ptr_join(char *out, const char *prefix, const char *key)
{
    if (snprintf(out, PTR_MAX, "%s/%s", prefix, key) >= PTR_MAX)
        out[PTR_MAX - 1] = '\0';
}

static void ptr_index(char *out, const char *prefix, size_t i)
{
    if (snprintf(out, PTR_MAX, "%s/%zu", prefix, i) >= PTR_MAX)
        out[PTR_MAX - 1] = '\0';
}

static void copy_str(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* obj[key] as an object (*out NULL when absent). */
static serai_code get_object(json_t *obj, const char *key, const char *prefix,
                             const char *const allowed[], json_t **out,
                             char *ptr, serai_err *err)
{
    ptr_join(ptr, prefix, key);
    *out = NULL;
    json_t *v = json_object_get(obj, key);
    if (v == NULL || json_is_null(v))
        return SERAI_OK;
    if (!json_is_object(v))
        return serai_fail(err, SERAI_EINVAL, ptr, "%s must be an object", key);
    *out = v;
    return allowed ? json_only_keys(v, allowed, ptr, err) : SERAI_OK;
}

/* obj[key] as an array of 0..max items (*out NULL when absent). */
static serai_code get_array(json_t *obj, const char *key, const char *prefix,
                            size_t max, bool required, json_t **out, char *ptr,
                            serai_err *err)
{
    ptr_join(ptr, prefix, key);
    *out = NULL;
    json_t *v = json_object_get(obj, key);
    if (v == NULL || json_is_null(v)) {
        if (required)
            return serai_fail(err, SERAI_EINVAL, ptr, "%s is required", key);
        return SERAI_OK;
    }
    if (!json_is_array(v))
        return serai_fail(err, SERAI_EINVAL, ptr, "%s must be an array", key);
    if (json_array_size(v) > max)
        return serai_fail(err, SERAI_ETOOLARGE, ptr,
                          "%s has %zu entries; at most %zu are allowed", key,
                          json_array_size(v), max);
    *out = v;
    return SERAI_OK;
}

static serai_code read_countries(json_t *obj, const char *key, const char *prefix,
                                 bool required, elig_country_set *out, serai_err *err)
{
    char ptr[PTR_MAX], item[PTR_MAX];
    json_t *arr;
    serai_code rc = get_array(obj, key, prefix, ELIG_MAX_COUNTRIES, required, &arr, ptr, err);
    if (rc || arr == NULL)
        return rc;
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        ptr_index(item, ptr, i);
        if (!json_is_string(v) || iso_country_by_alpha2(json_string_value(v)) == NULL)
            return serai_fail(err, SERAI_EINVAL, item,
                              "%s must hold ISO 3166-1 alpha-2 codes such as \"DE\"", key);
        memcpy(out->codes[out->n++], json_string_value(v), 3);
    }
    return SERAI_OK;
}

serai_code elig_countries_from_json(json_t *obj, const char *key, const char *prefix,
                                    bool required, elig_country_set *out, serai_err *err)
{
    return read_countries(obj, key, prefix, required, out, err);
}

static bool type_known(const char *t)
{
    for (size_t i = 0; elig_org_types[i]; i++)
        if (strcmp(t, elig_org_types[i]) == 0)
            return true;
    return false;
}

static serai_code read_types(json_t *obj, const char *key, const char *prefix,
                             bool required, elig_type_set *out, serai_err *err)
{
    char ptr[PTR_MAX], item[PTR_MAX];
    json_t *arr;
    serai_code rc = get_array(obj, key, prefix, ELIG_MAX_TYPES, required, &arr, ptr, err);
    if (rc || arr == NULL)
        return rc;
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        ptr_index(item, ptr, i);
        if (!json_is_string(v) || !type_known(json_string_value(v)))
            return serai_fail(err, SERAI_EINVAL, item,
                              "%s must hold organisation types such as \"sme\" or \"university\"",
                              key);
        copy_str(out->names[out->n++], ELIG_NAME_MAX, json_string_value(v));
    }
    return SERAI_OK;
}

static bool region_known(const char *name)
{
    for (size_t i = 0; i < iso_country_count; i++)
        if (strcmp(iso_countries[i].region, name) == 0 ||
            strcmp(iso_countries[i].subregion, name) == 0)
            return name[0] != '\0';
    return false;
}

static serai_code read_bp(json_t *obj, const char *prefix, int64_t *out, serai_err *err)
{
    return json_get_int(obj, "basis_points", true, 0, 10000, prefix, out, NULL, err);
}

static serai_code read_bounds(json_t *obj, const char *prefix, int64_t lo, int64_t hi,
                              elig_bounds *b, serai_err *err)
{
    serai_code rc = json_get_int(obj, "min", false, lo, hi, prefix, &b->min, &b->has_min, err);
    if (!rc)
        rc = json_get_int(obj, "max", false, lo, hi, prefix, &b->max, &b->has_max, err);
    if (rc)
        return rc;
    if (!b->has_min && !b->has_max)
        return serai_fail(err, SERAI_EINVAL, prefix, "give min, max or both");
    if (b->has_min && b->has_max && b->min > b->max) {
        char ptr[PTR_MAX];
        ptr_join(ptr, prefix, "max");
        return serai_fail(err, SERAI_EINVAL, ptr, "max is below min");
    }
    b->present = true;
    return SERAI_OK;
}

static serai_code read_funder(json_t *f, const char *ptr, elig_funder *out, serai_err *err)
{
    static const char *const keys[] = {"id", "country", "currency", "annex", NULL};
    static const char *const annex_keys[] = {"min_request", "max_request", "types",
                                             "max_duration_months", "own_country_only", NULL};
    if (!json_is_object(f))
        return serai_fail(err, SERAI_EINVAL, ptr, "a funder must be an object");
    serai_code rc = json_only_keys(f, keys, ptr, err);
    const char *id, *country, *currency;
    char field[PTR_MAX];
    if (!rc)
        rc = json_get_string(f, "id", true, ELIG_ID_MAX - 1, ptr, &id, err);
    if (!rc)
        rc = json_get_string(f, "country", true, 2, ptr, &country, err);
    if (!rc)
        rc = json_get_string(f, "currency", true, 3, ptr, &currency, err);
    if (rc)
        return rc;
    if (iso_country_by_alpha2(country) == NULL) {
        ptr_join(field, ptr, "country");
        return serai_fail(err, SERAI_EINVAL, field, "unknown country code \"%s\"", country);
    }
    if (iso_currency_by_code(currency) == NULL) {
        ptr_join(field, ptr, "currency");
        return serai_fail(err, SERAI_EINVAL, field, "unknown currency code \"%s\"", currency);
    }
    copy_str(out->id, sizeof out->id, id);
    copy_str(out->country, sizeof out->country, country);
    copy_str(out->currency, sizeof out->currency, currency);
    json_t *a;
    char aptr[PTR_MAX];
    if ((rc = get_object(f, "annex", ptr, annex_keys, &a, aptr, err)) || a == NULL)
        return rc;
    elig_annex *an = &out->annex;
    int64_t months = 0;
    an->present = true;
    rc = json_get_int(a, "min_request", false, 0, INT64_MAX, aptr, &an->min_request,
                      &an->has_min_request, err);
    if (!rc)
        rc = json_get_int(a, "max_request", false, 0, INT64_MAX, aptr, &an->max_request,
                          &an->has_max_request, err);
    if (!rc)
        rc = read_types(a, "types", aptr, false, &an->types, err);
    if (!rc)
        rc = json_get_int(a, "max_duration_months", false, 1, 1200, aptr, &months,
                          &an->has_max_duration, err);
    if (!rc)
        rc = json_get_bool(a, "own_country_only", false, aptr, &an->own_country_only,
                           NULL, err);
    an->max_duration_months = (int)months;
    if (!rc && an->has_min_request && an->has_max_request && an->min_request > an->max_request) {
        ptr_join(field, aptr, "max_request");
        rc = serai_fail(err, SERAI_EINVAL, field, "max_request is below min_request");
    }
    return rc;
}

static serai_code read_rules(json_t *rules, elig_rules *r, serai_err *err)
{
    static const char *const keys[] = {
        "min_partners", "max_partners", "min_countries", "participating_countries",
        "max_share_per_organisation", "max_share_per_country", "lead_type",
        "min_share_by_type", "target_country_quota", "region_presence", "team_size",
        "pi_member_country", "enterprise_cofunding", "duration_months",
        "max_applications_per_person", "commitment_within_days", NULL};
    const char *P = "/rules";
    char ptr[PTR_MAX];
    json_t *o;
    int64_t v;
    bool has;
    serai_code rc = json_only_keys(rules, keys, P, err);
    if (rc)
        return rc;

    if ((rc = json_get_int(rules, "min_partners", false, 1, ELIG_MAX_PARTNERS, P,
                           &r->partners.min, &r->partners.has_min, err)) ||
        (rc = json_get_int(rules, "max_partners", false, 1, ELIG_MAX_PARTNERS, P,
                           &r->partners.max, &r->partners.has_max, err)))
        return rc;
    r->partners.present = r->partners.has_min || r->partners.has_max;
    if ((rc = json_get_int(rules, "min_countries", false, 1, ELIG_MAX_PARTNERS, P, &v, &has, err)))
        return rc;
    r->min_countries.present = has;
    r->min_countries.min = (int)v;

    static const char *const part_keys[] = {"countries", "allow_own_expense", NULL};
    if ((rc = get_object(rules, "participating_countries", P, part_keys, &o, ptr, err)))
        return rc;
    if (o) {
        r->participating.present = true;
        r->participating.allow_own_expense = true;
        if ((rc = read_countries(o, "countries", ptr, true, &r->participating.countries, err)) ||
            (rc = json_get_bool(o, "allow_own_expense", false, ptr,
                                &r->participating.allow_own_expense, NULL, err)))
            return rc;
    }

    static const char *const bp_keys[] = {"basis_points", NULL};
    if ((rc = get_object(rules, "max_share_per_organisation", P, bp_keys, &o, ptr, err)))
        return rc;
    if (o && !(rc = read_bp(o, ptr, &r->max_share_org.bp, err)))
        r->max_share_org.present = true;
    if (rc || (rc = get_object(rules, "max_share_per_country", P, bp_keys, &o, ptr, err)))
        return rc;
    if (o && !(rc = read_bp(o, ptr, &r->max_share_country.bp, err)))
        r->max_share_country.present = true;
    if (rc)
        return rc;

    static const char *const types_keys[] = {"types", NULL};
    if ((rc = get_object(rules, "lead_type", P, types_keys, &o, ptr, err)))
        return rc;
    if (o) {
        r->lead_type.present = true;
        if ((rc = read_types(o, "types", ptr, true, &r->lead_type.types, err)))
            return rc;
    }

    static const char *const mst_keys[] = {"type", "basis_points", NULL};
    if ((rc = get_object(rules, "min_share_by_type", P, mst_keys, &o, ptr, err)))
        return rc;
    if (o) {
        const char *t;
        if ((rc = json_get_string(o, "type", true, ELIG_NAME_MAX - 1, ptr, &t, err)))
            return rc;
        if (!type_known(t)) {
            char f[PTR_MAX];
            ptr_join(f, ptr, "type");
            return serai_fail(err, SERAI_EINVAL, f, "unknown organisation type \"%s\"", t);
        }
        copy_str(r->min_share_type.type, ELIG_NAME_MAX, t);
        if ((rc = read_bp(o, ptr, &r->min_share_type.bp, err)))
            return rc;
        r->min_share_type.present = true;
    }

    static const char *const tq_keys[] = {"countries", "basis_points", NULL};
    if ((rc = get_object(rules, "target_country_quota", P, tq_keys, &o, ptr, err)))
        return rc;
    if (o) {
        if ((rc = read_countries(o, "countries", ptr, true, &r->target_quota.countries, err)) ||
            (rc = read_bp(o, ptr, &r->target_quota.bp, err)))
            return rc;
        r->target_quota.present = true;
    }

    static const char *const reg_keys[] = {"regions", NULL};
    if ((rc = get_object(rules, "region_presence", P, reg_keys, &o, ptr, err)))
        return rc;
    if (o) {
        json_t *arr;
        char aptr[PTR_MAX], item[PTR_MAX];
        if ((rc = get_array(o, "regions", ptr, ELIG_MAX_REGIONS, true, &arr, aptr, err)))
            return rc;
        size_t i;
        json_t *s;
        json_array_foreach(arr, i, s) {
            ptr_index(item, aptr, i);
            if (!json_is_string(s) || strlen(json_string_value(s)) >= ELIG_NAME_MAX ||
                !region_known(json_string_value(s)))
                return serai_fail(err, SERAI_EINVAL, item,
                                  "regions must be UN M49 regions or subregions such as \"Africa\"");
            copy_str(r->region.names[r->region.n++], ELIG_NAME_MAX, json_string_value(s));
        }
        if (r->region.n == 0)
            return serai_fail(err, SERAI_EINVAL, aptr, "regions must not be empty");
        r->region.present = true;
    }

    static const char *const team_keys[] = {"min", "max", "per", NULL};
    if ((rc = get_object(rules, "team_size", P, team_keys, &o, ptr, err)))
        return rc;
    if (o) {
        const char *per = NULL;
        if ((rc = read_bounds(o, ptr, 0, 100000, &r->team_size.b, err)) ||
            (rc = json_get_string(o, "per", false, 16, ptr, &per, err)))
            return rc;
        if (per && strcmp(per, "partner") != 0 && strcmp(per, "proposal") != 0) {
            char f[PTR_MAX];
            ptr_join(f, ptr, "per");
            return serai_fail(err, SERAI_EINVAL, f, "per must be \"proposal\" or \"partner\"");
        }
        r->team_size.per_partner = per && strcmp(per, "partner") == 0;
    }

    static const char *const pi_keys[] = {"countries", NULL};
    if ((rc = get_object(rules, "pi_member_country", P, pi_keys, &o, ptr, err)))
        return rc;
    if (o) {
        if ((rc = read_countries(o, "countries", ptr, true, &r->pi_country.countries, err)))
            return rc;
        r->pi_country.present = true;
    }

    static const char *const cof_keys[] = {"basis_points", "count_in_kind", "types", NULL};
    if ((rc = get_object(rules, "enterprise_cofunding", P, cof_keys, &o, ptr, err)))
        return rc;
    if (o) {
        if ((rc = read_bp(o, ptr, &r->cofunding.bp, err)) ||
            (rc = json_get_bool(o, "count_in_kind", false, ptr, &r->cofunding.count_in_kind,
                                NULL, err)) ||
            (rc = read_types(o, "types", ptr, false, &r->cofunding.types, err)))
            return rc;
        if (r->cofunding.types.n == 0) {
            copy_str(r->cofunding.types.names[0], ELIG_NAME_MAX, "sme");
            copy_str(r->cofunding.types.names[1], ELIG_NAME_MAX, "enterprise");
            r->cofunding.types.n = 2;
        }
        r->cofunding.present = true;
    }

    static const char *const dur_keys[] = {"min", "max", NULL};
    if ((rc = get_object(rules, "duration_months", P, dur_keys, &o, ptr, err)))
        return rc;
    if (o && (rc = read_bounds(o, ptr, 1, 1200, &r->duration, err)))
        return rc;

    if ((rc = json_get_int(rules, "max_applications_per_person", false, 1, 1000, P, &v,
                           &has, err)))
        return rc;
    r->per_person.present = has;
    r->per_person.max = (int)v;

    static const char *const com_keys[] = {"days", NULL};
    if ((rc = get_object(rules, "commitment_within_days", P, com_keys, &o, ptr, err)))
        return rc;
    if (o) {
        if ((rc = json_get_int(o, "days", true, 1, 365, ptr, &v, NULL, err)))
            return rc;
        r->commitment.present = true;
        r->commitment.days = (int)v;
    }
    return SERAI_OK;
}

serai_code elig_rules_from_json(json_t *doc, elig_rules *out, serai_err *err)
{
    static const char *const keys[] = {"programme", "edition", "version", "funders",
                                       "rules", NULL};
    elig_rules_init(out);
    const char *programme, *edition;
    int64_t version;
    json_t *funders, *rules;
    char ptr[PTR_MAX];
    serai_code rc = json_is_object(doc) ? json_only_keys(doc, keys, "", err)
                                        : serai_fail(err, SERAI_EINVAL, "",
                                                     "a rule set must be a JSON object");
    if (!rc)
        rc = json_get_string(doc, "programme", true, ELIG_ID_MAX - 1, "", &programme, err);
    if (!rc)
        rc = json_get_string(doc, "edition", true, ELIG_NAME_MAX - 1, "", &edition, err);
    if (!rc)
        rc = json_get_int(doc, "version", true, 1, INT32_MAX, "", &version, NULL, err);
    if (!rc)
        rc = get_array(doc, "funders", "", ELIG_MAX_FUNDERS, false, &funders, ptr, err);
    if (!rc && funders) {
        size_t i;
        json_t *f;
        char fptr[PTR_MAX], idptr[PTR_MAX];
        json_array_foreach(funders, i, f) {
            ptr_index(fptr, ptr, i);
            if ((rc = read_funder(f, fptr, &out->funders[i], err)))
                break;
            for (size_t j = 0; j < i; j++)
                if (strcmp(out->funders[j].id, out->funders[i].id) == 0) {
                    ptr_join(idptr, fptr, "id");
                    rc = serai_fail(err, SERAI_EINVAL, idptr, "funder \"%s\" is declared twice",
                                    out->funders[i].id);
                }
            if (rc)
                break;
            out->nfunders++;
        }
    }
    if (!rc) {
        rules = json_object_get(doc, "rules");
        if (rules == NULL || !json_is_object(rules))
            rc = serai_fail(err, SERAI_EINVAL, "/rules", "rules must be an object");
        else
            rc = read_rules(rules, out, err);
    }
    if (rc) {
        elig_rules_init(out);
        return rc;
    }
    copy_str(out->programme, sizeof out->programme, programme);
    copy_str(out->edition, sizeof out->edition, edition);
    out->version = (int)version;
    return SERAI_OK;
}

serai_code elig_rules_parse(const char *text, size_t len, elig_rules *out, serai_err *err)
{
    json_t *doc;
    elig_rules_init(out);
    serai_code rc = json_parse_object(text, len, &doc, err);
    if (rc)
        return rc;
    rc = elig_rules_from_json(doc, out, err);
    json_decref(doc);
    return rc;
}

/* ---- proposals ------------------------------------------------------- */

/* Days from 1970-01-01 to y-m-d, proleptic Gregorian (Howard Hinnant's
 * days_from_civil): what timegm does, without the TZ environment. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;                                   /* 0..399 */
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* 0..365 */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* 0..146096 */
    return era * 146097 + doe - 719468;
}

static bool two_digits(const char *s, int max, int *out)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return false;
    *out = (s[0] - '0') * 10 + (s[1] - '0');
    return *out <= max;
}

/* obj[key], when present, as exactly "YYYY-MM-DDTHH:MM:SSZ" (UTC, the form
 * clock_format writes) into Unix seconds.  A day that does not exist, a
 * leap second or a time at or before 1970-01-01T00:00:00Z is refused: 0
 * means "none" in the engine.  Absent or null leaves *out 0. */
static serai_code get_time(json_t *obj, const char *key, const char *prefix,
                           int64_t *out, serai_err *err)
{
    const char *s;
    *out = 0;
    serai_code rc = json_get_string(obj, key, false, 64, prefix, &s, err);
    if (rc || s == NULL)
        return rc;
    char date[11];
    int hh, mm, ss;
    bool ok = strlen(s) == CLOCK_ISO_LEN - 1 && s[10] == 'T' && s[13] == ':' &&
              s[16] == ':' && s[19] == 'Z' && two_digits(s + 11, 23, &hh) &&
              two_digits(s + 14, 59, &mm) && two_digits(s + 17, 59, &ss);
    if (ok) {
        memcpy(date, s, 10);
        date[10] = '\0';
        ok = ident_date_valid(date);
    }
    char f[PTR_MAX];
    ptr_join(f, prefix, key);
    if (!ok)
        return serai_fail(err, SERAI_EINVAL, f,
                          "%s must be a UTC time such as \"2026-11-28T14:00:00Z\"", key);
    int64_t y = (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 +
                (date[3] - '0');
    int m = (date[5] - '0') * 10 + (date[6] - '0'), d = (date[8] - '0') * 10 + (date[9] - '0');
    int64_t t = days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
    if (t <= 0)
        return serai_fail(err, SERAI_EINVAL, f, "%s must be after 1970-01-01T00:00:00Z", key);
    *out = t;
    return SERAI_OK;
}

static bool orcid_valid(const char *s)
{
    if (strlen(s) != 19)
        return false;
    for (int i = 0; i < 19; i++) {
        char c = s[i];
        if (i % 5 == 4 ? c != '-' : !((c >= '0' && c <= '9') || (i == 18 && c == 'X')))
            return false;
    }
    return true;
}

static serai_code read_person(json_t *o, const char *ptr, elig_person *out, serai_err *err)
{
    static const char *const keys[] = {"orcid", "id", NULL};
    if (!json_is_object(o))
        return serai_fail(err, SERAI_EINVAL, ptr, "a person must be an object");
    const char *orcid, *id;
    serai_code rc = json_only_keys(o, keys, ptr, err);
    if (!rc)
        rc = json_get_string(o, "orcid", false, 19, ptr, &orcid, err);
    if (!rc)
        rc = json_get_string(o, "id", false, ELIG_ID_MAX - 1, ptr, &id, err);
    if (rc)
        return rc;
    char f[PTR_MAX];
    if (orcid && !orcid_valid(orcid)) {
        ptr_join(f, ptr, "orcid");
        return serai_fail(err, SERAI_EINVAL, f, "orcid must look like 0000-0002-1825-0097");
    }
    if (!orcid && !id)
        return serai_fail(err, SERAI_EINVAL, ptr, "a person needs an orcid or an id");
    copy_str(out->orcid, sizeof out->orcid, orcid ? orcid : "");
    copy_str(out->id, sizeof out->id, id ? id : "");
    return SERAI_OK;
}

static const elig_funder *funder_by_id(const elig_rules *r, const char *id)
{
    for (int i = 0; i < r->nfunders; i++)
        if (strcmp(r->funders[i].id, id) == 0)
            return &r->funders[i];
    return NULL;
}

static serai_code read_partner(json_t *o, const char *ptr, const elig_rules *rules,
                               elig_partner *out, int64_t *total, serai_err *err)
{
    static const char *const keys[] = {"org", "country", "type", "sme", "role",
                                       "own_expense", "requested", "currency", "funder",
                                       "own_cash", "own_in_kind", "pi", "team_size",
                                       "commitment_signed_at", NULL};
    if (!json_is_object(o))
        return serai_fail(err, SERAI_EINVAL, ptr, "a partner must be an object");
    const char *org, *country, *type, *role, *currency, *funder;
    int64_t team = 0;
    char f[PTR_MAX];
    serai_code rc = json_only_keys(o, keys, ptr, err);
    if (!rc)
        rc = json_get_string(o, "org", true, ELIG_ID_MAX - 1, ptr, &org, err);
    if (!rc)
        rc = json_get_string(o, "country", true, 2, ptr, &country, err);
    if (!rc)
        rc = json_get_string(o, "type", true, ELIG_NAME_MAX - 1, ptr, &type, err);
    if (!rc)
        rc = json_get_bool(o, "sme", false, ptr, &out->sme, NULL, err);
    if (!rc)
        rc = json_get_string(o, "role", true, 16, ptr, &role, err);
    if (!rc)
        rc = json_get_bool(o, "own_expense", false, ptr, &out->own_expense, NULL, err);
    if (!rc)
        rc = json_get_int(o, "requested", false, 0, INT64_MAX, ptr, &out->requested, NULL, err);
    if (!rc)
        rc = json_get_string(o, "currency", true, 3, ptr, &currency, err);
    if (!rc)
        rc = json_get_string(o, "funder", false, ELIG_ID_MAX - 1, ptr, &funder, err);
    if (!rc)
        rc = json_get_int(o, "own_cash", false, 0, INT64_MAX, ptr, &out->own_cash, NULL, err);
    if (!rc)
        rc = json_get_int(o, "own_in_kind", false, 0, INT64_MAX, ptr, &out->own_in_kind,
                          NULL, err);
    if (!rc)
        rc = json_get_int(o, "team_size", false, 0, 100000, ptr, &team, NULL, err);
    if (!rc)
        rc = get_time(o, "commitment_signed_at", ptr, &out->committed_at, err);
    if (rc)
        return rc;
    out->team_size = (int)team;
    if (iso_country_by_alpha2(country) == NULL) {
        ptr_join(f, ptr, "country");
        return serai_fail(err, SERAI_EINVAL, f, "unknown country code \"%s\"", country);
    }
    if (!type_known(type)) {
        ptr_join(f, ptr, "type");
        return serai_fail(err, SERAI_EINVAL, f, "unknown organisation type \"%s\"", type);
    }
    if (strcmp(role, "coordinator") != 0 && strcmp(role, "partner") != 0) {
        ptr_join(f, ptr, "role");
        return serai_fail(err, SERAI_EINVAL, f, "role must be \"coordinator\" or \"partner\"");
    }
    if (iso_currency_by_code(currency) == NULL) {
        ptr_join(f, ptr, "currency");
        return serai_fail(err, SERAI_EINVAL, f, "unknown currency code \"%s\"", currency);
    }
    if (funder == NULL && out->requested > 0) {
        ptr_join(f, ptr, "funder");
        return serai_fail(err, SERAI_EINVAL, f, "a partner that requests money must name its funder");
    }
    if (funder && rules->nfunders > 0) {
        const elig_funder *fu = funder_by_id(rules, funder);
        if (fu == NULL) {
            ptr_join(f, ptr, "funder");
            return serai_fail(err, SERAI_EINVAL, f, "funder \"%s\" does not take part in this call",
                              funder);
        }
        if (strcmp(fu->currency, currency) != 0) {
            ptr_join(f, ptr, "currency");
            return serai_fail(err, SERAI_EINVAL, f,
                              "the request is in %s but funder %s pays in %s", currency,
                              fu->id, fu->currency);
        }
    }
    int64_t sum = *total;
    const char *over = NULL;
    if (__builtin_add_overflow(sum, out->requested, &sum))
        over = "requested";
    else if (__builtin_add_overflow(sum, out->own_cash, &sum))
        over = "own_cash";
    else if (__builtin_add_overflow(sum, out->own_in_kind, &sum))
        over = "own_in_kind";
    if (over) {
        ptr_join(f, ptr, over);
        return serai_fail(err, SERAI_EINVAL, f,
                          "the proposal's amounts add up to more than a 64-bit integer holds");
    }
    *total = sum;
    json_t *pi = json_object_get(o, "pi");
    if (pi && !json_is_null(pi)) {
        ptr_join(f, ptr, "pi");
        if ((rc = read_person(pi, f, &out->pi, err)))
            return rc;
    }
    copy_str(out->org, sizeof out->org, org);
    copy_str(out->country, sizeof out->country, country);
    copy_str(out->type, sizeof out->type, type);
    copy_str(out->currency, sizeof out->currency, currency);
    copy_str(out->funder, sizeof out->funder, funder ? funder : "");
    out->coordinator = strcmp(role, "coordinator") == 0;
    return SERAI_OK;
}

serai_code elig_proposal_from_json(json_t *doc, const elig_rules *rules,
                                   elig_proposal *out, serai_err *err)
{
    static const char *const keys[] = {"id", "duration_months", "submitted_at", "partners",
                                       "people", NULL};
    memset(out, 0, sizeof *out);
    const char *id = NULL;
    int64_t months = 0, total = 0;
    json_t *partners, *people;
    char ptr[PTR_MAX], item[PTR_MAX];
    serai_code rc = json_is_object(doc) ? json_only_keys(doc, keys, "", err)
                                        : serai_fail(err, SERAI_EINVAL, "",
                                                     "a proposal must be a JSON object");
    if (!rc)
        rc = json_get_string(doc, "id", false, ELIG_ID_MAX - 1, "", &id, err);
    if (!rc)
        rc = json_get_int(doc, "duration_months", true, 1, 1200, "", &months, NULL, err);
    if (!rc)
        rc = get_time(doc, "submitted_at", "", &out->submitted_at, err);
    if (!rc)
        rc = get_array(doc, "partners", "", ELIG_MAX_PARTNERS, true, &partners, ptr, err);
    if (!rc) {
        size_t i;
        json_t *v;
        json_array_foreach(partners, i, v) {
            ptr_index(item, ptr, i);
            if ((rc = read_partner(v, item, rules, &out->partners[i], &total, err)))
                break;
            out->npartners++;
        }
    }
    if (!rc)
        rc = get_array(doc, "people", "", ELIG_MAX_PEOPLE, false, &people, ptr, err);
    if (!rc && people) {
        size_t i;
        json_t *v;
        json_array_foreach(people, i, v) {
            ptr_index(item, ptr, i);
            if ((rc = read_person(v, item, &out->people[i], err)))
                break;
            out->npeople++;
        }
    }
    if (rc) {
        memset(out, 0, sizeof *out);
        return rc;
    }
    copy_str(out->id, sizeof out->id, id ? id : "");
    out->duration_months = (int)months;
    return SERAI_OK;
}

serai_code elig_proposal_parse(const char *text, size_t len, const elig_rules *rules,
                               elig_proposal *out, serai_err *err)
{
    json_t *doc;
    memset(out, 0, sizeof *out);
    serai_code rc = json_parse_object(text, len, &doc, err);
    if (rc)
        return rc;
    rc = elig_proposal_from_json(doc, rules, out, err);
    json_decref(doc);
    return rc;
}

/* ---- results --------------------------------------------------------- */

char *elig_result_json(const elig_rules *rules, const elig_proposal *p,
                       const elig_result *r)
{
    buf b;
    buf_init(&b, 4 * 1024 * 1024);
    jsonw w;
    jsonw_init(&w, &b);
    jsonw_object_begin(&w);
    jsonw_key(&w, "programme");
    jsonw_string(&w, rules->programme);
    jsonw_key(&w, "edition");
    jsonw_string(&w, rules->edition);
    jsonw_key(&w, "version");
    jsonw_int(&w, rules->version);
    jsonw_key(&w, "proposal");
    jsonw_string(&w, p->id[0] ? p->id : NULL);
    jsonw_key(&w, "eligible");
    jsonw_bool(&w, r->eligible);
    jsonw_key(&w, "pending");
    jsonw_bool(&w, r->pending);
    jsonw_key(&w, "rules");
    jsonw_array_begin(&w);
    for (int i = 0; i < r->nrules; i++) {
        const elig_rule_result *x = &r->rules[i];
        jsonw_object_begin(&w);
        jsonw_key(&w, "code");
        jsonw_string(&w, x->code);
        jsonw_key(&w, "pass");
        jsonw_bool(&w, x->pass);
        jsonw_key(&w, "pending");
        jsonw_bool(&w, x->pending);
        if (x->funder[0]) {
            jsonw_key(&w, "funder");
            jsonw_string(&w, x->funder);
        }
        jsonw_key(&w, "en");
        jsonw_string(&w, x->en);
        jsonw_key(&w, "zh");
        jsonw_string(&w, x->zh);
        jsonw_key(&w, "partners");
        jsonw_array_begin(&w);
        for (int k = 0; k < x->npartners; k++)
            jsonw_int(&w, x->partners[k]);
        jsonw_array_end(&w);
        jsonw_object_end(&w);
    }
    jsonw_array_end(&w);
    jsonw_object_end(&w);
    return buf_take(&b, NULL);
}
