/*
 * iso.h -- ISO 3166-1 countries and ISO 4217 currencies.
 *
 * The tables are compiled into the program (src/registry/iso_data.c, written
 * by scripts/gen-iso-data); nothing is read at run time. Every pointer
 * returned here points into static, read-only data: callers never free it
 * and may keep it for the life of the process. All functions are thread-safe.
 */
#ifndef SERAI_REGISTRY_ISO_H
#define SERAI_REGISTRY_ISO_H

#include <stdbool.h>
#include <stddef.h>

typedef struct iso_country {
    const char *alpha2;     /* "CN" */
    const char *alpha3;     /* "CHN" */
    int numeric;            /* 156 */
    /* UNTERM short names without footnote asterisks; where UNTERM has none,
     * the official name from the code list (for English, then the CLDR
     * name), then name_en. Never NULL, never "". UTF-8. */
    const char *name_en, *name_zh, *name_ru, *name_ar, *name_fr, *name_es;
    const char *region;     /* UN M49 region in English ("Asia"), "" when none */
    const char *subregion;  /* "Eastern Asia", "" when none */
    bool ldc, lldc, sids;   /* Least Developed / Land Locked Developing /
                               Small Island Developing States */
} iso_country;

extern const iso_country iso_countries[];   /* sorted by alpha2 */
extern const size_t iso_country_count;      /* every ISO 3166-1 entry (249) */

/* Exact, case-sensitive match on the upper-case code; NULL when unknown
 * (including NULL input). O(log n). */
const iso_country *iso_country_by_alpha2(const char *code);
const iso_country *iso_country_by_alpha3(const char *code);
const iso_country *iso_country_by_numeric(int numeric);

typedef struct iso_currency {
    const char *code;       /* "EUR" */
    int numeric;            /* 978 */
    int minor_units;        /* exponent: 0, 2, 3 or 4 */
    const char *name;       /* "Euro" */
} iso_currency;

/* Active codes only (no withdrawal date, a numeric minor unit), unique,
 * sorted by code. */
extern const iso_currency iso_currencies[];
extern const size_t iso_currency_count;

/* Exact match on the upper-case code; NULL when unknown or withdrawn. */
const iso_currency *iso_currency_by_code(const char *code);

/* Generated secondary orderings used by the lookups above: indexes into
 * iso_countries sorted by alpha3 and by numeric code. Not for other use. */
extern const unsigned short iso_country_alpha3_order[];
extern const unsigned short iso_country_numeric_order[];

#endif
