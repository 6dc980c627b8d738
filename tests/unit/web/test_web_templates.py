"""Every page template renders in both languages from read models (no server, no DB)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from starlette.requests import Request

from schemas.cases import CaseStatus
from services.cases.domain.model import Actor
from services.cases.domain.vocabulary import Role
from services.cases.entrypoints.web.action_forms import action_forms
from services.cases.entrypoints.web.deadline_view import badge
from services.cases.entrypoints.web.routes_queue import QueueRow
from services.cases.entrypoints.web.templating import Page, page_for, render
from services.cases.read_models.deliveries_view import deliveries_of
from services.cases.read_models.models import CaseRead, TimelineItem
from services.common.rate_limit_http import ClientAddress
from tests.fakes.clock import FakeClock
from tests.unit.cases.packaged_rules import packaged_policy

NOW = datetime(2024, 11, 5, 3, 0, tzinfo=UTC)
ACTOR = Actor(name="Siti", role=Role.BAWASLU, region="18.12")


def app() -> FastAPI:
    """What bootstrap puts on app.state that a page reads: the clock, the policy, and who
    may say the request came over TLS (nobody here)."""
    built = FastAPI()
    built.state.clock = FakeClock(NOW)
    built.state.deadline_policy = packaged_policy()
    built.state.clients = ClientAddress(trusted_proxies=())
    return built


def page(language: str) -> Page:
    scope = {
        "app": app(),
        "type": "http",
        "method": "GET",
        "path": "/",
        "query_string": f"lang={language}".encode(),
        "headers": [],
        "scheme": "http",
        "server": ("test", 80),
    }
    return page_for(Request(scope), ACTOR)


def case() -> CaseRead:
    return CaseRead(
        case_id="CASE-1",
        status=CaseStatus.PRELIMINARY_REVIEW,
        category="CAMPAIGN_ACTIVITY",
        subject_type="ASN",
        region_code="18.12",
        routes=["BAWASLU:18.12"],
        needs_review=True,
        election_type="pilkada",
        opened_at=NOW,
        deadline_at=NOW + timedelta(hours=3),
        deadline_state=None,
        overdue=False,
        linked_reports=1,
        summary="Camat <b>hadir</b>",
        version=2,
        anonymous=False,
        allowed_actions=["request_completion", "register"],
        timeline=[
            TimelineItem(
                at=NOW, action="opened", actor="netra", role="system", to_status="received"
            ),
            TimelineItem(
                at=NOW,
                action="start_review",
                actor="Siti",
                role="bawaslu",
                from_status="received",
                to_status="preliminary_review",
                reason="cek",
            ),
        ],
        can_read_reporter=True,
        can_add_note=True,
    )


@pytest.mark.parametrize(
    ("language", "word"), [("id", "Kajian Awal"), ("en", "Preliminary review")]
)
def test_case_page_shows_status_timeline_and_actions(language: str, word: str) -> None:
    c = case()
    html = _html(
        render(
            page(language),
            "case.html",
            case=c,
            reporter=None,
            forms=action_forms(c.allowed_actions),
            badge=badge(c.deadline_at, now=NOW, warn_before=timedelta(hours=24)),
            deliveries=[],
        ).body
    )
    assert word in html
    assert 'action="/cases/CASE-1/actions/register"' in html
    assert "deadline--approaching" in html
    assert "Camat &lt;b&gt;hadir&lt;/b&gt;" in html  # autoescaped
    assert 'name="csrf_token"' in html


@pytest.mark.parametrize(
    ("language", "dead", "retrying"),
    [("id", "tidak terkirim", "dicoba lagi"), ("en", "given up", "next attempt")],
)
def test_case_page_lists_its_deliveries_with_status_and_attempts(
    language: str, dead: str, retrying: str
) -> None:
    c = case()

    def step(nid: str, status: str, attempts: int, **details: str) -> TimelineItem:
        return TimelineItem(
            at=NOW,
            action=f"notification.{status}",
            details={
                "notification_id": nid,
                "attempts": attempts,
                "channel": "webhook",
                "recipient": "BAWASLU:18.12",
                **details,
            },
        )

    c = c.model_copy(
        update={
            "timeline": [
                *c.timeline,
                step("NTF-1", "failed", 1, detail="HTTP 503", next_attempt_at="2024-11-05T03:01"),
                step("NTF-2", "dead", 3, detail="HTTP 410 (not retryable)"),
            ]
        }
    )
    html = _html(
        render(
            page(language),
            "case.html",
            case=c,
            reporter=None,
            forms=action_forms(c.allowed_actions),
            badge=badge(c.deadline_at, now=NOW, warn_before=timedelta(hours=24)),
            deliveries=deliveries_of(c.timeline),
        ).body
    )
    assert 'data-status="failed" data-notification="NTF-1"' in html
    assert 'data-status="dead" data-notification="NTF-2"' in html
    assert dead in html and retrying in html and "HTTP 410 (not retryable)" in html


@pytest.mark.parametrize("language", ["id", "en"])
def test_queue_never_shows_the_report_text(language: str) -> None:
    c = case()
    row = QueueRow(c, badge(c.deadline_at, now=NOW, warn_before=timedelta(hours=24)))
    html = _html(
        render(
            page(language),
            "queue.html",
            active="queue",
            rows=[row],
            filters=_filters(),
            filters_open=False,
            statuses=["received"],
            categories=["MOBILIZATION"],
            cursor=None,
            next_url="/?cursor=x",
            first_url="/",
            officers=[],
            officer_names={},
            assignee_choice="",
            bulk_actions=[],
        ).body
    )
    assert "CASE-1" in html and "hadir" not in html
    assert 'href="/?cursor=x"' in html


def test_responses_forbid_framing_and_caching() -> None:
    response = render(page("id"), "error.html", 404, message="x", sign_in=False)
    assert response.status_code == 404
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "no-store" in response.headers["Cache-Control"]


def _filters() -> object:
    from services.cases.read_models.models import CaseFilters

    return CaseFilters()


def _html(body: bytes | memoryview) -> str:
    return bytes(body).decode()
