"""What the SMS/WhatsApp desk (service_layer/inbound.py) needs from the outside world.

Real adapters: `adapters/gateway_replies.py`, `adapters/file_part_journal.py`; fakes in
`tests/fakes/intake_inbound.py`.
"""

from __future__ import annotations

from typing import Protocol

from schemas.gateway import GatewayChannel
from services.intake.domain.inbound import Part


class ReplyNotSent(Exception):
    """The gateway did not take the reply (refused, unreachable, or too slow)."""


class GatewayReplies(Protocol):
    async def send(self, *, channel: GatewayChannel, to: str, text: str, reference: str) -> None:
        """Return once the gateway accepted the message; raise `ReplyNotSent`.

        `reference` is also the idempotency key: sending it again sends nothing twice.
        """
        ...


class PartJournal(Protocol):
    """Parts of reports still being joined, kept durably (sealed: they hold a phone number).

    What the gateway was told is taken survives a restart of intake: `kept` gives it back.
    """

    def keep(self, part: Part) -> None:
        """Return only once the part is durable; the same message id again is harmless."""
        ...

    def drop(self, message_ids: list[str]) -> None: ...

    def kept(self) -> list[Part]:
        """Every part kept and not dropped, in no particular order."""
        ...


class MediaNotFetched(Exception):
    """A WhatsApp attachment the gateway did not hand over: gone, refused, too large, or
    not on the gateway's own address. The message says which, never the number."""


class MediaFetcher(Protocol):
    async def fetch(self, url: str, *, max_bytes: int) -> bytes:
        """The attachment's bytes, read no further than `max_bytes` (more: `MediaNotFetched`)."""
        ...
