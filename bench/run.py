"""``make bench``: how fast gaptools answers, measured here rather than asserted in tests.

Prints a table and writes the figures to ``bench/results.json`` (git-ignored). Each figure is
the median of several runs, in milliseconds. Later steps add their own rows.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from gaptools.files import store
from gaptools.files.portfolio_import import merge_sheet
from gaptools.files.sheets import read_sheet
from gaptools.files.synthetic import pmo_rows, portfolio_rows, synthetic_workshop
from gaptools.ui.session import WorkshopSession

HERE = Path(__file__).resolve().parent
CLI = [sys.executable, "-m", "gaptools"]


def median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run_cli(*args: str) -> None:
    subprocess.run([*CLI, *args], check=True, capture_output=True)


def measure(folder: Path) -> list[tuple[str, float, str]]:
    big = folder / "workshop-1000.json"
    store.save(synthetic_workshop(1000), big)
    mid = folder / "workshop-200.json"
    store.save(synthetic_workshop(200), mid)
    workshop = store.load(big)
    session = WorkshopSession(mid, store.load(mid))
    names = iter(range(10**6))

    def edit() -> None:
        session.update(lambda w: setattr(w.meta, "team", f"Team {next(names)}"), "Team")

    return [
        *measure_core(big, mid, workshop, edit),
        *measure_sharing(mid),
        *measure_portfolio(folder, mid),
        *measure_value(mid),
        *measure_ownership(mid),
        *measure_prioritise(mid),
        *measure_voting(folder),
        *measure_pulse(folder),
        *measure_learning(folder),
        *measure_survey(folder),
        *measure_rollup(folder),
        *measure_exports(),
        *measure_bombs(folder, mid),
    ]


def measure_core(big: Path, mid: Path, workshop, edit) -> list[tuple[str, float, str]]:
    return [
        ("CLI start-up: gaptools --help", median_ms(lambda: run_cli("--help"), 7), "< 1000"),
        (
            "gaptools validate, 1,000 initiatives",
            median_ms(lambda: run_cli("validate", str(big)), 5),
            "",
        ),
        (
            "gaptools status, 1,000 initiatives",
            median_ms(lambda: run_cli("status", str(big)), 5),
            "",
        ),
        ("load in-process, 1,000 initiatives", median_ms(lambda: store.load(big), 7), ""),
        ("atomic save, 1,000 initiatives", median_ms(lambda: store.save(workshop, big), 7), ""),
        ("form change saved, 200 initiatives", median_ms(edit, 15), "< 100"),
    ]


def median_ms_after(
    prepare: Callable[[], object], action: Callable[[], object], repeat: int
) -> float:
    """Like ``median_ms``, timing only ``action``, each time after an untimed ``prepare``."""
    times = []
    for _ in range(repeat):
        prepare()
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure_sharing(mid: Path) -> list[tuple[str, float, str]]:
    """Several notebooks on one workshop: undoing this one's change on top of the file, and
    an open session picking up a save made elsewhere (what the kernel's watcher does)."""
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
        (
            "undo on top of another's save, 200 initiatives",
            median_ms_after(change_here, here.undo, 15),
            "< 100",
        ),
        ("follow: nothing saved elsewhere (one tick)", median_ms(here.poll, 15), "< 5"),
        (
            "follow: a save elsewhere picked up, 200",
            median_ms_after(save_there, here.poll, 15),
            "< 100",
        ),
    ]


def measure_portfolio(folder: Path, mid: Path) -> list[tuple[str, float, str]]:
    """Step 1: importing a 1,000-row sheet, and the diagnosis following one edit."""
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
    xlsx_path = folder / "portfolio.xlsx"
    book.save(xlsx_path)
    xlsx_bytes = xlsx_path.read_bytes()

    def import_into_empty(data: bytes, name: str) -> None:
        merge_sheet(new_workshop(), read_sheet(data, name), name)

    form = PortfolioForm(WorkshopSession(mid, store.load(mid)))
    text_box = form.rows.children[0].children[4]  # the sponsor of the first initiative
    stage_box = form.rows.children[0].children[2]
    counter = iter(range(10**6))
    stages = iter(["pilot", "idea"] * 100)

    def edit_sponsor() -> None:
        text_box.value = f"Sponsor {next(counter)}"

    def edit_stage() -> None:
        stage_box.value = next(stages)

    template_ms = median_ms(lambda: import_into_empty(csv_bytes, "p.csv"), 9)
    return [
        ("import 1,000-row CSV (parse + merge)", template_ms, ""),
        (
            "import 1,000-row CSV with a PMO's headers, stage words and efforts",
            median_ms(lambda: import_into_empty(pmo_bytes, "p.csv"), 9),
            f"< {template_ms * 1.2:.0f} (template sheet + 20%)",
        ),
        (
            "import 1,000-row XLSX (parse + merge)",
            median_ms(lambda: import_into_empty(xlsx_bytes, "p.xlsx"), 5),
            "",
        ),
        (
            "portfolio: edit saved + diagnosis refreshed, 200 initiatives",
            median_ms(edit_sponsor, 15),
            "< 100",
        ),
        (
            "portfolio: stage edit, diagnosis + charts redrawn, 200",
            median_ms(edit_stage, 9),
            "< 100",
        ),
    ]


def measure_value(mid: Path) -> list[tuple[str, float, str]]:
    """Step 3: one field change to the refreshed verdict and overview table."""
    from gaptools.ui.value import ValueForm

    form = ValueForm(WorkshopSession(mid, store.load(mid)))
    target = next(w for w in form.fields if w.description == "Target")
    numbers = iter(range(1, 10**6))

    def edit_target() -> None:
        target.value = str(next(numbers))

    return [
        (
            "value: target typed, verdict + overview refreshed, 200",
            median_ms(edit_target, 15),
            "< 100",
        ),
    ]


def measure_ownership(mid: Path) -> list[tuple[str, float, str]]:
    """Step 4: one cell of the map to refreshed findings, heatmap and load chart."""
    from gaptools.ui.ownership import OwnershipForm

    form = OwnershipForm(WorkshopSession(mid, store.load(mid)))
    cell = form.grid.children[1].children[4]  # first initiative, first function
    letters = iter(["R", "C"] * 100)

    def edit_cell() -> None:
        cell.value = next(letters)

    return [
        ("ownership: cell changed, findings + heatmap, 200", median_ms(edit_cell, 15), "< 100"),
    ]


def measure_prioritise(mid: Path) -> list[tuple[str, float, str]]:
    """Step 6: a weight or capacity change to the refreshed ranking with its stability."""
    from gaptools.ui.prioritise import PrioritiseForm

    form = PrioritiseForm(WorkshopSession(mid, store.load(mid)))
    form.capacity.value = "300"
    weight = form.weights["value"]
    weights = iter([4, 3] * 100)
    capacities = iter(["250", "300"] * 100)

    def edit_weight() -> None:
        weight.value = next(weights)

    def edit_capacity() -> None:
        form.capacity.value = next(capacities)

    return [
        (
            "prioritise: weight changed, ranking + stability, 200",
            median_ms(edit_weight, 9),
            "< 100",
        ),
        (
            "prioritise: capacity changed, ranking + stability, 200",
            median_ms(edit_capacity, 9),
            "< 100",
        ),
    ]


def measure_voting(folder: Path) -> list[tuple[str, float, str]]:
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
    path = folder / "voting-200.json"
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
        ("vote: one ballot saved + form refreshed, 50 x 200", median_ms(one_ballot, 9), "< 100"),
        ("vote: reveal to tally shown, 50 x 200", median_ms(reveal_and_tally, 9), "< 100"),
    ]


def measure_pulse(folder: Path) -> list[tuple[str, float, str]]:
    """Step 8: one pulse answer sent from the form (sealed, saved, the form refreshed; every
    third publishes a batch), with 200 answers already published, 200 initiatives."""
    import datetime as dt

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
    path = folder / "pulse-200.json"
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
        (
            "pulse: one answer sealed + form refreshed, 200 stored",
            median_ms(one_answer, 12),
            "< 100",
        )
    ]


def measure_learning(folder: Path) -> list[tuple[str, float, str]]:
    """Step 9: a cycle logged from the form, and a leader's maturity rating changed, with 200
    initiatives (one cycle each already) and eight leaders' ratings."""
    import datetime as dt

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
    path = folder / "learning-200.json"
    store.save(workshop, path)
    form = LearningForm(WorkshopSession(path, store.load(path)))
    counter = iter(range(10**6))

    def log_a_cycle() -> None:
        form.add_cycle()

    def change_a_rating() -> None:
        n = next(counter)
        form.rater.value = "Leader 3"
        for k, scale in enumerate(form.scales.values()):
            scale.value = 1 + (n + k) % 5
        form.save_rating()

    return [
        ("learning: a cycle logged + form refreshed, 200", median_ms(log_a_cycle, 9), "< 100"),
        ("maturity: a rating changed + radar redrawn, 200", median_ms(change_a_rating, 9), "< 100"),
    ]


def measure_survey(folder: Path) -> list[tuple[str, float, str]]:
    """The pre-workshop survey: 500 responses of a Google Forms export, read and added to the
    example workshop in one transaction."""
    import csv
    import datetime as dt

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
    source = folder / "survey-500.csv"
    with source.open("w", newline="", encoding="utf-8-sig") as out:
        csv.writer(out).writerows([header, *rows])
    path = folder / "survey-workshop.json"

    def import_500() -> None:
        store.save(workshop, path)
        sheet = read_survey(source, workshop)
        store.edit(path, lambda w: apply(w, sheet.responses, dt.date.today()), "survey")

    return [
        ("survey: 500 responses read and added, in-process", median_ms(import_500, 3), "< 1000")
    ]


def measure_rollup(folder: Path) -> list[tuple[str, float, str]]:
    """The transformation office's roll-up of 1,000 workshops of 30 initiatives, against just
    loading and validating them all (the same run, so the ratio holds on any machine)."""
    import time

    from gaptools.export.rollup import rollup_sources

    teams = folder / "teams"
    teams.mkdir()
    for n in range(1000):
        workshop = synthetic_workshop(30, seed=n)
        workshop.meta.team = f"Team {n}"
        workshop.meta.workshop_id = f"{n:016x}"
        store.save(workshop, teams / f"team-{n}.json")
    files = sorted(teams.glob("*.json"))

    def load_all() -> None:
        for path in files:
            store.load(path)

    def roll_up() -> None:
        rollup_sources([teams])

    started = time.perf_counter()
    load_all()
    loading = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    roll_up()
    rolling = (time.perf_counter() - started) * 1000
    return [
        ("rollup: load and validate 1,000 workshops of 30", loading, ""),
        ("rollup: 1,000 workshops of 30 rolled up", rolling, "< 3 x loading"),
        ("ratio: rollup / loading (x100)", 100 * rolling / loading, "< 300"),
    ]


def with_bet(workshop):
    """A complete-looking card, so the canvas draws every box (the worst case for layout)."""
    import datetime as dt

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


def measure_exports() -> list[tuple[str, float, str]]:
    """Step 10: every format of both canvases and the data, example and 200 initiatives
    (in-process, warm), and the command line against ``jupyter nbconvert --to html``."""
    from gaptools.core.resources import EXAMPLE_WORKSHOP, data_file
    from gaptools.export import export

    workshops = {
        "example": with_bet(store.load(data_file(EXAMPLE_WORKSHOP))),
        "200": with_bet(synthetic_workshop(200)),
    }
    kinds = [
        ("pdf", "bet", "< 2000"),
        ("png", "bet", "< 2000"),
        ("html", "bet", "< 200"),
        ("md", "bet", "< 200"),
        ("html", "report", "< 200"),
        ("md", "report", "< 200"),
        ("pdf", "report", "< 2000"),
        ("json", None, ""),
        ("csv", None, ""),
        ("xlsx", None, ""),
    ]
    for w in workshops.values():  # the first PDF/PNG pays for importing matplotlib's backends
        export(w, "pdf"), export(w, "png")
    rows = [
        (
            f"export {fmt}{' ' + canvas if canvas else ''}, {label}",
            median_ms(lambda w=w, f=fmt, c=canvas: export(w, f, c), 5),
            target,
        )
        for fmt, canvas, target in kinds
        for label, w in workshops.items()
    ]
    return rows + measure_export_commands()


def measure_export_commands() -> list[tuple[str, float, str]]:
    """Whole commands, start-up included: ``gaptools export`` and nbconvert of notebook 10.

    A PDF from a cold start is dominated by importing matplotlib and its PDF backend (about
    1.5 s on a small machine); the drawing itself is the in-process figure above."""
    notebook = HERE.parent / "notebooks" / "10_export.ipynb"
    jupyter = Path(sys.executable).with_name("jupyter")
    with tempfile.TemporaryDirectory() as folder:
        workshop = Path(folder) / "w.json"
        store.save(with_bet(store.load(HERE.parent / "data" / "example_workshop.json")), workshop)
        ours = {
            fmt: median_ms(lambda f=fmt: run_cli("export", str(workshop), "--format", f), 3)
            for fmt in ("html", "pdf")
        }
        ours["report pdf"] = median_ms(
            lambda: run_cli("export", str(workshop), "--format", "pdf", "--canvas", "report"), 3
        )
        converted = median_ms(
            lambda: subprocess.run(
                [str(jupyter), "nbconvert", "--to", "html", "--output-dir", folder, str(notebook)],
                check=True,
                capture_output=True,
            ),
            3,
        )
    return [
        ("command: gaptools export --format html (report)", ours["html"], "< 1000"),
        ("command: gaptools export --format pdf (bet canvas, cold start)", ours["pdf"], "< 1500"),
        (
            "command: gaptools export --format pdf --canvas report (cold start)",
            ours["report pdf"],
            "",
        ),
        ("command: jupyter nbconvert --to html 10_export.ipynb", converted, ""),
        ("ratio: gaptools html / nbconvert html (x100)", 100 * ours["html"] / converted, "< 100"),
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


def refusal_cost(command: list[str]) -> tuple[float, float, int]:
    """Milliseconds, peak memory (MB) and exit code of one command, in its own process;
    ``wait4`` gives the peak of that process alone, not of every child so far."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = (time.perf_counter() - started) * 1000
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, process.returncode


def measure_bombs(folder: Path, mid: Path) -> list[tuple[str, float, str]]:
    """Hostile spreadsheets (bombs), each refused by ``gaptools import-portfolio``: the time
    and the peak memory of the whole command (start-up included; the targets are 5 s and
    300 MB). Smaller variants stay under the unpacked-size cap so the streaming scan itself,
    not only the zip's declared sizes, is what refuses them."""
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
        bomb = write_bomb(folder / f"bomb-{number}.xlsx", chunks)
        size = bomb.stat().st_size
        ms, peak, code = refusal_cost([*CLI, "import-portfolio", str(bomb), "--into", str(mid)])
        bomb.unlink()
        refused = "" if code == 1 else f"; exit {code}, NOT refused"
        rows.append(
            (
                f"XLSX bomb refused: {what} ({size / 1024:,.0f} KB)",
                ms,
                f"< 5000; peak {peak:,.0f} MB (< 300){refused}",
            )
        )
    return rows + measure_largest_sheet(folder)


def measure_largest_sheet(folder: Path) -> list[tuple[str, float, str]]:
    """The largest sheet the caps accept (10,000 initiatives in 20 columns, the cell cap),
    read in process: what an honest but huge portfolio costs."""
    from gaptools.files.sheets import read_sheet_file

    sheet = write_bomb(folder / "largest.xlsx", grid(10_000, 20))
    ms = median_ms(lambda: read_sheet_file(sheet), 1)
    sheet.unlink()
    return [("read the largest sheet accepted: 10,000 rows x 20 columns", ms, "< 10000")]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        rows = measure(Path(folder))
    width = max(len(name) for name, _, _ in rows)
    print(f"{'measure'.ljust(width)}  {'median ms':>10}  target ms")
    for name, ms, target in rows:
        print(f"{name.ljust(width)}  {ms:10.1f}  {target}")
    results = {name: {"median_ms": round(ms, 2), "target_ms": target} for name, ms, target in rows}
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nWritten to {HERE / 'results.json'}")


if __name__ == "__main__":
    main()
