"""Wires the cases service from one validated `CasesSettings`."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI

from services.cases.adapters.deadline_scheduler import DeadlineScheduler
from services.cases.adapters.outbox_relay import OutboxRelay
from services.cases.adapters.repository import CaseRepository
from services.cases.auth import build_verifier
from services.cases.entrypoints import consumer, public, staff_api
from services.cases.entrypoints.staff_errors import install_staff_error_handlers
from services.cases.entrypoints.web.router import web_router
from services.cases.policy import deadline_policy
from services.cases.service import utcnow
from services.cases.settings import CasesSettings
from services.common.app import service_app, start_runtime
from services.common.crypto import load_keyring
from services.common.mongo import database, make_client


def build_app(settings: CasesSettings) -> FastAPI:
    runtime = start_runtime(settings, service="cases")
    broker, connection = runtime.broker, runtime.connection
    # Secrets and configuration first: a missing key or a bad rules file stops start-up.
    verifier = build_verifier(settings)
    keyring = load_keyring(
        spec=settings.netra_pii_keys,
        dev_key_file=settings.pii_dev_key_file,
        development=settings.is_development,
    )
    policy = deadline_policy(settings)
    client = make_client(settings.mongodb_url)
    repo = CaseRepository(database(client, settings.mongodb_database))
    relay = OutboxRelay(repo=repo, broker=broker, poll_interval_s=settings.outbox_poll_interval_s)
    repo.outbox_written = relay.wake
    scheduler = DeadlineScheduler(
        repo=repo,
        policy=policy,
        interval_s=settings.deadline_scan_interval_s,
        lease=timedelta(seconds=settings.deadline_claim_lease_s),
        clock=utcnow,
    )
    intake = consumer.CaseIntake(
        repo=repo,
        election_type=settings.default_election_type,
        wake_relay=relay.wake,
        policy=policy,
    )
    consumer.register(broker, intake=intake, retry_backoff_s=settings.consumer_retry_backoff_s)

    async def close_client() -> None:
        await client.close()

    app = service_app(
        runtime,
        title="Netra cases",
        tasks=(
            lambda: relay.run_forever(connection.ready),
            lambda: scheduler.run_forever(connection.ready),
        ),
        on_start=repo.ensure_indexes,
        on_stop=close_client,
    )
    app.state.repo = repo
    app.state.token_verifier = verifier
    app.state.keyring = keyring
    app.state.deadline_policy = policy
    install_staff_error_handlers(app)
    app.include_router(public.router)
    app.include_router(staff_api.router)
    app.include_router(web_router())
    return app
