"""A local SMS/WhatsApp gateway that speaks docs/gateway-protocol.md, for `make run` and tests.

A real HTTP server (aiohttp) that checks the bearer token, validates each send like a
gateway would (E.164 number, SMS segment count recounted), answers 202 with a message
id (the same one again for a repeated `Idempotency-Key`), records what it accepted, and
then calls notify back with a signed delivery receipt naming the channel that reached the
handset. It fails on demand: the next N sends answer a given status, or wait a given time
first, numbers listed as unreachable get a `failed` receipt, and numbers listed as not on
WhatsApp get a WhatsApp's SMS fallback instead (a `failed` receipt when it has none). It
also plays the citizen: `POST /_sim/inbound` makes it send a signed inbound message to
intake (issue 12).

    GET    /_sim/messages   what was accepted (JSON)      DELETE /_sim/messages  forget it
    POST   /_sim/fail       {"status": 503, "times": 2, "delay_s": 0,
                             "unreachable": ["+62..."], "no_whatsapp": ["+62..."]}
    POST   /_sim/inbound    {"channel": "sms", "from": "+62...", "text": "...", "media": [...]}
    PUT    /_sim/media/<name>  the body becomes an attachment; answers {"url", "size"}
    GET    /media/<name>    the attachment, with the bearer token (what intake fetches)
"""

from __future__ import annotations

import asyncio
import itertools
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import aiohttp
from aiohttp import web
from pydantic import ValidationError

from schemas.gateway import DeliveryReceipt, InboundMessage, SendAccepted, SendRequest
from services.common.sms_segments import split_sms
from services.common.standard_webhooks import signed_headers

MAX_MEDIA_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class SimulatorConfig:
    token: str
    callback_secret: str
    receipts_url: str | None  # notify's receipt route; None: send no receipts
    inbound_url: str | None  # intake's inbound route (issue 12)
    our_number: str = "+62811000000"


@dataclass
class Accepted:
    message_id: str
    request: SendRequest
    fell_back: bool = False  # a WhatsApp the number could not take, sent as its SMS


@dataclass
class Faults:
    status: int = 0
    times: int = 0
    delay_s: float = 0.0
    unreachable: set[str] = field(default_factory=set)  # numbers whose receipt says failed
    no_whatsapp: set[str] = field(default_factory=set)  # a WhatsApp to them takes its fallback


class GatewaySimulator:
    def __init__(self, config: SimulatorConfig) -> None:
        self.config = config
        self.accepted: list[Accepted] = []
        self.by_key: dict[str, Accepted] = {}
        self.faults = Faults()
        self.receipt_answers: list[int] = []  # notify's HTTP status per receipt sent
        self._ids = itertools.count(1)
        self._client: aiohttp.ClientSession | None = None
        self._pending: set[asyncio.Task[None]] = set()
        self.media: dict[str, tuple[str, bytes]] = {}  # name -> (content type, bytes)
        self.media_fetches: list[str] = []  # names fetched, in order

    def app(self) -> web.Application:
        # Attachments are put whole (a test's oversized photo is larger than intake's limit).
        app = web.Application(client_max_size=MAX_MEDIA_BYTES)
        app.router.add_post("/v1/messages", self.send)
        app.router.add_get("/_sim/messages", self.listing)
        app.router.add_delete("/_sim/messages", self.forget)
        app.router.add_post("/_sim/fail", self.fail)
        app.router.add_post("/_sim/inbound", self.inbound)
        app.router.add_put("/_sim/media/{name}", self.put_media)
        app.router.add_get("/media/{name}", self.get_media)
        app.router.add_get("/health", self.health)
        app.on_cleanup.append(self._close)
        return app

    async def _close(self, _app: web.Application) -> None:
        await asyncio.gather(*self._pending, return_exceptions=True)
        if self._client is not None:
            await self._client.close()

    @property
    def client(self) -> aiohttp.ClientSession:
        if self._client is None:
            self._client = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5))
        return self._client

    async def health(self, _request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def send(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {self.config.token}":
            return _problem(401, "Bad token", "Authorization: Bearer <token> does not match")
        if self.faults.delay_s:
            await asyncio.sleep(self.faults.delay_s)
        if self.faults.times > 0:
            self.faults.times -= 1
            return _problem(self.faults.status, "Failing on demand", "the simulator was told to")
        key = request.headers.get("Idempotency-Key", "")
        if key and key in self.by_key:  # an attempt whose answer was lost: same message
            return _accepted(self.by_key[key])
        try:
            body = SendRequest.model_validate_json(await request.read())
        except ValidationError as exc:
            fields = sorted({".".join(map(str, e["loc"])) or "body" for e in exc.errors()})
            return _problem(422, "Invalid message", f"invalid or missing: {', '.join(fields)}")
        sms = body.fallback or (body if body.channel == "sms" else None)
        if sms is not None:
            counted = split_sms(sms.text)
            if (sms.encoding, sms.segments) != (counted.encoding, len(counted.segments)):
                where = "fallback " if sms is body.fallback else ""
                return _problem(
                    422,
                    "Segment count differs",
                    f"counted {len(counted.segments)} {counted.encoding} {where}segment(s)",
                )
        accepted = Accepted(f"SIM-{next(self._ids):06d}", body)
        self.accepted.append(accepted)
        if key:
            self.by_key[key] = accepted
        if self.config.receipts_url is not None:
            task = asyncio.create_task(self._receipt(accepted))
            self._pending.add(task)
            task.add_done_callback(self._pending.discard)
        return _accepted(accepted)

    async def _receipt(self, accepted: Accepted) -> None:
        request = accepted.request
        channel, error = request.channel, None
        if request.channel == "whatsapp" and request.to in self.faults.no_whatsapp:
            if request.fallback is None:
                error = "not on WhatsApp"
            else:
                channel = "sms"
                accepted.fell_back = True
        if request.to in self.faults.unreachable:
            error = "unreachable handset"
        receipt = DeliveryReceipt(
            message_id=accepted.message_id,
            reference=request.reference,
            status="failed" if error else "delivered",
            at=datetime.now(UTC),
            error=error,
            channel=channel,
        )
        answer = await self._signed_post(
            str(self.config.receipts_url), receipt.model_dump_json().encode()
        )
        self.receipt_answers.append(answer)

    async def _signed_post(self, url: str, body: bytes) -> int:
        headers = {"Content-Type": "application/json"}
        headers |= signed_headers(
            secret=self.config.callback_secret,
            webhook_id=f"msg_{uuid.uuid4().hex}",
            timestamp=int(datetime.now(UTC).timestamp()),
            body=body,
        )
        try:
            async with self.client.post(url, data=body, headers=headers) as response:
                await response.read()
                return response.status
        except (aiohttp.ClientError, TimeoutError, OSError):
            return 0  # nobody listening: the simulator shrugs, as a gateway would retry

    async def listing(self, _request: web.Request) -> web.Response:
        return web.json_response([_described(a) for a in self.accepted])

    async def forget(self, _request: web.Request) -> web.Response:
        self.accepted.clear()
        self.by_key.clear()
        return web.Response(status=204)

    async def fail(self, request: web.Request) -> web.Response:
        order = await _json_object(request)
        self.faults.status = int(order.get("status", 503))
        self.faults.times = int(order.get("times", 1))
        self.faults.delay_s = float(order.get("delay_s", 0.0))
        self.faults.unreachable = set(order.get("unreachable", ()))
        self.faults.no_whatsapp = set(order.get("no_whatsapp", ()))
        return web.Response(status=204)

    async def inbound(self, request: web.Request) -> web.Response:
        if self.config.inbound_url is None:
            return _problem(409, "No inbound URL", "start the simulator with an inbound URL")
        order = await _json_object(request)
        try:
            message = InboundMessage.model_validate(
                {
                    "message_id": f"SIM-IN-{next(self._ids):06d}",
                    "to": self.config.our_number,
                    "received_at": datetime.now(UTC),
                }
                | order
            )
        except ValidationError as exc:
            return _problem(422, "Invalid inbound message", str(exc.errors()[0]["loc"]))
        body = message.model_dump_json(by_alias=True).encode()
        status = await self._signed_post(self.config.inbound_url, body)
        return web.json_response({"message_id": message.message_id, "answer": status})

    async def put_media(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        content_type = request.headers.get("Content-Type", "application/octet-stream")
        self.media[name] = (content_type, await request.read())
        url = f"{request.url.origin()}/media/{name}"
        return web.json_response({"url": url, "size": len(self.media[name][1])}, status=201)

    async def get_media(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {self.config.token}":
            return _problem(401, "Bad token", "Authorization: Bearer <token> does not match")
        name = request.match_info["name"]
        self.media_fetches.append(name)
        if name not in self.media:
            return _problem(404, "No such media", "the simulator holds no attachment by that name")
        content_type, data = self.media[name]
        return web.Response(body=data, content_type=content_type.split(";")[0])


def _accepted(accepted: Accepted) -> web.Response:
    segments = accepted.request.segments or 1
    body = SendAccepted(message_id=accepted.message_id, segments=segments)
    # Encoded by the model itself, not dumped to a dict for json.dumps to encode again.
    return web.Response(
        body=body.model_dump_json().encode(), status=202, content_type="application/json"
    )


def _described(accepted: Accepted) -> dict[str, Any]:
    described = {"message_id": accepted.message_id, "fell_back": accepted.fell_back}
    return described | accepted.request.model_dump(exclude_none=True)


def _problem(status: int, title: str, detail: str) -> web.Response:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return web.json_response(body, status=status, content_type="application/problem+json")


async def _json_object(request: web.Request) -> dict[str, Any]:
    try:
        order = await request.json()
    except ValueError:
        return {}
    return order if isinstance(order, dict) else {}
