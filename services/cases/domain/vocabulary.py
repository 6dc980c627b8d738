"""The words of the case domain: roles, outcomes, sanctions, deadlines.

Statuses, dispositions (tracks) and their states travel in events, so they are part of
the shared contract and live in `schemas.cases`; this module adds what only cases uses.
"""

from __future__ import annotations

from enum import StrEnum

from schemas.cases import CaseStatus, TrackKind, TrackStatus

TERMINAL_STATUSES = frozenset({CaseStatus.NOT_REGISTERED, CaseStatus.WITHDRAWN, CaseStatus.CLOSED})


class ElectionType(StrEnum):
    PEMILU = "pemilu"
    PILKADA = "pilkada"


class Role(StrEnum):
    BAWASLU = "bawaslu"
    BKN = "bkn"
    GAKKUMDU = "gakkumdu"
    KEMENDAGRI = "kemendagri"
    PPK = "ppk"
    OPS = "ops"
    ADMIN = "admin"
    # Takes citizens' calls at the hotline desk: files reports, reads only the cases of
    # the reports it filed (domain/access.py, issue 12).
    OPERATOR = "operator"
    # The services themselves (consumers, scheduler) when they link duplicates or mark deadlines.
    SYSTEM = "system"


class Registration(StrEnum):
    """How a case entered Bawaslu's register: a citizen's report (laporan) or a finding (temuan)."""

    REPORT = "report"
    FINDING = "finding"


class Outcome(StrEnum):
    """What the Bawaslu plenary may decide (UU 7/2017 Ps 455); several at once."""

    NOT_A_VIOLATION = "not_a_violation"
    NEUTRALITY = "neutrality"  # ASN neutrality, a violation of other laws that goes to BKN
    CRIMINAL = "criminal"
    ADMINISTRATIVE = "administrative"
    ETHICS = "ethics"  # election organiser ethics
    OTHER_LAW = "other_law"


TRACK_FOR_OUTCOME: dict[Outcome, TrackKind] = {
    Outcome.NEUTRALITY: TrackKind.NEUTRALITY,
    Outcome.CRIMINAL: TrackKind.CRIMINAL,
    Outcome.ADMINISTRATIVE: TrackKind.ADMINISTRATIVE,
    Outcome.ETHICS: TrackKind.ETHICS,
    Outcome.OTHER_LAW: TrackKind.OTHER_LAW,
}

# Tracks forwarded with `ForwardToAuthority` to a named recipient (KPU, DKPP, a regent...).
AUTHORITY_TRACKS = frozenset({TrackKind.ADMINISTRATIVE, TrackKind.ETHICS, TrackKind.OTHER_LAW})


FINISHED_TRACK_STATUSES = frozenset({TrackStatus.SANCTIONED, TrackStatus.CONCLUDED})


class SanctionLevel(StrEnum):
    """Ethics (PP 42/2004) or discipline (PP 94/2021), least to most severe."""

    ETHICS = "ethics"
    LIGHT = "light"
    MEDIUM = "medium"
    HEAVY = "heavy"
    DISMISSAL = "dismissal"


SANCTION_SEVERITY: dict[SanctionLevel, int] = {level: i for i, level in enumerate(SanctionLevel)}


class DeadlineState(StrEnum):
    OK = "ok"
    APPROACHING = "approaching"
    MISSED = "missed"


class DayUnit(StrEnum):
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"
    HOURS = "hours"
    SECONDS = "seconds"  # drills and end-to-end tests: a deadline missed while one watches
