#!/bin/sh
# The ledger exported as an hledger / ledger-cli journal (issue 6): posted
# transfers (a post of a pending transfer included, with the amount posted)
# become transactions with exact decimal amounts in EUR (2 places), JPY (0)
# and KWD (3); pending reservations and voids are comments only; and, when
# hledger is installed, `hledger balance` on the file gives every account
# exactly the balance serai shows (credits_posted - debits_posted) and 0 per
# currency.
. "$(dirname "$0")/lib.sh"

DB=$(new_db journal) || exit 2
expect_ok serai init --db "$DB"

cat >accounts.jsonl <<'JSON'
{"id": 1, "currency": "EUR", "flags": ["debits_must_not_exceed_credits"]}
{"id": 2, "currency": "EUR"}
{"id": 3, "currency": "JPY"}
{"id": 4, "currency": "JPY"}
{"id": 5, "currency": "KWD"}
{"id": 6, "currency": "KWD"}
{"id": 7, "currency": "EUR"}
{"id": 8, "currency": "EUR"}
JSON
expect_ok serai ledger accounts --db "$DB" --file accounts.jsonl

cat >transfers.jsonl <<'JSON'
{"id": 10, "debit_account_id": 2, "credit_account_id": 1, "amount": 5000, "reference": "pledge; first"}
{"id": 11, "debit_account_id": 1, "credit_account_id": 7, "amount": 1250}
{"id": 12, "debit_account_id": 3, "credit_account_id": 4, "amount": 123456}
{"id": 13, "debit_account_id": 5, "credit_account_id": 6, "amount": 1005, "reference": "dinar"}
{"id": 14, "debit_account_id": 6, "credit_account_id": 5, "amount": 7}
{"id": 15, "debit_account_id": 1, "credit_account_id": 2, "amount": 300, "flags": ["pending"], "timeout": 3600}
{"id": 16, "amount": 120, "pending_id": 15, "flags": ["post_pending"]}
{"id": 17, "debit_account_id": 2, "credit_account_id": 7, "amount": 999, "flags": ["pending"]}
{"id": 18, "pending_id": 17, "flags": ["void_pending"]}
{"id": 19, "debit_account_id": 7, "credit_account_id": 2, "amount": 50, "flags": ["pending"]}
{"id": 20, "debit_account_id": 7, "credit_account_id": 2, "amount": 5}
{"id": 21, "debit_account_id": 4, "credit_account_id": 3, "amount": 5000000000000, "reference": "large"}
JSON
expect_ok serai ledger transfer --db "$DB" --file transfers.jsonl
expect_stdout_contains "transfers: 12 ok, 0 already existed, 0 failed"

# Only the journal format exists.
expect_exit 1 serai ledger export --db "$DB" --format csv
expect_stderr_contains "usage: serai ledger export"

expect_ok serai ledger export --db "$DB" --format journal --out ledger.journal
expect_stderr_contains "ledger export: 8 transactions, 4 comments, 3 currencies to ledger.journal"
# The same bytes on stdout.
expect_ok serai ledger export --db "$DB"
cmp -s "$OUT" ledger.journal || fail "stdout and --out differ"

# ---- the text ----
J=ledger.journal
grep -q -x -F 'commodity 0.00 EUR' $J || fail "no EUR commodity directive (2 places)"
grep -q -x -F 'commodity 0. JPY' $J || fail "no JPY commodity directive (0 places)"
grep -q -x -F 'commodity 0.000 KWD' $J || fail "no KWD commodity directive (3 places)"
# Transactions: "DATE * (ID) DESCRIPTION", dated by the UTC day.
today=$(date -u +%Y-%m-%d)
grep -q -x -F "$today * (10) pledge, first" $J || fail "transfer 10 header (';' becomes ',')"
grep -q -x -F "$today * (11) transfer 11" $J || fail "transfer 11 header (no reference)"
grep -q -x -F "$today * (16) transfer 16  ; post_pending:15" $J || fail "post of 15"
_n=$(grep -c -E '^[0-9]{4}-[0-9]{2}-[0-9]{2} \* \([0-9]+\) ' $J)
expect_equal "$_n" 8 "transactions in the journal"
# Postings: debit -amount, credit +amount, exact decimals.
for _p in '    ledger:EUR:2  -50.00 EUR' '    ledger:EUR:1  50.00 EUR' \
    '    ledger:EUR:1  -12.50 EUR' '    ledger:JPY:3  -123456 JPY' \
    '    ledger:JPY:4  123456 JPY' '    ledger:KWD:5  -1.005 KWD' \
    '    ledger:KWD:5  0.007 KWD' '    ledger:EUR:1  -1.20 EUR' \
    '    ledger:EUR:2  1.20 EUR' '    ledger:EUR:7  -0.05 EUR' \
    '    ledger:JPY:3  5000000000000 JPY'; do
    grep -q -x -F -e "$_p" $J || fail "journal lacks the posting: $_p"
done
# Reservations and voids post nothing: comments only.
grep -q -F "; $today (15) pending, posted by a later transfer, not a balance: 3.00 EUR" $J ||
    fail "pending 15 not a comment"
grep -q -F "; $today (18) void of 17, posts nothing" $J || fail "void 18 not a comment"
grep -q -F "; $today (19) pending, pending, not a balance: 0.50 EUR" $J ||
    fail "pending 19 not a comment"
if grep -E '^[0-9]' $J | grep -q -E '\((15|17|18|19)\)'; then
    fail "a reservation or a void is a transaction"
fi

# ---- hledger ----
if ! command -v hledger >/dev/null 2>&1; then
    echo "ledger-journal: hledger is not installed; balances not compared with it" >&2
    exit 0
fi
run hledger -f $J balance --flat -N -E -O csv
[ "$STATUS" -eq 0 ] || fail "hledger refused the journal"
cp "$OUT" hledger.csv
# "ledger:EUR:1","36.30 EUR" -> "1 3630 EUR" (minor units, as text: awk's
# numbers would round 64-bit amounts)
awk -F'"' 'NR > 1 { split($4, a, " "); n = a[1]; s = "";
    if (substr(n, 1, 1) == "-") { s = "-"; n = substr(n, 2) }
    gsub(/\./, "", n); sub(/^0+/, "", n); if (n == "") { n = "0"; s = "" }
    split($2, acct, ":"); printf "%s %s%s %s\n", acct[3], s, n, acct[2] }' hledger.csv >hledger.txt
for _id in 1 2 3 4 5 6 7 8; do
    expect_ok serai ledger show --db "$DB" --account "$_id" --json
    _want=$(json_value balance)
    _cur=$(json_value currency)
    _got=$(awk -v id="$_id" '$1 == id { print $2 }' hledger.txt)
    _gcur=$(awk -v id="$_id" '$1 == id { print $3 }' hledger.txt)
    # hledger leaves out an account without postings (8): balance 0.
    [ -n "$_got" ] || { _got=0; _gcur=$_cur; }
    expect_equal "$_got $_gcur" "$_want $_cur" "hledger balance of account $_id"
done
expect_equal "$(awk '$1 == 1 { print $2 }' hledger.txt)" 3630 "account 1 (36.30 EUR)"

# Per currency the journal balances: hledger's total of ledger:CUR is 0.
run hledger -f $J balance --depth 2 -N -E -O csv
[ "$STATUS" -eq 0 ] || fail "hledger balance --depth 2"
expect_stdout_line '"ledger:EUR","0"'
expect_stdout_line '"ledger:JPY","0"'
expect_stdout_line '"ledger:KWD","0"'
expect_ok serai ledger check --db "$DB"
