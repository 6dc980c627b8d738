"""Payload on `netra.dlq.v1`: a message a consumer could not accept, kept for replay."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class DeadLetter(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    source_topic: str
    partition: int
    offset: int
    key: str | None
    consumer: str
    reason: str
    payload_b64: str
    failed_at: datetime
