"""Steps after the forward: BKN verification, PPK sanction, escalation, conclusion, closure."""

from __future__ import annotations

from pydantic import JsonValue

from schemas.cases import TrackKind, TrackStatus
from services.cases.domain.deadlines import DeadlinePolicy
from services.cases.domain.errors import InvalidTransition, MissingField, NotAllowed
from services.cases.domain.lifecycle import commands as c
from services.cases.domain.lifecycle.effects import (
    Context,
    Effect,
    Guard,
    Handler,
    track_in,
    with_track,
)
from services.cases.domain.lifecycle.events import EventType
from services.cases.domain.lifecycle.table import TRACK_CONCLUDERS
from services.cases.domain.model import Actor, CaseState, Track
from services.cases.domain.vocabulary import SANCTION_SEVERITY, SanctionLevel

N = TrackKind.NEUTRALITY
AT_PPK = (TrackStatus.AWAITING_PPK, TrackStatus.ESCALATED)


def _recorded(
    kind: TrackKind, status: TrackStatus, **extra: JsonValue
) -> tuple[EventType, dict[str, JsonValue]]:
    return EventType.DISPOSITION_RECORDED, {"track": kind.value, "status": status.value, **extra}


def _start_verification(case: CaseState, command: object, ctx: Context) -> Effect:
    return Effect(changes={"tracks": with_track(case, N, status=TrackStatus.IN_VERIFICATION)})


def _record_recommendation(
    case: CaseState, command: c.RecordBknRecommendation, ctx: Context
) -> Effect:
    level = SanctionLevel(command.sanction_level or "")
    tracks = with_track(
        case,
        N,
        status=TrackStatus.AWAITING_PPK,
        recommended_sanction=level,
        ppk_agency=command.ppk_agency,
    )
    details: dict[str, JsonValue] = {
        "recommended_sanction": level.value,
        "ppk_agency": command.ppk_agency,
    }
    return Effect(
        changes={"tracks": tracks},
        events=(_recorded(N, TrackStatus.AWAITING_PPK, **details),),
        details=details,
    )


def _record_sanction(case: CaseState, command: c.RecordSanction, ctx: Context) -> Effect:
    level = SanctionLevel(command.sanction_level or "")
    neutrality = case.track(N)
    recommended = neutrality.recommended_sanction if neutrality else None
    lighter = recommended is not None and SANCTION_SEVERITY[level] < SANCTION_SEVERITY[recommended]
    if lighter and not (command.reason or "").strip():
        raise MissingField("record_sanction", "reason")  # a lighter sanction must be explained
    tracks = with_track(case, N, status=TrackStatus.SANCTIONED, sanction=level, finished_at=ctx.now)
    data: dict[str, JsonValue] = {
        "sanction": level.value,
        "recommended_sanction": recommended.value if recommended else None,
    }
    return Effect(
        changes={"tracks": tracks},
        events=(
            (EventType.SANCTION_RECORDED, {**data}),
            _recorded(N, TrackStatus.SANCTIONED, **data),
        ),
        details=data,
    )


def _escalate(case: CaseState, command: object, ctx: Context) -> Effect:
    tracks = with_track(case, N, status=TrackStatus.ESCALATED, personnel_data_blocked=True)
    data: dict[str, JsonValue] = {"track": N.value, "personnel_data_blocked": True}
    return Effect(changes={"tracks": tracks}, events=((EventType.ESCALATED, data),), details=data)


def _concludable(track: Track) -> bool:
    return track.status != TrackStatus.PENDING and not track.finished


def _conclude_track(case: CaseState, command: c.ConcludeTrack, ctx: Context) -> Effect:
    kind = TrackKind(command.track or "")
    track = case.track(kind)
    if track is None or not _concludable(track):
        raise InvalidTransition(f"the case has no forwarded, unfinished '{kind}' track")
    if ctx.actor.role not in TRACK_CONCLUDERS[kind]:
        raise NotAllowed(f"{ctx.actor.role} may not conclude the '{kind}' track")
    result = (command.reason or "").strip()
    tracks = with_track(
        case, kind, status=TrackStatus.CONCLUDED, result=result, finished_at=ctx.now
    )
    data: dict[str, JsonValue] = {"track": kind.value, "result": result}
    return Effect(
        changes={"tracks": tracks},
        events=(_recorded(kind, TrackStatus.CONCLUDED, result=result),),
        details={"track": data["track"]},
    )


def _close(case: CaseState, command: object, ctx: Context) -> Effect:
    data: dict[str, JsonValue] = {
        "outcomes": [o.value for o in case.outcomes],
        "sanction": next((t.sanction.value for t in case.tracks if t.sanction), None),
    }
    return Effect(events=((EventType.CLOSED, data),))


def _neutrality_at(*statuses: TrackStatus) -> Guard:
    def guard(case: CaseState, actor: Actor, policy: DeadlinePolicy) -> InvalidTransition | None:
        if track_in(case, N, *statuses):
            return None
        wanted = " or ".join(statuses)
        return InvalidTransition(f"the neutrality track must be {wanted}")

    return guard


def _can_conclude_some(
    case: CaseState, actor: Actor, policy: DeadlinePolicy
) -> InvalidTransition | None:
    if any(_concludable(t) and actor.role in TRACK_CONCLUDERS[t.kind] for t in case.tracks):
        return None
    return InvalidTransition(f"no forwarded, unfinished track that {actor.role} may conclude")


def _all_finished(
    case: CaseState, actor: Actor, policy: DeadlinePolicy
) -> InvalidTransition | None:
    if not case.open_tracks:
        return None
    still = ", ".join(f"{t.kind} ({t.status})" for t in case.open_tracks)
    return InvalidTransition(f"cannot close while tracks are open: {still}")


HANDLERS: dict[str, Handler] = {
    "start_bkn_verification": _start_verification,
    "record_bkn_recommendation": _record_recommendation,
    "record_sanction": _record_sanction,
    "escalate": _escalate,
    "conclude_track": _conclude_track,
    "close": _close,
}

GUARDS: dict[str, Guard] = {
    "start_bkn_verification": _neutrality_at(TrackStatus.FORWARDED),
    "record_bkn_recommendation": _neutrality_at(TrackStatus.IN_VERIFICATION),
    "record_sanction": _neutrality_at(*AT_PPK),
    "escalate": _neutrality_at(TrackStatus.AWAITING_PPK),
    "conclude_track": _can_conclude_some,
    "close": _all_finished,
}
