"""Handing staff an evidence file: only from a case they may see, every download on record.

The access log entry (the same log as reporter identity openings, `kind: evidence`) is
written BEFORE the bytes are read: no download goes unrecorded, and a failed log write
is an error, not a file. Ops (metadata only) never gets evidence: photos and recordings
can show who reported.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from services.cases.domain.access import metadata_only
from services.cases.domain.errors import EvidenceNotFound, Forbidden
from services.cases.domain.model import Actor
from services.cases.service_layer.load_save import visible_case
from services.cases.service_layer.ports import AccessLog, CaseStore, EvidenceFiles
from services.common.clock import Clock


@dataclass(frozen=True)
class EvidenceDownload:
    report_id: str
    sha256: str
    media_type: str
    filename: str
    data: bytes


async def _referenced(store: CaseStore, report_ids: list[str], sha256: str) -> tuple[str, Any]:
    for report_id in report_ids:
        report = await store.report(report_id) or {}
        for ref in report.get("evidence") or []:
            if ref.get("sha256") == sha256:
                return report_id, ref
    raise EvidenceNotFound(sha256)


async def download_evidence(
    *,
    store: CaseStore,
    access_log: AccessLog,
    files: EvidenceFiles,
    clock: Clock,
    actor: Actor,
    subject: str,
    case_id: str,
    sha256: str,
    trace_id: str | None,
) -> EvidenceDownload:
    """Raise `CaseNotFound`, `Forbidden`, or `EvidenceNotFound` (not on this case, or gone)."""
    case = (await visible_case(store=store, actor=actor, case_id=case_id)).state
    if metadata_only(actor):
        raise Forbidden(f"{actor.role} sees case metadata only, not evidence")
    report_id, ref = await _referenced(store, [r.report_id for r in case.reports], sha256)
    await access_log.record(
        {
            "_id": str(uuid.uuid4()),
            "kind": "evidence",
            "at": clock.now(),
            "subject": subject,
            "name": actor.name,
            "role": actor.role.value,
            "region": actor.region,
            "agency": actor.agency,
            "case_id": case_id,
            "report_id": report_id,
            "sha256": sha256,
            "trace_id": trace_id,
        }
    )
    data = await files.read(sha256)
    if data is None:
        raise EvidenceNotFound(sha256)
    return EvidenceDownload(report_id, sha256, ref["media_type"], ref["filename"], data)
