"""What a reporter reads about their report's progress: the citizen wording, never codes.

The same plain words as the tracking page (schemas/citizen_status.py, shared by every
service that speaks to citizens). Bahasa Indonesia is the language of record.
"""

from __future__ import annotations

BEING_HANDLED = {"id": "Laporan sedang ditangani", "en": "Your report is being handled"}
