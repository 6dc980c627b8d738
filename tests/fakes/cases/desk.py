"""In-memory fake of the hotline desk's `HotlineIntake` port (service_layer/desk_ports.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from services.cases.service_layer.desk_ports import (
    CallRefused,
    DeskCall,
    DeskReceipt,
    IntakeUnavailable,
)


@dataclass
class FakeHotlineIntake:
    """Files every call it is given (`calls`), unless told to refuse with intake's field
    errors or to be away; codes count up so a test can tell receipts apart."""

    calls: list[DeskCall] = field(default_factory=list)
    refuse_with: Sequence[Mapping[str, Any]] = ()
    away: bool = False

    async def file_call(self, call: DeskCall) -> DeskReceipt:
        if self.away:
            raise IntakeUnavailable("the fake intake is away")
        if self.refuse_with:
            raise CallRefused(422, "Invalid field(s)", self.refuse_with)
        if not str(call.report.get("text") or "").strip():
            raise CallRefused(
                422, "Invalid field(s): text", [{"field": "text", "message": "Field required"}]
            )
        self.calls.append(call)
        n = len(self.calls)
        return DeskReceipt(
            report_id=f"RPT-FAKE-{n}",
            tracking_code=f"NTR-AAAA-BBBB-CCCC-{n:04d}",
            status_url=f"http://cases.test/lacak?code=NTR-AAAA-BBBB-CCCC-{n:04d}",
            evidence_sha256=tuple(f"{i:064x}" for i, _ in enumerate(call.files, start=1)),
        )
