#!/bin/bash
# A private PostgreSQL cluster for the tests: initdb in a folder of its own, reachable only
# through a Unix socket in that folder (listen_addresses = ''), a superuser "yuqing" whose
# password is "yuqing-test" (scram-sha-256), so that login refusals can be tested too.
#
#   tests/postgres/cluster.sh start DIR   starts it; prints the socket folder and the port
#   tests/postgres/cluster.sh start-tls DIR   the same, also on 127.0.0.1 with TLS only (see below)
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

# The cluster's folder and data (once): a superuser "yuqing" with the test password; local
# connections by password, TCP ones rejected (start-tls lets TLS ones in before that).
init() {
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    [ -f "$dir/data/PG_VERSION" ] && return 1
    as_owner sh -c "printf '%s\n' yuqing-test > '$dir/pw'"
    as_owner "$bin/initdb" -D "$dir/data" -U yuqing --pwfile="$dir/pw" \
        --auth-local=scram-sha-256 --auth-host=reject -E UTF8 --locale=C >"$dir/initdb.log" 2>&1
}

case $cmd in
start)
    init || true
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-c listen_addresses='' -c unix_socket_directories='$dir' -p $port -c fsync=off" start >/dev/null
    echo "$dir $port"
    ;;
stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
start-tls)
    # The same cluster, reachable over TCP on 127.0.0.1 only with TLS (hostssl; plain TCP is
    # refused), its certificate (CN and SAN "localhost") signed by a CA of its own (DIR/ca.crt);
    # DIR/other.crt is a CA that did not sign it.
    tport=${PGTEST_TLS_PORT:-54331}
    if init; then
        as_owner sh -c "cd '$dir' && {
            openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj '/CN=yuqing test CA' -keyout ca.key -out ca.crt
            openssl req -newkey rsa:2048 -nodes -subj '/CN=localhost' -keyout server.key -out server.csr
            printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n' > san.ext
            openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 -extfile san.ext -out server.crt
            openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj '/CN=another CA' -keyout other.key -out other.crt
            chmod 600 server.key
            # First, before initdb's lines that reject every TCP connection.
            { printf 'hostssl all all 127.0.0.1/32 scram-sha-256\n'; cat data/pg_hba.conf; } > data/pg_hba.new
            mv data/pg_hba.new data/pg_hba.conf
        } >'$dir/certs.log' 2>&1"
        chmod 644 "$dir/ca.crt" "$dir/other.crt"
    fi
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -c unix_socket_directories='$dir' -p $tport -c fsync=off -c ssl=on -c ssl_cert_file='$dir/server.crt' -c ssl_key_file='$dir/server.key'" start >/dev/null
    echo "$dir $tport"
    ;;
*)
    echo "usage: $0 start|start-tls|stop DIR" >&2
    exit 2
    ;;
esac
