"""Step 4: who owns what, linted like code.

The responsibility map gives each function one letter per initiative: R (does the work),
A (answers for the outcome), C (is consulted before decisions), I (is kept informed). The
rules are those of responsibility-assignment matrices, plus two that AI work needs: security
and compliance must be in the loop where data is sensitive or the system acts on its own, and
whoever answers for delivery should not be the only one signing off its safety.

An initiative is owned when it names the one person accountable for it (``is_owned``): a
person answers the phone, a function does not. A named person with no function marked A is
still owned, and the map asks which function answers for it (a warning); with neither, the
missing A is an error. ``unowned`` counts the initiatives in play (ideas, pilots, stalled ones)
that name nobody; the findings also cover production ones, which still need an owner.

Each finding is a record (rule, severity, initiative, subject, message), so the notebook, the
CLI and the canvas all show the same list, the way a linter does.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass
from functools import lru_cache

from gaptools.core.model import Function, Initiative, Workshop, as_listed, name_key
from gaptools.core.text import plural
from gaptools.steps import in_runs

ERROR = "error"
WARNING = "warning"

#: More Responsible or Consulted functions than this on one initiative is diffuse.
MAX_RESPONSIBLE = 3
MAX_CONSULTED = 4

GATE_WORDS = ("security", "compliance", "legal")


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    initiative: str  # "" for findings about a person or function across initiatives
    subject: str  # the function or person concerned, or ""
    message: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@lru_cache(maxsize=256)
def is_gate(function: str) -> bool:
    """Security and compliance/legal functions sign off the gates AI work must pass. Asked
    for every function of every initiative, about the same few names: remembered."""
    lowered = function.casefold()
    return any(word in lowered for word in GATE_WORDS)


def letters(initiative: Initiative, functions: list[str]) -> dict[str, str]:
    """The initiative's letters for the workshop's functions, in the workshop's order."""
    raci = initiative.ownership.raci
    return {f: raci[f] for f in functions if raci.get(f)}


def accountable_functions(initiative: Initiative, functions: list[str]) -> list[str]:
    return [f for f, letter in letters(initiative, functions).items() if letter == "A"]


#: What a sheet or a hurried facilitator writes where nobody owns it yet: not a person.
PLACEHOLDERS = frozenset(
    {"tbd", "tbc", "tba", "to be decided", "to be confirmed", "n/a", "na", "none", "nobody"}
    | {"unknown", "unassigned", "open", "?", "??", "-", "—", "owner", "team"}
)
#: A group's last word: "Procurement team" names who to ask, not who answers.
GROUP_WORDS = ("team", "department", "dept", "function", "committee")


#: What joins two people in one box: "J. Smith / K. Patel", "Dee & Eve", "Ana and Ben".
#: A comma does not: "Smith, John" is one person, surname first.
SEVERAL = re.compile(r"\s*[/&+;]\s*|\s+and\s+", re.IGNORECASE)


def accountable_person(initiative: Initiative) -> str:
    """The person named as accountable, or "" when the name is empty, a placeholder ("tbd"),
    a group ("Procurement team") or two people ("Dee / Eve"): one person answers the phone."""
    person = " ".join(initiative.ownership.accountable.split())
    return "" if not_a_person(person) else person


def names_several(written: str) -> bool:
    """Does the box name two people or more ("J. Smith / K. Patel")?"""
    return len([part for part in SEVERAL.split(written) if part.strip()]) > 1


def people(workshop: Workshop) -> list[str]:
    """The names a form suggests for an accountable person: the participants, as the list
    spells them, in alphabetical order. A name typed anew ("Sam Patell" for Sam Patel)
    counts as another person, halving one owner's load. Only the list is offered, not every
    name typed so far: a name typed in one row would otherwise send every row of the map its
    new suggestions, at each change."""
    return sorted((p.name for p in workshop.meta.participants), key=str.casefold)


def is_owned(initiative: Initiative) -> bool:
    """Does it name one accountable owner? A person named as accountable, whatever the map's
    letters say: the letters have findings of their own. The one answer for status, the form,
    the report and the commitment card."""
    return bool(accountable_person(initiative))


def initiative_findings(initiative: Initiative, functions: list[str]) -> list[Finding]:
    """The rules that concern one initiative on its own."""
    name = initiative.name
    found: list[Finding] = []
    marks = letters(initiative, functions)
    accountable = [f for f, letter in marks.items() if letter == "A"]
    person = accountable_person(initiative)
    if not accountable and person:
        found.append(
            Finding(
                "one-accountable",
                WARNING,
                name,
                person,
                f"{person} is accountable, but no function is marked A: which function "
                "answers for it?",
            )
        )
    elif not accountable:
        found.append(
            Finding("one-accountable", ERROR, name, "", "no function is accountable: mark one A")
        )
    elif len(accountable) > 1:
        both = " and ".join(accountable)
        found.append(
            Finding(
                "one-accountable",
                ERROR,
                name,
                both,
                f"{len(accountable)} functions are accountable ({both}): if two answer for it, "
                "nobody does; keep one A",
            )
        )
    if not person:  # ``is_owned``, on the name already read
        written = " ".join(initiative.ownership.accountable.split())
        found.append(
            Finding(
                "accountable-person",
                ERROR,
                name,
                written,
                not_a_person(written),
            )
        )
    responsible = [f for f, letter in marks.items() if letter == "R"]
    if not responsible and not accountable:
        found.append(
            Finding("one-responsible", ERROR, name, "", "nobody is responsible for doing the work")
        )
    elif not responsible:
        found.append(
            Finding(
                "one-responsible",
                WARNING,
                name,
                accountable[0] if len(accountable) == 1 else "",
                "no function is marked responsible: is the accountable one doing the work too?",
            )
        )
    found.extend(_gate_findings(initiative, functions, marks))
    consulted = [f for f, letter in marks.items() if letter == "C"]
    if len(responsible) > MAX_RESPONSIBLE or len(consulted) > MAX_CONSULTED:
        found.append(
            Finding(
                "diffuse",
                WARNING,
                name,
                "",
                f"{len(responsible)} responsible and {len(consulted)} consulted: when everyone "
                "is involved, nobody moves; trim to the few who must be",
            )
        )
    return found


def not_a_person(written: str) -> str:
    """Why what the accountable box holds names no one person, in the finding's words; ""
    when it does. The one rule for ``accountable_person`` and its finding."""
    if not written:
        return "no person named as accountable: a function cannot answer the phone"
    key = name_key(written)
    if key in PLACEHOLDERS or key.rsplit(" ", 1)[-1] in GROUP_WORDS:
        return f"'{written}' is not a person: name who answers for it"
    if names_several(written):
        return f"'{written}' names more than one person: if two answer for it, nobody does"
    return ""


def _gate_findings(
    initiative: Initiative, functions: list[str], marks: dict[str, str]
) -> list[Finding]:
    found = []
    gates = [f for f in functions if is_gate(f)]
    why = _gate_reason(initiative)
    if why and not gates:
        found.append(
            Finding(
                "gates-consulted",
                ERROR,
                initiative.name,
                "",
                f"the initiative {why}, but the map has no security or compliance function "
                "to consult: add one",
            )
        )
    if why:
        for gate in gates:
            if marks.get(gate) not in {"R", "A", "C"}:
                found.append(
                    Finding(
                        "gates-consulted",
                        ERROR,
                        initiative.name,
                        gate,
                        f"{gate} must at least be consulted: the initiative {why}",
                    )
                )
    signing = [g for g in gates if marks.get(g) in {"R", "A"}]
    if len(signing) == 1 and marks.get(signing[0]) == "A":
        found.append(
            Finding(
                "self-sign-off",
                WARNING,
                initiative.name,
                signing[0],
                f"{signing[0]} is accountable for delivery and also the only sign-off on its own "
                "gate: give the gate to someone who does not answer for the deadline",
            )
        )
    return found


def _gate_reason(initiative: Initiative) -> str:
    reasons = []
    if initiative.ownership.sensitive_data:
        reasons.append("handles sensitive data")
    if initiative.agentic:
        reasons.append("acts on its own (agentic)")
    return " and ".join(reasons)


def load(workshop: Workshop) -> tuple[Counter[str], Counter[str]]:
    """How many initiatives each person and each function is accountable for. A person is
    counted as the participant list names them where the name is a listed leader's (``Sam``
    when only Sam Patel is listed, as the room and a survey import read names): counted
    apart, "Sam Patel" for three and "Sam" for one hid a person carrying four."""
    functions = workshop.settings.function_names()
    listed = [p.name for p in workshop.meta.participants]
    people: Counter[str] = Counter()
    shown: dict[str, str] = {}
    teams: Counter[str] = Counter()
    read: dict[str, str] = {}  # each name as listed, worked out once: a few people own many
    for initiative in workshop.live_initiatives():
        person = accountable_person(initiative)
        if person:
            if person not in read:
                read[person] = as_listed(person, listed) or person
            person = read[person]
            key = name_key(person)
            shown.setdefault(key, person)
            people[shown[key]] += 1
        for function in accountable_functions(initiative, functions):
            teams[function] += 1
    return people, teams


def overload_findings(workshop: Workshop) -> list[Finding]:
    limit = workshop.settings.overload_threshold
    people, teams = load(workshop)
    found = []
    for kind, counts in (("person", people), ("function", teams)):
        for who, count in counts.most_common():
            if count > limit:
                found.append(
                    Finding(
                        "overloaded",
                        WARNING,
                        "",
                        who,
                        f"{who} ({kind}) is accountable for {count} initiatives, more than "
                        f"{limit}: something will slip",
                    )
                )
    return found


def findings(workshop: Workshop) -> list[Finding]:
    """Every ownership finding of the workshop, initiative by initiative, then the loads."""
    functions = workshop.settings.function_names()
    found = [f for i in workshop.live_initiatives() for f in initiative_findings(i, functions)]
    return found + overload_findings(workshop)


def findings_in_groups(workshop: Workshop, initiatives: int) -> list[list[Finding]]:
    """The findings of ``findings``, in its order: those of each run of ``initiatives``
    initiatives together, then the loads'. A change to one initiative's map changes its
    group (and the loads' when it names a person or a function): a long list shown in
    parts redraws only those."""
    functions = workshop.settings.function_names()
    groups = in_runs(workshop, initiatives, lambda i: initiative_findings(i, functions))
    return [*groups, overload_findings(workshop)]


def unowned(workshop: Workshop) -> list[str]:
    """Initiatives in play (``Workshop.in_play``: ideas, pilots, stalled ones) that name no
    accountable person. Production ones are left out of the count, as they are of the value
    counts, though their findings still ask for an owner; killed ones need none."""
    return [i.name for i in workshop.in_play() if not is_owned(i)]


def owner_gaps(unowned_names: list[str]) -> list[str]:
    """What step 4 still lacks, for the workshop's 'missing' list."""
    if not unowned_names:
        return []
    count = plural(len(unowned_names), "initiative has", "initiatives have")
    return [f"{count} no named accountable person (step 4)"]


def function_entry(workshop: Workshop, which: str) -> Function:
    """The function with that id (as a form names it) or that exact name (as a script does)."""
    for function in workshop.settings.functions:
        if which in (function.id, function.name):
            return function
    raise ValueError(f"there is no function called '{which}' (removed meanwhile?)")


def finding_flags(found: list[Finding]) -> list[str]:
    """The map's errors as step 0's list flags them, to resolve. Unowned initiatives are in
    the missing list already; these are the rest of the linter's errors (a gate nobody
    consults, two As, nobody responsible). Its warnings (an overloaded owner) are the step's
    to weigh, and leave the step ticked."""
    errors = sum(f.severity == ERROR for f in found)
    return [f"{plural(errors, 'error')} in the ownership map to resolve"] if errors else []


def rename_function(workshop: Workshop, which: str, new: str) -> None:
    """Rename a function everywhere it is used, keeping every letter."""
    new = new.strip()
    if not new:
        raise ValueError("a function needs a name")
    function = function_entry(workshop, which)
    old = function.name
    names = workshop.settings.function_names()
    if name_key(new) != name_key(old) and any(name_key(f) == name_key(new) for f in names):
        raise ValueError(f"there is already a function called '{new}'")
    function.name = new
    for initiative in workshop.initiatives:
        raci = initiative.ownership.raci
        if old in raci:
            initiative.ownership.raci = {(new if k == old else k): v for k, v in raci.items()}


def add_function(workshop: Workshop, name: str) -> Function:
    name = name.strip()
    if not name:
        raise ValueError("a function needs a name")
    if any(name_key(f) == name_key(name) for f in workshop.settings.function_names()):
        raise ValueError(f"there is already a function called '{name}'")
    function = Function(name=name)
    workshop.settings.functions.append(function)
    return function


def remove_function(workshop: Workshop, which: str) -> None:
    """Remove a function and its letters (undo brings both back)."""
    function = function_entry(workshop, which)
    workshop.settings.functions.remove(function)
    for initiative in workshop.initiatives:
        initiative.ownership.raci.pop(function.name, None)
