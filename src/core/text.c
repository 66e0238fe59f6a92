/*
 * text.c -- see text.h.
 */
#include "core/text.h"

#include <stdint.h>
#include <string.h>

/* Small letter of code point c, or c itself. */
static uint32_t fold_code_point(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c < 0x80)
        return c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 32;
    if (c == 0x178) /* Y with diaeresis: its small letter is in Latin-1 */
        return 0xFF;
    if (c == 0x130) /* capital I with dot above: simple lower case is i */
        return 'i';
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
        return c % 2 == 0 ? c + 1 : c;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
        return c % 2 == 1 ? c + 1 : c;
    if (c >= 0x391 && c <= 0x3AB && c != 0x3A2)
        return c + 32;
    if (c == 0x3C2) /* final sigma folds to sigma, as Unicode case folding does */
        return 0x3C3;
    if (c == 0x386)
        return 0x3AC;
    if (c >= 0x388 && c <= 0x38A)
        return c + 37;
    if (c == 0x38C)
        return 0x3CC;
    if (c == 0x38E || c == 0x38F)
        return c + 63;
    if (c >= 0x410 && c <= 0x42F)
        return c + 32;
    if (c >= 0x400 && c <= 0x40F)
        return c + 80;
    return c;
}

static size_t encode(uint32_t c, char out[4])
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | (c >> 12));
    out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[2] = (char)(0x80 | (c & 0x3F));
    return 3;
}

bool text_fold_append(buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        /* Only 1- and 2-byte sequences can fold; copy longer ones. */
        if (*p < 0x80) {
            char ch = (char)fold_code_point(*p);
            if (!buf_append(b, &ch, 1))
                return false;
            p++;
        } else if ((*p & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
            uint32_t c = ((uint32_t)(*p & 0x1F) << 6) | (p[1] & 0x3F);
            char out[4];
            size_t n = encode(fold_code_point(c), out);
            if (!buf_append(b, out, n))
                return false;
            p += 2;
        } else {
            size_t n = 1;
            while (p[n] && (p[n] & 0xC0) == 0x80)
                n++;
            if (!buf_append(b, p, n))
                return false;
            p += n;
        }
    }
    return true;
}

char *text_fold(const char *s)
{
    buf b;
    buf_init(&b, (size_t)-1);
    text_fold_append(&b, s);
    return buf_take(&b, NULL);
}
