/*
 * match.h -- does a reply contain what a case file expects?
 *
 * The expected JSON is a pattern the actual reply must contain:
 *   objects   every expected key is present with a matching value; other
 *             keys of the reply are ignored; the value "<absent>" requires
 *             that the key is NOT there
 *   arrays    [a, b]              exactly two elements, matched in order
 *             [a, b, "<...>"]     at least two, the first two matched
 *             ["<...>", a, b]     a and b each match some element
 *             ["<each>", a]       at least one element, and every one
 *                                 matches a
 *   strings   "<int>" "<number>" "<string>" "<bool>" "<null>" "<object>"
 *             "<array>" "<any>" match by kind; any other string (and every
 *             number, true, false, null) must be equal
 */
#ifndef SERAI_TESTS_API_MATCH_H
#define SERAI_TESTS_API_MATCH_H

#include <jansson.h>
#include <stddef.h>

typedef struct match_miss {
    char where[512];  /* JSON pointer of the first difference */
    char why[1024];   /* what differs there */
} match_miss;

/* 1 when actual contains expected; 0 with *miss filled otherwise. */
int match_json(const json_t *expected, const json_t *actual, match_miss *miss);

/* A header value: "<any>" matches anything, "<int>" a decimal number,
 * anything else must be equal. */
int match_text(const char *expected, const char *actual);

/* The value at an RFC 6901 JSON pointer ("" is the whole document), or
 * NULL.  Borrowed from doc. */
json_t *match_pointer(json_t *doc, const char *pointer);

#endif
