"""Wires triage from one validated `TriageSettings`."""

from __future__ import annotations

from fastapi import FastAPI

from schemas.routing.files import read_rules
from services.common.app import service_app, start_runtime
from services.common.clock import SystemClock
from services.common.limits import guard_unlimited_inputs
from services.common.publishing import KafkaEventPublisher
from services.triage.adapters.data_files import PACKAGED_DATA_DIR, read_lexicons
from services.triage.adapters.gazetteer_files import read_gazetteer
from services.triage.adapters.training_corpus import read_second_opinion
from services.triage.domain.engine import EngineSettings, TriageEngine
from services.triage.entrypoints.consumer import register
from services.triage.settings import TriageSettings


def build_engine(settings: TriageSettings) -> TriageEngine:
    """The packaged lexicons and gazetteer with the configured rules: the only set in force."""
    lexicons = read_lexicons(PACKAGED_DATA_DIR)
    return TriageEngine(
        lexicons=lexicons,
        rules=read_rules(settings.triage_rules_file),
        resolver=read_gazetteer(PACKAGED_DATA_DIR),
        second_opinion=read_second_opinion(PACKAGED_DATA_DIR, lexicons.normaliser),
        settings=EngineSettings(threshold=settings.triage_review_threshold),
    )


def build_app(settings: TriageSettings) -> FastAPI:
    runtime = start_runtime(settings, service="triage")
    register(
        runtime.broker,
        engine=build_engine(settings),
        publisher=KafkaEventPublisher(runtime.broker),
        clock=SystemClock(),
        batch_max_records=settings.triage_batch_max_records,
        batch_max_wait_ms=settings.triage_batch_max_wait_ms,
        idle_wait_ms=settings.triage_idle_fetch_wait_ms,
        retry=settings.consumer_retry,
    )
    app = service_app(runtime, title="Netra triage")
    # Only ops routes, none with a body: bounded all the same, like every listener.
    guard_unlimited_inputs(app, settings)
    return app
