"""The ``gaptools`` command line.

Exit codes are an interface: 0 on success, 1 on bad input (with one line per problem naming
the file, the field and what is wrong, never a traceback), 2 on a usage error. Commands
import what they need when they run, so ``gaptools --help`` stays quick and light.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

Command = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gaptools",
        description="Workshop toolkit: from AI pilots to one committed bet.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    new = commands.add_parser("new", help="create a workshop file")
    new.add_argument("path", type=Path, metavar="PATH")
    new.add_argument("--example", action="store_true", help="start from the example workshop")
    new.set_defaults(run=cmd_new)

    validate = commands.add_parser("validate", help="check a workshop file and list its problems")
    validate.add_argument("path", type=Path, metavar="PATH")
    validate.set_defaults(run=cmd_validate)

    status = commands.add_parser("status", help="summarise a workshop and what it still lacks")
    status.add_argument("path", type=Path, metavar="PATH")
    status.add_argument("--json", action="store_true", help="print one JSON object")
    status.set_defaults(run=cmd_status)

    imports = commands.add_parser(
        "import-portfolio", help="add or update initiatives from a CSV or XLSX sheet"
    )
    imports.add_argument("source", type=Path, metavar="SOURCE")
    imports.add_argument("--into", type=Path, required=True, metavar="WORKSHOP")
    imports.set_defaults(run=cmd_import_portfolio)

    export = commands.add_parser(
        "export",
        help="write the bet canvas (pdf, png, html, md), the report (html, md) or the data",
        description="The one-page bet canvas as pdf, png, html or md; the full workshop report "
        "as html or md; the workshop's data as json, csv or xlsx.",
    )
    export.add_argument("path", type=Path, metavar="WORKSHOP")
    export.add_argument(
        "--format",
        required=True,
        choices=["html", "md", "pdf", "png", "json", "csv", "xlsx"],
        dest="fmt",
    )
    export.add_argument(
        "--canvas",
        choices=["bet", "report"],
        help="bet: the one-page canvas (default for pdf, png); report: every step "
        "(default for html, md)",
    )
    export.add_argument("--paper", choices=["a4", "letter"], default="a4", help="default: a4")
    export.add_argument("-o", "--output", metavar="OUT", help="default: beside the workshop")
    export.set_defaults(run=cmd_export)

    lab = commands.add_parser("lab", help="open JupyterLab on the start notebook")
    lab.add_argument("path", type=Path, nargs="?", metavar="PATH", help="workshop to open")
    lab.set_defaults(run=cmd_lab)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from gaptools.core.errors import WorkshopError

    try:
        return args.run(args)
    except WorkshopError as error:
        print(error.render(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (``| head``) went away; that is not an error worth a traceback.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def cmd_new(args: argparse.Namespace) -> int:
    from gaptools.core.resources import EXAMPLE_WORKSHOP, data_file
    from gaptools.files import store
    from gaptools.steps.registry import new_workshop

    workshop = store.load(data_file(EXAMPLE_WORKSHOP)) if args.example else new_workshop()
    path = store.create(workshop, args.path)
    print(f"Created {path}" + (" from the example workshop" if args.example else ""))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from gaptools.files import store

    workshop = store.load(args.path)
    print(
        f"{args.path}: valid workshop ({len(workshop.initiatives)} initiatives, "
        f"{len(workshop.meta.participants)} participants)"
    )
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from gaptools.files import store
    from gaptools.summaries.status import render_text, summary

    workshop = store.load(args.path)
    facts = summary(workshop)
    if args.json:
        print(json.dumps(facts, ensure_ascii=False))
    else:
        print(render_text(workshop, facts))
    return 0


def cmd_import_portfolio(args: argparse.Namespace) -> int:
    """The sheet is read first, outside the workshop's lock (a large workbook takes a while);
    the merge then runs as one transaction on the workshop as it is at that moment, so a
    form saving meanwhile loses nothing."""
    from gaptools.files import store
    from gaptools.files.portfolio_import import ImportReport, merge_sheet
    from gaptools.files.sheets import read_sheet_file

    sheet = read_sheet_file(args.source)
    reports: list[ImportReport] = []
    store.edit(
        args.into,
        lambda workshop: reports.append(merge_sheet(workshop, sheet, str(args.source))),
        f"import {args.source.name}",
    )
    print("\n".join(reports[-1].lines()))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    import os

    from gaptools.export import canvas_problem, default_output, write_export
    from gaptools.files import store

    problem = canvas_problem(args.fmt, args.canvas)
    if problem:
        print(f"gaptools export: {problem}", file=sys.stderr)
        return 2
    if args.output and args.output.endswith(("/", os.sep)):
        print(f"{args.output}: give a file name to export to, not a folder", file=sys.stderr)
        return 1
    workshop = store.load(args.path)
    out = Path(args.output) if args.output else default_output(args.path, args.fmt, args.canvas)
    written = write_export(workshop, args.fmt, out, args.canvas, args.paper, source=args.path)
    print(f"Wrote {written}")
    return 0


def cmd_lab(args: argparse.Namespace) -> int:
    import subprocess

    from gaptools.lab import lab_command, prepare_workshop

    prepare_workshop(args.path)
    try:
        return subprocess.call(lab_command())
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
