"""What a typed change costs between the kernel and the page, counted rather than timed.

The browser round trip (``bench/roundtrip.py``) is what a facilitator feels; these tests keep
the reasons it is short from coming undone: "Saved" is said before the views redraw, a
change sends few widget messages, the summaries are updated in place, and a table of many
initiatives redraws only the rows a change touched.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets
import pytest

from gaptools.core.model import Initiative
from gaptools.files import store
from gaptools.files.synthetic import synthetic_workshop
from gaptools.ui import blocks as blocks_module
from gaptools.ui import kit, ownership, portfolio, prioritise, readiness, start, value
from gaptools.ui.session import WorkshopSession
from tests.support import all_widgets, blocks, blocks_view, by_label, scrolled, view

MANY = 60


@pytest.fixture
def many(tmp_path: Path, private_home: Path) -> WorkshopSession:
    """A workshop of many initiatives, the size where redrawing everything shows."""
    path = tmp_path / "many.json"
    store.save(synthetic_workshop(MANY), path)
    return WorkshopSession(path, store.load(path))


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict]]:
    """Every state message a widget sends to the page: (widget kind, what changed)."""
    messages: list[tuple[str, dict]] = []
    original = widgets.Widget._send

    def counted(self, msg, buffers=None):
        if msg.get("method") == "update":
            messages.append((type(self).__name__, dict(msg.get("state", {}))))
        return original(self, msg, buffers)

    monkeypatch.setattr(widgets.Widget, "_send", counted)
    return messages


def test_saved_is_said_before_any_view_redraws(many: WorkshopSession) -> None:
    heard: list[str] = []
    form = value.ValueForm(many)
    form.session._listeners.insert(0, lambda _: heard.append(form.form.status.widget.value))

    by_label(form.widget, "Target").value = "123"

    assert "Saved" in html.unescape(heard[0]), "the views redrew before 'Saved' was shown"


def test_a_typed_target_sends_a_handful_of_messages(
    many: WorkshopSession, sent: list[tuple[str, dict]]
) -> None:
    """The status, the verdict and the overview: one message each, none for the rest."""
    form = value.ValueForm(many)
    target = by_label(form.widget, "Target")
    target.value = "120"
    sent.clear()

    target.value = "121"

    assert len(sent) <= 4, sent
    assert {kind for kind, _ in sent} <= {"HTML", "Text"}


def test_the_summaries_are_updated_in_place(many: WorkshopSession) -> None:
    form = value.ValueForm(many)
    before = {id(w) for w in all_widgets(form.widget)}

    by_label(form.widget, "Target").value = "130"

    assert {id(w) for w in all_widgets(form.widget)} == before


def test_the_overview_redraws_only_the_row_that_changed(
    many: WorkshopSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[str] = []
    original = value._overview_row

    def counted(initiative: Initiative, *rest) -> str:
        drawn.append(initiative.name)
        return original(initiative, *rest)

    monkeypatch.setattr(value, "_overview_row", counted)
    form = value.ValueForm(many)
    assert len(drawn) == MANY
    picked = form.picker.current(many.workshop).name
    drawn.clear()

    by_label(form.widget, "Target").value = "140"

    assert drawn == [picked]
    assert "140" in blocks(form.widget, "Exploring is honest work")


def test_a_redrawn_row_says_what_the_whole_table_would(many: WorkshopSession) -> None:
    form = value.ValueForm(many)
    by_label(form.widget, "Target").value = "150"
    shown = blocks(form.widget, "Exploring is honest work")

    assert shown == "".join(
        value._overview_blocks(
            many.workshop,
            [value._overview_row(i, many.workshop.meta.date) for i in many.workshop.initiatives],
        )
    )


def test_the_overview_sends_only_the_block_of_the_row_that_changed(
    many: WorkshopSession, sent: list[tuple[str, dict]]
) -> None:
    """One target typed: the block with its row is sent again, and the summary if the count
    changed; the other blocks of the table send nothing."""
    form = value.ValueForm(many)
    picked = form.picker.current(many.workshop).name
    sent.clear()

    by_label(form.widget, "Target").value = "140"

    tables = [state["value"] for kind, state in sent if "<tbody>" in state.get("value", "")]
    assert len(tables) == 1, f"{len(tables)} blocks of the table sent"
    assert picked in tables[0]
    assert tables[0].count("<tr>") == blocks_module.BLOCK_ROWS


def test_the_ownership_map_sends_only_what_changed(
    many: WorkshopSession, sent: list[tuple[str, dict]]
) -> None:
    """Naming one accountable person: no letter menu, flag or row is sent again."""
    form = ownership.OwnershipForm(many)
    person = [w for w in all_widgets(form.widget) if getattr(w, "placeholder", "") == "name"][1]
    sent.clear()

    person.value = "Someone New"

    kinds = [kind for kind, _ in sent]
    assert not {"Dropdown", "Checkbox", "HBox"} & set(kinds), kinds
    assert len(sent) <= 8, kinds


def test_an_entry_is_found_by_id_after_its_list_changed_in_place() -> None:
    workshop = synthetic_workshop(5)
    listed = workshop.initiatives
    first, last = listed[0], listed[-1]
    assert kit.entry(listed, last.id) is last

    listed.remove(first)
    listed.insert(2, first)

    assert kit.entry(listed, first.id) is first
    assert kit.entry(listed, last.id) is last
    listed.remove(last)
    assert kit.entry(listed, last.id) is None
    assert kit.entry(listed, "no such id") is None


def test_a_rename_relabels_the_picker_in_one_message_after_the_diagnosis(
    many: WorkshopSession, sent: list[tuple[str, dict]]
) -> None:
    """The picker's new list of names and its kept choice go in one message, and the
    diagnosis the room reads reaches the page before that list of every name."""
    form = portfolio.PortfolioForm(many)
    diagnosis = view(form.widget, "Stuck without a decision")
    stuck = [w for w in all_widgets(form.widget) if getattr(w, "tooltip", None) == "Name"]
    listed = diagnosis.value.split("Stuck without a decision:</b> ", 1)[1].split(".</p>")[0]
    name = next(w for w in stuck if html.escape(w.value) in listed.split(", "))
    picked = form.picker.widget.value
    sent.clear()

    name.value = "Renamed in the table"

    menus = [state for kind, state in sent if kind == "Dropdown"]
    assert len(menus) == 1, menus
    assert "Renamed in the table" in menus[0]["_options_labels"]
    assert form.picker.widget.value == picked
    before = [state.get("value") for _, state in sent[: kinds_index(sent, "Dropdown")]]
    assert diagnosis.value in before
    assert "Renamed in the table" in diagnosis.value


def test_the_agenda_total_is_sent_before_the_clock_times(
    session: WorkshopSession, sent: list[tuple[str, dict]]
) -> None:
    """Longer first item: the total, then the dozen times it shifts."""
    form = start.StartForm(session)
    minutes = [w for w in all_widgets(form.widget) if isinstance(w, widgets.IntText)][0]
    sent.clear()

    minutes.value += 5

    views = [state["value"] for kind, state in sent if kind == "HTML" and "value" in state]
    totals = [n for n, text in enumerate(views) if "Total:" in text]
    times = [n for n, text in enumerate(views) if "display:inline-block;width:7em" in text]
    assert totals, views
    assert len(times) > 1, views
    assert totals[0] < times[0]


def test_the_overview_badges_carry_only_their_colour(many: WorkshopSession) -> None:
    """The badge's frame is drawn by the form's stylesheet, not by each of the 200 rows."""
    form = value.ValueForm(many)
    shown = blocks(form.widget, "Exploring is honest work")

    assert shown.count("gaptools-badge") == MANY
    assert "border-radius" not in shown
    assert ".gaptools-badge {" in kit.STYLE


def test_the_map_at_a_glance_sends_each_cell_in_a_few_characters(many: WorkshopSession) -> None:
    form = ownership.OwnershipForm(many)
    functions = many.workshop.settings.function_names()
    heat = blocks(form.widget, "gaptools-heatmap")
    body = "".join(part.split("</tbody>")[0] for part in heat.split("<tbody>")[1:])

    cells = body.count("<td class=h")
    assert cells == MANY * len(functions)
    assert len(body) < 30 * cells


def kinds_index(sent: list[tuple[str, dict]], kind: str) -> int:
    """Where the first message of a widget of that kind stands among those sent."""
    return [k for k, _ in sent].index(kind)


def test_the_readiness_picker_relabels_only_the_initiative_marked(
    many: WorkshopSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its labels say how much of each checklist is done: one item marked, one label drawn."""
    labelled: list[str] = []
    original = readiness._picker_label

    def counted(initiative: Initiative) -> str:
        labelled.append(initiative.name)
        return original(initiative)

    monkeypatch.setattr(readiness, "_picker_label", counted)
    form = readiness.ReadinessForm(many)
    assert len(labelled) == MANY
    picked = form.picker.current(many.workshop)
    labelled.clear()

    form.checklist[0].value = "done"

    assert labelled == [picked.name]
    [label] = [text for text, key in form.picker.widget.options if key == picked.id]
    assert label == original(form.picker.current(many.workshop))


@pytest.mark.parametrize(
    ("form_of", "said"),
    [
        (ownership.OwnershipForm, "<ul class='gaptools-gaps'>"),
        (ownership.OwnershipForm, "<th>Accountable</th>"),
        (value.ValueForm, "Exploring is honest work"),
        (readiness.ReadinessForm, "<th>Weakest link</th>"),
        (prioritise.PrioritiseForm, "wait below the line"),
    ],
)
def test_a_view_of_every_initiative_is_laid_out_only_on_screen(
    many: WorkshopSession, form_of, said: str
) -> None:
    """The browser lays such a view out again after every change, wherever it is on the
    page: in blocks each marked long, those off screen are skipped while the person types."""
    shown = blocks_view(form_of(many).widget, said)

    assert len(shown.children) > 1
    assert all("gaptools-long" in b._dom_classes for b in shown.children)
    rule = kit.STYLE.split(".gaptools-form .gaptools-long {", 1)[1].split("}", 1)[0]
    assert "content-visibility: auto" in rule


def test_each_finding_is_laid_out_only_on_screen(many: WorkshopSession) -> None:
    """A list of 273 findings, on screen at the top of the form: its items each skipped
    while out of sight, their bullets drawn where that does not cut them off."""
    listed = scrolled(ownership.OwnershipForm(many).widget)
    assert "<ul class='gaptools-gaps'>" in listed.children[0].value
    item = kit.STYLE.split(".gaptools-gaps > li {", 1)[1].split("}", 1)[0]
    assert "content-visibility: auto" in item
    assert ".gaptools-gaps > li::before" in kit.STYLE
    assert "list-style: none" in kit.STYLE.split(".gaptools-gaps {", 1)[1].split("}", 1)[0]


def test_the_findings_scroll_in_a_box_of_their_own(many: WorkshopSession) -> None:
    """Hundreds of findings: the list keeps one height and scrolls, so a finding added or
    removed does not move the map below it; how many of each kind stands above it."""
    from gaptools.steps.ownership import ERROR, findings

    form = ownership.OwnershipForm(many)
    head = view(form.widget, "have no named accountable person").value
    found = findings(many.workshop)
    errors = sum(1 for f in found if f.severity == ERROR)

    assert f"{len(found)} findings: {errors} errors, {len(found) - errors} warnings." in head
    listed = scrolled(form.widget)
    assert "".join(b.value for b in listed.children).count("<li ") == len(found)
    rule = kit.STYLE.split(".gaptools-form .gaptools-blocks.gaptools-scrolls {", 1)[1]
    assert "max-height" in rule.split("}", 1)[0]
    assert "overflow-y: auto" in rule.split("}", 1)[0]


def test_naming_an_owner_sends_only_the_findings_of_its_block(
    many: WorkshopSession, sent: list[tuple[str, dict]]
) -> None:
    """The list of findings is sent in blocks of initiatives: naming one initiative's owner
    sends the block it stands in and the count above, not the other blocks."""
    form = ownership.OwnershipForm(many)
    person = [w for w in all_widgets(form.widget) if getattr(w, "placeholder", "") == "name"][1]
    listed = scrolled(form.widget)
    blocks_before = [b.value for b in listed.children]
    sent.clear()

    person.value = "Someone New"

    lists = [s["value"] for kind, s in sent if "<ul class='gaptools-gaps'>" in s.get("value", "")]
    assert len(lists) == 1, f"{len(lists)} blocks of the findings sent"
    changed = [n for n, b in enumerate(listed.children) if b.value != blocks_before[n]]
    assert len(changed) == 1
    assert lists[0] == listed.children[changed[0]].value


def test_mitigating_a_risk_sends_only_the_flags_of_its_block(
    many: WorkshopSession, sent: list[tuple[str, dict]]
) -> None:
    """Step 5's flags are sent in blocks of initiatives too: mitigating one high risk sends
    the block its initiative stands in, not the whole list."""
    from gaptools.steps.readiness import flags

    form = readiness.ReadinessForm(many)
    live = [i.name for i in many.workshop.live_initiatives()]
    later = [f for f in flags(many.workshop) if f.rule == "high-risk-unmitigated"][-1]
    assert live.index(later.initiative) >= blocks_module.BLOCK_ROWS, "the flag is in block 1"
    listed = scrolled(form.widget)
    blocks_before = [b.value for b in listed.children]
    sent.clear()

    def mitigate(workshop) -> None:
        risks = workshop.initiative(later.initiative).readiness.risks
        next(r for r in risks if not r.mitigation.strip()).mitigation = "A person checks it"

    form.session.update(mitigate, "mitigate")

    lists = [s["value"] for _, s in sent if "<ul class='gaptools-gaps'>" in s.get("value", "")]
    assert len(lists) == 1, f"{len(lists)} blocks of the flags sent"
    changed = [n for n, b in enumerate(listed.children) if b.value != blocks_before[n]]
    assert len(changed) == 1
    assert changed[0] > 0
    assert lists[0] == listed.children[changed[0]].value
