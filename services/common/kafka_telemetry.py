"""Tracing on the Kafka broker: a span per consumed batch, only the context on publish."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from faststream._internal.context import ContextRepo
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
from faststream.kafka.response import KafkaPublishCommand
from faststream.opentelemetry.middleware import BaseTelemetryMiddleware
from opentelemetry import propagate


class ConsumeSpansMiddleware(KafkaTelemetryMiddleware):
    """FastStream's telemetry where it is per batch (a span per consumed batch, linked to
    each message); on publishing, only the current trace context into the headers.

    FastStream's publish scope opened two spans per event ("create" and "publish") and
    cost ~80 us of CPU per publish (docs/decisions.md, "Throughput: the bench counts
    every process"), several times per report across the four services. The trace a report
    carries from hop to hop is its `traceparent` header, which is still written (the
    consumer continues it: `telemetry.continuing`), so `netra trace` and X-Trace-Id keep
    their trace ids; the spans that no longer exist told only that a send happened.
    """

    def __call__(
        self, msg: Any | None, /, *, context: ContextRepo
    ) -> BaseTelemetryMiddleware[KafkaPublishCommand]:
        return _ContextOnlyOnPublish(
            msg,
            tracer=self._tracer,
            metrics_container=self._metrics,
            settings_provider_factory=self._settings_provider_factory,
            context=context,
        )


class _ContextOnlyOnPublish(BaseTelemetryMiddleware[KafkaPublishCommand]):
    async def publish_scope(
        self, call_next: Callable[[KafkaPublishCommand], Awaitable[Any]], msg: KafkaPublishCommand
    ) -> Any:
        propagate.inject(msg.headers)  # traceparent (and baggage) of the current context
        return await call_next(msg)
