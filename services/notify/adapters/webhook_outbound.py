"""The signed-webhook adapter behind the OutboundChannel port: one attempt per send (the
worker retries), until the Standard Webhooks adapter of issue 11 replaces both."""

from __future__ import annotations

from services.notify.adapters.webhook import RETRYABLE_STATUS, WebhookChannel
from services.notify.domain.plans import Addressee, Message, SendOutcome


class WebhookOutbound:
    def __init__(self, webhook: WebhookChannel) -> None:
        self.webhook = webhook

    async def send(
        self, *, addressee: Addressee, notification_id: str, message: Message
    ) -> SendOutcome:
        result = await self.webhook.send(
            target=addressee.target, notification_id=notification_id, body=message.data
        )
        return SendOutcome(result.delivered, _retryable(result.detail), result.detail)


def _retryable(detail: str) -> bool:
    """Another attempt cannot fix a 4xx other than 408/425/429 (or a redirect)."""
    code = detail.removeprefix("HTTP ")
    return not code.isdigit() or int(code) in RETRYABLE_STATUS or int(code) >= 500
