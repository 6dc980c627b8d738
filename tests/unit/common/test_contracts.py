"""Contracts: exported JSON Schema matches the models, examples validate, registry is whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemas import topics
from schemas.codec import InvalidEvent, decode, encode
from schemas.events import PAYLOADS
from schemas.export import JSON_DIR, event_schemas, render

pytestmark = pytest.mark.unit
EXAMPLES = Path(topics.__file__).parent / "examples"


@pytest.mark.parametrize("name", sorted(event_schemas()))
def test_exported_schema_has_not_drifted(name: str) -> None:
    checked_in = (JSON_DIR / name).read_text(encoding="utf-8")
    assert checked_in == render(event_schemas()[name]), "run `python -m schemas.export`"


def test_every_event_type_lives_on_a_registered_topic() -> None:
    registered = {t for spec in topics.TOPICS for t in spec.event_types}
    assert registered == set(PAYLOADS)


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_examples_validate_and_round_trip(example: Path) -> None:
    raw = example.read_bytes()
    envelope = decode(raw)
    assert envelope.type == example.stem
    assert json.loads(encode(envelope)) == json.loads(raw)
    listed = [spec for spec in topics.TOPICS if envelope.type in spec.event_types]
    assert listed and f"{envelope.type}.json" in listed[0].examples


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\xff\xfe garbage", "not JSON"),
        (b"[1, 2]", "not a JSON object"),
        (b'{"type": "report.exploded"}', "unknown event type"),
        (b'{"type": "report.received", "source": "x", "data": {}}', "invalid payload: report_id"),
    ],
)
def test_decode_names_what_is_wrong(raw: bytes, reason: str) -> None:
    with pytest.raises(InvalidEvent, match=reason):
        decode(raw)


def test_decode_refuses_an_event_from_another_topic() -> None:
    raw = (EXAMPLES / "case.opened.json").read_bytes()
    with pytest.raises(InvalidEvent, match="does not belong"):
        decode(raw, accept=frozenset({"report.received"}))


def test_topic_lookup() -> None:
    assert topics.spec(topics.REPORTS_TRIAGED).consumers == ("cases",)
    with pytest.raises(KeyError):
        topics.spec("netra.nope.v1")
