"""Loading the staff view and reading back the cases events could not describe fully.

Both run in the view's background task (`entrypoints/view_feed.py`), never on the hot
path, and both only read: the store's pages at start-up, then one batch of cases by id
per round.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from services.cases.read_models.ports import CaseReads
from services.cases.read_models.staff_view import StaffView
from services.cases.read_models.view_rows import codes_of, row_from_document

YIELD_EVERY = 500  # rows between giving the event loop to the hot path during the load


async def load(view: StaffView, reads: CaseReads) -> int:
    """Every stored case into the view; then it is warm and plays the events it held."""
    view.loaded = 0
    async for document in reads.every_case():
        view.put(row_from_document(document), codes_of(document))
        view.loaded += 1
        if view.loaded % YIELD_EVERY == 0:
            await asyncio.sleep(0)
    view.finish_loading()
    return view.loaded


async def reconcile(view: StaffView, reads: CaseReads, *, since: datetime) -> int:
    """Mark dirty the cases changed since `since` (one query): what another replica wrote
    without an event (an assignment), or a case whose `case.opened` this replica missed
    (published in the moment between its start and its subscription). `refresh` reads
    them back."""
    stale = [
        d["_id"]
        for d in await reads.changed_since(since)
        if (row := view.rows.get(d["_id"])) is None
        or (row.version, row.assignee) != (d.get("version"), d.get("assignee"))
    ]
    view.dirty.update(stale)  # the hot path's new cases the events brought: not again
    return len(stale)


async def refresh(view: StaffView, reads: CaseReads, *, limit: int) -> int:
    """Read back up to `limit` dirty cases in one query; returns how many were read.

    A case an event touched again while the read was under way stays dirty: what the read
    returned may predate that event."""
    taken = view.take_dirty(limit)
    if not taken:
        return 0
    try:
        documents = await reads.cases_by_id(taken)
    except BaseException:
        view.dirty.update(taken)
        raise
    again = view.dirty.intersection(taken)
    found = {d["_id"] for d in documents}
    for document in documents:
        if document["_id"] not in again:
            view.put(row_from_document(document), codes_of(document))
    for gone in set(taken) - found - again:
        view.drop(gone)  # deleted meanwhile (a split undone)
    return len(taken)
