/*
 * mem.h -- allocation that never returns NULL, a bounded growable byte
 * buffer, and a per-request arena.
 *
 * Out of memory aborts the process with a message (as Redis does): call sites
 * then carry no untestable NULL branches.  Sizes from outside are checked
 * against a named limit *before* they reach these functions.
 */
#ifndef SERAI_CORE_MEM_H
#define SERAI_CORE_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
/* realloc of count*size bytes; aborts on multiplication overflow. */
void *xreallocarray(void *ptr, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/*
 * buf: bytes that grow up to a ceiling fixed at creation.  Appending past
 * the ceiling fails (returns false) and leaves the buffer unchanged; the
 * contents are always NUL-terminated.
 */
typedef struct buf {
    char *data;
    size_t len;
    size_t cap;
    size_t max;
} buf;

void buf_init(buf *b, size_t max);
bool buf_append_slow(buf *b, const void *data, size_t len);
/* Append len bytes; false (and nothing appended) past the ceiling.  The
 * common case, room already there, is inline: renderers call this for
 * every comma and quote. */
static inline bool buf_append(buf *b, const void *data, size_t len)
{
    if (b->cap - b->len > len && len <= b->max - b->len) {
        memcpy(b->data + b->len, data, len);
        b->len += len;
        b->data[b->len] = '\0';
        return true;
    }
    return buf_append_slow(b, data, len);
}
bool buf_puts(buf *b, const char *s);
bool buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Make room for cap bytes at once (a hint; the ceiling still applies). */
void buf_reserve(buf *b, size_t cap);
/* Hand the bytes to the caller (free() them) and reset b to empty. */
char *buf_take(buf *b, size_t *len);
void buf_reset(buf *b);
void buf_free(buf *b);

/*
 * arena: transient memory freed all at once, e.g. everything one HTTP
 * request allocates.  Allocations are 16-byte aligned.
 */
typedef struct arena_block arena_block;
typedef struct arena {
    arena_block *head;
} arena;

void arena_init(arena *a);
void *arena_alloc(arena *a, size_t size);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void arena_free(arena *a);

#endif
