"""Pulling an HTTP JSON feed with a cursor: page after page into intake's feed route.

The checkpoint holds the cursor after the last page intake acknowledged, so a stopped
pull resumes there; the next run of a caught-up feed asks once and files nothing. A
page is mapped like an export's rows (its items are rows; a reject names the cursor
and the item's place in the page).
"""

from __future__ import annotations

from services.intake.domain.export_mapping import ColumnMapping, map_row
from services.intake.service_layer.import_ports import (
    Checkpoint,
    Checkpoints,
    FeedPages,
    FeedSink,
    Progress,
    RejectsLog,
)
from services.intake.service_layer.importing import (
    Batching,
    ImportSummary,
    MappedRow,
    next_batch,
    send_batch,
)


async def pull_feed(
    pages: FeedPages,
    *,
    source: str,
    mapping: ColumnMapping,
    sink: FeedSink,
    checkpoints: Checkpoints,
    rejects: RejectsLog,
    progress: Progress,
    batching: Batching,
    max_pages: int,
) -> ImportSummary:
    start = checkpoints.load() or Checkpoint(position=0, rejects_bytes=0, filed=0, rejected=0)
    rejects.truncate(start.rejects_bytes)
    summary = ImportSummary(
        total=start.position,
        filed=start.filed,
        rejected=start.rejected,
        resumed_at=start.position,
    )
    cursor, seen = start.cursor, start.position
    for _ in range(max_pages):
        page = await pages.fetch(cursor)
        if not page.items:
            break
        where = cursor or "start"
        rows: list[MappedRow] = [
            map_row(mapping, f"{where}#{i}", item, source=source)
            for i, item in enumerate(page.items, start=1)
        ]
        position = 0
        while position < len(rows):
            position, batch, refused = next_batch(rows, position, batching)
            await send_batch(
                batch, refused, mapping=mapping, sink=sink, batching=batching, summary=summary
            )
            rejects.write(refused)
            summary.rejected += len({(r.line, r.source_id) for r in refused})
        seen += len(rows)
        summary.total = seen
        cursor = page.next_cursor or cursor
        checkpoints.save(
            Checkpoint(
                position=seen,
                rejects_bytes=rejects.size(),
                filed=summary.filed,
                rejected=summary.rejected,
                cursor=cursor,
            )
        )
        progress.advance(len(rows))
        if page.next_cursor is None:
            break
    return summary
