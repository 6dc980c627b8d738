"""The directory's matching rule: the most specific pattern wins, `{code}` names the level."""

from __future__ import annotations

from services.notify.domain.directory import DirectoryEntry, Endpoint, recipient_for

ENTRIES = (
    DirectoryEntry("BAWASLU:*", "Bawaslu {code}", (Endpoint("webhook", "http://s/b"),)),
    DirectoryEntry("BAWASLU:18*", "Bawaslu Lampung {code}", (Endpoint("webhook", "http://s/l"),)),
    DirectoryEntry("BAWASLU:18.12", "Bawaslu Tubaba", (Endpoint("webhook", "http://s/t"),)),
    DirectoryEntry("KEMENDAGRI", "Kemendagri ({code})", ()),
)


def name_for(route: str) -> str | None:
    recipient = recipient_for(ENTRIES, route)
    return None if recipient is None else recipient.name


def test_most_specific_pattern_wins_whatever_the_order() -> None:
    assert name_for("BAWASLU:18.12") == "Bawaslu Tubaba"
    assert name_for("BAWASLU:18.01") == "Bawaslu Lampung 18.01"
    assert name_for("BAWASLU:35") == "Bawaslu 35"
    assert recipient_for(reversed(ENTRIES), "BAWASLU:18.12").name == "Bawaslu Tubaba"  # type: ignore[union-attr]


def test_recipient_carries_the_route_and_the_entry_endpoints() -> None:
    recipient = recipient_for(ENTRIES, "BAWASLU:18.01")
    assert recipient is not None
    assert recipient.route == "BAWASLU:18.01"
    assert recipient.endpoints == (Endpoint("webhook", "http://s/l"),)


def test_a_route_without_a_level_names_itself() -> None:
    assert name_for("KEMENDAGRI") == "Kemendagri (KEMENDAGRI)"


def test_no_matching_pattern_means_no_recipient() -> None:
    assert name_for("GAKKUMDU:18") is None
