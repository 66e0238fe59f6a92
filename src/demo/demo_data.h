/*
 * demo_data.h -- the static vocabulary from which `serai demo` builds a
 * realistic demonstration database: member countries with the words to make
 * plausible people and organisations there, real research fields with the
 * vocabulary of the people who work in them, and the parts of enterprise,
 * NGO and international-organisation names.
 *
 * Everything here is read-only data compiled into the program; nothing is
 * allocated and nothing is read at run time. All strings are UTF-8.
 *
 * Fixed-size arrays hold their entries from index 0; when an array holds
 * fewer entries than its size, the entry after the last one is NULL.
 * Arrays named *_native are parallel to the array without the suffix:
 * element i is the same word written in the national language or script.
 * The native name arrays (given_names_native, family_names_native,
 * family_names_female_native) are either absent (every element NULL) or
 * complete. cities_native is read element by element: a NULL element means
 * the English spelling of that city serves in the native language too
 * (Türkiye: NULL for "Ankara", "İstanbul" for "Istanbul").
 *
 * Pattern tokens (replaced by the generator, nothing else is special):
 *   {city}          an English city name from cities[]
 *   {city_native}   the parallel cities_native[] entry, or cities[] when NULL
 *   {country}       the English short name (name), e.g. "Philippines"
 *   {the_country}   the name as used in running text (name_in_text when set,
 *                   otherwise name), e.g. "the Philippines"; use it after a
 *                   preposition ("in {the_country}")
 *   {country_native} name_native, or name when NULL
 *   {name}          in company_forms[]: a brand and sector, e.g.
 *                   "Silkway Photonics"
 * Which tokens a pattern may use is stated at each pattern below.
 */
#ifndef SERAI_DEMO_DEMO_DATA_H
#define SERAI_DEMO_DEMO_DATA_H

#include <stdbool.h>
#include <stddef.h>

/* One member country of the demo and the words to build plausible names there. */
typedef struct demo_country {
    const char *alpha2;            /* ISO 3166-1 alpha-2, e.g. "KE" */
    const char *cities[6];         /* real cities, in English; NULL-terminated when fewer */
    const char *given_names[12];   /* common given names (mix of genders), romanised; NULL-terminated when fewer */
    const char *family_names[12];  /* common family names */
    const char *native_lang;       /* ISO 639-1 code of a major language, e.g. "sw"; "en" allowed */
    const char *uni_pattern;       /* printf-free pattern with the token {city}, e.g. "University of {city}" or "{city} State University" */
    const char *institute_pattern; /* e.g. "{country} Institute of Agricultural Research" — use token {country} for the English short country name and/or {city} */
    const char *agency_name;       /* the real name of that country's main government research funding agency, e.g. "National Research Foundation" (ZA), "National Natural Science Foundation of China" (CN), "TÜBİTAK" (TR), "CONICET" (AR) */
    const char *agency_name_native;/* the agency's name in the national language/script where it differs (e.g. "国家自然科学基金委员会"), or NULL */

    /* --- additions ------------------------------------------------------ */
    const char *name;              /* English short name, e.g. "Kenya" ({country}) */
    const char *name_in_text;      /* "the Philippines" where running text needs
                                      an article ({the_country}); NULL otherwise */
    const char *name_native;       /* "中国", "Россия", "Brasil"; NULL when the
                                      English name is also the native one */
    const char *continent;         /* "Asia", "Africa", "Europe", "Americas" or
                                      "Oceania" (UN M49 region) */
    const char *currency;          /* ISO 4217 code of the national currency */

    const char *cities_native[6];  /* parallel to cities: "北京" for "Beijing";
                                      NULL where the native form is the
                                      English one (all NULL: none differs) */

    /* One letter per given name, 'f' or 'm', parallel to given_names, so that
     * "mfmf..." means given_names[0] is a man's name, [1] a woman's, ... */
    const char *given_gender;

    /* Women's forms parallel to family_names where the language inflects
     * family names by gender (Ivanov/Ivanova, Kowalski/Kowalska,
     * Novák/Nováková, Papadopoulos/Papadopoulou); an entry equals the
     * men's form when that name does not change (Nowak). Absent (first
     * element NULL) when family names do not change with gender. */
    const char *family_names_female[12];

    /* Native-script names, parallel to given_names, family_names and
     * family_names_female; absent (first element NULL) when the country's
     * names are normally written in the Latin script. */
    const char *given_names_native[12];
    const char *family_names_native[12];
    const char *family_names_female_native[12];

    bool family_first;             /* customarily written family name first
                                      (CN, VN, HU, KH, MN) */
    const char *native_separator;  /* between the native-script parts of a
                                      full name: "" for Chinese, NULL for " " */
    unsigned char surnames;        /* family names a full name usually carries:
                                      2 in Spanish- and Portuguese-speaking
                                      countries ("García López"), else 1 */

    /* Native-language variants of uni_pattern and institute_pattern, using
     * {city_native} and/or {country_native}, e.g. "{city_native}大学" or
     * "Universidad Nacional de {city_native}"; NULL where the language would
     * need the city name inflected (Russian, Polish, Greek...). */
    const char *uni_pattern_native;
    const char *institute_pattern_native;

    /* Legal forms of a company there, each with the token {name}:
     * "{name} Co., Ltd.", "PT {name}", "{name} sp. z o.o."; NULL-terminated
     * when fewer than 4. */
    const char *company_forms[4];
} demo_country;
extern const demo_country demo_countries[];
extern const size_t demo_country_count; /* >= 48 */

/* A real research field with the vocabulary of people who work in it. */
typedef struct demo_field {
    const char *name;             /* "Hydrology and water resources" */
    const char *name_zh;          /* Chinese name of the field */
    const char *sdg;              /* most related UN SDG, e.g. "SDG6" */
    const char *keywords[10];     /* real technical keywords; NULL-terminated when fewer; >= 8 per field */
    const char *profile_sentences[4]; /* first-person-free sentences describing expertise, e.g. "Works on groundwater recharge estimation in semi-arid basins using isotope tracers." */
    const char *paper_title_patterns[6]; /* realistic publication titles, may contain the token {city} or {country} (and {the_country}) */

    /* --- additions ------------------------------------------------------ */
    /* The global common issue the field serves, one of: "water", "climate",
     * "health", "food", "agriculture", "disaster", "energy", "materials",
     * "digital", "biodiversity", "oceans", "urban", "transport", "space",
     * "environment", "social". Several fields share a theme. */
    const char *theme;
} demo_field;
extern const demo_field demo_fields[];
extern const size_t demo_field_count; /* >= 40, spanning water, climate, health, food security, agriculture, disaster risk, energy, materials, digital/AI, biodiversity, oceans, urban, transport, space, social sciences... */

/* Enterprise naming: a company name is built from a prefix + a sector word + a suffix, e.g. "Silkway" + "Photonics" + "Ltd".
 * (A country's own company_forms give a more plausible legal form there.) */
extern const char *const demo_enterprise_prefixes[];  /* >= 40 neutral invented brand words; NULL-terminated */
extern const char *const demo_enterprise_sectors[];   /* >= 25 sector words ("Water Technologies", "Biotech", "Drone Systems"); NULL-terminated */
extern const char *const demo_enterprise_suffixes[];  /* "Ltd", "GmbH", "S.A.", "Co., Ltd.", "LLC", "JSC", "Pvt Ltd"... NULL-terminated */
extern const char *const demo_ngo_patterns[];         /* e.g. "{country} Water Partnership", "Foundation for Science in {city}"; tokens {country}, {the_country}, {city}; NULL-terminated; >= 8 */
extern const char *const demo_international_orgs[];   /* >= 8 invented international/intergovernmental S&T organisations, e.g. "Asia-Africa Centre for Drylands Research"; NULL-terminated */

#endif
