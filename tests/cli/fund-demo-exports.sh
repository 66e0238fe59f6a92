#!/bin/sh
# The demo fund (issue 6) and every export of it, each checked by a tool
# nobody here wrote: at least 10 contributors in at least 3 currencies, 20
# ledger transactions and 5 funded activities; the position's holding
# identity per currency; the IATI activity and organisation files valid
# against the official XSD (xmllint), the 360Giving package valid against
# its schema (python3-jsonschema, tests/tools/validate-360giving.py), the
# ledger journal accepted by hledger with every fund account's balance equal
# to serai's; CSV and XLSX statements; a failed export leaves no file.
# Schema checks are skipped with a message where ../shared/data is absent.
. "$(dirname "$0")/lib.sh"

DB=$(new_db funddemo) || exit 2
expect_ok serai demo --db "$DB"
expect_stdout_contains "fund 1 BRSF: 12 contributors, 7 commitments"
# Every fund is named when there are several.
expect_exit 1 serai fund export --db "$DB" --format iati
expect_stderr_contains "name one with --fund ID"

# ---- the sheets: what the demo holds ----
expect_ok serai fund export --db "$DB" --fund 1 --format csv --tab contributions --out contributions.csv
_contributors=$(awk -F, 'NR > 1 { print $2 }' contributions.csv | sort -u | wc -l)
[ "$_contributors" -ge 10 ] || fail "only $_contributors contributors"
_currencies=$(awk -F, 'NR > 1 { print $4 }' contributions.csv | sort -u | wc -l)
[ "$_currencies" -ge 3 ] || fail "only $_currencies currencies"
grep -q ',promissory_note,' contributions.csv || fail "no promissory note"
grep -q ',cancelled' contributions.csv || fail "no cancelled pledge"

expect_ok serai fund export --db "$DB" --fund 1 --format csv --tab transactions --out transactions.csv
head -n 1 transactions.csv | grep -q '^transfer_id,date,kind,' || fail "transactions header"
_txns=$(awk 'NR > 1' transactions.csv | wc -l)
[ "$_txns" -ge 20 ] || fail "only $_txns transactions"
for _kind in pledge cancel_pledge sign receive encash commit disburse return decommit; do
    grep -q ",$_kind," transactions.csv || fail "no $_kind step in the demo"
done

# received + returned = notes + available + outstanding + disbursed, per
# currency (USD, EUR and CNY have two decimals: compare in cents).
expect_ok serai fund export --db "$DB" --fund 1 --format csv --tab position --out position.csv
head -n 1 position.csv | grep -q -x -F "$(printf 'currency,pledged,signed,received,notes,available,committed,outstanding,disbursed,returned\r')" ||
    fail "position header"
awk -F, 'NR > 1 { for (i = 2; i <= 10; i++) { gsub(/[.\r]/, "", $i); v[i] = $i + 0 }
    if (v[4] + v[10] != v[5] + v[6] + v[8] + v[9]) { print $1; bad = 1 } }
    END { exit bad }' position.csv || fail "the holding identity fails (above)"

expect_ok serai fund export --db "$DB" --fund 1 --format xlsx --out statements.xlsx
[ "$(head -c 2 statements.xlsx)" = "PK" ] || fail "the XLSX is not a zip"

# ---- the ledger journal, through hledger ----
expect_ok serai fund export --db "$DB" --fund 1 --format ledger --out fund.journal
if command -v hledger >/dev/null 2>&1; then
    run hledger -f fund.journal balance --depth 2 -N -E -O csv
    [ "$STATUS" -eq 0 ] || fail "hledger refused the journal"
    for _c in USD EUR CNY; do
        expect_stdout_line "\"ledger:$_c\",\"0\""
    done
    # Every fund account: hledger's balance equals serai's.
    run hledger -f fund.journal balance --flat -N -E -O csv
    cp "$OUT" hledger.csv
    _checked=0
    for _acct in $(awk -F'"' 'NR > 1 { split($2, a, ":"); print a[3] }' hledger.csv); do
        expect_ok serai ledger show --db "$DB" --account "$_acct" --json
        _want=$(json_value balance)
        # Ids compared as text (2^60 + n is beyond a double's precision),
        # amounts turned into minor units as text.
        _got=$(awk -F'"' -v id="$_acct" 'NR > 1 { split($2, a, ":")
            if (a[3] "" != id "") next
            split($4, b, " "); n = b[1]; gsub(/\./, "", n)
            sub(/^-0+/, "-", n); sub(/^0+/, "", n)
            if (n == "" || n == "-") n = "0"
            print n }' hledger.csv)
        expect_equal "$_got" "$_want" "hledger balance of account $_acct"
        _checked=$((_checked + 1))
    done
    [ "$_checked" -ge 20 ] || fail "hledger showed only $_checked accounts"
else
    echo "fund-demo-exports: hledger is not installed; journal not checked" >&2
fi

# ---- open data ----
expect_ok serai fund export --db "$DB" --fund 1 --format iati --out activities.xml
expect_ok serai fund export --db "$DB" --fund 1 --format iati-org --out organisation.xml
expect_ok serai fund export --db "$DB" --fund 1 --format 360giving --out grants.json
_activities=$(grep -c '<iati-activity' activities.xml)
[ "$_activities" -ge 6 ] || fail "only $_activities IATI activities (the fund and 5 funded)"
for _type in 1 2 3 11 12 13; do
    grep -q "<transaction-type code=\"$_type\"" activities.xml ||
        fail "no IATI transaction of type $_type"
done
DATA=$SOURCE_ROOT/../shared/data
if [ -f "$DATA/iati/iati-activities-schema.xsd" ] && command -v xmllint >/dev/null 2>&1; then
    xmllint --noout --schema "$DATA/iati/iati-activities-schema.xsd" activities.xml 2>xmllint.log ||
        { cat xmllint.log >&2; fail "IATI activities invalid"; }
    xmllint --noout --schema "$DATA/iati/iati-organisations-schema.xsd" organisation.xml 2>xmllint.log ||
        { cat xmllint.log >&2; fail "IATI organisation file invalid"; }
    # A closed call's common pot, with the grants of its decisions.
    expect_ok serai fund export --db "$DB" --fund 2 --format iati --out pot.xml
    grep -q '<transaction-type code="3"' pot.xml || fail "no tranche paid from the call's pot"
    xmllint --noout --schema "$DATA/iati/iati-activities-schema.xsd" pot.xml 2>xmllint.log ||
        { cat xmllint.log >&2; fail "IATI activities of the call's pot invalid"; }
    echo "fund-demo-exports: 3 IATI files valid against the XSD" >&2
else
    echo "fund-demo-exports: no IATI schemas or xmllint; IATI files not validated" >&2
fi
if [ -f "$DATA/360giving/360-giving-package-schema.json" ] &&
    /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
    /usr/bin/python3 -W ignore "$SOURCE_ROOT/tests/tools/validate-360giving.py" grants.json \
        "$DATA/360giving" || fail "360Giving package invalid"
    echo "fund-demo-exports: 360Giving package valid against its schema" >&2
else
    echo "fund-demo-exports: no 360Giving schema or jsonschema; package not validated" >&2
fi

# ---- a failed export leaves nothing behind ----
expect_exit 1 serai fund export --db "$DB" --format iati --fund 999 --out missing.xml
expect_stderr_contains "no fund 999"
[ ! -e missing.xml ] && [ ! -e missing.xml.partial ] || fail "a failed export left a file"
expect_exit 1 serai fund export --db "$DB" --fund 1 --format pdf
expect_stderr_contains "unknown --format \"pdf\""
