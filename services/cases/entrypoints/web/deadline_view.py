"""How a deadline looks in the UI: a colour class, a label, a local (WIB) date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from services.cases.domain.deadlines import WIB, deadline_state

NO_DEADLINE = "none"


@dataclass(frozen=True)
class DeadlineBadge:
    state: str  # "ok" | "approaching" | "missed" | "none": also the CSS modifier
    at_local: str | None  # "2024-11-05 23:59 WIB"
    uncertain: bool = False
    approximate: bool = False

    @property
    def css_class(self) -> str:
        return f"deadline deadline--{self.state}"


def deadline_colour(deadline_at: datetime | None, now: datetime, warn_before: timedelta) -> str:
    """Recomputed at render time: the stored state may be hours old."""
    if deadline_at is None:
        return NO_DEADLINE
    return deadline_state(deadline_at, now, warn_before).value


def local_time(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(WIB).strftime("%Y-%m-%d %H:%M WIB")


def badge(
    deadline_at: datetime | None,
    *,
    now: datetime,
    warn_before: timedelta,
    uncertain: bool = False,
    approximate: bool = False,
) -> DeadlineBadge:
    return DeadlineBadge(
        state=deadline_colour(deadline_at, now, warn_before),
        at_local=local_time(deadline_at),
        uncertain=uncertain,
        approximate=approximate,
    )
