"""The SMS/WhatsApp desk over fakes, and its route mounted on them (test_inbound*.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from fastapi import FastAPI

from schemas.gateway import InboundMessage
from services.common.problem import install_problem_handlers
from services.common.rate_limit import RatePolicy, TokenBuckets
from services.intake.entrypoints.context import Intake
from services.intake.entrypoints.gateway_inbound import inbound_router
from services.intake.service_layer.inbound import InboundDesk, JoinPolicy
from services.intake.service_layer.inbound_replays import RecentWebhookIds
from tests.fakes.clock import FakeClock
from tests.fakes.intake_inbound import FakeGatewayMedia, FakeGatewayReplies, FakePartJournal

SECRET = "whsec_" + "c2VjcmV0LW9mLXRoZS1nYXRld2F5LWZvci10ZXN0cw=="
NUMBER = "+6281234567890"
QUIET = timedelta(seconds=90)


@dataclass
class Desk:
    desk: InboundDesk
    replies: FakeGatewayReplies
    journal: FakePartJournal
    clock: FakeClock
    media: FakeGatewayMedia


def make_desk(intake: Intake, *, burst: int = 20) -> Desk:
    assert isinstance(intake.clock, FakeClock)
    replies, journal, media = FakeGatewayReplies(), FakePartJournal(), FakeGatewayMedia()
    desk = InboundDesk(
        file=intake.file,
        statuses=intake.statuses,
        replies=replies,
        journal=journal,
        media=media,
        evidence_limits=intake.evidence_limits,
        senders=TokenBuckets(RatePolicy(0.1, burst), clock=intake.clock),
        policy=JoinPolicy(quiet_s=QUIET.total_seconds(), max_s=300),
        clock=intake.clock,
    )
    return Desk(desk, replies, journal, intake.clock, media)


def message(text: str, message_id: str = "GW-IN-1", **extra: object) -> InboundMessage:
    fields: dict[str, object] = {
        "message_id": message_id,
        "channel": "sms",
        "from": NUMBER,
        "to": "+62811000000",
        "text": text,
        "received_at": "2024-11-04T09:00:00Z",
    }
    return InboundMessage.model_validate(fields | extra)


def inbound_app(desk: Desk) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    replays = RecentWebhookIds(window=timedelta(minutes=5), clock=desk.clock)
    app.include_router(
        inbound_router(desk=desk.desk, callback_secret=SECRET, replays=replays, clock=desk.clock)
    )
    return app
