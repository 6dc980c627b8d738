"""What intake's OpenAPI document says about bodies the routes read for themselves.

The routes parse their bodies by hand (bounded, answering problem+json in intake's own
words), so FastAPI cannot see them; these fragments, given as `openapi_extra`, declare
them for clients and fuzzers. Schemas are inlined (no `$defs`): a `$ref` inside
`openapi_extra` would resolve against the OpenAPI document, not the model's schema.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from schemas.reports import ReportSubmission
from services.common.problem import PROBLEM_JSON
from services.intake.domain.submission import PUBLIC_CHANNELS

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
    },
    "required": ["type", "title", "status"],
}
WHY = {
    400: "Malformed JSON, or nested deeper than allowed",
    413: "Body, or an evidence file, larger than allowed (the file and limit named)",
    415: "Not application/json",
    422: "The report does not validate (each field named), too many files, or a file that is "
    "not an image, PDF, audio or video whatever its name says",
    429: "Too many requests from this client (see Retry-After)",
    503: "Not saved: broker away and spool full or failing (see Retry-After)",
}


def inline_schema(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema()
    definitions: dict[str, Any] = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return resolve(definitions[ref.removeprefix("#/$defs/")])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    resolved: dict[str, Any] = resolve(schema)
    return resolved


def json_body(model: type[BaseModel]) -> dict[str, Any]:
    content = {"application/json": {"schema": inline_schema(model)}}
    return {"requestBody": {"required": True, "content": content}}


def report_body() -> dict[str, Any]:
    """The report as JSON, or as a multipart form: the JSON in `report`, files in `evidence`."""
    report = inline_schema(ReportSubmission)
    # The model takes every channel (the feed, desk and gateway routes file theirs through
    # it); this route only the public ones, so clients and fuzzers are offered those.
    public = [channel.value for channel in PUBLIC_CHANNELS]
    report["properties"]["channel"] = {**report["properties"]["channel"], "enum": public}
    multipart = {
        "type": "object",
        "properties": {
            "report": {"type": "string", "contentMediaType": "application/json"},
            "evidence": {"type": "array", "items": {"type": "string", "format": "binary"}},
            "keep_location": {"type": "string", "enum": ["1"]},
        },
        "required": ["report"],
    }
    content = {"application/json": {"schema": report}, "multipart/form-data": {"schema": multipart}}
    return {"requestBody": {"required": True, "content": content}}


def form_body(fields: dict[str, dict[str, Any]], *, required: list[str]) -> dict[str, Any]:
    """A plain form (no files) or a multipart one (the same fields plus `evidence` files)."""
    plain = {k: v for k, v in fields.items() if v.get("type") != "array"}
    content = {
        "application/x-www-form-urlencoded": {
            "schema": {"type": "object", "properties": plain, "required": required}
        },
        "multipart/form-data": {
            "schema": {"type": "object", "properties": fields, "required": required}
        },
    }
    return {"requestBody": {"required": True, "content": content}}


def problems(*statuses: int) -> dict[str, Any]:
    return {
        str(status): {
            "description": WHY.get(status, "A problem"),
            "content": {PROBLEM_JSON: {"schema": PROBLEM_SCHEMA}},
        }
        for status in statuses
    }
