#!/bin/sh
# A database that cannot be opened is exit 2 (a database error), not 1
# (refused input), with a message naming it, and it is left as it was.  On
# SQLite: a directory, a file of garbage, a path in a missing directory.  On
# PostgreSQL: a server nobody listens on, a database that does not exist, one
# whose schema is newer than this build; a connection URI that cannot be
# parsed is refused input (exit 1).
. "$(dirname "$0")/lib.sh"

# The commands tried on each unusable database.
COMMANDS="init|org list|person show 1|audit verify|audit list|country show KE"

# each_command DB CODE TEXT: every command of COMMANDS, and org add, on DB
# exits CODE with TEXT on stderr and nothing on stdout.
each_command()
{
    _old_ifs=$IFS
    IFS='|'
    # shellcheck disable=SC2086 # COMMANDS splits at '|' on purpose
    set -- "$1" "$2" "$3" $COMMANDS
    IFS=$_old_ifs
    _db=$1
    _code=$2
    _text=$3
    shift 3
    for _cmd in "$@" "org add --name X --type ngo --country KE"; do
        # shellcheck disable=SC2086 # _cmd splits into words on purpose
        expect_exit "$_code" serai $_cmd --db "$_db"
        expect_stderr_contains "$_text"
        expect_stdout_empty
    done
}

if on_postgres; then
    # Nothing listens on port 1.
    each_command postgres://serai@127.0.0.1:1/x 2 "127.0.0.1"
    expect_stderr_contains "PostgreSQL"
    # A password in the URI is not repeated in the message.
    expect_exit 2 serai org list --db postgres://serai:pw-s3cret-2024@127.0.0.1:1/x
    expect_stderr_contains "127.0.0.1"
    expect_stderr_lacks "pw-s3cret-2024"

    # libpq cannot parse this URI: the mistake is the user's, exit 1.
    each_command 'postgres://u@h/db?no_such_option=1' 1 "no_such_option"

    # A database the cluster does not have (the name of a new one, changed)
    # is not created by any command, serai init included.
    blank=$(new_db blank) || exit 2
    absent_name=${blank##*/}_absent
    each_command "${blank%/*}/$absent_name" 2 "$absent_name"
    run db_sql "$blank" "SELECT count(*) FROM pg_database WHERE datname = '$absent_name'"
    expect_stdout_line 0

    # A schema newer than this build: refused, and left as it is.
    expect_ok serai org add --name "Kenya Medical Research Institute" \
        --type research_institute --country KE
    run db_sql "$SERAI_DB" "UPDATE serai_schema SET version = 999"
    expect_equal "$STATUS" 0 "exit status of psql"
    each_command "$SERAI_DB" 2 "schema version 999"
    run db_sql "$SERAI_DB" "SELECT version FROM serai_schema"
    expect_stdout_line 999
    run db_sql "$SERAI_DB" "SELECT count(*) FROM organization"
    expect_stdout_line 1
    exit 0
fi

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
