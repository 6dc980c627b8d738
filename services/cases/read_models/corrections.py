"""Staff corrections of triage as labelled examples (`netra triage corrections export`).

One line per corrected case, in the shape of the triage evaluation sets (`report` +
`expected`) so that `netra triage eval` reads it: the report that opened the case, the
labels after the case's last correction, and who corrected it, when and why. The
reporter's identity is not part of a report's content and is never exported.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

from services.cases.read_models.ports import CaseReads, Document

CORRECTION = "correct_triage"


def correction_example(case: Mapping[str, Any], report: Mapping[str, Any]) -> Document | None:
    """The labelled example of one case, or None when it was never corrected."""
    entries = [e for e in case.get("timeline", []) if e.get("action") == CORRECTION]
    if not entries:
        return None
    last = entries[-1]
    after = last["details"]["after"]
    return {
        "report": {"id": report["_id"], **report["content"]},
        "expected": {
            "category": after["category"],
            "categories": [after["category"]],
            "subject_type": after["subject_type"],
            "region_code": after["region_code"],
            "routes": after["routes"],
        },
        "correction": {
            "case_id": case["_id"],
            "by": last["actor"]["name"],
            "role": last["actor"]["role"],
            "at": str(last["at"]),
            "reason": last.get("reason"),
            "before": entries[0]["details"]["before"],
            "corrections": len(entries),
        },
    }


async def correction_examples(reads: CaseReads) -> AsyncIterator[Document]:
    for case in await reads.corrected_cases():
        opening = case["reports"][0]["report_id"]
        reports = await reads.reports_by_id([opening])
        example = correction_example(case, reports[0]) if reports else None
        if example is not None:
            yield example
