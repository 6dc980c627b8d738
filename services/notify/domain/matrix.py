"""The notification matrix: for each case event, who is told over which channels.

A rule matches an event type and, optionally, the status it moved to (`to_status`, for
`case.status_changed`) and a disposition the case carries (`disposition`: a track kind,
for forwards and status changes). Every matching rule adds its parties; the planner
dedupes per (recipient, channel). Loaded from a versioned file (adapters/matrix_file.py)
and validated at start-up: an unknown event type, status, disposition, party or channel,
or a party an event cannot reach (a reporter on an internal deadline), refuses to start.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.cases import CaseStatus, TrackKind
from schemas.events import (
    CASE_ASSIGNED,
    CASE_DEADLINE_APPROACHING,
    CASE_DEADLINE_MISSED,
    CASE_ESCALATED,
    CASE_FORWARDED,
    CASE_REPORT_UNLINKED,
    CASE_STATUS_CHANGED,
    PAYLOADS,
)
from services.notify.domain.plans import ChannelName


class Party(StrEnum):
    """Who a rule tells (docs/notifications.md explains each)."""

    ROUTED_AUTHORITIES = "routed_authorities"  # each route of the case: its unit's inboxes
    ASSIGNED_OFFICER = "assigned_officer"  # the directory person named as assignee
    UNIT_SUPERVISOR = "unit_supervisor"  # supervisors of the Bawaslu unit handling the case
    ESCALATION_CHAIN = "escalation_chain"  # supervisors one level up, when overdue > N days
    RECEIVING_BODY = "receiving_body"  # the body a disposition is forwarded to, with packet
    PPK = "ppk"  # the PPK (regional head) of the case's region
    REPORTER = "reporter"  # reporters who asked for updates


# Events that never reach a reporter: internal deadlines, staffing, reshuffles.
NOT_FOR_REPORTERS = frozenset(
    {CASE_DEADLINE_APPROACHING, CASE_DEADLINE_MISSED, CASE_ASSIGNED, CASE_REPORT_UNLINKED}
)
# The parties that need a fact only some events carry.
ONLY_ON: dict[Party, frozenset[str]] = {
    Party.ESCALATION_CHAIN: frozenset({CASE_DEADLINE_MISSED, CASE_ESCALATED}),
    Party.RECEIVING_BODY: frozenset({CASE_FORWARDED}),
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Tell(_Frozen):
    party: Party
    channels: tuple[ChannelName, ...] = Field(min_length=1)


class Rule(_Frozen):
    event: str
    to_status: CaseStatus | None = None
    disposition: TrackKind | None = None
    tell: tuple[Tell, ...] = Field(min_length=1)
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Rule:
        if self.event not in PAYLOADS or not self.event.startswith("case."):
            raise ValueError(f"unknown case event type {self.event!r}")
        if self.to_status is not None and self.event != CASE_STATUS_CHANGED:
            raise ValueError(f"{self.event}: to_status applies to {CASE_STATUS_CHANGED} only")
        for tell in self.tell:
            if tell.party == Party.REPORTER and self.event in NOT_FOR_REPORTERS:
                raise ValueError(f"{self.event} is internal: reporters are never told of it")
            only = ONLY_ON.get(tell.party)
            if only is not None and self.event not in only:
                raise ValueError(f"{tell.party} applies to {sorted(only)} only")
        return self

    def matches(self, event: str, to_status: str | None, dispositions: frozenset[str]) -> bool:
        return (
            self.event == event
            and (self.to_status is None or self.to_status.value == to_status)
            and (self.disposition is None or self.disposition.value in dispositions)
        )


class Matrix(_Frozen):
    """`escalate_after_days`: a deadline missed by more than this goes up a level."""

    version: str
    escalate_after_days: int = Field(ge=0)
    rules: tuple[Rule, ...]

    def tells(self, event: str, to_status: str | None, dispositions: frozenset[str]) -> list[Tell]:
        return [
            tell
            for rule in self.rules
            if rule.matches(event, to_status, dispositions)
            for tell in rule.tell
        ]


def matrix_table(matrix: Matrix) -> str:
    """The matrix as the Markdown table of docs/notifications.md (generated, never edited)."""
    lines = [
        f"Matrix version `{matrix.version}`; a deadline missed by more than "
        f"{matrix.escalate_after_days} days also goes to the escalation chain.",
        "",
        "| event | to status | disposition | party | channels | note |",
        "|---|---|---|---|---|---|",
    ]
    for rule in matrix.rules:
        for tell in rule.tell:
            lines.append(
                f"| `{rule.event}` | {rule.to_status.value if rule.to_status else 'any'} "
                f"| {rule.disposition.value if rule.disposition else 'any'} "
                f"| {tell.party.value} | {', '.join(c.value for c in tell.channels)} "
                f"| {rule.note or ''} |"
            )
    return "\n".join(lines) + "\n"
