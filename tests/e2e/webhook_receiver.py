"""A real HTTP server that plays every authority's webhook endpoint during tests."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class ReceivedWebhook:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class WebhookReceiver:
    server: ThreadingHTTPServer
    received: list[ReceivedWebhook] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    fail_next: int = 0  # answer 503 this many times, to exercise retries

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def for_case(self, case_id: str) -> list[ReceivedWebhook]:
        with self.lock:
            return [hook for hook in self.received if hook.json().get("case_id") == case_id]


def start_receiver() -> WebhookReceiver:
    receiver: WebhookReceiver

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with receiver.lock:
                failing = receiver.fail_next > 0
                receiver.fail_next -= int(failing)
                if not failing:
                    receiver.received.append(
                        ReceivedWebhook(self.path, dict(self.headers.items()), body)
                    )
            self.send_response(503 if failing else 204)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver = WebhookReceiver(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return receiver
