"""`ReporterContacts` with the reporter keyring (AES-GCM, the report id as associated data).

Nothing here logs: the address exists only in the return value.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidTag

from schemas.reports import SealedReporter
from services.common.crypto import Keyring, KeyringError, Sealed
from services.notify.domain.reporter_targets import ContactUnreadable, ReporterAddress


class KeyringContacts:
    def __init__(self, keyring: Keyring) -> None:
        self.keyring = keyring

    def open(self, report_id: str, contact: SealedReporter) -> ReporterAddress:
        if not (contact.key_id and contact.nonce and contact.ciphertext):
            raise ContactUnreadable(f"report {report_id}: the contact is not sealed")
        sealed = Sealed(contact.key_id, contact.nonce, contact.ciphertext)
        try:
            identity = self.keyring.open(sealed, context=report_id)
        except (KeyringError, InvalidTag, ValueError) as exc:
            raise ContactUnreadable(
                f"report {report_id}: the contact does not open ({type(exc).__name__})"
            ) from None
        email, phone = identity.get("email"), identity.get("phone")
        return ReporterAddress(
            email=email if isinstance(email, str) else None,
            phone=_e164(phone) if isinstance(phone, str) else None,
        )


def _e164(phone: str) -> str | None:
    """Indonesian numbers as people write them (0812..., 62812..., +62 812-...) in E.164."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if phone.strip().startswith("+"):
        return "+" + digits if digits else None
    if digits.startswith("0"):
        return "+62" + digits[1:]
    if digits.startswith("62"):
        return "+" + digits
    return None
