"""The hotline desk's entrypoint plumbing shared by its API and its page: the configured
intake client, reading a call from a request, and the answers' wording.

A call is the report in intake's submission fields (the channel is intake's to set),
`consent` (the caller agreed that the report is recorded and processed), files named
`evidence` and `keep_location=1`. The API takes it as JSON `{"report": {...}, "consent":
true}` or as multipart/form-data with `report` a JSON part; the page as its form fields
(entrypoints/web/desk_form.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from starlette.datastructures import UploadFile

from services.cases.service_layer.desk_ports import DeskFile, HotlineIntake
from services.common.problem import Problem

NO_CONSENT = (
    "the caller's consent to record and process the report is required: ask before filing "
    "(persetujuan penelepon wajib sebelum laporan dicatat)"
)
MAX_DESK_FILES = 20  # intake applies its own, smaller limit and names it


def install_desk(app: FastAPI, intake: HotlineIntake) -> None:
    app.state.hotline_intake = intake


def hotline_intake_of(request: Request) -> HotlineIntake:
    intake: HotlineIntake = request.app.state.hotline_intake
    return intake


HotlineIntakeDep = Annotated[HotlineIntake, Depends(hotline_intake_of)]


@dataclass(frozen=True)
class CallForm:
    fields: dict[str, str]
    files: list[DeskFile]


async def read_form(request: Request) -> CallForm:
    """Text fields (first value each) and the non-empty files named `evidence`."""
    form = await request.form(max_files=MAX_DESK_FILES)
    fields: dict[str, str] = {}
    files: list[DeskFile] = []
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            data = await value.read()
            if key == "evidence" and (data or value.filename):
                files.append(DeskFile(value.filename or "evidence", data))
        else:
            fields.setdefault(key, value)
    return CallForm(fields, files)


def consent_given(value: object) -> bool:
    return value is True or value in ("1", "true", "on", "yes")


async def read_api_call(request: Request) -> tuple[dict[str, Any], bool, list[DeskFile], bool]:
    """(report, consent, files, keep_location) from the API's JSON or multipart body."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type == "application/json":
        try:
            body = json.loads(await request.body())
        except ValueError as exc:
            raise Problem(400, "Malformed JSON", str(exc)) from exc
        if not isinstance(body, dict):
            raise Problem(422, "Invalid call", "the body is a JSON object: report and consent")
        report = body.get("report")
        keep = body.get("keep_location") is True
        return _report_object(report), consent_given(body.get("consent")), [], keep
    if media_type != "multipart/form-data":
        raise Problem(415, "Unsupported media type", "send application/json or multipart/form-data")
    form = await read_form(request)
    try:
        report = json.loads(form.fields.get("report", "null"))
    except ValueError as exc:
        raise Problem(400, "Malformed JSON", f"report: {exc}") from exc
    keep = form.fields.get("keep_location") == "1"
    return _report_object(report), consent_given(form.fields.get("consent")), form.files, keep


def _report_object(report: object) -> dict[str, Any]:
    if not isinstance(report, dict):
        error = {"field": "report", "message": "the report (a JSON object) is required"}
        raise Problem(422, "Invalid call", "Invalid field(s): report", errors=[error])
    return report
