"""The shipped example must give every step something real to show."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gaptools.core.model import IN_PLAY, Category, Stage, Workshop
from gaptools.core.resources import (
    EXAMPLE_AFTER,
    EXAMPLE_WORKSHOP,
    data_file,
    example_data,
    load_json,
    overlaid,
)
from gaptools.files.home import example_workshop
from gaptools.steps.bet import MAX_FIRST_CYCLE, bet_name, card, options_considered, stopped_others
from gaptools.steps.ownership import is_owned
from gaptools.steps.readiness import flags
from gaptools.steps.readiness import gaps as readiness_gaps
from gaptools.steps.value import is_deploy_ready, is_vague, value_gaps, value_verdict
from gaptools.steps.voting import (
    cast,
    gut_tally,
    open_voting,
    reset,
    result,
    reveal,
    set_limits,
    set_mode,
)
from gaptools.summaries.status import summary

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


# -- the example as it stands at the end of the workshop ----------------------------------------


@pytest.fixture
def after() -> Workshop:
    """The finished example: what ``gaptools new PATH --example after`` writes."""
    return example_workshop(after=True)


def test_the_finished_example_has_a_complete_commitment_card(after: Workshop) -> None:
    finished = card(after)
    assert finished.parts.keys() >= {"value", "owner", "cycle", "debriefs", "kill", "stopped"}
    assert finished.gaps == []
    assert finished.bet_complete
    assert bet_name(after) == after.bet.initiative


def test_the_finished_bet_is_measured_weekly_and_guarded(after: Workshop) -> None:
    bet = after.initiative(after.bet.initiative or "")
    assert bet is not None
    assert is_deploy_ready(bet.value, after.meta.date)
    assert bet.value.lead_measures
    assert bet.value.guardrail
    assert is_owned(bet)
    assert bet.ownership.accountable in {p.name for p in after.meta.participants}


def test_the_finished_card_follows_the_rules_part_by_part(after: Workshop) -> None:
    """Each part of the card is there for its own reason, not only because the total is."""
    bet, day = after.bet, after.meta.date
    assert bet.first_cycle_end is not None
    assert day < bet.first_cycle_end <= day + MAX_FIRST_CYCLE
    assert bet.debrief_dates
    assert all(day < debrief <= bet.first_cycle_end for debrief in bet.debrief_dates)
    assert bet.kill_criteria
    for name in stopped_others(after):
        stopped = after.initiative(name)
        assert stopped is not None
        assert stopped.stage in {Stage.STALLED, Stage.KILLED}
    assert stopped_others(after)
    chosen = after.initiative(bet.initiative or "")
    assert chosen is not None
    assert bet.readiness_gaps
    assert set(bet.readiness_gaps) <= set(readiness_gaps(chosen))


def test_the_finished_decision_is_recorded(after: Workshop) -> None:
    bet = after.bet
    leaders = {p.name for p in after.meta.participants}
    assert bet.decided_by in leaders
    assert bet.decided_on == after.meta.date
    assert not bet.no_bet_yet
    assert bet.options_considered == options_considered(after)
    assert bet.initiative in bet.options_considered


def test_the_finished_room_answered_every_step_seven_question(after: Workshop) -> None:
    """Each leader defined success and gave a gut check, once, on an initiative in play."""
    leaders = {p.name for p in after.meta.participants}
    assert {d.participant for d in after.success_definitions} == leaders
    assert sorted(g.participant for g in after.gut_checks) == sorted(leaders)
    for check in after.gut_checks:
        named = after.initiative(check.initiative)
        assert named is not None
        assert named.stage in IN_PLAY
    tally = gut_tally(after)
    assert 0 < tally.instant < tally.total  # some hesitation: itself a finding


def test_the_finished_vote_replays_under_the_dot_rules(after: Workshop) -> None:
    """The revealed ballots are ones the rules accept: cast again one by one, by the leaders
    listed as having voted, and revealed, they give the same result."""
    voting = after.voting
    assert voting.phase == "revealed"
    assert voting.mode is not None
    assert set(voting.voted) <= {p.name for p in after.meta.participants}
    assert len(voting.ballots) == len(voting.voted)
    if voting.mode == "anonymous":
        assert all(not b.voter and not b.receipt for b in voting.ballots)
        assert not voting.box
    else:
        assert sorted(b.voter for b in voting.ballots) == sorted(voting.voted)

    replay = after.model_copy(deep=True)
    reset(replay)
    set_mode(replay, voting.mode)
    set_limits(replay, voting.dots_per_leader, voting.max_per_initiative)
    open_voting(replay)
    for voter, ballot in zip(voting.voted, voting.ballots, strict=True):
        cast(replay, ballot.voter or voter, ballot.dots)
    reveal(replay)
    assert replay.voting.voted == voting.voted
    assert result(replay) == result(after)
    outcome = result(after)
    assert outcome is not None
    assert outcome.tally[0][0] == after.bet.initiative


def test_the_finished_status_says_the_bet_is_complete(after: Workshop) -> None:
    figures = summary(after)
    assert figures["bet"] == after.bet.initiative
    assert figures["bet_complete"] is True
    assert figures["votes"] == len(after.voting.ballots)


def test_the_finished_example_stores_only_what_the_workshop_adds() -> None:
    """One source of truth: the overlay names no part of the start it leaves as it was, and
    patches initiatives by id, each with only the fields the room changed."""
    base, overlay = load_json(EXAMPLE_WORKSHOP), load_json(EXAMPLE_AFTER)
    assert {"meta", "settings", "schema_version"}.isdisjoint(overlay)
    by_id = {i["id"]: i for i in base["initiatives"]}
    for patch in overlay["initiatives"]:
        original = by_id[patch["id"]]
        assert "name" not in patch
        for key, value in patch.items():
            if key != "id":
                assert overlaid(original, {key: value})[key] != original[key], key
    for key in set(overlay) - {"initiatives", "_about"}:
        assert overlaid(base, {key: overlay[key]})[key] != base[key]
    assert len(json.dumps(overlay)) < len(json.dumps(base)) / 3


def test_the_finished_example_keeps_the_start_unchanged_elsewhere(
    example: Workshop, after: Workshop
) -> None:
    """Every initiative the overlay does not patch is the starting example's, as is."""
    patched = {patch["id"] for patch in load_json(EXAMPLE_AFTER)["initiatives"]}
    assert [i.id for i in after.initiatives] == [i.id for i in example.initiatives]
    for before, now in zip(example.initiatives, after.initiatives, strict=True):
        if before.id not in patched:
            assert now == before
    assert after.success_definitions == example.success_definitions


def test_overlaid_merges_objects_replaces_lists_and_patches_initiatives_by_id() -> None:
    base = {
        "meta": {"team": "A", "date": "2026-01-01"},
        "gut_checks": [{"id": "g1"}],
        "initiatives": [{"id": "i1", "name": "One", "value": {"unit": "s", "metric": "m"}}],
    }
    frozen = json.dumps(base)
    merged = overlaid(
        base,
        {
            "_about": "not part of a workshop",
            "meta": {"team": "B"},
            "gut_checks": [{"id": "g2"}],
            "initiatives": [{"id": "i1", "value": {"unit": "min"}}],
        },
    )
    assert merged == {
        "meta": {"team": "B", "date": "2026-01-01"},
        "gut_checks": [{"id": "g2"}],
        "initiatives": [{"id": "i1", "name": "One", "value": {"unit": "min", "metric": "m"}}],
    }
    assert json.dumps(base) == frozen  # the base is not changed
    with pytest.raises(ValueError, match="no match"):
        overlaid(base, {"initiatives": [{"id": "absent", "name": "Two"}]})


def test_example_data_is_fresh_each_time() -> None:
    first = example_data(after=True)
    first["bet"]["initiative"] = "changed"
    assert example_data(after=True)["bet"]["initiative"] != "changed"
    assert example_data() == load_json(EXAMPLE_WORKSHOP)


def test_the_single_bet_notebook_tells_the_finished_example_story(after: Workshop) -> None:
    """The worked example in step 7's guide is the card the finished example holds."""
    guide = markdown_of(NOTEBOOKS / "07_single_bet.ipynb")
    bet = after.bet
    assert bet.first_cycle_end is not None
    assert f"{bet.first_cycle_end.day} {bet.first_cycle_end:%b}" in guide
    assert all(f"{d.day}" in guide for d in bet.debrief_dates)
    assert f"votes {after.voting.mode}" in guide
    for name in stopped_others(after):
        assert name.casefold() in guide.casefold()
    for gap in bet.readiness_gaps:
        assert gap.casefold() in guide.casefold()
    outcome = result(after)
    assert outcome is not None
    dots = sum(count for _, count in outcome.tally)
    assert f"{outcome.tally[0][1]} of the {dots} dots" in guide
    assert "--example after" in guide


# -- guidance for both audiences: JupyterLab and Voilà ------------------------------------------

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"

# An instruction to run code, which a viewer of the Voilà page (no code shown) cannot follow.
RUN_INSTRUCTION = re.compile(
    r"shift\s*\+\s*enter|\brun\b[^.;:]{0,20}\bcells?\b|\brun it\b|\bexecute\b", re.IGNORECASE
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z*(>])")


def markdown_of(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def unphrased_run_instructions(text: str) -> list[str]:
    """The sentences of ``text`` that tell the reader to run code without saying it is for
    JupyterLab: on a Voilà page the forms are already there and there is nothing to run."""
    sentences = [
        sentence
        for paragraph in re.split(r"\n\s*\n|\n(?=#)", text)
        for sentence in SENTENCE_END.split(" ".join(paragraph.split()))
    ]
    return [
        sentence
        for sentence in sentences
        if RUN_INSTRUCTION.search(sentence) and "jupyterlab" not in sentence.casefold()
    ]


def test_the_rule_tells_run_instructions_for_both_from_those_for_one() -> None:
    assert unphrased_run_instructions("Run the cell below to show the form.")
    assert unphrased_run_instructions("Press **Shift + Enter**, then type.")
    assert unphrased_run_instructions("Run it, then type into the form.")
    both = "The form is below. (In JupyterLab, show it first: press **Shift + Enter**.)"
    assert unphrased_run_instructions(both) == []
    assert unphrased_run_instructions("Each change is saved when you press Enter.") == []


@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebook_guidance_works_in_jupyterlab_and_in_voila(notebook: Path) -> None:
    """Every instruction to run a cell says it is for JupyterLab, so an executive reading the
    Voilà page, where the forms are already shown, is never asked to do what it cannot."""
    assert unphrased_run_instructions(markdown_of(notebook)) == []


LAB_ONLY = re.compile(r'<span class="gaptools-lab-only">.*?</span>', re.DOTALL)
MENU_PATH = re.compile(r"\b(?:File|Edit|View|Run|Kernel|Tabs|Settings) →")


@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_jupyterlab_menus_are_named_only_where_jupyterlab_shows(notebook: Path) -> None:
    """The room's steps told a facilitator in Voilà to use "File → Close and Shut Down
    Notebook", a menu Voilà has not: a JupyterLab menu is named inside the part Voilà hides,
    or in a sentence that says it is for JupyterLab."""
    shown = LAB_ONLY.sub("", markdown_of(notebook))
    sentences = [s for p in re.split(r"\n\s*\n", shown) for s in SENTENCE_END.split(p)]
    assert [s for s in sentences if MENU_PATH.search(s) and "jupyterlab" not in s.casefold()] == []
