#!/bin/sh
# A bad record in a reviewer's archive (REVIEWER.jsonl, one paper per line)
# or in the submissions file is refused with exit 1 and a message naming the
# file and the line or submission, never a crash or a partial CSV.
. "$(dirname "$0")/lib.sh"

mkdir archives
printf '{"content": {"title": "Coral reef ecology"}}\n' >archives/~r1.jsonl
printf '{"s1": {"content": {"title": "Reef fish", "abstract": "Coral."}}}\n' >subs.json

# Line 3 is cut off (line 2 is blank and skipped).
printf '{"content": {"title": "Ocean acidification"}}\n\n{"content": {"title": "Kelp\n' >archives/~r2.jsonl
expect_exit 1 serai affinity --submissions subs.json --archives archives --out scores.csv
expect_stderr_contains "archives/~r2.jsonl:3: malformed JSON"
expect_stderr_lines 1
[ ! -e scores.csv ] || fail "scores.csv written after a refusal"

# A paper without a title, and a title of the wrong type.
printf '{"content": {"title": "Kelp"}}\n{"content": {"abstract": "No title here."}}\n' >archives/~r2.jsonl
expect_exit 1 serai affinity --submissions subs.json --archives archives/ --out scores.csv
expect_stderr_contains "archives/~r2.jsonl:2: the paper content.title is missing or empty"
printf '{"content": {"title": ["Kelp"]}}\n' >archives/~r2.jsonl
expect_exit 1 serai affinity --submissions subs.json --archives archives --out scores.csv
expect_stderr_contains "archives/~r2.jsonl:1: the paper content.title must be a string"
printf '"just a string"\n' >archives/~r2.jsonl
expect_exit 1 serai affinity --submissions subs.json --archives archives --out scores.csv
expect_stderr_contains "archives/~r2.jsonl:1: malformed JSON"
# Invalid UTF-8 in a line.
printf '{"content": {"title": "Bad \377 byte"}}\n' >archives/~r2.jsonl
expect_exit 1 serai affinity --submissions subs.json --archives archives --out scores.csv
expect_stderr_contains "archives/~r2.jsonl:1: malformed JSON"
rm archives/~r2.jsonl

# The submissions file: malformed (line named), not an object, a
# submission without a title, a duplicate id.
printf '{"s1": {"content": {"title": "Reef fish"}},\n "s2": {"content": }\n}\n' >bad.json
expect_exit 1 serai affinity --submissions bad.json --archives archives --out scores.csv
expect_stderr_contains "bad.json:2:"
expect_stderr_contains "malformed JSON"
printf '[1, 2]\n' >bad.json
expect_exit 1 serai affinity --submissions bad.json --archives archives --out scores.csv
expect_stderr_contains "bad.json: must be a JSON object"
printf '{"s1": {"content": {"title": "Reef"}}, "s2": {"content": {"abstract": "x"}}}\n' >bad.json
expect_exit 1 serai affinity --submissions bad.json --archives archives --out scores.csv
expect_stderr_contains 'bad.json: submission "s2": content.title is missing or empty'
printf '{"s1": {"content": {"title": "Reef"}},\n"s1": {"content": {"title": "Again"}}}\n' >bad.json
expect_exit 1 serai affinity --submissions bad.json --archives archives --out scores.csv
expect_stderr_contains "bad.json:2:"
expect_stderr_contains "duplicate"
[ ! -e scores.csv ] || fail "scores.csv written after a refusal"
