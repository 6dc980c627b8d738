"""The local no-Docker stack's public face: what `make run` and the test fixtures use.

    infra = start_infra(env)            # Kafka + the store (unless given URLs), topics
    procs = start_services(infra.env, SERVICES)
    ...
    stop_all()                          # services first, then what start_infra started

The parts live by concern: env.py (ports, stores, environment), scripts.py (the
deploy/local/*.sh scripts), infra.py (Kafka, the store, topics), procs.py and
services.py (the service processes), supervision.py and supervisor.py (`make run`'s
restarts). This module only names the entry points callers rely on.
"""

from __future__ import annotations

from deploy.local.env import (
    BASH,
    DEFAULT_STORE,
    DEV_SINKS,
    REPO_ROOT,
    SCRIPTS,
    SERVICE_PORTS,
    SERVICES,
    STORE_SCRIPTS,
    STORES,
    StackError,
    infra_env,
    store_scripts,
)
from deploy.local.infra import Infra, install, start_infra, stop_infras
from deploy.local.procs import Proc
from deploy.local.services import start_services, stop_services


def stop_all() -> None:
    """Stop every service started by start_services, then every infra started by start_infra."""
    stop_services()
    stop_infras()


__all__ = [
    "BASH",
    "DEFAULT_STORE",
    "DEV_SINKS",
    "REPO_ROOT",
    "SCRIPTS",
    "SERVICES",
    "SERVICE_PORTS",
    "STORES",
    "STORE_SCRIPTS",
    "Infra",
    "Proc",
    "StackError",
    "infra_env",
    "install",
    "start_infra",
    "start_services",
    "stop_all",
    "stop_services",
    "store_scripts",
]
