"""`make run`'s stand-ins for the outside world notify talks to: a mail sink and an SMS gateway.

    python -m deploy.local.dev_sinks

SMTP on DEV_SMTP_PORT (mail kept in <NETRA_DATA_DIR>/mail, a Maildir), the gateway
simulator on DEV_SINKS_PORT (deploy/local/gateway_simulator.py), which also lists the mail:
`GET /_mail`. Its token and callback secret are GATEWAY_TOKEN / GATEWAY_CALLBACK_SECRET
when set, else the development files notify reads (GATEWAY_TOKEN_DEV_FILE,
GATEWAY_CALLBACK_SECRET_DEV_FILE). Both listen on DEV_SINKS_HOST (127.0.0.1); notify and
intake are reached at DEV_SINKS_NOTIFY_URL / DEV_SINKS_INTAKE_URL (default: 127.0.0.1
and their ports), as deploy/compose.yaml's `devsinks` sets them. docs/runbook.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiohttp import web

from deploy.local.gateway_simulator import GatewaySimulator, SimulatorConfig
from deploy.local.mail_sink import MailSink
from services.common.secrets import dev_secret_file


def _plain_text(mail: EmailMessage) -> str:
    part = mail.get_body(("plain",))
    return "" if part is None else str(part.get_content())


def _mail_listing(sink: MailSink) -> Any:
    async def listing(_request: web.Request) -> web.Response:
        keys = ("Message-ID", "To", "Subject", "Date")
        mails = [
            {k: mail[k] for k in keys} | {"text": _plain_text(mail)} for mail in sink.received()
        ]
        return web.json_response(mails)

    return listing


async def _ready(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ready"})


async def serve(env: dict[str, str]) -> None:
    data_dir = Path(env.get("NETRA_DATA_DIR", "var"))
    secrets_dir = data_dir / "secrets"
    # The secrets notify and intake were given (compose's env files), else the
    # development files they make and read.
    token = env.get("GATEWAY_TOKEN") or dev_secret_file(
        Path(env.get("GATEWAY_TOKEN_DEV_FILE", secrets_dir / "gateway-token")),
        lambda: secrets.token_urlsafe(32),
    )
    callback_secret = env.get("GATEWAY_CALLBACK_SECRET") or dev_secret_file(
        Path(env.get("GATEWAY_CALLBACK_SECRET_DEV_FILE", secrets_dir / "gateway-callback-secret")),
        lambda: secrets.token_urlsafe(32),
    )
    # On one machine everything is on 127.0.0.1; in deploy/compose.yaml each is a host.
    notify = env.get("DEV_SINKS_NOTIFY_URL") or f"http://127.0.0.1:{env.get('NOTIFY_PORT', '8002')}"
    intake = env.get("DEV_SINKS_INTAKE_URL") or f"http://127.0.0.1:{env.get('INTAKE_PORT', '8000')}"
    host = env.get("DEV_SINKS_HOST", "127.0.0.1")
    simulator = GatewaySimulator(
        SimulatorConfig(
            token=token,
            callback_secret=callback_secret,
            receipts_url=f"{notify}/v1/gateway/receipts",
            inbound_url=f"{intake}/v1/gateway/inbound",
        )
    )
    sink = MailSink(
        host=host, port=int(env.get("DEV_SMTP_PORT", "8025")), maildir=data_dir / "mail"
    )
    sink.start()
    app = simulator.app()
    app.router.add_get("/_mail", _mail_listing(sink))
    # Every process of the stack answers /ready (the bench's warm-up waits on it); the sinks
    # are ready once the SMTP sink listens, which sink.start() has done by now.
    app.router.add_get("/ready", _ready)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, host, int(env.get("DEV_SINKS_PORT", "8004"))).start()
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
        sink.stop()


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(dict(os.environ)))
