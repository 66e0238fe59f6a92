#!/bin/sh
# A database that cannot be opened -- a directory, a file of garbage, a path
# in a missing directory -- is exit 2 (a database error), not 1 (refused
# input), with a message naming the file; the file is left as it was.
. "$(dirname "$0")/lib.sh"

mkdir adir
expect_exit 2 serai org list --db adir
expect_stderr_contains "adir"
expect_stdout_empty
expect_exit 2 serai init --db adir

# Garbage bytes, the same file before and after every command.
awk 'BEGIN { for (i = 0; i < 512; i++) printf "%c", (i * 37 + 11) % 256 }' >garbage.db
cp garbage.db garbage.orig
for cmd in "init" "org list" "person show 1" "audit verify" "audit list" \
    "country show KE"; do
    # shellcheck disable=SC2086 # cmd splits into words on purpose
    expect_exit 2 serai $cmd --db garbage.db
    expect_stderr_contains "garbage.db"
    cmp -s garbage.db garbage.orig || fail "serai $cmd changed garbage.db"
done
expect_exit 2 serai org add --db garbage.db --name X --type ngo --country KE
cmp -s garbage.db garbage.orig || fail "serai org add changed garbage.db"

# A text file is not a database either.
printf 'name,type,country\n' >notes.txt
expect_exit 2 serai org list --db notes.txt
expect_stderr_contains "notes.txt"

expect_exit 2 serai init --db "$WORK/missing/dir/serai.db"
expect_stderr_contains "missing/dir/serai.db"
[ ! -e "$WORK/missing" ] || fail "a missing directory was created"
