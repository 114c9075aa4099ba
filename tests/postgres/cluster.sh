#!/bin/bash
# A private PostgreSQL cluster for the tests: initdb in a folder of its own, reachable only
# through a Unix socket in that folder (listen_addresses = ''), a superuser "yuqing" whose
# password is "yuqing-test" (scram-sha-256), so that login refusals can be tested too.
#
#   tests/postgres/cluster.sh start DIR   starts it; prints the socket folder and the port
#   tests/postgres/cluster.sh stop DIR    stops it
#
# Needs Debian's postgresql package (initdb, pg_ctl). As root, the server runs as the
# "postgres" user (initdb refuses to run as root).
set -euo pipefail

cmd=${1:?start|stop}
dir=$(realpath -m "${2:?folder}")
bin=$(dirname "$(command -v initdb 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
port=${PGTEST_PORT:-54329}

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case $cmd in
start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner sh -c "printf '%s\n' yuqing-test > '$dir/pw'"
        as_owner "$bin/initdb" -D "$dir/data" -U yuqing --pwfile="$dir/pw" \
            --auth-local=scram-sha-256 --auth-host=reject -E UTF8 --locale=C >"$dir/initdb.log" 2>&1
    fi
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-c listen_addresses='' -c unix_socket_directories='$dir' -p $port -c fsync=off" start >/dev/null
    echo "$dir $port"
    ;;
stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
