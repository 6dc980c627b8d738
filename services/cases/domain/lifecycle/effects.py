"""What a step handler returns, and the shapes handlers and guards share."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import JsonValue

from schemas.cases import CaseStatus, TrackKind
from services.cases.domain.deadlines import DeadlinePolicy
from services.cases.domain.errors import InvalidTransition
from services.cases.domain.lifecycle.events import EventType
from services.cases.domain.model import Actor, CaseState, Track


@dataclass(frozen=True)
class Context:
    actor: Actor
    now: datetime
    policy: DeadlinePolicy


@dataclass(frozen=True)
class Effect:
    """Field changes, an optional status override, extra events and timeline details."""

    changes: Mapping[str, object] = field(default_factory=dict)
    to_status: CaseStatus | None = None
    events: tuple[tuple[EventType, dict[str, JsonValue]], ...] = ()
    details: dict[str, JsonValue] = field(default_factory=dict)


# Commands are typed per handler; the registry can only promise "some command".
Handler = Callable[[CaseState, Any, Context], Effect]
# A check that needs no command payload, so `allowed_commands` can hide a button.
Guard = Callable[[CaseState, Actor, DeadlinePolicy], InvalidTransition | None]


def with_track(case: CaseState, kind: TrackKind, **changes: object) -> tuple[Track, ...]:
    return tuple(t.model_copy(update=changes) if t.kind == kind else t for t in case.tracks)


def track_in(case: CaseState, kind: TrackKind, *statuses: str) -> bool:
    track = case.track(kind)
    return track is not None and track.status in statuses
