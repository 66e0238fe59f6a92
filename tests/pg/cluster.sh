#!/usr/bin/env bash
# tests/pg/cluster.sh -- a private PostgreSQL cluster for the tests.
#
#   cluster.sh start DIR   initdb in DIR/data, start on a free loopback port,
#                          write the maintenance URI to DIR/uri
#   cluster.sh stop DIR    stop it and remove DIR
#   cluster.sh newdb DIR   create a fresh empty database, print its URI
#
# No system service is touched: the cluster lives in DIR, listens only on
# 127.0.0.1 and a socket inside DIR, and runs as an unprivileged user (the
# caller, or `nobody` when the caller is root, since PostgreSQL refuses to
# run as root).
set -eu

cmd=${1:?usage: cluster.sh start|stop|newdb DIR}
dir=${2:?usage: cluster.sh start|stop|newdb DIR}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "cluster.sh: PostgreSQL server binaries not found (Debian package postgresql; scripts/bootstrap installs it)" >&2
    exit 1
fi

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u nobody -- "$@"
    else
        "$@"
    fi
}

free_port() {
    # Ports from a range unlikely to be in use; the first that nothing
    # listens on wins.
    p=$(( 20000 + $$ % 20000 ))
    while :; do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return
        fi
        p=$((p + 1))
    done
}

case "$cmd" in
start)
    mkdir -p "$dir"
    chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown nobody "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U serai -A trust -E UTF8 \
        --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2; exit 1; }
    port=$(free_port)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c fsync=on -c max_connections=200" \
        start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgres://serai@127.0.0.1:$port/postgres" >"$dir/uri"
    echo "$port" >"$dir/port"
    ;;
stop)
    if [ -d "$dir/data" ]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
newdb)
    port=$(cat "$dir/port")
    name="t_$(date +%s%N | tail -c 10)_$$_$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')"
    "$bindir/psql" -q -h 127.0.0.1 -p "$port" -U serai -d postgres \
        -c "CREATE DATABASE $name" >/dev/null
    echo "postgres://serai@127.0.0.1:$port/$name"
    ;;
*)
    echo "usage: cluster.sh start|stop|newdb DIR" >&2
    exit 2
    ;;
esac
