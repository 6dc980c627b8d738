"""`netra_cases_by_status{status}`: the case backlog by status, counted from this replica's
staff view at each scrape (every replica holds every case: read it with `max`, not `sum`).

Nothing is exported while the view is loading, so a restart never shows a dip to zero.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from prometheus_client import REGISTRY
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from schemas.cases import CaseStatus
from services.cases.read_models.staff_view import StaffView


class CasesByStatus(Collector):
    """Registered once per process; `bind` points it at the view bootstrap built (a test
    building several apps rebinds instead of registering twice)."""

    def __init__(self) -> None:
        self.view: StaffView | None = None

    def bind(self, view: StaffView) -> None:
        self.view = view

    def collect(self) -> Iterator[Metric]:
        view = self.view
        if view is None or not view.warm:
            return
        counts = Counter(row.status for row in list(view.rows.values()))
        family = GaugeMetricFamily(
            "netra_cases_by_status", "Cases in each status (the staff view)", labels=["status"]
        )
        for status in CaseStatus:
            family.add_metric([status.value], counts[status])
        yield family


COLLECTOR = CasesByStatus()
REGISTRY.register(COLLECTOR)
