#!/usr/bin/env bash
# The database drops every connection of a running server (as a restart or
# a failover does): the server reconnects and answers the next requests;
# a request that met the dropped connection is run again, not half-done.
# Also: a database on a newer schema version is refused with a clear error.
set -eu
: "${SERAI_BIN:?}" "${SERAI_TEST_PG_DIR:?}" "${SERAI_TEST_PG_SCRIPT:?}"
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$tmp/server.log" ] && tail -5 "$tmp/server.log" >&2; exit 1; }

db=$(bash "$SERAI_TEST_PG_SCRIPT" newdb "$SERAI_TEST_PG_DIR")
port=$(cat "$SERAI_TEST_PG_DIR/port")
psql_() { psql -q -t -A -h 127.0.0.1 -p "$port" -U serai -d "${db##*/}" -c "$1"; }
"$SERAI_BIN" init --db "$db" >/dev/null
SERAI_PASSWORD='correct horse battery' "$SERAI_BIN" account add --db "$db" \
    --email sec@serai.test --name Sec --role secretariat >/dev/null

p=$(( 20000 + RANDOM % 12000 ))
while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
"$SERAI_BIN" serve --db "$db" --listen "127.0.0.1:$p" --threads 2 2>"$tmp/server.log" &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$p/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
base="http://127.0.0.1:$p"
tok=$(curl -s -X POST -H 'Content-Type: application/json' \
      --data '{"email":"sec@serai.test","password":"correct horse battery"}' \
      "$base/api/v1/auth/login" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$tok" ] || fail "no token"

for round in 1 2 3; do
    killed=$(psql_ "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
    [ "$killed" -ge 1 ] || fail "round $round: no server connection to drop"
    code=$(curl -s -o "$tmp/out" -w '%{http_code}' -X POST -H "Authorization: Bearer $tok" \
        -H 'Content-Type: application/json' \
        --data "{\"name\":\"After drop $round\",\"type\":\"ngo\",\"country\":\"KE\"}" \
        "$base/api/v1/organizations")
    [ "$code" = 201 ] || fail "round $round: create after the drop answered $code: $(cat "$tmp/out")"
    code=$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz")
    [ "$code" = 200 ] || fail "round $round: healthz $code"
done
n=$(psql_ "SELECT count(*) FROM organization")
[ "$n" = 3 ] || fail "expected exactly 3 organisations (none lost, none twice), found $n"
"$SERAI_BIN" audit verify --db "$db" >/dev/null || fail "audit chain broken"

kill "$pid"; wait "$pid" || fail "server did not stop cleanly"; pid=""

# A database on a newer schema than this build is refused, not touched.
psql_ "UPDATE serai_schema SET version = 999"
if "$SERAI_BIN" org list --db "$db" 2>"$tmp/err"; then fail "newer schema accepted"; fi
grep -q "newer than this build" "$tmp/err" || fail "unclear error: $(cat "$tmp/err")"
echo "reconnects after dropped connections; refuses a newer schema"
