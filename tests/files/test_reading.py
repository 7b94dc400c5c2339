"""Input files are regular files of bounded size: names that point at a pipe, a device, a
folder or a loop of links are refused in a sentence, for workshops and sheets alike.

Each case runs under an alarm, so a read that would block on a pipe or never end on a device
fails the test instead of hanging the suite.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from gaptools.core.errors import WorkshopError
from gaptools.files import sheets, store
from gaptools.files.reading import read_regular

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX pipes and devices")


@contextlib.contextmanager
def deadline(seconds: int = 5) -> Iterator[None]:
    """Fail, rather than hang, when reading blocks or never ends."""

    def expired(*_: object) -> None:
        raise TimeoutError(f"still reading after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def device(path: Path) -> Path:
    path.symlink_to("/dev/zero")
    return path


def folder(path: Path) -> Path:
    path.mkdir()
    return path


def loop(path: Path) -> Path:
    other = path.with_name("other-" + path.name)
    path.symlink_to(other.name)
    other.symlink_to(path.name)
    return path


CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "fifo": (fifo, "is a named pipe (FIFO)"),
    "device": (device, "is a device"),
    "folder": (folder, "is a folder"),
    "link loop": (loop, "loop of symbolic links"),
}


def refusal(read: Callable[[Path], object], path: Path) -> WorkshopError:
    with deadline(), pytest.raises(WorkshopError) as caught:
        read(path)
    return caught.value


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_workshop_name_that_is_not_a_regular_file_is_refused(case: str, tmp_path: Path) -> None:
    """Today a pipe hangs ``validate`` forever and /dev/zero is read until memory runs out."""
    make, expected = CASES[case]
    path = make(tmp_path / "w.json")
    error = refusal(store.load, path)
    assert error.path == path
    assert len(error.problems) == 1
    assert expected in error.problems[0]


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_sheet_name_that_is_not_a_regular_file_is_refused(case: str, tmp_path: Path) -> None:
    make, expected = CASES[case]
    path = make(tmp_path / "portfolio.csv")
    error = refusal(sheets.read_sheet_file, path)
    assert error.path == path
    assert len(error.problems) == 1
    assert expected in error.problems[0]


def test_an_edit_of_a_pipe_is_refused_and_leaves_no_lock(tmp_path: Path) -> None:
    path = fifo(tmp_path / "w.json")
    error = refusal(lambda p: store.edit(p, lambda w: None), path)
    assert "named pipe" in error.problems[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.json"]


def test_reading_stops_one_byte_past_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * 10)
    assert read_regular(path, 10, "workshop file") == b"x" * 10
    with pytest.raises(WorkshopError, match=r"too large \(more than 9 bytes\)"):
        read_regular(path, 9, "workshop file")


def test_a_file_that_grows_past_the_limit_while_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The size on disk is only a first check: what is read is bounded by itself."""
    path = tmp_path / "f"
    path.write_bytes(b"x" * 5)
    real_fstat = os.fstat

    def shrunk(descriptor: int) -> os.stat_result:
        info = list(real_fstat(descriptor))
        info[6] = 1  # st_size, as if the file were smaller when checked
        return os.stat_result(info)

    monkeypatch.setattr(os, "fstat", shrunk)
    with pytest.raises(WorkshopError, match="too large"):
        read_regular(path, 3, "spreadsheet")


def test_a_link_to_a_regular_file_is_read(tmp_path: Path) -> None:
    target = tmp_path / "real.csv"
    target.write_bytes(b"name\nTriage\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target.name)
    assert sheets.read_sheet_file(link).rows[0].cells == {"name": "Triage"}


def test_an_unreadable_file_is_refused_in_words(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = tmp_path / "w.json"
    path.write_text("{}", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(WorkshopError, match="permission denied"):
        read_regular(path, 100, "workshop file")
