"""`netra_cases_by_status` (the Grafana dashboard's backlog panel) counts the staff view's
cases per status, every status present, and says nothing while the view is loading."""

from __future__ import annotations

from services.cases.entrypoints.view_metrics import CasesByStatus
from services.cases.read_models.staff_view import StaffView
from tests.service.cases.staff_support import StaffWorld, fake_staff_world, token
from tests.unit.cases.packaged_rules import packaged_policy

BAWASLU = token("bawaslu", "18.12", name="Siti Bawaslu")


def counts(collector: CasesByStatus) -> dict[str, float]:
    (family,) = list(collector.collect())
    assert family.name == "netra_cases_by_status"
    return {sample.labels["status"]: sample.value for sample in family.samples}


async def test_the_backlog_follows_the_staff_view_by_status() -> None:
    world: StaffWorld = fake_staff_world(packaged_policy())
    first, _ = await world.seed()
    await world.seed(region="35.08", routes=["BAWASLU:35.08"])
    collector = CasesByStatus()
    collector.bind(world.view)
    before = counts(collector)
    assert before["received"] == 2 and sum(before.values()) == 2
    moved = await world.transition(first, 1, headers=BAWASLU, command="start_review")
    assert moved.status_code == 200
    after = counts(collector)
    assert after["received"] == 1 and after["preliminary_review"] == 1
    assert sum(after.values()) == 2


def test_a_loading_view_exports_nothing() -> None:
    collector = CasesByStatus()
    assert list(collector.collect()) == []
    collector.bind(StaffView())  # not warm until its load finishes
    assert list(collector.collect()) == []
