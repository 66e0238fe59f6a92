#!/bin/sh
# A CSV file that is not well formed is refused as a whole with exit 1 and a
# message that names the line: an unterminated quote, a stray quote, invalid
# UTF-8, an unknown or missing column, an empty file.
. "$(dirname "$0")/lib.sh"

expect_ok serai init

printf 'name,type,country\nFine,ngo,KE\nAlso fine,ngo,TZ\n"Never closed,ngo,UG\nMore,ngo,RW\n' >open.csv
expect_exit 1 serai org import open.csv
expect_stderr_contains "line 4"
expect_stderr_contains "quote"

printf 'name,type,country\nFine,ngo,KE\nSay "hi",ngo,TZ\n' >stray.csv
expect_exit 1 serai org import stray.csv
expect_stderr_contains "line 3"

printf 'name,type,country\n"Closed" then text,ngo,KE\n' >after.csv
expect_exit 1 serai org import after.csv
expect_stderr_contains "line 2"

# \377 is never valid in UTF-8; \303( is a truncated sequence.
printf 'name,type,country\nFine,ngo,KE\nBad\377name,ngo,TZ\n' >latin.csv
expect_exit 1 serai org import latin.csv
expect_stderr_contains "UTF-8"
printf 'name,type,country\nFine,ngo,KE\nBad\303(,ngo,TZ\n' >truncated.csv
expect_exit 1 serai org import truncated.csv
expect_stderr_contains "UTF-8"

printf 'name,type,country,colour\nFine,ngo,KE,blue\n' >unknown.csv
expect_exit 1 serai org import unknown.csv
expect_stderr_contains "unknown.csv:1: colour: "
expect_stderr_contains "colour"

printf 'name,country\nFine,KE\n' >missing.csv
expect_exit 1 serai org import missing.csv
expect_stderr_contains "missing.csv:1: type: "

printf 'name,type,country,name\nFine,ngo,KE,Twice\n' >twice.csv
expect_exit 1 serai org import twice.csv
expect_stderr_contains "appears twice"

: >empty.csv
expect_exit 1 serai org import empty.csv
expect_stderr_contains "empty"
printf 'name,type,country\n' >header-only.csv
expect_exit 1 serai org import header-only.csv
expect_stderr_contains "no data rows"

expect_exit 1 serai org import nowhere.csv
expect_stderr_contains "nowhere.csv"
expect_exit 1 serai org import
expect_stderr_contains "CSV"

expect_ok serai org list --json
expect_json '"items": []'
expect_equal "$(audit_count)" 0 "audit records after refused imports"
