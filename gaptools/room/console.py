"""``gaptools room``: the room driven from a terminal, one typed line per facilitator action.

The same ``Room`` as the notebooks' panel: the terminal shows where to join (address, code and
a QR code drawn in text), then reads lines such as ``ask pulse``, ``count``, ``reveal``,
``close`` until ``quit`` or the end of input. Results are read in the notebooks (or with
``gaptools status``); the terminal, like the panel, only ever shows counts.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from pathlib import Path

from gaptools.core.text import plural
from gaptools.room.network import AddressError, check_address, exposure, is_loopback
from gaptools.room.questions import TITLES, Kind
from gaptools.room.room import Room, RoomError, held_words
from gaptools.steps.pulse import twice_warning

HELP = (
    "Type one of:\n"
    "  ask KIND    open a question for everyone; KIND is one of: "
    + ", ".join(k.value for k in Kind)
    + "\n"
    "              (ask vote named, ask vote anonymous: how the dots are placed; the same\n"
    "              for maturity, named unless said)\n"
    "  count       how many have answered (never what)\n"
    "  reveal      write the answers held and close an anonymous question's collection\n"
    "  close       close the open question\n"
    "  discard     close it, letting anonymous answers not yet revealed go unseen\n"
    "  code        a new join code (the old one stops working; people in stay in)\n"
    "  free NAME   let a leader answer under their name from a new phone or browser\n"
    "  quit        close the room (refused while anonymous answers are held)"
)


def run(
    path: Path | str,
    host: str,
    port: int,
    allow_network: bool,
    lines: Iterable[str],
    say: Callable[[str], None],
    complain: Callable[[str], None] | None = None,
) -> int:
    """Open the room, follow the typed ``lines``, and close it; 0 when it ran, 1 when it could
    not open (said through ``complain``, naming the file). Every refusal of a typed action is
    said in words and the room goes on."""
    complain = complain or say
    try:
        check_address(host, allow_network, "add --allow-network")
    except AddressError as error:
        complain(f"gaptools room: {error}")
        return 1
    if not is_loopback(host):
        say(f"Note: {exposure(host)}")
    try:
        room = Room(path, host, port, allow_network=allow_network).start()
    except RoomError as error:
        complain(f"gaptools room: {path}: {error}")
        return 1
    try:
        say(welcome(room))
        for line in lines:
            if not act(room, line.strip(), say):
                break
    finally:
        lost = room.stop()
        answers = plural(lost, "anonymous answer was", "anonymous answers were")
        say("The room is closed." + (f" {answers} not revealed, and not kept." if lost else ""))
    return 0


def welcome(room: Room) -> str:
    return (
        f"The room is open on {room.path}.\n"
        f"Go to {room.join_address} and type the code {room.code}, "
        f"or scan this QR code:\n{qr_text(room.join_url)}\n{HELP}"
    )


def qr_text(address: str) -> str:
    """The QR code in text, two rows of modules to a line, for a terminal."""
    import segno

    out = io.StringIO()
    segno.make(address, error="m").terminal(out=out, compact=True, border=2)
    return out.getvalue()


MODES = {"named": False, "anonymous": True}
CHOSEN_MODE = (Kind.VOTE, Kind.MATURITY)  # named or anonymous, as the workshop says


def ask(room: Room, rest: str) -> str:
    """Open the question ``rest`` names; its second word, for the vote or the ratings, says
    how they are given. A terminal has no step 7 form to choose the vote's mode in."""
    name, _, mode = rest.strip().lower().partition(" ")
    mode = mode.strip()
    if mode and mode not in MODES:
        return f"Not done: '{mode[:20]}' is not how answers are given: type named or anonymous"
    if mode and name in set(Kind) - set(CHOSEN_MODE):
        return (
            "Not done: only the vote and the maturity ratings can be named or anonymous; "
            f"type ask {name[:20]} alone"
        )
    if name == Kind.VOTE and not mode and room.vote_mode() is None:
        return (
            "Not done: choose how the dots are placed first: "
            "type 'ask vote named' or 'ask vote anonymous'"
        )
    question = room.open_question(name, MODES.get(mode))
    kind = Kind(question.kind)
    how = f" ({'anonymous' if question.anonymous else 'named'})" if kind in CHOSEN_MODE else ""
    if kind is Kind.PULSE and (earlier := room.pulse_given_today()):
        # A room started again after a reveal let the same leaders answer again: counted
        # twice, and nothing anonymous can say whose to take out.
        where = "given today (an earlier room, step 8's notebook or the survey)"
        how += f". Note: {twice_warning(earlier, where)}"
    return f"Asked: {TITLES[kind]}{how}"


def act(room: Room, line: str, say: Callable[[str], None]) -> bool:
    """Do what ``line`` says; False when the facilitator is done."""
    word, _, rest = line.partition(" ")
    word = word.lower()
    if not word:
        return True
    if word in {"quit", "exit", "stop"}:
        held = room.state.held
        if not held:
            return False
        # As the panel refuses to close: the end of input alone still closes, said below.
        say(f"Not done: {held_words(held)}: reveal them first, or discard them (lost for good)")
        return True
    try:
        if word == "ask":
            say(ask(room, rest))
        elif word == "count":
            say(room.counts().summary)
        elif word == "reveal":
            room.reveal()
            say("Revealed: the answers are in the workshop. " + room.counts().summary)
        elif word == "close":
            if not room.counts().question:  # "The question is closed." of none open
                say("Not done: no question is open")
            else:
                room.close_question()
                say("The question is closed.")
        elif word == "discard":
            lost = room.close_question(discard=True)
            say(f"The question is closed; {plural(lost, 'held answer')} discarded, unseen.")
        elif word == "free":
            say(room.free_name(" ".join(rest.split())))
        elif word == "code":
            say(f"New code: {room.new_code()} at {room.join_address}")
        else:
            say(f"'{line[:40]}' is not something the room does.\n{HELP}")
    except RoomError as error:
        say(f"Not done: {error}")
    return True
