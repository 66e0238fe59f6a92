#!/bin/sh
# serai audit verify must not change the file it checks: on a file that does
# not exist it fails with exit 2 and creates nothing.
. "$(dirname "$0")/lib.sh"

expect_exit 2 serai audit verify --db absent.db
[ ! -e absent.db ] || fail "serai audit verify created absent.db ($(wc -c <absent.db | tr -d ' ') bytes)"
expect_stderr_contains "absent.db"

# On an existing database it changes nothing.
expect_ok serai org add --name "Institut Pasteur de Dakar" --type research_institute --country SN
cp "$SERAI_DB" before.db
expect_ok serai audit verify
cmp -s "$SERAI_DB" before.db || fail "serai audit verify changed the database"
