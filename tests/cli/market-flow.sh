#!/bin/sh
# Consortium completion and the offers-and-requests market from the
# command line, the operator acting as the secretariat: a call needing
# three countries (funders in DE, FR and ES), a draft of two partners (DE,
# FR) that fails min_countries; `proposal suggest` lists the ES and IT
# organisations that complete it -- the ES SME whose engineer works on
# soil sensors first -- and nothing from DE or FR; `--country IT` narrows
# it.  Then an offer is posted for an organisation, another expresses
# interest, the poster's acceptance, closing, and the refusals (interest in
# a closed item, an organisation answering its own item, bad --marks-like
# input).  Usage errors last.
. "$(dirname "$0")/lib.sh"

expect_ok serai init
expect_ok serai org add --name "Agentur DE" --type funding_agency --country DE --json
FA_DE=$(json_value id)
expect_ok serai org add --name "Agence FR" --type funding_agency --country FR --json
FA_FR=$(json_value id)
expect_ok serai org add --name "Agencia ES" --type funding_agency --country ES --json
FA_ES=$(json_value id)
cat >sme.json <<'EOF'
{"name": "Bodensensor GmbH", "type": "sme", "country": "DE", "sme_evidence": "register"}
EOF
expect_ok serai org add --file sme.json --json
SME_DE=$(json_value id)
expect_ok serai org add --name "Universite FR" --type university --country FR --json
UNI_FR=$(json_value id)
cat >sme_es.json <<'EOF'
{"name": "Riego Preciso SL", "type": "sme", "country": "ES", "sme_evidence": "register"}
EOF
expect_ok serai org add --file sme_es.json --json
SME_ES=$(json_value id)
expect_ok serai org add --name "Universidad ES" --type university --country ES --json
UNI_ES=$(json_value id)
expect_ok serai org add --name "Irrigazione SpA" --type enterprise --country IT
expect_ok serai org add --name "Hochschule DE" --type university --country DE
cat >person.json <<EOF
{"name": "Lucia Ortega", "country": "ES",
 "expertise": "Soil moisture sensors and irrigation scheduling for small farms",
 "affiliations": [{"organization_id": $SME_ES}]}
EOF
expect_ok serai person add --file person.json

DEADLINE=$(date -u -d '+2 days' +%Y-%m-%dT12:00:00Z)
cat >call.json <<EOF
{"programme": "Joint Call", "edition": "2027", "title": "Joint call 2027",
 "funding_mode": "virtual_common_pot",
 "stages": [{"kind": "full_proposal", "deadline": "$DEADLINE"}],
 "funders": [{"organization_id": $FA_DE, "budget": 100000, "currency": "EUR"},
             {"organization_id": $FA_FR, "budget": 80000, "currency": "EUR"},
             {"organization_id": $FA_ES, "budget": 60000, "currency": "EUR"}],
 "rules": {"min_countries": 3}}
EOF
expect_ok serai call create --file call.json --json
CALL=$(json_value id)
expect_ok serai call open "$CALL"
cat >draft.json <<EOF
{"call_id": $CALL, "acronym": "SOILNET", "title": "Soil sensing network",
 "abstract": "Field trials of low-cost soil moisture sensors that schedule irrigation.",
 "keywords": ["soil moisture", "sensors", "irrigation"], "duration_months": 24,
 "partners": [{"organization_id": $SME_DE, "role": "coordinator", "funder_id": $FA_DE,
               "requested": 30000, "currency": "EUR"},
              {"organization_id": $UNI_FR, "role": "partner", "funder_id": $FA_FR,
               "requested": 30000, "currency": "EUR"}]}
EOF
expect_ok serai proposal create --file draft.json --json
DRAFT=$(json_value id)

# ---- consortium completion ----
expect_ok serai proposal suggest "$DRAFT"
expect_stdout_contains "min_countries"
expect_stdout_contains "3 suggestions"
expect_stdout_contains "Riego Preciso SL"
expect_stdout_contains "Irrigazione SpA"
expect_stdout_lacks "Hochschule DE"
expect_ok serai proposal suggest "$DRAFT" --json
FIRST=$(json_compact "$OUT" | sed -n 's/.*"suggestions": \[{"organization_id": \([0-9]*\),.*/\1/p')
[ "$FIRST" = "$SME_ES" ] || fail "first suggestion is $FIRST, expected the ES SME $SME_ES"
expect_json '"completes": true'
expect_ok serai proposal suggest "$DRAFT" --country IT --json
expect_json '"name": "Irrigazione SpA"'
expect_stdout_lacks "Riego Preciso"
expect_exit 1 serai proposal suggest "$DRAFT" --limit none
expect_stderr_contains "--limit"
expect_exit 1 serai proposal suggest "$DRAFT" --type castle
expect_stderr_contains "not an organisation type"

# ---- the market ----
cat >offer.json <<EOF
{"kind": "technology_offer", "title": "Low-cost soil moisture sensors",
 "description": "LoRa sensors for smallholder irrigation, licensable.",
 "keywords": ["soil", "sensors"], "expires_on": "2099-06-30"}
EOF
expect_exit 1 serai market post --file offer.json
expect_stderr_contains "names the organisation"
expect_ok serai market post --file offer.json --org "$SME_DE" --json
expect_json '"status": "open"'
OFFER=$(json_value id)
expect_ok serai market interest "$OFFER" --org "$SME_ES" --message "We would trial them."
expect_stdout_contains "interest"
expect_stdout_contains "Riego Preciso SL (ES), sent"
expect_exit 1 serai market interest "$OFFER" --org "$SME_DE" --message "ours"
expect_stderr_contains "its own item"
expect_ok serai market show "$OFFER" --json
INTEREST=$(json_compact "$OUT" | sed -n 's/.*"interest_list": \[{"id": \([0-9]*\),.*/\1/p')
[ -n "$INTEREST" ] || fail "no interest id"
expect_ok serai market answer "$INTEREST" accept
expect_stdout_contains "accepted"
expect_ok serai market list
expect_stdout_contains "Low-cost soil moisture sensors"
expect_ok serai market status "$OFFER" closed
expect_ok serai market list --json
expect_json '"items": []'
expect_ok serai market list --all
expect_stdout_contains "closed"
expect_exit 1 serai market interest "$OFFER" --org "$UNI_ES" --message "late"
expect_stderr_contains "is closed"

# ---- usage ----
expect_exit 1 serai market answer "$INTEREST" maybe
expect_stderr_contains "usage: serai market answer"
expect_exit 1 serai market status "$OFFER"
expect_stderr_contains "usage: serai market status"
expect_exit 1 serai market list --call x
expect_stderr_contains "--call"
