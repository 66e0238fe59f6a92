#!/usr/bin/env bash
# bench/ledger_balance.sh -- serai's balance report next to `hledger
# balance` on the exported journal of the same transfers (issue 6).
#
# Builds (bench/ledger_balance.c, against a Release libserai_lib.a) a SQLite
# ledger of N transfers between ACCOUNTS EUR accounts through the library,
# exports it with ledger_journal_write (what `serai ledger export` runs),
# then times, ROUNDS times each, as separate processes:
#   serai report     per-account balances as the account table keeps them
#                    (ledger_balances) plus per-currency totals
#   serai recompute  the same balances summed from the N transfer rows
#                    (ledger_balances_from_transfers), as hledger must
#   hledger          hledger -f JOURNAL balance --flat -N -E -O csv
# and checks that all three print the same balances.  Prints a Markdown
# section (figures, ratio, command, machine).
#
# Usage: bench/ledger_balance.sh [BUILD_DIR]   (default build-bench; built
#        when its libserai_lib.a is missing)
#   N=1000000 ACCOUNTS=1000 ROUNDS=3 DIR=/tmp
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${1:-$root/build-bench}
N=${N:-1000000} ACCOUNTS=${ACCOUNTS:-1000} ROUNDS=${ROUNDS:-3}
command -v hledger >/dev/null || { echo "bench/ledger_balance.sh: hledger is not installed (scripts/bootstrap)" >&2; exit 1; }
if [ ! -f "$build/libserai_lib.a" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build" -j"$(nproc)" --target serai_lib >/dev/null
fi
work=$(mktemp -d "${DIR:-/tmp}/serai-ledger-balance.XXXXXX")
trap 'rm -rf "$work"' EXIT
# shellcheck disable=SC2046
cc -O2 -std=c17 -D_GNU_SOURCE -I "$root/src" -o "$work/lb" "$here/ledger_balance.c" \
    "$build/libserai_lib.a" \
    $(pkg-config --libs jansson sqlite3 libsodium libpq xlsxwriter libxml-2.0 cbc) -lpthread -lm

log() { printf 'bench/ledger_balance: %s\n' "$*" >&2; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

db=$work/ledger.db
log "building $N transfers over $ACCOUNTS accounts"
t0=$(now)
"$work/lb" gen "$db" "$N" "$ACCOUNTS"
t1=$(now)
gen_s=$(secs "$t0" "$t1")
log "exporting the journal"
t0=$(now)
"$work/lb" export "$db" "$work/ledger.journal" 2>"$work/export.err"
t1=$(now)
export_s=$(secs "$t0" "$t1")
journal_mb=$(du -m "$work/ledger.journal" | awk '{ print $1 }')
ntx=$(awk '{ print $1 }' "$work/export.err")

# time_run NAME OUTFILE CMD...: ROUNDS runs, wall clock of the whole
# process (start-up included); prints "min max maxrss_MiB".
time_run() {
    local name=$1 outf=$2 i best="" worst="" rss=0 t
    shift 2
    for ((i = 1; i <= ROUNDS; i++)); do
        local a b
        a=$(now)
        /usr/bin/time -f '%M' -o "$work/time" "$@" >"$outf"
        b=$(now)
        t=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", b - a }')
        read -r r <"$work/time"
        log "$name round $i: $t s, max RSS $((r / 1024)) MiB"
        best=$(awk -v a="${best:-$t}" -v b="$t" 'BEGIN { print (b < a) ? b : a }')
        worst=$(awk -v a="${worst:-$t}" -v b="$t" 'BEGIN { print (b > a) ? b : a }')
        [ "$r" -gt "$rss" ] && rss=$r
    done
    echo "$best $worst $((rss / 1024))"
}

read -r rep_min rep_max rep_rss < <(time_run "serai report" "$work/serai.csv" "$work/lb" report "$db")
read -r rec_min rec_max rec_rss < <(time_run "serai recompute" "$work/recompute.csv" "$work/lb" recompute "$db")
read -r hl_min hl_max hl_rss < <(time_run "hledger" "$work/hledger.csv" hledger -f "$work/ledger.journal" balance --flat -N -E -O csv)

# The three must agree, account by account.
grep -v '^"total ' "$work/serai.csv" >"$work/serai.accounts"
grep -v '^"total ' "$work/recompute.csv" >"$work/recompute.accounts"
cmp -s "$work/serai.accounts" "$work/recompute.accounts" || { log "report and recompute differ"; exit 1; }
cmp -s "$work/serai.accounts" "$work/hledger.csv" || { log "serai and hledger differ:"; diff "$work/serai.accounts" "$work/hledger.csv" | head >&2; exit 1; }
naccts=$(($(wc -l <"$work/hledger.csv") - 1))
totals=$(grep '^"total ' "$work/serai.csv" | tr -d '"' | sed 's/^total //; s/,/ /' | paste -sd ';' -)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f", a / b; else print "n/a" }'; }
cpu=$(lscpu | awk -F: '/^Model name/ { sub(/^[ \t]+/, "", $2); print $2; exit }')
hv=$(hledger --version | head -n 1)
sqlite_v=$(dpkg-query -W -f='${Version}' libsqlite3-0 2>/dev/null || echo '?')

cat <<EOF
$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) CPUs ($cpu), $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo); $hv; SQLite $sqlite_v.
Command: \`N=$N ACCOUNTS=$ACCOUNTS ROUNDS=$ROUNDS bench/ledger_balance.sh $(basename "$build")\` (build dir \`$build\`).

- Ledger: $N transfers over $ACCOUNTS EUR accounts, built through \`ledger_store_create_transfers\` in batches of 8,190 in $gen_s s; exported with \`ledger_journal_write\` in $export_s s to a $journal_mb MB journal of $ntx transactions.
- All three reports give the same $naccts account balances (byte-identical CSV); serai's per-currency totals: $totals.

| report | time (best of $ROUNDS) | worst | max RSS | hledger / this |
|---|---:|---:|---:|---:|
| serai, balances as kept (\`ledger_balances\` + \`ledger_store_totals\`) | $rep_min s | $rep_max s | $rep_rss MiB | $(ratio "$hl_min" "$rep_min")× |
| serai, recomputed from the $N transfer rows (\`ledger_balances_from_transfers\`) | $rec_min s | $rec_max s | $rec_rss MiB | $(ratio "$hl_min" "$rec_min")× |
| \`hledger -f ledger.journal balance --flat -N -E -O csv\` | $hl_min s | $hl_max s | $hl_rss MiB | 1× |
EOF
