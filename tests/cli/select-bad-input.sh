#!/bin/sh
# serai select refuses bad input with the file and the line at fault and
# exit status 1, printing nothing on stdout: a funder not in the budgets,
# a currency that is not ISO 4217 or differs from the pot's, negative,
# overflowing or fractional amounts, a proposal whose rows disagree on its
# rank, equal ranks without the tie mark, a pair given twice, malformed
# CSV, and wrong options.
. "$(dirname "$0")/lib.sh"
sqlite_only "serai select uses no database"

cat >budgets.csv <<'CSV'
funder,currency,budget
DE-DLR,EUR,50000000
CN-MOST,EUR,40000000
CSV
head='proposal,rank,score,funder,amount'

refused()
{
    expect_exit 1 serai select "$@"
    expect_stdout_empty
    expect_stderr_lines 1
}

printf '%s\nP1,1,9,DE-DLR,100\nP2,2,8,UK-UKRI,5\n' "$head" >unknown.csv
refused --proposals unknown.csv --budgets budgets.csv --mode vcp
expect_stderr_line 'serai: unknown.csv line 3: funder "UK-UKRI" is not in budgets.csv'

printf '%s\nP1,1,9,DE-DLR,-100\n' "$head" >negative.csv
refused --proposals negative.csv --budgets budgets.csv --mode vcp
expect_stderr_line 'serai: negative.csv line 2: amount "-100" is negative'

printf '%s\nP1,1,9,DE-DLR,99999999999999999999\n' "$head" >huge.csv
refused --proposals huge.csv --budgets budgets.csv --mode vcp
expect_stderr_line 'serai: huge.csv line 2: amount "99999999999999999999" does not fit in 64 bits'

printf '%s\nP1,1,9,DE-DLR,1000.50\n' "$head" >fraction.csv
refused --proposals fraction.csv --budgets budgets.csv --mode vcp
expect_stderr_line 'serai: fraction.csv line 2: amount "1000.50" is not a whole number of minor units'

printf '%s\nP1,1,9,DE-DLR,1\nP2,2,8,DE-DLR,1\nP1,3,9,CN-MOST,1\n' "$head" >conflict.csv
refused --proposals conflict.csv --budgets budgets.csv --mode vcp
expect_stderr_line 'serai: conflict.csv line 4: proposal "P1" has rank 3 here but rank 1 on line 2'

printf '%s\nP1,1,9,DE-DLR,1\nP2,1,8,CN-MOST,1\n' "$head" >dupe-rank.csv
refused --proposals dupe-rank.csv --budgets budgets.csv --mode vcp
expect_stderr_line 'serai: dupe-rank.csv line 3: proposal "P2" has rank 1 like proposal "P1" on line 2, and neither has a tie mark'
printf '%s,tie\nP1,1,9,DE-DLR,1,=\nP2,1,8,CN-MOST,1,\n' "$head" >half-tie.csv
refused --proposals half-tie.csv --budgets budgets.csv --mode vcp
expect_stderr_line 'serai: half-tie.csv line 3: proposal "P2" has rank 1 like proposal "P1" on line 2, and only one has a tie mark'

printf '%s\nP1,1,9,DE-DLR,1\nP1,1,9,DE-DLR,2\n' "$head" >pair.csv
refused --proposals pair.csv --budgets budgets.csv --mode vcp
expect_stderr_line 'serai: pair.csv line 3: proposal "P1" asks funder "DE-DLR" again (first on line 2)'

printf '%s\nP1,1,9,DE-DLR,1\n"P2,2,8,DE-DLR,1\n' "$head" >quote.csv
refused --proposals quote.csv --budgets budgets.csv --mode vcp
expect_stderr_line 'serai: quote.csv line 3: quoted field never closed'

printf '%s\nP1,1,9,DE-DLR\n' "$head" >short.csv
refused --proposals short.csv --budgets budgets.csv --mode vcp
expect_stderr_line 'serai: short.csv line 2: 4 fields, the header has 5'

printf 'proposal,rank,funder,amount\nP1,1,DE-DLR,1\n' >nocol.csv
refused --proposals nocol.csv --budgets budgets.csv --mode vcp
expect_stderr_line 'serai: nocol.csv line 1: no column "score"; the columns are proposal,rank,score,funder,amount,[tie,tie_order]'

printf '%s\nP1,1,9,DE-DLR,1\n' "$head" >good.csv
printf 'funder,currency,budget\nDE-DLR,EURO,5\n' >badcur.csv
refused --proposals good.csv --budgets badcur.csv --mode vcp
expect_stderr_line 'serai: badcur.csv line 2: currency "EURO" is not an ISO 4217 code'

printf 'funder,currency,budget\nDE-DLR,EUR,-5\n' >negbudget.csv
refused --proposals good.csv --budgets negbudget.csv --mode vcp
expect_stderr_line 'serai: negbudget.csv line 2: budget "-5" is negative'

# One pot, one currency: a funder in another currency is refused in rcp
# and mixed modes (vcp pays each in its own).
printf 'funder,currency,budget\nDE-DLR,EUR,5\nCN-MOST,CNY,9\n' >mixedcur.csv
expect_ok serai select --proposals good.csv --budgets mixedcur.csv --mode vcp
refused --proposals good.csv --budgets mixedcur.csv --mode rcp
expect_stderr_line 'serai: mixedcur.csv line 3: funder "CN-MOST" budgets in CNY, but rcp mode pays from one pot in EUR'
refused --proposals good.csv --budgets mixedcur.csv --mode mixed --central 10 --currency CNY
expect_stderr_line 'serai: mixedcur.csv line 2: funder "DE-DLR" budgets in EUR, but mixed mode pays from one pot in CNY'

# Options.
refused --proposals good.csv --budgets budgets.csv --mode pot
expect_stderr_line 'serai: --mode is vcp, rcp or mixed, not "pot"'
refused --proposals good.csv --budgets budgets.csv --mode mixed
expect_stderr_line 'serai: mixed mode needs --central AMOUNT (minor units)'
refused --proposals good.csv --budgets budgets.csv --mode vcp --central 5
refused --proposals good.csv --budgets budgets.csv --mode rcp --central 5.5
expect_stderr_line 'serai: --central is a whole number of minor units, not "5.5"'
refused --proposals good.csv --budgets budgets.csv --mode mixed --central 5 --gap-share 101
refused --proposals good.csv --budgets budgets.csv --mode vcp --objective count
expect_stderr_line 'serai: --objective and --time-limit go with --optimal'
refused --proposals good.csv --budgets budgets.csv --mode vcp --whatif x
refused --budgets budgets.csv --mode vcp
refused --proposals missing.csv --budgets budgets.csv --mode vcp
