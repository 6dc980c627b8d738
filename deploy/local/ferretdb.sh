#!/usr/bin/env bash
# FerretDB 1.x (MongoDB wire protocol; SQLite or PostgreSQL backend) without Docker.
#
#   deploy/local/ferretdb.sh install   build .cache/bin/ferretdb from its Go module (cold: ~2 min)
#   deploy/local/ferretdb.sh start     start in the background and wait
#   deploy/local/ferretdb.sh wait      wait until ready (FERRETDB_WAIT_TIMEOUT, default 60 s)
#   deploy/local/ferretdb.sh status    exit 0 if running
#   deploy/local/ferretdb.sh stop      SIGTERM, SIGKILL after FERRETDB_STOP_TIMEOUT (default 15 s)
#
# Environment: FERRETDB_PORT (27017), FERRETDB_DEBUG_PORT (FERRETDB_PORT+1; metrics and
# /debug/readyz), NETRA_DATA_DIR (var), NETRA_CACHE_DIR (.cache), NETRA_STORE:
#   ferretdb-sqlite            SQLite files under <data>/ferretdb/data
#   ferretdb-postgresql (default) the PostgreSQL that deploy/local/postgres.sh runs (start it
#                              first; POSTGRES_PORT, POSTGRES_DATABASE are read from there)
# FERRETDB_GOGC (400) and FERRETDB_GOMEMLIMIT (4GiB): FerretDB's Go collector (GOGC,
# GOMEMLIMIT): less CPU per report, no more memory than Go's defaults in a whole-collection
# scan (docs/decisions.md, "The store's and the broker's collectors").
set -euo pipefail
_tag=ferretdb
# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

FERRETDB_VERSION="v1.24.0"
FERRETDB_MODULE="github.com/FerretDB/FerretDB"
FERRETDB_PORT="${FERRETDB_PORT:-27017}"
FERRETDB_DEBUG_PORT="${FERRETDB_DEBUG_PORT:-$((FERRETDB_PORT + 1))}"
FERRETDB_WAIT_TIMEOUT="${FERRETDB_WAIT_TIMEOUT:-60}"
FERRETDB_STOP_TIMEOUT="${FERRETDB_STOP_TIMEOUT:-15}"
FERRETDB_GOGC="${FERRETDB_GOGC:-400}"
FERRETDB_GOMEMLIMIT="${FERRETDB_GOMEMLIMIT:-4GiB}"

BIN="$NETRA_CACHE_DIR/bin/ferretdb"
GODIR="$NETRA_CACHE_DIR/go"
FDIR="$NETRA_DATA_DIR/ferretdb"
LOGFILE="$LOG_DIR/ferretdb.log"
PIDFILE="$RUN_DIR/ferretdb.pid"
# Present whatever the backend: unique per data dir.
MARKER="--state-dir=$FDIR/state"
NETRA_STORE="${NETRA_STORE:-ferretdb-postgresql}"

# backend_args: the --handler flags for NETRA_STORE, into BACKEND_ARGS.
backend_args() {
    case "$NETRA_STORE" in
    ferretdb-sqlite) BACKEND_ARGS=(--handler=sqlite "--sqlite-url=file:$FDIR/data/") ;;
    ferretdb-postgresql)
        BACKEND_ARGS=(--handler=postgresql
            "--postgresql-url=$(bash "$REPO_ROOT/deploy/local/postgres.sh" url)")
        ;;
    *) die "NETRA_STORE=$NETRA_STORE is not a FerretDB store (ferretdb-sqlite | ferretdb-postgresql)" ;;
    esac
}

go_env() {
    export GOPATH="$GODIR"
    export GOMODCACHE="$GODIR/mod"
    export GOCACHE="$GODIR/build-cache"
    export GOTOOLCHAIN=local
    export GOFLAGS="-modcacherw -buildvcs=false"
    export CGO_ENABLED=0
}

installed_version() {
    [[ -x "$BIN" ]] || return 1
    "$BIN" --version 2>/dev/null | sed -n 's/^version: //p'
}

cmd_install() {
    if [[ "$(installed_version || true)" == "$FERRETDB_VERSION" ]]; then
        info "binary up to date: $BIN ($FERRETDB_VERSION)"
        return 0
    fi
    need go "install Go (1.22+)"
    go_env
    local build_log="$GODIR/ferretdb-build.log"
    mkdir -p "$GODIR" "$(dirname "$BIN")"
    info "building FerretDB $FERRETDB_VERSION from the Go module proxy (cold: ~2 min) -> $BIN"
    : >"$build_log"
    local json moddir
    if ! json="$(go mod download -json "$FERRETDB_MODULE@$FERRETDB_VERSION" 2>>"$build_log")"; then
        echo "$json" >>"$build_log"
        fail_with_log "go mod download $FERRETDB_MODULE@$FERRETDB_VERSION failed" "$build_log"
    fi
    moddir="$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' | head -n1)"
    [[ -n "$moddir" && -d "$moddir" ]] || {
        echo "$json" >>"$build_log"
        fail_with_log "could not find the module directory in go mod download output" "$build_log"
    }
    # The module zip lacks build/version/version.txt, which FerretDB embeds
    # (a plain `go install` panics at start, FerretDB issue 2982): build a copy.
    local src="$GODIR/src/ferretdb-$FERRETDB_VERSION"
    rm -rf "$src"
    mkdir -p "$(dirname "$src")"
    cp -R "$moddir" "$src"
    chmod -R u+w "$src"
    mkdir -p "$src/build/version"
    echo "$FERRETDB_VERSION" >"$src/build/version/version.txt"
    if ! (cd "$src" && go build -trimpath -o "$BIN.tmp" ./cmd/ferretdb) >>"$build_log" 2>&1; then
        fail_with_log "go build of FerretDB failed" "$build_log"
    fi
    mv -f "$BIN.tmp" "$BIN"
    rm -rf "$src"
    [[ "$(installed_version || true)" == "$FERRETDB_VERSION" ]] ||
        die "built binary reports '$(installed_version || true)', expected $FERRETDB_VERSION"
    info "installed $BIN ($FERRETDB_VERSION)"
}

ready() {
    # /debug/readyz answers 200 once the backend is open and the listener accepts.
    port_in_use "$FERRETDB_PORT" || return 1
    if [[ "$FERRETDB_DEBUG_PORT" == "-" ]]; then
        return 0
    fi
    python3 - "$FERRETDB_DEBUG_PORT" <<'EOF' 2>/dev/null
import sys, urllib.request
with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/debug/readyz", timeout=2) as r:
    sys.exit(0 if r.status == 200 else 1)
EOF
}

cmd_status() { status_of "mongodb://127.0.0.1:$FERRETDB_PORT/, $NETRA_STORE"; }

cmd_wait() {
    wait_ready FerretDB "$FERRETDB_WAIT_TIMEOUT" 0.3 ready "mongodb://127.0.0.1:$FERRETDB_PORT/"
}

cmd_start() {
    local pid
    if pid="$(pid_alive "$PIDFILE" "$MARKER")"; then
        info "already running (pid $pid)"
        cmd_wait
        return 0
    fi
    rm -f "$PIDFILE"
    [[ "$(installed_version || true)" == "$FERRETDB_VERSION" ]] || cmd_install
    local -a BACKEND_ARGS
    backend_args
    local ports=("$FERRETDB_PORT")
    [[ "$FERRETDB_DEBUG_PORT" == "-" ]] || ports+=("$FERRETDB_DEBUG_PORT")
    for p in "${ports[@]}"; do
        if port_in_use "$p"; then
            die "port 127.0.0.1:$p is already in use by another process (ss -ltnp 'sport = :$p'); stop it or set FERRETDB_PORT / FERRETDB_DEBUG_PORT"
        fi
    done
    mkdir -p "$FDIR/data" "$FDIR/state" "$LOG_DIR" "$RUN_DIR"
    rotate_log "$LOGFILE"
    local debug_addr="-"
    [[ "$FERRETDB_DEBUG_PORT" == "-" ]] || debug_addr="127.0.0.1:$FERRETDB_DEBUG_PORT"
    info "starting on 127.0.0.1:$FERRETDB_PORT (debug $debug_addr, $NETRA_STORE), log $LOGFILE"
    # Telemetry off and no OTLP endpoint: FerretDB makes no outbound connections.
    GOGC="$FERRETDB_GOGC" GOMEMLIMIT="$FERRETDB_GOMEMLIMIT" setsid "$BIN" \
        "${BACKEND_ARGS[@]}" \
        "--state-dir=$FDIR/state" \
        "--listen-addr=127.0.0.1:$FERRETDB_PORT" \
        "--debug-addr=$debug_addr" \
        --telemetry=disable \
        --log-level="${FERRETDB_LOG_LEVEL:-warn}" \
        --log-format=text \
        >>"$LOGFILE" 2>&1 </dev/null &
    echo $! >"$PIDFILE"
    cmd_wait
}

cmd_stop() {
    stop_pidfile ferretdb "$PIDFILE" "$MARKER" "$FERRETDB_STOP_TIMEOUT"
}

case "${1:-}" in
install) cmd_install ;;
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
wait) cmd_wait ;;
version) installed_version ;;
*)
    echo "usage: $0 {install|start|stop|status|wait|version}" >&2
    exit 2
    ;;
esac
