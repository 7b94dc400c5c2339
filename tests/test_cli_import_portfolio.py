"""``gaptools import-portfolio`` and the step-1 keys of ``status --json``.

A failed import must exit 1 with a message and leave the workshop byte-identical; a usage
error exits 2. Status counts are recomputed here from the raw example file by date arithmetic.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import signal
import subprocess
import sys
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gaptools.cli import main
from gaptools.core.model import Stage
from gaptools.files import store
from tests.support import saved, session_on, workbook_bytes

SHEET = (
    "Name,Stage,Sponsor,Started,Target\n"
    "Invoice matching,Pilot,Head of Finance,05/01/2026,75\n"  # new
    "GENAI WORKBENCH,production,,,\n"  # in the example: updated
    ",idea,,,\n"  # no name: skipped
)


def import_into(source: Path, workshop: Path) -> int:
    return main(["import-portfolio", str(source), "--into", str(workshop)])


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# -- success ---------------------------------------------------------------------------------


def test_import_adds_and_updates(
    tmp_path: Path, workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = store.load(workshop_file)
    source = write(tmp_path / "portfolio.csv", SHEET)
    assert import_into(source, workshop_file) == 0
    out, err = capsys.readouterr()
    assert "Imported 2 rows" in out
    assert "1 added, 1 updated" in out
    assert "Skipped row 4: no name" in out
    assert err == ""
    after = store.load(workshop_file)
    assert len(after.initiatives) == len(before.initiatives) + 1
    added = after.initiative("invoice matching")
    assert added.stage is Stage.PILOT
    assert added.started == dt.date(2026, 1, 5)
    assert added.value.target == 75.0
    updated = after.initiative("GenAI workbench")
    assert updated.name == "GenAI workbench"
    assert updated.stage is Stage.PRODUCTION
    assert updated.sponsor == before.initiative("GenAI workbench").sponsor


def test_import_from_xlsx(
    tmp_path: Path, workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "portfolio.xlsx"
    source.write_bytes(
        workbook_bytes(
            [["name", "stage", "started"], ["Excel one", "pilot", dt.datetime(2026, 2, 2)]]
        )
    )
    assert import_into(source, workshop_file) == 0
    assert "1 added" in capsys.readouterr().out
    assert store.load(workshop_file).initiative("Excel one").started == dt.date(2026, 2, 2)


def test_import_keeps_the_previous_version(tmp_path: Path, workshop_file: Path) -> None:
    """Nothing lost: the version replaced by the import stays beside it as .bak."""
    before = workshop_file.read_bytes()
    assert import_into(write(tmp_path / "p.csv", SHEET), workshop_file) == 0
    assert workshop_file.read_bytes() != before
    assert store.backup_path(workshop_file).read_bytes() == before


def test_import_as_a_person_types_it(tmp_path: Path, workshop_file: Path) -> None:
    """The real entry point, in its own process."""
    source = write(tmp_path / "portfolio.csv", SHEET)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "gaptools",
            "import-portfolio",
            str(source),
            "--into",
            str(workshop_file),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "1 added, 1 updated" in done.stdout
    assert store.load(workshop_file).initiative("Invoice matching") is not None


# -- failure changes nothing -----------------------------------------------------------------


def no_usable_row(folder: Path) -> Path:
    return write(folder / "p.csv", "name,effort_weeks\n,3\nBeta,-3\n")


def missing_source(folder: Path) -> Path:
    return folder / "nowhere.csv"


def garbage_xlsx(folder: Path) -> Path:
    path = folder / "p.xlsx"
    path.write_bytes(b"this was never a workbook\x00\x01")
    return path


def damaged_xlsx(folder: Path) -> Path:
    """A zip that opens but whose workbook XML is broken (a failed sync, a bad tool)."""
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes([["name"], ["A"]])))
    path = folder / "p.xlsx"
    with zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            target.writestr(name, b"<broken" if name == "xl/workbook.xml" else source.read(name))
    return path


def unknown_suffix(folder: Path) -> Path:
    return write(folder / "p.ods", "name\nA\n")


def a_folder(folder: Path) -> Path:
    path = folder / "sheets.csv"
    path.mkdir()
    return path


def no_name_column(folder: Path) -> Path:
    return write(folder / "p.csv", "workstream,stage\nA,pilot\n")


BAD_SOURCES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "no usable row": (no_usable_row, "no usable row"),
    "missing": (missing_source, "no such file"),
    "garbage xlsx": (garbage_xlsx, "not a readable Excel workbook"),
    "damaged xlsx": (damaged_xlsx, "not a readable Excel workbook"),
    "unknown suffix": (unknown_suffix, ".csv or .xlsx"),
    "a folder": (a_folder, "folder"),
    "no name column": (no_name_column, "no column can be the initiatives' names"),
}


@pytest.mark.parametrize("case", list(BAD_SOURCES))
def test_a_bad_source_exits_1_and_changes_nothing(
    case: str, tmp_path: Path, workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, expected = BAD_SOURCES[case]
    source = make(tmp_path)
    before = workshop_file.read_bytes()
    assert import_into(source, workshop_file) == 1
    out, err = capsys.readouterr()
    assert expected in err
    assert source.name in err  # the message names the file
    assert "Traceback" not in err
    assert out == ""
    assert workshop_file.read_bytes() == before
    assert not store.backup_path(workshop_file).exists()


def test_a_sheet_with_no_name_column_leaves_no_lock_file(
    tmp_path: Path, workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A refused import left '.workshop.json.lock' in a folder nothing had written to."""
    (tmp_path / "sheets").mkdir()
    source = no_name_column(tmp_path / "sheets")
    folder = sorted(p.name for p in workshop_file.parent.iterdir())
    assert import_into(source, workshop_file) == 1
    assert "no column can be the initiatives' names" in capsys.readouterr().err
    assert sorted(p.name for p in workshop_file.parent.iterdir()) == folder


def test_skipped_rows_are_named_when_nothing_is_usable(
    tmp_path: Path, workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert import_into(no_usable_row(tmp_path), workshop_file) == 1
    err = capsys.readouterr().err
    assert "row 2: no name" in err
    assert "row 3: effort_weeks: must be at least 0" in err


def test_a_missing_workshop_exits_1_and_is_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "absent.json"
    assert import_into(write(tmp_path / "p.csv", SHEET), target) == 1
    err = capsys.readouterr().err
    assert "absent.json" in err
    assert "Traceback" not in err
    assert not target.exists()


def test_a_corrupt_workshop_exits_1_and_stays_as_it_was(
    tmp_path: Path, workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A half-written workshop is not overwritten: whoever broke it can still recover it."""
    whole = workshop_file.read_bytes()
    workshop_file.write_bytes(whole[: len(whole) // 2])
    cut = workshop_file.read_bytes()
    assert import_into(write(tmp_path / "p.csv", SHEET), workshop_file) == 1
    err = capsys.readouterr().err
    assert workshop_file.name in err
    assert "not valid JSON" in err
    assert "Traceback" not in err
    assert workshop_file.read_bytes() == cut


def test_without_into_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path / "p.csv", SHEET)
    with pytest.raises(SystemExit) as stopped:
        main(["import-portfolio", str(source)])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "--into" in err
    assert "Traceback" not in err


def test_without_a_source_is_a_usage_error(
    workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = workshop_file.read_bytes()
    with pytest.raises(SystemExit) as stopped:
        main(["import-portfolio", "--into", str(workshop_file)])
    assert stopped.value.code == 2
    assert workshop_file.read_bytes() == before


# -- status --json ---------------------------------------------------------------------------


def expected_step1(raw: dict[str, Any]) -> tuple[int, dict[str, int]]:
    """Stuck pilots and stage counts from the raw file: days since start > 7 × threshold."""
    on = dt.date.fromisoformat(raw["meta"]["date"])
    limit_days = 7 * raw.get("settings", {}).get("purgatory_weeks", 12)
    stuck = sum(
        1
        for item in raw["initiatives"]
        if item.get("stage") == "pilot"
        and item.get("started")
        and (on - dt.date.fromisoformat(item["started"])).days > limit_days
    )
    stages = Counter(item.get("stage", "idea") for item in raw["initiatives"])
    every = ["idea", "pilot", "production", "stalled", "killed"]
    return stuck, {stage: stages.get(stage, 0) for stage in every}


def status_json(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["status", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_status_json_counts_the_example_portfolio(
    workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Example, 18 Nov 2026: pilots of 261, 191, 107, 212 and 135 days are stuck, 65 is not."""
    facts = status_json(workshop_file, capsys)
    stuck, stages = expected_step1(saved(workshop_file))
    assert facts["in_purgatory"] == stuck == 5
    assert facts["by_stage"] == stages
    assert stages == {"idea": 3, "pilot": 6, "production": 3, "stalled": 3, "killed": 1}


def test_status_json_follows_an_import_and_the_threshold(
    tmp_path: Path, workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """After the import: a new 317-day pilot is stuck, the workbench left the pilots."""
    assert import_into(write(tmp_path / "p.csv", SHEET), workshop_file) == 0
    capsys.readouterr()
    raw = saved(workshop_file)
    facts = status_json(workshop_file, capsys)
    stuck, stages = expected_step1(raw)
    assert facts["in_purgatory"] == stuck == 5  # 5 - workbench (107 days) + new one (317 days)
    assert facts["by_stage"] == stages
    assert stages["production"] == 4
    raw["settings"]["purgatory_weeks"] = 30  # 210 days: only 261, 212 and 317 days are over
    workshop_file.write_text(json.dumps(raw), encoding="utf-8")
    facts = status_json(workshop_file, capsys)
    assert facts["in_purgatory"] == expected_step1(raw)[0] == 3


# -- the import is one transaction: it never loses a form's save ------------------------------


def test_imports_racing_a_form_lose_no_acknowledged_save(tmp_path: Path, workshop_file: Path):
    """A form saves 20 times a second while six imports run as their own processes; every
    save the form was told had succeeded is still in the file afterwards, and so is every
    import."""
    import threading
    import time

    sources = []
    for n in range(6):
        source = tmp_path / f"portfolio-{n}.xlsx"
        source.write_bytes(
            workbook_bytes(
                [["name", "stage", "sponsor"]]
                + [[f"Imported {n}.{k}", "idea", f"Sponsor {n}"] for k in range(40)]
            )
        )
        sources.append(source)
    form = session_on(workshop_file)
    target = form.workshop.initiatives[0].id
    acknowledged: list[int] = []
    stop = threading.Event()

    def saving() -> None:
        for n in range(10_000):
            if stop.is_set():
                return
            outcome = form.update(
                lambda w, n=n: next(i for i in w.initiatives if i.id == target).notes.update(
                    {f"form save {n}": "kept"}
                ),
                "Notes",
            )
            if outcome.ok:
                acknowledged.append(n)
            time.sleep(0.05)

    def until(count: int) -> None:
        """The form keeps saving before, during and after the imports, however fast they
        run on this machine: wait for its ``count``-th acknowledged save."""
        deadline = time.monotonic() + 60
        while len(acknowledged) < count and time.monotonic() < deadline:
            time.sleep(0.01)

    saver = threading.Thread(target=saving)
    saver.start()
    try:
        until(3)
        imports = [
            subprocess.Popen(
                [sys.executable, "-m", "gaptools", "import-portfolio", str(s), "--into"]
                + [str(workshop_file)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for s in sources
        ]
        results = [run.communicate(timeout=120) + (run.returncode,) for run in imports]
        until(max(10, len(acknowledged) + 3))
    finally:
        stop.set()
        saver.join(timeout=60)
    assert [code for _, _, code in results] == [0] * 6, [err for _, err, _ in results]
    assert len(acknowledged) >= 10, "the form should have saved all through the imports"
    final = store.load(workshop_file)
    notes = next(i for i in final.initiatives if i.id == target).notes
    lost = [n for n in acknowledged if f"form save {n}" not in notes]
    assert lost == [], f"{len(lost)} of {len(acknowledged)} acknowledged saves were lost"
    names = {i.name for i in final.initiatives}
    assert {f"Imported {n}.{k}" for n in range(6) for k in range(40)} <= names


# -- hostile inputs: one sentence and exit 1, never a hang or a traceback ----------------------

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def hostile_workbook(path: Path, sheet_data: str) -> Path:
    """A real workbook whose first sheet's rows are replaced by hand-written XML."""
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes([["name"]])))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = (
                    f'<worksheet xmlns="{MAIN_NS}"><sheetData>{sheet_data}</sheetData></worksheet>'
                )
                data = data.encode()
            target.writestr(name, data)
    return path


def hostile_inputs(folder: Path, workshop: Path) -> dict[str, tuple[list[str], str]]:
    """Each case: the command's arguments, and what its one line of error must say."""
    fifo_sheet, fifo_workshop = folder / "pipe.csv", folder / "pipe.json"
    os.mkfifo(fifo_sheet)
    os.mkfifo(fifo_workshop)
    (folder / "zero.csv").symlink_to("/dev/zero")
    (folder / "zero.json").symlink_to("/dev/zero")
    for name in ("loop.csv", "loop.json"):
        (folder / name).symlink_to("again-" + name)
        (folder / ("again-" + name)).symlink_to(name)
    huge = write(folder / "huge.json", '{"schema_version": ' + "9" * 5000 + "}")
    twice = write(folder / "twice.json", '{"schema_version": 2, "schema_version": 2}')
    good = write(folder / "good.csv", "name\nTriage\n")
    text = '<c r="A2" t="inlineStr"><is><t>' + "x" * 10_001 + "</t></is></c>"
    long_cell = hostile_workbook(folder / "long.xlsx", f'<row r="2">{text}</row>')
    far = hostile_workbook(folder / "far.xlsx", '<row r="1048576"><c r="A1048576"/></row>')
    wide = hostile_workbook(folder / "wide.xlsx", '<row r="1">' + "<c/>" * 16_385 + "</row>")
    into = ["--into", str(workshop)]
    return {
        "sheet is a pipe": (["import-portfolio", str(fifo_sheet), *into], "named pipe"),
        "sheet is a device": (["import-portfolio", str(folder / "zero.csv"), *into], "device"),
        "sheet is a link loop": (["import-portfolio", str(folder / "loop.csv"), *into], "loop"),
        "workshop is a pipe": (
            ["import-portfolio", str(good), "--into", str(fifo_workshop)],
            "pipe",
        ),
        "validate a pipe": (["validate", str(fifo_workshop)], "named pipe"),
        "validate a device": (["validate", str(folder / "zero.json")], "device"),
        "validate a link loop": (["validate", str(folder / "loop.json")], "loop"),
        "5,000-digit version": (["validate", str(huge)], "5,000 digits"),
        "key written twice": (["validate", str(twice)], "'schema_version' appears twice"),
        "a cell too long": (["import-portfolio", str(long_cell), *into], "10,000 characters"),
        "a row too far down": (["import-portfolio", str(far), *into], "row 1,048,576"),
        "a row too wide": (["import-portfolio", str(wide), *into], "16,384 cells"),
    }


def main_within(seconds: int, arguments: list[str]) -> int:
    """``main``, failing the test rather than hanging the suite when a read blocks."""

    def expired(*_: object) -> None:
        raise TimeoutError(f"gaptools {arguments[0]} still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        return main(arguments)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


IN_A_PROCESS = {"sheet is a pipe", "workshop is a pipe", "validate a device"}
IN_A_PROCESS |= {"validate a link loop", "5,000-digit version", "a row too wide"}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX pipes and devices")
def test_hostile_inputs_give_one_sentence_and_exit_1(
    tmp_path: Path, workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Today a pipe hangs both commands, /dev/zero ends in a MemoryError and a link loop or a
    5,000-digit number in a traceback. All 12 cases are tried through ``main``."""
    before = workshop_file.read_bytes()
    cases = hostile_inputs(tmp_path, workshop_file)
    failures = []
    for case, (arguments, expected) in cases.items():
        code = main_within(60, arguments)
        err = capsys.readouterr().err
        if code != 1 or len(err.strip().splitlines()) != 1 or expected not in err:
            failures.append(f"{case}: exit {code}, {err[-300:]!r}")
    assert failures == [], f"{len(failures)} of {len(cases)} cases failed"
    assert workshop_file.read_bytes() == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX pipes and devices")
def test_hostile_inputs_leave_no_traceback_in_a_real_process(
    tmp_path: Path, workshop_file: Path
) -> None:
    """The same through the real entry point, 6 of the 12 cases at once, one process each:
    stderr holds one sentence, never a traceback, and nothing hangs."""
    cases = {k: v for k, v in hostile_inputs(tmp_path, workshop_file).items() if k in IN_A_PROCESS}
    runs = {
        case: subprocess.Popen(
            [sys.executable, "-m", "gaptools", *arguments],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for case, (arguments, _) in cases.items()
    }
    failures = []
    for case, run in runs.items():
        try:
            _, err = run.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            run.kill()
            run.communicate()
            failures.append(f"{case}: still running after 60 s")
            continue
        if run.returncode != 1 or "Traceback" in err or len(err.strip().splitlines()) != 1:
            failures.append(f"{case}: exit {run.returncode}, {err[-300:]!r}")
        elif cases[case][1] not in err:
            failures.append(f"{case}: {err.strip()!r} does not say {cases[case][1]!r}")
    assert len(cases) == 6
    assert failures == [], f"{len(failures)} of {len(cases)} cases failed"


# -- headers as people write them -----------------------------------------------------------------

PMO_SHEET = "Workstream;Phase;Lead;Est. effort (weeks)\r\nRoute optimiser;Live;Ana Souza;10-12\r\n"


def test_a_sheet_without_a_name_column_lists_its_headers_and_the_way_to_map_them(
    tmp_path: Path, workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "pmo.csv"
    source.write_bytes(PMO_SHEET.encode("cp1252"))
    before = workshop_file.read_bytes()
    assert import_into(source, workshop_file) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"{source}: no column can be the initiatives' names; the columns found are:"
    assert err[1:5] == [
        "  'Workstream': not recognised",
        "  'Phase': read as stage",
        "  'Lead': read as accountable",
        "  'Est. effort (weeks)': read as effort_weeks",
    ]
    assert err[-1].endswith(
        f"For example: gaptools import-portfolio {source} --into {workshop_file}"
        " --map Workstream=name"
    )
    assert workshop_file.read_bytes() == before


def test_map_says_which_column_is_the_name(
    tmp_path: Path, workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "pmo.csv"
    source.write_bytes(PMO_SHEET.encode("cp1252"))
    code = main(
        ["import-portfolio", str(source), "--into", str(workshop_file), "--map", "Workstream=name"]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "'Workstream' as name (your choice)" in out
    assert "Stages read: 'Live' as production." in out
    assert (
        "effort_weeks ('Est. effort (weeks)'): '10-12' read as 11, the middle of the range" in out
    )
    route = store.load(workshop_file).initiative("Route optimiser")
    assert (route.stage, route.ownership.accountable, route.effort_weeks) == (
        Stage.PRODUCTION,
        "Ana Souza",
        11,
    )


@pytest.mark.parametrize(
    ("mapping", "said", "code"),
    [
        # A column the sheet lacks is about the file: bad input, 1.
        ("Workstrem=name", "the sheet has no column 'Workstrem'", 1),
        # A --map typed wrong is a usage error, 2, as the brief's exit codes say.
        ("Workstream=nom", "'nom' is not a field", 2),
        ("Workstream", 'write it as "HEADER=field"', 2),
    ],
)
def test_a_wrong_map_exits_with_its_code_and_changes_nothing(
    mapping: str,
    said: str,
    code: int,
    tmp_path: Path,
    workshop_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = tmp_path / "pmo.csv"
    source.write_bytes(PMO_SHEET.encode("cp1252"))
    before = workshop_file.read_bytes()
    argv = ["import-portfolio", str(source), "--into", str(workshop_file), "--map", mapping]
    assert main(argv) == code
    assert said in capsys.readouterr().err
    assert workshop_file.read_bytes() == before


def test_the_teams_column_names_beside_the_workshop_are_used(
    tmp_path: Path, workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workshop_file.parent / "column_names.json").write_text(
        json.dumps({"fields": {"name": ["Workstream"]}}), encoding="utf-8"
    )
    source = tmp_path / "pmo.csv"
    source.write_bytes(PMO_SHEET.encode("cp1252"))
    assert import_into(source, workshop_file) == 0
    assert "'Workstream' as name (your column_names.json)" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_toolkits_own_export_imports_back_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """Exported, edited in a spreadsheet and imported back three times, a PMO's workshop grew
    from 45 to 103 columns: each kept column came back as a note of its own ('note: note:
    Ref'), every score and verdict was frozen as a note, the letters were lost, and the CSV's
    guard apostrophe stayed on "'-" texts."""
    workshop = tmp_path / "w.json"
    assert main(["new", str(workshop), "--example", "after"]) == 0
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Project,Ref,Risk note\nClaims intake copilot,AI-001,-20% hoped\n", "utf-8")
    assert import_into(sheet, workshop) == 0
    before = store.load(workshop)
    columns = []
    for n in range(3):
        out = tmp_path / f"export-{n}.{fmt}"
        assert main(["export", str(workshop), "--format", fmt, "-o", str(out)]) == 0
        columns.append(exported_columns(out))
        capsys.readouterr()
        assert import_into(out, workshop) == 0
    said = capsys.readouterr().out
    assert columns[0] == columns[1] == columns[2]
    after = store.load(workshop)
    for old, new in zip(before.initiatives, after.initiatives, strict=True):
        assert new.notes == old.notes, new.name
        assert new.ownership.raci == old.ownership.raci, new.name
        assert new.ownership.accountable == old.ownership.accountable, new.name
    assert after.initiative("Claims intake copilot").notes["Risk note"] == "-20% hoped"
    assert "Left out, as gaptools works them out or sets them in their steps:" in said
    # Into a new workshop with the same functions, the letters come back too.
    fresh = tmp_path / "fresh.json"
    assert main(["new", str(fresh)]) == 0
    store.edit(fresh, lambda w: setattr(w.settings, "functions", before.settings.functions))
    assert import_into(tmp_path / f"export-0.{fmt}", fresh) == 0
    read = store.load(fresh)
    for old in before.initiatives:
        assert read.initiative(old.name).ownership.raci == old.ownership.raci, old.name


def exported_columns(path: Path) -> list[str]:
    if path.suffix == ".csv":
        return path.read_text("utf-8-sig").splitlines()[0].split(",")
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    return [c.value for c in next(book.worksheets[1].iter_rows(max_row=1))]
