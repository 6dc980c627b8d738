"""Payload on `netra.dlq.v1`: a message a consumer could not accept, kept for replay.

`reason_class` says why (docs/runbook.md "Dead letters"): `poison` (the message cannot be
decoded or validated, or the handler raised a decode/validation error on it) or
`retries_exhausted` (the handler kept failing on it `attempts` times with something that
was neither poison nor a dependency outage). The fields after `failed_at` were added
later with defaults, so letters written before them still read. A payload too large to
fit in a letter under Kafka's message limit is kept truncated (`payload_truncated`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

ReasonClass = Literal["poison", "retries_exhausted"]


class DeadLetter(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    source_topic: str
    partition: int
    offset: int
    key: str | None
    consumer: str
    reason: str  # human-readable: the decoder's finding or the exception's message
    payload_b64: str  # the original bytes (events carry personal data encrypted)
    failed_at: datetime
    reason_class: ReasonClass = "poison"
    error_type: str | None = None  # the exception's class name
    traceback_digest: str | None = None  # services/common/failures.traceback_digest
    attempts: int = 0  # handler calls with this message alone before giving up
    payload_size: int | None = None  # bytes of the original message
    payload_truncated: bool = False  # payload_b64 holds only its start: it cannot be replayed
