"""Which column of a portfolio sheet holds which field, and which word means which stage.

PMOs name their columns their own way ("Initiative", "Project owner", "Est. effort (weeks)")
and write stages in their own words ("Live", "PoC", "On hold"). The usual names live in data
files (``column_names.json``, ``stage_words.json``) that a team extends with a file of the
same name beside its workshop; anything else is mapped by the person importing (``--map
"Workstream=name"`` or a menu in the notebook). Nothing is guessed silently: the plan says how
every column was read, and the import report prints it.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gaptools.core.errors import WorkshopError
from gaptools.core.model import Stage
from gaptools.core.resources import load_json
from gaptools.core.text import header_key
from gaptools.files.home import COLUMN_NAMES, STAGE_WORDS
from gaptools.files.reading import read_regular
from gaptools.files.store import atomic_write

MAX_WORDS_FILE = 1024 * 1024

# Field -> where its value goes in an initiative, and how its cell is read.
FIELDS: dict[str, tuple[tuple[str, ...], str]] = {
    "name": (("name",), "line"),
    "description": (("description",), "text"),
    "category": (("category",), "category"),
    "stage": (("stage",), "stage"),
    "sponsor": (("sponsor",), "line"),
    "accountable": (("ownership", "accountable"), "line"),
    "started": (("started",), "date"),
    "metric": (("value", "metric"), "line"),
    "unit": (("value", "unit"), "line"),
    "baseline": (("value", "baseline"), "number"),
    "target": (("value", "target"), "number"),
    "due": (("value", "due"), "date"),
    "measured_by": (("value", "measured_by"), "line"),
    "lead_measures": (("value", "lead_measures"), "lines"),
    "guardrail": (("value", "guardrail"), "line"),
    "effort_weeks": (("effort_weeks",), "weeks"),
    "area": (("area",), "line"),
    "stall_reason": (("stall_reason",), "stall_reason"),
}
#: Each field as a person reads it: the column menus' choices, and the words the import's
#: report says a column was read as ("'Status' as stage"; "as due" was the field's key).
FIELD_LABELS = {
    "name": "Name",
    "description": "What it does",
    "category": "Category",
    "stage": "Stage",
    "sponsor": "Sponsor",
    "accountable": "Accountable owner",
    "started": "Start date",
    "metric": "Value metric",
    "unit": "Metric unit",
    "baseline": "Baseline",
    "target": "Target",
    "due": "Target date of the value",
    "measured_by": "Measured by",
    "lead_measures": "Lead measures",
    "guardrail": "Guardrail",
    "effort_weeks": "Effort in weeks",
    "area": "Business area",
    "stall_reason": "Why it stalled",
}
NOTE = "note"  # keep the column with each initiative, as found
IGNORE = "ignore"  # leave the column out
CHOICES = (*FIELDS, NOTE, IGNORE)

# How a column came to be read as a field, as the report says it.
BY_NAME = "its name"
BY_LIST = "a usual name"
BY_TEAM_LIST = "your column_names.json"
BY_CHOICE = "your choice"


#: How gaptools' own CSV and workbook head the columns an import kept, and each function's
#: letters: read back, "note: Ref" became a note of its own, exported as "note: note: Ref",
#: one more column at every round trip.
NOTE_PREFIX, NOTE_SUFFIX = "note: ", " (from the import)"
RACI_PREFIX, RACI_SUFFIX = "raci: ", " (R/A/C/I)"

#: The workbook's headings for the initiatives' field names (the CSV keeps the names, for
#: scripts); a name not here reads as itself, capitalised ("likelihood": "Likelihood").
HEADINGS = {
    "name": "Initiative",
    "description": "What it does",
    "area": "Business area",
    "started": "Started",
    "stall_reason": "Why it stalled",
    "pilot_age_weeks": "Pilot age (weeks)",
    "in_purgatory": "Stuck in pilot",
    "due": "Target date",
    "value_status": "Value verdict",
    "value_sentence": "Value sentence",
    "value_gaps": "Value still to explore",
    "accountable": "Accountable person",
    "ownership_findings": "Ownership findings",
    "readiness_done": "Readiness done",
    "weakest_link": "Weakest link",
    "high_risks": "High risks",
    "regulatory_tier": "Regulatory tier",
    "value_estimate": "Value (1–5)",
    "confidence": "Confidence (%)",  # 70, beside shares set as 87%: a number of per cent
    "effort_weeks": "Effort (weeks)",
    "score": "Score",
    "above_line": "Above the line",
    "stability": "Stability",
    "bet": "The bet",
}
#: The columns of that export an import does not read back: worked out from the workshop
#: (a score, a verdict, the bet), which as notes stayed frozen while the figures moved on,
#: or set in their own step (the estimates, the tier).
NOT_READ_BACK = frozenset(
    header_key(name)
    for key, heading in HEADINGS.items()
    if key not in FIELDS  # the table's own figures: every column it heads that no field is
    for name in (key, heading)
)


def from_our_export(headers: Sequence[str]) -> bool:
    """Does the sheet look like gaptools' own CSV or workbook: a PMO's own "Score" or
    "Confidence" column is theirs to keep as a note, but beside "Value sentence" and
    "Ownership findings" it is the toolkit's."""
    return len({header_key(h) for h in headers} & NOT_READ_BACK) >= OUR_COLUMNS


OUR_COLUMNS = 5  # of the export's own columns, enough that no PMO's sheet has them by chance


def exported_as(header: str, ours: bool = True) -> tuple[str, str] | None:
    """What a column of gaptools' own export holds: ("note", its header as imported),
    ("raci", a function), ("ours", "") for one not read back (in a sheet that is ``ours``);
    None for any other."""
    for prefix, suffix, kind in (
        (NOTE_PREFIX, NOTE_SUFFIX, "note"),
        (RACI_PREFIX, RACI_SUFFIX, "raci"),
    ):
        if header.startswith(prefix) and header.removeprefix(prefix).strip():
            return kind, header.removeprefix(prefix).strip()
        if header.endswith(suffix) and header.removesuffix(suffix).strip():
            return kind, header.removesuffix(suffix).strip()
    return ("ours", "") if ours and header_key(header) in NOT_READ_BACK else None


@dataclass(frozen=True)
class Words:
    """Normalised word -> what it stands for, and which words came from the team's file."""

    meaning: dict[str, str]
    own: frozenset[str] = frozenset()


@dataclass
class ColumnPlan:
    """How each header of one sheet is read: as a field, as a note, or not at all."""

    fields: dict[str, str] = field(default_factory=dict)  # header -> field
    how: dict[str, str] = field(default_factory=dict)  # header -> BY_...
    notes: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    second: dict[str, str] = field(default_factory=dict)  # header -> field another column has
    # Of gaptools' own export: a kept column's header as first imported, each function's
    # letters, and the columns it works out, left out.
    note_names: dict[str, str] = field(default_factory=dict)  # header -> the note's name
    letters: dict[str, str] = field(default_factory=dict)  # header -> function
    ours: list[str] = field(default_factory=list)

    def column(self, wanted: str) -> str | None:
        """The header read as ``wanted``, if any."""
        return next((h for h, f in self.fields.items() if f == wanted), None)

    def lines(self) -> list[str]:
        """Every mapping made, in words."""
        lines = []
        if self.fields:
            read = ", ".join(
                f"'{h}' as {FIELD_LABELS[f].lower()}"
                + ("" if self.how[h] == BY_NAME else f" ({self.how[h]})")
                for h, f in self.fields.items()
            )
            lines.append(f"Columns read: {read}.")
        for header, wanted in self.second.items():
            lines.append(
                f"'{header}' could also be the {FIELD_LABELS[wanted].lower()}, which "
                f"'{self.column(wanted)}' already is; kept as a note."
            )
        if self.notes:
            kept = ", ".join(f"'{h}'" for h in self.notes)
            lines.append(f"Kept as notes, shown with each initiative: {kept}.")
        if self.ignored:
            lines.append("Left out: " + ", ".join(f"'{h}'" for h in self.ignored) + ".")
        if self.letters:
            read = ", ".join(f"'{h}' as {f}'s letter" for h, f in self.letters.items())
            lines.append(f"Responsibility map read: {read}.")
        if self.ours:
            lines.append(
                "Left out, as gaptools works them out or sets them in their steps: "
                + ", ".join(f"'{h}'" for h in self.ours)
                + "."
            )
        return lines


class NoNameColumn(WorkshopError):
    """No column can be the initiatives' names: the person has to say which one is."""

    def __init__(
        self, source: str, headers: list[str], plan: ColumnPlan, closest: dict[str, str | None]
    ) -> None:
        self.plan = plan
        self.headers = headers
        self.closest = closest
        unread = [h for h in self.headers if h not in plan.fields]
        self.example = next((h for h in unread if closest.get(h) == "name"), None) or next(
            iter(unread), "Initiative"
        )
        self.statement = f"{source}: no column can be the initiatives' names."
        super().__init__(
            [
                f"{source}: no column can be the initiatives' names; the columns found are:",
                *(f"  '{h}': {self._reading(h)}" for h in self.headers),
                f'Say which column holds the names with --map "{self.example}=name" (and'
                ' any other column the same way: --map "HEADER=field", where field is one of'
                f" {', '.join(FIELDS)}, or {NOTE} or {IGNORE}).",
            ]
        )

    def suggestion(self) -> dict[str, str]:
        """Each header with its closest field, as a first guess for the person to correct;
        only the first header near a field gets it, so taking the guess as it stands never
        maps two columns to one field. The rest are kept as notes."""
        guessed: dict[str, str] = {}
        for header in self.headers:
            near = self.closest.get(header)
            guessed[header] = near if near and near not in guessed.values() else NOTE
        return guessed

    def _reading(self, header: str) -> str:
        if header in self.plan.fields:
            return f"read as {self.plan.fields[header]}"
        near = self.closest.get(header)
        return f"not recognised; closest field: {near}" if near else "not recognised"


def column_names(folder: Path | None = None) -> Words:
    """The usual header for each field, with the team's own beside its workshop."""
    return _words(COLUMN_NAMES, "fields", folder, set(FIELDS))


def stage_words(folder: Path | None = None) -> Words:
    """The usual words for each stage, with the team's own beside its workshop."""
    return _words(STAGE_WORDS, "stages", folder, {s.value for s in Stage})


def _words(name: str, section: str, folder: Path | None, allowed: set[str]) -> Words:
    meaning: dict[str, str] = {}
    for target, words in load_json(name)[section].items():
        meaning.update({header_key(target): target} | {header_key(w): target for w in words})
    own: set[str] = set()
    path = folder / name if folder is not None else None
    if path is not None and path.exists():
        for target, words in _team_words(path, section, allowed).items():
            for word in words:
                meaning[header_key(word)] = target
                own.add(header_key(word))
    return Words(meaning, frozenset(own))


def _team_words(path: Path, section: str, allowed: set[str]) -> dict[str, list[str]]:
    """The team's file, checked: a mistake there is named, never half-applied."""
    try:
        data = json.loads(read_regular(path, MAX_WORDS_FILE, "word list"))
    except json.JSONDecodeError as error:
        raise WorkshopError(f"not valid JSON ({error.msg}, line {error.lineno})", path) from None
    entries = data.get(section) if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise WorkshopError(f'expected {{"{section}": {{...}}}} as in the shipped file', path)
    for target, words in entries.items():
        if target not in allowed:
            raise WorkshopError(
                f"{section}.{target}: not one of {', '.join(sorted(allowed))}", path
            )
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise WorkshopError(f"{section}.{target}: expected a list of words", path)
    return entries


def parse_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """``["Workstream=name", ...]`` as typed after ``--map``: header -> field."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        header, sign, wanted = pair.rpartition("=")
        header, wanted = " ".join(header.split()), wanted.strip().casefold()
        if not sign or not header:
            raise WorkshopError(
                f'--map "{pair}": write it as "HEADER=field", e.g. "Workstream=name"'
            )
        if wanted not in CHOICES:
            raise WorkshopError(
                f"--map \"{pair}\": '{wanted}' is not a field; choose one of "
                f"{', '.join(FIELDS)}, or {NOTE} or {IGNORE}"
            )
        mapping[header] = wanted
    return mapping


def _plan_own(plan: ColumnPlan, header: str, kind: str, named: str) -> None:
    """A column of gaptools' own export, read back as it was written."""
    if kind == "note":
        plan.notes.append(header)
        plan.note_names[header] = named
    elif kind == "raci":
        plan.letters[header] = named
    else:
        plan.ours.append(header)


def plan_columns(
    headers: list[str], names: Words, chosen: Mapping[str, str] | None = None
) -> ColumnPlan:
    """Read each header: the person's choice first, then the usual names; the first column
    that claims a field gets it, and a later one is kept as a note and said so."""
    chosen = _chosen_for(headers, chosen or {})
    # A field one of the team's own names claims is theirs: a usual name for it is a note.
    teams = {names.meaning[header_key(h)] for h in headers if header_key(h) in names.own}
    plan = ColumnPlan()
    ours = from_our_export(headers)
    for header in headers:
        wanted = chosen.get(header)
        if wanted in (NOTE, IGNORE):
            (plan.notes if wanted == NOTE else plan.ignored).append(header)
            continue
        key = header_key(header)
        usual = names.meaning.get(key)
        how = (
            BY_TEAM_LIST
            if key in names.own
            else BY_NAME
            if key == header_key(usual or "")
            else BY_LIST
        )
        if wanted is None:
            wanted = usual
        elif wanted != usual:
            how = BY_CHOICE  # a choice that only confirms the usual reading is not one
        own = exported_as(header, ours) if wanted is None else None
        if own is not None:
            _plan_own(plan, header, *own)
        elif wanted is None:
            plan.notes.append(header)
        elif (
            wanted in plan.fields.values()
            or (wanted in chosen.values() and header not in chosen)
            or (wanted in teams and key not in names.own and header not in chosen)
        ):
            plan.second[header] = wanted
            plan.notes.append(header)
        else:
            plan.fields[header] = wanted
            plan.how[header] = how
    return plan


def _chosen_for(headers: list[str], chosen: Mapping[str, str]) -> dict[str, str]:
    """The person's choices by the sheet's own headers; a header the sheet lacks is refused."""
    by_key = {header_key(h): h for h in headers}
    mapped: dict[str, str] = {}
    for header, wanted in chosen.items():
        found = by_key.get(header_key(header))
        if found is None:
            listed = ", ".join(f"'{h}'" for h in headers)
            raise WorkshopError(
                f"--map \"{header}={wanted}\": the sheet has no column '{header}' (its columns:"
                f" {listed})"
            )
        mapped[found] = wanted
    claimed = [f for f in mapped.values() if f in FIELDS]
    doubled = sorted({f for f in claimed if claimed.count(f) > 1})
    if doubled:
        raise WorkshopError(
            f"more than one column is chosen as {' and '.join(doubled)}: choose one for each"
        )
    return mapped


def closest_fields(headers: list[str], names: Words) -> dict[str, str | None]:
    """For each header, the field its name comes nearest to, as a hint; None when none is
    near. A hint only: the person decides."""
    words = list(names.meaning)
    closest: dict[str, str | None] = {}
    for header in headers:
        key = header_key(header)
        near = difflib.get_close_matches(key, words, n=1, cutoff=0.75)
        inside = [w for w in words if len(w) >= 4 and (w in key or key in w)]
        if key in names.meaning:  # a name of its own: "Lead" is an owner, not a lead measure
            hit: str | None = key
        else:
            hit = max(inside, key=len) if inside else near[0] if near else None
        closest[header] = names.meaning[hit] if hit else None
    return closest


# What a PMO adds after a stage word: "Live - hypercare", "Pilot (extended)", "On hold: budget".
_QUALIFIED = re.compile(r"\s*\(|\s+[-–—/|]\s+|\s*:\s")


def stage_for(word: str, words: Words) -> Stage | None:
    """The stage a sheet's word stands for, or None for a word nobody has taught us; a known
    word with a qualifier after it ('Live - hypercare') is read as that word, unless the
    qualifier is a stage word itself, which says where it ended: 'Closed – benefits
    realised' was delivered, not killed."""
    found = words.meaning.get(header_key(word))
    if found is None:
        head, *rest = _QUALIFIED.split(word, maxsplit=1)
        if head.strip() and rest and (found := words.meaning.get(header_key(head))):
            found = words.meaning.get(header_key(rest[0])) or found
    return Stage(found) if found else None


def remember(folder: Path, choices: Mapping[str, str], headers: Sequence[str] = ()) -> bool:
    """Add the person's choices to the team's ``column_names.json`` beside the workshop, so
    the next sheet with these headers (the sheet's ``headers``) is read the same way without
    asking; False when there was nothing to learn, and nothing is written.

    A usual name is learnt only when another of the sheet's headers claims the same field
    ('Phase' chosen over 'Status' as the stage): the team's own names then win."""
    usual = column_names().meaning
    learnt = {}
    for header, wanted in choices.items():
        rivals = [h for h in headers if h != header and usual.get(header_key(h)) == wanted]
        if wanted not in FIELDS or (usual.get(header_key(header)) == wanted and not rivals):
            continue  # nothing to learn: a note, a column left out, or a usual name
        learnt[header] = wanted
    return _add_words(folder / COLUMN_NAMES, "fields", set(FIELDS), learnt)


def remember_stages(folder: Path, choices: Mapping[str, str]) -> bool:
    """Add the person's stage for each word ('Gate 3' is a pilot) to the team's
    ``stage_words.json`` beside the workshop, as ``remember`` does for column names."""
    stages = {s.value for s in Stage}
    return _add_words(
        folder / STAGE_WORDS, "stages", stages, {w: s for w, s in choices.items() if s in stages}
    )


def _add_words(path: Path, section: str, allowed: set[str], pairs: Mapping[str, str]) -> bool:
    """Each word under its target in the team's file (made when missing); False, and nothing
    written, when every word was there already."""
    data: dict[str, Any] = {section: {}}
    if path.exists():
        data = {section: _team_words(path, section, allowed)}
    learnt = False
    for word, target in pairs.items():
        words = data[section].setdefault(target, [])
        if word not in words:
            words.append(word)
            learnt = True
    if learnt:
        atomic_write(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())
    return learnt
