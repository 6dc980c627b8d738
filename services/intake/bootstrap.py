"""Wires intake from one validated `IntakeSettings`."""

from __future__ import annotations

from fastapi import FastAPI

from services.common.app import service_app, start_runtime
from services.common.crypto import load_keyring
from services.common.limits import BodySizeLimit
from services.intake.adapters.publisher import ReportPublisher
from services.intake.adapters.spool import Spool
from services.intake.entrypoints import portal
from services.intake.entrypoints.http import IntakeContext, router
from services.intake.settings import IntakeSettings


def build_app(settings: IntakeSettings) -> FastAPI:
    runtime = start_runtime(settings, service="intake")
    keyring = load_keyring(
        spec=settings.netra_pii_keys,
        dev_key_file=settings.pii_dev_key_file,
        development=settings.is_development,
    )
    publisher = ReportPublisher(
        broker=runtime.broker, spool=Spool(settings.spool_dir), timeout_s=settings.publish_timeout_s
    )

    app = service_app(
        runtime,
        title="Netra intake",
        tasks=(lambda: publisher.drain_forever(settings.spool_drain_interval_s),),
    )
    app.state.intake = IntakeContext(
        publisher=publisher, keyring=keyring, status_base_url=settings.status_base_url
    )
    app.include_router(router)
    app.include_router(portal.router)
    app.add_middleware(BodySizeLimit, limit=settings.max_body_bytes)
    return app
