"""Queue page cursors: an opaque token for the position of the last row shown."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from services.cases.read_models.ports import QueuePosition


class InvalidCursor(ValueError):
    pass


def encode_cursor(queue_at: datetime, case_id: str) -> str:
    raw = json.dumps({"at": queue_at.isoformat(), "id": case_id}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> QueuePosition | None:
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data: dict[str, Any] = json.loads(base64.urlsafe_b64decode(padded))
        return datetime.fromisoformat(data["at"]), str(data["id"])
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidCursor("cursor is not one this API issued") from exc
