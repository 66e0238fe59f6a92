/*
 * router.c -- matching a method and path against the route table, and
 * reading query parameters.
 */
#include <microhttpd.h>
#include <stdbool.h>
#include <string.h>

#include "http/http.h"

/* Match pattern ("/a/{id}/b") against path; copy {…} segments into params. */
static int path_matches(const char *pattern, const char *path, http_req *req)
{
    int n = 0;
    const char *p = pattern, *s = path;
    while (*p && *s) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            const char *slash = strchr(s, '/');
            size_t len = slash ? (size_t)(slash - s) : strlen(s);
            if (close == NULL || len == 0 || n == HTTP_MAX_PATH_PARAMS)
                return 0;
            if (req && req->mem)
                req->params[n] = arena_strndup(req->mem, s, len);
            n++;
            p = close + 1;
            s += len;
        } else if (*p++ != *s++) {
            return 0;
        }
    }
    return *p == '\0' && *s == '\0';
}

const http_route *http_route_match(const char *method, const char *path,
                                   http_req *req, int *path_known)
{
    *path_known = 0;
    /* A path spelled out in the table ("/api/v1/organizations/import")
     * belongs to its own routes, not to a pattern that would also match it
     * ("/api/v1/organizations/{id}"): a wrong method there is a 405. */
    bool literal = false;
    for (size_t i = 0; i < http_route_count; i++) {
        const http_route *r = &http_routes[i];
        if (strcmp(r->path, path) != 0)
            continue;
        if (strcmp(r->method, method) == 0)
            return r;
        literal = true;
    }
    if (literal) {
        *path_known = 1;
        return NULL;
    }
    for (size_t i = 0; i < http_route_count; i++) {
        const http_route *r = &http_routes[i];
        if (strcmp(r->method, method) != 0) {
            if (path_matches(r->path, path, NULL))
                *path_known = 1;
            continue;
        }
        if (path_matches(r->path, path, req))
            return r;
    }
    return NULL;
}

const char *http_query(http_req *req, const char *name)
{
    const char *v =
        MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
    return v && *v ? v : NULL;
}
