"""A case as staff read it: its document joined with what the hot path inserted beside it.

`case_links` holds the duplicates that joined the case, `case_notifications` its
deliveries and `case_overflows` the overflow cases a full case handed its dedup key to
(CASES_MAX_LINKED_REPORTS); none touches the case document, so every reader of a case
(the staff API, the web UI, transitions, the public status) assembles it here. A staff
write then saves the whole assembled state: from then on the document's `reports` holds
those links (`folded_links` names them), so a link a staff member removed stays removed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from services.cases.adapters.case_documents import delivery_fields
from services.cases.service_layer.ports import Document


def _reports(document: Mapping[str, Any], links: Sequence[Mapping[str, Any]]) -> list[Document]:
    reports = list(document.get("reports", []))
    skip = {r["report_id"] for r in reports} | set(document.get("folded_links", []))
    for link in links:
        if link["_id"] not in skip:
            skip.add(link["_id"])
            linked = {"anonymous": link["anonymous"], "linked_at": link["linked_at"]}
            filer = (link.get("report_meta") or {}).get("filed_by") or {}
            if filer:  # a hotline report: its operator may read this case (access.py)
                linked["filed_by"] = filer.get("operator_id")
            reports.append({"report_id": link["_id"], **linked})
    return reports


def _timeline(
    entries: Sequence[Mapping[str, Any]], link_entries: Sequence[Mapping[str, Any]]
) -> list[Document]:
    """In time order (the document's entry first at a tie); a link shows the status the
    case had when it was linked, which the hot path could not know."""
    merged = sorted(
        [(e["at"], 0, n, e) for n, e in enumerate(entries)]
        + [(e["at"], 1, n, e) for n, e in enumerate(link_entries)],
        key=lambda item: item[:3],
    )
    timeline: list[Document] = []
    status = None
    for _, from_link, _, entry in merged:
        if from_link and status is not None:
            timeline.append({**entry, "from_status": status, "to_status": status})
        else:
            timeline.append(dict(entry))
            status = entry.get("to_status")
    return timeline


def join_links(document: Mapping[str, Any], links: Sequence[Mapping[str, Any]]) -> Document:
    """The document with the reports its links add (what a queue row needs)."""
    links = sorted(links, key=lambda link: (link["linked_at"], link["_id"]))
    reports = _reports(document, links)
    metas = list(document.get("report_meta", []))
    have_meta = {m["report_id"] for m in metas}
    metas += [link["report_meta"] for link in links if link["_id"] not in have_meta]
    return {
        **document,
        "reports": reports,
        "report_ids": [r["report_id"] for r in reports],
        "anonymous": all(r["anonymous"] for r in reports),
        "report_meta": metas,
    }


def assemble(
    document: Mapping[str, Any],
    links: Sequence[Mapping[str, Any]],
    deliveries: Sequence[Mapping[str, Any]],
    overflows: Sequence[Mapping[str, Any]],
) -> Document:
    """The whole case: reports and timeline with its links and overflows, every delivery."""
    joined = join_links(document, links)
    entries = [link["entry"] for link in sorted(links, key=lambda link: link["linked_at"])]
    entries += [o["entry"] for o in sorted(overflows, key=lambda o: (o["at"], o["_id"]))]
    seen = {n["id"] for n in document.get("notifications", [])}
    notifications = list(document.get("notifications", []))
    outcomes = [delivery_fields(d) for d in deliveries]
    notifications += [
        {k: v for k, v in d.items() if k not in ("_id", "case_id")}
        for d in sorted(outcomes, key=lambda d: (d["at"], d["_id"]))
        if d["id"] not in seen
    ]
    timeline = _timeline(document.get("timeline", []), entries)
    overflow_cases = sorted(str(o["overflow_case_id"]) for o in overflows)
    return {
        **joined,
        "timeline": timeline,
        "notifications": notifications,
        "overflow_cases": overflow_cases,
    }


def by_case(links: Sequence[Document]) -> dict[str, list[Document]]:
    """Links grouped by case id (a page of the queue joins its links in one query)."""
    grouped: dict[str, list[Document]] = {}
    for link in links:
        grouped.setdefault(link["case_id"], []).append(link)
    return grouped


def report_count(document: Mapping[str, Any], links: Sequence[Mapping[str, Any]]) -> int:
    """How many reports the assembled case holds (what the partition state counts)."""
    return len(_reports(document, links))
