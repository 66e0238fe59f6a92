/*
 * mem.c -- see mem.h.
 */
#include "core/mem.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(size_t size)
{
    fprintf(stderr, "serai: out of memory allocating %zu bytes\n", size);
    abort();
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (p == NULL)
        oom(size);
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (p == NULL)
        oom(count * size);
    return p;
}

void *xreallocarray(void *ptr, size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        oom(SIZE_MAX);
    size_t total = count * size;
    void *p = realloc(ptr, total ? total : 1);
    if (p == NULL)
        oom(total);
    return p;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void buf_init(buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
}

bool buf_append_slow(buf *b, const void *data, size_t len)
{
    if (len > b->max - b->len)
        return false;
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + len + 1)
            cap *= 2;
        b->data = xreallocarray(b->data, cap, 1);
        b->cap = cap;
    }
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return true;
}

bool buf_puts(buf *b, const char *s)
{
    return buf_append(b, s, strlen(s));
}

bool buf_printf(buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return false;
    if ((size_t)n < sizeof small)
        return buf_append(b, small, (size_t)n);
    char *big = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    bool ok = buf_append(b, big, (size_t)n);
    free(big);
    return ok;
}

void buf_reserve(buf *b, size_t cap)
{
    if (cap > b->cap) {
        b->data = xreallocarray(b->data, cap, 1);
        if (b->cap == 0)
            b->data[0] = '\0';
        b->cap = cap;
    }
}

char *buf_take(buf *b, size_t *len)
{
    char *p = b->data ? b->data : xstrdup("");
    if (len)
        *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void buf_reset(buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void buf_free(buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

#define ARENA_BLOCK_MIN 4096

struct arena_block {
    arena_block *next;
    size_t used;
    size_t size;
    _Alignas(16) unsigned char bytes[];
};

void arena_init(arena *a)
{
    a->head = NULL;
}

void *arena_alloc(arena *a, size_t size)
{
    size = (size + 15u) & ~(size_t)15u;
    arena_block *blk = a->head;
    if (blk == NULL || blk->size - blk->used < size) {
        size_t want = size > ARENA_BLOCK_MIN ? size : ARENA_BLOCK_MIN;
        blk = xmalloc(sizeof *blk + want);
        blk->used = 0;
        blk->size = want;
        blk->next = a->head;
        a->head = blk;
    }
    void *p = blk->bytes + blk->used;
    blk->used += size;
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return arena_strndup(a, "", 0);
    char *p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void arena_free(arena *a)
{
    arena_block *blk = a->head;
    while (blk) {
        arena_block *next = blk->next;
        free(blk);
        blk = next;
    }
    a->head = NULL;
}
