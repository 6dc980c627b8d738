"""`UnreachedAlarm` as a Prometheus counter (alerted on: docs/runbook.md) and a warning.

`who` is a route, a directory person id or a report id: never an address.
"""

from __future__ import annotations

from prometheus_client import Counter

from services.common.logging import get_logger

log = get_logger(__name__)
UNREACHED = Counter(
    "netra_notify_unreached_total",
    "Recipients the matrix names that the directory cannot reach",
    ["event_type", "party", "reason"],
)


class MetricAlarm:
    def unreached(self, *, event_type: str, party: str, who: str, reason: str) -> None:
        UNREACHED.labels(event_type=event_type, party=party, reason=_kind(reason)).inc()
        log.warning(
            "notification_unreached", event_type=event_type, party=party, who=who, reason=reason
        )


def _kind(reason: str) -> str:
    """A bounded label: the reason without the free text after its first words."""
    for known in (
        "no directory entry",
        "assignee not in the directory",
        "no supervisor",
        "no contact on",
    ):
        if reason.startswith(known):
            return known
    return (
        "contact does not open" if "does not open" in reason or "not sealed" in reason else "other"
    )
