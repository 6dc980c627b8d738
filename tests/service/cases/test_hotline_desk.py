"""The hotline desk and the OPERATOR role, through the API and the page on fakes.

Who may file, the caller's consent (refused without it, nothing sent to intake), what is
sent to intake (the operator's subject and name), the read-back, and what an operator may
read afterwards: only the cases of the reports it filed, behind the same checks as
everyone's (a 404 for another case, an empty queue, no reporter identity).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from schemas.reports import DeskFiling
from schemas.triage import Category
from services.cases.entrypoints import desk_api
from services.cases.entrypoints.desk_call import install_desk
from services.cases.service_layer.filing_plan import Trace, TriagedItem
from tests.fakes.cases.desk import FakeHotlineIntake
from tests.service.cases.staff_support import OFFSETS, StaffWorld, fake_staff_world, token, triaged
from tests.unit.cases.packaged_rules import packaged_policy

OPERATOR = "Rina Operator"
OPERATOR_SUBJECT = f"dev:operator:{OPERATOR}"
REPORT: dict[str, Any] = {
    "text": "Camat Sukamaju ikut kampanye paslon nomor 2 di lapangan desa kemarin sore.",
    "location_text": "Desa Sukamaju, Lampung Tengah",
    "reporter": {"name": "Budi", "phone": "+6281234567890", "confidential": True},
    "witnesses": [{"name": "Sari", "contact": "+6281200000001"}],
}


@pytest.fixture
def world() -> StaffWorld:
    world = fake_staff_world(packaged_policy())
    world.app.include_router(desk_api.router)
    install_desk(world.app, FakeHotlineIntake())
    return world


def intake_of(world: StaffWorld) -> FakeHotlineIntake:
    intake: FakeHotlineIntake = world.app.state.hotline_intake
    return intake


def operator() -> dict[str, str]:
    return token("operator", name=OPERATOR)


async def test_an_operator_files_a_call_with_consent_and_gets_the_read_back(
    world: StaffWorld,
) -> None:
    async with world.client() as http:
        answer = await http.post(
            "/v1/desk/reports", json={"report": REPORT, "consent": True}, headers=operator()
        )
    assert answer.status_code == 202, answer.text
    body = answer.json()
    assert body["tracking_code"] == "NTR-AAAA-BBBB-CCCC-0001"
    assert "nol nol nol satu" in " ".join(body["read_back"]["id"])
    assert "A (Alfa) A (Alfa)" in " ".join(body["read_back"]["en"])
    [call] = intake_of(world).calls
    assert call.filed_by == {
        "operator_id": OPERATOR_SUBJECT,
        "operator_name": OPERATOR,
        "caller_consented": True,
    }
    assert call.report["reporter"]["confidential"] is True
    assert "channel" not in call.report  # intake sets it: hotline


async def test_a_call_without_consent_is_refused_and_nothing_reaches_intake(
    world: StaffWorld,
) -> None:
    async with world.client() as http:
        missing = await http.post("/v1/desk/reports", json={"report": REPORT}, headers=operator())
        declined = await http.post(
            "/v1/desk/reports", json={"report": REPORT, "consent": False}, headers=operator()
        )
    for answer in (missing, declined):
        assert answer.status_code == 422
        assert answer.headers["content-type"] == "application/problem+json"
        problem = answer.json()
        assert problem["title"] == "Consent required"
        assert problem["errors"][0]["field"] == "consent"
        assert "persetujuan" in problem["errors"][0]["message"]
    assert intake_of(world).calls == []


@pytest.mark.parametrize(("role", "region"), [("ppk", "18.12"), ("ops", "RI"), ("bkn", "RI")])
async def test_roles_that_do_not_take_calls_are_refused(
    world: StaffWorld, role: str, region: str
) -> None:
    async with world.client() as http:
        answer = await http.post(
            "/v1/desk/reports",
            json={"report": REPORT, "consent": True},
            headers=token(role, region),
        )
        http.cookies.set("netra_session", token(role, region)["Authorization"][7:])
        page = await http.get("/desk")
    assert answer.status_code == 403
    assert page.status_code == 403
    assert intake_of(world).calls == []


async def test_intake_refusals_come_back_with_the_fields_named(world: StaffWorld) -> None:
    intake_of(world).refuse_with = [{"field": "reporter.phone", "message": "bad number"}]
    async with world.client() as http:
        answer = await http.post(
            "/v1/desk/reports", json={"report": REPORT, "consent": True}, headers=operator()
        )
    assert answer.status_code == 422
    assert answer.json()["errors"] == [{"field": "reporter.phone", "message": "bad number"}]
    intake_of(world).refuse_with = ()
    intake_of(world).away = True
    async with world.client() as http:
        away = await http.post(
            "/v1/desk/reports", json={"report": REPORT, "consent": True}, headers=operator()
        )
    assert away.status_code == 503 and away.headers["Retry-After"]


async def seed_hotline_case(world: StaffWorld, subject: str) -> str:
    report_id = f"RPT-{uuid.uuid4().hex[:12].upper()}"
    event = triaged(
        world.keyring,
        report_id=report_id,
        region="18.12",
        routes=["BAWASLU:18.12"],
        category=Category.CAMPAIGN_ACTIVITY,
        anonymous=False,
        dedup_key=uuid.uuid4().hex,
    )
    filed_by = DeskFiling(operator_id=subject, operator_name=OPERATOR, caller_consented=True)
    report = event.data.report.model_copy(update={"filed_by": filed_by})
    data = event.data.model_copy(update={"report": report})
    item = TriagedItem(event.id, data, 0, Trace(None, None), next(OFFSETS))
    held = await world.filing.file([item])
    return held[report_id]


async def test_an_operator_reads_only_the_cases_it_filed(world: StaffWorld) -> None:
    own = await seed_hotline_case(world, OPERATOR_SUBJECT)
    colleagues = await seed_hotline_case(world, "dev:operator:Someone Else")
    web_case, _ = await world.seed()
    async with world.client() as http:
        mine = await http.get(f"/v1/cases/{own}", headers=operator())
        others = [
            await http.get(f"/v1/cases/{c}", headers=operator()) for c in (colleagues, web_case)
        ]
        queue = await http.get("/v1/cases", headers=operator())
        reporter = await http.get(
            f"/v1/cases/{own}/reporter?reason=tindak+lanjut", headers=operator()
        )
        bawaslu = await http.get(f"/v1/cases/{own}", headers=token("bawaslu", "18.12"))
    assert mine.status_code == 200, mine.text
    [filed, opened] = mine.json()["timeline"][:2]
    assert (filed["action"], filed["actor"], filed["role"]) == (
        "filed_via_hotline",
        OPERATOR,
        "operator",
    )
    assert filed["details"]["channel"] == "hotline" and opened["action"] == "opened"
    assert [r.status_code for r in others] == [404, 404]
    assert queue.status_code == 200 and queue.json()["items"] == []
    assert reporter.status_code in (403, 404)
    assert bawaslu.status_code == 200  # the case is Bawaslu's as any other


async def test_the_desk_page_is_keyboard_first_and_refuses_a_call_without_consent(
    world: StaffWorld,
) -> None:
    cookie = {"netra_session": operator()["Authorization"][7:], "netra_csrf": "c" * 43}
    async with world.client() as http:
        for name, value in cookie.items():
            http.cookies.set(name, value)
        form = await http.get("/desk")
        fields = {
            "csrf_token": "c" * 43,
            "text": REPORT["text"],
            "name": "Budi",
            "filing": "confidential",
        }
        refused = await http.post("/desk", data=fields)
        filed = await http.post("/desk", data={**fields, "consent": "1"})
    assert form.status_code == 200
    assert 'href="/desk"' in form.text  # the operator's nav: the desk, not an empty queue
    assert 'href="/stats"' not in form.text and ">Antrean<" not in form.text
    assert re.search(r'id="f-consent"[^>]*accesskey="1"[^>]*autofocus', form.text)
    assert 'accesskey="s"' in form.text
    assert refused.status_code == 422 and 'id="e-consent"' in refused.text
    assert REPORT["text"] in refused.text  # what was typed is kept
    assert filed.status_code == 200, filed.text
    assert 'id="tracking-code"' in filed.text and "NTR-AAAA-BBBB-CCCC-0001" in filed.text
    assert "Nias" in filed.text and "November" in filed.text  # both read-back scripts
    [call] = intake_of(world).calls
    assert call.report["reporter"] == {
        "name": "Budi",
        "anonymous": False,
        "confidential": True,
        "wants_updates": False,
        "language": "id",
    }
