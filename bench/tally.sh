#!/usr/bin/env bash
# bench/tally.sh -- the Schulze benchmark (bench/tally.c, issue 8,
# Performance): 1,000,000 ballots x 20 candidates, PARTIAL percent of
# them partial rankings, timed through tally_run() from the ballot arrays
# to the ranking (checks, aggregation of identical ballots, pairwise
# matrix, strongest paths); median of RUNS runs.  Target: under 1 s.
#
# Usage: bench/tally.sh [BUILD_DIR]     (default build-bench, a Release build
#        whose libserai_lib.a is linked; it is built when missing)
#   N=1000000 C=20 RUNS=5 SEED=1 PARTIAL=50   the run
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${1:-$root/build-bench}
N=${N:-1000000} C=${C:-20} RUNS=${RUNS:-5} SEED=${SEED:-1} PARTIAL=${PARTIAL:-50}
if [ ! -f "$build/libserai_lib.a" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build" -j"$(nproc)" --target serai_lib >/dev/null
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/serai-tally-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
# shellcheck disable=SC2046
cc -O2 -std=c17 -D_GNU_SOURCE -I "$root/src" -o "$work/tally" "$here/tally.c" \
    "$build/libserai_lib.a" \
    $(pkg-config --libs jansson sqlite3 libsodium libpq xlsxwriter libxml-2.0 cbc) -lpthread -lm
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
echo "command: bench/tally.sh $(basename "$build") (N=$N C=$C RUNS=$RUNS SEED=$SEED PARTIAL=$PARTIAL)"
"$work/tally" "$N" "$C" "$RUNS" "$SEED" "$PARTIAL"
