"""The hotline desk's one outside dependency: intake, which accepts every report.

Real adapter: `adapters/intake_hotline.py` (HTTP, `POST /v1/hotline/reports` with the desk
token); fake: `tests/fakes/cases/desk.py`; contract: `tests/contracts/cases/test_hotline_intake.py`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class DeskFile:
    """An evidence file as the operator attached it; intake sniffs, strips and stores it."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class DeskReceipt:
    report_id: str
    tracking_code: str
    status_url: str
    evidence_sha256: tuple[str, ...] = ()  # what intake kept of each file


class CallRefused(Exception):
    """Intake refused the call as it stands (4xx): `errors` name each field and why."""

    def __init__(self, status: int, detail: str, errors: Sequence[Mapping[str, Any]]) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = [dict(e) for e in errors]


class IntakeUnavailable(Exception):
    """Intake could not be reached or could not keep the report: nothing was filed."""


@dataclass(frozen=True)
class DeskCall:
    """One call as the desk sends it: the report (intake's submission fields; the channel
    is intake's to set), the operator and consent (`filed_by`), and the files."""

    report: Mapping[str, Any]
    filed_by: Mapping[str, Any]
    files: Sequence[DeskFile] = field(default=())
    keep_location: bool = False


class HotlineIntake(Protocol):
    async def file_call(self, call: DeskCall) -> DeskReceipt:
        """File through intake's accept path; raise `CallRefused` or `IntakeUnavailable`."""
        ...
