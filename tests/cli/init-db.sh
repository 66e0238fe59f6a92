#!/bin/sh
# serai init creates the database, running it again changes nothing, and the
# database is found through --db, then $SERAI_DB, then ./serai.db (an SQLite
# file, checked on the SQLite run only).
. "$(dirname "$0")/lib.sh"

FIRST_DB=$SERAI_DB
expect_ok serai init
expect_stdout_contains "database $SERAI_DB is at schema version"
db_has_schema "$SERAI_DB" || fail "serai init did not create $SERAI_DB"
version=$(sed -n 's/.*schema version \([0-9][0-9]*\)$/\1/p' "$OUT")
[ -n "$version" ] && [ "$version" -ge 1 ] || fail "no schema version in: $(cat "$OUT")"

# Idempotent: again on the same database, with data in it, keeps the data.
expect_ok serai org add --name "Kenya Medical Research Institute" \
    --type research_institute --country KE
expect_ok serai init
expect_stdout_contains "is at schema version $version"
expect_ok serai org show 1
expect_stdout_contains "Kenya Medical Research Institute"
expect_ok serai audit verify
expect_stdout_contains "1 records verified"

# $SERAI_DB names the database ...
ENV_DB=$(new_db env) || exit 2
SERAI_DB=$ENV_DB
export SERAI_DB
expect_ok serai init
expect_stdout_contains "database $ENV_DB is at schema version $version"
db_has_schema "$ENV_DB" || fail "\$SERAI_DB was not honoured"
expect_ok serai org list --json
expect_json '"items": []'

# ... --db overrides it ...
OPTION_DB=$(new_db option) || exit 2
expect_ok serai init --db "$OPTION_DB"
db_has_schema "$OPTION_DB" || fail "--db was not honoured"
expect_ok serai org show 1 --db "$FIRST_DB"
expect_stdout_contains "Kenya Medical Research Institute"
OPTION_EQ_DB=$(new_db option-eq) || exit 2
expect_ok serai init --db="$OPTION_EQ_DB"
db_has_schema "$OPTION_EQ_DB" || fail "--db=DATABASE was not honoured"
expect_ok serai org list --json
expect_json '"items": []'

# ... and without either, ./serai.db in the current directory: an SQLite
# file whatever the backend of the run, so the PostgreSQL run stops here.
if on_postgres; then
    exit 0
fi
unset SERAI_DB
mkdir cwd
cd cwd || fail "cd cwd"
expect_ok serai init
expect_stdout_contains "database serai.db is at schema version $version"
[ -s "$WORK/cwd/serai.db" ] || fail "serai init did not create ./serai.db"
# An empty $SERAI_DB counts as unset.
SERAI_DB=
export SERAI_DB
expect_ok serai org list --json
expect_json '"items": []'
expect_equal "$(ls)" "serai.db" "files in the current directory"
