"""Filing a report: seal, publish or spool, answer with a receipt. Every channel takes this path.

The receipt means the report is safe: the broker acknowledged it, or it sits durably
in the spool for `drain_spool` to publish later. Anything else raises `ReportNotSaved`
(`SpoolAtCapacity` when the spool is full): a report is refused, never silently lost.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from schemas.reports import DeskFiling, EvidenceRef, ReportSubmission
from services.common.clock import Clock
from services.common.crypto import Keyring
from services.common.logging import get_logger
from services.intake.domain.errors import ReportNotSaved, SpoolAtCapacity
from services.intake.domain.receipt import AcceptedVia, Receipt, receipt_for
from services.intake.domain.report import ReceivedEvent, receive
from services.intake.service_layer.metrics import ACCEPTED, REFUSED, SPOOL_DEPTH
from services.intake.service_layer.ports import ReportPublisher, Spool, SpoolFull

log = get_logger(__name__)


async def file_report(
    submission: ReportSubmission,
    *,
    keyring: Keyring,
    publisher: ReportPublisher,
    spool: Spool,
    clock: Clock,
    publish_timeout_s: float,
    status_base_url: str,
    evidence: Sequence[EvidenceRef] = (),
    filed_by: DeskFiling | None = None,
) -> Receipt:
    event = receive(
        submission, keyring=keyring, now=clock.now(), evidence=evidence, filed_by=filed_by
    )
    return await accept(
        event,
        publisher=publisher,
        spool=spool,
        publish_timeout_s=publish_timeout_s,
        status_base_url=status_base_url,
    )


async def accept(
    event: ReceivedEvent,
    *,
    publisher: ReportPublisher,
    spool: Spool,
    publish_timeout_s: float,
    status_base_url: str,
) -> Receipt:
    """Publish, or keep in the spool when the broker does not take it in time."""
    try:
        await asyncio.wait_for(publisher.publish(event), timeout=publish_timeout_s)
        accepted_via: AcceptedVia = "published"
    except Exception as exc:
        keep_in_spool(event, spool, why=type(exc).__name__)
        accepted_via = "spooled"
    path = "kafka" if accepted_via == "published" else "spool"
    ACCEPTED.labels(channel=event.data.content.channel.value, path=path).inc()
    return receipt_for(event.data, accepted_via=accepted_via, status_base_url=status_base_url)


def keep_in_spool(event: ReceivedEvent, spool: Spool, *, why: str) -> None:
    try:
        spool.put(event)
    except SpoolFull as exc:
        REFUSED.labels(why="spool_full").inc()
        log.error("report_refused_spool_full", why=why, spooled=len(spool))
        raise SpoolAtCapacity(event.data.report_id) from exc
    except OSError as exc:
        REFUSED.labels(why="spool_error").inc()
        log.error("report_not_saved", report_id=event.data.report_id, why=str(exc))
        raise ReportNotSaved(event.data.report_id) from exc
    SPOOL_DEPTH.set(len(spool))
    log.warning("report_spooled", report_id=event.data.report_id, why=why)
