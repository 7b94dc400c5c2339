"""``gaptools export``: each format and canvas lands beside the workshop under a name that says
what it is; usage errors, bad workshops and unwritable places fail cleanly and write nothing."""

from __future__ import annotations

import html
import io
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from gaptools.cli import main
from gaptools.core.model import Workshop
from gaptools.files import store
from gaptools.summaries.canvas import bet_canvas
from tests.support import another_team, written
from tests.test_cli import truncated, wrong_types

MM = 72 / 25.4  # points per millimetre
A4 = (297 * MM, 210 * MM)  # landscape, points
LETTER = (11 * 72, 8.5 * 72)


def cli(*argv: str) -> int:
    """The exit code, whether argparse exits or the command returns."""
    try:
        return main(["export", *argv])
    except SystemExit as stopped:
        return int(stopped.code or 0)


def listing(folder: Path) -> list[str]:
    """Everything in the folder, hidden temporary files included."""
    return sorted(p.name for p in folder.iterdir())


def page_size(pdf: bytes) -> tuple[float, float]:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    return float(box.width), float(box.height)


def is_pdf(data: bytes, workshop: Workshop) -> None:
    assert page_size(data) == pytest.approx(A4, abs=1)
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert bet_canvas(workshop).headline in text


def is_png(data: bytes, workshop: Workshop) -> None:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width > height  # a landscape page


def is_report_html(data: bytes, workshop: Workshop) -> None:
    text = data.decode("utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "<svg" in text
    assert 'class="bet-canvas"' not in text


def is_report_md(data: bytes, workshop: Workshop) -> None:
    text = data.decode("utf-8")
    assert text.startswith("# AI workshop report")
    assert "<svg" not in text


def is_json(data: bytes, workshop: Workshop) -> None:
    assert store.parse(data) == workshop


def is_csv(data: bytes, workshop: Workshop) -> None:
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("name,")
    assert len(lines) == len(workshop.initiatives) + 1


def is_xlsx(data: bytes, workshop: Workshop) -> None:
    assert "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()


@pytest.mark.parametrize(
    ("fmt", "name", "check"),
    [
        ("pdf", "w-bet.pdf", is_pdf),
        ("png", "w-bet.png", is_png),
        ("html", "w-report.html", is_report_html),
        ("md", "w-report.md", is_report_md),
        ("json", "w-export.json", is_json),
        ("csv", "w-export.csv", is_csv),
        ("xlsx", "w-export.xlsx", is_xlsx),
    ],
)
def test_each_format_writes_its_default_file_beside_the_workshop(
    workshop_file: Path,
    example: Workshop,
    capsys: pytest.CaptureFixture[str],
    fmt: str,
    name: str,
    check: Callable[[bytes, Workshop], None],
) -> None:
    """pdf and png draw the bet; html and md the report; json, csv and xlsx the data."""
    before = listing(workshop_file.parent)
    assert cli(str(workshop_file), "--format", fmt) == 0
    out = workshop_file.with_name(name)
    assert capsys.readouterr().out == f"Wrote {out}\n"
    assert listing(workshop_file.parent) == sorted([*before, name])
    check(out.read_bytes(), example)


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_canvas_bet_gives_the_one_page_canvas(
    workshop_file: Path, example: Workshop, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    assert cli(str(workshop_file), "--format", fmt, "--canvas", "bet") == 0
    out = workshop_file.with_name(f"w-bet.{fmt}")
    assert capsys.readouterr().out == f"Wrote {out}\n"
    text = out.read_text(encoding="utf-8")
    canvas = bet_canvas(example)
    assert canvas.headline in text
    for box in canvas.boxes:
        assert box.title in (html.unescape(text) if fmt == "html" else text)
    assert "1 · Portfolio" not in text  # not the report
    if fmt == "html":
        assert 'class="bet-canvas"' in text
        assert "@page { size: A4 landscape" in text


def test_canvas_report_is_the_default_for_html(workshop_file: Path) -> None:
    assert cli(str(workshop_file), "--format", "html", "--canvas", "report") == 0
    explicit = workshop_file.with_name("w-report.html").read_bytes()
    assert cli(str(workshop_file), "--format", "html") == 0
    assert workshop_file.with_name("w-report.html").read_bytes() == explicit


def test_letter_paper_changes_the_pdf_page(workshop_file: Path) -> None:
    out = workshop_file.with_name("letter.pdf")
    assert cli(str(workshop_file), "--format", "pdf", "--paper", "letter", "-o", str(out)) == 0
    assert page_size(out.read_bytes()) == pytest.approx(LETTER, abs=1)


def test_letter_paper_changes_the_html_page_rule(workshop_file: Path) -> None:
    assert cli(str(workshop_file), "--format", "html", "--canvas", "bet", "--paper", "letter") == 0
    text = workshop_file.with_name("w-bet.html").read_text(encoding="utf-8")
    assert "size: letter landscape" in text
    assert "A4" not in text


@pytest.mark.parametrize(
    "options",
    [
        ["--format", "png", "--canvas", "report"],
        ["--format", "json", "--canvas", "bet"],
        ["--format", "csv", "--canvas", "report"],
        ["--format", "xlsx", "--canvas", "bet"],
        ["--format", "html", "--canvas", "slides"],
        ["--format", "html", "--paper", "a5"],
        ["--format", "docx"],
        ["--canvas", "bet"],
    ],
    ids=lambda o: "-".join(a.lstrip("-") for a in o),
)
def test_usage_errors_exit_2_and_write_nothing(
    workshop_file: Path, capsys: pytest.CaptureFixture[str], options: list[str]
) -> None:
    before = listing(workshop_file.parent)
    assert cli(str(workshop_file), *options) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "gaptools export" in captured.err
    assert "Traceback" not in captured.err
    assert listing(workshop_file.parent) == before


@pytest.mark.parametrize("name", ["report.html", "canvas.PNG", "data.xlsx"])
def test_an_output_name_ending_in_another_format_is_refused(
    workshop_file: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """``--format pdf -o report.html`` wrote PDF bytes under a web page's name. The two
    options contradict each other: a usage error, 2, as the brief's exit codes say."""
    before = listing(workshop_file.parent)
    out = workshop_file.parent / name
    assert cli(str(workshop_file), "--format", "pdf", "-o", str(out)) == 2  # a usage error
    err = capsys.readouterr().err
    assert str(out) in err
    assert "--format is pdf" in err
    assert "Traceback" not in err
    assert listing(workshop_file.parent) == before


def test_a_canvas_that_does_not_fit_the_format_says_why(
    workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(str(workshop_file), "--format", "png", "--canvas", "report") == 2
    err = capsys.readouterr().err
    assert "report" in err
    assert "pdf" in err  # where the report can go instead


def test_canvas_report_as_pdf_is_written_beside_the_workshop(
    workshop_file: Path, example: Workshop, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--format pdf --canvas report`` writes <name>-report.pdf; plain pdf stays the bet."""
    from pypdf import PdfReader

    before = listing(workshop_file.parent)
    assert cli(str(workshop_file), "--format", "pdf", "--canvas", "report") == 0
    out = workshop_file.with_name("w-report.pdf")
    assert capsys.readouterr().out == f"Wrote {out}\n"
    assert listing(workshop_file.parent) == sorted([*before, "w-report.pdf"])
    assert len(PdfReader(out).pages) > 1
    assert cli(str(workshop_file), "--format", "pdf") == 0
    assert len(PdfReader(workshop_file.with_name("w-bet.pdf")).pages) == 1


def test_usage_is_checked_before_the_workshop_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A wrong option is reported as such even when the workshop does not exist."""
    assert cli(str(tmp_path / "nowhere.json"), "--format", "csv", "--canvas", "bet") == 2
    assert "--canvas" in capsys.readouterr().err


def unwritable_cases(workshop_file: Path) -> dict[str, Path]:
    return {
        "parent-is-a-file": workshop_file / "out.html",
        "name-too-long": workshop_file.with_name("x" * 300 + ".html"),
        "missing-folder": workshop_file.parent / "missing" / "out.html",
    }


@pytest.mark.parametrize(
    "case",
    [
        "parent-is-a-file",
        "missing-folder",
        pytest.param(
            "name-too-long",
        ),
    ],
)
def test_unwritable_output_exits_1_naming_the_path(
    workshop_file: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    out = unwritable_cases(workshop_file)[case]
    before = listing(workshop_file.parent)
    assert cli(str(workshop_file), "--format", "html", "-o", str(out)) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert str(out) in captured.err
    assert listing(workshop_file.parent) == before  # no temporary file left behind
    assert store.load(workshop_file)  # the workshop itself is untouched


@pytest.mark.parametrize("fmt", ["csv", "json", "pdf"])
def test_an_export_never_replaces_another_workshop(
    workshop_file: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """'export team.json --format csv -o other-team.json' replaced another team's workshop
    with CSV text, with no backup. An earlier data export (``*-export.json``) is replaced as
    before."""
    # A team's own workshop: the roll-up passes over the example as shipped.
    written(another_team(store.load(workshop_file), "Claims"), workshop_file)
    other = workshop_file.with_name("other-team.json")
    other.write_bytes(workshop_file.read_bytes().replace(b"Claims", b"Brokers"))
    before = other.read_bytes()
    assert cli(str(workshop_file), "--format", fmt, "-o", str(other)) == 1
    err = capsys.readouterr().err
    assert f"{other}: holds a workshop, which an export never replaces" in err
    assert (
        main(
            [
                "rollup",
                str(workshop_file),
                "--format",
                fmt if fmt != "pdf" else "xlsx",
                "-o",
                str(other),
            ]
        )
        == 1
    )
    assert "which an export never replaces" in capsys.readouterr().err
    assert "Traceback" not in err
    assert other.read_bytes() == before
    earlier = workshop_file.with_name("team-export.json")
    assert cli(str(workshop_file), "--format", "json", "-o", str(earlier)) == 0
    assert cli(str(workshop_file), "--format", "json", "-o", str(earlier)) == 0
    assert earlier.read_bytes() == workshop_file.read_bytes()


def test_output_that_is_a_folder_is_refused(
    workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = workshop_file.parent / "exports"
    folder.mkdir()
    assert cli(str(workshop_file), "--format", "md", "-o", str(folder)) == 1
    assert "folder" in capsys.readouterr().err
    assert listing(folder) == []


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into read-only folders"
)
def test_read_only_folder_exits_1_and_leaves_nothing(
    workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = workshop_file.parent / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        out = folder / "w-report.html"
        assert cli(str(workshop_file), "--format", "html", "-o", str(out)) == 1
        assert str(out) in capsys.readouterr().err
        assert listing(folder) == []
    finally:
        folder.chmod(0o755)


def test_unwritable_output_from_a_shell_shows_no_traceback(workshop_file: Path) -> None:
    """What a person at a terminal sees: one line naming the path, exit status 1."""
    out = workshop_file / "report.html"
    done = subprocess.run(
        [sys.executable, "-m", "gaptools", "export", str(workshop_file), "--format", "html"]
        + ["-o", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert str(out) in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("spoil", [truncated, wrong_types], ids=["truncated", "wrong-types"])
@pytest.mark.parametrize("fmt", ["html", "pdf", "csv"])
def test_invalid_workshop_exits_1_and_writes_nothing(
    workshop_file: Path,
    capsys: pytest.CaptureFixture[str],
    spoil: Callable[[Path], Path],
    fmt: str,
) -> None:
    spoil(workshop_file)
    before = listing(workshop_file.parent)
    assert cli(str(workshop_file), "--format", fmt) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert str(workshop_file) in captured.err
    assert listing(workshop_file.parent) == before


def test_missing_workshop_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.json"
    before = listing(tmp_path)
    assert cli(str(missing), "--format", "md") == 1
    assert str(missing) in capsys.readouterr().err
    assert listing(tmp_path) == before


def test_output_option_writes_where_asked(
    workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = workshop_file.parent / "shared" / "canvas.md"
    out.parent.mkdir()
    assert cli(str(workshop_file), "--format", "md", "--canvas", "bet", "-o", str(out)) == 0
    assert capsys.readouterr().out == f"Wrote {out}\n"
    assert not workshop_file.with_name("w-bet.md").exists()
    assert out.read_text(encoding="utf-8").startswith("# ")


def test_exporting_over_the_workshop_itself_is_refused(
    workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kept = workshop_file.read_bytes()
    code = cli(str(workshop_file), "--format", "html", "-o", str(workshop_file))
    assert workshop_file.read_bytes() == kept
    assert code == 1


def test_an_output_that_is_not_a_regular_file_is_refused(
    workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A pipe, a device or a socket named with -o is left as it is: writing the export
    atomically would replace it with a plain file."""
    pipe = workshop_file.with_name("pipe")
    os.mkfifo(pipe)
    assert cli(str(workshop_file), "--format", "pdf", "-o", str(pipe)) == 1
    assert "not a regular file" in capsys.readouterr().err
    assert pipe.is_fifo()


def hostile_outputs(workshop_file: Path, victim: Path) -> dict[str, Path]:
    """Names an export must refuse: a link (to a file, or dangling), a pipe, a device and each
    side file of the workshop. The default name of the report is planted as a link too."""
    folder = workshop_file.parent
    link = folder / "link.html"
    link.symlink_to(victim)
    dangling = folder / "dangling.html"
    dangling.symlink_to(folder / "nowhere.html")
    planted = folder / "w-report.html"  # the default name of `--format html`
    planted.symlink_to(victim)
    fifo = folder / "pipe.html"
    os.mkfifo(fifo)
    store.edit(workshop_file, lambda w: setattr(w.meta, "team", "Second"))  # a .bak, a lock
    (folder / ".w.json.k2j4h5.tmp").write_text("a save in progress")
    return {
        "link": link,
        "dangling link": dangling,
        "default name planted as a link": planted,
        "fifo": fifo,
        "device": Path(os.devnull),
        "backup": folder / "w.json.bak",
        "lock": folder / ".w.json.lock",
        "temporary": folder / ".w.json.k2j4h5.tmp",
    }


def everything_in(folder: Path) -> dict[str, object]:
    """Each name with its link target or bytes, and each file's mode: what must not change."""
    seen: dict[str, object] = {}
    for entry in sorted(folder.iterdir()):
        if entry.is_symlink():
            seen[entry.name] = ("link", os.readlink(entry))
        elif entry.is_file():
            seen[entry.name] = (entry.read_bytes(), entry.stat().st_mode)
        else:
            seen[entry.name] = entry.lstat().st_mode
    return seen


@pytest.mark.parametrize(
    "kind",
    [
        "link",
        "dangling link",
        "default name planted as a link",
        "fifo",
        "device",
        "backup",
        "lock",
        "temporary",
    ],
)
def test_an_output_that_is_a_link_a_pipe_a_device_or_a_side_file_is_refused(
    workshop_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """Exports used to write through a link and keep it, even at the default name, so a link
    planted in a shared folder redirected them; now the name is refused and left as it is."""
    victim = tmp_path.parent / f"{tmp_path.name}-victim.txt"
    victim.write_text("someone else's file")
    victim.chmod(0o600)
    out = hostile_outputs(workshop_file, victim)[kind]
    before = everything_in(workshop_file.parent)
    argv = [str(workshop_file), "--format", "html"]
    if kind != "default name planted as a link":
        argv += ["-o", str(out)]
    assert cli(*argv) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"{out}: ")
    assert captured.err.count("\n") == 1
    assert everything_in(workshop_file.parent) == before
    assert victim.read_text() == "someone else's file"
    assert victim.stat().st_mode & 0o777 == 0o600


def test_an_output_ending_in_a_slash_is_a_folder_name_not_a_file(
    workshop_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = listing(workshop_file.parent)
    out = f"{workshop_file.parent / 'exports'}/"
    assert cli(str(workshop_file), "--format", "html", "-o", out) == 1
    assert "not a folder" in capsys.readouterr().err
    assert listing(workshop_file.parent) == before
