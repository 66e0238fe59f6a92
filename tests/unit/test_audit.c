/*
 * test_audit.c -- the hash-chained audit trail: appends inside
 * transactions, verification, and detection of every kind of tampering.
 */
#include "audit/audit.h"
#include "check.h"
#include "testdb.h"

static void append_n(store *s, int n)
{
    actor who = actor_operator();
    serai_err err;
    for (int i = 0; i < n; i++) {
        char object[32];
        snprintf(object, sizeof object, "thing/%d", i + 1);
        json_t *state = json_pack("{s:i, s:s}", "n", i, "zh", "北京");
        CHECK_INT(store_begin(s, &err), SERAI_OK);
        CHECK_INT(audit_append(s, &who, "thing.create", object, state, &err),
                  SERAI_OK);
        CHECK_INT(store_commit(s, &err), SERAI_OK);
        json_decref(state);
    }
}

static void test_append_and_verify(void)
{
    testdb t;
    store *s = testdb_open(&t);
    audit_report rep;
    serai_err err;
    CHECK_INT(audit_verify(s, &rep, &err), SERAI_OK);
    CHECK_INT(rep.checked, 0);
    CHECK_INT(rep.first_bad, 0);
    append_n(s, 5);
    CHECK_INT(audit_verify(s, &rep, &err), SERAI_OK);
    CHECK_INT(rep.checked, 5);
    CHECK_INT(rep.first_bad, 0);
    json_t *page;
    CHECK_INT(audit_list(s, 2, 2, &page, &err), SERAI_OK);
    json_t *items = json_object_get(page, "items");
    CHECK_INT(json_array_size(items), 2);
    CHECK_INT(json_integer_value(json_object_get(json_array_get(items, 0), "seq")), 3);
    CHECK_STR(json_string_value(json_object_get(page, "next")), "4");
    /* each record links to the previous one */
    CHECK_STR(json_string_value(json_object_get(json_array_get(items, 1), "prev_hash")),
              json_string_value(json_object_get(json_array_get(items, 0), "hash")));
    json_decref(page);
    testdb_close(&t);
}

static void test_outside_transaction_refused(void)
{
    testdb t;
    store *s = testdb_open(&t);
    actor who = actor_operator();
    serai_err err;
    CHECK_INT(audit_append(s, &who, "x", "y", NULL, &err), SERAI_EINTERNAL);
    testdb_close(&t);
}

static void test_rows_are_append_only(void)
{
    testdb t;
    store *s = testdb_open(&t);
    append_n(s, 2);
    serai_err err;
    CHECK(store_exec(s, "UPDATE audit SET actor = 'mallory'", &err) != SERAI_OK);
    CHECK(strstr(err.detail, "append-only") != NULL);
    CHECK(store_exec(s, "DELETE FROM audit WHERE seq = 1", &err) != SERAI_OK);
    testdb_close(&t);
}

/* With the guard triggers removed (as an attacker with the file could),
 * each kind of change is still found, at the right record. */
static void expect_broken_at(const char *tamper, int64_t seq, int64_t intact,
                             const char *why)
{
    testdb t;
    store *s = testdb_open(&t);
    append_n(s, 6);
    serai_err err;
    CHECK_INT(store_exec(s, testdb_sql(s,
                                       "DROP TRIGGER audit_no_update; "
                                       "DROP TRIGGER audit_no_delete",
                                       "DROP TRIGGER audit_no_update ON audit; "
                                       "DROP TRIGGER audit_no_delete ON audit"),
                         &err), SERAI_OK);
    CHECK_INT(store_exec(s, tamper, &err), SERAI_OK);
    audit_report rep;
    CHECK_INT(audit_verify(s, &rep, &err), SERAI_OK);
    CHECK_INT(rep.first_bad, seq);
    CHECK_INT(rep.checked, intact);
    CHECK(strstr(rep.reason, why) != NULL);
    if (strstr(rep.reason, why) == NULL)
        fprintf(stderr, "  reason was: %s\n", rep.reason);
    testdb_close(&t);
}

static void test_tampering_detected(void)
{
    expect_broken_at("UPDATE audit SET actor = 'mallory' WHERE seq = 3", 3, 2,
                     "contents do not match");
    expect_broken_at("UPDATE audit SET digest = '00' WHERE seq = 6", 6, 5,
                     "contents do not match");
    expect_broken_at("DELETE FROM audit WHERE seq = 4", 5, 3, "sequence gap");
    /* Rewriting a record's own hash moves the break to the next record. */
    expect_broken_at("UPDATE audit SET action = 'x', hash = "
                     "'1111111111111111111111111111111111111111111111111111111111111111'"
                     " WHERE seq = 2", 2, 1, "contents do not match");
    expect_broken_at("UPDATE audit SET prev_hash = "
                     "'2222222222222222222222222222222222222222222222222222222222222222'"
                     " WHERE seq = 1", 1, 0, "link to the previous record");
}

int main(void)
{
    RUN(test_append_and_verify);
    RUN(test_outside_transaction_refused);
    RUN(test_rows_are_append_only);
    RUN(test_tampering_detected);
    return check_report();
}
