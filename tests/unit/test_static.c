/*
 * test_static.c -- the web application's files (src/http/static.c): media
 * types, which paths are the API's, cache headers, client-side routes and
 * every way out of the directory, on a real directory with real links.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "http/http.h"

#define IMMUTABLE "public, max-age=31536000, immutable"

static char root[PATH_MAX];   /* realpath of the web directory */
static char top[PATH_MAX];    /* the temporary directory holding it */

static void write_file(const char *rel, const char *text)
{
    char path[PATH_MAX * 2];
    snprintf(path, sizeof path, "%s/%s", top, rel);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void make_tree(void)
{
    char tmpl[] = "/tmp/serai-test-static.XXXXXX";
    CHECK(mkdtemp(tmpl) != NULL);
    snprintf(top, sizeof top, "%s", tmpl);
    char path[PATH_MAX * 2], target[PATH_MAX * 2];
    snprintf(path, sizeof path, "%s/web", top);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/web/assets", top);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/outside", top);
    mkdir(path, 0700);
    write_file("web/index.html", "<!doctype html>\n");
    write_file("web/assets/app-abc123.js", "1;\n");
    write_file("web/.env", "secret\n");
    write_file("outside/secret.txt", "outside\n");
    snprintf(target, sizeof target, "%s/outside/secret.txt", top);
    snprintf(path, sizeof path, "%s/web/assets/leak.txt", top);
    CHECK(symlink(target, path) == 0);
    snprintf(target, sizeof target, "%s/outside", top);
    snprintf(path, sizeof path, "%s/web/out", top);
    CHECK(symlink(target, path) == 0);
    snprintf(path, sizeof path, "%s/web", top);
    CHECK(realpath(path, root) != NULL);
}

static void remove_tree(void)
{
    static const char *const files[] = {
        "web/assets/leak.txt", "web/out", "web/assets/app-abc123.js",
        "web/index.html", "web/.env", "outside/secret.txt", NULL};
    static const char *const dirs[] = {"web/assets", "web", "outside", NULL};
    char path[PATH_MAX * 2];
    for (size_t i = 0; files[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", top, files[i]);
        unlink(path);
    }
    for (size_t i = 0; dirs[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", top, dirs[i]);
        rmdir(path);
    }
    rmdir(top);
}

/* Open url; returns the status (200 or 404) and fills f. */
static int open_url(const char *dir, const char *url, http_static_file *f)
{
    serai_err err;
    serai_err_clear(&err);
    serai_code rc = http_static_open(dir, url, f, &err);
    if (rc == SERAI_OK) {
        if (f->fd >= 0)
            close(f->fd);
        return 200;
    }
    CHECK_INT(rc, SERAI_ENOTFOUND);
    CHECK_INT(f->fd, -1);
    return 404;
}

static void test_media_types(void)
{
    CHECK_STR(http_static_type("index.html"), "text/html; charset=utf-8");
    CHECK_STR(http_static_type("assets/a-1.js"), "text/javascript; charset=utf-8");
    CHECK_STR(http_static_type("a.MJS"), "text/javascript; charset=utf-8");
    CHECK_STR(http_static_type("a.css"), "text/css; charset=utf-8");
    CHECK_STR(http_static_type("a.js.map"), "application/json; charset=utf-8");
    CHECK_STR(http_static_type("a.svg"), "image/svg+xml; charset=utf-8");
    CHECK_STR(http_static_type("a.woff2"), "font/woff2");
    CHECK_STR(http_static_type("favicon.ico"), "image/x-icon");
    CHECK_STR(http_static_type("site.webmanifest"),
              "application/manifest+json; charset=utf-8");
    CHECK_STR(http_static_type("a.v1/noext"), "application/octet-stream");
    CHECK_STR(http_static_type("a.unknown"), "application/octet-stream");
}

static void test_api_paths(void)
{
    CHECK(http_path_is_api("/api"));
    CHECK(http_path_is_api("/api/"));
    CHECK(http_path_is_api("/api/v1/organizations"));
    CHECK(http_path_is_api("/API/V1/ORGANIZATIONS"));
    CHECK(!http_path_is_api("/apix"));
    CHECK(!http_path_is_api("/"));
    CHECK(!http_path_is_api("/login"));
}

static void test_files_and_routes(void)
{
    http_static_file f;
    CHECK_INT(open_url(root, "/", &f), 200);
    CHECK_STR(f.type, "text/html; charset=utf-8");
    CHECK_STR(f.cache, "no-cache");
    CHECK(f.etag[0] == '"');
    CHECK_INT(open_url(root, "/assets/app-abc123.js", &f), 200);
    CHECK_STR(f.cache, IMMUTABLE);
    CHECK_INT(f.size, 3);
    /* Client-side routes: index.html, revalidated. */
    CHECK_INT(open_url(root, "/calls/12", &f), 200);
    CHECK_STR(f.type, "text/html; charset=utf-8");
    CHECK_STR(f.cache, "no-cache");
    CHECK_INT(open_url(root, "/assets", &f), 200);
    CHECK_STR(f.cache, "no-cache");
    /* A missing file with an extension is missing. */
    CHECK_INT(open_url(root, "/assets/app-missing.js", &f), 404);
    CHECK_INT(open_url(root, "/favicon.ico", &f), 404);
}

static void test_ways_out(void)
{
    http_static_file f;
    static const char *const refused[] = {
        "/../outside/secret.txt", "/assets/../../outside/secret.txt",
        "/..", "/assets/..", "/./index.html", "/.env", "//etc/passwd",
        "/assets\\..\\index.html", "/assets/leak.txt", "/out/secret.txt",
        "/out", "/out/", "index.html", "", "/a\x01", NULL};
    for (size_t i = 0; refused[i]; i++) {
        int status = open_url(root, refused[i], &f);
        if (status != 404)
            fprintf(stderr, "served: \"%s\"\n", refused[i]);
        CHECK_INT(status, 404);
    }
    char long_path[HTTP_STATIC_PATH_MAX + 8];
    memset(long_path, 'a', sizeof long_path - 1);
    long_path[0] = '/';
    long_path[sizeof long_path - 1] = '\0';
    CHECK_INT(open_url(root, long_path, &f), 404);
}

static void test_not_built(void)
{
    http_static_file f;
    CHECK_INT(open_url(NULL, "/", &f), 200);
    CHECK_INT(f.fd, -1);
    CHECK_STR(f.type, "text/html; charset=utf-8");
    CHECK_INT(f.size, strlen(http_static_not_built));
    CHECK(strstr(http_static_not_built, "not built") != NULL);
    CHECK_INT(open_url(NULL, "/login", &f), 200);
    CHECK_INT(open_url(NULL, "/assets/app-abc123.js", &f), 404);
    CHECK_INT(open_url(NULL, "/../x", &f), 404);
}

int main(void)
{
    make_tree();
    RUN(test_media_types);
    RUN(test_api_paths);
    RUN(test_files_and_routes);
    RUN(test_ways_out);
    RUN(test_not_built);
    remove_tree();
    return check_report();
}
