"""deploy/compose.yaml: valid against the Compose specification (../shared/crds), and
wired as docs/operations.md says: three KRaft brokers, a three-member replica set with its
init step, every Netra service health-checked and started after the topics exist."""

from __future__ import annotations

import copy

import yaml

from tests.unit.deploy.manifests import DEPLOY, compose, compose_validator, errors

NETRA = ("intake", "triage", "cases", "notify")


def test_compose_is_valid_against_the_specification() -> None:
    assert errors(compose_validator(), compose()) == []


def test_the_validator_refuses_a_typo() -> None:
    broken = copy.deepcopy(compose())
    broken["services"]["intake"]["helthcheck"] = broken["services"]["intake"].pop("healthcheck")
    assert errors(compose_validator(), broken) != []


def test_three_kraft_brokers_vote_for_each_other() -> None:
    services = compose()["services"]
    brokers = [name for name in services if name.startswith("kafka-")]
    assert brokers == ["kafka-1", "kafka-2", "kafka-3"]
    for name in brokers:
        env = services[name]["environment"]
        assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
        assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == (
            "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093"
        )
        assert env["KAFKA_ADVERTISED_LISTENERS"] == f"PLAINTEXT://{name}:9092"
        assert "healthcheck" in services[name]


def test_the_replica_set_is_initiated_once_its_members_are_healthy() -> None:
    services = compose()["services"]
    members = ["mongo-1", "mongo-2", "mongo-3"]
    init = services["mongo-init"]
    assert {name: c["condition"] for name, c in init["depends_on"].items()} == dict.fromkeys(
        members, "service_healthy"
    )
    script = (DEPLOY / "compose" / "mongo-replica-set.js").read_text(encoding="utf-8")
    for member in members:
        assert "--replSet" in services[member]["command"]
        assert f'"{member}:27017"' in script
    url = services["cases"]["environment"]["MONGODB_URL"]
    assert "replicaSet=rs0" in url and "w=majority" in url and "retryWrites=true" in url


def test_every_netra_service_is_health_checked_and_waits_for_its_dependencies() -> None:
    services = compose()["services"]
    for name in NETRA:
        spec = services[name]
        assert spec["command"] == ["python", "-m", f"services.{name}"]
        probe = " ".join(spec["healthcheck"]["test"])
        assert "/health" in probe or "/ready" in probe
        assert spec["depends_on"]["topics"]["condition"] == "service_completed_successfully"
    for name in ("cases", "notify"):
        init = services[name]["depends_on"]["mongo-init"]
        assert init["condition"] == "service_completed_successfully"
    assert services["devsinks"]["profiles"] == ["dev"]
    assert not [n for n, s in services.items() if n != "devsinks" and "profiles" in s]


def test_mounted_config_files_exist() -> None:
    for name, spec in compose()["services"].items():
        for volume in spec.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith("./"):
                assert (DEPLOY / source).exists(), f"{name}: {source}"


def test_prometheus_scrapes_each_service_on_its_port() -> None:
    config = yaml.safe_load((DEPLOY / "compose" / "prometheus.yml").read_text())
    (netra,) = [job for job in config["scrape_configs"] if job["job_name"] == "netra"]
    targets = {group["labels"]["service"]: group["targets"][0] for group in netra["static_configs"]}
    services = compose()["services"]
    for name in NETRA:
        port = services[name]["environment"][f"{name.upper()}_PORT"]
        assert targets[name] == f"{name}:{port}"
