"""A reporter's address stays sealed until the moment of sending.

The planner decides which channels can reach a reporter (it opens the contact in memory
to see whether it holds an email or a phone number), but the delivery it plans carries
only the sealed contact (`sealed:<report id>:<key id>:<nonce>:<ciphertext>`), so the
delivery log never holds a reporter's address in the clear. The delivery worker opens
it (`service_layer.reporter_contacts.addressee_for_sending`) right before the attempt.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas.reports import SealedReporter

PREFIX = "sealed:"


@dataclass(frozen=True)
class ReporterAddress:
    """What an opened contact offers for updates; never logged, never stored."""

    email: str | None
    phone: str | None


class UnsealableTarget(ValueError):
    pass


class ContactUnreadable(ValueError):
    """The sealed contact does not open (unknown key id, tampered or moved ciphertext)."""


def sealed_target(report_id: str, contact: SealedReporter) -> str:
    if not (contact.key_id and contact.nonce and contact.ciphertext):
        raise UnsealableTarget(f"report {report_id}: the contact is not sealed")
    return f"{PREFIX}{report_id}:{contact.key_id}:{contact.nonce}:{contact.ciphertext}"


def parse_sealed_target(target: str) -> tuple[str, SealedReporter]:
    """(report id, sealed contact) of a target made by `sealed_target`."""
    parts = target.removeprefix(PREFIX).split(":")
    if not target.startswith(PREFIX) or len(parts) != 4 or not all(parts):
        raise UnsealableTarget("not a sealed reporter target")
    report_id, key_id, nonce, ciphertext = parts
    contact = SealedReporter(
        anonymous=False, wants_updates=True, key_id=key_id, nonce=nonce, ciphertext=ciphertext
    )
    return report_id, contact
