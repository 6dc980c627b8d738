"""An evidence file as an HTTP download: never shown inline, never cached, its hash named."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Response

from services.cases.service_layer.evidence import EvidenceDownload


def download_response(found: EvidenceDownload) -> Response:
    # Attachment + nosniff: a file is never rendered in the workspace's origin, whatever
    # it holds. no-store: every copy comes through the access log.
    return Response(
        content=found.data,
        media_type=found.media_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(found.filename)}",
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
            "X-Evidence-SHA256": found.sha256,
        },
    )
