"""CPU per report of intake's `POST /v1/reports`, in process: no Kafka, no socket.

The app is built as bootstrap builds it (problem handlers, the server span, rate limit
and body guards, every router) over in-memory ports; the publisher encodes each event as
the Kafka adapter does. Requests go straight into the ASGI app, as uvicorn hands them over. Bodies are the pipeline bench's (tests/bench/pipeline/reports.py).

    .venv/bin/python tests/bench/bench_intake_post.py --reports 3000 [--route-only] [--native-telemetry] [--profile --sort tottime]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import sys
import time
from pathlib import Path

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Scope

from schemas.codec import encode
from services.common.app import NO_NATIVE_TELEMETRY
from services.common.clock import SystemClock
from services.common.crypto import new_key_spec, parse_keyring
from services.common.json_limits import JsonLimits
from services.common.problem import install_problem_handlers
from services.common.rate_limit import RatePolicy, TokenBuckets
from services.common.rate_limit_http import ClientAddress, LimitedRoute
from services.common.server_spans import ServerSpans
from services.common.telemetry import configure_tracing
from services.intake.bootstrap import mount
from services.intake.domain.evidence import EvidenceLimits
from services.intake.domain.feed_identity import parse_feed_tokens
from services.intake.domain.report import ReceivedEvent
from services.intake.entrypoints.context import Intake
from services.intake.entrypoints.reports_middleware import ReportsMiddleware

# Run as a file, the repo root is not on sys.path yet.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.bench.pipeline.reports import submission
from tests.fakes.intake import FakeEvidenceStore, FakeSpool, FakeStatusSource


class EncodingPublisher:
    """Acknowledges at once after encoding, as the Kafka adapter encodes before sending."""

    def __init__(self) -> None:
        self.published = 0

    async def publish(self, event: ReceivedEvent) -> None:
        encode(event)
        self.published += 1


def bench_app(*, route_only: bool, native_telemetry: bool) -> tuple[FastAPI, EncodingPublisher]:
    publisher = EncodingPublisher()
    intake = Intake(
        keyring=parse_keyring(new_key_spec()),
        publisher=publisher,
        spool=FakeSpool(),
        statuses=FakeStatusSource(),
        clock=SystemClock(),
        publish_timeout_s=5.0,
        status_base_url="http://cases.test",
        input_limits=JsonLimits(max_depth=16, max_string_chars=20_000, max_items=64),
        retry_after_s=30,
        feeds=parse_feed_tokens(""),
        evidence_store=FakeEvidenceStore(),
        evidence_limits=EvidenceLimits(max_files=3, max_file_bytes=256 * 1024),
        max_json_bytes=64 * 1024,
    )
    app = FastAPI(telemetry=None if native_telemetry else NO_NATIVE_TELEMETRY)  # as service_app
    install_problem_handlers(app)
    if not route_only:  # as bootstrap installs it: inside the span (service_app's inner)
        app.add_middleware(ReportsMiddleware, intake=intake)
    # The global provider set, as every service's runtime sets it (telemetry.py).
    provider = configure_tracing(service="intake", otlp_endpoint=None)
    app.add_middleware(ServerSpans, tracer_provider=provider)
    buckets = TokenBuckets(RatePolicy(per_second=1e9, burst=10**9), clock=SystemClock())
    mount(
        app,
        intake,
        max_body_bytes=256 * 1024,
        limited=[LimitedRoute("POST", "/v1/reports", buckets)],
        clients=ClientAddress([]),
    )
    return app, publisher


def scope_of(body: bytes) -> Scope:
    headers = [
        (b"host", b"intake"),
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/reports",
        "raw_path": b"/v1/reports",
        "root_path": "",
        "query_string": b"",
        "headers": headers,
        "client": ("10.1.2.3", 40000),
        "server": ("intake", 80),
        "state": {},
    }


async def post(app: ASGIApp, body: bytes) -> int:
    """One request straight into the ASGI app, as uvicorn hands it over: no client's CPU."""
    status: list[int] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    await app(scope_of(body), receive, send)
    return status[0]


async def post_all(app: ASGIApp, bodies: list[bytes]) -> float:
    for body in bodies[:200]:  # warm: imports, caches, first-call paths
        assert await post(app, body) == 202
    started = time.process_time()
    for body in bodies:
        assert await post(app, body) == 202
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=3000)
    parser.add_argument("--profile", action="store_true", help="print cProfile's statistics")
    parser.add_argument("--route-only", action="store_true", help="without ReportsMiddleware")
    parser.add_argument(
        "--native-telemetry", action="store_true", help="FastAPI's own spans on, as before"
    )
    parser.add_argument("--sort", default="cumulative", help="cProfile's sort key")
    parser.add_argument("--lines", type=int, default=60)
    args = parser.parse_args()
    bodies = [json.dumps(submission(i)).encode() for i in range(args.reports)]
    app, publisher = bench_app(route_only=args.route_only, native_telemetry=args.native_telemetry)
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    total = asyncio.run(post_all(app, bodies))
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.lines)
    per_report_us = total / len(bodies) * 1e6
    print(
        f"{len(bodies)} reports ({publisher.published} published, warm-up included): "
        f"{per_report_us:.0f} us CPU per report"
    )


if __name__ == "__main__":
    main()
