"""`POST /v1/feeds/reports`: a feed (Bawaslu's systems, `netra import`) files a batch.

Authenticated as its source by its feed token (`Authorization: Bearer`, FEED_TOKENS);
the channel is `bawaslu_feed` and the source the token's, whatever the body says. Each
report is answered on its own: a receipt, or the fields that are wrong. A report that
could not be kept makes the whole answer 503: sending the batch again is safe, as every
report's id follows from (source, source_id) (services/intake/domain/feed_identity.py).
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from services.common.problem import Problem
from services.intake.domain.errors import InvalidSubmission, ReportNotSaved
from services.intake.domain.submission import validate_feed_item
from services.intake.entrypoints.context import Intake, IntakeDep
from services.intake.entrypoints.http import media_type_of, read_json
from services.intake.entrypoints.openapi import json_body, problems

router = APIRouter(prefix="/v1/feeds", tags=["feeds"])


class FeedReport(BaseModel):
    """One report as a feed sends it (the fields of `ReportSubmission` but channel and
    source, plus `source_id`); declared for the OpenAPI document only."""

    source_id: str
    text: str


class FeedBatch(BaseModel):
    reports: list[FeedReport]


def authenticated_source(request: Request, intake: Intake) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    source = intake.feeds.source_for(token.strip()) if scheme.lower() == "bearer" else None
    if source is None:
        raise Problem(
            401,
            "Feed not authenticated",
            "send the feed's token as 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": 'Bearer realm="netra-feeds"'},
        )
    return source


@router.post(
    "/reports",
    openapi_extra={**json_body(FeedBatch), "responses": problems(400, 401, 413, 415, 422, 503)},
)
async def file_feed_batch(request: Request, intake: IntakeDep) -> JSONResponse:
    source = authenticated_source(request, intake)
    if media_type_of(request) != "application/json":
        raise Problem(415, "Unsupported media type", "send the batch as application/json")
    document = await read_json(request, intake)
    reports = document.get("reports") if isinstance(document, dict) else None
    if not isinstance(reports, list) or not reports:
        raise Problem(
            422,
            "Invalid feed batch",
            "Invalid field(s): reports",
            errors=[{"field": "reports", "message": "a non-empty list of reports"}],
        )
    results = await asyncio.gather(*(_file_one(intake, item, source) for item in reports))
    if any(result is None for result in results):
        raise Problem(
            503,
            "Reports not saved",
            "not every report could be stored; send the batch again (it is safe)",
            headers={"Retry-After": str(intake.retry_after_s)},
        )
    return JSONResponse({"source": source, "results": results})


async def _file_one(intake: Intake, item: object, source: str) -> dict[str, Any] | None:
    """The item's answer; None when it validated but could not be kept."""
    source_id = item.get("source_id") if isinstance(item, dict) else None
    try:
        receipt = await intake.file_from_feed(validate_feed_item(item, source=source))
    except InvalidSubmission as exc:
        return {"source_id": source_id, "errors": exc.errors}
    except ReportNotSaved:
        return None
    return {"source_id": source_id, **receipt.model_dump()}
