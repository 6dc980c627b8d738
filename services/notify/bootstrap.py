"""Wires notify from one validated `NotifySettings`: the only place adapters are built."""

from __future__ import annotations

from fastapi import FastAPI

from services.common.app import service_app, start_runtime
from services.common.clock import SystemClock
from services.common.crypto import load_keyring
from services.common.http import ReadinessCheck
from services.common.limits import guard_unlimited_inputs
from services.common.mongo import database, make_client, ping
from services.common.publishing import KafkaEventPublisher
from services.common.secrets import load_secret
from services.notify.adapters.delivery_log import MongoDeliveryLog
from services.notify.adapters.directory_file import FileDirectory
from services.notify.adapters.keyring_contacts import KeyringContacts
from services.notify.adapters.matrix_file import load_matrix
from services.notify.adapters.unreached_metric import MetricAlarm
from services.notify.adapters.webhook import WebhookChannel, WebhookSession
from services.notify.domain.directory import WEBHOOK
from services.notify.domain.directory_checks import coverage_problems
from services.notify.domain.planning import Planner
from services.notify.entrypoints.consumer import register
from services.notify.entrypoints.dev_sink import sink_router
from services.notify.service_layer.delivery_ports import DeliveryPlanner
from services.notify.service_layer.notifying import CaseEventNotifier
from services.notify.service_layer.planning import MatrixPlanner
from services.notify.service_layer.recent import RecentDeliveries
from services.notify.settings import NotifySettings


class DirectoryIncomplete(RuntimeError):
    """Start-up refused: the directory cannot reach a party the matrix names."""


def build_planner(settings: NotifySettings, directory: FileDirectory) -> MatrixPlanner:
    """Matrix, directory and reporter key, all checked now: a gap refuses to start."""
    matrix = load_matrix(settings.notify_matrix_file)
    if problems := coverage_problems(directory.directory, matrix):
        raise DirectoryIncomplete(
            f"{settings.notify_directory_file}: " + "; ".join(problems) + " (netra directory check)"
        )
    keyring = load_keyring(
        spec=settings.netra_pii_keys,
        dev_key_file=settings.pii_dev_key_file,
        development=settings.is_development,
    )
    return MatrixPlanner(
        Planner(matrix, directory.directory), KeyringContacts(keyring), MetricAlarm()
    )


def build_app(settings: NotifySettings) -> FastAPI:
    runtime = start_runtime(settings, service="notify")
    clock = SystemClock()
    secret = load_secret(
        value=settings.netra_webhook_secret,
        dev_file=settings.webhook_dev_secret_file,
        development=settings.is_development,
        name="NETRA_WEBHOOK_SECRET",
    )
    directory = FileDirectory.load(
        settings.notify_directory_file, substitutions={"sink": settings.notify_sink_base_url}
    )
    planner: DeliveryPlanner = build_planner(settings, directory)
    mongo = make_client(settings.mongodb_url)
    # One kept-alive connection per concurrent send: with fewer, connections are closed
    # and reopened on every batch (measured: the pool's churn dominated notify's CPU).
    http = WebhookSession(
        timeout_s=settings.webhook_timeout_s, max_connections=settings.notify_send_concurrency
    )
    webhook = WebhookChannel(
        client=http,
        secret=secret,
        clock=clock,
        max_attempts=settings.webhook_max_attempts,
        backoff_base_s=settings.webhook_backoff_base_s,
    )
    notifier = CaseEventNotifier(
        directory=directory,
        deliveries=MongoDeliveryLog(database(mongo, settings.mongodb_database)),
        channels={WEBHOOK: webhook},
        publisher=KafkaEventPublisher(runtime.broker),
        clock=clock,
        recent=RecentDeliveries(settings.notify_remembered_deliveries),
        send_concurrency=settings.notify_send_concurrency,
    )
    register(
        runtime.broker,
        notifier=notifier,
        batch_max_records=settings.notify_batch_max_records,
        batch_max_wait_ms=settings.notify_batch_max_wait_ms,
        retry=settings.consumer_retry,
    )

    async def close_clients() -> None:
        await http.close()
        await mongo.close()

    app = service_app(
        runtime,
        title="Netra notify",
        on_start=http.open,
        on_stop=close_clients,
        ready_checks=(ReadinessCheck("store", lambda: ping(mongo)),),
    )
    # The planned-delivery pipeline's consumer (issue 11, helper "deliver") takes it here.
    app.state.delivery_planner = planner
    if settings.is_development:
        app.include_router(sink_router(secret=secret))
    guard_unlimited_inputs(app, settings)
    return app
