"""What the far side of each channel received, as (channel, recipient, ...) rows a test can
compare as sets: emails from the SMTP sink, texts from the gateway simulator, webhooks
from the receiver (deduplicated by webhook-id, as a receiver must)."""

from __future__ import annotations

from email.message import EmailMessage

from deploy.local.mail_sink import MailSink
from tests.channel_sinks import RunningGateway
from tests.e2e.webhook_receiver import WebhookReceiver


def email_text(email: EmailMessage) -> str:
    part = email.get_body(preferencelist=("plain",))
    return "" if part is None else str(part.get_content())


def emails_mentioning(mail: MailSink, needle: str) -> list[EmailMessage]:
    return [e for e in mail.received() if needle in email_text(e) or needle in str(e["Subject"])]


def texts_mentioning(gateway: RunningGateway, needle: str) -> list[tuple[str, str, str]]:
    """(channel, number, text) of each message the simulator accepted that names `needle`."""
    return [
        (a.request.channel, a.request.to, a.request.text)
        for a in list(gateway.simulator.accepted)
        if needle in a.request.text
    ]


def hook_refs_for_case(webhooks: WebhookReceiver, case_id: str) -> list[tuple[str, str]]:
    """(secret_ref, event_type) of each distinct webhook about the case."""
    return sorted((h.secret_ref, h.json()["event_type"]) for h in webhooks.for_case(case_id))
