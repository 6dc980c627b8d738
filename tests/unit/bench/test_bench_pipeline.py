"""The end-to-end benchmark's own logic: distinct incidents, the figures, the seed format."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from aiokafka.partitioner import DefaultPartitioner

from services.cases.adapters.deadline_rules_file import load_deadline_policy
from services.cases.service_layer.ports import OpenCase
from services.intake.domain.submission import validate_public_submission
from tests.bench.pipeline.load import Post, Posting
from tests.bench.pipeline.observer import Observations, record_time, route_channels
from tests.bench.pipeline.reports import NAME_SPACE, identity, submission
from tests.bench.pipeline.results import PhaseResult, percentile, phase_result, steady_rate
from tests.bench.pipeline.seeding import (
    TRIAGED_PARTITIONS,
    seed_key,
    seeded_case,
    shapes,
    triaged_partition,
)
from tests.bench.pipeline.sink import WebhookSink


def event(kind: str, **data: object) -> bytes:
    return json.dumps({"id": f"{kind}-{data}", "type": kind, "data": data}).encode()


def test_reports_of_a_run_are_distinct_incidents_and_valid_submissions() -> None:
    count = 50_000
    assert len({identity(i) for i in range(count)}) == count <= NAME_SPACE
    for index in range(12):
        validate_public_submission(submission(index))  # what POST /v1/reports takes


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile([], 50) is None


def test_a_case_is_notified_once_every_route_has_a_delivery() -> None:
    seen = Observations()
    seen.take(event("case.opened", case_id="C1", report_id="R1", routes=["A", "B"]), 1.0)
    delivered = {"case_id": "C1", "source_event_type": "case.opened", "status": "delivered"}
    seen.take(event("notification.delivered", recipient="A", **delivered), 2.0)
    assert seen.notified_at("C1") is None
    seen.take(event("notification.delivered", recipient="B", **delivered), 3.0)
    assert seen.notified_at("C1") == 3.0


def test_a_case_is_notified_once_every_route_has_every_channel() -> None:
    seen = Observations(channels=("webhook", "email"))
    seen.take(event("case.opened", case_id="C1", report_id="R1", routes=["A"]), 1.0)
    delivered = {"case_id": "C1", "source_event_type": "case.opened", "status": "delivered"}
    seen.take(event("notification.delivered", recipient="A", channel="webhook", **delivered), 2.0)
    assert seen.notified_at("C1") is None  # the email is still to come
    assert (seen.channel_done_at("C1", "webhook"), seen.channel_done_at("C1", "email")) == (
        2.0,
        None,
    )
    failed = delivered | {"status": "failed"}
    seen.take(event("notification.delivered", recipient="A", channel="email", **failed), 2.5)
    assert seen.notified_at("C1") is None and seen.failed["C1"] == {("A", "email")}
    seen.take(event("notification.delivered", recipient="A", channel="email", **delivered), 3.0)
    assert seen.notified_at("C1") == 3.0
    assert seen.channel_done_at("C1", "email") == 3.0
    # Per channel in the phase: the email trails the webhook by a second.
    result = result_of(three_posts(), seen)  # R1 of them, posted at 0.5 s
    assert result.per_channel["webhook"]["post_to_delivered_s"]["p50"] == 1.5
    assert result.per_channel["email"]["post_to_delivered_s"]["p50"] == 2.5


def test_the_bench_waits_for_each_channel_the_matrix_tells_routes_on() -> None:
    assert set(route_channels()) == {"webhook", "email"}


def three_posts() -> Posting:
    """R1, R2, R3 posted at 0.5 s, each answered 202."""
    posting = Posting(started=0.0, finished=1.0)
    for index, report_id in enumerate(("R1", "R2", "R3")):
        post = Post(index=index, sent=0.5, answered=0.6, status=202, report_id=report_id)
        posting.posts.append(post)
    return posting


def result_of(posting: Posting, seen: Observations) -> PhaseResult:
    sink = WebhookSink()
    try:
        return phase_result("t", posting, seen, sink, deadline=10.0, waited_s=9.0)
    finally:
        sink.sock.close()


def test_an_event_is_timed_when_its_record_was_made_not_when_the_observer_fetched_it() -> None:
    # Wall clock 1,000 s ahead of the monotonic one; the record was made at wall 1,050.250 s.
    made = record_time(1_050_250, seen=50.4, wall_minus_monotonic=1_000.0)
    assert made == 50.25
    # A wall clock stepped forward during the run cannot put it after it was seen.
    assert record_time(1_090_000, seen=50.4, wall_minus_monotonic=1_000.0) == 50.4


def test_the_steady_rate_leaves_out_the_filling_and_the_drain() -> None:
    # Posting from 100 s to 160 s; one case done every 10 ms from 101 s to 175 s: 100/s.
    done = [101 + i / 100 for i in range(7_400)]
    # Counted from 110 s to 160 s: 5,001 done in 50 s. end_to_end would say 7,400 / 75 s.
    assert steady_rate(done, first=100.0, last_sent=160.0) == 5_001 / 50
    # A stack that falls behind: done at 50/s from 101 s on reads 50/s.
    slow = [101 + i / 50 for i in range(7_400)]
    assert 49.9 < steady_rate(slow, first=100.0, last_sent=160.0) <= 50.02
    # A short phase starts its window a fifth of the way in; no posting span, no rate.
    assert steady_rate([100.3, 100.5, 101.5], first=100.0, last_sent=102.0) == pytest.approx(
        2 / 1.6
    )
    assert steady_rate([100.5], first=100.0, last_sent=100.0) == 0.0


def test_phase_counts_lost_duplicated_and_latencies() -> None:
    posting = three_posts()
    seen = Observations()
    seen.take(event("case.opened", case_id="C1", report_id="R1", routes=[]), 1.5)
    seen.take(event("case.opened", case_id="C2", report_id="R2", routes=[]), 2.5)
    seen.take(event("case.report_linked", case_id="C9", report_id="R2"), 2.6)
    result = result_of(posting, seen)
    assert (result.accepted, result.cases, result.lost, result.duplicated) == (3, 2, 1, 1)
    assert result.post_to_case_s["p50"] == 1.0
    assert result.post_to_case_s["max"] == 2.0
    assert result.sustained == 2 / 2.0
    assert result.span_s == 2.0
    assert (result.end_to_end, result.end_to_end_span_s) == (2 / 2.0, 2.0)  # no routes
    assert not result.complete


def test_end_to_end_counts_a_case_once_every_route_has_its_webhook() -> None:
    posting = three_posts()
    seen = Observations()
    delivered = {"source_event_type": "case.opened", "status": "delivered"}
    for case_id, report_id in (("C1", "R1"), ("C2", "R2"), ("C3", "R3")):
        seen.take(event("case.opened", case_id=case_id, report_id=report_id, routes=["A"]), 1.5)
    seen.take(event("notification.delivered", recipient="A", case_id="C1", **delivered), 2.5)
    seen.take(event("notification.delivered", recipient="A", case_id="C2", **delivered), 4.5)
    result = result_of(posting, seen)
    assert (result.cases, result.notified, result.not_notified) == (3, 2, 1)
    assert result.sustained == 3 / 1.0
    assert (result.end_to_end, result.end_to_end_span_s) == (2 / 4.0, 4.0)


def test_seeded_cases_have_their_own_dedup_key_and_nothing_to_publish() -> None:
    now = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    policy = load_deadline_policy(None, warn_before_hours=None)
    seeded = seeded_case(7, run="r", shape=shapes(now)[7], policy=policy, opened_at=now)
    case, report, filing = seeded.case, seeded.report, seeded.filing
    assert case["dedup_key"] == seed_key("r", 7)
    assert case["outbox"] == [] and case["outbox_pending"] is False
    assert case["report_ids"] == [report["_id"]] and report["case_id"] == case["_id"]
    # What the running hot path leaves beside the case: a filing, the partition it owns.
    assert (filing["_id"], filing["case_id"]) == (report["_id"], case["_id"])
    assert case["triage_partition"] == seeded.partition == triaged_partition(seed_key("r", 7))
    assert seeded.open_case == OpenCase(case["_id"], seed_key("r", 7), 1)


def test_seeded_partitions_are_where_the_producer_sends_the_key() -> None:
    # Triage publishes through aiokafka, whose default partitioner picks the partition.
    partitions = list(range(TRIAGED_PARTITIONS))
    for index in range(50):
        key = seed_key("r", index)
        chosen = DefaultPartitioner()(key.encode(), partitions, partitions)
        assert triaged_partition(key) == chosen
