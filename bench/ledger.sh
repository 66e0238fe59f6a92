#!/usr/bin/env bash
# bench/ledger.sh -- the ledger benchmark (bench/ledger.c, issue 6 §2):
# transfers/s durably committed through fund/ledger_store.h in batches,
# against one SQL transaction per transfer, both on SQLite (WAL,
# synchronous=FULL, as store_open opens it) in a temporary directory.
#
# Usage: bench/ledger.sh [BUILD_DIR]     (default build-bench, a Release build
#        whose libserai_lib.a is linked; it is built when missing)
#   N=1000000 BATCH=1000 ACCOUNTS=10000 PLAIN=20000   the run
#   DIR=/tmp   where the temporary directory with the two databases goes
#   BACKEND=postgres   the same on a private PostgreSQL cluster started in
#                      that directory (tests/pg/cluster.sh), fsync on
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${1:-$root/build-bench}
N=${N:-1000000} BATCH=${BATCH:-1000} ACCOUNTS=${ACCOUNTS:-10000} PLAIN=${PLAIN:-20000}
if [ ! -f "$build/libserai_lib.a" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build" -j"$(nproc)" --target serai_lib >/dev/null
fi
work=$(mktemp -d "${DIR:-/tmp}/serai-ledger-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
# shellcheck disable=SC2046
cc -O2 -std=c17 -D_GNU_SOURCE -I "$root/src" -o "$work/ledger" "$here/ledger.c" \
    "$build/libserai_lib.a" \
    $(pkg-config --libs jansson sqlite3 libsodium libpq xlsxwriter libxml-2.0 cbc) -lpthread -lm
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(df -T "$work" | awk 'NR==2 { print $2 }') at $work" >&2
if [ "${BACKEND:-sqlite}" = postgres ]; then
    chmod 755 "$work" # the cluster runs as an unprivileged user
    cluster=$root/tests/pg/cluster.sh
    bash "$cluster" start "$work/pg" >/dev/null
    trap 'bash "$cluster" stop "$work/pg" >/dev/null 2>&1; rm -rf "$work"' EXIT
    LEDGER_DB=$(bash "$cluster" newdb "$work/pg") PLAIN_DB=$(bash "$cluster" newdb "$work/pg") \
        "$work/ledger" "$work" "$N" "$BATCH" "$ACCOUNTS" "$PLAIN"
else
    "$work/ledger" "$work" "$N" "$BATCH" "$ACCOUNTS" "$PLAIN"
fi
