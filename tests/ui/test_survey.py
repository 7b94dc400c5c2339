"""The pre-workshop survey's form driven as a facilitator would, without a browser: the
questions with their copy buttons, and an export uploaded and brought in.

The exports here are written by the tests in Google Forms' shape: a ``Timestamp`` column, then
one column per question headed by its text, as ``survey.questions()`` gives it.
"""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

import pytest

from gaptools.files import store
from gaptools.steps import registry
from gaptools.steps.survey import SurveyQuestion, questions
from gaptools.ui.session import WorkshopSession
from gaptools.ui.survey import STEP, SurveyForm
from tests.support import saved, shown, status_line, unchanged, uploaded, view

BUTTON = re.compile(r'<button type="button"[^>]*data-text="([^"]*)"[^>]*>Copy</button>')
BET = "Claims intake copilot"  # in play in the example


@pytest.fixture
def form(session: WorkshopSession) -> SurveyForm:
    return SurveyForm(session)


def upload(form: SurveyForm, name: str, content: bytes, kind: str = "text/csv") -> None:
    form.upload.value = uploaded(name, content, kind)


def answers(asked: list[SurveyQuestion], name: str, bet: str) -> dict[str, str]:
    """One leader's answers by question id: a definition, a gut check, a pulse, ratings."""
    given = {
        "name": name,
        "success": f"{name or 'Someone'} wants claims settled in half the time",
        "lens": "Cost",
        "gut_bet": bet,
        "gut_instant": "Yes",
        "pulse_feeling": "4",
        "pulse_clarity": "2",
        "pulse_time_to_learn": "3",
    }
    return {q.id: given.get(q.id, "3" if q.id.startswith("maturity_") else "") for q in asked}


def google_export(asked: list[SurveyQuestion], rows: list[dict[str, str]]) -> bytes:
    """A Google Forms CSV: UTF-8 with Excel's BOM, Timestamp first, then the questions."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Timestamp", *(q.text for q in asked)])
    for minute, row in enumerate(rows):
        stamp = f"2026/11/12 9:{minute:02d}:03 AM GMT+1"
        writer.writerow([stamp, *(row[q.id] for q in asked)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def report(form: SurveyForm) -> str:
    return html.unescape(form.report.value)


# -- the questions -------------------------------------------------------------------------------


def test_every_question_is_shown_numbered_with_a_copy_button_of_its_exact_text(
    form: SurveyForm, session: WorkshopSession
) -> None:
    asked = questions(session.workshop)
    page = form.questions.value
    copied = [html.unescape(text) for text in BUTTON.findall(page)]
    assert copied == [q.text for q in asked]
    for number, question in enumerate(asked, start=1):
        escaped = html.escape(question.text, quote=True)
        assert f'data-text="{escaped}"' in page
        assert f"<b>{number}.</b>" in page
    # The button copies with the clipboard, in plain HTML: no widget, no kernel round trip.
    assert page.count('onclick="navigator.clipboard.writeText(this.dataset.text)"') == len(asked)


def test_the_text_is_also_selectable_and_the_choices_and_kinds_are_listed(
    form: SurveyForm, session: WorkshopSession
) -> None:
    page = html.unescape(form.questions.value)
    for question in questions(session.workshop):
        assert f"<span class='gaptools-question-text'>{question.text}</span>" in page
        for option in question.options:
            assert f"<li>{option}</li>" in page
    assert "Rating 1 to 5" in page
    assert "Choice (one answer)" in page
    assert f"<li>{BET}</li>" in page  # the gut check offers the workshop's initiatives


def test_the_anonymous_part_is_marked_around_the_pulse(
    form: SurveyForm, session: WorkshopSession
) -> None:
    page = html.unescape(form.questions.value)
    asked = questions(session.workshop)
    pulse = [q for q in asked if q.anonymous]
    assert pulse
    start = page.index("The pulse: the anonymous part.")
    end = page.index("End of the anonymous part.")
    for question in asked:
        where = page.index(f">{question.text}<")
        assert (start < where < end) == question.anonymous, question.text
    assert "whoever holds the export file" in page


def test_a_question_text_with_markup_is_escaped_in_the_button(
    session: WorkshopSession,
) -> None:
    """An initiative's name is a choice of the gut check: shown as text, never as markup."""
    odd = 'Fast "quote" <b>tool</b> & more'

    def rename(workshop):
        workshop.initiative(BET).name = odd

    assert session.update(rename, "rename").ok
    page = SurveyForm(session).questions.value
    assert "<b>tool</b>" not in page
    assert html.escape(odd) in page


def test_the_how_to_covers_both_tools(form: SurveyForm) -> None:
    text = shown(form.widget)
    for words in (
        "Microsoft Forms",
        "Anyone can respond",
        "One response per person",
        "Open in Excel",
        "Google Forms",
        "Collect email addresses",
        "Limit to 1 response",
        "Download responses (.csv)",
    ):
        assert words in text, words


def test_the_form_ends_with_a_link_to_step_one_and_is_no_step(form: SurveyForm) -> None:
    last = view(form.widget, "class='gaptools-next'")
    assert form.widget.children[-1] is last
    assert "href='01_portfolio.ipynb'" in last.value
    assert f"step 1 · {registry.step(1).title}" in html.unescape(last.value)
    assert STEP not in {s.key for s in registry.steps()}
    assert "Editing" in status_line(form)


# -- bringing the responses in --------------------------------------------------------------------


def test_a_google_export_adds_definitions_gut_checks_and_reports(
    form: SurveyForm, session: WorkshopSession, workshop_path: Path
) -> None:
    before = saved(workshop_path)
    asked = questions(session.workshop)
    rows = [
        answers(asked, "Ada Park", BET),
        answers(asked, "", "Fraud signal analytics"),  # anonymous: kept without a name
        answers(asked, "Ben Osei", "Not an initiative"),  # gut check skipped, row reported
    ]
    upload(form, "Pre-workshop survey.csv", google_export(asked, rows))
    form.upload_button.click()

    after = saved(workshop_path)
    definitions = after["success_definitions"][len(before["success_definitions"]) :]
    assert [d["participant"] for d in definitions] == ["Ada Park", "", "Ben Osei"]
    gut = after["gut_checks"][len(before["gut_checks"]) :]
    assert [(g["participant"], g["initiative"]) for g in gut] == [
        ("Ada Park", BET),
        ("", "Fraud signal analytics"),
    ]
    assert len(after["survey"]["imported"]) == 3

    said = report(form)
    assert "✓" in said
    assert "Read as a Google Forms export: Pre-workshop survey.csv." in said
    assert "3 responses read: 3 new, 0 imported before." in said
    assert "3 definitions of success, 2 gut checks" in said
    assert "Row 4: the gut check names 'Not an initiative'" in said
    assert f"{len(asked)} columns read as questions" in said
    assert "Saved" in status_line(form)
    assert "3 survey responses imported into this workshop." in shown(form.widget)


def test_the_same_export_again_adds_nothing(
    form: SurveyForm, session: WorkshopSession, workshop_path: Path
) -> None:
    asked = questions(session.workshop)
    export = google_export(asked, [answers(asked, "Ada Park", BET)])
    upload(form, "survey.csv", export)
    form.import_upload()
    with unchanged(workshop_path):
        form.import_upload()
    assert "1 response read: 0 new, 1 imported before." in report(form)


def test_unknown_columns_and_absent_questions_are_named(
    form: SurveyForm, session: WorkshopSession
) -> None:
    asked = questions(session.workshop)
    out = io.StringIO()
    csv.writer(out).writerows(
        [
            ["Timestamp", asked[1].text, asked[2].text, "Favourite colour"],
            ["2026/11/12 9:14:03 AM GMT+1", "Faster claims", "Cost", "Blue"],
        ]
    )
    upload(form, "survey.csv", out.getvalue().encode("utf-8"))
    form.import_upload()
    said = report(form)
    assert "1 column not read" in said
    assert "<li>Favourite colour</li>" in said
    assert f"{len(asked) - 2} questions of the survey not in the file" in said
    assert f"4. {asked[3].text}" in said


def test_undo_takes_the_whole_import_back(
    form: SurveyForm, session: WorkshopSession, workshop_path: Path
) -> None:
    before = store.load(workshop_path)  # as gaptools reads it, in today's schema
    asked = questions(session.workshop)
    upload(form, "survey.csv", google_export(asked, [answers(asked, "Ada Park", BET)]))
    form.import_upload()
    assert store.load(workshop_path) != before
    form.form.undo_button.click()
    assert store.load(workshop_path) == before
    assert "undo" in status_line(form)
    assert "Added" not in form.report.value  # its report said what the undo took back
    assert "Undone: the survey import of survey.csv" in form.report.value


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        (
            "colours.csv",
            b"Timestamp,Favourite colour\n2026/11/12,Blue\n",
            "no column is a question",
        ),
        ("survey.ods", b"anything", "cannot read '.ods' files"),
        ("survey.xlsx", b"not a workbook", "survey.xlsx:"),
        ("survey.csv", b"", "survey.csv:"),
    ],
)
def test_a_file_that_is_no_export_is_refused_in_words_and_changes_nothing(
    form: SurveyForm, workshop_path: Path, name: str, content: bytes, problem: str
) -> None:
    with unchanged(workshop_path):
        upload(form, name, content)
        form.import_upload()
    said = report(form)
    assert "✗ Nothing imported" in said
    assert problem in said
    assert f"{name}: " in said  # named as the person knows it, not by its temporary copy
    assert "Traceback" not in said
    assert "gaptools-survey-" not in said


def test_importing_without_a_file_says_what_to_do(form: SurveyForm, workshop_path: Path) -> None:
    with unchanged(workshop_path):
        form.import_upload()
    assert "Upload button" in report(form)


def test_a_reworded_pulse_question_is_said_to_cost_every_pulse_answer(
    form: SurveyForm, session: WorkshopSession
) -> None:
    """One pulse question reworded in the form ('Is there room in your week…') dropped
    all five pulse answers under a ✓, blamed on 'a score outside 1 to 5, or a question left
    empty': the report now says the question is missing, that no pulse answer is complete
    without it, and how to put it back; and it is no ✓."""
    asked = questions(session.workshop)
    rows = [answers(asked, name, BET) for name in ("Ada Park", "Bo Chen", "Cy Diaz")]
    missing = next(q for q in asked if q.id == "pulse_time_to_learn")
    number = asked.index(missing) + 1
    export = google_export(asked, rows).decode("utf-8-sig")
    export = export.replace(missing.text, "Is there room in your week for learning?")
    upload(form, "survey.csv", export.encode("utf-8"))
    form.import_upload()
    said = report(form)
    assert "✓ Survey import" not in said
    assert "⚠ Survey import" in said
    assert (
        f"Question {number} ('{missing.text}') is needed for every pulse answer: without its "
        "column none could be read." in said
    )
    assert "take this import back (Undo in notebook 00b" in said


def test_the_chosen_export_is_named(form: SurveyForm, session: WorkshopSession) -> None:
    upload(form, "Leaders survey (1-5).xlsx", b"not read yet")
    assert "Chosen: Leaders survey (1-5).xlsx" in form.chosen.value


def test_undo_of_an_import_leaves_the_pulse_it_published(
    form: SurveyForm, session: WorkshopSession, workshop_path: Path
) -> None:
    """Taken back and imported again with a latecomer's row, the import published its pulse
    batch again with the latecomer's answer in it: comparing the two files showed that
    answer alone, beside the latecomer's named definition. Undo now takes the import back but
    the anonymous answers it published, so a row's pulse is never published twice."""
    asked = questions(session.workshop)
    names = ["Ada Park", "Bo Chen", "Cy Diaz", "Di Evans"]
    rows = [
        answers(asked, name, BET) | {"pulse_feeling": str(n + 1)} for n, name in enumerate(names)
    ]
    before = store.load(workshop_path)
    upload(form, "survey.csv", google_export(asked, rows[:3]))
    form.import_upload()
    published = store.load(workshop_path).pulse.answers
    assert len(published) == len(before.pulse.answers) + 3
    form.form.undo_button.click()
    after_undo = store.load(workshop_path)
    assert after_undo.pulse.answers == published
    assert after_undo.success_definitions == before.success_definitions
    assert "the anonymous answers it published stay" in status_line(form)
    # The report under the import says so too: "Nothing of it is left" was not true.
    assert "Nothing of it is left" not in report(form)
    assert "The anonymous answers it published stay" in report(form)
    upload(form, "survey.csv", google_export(asked, rows))
    form.import_upload()
    again = store.load(workshop_path)
    assert again.pulse.answers == published  # the latecomer's waits for a batch of new ones
    assert "1 new pulse answer kept back" in report(form)
    assert {d.participant for d in again.success_definitions} >= set(names)
