#!/bin/sh
# org import of a well-formed CSV: a UTF-8 byte-order mark, CRLF line ends,
# quoted fields holding commas, quotes and a line break, Chinese names, and a
# parent named by the ROR id of an earlier row -- every row is imported.
. "$(dirname "$0")/lib.sh"

expect_ok serai org add --name "Existing" --type ngo --country KE

printf '\357\273\277' >orgs.csv
printf '%s\r\n' \
    'name,type,country,name_zh,ror,parent_ror,website,sme,sme_evidence' \
    '"Peking University",university,CN,北京大学,02v51f717,,https://english.pku.edu.cn,,' \
    '"Smith, Jones and Partners Ltd",sme,GB,,,,,yes,"fewer than 250 staff, turnover < €50M"' \
    '"PKU Institute of ""Ocean"" Research",research_institute,CN,北京大学海洋研究院,,02v51f717,,no,' \
    '' \
    '"Tsinghua University",university,CN,清华大学,03cve4549,,,,' \
    'Mombasa Reef Monitoring Ltd,sme,KE,,,,,1,"Line one' \
    'line two"' >>orgs.csv
expect_ok serai org import orgs.csv
expect_stdout_line "imported 5 rows (ids 2 to 6)"

expect_ok serai org list --json
expect_equal "$(json_count '"id": ')" 6 "organisations after the import"

expect_ok serai org show 2 --json
expect_json '"name": "Peking University","name_lang": "en","names": {"en": "Peking University","zh": "北京大学"}'
expect_json '"ror": "02v51f717","website": "https://english.pku.edu.cn","sme": false'
# Nothing of the CRLF or the byte-order mark leaks into the values.
expect_json_lacks '\r'
expect_json_lacks "$(printf '\357\273\277')"

expect_ok serai org show 3 --json
expect_json '"name": "Smith, Jones and Partners Ltd"'
expect_json '"sme": true,"sme_evidence": "fewer than 250 staff, turnover < €50M"'

expect_ok serai org show 4 --json
expect_json '"name": "PKU Institute of \"Ocean\" Research"'
expect_json '"zh": "北京大学海洋研究院"'
expect_json '"parent_id": 2'

expect_ok serai org show 5 --json
expect_json '"name": "Tsinghua University"'
expect_json '"zh": "清华大学"'

expect_ok serai org show 6 --json
# The line break inside the quotes is data, kept as it was written (CRLF).
expect_json '"sme_evidence": "Line one\r\nline two"'

expect_ok serai org list --q 清华
expect_stdout_contains "Tsinghua University"

# One audit record for the whole import.
expect_equal "$(audit_count)" 2 "audit records after add and import"
expect_ok serai audit list --json
expect_json '"action": "organization.import"'

# --json reports the import.
printf 'name,type,country\nSolo,ngo,TZ\n' >one.csv
expect_ok serai org import one.csv --json
expect_json '"rows": 1,"imported": 1,"total_errors": 0,"errors": [],"first_id": 7,"last_id": 7'

# '-' reads the CSV from stdin.
run sh -c 'printf "name,type,country\nFrom Stdin,ngo,UG\n" | "$SERAI_BIN" org import -'
expect_equal "$STATUS" 0 "exit status of org import -"
expect_stdout_line "imported 1 rows (ids 8 to 8)"
