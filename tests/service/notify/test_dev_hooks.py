"""`make run`'s Standard Webhooks sink: verifies with the recipient's secret (its
secret_ref is the path after /dev/hooks/, as the packaged directory's `{sink}/dev/...`
targets), lists each webhook-id once, refuses what does not verify (problem+json)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.common.problem import install_problem_handlers
from services.common.standard_webhooks import signed_headers
from services.notify.adapters.secret_files import SecretFiles
from services.notify.entrypoints.dev_sink import standard_hooks_router
from tests.fakes.clock import FakeClock

NOW = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)


def test_the_dev_sink_verifies_dedupes_and_refuses(tmp_path: Path) -> None:
    made = SecretFiles(directory=tmp_path, development=True).secret("dev/bkn-kanreg-5")
    app = FastAPI()
    install_problem_handlers(app)
    known = SecretFiles(directory=tmp_path, development=False)
    app.include_router(standard_hooks_router(secret_for=known.secret, clock=FakeClock(NOW)))
    client = TestClient(app)
    body = b'{"case_id": "CASE-1"}'

    def post(secret_ref: str, secret: str) -> int:
        headers = signed_headers(
            secret=secret, webhook_id="NTF-1", timestamp=int(NOW.timestamp()), body=body
        )
        answer: int = client.post(
            f"/dev/hooks/{secret_ref}", content=body, headers=headers
        ).status_code
        return answer

    assert made.startswith("whsec_")
    assert [post("dev/bkn-kanreg-5", made), post("dev/bkn-kanreg-5", made)] == [204, 204]
    assert client.get("/dev/hooks").json() == [
        {"secret_ref": "dev/bkn-kanreg-5", "id": "NTF-1", "body": {"case_id": "CASE-1"}}
    ]
    assert post("dev/bkn-kanreg-5", "whsec_b3RoZXItc2VjcmV0") == 401
    refused = client.post("/dev/hooks/nobody-known", content=body)
    assert (
        refused.status_code == 401 and refused.headers["content-type"] == "application/problem+json"
    )
    assert post("nobody-known", made) == 401 and not (tmp_path / "nobody-known").exists()
    # A secret_ref's segments begin with a letter or digit: no way out of the directory.
    assert post("dev/.hidden", made) == 401 and post("dev/%2e%2e/x", made) == 401
