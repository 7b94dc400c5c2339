"""The command line: exit codes, messages that name the file and field, and nothing changed."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gaptools import lab
from gaptools.cli import main
from gaptools.core.errors import WorkshopError
from gaptools.core.model import Workshop
from gaptools.core.resources import checkout_root
from gaptools.files import home, store
from gaptools.steps.registry import default_agenda
from tests.summaries.test_status import REQUIRED_KEYS as STATUS_KEYS
from tests.support import edited


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m gaptools ARGS`` as a person would type it."""
    return subprocess.run(
        [sys.executable, "-m", "gaptools", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def truncated(path: Path) -> Path:
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    return path


def emptied(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def wrong_types(path: Path) -> Path:
    def break_types(data: dict[str, Any]) -> None:
        data["meta"]["date"] = "next Tuesday"
        data["initiatives"][3]["effort_weeks"] = "lots"

    return edited(path, break_types)


# new


def test_new_creates_an_empty_workshop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ours.json"
    before = dt.date.today()
    assert main(["new", str(path)]) == 0
    assert capsys.readouterr().out.strip() == f"Created {path}"
    workshop = store.load(path)
    assert workshop.initiatives == []
    assert workshop.meta.date in {before, dt.date.today()}  # run across midnight, either day
    made = [(i.step, i.title, i.minutes) for i in workshop.meta.agenda]
    assert made == [(i.step, i.title, i.minutes) for i in default_agenda()]


def test_new_from_the_example(
    tmp_path: Path, example: Workshop, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ours.json"
    assert main(["new", str(path), "--example"]) == 0
    assert "from the example workshop" in capsys.readouterr().out
    assert as_the_example(store.load(path)) == example


def test_new_from_the_example_as_it_ends(tmp_path: Path) -> None:
    """`--example after`: the finished example, which the real rules call complete."""
    path = tmp_path / "after.json"
    created = run("new", str(path), "--example", "after")
    assert created.returncode == 0, created.stderr
    assert "end of the workshop" in created.stdout
    assert as_the_example(store.load(path)) == home.example_workshop(after=True)

    checked = run("validate", str(path))
    assert checked.returncode == 0, checked.stderr
    status = run("status", str(path), "--json")
    assert status.returncode == 0, status.stderr
    figures = json.loads(status.stdout)
    workshop = store.load(path)
    assert figures["bet"] == workshop.bet.initiative
    assert figures["bet_complete"] is True
    assert figures["votes"] == len(workshop.voting.ballots)


def test_new_example_before_a_path_still_reads_after(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The option may come first; `--example start` names today's starting point."""
    path = tmp_path / "after.json"
    assert main(["new", "--example", "after", str(path)]) == 0
    assert store.load(path).bet.initiative
    start = tmp_path / "start.json"
    assert main(["new", str(start), "--example", "start"]) == 0
    assert as_the_example(store.load(start)) == home.example_workshop()


def test_new_from_last_quarter_starts_the_next_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A team back for its next quarter had only a blank file, or last quarter's file, in
    which the old bet read as the new quarter's and old pulse answers counted again."""
    last = tmp_path / "claims-q1.json"
    assert main(["new", str(last), "--example", "after"]) == 0
    before = last.read_bytes()
    capsys.readouterr()
    path = tmp_path / "claims-q2.json"
    assert main(["new", str(path), "--from", str(last), "--date", "2027-03-10"]) == 0
    said = capsys.readouterr().out
    assert f"Created {path} for the next quarter." in said
    assert "It plans Q2 2027" in said
    assert last.read_bytes() == before
    workshop = store.load(path)
    assert workshop.meta.date == dt.date(2027, 3, 10)
    assert workshop.bet.initiative is None
    assert workshop.bet.earlier[-1].initiative == store.load(last).bet.initiative
    status = run("status", str(path), "--json")
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["quarter"] == "Q2 2027"


def test_new_from_last_quarter_with_no_date_says_the_session_is_today(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --date the refusal said "a session on 3 Dec 2026 plans…", a date nobody typed,
    and not how to give one."""
    last = tmp_path / "q1.json"
    assert main(["new", str(last), "--example", "after"]) == 0
    store.edit(last, lambda w: setattr(w.meta, "date", dt.date.today()))
    capsys.readouterr()
    assert main(["new", str(tmp_path / "q2.json"), "--from", str(last)]) == 1
    err = capsys.readouterr().err
    assert "with --date YYYY-MM-DD (without it, the session is today)" in err


def test_new_refuses_a_workshop_name_that_is_not_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    last = tmp_path / "q1.json"
    assert main(["new", str(last), "--example", "after"]) == 0
    assert main(["new", str(tmp_path / "q2.csv"), "--from", str(last), "--date", "2027-03-10"]) == 1
    assert "name it q2.json" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q1.json"]


def test_new_from_last_quarter_refuses_a_date_of_the_same_quarter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    last = tmp_path / "q1.json"
    assert main(["new", str(last), "--example", "after"]) == 0
    path = tmp_path / "q2.json"
    assert main(["new", str(path), "--from", str(last), "--date", "2026-12-20"]) == 1
    err = capsys.readouterr().err
    assert f"{path}: a session on 20 Dec 2026 plans Q1 2027" in err
    assert not path.exists()
    assert main(["new", str(path), "--from", str(tmp_path / "absent.json")]) == 1
    assert "absent.json" in capsys.readouterr().err
    assert not path.exists()
    with pytest.raises(SystemExit) as stopped:
        main(["new", str(path), "--from", str(last), "--example"])
    assert stopped.value.code == 2
    with pytest.raises(SystemExit) as stopped:
        main(["new", str(path), "--from", str(last), "--date", "10/03/2027"])
    assert stopped.value.code == 2
    assert "write it YYYY-MM-DD" in capsys.readouterr().err


def test_new_with_an_unknown_example_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.json"
    with pytest.raises(SystemExit) as stopped:
        main(["new", str(path), "--example", "later"])
    assert stopped.value.code == 2
    assert "later" in capsys.readouterr().err
    assert not path.exists()


def test_new_refuses_an_existing_file(
    workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A typo in 'new' must never wipe a filled-in workshop."""
    before = workshop_file.read_bytes()
    assert main(["new", str(workshop_file)]) == 1
    captured = capsys.readouterr()
    assert captured.err.strip() == (
        f"{workshop_file}: already exists; choose another name or open it instead"
    )
    assert captured.out == ""
    assert workshop_file.read_bytes() == before


def test_new_refuses_an_existing_file_with_example(
    workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = workshop_file.read_bytes()
    assert main(["new", str(workshop_file), "--example"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert workshop_file.read_bytes() == before


@pytest.mark.parametrize("example", [[], ["after"]])
def test_new_example_with_a_date_is_refused_not_dropped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], example: list[str]
) -> None:
    """``--example --date 2026-09-10`` made the example dated 18 Nov 2026 without a word."""
    path = tmp_path / "w.json"
    assert main(["new", str(path), "--example", *example, "--date", "2026-09-10"]) == 1
    said = capsys.readouterr().err
    assert "--date is for a blank workshop or --from" in said
    assert not path.exists()


def test_new_in_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", str(tmp_path / "absent" / "w.json")]) == 1
    assert "does not exist" in capsys.readouterr().err


# validate


def test_validate_a_good_file(workshop_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(workshop_file)]) == 0
    out = capsys.readouterr().out.strip()
    assert out == f"{workshop_file}: valid workshop (16 initiatives, 8 participants)"


@pytest.mark.parametrize(
    ("breaker", "fields"),
    [
        (truncated, None),
        (emptied, None),
        (wrong_types, ["meta.date", "initiatives[3] (Fraud signal analytics).effort_weeks"]),
    ],
    ids=["truncated", "empty", "wrong-types"],
)
def test_validate_bad_files(
    workshop_file: Path,
    capsys: pytest.CaptureFixture[str],
    breaker: Callable[[Path], Path],
    fields: list[str] | None,
) -> None:
    """Exit 1, one line per problem starting with the file (and field), file untouched."""
    breaker(workshop_file)
    before = workshop_file.read_bytes()
    assert main(["validate", str(workshop_file)]) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert lines
    assert all(line.startswith(f"{workshop_file}: ") for line in lines)
    assert "Traceback" not in captured.err
    assert captured.out == ""
    if fields is not None:
        named = [line.removeprefix(f"{workshop_file}: ").split(":")[0] for line in lines]
        assert named == fields
    assert workshop_file.read_bytes() == before


def test_validate_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nowhere.json"
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().err.strip() == f"{path}: no such file"


def test_validate_subprocess_on_a_truncated_file(workshop_file: Path) -> None:
    truncated(workshop_file)
    before = workshop_file.read_bytes()
    result = run("validate", str(workshop_file))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.fullmatch(
        re.escape(f"{workshop_file}: not valid JSON at line ") + r"\d+, column \d+: .*\n",
        result.stderr,
    )
    assert workshop_file.read_bytes() == before


def test_validate_subprocess_on_absurd_nesting(tmp_path: Path) -> None:
    """Even pathological input gets exit 1 and a message, never a traceback."""
    path = tmp_path / "w.json"
    path.write_bytes(b"[" * 100_000)
    result = run("validate", str(path))
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert result.stderr.startswith(f"{path}: ")


# status


def test_status_text(workshop_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", str(workshop_file)]) == 0
    out = capsys.readouterr().out
    assert "Planning:      Q1 2027" in out
    assert "16 (12 in play: 6 deploy-ready, 6 to explore)" in out
    assert "Still missing:" in out


def test_status_json(workshop_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", str(workshop_file), "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert isinstance(facts, dict)
    assert set(facts) >= STATUS_KEYS
    assert facts["quarter"] == "Q1 2027"
    assert facts["initiatives"] == 16
    assert facts["bet"] is None


def test_status_json_subprocess(workshop_file: Path) -> None:
    """Scripts parse the output: exactly one JSON object on stdout, nothing on stderr."""
    result = run("status", str(workshop_file), "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    facts = json.loads(result.stdout)
    assert set(facts) >= STATUS_KEYS
    assert facts["team"] == "Claims and Customer Operations leadership"


def test_status_of_a_bad_file(workshop_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wrong_types(workshop_file)
    assert main(["status", str(workshop_file), "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{workshop_file}: meta.date: is not a date" in captured.err


# usage errors


@pytest.mark.parametrize(
    "argv",
    [[], ["frobnicate"], ["validate"], ["new"], ["status"], ["new", "x.json", "--bogus"]],
    ids=[
        "no-command",
        "unknown-command",
        "validate-no-path",
        "new-no-path",
        "status-no-path",
        "unknown-option",
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert "usage: gaptools" in capsys.readouterr().err


def test_usage_error_subprocess() -> None:
    result = run()
    assert result.returncode == 2
    assert "usage: gaptools" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_does_not_import_heavy_libraries() -> None:
    """The CLI must start fast; help needs none of the notebook or chart libraries."""
    code = (
        "import sys\n"
        "from gaptools.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('pandas', 'matplotlib', 'ipywidgets') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "usage: gaptools" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "HEAVY []"


# lab


def test_lab_command_is_local_on_the_start_notebook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lab, "running_as_root", lambda: False)
    command = lab.lab_command()
    root = checkout_root()
    assert root is not None
    assert command[:3] == [sys.executable, "-m", "jupyterlab"]
    assert "--ip=127.0.0.1" in command
    assert not any(arg.startswith("--ip=") and arg != "--ip=127.0.0.1" for arg in command)
    assert f"--ServerApp.root_dir={root}" in command
    assert str(root / "notebooks" / "00_start_here.ipynb") in command
    assert (root / "notebooks" / "00_start_here.ipynb").is_file()
    assert "--allow-root" not in command


def test_lab_shuts_down_kernels_left_by_closed_voila_pages() -> None:
    """A closed Voilà page's kernel kept running (its shutdown is refused): kernels idle and
    unconnected for hours are culled; connected ones, a facilitator's, never are."""
    from jupyter_server.services.kernels.kernelmanager import MappingKernelManager

    options = dict(
        arg[2:].split("=", 1) for arg in lab.lab_command() if arg.startswith("--Mapping")
    )
    assert set(options) <= set(
        f"MappingKernelManager.{name}" for name in MappingKernelManager.class_trait_names()
    )
    assert int(options["MappingKernelManager.cull_idle_timeout"]) >= 60 * 60
    assert options["MappingKernelManager.cull_connected"] == "False"


def test_lab_opens_the_start_notebook_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Jupyter looks for the notebook it is given in the folder it was started from; the
    command named it relative to the checkout, so ``gaptools lab`` failed anywhere else."""
    monkeypatch.chdir(tmp_path)
    notebook = next(arg for arg in lab.lab_command() if arg.endswith(".ipynb"))
    assert Path(os.path.abspath(notebook)).is_file()  # as Jupyter resolves it
    done = subprocess.run(
        [sys.executable, "-m", "gaptools", "lab", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "usage: gaptools lab" in done.stdout


def test_lab_gives_jupyter_the_workshop_folder_as_an_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Notebook kernels run in the notebooks' folder: a relative $GAPTOOLS_HOME must still
    name the folder this command used."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GAPTOOLS_HOME", "shared-workshops")
    opened = lab.prepare_workshop(None)
    assert os.environ["GAPTOOLS_HOME"] == str(tmp_path / "shared-workshops")
    assert opened.parent == tmp_path / "shared-workshops"


def test_lab_command_allows_root_only_as_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lab, "running_as_root", lambda: True)
    assert lab.lab_command().count("--allow-root") == 1


@pytest.mark.parametrize("as_root", [True, False])
def test_lab_command_never_disables_the_token(
    monkeypatch: pytest.MonkeyPatch, as_root: bool
) -> None:
    """Jupyter makes a token unless told otherwise; nothing here may tell it otherwise."""
    monkeypatch.setattr(lab, "running_as_root", lambda: as_root)
    for arg in lab.lab_command():
        lowered = arg.lower()
        if "token" in lowered or "password" in lowered:
            value = lowered.split("=", 1)[1] if "=" in lowered else ""
            assert value.strip("'\" ") not in {"", "none", "false"}, arg
        assert "disable_check_xsrf" not in lowered


def test_lab_command_needs_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lab, "checkout_root", lambda: None)
    with pytest.raises(WorkshopError, match="needs the gaptools checkout"):
        lab.lab_command()


def test_lab_opens_the_given_workshop(workshop_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """'gaptools lab FILE' checks the file, remembers it, then starts the built command."""
    started: list[list[str]] = []

    def call(command: list[str], env: dict[str, str]) -> int:
        started.append(command)
        environments.append(env)
        return 0

    environments: list[dict[str, str]] = []
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    monkeypatch.setattr(subprocess, "call", call)
    assert main(["lab", str(workshop_file)]) == 0
    assert started == [lab.lab_command()]
    assert home.current_workshop() == workshop_file.resolve()
    # The commands' own switch for pydantic's plugins stays theirs: JupyterLab and its
    # kernels get the environment as the user gave it, and so does this process afterwards.
    assert "PYDANTIC_DISABLE_PLUGINS" not in environments[0]
    assert "PYDANTIC_DISABLE_PLUGINS" not in os.environ


def test_a_users_own_plugin_switch_is_left_as_it_is(
    workshop_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    environments: list[dict[str, str]] = []
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "logfire")
    monkeypatch.setattr(subprocess, "call", lambda _, env: environments.append(env) or 0)
    assert main(["lab", str(workshop_file)]) == 0
    assert environments[0]["PYDANTIC_DISABLE_PLUGINS"] == "logfire"
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "logfire"


def test_lab_refuses_a_bad_workshop_without_starting(
    workshop_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    started: list[list[str]] = []
    monkeypatch.setattr(subprocess, "call", lambda command, **_: started.append(command) or 0)
    truncated(workshop_file)
    before = workshop_file.read_bytes()
    assert main(["lab", str(workshop_file)]) == 1
    assert started == []
    assert capsys.readouterr().err.startswith(f"{workshop_file}: not valid JSON")
    assert workshop_file.read_bytes() == before


def test_lab_without_a_workshop_uses_the_example_copy(
    private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(subprocess, "call", lambda command, **_: 0)
    assert main(["lab"]) == 0
    assert home.current_workshop() == private_home / "example-workshop.json"


# hostile files: no traceback, no raw control character, ever

RAW = ("\x1b", "\x00", "\x07", "\x9b", "\u202e")


def assert_one_clean_line(result: subprocess.CompletedProcess[str], names: str) -> None:
    """Exit 1, nothing on stdout, one line on stderr that names the file, no traceback."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert names in lines[0], lines


def assert_nothing_raw(result: subprocess.CompletedProcess[str]) -> None:
    """No ESC, NUL, BEL, CSI or right-to-left override reaches the terminal, on either stream."""
    for stream in (result.stdout, result.stderr):
        assert not any(char in stream for char in RAW), repr(stream)


@pytest.fixture
def loop(tmp_path: Path) -> Path:
    """A symbolic link that leads back to itself: opening it fails with ELOOP."""
    link = tmp_path / "loop.json"
    link.symlink_to(link.name)
    return link


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "portfolio.csv"
    path.write_text("name,stage\nClaims triage,idea\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "{loop}"],
        ["status", "{loop}"],
        ["status", "{loop}", "--json"],
        ["import-portfolio", "{loop}", "--into", "{workshop}"],
        ["import-portfolio", "{sheet}", "--into", "{loop}"],
        ["export", "{loop}", "--format", "md"],
        ["export", "{workshop}", "--format", "md", "-o", "{loop}"],
        ["lab", "{loop}"],
        ["new", "{loop}"],
    ],
    ids=lambda argv: "-".join(a.strip("{}-") for a in argv),
)
def test_a_symbolic_link_loop_in_every_command(
    argv: list[str], loop: Path, workshop_file: Path, sheet: Path
) -> None:
    """9 cases: the loop as the workshop of validate, status (text and JSON), export and lab,
    as import-portfolio's sheet and its workshop, as export's output and as new's file. Each
    is one sentence naming the loop, exit 1, no traceback; the workshop is untouched."""
    before = workshop_file.read_bytes()
    names = {"loop": str(loop), "workshop": str(workshop_file), "sheet": str(sheet)}
    result = run(*(arg.format(**names) for arg in argv))
    assert_one_clean_line(result, str(loop))
    assert workshop_file.read_bytes() == before
    assert loop.is_symlink()


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "{big}"],
        ["status", "{big}"],
        ["status", "{big}", "--json"],
        ["export", "{big}", "--format", "json"],
        ["import-portfolio", "{sheet}", "--into", "{big}"],
        ["lab", "{big}"],
    ],
    ids=lambda argv: "-".join(a.strip("{}-") for a in argv),
)
def test_a_schema_version_of_5000_digits(argv: list[str], tmp_path: Path, sheet: Path) -> None:
    """6 cases: every command that reads a workshop, given one whose schema_version has 5,000
    digits (past Python's limit for turning digits into an integer)."""
    big = tmp_path / "big.json"
    big.write_text('{"schema_version": ' + "9" * 5000 + ', "meta": {"date": "2026-11-18"}}')
    before = big.read_bytes()
    result = run(*(arg.format(big=big, sheet=sheet) for arg in argv))
    assert_one_clean_line(result, str(big))
    assert big.read_bytes() == before


def v1_with_escape(path: Path) -> Path:
    """A schema-version-1 file, written by hand, whose first initiative's name retitles and
    clears the terminal: the model refuses it, and the refusal must not replay it."""
    fixture = Path(__file__).parent / "core" / "fixtures" / "example_workshop_v1.json"
    data = json.loads(fixture.read_text(encoding="utf-8"))
    data["initiatives"][0]["name"] = "Claims\x1b]0;pwned\x07\x1b[2J triage"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_refused_escape_is_not_echoed(tmp_path: Path) -> None:
    """4 commands on the v1 file with ESC in a name: exit 1, the field named, nothing raw."""
    path = v1_with_escape(tmp_path / "w.json")
    for argv in (
        ["validate", str(path)],
        ["status", str(path)],
        ["status", str(path), "--json"],
        ["export", str(path), "--format", "md"],
    ):
        result = run(*argv)
        assert_nothing_raw(result)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert f"{path}: initiatives[0].name: contains a control character (ESC" in result.stderr


def test_file_names_holding_escapes_are_printed_escaped(tmp_path: Path, example: Workshop) -> None:
    """7 cases, each with ESC, BEL or a right-to-left override in a file's name: new, validate
    (good and missing file), export's output, import-portfolio's sheet, and a usage error
    that echoes the argument. Every one is printed with visible escapes."""
    odd = "w\x1b]0;pwned\x07\u202e"
    made = run("new", str(tmp_path / f"{odd}.json"))
    assert made.returncode == 0, made.stderr
    assert "w\\x1b]0;pwned\\x07\\u202e.json" in made.stdout
    workshop = tmp_path / f"{odd}.json"
    store.save(example, workshop)
    source = tmp_path / f"{odd}.csv"
    source.write_text("name\nClaims triage\n", encoding="utf-8")
    results = [
        made,
        run("validate", str(workshop)),
        run("validate", str(tmp_path / f"{odd}-absent.json")),
        run("export", str(workshop), "--format", "md", "-o", str(tmp_path / f"{odd}.md")),
        run("import-portfolio", str(source), "--into", str(workshop)),
        run("validate", str(workshop), f"extra{odd}"),
    ]
    for result in results:
        assert_nothing_raw(result)
        assert "Traceback" not in result.stderr
    assert [r.returncode for r in results] == [0, 0, 1, 0, 0, 2]
    assert "\\x1b" in results[2].stderr
    assert "\\x1b" in results[-1].stderr


def test_an_imported_name_with_escapes_is_an_unusable_row(tmp_path: Path) -> None:
    """A sheet whose name cell retitles and clears the terminal: that row is skipped with its
    number and the reason in words; the good rows are imported; nothing raw is printed."""
    workshop = tmp_path / "w.json"
    assert run("new", str(workshop)).returncode == 0
    source = tmp_path / "portfolio.csv"
    source.write_text(
        "name,stage\nClaims triage,idea\n\x1b]0;pwned\x07\x1b[2JEvil,pilot\n"
        "Fraud\u202eflags,idea\n",
        encoding="utf-8",
    )
    result = run("import-portfolio", str(source), "--into", str(workshop))
    assert_nothing_raw(result)
    assert result.returncode == 0, result.stderr
    assert "Skipped row 3: name: contains a control character (ESC, U+001B)" in result.stdout
    assert "Skipped row 4: name: contains an invisible character (RIGHT-TO-LEFT" in result.stdout
    assert [i.name for i in store.load(workshop).initiatives] == ["Claims triage"]


def test_import_maps_the_name_column_of_the_tracker_behind_a_cover_sheet(tmp_path: Path) -> None:
    """--map "Vorhabenstitel=name" on a workbook that opens on a cover sheet was checked
    against the cover: "the sheet has no column 'Vorhabenstitel'"."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Deckblatt"
    book.active.append(["Stand:", "01.12.2026"])
    book.create_sheet("Portfolio").append(["Vorhabenstitel", "Phase"])
    book["Portfolio"].append(["Qualitätsprüfung", "Pilot"])
    source = tmp_path / "portfolio.xlsx"
    book.save(source)
    workshop = tmp_path / "w.json"
    assert run("new", str(workshop)).returncode == 0
    result = run(
        "import-portfolio", str(source), "--into", str(workshop), "--map", "Vorhabenstitel=name"
    )
    assert result.returncode == 0, result.stderr
    assert "Read the sheet 'Portfolio'" in result.stdout
    assert [i.name for i in store.load(workshop).initiatives] == ["Qualitätsprüfung"]


def test_status_escapes_whatever_text_reaches_it(
    workshop_file: Path,
    example: Workshop,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A workshop that never went through the model (built in memory, bypassing it) holding
    ESC, CSI and a right-to-left override: status prints them escaped, in text and JSON, and
    the JSON still parses to the same values."""
    team = "Ops\x1b[2J\x9b\u202eteam"
    hostile = example.model_copy(update={"meta": example.meta.model_copy(update={"team": team})})
    monkeypatch.setattr(store, "load", lambda path: hostile)
    assert main(["status", str(workshop_file)]) == 0
    text = capsys.readouterr().out
    assert main(["status", str(workshop_file), "--json"]) == 0
    printed = capsys.readouterr().out
    for out in (text, printed):
        assert not any(char in out for char in RAW), repr(out)
    assert "Ops\\x1b[2J\\x9b\\u202eteam" in text
    assert json.loads(printed)["team"] == team


INPUT_FAILURES = {
    "symlink-loop": OSError(40, "Too many levels of symbolic links"),
    "permission": PermissionError(13, "Permission denied"),
    "name-too-long": OSError(36, "File name too long"),
    "huge-integer": ValueError("Exceeds the limit (4300 digits) for integer string conversion"),
    "recursion": RecursionError("maximum recursion depth exceeded"),
    "memory": MemoryError(),
    "undecodable": UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"),
}


@pytest.mark.parametrize("command", ["validate", "status", "export", "lab"])
@pytest.mark.parametrize("failure", INPUT_FAILURES, ids=INPUT_FAILURES)
def test_every_input_failure_is_one_sentence_naming_the_file(
    command: str,
    failure: str,
    workshop_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """28 cases: 7 failures the input can cause, raised by reading the workshop in 4 commands,
    whatever the file layer does about them: exit 1, one line naming the file."""

    def fail(path: Path) -> None:
        raise INPUT_FAILURES[failure]

    monkeypatch.setattr(store, "load", fail)
    argv = [command, str(workshop_file)] + (["--format", "md"] if command == "export" else [])
    assert main(argv) == 1
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{workshop_file}: ")
    assert "Traceback" not in captured.err


def test_a_sheet_that_cannot_be_read_is_named(
    workshop_file: Path,
    sheet: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """import-portfolio reads two files; a failure reading the sheet names the sheet."""
    from gaptools.files import sheets

    def fail(path: Path, *_: object) -> None:
        raise MemoryError

    monkeypatch.setattr(sheets, "read_sheet_file", fail)
    assert main(["import-portfolio", str(sheet), "--into", str(workshop_file)]) == 1
    assert capsys.readouterr().err == f"{sheet}: is too large to read: it does not fit in memory\n"


@pytest.mark.parametrize("fault", [TypeError, AttributeError, AssertionError, KeyError])
def test_a_fault_in_gaptools_says_so_and_debug_shows_it(
    fault: type[Exception],
    workshop_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """4 kinds of programming error: one sentence that calls it a fault and asks for a report
    (never dressed up as bad input), and with GAPTOOLS_DEBUG set the error itself."""

    def fail(path: Path) -> None:
        raise fault("something broke")

    monkeypatch.setattr(store, "load", fail)
    monkeypatch.delenv("GAPTOOLS_DEBUG", raising=False)
    assert main(["validate", str(workshop_file)]) == 1
    line = capsys.readouterr().err
    assert line.count("\n") == 1
    assert f"failed unexpectedly ({fault.__name__}:" in line
    assert "please report it" in line
    monkeypatch.setenv("GAPTOOLS_DEBUG", "1")
    with pytest.raises(fault):
        main(["validate", str(workshop_file)])


def test_a_terminal_that_cannot_show_a_name_gets_an_escape(workshop_file: Path) -> None:
    """1 case: a file named in Unicode, printed to an ASCII-only terminal: an escape, not a
    UnicodeEncodeError halfway through the output."""
    named = workshop_file.rename(workshop_file.with_name("zoë.json"))
    result = subprocess.run(
        [sys.executable, "-m", "gaptools", "validate", str(named)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "ascii:strict"},
    )
    assert result.returncode == 0, result.stderr
    assert "zo\\xeb.json: valid workshop" in result.stdout


def as_the_example(workshop: Workshop) -> Workshop:
    """A workshop made from the example is a new workshop with an id of its own (its copies
    share it): the rest is the example."""
    example_id = home.example_workshop().meta.workshop_id
    assert workshop.meta.workshop_id not in ("", example_id)
    workshop.meta.workshop_id = example_id
    return workshop


def test_every_argument_a_person_types_is_explained_in_the_help() -> None:
    """'positional arguments: PATH' with nothing after it told a new user nothing."""
    import argparse

    from gaptools.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in commands.choices.items():
        for action in command._actions:
            if action.option_strings and not action.required:
                continue  # an option left out has its default; -h explains itself
            assert action.help, (name, action.dest)


def test_a_file_name_given_to_example_says_to_write_it_first(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["new", "--example", "ours.json"])
    assert exited.value.code == 2
    assert "give the file name first: gaptools new ours.json --example" in capsys.readouterr().err


def test_validate_counts_in_words_that_agree(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from gaptools.core.model import Initiative, Meta, Participant

    workshop = Workshop(
        meta=Meta(date=dt.date(2026, 12, 8), participants=[Participant(name="Sam Patel")]),
        initiatives=[Initiative(name="Invoice matching")],
    )
    path = tmp_path / "solo.json"
    store.save(workshop, path)
    assert main(["validate", str(path)]) == 0
    assert (
        capsys.readouterr().out.strip() == f"{path}: valid workshop (1 initiative, 1 participant)"
    )


def test_ctrl_c_is_said_not_silent(
    workshop_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An export stopped with Ctrl-C exited 130 with no word of what was left behind."""

    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "load", interrupted)
    before = workshop_file.read_bytes()
    assert main(["export", str(workshop_file), "--format", "csv"]) == 130
    said = capsys.readouterr().err
    assert said.startswith("gaptools export: stopped (Ctrl-C).")
    assert "none is left half-written" in said
    assert workshop_file.read_bytes() == before


def test_merging_a_workshop_into_itself_is_refused_in_words(
    workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It printed "Added: nothing new." and exit 0, as if the copies had been read."""
    before = workshop_file.read_bytes()
    assert main(["merge", str(workshop_file), "--into", str(workshop_file)]) == 1
    said = capsys.readouterr()
    assert said.err.strip() == (
        f"{workshop_file}: is the workshop merged into (--into): give the leaders' copies"
    )
    assert said.out == ""
    assert workshop_file.read_bytes() == before


@pytest.mark.parametrize("fmt", ["json", "csv", "md", "html"])
def test_an_export_to_dash_goes_to_standard_output(
    workshop_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
    fmt: str,
) -> None:
    """`-o - | jq` read "Wrote -" and left a file named "-", which the next such export
    refused to replace."""
    monkeypatch.chdir(tmp_path)
    assert main(["export", str(workshop_file), "--format", fmt, "-o", "-"]) == 0
    printed = capsysbinary.readouterr().out
    assert not (tmp_path / "-").exists()
    assert b"Wrote" not in printed
    from gaptools.export import export

    written = export(store.load(workshop_file), fmt)
    assert printed == written.removeprefix(b"\xef\xbb\xbf")  # no mark for Excel in a pipe
    assert not printed.startswith(b"\xef\xbb\xbf")
    if fmt == "json":
        assert json.loads(printed)["meta"]["team"] == store.load(workshop_file).meta.team


def test_a_rollup_to_dash_goes_to_standard_output_as_json(
    workshop_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    monkeypatch.chdir(tmp_path)
    team = store.load(workshop_file)
    team.meta.team, team.meta.organisation = "Pricing", "Northwind"
    store.save(team, workshop_file)
    assert main(["rollup", str(workshop_file), "-o", "-"]) == 0
    printed = json.loads(capsysbinary.readouterr().out)
    assert [t["team"] for t in printed["teams"]] == ["Pricing"]
    assert not (tmp_path / "-").exists()
