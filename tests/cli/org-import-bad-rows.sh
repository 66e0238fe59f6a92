#!/bin/sh
# org import is all or nothing: three bad rows among good ones give exit 1,
# one "FILE:LINE: column: reason" line on stderr per bad row, and no new
# organisation and no audit record.
. "$(dirname "$0")/lib.sh"

expect_ok serai org add --name "University of Nairobi" --type university \
    --country KE --ror 02y9nww90
expect_equal "$(audit_count)" 1 "audit records before the import"

cat >bad.csv <<'CSV'
name,type,country,ror
Good One,university,FR,
Bad Country,university,ZZ,
Bad Type,castle,DE,
Good Two,ngo,KE,
"Bad Ror, Ltd",university,IT,12345
Good Three,university,ES,
CSV
expect_exit 1 serai org import bad.csv
expect_stdout_empty
expect_stderr_line 'bad.csv:3: country: country "ZZ" is not an ISO 3166-1 alpha-2 code'
grep -q -e '^bad\.csv:4: type: .*castle' "$ERR" || fail "no line for the bad type"
grep -q -e '^bad\.csv:6: ror: ' "$ERR" || fail "no line for the bad ROR id"
expect_equal "$(grep -c -e '^bad\.csv:' "$ERR")" 3 "error lines on stderr"
expect_stderr_contains "nothing imported"
expect_stderr_lacks "bad.csv:2:"
expect_stderr_lacks "bad.csv:5:"
expect_stderr_lacks "bad.csv:7:"

expect_ok serai org list --json
expect_equal "$(json_count '"id": ')" 1 "organisations after the refused import"
expect_json_lacks "Good One"
expect_equal "$(audit_count)" 1 "audit records after the refused import"

# The same report as JSON.
expect_exit 1 serai org import bad.csv --json
expect_json '"rows": 6,"imported": 0,"total_errors": 3'
expect_json '{"line": 3,"column": "country","reason": "country \"ZZ\" is not an ISO 3166-1 alpha-2 code"}'
expect_json '{"line": 4,"column": "type"'
expect_json '{"line": 6,"column": "ror"'
expect_json_lacks '"first_id"'

# A ROR id already in the database, and one twice in the file.
cat >dup.csv <<'CSV'
name,type,country,ror
Nairobi Again,university,KE,02y9nww90
Caltech,university,US,05dxps055
Caltech Twice,university,US,05dxps055
Stanford University,university,US,00f54p054
CSV
printf 'name,type,country,parent_ror\nChild,ngo,KE,00f54p054\n' >parent.csv
expect_exit 1 serai org import dup.csv
expect_stderr_contains "dup.csv:2: ror: "
expect_stderr_contains "02y9nww90 is already registered"
expect_stderr_contains "dup.csv:4: ror: "
expect_stderr_contains "already appears on line 3"
expect_equal "$(grep -c -e '^dup\.csv:' "$ERR")" 2 "error lines for duplicates"
# Stanford was a good row of the refused file, so it is not registered.
expect_exit 1 serai org import parent.csv
expect_stderr_contains "parent.csv:2: parent_ror: "
expect_stderr_contains "00f54p054"

expect_ok serai org list --json
expect_equal "$(json_count '"id": ')" 1 "organisations after all refused imports"
expect_equal "$(audit_count)" 1 "audit records after all refused imports"
