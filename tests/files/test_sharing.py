"""A workshop shared in a group folder: saves keep it readable and writable by the group, the
lock works for every user who may write it (or the change is refused), and no save, import or
creation ever writes through a link, into a device or a pipe, or over a side file."""

from __future__ import annotations

import grp
import os
import pwd
import secrets
import select
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from gaptools.cli import main
from gaptools.core.errors import WorkshopError
from gaptools.core.model import Workshop
from gaptools.files import store

# -- two Unix users in a setgid group folder ---------------------------------------------------

Say = Callable[[str], None]
Released = Callable[[], object]
Work = Callable[[Say, Released], str]


@dataclass(frozen=True)
class User:
    name: str
    uid: int
    gid: int


class Child:
    """A forked process working as another user; it reports one line when done (``done``,
    ``held`` or ``refused <message>``) and, when holding the lock, waits to be released."""

    def __init__(self, pid: int, out: int, release: int) -> None:
        self.pid, self.out, self.release_fd = pid, out, release
        self.code: int | None = None

    def line(self, timeout: float = 30.0) -> str:
        deadline, data = time.monotonic() + timeout, b""
        while not data.endswith(b"\n"):
            left = deadline - time.monotonic()
            assert left > 0, "the other user's process did not answer in time"
            if select.select([self.out], [], [], left)[0]:
                chunk = os.read(self.out, 4096)
                assert chunk, f"the other user's process ended without a word: {data!r}"
                data += chunk
        return data.decode().strip()

    def running(self) -> bool:
        if self.code is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.code = os.waitstatus_to_exitcode(status)
        return self.code is None

    def release(self) -> None:
        os.write(self.release_fd, b"\n")

    def finish(self) -> None:
        if self.running():
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.code = -signal.SIGKILL
        os.close(self.out)
        os.close(self.release_fd)


@dataclass(frozen=True)
class Team:
    """Two users, A and B, whose shared group owns ``folder`` (mode ``2775``)."""

    a: User
    b: User
    gid: int
    folder: Path

    def start(self, user: User, work: Work) -> Child:
        """Fork, become ``user`` (umask 002, the shared group as an extra group) and run
        ``work``. A fork rather than a new interpreter: this one may live where other users
        cannot read it (under /root), and everything is imported already."""
        out_read, out_write = os.pipe()
        release_read, release_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            said, code = "error", 1
            try:
                os.close(out_read)
                os.close(release_write)
                os.setgroups([self.gid])
                os.setgid(user.gid)
                os.setuid(user.uid)
                os.umask(0o002)

                def say(text: str) -> None:
                    os.write(out_write, f"{text}\n".encode())

                said, code = work(say, lambda: os.read(release_read, 1)), 0
            except WorkshopError as error:
                said = "refused " + " ".join(error.render().splitlines())
            except BaseException as error:  # noqa: BLE001 - reported to the test, not raised
                said = f"error {error!r}"
            finally:
                os.write(out_write, f"{said}\n".encode())
                os._exit(code)
        os.close(out_write)
        os.close(release_read)
        return Child(pid, out_read, release_write)

    def run(self, user: User, work: Work) -> str:
        """Run ``work`` as ``user`` to the end; what it said."""
        child = self.start(user, work)
        try:
            return child.line(timeout=60)
        finally:
            while child.running():
                time.sleep(0.01)
            child.finish()


def create(path: Path, workshop: Workshop) -> Work:
    def work(_: Say, __: Released) -> str:
        store.create(workshop, path)
        return "done"

    return work


def rename(path: Path, team: str) -> Work:
    def work(_: Say, __: Released) -> str:
        store.edit(path, lambda w: setattr(w.meta, "team", team))
        return "done"

    return work


def hold(path: Path) -> Work:
    def work(say: Say, released: Released) -> str:
        with store.locked(path):
            say("held")
            released()
        return "done"

    return work


def as_root_with_useradd() -> str | None:
    """Why the two-user tests cannot run here, or None when they can."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root to create two throwaway users and a group (as in CI)"
    if not (shutil.which("useradd") and shutil.which("groupadd") and hasattr(os, "fork")):
        return "needs useradd, groupadd and fork to act as two throwaway users"
    return None


def add(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=30)


@pytest.fixture
def team(tmp_path: Path, example: Workshop) -> Iterator[Team]:
    reason = as_root_with_useradd()
    if reason:
        pytest.skip(reason)
    # Everything the children call, done once here so nothing is imported after they drop
    # root (the interpreter's own files may be unreadable to other users).
    scratch = tmp_path / "warm.json"
    store.create(example, scratch)
    store.edit(scratch, lambda w: setattr(w.meta, "team", "Warm"))
    tag = secrets.token_hex(3)
    group, names = f"gtshare{tag}", [f"gta{tag}", f"gtb{tag}"]
    base = Path(tempfile.mkdtemp(prefix="gaptools-sharing-"))
    made: list[str] = []
    try:
        add("groupadd", group)
        for name in names:
            add("useradd", "--no-create-home", "--user-group", "--groups", group, name)
            made.append(name)
        gid = grp.getgrnam(group).gr_gid
        a, b = (User(n, pwd.getpwnam(n).pw_uid, pwd.getpwnam(n).pw_gid) for n in names)
        base.chmod(0o755)
        folder = base / "team"
        folder.mkdir()
        os.chown(folder, 0, gid)
        folder.chmod(0o2775)
        yield Team(a, b, gid, folder)
    finally:
        shutil.rmtree(base, ignore_errors=True)
        for name in made:
            subprocess.run(["userdel", name], capture_output=True, timeout=30)
            subprocess.run(["groupdel", name], capture_output=True, timeout=30)
        subprocess.run(["groupdel", group], capture_output=True, timeout=30)


def mode_and_group(path: Path) -> tuple[int, int]:
    info = path.lstat()
    return stat.S_IMODE(info.st_mode), info.st_gid


def team_of(path: Path) -> str:
    return store.load(path).meta.team


def test_each_user_reads_and_saves_after_the_other(team: Team, example: Workshop) -> None:
    """A creates and saves; B reads and saves; A again: the file, its .bak and the lock stay
    the group's (0664 under umask 002, the folder's group) whoever saved last."""
    path = team.folder / "w.json"
    assert team.run(team.a, create(path, example)) == "done"
    assert mode_and_group(path) == (0o664, team.gid)
    for user, name in ((team.a, "Team A"), (team.b, "Team B"), (team.a, "Team A2")):
        assert team.run(user, rename(path, name)) == "done"
        assert team_of(path) == name
        assert mode_and_group(path) == (0o664, team.gid)
        assert mode_and_group(store.backup_path(path)) == (0o664, team.gid)
    assert mode_and_group(store.lock_path(path)) == (0o660, team.gid)


@pytest.mark.parametrize("lock", ["as saves make it", "root's 0644, as earlier versions made"])
def test_the_lock_holds_across_users(team: Team, example: Workshop, lock: str) -> None:
    """While A holds the lock, B's change waits, then lands; B can take a lock it may only
    read (``flock`` needs no write access), so an older lock file does not end locking."""
    path = team.folder / "w.json"
    assert team.run(team.a, create(path, example)) == "done"
    assert team.run(team.a, rename(path, "Team A")) == "done"
    if lock != "as saves make it":
        os.chown(store.lock_path(path), 0, 0)
        store.lock_path(path).chmod(0o644)
    holder = team.start(team.a, hold(path))
    waiter = None
    try:
        assert holder.line() == "held"
        waiter = team.start(team.b, rename(path, "Team B"))
        time.sleep(1.5)
        assert waiter.running(), f"B's change went ahead while A held the lock: {waiter.line()}"
        assert team_of(path) == "Team A"
        holder.release()
        assert holder.line() == "done"
        assert waiter.line(timeout=60) == "done"
        assert team_of(path) == "Team B"
    finally:
        for child in (holder, waiter):
            if child is not None:
                child.finish()


def test_a_lock_that_cannot_be_opened_refuses_the_change(team: Team, example: Workshop) -> None:
    """A lock file B may not even read: B's change is refused in a sentence naming the lock
    file, and the workshop stays byte-identical (it is never changed unlocked)."""
    path = team.folder / "w.json"
    assert team.run(team.a, create(path, example)) == "done"
    assert team.run(team.a, rename(path, "Team A")) == "done"
    lock = store.lock_path(path)
    os.chown(lock, 0, 0)
    lock.chmod(0o600)
    before = path.read_bytes()
    said = team.run(team.b, rename(path, "Team B"))
    assert said.startswith(
        f"refused {path}: nothing was changed: the lock file .w.json.lock cannot be used"
    ), said
    assert path.read_bytes() == before


# -- outputs never follow links ----------------------------------------------------------------


def special_targets(folder: Path, victim: Path) -> dict[str, Path]:
    """A link to another file, a dangling link, a FIFO, and each side file of ``w.json``."""
    link = folder / "link.json"
    link.symlink_to(victim)
    dangling = folder / "dangling.json"
    dangling.symlink_to(folder / "nowhere.json")
    fifo = folder / "pipe.json"
    os.mkfifo(fifo)
    return {
        "link": link,
        "dangling link": dangling,
        "fifo": fifo,
        "backup": folder / "w.json.bak",
        "lock": folder / ".w.json.lock",
        "temporary": folder / ".w.json.k2j4h5.tmp",
    }


def state(folder: Path) -> dict[str, object]:
    """Every name in ``folder`` with what it is: a link's target, a file's bytes."""
    seen: dict[str, object] = {}
    for entry in sorted(folder.iterdir()):
        if entry.is_symlink():
            seen[entry.name] = ("link", os.readlink(entry))
        elif entry.is_file():
            seen[entry.name] = entry.read_bytes()
        else:
            seen[entry.name] = stat.S_IFMT(entry.lstat().st_mode)
    return seen


KINDS = ["link", "dangling link", "fifo", "backup", "lock", "temporary"]


@pytest.fixture
def shared(tmp_path: Path, workshop_file: Path) -> Path:
    """A folder holding ``w.json`` with a backup, a lock, another file and hostile names."""
    store.edit(workshop_file, lambda w: setattr(w.meta, "team", "Second"))
    victim = tmp_path / "victim.txt"
    victim.write_text("not a workshop")
    victim.chmod(0o600)
    special_targets(tmp_path, victim)
    (tmp_path / ".w.json.k2j4h5.tmp").write_text("being written")
    return tmp_path


@pytest.mark.parametrize("kind", KINDS)
def test_a_save_refuses_a_special_target(shared: Path, example: Workshop, kind: str) -> None:
    target = special_targets_named(shared)[kind]
    before = state(shared)
    with pytest.raises(WorkshopError) as caught:
        store.save(example, target)
    assert caught.value.path == target
    assert len(caught.value.problems) == 1
    assert state(shared) == before
    assert stat.S_IMODE((shared / "victim.txt").stat().st_mode) == 0o600


@pytest.mark.parametrize("kind", KINDS)
def test_import_refuses_a_special_target(
    shared: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``import-portfolio --into`` a link, a pipe or a side file: exit 1, one sentence naming
    it, nothing changed (and no hang on the pipe)."""
    sheet = shared.parent / f"{shared.name}-sheet.csv"
    sheet.write_text("name,stage\nInvoice matching,pilot\n", encoding="utf-8")
    target = special_targets_named(shared)[kind]
    before = state(shared)
    assert main(["import-portfolio", str(sheet), "--into", str(target)]) == 1
    said = capsys.readouterr().err.strip()
    assert said.startswith(f"{target}: ")
    assert "\n" not in said
    assert "Traceback" not in said
    assert state(shared) == before


def test_an_edit_through_a_link_is_refused_before_any_lock_is_made(
    shared: Path, workshop_file: Path
) -> None:
    link = shared / "link.json"
    link.unlink()
    link.symlink_to(workshop_file)
    before = state(shared)
    with pytest.raises(WorkshopError, match="symbolic link"):
        store.edit(link, lambda w: setattr(w.meta, "team", "Through the link"))
    assert state(shared) == before


@pytest.mark.parametrize("kind", ["link", "dangling link", "backup", "lock", "temporary"])
def test_create_refuses_a_special_target(shared: Path, example: Workshop, kind: str) -> None:
    target = special_targets_named(shared)[kind]
    before = state(shared)
    with pytest.raises(WorkshopError):
        store.create(example, target)
    assert state(shared) == before


def special_targets_named(folder: Path) -> dict[str, Path]:
    """The names ``special_targets`` made in ``folder``, without making them again."""
    return {
        "link": folder / "link.json",
        "dangling link": folder / "dangling.json",
        "fifo": folder / "pipe.json",
        "backup": folder / "w.json.bak",
        "lock": folder / ".w.json.lock",
        "temporary": folder / ".w.json.k2j4h5.tmp",
    }
