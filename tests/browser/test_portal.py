"""The citizen form in real Chromium with JavaScript off, on a phone: every new field
(witnesses, evidence list, files, filing mode and its consequences), the upload, errors
beside their fields in both languages; and the staff case page that lists and hands out
the file with its SHA-256."""

from __future__ import annotations

import asyncio
import hashlib
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from playwright.sync_api import (
    Browser,
    BrowserContext,
    FilePayload,
    Page,
    ViewportSize,
    expect,
)

from schemas.reports import EvidenceRef
from services.common.evidence_files import LocalEvidenceFiles
from services.intake.domain.image_scrub import GPS_IFD
from tests.browser.seed import seed_case
from tests.browser.test_workspace import laptop, sign_in
from tests.browser.workspace_server import Workspace
from tests.evidence_samples import EXE_BYTES, PDF_BYTES, exif_of, phone_photo
from tests.infra import SessionInfra

PHONE: ViewportSize = {"width": 360, "height": 740}  # a cheap Android phone
TEXT = "Camat Sukarame membagikan kaos paslon nomor 2 kepada warga di balai desa."


def upload(name: str, mime_type: str, data: bytes) -> FilePayload:
    return {"name": name, "mimeType": mime_type, "buffer": data}


def phone_without_javascript(browser: Browser) -> BrowserContext:
    return browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=False, locale="id-ID"
    )


def fits_the_screen(page: Page) -> bool:
    width: bool = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    return width


def evidence_files(infra: SessionInfra) -> dict[str, bytes]:
    root = Path(infra.env["EVIDENCE_DIR"])
    return {
        p.name: p.read_bytes() for p in root.rglob("*") if p.is_file() and p.parent.name != "tmp"
    }


def test_a_phone_without_javascript_files_every_field_and_a_photo(
    browser: Browser, portal: str, infra: SessionInfra, artifacts: Path
) -> None:
    context = phone_without_javascript(browser)
    page = context.new_page()
    page.goto(portal + "/")
    page.get_by_label("Apa yang terjadi?").fill(TEXT)
    page.get_by_label("Lokasi kejadian").fill("Balai Desa Sukarame")
    page.get_by_label("Tanggal kejadian").fill("2026-11-20")
    page.get_by_label("Tanggal Anda mengetahui").fill("2026-11-21")
    page.get_by_label("Nama saksi 1").fill("Budi Saksi")
    page.get_by_label("Kontak saksi 1 (telepon atau alamat)").fill("+628111222333")
    page.get_by_label("Daftar bukti").fill("Foto pembagian kaos")
    page.get_by_label("Lampiran bukti (berkas)").set_input_files(
        [upload("kaos.jpg", "image/jpeg", phone_photo())]
    )
    # The consequences of each choice are on the page before sending, without a click.
    for mode in ("identified", "confidential", "anonymous"):
        expect(page.locator(f"#filing-{mode}-means")).to_be_visible()
    page.get_by_label("Rahasia").check()
    page.get_by_label("Nama lengkap").fill("Rina Pelapor")
    assert fits_the_screen(page)
    page.screenshot(path=artifacts / "portal-form-phone-id.png", full_page=True)
    before = evidence_files(infra)
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.get_by_role("heading", name="Laporan Anda telah diterima")).to_be_visible()
    expect(page.get_by_test_id("tracking-code")).to_have_text(re.compile(r"^NTR-"))
    (added,) = set(evidence_files(infra).items()) - set(before.items())
    assert hashlib.sha256(added[1]).hexdigest() == added[0]
    expect(page.locator("#evidence-received")).to_contain_text(f"kaos.jpg SHA-256 {added[0]}")
    assert fits_the_screen(page)
    page.screenshot(path=artifacts / "portal-receipt-phone-id.png", full_page=True)
    assert not exif_of(added[1]).get_ifd(GPS_IFD)  # the phone's location is gone
    context.close()


def test_a_disguised_file_is_named_beside_the_file_input_and_the_text_is_kept(
    browser: Browser, portal: str, infra: SessionInfra, artifacts: Path
) -> None:
    context = phone_without_javascript(browser)
    page = context.new_page()
    page.goto(portal + "/?lang=en")
    page.get_by_label("What happened?").fill(TEXT)
    page.get_by_label("Witness 2: contact (phone or address)").fill("+628111")
    page.get_by_label("Evidence files").set_input_files(
        [upload("foto.jpg", "image/jpeg", EXE_BYTES)]
    )
    before = evidence_files(infra)
    page.get_by_role("button", name="Submit report").click()
    error = page.locator("#evidence-error")
    expect(error).to_have_text(re.compile(r"foto\.jpg is not a photo, PDF, audio or video"))
    expect(page.get_by_label("Evidence files")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("What happened?")).to_have_value(TEXT)
    assert fits_the_screen(page)
    page.screenshot(path=artifacts / "portal-refused-phone-en.png", full_page=True)
    assert evidence_files(infra) == before

    # Fix the file; the witness row without a name is named beside its own field.
    page.get_by_label("Evidence files").set_input_files(
        [upload("surat.pdf", "application/pdf", PDF_BYTES)]
    )
    page.get_by_role("button", name="Submit report").click()
    expect(page.locator("#witness_2_name-error")).to_be_visible()
    expect(page.get_by_label("Witness 2: name")).to_have_attribute("aria-invalid", "true")
    context.close()


def test_the_case_page_lists_the_file_and_downloads_it_with_its_hash(
    browser: Browser, workspace: Workspace, infra: SessionInfra
) -> None:
    sha = hashlib.sha256(PDF_BYTES).hexdigest()
    files = LocalEvidenceFiles(Path(infra.env["EVIDENCE_DIR"]))
    with ThreadPoolExecutor(max_workers=1) as pool:  # Playwright holds the main thread's loop
        pool.submit(asyncio.run, files.put(sha, PDF_BYTES)).result()
    ref = EvidenceRef(
        sha256=sha, media_type="application/pdf", size=len(PDF_BYTES), filename="surat.pdf"
    )
    case_id = seed_case(infra, evidence=[ref])
    context = laptop(browser)
    page = context.new_page()
    sign_in(page, workspace)
    page.goto(f"{workspace.base_url}/cases/{case_id}")
    link = page.get_by_role("link", name="Unduh: surat.pdf")
    expect(link).to_be_visible()
    with page.expect_download() as downloading:
        link.click()
    download = downloading.value
    assert download.suggested_filename == "surat.pdf"
    assert hashlib.sha256(Path(download.path()).read_bytes()).hexdigest() == sha
    context.close()
