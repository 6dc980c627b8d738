"""Public status look-up by tracking code: progress only, never personal data."""

from __future__ import annotations

from fastapi import APIRouter

from schemas.ids import normalise_tracking_code
from services.cases.entrypoints.deps import Reads, View
from services.cases.read_models.status_lookup import PublicStatus, status_of
from services.common.problem import Problem

router = APIRouter(prefix="/v1", tags=["public"])


@router.get("/status/{tracking_code}", response_model=PublicStatus)
async def status(tracking_code: str, reads: Reads, view: View) -> PublicStatus:
    try:
        code = normalise_tracking_code(tracking_code)
    except ValueError as exc:
        raise Problem(400, "Invalid tracking code", str(exc), field="tracking_code") from exc
    found = await status_of(view=view, reads=reads, tracking_code=code)
    if found is None:
        raise Problem(404, "Unknown tracking code", "no report has this tracking code")
    return found
