"""Step 2: does the room agree what AI success means? Each leader's sentence has a lens.

The room is *contested* when no lens holds a strict majority of the definitions. The spread
is the normalised Shannon entropy of the lens shares: 0 when everyone chose the same lens,
1 when the definitions are spread evenly over all six lenses. It is a single number a
facilitator can track when the room discusses and re-votes.

Alignment is between people: one voice agrees with itself. Until at least two leaders have
written a definition (``MIN_VOICES``), the room is neither aligned nor contested but *not yet
comparable*, and says who else to ask; a leader working alone reads that, not "aligned".
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from gaptools.core.model import Lens, SuccessDefinition, Workshop, name_key, replace_or_add
from gaptools.core.numbers import percent
from gaptools.core.text import plural

#: How many people must have written a definition before the room can agree or disagree.
MIN_VOICES = 2
ASK_ANOTHER = (
    "Ask at least one other leader (or your team) to write theirs: alignment needs two views."
)


@dataclass(frozen=True)
class Spread:
    definitions: int
    voices: int  # the people who wrote them: named ones once, each unnamed one apart
    counts: dict[str, int]  # lens code -> definitions, every lens listed
    leading: list[str]  # the lens codes with the most definitions
    contested: bool  # never with fewer than ``MIN_VOICES`` voices
    entropy: float  # 0 (one lens) .. 1 (even over all lenses)
    missing: list[str]  # participants who have not given a definition yet

    @property
    def comparable(self) -> bool:
        """Two views at least: with fewer, agreeing and disagreeing mean nothing yet."""
        return self.voices >= MIN_VOICES

    @property
    def verdict(self) -> str:
        """The room in a word or two, as exports print it beside the summary."""
        if not self.definitions:
            return "no definitions yet"
        if not self.comparable:
            return "not yet comparable"
        return "contested" if self.contested else "aligned"

    @property
    def summary(self) -> str:
        if not self.definitions:
            return "No definitions of success yet: ask each leader for one sentence."
        if not self.comparable:
            return self._too_few()
        top = " and ".join(f"‘{Lens(code).label.lower()}’" for code in self.leading)
        share = self.counts[self.leading[0]] / self.definitions
        if self.contested:
            return (
                f"Contested: no lens has a majority. The largest, {top}, "
                f"{'hold' if len(self.leading) > 1 else 'holds'} {percent(share)} "
                f"of {self.definitions} definitions{' each' if len(self.leading) > 1 else ''}."
            )
        return f"Aligned: {percent(share)} of {self.definitions} definitions see success as {top}."

    def _too_few(self) -> str:
        """What one voice said, and whom to ask next: read as a verdict, "100% aligned"
        would pass a single view off as the room's."""
        said = " and ".join(f"‘{Lens(c).label.lower()}’" for c, n in self.counts.items() if n)
        found = plural(self.definitions, "definition")
        whose = "" if self.definitions == 1 else ", all from one leader"
        return f"{found} so far{whose}: success as {said}. {ASK_ANOTHER}"


def lens_spread(workshop: Workshop) -> Spread:
    definitions = workshop.success_definitions
    counts = Counter(d.lens for d in definitions)
    total = len(definitions)
    most = max(counts.values(), default=0)
    answered = {name_key(d.participant) for d in definitions}
    voices = voice_count(definitions)
    return Spread(
        definitions=total,
        voices=voices,
        counts={lens.value: counts[lens] for lens in Lens},
        leading=[lens.value for lens in Lens if counts[lens] == most and most],
        contested=voices >= MIN_VOICES and most * 2 <= total,
        entropy=normalised_entropy(list(counts.values()), len(Lens)),
        missing=[p.name for p in workshop.meta.participants if name_key(p.name) not in answered],
    )


def voice_count(definitions: list[SuccessDefinition]) -> int:
    """How many people wrote these: a named leader once however many they wrote (a merged
    copy can hold two), and each anonymous survey answer as someone of its own."""
    named = {name_key(d.participant) for d in definitions if d.participant.strip()}
    return len(named) + sum(not d.participant.strip() for d in definitions)


def comparable_flags(spread: Spread) -> list[str]:
    """What step 2 asks to look at, in the start notebook's checklist: one view is not yet
    a room's, though a leader working alone lacks nothing by having only theirs."""
    if not spread.definitions or spread.comparable:
        return []
    return [
        f"{plural(spread.definitions, 'definition')} of success so far: alignment needs two views"
    ]


def definition_gaps(spread: Spread) -> list[str]:
    """What step 2 still lacks, for the workshop's 'missing' list."""
    if not spread.definitions:
        return ["no definitions of success from the leaders yet (step 2)"]
    if spread.missing:
        who = plural(len(spread.missing), "leader has", "leaders have")
        return [f"{who} not defined success yet (step 2)"]
    return []


def record_definition(workshop: Workshop, participant: str, sentence: str, lens: Lens) -> bool:
    """Each leader has one definition: a new one replaces theirs. True when it replaced one.
    (Only the survey import adds a definition without a name.)"""
    if not participant.strip():
        raise ValueError("say whose definition this is")
    theirs = definition_of(workshop, participant)
    entry = SuccessDefinition(
        participant=workshop.as_listed(participant), sentence=sentence, lens=lens
    )
    return replace_or_add(workshop.success_definitions, lambda d: d is theirs, entry)


def definition_of(workshop: Workshop, leader: str) -> SuccessDefinition | None:
    """The one definition of ``leader``, their name compared as people compare names."""
    key = name_key(leader)
    return next((d for d in workshop.success_definitions if name_key(d.participant) == key), None)


def normalised_entropy(counts: list[int], categories: int) -> float:
    """Shannon entropy of ``counts`` divided by its maximum, log(categories)."""
    total = sum(counts)
    if total == 0 or categories < 2:
        return 0.0
    # Summed as the information of each share, so that one share alone gives 0.0, not the
    # -0.0 of a negated zero, which prints as "-0.00".
    entropy = sum(c / total * math.log(total / c) for c in counts if c)
    return entropy / math.log(categories)
