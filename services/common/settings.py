"""Settings every service shares; each service subclasses with its own fields.

Only these classes read the environment: services receive one validated instance.
"""

from __future__ import annotations

import ipaddress
from typing import Annotated, Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from services.common.failures import RetryPolicy
from services.common.kafka_connection import KafkaConnection, SaslMechanism, SecurityProtocol
from services.common.mongo import WriteConcernSetting
from services.common.topic_layout import TopicLayout

Environment = Literal["development", "test", "production"]


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", frozen=True)

    netra_env: Environment = "development"
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    # Kafka security (services/common/kafka_connection.py), for every client of the process.
    kafka_security_protocol: SecurityProtocol = "PLAINTEXT"
    kafka_sasl_mechanism: SaslMechanism = "SCRAM-SHA-512"
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_ssl_cafile: str | None = None
    # Topics as the topic step creates and checks them (services/common/topics_admin.py):
    # production defaults, a three-broker cluster; the local stack sets 1 and 1.
    netra_kafka_replication_factor: int = Field(default=3, ge=1)
    netra_kafka_min_insync_replicas: int = Field(default=2, ge=1)
    # TLS and authentication go in the URL (tls=true, tlsCAFile=..., user:password@,
    # authSource=...). Write concern: `auto` is majority with retryable writes when the
    # URL names a replica set (replicaSet=... or mongodb+srv://), the server's default else.
    mongodb_url: str = "mongodb://127.0.0.1:27017/"
    mongodb_write_concern: WriteConcernSetting = "auto"
    mongodb_database: str = "netra"
    http_host: str = "127.0.0.1"
    log_level: str = "INFO"
    otel_exporter_otlp_endpoint: str | None = None
    # Consumers (services/common/failures.py): a handler error that is neither poison nor a
    # dependency outage is tried this many times with the message alone, then dead-lettered;
    # every retry waits base * 2^(n-1), capped, half of it jitter.
    consumer_max_attempts: int = Field(default=3, ge=1, le=100)
    consumer_retry_backoff_s: float = Field(default=1.0, ge=0.0)
    consumer_retry_backoff_max_s: float = Field(default=30.0, ge=0.0)
    # How long the producer may hold an event to send it with others: fewer, larger
    # produce requests (the broker's CPU is per request) for at most this much latency.
    kafka_linger_ms: int = Field(default=20, ge=0, le=1_000)
    # Repeated log lines, per cause: this many per window pass, then one summary line.
    log_repeats_per_window: int = Field(default=20, ge=1)
    log_repeat_window_s: float = Field(default=10.0, gt=0)
    # Every HTTP listener (services/common/limits.py): the body's size, read before any
    # parsing, and the shape of a JSON body (json_limits.py). Intake's largest body, a
    # report, nests 2 levels and has 17 fields; its `text` allows 20,000 characters.
    max_body_bytes: int = Field(default=64 * 1024, gt=0)
    json_max_depth: int = Field(default=16, ge=2)
    json_max_string_chars: int = Field(default=20_000, ge=1)
    json_max_items: int = Field(default=64, ge=1)
    # Each /ready check (Kafka metadata ping, store ping, ...) answers within this or is down.
    ready_check_timeout_s: float = Field(default=2.0, gt=0, le=30)
    # Per-client token buckets (rate_limit.py) remember at most this many clients.
    rate_limit_max_clients: int = Field(default=100_000, ge=1)
    # Peers whose X-Forwarded-For names the client and whose X-Forwarded-Proto says the
    # request came over TLS (IPs or CIDRs, comma-separated); nobody else is believed.
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = ()
    # The cyclic collector's view of long-lived state (services/common/heap.py): what
    # survived is frozen at start, after large loads and every this many seconds (0: at
    # start and after loads only).
    gc_settle_interval_s: float = Field(default=300.0, ge=0)
    # Net new container objects between two young collections (CPython's default: 700).
    # In flight, a batch holds thousands of objects that die within a batch period; at 700
    # the collector walked them many times over and promoted them, which set off full
    # collections (docs/decisions.md, "The young collections, ..." (session 21)).
    gc_young_threshold: int = Field(default=50_000, ge=100, le=1_000_000)

    @property
    def consumer_retry(self) -> RetryPolicy:
        return RetryPolicy(
            max_attempts=self.consumer_max_attempts,
            backoff_base_s=self.consumer_retry_backoff_s,
            backoff_max_s=max(self.consumer_retry_backoff_s, self.consumer_retry_backoff_max_s),
        )

    @property
    def kafka_connection(self) -> KafkaConnection:
        password = self.kafka_sasl_password
        return KafkaConnection(
            bootstrap_servers=self.kafka_bootstrap_servers,
            security_protocol=self.kafka_security_protocol,
            sasl_mechanism=self.kafka_sasl_mechanism,
            sasl_username=self.kafka_sasl_username,
            sasl_password=password.get_secret_value() if password is not None else None,
            ssl_cafile=self.kafka_ssl_cafile,
        )

    @property
    def topic_layout(self) -> TopicLayout:
        return TopicLayout(
            replication_factor=self.netra_kafka_replication_factor,
            min_insync_replicas=self.netra_kafka_min_insync_replicas,
        )

    @property
    def is_development(self) -> bool:
        return self.netra_env != "production"

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(p.strip() for p in value.split(",") if p.strip())
        return value

    @model_validator(mode="after")
    def _kafka_settings_consistent(self) -> Self:
        self.kafka_connection  # noqa: B018 - raises KafkaSecurityError (a ValueError) if not
        self.topic_layout  # noqa: B018 - likewise
        return self

    @model_validator(mode="after")
    def _environment_named_when_listening_beyond_localhost(self) -> Self:
        """The development default invents keys: never on an address others can reach."""
        if "netra_env" not in self.model_fields_set and not is_loopback(self.http_host):
            raise ValueError(
                f"HTTP_HOST={self.http_host} listens beyond this machine, so NETRA_ENV must "
                "be set explicitly (production; development or test only on purpose)"
            )
        return self


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name may resolve anywhere
