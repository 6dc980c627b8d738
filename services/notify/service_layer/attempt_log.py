"""The log line of each delivery attempt.

A delivered attempt, the usual outcome, is logged at debug: a line per attempt was ~2% of
notify's CPU in the pipeline bench, and the delivery log (`netra deliveries show`) and the
`netra_notifications_total` counter already hold every delivery. A failure to be retried,
a give-up and an operator's requeue stay at info, where they are seen.
"""

from __future__ import annotations

import logging
from typing import Any

from services.common.logging import get_logger
from services.notify.domain.delivery_progress import EntryKind, LogEntry
from services.notify.service_layer.delivery_lanes import Tracked

log = get_logger("services.notify.service_layer.delivering")  # the name it always had


def attempt_line(tracked: Tracked, entry: LogEntry) -> tuple[int, dict[str, Any]]:
    """The level and the fields of the attempt's line."""
    level = logging.DEBUG if entry.kind is EntryKind.DELIVERED else logging.INFO
    return level, {
        "notification_id": tracked.planned.notification_id,
        "case_id": tracked.planned.case_id,
        "channel": tracked.planned.addressee.channel.value,
        "endpoint": tracked.endpoint,
        "status": entry.kind.value,
        "attempts": tracked.progress.attempts,
    }


def log_attempt(tracked: Tracked, entry: LogEntry) -> None:
    level, fields = attempt_line(tracked, entry)
    log.log(level, "delivery_attempted", **fields)
