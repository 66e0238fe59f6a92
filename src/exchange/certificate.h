/*
 * certificate.h -- certificates of attendance as PDF (libharu).
 *
 * Pure: plain strings in, the bytes of a one-page A4 landscape PDF out; no
 * database, no HTTP.  Every text is UTF-8 in any script the installed fonts
 * cover and that needs no contextual shaping: each character is drawn with
 * the first font of a list of Debian font files that has a glyph for it
 * (DejaVu Sans from fonts-dejavu-core for Latin, Greek, Cyrillic and more;
 * Droid Sans Fallback from fonts-droid-fallback for Chinese and Japanese;
 * Lexi Gulim from fonts-lexi-gulim for Korean).  Scripts that need
 * shaping or right-to-left ordering (Arabic, Hebrew, Devanagari and the
 * other Indic scripts, Thai, ...) are refused with an error that names the
 * character and the script, rather than printed wrong.  docs/certificates.md.
 */
#ifndef SERAI_EXCHANGE_CERTIFICATE_H
#define SERAI_EXCHANGE_CERTIFICATE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* Bytes in one text field of a certificate; the event title may be longer. */
#define CERTIFICATE_FIELD_MAX 300
#define CERTIFICATE_TITLE_MAX 600
/* Bytes in the certificate number: printable ASCII only. */
#define CERTIFICATE_NUMBER_MAX 64

/* One font file a certificate may use, and the Debian package that ships it
 * (named in the error when a character needs it and it is not installed). */
typedef struct certificate_font {
    const char *path;
    const char *package;
    bool bold;
} certificate_font;

typedef struct certificate_input {
    const char *issuer;              /* organisation issuing it; required */
    const char *event_title;         /* required, wrapped on up to 3 lines */
    const char *event_kind;          /* "workshop"; NULL or "" to leave out */
    const char *start_date;          /* YYYY-MM-DD; required */
    const char *end_date;            /* YYYY-MM-DD >= start; NULL = start */
    const char *place;               /* city, or "online"; required */
    const char *participant_name;    /* required */
    const char *participant_country; /* NULL or "" to leave out */
    const char *number;              /* certificate id, printable ASCII; required */
    const char *issue_date;          /* YYYY-MM-DD; required */
    const char *verification;        /* "serai certificate 12-345"; optional */
    /* The font files to choose from, in order of preference; NULL for the
     * Debian list (certificate_default_fonts). */
    const certificate_font *fonts;
    size_t nfonts;
} certificate_input;

/* The Debian font files tried by default, in order; *n receives the count. */
const certificate_font *certificate_default_fonts(size_t *n);

/* Write the certificate as PDF into *pdf (malloc'd; the caller frees) of
 * *len bytes.  Refused input: SERAI_EINVAL (missing field, bad date, control
 * characters), SERAI_EUNPROCESSABLE (a script that cannot be printed
 * correctly, or no installed font has the character: the detail names the
 * code point, the script and the package to install), SERAI_ETOOLARGE (a
 * field above its limit or too long to fit).  SERAI_EINTERNAL when libharu
 * fails.  On failure *pdf is NULL and *len 0. */
serai_code certificate_pdf(const certificate_input *in, unsigned char **pdf,
                           size_t *len, serai_err *err)
    __attribute__((warn_unused_result));

#endif
