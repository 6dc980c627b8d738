"""deploy/k8s/: each overlay renders with kustomize, and every object it renders is valid
offline: core kinds against Kubernetes' schemas (kubernetes-validate, strict), Strimzi,
KEDA and MongoDB operator kinds against their CRDs in ../shared/crds (strict as well)."""

from __future__ import annotations

import copy

import kubernetes_validate
import pytest

from tests.unit.deploy.manifests import (
    CRD_FILES,
    KUBERNETES_VERSION,
    OVERLAYS,
    Doc,
    containers,
    crd_api_version,
    crd_validator,
    errors,
    named,
    of_kind,
    render,
)

SERVICES = ("intake", "triage", "cases", "notify")


def core_errors(doc: Doc) -> list[str]:
    try:
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as exc:
        return [str(exc)]
    return []


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_object_is_valid(overlay: str) -> None:
    problems = []
    for doc in render(overlay):
        kind, name = doc["kind"], doc["metadata"]["name"]
        if kind in CRD_FILES:
            assert doc["apiVersion"] == crd_api_version(kind), f"{kind}/{name}"
            found = errors(crd_validator(kind), doc)
        else:
            found = core_errors(doc)
        problems += [f"{kind}/{name}: {e}" for e in found]
    assert problems == []


def test_the_validators_refuse_a_typo() -> None:
    """Strict means strict: a misspelt field fails in a core kind and in a custom one."""
    docs = render("production")
    deployment = copy.deepcopy(named(docs, "Deployment", "intake"))
    containers(deployment)[0]["readinesProbe"] = containers(deployment)[0].pop("readinessProbe")
    assert core_errors(deployment) != []
    topic = copy.deepcopy(of_kind(docs, "KafkaTopic")[0])
    topic["spec"]["partition"] = topic["spec"].pop("partitions")
    assert errors(crd_validator("KafkaTopic"), topic) != []
    scaled = copy.deepcopy(of_kind(docs, "ScaledObject")[0])
    del scaled["spec"]["scaleTargetRef"]
    assert errors(crd_validator("ScaledObject"), scaled) != []


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_each_service_has_probes_resources_and_a_disruption_budget(overlay: str) -> None:
    docs = render(overlay)
    for service in SERVICES:
        (container,) = containers(named(docs, "Deployment", service))
        assert container["command"] == ["python", "-m", f"services.{service}"]
        assert container["livenessProbe"]["httpGet"]["path"] == "/health"
        assert container["readinessProbe"]["httpGet"]["path"] in {"/ready", "/health"}
        assert {"cpu", "memory"} <= set(container["resources"]["requests"])
        assert "memory" in container["resources"]["limits"]
        budget = named(docs, "PodDisruptionBudget", service)
        assert budget["spec"]["selector"]["matchLabels"] == {"app.kubernetes.io/name": service}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_consumers_scale_on_lag_and_intake_on_cpu(overlay: str) -> None:
    docs = render(overlay)
    scaled = {doc["spec"]["scaleTargetRef"]["name"]: doc for doc in of_kind(docs, "ScaledObject")}
    assert set(scaled) == {"triage", "cases", "notify"}
    for doc in scaled.values():
        assert {t["type"] for t in doc["spec"]["triggers"]} == {"kafka"}
    (hpa,) = of_kind(docs, "HorizontalPodAutoscaler")
    assert hpa["spec"]["scaleTargetRef"]["name"] == "intake"


def test_production_keeps_three_copies_and_local_one() -> None:
    production, local = render("production"), render("local")
    for docs, replicas, min_isr in ((production, 3, 2), (local, 1, 1)):
        assert {t["spec"]["replicas"] for t in of_kind(docs, "KafkaTopic")} == {replicas}
        assert {
            t["spec"]["config"]["min.insync.replicas"] for t in of_kind(docs, "KafkaTopic")
        } == {min_isr}
        (pool,) = of_kind(docs, "KafkaNodePool")
        assert pool["spec"]["replicas"] == replicas
        (mongo,) = of_kind(docs, "MongoDBCommunity")
        assert mongo["spec"]["members"] == replicas
        config = named(docs, "ConfigMap", "netra-config")["data"]
        assert config["NETRA_KAFKA_REPLICATION_FACTOR"] == str(replicas)
        assert config["NETRA_KAFKA_MIN_INSYNC_REPLICAS"] == str(min_isr)
    assert named(production, "ConfigMap", "netra-config")["data"]["NETRA_ENV"] == "production"
    assert {doc["metadata"].get("namespace") for doc in production} - {None} == {"netra"}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_network_policies_start_from_deny_and_give_each_path(overlay: str) -> None:
    docs = render(overlay)
    deny = named(docs, "NetworkPolicy", "netra-services-default-deny")
    assert deny["spec"]["policyTypes"] == ["Ingress", "Egress"]
    assert "ingress" not in deny["spec"] and "egress" not in deny["spec"]
    egress_to_internet = {
        doc["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/name"]
        for doc in of_kind(docs, "NetworkPolicy")
        if any(
            peer.get("ipBlock", {}).get("cidr") == "0.0.0.0/0"
            for rule in doc["spec"].get("egress", [])
            for peer in rule.get("to", [])
        )
    }
    assert egress_to_internet == {"notify", "intake"}
    store = named(docs, "NetworkPolicy", "store-clients-to-mongodb")
    (selector,) = store["spec"]["podSelector"]["matchExpressions"]
    assert sorted(selector["values"]) == ["cases", "notify"]
