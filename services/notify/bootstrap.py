"""Wires notify from one validated `NotifySettings`: the only place adapters are built."""

from __future__ import annotations

import random

from fastapi import FastAPI
from starlette.middleware import Middleware

from services.common.app import service_app, start_runtime
from services.common.clock import SystemClock
from services.common.crypto import Keyring, load_keyring
from services.common.http import ReadinessCheck
from services.common.limits import guard_unlimited_inputs
from services.common.mongo import database, make_client, ping
from services.common.publishing import KafkaEventPublisher
from services.common.secrets import load_secret
from services.common.supervised import BackgroundTask
from services.notify.adapters.delivery_log import MongoDeliveryLog
from services.notify.adapters.directory_file import FileDirectory
from services.notify.adapters.email import EmailChannel, SmtpServer
from services.notify.adapters.gateway import GatewayChannel
from services.notify.adapters.http_pool import HttpPool
from services.notify.adapters.jinja_renderer import TEMPLATES, JinjaRenderer
from services.notify.adapters.keyring_contacts import KeyringContacts
from services.notify.adapters.matrix_file import load_matrix
from services.notify.adapters.receipt_log import MongoReceiptLog
from services.notify.adapters.secret_files import SecretFiles
from services.notify.adapters.signed_webhook import StandardWebhookChannel
from services.notify.adapters.smtp_sessions import SmtpSessions
from services.notify.adapters.unreached_metric import MetricAlarm
from services.notify.domain.delivery_progress import Backoff
from services.notify.domain.directory_checks import coverage_problems
from services.notify.domain.planning import Planner
from services.notify.domain.plans import ChannelName
from services.notify.entrypoints.admin_api import admin_router
from services.notify.entrypoints.consumer import register
from services.notify.entrypoints.delivery_metrics import COLLECTOR
from services.notify.entrypoints.dev_sink import standard_hooks_router
from services.notify.entrypoints.receipts import ReceiptIntake, ReceiptsMiddleware, receipts_router
from services.notify.service_layer.delivering import DeliveryWorker
from services.notify.service_layer.delivery_intake import DeliveryIntake
from services.notify.service_layer.delivery_lanes import WorkerLimits
from services.notify.service_layer.delivery_ops import DeliveryOps
from services.notify.service_layer.delivery_ports import DeliveryPlanner, OutboundChannel, Renderer
from services.notify.service_layer.delivery_steps import StepWriter
from services.notify.service_layer.planning import MatrixPlanner
from services.notify.service_layer.receipts import ReceiptRecorder, Receipts, SentMessages
from services.notify.service_layer.unsealing import unsealing
from services.notify.settings import NotifySettings


class Outbound:
    """Issue 11's renderer and channels, and the gateway's receipts, built from settings.

    The delivery worker takes `renderer` and `channels` (wrapped so a reporter's sealed
    target is opened right before its send: service_layer/unsealing.py).
    """

    def __init__(
        self, settings: NotifySettings, clock: SystemClock, recorder: ReceiptRecorder
    ) -> None:
        development = settings.is_development
        self.pool = HttpPool(
            timeout_s=max(settings.webhook_timeout_s, settings.gateway_timeout_s),
            max_connections=settings.notify_send_concurrency,
        )
        self.sent = SentMessages(settings.notify_remembered_gateway_messages)
        self.callback_secret = load_secret(
            value=settings.gateway_callback_secret,
            dev_file=settings.gateway_callback_secret_dev_file,
            development=development,
            name="GATEWAY_CALLBACK_SECRET",
        )
        gateway = GatewayChannel(
            pool=self.pool,
            base_url=settings.gateway_base_url,
            token=load_secret(
                value=settings.gateway_token,
                dev_file=settings.gateway_token_dev_file,
                development=development,
                name="GATEWAY_TOKEN",
            ),
            max_sms_segments=settings.sms_max_segments,
            sent=self.sent,
        )
        smtp = SmtpServer(
            host=settings.smtp_host,
            port=settings.smtp_port,
            sender=settings.smtp_from,
            timeout_s=settings.smtp_timeout_s,
            starttls=settings.smtp_starttls,
            username=settings.smtp_username,
            password=settings.smtp_password,
        )
        secrets = SecretFiles(
            directory=settings.notify_webhook_secrets_dir, development=development
        )
        self.renderer: Renderer = JinjaRenderer(TEMPLATES)
        self.email = EmailChannel(
            server=smtp,
            clock=clock,
            sessions=SmtpSessions(messages_per_connection=settings.smtp_messages_per_connection),
        )
        self.channels: dict[ChannelName, OutboundChannel] = {
            ChannelName.EMAIL: self.email,
            ChannelName.WEBHOOK: StandardWebhookChannel(
                pool=self.pool, secrets=secrets, clock=clock
            ),
            ChannelName.SMS: gateway,
            ChannelName.WHATSAPP: gateway,
        }
        self.receipts = Receipts(sent=self.sent, recorder=recorder)


class DirectoryIncomplete(RuntimeError):
    """Start-up refused: the directory cannot reach a party the matrix names."""


def build_planner(
    settings: NotifySettings, directory: FileDirectory, contacts: KeyringContacts
) -> MatrixPlanner:
    """Matrix and directory checked now against each other: a gap refuses to start."""
    matrix = load_matrix(settings.notify_matrix_file)
    if problems := coverage_problems(directory.directory, matrix):
        raise DirectoryIncomplete(
            f"{settings.notify_directory_file}: " + "; ".join(problems) + " (netra directory check)"
        )
    return MatrixPlanner(Planner(matrix, directory.directory), contacts, MetricAlarm())


def load_reporter_keyring(settings: NotifySettings) -> Keyring:
    """The reporter key, loaded once: it opens contacts when planning and when sending,
    and seals reporters' rows in the delivery log."""
    return load_keyring(
        spec=settings.netra_pii_keys,
        dev_key_file=settings.pii_dev_key_file,
        development=settings.is_development,
    )


def build_app(settings: NotifySettings) -> FastAPI:
    runtime = start_runtime(settings, service="notify")
    clock = SystemClock()
    admin_token = load_secret(
        value=settings.notify_admin_token,
        dev_file=settings.notify_admin_dev_token_file,
        development=settings.is_development,
        name="NOTIFY_ADMIN_TOKEN",
    )
    keyring = load_reporter_keyring(settings)
    contacts = KeyringContacts(keyring)
    directory = FileDirectory.load(
        settings.notify_directory_file, substitutions={"sink": settings.notify_sink_base_url}
    )
    mongo = make_client(settings.mongodb_url, write_concern=settings.mongodb_write_concern)
    db = database(mongo, settings.mongodb_database)
    deliveries = MongoDeliveryLog(db, keyring=keyring)
    receipts = MongoReceiptLog(db)  # the gateway's receipts, per delivery
    outbound = Outbound(settings, clock, receipts)
    planner: DeliveryPlanner = build_planner(settings, directory, contacts)
    worker = DeliveryWorker(
        log=deliveries,
        renderer=outbound.renderer,
        channels=unsealing(outbound.channels, contacts),
        steps=StepWriter(deliveries, KafkaEventPublisher(runtime.broker)),
        clock=clock,
        backoff=Backoff(
            first_delay_s=settings.notify_retry_first_delay_s,
            max_delay_s=settings.notify_retry_max_delay_s,
            give_up_after_s=settings.notify_give_up_after_s,
        ),
        limits=WorkerLimits(
            pool_size=settings.notify_send_concurrency,
            per_endpoint=settings.notify_endpoint_concurrency,
            send_timeout_s=settings.notify_attempt_timeout_s,
            failures_to_open=settings.notify_circuit_failures,
            open_for_s=settings.notify_circuit_open_s,
        ),
        jitter=random.random,
    )
    COLLECTOR.bind(worker)
    register(
        runtime.broker,
        intake=DeliveryIntake(planner, deliveries, worker, clock),
        batch_max_records=settings.notify_batch_max_records,
        batch_max_wait_ms=settings.notify_batch_max_wait_ms,
        idle_wait_ms=settings.notify_idle_fetch_wait_ms,
        retry=settings.consumer_retry,
        group_id=settings.notify_consumer_group,
    )

    async def open_clients() -> None:
        await outbound.pool.open()

    async def close_clients() -> None:
        await worker.stop()
        await outbound.email.close()
        await outbound.pool.close()
        await mongo.close()

    app = service_app(
        runtime,
        title="Netra notify",
        tasks=(
            BackgroundTask("deliveries", worker.run),
            BackgroundTask("delivery-steps", worker.steps.run),
        ),
        on_start=open_clients,
        on_stop=close_clients,
        ready_checks=(ReadinessCheck("store", lambda: ping(mongo)),),
        inner_middleware=(
            Middleware(
                ReceiptsMiddleware,
                intake=ReceiptIntake(outbound.receipts, outbound.callback_secret, clock),
            ),
        ),
    )
    app.include_router(
        admin_router(ops=DeliveryOps(worker, deliveries), receipts=receipts, token=admin_token)
    )
    app.include_router(
        receipts_router(
            receipts=outbound.receipts, callback_secret=outbound.callback_secret, clock=clock
        )
    )
    if settings.is_development:
        # Reads the secrets the webhook channel made; never makes one for a stray POST.
        known = SecretFiles(directory=settings.notify_webhook_secrets_dir, development=False)
        app.include_router(standard_hooks_router(secret_for=known.secret, clock=clock))
    guard_unlimited_inputs(app, settings)
    return app
