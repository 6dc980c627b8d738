"""`netra import` on fakes: intake's feed route mounted over in-memory ports, reached by
the real HTTP feed client through ASGI; checkpoints and rejects in memory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from schemas.reports import Channel
from services.intake.adapters.export_files import read_export
from services.intake.adapters.feed_client import HttpFeedSink
from services.intake.adapters.mapping_file import SHIPPED, load_mapping
from services.intake.domain.export_mapping import map_row
from services.intake.entrypoints.context import Intake
from services.intake.service_layer.feed_pull import pull_feed
from services.intake.service_layer.import_ports import FeedRefused, FeedSink, FeedUnavailable
from services.intake.service_layer.importing import Batching, ImportSummary, MappedRow, import_rows
from tests.exports import form_a1_rows, write_csv
from tests.fakes.clock import FakeClock
from tests.fakes.importing import (
    CountingProgress,
    DyingSink,
    FakeFeedPages,
    MemoryCheckpoints,
    MemoryRejects,
    ProcessKilled,
)
from tests.fakes.intake import FakeReportPublisher
from tests.service.intake.conftest import FEED_SOURCE, FEED_TOKEN, intake_app

MAPPING = load_mapping(SHIPPED)
BATCHING = Batching(max_rows=10, max_bytes=56 * 1024, attempts=3, backoff_s=0)


@pytest.fixture
async def sink(intake: Intake) -> AsyncIterator[HttpFeedSink]:
    transport = httpx.ASGITransport(app=intake_app(intake, clock=FakeClock()))
    async with httpx.AsyncClient(transport=transport, base_url="http://intake") as client:
        yield HttpFeedSink(client, intake_url="http://intake", token=FEED_TOKEN, source=FEED_SOURCE)


def mapped(path: Path) -> list[MappedRow]:
    table = read_export(path, encoding="utf-8-sig")
    return [
        map_row(MAPPING, line, row, source=FEED_SOURCE) if isinstance(row, dict) else [row]
        for line, row in table.rows
    ]


async def run(
    rows: list[MappedRow], sink: FeedSink, checkpoints: MemoryCheckpoints, rejects: MemoryRejects
) -> ImportSummary:
    return await import_rows(
        rows,
        mapping=MAPPING,
        sink=sink,
        checkpoints=checkpoints,
        rejects=rejects,
        progress=CountingProgress(),
        batching=BATCHING,
    )


async def test_every_row_is_filed_as_the_feed_and_a_second_run_files_nothing(
    tmp_path: Path, sink: HttpFeedSink, publisher: FakeReportPublisher
) -> None:
    rows = mapped(write_csv(tmp_path / "a1.csv", form_a1_rows(35)))
    checkpoints, rejects = MemoryCheckpoints(), MemoryRejects()
    first = await run(rows, sink, checkpoints, rejects)
    assert (first.filed, first.rejected, first.total) == (35, 0, 35)
    contents = [e.data.content for e in publisher.published]
    assert {c.channel for c in contents} == {Channel.BAWASLU_FEED}
    assert {c.source for c in contents} == {FEED_SOURCE}
    assert sorted(c.source_id for c in contents if c.source_id) == [
        f"A1-2026-{n:06d}" for n in range(35)
    ]
    second = await run(rows, sink, checkpoints, rejects)
    assert len(publisher.published) == 35 and second.resumed_at == 35


async def test_without_its_checkpoint_a_run_again_files_the_same_reports_not_new_ones(
    tmp_path: Path, sink: HttpFeedSink, publisher: FakeReportPublisher
) -> None:
    rows = mapped(write_csv(tmp_path / "a1.csv", form_a1_rows(12)))
    await run(rows, sink, MemoryCheckpoints(), MemoryRejects())
    await run(rows, sink, MemoryCheckpoints(), MemoryRejects())
    ids = [e.data.report_id for e in publisher.published]
    codes = {e.data.report_id: e.data.tracking_code for e in publisher.published}
    assert len(ids) == 24 and len(set(ids)) == 12  # sent twice, but the same 12 reports
    assert all(codes[e.data.report_id] == e.data.tracking_code for e in publisher.published)


async def test_a_run_killed_after_an_acknowledged_batch_resumes_and_ends_with_exactly_n(
    tmp_path: Path, sink: HttpFeedSink, publisher: FakeReportPublisher
) -> None:
    rows = mapped(write_csv(tmp_path / "a1.csv", form_a1_rows(47)))
    checkpoints, rejects = MemoryCheckpoints(), MemoryRejects()
    with pytest.raises(ProcessKilled):
        await run(rows, DyingSink(sink, die_after=3), checkpoints, rejects)
    assert [c.position for c in checkpoints.saved] == [10, 20]
    resumed = await run(rows, sink, checkpoints, rejects)
    assert resumed.resumed_at == 20 and resumed.filed == 47
    assert len({e.data.report_id for e in publisher.published}) == 47


async def test_intake_away_for_a_while_is_waited_for_and_then_refused_cleanly(
    tmp_path: Path, sink: HttpFeedSink, publisher: FakeReportPublisher
) -> None:
    rows = mapped(write_csv(tmp_path / "a1.csv", form_a1_rows(5)))
    summary = await run(rows, DyingSink(sink, away=2), MemoryCheckpoints(), MemoryRejects())
    assert summary.filed == 5 and summary.retries == 2
    checkpoints = MemoryCheckpoints()
    with pytest.raises(FeedUnavailable):
        await run(rows, DyingSink(sink, away=3), checkpoints, MemoryRejects())
    assert checkpoints.load() is None


async def test_bad_rows_go_to_the_rejects_named_by_line_column_and_reason(
    tmp_path: Path, sink: HttpFeedSink, publisher: FakeReportPublisher
) -> None:
    good = form_a1_rows(3)
    bad = [
        {**good[0], "nomor_laporan": ""},
        {**good[0], "nomor_laporan": "X-1", "uraian_kejadian": "pendek"},
        {**good[0], "nomor_laporan": "X-2", "tanggal_kejadian": "31/02/2026"},
        {**good[0], "nomor_laporan": "X-3", "telepon_pelapor": "not a phone"},
    ]
    rows = mapped(write_csv(tmp_path / "a1.csv", [*good, *bad]))
    rejects = MemoryRejects()
    summary = await run(rows, sink, MemoryCheckpoints(), rejects)
    assert (summary.filed, summary.rejected) == (3, 4)
    assert len(publisher.published) == 3
    text = "".join(rejects.lines)
    assert "5,,nomor_laporan,empty" in text
    assert "6,X-1,uraian_kejadian+ringkasan (text)," in text
    assert "7,X-2,tanggal_kejadian,'31/02/2026' is not a date" in text
    assert "8,X-3,telepon_pelapor (reporter.phone)," in text


async def test_a_resumed_run_keeps_the_rejects_the_checkpoint_counted_and_no_more(
    tmp_path: Path, sink: HttpFeedSink
) -> None:
    rows_in = form_a1_rows(30)
    for n in (3, 14, 25):
        rows_in[n]["uraian_kejadian"] = "pendek"
    rows = mapped(write_csv(tmp_path / "a1.csv", rows_in))
    checkpoints, rejects = MemoryCheckpoints(), MemoryRejects()
    with pytest.raises(ProcessKilled):
        await run(rows, DyingSink(sink, die_after=2), checkpoints, rejects)
    await run(rows, sink, checkpoints, rejects)
    assert [line.split(",")[0] for line in rejects.lines] == ["5", "16", "27"]


async def test_a_token_of_another_feed_is_refused_by_the_client(intake: Intake) -> None:
    transport = httpx.ASGITransport(app=intake_app(intake, clock=FakeClock()))
    async with httpx.AsyncClient(transport=transport) as client:
        wrong_source = HttpFeedSink(client, intake_url="http://i", token=FEED_TOKEN, source="x.y")
        with pytest.raises(FeedRefused, match="belongs to feed"):
            await wrong_source.send([{"source_id": "1", "text": "Camat kampanye paslon 2"}])
        no_token = HttpFeedSink(client, intake_url="http://i", token="nope", source=FEED_SOURCE)
        with pytest.raises(FeedRefused, match="401"):
            await no_token.send([{"source_id": "1", "text": "Camat kampanye paslon 2"}])


async def test_a_pulled_feed_resumes_from_its_cursor_and_files_each_item_once(
    sink: HttpFeedSink, publisher: FakeReportPublisher
) -> None:
    pages = FakeFeedPages(items=list(form_a1_rows(23)), page_size=10)
    checkpoints, rejects = MemoryCheckpoints(), MemoryRejects()

    async def pull(feed_sink: FeedSink) -> ImportSummary:
        return await pull_feed(
            pages,
            source=FEED_SOURCE,
            mapping=MAPPING,
            sink=feed_sink,
            checkpoints=checkpoints,
            rejects=rejects,
            progress=CountingProgress(),
            batching=BATCHING,
            max_pages=100,
        )

    with pytest.raises(ProcessKilled):
        await pull(DyingSink(sink, die_after=2))  # page 2 acknowledged, its checkpoint not saved
    await pull(sink)
    assert [c.cursor for c in checkpoints.saved] == ["10", "20", "23"]
    assert len({e.data.report_id for e in publisher.published}) == 23
    sent = len(publisher.published)
    await pull(sink)  # caught up: one question, nothing filed
    assert pages.asked[-1] == "23" and len(publisher.published) == sent
