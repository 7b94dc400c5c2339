"""Step 1 form: list the initiatives (typed or imported) and see how stuck the portfolio is."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from gaptools.charts import png_bytes, steps
from gaptools.charts import portfolio as charts
from gaptools.core.errors import WorkshopError
from gaptools.core.model import Category, Initiative, Stage, StallReason, Workshop
from gaptools.core.resources import data_file
from gaptools.core.text import plural
from gaptools.files import columns
from gaptools.files.columns import NoNameColumn
from gaptools.files.portfolio_import import ImportReport, merge_sheet, tracker_score
from gaptools.files.sheets import Sheet, read_sheet, read_sheet_file
from gaptools.steps.portfolio import (
    Diagnosis,
    diagnose,
    rename_initiative,
    set_category,
    what_removing_loses,
)
from gaptools.ui.fields import Field
from gaptools.ui.kit import (
    CHOOSE,
    WIDE,
    Column,
    Form,
    Grid,
    InitiativePicker,
    OneLine,
    beside,
    button,
    chosen_files,
    download_link,
    file_upload,
    heading,
    on_enter,
    opened,
    said_done,
    said_until_undone,
)
from gaptools.ui.session import Outcome, WorkshopSession
from gaptools.ui.styles import labelled, named_inline

STEP = "01_portfolio"

NO_REASON = ""
NO_STAGE = ""  # "not given yet": an import met a stage word nobody has taught us
CATEGORIES = [(c.label, c.value) for c in Category]
STAGES = [(s.label, s.value) for s in Stage]
ROW_STAGES = [("— choose —", NO_STAGE), *STAGES]
REASONS = [("—", NO_REASON)] + [(r.label, r.value) for r in StallReason]

COLUMN_CHOICES = [
    ("keep as a note", columns.NOTE),
    ("leave out", columns.IGNORE),
    *((columns.FIELD_LABELS[f], f) for f in columns.FIELDS),
]
REMEMBERED = (
    f"Remembered in {columns.COLUMN_NAMES}: the next sheet with these headers comes in the "
    "same way."
)
STAGES_REMEMBERED = (
    f"Remembered in {columns.STAGE_WORDS}: the next sheet with these stage words comes in the "
    "same way."
)
WORD_CHOICES = [("leave for the room to choose", NO_STAGE), *STAGES]
TEMPLATE = "templates/portfolio.csv"
IMPORT_GUIDE = (
    "CSV or Excel, first row = column names. Headers as people write them are recognised "
    "('Initiative', 'Status', 'Project owner', 'Business unit' …), and so are the usual stage "
    "words ('Live', 'PoC', 'On hold'); say what a stage word we do not know means with the "
    "menu that appears for it, or leave it for the room to choose. Other columns are kept "
    "with each initiative as notes: say "
    "what they hold with the menus that appear below the report. Rows whose name is already "
    "in the workshop update it. The template below shows the columns read."
)

DETAIL_FIELDS = [
    Field("What it does", "description", "long"),
    Field("Area (business unit)", "area"),
]


ROW_FIELDS = [
    Field("Name", "name", inline=True, apply=rename_initiative),
    Field("Category", "category", "choice", options=CATEGORIES, inline=True, apply=set_category),
    Field("Stage", "stage", "choice", options=ROW_STAGES, none=NO_STAGE, inline=True),
    Field("Started", "started", "date", inline=True),
    Field("Sponsor", "sponsor", inline=True),
    Field("Why it stalled", "stall_reason", "choice", options=REASONS, inline=True),
]
# Each initiative takes two lines, so that every cell is wide enough to read on a projector
# (a name, "Productivity platform", a date) with no sideways scrolling: what it is and where
# it stands on the first, when it started, who sponsors it and why it stalled under them.
ROW_GRID = Grid(
    [
        Column("Name", area="name"),
        Column("Category", area="category"),
        Column("Stage", area="stage"),
        Column("Started", area="started"),
        Column("Sponsor", area="sponsor"),
        Column("Why it stalled", area="stalled"),
        Column("", area="remove"),
    ],
    lines=["name category stage remove", "started sponsor stalled remove"],
    tracks=["minmax(9em, 1.2fr)", "minmax(9em, 1.2fr)", "minmax(11em, 1.8fr)", "7.2em"],
    # On a projector's whole page, one line: each menu wide enough for its longest choice
    # ("Productivity platform", "Waiting for the landscape to settle").
    one_line=OneLine(
        (
            "minmax(12em, 2.2fr)",
            "minmax(13em, 1fr)",
            "minmax(7.6em, 0.6fr)",
            "9.6em",
            "minmax(8em, 1fr)",
            "minmax(20em, 1fr)",
            "7.2em",
        ),
        from_em=80,
    ),
)


def show(path: str | None = None) -> widgets.Widget:
    """The portfolio form on the open workshop."""
    return opened(lambda session: PortfolioForm(session).widget, path)


class PortfolioForm:
    def __init__(self, session: WorkshopSession) -> None:
        self.session = session
        self.form = Form(session, STEP)
        self.new_name = widgets.Text(description="Name", style=labelled(widgets.Text), layout=WIDE)
        self.new_description = widgets.Textarea(
            description="What it does", style=labelled(widgets.Textarea), layout=WIDE
        )
        self.new_category = widgets.Dropdown(
            description="Category",
            options=CATEGORIES,
            style=labelled(widgets.Dropdown),
            layout=WIDE,
        )
        self.new_stage = widgets.Dropdown(
            description="Stage", options=STAGES, style=labelled(widgets.Dropdown), layout=WIDE
        )
        self.add_button = button("Add initiative", "plus")
        self.last_added = ""  # the name the last press added, until one fails
        self.added = widgets.HTML()  # what the button did, where the person is looking
        self.upload = file_upload(".csv,.xlsx,.xlsm", "the spreadsheet (CSV or XLSX)")
        self.upload_button = button("Import the uploaded file", "upload")
        # The upload button says only how many files it holds: the name is said beside it.
        self.chosen = chosen_files(self.upload)
        template = data_file(TEMPLATE)
        self.template = widgets.HTML(
            download_link(
                template.name, template.read_bytes(), "text/csv", "Download the template (CSV)"
            )
        )
        self.path_box = widgets.Text(
            description="Or a file path",
            placeholder="e.g. ../data/templates/portfolio.csv",
            style=labelled(widgets.Text),
            layout=WIDE,
        )
        self.path_button = button("Import from path", "file-import")
        self.report = widgets.HTML()
        self.reported = said_until_undone(session, self.report)
        # The last sheet read stays in memory, so "Import again" re-reads it with the
        # person's column choices without asking for the file again.
        self.sheet: Sheet | None = None
        self.source = ""
        self.mapping: dict[str, str] = {}
        self.column_menus: dict[str, widgets.Dropdown] = {}
        self.again_button = button("Import again with these columns", "redo")
        self.column_panel = widgets.VBox(layout=widgets.Layout(display="none"))
        # One menu per stage word the import did not know: chosen, it is remembered beside
        # the workshop and the sheet is read again (a Voilà page cannot reach that file).
        self.stage_menus: dict[str, widgets.Dropdown] = {}
        self.stages_again_button = button("Import again with these stages", "redo")
        self.stage_panel = widgets.VBox(layout=widgets.Layout(display="none"))
        # The diagnosis follows a change before the picker's list of every name does: it is
        # what the room reads, the list only what the next click chooses from.
        diagnosis = self._diagnosis_section()
        self.picker = InitiativePicker(
            session, lambda initiative, _: initiative.name, say=self.form.removed_elsewhere
        )
        self.widget = self.form.layout(
            *diagnosis,
            *self._table_section(),
            *self._details_section(),
            *self._add_section(),
            *self._import_section(),
            wide=True,
        )

    # -- diagnosis -----------------------------------------------------------------------
    def _diagnosis_section(self) -> list[widgets.Widget]:
        f = self.form
        threshold = f.field(
            Field("Stuck after (weeks)", "purgatory_weeks", "whole"), lambda w: w.settings
        )
        slides = button("Make PNG charts for slides", "image")
        self.downloads = widgets.HTML()
        slides.on_click(lambda _: self.make_pngs())
        return [
            heading("Diagnosis: how stuck is the portfolio?"),
            f.live(lambda w: _diagnosis_html(diagnose(w))),
            threshold,
            f.live(lambda w: steps.portfolio_charts(diagnose(w))),
            widgets.HBox([slides, self.downloads]),
        ]

    def make_pngs(self) -> None:
        """Slide-ready charts on request: drawing them is too slow to do on every edit."""
        diagnosis = diagnose(self.session.workshop)
        made = [
            ("portfolio-stages.png", charts.stage_funnel, "stages"),
            ("pilot-ages.png", charts.pilot_ages, "pilot ages"),
            ("stall-reasons.png", charts.stall_reasons, "stall reasons"),
        ]
        self.downloads.value = "".join(
            download_link(name, png_bytes(draw(diagnosis)), "image/png", text)
            for name, draw, text in made
        )

    # -- the table -----------------------------------------------------------------------
    def _table_section(self) -> list[widgets.Widget]:
        self.rows = self.form.rows(
            lambda w: w.initiatives,
            self._row,
            "No initiatives yet: add one or import a sheet.",
            noun="Initiatives",
            head=ROW_GRID.header(),
        )
        self.removed = widgets.HTML()  # what a removal did: its row, and the question, go
        return [
            heading(
                "The initiatives",
                "Edit any cell; press Enter or click elsewhere to save. Names must differ.",
            ),
            self.rows,
            self.removed,
        ]

    def _said_removed(self, outcome: Outcome) -> None:
        """Said under the table: the row went, and the status line is at the form's top."""
        gone = outcome.what.removeprefix("removed ")
        self.removed.value = beside(
            outcome, f"Removed {gone}. Undo last change, at the top of the form, brings it back."
        )

    def _row(self, initiative_id: str) -> widgets.HBox:
        return self.form.entry_row(
            _initiatives,
            initiative_id,
            ROW_FIELDS,
            _name,
            grid=ROW_GRID,
            confirm=what_removing_loses,
            removed=self._said_removed,
        )

    def remove(self, initiative_id: str) -> None:
        self.form.remove_entry(_initiatives, initiative_id, _name)

    # -- one initiative in detail ---------------------------------------------------------
    def _details_section(self) -> list[widgets.Widget]:
        """What does not fit in a table row: the longer text, the business unit, and the
        columns an import kept, so a team sees everything its sheet said."""
        cells = self.form.fields(
            DETAIL_FIELDS, self.picker.current, subject=self.picker.current_name, missing=CHOOSE
        )
        self.details = widgets.VBox(
            [
                self.picker.widget,
                *cells,
                self.form.live(lambda w: _notes_html(self.picker.current(w))),
            ]
        )
        return [
            heading(
                "One initiative in detail",
                "Pick an initiative to edit what it does and its business unit, and to read the "
                "columns an imported sheet kept with it.",
            ),
            self.details,
        ]

    # -- adding ----------------------------------------------------------------------------
    def _add_section(self) -> list[widgets.Widget]:
        self.add_button.on_click(lambda _: self.add())
        return [
            heading("Add an initiative"),
            self.new_name,
            self.new_description,
            self.new_category,
            self.new_stage,
            self.add_button,
            self.added,
        ]

    def add(self) -> None:
        name = self.new_name.value
        if not name.strip() and self.last_added:
            # Pressed again after an add emptied the box: "name cannot be empty" hid the
            # success, though nothing had gone wrong.
            self.added.value = said_done(
                f"{self.last_added} is added. Type the next one's name to add it."
            )
            return

        def append(workshop: Workshop) -> None:
            workshop.initiatives.append(
                Initiative(
                    name=name,
                    description=self.new_description.value,
                    category=self.new_category.value,
                    stage=self.new_stage.value,
                )
            )

        # Unnamed, the change is named for what it would add, so the refusal names the field.
        label = f"added {name.strip()}" if name.strip() else "new initiative"
        outcome = self.session.update(append, label)
        self.form.status.show(outcome)
        count = plural(len(self.session.workshop.initiatives), "initiative")
        self.added.value = beside(outcome, f"Added {name.strip()}: {count} in the list above.")
        self.last_added = name.strip() if outcome.ok else ""
        if outcome.ok:
            # Each initiative anew: a category and stage kept from the one before filed the
            # next under them unseen (an agentic workflow's category marks it agentic).
            self.new_name.value = ""
            self.new_description.value = ""
            self.new_category.value = self.new_category.options[0][1]
            self.new_stage.value = Stage.IDEA.value

    # -- importing -------------------------------------------------------------------------
    def _import_section(self) -> list[widgets.Widget]:
        self.upload_button.on_click(lambda _: self.import_upload())
        self.path_button.on_click(lambda _: self.import_path(self.path_box.value))
        on_enter(lambda: self.import_path(self.path_box.value), self.path_box)
        self.again_button.on_click(lambda _: self.import_again())
        self.stages_again_button.on_click(lambda _: self.import_with_stages())
        return [
            heading("Import a spreadsheet", IMPORT_GUIDE),
            self.template,
            widgets.HBox(
                [self.upload, self.upload_button, self.chosen],
                layout=widgets.Layout(align_items="center", flex_flow="row wrap"),
            ),
            widgets.HBox([self.path_box, self.path_button]),
            self.report,
            self.stage_panel,
            self.column_panel,
        ]

    def import_upload(self) -> None:
        if not self.upload.value:
            self._show_report(None, ["Choose a file with the Upload button first."])
            return
        uploaded = self.upload.value[0]
        name = uploaded["name"]
        tracker = tracker_score(self.session.path.parent)
        self._import(lambda: read_sheet(bytes(uploaded["content"]), name, tracker), name)

    def import_path(self, path: str) -> None:
        if not path.strip():
            self._show_report(None, ["Type the path of a .csv or .xlsx file first."])
            return
        tracker = tracker_score(self.session.path.parent)
        self._import(lambda: read_sheet_file(path.strip(), tracker), Path(path.strip()).name)

    def import_again(self) -> None:
        """Re-read the last sheet with the columns as the menus say; rows already imported
        are updated by name, never doubled, so trying again is always safe."""
        if self.sheet is None:
            self._show_report(None, ["Import a sheet first."])
            return
        chosen = {header: menu.value for header, menu in self.column_menus.items()}
        self.mapping = {**self.mapping, **chosen}
        self._merge()

    def import_with_stages(self) -> None:
        """Remember what each unknown stage word means, then read the sheet again: rows
        already imported are updated, never doubled."""
        chosen = {word: menu.value for word, menu in self.stage_menus.items() if menu.value}
        if self.sheet is None or not chosen:
            return
        try:
            learnt = columns.remember_stages(self.session.path.parent, chosen)
        except WorkshopError as error:
            self._show_report(None, [_not_remembered(columns.STAGE_WORDS, error)])
            return
        self._merge([STAGES_REMEMBERED] if learnt else [])

    def _import(self, read: Callable[[], Sheet], source: str) -> None:
        try:
            sheet = read()
        except WorkshopError as error:
            self._show_report(None, error.problems)
            return
        self.sheet, self.source, self.mapping = sheet, source, {}
        self._offer_columns({})
        self._offer_stages([])
        self._merge()

    def _merge(self, said: list[str] | None = None) -> None:
        """Merge the kept sheet with the person's column choices; when no column can be the
        name, or columns were kept as notes, offer a menu per column to say what it holds."""
        sheet, source, mapping = self.sheet, self.source, dict(self.mapping)
        if sheet is None:
            return
        folder = self.session.path.parent
        reports: list[ImportReport] = []
        unnamed: list[NoNameColumn] = []

        def merge(workshop: Workshop) -> None:
            try:
                reports.append(
                    merge_sheet(workshop, sheet, source, mapping=mapping or None, folder=folder)
                )
            except NoNameColumn as error:
                unnamed.append(error)
                raise

        outcome = self.session.update(merge, f"import of {source}")
        if unnamed:
            # The menus below are the way on, not the command line's --map the error advises.
            unread = unnamed[-1].statement.rstrip(".")
            self.form.status.note(
                f"Not imported: {unread}; choose below what each column holds", ok=False
            )
            self._ask_for_name(unnamed[-1])
            return
        self.form.status.show(outcome)
        if not outcome.ok:
            self._show_report(None, [text for _, text in outcome.problems])
        else:
            report = reports[-1]
            remembered = self._remember(mapping, folder) + (said or [])
            self._show_report(report, report.lines() + remembered)
            self.reported(f"import of {source}")
            self._offer_columns({header: columns.NOTE for header in report.plan.notes})
            self._offer_stages(report.unknown_stages)

    def _ask_for_name(self, error: NoNameColumn) -> None:
        lines = [
            error.statement,
            "Choose below what each column holds (one of them must be the name), then press "
            "'Import again with these columns'.",
        ]
        self._show_report(None, lines)
        self._offer_columns(error.suggestion())

    def _remember(self, mapping: dict[str, str], folder: Path) -> list[str]:
        """Keep the person's field choices in the team's column_names.json, so the same
        headers never have to be explained twice."""
        chosen = {header: wanted for header, wanted in mapping.items() if wanted in columns.FIELDS}
        if not chosen:
            return []
        headers = self.sheet.headers if self.sheet is not None else []
        try:
            learnt = columns.remember(folder, chosen, headers)
        except WorkshopError as error:
            return [_not_remembered(columns.COLUMN_NAMES, error)]
        return [REMEMBERED] if learnt else []

    def _offer_stages(self, words: list[str]) -> None:
        """One menu per stage word the import did not know; none, no panel."""
        self.stage_menus = {
            word: widgets.Dropdown(
                options=WORD_CHOICES, value=NO_STAGE, **named_inline({"tooltip": word})
            )
            for word in words
        }
        intro = widgets.HTML(
            "<p><b>What do these stage words mean?</b> Choose a stage for each, or leave it "
            "for the room to choose in the table.</p>"
        )
        # The word is the sheet's own, of any length: said in full beside its menu, where a
        # description of fixed width would cut it.
        rows = [
            widgets.HBox(
                [widgets.HTML(f"‘{html.escape(word)}’ means&nbsp;"), menu],
                layout=widgets.Layout(align_items="center", flex_flow="row wrap"),
            )
            for word, menu in self.stage_menus.items()
        ]
        self.stage_panel.children = [intro, *rows, self.stages_again_button]
        self.stage_panel.layout.display = "flex" if self.stage_menus else "none"

    def _offer_columns(self, preselected: dict[str, str]) -> None:
        """One menu per column still to explain, preselected as the import read it (or its
        closest field); no menus, no panel."""
        self.column_menus = {
            header: widgets.Dropdown(
                description=header,
                tooltip=header,
                options=COLUMN_CHOICES,
                value=wanted,
                style=labelled(widgets.Dropdown),
                layout=WIDE,
            )
            for header, wanted in preselected.items()
        }
        intro = widgets.HTML(
            "<p><b>What do these columns hold?</b> Choose a field, keep the column as a note "
            "shown with each initiative, or leave it out.</p>"
        )
        self.column_panel.children = [intro, *self.column_menus.values(), self.again_button]
        self.column_panel.layout.display = "flex" if self.column_menus else "none"

    def _show_report(self, report: ImportReport | None, lines: list[str]) -> None:
        mark = "✓" if report is not None else "✗"
        items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        self.report.value = f"<p><b>{mark} Import</b></p><ul>{items}</ul>"


def _not_remembered(name: str, error: WorkshopError) -> str:
    return f"Not remembered in {name}: " + "; ".join(error.problems)


def _initiatives(workshop: Workshop) -> list[Initiative]:
    return workshop.initiatives


def _name(initiative: Initiative) -> str:
    return initiative.name


def _notes_html(initiative: Initiative | None) -> str:
    """The columns an import kept with the initiative, read-only: they are the team's words,
    as its sheet had them."""
    if initiative is None:
        return "<p>No initiatives yet: add one or import a sheet.</p>"
    if not initiative.notes:
        return "<p>No other columns kept for this initiative.</p>"
    rows = "".join(
        f"<tr><th>{html.escape(header)}</th>"
        f"<td style='white-space:pre-wrap'>{html.escape(text)}</td></tr>"
        for header, text in initiative.notes.items()
    )
    return (
        "<table class='gaptools-table'><caption style='text-align:left'><b>Kept from the "
        "imported sheet</b></caption><thead><tr><th>Column</th><th>What it said</th></tr>"
        f"</thead><tbody>{rows}</tbody></table>"
    )


def _diagnosis_html(diagnosis: Diagnosis) -> str:
    parts = [f"<p style='font-size:1.35em'><b>{html.escape(diagnosis.summary)}</b></p>"]
    if diagnosis.total:
        parts.append(f"<p>{html.escape(diagnosis.ratio_text)}</p>")
    if diagnosis.median_pilot_weeks is not None:
        parts.append(
            f"<p>The typical pilot has run {diagnosis.median_pilot_weeks:.0f} weeks (median).</p>"
        )
    if diagnosis.in_purgatory:
        stuck = ", ".join(html.escape(n) for n in diagnosis.in_purgatory)
        parts.append(f"<p><b>Stuck without a decision:</b> {stuck}.</p>")
    if diagnosis.decided_sentence:
        parts.append(f"<p>{html.escape(diagnosis.decided_sentence)}</p>")
    if diagnosis.without_reason:
        names = ", ".join(html.escape(n) for n in diagnosis.without_reason)
        parts.append(f"<p><b>Stalled, and nobody has said why:</b> {names}.</p>")
    return "".join(parts)
