"""Open311 GeoReport v2 in Netra's terms. Pure.

A *service* is a violation category (one per `Category`, the code its name); a *service
request* is a report, its `service_request_id` the tracking code. A request is filed as
channel `api` with source `open311`; the requested service code is the reporter's hint
only (triage classifies the description, and GET answers with triage's category).

Deviations from the spec, on purpose: `GET requests` needs `service_request_id` (reports
of a civil servant's conduct are not listed to anyone who asks), and no service has
`metadata` (no attributes to define).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schemas.cases import CaseStatus
from schemas.citizen_status import CITIZEN_STATUS
from schemas.reports import Channel
from schemas.triage import Category
from services.intake.domain.labels import CATEGORY
from services.intake.domain.tracking import PublicStatus

SOURCE = "open311"
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
MAX_DESCRIPTION = 4000  # the spec's limit on `description`
MAX_IDS_PER_QUERY = 20
CLOSED = {CaseStatus.CLOSED, CaseStatus.NOT_REGISTERED, CaseStatus.WITHDRAWN}
SERVICE_NOTICE = (
    "Laporan diterima; simpan kode lacak ini untuk mengikuti perkembangannya. "
    "Report received; keep this tracking code to follow it."
)


@dataclass(frozen=True)
class Open311Error(Exception):
    """An answer in the spec's error shape: `[{"code": ..., "description": ...}]`."""

    code: int
    description: str


def services() -> list[dict[str, Any]]:
    return [
        {
            "service_code": category.value,
            "service_name": CATEGORY[category]["id"],
            "description": CATEGORY[category]["en"],
            "metadata": False,
            "type": "realtime",
            "keywords": "netralitas ASN, pilkada",
            "group": "netralitas",
        }
        for category in Category
    ]


def submission_from_request(form: dict[str, str]) -> dict[str, Any]:
    """A POST's fields as `ReportSubmission`'s document; raise `Open311Error` (400) for
    what the spec itself requires: a known service code, a location, a description."""
    code = form.get("service_code", "").strip()
    if code not in Category.__members__:
        raise Open311Error(400, f"service_code {code!r} is not one of GET services")
    description = form.get("description", "").strip()
    if not description:
        raise Open311Error(400, "description is required: what happened, who, where")
    if len(description) > MAX_DESCRIPTION:
        raise Open311Error(400, f"description is longer than {MAX_DESCRIPTION} characters")
    location = _location(form)
    if location is None:
        raise Open311Error(400, "a location is required: lat and long, or address_string")
    name = " ".join(
        filter(None, (form.get("first_name", "").strip(), form.get("last_name", "").strip()))
    )
    reporter = {
        key: value
        for key, value in (
            ("name", name),
            ("email", form.get("email", "").strip()),
            ("phone", form.get("phone", "").strip()),
        )
        if value
    }
    return {
        "channel": Channel.API.value,
        "source": SOURCE,
        "text": description,
        "location_text": location,
        "reporter": reporter,
    }


def _location(form: dict[str, str]) -> str | None:
    address = form.get("address_string", "").strip() or form.get("address_id", "").strip()
    lat, long = form.get("lat", "").strip(), form.get("long", "").strip()
    if lat and long:
        try:
            lat_f, long_f = float(lat), float(long)
        except ValueError as exc:
            raise Open311Error(400, "lat and long must be decimal degrees") from exc
        if not (-90 <= lat_f <= 90 and -180 <= long_f <= 180):
            raise Open311Error(400, "lat and long are outside the globe")
        point = f"{lat_f:.6f},{long_f:.6f}"
        return f"{address} ({point})" if address else point
    return address or None


def requested_ids(raw: str) -> list[str]:
    ids = [part.strip() for part in raw.split(",") if part.strip()]
    if not ids:
        raise Open311Error(
            400, "service_request_id is required: Netra does not list reports to anyone who asks"
        )
    if len(ids) > MAX_IDS_PER_QUERY:
        raise Open311Error(400, f"at most {MAX_IDS_PER_QUERY} service_request_id per query")
    return ids


def request_view(status: PublicStatus) -> dict[str, Any]:
    """One service request as GET answers it: progress only, never the reporter."""
    known = status.status in CaseStatus.__members__.values()
    case_status = CaseStatus(status.status) if known else None
    known_category = status.category in Category.__members__
    category = Category(status.category) if status.category and known_category else None
    updated = max((item.at for item in status.timeline), default=status.received_at)
    return {
        "service_request_id": status.tracking_code,
        "status": "closed" if case_status in CLOSED else "open",
        "status_notes": CITIZEN_STATUS[case_status]["id"] if case_status else status.status,
        "service_name": CATEGORY[category]["id"] if category else None,
        "service_code": category.value if category else None,
        "description": None,  # the report's text is not public
        "agency_responsible": ", ".join(status.routes) or None,
        "service_notice": None,
        "requested_datetime": status.received_at.isoformat(),
        "updated_datetime": updated.isoformat(),
        "expected_datetime": None,
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }
