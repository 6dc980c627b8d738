"""The cases service's exceptions: one hierarchy under `CaseError`.

Domain code and use cases raise them; only entrypoints map them to HTTP status (staff_errors,
web_route) or to ack/DLQ.
"""

from __future__ import annotations


class CaseError(Exception):
    """Base of every error the case domain raises on purpose."""


class InvalidTransition(CaseError):
    """The command makes no sense for the case as it stands; nothing was changed."""


class FormalRequirementNotMet(InvalidTransition):
    """A legal formality is missing, e.g. registering a report with no named reporter."""


class NotAllowed(CaseError):
    """The actor's role or jurisdiction does not permit this."""


class MissingField(CaseError):
    """A command lacks something its transition requires (a reason, outcomes, a level)."""

    def __init__(self, command: str, field: str) -> None:
        super().__init__(f"{command} requires '{field}'")
        self.command = command
        self.field = field


class DeadlineConfigError(CaseError):
    """The deadline configuration file is malformed."""


class HolidayDataMissing(CaseError):
    """Working days were asked for a year with no official holiday data (strict calendar)."""

    def __init__(self, year: int, covered: tuple[int, ...]) -> None:
        years = ", ".join(str(y) for y in covered) or "none"
        super().__init__(f"no official holiday data for {year} (covered years: {years})")
        self.year = year


class CaseNotFound(CaseError):
    """No such case, or one the actor may not see: the two must look the same."""


class ReportNotFound(CaseError):
    """The report is unknown, not linked where expected, or holds no identity."""


class EvidenceNotFound(CaseError):
    """No such evidence file on this case (or its bytes are gone from the store)."""


class VersionConflict(CaseError):
    """The case changed since the caller read it; re-read and retry."""

    def __init__(self, case_id: str, expected: int, current: int | None) -> None:
        super().__init__(
            f"case {case_id} is at version {current}, not {expected}; reload and retry"
        )
        self.case_id = case_id
        self.expected = expected
        self.current = current


class CaseBusy(CaseError):
    """The store did not take a write (other writes kept the case busy, or the case went
    away): nothing was saved, and the caller is told so instead of a success."""

    def __init__(self, case_id: str, what: str) -> None:
        super().__init__(f"{what} on case {case_id} was not saved; retry")
        self.case_id = case_id


class Forbidden(CaseError):
    """The actor sees the case but may not do this to it."""


class UnsupportedCommand(CaseError):
    """A command this endpoint does not take (linking has its own endpoints)."""


class IneligibleAssignee(CaseError):
    """The named person is no officer this actor may hand this case to (another
    authority, outside the jurisdiction, one who could not see the case, or unknown)."""

    def __init__(self, assignee: str) -> None:
        super().__init__(f"{assignee!r} is not an officer eligible for this case")
        self.assignee = assignee
