"""The case store, telling this process's staff view about every write it makes.

Read-your-writes for the staff member who acted: the queue they return to already shows
their change, without reading the store back (a scan on FerretDB) and without waiting for
the event to come round through Kafka. Other replicas learn it from that event.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from services.cases.domain.model import CaseState, TimelineEntry
from services.cases.read_models.staff_view import StaffView
from services.cases.read_models.view_rows import UNKNOWN_CHANNEL, known_intake, row_from_state
from services.cases.service_layer.ports import (
    EVERY_MARK,
    CaseRecord,
    CaseStore,
    Document,
    StoredCase,
)


class ViewedCaseStore:
    def __init__(self, store: CaseStore, view: StaffView) -> None:
        self.store = store
        self.view = view

    async def get(self, case_id: str) -> StoredCase | None:
        return await self.store.get(case_id)

    async def version_of(self, case_id: str) -> int | None:
        return await self.store.version_of(case_id)

    async def insert_case(
        self, case: CaseState, *, record: CaseRecord, outbox: Sequence[Document]
    ) -> bool:
        inserted = await self.store.insert_case(case, record=record, outbox=outbox)
        if inserted:
            codes = {
                str(m["tracking_code"]): str(m["report_id"])
                for m in record.report_meta
                if m.get("tracking_code")
            }
            known = known_intake(record.report_meta)
            row = row_from_state(case, assignee=None, summary=record.summary, known=known)
            self.view.put(row, codes)
        return inserted

    async def save_change(
        self,
        case: CaseState,
        *,
        expected_version: int,
        entries: Sequence[TimelineEntry],
        outbox: Sequence[Document] = (),
        also_set: Document | None = None,
        also_push: Document | None = None,
        folded: Sequence[str] = (),
    ) -> bool:
        saved = await self.store.save_change(
            case,
            expected_version=expected_version,
            entries=entries,
            outbox=outbox,
            also_set=also_set,
            also_push=also_push,
            folded=folded,
        )
        if saved:
            old = self.view.rows.get(case.case_id)
            fields = also_set or {}
            kept_assignee, summary = (old.assignee, old.summary) if old else (None, None)
            assignee = fields.get("assignee", kept_assignee)
            known = dict(zip(old.report_ids, old.intake, strict=False)) if old else {}
            pushed = (also_push or {}).get("report_meta")
            known |= known_intake([pushed] if isinstance(pushed, dict) else [])
            row = row_from_state(case, assignee=assignee, summary=summary, known=known)
            self.view.put(row)
            if old is None or any(channel == UNKNOWN_CHANNEL for _, channel in row.intake):
                self.view.touched(case.case_id)  # not loaded yet: the rest from the store
        return saved

    async def push_note(self, case_id: str, note: Document) -> bool:
        return await self.store.push_note(case_id, note)

    async def report(self, report_id: str) -> Document | None:
        return await self.store.report(report_id)

    async def move_report(self, report_id: str, *, case_id: str) -> None:
        await self.store.move_report(report_id, case_id=case_id)

    async def pending_moves(
        self, limit: int, *, marked_before: datetime = EVERY_MARK
    ) -> list[tuple[str, Document]]:
        return await self.store.pending_moves(limit, marked_before=marked_before)

    async def finish_move(self, case_id: str) -> bool:
        return await self.store.finish_move(case_id)
