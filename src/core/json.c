/*
 * json.c -- see json.h.
 */
#include "core/json.h"

#include "core/ident.h"

#include <stdio.h>
#include <string.h>

/* Depth of nesting of text, counted outside strings; jansson's own limit is
 * far above what serai accepts, so this runs before parsing. */
static int max_depth(const char *text, size_t len)
{
    int depth = 0, deepest = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > deepest)
                deepest = depth;
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    return deepest;
}

serai_code json_parse_object(const char *text, size_t len, json_t **out,
                             serai_err *err)
{
    *out = NULL;
    if (len > JSON_MAX_BODY)
        return serai_fail(err, SERAI_ETOOLARGE, NULL,
                          "JSON body of %zu bytes is above the limit of %d",
                          len, JSON_MAX_BODY);
    if (max_depth(text, len) > JSON_MAX_DEPTH)
        return serai_fail(err, SERAI_EINVAL, NULL,
                          "JSON nested deeper than %d levels", JSON_MAX_DEPTH);
    json_error_t jerr;
    json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (doc == NULL)
        return serai_fail(err, SERAI_EINVAL, NULL,
                          "malformed JSON at line %d, column %d: %s",
                          jerr.line, jerr.column, jerr.text);
    if (!json_is_object(doc)) {
        json_decref(doc);
        return serai_fail(err, SERAI_EINVAL, "", "the body must be a JSON object");
    }
    *out = doc;
    return SERAI_OK;
}

serai_code json_only_keys(json_t *obj, const char *const allowed[],
                          const char *prefix, serai_err *err)
{
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value) {
        bool known = false;
        for (size_t i = 0; allowed[i]; i++)
            if (strcmp(key, allowed[i]) == 0) {
                known = true;
                break;
            }
        if (!known) {
            char ptr[SERAI_ERR_FIELD_MAX];
            snprintf(ptr, sizeof ptr, "%s/%s", prefix, key);
            return serai_fail(err, SERAI_EINVAL, ptr, "unknown field \"%.80s\"",
                              key);
        }
    }
    return SERAI_OK;
}

bool text_is_clean(const char *s, bool allow_newlines)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == 0x7f)
            return false;
        if (*p < 0x20) {
            if (allow_newlines && (*p == '\n' || *p == '\r' || *p == '\t'))
                continue;
            return false;
        }
    }
    return true;
}

static serai_code get_string(json_t *obj, const char *key, bool required,
                             size_t max_len, const char *prefix,
                             bool multiline, const char **out, serai_err *err)
{
    char ptr[SERAI_ERR_FIELD_MAX];
    /* A pointer longer than the field is cut; the check says so to gcc. */
    if (snprintf(ptr, sizeof ptr, "%s/%s", prefix, key) >= (int)sizeof ptr)
        ptr[sizeof ptr - 1] = '\0';
    *out = NULL;
    json_t *v = json_object_get(obj, key);
    if (v == NULL || json_is_null(v)) {
        if (required)
            return serai_fail(err, SERAI_EINVAL, ptr, "%s is required", key);
        return SERAI_OK;
    }
    if (!json_is_string(v))
        return serai_fail(err, SERAI_EINVAL, ptr, "%s must be a string", key);
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (strlen(s) != len)
        return serai_fail(err, SERAI_EINVAL, ptr, "%s contains a NUL character",
                          key);
    if (len == 0)
        return serai_fail(err, SERAI_EINVAL, ptr, "%s must not be empty", key);
    if (len > max_len)
        return serai_fail(err, SERAI_EINVAL, ptr,
                          "%s is %zu bytes long; at most %zu are allowed", key,
                          len, max_len);
    if (!text_is_clean(s, multiline))
        return serai_fail(err, SERAI_EINVAL, ptr,
                          "%s contains control characters", key);
    *out = s;
    return SERAI_OK;
}

serai_code json_get_string(json_t *obj, const char *key, bool required,
                           size_t max_len, const char *prefix,
                           const char **out, serai_err *err)
{
    return get_string(obj, key, required, max_len, prefix, false, out, err);
}

serai_code json_get_text(json_t *obj, const char *key, bool required,
                         size_t max_len, const char *prefix, const char **out,
                         serai_err *err)
{
    return get_string(obj, key, required, max_len, prefix, true, out, err);
}

serai_code json_get_int(json_t *obj, const char *key, bool required,
                        int64_t min, int64_t max, const char *prefix,
                        int64_t *out, bool *present, serai_err *err)
{
    char ptr[SERAI_ERR_FIELD_MAX];
    snprintf(ptr, sizeof ptr, "%s/%s", prefix, key);
    if (present)
        *present = false;
    json_t *v = json_object_get(obj, key);
    if (v == NULL || json_is_null(v)) {
        if (required)
            return serai_fail(err, SERAI_EINVAL, ptr, "%s is required", key);
        return SERAI_OK;
    }
    if (!json_is_integer(v))
        return serai_fail(err, SERAI_EINVAL, ptr, "%s must be an integer", key);
    json_int_t n = json_integer_value(v);
    if (n < min || n > max)
        return serai_fail(err, SERAI_EINVAL, ptr,
                          "%s must be between %lld and %lld", key,
                          (long long)min, (long long)max);
    *out = (int64_t)n;
    if (present)
        *present = true;
    return SERAI_OK;
}

serai_code json_get_bool(json_t *obj, const char *key, bool required,
                         const char *prefix, bool *out, bool *present,
                         serai_err *err)
{
    char ptr[SERAI_ERR_FIELD_MAX];
    snprintf(ptr, sizeof ptr, "%s/%s", prefix, key);
    if (present)
        *present = false;
    json_t *v = json_object_get(obj, key);
    if (v == NULL || json_is_null(v)) {
        if (required)
            return serai_fail(err, SERAI_EINVAL, ptr, "%s is required", key);
        return SERAI_OK;
    }
    if (!json_is_boolean(v))
        return serai_fail(err, SERAI_EINVAL, ptr, "%s must be true or false", key);
    *out = json_is_true(v);
    if (present)
        *present = true;
    return SERAI_OK;
}

char *json_to_text(const json_t *j)
{
    /* 15 significant digits: 0.1 prints as 0.1, not 0.10000000000000001. */
    return json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER |
                             JSON_REAL_PRECISION(15));
}

serai_code json_get_lang_map(json_t *obj, const char *key, size_t max_len,
                             bool multiline, const char *prefix, json_t **out,
                             serai_err *err)
{
    char ptr[SERAI_ERR_FIELD_MAX];
    snprintf(ptr, sizeof ptr, "%s/%s", prefix, key);
    *out = NULL;
    json_t *map = json_object_get(obj, key);
    if (map == NULL || json_is_null(map)) {
        *out = json_object();
        return SERAI_OK;
    }
    if (!json_is_object(map))
        return serai_fail(err, SERAI_EINVAL, ptr,
                          "%s must be an object of language code to text", key);
    json_t *res = json_object();
    const char *lang;
    json_t *v;
    json_object_foreach(map, lang, v) {
        const char *text;
        serai_code rc;
        if (!ident_lang_valid(lang))
            rc = serai_fail(err, SERAI_EUNPROCESSABLE, ptr,
                            "\"%.16s\" is not an ISO 639-1 language code", lang);
        else
            rc = get_string(map, lang, true, max_len, ptr, multiline, &text, err);
        if (rc != SERAI_OK) {
            json_decref(res);
            return rc;
        }
        json_object_set_new(res, lang, json_string(text));
    }
    *out = res;
    return SERAI_OK;
}
