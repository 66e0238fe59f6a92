#!/bin/sh
# serai assign refuses bad input with the file and the line at fault and
# exit status 1, writing nothing: repeated pairs, scores that are not
# numbers, unknown ids in the conflicts, more reviewers per proposal than
# candidates, negative loads, broken CSV, missing options.
. "$(dirname "$0")/lib.sh"
sqlite_only "serai assign uses no database"

good='proposal,reviewer,score
P1,r1,0.9
P1,r2,0.8
P2,r1,0.5
P2,r3,0.4'
printf '%s\n' "$good" >scores.csv
printf 'proposal,reviewer\n' >none.csv

refused()
{
    expect_exit 1 serai assign "$@"
    [ ! -e out.csv ] || fail "out.csv written despite the error"
    expect_stderr_lines 1
}

printf '%s\nP1,r1,0.3\n' "$good" >dup.csv
refused --scores dup.csv --conflicts none.csv --per-proposal 1 --max-load 1 --out out.csv
expect_stderr_contains "serai: dup.csv line 6: the pair (P1, r1) was already scored on line 2"

printf '%s\nP3,r2,high\n' "$good" >nan.csv
refused --scores nan.csv --conflicts none.csv --per-proposal 1 --max-load 1 --out out.csv
expect_stderr_contains 'serai: nan.csv line 6: score "high" is not a number'

printf 'proposal,reviewer\nP1,r9\n' >unknown.csv
refused --scores scores.csv --conflicts unknown.csv --per-proposal 1 --max-load 1 --out out.csv
expect_stderr_contains 'serai: unknown.csv line 2: unknown reviewer "r9" (not in scores.csv)'
printf 'proposal,reviewer\r\nP1,r1\r\nP7,r1\r\n' >unknown.csv
refused --scores scores.csv --conflicts unknown.csv --per-proposal 1 --max-load 1 --out out.csv
expect_stderr_contains 'serai: unknown.csv line 3: unknown proposal "P7" (not in scores.csv)'

refused --scores scores.csv --conflicts none.csv --per-proposal 3 --max-load 2 --out out.csv
expect_stderr_contains "serai: proposal P1 has only 2 conflict-free candidates and needs 3 reviewers (1 more proposal has too few)"

refused --scores scores.csv --conflicts none.csv --per-proposal 1 --max-load -1 --out out.csv
expect_stderr_contains '--max-load must be a whole number from 0 to 1000000, not "-1"'
refused --scores scores.csv --conflicts none.csv --per-proposal 1 --max-load 2 --min-load -2 --out out.csv
expect_stderr_contains '--min-load must be a whole number'
refused --scores scores.csv --conflicts none.csv --per-proposal 0 --max-load 2 --out out.csv
expect_stderr_contains '--per-proposal must be a whole number from 1'
refused --scores scores.csv --conflicts none.csv --per-proposal 1 --max-load 1 --min-load 2 --out out.csv
expect_stderr_contains "--min-load 2 is above --max-load 1"

printf 'proposal,reviewer,score\nP1,r1,0.9\nP1,"r2,0.8\n' >quote.csv
refused --scores quote.csv --conflicts none.csv --per-proposal 1 --max-load 1 --out out.csv
expect_stderr_contains "serai: quote.csv: line 3: quoted field never closed"
printf 'proposal,reviewer,score\r\nP1,r1,0.9\r\nP1,r"2,0.8\r\n' >quote.csv
refused --scores quote.csv --conflicts none.csv --per-proposal 1 --max-load 1 --out out.csv
expect_stderr_contains "serai: quote.csv: line 3: stray quote inside field 2"
printf '\357\273\277proposal,reviewer,score\r\nP1,r1,0.9\r\nP1,r2\r\n' >short.csv
refused --scores short.csv --conflicts none.csv --per-proposal 1 --max-load 1 --out out.csv
expect_stderr_contains "serai: short.csv line 3: 2 fields, the header has 3"
printf 'paper,reviewer,score\nP1,r1,0.9\n' >header.csv
refused --scores header.csv --conflicts none.csv --per-proposal 1 --max-load 1 --out out.csv
expect_stderr_contains 'serai: header.csv line 1: unknown column "paper"; the header must be proposal,reviewer,score'
printf 'proposal,reviewer,score\nP1,r1,\342\200\2109\n' >utf.csv
printf 'proposal,reviewer,score\nP1,r1,0.9\nP1,r2,\377\n' >utf.csv
refused --scores utf.csv --conflicts none.csv --per-proposal 1 --max-load 1 --out out.csv
expect_stderr_contains "serai: utf.csv: line 3: field 3 is not valid UTF-8"

printf 'reviewer,country\nr1,CN\nr2,XX\n' >people.csv
refused --scores scores.csv --conflicts none.csv --per-proposal 1 --max-load 1 \
    --countries people.csv --max-same-country 1 --out out.csv
expect_stderr_contains 'serai: people.csv line 3: country "XX" is not an ISO 3166-1 alpha-2 code'
printf 'reviewer,country\nr1,CN\nr2,DE\n' >people.csv
refused --scores scores.csv --conflicts none.csv --per-proposal 1 --max-load 1 \
    --countries people.csv --max-same-country 1 --out out.csv
expect_stderr_contains 'serai: people.csv: reviewer "r3" (scores.csv line 5) has no country'

# Options.
refused --scores scores.csv --per-proposal 1 --max-load 1 --out out.csv
expect_stderr_contains "--scores, --conflicts and --out are required"
refused --scores scores.csv --conflicts none.csv --max-load 1 --out out.csv
expect_stderr_contains "--per-proposal is required"
refused --scores scores.csv --conflicts none.csv --per-proposal 1 --max-load 1 \
    --countries people.csv --out out.csv
expect_stderr_contains "--countries and --max-same-country go together"
refused --scores missing.csv --conflicts none.csv --per-proposal 1 --max-load 1 --out out.csv
expect_stderr_contains "cannot open missing.csv"
