"""Opening a reporter's sealed target right before a send (the delivery worker calls it).

The planned delivery, and so the delivery log, holds only the sealed contact
(domain/reporter_targets.py); this returns the addressee with the real address, for
the one attempt, in memory.
"""

from __future__ import annotations

from dataclasses import replace

from services.notify.domain.plans import Addressee, ChannelName
from services.notify.domain.reporter_targets import (
    PREFIX,
    ContactUnreadable,
    parse_sealed_target,
)
from services.notify.service_layer.ports import ReporterContacts


def addressee_for_sending(addressee: Addressee, contacts: ReporterContacts) -> Addressee:
    """An official's addressee as it is; a reporter's with the address opened.

    Raises `ContactUnreadable` when it does not open or offers nothing for the channel
    (a dead delivery: another attempt cannot fix it)."""
    if not addressee.target.startswith(PREFIX):
        return addressee
    report_id, sealed = parse_sealed_target(addressee.target)
    address = contacts.open(report_id, sealed)
    target = address.email if addressee.channel == ChannelName.EMAIL else address.phone
    if not target:
        raise ContactUnreadable(f"report {report_id}: no {addressee.channel} in the contact")
    return replace(addressee, target=target)
