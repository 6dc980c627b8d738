"""Wires intake from one validated `IntakeSettings`: the only place adapters are built."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI
from starlette.middleware import Middleware

from schemas import topics
from services.common.app import service_app, start_runtime
from services.common.circuit import BrokerCircuit
from services.common.clock import Clock, SystemClock
from services.common.crypto import load_keyring
from services.common.evidence_files import LocalEvidenceFiles
from services.common.http import ReadinessCheck
from services.common.item_retries import FailingItems
from services.common.limits import guard_inputs, json_limits_of
from services.common.publishing import KafkaEventPublisher
from services.common.rate_limit import RatePolicy, TokenBuckets
from services.common.rate_limit_http import ClientAddress, LimitedRoute
from services.common.secrets import load_secret
from services.common.standard_webhooks import DEFAULT_TOLERANCE
from services.common.supervised import BackgroundTask
from services.intake.adapters.file_part_journal import FilePartJournal
from services.intake.adapters.file_spool import FileSpool
from services.intake.adapters.gateway_media import GatewayMedia
from services.intake.adapters.gateway_replies import HttpGatewayReplies
from services.intake.adapters.kafka_publisher import KafkaReportPublisher
from services.intake.adapters.status_client import HttpStatusSource
from services.intake.domain.evidence import EvidenceLimits
from services.intake.domain.feed_identity import parse_feed_tokens
from services.intake.entrypoints import feeds_http, http, open311, portal
from services.intake.entrypoints.context import Intake
from services.intake.entrypoints.gateway_inbound import inbound_router
from services.intake.entrypoints.hotline_http import hotline_router
from services.intake.entrypoints.inbound_task import file_joined_reports_forever
from services.intake.entrypoints.reports_middleware import ReportsMiddleware
from services.intake.entrypoints.spool_task import drain_spool_forever
from services.intake.service_layer.inbound import InboundDesk, JoinPolicy
from services.intake.service_layer.inbound_replays import RecentWebhookIds
from services.intake.settings import IntakeSettings


def build_app(settings: IntakeSettings) -> FastAPI:
    runtime = start_runtime(settings, service="intake")
    clock = SystemClock()
    intake = Intake(
        keyring=load_keyring(
            spec=settings.netra_pii_keys,
            dev_key_file=settings.pii_dev_key_file,
            development=settings.is_development,
        ),
        publisher=KafkaReportPublisher(
            KafkaEventPublisher(runtime.broker),
            topic=topics.REPORTS_RECEIVED,
            circuit=BrokerCircuit(
                probe=runtime.connection.reachable,
                clock=clock,
                probe_every_s=settings.broker_probe_interval_s,
            ),
        ),
        spool=FileSpool(
            settings.spool_dir,
            max_reports=settings.spool_max_reports,
            max_bytes=settings.spool_max_bytes,
        ),
        statuses=HttpStatusSource(
            base_url=settings.status_base_url, timeout_s=settings.status_timeout_s
        ),
        clock=clock,
        publish_timeout_s=settings.publish_timeout_s,
        status_base_url=settings.status_base_url,
        input_limits=json_limits_of(settings),
        retry_after_s=settings.retry_after_s,
        feeds=parse_feed_tokens(settings.feed_tokens),
        evidence_store=LocalEvidenceFiles(settings.evidence_dir),
        evidence_limits=EvidenceLimits(
            max_files=settings.evidence_max_files,
            max_file_bytes=settings.evidence_max_file_bytes,
        ),
        max_json_bytes=settings.max_body_bytes,
    )
    interval_s = settings.spool_drain_interval_s
    # A report the broker refuses waits from one drain interval up to 5 minutes.
    failing = FailingItems("spool_drain", base_s=interval_s, max_s=300.0)

    desk = inbound_desk(settings, intake)

    async def spool_has_room() -> bool:
        return not intake.spool.is_full()

    app = service_app(
        runtime,
        title="Netra intake",
        tasks=(
            BackgroundTask(
                "spool_drain",
                lambda: drain_spool_forever(intake, interval_s=interval_s, failing=failing),
            ),
            BackgroundTask(
                "inbound_join",
                lambda: file_joined_reports_forever(
                    desk, interval_s=settings.inbound_check_interval_s
                ),
            ),
        ),
        ready_checks=(ReadinessCheck("spool", spool_has_room),),
        inner_middleware=(Middleware(ReportsMiddleware, intake=intake),),
    )
    mount(
        app,
        intake,
        max_body_bytes=settings.upload_body_bytes(),
        limited=limited_routes(settings, clock),
        clients=ClientAddress(settings.trusted_proxies),
    )
    app.include_router(
        inbound_router(
            desk=desk,
            callback_secret=load_secret(
                value=settings.gateway_callback_secret,
                dev_file=settings.gateway_callback_secret_dev_file,
                development=settings.is_development,
                name="GATEWAY_CALLBACK_SECRET",
            ),
            replays=RecentWebhookIds(window=DEFAULT_TOLERANCE, clock=clock),
            clock=clock,
        )
    )
    app.include_router(hotline_router(desk_token=hotline_desk_token(settings)))
    return app


def hotline_desk_token(settings: IntakeSettings) -> str:
    return load_secret(
        value=settings.hotline_desk_token,
        dev_file=settings.hotline_desk_token_dev_file,
        development=settings.is_development,
        name="HOTLINE_DESK_TOKEN",
    )


def inbound_desk(settings: IntakeSettings, intake: Intake) -> InboundDesk:
    """SMS and WhatsApp (issue 12): replies through the gateway, parts in a sealed journal,
    WhatsApp attachments fetched from the gateway into the evidence store."""
    token = load_secret(
        value=settings.gateway_token,
        dev_file=settings.gateway_token_dev_file,
        development=settings.is_development,
        name="GATEWAY_TOKEN",
    )
    return InboundDesk(
        file=intake.file,
        statuses=intake.statuses,
        replies=HttpGatewayReplies(
            base_url=settings.gateway_base_url,
            token=token,
            timeout_s=settings.gateway_timeout_s,
            max_sms_segments=settings.sms_max_segments,
        ),
        journal=FilePartJournal(settings.inbound_parts_dir, keyring=intake.keyring),
        media=GatewayMedia(
            base_url=settings.gateway_base_url, token=token, timeout_s=settings.gateway_timeout_s
        ),
        evidence_limits=intake.evidence_limits,
        senders=TokenBuckets(
            RatePolicy(settings.inbound_rate_per_s, settings.inbound_burst),
            clock=intake.clock,
            max_clients=settings.rate_limit_max_clients,
        ),
        policy=JoinPolicy(quiet_s=settings.inbound_join_quiet_s, max_s=settings.inbound_join_max_s),
        clock=intake.clock,
    )


def limited_routes(settings: IntakeSettings, clock: Clock) -> list[LimitedRoute]:
    """Filing (API and form share one bucket per client) and status lookups."""
    filing = TokenBuckets(
        RatePolicy(settings.filing_rate_per_s, settings.filing_burst),
        clock=clock,
        max_clients=settings.rate_limit_max_clients,
    )
    lookups = TokenBuckets(
        RatePolicy(settings.lookup_rate_per_s, settings.lookup_burst),
        clock=clock,
        max_clients=settings.rate_limit_max_clients,
    )
    return [
        LimitedRoute("POST", "/v1/reports", filing),
        LimitedRoute("POST", "/lapor", filing),
        LimitedRoute("POST", "/open311/v2/requests.json", filing),
        LimitedRoute("POST", "/open311/v2/requests.xml", filing),
        LimitedRoute("GET", "/lacak", lookups),
    ]


def mount(
    app: FastAPI,
    intake: Intake,
    *,
    max_body_bytes: int,
    limited: Sequence[LimitedRoute],
    clients: ClientAddress,
) -> None:
    """Intake's routes on an app; tests mount them over in-memory fakes."""
    app.state.intake = intake
    app.include_router(http.router)
    app.include_router(portal.router)
    app.include_router(feeds_http.router)
    app.include_router(open311.router)
    # JSON shape is checked by the routes themselves, in intake's words (http.py).
    guard_inputs(
        app, max_body_bytes=max_body_bytes, json_limits=None, limited=limited, clients=clients
    )
