/*
 * roles.c -- the role matrix.
 *
 * GET /api/v1/openapi.json, then every operation in its "paths" is called as
 * every role -- public, secretariat, funder, applicant, reviewer, delegate,
 * observer -- and the status is held against the operation's x-serai-roles
 * (role names; "public" when anyone may call):
 *
 *   role not listed   public gets 401, every signed-in role 403
 *   role listed       neither 401 nor 403, and no 405, 415 or 5xx (those
 *                     mean the document and the router disagree, or a bug)
 *   either way        the status is one the operation's "responses" list
 *
 * The requests are made to be refused or to change nothing: a path
 * parameter "code" is "ZZ", any other (id and *_id) 999999 -- or "ZZ" when
 * its schema is a string; a JSON body is {} and a CSV body is the lone
 * header line "name".  A role that is listed may still meet a 403 on
 * per-object operations (see per_object below).  Logout runs after every
 * other operation, so it does not revoke the tokens the others use.
 */
#include "roles.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"

#define MATRIX_ROLES (FIXTURE_ROLE_COUNT + 1)
#define MATRIX_MAX_OPS 512
#define MATRIX_TARGET_MAX 512

static const char *const matrix_roles[MATRIX_ROLES] = {
    "public", "secretariat", "funder", "applicant", "reviewer", "delegate",
    "observer",
};

/*
 * Operations whose roles column admits every signed-in account while the
 * library then decides per object ("your own person record"): a listed role
 * may meet 403 there on id 999999, which is nobody's own.  They are listed
 * here, and recognised by a summary that speaks of "themselves" or of one's
 * "own" record, so that a new per-object route is not taken for a bug of
 * the role table.
 */
static const struct {
    const char *method, *path;
} per_object[] = {
    {"GET", "/api/v1/people/{id}"},
    {"PATCH", "/api/v1/people/{id}"},
};

static const char *const http_methods[] = {"get", "put", "post", "delete",
                                           "patch", NULL};

typedef struct op {
    char method[8];   /* upper case */
    const char *path; /* borrowed from the document */
    json_t *def;      /* the operation object, borrowed */
    json_t *item;     /* its path item, borrowed */
} op;

static bool is_per_object(const op *o)
{
    for (size_t i = 0; i < sizeof per_object / sizeof per_object[0]; i++)
        if (strcmp(o->method, per_object[i].method) == 0 &&
            strcmp(o->path, per_object[i].path) == 0)
            return true;
    const char *summary = json_string_value(json_object_get(o->def, "summary"));
    return summary && (strstr(summary, "themselves") || strstr(summary, " own "));
}

/* The schema type of path parameter name ("" when not declared). */
static const char *param_type(const op *o, const char *name)
{
    json_t *lists[2] = {json_object_get(o->def, "parameters"),
                        json_object_get(o->item, "parameters")};
    for (int l = 0; l < 2; l++) {
        size_t i;
        json_t *p;
        json_array_foreach(lists[l], i, p) {
            const char *n = json_string_value(json_object_get(p, "name"));
            const char *in = json_string_value(json_object_get(p, "in"));
            if (n && in && strcmp(n, name) == 0 && strcmp(in, "path") == 0) {
                const char *t = json_string_value(
                    json_object_get(json_object_get(p, "schema"), "type"));
                return t ? t : "";
            }
        }
    }
    return "";
}

/* The path with every {param} filled in; -1 when it does not fit. */
static int fill_path(const op *o, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = o->path; *p;) {
        const char *value = NULL, *close = NULL;
        char name[64];
        if (*p == '{' && (close = strchr(p, '}')) != NULL &&
            (size_t)(close - p - 1) < sizeof name) {
            memcpy(name, p + 1, (size_t)(close - p - 1));
            name[close - p - 1] = '\0';
            size_t len = strlen(name);
            bool id_like = strcmp(name, "id") == 0 ||
                           (len > 3 && strcmp(name + len - 3, "_id") == 0);
            if (strcmp(name, "code") == 0)
                value = "ZZ";
            else if (id_like || strcmp(param_type(o, name), "string") != 0)
                value = "999999";
            else
                value = "ZZ";
        }
        const char *piece = value ? value : p;
        size_t plen = value ? strlen(value) : 1;
        if (n + plen + 1 > size)
            return -1;
        memcpy(out + n, piece, plen);
        n += plen;
        p = value ? close + 1 : p + 1;
    }
    out[n] = '\0';
    return 0;
}

/* Whether the operation's responses list status (or have a default). */
static bool documented(const op *o, int status)
{
    json_t *responses = json_object_get(o->def, "responses");
    char key[16];
    snprintf(key, sizeof key, "%d", status);
    return json_object_get(responses, key) ||
           json_object_get(responses, "default");
}

/* Whether x-serai-roles of o admits role; -1 when the list is unusable. */
static int admits(const op *o, const char *role, char *why, size_t why_size)
{
    json_t *roles = json_object_get(o->def, "x-serai-roles");
    if (!json_is_array(roles) || json_array_size(roles) == 0) {
        snprintf(why, why_size, "has no x-serai-roles array");
        return -1;
    }
    int yes = 0;
    size_t i;
    json_t *r;
    json_array_foreach(roles, i, r) {
        const char *name = json_string_value(r);
        bool known = false;
        for (int k = 0; name && k < MATRIX_ROLES; k++)
            known = known || strcmp(name, matrix_roles[k]) == 0;
        if (!known) {
            snprintf(why, why_size, "x-serai-roles holds %s, not a role name",
                     name ? name : "a non-string");
            return -1;
        }
        if (strcmp(name, "public") == 0 || strcmp(name, role) == 0)
            yes = 1;
    }
    return yes;
}

static void roles_text(const op *o, char *out, size_t size)
{
    char *t = json_dumps(json_object_get(o->def, "x-serai-roles"),
                         JSON_COMPACT | JSON_ENCODE_ANY);
    snprintf(out, size, "%s", t ? t : "(none)");
    free(t);
}

static bool is_logout(const op *o)
{
    size_t n = strlen(o->path);
    return n >= 7 && strcmp(o->path + n - 7, "/logout") == 0;
}

/* Call o as every role; returns the number of failed checks. */
static int run_op(fixture *fx, const op *o)
{
    char target[MATRIX_TARGET_MAX], why[512], line[1024];
    int failures = 0;
    if (fill_path(o, target, sizeof target)) {
        printf("FAIL %s %s: the path is too long\n", o->method, o->path);
        return 1;
    }
    json_t *content = json_object_get(json_object_get(o->def, "requestBody"),
                                      "content");
    const char *type = NULL, *body = "";
    if (json_object_get(content, "application/json")) {
        type = "Content-Type: application/json";
        body = "{}";
    } else if (json_object_get(content, "text/csv")) {
        type = "Content-Type: text/csv";
        body = "name\n";
    } else if (json_object_size(content)) {
        printf("FAIL %s %s: a request body of a type the matrix does not "
               "know\n", o->method, o->path);
        return 1;
    }
    size_t used = (size_t)snprintf(line, sizeof line, "%-6s %-34s", o->method,
                                   o->path);
    for (int k = 0; k < MATRIX_ROLES; k++) {
        const char *role = matrix_roles[k];
        int allowed = admits(o, role, why, sizeof why);
        if (allowed < 0) {
            printf("FAIL %s %s: %s\n", o->method, o->path, why);
            return failures + 1;
        }
        client_request rq = {.method = o->method, .target = target,
                             .body = body, .body_len = strlen(body)};
        char auth[128];
        if (type)
            rq.headers[rq.nheaders++] = type;
        if (k > 0) {
            const char *token = fixture_token(fx, role, why, sizeof why);
            if (token == NULL) {
                printf("FAIL %s %s as %s: %s\n", o->method, o->path, role, why);
                failures++;
                continue;
            }
            snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
            rq.headers[rq.nheaders++] = auth;
        }
        client_response rs;
        if (client_exchange(fx->port, &rq, &rs, why, sizeof why)) {
            printf("FAIL %s %s as %s: %s\n", o->method, o->path, role, why);
            client_response_free(&rs);
            failures++;
            continue;
        }
        const char *verdict = NULL;
        char want[160];
        if (!allowed) {
            int expect = k == 0 ? 401 : 403;
            if (rs.status != expect) {
                snprintf(want, sizeof want, "not in x-serai-roles, so %d "
                         "was expected", expect);
                verdict = want;
            }
        } else if (rs.status == 401 || rs.status == 403) {
            if (!(rs.status == 403 && k > 0 && is_per_object(o)))
                verdict = "listed in x-serai-roles, yet refused";
        } else if (rs.status == 405 || rs.status == 415) {
            verdict = "the document and the router disagree";
        } else if (rs.status >= 500) {
            verdict = "a server error";
        }
        if (verdict == NULL && !documented(o, rs.status))
            verdict = "a status the operation's responses do not list";
        if (verdict) {
            char roles[256];
            roles_text(o, roles, sizeof roles);
            printf("FAIL %s %s (sent %s) as %s: got %d; %s (x-serai-roles "
                   "%s)\n  reply: %.300s\n", o->method, o->path, target, role,
                   rs.status, verdict, roles, rs.body ? rs.body : "");
            failures++;
        }
        /* A logout ends the cached session; a later call logs in anew. */
        if (k > 0 && rs.status == 204 && is_logout(o))
            fixture_forget_token(fx, role);
        if (used < sizeof line)
            used += (size_t)snprintf(line + used, sizeof line - used,
                                     " %s:%d%s", role, rs.status,
                                     verdict ? "!" : "");
        client_response_free(&rs);
    }
    printf("%s %s\n", failures ? "FAIL" : "ok  ", line);
    return failures;
}

int roles_run(fixture *fx)
{
    client_request rq = {.method = "GET", .target = "/api/v1/openapi.json"};
    client_response rs;
    char why[512];
    if (client_exchange(fx->port, &rq, &rs, why, sizeof why) || rs.status != 200) {
        printf("FAIL GET /api/v1/openapi.json: %s\n",
               rs.status ? "did not answer 200" : why);
        client_response_free(&rs);
        return 1;
    }
    json_error_t jerr;
    json_t *doc = json_loadb(rs.body, rs.body_len, 0, &jerr);
    client_response_free(&rs);
    json_t *paths = json_object_get(doc, "paths");
    if (!json_is_object(paths)) {
        printf("FAIL GET /api/v1/openapi.json has no \"paths\" object, so "
               "there are no operations to check: the role matrix needs the "
               "generated document, with x-serai-roles on every operation\n");
        json_decref(doc);
        return 1;
    }

    static op ops[MATRIX_MAX_OPS];
    size_t nops = 0, nlogout = 0;
    op logouts[8];
    const char *path;
    json_t *item;
    json_object_foreach(paths, path, item) {
        for (size_t m = 0; http_methods[m]; m++) {
            json_t *def = json_object_get(item, http_methods[m]);
            if (!json_is_object(def))
                continue;
            op o = {.path = path, .def = def, .item = item};
            for (size_t c = 0; http_methods[m][c] && c + 1 < sizeof o.method; c++)
                o.method[c] = (char)(http_methods[m][c] - 'a' + 'A');
            if (is_logout(&o) && nlogout < sizeof logouts / sizeof logouts[0])
                logouts[nlogout++] = o;
            else if (nops < MATRIX_MAX_OPS)
                ops[nops++] = o;
        }
    }
    if (nops + nlogout == 0) {
        printf("FAIL the OpenAPI document lists no operations\n");
        json_decref(doc);
        return 1;
    }
    int failures = 0;
    for (size_t i = 0; i < nops; i++)
        failures += run_op(fx, &ops[i]);
    for (size_t i = 0; i < nlogout; i++)
        failures += run_op(fx, &logouts[i]);
    printf("%zu operations x %d roles checked\n", nops + nlogout, MATRIX_ROLES);
    json_decref(doc);
    return failures;
}
