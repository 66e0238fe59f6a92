/*
 * auth.c -- see auth.h.
 */
#include "auth/auth.h"

#include <inttypes.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/mem.h"
#include "registry/iso.h"
#include "registry/person.h"
#include "store/rows.h"

#define TOKEN_BYTES 32
#define TOKEN_HASH_HEX 65

/* E-mail addresses are compared without regard to ASCII case: "A@x.org"
 * and "a@x.org" are one account.  Writes the lower-case form into out. */
static void email_key(const char *email, char out[256])
{
    size_t n = 0;
    for (; email[n] && n < 255; n++)
        out[n] = (email[n] >= 'A' && email[n] <= 'Z') ? (char)(email[n] | 0x20)
                                                      : email[n];
    out[n] = '\0';
}

/* Hex BLAKE2b-256 of a token's text. */
static void token_hash(const char *token, char out[TOKEN_HASH_HEX])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token,
                       strlen(token), NULL, 0);
    sodium_bin2hex(out, TOKEN_HASH_HEX, h, sizeof h);
}

/* A fresh token "<prefix><base64url of 32 random bytes>". */
static void token_new(const char *prefix, char out[AUTH_TOKEN_TEXT_MAX])
{
    unsigned char raw[TOKEN_BYTES];
    randombytes_buf(raw, sizeof raw);
    size_t plen = strlen(prefix);
    memcpy(out, prefix, plen);
    sodium_bin2base64(out + plen, AUTH_TOKEN_TEXT_MAX - plen, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

#define ACCOUNT_COLUMNS \
    "id, email, name, role, person_id, org_id, country, disabled, created_at"

static json_t *account_row_json(store_stmt *st)
{
    return json_pack(
        "{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:b, s:s}", "id",
        (json_int_t)store_col_int64(st, 0), "email", store_col_text(st, 1),
        "name", store_col_text(st, 2), "role", store_col_text(st, 3),
        "person_id",
        store_col_null(st, 4) ? json_null() : json_integer(store_col_int64(st, 4)),
        "organization_id",
        store_col_null(st, 5) ? json_null() : json_integer(store_col_int64(st, 5)),
        "country",
        store_col_null(st, 6) ? json_null() : json_string(store_col_text(st, 6)),
        "disabled", (int)store_col_int64(st, 7), "created_at",
        store_col_text(st, 8));
}

serai_code account_get(store *s, int64_t id, json_t **out, serai_err *err)
{
    static const char sql[] =
        "SELECT " ACCOUNT_COLUMNS " FROM account WHERE id = $1";
    *out = NULL;
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, id);
    int r = store_step(st, err);
    if (r == STORE_ROW)
        *out = account_row_json(st);
    store_reset(st);
    if (r == STORE_ERROR)
        return err ? err->code : SERAI_ESTORE;
    if (r == STORE_DONE)
        return serai_fail(err, SERAI_ENOTFOUND, NULL,
                          "no account with id %" PRId64, id);
    return SERAI_OK;
}

static serai_code exists(store *s, const char *sql, int64_t id, bool *found,
                         serai_err *err)
{
    int64_t one;
    serai_code rc = store_lookup_id(s, sql, id, &one, err);
    *found = one == 1;
    return rc;
}

serai_code account_create(store *s, const actor *who, json_t *body,
                          json_t **out, serai_err *err)
{
    static const char *const fields[] = {"email", "name", "role", "password",
                                         "person_id", "organization_id",
                                         "country", NULL};
    static const char person_sql[] = "SELECT 1 FROM person WHERE id = $1";
    static const char org_sql[] = "SELECT 1 FROM organization WHERE id = $1";
    static const char sql[] =
        "INSERT INTO account (email, name, role, password_hash, person_id, "
        "org_id, country, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
        "RETURNING id";
    *out = NULL;
    if (who->role != ROLE_SECRETARIAT)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "only the secretariat creates accounts");
    const char *email, *name, *role_text, *password, *country;
    int64_t person = 0, org = 0;
    bool has_person, has_org;
    serai_code rc;
    if ((rc = json_only_keys(body, fields, "", err)) ||
        (rc = json_get_string(body, "email", true, 254, "", &email, err)) ||
        (rc = json_get_string(body, "name", true, 200, "", &name, err)) ||
        (rc = json_get_string(body, "role", true, 20, "", &role_text, err)) ||
        (rc = json_get_string(body, "password", true, AUTH_PASSWORD_MAX, "",
                              &password, err)) ||
        (rc = json_get_int(body, "person_id", false, 1, INT64_MAX, "", &person,
                           &has_person, err)) ||
        (rc = json_get_int(body, "organization_id", false, 1, INT64_MAX, "",
                           &org, &has_org, err)) ||
        (rc = json_get_string(body, "country", false, 2, "", &country, err)))
        return rc;
    role r;
    char email_buf[256];
    email_key(email, email_buf);
    email = email_buf;
    if (!person_email_valid(email))
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/email",
                          "\"%.80s\" is not an e-mail address", email);
    if (!role_parse(role_text, &r))
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/role",
                          "role \"%.20s\" is not one of secretariat, funder, "
                          "applicant, reviewer, delegate, observer", role_text);
    if (strlen(password) < AUTH_PASSWORD_MIN)
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/password",
                          "password must be at least %d characters long",
                          AUTH_PASSWORD_MIN);
    if (country && iso_country_by_alpha2(country) == NULL)
        return serai_fail(err, SERAI_EUNPROCESSABLE, "/country",
                          "country \"%s\" is not an ISO 3166-1 alpha-2 code",
                          country);
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password, strlen(password),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return serai_fail(err, SERAI_EINTERNAL, NULL,
                          "out of memory hashing the password");
    char now[CLOCK_ISO_LEN];
    clock_format(clock_now(), now);
    if ((rc = store_begin(s, err)) != SERAI_OK)
        return rc;
    bool found = true;
    if (has_person && (rc = exists(s, person_sql, person, &found, err)) == SERAI_OK &&
        !found)
        rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/person_id",
                        "person %" PRId64 " does not exist", person);
    if (rc == SERAI_OK && has_org &&
        (rc = exists(s, org_sql, org, &found, err)) == SERAI_OK && !found)
        rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/organization_id",
                        "organization %" PRId64 " does not exist", org);
    int64_t id = 0;
    store_stmt *st;
    if (rc == SERAI_OK && (rc = store_prepare(s, sql, &st, err)) == SERAI_OK) {
        store_bind_text(st, 1, email);
        store_bind_text(st, 2, name);
        store_bind_text(st, 3, role_text);
        store_bind_text(st, 4, hash);
        if (has_person)
            store_bind_int64(st, 5, person);
        else
            store_bind_null(st, 5);
        if (has_org)
            store_bind_int64(st, 6, org);
        else
            store_bind_null(st, 6);
        store_bind_text(st, 7, country);
        store_bind_text(st, 8, now);
        int step = store_step(st, err);
        if (step == STORE_ROW)
            id = store_col_int64(st, 0);
        store_reset(st);
        if (step == STORE_ERROR)
            rc = err->code == SERAI_ECONFLICT
                     ? serai_fail(err, SERAI_ECONFLICT, "/email",
                                  "an account with e-mail %.80s exists", email)
                     : err->code;
    }
    json_t *rec = NULL;
    char object[48];
    snprintf(object, sizeof object, "account/%" PRId64, id);
    if (rc == SERAI_OK && (rc = account_get(s, id, &rec, err)) == SERAI_OK &&
        (rc = audit_append(s, who, "account.create", object, rec, err)) ==
            SERAI_OK)
        rc = store_commit(s, err);
    if (rc != SERAI_OK) {
        store_rollback(s);
        json_decref(rec);
        return rc;
    }
    *out = rec;
    return SERAI_OK;
}

serai_code account_list(store *s, const actor *who, const page *pg,
                        json_t **out, serai_err *err)
{
    static const char sql[] = "SELECT " ACCOUNT_COLUMNS
                              " FROM account WHERE id > $1 ORDER BY id LIMIT $2";
    *out = NULL;
    if (who->role != ROLE_SECRETARIAT)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL,
                          "only the secretariat lists accounts");
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_int64(st, 1, pg->after);
    store_bind_int64(st, 2, (int64_t)pg->limit + 1);
    return rows_page(st, pg->limit, account_row_json, out, err);
}

/* ---- throttling ---- */

/* Failures in the current window for email (0 when the window is over). */
static serai_code failures_of(store *s, const char *email, int64_t now,
                              int64_t *count, int64_t *window_start,
                              serai_err *err)
{
    static const char sql[] =
        "SELECT failures, window_start FROM login_failure WHERE email = $1";
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_text(st, 1, email);
    int r = store_step(st, err);
    *count = 0;
    *window_start = now;
    if (r == STORE_ROW && store_col_int64(st, 1) + AUTH_THROTTLE_WINDOW > now) {
        *count = store_col_int64(st, 0);
        *window_start = store_col_int64(st, 1);
    }
    store_reset(st);
    return r == STORE_ERROR ? (err ? err->code : SERAI_ESTORE) : SERAI_OK;
}

static serai_code record_failure(store *s, const char *email, int64_t count,
                                 int64_t window_start, serai_err *err)
{
    static const char sql[] =
        "INSERT INTO login_failure (email, failures, window_start) "
        "VALUES ($1, $2, $3) ON CONFLICT (email) DO UPDATE SET "
        "failures = excluded.failures, window_start = excluded.window_start";
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_text(st, 1, email);
    store_bind_int64(st, 2, count);
    store_bind_int64(st, 3, window_start);
    return store_run(st, NULL, err);
}

static serai_code clear_failures(store *s, const char *email, serai_err *err)
{
    static const char sql[] = "DELETE FROM login_failure WHERE email = $1";
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_text(st, 1, email);
    return store_run(st, NULL, err);
}

/* ---- sessions ---- */

static serai_code insert_token(store *s, int64_t account, const char *kind,
                               const char *label, int64_t expires,
                               const char *token, serai_err *err)
{
    static const char sql[] =
        "INSERT INTO auth_token (hash, account_id, kind, label, created_at, "
        "expires_at) VALUES ($1, $2, $3, $4, $5, $6)";
    char hash[TOKEN_HASH_HEX], now[CLOCK_ISO_LEN];
    token_hash(token, hash);
    clock_format(clock_now(), now);
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_text(st, 1, hash);
    store_bind_int64(st, 2, account);
    store_bind_text(st, 3, kind);
    store_bind_text(st, 4, label);
    store_bind_text(st, 5, now);
    store_bind_int64(st, 6, expires);
    return store_run(st, NULL, err);
}

/* Verified against when the e-mail is unknown, so that an unknown and a
 * known address take the same time. */
static char decoy[crypto_pwhash_STRBYTES];
static pthread_once_t decoy_once = PTHREAD_ONCE_INIT;

static void make_decoy(void)
{
    if (crypto_pwhash_str(decoy, "decoy password", 14,
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        decoy[0] = '\0'; /* verification then simply fails */
}

serai_code auth_login(store *s, const char *email, const char *password,
                      json_t **out, serai_err *err)
{
    static const char sql[] =
        "SELECT id, password_hash, disabled FROM account WHERE email = $1";
    *out = NULL;
    if (strlen(password) > AUTH_PASSWORD_MAX)
        return serai_fail(err, SERAI_EUNAUTH, NULL,
                          "wrong e-mail address or password");
    char email_buf[256];
    email_key(email, email_buf);
    email = email_buf;
    int64_t now = clock_now(), count, window_start;
    serai_code rc = store_begin(s, err);
    if (rc != SERAI_OK)
        return rc;
    if ((rc = failures_of(s, email, now, &count, &window_start, err)) != SERAI_OK)
        goto fail;
    if (count >= AUTH_THROTTLE_FAILURES) {
        rc = serai_fail(err, SERAI_ETHROTTLED, NULL,
                        "too many failed logins for this address; try again "
                        "in %" PRId64 " seconds",
                        window_start + AUTH_THROTTLE_WINDOW - now);
        goto fail;
    }
    store_stmt *st;
    if ((rc = store_prepare(s, sql, &st, err)) != SERAI_OK)
        goto fail;
    store_bind_text(st, 1, email);
    int r = store_step(st, err);
    int64_t id = 0;
    bool disabled = false;
    char hash[crypto_pwhash_STRBYTES] = "";
    if (r == STORE_ROW) {
        id = store_col_int64(st, 0);
        snprintf(hash, sizeof hash, "%s", store_col_text(st, 1));
        disabled = store_col_int64(st, 2) != 0;
    }
    store_reset(st);
    if (r == STORE_ERROR) {
        rc = err->code;
        goto fail;
    }
    pthread_once(&decoy_once, make_decoy);
    bool ok = crypto_pwhash_str_verify(id ? hash : decoy, password,
                                       strlen(password)) == 0;
    if (!ok || id == 0 || disabled) {
        if ((rc = record_failure(s, email, count + 1, window_start, err)) ==
            SERAI_OK)
            rc = store_commit(s, err);
        if (rc != SERAI_OK)
            goto fail;
        return serai_fail(err, SERAI_EUNAUTH, NULL,
                          "wrong e-mail address or password");
    }
    char token[AUTH_TOKEN_TEXT_MAX];
    token_new("srs_", token);
    int64_t expires = now + AUTH_SESSION_SECONDS;
    json_t *account = NULL;
    char object[48];
    snprintf(object, sizeof object, "account/%" PRId64, id);
    actor who = {.role = ROLE_PUBLIC, .account_id = id};
    snprintf(who.label, sizeof who.label, "account:%" PRId64, id);
    if ((rc = clear_failures(s, email, err)) != SERAI_OK ||
        (rc = insert_token(s, id, "session", NULL, expires, token, err)) !=
            SERAI_OK ||
        (rc = account_get(s, id, &account, err)) != SERAI_OK ||
        (rc = audit_append(s, &who, "session.login", object, NULL, err)) !=
            SERAI_OK ||
        (rc = store_commit(s, err)) != SERAI_OK) {
        json_decref(account);
        goto fail;
    }
    char when[CLOCK_ISO_LEN];
    clock_format(expires, when);
    *out = json_pack("{s:s, s:s, s:o}", "token", token, "expires_at", when,
                     "account", account);
    sodium_memzero(token, sizeof token);
    return SERAI_OK;
fail:
    store_rollback(s);
    return rc;
}

/* The actor of the account in the current row: columns id, email, role,
 * person_id, org_id, country. */
static actor actor_of_row(store_stmt *st)
{
    actor a = {0};
    a.account_id = store_col_int64(st, 0);
    role_parse(store_col_text(st, 2), &a.role);
    a.person_id = store_col_int64(st, 3);
    a.org_id = store_col_int64(st, 4);
    if (!store_col_null(st, 5))
        snprintf(a.country, sizeof a.country, "%s", store_col_text(st, 5));
    snprintf(a.label, sizeof a.label, "account:%" PRId64 " %.60s", a.account_id,
             store_col_text(st, 1));
    return a;
}

serai_code auth_actor_for_email(store *s, const char *email, actor *out, serai_err *err)
{
    static const char sql[] = "SELECT id, email, role, person_id, org_id, country, "
                              "disabled FROM account WHERE email = $1";
    *out = actor_public();
    char key[256];
    if (strlen(email) >= sizeof key)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no account %.80s", email);
    email_key(email, key);
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_text(st, 1, key);
    int r = store_step(st, err);
    bool disabled = r == STORE_ROW && store_col_int64(st, 6);
    if (r == STORE_ROW && !disabled)
        *out = actor_of_row(st);
    store_reset(st);
    if (r == STORE_ERROR)
        return err->code;
    if (r != STORE_ROW)
        return serai_fail(err, SERAI_ENOTFOUND, NULL, "no account %.80s", email);
    if (disabled)
        return serai_fail(err, SERAI_EFORBIDDEN, NULL, "account %.80s is disabled", key);
    return SERAI_OK;
}

serai_code auth_resolve(store *s, const char *token, actor *out,
                        serai_err *err)
{
    static const char sql[] =
        "SELECT a.id, a.email, a.role, a.person_id, a.org_id, a.country, "
        "t.expires_at, t.revoked, a.disabled "
        "FROM auth_token t JOIN account a ON a.id = t.account_id "
        "WHERE t.hash = $1";
    *out = actor_public();
    if (strlen(token) >= AUTH_TOKEN_TEXT_MAX)
        return serai_fail(err, SERAI_EUNAUTH, NULL, "unknown token");
    char hash[TOKEN_HASH_HEX];
    token_hash(token, hash);
    store_stmt *st;
    serai_code rc = store_prepare(s, sql, &st, err);
    if (rc != SERAI_OK)
        return rc;
    store_bind_text(st, 1, hash);
    int r = store_step(st, err);
    const char *why = NULL;
    if (r == STORE_ROW) {
        if (store_col_int64(st, 7))
            why = "this session has ended; log in again";
        else if (store_col_int64(st, 6) <= clock_now())
            why = "this session has expired; log in again";
        else if (store_col_int64(st, 8))
            why = "this account is disabled";
        else
            *out = actor_of_row(st);
    } else if (r == STORE_DONE) {
        why = "unknown token";
    }
    store_reset(st);
    if (r == STORE_ERROR)
        return err ? err->code : SERAI_ESTORE;
    if (why)
        return serai_fail(err, SERAI_EUNAUTH, NULL, "%s", why);
    return SERAI_OK;
}

serai_code auth_logout(store *s, const char *token, serai_err *err)
{
    static const char sql[] =
        "UPDATE auth_token SET revoked = 1 WHERE hash = $1 AND revoked = 0 "
        "RETURNING account_id";
    char hash[TOKEN_HASH_HEX];
    token_hash(token, hash);
    serai_code rc = store_begin(s, err);
    if (rc != SERAI_OK)
        return rc;
    store_stmt *st;
    if ((rc = store_prepare(s, sql, &st, err)) != SERAI_OK) {
        store_rollback(s);
        return rc;
    }
    store_bind_text(st, 1, hash);
    int r = store_step(st, err);
    int64_t account = r == STORE_ROW ? store_col_int64(st, 0) : 0;
    store_reset(st);
    if (r == STORE_ERROR) {
        store_rollback(s);
        return err->code;
    }
    if (account == 0) {
        store_rollback(s);
        return serai_fail(err, SERAI_EUNAUTH, NULL, "unknown token");
    }
    actor who = {.role = ROLE_PUBLIC, .account_id = account};
    snprintf(who.label, sizeof who.label, "account:%" PRId64, account);
    char object[48];
    snprintf(object, sizeof object, "account/%" PRId64, account);
    if ((rc = audit_append(s, &who, "session.logout", object, NULL, err)) !=
            SERAI_OK ||
        (rc = store_commit(s, err)) != SERAI_OK) {
        store_rollback(s);
        return rc;
    }
    return SERAI_OK;
}

serai_code auth_token_create(store *s, const actor *who, const char *email,
                             const char *label, int days, json_t **out,
                             serai_err *err)
{
    static const char sql[] = "SELECT id FROM account WHERE email = $1";
    *out = NULL;
    if (days < 1 || days > AUTH_API_TOKEN_DAYS_MAX)
        return serai_fail(err, SERAI_EINVAL, "/days",
                          "days must be from 1 to %d", AUTH_API_TOKEN_DAYS_MAX);
    if (label && (strlen(label) > 100 || !text_is_clean(label, false)))
        return serai_fail(err, SERAI_EINVAL, "/label",
                          "label must be printable text of at most 100 bytes");
    char email_buf[256];
    email_key(email, email_buf);
    email = email_buf;
    serai_code rc = store_begin(s, err);
    if (rc != SERAI_OK)
        return rc;
    store_stmt *st;
    if ((rc = store_prepare(s, sql, &st, err)) != SERAI_OK) {
        store_rollback(s);
        return rc;
    }
    store_bind_text(st, 1, email);
    int r = store_step(st, err);
    int64_t id = r == STORE_ROW ? store_col_int64(st, 0) : 0;
    store_reset(st);
    /* Rights first, so that nobody but the secretariat learns whether an
     * address has an account. */
    if (r == STORE_ERROR)
        rc = err->code;
    else if (who->role != ROLE_SECRETARIAT && (id == 0 || who->account_id != id))
        rc = serai_fail(err, SERAI_EFORBIDDEN, "/email",
                        "you may create tokens only for your own account");
    else if (id == 0)
        rc = serai_fail(err, SERAI_EUNPROCESSABLE, "/email",
                        "no account with e-mail %.80s", email);
    char token[AUTH_TOKEN_TEXT_MAX];
    token_new("srt_", token);
    int64_t expires = clock_now() + (int64_t)days * 86400;
    char object[48];
    snprintf(object, sizeof object, "account/%" PRId64, id);
    json_t *state = json_pack("{s:s, s:I}", "label", label ? label : "",
                              "expires_at", (json_int_t)expires);
    if (rc == SERAI_OK &&
        (rc = insert_token(s, id, "api", label, expires, token, err)) ==
            SERAI_OK &&
        (rc = audit_append(s, who, "token.create", object, state, err)) ==
            SERAI_OK)
        rc = store_commit(s, err);
    json_decref(state);
    if (rc != SERAI_OK) {
        store_rollback(s);
        return rc;
    }
    char when[CLOCK_ISO_LEN];
    clock_format(expires, when);
    *out = json_pack("{s:s, s:s, s:s?, s:I}", "token", token, "expires_at",
                     when, "label", label, "account_id", (json_int_t)id);
    sodium_memzero(token, sizeof token);
    return SERAI_OK;
}
