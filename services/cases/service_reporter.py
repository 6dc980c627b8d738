"""Opening a sealed reporter identity: only roles that need it, every read on the record.

The access log entry is written BEFORE the identity is opened, so no read can ever go
unrecorded; if the log write fails the caller gets an error, not the identity. Nothing
here logs: the identity exists only in the return value.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from services.cases.adapters.repository import CaseRepository
from services.cases.auth.tokens import Staff
from services.cases.domain.access import REPORTER_READERS
from services.cases.errors import Forbidden, ReportNotFound
from services.cases.schemas import ReporterRead
from services.cases.service_core import visible_case
from services.cases.storage import millis
from services.common.crypto import Keyring, Sealed


async def read_reporter(
    *,
    repo: CaseRepository,
    keyring: Keyring,
    staff: Staff,
    case_id: str,
    now: datetime,
    report_id: str | None = None,
    trace_id: str | None = None,
) -> ReporterRead:
    """The identity behind one linked report (default: the first named one)."""
    actor = staff.actor
    _, case = await visible_case(repo=repo, actor=actor, case_id=case_id)
    if actor.role not in REPORTER_READERS:
        raise Forbidden(f"{actor.role} may not read reporter identities")
    named = [r for r in case.reports if not r.anonymous]
    chosen = next((r for r in named if report_id in (None, r.report_id)), None)
    if chosen is None:
        raise ReportNotFound("no named reporter for this report in this case")
    report = await repo.report(chosen.report_id)
    sealed = (report or {}).get("reporter") or {}
    if not sealed.get("ciphertext"):
        raise ReportNotFound("the report carries no sealed identity")
    await repo.log_reporter_access(
        {
            "_id": str(uuid.uuid4()),
            "at": millis(now),
            "subject": staff.subject,
            "name": actor.name,
            "role": actor.role.value,
            "region": actor.region,
            "agency": actor.agency,
            "case_id": case_id,
            "report_id": chosen.report_id,
            "trace_id": trace_id,
        }
    )
    identity = keyring.open(
        Sealed(sealed["key_id"], sealed["nonce"], sealed["ciphertext"]),
        context=chosen.report_id,
    )
    return ReporterRead(
        case_id=case_id, report_id=chosen.report_id, anonymous=False, identity=identity
    )
