"""A case page and what can be done on it: commands, notes, the reporter's identity."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ValidationError

from services.cases.domain.errors import (
    InvalidTransition,
    MissingField,
    ReportNotFound,
    UnsupportedCommand,
    VersionConflict,
)
from services.cases.entrypoints import staff_calls
from services.cases.entrypoints.deps import Access, Cases, CasesDeps, Evidence, KeyringDep
from services.cases.entrypoints.evidence_download import download_response
from services.cases.entrypoints.web.action_forms import (
    UnknownCommand,
    action_forms,
    command_from_form,
)
from services.cases.entrypoints.web.case_feedback import refusal_message
from services.cases.entrypoints.web.deadline_view import badge
from services.cases.entrypoints.web.deps import Form, UiPage, first
from services.cases.entrypoints.web.session import signed_in
from services.cases.entrypoints.web.templating import Page, render
from services.cases.entrypoints.web.web_route import WebRoute
from services.cases.read_models.case_view import get_case
from services.cases.read_models.deliveries_view import deliveries_of
from services.cases.read_models.models import CaseRead
from services.cases.service_layer import lifecycle, reporter

router = APIRouter(route_class=WebRoute, include_in_schema=False)
REFUSALS = (InvalidTransition, MissingField, ValidationError, UnsupportedCommand, UnknownCommand)


async def read_case(cases: CasesDeps, page: Page, case_id: str) -> CaseRead:
    assert page.actor is not None
    return await get_case(
        reads=cases.reads, policy=cases.policy, actor=page.actor, case_id=case_id, now=page.now
    )


def case_page(page: Page, case: CaseRead, status_code: int = 200, **values: Any) -> Response:
    deadline = badge(
        case.deadline_at,
        now=page.now,
        warn_before=page.warn_before,
        uncertain=case.deadline_uncertain,
        approximate=case.deadline_approximate,
    )
    values.setdefault("reporter", None)
    return render(
        page,
        "case.html",
        status_code,
        case=case,
        badge=deadline,
        # correct_triage has its own form in the "why here" panel (routes_why.py)
        forms=action_forms([a for a in case.allowed_actions if a != "correct_triage"]),
        deliveries=deliveries_of(case.timeline),
        **values,
    )


def back_to(case_id: str, **flash: str) -> RedirectResponse:
    query = "&".join(f"{k}={v}" for k, v in flash.items())
    return RedirectResponse(f"/cases/{case_id}" + (f"?{query}" if query else ""), status_code=303)


def flash_for(page: Page, done: str | None, note: str | None) -> str | None:
    if done:
        return page.tr.t("case.done", action=page.tr.action(done))
    return page.tr.t("case.note_saved") if note else None


@router.get("/cases/{case_id}")
async def show_case(case_id: str, page: UiPage, cases: Cases) -> Response:
    case = await read_case(cases, page, case_id)
    params = page.request.query_params
    return case_page(page, case, flash=flash_for(page, params.get("done"), params.get("note")))


# A hidden field the page fills; anything else (a tampered form) is refused, never int()'d.
MAX_VERSION_DIGITS = 9


def expected_version(form_version: str | None) -> int | None:
    text = form_version or ""
    ok = text.isascii() and text.isdigit() and len(text) <= MAX_VERSION_DIGITS
    return int(text) if ok else None


async def apply_from_page(
    case_id: str,
    page: UiPage,
    cases: CasesDeps,
    version_text: str | None,
    command: Callable[[], BaseModel | Mapping[str, Any]],
) -> Response | None:
    """Run a command the case page posted; the page answering a refusal, or None when done.

    The form's version goes with the command, so a page older than the case is a 409; the
    command is built inside, so a form the model refuses is a 422 like any other refusal."""
    assert page.actor is not None
    version = expected_version(version_text)
    if version is None:
        case = await read_case(cases, page, case_id)
        message = page.tr.t("case.bad_version")
        return case_page(page, case, 422, flash=message, flash_kind="error")
    try:
        await staff_calls.apply_command(
            cases, page.actor, case_id, command(), expected_version=version
        )
    except VersionConflict:
        case = await read_case(cases, page, case_id)
        return case_page(page, case, 409, flash=page.tr.t("case.conflict"), flash_kind="error")
    except REFUSALS as exc:
        case = await read_case(cases, page, case_id)
        message = refusal_message(page.tr, exc)
        return case_page(page, case, 422, flash=message, flash_kind="error")
    return None


@router.post("/cases/{case_id}/actions/{command}")
async def run_action(
    case_id: str, command: str, page: UiPage, form: Form, cases: Cases
) -> Response:
    version = first(form, "expected_version") or "0"
    refused = await apply_from_page(
        case_id, page, cases, version, lambda: command_from_form(command, form)
    )
    return refused or back_to(case_id, done=command)


@router.post("/cases/{case_id}/notes")
async def add_note(case_id: str, page: UiPage, form: Form, cases: Cases) -> Response:
    assert page.actor is not None
    text = (first(form, "text") or "")[:5000]
    if text:
        await lifecycle.add_note(
            store=cases.store, clock=cases.clock, actor=page.actor, case_id=case_id, text=text
        )
    return back_to(case_id, note="saved") if text else back_to(case_id)


@router.get("/cases/{case_id}/evidence/{sha256}")
async def download_evidence(
    case_id: str, sha256: str, page: UiPage, cases: Cases, access_log: Access, files: Evidence
) -> Response:
    """A download link on the case page; the service logs it before reading the file."""
    staff = signed_in(page.request)
    found = await staff_calls.download_evidence(cases, access_log, files, staff, case_id, sha256)
    return download_response(found)


@router.post("/cases/{case_id}/reporter")
async def show_reporter(
    case_id: str, page: UiPage, form: Form, cases: Cases, access_log: Access, keyring: KeyringDep
) -> Response:
    """Rendered in the POST response (never a URL or a cache); the service logs the read."""
    staff = signed_in(page.request)
    reason = (first(form, "reason") or "")[: reporter.REASON_CHARS]
    if not reason:  # the access log says why; the form asks for it before anything opens
        case = await read_case(cases, page, case_id)
        message = page.tr.t("case.reporter.reason_needed")
        return case_page(page, case, 422, flash=message, flash_kind="error")
    try:
        found = await staff_calls.read_reporter(
            cases,
            access_log,
            keyring,
            staff,
            case_id,
            report_id=first(form, "report_id"),
            reason=reason,
        )
    except ReportNotFound:
        case = await read_case(cases, page, case_id)
        return case_page(page, case, 404, flash=page.tr.t("case.reporter.none"), flash_kind="error")
    case = await read_case(cases, page, case_id)
    return case_page(page, case, reporter=found)
