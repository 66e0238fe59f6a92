#!/usr/bin/env bash
# bench/mes.sh -- the Equal Shares benchmark (bench/mes.c, issue 8): a
# generated Wrocław-2015-sized budget ballot (170 projects, 130,000
# approval voters approving 1-10 projects each with skewed popularity,
# costs 20k-2M, budget a quarter of the total cost); the Method of Equal
# Shares with cost utilities and the add-one completion, and greedy; median
# of RUNS runs.  Target: under 2 s.
#
# Usage: bench/mes.sh [BUILD_DIR]     (default build-bench, a Release build
#        whose libserai_lib.a is linked; it is built when missing)
#   P=170 V=130000 RUNS=5 SEED=1   the run
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${1:-$root/build-bench}
P=${P:-170} V=${V:-130000} RUNS=${RUNS:-5} SEED=${SEED:-1}
if [ ! -f "$build/libserai_lib.a" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build" -j"$(nproc)" --target serai_lib >/dev/null
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/serai-mes-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
# shellcheck disable=SC2046
cc -O2 -std=c17 -D_GNU_SOURCE -I "$root/src" -o "$work/mes" "$here/mes.c" \
    "$build/libserai_lib.a" \
    $(pkg-config --libs jansson sqlite3 libsodium libpq xlsxwriter libxml-2.0 cbc) -lpthread -lm
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
echo "command: bench/mes.sh $(basename "$build") (P=$P V=$V RUNS=$RUNS SEED=$SEED)"
"$work/mes" "$P" "$V" "$RUNS" "$SEED"
