/*
 * money.c -- exact decimal text of minor units (money.h).
 */
#include "registry/money.h"

#include <stdio.h>
#include <string.h>

#include "registry/iso.h"

int money_exponent(const char *currency)
{
    const iso_currency *c = iso_currency_by_code(currency);
    return c ? c->minor_units : -1;
}

bool money_format(int64_t amount, const char *currency, char dst[MONEY_TEXT_MAX])
{
    int exp = money_exponent(currency);
    dst[0] = '\0';
    if (exp < 0)
        return false;
    /* Magnitude as unsigned so that INT64_MIN has one. */
    uint64_t mag = amount < 0 ? (uint64_t)0 - (uint64_t)amount : (uint64_t)amount;
    uint64_t scale = 1;
    for (int i = 0; i < exp; i++)
        scale *= 10;
    /* Digits from the right: the fraction, the point, the whole part. */
    char tmp[MONEY_TEXT_MAX];
    size_t i = sizeof tmp;
    tmp[--i] = '\0';
    uint64_t whole = mag / scale, frac = mag % scale;
    for (int k = 0; k < exp; k++) {
        tmp[--i] = (char)('0' + frac % 10);
        frac /= 10;
    }
    if (exp > 0)
        tmp[--i] = '.';
    do {
        tmp[--i] = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole);
    if (amount < 0)
        tmp[--i] = '-';
    memcpy(dst, tmp + i, sizeof tmp - i);
    return true;
}

bool money_parse(const char *text, const char *currency, int64_t *out)
{
    int exp = money_exponent(currency);
    if (exp < 0 || text == NULL)
        return false;
    const char *p = text;
    bool neg = *p == '-';
    if (neg)
        p++;
    if (*p < '0' || *p > '9')
        return false;
    uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    uint64_t v = 0;
    int frac = -1; /* fraction digits read; -1 before the point */
    for (; *p; p++) {
        if (*p == '.') {
            if (frac >= 0 || p[1] < '0' || p[1] > '9')
                return false;
            frac = 0;
            continue;
        }
        if (*p < '0' || *p > '9')
            return false;
        if (frac >= 0 && ++frac > exp)
            return false;
        unsigned d = (unsigned)(*p - '0');
        if (v > (limit - d) / 10)
            return false;
        v = v * 10 + d;
    }
    for (int i = frac < 0 ? 0 : frac; i < exp; i++) {
        if (v > limit / 10)
            return false;
        v *= 10;
    }
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return true;
}

bool percent_parse_bp(const char *text, int64_t *bp)
{
    int64_t v = 0;
    int frac = -1; /* fraction digits read; -1 before the point */
    if (text == NULL || *text == '\0')
        return false;
    for (const char *p = text; *p; p++) {
        if (*p == '.') {
            if (frac >= 0 || p == text || p[1] == '\0')
                return false;
            frac = 0;
            continue;
        }
        if (*p < '0' || *p > '9' || v > 100000)
            return false;
        if (frac >= 0 && ++frac > 2)
            return false;
        v = v * 10 + (*p - '0');
    }
    for (int i = frac < 0 ? 0 : frac; i < 2; i++)
        v *= 10;
    if (v > 10000)
        return false;
    *bp = v;
    return true;
}
