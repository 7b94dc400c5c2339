"""Each user's workshop folder, and which workshop the notebooks open."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from gaptools.core.errors import WorkshopError
from gaptools.core.model import Workshop
from gaptools.core.resources import EXAMPLE_WORKSHOP, data_file
from gaptools.files import home, store
from tests.support import saved


def test_gaptools_home_is_respected(private_home: Path) -> None:
    """The configured folder is used as is, and created on first use."""
    assert not private_home.exists()
    assert home.workshops_home() == private_home
    assert private_home.is_dir()


def test_gaptools_home_expands_the_user_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "me"))
    monkeypatch.setenv("GAPTOOLS_HOME", "~/workshops")
    assert home.workshops_home() == tmp_path / "me" / "workshops"


def test_checkout_folder_is_used_without_gaptools_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GAPTOOLS_HOME")
    monkeypatch.setattr(home, "checkout_root", lambda: tmp_path / "repo")
    assert home.workshops_home() == tmp_path / "repo" / "workshops"


def test_user_folder_is_used_outside_a_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GAPTOOLS_HOME")
    monkeypatch.setattr(home, "checkout_root", lambda: None)
    monkeypatch.setenv("HOME", str(tmp_path / "me"))
    assert home.workshops_home() == tmp_path / "me" / "gaptools-workshops"


def test_a_hub_user_works_in_their_own_home_not_in_the_servers_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Installed on a hub with ``pip install -e`` (an image's /opt/gaptools), every user's
    workshops went into that one checkout: read-only to them, or lost with the container."""
    monkeypatch.delenv("GAPTOOLS_HOME")
    monkeypatch.setattr(home, "checkout_root", lambda: tmp_path / "opt" / "gaptools")
    monkeypatch.setenv("HOME", str(tmp_path / "home" / "dana"))
    monkeypatch.setenv("JUPYTERHUB_USER", "dana")
    assert home.workshops_home() == tmp_path / "home" / "dana" / "gaptools-workshops" / "dana"
    assert not (tmp_path / "opt").exists()


@pytest.mark.skipif(os.name != "posix", reason="folder modes are POSIX's")
@pytest.mark.parametrize("user", ["dana", None])
def test_a_folder_in_the_users_own_home_is_theirs_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, user: str | None
) -> None:
    """On a hub whose home folders others may read (Debian's default), Bob read Alice's
    workshop, pulse and exports in ``~alice/gaptools-workshops/alice`` (created 0755): the
    folder gaptools makes in a user's own home, and the user's sub-folder in it, are now
    theirs alone, whatever the umask; an existing one is made so too. A configured
    ``GAPTOOLS_HOME`` (a team's shared folder) keeps the modes its owners chose."""
    monkeypatch.delenv("GAPTOOLS_HOME")
    monkeypatch.setattr(home, "checkout_root", lambda: None)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if user:
        monkeypatch.setenv("JUPYTERHUB_USER", user)
    else:
        monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    base = tmp_path / "home" / "gaptools-workshops"
    if user:  # made before, by a release that left it open to everyone
        (base / user).mkdir(parents=True, mode=0o755)
        base.chmod(0o755)
    before = os.umask(0o022)
    try:
        folder = home.workshops_home()
    finally:
        os.umask(before)
    for made in {base, folder}:
        assert made.stat().st_mode & 0o777 == 0o700, made


@pytest.mark.skipif(os.name != "posix", reason="folder modes are POSIX's")
def test_a_configured_folder_keeps_its_modes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "team"
    shared.mkdir(mode=0o775)
    shared.chmod(0o2775)
    monkeypatch.setenv("GAPTOOLS_HOME", str(shared))
    monkeypatch.setenv("JUPYTERHUB_USER", "dana")
    before = os.umask(0o002)
    try:
        folder = home.workshops_home()
    finally:
        os.umask(before)
    assert shared.stat().st_mode & 0o7777 == 0o2775
    assert folder.stat().st_mode & 0o777 == 0o775


def test_a_hub_user_who_already_works_in_the_checkout_stays_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nobody's open workshop moves away from under them."""
    monkeypatch.delenv("GAPTOOLS_HOME")
    monkeypatch.setattr(home, "checkout_root", lambda: tmp_path / "repo")
    monkeypatch.setenv("HOME", str(tmp_path / "home" / "dana"))
    monkeypatch.setenv("JUPYTERHUB_USER", "dana")
    used = tmp_path / "repo" / "workshops" / "dana"
    used.mkdir(parents=True)
    (used / home.CURRENT_FILE).write_text("{}")
    assert home.workshops_home() == used


def test_jupyterhub_user_gets_a_sub_folder(
    private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """People sharing a disk on a hub never see or overwrite each other's workshops."""
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    alice = home.workshops_home()
    monkeypatch.setenv("JUPYTERHUB_USER", "bob")
    bob = home.workshops_home()
    assert alice == private_home / "alice"
    assert bob == private_home / "bob"


@pytest.mark.parametrize(
    ("user", "folder"),
    [
        # Space and @ are replaced by dashes; dots inside the name are fine.
        ("jane doe@example.com", "jane-doe-example.com"),
        # Slashes cannot climb out: '../../etc' becomes '..-..-etc', then loses its leading junk.
        ("../../etc", "etc"),
        # Nothing usable left: a fixed safe name.
        ("..", "workshop"),
        ("///", "workshop"),
    ],
)
def test_odd_user_names_become_safe_folders(
    private_home: Path, monkeypatch: pytest.MonkeyPatch, user: str, folder: str
) -> None:
    monkeypatch.setenv("JUPYTERHUB_USER", user)
    path = home.workshops_home()
    assert path == private_home / folder
    assert path.parent == private_home


def test_safe_file_name_is_bounded() -> None:
    assert len(home.safe_file_name("x" * 500)) == 80


def test_first_use_opens_a_copy_of_the_example(private_home: Path) -> None:
    """Notebooks must never write into the shipped example under data/."""
    path = home.current_workshop()
    shipped = data_file(EXAMPLE_WORKSHOP)
    assert path == private_home / "example-workshop.json"
    assert path.resolve() != shipped.resolve()
    assert not path.samefile(shipped)
    assert path.read_bytes() == shipped.read_bytes()
    remembered = saved(private_home / "current.json")
    assert Path(remembered["path"]) == path.resolve()


def test_editing_the_copy_leaves_the_shipped_example_alone(private_home: Path) -> None:
    shipped = data_file(EXAMPLE_WORKSHOP)
    before = shipped.read_bytes()
    path = home.current_workshop()
    workshop = store.load(path)
    workshop.meta.team = "Edited in a notebook"
    store.save(workshop, path)
    assert shipped.read_bytes() == before


def test_chosen_workshop_is_remembered(tmp_path: Path, example: Workshop) -> None:
    """Every notebook opens the workshop the facilitator chose, not the example."""
    chosen = tmp_path / "elsewhere" / "ours.json"
    chosen.parent.mkdir()
    store.save(example, chosen)
    assert home.set_current(chosen) == chosen.resolve()
    assert home.current_workshop() == chosen.resolve()
    assert home.current_workshop() == chosen.resolve()


def test_a_chosen_workshop_gone_is_said_and_still_remembered(
    private_home: Path, tmp_path: Path, example: Workshop
) -> None:
    """A workshop moved away while chosen was replaced by the example copy without a word,
    and the example was remembered in its place: put back, it was never opened again."""
    chosen = tmp_path / "ours.json"
    store.save(example, chosen)
    home.set_current(chosen)
    pointer = (private_home / "current.json").read_bytes()
    moved = chosen.rename(tmp_path / "archive-ours.json")
    with pytest.raises(home.Gone) as raised:
        home.current_workshop()
    assert raised.value.path == chosen.resolve()
    assert "is not there any more" in str(raised.value)
    assert (private_home / "current.json").read_bytes() == pointer
    assert not (private_home / "example-workshop.json").exists()
    moved.rename(chosen)
    assert home.current_workshop() == chosen.resolve()


def test_fallback_keeps_an_edited_example_copy(private_home: Path) -> None:
    """Work done on the example copy is never replaced by a fresh copy."""
    copy = home.current_workshop()
    workshop = store.load(copy)
    workshop.meta.team = "Our edits"
    store.save(workshop, copy)
    (private_home / "current.json").unlink()
    assert home.current_workshop() == copy
    assert store.load(copy).meta.team == "Our edits"


def test_unreadable_memory_falls_back(private_home: Path) -> None:
    private_home.mkdir(parents=True)
    (private_home / "current.json").write_text("{not json", encoding="utf-8")
    assert home.current_workshop() == private_home / "example-workshop.json"


def test_list_workshops_newest_first(private_home: Path) -> None:
    folder = home.workshops_home()
    for name, age in [("old.json", 300), ("new.json", 10), ("middle.json", 100)]:
        path = folder / name
        path.write_text('{"schema_version": 3}', encoding="utf-8")
        stamp = 1_800_000_000 - age
        os.utime(path, (stamp, stamp))
    (folder / "current.json").write_text('{"path": "x"}', encoding="utf-8")
    (folder / "notes.txt").write_text("not a workshop", encoding="utf-8")
    assert [p.name for p in home.list_workshops()] == ["new.json", "middle.json", "old.json"]


def test_list_workshops_empty(private_home: Path) -> None:
    assert home.list_workshops() == []


def test_the_open_list_offers_workshops_only(private_home: Path, example: Workshop) -> None:
    """Everything else a workshop folder gathers stays out of the Open list: the pointer to
    the open workshop, the team's word lists, a JSON export (a copy of the workshop), a save's
    backup and temporary file, hidden files and any JSON that is not a workshop."""
    folder = home.workshops_home()
    ours = folder / "claims-q1.json"
    store.save(example, ours)
    store.save(example, ours)  # a second save keeps the first as claims-q1.json.bak
    assert store.backup_path(ours).is_file()
    home.set_current(ours)
    (folder / "claims-q1-export.json").write_bytes(ours.read_bytes())
    (folder / ".claims-q1.json.1234.tmp").write_bytes(ours.read_bytes())
    (folder / ".hidden.json").write_bytes(ours.read_bytes())
    (folder / "column_names.json").write_text('{"Initiative": "name"}', encoding="utf-8")
    (folder / "stage_words.json").write_text('{"Live": "production"}', encoding="utf-8")
    (folder / "rollup.json").write_text('{"teams": []}', encoding="utf-8")
    (folder / "list.json").write_text('["schema_version"]', encoding="utf-8")
    (folder / "empty.json").write_bytes(b"")
    (folder / "folder.json").mkdir()
    with_bom = folder / "by-hand.json"
    with_bom.write_bytes(b'\xef\xbb\xbf\n  {"schema_version": 1, "meta": {}}')
    assert sorted(p.name for p in home.list_workshops()) == ["by-hand.json", "claims-q1.json"]


def test_the_open_list_never_follows_a_link_or_waits_on_a_pipe(
    private_home: Path, tmp_path: Path, example: Workshop
) -> None:
    """A link or a pipe planted in a shared folder is not offered, and listing never blocks."""
    folder = home.workshops_home()
    elsewhere = tmp_path / "elsewhere.json"
    store.save(example, elsewhere)
    (folder / "link.json").symlink_to(elsewhere)
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.json")
    assert home.list_workshops() == []


def test_looks_like_workshop_reads_only_the_first_bytes(private_home: Path) -> None:
    """A workshop file opens with its schema version; only its first bytes are read."""
    big = home.workshops_home() / "big.json"
    big.write_text('{"schema_version": 3, "notes": "' + "x" * 1_000_000 + '"}', encoding="utf-8")
    assert home.looks_like_workshop(big)
    late = home.workshops_home() / "late.json"
    late.write_text('{"notes": "' + "x" * 10_000 + '", "schema_version": 3}', encoding="utf-8")
    assert not home.looks_like_workshop(late)


def test_the_example_after_the_workshop_is_a_valid_workshop(example: Workshop) -> None:
    """The finished example is the starting example with the room's additions laid over it."""
    after = home.example_workshop(after=True)
    assert home.example_workshop() == example
    assert after.meta == example.meta
    assert after.bet.initiative
    assert not example.bet.initiative


def test_new_workshop_path(private_home: Path) -> None:
    """A readable, safe file name in the user's folder."""
    assert home.new_workshop_path("Claims team / Q1") == private_home / "Claims-team-Q1.json"


def test_new_workshop_path_refuses_a_name_in_use(private_home: Path) -> None:
    existing = home.workshops_home() / "Claims-team.json"
    existing.write_text("{}", encoding="utf-8")
    with pytest.raises(WorkshopError, match="Claims-team.json already exists"):
        home.new_workshop_path("Claims team")
    assert existing.read_text(encoding="utf-8") == "{}"


def test_a_pipe_planted_as_the_pointer_is_refused_not_waited_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A FIFO in place of current.json would block a plain read for ever; it is read as no
    pointer at all, and replacing it is refused in words (outputs never go to pipes)."""
    monkeypatch.setenv("GAPTOOLS_HOME", str(tmp_path))
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    os.mkfifo(home.workshops_home() / home.CURRENT_FILE)
    signal.alarm(10)
    try:
        with pytest.raises(WorkshopError, match="current.json: is not a regular file"):
            home.current_workshop()
    finally:
        signal.alarm(0)


def test_a_new_workshop_named_as_one_there_in_another_case_is_refused(
    private_home: Path, example: Workshop
) -> None:
    """ "Claims leadership" and "claims-leadership" were two files beside each other."""
    store.create(example, home.new_workshop_path("Claims leadership"))
    with pytest.raises(WorkshopError) as raised:
        home.new_workshop_path("claims-leadership")
    assert "Claims-leadership.json already exists; open it, or pick another name" in str(
        raised.value
    )
    assert home.new_workshop_path("Claims leadership 2").name == "Claims-leadership-2.json"


def test_a_new_workshop_is_not_named_as_a_file_gaptools_keeps(private_home: Path) -> None:
    """A team called "Current" was told to open current.json, which is no workshop."""
    with pytest.raises(WorkshopError) as raised:
        home.new_workshop_path("Current")
    assert "Current.json is the name of a file gaptools keeps" in str(raised.value)


def test_a_typed_folder_is_looked_for_from_the_notebooks_folder_upwards(tmp_path: Path) -> None:
    """JupyterLab's Copy Path is a path from the server's root, and a notebook runs in a
    folder below it: 'shared' and '/shared' both mean root/shared; quotes are taken off."""
    here = tmp_path / "root" / "notebooks"
    here.mkdir(parents=True)
    shared = tmp_path / "root" / "shared"
    shared.mkdir()
    for typed in ("shared", "/shared", " 'shared' ", f'"{shared}"', "“shared”"):
        assert home.typed_folder(typed, here)[0] == shared, typed
    (here / "shared").mkdir()  # the nearest wins
    assert home.typed_folder("shared", here)[0] == here / "shared"


def test_a_typed_folder_not_found_says_where_it_was_looked_for(tmp_path: Path) -> None:
    here = tmp_path / "root" / "notebooks"
    here.mkdir(parents=True)
    folder, tried = home.typed_folder("nowhere", here)
    assert folder == here / "nowhere"
    assert tried[:3] == [here / "nowhere", here.parent / "nowhere", tmp_path / "nowhere"]
    assert Path("/nowhere") not in tried  # never the filesystem's own root
    absolute = tmp_path / "elsewhere"
    assert home.typed_folder(str(absolute), here)[0] == absolute
