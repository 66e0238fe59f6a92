#!/usr/bin/env bash
# bench/select.sh -- the binding selection benchmark (bench/select.c,
# issue 7): 10,000 ranked proposals over 60 funders, 2-5 funders per
# proposal, budgets that fund about half; select_run() with the shortfalls
# of every skipped proposal, and with the reason text, in the vcp, rcp and
# mixed modes; median of RUNS runs.  Target: under 50 ms.  When the build
# directory holds a serai binary, also `serai select` end to end on the
# same instance as CSV files (read, select, print), median of RUNS runs.
#
# Usage: bench/select.sh [BUILD_DIR]     (default build-bench, a Release build
#        whose libserai_lib.a is linked; it is built when missing)
#   P=10000 F=60 RUNS=15 SEED=1   the run
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${1:-$root/build-bench}
P=${P:-10000} F=${F:-60} RUNS=${RUNS:-15} SEED=${SEED:-1}
if [ ! -f "$build/libserai_lib.a" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build" -j"$(nproc)" --target serai_lib >/dev/null
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/serai-select-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
# shellcheck disable=SC2046
cc -O2 -std=c17 -D_GNU_SOURCE -I "$root/src" -o "$work/select" "$here/select.c" \
    "$build/libserai_lib.a" \
    $(pkg-config --libs jansson sqlite3 libsodium libpq xlsxwriter libxml-2.0 cbc) -lpthread -lm
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
echo "command: bench/select.sh $(basename "$build") (P=$P F=$F RUNS=$RUNS SEED=$SEED)"
"$work/select" "$P" "$F" "$RUNS" "$SEED" "$work"
if [ -x "$build/serai" ]; then
    echo
    echo "\`serai select\` end to end ($(wc -l <"$work/proposals.csv") lines of proposals.csv):"
    echo
    echo "| command | median | fastest | slowest |"
    echo "|---|---:|---:|---:|"
    # mixed: central money a tenth of the national budgets, half of it for gaps
    central=$(awk -F, 'NR > 1 { s += $3 } END { printf "%.0f", s / 10 }' "$work/budgets.csv")
    for args in "--mode vcp" "--mode vcp --json" "--mode mixed --central $central --gap-share 50 --whatif 10 --json"; do
        times=()
        for _ in $(seq "$RUNS"); do
            t0=$(date +%s%N)
            # shellcheck disable=SC2086
            "$build/serai" select --proposals "$work/proposals.csv" \
                --budgets "$work/budgets.csv" $args >/dev/null
            t1=$(date +%s%N)
            times+=($(((t1 - t0) / 1000)))
        done
        printf '%s\n' "${times[@]}" | sort -n | awk -v a="$args" '
            { t[NR] = $1 } END {
                printf "| `serai select %s` | %.1f ms | %.1f ms | %.1f ms |\n",
                    a, t[int((NR + 1) / 2)] / 1000, t[1] / 1000, t[NR] / 1000 }'
    done
fi
