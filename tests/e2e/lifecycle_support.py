"""Helpers of the lifecycle test: staff tokens the running cases service accepts, a staff
step over its API, and every message a case produced, per recipient and channel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import yaml

from deploy.local.mail_sink import MailSink
from services.cases.adapters.staff_tokens import issue_token
from services.cases.domain.vocabulary import Role
from tests.channel_sinks import RunningGateway
from tests.e2e.received import email_text
from tests.e2e.webhook_receiver import WebhookReceiver

PACKAGED_RULES = Path(__file__).parents[2] / "services/cases/adapters/data/deadlines.yaml"
CLARIFICATION_S = 6  # the clarification deadline the lifecycle test lets pass


def short_clarification_rules(directory: Path) -> Path:
    """The packaged deadline rules with clarification due after a few seconds (every
    election type)."""
    rules = yaml.safe_load(PACKAGED_RULES.read_text(encoding="utf-8"))
    for election in rules["election_types"].values():
        election["statuses"]["clarification"] |= {
            "amount": CLARIFICATION_S,
            "unit": "seconds",
            "counted_from": ["start_clarification"],
            "extension": None,
        }
    path = directory / "deadlines-short-clarification.yaml"
    path.write_text(yaml.safe_dump(rules, allow_unicode=True), encoding="utf-8")
    return path


def staff_headers(env: dict[str, str], role: str, region: str | None, name: str) -> dict[str, str]:
    key = Path(env["STAFF_JWT_DEV_KEY_FILE"]).read_text().strip()
    token = issue_token(
        shared_key=key,
        issuer="netra-dev",
        role=Role(role),
        name=name,
        region=region,
        now=datetime.now(UTC),
        ttl=timedelta(hours=1),
    )
    return {"Authorization": f"Bearer {token}"}


def staff_step(
    cases_url: str, case_id: str, headers: dict[str, str], path: str, **body: Any
) -> None:
    """POST a transition (`path` "transitions") or an assignment at the case's version."""
    read = httpx.get(f"{cases_url}/v1/cases/{case_id}", headers=headers, timeout=15)
    assert read.status_code == 200, read.text
    body["expected_version"] = read.json()["version"]
    response = httpx.post(
        f"{cases_url}/v1/cases/{case_id}/{path}", json=body, headers=headers, timeout=15
    )
    assert response.status_code == 200, f"{path} {body}: {response.text}"


def deliveries_of(env: dict[str, str], case_id: str) -> list[dict[str, Any]]:
    """The case's planned deliveries as notify's ops API lists them."""
    token = Path(env["NOTIFY_ADMIN_DEV_TOKEN_FILE"]).read_text().strip()
    port = env["NOTIFY_PORT"]
    response = httpx.get(
        f"http://127.0.0.1:{port}/admin/deliveries",
        params={"case_id": case_id, "limit": 1000},
        headers={"Authorization": f"Bearer {token}"},
        timeout=15,
    )
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["deliveries"]
    return found


@dataclass(frozen=True)
class Arrival:
    """One message at the far side of a channel: to whom, and what it said."""

    channel: str
    to: str
    text: str
    language: str  # an email's Content-Language, a webhook's `language`; "" for texts


def arrivals_by_id(
    webhooks: WebhookReceiver, mail: MailSink, gateway: RunningGateway
) -> dict[str, list[Arrival]]:
    """Every arrival (copies included) by notification id: a webhook's webhook-id, an
    email's Message-ID, the gateway message's reference."""
    found: dict[str, list[Arrival]] = {}
    with webhooks.lock:
        hooks = list(webhooks.received)
    for hook in hooks:
        body = hook.json()
        found.setdefault(hook.webhook_id, []).append(
            Arrival("webhook", hook.secret_ref, body["text"], body["language"])
        )
    for email in mail.received():
        nid = str(email["Message-ID"]).strip("<>").split("@")[0]
        text = f"{email['Subject']}\n{email_text(email)}"
        arrival = Arrival("email", str(email["To"]), text, str(email["Content-Language"]))
        found.setdefault(nid, []).append(arrival)
    for accepted in list(gateway.simulator.accepted):
        request = accepted.request
        found.setdefault(request.reference, []).append(
            Arrival(request.channel, request.to, request.text, "")
        )
    return found
