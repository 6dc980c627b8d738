"""The delivery worker's bookkeeping: its limits, a delivery it holds, an endpoint's lane."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime

from services.notify.domain.delivery_progress import Progress
from services.notify.domain.endpoint_circuit import EndpointCircuit
from services.notify.domain.plans import PlannedDelivery


@dataclass(frozen=True)
class WorkerLimits:
    pool_size: int  # attempts in flight at once, over every endpoint
    per_endpoint: int  # ... and per endpoint
    send_timeout_s: float  # an attempt without an answer by then failed (retryable)
    failures_to_open: int  # consecutive failures that open an endpoint's circuit
    open_for_s: float  # how long an open circuit keeps the endpoint's deliveries waiting


@dataclass
class Tracked:
    planned: PlannedDelivery
    planned_at: datetime
    progress: Progress
    endpoint: str
    partition: int  # of the case events it was planned from: who owns it, sends it
    queued: bool = False  # in its endpoint's lane, waiting for a slot
    running: bool = False


@dataclass
class Lane:
    circuit: EndpointCircuit
    ready: deque[str] = field(default_factory=deque)
    running: int = 0
