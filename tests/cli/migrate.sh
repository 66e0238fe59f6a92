#!/bin/sh
# migrate copies an organisation's data from an SQLite file into a new
# database of the run's backend (PostgreSQL on cli-pg), with every id and
# every audit record kept: the audit trail verifies on the copy, the records
# read the same, and ids created afterwards continue above the copied ones.
. "$(dirname "$0")/lib.sh"

SRC=$WORK/source.db
expect_ok serai demo --db "$SRC" --seed 11
# an organisation whose parent has a higher id than itself
expect_ok serai org add --db "$SRC" --name "Late parent" --type university --country KE --json
parent=$(json_value id)
expect_ok serai org update 1 --db "$SRC" --parent "$parent"

DST=$(new_db target) || exit 2
expect_ok serai migrate --from "$SRC" --to "$DST"
expect_stderr_contains "copied audit"
expect_ok serai audit verify --db "$DST"
expect_stdout_contains "intact"

for what in "org list --limit 500" "person list --limit 500" "member list --limit 500" "account list" "audit list --limit 500"; do
    # shellcheck disable=SC2086
    serai $what --json --db "$SRC" >src.json 2>/dev/null || fail "$what on the source"
    # shellcheck disable=SC2086
    serai $what --json --db "$DST" >dst.json 2>/dev/null || fail "$what on the copy"
    cmp -s src.json dst.json || fail "$what differs after migrate"
done
expect_ok serai org show 1 --db "$DST" --json
expect_json "\"parent_id\": $parent"

# New ids continue above the copied ones.
expect_ok serai org add --db "$DST" --name "After migrate" --type ngo --country KE --json
new=$(json_value id)
[ "$new" -gt "$parent" ] || fail "new id $new does not follow the copied ids (up to $parent)"

# A target that already holds data is refused, and left as it was.
expect_exit 1 serai migrate --from "$SRC" --to "$DST"
expect_stderr_contains "new, empty database"
expect_exit 1 serai migrate --from "$SRC" --to "$SRC"
expect_exit 1 serai migrate --from "$SRC"
