#!/bin/sh
# country list and country show: the ISO 3166-1 table with the UN regions
# and the six UN language names, and each country's membership.
. "$(dirname "$0")/lib.sh"

expect_ok serai country list
expect_stdout_line "$(printf 'code\talpha3\tregion\tname')"
expect_stdout_line "$(printf 'CN\tCHN\tAsia\tChina')"
# Every ISO 3166-1 entry, plus the header.
expect_equal "$(stdout_lines)" 250 "lines of country list"

expect_ok serai country list --region Africa
expect_stdout_line "$(printf 'KE\tKEN\tAfrica\tKenya')"
expect_stdout_line "$(printf 'ZA\tZAF\tAfrica\tSouth Africa')"
expect_stdout_line "$(printf 'EG\tEGY\tAfrica\tEgypt')"
expect_stdout_lacks "$(printf '\tEurope\t')"
expect_stdout_lacks "$(printf 'CN\t')"
african=$(($(stdout_lines) - 1))
[ "$african" -ge 54 ] && [ "$african" -le 62 ] ||
    fail "country list --region Africa gave $african countries"
grep -v -e '^code' "$OUT" | awk -F '\t' '$3 != "Africa" { exit 1 }' ||
    fail "a country outside Africa in country list --region Africa"

expect_ok serai country list --region Africa --json
expect_equal "$(json_count '"code": ')" "$african" "countries in the JSON list"

expect_ok serai country show CN --json
expect_json '"code": "CN","alpha3": "CHN","numeric": 156,"name": "China"'
expect_json '"zh": "中国"'
expect_json '"ru": "Китай"'
expect_json '"ar": "الصين"'
expect_json '"region": "Asia","subregion": "Eastern Asia"'
expect_json '"membership": null'

expect_ok serai country show KE
expect_stdout_contains "Kenya"
expect_stdout_contains "肯尼亚"

# Membership shows in both.
expect_ok serai member add --country KE --status member --since 2019-04-25 --dues paid
expect_ok serai country show KE --json
expect_json '"membership": {"id": 1,"country": "KE","organization_id": null,"status": "member"'
expect_ok serai country list --status member
expect_stdout_line "$(printf 'KE\tKEN\tAfrica\tKenya')"
expect_equal "$(stdout_lines)" 2 "lines of country list --status member"

expect_exit 1 serai country show XX
expect_stderr_contains "XX"
expect_exit 1 serai country show
expect_stderr_contains "give one country code"
