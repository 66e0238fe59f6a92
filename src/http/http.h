/*
 * http.h -- the HTTP adapter: requests, responses, the route table and the
 * server.  Handlers are thin: they read the request, call one library
 * function and hand its JSON back; all rules live in the library.
 */
#ifndef SERAI_HTTP_HTTP_H
#define SERAI_HTTP_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/err.h"
#include "core/limits.h"
#include "core/mem.h"
#include "store/store.h"

#define HTTP_MAX_PATH_PARAMS 4
#define HTTP_MAX_BODY_IMPORT LIMIT_CSV_BODY
#define HTTP_REQUEST_ID_LEN 24

struct MHD_Connection;

typedef struct http_req {
    const char *method;
    const char *path;
    const char *params[HTTP_MAX_PATH_PARAMS]; /* {name} segments, in order */
    const char *body;         /* NUL-terminated; NULL when none */
    size_t body_len;
    json_t *json;             /* the parsed body of a BODY_JSON route */
    const char *token;        /* bearer token, or NULL */
    actor who;
    store *db;
    arena *mem;               /* freed when the request ends */
    struct MHD_Connection *conn;
    const char *request_id;
} http_req;

typedef struct http_resp {
    int status;               /* 0 = the route's success status */
    json_t *json;             /* taken by the server */
    bool problem;             /* json is a problem: application/problem+json */
    char *text;               /* JSON already rendered; taken by the server */
    size_t text_len;
    const char *raw;          /* static bytes served as-is, with raw_type */
    size_t raw_len;
    const char *raw_type;
    char *bytes;              /* any other body, owned; taken by the server */
    size_t bytes_len;
    const char *bytes_type;   /* its media type */
    const char *filename;     /* Content-Disposition attachment name, or NULL */
} http_resp;

typedef serai_code (*http_handler)(http_req *req, http_resp *resp,
                                   serai_err *err);

/* Body kinds a route accepts. */
enum { BODY_NONE = 0, BODY_JSON, BODY_CSV };

typedef struct http_route {
    const char *method;
    const char *path;            /* "/api/v1/organizations/{id}" */
    http_handler handler;
    unsigned roles;              /* ROLE_BIT()s allowed; ROLES_ANY = public */
    int body;                    /* BODY_NONE, BODY_JSON or BODY_CSV */
    int success;                 /* 200, 201 or 204 */
    const char *tag;             /* OpenAPI tag */
    const char *summary;         /* one line for OpenAPI */
    const char *const *query;    /* allowed query parameters, NULL-terminated */
    const char *request_schema;  /* component schema of the body, or NULL */
    const char *response_schema; /* component schema of the reply, or NULL */
    const char *const *produces; /* media types of a non-JSON reply, or NULL */
} http_route;

extern const http_route http_routes[];
extern const size_t http_route_count;

/* The value of query parameter name, or NULL. */
const char *http_query(http_req *req, const char *name);

/* Match method and path against the table.  Returns the route, or NULL with
 * *path_known set when some route has the path but not the method.  Path
 * parameters are copied into req->params (allocated in req->mem). */
const http_route *http_route_match(const char *method, const char *path,
                                   http_req *req, int *path_known);

/* HTTP status of a library error code: the one place the mapping lives. */
int http_status_of(serai_code code);
/* RFC 9457 problem+json for err; caller owns the result.  The instance is
 * "urn:serai:request:<request_id>", the id the access log and the
 * X-Request-Id header carry too. */
json_t *http_problem(const serai_err *err, int status, const char *request_id);

/* The OpenAPI 3.1 document of every route, built from the table. */
json_t *http_openapi(void);

/* The web application's files (static.c).  A path that may name a file is
 * shorter than this. */
#define HTTP_STATIC_PATH_MAX 1024

typedef struct http_static_file {
    int fd;               /* open for reading; the caller owns it */
    uint64_t size;
    const char *type;     /* Content-Type */
    const char *cache;    /* Cache-Control */
    char etag[64];
} http_static_file;

/* Whether url is /api or under /api/ (in any case): the route table's
 * alone, never a file. */
bool http_path_is_api(const char *url);
/* Content-Type of a file by its extension. */
const char *http_static_type(const char *path);
/* Open the file that url (decoded, without query) names under root (a path
 * from realpath()), or index.html for a path with no extension that names
 * no file.  SERAI_ENOTFOUND for everything else, traversal included. */
serai_code http_static_open(const char *root, const char *url,
                            http_static_file *f, serai_err *err);
/* The page served at / when there is no web application to serve. */
extern const char http_static_not_built[];

typedef struct http_config {
    const char *db_uri;
    const char *host;   /* "127.0.0.1" */
    int port;           /* 0 picks a free port */
    int threads;        /* worker threads; 0 = number of CPUs */
    int quiet;          /* no access log */
    /* The built web application served at /, or NULL for none: then / says
     * it is not built. */
    const char *web_dir;
    /* Called once listening, with the bound port (may be NULL). */
    void (*on_ready)(void *ctx, int port);
    void *ctx;
} http_config;

/* Serve until SIGINT or SIGTERM; finish in-flight requests and close the
 * database before returning. */
serai_code http_serve(const http_config *cfg, serai_err *err);

#endif
