"""The triage use case on the recording publisher: one decision and one event per report,
keyed by dedup key; a batch publishes all its events or reports the failure."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

import pytest
from prometheus_client import REGISTRY
from structlog import make_filtering_bound_logger, wrap_logger
from structlog.stdlib import BoundLogger
from structlog.testing import CapturingLogger

from schemas import topics
from schemas.events import REPORT_TRIAGED
from schemas.reports import ReportContent, ReportReceived, SealedReporter
from schemas.triage import Category, ReportTriaged
from services.triage.domain.engine import TriageEngine
from services.triage.entrypoints.consumer import count_decisions
from services.triage.service_layer.triage_report import Received, triage_reports, triaged_event_id
from tests.fakes.clock import FakeClock
from tests.fakes.events import RecordingPublisher
from tests.fakes.triage import engine_with

SOURCE_EVENT = uuid.UUID("0190f5e2-7c4a-7cc0-8a8e-3f6a2b1c9d01")


@pytest.fixture(scope="module")
def engine() -> TriageEngine:
    return engine_with()


def received(
    report_id: str = "R-1", text: str = "kades bagi2 amplop ke warga, titipan paslon no 2"
) -> ReportReceived:
    return ReportReceived(
        report_id=report_id,
        tracking_code="NTR-ABCD-EFGH",
        received_at=datetime(2024, 11, 1, 9, 0, tzinfo=UTC),
        content=ReportContent(channel="sms", text=text, region_code="52.03"),
        reporter=SealedReporter(anonymous=True),
    )


async def triage(
    engine: TriageEngine, publisher: RecordingPublisher, clock: FakeClock, report: ReportReceived
) -> None:
    await triage_reports(
        received=[Received(report, SOURCE_EVENT)],
        engine=engine,
        publisher=publisher,
        clock=clock,
    )


async def test_publishes_the_decision_keyed_by_dedup_key(engine: TriageEngine) -> None:
    publisher, clock = RecordingPublisher(), FakeClock()
    report = received()
    await triage(engine, publisher, clock, report)
    [event] = publisher.on(topics.REPORTS_TRIAGED)
    data = event.envelope.data
    assert isinstance(data, ReportTriaged)
    assert data.report == report
    assert data.decision.category == Category.MONEY_POLITICS
    assert data.decision.routes == ["BAWASLU:52.03", "GAKKUMDU:52.03", "PEMDA:52.03"]
    assert event.key == data.decision.dedup_key
    assert (event.envelope.type, event.envelope.subject) == (REPORT_TRIAGED, "R-1")
    assert event.envelope.time == clock.now()


async def test_a_redelivered_report_yields_the_same_event(engine: TriageEngine) -> None:
    publisher, clock = RecordingPublisher(), FakeClock()
    await triage(engine, publisher, clock, received())
    await triage(engine, publisher, clock, received())
    ids = {p.envelope.id for p in publisher.published}
    assert ids == {triaged_event_id(SOURCE_EVENT)}
    assert len({p.envelope.model_dump_json() for p in publisher.published}) == 1


async def test_copies_of_one_incident_share_the_key(engine: TriageEngine) -> None:
    publisher, clock = RecordingPublisher(), FakeClock()
    await triage(
        engine,
        publisher,
        clock,
        received("R-1", "kades bagi2 amplop ke warga, titipan paslon no 2"),
    )
    await triage(
        engine,
        publisher,
        clock,
        received("R-2", "Kepala desa membagikan amplop dari paslon nomor 2"),
    )
    assert len({p.key for p in publisher.published}) == 1


async def test_a_publish_failure_reaches_the_caller(engine: TriageEngine) -> None:
    """The consumer then retries the message instead of committing it."""
    publisher = RecordingPublisher(fail_with=ConnectionError("broker down"))
    with pytest.raises(ConnectionError):
        await triage(engine, publisher, FakeClock(), received())
    assert publisher.published == []


INCIDENTS = [
    "kades bagi2 amplop ke warga, titipan paslon no 2",
    "Camat hadir dalam kampanye terbuka paslon bupati nomor urut 3",
    "Kepala desa membagikan amplop dari paslon nomor 2",
    "Lurah pasang baliho paslon nomor urut 1 di kantor kelurahan",
]


def batch(count: int) -> list[Received]:
    return [
        Received(
            received(f"R-{n}", INCIDENTS[n % len(INCIDENTS)]), uuid.uuid5(SOURCE_EVENT, str(n))
        )
        for n in range(count)
    ]


async def test_a_batch_decides_every_report_and_publishes_one_event_each_in_order(
    engine: TriageEngine,
) -> None:
    publisher, clock = RecordingPublisher(), FakeClock()
    reports = batch(12)
    decisions = await triage_reports(
        received=reports, engine=engine, publisher=publisher, clock=clock
    )
    published = publisher.on(topics.REPORTS_TRIAGED)
    assert [p.envelope.subject for p in published] == [r.report.report_id for r in reports]
    assert [p.envelope.id for p in published] == [triaged_event_id(r.event_id) for r in reports]
    assert [p.key for p in published] == [d.dedup_key for d in decisions]
    for one, decision in zip(reports, decisions, strict=True):
        assert decision == engine.decide(one.report.content, received_at=one.report.received_at)


async def test_an_empty_batch_publishes_nothing(engine: TriageEngine) -> None:
    publisher = RecordingPublisher()
    assert (
        await triage_reports(received=[], engine=engine, publisher=publisher, clock=FakeClock())
        == []
    )
    assert publisher.published == []


async def test_a_batch_whose_publish_fails_reaches_the_caller(engine: TriageEngine) -> None:
    """Nothing is committed then: the whole batch is read again and re-derives the same events."""
    publisher, clock = RecordingPublisher(fail_with=ConnectionError("broker down")), FakeClock()
    with pytest.raises(ConnectionError):
        await triage_reports(received=batch(5), engine=engine, publisher=publisher, clock=clock)
    await triage_reports(received=batch(5), engine=engine, publisher=publisher, clock=clock)
    assert [p.envelope.id for p in publisher.published] == [
        triaged_event_id(r.event_id) for r in batch(5)
    ]


async def test_each_event_continues_the_trace_of_its_report(engine: TriageEngine) -> None:
    publisher = RecordingPublisher()
    trace = {"traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}
    await triage_reports(
        received=[
            Received(received(), SOURCE_EVENT, trace),
            Received(received("R-2"), SOURCE_EVENT),
        ],
        engine=engine,
        publisher=publisher,
        clock=FakeClock(),
    )
    assert [p.trace for p in publisher.published] == [trace, {}]


def captured(level: int) -> tuple[CapturingLogger, BoundLogger]:
    """A logger that keeps its calls as made, filtering below `level` as configured ones do."""
    lines = CapturingLogger()
    wrapper = make_filtering_bound_logger(level)
    return lines, wrap_logger(lines, processors=[], wrapper_class=wrapper)


def test_each_decision_is_counted_and_logged_at_debug_only(engine: TriageEngine) -> None:
    report = received("R-LOG")
    decision = engine.decide(report.content, received_at=report.received_at)
    labels = {"category": decision.category, "needs_review": str(decision.needs_review)}
    before = REGISTRY.get_sample_value("netra_triage_decisions_total", labels) or 0.0
    lines, logger = captured(logging.DEBUG)
    count_decisions([Received(report, SOURCE_EVENT)], [decision], logger=logger)
    assert REGISTRY.get_sample_value("netra_triage_decisions_total", labels) == before + 1
    [line] = lines.calls
    assert (line.method_name, line.kwargs["event"]) == ("debug", "report_triaged")
    assert line.kwargs["report_id"] == "R-LOG" and line.kwargs["routes"] == decision.routes
    at_info, logger = captured(logging.INFO)
    count_decisions([Received(report, SOURCE_EVENT)], [decision], logger=logger)
    assert at_info.calls == []
