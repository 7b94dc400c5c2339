"""The workshop report as a multi-page PDF, read back with pypdf: every initiative, the charts,
the footer on every page, the same bytes twice."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from gaptools.core.model import Workshop
from gaptools.core.quarter import day_text
from gaptools.export import canvas_problem, default_output, export
from gaptools.export.report import report_sections
from gaptools.export.report_pdf import footer
from gaptools.files import store
from gaptools.files.synthetic import synthetic_workshop
from tests.export.test_table import hostile  # noqa: F401  (fixture)
from tests.support import DAY, commit, example_workshop

MM = 72 / 25.4


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def committed_example() -> Workshop:
    from tests.support import example_workshop

    return store.revalidate(commit(example_workshop()))


@pytest.fixture(scope="module")
def report(committed_example: Workshop) -> bytes:
    return export(committed_example, "pdf", "report")


@pytest.fixture(scope="module")
def pages(report: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(report)).pages]


def test_pdf_and_report_go_together() -> None:
    assert canvas_problem("pdf", "report") is None
    assert canvas_problem("png", "report") is not None
    assert default_output(Path("team.json"), "pdf", "report").name == "team-report.pdf"
    assert default_output(Path("team.json"), "pdf").name == "team-bet.pdf"


def test_report_runs_to_several_a4_pages(report: bytes) -> None:
    reader = PdfReader(io.BytesIO(report))
    assert len(reader.pages) > 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(210 * MM, abs=0.5)
    assert float(box.height) == pytest.approx(297 * MM, abs=0.5)


def test_letter_paper(committed_example: Workshop) -> None:
    box = PdfReader(io.BytesIO(export(committed_example, "pdf", "report", "letter"))).pages[0]
    assert float(box.mediabox.width) == pytest.approx(8.5 * 72, abs=0.5)


def test_every_initiative_is_named(pages: list[str], committed_example: Workshop) -> None:
    text = flat(" ".join(pages))
    for initiative in committed_example.initiatives:
        assert flat(initiative.name) in text


def test_every_section_and_table_caption_is_there(
    pages: list[str], committed_example: Workshop
) -> None:
    text = flat(" ".join(pages))
    for section in report_sections(committed_example):
        assert flat(section.title) in text
        for table in section.tables:
            if table.rows:
                assert flat(table.caption) in text
    assert "Responsibility map" in text
    assert "Readiness" in text


def test_the_charts_are_drawn_with_their_text(
    pages: list[str], committed_example: Workshop
) -> None:
    """Each chart of the HTML report: its title above it, and the words inside its SVG (bar
    labels and numbers) drawn as text by the SVG renderer."""
    text = flat(" ".join(pages))
    charts = [c for s in report_sections(committed_example, charts=True) for c in s.charts]
    assert charts
    titles = [t for chart in charts for t in re.findall(r"<h4>(.*?)</h4>", chart)]
    assert titles
    for title in titles:
        assert flat(title.replace("&#x27;", "'").replace("&amp;", "&")) in text
    svg_words = {
        word
        for chart in charts
        for word in re.findall(r"<text[^>]*>([^<]+)</text>", chart)
        if "&" not in word
    }
    assert svg_words
    assert all(flat(word) in text for word in svg_words)


def test_footer_names_the_workshop_and_numbers_every_page(
    pages: list[str], committed_example: Workshop
) -> None:
    name = flat(footer(committed_example))
    assert committed_example.meta.team
    assert committed_example.meta.team in name
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert name in flat(text)


def test_same_bytes_twice(report: bytes, committed_example: Workshop) -> None:
    assert export(committed_example, "pdf", "report") == report


def test_same_bytes_in_another_process(tmp_path: Path, committed_example: Workshop) -> None:
    """No clock, no random ids: a fresh process with another hash seed writes the same file."""
    path = tmp_path / "w.json"
    store.save(committed_example, path)
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"r-{seed}.pdf"
        subprocess.run(
            [sys.executable, "-m", "gaptools", "export", str(path), "--format", "pdf"]
            + ["--canvas", "report", "-o", str(out)],
            check=True,
            capture_output=True,
            env={**__import__("os").environ, "PYTHONHASHSEED": seed},
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_hostile_names_are_text(hostile: Workshop) -> None:  # noqa: F811
    """Markup prints as typed; a character the font lacks (an emoji) as "□", never dropped;
    right-to-left names are laid out right to left (stored in visual order, so a text
    extractor reads them reversed)."""
    reader = PdfReader(io.BytesIO(export(hostile, "pdf", "report")))
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    for initiative in hostile.initiatives:
        name = flat(initiative.name.replace("🚀", "□"))
        assert name in text or name[::-1] in text, name


def test_two_hundred_initiatives() -> None:
    workshop = synthetic_workshop(200)
    reader = PdfReader(io.BytesIO(export(workshop, "pdf", "report")))
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    assert len(reader.pages) > 10
    for initiative in workshop.initiatives:
        assert flat(initiative.name) in text


def test_no_word_of_a_header_is_cut_in_two(pages: list[str], committed_example: Workshop) -> None:
    """The responsibility map's ten columns: the functions' names print whole (smaller type
    before a cut), so "Compliance/legal" never reads "Complia / nce/leg"."""
    words = set(" ".join(pages).split())
    for function in committed_example.settings.function_names():
        for word in function.split():
            assert word in words, word


def test_a_long_double_barrelled_name_leaves_the_headers_whole() -> None:
    """A 110-character accountable name, its parts joined by hyphens, took the page's width
    from every other column of the responsibility map, and its headings printed cut
    ("Produc/t", "Engineerin/g"): the name now breaks after its hyphens instead."""
    workshop = store.revalidate(commit(example_workshop()))
    bet = workshop.initiative(workshop.bet.initiative or "")
    bet.ownership.accountable = (
        "Priya Venkataraman-Subramanian Krishnamurthy-Ramaswamy "
        "Balasubramanian-Chandrasekharan-Iyer"
    )
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(export(workshop, "pdf", "report"))).pages
    )
    words = set(text.split())
    for function in workshop.settings.function_names():
        for word in function.split():
            assert word in words, word
    assert "Venkataraman-" in words or "Venkataraman-Subramanian" in words  # if cut, at "-"


def test_a_map_of_long_names_keeps_the_functions_headings_whole() -> None:
    """Initiatives of long names and a long accountable name: at the smallest type the map's
    eight functions still did not fit across, and their headings broke mid-word ("Produc|t",
    "Securit|y"). A column of letters has its heading turned upwards, a line wide."""
    workshop = store.revalidate(commit(example_workshop()))
    for n, initiative in enumerate(workshop.initiatives[:6]):
        initiative.name = f"Kundenservice-Gebäudeversicherungsschadensbearbeitung {n} " * 2
        initiative.ownership.accountable = "Maximiliane-Anneliese Müller-Lüdenscheidt von Hohen"
    workshop = store.revalidate(workshop)
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(export(workshop, "pdf", "report"))).pages
    )
    words = set(text.split())
    functions = workshop.settings.function_names()
    assert len(functions) >= 8
    for function in functions:
        for word in function.split():
            assert word in words, word


def test_chart_text_prints_black() -> None:
    """fpdf2 prints a text without a fill in the last fill colour used (a bar's): on paper
    every chart text says its colour."""
    import re as pattern

    from gaptools.charts import steps
    from gaptools.export.pdf import printable_svg
    from tests.support import example_workshop

    fragment = steps.load_charts(example_workshop())
    for svg in pattern.findall(r"<svg.*?</svg>", fragment, pattern.S):
        texts = pattern.findall(r"<text[^>]*>", printable_svg(svg))
        assert texts
        assert all(" fill=" in tag for tag in texts)


def test_a_long_team_name_is_cut_before_the_page_number(committed_example: Workshop) -> None:
    """A 100-character team name ran the footer off the page and under "Page n of N": it is
    now cut with "…" before the workshop's date, which stays whole."""
    from fpdf import FPDF

    from gaptools.export.fonts import font_folder

    workshop = committed_example.model_copy(deep=True)
    workshop.meta.team = (
        "Claims, Customer Operations, Broker Relations and Shared Services AI transformation "
        "leadership group"
    )
    ruler = FPDF(unit="pt")
    ruler.add_font("DejaVu", "", str(font_folder() / "DejaVuSans.ttf"))
    ruler.set_font("DejaVu", "", 8)
    reader = PdfReader(io.BytesIO(export(workshop, "pdf", "report")))
    for number, page in enumerate(reader.pages, start=1):
        small = footer_runs(page)
        [(left, name)] = [(x, t) for x, t in small if "workshop of" in t]
        [(right, page_number)] = [(x, t) for x, t in small if "Page" in t]
        assert page_number.strip() == f"Page {number} of {len(reader.pages)}"
        assert name.startswith("Claims, Customer Operations")
        assert name.endswith(f"… · workshop of {day_text(workshop.meta.date)}")
        assert left + ruler.get_string_width(name) < right


def footer_runs(page: object) -> list[tuple[float, str]]:
    """The 8-point runs of text on ``page`` (the footer's), each with where it starts."""
    runs: list[tuple[float, str]] = []

    def seen(text: str, cm: object, tm: list[float], font: object, size: float) -> None:
        if size == 8 and text.strip():
            runs.append((tm[4], text))

    page.extract_text(visitor_text=seen)  # type: ignore[attr-defined]
    return runs


def test_a_crowded_charts_key_is_printed_under_it() -> None:
    """Points with no room for their names are numbered, and the HTML report names them in a
    key under the chart; the PDF printed the numbers and no key."""
    from gaptools.charts.svg import Point, scatter_svg
    from gaptools.export.pdf import document, finish
    from gaptools.export.report_pdf import _chart

    points = [Point(f"Regional claims copilot {n}", 4, 5, n == 0) for n in range(6)]
    fragment = scatter_svg("Value against effort", points, "effort", "value", (0.5, 5.5))
    keyed = re.findall(r"<li>(.*?)</li>", fragment)
    assert keyed, "six names at one spot are named in a key"
    pdf = document(DAY)
    pdf.add_page()
    _chart(pdf, fragment)
    text = flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(finish(pdf))).pages))
    for entry in keyed:
        assert flat(entry) in text


def test_a_chart_title_is_never_left_alone_at_the_foot_of_a_page() -> None:
    """ "Value against effort" stood alone at the foot of a page and its chart began the next:
    a title starts a page of its own when its chart would not fit under it."""
    from gaptools.charts.svg import Point, scatter_svg
    from gaptools.export.pdf import document, finish
    from gaptools.export.report_pdf import _chart

    fragment = scatter_svg(
        "Value against effort", [Point("One", 2, 3, True)], "effort", "value", (0.5, 5.5)
    )
    pdf = document(DAY)
    pdf.add_page()
    pdf.set_y(pdf.h - pdf.b_margin - 20)  # 20 mm left on the page: room for a title only
    _chart(pdf, fragment)
    pages = [flat(p.extract_text()) for p in PdfReader(io.BytesIO(finish(pdf))).pages]
    assert len(pages) == 2
    assert "Value against effort" not in pages[0]
    assert "Value against effort" in pages[1]


def test_lines_typed_in_a_cell_stay_lines_in_the_pdf_report() -> None:
    """ "Stop if:\\n1) …;\\n2) …" printed as one run-on line in the PDF report's table: each
    typed line starts a line of its own, as in the HTML report."""
    workshop = commit(example_workshop())
    workshop.bet.kill_criteria = "Stop if:\n1) intake is not faster;\n2) handlers correct a third"
    reader = PdfReader(io.BytesIO(export(workshop, "pdf", "report")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Stop if:\n1) intake is not faster;\n2) handlers correct a third" in text


def test_headings_are_not_stretched_across_the_page(committed_example: Workshop) -> None:
    """The title of a team with a long name ran over two lines, the first stretched to the
    margin: "AI     workshop     report     ·     Claims     &". Headings, captions and the
    title are set flush left."""
    workshop = committed_example.model_copy(deep=True)
    workshop.meta.team = "Claims & Customer Operations leadership, Zürich and Geneva offices"
    pages = PdfReader(io.BytesIO(export(workshop, "pdf", "report"))).pages
    lines = [
        line.strip()
        for page in pages[:4]
        for line in page.extract_text(extraction_mode="layout").splitlines()
        if line.strip()
    ]
    assert lines[0].startswith("AI workshop report · Claims")
    headings = [s.title for s in report_sections(workshop)] + ["AI workshop report"]
    set_as = [line for line in lines if any(line.startswith(h[:12]) for h in headings)]
    assert set_as
    assert not [line for line in set_as if "   " in line]


def test_hatched_and_dotted_bars_print_hatched_and_dotted() -> None:
    """fpdf2 draws no SVG patterns: the PDF printed "running" cycles as plain white bars and
    stalled ones as a darker shade, under legends saying "hatched". Each patterned bar is
    drawn with its lines or dots, inside the bar."""
    import re as pattern
    import xml.etree.ElementTree as ET

    from gaptools.charts import learning as learning_charts
    from gaptools.charts import steps
    from gaptools.export.pdf import printable_svg
    from gaptools.files.home import example_workshop
    from gaptools.steps.portfolio import diagnose

    workshop = example_workshop(after=True)
    drawn = steps.portfolio_charts(diagnose(workshop)) + learning_charts.timeline_chart(
        workshop, workshop.meta.date
    )
    svgs = pattern.findall(r"<svg.*?</svg>", drawn, pattern.S)
    kinds = set()
    for svg in svgs:
        kinds |= set(pattern.findall(r"url\(#(hatch|dots|running)-", svg))
        printed = ET.fromstring(printable_svg(svg))
        assert "url(#" not in printable_svg(svg)
        boxes = [
            tuple(float(r.get(k)) for k in ("x", "y", "width", "height"))
            for r in printed.iter("{http://www.w3.org/2000/svg}rect")
        ]
        for mark in printed.iter("{http://www.w3.org/2000/svg}line"):
            if mark.get("stroke-width") != "2.5":
                continue  # a chart's own line (today, a planned end)
            x1, y1, x2, y2 = (float(mark.get(k)) for k in ("x1", "y1", "x2", "y2"))
            assert any(
                x <= min(x1, x2)
                and max(x1, x2) <= x + w + 0.1
                and y - 0.1 <= min(y1, y2)
                and max(y1, y2) <= y + h + 0.1
                for x, y, w, h in boxes
            )
    assert kinds == {"hatch", "dots", "running"}
    every = "".join(printable_svg(svg) for svg in svgs)
    assert every.count("stroke-width='2.5'") > 10  # hatching
    assert every.count("<circle") > 10  # dots
