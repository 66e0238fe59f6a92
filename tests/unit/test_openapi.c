/*
 * test_openapi.c -- the OpenAPI document agrees with the route table.
 *
 * Every route is an operation under its path and method, with the roles of
 * its bitmask in x-serai-roles; every $ref resolves to a defined component;
 * operationIds are unique; parameters, tags and error answers are
 * documented.  (tests/openapi/lint.sh runs the external linter on top.)
 *
 * Usage: test_openapi [PROJECT_ROOT]   (the root is not needed)
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/actor.h"
#include "http/http.h"
#include "registry/org.h"

#include "check.h"

static json_t *doc;

static json_t *operation_of(const http_route *r)
{
    char method[16];
    size_t n = 0;
    for (; r->method[n] && n + 1 < sizeof method; n++)
        method[n] = (char)tolower((unsigned char)r->method[n]);
    method[n] = '\0';
    json_t *item = json_object_get(json_object_get(doc, "paths"), r->path);
    return json_object_get(item, method);
}

static const http_route *route_named(const char *method, const char *path)
{
    for (size_t i = 0; i < http_route_count; i++)
        if (strcmp(http_routes[i].method, method) == 0 &&
            strcmp(http_routes[i].path, path) == 0)
            return &http_routes[i];
    return NULL;
}

static json_t *response_of(const http_route *r, const char *status)
{
    return json_object_get(json_object_get(operation_of(r), "responses"),
                           status);
}

static void test_document_shape(void)
{
    CHECK_STR(json_string_value(json_object_get(doc, "openapi")), "3.1.0");
    json_t *info = json_object_get(doc, "info");
    CHECK_STR(json_string_value(json_object_get(info, "title")), "serai API");
    CHECK(json_is_string(json_object_get(info, "version")));
    CHECK(json_is_object(json_object_get(info, "license")));
    CHECK(json_is_array(json_object_get(doc, "servers")));
    json_t *scheme = json_object_get(
        json_object_get(json_object_get(doc, "components"), "securitySchemes"),
        "bearerAuth");
    CHECK_STR(json_string_value(json_object_get(scheme, "type")), "http");
    CHECK_STR(json_string_value(json_object_get(scheme, "scheme")), "bearer");
}

/* Every route, under its path and method, with the roles of its bitmask. */
static void test_every_route_with_its_roles(void)
{
    size_t operations = 0;
    json_t *paths = json_object_get(doc, "paths");
    const char *path;
    json_t *item;
    json_object_foreach(paths, path, item)
        operations += json_object_size(item);
    CHECK_INT(operations, http_route_count);

    for (size_t i = 0; i < http_route_count; i++) {
        const http_route *r = &http_routes[i];
        json_t *op = operation_of(r);
        if (op == NULL) {
            fprintf(stderr, "no operation for %s %s\n", r->method, r->path);
            CHECK(op != NULL);
            continue;
        }
        CHECK_STR(json_string_value(json_object_get(op, "summary")),
                  r->summary);
        json_t *tags = json_object_get(op, "tags");
        CHECK_INT(json_array_size(tags), 1);
        CHECK_STR(json_string_value(json_array_get(tags, 0)), r->tag);

        json_t *roles = json_object_get(op, "x-serai-roles");
        size_t k = 0;
        for (int role_id = 0; role_id < ROLE_COUNT; role_id++) {
            if (!(r->roles & ROLE_BIT(role_id)))
                continue;
            const char *got = json_string_value(json_array_get(roles, k++));
            if (got == NULL || strcmp(got, role_name((role)role_id)) != 0) {
                fprintf(stderr, "%s %s: x-serai-roles[%zu] is %s, want %s\n",
                        r->method, r->path, k - 1, got ? got : "(none)",
                        role_name((role)role_id));
                CHECK(false);
            }
        }
        CHECK_INT(json_array_size(roles), k);

        /* Public routes may be called without a token. */
        json_t *security = json_object_get(op, "security");
        bool anonymous = false;
        size_t j;
        json_t *req;
        json_array_foreach(security, j, req) {
            if (json_object_size(req) == 0)
                anonymous = true;
            else
                CHECK(json_is_array(json_object_get(req, "bearerAuth")));
        }
        CHECK(anonymous == ((r->roles & ROLE_BIT(ROLE_PUBLIC)) != 0));
    }
}

/* The JSON pointer ref ("#/components/schemas/X") names a value in doc. */
static bool ref_resolves(const char *ref)
{
    if (strncmp(ref, "#/components/", 13) != 0)
        return false;
    json_t *at = doc;
    const char *p = ref + 1;
    while (*p == '/' && at) {
        char token[128];
        size_t n = 0;
        for (p++; *p && *p != '/'; p++) {
            char c = *p;
            if (c == '~' && (p[1] == '0' || p[1] == '1'))
                c = *++p == '0' ? '~' : '/';
            if (n + 1 >= sizeof token)
                return false;
            token[n++] = c;
        }
        token[n] = '\0';
        at = json_is_object(at) ? json_object_get(at, token) : NULL;
    }
    return at != NULL && *p == '\0';
}

static void check_refs(json_t *j, size_t *count)
{
    if (json_is_object(j)) {
        const char *key;
        json_t *v;
        json_object_foreach(j, key, v) {
            if (strcmp(key, "$ref") == 0) {
                (*count)++;
                const char *ref = json_string_value(v);
                if (ref == NULL || !ref_resolves(ref)) {
                    fprintf(stderr, "unresolved $ref %s\n", ref ? ref : "?");
                    CHECK(false);
                }
            } else {
                check_refs(v, count);
            }
        }
    } else if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v)
            check_refs(v, count);
    }
}

static void test_every_ref_resolves(void)
{
    size_t count = 0;
    check_refs(doc, &count);
    CHECK(count > http_route_count);
    CHECK(ref_resolves("#/components/schemas/Problem"));
    CHECK(!ref_resolves("#/components/schemas/NoSuchSchema"));
    CHECK(!ref_resolves("other.json#/x"));
}

static void test_table_schemas_defined(void)
{
    json_t *schemas =
        json_object_get(json_object_get(doc, "components"), "schemas");
    CHECK(json_object_size(schemas) > 0);
    for (size_t i = 0; i < http_route_count; i++) {
        const http_route *r = &http_routes[i];
        const char *names[] = {r->request_schema, r->response_schema};
        for (size_t k = 0; k < 2; k++)
            if (names[k] && !json_object_get(schemas, names[k])) {
                fprintf(stderr, "schema %s of %s %s is not defined\n",
                        names[k], r->method, r->path);
                CHECK(false);
            }
    }
}

static void test_operation_ids_unique(void)
{
    json_t *seen = json_object();
    for (size_t i = 0; i < http_route_count; i++) {
        json_t *op = operation_of(&http_routes[i]);
        const char *id = json_string_value(json_object_get(op, "operationId"));
        CHECK(id != NULL && id[0] != '\0');
        if (id == NULL)
            continue;
        for (const char *c = id; *c; c++)
            CHECK(isalnum((unsigned char)*c));
        if (json_object_get(seen, id)) {
            fprintf(stderr, "operationId %s is used twice\n", id);
            CHECK(false);
        }
        json_object_set_new(seen, id, json_true());
    }
    json_decref(seen);
    const http_route *r = route_named("GET", "/api/v1/organizations/{id}");
    CHECK(r != NULL);
    if (r)
        CHECK_STR(json_string_value(
                      json_object_get(operation_of(r), "operationId")),
                  "getOrganizationsById");
}

/* Every {name} of a path and every query parameter is declared, with a
 * description and a schema. */
static void test_parameters_documented(void)
{
    for (size_t i = 0; i < http_route_count; i++) {
        const http_route *r = &http_routes[i];
        json_t *params = json_object_get(operation_of(r), "parameters");
        size_t want = 0;
        for (const char *p = strchr(r->path, '{'); p; p = strchr(p + 1, '{'))
            want++;
        for (size_t q = 0; r->query && r->query[q]; q++)
            want++;
        CHECK_INT(json_array_size(params), want);
        size_t j;
        json_t *param;
        json_array_foreach(params, j, param) {
            const char *name = json_string_value(json_object_get(param, "name"));
            const char *in = json_string_value(json_object_get(param, "in"));
            CHECK(name != NULL && in != NULL);
            if (name == NULL || in == NULL)
                continue;
            if (json_object_get(param, "description") == NULL)
                fprintf(stderr, "%s %s: parameter %s has no description\n",
                        r->method, r->path, name);
            CHECK(json_is_string(json_object_get(param, "description")));
            CHECK(json_is_object(json_object_get(param, "schema")));
            if (strcmp(in, "path") == 0) {
                char braced[80];
                snprintf(braced, sizeof braced, "{%s}", name);
                CHECK(strstr(r->path, braced) != NULL);
                CHECK(json_is_true(json_object_get(param, "required")));
            } else {
                CHECK_STR(in, "query");
                bool listed = false;
                for (size_t q = 0; r->query && r->query[q]; q++)
                    listed = listed || strcmp(r->query[q], name) == 0;
                CHECK(listed);
            }
        }
    }
}

static void test_tags_described(void)
{
    json_t *tags = json_object_get(doc, "tags");
    for (size_t i = 0; i < http_route_count; i++) {
        bool found = false;
        size_t j;
        json_t *t;
        json_array_foreach(tags, j, t) {
            if (strcmp(json_string_value(json_object_get(t, "name")),
                       http_routes[i].tag) == 0) {
                found = true;
                CHECK(json_is_string(json_object_get(t, "description")));
            }
        }
        CHECK(found);
    }
}

/* Success with the response schema (none for 204); errors as problem+json;
 * a request body where the route takes one. */
static void test_responses_and_bodies(void)
{
    for (size_t i = 0; i < http_route_count; i++) {
        const http_route *r = &http_routes[i];
        json_t *op = operation_of(r);
        json_t *responses = json_object_get(op, "responses");
        char status[8];
        snprintf(status, sizeof status, "%d", r->success);
        json_t *ok = json_object_get(responses, status);
        CHECK(ok != NULL);
        json_t *content = json_object_get(ok, "content");
        if (r->produces) {
            /* A file, not JSON: each media type as a binary string. */
            size_t k = 0;
            for (; r->produces[k]; k++) {
                json_t *schema = json_object_get(
                    json_object_get(content, r->produces[k]), "schema");
                CHECK_STR(json_string_value(json_object_get(schema, "format")),
                          "binary");
            }
            CHECK_INT(json_object_size(content), k);
        } else if (r->success == 204 || r->response_schema == NULL) {
            CHECK(content == NULL);
        } else {
            char ref[128];
            snprintf(ref, sizeof ref, "#/components/schemas/%s",
                     r->response_schema);
            CHECK_STR(json_string_value(json_object_get(
                          json_object_get(json_object_get(content,
                                                          "application/json"),
                                          "schema"),
                          "$ref")),
                      ref);
        }
        const char *key;
        json_t *resp;
        json_object_foreach(responses, key, resp) {
            CHECK(json_is_string(json_object_get(resp, "description")));
            if (key[0] != '4' && key[0] != '5')
                continue;
            json_t *problem = json_object_get(
                json_object_get(json_object_get(resp, "content"),
                                "application/problem+json"),
                "schema");
            CHECK_STR(json_string_value(json_object_get(problem, "$ref")),
                      "#/components/schemas/Problem");
        }
        bool is_public = (r->roles & ROLE_BIT(ROLE_PUBLIC)) != 0;
        bool some_role_barred =
            (r->roles & ROLES_SIGNED_IN) != ROLES_SIGNED_IN;
        CHECK(json_object_get(responses, "400") != NULL);
        CHECK(json_object_get(responses, "401") != NULL);
        CHECK(json_object_get(responses, "503") != NULL);
        if (some_role_barred)
            CHECK(json_object_get(responses, "403") != NULL);
        if (is_public)
            CHECK(json_object_get(responses, "403") == NULL);
        CHECK((json_object_get(responses, "404") != NULL) >=
              (strchr(r->path, '{') != NULL));

        json_t *body = json_object_get(op, "requestBody");
        const char *media = r->body == BODY_JSON  ? "application/json"
                            : r->body == BODY_CSV ? "text/csv"
                                                  : NULL;
        CHECK((body != NULL) == (media != NULL));
        if (media) {
            CHECK(json_object_get(json_object_get(body, "content"), media) !=
                  NULL);
            CHECK(json_object_get(responses, "413") != NULL);
            CHECK(json_object_get(responses, "415") != NULL);
        }
    }
}

/* The answers that depend on the object or the body, not on the table. */
static void test_route_notes(void)
{
    static const struct {
        const char *method, *path, *status;
        bool present;
    } want[] = {
        {"POST", "/api/v1/auth/login", "429", true},
        {"POST", "/api/v1/auth/login", "422", false},
        {"POST", "/api/v1/tokens", "403", true},
        {"POST", "/api/v1/tokens", "422", true},
        {"POST", "/api/v1/tokens", "404", false},
        {"POST", "/api/v1/tokens", "409", false},
        {"GET", "/api/v1/people/{id}", "403", true},
        {"PATCH", "/api/v1/people/{id}", "403", true},
        {"PATCH", "/api/v1/members/{id}", "409", false},
        {"POST", "/api/v1/organizations/import", "422", true},
        {"POST", "/api/v1/calls/{id}/open", "409", true},
        {"POST", "/api/v1/calls/{id}/close", "409", true},
        {"POST", "/api/v1/calls/{id}/evaluation", "409", true},
        {"POST", "/api/v1/calls/{id}/decision", "409", true},
        {"GET", "/api/v1/calls/{id}", "403", false},
        {"POST", "/api/v1/proposals/{id}/submit", "409", true},
        {"POST", "/api/v1/proposals/{id}/submit", "422", true},
        {"POST", "/api/v1/proposals/{id}/withdraw", "409", true},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const http_route *r = route_named(want[i].method, want[i].path);
        if (r == NULL) {
            fprintf(stderr, "route %s %s is gone: update openapi.c's "
                            "route_notes and this test\n",
                    want[i].method, want[i].path);
            CHECK(r != NULL);
            continue;
        }
        bool got = response_of(r, want[i].status) != NULL;
        if (got != want[i].present)
            fprintf(stderr, "%s %s: %s %s\n", want[i].method, want[i].path,
                    want[i].status, got ? "documented" : "missing");
        CHECK(got == want[i].present);
    }
    /* Only the login is throttled. */
    for (size_t i = 0; i < http_route_count; i++)
        if (strcmp(http_routes[i].path, "/api/v1/auth/login") != 0)
            CHECK(response_of(&http_routes[i], "429") == NULL);
}

/* The schema's organisation types are the library's. */
static void test_org_types_match(void)
{
    json_t *types = json_object_get(
        json_object_get(json_object_get(json_object_get(doc, "components"),
                                        "schemas"),
                        "OrganizationType"),
        "enum");
    size_t n = 0;
    for (; org_types[n]; n++)
        CHECK_STR(json_string_value(json_array_get(types, n)), org_types[n]);
    CHECK_INT(json_array_size(types), n);
}

static void test_deterministic(void)
{
    json_t *again = http_openapi();
    CHECK(json_equal(doc, again));
    json_decref(again);
}

int main(void)
{
    doc = http_openapi();
    CHECK(json_is_object(doc));
    if (doc == NULL)
        return check_report();
    RUN(test_document_shape);
    RUN(test_every_route_with_its_roles);
    RUN(test_every_ref_resolves);
    RUN(test_table_schemas_defined);
    RUN(test_operation_ids_unique);
    RUN(test_parameters_documented);
    RUN(test_tags_described);
    RUN(test_responses_and_bodies);
    RUN(test_route_notes);
    RUN(test_org_types_match);
    RUN(test_deterministic);
    json_decref(doc);
    return check_report();
}
