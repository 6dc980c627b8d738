"""Wires notify from one validated `NotifySettings`."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from prometheus_client import REGISTRY

from services.common.app import service_app
from services.common.kafka import make_broker
from services.common.logging import configure_logging
from services.common.mongo import database, make_client
from services.common.runtime import BrokerConnection
from services.common.secrets import load_secret
from services.common.telemetry import configure_tracing
from services.notify.adapters.deliveries import DeliveryLog
from services.notify.adapters.webhook import WebhookChannel
from services.notify.domain.directory import load_directory
from services.notify.entrypoints.consumer import Notifier, register
from services.notify.entrypoints.dev_sink import sink_router
from services.notify.settings import NotifySettings


def build_app(settings: NotifySettings) -> FastAPI:
    configure_logging(service="notify", level=settings.log_level)
    tracer_provider = configure_tracing(
        service="notify", otlp_endpoint=settings.otel_exporter_otlp_endpoint
    )
    secret = load_secret(
        value=settings.netra_webhook_secret,
        dev_file=settings.webhook_dev_secret_file,
        development=settings.is_development,
        name="NETRA_WEBHOOK_SECRET",
    )
    directory = load_directory(
        settings.notify_directory_file, substitutions={"sink": settings.notify_sink_base_url}
    )
    mongo = make_client(settings.mongodb_url)
    http = httpx.AsyncClient(timeout=settings.webhook_timeout_s)
    broker = make_broker(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        service="notify",
        tracer_provider=tracer_provider,
        registry=REGISTRY,
    )
    webhook = WebhookChannel(
        client=http,
        secret=secret,
        max_attempts=settings.webhook_max_attempts,
        backoff_base_s=settings.webhook_backoff_base_s,
    )
    notifier = Notifier(
        broker=broker,
        directory=directory,
        deliveries=DeliveryLog(database(mongo, settings.mongodb_database)),
        channels={"webhook": webhook},
    )
    register(broker, notifier=notifier, retry_backoff_s=settings.consumer_retry_backoff_s)

    async def close_clients() -> None:
        await http.aclose()
        await mongo.close()

    app = service_app(
        title="Netra notify",
        connection=BrokerConnection(broker),
        tracer_provider=tracer_provider,
        on_stop=close_clients,
    )
    if settings.is_development:
        app.include_router(sink_router(secret=secret))
    return app
