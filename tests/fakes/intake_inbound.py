"""In-memory fakes of the SMS/WhatsApp desk's ports (service_layer/inbound_ports.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from schemas.gateway import GatewayChannel
from services.intake.domain.inbound import Part
from services.intake.service_layer.inbound_ports import MediaNotFetched, ReplyNotSent


@dataclass(frozen=True)
class SentReply:
    channel: GatewayChannel
    to: str
    text: str
    reference: str


@dataclass
class FakeGatewayReplies:
    """What the "gateway" accepted; `down` refuses every send as an unreachable one would."""

    sent: list[SentReply] = field(default_factory=list)
    down: bool = False

    async def send(self, *, channel: GatewayChannel, to: str, text: str, reference: str) -> None:
        if self.down:
            raise ReplyNotSent("the fake gateway is down")
        if all(r.reference != reference for r in self.sent):  # idempotent by reference
            self.sent.append(SentReply(channel, to, text, reference))


@dataclass
class FakePartJournal:
    parts: dict[str, Part] = field(default_factory=dict)

    def keep(self, part: Part) -> None:
        self.parts[part.message_id] = part

    def drop(self, message_ids: list[str]) -> None:
        for message_id in message_ids:
            self.parts.pop(message_id, None)

    def kept(self) -> list[Part]:
        return list(self.parts.values())


@dataclass
class FakeGatewayMedia:
    """Attachments the "gateway" holds, by URL; an unknown URL is gone (404)."""

    files: dict[str, bytes] = field(default_factory=dict)
    fetched: list[str] = field(default_factory=list)

    async def fetch(self, url: str, *, max_bytes: int) -> bytes:
        self.fetched.append(url)
        data = self.files.get(url)
        if data is None:
            raise MediaNotFetched("the gateway answered 404")
        if len(data) > max_bytes:
            raise MediaNotFetched(f"more than {max_bytes} bytes; the limit is {max_bytes} bytes")
        return data
