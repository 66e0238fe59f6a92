/*
 * test_auth.c -- accounts, Argon2id logins, sessions, API tokens,
 * throttling and what an actor resolves to.
 */
#include "auth/auth.h"
#include "check.h"
#include "testdb.h"

static int64_t make_account(store *s, const char *email, const char *role,
                            const char *extra)
{
    char text[400];
    snprintf(text, sizeof text,
             "{\"email\":\"%s\",\"name\":\"Test\",\"role\":\"%s\","
             "\"password\":\"correct horse battery\"%s}",
             email, role, extra ? extra : "");
    json_t *body = json_loads(text, 0, NULL), *out = NULL;
    actor op = actor_operator();
    serai_err err;
    int64_t id = 0;
    if (account_create(s, &op, body, &out, &err) == SERAI_OK)
        id = json_integer_value(json_object_get(out, "id"));
    else
        fprintf(stderr, "account_create: %s\n", err.detail);
    CHECK(json_object_get(out, "password_hash") == NULL);
    json_decref(out);
    json_decref(body);
    return id;
}

static void test_login_resolve_logout(void)
{
    testdb t;
    store *s = testdb_open(&t);
    serai_err err;
    int64_t id = make_account(s, "funder@example.org", "funder", ",\"country\":\"KE\"");
    CHECK(id > 0);
    json_t *out;
    CHECK_INT(auth_login(s, "Funder@Example.ORG", "correct horse battery", &out,
                         &err), SERAI_OK);
    const char *token = json_string_value(json_object_get(out, "token"));
    CHECK(token && strncmp(token, "srs_", 4) == 0 && strlen(token) == 47);
    char saved[AUTH_TOKEN_TEXT_MAX];
    snprintf(saved, sizeof saved, "%s", token);
    json_decref(out);
    actor a;
    CHECK_INT(auth_resolve(s, saved, &a, &err), SERAI_OK);
    CHECK_INT(a.role, ROLE_FUNDER);
    CHECK_INT(a.account_id, id);
    CHECK_STR(a.country, "KE");
    /* only the hash is stored */
    static const char sql[] = "SELECT count(*) FROM auth_token WHERE hash = $1";
    store_stmt *st;
    CHECK_INT(store_prepare(s, sql, &st, &err), SERAI_OK);
    store_bind_text(st, 1, saved);
    CHECK_INT(store_step(st, &err), STORE_ROW);
    CHECK_INT(store_col_int64(st, 0), 0);
    store_reset(st);
    CHECK_INT(auth_logout(s, saved, &err), SERAI_OK);
    CHECK_INT(auth_resolve(s, saved, &a, &err), SERAI_EUNAUTH);
    CHECK(strstr(err.detail, "ended") != NULL);
    CHECK_INT(a.role, ROLE_PUBLIC);
    CHECK_INT(auth_logout(s, saved, &err), SERAI_EUNAUTH);
    CHECK_INT(auth_resolve(s, "srs_nonsense", &a, &err), SERAI_EUNAUTH);
    testdb_close(&t);
}

static void test_expired_session(void)
{
    testdb t;
    store *s = testdb_open(&t);
    serai_err err;
    make_account(s, "r@example.org", "reviewer", NULL);
    json_t *out;
    CHECK_INT(auth_login(s, "r@example.org", "correct horse battery", &out, &err),
              SERAI_OK);
    char token[AUTH_TOKEN_TEXT_MAX];
    snprintf(token, sizeof token, "%s",
             json_string_value(json_object_get(out, "token")));
    json_decref(out);
    CHECK_INT(store_exec(s, "UPDATE auth_token SET expires_at = 1", &err), SERAI_OK);
    actor a;
    CHECK_INT(auth_resolve(s, token, &a, &err), SERAI_EUNAUTH);
    CHECK(strstr(err.detail, "expired") != NULL);
    testdb_close(&t);
}

static void test_throttle(void)
{
    testdb t;
    store *s = testdb_open(&t);
    serai_err err;
    make_account(s, "d@example.org", "delegate", NULL);
    json_t *out = NULL;
    for (int i = 0; i < AUTH_THROTTLE_FAILURES; i++) {
        CHECK_INT(auth_login(s, "d@example.org", "wrong password!", &out, &err),
                  SERAI_EUNAUTH);
        CHECK_STR(err.detail, "wrong e-mail address or password");
    }
    /* now even the right password is refused until the window passes */
    CHECK_INT(auth_login(s, "d@example.org", "correct horse battery", &out, &err),
              SERAI_ETHROTTLED);
    CHECK_INT(store_exec(s, "UPDATE login_failure SET window_start = 0", &err),
              SERAI_OK);
    CHECK_INT(auth_login(s, "d@example.org", "correct horse battery", &out, &err),
              SERAI_OK);
    json_decref(out);
    /* unknown addresses get the same answer and are throttled too */
    CHECK_INT(auth_login(s, "nobody@example.org", "whatever12", &out, &err),
              SERAI_EUNAUTH);
    CHECK_STR(err.detail, "wrong e-mail address or password");
    testdb_close(&t);
}

static void test_account_validation(void)
{
    testdb t;
    store *s = testdb_open(&t);
    serai_err err;
    actor op = actor_operator();
    static const struct {
        const char *body;
        serai_code code;
        const char *field;
    } bad[] = {
        {"{\"email\":\"x@example.org\",\"name\":\"X\",\"role\":\"king\","
         "\"password\":\"0123456789\"}", SERAI_EUNPROCESSABLE, "/role"},
        {"{\"email\":\"x@example.org\",\"name\":\"X\",\"role\":\"funder\","
         "\"password\":\"short\"}", SERAI_EUNPROCESSABLE, "/password"},
        {"{\"email\":\"nope\",\"name\":\"X\",\"role\":\"funder\","
         "\"password\":\"0123456789\"}", SERAI_EUNPROCESSABLE, "/email"},
        {"{\"email\":\"x@example.org\",\"name\":\"X\",\"role\":\"funder\","
         "\"password\":\"0123456789\",\"person_id\":5}", SERAI_EUNPROCESSABLE,
         "/person_id"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *b = json_loads(bad[i].body, 0, NULL), *out = NULL;
        CHECK_INT(account_create(s, &op, b, &out, &err), bad[i].code);
        CHECK_STR(err.field, bad[i].field);
        json_decref(b);
    }
    CHECK(make_account(s, "x@example.org", "observer", NULL) > 0);
    json_t *b = json_loads("{\"email\":\"x@example.org\",\"name\":\"X\","
                           "\"role\":\"funder\",\"password\":\"0123456789\"}",
                           0, NULL), *out = NULL;
    CHECK_INT(account_create(s, &op, b, &out, &err), SERAI_ECONFLICT);
    actor pub = actor_public();
    CHECK_INT(account_create(s, &pub, b, &out, &err), SERAI_EFORBIDDEN);
    json_decref(b);
    testdb_close(&t);
}

static void test_api_tokens(void)
{
    testdb t;
    store *s = testdb_open(&t);
    serai_err err;
    int64_t me = make_account(s, "app@example.org", "applicant", NULL);
    make_account(s, "other@example.org", "applicant", NULL);
    actor self = {.role = ROLE_APPLICANT, .account_id = me};
    snprintf(self.label, sizeof self.label, "account:%lld", (long long)me);
    json_t *out;
    CHECK_INT(auth_token_create(s, &self, "other@example.org", "x", 30, &out, &err),
              SERAI_EFORBIDDEN);
    CHECK_INT(auth_token_create(s, &self, "app@example.org", "ci", 30, &out, &err),
              SERAI_OK);
    const char *token = json_string_value(json_object_get(out, "token"));
    CHECK(token && strncmp(token, "srt_", 4) == 0);
    actor a;
    CHECK_INT(auth_resolve(s, token, &a, &err), SERAI_OK);
    CHECK_INT(a.account_id, me);
    json_decref(out);
    CHECK_INT(auth_token_create(s, &self, "app@example.org", NULL, 0, &out, &err),
              SERAI_EINVAL);
    actor op = actor_operator();
    CHECK_INT(auth_token_create(s, &op, "ghost@example.org", NULL, 5, &out, &err),
              SERAI_EUNPROCESSABLE);
    /* others learn nothing about which addresses exist */
    CHECK_INT(auth_token_create(s, &self, "ghost@example.org", NULL, 5, &out, &err),
              SERAI_EFORBIDDEN);
    /* addresses match without regard to case */
    CHECK_INT(auth_token_create(s, &self, "APP@Example.org", NULL, 5, &out, &err),
              SERAI_OK);
    json_decref(out);
    CHECK(make_account(s, "App@EXAMPLE.org", "observer", NULL) == 0);
    testdb_close(&t);
}

int main(void)
{
    RUN(test_login_resolve_logout);
    RUN(test_expired_session);
    RUN(test_throttle);
    RUN(test_account_validation);
    RUN(test_api_tokens);
    return check_report();
}
