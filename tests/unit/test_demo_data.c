/*
 * test_demo_data.c -- invariants of the demo vocabulary (src/demo/demo_data.c):
 * counts, coverage of continents and themes, uniqueness, NULL-termination,
 * parallel arrays, pattern tokens, and valid UTF-8 everywhere.
 */
#include "demo/demo_data.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "check.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------- helpers */

/* Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above
 * U+10FFFF, no truncated sequences. */
static bool utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        if (c < 0x80) {
            p++;
            continue;
        }
        int len;
        unsigned cp;
        unsigned min;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2; cp = c & 0x1F; min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3; cp = c & 0x0F; min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4; cp = c & 0x07; min = 0x10000;
        } else {
            return false;
        }
        for (int i = 1; i < len; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return false; /* also catches the terminating NUL */
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        p += len;
    }
    return true;
}

static bool has_non_ascii(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p >= 0x80)
            return true;
    return false;
}

static bool nonempty(const char *s)
{
    return s != NULL && s[0] != '\0';
}

/* Entries of a fixed-size array before the first NULL; holes (a non-NULL
 * entry after a NULL) make the result -1. */
static int count_entries(const char *const *a, size_t cap)
{
    size_t n = 0;
    while (n < cap && a[n] != NULL)
        n++;
    for (size_t i = n; i < cap; i++)
        if (a[i] != NULL)
            return -1;
    return (int)n;
}

/* Entries of a NULL-terminated list. */
static size_t list_len(const char *const *a)
{
    size_t n = 0;
    while (a[n] != NULL)
        n++;
    return n;
}

static bool all_distinct(const char *const *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(a[i], a[j]) == 0)
                return false;
    return true;
}

static bool all_nonempty(const char *const *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!nonempty(a[i]))
            return false;
    return true;
}

/* Every brace in s opens one of the allowed tokens; at least one of the
 * required tokens occurs when required is not NULL. */
static bool tokens_ok(const char *s, const char *const *allowed,
                      const char *const *required)
{
    bool found_required = (required == NULL);
    for (const char *p = s; *p; p++) {
        if (*p == '}')
            return false;
        if (*p != '{')
            continue;
        const char *end = strchr(p, '}');
        if (end == NULL)
            return false;
        size_t len = (size_t)(end - p) + 1;
        bool known = false;
        for (size_t i = 0; allowed[i] != NULL; i++)
            if (strlen(allowed[i]) == len && strncmp(p, allowed[i], len) == 0)
                known = true;
        if (!known)
            return false;
        for (size_t i = 0; required != NULL && required[i] != NULL; i++)
            if (strlen(required[i]) == len && strncmp(p, required[i], len) == 0)
                found_required = true;
        p = end;
    }
    return found_required;
}

/* Whether a sentence speaks in the first person: any of the words "I",
 * "me", "my", "we", "us", "our" (case-insensitive, whole words only). */
static bool first_person(const char *s)
{
    static const char *const words[] = {"i", "me", "my", "we", "us", "our"};
    const char *p = s;
    while (*p) {
        while (*p && !((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
            p++;
        const char *start = p;
        while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
            p++;
        size_t len = (size_t)(p - start);
        for (size_t k = 0; k < COUNT_OF(words); k++) {
            if (strlen(words[k]) != len)
                continue;
            bool same = true;
            for (size_t j = 0; j < len; j++) {
                char ch = start[j];
                if (ch >= 'A' && ch <= 'Z')
                    ch = (char)(ch - 'A' + 'a');
                if (ch != words[k][j])
                    same = false;
            }
            if (same)
                return true;
        }
    }
    return false;
}

static bool no_tokens(const char *s)
{
    return strchr(s, '{') == NULL && strchr(s, '}') == NULL;
}

static const char *const COUNTRY_TOKENS[] = {
    "{city}", "{country}", "{the_country}", NULL};
static const char *const NATIVE_TOKENS[] = {
    "{city_native}", "{country_native}", NULL};
static const char *const CITY_ONLY[] = {"{city}", NULL};
static const char *const CITY_NATIVE_ONLY[] = {"{city_native}", NULL};
static const char *const NAME_ONLY[] = {"{name}", NULL};

static const demo_country *country(const char *alpha2)
{
    for (size_t i = 0; i < demo_country_count; i++)
        if (strcmp(demo_countries[i].alpha2, alpha2) == 0)
            return &demo_countries[i];
    return NULL;
}

/* Every string of the vocabulary, for checks that apply to all of them. */
static void each_string(void (*fn)(const char *s))
{
    for (size_t i = 0; i < demo_country_count; i++) {
        const demo_country *c = &demo_countries[i];
        const char *scalars[] = {
            c->alpha2, c->native_lang, c->uni_pattern, c->institute_pattern,
            c->agency_name, c->agency_name_native, c->name, c->name_in_text,
            c->name_native, c->continent, c->currency, c->given_gender,
            c->native_separator, c->uni_pattern_native,
            c->institute_pattern_native};
        for (size_t k = 0; k < COUNT_OF(scalars); k++)
            if (scalars[k] != NULL)
                fn(scalars[k]);
        const char *const *arrays[] = {
            c->cities, c->cities_native, c->given_names, c->family_names,
            c->family_names_female, c->given_names_native,
            c->family_names_native, c->family_names_female_native};
        const size_t caps[] = {6, 6, 12, 12, 12, 12, 12, 12};
        for (size_t k = 0; k < COUNT_OF(arrays); k++)
            for (size_t j = 0; j < caps[k]; j++)
                if (arrays[k][j] != NULL)
                    fn(arrays[k][j]);
        for (size_t j = 0; j < COUNT_OF(c->company_forms); j++)
            if (c->company_forms[j] != NULL)
                fn(c->company_forms[j]);
    }
    for (size_t i = 0; i < demo_field_count; i++) {
        const demo_field *f = &demo_fields[i];
        fn(f->name);
        fn(f->name_zh);
        fn(f->sdg);
        fn(f->theme);
        for (size_t j = 0; j < COUNT_OF(f->keywords); j++)
            if (f->keywords[j] != NULL)
                fn(f->keywords[j]);
        for (size_t j = 0; j < COUNT_OF(f->profile_sentences); j++)
            if (f->profile_sentences[j] != NULL)
                fn(f->profile_sentences[j]);
        for (size_t j = 0; j < COUNT_OF(f->paper_title_patterns); j++)
            if (f->paper_title_patterns[j] != NULL)
                fn(f->paper_title_patterns[j]);
    }
    const char *const *lists[] = {
        demo_enterprise_prefixes, demo_enterprise_sectors,
        demo_enterprise_suffixes, demo_ngo_patterns, demo_international_orgs};
    for (size_t k = 0; k < COUNT_OF(lists); k++)
        for (size_t j = 0; lists[k][j] != NULL; j++)
            fn(lists[k][j]);
}

static size_t strings_seen;
static size_t strings_bad;

static void check_utf8_one(const char *s)
{
    strings_seen++;
    if (!utf8_valid(s)) {
        strings_bad++;
        fprintf(stderr, "invalid UTF-8: %s\n", s);
    }
}

/* ------------------------------------------------------------------ tests */

static void test_utf8_validator(void)
{
    CHECK(utf8_valid(""));
    CHECK(utf8_valid("Nairobi"));
    CHECK(utf8_valid("北京 Москва القاهرة กรุงเทพ"));
    CHECK(utf8_valid("\xF0\x9F\x8C\x8D"));          /* U+1F30D */
    CHECK(!utf8_valid("\xC0\xAF"));                  /* overlong '/' */
    CHECK(!utf8_valid("\xE0\x80\xAF"));              /* overlong */
    CHECK(!utf8_valid("\xED\xA0\x80"));              /* surrogate */
    CHECK(!utf8_valid("\xF4\x90\x80\x80"));          /* above U+10FFFF */
    CHECK(!utf8_valid("\xE4\xB8"));                  /* truncated */
    CHECK(!utf8_valid("\x80"));                      /* stray continuation */
    CHECK(!utf8_valid("\xFF"));

    CHECK(first_person("I work on glaciers."));
    CHECK(first_person("Works with our partners."));
    CHECK(!first_person("Develops AI for medical images."));
    CHECK(!first_person("Uses SAR to map floods in Myanmar."));
}

static void test_all_strings_utf8(void)
{
    strings_seen = 0;
    strings_bad = 0;
    each_string(check_utf8_one);
    CHECK(strings_seen > 5000);
    CHECK_INT(strings_bad, 0);
}

static void test_counts(void)
{
    CHECK(demo_country_count >= 48);
    CHECK(demo_field_count >= 40);
    CHECK(list_len(demo_enterprise_prefixes) >= 40);
    CHECK(list_len(demo_enterprise_sectors) >= 25);
    CHECK(list_len(demo_enterprise_suffixes) >= 7);
    CHECK(list_len(demo_ngo_patterns) >= 8);
    CHECK(list_len(demo_international_orgs) >= 8);
}

static void test_country_codes_unique(void)
{
    for (size_t i = 0; i < demo_country_count; i++) {
        const demo_country *c = &demo_countries[i];
        CHECK(c->alpha2 != NULL && strlen(c->alpha2) == 2 &&
              c->alpha2[0] >= 'A' && c->alpha2[0] <= 'Z' &&
              c->alpha2[1] >= 'A' && c->alpha2[1] <= 'Z');
        for (size_t j = i + 1; j < demo_country_count; j++) {
            if (strcmp(c->alpha2, demo_countries[j].alpha2) == 0) {
                CHECK_STR("duplicate alpha2", c->alpha2);
            }
            CHECK(strcmp(c->name, demo_countries[j].name) != 0);
        }
    }
}

static void test_continents(void)
{
    static const char *const names[] = {
        "Asia", "Africa", "Europe", "Americas", "Oceania"};
    size_t per[COUNT_OF(names)] = {0};
    for (size_t i = 0; i < demo_country_count; i++) {
        const demo_country *c = &demo_countries[i];
        bool known = false;
        for (size_t k = 0; k < COUNT_OF(names); k++) {
            if (c->continent != NULL && strcmp(c->continent, names[k]) == 0) {
                per[k]++;
                known = true;
            }
        }
        if (!known)
            CHECK_STR(c->continent, "a known continent");
    }
    CHECK(per[0] >= 8); /* Asia */
    CHECK(per[1] >= 8); /* Africa */
    CHECK(per[2] >= 8); /* Europe */
    CHECK(per[3] >= 8); /* Americas */
    CHECK(per[4] >= 1); /* Oceania */
}

static void test_required_members(void)
{
    static const char *const members[] = {
        "CN", "KZ", "UZ", "KG", "TJ", "PK", "BD", "LK", "NP", "MN", "ID",
        "MY", "TH", "VN", "PH", "LA", "KH", "MM", "IR", "TR", "AE", "SA",
        "EG", "MA", "TN", "DZ", "ET", "KE", "TZ", "UG", "RW", "NG", "GH",
        "SN", "ZA", "ZM", "MZ", "RU", "BY", "RS", "HU", "PL", "GR", "IT",
        "PT", "CZ", "BR", "AR", "CL", "PE", "CU", "EC", "UY", "NZ", "FJ"};
    for (size_t i = 0; i < COUNT_OF(members); i++) {
        if (country(members[i]) == NULL)
            CHECK_STR("missing member", members[i]);
    }

    /* Native-script names where the brief asks for them. */
    static const char *const native[] = {"CN", "RU", "KZ", "EG", "SA", "AE", "TH"};
    for (size_t i = 0; i < COUNT_OF(native); i++) {
        const demo_country *c = country(native[i]);
        CHECK(c != NULL);
        if (c == NULL)
            continue;
        CHECK(c->given_names_native[0] != NULL);
        CHECK(c->family_names_native[0] != NULL);
        CHECK(c->cities_native[0] != NULL);
    }

    const demo_country *cn = country("CN");
    CHECK(cn != NULL);
    if (cn != NULL) {
        CHECK_STR(cn->native_lang, "zh");
        CHECK(cn->family_first);
        CHECK_STR(cn->native_separator, "");
        CHECK_STR(cn->agency_name, "National Natural Science Foundation of China");
        CHECK_STR(cn->agency_name_native, "国家自然科学基金委员会");
        CHECK_STR(cn->uni_pattern_native, "{city_native}大学");
        CHECK_STR(cn->cities[0], "Beijing");
        CHECK_STR(cn->cities_native[0], "北京");
    }
    const demo_country *ru = country("RU");
    CHECK(ru != NULL && ru->family_names_female[0] != NULL);
}

static void test_country_entries(void)
{
    for (size_t i = 0; i < demo_country_count; i++) {
        const demo_country *c = &demo_countries[i];
        const char *code = c->alpha2;

        CHECK(nonempty(c->name));
        CHECK(c->name_native == NULL ||
              (nonempty(c->name_native) && strcmp(c->name_native, c->name) != 0));
        CHECK(c->name_in_text == NULL || strstr(c->name_in_text, c->name) != NULL);
        CHECK(c->native_lang != NULL && strlen(c->native_lang) == 2 &&
              c->native_lang[0] >= 'a' && c->native_lang[0] <= 'z' &&
              c->native_lang[1] >= 'a' && c->native_lang[1] <= 'z');
        CHECK(c->currency != NULL && strlen(c->currency) == 3 &&
              c->currency[0] >= 'A' && c->currency[0] <= 'Z' &&
              c->currency[1] >= 'A' && c->currency[1] <= 'Z' &&
              c->currency[2] >= 'A' && c->currency[2] <= 'Z');
        CHECK(c->surnames == 1 || c->surnames == 2);
        CHECK(nonempty(c->agency_name));
        CHECK(c->agency_name_native == NULL ||
              (nonempty(c->agency_name_native) &&
               strcmp(c->agency_name_native, c->agency_name) != 0));

        /* cities */
        int ncity = count_entries(c->cities, COUNT_OF(c->cities));
        CHECK(ncity >= 4);
        if (ncity > 0) {
            CHECK(all_distinct(c->cities, (size_t)ncity));
            CHECK(all_nonempty(c->cities, (size_t)ncity));
        }
        for (size_t j = (ncity < 0 ? 0 : (size_t)ncity); j < COUNT_OF(c->cities_native); j++)
            CHECK(c->cities_native[j] == NULL); /* nothing beyond the cities */
        for (size_t j = 0; j < COUNT_OF(c->cities_native); j++)
            CHECK(c->cities_native[j] == NULL || nonempty(c->cities_native[j]));

        /* given names and their genders */
        int ngiven = count_entries(c->given_names, COUNT_OF(c->given_names));
        CHECK(ngiven >= 10);
        if (ngiven > 0) {
            CHECK(all_distinct(c->given_names, (size_t)ngiven));
            CHECK(all_nonempty(c->given_names, (size_t)ngiven));
        }
        CHECK(c->given_gender != NULL);
        if (c->given_gender != NULL && ngiven > 0) {
            CHECK_INT(strlen(c->given_gender), ngiven);
            int f = 0, m = 0;
            for (const char *g = c->given_gender; *g; g++) {
                if (*g == 'f')
                    f++;
                else if (*g == 'm')
                    m++;
                else
                    CHECK_STR(code, "given_gender holds only 'f' and 'm'");
            }
            CHECK(f >= 3);
            CHECK(m >= 3);
        }

        /* family names, and women's forms when present */
        int nfamily = count_entries(c->family_names, COUNT_OF(c->family_names));
        CHECK(nfamily >= 10);
        if (nfamily > 0) {
            CHECK(all_distinct(c->family_names, (size_t)nfamily));
            CHECK(all_nonempty(c->family_names, (size_t)nfamily));
        }
        int nfemale = count_entries(c->family_names_female,
                                    COUNT_OF(c->family_names_female));
        CHECK(nfemale == 0 || nfemale == nfamily);

        /* native-script names: absent, or parallel and really non-Latin */
        int ngn = count_entries(c->given_names_native, COUNT_OF(c->given_names_native));
        int nfn = count_entries(c->family_names_native, COUNT_OF(c->family_names_native));
        int nffn = count_entries(c->family_names_female_native,
                                 COUNT_OF(c->family_names_female_native));
        CHECK(ngn == 0 || ngn == ngiven);
        CHECK(nfn == 0 || nfn == nfamily);
        CHECK((ngn == 0) == (nfn == 0));
        CHECK(nffn == 0 || (nffn == nfamily && nfemale == nfamily && nfn == nfamily));
        CHECK(!(nfemale > 0 && nfn > 0) || nffn == nfamily);
        for (int j = 0; j < ngn; j++)
            CHECK(has_non_ascii(c->given_names_native[j]));
        for (int j = 0; j < nfn; j++)
            CHECK(has_non_ascii(c->family_names_native[j]));
        for (int j = 0; j < nffn; j++)
            CHECK(has_non_ascii(c->family_names_female_native[j]));
        CHECK(c->native_separator == NULL || strlen(c->native_separator) <= 1);

        /* patterns */
        CHECK(c->uni_pattern != NULL &&
              tokens_ok(c->uni_pattern, COUNTRY_TOKENS, CITY_ONLY));
        CHECK(c->institute_pattern != NULL &&
              tokens_ok(c->institute_pattern, COUNTRY_TOKENS, COUNTRY_TOKENS));
        CHECK(c->uni_pattern_native == NULL ||
              tokens_ok(c->uni_pattern_native, NATIVE_TOKENS, CITY_NATIVE_ONLY));
        CHECK(c->institute_pattern_native == NULL ||
              tokens_ok(c->institute_pattern_native, NATIVE_TOKENS, NATIVE_TOKENS));
        CHECK(c->institute_pattern_native == NULL || c->uni_pattern_native != NULL);

        int nforms = count_entries(c->company_forms, COUNT_OF(c->company_forms));
        CHECK(nforms >= 1);
        for (int j = 0; j < nforms; j++) {
            const char *form = c->company_forms[j];
            CHECK(tokens_ok(form, NAME_ONLY, NAME_ONLY));
            const char *at = strstr(form, "{name}");
            CHECK(at != NULL && strstr(at + 1, "{name}") == NULL);
        }
    }
}

static void test_fields(void)
{
    static const char *const themes[] = {
        "water", "climate", "health", "food", "agriculture", "disaster",
        "energy", "materials", "digital", "biodiversity", "oceans", "urban",
        "transport", "space", "environment", "social"};
    size_t per_theme[COUNT_OF(themes)] = {0};

    for (size_t i = 0; i < demo_field_count; i++) {
        const demo_field *f = &demo_fields[i];
        CHECK(nonempty(f->name));
        CHECK(nonempty(f->name_zh) && has_non_ascii(f->name_zh));
        for (size_t j = i + 1; j < demo_field_count; j++) {
            CHECK(strcmp(f->name, demo_fields[j].name) != 0);
            CHECK(strcmp(f->name_zh, demo_fields[j].name_zh) != 0);
        }

        /* "SDG1".."SDG17" */
        CHECK(f->sdg != NULL && strncmp(f->sdg, "SDG", 3) == 0);
        if (f->sdg != NULL && strncmp(f->sdg, "SDG", 3) == 0) {
            const char *d = f->sdg + 3;
            int n = 0;
            size_t digits = 0;
            while (*d >= '0' && *d <= '9' && digits < 3) {
                n = n * 10 + (*d - '0');
                d++;
                digits++;
            }
            CHECK(*d == '\0' && digits >= 1 && f->sdg[3] != '0');
            CHECK(n >= 1 && n <= 17);
        }

        bool known = false;
        for (size_t k = 0; k < COUNT_OF(themes); k++) {
            if (f->theme != NULL && strcmp(f->theme, themes[k]) == 0) {
                per_theme[k]++;
                known = true;
            }
        }
        if (!known)
            CHECK_STR(f->name, "field with a known theme");

        int nkw = count_entries(f->keywords, COUNT_OF(f->keywords));
        CHECK(nkw >= 8);
        if (nkw > 0) {
            CHECK(all_distinct(f->keywords, (size_t)nkw));
            CHECK(all_nonempty(f->keywords, (size_t)nkw));
            for (int j = 0; j < nkw; j++)
                CHECK(no_tokens(f->keywords[j]));
        }

        int ns = count_entries(f->profile_sentences, COUNT_OF(f->profile_sentences));
        CHECK_INT(ns, 4);
        for (int j = 0; j < ns; j++) {
            const char *s = f->profile_sentences[j];
            size_t len = strlen(s);
            CHECK(len > 20 && s[len - 1] == '.');
            CHECK(s[0] >= 'A' && s[0] <= 'Z');
            CHECK(no_tokens(s));
            CHECK(!first_person(s));
        }

        int nt = count_entries(f->paper_title_patterns, COUNT_OF(f->paper_title_patterns));
        CHECK(nt >= 4);
        if (nt > 0)
            CHECK(all_distinct(f->paper_title_patterns, (size_t)nt));
        for (int j = 0; j < nt; j++) {
            const char *t = f->paper_title_patterns[j];
            CHECK(nonempty(t));
            CHECK(tokens_ok(t, COUNTRY_TOKENS, NULL));
            CHECK(t[strlen(t) - 1] != '.');
        }
    }
    for (size_t k = 0; k < COUNT_OF(themes); k++) {
        if (per_theme[k] == 0)
            CHECK_STR("no field for theme", themes[k]);
    }
}

static void test_name_lists(void)
{
    const char *const *lists[] = {
        demo_enterprise_prefixes, demo_enterprise_sectors,
        demo_enterprise_suffixes, demo_ngo_patterns, demo_international_orgs};
    for (size_t k = 0; k < COUNT_OF(lists); k++) {
        size_t n = list_len(lists[k]);
        CHECK(all_distinct(lists[k], n));
        CHECK(all_nonempty(lists[k], n));
    }

    for (size_t i = 0; demo_enterprise_prefixes[i] != NULL; i++) {
        const char *p = demo_enterprise_prefixes[i];
        CHECK(no_tokens(p) && strchr(p, ' ') == NULL);
        CHECK(p[0] >= 'A' && p[0] <= 'Z');
    }
    for (size_t i = 0; demo_enterprise_sectors[i] != NULL; i++)
        CHECK(no_tokens(demo_enterprise_sectors[i]));
    for (size_t i = 0; demo_enterprise_suffixes[i] != NULL; i++)
        CHECK(no_tokens(demo_enterprise_suffixes[i]));
    for (size_t i = 0; demo_ngo_patterns[i] != NULL; i++)
        CHECK(tokens_ok(demo_ngo_patterns[i], COUNTRY_TOKENS, COUNTRY_TOKENS));
    for (size_t i = 0; demo_international_orgs[i] != NULL; i++)
        CHECK(no_tokens(demo_international_orgs[i]));

    /* The example from the header builds. */
    bool silkway = false, photonics = false, ltd = false;
    for (size_t i = 0; demo_enterprise_prefixes[i] != NULL; i++)
        silkway |= strcmp(demo_enterprise_prefixes[i], "Silkway") == 0;
    for (size_t i = 0; demo_enterprise_sectors[i] != NULL; i++)
        photonics |= strcmp(demo_enterprise_sectors[i], "Photonics") == 0;
    for (size_t i = 0; demo_enterprise_suffixes[i] != NULL; i++)
        ltd |= strcmp(demo_enterprise_suffixes[i], "Ltd") == 0;
    CHECK(silkway && photonics && ltd);
}

/* The generator's name space: 2,000 people and 300 organisations need enough
 * distinct combinations. */
static void test_capacity(void)
{
    size_t people = 0, universities = 0;
    for (size_t i = 0; i < demo_country_count; i++) {
        const demo_country *c = &demo_countries[i];
        int g = count_entries(c->given_names, COUNT_OF(c->given_names));
        int f = count_entries(c->family_names, COUNT_OF(c->family_names));
        int n = count_entries(c->cities, COUNT_OF(c->cities));
        if (g > 0 && f > 0)
            people += (size_t)g * (size_t)f;
        if (n > 0)
            universities += (size_t)n;
    }
    CHECK(people >= 2000 * 3);
    CHECK(universities >= 300);
    CHECK(list_len(demo_enterprise_prefixes) * list_len(demo_enterprise_sectors) >= 1000);
}

int main(void)
{
    RUN(test_utf8_validator);
    RUN(test_all_strings_utf8);
    RUN(test_counts);
    RUN(test_country_codes_unique);
    RUN(test_continents);
    RUN(test_required_members);
    RUN(test_country_entries);
    RUN(test_fields);
    RUN(test_name_lists);
    RUN(test_capacity);
    return check_report();
}
