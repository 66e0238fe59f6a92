# lib.sh -- sourced by every CLI test script.
#
# Each script tests one behaviour of the real serai binary ($SERAI_BIN) in a
# private temporary directory that is removed when the script exits.  A script
# exits 0 when the behaviour holds, 1 with a FAIL line when it does not, and
# 77 (ctest's SKIP_RETURN_CODE) when a tool it needs is missing or it has
# nothing to check on the backend of the run.
#
# Every script runs on both storage backends (see "the database backend"
# below): on SQLite as cli/NAME, and as cli-pg/NAME with
# SERAI_TEST_BACKEND=postgres on a private PostgreSQL cluster (tests/pg).
# $SERAI_DB is a fresh database of the run's backend; a script that needs
# another one asks new_db for it.
#
# Only POSIX sh and the base tools (grep, sed, awk, sort, cmp) are used, and
# on PostgreSQL the client programs psql and pg_dump that come with the
# server tests/pg runs: a fresh machine has neither python3 nor jq.  --json output is checked by
# flattening it (see json_compact) and matching fixed strings.
#
# After `run` or `expect_exit`, the last command's output is in $OUT and $ERR
# (file names) and its exit status in $STATUS.  The helpers' own variables
# start with "_" so that they never overwrite a test's.

set -u

TEST_NAME=$(basename "$0" .sh)
TEST_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC2034 # for the scripts that read the sources
SOURCE_ROOT=$(cd "$TEST_DIR/../.." && pwd)

if [ -z "${SERAI_BIN:-}" ]; then
    printf '%s: set SERAI_BIN to the serai binary\n' "$TEST_NAME" >&2
    exit 2
fi
case $SERAI_BIN in
/*) ;;
*) SERAI_BIN=$(pwd)/$SERAI_BIN ;;
esac
export SERAI_BIN
if [ ! -x "$SERAI_BIN" ]; then
    printf '%s: %s is not an executable\n' "$TEST_NAME" "$SERAI_BIN" >&2
    exit 2
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/serai-cli-$TEST_NAME.XXXXXX") || exit 2
# Background processes a test starts (see start_bg); killed on the way out so
# a failing test never leaves a server behind.
BG_PIDS=
cleanup()
{
    for _pid in $BG_PIDS; do
        kill "$_pid" 2>/dev/null
    done
    cd / && rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

cd "$WORK" || exit 2

# ---- the database backend ----
#
# BACKEND is sqlite, or postgres when SERAI_TEST_BACKEND=postgres: then
# tests/pg/cluster.sh (SERAI_TEST_PG_SCRIPT) runs a private cluster in
# SERAI_TEST_PG_DIR and every database of the test is a new one there, named
# by a postgres:// URI.  The helpers below take a database location of
# either kind and do the right thing for it.

if [ "${SERAI_TEST_BACKEND:-}" = postgres ]; then
    BACKEND=postgres
else
    BACKEND=sqlite
fi

on_postgres()
{
    [ "$BACKEND" = postgres ]
}

# new_db NAME: print the location of a fresh, empty database: $WORK/NAME.db
# (not created yet) on SQLite, the URI of a new database of the test cluster
# on PostgreSQL.  Use it as  DB=$(new_db NAME) || exit 2
new_db()
{
    if ! on_postgres; then
        printf '%s/%s.db\n' "$WORK" "$1"
        return 0
    fi
    if [ -z "${SERAI_TEST_PG_SCRIPT:-}" ] || [ -z "${SERAI_TEST_PG_DIR:-}" ]; then
        printf '%s: SERAI_TEST_BACKEND=postgres needs SERAI_TEST_PG_SCRIPT and SERAI_TEST_PG_DIR\n' \
            "$TEST_NAME" >&2
        return 2
    fi
    _uri=$(bash "$SERAI_TEST_PG_SCRIPT" newdb "$SERAI_TEST_PG_DIR") || _uri=
    if [ -z "$_uri" ]; then
        printf '%s: no new database in the PostgreSQL cluster %s (is it running? ctest starts it as pg/start)\n' \
            "$TEST_NAME" "$SERAI_TEST_PG_DIR" >&2
        return 2
    fi
    printf '%s\n' "$_uri"
}

# is_pg_uri LOCATION: whether LOCATION names a PostgreSQL database.
is_pg_uri()
{
    case $1 in
    postgres://* | postgresql://*) return 0 ;;
    *) return 1 ;;
    esac
}

# pg_tool NAME: the path of a PostgreSQL client program (psql, pg_dump) of
# the newest installed server version, which tests/pg/cluster.sh runs (a
# pg_dump must be at least as new as its server), else NAME as found on PATH.
# shellcheck disable=SC2012 # the names are /usr/lib/postgresql/VERSION/bin
PG_BINDIR=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
pg_tool()
{
    if [ -n "$PG_BINDIR" ] && [ -x "$PG_BINDIR/$1" ]; then
        printf '%s\n' "$PG_BINDIR/$1"
    else
        printf '%s\n' "$1"
    fi
}

# need_db_shell: skip unless the command-line shell of the backend (sqlite3
# or psql) is installed.
need_db_shell()
{
    if on_postgres; then
        command -v "$(pg_tool psql)" >/dev/null 2>&1 || skip "psql is not installed"
    else
        need_tool sqlite3
    fi
}

# db_sql DB SQL: run SQL (one or more statements) on DB with sqlite3 or psql;
# the rows of the last statement go to stdout, one per line, columns
# separated by '|', and errors to stderr with a non-zero exit status.  On
# PostgreSQL the statements run in one transaction.
db_sql()
{
    if is_pg_uri "$1"; then
        "$(pg_tool psql)" -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" -c "$2"
    else
        sqlite3 "$1" "$2"
    fi
}

# db_is_blank DB: DB holds nothing: on SQLite there is no such file, on
# PostgreSQL the database has no table.
db_is_blank()
{
    if is_pg_uri "$1"; then
        [ "$(db_sql "$1" "SELECT count(*) FROM pg_tables
            WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")" = 0 ]
    else
        [ ! -e "$1" ]
    fi
}

# db_has_schema DB: serai init (or a first write) has created the schema in
# DB: on SQLite the file is not empty, on PostgreSQL the schema version
# table is there.
db_has_schema()
{
    if is_pg_uri "$1"; then
        [ "$(db_sql "$1" "SELECT to_regclass('serai_schema') IS NOT NULL")" = t ]
    else
        [ -s "$1" ]
    fi
}

# db_dump DB FILE: everything DB stores, into FILE, to compare or to search:
# the bytes of the file (and its write-ahead log) on SQLite, a plain-text
# pg_dump on PostgreSQL (without the \restrict lines of newer pg_dump, whose
# key is random on every run).
db_dump()
{
    if is_pg_uri "$1"; then
        "$(pg_tool pg_dump)" --no-owner --no-privileges --dbname="$1" \
            --file="$2.raw" &&
            grep -v -e '^\\restrict ' -e '^\\unrestrict ' "$2.raw" >"$2"
    else
        cat "$1" >"$2" && { [ ! -e "$1-wal" ] || cat "$1-wal" >>"$2"; }
    fi
}

# Every command of a test talks to this database unless it says otherwise.
SERAI_DB=$(new_db serai) || exit 2
export SERAI_DB
unset SERAI_PASSWORD
OUT=$WORK/.stdout
ERR=$WORK/.stderr
STATUS=0
LAST_CMD=
: >"$OUT"
: >"$ERR"

serai()
{
    "$SERAI_BIN" "$@"
}

# ---- reporting ----

fail()
{
    # printf, not echo: dash's echo would expand the backslashes of a
    # JSON fragment.
    printf 'FAIL: %s: %s\n' "$TEST_NAME" "$*" >&2
    if [ -n "$LAST_CMD" ]; then
        printf '  last command: %s (exit %s)\n' "$LAST_CMD" "$STATUS" >&2
        echo "  --- stdout (first 40 lines) ---" >&2
        sed -n '1,40p' "$OUT" >&2
        echo "  --- stderr (first 40 lines) ---" >&2
        sed -n '1,40p' "$ERR" >&2
    fi
    exit 1
}

skip()
{
    printf 'SKIP: %s: %s\n' "$TEST_NAME" "$*" >&2
    exit 77
}

# sqlite_only WHY: skip on PostgreSQL; for a script whose every check is
# about SQLite files.
sqlite_only()
{
    if on_postgres; then
        skip "nothing to check on PostgreSQL: $*"
    fi
}

need_tool()
{
    command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed"
}

# A sanitizer report means a bug even when the exit status looks right.
check_sanitizers()
{
    if grep -q -e 'ERROR: AddressSanitizer' -e 'ERROR: LeakSanitizer' \
        -e 'runtime error:' "$1"; then
        fail "sanitizer report in $1"
    fi
}

# ---- running commands ----

# run CMD...: run a command, keep its output and status; never fails itself.
run()
{
    LAST_CMD="$*"
    "$@" >"$OUT" 2>"$ERR"
    STATUS=$?
    check_sanitizers "$ERR"
    return 0
}

# expect_exit CODE CMD...: run CMD and insist on its exit status.
expect_exit()
{
    _want=$1
    shift
    run "$@"
    [ "$STATUS" -eq "$_want" ] || fail "expected exit $_want, got $STATUS"
}

# expect_ok CMD...: the same as expect_exit 0.
expect_ok()
{
    expect_exit 0 "$@"
}

# ---- checking output of the last command ----

expect_stdout_contains()
{
    grep -q -F -e "$1" "$OUT" || fail "stdout lacks: $1"
}

expect_stdout_lacks()
{
    if grep -q -F -e "$1" "$OUT"; then
        fail "stdout should not contain: $1"
    fi
}

expect_stderr_contains()
{
    grep -q -F -e "$1" "$ERR" || fail "stderr lacks: $1"
}

expect_stderr_lacks()
{
    if grep -q -F -e "$1" "$ERR"; then
        fail "stderr should not contain: $1"
    fi
}

# expect_stdout_line TEXT: some line of stdout is exactly TEXT.
expect_stdout_line()
{
    grep -q -x -F -e "$1" "$OUT" || fail "stdout has no line: $1"
}

expect_stderr_line()
{
    grep -q -x -F -e "$1" "$ERR" || fail "stderr has no line: $1"
}

expect_stdout_empty()
{
    [ ! -s "$OUT" ] || fail "stdout should be empty"
}

expect_stderr_empty()
{
    [ ! -s "$ERR" ] || fail "stderr should be empty"
}

# expect_stderr_lines N: stderr has exactly N lines.
expect_stderr_lines()
{
    _n=$(wc -l <"$ERR" | tr -d ' ')
    [ "$_n" -eq "$1" ] || fail "expected $1 line(s) on stderr, got $_n"
}

# stdout_lines: the number of lines on stdout.
stdout_lines()
{
    wc -l <"$OUT" | tr -d ' '
}

# ---- JSON ----
#
# serai prints JSON indented by two spaces per level, one member or element
# per line.  Raw newlines cannot occur inside JSON strings, so dropping each
# line's leading blanks and joining the lines gives a canonical one-line form:
#   {"id": 1,"names": {"en": "Peking University","zh": "北京大学"},"sme": false}
# (", " between members becomes ",", ": " stays).  Checks match fixed
# fragments of that form.

json_compact()
{
    awk '{ sub(/^[ \t]+/, ""); printf "%s", $0 } END { printf "\n" }' "$@"
}

# expect_json FRAGMENT: the last stdout, compacted, contains FRAGMENT.
expect_json()
{
    json_compact "$OUT" | grep -q -F -e "$1" ||
        fail "JSON on stdout lacks: $1"
}

expect_json_lacks()
{
    if json_compact "$OUT" | grep -q -F -e "$1"; then
        fail "JSON on stdout should not contain: $1"
    fi
}

# json_value KEY: the scalar value of a top-level member of the last stdout
# (strings without their quotes, unescaped only for \" and \\).
json_value()
{
    sed -n "s/^  \"$1\": \\(.*\\)\$/\\1/p" "$OUT" | sed -n '1{
        s/,$//
        s/^"\(.*\)"$/\1/
        s/\\"/"/g
        s/\\\\/\\/g
        p
    }'
}

# json_count FRAGMENT: how many times FRAGMENT occurs in the compacted stdout.
json_count()
{
    json_compact "$OUT" | awk -v pat="$1" '{
        n = 0; s = $0
        while ((i = index(s, pat)) > 0) { n++; s = substr(s, i + length(pat)) }
        print n
    }'
}

# ---- other helpers ----

# expect_equal GOT WANT WHAT
expect_equal()
{
    [ "$1" = "$2" ] || fail "$3: expected \"$2\", got \"$1\""
}

# audit_count: the number of audit records in $SERAI_DB.
audit_count()
{
    "$SERAI_BIN" audit verify --json >"$WORK/.audit" 2>&1 ||
        fail "audit verify failed: $(cat "$WORK/.audit")"
    sed -n 's/^  "checked": \([0-9]*\),*$/\1/p' "$WORK/.audit"
}

# start_bg OUTFILE ERRFILE CMD...: start CMD in the background; its pid is in
# $BG_PID and it is killed when the test exits.
start_bg()
{
    _bg_out=$1
    _bg_err=$2
    shift 2
    "$@" >"$_bg_out" 2>"$_bg_err" &
    BG_PID=$!
    BG_PIDS="$BG_PIDS $BG_PID"
}

# forget_bg PID: the process has been waited for; do not kill it at exit.
forget_bg()
{
    _rest=
    for _pid in $BG_PIDS; do
        [ "$_pid" = "$1" ] || _rest="$_rest $_pid"
    done
    BG_PIDS=$_rest
}

# wait_status PID SECONDS: wait for a background process to end and set
# $STATUS to its exit status; one that is still running after SECONDS is
# killed (status 137), so a hung process fails the test instead of stalling
# it.
wait_status()
{
    ( sleep "$2"; kill -KILL "$1" 2>/dev/null ) >/dev/null 2>&1 &
    _watchdog=$!
    wait "$1"
    STATUS=$?
    kill "$_watchdog" 2>/dev/null
    wait "$_watchdog" 2>/dev/null
    forget_bg "$1"
}

# wait_for_line FILE TEXT SECONDS: wait until FILE has a line containing TEXT.
wait_for_line()
{
    _tries=$(($3 * 10))
    while [ "$_tries" -gt 0 ]; do
        grep -q -F -e "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
        _tries=$((_tries - 1))
    done
    return 1
}

# orcid_of N: a valid ORCID iD built from the number N (ISO 7064 MOD 11-2).
orcid_of()
{
    awk -v n="$1" 'BEGIN {
        b = sprintf("%015d", n); t = 0
        for (k = 1; k <= 15; k++) t = (t + substr(b, k, 1)) * 2
        r = (12 - t % 11) % 11
        printf "%s-%s-%s-%s%s\n", substr(b, 1, 4), substr(b, 5, 4),
            substr(b, 9, 4), substr(b, 13, 3), r == 10 ? "X" : r
    }'
}
