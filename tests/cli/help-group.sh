#!/bin/sh
# `serai GROUP --help` and `serai GROUP SUB --help` print usage on stdout and
# exit 0, like `serai help` does: help that was asked for is not an error.
. "$(dirname "$0")/lib.sh"

expect_ok serai org add --help
expect_stdout_contains "usage: serai org add (--file BODY.json | --name N --type T --country CC"
expect_stdout_contains "register an organisation"

expect_ok serai person import --help
expect_stdout_line "usage: serai person import FILE.csv"

# --help wins over the other arguments of a command.
expect_ok serai org show 12 --help
expect_stdout_contains "usage: serai org show ID"

expect_ok serai org --help
for sub in add update list show import; do
    expect_stdout_contains "usage: serai org $sub"
done

db_is_blank "$SERAI_DB" || fail "--help created $SERAI_DB"
