"""Event type names and the payload model each one carries."""

from __future__ import annotations

from typing import Final

from pydantic import BaseModel

from schemas.cases import (
    CaseAssigned,
    CaseClosed,
    CaseDeadline,
    CaseEscalated,
    CaseForwarded,
    CaseOpened,
    CaseRegistered,
    CaseReportLinked,
    CaseReportUnlinked,
    CaseStatusChanged,
    CaseTriageCorrected,
)
from schemas.dlq import DeadLetter
from schemas.notifications import NotificationDelivered
from schemas.reports import ReportReceived
from schemas.triage import ReportTriaged

REPORT_RECEIVED: Final = "report.received"
REPORT_TRIAGED: Final = "report.triaged"
CASE_OPENED: Final = "case.opened"
CASE_REPORT_LINKED: Final = "case.report_linked"
CASE_STATUS_CHANGED: Final = "case.status_changed"
CASE_DEADLINE_APPROACHING: Final = "case.deadline_approaching"
CASE_DEADLINE_MISSED: Final = "case.deadline_missed"
CASE_REGISTERED: Final = "case.registered"
CASE_FORWARDED: Final = "case.forwarded"
CASE_ASSIGNED: Final = "case.assigned"
CASE_ESCALATED: Final = "case.escalated"
CASE_CLOSED: Final = "case.closed"
CASE_REPORT_UNLINKED: Final = "case.report_unlinked"
CASE_TRIAGE_CORRECTED: Final = "case.triage_corrected"
NOTIFICATION_DELIVERED: Final = "notification.delivered"
DLQ_MESSAGE: Final = "dlq.message"

PAYLOADS: Final[dict[str, type[BaseModel]]] = {
    REPORT_RECEIVED: ReportReceived,
    REPORT_TRIAGED: ReportTriaged,
    CASE_OPENED: CaseOpened,
    CASE_REPORT_LINKED: CaseReportLinked,
    CASE_STATUS_CHANGED: CaseStatusChanged,
    CASE_DEADLINE_APPROACHING: CaseDeadline,
    CASE_DEADLINE_MISSED: CaseDeadline,
    CASE_REGISTERED: CaseRegistered,
    CASE_FORWARDED: CaseForwarded,
    CASE_ASSIGNED: CaseAssigned,
    CASE_ESCALATED: CaseEscalated,
    CASE_CLOSED: CaseClosed,
    CASE_REPORT_UNLINKED: CaseReportUnlinked,
    CASE_TRIAGE_CORRECTED: CaseTriageCorrected,
    NOTIFICATION_DELIVERED: NotificationDelivered,
    DLQ_MESSAGE: DeadLetter,
}
