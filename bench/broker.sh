#!/usr/bin/env bash
# bench/broker.sh -- the meeting scheduler (bench/broker.c, issue 9 §6,
# Performance): 2,000 accepted requests into 40 slots, target under 1 s,
# then harder sets (dense, unavailability, table limits); median of RUNS.
#
# Usage: bench/broker.sh [BUILD_DIR]     (default build-bench, a Release build
#        whose libserai_lib.a is linked; it is built when missing)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${1:-$root/build-bench}
RUNS=${RUNS:-5} SEED=${SEED:-1}
if [ ! -f "$build/libserai_lib.a" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build" -j"$(nproc)" --target serai_lib >/dev/null
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/serai-broker-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
# shellcheck disable=SC2046
cc -O2 -std=c17 -D_GNU_SOURCE -I "$root/src" -o "$work/broker" "$here/broker.c" \
    "$build/libserai_lib.a" \
    $(pkg-config --libs jansson sqlite3 libsodium libpq xlsxwriter libxml-2.0 cbc) -lpthread -lm
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
echo "command: bench/broker.sh $(basename "$build") (RUNS=$RUNS SEED=$SEED)"
#                requests participants slots unavailable% tables
"$work/broker"  2000 400  40  0  0 "$RUNS" "$SEED"
"$work/broker"  2000 400  40 20  0 "$RUNS" "$SEED"
"$work/broker"  2000 400  40 10 45 "$RUNS" "$SEED"
"$work/broker"  2000 100  40  0  0 "$RUNS" "$SEED"
"$work/broker"  2000 100  40 20  0 "$RUNS" "$SEED"
"$work/broker" 20000 2000 40 20  0 "$RUNS" "$SEED"
