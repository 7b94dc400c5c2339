"""The step 10 form: the live preview of the bet canvas and every export, without a browser."""

from __future__ import annotations

import base64
import html
import io
import mimetypes
import os
import re
import shutil
import tempfile
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import ipywidgets as widgets
import pytest
from PIL import Image
from pypdf import PdfReader

from gaptools.core.model import Workshop
from gaptools.export import default_output, export
from gaptools.export.page import PAPERS, PNG_DPI
from gaptools.files import store
from gaptools.steps.bet import bet_complete
from gaptools.steps.value import value_sentence
from gaptools.ui import export as export_ui
from gaptools.ui.export import ExportForm
from gaptools.ui.session import WorkshopSession
from tests.support import BET, KILL, by_label, commit, session_on, shown, status_line, view

PDF_MAGIC = b"%PDF-"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
POINTS = 72

# What each button is called and what its download link says the file is.
BUTTONS = {
    ("pdf", "bet"): "PDF",
    ("png", "bet"): "PNG",
    ("html", "bet"): "HTML",
    ("md", "bet"): "Markdown",
    ("html", "report"): "HTML",
    ("md", "report"): "Markdown",
    ("pdf", "report"): "Report as PDF",
    ("json", None): "JSON",
    ("csv", None): "CSV",
    ("xlsx", None): "Excel",
}
CHEAP = [key for key in BUTTONS if key[0] not in {"pdf", "png"}]


@pytest.fixture
def form(session: WorkshopSession) -> ExportForm:
    return ExportForm(session)


def untagged(markup: str) -> str:
    """What the markup reads as: tags dropped (a nowrap span keeps its words)."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def preview_widget(form: ExportForm) -> widgets.HTML:
    return view(form.widget, 'class="bet-canvas"')


def preview(form: ExportForm) -> str:
    """The preview as text a person reads (entities decoded)."""
    return html.unescape(preview_widget(form).value)


class Links(HTMLParser):
    """The download links as a browser sees them: file name, href and text."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict[str, str]] = []
        self._open: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._open = {name: value or "" for name, value in attrs} | {"text": ""}
            self.found.append(self._open)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open["text"] += data


def links(form: ExportForm) -> dict[str, dict[str, str]]:
    parser = Links()
    parser.feed(form.downloads.value)
    return {link["download"]: link for link in parser.found}


def data_uri(href: str) -> tuple[str, bytes]:
    match = re.fullmatch(r"data:([^;,]+);base64,([A-Za-z0-9+/=]*)", href)
    assert match, f"not a base64 data URI: {href[:80]}"
    return match.group(1), base64.b64decode(match.group(2), validate=True)


def assert_link_holds(form: ExportForm, out: Path, fmt: str) -> None:
    link = links(form)[out.name]
    media, data = data_uri(link["href"])
    assert media == mimetypes.guess_type(f"file.{fmt}")[0]  # what a browser expects
    assert data == out.read_bytes()
    assert out.name in link["text"]


def same_export(fmt: str, written: bytes, expected: bytes) -> bool:
    """Byte for byte, except the creation time openpyxl stamps into every workbook."""
    if fmt != "xlsx":
        return written == expected
    a, b = zipfile.ZipFile(io.BytesIO(written)), zipfile.ZipFile(io.BytesIO(expected))
    if a.namelist() != b.namelist():
        return False
    return all(a.read(n) == b.read(n) for n in a.namelist() if n != "docProps/core.xml")


def pixels(paper: str) -> tuple[float, float]:
    width, height = PAPERS[paper]
    return width * PNG_DPI, height * PNG_DPI


def assert_png_page(data: bytes, paper: str) -> None:
    assert data.startswith(PNG_MAGIC)
    size = Image.open(io.BytesIO(data)).size
    assert size == pytest.approx(pixels(paper), abs=1)


# The preview


def test_the_preview_says_no_bet_is_chosen_yet(form: ExportForm) -> None:
    said = preview(form)
    assert "No bet chosen yet" in said
    assert "✓ Complete commitment" not in said
    assert "still missing" in said


def test_the_previews_headings_run_on_from_the_forms(form: ExportForm) -> None:
    """The preview put an h1 and h2s under the form's h3 headings: a screen reader walking
    the page's outline met the canvas as a new document in the middle of the form."""
    said = preview(form)
    levels = sorted({int(n) for n in re.findall(r"<h(\d)", said)})
    assert levels == [4, 5]


def test_the_preview_follows_the_bet_as_it_is_filled_in(
    form: ExportForm, session: WorkshopSession
) -> None:
    def choose(w: Workshop) -> None:
        w.bet.initiative = BET

    assert session.update(choose, "bet").ok
    said = preview(form)
    assert "No bet chosen yet" not in said
    assert f'<h4 class="headline">{BET}</h4>' in said
    assert value_sentence(session.workshop.initiative(BET).value) in untagged(said)
    assert re.search(r"✗ \d+ items still missing", said)

    assert session.update(commit, "bet").ok
    assert bet_complete(session.workshop)
    said = preview(form)
    assert value_sentence(session.workshop.initiative(BET).value) in untagged(said)
    assert "✓ Complete commitment" in said
    assert "Nothing missing: the commitment card is complete." in said
    assert KILL in said


def test_the_preview_shows_a_hostile_name_as_text(
    form: ExportForm, session: WorkshopSession
) -> None:
    hostile = "<img src=x onerror=alert(1)>"

    def rename_and_choose(w: Workshop) -> None:
        w.initiative(BET).name = hostile
        w.bet.initiative = hostile

    assert session.update(rename_and_choose, "bet").ok
    assert "<img" not in preview_widget(form).value
    assert f'<h4 class="headline">{hostile}</h4>' in preview(form)


def test_show_opens_the_current_workshop(workshop_path: Path) -> None:
    form = export_ui.show()
    assert "No bet chosen yet" in shown(form)
    assert isinstance(export_ui.show(str(workshop_path)), widgets.VBox)


# The buttons and the files


def test_a_button_for_each_export(form: ExportForm) -> None:
    assert {key: knob.description for key, knob in form.buttons.items()} == BUTTONS


@pytest.mark.parametrize(("fmt", "canvas"), CHEAP)
def test_each_button_writes_its_file_beside_the_workshop_with_a_link(
    form: ExportForm, session: WorkshopSession, workshop_path: Path, fmt: str, canvas: str | None
) -> None:
    assert session.update(commit, "bet").ok
    form.buttons[(fmt, canvas)].click()

    out = default_output(workshop_path, fmt, canvas)
    assert out.parent == workshop_path.parent
    assert out.is_file()
    expected = export(store.load(workshop_path), fmt, canvas, "a4")
    assert same_export(fmt, out.read_bytes(), expected)
    assert_link_holds(form, out, fmt)
    assert f"Exported {out.name}" in status_line(form)
    assert "refused" not in form.form.status.widget.value


def test_pdf_and_png_buttons_draw_the_page_on_a4(
    form: ExportForm, session: WorkshopSession, workshop_path: Path
) -> None:
    assert session.update(commit, "bet").ok
    form.buttons[("pdf", "bet")].click()
    form.buttons[("png", "bet")].click()

    pdf = default_output(workshop_path, "pdf", "bet")
    png = default_output(workshop_path, "png", "bet")
    assert pdf.name == f"{workshop_path.stem}-bet.pdf"
    assert pdf.read_bytes().startswith(PDF_MAGIC)
    [page] = PdfReader(pdf).pages
    width, height = PAPERS["a4"]
    assert float(page.mediabox.width) == pytest.approx(width * POINTS, abs=0.5)
    assert float(page.mediabox.height) == pytest.approx(height * POINTS, abs=0.5)
    assert BET in page.extract_text()
    assert_png_page(png.read_bytes(), "a4")
    assert_link_holds(form, pdf, "pdf")
    assert_link_holds(form, png, "png")


def test_letter_paper_changes_the_pdf_page(form: ExportForm, workshop_path: Path) -> None:
    form.paper.value = "letter"
    form.buttons[("pdf", "bet")].click()
    [page] = PdfReader(default_output(workshop_path, "pdf", "bet")).pages
    assert float(page.mediabox.width) == pytest.approx(11 * POINTS, abs=0.5)
    assert float(page.mediabox.height) == pytest.approx(8.5 * POINTS, abs=0.5)


def test_letter_paper_reaches_the_printable_html(form: ExportForm, workshop_path: Path) -> None:
    form.paper.value = "letter"
    form.buttons[("html", "bet")].click()
    out = default_output(workshop_path, "html", "bet")
    assert out.read_bytes() == export(store.load(workshop_path), "html", "bet", "letter")
    assert "size: letter landscape" in out.read_text()


def test_exporting_again_replaces_the_file_and_keeps_one_link(
    form: ExportForm, session: WorkshopSession, workshop_path: Path
) -> None:
    form.buttons[("md", "bet")].click()
    form.buttons[("json", None)].click()
    assert session.update(commit, "bet").ok
    form.buttons[("md", "bet")].click()

    out = default_output(workshop_path, "md", "bet")
    assert BET in out.read_text()
    assert sorted(links(form)) == sorted(
        [out.name, default_output(workshop_path, "json", None).name]
    )
    assert_link_holds(form, out, "md")


def test_a_change_saved_by_another_notebook_is_in_the_next_export(
    form: ExportForm, workshop_path: Path
) -> None:
    other = session_on(workshop_path)
    assert other.update(commit, "bet in another notebook").ok

    form.buttons[("md", "bet")].click()
    form.buttons[("json", None)].click()

    text = default_output(workshop_path, "md", "bet").read_text()
    assert BET in text
    assert "✓ Complete commitment" in text
    saved = store.load(default_output(workshop_path, "json", None))
    assert saved.bet.initiative == BET
    assert saved.bet.kill_criteria == KILL
    assert "✓ Complete commitment" in preview(form)  # the preview caught up too


def form_in(folder: Path, workshop_path: Path) -> tuple[Path, ExportForm]:
    """The export form on a copy of the workshop in a folder of its own."""
    folder.mkdir()
    path = folder / "workshop.json"
    shutil.copy(workshop_path, path)
    return folder, ExportForm(session_on(path))


def test_an_export_into_a_vanished_folder_is_refused_in_the_status_line(
    tmp_path: Path, workshop_path: Path
) -> None:
    folder, form = form_in(tmp_path / "usb-stick", workshop_path)
    shutil.rmtree(folder)

    assert form.export("md", "bet") is None
    form.buttons[("csv", None)].click()
    said = status_line(form)
    assert "Not exported" in said
    assert "does not exist" in said
    assert "refused" in form.form.status.widget.value
    assert form.downloads.value == ""
    assert not folder.exists()


def test_an_export_into_an_unwritable_folder_is_refused_in_the_status_line(
    tmp_path: Path, workshop_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, form = form_in(tmp_path / "read-only", workshop_path)
    folder.chmod(0o555)
    if os.geteuid() == 0:  # root writes anywhere: refuse the write the way the kernel would

        def denied(*args, **kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(tempfile, "mkstemp", denied)
    try:
        form.buttons[("md", "report")].click()
        said = status_line(form)
        assert "Not exported" in said
        assert "Permission denied" in said
        assert "refused" in form.form.status.widget.value
        assert form.downloads.value == ""
        assert not default_output(folder / "workshop.json", "md", "report").exists()
        assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    finally:
        folder.chmod(0o755)


def test_an_unreadable_workshop_is_not_exported(form: ExportForm, workshop_path: Path) -> None:
    workshop_path.write_text('{"meta": ', encoding="utf-8")  # another tab broke the file
    form.buttons[("json", None)].click()
    assert "Not exported" in status_line(form)
    assert not default_output(workshop_path, "json", None).exists()
    assert workshop_path.read_text(encoding="utf-8") == '{"meta": '


def test_export_everything_writes_ten_files(
    form: ExportForm, session: WorkshopSession, workshop_path: Path
) -> None:
    assert session.update(commit, "bet").ok
    by_label(form.widget, "Export everything", widgets.Button).click()

    expected = {default_output(workshop_path, fmt, canvas) for fmt, canvas in BUTTONS}
    assert len(expected) == 10
    written = {p for p in workshop_path.parent.iterdir() if p.name.startswith("workshop-")}
    assert written == expected
    assert sorted(links(form)) == sorted(p.name for p in expected)
    for fmt, canvas in BUTTONS:
        assert_link_holds(form, default_output(workshop_path, fmt, canvas), fmt)
    assert "Exported 10 files" in status_line(form)


def test_report_as_pdf_gives_a_download_link_to_the_report(
    form: ExportForm, session: WorkshopSession, workshop_path: Path
) -> None:
    """The button writes <name>-report.pdf, several pages with every initiative's name."""
    knob = form.buttons[("pdf", "report")]
    assert knob.description == "Report as PDF"
    knob.click()
    out = default_output(workshop_path, "pdf", "report")
    assert out.name == "workshop-report.pdf"
    assert_link_holds(form, out, "pdf")
    reader = PdfReader(out)
    assert len(reader.pages) > 1
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for initiative in session.workshop.initiatives:
        assert " ".join(initiative.name.split()) in text


def test_drawing_the_printable_page_shows_the_png(form: ExportForm) -> None:
    assert form.picture.value == ""
    form.paper.value = "letter"
    by_label(form.widget, "Draw the printable page", widgets.Button).click()
    [src] = re.findall(r"<img [^>]*src='([^']+)'", form.picture.value)
    media, data = data_uri(src)
    assert media == "image/png"
    assert_png_page(data, "letter")


def test_a_page_that_printed_boxes_says_which_characters_under_its_link(
    session: WorkshopSession,
) -> None:
    """A bet named in Chinese printed as a row of boxes on the PDF, and nothing said so."""
    from gaptools.export.glyphs import undrawn_note

    session.update(lambda w: setattr(w.initiatives[0], "name", "理赔受理助手"), "rename")
    session.update(lambda w: setattr(w.bet, "initiative", "理赔受理助手"), "bet")
    form = ExportForm(session)
    out = form.export("pdf", None)
    assert out is not None
    said = html.unescape(form.downloads.value)
    assert f"⚠ {out.name}: {undrawn_note(set('理赔受理助手'))}" in said
    form.export("html", None)  # a text export keeps the note of the last page drawn
    assert "⚠" in form.downloads.value
    session.update(lambda w: setattr(w.initiatives[0], "name", "Claims triage"), "rename")
    session.update(lambda w: setattr(w.bet, "initiative", "Claims triage"), "bet")
    form.export("png", None)
    assert "⚠" not in form.downloads.value


def test_an_unexpected_failure_is_said_in_words_with_what_to_do(
    form: ExportForm, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure no rule names showed "✗ Not exported: TypeError: Bar.__init__() got an
    unexpected keyword argument 'shorter'": a line of Python, and nothing to do about it."""
    from gaptools.ui import export as export_form

    def broken(*args, **kwargs):
        raise TypeError("Bar.__init__() got an unexpected keyword argument 'shorter'")

    monkeypatch.setattr(export_form, "write_export", broken)
    form.buttons[("md", "report")].click()
    said = html.unescape(status_line(form))
    assert "Not exported: something went wrong in gaptools (TypeError: " in said
    assert "reload the page and try again" in said
    assert "refused" in form.form.status.widget.value
