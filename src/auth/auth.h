/*
 * auth.h -- accounts, login sessions, API tokens and login throttling.
 *
 * Passwords are hashed with Argon2id (libsodium's crypto_pwhash_str, the
 * interactive limits).  A session or API token is 32 random bytes, shown to
 * its owner once as "srs_..." (session) or "srt_..." (API token); only its
 * BLAKE2b-256 hash is stored, so a stolen database holds no usable token.
 * Failed logins are counted per e-mail address in the database, so every
 * server in front of it throttles alike.
 *
 * Account JSON (never with the hash): {"id", "email", "name", "role",
 * "person_id", "organization_id", "country", "disabled", "created_at"}.
 */
#ifndef SERAI_AUTH_AUTH_H
#define SERAI_AUTH_AUTH_H

#include <jansson.h>
#include <stdint.h>

#include "core/actor.h"
#include "core/err.h"
#include "core/page.h"
#include "store/store.h"

#define AUTH_PASSWORD_MIN 10
#define AUTH_PASSWORD_MAX 256
#define AUTH_SESSION_SECONDS (12 * 3600)
#define AUTH_API_TOKEN_DAYS_DEFAULT 365
#define AUTH_API_TOKEN_DAYS_MAX 3650
#define AUTH_THROTTLE_FAILURES 5          /* failures allowed per window */
#define AUTH_THROTTLE_WINDOW (15 * 60)    /* seconds */
#define AUTH_TOKEN_TEXT_MAX 64

/* Create an account from {"email", "name", "role", "password",
 * "person_id"?, "organization_id"?, "country"?}.  Secretariat only. */
serai_code account_create(store *s, const actor *who, json_t *body,
                          json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
serai_code account_list(store *s, const actor *who, const page *pg,
                        json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

/* Check email and password; on success *out is {"token", "expires_at",
 * "account"}.  EUNAUTH for a wrong pair (the same words whether the e-mail
 * exists or not), ETHROTTLED after too many failures. */
serai_code auth_login(store *s, const char *email, const char *password,
                      json_t **out, serai_err *err)
    __attribute__((warn_unused_result));
/* Revoke the session or API token. */
serai_code auth_logout(store *s, const char *token, serai_err *err)
    __attribute__((warn_unused_result));
/* The actor a token stands for; EUNAUTH when unknown, expired or revoked. */
serai_code auth_resolve(store *s, const char *token, actor *out,
                        serai_err *err) __attribute__((warn_unused_result));
/* The actor the account with this e-mail acts as once signed in, for
 * tools that act on a person's behalf (the CLI recording a delegate's
 * ballot handed in on paper); ENOTFOUND, or EFORBIDDEN when disabled. */
serai_code auth_actor_for_email(store *s, const char *email, actor *out,
                                serai_err *err) __attribute__((warn_unused_result));
/* A long-lived API token for the account with this e-mail: *out is
 * {"token", "expires_at", "label", "account_id"}.  The secretariat may
 * create one for anyone; others only for themselves. */
serai_code auth_token_create(store *s, const actor *who, const char *email,
                             const char *label, int days, json_t **out,
                             serai_err *err) __attribute__((warn_unused_result));
/* The account behind an actor, as JSON. */
serai_code account_get(store *s, int64_t id, json_t **out, serai_err *err)
    __attribute__((warn_unused_result));

#endif
