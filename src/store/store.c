/*
 * store.c -- backend dispatch, the per-connection statement cache,
 * migrations on open, transaction bookkeeping and the connection pool.
 */
#include "store/store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "store/backend.h"

struct store_stmt {
    store *owner;
    const char *sql;   /* cache key: the address of the caller's literal */
    void *impl;
};

struct store {
    const store_backend *be;
    void *conn;
    char *uri;
    bool in_tx;
    store_stmt *cache;  /* open addressing, cache_cap slots, power of two */
    size_t cache_cap;
    size_t cache_len;
};

static const store_backend *backend_for(const char *uri, serai_err *err)
{
    if (uri == NULL || uri[0] == '\0') {
        serai_fail(err, SERAI_EINVAL, "/db", "no database given");
        return NULL;
    }
    if (strncmp(uri, "postgres://", 11) == 0 ||
        strncmp(uri, "postgresql://", 13) == 0)
        return &store_pg_backend;
    return &store_sqlite_backend;
}

/* Apply the migrations the database lacks.  Each runs in its own write
 * transaction and the version is read again under the write lock, so that
 * several servers starting at once against one database migrate it once. */
static serai_code migrate(store *s, serai_err *err)
{
    int have = s->be->get_version(s->conn);
    int latest = store_schema_latest(s);
    if (have > latest)
        return serai_fail(err, SERAI_ESTORE, "/db",
                          "database schema version %d is newer than this "
                          "build (%d); upgrade serai", have, latest);
    for (const store_migration *m = s->be->migrations; m->version; m++) {
        if (m->version <= have)
            continue;
        serai_code rc = store_begin(s, err);
        if (rc == SERAI_OK && s->be->get_version(s->conn) >= m->version) {
            store_rollback(s); /* another process got there first */
            continue;
        }
        if (rc == SERAI_OK)
            rc = s->be->exec(s->conn, m->sql, err);
        if (rc == SERAI_OK)
            rc = s->be->set_version(s->conn, m->version, err);
        if (rc == SERAI_OK)
            rc = store_commit(s, err);
        if (rc != SERAI_OK) {
            store_rollback(s);
            char why[SERAI_ERR_DETAIL_MAX];
            snprintf(why, sizeof why, "%s", err ? err->detail : "");
            return serai_fail(err, SERAI_ESTORE, "/db",
                              "migration %d (%s) failed: %s", m->version,
                              m->name, why);
        }
    }
    return SERAI_OK;
}

static serai_code open_common(const char *uri, bool apply, store **out,
                              serai_err *err)
{
    *out = NULL;
    const store_backend *be = backend_for(uri, err);
    if (be == NULL)
        return err ? err->code : SERAI_EINVAL;
    store *s = xcalloc(1, sizeof *s);
    s->be = be;
    s->uri = xstrdup(uri);
    serai_code rc = be->open(uri, apply, &s->conn, err);
    if (rc != SERAI_OK) {
        free(s->uri);
        free(s);
        return rc;
    }
    if (apply) {
        rc = migrate(s, err);
    } else if (store_schema_version(s) > store_schema_latest(s)) {
        rc = serai_fail(err, SERAI_ESTORE, "/db",
                        "database %s is at schema version %d, newer than this "
                        "build (%d); upgrade serai", uri,
                        store_schema_version(s), store_schema_latest(s));
    } else if (store_schema_version(s) < store_schema_latest(s)) {
        rc = serai_fail(err, SERAI_ESTORE, "/db",
                        "database %s is at schema version %d, this build "
                        "needs %d; run serai init on it", uri,
                        store_schema_version(s), store_schema_latest(s));
    }
    if (rc != SERAI_OK) {
        store_close(s);
        return rc;
    }
    *out = s;
    return SERAI_OK;
}

serai_code store_open(const char *uri, store **out, serai_err *err)
{
    return open_common(uri, true, out, err);
}

serai_code store_open_existing(const char *uri, store **out, serai_err *err)
{
    return open_common(uri, false, out, err);
}

void store_close(store *s)
{
    if (s == NULL)
        return;
    store_rollback(s);
    for (size_t i = 0; i < s->cache_cap; i++)
        if (s->cache[i].impl)
            s->be->finalize(s->cache[i].impl);
    free(s->cache);
    s->be->close(s->conn);
    free(s->uri);
    free(s);
}

int store_schema_version(store *s)
{
    return s->be->get_version(s->conn);
}

int store_schema_latest(const store *s)
{
    int v = 0;
    for (const store_migration *m = s->be->migrations; m->version; m++)
        v = m->version;
    return v;
}

const char *store_backend_name(const store *s)
{
    return s->be->name;
}

serai_code store_exec(store *s, const char *sql, serai_err *err)
{
    return s->be->exec(s->conn, sql, err);
}

static size_t slot_of(const char *sql, size_t cap)
{
    uintptr_t h = (uintptr_t)sql;
    h ^= h >> 17;
    h *= (uintptr_t)0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 7) & (cap - 1);
}

static void cache_grow(store *s)
{
    size_t cap = s->cache_cap ? s->cache_cap * 2 : 64;
    store_stmt *slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < s->cache_cap; i++) {
        if (s->cache[i].impl == NULL)
            continue;
        size_t j = slot_of(s->cache[i].sql, cap);
        while (slots[j].impl)
            j = (j + 1) & (cap - 1);
        slots[j] = s->cache[i];
    }
    free(s->cache);
    s->cache = slots;
    s->cache_cap = cap;
}

serai_code store_prepare(store *s, const char *sql, store_stmt **out,
                         serai_err *err)
{
    if (s->cache_len * 2 >= s->cache_cap)
        cache_grow(s);
    size_t j = slot_of(sql, s->cache_cap);
    while (s->cache[j].impl) {
        if (s->cache[j].sql == sql) {
            *out = &s->cache[j];
            return SERAI_OK;
        }
        j = (j + 1) & (s->cache_cap - 1);
    }
    void *impl = NULL;
    serai_code rc = s->be->prepare(s->conn, sql, &impl, err);
    if (rc != SERAI_OK)
        return rc;
    s->cache[j].owner = s;
    s->cache[j].sql = sql;
    s->cache[j].impl = impl;
    s->cache_len++;
    /* Growing moves slots, so look the entry up again after a later grow;
     * here nothing grew since j was found. */
    *out = &s->cache[j];
    return SERAI_OK;
}

serai_code store_prepare_once(store *s, const char *sql, store_stmt **out,
                              serai_err *err)
{
    /* The statement keeps its own copy: a backend may hold the pointer. */
    char *copy = xstrdup(sql);
    void *impl = NULL;
    serai_code rc = s->be->prepare(s->conn, copy, &impl, err);
    if (rc != SERAI_OK) {
        free(copy);
        return rc;
    }
    store_stmt *st = xcalloc(1, sizeof *st);
    st->owner = s;
    st->sql = copy;
    st->impl = impl;
    *out = st;
    return SERAI_OK;
}

void store_finalize(store_stmt *st)
{
    if (st == NULL)
        return;
    st->owner->be->finalize(st->impl);
    free((char *)st->sql);
    free(st);
}

int store_col_count(store_stmt *st)
{
    return st->owner->be->col_count(st->impl);
}

const char *store_col_name(store_stmt *st, int col)
{
    return st->owner->be->col_name(st->impl, col);
}

int store_col_type(store_stmt *st, int col)
{
    return st->owner->be->col_type(st->impl, col);
}

void store_bind_int64(store_stmt *st, int idx, int64_t v)
{
    st->owner->be->bind_int64(st->impl, idx, v);
}

void store_bind_text(store_stmt *st, int idx, const char *v)
{
    if (v == NULL)
        st->owner->be->bind_null(st->impl, idx);
    else
        st->owner->be->bind_text(st->impl, idx, v);
}

void store_bind_null(store_stmt *st, int idx)
{
    st->owner->be->bind_null(st->impl, idx);
}

void store_bind_bool(store_stmt *st, int idx, bool v)
{
    st->owner->be->bind_int64(st->impl, idx, v ? 1 : 0);
}

int store_step(store_stmt *st, serai_err *err)
{
    return st->owner->be->step(st->impl, err);
}

int64_t store_col_int64(store_stmt *st, int col)
{
    return st->owner->be->col_int64(st->impl, col);
}

const char *store_col_text(store_stmt *st, int col)
{
    return st->owner->be->col_text(st->impl, col);
}

bool store_col_null(store_stmt *st, int col)
{
    return st->owner->be->col_null(st->impl, col);
}

void store_reset(store_stmt *st)
{
    st->owner->be->reset(st->impl);
}

serai_code store_run(store_stmt *st, int64_t *changes, serai_err *err)
{
    int r;
    while ((r = store_step(st, err)) == STORE_ROW)
        ;
    store_reset(st);
    if (r == STORE_ERROR)
        return err ? err->code : SERAI_ESTORE;
    if (changes)
        *changes = st->owner->be->changes(st->owner->conn);
    return SERAI_OK;
}

serai_code store_begin(store *s, serai_err *err)
{
    if (s->in_tx)
        return serai_fail(err, SERAI_EINTERNAL, NULL,
                          "nested transaction (a bug)");
    serai_code rc = s->be->exec(s->conn, s->be->begin_sql, err);
    if (rc == SERAI_OK)
        s->in_tx = true;
    return rc;
}

serai_code store_commit(store *s, serai_err *err)
{
    if (!s->in_tx)
        return serai_fail(err, SERAI_EINTERNAL, NULL,
                          "commit without a transaction (a bug)");
    serai_code rc = s->be->exec(s->conn, "COMMIT", err);
    if (rc == SERAI_OK) {
        s->in_tx = false;
        return rc;
    }
    if (!s->be->healthy(s->conn)) {
        /* The server may have committed before the line dropped. */
        s->in_tx = false;
        return serai_fail(err, SERAI_ESTORE, NULL,
                          "the connection to the database was lost while "
                          "committing; the change may or may not be saved");
    }
    return rc;
}

void store_rollback(store *s)
{
    if (!s->in_tx)
        return;
    s->be->exec(s->conn, "ROLLBACK", NULL);
    s->in_tx = false;
}

serai_code store_recover(store *s, serai_err *err)
{
    if (s->in_tx || s->be->healthy(s->conn))
        return SERAI_OK;
    return s->be->reconnect(s->conn, err);
}

bool store_in_transaction(const store *s)
{
    return s->in_tx;
}

char *store_like_contains(const char *q)
{
    size_t n = strlen(q);
    char *p = xmalloc(2 * n + 3);
    size_t j = 0;
    p[j++] = '%';
    for (size_t i = 0; i < n; i++) {
        if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
            p[j++] = '\\';
        p[j++] = q[i];
    }
    p[j++] = '%';
    p[j] = '\0';
    return p;
}

static serai_code lookup(store *s, const char *sql, const char *text,
                         int64_t id, int64_t *out, serai_err *err)
{
    store_stmt *st;
    *out = 0;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    if (text)
        store_bind_text(st, 1, text);
    else
        store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    if (r == STORE_ROW)
        *out = store_col_int64(st, 0);
    store_reset(st);
    return r == STORE_ERROR ? (err ? err->code : SERAI_ESTORE) : SERAI_OK;
}

serai_code store_lookup_text(store *s, const char *sql, const char *arg,
                             int64_t *out, serai_err *err)
{
    return lookup(s, sql, arg ? arg : "", 0, out, err);
}

serai_code store_lookup_id(store *s, const char *sql, int64_t arg,
                           int64_t *out, serai_err *err)
{
    return lookup(s, sql, NULL, arg, out, err);
}

serai_code store_sync_ids(store *s, const char *table, serai_err *err)
{
    return s->be->sync_ids(s->conn, table, err);
}

serai_code store_backup(store *s, const char *out, serai_err *err)
{
    return s->be->backup(s->conn, s->uri, out, err);
}

serai_code store_restore(const char *uri, const char *from, serai_err *err)
{
    const store_backend *be = backend_for(uri, err);
    if (be == NULL)
        return err ? err->code : SERAI_EINVAL;
    return be->restore(uri, from, err);
}

serai_code store_bulk_load(store *s, bool on, serai_err *err)
{
    return s->be->exec(s->conn, on ? s->be->bulk_on_sql : s->be->bulk_off_sql,
                       err);
}

serai_code store_ping(store *s, serai_err *err)
{
    static const char sql[] = "SELECT 1";
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    int r = store_step(st, err);
    store_reset(st);
    return r == STORE_ROW ? SERAI_OK : serai_fail(err, SERAI_ESTORE, NULL,
                                                  "database not reachable");
}

struct store_pool {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    int size;
    int nfree;
    store **all;
    store **free_list;
};

serai_code store_pool_open(const char *uri, int size, store_pool **out,
                           serai_err *err)
{
    *out = NULL;
    if (size < 1)
        size = 1;
    store_pool *p = xcalloc(1, sizeof *p);
    p->all = xcalloc((size_t)size, sizeof *p->all);
    p->free_list = xcalloc((size_t)size, sizeof *p->free_list);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->freed, NULL);
    for (int i = 0; i < size; i++) {
        serai_code rc = i == 0 ? store_open(uri, &p->all[i], err)
                               : store_open_existing(uri, &p->all[i], err);
        if (rc != SERAI_OK) {
            p->size = i;
            store_pool_close(p);
            return rc;
        }
        p->free_list[i] = p->all[i];
    }
    p->size = p->nfree = size;
    *out = p;
    return SERAI_OK;
}

store *store_pool_acquire(store_pool *p)
{
    pthread_mutex_lock(&p->lock);
    while (p->nfree == 0)
        pthread_cond_wait(&p->freed, &p->lock);
    store *s = p->free_list[--p->nfree];
    pthread_mutex_unlock(&p->lock);
    /* A connection lost since its last use is re-established here, where
     * no transaction is open; if that fails the request meets the error. */
    store_recover(s, NULL);
    return s;
}

void store_pool_release(store_pool *p, store *s)
{
    store_rollback(s); /* a handler that failed mid-transaction */
    pthread_mutex_lock(&p->lock);
    p->free_list[p->nfree++] = s;
    pthread_cond_signal(&p->freed);
    pthread_mutex_unlock(&p->lock);
}

void store_pool_close(store_pool *p)
{
    if (p == NULL)
        return;
    for (int i = 0; i < p->size; i++)
        store_close(p->all[i]);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->freed);
    free(p->all);
    free(p->free_list);
    free(p);
}
