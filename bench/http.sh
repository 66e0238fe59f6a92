#!/usr/bin/env bash
# bench/http.sh -- HTTP throughput and latency of `serai serve`, side by side
# with nginx serving the very same response bytes as static files.
#
# Usage: bench/http.sh [SERAI_BINARY]        (default build-bench/serai)
#
# It builds nothing.  It creates a demo database (`serai demo`; when that
# is not available, 300 organisations imported from a generated CSV), starts
# serai and nginx on 127.0.0.1 only, and runs wrk against both, alternately,
# for each target URL.  The Markdown report goes to stdout, progress to
# stderr.  Every process and file it creates is removed on exit.
#
# Knobs (environment):
#   DURATION=10s  ROUNDS=2  CONNECTIONS=64  WRK_THREADS=2  WARMUP=2s
#   SERAI_PORT=18081  NGINX_PORT=18082  SERAI_THREADS=(serai's default)
#   LIST_QUERY='country=CN&type=university&limit=20'  ORG_ID=(first listed)
#   QUIET_WAIT=60: before each round, wait up to this many seconds for the
#   machine to be idle (below QUIET_PCT=5 % busy over one second).
#   OTHER_MAX=10 RETRIES=3: a round during which processes other than
#   serai, nginx and wrk used more than OTHER_MAX % of the CPU is run again,
#   up to RETRIES times, and the least disturbed attempt is kept.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
root=$(cd "$here/.." && pwd)
serai=${1:-$root/build-bench/serai}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-2}
WARMUP=${WARMUP:-2s}
SERAI_PORT=${SERAI_PORT:-18081}
NGINX_PORT=${NGINX_PORT:-18082}
# Filtered lists to try, in order: the first that fills a page of 20 wins
# (the demo has few organisations per country and type).  LIST_QUERY set in
# the environment is taken as it is.
list_candidates=("country=CN&type=university&limit=20" "type=university&limit=20"
                 "country=CN&limit=20")
OTHER_MAX=${OTHER_MAX:-10}
RETRIES=${RETRIES:-3}
QUIET_WAIT=${QUIET_WAIT:-60}
ncpu=$(nproc)

log() { printf 'bench/http: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

for tool in wrk nginx curl awk; do
    command -v "$tool" >/dev/null 2>&1 ||
        die "$tool is missing (scripts/bootstrap --bench names the packages)"
done
[ -x "$serai" ] || die "no serai binary at $serai; build it first:
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release && cmake --build build-bench -j2"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$SERAI_PORT" "$NGINX_PORT"; do
    port_in_use "$p" && die "port $p on 127.0.0.1 is in use; set SERAI_PORT/NGINX_PORT"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/serai-bench-http.XXXXXX")
serai_pid=""
nginx_pid=""
cleanup() {
    # Only the two servers this script started, by their process id.
    if [ -n "$serai_pid" ] && kill -0 "$serai_pid" 2>/dev/null; then
        kill -TERM "$serai_pid" 2>/dev/null || true
        wait "$serai_pid" 2>/dev/null || true
    fi
    if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
        kill -QUIT "$nginx_pid" 2>/dev/null || true
        wait "$nginx_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_http() { # URL: wait up to 10 s for any HTTP answer
    for _ in $(seq 1 100); do
        curl -s -o /dev/null --max-time 1 "$1" && return 0
        sleep 0.1
    done
    return 1
}

# ---- the database ----------------------------------------------------------
db=$tmp/bench.db
db_origin=""
if "$serai" demo --db "$db" >"$tmp/demo.out" 2>"$tmp/demo.err"; then
    db_origin="\`serai demo --db FILE\` (default seed)"
else
    log "serai demo failed ($(tr '\n' ' ' <"$tmp/demo.err")); importing 300 generated organisations instead"
    rm -f "$db" "$db"-*
    # 300 organisations: 60 per type-country mix, 45 of them universities in CN.
    awk 'BEGIN {
        OFS = ","
        split("CN RU KZ DE FR BR IN ZA EG TH UZ PK", cc, " ")
        split("university research_institute funding_agency enterprise ngo", ty, " ")
        print "name,type,country,name_zh,website"
        for (i = 1; i <= 300; i++) {
            if (i % 6 == 1 || i <= 15) { c = "CN"; t = "university" }
            else { c = cc[1 + i % 12]; t = ty[1 + i % 5] }
            zh = (c == "CN") ? sprintf("\"第%d研究大学\"", i) : ""
            printf "\"Bench %s %s No. %d\",%s,%s,%s,https://org%d.example.org\n",
                   t, c, i, t, c, zh, i
        }
    }' >"$tmp/orgs.csv"
    "$serai" org import "$tmp/orgs.csv" --db "$db" >/dev/null 2>"$tmp/import.err" ||
        die "org import failed: $(cat "$tmp/import.err")"
    db_origin="300 organisations from \`serai org import\` of a generated CSV (\`serai demo\` was not available)"
fi

# ---- serai -----------------------------------------------------------------
serai_args=(serve --db "$db" --quiet --listen "127.0.0.1:$SERAI_PORT")
[ -n "${SERAI_THREADS:-}" ] && serai_args+=(--threads "$SERAI_THREADS")
"$serai" "${serai_args[@]}" 2>"$tmp/serai.err" &
serai_pid=$!
wait_http "http://127.0.0.1:$SERAI_PORT/healthz" ||
    die "serai did not start: $(cat "$tmp/serai.err")"

fetch() { # URL FILE: exact body bytes; fails unless 200
    local code
    code=$(curl -sS -o "$2" -w '%{http_code}' "$1")
    [ "$code" = 200 ] || die "GET $1 answered $code: $(head -c 300 "$2")"
}
# Items on a page: every organisation object starts with {"id":.
count_items() { grep -o '{"id":[0-9]*' "$1" | grep -c . || true; }
mkdir -p "$tmp/www"
list_note=""
if [ -n "${LIST_QUERY:-}" ]; then
    fetch "http://127.0.0.1:$SERAI_PORT/api/v1/organizations?$LIST_QUERY" "$tmp/www/list.json"
else
    best_n=-1
    for q in "${list_candidates[@]}"; do
        fetch "http://127.0.0.1:$SERAI_PORT/api/v1/organizations?$q" "$tmp/try.json"
        n=$(count_items "$tmp/try.json")
        if [ "$n" -gt "$best_n" ]; then
            best_n=$n LIST_QUERY=$q
            cp "$tmp/try.json" "$tmp/www/list.json"
        fi
        [ "$n" -ge 20 ] && break
        list_note="$list_note \`?$q\` gives $n organisations;"
    done
fi
list_path="/api/v1/organizations?$LIST_QUERY"
listed=$(count_items "$tmp/www/list.json")
[ "$listed" -gt 0 ] || log "warning: $list_path lists no organisation"
if [ -z "${ORG_ID:-}" ]; then
    ORG_ID=$(grep -o '"id":[0-9]*' "$tmp/www/list.json" | head -n 1 | cut -d: -f2)
    if [ -z "$ORG_ID" ]; then
        fetch "http://127.0.0.1:$SERAI_PORT/api/v1/organizations?limit=1" "$tmp/first.json"
        ORG_ID=$(grep -o '"id":[0-9]*' "$tmp/first.json" | head -n 1 | cut -d: -f2)
    fi
fi
[ -n "$ORG_ID" ] || die "the database has no organisation"
one_path="/api/v1/organizations/$ORG_ID"
fetch "http://127.0.0.1:$SERAI_PORT$one_path" "$tmp/www/one.json"
norgs=""
command -v sqlite3 >/dev/null 2>&1 &&
    norgs=$(sqlite3 "$db" 'SELECT count(*) FROM organization' 2>/dev/null || true)

# ---- nginx with the same bytes --------------------------------------------
mkdir -p "$tmp/nginx/logs" "$tmp/nginx/temp"
# Workers drop to an unprivileged user when started as root: let them read.
chmod 755 "$tmp" "$tmp/www" "$tmp/nginx"
chmod 644 "$tmp/www/"*.json
cat >"$tmp/nginx/nginx.conf" <<EOF
worker_processes $ncpu;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    client_body_temp_path $tmp/nginx/temp/body;
    proxy_temp_path $tmp/nginx/temp/proxy;
    fastcgi_temp_path $tmp/nginx/temp/fastcgi;
    uwsgi_temp_path $tmp/nginx/temp/uwsgi;
    scgi_temp_path $tmp/nginx/temp/scgi;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        default_type application/json;
        # The headers serai sends besides Date/Content-Type/Content-Length.
        add_header Cache-Control no-store;
        add_header X-Content-Type-Options nosniff;
        add_header X-Request-Id 00000000-000000;
        location = /api/v1/organizations { alias $tmp/www/list.json; }
        location = $one_path { alias $tmp/www/one.json; }
        location / { return 404; }
    }
}
EOF
nginx -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/logs/error.log" \
    2>"$tmp/nginx/stderr" &
nginx_pid=$!
wait_http "http://127.0.0.1:$NGINX_PORT/" ||
    die "nginx did not start: $(cat "$tmp/nginx/stderr" "$tmp/nginx/logs/error.log" 2>/dev/null)"
for f in one list; do
    p=$one_path; [ $f = list ] && p=$list_path
    curl -sS -o "$tmp/check.json" "http://127.0.0.1:$NGINX_PORT$p"
    cmp -s "$tmp/check.json" "$tmp/www/$f.json" ||
        die "nginx does not serve the same bytes for $p"
done

# ---- wrk -------------------------------------------------------------------
# Our processes: serai, and nginx's master and workers.
server_pids() { echo "$serai_pid" "$nginx_pid" "$(pgrep -P "$nginx_pid" | tr "\n" " ")"; }

# Prints: rps p50_ms p99_ms non2xx socket_errors
parse_wrk() {
    awk '
    function ms(v) {
        if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
        if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
        if (v ~ /s$/)  return substr(v, 1, length(v) - 1) * 1000
        return v + 0
    }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { bad = $NF }
    /Socket errors:/ { gsub(",", ""); serr = $4 + $6 + $8 + $10 }
    END { printf "%.0f %.3f %.3f %d %d\n", rps, p50, p99, bad, serr }' "$1"
}

run_wrk() { # NAME URL DURATION OUT
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$3" --latency "$2" >"$4" 2>&1 ||
        die "wrk failed against $1: $(cat "$4")"
}

targets=("one|GET $one_path" "list|GET $list_path")
declare -A url=(
    [serai-one]="http://127.0.0.1:$SERAI_PORT$one_path"
    [nginx-one]="http://127.0.0.1:$NGINX_PORT$one_path"
    [serai-list]="http://127.0.0.1:$SERAI_PORT$list_path"
    [nginx-list]="http://127.0.0.1:$NGINX_PORT$list_path"
)
results=$tmp/results.txt
: >"$results"
for t in "${targets[@]}"; do
    key=${t%%|*}
    for srv in serai nginx; do
        log "warm-up $srv $key ($WARMUP)"
        run_wrk "$srv" "${url[$srv-$key]}" "$WARMUP" "$tmp/warmup.txt"
    done
    for round in $(seq 1 "$ROUNDS"); do
        for srv in serai nginx; do
            log "round $round: $srv $key ($DURATION, $CONNECTIONS connections)"
            best="" best_other=101
            for attempt in $(seq 0 "$RETRIES"); do
                out=$tmp/wrk-$key-$srv-$round-$attempt.txt
                wait_quiet_cpu "$QUIET_WAIT" || log "  the machine stays busy; measuring anyway"
                # shellcheck disable=SC2046
                t0=$(cpu_ticks) o0=$(own_ticks $(server_pids))
                run_wrk "$srv" "${url[$srv-$key]}" "$DURATION" "$out"
                # shellcheck disable=SC2046
                t1=$(cpu_ticks) o1=$(own_ticks $(server_pids))
                other=$(other_cpu_pct "$t0" "$o0" "$t1" "$o1")
                if [ "$other" -lt "$best_other" ]; then
                    best=$out best_other=$other
                fi
                [ "$other" -le "$OTHER_MAX" ] && break
                [ "$attempt" -lt "$RETRIES" ] &&
                    log "  other processes used $other % of the CPU; running the round again"
            done
            echo "$key $srv $round $(parse_wrk "$best") $best_other" >>"$results"
        done
    done
done

# ---- report ----------------------------------------------------------------
bytes() { wc -c <"$1" | tr -d ' '; }
cat <<EOF
### HTTP: serai next to nginx serving the same bytes

- Database: $db_origin${norgs:+ ($norgs organisations in it)}.
- serai: \`serai serve --quiet --listen 127.0.0.1:$SERAI_PORT\` ($(
    [ -n "${SERAI_THREADS:-}" ] && echo "--threads $SERAI_THREADS" ||
    echo "default threads = $ncpu CPUs")).
- nginx $(nginx -v 2>&1 | sed 's/^nginx version: nginx\///'): $ncpu worker processes, access_log off, keep-alive on, sendfile on; each URL mapped to a static file holding the exact body serai sent, with serai's extra headers added.
- Load: \`wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION --latency URL\`, after a $WARMUP warm-up per server and URL; $ROUNDS rounds, serai and nginx alternately. req/s is the mean of the rounds, p99 the worst round.
- **wrk and the server under test share the same $ncpu cores** (the other server is idle meanwhile), so both figures are lower than on a machine where the load generator runs elsewhere; the ratio is the fair comparison.
- Bodies: $one_path $(bytes "$tmp/www/one.json") bytes; $list_path $(bytes "$tmp/www/list.json") bytes ($listed organisations).${list_note:+ (The list is the first filter that fills a page:$list_note so the next was taken.)}

EOF
awk -v one="GET $one_path" -v list="GET $list_path" -v omax="$OTHER_MAX" -v retries="$RETRIES" '
{
    k = $1; s = $2
    n[k, s]++; rps[k, s] += $4; p50[k, s] += $5
    if ($6 > p99[k, s]) p99[k, s] = $6
    bad[k, s] += $7 + $8
    if ($9 > maxother) maxother = $9
    raw = raw sprintf("| %s | %s | %d | %.0f | %.2f | %.2f | %d | %d %% |\n",
                      (k == "one" ? one : list), s, $3, $4, $5, $6, $7 + $8, $9)
}
END {
    print "| Target | serai req/s | nginx req/s | serai/nginx | serai p99 | nginx p99 | serai >= 50% of nginx, p99 < 10 ms |"
    print "|---|---:|---:|---:|---:|---:|---|"
    split("one list", ks, " ")
    for (i = 1; i <= 2; i++) {
        k = ks[i]
        sr = rps[k, "serai"] / n[k, "serai"]; nr = rps[k, "nginx"] / n[k, "nginx"]
        ratio = nr > 0 ? sr / nr : 0
        ok = (ratio >= 0.5 && p99[k, "serai"] < 10 && bad[k, "serai"] == 0)
        printf "| %s | %.0f | %.0f | %.2f | %.2f ms | %.2f ms | %s |\n",
               (k == "one" ? one : list), sr, nr, ratio, p99[k, "serai"],
               p99[k, "nginx"], ok ? "met" : "**missed**"
    }
    print ""
    print "Every round:"
    print ""
    print "| Target | Server | Round | req/s | p50 ms | p99 ms | non-2xx + socket errors | CPU used by other processes |"
    print "|---|---|---:|---:|---:|---:|---:|---:|"
    printf "%s", raw
    print ""
    if (maxother > omax)
        printf "**Other processes on the machine took up to %d %% of the CPU during a round: the figures of that round are disturbed.**\n", maxother
    else
        printf "Other processes took at most %d %% of the CPU during any round (each round starts on an idle machine; rounds above %d %% are run again, up to %d times).\n", maxother, omax, retries
}' "$results"
