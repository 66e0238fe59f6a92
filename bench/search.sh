#!/usr/bin/env bash
# bench/search.sh -- partner search over a million profiles (bench/search.c,
# issue 9 §4): p50/p99 of two-word queries with a country filter on SQLite
# (FTS5) and PostgreSQL (tsvector + GIN) side by side on the same profiles.
#
# Usage: bench/search.sh [BUILD_DIR]     (default build-bench, a Release build
#        whose libserai_lib.a is linked; it is built when missing)
#   N=1000000 QUERIES=2000   the run
#   DIR=/tmp                 where the temporary directory goes
#   PG=0                     SQLite only (no private PostgreSQL cluster)
# About 5 minutes with the defaults on 2 cores; not part of `make check`
# nor of bench/run-all.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${1:-$root/build-bench}
N=${N:-1000000} QUERIES=${QUERIES:-2000} PG=${PG:-1}
if [ ! -f "$build/libserai_lib.a" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build" -j"$(nproc)" --target serai_lib >/dev/null
fi
work=$(mktemp -d "${DIR:-/tmp}/serai-search-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
# shellcheck disable=SC2046
cc -O2 -std=c17 -D_GNU_SOURCE -I "$root/src" -o "$work/search" "$here/search.c" \
    "$build/libserai_lib.a" \
    $(pkg-config --libs jansson sqlite3 libsodium libpq xlsxwriter libxml-2.0 cbc) -lpthread -lm
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"), SQLite $(dpkg-query -W -f='${Version}' libsqlite3-0 2>/dev/null || echo '?')" >&2
if [ "$PG" = 1 ]; then
    chmod 755 "$work" # the cluster runs as an unprivileged user
    cluster=$root/tests/pg/cluster.sh
    bash "$cluster" start "$work/pg" >/dev/null
    trap 'bash "$cluster" stop "$work/pg" >/dev/null 2>&1; rm -rf "$work"' EXIT
    SEARCH_PG=$(bash "$cluster" newdb "$work/pg") "$work/search" "$work" "$N" "$QUERIES"
else
    "$work/search" "$work" "$N" "$QUERIES"
fi
