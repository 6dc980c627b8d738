"""One report through every hop on real Kafka and a real MongoDB wire server."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer

from deploy.local.mail_sink import MailSink
from schemas import topics
from schemas.codec import decode, encode
from schemas.triage import ReportTriaged
from tests.channel_sinks import RunningGateway
from tests.e2e.helpers import actions, publish_raw, status_when, submit, wait_for
from tests.e2e.received import emails_mentioning, hook_refs_for_case, texts_mentioning
from tests.e2e.webhook_receiver import WebhookReceiver
from tests.infra import SessionInfra

EXAMPLES = Path(__file__).parents[2] / "schemas" / "examples"

REPORTER_PHONE = "+6281911122233"
VILLAGE_MONEY = {
    "channel": "web",  # an SMS-style text typed into the public form
    "text": (
        "lapor, kades dsa kami di kab lombok timur bagi2 amplop isi 100rb ke warga td malam, "
        "katanya titipan dr paslon no 2. mohon ditindak"
    ),
    "reporter": {"name": "Lalu Pelapor", "phone": REPORTER_PHONE, "wants_updates": True},
}


def delivered_count(status: dict[str, Any]) -> int:
    return actions(status).count("notification.delivered")


def trace_id_of(traceparent: str) -> str:
    return traceparent.split("-")[1]


ROUTE_HOOKS = ["dev/bawaslu", "dev/gakkumdu", "dev/pemda"]  # BAWASLU, GAKKUMDU, PEMDA:52.03
ROUTE_INBOXES = [
    "inspektorat@pemda.netra.test",
    "pengaduan@bawaslu.netra.test",
    "sentra@gakkumdu.netra.test",
]


def test_report_is_routed_and_every_authority_and_the_reporter_hear_once(
    services: dict[str, str], webhooks: WebhookReceiver, mail: MailSink, gateway: RunningGateway
) -> None:
    # The reporter's handset is not on WhatsApp: the gateway sends the WhatsApp's SMS.
    gateway.call(lambda: gateway.simulator.faults.no_whatsapp.add(REPORTER_PHONE))
    receipt, trace_id = submit(services["intake"], VILLAGE_MONEY)
    tracking = receipt["tracking_code"]
    status = status_when(
        services["cases"], tracking, lambda s: s.get("case_id") is not None, "the case"
    )
    case_id = status["case_id"]
    assert status["category"] == "MONEY_POLITICS"
    assert status["routes"] == ["BAWASLU:52.03", "GAKKUMDU:52.03", "PEMDA:52.03"]
    assert "Lalu Pelapor" not in json.dumps(status) and "6281911122233" not in json.dumps(status)

    # Each routed authority: one verified Standard Webhook and one email; the reporter
    # (a phone, no email) one message with the tracking code: a WhatsApp carrying its SMS,
    # which the gateway sent instead, and said so in its receipt.
    wait_for(
        lambda: (
            len(hook_refs_for_case(webhooks, case_id)) == 3
            and len(emails_mentioning(mail, case_id)) == 3
            and len(texts_mentioning(gateway, tracking)) == 1
        ),
        what="every opened-case message",
    )
    assert hook_refs_for_case(webhooks, case_id) == [(ref, "case.opened") for ref in ROUTE_HOOKS]
    assert sorted(str(e["To"]) for e in emails_mentioning(mail, case_id)) == ROUTE_INBOXES
    [to_reporter] = [a for a in list(gateway.simulator.accepted) if tracking in a.request.text]
    assert (to_reporter.request.channel, to_reporter.request.to) == ("whatsapp", REPORTER_PHONE)
    assert to_reporter.request.fallback is not None and to_reporter.fell_back
    assert tracking in to_reporter.request.fallback.text
    for hook in webhooks.for_case(case_id):
        assert (
            "Lalu Pelapor" not in hook.body.decode() and "6281911122233" not in hook.body.decode()
        )
        assert trace_id_of(hook.headers["traceparent"]) == trace_id
    assert {
        item["trace_id"]
        for item in status_when(
            services["cases"], tracking, lambda s: delivered_count(s) == 7, "7 delivered steps"
        )["timeline"]
    } == {trace_id}


def test_status_lookup_errors_are_problem_json(services: dict[str, str]) -> None:
    unknown = httpx.get(f"{services['cases']}/v1/status/NTR-0000-0000-0000-0000", timeout=10)
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"
    malformed = httpx.get(f"{services['cases']}/v1/status/nonsense", timeout=10)
    assert malformed.status_code == 400 and malformed.json()["field"] == "tracking_code"


def triaged_copy(*, dedup_key: str) -> tuple[bytes, str, str]:
    envelope = decode((EXAMPLES / "report.triaged.json").read_bytes())
    payload = envelope.data
    assert isinstance(payload, ReportTriaged)
    report_id = f"RPT-E2E-{uuid.uuid4().hex[:12].upper()}"
    tracking = "NTR-" + "-".join(uuid.uuid4().hex[i : i + 4].upper() for i in range(0, 16, 4))
    tracking = tracking.replace("I", "1").replace("L", "1").replace("O", "0").replace("U", "V")
    report = payload.report.model_copy(update={"report_id": report_id, "tracking_code": tracking})
    decision = payload.decision.model_copy(update={"dedup_key": dedup_key})
    copy = envelope.model_copy(
        update={"id": uuid.uuid4(), "data": ReportTriaged(report=report, decision=decision)}
    )
    return encode(copy), report_id, tracking


async def test_same_triaged_event_twice_gives_one_case_and_one_message_each(
    services: dict[str, str], webhooks: WebhookReceiver, infra: SessionInfra
) -> None:
    raw, report_id, tracking = triaged_copy(dedup_key=f"dk-redelivery-{uuid.uuid4().hex}")
    for _ in range(2):
        await publish_raw(infra.kafka_bootstrap, topics.REPORTS_TRIAGED, raw, key=b"redelivery")
    status_when(
        services["cases"], tracking, lambda s: delivered_count(s) >= 1, "the redelivered case"
    )
    # Give a second (wrong) case or webhook time to appear before counting, and the case's
    # other deliveries (its route's email lands a moment after its webhook) time to be
    # recorded: the count compared below is the settled one, not the first seen.
    await _drain_quietly(seconds=3)
    status = status_when(services["cases"], tracking, lambda s: True, "the settled status")
    from pymongo import AsyncMongoClient

    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(infra.mongodb_url)
    try:
        db = client[infra.mongodb_database]
        assert await db["cases"].count_documents({"report_ids": report_id}) == 1
    finally:
        await client.close()
    hooks = hook_refs_for_case(webhooks, status["case_id"])
    assert hooks and len(hooks) == len(set(hooks))  # one per recipient, not one per copy
    await _drain_quietly(seconds=1)
    again = status_when(services["cases"], tracking, lambda s: True, "the status once more")
    assert delivered_count(again) == delivered_count(status)


async def _drain_quietly(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)


async def test_poison_message_goes_to_the_dlq_and_the_next_report_flows(
    services: dict[str, str], infra: SessionInfra
) -> None:
    offset = await publish_raw(infra.kafka_bootstrap, topics.REPORTS_RECEIVED, b"\x00garbage{")
    letters = await _dead_letters_for(infra.kafka_bootstrap, topics.REPORTS_RECEIVED, offset)
    assert {letter["consumer"] for letter in letters} == {"triage", "cases"}
    assert all("not JSON" in letter["reason"] for letter in letters)

    receipt, _ = submit(services["intake"], VILLAGE_MONEY)
    status_when(
        services["cases"],
        receipt["tracking_code"],
        lambda s: s.get("case_id") is not None,
        "a valid report after the poison one",
    )


async def _dead_letters_for(bootstrap: str, topic: str, offset: int) -> list[dict[str, Any]]:
    consumer = AIOKafkaConsumer(
        topics.DLQ,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        group_id=f"e2e-dlq-{uuid.uuid4().hex}",
        enable_auto_commit=False,
    )
    await consumer.start()
    found: list[dict[str, Any]] = []
    try:

        async def collect() -> list[dict[str, Any]]:
            async for record in consumer:
                letter = json.loads(record.value)["data"]
                if letter["source_topic"] == topic and letter["offset"] == offset:
                    found.append(letter)
                    if len(found) == 2:
                        return found
            return found

        import asyncio

        return await asyncio.wait_for(collect(), timeout=60)
    finally:
        await consumer.stop()


def test_citizen_files_on_the_web_form_and_tracks_the_case(services: dict[str, str]) -> None:
    form = {
        "text": "Camat di Kabupaten Pidie hadir dalam kampanye terbuka paslon bupati nomor urut 3.",
        "name": "Teuku Pelapor",
        "phone": "+6281300000000",
    }
    page = httpx.post(f"{services['intake']}/lapor", data=form, timeout=15)
    assert page.status_code == 202
    tracking = page.text.split('data-testid="tracking-code">')[1].split("<")[0]
    status_when(
        services["cases"], tracking, lambda s: s.get("case_id") is not None, "the web-form case"
    )
    track = httpx.get(f"{services['intake']}/lacak", params={"kode": tracking}, timeout=15)
    assert track.status_code == 200
    assert "Kasus dibuka" in track.text and "BAWASLU:11.07" in track.text
    assert "Teuku Pelapor" not in track.text


def test_netra_trace_shows_each_hop_with_one_trace_id(services: dict[str, str]) -> None:
    from typer.testing import CliRunner

    from services.cli import app

    receipt, trace_id = submit(services["intake"], VILLAGE_MONEY)
    status_when(
        services["cases"],
        receipt["tracking_code"],
        lambda s: delivered_count(s) >= 1,
        "a delivered notification",
    )
    result = CliRunner().invoke(
        app, ["trace", receipt["tracking_code"], "--cases-url", services["cases"]]
    )
    assert result.exit_code == 0, result.output
    for hop in ("report.received", "case.opened", "notification.delivered", "notify -> cases"):
        assert hop in result.output
    assert trace_id in result.output


async def test_a_redelivered_case_event_never_notifies_twice(
    services: dict[str, str], webhooks: WebhookReceiver, infra: SessionInfra
) -> None:
    envelope = decode((EXAMPLES / "case.opened.json").read_bytes())
    case_id = f"CASE-E2E{uuid.uuid4().hex[:12].upper()}"
    opened = envelope.data.model_copy(update={"case_id": case_id})
    raw = encode(envelope.model_copy(update={"id": uuid.uuid4(), "data": opened}))
    for _ in range(2):
        await publish_raw(infra.kafka_bootstrap, topics.CASES_EVENTS, raw, key=case_id.encode())

    def delivered() -> int:
        return len(hook_refs_for_case(webhooks, case_id))

    import asyncio

    for _ in range(120):
        if delivered():
            break
        await asyncio.sleep(0.25)
    await asyncio.sleep(3)  # room for a wrong second delivery to show up
    refs = hook_refs_for_case(webhooks, case_id)
    assert refs and len(refs) == len(set(refs))  # one webhook per routed authority
    sent = [h for h in webhooks.received if h.json().get("case_id") == case_id]
    assert len(sent) == len(refs)  # not even a duplicate for the receiver to drop
