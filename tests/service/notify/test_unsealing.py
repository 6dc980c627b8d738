"""The channels the worker sends through open a reporter's sealed target for the send only:
the channel sees the address, the planned delivery keeps it sealed, an official's
addressee passes unchanged, and a contact that does not open is a dead delivery."""

from __future__ import annotations

from services.notify.domain.plans import Addressee, ChannelName, Message
from services.notify.domain.reporter_targets import ReporterAddress, sealed_target
from services.notify.service_layer.unsealing import unsealing
from tests.fakes.notify import InMemoryContacts, ScriptedChannel

MESSAGE = Message(subject="s", text="t", html=None, data={})


def reporter(
    contacts: InMemoryContacts, channel: ChannelName, address: ReporterAddress
) -> Addressee:
    target = sealed_target("RPT-0001", contacts.seal("RPT-0001", address))
    return Addressee("reporter:RPT-0001", "Pelapor", channel, target)


async def test_the_channel_gets_the_opened_address_and_the_plan_stays_sealed() -> None:
    contacts, email, sms = InMemoryContacts(), ScriptedChannel(), ScriptedChannel()
    channels = unsealing({ChannelName.EMAIL: email, ChannelName.SMS: sms}, contacts)
    address = ReporterAddress("dewi@warga.test", "+6281234567890")
    to_email = reporter(contacts, ChannelName.EMAIL, address)
    to_sms = reporter(contacts, ChannelName.SMS, address)
    official = Addressee("staf.lamsel.01", "Siti", ChannelName.SMS, "+6281100001801")
    for addressee in (to_email, to_sms, official):
        outcome = await channels[addressee.channel].send(
            addressee=addressee, notification_id="NTF-1", message=MESSAGE
        )
        assert outcome.delivered
    assert [a.target for a in email.arrived] == ["dewi@warga.test"]
    assert [a.target for a in sms.arrived] == ["+6281234567890", "+6281100001801"]
    assert to_email.target.startswith("sealed:RPT-0001:")  # frozen: nothing written back


async def test_a_contact_without_the_channel_or_that_does_not_open_is_dead() -> None:
    contacts, sms = InMemoryContacts(), ScriptedChannel()
    channels = unsealing({ChannelName.SMS: sms}, contacts)
    no_phone = reporter(contacts, ChannelName.SMS, ReporterAddress("dewi@warga.test", None))
    outcome = await channels[ChannelName.SMS].send(
        addressee=no_phone, notification_id="NTF-2", message=MESSAGE
    )
    assert (outcome.delivered, outcome.retryable) == (False, False)
    assert "no sms in the contact" in outcome.detail and "dewi" not in outcome.detail
    moved = no_phone.target.replace("RPT-0001", "RPT-0002")  # another report's ciphertext
    forged = Addressee("reporter:RPT-0002", "Pelapor", ChannelName.SMS, moved)
    outcome = await channels[ChannelName.SMS].send(
        addressee=forged, notification_id="NTF-3", message=MESSAGE
    )
    assert (outcome.delivered, outcome.retryable, sms.attempts) == (False, False, 0)
