"""Wires intake from one validated `IntakeSettings`."""

from __future__ import annotations

from fastapi import FastAPI
from prometheus_client import REGISTRY

from services.common.app import service_app
from services.common.crypto import load_keyring
from services.common.kafka import make_broker
from services.common.limits import BodySizeLimit
from services.common.logging import configure_logging
from services.common.runtime import BrokerConnection
from services.common.telemetry import configure_tracing
from services.intake.adapters.publisher import ReportPublisher
from services.intake.adapters.spool import Spool
from services.intake.entrypoints import portal
from services.intake.entrypoints.http import IntakeContext, router
from services.intake.settings import IntakeSettings


def build_app(settings: IntakeSettings) -> FastAPI:
    configure_logging(service="intake", level=settings.log_level)
    tracer_provider = configure_tracing(
        service="intake", otlp_endpoint=settings.otel_exporter_otlp_endpoint
    )
    keyring = load_keyring(
        spec=settings.netra_pii_keys,
        dev_key_file=settings.pii_dev_key_file,
        development=settings.is_development,
    )
    broker = make_broker(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        service="intake",
        tracer_provider=tracer_provider,
        registry=REGISTRY,
    )
    connection = BrokerConnection(broker)
    publisher = ReportPublisher(
        broker=broker, spool=Spool(settings.spool_dir), timeout_s=settings.publish_timeout_s
    )

    app = service_app(
        title="Netra intake",
        connection=connection,
        tracer_provider=tracer_provider,
        tasks=(lambda: publisher.drain_forever(settings.spool_drain_interval_s),),
    )
    app.state.intake = IntakeContext(
        publisher=publisher, keyring=keyring, status_base_url=settings.status_base_url
    )
    app.include_router(router)
    app.include_router(portal.router)
    app.add_middleware(BodySizeLimit, limit=settings.max_body_bytes)
    return app
