#!/bin/sh
# backup writes a consistent copy (SQLite: a database file; PostgreSQL: a
# pg_dump archive); restore puts it into another database, which then holds
# the same registry and the same intact audit trail.  A backup never
# overwrites a file; a missing or foreign backup is refused.
. "$(dirname "$0")/lib.sh"

expect_ok serai demo --seed 5
expect_ok serai backup --out backup.bin
[ -s backup.bin ] || fail "no backup written"
expect_exit 1 serai backup --out backup.bin
expect_stderr_contains "never overwrites"

# Change the original after the backup: the restored copy must not see it.
expect_ok serai org add --name "After the backup" --type ngo --country KE

COPY=$(new_db copy) || exit 2
expect_ok serai restore --db "$COPY" --from backup.bin
expect_ok serai audit verify --db "$COPY"
expect_stdout_contains "intact"

for what in "person list --limit 500" "member list --limit 500" "account list"; do
    # shellcheck disable=SC2086 # the words of the command
    serai $what --json --db "$COPY" >copy.json 2>/dev/null || fail "$what on the copy"
    # shellcheck disable=SC2086
    serai $what --json >orig.json 2>/dev/null || fail "$what on the original"
    cmp -s copy.json orig.json || fail "$what differs between the original and the restored copy"
done
# The organisation added after the backup is in the original only; every
# audit record up to the backup is the same, record for record.
serai org list --limit 500 --json --db "$COPY" >copy.json || fail "org list on the copy"
serai org list --limit 500 --json >orig.json || fail "org list on the original"
grep -q -F "After the backup" copy.json && fail "the copy holds a later change"
grep -q -F "After the backup" orig.json || fail "the original lost its change"
serai audit list --limit 500 --json --db "$COPY" | grep '"hash"' >copy.hashes
serai audit list --limit 500 --json | grep '"hash"' >orig.hashes
cmp -s orig.hashes copy.hashes || fail "audit records differ"
copied=$(serai audit verify --db "$COPY" | sed -n 's/.*intact: \([0-9]*\) records.*/\1/p')
now=$(serai audit verify | sed -n 's/.*intact: \([0-9]*\) records.*/\1/p')
expect_equal "$now" "$((copied + 1))" "audit records of the original (one change after the backup)"

BAD=$(new_db bad) || exit 2
expect_exit 1 serai restore --db "$BAD" --from /nonexistent/backup
if ! on_postgres; then
    printf 'not a database at all\n' >garbage.bin
    expect_exit 1 serai restore --db "$BAD" --from garbage.bin
    expect_stderr_contains "not an SQLite backup"
fi
