"""Ports of the planned-delivery pipeline (issue 11): planner, renderer, channels.

Each has an in-memory fake in tests/fakes/ and a contract suite in tests/contracts/notify/.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from pydantic import BaseModel

from schemas.envelope import Envelope
from services.notify.domain.plans import Addressee, Message, PlannedDelivery, SendOutcome


class DeliveryPlanner(Protocol):
    """Who is told of this case event, over which channels (matrix + directory)."""

    async def plan(
        self, envelope: Envelope[BaseModel], trace: dict[str, str]
    ) -> Sequence[PlannedDelivery]: ...


class Renderer(Protocol):
    """The planned delivery as its channel shows it, in the addressee's language."""

    def render(self, planned: PlannedDelivery) -> Message: ...


class OutboundChannel(Protocol):
    """One attempt to reach one addressee; retries and back-off are the worker's."""

    async def send(
        self, *, addressee: Addressee, notification_id: str, message: Message
    ) -> SendOutcome: ...
