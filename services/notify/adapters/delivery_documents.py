"""Planned deliveries and their steps as store documents, and back.

A reporter's delivery holds personal data (their address or number, the tracking code
in the context): its addressee and context are sealed with the PII keyring (AES-GCM,
bound to the notification id), as cases seals reporters. Officials' deliveries are
stored plain: directory data, no personal data of a reporter. Their context (the event's
payload, about a kilobyte, for the template and the webhook) is kept as its JSON text in
one field, `context_json`: it is only ever read back whole, and a nested document cost
FerretDB a conversion per field on every insert (most of the log's write cost). Documents
written before hold it as a `context` document; both are read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson

from services.common.crypto import Keyring, Sealed
from services.common.mongo import Document
from services.notify.domain.delivery_progress import EntryKind, LogEntry
from services.notify.domain.plans import Addressee, Audience, ChannelName, PlannedDelivery


def planned_document(planned: PlannedDelivery, *, at: datetime, keyring: Keyring) -> Document:
    private = {"addressee": _addressee(planned.addressee), "context": dict(planned.context)}
    document: Document = {
        "_id": planned.notification_id,
        "event_id": planned.event_id,
        "event_type": planned.event_type,
        "case_id": planned.case_id,
        "occurred_at": planned.occurred_at,
        "channel": planned.addressee.channel.value,
        "recipient_id": planned.addressee.recipient_id,
        "audience": planned.audience.value,
        "template": planned.template,
        "trace": dict(planned.trace),
        "planned_at": at,
    }
    if planned.audience is Audience.REPORTER:
        sealed = keyring.seal(private, context=_seal_context(planned.notification_id))
        document["sealed"] = vars(sealed)
    else:
        document["addressee"] = private["addressee"]
        document["context_json"] = orjson.dumps(private["context"]).decode()
    return document


def planned_of(document: Document, *, keyring: Keyring) -> PlannedDelivery:
    private: dict[str, Any] = document
    if "sealed" in document:
        private = keyring.open(Sealed(**document["sealed"]), context=_seal_context(document["_id"]))
    a = private["addressee"]
    return PlannedDelivery(
        notification_id=document["_id"],
        event_id=document["event_id"],
        event_type=document["event_type"],
        case_id=document["case_id"],
        occurred_at=document["occurred_at"],
        addressee=Addressee(
            recipient_id=a["recipient_id"],
            name=a["name"],
            channel=ChannelName(a["channel"]),
            target=a["target"],
            language=a["language"],
            secret_ref=a["secret_ref"],
            fallback=ChannelName(a["fallback"]) if a.get("fallback") else None,
        ),
        audience=Audience(document["audience"]),
        template=document["template"],
        context=_context(private),
        trace=document["trace"],
    )


def entry_document(entry: LogEntry) -> Document:
    return {
        "_id": f"{entry.notification_id}#{entry.seq}",
        "notification_id": entry.notification_id,
        "seq": entry.seq,
        "kind": entry.kind.value,
        "at": entry.at,
        "detail": entry.detail,
        "next_due": entry.next_due,
    }


def entry_of(document: Document) -> LogEntry:
    return LogEntry(
        notification_id=document["notification_id"],
        seq=int(document["seq"]),
        kind=EntryKind(document["kind"]),
        at=document["at"],
        detail=document["detail"],
        next_due=document["next_due"],
    )


def _addressee(addressee: Addressee) -> dict[str, Any]:
    fields = {
        "recipient_id": addressee.recipient_id,
        "name": addressee.name,
        "channel": addressee.channel.value,
        "target": addressee.target,
        "language": addressee.language,
        "secret_ref": addressee.secret_ref,
    }
    if addressee.fallback is not None:  # absent in documents written before it existed
        fields["fallback"] = addressee.fallback.value
    return fields


def _context(private: dict[str, Any]) -> dict[str, Any]:
    text = private.get("context_json")
    context: dict[str, Any] = private["context"] if text is None else orjson.loads(text)
    return context


def _seal_context(notification_id: str) -> str:
    return f"notify.delivery:{notification_id}"
