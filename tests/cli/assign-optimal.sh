#!/bin/sh
# serai assign writes the assignment of largest total affinity from files,
# no database: the optimum of a small instance worked out by hand, the
# summary on stderr and as JSON, the country cap, minimum loads and fair
# mode; ids with commas and quotes survive the round trip.
. "$(dirname "$0")/lib.sh"
sqlite_only "serai assign uses no database"

cat >scores.csv <<'CSV'
proposal,reviewer,score
P1,alice,0.9
P1,bob,0.8
P1,carol,0.1
P2,alice,0.7
P2,bob,0.6
P2,dave,0.5
P3,alice,0.95
P3,carol,0.3
P3,dave,0.2
CSV
printf 'proposal,reviewer\n' >none.csv

# alice is everyone's first choice but reviews at most two: P2 gives her up
# (0.7 -> 0.5 costs least), total 1.7 + 1.1 + 1.25 = 4.05.
expect_ok serai assign --scores scores.csv --conflicts none.csv --per-proposal 2 \
    --max-load 2 --out out.csv
expect_stdout_empty
cat >want.csv <<'CSV'
proposal,reviewer,score
P1,alice,0.9
P1,bob,0.8
P2,bob,0.6
P2,dave,0.5
P3,alice,0.95
P3,carol,0.3
CSV
cmp -s out.csv want.csv || fail "assignment differs: $(cat out.csv)"
expect_stderr_contains "serai: assigned 6 reviews to out.csv: 3 proposals x 2 reviewers, 4 reviewers (loads 0..2)"
expect_stderr_contains "objective            4.05 (total affinity, the largest possible)"
expect_stderr_contains "per proposal         lowest 1.1, mean 1.350, highest 1.7"
expect_stderr_contains "load histogram       0: 0, 1: 2, 2: 2"
expect_stderr_contains "certified by dual prices"

# The same as JSON on stdout.
expect_ok serai assign --scores scores.csv --conflicts none.csv --per-proposal 2 \
    --max-load 2 --out out.csv --json
expect_stderr_empty
expect_json '"objective": 4.05,'
expect_json '"objective_thousandths": 4050,'
expect_json '"lowest_per_proposal": 1.1,'
expect_json '"lowest_pair": 0.3,'
expect_json '"load_histogram": [0,2,2]'
expect_json '"assigned": 6,'

# A conflict moves P3 from carol to dave: 4.05 - 0.3 + 0.2.
printf 'proposal,reviewer\nP3,carol\n' >conflicts.csv
expect_ok serai assign --scores scores.csv --conflicts conflicts.csv --per-proposal 2 \
    --max-load 2 --out out.csv --json
expect_json '"objective": 3.95,'
expect_json '"conflicts_applied": 1,'
grep -q '^P3,carol,' out.csv && fail "a conflict was assigned"

# At most one reviewer of a country per proposal (alice and bob are both
# from CN): two assignments tie at 3.35.
cat >people.csv <<'CSV'
name,reviewer,country
Alice,alice,CN
Bob,bob,CN
Carol,carol,DE
Dave,dave,FR
Erin,erin,FR
CSV
expect_ok serai assign --scores scores.csv --conflicts none.csv --per-proposal 2 \
    --max-load 2 --countries people.csv --max-same-country 1 --out out.csv --json
expect_json '"objective": 3.35,'
grep -q '^P1,alice,' out.csv && grep -q '^P1,bob,' out.csv && fail "two reviewers from CN on P1"
grep -q '^P2,alice,' out.csv && grep -q '^P2,bob,' out.csv && fail "two reviewers from CN on P2"

# Every reviewer at least one review: the optimum above already is.
expect_ok serai assign --scores scores.csv --conflicts none.csv --per-proposal 2 \
    --max-load 2 --min-load 1 --out out.csv
cmp -s out.csv want.csv || fail "minimum load 1 changed the assignment"

# Pair mode (--fair pair): the plain optimum gives P2 carol at 0.05; the
# pair mode gives up 0.05 of the total so that no pair scores below 0.4.
# With one reviewer per proposal the per-proposal mode (--fair) is the same.
cat >fair.csv <<'CSV'
proposal,reviewer,score
P1,alice,1.0
P1,bob,0.4
P2,alice,0.6
P2,carol,0.05
CSV
expect_ok serai assign --scores fair.csv --conflicts none.csv --per-proposal 1 \
    --max-load 1 --out plain.csv --json
expect_json '"objective": 1.05,'
expect_json '"lowest_pair": 0.05,'
expect_ok serai assign --scores fair.csv --conflicts none.csv --per-proposal 1 \
    --max-load 1 --fair pair --out fair-out.csv --json
expect_json '"objective": 1.0,'
expect_json '"fairness": "pair",'
expect_json '"fair_threshold": 0.4,'
printf 'proposal,reviewer,score\nP1,bob,0.4\nP2,alice,0.6\n' >want-fair.csv
cmp -s fair-out.csv want-fair.csv || fail "fair assignment differs: $(cat fair-out.csv)"
expect_ok serai assign --scores fair.csv --conflicts none.csv --per-proposal 1 \
    --max-load 1 --fair pair --out fair-out.csv
expect_stderr_contains "every assigned pair scores >= 0.4, the highest threshold possible"
expect_ok serai assign --scores fair.csv --conflicts none.csv --per-proposal 1 \
    --max-load 1 --fair --out fair-out.csv --json
expect_json '"fairness": "proposal",'
expect_json '"lowest_per_proposal": 0.4,'
expect_json '"lowest_per_proposal_bound": 0.4,'
expect_json '"lowest_per_proposal_gap": 0.0,'
cmp -s fair-out.csv want-fair.csv || fail "per-proposal assignment differs: $(cat fair-out.csv)"

# Ids with commas and quotes, a BOM, CRLF line ends; --out - is stdout.
printf '\357\273\277proposal,reviewer,score\r\n"Doe, J. ""jr""",r1,0.5\r\n"Doe, J. ""jr""",r2,0.25\r\n' >quoted.csv
expect_ok serai assign --scores quoted.csv --conflicts none.csv --per-proposal 1 \
    --max-load 1 --out -
expect_stdout_line '"Doe, J. ""jr""",r1,0.5'
