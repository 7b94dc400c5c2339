"""The step registry: the one ordered list of steps that the agenda, status, the missing list,
the report and the notebooks' "Next" links derive from."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from gaptools.core.model import Initiative, Stage, Workshop
from gaptools.files.synthetic import synthetic_workshop
from gaptools.steps import prioritise, readiness, registry
from gaptools.steps.registry import (
    BREAK_AFTER,
    BREAK_KEY,
    FACILITATED,
    KINDS,
    SELF_PACED,
    Figures,
    default_agenda,
    new_workshop,
    next_step,
    notebook_url,
    step,
    steps,
)
from gaptools.summaries.status import summary

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
DAY = dt.date(2026, 11, 18)
STEP_NAME = re.compile(r"\b(\d\d_[a-z_]+)\b")
STEP_TAG = re.compile(r"\(step (\d+)\)$")


def keys() -> list[str]:
    return [s.key for s in steps()]


# -- the list ----------------------------------------------------------------------------------


def test_steps_are_numbered_in_workshop_order() -> None:
    numbers = [s.number for s in steps()]
    assert numbers == sorted(set(numbers))
    for each in steps():
        assert each.key.startswith(f"{each.number:02d}_")
        assert each.title


def test_only_steps_with_a_notebook_are_listed_and_every_step_notebook_is() -> None:
    """A step that does not exist appears nowhere; a step notebook is never left out."""
    companions = {c.key for c in registry.COMPANIONS}
    numbered = sorted(
        p.stem
        for p in NOTEBOOKS.glob("*.ipynb")
        if STEP_NAME.fullmatch(p.stem) and p.stem not in companions
    )
    assert keys() == numbered


def test_every_notebook_is_a_step_or_a_companion_placed_beside_one() -> None:
    found = sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))
    companions = [c.key for c in registry.COMPANIONS]
    assert found == sorted([*keys(), *companions])
    for each in registry.COMPANIONS:
        assert step(each.beside)
        assert each.leads_to is None or step(each.leads_to)
        assert registry.companion(each.key) is each


def test_a_step_is_found_by_number_or_notebook_name() -> None:
    assert step(3) is step("03_define_value")
    assert step(3).title == "Define value: metric, magnitude, date"
    assert step(8) is step("08_lead_the_change")
    with pytest.raises(KeyError, match="no step"):
        step(11)
    with pytest.raises(KeyError):
        step("11_rollup")


def test_next_step_walks_the_list_and_stops_after_the_last() -> None:
    chain = []
    current: registry.Step | None = steps()[0]
    while current is not None:
        chain.append(current.key)
        current = next_step(current.key)
    assert chain == keys()
    assert next_step(keys()[-1]) is None
    assert next_step("07_single_bet") is step("08_lead_the_change")
    assert next_step("08_lead_the_change") is step("09_learning_velocity")
    assert next_step("09_learning_velocity") is step("10_export")


def test_notebook_url_is_the_notebook_beside_the_current_one() -> None:
    for each in steps():
        url = notebook_url(each)
        assert url == f"{each.key}.ipynb"
        assert (NOTEBOOKS / url).is_file()


def test_each_step_has_an_agenda_line_for_every_kind() -> None:
    for each in steps():
        assert set(each.agenda) == set(KINDS), each.key
        for kind in KINDS:
            assert each.agenda[kind].title
            assert each.minutes(kind) == each.agenda[kind].minutes > 0


# -- the agenda of a new workshop ----------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_the_agenda_lists_exactly_the_steps_that_exist(kind: str) -> None:
    agenda = default_agenda(kind)
    assert [item.step for item in agenda if item.step != BREAK_KEY] == keys()
    for item in agenda:
        if item.step != BREAK_KEY:
            line = step(item.step).agenda[kind]
            assert (item.title, item.minutes) == (line.title, line.minutes)


def test_the_facilitated_session_breaks_once_after_ownership_and_fits_a_half_day() -> None:
    agenda = default_agenda(FACILITATED)
    where = [item.step for item in agenda].index(BREAK_KEY)
    assert agenda[where - 1].step == BREAK_AFTER
    assert [item.step for item in agenda].count(BREAK_KEY) == 1
    assert 150 <= sum(item.minutes for item in agenda) <= 210  # three and a half hours at most


def test_the_self_paced_path_has_no_break() -> None:
    assert BREAK_KEY not in [item.step for item in default_agenda(SELF_PACED)]


def test_unknown_agenda_kind_is_refused() -> None:
    with pytest.raises(KeyError, match="weekend_retreat"):
        default_agenda("weekend_retreat")


def test_new_workshop_has_the_registry_agenda() -> None:
    """A new workshop carries the team, the date and the facilitated agenda, nothing else;
    each agenda item has its own id, so it can be removed or moved."""
    workshop = new_workshop(team="Claims", date=DAY)
    assert (workshop.meta.team, workshop.meta.date) == ("Claims", DAY)
    shown = [(i.step, i.title, i.minutes) for i in workshop.meta.agenda]
    assert shown == [(i.step, i.title, i.minutes) for i in default_agenda()]
    assert len({i.id for i in workshop.meta.agenda}) == len(workshop.meta.agenda)
    assert workshop.initiatives == []


def test_new_workshop_defaults_to_today() -> None:
    before = dt.date.today()
    workshop = new_workshop()
    assert before <= workshop.meta.date <= dt.date.today()


# -- status keys and the missing list ------------------------------------------------------------


def test_each_step_adds_the_status_keys_it_declares(example: Workshop) -> None:
    figures = Figures(example)
    declared = [key for each in steps() for key in each.status_keys]
    assert len(declared) == len(set(declared)), "two steps claim the same key"
    for each in steps():
        assert tuple(each.status(figures)) == each.status_keys, each.key


def lacking_everywhere() -> Workshop:
    """A workshop where every step still lacks something."""
    return Workshop.model_validate(
        {
            "meta": {"date": DAY, "participants": [{"name": "Dana"}, {"name": "Priya"}]},
            "initiatives": [
                {"name": "Stuck", "stage": "stalled"},
                {
                    "name": "Risky",
                    "readiness": {"risks": [{"kind": "bias", "likelihood": 5, "impact": 5}]},
                },
            ],
            "success_definitions": [
                {"participant": "Dana", "sentence": "Faster claims.", "lens": "cost"}
            ],
        }
    )


def test_missing_reads_step_by_step_in_order() -> None:
    workshop = lacking_everywhere()
    figures = Figures(workshop)
    per_step = [each.missing(figures) for each in steps()]
    assert registry.missing(workshop) == [gap for gaps in per_step for gap in gaps]
    lacking = [each.number for each, gaps in zip(steps(), per_step, strict=True) if gaps]
    assert lacking == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    tagged = [int(m.group(1)) for gap in registry.missing(workshop) if (m := STEP_TAG.search(gap))]
    assert tagged == sorted(tagged)
    assert set(tagged) == {1, 2, 3, 4, 5, 6, 7, 8, 9}


def test_progress_marks_each_step_done_or_says_what_it_lacks(example: Workshop) -> None:
    figures = Figures(example, as_of=DAY)  # later, the quarter it plans is over
    progress = registry.progress(figures)
    assert [p.step for p in progress] == list(steps())
    for entry in progress:
        assert entry.missing == entry.step.missing(figures)
        assert entry.flags == entry.step.flags(figures)
        assert entry.done is (not entry.missing and not entry.flags)
    done = {p.step.key for p in progress if p.done}
    assert "00_start_here" in done
    assert "07_single_bet" not in done  # the example has no bet yet


def test_a_step_with_nothing_missing_still_flags_what_to_look_at(example: Workshop) -> None:
    """A leader alone read "✓ nothing missing" beside step 4 while it listed two errors,
    beside step 5 never opened, and beside step 10 on a new workshop: the steps' own checks
    are flagged where the workshop lacks nothing."""
    from gaptools.steps import ownership, readiness
    from gaptools.steps.bet import CANVAS_WAITS

    for initiative in example.in_play():  # no one unowned: step 4 lacks nothing
        initiative.ownership.accountable = initiative.ownership.accountable or "Dana Whitfield"
    example.initiatives[0].ownership.raci = {}  # and no letters at all: errors
    lines = {p.step.number: p for p in registry.progress(Figures(example, as_of=DAY))}

    errors = [f for f in ownership.findings(example) if f.severity == "error"]
    assert lines[4].missing == []
    assert len(errors) > 1
    assert lines[4].flags == [f"{len(errors)} errors in the ownership map to resolve"]
    not_started = readiness.not_ready(example)
    assert lines[5].flags == [
        f"{len(not_started)} initiatives with a readiness group not even started"
    ]
    assert lines[10].flags == [CANVAS_WAITS]
    warnings = [f for f in ownership.findings(example) if f.severity == "warning"]
    assert warnings  # an overloaded owner: the step's to weigh, not a flag
    assert ownership.finding_flags(warnings) == []
    assert not any(line.done for n, line in lines.items() if n in (4, 5, 10))

    from tests.support import complete_bet

    assert registry.progress(complete_bet())[10].flags == []


def test_one_ranking_without_stability_serves_every_key_and_line(
    example: Workshop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Status and the missing list share one ranking, and never run the simulation."""
    calls: list[bool] = []
    real = prioritise.rank

    def counting(workshop: Workshop, stability: bool = True, **given: Any) -> prioritise.Ranking:
        calls.append(stability)
        return real(workshop, stability, **given)

    monkeypatch.setattr(prioritise, "rank", counting)
    figures = Figures(example)
    registry.status_facts(figures)
    registry.missing(figures)
    assert calls == [False]


def test_each_initiative_is_scored_for_readiness_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The not-ready count and the ranking both read readiness; status scores each
    initiative once for both."""
    workshop = synthetic_workshop(60)
    scored: Counter[str] = Counter()
    real = readiness.readiness

    def counting(initiative: Initiative) -> readiness.ReadinessScore:
        scored[initiative.id] += 1
        return real(initiative)

    monkeypatch.setattr(readiness, "readiness", counting)
    monkeypatch.setattr(prioritise, "readiness", counting)  # as the ranking names it
    figures = Figures(workshop)
    summary(workshop, figures=figures)
    assert figures.not_ready is not None
    assert figures.ranking.ranked  # some were ranked, and so read their readiness too
    assert set(scored.values()) == {1}
    assert len(scored) == len(workshop.live_initiatives())


def test_readiness_read_through_the_figures_is_the_initiatives_own(example: Workshop) -> None:
    figures = Figures(example)
    for initiative in example.initiatives:
        assert figures.readiness_of(initiative) == readiness.readiness(initiative)
        assert figures.readiness_of(initiative) is figures.readiness_of(initiative)
    assert figures.not_ready == readiness.not_ready(example)
    assert figures.ranking == prioritise.rank(example, stability=False)


# -- the notebooks -------------------------------------------------------------------------------


def markdown(key: str) -> list[str]:
    notebook = json.loads((NOTEBOOKS / f"{key}.ipynb").read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]


def next_mentions(key: str) -> list[list[str]]:
    """The step notebooks named by the play table's Next row and by the "## Next" cell."""
    found = []
    for text in markdown(key):
        for line in text.splitlines():
            if line.startswith("| **Next** |"):
                found.append(STEP_NAME.findall(line))
        if text.startswith("## Next"):
            found.append(STEP_NAME.findall(text))
    return found


@pytest.mark.parametrize("key", keys())
def test_notebooks_name_only_step_notebooks_that_exist(key: str) -> None:
    for text in markdown(key):
        for named in STEP_NAME.findall(text):
            assert named in keys(), f"{key} names {named}, which does not exist"


@pytest.mark.parametrize("key", keys())
def test_each_notebook_next_agrees_with_the_registry(key: str) -> None:
    following = next_step(key)
    mentions = next_mentions(key)
    assert mentions, f"{key} has no Next"
    for named in mentions:
        assert named == ([following.key] if following else []), key


@pytest.mark.parametrize("key", keys())
def test_each_notebook_heading_names_its_step(key: str) -> None:
    heading = markdown(key)[0].splitlines()[0]
    assert heading.startswith("# ")
    assert step(key).title in heading
    if step(key).number:
        assert heading.startswith(f"# Step {step(key).number} · ")


def test_start_notebook_shows_the_facilitated_agenda() -> None:
    row = re.compile(r"^\| (\d+) min \| (.+?) \| (?:`(\w+)`)? ?\|$")
    rows = [
        match.groups()
        for text in markdown("00_start_here")
        for line in text.splitlines()
        if (match := row.match(line))
    ]
    expected = [
        (str(i.minutes), i.title, None if i.step == BREAK_KEY else i.step)
        for i in default_agenda(FACILITATED)
    ]
    assert rows == expected


def test_a_killed_or_production_stage_is_not_in_play(example: Workshop) -> None:
    """The one rule the counts use, read from the model."""
    playing = {i.stage for i in example.in_play()}
    assert playing == {Stage.IDEA, Stage.PILOT, Stage.STALLED}
    assert registry.status_facts(example)["in_play"] == len(example.in_play())


def test_step_one_asks_for_a_stage_where_none_is_given() -> None:
    """The registry reads the rule of step 1: a line for the missing stages, before the
    line for stalled work with no reason."""
    workshop = Workshop.model_validate(
        {
            "meta": {"date": DAY},
            "initiatives": [
                {"name": "Unknown word", "stage": None},
                {"name": "Another", "stage": None},
                {"name": "Stuck", "stage": "stalled"},
                {"name": "Known", "stage": "pilot"},
            ],
        }
    )
    unstaged = [i.name for i in workshop.initiatives if i.stage is None]
    lines = step(1).missing(workshop)
    assert lines[0] == f"{len(unstaged)} initiatives have no stage yet: choose one (step 1)"
    assert lines[1].startswith("1 stalled initiative has no reason given")
    assert lines[0] in registry.missing(workshop)
    assert registry.status_facts(workshop)["by_stage"]["not_given"] == len(unstaged)


def test_step_one_asks_for_no_stage_when_every_stage_is_given(example: Workshop) -> None:
    assert all(i.stage is not None for i in example.initiatives)
    assert not [gap for gap in registry.missing(example) if "no stage yet" in gap]
    assert "not_given" not in registry.status_facts(example)["by_stage"]
