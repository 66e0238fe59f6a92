/*
 * client.c -- see client.h.
 */
#include "client.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* A byte buffer that refuses to grow past its ceiling. */
typedef struct bytes {
    char *data;
    size_t len, cap, max;
} bytes;

static int bytes_add(bytes *b, const void *p, size_t n)
{
    if (n > b->max - b->len)
        return -1;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (d == NULL)
            return -1;
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

static int bytes_str(bytes *b, const char *s)
{
    return bytes_add(b, s, strlen(s));
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The request target with bytes a request line cannot carry escaped. */
static int add_target(bytes *b, const char *target)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)target; *p; p++) {
        if (*p > 0x20 && *p < 0x7f) {
            if (bytes_add(b, p, 1))
                return -1;
        } else {
            char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            if (bytes_add(b, esc, 3))
                return -1;
        }
    }
    return 0;
}

static int has_header(const client_request *rq, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < rq->nheaders; i++)
        if (strncasecmp(rq->headers[i], name, n) == 0 && rq->headers[i][n] == ':')
            return 1;
    return 0;
}

static int build_head(int port, const client_request *rq, bytes *head)
{
    char line[96];
    int rc = bytes_str(head, rq->method) || bytes_str(head, " ") ||
             add_target(head, rq->target) || bytes_str(head, " HTTP/1.1\r\n");
    snprintf(line, sizeof line, "Host: 127.0.0.1:%d\r\nConnection: close\r\n",
             port);
    rc = rc || bytes_str(head, line);
    for (size_t i = 0; i < rq->nheaders; i++)
        rc = rc || bytes_str(head, rq->headers[i]) || bytes_str(head, "\r\n");
    int wants_length = rq->body_len > 0 || strcmp(rq->method, "POST") == 0 ||
                       strcmp(rq->method, "PUT") == 0 ||
                       strcmp(rq->method, "PATCH") == 0;
    if (wants_length && !has_header(rq, "Content-Length") &&
        !has_header(rq, "Transfer-Encoding")) {
        snprintf(line, sizeof line, "Content-Length: %zu\r\n", rq->body_len);
        rc = rc || bytes_str(head, line);
    }
    return rc || bytes_str(head, "\r\n");
}

static char *dup_range(const char *p, size_t n)
{
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, p, n);
        s[n] = '\0';
    }
    return s;
}

/* Where the head of in ends (just past the blank line), or 0. */
static size_t head_end(const bytes *in)
{
    const char *p = in->len ? strstr(in->data, "\r\n\r\n") : NULL;
    return p ? (size_t)(p - in->data) + 4 : 0;
}

/* Parse the status line and headers; -1 when they are not HTTP. */
static int parse_head(const char *head, size_t len, client_response *rs)
{
    if (len < 12 || strncmp(head, "HTTP/1.", 7) != 0 || head[8] != ' ')
        return -1;
    char *end;
    long status = strtol(head + 9, &end, 10);
    if (end != head + 12 || status < 100 || status > 599)
        return -1;
    rs->status = (int)status;
    const char *p = strstr(head, "\r\n") + 2;
    const char *stop = head + len - 2;
    while (p < stop) {
        const char *eol = strstr(p, "\r\n");
        const char *colon = memchr(p, ':', (size_t)(eol - p));
        if (colon == NULL)
            return -1;
        if (rs->nheaders < CLIENT_MAX_HEADERS) {
            const char *v = colon + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            const char *ve = eol;
            while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
                ve--;
            client_header *h = &rs->headers[rs->nheaders++];
            h->name = dup_range(p, (size_t)(colon - p));
            h->value = dup_range(v, (size_t)(ve - v));
            if (h->name == NULL || h->value == NULL)
                return -1;
        }
        p = eol + 2;
    }
    return 0;
}

/* Declared body length; -1 when absent, -2 when unreadable. */
static long long declared_length(const client_response *rs)
{
    const char *v = client_header_value(rs, "Content-Length");
    if (v == NULL)
        return -1;
    char *end;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (errno || end == v || *end || n < 0)
        return -2;
    return n;
}

int client_exchange(int port, const client_request *rq, client_response *rs,
                    char *why, size_t why_size)
{
    memset(rs, 0, sizeof *rs);
    bytes head = {.max = 1 << 20}, in = {.max = CLIENT_MAX_RESPONSE};
    int fd = -1, rc = -1;
    size_t sent = 0, body_sent = 0, hend = 0;
    long long want = -1;
    int write_closed = 0, eof = 0;

    if (build_head(port, rq, &head)) {
        snprintf(why, why_size, "the request head is too large");
        goto done;
    }
    fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        snprintf(why, why_size, "cannot connect to 127.0.0.1:%d: %s", port,
                 strerror(errno));
        goto done;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);

    long deadline = now_ms() + CLIENT_TIMEOUT_MS;
    for (;;) {
        int writing =
            !write_closed && (sent < head.len || body_sent < rq->body_len);
        struct pollfd pfd = {fd, (short)(POLLIN | (writing ? POLLOUT : 0)), 0};
        long left = deadline - now_ms();
        if (left <= 0) {
            snprintf(why, why_size, "no complete reply within %d s",
                     CLIENT_TIMEOUT_MS / 1000);
            goto done;
        }
        if (poll(&pfd, 1, (int)left) < 0) {
            if (errno == EINTR)
                continue;
            snprintf(why, why_size, "poll: %s", strerror(errno));
            goto done;
        }
        if (writing && (pfd.revents & (POLLOUT | POLLERR | POLLHUP))) {
            const char *p = sent < head.len ? head.data + sent
                                            : rq->body + body_sent;
            size_t n = sent < head.len ? head.len - sent
                                       : rq->body_len - body_sent;
            ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
            if (w > 0) {
                if (sent < head.len)
                    sent += (size_t)w;
                else
                    body_sent += (size_t)w;
            } else if (w < 0 && errno != EAGAIN && errno != EINTR) {
                /* The server stopped reading; its reply may still be here. */
                write_closed = 1;
            }
        }
        if (pfd.revents & (POLLIN | POLLERR | POLLHUP)) {
            char chunk[65536];
            ssize_t r = recv(fd, chunk, sizeof chunk, 0);
            if (r > 0) {
                if (bytes_add(&in, chunk, (size_t)r)) {
                    snprintf(why, why_size, "the reply exceeds %d bytes",
                             CLIENT_MAX_RESPONSE);
                    goto done;
                }
            } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
                eof = 1;
            }
        }
        if (hend == 0 && (hend = head_end(&in)) != 0) {
            if (parse_head(in.data, hend, rs)) {
                snprintf(why, why_size, "the reply is not HTTP/1.x: %.80s",
                         in.data);
                goto done;
            }
            want = declared_length(rs);
            if (want == -2) {
                snprintf(why, why_size, "unreadable Content-Length");
                goto done;
            }
        }
        if (hend && want >= 0 && in.len - hend >= (size_t)want)
            break;
        if (eof) {
            if (hend == 0) {
                snprintf(why, why_size, "the connection closed %s",
                         in.len ? "in the middle of the reply head"
                                : "without a reply");
                goto done;
            }
            if (want >= 0) {
                snprintf(why, why_size,
                         "the connection closed after %zu of %lld body bytes",
                         in.len - hend, want);
                goto done;
            }
            break; /* no Content-Length: the body ends with the connection */
        }
    }
    rs->body_len = want >= 0 ? (size_t)want : in.len - hend;
    rs->body = dup_range(in.data + hend, rs->body_len);
    rc = rs->body ? 0 : -1;
    if (rc)
        snprintf(why, why_size, "out of memory");
done:
    if (fd >= 0)
        close(fd);
    free(head.data);
    free(in.data);
    return rc;
}

const char *client_header_value(const client_response *rs, const char *name)
{
    for (size_t i = 0; i < rs->nheaders; i++)
        if (strcasecmp(rs->headers[i].name, name) == 0)
            return rs->headers[i].value;
    return NULL;
}

void client_response_free(client_response *rs)
{
    for (size_t i = 0; i < rs->nheaders; i++) {
        free(rs->headers[i].name);
        free(rs->headers[i].value);
    }
    free(rs->body);
    memset(rs, 0, sizeof *rs);
}
