"""Which servers get lookup indexes (`services/common/mongo.reads_use_indexes`): the
answer read from `buildInfo`, with a stand-in database. On the real stores:
tests/integration/test_case_repository.py."""

from __future__ import annotations

from typing import Any

import pytest

from services.common.mongo import index_name, reads_use_indexes


class BuildInfoOnly:
    def __init__(self, reply: dict[str, Any]) -> None:
        self.reply = reply
        self.commands: list[str] = []

    async def command(self, name: str) -> dict[str, Any]:
        self.commands.append(name)
        return self.reply


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ({"version": "7.0.42", "ferretdbVersion": "v1.24.0"}, False),
        ({"version": "7.0.42", "ferretdbVersion": "1.21.0"}, False),
        ({"version": "7.0.77", "ferretdbVersion": "v2.1.0"}, True),  # DocumentDB: real indexes
        ({"version": "8.0.4"}, True),  # MongoDB
        ({"version": "3.6.0", "ferretdbVersion": None}, True),
    ],
)
async def test_only_ferretdb_1_is_a_server_whose_reads_ignore_indexes(
    reply: dict[str, Any], expected: bool
) -> None:
    db = BuildInfoOnly(reply)
    assert await reads_use_indexes(db) is expected  # type: ignore[arg-type]
    assert db.commands == ["buildInfo"]


def test_an_index_is_named_as_create_index_names_it() -> None:
    assert index_name([("case_id", 1)]) == "case_id_1"
    assert index_name([("region", 1), ("at", -1), ("_id", -1)]) == "region_1_at_-1__id_-1"
