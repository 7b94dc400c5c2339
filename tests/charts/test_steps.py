"""Each step's SVG charts, drawn from the model: what each one says follows the step's rules,
and the module stays light enough to redraw on every keystroke (no matplotlib, no widgets)."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass

import pytest

from gaptools.charts import steps
from gaptools.core.model import Lens, Stage, Workshop
from gaptools.steps.contested import lens_spread
from gaptools.steps.ownership import load
from gaptools.steps.portfolio import diagnose, in_purgatory
from gaptools.steps.prioritise import rank
from gaptools.steps.registry import new_workshop
from gaptools.steps.voting import cast, open_voting, record_gut_check, result, reveal, set_mode


@dataclass(frozen=True)
class Row:
    title: str  # "full label: value text"
    value: str
    patterned: bool  # a second rect filled with a hatch or dots pattern


@dataclass(frozen=True)
class Chart:
    title: str
    rows: list[Row]
    notes: list[str]  # the empty text, or the captions under the drawing
    lines: int  # dashed markers
    filled: dict[str, bool]  # scatter points: name -> filled


def charts(markup: str) -> list[Chart]:
    """Every chart in the markup, read as XML (so it is also proof it is well formed)."""
    found = []
    for div in ET.fromstring(f"<root>{markup}</root>").findall("div"):
        rows = [
            Row(
                g.findtext("title") or "",
                g.findall("text")[-1].text or "",
                any(r.get("fill", "").startswith("url(") for r in g.findall("rect")),
            )
            for g in div.iter("g")
        ]
        found.append(
            Chart(
                div.findtext("h4") or "",
                rows,
                [p.text or "" for p in div.findall("p")],
                sum(bool(line.get("stroke-dasharray")) for line in div.iter("line")),
                {c.findtext("title"): c.get("fill") != "white" for c in div.iter("circle")},
            )
        )
    return found


def row(chart: Chart, label: str) -> Row:
    [match] = [r for r in chart.rows if r.title.startswith(f"{label}: ")]
    return match


def test_importing_the_step_charts_loads_neither_matplotlib_nor_widgets() -> None:
    """The forms redraw these on every edit and the report draws them in a CLI run."""
    code = (
        "import sys\n"
        "import gaptools.charts.steps\n"
        "print([m for m in ('matplotlib', 'ipywidgets') if m in sys.modules])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# Step 1: portfolio


def test_stage_funnel_counts_every_stage(example: Workshop) -> None:
    funnel = charts(steps.portfolio_charts(diagnose(example)))[0]
    assert str(len(example.initiatives)) in funnel.title
    counts = Counter(i.stage for i in example.initiatives)
    assert [r.title for r in funnel.rows] == [f"{s.label}: {counts[s]}" for s in Stage]


def test_stalled_and_killed_stages_are_patterned_not_only_coloured(example: Workshop) -> None:
    funnel = charts(steps.portfolio_charts(diagnose(example)))[0]
    patterned = {r.title.split(":")[0] for r in funnel.rows if r.patterned}
    assert patterned == {Stage.STALLED.label, Stage.KILLED.label}


def unstaged(example: Workshop, count: int) -> Workshop:
    """The example with the stage of its first ``count`` initiatives not given."""
    for initiative in example.initiatives[:count]:
        initiative.stage = None
    return example


@pytest.mark.parametrize("count", [1, 3])
def test_stage_funnel_adds_a_stage_not_given_bar_after_the_stages(
    example: Workshop, count: int
) -> None:
    workshop = unstaged(example, count)
    funnel = charts(steps.portfolio_charts(diagnose(workshop)))[0]
    counts = Counter(i.stage for i in workshop.initiatives)
    assert [r.title for r in funnel.rows] == [
        *[f"{s.label}: {counts[s]}" for s in Stage],
        f"Stage not given: {count}",
    ]
    assert row(funnel, "Stage not given").patterned  # not told apart by colour alone
    assert sum(int(r.value) for r in funnel.rows) == len(workshop.initiatives)


def test_stage_funnel_has_no_stage_not_given_bar_when_every_stage_is_given(
    example: Workshop,
) -> None:
    funnel = charts(steps.portfolio_charts(diagnose(example)))[0]
    assert not [r for r in funnel.rows if r.title.startswith("Stage not given")]


def test_pilot_ages_name_each_pilot_and_mark_the_stuck_ones(example: Workshop) -> None:
    """Stuck follows the purgatory rule: a pilot older than the threshold, undecided."""
    ages = charts(steps.portfolio_charts(diagnose(example)))[1]
    on, threshold = example.meta.date, example.settings.purgatory_weeks
    started = [i for i in example.initiatives if i.stage is Stage.PILOT and i.started]
    assert len(ages.rows) == len(started)
    for pilot in started:
        shown = row(ages, pilot.name)
        weeks = (on - pilot.started).days / 7
        assert shown.value.startswith(f"{weeks:.0f} wk")
        stuck = in_purgatory(pilot, on, threshold)
        assert ("stuck" in shown.value) is stuck
        assert shown.patterned is stuck
    assert ages.lines == 1
    assert any(str(threshold) in note for note in ages.notes)


def test_pilot_ages_are_oldest_first(example: Workshop) -> None:
    ages = charts(steps.portfolio_charts(diagnose(example)))[1]
    weeks = [float(r.value.split()[0]) for r in ages.rows]
    assert weeks == sorted(weeks, reverse=True)


def test_many_pilots_show_the_oldest_and_say_how_many_more(example: Workshop) -> None:
    """A big portfolio would make a chart taller than the screen: the rest are counted."""
    pilot = next(i for i in example.initiatives if i.stage is Stage.PILOT and i.started)
    extra = steps.MAX_PILOT_BARS + 5
    example.initiatives += [pilot.model_copy(update={"name": f"Pilot {n}"}) for n in range(extra)]
    diagnosis = diagnose(example)
    ages = charts(steps.portfolio_charts(diagnosis))[1]
    assert len(ages.rows) == steps.MAX_PILOT_BARS
    more = len(diagnosis.pilot_ages) - steps.MAX_PILOT_BARS
    assert any(f"{more} more" in note for note in ages.notes)


def test_stall_reasons_count_each_stalled_initiative(example: Workshop) -> None:
    reasons = charts(steps.portfolio_charts(diagnose(example)))[2]
    stalled = Counter(
        i.stall_reason.label if i.stall_reason else "Reason not given"
        for i in example.initiatives
        if i.stage is Stage.STALLED
    )
    assert stalled
    assert sorted(r.title for r in reasons.rows) == sorted(
        f"{label}: {n}" for label, n in stalled.items()
    )


def test_an_empty_workshop_says_so_in_words() -> None:
    ages, reasons = charts(steps.portfolio_charts(diagnose(new_workshop())))[1:]
    assert ages.rows == []
    assert reasons.rows == []
    assert ages.notes == ["No running pilot has a start date."]
    assert reasons.notes == ["Nothing is stalled."]


def test_an_empty_portfolio_says_no_initiatives_yet() -> None:
    funnel = charts(steps.portfolio_charts(diagnose(new_workshop())))[0]
    assert funnel.notes == ["No initiatives yet."]


# Step 2: what success means


def test_lens_chart_counts_definitions_and_patterns_the_leading_lens(example: Workshop) -> None:
    definitions = example.success_definitions
    chart = charts(steps.lens_chart(lens_spread(example)))[0]
    counts = Counter(d.lens for d in definitions)
    most = max(counts.values())
    for lens in Lens:
        shown = row(chart, lens.label)
        assert shown.value.startswith(str(counts[lens]))
        assert shown.patterned is (counts[lens] == most)
    assert f"({most / len(definitions):.0%})" in row(chart, counts.most_common(1)[0][0].label).value


def test_lens_chart_without_definitions_leads_with_nothing() -> None:
    """With no definitions no lens leads, so none is patterned (the forms and the report
    show this chart only once there are definitions)."""
    chart = charts(steps.lens_chart(lens_spread(new_workshop())))[0]
    assert [r.title for r in chart.rows] == [f"{lens.label}: 0" for lens in Lens]
    assert not any(r.patterned for r in chart.rows)


# Step 4: ownership


def test_load_charts_count_what_each_person_and_function_answers_for(example: Workshop) -> None:
    people, functions = charts(steps.load_charts(example))
    live = example.live_initiatives()
    named = Counter(i.ownership.accountable for i in live if i.ownership.accountable)
    assert sorted(r.title.split(":")[0] for r in people.rows) == sorted(named)
    for person, n in named.items():
        assert row(people, person).value.split()[0] == str(n)
    a_marks = Counter(f for i in live for f, letter in i.ownership.raci.items() if letter == "A")
    for function, n in a_marks.items():
        assert row(functions, function).value.split()[0] == str(n)
    assert people.lines == functions.lines == 1


def test_load_charts_flag_overload_above_the_threshold(example: Workshop) -> None:
    """Overloaded means more than the threshold, shown in words and pattern, not colour alone."""
    example.settings.overload_threshold = 1
    people, functions = charts(steps.load_charts(example))
    person_load, function_load = load(example)
    for chart, counts in ((people, person_load), (functions, function_load)):
        assert any(n > 1 for n in counts.values())
        for who, n in counts.items():
            shown = row(chart, who)
            assert ("overloaded" in shown.value) is (n > 1)
            assert shown.patterned is (n > 1)
        assert any("above 1" in note for note in chart.notes)


def test_load_charts_with_nobody_named() -> None:
    people, functions = charts(steps.load_charts(new_workshop()))
    assert people.rows == functions.rows == []
    assert people.notes == ["Nobody is named yet."]
    assert functions.notes == ["No function holds an A."]


# Step 6: priorities


def test_value_effort_names_each_ranked_initiative_and_fills_those_above(
    example: Workshop,
) -> None:
    ranking = rank(example, stability=False)
    [chart] = charts(steps.value_effort(ranking, example))
    assert ranking.above
    assert ranking.below
    assert chart.filled == {s.name: bool(s.above) for s in ranking.ranked}


# Step 7: gut check and dots


@pytest.fixture
def voted(example: Workshop) -> Workshop:
    """Every leader gives a gut check and a ballot; the vote is revealed."""
    live = [i.name for i in example.live_initiatives()][:3]
    set_mode(example, "named")
    open_voting(example)
    for n, person in enumerate(example.meta.participants):
        record_gut_check(example, person.name, live[n % 2], instantly=n % 3 != 0)
        cast(example, person.name, {live[n % 3]: 2, live[(n + 1) % 3]: 1})
    reveal(example)
    return example


def test_gut_chart_shows_who_named_which_bet(voted: Workshop) -> None:
    [chart] = charts(steps.gut_chart(voted))
    picks: dict[str, list[str]] = {}
    for check in voted.gut_checks:
        picks.setdefault(check.initiative, []).append(check.participant)
    assert len(chart.rows) == len(picks)
    for name, people in picks.items():
        shown = row(chart, name)
        assert shown.value.startswith(str(len(people)))
        for person in people:
            assert person in shown.value
    sizes = [int(r.value.split()[0]) for r in chart.rows]
    assert sizes == sorted(sizes, reverse=True)


def test_gut_chart_without_gut_checks(example: Workshop) -> None:
    [chart] = charts(steps.gut_chart(example))
    assert chart.rows == []
    assert chart.notes == ["No gut checks yet."]


def test_dots_chart_follows_the_tally_and_patterns_the_leader(voted: Workshop) -> None:
    outcome = result(voted)
    assert outcome is not None
    [chart] = charts(steps.dots_chart(outcome))
    assert str(len(voted.voting.ballots)) in chart.title
    dots: Counter[str] = Counter()
    for ballot in voted.voting.ballots:
        dots.update(ballot.dots)
    assert [r.title.split(":")[0] for r in chart.rows] == [name for name, _ in outcome.tally]
    for name, n in dots.items():
        assert row(chart, name).value == f"{n} dot{'s' if n != 1 else ''}"
    most = max(dots.values())
    assert [r.patterned for r in chart.rows] == [n == most for _, n in outcome.tally]


def test_dots_chart_patterns_every_initiative_tied_for_the_lead(example: Workshop) -> None:
    first, second = [i.name for i in example.live_initiatives()][:2]
    set_mode(example, "named")
    open_voting(example)
    cast(example, example.meta.participants[0].name, {first: 1, second: 1})
    reveal(example)
    [chart] = charts(steps.dots_chart(result(example)))
    assert [r.patterned for r in chart.rows] == [True, True]


def test_dots_chart_title_with_one_ballot(example: Workshop) -> None:
    name = example.live_initiatives()[0].name
    set_mode(example, "named")
    open_voting(example)
    cast(example, example.meta.participants[0].name, {name: 1})
    reveal(example)
    [chart] = charts(steps.dots_chart(result(example)))
    assert "1 ballots" not in chart.title


def test_a_gut_check_by_a_long_name_keeps_the_others(voted: Workshop) -> None:
    """Four leaders named one bet, the first with a long name: the bar's text read
    "4 · Maximiliane-Annelies…", and three of the four were not on the page. Too long, the
    names are given by first names, then the first few and how many more."""
    from gaptools.core.model import name_key

    top = max(
        {c.initiative for c in voted.gut_checks},
        key=lambda n: sum(c.initiative == n for c in voted.gut_checks),
    )
    pickers = [c for c in voted.gut_checks if c.initiative == top]
    assert len(pickers) >= 3
    old = pickers[0].participant
    long = "Maximiliane-Anneliese Müller-Lüdenscheidt von Hohenzollern-Sigmaringen"
    for person in voted.meta.participants:
        if name_key(person.name) == name_key(old):
            person.name = long
    pickers[0].participant = long
    shown = row(charts(steps.gut_chart(voted))[0], top).value
    assert shown.startswith(f"{len(pickers)} · Maximiliane-Anneliese")
    assert "…" not in shown
    others = [c.participant.split()[0] for c in pickers[1:]]
    named = [first for first in others if first in shown]
    assert named == others or shown.endswith(f"and {len(others) - len(named)} more")
