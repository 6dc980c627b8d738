"""Issue 11 end to end: one case through its whole life, and who heard what, over which
channel, at each step (real SMTP server, Standard Webhooks receiver, gateway simulator).

received -> registered (officer assigned) -> clarification, whose deadline (a few seconds
in this session's rules) is missed -> plenary decision (neutrality and criminal) ->
forwarded to BKN and to Gakkumdu -> BKN's recommendation to the PPK -> sanction,
criminal track concluded -> closed; a second reporter's report of the same incident joins
the case. Each step's deliveries are labelled with the step (notify's ops API lists the
case's deliveries), then the arrivals at the three sinks are compared with `EXPECTED`:
exactly these messages, each once; the reporters' in Bahasa Indonesia, with the tracking
code and without officials' names or internal notes.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from deploy.local.mail_sink import MailSink
from tests.channel_sinks import RunningGateway
from tests.e2e.helpers import status_when, submit, wait_for
from tests.e2e.lifecycle_support import arrivals_by_id, deliveries_of, staff_headers, staff_step
from tests.e2e.webhook_receiver import WebhookReceiver
from tests.infra import SessionInfra

REPORTER_1 = {"email": "dewi@warga.netra.test", "phone": "+6281277700011"}
REPORTER_2 = {"email": "budi@warga.netra.test"}
# One message per phone: a WhatsApp, with the SMS only as the gateway's fallback.
R1 = {("email", REPORTER_1["email"]), ("whatsapp", REPORTER_1["phone"])}
R2 = {("email", REPORTER_2["email"])}
LAMSEL = {("webhook", "dev/bawaslu-lamsel"), ("email", "pengaduan@bawaslu-lamsel.netra.test")}
OFFICER_EMAIL = ("email", "siti.rahmawati@bawaslu-lamsel.netra.test")
OFFICER_WA = ("whatsapp", "+6281100001801")
SUPERVISOR_EMAIL = ("email", "kordiv.pp@bawaslu-lamsel.netra.test")
SUPERVISOR_WA = ("whatsapp", "+6281100001809")

KANREG = {("webhook", "dev/bkn-kanreg-lampung"), ("email", "kanreg.lampung@bkn.netra.test")}
GAKKUMDU = {("webhook", "dev/gakkumdu"), ("email", "sentra@gakkumdu.netra.test")}
PPK = {("webhook", "dev/ppk"), ("email", "ppk@pemda.netra.test")}
LAMSEL_HOOK = {("webhook", "dev/bawaslu-lamsel")}

# Step (or deadline event) -> who heard, over which channel: docs/notifications.md's rows
# for that event (the reporter of a linked report hears of the link; both reporters of
# every later step told to reporters; the neutrality forward rule holds on the Gakkumdu
# forward too, as the case carries that track). No `case.deadline_approaching`: a deadline
# of seconds is inside the 24 h warning window from the step that sets it, and cases
# announces only a change of the deadline's state (services/cases/domain/deadlines/watch.py).
EXPECTED: dict[str, list[tuple[str, str]]] = {
    step: sorted(who)
    for step, who in {
        "opened": [*LAMSEL, *R1],
        "report_linked": [*LAMSEL_HOOK, *R2],
        "registered": [*LAMSEL, *R1, *R2],
        "assigned": [OFFICER_EMAIL, OFFICER_WA],
        "clarification": [OFFICER_EMAIL, *R1, *R2],
        "case.deadline_missed": [OFFICER_EMAIL, OFFICER_WA, SUPERVISOR_EMAIL, SUPERVISOR_WA],
        "plenary_decided": [*LAMSEL, SUPERVISOR_EMAIL, *R1, *R2],
        "forwarded_bkn": [*KANREG, *LAMSEL_HOOK, *R1, *R2],
        "forwarded_gakkumdu": [*GAKKUMDU, *LAMSEL_HOOK, *R1, *R2],
        "ppk_examination": [*PPK, *LAMSEL_HOOK],
        "closed": [*LAMSEL, OFFICER_EMAIL, *R1, *R2],
    }.items()
}
INTERNAL = ("Siti Rahmawati", "kordiv", "syarat formal", "terbukti", "unsur pidana", "Hendra")


def test_one_case_through_its_life_tells_each_party_exactly_what_the_matrix_says(
    services: dict[str, str],
    infra: SessionInfra,
    webhooks: WebhookReceiver,
    mail: MailSink,
    gateway: RunningGateway,
) -> None:
    started = time.monotonic()
    env = infra.env
    cases = services["cases"]
    suffix = "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:6])
    report = {
        "channel": "web",
        "text": (
            f"Camat Hendra {suffix} di Kabupaten Lampung Selatan ikut berkampanye untuk "
            "paslon bupati nomor urut 1 pada rapat umum di lapangan kecamatan kemarin."
        ),
        "reported_name": f"Hendra {suffix}",
        "reporter": {"name": "Dewi Pelapor", **REPORTER_1, "wants_updates": True},
    }
    receipt, _ = submit(services["intake"], report)
    tracking = receipt["tracking_code"]
    status = status_when(cases, tracking, lambda s: s.get("case_id") is not None, "the case")
    case_id = status["case_id"]
    print("routes", status["routes"], "category", status.get("category"))

    labels: dict[str, str] = {}

    def settled(step: str, expect_any: bool = True) -> None:
        """Label the deliveries the step planned (they appear within a batch or two)."""

        def new() -> list[str]:
            return [
                d["notification_id"]
                for d in deliveries_of(env, case_id)
                if d["notification_id"] not in labels
            ]

        if expect_any:
            wait_for(lambda: new(), timeout=30, what=f"deliveries of {step}")
        time.sleep(1.0)  # a step's second event (forward: status change, then forward)
        for d in deliveries_of(env, case_id):
            nid = d["notification_id"]
            if nid not in labels:  # deadline notices come from the scan: by their type
                labels[nid] = d["event_type"] if "deadline" in d["event_type"] else step

    settled("opened")
    second = dict(report, reporter={"name": "Budi Pelapor", **REPORTER_2, "wants_updates": True})
    receipt_2, _ = submit(services["intake"], second)
    linked = status_when(
        cases, receipt_2["tracking_code"], lambda s: s.get("case_id") is not None, "the duplicate"
    )
    assert linked["case_id"] == case_id and linked["tracking_code"] != tracking
    settled("report_linked")

    bawaslu = staff_headers(env, "bawaslu", "18.01", "Siti Rahmawati")
    admin = staff_headers(env, "admin", None, "Admin Netra")
    gakkumdu = staff_headers(env, "gakkumdu", "18.01", "Penyidik Gakkumdu")
    step: Callable[..., None] = lambda headers, path="transitions", **body: staff_step(  # noqa: E731
        cases, case_id, headers, path, **body
    )
    step(bawaslu, command="start_review")
    step(bawaslu, command="register", reason="syarat formal dan materiel lengkap")
    settled("registered")
    step(bawaslu, "assign", assignee="staf.lamsel.01", reason="penanganan")
    settled("assigned")
    step(bawaslu, command="start_clarification")
    settled("clarification")
    # The clarification deadline passes (seconds, this session's rules): the scan tells
    # the officer and the supervisor.
    wait_for(
        lambda: any(d["event_type"] == "case.deadline_missed" for d in deliveries_of(env, case_id)),
        timeout=40,
        what="the missed clarification deadline",
    )
    settled("deadline_missed")
    step(bawaslu, command="decide_plenary", outcomes=["neutrality", "criminal"], reason="terbukti")
    settled("plenary_decided")
    step(bawaslu, command="forward_to_bkn")
    settled("forwarded_bkn")
    step(bawaslu, command="forward_to_gakkumdu")
    settled("forwarded_gakkumdu")
    step(admin, command="start_bkn_verification")
    settled("bkn_verification", expect_any=False)
    step(
        admin,
        command="record_bkn_recommendation",
        sanction_level="light",
        ppk_agency="PEMKAB:18.01",
    )
    settled("ppk_examination")
    step(admin, command="record_sanction", sanction_level="light")
    step(gakkumdu, command="conclude_track", track="criminal", reason="tidak memenuhi unsur pidana")
    settled("sanction_and_conclusion", expect_any=False)
    step(admin, command="close")
    settled("closed")

    # Every planned delivery delivered, and each at its sink.
    def all_arrived() -> list[str]:
        deliveries = deliveries_of(env, case_id)
        arrived = arrivals_by_id(webhooks, mail, gateway)
        waiting = [
            d["notification_id"]
            for d in deliveries
            if d["state"] != "delivered" or d["notification_id"] not in arrived
        ]
        return [] if waiting else ["ok"]

    wait_for(all_arrived, timeout=30, what="every delivery at its sink")
    arrived = arrivals_by_id(webhooks, mail, gateway)
    unlabelled = [d for d in deliveries_of(env, case_id) if d["notification_id"] not in labels]
    assert not unlabelled, unlabelled
    got: dict[str, list[tuple[str, str]]] = {}
    for nid, step_name in labels.items():
        [arrival] = arrived[nid]  # exactly once
        got.setdefault(step_name, []).append((arrival.channel, arrival.to))
    assert {step: sorted(who) for step, who in got.items()} == EXPECTED

    # The reporters' updates: in Bahasa Indonesia, with their tracking code, nothing internal.
    codes = {REPORTER_1["email"]: tracking, REPORTER_1["phone"]: tracking}
    codes[REPORTER_2["email"]] = receipt_2["tracking_code"]
    reporters = {
        d["notification_id"]
        for d in deliveries_of(env, case_id)
        if d["recipient_id"].startswith("reporter:")
    }
    assert len(reporters) == sum(1 for who in EXPECTED.values() for w in who if w in R1 | R2)
    for nid in reporters:
        [arrival] = arrived[nid]
        assert codes[arrival.to] in arrival.text and "laporan" in arrival.text.lower(), arrival
        assert arrival.language == ("id" if arrival.channel == "email" else ""), arrival
        assert not [word for word in INTERNAL if word in arrival.text], arrival
    print(f"lifecycle: {len(labels)} deliveries in {time.monotonic() - started:.1f} s")
