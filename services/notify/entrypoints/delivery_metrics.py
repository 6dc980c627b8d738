"""Prometheus metrics of the delivery worker, read from it at each scrape.

- `netra_notifications_total{channel, status}`: attempts ended, by outcome (`delivered`,
  `failed` = will be retried, `dead` = given up) since this process started;
- `netra_notify_queue_depth`: deliveries waiting to be sent (pending or retrying);
- `netra_notify_dead_deliveries`: deliveries given up, until an operator retries them;
- `netra_notify_oldest_pending_age_seconds`: how long the oldest waiting one has waited;
- `netra_notify_unwritten_steps`: attempt outcomes not yet in the log or not published.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import REGISTRY
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from services.notify.domain.delivery_progress import DeliveryState
from services.notify.service_layer.delivering import DeliveryWorker


class WorkerCollector(Collector):
    """Registered once per process; `bind` points it at the worker bootstrap built (a
    test building several apps rebinds instead of registering twice)."""

    def __init__(self) -> None:
        self.worker: DeliveryWorker | None = None

    def bind(self, worker: DeliveryWorker) -> None:
        self.worker = worker

    def collect(self) -> Iterator[Metric]:
        worker = self.worker
        if worker is None:
            return
        outcomes = CounterMetricFamily(
            "netra_notifications",
            "Delivery attempts ended, by outcome",
            labels=["channel", "status"],
        )
        for (channel, status), count in sorted(worker.outcomes.items()):
            outcomes.add_metric([channel, status], count)
        yield outcomes
        yield GaugeMetricFamily(
            "netra_notify_queue_depth", "Deliveries waiting to be sent", worker.queue_depth()
        )
        yield GaugeMetricFamily(
            "netra_notify_dead_deliveries",
            "Deliveries given up (netra deliveries list --status dead)",
            worker.count(DeliveryState.DEAD),
        )
        yield GaugeMetricFamily(
            "netra_notify_oldest_pending_age_seconds",
            "Age of the oldest delivery waiting to be sent",
            worker.oldest_pending_age_s(),
        )
        yield GaugeMetricFamily(
            "netra_notify_unwritten_steps",
            "Attempt outcomes not yet written to the log or published",
            worker.steps.backlog,
        )


COLLECTOR = WorkerCollector()
REGISTRY.register(COLLECTOR)
