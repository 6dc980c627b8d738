"""The case store, its outbox and its read side in memory (`CaseStore`, `Outbox`, `CaseReads`).

Same semantics as `MongoCaseStore` + `MongoCaseReads`: a duplicate insert is refused,
version-conditioned writes return False when somebody wrote first, a case reads back
assembled with its links and deliveries (`InMemoryFilingLog` writes those), and documents
go in and come out as copies.
"""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Callable, Collection, Sequence
from datetime import UTC, datetime
from typing import Any

from services.cases.adapters.case_assembly import assemble, join_links
from services.cases.adapters.case_documents import case_document, entry_document, state_fields
from services.cases.adapters.mongo_case_store import with_filing
from services.cases.domain.model import CaseState, TimelineEntry
from services.cases.read_models.documents import state_of
from services.cases.service_layer.ports import (
    EVERY_MARK,
    CaseRecord,
    Document,
    PendingOutbox,
    StoredCase,
)

LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)  # marks' time unless a test gives a clock
VIEW_HIDDEN = ("outbox", "notifications", "notes", "rules_fired", "triage_basis")


def without(document: Document, fields: Sequence[str]) -> Document:
    return {k: copy.deepcopy(v) for k, v in document.items() if k not in fields}


class InMemoryCaseStore:
    def __init__(self) -> None:
        self.cases: dict[str, Document] = {}
        self.reports: dict[str, Document] = {}
        self.filings: dict[str, Document] = {}
        self.links: dict[str, Document] = {}
        self.deliveries: dict[str, Document] = {}
        self.overflows: dict[str, Document] = {}
        self.outbox_writes = 0  # how often the relay would have been woken
        self.closed: list[str] = []  # the closures a staff write reported
        self.case_closed: Callable[[str], None] = self.closed.append
        # Like the pending marks: when each case's outbox / move was last made pending.
        self.now: Callable[[], datetime] = lambda: LONG_AGO
        self.marked: dict[str, dict[str, datetime]] = {"outbox": {}, "move": {}}
        self.outbox_written: Callable[[str], None] = lambda case_id: None

    def _mark(self, kind: str, case_id: str) -> None:
        self.marked[kind][case_id] = self.now()

    def _marked_before(self, kind: str, case_id: str, marked_before: datetime) -> bool:
        return self.marked[kind].get(case_id, LONG_AGO) < marked_before

    # -- CaseStore -----------------------------------------------------------------------
    async def get(self, case_id: str) -> StoredCase | None:
        document = self.assembled(case_id)
        if document is None:
            return None
        return StoredCase(
            state=state_of(document),
            assignee=document.get("assignee"),
            summary=document.get("summary"),
            reported_position=document.get("reported_position"),
            reported_agency=document.get("reported_agency"),
        )

    async def version_of(self, case_id: str) -> int | None:
        document = self.cases.get(case_id)
        return int(document["version"]) if document else None

    async def insert_case(
        self, case: CaseState, *, record: CaseRecord, outbox: Sequence[Document]
    ) -> bool:
        if case.case_id in self.cases:
            return False
        document = case_document(case, record=record, outbox=copy.deepcopy(list(outbox)))
        if outbox:
            self._mark("outbox", case.case_id)
        if record.pending_move is not None:
            self._mark("move", case.case_id)
        self.cases[case.case_id] = document
        self.outbox_writes += bool(outbox)
        if outbox:
            self.outbox_written(case.case_id)
        return True

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
        document = self.cases.get(case.case_id)
        if document is None or document["version"] != expected_version:
            return False
        known = document.setdefault("folded_links", [])
        known += [r for r in sorted(set(folded)) if r not in known]
        document.update(copy.deepcopy({**state_fields(case), **(also_set or {})}))
        if entries and not (also_set or {}).get("updated_at"):
            document["updated_at"] = entries[-1].at
        document["timeline"] += [entry_document(e) for e in entries]
        for key, value in (also_push or {}).items():
            document.setdefault(key, []).append(copy.deepcopy(value))
        if outbox:
            document["outbox"] += copy.deepcopy(list(outbox))
            document["outbox_pending"] = True
            self.outbox_writes += 1
            self._mark("outbox", case.case_id)
            self.outbox_written(case.case_id)
        if document.get("move_pending"):
            self._mark("move", case.case_id)
        if document["closed"]:
            self.case_closed(case.case_id)
        return True

    async def push_note(self, case_id: str, note: Document) -> bool:
        document = self.cases.get(case_id)
        if document is None:
            return False
        document["notes"].append(copy.deepcopy(note))
        return True

    async def report(self, report_id: str) -> Document | None:
        found = self.reports.get(report_id)
        if found is None:
            return None
        return copy.deepcopy(with_filing(found, self.filings.get(report_id)))

    async def move_report(self, report_id: str, *, case_id: str) -> None:
        self.filings.setdefault(report_id, {"_id": report_id})["case_id"] = case_id

    async def pending_moves(
        self, limit: int, *, marked_before: datetime = EVERY_MARK
    ) -> list[tuple[str, Document]]:
        waiting = [
            d
            for d in self.cases.values()
            if d.get("move_pending") and self._marked_before("move", d["_id"], marked_before)
        ][:limit]
        return [(d["_id"], copy.deepcopy(d["pending_move"])) for d in waiting]

    async def finish_move(self, case_id: str) -> bool:
        document = self.cases.get(case_id)
        if document is None:
            return False
        document.update(move_pending=False, pending_move=None)
        return True

    # -- Outbox --------------------------------------------------------------------------
    async def pending(
        self, limit: int, *, marked_before: datetime = EVERY_MARK
    ) -> list[PendingOutbox]:
        waiting = [
            d
            for d in self.cases.values()
            if d.get("outbox_pending") and self._marked_before("outbox", d["_id"], marked_before)
        ][:limit]
        return [PendingOutbox(d["_id"], d["version"], copy.deepcopy(d["outbox"])) for d in waiting]

    async def pending_of(self, case_ids: Collection[str]) -> list[PendingOutbox]:
        waiting = [self.cases[c] for c in sorted(case_ids) if c in self.cases]
        return [
            PendingOutbox(d["_id"], d["version"], copy.deepcopy(d["outbox"]))
            for d in waiting
            if d.get("outbox_pending")
        ]

    async def clear(self, case_id: str, *, version: int) -> bool:
        document = self.cases.get(case_id)
        if document is None or document["version"] != version:
            return False
        document.update(outbox=[], outbox_pending=False)
        return True

    # -- CaseReads -----------------------------------------------------------------------
    async def case_document(self, case_id: str) -> Document | None:
        return self.assembled(case_id)

    async def every_case(self) -> AsyncIterator[Document]:
        for case_id in sorted(self.cases):
            yield self.viewed(case_id)

    async def cases_by_id(self, case_ids: Sequence[str]) -> list[Document]:
        return [self.viewed(c) for c in sorted(set(case_ids)) if c in self.cases]

    async def changed_since(self, at: datetime) -> list[Document]:
        return [
            {"_id": c, "version": d["version"], "assignee": d.get("assignee")}
            for c, d in sorted(self.cases.items())
            if d.get("updated_at", at) >= at
        ]

    async def corrected_cases(self) -> list[Document]:
        return [
            document
            for case_id in sorted(self.cases)
            if (document := self.assembled(case_id)) is not None
            and any(e.get("action") == "correct_triage" for e in document.get("timeline", []))
        ]

    async def reports_by_id(self, report_ids: Sequence[str]) -> list[Document]:
        return [
            copy.deepcopy(self.reports[r]) for r in sorted(set(report_ids)) if r in self.reports
        ]

    async def report_by_tracking_code(self, tracking_code: str) -> Document | None:
        for report in self.reports.values():
            if report.get("tracking_code") == tracking_code:
                return copy.deepcopy(with_filing(report, self.filings.get(report["_id"])))
        return None

    # -- the hot path's collections, joined as MongoCaseStore joins them ----------------
    def links_of(self, case_id: str) -> list[Document]:
        return [copy.deepcopy(link) for link in self.links.values() if link["case_id"] == case_id]

    def viewed(self, case_id: str) -> Document:
        """As `MongoCaseReads.every_case` reads it: links joined, the heavy fields left out."""
        return join_links(without(self.cases[case_id], VIEW_HIDDEN), self.links_of(case_id))

    def assembled(self, case_id: str) -> Document | None:
        document = self.cases.get(case_id)
        if document is None:
            return None
        deliveries = [d for d in self.deliveries.values() if d["case_id"] == case_id]
        overflows = [o for o in self.overflows.values() if o["case_id"] == case_id]
        return assemble(
            without(document, ("outbox",)),
            self.links_of(case_id),
            copy.deepcopy(deliveries),
            copy.deepcopy(overflows),
        )

    # -- for tests -----------------------------------------------------------------------
    def document(self, case_id: str) -> dict[str, Any]:
        """The whole stored document, outbox included (what `cases.find_one` returns)."""
        return copy.deepcopy(self.cases[case_id])
