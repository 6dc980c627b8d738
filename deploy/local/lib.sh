# shellcheck shell=bash
# Shared helpers for deploy/local/*.sh. Sourced, never executed.
#
# Layout (all overridable):
#   REPO_ROOT        repository root (derived from this file's location)
#   NETRA_CACHE_DIR  downloads and builds, survives `make clean`   (default .cache)
#   NETRA_DATA_DIR   data, logs, pid files; survives restarts      (default var)
#     <data>/kafka/          KRaft log dirs, server.properties, cluster-id
#     <data>/ferretdb/       SQLite files, FerretDB state.json
#     <data>/log/<name>.log  process output (previous run in <name>.log.1)
#     <data>/run/<name>.pid  pid files

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NETRA_CACHE_DIR="${NETRA_CACHE_DIR:-$REPO_ROOT/.cache}"
NETRA_DATA_DIR="${NETRA_DATA_DIR:-$REPO_ROOT/var}"
# Absolute paths: the JVM and FerretDB do not run from the repo root.
mkdir -p "$NETRA_CACHE_DIR" "$NETRA_DATA_DIR"
NETRA_CACHE_DIR="$(cd "$NETRA_CACHE_DIR" && pwd)"
NETRA_DATA_DIR="$(cd "$NETRA_DATA_DIR" && pwd)"
LOG_DIR="$NETRA_DATA_DIR/log"
RUN_DIR="$NETRA_DATA_DIR/run"

_tag="${_tag:-netra}"

info() { printf '[%s] %s\n' "$_tag" "$*" >&2; }

die() {
    printf '\n[%s] ERROR: %s\n\n' "$_tag" "$*" >&2
    exit 1
}

need() {
    command -v "$1" >/dev/null 2>&1 || die "'$1' not found on PATH; $2"
}

# Loud failure: the reason plus the tail of the process log.
fail_with_log() {
    local reason="$1" logfile="$2"
    {
        printf '\n[%s] ================= FAILED =================\n' "$_tag"
        printf '[%s] %s\n' "$_tag" "$reason"
        if [[ -f "$logfile" ]]; then
            printf '[%s] last 60 lines of %s:\n' "$_tag" "$logfile"
            tail -n 60 "$logfile" | sed 's/^/    | /'
        else
            printf '[%s] (no log file at %s)\n' "$_tag" "$logfile"
        fi
        printf '[%s] ==========================================\n\n' "$_tag"
    } >&2
    exit 1
}

# proc_running PID: alive and not a zombie (an exited child whose parent has not
# reaped it yet still answers kill -0).
proc_running() {
    kill -0 "$1" 2>/dev/null || return 1
    local state
    state="$(sed -n 's/^[0-9]* (.*) \([A-Z]\).*/\1/p' "/proc/$1/stat" 2>/dev/null || true)"
    [[ "$state" != "Z" ]]
}

# pid_alive PIDFILE MARKER: prints the pid and succeeds if the process in PIDFILE
# is running and its command line contains MARKER (guards against pid reuse).
pid_alive() {
    local pidfile="$1" marker="$2" pid
    [[ -f "$pidfile" ]] || return 1
    pid="$(cat "$pidfile" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    proc_running "$pid" || return 1
    if [[ -r "/proc/$pid/cmdline" ]]; then
        tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker" || return 1
    fi
    echo "$pid"
}

# copy_runtime_jars POM DEST LOG DISCARD: the runtime classpath of POM from Maven Central
# into DEST (Maven's local repository in .cache/m2; the dependency plugin pinned, so a
# new plugin release cannot change the build). On failure DISCARD (the half-built install
# dir) is removed and the log shown.
copy_runtime_jars() {
    local pom="$1" dest="$2" log="$3" discard="$4"
    mkdir -p "$NETRA_CACHE_DIR/m2"
    if ! mvn -q -B -Dmaven.repo.local="$NETRA_CACHE_DIR/m2" -f "$pom" \
        org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
        -DoutputDirectory="$dest" -DincludeScope=runtime >"$log" 2>&1; then
        rm -rf "$discard"
        fail_with_log "mvn dependency:copy-dependencies failed (is Maven Central reachable?)" "$log"
    fi
}

# status_of WHERE: the `status` command of a script with PIDFILE and MARKER set:
# "running (pid N, WHERE)" and success, or "not running" and failure.
status_of() {
    local pid
    if pid="$(pid_alive "$PIDFILE" "$MARKER")"; then
        info "running (pid $pid, $1)"
        return 0
    fi
    info "not running"
    return 1
}

# port_in_use PORT: succeeds if something listens on 127.0.0.1:PORT.
port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# rotate_log FILE: keep one previous run as FILE.1
rotate_log() {
    if [[ -s "$1" ]]; then mv -f "$1" "$1.1"; fi
}

# stop_pidfile NAME PIDFILE MARKER TIMEOUT: SIGTERM, then SIGKILL after TIMEOUT seconds.
stop_pidfile() {
    local name="$1" pidfile="$2" marker="$3" timeout="$4" pid i
    if ! pid="$(pid_alive "$pidfile" "$marker")"; then
        if [[ -f "$pidfile" ]]; then
            info "removing stale pid file $pidfile"
            rm -f "$pidfile"
        else
            info "not running"
        fi
        return 0
    fi
    info "stopping pid $pid (SIGTERM, up to ${timeout}s)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < timeout * 10; i++)); do
        proc_running "$pid" || break
        sleep 0.1
    done
    if proc_running "$pid"; then
        info "still alive after ${timeout}s, sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do
            proc_running "$pid" || break
            sleep 0.1
        done
    fi
    rm -f "$pidfile"
    info "stopped"
}

# wait_ready WHAT TIMEOUT INTERVAL CHECK ADDRESS: poll CHECK (a function) until it
# succeeds, failing loudly with the log tail if the process dies or time runs out.
# Uses the caller's PIDFILE, MARKER and LOGFILE.
wait_ready() {
    local what=$1 timeout=$2 interval=$3 check=$4 address=$5 pid
    local deadline=$((SECONDS + timeout))
    while ((SECONDS < deadline)); do
        if ! pid="$(pid_alive "$PIDFILE" "$MARKER")"; then
            # Just started in the background: until the forked shell has exec'd the
            # server, its command line lacks the marker (seconds on a loaded machine).
            # Dead only when the process is gone.
            proc_running "$(cat "$PIDFILE" 2>/dev/null || echo none)" ||
                fail_with_log "$what process exited during startup" "$LOGFILE"
            sleep "$interval"
            continue
        fi
        if "$check"; then
            info "ready on $address (pid $pid)"
            return 0
        fi
        sleep "$interval"
    done
    fail_with_log "$what not ready on $address after ${timeout}s" "$LOGFILE"
}
