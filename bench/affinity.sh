#!/usr/bin/env bash
# bench/affinity.sh -- quality and speed of `serai affinity` (issue 5).
#
# Usage: bench/affinity.sh [SERAI_BINARY]      (default build-bench/serai)
#
# Quality: runs `serai affinity` on the ten versions d_20_1 .. d_20_10 of the
# gold-standard reviewer-expertise dataset of Stelmakh, Wieting, Neubig and
# Shah (2023) and computes their loss with bench/affinity_loss.c (compiled
# here with cc; it shares no code with serai): for every participant and
# every pair of papers they rated, |expertise difference| when the scores
# order the pair the other way, half of it on a tie, over the sum of
# |expertise difference|; lower is better.  Published: TPMS 0.28, ACL 0.30,
# ELMo 0.34, SPECTER 0.27, SPECTER+MFR 0.24.  The scores are the CSV's,
# three decimals, as the assignment solver gets them.
#
# Speed: the same texts replicated to 20,000 submissions x 100 reviewers and
# to 100 submissions x 20,000 reviewers (2,000,000 pairs each), wall time
# and peak RSS from /usr/bin/time.
#
# Knobs (environment): DATA=../shared/data/reviewer-match (from the top of
# the repository)  SCALE=1 (0: skip the speed runs)  CC=cc
# The Markdown report goes to stdout, progress to stderr; temporary files
# are removed on exit.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
serai=${1:-$root/build-bench/serai}
case "$serai" in /*) ;; *) serai=$PWD/$serai ;; esac
DATA=${DATA:-$root/../shared/data/reviewer-match}
SCALE=${SCALE:-1}
CC=${CC:-cc}

log() { printf 'bench/affinity: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
[ -x "$serai" ] || die "no serai binary at $serai; build it first:
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release && cmake --build build-bench -j2"
[ -f "$DATA/evaluations.csv" ] || die "no gold-standard data at $DATA (set DATA)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/serai-bench-affinity.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

"$CC" -O2 -std=c17 -Wall -Wextra -o "$tmp/affinity_loss" "$here/affinity_loss.c" -lm ||
    die "cannot compile bench/affinity_loss.c"

now() { date +%s.%N; }
cpu_model=$(awk -F: '/^model name/ { sub(/^[ \t]+/, "", $2); print $2; exit }' /proc/cpuinfo)

echo "### Quality on the gold standard"
echo
echo "| dataset | loss | pairs | ties | time |"
echo "|---|---:|---:|---:|---:|"
sum=0
n=0
for i in 1 2 3 4 5 6 7 8 9 10; do
    d=$DATA/d_20_$i
    [ -d "$d" ] || die "missing $d"
    log "d_20_$i"
    t0=$(now)
    "$serai" affinity --submissions "$d/submissions.json" --archives "$d/archives" \
        --out "$tmp/scores.csv" 2>"$tmp/err" || die "serai affinity failed on d_20_$i: $(cat "$tmp/err")"
    t1=$(now)
    read -r _ loss _ pairs _ ties _ _ < <("$tmp/affinity_loss" "$DATA/evaluations.csv" "$tmp/scores.csv")
    printf '| d_20_%s | %s | %s | %s | %.2f s |\n' "$i" "$loss" "$pairs" "$ties" \
        "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
    sum=$(awk -v s="$sum" -v l="$loss" 'BEGIN { print s + l }')
    n=$((n + 1))
done
mean=$(awk -v s="$sum" -v n="$n" 'BEGIN { printf "%.4f", s / n }')
echo "| **mean** | **$mean** | | | |"
echo
echo "Published (same metric, same ten datasets): TPMS 0.28, ACL 0.30, ELMo 0.34, SPECTER 0.27, SPECTER+MFR 0.24."
echo

if [ "$SCALE" = 1 ]; then
    log "building the scaled inputs"
    d=$DATA/d_20_1
    # One "ID": {...} entry per line, then 20,000 and 100 of them with new
    # ids (the file is one JSON object on one line).
    sed 's/, \("[^"]*": {"id": "\)/\n\1/g; s/^{//; s/}$//' "$d/submissions.json" >"$tmp/entries"
    gen() {
        awk -v n="$1" '{ e[NR] = $0 } END {
            printf "{"
            for (i = 0; i < n; i++) {
                line = e[i % NR + 1]; k = int(i / NR)
                match(line, /^"[^"]*"/)
                printf "%s\"%s-%d\"%s", (i ? ", " : ""), substr(line, 2, RLENGTH - 2), k,
                       substr(line, RLENGTH + 1)
            }
            printf "}\n" }' "$tmp/entries"
    }
    gen 20000 >"$tmp/s20000.json"
    gen 100 >"$tmp/s100.json"
    mkdir "$tmp/a100" "$tmp/a20000"
    i=0
    while [ $i -lt 20000 ]; do
        for f in "$d"/archives/*.jsonl; do
            [ $i -lt 20000 ] || break
            b=$(basename "$f" .jsonl)
            [ $i -lt 100 ] && ln -s "$f" "$tmp/a100/$b-$i.jsonl"
            ln -s "$f" "$tmp/a20000/$b-$i.jsonl"
            i=$((i + 1))
        done
    done
    echo "### Speed"
    echo
    echo "| submissions x reviewers | papers | pairs | wall | of which reading | peak RSS |"
    echo "|---|---:|---:|---:|---:|---:|"
    for shape in "s20000 a100" "s100 a20000"; do
        set -- $shape
        log "timing $1 x $2"
        if [ -x /usr/bin/time ]; then
            /usr/bin/time -f '%e %M' -o "$tmp/time" "$serai" affinity --submissions "$tmp/$1.json" \
                --archives "$tmp/$2" --out "$tmp/scores.csv" 2>"$tmp/err"
            read -r wall rss <"$tmp/time"
            rss="$((rss / 1024)) MiB"
        else
            t0=$(now)
            "$serai" affinity --submissions "$tmp/$1.json" --archives "$tmp/$2" \
                --out "$tmp/scores.csv" 2>"$tmp/err"
            wall=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
            rss="?"
        fi
        # "serai: S submissions x R reviewers (P papers, T terms): N scores in F (read X s, total Y s)"
        line=$(grep '^serai: ' "$tmp/err" | tail -n 1)
        subs=$(sed -n 's/^serai: \([0-9]*\) submissions x \([0-9]*\) reviewers (\([0-9]*\) papers.*/\1 x \2/p' <<<"$line")
        papers=$(sed -n 's/.*reviewers (\([0-9]*\) papers.*/\1/p' <<<"$line")
        pairs=$(($(wc -l <"$tmp/scores.csv") - 1))
        read_s=$(sed -n 's/.*(read \([0-9.]*\) s,.*/\1/p' <<<"$line")
        printf '| %s | %s | %s | %s s | %s s | %s |\n' "$subs" "$papers" "$pairs" "$wall" "$read_s" "$rss"
    done
    echo
fi
echo "Machine: $cpu_model, $(nproc) CPUs (nproc); serai scores on one thread per CPU."
