#!/usr/bin/env bash
# PostgreSQL (Debian's package) as the backend of FerretDB when NETRA_STORE=ferretdb-postgresql.
#
#   deploy/local/postgres.sh install   apt-get install postgresql if no server binaries are found
#   deploy/local/postgres.sh start     initdb once, start in the background on 127.0.0.1, wait,
#                                      create the database FerretDB uses
#   deploy/local/postgres.sh wait      wait until it accepts connections (POSTGRES_WAIT_TIMEOUT, 60 s)
#   deploy/local/postgres.sh status    exit 0 if running
#   deploy/local/postgres.sh stop      fast shutdown (SIGINT), SIGKILL after POSTGRES_STOP_TIMEOUT (30 s)
#   deploy/local/postgres.sh url       print the URL FerretDB's --postgresql-url takes
#
# PostgreSQL refuses to run as root: when this script runs as root the cluster belongs
# to the `postgres` user the package creates, and initdb/postgres run as that user
# (setpriv, no fork: the pid file holds the postmaster itself). As any other user they
# run as that user. TCP on 127.0.0.1 only, no Unix socket, `trust` authentication: a
# local development and test store, never a deployment.
#
# Environment: POSTGRES_PORT (5433, so a system cluster on 5432 is left alone),
# POSTGRES_DATABASE (ferretdb), NETRA_DATA_DIR (var).
# Large values (FerretDB's case documents, ~3 KB of jsonb) are compressed with lz4, not
# the default pglz: a sixth less of PostgreSQL's CPU per report (docs/decisions.md, "The
# store's and the broker's collectors"); values written before stay readable as they are.
set -euo pipefail
_tag=postgres
# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

POSTGRES_PORT="${POSTGRES_PORT:-5433}"
POSTGRES_DATABASE="${POSTGRES_DATABASE:-ferretdb}"
POSTGRES_WAIT_TIMEOUT="${POSTGRES_WAIT_TIMEOUT:-60}"
POSTGRES_STOP_TIMEOUT="${POSTGRES_STOP_TIMEOUT:-30}"
PG_OS_USER="${PG_OS_USER:-postgres}"

# The cluster lives in $NETRA_DATA_DIR/postgres, or where that symlink points: as root, when
# the cluster owner cannot reach NETRA_DATA_DIR (a private parent, e.g. a clone inside a
# 0700 mktemp dir), initdb puts it under PG_OUTSIDE_ROOT instead (`relocate_if_unreachable`).
PG_HOME="$NETRA_DATA_DIR/postgres"
PG_OUTSIDE_ROOT="${PG_OUTSIDE_ROOT:-/var/tmp/netra-postgres}"
PGROOT="$PG_HOME"
[[ -L "$PG_HOME" ]] && PGROOT="$(readlink -f "$PG_HOME")"
PGDATA="$PGROOT/data"
LOGFILE="$LOG_DIR/postgres.log"
PIDFILE="$RUN_DIR/postgres.pid"
# The postmaster's command line carries its data dir: unique per NETRA_DATA_DIR.
MARKER="$PGDATA"

pg_bindir() {
    # Debian installs the server under /usr/lib/postgresql/<major>/bin; take the newest.
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
    [[ -n "$dir" && -x "$dir/postgres" && -x "$dir/initdb" ]] || return 1
    echo "$dir"
}

cmd_install() {
    local bindir
    if bindir="$(pg_bindir)"; then
        info "server binaries present: $bindir ($("$bindir/postgres" --version))"
        return 0
    fi
    [[ "$(id -u)" == 0 ]] || die "PostgreSQL server binaries not found; run 'sudo apt-get install postgresql'"
    need apt-get "install Debian's postgresql package by hand"
    info "installing Debian postgresql (apt-get)"
    local apt_log="$NETRA_CACHE_DIR/postgres-apt.log"
    if ! { apt-get -o DPkg::Lock::Timeout=600 update -qq &&
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq postgresql; } \
        >"$apt_log" 2>&1; then
        fail_with_log "apt-get install postgresql failed" "$apt_log"
    fi
    bindir="$(pg_bindir)" || die "postgresql installed but no server binaries under /usr/lib/postgresql"
    info "installed $("$bindir/postgres" --version)"
}

# as_pg CMD...: run CMD as the cluster owner (root cannot run PostgreSQL).
as_pg() {
    if [[ "$(id -u)" == 0 ]]; then
        setpriv --reuid="$PG_OS_USER" --regid="$PG_OS_USER" --init-groups -- "$@"
    else
        "$@"
    fi
}

# relocate_if_unreachable: as root, a data dir the cluster owner cannot traverse gets its
# cluster under PG_OUTSIDE_ROOT/<hash of the data dir's path>, with $PG_HOME a symlink to it
# (so every later command, and the cleanup of the data dir, finds it).
relocate_if_unreachable() {
    [[ "$(id -u)" == 0 && ! -L "$PG_HOME" ]] || return 0
    mkdir -p "$NETRA_DATA_DIR"
    as_pg test -x "$NETRA_DATA_DIR" && return 0
    local key
    key="$(realpath -m "$NETRA_DATA_DIR" | sha1sum | cut -c1-16)"
    mkdir -p "$PG_OUTSIDE_ROOT/$key"
    chmod 755 "$PG_OUTSIDE_ROOT"
    rm -rf "$PG_HOME"
    ln -s "$PG_OUTSIDE_ROOT/$key" "$PG_HOME"
    PGROOT="$PG_OUTSIDE_ROOT/$key"
    PGDATA="$PGROOT/data"
    MARKER="$PGDATA"
    info "$NETRA_DATA_DIR is not reachable by user '$PG_OS_USER': cluster in $PGROOT ($PG_HOME links to it)"
}

cmd_initdb() {
    if [[ -f "$PGDATA/PG_VERSION" ]]; then
        return 0
    fi
    local bindir out="$LOG_DIR/postgres-initdb.log"
    bindir="$(pg_bindir)"
    relocate_if_unreachable
    mkdir -p "$PGROOT" "$LOG_DIR"
    if [[ "$(id -u)" == 0 ]]; then
        id "$PG_OS_USER" >/dev/null 2>&1 || die "no '$PG_OS_USER' user (Debian's postgresql package creates it)"
        chown "$PG_OS_USER:" "$PGROOT"
    fi
    chmod 700 "$PGROOT"
    as_pg test -w "$PGROOT" ||
        die "user '$PG_OS_USER' cannot reach $PGROOT (a parent directory is not searchable by it); set NETRA_DATA_DIR elsewhere"
    info "initdb $PGDATA"
    # initdb writes to stdout/stderr only; root opens the log, the cluster owner writes it.
    if ! as_pg "$bindir/initdb" -D "$PGDATA" -U postgres --auth=trust --encoding=UTF8 \
        --no-locale --no-instructions >"$out" 2>&1; then
        fail_with_log "initdb failed" "$out"
    fi
}

ready() {
    "$(pg_bindir)/pg_isready" -q -h 127.0.0.1 -p "$POSTGRES_PORT" -d postgres -U postgres
}

psql_q() {
    "$(pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres "$@"
}

cmd_status() { status_of "127.0.0.1:$POSTGRES_PORT, data $PGDATA"; }

cmd_wait() {
    wait_ready PostgreSQL "$POSTGRES_WAIT_TIMEOUT" 0.3 ready "127.0.0.1:$POSTGRES_PORT"
}

cmd_createdb() {
    if [[ "$(psql_q -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$POSTGRES_DATABASE'")" != 1 ]]; then
        info "creating database $POSTGRES_DATABASE"
        psql_q -d postgres -c "CREATE DATABASE \"$POSTGRES_DATABASE\"" >/dev/null
    fi
}

cmd_start() {
    local pid
    if pid="$(pid_alive "$PIDFILE" "$MARKER")"; then
        info "already running (pid $pid)"
        cmd_wait
        cmd_createdb
        return 0
    fi
    rm -f "$PIDFILE"
    pg_bindir >/dev/null || cmd_install
    if port_in_use "$POSTGRES_PORT"; then
        die "port 127.0.0.1:$POSTGRES_PORT is already in use by another process (ss -ltnp 'sport = :$POSTGRES_PORT'); stop it or set POSTGRES_PORT"
    fi
    mkdir -p "$LOG_DIR" "$RUN_DIR"
    cmd_initdb
    # A postmaster killed with SIGKILL leaves its pid file; ours is gone, so it is stale.
    rm -f "$PGDATA/postmaster.pid"
    rotate_log "$LOGFILE"
    info "starting on 127.0.0.1:$POSTGRES_PORT (data $PGDATA), log $LOGFILE"
    as_pg_exec "$(pg_bindir)/postgres" -D "$PGDATA" -p "$POSTGRES_PORT" \
        -c listen_addresses=127.0.0.1 -c unix_socket_directories= \
        -c logging_collector=off -c log_min_messages=warning -c default_toast_compression=lz4
    cmd_wait
    cmd_createdb
}

# as_pg_exec CMD...: start CMD in its own session as the cluster owner, pid into PIDFILE.
as_pg_exec() {
    if [[ "$(id -u)" == 0 ]]; then
        setsid setpriv --reuid="$PG_OS_USER" --regid="$PG_OS_USER" --init-groups -- "$@" \
            >>"$LOGFILE" 2>&1 </dev/null &
    else
        setsid "$@" >>"$LOGFILE" 2>&1 </dev/null &
    fi
    echo $! >"$PIDFILE"
}

cmd_stop() {
    local pid i
    if pid="$(pid_alive "$PIDFILE" "$MARKER")"; then
        # SIGINT is PostgreSQL's fast shutdown (SIGTERM would wait for clients to leave).
        info "fast shutdown of pid $pid (SIGINT)"
        kill -INT "$pid" 2>/dev/null || true
        for ((i = 0; i < POSTGRES_STOP_TIMEOUT * 10; i++)); do
            if ! proc_running "$pid"; then
                rm -f "$PIDFILE"
                info "stopped"
                return 0
            fi
            sleep 0.1
        done
    fi
    # Not running (stale pid file), or deaf to SIGINT: SIGTERM, then SIGKILL.
    stop_pidfile postgres "$PIDFILE" "$MARKER" 5
}

case "${1:-}" in
install) cmd_install ;;
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
wait) cmd_wait ;;
url) echo "postgres://postgres@127.0.0.1:$POSTGRES_PORT/$POSTGRES_DATABASE" ;;
version) "$(pg_bindir)/postgres" --version ;;
*)
    echo "usage: $0 {install|start|stop|status|wait|url|version}" >&2
    exit 2
    ;;
esac
