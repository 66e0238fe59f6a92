#!/usr/bin/env bash
# Two `serai serve` processes in front of one PostgreSQL database behave as
# one system: a session made on one is valid on the other, a logout on one
# ends it on both, failed logins counted on both throttle together, and what
# one writes the other reads at once.  Requests alternate between them.
set -eu
: "${SERAI_BIN:?}" "${SERAI_TEST_PG_DIR:?}" "${SERAI_TEST_PG_SCRIPT:?}"
tmp=$(mktemp -d)
# start() runs in a command substitution, a subshell: it leaves the pids of
# the servers it starts in a file for cleanup to find.
cleanup() {
    for p in $(cat "$tmp/pids" 2>/dev/null); do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

db=$(bash "$SERAI_TEST_PG_SCRIPT" newdb "$SERAI_TEST_PG_DIR")
"$SERAI_BIN" init --db "$db" >/dev/null
SERAI_PASSWORD='correct horse battery' "$SERAI_BIN" account add --db "$db" \
    --email sec@serai.test --name Sec --role secretariat >/dev/null
SERAI_PASSWORD='correct horse battery' "$SERAI_BIN" account add --db "$db" \
    --email obs@serai.test --name Obs --role observer >/dev/null

# Below Linux's ephemeral range (32768-60999), so that no client socket of
# a test running alongside holds the port as its source port.
free_port() {
    local p=$(( 20000 + RANDOM % 12000 ))
    while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
    echo "$p"
}
start() {
    local port; port=$(free_port)
    "$SERAI_BIN" serve --db "$db" --listen "127.0.0.1:$port" --quiet --threads 2 \
        >/dev/null 2>>"$tmp/server.log" &
    echo "$!" >>"$tmp/pids"
    for _ in $(seq 100); do
        curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && { echo "$port"; return; }
        sleep 0.1
    done
    cat "$tmp/server.log" >&2
    fail "server on $port did not start"
}
a=$(start); b=$(start)
echo "servers on $a and $b"

# req PORT METHOD PATH [TOKEN] [BODY] -> prints "STATUS BODY"
req() {
    local port=$1 method=$2 path=$3 token=${4:-} body=${5:-}
    local args=(-s -o "$tmp/out" -w '%{http_code}' -X "$method")
    [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
    [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data "$body")
    local code; code=$(curl "${args[@]}" "http://127.0.0.1:$port$path")
    echo "$code $(cat "$tmp/out")"
}
token_of() { sed -n 's/.*"token":"\([^"]*\)".*/\1/p'; }

# A session made on A works on B; logout on B ends it on A.
out=$(req "$a" POST /api/v1/auth/login "" '{"email":"sec@serai.test","password":"correct horse battery"}')
[ "${out%% *}" = 200 ] || fail "login on A: $out"
tok=$(echo "$out" | token_of)
out=$(req "$b" GET /api/v1/auth/me "$tok"); [ "${out%% *}" = 200 ] || fail "me on B: $out"

# Writes on one are read on the other at once, alternating.
for i in 1 2 3 4 5 6; do
    if [ $((i % 2)) = 1 ]; then w=$a; r=$b; else w=$b; r=$a; fi
    out=$(req "$w" POST /api/v1/organizations "$tok" \
        "{\"name\":\"Org $i\",\"type\":\"ngo\",\"country\":\"KE\"}")
    [ "${out%% *}" = 201 ] || fail "create $i: $out"
    id=$(echo "$out" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
    out=$(req "$r" GET "/api/v1/organizations/$id")
    [ "${out%% *}" = 200 ] || fail "read $id on the other server: $out"
done
out=$(req "$b" GET "/api/v1/organizations?limit=100")
n=$(echo "$out" | grep -o '"id":' | wc -l)
[ "$n" = 6 ] || fail "expected 6 organisations on B, saw $n"

# The audit chain written by both servers is one intact chain.
out=$(req "$a" GET /api/v1/audit/verify "$tok")
echo "$out" | grep -q '"intact":true' || fail "audit chain: $out"

out=$(req "$b" POST /api/v1/auth/logout "$tok"); [ "${out%% *}" = 204 ] || fail "logout on B: $out"
out=$(req "$a" GET /api/v1/auth/me "$tok"); [ "${out%% *}" = 401 ] || fail "token still valid on A: $out"

# Failed logins on both servers add up: the sixth attempt is throttled.
for i in 1 2 3 4 5; do
    if [ $((i % 2)) = 1 ]; then p=$a; else p=$b; fi
    out=$(req "$p" POST /api/v1/auth/login "" '{"email":"obs@serai.test","password":"wrong wrong wrong"}')
    [ "${out%% *}" = 401 ] || fail "failure $i: $out"
done
out=$(req "$b" POST /api/v1/auth/login "" '{"email":"obs@serai.test","password":"correct horse battery"}')
[ "${out%% *}" = 429 ] || fail "expected 429 after 5 failures across servers: $out"
echo "two servers behave as one"
