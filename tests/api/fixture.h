/*
 * fixture.h -- a real serai server on a private database, for the API
 * tests.
 *
 * fixture_start() makes a temporary directory under the current one and
 * builds a database with the serai binary (`init`, two person records, one
 * account per role and one more kept for the login throttle): an SQLite
 * file in that directory or, when SERAI_TEST_BACKEND=postgres, a new
 * database in the private cluster of tests/pg (`SERAI_TEST_PG_SCRIPT newdb
 * SERAI_TEST_PG_DIR` prints its URI, passed as --db).  It then picks a free
 * loopback port, starts `serai serve --quiet` and waits until GET /healthz
 * answers 200.  fixture_stop() sends SIGTERM and requires exit
 * status 0 within FIXTURE_STOP_SECONDS: the proof of a clean shutdown.
 */
#ifndef SERAI_TESTS_API_FIXTURE_H
#define SERAI_TESTS_API_FIXTURE_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

#define FIXTURE_READY_SECONDS 60 /* sanitizer builds start slowly */
#define FIXTURE_STOP_SECONDS 10
#define FIXTURE_ROLE_COUNT 6     /* signed-in roles; "public" is no account */

/* The signed-in roles, in the order the matrix reports them. */
extern const char *const fixture_roles[FIXTURE_ROLE_COUNT];

/* The account the login-throttle case may lock; no other test uses it. */
#define FIXTURE_THROTTLED_EMAIL "throttled@serai.test"

typedef struct fixture {
    const char *serai;        /* path of the binary (borrowed) */
    char dir[PATH_MAX];       /* temporary directory, "" before start */
    char db[PATH_MAX + 16];   /* SQLite file path or postgres:// URI */
    int port;
    pid_t server;             /* 0 when not running */
    long applicant_person_id; /* the applicant account's own person record */
    long other_person_id;     /* someone else's record */
    char *tokens[FIXTURE_ROLE_COUNT]; /* cached session tokens, owned */
} fixture;

/* Whether this run uses PostgreSQL (SERAI_TEST_BACKEND=postgres). */
bool fixture_is_postgres(void);

/* Build the database and start the server.  0, or -1 with why. */
int fixture_start(fixture *fx, const char *serai, char *why, size_t why_size);

/* SIGTERM, then require exit status 0 within FIXTURE_STOP_SECONDS.  0, or
 * -1 with why (the server is killed in that case). */
int fixture_stop(fixture *fx, char *why, size_t why_size);

/* Remove the temporary directory (unless keep) and free the tokens. */
void fixture_free(fixture *fx, bool keep);

/* Index of a signed-in role name, or -1 ("public" is -1 too). */
int fixture_role_index(const char *role);

/* The e-mail and password of the seeded account for a role, in buffers of
 * at least 64 bytes. */
void fixture_email(const char *role, char *out, size_t size);
void fixture_password(const char *role, char *out, size_t size);

/* A session token for the role's account, logging in once and caching it;
 * NULL with why when the login fails.  Borrowed from fx. */
const char *fixture_token(fixture *fx, const char *role, char *why,
                          size_t why_size);

/* Drop a cached token (after a case logged it out). */
void fixture_forget_token(fixture *fx, const char *role);

#endif
