"""The SMS/WhatsApp desk's Prometheus metrics (docs/runbook.md)."""

from __future__ import annotations

from prometheus_client import Counter

INBOUND = Counter(
    "netra_intake_inbound_messages_total",
    "Citizens' gateway messages taken, by what they were",
    ["channel", "outcome"],
)
REPLIES = Counter(
    "netra_intake_inbound_replies_total",
    "Replies sent to citizens through the gateway",
    ["outcome"],
)
MEDIA = Counter(
    "netra_intake_inbound_media_total",
    "WhatsApp attachments of filed reports: taken as evidence, or refused (and named)",
    ["outcome"],
)
