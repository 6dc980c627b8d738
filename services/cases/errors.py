"""Errors of the cases service layer; entrypoints map them (and domain errors) to HTTP."""

from __future__ import annotations

from services.cases.domain.errors import CaseError


class CaseNotFound(CaseError):
    """No such case, or one the actor may not see: the two must look the same."""


class ReportNotFound(CaseError):
    """The report is unknown, not linked where expected, or holds no identity."""


class VersionConflict(CaseError):
    """The case changed since the caller read it; re-read and retry."""

    def __init__(self, case_id: str, expected: int, current: int | None) -> None:
        super().__init__(
            f"case {case_id} is at version {current}, not {expected}; reload and retry"
        )
        self.case_id = case_id
        self.expected = expected
        self.current = current


class Forbidden(CaseError):
    """The actor sees the case but may not do this to it."""


class UnsupportedCommand(CaseError):
    """A command this endpoint does not take (linking has its own endpoints)."""
