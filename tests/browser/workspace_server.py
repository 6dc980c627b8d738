"""The cases service (and intake, the portal) as subprocesses against the session's Kafka + FerretDB, for the browser.

Its own port and data dir, so it never collides with the `services` fixture's cases; a
known HS256 key so the test can sign a staff token with the real token module.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from deploy.local import stack
from services.cases.adapters.staff_tokens import issue_token
from services.cases.domain.vocabulary import Role
from tests.infra import SessionInfra, free_ports

ISSUER = "netra-browser-test"


@dataclass(frozen=True)
class Workspace:
    base_url: str
    shared_key: str

    def token(
        self, *, role: Role, name: str, region: str | None, subject: str | None = None
    ) -> str:
        """`subject`: the directory id of an officer signing in (their "my cases")."""
        return issue_token(
            shared_key=self.shared_key,
            issuer=ISSUER,
            role=role,
            name=name,
            region=region,
            subject=subject,
            now=datetime.now(UTC),
            ttl=timedelta(hours=1),
        )


@contextmanager
def running_workspace(infra: SessionInfra) -> Iterator[Workspace]:
    (port,) = free_ports(1)
    key = secrets.token_urlsafe(32)
    env = dict(
        infra.env,
        CASES_PORT=str(port),
        NETRA_DATA_DIR=str(infra.data_dir / "browser"),
        STAFF_JWT_SHARED_KEY=key,
        STAFF_JWT_ISSUER=ISSUER,
        LOGIN_BURST="10000",  # every browser test signs in; the limit is tested on fakes
    )
    procs = stack.start_services(env, ["cases"])
    try:
        yield Workspace(base_url=procs[0].url, shared_key=key)
    finally:
        stack.stop_services(procs)


@contextmanager
def running_portal(infra: SessionInfra) -> Iterator[str]:
    """Intake (the citizen portal) with a spool of its own; its base URL."""
    (port,) = free_ports(1)
    data_dir = infra.data_dir / "portal"
    env = dict(
        infra.env,
        INTAKE_PORT=str(port),
        NETRA_DATA_DIR=str(data_dir),
        SPOOL_DIR=str(data_dir / "spool"),
        FILING_BURST="10000",  # every test files; the limit is tested on fakes
    )
    procs = stack.start_services(env, ["intake"])
    try:
        yield procs[0].url
    finally:
        stack.stop_services(procs)
