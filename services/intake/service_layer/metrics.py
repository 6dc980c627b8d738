"""Intake's Prometheus metrics: which path each accepted report took, the spool depth and
what the spool drainer had to quarantine."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

ACCEPTED = Counter("netra_intake_reports_total", "Reports accepted", ["channel", "path"])
REFUSED = Counter(
    "netra_intake_reports_refused_total", "Reports neither published nor spooled", ["why"]
)
SPOOL_DEPTH = Gauge("netra_intake_spool_depth", "Reports waiting in the local spool")
SPOOL_SET_ASIDE = Counter(
    "netra_intake_spool_set_aside_total",
    "Spooled reports that could not be decoded, moved to the spool's unreadable/ directory",
)
EVIDENCE_STORED = Counter(
    "netra_intake_evidence_files_total", "Evidence files newly written to the evidence store"
)
EVIDENCE_REFUSED = Counter(
    "netra_intake_evidence_refused_total", "Uploads refused (too many, too large, disguised)"
)
