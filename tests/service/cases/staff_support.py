"""Shared set-up for the staff API tests: the app as bootstrap wires it, tokens, seeded cases.

`fake_staff_world` runs it on the in-memory fakes (tests/service/cases/); the same
`StaffWorld` on FerretDB is tests/integration/staff_support.py.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from schemas import topics
from schemas.codec import decode
from schemas.envelope import Envelope
from schemas.reports import SealedReporter
from schemas.triage import Category, ReportTriaged
from services.cases.adapters.mongo_filing_log import MongoFilingLog
from services.cases.adapters.staff_tokens import TokenVerifier, issue_token
from services.cases.adapters.viewed_store import ViewedCaseStore
from services.cases.bootstrap import guard_edge
from services.cases.domain.assignment import Officer, Roster
from services.cases.domain.deadlines import DeadlinePolicy
from services.cases.domain.vocabulary import ElectionType, Role
from services.cases.entrypoints import public, staff_api
from services.cases.entrypoints.deps import install_evidence, install_roster, install_state
from services.cases.entrypoints.staff_errors import install_staff_error_handlers
from services.cases.entrypoints.view_feed import VIEWED, view_router
from services.cases.entrypoints.web.router import web_router
from services.cases.read_models.ports import CaseReads
from services.cases.read_models.staff_view import StaffView
from services.cases.read_models.stats import StatsCache
from services.cases.service_layer.filing import TriagedFiling
from services.cases.service_layer.filing_plan import Trace, TriagedItem
from services.cases.service_layer.partition_state import PartitionStates
from services.cases.service_layer.ports import AccessLog, CaseStore
from services.common.clock import Clock
from services.common.crypto import Keyring, new_key_spec, parse_keyring
from services.common.json_limits import JsonLimits
from services.common.problem import install_problem_handlers
from services.common.publishing import EventPublisher, Outgoing
from services.common.rate_limit import RatePolicy, TokenBuckets
from services.common.rate_limit_http import ClientAddress, LimitedRoute
from tests.fakes.cases.access_log import InMemoryAccessLog
from tests.fakes.cases.filing_log import InMemoryFilingLog
from tests.fakes.cases.partition_journal import FakeClosureFeed, InMemoryPartitionJournal
from tests.fakes.cases.store import InMemoryCaseStore
from tests.fakes.clock import FakeClock
from tests.fakes.events import RecordingPublisher
from tests.fakes.intake import FakeEvidenceStore

EXAMPLE = Path(__file__).parents[3] / "schemas" / "examples" / "report.triaged.json"
KEY = "staff-test-key-0123456789abcdef0123456789"
ISSUER = "netra-test"
OPENING_DAY = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 09:00 WIB, no holiday near
MAX_BODY_BYTES = 64 * 1024
JSON_LIMITS = JsonLimits(max_depth=16, max_string_chars=20_000, max_items=64)
TRUSTED_PROXIES = ["10.0.0.0/8"]


# Who may be assigned: two Bawaslu officers of 18.12 (the seeds' default region), one of
# 18.01, and a BKN officer of the province (in production: the directory's officers).
ROSTER = Roster(
    (
        Officer(
            id="staf.tubaba.01",
            name="Andi Saputra",
            authority="BAWASLU",
            office="18.12",
            unit="Bawaslu Tulang Bawang Barat",
        ),
        Officer(
            id="staf.tubaba.02",
            name="Budi Hartono",
            authority="BAWASLU",
            office="18.12",
            unit="Bawaslu Tulang Bawang Barat",
        ),
        Officer(
            id="staf.lamsel.01",
            name="Siti Rahmawati",
            authority="BAWASLU",
            office="18.01",
            unit="Bawaslu Lampung Selatan",
        ),
        Officer(
            id="bkn.lampung.01",
            name="Rina Marlina",
            authority="BKN",
            office="18",
            unit="Kanreg BKN Lampung",
        ),
    )
)
OFFSETS = itertools.count()  # where each seeded report was "read" in its partition
SNAPSHOT_EVERY = 3  # small, so tests cross snapshots


@dataclass
class StaffWorld:
    app: FastAPI
    store: CaseStore
    access_log: AccessLog
    keyring: Keyring
    filing: TriagedFiling
    read_document: Callable[[str], Awaitable[dict[str, Any] | None]]
    published: RecordingPublisher
    view: StaffView

    async def document(self, case_id: str) -> dict[str, Any]:
        """The whole stored case document, outbox included."""
        found = await self.read_document(case_id)
        assert found is not None, f"no case {case_id}"
        return found

    def client(self) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=self.app)
        return httpx.AsyncClient(transport=transport, base_url="http://cases")

    async def transition(
        self, case_id: str, version: int, *, headers: dict[str, str], **body: object
    ) -> httpx.Response:
        """One staff transition through the API, as `headers`' token."""
        async with self.client() as http:
            return await http.post(
                f"/v1/cases/{case_id}/transitions",
                json={"expected_version": version, **body},
                headers=headers,
            )

    async def seed(
        self,
        *,
        region: str = "18.12",
        routes: list[str] | None = None,
        category: Category = Category.CAMPAIGN_ACTIVITY,
        anonymous: bool = False,
        dedup_key: str | None = None,
        text: str | None = None,
        needs_review: bool = False,
    ) -> tuple[str, str]:
        """A new case from a triaged report; returns (case_id, report_id)."""
        report_id = f"RPT-{uuid.uuid4().hex[:12].upper()}"
        event = triaged(
            self.keyring,
            report_id=report_id,
            region=region,
            routes=routes or [f"BAWASLU:{region}"],
            category=category,
            anonymous=anonymous,
            dedup_key=dedup_key or uuid.uuid4().hex,
            text=text,
            needs_review=needs_review,
        )
        item = TriagedItem(event.id, event.data, 0, Trace(None, None), next(OFFSETS))
        held = await self.filing.file([item])
        return held[report_id], report_id


def tracking_code() -> str:
    raw = uuid.uuid4().hex[:16].upper()
    for bad, good in (("I", "1"), ("L", "1"), ("O", "0"), ("U", "V")):
        raw = raw.replace(bad, good)
    return "NTR-" + "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def triaged(
    keyring: Keyring,
    *,
    report_id: str,
    region: str,
    routes: list[str],
    category: Category,
    anonymous: bool,
    dedup_key: str,
    text: str | None = None,
    needs_review: bool = False,
) -> Envelope[Any]:
    envelope = decode(EXAMPLE.read_bytes())
    payload = envelope.data
    assert isinstance(payload, ReportTriaged)
    if anonymous:
        reporter = SealedReporter(anonymous=True)
    else:
        identity = {"name": "Budi Santoso", "phone": "+6281234567890", "nik": "1812345678901234"}
        sealed = keyring.seal(identity, context=report_id)
        reporter = SealedReporter(
            anonymous=False,
            wants_updates=True,
            key_id=sealed.key_id,
            nonce=sealed.nonce,
            ciphertext=sealed.ciphertext,
        )
    content = payload.report.content
    if text is not None:
        content = content.model_copy(update={"text": text})
    report = payload.report.model_copy(
        update={
            "report_id": report_id,
            "tracking_code": tracking_code(),
            "reporter": reporter,
            "content": content,
        }
    )
    decision = payload.decision.model_copy(
        update={
            "dedup_key": dedup_key,
            "region_code": region,
            "routes": routes,
            "category": category,
            "categories": [category],
            "needs_review": needs_review,
        }
    )
    data = ReportTriaged(report=report, decision=decision)
    return envelope.model_copy(update={"id": uuid.uuid4(), "data": data})


def token(
    role: str,
    region: str | None = None,
    *,
    name: str = "Petugas Uji",
    agency: str | None = None,
    key: str = KEY,
    ttl: timedelta = timedelta(hours=1),
) -> dict[str, str]:
    signed = issue_token(
        shared_key=key,
        issuer=ISSUER,
        role=Role(role),
        name=name,
        region=region,
        agency=agency,
        now=datetime.now(UTC),
        ttl=ttl,
    )
    return {"Authorization": f"Bearer {signed}"}


class FeedingPublisher(RecordingPublisher):
    """Records, and hands each case event to the staff view as the Kafka feed would
    (`entrypoints/view_feed.py`), in publication order."""

    def __init__(self, view: StaffView) -> None:
        super().__init__()
        self.view = view

    async def publish(self, envelope: Envelope[Any], *, topic: str, key: str) -> None:
        seen = len(self.published)
        await super().publish(envelope, topic=topic, key=key)
        self._feed(seen)

    async def publish_all(self, events: Sequence[Outgoing]) -> None:
        seen = len(self.published)
        await super().publish_all(events)
        self._feed(seen)

    def _feed(self, seen: int) -> None:
        for sent in self.published[seen:]:
            if sent.topic == topics.CASES_EVENTS and sent.envelope.type in VIEWED:
                self.view.apply(sent.envelope.data)


def build_staff_app(
    *,
    store: CaseStore,
    reads: CaseReads,
    access_log: AccessLog,
    keyring: Keyring,
    policy: DeadlinePolicy,
    clock: Clock,
    view: StaffView,
    limited: Sequence[LimitedRoute] | None = None,
) -> FastAPI:
    """The API and the web UI as bootstrap wires them, on these ports, policy and clock;
    staff writes reach `view` at once (`ViewedCaseStore`), as in bootstrap; `limited`: the
    rate-limited routes (by default none that a test would notice)."""
    app = FastAPI()
    install_problem_handlers(app)
    install_staff_error_handlers(app)
    app.include_router(view_router)
    app.include_router(public.router)
    app.include_router(staff_api.router)
    app.include_router(web_router())
    install_state(
        app,
        store=ViewedCaseStore(store, view),
        reads=reads,
        access_log=access_log,
        policy=policy,
        clock=clock,
        keyring=keyring,
        stats=StatsCache(timedelta(0)),  # tests see every change at once
        view=view,
    )
    install_evidence(app, FakeEvidenceStore())
    install_roster(app, ROSTER)
    app.state.token_verifier = TokenVerifier(issuer=ISSUER, shared_key=KEY)
    # The edge as bootstrap guards it; rate limits out of the way (their tests set their own).
    unlimited = TokenBuckets(RatePolicy(per_second=1e9, burst=1_000_000), clock=clock)
    guard_edge(
        app,
        max_body_bytes=MAX_BODY_BYTES,
        json_limits=JSON_LIMITS,
        limited=[LimitedRoute("POST", "/login", unlimited)] if limited is None else limited,
        clients=ClientAddress(TRUSTED_PROXIES),
    )
    return app


class SteppingClock(FakeClock):
    """A second passes at every reading, so the entries of one test keep their order."""

    def now(self) -> datetime:
        return self.advance(timedelta(seconds=1))


def fake_staff_world(
    policy: DeadlinePolicy,
    *,
    clock: Clock | None = None,
    limited: Sequence[LimitedRoute] | None = None,
) -> StaffWorld:
    fake, access_log = InMemoryCaseStore(), InMemoryAccessLog()
    keyring = parse_keyring(new_key_spec("test1"))
    clock = clock or SteppingClock(OPENING_DAY)
    view = StaffView()
    view.finish_loading()  # an empty store: nothing to load
    published = FeedingPublisher(view)
    filing = triaged_filing(InMemoryFilingLog(fake), published, policy=policy, clock=clock)
    fake.case_closed = filing.case_closed
    app = build_staff_app(
        store=fake,
        reads=fake,
        access_log=access_log,
        keyring=keyring,
        policy=policy,
        clock=clock,
        view=view,
        limited=limited,
    )

    async def read_document(case_id: str) -> dict[str, Any] | None:
        return fake.document(case_id) if case_id in fake.cases else None

    return StaffWorld(app, fake, access_log, keyring, filing, read_document, published, view)


def triaged_filing(
    log: InMemoryFilingLog | MongoFilingLog,
    published: EventPublisher,
    *,
    policy: DeadlinePolicy,
    clock: Clock,
    max_linked_reports: int = 500,
) -> TriagedFiling:
    """The triaged consumer's use case as bootstrap wires it (one log is both ports), with
    its partition journal and closure feed in memory."""
    states, closures = PartitionStates(), FakeClosureFeed()
    closures.on_closed = states.closed
    return TriagedFiling(
        filing_log=log,
        open_cases=log,
        publisher=published,
        policy=policy,
        clock=clock,
        default_election=ElectionType.PILKADA,
        states=states,
        max_linked_reports=max_linked_reports,
        journal=InMemoryPartitionJournal(),
        closures=closures,
        snapshot_every=SNAPSHOT_EVERY,
    )
