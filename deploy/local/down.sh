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
    local pidfile service
    for name in intake triage cases notify; do
        # cases.pid, and a cluster's replicas: cases-2.pid, ...
        for pidfile in "$dir/run/$name.pid" "$dir/run/$name"-[0-9]*.pid; do
            [[ -f "$pidfile" ]] || continue
            service="${pidfile##*/}"
            _tag="${service%.pid}" stop_pidfile "${service%.pid}" "$pidfile" "services.$name" 15
        done
    done
    if [[ -f "$dir/run/devsinks.pid" ]]; then
        _tag=devsinks stop_pidfile devsinks "$dir/run/devsinks.pid" "deploy.local.dev_sinks" 15
    fi
    NETRA_DATA_DIR="$dir" bash "$HERE/ferretdb.sh" stop
    NETRA_DATA_DIR="$dir" bash "$HERE/postgres.sh" stop
    NETRA_DATA_DIR="$dir" bash "$HERE/mongo-java-server.sh" stop
    NETRA_DATA_DIR="$dir" bash "$HERE/kafka.sh" stop
    local node
    for node in "$dir"/kafka-[0-9]*/; do # the nodes of a local cluster (make cluster)
        node="${node%/}"
        [[ -d "$node" ]] || continue
        NETRA_DATA_DIR="$dir" KAFKA_CLUSTER_SIZE=3 KAFKA_NODE_ID="${node##*/kafka-}" \
            bash "$HERE/kafka.sh" stop
    done
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
