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
from gaptools.files.portfolio_import import ImportReport, merge_sheet
from gaptools.files.sheets import Sheet, read_sheet, read_sheet_file
from gaptools.steps.portfolio import Diagnosis, diagnose
from gaptools.ui.fields import Field
from gaptools.ui.kit import LABEL_STYLE, WIDE, Form, button, download_link, heading
from gaptools.ui.session import WorkshopSession

STEP = "01_portfolio"

NO_REASON = ""
CATEGORIES = [(c.label, c.value) for c in Category]
STAGES = [(s.label, s.value) for s in Stage]
REASONS = [("—", NO_REASON)] + [(r.label, r.value) for r in StallReason]


ROW_FIELDS = [
    Field("Name", "name", inline=True, width="16em"),
    Field("Category", "category", "choice", options=CATEGORIES, inline=True, width="12em"),
    Field("Stage", "stage", "choice", options=STAGES, inline=True, width="8em"),
    Field("Started", "started", "date", inline=True, width="10em"),
    Field("Sponsor", "sponsor", inline=True, width="11em"),
    Field("Why it stalled", "stall_reason", "choice", options=REASONS, inline=True, width="13em"),
]


def show(path: str | None = None) -> widgets.VBox:
    """The portfolio form on the open workshop."""
    return PortfolioForm(WorkshopSession.open(path)).widget


class PortfolioForm:
    def __init__(self, session: WorkshopSession) -> None:
        self.session = session
        self.form = Form(session, STEP)
        self.new_name = widgets.Text(description="Name", style=LABEL_STYLE, layout=WIDE)
        self.new_description = widgets.Textarea(
            description="What it does", style=LABEL_STYLE, layout=WIDE
        )
        self.new_category = widgets.Dropdown(
            description="Category", options=CATEGORIES, style=LABEL_STYLE, layout=WIDE
        )
        self.new_stage = widgets.Dropdown(
            description="Stage", options=STAGES, style=LABEL_STYLE, layout=WIDE
        )
        self.add_button = button("Add initiative", "plus")
        self.upload = widgets.FileUpload(accept=".csv,.xlsx", multiple=False)
        self.upload_button = button("Import the uploaded file", "upload")
        self.path_box = widgets.Text(
            description="Or a file path",
            placeholder="e.g. ../data/templates/portfolio.csv",
            style=LABEL_STYLE,
            layout=WIDE,
        )
        self.path_button = button("Import from path", "file-import")
        self.report = widgets.HTML()
        self.widget = self.form.layout(
            *self._diagnosis_section(),
            *self._table_section(),
            *self._add_section(),
            *self._import_section(),
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
        header = widgets.HTML(
            "<div style='display:flex;gap:4px;font-weight:bold'>"
            + "".join(
                f"<span style='width:{w}'>{t}</span>"
                for t, w in [
                    ("Name", "16em"),
                    ("Category", "12em"),
                    ("Stage", "8em"),
                    ("Started", "10em"),
                    ("Sponsor", "11em"),
                    ("Why it stalled", "13em"),
                ]
            )
            + "</div>"
        )
        self.rows = self.form.rows(
            lambda w: w.initiatives,
            self._row,
            "No initiatives yet: add one or import a sheet.",
        )
        return [
            heading(
                "The initiatives",
                "Edit any cell; press Enter or click elsewhere to save. Names must differ.",
            ),
            header,
            self.rows,
        ]

    def _row(self, initiative_id: str) -> widgets.HBox:
        return self.form.entry_row(_initiatives, initiative_id, ROW_FIELDS, _name)

    def remove(self, initiative_id: str) -> None:
        self.form.remove_entry(_initiatives, initiative_id, _name)

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
        ]

    def add(self) -> None:
        name = self.new_name.value

        def append(workshop: Workshop) -> None:
            workshop.initiatives.append(
                Initiative(
                    name=name,
                    description=self.new_description.value,
                    category=self.new_category.value,
                    stage=self.new_stage.value,
                )
            )

        outcome = self.session.update(append, f"added {name.strip() or '(no name)'}")
        self.form.status.show(outcome)
        if outcome.ok:
            self.new_name.value = ""
            self.new_description.value = ""

    # -- importing -------------------------------------------------------------------------
    def _import_section(self) -> list[widgets.Widget]:
        self.upload_button.on_click(lambda _: self.import_upload())
        self.path_button.on_click(lambda _: self.import_path(self.path_box.value))
        return [
            heading(
                "Import a spreadsheet",
                "CSV or Excel, first row = column names; 'name' is required. Rows whose name is "
                "already in the workshop update it. The template is data/templates/portfolio.csv.",
            ),
            widgets.HBox([self.upload, self.upload_button]),
            widgets.HBox([self.path_box, self.path_button]),
            self.report,
        ]

    def import_upload(self) -> None:
        if not self.upload.value:
            self._show_report(None, ["Choose a file with the Upload button first."])
            return
        uploaded = self.upload.value[0]
        name = uploaded["name"]
        self._import(lambda: read_sheet(bytes(uploaded["content"]), name), name)

    def import_path(self, path: str) -> None:
        if not path.strip():
            self._show_report(None, ["Type the path of a .csv or .xlsx file first."])
            return
        self._import(lambda: read_sheet_file(path.strip()), Path(path.strip()).name)

    def _import(self, read: Callable[[], Sheet], source: str) -> None:
        try:
            sheet = read()
        except WorkshopError as error:
            self._show_report(None, error.problems)
            return
        reports: list[ImportReport] = []
        outcome = self.session.update(
            lambda w: reports.append(merge_sheet(w, sheet, source)), f"import of {source}"
        )
        self.form.status.show(outcome)
        if outcome.ok:
            self._show_report(reports[-1], reports[-1].lines())
        else:
            self._show_report(None, [text for _, text in outcome.problems])

    def _show_report(self, report: ImportReport | None, lines: list[str]) -> None:
        mark = "✓" if report is not None else "✗"
        items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        self.report.value = f"<p><b>{mark} Import</b></p><ul>{items}</ul>"


def _initiatives(workshop: Workshop) -> list[Initiative]:
    return workshop.initiatives


def _name(initiative: Initiative) -> str:
    return initiative.name


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
    if diagnosis.without_reason:
        names = ", ".join(html.escape(n) for n in diagnosis.without_reason)
        parts.append(f"<p><b>Stalled, and nobody has said why:</b> {names}.</p>")
    return "".join(parts)
