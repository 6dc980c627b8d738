"""Rendering and validating deploy/: the helpers the manifest tests share.

- `render(overlay)`: `kustomize build deploy/k8s/overlays/<overlay>` with the binary
  `make kustomize` puts in .cache/bin (a missing binary fails, naming the make target);
- `crd_validator(kind)`: a JSON Schema validator for a custom resource from the CRDs in
  ../shared/crds, made strict (an unknown field is an error, as `kubectl --validate=strict`
  would report), so a typo in a manifest cannot pass;
- `compose_validator()`: the Compose specification's schema, ../shared/crds/compose-spec.json.
"""

from __future__ import annotations

import functools
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator
from jsonschema.protocols import Validator

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
OVERLAYS = ("local", "production")
CRDS = ROOT.parent / "shared" / "crds"
KUSTOMIZE = ROOT / ".cache" / "bin" / "kustomize"
# The core Kubernetes version the manifests are checked against (kubernetes-validate).
KUBERNETES_VERSION = "1.33.0"

CRD_FILES = {
    "Kafka": "strimzi-040-Crd-kafka.yaml",
    "KafkaTopic": "strimzi-043-Crd-kafkatopic.yaml",
    "KafkaUser": "strimzi-044-Crd-kafkauser.yaml",
    "KafkaNodePool": "strimzi-045-Crd-kafkanodepool.yaml",
    "ScaledObject": "keda-keda.sh_scaledobjects.yaml",
    "TriggerAuthentication": "keda-keda.sh_triggerauthentications.yaml",
    "MongoDBCommunity": "mongodb-community-mongodbcommunity.yaml",
}

Doc = dict[str, Any]


@functools.cache
def render(overlay: str) -> tuple[Doc, ...]:
    if not KUSTOMIZE.exists():
        pytest.fail(f"{KUSTOMIZE} is missing: run `make kustomize` (make test does)")
    done = subprocess.run(
        [str(KUSTOMIZE), "build", str(K8S / "overlays" / overlay)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, f"kustomize build {overlay} failed:\n{done.stderr}"
    return tuple(doc for doc in yaml.safe_load_all(done.stdout) if doc)


def of_kind(docs: tuple[Doc, ...], kind: str) -> list[Doc]:
    return [doc for doc in docs if doc["kind"] == kind]


def named(docs: tuple[Doc, ...], kind: str, name: str) -> Doc:
    found = [doc for doc in of_kind(docs, kind) if doc["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind}/{name}: {len(found)} found"
    return found[0]


def strict(schema: Any) -> Any:
    """The schema with `additionalProperties: false` wherever it lists properties and
    allows nothing else explicitly (the API server prunes or, strictly, refuses those)."""
    if isinstance(schema, list):
        return [strict(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: strict(value) for key, value in schema.items()}
    if (
        "properties" in out
        and "additionalProperties" not in out
        and not out.get("x-kubernetes-preserve-unknown-fields")
    ):
        out["additionalProperties"] = False
    return out


@functools.cache
def crd_validator(kind: str) -> Validator:
    crd = yaml.safe_load((CRDS / CRD_FILES[kind]).read_text(encoding="utf-8"))
    (version,) = [v for v in crd["spec"]["versions"] if v.get("storage")]
    schema = strict(version["schema"]["openAPIV3Schema"])
    # apiVersion, kind and metadata are the API server's; the CRD leaves them open.
    schema["properties"]["metadata"] = {"type": "object"}
    return Draft7Validator(schema)


def crd_api_version(kind: str) -> str:
    crd = yaml.safe_load((CRDS / CRD_FILES[kind]).read_text(encoding="utf-8"))
    (version,) = [v for v in crd["spec"]["versions"] if v.get("storage")]
    return f"{crd['spec']['group']}/{version['name']}"


def errors(validator: Validator, doc: Doc) -> list[str]:
    return [
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(doc)
    ]


@functools.cache
def compose_validator() -> Validator:
    schema = json.loads((CRDS / "compose-spec.json").read_text(encoding="utf-8"))
    return Draft7Validator(schema)


@functools.cache
def compose() -> Doc:
    """Parsed once per session: callers copy before changing it."""
    loaded: Doc = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    return loaded


def containers(doc: Doc) -> list[Doc]:
    spec: list[Doc] = doc["spec"]["template"]["spec"]["containers"]
    return spec
