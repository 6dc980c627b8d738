"""A configured rules file is the only rule set in force: the web UI and the API agree.

Regression: the staff web routes used to fall back to the packaged rules while the API used
`DEADLINE_RULES_FILE`. Here the configured file gives preliminary review 9 calendar days
(the packaged one: 2); one case moves through the web form, one through the API, and both
get the configured deadline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from services.cases.adapters.deadline_rules_file import PACKAGED_RULES, load_deadline_policy
from services.cases.domain.deadlines import DeadlinePolicy, case_deadline
from services.cases.entrypoints.web.csrf import CSRF_COOKIE, CSRF_FIELD
from services.cases.entrypoints.web.session import SESSION_COOKIE
from services.cases.read_models.documents import state_of
from tests.service.cases.staff_support import StaffWorld, fake_staff_world, token
from tests.unit.cases.packaged_rules import packaged_policy

CSRF = "csrf-value-for-the-test"


def configured_policy(folder: Path) -> DeadlinePolicy:
    """A rules file unlike the packaged one, loaded the way bootstrap loads it."""
    rules: dict[str, Any] = yaml.safe_load(PACKAGED_RULES.read_text(encoding="utf-8"))
    for election in rules["election_types"].values():
        election["statuses"]["preliminary_review"].update(amount=9, unit="calendar_days")
    path = folder / "deadlines.yaml"
    path.write_text(yaml.safe_dump(rules), encoding="utf-8")
    return load_deadline_policy(path, warn_before_hours=None)


async def through_the_api(world: StaffWorld, case_id: str) -> None:
    async with world.client() as http:
        response = await http.post(
            f"/v1/cases/{case_id}/transitions",
            json={"command": "start_review", "expected_version": 1},
            headers=token("bawaslu", "18.12"),
        )
    assert response.status_code == 200, response.text


async def through_the_web_form(world: StaffWorld, case_id: str) -> None:
    bearer = token("bawaslu", "18.12")["Authorization"].removeprefix("Bearer ")
    async with world.client() as http:
        http.cookies.update({SESSION_COOKIE: bearer, CSRF_COOKIE: CSRF})
        response = await http.post(
            f"/cases/{case_id}/actions/start_review",
            data={CSRF_FIELD: CSRF, "expected_version": "1"},
        )
    assert response.status_code == 303, response.text


async def test_the_web_ui_and_the_api_write_the_configured_deadline(tmp_path: Path) -> None:
    policy = configured_policy(tmp_path)
    world = fake_staff_world(policy)
    via_api, _ = await world.seed()
    via_web, _ = await world.seed()
    await through_the_api(world, via_api)
    await through_the_web_form(world, via_web)
    for case_id in (via_api, via_web):
        case = state_of(await world.document(case_id))
        assert case.status == "preliminary_review"
        configured, packaged = case_deadline(case, policy), case_deadline(case, packaged_policy())
        assert configured is not None and packaged is not None
        assert case.deadline_at == configured.at != packaged.at
    api_case = state_of(await world.document(via_api))
    web_case = state_of(await world.document(via_web))
    assert api_case.deadline_at == web_case.deadline_at
