"""Who may see, read the reporter of, and act on a case: pure policy over `Actor` and `CaseState`.

Regions are Kemendagri dotted codes; an office covers its own code and every code below it
("18" covers "18.12"). "RI" is a national office. A regional role with no region sees
nothing: a misconfigured account fails closed instead of seeing the whole country.
A hotline operator sees only the cases holding a report it filed (matched by its token's
subject), and nothing when its token has none; the staff view's rows carry no reports,
so an operator's queue and statistics are empty: it files, it does not browse.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from schemas.cases import TrackKind
from services.cases.domain.lifecycle.table import TRANSITIONS
from services.cases.domain.model import NATIONAL, Actor, CaseState
from services.cases.domain.vocabulary import TERMINAL_STATUSES, Role

# Reporter identity is needed to summon and hear the reporter: Bawaslu (clarification),
# Gakkumdu (a reporter is a witness in a crime), admin. BKN, PPK, Kemendagri, ops: never.
REPORTER_READERS = frozenset({Role.BAWASLU, Role.GAKKUMDU, Role.ADMIN})
ASSIGNERS = frozenset({Role.BAWASLU, Role.BKN, Role.GAKKUMDU, Role.PPK, Role.ADMIN})


def covers(scope: str | None, code: str | None, *, national_ok: bool = True) -> bool:
    """Whether an office at `scope` has jurisdiction over region `code`."""
    if scope is None:
        return False
    if scope == NATIONAL:
        return national_ok
    if code is None:
        return False
    return code == scope or code.startswith(scope + ".")


def _covers_any(scope: str | None, codes: Iterable[str]) -> bool:
    return any(covers(scope, code) for code in codes)


def _route_codes(case: CaseState, prefix: str) -> list[str]:
    return [r.removeprefix(prefix) for r in case.routes if r.startswith(prefix)]


def _bawaslu_sees(actor: Actor, case: CaseState) -> bool:
    return actor.region == NATIONAL or _covers_any(actor.region, case.bawaslu_routes)


def _bkn_sees(actor: Actor, case: CaseState) -> bool:
    neutrality = case.track(TrackKind.NEUTRALITY)
    reached_bkn = neutrality is not None and neutrality.forwarded_at is not None
    return reached_bkn and covers(actor.region, case.region_code)


def _gakkumdu_sees(actor: Actor, case: CaseState) -> bool:
    codes = _route_codes(case, "GAKKUMDU:")
    criminal = case.track(TrackKind.CRIMINAL)
    if criminal is not None and criminal.recipient is not None:
        codes.append(criminal.recipient.removeprefix("GAKKUMDU:"))
    return _covers_any(actor.region, codes)


def _kemendagri_sees(actor: Actor, case: CaseState) -> bool:
    # Kemendagri oversees the regional heads who are PPK, so it follows every case that
    # reached a PPK (it may escalate when the PPK does not act), not only routed ones.
    neutrality = case.track(TrackKind.NEUTRALITY)
    at_ppk = neutrality is not None and neutrality.recommended_sanction is not None
    return "KEMENDAGRI" in case.routes or at_ppk


def _ppk_sees(actor: Actor, case: CaseState) -> bool:
    neutrality = case.track(TrackKind.NEUTRALITY)
    if neutrality is None or neutrality.recommended_sanction is None:
        return False  # a PPK only learns of a case once BKN has sent its recommendation
    own_agency = actor.agency is not None and actor.agency == neutrality.ppk_agency
    # "RI" is no scope for a PPK: a minister is the PPK of one ministry, not of the country.
    return own_agency or covers(actor.region, case.region_code, national_ok=False)


def _sees_all(actor: Actor, case: CaseState) -> bool:
    return True


def _operator_sees(actor: Actor, case: CaseState) -> bool:
    return actor.subject is not None and any(r.filed_by == actor.subject for r in case.reports)


VIEW_POLICY: dict[Role, Callable[[Actor, CaseState], bool]] = {
    Role.BAWASLU: _bawaslu_sees,
    Role.BKN: _bkn_sees,
    Role.GAKKUMDU: _gakkumdu_sees,
    Role.KEMENDAGRI: _kemendagri_sees,
    Role.PPK: _ppk_sees,
    Role.OPS: _sees_all,
    Role.ADMIN: _sees_all,
    Role.SYSTEM: _sees_all,
    Role.OPERATOR: _operator_sees,
}

# Who may take a call at the hotline desk and file it (entrypoints/routes_desk, desk_api).
DESK_FILERS = frozenset({Role.OPERATOR, Role.BAWASLU, Role.ADMIN})


def may_file_by_phone(actor: Actor) -> bool:
    return actor.role in DESK_FILERS


def can_view(actor: Actor, case: CaseState) -> bool:
    return VIEW_POLICY[actor.role](actor, case)


def can_read_reporter(actor: Actor, case: CaseState) -> bool:
    """Whether the actor may open the sealed reporter identity (never for an anonymous case)."""
    return not case.anonymous and actor.role in REPORTER_READERS and can_view(actor, case)


def can_act(actor: Actor, case: CaseState, command_name: str) -> bool:
    """Role and jurisdiction only; whether the case's status allows it is `allowed_commands`."""
    spec = TRANSITIONS.get(command_name)
    return spec is not None and actor.role in spec.roles and can_view(actor, case)


def metadata_only(actor: Actor) -> bool:
    """Ops sees flow and metadata only: no report summary, no notes, no free-text reasons."""
    return actor.role == Role.OPS


def may_assign(actor: Actor, case: CaseState) -> bool:
    """A finished case (closed, withdrawn, not registered) needs no officer any more."""
    open_case = case.status not in TERMINAL_STATUSES
    return open_case and actor.role in ASSIGNERS and can_view(actor, case)


def may_add_note(actor: Actor, case: CaseState) -> bool:
    return not metadata_only(actor) and can_view(actor, case)
