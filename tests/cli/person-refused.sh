#!/bin/sh
# person add refuses a bad ORCID iD -- naming the check digit it expected --,
# a duplicate ORCID iD and other bad fields, with exit 1 and nothing written.
. "$(dirname "$0")/lib.sh"

expect_ok serai person add --name "Wang Fang" --country CN --orcid 0000-0002-1825-0097 \
    --languages zh --keywords water
expect_equal "$(audit_count)" 1 "audit records after one person add"

expect_exit 1 serai person add --name X --country CN --orcid 0000-0002-1825-0098
expect_stderr_lines 1
expect_stderr_contains "serai: orcid: "
expect_stderr_contains "expected 7"
expect_exit 1 serai person add --name X --country CN --orcid 0000-0002-1825
expect_stderr_contains "orcid"

expect_exit 1 serai person add --name "Wang Fang again" --country CN \
    --orcid 0000-0002-1825-0097
expect_stderr_contains "0000-0002-1825-0097"
expect_stderr_contains "already registered"

expect_exit 1 serai person add --name X --country XX
expect_stderr_contains "serai: country: "
expect_exit 1 serai person add --name X --country CN --email not-an-address
expect_stderr_contains "email"
expect_exit 1 serai person add --name X --country CN --org 7
expect_stderr_contains "7"
expect_exit 1 serai person add --name X --country CN --org seven
expect_stderr_contains "--org must be an organisation id"
expect_exit 1 serai person add --country CN
expect_stderr_contains "name"

expect_ok serai person list --json
expect_equal "$(json_count '"id": ')" 1 "people after refusals"
expect_equal "$(audit_count)" 1 "audit records after refusals"
