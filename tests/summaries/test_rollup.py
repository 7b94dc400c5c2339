"""The roll-up's rules: each team's row is that team's own status, duplicates are found on
reworded ideas and not on ideas that merely share a word, and a hostile folder is reported."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import os
from pathlib import Path

import pytest

from gaptools.cli import main
from gaptools.core.errors import WorkshopError
from gaptools.core.model import Initiative, Workshop
from gaptools.core.quarter import planned_quarter
from gaptools.export.rollup import find_workshops, rollup, rollup_sources, to_csv
from gaptools.files import store
from gaptools.files.home import example_workshop
from gaptools.files.synthetic import varied_teams
from gaptools.steps.registry import new_workshop
from gaptools.summaries import rollup as rollup_rules
from gaptools.summaries.rollup import (
    Rollup,
    duplicates,
    idea_text,
    name_key_of,
    score_label,
    search_duplicates,
    similarity,
    team_label,
    team_row,
)
from gaptools.summaries.status import summary
from tests.support import another_team, commit, written


def _teams(folder: Path) -> list[Path]:
    start = another_team(example_workshop(), "Claims")
    after = another_team(example_workshop(after=True), "Operations")
    after.meta.organisation = "Harbourline"
    empty = another_team(example_workshop(), "Empty")
    empty.initiatives = []
    (folder / "sub" / "deeper").mkdir(parents=True)
    return [
        written(start, folder / "claims.json"),
        written(after, folder / "sub" / "ops.json"),
        written(empty, folder / "sub" / "deeper" / "empty.json"),
    ]


def _status(path: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    capsys.readouterr()
    assert main(["status", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_every_row_carries_the_teams_own_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = _teams(tmp_path)
    found, skipped = find_workshops([tmp_path])
    assert sorted(found) == sorted(paths)
    assert skipped == []
    result = rollup(found, as_of=dt.date.today())
    assert len(result.teams) == 3
    for row in result.teams:
        status = _status(Path(row["file"]), capsys)
        for key, value in status.items():
            assert row[key] == value, key
        workshop = store.load(row["file"])
        assert row["organisation"] == workshop.meta.organisation
        assert row["date"] == workshop.meta.date.isoformat()
        in_play = status["in_play"]
        expected = round(status["deploy_ready"] / in_play, 4) if in_play else None
        assert row["deploy_ready_share"] == expected
    totals = result.totals
    assert totals["teams"] == 3
    assert totals["in_play"] == sum(r["in_play"] for r in result.teams)
    assert totals["deploy_ready"] == sum(r["deploy_ready"] for r in result.teams)


def test_a_copy_of_a_workshop_is_counted_once(tmp_path: Path) -> None:
    """A copy kept beside a team's file, or a leader's own copy sent back, shares its id:
    the team is counted once, and the other is passed over with the name of the counted one.
    A file from before ids were given is known by its organisation, team and date."""
    paths = _teams(tmp_path)
    once = rollup(paths)
    copy = written(store.load(paths[0]), tmp_path / "claims (copy).json")
    old = store.load(paths[1])
    old.meta.workshop_id = ""
    older = [written(old, tmp_path / "sub" / "ops-old-a.json")]
    older.append(written(old, tmp_path / "sub" / "ops-old-b.json"))
    found, skipped = find_workshops([tmp_path])
    assert skipped == []
    twice = rollup(found, skipped=skipped)
    assert len(twice.teams) == len(once.teams) + 1  # the id-less file is a workshop of its own
    assert twice.totals["initiatives"] == once.totals["initiatives"] + len(old.initiatives)
    # The same figures: the file not named as a copy counts, else the first read.
    for first, second in ([paths[0], copy], sorted(older, key=found.index)):
        (passed,) = [s for s in twice.skipped if s["file"] == str(second)]
        assert passed["reason"].startswith(f"a copy of {first} with the same figures")
        assert str(first) in {row["file"] for row in twice.teams}
    assert len(twice.skipped) == 2


def _filed(workshop: Workshop, path: Path) -> Path:
    """``workshop`` saved at ``path``, its folder made first: a team's folder in the office's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return written(workshop, path)


def _changed(path: Path, when: dt.datetime) -> int:
    """Give ``path`` the modification time ``when``; its nanoseconds."""
    stamp = int(when.timestamp()) * 10**9
    os.utime(path, ns=(stamp, stamp))
    return stamp


def test_the_copy_changed_last_is_counted_not_the_first_by_name(tmp_path: Path) -> None:
    """A leader's copy from before the vote, kept in ``archive/``, comes first by name; the
    team's own file, changed since, is the one counted, and the copy passed over says it is
    older and when each was last changed."""
    team = another_team(example_workshop(after=True), "Claims")
    current = _filed(team, tmp_path / "claims" / "workshop.json")
    team.bet.initiative = None
    stale = _filed(team, tmp_path / "archive" / "copy-before-vote.json")
    _changed(stale, dt.datetime(2027, 1, 5, 9, 30))
    _changed(current, dt.datetime(2027, 1, 12, 16, 45))
    found, skipped = find_workshops([tmp_path])
    assert found == [stale, current]
    result = rollup(found, skipped=skipped)
    assert [row["file"] for row in result.teams] == [str(current)]
    assert result.without_bet == []
    (passed,) = result.skipped
    assert passed["file"] == str(stale)
    assert passed["reason"].startswith(f"an older copy of {current} (one workshop id)")
    assert (
        "this file was last changed 2027-01-05 09:30, that one 2027-01-12 16:45"
        in (passed["reason"])
    )
    _changed(stale, dt.datetime(2027, 1, 20, 8, 0))  # the copy changed last counts, wherever
    assert [row["file"] for row in rollup(found).teams] == [str(stale)]


def test_an_untouched_copy_of_the_example_never_stands_for_the_team(tmp_path: Path) -> None:
    """On a hub with one shared folder, each person who opens a notebook gets a copy of the
    example, with the example's workshop id. One opened after the team's last save was the
    newest copy: it was counted, and the team's own file was passed over as "older"."""
    from gaptools.core.resources import EXAMPLE_WORKSHOP, data_file

    shipped = data_file(EXAMPLE_WORKSHOP).read_bytes()
    team = example_workshop()  # a team that began on the example's file, named in step 0
    team.meta.team = "Claims leadership"
    team.bet.initiative = team.initiatives[0].name
    worked = _filed(team, tmp_path / "team" / "fac" / "example-workshop.json")
    looked = []
    for person in ("dana", "office"):
        copy = tmp_path / "team" / person / "example-workshop.json"
        copy.parent.mkdir(parents=True)
        copy.write_bytes(shipped)
        looked.append(copy)
    _changed(looked[0], dt.datetime(2027, 1, 12, 9, 0))
    _changed(worked, dt.datetime(2027, 1, 12, 10, 0))
    _changed(looked[1], dt.datetime(2027, 1, 12, 11, 0))
    found, skipped = find_workshops([tmp_path])
    result = rollup(found, skipped=skipped)
    assert [row["file"] for row in result.teams] == [str(worked)]
    assert result.without_bet == []
    reasons = {Path(one["file"]): one["reason"] for one in result.skipped}
    assert reasons == {copy: rollup_rules.UNTOUCHED_EXAMPLE for copy in looked}


def test_an_older_copy_is_said_to_be_older_than_the_copy_whose_figures_count(
    tmp_path: Path,
) -> None:
    """The team's file, then an archived copy, then the team's JSON export (the same bytes
    as its file) were changed in turn. The file is counted, with the export's figures; the
    archive was said to be older than the file, though the file was changed before it."""
    team = another_team(example_workshop(after=True), "Claims")
    current = _filed(team, tmp_path / "claims" / "a-workshop.json")
    export = _filed(team, tmp_path / "claims" / "b-export.json")
    team.bet.initiative = None
    stale = _filed(team, tmp_path / "claims" / "archive.json")
    _changed(current, dt.datetime(2027, 1, 12, 9, 0))
    _changed(stale, dt.datetime(2027, 1, 12, 10, 0))
    _changed(export, dt.datetime(2027, 1, 12, 11, 0))
    result = rollup([current, export, stale])
    assert [row["file"] for row in result.teams] == [str(current)]
    [reason] = [one["reason"] for one in result.skipped if one["file"] == str(stale)]
    assert (
        f"this file was last changed 2027-01-12 10:00, {export}, which has the same figures "
        "as that one, 2027-01-12 11:00" in reason
    )


def test_copies_changed_at_once_are_chosen_by_path_whatever_the_order_read(
    tmp_path: Path,
) -> None:
    team = another_team(example_workshop(after=True), "Claims")
    one = _filed(team, tmp_path / "a" / "workshop.json")
    team.bet.initiative = None
    other = _filed(team, tmp_path / "b" / "workshop.json")
    at = dt.datetime(2027, 1, 12, 16, 45)
    _changed(one, at)
    _changed(other, at)
    for order in ([one, other], [other, one]):
        result = rollup(order)
        assert [row["file"] for row in result.teams] == [str(one)]
        (passed,) = result.skipped
        assert "changed at the same time (2027-01-12 16:45:00)" in passed["reason"]


def test_two_teams_that_filled_in_one_template_are_two_teams(tmp_path: Path) -> None:
    """The office hands out one ``gaptools new`` file; HR and Legal each fill in a copy. Both
    are teams, counted; a note on each names the other and says they share one workshop id,
    and the words about a leader's own copy are said of neither."""
    template = new_workshop()
    files = []
    for team, idea in (("HR leadership", "CV screening"), ("Legal leadership", "Contract review")):
        filled = template.model_copy(deep=True)
        filled.meta.team = team
        filled.initiatives = [Initiative(name=idea)]
        files.append(_filed(filled, tmp_path / team.split()[0].lower() / "workshop.json"))
    result = rollup(files)
    assert [row["team"] for row in result.teams] == ["HR leadership", "Legal leadership"]
    assert result.totals["initiatives"] == 2
    assert result.skipped == []
    hr, legal = result.notes
    assert hr["file"] == str(files[0])
    assert f"Legal leadership ({files[1]})" in hr["note"]
    assert f"HR leadership ({files[0]})" in legal["note"]
    assert "shares one workshop id" in hr["note"]
    assert "leader's own copy" not in json.dumps(result.as_json())


def test_one_id_under_two_names_in_two_quarters_may_be_a_team_renamed(tmp_path: Path) -> None:
    """HR Operations copied its workshop by hand for the next quarter and renamed itself
    People & Culture: both files were counted, each with a note that "the teams filled in
    copies of one file", which they had not."""
    last = another_team(example_workshop(), "HR Operations")
    renamed = last.model_copy(deep=True)
    renamed.meta.team = "People & Culture"
    renamed.meta.date = last.meta.date + dt.timedelta(days=100)
    files = [
        _filed(last, tmp_path / "hr" / "hr-q1.json"),
        _filed(renamed, tmp_path / "hr" / "people-q2.json"),
    ]
    result = rollup(files)
    quarters = {row["team"]: row["quarter"] for row in result.teams}
    assert quarters["HR Operations"] != quarters["People & Culture"]
    old, new = result.notes
    assert f"People & Culture, for {quarters['People & Culture']} ({files[1]})" in old["note"]
    assert f"HR Operations, for {quarters['HR Operations']} ({files[0]})" in new["note"]
    for note in (old, new):
        assert "if one team was renamed, move the earlier quarter's file out" in note["note"]
        assert "filled in copies of one file" not in note["note"]


def test_an_unnamed_team_is_named_by_its_folder_and_file(tmp_path: Path) -> None:
    """Every team's file may be ``workshop.json``: its name alone says which team nothing."""
    unnamed = another_team(example_workshop(), "")
    unnamed.bet.initiative = None
    path = _filed(unnamed, tmp_path / "newteam" / "workshop.json")
    result = rollup([path])
    assert result.without_bet == ["newteam/workshop.json"]
    assert team_label({"team": "", "file": "workshop.json"}) == "workshop.json"
    assert team_label({"team": "Claims", "file": str(path)}) == "Claims"


def test_the_rows_own_facts(tmp_path: Path) -> None:
    after = example_workshop(after=True)
    row = team_row(after, tmp_path / "a.json", dt.date.today())
    assert row["first_cycle_end"] == after.bet.first_cycle_end.isoformat()
    assert set(row["maturity_medians"]) >= {"governance", "delivery"}
    assert row["pulse_favourable"] is not None  # the example's pulse meets its minimum
    start = example_workshop()
    start.pulse.answers = start.pulse.answers[: start.settings.pulse_minimum - 1]
    assert team_row(start, "s.json")["pulse_favourable"] is None
    assert sum(row["stalled_by_reason"].values()) == row["by_stage"].get("stalled", 0)


def test_a_teams_first_cycle_is_rolled_up_from_the_day_it_starts(tmp_path: Path) -> None:
    """The roll-up gave a cycle's end only: a team starting with the quarter, weeks after
    its workshop, looked as if its cycle were longer than the six weeks it is."""
    workshop = commit(example_workshop())
    decided = workshop.bet.decided_on
    assert team_row(workshop, "a.json")["first_cycle_start"] == decided.isoformat()
    workshop.bet.first_cycle_start = decided + dt.timedelta(days=10)
    row = team_row(workshop, "a.json")
    assert row["first_cycle_start"] == (decided + dt.timedelta(days=10)).isoformat()
    [sheet_row] = csv.DictReader(io.StringIO(to_csv(Rollup(teams=[row])).decode("utf-8-sig")))
    assert sheet_row["First cycle starts"] == row["first_cycle_start"]
    assert team_row(example_workshop(), "b.json")["first_cycle_start"] is None  # no bet yet


def test_a_decision_typed_for_a_later_day_is_not_yet_one_of_the_quarter(tmp_path: Path) -> None:
    """The example's kill of 6 Nov 2026, moved to 20 Dec: on 30 Nov the quarter has one
    decision fewer; on 20 Dec it is back. Counted by hand from the example's log."""
    workshop = example_workshop()
    decided = [c for i in workshop.initiatives for c in i.cycles if c.decided_on is not None]
    in_q4 = [c for c in decided if dt.date(2026, 10, 1) <= c.decided_on <= dt.date(2026, 11, 30)]
    killed = next(c for c in in_q4 if c.decision is not None and c.decision.value == "kill")
    killed.decided_on = dt.date(2026, 12, 20)
    before = team_row(workshop, tmp_path / "a.json", dt.date(2026, 11, 30))
    assert before["decisions_this_quarter"] == len(in_q4) - 1
    on_the_day = team_row(workshop, tmp_path / "a.json", dt.date(2026, 12, 20))
    assert on_the_day["decisions_this_quarter"] == len(in_q4)


def test_teams_without_a_bet_and_people_accountable_across_teams(tmp_path: Path) -> None:
    paths = _teams(tmp_path)
    result = rollup(paths)
    assert "Claims" in result.without_bet
    assert "Operations" not in result.without_bet
    shared = {a["name"] for a in result.accountable_people}
    owners = {i.ownership.accountable for i in store.load(paths[0]).initiatives} - {""}
    assert owners
    assert owners <= shared
    assert all(len(a["files"]) >= 2 for a in result.accountable_people)


def test_a_bet_killed_since_it_was_chosen_is_not_counted_as_a_teams_bet(tmp_path: Path) -> None:
    """'1 team: 1 with a bet' for a team whose learning log had killed its bet."""
    from gaptools.core.model import Cycle, CycleDecision
    from gaptools.export.rollup import _table_value

    workshop = another_team(example_workshop(), "Claims")
    bet = workshop.in_play()[0]
    workshop.bet.initiative = bet.name
    bet.cycles.append(
        Cycle(start=workshop.meta.date, decision=CycleDecision.KILL, decided_on=workshop.meta.date)
    )
    result = rollup([written(workshop, tmp_path / "claims.json")])
    assert result.totals["with_bet"] == 0
    assert result.without_bet == ["Claims"]
    [row] = result.teams
    assert _table_value(row, "bet") == f"{bet.name} (killed since it was chosen)"


def test_a_person_written_with_and_without_accents_is_one_person(tmp_path: Path) -> None:
    """One team wrote "Zoe Angstrom", two "Zoë Ångström": the office saw her accountable in
    two teams and missed the third. Names are matched as they read without accents, and
    both spellings are shown."""
    paths = []
    for team, spelled in (
        ("Sales", "Zoë Ångström"),
        ("Ops", "zoë ångström"),
        ("HR", "Zoe Angstrom"),
    ):
        workshop = another_team(example_workshop(), team)
        workshop.initiatives[0].ownership.accountable = spelled
        paths.append(written(workshop, tmp_path / f"{team}.json"))
    [zoe] = [a for a in rollup(paths).accountable_people if "ngstr" in a["name"]]
    assert sorted(zoe["teams"]) == ["HR", "Ops", "Sales"]
    assert zoe["name"] == "Zoe Angstrom / Zoë Ångström"


REWORDED = [
    (
        ("Claims intake copilot", "Reads incoming claim forms and fills in the claim record."),
        ("Copilot for claims intake", "Reads the incoming claim forms and fills the claim record."),
    ),
    (
        ("Invoice matching bot", "Matches supplier invoices to purchase orders automatically."),
        (
            "Automatic invoice matching",
            "Matches supplier invoices to purchase orders automatically.",
        ),
    ),
]
DIFFERENT = [
    (
        ("Claims intake copilot", "Reads incoming claim forms and fills in the claim record."),
        ("Claims fraud scoring", "Scores each settled claim for signs of organised fraud."),
    ),
    (
        ("Invoice matching bot", "Matches supplier invoices to purchase orders automatically."),
        ("Invoice dispute chatbot", "Answers customers who question a charge on their bill."),
    ),
]


@pytest.mark.parametrize(("one", "other"), REWORDED)
def test_the_same_idea_reworded_scores_above_the_threshold(one, other) -> None:
    assert similarity(idea_text(*one), idea_text(*other)) >= 85
    ideas = [
        {"team": "A", "file": "a.json", "name": one[0], "description": one[1]},
        {"team": "B", "file": "b.json", "name": other[0], "description": other[1]},
    ]
    (pair,) = duplicates(ideas, threshold=85)
    assert pair["score"] >= 85
    assert {pair["first"][0]["team"], pair["second"][0]["team"]} == {"A", "B"}


@pytest.mark.parametrize(("one", "other"), DIFFERENT)
def test_different_ideas_sharing_a_word_score_below(one, other) -> None:
    assert similarity(idea_text(*one), idea_text(*other)) < 85
    ideas = [
        {"team": "A", "file": "a.json", "name": one[0], "description": one[1]},
        {"team": "B", "file": "b.json", "name": other[0], "description": other[1]},
    ]
    assert duplicates(ideas, threshold=85) == []


SAME_NAME = [
    ("Claims Copilot", "Reads incoming claim forms and fills in the claim record."),
    ("claims copilot ", "Copilot for claim handlers in the app"),
    ("Claims Co-pilot", "Helps the claims back office"),
]


def test_one_name_in_several_teams_is_listed_whatever_the_descriptions_score() -> None:
    """Two teams piloting "Claims Copilot" is the duplicate an office looks for, even when
    each described it its own way: names that read the same once case, spaces and hyphens
    are set aside are paired below the threshold, said to share their name."""
    ideas = [
        {"team": team, "file": f"{team}.json", "name": name, "description": description}
        for team, (name, description) in zip("ABC", SAME_NAME, strict=True)
    ]
    texts = [idea_text(i["name"], i["description"]) for i in ideas]
    assert all(similarity(a, b) < 85 for a, b in itertools.combinations(texts, 2))
    pairs = duplicates(ideas, threshold=85)
    teams = [{p["first"][0]["team"], p["second"][0]["team"]} for p in pairs]
    assert sorted(map(sorted, teams)) == [["A", "B"], ["A", "C"], ["B", "C"]]
    assert all(p["same_name"] and p["score"] < 85 for p in pairs)
    assert all(score_label(p).endswith("(same name)") for p in pairs)


def test_a_name_with_no_description_is_compared_with_the_other_name_alone() -> None:
    """Finance described "Invoice matching assistant"; Procurement's sheet had no description
    column for "Invoice matching assistant (pilot 2)". Name against name plus paragraph scored
    44, and the pair was never shown; names alone score far above the threshold."""
    described = "Matches supplier invoices to purchase orders and flags the mismatches."
    ideas = [
        {"team": "F", "file": "f.json", "name": "Invoice matching assistant", "description": ""},
        {"team": "P", "file": "p.json", "name": "Invoice matching assistant (pilot 2)"}
        | {"description": described},
        {"team": "Q", "file": "q.json", "name": "Fleet route planner", "description": ""},
    ]
    names = similarity(ideas[0]["name"], ideas[1]["name"])
    assert similarity(ideas[0]["name"], idea_text(ideas[1]["name"], described)) < 85 <= names
    [pair] = duplicates(ideas, threshold=85)
    assert {pair["first"][0]["team"], pair["second"][0]["team"]} == {"F", "P"}
    assert pair["score"] == round(names, 1)
    assert score_label(pair).endswith("(names alone: one has no description)")
    # Both described, or both bare: compared as before, the names-alone pass adds nothing.
    both = [dict(i, description=described) for i in ideas[:2]]
    assert all(not p["names_only"] for p in duplicates(both, threshold=85))


def test_one_teams_own_namesakes_and_pairs_found_by_score_are_not_listed_again() -> None:
    one, other = REWORDED[0]
    ideas = [
        {"team": "A", "file": "a.json", "name": one[0], "description": one[1]},
        {"team": "B", "file": "b.json", "name": other[0], "description": other[1]},
        {"team": "B", "file": "b.json", "name": one[0], "description": "Its own take."},
    ]
    pairs = duplicates(ideas, threshold=85)
    found = sorted(tuple(sorted((p["description_first"], p["description_second"]))) for p in pairs)
    assert len(found) == len(set(found)) == 2
    assert sum(p["same_name"] for p in pairs) == 1
    alone = [dict(i, team="A", file="a.json") for i in ideas]
    assert duplicates(alone, threshold=85) == []


def test_the_threshold_is_a_parameter_and_one_teams_own_pair_is_not_a_duplicate() -> None:
    one, other = DIFFERENT[0]
    ideas = [
        {"team": "A", "file": "a.json", "name": one[0], "description": one[1]},
        {"team": "B", "file": "b.json", "name": other[0], "description": other[1]},
    ]
    assert duplicates(ideas, threshold=10)
    same_team = [dict(i, team="A", file="a.json") for i in ideas]
    assert duplicates(same_team, threshold=10) == []


def test_the_duplicates_across_real_files(tmp_path: Path) -> None:
    first = another_team(example_workshop(), "North")
    first.initiatives = [Initiative(name=REWORDED[0][0][0], description=REWORDED[0][0][1])]
    second = another_team(example_workshop(), "South")
    second.initiatives = [Initiative(name=REWORDED[0][1][0], description=REWORDED[0][1][1])]
    first.bet.initiative = second.bet.initiative = None
    paths = [written(first, tmp_path / "n.json"), written(second, tmp_path / "s.json")]
    result = rollup(paths)
    assert len(result.duplicates) == 1
    assert result.duplicates[0]["score"] >= 85


def test_a_hostile_folder_is_reported_not_fatal(tmp_path: Path) -> None:
    good = _teams(tmp_path)[0]
    (tmp_path / "package.json").write_text('{"name": "not a workshop"}')
    damaged = tmp_path / "damaged.json"
    damaged.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    loop = tmp_path / "loop"
    os.symlink(loop, loop)
    (tmp_path / "back").symlink_to(tmp_path)  # a folder link back up: not searched twice
    huge = tmp_path / "huge.json"
    with huge.open("wb") as out:
        out.write(b'{"schema_version": 1, "pad": "')
        out.seek(store.MAX_FILE_BYTES + 1024)
        out.write(b'"}')
    (tmp_path / "claims.json.bak").write_bytes(good.read_bytes())
    (tmp_path / ".claims.json.lock").write_bytes(b"")
    (tmp_path / "claims-export.json").write_bytes(good.read_bytes())
    found, skipped = find_workshops([tmp_path, tmp_path / "missing"])
    result = rollup(found, skipped=skipped)
    assert len(result.teams) == 3
    reasons = {Path(s["file"]).name: s["reason"] for s in result.skipped}
    assert "not a workshop" in reasons["package.json"]
    assert reasons["damaged.json"]
    assert "loop" in reasons["loop"]
    assert "too large" in reasons["huge.json"]
    assert "backup" in reasons["claims.json.bak"]
    assert "lock" in reasons[".claims.json.lock"]
    assert reasons["claims-export.json"].startswith(
        f"a copy of {tmp_path / 'claims.json'} with the same figures"
    )
    assert "no such" in reasons["missing"]
    assert "already searched" in reasons["back"]


def test_teams_that_sent_their_json_exports_are_rolled_up(tmp_path: Path) -> None:
    """Step 11 asks teams without a hub to send 'the JSON export of step 10', which is their
    workshop byte for byte: a folder of them rolled up no team at all."""
    paths = _teams(tmp_path / "sent")
    for path in paths:
        exported = tmp_path / "office" / path.name.replace(".json", "-export.json")
        exported.parent.mkdir(exist_ok=True)
        exported.write_bytes(path.read_bytes())
    found, skipped = find_workshops([tmp_path / "office"])
    assert skipped == []
    result = rollup(found)
    assert sorted(t["team"] for t in result.teams) == ["Claims", "Empty", "Operations"]


def test_a_damaged_json_file_in_a_folder_is_named_for_what_is_wrong(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text('{"schema_version": 6,\n  "meta": {bad}')
    (tmp_path / "cut.json").write_text('{"meta": {"team": "Claims"')
    (tmp_path / "package.json").write_text('{"name": "not a workshop"}')
    found, skipped = find_workshops([tmp_path])
    reasons = {Path(s["file"]).name: s["reason"] for s in skipped}
    assert reasons["cut.json"] == (
        "not valid JSON at line 1, column 27: the file ends before its data does (it was cut short)"
    )
    assert reasons["package.json"] == "JSON that is not a workshop file (no schema_version)"
    result = rollup(found, skipped=skipped)
    (broken,) = [s for s in result.skipped if Path(s["file"]).name == "broken.json"]
    assert "line 2" in broken["reason"]


def test_a_file_that_fails_to_load_is_listed(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 99999}')
    result = rollup([bad, tmp_path / "gone.json"])
    assert result.teams == []
    assert [Path(s["file"]).name for s in result.skipped] == ["bad.json", "gone.json"]
    assert all(s["reason"] for s in result.skipped)


def test_the_search_can_come_after_the_table(tmp_path: Path) -> None:
    paths = [
        written(w, tmp_path / f"{w.meta.team}.json") for w in varied_teams(4, 12, reworded=0.3)
    ]
    at_once = rollup(paths)
    later = rollup(paths, search=False)
    assert later.duplicates == []
    assert later.teams == at_once.teams
    search_duplicates(later)
    assert at_once.duplicates
    assert later.duplicates == at_once.duplicates
    assert "ideas" not in json.dumps(later.as_json())


@pytest.mark.parametrize("chunk", [5, 2000])
def test_no_pair_at_or_above_the_threshold_is_missed(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every pair of ideas in different teams, scored one by one (or of one name), against
    the search that compares blocks of texts within a band of lengths."""
    monkeypatch.setattr(rollup_rules, "_CHUNK", chunk)
    ideas = [
        {"team": w.meta.team, "file": w.meta.team, "name": i.name, "description": i.description}
        for w in varied_teams(8, 10, reworded=0.3)
        for i in w.initiatives
    ]
    expected = set()
    for n, one in enumerate(ideas):
        for other in ideas[n + 1 :]:
            if one["file"] == other["file"]:
                continue
            texts = (idea_text(one["name"], one["description"]),)
            texts += (idea_text(other["name"], other["description"]),)
            namesakes = name_key_of(one["name"]) == name_key_of(other["name"])
            if namesakes or similarity(*texts) >= rollup_rules.DUPLICATE_THRESHOLD:
                expected.add(frozenset((one["team"] + one["name"], other["team"] + other["name"])))
    found = set()
    for pair in duplicates(ideas):
        for first in pair["first"]:
            for second in pair["second"]:
                if first["file"] != second["file"]:
                    found.add(
                        frozenset((first["team"] + first["name"], second["team"] + second["name"]))
                    )
    assert len(expected) >= 5  # reworded ideas from other teams are there to be found
    assert found == expected


def test_who_answers_across_teams_is_read_as_step_4_reads_it(tmp_path: Path) -> None:
    """A "TBD" owner, or a group, was listed as a person accountable across teams."""
    workshop = new_workshop("Claims leadership")
    workshop.initiatives = [
        Initiative(name="A", ownership={"accountable": "TBD", "raci": {"Product": "A"}}),
        Initiative(name="B", ownership={"accountable": "Procurement team"}),
        Initiative(name="C", ownership={"accountable": "Sam Patel"}),
    ]
    path = written(workshop, tmp_path / "claims.json")
    kept = rollup_rules.summarise(str(path), store.load, dt.date(2026, 12, 2))
    assert kept["people"] == ["Sam Patel"]
    assert kept["functions"] == ["Product"]


def test_a_file_that_cannot_be_read_is_named_where_the_roll_up_opens(tmp_path: Path) -> None:
    """A team's damaged file was listed only at the foot of the page, after every other
    section: the headline counted "1 team", as if there were one, and the reasons differed
    from what ``gaptools validate`` says of the same file."""
    from gaptools.export.rollup import SKIPPED_TITLE, headline
    from gaptools.files import store as store_module

    (tmp_path / "claims").mkdir()
    good = written(another_team(example_workshop(), "Claims"), tmp_path / "claims" / "w.json")
    legal = tmp_path / "legal" / "workshop.json"
    legal.parent.mkdir()
    whole = good.read_bytes().replace(b"Claims", b"Legal")
    store_module.backup_path(legal).write_bytes(whole)
    legal.write_bytes(whole[:20000])
    (tmp_path / "empty").mkdir()
    empty = tmp_path / "empty" / "workshop.json"
    empty.write_bytes(b"")
    wide = tmp_path / "wide.json"
    wide.write_text(whole.decode("utf-8"), encoding="utf-16")
    result = rollup_sources([tmp_path])
    unreadable = {s["file"]: s["reason"] for s in result.skipped if s.get("unreadable")}
    assert set(unreadable) == {str(legal), str(empty), str(wide)}
    for path in (legal, empty, wide):
        with pytest.raises(WorkshopError) as said:
            store_module.load(path)
        assert unreadable[str(path)] == "; ".join(said.value.problems)
    assert "workshop.json.bak" in unreadable[str(legal)]
    assert not any(s.get("unreadable") for s in result.skipped if s["file"].endswith(".bak"))
    line = headline(result)[-1]
    assert line.startswith("Not counted: 3 files that may be a team's workshop could not be read")
    assert str(legal) in line
    assert SKIPPED_TITLE in line


@pytest.mark.parametrize(
    "name",
    [
        "workshop - Copy.json",
        "workshop - Copy (2).json",
        "workshop (copy).json",
        "workshop copy.json",
        "Copy of workshop.json",
        "workshop (1).json",
    ],
)
def test_a_file_named_as_a_copy_never_stands_for_the_team(tmp_path: Path, name: str) -> None:
    """ "workshop - Copy.json" sorts before "workshop.json": with the same figures, or made a
    moment later, it was counted, and the team's own file passed over as its copy."""
    team = _filed(another_team(example_workshop(), "Claims"), tmp_path / "claims" / "workshop.json")
    copy = tmp_path / "claims" / name
    copy.write_bytes(team.read_bytes())
    when = _changed(team, dt.datetime(2026, 11, 20, 9, 0))
    for later in (0, 60):
        os.utime(copy, ns=(when + later * 10**9, when + later * 10**9))
        result = rollup_sources([tmp_path])
        assert [row["file"] for row in result.teams] == [str(team)]
        assert [s["file"] for s in result.skipped] == [str(copy)]
    # An older version copied into an archive is dated when it was copied: newer, with other
    # figures, it was counted, and the headline fell to its figures.
    archived = tmp_path / "claims" / "archive" / name
    archived.parent.mkdir()
    older = store.load(team)
    older.initiatives = older.initiatives[:3]
    store.save(older, archived)
    os.utime(archived, ns=(when + 3600 * 10**9, when + 3600 * 10**9))
    result = rollup_sources([tmp_path])
    assert [row["file"] for row in result.teams] == [str(team)]
    assert result.teams[0]["initiatives"] == len(store.load(team).initiatives)


def test_copies_of_one_workshop_with_other_figures_are_noted(tmp_path: Path) -> None:
    """A draft saved from a mail today was counted for the team over its current file, and
    two teams who filled in one file without naming their team were one: quietly, by which
    file was changed last. A note now names the other copies for a person to decide."""
    current = another_team(example_workshop(), "Finance")
    draft = current.model_copy(deep=True)
    draft.initiatives = draft.initiatives[:2]
    team = _filed(current, tmp_path / "finance" / "workshop.json")
    old = _filed(draft, tmp_path / "finance" / "archive" / "from-mail.json")
    _changed(team, dt.datetime(2026, 11, 28, 9, 0))
    _changed(old, dt.datetime(2026, 12, 1, 9, 0))
    result = rollup_sources([tmp_path])
    [note] = result.notes
    assert note["file"] == str(old)  # still the copy changed last
    assert f"{team} ({len(current.initiatives)} initiatives, no bet)" in note["note"]
    assert "2 initiatives" in note["note"]
    assert "1 other copy of this workshop holds other figures" in note["note"]
    assert "give each its own team name" in note["note"]
    assert len(result.teams) == 1


def test_a_copy_changed_after_the_teams_file_is_said_to_be_passed_over_for_its_name(
    tmp_path: Path,
) -> None:
    """'workshop - Copy.json' saved after the team's file, with other figures: the team's file
    is counted, but the copy was said to be "an older copy … the copy changed last is
    counted", and the note "counted … as the copy changed last", both the opposite of what
    happened; and the note told the two apart by their initiatives and bet alone, the same
    for both."""
    current = another_team(example_workshop(), "Customer Service")
    edited = current.model_copy(deep=True)
    for initiative in edited.initiatives:
        initiative.ownership.accountable = ""
    team = _filed(current, tmp_path / "service" / "workshop.json")
    copy = _filed(edited, tmp_path / "service" / "workshop - Copy.json")
    _changed(team, dt.datetime(2026, 12, 3, 22, 13))
    _changed(copy, dt.datetime(2026, 12, 4, 12, 6))
    result = rollup_sources([tmp_path])
    assert [row["file"] for row in result.teams] == [str(team)]
    [passed] = result.skipped
    assert passed["reason"].startswith(f"named as a copy of {team} (one workshop id), though")
    assert "2026-12-04 12:06" in passed["reason"]
    assert "2026-12-03 22:13" in passed["reason"]
    assert "changed last is counted" not in passed["reason"]
    [note] = result.notes
    assert "as the team's own file" in note["note"]
    assert "as the copy changed last" not in note["note"]
    unowned = {path: summary(store.load(path))["unowned"] for path in (team, copy)}
    assert unowned[copy] != unowned[team]
    assert (
        f"{unowned[copy]} with no named owner, where the counted file has {unowned[team]}"
        in note["note"]
    )


def test_the_example_and_an_empty_file_are_no_teams(tmp_path: Path) -> None:
    """``gaptools new X --example after`` gives the example a new id, so its bytes are not the
    shipped file's: it was counted as the fictional insurer's team with a complete bet, and
    an empty new file as a team "without a bet"."""
    for argv in (
        ["new", str(tmp_path / "practice.json"), "--example", "after"],
        ["new", str(tmp_path / "blank.json")],
    ):
        assert main(argv) == 0
    practised = store.load(tmp_path / "practice.json")
    practised.initiatives[0].name = "Renamed while practising"
    written(practised, tmp_path / "practice.json")
    real = written(another_team(example_workshop(after=True), "Claims"), tmp_path / "claims.json")
    result = rollup_sources([tmp_path])
    assert [row["file"] for row in result.teams] == [str(real)]
    reasons = {Path(s["file"]).name: s["reason"] for s in result.skipped}
    assert reasons["practice.json"].startswith("the example workshop (")
    assert reasons["blank.json"].startswith("a new workshop with nothing in it yet")
    assert not any(s.get("unreadable") for s in result.skipped)


def test_other_broken_json_is_listed_but_not_counted_against_the_teams(tmp_path: Path) -> None:
    """An editor's settings with a comment in them, or a package file with a trailing comma,
    were named in the headline as files that "may be a team's workshop"."""
    from gaptools.export.rollup import headline

    written(another_team(example_workshop(), "Claims"), tmp_path / "claims.json")
    (tmp_path / "editor").mkdir()
    (tmp_path / "editor" / "settings.json").write_text('{\n  // tabs\n  "tabSize": 2\n}\n')
    (tmp_path / "package.json").write_text('{"name": "tools", "private": true,}')
    result = rollup_sources([tmp_path])
    reasons = {Path(s["file"]).name: s for s in result.skipped}
    for name in ("settings.json", "package.json"):
        assert reasons[name]["reason"].startswith("not a workshop: not valid JSON at line")
        assert "unreadable" not in reasons[name]
    assert not any(line.startswith("Not counted") for line in headline(result))


def test_namesakes_in_folders_of_one_name_are_labelled_apart(tmp_path: Path) -> None:
    """ "Operations (ops/workshop.json)" twice: the label added the last folder only."""
    for region in ("emea", "apac"):
        _filed(
            another_team(example_workshop(), "Operations"),
            tmp_path / region / "ops" / "workshop.json",
        )
    labels = sorted(team_label(row) for row in rollup_sources([tmp_path]).teams)
    assert labels == ["Operations (apac/ops/workshop.json)", "Operations (emea/ops/workshop.json)"]


def test_a_teams_earlier_quarter_is_passed_over_for_its_latest(tmp_path: Path) -> None:
    """Finance kept last quarter's workshop beside this quarter's: both were counted as two
    teams, doubling its initiatives in the totals, and the ended bet counted as one of "4 with
    a bet". A team's workshop for an earlier quarter is passed over, saying which one counts;
    a namesake in another organisation is another team."""
    from gaptools.core.model import QuarterRef

    def finance(quarter: QuarterRef, organisation: str = "Northwind") -> Workshop:
        workshop = another_team(example_workshop(after=True), "Finance leaders")
        workshop.meta.organisation = organisation
        workshop.meta.planned_quarter = quarter
        workshop.meta.date = dt.date(quarter.fiscal_year, 3 * quarter.number - 2, 1)
        return workshop

    earlier = written(finance(QuarterRef(fiscal_year=2026, number=2)), tmp_path / "q2.json")
    later = written(finance(QuarterRef(fiscal_year=2027, number=1)), tmp_path / "q1.json")
    elsewhere = written(
        finance(QuarterRef(fiscal_year=2026, number=2), "Southwind"), tmp_path / "south.json"
    )
    result = rollup([earlier, later, elsewhere], as_of=dt.date(2027, 1, 5))
    assert sorted(Path(t["file"]).name for t in result.teams) == ["q1.json", "south.json"]
    assert result.totals["teams"] == 2
    [passed] = result.skipped
    assert passed["file"] == str(earlier)
    assert "Q2 2026" in passed["reason"]
    assert "Q1 2027" in passed["reason"]
    assert str(later) in passed["reason"]


def test_next_quarters_workshop_made_early_does_not_hide_the_one_running(tmp_path: Path) -> None:
    """Retail made its Q2 file with ``new --from`` in December, for a session on 10 March:
    the roll-up passed over the Q1 workshop whose bet is running as "an earlier quarter" and
    listed Retail among the teams without a bet. Until its session, the new file waits."""
    from gaptools.steps.next_quarter import next_quarter

    running = another_team(example_workshop(after=True), "Retail")
    now = written(running, tmp_path / "retail-q1.json")
    early, _ = next_quarter(running, dt.date(2027, 3, 10))
    later = written(early, tmp_path / "retail-q2.json")
    assert planned_quarter(early.meta).start > planned_quarter(running.meta).start
    result = rollup([now, later], as_of=dt.date(2026, 12, 3))
    assert [Path(t["file"]).name for t in result.teams] == ["retail-q1.json"]
    assert result.teams[0]["bet"] == running.bet.initiative
    [waiting] = result.skipped
    assert waiting["file"] == str(later)
    assert "session is on 10 Mar 2027" in waiting["reason"]
    assert str(now) in waiting["reason"]
    # On the day of its session it counts, and last quarter's is passed over.
    result = rollup([now, later], as_of=dt.date(2027, 3, 10))
    assert [Path(t["file"]).name for t in result.teams] == ["retail-q2.json"]
    # A team whose only file is still to come is counted all the same.
    assert [Path(t["file"]).name for t in rollup([later], as_of=dt.date(2026, 12, 3)).teams] == [
        "retail-q2.json"
    ]


def test_a_team_renamed_when_it_started_the_next_quarter_counts_once(tmp_path: Path) -> None:
    """Retail started Q2 with "Start the next quarter" and renamed itself "Retail & Online":
    the new workshop has an id of its own and another name, so the roll-up counted two teams,
    and every idea the two files share showed as one idea in two teams. The next quarter's
    workshop names the one it was started from; through a chain of renames it is one team."""
    from gaptools.steps.next_quarter import next_quarter

    first = another_team(example_workshop(after=True), "Retail")
    second, _ = next_quarter(first, dt.date(2027, 3, 10))
    second.meta.team = "Retail & Online"
    third, _ = next_quarter(second, dt.date(2027, 6, 9))
    third.meta.team = "Commerce"
    files = [
        written(first, tmp_path / "retail-q1.json"),
        written(second, tmp_path / "retail-q2.json"),
        written(third, tmp_path / "commerce-q3.json"),
    ]
    result = rollup(files[:2], as_of=dt.date(2027, 3, 15))
    assert [row["team"] for row in result.teams] == ["Retail & Online"]
    assert result.totals["teams"] == 1
    assert result.duplicates == []
    [passed] = result.skipped
    assert passed["file"] == str(files[0])
    assert "an earlier quarter (Q1 2027)" in passed["reason"]
    assert "where the team is named Retail & Online" in passed["reason"]
    # Before the new quarter's session, last quarter's counts, under its own name.
    [waiting] = rollup(files[:2], as_of=dt.date(2027, 3, 1)).skipped
    assert waiting["file"] == str(files[1])
    assert "where the team is named Retail" in waiting["reason"]
    result = rollup(files, as_of=dt.date(2027, 6, 9))
    assert [row["team"] for row in result.teams] == ["Commerce"]
    assert sorted(p["file"] for p in result.skipped) == sorted(map(str, files[:2]))


def test_two_teams_filled_in_copies_of_one_file_and_one_went_on(tmp_path: Path) -> None:
    """Two teams filled in copies of one file, and one started its next quarter from its
    own: the new workshop names an id both teams hold, which says nothing of whose it is, so
    it joins neither. Had it joined the other, that team's running quarter would be passed
    over as an earlier one of a team it is not."""
    from gaptools.steps.next_quarter import next_quarter

    claims = another_team(example_workshop(after=True), "Claims")
    billing = claims.model_copy(deep=True)
    billing.meta.team = "Billing"
    later, _ = next_quarter(claims, dt.date(2027, 3, 10))
    files = [
        written(billing, tmp_path / "billing-q1.json"),
        written(claims, tmp_path / "claims-q1.json"),
        written(later, tmp_path / "claims-q2.json"),
    ]
    result = rollup(files, as_of=dt.date(2027, 3, 15))
    assert sorted(Path(row["file"]).name for row in result.teams) == [
        "billing-q1.json",
        "claims-q2.json",
    ]
    assert [Path(p["file"]).name for p in result.skipped] == ["claims-q1.json"]


@pytest.mark.parametrize("team", ["Claims", ""])
def test_a_file_copied_for_the_next_quarter_counts_though_last_quarters_was_saved_later(
    tmp_path: Path, team: str
) -> None:
    """Claims copied its Q4 file to start Q1 (one workshop id), then saved the Q4 file again
    (a facilitator's name corrected): the copy changed last stood for the team, so the
    committee saw last quarter's figures. The latest quarter counts, as for files of two ids;
    a file with no team name yet is known by its id."""
    from gaptools.core.model import QuarterRef

    workshop = example_workshop(after=True)
    workshop.meta.team = team
    workshop.meta.planned_quarter = QuarterRef(fiscal_year=2026, number=4)
    old = _filed(workshop, tmp_path / "claims" / "claims-q4.json")
    workshop.meta.planned_quarter = QuarterRef(fiscal_year=2027, number=1)
    workshop.initiatives.append(Initiative(name="Added in Q1"))
    new = _filed(workshop, tmp_path / "claims" / "claims Q1 FINAL.json")
    _changed(new, dt.datetime(2026, 11, 25, 9, 0))
    _changed(old, dt.datetime(2026, 11, 26, 9, 0))
    result = rollup([old, new], as_of=dt.date(2026, 11, 29))
    assert [row["file"] for row in result.teams] == [str(new)]
    [passed] = result.skipped
    assert passed["file"] == str(old)
    assert "an earlier quarter (Q4 2026)" in passed["reason"]
    assert "Q1 2027" in passed["reason"]
    assert not any("shares one workshop id" in note["note"] for note in result.notes)
