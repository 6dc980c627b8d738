#!/usr/bin/env bash
# Stop everything a `make run` or an interrupted test session left running:
# services (by pid file), the store (FerretDB, PostgreSQL, mongo-java-server), Kafka; in
# NETRA_DATA_DIR (var/) and in var/test-*/.
set -euo pipefail
_tag=down
# shellcheck source=deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
HERE="$REPO_ROOT/deploy/local"

stop_dir() {
    local dir="$1" name
    for name in intake triage cases notify; do
        if [[ -f "$dir/run/$name.pid" ]]; then
            _tag="$name" stop_pidfile "$name" "$dir/run/$name.pid" "services.$name" 15
        fi
    done
    if [[ -f "$dir/run/devsinks.pid" ]]; then
        _tag=devsinks stop_pidfile devsinks "$dir/run/devsinks.pid" "deploy.local.dev_sinks" 15
    fi
    NETRA_DATA_DIR="$dir" bash "$HERE/ferretdb.sh" stop
    NETRA_DATA_DIR="$dir" bash "$HERE/postgres.sh" stop
    NETRA_DATA_DIR="$dir" bash "$HERE/mongo-java-server.sh" stop
    NETRA_DATA_DIR="$dir" bash "$HERE/kafka.sh" stop
}

stop_dir "$NETRA_DATA_DIR"
shopt -s nullglob
for dir in "$REPO_ROOT"/var/test-*/; do
    dir="${dir%/}"
    # A live pytest session owns its dir (test-<pid>, or test-<pid>-<what> for a
    # stack a fault test runs of its own): leave it alone.
    pid="${dir##*/test-}"
    pid="${pid%%-*}"
    if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
        info "skipping $dir (test session $pid still running)"
        continue
    fi
    stop_dir "$dir"
done
