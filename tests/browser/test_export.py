"""Step 10 in a real JupyterLab: the preview shows a complete bet, the PDF downloads, the page
draws. The shared workshop gets a complete bet for this test and its old content back after."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader

from gaptools.core.model import Workshop
from gaptools.export import default_output, export
from gaptools.steps.value import value_sentence
from tests.browser.conftest import LabServer, open_and_run, wait_for_file

NOTEBOOK = "notebooks/10_export.ipynb"
BET = "Claims intake copilot"
PDF_LINK = "data:application/pdf;base64,"
PNG_SOURCE = "data:image/png;base64,"


def test_preview_pdf_and_printable_page(
    page, lab: LabServer, shared_bet: tuple[Path, Workshop], screenshot_dir: Path
) -> None:
    path, workshop = shared_bet
    open_and_run(page, lab, NOTEBOOK)

    sentence = value_sentence(workshop.initiative(BET).value)
    expect(page.locator(".bet-canvas .sentence")).to_have_text(sentence, timeout=120_000)
    expect(page.locator(".bet-canvas .headline")).to_have_text(BET)
    expect(page.get_by_text("✓ Complete commitment", exact=True)).to_be_visible()

    # The icon's glyph is part of a button's accessible name, so the PDF button is found by text.
    page.locator("button", has_text=re.compile(r"^\s*PDF\s*$")).click()
    pdf = default_output(path, "pdf", "bet")
    link = page.locator(f"a[download='{pdf.name}']")
    expect(link).to_be_visible(timeout=30_000)
    href = link.get_attribute("href") or ""
    assert href.startswith(PDF_LINK)
    written = wait_for_file(pdf, lambda raw: raw.startswith(b"%PDF-"))
    assert base64.b64decode(href.removeprefix(PDF_LINK)) == written
    expect(page.locator(".gaptools-status")).to_contain_text(f"Exported {pdf.name}")

    # The report as a multi-page PDF, offered like the others as a download data link.
    page.locator("button", has_text="Report as PDF").click()
    report = default_output(path, "pdf", "report")
    report_link = page.locator(f"a[download='{report.name}']")
    expect(report_link).to_be_visible(timeout=60_000)
    report_href = report_link.get_attribute("href") or ""
    assert report_href.startswith(PDF_LINK)
    written = wait_for_file(report, lambda raw: raw.startswith(b"%PDF-"))
    assert base64.b64decode(report_href.removeprefix(PDF_LINK)) == written
    assert len(PdfReader(io.BytesIO(written)).pages) > 1

    # The whole form in one picture: a window tall enough to show it without scrolling.
    form = page.locator(".gaptools-form").first
    height = (form.bounding_box() or {"height": 1000})["height"]
    page.set_viewport_size({"width": 1440, "height": int(height) + 240})
    form.evaluate("element => element.scrollIntoView({block: 'center'})")
    expect(link).to_be_in_viewport()
    form.screenshot(path=str(screenshot_dir / "10_export.png"))

    page.get_by_role("button", name="Draw the printable page").click()
    picture = page.locator(f"img[src^='{PNG_SOURCE}']")
    expect(picture).to_be_visible(timeout=60_000)
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
    drawn = base64.b64decode((picture.get_attribute("src") or "").removeprefix(PNG_SOURCE))
    assert drawn == export(workshop, "png", "bet", "a4")
    (screenshot_dir / "10_export_drawn.png").write_bytes(drawn)
