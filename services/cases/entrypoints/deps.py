"""What bootstrap put on `app.state`, as FastAPI dependencies for the API and the web UI.

Bootstrap sets every one of them (`install_state`); a route takes the configured deadline
policy and clock from here, never a default of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, FastAPI, Request

from services.cases.domain.assignment import Roster
from services.cases.domain.deadlines import DeadlinePolicy
from services.cases.read_models.ports import CaseReads
from services.cases.read_models.staff_view import StaffView
from services.cases.read_models.stats import StatsCache
from services.cases.service_layer.ports import AccessLog, CaseStore, EvidenceFiles
from services.common.clock import Clock
from services.common.crypto import Keyring


def install_state(
    app: FastAPI,
    *,
    store: CaseStore,
    reads: CaseReads,
    access_log: AccessLog,
    policy: DeadlinePolicy,
    clock: Clock,
    keyring: Keyring,
    stats: StatsCache,
    view: StaffView,
) -> None:
    app.state.store = store
    app.state.reads = reads
    app.state.access_log = access_log
    app.state.deadline_policy = policy
    app.state.clock = clock
    app.state.keyring = keyring
    app.state.stats = stats
    app.state.staff_view = view


def install_evidence(app: FastAPI, files: EvidenceFiles) -> None:
    """The evidence store the case page downloads from (apart: not every app serves it)."""
    app.state.evidence_files = files


def install_roster(app: FastAPI, roster: Roster) -> None:
    """The officers cases may be assigned to (adapters/officer_directory.py)."""
    app.state.roster = roster


def roster_of(request: Request) -> Roster:
    roster: Roster = request.app.state.roster
    return roster


def evidence_files_of(request: Request) -> EvidenceFiles:
    files: EvidenceFiles = request.app.state.evidence_files
    return files


def store_of(request: Request) -> CaseStore:
    store: CaseStore = request.app.state.store
    return store


def reads_of(request: Request) -> CaseReads:
    reads: CaseReads = request.app.state.reads
    return reads


def access_log_of(request: Request) -> AccessLog:
    log: AccessLog = request.app.state.access_log
    return log


def policy_of(request: Request) -> DeadlinePolicy:
    policy: DeadlinePolicy = request.app.state.deadline_policy
    return policy


def clock_of(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


def stats_of(request: Request) -> StatsCache:
    stats: StatsCache = request.app.state.stats
    return stats


def view_of(request: Request) -> StaffView:
    view: StaffView = request.app.state.staff_view
    return view


def keyring_of(request: Request) -> Keyring:
    keyring: Keyring = request.app.state.keyring
    return keyring


Store = Annotated[CaseStore, Depends(store_of)]
Reads = Annotated[CaseReads, Depends(reads_of)]
Access = Annotated[AccessLog, Depends(access_log_of)]
Policy = Annotated[DeadlinePolicy, Depends(policy_of)]
ClockDep = Annotated[Clock, Depends(clock_of)]
KeyringDep = Annotated[Keyring, Depends(keyring_of)]
StatsDep = Annotated[StatsCache, Depends(stats_of)]
View = Annotated[StaffView, Depends(view_of)]
Evidence = Annotated[EvidenceFiles, Depends(evidence_files_of)]
RosterDep = Annotated[Roster, Depends(roster_of)]


@dataclass(frozen=True)
class CasesDeps:
    """What most staff routes need together: the store, its read side, the policy, the clock,
    the statistics kept per jurisdiction and the in-memory staff view."""

    store: CaseStore
    reads: CaseReads
    policy: DeadlinePolicy
    clock: Clock
    stats: StatsCache
    view: StaffView


def cases_deps(
    store: Store, reads: Reads, policy: Policy, clock: ClockDep, stats: StatsDep, view: View
) -> CasesDeps:
    return CasesDeps(store=store, reads=reads, policy=policy, clock=clock, stats=stats, view=view)


Cases = Annotated[CasesDeps, Depends(cases_deps)]
