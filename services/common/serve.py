"""Run a service's ASGI app with uvicorn."""

from __future__ import annotations

import uvicorn
from fastapi import FastAPI


def serve(app: FastAPI, *, host: str, port: int) -> None:
    # proxy_headers off: uvicorn would otherwise believe X-Forwarded-* from 127.0.0.1 by
    # default; only TRUSTED_PROXIES are believed, by services/common/rate_limit_http.py.
    # uvloop and httptools (pyproject.toml): the C event loop and HTTP parser, named
    # rather than "auto" so that a venv without them fails instead of running slower.
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        lifespan="on",
        proxy_headers=False,
        loop="uvloop",
        http="httptools",
    )
