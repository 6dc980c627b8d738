"""Issue 14 in a real browser: the case page's "why here" panel and its correction form,
the reporter-identity access log for supervisors, and exports from the queue and the
statistics; officers without the right role or region neither see these nor get them by
typing the URL or posting the form; a phone and a keyboard can use them."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from schemas.triage import ReportTriaged
from services.cases.domain.vocabulary import Role
from services.cases.read_models.exports import CSV_COLUMNS
from services.common.crypto import load_keyring
from tests.browser.seed import seed_case, seed_envelope, triaged_envelope
from tests.browser.workspace_server import Workspace
from tests.infra import SessionInfra

PHONE: ViewportSize = {"width": 390, "height": 844}
LAPTOP: ViewportSize = {"width": 1366, "height": 900}
OFFICE = "18.01"  # the seeded cases' region (the contract example's)
REASON = "Pemanggilan pelapor untuk klarifikasi"


@pytest.fixture(scope="module")
def other_case(infra: SessionInfra, workspace: Workspace) -> str:
    """A second case, corrected by one test, so the others see the example's triage."""
    return seed_case(infra)


@pytest.fixture(scope="module")
def named_case(infra: SessionInfra, workspace: Workspace) -> str:
    """A case whose reporter is sealed with the workspace's own key (the contract example
    carries a placeholder ciphertext nobody can open)."""
    envelope = triaged_envelope()
    assert isinstance(envelope.data, ReportTriaged)
    keyring = load_keyring(
        spec=infra.env.get("NETRA_PII_KEYS") or None,
        dev_key_file=Path(infra.env["PII_DEV_KEY_FILE"]),
        development=True,
    )
    report = envelope.data.report
    sealed = keyring.seal({"name": "Budi Santoso"}, context=report.report_id)
    reporter = report.reporter.model_copy(
        update={"key_id": sealed.key_id, "nonce": sealed.nonce, "ciphertext": sealed.ciphertext}
    )
    data = envelope.data.model_copy(
        update={"report": report.model_copy(update={"reporter": reporter})}
    )
    return seed_envelope(infra, envelope.model_copy(update={"data": data}))


def signed_in(
    browser: Browser,
    workspace: Workspace,
    role: Role,
    region: str | None,
    name: str,
    viewport: ViewportSize = LAPTOP,
) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport=viewport, locale="id-ID")
    page = context.new_page()
    page.goto(workspace.base_url + "/login")
    page.get_by_label("Token akses").fill(workspace.token(role=role, name=name, region=region))
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Antrean Kasus")).to_be_visible()
    return context, page


def post_form(context: BrowserContext, url: str, **fields: str) -> int:
    """A form posted as the signed-in browser would (its CSRF cookie repeated)."""
    csrf = next(c["value"] for c in context.cookies() if c["name"] == "netra_csrf")
    answer = context.request.post(url, form={**fields, "csrf_token": csrf}, max_redirects=0)
    return answer.status


def test_why_here_and_a_correction_by_keyboard(
    browser: Browser, workspace: Workspace, other_case: str, artifacts: Path
) -> None:
    context, page = signed_in(browser, workspace, Role.BAWASLU, OFFICE, "Siti Rahma")
    page.goto(f"{workspace.base_url}/cases/{other_case}")
    why = page.locator("#why")
    expect(why).to_contain_text("hadir dalam deklarasi")
    expect(why).to_contain_text("bawaslu-first")
    expect(why.locator('tr[data-field="category"] .confidence')).to_have_text("75%")
    page.screenshot(path=artifacts / "why-before-id.png", full_page=True)

    summary = why.locator("details.why-correct summary")
    summary.focus()
    page.keyboard.press("Enter")  # a keyboard opens the form like a click
    expect(page.locator("#why-category")).to_be_visible()
    page.locator("#why-category").select_option("MONEY_POLITICS")
    page.locator("#why-reason").focus()
    page.keyboard.type("Pembagian amplop kepada warga")
    page.keyboard.press("Tab")  # to the submit button
    page.keyboard.press("Enter")
    expect(page.locator(".flash")).to_contain_text("Koreksi Triase")
    expect(page).to_have_url(re.compile(r"#why$"))
    expect(why.locator('li[data-route="GAKKUMDU:18.01"]')).to_be_visible()
    expect(why.locator(".why-corrections")).to_contain_text("Pembagian amplop kepada warga")
    expect(why.locator('tr[data-field="category"]')).to_contain_text("Politik uang")
    page.screenshot(path=artifacts / "why-after-id.png", full_page=True)
    context.close()

    context, page = signed_in(browser, workspace, Role.BAWASLU, OFFICE, "Siti", PHONE)
    page.goto(f"{workspace.base_url}/cases/{other_case}?lang=en#why")
    expect(page.locator("#why")).to_contain_text("Where it went")
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, "the why panel scrolls sideways on a phone"
    page.screenshot(path=artifacts / "why-phone-en.png", full_page=True)
    context.close()


@pytest.mark.parametrize(
    ("role", "region", "page_status", "post_status"),
    [(Role.BAWASLU, "35.08", 404, 404), (Role.OPS, "RI", 200, 403)],
)
def test_who_may_not_correct_sees_no_form_and_is_refused(
    browser: Browser,
    workspace: Workspace,
    case_id: str,
    role: Role,
    region: str,
    page_status: int,
    post_status: int,
) -> None:
    context, page = signed_in(browser, workspace, role, region, "Budi")
    shown = page.goto(f"{workspace.base_url}/cases/{case_id}")
    assert shown is not None and shown.status == page_status
    expect(page.locator("#why-correct-form")).to_have_count(0)
    status = post_form(
        context,
        f"{workspace.base_url}/cases/{case_id}/triage",
        expected_version="1",
        category="MONEY_POLITICS",
        reason="coba",
    )
    assert status == post_status
    expect(page.get_by_role("link", name="Log akses")).to_have_count(0)
    refused = page.goto(f"{workspace.base_url}/access-log")
    assert refused is not None and refused.status == 403
    context.close()


def test_the_access_log_for_a_supervisor(
    browser: Browser, workspace: Workspace, named_case: str, artifacts: Path
) -> None:
    case_id = named_case
    context, page = signed_in(browser, workspace, Role.BAWASLU, OFFICE, "Siti Rahma")
    page.goto(f"{workspace.base_url}/cases/{case_id}")
    page.locator("input[name=reason]").first.fill(REASON)
    page.get_by_role("button", name="Lihat identitas pelapor").click()
    expect(page.locator(".reporter")).to_contain_text("Budi Santoso")
    expect(page.get_by_role("link", name="Log akses")).to_have_count(0)  # not a supervisor
    assert page.goto(f"{workspace.base_url}/access-log").status == 403  # type: ignore[union-attr]
    context.close()

    context, page = signed_in(browser, workspace, Role.BAWASLU, "18", "Kepala Provinsi")
    page.get_by_role("link", name="Log akses").click()
    expect(page.get_by_role("heading", name="Log akses identitas pelapor")).to_be_visible()
    row = page.locator(f'tr.access-entry[data-case="{case_id}"]').first
    expect(row).to_contain_text(REASON)
    expect(row).to_contain_text("Siti Rahma")
    page.screenshot(path=artifacts / "access-log-id.png", full_page=True)
    row.get_by_role("link", name="hanya kasus ini").click()
    expect(page.locator("tr.access-entry")).to_have_count(1)
    with page.expect_download() as download:
        page.locator("#access-export").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    [entry] = list(csv.DictReader(io.StringIO(text)))
    assert (entry["case_id"], entry["officer"], entry["reason"]) == (case_id, "Siti Rahma", REASON)
    context.close()

    context, page = signed_in(browser, workspace, Role.BAWASLU, "18", "Kepala", PHONE)
    page.goto(f"{workspace.base_url}/access-log?case_id={case_id}")
    expect(page.locator("tr.access-entry")).to_have_count(1)
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, "the access log scrolls sideways on a phone"
    page.screenshot(path=artifacts / "access-log-phone-id.png", full_page=True)
    context.close()


def test_exports_of_the_queue_and_the_statistics(
    browser: Browser, workspace: Workspace, case_id: str
) -> None:
    context, page = signed_in(browser, workspace, Role.BAWASLU, OFFICE, "Siti Rahma")
    page.goto(f"{workspace.base_url}/?q={case_id}")
    expect(page.get_by_role("link", name=case_id)).to_be_visible()
    with page.expect_download() as as_csv:
        page.locator("#export-csv").click()
    rows = list(csv.reader(io.StringIO(Path(as_csv.value.path()).read_text(encoding="utf-8"))))
    assert rows[0] == list(CSV_COLUMNS) and [r[0] for r in rows[1:]] == [case_id]
    with page.expect_download() as as_xlsx:
        page.locator("#export-xlsx").click()
    assert as_xlsx.value.suggested_filename == "netra-cases.xlsx"
    sheet = load_workbook(
        io.BytesIO(Path(as_xlsx.value.path()).read_bytes()), read_only=True
    ).active
    assert sheet is not None
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert cells[0] == list(CSV_COLUMNS) and [r[0] for r in cells[1:]] == [case_id]

    page.get_by_role("link", name="Statistik").click()
    with page.expect_download() as stats:
        page.locator("#export-stats-xlsx").click()
    figures = load_workbook(
        io.BytesIO(Path(stats.value.path()).read_bytes()), read_only=True
    ).active
    assert figures is not None
    first = [list(r) for r in figures.iter_rows(values_only=True)][:2]
    assert first[0] == ["section", "key", "value"] and first[1][0] == "total"
    context.close()
