"""Fresh secrets for deploy/compose.yaml and the local Kubernetes overlay, never in git.

    python -m deploy.secrets_gen compose
        writes deploy/compose/secrets/*.env and grafana-admin-password (mode 0600) unless
        they exist (an existing file is kept: a new PII key would not open old reports)
    python -m deploy.secrets_gen k8s --namespace netra-local | kubectl apply -f -
        prints the Secrets the manifests reference, with new values, to stdout only

docs/operations.md "Secrets and key rotation" says what each is and how to rotate it.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from services.common.crypto import new_key_spec

COMPOSE_SECRETS = Path(__file__).resolve().parent / "compose" / "secrets"


def _token() -> str:
    return secrets.token_urlsafe(32)


def _hex() -> str:
    # Goes into a MongoDB connection string: nothing that would need URL-encoding.
    return secrets.token_hex(24)


# Environment file -> the variables in it and how each is made. The services read the
# names (tests/unit/deploy/test_manifest_env.py); compose gives each service only the
# files it needs.
ENV_FILES: dict[str, dict[str, Callable[[], str]]] = {
    "pii.env": {"NETRA_PII_KEYS": lambda: new_key_spec("k1")},
    "gateway.env": {"GATEWAY_TOKEN": _token, "GATEWAY_CALLBACK_SECRET": _token},
    "staff.env": {"STAFF_JWT_SHARED_KEY": _token},
    "notify.env": {"NOTIFY_ADMIN_TOKEN": _token},
}
GRAFANA_ADMIN_FILE = "grafana-admin-password"

# Kubernetes Secret -> keys, for the Secrets the base references that no operator makes
# (Strimzi makes the Kafka users' and the cluster CA's; the MongoDB operator the URL).
K8S_SECRETS: dict[str, dict[str, Callable[[], str]]] = {
    "netra-pii-keys": ENV_FILES["pii.env"],
    "netra-gateway": ENV_FILES["gateway.env"],
    "netra-staff-auth": ENV_FILES["staff.env"],
    "netra-notify-admin": ENV_FILES["notify.env"],
    "netra-mongodb-password": {"password": _hex},
}
# Mounted as a directory (one file per recipient's secret_ref), may start empty.
EMPTY_K8S_SECRETS = ("netra-webhook-secrets",)


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)


def write_compose_secrets(directory: Path) -> list[Path]:
    """Create the files that do not exist yet; return the ones created."""
    created: list[Path] = []
    for name, variables in ENV_FILES.items():
        path = directory / name
        if not path.exists():
            _write_private(path, "".join(f"{var}={make()}\n" for var, make in variables.items()))
            created.append(path)
    password = directory / GRAFANA_ADMIN_FILE
    if not password.exists():
        _write_private(password, _token())
        created.append(password)
    return created


def k8s_secrets(namespace: str) -> list[dict[str, Any]]:
    def secret(name: str, data: dict[str, str]) -> dict[str, Any]:
        return {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {"name": name, "namespace": namespace},
            "type": "Opaque",
            "stringData": data,
        }

    made = [
        secret(name, {key: make() for key, make in keys.items()})
        for name, keys in K8S_SECRETS.items()
    ]
    return made + [secret(name, {}) for name in EMPTY_K8S_SECRETS]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="target", required=True)
    compose = sub.add_parser("compose", help="write deploy/compose/secrets/ (kept if present)")
    compose.add_argument("--dir", type=Path, default=COMPOSE_SECRETS)
    k8s = sub.add_parser("k8s", help="print Secret manifests to stdout")
    k8s.add_argument("--namespace", required=True)
    args = parser.parse_args(argv)
    if args.target == "compose":
        created = write_compose_secrets(args.dir)
        for path in created:
            print(f"created {path}")
        if not created:
            print(f"every secret already in {args.dir}: nothing changed")
        return 0
    yaml.safe_dump_all(k8s_secrets(args.namespace), sys.stdout, sort_keys=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
