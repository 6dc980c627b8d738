"""Shared set-up for the staff API tests: an app on a fresh FerretDB database, tokens, cases."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from schemas.codec import decode
from schemas.envelope import Envelope
from schemas.reports import SealedReporter
from schemas.triage import Category, ReportTriaged
from services.cases.adapters.mongo_access_log import MongoAccessLog
from services.cases.adapters.mongo_case_reads import MongoCaseReads
from services.cases.adapters.mongo_case_store import MongoCaseStore
from services.cases.adapters.staff_tokens import TokenVerifier, issue_token
from services.cases.domain.deadlines import DeadlinePolicy
from services.cases.domain.vocabulary import ElectionType, Role
from services.cases.entrypoints import public, staff_api
from services.cases.entrypoints.consumer import CaseIntake
from services.cases.entrypoints.deps import install_state
from services.cases.entrypoints.staff_errors import install_staff_error_handlers
from services.cases.entrypoints.web.router import web_router
from services.common.clock import SystemClock
from services.common.crypto import Keyring, new_key_spec, parse_keyring
from services.common.mongo import make_client
from services.common.problem import install_problem_handlers
from tests.infra import SessionInfra
from tests.unit.cases.packaged_rules import packaged_policy

EXAMPLE = Path(__file__).parents[2] / "schemas" / "examples" / "report.triaged.json"
KEY = "staff-test-key-0123456789abcdef0123456789"
ISSUER = "netra-test"


@dataclass
class StaffWorld:
    app: FastAPI
    repo: MongoCaseStore
    access_log: MongoAccessLog
    keyring: Keyring
    intake: CaseIntake

    def client(self) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=self.app)
        return httpx.AsyncClient(transport=transport, base_url="http://cases")

    async def seed(
        self,
        *,
        region: str = "18.12",
        routes: list[str] | None = None,
        category: Category = Category.CAMPAIGN_ACTIVITY,
        anonymous: bool = False,
        dedup_key: str | None = None,
        text: str | None = None,
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
        )
        await self.intake.on_triaged(event)
        holding = await self.repo.case_holding(report_id)
        assert holding is not None
        return holding, report_id


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


def build_staff_app(
    store: MongoCaseStore, access_log: MongoAccessLog, keyring: Keyring, policy: DeadlinePolicy
) -> FastAPI:
    """The API and the web UI as bootstrap wires them, on this store, policy and clock."""
    app = FastAPI()
    install_problem_handlers(app)
    install_staff_error_handlers(app)
    app.include_router(public.router)
    app.include_router(staff_api.router)
    app.include_router(web_router())
    install_state(
        app,
        store=store,
        reads=MongoCaseReads(store.db),
        access_log=access_log,
        policy=policy,
        clock=SystemClock(),
        keyring=keyring,
    )
    app.state.token_verifier = TokenVerifier(issuer=ISSUER, shared_key=KEY)
    return app


@asynccontextmanager
async def staff_world(
    infra: SessionInfra, policy: DeadlinePolicy | None = None
) -> AsyncIterator[StaffWorld]:
    """`policy`: the configured rules for this app (the packaged ones unless a test says)."""
    client = make_client(infra.mongodb_url)
    db = client[f"staff_{uuid.uuid4().hex[:8]}"]
    store, access_log = MongoCaseStore(db), MongoAccessLog(db)
    await store.ensure_indexes()
    await access_log.ensure_indexes()
    keyring = parse_keyring(new_key_spec("test1"))
    policy = policy or packaged_policy()
    intake = CaseIntake(
        store=store, policy=policy, clock=SystemClock(), default_election=ElectionType.PILKADA
    )
    app = build_staff_app(store, access_log, keyring, policy)
    try:
        yield StaffWorld(app, store, access_log, keyring, intake)
    finally:
        await client.drop_database(db.name)
        await client.close()
