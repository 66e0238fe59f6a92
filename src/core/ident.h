/*
 * ident.h -- validators for the identifiers and codes that arrive from the
 * outside: ORCID iDs, ROR ids, UTF-8 text, ISO 639-1 language codes and
 * calendar dates.
 *
 * Pure functions: no allocation, no global state, thread-safe. Where a
 * function reports a reason, it writes an English sentence, NUL-terminated
 * and truncated to fit, into the caller's buffer (reason may be NULL or
 * reason_size 0 when the caller does not want one); on success the buffer
 * is set to "".
 */
#ifndef SERAI_CORE_IDENT_H
#define SERAI_CORE_IDENT_H

#include <stdbool.h>
#include <stddef.h>

/* Room for any reason sentence these functions write. */
#define IDENT_REASON_MAX 96

/* ORCID iD: "0000-0002-1825-0097" -- 16 digits in four groups separated by
 * '-', the last may be 'X' (a lower-case 'x' is accepted), checked with
 * ISO 7064 MOD 11-2. An "https://orcid.org/" or "http://orcid.org/" prefix is
 * accepted. On success writes the bare 19-character form (upper-case 'X')
 * into out and returns true; on failure returns false, leaves out
 * unspecified and explains why in reason. */
bool ident_orcid_normalize(const char *in, char out[20], char *reason,
                           size_t reason_size);

/* ROR id: "05dxps055" -- '0', six Crockford base32 characters (digits and
 * letters except i, l, o, u) and two decimal check digits, ISO 7064
 * MOD 97-10 over the integer value of the first seven characters. Upper
 * case is accepted; an "https://ror.org/" or "http://ror.org/" prefix is
 * accepted. On success writes the bare lower-case 9-character form into out
 * and returns true; on failure returns false and explains why in reason. */
bool ident_ror_normalize(const char *in, char out[10], char *reason,
                         size_t reason_size);

/* True when the len bytes at s are valid UTF-8: shortest encodings only,
 * no surrogates (U+D800..U+DFFF), nothing above U+10FFFF. NUL bytes are
 * valid (U+0000). s may be NULL when len is 0. */
bool ident_utf8_valid(const char *s, size_t len);

/* True when s is exactly two lower-case letters forming one of the 184
 * ISO 639-1 codes ("en", "zh", "ar"). */
bool ident_lang_valid(const char *s);

/* True when s is exactly "YYYY-MM-DD" and names a day that exists in the
 * Gregorian calendar, years 0001 to 9999 ("2024-02-29" yes, "2023-02-29"
 * no). */
bool ident_date_valid(const char *s);

#endif
