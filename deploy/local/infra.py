"""Kafka and the store: the deploy/local scripts that serve them, and the topics.

infra = start_infra(env)    # Kafka + the NETRA_STORE scripts (unless given URLs), topics
...
stop_infras()               # every infra started here, scripts in reverse order
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import sys
from collections.abc import Coroutine, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from deploy.local.env import infra_env, kafka_bootstrap, kafka_scripts, store_scripts
from deploy.local.scripts import run_chains, run_script

if TYPE_CHECKING:
    from services.common.topics_admin import Reconciled

T = TypeVar("T")


@dataclass
class Infra:
    kafka_bootstrap: str
    mongodb_url: str
    env: dict[str, str]
    data_dir: Path
    started: list[str] = field(default_factory=list)  # scripts we started, in start order
    echo: bool = False

    def stop(self) -> None:
        for name in reversed(self.started):
            result = run_script(name, "stop", self.env, check=False)
            if self.echo and result.stdout:
                sys.stderr.write(result.stdout)
        self.started.clear()


_infras: list[Infra] = []


def install(env: Mapping[str, str] | None = None, *, echo: bool = True) -> None:
    """Kafka jars and the store's binaries into .cache/ (seconds when already there)."""
    full = infra_env(env)
    run_chains(full, [["kafka"], list(store_scripts(full["NETRA_STORE"]))], "install", echo)


def _run_coro(coro: Coroutine[Any, Any, T]) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    # Called from inside an event loop (e.g. an async test): use a fresh loop in a thread.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def ensure_registry_topics(bootstrap: str, env: Mapping[str, str]) -> Reconciled:
    """The registry's topics with the stack's layout (env.py: RF 1 on one broker, RF 3
    and min ISR 2 on the local cluster)."""
    from schemas.topics import TOPICS
    from services.common.kafka_connection import plaintext
    from services.common.topic_layout import TopicLayout
    from services.common.topics_admin import ensure_topics

    layout = TopicLayout(
        replication_factor=int(env["NETRA_KAFKA_REPLICATION_FACTOR"]),
        min_insync_replicas=int(env["NETRA_KAFKA_MIN_INSYNC_REPLICAS"]),
    )
    return _run_coro(ensure_topics(plaintext(bootstrap), TOPICS, layout=layout))


def start_infra(
    env: Mapping[str, str] | None = None, *, echo: bool = True, with_kafka: bool = True
) -> Infra:
    """Start Kafka and the store NETRA_STORE names (each unless its URL is already in env),
    wait, create topics.

    with_kafka=False starts the store alone (tests/bench/bench_store.py); no topics then.

    Raises StackError, with the failing script's output and log tail, if anything fails;
    whatever was started is stopped again before raising.
    """
    full = infra_env(env)
    kafka: list[str] = []
    store: list[str] = []
    if with_kafka and not full.get("KAFKA_BOOTSTRAP_SERVERS"):
        kafka.extend(kafka_scripts(full))
        full["KAFKA_BOOTSTRAP_SERVERS"] = kafka_bootstrap(full)
    if not full.get("MONGODB_URL"):
        store.extend(store_scripts(full["NETRA_STORE"]))
        full["MONGODB_URL"] = f"mongodb://127.0.0.1:{full['FERRETDB_PORT']}/"
    infra = Infra(
        kafka_bootstrap=full["KAFKA_BOOTSTRAP_SERVERS"],
        mongodb_url=full["MONGODB_URL"],
        env=full,
        data_dir=Path(full["NETRA_DATA_DIR"]),
        started=kafka + store,
        echo=echo,
    )
    _infras.append(infra)
    try:
        # A cluster's nodes start at once: each waits for the controller quorum.
        run_chains(full, [*([n] for n in kafka), store], "start", echo)
        if with_kafka:
            ensure_registry_topics(infra.kafka_bootstrap, full)
    except BaseException:
        infra.stop()
        _infras.remove(infra)
        raise
    return infra


def stop_infras() -> None:
    """Stop every infra start_infra started, the latest first."""
    while _infras:
        _infras.pop().stop()
