"""Open311 GeoReport v2 over intake: discovery, services, requests (POST and GET).

`.json` or `.xml` on every resource, as the spec allows. A POSTed request takes the one
accept path every channel takes; its `service_request_id` is the tracking code, which
GET answers from the cases service's public status. Mapping: domain/open311.py.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from services.intake.domain.errors import InvalidSubmission, MalformedTrackingCode, ReportNotSaved
from services.intake.domain.open311 import (
    SERVICE_NOTICE,
    SPECIFICATION,
    Open311Error,
    request_view,
    requested_ids,
    services,
    submission_from_request,
)
from services.intake.domain.submission import validate_submission
from services.intake.domain.tracking import tracking_code
from services.intake.entrypoints.context import Intake, IntakeDep
from services.intake.entrypoints.open311_format import Format, error, render
from services.intake.entrypoints.openapi import form_body
from services.intake.service_layer.ports import StatusUnavailable

router = APIRouter(prefix="/open311", tags=["open311"])
CHANGESET = "2026-12-03T00:00:00Z"  # when the services below last changed
MAX_FORM_FIELDS = 40


def format_of(fmt: str) -> Format | None:
    return "json" if fmt == "json" else "xml" if fmt == "xml" else None


def unknown_format(fmt: str) -> Response:
    return error(404, f"format {fmt!r}: use .json or .xml", fmt="json")


@router.get("/discovery.{fmt}")
async def discovery(fmt: str, request: Request) -> Response:
    chosen = format_of(fmt)
    if chosen is None:
        return unknown_format(fmt)
    document = {
        "changeset": CHANGESET,
        "contact": "Bawaslu / Netra, https://bawaslu.go.id",
        "key_service": "no api_key needed",
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": str(request.base_url).rstrip("/") + "/open311/v2",
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return render(document, root="discovery", fmt=chosen)


@router.get("/v2/services.{fmt}")
async def list_services(fmt: str) -> Response:
    chosen = format_of(fmt)
    if chosen is None:
        return unknown_format(fmt)
    return render(services(), root="services", fmt=chosen)


@router.get("/v2/services/{service_code}.{fmt}")
async def service_definition(service_code: str, fmt: str) -> Response:
    chosen = format_of(fmt)
    if chosen is None:
        return unknown_format(fmt)
    if service_code not in {s["service_code"] for s in services()}:
        return error(404, f"no service {service_code!r}", fmt=chosen)
    definition = {"service_code": service_code, "attributes": []}
    return render(definition, root="service_definition", fmt=chosen)


REQUEST_FIELDS = {
    name: {"type": "string"}
    for name in (
        "jurisdiction_id",
        "api_key",
        "service_code",
        "lat",
        "long",
        "address_string",
        "address_id",
        "email",
        "device_id",
        "account_id",
        "first_name",
        "last_name",
        "phone",
        "description",
        "media_url",
    )
}


@router.post(
    "/v2/requests.{fmt}",
    openapi_extra=form_body(REQUEST_FIELDS, required=["service_code", "description"]),
)
async def post_request(fmt: str, request: Request, intake: IntakeDep) -> Response:
    chosen = format_of(fmt)
    if chosen is None:
        return unknown_format(fmt)
    # The app-wide bound leaves room for evidence uploads; an Open311 form carries no files.
    if len(await request.body()) > intake.max_json_bytes:
        limit = intake.max_json_bytes
        return error(413, f"the request body exceeds the limit of {limit} bytes", fmt=chosen)
    form = await request.form(max_files=0, max_fields=MAX_FORM_FIELDS)
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    try:
        document = submission_from_request(fields)
        receipt = await intake.file(validate_submission(document))
    except Open311Error as exc:
        return error(exc.code, exc.description, fmt=chosen)
    except InvalidSubmission as exc:
        wrong = "; ".join(f"{e['field']}: {e['message']}" for e in exc.errors)
        return error(400, wrong.replace("text:", "description:"), fmt=chosen)
    except ReportNotSaved:
        return error(503, "the request could not be stored; send it again later", fmt=chosen)
    answer = [
        {
            "service_request_id": receipt.tracking_code,
            "service_notice": SERVICE_NOTICE,
            "account_id": None,
        }
    ]
    return render(answer, root="service_requests", fmt=chosen)


@router.get("/v2/requests.{fmt}")
async def get_requests(
    fmt: str,
    intake: IntakeDep,
    service_request_id: Annotated[str, Query()] = "",
) -> Response:
    chosen = format_of(fmt)
    if chosen is None:
        return unknown_format(fmt)
    try:
        found = [await _one(intake, raw) for raw in requested_ids(service_request_id)]
    except Open311Error as exc:
        return error(exc.code, exc.description, fmt=chosen)
    except StatusUnavailable:
        return error(503, "status unavailable; try again later", fmt=chosen)
    views = [view for view in found if view is not None]
    return render(views, root="service_requests", fmt=chosen)


@router.get("/v2/requests/{service_request_id}.{fmt}")
async def get_request(service_request_id: str, fmt: str, intake: IntakeDep) -> Response:
    chosen = format_of(fmt)
    if chosen is None:
        return unknown_format(fmt)
    try:
        view = await _one(intake, service_request_id)
    except StatusUnavailable:
        return error(503, "status unavailable; try again later", fmt=chosen)
    if view is None:
        return error(404, f"no service request {service_request_id!r}", fmt=chosen)
    return render([view], root="service_requests", fmt=chosen)


async def _one(intake: Intake, raw: str) -> dict[str, object] | None:
    try:
        code = tracking_code(raw)
    except MalformedTrackingCode:
        return None
    status = await intake.statuses.find(code)
    return request_view(status) if status is not None else None
