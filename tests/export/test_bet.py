"""The one-page bet canvas as HTML and Markdown, read back by real parsers, with the bet, its
kill criteria, what was stopped and who decided all written by someone hostile."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

import pytest
from markdown_it import MarkdownIt

from gaptools.core.model import ExploreItem, Workshop
from gaptools.export import export
from gaptools.export.bet import canvas_html
from gaptools.files import store
from gaptools.steps.bet import card_gaps
from gaptools.steps.prioritise import rank
from gaptools.steps.value import value_sentence
from gaptools.summaries.canvas import bet_canvas
from tests.export.test_report import Page
from tests.export.test_table import HOSTILE, hostile  # noqa: F401  (fixture)
from tests.steps.test_bet import DAY, committed  # noqa: F401  (fixture)

VOID = {"meta", "link", "br", "hr", "img", "input", "source", "wbr", "col", "area", "base"}


@dataclass(frozen=True)
class Element:
    tag: str
    classes: tuple[str, ...]
    text: str  # its own and its descendants' text
    inside: tuple[str, ...]  # its ancestors, each as "tag.class.class"

    def within(self, tag: str, css: str = "") -> bool:
        return any(a.split(".")[0] == tag and (not css or css in a.split(".")) for a in self.inside)


class Document(Page):
    """Page, plus every element with the text it holds, to check where text landed."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[Element] = []
        self.open: list[tuple[str, tuple[str, ...], list[str]]] = []
        self.style = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        super().handle_starttag(tag, attrs)
        if tag not in VOID:
            classes = tuple((dict(attrs).get("class") or "").split())
            self.open.append((tag, classes, []))

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1][0] != tag:
            return
        tag, classes, chunks = self.open.pop()
        text = "".join(chunks).strip()
        inside = tuple(".".join((t, *c)) for t, c, _ in self.open)
        self.elements.append(Element(tag, classes, text, inside))
        if self.open:
            self.open[-1][2].append(text)
        if tag == "style":
            self.style += text

    def handle_data(self, data: str) -> None:
        super().handle_data(data)
        if self.open:
            self.open[-1][2].append(data)

    def texts(self, tag: str, css: str | None = None) -> list[str]:
        return [e.text for e in self.elements if e.tag == tag and (css is None or css in e.classes)]

    def find(self, tag: str, inside: str, css: str = "") -> list[Element]:
        return [e for e in self.elements if e.tag == tag and e.within(inside, css)]


def read(html: str | bytes) -> Document:
    document = Document()
    document.feed(html.decode("utf-8") if isinstance(html, bytes) else html)
    document.close()
    return document


def footer_items(document: Document) -> list[str]:
    """The "Still missing" list at the foot of the canvas."""
    return [e.text for e in document.find("li", "footer")]


@pytest.fixture
def hostile_bet(hostile: Workshop) -> Workshop:  # noqa: F811
    """The bet is an initiative named like a script; every free-text part of the card is
    hostile too."""
    bet = hostile.bet
    bet.initiative = HOSTILE[0]
    bet.kill_criteria = f"Stop if {HOSTILE[7]} by the debrief; {HOSTILE[1]}"
    bet.stopped = [HOSTILE[7], HOSTILE[5]]
    bet.decided_by = f"{HOSTILE[6]} <b onmouseover=alert(3)>chair</b>"
    bet.decided_on = hostile.meta.date
    bet.options_considered = HOSTILE[:3]
    hostile.meta.team = "<script>team()</script> & co"
    return store.revalidate(hostile)


def test_html_holds_the_headline_value_and_every_box(hostile_bet: Workshop) -> None:
    canvas = bet_canvas(hostile_bet)
    bet = hostile_bet.initiative(HOSTILE[0])
    document = read(export(hostile_bet, "html", "bet"))
    assert document.texts("h1") == [HOSTILE[0]]
    [sentence] = document.texts("p", "sentence")
    assert sentence.startswith(value_sentence(bet.value))
    titles = [t.removeprefix("✗ ") for t in document.texts("h2")]
    assert titles == [box.title for box in canvas.boxes]
    assert len(titles) >= 8  # owner, cycle, debriefs, kill, stopped, readiness, risks, decision


def test_html_shows_hostile_text_as_text_and_runs_nothing(hostile_bet: Workshop) -> None:
    bet = hostile_bet.bet
    document = read(export(hostile_bet, "html", "bet"))
    assert not {"script", "img", "b", "iframe", "object"} & set(document.tags)
    assert document.handlers == []
    assert document.sources == []
    items = document.texts("li")
    assert bet.kill_criteria in items
    for stopped in bet.stopped:
        assert stopped in items
    [decision] = [i for i in items if i.startswith("Decided by")]
    assert bet.decided_by in decision
    others = [option for option in bet.options_considered if option != bet.initiative]
    assert others
    assert "Chosen over: " + ", ".join(others) in items
    assert document.texts("title") == [bet_canvas(hostile_bet).title]
    assert hostile_bet.meta.team in " ".join(document.texts("p", "team"))


def test_html_lists_what_is_still_missing(hostile_bet: Workshop) -> None:
    gaps = card_gaps(hostile_bet)
    assert gaps  # no cycle end, no debriefs: the card is not complete
    document = read(export(hostile_bet, "html", "bet"))
    assert footer_items(document) == gaps
    assert f"{len(gaps)} item" in " ".join(document.texts("div", "verdict"))


def test_missing_boxes_are_marked_and_say_what_is_missing(hostile_bet: Workshop) -> None:
    """Not by colour alone: a marked box's title starts with ✗ and its lines say what lacks."""
    document = read(export(hostile_bet, "html", "bet"))
    marked = [e for e in document.elements if e.tag == "section" and "missing" in e.classes]
    assert len(marked) == sum(box.missing for box in bet_canvas(hostile_bet).boxes) > 0
    for title in document.find("h2", "section"):
        assert title.text.startswith("✗ ") is title.within("section", "missing")
    said = [e.text for e in document.find("li", "section", "missing")]
    assert all(line.startswith("Missing: ") for line in said)
    assert sorted(line.removeprefix("Missing: ") for line in said) == sorted(card_gaps(hostile_bet))


def test_complete_card_says_nothing_is_missing(committed: Workshop) -> None:  # noqa: F811
    assert card_gaps(committed) == []
    document = read(export(committed, "html", "bet"))
    assert [e for e in document.elements if "missing" in e.classes and e.tag == "section"] == []
    assert not [h for h in document.texts("h2") if h.startswith("✗")]
    assert "Nothing missing" in " ".join(document.texts("p", "missing"))
    assert document.texts("div", "verdict") == [bet_canvas(committed).verdict]
    assert "complete" in next(e.classes for e in document.elements if "verdict" in e.classes)


def test_no_bet_chosen_shows_the_front_runners(example: Workshop) -> None:
    document = read(export(example, "html", "bet"))
    assert card_gaps(example) == footer_items(document)
    above = rank(example, stability=False).above
    assert above
    items = document.texts("li")
    for name in above[:5]:
        assert name in items


def test_no_bet_yet_shows_what_the_team_explores_instead(example: Workshop) -> None:
    example.bet.no_bet_yet = True
    example.bet.explore_next = [
        ExploreItem(question=HOSTILE[0], by=DAY + dt.timedelta(weeks=4)),
        ExploreItem(question="Measure the handle-time baseline"),
    ]
    document = read(export(store.revalidate(example), "html", "bet"))
    items = document.texts("li")
    for item in example.bet.explore_next:
        assert any(li.startswith(item.question) for li in items)
    assert "script" not in document.tags
    assert footer_items(document) == card_gaps(example)


@pytest.mark.parametrize(("paper", "size"), [("a4", "A4"), ("letter", "letter")])
def test_page_size_follows_the_paper(example: Workshop, paper: str, size: str) -> None:
    """Printing from the browser gives one landscape page of the paper asked for."""
    document = read(export(example, "html", "bet", paper=paper))
    [rule] = re.findall(r"@page\s*{\s*size:\s*([^;]+);", document.style)
    assert rule.split() == [size, "landscape"]


def test_fragment_is_the_canvas_without_a_page(hostile_bet: Workshop) -> None:
    """The notebook shows a fragment: no document, head or page rule to clash with Jupyter's."""
    canvas = bet_canvas(hostile_bet)
    fragment = canvas_html(canvas, standalone=False)
    document = read(fragment)
    assert not {"html", "head", "body", "title", "meta"} & set(document.tags)
    assert "<!DOCTYPE" not in fragment
    assert "@page" not in document.style
    whole = read(canvas_html(canvas, standalone=True))
    article = [e.text for e in document.elements if e.tag == "article"]
    assert article == [e.text for e in whole.elements if e.tag == "article"]
    assert "script" not in document.tags
    assert document.handlers == []


def markdown(workshop: Workshop) -> Document:
    source = export(workshop, "md", "bet").decode("utf-8")
    return read(MarkdownIt("commonmark").enable("table").render(source))


def test_markdown_holds_no_html_from_user_text(hostile_bet: Workshop) -> None:
    """Only the structure the writer makes: a heading, bold, a quote, headed lists."""
    document = markdown(hostile_bet)
    assert set(document.tags) <= {"h1", "h2", "p", "strong", "blockquote", "ul", "li"}
    assert document.handlers == []
    assert document.sources == []


def test_markdown_shows_hostile_text_and_the_whole_canvas(hostile_bet: Workshop) -> None:
    canvas = bet_canvas(hostile_bet)
    bet = hostile_bet.bet
    document = markdown(hostile_bet)
    assert document.texts("h1") == [canvas.headline]
    assert canvas.headline == HOSTILE[0]
    assert document.texts("blockquote")[0].replace("\u00a0", " ") == canvas.sentence
    titles = [t.removeprefix("✗ ") for t in document.texts("h2")]
    assert titles == [box.title for box in canvas.boxes] + ["Still missing"]
    items = document.texts("li")
    assert " ".join(bet.kill_criteria.split()) in items
    for stopped in bet.stopped:
        assert stopped in items
    assert any(bet.decided_by in item for item in items)
    assert items[-len(canvas.missing) :] == card_gaps(hostile_bet)
    text = " ".join(document.text)
    for name in (HOSTILE[0], HOSTILE[5], HOSTILE[6], HOSTILE[7], hostile_bet.meta.team):
        assert name in text


def test_markdown_of_a_complete_card(committed: Workshop) -> None:  # noqa: F811
    document = markdown(committed)
    assert not [h for h in document.texts("h2") if h.startswith("✗")]
    assert any("Nothing" in p and "complete" in p for p in document.texts("p"))


def test_markdown_headline_keeps_a_trailing_hash(committed: Workshop) -> None:  # noqa: F811
    initiative = committed.initiative(committed.bet.initiative)
    initiative.name = committed.bet.initiative = "Ticket triage #"
    assert markdown(store.revalidate(committed)).texts("h1") == ["Ticket triage #"]


# -- lead measures, the guardrail, and phrases that never wrap ---------------------------------


def churn_bet(committed: Workshop) -> Workshop:  # noqa: F811
    """The committed card, its value a share: "(−6 percentage points)" in the sentence, and
    hostile lead measures and guardrail."""
    workshop = committed.model_copy(deep=True)
    value = workshop.initiative(workshop.bet.initiative).value
    value.metric, value.unit, value.baseline, value.target = "Customer churn rate", "%", 14, 8
    value.lead_measures = ["Saves offered <b>weekly</b>", "Calls answered in 20 s"]
    value.guardrail = "Complaints per 1,000 customers <script>x()</script>"
    return store.revalidate(workshop)


def test_html_canvas_has_the_lead_measures_and_the_guardrail(committed: Workshop) -> None:  # noqa: F811
    from gaptools.summaries.canvas import GUARDRAIL, LEAD_MEASURES

    workshop = churn_bet(committed)
    value = workshop.initiative(workshop.bet.initiative).value
    document = read(export(workshop, "html", "bet"))
    titles = [e.text for e in document.find("h2", "section", "box")]
    assert LEAD_MEASURES in titles
    assert GUARDRAIL in titles
    items = [e.text for e in document.elements if e.tag == "li" and e.within("section", "box")]
    for measure in value.lead_measures:
        assert measure in items
    assert any(i.startswith(value.guardrail) for i in items)
    assert "script" not in document.tags
    assert "b" not in document.tags


def test_html_canvas_never_wraps_the_change_in_brackets(committed: Workshop) -> None:  # noqa: F811
    """The phrase sits in one nowrap span, and the style sheet keeps such spans whole: an
    inline block moves to the next line as one and wraps inside only where it is wider than
    its box (the browser test of the exported page sees both)."""
    workshop = churn_bet(committed)
    document = read(export(workshop, "html", "bet"))
    held = [e.text for e in document.elements if e.tag == "span" and "nowrap" in e.classes]
    assert "(−6 percentage points)" in held
    assert re.search(r"\.nowrap\s*\{\s*display:\s*inline-block", document.style)
    [sentence] = document.texts("p", "sentence")
    assert "(−6 percentage points)" in sentence


def test_markdown_canvas_has_the_lead_measures_and_the_guardrail(committed: Workshop) -> None:  # noqa: F811
    from gaptools.summaries.canvas import GUARDRAIL, LEAD_MEASURES

    workshop = churn_bet(committed)
    value = workshop.initiative(workshop.bet.initiative).value
    source = export(workshop, "md", "bet").decode("utf-8")
    document = read(MarkdownIt("commonmark").render(source))
    headings = document.texts("h2")
    assert LEAD_MEASURES in headings
    assert GUARDRAIL in headings
    items = [" ".join(e.text.split()) for e in document.elements if e.tag == "li"]
    for measure in value.lead_measures:
        assert measure in items
    assert any(i.startswith(" ".join(value.guardrail.split())) for i in items)
    assert "script" not in document.tags
    # The change is held by non-breaking spaces, which Markdown passes through to the page.
    assert "(−6\u00a0percentage\u00a0points)" in source


# -- lines typed as lines ------------------------------------------------------------------------


def test_lines_typed_in_the_kill_criteria_stay_lines_in_html_and_markdown() -> None:
    """Kill criteria typed as a list ("Stop if:\\n1) …\\n2) …") ran on as one line in every
    format of the canvas: the canvas joined them before any format saw them. The HTML keeps
    them as lines, and the Markdown breaks the line where the person did."""
    from bs4 import BeautifulSoup

    from tests.support import complete_bet

    workshop = complete_bet()
    workshop.bet.kill_criteria = "Stop if:\n1) intake is not faster;\n2) handlers correct a third"
    typed = workshop.bet.kill_criteria.splitlines()
    html = BeautifulSoup(export(workshop, "html", "bet"), "html.parser")
    [item] = [li for li in html.find_all("li") if "Stop if" in li.get_text()]
    assert item.get_text().splitlines() == typed
    source = export(workshop, "md", "bet").decode("utf-8")
    rendered = BeautifulSoup(MarkdownIt("commonmark").render(source), "html.parser")
    [item] = [li for li in rendered.find_all("li") if "Stop if" in li.get_text()]
    assert len(item.find_all("br")) == len(typed) - 1
    assert [line.strip() for line in item.get_text().splitlines()] == typed
    assert not item.find_all(["ol", "ul", "h1", "h2"])  # "1)" stays text, not a list


#: 600 characters of kill criteria, with markup past the page's cut that must stay text.
LONG_KILL = (
    "Stop if intake time in the pilot team is not below 16 minutes by the mid-cycle debrief. "
    * 4
    + "Also stop if <script>alert('kill')</script> or *handlers* correct [over a third](x) "
    "of the drafted fields, or if a single case of customer data reaches the model provider "
    "outside the agreed region."
).ljust(600, ".")


def test_html_and_markdown_show_the_whole_kill_criteria_the_page_cuts() -> None:
    """Kill criteria were cut at 280 characters with "…" on the HTML and Markdown canvas too,
    where no page size needs it: a reader lost the second half of what the team would stop on.
    The fixed page (PDF, PNG) still cuts; HTML and Markdown show it whole, still escaped."""
    from gaptools.export.page import canvas_figure
    from gaptools.export.table import sheets
    from tests.export.test_page import page_text
    from tests.support import complete_bet

    workshop = complete_bet()
    workshop.bet.kill_criteria = LONG_KILL
    workshop = store.revalidate(workshop)
    assert len(workshop.bet.kill_criteria) == 600
    page = Document()
    page.feed(export(workshop, "html", "bet").decode("utf-8"))
    assert any(e.text == LONG_KILL.strip() for e in page.elements if e.tag == "li")
    assert "<script>" not in export(workshop, "html", "bet").decode("utf-8")
    markdown = export(workshop, "md", "bet").decode("utf-8")
    rendered = MarkdownIt().render(markdown)
    assert "<script>" not in rendered
    assert "<em>" not in rendered
    assert "outside the agreed region" in markdown
    assert "…" not in markdown
    [kill] = [
        r[1]
        for t, _, rows in sheets(workshop)
        if t == "Bet"
        for r in rows
        if r[0] == "Kill criteria"
    ]
    assert kill == LONG_KILL
    pdf = page_text(export(workshop, "pdf", "bet"))
    assert "outside the agreed region" not in pdf
    assert "…" in pdf
    drawn = " ".join(t.get_text() for t in canvas_figure(bet_canvas(workshop)).texts)
    assert "outside the agreed region" not in drawn


def test_a_complete_no_bet_yet_never_speaks_of_a_commitment_card(
    committed: Workshop,  # noqa: F811
) -> None:
    """An honest "no bet yet", decided and with dated questions: the badge said "✓ Exploration
    plan complete" and the foot "Nothing missing: the commitment card is complete", of a card
    that does not exist; the decision box said "Decided by Dana Whitfield" without saying
    what was decided; the report did not say who decided. Every format now says the same."""
    from pypdf import PdfReader

    committed.bet.no_bet_yet = True
    committed.bet.explore_next = [
        ExploreItem(question="Measure the intake baseline", by=DAY + dt.timedelta(weeks=2))
    ]
    workshop = store.revalidate(committed)
    canvas = bet_canvas(workshop)
    assert canvas.complete
    decided = f"No bet yet, decided by {workshop.bet.decided_by}"
    done = "Nothing missing: the exploration plan is complete."
    html = read(export(workshop, "html", "bet"))
    assert done in html.texts("p", "missing")
    assert any(item.startswith(decided) for item in html.texts("li"))
    markdown = export(workshop, "md", "bet").decode()
    pdf = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(export(workshop, "pdf", "bet"))).pages
    )
    for text in (markdown, " ".join(pdf.split())):
        assert done in text
        assert decided in text
    for text in (markdown, pdf, " ".join(html.texts("p"))):
        assert "commitment card" not in text
    report = read(export(workshop, "html", "report"))
    assert any(f"It was decided by {workshop.bet.decided_by}" in p for p in report.texts("p"))
    # and it opens with the call, and what the team explores instead
    assert any(p.startswith("No bet yet for ") for p in report.texts("p"))
    assert any(li.startswith("Measure the intake baseline") for li in report.texts("li"))


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_an_ordinary_canvas_prints_in_9_points_and_a_long_one_smaller(paper: str) -> None:
    """The printed type shrinks only for a card whose text would not fit one sheet."""
    from gaptools.export.bet import PRINT_SIZES, print_size
    from gaptools.files.home import example_workshop as shipped_example

    for after in (False, True):
        assert print_size(bet_canvas(shipped_example(after=after)), paper) == PRINT_SIZES[0]
    workshop = shipped_example(after=True)
    workshop.bet.kill_criteria = "Stop if intake time is not below 16 minutes. " * 16
    assert print_size(bet_canvas(workshop), paper) < PRINT_SIZES[0]
    assert f"font-size: {print_size(bet_canvas(workshop), paper)}pt" in export(
        workshop, "html", "bet", paper=paper
    ).decode("utf-8")
