"""What keeps ``status`` and ``validate`` quick on a large workshop, checked without a clock:
pydantic's plugin loader is answered for without importing ``importlib.metadata`` (nor do they
import what only saving or the vote needs), and the cycle collector is paused while they run,
as it is for an export, then runs again."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gaptools import cli
from gaptools.files import store
from tests.support import example_workshop, written
from tests.test_cli_imports import loaded

QUICK = [("status", "w.json"), ("status", "--json", "w.json"), ("validate", "w.json")]


@pytest.fixture(scope="module")
def modules_after(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, ...], set[str]]:
    """The modules a fresh interpreter holds after each quick command, run on the example
    with the plugin switch as a user would have it: not set."""
    folder = tmp_path_factory.mktemp("quick")
    written(example_workshop(), folder / "w.json")
    environment = {k: v for k, v in os.environ.items() if k != cli.PLUGINS_SWITCH}
    environment["GAPTOOLS_HOME"] = str(folder / "home")  # never a real user's
    return {argv: loaded(folder, *argv, environment=environment) for argv in QUICK}


#: What status and validate have no use for, and why.
NOT_NEEDED = {
    "importlib.metadata": "only pydantic's plugin loader would bring it (with email, zipfile "
    "and csv), and the stand-in answers for the loader",
    "gaptools.core.changes": "the record of changes is for the commands that edit a file",
    "tempfile": "only saving a file needs it",
}


@pytest.mark.parametrize("module", NOT_NEEDED)
@pytest.mark.parametrize("argv", QUICK, ids=" ".join)
def test_quick_commands_do_not_import_what_they_do_not_use(
    modules_after: dict[tuple[str, ...], set[str]], argv: tuple[str, ...], module: str
) -> None:
    assert module not in modules_after[argv], NOT_NEEDED[module]


def test_the_quick_path_still_reports_a_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.json"
    assert cli.main(["status", str(missing)]) == 1
    assert str(missing) in capsys.readouterr().err


@pytest.fixture
def without_the_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a fresh process: the switch not set and pydantic's loader not imported yet
    (monkeypatch puts back whatever this process had)."""
    monkeypatch.delenv(cli.PLUGINS_SWITCH, raising=False)
    monkeypatch.delitem(sys.modules, cli.PLUGIN_LOADER, raising=False)


@pytest.mark.usefixtures("without_the_loader")
def test_while_a_command_runs_a_stand_in_answers_for_the_plugin_loader() -> None:
    with cli._without_pydantic_plugins():
        from pydantic.plugin._loader import get_plugins  # as pydantic imports it

        stand_in = sys.modules[cli.PLUGIN_LOADER]
        assert not hasattr(stand_in, "__file__")
        assert not hasattr(stand_in, "__path__")  # asked by every import, answered here
        assert list(get_plugins()) == []
        assert sys.modules[cli.PLUGIN_LOADER] is stand_in
    assert sys.modules.get(cli.PLUGIN_LOADER) is not stand_in


@pytest.mark.usefixtures("without_the_loader")
def test_the_stand_in_hands_over_to_the_loader_when_plugins_are_wanted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with cli._without_pydantic_plugins():
        stand_in = sys.modules[cli.PLUGIN_LOADER]
        monkeypatch.setenv(cli.PLUGINS_SWITCH, "some_plugin")
        plugins = stand_in.get_plugins()
        real = sys.modules[cli.PLUGIN_LOADER]
        assert real is not stand_in
        assert hasattr(real, "__file__")
        assert list(plugins) == list(real.get_plugins())


def test_no_stand_in_when_the_user_set_the_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cli.PLUGINS_SWITCH, "logfire")
    monkeypatch.delitem(sys.modules, cli.PLUGIN_LOADER, raising=False)
    with cli._without_pydantic_plugins():
        assert cli.PLUGIN_LOADER not in sys.modules


@pytest.mark.parametrize(
    "command",
    [["status"], ["validate"], ["export", "--format", "png"], ["export", "--format", "html"]],
)
def test_the_collector_is_paused_while_a_command_reads_and_answers(
    workshop_file: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    seen: list[bool] = []
    load = store.load

    def looking(path: Path) -> object:
        seen.append(gc.isenabled())
        return load(path)

    monkeypatch.setattr(store, "load", looking)
    assert gc.isenabled()
    assert cli.main([*command, str(workshop_file)]) == 0
    assert seen == [False]
    assert gc.isenabled()


def test_the_collector_is_running_again_after_a_failure(tmp_path: Path) -> None:
    assert cli.main(["status", str(tmp_path / "missing.json")]) == 1
    assert gc.isenabled()


def test_other_commands_leave_the_collector_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []

    def create(_: object, path: Path) -> Path:
        seen.append(gc.isenabled())
        return path

    monkeypatch.setattr(store, "create", create)
    assert cli.main(["new", str(tmp_path / "new.json")]) == 0
    assert seen == [True]


def test_status_does_not_import_the_rules_of_the_vote(
    modules_after: dict[tuple[str, ...], set[str]],
) -> None:
    """The commitment card, which status reads, needs none of them."""
    assert "gaptools.steps.voting" not in modules_after[("status", "w.json")]


# -- ending the process: the command line's own entry ---------------------------------------


def gaptools_in_a_process(*argv: str, before: str = "") -> subprocess.CompletedProcess[str]:
    """``python -m gaptools argv`` in a fresh interpreter, as the command line runs it, its
    output read through a pipe (where Python buffers it). ``before``: Python run first."""
    script = f"{before}\nimport runpy\nrunpy.run_module('gaptools', run_name='__main__')"
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.run(
        [sys.executable, "-c", script, *argv],
        capture_output=True,
        text=True,
        check=False,
        env=buffered,
    )


@pytest.mark.parametrize("json_flag", [[], ["--json"]], ids=["text", "json"])
def test_a_command_that_ends_its_process_says_all_it_has_to_say(
    workshop_file: Path, capsys: pytest.CaptureFixture[str], json_flag: list[str]
) -> None:
    assert cli.main(["status", *json_flag, str(workshop_file)]) == 0
    expected = capsys.readouterr().out
    ended = gaptools_in_a_process("status", *json_flag, str(workshop_file))
    assert (ended.returncode, ended.stderr) == (0, "")
    assert ended.stdout == expected
    assert len(expected) > 500  # more than one buffer line: what a missing flush would lose


def test_a_command_that_ends_its_process_keeps_its_exit_code_and_its_message(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": "nine"}', encoding="utf-8")
    ended = gaptools_in_a_process("validate", str(bad))
    assert ended.returncode == 1
    assert str(bad) in ended.stderr
    assert "schema_version" in ended.stderr
    assert "Traceback" not in ended.stderr


def test_a_command_that_ends_its_process_runs_the_exit_handlers_first(
    workshop_file: Path, tmp_path: Path
) -> None:
    mark = tmp_path / "handler-ran"
    before = f"import atexit, pathlib\natexit.register(pathlib.Path({str(mark)!r}).touch)"
    ended = gaptools_in_a_process("validate", str(workshop_file), before=before)
    assert ended.returncode == 0, ended.stderr
    assert mark.exists()


def test_a_command_that_ends_its_process_leaves_the_collector_paused_to_the_end(
    workshop_file: Path, tmp_path: Path
) -> None:
    # Started again, the collector's first pass went through every object the command made.
    mark = tmp_path / "collector"
    before = (
        "import atexit, gc, pathlib\n"
        f"atexit.register(lambda: pathlib.Path({str(mark)!r}).write_text(str(gc.isenabled())))"
    )
    ended = gaptools_in_a_process("status", str(workshop_file), before=before)
    assert ended.returncode == 0, ended.stderr
    assert mark.read_text() == "False"


def test_only_the_commands_that_read_and_answer_end_the_process_themselves(
    tmp_path: Path,
) -> None:
    # Called in this process: a command that ended it would end the test run here.
    created = tmp_path / "new.json"
    assert cli.main(["new", str(created)], end_process=True) == 0
    assert created.is_file()
    assert "new" not in cli.PAUSING_THE_COLLECTOR
