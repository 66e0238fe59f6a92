/*
 * json.h -- reading untrusted JSON into checked values.
 *
 * Every reader names the offending field by its JSON pointer ("/names/zh")
 * and says why it was refused, so the HTTP adapter can put the pointer into
 * problem+json and the CLI into its one-line message.  Strings are checked
 * for length (in bytes) and for control characters; jansson has already
 * refused invalid UTF-8 when it parsed the document.
 */
#ifndef SERAI_CORE_JSON_H
#define SERAI_CORE_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "core/limits.h"

#define JSON_MAX_DEPTH LIMIT_JSON_DEPTH
#define JSON_MAX_BODY LIMIT_JSON_BODY

/* Parse text of len bytes as one JSON object no deeper than JSON_MAX_DEPTH;
 * duplicate keys are refused.  *out owns the result (json_decref). */
serai_code json_parse_object(const char *text, size_t len, json_t **out,
                             serai_err *err) __attribute__((warn_unused_result));

/* Refuse any key of obj not in allowed (NULL-terminated).  prefix is the
 * JSON pointer of obj itself ("" for the document root). */
serai_code json_only_keys(json_t *obj, const char *const allowed[],
                          const char *prefix, serai_err *err);

/* Read obj[key] as a string of 1..max_len bytes without control
 * characters.  Absent or null: *out = NULL, and an error when required. */
serai_code json_get_string(json_t *obj, const char *key, bool required,
                           size_t max_len, const char *prefix,
                           const char **out, serai_err *err);
/* Like json_get_string but multi-line text: newlines and tabs allowed. */
serai_code json_get_text(json_t *obj, const char *key, bool required,
                         size_t max_len, const char *prefix, const char **out,
                         serai_err *err);
/* Read obj[key] as an integer (no fractions, exact in 64 bits). *present
 * (may be NULL) says whether it was there. */
serai_code json_get_int(json_t *obj, const char *key, bool required,
                        int64_t min, int64_t max, const char *prefix,
                        int64_t *out, bool *present, serai_err *err);
serai_code json_get_bool(json_t *obj, const char *key, bool required,
                         const char *prefix, bool *out, bool *present,
                         serai_err *err);

/* Read obj[key] as an object of ISO 639-1 language code -> text of
 * 1..max_len bytes (multiline admits newlines).  Absent or null: *out is
 * an empty object.  *out (new reference) is NULL on failure. */
serai_code json_get_lang_map(json_t *obj, const char *key, size_t max_len,
                             bool multiline, const char *prefix, json_t **out,
                             serai_err *err);

/* True when s has only printable characters (no C0 controls, no DEL);
 * allow_newlines also admits \n, \r and \t. */
bool text_is_clean(const char *s, bool allow_newlines);

/* Serialise compactly (keys in insertion order); caller frees. */
char *json_to_text(const json_t *j);

#endif
