"""The command line: exit codes, messages that name the file and field, and nothing changed."""

from __future__ import annotations

import datetime as dt
import json
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
    assert main(["new", str(path)]) == 0
    assert capsys.readouterr().out.strip() == f"Created {path}"
    workshop = store.load(path)
    assert workshop.initiatives == []
    assert workshop.meta.date == dt.date.today()
    assert sum(item.minutes for item in workshop.meta.agenda) == 180


def test_new_from_the_example(
    tmp_path: Path, example: Workshop, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ours.json"
    assert main(["new", str(path), "--example"]) == 0
    assert "from the example workshop" in capsys.readouterr().out
    assert store.load(path) == example


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
        (wrong_types, ["meta.date", "initiatives[3].effort_weeks"]),
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
    assert "notebooks/00_start_here.ipynb" in command
    assert (root / "notebooks" / "00_start_here.ipynb").is_file()
    assert "--allow-root" not in command


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

    def call(command: list[str]) -> int:
        started.append(command)
        return 0

    monkeypatch.setattr(subprocess, "call", call)
    assert main(["lab", str(workshop_file)]) == 0
    assert started == [lab.lab_command()]
    assert home.current_workshop() == workshop_file.resolve()


def test_lab_refuses_a_bad_workshop_without_starting(
    workshop_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    started: list[list[str]] = []
    monkeypatch.setattr(subprocess, "call", lambda command: started.append(command) or 0)
    truncated(workshop_file)
    before = workshop_file.read_bytes()
    assert main(["lab", str(workshop_file)]) == 1
    assert started == []
    assert capsys.readouterr().err.startswith(f"{workshop_file}: not valid JSON")
    assert workshop_file.read_bytes() == before


def test_lab_without_a_workshop_uses_the_example_copy(
    private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(subprocess, "call", lambda command: 0)
    assert main(["lab"]) == 0
    assert home.current_workshop() == private_home / "example-workshop.json"
