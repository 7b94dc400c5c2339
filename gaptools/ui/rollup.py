"""The roll-up form: many teams' workshops in one view, for a transformation office.

This notebook is a companion, not a workshop step, and it opens no workshop session: it
reads every workshop file under a folder, read-only, through ``export.rollup`` (the same
rules as ``gaptools rollup`` and each team's own ``status``). So the form builds its own
layout, without a status bar, Undo or a "Next" link.

The folder is only ever text the user typed, used as a path: nothing in it is run. The team
table is a pandas DataFrame (imported when a roll-up is shown), rendered by its own
``to_html(escape=True)``; every other text from the files goes through ``html.escape``.
Downloads are data-URI links, which work in JupyterLab, under Voilà and on a JupyterHub.
"""

from __future__ import annotations

import base64
import html
import os
import re
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from gaptools.core.errors import WorkshopError
from gaptools.core.model import person_key
from gaptools.core.numbers import percent
from gaptools.core.text import plural, shorten, some_of
from gaptools.export import export
from gaptools.export.rollup import (
    COLUMNS,
    NOTES_TITLE,
    REPORT_ENDING,
    SKIPPED_TITLE,
    column_heading,
    dash_note,
    file_warnings,
    rollup_sources,
    standing,
    team_table,
    to_html,
    to_xlsx,
    total_text,
    unreadable_files,
)
from gaptools.files import store
from gaptools.files.home import typed_folder, workshops_home
from gaptools.summaries.rollup import (
    DUPLICATE_THRESHOLD,
    Rollup,
    score_label,
    search_duplicates,
    skipped_by_reason,
    team_label,
)
from gaptools.ui.kit import BAR, STYLE, WIDE, button, download_link, heading, on_enter

STEP = "11_rollup"  # a companion notebook in the registry, not a workshop step

#: The table's columns unless "Every column" is ticked: what a committee reads, narrow enough
#: for a 1366-pixel screen. The Excel download and the wide table keep every column.
SHOWN = (
    "team",
    "date",
    "in_play",
    "deploy_ready",
    "deploy_ready_share",
    "unowned",
    "in_purgatory",
    "stalled_by_reason",
    "bet",
    "bet_complete",
    "first_cycle_end",
    "kills_this_quarter",
)
MIN_THRESHOLD = 50  # below this almost any two ideas written in one house style look alike
#: Said after a roll-up of the one file typed: how to roll up the folder it is in instead.
_ONE_FILE = (
    " That is one file: to roll up every team's workshop beside it, type its folder, "
    "<code>{}</code>."
)
SKIPPED_SHOWN = 3  # files named per reason passed over; the rest are counted
LIST_LINES = 10  # a longer list of teams is written as one paragraph
CHART_TEAMS = 30  # more bars than this are unreadable on a projector; sort to choose them
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

REPORT_NOTE = (
    "Choose a team and press Make its report: the same report the team exports itself in "
    "step 10, read from its workshop file, to open or send."
)

FOLDER_NOTE = (
    "Type the folder that holds the teams' workshop files; its sub-folders are searched too. "
    "A path copied from JupyterLab's file browser (right-click, Copy Path) is read as it is. "
    "On a JupyterHub this is the shared folder where the teams save. Nothing is changed: "
    "the files are only read."
)

#: The classes of a view holding a table that scrolls in its own box (``scroll_box``).
VIEW = ("gaptools-rollup-view",)

TABLE_STYLE = """
<style>
/* Wider than the form (every column, a notebook beside JupyterLab's file browser, 200% zoom),
   the table scrolls in its own box, which its view may not widen to the table's width. The
   box is never taller than most of the window, so its sideways scroll bar is on the screen
   with the rows (below a tall table it was a screen or more down, and the last columns
   seemed cut off); the headings and the team column stay in place as it scrolls. */
.gaptools-rollup-table { max-width: 100%; max-height: 60vh; overflow: auto; }
.gaptools-rollup-view > .widget-html-content { min-width: 0; }
.gaptools-rollup-table td { overflow-wrap: break-word; }
.gaptools-rollup-table table { border-collapse: separate; border-spacing: 0; font-size: 13px; }
.gaptools-rollup-table th, .gaptools-rollup-table td { border: solid #ccc;
  border-width: 0 1px 1px 0; padding: 0.2em 0.5em; text-align: left; vertical-align: top;
  background: var(--jp-layout-color0, #fff); }
.gaptools-rollup-table tr > :first-child { border-left-width: 1px; position: sticky; left: 0;
  z-index: 1; }
.gaptools-rollup-table thead th { border-top-width: 1px; position: sticky; top: 0; z-index: 2; }
.gaptools-rollup-table thead th:first-child { z-index: 3; }
.gaptools-rollup-table th { background: #e8f1fa; }
.gaptools-rollup-wide table { width: max-content; }
.gaptools-rollup-wide th, .gaptools-rollup-wide td { max-width: 32em; }
.gaptools-rollup-wide tr > :first-child { min-width: 8em; max-width: 14em; }
.gaptools-rollup-table th, .gaptools-rollup-table td { line-height: 1.35; }
</style>
"""


def show(folder: str | None = None) -> widgets.VBox:
    """The roll-up form on ``folder`` (the user's workshop folder unless given), rolled up."""
    form = RollupForm(folder)
    form.roll_up()
    return form.widget


class RollupForm:
    def __init__(self, folder: str | None = None) -> None:
        if folder is None:
            folder = str(default_folder())
        self.result: Rollup | None = None
        self.folder = widgets.Text(
            value=folder,
            description="Folder",
            placeholder="the folder where the teams save their workshops",
            layout=WIDE,
        )
        self.run_button = button("Roll up", "table")
        self.run_button.on_click(lambda _: self.roll_up())
        on_enter(self.roll_up, self.folder)
        self.message = widgets.HTML()
        self.sort_by = widgets.Dropdown(options=[], description="Sort by")
        self.ascending = widgets.ToggleButton(value=True, description="Ascending", icon="sort")
        self._arranging = False
        self.sort_by.observe(lambda _: self._arranging or self.show_table(), "value")
        self.every_column = widgets.Checkbox(value=False, description="Every column", indent=False)
        self.every_column.observe(lambda _: self._columns_changed(), "value")
        self.ascending.observe(lambda _: self._sort_direction(), "value")
        self.table = widgets.HTML(_dom_classes=VIEW)
        self.totals = widgets.HTML()
        self.without_bet = widgets.HTML()
        self.duplicates = widgets.HTML(_dom_classes=VIEW)
        self.across = widgets.HTML()
        self.skipped = widgets.HTML()
        self.notes = widgets.HTML()
        self.downloads = widgets.HTML()
        self.chart = widgets.HTML()
        self.chart_button = button("Draw the chart", "bar-chart")
        self.chart_button.on_click(lambda _: self.draw_chart())
        self.team_pick = widgets.Dropdown(options=[], description="Team", layout=WIDE)
        self.report_button = button("Make its report", "file-text")
        self.report_button.on_click(lambda _: self.team_report())
        self.team_pick.observe(lambda _: setattr(self.report_link, "value", ""), "value")
        self.report_link = widgets.HTML()
        self.threshold = widgets.BoundedIntText(
            value=DUPLICATE_THRESHOLD,
            min=MIN_THRESHOLD,
            max=100,
            description="Alike from",
            style={"description_width": "initial"},
        )
        self.threshold.observe(lambda _: self._threshold_changed(), "value")
        self.results = widgets.VBox(
            [
                heading("The teams", "One row per team. Choose a column to sort by."),
                widgets.HBox([self.sort_by, self.ascending, self.every_column], _dom_classes=BAR),
                self.table,
                heading(
                    "The teams as a chart",
                    f"In play, deploy-ready and stuck, per team, in the table's order (the "
                    f"first {CHART_TEAMS} teams).",
                ),
                self.chart_button,
                self.chart,
                heading("One team's own report", REPORT_NOTE),
                widgets.HBox([self.team_pick, self.report_button], _dom_classes=BAR),
                self.report_link,
                heading("Across the teams"),
                self.totals,
                heading("Teams without a bet"),
                self.without_bet,
                heading(
                    "The same idea in several teams",
                    "Candidates for a person to judge, not verdicts: each pair with how alike "
                    "its names and descriptions are (100 is the same text). Lower the score to "
                    "see looser pairs, raise it to see only the closest. Where one has no "
                    "description, the names alone are compared. One name in several teams is "
                    "listed whatever its score.",
                ),
                self.threshold,
                self.duplicates,
                heading("Accountable across teams"),
                self.across,
                self.notes,
                heading(SKIPPED_TITLE),
                self.skipped,
                heading("Download the roll-up"),
                self.downloads,
            ]
        )
        self.results.layout.display = "none"
        self.widget = widgets.VBox(
            [
                widgets.HTML(STYLE + TABLE_STYLE),
                heading("Where the teams save", FOLDER_NOTE),
                widgets.HBox([self.folder, self.run_button], _dom_classes=BAR),
                self.message,
                self.results,
            ]
        )
        self.widget.add_class("gaptools-form")
        self.widget.add_class("gaptools-wide")

    # -- rolling up ----------------------------------------------------------------------------
    def roll_up(self) -> None:
        """Roll up the typed folder; every failure is said in words."""
        typed = self.folder.value.strip()
        self.result = None
        self.results.layout.display = "none"
        if not typed:
            self._say("✗ Type the folder that holds the teams' workshop files first.")
            return
        folder, tried = typed_folder(typed)
        shown = html.escape(str(folder))
        if not folder.exists():
            above = html.escape(str(tried[0].parent))
            where = "" if len(tried) == 1 else f", nor in a folder above {above}"
            self._say(
                f"✗ There is no folder <code>{shown}</code>{where}. Check the spelling; in "
                "JupyterLab, a path from the file browser's Copy Path (right-click the "
                "folder) is read as it is."
            )
            return
        # A file (JupyterLab's Copy Path on one team's workshop) is rolled up as the command
        # line rolls one up, with the way to the whole folder: it was refused.
        one_file = "" if folder.is_dir() else _ONE_FILE.format(html.escape(str(folder.parent)))
        try:
            result = rollup_sources([folder], threshold=self.threshold.value, search=False)
        except Exception as error:  # noqa: BLE001 - any failure is said in words, never a traceback
            self._say(
                f"✗ The folder <code>{shown}</code> could not be rolled up: "
                f"{html.escape(str(error) or type(error).__name__)}."
            )
            return
        self.result = result
        if not result.teams:
            self._say(_nothing_counted(result, shown))
            return
        warnings = "".join(f"<br>⚠ {html.escape(line)}" for line in file_warnings(result))
        self._say(
            f"✓ Rolled up {plural(len(result.teams), 'team')} from <code>{shown}</code> "
            f"on {result.as_of.isoformat()}.{one_file}{warnings}"
        )
        self._show_result(result)
        self.find_duplicates(result)

    def find_duplicates(self, result: Rollup) -> None:
        """The same idea in several teams, looked for once the teams are on screen: on a
        thousand teams it takes a while, and the table need not wait for it."""
        self.duplicates.value = (
            f"<p>Looking for the same idea in several teams: comparing "
            f"{plural(len(result.ideas), 'initiative')}…</p>"
        )
        search_duplicates(result)
        self.duplicates.value = duplicates_html(result)
        self.downloads.value = downloads_html(result)

    def _threshold_changed(self) -> None:
        """A new score searches again; the teams themselves need not be read again."""
        if self.result is not None:
            self.result.threshold = self.threshold.value
            self.find_duplicates(self.result)

    def _say(self, text: str) -> None:
        self.message.value = f"<p>{text}</p>"

    def _show_result(self, result: Rollup) -> None:
        self._sort_options()
        self.show_table()
        self.totals.value = totals_html(result)
        undecided = [t for t in result.without_bet if t not in result.by_choice]
        self.without_bet.value = _list_html(undecided, "Every team has decided on a bet.") + (
            "<p><b>No bet yet by choice</b>, with what they will explore instead:</p>"
            + _list_html(result.by_choice, "")
            if result.by_choice
            else ""
        )
        self.across.value = across_html(result)
        self.skipped.value = _skipped_html(result.skipped) or "<p>✓ No file was passed over.</p>"
        self.notes.value = notes_html(result)
        self.team_pick.options = sorted(
            ((team_label(row), row["file"]) for row in result.teams),
            key=lambda option: (natural_key(option[0]), option[1]),
        )
        self.report_link.value = ""
        self.downloads.value = "<p>Ready once the search for the same idea is done.</p>"
        self.chart.value = ""
        self.results.layout.display = None

    # -- the table ---------------------------------------------------------------------------
    def shown_columns(self) -> list[str]:
        """The table's columns: what a committee reads, unless every column is asked for."""
        if self.result is None:
            return []
        return list(COLUMNS) if self.every_column.value else [h for h in COLUMNS if h in SHOWN]

    def _sort_options(self) -> None:
        """Sort by any shown column; the chosen one is kept while it is still shown."""
        shown = self.shown_columns()
        previous = self.sort_by.value
        options = [(column_heading(h), h) for h in shown]
        self._arranging = True  # the caller draws the table once, when the menu is set
        try:
            if list(self.sort_by.options) != options:
                self.sort_by.options = options
            if shown:  # new options reset the value to the first: put the chosen one back
                self.sort_by.value = previous if previous in shown else shown[0]
        finally:
            self._arranging = False

    def _columns_changed(self) -> None:
        self._sort_options()
        self.show_table()

    def _sort_direction(self) -> None:
        self.ascending.description = "Ascending" if self.ascending.value else "Descending"
        self.show_table()

    def frame(self) -> Any:
        """The teams as a pandas DataFrame, sorted as chosen (blanks last either way)."""
        import pandas as pd

        if self.result is None:
            return pd.DataFrame()
        headers, rows = team_table(self.result, sheet=False)
        key = self.sort_by.value
        if key in headers:
            column = headers.index(key)
            filled = [r for r in rows if r[column] != ""]
            blank = [r for r in rows if r[column] == ""]
            filled.sort(key=lambda r: _order(r[column]), reverse=not self.ascending.value)
            rows = filled + blank
        return pd.DataFrame(rows, columns=[column_heading(h) for h in headers])

    def show_table(self) -> None:
        if self.result is None:
            self.table.value = ""
            return
        frame = self.frame()
        # A dash where there is nothing to show, said under the table, as the HTML page says
        # it: blank cells here beside the page's dashes read as data missing from the screen.
        frame = frame[[column_heading(h) for h in self.shown_columns()]].replace("", "—")
        share = column_heading("deploy_ready_share")
        shown = {column_heading(key): _whole_day for key in DAY_COLUMNS}
        shown[share] = _per_cent
        body = frame.to_html(
            escape=True,
            index=False,
            na_rep="",
            border=0,
            formatters={column: show for column, show in shown.items() if column in frame},
        )
        self.table.value = scroll_box(body, "The teams", wide=self.every_column.value) + (
            f"<p class='gaptools-note'>{html.escape(dash_note(frame.columns))}</p>"
        )
        if self.chart.value:
            self.draw_chart()  # the chart follows the table's order

    def team_report(self) -> None:
        """The chosen team's own report (the one ``gaptools export --format html`` writes), as
        a download link; a file that changed or went since the roll-up is said in words."""
        chosen = self.team_pick.value
        if not chosen:
            self.report_link.value = "<p>✗ Choose a team first.</p>"
            return
        self.report_link.value = "<p>Making the report…</p>"
        try:
            data = export(store.load(chosen), "html", "report")
        except WorkshopError as error:
            self.report_link.value = f"<p>✗ {html.escape(str(error))}</p>"
            return
        label = self.team_pick.label or team_label({"team": "", "file": chosen})
        self.report_link.value = (
            "<p>"
            + download_link(
                file_stem(label) + REPORT_ENDING, data, "text/html", f"{label}: report (HTML)"
            )
            + "</p>"
        )

    def draw_chart(self) -> None:
        """A bar chart of the teams in the table's order, as a PNG in the page."""
        if self.result is None:
            return
        frame = self.frame().head(CHART_TEAMS)
        encoded = base64.b64encode(teams_chart_png(frame)).decode("ascii")
        self.chart.value = (
            "<img alt='Initiatives in play, deploy-ready and pilots stuck, per team' "
            f"src='data:image/png;base64,{encoded}' style='max-width:100%'>"
        )


# -- what is shown -------------------------------------------------------------------------------


def default_folder() -> Path:
    """Where to roll up unless told: the user's workshop folder; on a JupyterHub, the folder
    that holds every user's workshop sub-folder (``files.home`` gives each user one under
    ``$GAPTOOLS_HOME``), which is the shared folder where the teams save."""
    home = workshops_home()
    return home.parent if os.environ.get("JUPYTERHUB_USER") else home


def teams_chart_png(frame: Any) -> bytes:
    """Grouped horizontal bars per team: initiatives in play, deploy-ready, pilots stuck.
    Team names are drawn as plain text (no mathtext), whatever they contain."""
    from gaptools.charts import PALETTE, new_figure, png_bytes, style_axes

    series = [
        ("in_play", "in play", PALETTE["blue"], ""),
        ("deploy_ready", "deploy-ready", PALETTE["green"], "//"),
        ("in_purgatory", "pilots stuck at the workshop", PALETTE["vermillion"], "xx"),
    ]
    names = [str(name) for name in frame[column_heading("team")]] if len(frame) else []
    figure = new_figure(9, 1.6 + 0.55 * max(len(names), 1))
    axes = figure.add_subplot()
    positions = list(range(len(names)))
    height = 0.26
    for offset, (column, label, colour, hatch) in enumerate(series):
        shown = frame[column_heading(column)]
        values = [v if isinstance(v, int | float) else 0 for v in shown] if names else []
        axes.barh(
            [p + (offset - 1) * height for p in positions],
            values,
            height=height,
            color=colour,
            hatch=hatch,
            edgecolor="white",
            label=label,
        )
    axes.set_yticks(positions, labels=[shorten(n, 40) for n in names])
    for tick in axes.get_yticklabels():
        tick.set_parse_math(False)
    axes.invert_yaxis()
    axes.set_xlabel("initiatives")
    axes.xaxis.get_major_locator().set_params(integer=True)
    figure.legend(loc="outside lower center", ncols=3, fontsize=11, frameon=False)
    style_axes(axes, "Initiatives per team")
    return png_bytes(figure)


#: The team table's columns of days, shown on one line each.
DAY_COLUMNS = ("date", "as_of", "first_cycle_start", "first_cycle_end")


def _whole_day(value: Any) -> str:
    """A day on one line: at 1366×768 the table's narrow columns broke "2026-12-23" after its
    first hyphen. Its hyphens are ones no line breaks at."""
    return str(value).replace("-", NO_BREAK_HYPHEN) if value not in (None, "") else ""


NO_BREAK_HYPHEN = "\u2011"


def _per_cent(value: Any) -> str:
    return percent(value) if isinstance(value, int | float) else str(value)


def _order(value: Any) -> tuple[int, Any]:
    """Numbers before text, each in its own order, so a column never mixes the two; text in
    the order people count ("Team 2" before "Team 10")."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (0, value)
    return (1, natural_key(str(value)))


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Numbers by value ("Team 2" before "Team 10"); letters without case or accents, so
    "Équipe Crédit" sorts among the E's, not after "Wealth Management"; symbols before the
    first letter or digit set aside, so "🚀 Digital Lab" sorts among the D's."""
    key = person_key(text)
    key = _LEADING_SYMBOLS.sub("", key) or key
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", key) if part
    )


_LEADING_SYMBOLS = re.compile(r"^[\W_]+")


def _list_html(items: list[str], empty: str) -> str:
    """A short list one per line; a long one (teams without a bet among two hundred) as one
    paragraph in order, so the page stays readable."""
    if not items:
        return f"<p>✓ {html.escape(empty)}</p>"
    ordered = sorted(items, key=natural_key)
    if len(items) > LIST_LINES:
        return f"<p>{plural(len(items), 'team')}: {html.escape(', '.join(ordered))}.</p>"
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in ordered) + "</ul>"


def totals_html(result: Rollup) -> str:
    totals = result.totals
    lines = standing(totals)  # what is wrong with the files is said where the roll-up ends
    if totals.get("stalled_by_reason"):
        lines.append(
            "Stalled initiatives, by reason: "
            f"{total_text('stalled_by_reason', totals['stalled_by_reason'])}."
        )
    medians = {k: v for k, v in (totals.get("medians") or {}).items() if v is not None}
    if medians:
        lines.append(
            f"Medians per team: {total_text('medians', medians)}. A median hides the spread: "
            "read the table for the teams far from it."
        )
    return "<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul>"


def _holders(side: list[dict[str, str]]) -> str:
    return "; ".join(f"{h['name']} ({team_label(h)})" for h in side)


def duplicates_html(result: Rollup) -> str:
    if not result.duplicates:
        return (
            f"<p>✓ No two teams have initiatives alike enough (score {result.threshold} or "
            f"more).</p>"
        )
    rows = "".join(
        f"<tr><td>{score_label(pair)}</td><td>{html.escape(_holders(pair['first']))}</td>"
        f"<td>{html.escape(_holders(pair['second']))}</td></tr>"
        for pair in result.duplicates
    )
    return scroll_box(
        "<table><tr><th>score</th><th>initiative (team)</th>"
        f"<th>alike initiative (team)</th></tr>{rows}</table>",
        "Alike initiatives",
    )


def scroll_box(table: str, name: str, wide: bool = False) -> str:
    """``table`` in a box that scrolls sideways when the table is wider than the form. The
    box takes the keyboard's focus, named, so that it can be scrolled without a mouse. A
    ``wide`` table (every column) keeps each column as wide as its text needs, up to a
    measure, and scrolls: squeezed into the form, "Still missing" was 105 pixels wide and
    each team's row 726 pixels tall."""
    classes = "gaptools-rollup-table" + (" gaptools-rollup-wide" if wide else "")
    return (
        f'<div class="{classes}" tabindex="0" role="region" '
        f'aria-label="{html.escape(name)}">{table}</div>'
    )


def across_html(result: Rollup) -> str:
    parts = []
    for title, found in (
        ("People", result.accountable_people),
        ("Functions", result.accountable_functions),
    ):
        if not found:
            parts.append(f"<p>✓ {title}: none is accountable in more than one team.</p>")
            continue
        items = "".join(
            f"<li>{html.escape(f['name'])}: {len(f['teams'])} teams "
            f"({html.escape(', '.join(f['teams']))})</li>"
            for f in found
        )
        parts.append(f"<p><b>{title}</b></p><ul>{items}</ul>")
    return "".join(parts)


def _nothing_counted(result: Rollup, shown: str) -> str:
    """Why no team was counted, the likeliest first. A folder holding one damaged workshop
    said "No workshop found", the damage only further down; a folder holding only the
    example, as the form's first folder does until teams save there, opened on a red ✗."""
    damaged = unreadable_files(result)
    others = [skipped for skipped in result.skipped if skipped not in damaged]
    if damaged:
        items = "".join(
            f"<li><code>{html.escape(s['file'])}</code>: {html.escape(s['reason'])}</li>"
            for s in damaged
        )
        return (
            f"✗ No team's workshop could be read in <code>{shown}</code>: "
            f"{plural(len(damaged), 'file')} that may be one could not be read.<ul>{items}</ul>"
            + (f"Also passed over:{_skipped_html(others)}" if others else "")
        )
    if result.skipped:
        return (
            f"No team's workshop in <code>{shown}</code> yet: the files in it are not teams' "
            "workshops (see why below). Type the folder where the teams save theirs, then "
            f"press Roll up.<br>Passed over:{_skipped_html(result.skipped)}"
        )
    return (
        f"✗ No workshop found in <code>{shown}</code>. Teams' workshop files end in .json; "
        "save or copy them into this folder, then press Roll up again."
    )


def _skipped_html(skipped: list[dict[str, str]]) -> str:
    """The files passed over, by reason; a reason shared by many files (every user's pointer
    file on a hub, say) shows its count and the first few, so the rare reasons stay visible."""
    if not skipped:
        return ""
    items = []
    for reason, files in skipped_by_reason(skipped):
        shown = some_of([f"<code>{html.escape(f)}</code>" for f in files], SKIPPED_SHOWN)
        if len(files) == 1:
            items.append(f"<li>{shown}: {html.escape(reason)}</li>")
            continue
        items.append(f"<li>{plural(len(files), 'file')}: {html.escape(reason)} ({shown})</li>")
    return f"<ul>{''.join(items)}</ul>"


def notes_html(result: Rollup) -> str:
    """The files counted that the office should look at, under their own heading; nothing
    when there are none, so the form does not grow a section that says nothing."""
    if not result.notes:
        return ""
    items = "".join(
        f"<li><code>{html.escape(n['file'])}</code>: {html.escape(n['note'])}</li>"
        for n in result.notes
    )
    return f"<h3>{html.escape(NOTES_TITLE)}</h3><ul>{items}</ul>"


def file_stem(label: str) -> str:
    """A team's label as the start of a file name: every team's file may be
    ``workshop.json``, and a folder of downloads named ``workshop-report.html``,
    ``workshop-report (1).html``… says nothing of whose each is."""
    return re.sub(r"[^\w.]+", "-", label.replace(".json", "")).strip("-.") or "team"


def downloads_html(result: Rollup) -> str:
    day = result.as_of.isoformat()
    links = [
        download_link(f"rollup-{day}.html", to_html(result), "text/html", "Roll-up report (HTML)"),
        download_link(f"rollup-{day}.xlsx", to_xlsx(result), XLSX, "Roll-up (Excel)"),
    ]
    return "<p>" + "".join(links) + "</p>"
