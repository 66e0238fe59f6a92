#!/bin/sh
# serai init creates the database, running it again changes nothing, and the
# database is found through --db, then $SERAI_DB, then ./serai.db.
. "$(dirname "$0")/lib.sh"

expect_ok serai init
expect_stdout_contains "database $SERAI_DB is at schema version"
[ -s "$SERAI_DB" ] || fail "serai init did not create $SERAI_DB"
version=$(sed -n 's/.*schema version \([0-9][0-9]*\)$/\1/p' "$OUT")
[ -n "$version" ] && [ "$version" -ge 1 ] || fail "no schema version in: $(cat "$OUT")"

# Idempotent: again on the same file, with data in it, keeps the data.
expect_ok serai org add --name "Kenya Medical Research Institute" \
    --type research_institute --country KE
expect_ok serai init
expect_stdout_contains "is at schema version $version"
expect_ok serai org show 1
expect_stdout_contains "Kenya Medical Research Institute"
expect_ok serai audit verify
expect_stdout_contains "1 records verified"

# $SERAI_DB names the database ...
SERAI_DB=$WORK/env.db
export SERAI_DB
expect_ok serai init
[ -s "$WORK/env.db" ] || fail "\$SERAI_DB was not honoured"
expect_ok serai org list --json
expect_json '"items": []'

# ... --db overrides it ...
expect_ok serai init --db "$WORK/option.db"
[ -s "$WORK/option.db" ] || fail "--db was not honoured"
expect_ok serai org show 1 --db "$WORK/serai.db"
expect_stdout_contains "Kenya Medical Research Institute"
expect_ok serai init --db="$WORK/option-eq.db"
[ -s "$WORK/option-eq.db" ] || fail "--db=FILE was not honoured"

# ... and without either, ./serai.db in the current directory.
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
