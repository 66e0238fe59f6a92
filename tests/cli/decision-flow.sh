#!/bin/sh
# Funding decisions and grants from the command line, on the demo database
# (issue 7 §4, §5, §7): `decision show` (table and JSON) of call 2, whose
# selection the demo ran, signed, declined and re-ran; `decision whatif`
# and `decision compare` (the optimal choice never worse than the binding
# one, the extra score their difference); the grants of a proposal every
# funder signed (`award list`, `award show`); a tranche paid twice, out of
# order or before the report it waits for is refused with the reason; a
# report accepted before it is submitted is refused; submitted and
# accepted, the next tranche is paid and the pot's disbursed figure grows
# by exactly its amount; a decision skipping a step is refused; a decline
# blocks the consortium and re-runs the selection; `fund show` of the pot.
. "$(dirname "$0")/lib.sh"

DB=$(new_db decdemo) || exit 2
expect_ok serai demo --db "$DB"

# ---- the call's decisions ----
expect_ok serai decision show 2 --db "$DB"
expect_stdout_contains "call 2: latest selection run"
expect_stdout_contains "project start: 2026-09-01"
expect_stdout_contains "contract_signed"
expect_stdout_contains "national budget cut"
expect_stdout_contains "blocked: funder"

expect_ok serai decision show 2 --db "$DB" --json
expect_json '"call_id": 2,'
expect_json '"project_start": "2026-09-01"'
# One "PROPOSAL STATUS" line per decision, in the order shown.
json_compact "$OUT" |
    grep -o '"proposal_id": [0-9]*,"funder_org_id": [0-9]*,[^}]*"status": "[a-z_]*"' |
    sed 's/^"proposal_id": \([0-9]*\),"funder_org_id": \([0-9]*\),.*"status": "\([a-z_]*\)"$/\1 \2 \3/' \
        >decisions.txt
[ -s decisions.txt ] || fail "no decisions in decision show --json"
# A proposal all of whose decisions are signed, one all earmarked.
all_in()
{
    awk -v st="$1" '{ n[$1]++; if ($3 == st) k[$1]++ }
        END { for (p in n) if (k[p] == n[p]) print p }' decisions.txt | sort -n | head -n 1
}
SIGNED=$(all_in contract_signed)
EARMARKED=$(all_in earmarked)
[ -n "$SIGNED" ] || fail "the demo signed no proposal of call 2"
[ -n "$EARMARKED" ] || fail "the demo left no proposal of call 2 earmarked"
grep -q ' declined$' decisions.txt || fail "the demo declined nothing in call 2"

LATEST=$(json_value latest_run_id)
expect_ok serai decision run "$LATEST" --db "$DB" --json
expect_json '"kind": "rerun"'
expect_json '"input_digest": "'
expect_json '"rerun": true'

# ---- what-if and the optimal comparison ----
expect_ok serai decision whatif 2 --db "$DB" --json
expect_json '"call_id": 2,'
expect_json '"percent": 10,'
expect_json '"more_funded": '
expect_json '"runs_out_at_rank": '
expect_json '"extra_for_next": '
expect_ok serai decision whatif 2 --db "$DB" --percent 50 --json
expect_json '"percent": 50,'

expect_ok serai decision compare 2 --time-limit 5 --db "$DB" --json
expect_json '"call_id": 2,'
expect_json '"objective": "score"'
expect_json '"binding": {'
expect_json '"optimal": {'
expect_json '"proven_optimal": '
expect_json '"gap": '
# funded_score appears in binding, then in optimal.
json_compact "$OUT" | grep -o '"funded_score": [0-9-]*' | sed 's/.*: //' >scores.txt
[ "$(wc -l <scores.txt | tr -d ' ')" -eq 2 ] || fail "expected two funded_score figures"
BIND_SCORE=$(sed -n 1p scores.txt)
OPT_SCORE=$(sed -n 2p scores.txt)
[ "$OPT_SCORE" -ge "$BIND_SCORE" ] ||
    fail "optimal funded_score $OPT_SCORE is below the binding one $BIND_SCORE"
EXTRA=$(json_compact "$OUT" | grep -o '"extra_score": [0-9-]*' | sed 's/.*: //')
expect_equal "$EXTRA" "$((OPT_SCORE - BIND_SCORE))" "extra_score"
expect_ok serai decision compare 2 --objective count --time-limit 5 --db "$DB" --json
expect_json '"objective": "count"'
expect_exit 1 serai decision compare 2 --objective money --db "$DB"
expect_stderr_contains "objective is score or count"
expect_exit 1 serai decision show 2 3 --db "$DB"
expect_stderr_contains "usage: serai decision show CALL"

# A second binding selection is refused.
expect_exit 1 serai decision select 2 --db "$DB"
expect_stderr_contains "has its selection"

# ---- the grants of a signed proposal ----
expect_ok serai award list "$SIGNED" --db "$DB" --json
expect_json "\"proposal_id\": $SIGNED,"
AWARD=$(json_compact "$OUT" | grep -o "\"id\": [0-9]*,\"proposal_id\": $SIGNED," | head -n 1 |
    sed 's/^"id": \([0-9]*\),.*/\1/')
[ -n "$AWARD" ] || fail "no grant of proposal $SIGNED"
N_AWARDS=$(json_count "\"proposal_id\": $SIGNED,\"partner_seq\"")
[ "$N_AWARDS" -ge 1 ] || fail "no grants listed"

expect_ok serai award show "$AWARD" --db "$DB"
expect_stdout_contains "proposal_id    $SIGNED"
expect_stdout_contains "tranches"
expect_stdout_contains '"paid":"2026-09-15"'
expect_ok serai award show "$AWARD" --db "$DB" --json
expect_json "\"id\": $AWARD,"
expect_json '"status": "active"'
expect_json '"seq": 1,'
CUR=$(json_value currency)
FUND=$(json_value fund_id)
expect_equal "$FUND" 2 "the pot of call 2"
# The second tranche and the first report period.
T2=$(json_compact "$OUT" | grep -o '"seq": 2,"due": "[0-9-]*","amount": [0-9]*' |
    sed 's/.*"amount": //')
T2_DUE=$(json_compact "$OUT" | grep -o '"seq": 2,"due": "[0-9-]*"' | sed 's/.*"due": "\(.*\)"/\1/')
P1=$(json_compact "$OUT" | grep -o '"period_end": "[0-9-]*"' | head -n 1 |
    sed 's/.*: "\(.*\)"/\1/')
if [ -z "$T2" ] || [ -z "$T2_DUE" ] || [ -z "$P1" ]; then
    fail "no second tranche or first report"
fi
# The second tranche falls after the first report period: it waits for it.
[ "$(printf '%s\n%s\n' "$P1" "$T2_DUE" | sort | head -n 1)" = "$P1" ] ||
    fail "tranche 2 ($T2_DUE) is not due after the first period ($P1)"

# The demo paid the first tranche: paying it again is refused.
expect_exit 1 serai award pay "$AWARD" --tranche 1 --date 2026-09-20 --db "$DB"
expect_stderr_contains "tranche 1 is paid already"
expect_exit 1 serai award pay "$AWARD" --tranche 1 --date 2026-09-21 --db "$DB"
expect_stderr_contains "tranche 1 is paid already"
expect_exit 1 serai award pay "$AWARD" --tranche 3 --date 2027-09-20 --db "$DB"
expect_stderr_contains "tranches are paid in order"
expect_exit 1 serai award pay "$AWARD" --tranche 2 --date "$T2_DUE" --db "$DB"
expect_stderr_contains "report"
expect_exit 1 serai award pay "$AWARD" --date 2027-09-20 --db "$DB"
expect_stderr_contains "--tranche"

# Reports: accepting before submitting is refused; then submitted and
# accepted, the second tranche is paid.
expect_exit 1 serai award report "$AWARD" --period-end "$P1" --date 2027-10-01 --accept \
    --db "$DB"
expect_stderr_contains "the report has not been submitted"
expect_exit 1 serai award report "$AWARD" --period-end 2027-09-30 --date 2027-10-01 --db "$DB"
expect_stderr_contains "has no report for the period ending 2027-09-30"
expect_ok serai award report "$AWARD" --period-end "$P1" --date 2027-10-01 --db "$DB" --json
expect_json '"status": "submitted"'
expect_exit 1 serai award report "$AWARD" --period-end "$P1" --date 2027-10-02 --db "$DB"
expect_stderr_contains "the report was submitted on 2027-10-01"
expect_ok serai award report "$AWARD" --period-end "$P1" --date 2027-10-15 --accept \
    --db "$DB" --json
expect_json '"accepted": "2027-10-15"'

# The pot's disbursed figure in the grant's currency, before and after.
disbursed()
{
    expect_ok serai fund show "$FUND" --db "$DB" --json
    json_compact "$OUT" |
        grep -o "\"currency\": \"$CUR\",\"pledged\": [0-9]*,[^}]*\"disbursed\": [0-9]*" |
        sed 's/.*"disbursed": //'
}
BEFORE=$(disbursed)
if [ -z "$BEFORE" ] || [ "$BEFORE" -le 0 ]; then
    fail "the pot shows nothing disbursed in $CUR"
fi
expect_ok serai award pay "$AWARD" --tranche 2 --date "$T2_DUE" --db "$DB" --json
expect_json "\"paid\": \"$T2_DUE\""
AFTER=$(disbursed)
expect_equal "$AFTER" "$((BEFORE + T2))" "disbursed in $CUR after tranche 2"
expect_exit 1 serai award pay "$AWARD" --tranche 2 --date "$T2_DUE" --db "$DB"
expect_stderr_contains "tranche 2 is paid already"

expect_ok serai fund show 2 --db "$DB"
expect_stdout_contains "fund POT-2"
expect_stdout_contains "disbursed"

# ---- decisions: one step at a time; a decline re-runs ----
FUNDER=$(awk -v p="$EARMARKED" '$1 == p { print $2; exit }' decisions.txt)
expect_exit 1 serai decision set "$EARMARKED" --funder "$FUNDER" --status approved --db "$DB"
expect_stderr_contains "one step at a time"
expect_exit 1 serai decision set "$EARMARKED" --funder "$FUNDER" --status funded --db "$DB"
expect_stderr_contains "status is national_evaluation, approved, contract_signed or declined"
expect_exit 1 serai award create "$EARMARKED" --db "$DB"
expect_stderr_contains "every funder signs before the grants"
expect_ok serai decision set "$EARMARKED" --funder "$FUNDER" --status declined \
    --note "cli test decline" --db "$DB" --json
expect_json '"status": "declined"'
expect_json '"rerun": {'
expect_json '"kind": "rerun"'
expect_ok serai decision show 2 --db "$DB" --json
json_compact "$OUT" |
    grep -o "\"proposal_id\": $EARMARKED,\"funder_org_id\": [0-9]*,[^}]*\"status\": \"[a-z_]*\"" |
    sed 's/.*"status": "\(.*\)"/\1/' | sort -u >after.txt
expect_equal "$(cat after.txt)" "declined" "every decision of proposal $EARMARKED after the decline"
NEW_LATEST=$(json_value latest_run_id)
[ "$NEW_LATEST" -gt "$LATEST" ] || fail "the decline did not store a re-run"
expect_ok serai decision run "$NEW_LATEST" --db "$DB" --json
expect_json '"kind": "rerun"'

# The audit trail holds every step and verifies.
expect_ok serai audit verify --db "$DB"
exit 0
