#!/bin/sh
# Crash safety of the ledger (issue 6, reliability): concurrent clients post
# batches of transfers through the HTTP API while the server is killed with
# SIGKILL at random moments and started again on the same port.  A client
# records a batch as acknowledged only when it got HTTP 200, and after any
# failure sends the SAME batch (same ids) again until it is acknowledged.
# Afterwards:
#   - every answer was all-or-nothing: a batch is either wholly "ok" or, on
#     a retry after a crash that came after its commit, wholly "exists";
#   - every acknowledged transfer is stored, with its accounts and amount
#     (no acknowledged transfer lost);
#   - each sink account's credits_posted equals the sum of the amounts of
#     the transfers stored for it, and the source's debits_posted the sum of
#     all of them (nothing applied twice, nothing extra; amounts differ per
#     client and per event so the sums identify double application);
#   - serai ledger check passes.
# The random moments come from SERAI_CRASH_SEED (default: the clock); every
# assertion holds for every interleaving.  Needs curl.
. "$(dirname "$0")/lib.sh"
need_tool curl

SEED=${SERAI_CRASH_SEED:-$(date +%s)}
CLIENTS=4          # concurrent client loops
BATCH=20           # transfers per batch
MAX_BATCHES=1000   # per client, a bound should the stop signal never come
ATTEMPTS=600       # per batch; 0.05 s apart at least, so >= 30 s of retrying

crash_fail()
{
    fail "$* (SERAI_CRASH_SEED=$SEED)"
}

SERAI_PASSWORD="correct horse battery staple"
export SERAI_PASSWORD
expect_ok serai init
expect_ok serai account add --email ledger@example.org --name Ledger --role secretariat
expect_ok serai token create --email ledger@example.org
token=$(cat "$OUT")
[ -n "$token" ] || fail "no token"

# ---- the server ----

SERVER=
port=0

# wait_file FILE SECONDS: wait until FILE exists, polling (no watchdog
# process to stop afterwards).
wait_file()
{
    _ticks=$(($2 * 10))
    while [ ! -e "$1" ]; do
        _ticks=$((_ticks - 1))
        [ "$_ticks" -gt 0 ] || return 1
        sleep 0.1
    done
}

# start_server: start serai serve on $port (0 the first time: the system
# picks one, which every restart reuses) and wait until /healthz answers.
start_server()
{
    _try=0
    while :; do
        : >serve.err
        start_bg serve.out serve.err "$SERAI_BIN" serve --db "$SERAI_DB" \
            --listen "127.0.0.1:$port" --threads 4 --quiet
        SERVER=$BG_PID
        _wait=300
        while [ "$_wait" -gt 0 ] && kill -0 "$SERVER" 2>/dev/null &&
            ! grep -q -F "serai: serving on http://127.0.0.1:" serve.err; do
            sleep 0.1
            _wait=$((_wait - 1))
        done
        grep -q -F "serai: serving on http://127.0.0.1:" serve.err && break
        cat serve.err >>serve.log
        # Not listening: it may have lost the port for a moment; try again.
        kill -KILL "$SERVER" 2>/dev/null
        wait "$SERVER" 2>/dev/null
        forget_bg "$SERVER"
        _try=$((_try + 1))
        [ "$_try" -lt 20 ] || crash_fail "the server does not start: $(cat serve.err)"
        sleep 0.25
    done
    if [ "$port" = 0 ]; then
        port=$(sed -n 's|^serai: serving on http://127\.0\.0\.1:\([0-9][0-9]*\) .*|\1|p' serve.err)
        case $port in
        [1-9]*) ;;
        *) fail "no port in: $(cat serve.err)" ;;
        esac
    fi
    _tries=300
    until curl -s -f --max-time 2 -o /dev/null "http://127.0.0.1:$port/healthz"; do
        _tries=$((_tries - 1))
        [ "$_tries" -gt 0 ] || crash_fail "the restarted server does not answer /healthz"
        sleep 0.1
    done
}

start_server
base=http://127.0.0.1:$port
auth="Authorization: Bearer $token"

# Account 1 is the source, without overdraft protection; each client has a
# sink of its own (10 + client) and shares sink 20 with the others, so the
# batches contend for the same rows.
run curl -s --max-time 30 -o accounts.json -w '%{http_code}\n' -H "$auth" \
    -H 'Content-Type: application/json' \
    -d '{"accounts": [{"id": 1, "currency": "EUR"}, {"id": 11, "currency": "EUR"},
        {"id": 12, "currency": "EUR"}, {"id": 13, "currency": "EUR"},
        {"id": 14, "currency": "EUR"}, {"id": 20, "currency": "EUR"}]}' \
    "$base/api/v1/ledger/accounts"
expect_stdout_line 200
grep -q -F '"ok":6,' accounts.json || fail "accounts not created: $(cat accounts.json)"

# ---- the clients ----
#
# Transfer i (1..BATCH) of batch b of client c has id c*1000000 + b*100 + i,
# debits account 1, credits sink 10+c (i odd) or 20 (i even), for
# c*1000 + i minor units.  A client writes "id credit amount" lines of a
# batch to acked-c once it got 200 for it; problems go to client-c.err.

client()
{
    trap - TERM
    _c=$1
    _b=0
    : >"acked-$_c"
    _attempts_total=0
    _recovered=0
    while [ "$_b" -lt "$MAX_BATCHES" ] && [ ! -e stop ]; do
        _b=$((_b + 1))
        awk -v c="$_c" -v b="$_b" -v n="$BATCH" 'BEGIN {
            printf "{\"transfers\": ["
            for (i = 1; i <= n; i++)
                printf "%s{\"id\": %d, \"debit_account_id\": 1, \"credit_account_id\": %d, \"amount\": %d}",
                    (i > 1 ? ", " : ""), c * 1000000 + b * 100 + i,
                    i % 2 ? 10 + c : 20, c * 1000 + i
            printf "]}\n"
        }' >"batch-$_c.json"
        _try=0
        while :; do
            _try=$((_try + 1))
            _attempts_total=$((_attempts_total + 1))
            _code=$(curl -s --max-time 20 -o "resp-$_c.json" -w '%{http_code}' \
                -H "$auth" -H 'Content-Type: application/json' \
                --data-binary "@batch-$_c.json" "$base/api/v1/ledger/transfers")
            [ "$_code" = 200 ] && break
            case $_code in
            4* | 500)
                echo "batch $_b: HTTP $_code: $(cat "resp-$_c.json")" >>"client-$_c.err"
                return 1
                ;;
            esac
            if [ "$_try" -ge "$ATTEMPTS" ]; then
                echo "batch $_b: no answer after $_try attempts (last HTTP $_code)" >>"client-$_c.err"
                return 1
            fi
            sleep 0.05
        done
        _counts=$(sed -n 's/.*"ok":\([0-9]*\),"exists":\([0-9]*\),"failed":\([0-9]*\)}$/\1 \2 \3/p' \
            "resp-$_c.json")
        case "$_try:$_counts" in
        *":$BATCH 0 0") ;;
        "1:"*)
            echo "batch $_b, first attempt: not all ok: $(cat "resp-$_c.json")" >>"client-$_c.err"
            return 1
            ;;
        *":0 $BATCH 0")
            # committed before the crash, answered "exists" on the retry
            _recovered=$((_recovered + 1))
            ;;
        *)
            echo "batch $_b, attempt $_try: neither all ok nor all exists: $(cat "resp-$_c.json")" \
                >>"client-$_c.err"
            return 1
            ;;
        esac
        awk -v c="$_c" -v b="$_b" -v n="$BATCH" 'BEGIN {
            for (i = 1; i <= n; i++)
                printf "%d %d %d\n", c * 1000000 + b * 100 + i,
                    i % 2 ? 10 + c : 20, c * 1000 + i
        }' >>"acked-$_c"
    done
    echo "$_b $_attempts_total $_recovered" >"client-$_c.stats"
    return 0
}

# client_main C: run client C, then leave its exit status in client-C.done.
client_main()
{
    client "$1"
    echo "$?" >"client-$1.tmp" && mv "client-$1.tmp" "client-$1.done"
}

CLIENT_PIDS=
c=1
while [ "$c" -le "$CLIENTS" ]; do
    start_bg "client-$c.out" "client-$c.log" client_main "$c"
    CLIENT_PIDS="$CLIENT_PIDS $BG_PID"
    c=$((c + 1))
done

# ---- the killer: 3 to 5 SIGKILLs, 0.2 to 1 s apart, each followed by a
# restart on the same port ----

awk -v seed="$SEED" 'BEGIN {
    srand(seed); k = 3 + int(rand() * 3)
    for (j = 1; j <= k; j++) printf "%.2f\n", 0.2 + rand() * 0.8
}' >sleeps
kills=0
while read -r pause; do
    sleep "$pause"
    kill -KILL "$SERVER" || crash_fail "the server was gone before kill $((kills + 1)): $(cat serve.err)"
    wait "$SERVER" 2>/dev/null
    forget_bg "$SERVER"
    cat serve.err >>serve.log
    kills=$((kills + 1))
    start_server
done <sleeps

# Some traffic on the last server, then the clients finish their batch.
sleep 0.3
: >stop
c=1
while [ "$c" -le "$CLIENTS" ]; do
    wait_file "client-$c.done" 90 || crash_fail "client $c still runs after 90 s"
    STATUS=$(cat "client-$c.done")
    [ "$STATUS" -eq 0 ] || crash_fail "client $c failed (exit $STATUS): $(cat client-*.err client-*.log 2>/dev/null)"
    c=$((c + 1))
done
for pid in $CLIENT_PIDS; do
    wait "$pid"
    forget_bg "$pid"
done

# ---- after the crashes ----

sort -n acked-* >acked
acked_n=$(wc -l <acked | tr -d ' ')
[ "$acked_n" -gt 0 ] || crash_fail "no batch was acknowledged"
attempts=$(cat client-*.stats | awk '{ b += $1; a += $2; r += $3 } END { print b, a, r }')
# shellcheck disable=SC2086 # three numbers, split on purpose
set -- $attempts
batches=$1 tries=$2 recovered=$3
# Kills during traffic make requests fail; otherwise nothing was tested.
[ "$tries" -gt "$batches" ] ||
    crash_fail "no request failed in $kills crashes ($batches batches): the crashes missed the traffic"

# Every acknowledged transfer is there, as it was posted: fetch them all
# through one curl (one connection) and compare.
{
    echo "header = \"$auth\""
    awk -v base="$base" '{ printf "url = \"%s/api/v1/ledger/transfers/%d\"\n", base, $1 }' acked
} >get.cfg
run curl -s --max-time 120 -K get.cfg -w '\t%{http_code}\n'
[ "$STATUS" -eq 0 ] || crash_fail "curl could not fetch the transfers (exit $STATUS)"
# One line per transfer: id debit credit amount status (or "missing").
awk -F '\t' '{
    if ($2 != 200) { print "missing"; next }
    id = $1; sub(/.*"id":/, "", id); sub(/,.*/, "", id)
    d = $1; sub(/.*"debit_account_id":/, "", d); sub(/,.*/, "", d)
    cr = $1; sub(/.*"credit_account_id":/, "", cr); sub(/,.*/, "", cr)
    a = $1; sub(/.*"amount":/, "", a); sub(/,.*/, "", a)
    st = $1; sub(/.*"status":"/, "", st); sub(/".*/, "", st)
    print id, d, cr, a, st
}' "$OUT" >stored
stored_n=$(wc -l <stored | tr -d ' ')
expect_equal "$stored_n" "$acked_n" "answers to the GETs of acknowledged transfers"
lost=$(paste -d ' ' acked stored | awk '
    !($1 == $4 && $5 == 1 && $2 == $6 && $3 == $7 && $8 == "posted") { n++; if (!w) w = $0 }
    END { printf "%d%s\n", n, n ? " (first: " w ")" : "" }')
[ "$lost" = 0 ] || crash_fail "acknowledged transfers lost or changed: $lost"

# Balances: each sink holds exactly the sum of its stored transfers, the
# source is debited exactly the sum of all of them.
for acct in 1 11 12 13 14 20; do
    run curl -s --max-time 30 -H "$auth" "$base/api/v1/ledger/accounts/$acct"
    expect_stdout_contains "\"id\":$acct,"
    debits=$(sed -n 's/.*"debits_posted":\([0-9]*\),.*/\1/p' "$OUT")
    credits=$(sed -n 's/.*"credits_posted":\([0-9]*\),.*/\1/p' "$OUT")
    pending=$(sed -n 's/.*"debits_pending":\([0-9]*\),.*"credits_pending":\([0-9]*\),.*/\1 \2/p' "$OUT")
    expect_equal "$pending" "0 0" "pending balances of account $acct"
    if [ "$acct" = 1 ]; then
        want=$(awk '{ s += $4 } END { printf "%d\n", s }' stored)
        expect_equal "$debits" "$want" "debits_posted of the source (sum of the stored transfers)"
        expect_equal "$credits" 0 "credits_posted of the source"
    else
        want=$(awk -v a="$acct" '$3 == a { s += $4 } END { printf "%d\n", s }' stored)
        expect_equal "$credits" "$want" "credits_posted of sink $acct (sum of its stored transfers)"
        expect_equal "$debits" 0 "debits_posted of sink $acct"
    fi
done

# SQLite: the ledger runs in WAL mode (the write-ahead log is there while the
# server has the database open; store_sqlite.c also sets synchronous=FULL).
if ! on_postgres; then
    [ -e "$SERAI_DB-wal" ] || crash_fail "no write-ahead log next to $SERAI_DB: not in WAL mode"
fi

kill -TERM "$SERVER"
_ticks=300
until grep -q -x -F "serai: stopped" serve.err; do
    _ticks=$((_ticks - 1))
    [ "$_ticks" -gt 0 ] || crash_fail "the last server does not stop on SIGTERM: $(cat serve.err)"
    sleep 0.1
done
wait "$SERVER"
STATUS=$?
forget_bg "$SERVER"
[ "$STATUS" -eq 0 ] || crash_fail "the last server did not stop cleanly (exit $STATUS): $(cat serve.err)"
cat serve.err >>serve.log
check_sanitizers serve.log

expect_ok serai ledger check --db "$SERAI_DB"
expect_stdout_contains "debits equal credits in every currency"
expect_ok serai audit verify

printf '%s: %s SIGKILLs; %s batches of %s transfers acknowledged in %s requests; %s retries answered "exists" (seed %s)\n' \
    "$TEST_NAME" "$kills" "$batches" "$BATCH" "$tries" "$recovered" "$SEED"
