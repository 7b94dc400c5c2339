"""The roll-up of many teams' workshops: the rules a transformation office reads them by.

Every team's figure comes from ``summaries.status.summary``, the same object ``gaptools status
--json`` prints, under the same key; the roll-up adds only what needs several teams (totals,
medians, teams without a bet, initiatives that look like the same idea, people and functions
accountable in several teams) and a few per-team facts status does not carry (the first
cycle's end date, decisions this quarter, maturity medians, pulse favourable shares).

Reading files is not a rule: the layers keep ``summaries`` apart from ``files``, so ``gather``
takes the loader as an argument (``export.rollup.rollup`` passes ``files.store.load``). One
workshop is loaded and summarised at a time and dropped before the next, so memory stays flat
however many teams roll up; a workshop that fails to load is listed with its reason.

Files of one workshop id are copies of one workshop, counted once (``choose``): the copy
changed last stands for it, so an old copy kept in an archive never hides the team's current
file. Files of one id under different team names are two teams who filled in copies of one
file: both are counted, and a note says they share an id.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import os
import re
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process, utils

from gaptools.core.errors import WorkshopError
from gaptools.core.model import Stage, Workshop, person_key
from gaptools.core.quarter import day_text, planned_quarter, quarter_of
from gaptools.core.resources import EXAMPLE_WORKSHOP, data_file
from gaptools.core.text import listed, plural, some_of
from gaptools.steps.bet import bet_name, cycle_start
from gaptools.steps.learning import decided_in, logged
from gaptools.steps.maturity import maturity_view
from gaptools.steps.ownership import accountable_functions, accountable_person
from gaptools.steps.portfolio import NOT_GIVEN_LABEL, diagnose
from gaptools.steps.pulse import pulse_view
from gaptools.steps.start import quarter_gaps
from gaptools.steps.value import is_deploy_ready
from gaptools.summaries.status import summary

#: Two initiatives from different teams at or above this score look like the same idea.
DUPLICATE_THRESHOLD = 85
#: Rows of the similarity matrix worked out at once: bounds memory on a large roll-up.
_CHUNK = 2000

#: Status keys summed across teams in the totals.
SUMMED = (
    "initiatives",
    "in_play",
    "deploy_ready",
    "explore",
    "unowned",
    "in_purgatory",
    "participants",
    "kills_this_quarter",
    "decisions_this_quarter",
)
#: Per-team figures whose median across teams the totals give.
MEDIANS = ("in_play", "deploy_ready_share", "in_purgatory", "unowned")


@dataclass
class Rollup:
    teams: list[dict[str, Any]] = field(default_factory=list)
    totals: dict[str, Any] = field(default_factory=dict)
    without_bet: list[str] = field(default_factory=list)
    #: Of those, the teams that chose "no bet yet" and said what to explore instead: an honest
    #: outcome, which a list of teams without a bet read as not having decided.
    by_choice: list[str] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    accountable_people: list[dict[str, Any]] = field(default_factory=list)
    accountable_functions: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    #: Files counted that the office should know about (two teams sharing one workshop id),
    #: each ``{"file", "note"}``.
    notes: list[dict[str, str]] = field(default_factory=list)
    as_of: dt.date = field(default_factory=dt.date.today)
    threshold: int = DUPLICATE_THRESHOLD
    #: What the search for the same idea compares; kept so the search can come after the
    #: table (``search_duplicates``), never printed.
    ideas: list[dict[str, str]] = field(default_factory=list, repr=False)
    #: Each counted team's initiatives in play (``in_play_rows``), for the workbook.
    in_play: list[dict[str, Any]] = field(default_factory=list, repr=False)

    def as_json(self) -> dict[str, Any]:
        """``{"teams", "totals", "duplicates", "skipped", "notes"}`` as the command prints
        them; the totals carry the teams without a bet and who is accountable across teams."""
        totals = self.totals | {
            "teams_without_bet": self.without_bet,
            "teams_no_bet_yet_by_choice": self.by_choice,
            "accountable_across_teams": self.accountable_people,
            "functions_accountable_across_teams": self.accountable_functions,
            "as_of": self.as_of.isoformat(),
            "duplicate_threshold": self.threshold,
        }
        return {
            "teams": self.teams,
            "totals": totals,
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "notes": self.notes,
        }


# -- one team ------------------------------------------------------------------------------


def team_row(workshop: Workshop, path: Path | str, as_of: dt.date | None = None) -> dict[str, Any]:
    """One team's row: who and when, then its own status keys exactly as ``summary`` gives
    them on ``as_of`` (today unless given, as ``gaptools status``), then the roll-up's own
    facts, "this quarter" being the quarter of ``as_of`` for all of them."""
    as_of = as_of or dt.date.today()
    meta = workshop.meta
    facts = summary(workshop, as_of)
    ready, in_play = facts["deploy_ready"], facts["in_play"]
    row: dict[str, Any] = {
        "team": facts["team"],
        "organisation": meta.organisation,
        "date": meta.date.isoformat(),
        "quarter": facts["quarter"],
        "file": str(path),
    }
    row |= {key: value for key, value in facts.items() if key not in row}
    row["deploy_ready_share"] = round(ready / in_play, 4) if in_play else None
    row["stalled_by_reason"] = _stalled_by_reason(workshop)
    chosen = bet_name(workshop) is not None
    row["first_cycle_start"] = cycle_start(workshop).isoformat() if chosen else None
    first_end = workshop.bet.first_cycle_end
    row["first_cycle_end"] = first_end.isoformat() if first_end else None
    row["decisions_this_quarter"] = _decisions_in_quarter(workshop, as_of)
    maturity = maturity_view(workshop)
    row["maturity_medians"] = (
        {r.dimension.code: r.median for r in maturity.readings} if maturity.shown else None
    )
    pulse = pulse_view(workshop)  # shown only from the team's own minimum
    row["pulse_favourable"] = (
        {d.question.key: round(d.favourable, 4) for d in pulse.distributions}
        if pulse.shown
        else None
    )
    return row


def _stalled_by_reason(workshop: Workshop) -> dict[str, int]:
    counts: dict[str, int] = {}
    for initiative in workshop.initiatives:
        if initiative.stage is Stage.STALLED:
            reason = initiative.stall_reason.value if initiative.stall_reason else "unknown"
            counts[reason] = counts.get(reason, 0) + 1
    return counts


def _decisions_in_quarter(workshop: Workshop, as_of: dt.date) -> int:
    """Cycles decided (scale, iterate, pivot or kill) in the quarter holding ``as_of``: the
    quarter ``learning.velocity`` counts kills in."""
    quarter = quarter_of(as_of, workshop.meta.fiscal_year_start_month)
    return sum(decided_in(e.cycle, quarter, as_of) for e in logged(workshop))


def _ideas(workshop: Workshop, path: str) -> list[dict[str, str]]:
    """What the duplicate search needs of a team: its initiatives still alive, small."""
    return [
        {"team": workshop.meta.team, "file": path, "name": i.name, "description": i.description}
        for i in workshop.initiatives
        if i.stage is not Stage.KILLED
    ]


def in_play_rows(workshop: Workshop, path: str) -> list[dict[str, Any]]:
    """The team's initiatives in play, one row each, with what the totals count of them: a
    pilot stuck at the workshop, a deploy-ready value, the person accountable. The totals
    said "8 pilots stuck", and the office opened each team's report to learn which."""
    ages = {age.name: age for age in diagnose(workshop).pilot_ages}
    return [
        {
            "file": path,
            "initiative": i.name,
            "stage": i.stage.label if i.stage else NOT_GIVEN_LABEL,
            "weeks_in_pilot": round(ages[i.name].weeks, 1) if i.name in ages else None,
            "stuck": i.name in ages and ages[i.name].stuck,
            "stall_reason": i.stall_reason.label if i.stall_reason else "",
            "accountable": accountable_person(i),
            "deploy_ready": is_deploy_ready(i.value, workshop.meta.date),
        }
        for i in workshop.in_play()
    ]


def _accountable(workshop: Workshop) -> tuple[list[str], list[str]]:
    """Who answers for the team's initiatives, as step 4 reads them: a person, never a
    placeholder ("TBD") or a group, and the workshop's functions marked A."""
    names = workshop.settings.function_names()
    people = {accountable_person(i) for i in workshop.initiatives}
    functions = {f for i in workshop.initiatives for f in accountable_functions(i, names)}
    return sorted(p for p in people if p), sorted(functions)


def summarise(path: str, load: Callable[[str], Workshop], as_of: dt.date) -> dict[str, Any]:
    """One file as the roll-up keeps it: the row, the ideas and who is accountable, or the
    reason it was skipped. Small and picklable, so a worker process can return it. When the
    file was last changed is taken here, where it is read: of two copies of one workshop, the
    one changed last is counted (``choose``)."""
    try:
        found = os.stat(path)
        if is_untouched_example(path, found.st_size):
            return {"skipped": {"file": path, "reason": UNTOUCHED_EXAMPLE}}
        changed = found.st_mtime_ns
        workshop = load(path)
        passed_over = not_a_team(workshop)
        if passed_over:
            return {"skipped": {"file": path, "reason": passed_over}}
    except WorkshopError as error:
        return {"skipped": unreadable(path, "; ".join(error.problems))}
    except (OSError, RecursionError, MemoryError, ValueError) as error:
        return {"skipped": unreadable(path, f"cannot be read: {error}")}
    people, functions = _accountable(workshop)
    return {
        "identity": workshop.meta.identity(),
        "follows": workshop.meta.follows,
        "changed": changed,
        "row": team_row(workshop, path, as_of),
        "ideas": _ideas(workshop, path),
        "in_play": in_play_rows(workshop, path),
        "people": people,
        "functions": functions,
        "quarter_gaps": quarter_gaps(workshop.meta, as_of),
        "quarter_start": planned_quarter(workshop.meta).start.isoformat(),
    }


def skipped_by_reason(skipped: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """The files passed over, grouped by reason: those that could not be read first (each
    may be a team's workshop), then the rarer reasons before the common ones. A folder
    shared with teams holds as many saves' backups and locks as workshops, and listed file
    by file they buried the one damaged workshop among them. The one order every format and
    the notebook list them in; the spreadsheet keeps a row per file as well."""
    groups: dict[str, list[str]] = {}
    damaged: set[str] = set()
    for one in skipped:
        groups.setdefault(one["reason"], []).append(one["file"])
        if one.get("unreadable"):
            damaged.add(one["reason"])
    return sorted(groups.items(), key=lambda group: (group[0] not in damaged, len(group[1])))


def skipped_in_order(skipped: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The files passed over, one each, in ``skipped_by_reason``'s order: the spreadsheet's
    rows put a damaged team file third, where every other format lists it first."""
    order = {reason: n for n, (reason, _) in enumerate(skipped_by_reason(skipped))}
    return sorted(skipped, key=lambda one: order[one["reason"]])


def unreadable(path: str, reason: str) -> dict[str, Any]:
    """A file passed over because it could not be read as a workshop (damaged, or a value
    in it wrong): a team's figures may be missing, which the headline says."""
    return {"file": path, "reason": reason, "unreadable": True}


#: Every notebook opens a copy of the example until its user chooses a workshop, so a shared
#: folder holds one for each person who only looked: all share the example's workshop id, and
#: one opened after the team's last save would be its newest copy.
UNTOUCHED_EXAMPLE = (
    "the example gaptools ships, never changed (each notebook opens a copy of it until a "
    "workshop is chosen): not a team's workshop"
)


def not_a_team(workshop: Workshop) -> str | None:
    """Why a workshop that loads is still no team's: the example, under its own team and
    fictional organisation, however much someone changed it while practising (``gaptools
    new --example after`` gives it a fresh id, so its bytes are not the shipped file's), or
    a new file with nothing in it yet. None for a team's workshop."""
    meta = workshop.meta
    example = _example_meta()
    if _team_key(meta.team) == _team_key(example[0]) and _team_key(meta.organisation) == _team_key(
        example[1]
    ):
        return (
            f"the example workshop ({example[0]}, {example[1]}), perhaps changed while "
            "practising: not a team's workshop. A team that started from it gives its own team "
            "name and organisation in step 0"
        )
    if not meta.team.strip() and not meta.participants and not workshop.initiatives:
        return "a new workshop with nothing in it yet: no team name, participants or initiatives"
    return None


@cache
def _example_meta() -> tuple[str, str]:
    import json

    meta = json.loads(_example_bytes())["meta"]
    return meta.get("team", ""), meta.get("organisation", "")


def is_untouched_example(path: str, size: int) -> bool:
    """Whether the file is, byte for byte, the example as shipped (read only when its size
    says it may be)."""
    example = _example_bytes()
    if size != len(example):
        return False
    with open(path, "rb") as file:
        return file.read() == example


@cache
def _example_bytes() -> bytes:
    return data_file(EXAMPLE_WORKSHOP).read_bytes()


# -- many teams ----------------------------------------------------------------------------


def gather(
    paths: Iterable[Path | str],
    load: Callable[[str], Workshop],
    as_of: dt.date | None = None,
    threshold: int = DUPLICATE_THRESHOLD,
    skipped: Iterable[dict[str, Any]] = (),
    search: bool = True,
) -> Rollup:
    """The roll-up of the workshops in ``paths``, loaded one at a time with ``load``; without
    ``search``, the same ideas are looked for later, by ``search_duplicates``."""
    as_of = as_of or dt.date.today()
    summaries = (summarise(str(p), load, as_of) for p in paths)
    return combine(summaries, as_of, threshold, list(skipped), search)


def combine(
    summaries: Iterable[dict[str, Any]],
    as_of: dt.date,
    threshold: int = DUPLICATE_THRESHOLD,
    skipped: list[dict[str, Any]] | None = None,
    search: bool = True,
) -> Rollup:
    """The roll-up from each file's ``summarise`` result, in order. Every file is read before
    any is counted: which copy of a workshop counts depends on all its copies."""
    result = Rollup(skipped=list(skipped or []), as_of=as_of, threshold=threshold)
    read: list[dict[str, Any]] = []
    for one in summaries:
        if "skipped" in one:
            result.skipped.append(one["skipped"])
        else:
            read.append(one)
    counted, passed, result.notes = choose(read)
    counted, earlier = latest_quarters(counted, as_of)
    result.skipped.extend(passed + earlier)
    _label_namesakes(counted)
    result.notes += [
        {"file": one["row"]["file"], "note": f"{team_label(one['row'])}: counted, but {gap}"}
        for one in counted
        for gap in one.get("quarter_gaps", [])
    ]
    ideas: list[dict[str, str]] = []
    people: dict[str, set[str]] = {}
    functions: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    for one in counted:
        row = one["row"]
        result.teams.append(row)
        label = row["file"]  # a team is known by its file: two teams may share a name
        labels[label] = team_label(row)
        ideas.extend(one["ideas"])
        result.in_play += [{"team": labels[label], **entry} for entry in one["in_play"]]
        for person in one["people"]:
            people.setdefault(person_key(person), set()).add(label)
            people[person_key(person)].add("\x00" + person)  # each spelling met
        for function in one["functions"]:
            functions.setdefault(function, set()).add(label)
    result.totals = totals(result.teams)
    result.without_bet = [team_label(r) for r in result.teams if not live_bet(r)]
    result.by_choice = [
        team_label(r) for r in result.teams if not r.get("bet") and r.get("no_bet_yet")
    ]
    result.ideas = ideas
    if search:
        search_duplicates(result)
    result.accountable_people = _across(people, labels)
    result.accountable_functions = _across(functions, labels)
    return result


# -- copies of one workshop ------------------------------------------------------------------


def choose(
    read: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, str]], list[dict[str, str]]]:
    """Which files count: the ``summarise`` results kept (in the order read), the copies
    passed over with the reason, and a note for each team that shares its workshop id with
    another team. The one place the roll-up's rule for copies lives; every format and the
    notebook show its result."""
    by_identity: dict[str, list[int]] = {}
    for index, one in enumerate(read):
        by_identity.setdefault(one["identity"], []).append(index)
    kept: set[int] = set()
    passed: list[dict[str, str]] = []
    notes: list[dict[str, str]] = []
    for indices in by_identity.values():
        chosen = []
        for team in _teams_of_one_id([(i, read[i]) for i in indices]):
            for copies in _by_quarter(team):
                index, newest = _counted_copy(copies)
                kept.add(index)
                passed += [
                    {"file": one["row"]["file"], "reason": copy_reason(read[index], one, newest)}
                    for i, one in copies
                    if i != index
                ]
                notes += differing_copies_note(
                    read[index], [one for i, one in copies if i != index]
                )
            chosen.append(read[index])  # one per team: its quarters are not other teams
        notes += shared_id_notes(chosen)
    return [one for i, one in enumerate(read) if i in kept], passed, notes


def _by_quarter(
    copies: list[tuple[int, dict[str, Any]]],
) -> list[list[tuple[int, dict[str, Any]]]]:
    """One team's files of one workshop id, by the quarter each plans: a file copied to start
    the next quarter keeps its id, and the copy changed last stood for the team, so saving
    last quarter's file again put it back in the committee's figures. Each quarter's copies
    are chosen among themselves; ``latest_quarters`` then counts the team's latest."""
    quarters: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for index, one in copies:
        quarters.setdefault(one["quarter_start"], []).append((index, one))
    return list(quarters.values())


def latest_quarters(
    counted: list[dict[str, Any]], as_of: dt.date | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """The files counted once a team's workshops for earlier quarters are passed over, and
    those passed over with the reason. Teams keep last quarter's file beside this quarter's
    (another workshop, with an id of its own): counted as two teams, it doubled the team's
    initiatives in the totals and its ended bet counted as a bet. One team is one name in one
    organisation; a namesake elsewhere is another team. A workshop whose session is still to
    come (after ``as_of``) counts only when the team holds none already: the next quarter's
    file, made early with ``new --from``, hid the bet running now and put the team among
    those without one. A workshop started from another for the next quarter is the same
    team's, whatever each is named."""
    by_team: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for one in counted:
        team = _team_key(one["row"].get("team"))
        # A file with no team name yet is known by its workshop id: its copies for two
        # quarters are one team's.
        key = (team, _team_key(one["row"].get("organisation"))) if team else ("", one["identity"])
        by_team.setdefault(key, []).append(one)
    dropped: dict[int, str] = {}
    day = (as_of or dt.date.today()).isoformat()
    for ones in _followed(list(by_team.values())):
        held = [one for one in ones if one["row"]["date"] <= day]
        latest = max(held or ones, key=lambda one: one["quarter_start"])
        for one in ones:
            if held and one["row"]["date"] > day:
                dropped[id(one)] = _later_reason(one["row"], latest["row"])
            elif one["quarter_start"] < latest["quarter_start"]:
                dropped[id(one)] = _earlier_reason(one["row"], latest["row"])
    passed = [
        {"file": one["row"]["file"], "reason": dropped[id(one)]}
        for one in counted
        if id(one) in dropped
    ]
    return [one for one in counted if id(one) not in dropped], passed


def _followed(teams: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """``teams`` with those joined whose next quarter's workshop was started from another's
    (``meta.follows``): a team that renamed itself then was counted twice, its ideas shown as
    the same idea in two teams. A followed id that two teams hold (each began from a copy of
    one file) says nothing of which, and joins none."""
    holders: dict[str, set[int]] = {}
    for index, ones in enumerate(teams):
        for one in ones:
            holders.setdefault(one["identity"], set()).add(index)
    joined = list(range(len(teams)))

    def root(index: int) -> int:
        while joined[index] != index:
            index = joined[index]
        return index

    for index, ones in enumerate(teams):
        for one in ones:
            found = holders.get(one.get("follows") or "", set())
            if len(found) == 1:
                joined[root(index)] = root(next(iter(found)))
    merged: dict[int, list[dict[str, Any]]] = {}
    for index, ones in enumerate(teams):
        merged.setdefault(root(index), []).extend(ones)
    return list(merged.values())


def _earlier_reason(row: dict[str, Any], latest: dict[str, Any]) -> str:
    return (
        f"{team_label(row)}'s workshop for an earlier quarter ({row['quarter']}): its "
        f"workshop for {latest['quarter']} is counted, {latest['file']}{_renamed(row, latest)}"
    )


def _later_reason(row: dict[str, Any], latest: dict[str, Any]) -> str:
    session = dt.date.fromisoformat(row["date"])
    return (
        f"{team_label(row)}'s workshop for {row['quarter']}, whose session is on "
        f"{day_text(session)}: until then its workshop for {latest['quarter']} is counted, "
        f"{latest['file']}{_renamed(latest, row)}"
    )


def _renamed(row: dict[str, Any], other: dict[str, Any]) -> str:
    """Said where one team's two quarters go by two names (one was started from the other)."""
    if _team_key(row.get("team")) == _team_key(other.get("team")):
        return ""
    return f", where the team is named {team_label(other)}"


def _team_key(name: str | None) -> str:
    """A team's name as compared: case and spacing do not make another team."""
    return " ".join((name or "").split()).casefold()


def _teams_of_one_id(
    copies: list[tuple[int, dict[str, Any]]],
) -> list[list[tuple[int, dict[str, Any]]]]:
    """The files of one workshop id, by team: another non-empty team name is another team
    (two teams filled in copies of one file). A file with no team name yet is a copy of the
    one named team, or, beside several, a team of its own (the file they all started from)."""
    named: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    unnamed: list[tuple[int, dict[str, Any]]] = []
    for index, one in copies:
        key = _team_key(one["row"].get("team"))
        (named.setdefault(key, []) if key else unnamed).append((index, one))
    teams = list(named.values())
    if len(teams) == 1:
        teams[0] = sorted(teams[0] + unnamed, key=lambda copy: copy[0])
    elif unnamed:
        teams.append(unnamed)
    return teams


def _counted_copy(copies: list[tuple[int, dict[str, Any]]]) -> tuple[int, dict[str, Any]]:
    """Which of one team's copies is counted, and the copy that counts. That is the copy
    changed last of those not named as a copy ("workshop - Copy.json"), then of the others (of
    two changed at once, the earlier path), so an old copy kept in an archive never stands
    for the team: copying a file often dates the copy now, so an archive's "Copy" was newer
    than the team's own and was counted. Of copies with those figures, the first read is named
    (a team's file comes before its JSON export beside it), unless its name says it is a copy:
    the file its report sits beside."""

    def named_as_copy(one: dict[str, Any]) -> bool:
        return looks_like_a_copy(one["row"]["file"])

    _, newest = min(
        copies,
        key=lambda copy: (named_as_copy(copy[1]), -copy[1]["changed"], copy[1]["row"]["file"]),
    )
    same = [(index, one) for index, one in copies if _figures(one) == _figures(newest)]
    index, _ = min(same, key=lambda copy: named_as_copy(copy[1]))  # the first read of a kind
    return index, newest


#: How file managers, mail and browsers name a copy: "workshop - Copy", "workshop (copy 2)",
#: "workshop copy", "Copy of workshop", "workshop (1)".
_COPY_NAME = re.compile(
    r"^copy of |\s-\scopy(\s\(\d+\))?$|\s\((another\s)?copy(\s\d+)?\)$|\scopy(\s\d+)?$|\s\(\d+\)$"
)


def looks_like_a_copy(file: str) -> bool:
    """Whether a file's name says it is a copy of another, whatever made it."""
    return bool(_COPY_NAME.search(Path(file).stem.casefold()))


def _figures(one: dict[str, Any]) -> tuple[Any, ...]:
    """What the roll-up takes from a file, whichever file it is."""
    row = {key: value for key, value in one["row"].items() if key != "file"}
    ideas = [{key: value for key, value in i.items() if key != "file"} for i in one["ideas"]]
    return row, ideas, one["people"], one["functions"]


def copy_reason(
    counted: dict[str, Any], passed: dict[str, Any], newest: dict[str, Any] | None = None
) -> str:
    """Why a copy of a counted workshop is passed over: counted twice, its team and initiatives
    would be twice in every total. Says which copy counts and why, so the office sees the
    choice: the same figures, or an older copy (with when each was last changed, against
    ``newest``, the copy changed last, whose figures the counted file has)."""
    newest = newest or counted
    kept = counted["row"]["file"]
    merge = "a leader's own copy is merged into the team's file in step 0"
    if _figures(passed) == _figures(counted):
        return (
            f"a copy of {kept} with the same figures (one workshop id), counted once, from "
            "that file"
        )
    this, that = changed_times(passed["changed"], newest["changed"])
    if passed["changed"] == newest["changed"]:
        return (
            f"a copy of {kept} (one workshop id) changed at the same time ({this}), counted "
            f"once, from that file, the first by name; {merge}"
        )
    last = newest["row"]["file"]
    then = "that one" if last == kept else f"{last}, which has the same figures as that one,"
    if passed["changed"] > newest["changed"]:  # passed over for its name alone
        return (
            f"named as a copy of {kept} (one workshop id), though changed after it: this "
            f"file was last changed {this}, {then} {that}; a file named as a copy never "
            "stands for the team, so that one is counted, once. If this copy is the team's "
            "current file, put it in that one's place"
        )
    return (
        f"an older copy of {kept} (one workshop id): this file was last changed {this}, "
        f"{then} {that}; the copy changed last is counted, once; {merge}"
    )


def changed_times(one: int, other: int) -> tuple[str, str]:
    """Two modification times (nanoseconds) as people read them, in local time: to the
    minute, or finer where that is needed to tell them apart; to the second when they are
    the same."""
    times = [
        dt.datetime.fromtimestamp(t // 10**9)
        .replace(microsecond=t % 10**9 // 1000)
        .isoformat(sep=" ", timespec="microseconds")
        for t in (one, other)
    ]
    for cut in (16, 19, 23, 26):  # minutes, seconds, milli- and microseconds, as ISO writes them
        if times[0][:cut] != times[1][:cut]:
            return times[0][:cut], times[1][:cut]
    return times[0][:19], times[1][:19]


def differing_copies_note(
    counted: dict[str, Any], others: list[dict[str, Any]]
) -> list[dict[str, str]]:
    """A note where copies of one team's workshop hold other figures than the one counted:
    the copy changed last is counted, but a draft saved from a mail today is changed later
    than the team's file, and two teams who filled in one file without naming their team
    look like copies of one. Only a person can tell, so the note names each, with the
    figures that tell it from the one counted, and says how."""
    differing = [one for one in others if _figures(one) != _figures(counted)]
    if not differing:
        return []
    sketches = [
        f"{one['row']['file']} ({_sketch(one['row'])}): {_told_apart(one['row'], counted['row'])}"
        for one in differing
    ]
    named = some_of(sketches, COPIES_NAMED, "; ")
    later = any(one["changed"] > counted["changed"] for one in others)
    why = (
        "as the team's own file: a file named as a copy never stands for the team, even "
        "changed later"
        if later
        else "as the copy changed last"
    )
    return [
        {
            "file": counted["row"]["file"],
            "note": (
                f"counted for {team_label(counted['row'])} ({_sketch(counted['row'])}), {why}; "
                f"{plural(len(differing), 'other copy', 'other copies')} of "
                f"this workshop {'holds' if len(differing) == 1 else 'hold'} other figures: "
                f"{named}. If another is the team's current "
                "file, move the rest out of the folder; if they are different teams, give each "
                "its own team name in step 0, and each is counted"
            ),
        }
    ]


#: The figures that tell two copies of one workshop apart, in the words of a note: a copy's
#: initiatives and bet are in its sketch already.
TELLING = {
    "in_play": "in play",
    "deploy_ready": "deploy-ready",
    "in_purgatory": "pilots stuck",
    "unowned": "with no named owner",
    "participants": "participants",
    "votes": "votes",
    "cycles": "learning cycles",
    "commitments_complete": "commitments complete",
}
TOLD_APART_BY = 3  # figures named in a note for each copy


def _told_apart(row: dict[str, Any], counted: dict[str, Any]) -> str:
    """What tells a copy from the counted file ("11 in play and 4 pilots stuck, where the
    counted file has 9 and 3"): its sketch alone was the same for copies that differed."""
    differing = [key for key in TELLING if row.get(key) != counted.get(key)]
    if not differing:
        return "the same counts, with other answers or texts"
    named = differing[:TOLD_APART_BY]
    these = [f"{row.get(key)} {TELLING[key]}" for key in named]
    those = [str(counted.get(key)) for key in named]
    return f"{listed(these)}, where the counted file has {listed(those)}"


COPIES_NAMED = 3  # other copies named in a note; the rest are counted


def _sketch(row: dict[str, Any]) -> str:
    """What tells two copies apart at a glance: their size and their bet."""
    bet = f"bet {row['bet']}" if row.get("bet") else "no bet"
    return f"{plural(row.get('initiatives', 0), 'initiative')}, {bet}"


def shared_id_notes(teams: list[dict[str, Any]]) -> list[dict[str, str]]:
    """A note for each of several teams counted under one workshop id: they filled in copies
    of one file. Both are real teams, but a merge (step 0, ``gaptools merge``) takes files of
    one id for copies of one workshop, so merging between them would mix two teams' answers."""
    if len(teams) < 2:
        return []
    notes = []
    for one in teams:
        others = [other for other in teams if other is not one]
        # A file copied by hand to plan the next quarter keeps its id: a team renamed since
        # was read as two teams who filled in one file.
        renamed = one["row"]["quarter"] not in {other["row"]["quarter"] for other in others}
        listed_others = "; ".join(
            f"{team_label(other['row'])}"
            + (f", for {other['row']['quarter']}" if renamed else "")
            + f" ({other['row']['file']})"
            for other in others
        )
        why = "the teams filled in copies of one file. Do not merge one into the other"
        if renamed:
            why = (
                "a workshop copied to plan another quarter keeps its id, so if one team was "
                "renamed, move the earlier quarter's file out of the folder and it counts once. "
                "If they are two teams, do not merge one into the other"
            )
        notes.append(
            {
                "file": one["row"]["file"],
                "note": (
                    "counted as a team of its own, but it shares one workshop id with "
                    f"{listed_others}: {why}: a merge takes files of one id for copies of one "
                    "workshop"
                ),
            }
        )
    return notes


def search_duplicates(result: Rollup) -> None:
    """Fill ``result.duplicates``: the slow part of a large roll-up, so a screen can show the
    teams first and say it is still looking."""
    result.duplicates = duplicates(result.ideas, result.threshold)


def team_label(row: dict[str, Any]) -> str:
    """A team as the roll-up names it: its name, else its folder and file
    ("newteam/workshop.json"), as every team's file may be called ``workshop.json``; a name
    two teams share, with the file too (``_label_namesakes``)."""
    if row.get("label"):
        return row["label"]
    if row.get("team"):
        return row["team"]
    return _file_label(row["file"])


def _file_label(file: str) -> str:
    path = Path(file)
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


def _label_namesakes(counted: list[dict[str, Any]]) -> None:
    """Two teams counted under one name ("Operations leadership" in two regions) could not be
    told apart in any table, list or menu: each is labelled with its folder and file too,
    and so are its ideas in the search for the same idea."""
    by_name: dict[str, list[dict[str, Any]]] = {}
    for one in counted:
        if one["row"].get("team"):
            by_name.setdefault(_team_key(one["row"]["team"]), []).append(one)
    for namesakes in (group for group in by_name.values() if len(group) > 1):
        places = _telling_apart([one["row"]["file"] for one in namesakes])
        for one, place in zip(namesakes, places, strict=True):
            row = one["row"]
            row["label"] = f"{row['team']} ({place})"
            for idea in one["ideas"]:
                idea["label"] = row["label"]


def _telling_apart(files: list[str]) -> list[str]:
    """The shortest ends of the files' paths that differ ("emea/ops/workshop.json" and
    "apac/ops/workshop.json", where folder and file alone are alike), a folder and the file
    at least."""
    parts = [Path(file).parts for file in files]
    for count in range(2, max(len(p) for p in parts) + 1):
        ends = ["/".join(p[-count:]) for p in parts]
        if len(set(ends)) == len(ends):
            return ends
    return [str(file) for file in files]


def _spellings(spelled: list[str]) -> list[str]:
    """Each way a person's name was written, once however its case was typed."""
    shown: dict[str, str] = {}
    for spelling in spelled:
        shown.setdefault(spelling.casefold(), spelling)
    return list(shown.values())


def _across(holders: dict[str, set[str]], labels: dict[str, str]) -> list[dict[str, Any]]:
    """Who (or which function) is accountable in more than one team, most teams first; each
    with the teams' names and files."""
    found = []
    for key, members in holders.items():
        spelled = sorted(m[1:] for m in members if m.startswith("\x00"))
        files = sorted(m for m in members if not m.startswith("\x00"))
        if len(files) > 1:
            found.append(
                {
                    "name": " / ".join(_spellings(spelled)) or key,
                    "teams": [labels[f] for f in files],
                    "files": files,
                }
            )
    return sorted(found, key=lambda f: (-len(f["files"]), f["name"]))


def live_bet(row: dict[str, Any]) -> bool:
    """A team's bet that still stands: one killed since it was chosen was counted "with a
    bet" beside the teams whose bet goes on."""
    return bool(row.get("bet")) and not row.get("bet_ended")


def totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Sums and medians across teams, and how many teams have a bet and a complete card."""
    result: dict[str, Any] = {"teams": len(rows)}
    for key in SUMMED:
        result[key] = sum(r.get(key) or 0 for r in rows)
    in_play = result["in_play"]
    result["deploy_ready_share"] = round(result["deploy_ready"] / in_play, 4) if in_play else None
    result["with_bet"] = sum(live_bet(r) for r in rows)
    result["bet_complete"] = sum(bool(r.get("bet_complete")) for r in rows)
    stalled: dict[str, int] = {}
    for row in rows:
        for reason, count in row.get("stalled_by_reason", {}).items():
            stalled[reason] = stalled.get(reason, 0) + count
    result["stalled_by_reason"] = stalled
    result["medians"] = {key: _median([r.get(key) for r in rows]) for key in MEDIANS}
    dimensions = sorted({d for r in rows for d in (r.get("maturity_medians") or {})})
    result["maturity_medians"] = {
        d: _median([(r.get("maturity_medians") or {}).get(d) for r in rows]) for d in dimensions
    }
    return result


def _median(values: list[Any]) -> float | None:
    known = [v for v in values if v is not None]
    return float(statistics.median(known)) if known else None


# -- the same idea in several teams --------------------------------------------------------


def idea_text(name: str, description: str) -> str:
    """What is compared: the name and the description, as one text."""
    return f"{name}. {description}".strip() if description else name


def similarity(one: str, other: str) -> float:
    """How alike two initiatives' texts are, 0 to 100: word order, case and punctuation do not
    count (the token-sort ratio)."""
    return fuzz.ratio(_compared(one), _compared(other))


def _compared(text: str) -> str:
    """A text as compared: lower case, punctuation dropped, words in alphabetical order."""
    return " ".join(sorted(utils.default_process(text).split()))


def duplicates(
    ideas: list[dict[str, str]], threshold: int = DUPLICATE_THRESHOLD
) -> list[dict[str, Any]]:
    """Pairs of initiatives in different teams whose names and descriptions score at least
    ``threshold``, highest first, each with its score, so a person decides.

    Identical texts are compared once: the same idea in many teams is one group of holders,
    and a pair of texts is worked out once however many teams hold each, so the work grows
    with the number of distinct ideas, not teams squared. An idea held by several teams is a
    pair of the text with itself (score 100).

    Distinct texts are compared pairwise, on every core (rapidfuzz's ``workers=-1``): the
    work grows with the square of the distinct ideas. Two hundred teams of thirty distinct
    ideas take seconds; a thousand teams that all wrote their own take about a minute on
    two cores, which ``make bench`` shows. No shortcut is taken that could miss a pair."""
    groups: dict[str, list[dict[str, str]]] = {}
    for idea in ideas:
        groups.setdefault(_compared(idea_text(idea["name"], idea["description"])), []).append(idea)
    keys = sorted(groups, key=len)  # by length: a pair too unequal in length cannot match
    lengths = [len(k) for k in keys]
    found: list[dict[str, Any]] = []
    paired: set[frozenset[str]] = set()  # the texts of each pair found by its score
    for key in keys:
        holders = groups[key]
        if len({h["file"] for h in holders}) > 1:
            found.append(_pair(100.0, holders[:1], holders[1:], same_text=True))
    stretch = (200 - threshold) / threshold if threshold > 0 else float("inf")
    for start in range(0, len(keys), _CHUNK):
        block = keys[start : start + _CHUNK]
        # A ratio of at least T needs the longer text at most (200 - T) / T times the shorter:
        # each block is compared once with itself and the texts after it that could match.
        end = bisect.bisect_right(lengths, len(block[-1]) * stretch)
        scores = process.cdist(
            block, keys[start:end], scorer=fuzz.ratio, score_cutoff=threshold, workers=-1
        )
        for i, row in enumerate(scores):
            first = start + i
            for column in (int(j) for j in row.nonzero()[0]):
                second = start + column
                if second <= first:
                    continue
                one, other = groups[keys[first]], groups[keys[second]]
                if {h["file"] for h in one} | {h["file"] for h in other} == {one[0]["file"]}:
                    continue  # both only in one team: that team's own business
                found.append(_pair(float(row[column]), one, other, same_text=False))
                paired.add(frozenset((keys[first], keys[second])))
    found += _undescribed(groups, paired, threshold)
    found += _namesakes(groups, paired)
    return sorted(found, key=_closest_first)


def _undescribed(
    groups: dict[str, list[dict[str, str]]], paired: set[frozenset[str]], threshold: int
) -> list[dict[str, Any]]:
    """Pairs where one side has no description, scored on the two names alone: a PMO sheet
    with no description column beside a team that wrote one scored "Invoice matching
    assistant" against itself plus a paragraph, far below the threshold, and the office never
    saw the pair. Adds to ``paired`` the pairs it finds."""
    bare = [key for key, holders in groups.items() if not holders[0]["description"]]
    described = [key for key, holders in groups.items() if holders[0]["description"]]
    if not bare or not described:
        return []
    names = [_compared(groups[key][0]["name"]) for key in described]
    pairs = []
    for start in range(0, len(bare), _CHUNK):  # a block at a time, as ``duplicates`` compares
        block = bare[start : start + _CHUNK]
        scores = process.cdist(block, names, scorer=fuzz.ratio, score_cutoff=threshold, workers=-1)
        pairs += _named_pairs(groups, paired, block, described, scores)
    return pairs


def _named_pairs(
    groups: dict[str, list[dict[str, str]]],
    paired: set[frozenset[str]],
    bare: list[str],
    described: list[str],
    scores: Any,
) -> list[dict[str, Any]]:
    """The pairs of one block of ``_undescribed``'s scores, of two teams, not found before."""
    pairs = []
    for i, row in enumerate(scores):
        for j in (int(j) for j in row.nonzero()[0]):
            first, second = bare[i], described[j]
            one, other = groups[first], groups[second]
            if frozenset((first, second)) in paired:
                continue
            if {h["file"] for h in one} | {h["file"] for h in other} == {one[0]["file"]}:
                continue  # both only in one team
            paired.add(frozenset((first, second)))
            pairs.append(_pair(float(row[j]), one, other, same_text=False, names_only=True))
    return pairs


def _closest_first(pair: dict[str, Any]) -> tuple[Any, ...]:
    """The same text first, then the same name (whatever the descriptions score: the duplicate
    an office looks for), then by score, so a page that shows the first pairs shows those."""
    return (not pair["same_text"], not pair["same_name"], -pair["score"], pair["first"][0]["name"])


def name_key_of(name: str) -> str:
    """A name as two teams may write one initiative: case, spaces, hyphens and other
    punctuation set aside ("Claims Co-pilot" and "claims copilot")."""
    return "".join(utils.default_process(name).split())


def _namesakes(
    groups: dict[str, list[dict[str, str]]], found: set[frozenset[str]]
) -> list[dict[str, Any]]:
    """Pairs of texts that share an initiative's name, in different teams, not already
    ``found`` by their score: each with the score its texts have, however low."""
    by_name: dict[str, dict[str, None]] = {}
    for key, holders in groups.items():
        for holder in holders:
            by_name.setdefault(name_key_of(holder["name"]), {})[key] = None
    by_name.pop("", None)  # a name of punctuation alone says nothing
    pairs = []
    for keys in by_name.values():
        for first, second in itertools.combinations(sorted(keys, key=len), 2):
            one, other = groups[first], groups[second]
            if frozenset((first, second)) in found:
                continue
            if {h["file"] for h in one} | {h["file"] for h in other} == {one[0]["file"]}:
                continue  # both only in one team
            pairs.append(_pair(fuzz.ratio(first, second), one, other, same_text=False))
    for pair in pairs:
        pair["same_name"] = True
    return pairs


def score_label(pair: dict[str, Any]) -> str:
    """A pair's score as every format shows it, saying when two teams named it alike."""
    shared = " (same name)" if pair["same_name"] and not pair["same_text"] else ""
    if pair["names_only"] and not shared:
        shared = " (names alone: one has no description)"
    return f"{pair['score']:g}{shared}"


def _pair(
    score: float,
    one: list[dict[str, str]],
    other: list[dict[str, str]],
    same_text: bool,
    names_only: bool = False,
) -> dict[str, Any]:
    def side(holders: list[dict[str, str]]) -> list[dict[str, str]]:
        return [
            {"team": h["team"], "file": h["file"], "name": h["name"]}
            | ({"label": h["label"]} if "label" in h else {})  # two teams of one name
            for h in holders
        ]

    names = {name_key_of(h["name"]) for h in one}
    return {
        "score": round(score, 1),
        "same_text": same_text,
        "names_only": names_only,  # scored on the names: one side has no description
        "same_name": same_text or any(name_key_of(h["name"]) in names for h in other),
        "first": side(one),
        "second": side(other),
        "description_first": one[0]["description"],
        "description_second": other[0]["description"],
    }
