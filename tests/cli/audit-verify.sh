#!/bin/sh
# Every change leaves an audit record; serai audit verify recomputes the hash
# chain, exits 0 and says how many records it checked; audit list shows them.
. "$(dirname "$0")/lib.sh"

expect_ok serai init
expect_ok serai audit verify
expect_stdout_line "audit trail intact: 0 records verified"

expect_ok serai org add --name "Peking University" --type university --country CN
expect_ok serai org update 1 --website https://english.pku.edu.cn
expect_ok serai person add --name "Wang Fang" --country CN --languages zh \
    --keywords water --org 1
expect_ok serai member add --country KE --status member --since 2019-04-25
expect_ok serai member set 1 --dues paid
printf 'name,type,country\nA,ngo,KE\nB,ngo,TZ\n' >orgs.csv
expect_ok serai org import orgs.csv
# Refused changes leave no record.
expect_exit 1 serai org add --name X --type ngo --country ZZ
expect_exit 1 serai org update 1 --country ZZ
# Reading leaves no record either.
expect_ok serai org list
expect_ok serai person show 1

expect_ok serai audit verify
expect_stdout_line "audit trail intact: 6 records verified"
expect_stderr_empty
expect_ok serai audit verify --json
expect_json '"intact": true,"checked": 6,"first_bad": null,"reason": null'

expect_ok serai audit list --json
expect_equal "$(json_count '"seq": ')" 6 "records in audit list"
expect_json '"seq": 1,'
expect_json '"actor": "cli:operator","action": "organization.create","object": "organization/1"'
expect_json '"action": "organization.update","object": "organization/1"'
expect_json '"action": "person.create","object": "person/1"'
expect_json '"action": "membership.create","object": "membership/1"'
expect_json '"action": "membership.update","object": "membership/1"'
expect_json '"action": "organization.import"'
expect_json '"prev_hash": "0000000000000000000000000000000000000000000000000000000000000000"'
# Each record's prev_hash is the hash of the one before it.
json_compact "$OUT" | tr '{' '\n' | sed -n 's/.*"prev_hash": "\([0-9a-f]*\)","hash": "\([0-9a-f]*\)".*/\1 \2/p' >chain
expect_equal "$(wc -l <chain | tr -d ' ')" 6 "hash pairs in audit list"
awk 'NR > 1 && $1 != prev { exit 1 } { prev = $2 }' chain ||
    fail "prev_hash does not chain: $(cat chain)"

expect_ok serai audit list
expect_stdout_line "$(printf 'seq\tat\tactor\taction\tobject')"
grep -q -e "$(printf '^1\t[0-9T:Z-]*\tcli:operator\torganization.create\torganization/1$')" "$OUT" ||
    fail "audit list has no line for record 1"

# Paging.
expect_ok serai audit list --limit 4 --json
expect_equal "$(json_count '"seq": ')" 4 "records on the first page"
cursor=$(json_value next)
[ -n "$cursor" ] && [ "$cursor" != null ] || fail "no cursor after the first page"
expect_ok serai audit list --limit 4 --cursor "$cursor" --json
expect_equal "$(json_count '"seq": ')" 2 "records on the second page"
expect_json '"seq": 6,'
expect_json '"next": null'
