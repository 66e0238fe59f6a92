/*
 * ident.c -- identifier and code validators (see ident.h for contracts).
 *
 * Parsing is by hand over bounded input: every function first checks the
 * exact shape (length, separators, character classes), then the checksum,
 * so a reason names the first thing a person would need to fix.
 */
#include "core/ident.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define ORCID_LEN 19
#define ROR_LEN 9

static void reason_set(char *reason, size_t reason_size, const char *text)
{
    if (reason != NULL && reason_size > 0)
        snprintf(reason, reason_size, "%s", text);
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Returns in without prefix when it starts with prefix, else in itself. */
static const char *skip_prefix(const char *in, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(in, prefix, n) == 0 ? in + n : in;
}

/* ------------------------------------------------------------------ ORCID */

/* ISO 7064 MOD 11-2 check character over 15 digits: '0'..'9' or 'X'. */
static char orcid_check_char(const char digits[15])
{
    unsigned total = 0;
    for (int i = 0; i < 15; i++)
        total = (total + (unsigned)(digits[i] - '0')) * 2;
    unsigned check = (12 - total % 11) % 11;
    return check == 10 ? 'X' : (char)('0' + check);
}

bool ident_orcid_normalize(const char *in, char out[20], char *reason,
                           size_t reason_size)
{
    static const char shape[] = "ORCID iD must look like 0000-0002-1825-0097";

    if (in == NULL) {
        reason_set(reason, reason_size, shape);
        return false;
    }
    const char *p = skip_prefix(in, "https://orcid.org/");
    if (p == in)
        p = skip_prefix(in, "http://orcid.org/");
    if (strnlen(p, ORCID_LEN + 1) != ORCID_LEN) {
        reason_set(reason, reason_size, shape);
        return false;
    }

    char digits[16];
    size_t nd = 0;
    for (size_t i = 0; i < ORCID_LEN; i++) {
        char c = p[i];
        if (i == 4 || i == 9 || i == 14) {
            if (c != '-') {
                reason_set(reason, reason_size, shape);
                return false;
            }
        } else if (is_digit(c)) {
            digits[nd++] = c;
        } else if (i == ORCID_LEN - 1 && (c == 'X' || c == 'x')) {
            digits[nd++] = 'X';
        } else {
            reason_set(reason, reason_size, shape);
            return false;
        }
    }

    char expected = orcid_check_char(digits);
    if (digits[15] != expected) {
        if (reason != NULL && reason_size > 0)
            snprintf(reason, reason_size,
                     "ORCID iD check digit is wrong (expected %c)", expected);
        return false;
    }

    memcpy(out, p, ORCID_LEN - 1);
    out[ORCID_LEN - 1] = expected;
    out[ORCID_LEN] = '\0';
    reason_set(reason, reason_size, "");
    return true;
}

/* -------------------------------------------------------------------- ROR */

static const char crockford_alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

/* Value of a Crockford base32 character, case-insensitive, or -1. ROR ids
 * are strict: i, l, o and u are rejected rather than read as 1, 1, 0. */
static int crockford_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        c = (char)(c - 'A' + 'a');
    const char *hit = c != '\0' ? strchr(crockford_alphabet, c) : NULL;
    return hit != NULL ? (int)(hit - crockford_alphabet) : -1;
}

bool ident_ror_normalize(const char *in, char out[10], char *reason,
                         size_t reason_size)
{
    static const char shape[] =
        "ROR id must look like 05dxps055: 0, six base32 characters "
        "and two check digits";

    if (in == NULL) {
        reason_set(reason, reason_size, shape);
        return false;
    }
    const char *p = skip_prefix(in, "https://ror.org/");
    if (p == in)
        p = skip_prefix(in, "http://ror.org/");
    if (strnlen(p, ROR_LEN + 1) != ROR_LEN || p[0] != '0' || !is_digit(p[7])
        || !is_digit(p[8])) {
        reason_set(reason, reason_size, shape);
        return false;
    }

    /* Seven base32 characters hold at most 35 bits: no overflow below. */
    uint64_t value = 0;
    char norm[ROR_LEN + 1];
    for (size_t i = 0; i < 7; i++) {
        int v = crockford_value(p[i]);
        if (v < 0) {
            reason_set(reason, reason_size, shape);
            return false;
        }
        value = value * 32 + (uint64_t)v;
        norm[i] = crockford_alphabet[v];
    }

    /* ISO 7064 MOD 97-10: the two digits that make value*100+check
     * congruent to 1 modulo 97. */
    unsigned expected = (unsigned)(98 - (value * 100) % 97);
    unsigned given = (unsigned)(p[7] - '0') * 10 + (unsigned)(p[8] - '0');
    if (given != expected) {
        if (reason != NULL && reason_size > 0)
            snprintf(reason, reason_size,
                     "ROR id check digits are wrong (expected %02u)",
                     expected);
        return false;
    }

    norm[7] = p[7];
    norm[8] = p[8];
    norm[9] = '\0';
    memcpy(out, norm, sizeof norm);
    reason_set(reason, reason_size, "");
    return true;
}

/* ------------------------------------------------------------------ UTF-8 */

bool ident_utf8_valid(const char *s, size_t len)
{
    const unsigned char *b = (const unsigned char *)s;
    size_t i = 0;

    while (i < len) {
        unsigned char c = b[i];
        size_t need;
        /* Bounds of the second byte carry the overlong, surrogate and
         * > U+10FFFF rules (Unicode 15, table 3-7). */
        unsigned char lo = 0x80, hi = 0xBF;

        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F;
        } else {
            return false; /* continuation byte, C0, C1 or F5..FF */
        }

        if (len - i - 1 < need)
            return false;
        if (b[i + 1] < lo || b[i + 1] > hi)
            return false;
        for (size_t k = 2; k <= need; k++) {
            if (b[i + k] < 0x80 || b[i + k] > 0xBF)
                return false;
        }
        i += need + 1;
    }
    return true;
}

/* --------------------------------------------------------------- ISO 639-1 */

/* The 184 ISO 639-1 codes, sorted (includes "bh", deprecated in 2021 but
 * still in the list). */
static const char lang_codes[][2] = {
    {'a','a'}, {'a','b'}, {'a','e'}, {'a','f'}, {'a','k'}, {'a','m'},
    {'a','n'}, {'a','r'}, {'a','s'}, {'a','v'}, {'a','y'}, {'a','z'},
    {'b','a'}, {'b','e'}, {'b','g'}, {'b','h'}, {'b','i'}, {'b','m'},
    {'b','n'}, {'b','o'}, {'b','r'}, {'b','s'}, {'c','a'}, {'c','e'},
    {'c','h'}, {'c','o'}, {'c','r'}, {'c','s'}, {'c','u'}, {'c','v'},
    {'c','y'}, {'d','a'}, {'d','e'}, {'d','v'}, {'d','z'}, {'e','e'},
    {'e','l'}, {'e','n'}, {'e','o'}, {'e','s'}, {'e','t'}, {'e','u'},
    {'f','a'}, {'f','f'}, {'f','i'}, {'f','j'}, {'f','o'}, {'f','r'},
    {'f','y'}, {'g','a'}, {'g','d'}, {'g','l'}, {'g','n'}, {'g','u'},
    {'g','v'}, {'h','a'}, {'h','e'}, {'h','i'}, {'h','o'}, {'h','r'},
    {'h','t'}, {'h','u'}, {'h','y'}, {'h','z'}, {'i','a'}, {'i','d'},
    {'i','e'}, {'i','g'}, {'i','i'}, {'i','k'}, {'i','o'}, {'i','s'},
    {'i','t'}, {'i','u'}, {'j','a'}, {'j','v'}, {'k','a'}, {'k','g'},
    {'k','i'}, {'k','j'}, {'k','k'}, {'k','l'}, {'k','m'}, {'k','n'},
    {'k','o'}, {'k','r'}, {'k','s'}, {'k','u'}, {'k','v'}, {'k','w'},
    {'k','y'}, {'l','a'}, {'l','b'}, {'l','g'}, {'l','i'}, {'l','n'},
    {'l','o'}, {'l','t'}, {'l','u'}, {'l','v'}, {'m','g'}, {'m','h'},
    {'m','i'}, {'m','k'}, {'m','l'}, {'m','n'}, {'m','r'}, {'m','s'},
    {'m','t'}, {'m','y'}, {'n','a'}, {'n','b'}, {'n','d'}, {'n','e'},
    {'n','g'}, {'n','l'}, {'n','n'}, {'n','o'}, {'n','r'}, {'n','v'},
    {'n','y'}, {'o','c'}, {'o','j'}, {'o','m'}, {'o','r'}, {'o','s'},
    {'p','a'}, {'p','i'}, {'p','l'}, {'p','s'}, {'p','t'}, {'q','u'},
    {'r','m'}, {'r','n'}, {'r','o'}, {'r','u'}, {'r','w'}, {'s','a'},
    {'s','c'}, {'s','d'}, {'s','e'}, {'s','g'}, {'s','i'}, {'s','k'},
    {'s','l'}, {'s','m'}, {'s','n'}, {'s','o'}, {'s','q'}, {'s','r'},
    {'s','s'}, {'s','t'}, {'s','u'}, {'s','v'}, {'s','w'}, {'t','a'},
    {'t','e'}, {'t','g'}, {'t','h'}, {'t','i'}, {'t','k'}, {'t','l'},
    {'t','n'}, {'t','o'}, {'t','r'}, {'t','s'}, {'t','t'}, {'t','w'},
    {'t','y'}, {'u','g'}, {'u','k'}, {'u','r'}, {'u','z'}, {'v','e'},
    {'v','i'}, {'v','o'}, {'w','a'}, {'w','o'}, {'x','h'}, {'y','i'},
    {'y','o'}, {'z','a'}, {'z','h'}, {'z','u'},
};

_Static_assert(sizeof lang_codes / sizeof lang_codes[0] == 184,
               "ISO 639-1 has 184 codes");

bool ident_lang_valid(const char *s)
{
    if (s == NULL || !(s[0] >= 'a' && s[0] <= 'z')
        || !(s[1] >= 'a' && s[1] <= 'z') || s[2] != '\0')
        return false;

    size_t lo = 0, hi = sizeof lang_codes / sizeof lang_codes[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = memcmp(s, lang_codes[mid], 2);
        if (cmp == 0)
            return true;
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}

/* ------------------------------------------------------------------- Date */

static bool read_digits(const char *s, size_t n, int *value)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *value = v;
    return true;
}

bool ident_date_valid(const char *s)
{
    static const int month_days[12] = {31, 28, 31, 30, 31, 30,
                                       31, 31, 30, 31, 30, 31};
    int year, month, day;

    if (s == NULL || strnlen(s, 11) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    if (!read_digits(s, 4, &year) || !read_digits(s + 5, 2, &month)
        || !read_digits(s + 8, 2, &day))
        return false;
    if (year < 1 || month < 1 || month > 12 || day < 1)
        return false;

    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    int last = month_days[month - 1] + (month == 2 && leap ? 1 : 0);
    return day <= last;
}
