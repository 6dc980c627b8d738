"""Taking a report's evidence files: check, strip, store; undo on refusal.

Everything is checked (count, size, sniffed type, image decodable) before anything is
stored, so a refused upload stores nothing. Once stored, a report that is then not
saved (broker away and spool full) removes the files this filing added (`discard_added`):
content addressing means a file another report already holds is never removed. A crash
between storing and publishing can leave an unreferenced file (see docs/runbook.md).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from schemas.reports import EvidenceRef
from services.common.logging import get_logger
from services.intake.domain.errors import ReportNotSaved
from services.intake.domain.evidence import (
    IMAGE_TYPES,
    CheckedUpload,
    EvidenceLimits,
    Upload,
    check_uploads,
)
from services.intake.domain.image_scrub import strip_metadata
from services.intake.service_layer.metrics import EVIDENCE_STORED
from services.intake.service_layer.ports import EvidenceStore

log = get_logger(__name__)


@dataclass(frozen=True)
class StoredEvidence:
    refs: list[EvidenceRef]
    added: list[str]  # the hashes this filing wrote (and may remove again)


def prepared(upload: CheckedUpload, *, keep_location: bool) -> tuple[bytes, bool]:
    """The bytes to keep, and whether they still carry a location."""
    if upload.media_type not in IMAGE_TYPES:
        return upload.data, False
    data = strip_metadata(
        upload.data,
        media_type=upload.media_type,
        filename=upload.filename,
        keep_location=keep_location,
    )
    return data, keep_location


async def store_evidence(
    uploads: Sequence[Upload],
    *,
    limits: EvidenceLimits,
    store: EvidenceStore,
    keep_location: bool,
) -> StoredEvidence:
    """Raise `EvidenceRefused` (nothing stored) or `ReportNotSaved` (nothing left behind)."""
    checked = check_uploads(uploads, limits)
    ready = [(u, *prepared(u, keep_location=keep_location)) for u in checked]
    refs: list[EvidenceRef] = []
    added: list[str] = []
    try:
        for upload, data, location_kept in ready:
            sha256 = hashlib.sha256(data).hexdigest()
            if await store.put(sha256, data):
                added.append(sha256)
            refs.append(
                EvidenceRef(
                    sha256=sha256,
                    media_type=upload.media_type,
                    size=len(data),
                    filename=upload.filename,
                    location_kept=location_kept,
                )
            )
    except OSError as exc:
        log.error("evidence_not_stored", why=str(exc), stored=len(added))
        await discard_added(store, added)
        raise ReportNotSaved("evidence could not be stored") from exc
    EVIDENCE_STORED.inc(len(added))
    return StoredEvidence(refs, added)


async def discard_added(store: EvidenceStore, added: Sequence[str]) -> None:
    for sha256 in added:
        try:
            await store.discard(sha256)
        except OSError as exc:  # the sweep of unreferenced files is the runbook's
            log.error("evidence_orphaned", sha256=sha256, why=str(exc))
