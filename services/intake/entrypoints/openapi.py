"""What intake's OpenAPI document says about bodies the routes read for themselves.

The routes parse their bodies by hand (bounded, answering problem+json in intake's own
words), so FastAPI cannot see them; these fragments, given as `openapi_extra`, declare
them for clients and fuzzers. Schemas are inlined (no `$defs`): a `$ref` inside
`openapi_extra` would resolve against the OpenAPI document, not the model's schema.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from services.common.problem import PROBLEM_JSON

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
    413: "Body larger than allowed",
    415: "Not application/json",
    422: "The report does not validate (each field named)",
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


def form_body(fields: dict[str, dict[str, Any]], *, required: list[str]) -> dict[str, Any]:
    schema = {"type": "object", "properties": fields, "required": required}
    content = {"application/x-www-form-urlencoded": {"schema": schema}}
    return {"requestBody": {"required": True, "content": content}}


def problems(*statuses: int) -> dict[str, Any]:
    return {
        str(status): {
            "description": WHY.get(status, "A problem"),
            "content": {PROBLEM_JSON: {"schema": PROBLEM_SCHEMA}},
        }
        for status in statuses
    }
