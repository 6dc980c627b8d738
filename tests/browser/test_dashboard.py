"""The dashboard (/stats) in a real browser: it draws, its filters and the drill-down from
a province tile to kabupaten/kota work without script, an officer of another region sees
none of this region's figures, and a phone gets no sideways scroll.

The module's cases are the browser fixtures' (`case_id`: three cases, BAWASLU:18.01);
other modules of the session may add more in 18.01, so counts are lower bounds there."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, expect

from services.cases.domain.vocabulary import Role
from tests.browser.workspace_server import Workspace

DESKTOP = {"width": 1366, "height": 900}


def signed_in(
    browser: Browser, workspace: Workspace, role: Role, region: str, **kw: object
) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport=DESKTOP, locale="id-ID", **kw)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(workspace.base_url + "/login")
    page.get_by_label("Token akses").fill(workspace.token(role=role, name="Dewi", region=region))
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Antrean Kasus")).to_be_visible()
    return context, page


def kpi(page: Page, name: str) -> int:
    return int(page.locator(f'[data-kpi="{name}"]').inner_text())


def test_the_dashboard_draws_filters_and_drills_down(
    browser: Browser, workspace: Workspace, case_id: str, artifacts: Path
) -> None:
    context, page = signed_in(browser, workspace, Role.BAWASLU, "18")
    page.get_by_role("link", name="Statistik").click()
    expect(page.get_by_role("heading", name="Statistik")).to_be_visible()
    expect(page.locator("svg#chart-reports-channel title")).to_have_text(
        "Laporan per hari menurut kanal"
    )
    expect(page.locator('svg.cartogram a[data-province="18"]')).to_be_visible()
    assert kpi(page, "open") >= 3 and kpi(page, "opened") >= 3
    assert int(page.locator('a[data-province="18"]').get_attribute("data-value") or 0) >= 3
    page.screenshot(path=artifacts / "dashboard-id.png", full_page=True)

    page.get_by_label("Instansi", exact=True).select_option("SP4N_LAPOR")
    page.get_by_role("button", name="Terapkan").click()
    expect(page).to_have_url(re.compile(r"authority=SP4N_LAPOR"))
    expect(page.locator('[data-kpi="open"]')).to_have_text("0")
    page.get_by_role("link", name="Hapus saringan").click()
    page.get_by_label("Dari", exact=True).fill("2025-01-01")
    page.get_by_label("Sampai", exact=True).fill("2025-01-31")
    page.get_by_role("button", name="Terapkan").click()
    expect(page.locator('[data-kpi="opened"]')).to_have_text("0")
    assert kpi(page, "open") >= 3  # open now, whatever the period

    page.get_by_role("link", name="Hapus saringan").click()
    page.locator('svg.cartogram a[data-province="18"]').click()
    expect(page).to_have_url(re.compile(r"province=18"))
    expect(page.locator('#area-table tr[data-area="18.01"]')).to_be_visible()
    expect(page.locator("#chart-areas")).to_contain_text("Lampung")
    page.screenshot(path=artifacts / "dashboard-province-id.png", full_page=True)
    page.locator("#back-to-country").click()
    expect(page.locator("svg.cartogram")).to_be_visible()
    context.close()


def test_an_officer_of_another_region_sees_none_of_its_figures(
    browser: Browser, workspace: Workspace, case_id: str
) -> None:
    context, page = signed_in(browser, workspace, Role.BAWASLU, "35.08")
    page.goto(workspace.base_url + "/stats?province=18")
    expect(page.locator('a[data-province="18"]')).to_have_count(0)  # drilled: no tiles
    expect(page.locator('#area-table tr[data-area="18.01"]')).to_have_count(0)
    page.goto(workspace.base_url + "/stats")
    expect(page.locator('a[data-province="18"]')).to_have_attribute("data-value", "0")
    context.close()


def test_the_dashboard_on_a_phone(browser: Browser, workspace: Workspace, case_id: str) -> None:
    context, page = signed_in(browser, workspace, Role.OPS, "RI", is_mobile=True, has_touch=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(workspace.base_url + "/stats")
    expect(page.locator("svg.cartogram")).to_be_visible()
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, "the dashboard scrolls sideways on a phone"
    context.close()
