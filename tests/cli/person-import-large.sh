#!/bin/sh
# A 100,000-row person import -- each row with its own ORCID iD, languages,
# keywords and an affiliation -- succeeds and reports its progress on stderr
# every 10,000 rows.  This keeps the bulk path exercised; it asserts no timing.
. "$(dirname "$0")/lib.sh"

ROWS=100000
expect_ok serai org add --name "University of Nairobi" --type university \
    --country KE --ror 02y9nww90
# One existing person whose ORCID iD is not in the file.
expect_ok serai person add --name "Before" --country KE --orcid "$(orcid_of 1)" \
    --languages en --keywords water

# Row i gets the ORCID iD of 100000000 + i (ISO 7064 MOD 11-2 check digit),
# so the file has every kind of check character, X included.
awk -v rows="$ROWS" 'BEGIN {
    print "name,country,orcid,email,languages,keywords,affiliation_ror,affiliation_role"
    for (i = 1; i <= rows; i++) {
        b = sprintf("%015d", 100000000 + i); t = 0
        for (k = 1; k <= 15; k++) t = (t + substr(b, k, 1)) * 2
        r = (12 - t % 11) % 11
        printf "\"Researcher %d, Jr.\",KE,%s-%s-%s-%s%s,r%d@example.ke,en;sw,kw%d;water,%s,%s\n",
            i, substr(b, 1, 4), substr(b, 5, 4), substr(b, 9, 4), substr(b, 13, 3),
            r == 10 ? "X" : r, i, i % 100, i % 2 ? "02y9nww90" : "",
            i % 2 ? "fellow" : ""
    }
}' >big.csv
expect_equal "$(wc -l <big.csv | tr -d ' ')" $((ROWS + 1)) "lines of big.csv"
grep -q -e '-[0-9]\{3\}X,' big.csv || fail "no ORCID iD with check character X in big.csv"

expect_ok serai person import big.csv
expect_stdout_line "imported $ROWS rows (ids 2 to $((ROWS + 1)))"
n=10000
while [ "$n" -le "$ROWS" ]; do
    expect_stderr_line "serai: checked $n rows"
    expect_stderr_line "serai: imported $n of $ROWS rows"
    n=$((n + 10000))
done
expect_stderr_lacks "error"

expect_ok serai person show $((ROWS + 1)) --json
expect_json "\"name\": \"Researcher $ROWS, Jr.\""
expect_json '"keywords": ["kw0","water"]'
expect_json '"affiliations": []'
expect_ok serai person show 2 --json
expect_json '"name": "Researcher 1, Jr."'
expect_json "\"orcid\": \"$(orcid_of 100000001)\""
expect_json '"affiliations": [{"organization_id": 1,"role": "fellow"'
expect_ok serai person list --org 1 --limit 500 --json
expect_equal "$(json_count '"id": ')" 500 "people on the first page of --org 1"
expect_equal "$(audit_count)" 3 "audit records (org, person, import)"

# Importing the same file again refuses every row: all their ORCID iDs are
# registered now.  The report lists the first rows and counts the rest.
expect_exit 1 serai person import big.csv
expect_stderr_contains "big.csv:2: orcid: "
expect_stderr_contains "more"
expect_stderr_contains "$ROWS error(s)"
expect_exit 1 serai person show $((ROWS + 2))
expect_equal "$(audit_count)" 3 "audit records after the refused import"
