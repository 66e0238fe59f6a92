/*
 * certificate.c -- certificates of attendance as PDF (certificate.h).
 *
 * Four steps, each of which can refuse: every field is checked (UTF-8,
 * length, no control, bidirectional or private-use characters, no script
 * that needs shaping); every character gets the first font in the list
 * whose cmap table has a glyph for it (read here from the TrueType file,
 * format 4, the one libharu reads, without loading the whole font); the
 * texts are broken into centred lines that fit the frame, shrinking the
 * type when needed; then libharu draws them and writes the PDF to memory.
 *
 * libharu 2.3.0 (Debian 12) embeds only the glyphs a document uses, and
 * loses the parts of composite glyphs whose glyph number is above 32767 or
 * that are composite themselves: most ideographs of Droid Sans Fallback and
 * the Hangul of Lexi Gulim come out blank.  glyphs_complete() marks those
 * parts as used, through the font structures hpdf_fontdef.h declares,
 * before the document is written.
 *
 * libharu reports errors through a callback and keeps going; the callback
 * here records the first one and every step checks it, so a libharu failure
 * becomes SERAI_EINTERNAL and HPDF_Free releases everything it allocated.
 */
#include "exchange/certificate.h"

#include <hpdf.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ident.h"
#include "core/mem.h"

/* A cmap table larger than this is refused as a broken font file. */
#define CERT_CMAP_MAX (16u * 1024 * 1024)
/* Code points in one text: CERTIFICATE_TITLE_MAX bytes hold no more. */
#define CERT_TEXT_CPS CERTIFICATE_TITLE_MAX
#define CERT_MAX_FONTS 8
#define CERT_MAX_LINES 4

/* A4 landscape in points, the frame and the area the text is centred in. */
#define PAGE_W 841.89f
#define PAGE_H 595.28f
#define FRAME_OUTER 24.0f
#define FRAME_INNER 32.0f
#define TEXT_LEFT 80.0f
#define TEXT_RIGHT (PAGE_W - 80.0f)
#define TEXT_TOP 530.0f
#define TEXT_BOTTOM 100.0f

static const certificate_font default_fonts[] = {
    {"/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "fonts-dejavu-core", true},
    {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "fonts-dejavu-core", false},
    {"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
     "fonts-droid-fallback", false},
    {"/usr/share/fonts/truetype/lexi/LexiGulim.ttf", "fonts-lexi-gulim", false},
};

const certificate_font *certificate_default_fonts(size_t *n)
{
    *n = sizeof default_fonts / sizeof default_fonts[0];
    return default_fonts;
}

/* ---- scripts ---- */

/* Ranges of code points named in errors.  shaping: the script needs
 * contextual shaping, reordering or right-to-left layout, which libharu
 * cannot do.  package: the Debian package whose font covers it. */
typedef struct script_range {
    uint32_t lo, hi;
    const char *name;
    bool shaping;
    const char *package;
} script_range;

static const script_range scripts[] = {
    {0x0000, 0x024F, "Latin", false, "fonts-dejavu-core"},
    {0x0250, 0x036F, "IPA and combining marks", false, "fonts-dejavu-core"},
    {0x0370, 0x03FF, "Greek", false, "fonts-dejavu-core"},
    {0x0400, 0x052F, "Cyrillic", false, "fonts-dejavu-core"},
    {0x0530, 0x058F, "Armenian", false, "fonts-dejavu-core"},
    {0x0590, 0x05FF, "Hebrew", true, NULL},
    {0x0600, 0x06FF, "Arabic", true, NULL},
    {0x0700, 0x074F, "Syriac", true, NULL},
    {0x0750, 0x077F, "Arabic", true, NULL},
    {0x0780, 0x07BF, "Thaana", true, NULL},
    {0x07C0, 0x07FF, "N'Ko", true, NULL},
    {0x0800, 0x08FF, "Arabic", true, NULL},
    {0x0900, 0x097F, "Devanagari", true, NULL},
    {0x0980, 0x09FF, "Bengali", true, NULL},
    {0x0A00, 0x0A7F, "Gurmukhi", true, NULL},
    {0x0A80, 0x0AFF, "Gujarati", true, NULL},
    {0x0B00, 0x0B7F, "Oriya", true, NULL},
    {0x0B80, 0x0BFF, "Tamil", true, NULL},
    {0x0C00, 0x0C7F, "Telugu", true, NULL},
    {0x0C80, 0x0CFF, "Kannada", true, NULL},
    {0x0D00, 0x0D7F, "Malayalam", true, NULL},
    {0x0D80, 0x0DFF, "Sinhala", true, NULL},
    {0x0E00, 0x0E7F, "Thai", true, NULL},
    {0x0E80, 0x0EFF, "Lao", true, NULL},
    {0x0F00, 0x0FFF, "Tibetan", true, NULL},
    {0x1000, 0x109F, "Myanmar", true, NULL},
    {0x10A0, 0x10FF, "Georgian", false, "fonts-dejavu-core"},
    {0x1100, 0x11FF, "Hangul Jamo", true, NULL},
    {0x1200, 0x139F, "Ethiopic", false, NULL},
    {0x13A0, 0x13FF, "Cherokee", false, NULL},
    {0x1780, 0x17FF, "Khmer", true, NULL},
    {0x1800, 0x18AF, "Mongolian", true, NULL},
    {0x1E00, 0x1EFF, "Latin", false, "fonts-dejavu-core"},
    {0x1F00, 0x1FFF, "Greek", false, "fonts-dejavu-core"},
    {0x2000, 0x2BFF, "punctuation and symbols", false, "fonts-dejavu-core"},
    {0x3000, 0x303F, "CJK punctuation", false, "fonts-droid-fallback"},
    {0x3040, 0x309F, "Hiragana", false, "fonts-droid-fallback"},
    {0x30A0, 0x30FF, "Katakana", false, "fonts-droid-fallback"},
    {0x3100, 0x312F, "Bopomofo", false, "fonts-droid-fallback"},
    {0x3130, 0x318F, "Hangul", false, "fonts-lexi-gulim"},
    {0x3400, 0x4DBF, "Han", false, "fonts-droid-fallback"},
    {0x4E00, 0x9FFF, "Han", false, "fonts-droid-fallback"},
    {0xA960, 0xA97F, "Hangul Jamo", true, NULL},
    {0xAC00, 0xD7AF, "Hangul", false, "fonts-lexi-gulim"},
    {0xD7B0, 0xD7FF, "Hangul Jamo", true, NULL},
    {0xE000, 0xF8FF, "Private Use", false, NULL},
    {0xF900, 0xFAFF, "Han", false, "fonts-droid-fallback"},
    {0xFB1D, 0xFB4F, "Hebrew", true, NULL},
    {0xFB50, 0xFDFF, "Arabic", true, NULL},
    {0xFE70, 0xFEFF, "Arabic", true, NULL},
    {0xFF00, 0xFFEF, "fullwidth forms", false, "fonts-droid-fallback"},
    {0x1F000, 0x1FAFF, "emoji and symbols", false, NULL},
    {0x10000, 0x10FFFF, "a character beyond U+FFFF", false, NULL},
};

static const script_range *script_of(uint32_t cp)
{
    for (size_t i = 0; i < sizeof scripts / sizeof scripts[0]; i++)
        if (cp >= scripts[i].lo && cp <= scripts[i].hi)
            return &scripts[i];
    return NULL;
}

/* Characters that must not reach the page: controls, line and paragraph
 * separators, bidirectional controls, private use, non-characters. */
static const char *forbidden_kind(uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return "a control character";
    if (cp == 0x2028 || cp == 0x2029)
        return "a line or paragraph separator";
    if (cp == 0x061C || (cp >= 0x200E && cp <= 0x200F) ||
        (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
        return "a bidirectional control character";
    if ((cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000)
        return "a private-use character";
    if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
        return "a non-character";
    return NULL;
}

/* Decode valid UTF-8 (checked before) into code points and byte offsets;
 * off[n] is the length. */
static size_t utf8_decode(const char *s, uint32_t *cps, size_t *off, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0, i = 0;
    while (p[i] != '\0' && n < max) {
        uint32_t c = p[i];
        int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
        if (extra > 0)
            c &= 0x3Fu >> extra;
        off[n] = i++;
        for (int k = 0; k < extra; k++)
            c = (c << 6) | (p[i++] & 0x3Fu);
        cps[n++] = c;
    }
    off[n] = i;
    return n;
}

/* ---- fonts: the cmap of a TrueType file ---- */

typedef struct cert_font {
    const certificate_font *spec;
    bool probed;         /* the file was looked at */
    bool usable;         /* it exists and has a cmap we read */
    unsigned char *cmap; /* the chosen cmap subtable */
    size_t cmap_len;
    HPDF_Font hpdf;      /* loaded into the document when first used */
} cert_font;

static uint32_t be16(const unsigned char *p)
{
    return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool read_at(FILE *f, long at, void *dst, size_t n)
{
    return fseek(f, at, SEEK_SET) == 0 && fread(dst, 1, n, f) == n;
}

/* Read the cmap subtable libharu itself uses, the first (3,1) format 4
 * one (so no character above U+FFFF), so that what is checked here is what
 * libharu will draw.  false when the file is missing or has none. */
static bool font_probe(cert_font *ft)
{
    ft->probed = true;
    FILE *f = fopen(ft->spec->path, "rb");
    if (!f)
        return false;
    unsigned char head[12], rec[16];
    uint32_t cmap_off = 0, cmap_len = 0;
    bool ok = read_at(f, 0, head, sizeof head);
    uint32_t ntables = ok ? be16(head + 4) : 0;
    for (uint32_t i = 0; ok && i < ntables; i++) {
        ok = read_at(f, (long)(12 + 16 * i), rec, sizeof rec);
        if (ok && memcmp(rec, "cmap", 4) == 0) {
            cmap_off = be32(rec + 8);
            cmap_len = be32(rec + 12);
        }
    }
    unsigned char *cmap = NULL;
    if (ok && cmap_len >= 4 && cmap_len <= CERT_CMAP_MAX) {
        cmap = xmalloc(cmap_len);
        ok = read_at(f, (long)cmap_off, cmap, cmap_len);
    } else {
        ok = false;
    }
    fclose(f);
    size_t found = 0;
    uint32_t nsub = ok ? be16(cmap + 2) : 0;
    for (uint32_t i = 0; i < nsub && 4 + 8 * (size_t)(i + 1) <= cmap_len && !found; i++) {
        const unsigned char *r = cmap + 4 + 8 * i;
        uint32_t off = be32(r + 4);
        if (be16(r) == 3 && be16(r + 2) == 1 && (size_t)off + 14 <= cmap_len &&
            be16(cmap + off) == 4)
            found = off;
    }
    if (!found) {
        free(cmap);
        return false;
    }
    /* Keep the subtable alone, bounded by its stated length. */
    size_t sub_len = be16(cmap + found + 2);
    if (sub_len > cmap_len - found)
        sub_len = cmap_len - found;
    ft->cmap = xmalloc(sub_len);
    memcpy(ft->cmap, cmap + found, sub_len);
    ft->cmap_len = sub_len;
    free(cmap);
    ft->usable = true;
    return true;
}

static bool cmap4_has(const unsigned char *t, size_t len, uint32_t cp)
{
    if (cp > 0xFFFF || len < 14)
        return false;
    size_t segs = be16(t + 6) / 2;
    size_t ends = 14, starts = ends + 2 * segs + 2, deltas = starts + 2 * segs,
           ranges = deltas + 2 * segs;
    if (ranges + 2 * segs > len)
        return false;
    for (size_t i = 0; i < segs; i++) {
        if (be16(t + ends + 2 * i) < cp)
            continue;
        uint32_t start = be16(t + starts + 2 * i);
        if (start > cp)
            return false;
        uint32_t delta = be16(t + deltas + 2 * i);
        uint32_t range = be16(t + ranges + 2 * i);
        if (range == 0)
            return ((cp + delta) & 0xFFFF) != 0;
        size_t at = ranges + 2 * i + range + 2 * (cp - start);
        if (at + 2 > len)
            return false;
        return be16(t + at) != 0;
    }
    return false;
}

static bool font_has(cert_font *ft, uint32_t cp)
{
    if (!ft->probed)
        font_probe(ft);
    if (!ft->usable)
        return false;
    return cmap4_has(ft->cmap, ft->cmap_len, cp);
}

/* ---- the document ---- */

typedef struct cert_doc {
    HPDF_Doc pdf;
    HPDF_Page page;
    cert_font fonts[CERT_MAX_FONTS];
    size_t nfonts;
    HPDF_STATUS error; /* the first libharu error, 0 while none */
    HPDF_STATUS detail;
    serai_err *err;
} cert_doc;

static void hpdf_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
    cert_doc *d = user;
    if (d->error == 0) {
        d->error = error;
        d->detail = detail;
    }
}

static serai_code hpdf_failed(cert_doc *d, const char *what)
{
    return serai_fail(d->err, SERAI_EINTERNAL, NULL,
                      "libharu failed while %s (error 0x%04X, detail %u)", what,
                      (unsigned)d->error, (unsigned)d->detail);
}

/* One text of the certificate, broken into characters with fonts. */
typedef struct cert_text {
    const char *field;    /* JSON pointer named in errors */
    const char *what;     /* "the participant name" */
    const char *s;
    bool bold;
    float size, min_size; /* shrink from size to min_size to fit */
    int max_lines;
    uint32_t cps[CERT_TEXT_CPS];
    size_t off[CERT_TEXT_CPS + 1];
    int font[CERT_TEXT_CPS];
    float adv[CERT_TEXT_CPS]; /* advance at size 1000 */
    size_t n;
    /* The lines: [start, end) ranges of characters, at the chosen size. */
    size_t line_start[CERT_MAX_LINES], line_end[CERT_MAX_LINES];
    int nlines;
    float chosen;
} cert_text;

static bool is_space(uint32_t cp)
{
    return cp == ' ' || cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A);
}

/* Characters that take the font of the run they are in when it has them. */
static bool is_neutral(uint32_t cp)
{
    return cp < 0x80 && !((cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') ||
                          (cp >= 'a' && cp <= 'z'));
}

/* Ideographs, kana and the like: a line may break before or after each. */
static bool breaks_anywhere(uint32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFF00 && cp <= 0xFFEF);
}

/* Check the text and give each character a font. */
static serai_code text_prepare(cert_doc *d, cert_text *t)
{
    size_t bytes = strlen(t->s);
    if (!ident_utf8_valid(t->s, bytes))
        return serai_fail(d->err, SERAI_EINVAL, t->field, "%s is not valid UTF-8",
                          t->what);
    t->n = utf8_decode(t->s, t->cps, t->off, CERT_TEXT_CPS);
    bool blank = true;
    for (size_t i = 0; i < t->n; i++)
        if (!is_space(t->cps[i]))
            blank = false;
    if (blank)
        return serai_fail(d->err, SERAI_EINVAL, t->field, "%s is empty", t->what);
    int current = -1;
    for (size_t i = 0; i < t->n; i++) {
        uint32_t cp = t->cps[i];
        const char *bad = forbidden_kind(cp);
        if (bad)
            return serai_fail(d->err, SERAI_EINVAL, t->field,
                              "%s contains %s (U+%04X) at character %zu", t->what,
                              bad, (unsigned)cp, i + 1);
        const script_range *sc = script_of(cp);
        if (sc && sc->shaping)
            return serai_fail(
                d->err, SERAI_EUNPROCESSABLE, t->field,
                "%s contains U+%04X (%s script), which needs contextual shaping "
                "or right-to-left layout that the PDF writer (libharu) cannot "
                "do; it is refused rather than printed wrong",
                t->what, (unsigned)cp, sc->name);
        if (cp > 0xFFFF)
            return serai_fail(d->err, SERAI_EUNPROCESSABLE, t->field,
                              "%s contains U+%04X (%s), beyond U+FFFF, which the "
                              "PDF writer (libharu 2.3) cannot draw",
                              t->what, (unsigned)cp, sc ? sc->name : "unlisted");
        /* Spaces and ASCII punctuation stay in the run's font. */
        if (current >= 0 && is_neutral(cp) && font_has(&d->fonts[current], cp)) {
            t->font[i] = current;
            continue;
        }
        int chosen = -1;
        for (size_t k = 0; k < d->nfonts && chosen < 0; k++) {
            /* Regular texts skip the bold fonts, bold ones prefer them. */
            if (d->fonts[k].spec->bold && !t->bold)
                continue;
            if (font_has(&d->fonts[k], cp))
                chosen = (int)k;
        }
        for (size_t k = 0; k < d->nfonts && chosen < 0; k++)
            if (font_has(&d->fonts[k], cp))
                chosen = (int)k;
        if (chosen < 0) {
            /* Name the package whose font has the script, unless a font of
             * that package is installed (and still lacks the character). */
            const char *pkg = sc ? sc->package : NULL;
            for (size_t k = 0; k < d->nfonts && pkg; k++)
                if (d->fonts[k].usable && strcmp(d->fonts[k].spec->package, pkg) == 0)
                    pkg = NULL;
            return serai_fail(d->err, SERAI_EUNPROCESSABLE, t->field,
                              "no installed font has U+%04X (%s) in %s%s%s", (unsigned)cp,
                              sc ? sc->name : "an unlisted script", t->what,
                              pkg ? "; install the Debian package " : "",
                              pkg ? pkg : "");
        }
        t->font[i] = current = chosen;
    }
    return SERAI_OK;
}

/* Load the font into the document (embedded, UTF-8) when first used. */
static serai_code font_load(cert_doc *d, cert_font *ft)
{
    if (ft->hpdf)
        return SERAI_OK;
    const char *name = HPDF_LoadTTFontFromFile(d->pdf, ft->spec->path, HPDF_TRUE);
    if (name)
        ft->hpdf = HPDF_GetFont(d->pdf, name, "UTF-8");
    if (d->error || !ft->hpdf)
        return serai_fail(d->err, SERAI_EINTERNAL, NULL,
                          "libharu could not load the font %s (error 0x%04X)",
                          ft->spec->path, (unsigned)d->error);
    return SERAI_OK;
}

/* Measure every character with its font. */
static serai_code text_measure(cert_doc *d, cert_text *t)
{
    char one[5];
    for (size_t i = 0; i < t->n; i++) {
        cert_font *ft = &d->fonts[t->font[i]];
        serai_code code = font_load(d, ft);
        if (code != SERAI_OK)
            return code;
        size_t len = t->off[i + 1] - t->off[i];
        memcpy(one, t->s + t->off[i], len);
        one[len] = '\0';
        HPDF_TextWidth w = HPDF_Font_TextWidth(ft->hpdf, (const HPDF_BYTE *)one,
                                               (HPDF_UINT)len);
        if (d->error)
            return hpdf_failed(d, "measuring text");
        t->adv[i] = (float)w.width;
    }
    return SERAI_OK;
}

/* Break the text into at most max_lines lines of width <= maxw at size;
 * false when it does not fit. */
static bool text_break(cert_text *t, float size, float maxw)
{
    float scale = size / 1000.0f;
    t->nlines = 0;
    size_t i = 0;
    while (i < t->n) {
        while (i < t->n && is_space(t->cps[i]))
            i++;
        if (i == t->n)
            break;
        if (t->nlines == t->max_lines)
            return false;
        size_t start = i, last_break = 0;
        float w = 0;
        for (; i < t->n; i++) {
            bool can_break = i > start && (is_space(t->cps[i]) ||
                                           breaks_anywhere(t->cps[i]) ||
                                           breaks_anywhere(t->cps[i - 1]));
            if (can_break)
                last_break = i;
            w += t->adv[i] * scale;
            if (w > maxw)
                break;
        }
        size_t end = i;
        if (i < t->n) {
            if (last_break > start)
                end = last_break;
            else if (end == start)
                end = start + 1; /* one glyph wider than the line */
        }
        while (end > start && is_space(t->cps[end - 1]))
            end--;
        t->line_start[t->nlines] = start;
        t->line_end[t->nlines] = end;
        t->nlines++;
        i = end;
    }
    return true;
}

static serai_code text_fit(cert_doc *d, cert_text *t)
{
    for (float size = t->size; size >= t->min_size; size -= 1.0f)
        if (text_break(t, size, TEXT_RIGHT - TEXT_LEFT)) {
            t->chosen = size;
            return SERAI_OK;
        }
    return serai_fail(d->err, SERAI_ETOOLARGE, t->field,
                      "%s is too long to fit on the certificate", t->what);
}

static float line_width(const cert_text *t, int line)
{
    float w = 0;
    for (size_t i = t->line_start[line]; i < t->line_end[line]; i++)
        w += t->adv[i] * t->chosen / 1000.0f;
    return w;
}

/* Draw one line centred at baseline y, one TextOut per run of one font. */
static void text_draw_line(cert_doc *d, const cert_text *t, int line, float y)
{
    char buf[CERTIFICATE_TITLE_MAX + 1];
    float x = (PAGE_W - line_width(t, line)) / 2.0f;
    size_t i = t->line_start[line], end = t->line_end[line];
    while (i < end) {
        size_t j = i;
        float w = 0;
        while (j < end && t->font[j] == t->font[i])
            w += t->adv[j++] * t->chosen / 1000.0f;
        size_t len = t->off[j] - t->off[i];
        memcpy(buf, t->s + t->off[i], len);
        buf[len] = '\0';
        HPDF_Page_SetFontAndSize(d->page, d->fonts[t->font[i]].hpdf, t->chosen);
        HPDF_Page_TextOut(d->page, x, y, buf);
        x += w;
        i = j;
    }
}

static const char *const month_names[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

/* "2026-05-04" (already valid) as "4 May 2026". */
static void date_words(const char *iso, char out[32])
{
    int month = (iso[5] - '0') * 10 + (iso[6] - '0');
    int day = (iso[8] - '0') * 10 + (iso[9] - '0');
    snprintf(out, 32, "%d %s %.4s", day, month_names[month - 1], iso);
}

static bool present(const char *s)
{
    return s && s[0] != '\0';
}

static serai_code check_input(const certificate_input *in, serai_err *err)
{
    static const struct {
        size_t offset;
        const char *field, *what;
        bool required;
        size_t max;
    } fields[] = {
        {offsetof(certificate_input, issuer), "/issuer", "the issuer", true, CERTIFICATE_FIELD_MAX},
        {offsetof(certificate_input, event_title), "/event_title", "the event title", true, CERTIFICATE_TITLE_MAX},
        {offsetof(certificate_input, event_kind), "/event_kind", "the event kind", false, CERTIFICATE_FIELD_MAX},
        {offsetof(certificate_input, place), "/place", "the place", true, CERTIFICATE_FIELD_MAX},
        {offsetof(certificate_input, participant_name), "/participant_name", "the participant name", true, CERTIFICATE_FIELD_MAX},
        {offsetof(certificate_input, participant_country), "/participant_country", "the participant's country", false, CERTIFICATE_FIELD_MAX},
        {offsetof(certificate_input, verification), "/verification", "the verification text", false, CERTIFICATE_FIELD_MAX},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const char *s = *(const char *const *)((const char *)in + fields[i].offset);
        if (fields[i].required && !present(s))
            return serai_fail(err, SERAI_EINVAL, fields[i].field, "%s is missing",
                              fields[i].what);
        if (s && strlen(s) > fields[i].max)
            return serai_fail(err, SERAI_ETOOLARGE, fields[i].field,
                              "%s is longer than %zu bytes", fields[i].what,
                              fields[i].max);
    }
    if (!present(in->number))
        return serai_fail(err, SERAI_EINVAL, "/number", "the certificate number is missing");
    size_t nlen = strlen(in->number);
    if (nlen > CERTIFICATE_NUMBER_MAX)
        return serai_fail(err, SERAI_ETOOLARGE, "/number",
                          "the certificate number is longer than %d bytes",
                          CERTIFICATE_NUMBER_MAX);
    for (size_t i = 0; i < nlen; i++)
        if (in->number[i] <= ' ' || in->number[i] > '~')
            return serai_fail(err, SERAI_EINVAL, "/number",
                              "the certificate number must be printable ASCII "
                              "without spaces");
    const char *end = present(in->end_date) ? in->end_date : in->start_date;
    if (!present(in->start_date) || !ident_date_valid(in->start_date))
        return serai_fail(err, SERAI_EINVAL, "/start_date",
                          "the start date must be a day written YYYY-MM-DD");
    if (!ident_date_valid(end))
        return serai_fail(err, SERAI_EINVAL, "/end_date",
                          "the end date must be a day written YYYY-MM-DD");
    if (strcmp(end, in->start_date) < 0)
        return serai_fail(err, SERAI_EINVAL, "/end_date",
                          "the end date %s is before the start date %s", end,
                          in->start_date);
    if (!present(in->issue_date) || !ident_date_valid(in->issue_date))
        return serai_fail(err, SERAI_EINVAL, "/issue_date",
                          "the issue date must be a day written YYYY-MM-DD");
    if (in->nfonts > CERT_MAX_FONTS)
        return serai_fail(err, SERAI_EINVAL, NULL, "at most %d fonts may be given",
                          CERT_MAX_FONTS);
    return SERAI_OK;
}

/* The double frame around the page. */
static void draw_frame(HPDF_Page page)
{
    HPDF_Page_SetRGBStroke(page, 0.12f, 0.23f, 0.40f);
    HPDF_Page_SetLineWidth(page, 2.5f);
    HPDF_Page_Rectangle(page, FRAME_OUTER, FRAME_OUTER, PAGE_W - 2 * FRAME_OUTER,
                        PAGE_H - 2 * FRAME_OUTER);
    HPDF_Page_Stroke(page);
    HPDF_Page_SetLineWidth(page, 0.75f);
    HPDF_Page_Rectangle(page, FRAME_INNER, FRAME_INNER, PAGE_W - 2 * FRAME_INNER,
                        PAGE_H - 2 * FRAME_INNER);
    HPDF_Page_Stroke(page);
}

enum { T_ISSUER, T_TITLE, T_CERTIFIES, T_NAME, T_COUNTRY, T_ATTENDED, T_EVENT,
       T_WHEN, T_NUMBER, T_VERIFY, T_COUNT };

/* Everything but the PDF's bytes; d->pdf is set up by the caller. */
static serai_code cert_build(cert_doc *d, const certificate_input *in, cert_text *t)
{
    char from[32], to[32], issued[32];
    date_words(in->start_date, from);
    date_words(present(in->end_date) ? in->end_date : in->start_date, to);
    date_words(in->issue_date, issued);
    bool one_day = !present(in->end_date) || strcmp(in->start_date, in->end_date) == 0;
    bool online = strcmp(in->place, "online") == 0 || strcmp(in->place, "Online") == 0;

    char attended[CERTIFICATE_FIELD_MAX + 32];
    if (present(in->event_kind))
        snprintf(attended, sizeof attended, "attended the %s", in->event_kind);
    else
        snprintf(attended, sizeof attended, "attended");
    char when[CERTIFICATE_FIELD_MAX + 128];
    const char *where = online ? "held online" : "held in ";
    snprintf(when, sizeof when, "%s%s %s%s%s%s", where, online ? "" : in->place,
             one_day ? "on " : "from ", from, one_day ? "" : " to ", one_day ? "" : to);
    char number[CERTIFICATE_NUMBER_MAX + 64];
    snprintf(number, sizeof number, "Certificate no. %s, issued on %s", in->number, issued);

    struct {
        const char *s, *field, *what;
        bool bold;
        float size, min;
        int lines;
    } spec[T_COUNT] = {
        {in->issuer, "/issuer", "the issuer", false, 16, 9, 2},
        {"Certificate of attendance", NULL, "the title", true, 34, 34, 1},
        {"This is to certify that", NULL, "the text", false, 14, 14, 1},
        {in->participant_name, "/participant_name", "the participant name", true, 30, 12, 2},
        {in->participant_country, "/participant_country", "the participant's country", false, 14, 9, 1},
        {attended, "/event_kind", "the event kind", false, 14, 9, 2},
        {in->event_title, "/event_title", "the event title", true, 22, 10, 3},
        {when, "/place", "the place", false, 14, 9, 2},
        {number, "/number", "the certificate number", false, 10, 10, 1},
        {in->verification, "/verification", "the verification text", false, 10, 7, 1},
    };
    for (int k = 0; k < T_COUNT; k++) {
        t[k].s = present(spec[k].s) ? spec[k].s : NULL;
        t[k].field = spec[k].field;
        t[k].what = spec[k].what;
        t[k].bold = spec[k].bold;
        t[k].size = spec[k].size;
        t[k].min_size = spec[k].min;
        t[k].max_lines = spec[k].lines;
        if (!t[k].s)
            continue;
        serai_code code = text_prepare(d, &t[k]);
        if (code == SERAI_OK)
            code = text_measure(d, &t[k]);
        if (code == SERAI_OK)
            code = text_fit(d, &t[k]);
        if (code != SERAI_OK)
            return code;
    }

    /* Vertical layout: the body from the top down, with gaps after the
     * issuer, the title and the name; number and verification at the foot. */
    float y = TEXT_TOP;
    static const float gap_after[T_COUNT] = {22, 26, 12, 12, 16, 8, 12, 0, 0, 0};
    float ys[T_COUNT][CERT_MAX_LINES];
    for (int k = 0; k <= T_WHEN; k++) {
        if (!t[k].s)
            continue;
        for (int l = 0; l < t[k].nlines; l++) {
            y -= t[k].chosen * 1.2f;
            ys[k][l] = y;
        }
        y -= gap_after[k];
    }
    if (y < TEXT_BOTTOM)
        return serai_fail(d->err, SERAI_ETOOLARGE, NULL,
                          "the texts are too long to fit on one page");
    /* Centre the body in the room it has. */
    float shift = (y - TEXT_BOTTOM) / 2.0f;
    for (int k = 0; k <= T_WHEN; k++)
        for (int l = 0; t[k].s && l < t[k].nlines; l++)
            ys[k][l] -= shift;
    ys[T_NUMBER][0] = 62;
    ys[T_VERIFY][0] = 48;

    draw_frame(d->page);
    HPDF_Page_SetRGBFill(d->page, 0.1f, 0.1f, 0.1f);
    HPDF_Page_BeginText(d->page);
    for (int k = 0; k < T_COUNT; k++)
        if (t[k].s)
            for (int l = 0; l < t[k].nlines; l++)
                text_draw_line(d, &t[k], l, ys[k][l]);
    HPDF_Page_EndText(d->page);
    return d->error ? hpdf_failed(d, "drawing the page") : SERAI_OK;
}

/* Mark every part of every used composite glyph of the font as used, to
 * any depth (see the top of this file).  Reads the glyph headers from the
 * font file at the offsets libharu parsed from its loca table. */
static serai_code glyphs_complete(cert_doc *d, cert_font *ft)
{
    HPDF_FontAttr fattr = (HPDF_FontAttr)ft->hpdf->attr;
    HPDF_FontDef def = fattr ? fattr->fontdef : NULL;
    if (!def || def->sig_bytes != HPDF_FONTDEF_SIG_BYTES ||
        def->type != HPDF_FONTDEF_TYPE_TRUETYPE)
        return serai_fail(d->err, SERAI_EINTERNAL, NULL,
                          "libharu gave no TrueType font for %s", ft->spec->path);
    HPDF_TTFontDefAttr tt = (HPDF_TTFontDefAttr)def->attr;
    size_t n = tt->num_glyphs, unit = tt->header.index_to_loc_format == 0 ? 2 : 1;
    HPDF_BYTE *used = tt->glyph_tbl.flgs;
    const HPDF_UINT32 *loca = tt->glyph_tbl.offsets;
    FILE *f = fopen(ft->spec->path, "rb");
    if (!f)
        return serai_fail(d->err, SERAI_EINTERNAL, NULL, "cannot read the font %s",
                          ft->spec->path);
    uint16_t *todo = xmalloc(n * sizeof *todo + 1);
    size_t ntodo = 0;
    for (size_t g = 0; g < n; g++)
        if (used[g])
            todo[ntodo++] = (uint16_t)g;
    serai_code code = SERAI_OK;
    unsigned char glyph[4096];
    while (ntodo > 0 && code == SERAI_OK) {
        size_t g = todo[--ntodo];
        size_t at = (size_t)loca[g] * unit, len = ((size_t)loca[g + 1] * unit) - at;
        if (loca[g + 1] <= loca[g])
            continue; /* an empty glyph (a space) */
        if (len > sizeof glyph)
            len = sizeof glyph;
        if (len < 10 || !read_at(f, (long)(tt->glyph_tbl.base_offset + at), glyph, len)) {
            code = serai_fail(d->err, SERAI_EINTERNAL, NULL,
                              "the font %s has a broken glyph %zu", ft->spec->path, g);
            break;
        }
        if ((glyph[0] & 0x80) == 0)
            continue; /* a simple glyph: numberOfContours >= 0 */
        /* Components: flags, glyph index, two arguments, an optional scale. */
        size_t p = 10;
        uint32_t flags;
        do {
            if (p + 4 > len)
                break;
            flags = be16(glyph + p);
            uint32_t part = be16(glyph + p + 2);
            p += 4 + ((flags & 0x0001) ? 4 : 2);
            p += (flags & 0x0008) ? 2 : (flags & 0x0040) ? 4 : (flags & 0x0080) ? 8 : 0;
            if (part < n && !used[part]) {
                used[part] = 1;
                todo[ntodo++] = (uint16_t)part;
            }
        } while (flags & 0x0020);
    }
    free(todo);
    fclose(f);
    return code;
}

/* Copy the finished document out of libharu's memory stream. */
static serai_code cert_save(cert_doc *d, unsigned char **pdf, size_t *len)
{
    for (size_t i = 0; i < d->nfonts; i++)
        if (d->fonts[i].hpdf) {
            serai_code code = glyphs_complete(d, &d->fonts[i]);
            if (code != SERAI_OK)
                return code;
        }
    if (HPDF_SaveToStream(d->pdf) != HPDF_OK || d->error)
        return hpdf_failed(d, "writing the PDF");
    HPDF_UINT32 size = HPDF_GetStreamSize(d->pdf);
    unsigned char *out = xmalloc(size ? size : 1);
    HPDF_UINT32 got = size;
    HPDF_STATUS st = HPDF_ReadFromStream(d->pdf, out, &got);
    if ((st != HPDF_OK && st != HPDF_STREAM_EOF) || got != size) {
        free(out);
        return hpdf_failed(d, "reading the PDF back");
    }
    *pdf = out;
    *len = got;
    return SERAI_OK;
}

serai_code certificate_pdf(const certificate_input *in, unsigned char **pdf,
                           size_t *len, serai_err *err)
{
    *pdf = NULL;
    *len = 0;
    serai_err_clear(err);
    serai_code code = check_input(in, err);
    if (code != SERAI_OK)
        return code;

    cert_doc *d = xcalloc(1, sizeof *d);
    cert_text *t = xcalloc(T_COUNT, sizeof *t);
    d->err = err;
    size_t nfonts = in->nfonts;
    const certificate_font *fonts = in->fonts;
    if (!fonts)
        fonts = certificate_default_fonts(&nfonts);
    for (size_t i = 0; i < nfonts && i < CERT_MAX_FONTS; i++)
        d->fonts[d->nfonts++].spec = &fonts[i];

    d->pdf = HPDF_New(hpdf_error, d);
    if (!d->pdf) {
        code = serai_fail(err, SERAI_EINTERNAL, NULL, "libharu could not start a document");
        goto done;
    }
    HPDF_SetCompressionMode(d->pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(d->pdf);
    HPDF_SetCurrentEncoder(d->pdf, "UTF-8");
    HPDF_SetInfoAttr(d->pdf, HPDF_INFO_CREATOR, "serai");
    HPDF_SetInfoAttr(d->pdf, HPDF_INFO_TITLE, "Certificate of attendance");
    d->page = HPDF_AddPage(d->pdf);
    if (d->page)
        HPDF_Page_SetSize(d->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_LANDSCAPE);
    if (d->error || !d->page) {
        code = hpdf_failed(d, "starting the page");
        goto done;
    }
    code = cert_build(d, in, t);
    if (code == SERAI_OK)
        code = cert_save(d, pdf, len);

done:
    if (d->pdf)
        HPDF_Free(d->pdf);
    for (size_t i = 0; i < d->nfonts; i++)
        free(d->fonts[i].cmap);
    free(t);
    free(d);
    return code;
}
