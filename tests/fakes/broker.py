"""A broker that only records its subscribers' declarations (topic -> options)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from faststream.kafka import KafkaBroker

F = TypeVar("F")


class RecordingBroker:
    def __init__(self) -> None:
        self.declared: dict[str, dict[str, Any]] = {}

    def subscriber(self, topic: str, **options: Any) -> Callable[[F], F]:
        self.declared[topic] = options
        return lambda handler: handler

    def as_kafka(self) -> KafkaBroker:
        return cast(KafkaBroker, self)
