#!/usr/bin/env bash
# mongo-java-server (MongoDB wire protocol in Java, H2 MVStore or in-memory backend)
# when NETRA_STORE=mongo-java-server: the alternative store CI also runs (docs/decisions.md,
# "The local store, decided").
#
#   deploy/local/mongo-java-server.sh install   resolve the jars from Maven Central into
#                                               .cache/mongo-java-server/libs, compile the main
#   deploy/local/mongo-java-server.sh start     start in the background and wait
#   deploy/local/mongo-java-server.sh wait      wait until it accepts (MJS_WAIT_TIMEOUT, 60 s)
#   deploy/local/mongo-java-server.sh status    exit 0 if running
#   deploy/local/mongo-java-server.sh stop      SIGTERM, SIGKILL after MJS_STOP_TIMEOUT (20 s)
#
# Environment: FERRETDB_PORT (27017; the Mongo-wire port whichever store serves it),
# MJS_BACKEND (h2: one MVStore file <data>/mongo-java-server/netra.mv; or memory),
# MJS_CACHE_MB (H2 MVStore page cache, 256), MJS_COMMIT (write: every write command is
# in the file before it is answered; write-sync: and fsynced; periodic: H2's own commit
# about once a second, a crash loses the last second), MJS_HEAP_OPTS ("-Xms128m -Xmx1g"),
# NETRA_DATA_DIR (var), NETRA_CACHE_DIR (.cache).
set -euo pipefail
_tag=mongo-java-server
# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MJS_PORT="${FERRETDB_PORT:-27017}"
MJS_BACKEND="${MJS_BACKEND:-h2}"
MJS_CACHE_MB="${MJS_CACHE_MB:-256}"
MJS_COMMIT="${MJS_COMMIT:-write}"
MJS_HEAP_OPTS="${MJS_HEAP_OPTS:--Xms128m -Xmx1g}"
MJS_WAIT_TIMEOUT="${MJS_WAIT_TIMEOUT:-60}"
MJS_STOP_TIMEOUT="${MJS_STOP_TIMEOUT:-20}"

SRC="$REPO_ROOT/deploy/local/mongo-java-server"
POM="$SRC/pom.xml"
MAIN_SRC="$SRC/NetraMongoServer.java"
HOME_DIR="$NETRA_CACHE_DIR/mongo-java-server"
LIBS="$HOME_DIR/libs"
CLASSES="$HOME_DIR/classes"
MDIR="$NETRA_DATA_DIR/mongo-java-server"
LOGFILE="$LOG_DIR/mongo-java-server.log"
PIDFILE="$RUN_DIR/mongo-java-server.pid"
# Unique per data dir.
MARKER="-Dnetra.store=$MDIR"

inputs_hash() { cat "$POM" "$MAIN_SRC" | sha256sum | cut -d' ' -f1; }

cmd_install() {
    need java "install a JDK (17+)"
    need javac "install a JDK (17+), not only a JRE"
    need mvn "install Maven (3.8+)"
    local stamp="$HOME_DIR/.installed"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$(inputs_hash)" ]]; then
        info "jars up to date in $LIBS"
        return 0
    fi
    info "resolving mongo-java-server jars from Maven Central -> $LIBS"
    local tmp="$HOME_DIR.tmp.$$"
    rm -rf "$tmp"
    mkdir -p "$tmp/libs" "$tmp/classes"
    local mvn_log="$NETRA_CACHE_DIR/mongo-java-server-mvn.log"
    copy_runtime_jars "$POM" "$tmp/libs" "$mvn_log" "$tmp"
    if ! javac -d "$tmp/classes" -cp "$tmp/libs/*" "$MAIN_SRC" >"$mvn_log" 2>&1; then
        rm -rf "$tmp"
        fail_with_log "javac NetraMongoServer.java failed" "$mvn_log"
    fi
    inputs_hash >"$tmp/.installed"
    rm -rf "$HOME_DIR"
    mv "$tmp" "$HOME_DIR"
    info "installed $(ls "$LIBS"/*.jar | wc -l) jars ($(mjs_version))"
}

mjs_version() {
    local jar
    jar="$(ls "$LIBS"/mongo-java-server-core-*.jar 2>/dev/null | head -n1)"
    jar="${jar##*/mongo-java-server-core-}"
    echo "mongo-java-server ${jar%.jar}"
}

ready() {
    port_in_use "$MJS_PORT" && grep -q "mongo-java-server ready" "$LOGFILE" 2>/dev/null
}

cmd_status() { status_of "mongodb://127.0.0.1:$MJS_PORT/, backend $MJS_BACKEND"; }

cmd_wait() {
    wait_ready mongo-java-server "$MJS_WAIT_TIMEOUT" 0.3 ready "mongodb://127.0.0.1:$MJS_PORT/"
}

cmd_start() {
    local pid
    if pid="$(pid_alive "$PIDFILE" "$MARKER")"; then
        info "already running (pid $pid)"
        cmd_wait
        return 0
    fi
    rm -f "$PIDFILE"
    [[ -f "$HOME_DIR/.installed" && "$(cat "$HOME_DIR/.installed")" == "$(inputs_hash)" ]] || cmd_install
    if port_in_use "$MJS_PORT"; then
        die "port 127.0.0.1:$MJS_PORT is already in use by another process (ss -ltnp 'sport = :$MJS_PORT'); stop it or set FERRETDB_PORT"
    fi
    local -a backend heap
    case "$MJS_BACKEND" in
    h2) backend=(h2 "$MDIR/netra.mv" "$MJS_CACHE_MB" "$MJS_COMMIT") ;;
    memory) backend=(memory) ;;
    *) die "MJS_BACKEND=$MJS_BACKEND: expected h2 or memory" ;;
    esac
    mkdir -p "$MDIR" "$LOG_DIR" "$RUN_DIR"
    rotate_log "$LOGFILE"
    read -r -a heap <<<"$MJS_HEAP_OPTS"
    info "starting on 127.0.0.1:$MJS_PORT (backend $MJS_BACKEND, commit $MJS_COMMIT), log $LOGFILE"
    # One INFO line per client connection otherwise.
    setsid java "${heap[@]}" -XX:+UseG1GC "$MARKER" -Djava.awt.headless=true \
        -Dorg.slf4j.simpleLogger.log.de.bwaldvogel.mongo.wire=warn \
        -cp "$LIBS/*:$CLASSES" NetraMongoServer 127.0.0.1 "$MJS_PORT" "${backend[@]}" \
        >>"$LOGFILE" 2>&1 </dev/null &
    echo $! >"$PIDFILE"
    cmd_wait
}

cmd_stop() {
    stop_pidfile mongo-java-server "$PIDFILE" "$MARKER" "$MJS_STOP_TIMEOUT"
}

case "${1:-}" in
install) cmd_install ;;
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
wait) cmd_wait ;;
version) mjs_version ;;
*)
    echo "usage: $0 {install|start|stop|status|wait|version}" >&2
    exit 2
    ;;
esac
