"""A staff correction through the API: re-routed, out of the review queue, exported as a
labelled example in the triage evaluation format (issue 13), on the in-memory store."""

from __future__ import annotations

import pytest

from schemas.triage import Category
from services.cases.read_models.corrections import correction_examples
from tests.service.cases.staff_support import StaffWorld, fake_staff_world, token
from tests.unit.cases.packaged_rules import packaged_policy

BAWASLU = token("bawaslu", "18.12", name="Siti Bawaslu")


@pytest.fixture
def world() -> StaffWorld:
    return fake_staff_world(packaged_policy())


async def test_a_correction_re_routes_and_is_exported_with_who_and_why(world: StaffWorld) -> None:
    text = "Camat minta dukungan staf untuk paslon 2 di apel pagi."
    case_id, report_id = await world.seed(category=Category.OUT_OF_SCOPE, text=text)
    uncorrected, _ = await world.seed()
    response = await world.transition(
        case_id,
        1,
        headers=BAWASLU,
        command="correct_triage",
        category="MOBILIZATION",
        reason="ajakan memilih secara tidak langsung",
    )
    assert response.status_code == 200, response.text
    document = await world.document(case_id)
    assert document["category"] == "MOBILIZATION"
    assert document["routes"] == ["BAWASLU:18.12"]
    assert document["needs_review"] is False
    examples = [e async for e in correction_examples(world.store)]  # type: ignore[arg-type]
    assert len(examples) == 1  # the case nobody corrected is not an example
    example = examples[0]
    assert example["report"]["id"] == report_id and example["report"]["text"] == text
    assert example["expected"]["category"] == "MOBILIZATION"
    assert example["expected"]["routes"] == ["BAWASLU:18.12"]
    assert example["correction"]["by"] == "Siti Bawaslu"
    assert example["correction"]["reason"] == "ajakan memilih secara tidak langsung"
    assert example["correction"]["before"]["category"] == "OUT_OF_SCOPE"
    assert "reporter" not in example["report"]
    assert uncorrected != case_id


async def test_the_review_queue_holds_flagged_cases_until_corrected(world: StaffWorld) -> None:
    flagged, _ = await world.seed(needs_review=True, category=Category.OUT_OF_SCOPE)
    await world.seed()

    async def queue() -> list[str]:
        async with world.client() as http:
            response = await http.get("/v1/cases", params={"needs_review": "true"}, headers=BAWASLU)
        assert response.status_code == 200
        return [row["case_id"] for row in response.json()["items"]]

    assert await queue() == [flagged]
    response = await world.transition(
        flagged, 1, headers=BAWASLU, command="correct_triage", category="MOBILIZATION", reason="x"
    )
    assert response.status_code == 200, response.text
    assert await queue() == []
