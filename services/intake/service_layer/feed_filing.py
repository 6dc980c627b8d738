"""Filing a report a feed sent: the same accept path, under ids derived from its source.

No read anywhere: the derived report id makes a repeated row the same report, which the
spool (file per report id), Kafka (key = report id) and the cases store (`_id` = report
id, insert-only) each keep once (docs/decisions.md, "Feed imports: idempotent without
reads").
"""

from __future__ import annotations

from schemas.reports import ReportSubmission
from services.common.clock import Clock
from services.common.crypto import Keyring
from services.intake.domain.feed_identity import feed_report_id, feed_tracking_code
from services.intake.domain.receipt import Receipt
from services.intake.domain.report import receive_as
from services.intake.service_layer.filing import accept
from services.intake.service_layer.ports import ReportPublisher, Spool


class NotAFeedReport(ValueError):
    """Only a submission with its source and source id set may be filed as a feed's."""


async def file_feed_report(
    submission: ReportSubmission,
    *,
    keyring: Keyring,
    publisher: ReportPublisher,
    spool: Spool,
    clock: Clock,
    publish_timeout_s: float,
    status_base_url: str,
) -> Receipt:
    if submission.source is None or submission.source_id is None:
        raise NotAFeedReport("a feed report names its source and source_id")
    report_id = feed_report_id(submission.source, submission.source_id)
    # Keyed with the active PII key: the code cannot be computed from the public pair.
    secret = keyring.keys[keyring.active]
    event = receive_as(
        submission,
        report_id=report_id,
        tracking_code=feed_tracking_code(secret, report_id),
        keyring=keyring,
        now=clock.now(),
    )
    return await accept(
        event,
        publisher=publisher,
        spool=spool,
        publish_timeout_s=publish_timeout_s,
        status_base_url=status_base_url,
    )
