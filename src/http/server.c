/*
 * server.c -- the HTTP server: libmicrohttpd glue, request limits, the
 * dispatch from the route table to handlers, the access log and a clean
 * shutdown.
 *
 * Life of a request: on its first callback the route is looked up and what
 * can be refused without reading the body is refused (404, 405, 413 by
 * Content-Length, 415); the body is then gathered up to the route's limit;
 * on the last callback the token is resolved, the role checked, the query
 * and body validated, and the handler runs with a database connection taken
 * from the pool for exactly that long.
 *
 * A GET or HEAD of a path that no route names and that is not under /api/
 * is a file of the web application (static.c), answered on the first
 * callback.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "auth/auth.h"
#include "core/clock.h"
#include "core/json.h"
#include "http/http.h"

#define SERVER_CONNECTION_LIMIT 4096
#define SERVER_CONNECTION_TIMEOUT_S 30
#define SERVER_DRAIN_SECONDS 10
#define SERVER_RETRIES 5
/* libmicrohttpd's per-connection memory for headers; it clears it for
 * every request, so no larger than headers need. */
#define SERVER_CONNECTION_MEMORY (16 * 1024)

typedef struct server {
    store_pool *pool;
    int quiet;
    char *web_root;               /* realpath of the web directory, or NULL */
    atomic_int active;            /* requests being processed */
    atomic_uint_fast64_t counter; /* for request ids */
    char id_prefix[9];            /* random per process */
} server;

typedef struct request_ctx {
    int begun;              /* the first callback has run */
    int raw_nul;            /* the path as sent holds %00 */
    int is_static;          /* a file of the web application */
    arena mem;
    buf body;
    const http_route *route;
    http_req req;
    int early_status;       /* set when refused before the body was read */
    serai_err early_err;
    int too_large;
    int status;             /* sent */
    size_t bytes;           /* body bytes sent */
    struct timespec started;
    char request_id[HTTP_REQUEST_ID_LEN];
    char actor_label[96];
} request_ctx;

static double elapsed_us(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - since->tv_sec) * 1e6 +
           (double)(now.tv_nsec - since->tv_nsec) / 1e3;
}

static enum MHD_Result queue_file(struct MHD_Connection *conn,
                                  request_ctx *ctx, int status, char *bytes,
                                  size_t len, const char *type,
                                  const char *allow, const char *filename)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, bytes, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    if (filename) {
        char disposition[160];
        snprintf(disposition, sizeof disposition,
                 "attachment; filename=\"%s\"", filename);
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION,
                                disposition);
    }
    MHD_add_response_header(r, "X-Request-Id", ctx->request_id);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    if (status == 401)
        MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
    if (status == 429)
        MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "900");
    if (allow)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow);
    ctx->status = status;
    ctx->bytes = len;
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result queue_bytes(struct MHD_Connection *conn,
                                   request_ctx *ctx, int status, char *bytes,
                                   size_t len, const char *type,
                                   const char *allow)
{
    return queue_file(conn, ctx, status, bytes, len, type, allow, NULL);
}

static enum MHD_Result queue_json(struct MHD_Connection *conn,
                                  request_ctx *ctx, int status, json_t *j,
                                  const char *type, const char *allow)
{
    char *text = json_to_text(j);
    json_decref(j);
    if (text == NULL)
        text = xstrdup("{}");
    return queue_bytes(conn, ctx, status, text, strlen(text), type, allow);
}

static enum MHD_Result queue_problem(struct MHD_Connection *conn,
                                     request_ctx *ctx, const serai_err *err,
                                     const char *allow)
{
    int status = http_status_of(err->code);
    return queue_json(conn, ctx, status,
                      http_problem(err, status, ctx->request_id),
                      "application/problem+json", allow);
}

/* Methods that the path allows, for a 405's Allow header. */
static void allowed_methods(const char *path, http_req *req, char *out,
                            size_t size)
{
    out[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; i < http_route_count; i++) {
        int known = 0;
        if (http_route_match(http_routes[i].method, path, req, &known) &&
            !strstr(out, http_routes[i].method)) {
            int n = snprintf(out + used, size - used, "%s%s", used ? ", " : "",
                             http_routes[i].method);
            if (n > 0 && (size_t)n < size - used)
                used += (size_t)n;
        }
    }
}

static bool content_type_is(struct MHD_Connection *conn, const char *want)
{
    const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_TYPE);
    if (ct == NULL)
        return false;
    size_t n = strlen(want);
    return strncasecmp(ct, want, n) == 0 && (ct[n] == '\0' || ct[n] == ';' ||
                                             ct[n] == ' ');
}

static size_t body_limit(const http_route *route)
{
    return route->body == BODY_CSV ? HTTP_MAX_BODY_IMPORT : JSON_MAX_BODY;
}

/* What the first callback can decide: route, content type, declared size. */
static void first_look(struct MHD_Connection *conn, request_ctx *ctx,
                       const char *method, const char *url)
{
    int known = 0;
    ctx->route = http_route_match(method, url, &ctx->req, &known);
    if (ctx->route == NULL && !known && !http_path_is_api(url)) {
        ctx->is_static = 1;
        return;
    }
    if (ctx->route == NULL) {
        if (known)
            serai_fail(&ctx->early_err, SERAI_EMETHOD, NULL,
                       "%s is not allowed on %.200s", method, url);
        else
            serai_fail(&ctx->early_err, SERAI_ENOTFOUND, NULL,
                       "no such resource: %.200s", url);
        ctx->early_status = 1;
        return;
    }
    const char *length = MHD_lookup_connection_value(
        conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (length) {
        char *end;
        unsigned long long n = strtoull(length, &end, 10);
        if (*end == '\0' && n > body_limit(ctx->route)) {
            serai_fail(&ctx->early_err, SERAI_ETOOLARGE, NULL,
                       "the body of %llu bytes is above the limit of %zu", n,
                       body_limit(ctx->route));
            ctx->early_status = 1;
            return;
        }
    }
    if (ctx->route->body == BODY_JSON &&
        !content_type_is(conn, "application/json")) {
        serai_fail(&ctx->early_err, SERAI_EMEDIA, NULL,
                   "send the body as application/json");
        ctx->early_status = 1;
    } else if (ctx->route->body == BODY_CSV && !content_type_is(conn, "text/csv")) {
        serai_fail(&ctx->early_err, SERAI_EMEDIA, NULL,
                   "send the body as text/csv");
        ctx->early_status = 1;
    }
}

typedef struct query_check {
    const char *const *allowed;
    const char *bad;
} query_check;

static enum MHD_Result check_query_arg(void *cls, enum MHD_ValueKind kind,
                                       const char *key, const char *value)
{
    (void)kind;
    (void)value;
    query_check *qc = cls;
    for (size_t i = 0; qc->allowed && qc->allowed[i]; i++)
        if (strcmp(key, qc->allowed[i]) == 0)
            return MHD_YES;
    qc->bad = key;
    return MHD_NO;
}

static const char *bearer_token(struct MHD_Connection *conn)
{
    const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                MHD_HTTP_HEADER_AUTHORIZATION);
    if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
        return NULL;
    h += 7;
    while (*h == ' ')
        h++;
    return *h ? h : NULL;
}

/* Who sent the request (from its bearer token) and whether the route
 * admits that role. */
static serai_code authorize(const http_route *route, http_req *req,
                            serai_err *err)
{
    req->who = actor_public();
    if (req->token) {
        serai_code rc = auth_resolve(req->db, req->token, &req->who, err);
        if (rc != SERAI_OK)
            return rc;
    }
    if (route->roles & ROLE_BIT(req->who.role))
        return SERAI_OK;
    if (req->who.role == ROLE_PUBLIC)
        return serai_fail(err, SERAI_EUNAUTH, NULL,
                          "log in first: send Authorization: Bearer <token>");
    return serai_fail(err, SERAI_EFORBIDDEN, NULL, "the %s role may not %s %s",
                      role_name(req->who.role), route->method, route->path);
}

/* Run the route's handler; the reply is queued on conn. */
static enum MHD_Result dispatch(server *srv, struct MHD_Connection *conn,
                                request_ctx *ctx)
{
    const http_route *route = ctx->route;
    http_req *req = &ctx->req;
    http_resp resp = {0};
    serai_err err;
    serai_err_clear(&err);
    serai_code rc = SERAI_OK;

    if (ctx->too_large) {
        serai_fail(&err, SERAI_ETOOLARGE, NULL,
                   "the body is above the limit of %zu bytes",
                   body_limit(route));
        return queue_problem(conn, ctx, &err, NULL);
    }
    query_check qc = {route->query, NULL};
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, check_query_arg, &qc);
    if (qc.bad) {
        char field[SERAI_ERR_FIELD_MAX];
        snprintf(field, sizeof field, "?%.100s", qc.bad);
        serai_fail(&err, SERAI_EINVAL, field,
                   "unknown query parameter \"%.100s\"", qc.bad);
        return queue_problem(conn, ctx, &err, NULL);
    }

    req->body = ctx->body.data;
    req->body_len = ctx->body.len;
    req->token = bearer_token(conn);
    req->conn = conn;
    req->who = actor_public();
    /* Everything that reads the database runs in the loop: what the database
     * asks to run again (a serialization failure, a deadlock, a connection
     * lost before anything committed) is run again here, whole, on a
     * recovered connection.  Handlers keep no state outside it. */
    req->db = store_pool_acquire(srv->pool);
    for (int attempt = 1; rc == SERAI_OK; attempt++) {
        rc = authorize(route, req, &err);
        if (rc == SERAI_OK && route->body == BODY_JSON && req->json == NULL)
            rc = json_parse_object(req->body ? req->body : "", req->body_len,
                                   &req->json, &err);
        if (rc == SERAI_OK && route->body == BODY_CSV && req->body == NULL)
            rc = serai_fail(&err, SERAI_EINVAL, NULL, "the CSV body is empty");
        if (rc == SERAI_OK)
            rc = route->handler(req, &resp, &err);
        if (rc != SERAI_ERETRY || attempt == SERVER_RETRIES)
            break;
        json_decref(resp.json);
        free(resp.text);
        free(resp.bytes);
        memset(&resp, 0, sizeof resp);
        store_rollback(req->db);
        struct timespec pause = {0, attempt * 20 * 1000 * 1000L};
        nanosleep(&pause, NULL);
        rc = store_recover(req->db, &err);
    }
    snprintf(ctx->actor_label, sizeof ctx->actor_label, "%s", req->who.label);
    store_pool_release(srv->pool, req->db);
    req->db = NULL;
    json_decref(req->json);
    req->json = NULL;

    if (rc != SERAI_OK) {
        json_decref(resp.json);
        free(resp.text);
        free(resp.bytes);
        return queue_problem(conn, ctx, &err, NULL);
    }
    int status = resp.status ? resp.status : route->success;
    if (resp.bytes)
        return queue_file(conn, ctx, status, resp.bytes, resp.bytes_len,
                          resp.bytes_type, NULL, resp.filename);
    if (resp.raw)
        return queue_bytes(conn, ctx, status,
                           xstrndup(resp.raw, resp.raw_len),
                           resp.raw_len, resp.raw_type, NULL);
    if (resp.text)
        return queue_bytes(conn, ctx, status, resp.text, resp.text_len,
                           "application/json", NULL);
    if (status == 204 || resp.json == NULL) {
        json_decref(resp.json);
        return queue_bytes(conn, ctx, status, xstrdup(""), 0,
                           "application/json", NULL);
    }
    return queue_json(conn, ctx, status, resp.json,
                      resp.problem ? "application/problem+json"
                                   : "application/json",
                      NULL);
}

/* A file of the web application, or the page saying there is none. */
static enum MHD_Result serve_static(server *srv, struct MHD_Connection *conn,
                                    request_ctx *ctx, const char *method,
                                    const char *url)
{
    serai_err err;
    serai_err_clear(&err);
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        serai_fail(&err, SERAI_EMETHOD, NULL, "%s is not allowed on %.200s",
                   method, url);
        return queue_problem(conn, ctx, &err, "GET, HEAD");
    }
    http_static_file f;
    if (ctx->raw_nul) {
        serai_fail(&err, SERAI_ENOTFOUND, NULL, "no such file: %.200s", url);
        return queue_problem(conn, ctx, &err, NULL);
    }
    if (http_static_open(srv->web_root, url, &f, &err) != SERAI_OK)
        return queue_problem(conn, ctx, &err, NULL);

    int status = 200;
    struct MHD_Response *r;
    const char *match = MHD_lookup_connection_value(
        conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
    /* The ETag carries its quotes, so it is found in a list of them too. */
    if (f.etag[0] && match && strstr(match, f.etag) != NULL) {
        close(f.fd);
        status = 304;
        f.size = 0;
        r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    } else if (f.fd < 0) {
        r = MHD_create_response_from_buffer(
            f.size, (void *)http_static_not_built, MHD_RESPMEM_PERSISTENT);
    } else {
        /* The response owns the descriptor from here on. */
        r = MHD_create_response_from_fd64(f.size, f.fd);
        if (r == NULL)
            close(f.fd);
    }
    if (r == NULL)
        return MHD_NO;
    if (status != 304)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, f.type);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, f.cache);
    if (f.etag[0])
        MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, f.etag);
    MHD_add_response_header(r, "X-Request-Id", ctx->request_id);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    ctx->status = status;
    ctx->bytes = strcmp(method, "HEAD") == 0 ? 0 : (size_t)f.size;
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)status, r);
    MHD_destroy_response(r);
    return ok;
}

/* Called with the URI as sent, before libmicrohttpd decodes it: the one
 * place that can tell a path cut short by %00 from a plain one.  What it
 * returns is the request's context. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)cls;
    (void)conn;
    request_ctx *ctx = calloc(1, sizeof *ctx);
    if (ctx == NULL)
        return NULL;
    size_t path_len = strcspn(uri, "?");
    for (size_t i = 0; i + 2 < path_len; i++)
        if (uri[i] == '%' && uri[i + 1] == '0' && uri[i + 2] == '0')
            ctx->raw_nul = 1;
    return ctx;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    server *srv = cls;
    request_ctx *ctx = *con_cls;
    if (ctx == NULL || !ctx->begun) {
        if (ctx == NULL)
            ctx = calloc(1, sizeof *ctx);
        if (ctx == NULL)
            return MHD_NO;
        ctx->begun = 1;
        clock_gettime(CLOCK_MONOTONIC, &ctx->started);
        arena_init(&ctx->mem);
        ctx->req.mem = &ctx->mem;
        ctx->req.method = method;
        ctx->req.path = url;
        ctx->req.request_id = ctx->request_id;
        snprintf(ctx->request_id, sizeof ctx->request_id, "%s-%06" PRIuFAST64,
                 srv->id_prefix, atomic_fetch_add(&srv->counter, 1) + 1);
        snprintf(ctx->actor_label, sizeof ctx->actor_label, "public");
        atomic_fetch_add(&srv->active, 1);
        *con_cls = ctx;
        first_look(conn, ctx, method, url);
        buf_init(&ctx->body, ctx->route ? body_limit(ctx->route) : 0);
        if (ctx->is_static)
            return serve_static(srv, conn, ctx, method, url);
        if (ctx->early_status) {
            char allow[128] = "";
            if (ctx->early_err.code == SERAI_EMETHOD)
                allowed_methods(url, &ctx->req, allow, sizeof allow);
            return queue_problem(conn, ctx, &ctx->early_err,
                                 allow[0] ? allow : NULL);
        }
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        if (!ctx->too_large &&
            !buf_append(&ctx->body, upload_data, *upload_data_size))
            ctx->too_large = 1;
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (ctx->status)
        return MHD_YES; /* already answered */
    return dispatch(srv, conn, ctx);
}

static void on_completed(void *cls, struct MHD_Connection *conn,
                         void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)conn;
    (void)toe;
    server *srv = cls;
    request_ctx *ctx = *con_cls;
    if (ctx == NULL)
        return;
    *con_cls = NULL;
    if (!ctx->begun) { /* refused before the first callback */
        free(ctx);
        return;
    }
    if (!srv->quiet) {
        char at[CLOCK_ISO_LEN];
        clock_format(clock_now(), at);
        fprintf(stderr, "%s %s %s %s %d %zu %.0fus %s\n", at, ctx->request_id,
                ctx->req.method, ctx->req.path, ctx->status, ctx->bytes,
                elapsed_us(&ctx->started), ctx->actor_label);
    }
    buf_free(&ctx->body);
    arena_free(&ctx->mem);
    free(ctx);
    atomic_fetch_sub(&srv->active, 1);
}

serai_code http_serve(const http_config *cfg, serai_err *err)
{
    server srv = {0};
    atomic_init(&srv.active, 0);
    atomic_init(&srv.counter, 0);
    unsigned char r[4];
    randombytes_buf(r, sizeof r);
    sodium_bin2hex(srv.id_prefix, sizeof srv.id_prefix, r, sizeof r);
    srv.quiet = cfg->quiet;
    if (cfg->web_dir) {
        srv.web_root = realpath(cfg->web_dir, NULL);
        if (srv.web_root == NULL)
            return serai_fail(err, SERAI_EINVAL, "/web",
                              "the web directory %.200s: %s", cfg->web_dir,
                              strerror(errno));
    }

    int threads = cfg->threads;
    if (threads <= 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 ? (int)n : 2;
    }
    serai_code rc = store_pool_open(cfg->db_uri, threads + 1, &srv.pool, err);
    if (rc != SERAI_OK) {
        free(srv.web_root);
        return rc;
    }

    /* Worker threads inherit this mask, so only sigwait sees the signals. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)cfg->port);
    if (inet_pton(AF_INET, cfg->host, &addr.sin_addr) != 1) {
        store_pool_close(srv.pool);
        free(srv.web_root);
        return serai_fail(err, SERAI_EINVAL, "/listen",
                          "listen address \"%.60s\" is not an IPv4 address",
                          cfg->host);
    }
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_AUTO_INTERNAL_THREAD, (uint16_t)cfg->port, NULL, NULL,
        on_request, &srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVER_CONNECTION_LIMIT,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVER_CONNECTION_TIMEOUT_S,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVER_CONNECTION_MEMORY,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, &srv, MHD_OPTION_END);
    if (d == NULL) {
        store_pool_close(srv.pool);
        free(srv.web_root);
        return serai_fail(err, SERAI_EINVAL, "/listen",
                          "cannot listen on %.60s:%d (in use, or not allowed)",
                          cfg->host, cfg->port);
    }
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    if (cfg->on_ready)
        cfg->on_ready(cfg->ctx, info ? info->port : cfg->port);

    int sig = 0;
    sigwait(&stop, &sig);

    /* Stop accepting, let in-flight requests finish, then close. */
    MHD_quiesce_daemon(d);
    for (int i = 0; i < SERVER_DRAIN_SECONDS * 100 &&
                    atomic_load(&srv.active) > 0; i++) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(d);
    store_pool_close(srv.pool);
    free(srv.web_root);
    pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
    return SERAI_OK;
}
