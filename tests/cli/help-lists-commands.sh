#!/bin/sh
# `serai help` lists every row of the command table, and `serai CMD --help`
# prints each command's usage line on stdout.  The table is read from
# src/cli/commands.c, so a new command is covered without touching this test.
. "$(dirname "$0")/lib.sh"

TABLE=$SOURCE_ROOT/src/cli/commands.c
[ -f "$TABLE" ] || skip "$TABLE not found"
# Rows look like {"org", "add", ... or {"init", NULL, ...; option specs are
# {"name", true} and never match.
sed -n -e 's/^ *{"\([a-z]*\)", NULL,.*/\1/p' \
    -e 's/^ *{"\([a-z]*\)", "\([a-z]*\)",.*/\1 \2/p' "$TABLE" >commands.txt
ncommands=$(wc -l <commands.txt | tr -d ' ')
[ "$ncommands" -ge 20 ] || fail "read only $ncommands commands from $TABLE"

expect_ok serai help
expect_stdout_contains "usage: serai COMMAND [OPTIONS]"
expect_stdout_contains "Exit status: 0 ok, 1 refused input, 2 internal or database error."
expect_stderr_empty
while read -r words; do
    # Each command is listed as "  WORDS  summary".
    grep -q -e "^  $words  " "$OUT" || fail "serai help does not list \"$words\""
done <commands.txt
listed=$(grep -c -e '^  [a-z]' "$OUT")
expect_equal "$listed" "$ncommands" "commands listed by serai help"

# --help and -h are the same as help.
cp "$OUT" help.txt
expect_ok serai --help
cmp -s "$OUT" help.txt || fail "serai --help differs from serai help"
expect_ok serai -h
cmp -s "$OUT" help.txt || fail "serai -h differs from serai help"

# Every command has its own usage line.
while read -r words; do
    # shellcheck disable=SC2086 # words splits into group and name on purpose
    expect_ok serai $words --help
    expect_stdout_contains "usage: serai $words"
done <commands.txt

expect_ok serai version
expect_stdout_contains "serai "
