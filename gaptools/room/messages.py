"""What a participant reads after sending a form: the room's words, shared by its parts."""

from __future__ import annotations

NOT_JOINED = "join the room first: open the address on the screen or type its code"
THANKS = "Your answer is in."
DROPPED = (
    "Your answer to the last question was not kept: the facilitator let the held answers go "
    "before enough had come in to show them. Nothing of it was written."
)


def freed(name: str) -> str:
    """Said once to the phone a name was let go from (``RoomState.was_freed``)."""
    return (
        f"The facilitator let the name {name} go from this phone, for a new phone or browser: "
        f"this one no longer answers as {name}. If you are {name} and answer here after all, "
        "write your name again, or answer from the new phone."
    )


THANKS_AGAIN = "Your new answer replaces your earlier one."
HELD = (
    "Your answer is held by the room, without your name, until the facilitator shows the results."
)


def held_short_of(minimum: int) -> str:
    """An anonymous answer held where, after a reveal, fewer than ``minimum`` can still
    answer (``Counts.short_of``): the phone was told it would be shown, and it never was."""
    return (
        "Your answer is held by the room, without your name. Fewer than "
        f"{minimum} leaders can still answer this question, and answers are shown only "
        f"{minimum} or more together: unless more come in, it will not be shown, nor kept."
    )


#: Above the form of an anonymous answer being changed: why it is blank, and what sending does
#: (``Pen.put``: the new answer takes the earlier one's place; it is counted once).
NOT_SHOWN_BACK = (
    "Your earlier answer is not shown here: it is anonymous, so the room never shows it "
    "back, not even to you. Sending this form replaces it: only your new answer is kept, and "
    "you are still counted once."
)
WRITTEN = (
    "Your answer is written with the others, without your name: the facilitator has shown the "
    "results, so it can no longer be changed."
)


def not_listed(name: str, nearly: str | None = None) -> str:
    write = "write your name as the facilitator listed it, or ask them to add you"
    if nearly:
        write = f"did you mean {nearly}? If not, {write}"
    return f"'{name}' is not on this workshop's list of leaders: {write}"
