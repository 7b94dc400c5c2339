"""What every form shares: a refusal said beside the field that caused it, the typed value
kept until the person changes it, and tables whose headings share their rows' layout."""

from __future__ import annotations

import html
import re
from pathlib import Path

import ipywidgets as widgets
import pytest

from gaptools.files import home
from gaptools.ui import kit
from gaptools.ui.fields import Field
from gaptools.ui.kit import Column, Form, Grid
from gaptools.ui.prioritise import PrioritiseForm
from gaptools.ui.session import WorkshopSession
from gaptools.ui.styles import shared_style
from tests.support import (
    all_widgets,
    by_label,
    example_copy,
    press_enter,
    recording,
    row_of,
    saved_initiative,
    session_on,
    shown,
    status_line,
    unchanged,
    written,
)
from tests.ui.pages import PAGES

NAME = "Meeting notes copilot"  # effort 2 weeks in the example


@pytest.fixture
def form(session: WorkshopSession) -> PrioritiseForm:
    return PrioritiseForm(session)


def effort_box(form: PrioritiseForm, name: str = NAME) -> widgets.Text:
    return by_label(row_of(form.estimates, name), "Effort (weeks)")


def effort_saved(path: Path, name: str = NAME) -> float | None:
    return saved_initiative(path, name)["effort_weeks"]


# -- a refusal, where the eye is ---------------------------------------------------------------
def test_a_refused_value_is_explained_beside_the_field_and_kept(
    form: PrioritiseForm, workshop_path: Path
) -> None:
    form.capacity.value = "41"  # the file is now in the toolkit's own layout
    box = effort_box(form)
    message = form.form.message_of(box)
    assert message.layout.display == "none"  # nothing to say yet
    with unchanged(workshop_path):
        box.value = "-3"
    assert box.value == "-3"  # what the person typed stays, to be corrected
    assert "must be at least 0" in message.value
    assert message.layout.display != "none"
    assert "must be at least 0" in form.form.status.widget.value  # and in the status bar
    box.value = "5"
    assert effort_saved(workshop_path) == 5
    assert message.value == ""
    assert message.layout.display == "none"


def test_the_message_sits_under_the_row_of_the_field(form: PrioritiseForm) -> None:
    row = row_of(form.estimates, NAME)
    box = by_label(row, "Effort (weeks)")
    message = form.form.message_of(box)
    assert row.children[-1] is message
    assert "gaptools-refusal" in message._dom_classes  # styled as a line across the row


def test_a_stacked_field_has_its_message_right_under_it(form: PrioritiseForm) -> None:
    form.capacity.value = "lots"
    message = form.form.message_of(form.capacity)
    children = list(form.widget.children)
    assert children[children.index(form.capacity) + 1] is message
    assert "not a number" in message.value


def refusals(widget: widgets.Widget) -> list[widgets.Widget]:
    return [w for w in all_widgets(widget) if "gaptools-refusal" in w._dom_classes]


def test_no_message_is_made_before_there_is_something_to_say(form: PrioritiseForm) -> None:
    """A hidden message is three widget models, each one message to the browser: a form
    makes them only for the fields someone got wrong."""
    assert refusals(form.widget) == []
    form.capacity.value = "41"
    effort_box(form).value = "5"  # saved: still nothing to say
    assert refusals(form.widget) == []
    effort_box(form).value = "-3"
    assert [m.value for m in refusals(form.widget)] == [
        form.form.message_of(effort_box(form)).value
    ]


def test_every_message_is_placed_once(form: PrioritiseForm) -> None:
    form.capacity.value = "lots"
    effort_box(form).value = "-3"
    value_menu = by_label(row_of(form.estimates, NAME), "Value")
    form.form.message_of(value_menu)  # asked for before any refusal: made, hidden, placed
    form.form.message_of(form.capacity)  # asked for again: the same one
    labels = refusals(form.widget)
    assert len(labels) == len({id(w) for w in labels}) == 3
    assert form.form.message_of(form.capacity) in labels
    row = row_of(form.estimates, NAME)
    assert list(row.children[-2:]) == [
        form.form.message_of(effort_box(form)),
        form.form.message_of(value_menu),
    ]


def test_a_field_without_a_refusal_follows_other_notebooks(
    form: PrioritiseForm, workshop_path: Path
) -> None:
    other = PrioritiseForm(session_on(workshop_path))
    effort_box(other).value = "7"
    form.session.poll()
    assert effort_box(form).value == "7"


def test_a_refused_value_stays_while_others_change_other_things(
    form: PrioritiseForm, workshop_path: Path
) -> None:
    form.capacity.value = "41"
    box = effort_box(form)
    box.value = "-3"
    other = PrioritiseForm(session_on(workshop_path))
    other.capacity.value = "50"
    form.session.poll()
    assert form.capacity.value == "50"
    assert box.value == "-3"
    assert "must be at least 0" in form.form.message_of(box).value


def test_a_refused_value_gives_way_when_the_saved_one_changes(
    form: PrioritiseForm, workshop_path: Path
) -> None:
    """Someone else set that very field: the refusal no longer applies, their value shows."""
    form.capacity.value = "41"
    box = effort_box(form)
    box.value = "-3"
    other = PrioritiseForm(session_on(workshop_path))
    effort_box(other).value = "4"
    form.session.poll()
    assert box.value == "4"
    assert form.form.message_of(box).value == ""


def test_undo_shows_the_saved_value_again(form: PrioritiseForm, workshop_path: Path) -> None:
    form.capacity.value = "41"
    box = effort_box(form)
    box.value = "6"
    box.value = "-1"
    assert box.value == "-1"
    form.form.undo_button.click()  # takes back the 6: the saved value the -1 meant to replace
    assert effort_saved(workshop_path) == 2
    assert box.value == "2"
    assert form.form.message_of(box).value == ""


def test_an_undo_says_what_the_field_shows_again(form: PrioritiseForm) -> None:
    """ "undone: Effort (weeks) of GenAI workbench": the room asked what it was before."""
    box = effort_box(form)
    shown = box.value
    box.value = "7"
    form.form.undo_button.click()
    assert box.value == shown
    assert "undone: " in status_line(form)
    assert f"(back to '{shown}')" in status_line(form)


def test_an_undo_names_a_menus_choice_by_its_label(form: PrioritiseForm) -> None:
    menu = next(w for w in all_widgets(form.widget) if isinstance(w, widgets.Dropdown))
    label = menu.label
    menu.value = next(v for _, v in menu.options if v != menu.value)
    form.form.undo_button.click()
    assert menu.label == label
    assert f"(back to {label})" in status_line(form)


def test_every_bound_field_gets_a_message(session: WorkshopSession) -> None:
    """Through ``Form.field`` (declared fields) as through ``Form.bind`` (hand-built ones)."""
    form = Form(session)
    threshold = form.field(
        Field("Stuck after (weeks)", "purgatory_weeks", "whole"), lambda w: w.settings
    )
    laid_out = form.layout(threshold)
    threshold.value = 0
    message = form.message_of(threshold)
    assert message.value.startswith("✗ Not saved")
    assert list(laid_out.children).index(message) == list(laid_out.children).index(threshold) + 1


# -- grids -------------------------------------------------------------------------------------
def test_headings_and_rows_share_one_layout() -> None:
    grid = Grid([Column("Name", "minmax(8em, 2fr)"), Column("Effort", "6em")])
    head = grid.header()
    row = grid.row([widgets.Text(), widgets.Text()])
    for box in (head, row):
        assert box.layout.display == "grid"
        assert box.layout.grid_template_columns == "minmax(8em, 2fr) 6em"
        assert grid.key in box._dom_classes
    assert "gaptools-grid-head" in head._dom_classes
    assert "gaptools-grid-row" in row._dom_classes
    # One layout model for the headings and every row: a page has forty rows.
    assert row.layout is head.layout
    assert grid.row([widgets.Text(), widgets.Text()]).layout is head.layout
    # Cells fill their column whatever width they were made with.
    assert all(cell.layout.width == "auto" for cell in row.children)


def test_a_row_on_two_lines_places_each_cell_in_its_area() -> None:
    grid = Grid(
        [Column("Name", area="name"), Column("Sponsor", area="sponsor")],
        lines=["name", "sponsor"],
        tracks=["minmax(0, 1fr)"],
    )
    row = grid.row([widgets.Text(), widgets.Text()])
    assert row.layout.grid_template_areas == '"name" "sponsor"'
    assert [c.layout.grid_area for c in row.children] == ["name", "sponsor"]
    assert [c.layout.grid_area for c in grid.header().children] == ["name", "sponsor"]


def test_headings_of_a_rows_second_line_are_set_apart() -> None:
    """The ownership map's headings on two lines read as one heading under another
    ("Accountable person" over "Data science"): the second line's are set apart, in a band
    of their own, and the first line's are not."""
    grid = Grid(
        [Column("Name", area="name"), Column("Sponsor", area="sponsor")],
        lines=["name", "sponsor"],
        tracks=["minmax(0, 1fr)"],
    )
    name, sponsor = (cell.value for cell in grid.header().children)
    assert "gaptools-second-line" not in name
    assert "gaptools-second-line" in sponsor
    one_line = Grid([Column("Name"), Column("Sponsor")])
    assert all("gaptools-second-line" not in c.value for c in one_line.header().children)


def test_a_row_of_cells_made_for_it_sends_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page of the ownership map is some three hundred cells: a cell made with its
    column's layout is in its place from its first message, so the row sends nothing more,
    and the column's one layout serves the headings and every row."""
    grid = Grid(
        [Column("Name", area="name"), Column("Sponsor", area="sponsor")],
        lines=["name", "sponsor"],
        tracks=["minmax(0, 1fr)"],
    )
    head = grid.header()
    cells = [widgets.Text(layout=place) for place in grid.layouts()]
    sent = recording(monkeypatch)
    row = grid.row(cells)
    assert sent == []
    assert [c.layout for c in row.children] == [c.layout for c in head.children]
    assert all(a is b for a, b in zip(row.children, cells, strict=True))
    assert [c.layout.grid_area for c in row.children] == ["name", "sponsor"]


def test_columns_with_no_area_share_one_layout() -> None:
    grid = Grid([Column("Name", "minmax(8em, 2fr)"), Column("Effort", "6em")])
    first, second = grid.layouts()
    assert first is second
    assert first.grid_area is None
    assert grid.layouts(1) == [second]


def test_a_cell_made_elsewhere_takes_its_column_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    """One message for its place; the layout it was made with may be shared by widgets
    outside the table (``WIDE``), and stays as it was."""
    shared = widgets.Layout(width="36em", max_width="100%")
    cell, other = widgets.Text(layout=shared), widgets.Text(layout=shared)
    grid = Grid([Column("Name"), Column("Effort")])
    made = widgets.Text(layout=grid.layout(1))
    sent = recording(monkeypatch)
    grid.row([cell, made])
    assert sent == [(cell, ["layout"])]
    assert cell.layout is grid.layout(0)
    assert (other.layout.width, shared.width) == ("36em", "36em")


FIELDS = (
    widgets.Text,
    widgets.Textarea,
    widgets.IntText,
    widgets.Dropdown,
    widgets.Checkbox,
    widgets.DatePicker,
)


@pytest.mark.parametrize("step", ["portfolio", "ownership", "readiness", "prioritise"])
def test_a_field_is_made_holding_its_saved_value(
    session: WorkshopSession, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """Made empty and filled in afterwards, every field of a table was one more message to
    the browser as the form opened (step 4's letter menus alone, 74 of them)."""
    sent = recording(monkeypatch)
    form = _forms(session, only=step)[step]
    fields = [w for w in all_widgets(form) if isinstance(w, FIELDS)]
    filled = [w for w in fields if w.value not in ("", None, False)]
    assert filled, "the example fills some of these fields"
    refilled = [w for w, keys in sent if w in fields and {"value", "index"} & set(keys)]
    assert refilled == []


@pytest.mark.parametrize("step", ["portfolio", "ownership", "readiness", "prioritise"])
def test_a_table_opens_with_its_cells_in_place(
    session: WorkshopSession, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """No cell of a table is placed after it is made: each such message (and each layout of
    a cell's own) was one more for the browser as the form opened."""
    sent = recording(monkeypatch)
    _forms(session, only=step)
    placed = [w for w, keys in sent if isinstance(w, widgets.Layout) or "layout" in keys]
    assert placed == []


def test_a_row_must_have_a_cell_per_column() -> None:
    grid = Grid([Column("Name"), Column("Effort")])
    with pytest.raises(ValueError, match="1 cells for 2 columns"):
        grid.row([widgets.Text()])


# -- every table of steps 1, 4, 5 and 6 ----------------------------------------------------------
def _forms(session: WorkshopSession, only: str | None = None) -> dict[str, widgets.Widget]:
    from gaptools.ui.ownership import OwnershipForm
    from gaptools.ui.portfolio import PortfolioForm
    from gaptools.ui.readiness import ReadinessForm

    makers = {
        "portfolio": PortfolioForm,
        "ownership": OwnershipForm,
        "readiness": ReadinessForm,
        "prioritise": PrioritiseForm,
    }
    return {step: make(session).widget for step, make in makers.items() if only in (None, step)}


def _key(box: widgets.Widget) -> str:
    return next(c for c in box._dom_classes if c.startswith("gaptools-grid-id-"))


def test_each_heading_names_the_cells_under_it(session: WorkshopSession) -> None:
    """Headings and cells are matched by position in one shared layout: the cell under a
    heading is the one whose tooltip (its label for tests and screen readers) says it."""
    for step, root in _forms(session).items():
        boxes = [w for w in all_widgets(root) if "gaptools-grid" in getattr(w, "_dom_classes", ())]
        heads = [b for b in boxes if "gaptools-grid-head" in b._dom_classes]
        assert heads, f"{step}: no table"
        for head in heads:
            labels = [html_text(cell.value) for cell in head.children]
            rows = [b for b in boxes if b is not head and _key(b) == _key(head)]
            assert rows, f"{step}: a table with no rows"
            for row in rows:
                under = {"gaptools-refusal", "gaptools-confirm"}  # lines under the row
                cells = [c for c in row.children if not under & set(c._dom_classes)]
                assert len(cells) == len(labels), step
                assert row.layout.grid_template_columns == head.layout.grid_template_columns
                assert row.layout.grid_template_areas == head.layout.grid_template_areas
                for label, cell, heading in zip(labels, cells, head.children, strict=True):
                    # One layout for the column: its place, and no widget model of the
                    # cell's own for it.
                    assert cell.layout is heading.layout, f"{step}: {label!r}"
                    # And the look of every cell of its kind: no style model of its own.
                    assert cell.style is shared_style(type(cell)), f"{step}: {label!r}"
                    tooltip = getattr(cell, "tooltip", None)
                    if label and tooltip:
                        assert tooltip == label, f"{step}: {tooltip!r} under {label!r}"


def html_text(value: str) -> str:
    """The words the HTML shows: a stylesheet in it shows none."""
    shown = re.sub(r"<style>.*?</style>", "", value, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "", shown))


# -- shared layouts -----------------------------------------------------------------------------
STEP_FORMS = [
    "start",
    "portfolio",
    "contested",
    "value",
    "ownership",
    "readiness",
    "prioritise",
    "bet",
    "change",
    "learning",
    "export",
    "survey",
]


@pytest.mark.parametrize("filled", [True, False], ids=["example", "new workshop"])
@pytest.mark.parametrize("step", STEP_FORMS)
def test_hiding_a_widget_hides_no_other(tmp_path: Path, step: str, filled: bool) -> None:
    """Widgets that look alike share one layout (``WIDE``, a table's columns), so a widget
    that is shown and hidden needs a layout of its own: hiding a shared one hides every
    widget that holds it, in every form of the kernel."""
    import importlib

    from gaptools.steps.registry import new_workshop

    path = (
        example_copy(tmp_path / "w.json")
        if filled
        else written(new_workshop(), tmp_path / "w.json")
    )
    root = importlib.import_module(f"gaptools.ui.{step}").show(str(path))
    holders: dict[int, list[widgets.Widget]] = {}
    for widget in all_widgets(root):
        if isinstance(getattr(widget, "layout", None), widgets.Layout):
            holders.setdefault(id(widget.layout), []).append(widget)
    hidden_together = [
        [type(w).__name__ + ":" + str(getattr(w, "description", "")) for w in holding]
        for holding in holders.values()
        if len(holding) > 1 and holding[0].layout.display == "none"
    ]
    assert hidden_together == []


def test_the_status_line_is_read_aloud_as_it_changes(session) -> None:
    """A screen reader said nothing of "✓ Saved" or "✗ Not saved": a refusal is an alert now,
    said at once, and a save a status, said when the reader is free."""
    from gaptools.ui.kit import StatusLine

    line = StatusLine(session)
    line.note("Saved", ok=True)
    assert 'role="status"' in line.widget.value
    line.note("Not saved: the target must be a number", ok=False)
    assert 'role="alert"' in line.widget.value


def test_a_page_says_when_its_kernel_has_gone_quiet(session: WorkshopSession) -> None:
    """A page whose kernel had stopped looked as before, "✓ Saved" in its bar, while what
    was typed went nowhere. The kernel redraws a hidden message every beat; the page's
    style shows it once a beat is overdue, which needs no kernel at all."""
    from gaptools.ui.kit import LOST_AFTER, STYLE

    form = Form(session)
    page = form.layout()
    assert form.liveness.widget in all_widgets(page)
    first = form.liveness.widget.value
    assert "heard nothing from its server" in first
    session.beat()
    assert form.liveness.widget.value != first  # drawn anew: its wait starts again
    assert "class='gaptools-lost'" in form.liveness.widget.value
    assert f"animation: gaptools-lost 0.01s linear {LOST_AFTER}s forwards" in STYLE


def test_a_page_unused_for_hours_stops_beating(
    session: WorkshopSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each beat is a message a server counts as activity: a forgotten page kept its kernel,
    and a hub its server, from ever looking idle. A change made on the page starts it again."""
    from gaptools.ui import session as sessions

    form = Form(session)
    drawn = form.liveness.widget.value
    later = session.used_at + 5 * 60 * 60
    monkeypatch.setattr(sessions.time, "monotonic", lambda: later)
    session.beat()
    assert form.liveness.widget.value == drawn
    session.update(lambda w: setattr(w.meta, "team", "Back again"), "Team")
    session.beat()
    assert form.liveness.widget.value != drawn


def test_gaptools_lab_does_not_count_a_forms_messages_as_a_kernels_activity() -> None:
    """With the beat counted, a closed Voilà page's kernel was never shut down."""
    from gaptools.lab import lab_command

    command = lab_command()
    assert "--MappingKernelManager.untracked_message_types=comm_msg" in command
    # a beat's parent is the cell run that made the form: counted, it counted the beat
    assert "--MappingKernelManager.untracked_message_types=execute_request" in command
    assert "--MappingKernelManager.untracked_message_types=status" in command  # defaults kept
    assert "--MappingKernelManager.cull_connected=False" in command


class Waits:
    """The event loop's timer, run by hand: what Enter waits for, and a way to let it end."""

    def __init__(self) -> None:
        self.pending: list[object] = []
        self.cancelled = 0

    def later(self, _seconds: float, then):
        waits = self

        class Handle:
            def cancel(self) -> None:  # as asyncio's: nothing, once it has run
                if then in waits.pending:
                    waits.cancelled += 1
                    waits.pending.remove(then)

        self.pending.append(then)
        return Handle()

    def run_out(self) -> None:
        for then in list(self.pending):
            self.pending.remove(then)
            then()


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> Waits:
    found = Waits()
    monkeypatch.setattr(kit, "_later", found.later)
    return found


def test_enter_acts_on_the_value_the_page_sends_after_the_key(waits: Waits) -> None:
    """The page sends Enter before the value it commits: acting on the key alone added a
    leader's role short of its last letters (a browser test showed it)."""
    box, seen = widgets.Text(value="Chief People Offi"), []
    kit.on_enter(lambda: seen.append(box.value), box)
    assert box.continuous_update is False
    press_enter(box)
    assert seen == []  # waiting for the value
    box.value = "Chief People Officer"
    assert seen == ["Chief People Officer"]
    assert (waits.pending, waits.cancelled) == ([], 1)
    box.value = "Chief People Officer, EMEA"  # sent on leaving the box: no Enter
    assert seen == ["Chief People Officer"]


def test_enter_on_a_value_already_sent_acts_when_the_wait_ends(waits: Waits) -> None:
    box, seen = widgets.Text(value="Ravi Menon"), []
    kit.on_enter(lambda: seen.append(box.value), box)
    press_enter(box)
    waits.run_out()
    assert seen == ["Ravi Menon"]
    box._handle_msg({"content": {"data": {"method": "custom", "content": {}}}, "buffers": []})
    assert (seen, waits.pending) == (["Ravi Menon"], [])  # another message is not Enter


def test_enter_in_empty_boxes_does_nothing(waits: Waits) -> None:
    """Pressed twice, Enter added the leader and then refused an empty name under it."""
    name, role, seen = widgets.Text(), widgets.Text(), []
    kit.on_enter(lambda: seen.append((name.value, role.value)), name, role)
    press_enter(role)
    waits.run_out()
    assert seen == []
    name.value = "Noor Haddad"
    press_enter(role)  # a role not typed yet: the name is enough to act on
    waits.run_out()
    assert seen == [("Noor Haddad", "")]


@pytest.mark.parametrize("page", PAGES)
def test_every_choice_of_one_is_a_radio_button_named_as_chosen(workshop_path: Path, page) -> None:
    """Toggle buttons showed their choice by colour alone, and a screen reader never said
    which was chosen: step 7's "Voting is", step 9's "Ratings are" and step 10's "Paper"
    were the last of them. Radio buttons say it; each group is labelled on screen."""
    home.set_current(workshop_path)
    found = all_widgets(page())
    assert not [w.description for w in found if isinstance(w, widgets.ToggleButtons)]
    for choice in (w for w in found if isinstance(w, widgets.RadioButtons)):
        assert all(label.strip() for label in choice._options_labels), choice
        assert choice.description or choice.tooltip, choice.options


def test_a_long_checklist_says_how_many_it_holds_to_scroll_to() -> None:
    """Step 7's "Stopped or paused" of 54 initiatives showed 16 in its box, with no scroll
    bar drawn, and read as the whole list."""
    many = kit.CheckList("Stopped or paused", [f"Initiative {n}" for n in range(54)])
    assert "(54 to choose from)" in shown(many)
    few = kit.CheckList("Stopped or paused", ["Alpha", "Beta"])
    assert "to choose from" not in shown(few)
    few.options = [f"Initiative {n}" for n in range(kit.SCROLLED_TICKS + 1)]
    assert f"({kit.SCROLLED_TICKS + 1} to choose from" in shown(few)
