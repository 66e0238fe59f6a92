#!/bin/sh
# serai select funds ranked proposals across national budgets from files,
# no database: the same five proposals in a virtual common pot (all or
# nothing per funder), a real common pot (one central budget) and a mixed
# pot (national budgets first, a gap pot for the shortfalls), each with
# its exact table; flexibility; the reserve list.
. "$(dirname "$0")/lib.sh"
sqlite_only "serai select uses no database"

cat >budgets.csv <<'CSV'
funder,currency,budget
DE-DLR,EUR,50000000
CN-MOST,EUR,40000000
FR-ANR,EUR,20000000
CSV
cat >proposals.csv <<'CSV'
proposal,rank,score,funder,amount
P1,1,9.5,DE-DLR,20000000
P1,1,9.5,CN-MOST,10000000
P2,2,9.1,DE-DLR,20000000
P2,2,9.1,FR-ANR,15000000
P3,3,8.7,DE-DLR,30000000
P3,3,8.7,CN-MOST,10000000
P4,4,8.2,CN-MOST,15000000
P4,4,8.2,FR-ANR,5000000
P5,5,7.9,FR-ANR,10000000
CSV

# Virtual common pot: DE-DLR has 100000.00 left when P3 (300000.00 from it)
# comes up, so P3 is skipped and CN-MOST keeps its share; P4 is funded.
expect_ok serai select --proposals proposals.csv --budgets budgets.csv --mode vcp
expect_stderr_empty
cat >want.txt <<'TXT'
proposal	rank	outcome	reason
P1	1	funded	funded
P2	2	funded	funded
P3	3	reserve	skipped: DE-DLR short by 200000.00 EUR (needs 300000.00, has 100000.00)
P4	4	funded	funded
P5	5	reserve	skipped: FR-ANR short by 100000.00 EUR (needs 100000.00, has 0.00)

funder	currency	budget	spent	remaining
DE-DLR	EUR	500000.00	400000.00	100000.00
CN-MOST	EUR	400000.00	250000.00	150000.00
FR-ANR	EUR	200000.00	200000.00	0.00

vcp mode: 3 funded, 2 reserve, 0 not funded; funded score 26.8
TXT
cmp -s "$OUT" want.txt || fail "vcp table differs: $(diff want.txt "$OUT")"

# Real common pot: every request from the sum of the budgets, 1100000.00.
expect_ok serai select --proposals proposals.csv --budgets budgets.csv --mode rcp
expect_stdout_line "P3	3	funded	funded"
expect_stdout_line "P4	4	reserve	skipped: central pot short by 150000.00 EUR (needs 200000.00, has 50000.00)"
expect_stdout_line "P5	5	reserve	skipped: central pot short by 50000.00 EUR (needs 100000.00, has 50000.00)"
expect_stdout_line "(central pot)	EUR	1100000.00	1050000.00	50000.00"
expect_stdout_line "rcp mode: 3 funded, 2 reserve, 0 not funded; funded score 27.3"
# A smaller central pot given on the command line.
expect_ok serai select --proposals proposals.csv --budgets budgets.csv --mode rcp \
    --central 60000000
expect_stdout_line "P2	2	reserve	skipped: central pot short by 50000.00 EUR (needs 350000.00, has 300000.00)"
expect_stdout_line "P3	3	reserve	skipped: central pot short by 100000.00 EUR (needs 400000.00, has 300000.00)"
expect_stdout_line "P5	5	funded	funded"
expect_stdout_line "(central pot)	EUR	600000.00	600000.00	0.00"

# Mixed: a gap pot of half of 300000.00 covers FR-ANR's shortfall on P5
# but not DE-DLR's on P3 (200000.00 > 150000.00); no reserve list.
expect_ok serai select --proposals proposals.csv --budgets budgets.csv --mode mixed \
    --central 30000000 --gap-share 50 --reserve 0
expect_stdout_line "P3	3	not_funded	skipped: DE-DLR short by 200000.00 EUR (needs 300000.00, has 100000.00); gap pot short by 50000.00 EUR (needs 200000.00, has 150000.00)"
expect_stdout_line "P5	5	funded	funded; 100000.00 EUR from the gap pot"
expect_stdout_line "(gap pot)	EUR	150000.00	100000.00	50000.00"
expect_stdout_line "mixed mode: 4 funded, 0 reserve, 1 not funded; funded score 34.7"

# Flexibility: DE-DLR may exceed its budget by 40 %, just enough for P3;
# "remaining" is what is left of the budget with its flexibility.
cat >flex.csv <<'CSV'
funder,currency,budget,flex_percent
DE-DLR,EUR,50000000,40
CN-MOST,EUR,40000000,
FR-ANR,EUR,20000000,0
CSV
expect_ok serai select --proposals proposals.csv --budgets flex.csv --mode vcp --reserve 1
expect_stdout_line "P3	3	funded	funded"
expect_stdout_line "P4	4	funded	funded"
expect_stdout_line "P5	5	reserve	skipped: FR-ANR short by 100000.00 EUR (needs 100000.00, has 0.00)"
expect_stdout_line "DE-DLR	EUR	500000.00	700000.00	0.00"
