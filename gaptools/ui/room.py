"""The "Open the room" panel: participants answer from their own phones, with a code.

The panel only drives ``gaptools.room.Room`` (the one writer of what participants send) and
shows what it says: where to join (address, code and QR code), how many have answered, and
the plain-words refusals. The answers themselves reach the step's own form through the
workshop file, which every open form follows; anonymous ones only at the reveal.

One room per kernel: a second panel shows the room already open. The room stops when the
facilitator closes it or when the kernel ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import os
import urllib.parse
import weakref
from collections.abc import Sequence
from pathlib import Path

import ipywidgets as widgets

from gaptools.core.text import plural
from gaptools.room import Kind, Room, RoomError
from gaptools.room.network import exposure, is_loopback, machine_addresses
from gaptools.room.questions import TITLES
from gaptools.room.room import held_words
from gaptools.ui.kit import STYLE, WIDE, button, heading, opened
from gaptools.ui.styles import WHOLE

LOOPBACK = "127.0.0.1"
REFRESH_SECONDS = 1.0
#: What the panel can ask in each step's notebook.
STEP_KINDS = {
    "definition": (Kind.DEFINITION,),
    "bet": (Kind.GUT_CHECK, Kind.VOTE),
    "pulse": (Kind.PULSE,),
    "maturity": (Kind.MATURITY,),
}
HOTSPOT_NOTE = (
    "Phones must reach this laptop. On an office or guest Wi-Fi that keeps devices apart they "
    "cannot: turn on your phone's hotspot, join this laptop and the room's phones to it, then "
    "choose the address that appears below (press Look again)."
)
INTRO = (
    "Leaders answer from their own phones or laptops: no account, no install. Open the room, "
    "project this panel, and they join with the code or the QR code. Every question asks "
    "the leader's name as step 0 lists it: a named answer is written under it, and an "
    "anonymous one only counts the leader once, kept apart from the answer, which is written "
    "only all together with the others, at the reveal."
)
ON_HUB = (
    "On a JupyterHub the room is inside your own server, and the hub lets in only the hub "
    "users its admin lets into all of it: your notebooks, your files and this kernel. So use "
    "an account kept for workshops, and ask named questions here: anonymous ones are not "
    "asked through the hub (leaders answer the pulse and the ratings from their own "
    "notebooks). Type the hub's address as your browser shows it (for example "
    "https://hub.example.org)."
)

_room: Room | None = None  # the room this kernel runs, whichever panel opened it


def show(step: str, path: str | None = None) -> widgets.Widget:
    """The panel for ``step`` ("definition", "bet", "pulse" or "maturity") on the current
    workshop (or ``path``)."""
    return opened(lambda session: RoomPanel(session.path, STEP_KINDS[step]).widget, path)


def current_room() -> Room | None:
    return _room if _room is not None and _room.running else None


class RoomPanel:
    def __init__(self, path: Path, kinds: Sequence[Kind]) -> None:
        self.path = Path(path)
        self.kinds = tuple(kinds)
        self.where = widgets.Dropdown(description="Listen on", layout=WIDE)
        self.look_again = button("Look again", "refresh")
        self.look_again.on_click(lambda _: self._list_addresses())
        self.agree = widgets.Checkbox(
            value=False,
            description="I understand: devices on this network can open the room's page",
            indent=False,
            layout=widgets.Layout(width="auto"),
        )
        self.exposure = widgets.HTML()
        self.hub = widgets.Text(
            description="Hub address",
            placeholder="https://hub.example.org",
            layout=WIDE,
            style={"description_width": "initial"},
        )
        self.open_button = button("Open the room", "door-open")
        self.open_button.on_click(lambda _: self.open_room())
        self.close_button = button("Close the room", "door-closed")
        self.close_button.on_click(lambda _: self.close_room())
        self.new_code_button = button("New code", "key")
        self.new_code_button.on_click(lambda _: self.new_code())
        self.join = widgets.HTML()
        self.ask = {kind: button(f"Ask: {TITLES[kind]}", "question") for kind in self.kinds}
        for kind, ask in self.ask.items():
            ask.on_click(lambda _, k=kind: self.ask_question(k))
        self.reveal_button = button("Reveal the answers", "eye")
        self.reveal_button.on_click(lambda _: self.reveal())
        # Shown only while anonymous answers are held: the one way to let them go unseen.
        self.discard_button = button("Discard the held answers", "trash")
        self.discard_button.on_click(lambda _: self.discard())
        self.discard_button.layout.display = "none"
        self.counts = widgets.HTML()
        self.message = widgets.HTML()
        # A leader whose phone lost the room's cookie is refused under their own name until
        # the facilitator frees it; shown only once someone answers under a name.
        self.free_name = widgets.Dropdown(
            description="A leader changed phone:",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="30em", max_width=WHOLE),  # room for a whole name
        )
        self.free_button = button("Free the name", "unlock")
        self.free_button.on_click(lambda _: self.free())
        self.free_row = widgets.HBox([self.free_name, self.free_button])
        self.free_row.layout.display = "none"
        self.where.observe(lambda _: self._where_changed(), "value")
        self.agree.observe(lambda _: self._buttons(), "value")
        self.running = widgets.VBox(
            [
                self.join,
                widgets.HBox([*self.ask.values()], layout=widgets.Layout(flex_flow="row wrap")),
                self.counts,
                widgets.HBox(
                    [
                        self.reveal_button,
                        self.discard_button,
                        self.new_code_button,
                        self.close_button,
                    ],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                self.free_row,
            ]
        )
        self.setup = widgets.VBox(
            [
                widgets.HBox([self.where, self.look_again]),
                widgets.HTML(f"<p>{html.escape(HOTSPOT_NOTE)}</p>"),
                self.exposure,
                self.agree,
                *([widgets.HTML(f"<p>{html.escape(ON_HUB)}</p>"), self.hub] if on_hub() else []),
                self.open_button,
            ]
        )
        self.widget = widgets.VBox(
            [
                widgets.HTML(STYLE),
                heading("Open the room", INTRO),
                self.setup,
                self.running,
                self.message,
            ]
        )
        self.widget.add_class("gaptools-form")
        self.widget.add_class("gaptools-room")
        self._list_addresses()
        self._show_state()
        _keep_counting(self)

    # -- setting up ------------------------------------------------------------------------------
    def _list_addresses(self) -> None:
        options = [(f"This computer only ({LOOPBACK}): to try it, or behind a hub", LOOPBACK)]
        options += [
            (f"The network ({a}): phones on the same Wi-Fi", a) for a in machine_addresses()
        ]
        chosen = self.where.value
        self.where.options = options
        values = [value for _, value in options]
        self.where.value = chosen if chosen in values else LOOPBACK
        self._where_changed()

    def _where_changed(self) -> None:
        host = self.where.value or LOOPBACK
        outside = not is_loopback(host)
        self.exposure.value = f"<p>⚠ {html.escape(exposure(host))}</p>" if outside else ""
        self.agree.layout.display = None if outside else "none"
        if not outside:
            self.agree.value = False
        self._buttons()

    def _buttons(self) -> None:
        host = self.where.value or LOOPBACK
        self.open_button.disabled = not is_loopback(host) and not self.agree.value

    # -- the room --------------------------------------------------------------------------------
    def open_room(self) -> None:
        global _room
        if current_room() is not None:
            self._show_state()
            return
        host = self.where.value or LOOPBACK
        try:
            room = Room(
                self.path,
                host,
                allow_network=not is_loopback(host) and self.agree.value,
                public_url=None,
            )
            room.start()
            if self.hub.value.strip():
                room.public_url = hub_url(self.hub.value, room.port)
        except RoomError as error:
            self._say(f"✗ The room could not open: {error}")
            return
        _room = room
        self._say("✓ The room is open. Ask the first question when everyone has joined.")
        self._show_state()

    def close_room(self) -> None:
        """Refused while anonymous answers are held: people were told the room keeps them
        until the reveal, so they are let go only by name (``discard``)."""
        global _room
        room = current_room()
        if room is None:
            _room = None
            self._show_state()
            return
        held = room.counts().waiting
        if held:
            self._say(
                f"✗ The room is still open: {held_words(held)}. Reveal them, or discard them, "
                "then close the room."
            )
            return
        _room = None
        room.stop()
        self._say("✓ The room is closed.")
        self._show_state()

    def discard(self) -> None:
        room = current_room()
        if room is None:
            self._show_state()
            return
        lost = room.close_question(discard=True)
        self._say(
            f"✓ The question is closed; {plural(lost, 'held answer was', 'held answers were')} "
            "discarded, unseen."
        )
        self.refresh()

    def new_code(self) -> None:
        room = current_room()
        if room is not None:
            room.new_code()
            self._say("✓ A new code: the old one no longer works; people already in stay in.")
            self._show_state()

    def ask_question(self, kind: Kind) -> None:
        room = current_room()
        if room is None:
            self._say("✗ Open the room first.")
            return
        try:
            room.open_question(kind)
        except RoomError as error:
            self._say(f"✗ {error}")
            return
        self._say(f"✓ Asked: {TITLES[kind]}")
        self.refresh()

    def reveal(self) -> None:
        room = current_room()
        if room is None:
            self._say("✗ Open the room first.")
            return
        try:
            room.reveal()
        except RoomError as error:
            self._say(f"✗ {error}")
            return
        self._say(REVEALED)
        self.refresh()

    def free(self) -> None:
        room = current_room()
        if room is None or not self.free_name.value:
            return
        try:
            self._say(f"✓ {room.free_name(self.free_name.value)}")
        except RoomError as error:
            self._say(f"✗ {error}")
        self.refresh()

    # -- what is shown ---------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        self.message.value = f"<p>{html.escape(text)}</p>"

    def _show_state(self) -> None:
        room = current_room()
        self.setup.layout.display = "none" if room else None
        self.running.layout.display = None if room else "none"
        self.join.value = join_html(room) if room else ""
        self.refresh()

    def refresh(self) -> None:
        """The live count: how many have answered, never what they said."""
        room = current_room()
        if room is None:
            if self.running.layout.display is None:  # closed elsewhere or by the kernel
                self._show_state()
            self.counts.value = ""
            return
        counts = room.counts()
        text = f"<p class='gaptools-room-count'>{html.escape(counts.summary)}</p>"
        if self.counts.value != text:
            self.counts.value = text
        self.reveal_button.disabled = not counts.question
        self.discard_button.layout.display = None if counts.waiting else "none"
        names = room.state.claimed_names()
        if list(self.free_name.options) != names:
            chosen = self.free_name.value
            self.free_name.options = names
            self.free_name.value = chosen if chosen in names else (names[0] if names else None)
        self.free_row.layout.display = None if names else "none"
        if counts.waiting and html.escape(REVEALED) in self.message.value:
            self.message.value = ""  # answers held since: the last reveal is not this one


REVEALED = "✓ Revealed: the answers are in the workshop, and the form above shows them."


def join_html(room: Room) -> str:
    """Where and how to join, large enough to read from the back of the room."""
    return (
        "<style>.gaptools-room-join svg { width: 100%; height: auto; display: block; }</style>"
        "<div class='gaptools-room-join' style='display:flex;flex-wrap:wrap;gap:1.5em;"
        "align-items:center'>"
        f"<div class='gaptools-room-qr' style='width:14em;max-width:100%;flex:none'>"
        f"{room.qr_svg()}</div>"
        "<div><p style='font-size:1.2em;margin:0'>Go to</p>"
        f"<p style='font-size:1.6em;margin:0.2em 0'><b>{html.escape(room.join_address)}</b></p>"
        "<p style='font-size:1.2em;margin:0'>and type the code</p>"
        f"<p style='font-size:2.6em;letter-spacing:0.08em;margin:0.1em 0'>"
        f"<b>{html.escape(room.code)}</b></p>"
        "<p>or scan the code with the phone's camera.</p>"
        f"{_unreachable_html(room.join_address)}</div></div>"
    )


def _unreachable_html(address: str) -> str:
    """Said under an address only this computer's own browser can open: the room opened on
    this computer only (to try it) shows a QR code that no phone can follow."""
    if urllib.parse.urlsplit(address).hostname not in {"127.0.0.1", "localhost", "::1"}:
        return ""
    return (
        "<p class='gaptools-room-unreachable'>⚠ This address opens only in this computer's own "
        "browser: phones cannot reach it. For phones, close the room and open it again on "
        "this computer's network address.</p>"
    )


def on_hub() -> bool:
    return bool(os.environ.get("JUPYTERHUB_SERVICE_PREFIX"))


def hub_url(hub: str, port: int) -> str:
    """The room's address through the hub's proxy (``jupyter-server-proxy``): the hub's
    address, this user's server prefix, then ``proxy/<port>/``."""
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/").strip("/")
    base = hub.strip().rstrip("/")
    return f"{base}/{prefix}/proxy/{port}/" if prefix else f"{base}/proxy/{port}/"


# -- the live count ----------------------------------------------------------------------------

_panels: weakref.WeakSet[RoomPanel] = weakref.WeakSet()  # a panel run again replaces its old one
_counter: asyncio.Task[None] | None = None


def _keep_counting(panel: RoomPanel) -> None:
    """Refresh the counts every second while a loop runs here (JupyterLab's kernel, Voilà);
    without one (a test, a script) ``refresh`` is called by hand."""
    global _counter
    _panels.add(panel)
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return
    if _counter is None or _counter.done():
        _counter = loop.create_task(_count())


async def _count() -> None:
    while True:
        await asyncio.sleep(REFRESH_SECONDS)
        for panel in list(_panels):
            with contextlib.suppress(Exception):  # a panel that fails never stops the others
                panel.refresh()
