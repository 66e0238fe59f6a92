/*
 * match.c -- see match.h.
 */
#include "match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MATCH_SHOW 300 /* characters of a value quoted in a message */

static int is_marker(const json_t *v, const char *marker)
{
    return json_is_string(v) && strcmp(json_string_value(v), marker) == 0;
}

/* Compact text of v, cut to MATCH_SHOW characters. */
static void show(const json_t *v, char *out, size_t size)
{
    if (v == NULL) {
        snprintf(out, size, "(nothing)");
        return;
    }
    char *t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
    if (t == NULL) {
        snprintf(out, size, "(unprintable)");
        return;
    }
    if (strlen(t) > MATCH_SHOW)
        snprintf(out, size, "%.*s...", MATCH_SHOW, t);
    else
        snprintf(out, size, "%s", t);
    free(t);
}

static int miss_at(match_miss *m, const char *where, const json_t *expected,
                   const json_t *actual, const char *what)
{
    char e[MATCH_SHOW + 8], a[MATCH_SHOW + 8];
    show(expected, e, sizeof e);
    show(actual, a, sizeof a);
    snprintf(m->where, sizeof m->where, "%s", where[0] ? where : "(root)");
    snprintf(m->why, sizeof m->why, "%s: expected %s, got %s", what, e, a);
    return 0;
}

/* where + "/" + key, with ~ and / escaped as RFC 6901 says. */
static void child_path(char *out, size_t size, const char *where,
                       const char *key)
{
    size_t n = (size_t)snprintf(out, size, "%s/", where);
    for (const char *k = key; *k && n + 3 < size; k++) {
        if (*k == '~' || *k == '/') {
            out[n++] = '~';
            out[n++] = *k == '~' ? '0' : '1';
        } else {
            out[n++] = *k;
        }
    }
    out[n < size ? n : size - 1] = '\0';
}

static int match_at(const json_t *exp, const json_t *act, const char *where,
                    match_miss *m);

/* A placeholder string; -1 when exp is not one. */
static int match_kind(const char *kind, const json_t *act)
{
    if (strcmp(kind, "<any>") == 0)
        return 1;
    if (strcmp(kind, "<int>") == 0)
        return json_is_integer(act);
    if (strcmp(kind, "<number>") == 0)
        return json_is_number(act);
    if (strcmp(kind, "<string>") == 0)
        return json_is_string(act);
    if (strcmp(kind, "<bool>") == 0)
        return json_is_boolean(act);
    if (strcmp(kind, "<null>") == 0)
        return json_is_null(act);
    if (strcmp(kind, "<object>") == 0)
        return json_is_object(act);
    if (strcmp(kind, "<array>") == 0)
        return json_is_array(act);
    return -1;
}

static int match_object(const json_t *exp, const json_t *act,
                        const char *where, match_miss *m)
{
    if (!json_is_object(act))
        return miss_at(m, where, exp, act, "not an object");
    const char *key;
    json_t *ev;
    json_object_foreach((json_t *)exp, key, ev) {
        char path[512];
        child_path(path, sizeof path, where, key);
        json_t *av = json_object_get(act, key);
        if (is_marker(ev, "<absent>")) {
            if (av)
                return miss_at(m, path, ev, av, "a key that must be absent");
            continue;
        }
        if (av == NULL)
            return miss_at(m, path, ev, NULL, "missing key");
        if (!match_at(ev, av, path, m))
            return 0;
    }
    return 1;
}

static int match_array(const json_t *exp, const json_t *act, const char *where,
                       match_miss *m)
{
    if (!json_is_array(act))
        return miss_at(m, where, exp, act, "not an array");
    size_t ne = json_array_size(exp), na = json_array_size(act);
    char path[512], what[96];
    if (ne > 0 && is_marker(json_array_get(exp, 0), "<each>")) {
        if (na == 0)
            return miss_at(m, where, exp, act, "an empty array");
        for (size_t i = 0; i < na; i++) {
            snprintf(path, sizeof path, "%s/%zu", where, i);
            for (size_t k = 1; k < ne; k++)
                if (!match_at(json_array_get(exp, k), json_array_get(act, i),
                              path, m))
                    return 0;
        }
        return 1;
    }
    if (ne > 0 && is_marker(json_array_get(exp, 0), "<...>")) {
        for (size_t k = 1; k < ne; k++) {
            const json_t *want = json_array_get(exp, k);
            size_t i = 0;
            match_miss scratch;
            for (; i < na; i++)
                if (match_at(want, json_array_get(act, i), "", &scratch))
                    break;
            if (i == na) {
                snprintf(what, sizeof what, "no element matches pattern %zu",
                         k);
                return miss_at(m, where, want, act, what);
            }
        }
        return 1;
    }
    int prefix = ne > 0 && is_marker(json_array_get(exp, ne - 1), "<...>");
    size_t need = prefix ? ne - 1 : ne;
    if (prefix ? na < need : na != need) {
        snprintf(what, sizeof what, "%zu elements instead of %s%zu", na,
                 prefix ? "at least " : "", need);
        return miss_at(m, where, exp, act, what);
    }
    for (size_t i = 0; i < need; i++) {
        snprintf(path, sizeof path, "%s/%zu", where, i);
        if (!match_at(json_array_get(exp, i), json_array_get(act, i), path, m))
            return 0;
    }
    return 1;
}

static int match_at(const json_t *exp, const json_t *act, const char *where,
                    match_miss *m)
{
    if (json_is_string(exp)) {
        int k = match_kind(json_string_value(exp), act);
        if (k == 1)
            return 1;
        if (k == 0)
            return miss_at(m, where, exp, act, "wrong kind of value");
    }
    if (json_is_object(exp))
        return match_object(exp, act, where, m);
    if (json_is_array(exp))
        return match_array(exp, act, where, m);
    if (!json_equal((json_t *)exp, (json_t *)act))
        return miss_at(m, where, exp, act, "different value");
    return 1;
}

int match_json(const json_t *expected, const json_t *actual, match_miss *miss)
{
    miss->where[0] = miss->why[0] = '\0';
    return match_at(expected, actual, "", miss);
}

int match_text(const char *expected, const char *actual)
{
    if (strcmp(expected, "<any>") == 0)
        return 1;
    if (strcmp(expected, "<int>") == 0) {
        if (*actual == '\0')
            return 0;
        for (const char *p = actual; *p; p++)
            if (*p < '0' || *p > '9')
                return 0;
        return 1;
    }
    return strcmp(expected, actual) == 0;
}

json_t *match_pointer(json_t *doc, const char *pointer)
{
    if (*pointer == '\0')
        return doc;
    if (*pointer != '/')
        return NULL;
    json_t *at = doc;
    const char *p = pointer;
    while (at && *p == '/') {
        p++;
        char token[256];
        size_t n = 0;
        while (*p && *p != '/' && n + 1 < sizeof token) {
            if (p[0] == '~' && (p[1] == '0' || p[1] == '1')) {
                token[n++] = p[1] == '0' ? '~' : '/';
                p += 2;
            } else {
                token[n++] = *p++;
            }
        }
        token[n] = '\0';
        if (json_is_object(at)) {
            at = json_object_get(at, token);
        } else if (json_is_array(at)) {
            char *end;
            unsigned long i = strtoul(token, &end, 10);
            at = (n && *end == '\0') ? json_array_get(at, i) : NULL;
        } else {
            at = NULL;
        }
    }
    return at;
}
