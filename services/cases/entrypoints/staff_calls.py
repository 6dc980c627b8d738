"""The staff use cases as the API (staff_api.py) and the workspace (web/) both call them:
with what bootstrap configured (store, deadline policy, clock) and the request's trace,
so a route says only who does what to which case, and the two cannot call them apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

from pydantic import BaseModel

from services.cases.adapters.staff_tokens import Staff
from services.cases.domain.assignment import Roster
from services.cases.domain.deadlines import DeadlinePolicy
from services.cases.domain.model import Actor
from services.cases.entrypoints.deps import CasesDeps
from services.cases.service_layer import assignment, evidence, lifecycle, links, reporter
from services.cases.service_layer.evidence import EvidenceDownload
from services.cases.service_layer.ports import AccessLog, CaseStore, EvidenceFiles
from services.cases.service_layer.reporter import ReporterIdentity
from services.common.clock import Clock
from services.common.crypto import Keyring
from services.common.telemetry import current_trace_id, current_traceparent


class CaseWrite(TypedDict):
    """What every versioned staff write of a case takes besides its own fields."""

    store: CaseStore
    policy: DeadlinePolicy
    clock: Clock
    actor: Actor
    trace_id: str | None
    traceparent: str | None  # stored with the outbox entries: the relay publishes under it


def case_write(cases: CasesDeps, actor: Actor) -> CaseWrite:
    return CaseWrite(
        store=cases.store,
        policy=cases.policy,
        clock=cases.clock,
        actor=actor,
        trace_id=current_trace_id(),
        traceparent=current_traceparent(),
    )


async def apply_command(
    cases: CasesDeps,
    actor: Actor,
    case_id: str,
    command: BaseModel | Mapping[str, Any],
    *,
    expected_version: int,
) -> None:
    await lifecycle.apply_command(
        **case_write(cases, actor),
        case_id=case_id,
        command=command,
        expected_version=expected_version,
    )


async def link_report(
    cases: CasesDeps, actor: Actor, case_id: str, *, report_id: str, reason: str
) -> None:
    write = case_write(cases, actor)
    await links.link_report(**write, case_id=case_id, report_id=report_id, reason=reason)


async def split_report(
    cases: CasesDeps, actor: Actor, case_id: str, *, report_id: str, reason: str
) -> str:
    """The new case's id."""
    write = case_write(cases, actor)
    return await links.split_report(**write, case_id=case_id, report_id=report_id, reason=reason)


async def assign(
    cases: CasesDeps,
    roster: Roster,
    actor: Actor,
    case_id: str,
    *,
    assignee: str | None,
    expected_version: int | None,
    reason: str | None,
) -> None:
    await assignment.assign(
        store=cases.store,
        roster=roster,
        clock=cases.clock,
        actor=actor,
        case_id=case_id,
        assignee=assignee,
        expected_version=expected_version,
        reason=reason,
        trace_id=current_trace_id(),
        traceparent=current_traceparent(),
    )


async def read_reporter(
    cases: CasesDeps,
    access_log: AccessLog,
    keyring: Keyring,
    staff: Staff,
    case_id: str,
    *,
    report_id: str | None,
    reason: str | None,
) -> ReporterIdentity:
    return await reporter.read_reporter(
        store=cases.store,
        access_log=access_log,
        keyring=keyring,
        clock=cases.clock,
        actor=staff.actor,
        subject=staff.subject,
        case_id=case_id,
        report_id=report_id,
        reason=reason,
        trace_id=current_trace_id(),
    )


async def download_evidence(
    cases: CasesDeps,
    access_log: AccessLog,
    files: EvidenceFiles,
    staff: Staff,
    case_id: str,
    sha256: str,
) -> EvidenceDownload:
    return await evidence.download_evidence(
        store=cases.store,
        access_log=access_log,
        files=files,
        clock=cases.clock,
        actor=staff.actor,
        subject=staff.subject,
        case_id=case_id,
        sha256=sha256,
        trace_id=current_trace_id(),
    )
