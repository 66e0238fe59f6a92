#!/bin/sh
# serai pb on a small Pabulib file worked out by hand, no database: 51
# voters want the red projects, 49 the blue ones, each costs 100 of a
# budget of 500.  Greedy funds the five red ones; Equal Shares with the
# add-one completion gives each voter 6 (5 would leave 100 unspent, 7
# would overspend): three red and two blue.  The explanation: greedy's
# skips, Equal Shares' rounds; --json carries both.
. "$(dirname "$0")/lib.sh"
sqlite_only "serai pb uses no database"

{
    printf 'META\nkey;value\ndescription;"red; and blue"\nbudget;500\nvote_type;approval\n'
    printf 'rule;equalshares/add1\nPROJECTS\nproject_id;cost;votes;name;selected\n'
    for p in r1 r2 r3 r4 r5; do printf '%s;100;51;red %s;0\n' "$p" "$p"; done
    for p in b1 b2 b3 b4 b5; do printf '%s;100;49;"blue ""%s""";0\n' "$p" "$p"; done
    printf 'VOTES\nvoter_id;vote\n'
    i=0
    while [ $i -lt 51 ]; do i=$((i + 1)); printf '%s;r1,r2,r3,r4,r5\n' "$i"; done
    while [ $i -lt 100 ]; do i=$((i + 1)); printf '%s;b1,b2,b3,b4,b5\n' "$i"; done
} >rb.pb

expect_ok serai pb --method greedy rb.pb
printf 'r1\nr2\nr3\nr4\nr5\n' >want
cmp -s "$OUT" want || fail "greedy selected $(tr '\n' ' ' <"$OUT")"
expect_stderr_line "serai: greedy selected 5 of 10 projects, spent 500 of 500"
expect_stderr_line "skipped b1: score 49, cost 100 does not fit in 0 left"

expect_ok serai pb --method mes rb.pb
printf 'r1\nr2\nr3\nb1\nb2\n' >want
cmp -s "$OUT" want || fail "mes selected $(tr '\n' ' ' <"$OUT")"
expect_stderr_line "serai: Equal Shares selected 5 of 10 projects, spent 500 of 500"
expect_stderr_line "endowment 600 / 100 voters (6.00 each) after 1 add-one steps"
expect_stderr_line "round 1: r1 cost 100, 51 supporters, rho 0.0196078, effective votes 51.00; 51 paid 1.96 each, 0 paid all they had, 0 had nothing left; supporters keep 206, all keep 500"
expect_stderr_line "round 4: b1 cost 100, 49 supporters, rho 0.0204082, effective votes 49.00; 49 paid 2.04 each, 0 paid all they had, 0 had nothing left; supporters keep 194, all keep 200"

# without the completion each voter has 5: two projects each side
expect_ok serai pb --method mes --completion none rb.pb
printf 'r1\nr2\nb1\nb2\n' >want
cmp -s "$OUT" want || fail "mes without completion selected $(tr '\n' ' ' <"$OUT")"
# the greedy completion then fills the budget by votes
expect_ok serai pb --method mes --completion none --then-greedy rb.pb
printf 'r1\nr2\nb1\nb2\nr3\n' >want
cmp -s "$OUT" want || fail "mes with greedy completion selected $(tr '\n' ' ' <"$OUT")"
expect_stderr_line "completed greedily: r3"

expect_ok serai pb --method mes rb.pb --json
expect_json '"selected": ["r1","r2","r3","b1","b2"]'
expect_json '"endowment_total": "600","endowment_per_voter": 6.0,"add1_steps": 1'
expect_json '{"round": 3,"project": "r3","cost": "100","supporters": 51'
expect_json '"paid_share": 51,"paid_all_they_had": 0,"paid_by_those": "0","had_nothing_left": 0,"supporters_left": "6","all_left": "300"'
expect_stderr_empty

expect_ok serai pb --method greedy rb.pb --json
expect_json '"selected": ["r1","r2","r3","r4","r5"]'
expect_json '"skipped_not_fitting": ["b1","b2","b3","b4","b5"]'

# the comparison step: 51 voters like greedy's outcome better, 49 MES's
expect_ok serai pb --method mes --compare rb.pb
printf 'r1\nr2\nr3\nr4\nr5\n' >want
cmp -s "$OUT" want || fail "mes with comparison selected $(tr '\n' ' ' <"$OUT")"
expect_stderr_line "comparison: 49 voters prefer Equal Shares, 51 greedy: the greedy outcome is kept"

# decimals: money is scaled to the smallest unit the file uses
sed -e 's/^budget;500$/budget;500.00/' -e 's/^r1;100;/r1;99.5;/' rb.pb >dec.pb
expect_ok serai pb --method greedy dec.pb
expect_stderr_line "serai: greedy selected 5 of 10 projects, spent 499.5 of 500.0"
