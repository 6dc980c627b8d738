"""`make run`'s stand-ins for the outside world notify talks to: a mail sink and an SMS gateway.

    python -m deploy.local.dev_sinks

SMTP on DEV_SMTP_PORT (mail kept in <NETRA_DATA_DIR>/mail/inbox.mbox), the gateway
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
import weakref
from pathlib import Path
from typing import Any

import uvloop
from aiohttp import web

from deploy.local.gateway_simulator import GatewaySimulator, SimulatorConfig
from deploy.local.mail_sink import KeptMail, MailSink
from services.common.secrets import dev_secret_file

# The last mails kept in memory for /_mail (all of them are in the mbox): a load run
# sends hundreds of thousands.
KEPT_MAILS = 10_000


def _summary(kept: KeptMail) -> dict[str, Any]:
    # Parsed here, not kept: a summary is a fraction of a parsed message's memory.
    mail = KeptMail(kept.raw).message()
    part = mail.get_body(("plain",))
    text = "" if part is None else str(part.get_content())
    return {k: mail[k] for k in ("Message-ID", "To", "Subject", "Date")} | {"text": text}


def _mail_listing(sink: MailSink) -> Any:
    summaries: weakref.WeakKeyDictionary[KeptMail, dict[str, Any]] = weakref.WeakKeyDictionary()

    async def listing(_request: web.Request) -> web.Response:
        mails = []
        for kept in sink.mails():
            if (summary := summaries.get(kept)) is None:
                summary = summaries[kept] = _summary(kept)
            mails.append(summary)
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
        host=host,
        port=int(env.get("DEV_SMTP_PORT", "8025")),
        mbox=data_dir / "mail" / "inbox.mbox",
        keep=KEPT_MAILS,
    )
    await sink.serve()  # on this loop: no thread of its own to hand each message over
    app = simulator.app()
    app.router.add_get("/_mail", _mail_listing(sink))
    # Every process of the stack answers /ready (the bench's warm-up waits on it); the sinks
    # are ready once the SMTP sink listens, which sink.serve() has done by now.
    app.router.add_get("/ready", _ready)
    # No access logger at all (nothing here enables INFO, so it never wrote a line).
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, int(env.get("DEV_SINKS_PORT", "8004"))).start()
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
        await sink.close()


if __name__ == "__main__":
    # uvloop, as the services run: on one machine the sinks' CPU is the stack's loss.
    with (
        contextlib.suppress(KeyboardInterrupt),
        asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner,
    ):
        runner.run(serve(dict(os.environ)))
