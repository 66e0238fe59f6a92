#!/bin/sh
# Lists come in pages: --limit N, then --cursor C from the previous page;
# text output tells on stderr how to get the next page, --json in "next".
. "$(dirname "$0")/lib.sh"

awk 'BEGIN {
    print "name,type,country"
    for (i = 1; i <= 7; i++) printf "Organisation %d,ngo,KE\n", i
}' >orgs.csv
expect_ok serai org import orgs.csv

expect_ok serai org list --limit 3
expect_equal "$(stdout_lines)" 4 "lines of the first page"
expect_stdout_contains "Organisation 3"
expect_stdout_lacks "Organisation 4"
cursor=$(sed -n 's/^serai: more with --cursor \(.*\)$/\1/p' "$ERR")
[ -n "$cursor" ] || fail "no cursor on stderr"

expect_ok serai org list --limit 3 --cursor "$cursor" --json
expect_equal "$(json_count '"id": ')" 3 "organisations on the second page"
expect_json '"name": "Organisation 4"'
expect_json_lacks '"name": "Organisation 3"'
cursor=$(json_value next)
[ -n "$cursor" ] && [ "$cursor" != null ] || fail "no next cursor on the second page"

expect_ok serai org list --limit 3 --cursor "$cursor"
expect_equal "$(stdout_lines)" 2 "lines of the last page"
expect_stdout_contains "Organisation 7"
expect_stderr_empty
expect_ok serai org list --limit 3 --cursor "$cursor" --json
expect_json '"next": null'

# Filters hold across pages.
printf 'name,type,country\nT1,ngo,TZ\nT2,ngo,TZ\nT3,ngo,TZ\n' >tz.csv
expect_ok serai org import tz.csv
expect_ok serai org list --country TZ --limit 2 --json
expect_equal "$(json_count '"country": "TZ"')" 2 "TZ organisations on the first page"
cursor=$(json_value next)
expect_ok serai org list --country TZ --limit 2 --cursor "$cursor" --json
expect_equal "$(json_count '"country": "TZ"')" 1 "TZ organisations on the second page"
expect_json_lacks '"country": "KE"'

expect_exit 1 serai org list --limit 0
expect_stderr_contains "limit"
expect_exit 1 serai org list --limit 501
expect_exit 1 serai org list --limit many
expect_exit 1 serai org list --cursor "not a cursor"
expect_stderr_contains "cursor"
expect_exit 1 serai person list --limit -1
expect_exit 1 serai member list --limit 0
expect_exit 1 serai account list --limit 0
expect_exit 1 serai audit list --limit 0
