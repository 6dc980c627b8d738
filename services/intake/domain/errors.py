"""What can go wrong in intake's use cases; only entrypoints turn these into HTTP answers."""

from __future__ import annotations


class IntakeError(Exception):
    pass


class InvalidSubmission(IntakeError):
    """The report does not validate; `errors` name each field and what is wrong with it."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__(", ".join(e["field"] for e in errors))
        self.errors = errors


class ReportNotSaved(IntakeError):
    """Neither the broker nor the spool took the report: the reporter must send it again."""


class SpoolAtCapacity(ReportNotSaved):
    """The broker is away and the spool is full: refused, so the reporter sends it later."""


class MalformedTrackingCode(IntakeError):
    pass


class UnknownTrackingCode(IntakeError):
    pass
