"""`HotlineIntake` over HTTP: intake's `POST /v1/hotline/reports`, as the desk's one client.

Multipart always (the report and `filed_by` as JSON parts, files as `evidence`), so a call
with photos and one without take the same route. 4xx: the call as it stands is refused
(`CallRefused` with intake's field errors); anything else: nothing was filed.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from services.cases.service_layer.desk_ports import (
    CallRefused,
    DeskCall,
    DeskReceipt,
    IntakeUnavailable,
)


class HttpHotlineIntake:
    def __init__(self, *, base_url: str, token: str, timeout_s: float) -> None:
        self.url = base_url.rstrip("/") + "/v1/hotline/reports"
        self.headers = {"Authorization": f"Bearer {token}"}
        self.timeout_s = timeout_s

    async def file_call(self, call: DeskCall) -> DeskReceipt:
        parts: list[tuple[str, tuple[str | None, bytes, str]]] = [
            ("report", (None, json.dumps(call.report).encode(), "application/json")),
            ("filed_by", (None, json.dumps(call.filed_by).encode(), "application/json")),
        ]
        parts += [
            ("evidence", (f.filename, f.data, "application/octet-stream")) for f in call.files
        ]
        data = {"keep_location": "1"} if call.keep_location else {}
        try:
            async with httpx.AsyncClient(timeout=self.timeout_s) as client:
                response = await client.post(self.url, headers=self.headers, files=parts, data=data)
        except httpx.HTTPError as exc:
            raise IntakeUnavailable(type(exc).__name__) from exc
        if response.status_code == 202:
            body = response.json()
            hashes = tuple(str(e["sha256"]) for e in body.get("evidence") or [])
            return DeskReceipt(body["report_id"], body["tracking_code"], body["status_url"], hashes)
        if 400 <= response.status_code < 500 and response.status_code not in (401, 408, 429):
            problem = _problem(response)
            raise CallRefused(
                response.status_code, str(problem.get("detail") or ""), problem.get("errors") or []
            )
        raise IntakeUnavailable(f"intake answered {response.status_code}")


def _problem(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
