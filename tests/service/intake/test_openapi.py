"""Intake's OpenAPI declares the body of every POST route, so clients and fuzzers see it."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from schemas.reports import ReportSubmission


def openapi(client: TestClient) -> dict[str, Any]:
    document: dict[str, Any] = client.get("/openapi.json").json()
    return document


def test_every_post_route_declares_its_request_body(client: TestClient) -> None:
    paths = openapi(client)["paths"]
    posts = {path: item["post"] for path, item in paths.items() if "post" in item}
    assert set(posts) == {
        "/v1/reports",
        "/lapor",
        "/v1/feeds/reports",
        "/open311/v2/requests.{fmt}",
    }
    for path, operation in posts.items():
        assert operation["requestBody"]["required"] is True, path
        assert operation["requestBody"]["content"], path


def test_the_api_body_is_the_report_submission_inlined(client: TestClient) -> None:
    body = openapi(client)["paths"]["/v1/reports"]["post"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    assert set(schema["properties"]) == set(ReportSubmission.model_fields)
    assert schema["properties"]["reporter"]["properties"]["anonymous"]["type"] == "boolean"
    assert schema["properties"]["channel"]["enum"] == ["web", "api", "email"]
    assert "$ref" not in str(schema) and "$defs" not in schema


def test_the_form_declares_its_fields(client: TestClient) -> None:
    body = openapi(client)["paths"]["/lapor"]["post"]["requestBody"]
    schema = body["content"]["application/x-www-form-urlencoded"]["schema"]
    assert {"text", "name", "phone", "anonymous", "wants_updates"} <= set(schema["properties"])
    assert schema["required"] == ["text"]


def test_declaring_the_body_changed_no_answer(client: TestClient) -> None:
    response = client.post("/v1/reports", json={"channel": "web"})
    assert response.status_code == 422 and response.json()["title"] == "Invalid report"
