"""Open311 GeoReport v2 on intake, over fakes, against the spec's examples
(tests/service/intake/open311/: their shapes, written from the spec)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from fastapi.testclient import TestClient

from schemas.reports import Channel
from schemas.triage import Category
from services.intake.domain.tracking import PublicStatus, PublicTimelineItem
from tests.fakes.intake import FakeReportPublisher, FakeStatusSource

EXAMPLES = Path(__file__).parent / "open311"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def example(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def tag_tree(element: ElementTree.Element) -> Any:
    """The element names, nested, in order: the structure the spec's example has."""
    return (element.tag, [tag_tree(child) for child in element])


def xml_example(name: str) -> Any:
    return tag_tree(ElementTree.fromstring((EXAMPLES / name).read_bytes()))


def xml_of(body: bytes) -> ElementTree.Element:
    assert body.startswith(b"<?xml version='1.0' encoding='utf-8'?>"), body[:60]
    return ElementTree.fromstring(body)


def post_example(client: TestClient, fmt: str, **changes: str) -> Any:
    body = (EXAMPLES / "post_request.form").read_text().strip()
    for key, value in changes.items():
        body = "&".join(
            f"{key}={value}" if part.startswith(f"{key}=") else part for part in body.split("&")
        )
    return client.post(f"/open311/v2/requests.{fmt}", content=body, headers=FORM)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_discovery_has_the_spec_shape_and_points_at_v2(client: TestClient, fmt: str) -> None:
    response = client.get(f"/open311/discovery.{fmt}")
    assert response.status_code == 200
    if fmt == "json":
        body = response.json()
        assert set(body) == set(example("discovery.json"))
        assert set(body["endpoints"][0]) == set(example("discovery.json")["endpoints"][0])
        assert body["endpoints"][0]["url"].endswith("/open311/v2")
    else:
        assert response.headers["content-type"] == "text/xml; charset=utf-8"
        assert tag_tree(xml_of(response.content)) == xml_example("discovery.xml")


def test_services_are_one_per_category_in_the_spec_shape(client: TestClient) -> None:
    services = client.get("/open311/v2/services.json").json()
    assert [s["service_code"] for s in services] == [c.value for c in Category]
    assert all(set(s) == set(example("services.json")[0]) for s in services)
    root = xml_of(client.get("/open311/v2/services.xml").content)
    assert len(root) == len(Category)
    assert all(tag_tree(s) == xml_example("services.xml")[1][0] for s in root)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_spec_post_example_files_a_report_whose_id_is_the_tracking_code(
    client: TestClient, publisher: FakeReportPublisher, fmt: str
) -> None:
    response = post_example(client, fmt)
    assert response.status_code == 200, response.text
    if fmt == "json":
        answer = response.json()
        assert [set(a) for a in answer] == [set(example("post_request_response.json")[0])]
        request_id = answer[0]["service_request_id"]
    else:
        root = xml_of(response.content)
        assert tag_tree(root) == xml_example("post_request_response.xml")
        request_id = root.findtext("request/service_request_id")
    [event] = publisher.published
    assert request_id == event.data.tracking_code
    content = event.data.content
    assert (content.channel, content.source) == (Channel.API, "open311")
    assert content.location_text == "Desa Sukamaju, Lombok Timur (-8.650000,116.530000)"
    assert event.data.reporter.ciphertext and "Pelapor" not in event.model_dump_json()


@pytest.mark.parametrize(
    ("change", "names"),
    [
        ({"service_code": "POTHOLE"}, "service_code"),
        ({"description": ""}, "description"),
        ({"description": "pendek"}, "description"),
        ({"lat": "", "address_string": ""}, "location"),
        ({"lat": "north"}, "lat and long"),
        ({"email": "not-an-email"}, "reporter.email"),
    ],
)
def test_a_bad_request_is_a_spec_error_naming_the_field_and_files_nothing(
    client: TestClient, publisher: FakeReportPublisher, change: dict[str, str], names: str
) -> None:
    for fmt in ("json", "xml"):
        response = post_example(client, fmt, **change)
        assert response.status_code == 400
        if fmt == "json":
            [error] = response.json()
            assert set(error) == set(example("errors.json")[0]) and error["code"] == 400
            assert names in error["description"]
        else:
            assert tag_tree(xml_of(response.content)) == xml_example("errors.xml")
    assert publisher.published == []


def triaged(code: str, status: str) -> PublicStatus:
    at = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    return PublicStatus(
        tracking_code=code,
        status=status,
        received_at=at,
        category="MONEY_POLITICS",
        routes=["BAWASLU:52.03", "GAKKUMDU:52.03"],
        timeline=[PublicTimelineItem(at=at.replace(hour=9), action="case.opened")],
    )


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_get_a_request_answers_its_status_in_the_spec_shape(
    client: TestClient, statuses: FakeStatusSource, fmt: str
) -> None:
    code = post_example(client, "json").json()[0]["service_request_id"]
    statuses.statuses[code] = triaged(code, "registered")
    response = client.get(f"/open311/v2/requests/{code}.{fmt}")
    assert response.status_code == 200
    if fmt == "json":
        [request] = response.json()
        assert set(request) == set(example("get_request_response.json")[0])
        assert request["service_request_id"] == code and request["status"] == "open"
        assert request["service_code"] == "MONEY_POLITICS"
        assert request["agency_responsible"] == "BAWASLU:52.03, GAKKUMDU:52.03"
        assert request["updated_datetime"] == "2026-12-01T09:00:00+00:00"
    else:
        root = xml_of(response.content)
        assert tag_tree(root) == xml_example("get_request_response.xml")
        assert root.findtext("request/service_request_id") == code


def test_get_requests_by_ids_reports_closed_cases_closed_and_skips_unknown_ones(
    client: TestClient, statuses: FakeStatusSource
) -> None:
    codes = [post_example(client, "json").json()[0]["service_request_id"] for _ in range(2)]
    statuses.statuses[codes[0]] = triaged(codes[0], "closed")
    statuses.statuses[codes[1]] = triaged(codes[1], "received")
    unknown = "NTR-0000-0000-0000-0000"
    answer = client.get(
        "/open311/v2/requests.json", params={"service_request_id": ",".join([*codes, unknown])}
    ).json()
    assert [(r["service_request_id"], r["status"]) for r in answer] == [
        (codes[0], "closed"),
        (codes[1], "open"),
    ]


def test_listing_without_ids_unknown_ids_and_formats_are_spec_errors(client: TestClient) -> None:
    listing = client.get("/open311/v2/requests.json")
    assert listing.status_code == 400 and "service_request_id" in listing.json()[0]["description"]
    missing = client.get("/open311/v2/requests/NTR-0000-0000-0000-0000.xml")
    assert missing.status_code == 404 and xml_of(missing.content).findtext("error/code") == "404"
    assert client.get("/open311/v2/services.yaml").status_code == 404
