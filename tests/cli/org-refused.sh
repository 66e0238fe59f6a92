#!/bin/sh
# org add refuses bad input with exit 1 and a message naming the field, and
# writes nothing: no record, no audit entry.
. "$(dirname "$0")/lib.sh"

expect_ok serai org add --name "University of Nairobi" --type university \
    --country KE --ror 02y9nww90
expect_equal "$(audit_count)" 1 "audit records after one org add"

# A malformed ROR id, and one whose check digits are wrong.
expect_exit 1 serai org add --name X --type university --country KE --ror 12345
expect_stderr_lines 1
expect_stderr_contains "serai: ror: "
expect_exit 1 serai org add --name X --type university --country KE --ror 02y9nww91
expect_stderr_contains "ror"

# The same ROR id twice.
expect_exit 1 serai org add --name "Nairobi again" --type university \
    --country KE --ror 02y9nww90
expect_stderr_contains "serai: ror: "
expect_stderr_contains "02y9nww90"
expect_stderr_contains "already registered"

# Countries are ISO 3166-1 alpha-2 codes.
expect_exit 1 serai org add --name X --type ngo --country ZZ
expect_stderr_contains "serai: country: "
expect_stderr_contains "ZZ"
expect_exit 1 serai org add --name X --type ngo --country KEN
expect_stderr_contains "country"

expect_exit 1 serai org add --name X --type castle --country KE
expect_stderr_contains "serai: type: "
expect_exit 1 serai org add --type ngo --country KE
expect_stderr_contains "name"
expect_exit 1 serai org add --name X --type ngo --country KE --parent 99
expect_stderr_contains "parent"
expect_exit 1 serai org add --name X --type ngo --country KE --parent first
expect_stderr_contains "--parent must be an id"
expect_exit 1 serai org add --name X --type ngo --country KE --name-zh 北京大学 \
    --name-lang zh
expect_exit 1 serai org add
expect_stderr_contains "--file"
expect_exit 1 serai org add --name X --type ngo --country KE surplus
expect_stderr_contains "surplus"

expect_ok serai org list --json
expect_equal "$(json_count '"id": ')" 1 "organisations after refusals"
expect_equal "$(audit_count)" 1 "audit records after refusals"
