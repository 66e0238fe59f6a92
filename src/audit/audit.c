/*
 * audit.c -- appending to and verifying the hash-chained audit trail.
 */
#include "audit/audit.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/mem.h"
#include "store/rows.h"

static const char genesis[AUDIT_HASH_HEX] =
    "0000000000000000000000000000000000000000000000000000000000000000";

static void hex_of(const unsigned char *bytes, size_t n, char *out)
{
    sodium_bin2hex(out, n * 2 + 1, bytes, n);
}

static void digest_state(const json_t *state, char out[AUDIT_HASH_HEX])
{
    char *text = state ? json_dumps(state, JSON_COMPACT | JSON_SORT_KEYS |
                                               JSON_ENCODE_ANY)
                       : NULL;
    const char *bytes = text ? text : "null";
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)bytes,
                       strlen(bytes), NULL, 0);
    hex_of(h, sizeof h, out);
    free(text);
}

static void chain_hash(const char *prev, int64_t seq, const char *at,
                       const char *actor_label, const char *action,
                       const char *object, const char *digest,
                       char out[AUDIT_HASH_HEX])
{
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, 32);
    char seqtext[24];
    snprintf(seqtext, sizeof seqtext, "%" PRId64, seq);
    const char *parts[] = {prev, seqtext, at, actor_label, action, object, digest};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if (i)
            crypto_generichash_update(&st, (const unsigned char *)"\n", 1);
        crypto_generichash_update(&st, (const unsigned char *)parts[i],
                                  strlen(parts[i]));
    }
    unsigned char h[32];
    crypto_generichash_final(&st, h, sizeof h);
    hex_of(h, sizeof h, out);
}

serai_code audit_append(store *s, const actor *who, const char *action,
                        const char *object, const json_t *state,
                        serai_err *err)
{
    static const char last_sql[] =
        "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
    static const char insert_sql[] =
        "INSERT INTO audit (seq, at, actor, action, object, digest, "
        "prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    if (!store_in_transaction(s))
        return serai_fail(err, SERAI_EINTERNAL, NULL,
                          "audit_append outside a transaction (a bug)");
    store_stmt *st;
    serai_code rc = store_prepare(s, last_sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    int64_t seq = 1;
    char prev[AUDIT_HASH_HEX];
    memcpy(prev, genesis, sizeof prev);
    int r = store_step(st, err);
    if (r == STORE_ROW) {
        seq = store_col_int64(st, 0) + 1;
        snprintf(prev, sizeof prev, "%s", store_col_text(st, 1));
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return err ? err->code : SERAI_ESTORE;

    char at[CLOCK_ISO_LEN], digest[AUDIT_HASH_HEX], hash[AUDIT_HASH_HEX];
    clock_format(clock_now(), at);
    digest_state(state, digest);
    chain_hash(prev, seq, at, who->label, action, object, digest, hash);

    rc = store_prepare(s, insert_sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, seq);
    store_bind_text(st, 2, at);
    store_bind_text(st, 3, who->label);
    store_bind_text(st, 4, action);
    store_bind_text(st, 5, object);
    store_bind_text(st, 6, digest);
    store_bind_text(st, 7, prev);
    store_bind_text(st, 8, hash);
    return store_run(st, NULL, err);
}

serai_code audit_verify(store *s, audit_report *report, serai_err *err)
{
    static const char sql[] =
        "SELECT seq, at, actor, action, object, digest, prev_hash, hash "
        "FROM audit ORDER BY seq";
    memset(report, 0, sizeof *report);
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    char prev[AUDIT_HASH_HEX];
    memcpy(prev, genesis, sizeof prev);
    int64_t expect_seq = 1;
    int r;
    while ((r = store_step(st, err)) == STORE_ROW) {
        int64_t seq = store_col_int64(st, 0);
        const char *at = store_col_text(st, 1);
        const char *label = store_col_text(st, 2);
        const char *action = store_col_text(st, 3);
        const char *object = store_col_text(st, 4);
        const char *digest = store_col_text(st, 5);
        const char *prev_hash = store_col_text(st, 6);
        const char *hash = store_col_text(st, 7);
        char want[AUDIT_HASH_HEX];
        const char *why = NULL;
        if (!at || !label || !action || !object || !digest || !prev_hash || !hash)
            why = "a field is missing";
        else if (seq != expect_seq)
            why = "a record before it is missing (sequence gap)";
        else if (strcmp(prev_hash, prev) != 0)
            why = "its link to the previous record does not match";
        else {
            chain_hash(prev, seq, at, label, action, object, digest, want);
            if (strcmp(want, hash) != 0)
                why = "its contents do not match its hash";
        }
        if (why) {
            report->first_bad = seq;
            snprintf(report->reason, sizeof report->reason, "%s", why);
            break;
        }
        memcpy(prev, hash, sizeof prev);
        report->checked++;
        expect_seq++;
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return err ? err->code : SERAI_ESTORE;
    return SERAI_OK;
}

static json_t *audit_row_json(store_stmt *st)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "seq",
                     (json_int_t)store_col_int64(st, 0), "at",
                     store_col_text(st, 1), "actor", store_col_text(st, 2),
                     "action", store_col_text(st, 3), "object",
                     store_col_text(st, 4), "digest", store_col_text(st, 5),
                     "prev_hash", store_col_text(st, 6), "hash",
                     store_col_text(st, 7));
}

serai_code audit_list(store *s, int64_t after, int limit, json_t **out,
                      serai_err *err)
{
    static const char sql[] =
        "SELECT seq, at, actor, action, object, digest, prev_hash, hash "
        "FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2";
    *out = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, after);
    store_bind_int64(st, 2, (int64_t)limit + 1);
    return rows_page(st, limit, audit_row_json, out, err);
}

serai_code audit_finish(store *s, const actor *who, const char *kind, int64_t id,
                        const char *action, serai_code rc, json_t **out, serai_err *err)
{
    if (rc == SERAI_OK) {
        char object[80];
        snprintf(object, sizeof object, "%s/%" PRId64, kind, id);
        rc = audit_append(s, who, action, object, *out, err);
    }
    if (rc == SERAI_OK)
        rc = store_commit(s, err);
    if (rc != SERAI_OK) {
        store_rollback(s);
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}
