"""The dev sinks' own CPU per message: what `make run`'s devsinks costs the pipeline.

    .venv/bin/python tests/bench/bench_dev_sinks.py              # 2,000 emails, 2,000 SMS
    .venv/bin/python tests/bench/bench_dev_sinks.py --messages 500 --concurrency 4

Starts `python -m deploy.local.dev_sinks` as its own process (a temporary data dir, free
ports), then sends through notify's real adapters: emails with `EmailChannel` (sessions
kept open, as notify does), SMS with `GatewayChannel`, whose receipts the simulator posts
back to a small receiver here (answering 204, as notify does). Printed: the sinks
process's CPU (user + system, /proc/<pid>/stat) per email and per SMS, each phase alone.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
from aiohttp import web

# Run as a file, the repo root is not on sys.path yet.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from services.common.clock import SystemClock
from services.notify.adapters.email import EmailChannel, SmtpServer
from services.notify.adapters.gateway import GatewayChannel
from services.notify.adapters.http_pool import HttpPool
from services.notify.adapters.smtp_sessions import SmtpSessions
from services.notify.domain.plans import Addressee, ChannelName, Message
from services.notify.service_layer.receipts import SentMessages
from tests.infra import free_ports

TOKEN = "bench-token"
TEXT = (
    "Yth. Bawaslu Kabupaten Lampung Selatan,\n\nKasus baru CASE-{n} telah diteruskan "
    "kepada Anda untuk ditindaklanjuti. Kode pelacakan: NTR-7Q2K-9XPA.\n\n" * 3
)
HTML = "<p>" + TEXT.replace("\n\n", "</p><p>") + "</p>"
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def cpu_ms(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * TICK_MS  # utime, stime


def addressee(channel: ChannelName, target: str) -> Addressee:
    return Addressee("bawaslu-lampung", "Bawaslu Lampung", channel, target, "id", None)


async def in_parallel(count: int, width: int, send: Callable[[int], Awaitable[bool]]) -> None:
    queue = iter(range(count))

    async def worker() -> None:
        for n in queue:
            if not await send(n):
                raise RuntimeError(f"message {n} was not delivered")

    await asyncio.gather(*(worker() for _ in range(width)))


async def emails(smtp_port: int, count: int, width: int) -> None:
    server = SmtpServer("127.0.0.1", smtp_port, "notifikasi@netra.test", 10, False, None, None)
    channel = EmailChannel(
        server=server, clock=SystemClock(), sessions=SmtpSessions(messages_per_connection=50)
    )
    to = addressee(ChannelName.EMAIL, "lampung@bawaslu.test")

    async def send(n: int) -> bool:
        message = Message(f"[Netra] Kasus baru CASE-{n}", TEXT.format(n=n), HTML, {})
        outcome = await channel.send(addressee=to, notification_id=f"NTF-{n}", message=message)
        return outcome.delivered

    await in_parallel(count, width, send)
    await channel.close()


class Receipts:
    def __init__(self) -> None:
        self.count = 0
        self.expected = 0
        self.all_in = asyncio.Event()

    def arrived(self) -> None:
        self.count += 1
        if self.count >= self.expected:
            self.all_in.set()

    def expect(self, more: int) -> None:
        self.expected = self.count + more
        self.all_in.clear()


async def sms(base_url: str, count: int, width: int, receipts: Receipts) -> None:
    pool = HttpPool(timeout_s=10, max_connections=width)
    await pool.open()
    channel = GatewayChannel(
        pool=pool, base_url=base_url, token=TOKEN, max_sms_segments=3, sent=SentMessages(count)
    )
    to = addressee(ChannelName.SMS, "+6281234567890")
    receipts.expect(count)

    async def send(n: int) -> bool:
        message = Message("", f"Netra: kasus CASE-{n} diteruskan ke Anda.", None, {})
        outcome = await channel.send(addressee=to, notification_id=f"NTF-S{n}", message=message)
        return outcome.delivered

    await in_parallel(count, width, send)
    await asyncio.wait_for(receipts.all_in.wait(), 30)
    await pool.close()


async def receiver(port: int, receipts: Receipts) -> web.AppRunner:
    async def receipt(request: web.Request) -> web.Response:
        await request.read()
        receipts.arrived()
        return web.Response(status=204)

    app = web.Application()
    app.router.add_post("/v1/gateway/receipts", receipt)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


async def ready(url: str) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(200):
            try:
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.05)
    raise RuntimeError(f"{url} did not answer")


def start_sinks(data_dir: str, http: int, smtp: int, notify: int) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "NETRA_DATA_DIR": data_dir,
        "DEV_SINKS_PORT": str(http),
        "DEV_SMTP_PORT": str(smtp),
        "GATEWAY_TOKEN": TOKEN,
        "GATEWAY_CALLBACK_SECRET": "bench-callback-secret",
        "DEV_SINKS_NOTIFY_URL": f"http://127.0.0.1:{notify}",
    }
    root = Path(__file__).resolve().parents[2]
    return subprocess.Popen([sys.executable, "-m", "deploy.local.dev_sinks"], env=env, cwd=root)


async def main(count: int, width: int) -> None:
    http, smtp, notify = free_ports(3)
    receipts = Receipts()
    runner = await receiver(notify, receipts)
    with tempfile.TemporaryDirectory() as data_dir:
        sinks = start_sinks(data_dir, http, smtp, notify)
        try:
            await ready(f"http://127.0.0.1:{http}/ready")
            await emails(smtp, 20, 2)  # warm-up: imports, first sessions
            before = cpu_ms(sinks.pid)
            started = time.monotonic()
            await emails(smtp, count, width)
            mail_cpu, mail_wall = cpu_ms(sinks.pid) - before, time.monotonic() - started
            before = cpu_ms(sinks.pid)
            started = time.monotonic()
            await sms(f"http://127.0.0.1:{http}", count, width, receipts)
            sms_cpu, sms_wall = cpu_ms(sinks.pid) - before, time.monotonic() - started
            before = cpu_ms(sinks.pid)
            async with (
                aiohttp.ClientSession() as session,
                session.get(f"http://127.0.0.1:{http}/_mail") as response,
            ):
                listed = len(await response.json())
            listing_cpu = cpu_ms(sinks.pid) - before
        finally:
            sinks.terminate()
            sinks.wait(10)
    await runner.cleanup()
    print(f"emails: {count} in {mail_wall:.1f} s, sinks CPU {mail_cpu / count:.3f} ms/email")
    print(f"sms:    {count} in {sms_wall:.1f} s, sinks CPU {sms_cpu / count:.3f} ms/SMS", end="")
    print(f" ({receipts.count} receipts)")
    print(f"/_mail: {listed} mails listed, sinks CPU {listing_cpu:.0f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    asyncio.run(main(args.messages, args.concurrency))
