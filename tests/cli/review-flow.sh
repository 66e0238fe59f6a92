#!/bin/sh
# A call's review from the command line, as the operator (the
# secretariat's rights): review setup (show and set --file), invite,
# answer (--accept, --decline REASON), pool, conflicts with their reasons,
# assign by hand, list and ranking.  Exit 0 on success; refused input
# exits 1 with one line on stderr naming the field, and writes nothing.
. "$(dirname "$0")/lib.sh"

# id_of CMD...: run a command printing JSON, print the record's id.
id_of()
{
    expect_ok "$@" --json
    json_value id
}

printf '{"name": "Rahoitus FI", "type": "funding_agency", "country": "FI"}' >fa-fi.json
printf '{"name": "Fond EE", "type": "funding_agency", "country": "EE"}' >fa-ee.json
printf '{"name": "Yliopisto FI", "type": "university", "country": "FI"}' >uni-fi.json
printf '{"name": "OU EE", "type": "sme", "country": "EE", "sme_evidence": "register"}' >sme-ee.json
printf '{"name": "Universitetas LT", "type": "university", "country": "LT"}' >uni-lt.json
FA_FI=$(id_of serai org add --file fa-fi.json)
FA_EE=$(id_of serai org add --file fa-ee.json)
UNI_FI=$(id_of serai org add --file uni-fi.json)
SME_EE=$(id_of serai org add --file sme-ee.json)
UNI_LT=$(id_of serai org add --file uni-lt.json)
LEAD=$(id_of serai person add --name "Lead FI" --country FI --org "$UNI_FI")
REV_LT=$(id_of serai person add --name "Reviewer LT" --country LT --org "$UNI_LT")
REV_HR=$(id_of serai person add --name "Reviewer HR" --country HR)
REV_FI=$(id_of serai person add --name "Reviewer FI" --country FI)
[ -n "$FA_EE" ] && [ -n "$UNI_LT" ] && [ -n "$REV_FI" ] || fail "registry not built"

# ---- a closed call with one eligible proposal ----
cat >call.json <<JSON
{"programme": "CLI Review Programme", "edition": "2036", "title": "Catalysis",
 "funding_mode": "virtual_common_pot",
 "stages": [{"kind": "full_proposal", "deadline": "2099-03-31T12:00:00Z"}],
 "funders": [{"organization_id": $FA_FI, "budget": 500000000, "currency": "EUR"},
             {"organization_id": $FA_EE, "budget": 300000000, "currency": "EUR"}],
 "rules": {"min_countries": 2}}
JSON
CALL=$(id_of serai call create --file call.json)
expect_ok serai call open "$CALL"
cat >proposal.json <<JSON
{"call_id": $CALL, "acronym": "CATAL", "title": "Catalysts from waste",
 "duration_months": 24,
 "partners": [{"organization_id": $UNI_FI, "role": "coordinator",
               "pi_person_id": $LEAD, "funder_id": $FA_FI,
               "requested": 40000000, "currency": "EUR"},
              {"organization_id": $SME_EE, "role": "partner",
               "funder_id": $FA_EE, "requested": 20000000, "currency": "EUR"}]}
JSON
PROP=$(id_of serai proposal create --file proposal.json)
expect_ok serai proposal submit "$PROP" --json
expect_json '"status": "eligible"'
expect_ok serai call close "$CALL"

# ---- set-up ----
expect_exit 1 serai review setup "$CALL"
expect_stderr_lines 1
expect_stderr_contains "no review set-up"
cat >setup.json <<JSON
{"per_proposal": 2, "max_same_country": 1, "exclude_applicant_countries": true,
 "scheme": {"scale": {"min": 0, "max": 5, "step": 0.5},
            "criteria": [{"code": "excellence", "name": "Excellence", "threshold": 3},
                         {"code": "impact", "name": "Impact", "threshold": 3},
                         {"code": "implementation", "name": "Implementation"}],
            "overall_threshold": 10, "outlier_rule": true,
            "tie_breaks": ["excellence", "countries"]}}
JSON
expect_ok serai review setup "$CALL" --file setup.json --json
expect_json '"per_proposal": 2'
expect_json '"exclude_applicant_countries": true'
expect_json '"tie_breaks": ["excellence","countries"]'

AUDIT=$(audit_count)
cat >bad-step.json <<JSON
{"per_proposal": 2, "scheme": {"scale": {"min": 0, "max": 5, "step": 0.25},
 "criteria": [{"code": "excellence", "name": "Excellence"}]}}
JSON
expect_exit 1 serai review setup "$CALL" --file bad-step.json
expect_stderr_lines 1
expect_stderr_contains "serai: scheme/scale/step: "
cat >bad-code.json <<JSON
{"per_proposal": 2, "scheme": {"scale": {"min": 0, "max": 5, "step": 0.5},
 "criteria": [{"code": "excellence", "name": "A"}, {"code": "excellence", "name": "B"}]}}
JSON
expect_exit 1 serai review setup "$CALL" --file bad-code.json
expect_stderr_contains "serai: scheme/criteria/1/code: "
expect_exit 1 serai review setup "$CALL" --file missing.json
expect_exit 1 serai review setup 999999 --file setup.json
expect_equal "$(audit_count)" "$AUDIT" "audit records after refused set-ups"
expect_ok serai review setup "$CALL" --json
expect_json '"per_proposal": 2'

# ---- the pool ----
expect_ok serai review invite "$CALL" --person "$REV_LT" --max-load 4 --json
expect_json '"status": "invited"'
expect_json '"max_load": 4'
expect_ok serai review invite "$CALL" --person "$REV_HR" --min-load 1 --max-load 3
expect_ok serai review invite "$CALL" --person "$REV_FI" --max-load 3
expect_ok serai review invite "$CALL" --person "$LEAD" --max-load 3
AUDIT=$(audit_count)
expect_exit 1 serai review invite "$CALL" --person "$REV_LT" --max-load 4
expect_stderr_lines 1
expect_stderr_contains "serai: person_id: "
expect_exit 1 serai review invite "$CALL" --person 999999 --max-load 4
expect_stderr_contains "serai: person_id: "
expect_exit 1 serai review invite "$CALL" --person "$REV_HR" --min-load 5 --max-load 4
expect_stderr_contains "serai: min_load: "
expect_exit 1 serai review invite "$CALL" --person "$REV_HR"
expect_stderr_contains "max-load"
expect_equal "$(audit_count)" "$AUDIT" "audit records after refused invitations"

expect_ok serai review answer "$CALL" "$REV_LT" --accept --json
expect_json '"status": "accepted"'
expect_exit 1 serai review answer "$CALL" "$REV_LT" --accept
expect_stderr_contains "already answered"
expect_exit 1 serai review answer "$CALL" "$REV_HR" --accept --decline "Busy"
expect_exit 1 serai review answer "$CALL" "$REV_HR" --decline ""
expect_stderr_contains "serai: reason: "
expect_ok serai review answer "$CALL" "$REV_HR" --decline "On sabbatical until June." --json
expect_json '"status": "declined","reason": "On sabbatical until June."'
expect_ok serai review answer "$CALL" "$REV_FI" --accept
expect_ok serai review answer "$CALL" "$LEAD" --accept
expect_exit 1 serai review answer "$CALL" 999999 --accept

expect_ok serai review pool "$CALL" --json
expect_equal "$(json_count '"status": "accepted"')" 3 "accepted reviewers"
expect_equal "$(json_count '"status": "declined"')" 1 "declined reviewers"
expect_ok serai review pool "$CALL"
expect_stdout_contains "Reviewer HR"
expect_stdout_contains "declined"

# ---- conflicts, with their reasons ----
expect_ok serai review conflicts "$CALL"
expect_stdout_line "$(printf 'proposal\tperson\treason')"
expect_stdout_contains "$(printf '%s\t%s\tsame_country: is from FI' "$PROP" "$REV_FI")"
expect_stdout_contains "$(printf '%s\t%s\tco_applicant: ' "$PROP" "$LEAD")"
expect_stdout_contains "$(printf '%s\t%s\tsame_organization: works at Yliopisto FI' "$PROP" "$LEAD")"
expect_stdout_lacks "$(printf '%s\t%s\t' "$PROP" "$REV_LT")"
expect_stdout_lacks "$(printf '%s\t%s\t' "$PROP" "$REV_HR")"
expect_ok serai review conflicts "$CALL" --json
expect_json '"code": "same_country"'
expect_exit 1 serai review conflicts 999999

# ---- assignment by hand ----
AUDIT=$(audit_count)
expect_exit 1 serai review assign "$PROP" --person "$REV_FI"
expect_stderr_lines 1
expect_stderr_contains "serai: person_id: "
expect_stderr_contains "conflict of interest"
expect_exit 1 serai review assign "$PROP" --person "$REV_HR"
expect_stderr_contains "serai: person_id: "
expect_stderr_contains "not an accepted reviewer"
expect_exit 1 serai review assign 999999 --person "$REV_LT"
expect_stderr_contains "serai: proposal_id: "
expect_exit 1 serai review assign "$PROP"
expect_stderr_contains "--person"
expect_equal "$(audit_count)" "$AUDIT" "audit records after refused assignments"
expect_ok serai review assign "$PROP" --person "$REV_LT" --json
expect_json '"status": "assigned"'
expect_json '"overall": null'
REVIEW=$(json_value id)
expect_exit 1 serai review assign "$PROP" --person "$REV_LT"
expect_stderr_contains "serai: person_id: "
expect_ok serai proposal show "$PROP" --json
expect_json '"status": "in_review"'

# ---- list and ranking ----
expect_ok serai review list --call "$CALL" --json
expect_json "\"id\": $REVIEW,\"proposal_id\": $PROP,\"person_id\": $REV_LT"
expect_equal "$(json_count '"status": "assigned"')" 1 "reviews of the call"
expect_ok serai review list --proposal "$PROP" --status assigned
expect_stdout_contains "$REVIEW"
expect_ok serai review list --call "$CALL" --status submitted --json
expect_json '"items": []'
expect_exit 1 serai review list --status finished
expect_stderr_contains "serai: status: "
expect_exit 1 serai review list --call abc

expect_ok serai review ranking "$CALL"
expect_stdout_line "$(printf 'rank\tscore\tsource\treviews\tproposal\tacronym\tnote')"
expect_stdout_line "$(printf '1\t-\t-\t0\t%s\tCATAL\t' "$PROP")"
expect_ok serai review ranking "$CALL" --json
expect_json '"tie_breaks": ["excellence","countries"]'
expect_json "\"proposal_id\": $PROP"
expect_json '"below_threshold": false'
expect_exit 1 serai review ranking 999999
expect_exit 1 serai review ranking

# ---- assignment runs: the fairness words (the only proposal already has
# its reviewer, so each run that gets past its arguments finds nothing) ----
AUDIT=$(audit_count)
expect_exit 1 serai review match "$CALL" --fair fairest
expect_stderr_lines 1
expect_stderr_contains 'serai: --fair is proposal or pair, not "fairest"'
expect_exit 1 serai review match "$CALL" pair
expect_stderr_contains "usage: serai review match CALL [--fair [proposal|pair]]"
for mode in "" proposal pair; do
    expect_exit 1 serai review match "$CALL" --fair $mode
    expect_stderr_lines 1
    expect_stderr_contains "has no eligible proposal without reviewers"
done
expect_exit 1 serai review match --fair pair "$CALL"
expect_stderr_contains "has no eligible proposal without reviewers"
expect_equal "$(audit_count)" "$AUDIT" "audit records after runs that found nothing"
