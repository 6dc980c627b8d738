"""Planned deliveries and their steps as store documents, and back.

A case event's deliveries are one document (`event_document`, `_id` = the event id): the
event's fields once, the ids of its deliveries (`notification_ids`, what `find` looks up),
and the deliveries themselves as one JSON text field, `deliveries_json`, with each distinct
context written once (the event's payload, about a kilobyte, is the same for most of an
event's officials). It is only ever read back whole, and FerretDB's insert cost is per
document and per field, not per byte of a string: three to four documents of ~1.4 KB per
report became one (docs/decisions.md, "One planned document per case event").

A reporter's delivery holds personal data (their address or number, the tracking code in
the context): its addressee and context are sealed with the PII keyring (AES-GCM, bound to
the notification id), as cases seals reporters, and kept in `sealed`; the JSON names only
the seal's index. Officials' deliveries are stored plain: directory data, no personal data
of a reporter.

Documents written before hold one delivery each (`_id` = the notification id, the context
as `context_json` or, older still, as a `context` document): all of them are read.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import orjson

from services.common.clock import from_iso
from services.common.crypto import Keyring, Sealed
from services.common.mongo import Document
from services.notify.domain.delivery_progress import EntryKind, LogEntry
from services.notify.domain.plans import Addressee, Audience, ChannelName, PlannedDelivery


def event_document(
    planned: Sequence[PlannedDelivery], *, at: datetime, partition: int, keyring: Keyring
) -> Document:
    """One case event's deliveries (at least one; all of the same event) as one document."""
    first = planned[0]
    contexts: dict[bytes, int] = {}
    sealed: list[dict[str, Any]] = []
    deliveries: list[dict[str, Any]] = []
    for p in planned:
        if _event_fields(p) != _event_fields(first):
            raise ValueError(f"{p.notification_id} is not of event {first.event_id}'s case")
        item: dict[str, Any] = {
            "id": p.notification_id,
            "recipient_id": p.addressee.recipient_id,
            "channel": p.addressee.channel.value,
            "audience": p.audience.value,
            "template": p.template,
        }
        private = {"addressee": _addressee(p.addressee), "context": dict(p.context)}
        if p.audience is Audience.REPORTER:
            box = keyring.seal(private, context=_seal_context(p.notification_id))
            item["sealed"] = len(sealed)
            sealed.append(vars(box))
        else:
            item["addressee"] = private["addressee"]
            item["context"] = contexts.setdefault(orjson.dumps(private["context"]), len(contexts))
        deliveries.append(item)
    document: Document = {
        "_id": first.event_id,
        "event_id": first.event_id,
        "event_type": first.event_type,
        "case_id": first.case_id,
        "occurred_at": first.occurred_at,
        "trace": dict(first.trace),
        "planned_at": at,
        "partition": partition,
        "notification_ids": [p.notification_id for p in planned],
        "deliveries_json": _joined(list(contexts), deliveries),
    }
    if sealed:
        document["sealed"] = sealed
    return document


def notification_ids(document: Document) -> list[str]:
    """The ids of the deliveries a document holds, without decoding them."""
    return list(document.get("notification_ids") or [document["_id"]])


def deliveries_of(document: Document, *, keyring: Keyring) -> list[PlannedDelivery]:
    """The deliveries of a document of either layout, in the order they were planned."""
    if "deliveries_json" not in document:
        return [_single(document, keyring=keyring)]
    packed = orjson.loads(document["deliveries_json"])
    contexts, sealed = packed["contexts"], document.get("sealed", [])
    found = []
    for item in packed["deliveries"]:
        nid = item["id"]
        if "sealed" in item:
            box = Sealed(**sealed[item["sealed"]])
            private = keyring.open(box, context=_seal_context(nid))
            addressee, context = private["addressee"], private["context"]
        else:
            addressee, context = item["addressee"], contexts[item["context"]]
        found.append(_planned(document, nid, item, addressee, context))
    return found


def entry_document(entry: LogEntry) -> Document:
    """A step: its key, the delivery it belongs to (what `find` looks up) and the rest as
    one JSON text field, `step_json` (the store's cost per document grows with its
    fields; 3-4 steps are written per report)."""
    step: dict[str, Any] = {"seq": entry.seq, "kind": entry.kind.value, "at": entry.at}
    step.update(detail=entry.detail, next_due=entry.next_due)
    return {
        "_id": f"{entry.notification_id}#{entry.seq}",
        "notification_id": entry.notification_id,
        "step_json": orjson.dumps(step).decode(),
    }


def entry_of(document: Document) -> LogEntry:
    """A step of either layout (before `step_json`, its fields were the document's)."""
    text = document.get("step_json")
    step: dict[str, Any] = document if text is None else orjson.loads(text)
    return LogEntry(
        notification_id=document["notification_id"],
        seq=int(step["seq"]),
        kind=EntryKind(step["kind"]),
        at=_moment(step["at"]),
        detail=step["detail"],
        next_due=_moment(step["next_due"]) if step["next_due"] is not None else None,
    )


def _moment(value: datetime | str) -> datetime:
    """A datetime as the store gave it (the former layout), or as JSON text."""
    return value if isinstance(value, datetime) else from_iso(value)


def _event_fields(p: PlannedDelivery) -> tuple[object, ...]:
    return (p.event_id, p.event_type, p.case_id, p.occurred_at, dict(p.trace))


def _joined(contexts: list[bytes], deliveries: list[dict[str, Any]]) -> str:
    """The JSON text of `{"contexts": [...], "deliveries": [...]}`, each context's JSON
    reused as it was encoded for comparison rather than encoded twice."""
    packed = {"contexts": [orjson.Fragment(c) for c in contexts], "deliveries": deliveries}
    return orjson.dumps(packed).decode()


def _single(document: Document, *, keyring: Keyring) -> PlannedDelivery:
    """A document of the former layout: one delivery, `_id` = its notification id."""
    private: dict[str, Any] = document
    if "sealed" in document:
        private = keyring.open(Sealed(**document["sealed"]), context=_seal_context(document["_id"]))
    text = private.get("context_json")
    context = private["context"] if text is None else orjson.loads(text)
    item = {"audience": document["audience"], "template": document["template"]}
    return _planned(document, document["_id"], item, private["addressee"], context)


def _planned(
    document: Document,
    notification_id: str,
    item: dict[str, Any],
    a: dict[str, Any],
    context: dict[str, Any],
) -> PlannedDelivery:
    return PlannedDelivery(
        notification_id=notification_id,
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
        audience=Audience(item["audience"]),
        template=item["template"],
        context=context,
        trace=document["trace"],
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


def _seal_context(notification_id: str) -> str:
    return f"notify.delivery:{notification_id}"
