#!/bin/sh
# Mistakes on the command line: exit 1, a short message on stderr naming the
# mistake, nothing on stdout, and no database touched.
. "$(dirname "$0")/lib.sh"

expect_exit 1 serai frobnicate
expect_stderr_lines 1
expect_stderr_contains "frobnicate"
expect_stdout_empty

expect_exit 1 serai org list --bogus
expect_stderr_contains "unknown option --bogus"
expect_stdout_empty

expect_exit 1 serai org list --bogus=3
expect_stderr_contains "unknown option --bogus"

# An option of another command is unknown here.
expect_exit 1 serai country list --orcid 0000-0002-1825-0097
expect_stderr_contains "unknown option --orcid"

expect_exit 1 serai org add --name
expect_stderr_contains "--name needs a value"

expect_exit 1 serai serve --quiet=yes
expect_stderr_contains "--quiet takes no value"

expect_exit 1 serai org frobnicate
expect_stderr_contains "org needs one of"
expect_stderr_contains "usage: serai org add"

expect_exit 1 serai org show
expect_stderr_contains "give one id"
expect_exit 1 serai org show twelve
expect_stderr_contains "give one id"

# With no arguments at all: the help on stderr, and exit 1.
expect_exit 1 serai
expect_stderr_contains "usage: serai COMMAND [OPTIONS]"
expect_stdout_empty

db_is_blank "$SERAI_DB" || fail "a refused command line created $SERAI_DB"
