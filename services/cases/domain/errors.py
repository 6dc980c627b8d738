"""Errors the case domain raises. Only entrypoints map them to HTTP status or ack/DLQ."""

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
