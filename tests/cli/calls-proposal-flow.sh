#!/bin/sh
# A call and its proposals from the command line: call create --file and
# call open; proposal create --file, proposal check (exit 0 eligible, 1
# not), proposal submit; call export as CSV with exact amounts and as XLSX
# (--out, a zip: "PK"); refused input exits 1 naming the field on stderr
# and writes nothing.
. "$(dirname "$0")/lib.sh"

# org_id FILE: register the organisation in FILE, print its id.
org_id()
{
    expect_ok serai org add --file "$1" --json
    json_value id
}

printf '{"name": "Agentur DE", "type": "funding_agency", "country": "DE"}' >fa-de.json
printf '{"name": "Agence FR", "type": "funding_agency", "country": "FR"}' >fa-fr.json
printf '{"name": "Universitaet DE", "type": "university", "country": "DE"}' >uni-de.json
printf '{"name": "PME FR", "type": "sme", "country": "FR", "sme_evidence": "SIREN"}' >sme-fr.json
printf '{"name": "University US", "type": "university", "country": "US"}' >uni-us.json
FA_DE=$(org_id fa-de.json)
FA_FR=$(org_id fa-fr.json)
UNI_DE=$(org_id uni-de.json)
SME_FR=$(org_id sme-fr.json)
UNI_US=$(org_id uni-us.json)
[ -n "$FA_DE" ] && [ -n "$SME_FR" ] && [ -n "$UNI_US" ] || fail "organisations not registered"

# ---- the call ----
cat >call.json <<JSON
{"programme": "CLI Programme", "edition": "2035", "title": "Joint call",
 "funding_mode": "virtual_common_pot", "time_zone": "Europe/Berlin",
 "stages": [{"kind": "full_proposal", "deadline": "2099-03-31T12:00:00Z"}],
 "funders": [{"organization_id": $FA_DE, "budget": 500000000, "currency": "EUR"},
             {"organization_id": $FA_FR, "budget": 300000000, "currency": "EUR"}],
 "rules": {"min_countries": 2}}
JSON
expect_ok serai call create --file call.json --json
expect_json '"status": "draft"'
expect_json '"rule_version": 1'
CALL=$(json_value id)
[ -n "$CALL" ] || fail "no call id"

# A refused call: exit 1, the field on stderr, nothing written.
AUDIT=$(audit_count)
cat >bad-call.json <<JSON
{"programme": "CLI Programme", "edition": "bad", "title": "Bad",
 "funding_mode": "virtual_common_pot",
 "stages": [{"kind": "full_proposal", "deadline": "2099-03-31T12:00:00Z"}],
 "funders": [{"organization_id": $FA_DE, "budget": 1, "currency": "EUR"}],
 "rules": {"max_parters": 3}}
JSON
expect_exit 1 serai call create --file bad-call.json
expect_stderr_lines 1
expect_stderr_contains "serai: rules/max_parters: "
cat >bad-funder.json <<JSON
{"programme": "CLI Programme", "edition": "bad", "title": "Bad",
 "funding_mode": "virtual_common_pot",
 "stages": [{"kind": "full_proposal", "deadline": "2099-03-31T12:00:00Z"}],
 "funders": [{"organization_id": $UNI_DE, "budget": 1, "currency": "EUR"}]}
JSON
expect_exit 1 serai call create --file bad-funder.json
expect_stderr_contains "serai: funders/0/organization_id: "
expect_equal "$(audit_count)" "$AUDIT" "audit records after refused calls"
expect_ok serai call list --json
expect_equal "$(json_count '"programme": "CLI Programme"')" 1 "calls after refusals"

# Skipping a step is refused.
expect_exit 1 serai call close "$CALL"
expect_ok serai call open "$CALL" --json
expect_json '"status": "open"'
expect_exit 1 serai call open "$CALL"

# ---- proposals ----
cat >good.json <<JSON
{"call_id": $CALL, "acronym": "GOOD", "title": "Two countries",
 "duration_months": 24,
 "partners": [{"organization_id": $UNI_DE, "role": "coordinator",
               "funder_id": $FA_DE, "requested": 40000000, "currency": "EUR"},
              {"organization_id": $SME_FR, "role": "partner",
               "funder_id": $FA_FR, "requested": 20000000, "currency": "EUR"}]}
JSON
expect_ok serai proposal create --file good.json --json
expect_json '"status": "draft"'
GOOD=$(json_value id)
cat >lonely.json <<JSON
{"call_id": $CALL, "acronym": "LONELY", "title": "One country",
 "duration_months": 24,
 "partners": [{"organization_id": $UNI_DE, "role": "coordinator",
               "funder_id": $FA_DE, "requested": 10000000, "currency": "EUR"}]}
JSON
expect_ok serai proposal create --file lonely.json --json
LONELY=$(json_value id)
[ -n "$GOOD" ] && [ -n "$LONELY" ] || fail "no proposal ids"

expect_exit 0 serai proposal check "$GOOD"
expect_stdout_contains "ELIGIBLE"
expect_stdout_lacks "NOT ELIGIBLE"
expect_exit 1 serai proposal check "$LONELY"
expect_stdout_contains "NOT ELIGIBLE"
expect_stdout_contains "FAIL min_countries"
expect_exit 1 serai proposal check "$LONELY" --json
expect_json '"eligible": false'
expect_json '"rule_version": 1'

# Refused proposals: the French agency pays in EUR, not USD; the US has no
# funder in this virtual common pot.
AUDIT=$(audit_count)
cat >bad-currency.json <<JSON
{"call_id": $CALL, "title": "Bad", "duration_months": 12,
 "partners": [{"organization_id": $UNI_DE, "role": "coordinator",
               "funder_id": $FA_DE, "requested": 100, "currency": "EUR"},
              {"organization_id": $SME_FR, "role": "partner",
               "funder_id": $FA_FR, "requested": 100, "currency": "USD"}]}
JSON
expect_exit 1 serai proposal create --file bad-currency.json
expect_stderr_lines 1
expect_stderr_contains "serai: partners/1/currency: "
cat >bad-country.json <<JSON
{"call_id": $CALL, "title": "Bad", "duration_months": 12,
 "partners": [{"organization_id": $UNI_DE, "role": "coordinator",
               "funder_id": $FA_DE, "requested": 100, "currency": "EUR"},
              {"organization_id": $UNI_US, "role": "partner",
               "funder_id": $FA_FR, "requested": 100, "currency": "EUR"}]}
JSON
expect_exit 1 serai proposal create --file bad-country.json
expect_stderr_contains "serai: partners/1/organization_id: "
expect_stderr_contains "US"
printf '{"call_id": %s, "title": "Bad", "duration_months": "long"}' "$CALL" >bad-type.json
expect_exit 1 serai proposal create --file bad-type.json
expect_stderr_contains "serai: duration_months: "
expect_equal "$(audit_count)" "$AUDIT" "audit records after refused proposals"
expect_ok serai proposal list --call "$CALL" --json
expect_equal "$(json_count '"acronym": ')" 2 "proposals after refusals"

# ---- submission ----
expect_ok serai proposal submit "$GOOD" --json
expect_json '"status": "eligible"'
expect_json '"rule_version": 1'
expect_ok serai proposal submit "$LONELY" --json
expect_json '"status": "ineligible"'
expect_exit 1 serai proposal submit 999999
expect_ok serai proposal show "$LONELY" --json
expect_json '"code": "min_countries","pass": false'

# ---- export ----
expect_ok serai call export "$CALL"
expect_stdout_line "$(printf 'id,acronym,title,status,stage,coordinator,coordinator_country,partners,countries,duration_months,currency,requested,own_cash,own_in_kind,budget,eligibility,failed_rules,rule_version,submitted_at\r')"
expect_stdout_contains "$GOOD,GOOD,Two countries,eligible,1,Universitaet DE,DE,2,DE;FR,24,EUR,600000.00,0.00,0.00,600000.00,eligible,,1,"
expect_stdout_contains "$LONELY,LONELY,One country,ineligible,1,Universitaet DE,DE,1,DE,24,EUR,100000.00,0.00,0.00,100000.00,ineligible,min_countries,1,"
expect_equal "$(stdout_lines)" 3 "CSV lines (header and two proposals)"
expect_ok serai call export "$CALL" --sheet partners
expect_stdout_contains ",EUR,400000.00,0.00,0.00,400000.00,no,1,"
expect_equal "$(stdout_lines)" 4 "CSV lines (header and three partners)"

expect_ok serai call export "$CALL" --format xlsx --out proposals.xlsx
[ -s proposals.xlsx ] || fail "no proposals.xlsx"
expect_equal "$(head -c 2 proposals.xlsx)" "PK" "first bytes of the XLSX file"
expect_exit 1 serai call export "$CALL" --format xlsx
expect_exit 1 serai call export "$CALL" --format pdf
expect_stderr_contains "format"
