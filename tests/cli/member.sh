#!/bin/sh
# member add / set / list / show: memberships of countries and organisations.
. "$(dirname "$0")/lib.sh"

expect_ok serai org add --name "African Union Development Agency" \
    --type international_organization --country ZA

expect_ok serai member add --country KE --status member --since 2019-04-25 \
    --dues paid --json
expect_equal "$(json_value id)" 1 "id of the first membership"
expect_json '"country": "KE","organization_id": null,"status": "member","since": "2019-04-25","dues": "paid"'
expect_ok serai member add --org 1 --status partner --since 2021-01-01 --json
expect_json '"country": null,"organization_id": 1,"status": "partner"'
# Dues default to due.
expect_json '"dues": "due"'
expect_ok serai member add --country CN --status observer --since 2023-06-30
expect_stdout_contains "observer"

expect_ok serai member set 1 --dues overdue --json
expect_json '"status": "member","since": "2019-04-25","dues": "overdue"'
expect_ok serai member set 3 --status member --since 2024-01-01 --json
expect_json '"country": "CN","organization_id": null,"status": "member","since": "2024-01-01"'

expect_ok serai member show 1
expect_stdout_contains "overdue"
expect_ok serai member show 2 --json
expect_json '"organization_id": 1'

expect_ok serai member list
expect_stdout_line "$(printf 'id\tcountry\torganization_id\tstatus\tsince\tdues')"
expect_stdout_line "$(printf '1\tKE\t-\tmember\t2019-04-25\toverdue')"
expect_stdout_line "$(printf '2\t-\t1\tpartner\t2021-01-01\tdue')"
expect_equal "$(stdout_lines)" 4 "lines of member list"
expect_ok serai member list --kind organization --json
expect_equal "$(json_count '"id": ')" 1 "organisation memberships"
expect_ok serai member list --kind country --json
expect_equal "$(json_count '"id": ')" 2 "country memberships"
expect_ok serai member list --status member --json
expect_equal "$(json_count '"status": "member"')" 2 "memberships with status member"
expect_json_lacks '"status": "partner"'

# Refusals: exit 1, a field named, nothing changed.
expect_exit 1 serai member add --country KE --status member --since 2020-01-01
expect_stderr_contains "serai: country: "
expect_exit 1 serai member add --country KE --org 1 --status member --since 2020-01-01
expect_exit 1 serai member add --country FR --status boss --since 2020-01-01
expect_stderr_contains "serai: status: "
expect_exit 1 serai member add --country FR --status member --since 2020-13-45
expect_stderr_contains "since"
expect_exit 1 serai member add --country FR --status member --since 2020-01-01 --dues never
expect_stderr_contains "dues"
expect_exit 1 serai member add --country QQ --status member --since 2020-01-01
expect_exit 1 serai member set 1 --dues sometimes
expect_stderr_contains "dues"
expect_exit 1 serai member set 99 --dues paid
expect_exit 1 serai member show 99
expect_stderr_contains "no membership with id 99"
expect_exit 1 serai member list --kind planet

expect_ok serai member list --json
expect_equal "$(json_count '"id": ')" 3 "memberships after refusals"
expect_ok serai member show 1 --json
expect_json '"dues": "overdue"'
