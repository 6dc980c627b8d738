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


class EvidenceRefused(IntakeError):
    """An attachment that may not be taken: too many, too large, or not what it claims.

    `status` is the HTTP answer it deserves (413 too large, 422 otherwise); `filename`
    names the file (None when the refusal is about the set), `limit` the bound broken.
    """

    def __init__(
        self,
        *,
        reason: str,
        status: int,
        filename: str | None,
        message: str,
        limit: int | None,
    ) -> None:
        super().__init__(f"{filename or 'evidence'}: {message}")
        self.reason = reason  # too_many, too_large, empty, disguised, unreadable
        self.status = status
        self.filename = filename
        self.message = message
        self.limit = limit
