"""Wires triage from one validated `TriageSettings`."""

from __future__ import annotations

from fastapi import FastAPI
from prometheus_client import REGISTRY

from services.common.app import service_app
from services.common.kafka import make_broker
from services.common.logging import configure_logging
from services.common.runtime import BrokerConnection
from services.common.telemetry import configure_tracing
from services.triage.domain.engine import TriageEngine
from services.triage.entrypoints.consumer import register
from services.triage.settings import TriageSettings


def build_app(settings: TriageSettings) -> FastAPI:
    configure_logging(service="triage", level=settings.log_level)
    tracer_provider = configure_tracing(
        service="triage", otlp_endpoint=settings.otel_exporter_otlp_endpoint
    )
    engine = TriageEngine.load(
        rules_path=settings.triage_rules_file, threshold=settings.triage_review_threshold
    )
    broker = make_broker(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        service="triage",
        tracer_provider=tracer_provider,
        registry=REGISTRY,
    )
    register(broker, engine=engine, retry_backoff_s=settings.consumer_retry_backoff_s)
    return service_app(
        title="Netra triage", connection=BrokerConnection(broker), tracer_provider=tracer_provider
    )
