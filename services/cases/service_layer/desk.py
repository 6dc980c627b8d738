"""Taking a call at the hotline desk (issue 12): who may, what must be recorded, and the
hand-over to intake, whose one accept path seals, publishes or spools and answers.

The checks run here, behind both the desk's page and its API: the role (`may_file_by_phone`),
an identified operator (its token's subject goes on the report and decides which cases
it may read later), and the caller's consent, without which nothing is filed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from services.cases.domain.access import may_file_by_phone
from services.cases.domain.errors import MissingField, NotAllowed
from services.cases.domain.model import Actor
from services.cases.service_layer.desk_ports import DeskCall, DeskFile, DeskReceipt, HotlineIntake


class ConsentMissing(MissingField):
    """The caller did not agree (or was not asked): the desk files nothing."""

    def __init__(self) -> None:
        super().__init__("file_by_phone", "consent")


def ensure_may_file(actor: Actor) -> None:
    if not may_file_by_phone(actor):
        raise NotAllowed("only hotline operators, Bawaslu and admin staff file at the desk")
    if actor.subject is None:
        raise NotAllowed(
            "the staff token names no subject: the report could not record who filed it"
        )


async def take_call(
    *,
    actor: Actor,
    report: Mapping[str, Any],
    consent: bool,
    files: Sequence[DeskFile],
    keep_location: bool,
    intake: HotlineIntake,
) -> DeskReceipt:
    """Raise `NotAllowed`, `ConsentMissing`, or the port's `CallRefused` / `IntakeUnavailable`."""
    ensure_may_file(actor)
    if not consent:
        raise ConsentMissing
    assert actor.subject is not None  # ensure_may_file
    filed_by = {"operator_id": actor.subject, "operator_name": actor.name, "caller_consented": True}
    call = DeskCall(report=report, filed_by=filed_by, files=files, keep_location=keep_location)
    return await intake.file_call(call)
