"""Run a service's ASGI app with uvicorn."""

from __future__ import annotations

import uvicorn
from fastapi import FastAPI


def serve(app: FastAPI, *, host: str, port: int) -> None:
    # uvloop and httptools (pyproject.toml): the C event loop and HTTP parser, named
    # rather than "auto" so that a venv without them fails instead of running slower.
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        lifespan="on",
        loop="uvloop",
        http="httptools",
    )
