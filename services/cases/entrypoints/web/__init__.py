"""Server-rendered staff workspace (Jinja2, no script build): queue, case page, statistics.

Bahasa Indonesia by default, English with ?lang=en. Calls only `services.cases.service`.
"""

from services.cases.entrypoints.web.router import web_router

__all__ = ["web_router"]
