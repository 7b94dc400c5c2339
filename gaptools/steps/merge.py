"""Leaders' own copies of a workshop, merged back into the facilitator's.

A leader may fill in their part on a copy of the workshop (a laptop on a train, a notebook of
their own): their definition of success, their gut check, a named ballot, a maturity rating,
their commitment, an initiative's value or owner, a learning cycle. ``merge`` brings those in,
entry by stable key: a definition, a gut check, a rating or a commitment by the leader's name
(an anonymous one by its id), a ballot by its voter (an anonymous one by its id), a pulse
answer by its id, an initiative's value and owner by the initiative's id, a learning cycle by
its own id within its initiative. An initiative that only a copy has, and a copy's changes to
an initiative's other parts held otherwise (its description, stage, readiness…), are not
brought in: the
portfolio is the facilitator's. The report lists them, so that nothing is dropped unseen.

An entry only the copy has is added; one both hold alike is left; one both hold differently is
a conflict: reported with both values, the workshop's kept unless the copy is preferred. A
value or an owner the workshop has left empty is simply filled. Merging a copy again changes
nothing, and, with no conflict, several copies give the same workshop in any order (what they
add is sorted by key, not by where it came from).

A copy of another workshop is refused (``meta.identity``). Anonymous answers found in a copy are
merged without a name, but whoever merges knows whose copy it was: answers that must stay
secret belong in the survey (anonymous responses on) or the facilitator's private mode.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from gaptools.core.model import (
    Cycle,
    Entry,
    Initiative,
    Ownership,
    PulseAnswer,
    Value,
    Workshop,
    name_key,
)
from gaptools.core.text import listed, plural
from gaptools.steps import pulse
from gaptools.steps.renames import named_as_here

Key = Callable[[Any], str]


class NotACopy(ValueError):
    """A file that is not a copy of the workshop it would be merged into."""


@dataclass(frozen=True)
class Conflict:
    """Two versions of one entry: the workshop's (``ours``) and a copy's (``theirs``), each
    shown by the fields in which they differ; ``taken`` when the copy was preferred."""

    source: str
    what: str  # "value of Claims intake copilot", "definition of Dana Whitfield"
    ours: str
    theirs: str
    taken: bool = False

    def line(self) -> str:
        if self.taken:
            return f"{self.what}: took {self.source}'s '{self.theirs}' in place of '{self.ours}'"
        return f"{self.what}: kept '{self.ours}'; {self.source} has '{self.theirs}'"


@dataclass
class MergeReport:
    added: dict[str, int] = field(default_factory=dict)
    filled: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # what a copy holds that no merge takes

    def lines(self) -> list[str]:
        counts = [plural(n, word) for word, n in sorted(self.added.items()) if n]
        lines = ["Added: " + (", ".join(counts) if counts else "nothing new") + "."]
        if self.filled:
            lines.append(
                f"Filled {plural(self.filled, 'empty value or owner', 'empty values or owners')}."
            )
        if self.conflicts:
            lines.append(f"{plural(len(self.conflicts), 'conflict')}:")
            lines += [f"  {c.line()}" for c in self.conflicts]
        if self.left_out:
            lines.append(
                "Not merged, as the portfolio is the facilitator's (bring these in at step 1 "
                "if the room agrees):"
            )
            lines += [f"  {line}" for line in self.left_out]
        return lines


def check_copy(workshop: Workshop, copy: Workshop, name: str) -> None:
    if copy.meta.identity() != workshop.meta.identity():
        raise NotACopy(
            f"{name} is not a copy of this workshop (another workshop id): nothing was merged"
        )


def merge(
    workshop: Workshop,
    copies: Sequence[tuple[str, Workshop]],
    prefer: str | None = None,
) -> MergeReport:
    """Merge every copy (named for the report) into ``workshop``; ``prefer`` names the copy
    whose values win a conflict."""
    for name, copy in copies:
        check_copy(workshop, copy, name)
        named_as_here(workshop, copy)
    report = MergeReport()
    ordered = sorted(copies, key=lambda named: (named[0] != prefer, named[0]))
    for section, get, key in _SECTIONS:
        sources = [(name, get(copy)) for name, copy in ordered]
        added = _merge_entries(get(workshop), sources, section, key, prefer, report)
        _count(report, section, len(added))
        if section == "ballot":
            _mark_voted(workshop, added)
    _merge_pulse(workshop, [copy for _, copy in ordered], report)
    for name, copy in ordered:
        _merge_initiatives(workshop, name, copy, prefer == name, report)
    _merge_cycles(workshop, ordered, prefer, report)
    return report


def _person(name_of: Callable[[Any], str]) -> Key:
    """A named entry is keyed by its person, an anonymous one by its id."""

    def key(entry: Any) -> str:
        person = name_of(entry)
        return f"name:{name_key(person)}" if person else f"id:{entry.id}"

    return key


_SECTIONS: list[tuple[str, Callable[[Workshop], list[Any]], Key]] = [
    ("definition", lambda w: w.success_definitions, _person(lambda e: e.participant)),
    ("gut check", lambda w: w.gut_checks, _person(lambda e: e.participant)),
    ("ballot", lambda w: w.voting.ballots, _person(lambda e: e.voter)),
    ("maturity rating", lambda w: w.maturity.ratings, _person(lambda e: e.rater)),
    ("commitment", lambda w: w.commitments, _person(lambda e: e.leader)),
]


def _content(entry: Entry) -> dict[str, Any]:
    return entry.model_dump(mode="json", exclude={"id"})


def _merge_entries(
    entries: list[Any],
    sources: Sequence[tuple[str, list[Any]]],
    section: str,
    key: Key,
    prefer: str | None,
    report: MergeReport,
) -> list[Any]:
    """Bring the copies' entries (``sources``, by copy name) into ``entries`` by key, and
    return those added, in the order of their keys."""
    mine = {key(e): i for i, e in enumerate(entries)}
    new: dict[str, Any] = {}
    for name, theirs_all in sources:
        for theirs in theirs_all:
            k = key(theirs)
            if k in mine:
                current = entries[mine[k]]
                if _content(current) != _content(theirs):
                    taken = prefer == name
                    _conflict(report, name, f"{section} {_label(k)}", current, theirs, taken)
                    if taken:
                        entries[mine[k]] = theirs.model_copy(update={"id": current.id})
            elif k in new:
                if _content(new[k]) != _content(theirs):
                    _conflict(report, name, f"{section} {_label(k)}", new[k], theirs, False)
            else:
                new[k] = theirs
    added = [new[k] for k in sorted(new)]
    entries.extend(added)
    return added


def _count(report: MergeReport, what: str, added: int) -> None:
    if added:
        report.added[what] = report.added.get(what, 0) + added


def _mark_voted(workshop: Workshop, ballots: list[Any]) -> None:
    """A named ballot brought in counts its voter as having voted."""
    voted = {name_key(v) for v in workshop.voting.voted}
    for ballot in ballots:
        if ballot.voter and name_key(ballot.voter) not in voted:
            workshop.voting.voted.append(ballot.voter)
            voted.add(name_key(ballot.voter))


def _label(key: str) -> str:
    kind, _, rest = key.partition(":")
    if kind == "cycle":
        return f"({rest})"
    return f"of {rest}" if kind == "name" else f"(anonymous, {rest})"


def _conflict(
    report: MergeReport, source: str, what: str, ours: Any, theirs: Any, taken: bool
) -> None:
    report.conflicts.append(Conflict(source, what, *_sides(ours, theirs), taken=taken))


def _sides(ours: Any, theirs: Any) -> tuple[str, str]:
    """Both versions by the fields in which they differ: two values that differ only in a
    lead measure show that lead measure, not a line cut short before it."""
    mine, other = _data(ours), _data(theirs)
    if isinstance(mine, dict) and isinstance(other, dict):
        differ = [k for k in {**mine, **other} if mine.get(k) != other.get(k)]
        mine = {k: mine.get(k) for k in differ}
        other = {k: other.get(k) for k in differ}
    return _short(mine), _short(other)


def _data(value: Any) -> Any:
    return value.model_dump(mode="json", exclude={"id"}) if hasattr(value, "model_dump") else value


def _short(data: Any) -> str:
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if v not in ("", None, [], {})} or {"": "(empty)"}
        text = ", ".join(f"{k}: {v}" if k else str(v) for k, v in data.items())
    else:
        text = str(data)
    return text if len(text) <= 160 else text[:159] + "…"


def _merge_pulse(workshop: Workshop, copies: list[Workshop], report: MergeReport) -> None:
    """Published pulse answers by id: a copy's answers the workshop lacks, added in canonical
    order with the ids they were published with in the copy (as a batch, where they were
    given), so that a second merge of the copy knows them."""
    have = {a.id for a in workshop.pulse.answers}
    new: dict[str, PulseAnswer] = {}
    for copy in copies:
        for answer in copy.pulse.answers:
            if answer.id not in have:
                new.setdefault(answer.id, answer)
    if new:
        pulse.add_published(workshop, [new[k] for k in sorted(new)], published_before=True)
        report.added["pulse answer"] = len(new)


def _merge_initiatives(
    workshop: Workshop, name: str, copy: Workshop, preferred: bool, report: MergeReport
) -> None:
    """An initiative's value and its owner, matched by the initiative's id."""
    by_id = {i.id: i for i in workshop.initiatives}
    for theirs in copy.initiatives:
        mine = by_id.get(theirs.id)
        if mine is None:
            report.left_out.append(f"{name}: a new initiative, '{theirs.name}'")
            continue
        for part, empty in (("value", Value()), ("ownership", Ownership())):
            _merge_part(mine, theirs, part, empty, name, preferred, report)
        changed = [
            f.replace("_", " ")
            for f in type(mine).model_fields
            if f not in _MERGED and getattr(mine, f) != getattr(theirs, f)
        ]
        if changed:
            report.left_out.append(f"{name}: {mine.name} differs in its {listed(changed)}")


# An initiative's parts a merge brings in; the rest of it belongs to the portfolio.
_MERGED = {"id", "value", "ownership", "cycles"}


def _merge_cycles(
    workshop: Workshop,
    copies: Sequence[tuple[str, Workshop]],
    prefer: str | None,
    report: MergeReport,
) -> None:
    """Each initiative's learning cycles, by the cycle's id, as other entries are: a cycle
    only a copy has is added (a leader wrote it up on the train), one written differently in
    both is a conflict. A cycle's id is drawn at random when it is written, so two copies
    never mistake two different cycles for one."""
    for initiative in workshop.initiatives:
        sources = [
            (name, theirs.cycles)
            for name, copy in copies
            for theirs in copy.initiatives
            if theirs.id == initiative.id
        ]
        what = f"learning cycle of {initiative.name}"
        added = _merge_entries(initiative.cycles, sources, what, _cycle_key, prefer, report)
        _count(report, "learning cycle", len(added))


def _cycle_key(cycle: Cycle) -> str:
    return f"cycle:{cycle.id}"


def _merge_part(
    mine: Initiative,
    theirs: Initiative,
    part: str,
    empty: Value | Ownership,
    source: str,
    preferred: bool,
    report: MergeReport,
) -> None:
    current, other = getattr(mine, part), getattr(theirs, part)
    if other in (current, empty):
        return
    if current == empty:
        setattr(mine, part, other.model_copy(deep=True))
        report.filled += 1
        return
    word = "owner" if part == "ownership" else "value"
    _conflict(report, source, f"{word} of {mine.name}", current, other, preferred)
    if preferred:
        setattr(mine, part, other.model_copy(deep=True))
