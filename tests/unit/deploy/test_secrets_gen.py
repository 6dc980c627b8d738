"""deploy/secrets_gen.py makes every secret the manifests reference and no operator makes,
writes Compose's files privately and never replaces one (a new PII key would leave every
sealed report unreadable)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from deploy import secrets_gen
from services.common.crypto import parse_keyring
from tests.unit.deploy.manifests import OVERLAYS, containers, of_kind, render


def test_compose_secrets_are_private_complete_and_kept(tmp_path: Path) -> None:
    created = secrets_gen.write_compose_secrets(tmp_path)
    assert {p.name for p in created} == {*secrets_gen.ENV_FILES, secrets_gen.GRAFANA_ADMIN_FILE}
    for path in created:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    pii = (tmp_path / "pii.env").read_text()
    parse_keyring(pii.strip().split("=", 1)[1])  # a usable keyring, not just text
    assert secrets_gen.write_compose_secrets(tmp_path) == []
    assert (tmp_path / "pii.env").read_text() == pii


def operator_made(docs: tuple[dict[str, object], ...]) -> set[tuple[str, str]]:
    """Secrets Strimzi and the MongoDB operator write: each KafkaUser's password, the
    cluster CA, the connection string the MongoDBCommunity names."""
    made = {(str(u["metadata"]["name"]), "password") for u in of_kind(docs, "KafkaUser")}
    made.add(("netra-kafka-cluster-ca-cert", "ca.crt"))
    for mongo in of_kind(docs, "MongoDBCommunity"):
        for user in mongo["spec"]["users"]:
            made.add((user["connectionStringSecretName"], "connectionString.standard"))
    return made


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_referenced_secret_is_made_by_an_operator_or_the_generator(overlay: str) -> None:
    docs = render(overlay)
    generated = {
        (name, key)
        for doc in secrets_gen.k8s_secrets("netra")
        for name in [doc["metadata"]["name"]]
        for key in doc["stringData"]
    }
    available = generated | operator_made(docs)
    missing = set()
    for deployment in of_kind(docs, "Deployment"):
        for container in containers(deployment):
            for entry in container.get("env", []):
                ref = entry.get("valueFrom", {}).get("secretKeyRef")
                if ref and not ref.get("optional") and (ref["name"], ref["key"]) not in available:
                    missing.add((ref["name"], ref["key"]))
        for volume in deployment["spec"]["template"]["spec"]["volumes"]:
            secret = volume.get("secret")
            if secret and secret["secretName"] not in {n for n, _ in available} | set(
                secrets_gen.EMPTY_K8S_SECRETS
            ):
                missing.add((secret["secretName"], "*"))
    assert missing == set()
