"""The link preview (service_layer/link_preview.py) refuses exactly what the link would, and
writes nothing."""

from __future__ import annotations

import pytest

from services.cases.domain.errors import Forbidden, InvalidTransition, ReportNotFound
from services.cases.domain.model import Actor
from services.cases.domain.vocabulary import Role
from services.cases.service_layer.link_preview import preview_link
from tests.fakes.cases.store import InMemoryCaseStore
from tests.fakes.clock import FakeClock
from tests.service.cases.staff_support import fake_staff_world
from tests.unit.cases.packaged_rules import packaged_policy

BAWASLU = Actor(name="Siti", role=Role.BAWASLU, region="18.12")


async def test_the_preview_shows_both_sides_and_refuses_what_the_link_would() -> None:
    world = fake_staff_world(packaged_policy())
    store = world.store
    assert isinstance(store, InMemoryCaseStore)
    target, own = await world.seed(region="18.12", routes=["BAWASLU:18.12", "GAKKUMDU:18.12"])
    source, _ = await world.seed(region="18.12", dedup_key="viral")
    _, duplicate = await world.seed(region="18.12", dedup_key="viral")
    _, foreign = await world.seed(region="35.08")
    lonely, alone = await world.seed(region="18.12")
    before = {c: store.document(c)["version"] for c in (target, source, lonely)}

    async def preview(report_id: str, actor: Actor = BAWASLU) -> object:
        return await preview_link(
            store=store,
            policy=packaged_policy(),
            clock=FakeClock(),
            actor=actor,
            case_id=target,
            report_id=report_id,
        )

    found = await preview(duplicate)
    assert found.case.state.case_id == target  # type: ignore[attr-defined]
    assert found.source.state.case_id == source  # type: ignore[attr-defined]
    assert found.report["_id"] == duplicate and found.report["case_id"] == source  # type: ignore[attr-defined]
    with pytest.raises(InvalidTransition, match="already linked"):
        await preview(own)
    with pytest.raises(InvalidTransition, match="only report"):
        await preview(alone)
    for unseen in (foreign, "RPT-NOT-THERE"):  # another region's report is, here, unknown
        with pytest.raises(ReportNotFound):
            await preview(unseen)
    with pytest.raises(Forbidden):
        await preview(duplicate, Actor(name="g", role=Role.GAKKUMDU, region="18.12"))
    assert {c: store.document(c)["version"] for c in before} == before
