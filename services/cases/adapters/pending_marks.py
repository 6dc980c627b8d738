"""What the relay's and the move recovery's timer rounds read instead of the cases: one
small document per pending outbox or half-done move (`pending_work`).

On FerretDB 1.x every query of `cases` is a scan of all cases, whatever its filter, so a
pass asking "which cases have `outbox_pending`?" cost ~5 s of store CPU at 20,000 cases,
every minute, with nothing pending. A mark is inserted (cheap everywhere) BEFORE the case
write that makes the work pending and deleted after the write that completes it, so a
case that has work pending always has a mark; a mark without work (its write failed, or
the deletion did) is dropped once older than `STALE_AFTER`, long after any write that
could still make it true has ended. The collection holds only what is pending right now,
so reading it is cheap even as a scan.

A case written before marks existed has no mark: a process's first pass of each kind
sweeps `cases` for the flag (a scan). Once a sweep has completed on a store, or the store
was set up with no case in it, every case there was written by code that marks, so the
sweep is recorded (`swept:<kind>`, kind `swept`) and no later process repeats it: at
100,000 cases each sweep was minutes of the store's CPU after every start.

Marks carry the case version of the write that made them: completing work at version v
deletes the marks up to v only, so a newer write's mark, inserted meanwhile, survives.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Literal

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.cases.service_layer.ports import Document

PENDING_WORK = "pending_work"
STALE_AFTER = timedelta(minutes=10)  # far beyond a write's attempts (write_slots.py)
Kind = Literal["outbox", "move"]
KINDS: tuple[Kind, ...] = ("outbox", "move")
SWEPT = "swept"  # the kind of the documents recording a completed sweep


class PendingMarks:
    def __init__(self, db: AsyncDatabase[Document], *, now: Callable[[], datetime]) -> None:
        self.marks = db[PENDING_WORK]
        self.now = now

    async def mark(self, kind: Kind, case_id: str, *, version: int) -> None:
        with contextlib.suppress(DuplicateKeyError):  # the same write tried again
            await self.marks.insert_one(
                {
                    "_id": f"{kind}:{case_id}:{version}",
                    "kind": kind,
                    "case_id": case_id,
                    "version": version,
                    "at": self.now(),
                }
            )

    async def marked(self, kind: Kind) -> dict[str, datetime]:
        """Case id -> its newest mark's time, for every case marked for `kind`."""
        newest: dict[str, datetime] = {}
        async for mark in self.marks.find({"kind": kind}, {"case_id": 1, "at": 1}):
            case_id, at = str(mark["case_id"]), mark["at"]
            newest[case_id] = max(at, newest.get(case_id, at))
        return newest

    async def swept(self) -> set[Kind]:
        """The kinds whose sweep of `cases` some process completed on this store."""
        found = self.marks.find({"kind": SWEPT}, {"of": 1})
        return {kind async for mark in found for kind in KINDS if mark.get("of") == kind}

    async def record_swept(self, kind: Kind) -> None:
        with contextlib.suppress(DuplicateKeyError):  # another process recorded it first
            await self.marks.insert_one(
                {"_id": f"{SWEPT}:{kind}", "kind": SWEPT, "of": kind, "at": self.now()}
            )

    async def done(self, kind: Kind, case_id: str, *, up_to_version: int) -> None:
        await self.marks.delete_many(
            {"kind": kind, "case_id": case_id, "version": {"$lte": up_to_version}}
        )

    async def drop_stale(self, kind: Kind, marked: dict[str, datetime], busy: set[str]) -> None:
        """Marks of cases with nothing pending, old enough that no write can still be on
        its way (see the module docstring)."""
        limit = self.now() - STALE_AFTER
        stale = [case_id for case_id, at in marked.items() if case_id not in busy and at < limit]
        if stale:
            await self.marks.delete_many(
                {"kind": kind, "case_id": {"$in": stale}, "at": {"$lt": limit}}
            )
