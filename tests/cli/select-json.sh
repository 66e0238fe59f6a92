#!/bin/sh
# serai select --json: every proposal with its outcome, reason and
# shortfalls in minor units, every funder's budget, spent and remaining,
# the central pot; --whatif N adds where each budget runs out, what each
# funder would need for the first proposal it blocks and how many more
# +N % would fund; a tie group funds the most of its members that fit, in
# the tie order; --optimal puts the best non-binding choice beside it.
. "$(dirname "$0")/lib.sh"
sqlite_only "serai select uses no database"

cat >budgets.csv <<'CSV'
funder,currency,budget
DE-DLR,EUR,50000000
CN-MOST,EUR,40000000
FR-ANR,EUR,20000000
CSV
# Columns in any order.
cat >proposals.csv <<'CSV'
rank,proposal,funder,amount,score
1,P1,DE-DLR,20000000,9.5
1,P1,CN-MOST,10000000,9.5
2,P2,DE-DLR,20000000,9.1
2,P2,FR-ANR,15000000,9.1
3,P3,DE-DLR,30000000,8.7
3,P3,CN-MOST,10000000,8.7
4,P4,CN-MOST,15000000,8.2
4,P4,FR-ANR,5000000,8.2
5,P5,FR-ANR,10000000,7.9
CSV

expect_ok serai select --proposals proposals.csv --budgets budgets.csv --mode vcp \
    --json --whatif 50
expect_stderr_empty
expect_json '"mode": "vcp","proposals": [{"proposal": "P1","outcome": "funded","reason": "funded","rank": 1,"score": 9.5,"order": 0,"tie": false,"shortfalls": []}'
expect_json '{"proposal": "P3","outcome": "reserve","reason": "skipped: DE-DLR short by 200000.00 EUR (needs 300000.00, has 100000.00)","rank": 3,"score": 8.7,"order": 2,"tie": false,"shortfalls": [{"funder": "DE-DLR","needed": 30000000,"available": 10000000,"short_by": 20000000}]}'
expect_json '"funders": [{"funder": "DE-DLR","currency": "EUR","budget": 50000000,"limit": 50000000,"spent": 40000000,"remaining": 10000000},'
expect_json '{"funder": "FR-ANR","currency": "EUR","budget": 20000000,"limit": 20000000,"spent": 20000000,"remaining": 0}]'
expect_json '"funded": 3,"reserve": 2,"not_funded": 0,"funded_score": 26.8,'
# +50 %: DE-DLR 750000.00 and FR-ANR 300000.00 fund P3 and P5 too.
expect_json '"whatif": {"percent": 50,"more_funded": 2,"funders": [{"funder": "DE-DLR","runs_out_at_rank": 3,"extra_for_next": 20000000},{"funder": "CN-MOST","runs_out_at_rank": null,"extra_for_next": 0},{"funder": "FR-ANR","runs_out_at_rank": 5,"extra_for_next": 10000000}]}'
expect_json_lacks '"central"'

# The same what-if as a table.
expect_ok serai select --proposals proposals.csv --budgets budgets.csv --mode vcp \
    --whatif 10
expect_stdout_line "what-if: +10% on every budget funds 0 more proposals"
expect_stdout_line "DE-DLR	3	200000.00 EUR"
expect_stdout_line "CN-MOST	-	0.00 EUR"

# Mixed mode: the gap pot in the JSON, its shortfall with funder null.
expect_ok serai select --proposals proposals.csv --budgets budgets.csv --mode mixed \
    --central 30000000 --gap-share 50 --json --whatif 20
expect_json '{"funder": null,"pot": "gap","needed": 20000000,"available": 15000000,"short_by": 5000000}'
expect_json '"central": {"currency": "EUR","central": 30000000,"gap_share_percent": 50.0,"pot": 15000000,"spent": 10000000,"remaining": 5000000}'
expect_json '"central": {"runs_out_at_rank": 3,"extra_for_next": 5000000}'
expect_json '"more_funded": 1,'

# A tie at rank 2: the two small proposals together beat the big one that
# comes first in the tie order.
cat >tie-budgets.csv <<'CSV'
funder,currency,budget
JP-JST,JPY,100000
CSV
cat >tie.csv <<'CSV'
proposal,rank,score,funder,amount,tie,tie_order
A,1,9,JP-JST,20000,,
BIG,2,8,JP-JST,70000,=,1
S1,2,8,JP-JST,40000,=,2
S2,2,8,JP-JST,40000,tie,3
CSV
expect_ok serai select --proposals tie.csv --budgets tie-budgets.csv --mode vcp
cat >want.txt <<'TXT'
proposal	rank	outcome	reason
A	1	funded	funded
S1	2	funded	funded; tie at rank 2: 2 of 3 funded
S2	2	funded	funded; tie at rank 2: 2 of 3 funded
BIG	2	reserve	skipped: JP-JST short by 70000 JPY (needs 70000, has 0); tie at rank 2: 2 of 3 funded

funder	currency	budget	spent	remaining
JP-JST	JPY	100000	100000	0

vcp mode: 3 funded, 1 reserve, 0 not funded; funded score 25
TXT
cmp -s "$OUT" want.txt || fail "tie table differs: $(diff want.txt "$OUT")"
expect_ok serai select --proposals tie.csv --budgets tie-budgets.csv --mode vcp --json
expect_json '{"proposal": "BIG","outcome": "reserve",'
expect_json '"order": 3,"tie": true,'

# Optimal mode beside the binding result: skipping P2 funds P3 and P5.
expect_ok serai select --proposals proposals.csv --budgets budgets.csv --mode vcp \
    --optimal --objective count --json
expect_json '"proposal": "P2","outcome": "funded",'
expect_json '"optimal": "not_funded"}'
expect_json '"optimal": {"objective": "count","funded": 4,'
expect_json '"proven_optimal": true,'
expect_ok serai select --proposals proposals.csv --budgets budgets.csv --mode vcp --optimal
expect_stdout_line "proposal	rank	outcome	optimal	reason"
expect_stdout_line "P3	3	reserve	funded	skipped: DE-DLR short by 200000.00 EUR (needs 300000.00, has 100000.00)"
