"""The step 8 form, driven as a facilitator, the people answering the pulse and the leaders
would, without a browser."""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path

import ipywidgets as widgets
import pytest

from gaptools.core.model import Workshop
from gaptools.files import store
from gaptools.steps import commitments, pulse, secret
from gaptools.ui.change import SENT_ALREADY, THANKS, ChangeForm
from gaptools.ui.kit import PHONES_COUNTED
from gaptools.ui.session import WorkshopSession
from tests import support
from tests.support import all_widgets, by_label, saved, shown, status_line


def _fresh(workshop: Workshop) -> None:
    """No pulse and no commitments yet, whatever the example ships with."""
    workshop.pulse.answers = []
    workshop.pulse.sealed = []
    workshop.pulse.key = ""
    workshop.pulse.groups = []
    workshop.commitments = []


@pytest.fixture
def fresh_path(workshop_path: Path) -> Path:
    store.edit(workshop_path, _fresh, "fresh")
    return workshop_path


@pytest.fixture
def form(fresh_path: Path) -> ChangeForm:
    return ChangeForm(support.session_on(fresh_path))


def answer(form: ChangeForm, scores: tuple[int, int, int], concern: str = "") -> None:
    for question, score in zip(pulse.QUESTIONS, scores, strict=True):
        form.scales[question.key].value = score
    form.concern.value = concern
    form.send()


def the_button(form: ChangeForm, words: str) -> widgets.Button:
    [found] = [
        w
        for w in all_widgets(form.widget)
        if isinstance(w, widgets.Button) and w.description == words
    ]
    return found


def inputs_cleared(form: ChangeForm) -> bool:
    return (
        all(scale.value is None for scale in form.scales.values())
        and form.concern.value == ""
        and form.group.value == ""
    )


def test_an_answer_clears_the_card_and_reaches_the_file_sealed(
    form: ChangeForm, fresh_path: Path
) -> None:
    form.open_pulse()
    answer(form, (2, 4, 1), "Will my team still be needed next year?")
    assert inputs_cleared(form)
    assert THANKS in form.thanks.value
    raw = fresh_path.read_text(encoding="utf-8")
    assert "still be needed" not in raw
    data = json.loads(raw)["pulse"]
    assert data["answers"] == []
    assert len(data["sealed"]) == 1
    assert "pulse answer" in status_line(form)
    assert "1 answer given so far" in shown(form.widget)


def test_send_pressed_again_on_the_emptied_form_keeps_the_thanks(
    form: ChangeForm, fresh_path: Path
) -> None:
    """ "✗ Not sent: choose an answer" took the place of the thanks: the person, who cannot
    look an anonymous answer up, took it that theirs was lost."""
    form.open_pulse()
    answer(form, (2, 4, 1))
    for _ in range(2):
        form.send()
        assert html.unescape(form.thanks.value).count(SENT_ALREADY) == 1
        assert "Not sent" not in form.thanks.value
    assert len(saved(fresh_path)["pulse"]["sealed"]) == 1
    fresh = ChangeForm(support.session_on(fresh_path))  # never sent from: refused as before
    fresh.send()
    assert "Not sent" in fresh.thanks.value


def test_three_answers_publish_and_the_room_sees_the_distribution(
    form: ChangeForm, fresh_path: Path
) -> None:
    form.open_pulse()
    answer(form, (4, 3, 2))
    answer(form, (5, 2, 2))
    assert "Too few answers to show: 2 so far, 3 needed" in shown(form.widget)
    assert "How the room answered" not in shown(form.widget)
    answer(form, (2, 4, 1))
    data = saved(fresh_path)["pulse"]
    assert data["sealed"] == []
    assert sorted(a["feeling"] for a in data["answers"]) == [2, 4, 5]
    said = shown(form.widget)
    assert "How the room answered: 3 answers" in said
    assert "3 answers: 67% feel hopeful or excited" in said
    assert "4 or 5: 67%" in said
    # a fourth answer waits, sealed, until a batch of the minimum is there
    answer(form, (3, 3, 3))
    data = saved(fresh_path)["pulse"]
    assert len(data["answers"]) == 3
    assert len(data["sealed"]) == 1
    assert "How the room answered: 3 answers" in shown(form.widget)
    answer(form, (3, 3, 3))
    answer(form, (1, 1, 1))
    assert len(saved(fresh_path)["pulse"]["answers"]) == 6
    assert "How the room answered: 6 answers" in shown(form.widget)


def test_concerns_wait_for_their_own_minimum(form: ChangeForm) -> None:
    form.open_pulse()
    for n in range(3):
        answer(form, (3, 3, 3), f"concern <b>{n}</b>")
    assert "Concerns are shown from 5 answers (3 so far)" in shown(form.widget)
    assert "concern <b>0</b>" not in shown(form.widget)
    by_label(form.widget, "Concerns shown from").value = 3
    said = shown(form.widget)
    assert "Concerns, in people's own words" in said
    assert "concern <b>0</b>" in said  # escaped in the markup, shown as typed
    assert "concern <b>0</b>" not in "".join(
        w.value for w in all_widgets(form.widget) if isinstance(w, widgets.HTML)
    )


def test_answers_are_refused_while_the_pulse_is_closed(form: ChangeForm, fresh_path: Path):
    sender = the_button(form, "Send my answer")
    assert sender.disabled
    # Said once: "Not open yet: the pulse is not open: …" said it twice; and this is step 8,
    # where "the facilitator opens it in step 8" pointed at the page itself.
    said = shown(form.widget)
    assert "Not open yet:</b> the facilitator opens it with 'Open the pulse' above" in said
    assert "in step 8" not in said.split("Not open yet:")[1].split("</p>")[0]
    assert "the pulse is not open:" not in said
    assert "The pulse is closed." not in said  # it never opened
    with support.refused(form, fresh_path, pulse.NOT_OPEN):
        answer(form, (3, 3, 3))
    assert "Not sent" in form.thanks.value
    form.open_pulse()
    assert not sender.disabled
    form.close_pulse()
    assert sender.disabled


def test_a_missing_score_is_refused_in_plain_words(form: ChangeForm, fresh_path: Path) -> None:
    form.open_pulse()
    form.scales["feeling"].value = 4
    with support.refused(form, fresh_path, "choose an answer from 1 to 5"):
        form.send()
    assert form.scales["feeling"].value == 4  # nothing lost: the person adds what is missing


def test_closing_with_answers_waiting_asks_for_close_anyway(
    form: ChangeForm, fresh_path: Path
) -> None:
    form.open_pulse()
    answer(form, (3, 3, 3))
    anyway = the_button(form, "Close anyway (discard the waiting answers)")
    assert anyway.layout.display == "none"
    with support.refused(form, fresh_path, "still waiting to be published"):
        form.close_pulse()
    # "Not saved · pulse closed: 1 answer: answers are still waiting…" read as though it
    # had closed, and its count as a second thought.
    assert (
        "✗ Not saved · closing the pulse: 1 answer is still waiting to be published (fewer "
        "than the minimum of 3 so far): it would be lost" in status_line(form)
    )
    assert anyway.layout.display != "none"
    anyway.click()
    assert saved(fresh_path)["pulse"]["key"] == ""
    assert saved(fresh_path)["pulse"]["sealed"] == []
    assert anyway.layout.display == "none"
    assert "The pulse is not open here." in shown(form.widget)
    # The room held three answers while this said '0 answers sealed … 0 published'.
    assert PHONES_COUNTED in shown(form.widget)


def test_a_leaders_notebook_seals_and_the_collecting_screen_publishes(
    form: ChangeForm, fresh_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another notebook holds no key: its answers travel sealed through the file, and the
    facilitator's screen publishes them when it sees a batch there."""
    form.open_pulse()
    answer(form, (4, 4, 4))
    held = dict(secret._keys)
    monkeypatch.setattr(secret, "_keys", {})  # what a leader's own kernel holds
    elsewhere = ChangeForm(support.session_on(fresh_path))
    assert "collected at another screen: your answer is sealed for it" in shown(elsewhere.widget)
    answer(elsewhere, (1, 1, 1), "a first thought")
    answer(elsewhere, (2, 2, 2), "what about my job")  # replaces this notebook's first
    assert inputs_cleared(elsewhere)
    assert THANKS in elsewhere.thanks.value
    assert "replaces it: one notebook, one answer" in elsewhere.thanks.value
    monkeypatch.setattr(secret, "_senders", {})  # a second leader, in a kernel of their own
    answer(ChangeForm(support.session_on(fresh_path)), (5, 5, 5))
    data = saved(fresh_path)["pulse"]
    assert (len(data["sealed"]), data["answers"]) == (4, [])
    assert "what about my job" not in fresh_path.read_text(encoding="utf-8")
    monkeypatch.setattr(secret, "_keys", held)  # back at the facilitator's screen
    assert form.session.poll()
    data = saved(fresh_path)["pulse"]
    assert data["sealed"] == []
    assert sorted(a["feeling"] for a in data["answers"]) == [2, 4, 5]
    assert "How the room answered: 3 answers" in shown(form.widget)
    assert "pulse answers published" in status_line(form)


def test_undo_of_opening_the_pulse_is_refused_while_answers_wait_for_it(
    form: ChangeForm, fresh_path: Path
) -> None:
    """Undo pressed after "Open the pulse" closed it with answers sealed for this screen;
    opening it again threw them away without a word."""
    form.open_pulse()
    with support.elsewhere():  # a leader's own notebook
        answer(ChangeForm(support.session_on(fresh_path)), (2, 2, 2), "what about my job")
    assert form.session.poll()
    key = saved(fresh_path)["pulse"]["key"]
    outcome = form.session.undo()
    assert not outcome.ok
    assert "1 answer waits sealed for the pulse" in outcome.message()
    data = saved(fresh_path)["pulse"]
    assert (data["key"], len(data["sealed"])) == (key, 1)


def test_the_collecting_screen_counts_a_notebooks_second_answer_once(
    form: ChangeForm, fresh_path: Path
) -> None:
    """ "3 answers sealed, waiting for a batch of 3" and nothing published: two of the three
    came from one notebook, the second replacing the first, which the line did not say."""
    form.open_pulse()
    with support.elsewhere():  # one leader's notebook, answering twice
        leader = ChangeForm(support.session_on(fresh_path))
        answer(leader, (2, 2, 2))
        answer(leader, (3, 3, 3))
    assert form.session.poll()
    said = shown(form.widget)
    assert "2 answers sealed (from 1 notebook: a second answer from one replaces its first)" in said


def test_undo_of_opening_the_pulse_closes_it_while_nothing_waits(
    form: ChangeForm, fresh_path: Path
) -> None:
    form.open_pulse()
    assert form.session.undo().ok
    assert saved(fresh_path)["pulse"]["key"] == ""


def test_groups_are_offered_only_when_set(form: ChangeForm, fresh_path: Path) -> None:
    assert form.group.layout.display == "none"
    # Hidden alone: the fields beside it shared its layout once, and hid with it.
    assert by_label(form.widget, "Groups (optional)").layout.display is None
    assert form.leader.layout.display is None
    assert form.picker.layout.display is None
    by_label(form.widget, "Groups (optional)").value = "Operations, Claims"
    assert saved(fresh_path)["pulse"]["groups"] == ["Operations", "Claims"]
    assert form.group.layout.display != "none"
    assert [label for label, _ in form.group.options] == ["Rather not say", "Operations", "Claims"]
    assert form.group.value == ""


def test_private_mode_shows_only_the_answer_card(form: ChangeForm) -> None:
    hidden = [form.setup, form.room, form.leaders, form.form.undo_button]
    assert all(part.layout.display != "none" for part in hidden)
    form.private.value = True
    assert all(part.layout.display == "none" for part in hidden)
    assert form.card.layout.display != "none"
    assert "gaptools-private" in form.widget._dom_classes
    form.open_pulse()
    answer(form, (3, 4, 5), "a worry")
    assert inputs_cleared(form)
    assert "1 answer given so far" in shown(form.card)
    form.private.value = False
    assert all(part.layout.display != "none" for part in hidden)


def test_the_next_person_handed_the_laptop_sees_nothing_of_the_last_change(
    form: ChangeForm,
) -> None:
    """The status line still said whose commitment was saved last."""
    what = "what was hard, of Sam Patel's commitment"
    assert form.form.act(lambda w: setattr(w.meta, "organisation", "Brightwater"), what)
    assert "Sam Patel" in support.status_line(form)
    form.private.value = True
    assert "Sam Patel" not in support.status_line(form)
    assert "Private mode" in support.status_line(form)


def test_minimum_answers_is_a_setting(form: ChangeForm, fresh_path: Path) -> None:
    by_label(form.widget, "Minimum answers").value = 5
    assert saved(fresh_path)["settings"]["pulse_minimum"] == 5
    with support.refused(form, fresh_path, "Not saved"):
        by_label(form.widget, "Minimum answers").value = 1


# -- the leaders' commitments ------------------------------------------------------------------


def start(form: ChangeForm, leader: str) -> None:
    form.leader.value = leader
    form.start_commitment()


def test_a_commitment_starts_empty_with_the_prompt_as_placeholder(
    form: ChangeForm, fresh_path: Path
) -> None:
    assert form.editor.layout.display == "none"
    start(form, "Dana Whitfield")
    assert form.editor.layout.display != "none"
    statement = by_label(form.widget, "Statement")
    assert statement.value == ""
    assert statement.placeholder == commitments.PROMPT
    [saved_commitment] = saved(fresh_path)["commitments"]
    assert saved_commitment["leader"] == "Dana Whitfield"
    assert saved_commitment["statement"] == ""
    said = shown(form.widget)
    assert "no statement yet" in said
    assert "no hours given" in said
    assert "◌ no" in said


def test_completing_all_four_shows_complete(form: ChangeForm, fresh_path: Path) -> None:
    start(form, "Dana Whitfield")
    statement = "I can't tell you yet what this means for your role; we will learn it together."
    by_label(form.widget, "Statement").value = statement
    tasks = support.labelled(form.widget, "Task AI takes on", widgets.Text)
    roles = support.labelled(form.widget, "Off which role", widgets.Text)
    instead = support.labelled(form.widget, "What they do instead", widgets.Text)
    assert len(tasks) == 2
    for n in range(2):
        tasks[n].value = f"drafts claim summaries {n}"
        roles[n].value = "claims handlers"
        instead[n].value = "spend the time on complex claims"
    by_label(form.widget, "Hours per month").value = "4"
    assert "no start date for the learning time" in shown(form.widget)
    by_label(form.widget, "Learning time from").value = dt.date(2026, 12, 1)
    by_label(form.widget, "What I tried").value = "I asked a copilot to summarise a claim file."
    assert "does not say what was hard" in shown(form.widget)
    by_label(form.widget, "What was hard").value = "Trusting it without checking every line."
    [done] = saved(fresh_path)["commitments"]
    assert done["hours_per_month"] == 4
    assert done["hours_from"] == "2026-12-01"
    said = shown(form.widget)
    assert "✓ Complete" in said
    assert "✓ yes" in said
    listed = len(store.load(fresh_path).meta.participants)
    assert f"1 of {listed} leaders has written a commitment; it is complete." in said


def test_examples_are_added_and_removed_by_id(form: ChangeForm, fresh_path: Path) -> None:
    start(form, "Tom Okafor")
    form.add_example()
    assert len(saved(fresh_path)["commitments"][0]["examples"]) == 3
    tasks = support.labelled(form.widget, "Task AI takes on", widgets.Text)
    assert len(tasks) == 3
    tasks[0].value = "drafts replies"
    first = saved(fresh_path)["commitments"][0]["examples"][0]["id"]
    rows = support.rows_with(form.widget, "Task AI takes on")
    [remove] = [c for c in rows[0].children if getattr(c, "description", "") == "Remove"]
    remove.click()
    examples = saved(fresh_path)["commitments"][0]["examples"]
    assert first not in [e["id"] for e in examples]
    assert len(examples) == 2
    assert "removed example 'drafts replies'" in status_line(form)


def test_leaders_are_picked_and_the_editor_follows(form: ChangeForm, fresh_path: Path) -> None:
    start(form, "Dana Whitfield")
    by_label(form.widget, "What I tried").value = "Dana's story"
    start(form, "Priya Raman")
    assert by_label(form.widget, "What I tried").value == ""
    assert "Commitment of <b>Priya Raman</b>" in shown(form.widget)
    start(form, "dana whitfield")  # an existing leader is opened, not added twice
    assert by_label(form.widget, "What I tried").value == "Dana's story"
    assert len(saved(fresh_path)["commitments"]) == 2
    with support.refused(form, fresh_path, "say whose commitment this is"):
        start(form, "  ")
    listed = len(store.load(fresh_path).meta.participants)
    assert listed > 2
    said = f"2 of {listed} leaders have written a commitment; 0 of the 2 are complete."
    assert said in shown(form.widget)


def test_a_second_session_sees_commitments_made_elsewhere(
    form: ChangeForm, fresh_path: Path
) -> None:
    other: WorkshopSession = support.session_on(fresh_path)
    other.update(lambda w: commitments.add_commitment(w, "Tom Okafor"), "commitment")
    assert form.session.poll()
    assert "Tom Okafor" in [label.split(" ", 1)[1] for label, _ in form.picker.options]
    assert form.editor.layout.display != "none"


def test_a_pulse_open_elsewhere_is_taken_over_only_when_asked(fresh_path: Path) -> None:
    """A second screen (a restarted facilitator's notebook) cannot silently take the pulse and
    throw away the answers sealed for the first; it is offered to, in words."""
    first = ChangeForm(support.session_on(fresh_path))
    first.open_pulse()
    answer(first, (3, 3, 3))
    key = saved(fresh_path)["pulse"]["key"]
    held = dict(secret._keys)
    secret._keys.clear()  # the second screen is another process
    try:
        second = ChangeForm(support.session_on(fresh_path))
        take_over = the_button(second, "Take the pulse over at this screen")
        assert take_over.layout.display == "none"
        second.open_pulse()
        assert "already open and collected at another screen" in status_line(second)
        assert "1 answer waiting there" in status_line(second)
        assert saved(fresh_path)["pulse"]["key"] == key
        assert take_over.layout.display is None
        take_over.click()
        data = saved(fresh_path)["pulse"]
        assert data["key"] != key
        assert data["sealed"] == []
        assert pulse.collects_here(second.session.workshop)
        assert take_over.layout.display == "none"
    finally:
        secret._keys.update(held)


@pytest.mark.parametrize("typed", ["4 hours", "4h/month", "4 hours a month"])
def test_learning_hours_may_carry_their_unit(
    form: ChangeForm, fresh_path: Path, typed: str
) -> None:
    """Step 6 took "8 weeks" for an effort, while step 8 refused "4 hours"."""
    start(form, "Dana Whitfield")
    by_label(form.widget, "Hours per month").value = typed
    [done] = saved(fresh_path)["commitments"]
    assert done["hours_per_month"] == 4
    assert "not a number" not in status_line(form)


def test_a_leader_working_alone_is_told_the_pulse_is_a_rooms(fresh_path: Path) -> None:
    """Alone, step 8 let a leader open the pulse and send one answer that waited for a batch
    of 3, with no word that a room of one cannot take it; step 7 said what to do alone."""
    from gaptools.core.model import Participant
    from gaptools.ui.change import ALONE

    def one_leader(workshop: Workshop) -> None:
        workshop.meta.participants = [Participant(name="Sam Patel")]

    store.edit(fresh_path, one_leader, "alone")
    form = ChangeForm(support.session_on(fresh_path))
    assert ALONE in shown(form.widget)
    assert form.leader.value == "Sam Patel"  # their commitment, to begin with
    store.edit(
        fresh_path, lambda w: w.meta.participants.append(Participant(name="Ana Lima")), "two"
    )
    assert form.session.poll()
    assert ALONE not in shown(form.widget)
