"""Looking up a report's progress by its tracking code, for the citizen's tracking page."""

from __future__ import annotations

from services.intake.domain.errors import UnknownTrackingCode
from services.intake.domain.tracking import PublicStatus, tracking_code
from services.intake.service_layer.ports import StatusSource


async def track_report(raw_code: str, *, statuses: StatusSource) -> PublicStatus:
    """Raise `MalformedTrackingCode`, `UnknownTrackingCode`, or `StatusUnavailable`."""
    code = tracking_code(raw_code)
    found = await statuses.find(code)
    if found is None:
        raise UnknownTrackingCode(code)
    return found
