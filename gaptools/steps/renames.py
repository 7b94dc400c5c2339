"""A leader or an initiative renamed: the other names that follow it, matched by id.

A rename follows the name wherever the workshop holds it (``start.rename_participant``,
``portfolio.rename_initiative``). Two other moments meet a name from before or after one: a
leader's copy made before a rename is merged back, and a rename is undone after others have
written the new name.
"""

from __future__ import annotations

from gaptools.core.model import Initiative, Participant, Workshop
from gaptools.steps.portfolio import follow_initiative
from gaptools.steps.start import follow_participant


def named_as_here(workshop: Workshop, copy: Workshop) -> None:
    """A leader's copy made before a leader or an initiative was renamed here names them as
    they were: their entries would come back as a second person's, their dots as another
    initiative's. Matched by id, each takes its name here, everywhere the copy names it."""
    leaders, initiatives = _named_otherwise(copy, workshop)
    for participant, here in leaders:
        follow_participant(copy, participant.name, here)
        participant.name = here
    for initiative, here in initiatives:
        follow_initiative(copy, initiative.name, here)
        initiative.name = here


def renames_undone(now: Workshop, reverted: Workshop) -> None:
    """An undone rename takes the old name back everywhere, as the rename gave the new one
    everywhere: what others wrote under the new name since ("who measures" typed in another
    notebook) kept a name nobody on the list had, and the owner's load split in two."""
    leaders, initiatives = _named_otherwise(reverted, now)
    for participant, named in leaders:
        follow_participant(reverted, named, participant.name)
    for initiative, named in initiatives:
        follow_initiative(reverted, named, initiative.name)


def _named_otherwise(
    workshop: Workshop, other: Workshop
) -> tuple[list[tuple[Participant, str]], list[tuple[Initiative, str]]]:
    """Each leader and initiative of ``workshop`` that ``other`` names otherwise, with that
    other name (matched by id)."""
    leaders = {p.id: p.name for p in other.meta.participants}
    initiatives = {i.id: i.name for i in other.initiatives}
    return (
        [
            (p, leaders[p.id])
            for p in workshop.meta.participants
            if p.id in leaders and leaders[p.id] != p.name
        ],
        [
            (i, initiatives[i.id])
            for i in workshop.initiatives
            if i.id in initiatives and initiatives[i.id] != i.name
        ],
    )
