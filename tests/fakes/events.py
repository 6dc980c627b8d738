"""An in-memory `EventPublisher`: keeps what was published, per topic, in order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from schemas.codec import decode, encode
from schemas.envelope import Envelope
from services.common.publishing import Outgoing
from services.common.telemetry import TraceCarrier


@dataclass(frozen=True)
class Published:
    topic: str
    key: str
    envelope: Envelope[Any]
    trace: TraceCarrier = field(default_factory=dict)


@dataclass
class RecordingPublisher:
    """Encodes and decodes each envelope as Kafka would, so an unserialisable event fails here.

    `fail_with` makes the next publish raise (an unreachable broker), then clears itself.
    """

    published: list[Published] = field(default_factory=list)
    fail_with: Exception | None = None

    async def publish(self, envelope: Envelope[Any], *, topic: str, key: str) -> None:
        if self.fail_with is not None:
            error, self.fail_with = self.fail_with, None
            raise error
        self.published.append(Published(topic, key, decode(encode(envelope))))

    async def publish_all(self, events: Sequence[Outgoing]) -> None:
        """All or (with `fail_with`) none, in the given order."""
        if self.fail_with is not None:
            error, self.fail_with = self.fail_with, None
            raise error
        self.published.extend(
            Published(e.topic, e.key, decode(encode(e.envelope)), e.trace) for e in events
        )

    def on(self, topic: str) -> list[Published]:
        return [p for p in self.published if p.topic == topic]

    def types(self, topic: str | None = None) -> list[str]:
        return [p.envelope.type for p in self.published if topic is None or p.topic == topic]
