/*
 * fund_export_rows.c -- what the open-data writers share: finding an
 * organisation among the rows, its public identifier, and checks on the
 * dates and text that go into the files (docs/fund-exports.md).
 */
#include "fund/fund_export.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/mem.h"

/* Shared with fund_iati.c and fund_360giving.c (no public header: these
 * are details of the writers). */
bool fund_export_org_ref(const fund_export_data *d, const fund_org *o,
                         char *dst, size_t n);
bool fund_export_date_ok(const char *s);
const char *fund_export_text_lang(const char *s, const char *country);
char *fund_export_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

const fund_org *fund_export_org(const fund_export_data *d, int64_t id)
{
    if (!d || id == 0)
        return NULL;
    for (size_t i = 0; i < d->n_orgs; i++)
        if (d->orgs[i].id == id)
            return &d->orgs[i];
    return NULL;
}

/* The nine characters of a ROR id ("0" + six base-32 digits without i, l,
 * o, u + two check digits) from "https://ror.org/05asf4e91" or the bare
 * id; NULL when ror is not one. */
static const char *ror_suffix(const char *ror)
{
    if (!ror || !*ror)
        return NULL;
    const char *s = ror;
    static const char *const prefixes[] = {"https://ror.org/", "http://ror.org/",
                                           "ror.org/", NULL};
    for (size_t i = 0; prefixes[i]; i++) {
        size_t n = strlen(prefixes[i]);
        if (strncmp(s, prefixes[i], n) == 0) {
            s += n;
            break;
        }
    }
    if (strlen(s) != 9 || s[0] != '0')
        return NULL;
    for (int i = 1; i < 7; i++) {
        char c = s[i];
        bool digit = c >= '0' && c <= '9';
        bool letter = c >= 'a' && c <= 'z' && c != 'i' && c != 'l' && c != 'o' && c != 'u';
        if (!digit && !letter)
            return NULL;
    }
    if (s[7] < '0' || s[7] > '9' || s[8] < '0' || s[8] > '9')
        return NULL;
    return s;
}

/* "XI-ROR-05asf4e91" for an organisation with a ROR id (org-id.guide's
 * list XI-ROR), else identifier_prefix + "-" + id.  False when neither can
 * be formed or dst is too small. */
bool fund_export_org_ref(const fund_export_data *d, const fund_org *o,
                         char *dst, size_t n)
{
    const char *ror = ror_suffix(o->ror);
    int k;
    if (ror)
        k = snprintf(dst, n, "XI-ROR-%s", ror);
    else if (d->identifier_prefix && *d->identifier_prefix)
        k = snprintf(dst, n, "%s-%lld", d->identifier_prefix, (long long)o->id);
    else
        return false;
    return k > 0 && (size_t)k < n;
}

/* A real calendar date written YYYY-MM-DD. */
bool fund_export_date_ok(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int dd = (s[8] - '0') * 10 + (s[9] - '0');
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || dd < 1)
        return false;
    int max = days[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        max = 29;
    return dd <= max;
}

/* Next code point of valid UTF-8 at *p, advancing *p. */
static unsigned next_cp(const unsigned char **p)
{
    const unsigned char *s = *p;
    unsigned c = s[0];
    int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (n == 1) {
        *p = s + 1;
        return c;
    }
    c &= n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07;
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) { /* not valid UTF-8: stop here */
            *p = s + i;
            return 0xFFFD;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    *p = s + n;
    return c;
}

static bool country_is(const char *country, const char *const *list)
{
    if (!country)
        return false;
    for (size_t i = 0; list[i]; i++)
        if (strcmp(country, list[i]) == 0)
            return true;
    return false;
}

/* The language of a name or title, as far as its script tells it: NULL
 * for text in Latin script (the files' default language, English, then
 * applies), an ISO 639-1 code where the script (and, for Han and
 * Cyrillic, the organisation's country) settles it, and "und"
 * (undetermined) for other scripts. */
const char *fund_export_text_lang(const char *s, const char *country)
{
    if (!s)
        return NULL;
    bool han = false, kana = false, hangul = false, cyrillic = false;
    bool arabic = false, greek = false, hebrew = false, thai = false, other = false;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = next_cp(&p);
        if (c < 0x370 || (c >= 0x1E00 && c < 0x2000) || (c >= 0x2000 && c < 0x3000) ||
            (c >= 0x3000 && c < 0x3040) || (c >= 0xFF00 && c < 0xFF66))
            continue; /* Latin, combining marks, punctuation, symbols */
        if (c >= 0x3040 && c < 0x3100)
            kana = true;
        else if ((c >= 0xAC00 && c < 0xD7B0) || (c >= 0x1100 && c < 0x1200) ||
                 (c >= 0x3130 && c < 0x3190))
            hangul = true;
        else if ((c >= 0x4E00 && c < 0xA000) || (c >= 0x3400 && c < 0x4DC0) ||
                 (c >= 0x20000 && c < 0x2FA20) || (c >= 0xF900 && c < 0xFB00))
            han = true;
        else if (c >= 0x400 && c < 0x530)
            cyrillic = true;
        else if ((c >= 0x600 && c < 0x700) || (c >= 0x750 && c < 0x780))
            arabic = true;
        else if (c >= 0x370 && c < 0x400)
            greek = true;
        else if (c >= 0x590 && c < 0x600)
            hebrew = true;
        else if (c >= 0xE00 && c < 0xE80)
            thai = true;
        else
            other = true;
    }
    if (kana)
        return "ja";
    if (hangul)
        return "ko";
    if (han) {
        static const char *const ja[] = {"JP", NULL}, *const ko[] = {"KR", "KP", NULL};
        return country_is(country, ja) ? "ja" : country_is(country, ko) ? "ko" : "zh";
    }
    if (cyrillic) {
        static const char *const ru[] = {"RU", "BY", "KZ", "KG", NULL};
        static const char *const uk[] = {"UA", NULL}, *const bg[] = {"BG", NULL};
        static const char *const sr[] = {"RS", "ME", "BA", NULL};
        static const char *const mk[] = {"MK", NULL}, *const mn[] = {"MN", NULL};
        return country_is(country, ru) ? "ru" : country_is(country, uk) ? "uk"
             : country_is(country, bg) ? "bg" : country_is(country, sr) ? "sr"
             : country_is(country, mk) ? "mk" : country_is(country, mn) ? "mn" : "und";
    }
    if (arabic) {
        static const char *const fa[] = {"IR", "AF", NULL}, *const ur[] = {"PK", NULL};
        return country_is(country, fa) ? "fa" : country_is(country, ur) ? "ur" : "ar";
    }
    if (greek)
        return "el";
    if (hebrew)
        return "he";
    if (thai)
        return "th";
    if (other)
        return "und";
    return NULL;
}

/* printf into a new string (caller frees). */
char *fund_export_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    char *p = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
