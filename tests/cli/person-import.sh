#!/bin/sh
# person import: a good file imports every row with its affiliation; a file
# with bad rows -- a duplicate ORCID iD inside the file, one already in the
# database, a wrong check digit, an unknown organisation -- imports nothing
# and names each bad line.
. "$(dirname "$0")/lib.sh"

expect_ok serai org add --name "Peking University" --type university \
    --country CN --ror 02v51f717
expect_ok serai org add --name "University of Nairobi" --type university --country KE
expect_ok serai person add --name "Existing Person" --country CN \
    --orcid 0000-0002-1825-0097 --languages zh --keywords water
expect_equal "$(audit_count)" 3 "audit records before the imports"

printf '\357\273\277' >people.csv
printf '%s\r\n' \
    'name,country,orcid,email,languages,keywords,expertise,affiliation_ror,affiliation_org_id,affiliation_role,affiliation_start' \
    '"Li, Wei",CN,0000-0001-5109-3700,li.wei@example.cn,zh;en,"hydrology; remote sensing",,02v51f717,,professor,2019-09-01' \
    'Amina Njoroge,KE,,amina@example.ke,en;sw,soil carbon,"Works on soils, carbon and ""agroforestry""",,2,lecturer,' \
    '王芳,CN,0000-0003-1415-9269,,zh,地下水,,,,,' >>people.csv
expect_ok serai person import people.csv
expect_stdout_line "imported 3 rows (ids 2 to 4)"

expect_ok serai person show 2 --json
expect_json '"name": "Li, Wei","orcid": "0000-0001-5109-3700","email": "li.wei@example.cn","country": "CN"'
expect_json '"languages": ["zh","en"],"keywords": ["hydrology","remote sensing"]'
expect_json '"affiliations": [{"organization_id": 1,"role": "professor","start": "2019-09-01","end": null}]'
expect_ok serai person show 3 --json
expect_json '"expertise": "Works on soils, carbon and \"agroforestry\""'
expect_json '"organization_id": 2,"role": "lecturer"'
expect_ok serai person show 4 --json
expect_json '"name": "王芳"'
expect_json '"keywords": ["地下水"]'
expect_json '"affiliations": []'
expect_ok serai person list --org 1
expect_stdout_contains "Li, Wei"
expect_equal "$(audit_count)" 4 "audit records after the good import"

cat >bad.csv <<'CSV'
name,country,orcid,affiliation_ror
Good One,FR,,
Dup A,FR,0000-0002-1694-233X,
Dup B,FR,0000-0002-1694-233X,
Again,CN,0000-0002-1825-0097,
Bad Check,CN,0000-0002-1825-0098,
Unknown Org,US,,05dxps055
Bad Country,XX,,
Good Two,KE,,02v51f717
CSV
expect_exit 1 serai person import bad.csv
expect_stdout_empty
expect_stderr_contains "bad.csv:4: orcid: "
expect_stderr_contains "already appears on line 3"
expect_stderr_contains "bad.csv:5: orcid: "
expect_stderr_contains "0000-0002-1825-0097 is already registered"
expect_stderr_contains "bad.csv:6: orcid: "
expect_stderr_contains "expected 7"
expect_stderr_contains "bad.csv:7: affiliation_ror: "
expect_stderr_contains "05dxps055"
expect_stderr_contains "bad.csv:8: country: "
expect_equal "$(grep -c -e '^bad\.csv:' "$ERR")" 5 "error lines on stderr"
expect_stderr_lacks "bad.csv:2:"
expect_stderr_lacks "bad.csv:3:"
expect_stderr_lacks "bad.csv:9:"
expect_stderr_contains "nothing imported"

expect_ok serai person list --json
expect_equal "$(json_count '"id": ')" 4 "people after the refused import"
expect_json_lacks "Good One"
expect_equal "$(audit_count)" 4 "audit records after the refused import"

# Malformed files: the line is named, nothing is imported.
printf 'name,country\nFine,KE\n"Open,KE\n' >open.csv
expect_exit 1 serai person import open.csv
expect_stderr_contains "line 3"
printf 'name,country\nFine,KE\nBad\355\240\200,KE\n' >surrogate.csv
expect_exit 1 serai person import surrogate.csv
expect_stderr_contains "UTF-8"
printf 'name,country,affiliation_role\nFine,KE,professor\n' >role.csv
expect_exit 1 serai person import role.csv
expect_stderr_contains "role.csv:2: "
expect_ok serai person list --json
expect_equal "$(json_count '"id": ')" 4 "people after malformed files"
