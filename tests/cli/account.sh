#!/bin/sh
# account add takes the password from $SERAI_PASSWORD (or --password), refuses
# a short one, and account list never shows a password or its hash.
. "$(dirname "$0")/lib.sh"

SECRET="correct horse battery staple"
SERAI_PASSWORD=$SECRET
export SERAI_PASSWORD
expect_ok serai account add --email admin@example.org --name "Ada Admin" \
    --role secretariat --json
expect_json '"id": 1,"email": "admin@example.org","name": "Ada Admin","role": "secretariat"'
expect_json '"disabled": false'
expect_json_lacks "password"
expect_json_lacks "argon2"
expect_stdout_lacks "$SECRET"

expect_ok serai person add --name "Wang Fang" --country CN --languages zh --keywords water
expect_ok serai org add --name "Peking University" --type university --country CN
expect_ok serai account add --email wang@example.edu --name "Wang Fang" \
    --role applicant --person 1 --org 1
expect_stdout_contains "wang@example.edu"
expect_ok serai account add --email delegate@example.ke --name "K. Delegate" \
    --role delegate --country KE --password "another long passphrase"

unset SERAI_PASSWORD
expect_exit 1 serai account add --email nopass@example.org --name N --role observer
expect_stderr_contains "SERAI_PASSWORD"
SERAI_PASSWORD=short
export SERAI_PASSWORD
expect_exit 1 serai account add --email short@example.org --name S --role observer
expect_stderr_contains "serai: password: "
expect_stderr_lacks "short@"
SERAI_PASSWORD=$SECRET
expect_exit 1 serai account add --email admin@example.org --name Again --role observer
expect_stderr_contains "admin@example.org"
expect_exit 1 serai account add --email king@example.org --name K --role king
expect_stderr_contains "serai: role: "
expect_exit 1 serai account add --email not-an-email --name K --role observer
expect_stderr_contains "email"
expect_exit 1 serai account add --email p@example.org --name P --role applicant --person 99
expect_exit 1 serai account add --email p@example.org --name P --role applicant --person me
expect_stderr_contains "--person must be an id"

expect_ok serai account list --json
expect_equal "$(json_count '"email": ')" 3 "accounts"
expect_json '"email": "wang@example.edu","name": "Wang Fang","role": "applicant","person_id": 1,"organization_id": 1'
expect_json '"role": "delegate","person_id": null,"organization_id": null,"country": "KE"'
expect_json_lacks "password"
expect_json_lacks "hash"
expect_json_lacks '$argon2'
expect_stdout_lacks "$SECRET"
expect_ok serai account list
expect_stdout_line "$(printf 'id\temail\tname\trole')"
expect_stdout_line "$(printf '1\tadmin@example.org\tAda Admin\tsecretariat')"
expect_stdout_lacks "argon2"
