"""A real HTTP server that plays every recipient's Standard Webhooks endpoint in tests.

The directory's `{sink}` is `<base_url>/hooks`, so a target's path after it is the
recipient's secret_ref (services/notify/adapters/data/directory.yaml). Each POST is
verified with that recipient's own secret, read from the secrets directory notify writes
in development, as the recipient would keep it; a delivery that does not verify is
answered 401 and kept apart. Receivers deduplicate by webhook-id (the spec's rule):
`unique()` is what a recipient acted on, `received` every verified POST.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from services.common.secrets import MissingSecret
from services.common.standard_webhooks import SignatureRefused, verify
from services.notify.adapters.secret_files import SecretFiles
from tests.infra import free_ports

PREFIX = "/hooks/"


@dataclass
class ReceivedWebhook:
    secret_ref: str
    webhook_id: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class WebhookReceiver:
    server: ThreadingHTTPServer
    secrets: SecretFiles
    received: list[ReceivedWebhook] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    fail_next: int = 0  # answer 503 this many times, to exercise retries

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def sink_url(self) -> str:
        """What the directory's `{sink}` stands for."""
        return self.base_url + PREFIX.rstrip("/")

    def unique(self) -> list[ReceivedWebhook]:
        with self.lock:
            return list({hook.webhook_id: hook for hook in reversed(self.received)}.values())

    def for_case(self, case_id: str) -> list[ReceivedWebhook]:
        return [hook for hook in self.unique() if hook.json().get("case_id") == case_id]


def start_receiver(secrets_dir: Path) -> WebhookReceiver:
    receiver: WebhookReceiver

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with receiver.lock:
                failing = receiver.fail_next > 0
                receiver.fail_next -= int(failing)
            status = 503 if failing else self.verified(body)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def verified(self, body: bytes) -> int:
            secret_ref = self.path.removeprefix(PREFIX)
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                hook = verify(
                    secret=receiver.secrets.secret(secret_ref),
                    headers=headers,
                    body=body,
                    now=datetime.now(UTC),
                )
            except (MissingSecret, SignatureRefused) as exc:
                with receiver.lock:
                    receiver.refused.append(f"{self.path}: {exc}")
                return 401
            with receiver.lock:
                receiver.received.append(
                    ReceivedWebhook(secret_ref, hook.webhook_id, headers, body)
                )
            return 204

        def log_message(self, format: str, *args: Any) -> None:
            return

    [port] = free_ports(1)  # never a port the session's services will bind later
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    receiver = WebhookReceiver(server, SecretFiles(directory=secrets_dir, development=False))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return receiver
