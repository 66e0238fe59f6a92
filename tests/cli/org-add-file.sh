#!/bin/sh
# org add --file takes the API's JSON body from a file or from stdin ('-').
. "$(dirname "$0")/lib.sh"

cat >body.json <<'JSON'
{"name": "Université Cheikh Anta Diop", "name_lang": "fr", "type": "university",
 "country": "SN", "names": {"en": "Cheikh Anta Diop University"}}
JSON
expect_ok serai org add --file body.json --json
expect_json '"name": "Université Cheikh Anta Diop","name_lang": "fr"'
expect_json '"en": "Cheikh Anta Diop University"'
expect_json '"fr": "Université Cheikh Anta Diop"'

run sh -c 'echo "{\"name\": \"From Stdin\", \"type\": \"ngo\", \"country\": \"TZ\"}" |
    "$SERAI_BIN" org add --file - --json'
[ "$STATUS" -eq 0 ] || fail "org add --file - exit $STATUS"
expect_json '"name": "From Stdin"'

printf '{"name": "Broken", ' >broken.json
expect_exit 1 serai org add --file broken.json
expect_stderr_contains "JSON"
printf '[1, 2]' >array.json
expect_exit 1 serai org add --file array.json
expect_exit 1 serai org add --file missing.json
expect_stderr_contains "missing.json"

expect_ok serai org list --json
expect_equal "$(json_count '"id": ')" 2 "organisations after refused files"
