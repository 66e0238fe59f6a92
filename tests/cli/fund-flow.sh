#!/bin/sh
# A guidance fund from the command line, amounts typed as decimals: pledges
# in EUR and CNY, the commitment-authority gate, signing (cash, and a
# promissory note with an encashment schedule met by due date), payments,
# a commitment disbursed and partly returned, and the refusals on the way
# (an amount with too many decimals, a payment above what is due, a
# disbursement above what is committed), each with exit status 1 and the
# reason.  Then the reports: `fund show` (table and JSON, every figure of
# the position and the USD total), `fund flows` with shares and fair
# return worked out by hand, `fund statement --org`, the CSV sheet, the
# ledger journal checked with `hledger balance` account by account against
# serai's balances and the fund's own figures, and, when the schemas are
# there, the IATI activity file validated with xmllint.
. "$(dirname "$0")/lib.sh"

expect_ok serai init

expect_ok serai org add --name "Cooperation Trust" --type international_organization \
    --country CH --json
TRUSTEE=$(json_value id)
expect_ok serai org add --name "Agency DE" --type funding_agency --country DE --json
DE=$(json_value id)
expect_ok serai org add --name "Foundation CN" --type funding_agency --country CN --json
CN=$(json_value id)
expect_ok serai org add --name "University KE" --type university --country KE --json
KE=$(json_value id)
expect_ok serai org add --name "University DE" --type university --country DE --json
UDE=$(json_value id)

expect_ok serai ledger rate --base EUR --quote USD --date 2026-01-01 --rate 1.0825
expect_stdout_contains "rate: 1 EUR = 1.0825 USD from 2026-01-01"
expect_ok serai ledger rate --base CNY --quote USD --date 2026-01-01 --rate 0.1387

expect_exit 1 serai fund create --code "bad code" --name "F" --currency USD
expect_stderr_contains "serai: code: code \"bad code\" may hold only A-Z, 0-9 and '-'"
expect_exit 1 serai fund create --code CLI-FUND --name "F" --currency USD --gate 50.123
expect_stderr_contains "serai: gate_percent: gate_percent must be a decimal from 0 to 100"
expect_ok serai fund create --code CLI-FUND --name "Guidance fund" --currency USD \
    --gate 50 --trustee "$TRUSTEE" --json
FUND=$(json_value id)
expect_equal "$(json_value gate_percent)" "50.00" "gate"

# ---- pledges; an amount with more decimals than EUR has is refused ----
expect_exit 1 serai fund pledge "$FUND" --org "$DE" --currency EUR --amount 12.345 \
    --date 2026-01-10
expect_stderr_line 'serai: --amount "12.345" is not an amount of EUR with at most 2 decimals'
expect_exit 1 serai fund pledge "$FUND" --org "$DE" --currency EUR --amount 1500000.00 \
    --date 2026-02-30
expect_stderr_contains 'serai: date: date must be a real date YYYY-MM-DD, not "2026-02-30"'
expect_exit 1 serai fund pledge 999 --org "$DE" --currency EUR --amount 1.00 \
    --date 2026-01-10
expect_stderr_contains "no fund 999"
expect_ok serai fund pledge "$FUND" --org "$DE" --currency EUR --amount 1500000.00 \
    --date 2026-01-10 --json
CDE=$(json_value id)
expect_json '"currency": "EUR","pledged": 150000000,"pledged_on": "2026-01-10"'
expect_json '"status": "pledged"'
expect_ok serai fund pledge "$FUND" --org "$CN" --currency CNY --amount 10000000.00 \
    --date 2026-01-12 --json
CCN=$(json_value id)
# Nothing of the refused pledges was written.
expect_ok serai fund show "$FUND" --json
expect_equal "$(json_count '"pledged_on"')" 2 "contributions after the refusals"

# ---- the gate: nothing is committed before the pledges are signed ----
expect_exit 1 serai fund commit "$FUND" --currency EUR --amount 1000000.00 \
    --date 2026-04-01 --title "Grant KE" --to "$KE"
expect_stderr_contains "commitment authority not reached"
expect_stderr_contains "cover 0.00% of pledges (USD 3010750.00) on 2026-04-01; fund CLI-FUND needs 50.00%"

expect_ok serai fund sign "$CDE" --amount 1500000.00 --date 2026-02-01 --instrument cash
expect_exit 1 serai fund sign "$CDE" --amount 1500000.00 --date 2026-02-01 --instrument cash
expect_stderr_contains "only a pledge is signed"
expect_exit 1 serai fund cancel "$CDE" --date 2026-02-02
expect_stderr_contains "only a pledge not yet signed is cancelled"
expect_ok serai fund receive "$CDE" --amount 1500000.00 --date 2026-03-01 --json
expect_json '"received": 150000000'
expect_json '"status": "paid"'
expect_exit 1 serai fund receive "$CDE" --amount 0.01 --date 2026-03-02
expect_stderr_line "serai: amount: EUR 0.01 is more than the EUR 0.00 still due under the signed agreement"

# A promissory note for less than the pledge, the schedule given out of
# order; encashment meets the instalment due first.
expect_exit 1 serai fund sign "$CCN" --amount 9000000.00 --date 2026-02-03 \
    --instrument promissory_note --schedule "2026-06-30:5000000.00,2026-09-30:3000000.00"
expect_stderr_contains "serai: encashment: the instalments must add up to the signed amount"
expect_ok serai fund sign "$CCN" --amount 9000000.00 --date 2026-02-03 \
    --instrument promissory_note --schedule "2026-09-30:4000000.00,2026-06-30:5000000.00"
expect_ok serai fund receive "$CCN" --amount 9000000.00 --date 2026-03-10
expect_exit 1 serai fund encash "$CCN" --amount 9000000.01 --date 2026-07-01
expect_stderr_contains "of notes held and not encashed"
expect_ok serai fund encash "$CCN" --amount 6000000.00 --date 2026-07-01 --json
expect_json '"encashed": 600000000'
expect_json '{"due": "2026-06-30","amount": 500000000,"encashed": 500000000}'
expect_json '{"due": "2026-09-30","amount": 400000000,"encashed": 100000000}'

# ---- commitments ----
expect_ok serai fund commit "$FUND" --currency EUR --amount 1000000.00 --date 2026-04-01 \
    --title "Grant KE" --to "$KE" --json
M1=$(json_value id)
M1_TRANSFER=$(json_value transfer_id)
expect_json '"committed": 100000000'
expect_json '"recipient_country": "KE"'
expect_exit 1 serai fund commit "$FUND" --currency EUR --amount 500002.01 --date 2026-04-02 \
    --title "Too much" --to "$KE"
expect_stderr_contains "not enough money available to commit: EUR 500002.01 asked, EUR 500000.00 there"
expect_ok serai fund disburse "$M1" --amount 600000.00 --date 2026-05-01
expect_exit 1 serai fund disburse "$M1" --amount 400000.01 --date 2026-05-02
expect_stderr_contains "EUR 400000.01 is more than the EUR 400000.00 of commitment $M1 not yet disbursed"
expect_exit 1 serai fund return "$M1" --amount 600000.01 --date 2026-12-15
expect_stderr_contains "holds from commitment $M1"
expect_ok serai fund return "$M1" --amount 50002.00 --date 2026-12-15 --json
expect_json '"disbursed": 60000000,"returned": 5000200,"outstanding": 40000000'
expect_ok serai fund commit "$FUND" --currency CNY --amount 2000000.00 --date 2026-07-02 \
    --title "Grant DE" --to "$UDE" --json
M2=$(json_value id)
expect_ok serai fund disburse "$M2" --amount 2000000.00 --date 2026-08-01

# ---- the position ----
# EUR available: 1,500,000.00 - 1,000,000.00 + 50,002.00; CNY: 6,000,000.00
# encashed - 2,000,000.00 committed.  USD total, figure by figure at 1.0825
# and 0.1387, half to even: EUR 550,002.00 -> 595,377.165 -> 595,377.16;
# 50,002.00 -> 54,127.165 -> 54,127.16.
expect_ok serai fund show "$FUND" --day 2026-12-31 --json
expect_json '{"currency": "CNY","pledged": 1000000000,"signed": 900000000,"received": 900000000,"notes": 300000000,"available": 400000000,"committed": 200000000,"outstanding": 0,"disbursed": 200000000,"returned": 0}'
expect_json '{"currency": "EUR","pledged": 150000000,"signed": 150000000,"received": 150000000,"notes": 0,"available": 55000200,"committed": 100000000,"outstanding": 40000000,"disbursed": 60000000,"returned": 5000200}'
expect_json '"total": {"currency": "USD","pledged": 301075000,"signed": 287205000,"received": 287205000,"notes": 41610000,"available": 115017716,"committed": 135990000,"outstanding": 43300000,"disbursed": 92690000,"returned": 5412716}'
expect_json '"gate_percent": "50.00","signed_percent": "95.39","reached": true'

expect_ok serai fund show "$FUND" --day 2026-12-31
expect_stdout_line "fund CLI-FUND: Guidance fund (guidance_fund, reporting in USD) on 2026-12-31"
row()
{
    printf '%-4s' "$1"
    shift
    for _v in "$@"; do
        printf ' %18s' "$_v"
    done
}
expect_stdout_line "$(row CNY 10000000.00 9000000.00 9000000.00 3000000.00 4000000.00 \
    2000000.00 0.00 2000000.00 0.00)"
expect_stdout_line "$(row EUR 1500000.00 1500000.00 1500000.00 0.00 550002.00 1000000.00 \
    400000.00 600000.00 50002.00)"
expect_stdout_line "$(row USD 3010750.00 2872050.00 2872050.00 416100.00 1150177.16 \
    1359900.00 433000.00 926900.00 54127.16)  (total)"
expect_stdout_line "commitment authority: signed 95.39% of pledges, gate 50.00%: reached"
expect_stdout_line "rate: 1 EUR = 1.0825 USD (2026-01-01, rounding half-even)"

# ---- flows per country ----
# contributed: DE 1,623,750.00, CN 9,000,000.00 CNY = 1,248,300.00 (of
# 2,872,050.00); received: KE 649,500.00 - 54,127.16 = 595,372.84, DE
# 2,000,000.00 CNY = 277,400.00 (of 872,772.84).  DE's fair return:
# (277,400.00 / 872,772.84) / (1,623,750.00 / 2,872,050.00) = 0.5622.
expect_ok serai fund flows "$FUND"
flow()
{
    printf '%-8s %20s %20s %8s %8s %12s' "$@"
}
expect_stdout_line "$(flow CN 1248300.00 0.00 0.4346 0.0000 0.0000)"
expect_stdout_line "$(flow DE 1623750.00 277400.00 0.5654 0.3178 0.5622)"
expect_stdout_line "$(flow KE 0.00 595372.84 0.0000 0.6822 -)"
expect_ok serai fund flows "$FUND" --json
expect_json '"total": {"contributed": 287205000,"received": 87277284'
expect_json '"year": 2026'

# ---- a contributor's statement ----
expect_exit 1 serai fund statement "$FUND"
expect_stderr_contains "--org must name the contributor's organisation id"
expect_ok serai fund statement "$FUND" --org "$DE" --json
expect_json '"kind": "pledge","contribution_id": '"$CDE"',"currency": "EUR","amount": 150000000,"date": "2026-01-10","note": null,"pledged_to_date": 150000000,"signed_to_date": 0,"paid_to_date": 0}'
expect_json '"kind": "receive","contribution_id": '"$CDE"',"currency": "EUR","amount": 150000000,"date": "2026-03-01","note": null,"pledged_to_date": 150000000,"signed_to_date": 150000000,"paid_to_date": 150000000}'
expect_equal "$(json_count '"kind": ')" 3 "statement entries of DE"
# All the EUR paid in is DE's: the whole net disbursement is attributed.
expect_json '"commitment_id": '"$M1"',"title": "Grant KE","currency": "EUR","recipient": "University KE","country": "KE","disbursed_net": 54999800,"attributed": 54999800}'
expect_json_lacks '"title": "Grant DE"'

# ---- sheets ----
expect_ok serai fund export --format csv --tab position --fund "$FUND"
printf 'currency,pledged,signed,received,notes,available,committed,outstanding,disbursed,returned\r\n' >want.csv
printf 'CNY,10000000.00,9000000.00,9000000.00,3000000.00,4000000.00,2000000.00,0.00,2000000.00,0.00\r\n' >>want.csv
printf 'EUR,1500000.00,1500000.00,1500000.00,0.00,550002.00,1000000.00,400000.00,600000.00,50002.00\r\n' >>want.csv
cmp -s "$OUT" want.csv || fail "the position sheet differs from want.csv"
expect_exit 1 serai fund export --format xlsx --fund "$FUND"
expect_stderr_contains "give --out FILE"
expect_ok serai fund export --format xlsx --fund "$FUND" --out fund.xlsx
[ "$(head -c 2 fund.xlsx)" = PK ] || fail "fund.xlsx is not a zip file"

expect_ok serai ledger check
expect_stdout_contains "debits equal credits in every currency"

# ---- the ledger journal, checked by hledger ----
expect_ok serai fund export --format ledger --out fund.journal
[ -s fund.journal ] || fail "empty journal"
grep -q -x -F 'commodity 0.00 EUR' fund.journal || fail "no EUR commodity directive"
grep -q -x -F 'commodity 0.00 CNY' fund.journal || fail "no CNY commodity directive"
if command -v hledger >/dev/null 2>&1; then
    run hledger -f fund.journal balance --flat -N -E -O csv
    [ "$STATUS" -eq 0 ] || fail "hledger refused the journal"
    # "ledger:EUR:1152921504606846984","550002.00 EUR" -> "ID MINOR EUR"
    # (minor units as text: awk's numbers would round 19-digit ids)
    awk -F'"' 'NR > 1 { split($4, a, " "); n = a[1]; s = "";
        if (substr(n, 1, 1) == "-") { s = "-"; n = substr(n, 2) }
        gsub(/\./, "", n); sub(/^0+/, "", n); if (n == "") { n = "0"; s = "" }
        split($2, acct, ":"); printf "%s %s%s %s\n", acct[3], s, n, acct[2] }' \
        "$OUT" >hledger.txt
    _accounts=$(wc -l <hledger.txt | tr -d ' ')
    # per currency: the contributor's pledge, sign and payment sources,
    # pledged, signed, available, one commitment and one recipient; and
    # CNY's notes (the EUR contribution was cash)
    expect_equal "$_accounts" 17 "accounts with postings in the journal"
    while read -r _id _bal _cur; do
        expect_ok serai ledger show --account "$_id" --json
        expect_equal "$_bal $_cur" "$(json_value balance) $(json_value currency)" \
            "hledger balance of account $_id"
    done <hledger.txt
    # The account the EUR commitment was paid from is the fund's EUR
    # available money, the one it went to the commitment's outstanding.
    # (Ids are compared as text: as numbers, awk would round them.)
    expect_ok serai ledger show --transfer "$M1_TRANSFER" --json
    _avail=$(json_value debit_account_id)
    _commit=$(json_value credit_account_id)
    expect_equal "$(awk -v id="$_avail" '$1 "" == id "" { print $2, $3 }' hledger.txt)" \
        "55000200 EUR" "hledger: the fund's EUR available"
    expect_equal "$(awk -v id="$_commit" '$1 "" == id "" { print $2, $3 }' hledger.txt)" \
        "40000000 EUR" "hledger: commitment $M1 outstanding"
    run hledger -f fund.journal balance --depth 2 -N -E -O csv
    [ "$STATUS" -eq 0 ] || fail "hledger balance --depth 2"
    expect_stdout_line '"ledger:EUR","0"'
    expect_stdout_line '"ledger:CNY","0"'
else
    echo "fund-flow: hledger is not installed; the journal is not checked with it" >&2
fi

# ---- IATI ----
IATI=$SOURCE_ROOT/../shared/data/iati
if [ -f "$IATI/iati-activities-schema.xsd" ]; then
    expect_ok serai fund export --format iati --fund "$FUND" --out activities.xml
    grep -q '<iati-identifier>' activities.xml || fail "no iati-identifier"
    if command -v xmllint >/dev/null 2>&1; then
        run xmllint --noout --schema "$IATI/iati-activities-schema.xsd" activities.xml
        [ "$STATUS" -eq 0 ] || fail "the IATI activity file does not validate"
    else
        echo "fund-flow: xmllint is not installed; the IATI file is not validated" >&2
    fi
else
    echo "fund-flow: no IATI schema in $IATI; the IATI export is not checked" >&2
fi
