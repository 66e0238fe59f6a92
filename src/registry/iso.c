/*
 * iso.c -- lookups over the compiled-in ISO 3166-1 and ISO 4217 tables.
 *
 * Each lookup is a binary search: iso_countries and iso_currencies are sorted
 * by their primary code, and the generator emits index arrays that order
 * the countries by alpha-3 and by numeric code.
 */
#include "registry/iso.h"

#include <string.h>

const iso_country *iso_country_by_alpha2(const char *code)
{
    if (code == NULL)
        return NULL;
    size_t lo = 0, hi = iso_country_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(code, iso_countries[mid].alpha2);
        if (cmp == 0)
            return &iso_countries[mid];
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const iso_country *iso_country_by_alpha3(const char *code)
{
    if (code == NULL)
        return NULL;
    size_t lo = 0, hi = iso_country_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const iso_country *c = &iso_countries[iso_country_alpha3_order[mid]];
        int cmp = strcmp(code, c->alpha3);
        if (cmp == 0)
            return c;
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const iso_country *iso_country_by_numeric(int numeric)
{
    size_t lo = 0, hi = iso_country_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const iso_country *c = &iso_countries[iso_country_numeric_order[mid]];
        if (numeric == c->numeric)
            return c;
        if (numeric < c->numeric)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const iso_currency *iso_currency_by_code(const char *code)
{
    if (code == NULL)
        return NULL;
    size_t lo = 0, hi = iso_currency_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(code, iso_currencies[mid].code);
        if (cmp == 0)
            return &iso_currencies[mid];
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}
