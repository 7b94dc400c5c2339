"""The screen that collects sealed answers: open here, take over, publish what arrives.

The pulse (step 8) and anonymous maturity ratings (step 9) are sealed to a key that one screen
holds (``steps.secret``). Both forms need the same three things: a button to collect at this
screen; after a refusal because another screen collects, a button to take over here; and,
on the collecting screen, publishing the answers that other notebooks sealed through the file
once there are enough for a batch. ``Collector`` is those three, for whichever rules it is
given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as widgets

from gaptools.core.model import Workshop
from gaptools.ui.kit import Form, button


@dataclass(frozen=True)
class Sealed:
    """The rules of one kind of sealed answer, as the collector needs them."""

    open_here: Callable[[Workshop, bool], None]  # (workshop, take_over)
    key: Callable[[Workshop], str]  # the public key in the file ("" when closed)
    held_here: Callable[[Workshop], bool]
    waiting: Callable[[Workshop], int]  # sealed answers in the file
    publish: Callable[[Workshop], object]
    what: str  # "pulse", "anonymous ratings": for the saved messages


class Collector:
    def __init__(self, form: Form, sealed: Sealed, open_label: str, take_label: str) -> None:
        self.form = form
        self.sealed = sealed
        self.opener = button(open_label, "play")
        self.opener.on_click(lambda _: self.open())
        self.take_over = button(take_label, "hand-paper-o")
        self.take_over.on_click(lambda _: self.open(take_over=True))
        self.take_over.layout.display = "none"
        self._publishing = False
        form.session.subscribe(self._follow)
        self._follow(form.session.workshop)

    def open(self, take_over: bool = False) -> bool:
        """Collect here. Collecting at another screen is refused first, and the refusal
        offers to take over here (which discards what waits for the other screen)."""
        rules = self.sealed
        what = f"{rules.what} taken over here" if take_over else f"{rules.what} collected here"
        ok = self.form.act(lambda w: rules.open_here(w, take_over), what)
        workshop = self.form.session.workshop
        elsewhere = bool(rules.key(workshop)) and not rules.held_here(workshop)
        self.take_over.layout.display = None if not ok and elsewhere else "none"
        return ok

    def _follow(self, workshop: Workshop) -> None:
        rules = self.sealed
        if not rules.key(workshop) or rules.held_here(workshop):
            self.take_over.layout.display = "none"
        self._publish_arrived(workshop)

    def _publish_arrived(self, workshop: Workshop) -> None:
        """Answers sealed in other notebooks reach this screen through the file; the screen
        that collects publishes them once there are enough for a batch. (Publishing saves,
        which calls this again: the flag stops it from going round.)"""
        rules = self.sealed
        if self._publishing or not rules.held_here(workshop):
            return
        if rules.waiting(workshop) < workshop.settings.pulse_minimum:
            return
        self._publishing = True
        try:
            self.form.act(rules.publish, f"{rules.what} published")
        finally:
            self._publishing = False

    def buttons(self) -> list[widgets.Button]:
        return [self.opener, self.take_over]
