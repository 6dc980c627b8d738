"""The tracking page's view of a case: the cases service's public status, in plain words.

`PublicStatus` is what the cases service answers at `GET /v1/status/{code}` (progress
only, never personal data); `citizen_view` turns its codes into the citizen's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from schemas.cases import CaseStatus
from schemas.citizen_status import CITIZEN_STATUS, Lang
from schemas.ids import normalise_tracking_code
from schemas.triage import Category, authority_of
from services.intake.domain.errors import MalformedTrackingCode
from services.intake.domain.labels import (
    ACTION,
    AUTHORITY,
    CATEGORY,
    OTHER_STEP,
    UNKNOWN,
)


class PublicTimelineItem(BaseModel):
    model_config = ConfigDict(extra="ignore")

    at: datetime
    action: str
    status: str | None = None


class PublicStatus(BaseModel):
    model_config = ConfigDict(extra="ignore")

    tracking_code: str
    status: str
    received_at: datetime
    category: str | None = None
    routes: list[str] = []
    timeline: list[PublicTimelineItem] = []


@dataclass(frozen=True)
class Step:
    at: str
    label: str


@dataclass(frozen=True)
class Route:
    label: str
    code: str


@dataclass(frozen=True)
class CitizenView:
    tracking_code: str
    status: str
    category: str
    routes: list[Route]
    timeline: list[Step]


def tracking_code(raw: str) -> str:
    try:
        return normalise_tracking_code(raw)
    except ValueError as exc:
        raise MalformedTrackingCode(str(exc)) from exc


def status_label(code: str, lang: Lang) -> str:
    try:
        return CITIZEN_STATUS[CaseStatus(code)][lang]
    except ValueError:
        return UNKNOWN[lang]


def category_label(code: str, lang: Lang) -> str:
    try:
        return CATEGORY[Category(code)][lang]
    except ValueError:
        return UNKNOWN[lang]


def route_label(route: str, lang: Lang) -> str:
    try:
        return AUTHORITY[authority_of(route)][lang]
    except ValueError:
        return UNKNOWN[lang]


def step_label(item: PublicTimelineItem, lang: Lang) -> str:
    if item.action in ACTION:
        return ACTION[item.action][lang]
    if item.status is not None:
        return status_label(item.status, lang)
    return OTHER_STEP[lang]


def citizen_view(status: PublicStatus, lang: Lang) -> CitizenView:
    return CitizenView(
        tracking_code=status.tracking_code,
        status=status_label(status.status, lang),
        category=category_label(status.category, lang) if status.category else "-",
        routes=[Route(route_label(r, lang), r) for r in status.routes],
        timeline=[
            Step(item.at.isoformat()[:16].replace("T", " "), step_label(item, lang))
            for item in status.timeline
        ],
    )
