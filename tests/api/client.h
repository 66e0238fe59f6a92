/*
 * client.h -- a small HTTP/1.1 client for the API tests: one request per
 * connection ("Connection: close"), bodies framed by Content-Length.
 *
 * It writes and reads at the same time, so a server that answers before it
 * has read the whole body (413 decided from Content-Length) is heard rather
 * than deadlocked on a full socket buffer.
 */
#ifndef SERAI_TESTS_API_CLIENT_H
#define SERAI_TESTS_API_CLIENT_H

#include <stddef.h>

#define CLIENT_MAX_HEADERS 32          /* sent or received */
#define CLIENT_MAX_RESPONSE (64 << 20) /* bytes of one reply, head included */
#define CLIENT_TIMEOUT_MS 60000        /* one whole exchange */

typedef struct client_header {
    char *name;  /* owned */
    char *value; /* owned */
} client_header;

typedef struct client_request {
    const char *method;
    const char *target; /* path and query; non-ASCII bytes and spaces are
                           percent-encoded on the way out */
    const char *headers[CLIENT_MAX_HEADERS]; /* "Name: value" lines; a
                           Content-Length is added unless one is given or
                           the body is sent chunked */
    size_t nheaders;
    const char *body;   /* may be NULL when body_len is 0 */
    size_t body_len;
} client_request;

typedef struct client_response {
    int status;
    client_header headers[CLIENT_MAX_HEADERS];
    size_t nheaders;
    char *body;         /* owned, NUL-terminated */
    size_t body_len;
} client_response;

/* Send rq to 127.0.0.1:port and read the whole reply into *rs (caller
 * frees with client_response_free, also after a failure).  Returns 0, or -1
 * with a sentence in why. */
int client_exchange(int port, const client_request *rq, client_response *rs,
                    char *why, size_t why_size);

/* The value of the first header called name (any case), or NULL. */
const char *client_header_value(const client_response *rs, const char *name);

void client_response_free(client_response *rs);

#endif
