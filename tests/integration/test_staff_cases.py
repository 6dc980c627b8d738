"""Races that only the real store can referee: two writers at once on FerretDB."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from services.cases.read_models.documents import state_of
from tests.infra import SessionInfra
from tests.integration.staff_support import mongo_store_of, staff_world
from tests.service.cases.staff_support import StaffWorld, token

BAWASLU = token("bawaslu", "18.12", name="Siti Bawaslu")


@pytest.fixture
async def world(infra: SessionInfra) -> AsyncIterator[StaffWorld]:
    async with staff_world(infra) as built:
        yield built


async def _transition(world: StaffWorld, case_id: str, version: int, **body: object) -> int:
    async with world.client() as http:
        response = await http.post(
            f"/v1/cases/{case_id}/transitions",
            json={"expected_version": version, **body},
            headers=BAWASLU,
        )
    return response.status_code


async def test_two_concurrent_transitions_exactly_one_wins(world: StaffWorld) -> None:
    case_id, _ = await world.seed()
    results = await asyncio.gather(
        _transition(world, case_id, 1, command="start_review"),
        _transition(world, case_id, 1, command="withdraw", reason="dicabut pelapor"),
    )
    assert sorted(results) == [200, 409]
    document = await world.document(case_id)
    assert document["version"] == 2 and len(document["timeline"]) == 2


async def test_the_version_check_holds_at_the_write_itself(world: StaffWorld) -> None:
    """Both writers read version 1 before either writes: the store lets only one through."""
    case_id, _ = await world.seed()
    document = await world.document(case_id)
    case = state_of(document)
    changed = case.model_copy(update={"version": 2})
    writes = await asyncio.gather(
        mongo_store_of(world).save_change(changed, expected_version=1, entries=[]),
        mongo_store_of(world).save_change(changed, expected_version=1, entries=[]),
    )
    assert sorted(writes) == [False, True]
