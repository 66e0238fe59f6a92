#!/bin/sh
# call check judges a proposal file against a rule set file, no database:
# exit 0 eligible, 1 not, each rule with its explanation in English and
# Chinese; a broken rule set is refused naming the field.
. "$(dirname "$0")/lib.sh"

ELIG=$SOURCE_ROOT/tests/elig
for set in eurostars-3-2024:eurostars belmont-cra:belmont cost-network:cost; do
    rules=${set%%:*}
    name=${set##*:}
    expect_exit 0 serai call check --rules "$ELIG/$rules.json" "$ELIG/$name-ok.json"
    expect_stdout_contains "ELIGIBLE"
    expect_exit 1 serai call check --rules "$ELIG/$rules.json" "$ELIG/$name-bad.json"
    expect_stdout_contains "NOT ELIGIBLE"
    expect_stdout_contains "FAIL"
done

# The Eurostars failure names the numbers, in both languages, and the
# structured result says the same.
expect_exit 1 serai call check --rules "$ELIG/eurostars-3-2024.json" "$ELIG/eurostars-bad.json"
expect_stdout_contains "this call allows at most 70% per organisation"
expect_stdout_contains "本征集规定每个机构至多占70%"
expect_exit 1 serai call check --json --rules "$ELIG/eurostars-3-2024.json" "$ELIG/eurostars-bad.json"
expect_json '"eligible": false'
expect_json '"code": "min_countries"'

# Bad input: unknown rule key, a missing file, no arguments.
printf '{"programme":"X","edition":"1","version":1,"rules":{"min_partnerz":{"count":2}}}' >bad-rules.json
expect_exit 1 serai call check --rules bad-rules.json "$ELIG/eurostars-ok.json"
expect_stderr_contains "min_partnerz"
expect_exit 1 serai call check --rules /nonexistent.json "$ELIG/eurostars-ok.json"
expect_exit 1 serai call check "$ELIG/eurostars-ok.json"
