"""Contract of `ReporterContacts`: the in-memory table and the reporter keyring agree.

A contact opens only for the report it was sealed for; an unsealed or foreign contact is
`ContactUnreadable`, never an address. The real adapter needs a key, not infrastructure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from schemas.reports import SealedReporter
from services.common.crypto import parse_keyring
from services.notify.adapters.keyring_contacts import KeyringContacts
from services.notify.domain.reporter_targets import ContactUnreadable, ReporterAddress
from services.notify.service_layer.ports import ReporterContacts
from tests.fakes.notify import InMemoryContacts

KEY = "k1:" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVpBQkNERUY="  # 32 bytes, base64


@dataclass(frozen=True)
class Sealer:
    port: ReporterContacts
    seal: Callable[[str, dict[str, str]], SealedReporter]


def _fake() -> Sealer:
    fake = InMemoryContacts()

    def seal(report_id: str, identity: dict[str, str]) -> SealedReporter:
        phone = identity.get("phone")
        e164 = "+62" + phone[1:] if phone and phone.startswith("0") else phone
        return fake.seal(report_id, ReporterAddress(identity.get("email"), e164))

    return Sealer(fake, seal)


def _real() -> Sealer:
    keyring = parse_keyring(KEY)

    def seal(report_id: str, identity: dict[str, str]) -> SealedReporter:
        sealed = keyring.seal(identity, context=report_id)
        return SealedReporter(
            anonymous=False,
            wants_updates=True,
            key_id=sealed.key_id,
            nonce=sealed.nonce,
            ciphertext=sealed.ciphertext,
        )

    return Sealer(KeyringContacts(keyring), seal)


@pytest.fixture(params=["fake", "real"])
def sealer(request: pytest.FixtureRequest) -> Sealer:
    return _fake() if request.param == "fake" else _real()


def test_a_contact_opens_for_its_report(sealer: Sealer) -> None:
    contact = sealer.seal(
        "RPT-1", {"name": "Dewi", "email": "dewi@warga.test", "phone": "081234567890"}
    )
    address = sealer.port.open("RPT-1", contact)
    assert address == ReporterAddress("dewi@warga.test", "+6281234567890")


def test_a_contact_moved_to_another_report_does_not_open(sealer: Sealer) -> None:
    contact = sealer.seal("RPT-1", {"email": "dewi@warga.test"})
    with pytest.raises(ContactUnreadable, match="RPT-2"):
        sealer.port.open("RPT-2", contact)


def test_an_unsealed_contact_does_not_open(sealer: Sealer) -> None:
    with pytest.raises(ContactUnreadable):
        sealer.port.open("RPT-1", SealedReporter(anonymous=True, wants_updates=True))
