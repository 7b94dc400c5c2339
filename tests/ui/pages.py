"""Every page a notebook shows, opened on the chosen workshop: for checks that hold on each."""

from __future__ import annotations

from gaptools.ui import (
    bet,
    change,
    contested,
    export,
    learning,
    ownership,
    portfolio,
    prioritise,
    readiness,
    room,
    start,
    survey,
    value,
)

#: The pages of steps 1 to 10, the room's and the survey's: each needs a workshop to show.
STEP_PAGES = [
    bet.show,
    change.show,
    contested.show,
    export.show,
    learning.show,
    ownership.show,
    portfolio.show,
    prioritise.show,
    readiness.show,
    survey.show,
    value.show,
    lambda: room.show("pulse"),
]

#: Every page, step 0's first.
PAGES = [start.show, *STEP_PAGES]
