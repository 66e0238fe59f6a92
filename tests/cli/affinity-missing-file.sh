#!/bin/sh
# serai affinity refuses what it cannot read with exit 1 and one line naming
# the file or directory, and leaves no output file behind: a missing
# submissions file, a missing archives directory, a directory without
# REVIEWER.jsonl files, missing options.
. "$(dirname "$0")/lib.sh"

mkdir archives
printf '{"content": {"title": "Coral reef ecology"}}\n' >archives/~r1.jsonl
printf '{"s1": {"content": {"title": "Reef fish", "abstract": "Coral."}}}\n' >subs.json

expect_exit 1 serai affinity --submissions nowhere.json --archives archives --out scores.csv
expect_stderr_contains "cannot open nowhere.json"
expect_stderr_lines 1
[ ! -e scores.csv ] || fail "scores.csv written after a refusal"

expect_exit 1 serai affinity --submissions subs.json --archives no-such-dir --out scores.csv
expect_stderr_contains "no-such-dir"
expect_stderr_lines 1
[ ! -e scores.csv ] || fail "scores.csv written after a refusal"

mkdir empty
printf 'not an archive\n' >empty/readme.txt
expect_exit 1 serai affinity --submissions subs.json --archives empty --out scores.csv
expect_stderr_contains "empty holds no REVIEWER.jsonl files"

expect_exit 1 serai affinity --submissions subs.json --archives archives
expect_stderr_contains "usage: serai affinity"
expect_exit 1 serai affinity --archives archives --out scores.csv
expect_stderr_contains "usage: serai affinity"

# The output directory does not exist: refused, nothing half-written.
expect_exit 1 serai affinity --submissions subs.json --archives archives --out no/dir/scores.csv
expect_stderr_contains "cannot create no/dir/scores.csv"
[ -z "$(ls | grep -v -e '^archives$' -e '^empty$' -e '^subs.json$')" ] ||
    fail "stray files: $(ls)"
