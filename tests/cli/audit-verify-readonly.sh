#!/bin/sh
# serai audit verify must not change the database it checks.  Where there is
# no database -- a file that does not exist; on PostgreSQL a database without
# serai's schema, or none of that name -- it fails with exit 2, names it, and
# creates nothing.
. "$(dirname "$0")/lib.sh"

if on_postgres; then
    blank=$(new_db blank) || exit 2
    expect_exit 2 serai audit verify --db "$blank"
    expect_stdout_empty
    expect_stderr_contains "$blank"
    expect_stderr_contains "serai init"
    db_is_blank "$blank" || fail "serai audit verify created tables in $blank"

    # A name no database of the cluster has: the blank one's, changed.
    absent_name=${blank##*/}_absent
    absent=${blank%/*}/$absent_name
    expect_exit 2 serai audit verify --db "$absent"
    expect_stderr_contains "$absent_name"
    run db_sql "$blank" "SELECT count(*) FROM pg_database WHERE datname = '$absent_name'"
    expect_stdout_line 0
else
    expect_exit 2 serai audit verify --db absent.db
    [ ! -e absent.db ] || fail "serai audit verify created absent.db ($(wc -c <absent.db | tr -d ' ') bytes)"
    expect_stderr_contains "absent.db"
fi

# On an existing database it changes nothing.
expect_ok serai org add --name "Institut Pasteur de Dakar" --type research_institute --country SN
db_dump "$SERAI_DB" before.dump || fail "cannot dump $SERAI_DB"
expect_ok serai audit verify
expect_stdout_line "audit trail intact: 1 records verified"
db_dump "$SERAI_DB" after.dump || fail "cannot dump $SERAI_DB"
cmp -s before.dump after.dump || fail "serai audit verify changed the database"
