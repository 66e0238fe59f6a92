#!/bin/sh
# serve: a bad --listen is refused; on a free port the server answers
# /healthz and serves what the CLI wrote; SIGTERM stops it with exit 0 and
# "stopped" on stderr.  Needs curl.
. "$(dirname "$0")/lib.sh"
need_tool curl

expect_exit 1 serai serve --listen bad
expect_stderr_contains "--listen must be HOST:PORT"
expect_exit 1 serai serve --listen 127.0.0.1:99999
expect_stderr_contains "--listen"
expect_exit 1 serai serve --listen :8080
expect_exit 1 serai serve --listen 127.0.0.1:http
expect_exit 1 serai serve --threads 0
expect_stderr_contains "--threads"
# A database it cannot open: exit 2 before listening.
if on_postgres; then
    expect_exit 2 serai serve --db postgres://serai@127.0.0.1:1/x --listen 127.0.0.1:0
    expect_stderr_contains "127.0.0.1"
    expect_stderr_lacks "serving on"
else
    mkdir adir
    expect_exit 2 serai serve --db adir --listen 127.0.0.1:0
    expect_stderr_contains "adir"
fi

expect_ok serai org add --name "Peking University" --type university \
    --country CN --name-zh 北京大学
SERAI_PASSWORD="correct horse battery staple"
export SERAI_PASSWORD
expect_ok serai account add --email robot@example.org --name Robot --role secretariat
expect_ok serai token create --email robot@example.org
token=$(cat "$OUT")

# Port 0: the system picks a free port and the server says which.
start_bg serve.out serve.err "$SERAI_BIN" serve --listen 127.0.0.1:0 --threads 2
server=$BG_PID
wait_for_line serve.err "serai: serving on http://127.0.0.1:" 30 ||
    fail "the server did not start: $(cat serve.err)"
port=$(sed -n 's|^serai: serving on http://127\.0\.0\.1:\([0-9][0-9]*\) .*|\1|p' serve.err)
[ -n "$port" ] && [ "$port" -gt 0 ] || fail "no port in: $(cat serve.err)"
base=http://127.0.0.1:$port

run curl -sS --max-time 10 -w '\n%{http_code}\n' "$base/healthz"
expect_equal "$STATUS" 0 "curl exit status for /healthz"
expect_stdout_line 200
expect_stdout_contains '"status":"ok"'

run curl -sS --max-time 10 "$base/api/v1/organizations/1"
expect_stdout_contains '"name":"Peking University"'
expect_stdout_contains '"zh":"北京大学"'
# The token that serai token create printed works as a bearer token.
run curl -sS --max-time 10 -H "Authorization: Bearer $token" "$base/api/v1/auth/me"
expect_stdout_contains '"email":"robot@example.org"'
run curl -sS --max-time 10 -o /dev/null -w '%{http_code}\n' \
    -H "Authorization: Bearer srt_not_a_token" "$base/api/v1/auth/me"
expect_stdout_line 401

# A second server cannot take the same port.
start_bg second.out second.err "$SERAI_BIN" serve --listen "127.0.0.1:$port"
wait_status "$BG_PID" 30
[ "$STATUS" -eq 1 ] || fail "a second server on port $port: exit $STATUS, not 1: $(cat second.err)"
grep -q -F -e "$port" second.err || fail "the refusal does not name port $port: $(cat second.err)"

# The access log names each request.
grep -q -e 'GET /healthz 200' serve.err || fail "no access log line for /healthz: $(cat serve.err)"

kill -TERM "$server"
wait_status "$server" 30
[ "$STATUS" -eq 0 ] || fail "after SIGTERM the server exited $STATUS, not 0: $(cat serve.err)"
check_sanitizers serve.err
grep -q -x -F -e "serai: stopped" serve.err || fail "no \"stopped\" on stderr: $(cat serve.err)"
run curl -sS --max-time 5 "$base/healthz"
[ "$STATUS" -ne 0 ] || fail "the server still answers after SIGTERM"

# --quiet drops the access log.
start_bg quiet.out quiet.err "$SERAI_BIN" serve --listen 127.0.0.1:0 --quiet
server=$BG_PID
wait_for_line quiet.err "serai: serving on" 30 || fail "the quiet server did not start"
port=$(sed -n 's|^serai: serving on http://127\.0\.0\.1:\([0-9][0-9]*\) .*|\1|p' quiet.err)
run curl -sS --max-time 10 "http://127.0.0.1:$port/healthz"
expect_stdout_contains '"status":"ok"'
kill -TERM "$server"
wait_status "$server" 30
expect_equal "$STATUS" 0 "exit status of the quiet server"
grep -q -e 'GET /healthz' quiet.err && fail "--quiet still logs requests"
check_sanitizers quiet.err
