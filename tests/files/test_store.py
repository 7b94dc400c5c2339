"""Workshop files: bad ones are explained and left alone; saves are atomic and keep a backup."""

from __future__ import annotations

import os
import random
import select
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from gaptools.core.errors import WorkshopError
from gaptools.core.model import SCHEMA_VERSION, Workshop
from gaptools.files import store
from tests.support import edited, saved, written


def refused(path: Path) -> list[str]:
    """Load ``path`` expecting a refusal; check it names the file and changed nothing."""
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(WorkshopError) as caught:
        store.load(path)
    assert caught.value.path == path
    assert caught.value.problems, "a refusal must say what is wrong"
    after = path.read_bytes() if path.is_file() else None
    assert after == before, "loading must never change the file"
    return caught.value.problems


def leftovers(folder: Path, *expected: str) -> set[str]:
    """Names in ``folder`` other than the expected ones (temporary files, stray copies)."""
    return {p.name for p in folder.iterdir()} - set(expected)


# Loading: every bad file is refused with a reason, and stays byte-identical.


def test_load_reads_the_example(workshop_file: Path, example: Workshop) -> None:
    assert store.load(workshop_file) == example
    assert store.load(str(workshop_file)) == example


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    assert refused(path) == ["no such file"]
    assert not path.exists(), "loading must not create a file"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    path.write_bytes(b"")
    (problem,) = refused(path)
    assert "empty" in problem
    assert ".bak" in problem  # points the person at the recovery copy


def test_whitespace_only_file(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    path.write_bytes(b"  \n\t\r\n  ")
    (problem,) = refused(path)
    assert "empty" in problem


def test_truncated_file(workshop_file: Path) -> None:
    """A half-written file (the failure atomic saves prevent) is described, not crashed on."""
    whole = workshop_file.read_bytes()
    workshop_file.write_bytes(whole[: len(whole) // 2])
    (problem,) = refused(workshop_file)
    assert problem.startswith("not valid JSON at line ")
    assert "cut short" in problem


@pytest.mark.parametrize(
    "content",
    [b"Initiative,Stage\r\nClaims copilot,Pilot\r\n", b"<!doctype html><p>", b"root:x:0:0:root"],
)
def test_another_kind_of_file_is_not_said_to_be_cut_short(tmp_path: Path, content: bytes) -> None:
    """A CSV given as the shared workshop was "not valid JSON at line 1, column 1: the file
    ends before its data does (it was cut short)"."""
    path = tmp_path / "given.json"
    path.write_bytes(content)
    (problem,) = refused(path)
    assert "cut short" not in problem
    assert "it does not begin with '{' as a workshop file does" in problem


def test_a_file_broken_inside_is_described_in_words(workshop_file: Path) -> None:
    """The reader's own message was shown cut off: "Unterminated string starting at"."""
    text = workshop_file.read_text(encoding="utf-8")
    first_comma = text.index(",")
    workshop_file.write_text(text[:first_comma] + text[first_comma + 1 :], encoding="utf-8")
    (problem,) = refused(workshop_file)
    assert problem.startswith("not valid JSON at line ")
    assert "a comma is missing (the file may have been edited by hand)" in problem
    workshop_file.write_text(text.replace('"', "", 1), encoding="utf-8")
    (problem,) = refused(workshop_file)
    assert "Expecting" not in problem
    assert "enclosed" not in problem


def test_a_file_of_zero_bytes_is_said_to_be_damaged_not_cut_short(tmp_path: Path) -> None:
    """A file a crash left full of zero bytes was said to be "cut short"."""
    path = tmp_path / "w.json"
    path.write_bytes(b"\x00" * 4096)
    (problem,) = refused(path)
    assert problem.startswith("the file holds only zero bytes")


def test_a_damaged_file_points_to_its_backup(workshop_file: Path) -> None:
    """A truncated team file beside a good backup said nothing of the backup."""
    whole = workshop_file.read_bytes()
    store.backup_path(workshop_file).write_bytes(whole)
    workshop_file.write_bytes(whole[: len(whole) // 3])
    problems = refused(workshop_file)
    assert "cut short" in problems[0]
    assert problems[1] == (
        f"an earlier version is in {workshop_file.name}.bak: copy it over {workshop_file.name} "
        "to go back to it"
    )
    workshop_file.write_bytes(b"")  # the message already says where to look
    (problem,) = refused(workshop_file)
    assert problem.count(".bak") == 1


def test_date_of_the_wrong_type_names_the_field(workshop_file: Path) -> None:
    edited(workshop_file, lambda d: d["meta"].__setitem__("date", 42))
    problems = refused(workshop_file)
    assert [p.split(":")[0] for p in problems] == ["meta.date"]


def test_number_as_date_gets_the_plain_date_message(workshop_file: Path) -> None:
    """A number where a date belongs needs the same advice as any other bad date."""
    edited(workshop_file, lambda d: d["meta"].__setitem__("date", 42))
    assert refused(workshop_file) == ["meta.date: is not a date; write it as YYYY-MM-DD"]


def test_number_as_date_is_not_read_as_1970(workshop_file: Path) -> None:
    """A wrong type must be refused, not silently turned into 1 January 1970."""
    edited(workshop_file, lambda d: d["meta"].__setitem__("date", 0))
    problems = refused(workshop_file)
    assert [p.split(":")[0] for p in problems] == ["meta.date"]


def test_effort_of_the_wrong_type_names_the_field(workshop_file: Path) -> None:
    """And the initiative by its name: a facilitator does not count entries from zero."""
    edited(workshop_file, lambda d: d["initiatives"][0].__setitem__("effort_weeks", "lots"))
    first = saved(workshop_file)["initiatives"][0]["name"]
    assert refused(workshop_file) == [f"initiatives[0] ({first}).effort_weeks: must be a number"]


def test_a_problem_with_a_name_does_not_repeat_it(workshop_file: Path) -> None:
    edited(workshop_file, lambda d: d["initiatives"][0].__setitem__("name", ""))
    (problem,) = refused(workshop_file)
    assert problem.startswith("initiatives[0].name: ")


def test_top_level_list(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    path.write_text('[{"meta": {"date": "2026-11-18"}}]', encoding="utf-8")
    assert refused(path) == ["the file must hold one workshop object, found a list"]


def test_top_level_text(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    path.write_text('"hello"', encoding="utf-8")
    assert refused(path) == ["the file must hold one workshop object, found a text"]


def test_nan_constant_is_refused(workshop_file: Path) -> None:
    """JSON has no NaN, but Python writes it; a workshop must never hold one."""
    text = workshop_file.read_text(encoding="utf-8")
    assert '"baseline": 18.0' in text
    workshop_file.write_text(text.replace('"baseline": 18.0', '"baseline": NaN', 1), "utf-8")
    (problem,) = refused(workshop_file)
    assert "NaN" in problem


def test_nan_constant_names_the_field(workshop_file: Path) -> None:
    """Like every other bad value, a NaN is reported at its field, so a person can find it."""
    text = workshop_file.read_text(encoding="utf-8")
    workshop_file.write_text(text.replace('"baseline": 18.0', '"baseline": NaN', 1), "utf-8")
    (problem,) = refused(workshop_file)
    first = store.document(text.encode())["initiatives"][0]["name"]
    assert problem.startswith(f"initiatives[0] ({first}).value.baseline:")


def test_overflowing_number_is_refused_at_its_field(workshop_file: Path) -> None:
    """1e400 parses as infinity; it must be caught at the field like NaN."""
    text = workshop_file.read_text(encoding="utf-8")
    workshop_file.write_text(text.replace('"baseline": 18.0', '"baseline": 1e400', 1), "utf-8")
    first = store.document(text.encode())["initiatives"][0]["name"]
    assert refused(workshop_file) == [
        f"initiatives[0] ({first}).value.baseline: must be an ordinary number (not NaN or infinity)"
    ]


def test_future_schema_version(workshop_file: Path) -> None:
    edited(workshop_file, lambda d: d.__setitem__("schema_version", 99))
    (problem,) = refused(workshop_file)
    assert problem.startswith("schema_version: the file was written by a newer gaptools")


def test_utf8_bom_is_accepted(workshop_file: Path, example: Workshop) -> None:
    """Windows editors add a byte-order mark; the file is still fine."""
    workshop_file.write_bytes(b"\xef\xbb\xbf" + workshop_file.read_bytes())
    assert store.load(workshop_file) == example


def test_non_utf8_bytes_are_refused(workshop_file: Path) -> None:
    """A file re-saved as Windows-1252 is named as such rather than misread."""
    text = workshop_file.read_text(encoding="utf-8")
    workshop_file.write_bytes(text.replace("Harbourline", "Café Harbourline").encode("cp1252"))
    (problem,) = refused(workshop_file)
    assert "not UTF-8" in problem


def test_folder_instead_of_file(tmp_path: Path) -> None:
    folder = tmp_path / "w.json"
    folder.mkdir()
    assert refused(folder) == ["is a folder, not a workshop file"]


def test_deeply_nested_json_is_refused_not_crashed_on(tmp_path: Path) -> None:
    """Garbage nested thousands deep must still give a message, not a RecursionError."""
    path = tmp_path / "w.json"
    path.write_bytes(b"[" * 100_000)
    problems = refused(path)
    assert problems


def test_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "MAX_FILE_BYTES", 10)
    path = tmp_path / "w.json"
    path.write_text('{"schema_version": 1, "meta": {"date": "2026-11-18"}}', encoding="utf-8")
    (problem,) = refused(path)
    assert "too large" in problem


# Saving: atomic, with the previous version kept, and nothing left behind.


def test_save_round_trip(tmp_path: Path, example: Workshop) -> None:
    path = tmp_path / "w.json"
    store.save(example, path)
    assert store.load(path) == example
    assert saved(path)["schema_version"] == SCHEMA_VERSION


def test_first_save_keeps_no_backup(tmp_path: Path, example: Workshop) -> None:
    path = tmp_path / "w.json"
    store.save(example, path)
    assert leftovers(tmp_path, "w.json", "home") == set()


def test_backup_holds_the_previous_bytes(workshop_file: Path, example: Workshop) -> None:
    """The .bak file is the version just replaced, byte for byte, for recovery."""
    first = workshop_file.read_bytes()
    example.meta.team = "Second version"
    store.save(example, workshop_file)
    second = workshop_file.read_bytes()
    assert second != first
    assert store.backup_path(workshop_file).read_bytes() == first

    example.meta.team = "Third version"
    store.save(example, workshop_file)
    assert store.backup_path(workshop_file).read_bytes() == second
    assert store.load(workshop_file).meta.team == "Third version"


def test_saves_leave_no_temporary_files(workshop_file: Path, example: Workshop) -> None:
    for n in range(3):
        example.meta.team = f"Version {n}"
        store.save(example, workshop_file)
    assert leftovers(workshop_file.parent, "w.json", "w.json.bak", "home") == set()


def test_failed_final_rename_leaves_the_old_file(
    workshop_file: Path, example: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the last step of a save fails, the file on disk is still the old one."""
    before = workshop_file.read_bytes()
    real_replace = os.replace

    def replace(src: Any, dst: Any) -> None:
        if Path(dst) == workshop_file:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(store.os, "replace", replace)
    example.meta.team = "Never written"
    with pytest.raises(WorkshopError) as caught:
        store.save(example, workshop_file)
    assert caught.value.path == workshop_file
    assert "cannot save" in caught.value.problems[0]
    assert workshop_file.read_bytes() == before
    assert leftovers(workshop_file.parent, "w.json", "w.json.bak", "home") == set()


def test_failing_rename_leaves_no_temporary_files(
    workshop_file: Path, example: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When renaming fails altogether (a locked folder), nothing changes and nothing is left."""
    before = workshop_file.read_bytes()

    def replace(src: Any, dst: Any) -> None:
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(store.os, "replace", replace)
    example.meta.team = "Never written"
    with pytest.raises(WorkshopError):
        store.save(example, workshop_file)
    assert workshop_file.read_bytes() == before
    assert leftovers(workshop_file.parent, "w.json", "w.json.bak", "home") == set()


def test_save_into_a_missing_folder(tmp_path: Path, example: Workshop) -> None:
    path = tmp_path / "absent" / "w.json"
    with pytest.raises(WorkshopError) as caught:
        store.save(example, path)
    assert caught.value.path == path
    assert "cannot write here" in caught.value.problems[0]
    assert not path.parent.exists()


def test_create_writes_a_new_file(tmp_path: Path, example: Workshop) -> None:
    path = tmp_path / "new.json"
    assert store.create(example, path) == path
    assert store.load(path) == example
    assert leftovers(tmp_path, "new.json", "home") == set()


@pytest.mark.parametrize("name", ["q2.csv", "q2", "q2.json.txt"])
def test_create_refuses_a_name_that_is_not_json(
    tmp_path: Path, example: Workshop, name: str
) -> None:
    """'gaptools new q2.csv --from q1.json' wrote the workshop's JSON into q2.csv, which step
    0's Open menu and the roll-up never list."""
    with pytest.raises(WorkshopError) as caught:
        store.create(example, tmp_path / name)
    assert "a workshop file's name ends in .json" in caught.value.problems[0]
    assert list(tmp_path.iterdir()) == []


def test_create_refuses_an_existing_file(workshop_file: Path, example: Workshop) -> None:
    """Creating must never overwrite a workshop someone already filled in."""
    before = workshop_file.read_bytes()
    example.meta.team = "Intruder"
    with pytest.raises(WorkshopError) as caught:
        store.create(example, workshop_file)
    assert "already exists" in caught.value.problems[0]
    assert workshop_file.read_bytes() == before
    assert not store.backup_path(workshop_file).exists()


def test_create_refuses_a_missing_folder(tmp_path: Path, example: Workshop) -> None:
    with pytest.raises(WorkshopError, match="does not exist"):
        store.create(example, tmp_path / "absent" / "w.json")


# A killed process never leaves a half-written file.

KILLER_CHILD = r"""
import os, sys
from gaptools.files import store

versions = [store.load(sys.argv[1]), store.load(sys.argv[2])]
target = sys.argv[3]
os.write(1, b"loaded\n")
# One import, many victims: each line on stdin forks a process that saves in a tight loop
# until the test kills it with SIGKILL.
while sys.stdin.readline():
    pid = os.fork()
    if pid == 0:
        try:
            n = 0
            while True:
                store.save(versions[n % 2], target)
                if n == 0:
                    os.write(1, f"ready {os.getpid()}\n".encode())
                n += 1
        except BaseException as error:
            os.write(1, f"error {error!r}\n".encode())
        finally:
            os._exit(1)
    os.waitpid(pid, 0)
    os.write(1, b"reaped\n")
"""


class Lines:
    """Lines from a child's stdout, with a deadline so a stuck child fails the test."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = b""

    def next(self, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            assert left > 0, "the saving process did not answer in time"
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                chunk = os.read(self.fd, 4096)
                assert chunk, "the saving process ended unexpectedly"
                self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode()


def big_workshop(example: Workshop, count: int, tag: str) -> Workshop:
    """A large workshop built from the example's initiatives under distinct names."""
    data = example.model_dump(mode="json")
    originals = data["initiatives"]
    data["initiatives"] = [
        {
            **originals[k % len(originals)],
            "id": f"{tag}-{k}",
            "name": f"{originals[k % len(originals)]['name']} {k}",
            "description": f"{tag} {k}: {originals[k % len(originals)]['description']}",
        }
        for k in range(count)
    ]
    data["meta"]["team"] = f"Team {tag}"
    return Workshop.model_validate(data)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")
def test_killed_saves_never_leave_a_broken_file(tmp_path: Path, example: Workshop) -> None:
    """SIGKILL at random moments during saves: the file always loads, as one whole version."""
    version_a = big_workshop(example, 1000, "A")
    version_b = big_workshop(example, 1000, "B")
    assert version_a != version_b
    file_a, file_b, target = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "w.json"
    store.save(version_a, file_a)
    store.save(version_b, file_b)
    store.save(version_a, target)
    assert target.stat().st_size > 500_000, "the file should be large enough to take a while"

    child = subprocess.Popen(
        [sys.executable, "-c", KILLER_CHILD, str(file_a), str(file_b), str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert child.stdin is not None
    assert child.stdout is not None
    lines = Lines(child.stdout.fileno())
    rng = random.Random(20261118)
    victim = None
    seen = []
    try:
        assert lines.next(timeout=30) == "loaded"
        for _ in range(15):
            child.stdin.write(b"go\n")
            child.stdin.flush()
            answer = lines.next()
            assert answer.startswith("ready "), answer
            victim = int(answer.split()[1])
            time.sleep(rng.uniform(0.02, 0.2))
            os.kill(victim, signal.SIGKILL)
            assert lines.next() == "reaped"
            victim = None

            loaded = store.load(target)
            assert loaded in (version_a, version_b)
            seen.append(loaded.meta.team)
            backup = store.backup_path(target)
            if backup.exists():
                assert store.load(backup) in (version_a, version_b)
    finally:
        if victim is not None:
            os.kill(victim, signal.SIGKILL)
        child.stdin.close()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        child.stdout.close()
    assert child.returncode == 0
    assert len(seen) == 15


def two_writers(path: Path, loop: str) -> set[str]:
    """Run ``loop`` in writers A and B at once, two processes on the file at ``path``; each
    adds 15 participants named after itself. The participant names in the file afterwards."""
    script = (
        "import sys\n"
        "from gaptools.files import store\n"
        "from gaptools.core.model import Participant\n"
        "path, who = sys.argv[1], sys.argv[2]\n"
        "for n in range(15):\n" + loop
    )
    runs = [subprocess.Popen([sys.executable, "-c", script, str(path), who]) for who in ("A", "B")]
    assert [run.wait(timeout=60) for run in runs] == [0, 0]
    return {p.name for p in store.load(path).meta.participants}


def test_lock_serialises_read_change_write(tmp_path: Path, example: Workshop) -> None:
    """Two processes adding to the same file under the lock never lose each other's change."""
    names = two_writers(
        written(example, tmp_path / "shared.json"),
        "    with store.locked(store.Path(path)):\n"
        "        w = store.load(path)\n"
        "        w.meta.participants.append(Participant(name=f'{who} {n}'))\n"
        "        store.save(w, path)\n",
    )
    # Both writers added 15 names each; the lock means none was overwritten by the other.
    assert {f"A {n}" for n in range(15)} <= names
    assert {f"B {n}" for n in range(15)} <= names


# Modes, groups and the lock: a save leaves the file as readable and writable as it was.


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.mark.parametrize("kept", [0o644, 0o664, 0o640, 0o666])
def test_a_save_keeps_the_files_mode_and_the_backup_too(
    workshop_file: Path, example: Workshop, kept: int
) -> None:
    """Saves used to make every file 0600, whatever it was: a colleague lost access."""
    workshop_file.chmod(kept)
    for team in ("Second", "Third"):
        example.meta.team = team
        store.save(example, workshop_file)
        assert mode(workshop_file) == kept
        assert mode(store.backup_path(workshop_file)) == kept


@pytest.mark.parametrize(("umask", "expected"), [(0o002, 0o664), (0o022, 0o644), (0o077, 0o600)])
def test_a_new_file_gets_the_mode_the_umask_gives(
    tmp_path: Path, example: Workshop, umask: int, expected: int
) -> None:
    previous = os.umask(umask)
    try:
        store.create(example, tmp_path / "new.json")
        store.save(example, tmp_path / "saved.json")
    finally:
        os.umask(previous)
    assert mode(tmp_path / "new.json") == expected
    assert mode(tmp_path / "saved.json") == expected


def other_group() -> int | None:
    """A group this process may give its files other than its own: any as root."""
    if os.geteuid() == 0:
        return 4242
    return next((g for g in os.getgroups() if g != os.getegid()), None)


def test_a_save_keeps_the_files_group(workshop_file: Path, example: Workshop) -> None:
    group = other_group()
    if group is None:
        pytest.skip("needs root or a second group to give the file")
    os.chown(workshop_file, -1, group)
    example.meta.team = "Second"
    store.save(example, workshop_file)
    assert workshop_file.stat().st_gid == group


def test_the_lock_file_lets_the_workshops_writers_in(workshop_file: Path) -> None:
    """The lock is as writable as the workshop (group-writable file, group-writable lock) and
    not readable more widely: readers never need it."""
    workshop_file.chmod(0o664)
    store.edit(workshop_file, lambda w: setattr(w.meta, "team", "Second"))
    assert mode(store.lock_path(workshop_file)) == 0o660
    workshop_file.chmod(0o644)
    store.edit(workshop_file, lambda w: setattr(w.meta, "team", "Third"))
    assert mode(store.lock_path(workshop_file)) == 0o600


def test_a_lock_that_cannot_be_opened_refuses_the_change(
    workshop_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, ``locked`` went ahead without a lock; now the change is refused in words."""
    real_open = os.open
    lock = store.lock_path(workshop_file)

    def denied(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(file) == lock:
            raise PermissionError(13, "Permission denied")
        return real_open(file, flags, *args, **kwargs)

    lock.touch()  # there, and not ours to open
    monkeypatch.setattr(store.os, "open", denied)
    before = workshop_file.read_bytes()
    with pytest.raises(WorkshopError) as caught:
        store.edit(workshop_file, lambda w: setattr(w.meta, "team", "Unlocked"))
    assert caught.value.path == workshop_file
    assert caught.value.problems == [
        "nothing was changed: the lock file .w.json.lock cannot be used (Permission denied); "
        "let the workshop's group read and write it, or remove it when nobody is saving"
    ]
    assert workshop_file.read_bytes() == before
    lock.unlink()  # not there: it is the folder that refuses, and there is nothing to remove
    with pytest.raises(WorkshopError) as caught:
        store.edit(workshop_file, lambda w: setattr(w.meta, "team", "Unlocked"))
    assert caught.value.problems == [
        f"nothing was changed: the folder {workshop_file.parent} does not let you create files "
        "(Permission denied), and a save needs its lock file .w.json.lock there; save the "
        "workshop in a folder you can write to, or ask for write access to this one"
    ]
    assert workshop_file.read_bytes() == before


def test_a_lock_file_that_is_a_link_is_refused_not_followed(
    workshop_file: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    store.lock_path(workshop_file).symlink_to(victim)
    with pytest.raises(WorkshopError, match=r"\.w\.json\.lock is a symbolic link"):
        store.edit(workshop_file, lambda w: setattr(w.meta, "team", "Linked"))
    assert victim.read_text() == "keep"


# Temporary files a crashed save left behind go at the next save of that workshop.


def temporaries(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.name.endswith(".tmp")}


def plant(path: Path, age: float) -> Path:
    path.write_bytes(b"half a save")
    when = time.time() - age
    os.utime(path, (when, when))
    return path


def test_stale_temporaries_go_at_the_next_save(
    workshop_file: Path, example: Workshop, tmp_path: Path
) -> None:
    """Only this workshop's own, only regular files; one written just now may belong to a save
    in progress and stays, unless the save holds the lock (``edit``), when none can be."""
    old = plant(tmp_path / ".w.json.a1b2c3.tmp", age=3600)
    fresh = plant(tmp_path / ".w.json.d4e5f6.tmp", age=0)
    other = plant(tmp_path / ".other.json.a1b2c3.tmp", age=3600)
    folder = tmp_path / ".w.json.folder.tmp"
    folder.mkdir()
    os.utime(folder, (0, 0))
    link = tmp_path / ".w.json.link.tmp"
    link.symlink_to(other)
    store.save(example, workshop_file)
    assert temporaries(tmp_path) == {fresh.name, other.name, folder.name, link.name}
    store.edit(workshop_file, lambda w: setattr(w.meta, "team", "Under the lock"))
    assert temporaries(tmp_path) == {other.name, folder.name, link.name}
    assert not old.exists()


def test_a_crashed_saves_temporary_goes_at_the_next_edit(
    workshop_file: Path, example: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save that dies between writing and renaming leaves its temporary file; the next
    change of that workshop removes it."""
    real_replace = os.replace

    def crash(src: Any, dst: Any) -> None:
        if Path(dst) == workshop_file:
            raise KeyboardInterrupt  # the process dies here: nothing cleans up
        real_replace(src, dst)

    monkeypatch.setattr(store.os, "replace", crash)
    monkeypatch.setattr(store.os, "unlink", lambda *_: None)
    with pytest.raises(KeyboardInterrupt):
        store.save(example, workshop_file)
    monkeypatch.undo()
    assert temporaries(workshop_file.parent)
    store.edit(workshop_file, lambda w: setattr(w.meta, "team", "After the crash"))
    assert temporaries(workshop_file.parent) == set()


# Outputs never follow links: a save replaces the name it is given, nothing else.


@pytest.mark.parametrize("name", ["w.json.bak", ".w.json.lock", ".w.json.x1y2.tmp"])
def test_a_save_over_a_side_file_is_refused(
    workshop_file: Path, example: Workshop, name: str
) -> None:
    store.edit(workshop_file, lambda w: setattr(w.meta, "team", "Second"))
    target = workshop_file.with_name(name)
    before = target.read_bytes() if target.exists() else None
    with pytest.raises(WorkshopError, match="backup, lock or temporary file"):
        store.save(example, target)
    assert (target.read_bytes() if target.exists() else None) == before


def test_a_save_over_a_link_replaces_nothing(
    workshop_file: Path, example: Workshop, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    victim.chmod(0o600)
    link = tmp_path / "link.json"
    link.symlink_to(victim)
    with pytest.raises(WorkshopError, match="symbolic link"):
        store.save(example, link)
    assert link.is_symlink()
    assert victim.read_text() == "keep"
    assert mode(victim) == 0o600


# One transaction: edit reads the file as it is now, validates, saves, says what changed.


def test_edit_saves_and_says_what_changed(workshop_file: Path) -> None:
    before = workshop_file.read_bytes()
    done = store.edit(workshop_file, lambda w: setattr(w.meta, "team", "Finance"), "Team")
    assert done.changed
    assert [(c.path, c.old, c.new) for c in done.changes] == [
        (("meta", "team"), "Claims and Customer Operations leadership", "Finance")
    ]
    assert done.before["meta"]["team"] == "Claims and Customer Operations leadership"
    assert done.after["meta"]["team"] == "Finance" == done.workshop.meta.team
    assert store.load(workshop_file) == done.workshop
    assert store.backup_path(workshop_file).read_bytes() == before
    assert done.stamp == store.stamp(workshop_file)


def test_edit_builds_on_a_save_made_meanwhile(workshop_file: Path) -> None:
    """The caller's copy is never what is saved: the file as it is now is."""
    held = store.load(workshop_file)
    store.edit(workshop_file, lambda w: setattr(w.meta, "facilitator", "Sam"))
    held.meta.team = "Stale copy"
    done = store.edit(workshop_file, lambda w: setattr(w.meta, "team", "Fresh"))
    assert done.workshop.meta.facilitator == "Sam"
    assert store.load(workshop_file).meta.team == "Fresh"


def test_edit_addresses_new_entries_by_id(workshop_file: Path) -> None:
    from gaptools.core.changes import Added
    from gaptools.core.model import Participant

    done = store.edit(workshop_file, lambda w: w.meta.participants.append(Participant(name="Kim")))
    (added,) = done.changes
    assert isinstance(added, Added)
    assert added.path == ("meta", "participants")
    assert added.entry["name"] == "Kim"
    assert added.id == done.workshop.meta.participants[-1].id


def test_a_refused_edit_names_the_field_and_writes_nothing(workshop_file: Path) -> None:
    before = workshop_file.read_bytes()
    with pytest.raises(store.Refused) as refused:
        store.edit(workshop_file, lambda w: setattr(w.meta, "team", "x" * 500), "Team")
    assert refused.value.located == (("meta.team", "is too long (at most 200 characters)"),)
    assert refused.value.problems == ["meta.team: is too long (at most 200 characters)"]
    assert refused.value.path == workshop_file
    assert workshop_file.read_bytes() == before
    assert not store.backup_path(workshop_file).exists()


def test_a_rule_broken_by_an_edit_is_refused_in_its_words(workshop_file: Path) -> None:
    from gaptools.steps.voting import VotingError

    def refuse(w: Workshop) -> None:
        raise VotingError("the vote is not open")

    before = workshop_file.read_bytes()
    with pytest.raises(store.Refused) as refused:
        store.edit(workshop_file, refuse, "Vote")
    assert refused.value.located == (("", "the vote is not open"),)
    assert workshop_file.read_bytes() == before


def test_a_workshop_error_from_the_change_passes_through(workshop_file: Path) -> None:
    """A change that explains its own refusal (a sheet with no usable row) keeps its words."""
    problem = WorkshopError("p.csv: no usable row, so nothing was imported")

    def refuse(w: Workshop) -> None:
        raise problem

    before = workshop_file.read_bytes()
    with pytest.raises(WorkshopError) as caught:
        store.edit(workshop_file, refuse)
    assert caught.value is problem
    assert workshop_file.read_bytes() == before


def test_an_edit_that_changes_nothing_writes_nothing(workshop_file: Path) -> None:
    stamp = store.stamp(workshop_file)
    team = store.load(workshop_file).meta.team
    done = store.edit(workshop_file, lambda w: setattr(w.meta, "team", f" {team}  "))
    assert not done.changed
    assert done.changes == ()
    assert store.stamp(workshop_file) == stamp
    assert not store.backup_path(workshop_file).exists()


def test_an_edit_may_return_a_replacement(workshop_file: Path) -> None:
    """A change worked out on plain data (an undo) hands back a whole new workshop; any other
    return value (a receipt, a removed entry) is not mistaken for one."""

    def replaced(w: Workshop) -> Workshop:
        data = w.model_dump(mode="json")
        data["meta"]["team"] = "Replaced"
        return Workshop.model_validate(data)

    assert store.edit(workshop_file, replaced).workshop.meta.team == "Replaced"
    first = store.load(workshop_file).initiatives[0].name
    done = store.edit(workshop_file, lambda w: w.initiatives.pop(0))
    assert first not in {i.name for i in done.workshop.initiatives}


def test_edit_refuses_a_file_it_cannot_read_and_leaves_it(workshop_file: Path) -> None:
    workshop_file.write_text('{"meta": ', encoding="utf-8")
    with pytest.raises(WorkshopError, match="not valid JSON"):
        store.edit(workshop_file, lambda w: setattr(w.meta, "team", "Anything"))
    assert workshop_file.read_text(encoding="utf-8") == '{"meta": '


def test_edit_of_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "absent.json"
    with pytest.raises(WorkshopError, match="no such file"):
        store.edit(path, lambda w: None)
    assert leftovers(tmp_path, "home") == set()


def test_edits_from_two_processes_never_lose_each_other(tmp_path: Path, example: Workshop) -> None:
    """Without any locking of their own, writers that use edit are serialised by it."""
    names = two_writers(
        written(example, tmp_path / "shared.json"),
        "    store.edit(path, lambda w: w.meta.participants.append(\n"
        "        Participant(name=f'{who} {n}')))\n",
    )
    assert {f"{who} {n}" for who in "AB" for n in range(15)} <= names


# Hostile JSON: integers too long to convert and keys written twice are refused in words.


def test_a_schema_version_of_thousands_of_digits_is_refused_in_words(tmp_path: Path) -> None:
    """Python refuses to convert integers of more than 4,300 digits with a ValueError."""
    path = tmp_path / "w.json"
    path.write_text('{"schema_version": ' + "9" * 5000 + "}", encoding="utf-8")
    (problem,) = refused(path)
    assert (
        problem == "schema_version: a number of 5,000 digits is far too long to be a workshop value"
    )


@pytest.mark.parametrize("digits", [31, 4300, 4301, 50_000])
def test_a_long_integer_deep_in_the_file_is_refused_naming_its_key(
    workshop_file: Path, digits: int
) -> None:
    data = saved(workshop_file)
    data["initiatives"][0]["effort_weeks"] = 1
    text = store.json.dumps(data).replace('"effort_weeks": 1', '"effort_weeks": ' + "7" * digits)
    workshop_file.write_text(text, encoding="utf-8")
    (problem,) = refused(workshop_file)
    assert problem.startswith(f"effort_weeks: a number of {digits:,} digits")


def test_a_long_integer_in_a_list_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    path.write_text('{"schema_version": 1, "tags": [1, [2, -' + "3" * 40 + "]]}", encoding="utf-8")
    (problem,) = refused(path)
    assert problem.startswith("tags: a number of 40 digits")


def test_an_integer_of_thirty_digits_still_reaches_the_model(tmp_path: Path) -> None:
    """The digit cap only stops what cannot be converted safely; the model judges the rest."""
    path = tmp_path / "w.json"
    path.write_text('{"schema_version": ' + "1" * 30 + "}", encoding="utf-8")
    (problem,) = refused(path)
    assert "newer gaptools" in problem


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('{"schema_version": 1, "schema_version": 2}', "schema_version"),
        ('{"schema_version": 2, "meta": {"team": "A", "date": "2026-01-01", "team": "B"}}', "team"),
        ('{"schema_version": 2, "initiatives": [{"name": "x", "name": "y"}]}', "name"),
    ],
)
def test_a_key_written_twice_is_refused_naming_the_key(tmp_path: Path, text: str, key: str) -> None:
    """json.loads keeps the last value silently; the first would be lost at the next save."""
    path = tmp_path / "w.json"
    path.write_text(text, encoding="utf-8")
    (problem,) = refused(path)
    assert problem == f"the key {key!r} appears twice in the same object; keep only one"


def test_the_same_key_in_different_objects_is_fine(workshop_file: Path, example: Workshop) -> None:
    assert store.load(workshop_file) == example  # every initiative has its own "name", "id" ...


def test_the_previous_version_is_put_back_and_the_damaged_one_kept(
    workshop_file: Path, example: Workshop
) -> None:
    """A facilitator with no terminal was told to "copy it over": step 0's button does it,
    and what stood in the file's place is kept beside it, never lost."""
    example.meta.team = "Before the damage"
    store.save(example, workshop_file)  # the version before becomes the .bak
    previous = store.backup_path(workshop_file).read_bytes()
    whole = workshop_file.read_bytes()
    workshop_file.write_bytes(whole[: len(whole) // 2])
    store.restore_backup(workshop_file)
    assert workshop_file.read_bytes() == previous
    damaged = workshop_file.with_name(workshop_file.name + store.DAMAGED_ENDING)
    assert damaged.read_bytes() == whole[: len(whole) // 2]
    assert store.load(workshop_file).meta.team == store.parse(previous).meta.team


def test_a_deleted_workshop_comes_back_from_its_backup(workshop_file: Path) -> None:
    store.save(store.load(workshop_file), workshop_file)
    previous = store.backup_path(workshop_file).read_bytes()
    workshop_file.unlink()
    store.restore_backup(workshop_file)
    assert workshop_file.read_bytes() == previous
    assert not workshop_file.with_name(workshop_file.name + store.DAMAGED_ENDING).exists()


def test_an_unreadable_backup_changes_nothing(workshop_file: Path) -> None:
    workshop_file.write_bytes(b'{"schema_version": ')
    store.backup_path(workshop_file).write_bytes(b"{not json")
    before = {p.name: p.read_bytes() for p in workshop_file.parent.iterdir()}
    with pytest.raises(WorkshopError) as raised:
        store.restore_backup(workshop_file)
    assert raised.value.path == store.backup_path(workshop_file)
    assert {p.name: p.read_bytes() for p in workshop_file.parent.iterdir()} == before


def test_a_read_only_workshop_is_not_changed(
    workshop_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file made read-only (chmod 444) in a folder its user may write was replaced by the
    next save all the same: the rename over it needs only the folder. (Root may write any
    file, so what a user without write access meets is stood in for.)"""
    workshop_file.chmod(0o444)
    real_access = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda path, mode, **kw: (
            False if Path(path) == workshop_file and mode == os.W_OK else real_access(path, mode)
        ),
    )
    before = workshop_file.read_bytes()
    with pytest.raises(WorkshopError) as raised:
        store.edit(workshop_file, lambda w: setattr(w.meta, "team", "Changed"), "Team")
    assert "is read-only for you, so nothing is saved to it (chmod u+w" in str(raised.value)
    assert workshop_file.read_bytes() == before
    assert oct(workshop_file.stat().st_mode & 0o777) == "0o444"


def test_a_restore_keeps_the_damaged_files_mode_and_an_earlier_damaged_file(
    workshop_file: Path,
) -> None:
    """What stood there was copied to .damaged with the umask's mode (a private 0600 file's
    content became readable by all), over a .damaged kept before."""
    store.save(store.load(workshop_file), workshop_file)
    workshop_file.chmod(0o600)
    earlier = workshop_file.with_name(workshop_file.name + store.DAMAGED_ENDING)
    earlier.write_bytes(b"kept from before")
    workshop_file.write_bytes(b'{"schema_version": 9, "meta"')
    kept = store.restore_backup(workshop_file)
    assert kept is not None
    assert kept != earlier
    assert kept.read_bytes() == b'{"schema_version": 9, "meta"'
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert earlier.read_bytes() == b"kept from before"


def test_a_workshop_readable_again_is_not_restored_over(workshop_file: Path) -> None:
    """A second page's stale button put the backup over the workshop the room had gone on
    editing since the first page put it back."""
    store.save(store.load(workshop_file), workshop_file)
    before = workshop_file.read_bytes()
    with pytest.raises(WorkshopError) as raised:
        store.restore_backup(workshop_file)
    assert "can be read again" in str(raised.value)
    assert workshop_file.read_bytes() == before
    assert list(workshop_file.parent.glob("*.damaged*")) == []


def test_a_workshop_on_a_read_only_disk_is_said_to_be_on_one(
    workshop_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'chmod u+w' cannot help on a read-only share: the words name that cause instead."""

    class ReadOnlyDisk:
        f_flag = os.ST_RDONLY

    monkeypatch.setattr(os, "access", lambda *_, **__: False)
    monkeypatch.setattr(os, "statvfs", lambda _: ReadOnlyDisk())
    assert store.output_problem(workshop_file) == (
        "cannot write here: the disk or share it is on is read-only"
    )


def test_a_lock_file_read_as_a_workshop_is_said_to_be_one(tmp_path: Path) -> None:
    """`validate .W.json.lock` said "the file is empty (an earlier version may be in the .bak
    file)": a damaged workshop, which a lock file never was."""
    lock = tmp_path / ".w.json.lock"
    lock.write_bytes(b"")
    with pytest.raises(WorkshopError) as caught:
        store.load(lock)
    [problem] = caught.value.problems
    assert "a file gaptools keeps beside a workshop while saving it" in problem
    assert ".bak" not in problem
