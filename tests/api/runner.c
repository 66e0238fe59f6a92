/*
 * runner.c -- replays API case files against a real serai server.
 *
 *   api_runner --serai PATH [--keep] CASE...
 *   api_runner --serai PATH [--keep] --role-matrix
 *
 * The runner builds a private database with the serai binary (SQLite, or
 * PostgreSQL when SERAI_TEST_BACKEND=postgres: a new database of the test
 * cluster of tests/pg), starts `serai serve` on a free loopback port
 * (fixture.c), replays every case file in the order given (or runs the role
 * matrix, roles.c), then stops the server with SIGTERM and requires exit
 * status 0 within 10 s.  Exit status: 0 when everything passed, 1 when a
 * case failed, 2 when the server could not be set up or did not shut down
 * cleanly.  --keep leaves the temporary directory (SQLite database, server
 * stdout) in place; it is kept anyway on failure.  A PostgreSQL database
 * stays in its cluster until the cluster is stopped.
 *
 * CASE FILES (cases/NAME.case) -- one story per file, a sequence of
 * exchanges; tests/api/README.md has the same text with examples.
 *
 *   # comment (outside request bodies)
 *   > POST /api/v1/organizations?x=1   starts an exchange: method, target
 *   > as: secretariat                  log in as the seeded account of that
 *                                      role (tokens are cached); "public"
 *                                      or no `as:` sends no token
 *   > Content-Type: application/json   any other `> Name: value` is sent
 *   {"name": "${name}"}                the body: every line up to `< NNN`,
 *                                      each ending in "\n"; blank lines at
 *                                      its start and end are dropped
 *   < 201                              the expected status
 *   < Content-Type: application/json   expected response headers; the value
 *                                      "<int>" or "<any>" matches by kind,
 *                                      "<absent>" requires no such header
 *   {"id": "<int>", "name": "${name}"} the expected JSON, until the next
 *                                      `>` or `=` line (rules in match.h:
 *                                      a subset match with placeholders)
 *   = org_id /id                       capture a value of the reply by JSON
 *                                      pointer (or `header:Name`) as
 *                                      ${org_id} for later exchanges; a
 *                                      header is captured before the body
 *                                      is compared, so the expected JSON
 *                                      may already use it
 *
 * Directives among the `>` lines (not sent as headers):
 *   > body-repeat: N TEXT     the body is N bytes of TEXT repeated
 *   > repeat: NAME N TEXT     define ${NAME} as N bytes of TEXT repeated
 *   > body-escapes: on        \xHH in the body becomes that byte (for
 *                             invalid UTF-8 on purpose)
 *   > body-newline: no        no "\n" after the last body line
 *   > body-chunked: on        send the body with Transfer-Encoding: chunked
 *                             (64 KiB chunks), without Content-Length
 *
 * ${name} is replaced in targets, header values, bodies and expected JSON,
 * with the captured value as text (a string without its quotes).  Defined
 * for every file: ${port}, ${applicant_person_id}, ${other_person_id},
 * ${email_ROLE}, ${password_ROLE} for each signed-in role, and
 * ${throttled_email}.  Captures live until the end of their file.  A target
 * may hold UTF-8 and spaces: they are percent-encoded when sent.
 *
 * A case that logs out a cached `as:` token makes the runner forget it; the
 * next `as:` of that role logs in again.
 */
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "client.h"
#include "fixture.h"
#include "match.h"
#include "roles.h"

#define CASE_MAX_BYTES (4 << 20)     /* one case file */
#define CASE_MAX_BODY (64 << 20)     /* one request body, repeats included */
#define CASE_MAX_VARS 256
#define CASE_MAX_EXPECT_HEADERS 16
#define CASE_MAX_CAPTURES 16
#define CASE_MAX_REPEATS 4
#define SHOW_REPLY 2000              /* bytes of a reply quoted on failure */

/* ---- small helpers; running out of memory ends the test run ---- */

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL) {
        fprintf(stderr, "api_runner: out of memory\n");
        exit(2);
    }
    return p;
}

static char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

/* A growable text buffer with a ceiling. */
typedef struct text {
    char *data;
    size_t len, cap;
} text;

static int text_add(text *t, const char *p, size_t n)
{
    if (n > CASE_MAX_BODY - t->len)
        return -1;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *d = realloc(t->data, cap);
        if (d == NULL)
            return -1;
        t->data = d;
        t->cap = cap;
    }
    memcpy(t->data + t->len, p, n);
    t->len += n;
    t->data[t->len] = '\0';
    return 0;
}

/* Transfer the text to the caller ("" when empty) and reset t. */
static char *text_take(text *t, size_t *len)
{
    char *d = t->data ? t->data : xstrdup("");
    if (len)
        *len = t->len;
    t->data = NULL;
    t->len = t->cap = 0;
    return d;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) +
           (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Parse a decimal number 0..max with nothing after it; -1 otherwise. */
static long parse_count(const char *s, const char **rest, long max)
{
    char *end;
    errno = 0;
    long n = strtol(s, &end, 10);
    if (errno || end == s || n < 0 || n > max)
        return -1;
    if (rest)
        *rest = end;
    else if (*end)
        return -1;
    return n;
}

/* ---- the parsed form of a case file ---- */

typedef struct expect_header {
    char *name, *value;
    int line;
} expect_header;

typedef struct capture {
    char *name, *source; /* "/json/pointer" or "header:Name" */
    int line;
} capture;

typedef struct repeat_def {
    char *name, *unit; /* unit NULL: the whole body */
    long bytes;
} repeat_def;

typedef struct exchange {
    int line;                 /* of "> METHOD TARGET" */
    char *method, *target;
    char *as;                 /* role, "public", or NULL */
    char *headers[CLIENT_MAX_HEADERS];
    size_t nheaders;
    char *body;               /* the lines as written; NULL without body */
    bool escapes, no_newline, chunked;
    repeat_def body_repeat;   /* unit set when the body is a repeat */
    repeat_def repeats[CASE_MAX_REPEATS];
    size_t nrepeats;
    int status, status_line;
    expect_header expect_headers[CASE_MAX_EXPECT_HEADERS];
    size_t nexpect_headers;
    char *expect;             /* expected JSON text, or NULL */
    int expect_line;
    capture captures[CASE_MAX_CAPTURES];
    size_t ncaptures;
} exchange;

typedef struct case_file {
    const char *path;
    exchange *ex;
    size_t n, cap;
} case_file;

static void exchange_free(exchange *e)
{
    free(e->method);
    free(e->target);
    free(e->as);
    for (size_t i = 0; i < e->nheaders; i++)
        free(e->headers[i]);
    free(e->body);
    free(e->body_repeat.unit);
    for (size_t i = 0; i < e->nrepeats; i++) {
        free(e->repeats[i].name);
        free(e->repeats[i].unit);
    }
    for (size_t i = 0; i < e->nexpect_headers; i++) {
        free(e->expect_headers[i].name);
        free(e->expect_headers[i].value);
    }
    free(e->expect);
    for (size_t i = 0; i < e->ncaptures; i++) {
        free(e->captures[i].name);
        free(e->captures[i].source);
    }
}

static void case_free(case_file *cf)
{
    for (size_t i = 0; i < cf->n; i++)
        exchange_free(&cf->ex[i]);
    free(cf->ex);
    cf->ex = NULL;
    cf->n = cf->cap = 0;
}

/* ---- parsing ---- */

enum parse_state {
    AT_TOP,       /* before the first exchange */
    IN_REQ_HEAD,  /* `>` lines */
    IN_REQ_BODY,  /* body lines */
    IN_RESP_HEAD, /* after `< NNN`: `<` header lines */
    IN_RESP_BODY, /* expected JSON */
    IN_CAPTURES   /* `=` lines */
};

typedef struct parser {
    case_file *cf;
    exchange *cur;
    enum parse_state state;
    text body, expect;
    int body_blank_run; /* blank lines held back at the end of the body */
    int lineno;
    char why[512];
} parser;

static int parse_fail(parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Record why the file cannot be read (file:line: ...); returns -1. */
static int parse_fail(parser *p, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(p->why, sizeof p->why, "%s:%d: %s", p->cf->path, p->lineno, msg);
    return -1;
}

/* Close the current exchange: its body and expected JSON. */
static int finish_exchange(parser *p)
{
    exchange *e = p->cur;
    if (e == NULL)
        return 0;
    if (e->status == 0) {
        p->lineno = e->line;
        return parse_fail(p, "the exchange has no `< STATUS` line");
    }
    if (p->body.data)
        e->body = text_take(&p->body, NULL);
    if (p->expect.data)
        e->expect = text_take(&p->expect, NULL);
    p->cur = NULL;
    return 0;
}

static int start_exchange(parser *p, const char *rest)
{
    if (finish_exchange(p))
        return -1;
    case_file *cf = p->cf;
    if (cf->n == cf->cap) {
        cf->cap = cf->cap ? cf->cap * 2 : 16;
        exchange *grown = realloc(cf->ex, cf->cap * sizeof *grown);
        if (grown == NULL)
            return parse_fail(p, "out of memory");
        cf->ex = grown;
    }
    exchange *e = &cf->ex[cf->n++];
    memset(e, 0, sizeof *e);
    e->line = p->lineno;
    const char *sp = strchr(rest, ' ');
    if (sp == NULL || sp == rest || sp[1] != '/')
        return parse_fail(p, "expected `> METHOD /path`, got `> %s`", rest);
    e->method = xstrndup(rest, (size_t)(sp - rest));
    e->target = xstrdup(sp + 1);
    p->cur = e;
    p->state = IN_REQ_HEAD;
    p->body_blank_run = 0;
    return 0;
}

/* "N TEXT" (with NAME first when named) into a repeat_def. */
static int parse_repeat(parser *p, const char *v, bool named, repeat_def *r)
{
    if (named) {
        const char *sp = strchr(v, ' ');
        if (sp == NULL || sp == v)
            return parse_fail(p, "expected `repeat: NAME N TEXT`");
        r->name = xstrndup(v, (size_t)(sp - v));
        v = sp + 1;
    }
    const char *rest;
    r->bytes = parse_count(v, &rest, CASE_MAX_BODY);
    if (r->bytes < 0 || *rest != ' ' || rest[1] == '\0')
        return parse_fail(p, "expected a byte count up to 64 MiB and a text "
                             "after it, got `%s`", v);
    r->unit = xstrdup(rest + 1);
    return 0;
}

static int request_header(parser *p, const char *line)
{
    exchange *e = p->cur;
    const char *colon = strchr(line, ':');
    if (colon == NULL || colon == line || colon[1] != ' ')
        return parse_fail(p, "expected `> Name: value`, got `> %s`", line);
    size_t nlen = (size_t)(colon - line);
    const char *v = colon + 2;
    if (nlen == 2 && strncasecmp(line, "as", 2) == 0) {
        if (strcmp(v, "public") != 0 && fixture_role_index(v) < 0)
            return parse_fail(p, "unknown role \"%s\"", v);
        free(e->as);
        e->as = xstrdup(v);
        return 0;
    }
    if (nlen == 11 && strncasecmp(line, "body-repeat", 11) == 0)
        return parse_repeat(p, v, false, &e->body_repeat);
    if (nlen == 6 && strncasecmp(line, "repeat", 6) == 0) {
        if (e->nrepeats == CASE_MAX_REPEATS)
            return parse_fail(p, "too many repeats");
        return parse_repeat(p, v, true, &e->repeats[e->nrepeats++]);
    }
    if (nlen == 12 && strncasecmp(line, "body-escapes", 12) == 0) {
        e->escapes = strcmp(v, "on") == 0;
        return 0;
    }
    if (nlen == 12 && strncasecmp(line, "body-newline", 12) == 0) {
        e->no_newline = strcmp(v, "no") == 0;
        return 0;
    }
    if (nlen == 12 && strncasecmp(line, "body-chunked", 12) == 0) {
        e->chunked = strcmp(v, "on") == 0;
        return 0;
    }
    /* Two slots stay free: Authorization and Transfer-Encoding. */
    if (e->nheaders + 2 >= CLIENT_MAX_HEADERS)
        return parse_fail(p, "too many headers");
    e->headers[e->nheaders++] = xstrdup(line);
    return 0;
}

static int add_body_line(parser *p, const char *line)
{
    if (*line == '\0') {
        p->body_blank_run++;
        return 0;
    }
    for (; p->body_blank_run > 0; p->body_blank_run--)
        if (text_add(&p->body, "\n", 1))
            return parse_fail(p, "the body is too large");
    if (p->body.len && text_add(&p->body, "\n", 1))
        return parse_fail(p, "the body is too large");
    if (text_add(&p->body, line, strlen(line)))
        return parse_fail(p, "the body is too large");
    return 0;
}

static int status_line(parser *p, const char *v)
{
    long status = parse_count(v, NULL, 599);
    if (status < 100)
        return parse_fail(p, "expected `< STATUS`, got `< %s`", v);
    p->cur->status = (int)status;
    p->cur->status_line = p->lineno;
    p->state = IN_RESP_HEAD;
    return 0;
}

static int expect_header_line(parser *p, const char *v)
{
    exchange *e = p->cur;
    const char *colon = strchr(v, ':');
    if (colon == NULL || colon == v || colon[1] != ' ')
        return parse_fail(p, "expected `< Name: value`, got `< %s`", v);
    if (e->nexpect_headers == CASE_MAX_EXPECT_HEADERS)
        return parse_fail(p, "too many expected headers");
    expect_header *h = &e->expect_headers[e->nexpect_headers++];
    h->name = xstrndup(v, (size_t)(colon - v));
    h->value = xstrdup(colon + 2);
    h->line = p->lineno;
    return 0;
}

static int capture_line(parser *p, const char *v)
{
    exchange *e = p->cur;
    const char *sp = strchr(v, ' ');
    if (sp == NULL || sp == v ||
        (sp[1] != '/' && strncmp(sp + 1, "header:", 7) != 0 && sp[1] != '\0'))
        return parse_fail(p, "expected `= name /json/pointer` or "
                             "`= name header:Name`, got `= %s`", v);
    for (const char *c = v; c < sp; c++)
        if (!(*c == '_' || (*c >= '0' && *c <= '9') ||
              ((*c | 32) >= 'a' && (*c | 32) <= 'z')))
            return parse_fail(p, "a variable name has only letters, digits "
                                 "and _: `%s`", v);
    if (e->ncaptures == CASE_MAX_CAPTURES)
        return parse_fail(p, "too many captures");
    capture *c = &e->captures[e->ncaptures++];
    c->name = xstrndup(v, (size_t)(sp - v));
    c->source = xstrdup(sp + 1);
    c->line = p->lineno;
    p->state = IN_CAPTURES;
    return 0;
}

static int parse_line(parser *p, char *line)
{
    bool blank = line[0] == '\0', comment = line[0] == '#';
    if (strncmp(line, "> ", 2) == 0) {
        if (p->state == IN_REQ_HEAD)
            return request_header(p, line + 2);
        if (p->state == IN_REQ_BODY)
            return parse_fail(p, "a `>` line inside a request body; is the "
                                 "`< STATUS` line missing?");
        return start_exchange(p, line + 2);
    }
    if (strncmp(line, "< ", 2) == 0) {
        if (p->state == IN_REQ_HEAD || p->state == IN_REQ_BODY)
            return status_line(p, line + 2);
        if (p->state == IN_RESP_HEAD)
            return expect_header_line(p, line + 2);
        return parse_fail(p, "a `<` line out of place: `%s`", line);
    }
    if (strncmp(line, "= ", 2) == 0 &&
        (p->state == IN_RESP_HEAD || p->state == IN_RESP_BODY ||
         p->state == IN_CAPTURES))
        return capture_line(p, line + 2);
    switch (p->state) {
    case AT_TOP:
    case IN_CAPTURES:
        if (blank || comment)
            return 0;
        return parse_fail(p, "expected `> METHOD /path`, got `%s`", line);
    case IN_REQ_HEAD:
        if (blank || comment)
            return 0;
        p->state = IN_REQ_BODY;
        return add_body_line(p, line);
    case IN_REQ_BODY:
        return add_body_line(p, line);
    case IN_RESP_HEAD:
        if (blank || comment)
            return 0;
        p->cur->expect_line = p->lineno;
        p->state = IN_RESP_BODY;
        break;
    case IN_RESP_BODY:
        if (comment)
            return 0;
        break;
    }
    if (text_add(&p->expect, line, strlen(line)) ||
        text_add(&p->expect, "\n", 1))
        return parse_fail(p, "the expected body is too large");
    return 0;
}

static char *read_file(const char *path, size_t *len, char *why,
                       size_t why_size)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(why, why_size, "%s: %s", path, strerror(errno));
        return NULL;
    }
    text t = {0};
    char chunk[8192];
    size_t n;
    int too_big = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (t.len + n > CASE_MAX_BYTES || text_add(&t, chunk, n)) {
            too_big = 1;
            break;
        }
    fclose(f);
    if (too_big) {
        free(t.data);
        snprintf(why, why_size, "%s: larger than %d bytes", path,
                 CASE_MAX_BYTES);
        return NULL;
    }
    return text_take(&t, len);
}

static int parse_case(const char *path, case_file *cf, char *why,
                      size_t why_size)
{
    memset(cf, 0, sizeof *cf);
    cf->path = path;
    size_t len;
    char *data = read_file(path, &len, why, why_size);
    if (data == NULL)
        return -1;
    parser p = {.cf = cf, .state = AT_TOP};
    int rc = 0;
    char *line = data;
    while (rc == 0 && line < data + len) {
        char *nl = memchr(line, '\n', (size_t)(data + len - line));
        char *end = nl ? nl : data + len;
        if (end > line && end[-1] == '\r')
            end[-1] = '\0';
        *end = '\0';
        p.lineno++;
        rc = parse_line(&p, line);
        line = end + 1;
    }
    if (rc == 0)
        rc = finish_exchange(&p);
    if (rc == 0 && cf->n == 0) {
        snprintf(p.why, sizeof p.why, "%s: no exchanges", path);
        rc = -1;
    }
    free(p.body.data);
    free(p.expect.data);
    free(data);
    if (rc) {
        snprintf(why, why_size, "%s", p.why);
        case_free(cf);
    }
    return rc;
}

/* ---- variables ---- */

typedef struct vars {
    char *name[CASE_MAX_VARS];
    char *value[CASE_MAX_VARS];
    size_t n;
} vars;

static void vars_set(vars *v, const char *name, const char *value)
{
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->name[i], name) == 0) {
            free(v->value[i]);
            v->value[i] = xstrdup(value);
            return;
        }
    if (v->n == CASE_MAX_VARS) {
        fprintf(stderr, "api_runner: more than %d variables\n", CASE_MAX_VARS);
        exit(2);
    }
    v->name[v->n] = xstrdup(name);
    v->value[v->n++] = xstrdup(value);
}

static const char *vars_get(const vars *v, const char *name, size_t len)
{
    for (size_t i = 0; i < v->n; i++)
        if (strlen(v->name[i]) == len && strncmp(v->name[i], name, len) == 0)
            return v->value[i];
    return NULL;
}

static void vars_free(vars *v)
{
    for (size_t i = 0; i < v->n; i++) {
        free(v->name[i]);
        free(v->value[i]);
    }
    v->n = 0;
}

static void vars_defaults(vars *v, const fixture *fx)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%d", fx->port);
    vars_set(v, "port", buf);
    snprintf(buf, sizeof buf, "%ld", fx->applicant_person_id);
    vars_set(v, "applicant_person_id", buf);
    snprintf(buf, sizeof buf, "%ld", fx->other_person_id);
    vars_set(v, "other_person_id", buf);
    vars_set(v, "throttled_email", FIXTURE_THROTTLED_EMAIL);
    for (int i = 0; i < FIXTURE_ROLE_COUNT; i++) {
        char name[48];
        snprintf(name, sizeof name, "email_%s", fixture_roles[i]);
        fixture_email(fixture_roles[i], buf, sizeof buf);
        vars_set(v, name, buf);
        snprintf(name, sizeof name, "password_%s", fixture_roles[i]);
        fixture_password(fixture_roles[i], buf, sizeof buf);
        vars_set(v, name, buf);
    }
}

/* s with every ${name} replaced; NULL with why naming an unknown one. */
static char *substitute(const vars *v, const char *s, size_t *len, char *why,
                        size_t why_size)
{
    text t = {0};
    const char *p = s;
    while (*p) {
        const char *d = strstr(p, "${");
        if (d == NULL) {
            if (text_add(&t, p, strlen(p)))
                goto too_big;
            break;
        }
        const char *close = strchr(d + 2, '}');
        if (close == NULL) {
            snprintf(why, why_size, "unterminated ${");
            free(t.data);
            return NULL;
        }
        const char *value = vars_get(v, d + 2, (size_t)(close - d - 2));
        if (value == NULL) {
            snprintf(why, why_size, "unknown variable ${%.*s}",
                     (int)(close - d - 2), d + 2);
            free(t.data);
            return NULL;
        }
        if (text_add(&t, p, (size_t)(d - p)) || text_add(&t, value, strlen(value)))
            goto too_big;
        p = close + 1;
    }
    return text_take(&t, len);
too_big:
    snprintf(why, why_size, "the text grows beyond %d bytes", CASE_MAX_BODY);
    free(t.data);
    return NULL;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)(c | 32);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decode \xHH in place; returns the new length. */
static size_t decode_escapes(char *s, size_t len)
{
    size_t j = 0;
    for (size_t i = 0; i < len; i++) {
        int hi, lo;
        if (s[i] == '\\' && i + 3 < len && s[i + 1] == 'x' &&
            (hi = hex_digit(s[i + 2])) >= 0 && (lo = hex_digit(s[i + 3])) >= 0) {
            s[j++] = (char)(hi * 16 + lo);
            i += 3;
        } else {
            s[j++] = s[i];
        }
    }
    s[j] = '\0';
    return j;
}

static char *repeat_text(const repeat_def *r)
{
    size_t unit = strlen(r->unit);
    char *s = xmalloc((size_t)r->bytes + 1);
    for (long i = 0; i < r->bytes; i++)
        s[i] = r->unit[(size_t)i % unit];
    s[r->bytes] = '\0';
    return s;
}

/* A value of the reply as variable text. */
static char *value_text(const json_t *v)
{
    if (json_is_string(v))
        return xstrdup(json_string_value(v));
    char *t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    return t ? t : xstrdup("");
}

/* ---- replay ---- */

typedef struct run {
    fixture fx;
    int exchanges; /* replayed, over all files */
} run;

static void show_reply(const client_response *rs)
{
    if (rs->body_len > SHOW_REPLY)
        printf("  reply (%zu bytes): %.*s...\n", rs->body_len, SHOW_REPLY,
               rs->body);
    else
        printf("  reply: %s\n", rs->body_len ? rs->body : "(empty)");
}

/* Report a failure of exchange e at line; returns -1. */
static int fail_at(const case_file *cf, const exchange *e, int line,
                   const char *what)
{
    printf("FAIL %s:%d: %s %s\n  %s\n", cf->path, line, e->method, e->target,
           what);
    return -1;
}

/* The substituted strings a request points to; built_free releases them. */
typedef struct built {
    char *target, *body;
    size_t body_len;
    char *headers[CLIENT_MAX_HEADERS];
    size_t nheaders;
} built;

static void built_free(built *b)
{
    free(b->target);
    free(b->body);
    for (size_t i = 0; i < b->nheaders; i++)
        free(b->headers[i]);
}

/* body as HTTP/1.1 chunks of CHUNK_BYTES and the last chunk; NULL when
 * that grows beyond CASE_MAX_BODY.  Caller frees. */
#define CHUNK_BYTES 65536
static char *chunk_encode(const char *body, size_t len, size_t *out_len)
{
    text t = {0};
    char size_line[32];
    int rc = 0;
    for (size_t at = 0; at < len && rc == 0; at += CHUNK_BYTES) {
        size_t n = len - at < CHUNK_BYTES ? len - at : CHUNK_BYTES;
        snprintf(size_line, sizeof size_line, "%zx\r\n", n);
        rc = text_add(&t, size_line, strlen(size_line)) ||
             text_add(&t, body + at, n) || text_add(&t, "\r\n", 2);
    }
    if (rc || text_add(&t, "0\r\n\r\n", 5)) {
        free(t.data);
        return NULL;
    }
    return text_take(&t, out_len);
}

static int build_request(run *r, const case_file *cf, const exchange *e,
                         vars *v, built *b, client_request *rq)
{
    char why[512];
    memset(b, 0, sizeof *b);
    for (size_t i = 0; i < e->nrepeats; i++) {
        char *s = repeat_text(&e->repeats[i]);
        vars_set(v, e->repeats[i].name, s);
        free(s);
    }
    if ((b->target = substitute(v, e->target, NULL, why, sizeof why)) == NULL)
        return fail_at(cf, e, e->line, why);
    bool has_auth = false;
    for (size_t i = 0; i < e->nheaders; i++) {
        if ((b->headers[i] = substitute(v, e->headers[i], NULL, why,
                                        sizeof why)) == NULL)
            return fail_at(cf, e, e->line, why);
        b->nheaders++;
        if (strncasecmp(e->headers[i], "Authorization:", 14) == 0)
            has_auth = true;
    }
    if (e->as && strcmp(e->as, "public") != 0 && !has_auth) {
        const char *token = fixture_token(&r->fx, e->as, why, sizeof why);
        if (token == NULL)
            return fail_at(cf, e, e->line, why);
        size_t n = strlen(token) + 32;
        b->headers[b->nheaders] = xmalloc(n);
        snprintf(b->headers[b->nheaders++], n, "Authorization: Bearer %s",
                 token);
    }
    if (e->body_repeat.unit) {
        b->body = repeat_text(&e->body_repeat);
        b->body_len = (size_t)e->body_repeat.bytes;
    } else if (e->body) {
        if ((b->body = substitute(v, e->body, &b->body_len, why, sizeof why)) ==
            NULL)
            return fail_at(cf, e, e->line, why);
        if (e->escapes)
            b->body_len = decode_escapes(b->body, b->body_len);
        if (b->body_len && !e->no_newline) {
            char *grown = realloc(b->body, b->body_len + 2);
            if (grown == NULL)
                return fail_at(cf, e, e->line, "out of memory");
            b->body = grown;
            b->body[b->body_len++] = '\n';
            b->body[b->body_len] = '\0';
        }
    }
    if (e->chunked) {
        size_t len;
        char *chunks = chunk_encode(b->body ? b->body : "", b->body_len, &len);
        if (chunks == NULL)
            return fail_at(cf, e, e->line, "the chunked body is too large");
        free(b->body);
        b->body = chunks;
        b->body_len = len;
        b->headers[b->nheaders++] = xstrdup("Transfer-Encoding: chunked");
    }
    memset(rq, 0, sizeof *rq);
    rq->method = e->method;
    rq->target = b->target;
    for (size_t i = 0; i < b->nheaders; i++)
        rq->headers[i] = b->headers[i];
    rq->nheaders = b->nheaders;
    rq->body = b->body;
    rq->body_len = b->body_len;
    return 0;
}

static int check_reply(const case_file *cf, const exchange *e, vars *v,
                       const client_response *rs)
{
    char msg[2048], why[512];
    if (rs->status != e->status) {
        snprintf(msg, sizeof msg, "expected status %d, got %d", e->status,
                 rs->status);
        fail_at(cf, e, e->status_line, msg);
        show_reply(rs);
        return -1;
    }
    for (size_t i = 0; i < e->nexpect_headers; i++) {
        const expect_header *h = &e->expect_headers[i];
        char *want = substitute(v, h->value, NULL, why, sizeof why);
        if (want == NULL)
            return fail_at(cf, e, h->line, why);
        const char *got = client_header_value(rs, h->name);
        bool ok = strcmp(want, "<absent>") == 0 ? got == NULL
                                                : got && match_text(want, got);
        if (!ok)
            snprintf(msg, sizeof msg, "header %s: expected \"%s\", got %s%s%s",
                     h->name, want, got ? "\"" : "", got ? got : "none",
                     got ? "\"" : "");
        free(want);
        if (!ok) {
            fail_at(cf, e, h->line, msg);
            show_reply(rs);
            return -1;
        }
    }
    /* Header captures first: the expected body may use them. */
    for (size_t i = 0; i < e->ncaptures; i++) {
        const capture *c = &e->captures[i];
        if (strncmp(c->source, "header:", 7) != 0)
            continue;
        const char *h = client_header_value(rs, c->source + 7);
        if (h == NULL) {
            snprintf(msg, sizeof msg, "no header %s to capture", c->source + 7);
            fail_at(cf, e, c->line, msg);
            show_reply(rs);
            return -1;
        }
        vars_set(v, c->name, h);
    }
    json_error_t jerr;
    json_t *actual = rs->body_len
                         ? json_loadb(rs->body, rs->body_len,
                                      JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr)
                         : NULL;
    int rc = 0;
    if (e->expect) {
        char *text = substitute(v, e->expect, NULL, why, sizeof why);
        json_t *expected = text ? json_loads(text, JSON_DECODE_ANY, &jerr) : NULL;
        bool substituted = text != NULL;
        free(text);
        match_miss miss;
        if (!substituted) {
            rc = fail_at(cf, e, e->expect_line, why);
        } else if (expected == NULL) {
            snprintf(msg, sizeof msg,
                     "the expected body is not JSON (its line %d: %s)",
                     jerr.line, jerr.text);
            rc = fail_at(cf, e, e->expect_line, msg);
        } else if (actual == NULL) {
            rc = fail_at(cf, e, e->expect_line, "the reply is not JSON");
            show_reply(rs);
        } else if (!match_json(expected, actual, &miss)) {
            snprintf(msg, sizeof msg, "at %s: %s", miss.where, miss.why);
            rc = fail_at(cf, e, e->expect_line, msg);
            show_reply(rs);
        }
        json_decref(expected);
    }
    for (size_t i = 0; rc == 0 && i < e->ncaptures; i++) {
        const capture *c = &e->captures[i];
        if (strncmp(c->source, "header:", 7) == 0)
            continue;
        json_t *at = actual ? match_pointer(actual, c->source) : NULL;
        if (at == NULL) {
            snprintf(msg, sizeof msg, "nothing at %s to capture", c->source);
            rc = fail_at(cf, e, c->line, msg);
            show_reply(rs);
            continue;
        }
        char *t = value_text(at);
        vars_set(v, c->name, t);
        free(t);
    }
    json_decref(actual);
    return rc;
}

static int replay_exchange(run *r, const case_file *cf, const exchange *e,
                           vars *v)
{
    built b;
    client_request rq;
    client_response rs = {0};
    char why[512];
    int rc = build_request(r, cf, e, v, &b, &rq);
    if (rc == 0 && client_exchange(r->fx.port, &rq, &rs, why, sizeof why) != 0)
        rc = fail_at(cf, e, e->line, why);
    if (rc == 0)
        rc = check_reply(cf, e, v, &rs);
    /* A session the case ended is of no further use to later `as:`. */
    if (rs.status == 204 && e->as && strcmp(e->method, "POST") == 0 &&
        strstr(e->target, "/auth/logout"))
        fixture_forget_token(&r->fx, e->as);
    client_response_free(&rs);
    built_free(&b);
    return rc;
}

static int replay_case(run *r, const char *path)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    case_file cf;
    char why[600];
    if (parse_case(path, &cf, why, sizeof why)) {
        printf("FAIL %s\n", why);
        return -1;
    }
    vars v = {0};
    vars_defaults(&v, &r->fx);
    int rc = 0;
    size_t done = 0;
    for (; done < cf.n && rc == 0; done++)
        rc = replay_exchange(r, &cf, &cf.ex[done], &v);
    r->exchanges += (int)done;
    if (rc == 0)
        printf("ok   %s (%zu exchanges, %.2f s)\n", path, cf.n,
               seconds_since(&t0));
    vars_free(&v);
    case_free(&cf);
    fflush(stdout);
    return rc;
}

static int usage(void)
{
    fprintf(stderr, "usage: api_runner --serai PATH [--keep] CASE...\n"
                    "       api_runner --serai PATH [--keep] --role-matrix\n");
    return 2;
}

int main(int argc, char **argv)
{
    const char *serai = NULL;
    bool keep = false, matrix = false;
    int first_case = argc;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--serai") == 0 && i + 1 < argc)
            serai = argv[++i];
        else if (strcmp(argv[i], "--keep") == 0)
            keep = true;
        else if (strcmp(argv[i], "--role-matrix") == 0)
            matrix = true;
        else if (argv[i][0] == '-')
            return usage();
        else {
            first_case = i;
            break;
        }
    }
    if (serai == NULL || (matrix == (first_case < argc)))
        return usage();

    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    run r = {0};
    char why[512];
    if (fixture_start(&r.fx, serai, why, sizeof why)) {
        printf("FAIL setting up the server: %s\n", why);
        if (r.fx.dir[0])
            printf("  kept %s\n", r.fx.dir);
        fixture_free(&r.fx, true);
        return 2;
    }
    printf("serai serving %s on 127.0.0.1:%d (ready after %.2f s)\n", r.fx.db,
           r.fx.port, seconds_since(&t0));
    fflush(stdout);

    int failed = 0, files = 0;
    if (matrix) {
        failed = roles_run(&r.fx);
    } else {
        for (int i = first_case; i < argc; i++, files++)
            if (replay_case(&r, argv[i]))
                failed++;
    }

    int status = failed ? 1 : 0;
    if (fixture_stop(&r.fx, why, sizeof why)) {
        printf("FAIL clean shutdown: %s\n", why);
        status = 2;
    }
    if (matrix)
        printf("role matrix: %d failure(s); %.2f s in all\n", failed,
               seconds_since(&t0));
    else
        printf("%d case file(s), %d exchange(s) run, %d file(s) failed; "
               "%.2f s in all\n", files, r.exchanges, failed,
               seconds_since(&t0));
    if (status && r.fx.dir[0])
        printf("kept %s%s%s for inspection\n", r.fx.dir,
               fixture_is_postgres() ? " and the database " : "",
               fixture_is_postgres() ? r.fx.db : "");
    fixture_free(&r.fx, keep || status != 0);
    return status;
}
