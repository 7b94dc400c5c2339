"""The pre-workshop survey: the questions to paste into Microsoft Forms or Google Forms, how
to set the form up, and bringing its export back into the workshop.

This notebook comes before the workshop and is not one of its steps: the registry lists it
as a companion of the start step, which says where it leads (step 1), and the form ends with
that link rather than a step's "Next".

Each question shows a "Copy" button that is plain HTML (the browser's clipboard, no widget
round trip), so it works the same in JupyterLab and under Voilà; the text beside it is
selectable as a fallback where the clipboard is not allowed (a page served without HTTPS).
An uploaded export is written to a temporary file and read by ``files.survey_import``; its
responses are added in one transaction (``steps.survey.apply``), so Undo takes the import
back, but the anonymous answers it published (``steps.secret.undoable``).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import tempfile
from pathlib import Path

import ipywidgets as widgets

from gaptools.core.errors import WorkshopError, input_problem
from gaptools.core.model import Workshop
from gaptools.core.text import plural
from gaptools.files.survey_import import (
    GOOGLE,
    MICROSOFT,
    SurveySheet,
    absent_heading,
    not_read_heading,
    read_survey,
)
from gaptools.steps import registry
from gaptools.steps.survey import SurveyQuestion, SurveyReport, apply, questions
from gaptools.ui.kit import (
    Form,
    button,
    chosen_files,
    file_upload,
    heading,
    link_on_to,
    opened,
    said_until_undone,
)
from gaptools.ui.session import WorkshopSession

STEP = "00b_survey"  # a companion notebook in the registry, not a workshop step
NEXT = registry.companion(STEP).leads_to

TOOLS = {MICROSOFT: "Microsoft Forms", GOOGLE: "Google Forms"}
KINDS = {
    "text": "Text",
    "choice": "Choice",
    "scale": "Rating 1 to 5",
}

COPY_BUTTON = (
    '<button type="button" class="gaptools-copy" title="Copy the question text" '
    'onclick="navigator.clipboard.writeText(this.dataset.text)" '
    'data-text="{text}">Copy</button>'
)

SURVEY_STYLE = """
<style>
.gaptools-survey-q { border-left: 4px solid #999; padding: 0.2em 0.8em; margin: 0.6em 0; }
.gaptools-survey-q.anonymous { border-left-color: #0072b2; background: #f3f8fc; }
.gaptools-survey-q .gaptools-question-text { user-select: all; -webkit-user-select: all;
  cursor: text; font-weight: bold; }
.gaptools-survey-q .gaptools-kind { color: #444; font-size: 0.9em; }
.gaptools-survey-q ol, .gaptools-survey-q ul { margin: 0.2em 0 0.3em; }
.gaptools-anonymous-part { border: 2px solid #0072b2; border-radius: 4px;
  padding: 0.4em 0.8em; margin: 1em 0 0.4em; background: #e8f1fa; }
.gaptools-copy { margin-left: 0.6em; cursor: pointer; }
</style>
"""

QUESTIONS_NOTE = (
    "Add each question to your form with its text exactly as written here: the export uses "
    "the question as its column header, and that is how the import recognises it. Copy puts "
    "the text on the clipboard; where the browser does not allow that, click the text to "
    "select it all and copy it yourself."
)

HOW_TO = """
<h4>Microsoft Forms</h4>
<ol>
<li><b>Anonymous answers.</b> Under <i>Settings</i> (the … menu, then <i>Settings</i>), choose
<i>Anyone can respond</i>: the form then records no names or email addresses. If your
organisation only allows <i>Only people in my organisation can respond</i>, untick
<i>Record name</i>.</li>
<li><b>One response per person.</b> Tick <i>One response per person</i>. It needs people to
sign in, so it only exists when names are recorded: choose between the two, and for honest
pulse answers prefer anonymity.</li>
<li><b>Question types.</b> <i>Text</i> for the name, the sentence and the worry (<i>Long
answer</i> for the last two); <i>Choice</i> for the lens, the initiative and yes/no;
<i>Rating</i> with 5 levels (numbers, with the labels of 1 and 5) or <i>Likert</i> with the
five labels for the pulse and the maturity questions.</li>
<li><b>Export.</b> <i>Responses</i> → <i>Open in Excel</i> downloads an .xlsx file. Upload it
below as it is: do not rename its columns.</li>
</ol>
<h4>Google Forms</h4>
<ol>
<li><b>Anonymous answers.</b> <i>Settings</i> → <i>Responses</i>:
set <i>Collect email addresses</i> to <i>Do not collect</i>.</li>
<li><b>One response per person.</b> <i>Limit to 1 response</i> makes people sign in with a
Google account. Google does not show you who they are, but they may feel watched, and people
without an account cannot answer. Leave it off when candour matters more than duplicates.</li>
<li><b>Question types.</b> <i>Short answer</i> for the name, <i>Paragraph</i> for the
sentence and the worry; <i>Multiple choice</i> for the lens, the initiative and yes/no;
<i>Linear scale</i> from 1 to 5 (with the labels of 1 and 5) for the pulse and the maturity
questions.</li>
<li><b>Export.</b> <i>Responses</i> → <i>Download responses (.csv)</i>. Upload that file
below.</li>
</ol>
<p>In both tools, send the link about a week before the workshop: answering takes about ten
minutes. Keep the questions' texts as they are: a changed comma is still recognised, and a
word changed in a question answered in words (the import says so), but a scale's question
reworded, or any question rewritten, is a column not read.</p>
"""

IMPORT_NOTE = (
    "Upload the export as the tool gave it: .xlsx from Microsoft Forms, .csv from Google "
    "Forms. Importing the same export again adds nothing; a later export with more responses "
    "adds only the new ones, and a named Microsoft response edited since replaces that "
    "person's answers. Pulse answers are stored without any name, email or time. Undo takes "
    "the import back, but the pulse answers and anonymous ratings it published: published "
    "again beside new ones, the new ones would be known."
)


def show(path: str | None = None) -> widgets.Widget:
    """The survey's questions, how-to and import, on the open workshop."""
    return opened(lambda session: SurveyForm(session).widget, path)


class SurveyForm:
    def __init__(self, session: WorkshopSession) -> None:
        self.session = session
        # No step: the registry's "Next" knows only workshop steps; the link is added below.
        self.form = Form(session)
        self.upload = file_upload(".xlsx,.csv", "the Forms export (XLSX or CSV)")
        self.upload_button = button("Import the uploaded responses", "upload")
        self.upload_button.on_click(lambda _: self.import_upload())
        self.chosen = chosen_files(self.upload)
        self.report = widgets.HTML()
        self.reported = said_until_undone(session, self.report)
        self.questions = self.form.live(questions_html)
        self.widget = self.form.layout(
            widgets.HTML(SURVEY_STYLE),
            heading("The questions", QUESTIONS_NOTE),
            self.questions,
            heading("How to set it up"),
            widgets.HTML(HOW_TO),
            heading("Bring the responses in", IMPORT_NOTE),
            self.form.live(_imported_so_far),
            widgets.HBox(
                [self.upload, self.upload_button, self.chosen],
                layout=widgets.Layout(align_items="center", flex_flow="row wrap"),
            ),
            self.report,
            widgets.HTML(next_link()),
        )

    # -- importing -------------------------------------------------------------------------
    def import_upload(self) -> None:
        if not self.upload.value:
            self._show_failure(["Choose the export file with the Upload button first."])
            return
        uploaded = self.upload.value[0]
        name = str(uploaded["name"]) or "the uploaded file"
        self.import_bytes(name, bytes(uploaded["content"]))

    def import_bytes(self, name: str, content: bytes) -> None:
        """Read an export's bytes (as uploaded, named ``name``) and add its responses."""
        self.session.poll()
        try:
            sheet = _read_upload(name, content, self.session.workshop)
        except WorkshopError as error:
            self._show_failure([f"{name}: {problem}" for problem in error.problems])
            return
        reports: list[SurveyReport] = []
        pulse_asked = sheet.asks_the_pulse(questions(self.session.workshop))

        def add(workshop: Workshop) -> None:
            reports.append(apply(workshop, sheet.responses, dt.date.today(), pulse_asked))

        what = f"survey import of {name}"
        outcome = self.session.update(add, what)
        self.form.status.show(outcome)
        if not outcome.ok:
            self._show_failure([text for _, text in outcome.problems])
            return
        report = reports[-1]
        report.problems = sorted([*sheet.problems, *report.problems])
        self.report.value = report_html(name, sheet, report, self.session.workshop)
        self.reported(what)

    def _show_failure(self, lines: list[str]) -> None:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        self.report.value = f"<p><b>✗ Nothing imported</b></p><ul>{items}</ul>"


def _read_upload(name: str, content: bytes, workshop: Workshop) -> SurveySheet:
    """The export in an upload: written to a temporary file under its own name (its suffix
    says CSV or XLSX), read, and removed again."""
    with tempfile.TemporaryDirectory(prefix="gaptools-survey-") as folder:
        path = Path(folder) / _file_name(name)
        try:
            path.write_bytes(content)
        except OSError as error:
            raise WorkshopError(input_problem(error) or "cannot be stored to be read") from None
        return read_survey(path, workshop)


def _file_name(name: str) -> str:
    """A safe name for the temporary copy that keeps the upload's suffix."""
    base = re.sub(r"[^\w.\- ]", "_", Path(name.replace("\\", "/")).name).strip(" .")
    suffix = Path(base).suffix
    stem = Path(base).stem[:80] or "upload"
    return stem + suffix[:10]


# -- what is shown ------------------------------------------------------------------------------


def copy_button(text: str) -> str:
    """A button that puts ``text`` on the clipboard, in plain HTML (no widget round trip)."""
    return COPY_BUTTON.format(text=html.escape(text, quote=True))


def kind_label(question: SurveyQuestion) -> str:
    kind = KINDS[question.kind]
    if question.kind == "choice":
        kind += " (several answers)" if question.many else " (one answer)"
    return kind


def question_html(number: int, question: SurveyQuestion) -> str:
    escaped = html.escape(question.text)
    facts = [kind_label(question), "required" if question.required else "optional"]
    if question.step:
        facts.append(f"for step {question.step}")
    if question.anonymous:
        facts.append("anonymous part")
    body = (
        f"<p><b>{number}.</b> <span class='gaptools-question-text'>{escaped}</span>"
        f"{copy_button(question.text)}<br>"
        f"<span class='gaptools-kind'>{html.escape(' · '.join(facts))}</span></p>"
    )
    if question.options and question.kind == "scale":
        items = "".join(f"<li>{html.escape(option)}</li>" for option in question.options)
        body += f"<ol>{items}</ol>"
    elif question.options:
        items = "".join(f"<li>{html.escape(option)}</li>" for option in question.options)
        body += f"<ul>{items}</ul>"
    elif question.kind == "text" and question.step == 7:
        body += (
            "<p class='gaptools-kind'>No initiatives in the workshop yet, so this is a free "
            "text; list them in step 1 to offer them as choices.</p>"
        )
    kind = "gaptools-survey-q anonymous" if question.anonymous else "gaptools-survey-q"
    return f"<div class='{kind}'>{body}</div>"


ANONYMOUS_START = (
    "<div class='gaptools-anonymous-part'><b>The pulse: the anonymous part.</b> These answers "
    "are never tied to a name in the workshop: they are stored with no name, email or time, "
    "in an order drawn from what they say, and the room sees them only once there are enough "
    "to hide any one of them. But whoever holds the export file can read its rows, so turn on "
    "anonymous responses in the form (see below).</div>"
)
ANONYMOUS_END = "<p class='gaptools-kind'><b>End of the anonymous part.</b></p>"


def questions_html(workshop: Workshop) -> str:
    """Every question in the order asked, numbered, with the anonymous part marked."""
    parts: list[str] = []
    inside = False
    for number, question in enumerate(questions(workshop), start=1):
        if question.anonymous and not inside:
            parts.append(ANONYMOUS_START)
        elif inside and not question.anonymous:
            parts.append(ANONYMOUS_END)
        inside = question.anonymous
        parts.append(question_html(number, question))
    return "".join(parts)


def _imported_so_far(workshop: Workshop) -> str:
    count = workshop.survey.responses
    if not count:
        return "<p>No survey responses imported into this workshop yet.</p>"
    return f"<p>{html.escape(plural(count, 'survey response'))} imported into this workshop.</p>"


def report_html(name: str, sheet: SurveySheet, report: SurveyReport, workshop: Workshop) -> str:
    """What an import did: the report's lines, which columns were read as which question,
    which were not read, and which questions the file did not have."""
    asked = questions(workshop)
    number = {q.id: n for n, q in enumerate(asked, start=1)}
    needed = sheet.warning_lines(asked)
    lines = [f"Read as a {TOOLS.get(sheet.tool, sheet.tool)} export: {name}.", *report.lines()]
    body = "".join(f"<li>{html.escape(line)}</li>" for line in [*lines, *needed])
    matched = "".join(
        f"<li>{html.escape(header)} → question {number.get(qid, '?')}</li>"
        for header, qid in sheet.matched.items()
    )
    mark = "⚠" if needed else "✓"
    parts = [
        f"<p><b>{mark} Survey import</b></p><ul>{body}</ul>",
        f"<details><summary>{html.escape(plural(len(sheet.matched), 'column'))} read as "
        f"questions</summary><ul>{matched}</ul></details>",
    ]
    if sheet.ignored:
        ignored = "".join(f"<li>{html.escape(header)}</li>" for header in sheet.ignored)
        heading = html.escape(not_read_heading(len(sheet.ignored)))
        parts.append(f"<p>{heading}:</p><ul>{ignored}</ul>")
    missing = sheet.absent(asked)
    if missing:
        absent = "".join(f"<li>{n}. {html.escape(q.text)}</li>" for n, q in missing)
        parts.append(f"<p>{html.escape(absent_heading(len(missing)))}:</p><ul>{absent}</ul>")
    return "".join(parts)


def next_link() -> str:
    """The way on to step 1, as the steps' own "Next" links look."""
    return link_on_to(registry.step(NEXT))
