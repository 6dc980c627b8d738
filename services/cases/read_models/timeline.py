"""A case's timeline as staff and the public status page read it: state changes and
deliveries merged in time order. Deliveries are kept apart in storage (`notifications`)
because they are no state change and must not bump `version`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.cases.read_models.ports import Document


def _notification_item(entry: Mapping[str, Any]) -> Document:
    return {
        "at": entry["at"],
        "action": f"notification.{entry['status']}",
        "actor": "netra-notify",
        "role": "system",
        "from_status": None,
        "to_status": None,
        "reason": f"{entry.get('channel')} -> {entry.get('recipient')}",
        "trace_id": entry.get("trace_id"),
        "details": {
            "notification_id": entry.get("id"),
            "attempts": entry.get("attempts"),
            "channel": entry.get("channel"),
            "recipient": entry.get("recipient"),
            "detail": entry.get("detail"),
            "next_attempt_at": _iso(entry.get("next_attempt_at")),
        },
    }


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


def _timeline_item(entry: Mapping[str, Any]) -> Document:
    actor = entry.get("actor") or {}
    return {
        "at": entry["at"],
        "action": entry["action"],
        "actor": actor.get("name"),
        "role": actor.get("role"),
        "from_status": entry.get("from_status"),
        "to_status": entry.get("to_status"),
        "reason": entry.get("reason"),
        "trace_id": entry.get("trace_id"),
        "details": entry.get("details") or {},
    }


def timeline_view(document: Mapping[str, Any]) -> list[Document]:
    """State changes and deliveries in time order (stable: a change before its delivery)."""
    items = [_timeline_item(e) for e in document.get("timeline", [])]
    items += [_notification_item(n) for n in document.get("notifications", [])]
    return sorted(items, key=lambda item: item["at"])
