"""The ``gaptools`` command line.

Exit codes are an interface: 0 on success, 1 on bad input (with one line per problem naming
the file, the field and what is wrong, never a traceback), 2 on a usage error. Commands
import what they need when they run, so ``gaptools --help`` stays quick and light.

Everything printed that may carry text from a file, or a file's name, goes through
``core.text.printable``: a name holding ESC or a bidi override is shown escaped, never acted
on by the terminal. Failures the input causes (a symbolic-link loop, a denied permission, a
number thousands of digits long, a file too large for memory) become one sentence naming the
file. Anything else is a fault in gaptools: it is reported in one sentence that says so and
asks to be reported (exit 1, since the exit codes promise no traceback), and
``GAPTOOLS_DEBUG=1`` raises it with its traceback instead, so a bug is never dressed up as
bad input where someone is looking for it.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import datetime as dt
import gc
import importlib
import io
import json
import os
import shlex
import sys
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from gaptools.core.errors import WorkshopError, input_problem
from gaptools.core.text import json_printable, printable

Command = Callable[[argparse.Namespace], int]

# What a file, its name or its size can cause; anything else is a fault in gaptools.
INPUT_FAILURES = (OSError, RecursionError, MemoryError, ValueError)


class Parser(argparse.ArgumentParser):
    """argparse, with the arguments it echoes in a usage error escaped: a file name given on
    the command line (expanded from a folder by the shell) may hold an ESC too."""

    def error(self, message: str) -> typing.NoReturn:
        super().error(printable(message, multiline=False))


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="gaptools",
        description="Workshop toolkit: from AI pilots to one committed bet.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    new = commands.add_parser(
        "new",
        help="create a workshop file",
        **_examples(
            "gaptools new claims-q1.json",
            "gaptools new demo.json --example",
            "gaptools new demo.json --example after",
            "gaptools new claims-q2.json --from claims-q1.json --date 2027-03-10",
        ),
    )
    new.add_argument("path", type=Path, metavar="PATH", help="the workshop file to create")
    started = new.add_mutually_exclusive_group()
    started.add_argument(
        "--example",
        nargs="?",
        const="start",
        type=_example_kind,
        metavar="start|after",
        help="start from the example workshop: as it stands before the workshop (start, the "
        "default), or at its end (after: vote revealed, bet decided, commitment card "
        "complete); give it after PATH",
    )
    started.add_argument(
        "--from",
        dest="last",
        type=Path,
        metavar="LAST",
        help="start the next quarter's workshop from last quarter's file: its portfolio, "
        "leaders, settings, decision record and maturity ratings carry over; its votes, pulse "
        "and commitments stay in LAST",
    )
    new.add_argument(
        "--date",
        type=_day,
        metavar="YYYY-MM-DD",
        help="the session's date (default: today); it plans the quarter after it (not with "
        "--example, which keeps its own)",
    )
    new.set_defaults(run=cmd_new)

    validate = commands.add_parser(
        "validate",
        help="check that a workshop file can be read, or say what is wrong with it "
        "(status says what the workshop still lacks)",
    )
    validate.add_argument("path", type=Path, metavar="PATH", help="the workshop file")
    validate.set_defaults(run=cmd_validate)

    status = commands.add_parser("status", help="summarise a workshop and what it still lacks")
    status.add_argument("path", type=Path, metavar="PATH", help="the workshop file")
    status.add_argument("--json", action="store_true", help="print one JSON object")
    status.set_defaults(run=cmd_status)

    imports = commands.add_parser(
        "import-portfolio",
        help="add or update initiatives from a CSV or XLSX sheet",
        description="One initiative per row; the first row names the columns. The names a PMO "
        "writes ('Project', 'Status', 'Target date', 'Exec sponsor'…) and status words "
        "('Live', 'PoC', 'On hold'…) are recognised; the report says how each was read.",
        **_examples(
            "gaptools import-portfolio pmo.xlsx --into claims-q1.json",
            'gaptools import-portfolio pmo.csv --into claims-q1.json --map "Lead=accountable"',
        ),
    )
    imports.add_argument("source", type=Path, metavar="SOURCE", help="the sheet (.csv or .xlsx)")
    imports.add_argument(
        "--into", type=Path, required=True, metavar="WORKSHOP", help="the workshop file"
    )
    imports.add_argument(
        "--map",
        action="append",
        default=[],
        metavar='"HEADER=field"',
        help="read the column HEADER as field (name, stage, accountable, effort_weeks, area, "
        "..., note or ignore); once per column",
    )
    imports.set_defaults(run=cmd_import_portfolio)

    survey = commands.add_parser(
        "survey-questions",
        help="print the pre-workshop survey, ready for Microsoft Forms or Google Forms",
    )
    survey.add_argument("--format", choices=["text", "json", "csv"], default="text", dest="fmt")
    survey.add_argument(
        "path",
        type=Path,
        nargs="?",
        metavar="WORKSHOP",
        help="offer this workshop's initiatives as the gut check's choices",
    )
    survey.set_defaults(run=cmd_survey_questions)

    responses = commands.add_parser(
        "import-survey", help="add the survey's responses (a Forms export) to a workshop"
    )
    responses.add_argument(
        "source",
        type=Path,
        metavar="SOURCE",
        help="the responses exported from Microsoft Forms (.xlsx or .csv) or Google Forms (.csv)",
    )
    responses.add_argument(
        "--into", type=Path, required=True, metavar="WORKSHOP", help="the workshop file"
    )
    responses.set_defaults(run=cmd_import_survey)

    merging = commands.add_parser(
        "merge",
        help="bring in what leaders filled in on their own copies of the workshop",
        **_examples("gaptools merge dana.json priya.json --into claims-q1.json"),
    )
    merging.add_argument(
        "sources", type=Path, nargs="+", metavar="SOURCE", help="a leader's copy (one or more)"
    )
    merging.add_argument(
        "--into", type=Path, required=True, metavar="WORKSHOP", help="the facilitator's file"
    )
    merging.add_argument(
        "--prefer",
        type=Path,
        metavar="SOURCE",
        help="where a copy and the workshop differ, take this copy's value (default: keep "
        "the workshop's)",
    )
    merging.set_defaults(run=cmd_merge)

    export = commands.add_parser(
        "export",
        help="write the bet canvas (pdf, png, html, md), the report (html, md, pdf) or the data",
        description="The one-page bet canvas as pdf, png, html or md; the full workshop report "
        "as html, md or pdf (several pages); the workshop's data as json, csv or xlsx.",
        **_examples(
            "gaptools export claims-q1.json --format pdf",
            "gaptools export claims-q1.json --format pdf --canvas report -o report.pdf",
            "gaptools export claims-q1.json --format xlsx",
        ),
    )
    export.add_argument("path", type=Path, metavar="WORKSHOP", help="the workshop file")
    export.add_argument(
        "--format",
        required=True,
        choices=["html", "md", "pdf", "png", "json", "csv", "xlsx"],
        dest="fmt",
        help="the canvas or the report as html, md, pdf or png; the data as json, csv or xlsx",
    )
    export.add_argument(
        "--canvas",
        choices=["bet", "report"],
        help="bet: the one-page canvas (default for pdf, png); report: every step "
        "(default for html, md; with pdf, a multi-page report)",
    )
    export.add_argument("--paper", choices=["a4", "letter"], default="a4", help="default: a4")
    export.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="default: beside the workshop; - writes it to standard output, for a pipe",
    )
    export.set_defaults(run=cmd_export)

    rolls = commands.add_parser(
        "rollup",
        help="roll many teams' workshops up into one view",
        description="One row per team from workshop files and folders (searched recursively); "
        "a workshop found twice (a copy, a JSON export beside its file) counts once; backups, "
        "other JSON and unreadable files are listed, not fatal.",
        **_examples(
            "gaptools rollup /srv/shared/workshops",
            "gaptools rollup teams/ --format xlsx -o q1-rollup.xlsx",
        ),
    )
    rolls.add_argument(
        "sources", type=Path, nargs="+", metavar="SOURCE", help="a workshop file or a folder"
    )
    rolls.add_argument(
        "--format",
        choices=["html", "xlsx", "csv", "json"],
        dest="fmt",
        help="default: the one the -o file's name ends in; html when it has no ending",
    )
    rolls.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="default: rollup.<format> in the current folder; with --format json and no -o, "
        "the object is printed; - writes any format to standard output (JSON unless "
        "--format says otherwise)",
    )
    rolls.set_defaults(run=cmd_rollup)

    room = commands.add_parser(
        "room",
        help="open the room: participants answer from their own phones",
        description="Serve the participants' page and read the facilitator's actions, one "
        "per line (ask KIND, count, reveal, close, discard, code, free NAME, quit), until quit "
        "or the end of input.",
    )
    room.add_argument("path", type=Path, metavar="WORKSHOP", help="the workshop file")
    room.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default: 127.0.0.1, this machine only)",
    )
    room.add_argument("--port", type=int, default=0, help="default: any free port")
    room.add_argument(
        "--allow-network",
        action="store_true",
        help="listen on an address other devices can reach (every device on that network "
        "can open the page; answers travel as plain HTTP)",
    )
    room.set_defaults(run=cmd_room)

    lab = commands.add_parser("lab", help="open JupyterLab on the start notebook")
    lab.add_argument("path", type=Path, nargs="?", metavar="PATH", help="workshop to open")
    lab.set_defaults(run=cmd_lab)
    return parser


def _example_kind(word: str) -> str:
    """``start`` or ``after``; a file name here was meant as PATH, written after the option
    ("gaptools new --example ours.json"), and is told so."""
    if word in ("start", "after"):
        return word
    raise argparse.ArgumentTypeError(
        f"'{word}' is not start or after; give the file name first: "
        f"gaptools new {shlex.quote(word)} --example"
    )


def _day(word: str) -> dt.date:
    try:
        return dt.date.fromisoformat(word)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{word}' is not a date: write it YYYY-MM-DD") from None


def _examples(*lines: str) -> dict[str, typing.Any]:
    """A command's examples under its help, their lines kept as written."""
    return {
        "epilog": "examples:\n" + "\n".join(f"  {line}" for line in lines),
        "formatter_class": argparse.RawDescriptionHelpFormatter,
    }


def main(argv: Sequence[str] | None = None, *, end_process: bool = False) -> int:
    """Run one command and return its exit code. With ``end_process`` (the ``gaptools`` and
    ``python -m gaptools`` entries), a command in ``PAUSING_THE_COLLECTOR`` ends the process
    itself once it has answered (``_end_now``)."""
    _escape_what_cannot_be_encoded()
    with _without_pydantic_plugins():
        args = build_parser().parse_args(argv)
        ending = end_process and args.command in PAUSING_THE_COLLECTOR
        code = _run(args, resume_collector=not ending)
    if ending:
        _end_now(code)
    return code


def run() -> typing.NoReturn:
    """The command line's entry: ``main``, then the process exits with its code."""
    sys.exit(main(end_process=True))


def _end_now(code: int) -> typing.NoReturn:
    """End a command that read one workshop and answered, without taking apart what it built.
    An ordinary exit frees every object one at a time, the workshop's hundreds of thousands
    and every module's, which took ``status`` and ``validate`` of 1,000 initiatives about
    20 ms, a tenth of their time, for memory the system takes back whole anyway. What an
    exit must still do is done first: the output is flushed and the exit handlers run (an
    export's libraries register some)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()  # a reader gone (``| head``) or a stream closed is no reason to stay
    atexit._run_exitfuncs()  # noqa: SLF001  (no public way to run them short of a full exit)
    os._exit(code)


def _run(args: argparse.Namespace, resume_collector: bool = True) -> int:
    try:
        with _collector_paused(args.command in PAUSING_THE_COLLECTOR, resume_collector):
            return args.run(args)
    except WorkshopError as error:
        complain(problem_lines(error))
        return 1
    except KeyboardInterrupt:
        # It ended with no word at all, leaving the person to wonder what was left behind.
        complain(
            [
                f"gaptools {args.command}: stopped (Ctrl-C). Every file is written whole or "
                "not at all, so none is left half-written."
            ]
        )
        return 130
    except BrokenPipeError:
        # The reader (``| head``) went away; that is not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:
        return last_resort(args, error)


#: Commands that read one workshop, answer or write one file, and exit: what they allocate
#: lives until the end. (Paused for an export, the report of 1,000 initiatives as a PDF with
#: its charts ends with 0.5 MB more in memory, of 157 MB, and takes 3.2 s rather than 3.4.)
PAUSING_THE_COLLECTOR = frozenset({"status", "validate", "export"})


@contextlib.contextmanager
def _collector_paused(pause: bool, resume: bool = True) -> Iterator[None]:
    """Loading a large workshop allocates a few hundred thousand objects, kept until the
    command ends. The cycle collector would go through them again and again for the few
    hundred in a cycle (about a tenth of ``status``'s time on 1,000 initiatives, and of a
    cold PNG of the canvas), so a command that reads one file and exits pauses it: what it
    would have found is freed when the process ends. It runs again afterwards, as it did
    before, unless the process is about to end (``resume`` false): started again, its first
    pass went through every object the command had made, 6 ms of ``status``, to free none
    that the end would not."""
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if resume:
            gc.enable()


def last_resort(args: argparse.Namespace, error: Exception) -> int:
    """A failure no command turned into a sentence. One the input caused is named with its
    file; any other is a fault in gaptools, said so in one sentence (or re-raised with
    ``GAPTOOLS_DEBUG`` set, for whoever is fixing it)."""
    subject = _subject(args, error)
    problem = input_problem(error)
    if problem is None:
        if os.environ.get("GAPTOOLS_DEBUG"):
            raise error
        problem = (
            f"gaptools {args.command} failed unexpectedly ({type(error).__name__}: {error}); "
            "this is a fault in gaptools, please report it with the command you ran"
        )
    complain([f"{subject}: {problem}"])
    return 1


def _subject(args: argparse.Namespace, error: Exception) -> str:
    """The file a failure concerns: the one the system named, else the command's own."""
    named = getattr(error, "filename", None)
    if isinstance(named, str | bytes | os.PathLike):
        return os.fsdecode(named)
    for attribute in ("path", "source"):
        value = getattr(args, attribute, None)
        if value is not None:
            return str(value)
    return f"gaptools {args.command}"


@contextlib.contextmanager
def about(path: Path) -> Iterator[None]:
    """Turn a failure the input causes while ``path`` is read or written into one sentence
    naming ``path``; anything else passes through untouched, to be seen as the fault it is."""
    try:
        yield
    except INPUT_FAILURES as error:
        problem = input_problem(error)
        if problem is None:
            raise
        named = getattr(error, "filename", None)
        if isinstance(named, str) and Path(named) != path:
            problem += f" ({named})"
        raise WorkshopError(problem, path) from None


def problem_lines(error: WorkshopError) -> list[str]:
    """One line per problem, each starting with the file: a problem is never split across
    lines, whatever text from the file it quotes."""
    prefix = f"{error.path}: " if error.path is not None else ""
    return [prefix + problem for problem in error.problems]


def complain(lines: Iterable[str]) -> None:
    """Problems on stderr, one line each, with anything a terminal would act on escaped."""
    for line in lines:
        print(printable(line, multiline=False), file=sys.stderr)


def say(text: str) -> None:
    """Output on stdout with anything a terminal would act on escaped; lines stay lines."""
    print(printable(text))


def _escape_what_cannot_be_encoded() -> None:
    """A terminal whose encoding cannot show a character gets an escape for it rather than
    a UnicodeEncodeError halfway through the output."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="backslashreplace")


#: pydantic's switch for its plugins (observability hooks other packages may register).
PLUGINS_SWITCH = "PYDANTIC_DISABLE_PLUGINS"
#: The switch's values that turn every plugin off, as pydantic's loader reads them.
ALL_PLUGINS_OFF = ("__all__", "1", "true")
#: pydantic's plugin loader, which it imports each time it builds a validator.
PLUGIN_LOADER = "pydantic.plugin._loader"
_SET_HERE: set[str] = set()  # the environment variables a running command set itself


@contextlib.contextmanager
def _without_pydantic_plugins() -> Iterator[None]:
    """Before it builds its first validator, pydantic looks for plugins in the metadata of
    every installed package, which in a Jupyter environment takes about as long as reading
    a large workshop. A command validates files and has no use for them, so they are off
    while it runs, unless the user set the switch themselves; ``lab`` gives the JupyterLab
    it starts the environment without it (``_environment_for_children``)."""
    if PLUGINS_SWITCH in os.environ:
        yield
        return
    os.environ[PLUGINS_SWITCH] = "__all__"
    _SET_HERE.add(PLUGINS_SWITCH)
    stand_in = _stand_in_for_the_plugin_loader()
    try:
        yield
    finally:
        os.environ.pop(PLUGINS_SWITCH, None)
        _SET_HERE.discard(PLUGINS_SWITCH)
        if sys.modules.get(PLUGIN_LOADER) is stand_in:
            del sys.modules[PLUGIN_LOADER]


def _stand_in_for_the_plugin_loader() -> types.ModuleType | None:
    """pydantic's plugin loader imports ``importlib.metadata`` (and with it email, zipfile
    and csv) before it reads the switch, which costs a command about as much again as the
    search the switch saves. While the command runs, a stand-in answers in its place exactly
    as it would: no plugins while the switch turns them all off, else the loader's own
    answer, imported then (``_loader_answer``). None when the loader was imported already."""
    if PLUGIN_LOADER in sys.modules:
        return None
    stand_in = types.ModuleType(PLUGIN_LOADER, "Stands for pydantic's plugin loader.")
    stand_in.get_plugins = _plugins
    stand_in.__getattr__ = _loader_answer
    sys.modules[PLUGIN_LOADER] = stand_in
    return stand_in


def _plugins() -> Iterable[object]:
    """What pydantic's ``get_plugins`` returns: nothing while every plugin is off."""
    if os.environ.get(PLUGINS_SWITCH) in ALL_PLUGINS_OFF:
        return ()
    return _loader_answer("get_plugins")()


def _loader_answer(name: str) -> typing.Any:
    """Anything else asked of the stand-in: the real loader takes its place and answers.
    What the import system asks of every module (``__path__``, ``__spec__`` …) the stand-in
    lacks, as a module that is not a package does."""
    if name.startswith("__"):
        raise AttributeError(name)
    if getattr(sys.modules.get(PLUGIN_LOADER), "get_plugins", None) is _plugins:
        del sys.modules[PLUGIN_LOADER]  # the stand-in steps aside for good
    return getattr(importlib.import_module(PLUGIN_LOADER), name)


def _environment_for_children() -> dict[str, str]:
    """The environment as the user gave it, without what a command set for itself."""
    return {key: value for key, value in os.environ.items() if key not in _SET_HERE}


def cmd_new(args: argparse.Namespace) -> int:
    from gaptools.core.model import new_id
    from gaptools.files import store
    from gaptools.files.home import example_workshop
    from gaptools.steps.registry import new_workshop

    if args.last is not None:
        return _next_quarter(args)
    if args.example and args.date:
        # Given, it was dropped without a word: the file said 18 Nov 2026 all the same.
        raise WorkshopError(
            "--date is for a blank workshop or --from: the example keeps its own date, from "
            "which its cycles, debriefs and kill dates run; leave --date out",
            args.path,
        )
    after = args.example == "after"
    workshop = example_workshop(after=after) if args.example else new_workshop(date=args.date)
    workshop.meta.workshop_id = new_id()  # a new file is a new workshop; its copies share this
    with about(args.path):
        path = store.create(workshop, args.path)
    origin = {
        None: "",
        "start": " from the example workshop",
        "after": " from the example workshop as it stands at the end of the workshop",
    }
    say(f"Created {path}{origin[args.example]}")
    return 0


def _next_quarter(args: argparse.Namespace) -> int:
    """``new --from LAST``: the next quarter's workshop (``steps.next_quarter``)."""
    from gaptools.files import store
    from gaptools.steps.next_quarter import next_quarter

    with about(args.last):
        last = store.load(args.last)
    try:
        workshop, carried = next_quarter(last, args.date or dt.date.today())
    except ValueError as error:
        # With no --date, the session is today's, which the person did not type.
        how = "" if args.date else " with --date YYYY-MM-DD (without it, the session is today)"
        raise WorkshopError(f"{error}{how}", args.path) from None
    with about(args.path):
        path = store.create(workshop, args.path)
    say("\n".join([f"Created {path} for the next quarter.", *carried.lines(str(args.last))]))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from gaptools.files import store

    with about(args.path):
        workshop = store.load(args.path)
    from gaptools.core.text import plural

    initiatives = plural(len(workshop.initiatives), "initiative")
    participants = plural(len(workshop.meta.participants), "participant")
    say(f"{args.path}: valid workshop ({initiatives}, {participants})")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from gaptools.files import store
    from gaptools.steps.registry import Figures
    from gaptools.summaries.status import render_text, summary

    with about(args.path):
        workshop = store.load(args.path)
    figures = Figures(workshop)
    facts = summary(workshop, figures=figures)
    if args.json:
        print(json_printable(json.dumps(facts, ensure_ascii=False)))
    else:
        say(render_text(workshop, facts, figures))
    return 0


def cmd_import_portfolio(args: argparse.Namespace) -> int:
    """The sheet is read first, outside the workshop's lock (a large workbook takes a while);
    the merge then runs as one transaction on the workshop as it is at that moment, so a
    form saving meanwhile loses nothing."""
    from gaptools.files import store
    from gaptools.files.columns import NoNameColumn, parse_mapping
    from gaptools.files.portfolio_import import ImportReport, merge_sheet, planned, tracker_score
    from gaptools.files.sheets import read_sheet_file

    try:
        mapping = parse_mapping(args.map)
    except WorkshopError as error:  # how the command was typed, not what a file holds
        complain([f"gaptools import-portfolio: {problem}" for problem in error.problems])
        return 2
    folder = args.into.parent
    with about(args.source):
        sheet = read_sheet_file(args.source, tracker_score(folder, mapping))
    reports: list[ImportReport] = []

    def merge(workshop: typing.Any) -> None:
        reports.append(merge_sheet(workshop, sheet, str(args.source), mapping, folder))

    with about(args.into):
        try:
            planned(sheet, str(args.source), mapping, folder)  # before the workshop's lock
            store.edit(args.into, merge, f"import {args.source.name}")
        except NoNameColumn as error:
            command = shlex.join(
                ["gaptools", "import-portfolio", str(args.source), "--into", str(args.into)]
                + ["--map", f"{error.example}=name"]
            )
            raise WorkshopError([*error.problems, f"For example: {command}"]) from None
    say("\n".join(printable(line, multiline=False) for line in reports[-1].lines()))
    return 0


def cmd_survey_questions(args: argparse.Namespace) -> int:
    from gaptools.steps.survey import questions

    workshop = None
    if args.path is not None:
        from gaptools.files import store

        with about(args.path):
            workshop = store.load(args.path)
    asked = questions(workshop)
    if args.fmt == "json":
        # ASCII JSON: a control character in an initiative's name arrives escaped, never raw.
        say(json.dumps([q.as_json() for q in asked], ensure_ascii=True, indent=2))
    elif args.fmt == "csv":
        say(_survey_csv(asked))
    else:
        say(printable(_survey_text(asked)))
    return 0


def _survey_instructions(asked: list[typing.Any]) -> str:
    """How to set the form up. "Anonymous responses" is the forms' setting that keeps accounts
    out of the export; it reads as if nobody may give a name, so the text says where a leader
    who wants to be named does so, and what stays nameless whatever they do."""
    from gaptools.core.text import listed

    steps = [str(s) for s in sorted({q.step for q in asked if not q.anonymous and q.id != "name"})]
    named = listed(steps)
    where = next((n for n, q in enumerate(asked, start=1) if q.id == "name"), None)
    text = (
        "Pre-workshop survey. In Microsoft Forms or Google Forms, add each question below with "
        "its text exactly as written (it becomes the export's column header). Set the form to "
        "record no names or e-mail addresses (Microsoft Forms: untick Record name; Google Forms: "
        "do not collect e-mail addresses). Notebook 00b_survey explains each setting, and what "
        "limiting people to one response costs in each tool."
    )
    if where is not None and steps:
        text += (
            f" A leader who wants their answers to steps {named} named writes their name in "
            f"question {where}."
        )
    return text + " The pulse is never named."


def _survey_text(asked: list[typing.Any]) -> str:
    """The survey as a person pastes it into a form: each question, its kind and choices, and
    where the anonymous part begins."""
    import textwrap

    lines = [*textwrap.wrap(_survey_instructions(asked), 88), ""]
    anonymous_said = False
    for n, q in enumerate(asked, start=1):
        if q.anonymous and not anonymous_said:
            lines += ["--- The pulse: anonymous. Never tied to a name in the workshop. ---", ""]
            anonymous_said = True
        kind = {"text": "text", "choice": "choice", "scale": "rating 1 to 5"}[q.kind]
        lines.append(f"{n}. {q.text}  [{kind}{', required' if q.required else ''}, step {q.step}]")
        for number, option in enumerate(q.options, start=1):
            lines.append(f"     {number if q.kind == 'scale' else '-'} {option}")
        lines.append("")
    return "\n".join(lines).rstrip()


def _survey_csv(asked: list[typing.Any]) -> str:
    import csv

    from gaptools.export.table import safe

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "text", "kind", "options", "required", "step", "anonymous"])
    for q in asked:
        # yes/no as a person writes them in a sheet, not Python's True/False
        yes = {True: "yes", False: "no"}
        cells = [
            q.id,
            q.text,
            q.kind,
            " | ".join(q.options),
            yes[q.required],
            q.step,
            yes[q.anonymous],
        ]
        writer.writerow([safe(cell) for cell in cells])
    return out.getvalue().rstrip("\n")


def cmd_import_survey(args: argparse.Namespace) -> int:
    """The export is read first, outside the workshop's lock; its responses are then added
    in one transaction on the workshop as it is at that moment."""
    from gaptools.files import store
    from gaptools.files.survey_import import read_survey
    from gaptools.steps.survey import SurveyReport, apply, questions

    with about(args.into):
        current = store.load(args.into)
    with about(args.source):
        sheet = read_survey(args.source, current)
    reports: list[SurveyReport] = []
    pulse_asked = sheet.asks_the_pulse(questions(current))

    def add(workshop: typing.Any) -> None:
        reports.append(apply(workshop, sheet.responses, dt.date.today(), pulse_asked))

    with about(args.into):
        store.edit(args.into, add, f"survey {args.source.name}")
    report = reports[-1]
    report.problems = sorted([*sheet.problems, *report.problems])
    lines = [*report.lines(), *sheet.column_lines(questions(current))]
    say("\n".join(printable(line, multiline=False) for line in lines))
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    """Every copy is read first; the merge is then one transaction on the workshop, so a copy
    of another workshop, or any failure, leaves it untouched."""
    from gaptools.files import store
    from gaptools.steps.merge import MergeReport, merge

    if args.prefer is not None and args.prefer not in args.sources:
        complain([f"gaptools merge: --prefer {args.prefer} is not one of the sources"])
        return 2
    itself = next((s for s in args.sources if _same_file(s, args.into)), None)
    if itself is not None:  # "Added: nothing new." said nothing of the slip
        complain([f"{itself}: is the workshop merged into (--into): give the leaders' copies"])
        return 1
    copies = []
    for source in args.sources:
        with about(source):
            copies.append((str(source), store.load(source)))
    prefer = str(args.prefer) if args.prefer is not None else None
    reports: list[MergeReport] = []
    with about(args.into):
        store.edit(args.into, lambda w: reports.append(merge(w, copies, prefer)), "merge")
    say("\n".join(printable(line, multiline=False) for line in reports[-1].lines()))
    return 0


#: ``-o -``: the data on standard output, for a pipe (it wrote a file named "-", and the
#: next export refused to replace it as a workshop's).
STDOUT = "-"
BINARY = frozenset({"pdf", "png", "xlsx"})
NOT_TEXT = "-o -: {fmt} is not text for a terminal: pipe it to a program, or give a file name"


def _binary_to_a_terminal(args: argparse.Namespace) -> bool:
    """``-o -`` asked of a format that is no text while standard output is a terminal:
    refused, said."""
    if args.output != STDOUT or args.fmt not in BINARY or not sys.stdout.isatty():
        return False
    complain([NOT_TEXT.format(fmt=args.fmt)])
    return True


def _write_stdout(data: bytes) -> None:
    """``data`` on standard output, without the byte-order mark a CSV file carries for Excel:
    in a pipe it is a stray character before the first heading."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data.removeprefix(b"\xef\xbb\xbf"))
    sys.stdout.buffer.flush()


def _same_file(one: str | Path, other: str | Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:  # one is missing: loading it says so, in its own words
        return False


def cmd_export(args: argparse.Namespace) -> int:
    from gaptools.export import FORMATS, canvas_problem, default_output, write_export
    from gaptools.files import store

    problem = canvas_problem(args.fmt, args.canvas)
    if problem:
        complain([f"gaptools export: {problem}"])
        return 2
    if args.output and args.output.endswith(("/", os.sep)):
        complain([f"{args.output}: give a file name to export to, not a folder"])
        return 1
    if _binary_to_a_terminal(args):
        return 1
    if (mismatch := _format_and_name_disagree(args.fmt, args.output, FORMATS)) is not None:
        return mismatch
    with about(args.path):
        workshop = store.load(args.path)
    from gaptools.export import export
    from gaptools.export.glyphs import noting_undrawn, undrawn_note

    with noting_undrawn() as undrawn:
        if args.output == STDOUT:
            _write_stdout(export(workshop, args.fmt, args.canvas, args.paper))
        else:
            out = Path(args.output or default_output(args.path, args.fmt, args.canvas))
            with about(out):
                written = write_export(
                    workshop, args.fmt, out, args.canvas, args.paper, source=args.path
                )
            say(f"Wrote {written}")
    if undrawn:
        complain([f"note: {undrawn_note(undrawn)}"])
    return 0


def _format_and_name_disagree(fmt: str, output: str | None, formats: tuple[str, ...]) -> int | None:
    """2, said, when ``--format`` and the ``-o`` name ask for two formats (``--format pdf -o
    report.html``): the command is typed against itself, a usage error, refused before any
    file is read. None otherwise, and when the name is a workshop's, a link or another file
    never written to: that refusal says more."""
    from gaptools.export import output_format
    from gaptools.files.home import holds_a_workshop
    from gaptools.files.store import output_problem

    if not output or output == STDOUT:
        return None
    if output_problem(Path(output)) or holds_a_workshop(Path(output)):
        return None
    try:
        output_format(fmt, output, formats)
    except ValueError as mismatch:
        complain([f"{output}: {mismatch}"])
        return 2
    return None


def cmd_rollup(args: argparse.Namespace) -> int:
    """Exit 0 when at least one workshop rolled up, however many files were skipped (they are
    listed on stderr and in the output); 1 when no workshop was found at all."""
    from gaptools.core.text import plural, some_of
    from gaptools.export import check_output, output_format
    from gaptools.export.rollup import (
        SKIPPED_NAMED,
        SUFFIX,
        WHAT_IT_READS,
        rollup_bytes,
        rollup_sources,
        to_json,
        write_rollup,
    )
    from gaptools.summaries.rollup import skipped_by_reason

    if args.output == STDOUT:
        args.fmt = args.fmt or "json"
    if _binary_to_a_terminal(args):
        return 1
    try:  # no --format: the one the output's name ends in
        args.fmt = args.fmt or output_format(None, args.output, tuple(SUFFIX))
    except ValueError as mismatch:
        complain([f"{args.output}: {mismatch}"])
        return 1
    if (mismatch := _format_and_name_disagree(args.fmt, args.output, tuple(SUFFIX))) is not None:
        return mismatch
    if args.output and args.output.endswith(("/", os.sep)):
        complain([f"{args.output}: give a file name to write the roll-up to, not a folder"])
        return 1
    out = Path(args.output) if args.output else Path(f"rollup{SUFFIX[args.fmt]}")
    if args.output != STDOUT and not (args.fmt == "json" and not args.output):
        check_output(out, args.fmt, tuple(SUFFIX))  # before reading every team's file
    result = rollup_sources(args.sources)
    for reason, files in skipped_by_reason(result.skipped):
        if len(files) == 1:
            complain([f"{files[0]}: skipped: {reason}"])
        else:
            named = some_of(files, SKIPPED_NAMED)
            complain([f"{plural(len(files), 'file')} skipped: {reason}: {named}"])
    for note in result.notes:
        complain([f"{note['file']}: note: {note['note']}"])
    if not result.teams:
        named = ", ".join(str(s) for s in args.sources)
        why = (
            "every file found was passed over, for the reasons above"
            if result.skipped
            else WHAT_IT_READS
        )
        complain([f"gaptools rollup: no team's workshop to roll up in {named}: {why}"])
        return 1
    if args.fmt == "json" and not args.output:
        print(json_printable(to_json(result, indent=None).decode("utf-8")))
        return 0
    if args.output == STDOUT:
        _write_stdout(rollup_bytes(result, args.fmt))
        return 0
    with about(out):
        written = write_rollup(result, args.fmt, out)
    unread = sum(bool(s.get("unreadable")) for s in result.skipped)
    counts = [
        plural(len(result.teams), "team"),
        f"{plural(len(result.skipped) - unread, 'file')} skipped",
    ]
    if unread:
        counts.append(f"{plural(unread, 'file')} that could not be read")
    say(f"Wrote {written} ({', '.join(counts)})")
    return 0


def cmd_room(args: argparse.Namespace) -> int:
    from gaptools.room.console import run

    with about(args.path):
        return run(
            args.path,
            args.host,
            args.port,
            args.allow_network,
            sys.stdin,
            say,
            lambda line: complain([line]),
        )


def cmd_lab(args: argparse.Namespace) -> int:
    import subprocess

    from gaptools.lab import lab_command, prepare_workshop

    if args.path is None:
        prepare_workshop(None)
    else:
        with about(args.path):
            prepare_workshop(args.path)
    try:
        return subprocess.call(lab_command(), env=_environment_for_children())
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
