"""Opening a sealed reporter identity: only roles that need it, every read on the record.

The reporter's witnesses (sealed the same way) are opened with them, on the same record.
The access log entry is written BEFORE the identity is opened, so no read can ever go
unrecorded; if the log write fails the caller gets an error, not the identity. Nothing
here logs: the identity exists only in the return value.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from schemas.reports import witness_seal_context
from services.cases.domain.access import REPORTER_READERS
from services.cases.domain.errors import Forbidden, ReportNotFound
from services.cases.domain.model import Actor
from services.cases.service_layer.load_save import visible_case
from services.cases.service_layer.ports import AccessLog, CaseStore
from services.common.clock import Clock
from services.common.crypto import Keyring, Sealed

REASON_CHARS = 500  # why an identity is opened, as kept on the access log


@dataclass(frozen=True)
class ReporterIdentity:
    case_id: str
    report_id: str
    identity: dict[str, Any]
    witnesses: list[dict[str, Any]] = field(default_factory=list)  # sealed like the reporter


def open_witnesses(
    keyring: Keyring, report: dict[str, Any], report_id: str
) -> list[dict[str, Any]]:
    return [
        keyring.open(
            Sealed(w["key_id"], w["nonce"], w["ciphertext"]),
            context=witness_seal_context(report_id, index),
        )
        for index, w in enumerate(report.get("witnesses") or [])
    ]


async def read_reporter(
    *,
    store: CaseStore,
    access_log: AccessLog,
    keyring: Keyring,
    clock: Clock,
    actor: Actor,
    subject: str,
    case_id: str,
    report_id: str | None,
    reason: str | None,
    trace_id: str | None,
) -> ReporterIdentity:
    """The identity behind one linked report (default: the first named one).

    `subject` is the staff member's token subject and `reason` why they open it (the
    workspace and the API both require one), both kept on the access record.
    """
    case = (await visible_case(store=store, actor=actor, case_id=case_id)).state
    if actor.role not in REPORTER_READERS:
        raise Forbidden(f"{actor.role} may not read reporter identities")
    named = [r for r in case.reports if not r.anonymous]
    chosen = next((r for r in named if report_id in (None, r.report_id)), None)
    if chosen is None:
        raise ReportNotFound("no named reporter for this report in this case")
    report = await store.report(chosen.report_id)
    sealed = (report or {}).get("reporter") or {}
    if not sealed.get("ciphertext"):
        raise ReportNotFound("the report carries no sealed identity")
    await access_log.record(
        {
            "_id": str(uuid.uuid4()),
            "at": clock.now(),
            "subject": subject,
            "name": actor.name,
            "role": actor.role.value,
            "region": actor.region,
            "agency": actor.agency,
            "case_id": case_id,
            "report_id": chosen.report_id,
            "reason": reason,
            "trace_id": trace_id,
        }
    )
    identity = keyring.open(
        Sealed(sealed["key_id"], sealed["nonce"], sealed["ciphertext"]),
        context=chosen.report_id,
    )
    witnesses = open_witnesses(keyring, report or {}, chosen.report_id)
    return ReporterIdentity(
        case_id=case_id, report_id=chosen.report_id, identity=identity, witnesses=witnesses
    )
