"""Importing an export: every mapped row sent to intake's feed route, resumably.

Rows are sent in batches; after each batch intake acknowledged, the rejects it produced
are written and then the checkpoint saved (both durably), so a run killed anywhere
resumes at the first batch not acknowledged. Sending that batch again is safe: a
report's id follows from (source, source id), so intake files the same report and every
store keeps it once. The second run of a finished file sends nothing at all.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from services.common.logging import get_logger
from services.intake.domain.export_mapping import ColumnMapping, FeedRow, Reject, rejects_of_answer
from services.intake.service_layer.import_ports import (
    Checkpoint,
    Checkpoints,
    FeedSink,
    FeedUnavailable,
    Progress,
    RejectsLog,
)

log = get_logger(__name__)
MappedRow = FeedRow | list[Reject]


@dataclass(frozen=True)
class Batching:
    max_rows: int  # intake takes up to JSON_MAX_ITEMS reports per request
    max_bytes: int  # and bodies up to MAX_BODY_BYTES
    attempts: int  # per batch, while intake is unavailable
    backoff_s: float  # doubled per attempt


@dataclass
class ImportSummary:
    total: int
    filed: int = 0
    rejected: int = 0
    resumed_at: int = 0  # rows a previous run had done
    retries: int = 0
    state: str = ""  # the name of its checkpoint and rejects files


async def import_rows(
    rows: Sequence[MappedRow],
    *,
    mapping: ColumnMapping,
    sink: FeedSink,
    checkpoints: Checkpoints,
    rejects: RejectsLog,
    progress: Progress,
    batching: Batching,
) -> ImportSummary:
    start = checkpoints.load() or Checkpoint(position=0, rejects_bytes=0, filed=0, rejected=0)
    rejects.truncate(start.rejects_bytes)
    summary = ImportSummary(
        total=len(rows), filed=start.filed, rejected=start.rejected, resumed_at=start.position
    )
    progress.advance(start.position)
    position = start.position
    while position < len(rows):
        end, batch, refused = next_batch(rows, position, batching)
        await send_batch(
            batch, refused, mapping=mapping, sink=sink, batching=batching, summary=summary
        )
        rejects.write(refused)
        summary.rejected += len({(r.line, r.source_id) for r in refused})
        checkpoints.save(
            Checkpoint(
                position=end,
                rejects_bytes=rejects.size(),
                filed=summary.filed,
                rejected=summary.rejected,
            )
        )
        progress.advance(end - position)
        position = end
    return summary


def next_batch(
    rows: Sequence[MappedRow], position: int, batching: Batching
) -> tuple[int, list[FeedRow], list[Reject]]:
    """Rows from `position` up to a full batch: the ones to send, and the refused ones."""
    batch: list[FeedRow] = []
    refused: list[Reject] = []
    size = 0
    end = position
    while end < len(rows) and len(batch) < batching.max_rows:
        row = rows[end]
        if isinstance(row, FeedRow):
            row_size = approximate_bytes(row)
            if batch and size + row_size > batching.max_bytes:
                break
            batch.append(row)
            size += row_size
        else:
            refused.extend(row)
        end += 1
    return end, batch, refused


def approximate_bytes(row: FeedRow) -> int:
    """An upper bound of the row's JSON size (escapes at most double a character; 6
    bytes for a \\u escape of a non-ASCII one)."""
    return 64 + sum(len(str(k)) + 6 * len(str(v)) for k, v in row.item.items())


async def send_batch(
    batch: list[FeedRow],
    refused: list[Reject],
    *,
    mapping: ColumnMapping,
    sink: FeedSink,
    batching: Batching,
    summary: ImportSummary,
) -> None:
    """Send until intake answers (bounded retries); its refusals join `refused`."""
    if not batch:
        return
    for attempt in range(batching.attempts):
        try:
            answers = await sink.send([row.item for row in batch])
            break
        except FeedUnavailable as exc:
            if attempt + 1 == batching.attempts:
                raise
            summary.retries += 1
            log.warning("import_batch_retry", attempt=attempt + 1, why=str(exc))
            await asyncio.sleep(batching.backoff_s * 2**attempt)
    for row, answer in zip(batch, answers, strict=True):
        if answer.errors:
            refused.extend(rejects_of_answer(row, answer.errors, mapping))
        else:
            summary.filed += 1
