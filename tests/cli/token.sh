#!/bin/sh
# token create prints a long-lived API token (srt_...) for an account, once.
. "$(dirname "$0")/lib.sh"

SERAI_PASSWORD="correct horse battery staple"
export SERAI_PASSWORD
expect_ok serai account add --email robot@example.org --name Robot --role secretariat

expect_ok serai token create --email robot@example.org
expect_equal "$(stdout_lines)" 1 "lines printed by token create"
token=$(cat "$OUT")
case $token in
srt_?????????????????*) ;;
*) fail "token does not look like srt_...: $token" ;;
esac
printf '%s' "$token" | grep -q -e '^srt_[A-Za-z0-9_-]*$' || fail "odd characters in $token"

# A second token is a different one.
expect_ok serai token create --email robot@example.org --label nightly --days 30 --json
expect_json '"label": "nightly"'
expect_json '"account_id": 1'
second=$(json_value token)
case $second in
srt_*) ;;
*) fail "token in --json does not start with srt_: $second" ;;
esac
[ "$second" != "$token" ] || fail "two tokens are the same"
expires=$(json_value expires_at)
printf '%s' "$expires" | grep -q -e '^[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T' ||
    fail "expires_at is not a timestamp: $expires"

# The database keeps no token in the clear (the e-mail address, which it
# keeps, shows that the dump holds the data).
db_dump "$SERAI_DB" db.dump || fail "cannot dump $SERAI_DB"
grep -q -F -e "robot@example.org" db.dump || fail "the dump of $SERAI_DB lacks the account"
grep -q -F -e "$token" db.dump && fail "the token is stored in the clear"
grep -q -F -e "$second" db.dump && fail "the second token is stored in the clear"

expect_exit 1 serai token create --email nobody@example.org
expect_stderr_contains "nobody@example.org"
expect_exit 1 serai token create
expect_stderr_contains "--email"
expect_exit 1 serai token create --email robot@example.org --days 0
expect_stderr_contains "--days"
expect_exit 1 serai token create --email robot@example.org --days 100000
expect_stderr_contains "--days"
expect_ok serai audit list --json
expect_equal "$(json_count '"action": "token.create"')" 2 "token.create audit records"
