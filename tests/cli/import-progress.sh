#!/bin/sh
# Import progress on stderr: one "checked N rows" line per 10,000 rows read,
# one "imported N of TOTAL rows" line per 10,000 rows written, each once --
# also when the row count is a multiple of 10,000 -- and none for a small file.
. "$(dirname "$0")/lib.sh"

awk 'BEGIN {
    print "name,type,country"
    for (i = 1; i <= 20000; i++) printf "Organisation %d,ngo,KE\n", i
}' >orgs.csv
expect_ok serai org import orgs.csv
expect_stdout_line "imported 20000 rows (ids 1 to 20000)"
expect_stderr_line "serai: checked 10000 rows"
expect_stderr_line "serai: checked 20000 rows"
expect_stderr_line "serai: imported 10000 of 20000 rows"
expect_stderr_line "serai: imported 20000 of 20000 rows"
dups=$(sort "$ERR" | uniq -d)
[ -z "$dups" ] || fail "progress lines printed twice: $dups"

awk 'BEGIN {
    print "name,country,languages,keywords"
    for (i = 1; i <= 25000; i++) printf "Person %d,KE,sw,kw%d\n", i, i
}' >people.csv
expect_ok serai person import people.csv
expect_stderr_line "serai: checked 20000 rows"
expect_stderr_line "serai: imported 20000 of 25000 rows"
expect_stderr_line "serai: imported 25000 of 25000 rows"
dups=$(sort "$ERR" | uniq -d)
[ -z "$dups" ] || fail "progress lines printed twice: $dups"

printf 'name,type,country\nSmall,ngo,KE\n' >small.csv
expect_ok serai org import small.csv
expect_stderr_lacks "checked"
