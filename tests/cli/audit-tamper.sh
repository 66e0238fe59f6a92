#!/bin/sh
# The audit table refuses UPDATE and DELETE; and when someone gets round that
# (drops the trigger and edits a record), serai audit verify exits 1 and
# names the first broken record.  Needs the database's command-line shell:
# sqlite3, or psql on PostgreSQL.
. "$(dirname "$0")/lib.sh"
need_db_shell

# drop_trigger NAME: the statement that removes one of the audit triggers.
drop_trigger()
{
    if on_postgres; then
        printf 'DROP TRIGGER %s ON audit;' "$1"
    else
        printf 'DROP TRIGGER %s;' "$1"
    fi
}

expect_ok serai org add --name "Peking University" --type university --country CN
expect_ok serai org add --name "University of Nairobi" --type university --country KE
expect_ok serai org update 2 --website https://www.uonbi.ac.ke
expect_ok serai member add --country KE --status member --since 2019-04-25
expect_ok serai member set 1 --dues exempt
expect_ok serai audit verify
expect_stdout_line "audit trail intact: 5 records verified"

# The triggers forbid changing or deleting a record.
run db_sql "$SERAI_DB" "UPDATE audit SET actor = 'mallory' WHERE seq = 3"
[ "$STATUS" -ne 0 ] || fail "the $BACKEND shell could UPDATE an audit record"
expect_stderr_contains "append-only"
run db_sql "$SERAI_DB" "DELETE FROM audit WHERE seq = 5"
[ "$STATUS" -ne 0 ] || fail "the $BACKEND shell could DELETE an audit record"
expect_stderr_contains "append-only"
if on_postgres; then
    # TRUNCATE fires no row trigger; a statement trigger refuses it.
    run db_sql "$SERAI_DB" "TRUNCATE audit"
    [ "$STATUS" -ne 0 ] || fail "psql could TRUNCATE the audit table"
    expect_stderr_contains "append-only"
fi
run db_sql "$SERAI_DB" "SELECT count(*) FROM audit"
expect_stdout_line 5
expect_ok serai audit verify
expect_stdout_line "audit trail intact: 5 records verified"

# Get round the trigger and change who did record 3.
run db_sql "$SERAI_DB" "$(drop_trigger audit_no_update)
    UPDATE audit SET actor = 'mallory' WHERE seq = 3;
    SELECT actor FROM audit WHERE seq = 3;"
expect_equal "$STATUS" 0 "exit status of the tampering $BACKEND shell"
expect_stdout_line "mallory"

expect_exit 1 serai audit verify
expect_stdout_empty
expect_stderr_lines 1
expect_stderr_contains "record 3"
expect_stderr_contains "2 records before it are intact"
expect_exit 1 serai audit verify --json
expect_json '"intact": false,"checked": 2,"first_bad": 3,'
expect_stderr_contains "record 3"

# audit list shows the changed record as it now is.
expect_ok serai audit list --json
expect_json '"seq": 3,"at": '
expect_json '"actor": "mallory"'

# Removing a record from the middle breaks the chain at the next one.
SERAI_DB=$(new_db second) || exit 2
expect_ok serai init --db "$SERAI_DB"
expect_ok serai org add --name A --type ngo --country KE
expect_ok serai org add --name B --type ngo --country TZ
expect_ok serai org add --name C --type ngo --country UG
run db_sql "$SERAI_DB" "$(drop_trigger audit_no_delete) DELETE FROM audit WHERE seq = 2;"
expect_equal "$STATUS" 0 "exit status of the deleting $BACKEND shell"
expect_exit 1 serai audit verify
expect_stderr_contains "record 3"
