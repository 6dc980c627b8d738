"""The two steps every staff use case shares: load a case the actor may see, save a change."""

from __future__ import annotations

from services.cases.domain.access import can_view
from services.cases.domain.errors import CaseNotFound, VersionConflict
from services.cases.domain.model import Actor, CaseState
from services.cases.service_layer.ports import CaseStore, Document, StoredCase


async def visible_case(*, store: CaseStore, actor: Actor, case_id: str) -> StoredCase:
    """A case the actor may not see raises `CaseNotFound`, exactly like one that does not exist."""
    stored = await store.get(case_id)
    if stored is None or not can_view(actor, stored.state):
        raise CaseNotFound(case_id)
    return stored


async def save(
    store: CaseStore,
    old: CaseState,
    new: CaseState,
    *,
    outbox: list[Document] | None = None,
    also_set: Document | None = None,
    also_push: Document | None = None,
) -> None:
    saved = await store.save_change(
        new,
        expected_version=old.version,
        entries=new.timeline[len(old.timeline) :],
        outbox=outbox or [],
        also_set=also_set,
        also_push=also_push,
        folded=[r.report_id for r in (*old.reports, *new.reports)],
    )
    if not saved:
        current = await store.version_of(old.case_id)
        raise VersionConflict(old.case_id, old.version, current)
