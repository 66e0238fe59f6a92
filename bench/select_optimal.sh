#!/usr/bin/env bash
# bench/select_optimal.sh -- optimal-mode selection (issue 7 §2,
# bench/select_optimal.c): N proposals x F funders solved by
# select_optimal (CBC through its C interface, inside serai) under each
# time limit in LIMITS, beside the same MIP written as a CPLEX LP file and
# given to the `cbc` command-line solver (Debian coinor-cbc):
#   cbc FILE timeMode elapsed sec 10 ratio 0.01 solve solu OUT
#       (stops at a 1 % gap)
#   cbc FILE timeMode elapsed sec 10 solve solu OUT
#       (the stopping rule of serai: proven optimum or the limit)
# Both limits are on the clock (serai sets CBC's timeMode to elapsed too).
# Before the runs it waits up to 60 s for a quiet machine (bench/lib.sh)
# and says how busy the other processes kept it during the runs.
# Prints a Markdown table (objective, bound, gap, time; the ratios).
#
# Usage: bench/select_optimal.sh [BUILD_DIR]   (default build-bench, a Release
#        build whose libserai_lib.a is linked; it is built when missing)
#   N=2000 F=40 SEED=7 MODE=vcp|rcp|mixed LIMITS="0.25 1 10" CBC_SEC=10
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${1:-$root/build-bench}
N=${N:-2000} F=${F:-40} SEED=${SEED:-7} MODE=${MODE:-vcp}
LIMITS=${LIMITS:-"0.25 1 10"} CBC_SEC=${CBC_SEC:-10}
command -v cbc >/dev/null || {
    echo "bench/select_optimal.sh: no cbc command; install coinor-cbc (scripts/bootstrap --bench)" >&2
    exit 1
}
if [ ! -f "$build/libserai_lib.a" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build" -j"$(nproc)" --target serai_lib >/dev/null
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/serai-select-optimal.XXXXXX")
trap 'rm -rf "$work"' EXIT
# shellcheck disable=SC2046
cc -O2 -std=c17 -D_GNU_SOURCE -I "$root/src" -o "$work/opt" "$here/select_optimal.c" \
    "$build/libserai_lib.a" \
    $(pkg-config --libs jansson sqlite3 libsodium libpq xlsxwriter libxml-2.0 cbc) -lpthread -lm

cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
echo "machine: $(nproc) CPUs, $cpu; cbc $(dpkg-query -W -f='${Version}' coinor-cbc 2>/dev/null || echo '?')" >&2

# shellcheck source=bench/lib.sh
. "$here/lib.sh"
quiet=yes
wait_quiet_cpu 60 || quiet=no
ticks0=$(cpu_ticks)
own0=$(own_ticks $$)

now() { date +%s.%N; }
field() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }

echo "| Solver | Time limit | Stops at | Objective (score, thousandths) | Bound | Gap | Proven | Time (s) |"
echo "|---|---|---|---:|---:|---:|---|---:|"
for lim in $LIMITS; do
    "$work/opt" "$work/model.lp" "$N" "$F" "$lim" "$SEED" "$MODE" >"$work/serai.$lim"
    [ "$(field feasible "$work/serai.$lim")" = 1 ] || {
        echo "bench/select_optimal.sh: the selection breaks a budget" >&2
        exit 1
    }
    printf '| serai select_optimal | %s s | proven optimum or the limit | %s | %s | %.3f %% | %s | %.2f |\n' \
        "$lim" "$(field objective "$work/serai.$lim")" "$(field bound "$work/serai.$lim")" \
        "$(awk -v g="$(field gap "$work/serai.$lim")" 'BEGIN { printf "%.6f", 100 * g }')" \
        "$( [ "$(field optimal "$work/serai.$lim")" = 1 ] && echo yes || echo no)" \
        "$(field wall "$work/serai.$lim")"
done

# The cbc command line on the same model; its objective is the negated score.
run_cbc() { # NAME ARGS...
    local name=$1 t0 t1
    shift
    t0=$(now)
    cbc "$work/model.lp" timeMode elapsed sec "$CBC_SEC" "$@" solve solu "$work/$name.sol" >"$work/$name.log" 2>&1
    t1=$(now)
    awk -v t0="$t0" -v t1="$t1" '
        /^Result - / { sub(/^Result - /, ""); result = $0 }
        /^Objective value:/ { obj = -$3 }
        /^Lower bound:/ { bound = -$3; have_bound = 1 }
        END {
            proven = (result ~ /^Optimal solution found$/) ? "claimed" : "no"
            if (!have_bound) bound = obj
            gap = (bound - obj) / (obj > 0 ? obj : -obj)
            printf "%.0f|%.0f|%.6f|%s|%.2f\n", obj, bound, gap, proven, t1 - t0
        }' "$work/$name.log"
}
for variant in ratio exact; do
    if [ "$variant" = ratio ]; then
        line=$(run_cbc cbc-ratio ratio 0.01)
        stops="1 % gap (ratio 0.01)"
    else
        line=$(run_cbc cbc-exact)
        stops="proven optimum or the limit"
    fi
    IFS='|' read -r obj bound gap proven secs <<<"$line"
    if [ "$variant" = ratio ]; then
        cbc_ratio_obj=$obj cbc_ratio_secs=$secs
    else
        cbc_exact_obj=$obj cbc_exact_secs=$secs
    fi
    printf '| cbc command line | %s s | %s | %s | %s | %.3f %% | %s | %s |\n' \
        "$CBC_SEC" "$stops" "$obj" "$bound" "$(awk -v g="$gap" 'BEGIN { printf "%.6f", 100 * g }')" \
        "$proven" "$secs"
done
other=$(other_cpu_pct "$ticks0" "$own0" "$(cpu_ticks)" "$(own_ticks $$)")
echo
for lim in $LIMITS; do
    awk -v so="$(field objective "$work/serai.$lim")" -v ss="$(field wall "$work/serai.$lim")" \
        -v sg="$(field gap "$work/serai.$lim")" -v ro="$cbc_ratio_obj" -v rs="$cbc_ratio_secs" \
        -v eo="$cbc_exact_obj" -v es="$cbc_exact_secs" -v lim="$lim" 'BEGIN {
        printf "- serai with %s s / cbc command line: objective x%.5f (against its 1 %% gap run) and x%.5f (its exact run); time x%.1f and x%.1f; serai proves a gap of %.3f %%.\n",
            lim, so / ro, so / eo, ss / rs, ss / es, 100 * sg }'
done
echo
last=$(echo "$LIMITS" | awk '{ print $NF }')
echo "Instance: $MODE, $N proposals x $F funders, $(field requests "$work/serai.$last") requests, seed $SEED; serai funds $(field funded "$work/serai.$last") proposals ($(field nodes "$work/serai.$last") branch-and-bound nodes)."
echo "Other processes used $other % of the machine's CPU time during the runs (quiet before: $quiet)."
echo "Command: \`bench/select_optimal.sh $(case "$build" in "$root"/*) echo "${build#"$root"/}" ;; *) echo "$build" ;; esac)\`; machine: $(nproc) CPUs, $cpu."
