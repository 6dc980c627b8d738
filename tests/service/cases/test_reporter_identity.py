"""Opening a sealed reporter identity: logged first, so a failed log write opens nothing."""

from __future__ import annotations

import pytest

from services.cases.domain.errors import Forbidden, ReportNotFound
from services.cases.domain.model import Actor
from services.cases.domain.vocabulary import Role
from services.cases.service_layer.reporter import ReporterIdentity, read_reporter
from tests.fakes.cases.access_log import InMemoryAccessLog
from tests.service.cases.staff_support import StaffWorld, fake_staff_world
from tests.unit.cases.packaged_rules import packaged_policy

SITI = Actor(name="Siti", role=Role.BAWASLU, region="18.12")


async def read(world: StaffWorld, case_id: str, actor: Actor = SITI) -> ReporterIdentity:
    return await read_reporter(
        store=world.store,
        access_log=world.access_log,
        keyring=world.keyring,
        clock=world.app.state.clock,
        actor=actor,
        subject="dev:bawaslu:Siti",
        case_id=case_id,
        report_id=None,
        reason="klarifikasi pelapor",
        trace_id="t-1",
    )


async def test_the_identity_is_opened_after_the_read_is_logged() -> None:
    world = fake_staff_world(packaged_policy())
    case_id, report_id = await world.seed()
    found = await read(world, case_id)
    assert found.report_id == report_id and found.identity["name"] == "Budi Santoso"
    [entry] = await world.access_log.entries_for(case_id)
    assert entry["reason"] == "klarifikasi pelapor"
    assert (entry["subject"], entry["report_id"], entry["trace_id"]) == (
        "dev:bawaslu:Siti",
        report_id,
        "t-1",
    )


async def test_a_failed_log_write_opens_nothing() -> None:
    world = fake_staff_world(packaged_policy())
    case_id, _ = await world.seed()
    assert isinstance(world.access_log, InMemoryAccessLog)
    world.access_log.fail_with = ConnectionError("store down")
    with pytest.raises(ConnectionError):
        await read(world, case_id)
    assert await world.access_log.entries_for(case_id) == []


async def test_roles_without_need_and_anonymous_cases_are_refused() -> None:
    world = fake_staff_world(packaged_policy())
    named, _ = await world.seed()
    anonymous, _ = await world.seed(anonymous=True)
    with pytest.raises(Forbidden):
        await read(world, named, Actor(name="Ops", role=Role.OPS, region="RI"))
    with pytest.raises(ReportNotFound):
        await read(world, anonymous)
    assert await world.access_log.entries_for(named) == []
