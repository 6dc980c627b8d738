"""Intake's Prometheus metrics: which path each accepted report took, and the spool depth."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

ACCEPTED = Counter("netra_intake_reports_total", "Reports accepted", ["channel", "path"])
REFUSED = Counter(
    "netra_intake_reports_refused_total", "Reports neither published nor spooled", ["why"]
)
SPOOL_DEPTH = Gauge("netra_intake_spool_depth", "Reports waiting in the local spool")
