"""Notify's delivery metrics as Prometheus scrapes them: outcomes by channel and status,
queue depth, dead ones, the oldest waiting delivery's age."""

from __future__ import annotations

from prometheus_client import REGISTRY, generate_latest

from services.notify.entrypoints.delivery_metrics import COLLECTOR
from tests.service.notify.delivery_world import FAST, World, case_event


async def test_a_scrape_shows_outcomes_queue_and_age() -> None:
    gone, down = "https://gone.example.id/h", "https://down.example.id/h"
    world = await World(targets=(FAST, gone, down)).start()
    world.channel.refusing.add(gone)
    world.channel.down.add(down)
    await world.intake.take([case_event("CASE-1")])
    await world.round()
    world.advance(12)
    COLLECTOR.bind(world.worker)
    text = generate_latest(REGISTRY).decode()
    assert 'netra_notifications_total{channel="webhook",status="delivered"} 1.0' in text
    assert 'netra_notifications_total{channel="webhook",status="dead"} 1.0' in text
    assert 'netra_notifications_total{channel="webhook",status="failed"} 1.0' in text
    assert "netra_notify_queue_depth 1.0" in text
    assert "netra_notify_dead_deliveries 1.0" in text
    assert "netra_notify_oldest_pending_age_seconds 12.0" in text
    assert "netra_notify_unwritten_steps 0.0" in text
