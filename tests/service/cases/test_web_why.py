"""The case page's "why here" panel and its correction form, on the fakes: what triage
decided and on which words, each route with its rule, and a correction through the same
use case as the API, refused to whoever the API refuses."""

from __future__ import annotations

import pytest

from tests.service.cases.staff_support import StaffWorld, fake_staff_world
from tests.service.cases.web_support import form, signed_in
from tests.unit.cases.packaged_rules import packaged_policy

REGION = "18.01"  # the contract example's region: its rules fired for BAWASLU:18.01


@pytest.fixture
def world() -> StaffWorld:
    return fake_staff_world(packaged_policy())


async def page_of(world: StaffWorld, case_id: str, role: str, region: str | None) -> str:
    async with signed_in(world, role, region) as http:
        response = await http.get(f"/cases/{case_id}", params={"lang": "en"})
    assert response.status_code == 200, response.text[:300]
    return response.text


async def test_the_panel_shows_words_rules_and_confidence(world: StaffWorld) -> None:
    case_id, _ = await world.seed(region=REGION)
    html = await page_of(world, case_id, "bawaslu", REGION)
    assert 'id="why"' in html
    assert "<q>hadir dalam deklarasi</q>" in html and "<q>camat</q>" in html
    assert "bawaslu-first" in html and "Every in-scope report goes to Bawaslu" in html
    assert ">75%<" in html and ">95%<" in html  # category; subject and region
    assert f'action="/cases/{case_id}/triage"' in html
    assert f"/cases/{case_id}/actions/correct_triage" not in html  # one form, in the panel


async def test_a_correction_through_the_form_re_routes_and_is_shown(world: StaffWorld) -> None:
    case_id, _ = await world.seed(region=REGION)
    async with signed_in(world, "bawaslu", REGION, name="Siti Rahma") as http:
        response = await http.post(
            f"/cases/{case_id}/triage",
            data=form(
                expected_version="1",
                category="MONEY_POLITICS",
                subject_type="ASN",
                region_code=REGION,
                routes="",
                reason="amplop untuk warga",
            ),
        )
        assert response.status_code == 303
        assert response.headers["location"] == f"/cases/{case_id}?done=correct_triage#why"
    document = await world.document(case_id)
    assert document["category"] == "MONEY_POLITICS"
    assert document["routes"] == ["BAWASLU:18.01", "GAKKUMDU:18.01"]  # by the contract
    [entry] = [e for e in document["timeline"] if e["action"] == "correct_triage"]
    assert entry["actor"]["name"] == "Siti Rahma" and entry["reason"] == "amplop untuk warga"
    assert any(o["type"] == "case.triage_corrected" for o in document["outbox"])
    html = await page_of(world, case_id, "bawaslu", REGION)
    assert "Money politics" in html and "triage decided" in html and "amplop untuk warga" in html
    assert 'data-route="GAKKUMDU:18.01"' in html
    assert "No triage rule named this route" in html  # the new route came from staff


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"region_code": "Lampung"}, "Region code"),
        ({"routes": "BAWASLU:18.01, NOBODY"}, "Routes"),
        ({"category": "NOT_A_CATEGORY"}, "Category"),
        ({"reason": ""}, "Reason"),
    ],
)
async def test_a_bad_correction_is_a_422_page_naming_the_field(
    world: StaffWorld, fields: dict[str, str], named: str
) -> None:
    case_id, _ = await world.seed(region=REGION)
    values = {"expected_version": "1", "category": "MOBILIZATION", "reason": "x", **fields}
    async with signed_in(world, "bawaslu", REGION) as http:
        response = await http.post(
            f"/cases/{case_id}/triage", data=form(**values), params={"lang": "en"}
        )
    assert response.status_code == 422 and named in response.text
    assert (await world.document(case_id))["version"] == 1


async def test_a_stale_form_is_a_409_page(world: StaffWorld) -> None:
    case_id, _ = await world.seed(region=REGION)
    async with signed_in(world, "bawaslu", REGION) as http:
        response = await http.post(
            f"/cases/{case_id}/triage",
            data=form(expected_version="7", category="MOBILIZATION", reason="x"),
        )
    assert response.status_code == 409


@pytest.mark.parametrize(
    ("role", "region", "status"),
    [
        ("ops", "RI", 403),  # sees the case (metadata), may not correct
        ("gakkumdu", REGION, 404),  # not routed to Gakkumdu: the case does not exist for it
        ("bkn", REGION, 404),  # not forwarded to BKN yet
        ("bawaslu", "35.08", 404),  # another region's Bawaslu
    ],
)
async def test_who_may_not_correct_sees_no_form_and_is_refused(
    world: StaffWorld, role: str, region: str, status: int
) -> None:
    case_id, _ = await world.seed(region=REGION)
    async with signed_in(world, role, region) as http:
        shown = await http.get(f"/cases/{case_id}")
        posted = await http.post(
            f"/cases/{case_id}/triage",
            data=form(expected_version="1", category="MONEY_POLITICS", reason="coba"),
        )
    assert shown.status_code in (200, 404)
    assert "why-correct-form" not in shown.text
    assert posted.status_code == status
    assert (await world.document(case_id))["category"] == "CAMPAIGN_ACTIVITY"


async def test_ops_sees_the_rules_but_not_the_report_words(world: StaffWorld) -> None:
    case_id, _ = await world.seed(region=REGION)
    html = await page_of(world, case_id, "ops", "RI")
    assert "bawaslu-first" in html
    assert "hadir dalam deklarasi" not in html


async def test_a_case_opened_before_the_words_were_kept_says_so(world: StaffWorld) -> None:
    case_id, _ = await world.seed(region=REGION)
    world.store.cases[case_id].pop("triage_basis")  # type: ignore[attr-defined]
    html = await page_of(world, case_id, "bawaslu", REGION)
    assert "were not kept for this case" in html and "bawaslu-first" in html
