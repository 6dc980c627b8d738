"""Wires notify from one validated `NotifySettings`: the only place adapters are built."""

from __future__ import annotations

from fastapi import FastAPI

from services.common.app import service_app, start_runtime
from services.common.clock import SystemClock
from services.common.http import ReadinessCheck
from services.common.limits import guard_unlimited_inputs
from services.common.mongo import database, make_client, ping
from services.common.publishing import KafkaEventPublisher
from services.common.secrets import load_secret
from services.notify.adapters.delivery_log import MongoDeliveryLog
from services.notify.adapters.directory_file import FileDirectory
from services.notify.adapters.email import EmailChannel, SmtpServer
from services.notify.adapters.gateway import GatewayChannel
from services.notify.adapters.http_pool import HttpPool
from services.notify.adapters.jinja_renderer import TEMPLATES, JinjaRenderer
from services.notify.adapters.receipt_log import RecentReceipts
from services.notify.adapters.secret_files import SecretFiles
from services.notify.adapters.signed_webhook import StandardWebhookChannel
from services.notify.adapters.webhook import WebhookChannel, WebhookSession
from services.notify.domain.directory import WEBHOOK
from services.notify.domain.plans import ChannelName
from services.notify.entrypoints.consumer import register
from services.notify.entrypoints.dev_sink import sink_router, standard_hooks_router
from services.notify.entrypoints.receipts import receipts_router
from services.notify.service_layer.delivery_ports import OutboundChannel, Renderer
from services.notify.service_layer.notifying import CaseEventNotifier
from services.notify.service_layer.receipts import Receipts, SentMessages
from services.notify.service_layer.recent import RecentDeliveries
from services.notify.settings import NotifySettings


class Outbound:
    """Issue 11's renderer and channels, and the gateway's receipts, built from settings.

    The delivery worker (merged separately) takes `renderer` and `channels`; until then
    only the receipts route is served from here.
    """

    def __init__(self, settings: NotifySettings, clock: SystemClock) -> None:
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
        self.channels: dict[ChannelName, OutboundChannel] = {
            ChannelName.EMAIL: EmailChannel(server=smtp, clock=clock),
            ChannelName.WEBHOOK: StandardWebhookChannel(
                pool=self.pool, secrets=secrets, clock=clock
            ),
            ChannelName.SMS: gateway,
            ChannelName.WHATSAPP: gateway,
        }
        self.receipts = Receipts(sent=self.sent, recorder=RecentReceipts(1_000))


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
    outbound = Outbound(settings, clock)
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

    async def open_clients() -> None:
        await http.open()
        await outbound.pool.open()

    async def close_clients() -> None:
        await http.close()
        await outbound.pool.close()
        await mongo.close()

    app = service_app(
        runtime,
        title="Netra notify",
        on_start=open_clients,
        on_stop=close_clients,
        ready_checks=(ReadinessCheck("store", lambda: ping(mongo)),),
    )
    app.include_router(
        receipts_router(
            receipts=outbound.receipts, callback_secret=outbound.callback_secret, clock=clock
        )
    )
    if settings.is_development:
        app.include_router(sink_router(secret=secret))
        # Reads the secrets the webhook channel made; never makes one for a stray POST.
        known = SecretFiles(directory=settings.notify_webhook_secrets_dir, development=False)
        app.include_router(standard_hooks_router(secret_for=known.secret, clock=clock))
    guard_unlimited_inputs(app, settings)
    return app
