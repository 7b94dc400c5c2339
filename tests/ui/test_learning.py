"""The step 9 form, driven as a facilitator and the leaders would, without a browser: the
learning log, the velocity it shows, and the execution-maturity ratings, named or sealed."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import ipywidgets as widgets
import pytest

from gaptools.core.model import Workshop
from gaptools.core.quarter import day_text
from gaptools.files import store
from gaptools.steps import maturity, secret
from gaptools.ui import learning as form_module
from gaptools.ui.kit import PHONES_COUNTED
from gaptools.ui.learning import (
    FROM_CARD,
    SAVED_ALREADY,
    SAVED_NAMED,
    SAVED_SEALED,
    LearningForm,
)
from tests import support
from tests.support import BET, DAY, KILL, all_widgets, by_label, saved, shown, status_line

TODAY = dt.date(2026, 12, 1)


def _fresh(workshop: Workshop) -> None:
    """No cycle, no bet and no maturity rating yet, whatever the example ships with."""
    for initiative in workshop.initiatives:
        initiative.cycles = []
    workshop.bet.initiative = None
    workshop.maturity.mode = "named"
    workshop.maturity.ratings = []
    workshop.maturity.sealed = []
    workshop.maturity.key = ""


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(form_module, "today", lambda: TODAY)


@pytest.fixture
def fresh_path(workshop_path: Path) -> Path:
    store.edit(workshop_path, _fresh, "fresh")
    return workshop_path


@pytest.fixture
def form(fresh_path: Path) -> LearningForm:
    return LearningForm(support.session_on(fresh_path))


def the_button(form: LearningForm, words: str) -> widgets.Button:
    [found] = [
        w
        for w in all_widgets(form.widget)
        if isinstance(w, widgets.Button) and w.description == words
    ]
    return found


def words(root: widgets.Widget) -> str:
    """What the views say, as read: their text without the markup."""
    return re.sub(r"<[^>]+>", "", shown(root))


def cycles_of(path: Path, name: str) -> list[dict]:
    return support.saved_initiative(path, name)["cycles"]


def pick_initiative(form: LearningForm, name: str) -> None:
    form.picker.widget.value = form.session.workshop.initiative(name).id  # type: ignore[union-attr]


def rate(form: LearningForm, scores: tuple[int, ...], rater: str = "") -> None:
    if rater:
        form.rater.value = rater
    for scale, score in zip(form.scales.values(), scores, strict=True):
        scale.value = score
    form.save_rating()


def cleared(form: LearningForm) -> bool:
    return all(s.value is None for s in form.scales.values()) and form.rater.value == ""


# -- the learning log ----------------------------------------------------------------------------


def test_adding_a_cycle_starts_it_today_and_opens_it(form: LearningForm, fresh_path: Path):
    assert form.editor.layout.display == "none"
    assert "No learning cycle logged yet." in shown(form.widget)
    pick_initiative(form, "Customer support assistant")
    the_button(form, "Add a cycle").click()
    [cycle] = cycles_of(fresh_path, "Customer support assistant")
    assert cycle["start"] == TODAY.isoformat()
    assert form.editor.layout.display != "none"
    said = shown(form.widget)
    assert "Editing Customer support assistant · cycle 1" in said
    assert "1 cycle logged, 0 decided" in said
    assert "cycle 1 of Customer support assistant added" in status_line(form)
    by_label(form.widget, "What we believe").value = "Agents answer faster with suggestions"
    assert cycles_of(fresh_path, "Customer support assistant")[0]["belief"] == (
        "Agents answer faster with suggestions"
    )
    the_button(form, "Add a cycle").click()
    assert len(cycles_of(fresh_path, "Customer support assistant")) == 2
    assert "Editing Customer support assistant · cycle 2" in shown(form.widget)
    assert by_label(form.widget, "What we believe").value == ""  # the new cycle is shown
    form.cycle_picker.value = form.cycle_picker.options[0][1]
    assert by_label(form.widget, "What we believe").value.startswith("Agents answer")


def test_add_a_cycle_pressed_twice_makes_one_blank_cycle(
    form: LearningForm, fresh_path: Path
) -> None:
    """Pressed twice, it made two empty cycles, and the log counted "3 cycles logged"."""
    pick_initiative(form, "GenAI workbench")
    before = len(cycles_of(fresh_path, "GenAI workbench"))
    form.add_cycle()
    form.add_cycle()
    assert len(cycles_of(fresh_path, "GenAI workbench")) == before + 1
    assert f"cycle {before + 1} of 'GenAI workbench' is still blank" in status_line(form)
    by_label(form.widget, "What we believe").value = "Drafts save an hour a week"
    form.add_cycle()  # written, the next may follow
    assert len(cycles_of(fresh_path, "GenAI workbench")) == before + 2


def test_removing_a_cycle_goes_by_its_id(form: LearningForm, fresh_path: Path) -> None:
    pick_initiative(form, "GenAI workbench")
    form.add_cycle()
    by_label(form.widget, "What we believe").value = "the first"
    form.add_cycle()
    by_label(form.widget, "What we believe").value = "the second"
    remover = the_button(form, "Remove this cycle")
    assert remover.tooltip == "Remove GenAI workbench · cycle 2"  # which one, for a mouse
    remover.click()
    [left] = cycles_of(fresh_path, "GenAI workbench")
    assert left["belief"] == "the first"
    assert "removed GenAI workbench · cycle 2" in status_line(form)
    assert "Editing GenAI workbench · cycle 1" in shown(form.widget)
    assert remover.tooltip == "Remove GenAI workbench · cycle 1"


def test_the_first_cycle_comes_from_the_commitment_card(workshop_path: Path) -> None:
    store.edit(workshop_path, lambda w: (_fresh(w), support.commit(w)), "bet")
    form = LearningForm(support.session_on(workshop_path))
    starter = the_button(form, FROM_CARD)
    assert form.picker.current(form.session.workshop).name == BET  # the bet is shown first
    assert starter.layout.display != "none"
    starter.click()
    [cycle] = cycles_of(workshop_path, BET)
    end = DAY + dt.timedelta(weeks=6)
    assert cycle["start"] == DAY.isoformat()
    assert cycle["end"] == end.isoformat()
    assert cycle["kill_by"] == end.isoformat()
    assert cycle["kill_if"] == KILL
    assert cycle["debriefs"] == [
        (DAY + dt.timedelta(weeks=3)).isoformat(),
        end.isoformat(),
    ]
    assert starter.layout.display == "none"  # a bet with a cycle needs it no more
    assert by_label(form.widget, "Kill criteria: the state").value == KILL
    assert by_label(form.widget, "Debrief dates").value == (
        f"{(DAY + dt.timedelta(weeks=3)).isoformat()}, {end.isoformat()}"
    )
    sentence = f"If by {day_text(end)} {KILL[0].lower()}{KILL[1:]}, we stop."
    assert f"Kill criteria: {sentence}" in words(form.widget)
    # only for the bet
    pick_initiative(form, "GenAI workbench")
    assert starter.layout.display == "none"


def test_the_card_button_pressed_twice_shows_the_cycle_it_started(workshop_path: Path) -> None:
    """A double-click said "✗ Not saved · … already has its first cycle", of the press that
    had just started it."""
    store.edit(workshop_path, lambda w: (_fresh(w), support.commit(w)), "bet")
    form = LearningForm(support.session_on(workshop_path))
    starter = the_button(form, FROM_CARD)
    starter.click()
    starter.click()
    assert len(cycles_of(workshop_path, BET)) == 1
    said = status_line(form)
    assert "✗" not in said
    assert f"{BET}'s first cycle is in the log already: shown below" in said
    assert form.selected == cycles_of(workshop_path, BET)[0]["id"]


def test_save_my_rating_pressed_again_keeps_the_thanks(form: LearningForm, fresh_path: Path):
    """A double-click saved the rating, cleared the form, and then said "✗ Not saved: rate
    every dimension", which read as if it had failed."""
    rate(form, (2, 3, 3, 3, 4, 3), "Dana Whitfield")
    form.save_rating()  # the second press of a double-click, on the cleared form
    assert "Not saved" not in form.thanks.value
    assert SAVED_ALREADY in html.unescape(form.thanks.value)
    assert len(saved(fresh_path)["maturity"]["ratings"]) == 1


def test_the_bet_killed_at_its_debrief_points_to_the_next_call(workshop_path: Path) -> None:
    """The debrief killed the bet: step 9 said "✓ Nothing to question" and "Next: step 10",
    and nothing said that the team now has no bet to work on."""
    store.edit(workshop_path, lambda w: (_fresh(w), support.commit(w)), "bet")
    form = LearningForm(support.session_on(workshop_path))
    the_button(form, FROM_CARD).click()
    assert "The bet is killed" not in words(form.widget)
    form.decision.value = "kill"
    said = shown(form.widget)
    assert "The bet is killed" in words(form.widget)
    assert "href='07_single_bet.ipynb'" in said
    assert "href='01_portfolio.ipynb'" in said
    form.decision.value = "iterate"
    assert "The bet is killed" not in words(form.widget)
    pick_initiative(form, "GenAI workbench")  # another initiative's kill is not the bet's
    form.add_cycle()
    form.decision.value = "kill"
    assert "The bet is killed" not in words(form.widget)


def test_writing_the_success_criterion_stamps_the_day(form: LearningForm, fresh_path: Path):
    pick_initiative(form, "Claims reserve forecast")
    form.add_cycle()
    assert "no result that proves us right" in shown(form.widget)
    by_label(form.widget, "What result proves us right").value = "forecast error under 5%"
    [cycle] = cycles_of(fresh_path, "Claims reserve forecast")
    assert cycle["success"] == "forecast error under 5%"
    assert cycle["success_written"] == TODAY.isoformat()
    said = shown(form.widget)
    assert "Written down on 1 Dec 2026." in said
    assert "no result that proves us right" not in said


def test_kill_criteria_and_debriefs_are_read_back(form: LearningForm, fresh_path: Path):
    pick_initiative(form, "Claims reserve forecast")
    form.add_cycle()
    by_label(form.widget, "Kill criteria: the state").value = "the error stays above 8%"
    assert "kill criteria need both a state and a date" in shown(form.widget)
    by_label(form.widget, "Kill criteria: judged on").value = dt.date(2027, 1, 12)
    said = shown(form.widget)
    assert "If by 12 Jan 2027 the error stays above 8%, we stop." in said
    assert "kill criteria need both" not in said
    by_label(form.widget, "Debrief dates").value = "2026-12-22; 13/12/2026"
    [cycle] = cycles_of(fresh_path, "Claims reserve forecast")
    assert cycle["debriefs"] == ["2026-12-13", "2026-12-22"]
    with support.refused(form, fresh_path, "is not a date"):
        by_label(form.widget, "Debrief dates").value = "next Tuesday"
    # Day or month first: 8 December or 12 August. Asked, not guessed.
    with support.refused(form, fresh_path, "'08/12/2026' could be 12 Aug 2026 or 8 Dec 2026"):
        by_label(form.widget, "Debrief dates").value = "2026-12-22; 08/12/2026"


def test_a_decision_changes_the_velocity(form: LearningForm, fresh_path: Path) -> None:
    pick_initiative(form, "Next-best-offer recommendations")
    form.add_cycle()
    by_label(form.widget, "Cycle starts").value = dt.date(2026, 11, 3)
    assert "1 cycle logged, 0 decided" in shown(form.widget)
    assert "0 kills and 0 pivots" in shown(form.widget)
    form.decision.value = "kill"
    [cycle] = cycles_of(fresh_path, "Next-best-offer recommendations")
    assert (cycle["decision"], cycle["decided_on"]) == ("kill", TODAY.isoformat())
    said = shown(form.widget)
    assert "1 cycle logged, 1 decided; median 28 days from start to decision" in said
    assert "1 kill and 0 pivots" in said
    assert "✕ kill" in said  # on the timeline, as a word with its shape
    assert "Kill on 1 Dec 2026" in said  # in the list of the initiative's cycles
    form.decision.value = ""
    [cycle] = cycles_of(fresh_path, "Next-best-offer recommendations")
    assert (cycle["decision"], cycle["decided_on"]) == (None, None)


def test_a_decision_then_a_new_cycle_is_not_a_change_made_elsewhere(
    form: LearningForm, fresh_path: Path
) -> None:
    """At the debrief: "Pivot" chosen, then Add a cycle, and the bar said "✗ Decision of
    Claims intake copilot · cycle 2 was changed elsewhere after you saved it", with nobody
    else in the file. The decision, the result that proves it right and the debrief dates
    now follow the cycle shown, as every other field of the log does."""
    form.add_cycle()
    form.decision.value = "pivot"
    by_label(form.widget, "What result proves us right").value = "intake under 16 minutes"
    by_label(form.widget, "Debrief dates").value = "2026-12-09"
    form.add_cycle()
    assert "elsewhere" not in status_line(form)
    assert form.decision.value == ""  # the new cycle's, not decided yet
    form.cycle_picker.value = form.cycle_picker.options[0][1]  # back to the first
    assert "elsewhere" not in status_line(form)
    assert form.decision.value == "pivot"
    assert "Saved" in status_line(form) or "Editing" in status_line(form)


def test_a_blaming_phrase_gets_a_suggestion_and_is_still_saved(
    form: LearningForm, fresh_path: Path
) -> None:
    pick_initiative(form, "GenAI workbench")
    form.add_cycle()
    words = "Tom forgot to load the new claims data"
    by_label(form.widget, "What we learned").value = words
    assert cycles_of(fresh_path, "GenAI workbench")[0]["learned"] == words
    said = shown(form.widget)
    assert "'forgot to' points at people" in said
    assert "'Tom Okafor' is named" in said
    assert "saved as written" in said
    assert "✓" in status_line(form)
    by_label(form.widget, "Why we decided so").value = "It was their mistake"
    assert "'their mistake' points at people" in shown(form.widget)
    by_label(form.widget, "What we learned").value = "The data load has no check step"
    assert "'forgot to'" not in shown(form.widget)
    # What was observed, under the same heading "about the system, not the people".
    by_label(form.widget, "What we observed").value = "Tom forgot to load the data"
    assert "'forgot to' points at people" in shown(form.widget)


# -- execution maturity ----------------------------------------------------------------------------


def test_a_leader_who_names_themselves_again_sees_their_saved_rating(
    form: LearningForm, fresh_path: Path
) -> None:
    """Saved, the form cleared for the next leader, and typing the name again brought
    nothing back: changing one score meant giving all six again from memory."""
    given = (2, 3, 1, 2, 3, 2)
    rate(form, given, "Dana Whitfield")
    assert cleared(form)
    form.rater.value = "dana whitfield"
    assert tuple(s.value for s in form.scales.values()) == given
    assert "Dana Whitfield&#x27;s saved rating is shown" in form.thanks.value
    form.rater.value = ""
    for scale in form.scales.values():
        scale.value = None
    form.scales["operational"].value = 5  # picked before the name: never replaced
    form.rater.value = "Dana Whitfield"
    assert [s.value for s in form.scales.values()][:2] == [5, None]
    scores = saved(fresh_path)["maturity"]["ratings"][0]["scores"]
    assert tuple(scores[code] for code in form.scales) == given


def test_a_leader_rating_again_next_quarter_keeps_the_last_one(
    form: LearningForm, fresh_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In April the form said Dana's November rating would be replaced, and it was: the
    room could not see what had moved since."""
    rate(form, (2, 3, 1, 2, 3, 2), "Dana Whitfield")
    november = form_module.today()
    monkeypatch.setattr(form_module, "today", lambda: november + dt.timedelta(days=120))
    form.rater.value = "Dana Whitfield"
    assert f"rating of {day_text(november)} is shown: save to rate again" in shown(form.thanks)
    rate(form, (3, 3, 3, 3, 3, 3), "Dana Whitfield")
    assert len(saved(fresh_path)["maturity"]["ratings"]) == 2
    assert f"Since the 1 rating of {day_text(november)} (1 so far this round):" in shown(
        form.widget
    )


def test_a_named_rating_replaces_the_leaders_earlier_one(form: LearningForm, fresh_path: Path):
    assert form.rater.layout.display != "none"
    assert "No maturity rating yet." in shown(form.widget)
    rate(form, (2, 3, 3, 3, 4, 3), "Dana Whitfield")
    assert cleared(form)
    assert SAVED_NAMED in form.thanks.value
    rate(form, (4, 4, 4, 4, 4, 4), "dana  whitfield")
    [rating] = saved(fresh_path)["maturity"]["ratings"]
    assert rating["rater"] == "Dana Whitfield"  # as the participant list spells it
    assert set(rating["scores"].values()) == {4}
    said = shown(form.widget)
    assert "Execution maturity: median of 1 rating" in said
    assert "1 rating. Weakest:" in said
    assert "Radar as PNG" not in said  # drawn on request, not on every rating
    maker = by_label(form.widget, "Make the radar PNG (slides)", widgets.Button)
    maker.click()
    assert "data:image/png;base64,iVBORw0KGgo" in form.png_link.value
    rate(form, (1, 4, 2, 4, 4, 4), "Tom Okafor")
    assert form.png_link.value == ""  # the ratings changed: the old picture is taken away
    said = shown(form.widget)
    assert "2 ratings." in said
    assert "Questions for the room" in said
    assert "Operational maturity (1 to 4)" in words(form.widget)


def test_a_rating_with_a_dimension_missing_is_refused(form: LearningForm, fresh_path: Path):
    form.rater.value = "Marcus Lee"
    form.scales["operational"].value = 3
    with support.refused(form, fresh_path, "rate every dimension"):
        form.save_rating()
    assert form.scales["operational"].value == 3  # nothing lost
    assert "Not saved" in form.thanks.value


def test_the_level_descriptor_shows_under_the_row(form: LearningForm) -> None:
    first = maturity.dimensions()[0]
    scale = form.scales[first.code]
    assert f"3: {first.levels[2]}" in scale.tooltip.splitlines()
    assert "Not rated yet" in form.levels[first.code].value
    scale.value = 3
    assert first.levels[2] in shown(form.levels[first.code])


def test_anonymous_ratings_stay_sealed_until_the_batch(form: LearningForm, fresh_path: Path):
    form.mode.value = "anonymous"
    assert saved(fresh_path)["maturity"]["mode"] == "anonymous"
    assert form.rater.layout.display == "none"  # the rater is never asked
    with support.refused(form, fresh_path, "open them there first"):
        rate(form, (3, 3, 3, 3, 3, 3))
    assert PHONES_COUNTED in shown(form.widget)  # it said 'Not collecting yet' beside a room
    the_button(form, "Collect anonymous ratings here").click()
    assert "Collected at this screen" in shown(form.widget)
    rate(form, (1, 2, 3, 4, 5, 1))
    assert cleared(form)
    assert SAVED_SEALED in form.thanks.value
    rate(form, (2, 2, 2, 2, 2, 2))
    data = saved(fresh_path)["maturity"]
    assert (len(data["sealed"]), data["ratings"]) == (2, [])
    said = shown(form.widget)
    assert "No maturity rating yet." in said
    assert "2 ratings sealed, waiting for a batch of 3" in said
    rate(form, (5, 5, 5, 5, 5, 5))
    data = saved(fresh_path)["maturity"]
    assert data["sealed"] == []
    assert len(data["ratings"]) == 3
    assert all(r["rater"] == "" for r in data["ratings"])
    assert "Execution maturity: median of 3 ratings" in shown(form.widget)


def test_anonymous_ratings_hide_the_rater_alone(form: LearningForm) -> None:
    """The "Rated by" box is hidden while ratings are anonymous; the log's initiative menu,
    the cycle's fields and every other wide field stay on screen (they shared its layout,
    and hid with it)."""
    form.mode.value = "anonymous"
    assert form.rater.layout.display == "none"
    shown = [form.picker.widget, form.decision, by_label(form.widget, "Debrief dates")]
    assert [w.layout.display for w in shown] == [None, None, None]


def test_an_initiative_with_no_cycle_hides_only_the_cycle_menu(form: LearningForm) -> None:
    without = next(i for i in form.session.workshop.initiatives if not i.cycles)
    form.picker.widget.value = without.id
    form.session.notify()
    assert form.cycle_picker.layout.display == "none"
    assert form.picker.widget.layout.display is None  # another initiative can be picked


def test_a_leaders_notebook_seals_and_the_collecting_screen_publishes(
    form: LearningForm, fresh_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    form.mode.value = "anonymous"
    form.open_collecting()
    rate(form, (3, 3, 3, 3, 3, 3))
    held = dict(secret._keys)
    monkeypatch.setattr(secret, "_keys", {})  # what a leader's own kernel holds
    elsewhere = LearningForm(support.session_on(fresh_path))
    assert "Collected at another screen" in shown(elsewhere.widget)
    rate(elsewhere, (2, 2, 2, 2, 2, 2))
    assert "one notebook, one rating" in elsewhere.thanks.value
    monkeypatch.setattr(secret, "_senders", {})  # a second leader, in a kernel of their own
    rate(LearningForm(support.session_on(fresh_path)), (4, 4, 4, 4, 4, 4))
    assert cleared(elsewhere)
    data = saved(fresh_path)["maturity"]
    assert (len(data["sealed"]), data["ratings"]) == (3, [])
    # the other screen may take the collecting over, after a refusal that offers it
    assert elsewhere.take_over.layout.display == "none"
    with support.refused(elsewhere, fresh_path, "already collected at another screen"):
        elsewhere.open_collecting()
    assert elsewhere.take_over.layout.display != "none"
    monkeypatch.setattr(secret, "_keys", held)  # back at the facilitator's screen
    assert form.session.poll()
    data = saved(fresh_path)["maturity"]
    assert data["sealed"] == []
    assert len(data["ratings"]) == 3
    assert "Execution maturity: median of 3 ratings" in shown(form.widget)
    assert "anonymous ratings published" in status_line(form)


def test_the_mode_cannot_change_after_a_rating(form: LearningForm, fresh_path: Path) -> None:
    rate(form, (3, 3, 3, 3, 3, 3), "Aisha Karimi")
    with support.refused(form, fresh_path, maturity.CHANGE_MODE):
        form.mode.value = "anonymous"
    assert saved(fresh_path)["maturity"]["mode"] == "named"
    assert form.rater.layout.display != "none"
    assert form.collecting.layout.display == "none"


def test_the_form_ends_with_the_next_step(form: LearningForm) -> None:
    assert "Next:" in shown(form.widget)
    assert "Undo last change" in [
        w.description for w in all_widgets(form.widget) if isinstance(w, widgets.Button)
    ]


def test_the_maturity_view_names_the_weakest_once(form: LearningForm) -> None:
    """Under the radar: "1 rating. Weakest: Scalable delivery (median 1 of 5)." then, at
    once, "Weakest: Scalable delivery (median 1 of 5): the place to start."."""
    rate(form, (2, 3, 1, 2, 3, 2), "Dana Whitfield")
    said = html.unescape(shown(form.widget))
    view = maturity.maturity_view(form.session.workshop)
    assert view.shown
    weakest = view.weakest[0].dimension.label
    assert said.count(f"{weakest} (median") == 1
    assert "the place to start" in said


def test_a_debrief_that_blames_is_among_the_cycles_questions(
    form: LearningForm, fresh_path: Path
) -> None:
    """Suggestions under "What we learned" named 'sloppy', 'forgot to' and a leader, and
    just below them "What to question about this cycle" said "✓ Nothing to question". The
    people accountable in step 4 are names a debrief should not point at either."""
    owner = "Mark Jones"  # accountable in step 4, not in the room

    def own(w: Workshop) -> None:
        w.initiative("GenAI workbench").ownership.accountable = owner

    assert form.session.update(own, "owner").ok
    pick_initiative(form, "GenAI workbench")
    form.add_cycle()
    first = owner.split()[0]
    by_label(form.widget, "What we learned").value = f"The labelling was sloppy; {first} forgot"
    said = html.unescape(shown(form.widget))
    questions = said.split("What to question about this cycle", 1)[1]
    assert "Nothing to question" not in questions.split("How fast we learn")[0]
    assert "the debrief points at people" in questions
    assert f"'{owner}' is named" in said
