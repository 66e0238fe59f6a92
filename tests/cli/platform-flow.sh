#!/bin/sh
# A COST-like platform from the command line, the operator acting as the
# secretariat: `platform create` from a file with its rules (at least 7
# countries, at least 50% of them target countries), members joining one
# by one, each answer printing the check: with 6 countries min_countries
# fails and names the figures; a 7th, non-target country passes it but
# makes target_country_quota fail (3 of 7, 42.9%), and the answer says it
# now fails; an 8th from a target country passes everything.  A working
# group, a member moved into it and made vice chair, a second chair
# refused.  Enforced, a departure that breaks the quota is refused (exit
# 1, nothing written); not enforced, it is made and reported.  `platform
# check` exits 0 or 1 with the verdict; `list` and `show`.  Usage errors
# come last.
. "$(dirname "$0")/lib.sh"

expect_ok serai init

# Members 1..8 are these organisations, in this order.
for cc in DE FR NL PL PT RO ES GR; do
    expect_ok serai org add --name "Institute $cc" --type research_institute --country "$cc"
done

ITC='["AL","BA","BG","HR","CY","CZ","EE","GE","GR","HU","LV","LT","MT","MD","ME","MK","PL","PT","RO","RS","SK","SI","TR","UA"]'
cat >platform.json <<EOF
{"code": "CLI-PLAT", "kind": "thematic_network", "name": "Groundwater network",
 "rules": {"min_countries": 7, "min_mc_countries": 3,
           "target_country_quota": {"countries": $ITC, "basis_points": 5000}}}
EOF
expect_ok serai platform create --file platform.json --json
expect_json '"code": "CLI-PLAT"'
expect_json '"kind": "thematic_network"'
P=$(json_value id)
[ -n "$P" ] || fail "platform create --json printed no id"

expect_ok serai platform join "$P" --org 1 --role mc_chair
expect_stdout_contains "member 1: organization 1 Institute DE (DE), mc_chair"
for org in 2 3; do
    expect_ok serai platform join "$P" --org "$org" --role mc_member
done
for org in 4 5 6; do
    expect_ok serai platform join "$P" --org "$org"
done
expect_stdout_contains "6 members from 6 countries: COMPOSITION FAILS"
expect_stdout_contains "FAIL min_countries"
expect_stdout_contains "The members come from 6 countries; the platform requires at least 7"
expect_stdout_contains "3 of 6 countries (50%) are target countries; the platform requires at least 50%"

# The 7th country is no target country.
expect_ok serai platform join "$P" --org 7
expect_stdout_contains "pass min_countries"
expect_stdout_contains "FAIL target_country_quota"
expect_stdout_contains "3 of 7 countries (42.9%) are target countries; the platform requires at least 50%; 1 more from target countries would pass"
expect_stdout_contains "now failing: target_country_quota"

expect_exit 1 serai platform check "$P"
expect_stdout_contains "COMPOSITION FAILS"

# The 8th is.
expect_ok serai platform join "$P" --org 8
expect_stdout_contains "8 members from 8 countries: COMPOSITION PASSES"
expect_stdout_lacks "now failing"
expect_ok serai platform check "$P"
expect_stdout_contains "pass target_country_quota"
expect_ok serai platform check "$P" --json
expect_json '"passes": true'

# ---- the committee and working groups ----
expect_exit 1 serai platform join "$P" --org 8
expect_stderr_contains "already"
expect_exit 1 serai platform set "$P" 2 --role mc_chair
expect_stderr_contains "chair already"
expect_ok serai platform group "$P" --name "WG1 Monitoring" --json
G=$(json_value id)
expect_ok serai platform set "$P" 2 --group "$G" --role mc_vice_chair
expect_stdout_contains "member 2: organization 2 Institute FR (FR), mc_vice_chair, group WG1 Monitoring"

# ---- enforced rules ----
cat >enforced.json <<EOF
{"enforce": true, "min_countries": 7, "min_mc_countries": 3,
 "target_country_quota": {"countries": $ITC, "basis_points": 5000}}
EOF
expect_ok serai platform rules "$P" --file enforced.json
expect_stdout_contains "(rules enforced)"
before=$(audit_count)
expect_exit 1 serai platform leave "$P" 8
expect_stderr_contains "enforces its composition rules, and this change breaks target_country_quota: 3 of 7 countries (42.9%)"
expect_equal "$(audit_count)" "$before" "audit records after a refused leave"

cat >open.json <<EOF
{"min_countries": 7, "min_mc_countries": 3,
 "target_country_quota": {"countries": $ITC, "basis_points": 5000}}
EOF
expect_ok serai platform rules "$P" --file open.json
expect_ok serai platform leave "$P" 8
expect_stdout_contains "left "
expect_stdout_contains "now failing: target_country_quota"
expect_exit 1 serai platform leave "$P" 8

# ---- reading ----
expect_ok serai platform list
expect_stdout_contains "CLI-PLAT"
expect_ok serai platform list --kind science_park --json
expect_json '"items": []'
expect_ok serai platform show "$P"
expect_stdout_contains "platform $P CLI-PLAT: Groundwater network"
expect_stdout_contains "working group $G WG1 Monitoring: 1 members"
expect_stdout_contains "7 members from 7 countries: COMPOSITION FAILS"

# ---- usage errors ----
expect_exit 1 serai platform join "$P"
expect_stderr_contains "usage: serai platform join"
expect_exit 1 serai platform join "$P" --org x
expect_stderr_contains "--org \"x\" is not an id"
expect_exit 1 serai platform set "$P" 2
expect_stderr_contains "usage: serai platform set"
expect_exit 1 serai platform show
expect_exit 1 serai platform show 999
expect_stderr_contains "no platform 999"
echo '{"min_contries": 7}' >typo.json
expect_exit 1 serai platform rules "$P" --file typo.json
expect_stderr_contains "serai: "
