"""How every Kafka client of a process connects: bootstrap servers, TLS and SASL.

One value built from the settings (`ServiceSettings.kafka_connection`) and handed to
whatever opens a connection: the FastStream broker (`security`), and aiokafka's
producers, consumers and admin clients (`client_options`), so no client can be left on
PLAINTEXT while the others authenticate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from aiokafka.helpers import create_ssl_context
from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512

SecurityProtocol = Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"]
SaslMechanism = Literal["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"]

_SASL_SECURITY: dict[SaslMechanism, type[SASLPlaintext | SASLScram256 | SASLScram512]] = {
    "SCRAM-SHA-512": SASLScram512,
    "SCRAM-SHA-256": SASLScram256,
    "PLAIN": SASLPlaintext,
}


class KafkaSecurityError(ValueError):
    """The security settings do not describe a connection that can be opened."""


@dataclass(frozen=True)
class KafkaConnection:
    bootstrap_servers: str
    security_protocol: SecurityProtocol
    sasl_mechanism: SaslMechanism
    sasl_username: str | None
    sasl_password: str | None = field(repr=False)
    ssl_cafile: str | None  # None with TLS: the system's trusted CAs

    def __post_init__(self) -> None:
        if self.uses_sasl and not (self.sasl_username and self.sasl_password):
            raise KafkaSecurityError(
                f"KAFKA_SECURITY_PROTOCOL={self.security_protocol} needs "
                "KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD"
            )
        if self.ssl_cafile and not self.uses_tls:
            raise KafkaSecurityError(
                f"KAFKA_SSL_CAFILE is set but KAFKA_SECURITY_PROTOCOL={self.security_protocol} "
                "does not use TLS (SSL or SASL_SSL)"
            )

    @property
    def servers(self) -> list[str]:
        """`host:port,host:port` as a list: FastStream takes a string as one address."""
        return [s.strip() for s in self.bootstrap_servers.split(",") if s.strip()]

    @property
    def uses_tls(self) -> bool:
        return self.security_protocol in ("SSL", "SASL_SSL")

    @property
    def uses_sasl(self) -> bool:
        return self.security_protocol.startswith("SASL_")

    def client_options(self) -> dict[str, Any]:
        """Keyword arguments for AIOKafkaProducer, AIOKafkaConsumer and AIOKafkaAdminClient."""
        options: dict[str, Any] = {
            "bootstrap_servers": self.servers,
            "security_protocol": self.security_protocol,
        }
        if self.uses_tls:
            options["ssl_context"] = create_ssl_context(cafile=self.ssl_cafile)
        if self.uses_sasl:
            options["sasl_mechanism"] = self.sasl_mechanism
            options["sasl_plain_username"] = self.sasl_username
            options["sasl_plain_password"] = self.sasl_password
        return options

    def security(self) -> BaseSecurity | None:
        """The same, as FastStream's KafkaBroker takes it (`security=`)."""
        context = create_ssl_context(cafile=self.ssl_cafile) if self.uses_tls else None
        if self.uses_sasl:
            assert self.sasl_username is not None and self.sasl_password is not None
            return _SASL_SECURITY[self.sasl_mechanism](
                self.sasl_username, self.sasl_password, ssl_context=context, use_ssl=self.uses_tls
            )
        if self.uses_tls:
            return BaseSecurity(ssl_context=context, use_ssl=True)
        return None


def plaintext(bootstrap_servers: str) -> KafkaConnection:
    """A local broker without TLS or SASL (make run, the test sessions)."""
    return KafkaConnection(bootstrap_servers, "PLAINTEXT", "SCRAM-SHA-512", None, None, None)
