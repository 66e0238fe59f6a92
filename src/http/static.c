/*
 * static.c -- the web application's files, served at / beside the API.
 *
 * The route table owns /api/ and every path it names; what is left of a GET
 * or HEAD comes here.  A path names a file under the web directory or
 * nothing: it is checked as text first (no "." segment, no backslash, no
 * control byte, no empty segment), then resolved with realpath() and kept
 * only when it still lies inside the directory, so neither "..", an encoded
 * "%2e%2e" (libmicrohttpd has decoded it by now) nor a symbolic link leads
 * out.  A path that is not a file and has no extension is a route of the
 * application, which routes on the client: it gets index.html.
 *
 * Vite names what it emits under assets/ by content hash, so those files
 * never change and may be cached for a year; index.html and the rest are
 * revalidated every time (ETag).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/http.h"

#define STATIC_CACHE_IMMUTABLE "public, max-age=31536000, immutable"
#define STATIC_CACHE_REVALIDATE "no-cache"

typedef struct media_type {
    const char *ext;
    const char *type;
} media_type;

/* Media types by extension: what Vite emits and what a web app ships. */
static const media_type media_types[] = {
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"json", "application/json; charset=utf-8"},
    {"map", "application/json; charset=utf-8"},
    {"webmanifest", "application/manifest+json; charset=utf-8"},
    {"txt", "text/plain; charset=utf-8"},
    {"csv", "text/csv; charset=utf-8"},
    {"xml", "application/xml; charset=utf-8"},
    {"svg", "image/svg+xml; charset=utf-8"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"avif", "image/avif"},
    {"ico", "image/x-icon"},
    {"woff2", "font/woff2"},
    {"woff", "font/woff"},
    {"ttf", "font/ttf"},
    {"otf", "font/otf"},
    {"wasm", "application/wasm"},
    {"pdf", "application/pdf"},
};

const char *http_static_type(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    if (dot == NULL)
        return "application/octet-stream";
    for (size_t i = 0; i < sizeof media_types / sizeof media_types[0]; i++)
        if (strcasecmp(dot + 1, media_types[i].ext) == 0)
            return media_types[i].type;
    return "application/octet-stream";
}

/* In any case: a client that spells /API/V1/... wrongly wants a problem
 * document, not the application's HTML. */
bool http_path_is_api(const char *url)
{
    return strncasecmp(url, "/api", 4) == 0 && (url[4] == '\0' || url[4] == '/');
}

/* A path as the browser may send it for a file: "/" and segments of
 * printable bytes, none empty (but the last), none starting with a dot --
 * which refuses ".", ".." and hidden files alike -- and no backslash. */
static bool path_is_plain(const char *url)
{
    size_t len = strlen(url);
    if (url[0] != '/' || len >= HTTP_STATIC_PATH_MAX)
        return false;
    for (const char *p = url; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20 || c == 0x7f || c == '\\')
            return false;
        if (c == '/' && (p[1] == '/' || p[1] == '.'))
            return false;
    }
    return true;
}

static bool has_extension(const char *url)
{
    const char *last = strrchr(url, '/');
    return strchr(last ? last : url, '.') != NULL;
}

/* Open root/rel when it is a regular file that really lies under root.
 * Returns the descriptor, or -1 (*escaped set when it lies elsewhere). */
static int open_inside(const char *root, const char *rel, struct stat *st,
                       bool *escaped)
{
    char joined[PATH_MAX];
    int n = snprintf(joined, sizeof joined, "%s/%s", root, rel);
    if (n < 0 || (size_t)n >= sizeof joined)
        return -1;
    char *real = realpath(joined, NULL);
    if (real == NULL)
        return -1;
    size_t rootlen = strlen(root);
    int fd = -1;
    if (strncmp(real, root, rootlen) != 0 || real[rootlen] != '/') {
        *escaped = strcmp(real, root) != 0;
        goto done;
    }
    fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd >= 0 && (fstat(fd, st) != 0 || !S_ISREG(st->st_mode))) {
        close(fd);
        fd = -1;
    }
done:
    free(real);
    return fd;
}

static void describe(http_static_file *f, const struct stat *st,
                     const char *name, bool immutable)
{
    f->size = (uint64_t)st->st_size;
    f->type = http_static_type(name);
    f->cache = immutable ? STATIC_CACHE_IMMUTABLE : STATIC_CACHE_REVALIDATE;
    snprintf(f->etag, sizeof f->etag, "\"%" PRIx64 "-%" PRIx64 "-%" PRIx64 "\"",
             (uint64_t)st->st_size, (uint64_t)st->st_mtim.tv_sec,
             (uint64_t)st->st_mtim.tv_nsec);
}

const char http_static_not_built[] =
    "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>serai</title></head>\n<body><h1>serai</h1>\n"
    "<p>The web application is not built. Run <code>make</code> in the "
    "source tree to build it, or start the server with "
    "<code>serai serve --web DIR</code>.</p>\n"
    "<p>The JSON API works: <a href=\"/api/v1/openapi.json\">/api/v1/"
    "openapi.json</a> describes it.</p>\n</body></html>\n";

serai_code http_static_open(const char *root, const char *url,
                            http_static_file *f, serai_err *err)
{
    f->fd = -1;
    if (!path_is_plain(url) || (root == NULL && has_extension(url)))
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no such file: %.200s",
                          url);
    if (root == NULL) {
        /* No application: the caller serves http_static_not_built. */
        f->size = sizeof http_static_not_built - 1;
        f->type = http_static_type("index.html");
        f->cache = STATIC_CACHE_REVALIDATE;
        f->etag[0] = '\0';
        return SERAI_OK;
    }
    struct stat st;
    bool escaped = false;
    const char *rel = url[1] ? url + 1 : "index.html";
    int fd = open_inside(root, rel, &st, &escaped);
    if (fd >= 0) {
        f->fd = fd;
        describe(f, &st, rel, strncmp(url, "/assets/", 8) == 0);
        return SERAI_OK;
    }
    if (escaped || has_extension(url))
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no such file: %.200s",
                          url);
    /* A route of the application: the client routes it. */
    fd = open_inside(root, "index.html", &st, &escaped);
    if (fd < 0)
        return serai_fail(err, SERAI_ENOTFOUND, NULL,
                          "the web application has no index.html");
    f->fd = fd;
    describe(f, &st, "index.html", false);
    return SERAI_OK;
}
