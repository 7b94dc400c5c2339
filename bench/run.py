"""``make bench``: how fast gaptools answers, measured here rather than asserted in tests.

It prints the machine first (figures mean little without it), then one row per measure: the
median and the 95th percentile of its runs in milliseconds, the number of runs, the limit as a
number and ``ok`` or ``MISS`` against it. A ratio row (``ratio: … (x100)``) divides the medians
of two rows measured in the same run, taken in turn, so its limit holds on any machine; it and
the rows measured once say so with one run and no p95. A limit that depends on another row is
computed from that row in the same run.

The same figures, with the raw samples and a header naming the machine, the date and the
commit, go to ``bench/results.json`` (git-ignored); ``bench/compare.py OLD NEW`` sets two such
files side by side. ``--only TEXT`` runs only the groups whose function name or row names
contain TEXT, to re-measure one area quickly.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import importlib.util
import inspect
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from gaptools.core.model import Participant, Workshop
from gaptools.files import store
from gaptools.files.portfolio_import import merge_sheet
from gaptools.files.sheets import read_sheet
from gaptools.files.synthetic import pmo_rows, portfolio_rows, synthetic_workshop
from gaptools.ui.session import WorkshopSession

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CLI = [sys.executable, "-m", "gaptools"]
CHROMIUM = Path("/usr/bin/chromium")
ROUNDTRIP = HERE / "roundtrip.py"

# -- rows -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of the table.

    ``samples`` are milliseconds, one per run, kept raw so the median and p95 come from the
    same figures the results file records; a ratio row holds its one value, x100; a row with
    none measured nothing (a step of the round trip that never answered). ``limit`` is
    in the unit of the figure it checks: the median, or the p95 where ``on_p95`` (for targets
    stated as a 95th percentile). ``checks`` are other conditions the row must meet, such as
    a bomb's peak memory, and ``details`` other figures worth keeping in the results file.
    """

    name: str
    samples: tuple[float, ...]
    target: str = ""
    limit: float | None = None
    on_p95: bool = False
    ratio: bool = False
    checks: tuple[tuple[str, bool], ...] = ()
    details: dict[str, object] = field(default_factory=dict)

    @property
    def runs(self) -> int:
        return len(self.samples)

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None

    @property
    def p95(self) -> float | None:
        """None for a single figure, which has no spread to report."""
        if len(self.samples) < 2:
            return None
        return statistics.quantiles(self.samples, n=20, method="inclusive")[18]

    @property
    def checked(self) -> float | None:
        """The figure the limit applies to (a single run stands for its own p95)."""
        p95 = self.p95
        return p95 if self.on_p95 and p95 is not None else self.median

    @property
    def met(self) -> bool | None:
        """None when the row has no target: it is there to compare with, not to pass. A target
        with nothing measured is missed: nothing shows it was met."""
        if self.limit is None and not self.checks:
            return None
        checked = self.checked
        within = self.limit is None or (checked is not None and checked < self.limit)
        return within and all(ok for _, ok in self.checks)

    def limit_text(self) -> str:
        if self.limit is None:
            return ""
        exact = self.limit >= 10 or float(self.limit).is_integer()
        shown = f"{self.limit:.0f}" if exact else number(self.limit)
        return f"{'p95 ' if self.on_p95 else ''}< {shown}"

    def as_json(self) -> dict[str, object]:
        median, p95 = self.median, self.p95
        return {
            "median_ms": None if median is None else round(median, 3),
            "p95_ms": None if p95 is None else round(p95, 3),
            "runs": self.runs,
            "unit": "x100" if self.ratio else "ms",
            "target": self.target,
            "limit": None if self.limit is None else round(self.limit, 3),
            "limit_on": "ratio" if self.ratio else "p95" if self.on_p95 else "median",
            "met": self.met,
            **({"checks": dict(self.checks)} if self.checks else {}),
            **self.details,
            **({} if self.ratio else {"samples_ms": [round(s, 3) for s in self.samples]}),
        }


def number(value: float | None) -> str:
    """Milliseconds as the table shows them: tenths, or thousandths below one."""
    if value is None:
        return ""
    return f"{value:.3f}" if abs(value) < 1 else f"{value:.1f}"


def ratio(name: str, top: Row, bottom: Row, times: float | None) -> Row:
    """``top`` over ``bottom`` (their medians, x100), whose limit is ``times`` the bottom row
    (None: a figure for context, with no target); no figure when either has none."""
    above, below = top.median, bottom.median
    return Row(
        name,
        () if above is None or not below else (100 * above / below,),
        "" if times is None else f"< {100 * times:g} ({times:g} x)",
        limit=None if times is None else 100 * times,
        ratio=True,
        details={"of": [top.name, bottom.name]},
    )


# -- timing ---------------------------------------------------------------------------------------


def timed(
    action: Callable[[], object], repeat: int, prepare: Callable[[], object] | None = None
) -> tuple[float, ...]:
    """Milliseconds of ``repeat`` runs of ``action``, each after an untimed ``prepare``."""
    samples = []
    for _ in range(repeat):
        if prepare is not None:
            prepare()
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return tuple(samples)


def in_turn(actions: dict[str, Callable[[], object]], repeat: int) -> dict[str, tuple[float, ...]]:
    """Samples of several actions taken in turn (a, b, c, a, b, c, …): a burst of load from
    other processes on a shared machine then falls on all of them alike, which is what the
    ratio of their medians needs."""
    samples: dict[str, list[float]] = {key: [] for key in actions}
    for _ in range(repeat):
        for key, action in actions.items():
            samples[key].extend(timed(action, 1))
    return {key: tuple(values) for key, values in samples.items()}


def command(*argv: str) -> Callable[[], None]:
    """A whole command, start-up included, as a person or a script would run it."""
    return lambda: subprocess.run(argv, check=True, capture_output=True)


def gaptools(*args: str) -> Callable[[], None]:
    return command(*CLI, *args)


def python(*args: str) -> Callable[[], None]:
    """The same interpreter as the commands, with nothing of gaptools: the floor they sit on."""
    return command(sys.executable, *args)


# -- shared inputs --------------------------------------------------------------------------------


class Inputs:
    """The workshop files several groups share, written on first use so that a run with
    ``--only`` pays only for what its groups read."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @cached_property
    def big(self) -> Path:
        """1,000 initiatives: the scale of a transformation office's portfolio."""
        path = self.folder / "workshop-1000.json"
        store.save(synthetic_workshop(1000), path)
        return path

    @cached_property
    def mid(self) -> Path:
        """200 initiatives: a large workshop, where the forms must still feel instant."""
        path = self.folder / "workshop-200.json"
        store.save(synthetic_workshop(200), path)
        return path

    def subfolder(self, name: str) -> Path:
        path = self.folder / name
        path.mkdir(exist_ok=True)
        return path


class Skipped(Exception):
    """A group that cannot run here (a browser missing, say); the reason is printed."""


Group = Callable[[Inputs], list[Row]]
GROUPS: list[Group] = []


def group(function: Group) -> Group:
    """Registers a group of rows; the bench runs them in the order they are written."""
    GROUPS.append(function)
    return function


def words_of(function: Group) -> str:
    """The function's name and every string literal in its body, where its row names are
    written: what ``--only`` searches, so no list of rows needs keeping beside the code."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    texts = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    return "\n".join([function.__name__, *texts]).lower()


# -- the groups -----------------------------------------------------------------------------------


@group
def measure_commands(inputs: Inputs) -> list[Row]:
    """Whole commands on the 1,000-initiative workshop, against a bare interpreter loading the
    same file: what gaptools adds on top of reading JSON (imports, validation, the summary)."""
    big = str(inputs.big)
    bare_load = "import json,sys; json.load(open(sys.argv[1],'rb'))"
    samples = in_turn(
        {
            "bare": python("-c", bare_load, big),
            "pydantic": python("-c", PYDANTIC_FLOOR),
            "model": python("-c", MODEL_FLOOR),
            "validate": gaptools("validate", big),
            "status": gaptools("status", big),
        },
        7,
    )
    bare = Row("command: python -c json.load(FILE), 1,000 initiatives", samples["bare"])
    pydantic = Row("command: python -c 'from pydantic import BaseModel'", samples["pydantic"])
    model = Row(
        "command: python -c import the model and build its validators (no file)", samples["model"]
    )
    validate = Row("command: gaptools validate, 1,000 initiatives", samples["validate"])
    status = Row("command: gaptools status, 1,000 initiatives", samples["status"])
    return [
        Row("CLI start-up: gaptools --help", timed(gaptools("--help"), 7), "< 1000", 1000),
        bare,
        pydantic,
        model,
        validate,
        status,
        ratio("ratio: gaptools validate / bare json.load, 1,000 (x100)", validate, bare, 6),
        ratio("ratio: gaptools status / bare json.load, 1,000 (x100)", status, bare, 6),
        ratio("ratio: pydantic import alone / bare json.load (x100)", pydantic, bare, None),
        ratio("ratio: model and validators, no file / bare json.load (x100)", model, bare, None),
    ]


# What every command that reads a workshop pays before reading it, shown beside the commands
# so the share of their time that is the model's library, not gaptools, is measured too.
PYDANTIC_FLOOR = "from pydantic import BaseModel"
# As a command does it: without pydantic's search for plugins (see ``cli.PLUGINS_SWITCH``),
# the validator made from the schema kept in the cache folder (``files.validator_cache``).
MODEL_FLOOR = (
    "import os; os.environ['PYDANTIC_DISABLE_PLUGINS'] = '__all__'; "
    "from gaptools.files.store import atomic_write; "
    "from gaptools.files.validator_cache import ready; ready(atomic_write)"
)


@group
def measure_store(inputs: Inputs) -> list[Row]:
    """Loading and saving in process, and one form change through a session to the file."""
    big, mid = inputs.big, inputs.mid
    workshop = store.load(big)
    session = WorkshopSession(mid, store.load(mid))
    names = iter(range(10**6))

    def edit() -> None:
        session.update(lambda w: setattr(w.meta, "team", f"Team {next(names)}"), "Team")

    return [
        Row("load in-process, 1,000 initiatives", timed(lambda: store.load(big), 7)),
        Row("atomic save, 1,000 initiatives", timed(lambda: store.save(workshop, big), 7)),
        Row("form change saved, 200 initiatives", timed(edit, 15), "< 100", 100),
    ]


@group
def measure_sharing(inputs: Inputs) -> list[Row]:
    """Several notebooks on one workshop: undoing this one's change on top of the file, and
    an open session picking up a save made elsewhere (what the kernel's watcher does)."""
    mid = inputs.mid
    here = WorkshopSession(mid, store.load(mid))
    there = WorkshopSession(mid, store.load(mid))
    counter = iter(range(10**6))
    first = here.workshop.initiatives[0].id

    def change_here() -> None:
        here.update(
            lambda w: setattr(
                next(i for i in w.initiatives if i.id == first).value, "guardrail", "g"
            ),
            "Guardrail",
        )
        there.update(lambda w: setattr(w.meta, "team", f"Team {next(counter)}"), "Team")

    def save_there() -> None:
        there.update(lambda w: setattr(w.meta, "team", f"Team {next(counter)}"), "Team")

    return [
        Row(
            "undo on top of another's save, 200 initiatives",
            timed(here.undo, 15, prepare=change_here),
            "< 100",
            100,
        ),
        Row("follow: nothing saved elsewhere (one tick)", timed(here.poll, 15), "< 5", 5),
        Row(
            "follow: a save elsewhere picked up, 200",
            timed(here.poll, 15, prepare=save_there),
            "< 100",
            100,
        ),
    ]


@group
def measure_portfolio(inputs: Inputs) -> list[Row]:
    """Step 1: importing a 1,000-row sheet, and the diagnosis following one edit. A PMO's
    sheet (its own headers, stage words and efforts) may cost at most 20% over the template's
    same cells, both measured here."""
    import csv
    import io

    from openpyxl import Workbook

    from gaptools.steps.registry import new_workshop
    from gaptools.ui.portfolio import PortfolioForm

    def csv_of(header: list[str], rows: list[list[object]], encoding: str) -> bytes:
        text = io.StringIO()
        csv.writer(text).writerows([header, *rows])
        return text.getvalue().encode(encoding)

    header, rows = portfolio_rows(1000)
    csv_bytes = csv_of(header, rows, "utf-8")
    pmo_bytes = csv_of(*pmo_rows(1000, extra=False), "cp1252")  # the same cells, as a PMO writes
    book = Workbook()
    for row in [header, *rows]:
        book.active.append(row)
    xlsx_path = inputs.folder / "portfolio.xlsx"
    book.save(xlsx_path)
    xlsx_bytes = xlsx_path.read_bytes()

    def import_into_empty(data: bytes, name: str) -> None:
        merge_sheet(new_workshop(), read_sheet(data, name), name)

    form = PortfolioForm(WorkshopSession(inputs.mid, store.load(inputs.mid)))
    first = table_rows(form.rows)[0]
    text_box = first.children[4]  # the sponsor of the first initiative
    stage_box = first.children[2]
    counter = iter(range(10**6))
    stages = iter(["pilot", "idea"] * 100)

    def edit_sponsor() -> None:
        text_box.value = f"Sponsor {next(counter)}"

    def edit_stage() -> None:
        stage_box.value = next(stages)

    imports = in_turn(
        {
            "template": lambda: import_into_empty(csv_bytes, "p.csv"),
            "pmo": lambda: import_into_empty(pmo_bytes, "p.csv"),
        },
        9,
    )
    template = Row("import 1,000-row CSV (parse + merge)", imports["template"])
    return [
        template,
        Row(
            "import 1,000-row CSV with a PMO's headers, stage words and efforts",
            imports["pmo"],
            "< template sheet + 20%",
            template.median * 1.2,
        ),
        Row(
            "import 1,000-row XLSX (parse + merge)",
            timed(lambda: import_into_empty(xlsx_bytes, "p.xlsx"), 5),
        ),
        Row(
            "portfolio: edit saved + diagnosis refreshed, 200 initiatives",
            timed(edit_sponsor, 15),
            "< 100",
            100,
        ),
        Row(
            "portfolio: stage edit, diagnosis + charts redrawn, 200",
            timed(edit_stage, 9),
            "< 100",
            100,
        ),
    ]


@group
def measure_value(inputs: Inputs) -> list[Row]:
    """Step 3: one field change to the refreshed verdict and overview table."""
    from gaptools.ui.value import ValueForm

    form = ValueForm(WorkshopSession(inputs.mid, store.load(inputs.mid)))
    target = next(w for w in form.fields if w.description == "Target")
    numbers = iter(range(1, 10**6))

    def edit_target() -> None:
        target.value = str(next(numbers))

    return [
        Row(
            "value: target typed, verdict + overview refreshed, 200",
            timed(edit_target, 15),
            "< 100",
            100,
        ),
    ]


def table_rows(box) -> list:
    """A table's rows as a form shows them: without its pager and its heading."""
    skipped = {"gaptools-pager", "gaptools-grid-head"}
    return [child for child in box.children if not skipped & set(child._dom_classes)]


@group
def measure_ownership(inputs: Inputs) -> list[Row]:
    """Step 4: one cell of the map to refreshed findings, heatmap and load chart."""
    from gaptools.ui.ownership import OwnershipForm

    form = OwnershipForm(WorkshopSession(inputs.mid, store.load(inputs.mid)))
    cell = table_rows(form.grid)[0].children[4]  # first initiative, first function
    letters = iter(["R", "C"] * 100)

    def edit_cell() -> None:
        cell.value = next(letters)

    return [
        Row("ownership: cell changed, findings + heatmap, 200", timed(edit_cell, 15), "< 100", 100),
    ]


@group
def measure_prioritise(inputs: Inputs) -> list[Row]:
    """Step 6: a weight or capacity change to the refreshed ranking with its stability."""
    from gaptools.ui.prioritise import PrioritiseForm

    form = PrioritiseForm(WorkshopSession(inputs.mid, store.load(inputs.mid)))
    form.capacity.value = "300"
    weight = form.weights["value"]
    weights = iter([4, 3] * 100)
    capacities = iter(["250", "300"] * 100)

    def edit_weight() -> None:
        weight.value = next(weights)

    def edit_capacity() -> None:
        form.capacity.value = next(capacities)

    return [
        Row(
            "prioritise: weight changed, ranking + stability, 200",
            timed(edit_weight, 9),
            "< 100",
            100,
        ),
        Row(
            "prioritise: capacity changed, ranking + stability, 200",
            timed(edit_capacity, 9),
            "< 100",
            100,
        ),
    ]


@group
def measure_voting(inputs: Inputs) -> list[Row]:
    """Step 7: one ballot to the refreshed form, and the reveal to the tally, 50 leaders."""
    from gaptools.core.model import Participant
    from gaptools.steps.voting import cast, open_voting, reveal, set_mode
    from gaptools.ui.bet import BetForm

    workshop = synthetic_workshop(200)
    workshop.meta.participants = [Participant(name=f"Leader {n}") for n in range(50)]
    set_mode(workshop, "named")
    open_voting(workshop)
    names = [i.name for i in workshop.initiatives]
    for n in range(49):
        cast(workshop, f"Leader {n}", {names[n % 200]: 2, names[(n * 7) % 200]: 1})
    path = inputs.folder / "voting-200.json"
    store.save(workshop, path)
    form = BetForm(WorkshopSession(path, store.load(path)))
    boxes = [b for b in form.dot_boxes.children if hasattr(b, "options")]
    counter = iter(range(10**6))

    def one_ballot() -> None:
        form.voter.value = "Leader 49"
        boxes[next(counter) % len(boxes)].value = 2
        form.cast_ballot()

    def reveal_and_tally() -> None:
        form.act(reveal, "reveal")
        form.session.update(lambda w: setattr(w.voting, "phase", "open"), "reopen")

    return [
        Row(
            "vote: one ballot saved + form refreshed, 50 x 200", timed(one_ballot, 9), "< 100", 100
        ),
        Row("vote: reveal to tally shown, 50 x 200", timed(reveal_and_tally, 9), "< 100", 100),
    ]


@group
def measure_pulse(inputs: Inputs) -> list[Row]:
    """Step 8: one pulse answer sent from the form (sealed, saved, the form refreshed; every
    third publishes a batch), with 200 answers already published, 200 initiatives."""
    from gaptools.core.model import PulseAnswer
    from gaptools.steps import pulse
    from gaptools.ui.change import ChangeForm

    workshop = synthetic_workshop(200)
    workshop.pulse.answers = [
        PulseAnswer(
            feeling=1 + n % 5, clarity=1 + n % 3, time_to_learn=1 + n % 4, day=dt.date.today()
        )
        for n in range(200)
    ]
    path = inputs.folder / "pulse-200.json"
    store.save(workshop, path)
    form = ChangeForm(WorkshopSession(path, store.load(path)))
    form.open_pulse()
    counter = iter(range(10**6))

    def one_answer() -> None:
        n = next(counter)
        for question in pulse.QUESTIONS:
            form.scales[question.key].value = 1 + n % 5
        form.concern.value = f"worry {n}"
        form.send()

    return [
        Row(
            "pulse: one answer sealed + form refreshed, 200 stored",
            timed(one_answer, 12),
            "< 100",
            100,
        )
    ]


@group
def measure_learning(inputs: Inputs) -> list[Row]:
    """Step 9: a cycle logged from the form, and a leader's maturity rating changed, with 200
    initiatives (one cycle each already) and eight leaders' ratings."""
    from gaptools.core.model import Cycle, MaturityRating, Participant
    from gaptools.steps.maturity import dimensions
    from gaptools.ui.learning import LearningForm

    workshop = synthetic_workshop(200)
    start = dt.date.today() - dt.timedelta(days=30)
    for initiative in workshop.initiatives:
        initiative.cycles = [Cycle(start=start, end=start + dt.timedelta(days=28))]
    codes = [d.code for d in dimensions()]
    workshop.meta.participants = [Participant(name=f"Leader {n}") for n in range(8)]
    workshop.maturity.ratings = [
        MaturityRating(
            rater=f"Leader {n}", scores={c: 1 + (n + k) % 5 for k, c in enumerate(codes)}
        )
        for n in range(8)
    ]
    path = inputs.folder / "learning-200.json"
    store.save(workshop, path)
    form = LearningForm(WorkshopSession(path, store.load(path)))
    counter = iter(range(10**6))

    def change_a_rating() -> None:
        n = next(counter)
        form.rater.value = "Leader 3"
        for k, scale in enumerate(form.scales.values()):
            scale.value = 1 + (n + k) % 5
        form.save_rating()

    return [
        Row(
            "learning: a cycle logged + form refreshed, 200", timed(form.add_cycle, 9), "< 100", 100
        ),
        Row(
            "maturity: a rating changed + radar redrawn, 200",
            timed(change_a_rating, 9),
            "< 100",
            100,
        ),
    ]


@group
def measure_survey(inputs: Inputs) -> list[Row]:
    """The pre-workshop survey: 500 responses of a Google Forms export, read and added to the
    example workshop in one transaction."""
    import csv

    from gaptools.core.resources import data_file
    from gaptools.files.survey_import import read_survey
    from gaptools.steps.survey import apply, questions

    workshop = store.load(data_file("example_workshop.json"))
    asked = questions(workshop)
    header = ["Timestamp", *(q.text for q in asked)]
    rows = []
    for n in range(500):
        row = [f"2026/11/{10 + n % 10} 9:{n % 60:02d}:{n % 57:02d} AM GMT+1"]
        for q in asked:
            if q.kind == "scale":
                row.append(str(1 + (n + len(row)) % 5))
            elif q.options:
                row.append(q.options[n % len(q.options)])
            else:
                row.append(f"Answer {n} to {q.id}")
        rows.append(row)
    source = inputs.folder / "survey-500.csv"
    with source.open("w", newline="", encoding="utf-8-sig") as out:
        csv.writer(out).writerows([header, *rows])
    path = inputs.folder / "survey-workshop.json"

    def import_500() -> None:
        store.save(workshop, path)
        sheet = read_survey(source, workshop)
        store.edit(path, lambda w: apply(w, sheet.responses, dt.date.today()), "survey")

    return [
        Row(
            "survey: 500 responses read and added, in-process",
            timed(import_500, 3),
            "< 1000",
            1000,
        )
    ]


@group
def measure_rollup(inputs: Inputs) -> list[Row]:
    """The transformation office's roll-up of 1,000 workshops of 30 initiatives, against just
    loading and validating them all, taken in turn three times: each takes seconds, and a
    single run of each moved their ratio from 1.8 to 3.1 between two runs of the same code."""
    from gaptools.export.rollup import rollup_sources

    teams = inputs.subfolder("teams")
    for n in range(1000):
        workshop = synthetic_workshop(30, seed=n)
        workshop.meta.team = f"Team {n}"
        workshop.meta.workshop_id = f"{n:016x}"
        store.save(workshop, teams / f"team-{n}.json")
    files = sorted(teams.glob("*.json"))

    def load_all() -> None:
        for path in files:
            store.load(path)

    samples = in_turn({"loading": load_all, "rolling": lambda: rollup_sources([teams])}, 3)
    loading = Row("rollup: load and validate 1,000 workshops of 30", samples["loading"])
    rolling = Row(
        "rollup: 1,000 workshops of 30 rolled up",
        samples["rolling"],
        "< 3 x loading",
        3 * loading.median,
    )
    return [loading, rolling, ratio("ratio: rollup / loading (x100)", rolling, loading, 3)]


@group
def measure_duplicates(inputs: Inputs) -> list[Row]:
    """The search for the same idea in several teams when every team words its own ideas
    (``varied_ideas``): it compares every pair of distinct texts, so it grows with their
    square. Measured once each: it takes seconds, and a minute at a thousand teams."""
    from gaptools.files.synthetic import varied_ideas
    from gaptools.summaries.rollup import duplicates

    rows = []
    for teams, limit in ((200, 10_000.0), (1000, None)):
        ideas = [
            {"team": f"Team {n}", "file": f"team-{n}.json", "name": name, "description": text}
            for n, written in enumerate(varied_ideas(teams, 30))
            for name, text in written
        ]
        rows.append(
            Row(
                f"rollup: same idea searched, {teams:,} teams of 30 ideas each worded apart",
                timed(lambda ideas=ideas: duplicates(ideas), 1),
                "< 10000" if limit else "",
                limit,
            )
        )
    return rows


@group
def measure_room(inputs: Inputs) -> list[Row]:
    """Fifty phones at once against the room on 127.0.0.1: each joins with the code and sends
    its pulse; the time of each request a phone makes (the page, the join, the answer)."""
    import threading

    from gaptools.room import Room

    if str(HERE.parent) not in sys.path:  # the tests' phone: plain HTTP with cookies
        sys.path.insert(0, str(HERE.parent))
    from tests.room.phone import Phone

    people = 50
    path = inputs.subfolder("room") / "workshop.json"
    workshop = synthetic_workshop(30)
    # A room of fifty leaders lists fifty: an anonymous answer is given under a listed name.
    workshop.meta.participants = [Participant(name=f"Leader {n:02}") for n in range(people)]
    store.save(workshop, path)
    times: list[float] = []
    lock = threading.Lock()
    with Room(path) as room:
        room.open_question("pulse")
        ready = threading.Barrier(people, timeout=60)

        def one(number: int) -> None:
            phone = Phone(room)
            ready.wait()
            mine = []
            for step in ("join", "page", "answer"):
                started = time.perf_counter()
                if step == "join":
                    phone.join_by_code(room.code)
                elif step == "page":
                    page = phone.scan()
                else:
                    # Each under their own name, as the room asks where leaders are listed.
                    feeling = str(number % 5 + 1)
                    fields = {"feeling": feeling, "clarity": "3", "time_to_learn": "2"}
                    phone.answer({**fields, "name": f"Leader {number:02}"}, page)
                mine.append((time.perf_counter() - started) * 1000)
            phone.close()
            with lock:
                times.extend(mine)

        threads = [threading.Thread(target=one, args=(n,), daemon=True) for n in range(people)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        answered = room.counts().answered
    return [
        Row(
            f"room: {people} phones at once, each request (join, page, answer)",
            tuple(times),
            "p95 < 1000; every answer counted",
            1000.0,
            on_p95=True,
            checks=((f"{answered} of {people} answers counted", answered == people),),
        )
    ]


def with_bet(workshop: Workshop) -> Workshop:
    """A complete-looking card, so the canvas draws every box (the worst case for layout)."""
    live = workshop.live_initiatives()
    bet = workshop.bet
    bet.initiative = live[0].name
    bet.decided_by, bet.decided_on = "Facilitator", workshop.meta.date
    bet.options_considered = [i.name for i in live[:3]]
    bet.first_cycle_end = workshop.meta.date + dt.timedelta(weeks=5)
    bet.debrief_dates = [workshop.meta.date + dt.timedelta(weeks=w) for w in (2, 5)]
    bet.kill_criteria = "Stop if the metric has not moved by a third by the end of the cycle. " * 4
    bet.stopped = [live[1].name]
    bet.readiness_gaps = ["Evaluation", "Monitoring"]
    return store.revalidate(workshop)


@group
def measure_exports(inputs: Inputs) -> list[Row]:
    """Step 10: every format of both canvases and the data, example and 200 initiatives
    (in-process, warm)."""
    from gaptools.core.resources import EXAMPLE_WORKSHOP, data_file
    from gaptools.export import export

    workshops = {
        "example": with_bet(store.load(data_file(EXAMPLE_WORKSHOP))),
        "200": with_bet(synthetic_workshop(200)),
    }
    kinds = [
        ("pdf", "bet", 2000),
        ("png", "bet", 2000),
        ("html", "bet", 200),
        ("md", "bet", 200),
        ("html", "report", 200),
        ("md", "report", 200),
        ("pdf", "report", 2000),
        ("json", None, None),
        ("csv", None, None),
        ("xlsx", None, None),
    ]
    for workshop in workshops.values():  # the first PDF/PNG pays for matplotlib's backends
        export(workshop, "pdf")
        export(workshop, "png")
    return [
        Row(
            f"export {fmt}{' ' + canvas if canvas else ''}, {label}",
            timed(lambda w=workshop, f=fmt, c=canvas: export(w, f, c), 5),
            "" if limit is None else f"< {limit}",
            limit,
        )
        for fmt, canvas, limit in kinds
        for label, workshop in workshops.items()
    ]


@group
def measure_export_commands(inputs: Inputs) -> list[Row]:
    """Whole ``gaptools export`` commands, start-up included, each against what it cannot
    avoid, taken in turn with it: a cold PDF or PNG of the canvas against a bare import of the
    library it draws with (at most 1.5 x): fpdf2 for the PDF, matplotlib's Agg for the PNG;
    and the HTML report against ``jupyter nbconvert --to html`` of notebook 10 (the report of
    1,000 initiatives at most 0.1 x)."""
    from gaptools.core.resources import EXAMPLE_WORKSHOP, data_file

    folder = inputs.subfolder("export-commands")
    example = folder / "example.json"
    store.save(with_bet(store.load(data_file(EXAMPLE_WORKSHOP))), example)
    big = folder / "workshop-1000.json"
    store.save(with_bet(synthetic_workshop(1000)), big)
    notebook = REPO / "notebooks" / "10_export.ipynb"
    jupyter = Path(sys.executable).with_name("jupyter")

    cold = in_turn(
        {
            "pdf": gaptools("export", str(example), "--format", "pdf"),
            "bare pdf": python("-c", "import fpdf"),
            "png": gaptools("export", str(example), "--format", "png"),
            "bare png": python("-c", "import matplotlib.figure, matplotlib.backends.backend_agg"),
        },
        5,
    )
    html = in_turn(
        {
            "example": gaptools("export", str(example), "--format", "html"),
            "1000": gaptools("export", str(big), "--format", "html", "--canvas", "report"),
            "nbconvert": command(
                str(jupyter),
                "nbconvert",
                "--to",
                "html",
                "--output-dir",
                str(folder),
                str(notebook),
            ),
        },
        3,
    )
    pdf = Row(
        "command: gaptools export --format pdf (bet canvas, cold start)",
        cold["pdf"],
        "< 1500",
        1500,
    )
    # The canvas PDF is drawn with fpdf2 alone and imports no matplotlib, so fpdf2 is its
    # floor; matplotlib's PDF backend, which it once used, would be a far more lenient one.
    bare_pdf = Row("command: python -c 'import fpdf'", cold["bare pdf"])
    png = Row("command: gaptools export --format png (bet canvas, cold start)", cold["png"])
    bare_png = Row(
        "command: python -c 'import matplotlib.figure, matplotlib.backends.backend_agg'",
        cold["bare png"],
    )
    report = Row("command: gaptools export --format html (report)", html["example"], "< 1000", 1000)
    report_big = Row(
        "command: gaptools export --format html --canvas report, 1,000 initiatives", html["1000"]
    )
    nbconvert = Row("command: jupyter nbconvert --to html 10_export.ipynb", html["nbconvert"])
    return [
        pdf,
        bare_pdf,
        ratio("ratio: export pdf cold / bare fpdf import (x100)", pdf, bare_pdf, 1.5),
        png,
        bare_png,
        ratio("ratio: export png cold / bare PNG imports (x100)", png, bare_png, 1.5),
        Row(
            "command: gaptools export --format pdf --canvas report (cold start)",
            timed(gaptools("export", str(example), "--format", "pdf", "--canvas", "report"), 3),
        ),
        report,
        report_big,
        nbconvert,
        ratio("ratio: gaptools html / nbconvert html (x100)", report, nbconvert, 1),
        ratio("ratio: html report 1,000 / nbconvert html (x100)", report_big, nbconvert, 0.1),
    ]


SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def write_bomb(path: Path, chunks: Callable[[], Iterator[str]]) -> Path:
    """An XLSX whose first sheet is the XML ``chunks`` yield, streamed into the zip so that a
    sheet of hundreds of megabytes is built in seconds without being held in memory."""
    import io
    import zipfile

    from openpyxl import Workbook

    blank = io.BytesIO()
    Workbook().save(blank)
    source = zipfile.ZipFile(blank)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            if name != "xl/worksheets/sheet1.xml":
                target.writestr(name, source.read(name))
        with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<worksheet xmlns="{SHEET_NS}"><sheetData>'.encode())
            for chunk in chunks():
                sheet.write(chunk.encode())
            sheet.write(b"</sheetData></worksheet>")
    return path


def wide_row() -> Iterator[str]:
    """The first bomb: one row of 2 million cells."""
    yield '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c>'
    for _ in range(200):
        yield "<c><v>1</v></c>" * 10_000
    yield "</row>"


def empty_cells() -> Iterator[str]:
    """Like the first bomb, with empty (formatted) cells, which count towards no column."""
    yield '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c>'
    for _ in range(200):
        yield '<c s="1"/>' * 10_000
    yield "</row>"


def grid(rows: int, columns: int) -> Callable[[], Iterator[str]]:
    """A sheet of ``rows`` rows of ``columns`` short texts, the first row as the header."""

    def chunks() -> Iterator[str]:
        cell = '<c t="inlineStr"><is><t>{}</t></is></c>'
        yield (
            '<row r="1">'
            + cell.format("Name")
            + "".join(cell.format(f"Column {n}") for n in range(2, columns + 1))
            + "</row>"
        )
        for number in range(2, rows + 1):
            yield (
                f'<row r="{number}">'
                + cell.format(f"Item {number}")
                + cell.format("x") * (columns - 1)
                + "</row>"
            )

    return chunks


def long_cell(megabytes: int) -> Callable[[], Iterator[str]]:
    """The second bomb: one cell of hundreds of megabytes."""

    def chunks() -> Iterator[str]:
        yield '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>'
        yield '<row r="2"><c r="A2" t="inlineStr"><is><t>'
        for _ in range(megabytes):
            yield "A" * (1 << 20)
        yield "</t></is></c></row>"

    return chunks


def many_rows(count: int) -> Callable[[], Iterator[str]]:
    """The third bomb: millions of rows, each with a name."""

    def chunks() -> Iterator[str]:
        yield '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>'
        for start in range(2, count + 2, 10_000):
            yield "".join(
                f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Item {n}</t></is></c></row>'
                for n in range(start, min(start + 10_000, count + 2))
            )

    return chunks


# Run in a small interpreter of its own: a child started from this process, which has grown to
# hundreds of megabytes by now, inherits its peak in ``ru_maxrss`` (Linux keeps the peak of the
# memory image the child replaced at ``exec``), and every bomb would report the bench's size.
PEAK_OF_CHILD = """
import json, os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
elapsed = (time.perf_counter() - started) * 1000
print(json.dumps([elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)]))
"""


def refusal_cost(argv: list[str]) -> tuple[float, float, int]:
    """Milliseconds, peak memory (MB) and exit code of one command in its own process;
    ``wait4`` gives the peak of that process alone, not of every child so far."""
    run = subprocess.run(
        [sys.executable, "-c", PEAK_OF_CHILD, *argv], capture_output=True, text=True, check=True
    )
    elapsed, peak, code = json.loads(run.stdout)
    return elapsed, peak, code


@group
def measure_bombs(inputs: Inputs) -> list[Row]:
    """Hostile spreadsheets (bombs), each refused by ``gaptools import-portfolio``: the time
    and the peak memory of the whole command (start-up included; the targets are 5 s and
    300 MB, and a refusal, exit 1). Smaller variants stay under the unpacked-size cap so the
    streaming scan itself, not only the zip's declared sizes, is what refuses them. Building
    a bomb takes longer than refusing it, so each is measured once."""
    bombs = {
        "one row of 2,000,000 cells": wide_row,
        "one row of 2,000,000 empty cells": empty_cells,
        "one cell of 400 MB": long_cell(400),
        "one cell of 90 MB (under the unpacked cap)": long_cell(90),
        "2,500,000 rows": many_rows(2_500_000),
        "1,000,000 rows (under the unpacked cap)": many_rows(1_000_000),
        "20,001 rows of 10 columns (past the row cap)": grid(20_001, 10),
    }
    rows = []
    for number, (what, chunks) in enumerate(bombs.items()):
        bomb = write_bomb(inputs.folder / f"bomb-{number}.xlsx", chunks)
        size = bomb.stat().st_size
        ms, peak, code = refusal_cost(
            [*CLI, "import-portfolio", str(bomb), "--into", str(inputs.mid)]
        )
        bomb.unlink()
        refused = "" if code == 1 else f"; exit {code}, NOT refused"
        rows.append(
            Row(
                f"XLSX bomb refused: {what} ({size / 1024:,.0f} KB)",
                (ms,),
                f"< 5000; peak {peak:,.0f} MB (< 300){refused}",
                5000,
                checks=(("peak < 300 MB", peak < 300), ("refused (exit 1)", code == 1)),
                details={"peak_mb": round(peak, 1), "exit_code": code},
            )
        )
    return rows


@group
def measure_largest_sheet(inputs: Inputs) -> list[Row]:
    """The largest sheet the caps accept (10,000 initiatives in 20 columns, the cell cap),
    read in process: what an honest but huge portfolio costs. Measured once."""
    from gaptools.files.sheets import read_sheet_file

    sheet = write_bomb(inputs.folder / "largest.xlsx", grid(10_000, 20))
    samples = timed(lambda: read_sheet_file(sheet), 1)
    sheet.unlink()
    return [
        Row(
            "read the largest sheet accepted: 10,000 rows x 20 columns",
            samples,
            "< 10000",
            10000,
        )
    ]


@group
def measure_roundtrip(inputs: Inputs) -> list[Row]:
    """The browser round trip (a key typed in a form to the saved file and back), measured by
    ``bench/roundtrip.py`` through Chromium; its limits are on the p95, as a person notices
    the slow keystrokes, not the typical one."""
    if not ROUNDTRIP.exists():
        raise Skipped(f"browser round trip: {ROUNDTRIP} is not there")
    if not CHROMIUM.exists():
        raise Skipped(f"browser round trip: {CHROMIUM} is not installed")
    spec = importlib.util.spec_from_file_location("roundtrip", ROUNDTRIP)
    if spec is None or spec.loader is None:
        raise Skipped(f"browser round trip: {ROUNDTRIP.name} cannot be loaded")
    module = importlib.util.module_from_spec(spec)
    sys.modules["roundtrip"] = module  # dataclasses and pickling look modules up by name
    try:
        spec.loader.exec_module(module)
    except ImportError as error:
        raise Skipped(f"browser round trip: {error}") from error
    return [
        Row(str(name), tuple(float(s) for s in samples), target, limit, on_p95=limit is not None)
        for name, samples, target, limit in module.measure()
    ]


# -- the run --------------------------------------------------------------------------------------


def git(*args: str) -> str | None:
    try:
        run = subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, timeout=10, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return run.stdout.strip()


def machine() -> dict[str, object]:
    """What the figures depend on: cores (all of them, and those this process may use, which
    a container or ``taskset`` can limit), the interpreter, the system and its load."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    changes = git("status", "--porcelain", "--untracked-files=no")
    return {
        "cpu_count": os.cpu_count(),
        "usable_cores": usable,
        "python": f"{platform.python_version()} ({platform.python_implementation()})",
        "platform": platform.platform(),
        "load_average": [round(load, 2) for load in os.getloadavg()],
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted_changes": None if changes is None else bool(changes),
    }


def header_lines(header: dict[str, object]) -> list[str]:
    commit = header.get("commit") or "unknown"
    if header.get("uncommitted_changes"):
        commit = f"{commit} (with uncommitted changes)"
    load = " ".join(str(n) for n in header.get("load_average") or [])
    return [
        f"machine: {header['cpu_count']} cores (os.cpu_count), "
        f"{header['usable_cores']} usable (sched_getaffinity); load {load}",
        f"python:  {header['python']} on {header['platform']}",
        f"date:    {header['date']}, commit {commit}",
    ]


def table(rows: Sequence[Row]) -> list[str]:
    """The rows as text: figures in milliseconds (x100 in ratio rows), ``ok``/``MISS`` against
    the limit, blank where there is no target."""
    width = max([len("measure"), *(len(row.name) for row in rows)])
    lines = [
        f"{'measure'.ljust(width)}  {'median ms':>10}  {'p95 ms':>9}  {'runs':>4}  "
        f"{'limit':>14}  {'met':4}  target"
    ]
    for row in rows:
        met = {True: "ok", False: "MISS", None: ""}[row.met]
        lines.append(
            f"{row.name.ljust(width)}  {number(row.median):>10}  "
            f"{number(row.p95):>9}  {row.runs:>4}  "
            f"{row.limit_text():>14}  {met:4}  {row.target}".rstrip()
        )
    return lines


def summary(rows: Sequence[Row]) -> str:
    checked = [row for row in rows if row.met is not None]
    missed = [row for row in checked if not row.met]
    return f"{len(missed)} of {len(checked)} rows with a target missed it ({len(rows)} rows in all)"


def run_groups(groups: Sequence[Group], folder: Path) -> tuple[list[Row], list[str], list[str]]:
    """Every group in turn; a group that cannot run here is skipped with its reason, and one
    that fails is reported without losing the others' figures."""
    inputs = Inputs(folder)
    rows: list[Row] = []
    skipped: list[str] = []
    failed: list[str] = []
    for function in groups:
        name = function.__name__
        print(f"  {name} …", flush=True)  # on its own line, as a group may print its own
        started = time.perf_counter()
        try:
            measured = function(inputs)
        except Skipped as reason:
            skipped.append(str(reason))
            print(f"  {name}: skipped", flush=True)
            continue
        except Exception:
            failed.append(name)
            print(f"  {name}: FAILED", flush=True)
            traceback.print_exc()
            sys.stderr.flush()
            continue
        rows.extend(measured)
        took = time.perf_counter() - started
        count = f"{len(measured)} row{'' if len(measured) == 1 else 's'}"
        print(f"  {name}: {count} in {took:.0f} s", flush=True)
    return unique(rows), skipped, failed


def unique(rows: list[Row]) -> list[Row]:
    """The rows with any repeated name numbered (and said so), since names key the results
    file: a slip in naming should not cost the figures of a run of several minutes."""
    seen: dict[str, int] = {}
    renamed = []
    for row in rows:
        seen[row.name] = seen.get(row.name, 0) + 1
        if seen[row.name] > 1:
            print(f"row name repeated, numbered: {row.name}", file=sys.stderr)
            row = replace(row, name=f"{row.name} [{seen[row.name]}]")
        renamed.append(row)
    return renamed


def results(
    header: dict[str, object], rows: Sequence[Row], skipped: list[str], failed: list[str]
) -> dict[str, object]:
    return {
        "header": {**header, "skipped": skipped, "failed": failed},
        "rows": {row.name: row.as_json() for row in rows},
    }


def arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only",
        metavar="TEXT",
        help="run only the groups whose function name or row names contain TEXT (any case); "
        "the results file then holds only their rows",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=HERE / "results.json",
        help="where to write the results (default: bench/results.json)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = arguments(argv)
    text = (args.only or "").lower()
    groups = [function for function in GROUPS if text in words_of(function)]
    if not groups:
        print(f"no group matches {args.only!r}; the groups:", file=sys.stderr)
        for function in GROUPS:
            print(f"  {function.__name__}", file=sys.stderr)
        return 2
    header = {**machine(), "only": args.only}
    print("\n".join(header_lines(header)), end="\n\n", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        rows, skipped, failed = run_groups(groups, Path(folder))
    # Written before anything else is printed, so the figures of a long run are kept whatever.
    args.output.write_text(json.dumps(results(header, rows, skipped, failed), indent=2) + "\n")
    if rows:
        print("\n" + "\n".join(table(rows)))
    print()
    for reason in skipped:
        print(f"skipped: {reason}")
    for name in failed:
        print(f"FAILED: {name} (its traceback is above)")
    print(summary(rows))
    print(f"Written to {args.output}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
