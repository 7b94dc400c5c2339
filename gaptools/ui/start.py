"""Step 0 form: open or create a workshop, describe the session, list who is in the room."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from gaptools.core.errors import WorkshopError
from gaptools.core.model import AgendaItem, Participant, QuarterRef, Workshop, new_id
from gaptools.core.quarter import MONTHS, planned_quarter, quarter_choices, quarter_of
from gaptools.core.text import plural
from gaptools.files import home, store
from gaptools.steps.bet import for_an_earlier_quarter
from gaptools.steps.merge import MergeReport, merge
from gaptools.steps.next_quarter import next_quarter, next_session_day
from gaptools.steps.registry import (
    FACILITATED,
    SELF_PACED,
    default_agenda,
    new_workshop,
    notebook_url,
    progress,
)
from gaptools.steps.start import (
    agenda_ends,
    duration_text,
    move_agenda_item,
    quarter_gaps,
    rename_participant,
    schedule,
    set_fiscal_year_start,
    setup_gaps,
    total_minutes,
)
from gaptools.ui.fields import Field
from gaptools.ui.kit import (
    BAR,
    STYLE,
    UNSHRUNK,
    WIDE,
    Form,
    beside,
    bullet_list,
    button,
    clock,
    entry,
    file_upload,
    heading,
    icon_button,
    on_enter,
    said_done,
    status_html,
)
from gaptools.ui.session import WorkshopSession
from gaptools.ui.styles import labelled, named_inline

STEP = "00_start_here"


def show(path: str | None = None) -> widgets.Widget:
    """The start form on the open workshop (the example copy until you choose another).

    Where the open workshop cannot be opened (gone, damaged), this is the page that must
    still work: it says why, and shows the example copy meanwhile so that another workshop
    can be opened or created, or the previous version put back."""
    try:
        return build(WorkshopSession.open(path)).widget
    except WorkshopError as error:
        unopened = error
    try:
        example = home.example_copy()
        if unopened.path is not None and example.resolve() == unopened.path.resolve():
            raise unopened  # the example copy itself is what cannot be opened
        session = WorkshopSession.open(example)
    except (WorkshopError, OSError):
        return Rescue(unopened).widget
    return build(session).unopened(unopened)


class Rescue:
    """Step 0 when not even the example copy opens (it is the damaged file, or the folder
    cannot be written): the ways out without a form, each making a workshop the one every
    notebook opens. It said "open step 0" on step 0 itself, a dead end."""

    def __init__(self, error: WorkshopError) -> None:
        self.path = error.path
        previous = _loaded(store.backup_path(self.path)) if self.path is not None else None
        self.restore_button = button("Go back to the previous version", "history")
        self.restore_button.on_click(lambda _: self.restore())
        self.restore_button.layout.display = None if previous is not None else "none"
        self.files = widgets.Dropdown(
            description="Open",
            options=_other_workshops(self.path),
            style=labelled(widgets.Dropdown),
            layout=WIDE,
        )
        opener = button("Open workshop", "folder-open")
        opener.on_click(lambda _: self.open_selected())
        self.new_name = widgets.Text(
            description="New workshop", style=labelled(widgets.Text), layout=WIDE
        )
        creator = button("Create", "plus")
        creator.on_click(lambda _: self.create())
        on_enter(self.create, self.new_name)
        self.said = widgets.HTML()
        said = _problems_html(error)
        self.widget = widgets.VBox(
            [
                widgets.HTML(STYLE),
                widgets.HTML(
                    "<div role='alert'><p style='font-size:1.2em'><b>✗ The workshop cannot be "
                    f"opened, nor the example copy in its place.</b><br>{said}</p><p>Go back "
                    "to its previous version, open another workshop, or create one; then run "
                    "this page again (in Voilà: reload it).</p></div>"
                ),
                self.restore_button,
                widgets.HBox([self.files, opener], _dom_classes=BAR),
                widgets.HBox([self.new_name, creator], _dom_classes=BAR),
                self.said,
            ],
            _dom_classes=("gaptools-form",),
        )

    def _chosen(self, path: Path, said: str) -> None:
        home.set_current(path)
        self.said.value = status_html(
            "ok", f"✓ {said}: run this page again (in Voilà: reload it) to work on it."
        )

    def _refused(self, error: Exception) -> None:
        problem = "; ".join(error.problems) if isinstance(error, WorkshopError) else str(error)
        self.said.value = status_html("refused", f"✗ {problem}")

    def restore(self) -> None:
        if self.path is None:
            return
        try:
            store.restore_backup(self.path)
        except (WorkshopError, OSError) as error:
            self._refused(error)
            return
        self._chosen(self.path, f"Went back to the previous version of {self.path.name}")

    def open_selected(self) -> None:
        if not self.files.value:
            self._refused(WorkshopError("choose a workshop file to open"))
            return
        chosen = Path(self.files.value)
        try:
            store.load(chosen)
        except WorkshopError as error:
            self._refused(error)
            return
        self._chosen(chosen, f"Opened {chosen.name}")

    def create(self) -> None:
        name = self.new_name.value.strip()
        try:
            if not name:
                raise WorkshopError("type a name for the new workshop first")
            path = _created(name)
        except (WorkshopError, OSError) as error:
            self._refused(error)
            return
        self._chosen(path, f"Created {path.name}")


#: What "Start the next quarter" does, said beside it.
NEXT_QUARTER = (
    "Back for the next quarter? Start its workshop from this one: the portfolio as it stands, "
    "the leaders, the settings and the decision record carry over, with this quarter's call in "
    "the record, and the maturity ratings, for the next round to be compared with; this "
    "quarter's votes, pulse and commitments stay in this file, left as it is."
)


#: As many characters of a file's name as the Open menu shows whole at 1366 px.
FILE_LABEL = 38


def menu_of(files: list[Path]) -> list[tuple[str, str]]:
    """The Open menu's choices: each file's name as ``file_labels`` shows it, and its path."""
    return list(zip(file_labels([p.name for p in files]), map(str, files), strict=True))


def file_labels(names: list[str]) -> list[str]:
    """The Open menu's names, a long one cut in its middle: cut at its end, every quarter's
    file of a team read 'Claims-and-Customer-Operations-leadershi…', hiding the 'Q2-2027'
    that tells them apart. Names that would then read alike are shown whole."""
    head = FILE_LABEL // 3
    tail = FILE_LABEL - head - 1
    cut = [n if len(n) <= FILE_LABEL else f"{n[:head]}…{n[-tail:]}" for n in names]
    return cut if len(set(cut)) == len(set(names)) else names


def _created(name: str, from_example: bool = False) -> Path:
    """A new workshop file named for the team ``name``: empty, or the example under an id of
    its own (a new workshop; its copies share this one). Step 0 and its rescue page both
    create with it."""
    path = home.new_workshop_path(name)
    if from_example:
        workshop = home.example_workshop()
        workshop.meta.workshop_id = new_id()
    else:
        workshop = new_workshop(team=name)
    return store.create(workshop, path)


def _problems_html(error: WorkshopError) -> str:
    """Why a workshop cannot be opened, its path said once; without the line asking a
    terminal to copy the .bak over, which the page's button does."""
    problems = [p for p in error.problems if not p.startswith(store.BACKUP_HINT)]
    where = f"<code>{html.escape(str(error.path))}</code>: " if error.path else ""
    return where + "; ".join(html.escape(p) for p in problems)


def _other_workshops(unopened: Path | None) -> list[tuple[str, str]]:
    try:
        files = home.list_workshops()
    except OSError:
        return []
    return menu_of([p for p in files if unopened is None or p != unopened])


MONTH_OPTIONS = [(name, number) for number, name in enumerate(MONTHS, start=1)]
ABOUT_FIELDS = [
    Field("Organisation", "organisation", placeholder="e.g. Harbourline Mutual"),
    Field("Team", "team", placeholder="e.g. Operations leadership"),
    Field("Facilitator", "facilitator", placeholder="who runs the session"),
    Field("Workshop date", "date", "date"),
    Field("Starts at", "start_time", "time"),
]
PARTICIPANT_FIELDS = [
    Field("Name", "name", inline=True, width="16em", placeholder="Name", apply=rename_participant),
    Field("Role", "role", inline=True, width="16em", placeholder="Role"),
]
MINUTES = Field("Minutes", "minutes", "whole", inline=True, width="6em")


class StartForm:
    """Kept as an object so tests can reach the parts a person would click."""

    def __init__(self, session: WorkshopSession) -> None:
        self.form = Form(session, STEP)
        self.session = session
        self.files = widgets.Dropdown(
            description="Open", style=labelled(widgets.Dropdown), layout=WIDE
        )
        self.open_button = button("Open workshop", "folder-open")
        self.shared = widgets.Text(
            description="Shared file",
            placeholder="e.g. /srv/shared/team/workshop.json",
            style=labelled(widgets.Text),
            layout=WIDE,
        )
        self.open_shared_button = button("Open shared workshop", "users")
        self.created: Path | None = None  # the workshop this form last created
        self.new_name = widgets.Text(
            description="New workshop",
            placeholder="the team's name, e.g. Claims leadership",  # its file, and its team
            style=labelled(widgets.Text),
            layout=WIDE,
        )
        self.from_example = widgets.Checkbox(
            description="Start from the example",
            value=False,
            indent=False,
            layout=widgets.Layout(width="auto"),
        )
        self.create_button = button("Create", "plus")
        self.next_date = widgets.DatePicker(
            description="Next session on",
            # Without one, ipywidgets writes "null" into the label's hover text.
            tooltip="The next quarter's session: it plans the quarter after it",
            value=next_session_day(session.workshop, dt.date.today()),
            style=labelled(widgets.DatePicker),
            layout=widgets.Layout(width="auto"),
        )
        self._offered = self.next_date.value
        session.subscribe(self._offer_next_day)
        self.next_button = button("Start the next quarter from this workshop", "forward")
        # What the new quarter's file kept and left, under the button: seven lines in the
        # status bar, which stays in sight, hid the fields the facilitator checks next.
        self.next_said = widgets.HTML()
        self.new_participant = widgets.Text(
            placeholder="Name",
            layout=widgets.Layout(width="16em"),
            **named_inline({"tooltip": "New participant's name"}),
        )
        self.new_role = widgets.Text(
            placeholder="Role",
            layout=widgets.Layout(width="16em"),
            **named_inline({"tooltip": "New participant's role"}),
        )
        self.add_participant = button("Add participant", "user-plus")
        self.widget = self.form.layout(
            *self._file_section(),
            *self._about_section(),
            *self._participants_section(),
            *self._agenda_section(),
            *self._merge_section(),
            heading("Still to do before the session"),
            self.form.live(lambda w: bullet_list(setup_gaps(w), "The start step is complete.")),
            heading("Where the workshop stands", "Each step, and what it still lacks."),
            self.form.live(_progress_html),
        )

    # -- leaders' own copies ------------------------------------------------------------------
    def _merge_section(self) -> list[widgets.Widget]:
        self.copies = file_upload(".json", "the leaders' copies (.json)", multiple=True)
        merger = button("Merge the uploaded copies", "code-fork")
        merger.on_click(lambda _: self.merge_copies())
        self.merge_report = widgets.HTML()
        return [
            heading(
                "Leaders' own copies",
                "Leaders who filled in their part on a copy of this workshop file send it back; "
                "merge their copies here (or: gaptools merge COPY... --into WORKSHOP).",
            ),
            widgets.HTML(f"<p>{html.escape(MERGE_NOTE)}</p>"),
            widgets.HBox([self.copies, merger], _dom_classes=BAR),
            self.merge_report,
        ]

    def merge_copies(self) -> None:
        """Every uploaded copy is read first; the merge is one change, undone as one."""
        if not self.copies.value:
            self.merge_report.value = "<p>Choose the copies with the Upload button first.</p>"
            return
        try:
            copies = [(u["name"], store.parse(bytes(u["content"]))) for u in self.copies.value]
        except WorkshopError as error:
            self.merge_report.value = _lines_html(["Nothing merged:", *error.problems])
            return
        reports: list[MergeReport] = []
        outcome = self.session.update(lambda w: reports.append(merge(w, copies)), "merge")
        self.form.status.show(outcome)
        if not outcome.ok:
            self.merge_report.value = _lines_html(
                ["Nothing merged:", *(text for _, text in outcome.problems)]
            )
            return
        self.merge_report.value = _lines_html(reports[-1].lines())

    # -- open or create ------------------------------------------------------------------
    def _file_section(self) -> list[widgets.Widget]:
        self._refresh_files()
        self.open_button.on_click(lambda _: self.open_selected())
        self.open_shared_button.on_click(lambda _: self.open_shared())
        self.create_button.on_click(lambda _: self.create())
        self.next_button.on_click(lambda _: self.start_next_quarter())
        on_enter(self.open_shared, self.shared)
        on_enter(self.create, self.new_name)
        where = self.form.live(lambda _: _file_note(self.session))
        self.trouble = widgets.HTML()
        self.restore_button = button("Go back to the previous version", "history")
        self.restore_button.on_click(lambda _: self.restore())
        self.trouble_box = widgets.VBox(
            [self.trouble, self.restore_button], layout=widgets.Layout(display="none")
        )
        self.unopened_path: Path | None = None
        return [
            heading("Your workshop"),
            self.trouble_box,
            where,
            # Bars that wrap: at 200% zoom a wide field takes the whole line, its button the next.
            widgets.HBox([self.files, self.open_button], _dom_classes=BAR),
            widgets.HBox([self.new_name, self.from_example, self.create_button], _dom_classes=BAR),
            widgets.HTML(f"<p>{html.escape(NEXT_QUARTER)}</p>"),
            widgets.HBox([self.next_date, self.next_button], _dom_classes=BAR),
            self.next_said,
            widgets.HTML(f"<p>{html.escape(SHARED)}</p>"),
            widgets.HBox([self.shared, self.open_shared_button], _dom_classes=BAR),
        ]

    def unopened(self, error: WorkshopError) -> widgets.Widget:
        """Say why the open workshop could not be opened, above everything else, and offer
        its previous version where that can be read; the form itself shows the example copy
        meanwhile. A workshop gone while a file of the folder holds the same workshop (it was
        renamed) is pointed to instead: its old backup would have brought back an older copy
        under the old name. Returns the page."""
        self.unopened_path = error.path
        previous = _loaded(store.backup_path(error.path)) if error.path is not None else None
        renamed = _holding(previous) if isinstance(error, home.Gone) else None
        restorable = previous is not None and renamed is None
        name = error.path.name if error.path is not None else "the open workshop"
        said = _problems_html(error)
        if renamed is not None:
            self.files.value = str(renamed)
            then = (
                f"{html.escape(renamed.name)} holds the same workshop (renamed?): it is chosen "
                "in Open below; press Open workshop."
            )
        elif restorable:
            then = (
                f"<b>Go back to the previous version</b> puts back {html.escape(name)} as it "
                "was before its last change, and keeps what stands there now beside it; or open "
                "another workshop below."
            )
        else:
            then = "Open another workshop below, or put the file back and run this page again."
        self.trouble.value = (
            f"<div role='alert'><p style='font-size:1.2em'><b>✗ Your workshop "
            f"{html.escape(name)} cannot be opened.</b><br>{said}</p>"
            f"<p>This page shows the example copy meanwhile: nothing typed here reaches "
            f"{html.escape(name)}. {then}</p></div>"
        )
        self.restore_button.layout.display = None if restorable else "none"
        self.trouble_box.layout.display = None
        self.form.status.note(f"Cannot open {name}: see Your workshop below", ok=False)
        return self.widget

    def restore(self) -> None:
        """Open the unopened workshop if it can be read again (another page put it back, or
        the room went on in it: putting the backup over it would lose that), else put its
        previous version back and open it."""
        path = self.unopened_path
        if path is None:
            return
        try:
            try:
                kept = store.restore_backup(path)
                said = f"Went back to the previous version of {path.name}"
            except store.ReadableAgain:
                kept, said = None, f"{path.name} can be read again: opened it, nothing put back"
            self._switch(path)
        except WorkshopError as error:
            self.form.status.note(f"Not restored · {'; '.join(error.problems)}", ok=False)
            return
        self.unopened_path = None
        self.trouble_box.layout.display = "none"
        self._refresh_files()
        more = f" (what stood there is kept as {kept.name})" if kept is not None else ""
        self.form.status.note(said + more)

    def _refresh_files(self) -> None:
        files = home.list_workshops()
        self.files.options = menu_of(files)
        current = str(self.session.path)
        if current in {str(p) for p in files}:
            self.files.value = current

    def open_selected(self) -> None:
        if not self.files.value:
            self.form.status.note("Choose a workshop file to open.", ok=False)
            return
        if self._open(Path(self.files.value), "it"):
            self.form.status.note(f"Opened {self.session.path.name}")

    def open_shared(self) -> None:
        """Open the workshop a facilitator shares on a server, by the path they give: it is in
        their folder, not in this person's own, so the list above never offers it."""
        typed = self.shared.value.strip().strip("'\"")
        if not typed:
            self.form.status.note(
                "Type the path of the workshop file your facilitator shares.", ok=False
            )
            return
        path = Path(typed).expanduser()
        if self._open(path, str(path)):
            self.form.status.note(f"Opened {path}: every notebook of yours opens it now")

    def _open(self, path: Path, named: str) -> bool:
        """Make ``path`` the workshop every notebook opens; a refusal says why, naming the
        file as ``named``."""
        try:
            self._switch(path)
        except WorkshopError as error:
            self.form.status.note(f"Cannot open {named} · {'; '.join(error.problems)}", ok=False)
            return False
        return True

    def create(self) -> None:
        name = self.new_name.value.strip()
        if not name and self.created is not None and self.session.path == self.created:
            # Pressed again after the box was emptied: "Type a name" hid the success.
            self.form.status.note(
                f"{self.created.name} is created and open. Type another name to create "
                "another workshop."
            )
            return
        if not name:
            self.form.status.note("Type a name for the new workshop first.", ok=False)
            return
        try:
            path = _created(name, self.from_example.value)
            self._switch(path)
        except WorkshopError as error:
            self.form.status.note(f"Not created · {'; '.join(error.problems)}", ok=False)
            return
        self.new_name.value = ""
        self.created = path
        self._refresh_files()
        self.form.status.note(f"Created and opened {path.name}")

    def start_next_quarter(self) -> None:
        """A new workshop for the next quarter's session, from the one open
        (``steps.next_quarter``), opened at once; this one is left as it is."""
        last, day = self.session.workshop, self.next_date.value
        if day is None:
            self.form.status.note("Choose the next session's date first.", ok=False)
            return
        try:
            workshop, carried = next_quarter(last, day)
            name = f"{last.meta.team or 'workshop'} {carried.quarter}"
            if (there := home.taken_name(name)) is not None:
                # The button takes no name, so "pick another name" left nothing to do.
                self.form.status.note(
                    f"Not created · {carried.quarter}'s workshop, {there.name}, is there "
                    "already: choose it in Open above to go on with it",
                    ok=False,
                )
                return
            path = store.create(workshop, home.new_workshop_path(name))
            source = self.session.path.name
            self._switch(path)
        except (WorkshopError, ValueError) as error:
            problems = error.problems if isinstance(error, WorkshopError) else [str(error)]
            self.form.status.note(f"Not created · {'; '.join(problems)}", ok=False)
            return
        self._refresh_files()
        first, *rest = carried.lines(source)
        # The bar says what was done, in one line; what the new file holds is said under the
        # button just pressed.
        self.form.status.note(f"Created and opened {path.name}")
        self.next_said.value = said_done(f"Created and opened {path.name}. {first}") + (
            bullet_list(rest, "") if rest else ""
        )

    def _offer_next_day(self, workshop: Workshop) -> None:
        """Follow the file: the day offered for the next session moves with the quarter it
        plans, unless someone has picked a day of their own."""
        offered = next_session_day(workshop, dt.date.today())
        if self.next_date.value in (self._offered, None) and self.next_date.value != offered:
            self.next_date.value = offered
        self._offered = offered

    def _switch(self, path: Path) -> None:
        """Open ``path`` in this page's session; what was said under "Start the next quarter"
        is of a file no longer open."""
        self.session.switch(path)
        self.next_said.value = ""

    # -- about the session ---------------------------------------------------------------
    def _about_section(self) -> list[widgets.Widget]:
        f = self.form
        return [
            heading("About the session"),
            *f.fields(ABOUT_FIELDS, lambda w: w.meta),
            # Not a plain field: a new first month keeps the months of the quarter chosen.
            f.choice(
                "Fiscal year starts in",
                MONTH_OPTIONS,
                lambda w: w.meta.fiscal_year_start_month,
                lambda w, month: set_fiscal_year_start(w.meta, month),
            ),
            f.choice("Quarter to plan", _quarter_options, _read_quarter, _write_quarter),
            f.live(_quarter_note),
        ]

    # -- participants --------------------------------------------------------------------
    def _participants_section(self) -> list[widgets.Widget]:
        self.add_participant.on_click(lambda _: self.add())
        on_enter(self.add, self.new_participant, self.new_role)
        self.participant_rows = self.form.rows(
            lambda w: w.meta.participants,
            self._participant_row,
            "No participants yet: add the leaders below.",
        )
        self.participant_said = widgets.HTML()  # what Add did, under it
        return [
            heading("Who is in the room", "Leaders who will decide, one line each."),
            self.participant_rows,
            widgets.HBox([self.new_participant, self.new_role, self.add_participant]),
            self.participant_said,
        ]

    def add(self) -> None:
        name, role = self.new_participant.value, self.new_role.value
        outcome = self.session.update(
            lambda w: w.meta.participants.append(Participant(name=name, role=role)),
            f"add participant {name.strip()}" if name.strip() else "new participant",
        )
        self.form.status.show(outcome)
        # Under the button as well: a blank or repeated name was refused in the status line
        # alone, off the screen of a person at the foot of the list.
        count = plural(len(self.session.workshop.meta.participants), "leader")
        self.participant_said.value = beside(outcome, f"Added {name.strip()}: {count} listed.")
        if outcome.ok:
            self.new_participant.value = ""
            self.new_role.value = ""

    def remove(self, participant_id: str) -> None:
        self.form.remove_entry(_participants, participant_id, _participant_name)

    def _participant_row(self, participant_id: str) -> widgets.HBox:
        return self.form.entry_row(
            _participants, participant_id, PARTICIPANT_FIELDS, _participant_name
        )

    # -- agenda --------------------------------------------------------------------------
    def _agenda_section(self) -> list[widgets.Widget]:
        f = self.form
        # The total first: it is redrawn before the rows' clock times, so the one line that
        # sums up a change reaches the page ahead of the dozen times it shifts.
        total = f.live(_agenda_total)
        rows = f.rows(lambda w: w.meta.agenda, self._agenda_row, "No agenda yet.")
        reset = button("Use the suggested agenda", "refresh")
        reset.on_click(lambda _: self.reset_agenda())
        alone = button("Use the self-paced agenda", "user")
        alone.on_click(lambda _: self.reset_agenda(SELF_PACED))
        return [
            heading(
                "Agenda",
                "Minutes per step; the clock times follow the start time. "
                "Move an item up or down, or remove what you will skip. Working alone, take "
                "the self-paced agenda: a notebook or two a day, over a week.",
            ),
            rows,
            total,
            widgets.HBox([reset, alone], _dom_classes=BAR),
        ]

    def _agenda_row(self, item_id: str) -> widgets.HBox:
        f = self.form

        def item(workshop: Workshop) -> AgendaItem | None:
            return entry(workshop.meta.agenda, item_id)

        def subject(workshop: Workshop) -> str:
            found = item(workshop)
            return f"'{found.title}'" if found else "a removed agenda item"

        times = f.live(lambda w: _slot_text(w, item_id))
        (minutes,) = f.fields([MINUTES], item, subject)
        actions = []
        for icon, way, offset in (("arrow-up", "up", -1), ("arrow-down", "down", 1)):
            move = self._agenda_button(item, icon, "Move {} " + way)
            move.on_click(lambda pressed, by=offset: self.move_agenda_item(item_id, by, pressed))
            actions.append(move)
        remove = self._agenda_button(item, "trash", "Remove {} from the agenda")
        remove.on_click(lambda _: self.remove_agenda_item(item_id))
        unit = widgets.Label("min", layout=UNSHRUNK)  # squeezed at 200% zoom, it read "mi"
        return widgets.HBox([times, minutes, unit, *actions, remove])

    def _agenda_button(
        self, item: Callable[[Workshop], AgendaItem | None], icon: str, words: str
    ) -> widgets.Button:
        """An arrow or bin named for its item ("Move 'Single bet' up"): a screen reader
        going down the list heard "Move up" on every line, and not what would move."""

        def said(workshop: Workshop) -> str | None:
            found = item(workshop)
            return words.format(f"'{found.title}'") if found else None

        return self.form.naming(lambda name: icon_button(name, icon), said, icon_only=True)

    def move_agenda_item(
        self, item_id: str, offset: int, pressed: widgets.Button | None = None
    ) -> None:
        """Move an item; the arrow pressed keeps the focus, which the list redrawn in its new
        order took away: moving an item three places meant finding its arrow three times."""

        def move(workshop: Workshop) -> None:
            move_agenda_item(workshop.meta, item_id, offset)

        found = entry(self.session.workshop.meta.agenda, item_id)
        where = "up" if offset < 0 else "down"
        what = f"moved '{found.title}' {where}" if found else "move agenda item"
        self.form.status.show(self.session.update(move, what))
        if pressed is not None:
            pressed.focus()

    def remove_agenda_item(self, item_id: str) -> None:
        self.form.remove_entry(
            lambda w: w.meta.agenda, item_id, lambda i: f"'{i.title}' from the agenda"
        )

    def reset_agenda(self, kind: str = FACILITATED) -> None:
        """The suggested agenda of ``kind``: the room's session, or the self-paced path a
        leader working alone follows (its steps' own titles and minutes, no break)."""

        def reset(workshop: Workshop) -> None:
            workshop.meta.agenda = default_agenda(kind)

        what = "self-paced agenda" if kind == SELF_PACED else "agenda reset"
        self.form.status.show(self.session.update(reset, what))


MERGE_NOTE = (
    "Added: their definitions, gut checks, named ballots, ratings and commitments, and any "
    "value or owner left empty here. Where a copy says something else than this file, this "
    "file's answer is kept and the difference is listed. An anonymous answer found in a copy "
    "comes in without a name, but you know whose copy it was: for answers that must stay "
    "secret, use the survey (anonymous responses on) or the private mode of steps 7 and 8."
)


def _lines_html(lines: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul>"


def _loaded(path: Path) -> Workshop | None:
    try:
        return store.load(path)
    except WorkshopError:
        return None


def _holding(previous: Workshop | None) -> Path | None:
    """A workshop of the folder that is ``previous``'s workshop (the same id), if any."""
    if previous is None:
        return None
    example = home.workshops_home() / home.EXAMPLE_COPY  # shares the example's id, as copies do
    for path in home.list_workshops():
        if path == example:
            continue
        found = _loaded(path)
        if found is not None and found.meta.workshop_id == previous.meta.workshop_id:
            return path
    return None


def build(session: WorkshopSession) -> StartForm:
    return StartForm(session)


def _participants(workshop: Workshop) -> list[Participant]:
    return workshop.meta.participants


def _participant_name(participant: Participant) -> str:
    return f"participant {participant.name}"


AUTO_QUARTER = "coming"


def _quarter_options(workshop: Workshop) -> list[tuple[str, str]]:
    """'The coming quarter' (which follows the date), then the current and next quarters."""
    meta = workshop.meta
    coming = planned_quarter(meta.model_copy(update={"planned_quarter": None}))
    options = [(f"The coming quarter ({coming.label})", AUTO_QUARTER)]
    for quarter in quarter_choices(meta):
        options.append((f"{quarter.label} ({quarter.span})", _quarter_key(quarter.ref())))
    chosen = meta.planned_quarter
    if chosen is not None and _quarter_key(chosen) not in {key for _, key in options}:
        label = planned_quarter(meta)
        options.append((f"{label.label} ({label.span})", _quarter_key(chosen)))
    return options


def _quarter_key(ref: QuarterRef) -> str:
    return f"{ref.fiscal_year}-Q{ref.number}"


def _read_quarter(workshop: Workshop) -> str:
    chosen = workshop.meta.planned_quarter
    return AUTO_QUARTER if chosen is None else _quarter_key(chosen)


def _write_quarter(workshop: Workshop, key: str) -> None:
    if key == AUTO_QUARTER:
        workshop.meta.planned_quarter = None
        return
    year, number = key.split("-Q")
    workshop.meta.planned_quarter = QuarterRef(fiscal_year=int(year), number=int(number))


def _quarter_note(workshop: Workshop) -> str:
    """Which quarter the workshop plans, and, right under the choice, a quarter that is over
    (the list of what is still to do is two screens further down)."""
    meta = workshop.meta
    planned = planned_quarter(meta)
    today = quarter_of(meta.date, meta.fiscal_year_start_month)
    note = (
        f"<p>The workshop falls in <b>{html.escape(today.label)}</b> and plans "
        f"<b>{html.escape(planned.label)}</b>, {html.escape(planned.span)}.</p>"
    )
    over = quarter_gaps(meta, dt.date.today())
    if for_an_earlier_quarter(workshop):
        # Planned a quarter on in the same file, last quarter's votes and pulse answers
        # counted again for the new one.
        note += f"<p class='gaptools-said'>{html.escape(ANOTHER_QUARTER)}</p>"
    return note + (bullet_list(over, "") if over else "")


#: Said under the quarter chosen when the bet on record was made for an earlier one.
ANOTHER_QUARTER = (
    "The bet on record was decided for an earlier quarter: this file still holds that "
    "quarter's gut checks, votes and pulse answers, which would count again for this one. To "
    "plan the new quarter afresh, choose the quarter this file planned again, and use 'Start "
    "the next quarter from this workshop' above."
)


def _slot_text(workshop: Workshop, item_id: str) -> str:
    slot = next((s for s in schedule(workshop.meta) if s.item.id == item_id), None)
    if slot is None:
        return ""
    times = f"{clock(slot.starts)}–{clock(slot.ends)}"
    title = html.escape(slot.item.title)
    # Top-aligned: a title that wraps keeps its clock time on its first line.
    return (
        f'<span style="display:inline-block;width:7em;vertical-align:top">{times}</span>'
        f'<span style="display:inline-block;width:24em;vertical-align:top">{title}</span>'
    )


def _agenda_total(workshop: Workshop) -> str:
    ends = agenda_ends(workshop.meta)
    until = f", ending at {clock(ends)}" if ends else ""
    return f"<p><b>Total: {duration_text(total_minutes(workshop.meta))}</b>{until}.</p>"


def _progress_html(workshop: Workshop) -> str:
    """One line per step that exists: done, or the first thing it lacks, with its notebook."""
    lines = []
    for stage in progress(workshop):
        step = stage.step
        url = html.escape(notebook_url(step))
        link = f"<a href='{url}'>{html.escape(step.heading)}</a>"
        if stage.missing:
            more = f" (and {len(stage.missing) - 1} more)" if len(stage.missing) > 1 else ""
            note = f"◌ {html.escape(stage.missing[0])}{more}"
        elif stage.waiting:
            note = "◌ waits for the initiatives of step 1"
        elif stage.flags:
            note = f"◌ {html.escape(stage.flags[0])}"
        else:
            note = "✓ nothing missing"
        lines.append(f"<tr><td>{link}</td><td>{note}</td></tr>")
    return f"<table class='gaptools-table'><tbody>{''.join(lines)}</tbody></table>"


SHARED = (
    "On a shared server, leaders work on their facilitator's workshop itself: type the path "
    'the facilitator\'s step 0 shows after "Saving every change to", and open it. Your '
    "notebooks then all open it, and every change is saved under its lock with everyone "
    "else's."
)


def _file_note(session: WorkshopSession) -> str:
    return (
        f"<p>Saving every change to <code>{html.escape(str(session.path))}</code>. "
        f"Other workshops in <code>{html.escape(str(session.path.parent))}</code> "
        "can be opened below.</p>"
    )
