"""Closures made on other replicas reach this one's partition state through `case.status_changed`.

A staff write on this replica tells the state at once (bootstrap wires the store's
`case_closed`); one on another replica arrives here, as the relay there publishes it. Every
replica reads every partition of the case events from the moment it starts, in no consumer
group and committing nothing: a closure is only news while a duplicate may still come.
"""

from __future__ import annotations

from collections.abc import Callable

from faststream.kafka import KafkaBroker, KafkaMessage
from faststream.middlewares import AckPolicy

from schemas import topics
from schemas.cases import CaseStatusChanged
from schemas.codec import InvalidEvent, decode
from schemas.events import CASE_STATUS_CHANGED
from services.cases.domain.vocabulary import TERMINAL_STATUSES
from services.common.kafka import raw_decoder

TERMINAL = frozenset(s.value for s in TERMINAL_STATUSES)


def follow_closures(broker: KafkaBroker, *, closed: Callable[[str], None]) -> None:
    @broker.subscriber(
        topics.CASES_EVENTS,
        group_id=None,
        auto_offset_reset="latest",
        ack_policy=AckPolicy.MANUAL,  # nothing to commit: no group, no position to keep
        decoder=raw_decoder,
    )
    async def on_case_event(body: bytes, message: KafkaMessage) -> None:
        if message.headers.get("ce_type") != CASE_STATUS_CHANGED:
            return  # opened, linked, deadlines: not a closure, not decoded
        try:
            changed = decode(body, accept=frozenset({CASE_STATUS_CHANGED})).data
        except InvalidEvent:
            return  # the DLQ is the owning consumers' business, not this listener's
        assert isinstance(changed, CaseStatusChanged)
        if changed.to_status in TERMINAL:
            closed(changed.case_id)
