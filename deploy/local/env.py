"""What the local stack is made of and the environment it runs in.

Environment honoured (see infra_env): NETRA_DATA_DIR, NETRA_CACHE_DIR, KAFKA_PORT,
KAFKA_CONTROLLER_PORT, FERRETDB_PORT (the Mongo-wire port, whichever store serves it),
FERRETDB_DEBUG_PORT, POSTGRES_PORT, INTAKE_PORT, CASES_PORT, NOTIFY_PORT, TRIAGE_PORT,
MONGODB_DATABASE, NETRA_ENV, NETRA_STORE (see STORES), and KAFKA_BOOTSTRAP_SERVERS /
MONGODB_URL: when set, that server is used and nothing is started for it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = Path(__file__).resolve().parent
BASH = shutil.which("bash") or "/bin/bash"

# name -> (port variable, default port)
SERVICE_PORTS: dict[str, tuple[str, int]] = {
    "intake": ("INTAKE_PORT", 8000),
    "cases": ("CASES_PORT", 8001),
    "notify": ("NOTIFY_PORT", 8002),
    "triage": ("TRIAGE_PORT", 8003),
}
SERVICES: tuple[str, ...] = ("intake", "triage", "cases", "notify")
# `make run`'s stand-ins for the outside world notify talks to (deploy/local/dev_sinks.py):
# started like a service, though not one. Its HTTP port (gateway simulator, mail list)
# and its SMTP port.
DEV_SINKS = "devsinks"
DEV_SINKS_PORTS: dict[str, int] = {"DEV_SINKS_PORT": 8004, "DEV_SMTP_PORT": 8025}
MODULES: dict[str, str] = {DEV_SINKS: "deploy.local.dev_sinks"}  # else services.<name>
# `make cluster` runs more than one process of each consumer service: `cases-2` is the
# second cases replica, on <CASES_PORT>_2 (default CASES_PORT + 10), its own log and pid.
CONSUMERS: tuple[str, ...] = ("triage", "cases", "notify")
REPLICA_PORT_STEP = 10


def service_of(name: str) -> tuple[str, int]:
    """`cases-2` -> ("cases", 2); `cases` -> ("cases", 1)."""
    base, _, replica = name.rpartition("-")
    if base in SERVICE_PORTS and replica.isdigit():
        return base, int(replica)
    return name, 1


def with_replicas(names: tuple[str, ...] | list[str], replicas: int) -> list[str]:
    """The names with every consumer service's extra replicas after it."""
    out: list[str] = []
    for name in names:
        out.append(name)
        if name in CONSUMERS:
            out.extend(f"{name}-{r}" for r in range(2, replicas + 1))
    return out


# NETRA_STORE -> the deploy/local scripts that serve the Mongo wire, started in this
# order (and stopped in the reverse one). docs/decisions.md, "The local store, measured".
STORES: dict[str, tuple[str, ...]] = {
    "ferretdb-sqlite": ("ferretdb",),
    "ferretdb-postgresql": ("postgres", "ferretdb"),
    "mongo-java-server": ("mongo-java-server",),
}
DEFAULT_STORE = "ferretdb-postgresql"  # docs/decisions.md, "The local store, decided"
# Every script that may hold a store process, for clean-ups that do not know which ran.
STORE_SCRIPTS: tuple[str, ...] = ("ferretdb", "postgres", "mongo-java-server")


class StackError(RuntimeError):
    """Infrastructure or a service failed to start; the message carries the log tail."""


CLUSTER_HEAP = "-Xms128m -Xmx384m"  # three JVMs on a 2-core laptop


def kafka_scripts(env: Mapping[str, str]) -> list[str]:
    """`kafka` for one broker; `kafka-1` .. `kafka-n` for the nodes of a local cluster
    (each runs kafka.sh with its node's environment: `script_env`)."""
    brokers = int(env["NETRA_KAFKA_BROKERS"])
    return ["kafka"] if brokers == 1 else [f"kafka-{n}" for n in range(1, brokers + 1)]


def kafka_bootstrap(env: Mapping[str, str]) -> str:
    names = kafka_scripts(env)
    return ",".join(f"127.0.0.1:{script_env(n, env)[1]['KAFKA_PORT']}" for n in names)


def script_env(name: str, env: Mapping[str, str]) -> tuple[str, dict[str, str]]:
    """The script a name runs and its environment: node n of the cluster listens on
    KAFKA_PORT + 2(n-1) and its controller on the port after it."""
    if not name.startswith("kafka-"):
        return name, dict(env)
    node = int(name.removeprefix("kafka-"))
    size, base = int(env["NETRA_KAFKA_BROKERS"]), int(env["KAFKA_PORT"])
    voters = ",".join(f"{n}@127.0.0.1:{base + 2 * (n - 1) + 1}" for n in range(1, size + 1))
    port = base + 2 * (node - 1)
    return "kafka", dict(
        env,
        KAFKA_NODE_ID=str(node),
        KAFKA_CLUSTER_SIZE=str(size),
        KAFKA_VOTERS=voters,
        KAFKA_PORT=str(port),
        KAFKA_CONTROLLER_PORT=str(port + 1),
        KAFKA_HEAP_OPTS=env.get("KAFKA_HEAP_OPTS", CLUSTER_HEAP),
    )


def store_scripts(store: str) -> tuple[str, ...]:
    """The scripts that serve NETRA_STORE=`store`, in start order; StackError if unknown."""
    try:
        return STORES[store]
    except KeyError:
        raise StackError(
            f"NETRA_STORE={store!r} is not a known store; known: {', '.join(STORES)}"
        ) from None


def infra_env(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The process environment plus `base`, with every stack default filled in."""
    env = dict(os.environ)
    if base is not None:
        env.update(base)
    data_dir = Path(env.get("NETRA_DATA_DIR") or REPO_ROOT / "var")
    if not data_dir.is_absolute():
        data_dir = REPO_ROOT / data_dir
    env["NETRA_DATA_DIR"] = str(data_dir)
    env.setdefault("KAFKA_PORT", "9092")
    env.setdefault("KAFKA_CONTROLLER_PORT", str(int(env["KAFKA_PORT"]) + 1))
    # One broker (make run, the test sessions) or a local cluster (make cluster: three
    # brokers, kafka.sh): the topics' replication factor and min ISR follow.
    env.setdefault("NETRA_KAFKA_BROKERS", "1")
    single = env["NETRA_KAFKA_BROKERS"] == "1"
    env.setdefault("NETRA_KAFKA_REPLICATION_FACTOR", "1" if single else "3")
    env.setdefault("NETRA_KAFKA_MIN_INSYNC_REPLICAS", "1" if single else "2")
    env.setdefault("FERRETDB_PORT", "27017")
    env.setdefault("FERRETDB_DEBUG_PORT", str(int(env["FERRETDB_PORT"]) + 1))
    env.setdefault("POSTGRES_PORT", "5433")
    env["NETRA_STORE"] = env.get("NETRA_STORE") or DEFAULT_STORE
    store_scripts(env["NETRA_STORE"])  # fail early on an unknown store
    env.setdefault("MONGODB_DATABASE", "netra")
    env.setdefault("NETRA_ENV", "development")
    for var, default in SERVICE_PORTS.values():
        env.setdefault(var, str(default))
    # The services default these to paths under ./var; keep them in this stack's data
    # dir so a test session never shares a spool or dev keys with `make run`.
    env.setdefault("SPOOL_DIR", str(data_dir / "spool" / "intake"))
    env.setdefault("INBOUND_PARTS_DIR", str(data_dir / "spool" / "intake-inbound"))
    env.setdefault("PII_DEV_KEY_FILE", str(data_dir / "secrets" / "pii-keys"))
    # Intake writes evidence files here and cases reads them: one directory for both.
    env.setdefault("EVIDENCE_DIR", str(data_dir / "evidence"))
    env.setdefault("STAFF_JWT_DEV_KEY_FILE", str(data_dir / "secrets" / "staff-jwt-key"))
    for var, port in DEV_SINKS_PORTS.items():
        env.setdefault(var, str(port))
    # Notify's channels go to the dev sinks; the secrets they share are development files.
    env.setdefault("SMTP_PORT", env["DEV_SMTP_PORT"])
    env.setdefault("GATEWAY_BASE_URL", f"http://127.0.0.1:{env['DEV_SINKS_PORT']}")
    env.setdefault("GATEWAY_TOKEN_DEV_FILE", str(data_dir / "secrets" / "gateway-token"))
    env.setdefault(
        "GATEWAY_CALLBACK_SECRET_DEV_FILE", str(data_dir / "secrets" / "gateway-callback-secret")
    )
    # The hotline desk (cases) files through intake with this shared development token.
    env.setdefault("HOTLINE_DESK_TOKEN_DEV_FILE", str(data_dir / "secrets" / "hotline-desk-token"))
    env.setdefault("NOTIFY_WEBHOOK_SECRETS_DIR", str(data_dir / "secrets" / "webhooks"))

    env.setdefault("NOTIFY_ADMIN_DEV_TOKEN_FILE", str(data_dir / "secrets" / "notify-admin-token"))
    env["PYTHONUNBUFFERED"] = "1"
    return env


def remove_data_dir(data_dir: Path) -> None:
    """Delete a data dir and the PostgreSQL cluster that may live outside it: as root,
    postgres.sh puts the cluster under /var/tmp when the `postgres` user cannot reach the
    data dir, and leaves `<data dir>/postgres` as a symlink to it."""
    cluster = data_dir / "postgres"
    if cluster.is_symlink():
        shutil.rmtree(cluster.resolve(), ignore_errors=True)
    shutil.rmtree(data_dir, ignore_errors=True)
