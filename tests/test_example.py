"""The shipped example must give every step something real to show."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys

from gaptools.core.model import Category, Stage, Workshop
from gaptools.core.resources import data_file
from gaptools.steps.ownership import is_owned
from gaptools.steps.readiness import flags
from gaptools.steps.value import is_deploy_ready, is_vague, value_gaps, value_verdict

# The brief's portfolio sheet: `name` required, these recognised.
PORTFOLIO_COLUMNS = [
    "name",
    "description",
    "category",
    "stage",
    "sponsor",
    "accountable",
    "started",
    "metric",
    "unit",
    "baseline",
    "target",
    "due",
    "effort_weeks",
]


def test_example_has_twelve_to_twenty_initiatives(example: Workshop) -> None:
    assert 12 <= len(example.initiatives) <= 20


def test_example_covers_every_category_and_stage(example: Workshop) -> None:
    assert {i.category for i in example.initiatives} == set(Category)
    assert {i.stage for i in example.initiatives} == set(Stage)


def test_example_mixes_deploy_ready_and_explore(example: Workshop) -> None:
    ready = [is_deploy_ready(i.value, example.meta.date) for i in example.initiatives]
    assert any(ready)
    assert not all(ready)


def test_example_has_ownership_gaps_and_stuck_pilots(example: Workshop) -> None:
    unowned = [i for i in example.in_play() if not is_owned(i)]
    assert unowned
    two_accountable = [
        i for i in example.initiatives if list(i.ownership.raci.values()).count("A") > 1
    ]
    assert two_accountable
    stalled = [i for i in example.initiatives if i.stage is Stage.STALLED]
    assert stalled
    assert all(i.stall_reason is not None for i in stalled)
    quarter_ago = example.meta.date - dt.timedelta(weeks=12)
    old_pilots = [
        i
        for i in example.initiatives
        if i.stage is Stage.PILOT and i.started is not None and i.started < quarter_ago
    ]
    assert len(old_pilots) >= 2


def test_example_shows_the_honest_verdicts(example: Workshop) -> None:
    """A vague metric with no unit, an agent that acts without a way back, and production
    initiatives that are never 'to explore': each rule has something to say in the example."""
    day = example.meta.date
    vague = [i for i in example.in_play() if is_vague(i.value.metric) and not i.value.unit.strip()]
    assert vague
    for initiative in vague:
        assert value_verdict(initiative, day) == "explore"
        assert any("is not measurable yet" in gap for gap in value_gaps(initiative.value, day))
    assert any(f.rule == "agent-no-escalation" for f in flags(example))
    production = [i for i in example.initiatives if i.stage is Stage.PRODUCTION]
    assert production
    assert all(value_verdict(i, day) == "in production" for i in production)


def test_example_has_a_room_of_leaders(example: Workshop) -> None:
    assert len(example.meta.participants) >= 4
    assert example.meta.team
    assert example.meta.facilitator
    assert len(example.success_definitions) >= 4


def test_portfolio_template_has_the_brief_columns_and_two_rows() -> None:
    with data_file("templates/portfolio.csv").open(newline="", encoding="utf-8") as sheet:
        rows = list(csv.reader(sheet))
    assert rows[0] == PORTFOLIO_COLUMNS
    assert len(rows) == 3
    assert all(len(row) == len(PORTFOLIO_COLUMNS) and row[0] for row in rows[1:])


def test_rules_and_store_import_no_widgets_or_charts() -> None:
    """The functional core must load where ipywidgets, matplotlib and pandas are absent."""
    probe = (
        "import sys\n"
        "import gaptools.core.model, gaptools.files.store, gaptools.summaries.status\n"
        "import gaptools.files.home, gaptools.core.schema\n"
        "heavy = {'ipywidgets', 'matplotlib', 'pandas'} & set(sys.modules)\n"
        "print(sorted(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
