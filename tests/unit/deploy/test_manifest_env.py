"""Every environment variable deploy/ gives a service is one that service reads (a typo
would be ignored silently: the settings ignore unknown names), and no secret value is
written in deploy/: secrets come from Secrets (Kubernetes) or untracked files (Compose)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator

import pytest
from pydantic_settings import BaseSettings

from deploy import secrets_gen
from services.cases.settings import CasesSettings
from services.common.settings import ServiceSettings
from services.intake.settings import IntakeSettings
from services.notify.settings import NotifySettings
from services.triage.settings import TriageSettings
from tests.unit.deploy.manifests import (
    DEPLOY,
    OVERLAYS,
    ROOT,
    Doc,
    compose,
    containers,
    of_kind,
    render,
)

SETTINGS: dict[str, type[BaseSettings]] = {
    "intake": IntakeSettings,
    "triage": TriageSettings,
    "cases": CasesSettings,
    "notify": NotifySettings,
}
SECRET_NAME = re.compile(r"(KEY|KEYS|TOKEN|TOKENS|SECRET|PASSWORD)$")
# URLs that carry credentials when they carry any (user:password@).
CREDENTIALS_IN_URL = re.compile(r"://[^/@\s]+:[^/@\s]+@")


def read_by(service: str) -> set[str]:
    names = {name.upper() for name in SETTINGS[service].model_fields}
    return names


def dev_sinks_reads() -> set[str]:
    source = (DEPLOY / "local" / "dev_sinks.py").read_text(encoding="utf-8")
    return set(re.findall(r'env\.get\(\s*"([A-Z_]+)"', source))


def k8s_env(overlay: str) -> Iterator[tuple[str, str, Doc]]:
    """(service, variable, its entry) for every variable a Deployment sets, the shared
    ConfigMap's included (every service loads it)."""
    docs = render(overlay)
    shared = {doc["metadata"]["name"]: doc.get("data", {}) for doc in of_kind(docs, "ConfigMap")}
    for deployment in of_kind(docs, "Deployment"):
        service = deployment["metadata"]["name"]
        for container in containers(deployment):
            for entry in container.get("env", []):
                yield service, entry["name"], entry
            for source in container.get("envFrom", []):
                for name, value in shared[source["configMapRef"]["name"]].items():
                    yield service, name, {"name": name, "value": value}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_kubernetes_sets_only_variables_the_services_read(overlay: str) -> None:
    unknown = {
        (service, name) for service, name, _ in k8s_env(overlay) if name not in read_by(service)
    }
    assert unknown == set()


def compose_env() -> Iterator[tuple[str, str, object]]:
    for service, spec in compose()["services"].items():
        for name, value in (spec.get("environment") or {}).items():
            yield service, name, value


def test_compose_sets_only_variables_the_services_read() -> None:
    unknown = set()
    for service, name, _ in compose_env():
        command = compose()["services"][service].get("command", [])
        module = command[2] if command[:2] == ["python", "-m"] else ""
        if module.startswith("services.") and module.count(".") == 1:
            known = read_by(module.removeprefix("services."))
        elif module == "services.common.topics_admin":
            known = {name.upper() for name in ServiceSettings.model_fields}
        elif module == "deploy.local.dev_sinks":
            known = dev_sinks_reads()
        else:
            continue  # Kafka, MongoDB, Grafana: their own images' variables
        if name not in known:
            unknown.add((service, name))
    assert unknown == set()


def test_the_compose_secret_files_hold_only_variables_their_services_read() -> None:
    for service, spec in compose()["services"].items():
        for path in spec.get("env_file", []):
            file_name = path.rsplit("/", 1)[-1]
            variables = set(secrets_gen.ENV_FILES[file_name])
            known = dev_sinks_reads() if service == "devsinks" else read_by(service)
            assert variables <= known, (service, file_name)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_kubernetes_embeds_no_secret(overlay: str) -> None:
    docs = render(overlay)
    assert of_kind(docs, "Secret") == []
    literal = [
        (service, name)
        for service, name, entry in k8s_env(overlay)
        if SECRET_NAME.search(name) and "value" in entry
    ]
    assert literal == []
    urls = [name for _, name, entry in k8s_env(overlay) if CREDENTIALS_IN_URL.search(str(entry))]
    assert urls == []


def test_compose_embeds_no_secret() -> None:
    literal = [(s, n) for s, n, _ in compose_env() if SECRET_NAME.search(n)]
    assert literal == []
    assert not [n for _, n, v in compose_env() if CREDENTIALS_IN_URL.search(str(v))]
    for spec in compose()["services"].values():
        for path in spec.get("env_file", []):
            assert path.startswith("./compose/secrets/"), path
    for secret in compose()["secrets"].values():
        assert secret["file"].startswith("./compose/secrets/")


def test_the_secret_files_are_ignored_by_git() -> None:
    probe = "deploy/compose/secrets/pii.env"
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", probe], cwd=ROOT, check=False, capture_output=True
    )
    assert ignored.returncode == 0, f"{probe} is not ignored by .gitignore"
    tracked = subprocess.run(
        ["git", "ls-files", "deploy/compose/secrets"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    assert tracked.stdout == ""


def test_a_pii_key_in_deploy_would_be_found() -> None:
    """The scan below looks for what a sealing key looks like: `kid:<44 base64>`."""
    key = secrets_gen.ENV_FILES["pii.env"]["NETRA_PII_KEYS"]()
    assert PII_KEY.search(key)


PII_KEY = re.compile(r"[A-Za-z0-9_-]+:[A-Za-z0-9+/]{43}=")


def test_no_file_in_deploy_holds_a_key() -> None:
    found = [
        str(path.relative_to(ROOT))
        for path in DEPLOY.rglob("*")
        if path.is_file()
        and "secrets" not in path.parts
        and path.suffix in {".yaml", ".yml", ".json", ".js", ".py", ".env", ""}
        and PII_KEY.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert found == []
