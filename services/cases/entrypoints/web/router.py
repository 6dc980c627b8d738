"""The staff workspace as one router for the cases app: `app.include_router(web_router())`."""

from __future__ import annotations

from fastapi import APIRouter

from services.cases.entrypoints.web import (
    routes_access_log,
    routes_assign,
    routes_auth,
    routes_bulk,
    routes_case,
    routes_desk,
    routes_exports,
    routes_links,
    routes_queue,
    routes_static,
    routes_stats,
    routes_why,
)


def web_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    for part in (routes_static, routes_auth, routes_queue, routes_case, routes_stats, routes_desk):
        router.include_router(part.router)
    for action in (routes_assign, routes_links, routes_bulk):  # staff actions beyond commands
        router.include_router(action.router)

    for extra in (routes_why, routes_access_log, routes_exports):  # issue 14
        router.include_router(extra.router)
    return router
