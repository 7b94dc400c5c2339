"""``bench/compare.py OLD NEW``: two results files of ``make bench`` side by side.

Per row it prints the old and the new median and NEW/OLD (below 1 is faster), and marks the
rows found in only one file. The two headers come first, since figures from different machines,
or from one machine under different loads, compare poorly. It always exits 0: it informs, and
the limits recorded in each file are what a row must meet.

Ratio rows (``ratio: … (x100)``) compare their values the same way. A file written before the
results had a header (one object of rows, each with ``median_ms``) is read too.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

Rows = dict[str, dict[str, object]]


def load(path: Path) -> tuple[dict[str, object], Rows]:
    """The header and the rows of one results file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data.get("rows"), dict):
        return data.get("header") or {}, data["rows"]
    return {}, data


def median(row: dict[str, object] | None) -> float | None:
    value = None if row is None else row.get("median_ms")
    return float(value) if isinstance(value, int | float) else None


def shown(value: float | None) -> str:
    """A median as the bench's table shows it: tenths, or thousandths below one."""
    if value is None:
        return ""
    return f"{value:.3f}" if abs(value) < 1 else f"{value:.1f}"


def change(old: float | None, new: float | None) -> str:
    """NEW/OLD to two decimals; blank where either is missing or the old one is zero."""
    if old is None or new is None or old == 0:
        return ""
    return f"{new / old:.2f}"


def describe(label: str, path: Path, header: dict[str, object]) -> str:
    """One line naming the file and what its figures depend on."""
    if not header:
        return f"{label}: {path} (no header)"
    load = " ".join(str(n) for n in header.get("load_average") or [])
    commit = header.get("commit") or "unknown"
    if header.get("uncommitted_changes"):
        commit = f"{commit}+changes"
    only = f", only {header['only']!r}" if header.get("only") else ""
    return (
        f"{label}: {path} ({header.get('date')}, commit {commit}, "
        f"{header.get('cpu_count')} cores, {header.get('usable_cores')} usable, "
        f"load {load}, Python {header.get('python')}{only})"
    )


def table(old: Rows, new: Rows) -> list[str]:
    """Every row of NEW in its order, then the rows only OLD has."""
    names = [*new, *(name for name in old if name not in new)]
    width = max([len("measure"), *(len(name) for name in names)])
    lines = [f"{'measure'.ljust(width)}  {'old median':>10}  {'new median':>10}  {'new/old':>7}"]
    for name in names:
        before, after = median(old.get(name)), median(new.get(name))
        mark = "  only in OLD" if name not in new else "  only in NEW" if name not in old else ""
        lines.append(
            f"{name.ljust(width)}  {shown(before):>10}  {shown(after):>10}  "
            f"{change(before, after):>7}{mark}".rstrip()
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path, metavar="OLD")
    parser.add_argument("new", type=Path, metavar="NEW")
    args = parser.parse_args(argv)
    old_header, old_rows = load(args.old)
    new_header, new_rows = load(args.new)
    print(describe("OLD", args.old, old_header))
    print(describe("NEW", args.new, new_header))
    print()
    print("\n".join(table(old_rows, new_rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
