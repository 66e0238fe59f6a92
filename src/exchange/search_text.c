/*
 * search_text.c -- see search_text.h.
 *
 * One pass over the folded text, code point by code point: a code point
 * is a word character (ASCII letters and digits, letters of other
 * alphabets), a CJK character (Han, kana, Hangul) or a separator
 * (everything else: ASCII punctuation and controls, Unicode punctuation and
 * symbol blocks).  Words are emitted whole; CJK runs as overlapping
 * bigrams, which is what lets a query for "科学" (science) find
 * "中国科学院" without a dictionary of Chinese words.
 */
#include "exchange/search_text.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

enum { CP_SEP, CP_WORD, CP_CJK, CP_DROP };

/* Next code point of s at *i, or -1 for an invalid sequence (one byte is
 * skipped). */
static int32_t utf8_next(const unsigned char *s, size_t *i)
{
    unsigned c = s[*i];
    if (c < 0x80) {
        (*i)++;
        return (int32_t)c;
    }
    int n = c >= 0xF0 && c <= 0xF4 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 && c < 0xE0 ? 1 : -1;
    if (n < 0 || c > 0xF4) {
        (*i)++;
        return -1;
    }
    uint32_t cp = c & (0x3F >> n);
    for (int k = 1; k <= n; k++) {
        unsigned cc = s[*i + (size_t)k];
        if ((cc & 0xC0) != 0x80) {
            (*i)++;
            return -1;
        }
        cp = cp << 6 | (cc & 0x3F);
    }
    static const uint32_t min[] = {0, 0x80, 0x800, 0x10000};
    if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        (*i)++;
        return -1;
    }
    *i += (size_t)n + 1;
    return (int32_t)cp;
}

static size_t utf8_put(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static bool is_cjk(uint32_t c)
{
    return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F) ||
           c == 0x3005 || c == 0x3007;
}

static int classify(uint32_t c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? CP_WORD
                                                                 : CP_SEP;
    if (c >= 0x300 && c <= 0x36F) /* combining diacritical marks */
        return CP_DROP;
    if (is_cjk(c))
        return CP_CJK;
    if (c <= 0xBF || c == 0xD7 || c == 0xF7 ||
        (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x2E00 && c <= 0x2E7F) ||
        (c >= 0x3000 && c <= 0x303F) || (c >= 0xE000 && c <= 0xF8FF) ||
        (c >= 0xFE10 && c <= 0xFE6F) || (c >= 0xFF00 && c <= 0xFF0F) ||
        (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
        (c >= 0xFF5B && c <= 0xFF65) || c >= 0xFFF0 ||
        (c >= 0x1F000 && c <= 0x1FAFF) || c == 0xFEFF)
        return CP_SEP;
    return CP_WORD;
}

/* Base letters of U+0100..U+017F (small and capital alike); '*' marks the
 * ligatures spelled out in strip(). */
static const char latin_ext_a[] =
    "aaaaaaccccccccdd" "ddeeeeeeeeeegggg" "gggghhhhiiiiiiii" "ii**jjkkklllllll"
    "lllnnnnnnnnnoooo" "oo**rrrrrrssssss" "ssttttttuuuuuuuu" "uuuuwwyyyzzzzzzs";
/* Base letters of U+00E0..U+00FF ('*': spelled out, '-': not a letter). */
static const char latin1[] = "aaaaaa*ceeeeiiiidnooooo-ouuuuy*y";

/* Write the unaccented form of c (already folded) to out; its length. */
static size_t strip(uint32_t c, char *out)
{
    if (c >= 0xFF21 && c <= 0xFF3A) /* full-width forms */
        c = c - 0xFF21 + 'a';
    else if (c >= 0xFF41 && c <= 0xFF5A)
        c = c - 0xFF41 + 'a';
    else if (c >= 0xFF10 && c <= 0xFF19)
        c = c - 0xFF10 + '0';
    const char *two = NULL;
    if (c == 0xDF)
        two = "ss";
    else if (c == 0xE6)
        two = "ae";
    else if (c == 0xFE)
        two = "th";
    else if (c == 0x132 || c == 0x133)
        two = "ij";
    else if (c == 0x152 || c == 0x153)
        two = "oe";
    if (two) {
        memcpy(out, two, 2);
        return 2;
    }
    if (c >= 0xE0 && c <= 0xFF && latin1[c - 0xE0] != '-') {
        out[0] = latin1[c - 0xE0];
        return 1;
    }
    if (c >= 0x100 && c <= 0x17F) {
        out[0] = latin_ext_a[c - 0x100];
        return 1;
    }
    switch (c) {
    case 0x218: case 0x219: out[0] = 's'; return 1;
    case 0x21A: case 0x21B: out[0] = 't'; return 1;
    case 0x3AC: c = 0x3B1; break;
    case 0x3AD: c = 0x3B5; break;
    case 0x3AE: c = 0x3B7; break;
    case 0x3AF: case 0x390: case 0x3CA: c = 0x3B9; break;
    case 0x3CC: c = 0x3BF; break;
    case 0x3CD: case 0x3B0: case 0x3CB: c = 0x3C5; break;
    case 0x3CE: c = 0x3C9; break;
    case 0x451: c = 0x435; break;
    default: break;
    }
    return utf8_put(out, c);
}

typedef struct tokenizer {
    buf *out;
    size_t count;
    char word[SEARCH_TOKEN_MAX + 8];
    size_t word_len;
    bool word_too_long;
    uint32_t cjk_prev;
    size_t cjk_run;
} tokenizer;

static void emit(tokenizer *t, const char *tok, size_t len)
{
    if (t->out->len > 0)
        buf_append(t->out, " ", 1);
    buf_append(t->out, tok, len);
    t->count++;
}

static void end_word(tokenizer *t)
{
    if (t->word_len > 0 && !t->word_too_long)
        emit(t, t->word, t->word_len);
    t->word_len = 0;
    t->word_too_long = false;
}

static void end_cjk(tokenizer *t)
{
    if (t->cjk_run == 1) {
        char one[4];
        emit(t, one, utf8_put(one, t->cjk_prev));
    }
    t->cjk_run = 0;
}

static void add_cjk(tokenizer *t, uint32_t c)
{
    if (t->cjk_run > 0) {
        char two[8];
        size_t n = utf8_put(two, t->cjk_prev);
        n += utf8_put(two + n, c);
        emit(t, two, n);
    }
    t->cjk_prev = c;
    t->cjk_run++;
}

static void add_word(tokenizer *t, uint32_t c)
{
    char tmp[8];
    size_t n = strip(c, tmp);
    if (t->word_len + n > SEARCH_TOKEN_MAX) {
        t->word_too_long = true;
        return;
    }
    memcpy(t->word + t->word_len, tmp, n);
    t->word_len += n;
}

size_t search_text_append(buf *b, const char *s)
{
    if (s == NULL || *s == '\0')
        return 0;
    /* text_fold wants valid UTF-8: invalid bytes become spaces first. */
    size_t len = strlen(s), i = 0;
    char *clean = xmalloc(len + 1);
    size_t cl = 0;
    while (i < len) {
        size_t at = i;
        if (utf8_next((const unsigned char *)s, &i) < 0)
            clean[cl++] = ' ';
        else {
            memcpy(clean + cl, s + at, i - at);
            cl += i - at;
        }
    }
    clean[cl] = '\0';
    char *folded = text_fold(clean);
    free(clean);
    tokenizer t = {.out = b};
    const unsigned char *f = (const unsigned char *)folded;
    size_t flen = strlen(folded);
    i = 0;
    while (i < flen) {
        int32_t cp = utf8_next(f, &i);
        uint32_t c = cp < 0 ? ' ' : (uint32_t)cp;
        int k = classify(c);
        if (k == CP_DROP)
            continue;
        if (k != CP_CJK)
            end_cjk(&t);
        if (k != CP_WORD)
            end_word(&t);
        if (k == CP_WORD)
            add_word(&t, c);
        else if (k == CP_CJK)
            add_cjk(&t, c);
    }
    end_word(&t);
    end_cjk(&t);
    free(folded);
    return t.count;
}

char *search_text_terms(const char *s)
{
    buf b;
    buf_init(&b, SIZE_MAX);
    search_text_append(&b, s);
    buf_append(&b, "", 0);
    char *out = buf_take(&b, NULL);
    return out ? out : xstrdup("");
}
