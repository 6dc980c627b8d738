"""Real servers on the far side of notify's channels, for contract, e2e and fault tests.

- `running_mail_sink()`: the mail sink's SMTP server (deploy/local/mail_sink.py);
- `running_gateway(...)`: the gateway simulator (deploy/local/gateway_simulator.py) on its
  own event loop in a thread, like a separate process;
- `running_webhook_receiver(secrets)`: an HTTP endpoint that verifies each Standard
  Webhooks signature with the recipient's secret (the path names its secret_ref) and
  records what verified; it can fail or stall on demand.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiohttp import web

from deploy.local.gateway_simulator import GatewaySimulator, SimulatorConfig
from deploy.local.mail_sink import MailSink
from services.common.standard_webhooks import SignatureRefused, verify
from tests.infra import free_ports


@contextlib.contextmanager
def running_mail_sink() -> Iterator[MailSink]:
    [port] = free_ports(1)
    sink = MailSink(host="127.0.0.1", port=port, mbox=None)
    sink.start()
    try:
        yield sink
    finally:
        sink.stop()


@dataclass
class RunningGateway:
    simulator: GatewaySimulator
    base_url: str
    loop: asyncio.AbstractEventLoop

    def call(self, action: Callable[[], Any]) -> None:
        """Run `action` on the simulator's loop (its state is that loop's)."""
        done = threading.Event()

        def run() -> None:
            action()
            done.set()

        self.loop.call_soon_threadsafe(run)
        done.wait(5)


@contextlib.contextmanager
def running_gateway(config: SimulatorConfig) -> Iterator[RunningGateway]:
    simulator = GatewaySimulator(config)
    [port] = free_ports(1)
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(simulator.app())
    started = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
        started.set()
        loop.run_forever()
        loop.run_until_complete(runner.cleanup())
        loop.close()

    thread = threading.Thread(target=serve, daemon=True, name="gateway-simulator")
    thread.start()
    if not started.wait(10):
        raise RuntimeError("the gateway simulator did not start within 10 s")
    try:
        yield RunningGateway(simulator, f"http://127.0.0.1:{port}", loop)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


@dataclass
class VerifiedHook:
    secret_ref: str
    webhook_id: str
    body: bytes


@dataclass
class WebhookEndpoint:
    server: ThreadingHTTPServer
    secrets: dict[str, str]  # secret_ref -> secret, as the recipients keep them
    received: list[VerifiedHook] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # why each unverified call was refused
    lock: threading.Lock = field(default_factory=threading.Lock)
    fail_next: list[int] = field(default_factory=list)  # statuses to answer next
    stall_s: float = 0.0

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, secret_ref: str) -> str:
        return f"{self.base_url}/hooks/{secret_ref}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextlib.contextmanager
def running_webhook_receiver(secrets: dict[str, str]) -> Iterator[WebhookEndpoint]:
    endpoint: WebhookEndpoint

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            time.sleep(endpoint.stall_s)
            secret_ref = self.path.rsplit("/", 1)[-1]
            with endpoint.lock:
                status = endpoint.fail_next.pop(0) if endpoint.fail_next else 0
            if not status:
                status = self.verified(secret_ref, body)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def verified(self, secret_ref: str, body: bytes) -> int:
            try:
                hook = verify(
                    secret=endpoint.secrets[secret_ref],
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=body,
                    now=datetime.now(UTC),
                )
            except (KeyError, SignatureRefused) as exc:
                with endpoint.lock:
                    endpoint.refused.append(str(exc))
                return 401
            with endpoint.lock:
                endpoint.received.append(VerifiedHook(secret_ref, hook.webhook_id, body))
            return 204

        def log_message(self, format: str, *args: Any) -> None:
            return

    [port] = free_ports(1)  # never a port the session's services will bind later
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    endpoint = WebhookEndpoint(server, secrets)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield endpoint
    finally:
        endpoint.stop()
