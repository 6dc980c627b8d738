"""Staff workspace in a real browser: sign in, queue, case, a transition on the timeline,
both languages, statistics, a phone viewport, and the session/CSRF protections."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from services.cases.domain.vocabulary import Role
from tests.browser.workspace_server import Workspace

PHONE: ViewportSize = {"width": 390, "height": 844}
LAPTOP: ViewportSize = {"width": 1366, "height": 900}
REASON = "Syarat formal dan materiel lengkap; mulai kajian."


def sign_in(page: Page, workspace: Workspace) -> None:
    page.goto(workspace.base_url + "/")
    expect(page).to_have_url(re.compile(r"/login\?next=/$"))
    token = workspace.token(role=Role.BAWASLU, name="Siti Rahma", region="18.01")
    page.get_by_label("Token akses").fill(token)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Antrean Kasus")).to_be_visible()


def find_in_queue(page: Page, case_id: str) -> None:
    page.locator("details.filters summary").click()
    page.get_by_label("Cari teks").fill(case_id)
    page.get_by_role("button", name="Terapkan").click()
    expect(page.get_by_role("link", name=case_id)).to_be_visible()


def start_review(page: Page) -> None:
    page.locator("details.action summary", has_text="Mulai Kajian Awal").click()
    page.locator("#start_review-reason").fill(REASON)
    page.locator("button[data-command=start_review]").click()


def laptop(browser: Browser) -> BrowserContext:
    return browser.new_context(viewport=LAPTOP, locale="id-ID")


def test_sign_in_queue_case_transition_timeline(
    browser: Browser, workspace: Workspace, case_id: str, artifacts: Path
) -> None:
    context = laptop(browser)
    page = context.new_page()
    page.goto(workspace.base_url + "/login")
    page.screenshot(path=artifacts / "login-id.png", full_page=True)
    sign_in(page, workspace)
    find_in_queue(page, case_id)
    page.screenshot(path=artifacts / "queue-id.png", full_page=True)

    page.get_by_role("link", name=case_id).click()
    expect(page.locator("#case-status")).to_have_text("Diterima")
    page.screenshot(path=artifacts / "case-before-id.png", full_page=True)

    start_review(page)
    expect(page.locator(".flash")).to_contain_text("Mulai Kajian Awal")
    expect(page.locator("#case-status")).to_have_text("Kajian Awal")
    latest = page.locator("#timeline li").first
    expect(latest).to_have_attribute("data-action", "start_review")
    expect(latest).to_contain_text("Diterima → Kajian Awal")
    expect(latest).to_contain_text(REASON)
    expect(latest).to_contain_text("Siti Rahma")
    page.get_by_label("Isi catatan").fill("Panggil terlapor minggu depan.")
    page.get_by_role("button", name="Simpan catatan").click()
    expect(page.locator(".notes")).to_contain_text("Panggil terlapor minggu depan.")
    page.screenshot(path=artifacts / "case-after-id.png", full_page=True)

    page.get_by_role("link", name="English").click()
    expect(page.locator("#case-status")).to_have_text("Preliminary review")
    expect(page.locator("#timeline li").first).to_contain_text("Start preliminary review")
    page.screenshot(path=artifacts / "case-after-en.png", full_page=True)

    page.get_by_role("link", name="Statistics").click()
    expect(page.get_by_role("heading", name="Statistics")).to_be_visible()
    expect(page.locator("#chart-category ~ ul rect.bar-fill").first).to_be_attached()
    page.screenshot(path=artifacts / "stats-en.png", full_page=True)
    page.get_by_role("link", name="Bahasa Indonesia").click()
    expect(page.get_by_role("heading", name="Statistik")).to_be_visible()
    page.screenshot(path=artifacts / "stats-id.png", full_page=True)
    context.close()


def test_queue_on_a_phone(
    browser: Browser, workspace: Workspace, case_id: str, artifacts: Path
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, workspace)
    find_in_queue(page, case_id)
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, "the queue scrolls sideways on a phone"
    expect(page.locator("table.queue thead")).not_to_be_in_viewport()
    page.screenshot(path=artifacts / "queue-phone-id.png", full_page=True)
    page.get_by_role("link", name=case_id).click()
    page.screenshot(path=artifacts / "case-phone-id.png", full_page=True)
    context.close()


def test_session_cookie_and_csrf_protect_the_forms(
    browser: Browser, workspace: Workspace, case_id: str
) -> None:
    context = laptop(browser)
    page = context.new_page()
    sign_in(page, workspace)
    session = next(c for c in context.cookies() if c["name"] == "netra_session")
    assert session.get("httpOnly") and session.get("sameSite") == "Strict"

    forged = context.request.post(
        f"{workspace.base_url}/cases/{case_id}/actions/close",
        form={"expected_version": "1"},
        max_redirects=0,
    )
    assert forged.status == 403
    assert "Formulir kedaluwarsa" in forged.text()

    page.get_by_role("button", name="Keluar").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto(f"{workspace.base_url}/cases/{case_id}")
    expect(page).to_have_url(re.compile(rf"/login\?next=/cases/{case_id}$"))
    context.close()


def test_bad_token_and_foreign_region_get_friendly_pages(
    browser: Browser, workspace: Workspace, case_id: str
) -> None:
    context = laptop(browser)
    page = context.new_page()
    page.goto(workspace.base_url + "/login")
    page.get_by_label("Token akses").fill("not-a-token")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("alert")).to_contain_text("Token tidak valid")

    other = workspace.token(role=Role.BAWASLU, name="Budi", region="35.08")
    page.get_by_label("Token akses").fill(other)
    page.get_by_role("button", name="Masuk").click()
    response = page.goto(f"{workspace.base_url}/cases/{case_id}")
    assert response is not None and response.status == 404
    expect(page.get_by_role("alert")).to_contain_text("di luar wilayah kewenangan Anda")
    context.close()
