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


# -- many teams, each with its own ideas ---------------------------------------------------------

_VERBS = [
    "drafts",
    "classifies",
    "summarises",
    "routes",
    "predicts",
    "flags",
    "extracts",
    "checks",
    "translates",
    "scores",
    "forecasts",
    "reconciles",
    "matches",
    "answers",
    "schedules",
    "detects",
    "recommends",
    "prioritises",
    "transcribes",
    "validates",
    "compares",
    "tags",
    "monitors",
    "estimates",
    "explains",
    "proposes",
    "retrieves",
    "redacts",
    "groups",
    "ranks",
]
_OBJECTS = [
    "supplier invoices",
    "broker emails",
    "claim photos",
    "call notes",
    "purchase orders",
    "sales contracts",
    "job applications",
    "customer complaints",
    "maintenance logs",
    "shipping manifests",
    "expense reports",
    "loan applications",
    "insurance claims",
    "patient referrals",
    "service tickets",
    "product reviews",
    "tender documents",
    "safety incidents",
    "vendor quotes",
    "credit memos",
    "delivery notes",
    "meter readings",
    "audit findings",
    "policy wordings",
    "board minutes",
    "chat transcripts",
    "warranty claims",
    "fleet telemetry",
    "stock levels",
    "timesheets",
    "bank statements",
    "payroll exceptions",
    "customs declarations",
    "lab results",
    "quality defects",
    "returns requests",
    "price lists",
    "marketing briefs",
    "legal notices",
    "energy bills",
    "site inspections",
    "tax filings",
    "training records",
    "visitor logs",
    "fraud alerts",
    "collection letters",
    "onboarding forms",
    "risk registers",
    "change requests",
    "supplier contracts",
]
_QUALITIES = [
    "overdue",
    "inbound",
    "outbound",
    "disputed",
    "duplicate",
    "urgent",
    "scanned",
    "handwritten",
    "foreign",
    "regional",
    "seasonal",
    "recurring",
    "rejected",
    "pending",
    "archived",
    "incoming",
    "late",
    "partial",
    "unmatched",
    "bulk",
    "priority",
]
_PLACES = [
    "Lisbon",
    "Leeds",
    "Lyon",
    "Lagos",
    "Lima",
    "Oslo",
    "Osaka",
    "Porto",
    "Perth",
    "Pune",
    "Quito",
    "Riga",
    "Rome",
    "Seoul",
    "Sofia",
    "Tunis",
    "Turin",
    "Utrecht",
    "Vienna",
    "Vilnius",
    "Warsaw",
    "Zagreb",
    "Zurich",
    "Bergen",
    "Bilbao",
    "Bremen",
    "Brno",
    "Cork",
    "Cardiff",
    "Dakar",
    "Delft",
    "Dublin",
    "Essen",
    "Espoo",
    "Faro",
    "Gdansk",
    "Genoa",
    "Ghent",
    "Graz",
    "Hanoi",
]
_PURPOSES = [
    "so handlers only check and correct",
    "before the weekly review",
    "to cut the backlog",
    "so nothing urgent waits",
    "with the reason attached",
    "for the month-end close",
    "in under a minute",
    "to spot errors early",
    "so managers see trends",
    "and hands over when unsure",
    "with a confidence score",
    "for the regional teams",
    "against the agreed rules",
    "so the team answers faster",
    "and drafts a reply",
]
_TOOLS = [
    "copilot",
    "assistant",
    "triage",
    "agent",
    "analytics",
    "bot",
    "search",
    "summariser",
    "forecaster",
    "checker",
    "reader",
    "matcher",
    "router",
    "monitor",
    "advisor",
]


def varied_teams(teams: int, initiatives: int, seed: int = 5, reworded: float = 0.05):
    """``teams`` workshops of ``initiatives`` each, with the ideas of ``varied_ideas``."""
    for team, ideas in enumerate(varied_ideas(teams, initiatives, seed, reworded)):
        workshop = synthetic_workshop(initiatives, seed=seed + team)
        workshop.meta.team = f"Team {team + 1}"
        workshop.meta.workshop_id = f"{seed:08x}{team:08x}"
        for initiative, (name, description) in zip(workshop.initiatives, ideas, strict=True):
            initiative.name, initiative.description = name, description
        yield store.revalidate(workshop)


def varied_ideas(
    teams: int, initiatives: int, seed: int = 5, reworded: float = 0.05
) -> list[list[tuple[str, str]]]:
    """Each team's ideas (name, description), worded by the team itself (a system name of its
    own, a place, what it does to what), as a thousand teams would write them; a share
    ``reworded`` are another team's idea in other words (a word dropped, added, moved,
    pluralised or mistyped), the duplicated experimentation a roll-up looks for. Names are
    unique within a team, as a workshop requires."""
    rng = random.Random(seed)
    written: list[tuple[str, str]] = []
    every: list[list[tuple[str, str]]] = []
    for _ in range(teams):
        systems = [_made_up_name(rng) for _ in range(3)]
        taken: set[str] = set()
        ideas = []
        for _ in range(initiatives):
            name, description = _idea(rng, systems, written, reworded)
            while name.casefold() in taken:
                name, description = _idea(rng, systems, written, reworded)
            taken.add(name.casefold())
            written.append((name, description))
            ideas.append((name, description))
        every.append(ideas)
    return every


def _idea(
    rng: random.Random, systems: list[str], written: list[tuple[str, str]], reworded: float
) -> tuple[str, str]:
    if written and rng.random() < reworded:
        name, description = rng.choice(written)
        return _reword(rng, name), _reword(rng, description)
    thing = rng.choice(_OBJECTS)
    name = f"{thing.split()[-1].capitalize()} {rng.choice(_TOOLS)}"
    description = (
        f"{rng.choice(_VERBS).capitalize()} {rng.choice(_QUALITIES)} {thing} from "
        f"{rng.choice(_PLACES)} in {rng.choice(systems)} {rng.choice(_PURPOSES)}."
    )
    return name, description


def _made_up_name(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfghjklmnprstvwz") + rng.choice("aeiou") for _ in range(3)).title()


def _reword(rng: random.Random, text: str) -> str:
    words = text.split()
    for _ in range(rng.randint(1, 3)):
        spot, roll = rng.randrange(len(words)), rng.random()
        if roll < 0.3 and len(words) > 2:
            words.pop(spot)
        elif roll < 0.5:
            words.insert(spot, rng.choice(["the", "all", "new", "each", "our"]))
        elif roll < 0.7:
            words[spot] += "s"
        elif roll < 0.85 and len(words[spot]) > 3:
            letters = list(words[spot])
            i = rng.randrange(len(letters) - 1)
            letters[i], letters[i + 1] = letters[i + 1], letters[i]
            words[spot] = "".join(letters)
        else:
            other = rng.randrange(len(words))
            words[spot], words[other] = words[other], words[spot]
    return " ".join(words)
