#!/usr/bin/env bash
# bench/assign/run.sh -- `serai assign` end to end (CSV in, CSV out) beside
# LEMON's NetworkSimplex and CostScaling on the same files (issue 5 §4).
#
# Usage: bench/assign/run.sh [SERAI_BINARY]      (default build-bench/serai)
#   RUNS=3            runs of each program; medians are reported
#   P=20000 R=20000 C=100 K=3 L=4 SEED=1   the instance (bench/assign/gen.c)
#   VARIANTS=1        also: minimum load 1, a country cap of 1, fair mode,
#                     and tight capacity (max load 3: capacity = demand),
#                     each once, LEMON with CostScaling only (its
#                     NetworkSimplex takes minutes on the last two)
#
# Builds bench/assign/gen.c with cc and bench/assign/lemon_assign.cc with
# g++ (Debian liblemon-dev; without it the LEMON rows are left out) in a
# temporary directory that is removed on exit, generates the instance
# there, and prints a Markdown section on stdout (progress on stderr).
# Each run starts on a quiet machine (bench/lib.sh) and records the CPU
# other processes took meanwhile.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../lib.sh
. "$root/bench/lib.sh"
serai=${1:-$root/build-bench/serai}
case "$serai" in /*) ;; *) serai=$PWD/$serai ;; esac
[ -x "$serai" ] || { echo "bench/assign/run.sh: no serai binary at $serai" >&2; exit 1; }
RUNS=${RUNS:-3} P=${P:-20000} R=${R:-20000} C=${C:-100} K=${K:-3} L=${L:-4}
SEED=${SEED:-1} VARIANTS=${VARIANTS:-0} QUIET_WAIT=${QUIET_WAIT:-60}

log() { printf 'bench/assign: %s\n' "$*" >&2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/serai-bench-assign.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

cc -O2 -o "$tmp/gen" "$here/gen.c"
have_lemon=0
if pkg-config --exists lemon 2>/dev/null && command -v g++ >/dev/null; then
    # shellcheck disable=SC2046
    g++ -O2 -std=c++17 -o "$tmp/lemon" "$here/lemon_assign.cc" \
        $(pkg-config --cflags --libs lemon) 2>"$tmp/gxx.log" && have_lemon=1
fi
[ $have_lemon = 1 ] || log "LEMON (liblemon-dev) or g++ missing: serai alone"

log "generating $P proposals x $R reviewers, $C candidates each (seed $SEED)"
"$tmp/gen" "$P" "$R" "$C" "$SEED" "$tmp"
pairs=$(($(wc -l <"$tmp/scores.csv") - 1))
conflicts=$(($(wc -l <"$tmp/conflicts.csv") - 1))
size=$(du -m "$tmp/scores.csv" | cut -f1)

# timed OUT CMD...: run CMD under /usr/bin/time; OUT gets its stdout, and
# $wall $rss $other are set (seconds, KiB, % CPU of other processes).
timed() {
    local out=$1 t0 o0 t1 o1
    shift
    wait_quiet_cpu "$QUIET_WAIT" || log "  the machine stays busy; measuring anyway"
    t0=$(cpu_ticks) o0=$(own_ticks)
    /usr/bin/time -f '%e %M' -o "$tmp/time.txt" "$@" >"$out" 2>"$tmp/err.txt" ||
        { log "failed: $* -- $(tail -n 3 "$tmp/err.txt")"; exit 1; }
    t1=$(cpu_ticks) o1=$(own_ticks)
    read -r wall rss <"$tmp/time.txt"
    other=$(other_cpu_pct "$t0" "$o0" "$t1" "$o1")
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
jnum() { sed -n "s/^ *\"$1\": \([-0-9.e]*\),*$/\1/p" "$2" | head -n 1; }

# serai_runs NAME N ARGS...: N runs; appends "wall rss read solve write objective other".
serai_runs() {
    local name=$1 n=$2 i
    shift 2
    : >"$tmp/$name.times"
    for i in $(seq 1 "$n"); do
        log "serai assign $* ($name, run $i/$n)"
        timed "$tmp/serai.json" "$serai" assign --scores "$tmp/scores.csv" \
            --conflicts "$tmp/conflicts.csv" --out "$tmp/out.csv" --json "$@"
        echo "$wall $rss $(sed -n '/"seconds"/,/}/p' "$tmp/serai.json" |
            awk -F': ' '/"read"/ { r = $2 } /"solve"/ { s = $2 } /"write"/ { w = $2 }
                END { gsub(",", "", r); gsub(",", "", s); gsub(",", "", w); print r, s, w }') $(jnum objective "$tmp/serai.json") $other" >>"$tmp/$name.times"
    done
}

# lemon_runs NAME N ALGOS ARGS...: appends per run "wall rss read ns cs nsobj csobj other".
lemon_runs() {
    local name=$1 n=$2 algos=$3 i
    shift 3
    : >"$tmp/$name.lemon"
    for i in $(seq 1 "$n"); do
        log "lemon $algos $* ($name, run $i/$n)"
        LEMON_ALGOS=$algos timed "$tmp/lemon.txt" "$tmp/lemon" "$tmp/scores.csv" "$tmp/conflicts.csv" "$@"
        awk -v wall="$wall" -v rss="$rss" -v other="$other" '
            { read = $4 }
            $2 == "network-simplex" { ns = $6; nso = $8 }
            $2 == "cost-scaling" { cs = $6; cso = $8 }
            END { print wall, rss, read, (ns == "" ? "-" : ns), (cs == "" ? "-" : cs),
                  (nso == "" ? "-" : nso), (cso == "" ? "-" : cso), other }' "$tmp/lemon.txt" >>"$tmp/$name.lemon"
    done
}
col() { cut -d' ' -f"$1" "$2" | median; }

serai_runs main "$RUNS" --per-proposal "$K" --max-load "$L"
[ $have_lemon = 1 ] && lemon_runs main "$RUNS" ns,cs "$K" "$L"

s_wall=$(col 1 "$tmp/main.times"); s_rss=$(col 2 "$tmp/main.times")
s_read=$(col 3 "$tmp/main.times"); s_solve=$(col 4 "$tmp/main.times")
s_write=$(col 5 "$tmp/main.times"); s_obj=$(cut -d' ' -f6 "$tmp/main.times" | head -n 1)
s_other=$(cut -d' ' -f7 "$tmp/main.times" | sort -n | tail -n 1)
s_all=$(cut -d' ' -f1 "$tmp/main.times" | tr '\n' ' ' | sed 's/ $//; s/ /, /g')

cat <<EOT
### Reviewer assignment: serai next to LEMON

- Instance: \`bench/assign/gen.c $P $R $C $SEED\`: $P proposals, $R reviewers, $C candidates per proposal ($pairs scored pairs, $size MB of CSV; 70 % of each proposal's candidates from nearby topics, scores with three decimals), $conflicts conflict lines; $K reviewers per proposal, maximum load $L.
- serai: \`serai assign --scores scores.csv --conflicts conflicts.csv --per-proposal $K --max-load $L --out out.csv --json\`, wall time and peak RSS by \`/usr/bin/time\`, the phases from its own JSON summary. $RUNS runs, medians.
- LEMON $(dpkg-query -W -f='${Version}' liblemon-dev 2>/dev/null || echo '?'): \`bench/assign/lemon_assign.cc\` (g++ -O2) reads the same two files into a SmartDigraph (source-free: proposals supply $K, one sink) and runs NetworkSimplex, then CostScaling, on the same integer costs (thousandths); "read" is its reading and graph building. $RUNS runs, medians.

| Program | Wall time | read | solve | write | Peak RSS | Objective | CPU of other processes (worst run) |
|---|---:|---:|---:|---:|---:|---:|---:|
| serai assign | $s_wall s | $s_read s | $s_solve s | $s_write s | $(awk -v k="$s_rss" 'BEGIN { printf "%.0f MiB", k / 1024 }') | $s_obj | $s_other % |
EOT
if [ $have_lemon = 1 ]; then
    l_read=$(col 3 "$tmp/main.lemon"); l_ns=$(col 4 "$tmp/main.lemon"); l_cs=$(col 5 "$tmp/main.lemon")
    l_rss=$(col 2 "$tmp/main.lemon"); l_other=$(cut -d' ' -f8 "$tmp/main.lemon" | sort -n | tail -n 1)
    l_nso=$(cut -d' ' -f6 "$tmp/main.lemon" | head -n 1); l_cso=$(cut -d' ' -f7 "$tmp/main.lemon" | head -n 1)
    best=$(awk -v a="$l_ns" -v b="$l_cs" 'BEGIN { print (a < b) ? a : b }')
    l_total=$(awk -v r="$l_read" -v s="$best" 'BEGIN { printf "%.2f", r + s }')
    ratio=$(awk -v s="$s_wall" -v l="$l_total" 'BEGIN { printf "%.2f", s / l }')
    same=$([ "$s_obj" = "$l_nso" ] && [ "$s_obj" = "$l_cso" ] && echo "the same" || echo "**different**")
    cat <<EOT
| LEMON NetworkSimplex | (one process) | $l_read s | $l_ns s | - | $(awk -v k="$l_rss" 'BEGIN { printf "%.0f MiB", k / 1024 }') (both) | $l_nso | $l_other % |
| LEMON CostScaling | | | $l_cs s | - | | $l_cso | |

- serai every run: $s_all s. LEMON total with its faster algorithm: $l_read + $best = $l_total s; **serai/LEMON = $ratio** (target: at most 0.5); objective: $same.
- Targets: end to end under 2 s: $(awk -v w="$s_wall" 'BEGIN { print (w < 2) ? "met" : "**missed**" }'); memory under 1 GiB: $(awk -v k="$s_rss" 'BEGIN { print (k < 1048576) ? "met" : "**missed**" }'); at most half of LEMON: $(awk -v r="$ratio" 'BEGIN { print (r <= 0.5) ? "met" : "**missed**" }').
EOT
fi

if [ "$VARIANTS" = 1 ]; then
    cat <<EOT

Variants of the same instance, one run each (LEMON with CostScaling only):

| Variant | serai wall | serai solve | serai objective | LEMON read + CostScaling | LEMON objective |
|---|---:|---:|---:|---:|---:|
EOT
    variant() { # NAME LABEL LEMON_ARGS -- SERAI_ARGS
        local name=$1 label=$2 largs=$3
        shift 4
        serai_runs "$name" 1 "$@"
        local lw="-" lo="-"
        if [ $have_lemon = 1 ] && [ -n "$largs" ]; then
            # shellcheck disable=SC2086
            lemon_runs "$name" 1 cs $largs
            lw=$(awk '{ printf "%.2f s", $3 + $5 }' "$tmp/$name.lemon")
            lo=$(cut -d' ' -f7 "$tmp/$name.lemon")
        fi
        awk -v label="$label" -v lw="$lw" -v lo="$lo" '{ printf "| %s | %s s | %s s | %s | %s | %s |\n", label, $1, $4, $6, lw, lo }' "$tmp/$name.times"
    }
    variant minload "--min-load 1" "$K $L 1" -- --per-proposal "$K" --max-load "$L" --min-load 1
    variant country "--countries people.csv --max-same-country 1" "$K $L 0 $tmp/people.csv 1" -- \
        --per-proposal "$K" --max-load "$L" --countries "$tmp/people.csv" --max-same-country 1
    variant fair "--fair (objective at the threshold)" "" -- --per-proposal "$K" --max-load "$L" --fair
    variant tight "--max-load $((L - 1)) (capacity = demand)" "$K $((L - 1))" -- --per-proposal "$K" --max-load "$((L - 1))"
fi
