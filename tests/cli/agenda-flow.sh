#!/bin/sh
# An issue-setting process from the command line, the operator acting as
# the secretariat for the members it names: `agenda create` from a file
# with an option laid over it, `agenda list` and `show`, the members
# replaced from a file, issues added from options (SDGs, English and
# Chinese texts) and from a file, support bringing an issue into the
# consultation at the threshold (twice: refused), a comment and a reply
# shown as a thread, the phases moved one at a time (a skip refused), an
# amendment proposed and accepted, the issue shown in Chinese, the
# ballots and the provisional tally while voting.  Ballots are cast by
# delegates through the API only, so the process cannot be adopted from
# here: `agenda phase ID adopted` without a ballot fails with exit 1 and
# says why.  Usage errors come last.
. "$(dirname "$0")/lib.sh"

expect_ok serai init
for cc in VN MA CR; do
    expect_ok serai member add --country "$cc" --status member --since 2020-01-01
done

cat >process.json <<'EOF'
{"code": "CLI-AGENDA", "title": "Global common issues 2027", "ballot": "ranked",
 "method": "schulze",
 "dates": {"proposal": "2027-01-10", "consultation": "2027-02-10",
           "voting": "2027-03-10", "voting_closes": "2027-03-31"},
 "members": [{"member": "VN"}, {"member": "MA"}]}
EOF
expect_ok serai agenda create --file process.json --support-threshold 2 --json
expect_json '"code": "CLI-AGENDA"'
expect_json '"phase": "proposal"'
expect_json '"support_threshold": 2'
PROC=$(json_value id)
[ -n "$PROC" ] || fail "agenda create --json printed no id"

expect_ok serai agenda list
expect_stdout_contains "CLI-AGENDA"
expect_stdout_contains "proposal"

cat >members.json <<'EOF'
{"members": [{"member": "VN", "group": "Asia"}, {"member": "MA"},
             {"member": "CR", "contribution": 5}]}
EOF
expect_ok serai agenda members "$PROC" --file members.json
expect_stdout_contains "process $PROC CLI-AGENDA: Global common issues 2027"
expect_stdout_contains "phase proposal; ranked ballots counted by schulze, weighting member, support threshold 2"
expect_stdout_contains "CR"

# ---- issues and support ----
expect_ok serai agenda issue add "$PROC" --code W1 --title "Water security" \
    --summary "Shared rivers." --sdg 6,13 --member VN --json
expect_json '"code": "W1"'
expect_json '"sdgs": [6,13]'
expect_json '"status": "proposed"'
W1=$(json_value id)

cat >w2.json <<'EOF'
{"code": "W2", "member": "MA",
 "texts": {"en": {"title": "Clean energy", "summary": "Grids for islands."},
           "zh": {"title": "清洁能源", "summary": "海岛电网。"}}}
EOF
expect_ok serai agenda issue add "$PROC" --file w2.json --json
W2=$(json_value id)

expect_ok serai agenda support "$W1" --member MA
expect_stdout_contains "status consultation"
expect_stdout_contains "supported by 2 members (threshold 2)"
expect_exit 1 serai agenda support "$W1" --member MA
expect_stderr_contains "serai: "

expect_ok serai agenda issues "$PROC" --status proposed
expect_stdout_contains "W2"
expect_stdout_lacks "W1"

expect_ok serai agenda comment "$W1" --text "Does this cover groundwater?" --json
COMMENT=$(json_compact "$OUT" | sed -n 's/.*"comments": \[{"id": \([0-9]*\),.*/\1/p')
[ -n "$COMMENT" ] || fail "no comment id in the issue"
expect_ok serai agenda comment "$W1" --text "Yes: aquifers too." --reply-to "$COMMENT"
expect_stdout_contains "#$COMMENT cli:operator: Does this cover groundwater?"
expect_stdout_contains "    #"
expect_stdout_contains "Yes: aquifers too."

# ---- the consultation ----
expect_exit 1 serai agenda phase "$PROC" voting
expect_stderr_contains "serai: "
expect_ok serai agenda phase "$PROC" consultation
expect_stdout_contains "phase consultation"

expect_ok serai agenda amend "$W1" --lang en --title "Water security in shared basins" \
    --reason "Groundwater is shared too." --member MA --json
AMENDMENT=$(json_compact "$OUT" | sed -n 's/.*"amendments": \[{"id": \([0-9]*\),.*/\1/p')
[ -n "$AMENDMENT" ] || fail "no amendment id in the issue"
expect_ok serai agenda amendment "$AMENDMENT" accept --note "agreed"
expect_stdout_contains "issue $W1 W1: Water security in shared basins"
expect_stdout_contains "accepted"

expect_ok serai agenda issue show "$W2" --lang zh
expect_stdout_contains "issue $W2 W2: 清洁能源"
expect_ok serai agenda issue show "$W2"
expect_stdout_contains "issue $W2 W2: Clean energy"

# ---- voting: no ballots from the command line ----
expect_ok serai agenda phase "$PROC" voting
expect_stdout_contains "phase voting"
expect_ok serai agenda ballots "$PROC" --json
expect_json '"items": []'

expect_exit 1 serai agenda phase "$PROC" adopted
expect_stderr_contains "no ballot was cast"
expect_ok serai agenda show "$PROC" --json
expect_json '"phase": "voting"'

# ---- ballots handed in by delegates, recorded under their accounts ----
expect_ok serai account add --email ma.delegate@serai.test --name "MA delegate" \
    --role delegate --country MA --password "a long enough password"
expect_ok serai account add --email vn.delegate@serai.test --name "VN delegate" \
    --role delegate --country VN --password "a long enough password"
expect_exit 1 serai agenda vote "$PROC" --delegate nobody@serai.test --marks W1=1
expect_stderr_contains "no account nobody@serai.test"
expect_exit 1 serai agenda vote "$PROC" --delegate ma.delegate@serai.test --marks W1=one
expect_stderr_contains "CODE=MARK"
expect_exit 1 serai agenda vote "$PROC" --delegate ma.delegate@serai.test --marks W1=1 \
    --member VN
expect_stderr_contains "does not represent"
expect_exit 1 serai agenda vote "$PROC" --delegate ma.delegate@serai.test --marks W9=1
expect_stderr_contains "no issue W9 on this ballot"
expect_exit 1 serai agenda vote "$PROC" --delegate ma.delegate@serai.test --marks W2=1
expect_stderr_contains "no issue W2 on this ballot"
expect_ok serai agenda vote "$PROC" --delegate ma.delegate@serai.test --marks W1=1
expect_stdout_contains "cast for MA"
expect_exit 1 serai agenda vote "$PROC" --delegate ma.delegate@serai.test --marks W1=1
expect_stderr_contains "withdraw it to vote again"
expect_ok serai agenda vote "$PROC" --delegate ma.delegate@serai.test --withdraw
expect_stdout_contains "ballot withdrawn"
expect_ok serai agenda vote "$PROC" --delegate ma.delegate@serai.test --marks W1=0
expect_ok serai agenda vote "$PROC" --delegate vn.delegate@serai.test --marks W1=1
expect_ok serai agenda tally "$PROC" --json
expect_json '"winners": ["W1"]'
expect_json '"provisional": true'
expect_ok serai agenda phase "$PROC" adopted
expect_stdout_contains "phase adopted"
expect_exit 1 serai agenda link "$W1" 999999
expect_stderr_contains "no call 999999"
expect_ok serai agenda adopted "$PROC"
expect_stdout_contains "1. W1"

# ---- usage ----
expect_exit 1 serai agenda phase "$PROC"
expect_stderr_contains "usage: serai agenda phase PROCESS"
expect_exit 1 serai agenda amendment "$AMENDMENT" maybe
expect_stderr_contains "neither accept nor reject"
expect_exit 1 serai agenda issue add "$PROC" --code W9 --sdg six
expect_stderr_contains "--sdg takes UN SDG numbers"
expect_exit 1 serai agenda issue list "$PROC"
expect_stderr_contains "usage: serai agenda issue add PROCESS"
expect_exit 1 serai agenda show 999999
expect_stderr_contains "serai: "
