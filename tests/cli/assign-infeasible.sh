#!/bin/sh
# When no assignment exists, serai assign says why in terms an officer can
# act on (exit 1, no output file): capacity below demand, minimum loads
# above it, and a group of proposals whose candidates cannot take enough
# reviews (a Hall cut found by the solver).
. "$(dirname "$0")/lib.sh"
sqlite_only "serai assign uses no database"

# 30 proposals, 20 reviewers, every pair scored.
awk 'BEGIN { print "proposal,reviewer,score"
    for (p = 1; p <= 30; p++) for (r = 1; r <= 20; r++)
        printf "P%02d,R%02d,0.%03d\n", p, r, (p * 37 + r * 11) % 1000 }' >scores.csv
printf 'proposal,reviewer\n' >none.csv

expect_exit 1 serai assign --scores scores.csv --conflicts none.csv --per-proposal 3 \
    --max-load 4 --out out.csv
[ ! -e out.csv ] || fail "out.csv written for an infeasible instance"
expect_stderr_contains "serai: total capacity 80 < demand 90 (30 proposals x 3 reviewers)"
expect_stderr_contains "raise --max-load, add reviewers or candidates, or lower --per-proposal"

expect_exit 1 serai assign --scores scores.csv --conflicts none.csv --per-proposal 3 \
    --max-load 6 --min-load 5 --out out.csv
expect_stderr_contains "serai: minimum loads total 100 > demand 90 (30 proposals x 3 reviewers): lower --min-load"

expect_ok serai assign --scores scores.csv --conflicts none.csv --per-proposal 3 \
    --max-load 5 --min-load 4 --out out.csv --json
expect_json '"load_histogram": [0,0,0,0,10,10]'

# P01..P05 may only be reviewed by R01 and R02 (conflicts with the rest):
# 5 proposals x 2 reviewers = 10 reviews, but R01 and R02 take at most 4 each.
awk 'BEGIN { print "proposal,reviewer"
    for (p = 1; p <= 5; p++) for (r = 3; r <= 20; r++) printf "P%02d,R%02d\n", p, r }' >conflicts.csv
expect_exit 1 serai assign --scores scores.csv --conflicts conflicts.csv --per-proposal 2 \
    --max-load 4 --out out.csv
expect_stderr_contains "need 10 reviews, but their conflict-free candidates (2 reviewers) can take at most 8 of them"
