"""Who reads the reporter-identity access log, as a table: role x region -> scope."""

from __future__ import annotations

import pytest

from services.cases.domain.access_log_scope import access_log_scope, may_read_access_log
from services.cases.domain.model import Actor
from services.cases.domain.vocabulary import Role

EVERYTHING = "*"


@pytest.mark.parametrize(
    ("role", "region", "expected"),
    [
        (Role.ADMIN, None, EVERYTHING),
        (Role.ADMIN, "18", EVERYTHING),
        (Role.BAWASLU, "RI", EVERYTHING),
        (Role.BAWASLU, "18", "18"),
        (Role.BAWASLU, "18.01", None),  # a kabupaten/kota office is supervised, not a supervisor
        (Role.BAWASLU, None, None),  # misconfigured: fails closed
        (Role.BAWASLU, "1", None),
        (Role.GAKKUMDU, "RI", None),
        (Role.BKN, "RI", None),
        (Role.KEMENDAGRI, "RI", None),
        (Role.PPK, "18", None),
        (Role.OPS, "RI", None),
        (Role.SYSTEM, None, None),
    ],
)
def test_scope(role: Role, region: str | None, expected: str | None) -> None:
    actor = Actor(name="x", role=role, region=region)
    scope = access_log_scope(actor)
    if expected is None:
        assert scope is None and not may_read_access_log(actor)
    else:
        assert scope is not None and may_read_access_log(actor)
        assert scope.office == (None if expected == EVERYTHING else expected)


def test_nobody_signed_in_reads_nothing() -> None:
    assert not may_read_access_log(None)
