"""Large, varied, deterministic workshops for benchmarks and scale tests.

Real workshops have 10–30 initiatives; transformation offices roll up hundreds. These are
built from the example workshop so every field a step reads has realistic content.
"""

from __future__ import annotations

import random

from gaptools.core.model import Category, Stage, Workshop
from gaptools.core.resources import EXAMPLE_WORKSHOP, data_file
from gaptools.files import store


def synthetic_workshop(initiatives: int, seed: int = 7) -> Workshop:
    """The example workshop grown to ``initiatives`` initiatives with distinct names."""
    rng = random.Random(seed)
    example = store.load(data_file(EXAMPLE_WORKSHOP))
    templates = example.initiatives
    grown = []
    for number in range(initiatives):
        source = templates[number % len(templates)].model_copy(deep=True)
        source.id = f"synthetic-{number + 1}"
        source.name = f"{source.name} #{number + 1}"
        source.stage = rng.choice(list(Stage))
        source.category = rng.choice(list(Category))
        source.effort_weeks = round(rng.uniform(1, 30), 1)
        grown.append(source)
    return example.model_copy(update={"initiatives": grown})


def portfolio_rows(count: int, seed: int = 11) -> tuple[list[str], list[list[object]]]:
    """A portfolio sheet as a team would bring it: the brief's columns, realistic values."""
    rng = random.Random(seed)
    header = [
        "Name",
        "Description",
        "Category",
        "Stage",
        "Sponsor",
        "Accountable",
        "Started",
        "Metric",
        "Unit",
        "Baseline",
        "Target",
        "Due",
        "Effort weeks",
    ]
    rows = []
    for number in range(1, count + 1):
        baseline = rng.randint(10, 500)
        rows.append(
            [
                f"Initiative {number}",
                "Automates part of a recurring task so people can focus on judgement.",
                rng.choice([c.label for c in Category]),
                rng.choice([s.value.upper() for s in Stage]),
                f"Sponsor {number % 17}",
                f"Owner {number % 23}" if number % 5 else "",
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2026",
                "Cases handled per week",
                "cases",
                f"{baseline:,}",
                f"{baseline + rng.randint(1, 300):,}",
                "2027-06-30",
                rng.randint(1, 20),
            ]
        )
    return header, rows


#: The same columns as a PMO heads them, and the words it writes for each stage.
PMO_HEADERS = {
    "Name": "Initiative",
    "Description": "Summary",
    "Category": "Type",
    "Stage": "Status",
    "Sponsor": "Executive sponsor",
    "Accountable": "Project owner",
    "Started": "Start date",
    "Metric": "KPI",
    "Unit": "Units",
    "Baseline": "Current value",
    "Target": "Target value",
    "Due": "Target date",
    "Effort weeks": "Est. effort (weeks)",
}
PMO_STAGE_WORDS = {
    "IDEA": ["Backlog", "Proposed", "Discovery"],
    "PILOT": ["PoC", "Proof of concept", "MVP", "Pilot"],
    "PRODUCTION": ["Live", "Scaling", "Rolled out"],
    "STALLED": ["On hold", "Paused"],
    "KILLED": ["Cancelled", "Retired"],
}


def pmo_rows(
    count: int, seed: int = 11, extra: bool = True
) -> tuple[list[str], list[list[object]]]:
    """``portfolio_rows`` as a PMO keeps the same sheet: its own headers, stage words and
    efforts ("10-12", "~6", "6 wks"); with ``extra``, a business unit and a notes column
    besides (without, the cells are the template's, for a like-for-like comparison)."""
    rng = random.Random(seed)
    header, rows = portfolio_rows(count, seed)
    pmo = [PMO_HEADERS[h] for h in header] + (["Business unit", "Notes"] if extra else [])
    stage, effort = header.index("Stage"), header.index("Effort weeks")
    written = []
    for number, row in enumerate(rows):
        row = list(row)
        row[stage] = rng.choice(PMO_STAGE_WORDS[str(row[stage])])
        weeks = int(row[effort])  # type: ignore[call-overload]
        row[effort] = [f"{weeks}", f"~{weeks}", f"{weeks} wks", f"{weeks}-{weeks + 2}"][number % 4]
        kept = [f"Unit {number % 9}", "Depends on the data platform" * (number % 2)]
        written.append([*row, *kept] if extra else row)
    return pmo, written
