"""Wires triage from one validated `TriageSettings`."""

from __future__ import annotations

from fastapi import FastAPI

from services.common.app import service_app, start_runtime
from services.triage.domain.engine import TriageEngine
from services.triage.entrypoints.consumer import register
from services.triage.settings import TriageSettings


def build_app(settings: TriageSettings) -> FastAPI:
    runtime = start_runtime(settings, service="triage")
    engine = TriageEngine.load(
        rules_path=settings.triage_rules_file, threshold=settings.triage_review_threshold
    )
    register(runtime.broker, engine=engine, retry_backoff_s=settings.consumer_retry_backoff_s)
    return service_app(runtime, title="Netra triage")
