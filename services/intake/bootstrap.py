"""Wires intake from one validated `IntakeSettings`: the only place adapters are built."""

from __future__ import annotations

from fastapi import FastAPI

from schemas import topics
from services.common.app import service_app, start_runtime
from services.common.clock import SystemClock
from services.common.crypto import load_keyring
from services.common.limits import BodySizeLimit
from services.common.publishing import KafkaEventPublisher
from services.intake.adapters.file_spool import FileSpool
from services.intake.adapters.kafka_publisher import KafkaReportPublisher
from services.intake.adapters.status_client import HttpStatusSource
from services.intake.entrypoints import http, portal
from services.intake.entrypoints.context import Intake
from services.intake.entrypoints.spool_task import drain_spool_forever
from services.intake.settings import IntakeSettings


def build_app(settings: IntakeSettings) -> FastAPI:
    runtime = start_runtime(settings, service="intake")
    intake = Intake(
        keyring=load_keyring(
            spec=settings.netra_pii_keys,
            dev_key_file=settings.pii_dev_key_file,
            development=settings.is_development,
        ),
        publisher=KafkaReportPublisher(
            KafkaEventPublisher(runtime.broker), topic=topics.REPORTS_RECEIVED
        ),
        spool=FileSpool(settings.spool_dir),
        statuses=HttpStatusSource(
            base_url=settings.status_base_url, timeout_s=settings.status_timeout_s
        ),
        clock=SystemClock(),
        publish_timeout_s=settings.publish_timeout_s,
        status_base_url=settings.status_base_url,
    )
    interval_s = settings.spool_drain_interval_s
    app = service_app(
        runtime,
        title="Netra intake",
        tasks=(lambda: drain_spool_forever(intake, interval_s=interval_s),),
    )
    mount(app, intake, max_body_bytes=settings.max_body_bytes)
    return app


def mount(app: FastAPI, intake: Intake, *, max_body_bytes: int) -> None:
    """Intake's routes on an app; tests mount them over in-memory fakes."""
    app.state.intake = intake
    app.include_router(http.router)
    app.include_router(portal.router)
    app.add_middleware(BodySizeLimit, limit=max_body_bytes)
