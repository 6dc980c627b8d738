"""Per-phase figures from what was posted and what the observers saw; printing them."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from tests.bench.pipeline.load import Post, Posting
from tests.bench.pipeline.observer import Observations
from tests.bench.pipeline.sink import WebhookSink


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def spread(values: list[float]) -> dict[str, float | None]:
    return {f"p{q}": percentile(values, q) for q in (50, 95, 99)} | {
        "max": max(values, default=None)
    }


@dataclass
class PhaseResult:
    phase: str
    offered_rate: float  # reports/s actually posted (target in `phase`)
    posted: int
    accepted: int  # 202
    spooled: int  # 202 from intake's spool, Kafka was slow
    refused: dict[str, int]  # HTTP status (or httpx error name: no answer) -> count
    cases: int  # accepted reports that became a case before the deadline
    notified: int  # ... whose every route got a delivered webhook and email
    sustained: float  # cases/s from the first post to the last case
    span_s: float  # from the first post to the last case (a burst's "within 2 minutes")
    # The issue's own measure: a report counts once its case exists and every route got
    # every channel (`notified`; a case without routes once it exists).
    end_to_end: float  # notified cases/s from the first post to the last one notified
    end_to_end_span_s: float
    # Notified cases/s while the load was steady: those done between `STEADY_AFTER_S` after
    # the first post and the last post, over that window. Unlike `end_to_end`, the drain
    # after the last post does not count against it: at an offered rate the stack keeps up
    # with it reads the offered rate, at one it cannot it reads what the stack carries.
    steady: float
    post_to_202_s: dict[str, float | None]
    post_to_case_s: dict[str, float | None]
    post_to_notified_s: dict[str, float | None]
    # Per channel the matrix tells routes on: post -> that channel's last route delivered,
    # and its steady rate. The channel that trails is where the notified time comes from.
    per_channel: dict[str, dict[str, Any]]
    lost: int  # accepted, no case before the deadline
    not_notified: int  # a case, but not every route delivered before the deadline
    duplicated: int  # a report on more than one case
    redelivered: int  # the same case.opened seen more than once (harmless, counted)
    failed_deliveries: int  # routes notify gave up on
    sink_cases: int  # of this phase's cases, how many had a webhook arrive at the sink
    waited_s: float  # after the last answer, until complete or the deadline
    complete: bool
    raw_kafka_rate: float = 0.0
    ratio: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def with_raw(self, raw_rate: float) -> PhaseResult:
        self.raw_kafka_rate = raw_rate
        self.ratio = self.sustained / raw_rate if raw_rate > 0 else 0.0
        return self

    def json_line(self) -> str:
        return json.dumps({"kind": "phase", **asdict(self)}, sort_keys=True)


def pending(posting: Posting, seen: Observations) -> int:
    """Accepted reports of the phase not yet a notified case (or a case, with no routes)."""
    return len(unsettled(posting.accepted, seen))


def unsettled(posts: Iterable[Post], seen: Observations) -> list[Post]:
    """The posts not yet a notified case. Settled stays settled (observations only grow),
    so a wait re-checks only what was left the last time, not the whole phase."""
    left = []
    for post in posts:
        opened = seen.case_of(str(post.report_id))
        if opened is None or (
            seen.routes.get(opened.case_id) and not seen.notified_at(opened.case_id)
        ):
            left.append(post)
    return left


STEADY_AFTER_S = 10.0  # the pipeline filling up: nothing is done in its first seconds


def steady_rate(done_times: list[float], *, first: float, last_sent: float) -> float:
    """Done per second from `STEADY_AFTER_S` after the first post (a fifth of the posting
    when that is shorter) to the last post; 0 for no such window."""
    start = first + min(STEADY_AFTER_S, (last_sent - first) / 5)
    if last_sent <= start:
        return 0.0
    return sum(start <= t <= last_sent for t in done_times) / (last_sent - start)


def channel_figures(
    posts: Iterable[Post], seen: Observations, channel: str, *, first: float, last_sent: float
) -> dict[str, Any]:
    """Post -> the channel delivered on every route of the case, and the steady rate of it."""
    latencies, done = [], []
    for post in posts:
        opened = seen.case_of(str(post.report_id))
        at = seen.channel_done_at(opened.case_id, channel) if opened else None
        if at is not None:
            latencies.append(at - post.sent)
            done.append(at)
    return {
        "post_to_delivered_s": spread(latencies),
        "steady": steady_rate(done, first=first, last_sent=last_sent),
    }


def phase_result(
    name: str,
    posting: Posting,
    seen: Observations,
    sink: WebhookSink,
    *,
    deadline: float,
    waited_s: float,
) -> PhaseResult:
    accepted = posting.accepted
    to_case, to_notified, case_times, done_times = [], [], [], []
    lost = not_notified = duplicated = redelivered = failed = at_sink = 0
    for post in accepted:
        report_id = str(post.report_id)
        opened = seen.case_of(report_id)
        if len(seen.cases_of(report_id)) > 1:
            duplicated += 1
        redelivered += max(0, len(seen.opened.get(report_id, ())) - 1)
        if opened is None or opened.at > deadline:
            lost += 1
            continue
        case_times.append(opened.at)
        to_case.append(opened.at - post.sent)
        failed += len(seen.failed.get(opened.case_id, ()))
        at_sink += bool(sink.arrivals.get(opened.case_id))
        notified = seen.notified_at(opened.case_id)
        if notified is not None and notified <= deadline:
            to_notified.append(notified - post.sent)
            done_times.append(max(notified, opened.at))
        elif seen.routes.get(opened.case_id):
            not_notified += 1
        else:
            done_times.append(opened.at)
    first = min((p.sent for p in posting.posts), default=posting.started)
    last_sent = max((p.sent for p in posting.posts), default=first)
    per_channel = {
        channel: channel_figures(accepted, seen, channel, first=first, last_sent=last_sent)
        for channel in seen.channels
    }
    span = (max(case_times) - first) if case_times else 0.0
    done_span = (max(done_times) - first) if done_times else 0.0
    outcomes = posting.outcomes()
    return PhaseResult(
        phase=name,
        offered_rate=len(posting.posts) / (last_sent - first) if last_sent > first else 0.0,
        posted=len(posting.posts),
        accepted=len(accepted),
        spooled=sum(p.accepted_via == "spooled" for p in accepted),
        refused={s: n for s, n in sorted(outcomes.items()) if s != "202"},
        cases=len(case_times),
        notified=len(to_notified),
        sustained=len(case_times) / span if span > 0 else 0.0,
        span_s=span,
        end_to_end=len(done_times) / done_span if done_span > 0 else 0.0,
        end_to_end_span_s=done_span,
        steady=steady_rate(done_times, first=first, last_sent=last_sent),
        post_to_202_s=spread([p.answered - p.sent for p in posting.posts if p.status == 202]),
        post_to_case_s=spread(to_case),
        post_to_notified_s=spread(to_notified),
        per_channel=per_channel,
        lost=lost,
        not_notified=not_notified,
        duplicated=duplicated,
        redelivered=redelivered,
        failed_deliveries=failed,
        sink_cases=at_sink,
        waited_s=waited_s,
        complete=lost == 0 and not_notified == 0,
    )


def _ms(values: dict[str, float | None]) -> str:
    return " / ".join("-" if v is None else f"{v * 1000:,.0f}" for v in values.values())


def describe(result: PhaseResult) -> str:
    refused = ", ".join(f"{n}x {s}" for s, n in result.refused.items())
    lines = [
        f"== {result.phase}",
        f"  offered        {result.offered_rate:,.1f} reports/s, {result.posted:,} posted, "
        f"{result.accepted:,} accepted (202; {result.spooled:,} spooled)"
        + (f", refused: {refused}" if refused else ""),
        f"  became cases   {result.cases:,} ({result.notified:,} notified on every route and channel); "
        f"waited {result.waited_s:,.0f} s after the last answer"
        + ("" if result.complete else "  ** INCOMPLETE **"),
        f"  sustained      {result.sustained:,.2f} cases/s (first post to last case: "
        f"{result.span_s:,.1f} s)",
        f"  end to end     {result.end_to_end:,.2f} notified cases/s (first post to last "
        f"webhook: {result.end_to_end_span_s:,.1f} s)",
        f"  steady         {result.steady:,.2f} notified cases/s while posting (done after "
        f"its first {STEADY_AFTER_S:.0f} s, or fifth, until the last post)",
        f"  raw Kafka      {result.raw_kafka_rate:,.0f} msg/s on the same broker; "
        f"pipeline/raw = {result.ratio:.2e}",
        "  latency ms     p50 / p95 / p99 / max",
        f"    post->202          {_ms(result.post_to_202_s)}",
        f"    post->case         {_ms(result.post_to_case_s)}",
        f"    post->notified     {_ms(result.post_to_notified_s)}",
        *(
            f"      {channel + ' only':<16} {_ms(figures['post_to_delivered_s'])}"
            f"   (steady {figures['steady']:,.2f}/s)"
            for channel, figures in result.per_channel.items()
        ),
        f"  lost {result.lost:,}   not notified {result.not_notified:,}   "
        f"duplicated {result.duplicated:,}   redelivered case.opened {result.redelivered:,}   "
        f"failed deliveries {result.failed_deliveries:,}   cases seen at the sink "
        f"{result.sink_cases:,}",
    ]
    return "\n".join(lines)
