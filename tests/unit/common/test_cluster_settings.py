"""Settings -> client options: Kafka TLS/SASL for every client, topic layout, Mongo write
concern. What a cluster deployment sets (docs/runbook.md, "Cluster settings") must reach the
clients exactly, and an inconsistent combination must stop start-up with its name."""

from __future__ import annotations

import ssl

import certifi
import pytest
from faststream.kafka.security import parse_security
from pydantic import ValidationError

from services.common.mongo import client_options
from services.common.settings import ServiceSettings

NAMES = (
    "KAFKA_SECURITY_PROTOCOL",
    "KAFKA_SASL_MECHANISM",
    "KAFKA_SASL_USERNAME",
    "KAFKA_SASL_PASSWORD",
    "KAFKA_SSL_CAFILE",
    "NETRA_KAFKA_REPLICATION_FACTOR",
    "NETRA_KAFKA_MIN_INSYNC_REPLICAS",
    "MONGODB_WRITE_CONCERN",
    "KAFKA_BOOTSTRAP_SERVERS",
)


@pytest.fixture(autouse=True)
def no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)


def test_defaults_are_production_topics_and_a_plaintext_local_broker() -> None:
    settings = ServiceSettings()
    assert settings.topic_layout.replication_factor == 3
    assert settings.topic_layout.min_insync_replicas == 2
    assert settings.kafka_connection.client_options() == {
        "bootstrap_servers": ["127.0.0.1:9092"],
        "security_protocol": "PLAINTEXT",
    }
    assert settings.kafka_connection.security() is None


def test_sasl_ssl_with_scram_512_reaches_aiokafka_and_faststream_alike(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "kafka-0:9093,kafka-1:9093")
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("KAFKA_SASL_USERNAME", "netra-cases")
    monkeypatch.setenv("KAFKA_SASL_PASSWORD", "s3cret")
    monkeypatch.setenv("KAFKA_SSL_CAFILE", certifi.where())
    connection = ServiceSettings().kafka_connection
    options = connection.client_options()
    assert isinstance(options.pop("ssl_context"), ssl.SSLContext)
    assert options == {
        "bootstrap_servers": ["kafka-0:9093", "kafka-1:9093"],
        "security_protocol": "SASL_SSL",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": "netra-cases",
        "sasl_plain_password": "s3cret",
    }
    broker_side = parse_security(connection.security())  # what KafkaBroker hands aiokafka
    context = broker_side.pop("ssl_context")
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname
    assert broker_side == {k: v for k, v in options.items() if k != "bootstrap_servers"}
    assert "s3cret" not in repr(connection)


def test_ssl_alone_uses_tls_without_sasl(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SSL")
    connection = ServiceSettings().kafka_connection
    options = connection.client_options()
    assert options["security_protocol"] == "SSL" and "sasl_mechanism" not in options
    assert parse_security(connection.security())["security_protocol"] == "SSL"


def test_sasl_plaintext_with_scram_256(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("KAFKA_SASL_MECHANISM", "SCRAM-SHA-256")
    monkeypatch.setenv("KAFKA_SASL_USERNAME", "u")
    monkeypatch.setenv("KAFKA_SASL_PASSWORD", "p")
    options = ServiceSettings().kafka_connection.client_options()
    assert "ssl_context" not in options
    assert (options["security_protocol"], options["sasl_mechanism"]) == (
        "SASL_PLAINTEXT",
        "SCRAM-SHA-256",
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"KAFKA_SECURITY_PROTOCOL": "SASL_SSL"}, "KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD"),
        ({"KAFKA_SSL_CAFILE": "/etc/ca.pem"}, "KAFKA_SSL_CAFILE"),
        ({"KAFKA_SECURITY_PROTOCOL": "TLS"}, "kafka_security_protocol"),
        ({"KAFKA_SASL_MECHANISM": "GSSAPI"}, "kafka_sasl_mechanism"),
        ({"NETRA_KAFKA_MIN_INSYNC_REPLICAS": "4"}, "NETRA_KAFKA_MIN_INSYNC_REPLICAS=4"),
        ({"NETRA_KAFKA_REPLICATION_FACTOR": "0"}, "netra_kafka_replication_factor"),
    ],
)
def test_inconsistent_settings_stop_start_up_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], named: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=named):
        ServiceSettings()


def test_local_override_of_the_topic_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETRA_KAFKA_REPLICATION_FACTOR", "1")
    monkeypatch.setenv("NETRA_KAFKA_MIN_INSYNC_REPLICAS", "1")
    layout = ServiceSettings().topic_layout
    assert (layout.replication_factor, layout.min_insync_replicas) == (1, 1)


@pytest.mark.parametrize(
    ("url", "setting", "expected"),
    [
        ("mongodb://127.0.0.1:27017/", "auto", {}),
        ("mongodb://a,b,c/?replicaSet=rs0", "auto", {"w": "majority", "retryWrites": True}),
        ("mongodb+srv://netra.example.id/", "auto", {"w": "majority", "retryWrites": True}),
        ("mongodb://127.0.0.1:27017/", "majority", {"w": "majority", "retryWrites": True}),
        ("mongodb://a/?replicaSet=rs0", "acknowledged", {"w": 1}),
        ("mongodb://a/?replicaSet=rs0&w=2", "majority", {}),  # the URL's own w wins
    ],
)
def test_mongo_write_concern_follows_the_replica_set(
    url: str, setting: str, expected: dict[str, object]
) -> None:
    options = client_options(url, setting)  # type: ignore[arg-type]  # parametrized literal
    assert {k: v for k, v in options.items() if k in ("w", "retryWrites")} == expected
    assert options["tz_aware"] is True
