#!/usr/bin/env bash
# bench/pg.sh -- the HTTP API on PostgreSQL with 1, 2 and 4 serai servers in
# front of one database, beside SQLite with one server, in the same run;
# then 100,000 people imported into each.
#
# Usage: bench/pg.sh [SERAI_BINARY]          (default build-bench/serai)
#
# It builds nothing.  It starts a private PostgreSQL cluster with
# tests/pg/cluster.sh (initdb in a temporary directory, 127.0.0.1 on a free
# port, run as the caller or as `nobody` when the caller is root; fsync on,
# only shared_buffers changed), makes the demo data once with `serai demo`
# on SQLite and gives every configuration a fresh copy of it (`serai
# migrate` into a new PostgreSQL database, `cp` for SQLite).  For each
# configuration -- SQLite with 1 server, PostgreSQL with 1, 2 and 4 --
# it starts the servers (`serai serve --quiet --threads T`, T = TOTAL_THREADS
# / servers), creates a secretariat API token and runs wrk (bench/pg.lua,
# CONNECTIONS connections spread evenly over the servers) for four
# workloads: two reads (one organisation, a filtered list) and two writes
# (PATCH of a membership's dues, POST of a new organisation).  The Markdown
# report goes to stdout, progress to stderr.  Every process and file it
# creates, the cluster included, is removed on exit.
#
# Knobs (environment):
#   DURATION=10s  WARMUP=2s  ROUNDS=2  CONNECTIONS=64  WRK_THREADS=4
#   SERVERS="1 2 4"  TOTAL_THREADS=4  BASE_PORT=18101 (ports BASE_PORT..+3)
#   WORKLOADS="one list patch post"  SQLITE=1 (0: no SQLite configuration)
#   PG_SHARED_BUFFERS=256MB (empty: PostgreSQL's default)
#   LIST_QUERY='type=university&limit=20'  ORG_ID=(first listed)
#   IMPORT_ROWS=100000  NORGS=300  TRACE_ROWS=10000 (0: skip the count of
#   round trips per row, which needs strace)
#   QUIET_WAIT=60 QUIET_PCT=5 OTHER_MAX=10 RETRIES=2: as in bench/http.sh,
#   each run starts on an idle machine and a run during which other
#   processes took more than OTHER_MAX % of the CPU is run again.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
root=$(cd "$here/.." && pwd)
serai=${1:-$root/build-bench/serai}
case "$serai" in /*) ;; *) serai=$PWD/$serai ;; esac
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
ROUNDS=${ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-4}
SERVERS=${SERVERS:-1 2 4}
TOTAL_THREADS=${TOTAL_THREADS:-4}
BASE_PORT=${BASE_PORT:-18101}
PG_SHARED_BUFFERS=${PG_SHARED_BUFFERS-256MB}
LIST_QUERY=${LIST_QUERY:-type=university&limit=20}
IMPORT_ROWS=${IMPORT_ROWS:-100000}
NORGS=${NORGS:-300}
TRACE_ROWS=${TRACE_ROWS:-10000}
QUIET_WAIT=${QUIET_WAIT:-60}
OTHER_MAX=${OTHER_MAX:-10}
RETRIES=${RETRIES:-2}
SECRETARIAT=secretariat@serai.example
cluster=$root/tests/pg/cluster.sh
lua=$here/pg.lua

log() { printf 'bench/pg: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

for tool in wrk curl awk pgrep; do
    command -v "$tool" >/dev/null 2>&1 ||
        die "$tool is missing (scripts/bootstrap --bench names the packages)"
done
[ -x "$serai" ] || die "no serai binary at $serai; build it first:
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release && cmake --build build-bench -j2"
# shellcheck disable=SC2012
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/pg_ctl" ]; then
    die "PostgreSQL server binaries not found (Debian package postgresql; scripts/bootstrap installs it)"
fi
[ -x "$cluster" ] || die "$cluster is missing"

maxservers=0
for n in $SERVERS; do [ "$n" -gt "$maxservers" ] && maxservers=$n; done
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for i in $(seq 0 $((maxservers - 1))); do
    port_in_use $((BASE_PORT + i)) &&
        die "port $((BASE_PORT + i)) on 127.0.0.1 is in use; set BASE_PORT"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/serai-bench-pg.XXXXXX")
# The cluster may run as `nobody`, which must reach its directory.
chmod 755 "$tmp"
pgdir=$tmp/pg
server_pids=()

stop_servers() {
    # Only the servers this script started, by their process id.
    local p
    for p in "${server_pids[@]}"; do
        kill -TERM "$p" 2>/dev/null || true
    done
    for p in "${server_pids[@]}"; do
        wait "$p" 2>/dev/null || true
    done
    server_pids=()
}
cleanup() {
    stop_servers
    [ -d "$pgdir" ] && "$cluster" stop "$pgdir" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}
psql_q() { # DB SQL: one value per line
    "$pgbin/psql" -X -q -At -h 127.0.0.1 -p "$pgport" -U serai -d "$1" -c "$2"
}
wait_http() { # URL: wait up to 10 s for any HTTP answer
    for _ in $(seq 1 100); do
        curl -s -o /dev/null --max-time 1 "$1" && return 0
        sleep 0.1
    done
    return 1
}

# CPU ticks of the whole cluster: the postmaster, its live children, and
# the children it has reaped (a backend whose connection closed).
pg_ticks() {
    local pm v total=0 p
    pm=$(head -n 1 "$pgdir/data/postmaster.pid" 2>/dev/null || true)
    if [ -z "$pm" ] || [ ! -r "/proc/$pm/stat" ]; then echo 0; return; fi
    v=$(sed 's/^.*) //' "/proc/$pm/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }' || true)
    total=${v:-0}
    for p in $(pgrep -P "$pm" || true); do
        v=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }' || true)
        total=$((total + ${v:-0}))
    done
    echo "$total"
}
# Ticks of everything of ours: servers, wrk and other children, the cluster.
our_ticks() { echo $(( $(own_ticks "${server_pids[@]}") + $(pg_ticks) )); }
# Ticks of the running servers alone, and of this shell's finished children
# alone (wrk, once it has been waited for).
server_ticks() { echo $(( $(own_ticks "${server_pids[@]}") - $(own_ticks) )); }
# "serai% pg% wrk%": each one's share of all cores between two samples
# "ALL SERVERS PG CHILDREN" (ALL from cpu_ticks, "busy idle").
cpu_split() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        split(a, x, " "); split(b, y, " ")
        total = (y[1] + y[2]) - (x[1] + x[2])
        if (total <= 0) { print "0 0 0"; exit }
        printf "%.0f %.0f %.0f\n", 100 * (y[3] - x[3]) / total,
               100 * (y[4] - x[4]) / total, 100 * (y[5] - x[5]) / total
    }'
}

# ---- the cluster -------------------------------------------------------------
log "starting a private PostgreSQL cluster in $pgdir"
"$cluster" start "$pgdir" || die "the cluster did not start"
pgport=$(cat "$pgdir/port")
if [ -n "$PG_SHARED_BUFFERS" ]; then
    psql_q postgres "ALTER SYSTEM SET shared_buffers = '$PG_SHARED_BUFFERS'" >/dev/null
    # pg_ctl restart keeps the command-line options of the first start.
    as_owner "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -m fast -w -t 60 \
        restart >/dev/null || die "the cluster did not restart: $(tail -n 5 "$pgdir/server.log")"
fi
pg_version=$(psql_q postgres 'SHOW server_version' | awk '{ print $1 }')
pg_settings=$(psql_q postgres "SELECT string_agg(name || ' = ' || setting ||
        CASE WHEN unit IS NULL OR unit = '' THEN '' ELSE ' ' || unit END, ', ' ORDER BY name)
    FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit',
        'wal_sync_method', 'full_page_writes', 'max_connections', 'commit_delay')")
# shared_buffers in 8 kB pages is hard to read: say it in MiB as well.
sb_mib=$(psql_q postgres "SELECT pg_size_pretty(setting::bigint * 8192) FROM pg_settings WHERE name = 'shared_buffers'")

newdb() { "$cluster" newdb "$pgdir"; }
dropdb() { psql_q postgres "DROP DATABASE IF EXISTS ${1##*/}" >/dev/null || true; }

# ---- the demo data -------------------------------------------------------------
log "creating the demo database"
demo=$tmp/demo.db
"$serai" demo --db "$demo" >/dev/null 2>"$tmp/demo.err" ||
    die "serai demo failed: $(cat "$tmp/demo.err")"

# fresh_db BACKEND: a new copy of the demo data; sets $db.
fresh_db() {
    if [ "$1" = sqlite ]; then
        db=$tmp/run.db
        rm -f "$db" "$db"-*
        cp "$demo" "$db"
    else
        db=$(newdb)
        "$serai" migrate --from "$demo" --to "$db" >/dev/null 2>"$tmp/migrate.err" ||
            die "serai migrate failed: $(cat "$tmp/migrate.err")"
    fi
}
drop_db() { # BACKEND
    if [ "$1" = sqlite ]; then rm -f "$db" "$db"-*; else dropdb "$db"; fi
}

# start_servers N THREADS: N servers on $db, ports BASE_PORT...
start_servers() {
    local i port
    ports=""
    for i in $(seq 0 $(($1 - 1))); do
        port=$((BASE_PORT + i))
        "$serai" serve --db "$db" --listen "127.0.0.1:$port" --quiet --threads "$2" \
            2>>"$tmp/serve-$port.err" &
        server_pids+=("$!")
        ports="$ports $port"
    done
    for port in $ports; do
        wait_http "http://127.0.0.1:$port/healthz" ||
            die "serai did not start on port $port: $(cat "$tmp/serve-$port.err")"
    done
    ports=${ports# }
}

fetch() { # URL FILE: fails unless 200
    local code
    code=$(curl -sS -o "$2" -w '%{http_code}' "$1")
    [ "$code" = 200 ] || die "GET $1 answered $code: $(head -c 300 "$2")"
}

# ---- wrk -------------------------------------------------------------------------
# run_wrk MODE URL DURATION OUT: one wrk run over the servers in $ports.
run_wrk() {
    BENCH_MODE=$1 BENCH_PORTS=$ports BENCH_TOKEN=$token BENCH_IDS=$member_ids \
    BENCH_NONCE=$nonce \
        wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$3" --latency -s "$lua" "$2" >"$4" 2>&1 ||
        die "wrk failed: $(cat "$4")"
    grep -q '^BENCH requests=' "$4" || die "wrk printed no figures: $(cat "$4")"
}
# Prints: rps p50_ms p99_ms non2xx socket_errors max_ms
parse_bench() {
    awk '/^BENCH requests=/ {
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        rps = (v["duration_us"] > 0) ? v["requests"] / (v["duration_us"] / 1e6) : 0
        printf "%.0f %.3f %.3f %d %d %.1f\n", rps, v["p50_us"] / 1000, v["p99_us"] / 1000,
               v["status_errors"], v["connect"] + v["read"] + v["write"] + v["timeout"],
               v["max_us"] / 1000
    }' "$1"
}
# The HTTP statuses counted by the script (writes): "200:1234 503:2".
statuses() {
    awk '/^BENCH status / { printf "%s%s:%s", sep, $3, $4; sep = " " }' "$1"
}

# Counters of the current PostgreSQL database: "commits rollbacks deadlocks".
pg_counters() {
    psql_q postgres "SELECT xact_commit, xact_rollback, deadlocks FROM pg_stat_database
                     WHERE datname = '${db##*/}'" | tr '|' ' '
}

one_path=""
list_path="/api/v1/organizations?$LIST_QUERY"
member_ids=""
token=""
nonce=""
results=$tmp/results.txt
: >"$results"
mkdir -p "$tmp/out"

# measure CONFIG BACKEND N T WORKLOAD ROUND
measure() {
    local config=$1 backend=$2 n=$3 t=$4 w=$5 round=$6
    local mode=read url="http://127.0.0.1:${ports%% *}$one_path"
    case $w in
    list) url="http://127.0.0.1:${ports%% *}$list_path" ;;
    patch) mode=patch url="http://127.0.0.1:${ports%% *}/" ;;
    post) mode=post url="http://127.0.0.1:${ports%% *}/" ;;
    esac
    nonce="r$round-$config-warm"
    log "round $round: $config, $w: warm-up ($WARMUP)"
    run_wrk "$mode" "$url" "$WARMUP" "$tmp/out/warmup.txt"
    local attempt best="" best_other=101 other out t0 o0 t1 o1 s0 s1 c0 c1 pgc
    for attempt in $(seq 0 "$RETRIES"); do
        out=$tmp/out/$config-$w-$round-$attempt.txt
        wait_quiet_cpu "$QUIET_WAIT" || log "  the machine stays busy; measuring anyway"
        nonce="r$round-$config-$attempt"
        c0="" c1=""
        [ "$backend" = pg ] && c0=$(pg_counters)
        log "round $round: $config, $w ($DURATION, $CONNECTIONS connections over $n server(s))"
        t0=$(cpu_ticks) o0=$(our_ticks)
        s0="$t0 $(server_ticks) $(pg_ticks) $(own_ticks)"
        run_wrk "$mode" "$url" "$DURATION" "$out"
        t1=$(cpu_ticks) o1=$(our_ticks)
        s1="$t1 $(server_ticks) $(pg_ticks) $(own_ticks)"
        [ "$backend" = pg ] && c1=$(pg_counters)
        other=$(other_cpu_pct "$t0" "$o0" "$t1" "$o1")
        pgc=-
        if [ -n "$c0" ] && [ -n "$c1" ]; then
            pgc=$(awk -v a="$c0" -v b="$c1" 'BEGIN { split(a, x, " "); split(b, y, " ")
                printf "%d/%d/%d", y[1] - x[1], y[2] - x[2], y[3] - x[3] }')
        fi
        echo "$(parse_bench "$out") $other $(cpu_split "$s0" "$s1") $pgc $(statuses "$out" | tr ' ' ',')" >"$out.sum"
        if [ "$other" -lt "$best_other" ]; then
            best=$out best_other=$other
        fi
        [ "$other" -le "$OTHER_MAX" ] && break
        [ "$attempt" -lt "$RETRIES" ] &&
            log "  other processes used $other % of the CPU; running it again"
    done
    # Evidence of anything but clean answers: wrk's own lines about it and
    # the first unexpected answer the script saw.
    if grep -qE '^ *(Socket errors|Non-2xx)|^BENCH first-unexpected' "$best"; then
        {
            echo "$config, $w, round $round ($(basename "$best" .txt)):"
            grep -E '^ *(Socket errors|Non-2xx)|^BENCH (requests|status|first-unexpected)' "$best" |
                sed 's/^ *//; s/^BENCH //'
        } >>"$tmp/unexpected.txt"
    fi
    # config backend servers threads workload round rps p50 p99 non2xx sockerr
    # max other serai% pg% wrk% pgc statuses
    echo "$config $backend $n $t $w $round $(cat "$best.sum")" >>"$results"
}

configs=()
[ "${SQLITE:-1}" = 1 ] && configs+=("sqlite-1 sqlite 1 $TOTAL_THREADS")
for n in $SERVERS; do
    t=$(( TOTAL_THREADS / n )); [ "$t" -ge 1 ] || t=1
    configs+=("pg-$n pg $n $t")
done
workloads=${WORKLOADS:-one list patch post}

for round in $(seq 1 "$ROUNDS"); do
    for c in "${configs[@]}"; do
        read -r config backend n t <<<"$c"
        log "round $round: $config: fresh database, $n server(s) with $t thread(s) each"
        fresh_db "$backend"
        token=$("$serai" token create --db "$db" --email "$SECRETARIAT" 2>"$tmp/token.err") ||
            die "serai token create failed: $(cat "$tmp/token.err")"
        start_servers "$n" "$t"
        first="http://127.0.0.1:${ports%% *}"
        if [ -z "$one_path" ]; then
            fetch "$first$list_path" "$tmp/list.json"
            listed=$(grep -o '{"id":[0-9]*' "$tmp/list.json" | grep -c . || true)
            [ "$listed" -gt 0 ] || log "warning: $list_path lists no organisation"
            ORG_ID=${ORG_ID:-$(grep -o '"id":[0-9]*' "$tmp/list.json" | head -n 1 | cut -d: -f2)}
            [ -n "$ORG_ID" ] || die "$list_path lists no organisation; set ORG_ID"
            one_path="/api/v1/organizations/$ORG_ID"
            fetch "$first$one_path" "$tmp/one.json"
            fetch "$first/api/v1/members?limit=500" "$tmp/members.json"
            member_ids=$(grep -o '{"id":[0-9]*' "$tmp/members.json" | cut -d: -f2 | tr '\n' ' ')
            [ -n "$member_ids" ] || die "the demo has no membership to change"
        fi
        # Every server answers the reads with the same bytes as the first
        # configuration (the copy keeps every row and id).
        for port in $ports; do
            fetch "http://127.0.0.1:$port$one_path" "$tmp/check.json"
            cmp -s "$tmp/check.json" "$tmp/one.json" ||
                log "warning: $config on port $port answers $one_path with other bytes"
            fetch "http://127.0.0.1:$port$list_path" "$tmp/check.json"
            cmp -s "$tmp/check.json" "$tmp/list.json" ||
                log "warning: $config on port $port answers $list_path with other bytes"
        done
        for w in $workloads; do
            measure "$config" "$backend" "$n" "$t" "$w" "$round"
        done
        stop_servers
        drop_db "$backend"
    done
done

# Anything the servers wrote to stderr besides starting and stopping (they
# run with --quiet: nothing else is expected).
cat "$tmp"/serve-*.err 2>/dev/null |
    grep -vE '^serai: (serving on http://[^ ]+ \(Ctrl-C stops\)|stopped)$' >"$tmp/serve.err" || true
serve_err_lines=$(grep -c . "$tmp/serve.err" || true)

# ---- import ----------------------------------------------------------------------
log "generating $IMPORT_ROWS people and $NORGS organisations"
"$here/gen-csv" people "$IMPORT_ROWS" "$NORGS" >"$tmp/people.csv"
"$here/gen-csv" orgs "$NORGS" >"$tmp/affil-orgs.csv"
have_time=0
[ -x /usr/bin/time ] && have_time=1

# import_one BACKEND: sets $result to "wall_s rss_mib serai_cpu_s pg_cpu_s
# other_pct".  Not to be called in $(...): the CPU accounting needs the
# import to be a child of this shell.
import_one() {
    local backend=$1 start end wall rss=- ucpu=- p0 p1 t0 o0 t1 o1
    if [ "$backend" = sqlite ]; then
        db=$tmp/import.db
        rm -f "$db" "$db"-*
    else
        db=$(newdb)
    fi
    "$serai" org import "$tmp/affil-orgs.csv" --db "$db" >/dev/null 2>"$tmp/import.err" ||
        die "org import into $backend failed: $(cat "$tmp/import.err")"
    wait_quiet_cpu "$QUIET_WAIT" || log "  the machine stays busy; measuring anyway"
    t0=$(cpu_ticks) o0=$(our_ticks) p0=$(pg_ticks)
    start=$(date +%s.%N)
    if [ $have_time = 1 ]; then
        /usr/bin/time -f '%e %M %U %S' -o "$tmp/time.txt" \
            "$serai" person import "$tmp/people.csv" --db "$db" >"$tmp/import.out" 2>"$tmp/import.err" ||
            die "person import into $backend failed: $(tail -n 5 "$tmp/import.err")"
        read -r wall rss u s < <(tail -n 1 "$tmp/time.txt")
        rss=$(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }')
        ucpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.1f", u + s }')
    else
        "$serai" person import "$tmp/people.csv" --db "$db" >"$tmp/import.out" 2>"$tmp/import.err" ||
            die "person import into $backend failed: $(tail -n 5 "$tmp/import.err")"
        end=$(date +%s.%N)
        wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
    fi
    t1=$(cpu_ticks) o1=$(our_ticks) p1=$(pg_ticks)
    grep -q "^imported $IMPORT_ROWS rows" "$tmp/import.out" ||
        die "unexpected result of the import into $backend: $(cat "$tmp/import.out")"
    local pgcpu=-
    [ "$backend" = pg ] &&
        pgcpu=$(awk -v a="$p0" -v b="$p1" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", (b - a) / hz }')
    result="$wall $rss $ucpu $pgcpu $(other_cpu_pct "$t0" "$o0" "$t1" "$o1")"
    if [ "$backend" = sqlite ]; then rm -f "$db" "$db"-*; else dropdb "$db"; fi
}

log "person import of $IMPORT_ROWS rows into SQLite"
import_one sqlite
imp_sqlite=$result
log "person import of $IMPORT_ROWS rows into PostgreSQL (about a minute)"
import_one pg
imp_pg=$result

# Round trips per imported row: the messages serai sends to PostgreSQL while
# importing TRACE_ROWS people (libpq sends each statement with one send()).
trace_note=""
if [ "$TRACE_ROWS" -gt 0 ] && command -v strace >/dev/null 2>&1; then
    log "counting round trips for $TRACE_ROWS people (strace, not timed)"
    "$here/gen-csv" people "$TRACE_ROWS" "$NORGS" >"$tmp/people-trace.csv"
    db=$(newdb)
    "$serai" org import "$tmp/affil-orgs.csv" --db "$db" >/dev/null 2>&1 ||
        die "org import for the trace failed"
    if strace -f -qq -e trace=sendto,sendmsg -o "$tmp/strace.txt" \
            "$serai" person import "$tmp/people-trace.csv" --db "$db" >"$tmp/trace.out" 2>&1 &&
       grep -q "^imported $TRACE_ROWS rows" "$tmp/trace.out"; then
        sends=$(grep -cE '(sendto|sendmsg)\(' "$tmp/strace.txt" || true)
        trace_note=$(awk -v s="$sends" -v r="$TRACE_ROWS" 'BEGIN { printf "%d messages to PostgreSQL for %d people: %.1f round trips per row", s, r, s / r }')
    else
        log "the traced import failed: $(tail -n 3 "$tmp/trace.out")"
    fi
    dropdb "$db"
fi
# One round trip on this machine: a prepared SELECT 1, one client.
rtt_note=""
if [ -x "$pgbin/pgbench" ]; then
    echo 'SELECT 1;' >"$tmp/select1.sql"
    db=$(newdb)
    rtt_us=$("$pgbin/pgbench" -n -M prepared -c 1 -T 3 -f "$tmp/select1.sql" \
                 -h 127.0.0.1 -p "$pgport" -U serai "${db##*/}" 2>/dev/null |
             awk '/^latency average/ { printf "%.0f", $4 * 1000 }')
    dropdb "$db"
    [ -n "$rtt_us" ] && rtt_note="one prepared \`SELECT 1\` from one client takes $rtt_us µs (\`pgbench -M prepared -c 1 -T 3\`)"
fi

# ---- report ----------------------------------------------------------------------
ncpu=$(nproc)
cat <<EOF
### HTTP on PostgreSQL: 1, 2 and 4 servers on one database, beside SQLite

- PostgreSQL $pg_version: a private cluster from \`tests/pg/cluster.sh\` on 127.0.0.1, data in \`${TMPDIR:-/tmp}\` ($(df -T "$tmp" | awk 'NR == 2 { print $2 }')); settings: shared_buffers = $sb_mib${PG_SHARED_BUFFERS:+ (set with ALTER SYSTEM; everything else as initdb and cluster.sh leave it)}, $pg_settings.
- Data: \`serai demo\` on SQLite once; every configuration and round starts on a fresh copy (\`serai migrate --from demo.db --to postgres://...\`, \`cp\` for SQLite), so the reads see the same rows and ids everywhere.
- Servers: \`serai serve --db DB --listen 127.0.0.1:PORT --quiet --threads T\` with servers × T = $TOTAL_THREADS; each holds T + 1 connections to PostgreSQL. SQLite runs one server with $TOTAL_THREADS threads (one machine, one file).
- Load: one wrk process, \`wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION --latency -s bench/pg.lua\`; the script gives wrk thread i the server i mod N, so the $CONNECTIONS connections are spread evenly ($((CONNECTIONS / WRK_THREADS)) per wrk thread) and the latency percentiles are over all requests. A $WARMUP warm-up before each measurement; rounds: $ROUNDS, the configurations in turn. req/s is the mean of the rounds, p50 the mean, p99 the worst round.
- Workloads: \`GET $one_path\`; \`GET $list_path\`; \`PATCH /api/v1/members/{id}\` with \`{"dues": ...}\` (the demo's memberships in turn, a different value each time, secretariat API token from \`serai token create\`); \`POST /api/v1/organizations\` with a new name, type and country (no ROR). Each write is one transaction with its audit record, and writers are serialised: \`pg_advisory_xact_lock\` on PostgreSQL, the write lock on SQLite.
- **All of it -- wrk, the servers and PostgreSQL -- shares the same $ncpu cores.** The CPU column gives each one's share of all $ncpu cores during the run (100 % = both cores busy), from /proc.

EOF
awk -v omax="$OTHER_MAX" '
function label(w) {
    if (w == "one") return "GET one organisation"
    if (w == "list") return "GET filtered list"
    if (w == "patch") return "PATCH membership dues"
    return "POST organisation"
}
function backend(b) { return (b == "pg") ? "PostgreSQL" : "SQLite" }
{
    c = $1; w = $5; key = c SUBSEP w
    if (!(key in n)) { order[++nk] = key; cfg[key] = c; wl[key] = w
                       be[key] = $2; srv[key] = $3; thr[key] = $4 }
    n[key]++; rps[key] += $7; p50[key] += $8
    if ($9 > p99[key]) p99[key] = $9
    bad[key] += $10; serr[key] += $11
    if ($13 > maxother) maxother = $13
    cs[key] += $14; cp[key] += $15; cw[key] += $16
    rows = rows sprintf("| %s | %d | %s | %s | %d | %.0f | %.2f | %.2f | %.1f | %d | %d | %d / %s / %d %% | %d %% | %s | %s |\n",
        backend($2), $3, $4, label(w), $6, $7, $8, $9, $12, $10, $11, $14,
        ($2 == "pg") ? $15 : "-", $16, $13, $17, (NF >= 18) ? $18 : "-")
}
END {
    # PostgreSQL with one server, the base of the scaling column.
    for (i = 1; i <= nk; i++) { k = order[i]
        if (be[k] == "pg" && srv[k] == 1) base[wl[k]] = rps[k] / n[k] }
    print "| Backend | Servers | Threads each | Workload | req/s | × PostgreSQL 1 server | p50 ms | p99 ms | non-2xx | socket errors | CPU: serai / PostgreSQL / wrk |"
    print "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"
    split("one list patch post", ws, " ")
    for (j = 1; j <= 4; j++)
        for (i = 1; i <= nk; i++) { k = order[i]
            if (wl[k] != ws[j]) continue
            r = rps[k] / n[k]
            scale = (base[wl[k]] > 0) ? sprintf("%.2f", r / base[wl[k]]) : "-"
            pgcpu = (be[k] == "pg") ? sprintf("%.0f", cp[k] / n[k]) : "-"
            printf("| %s | %d | %d | %s | %.0f | %s | %.2f | %.2f | %d | %d | %.0f / %s / %.0f %% |\n",
                   backend(be[k]), srv[k], thr[k], label(wl[k]), r, scale,
                   p50[k] / n[k], p99[k], bad[k], serr[k], cs[k] / n[k], pgcpu, cw[k] / n[k])
        }
    print ""
    print "Every run (socket errors include wrk timeouts: a request without an answer after 2 s; PostgreSQL counters of the database during the run: commits / rollbacks / deadlocks; HTTP statuses as counted by bench/pg.lua for the writes):"
    print ""
    print "| Backend | Servers | Threads each | Workload | Round | req/s | p50 ms | p99 ms | max ms | non-2xx | socket errors | CPU: serai / PostgreSQL / wrk | CPU used by other processes | PG commits/rollbacks/deadlocks | HTTP statuses |"
    print "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
    printf "%s", rows
    print ""
    if (maxother > omax)
        printf "**Other processes on the machine took up to %d %% of the CPU during a run: the figures of that run are disturbed.**\n", maxother
    else
        printf "Other processes took at most %d %% of the CPU during any run.\n", maxother
}' "$results"
echo
if [ -s "$tmp/unexpected.txt" ]; then
    echo "**Errors seen by wrk** (in the runs kept; wrk's lines, and for writes the HTTP statuses and the first unexpected answer):"
    echo
    sed 's/^/    /' "$tmp/unexpected.txt"
    echo
fi
if [ "${serve_err_lines:-0}" -gt 0 ]; then
    echo "**The servers wrote $serve_err_lines line(s) to stderr**; the first:"
    echo
    head -n 10 "$tmp/serve.err" | sed 's/^/    /'
    echo
else
    echo "The servers wrote nothing to stderr."
    echo
fi

read -r s_wall s_rss s_cpu _ s_other <<<"$imp_sqlite"
read -r p_wall p_rss p_cpu p_pgcpu p_other <<<"$imp_pg"
cat <<EOF
### CSV import into PostgreSQL

- \`serai person import people.csv --db DB\` of $IMPORT_ROWS people from \`bench/gen-csv people $IMPORT_ROWS $NORGS\`, once into a fresh PostgreSQL database of the cluster above and once into a fresh SQLite file, each holding the $NORGS organisations beforehand (\`serai org import\`, not timed). Wall time, peak RSS and serai's CPU time (user + system) from \`/usr/bin/time\`; PostgreSQL's CPU from /proc (the postmaster and its children).

| Backend | Wall time | serai CPU | PostgreSQL CPU | Peak RSS | CPU used by other processes |
|---|---:|---:|---:|---:|---:|
| SQLite | $s_wall s | $s_cpu s | - | $s_rss MiB | $s_other % |
| PostgreSQL | $p_wall s | $p_cpu s | $p_pgcpu s | $p_rss MiB | $p_other % |

EOF
[ -n "$trace_note" ] && echo "- Round trips: $trace_note (\`strace -f -e trace=sendto,sendmsg\` on an import of $TRACE_ROWS people into a fresh database, not timed)."
[ -n "$rtt_note" ] && echo "- Latency of one round trip: $rtt_note."
true
