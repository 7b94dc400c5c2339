"""``Room``: what the facilitator's notebook and ``gaptools room`` drive.

The room is the one writer of what participants send. Named answers are written as they
arrive, each through ``store.edit`` (the workshop's one locked transaction). Anonymous
answers (the pulse, anonymous ratings, an anonymous vote's ballots) stay in the room's memory
until the facilitator reveals them; the reveal writes them in one change, only if there are at
least the minimum, without names and in canonical order. They are never logged, never shown
one by one, and lost if the room stops before the reveal (the room says how many).

Counts are live ("6 of 8 have answered"); results come from ``reveal`` and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gaptools.core.errors import WorkshopError
from gaptools.core.model import Workshop, as_listed
from gaptools.core.text import plural
from gaptools.files import store
from gaptools.room import network, writing
from gaptools.room.codes import Invitation, shown
from gaptools.room.limits import Limits
from gaptools.room.messages import (
    HELD,
    NOT_JOINED,
    THANKS,
    THANKS_AGAIN,
    held_short_of,
    not_listed,
)
from gaptools.room.questions import (
    Answer,
    AnswerError,
    Definition,
    Dots,
    Form,
    GutPick,
    Kind,
    Question,
    Ratings,
    is_anonymous,
    question_for,
    read_answer,
    read_name,
)
from gaptools.room.state import Counts, Participant, RoomState, StateError
from gaptools.steps import contested, maturity, pulse, voting
from gaptools.steps.pulse import Given, given_on
from gaptools.steps.start import nearly_listed

if TYPE_CHECKING:
    from gaptools.room.server import RoomServer


class RoomError(ValueError):
    """Something the room cannot do, in plain words for the facilitator."""


@dataclass(frozen=True)
class Outcome:
    """What became of one sent form, for the participant's page."""

    status: int  # 200 taken; else the HTTP status of the refusal
    message: str
    replaced: bool = False


CHOOSING = (Kind.GUT_CHECK, Kind.VOTE)  # questions answered by choosing initiatives
NOTHING_TO_CHOOSE = "the portfolio has no initiative in play to choose from"
#: Reached through a JupyterHub, the room is inside the facilitator's own server, and the hub
#: lets participants in only to all of it: this kernel, holding the answers, included.
NOT_THROUGH_A_HUB = (
    "an anonymous question is not asked through the hub: whoever the hub lets into the room "
    "it lets into your whole server, this notebook's kernel included, which holds anonymous "
    "answers until the reveal. Ask the vote or the ratings named, or have leaders answer "
    "from their own notebooks (the pulse and the ratings are sealed there too), or open the "
    "room on a network address the phones reach"
)


class Room:
    """One room on one workshop file. ``start`` it, ``open_question`` one at a time, watch
    ``counts``, ``reveal``, then ``stop``. Safe to call from any thread."""

    def __init__(
        self,
        workshop: Path | str,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        allow_network: bool = False,
        public_host: str | None = None,
        public_url: str | None = None,
        limits: Limits | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        try:
            network.check_address(host, allow_network)
        except network.AddressError as error:
            raise RoomError(str(error)) from None
        if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
            raise RoomError("the port must be a whole number from 0 to 65535 (0: any free one)")
        self.path = Path(workshop)
        self._pulse_written = 0  # pulse answers this room wrote (``pulse_given_today``)
        self._load()  # a file that cannot be read is refused now, not on the first answer
        self.host, self.port = host, port
        self.public_host = public_host
        self.public_url = public_url  # behind a proxy: the address phones use, path and all
        self.limits = limits or Limits()
        self.state = RoomState(self.limits)
        self.invitation = Invitation.lasting(self.limits.code_lifetime)
        self.today = today
        self.room_id = secrets.token_hex(4)  # names the participants' cookie
        self.wrong_codes = 0  # typed codes refused; the code stops working past the limit
        self._server: RoomServer | None = None
        self._facilitator = threading.Lock()  # one open/close/reveal at a time

    # -- running ---------------------------------------------------------------------------------

    def start(self) -> Room:
        """Listen, in a thread of its own; returns at once, with ``port`` the one bound."""
        from gaptools.room.server import RoomServer, ServerError

        if self._server is None:
            server = RoomServer(self, self.host, self.port)
            try:
                self.port = server.start()
            except ServerError as error:
                raise RoomError(str(error)) from None
            self._server = server
        return self

    def stop(self) -> int:
        """Stop listening; the open question closes. Returns how many anonymous answers were
        held and not written: they are gone, as the facilitator was told on opening."""
        server, self._server = self._server, None
        if server is not None:
            server.stop()
        return len(self.state.close())

    def __enter__(self) -> Room:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def code(self) -> str:
        """The join code as the screen shows it ("ABCD-EFGH")."""
        return shown(self.invitation.code)

    @property
    def join_address(self) -> str:
        """Where people type the code. Behind a proxy (a JupyterHub's ``jupyter-server-proxy``)
        ``public_url`` says it; the room's own links are relative, so they work there too."""
        if self.public_url:
            return self.public_url.rstrip("/") + "/"
        host = self.public_host or self.host
        if host in {"0.0.0.0", "::"}:
            host = next(iter(network.machine_addresses()), "127.0.0.1")
        return f"http://{network.url_host(host)}:{self.port}/"

    @property
    def join_url(self) -> str:
        """The address with the room's token: opening it joins at once (the QR code)."""
        return f"{self.join_address}{self.invitation.token}/"

    def qr_svg(self) -> str:
        from gaptools.room.qr import qr_svg

        return qr_svg(self.join_url)

    def new_code(self) -> str:
        """A fresh code and address (the old ones stop working; people in stay in)."""
        self.invitation = Invitation.lasting(self.limits.code_lifetime)
        self.wrong_codes = 0
        return self.code

    # -- the facilitator ---------------------------------------------------------------------------

    def open_question(
        self, kind: Kind | str, anonymous: bool | None = None, discard: bool = False
    ) -> Question:
        """Open ``kind`` for everyone, closing the one open before (refused while it holds
        anonymous answers not yet revealed, unless ``discard``). ``anonymous`` sets the vote's
        or the ratings' mode first, when given; otherwise the workshop's is used."""
        try:
            kind = Kind(kind)
        except ValueError:
            choices = ", ".join(k.value for k in Kind)
            raise RoomError(f"there is no question '{kind}': choose one of {choices}") from None
        with self._facilitator:
            self._refuse_losing_answers(discard)
            # The question open now stays open until the new one is sure to open: a refusal
            # (no voting mode chosen, nothing to choose from) must not cut its answers short,
            # nor leave a vote opened in the workshop for a question that never was.
            workshop = self._load()
            if kind in CHOOSING and not workshop.live_initiatives():
                raise RoomError(NOTHING_TO_CHOOSE)
            if self.public_url and is_anonymous(workshop, kind, anonymous):
                raise RoomError(NOT_THROUGH_A_HUB)
            if anonymous is not None and kind is Kind.VOTE:
                self._edit(writing.vote_mode(anonymous), "how the vote works")
            if anonymous is not None and kind is Kind.MATURITY:
                self._edit(writing.maturity_mode(anonymous), "how ratings are given")
            if kind is Kind.VOTE:
                self._edit(writing.open_vote, "vote opened")
            question = question_for(self._load(), kind)
            if kind in CHOOSING and not question.choices:
                raise RoomError(NOTHING_TO_CHOOSE)
            self._close()
            self.state.open(question)
            return question

    def pulse_given_today(self) -> int:
        """Pulse answers published today by anything but this room (``pulse.given_on``): an
        earlier room, step 8's notebook or the survey. A leader who answers here too counts
        twice; this room's own are its leaders', who cannot answer it again."""
        return max(0, given_on(self._load(), self.today()) - self._pulse_written)

    def vote_mode(self) -> str | None:
        """How the workshop's vote is given ("named", "anonymous"), or None before step 7 or
        a terminal has chosen."""
        return self._load().voting.mode

    def close_question(self, discard: bool = False) -> int:
        """Close the open question. Anonymous answers held and not revealed are lost, so this
        is refused while any are held, unless ``discard``; returns how many were lost."""
        with self._facilitator:
            self._refuse_losing_answers(discard)
            return self._close()

    def _refuse_losing_answers(self, discard: bool) -> None:
        held = self.state.held
        if held and not discard:
            raise RoomError(
                f"{held_words(held)}: reveal them first, or discard them (lost for good)"
            )

    def _close(self) -> int:
        return len(self.state.close())

    def counts(self) -> Counts:
        return self.state.counts()

    def free_name(self, name: str) -> str:
        """Free ``name`` for a leader's new phone (``RoomState.free_name``); what to say.
        ``name`` is matched as phones match the names typed on them ('dana' for Dana
        Whitfield), so the facilitator may type what the leader typed."""
        with self._facilitator:
            held = as_listed(name, self.state.claimed_names())
            freed = self.state.free_name(held or name)
            if not freed:
                raise RoomError(f"nobody in the room answers as '{name}'")
            if self.state.holds_for(freed):
                return (
                    f"{freed} may now answer from a new phone. Their answer to this question "
                    "is held: an answer sent from the new phone replaces it."
                )
            return f"{freed} may now answer from a new phone."

    def reveal(self) -> object:
        """Write what anonymous answers are held (all at once, if enough) and give the results
        of the open question: the step's own view of them."""
        with self._facilitator:
            question = self.state.question
            if question is None:
                raise RoomError("no question is open")
            if question.kind is Kind.VOTE:
                self._reveal_vote(question)
            elif question.anonymous:
                self._publish(question)
            if question.kind is Kind.VOTE or question.anonymous:
                # Revealed, a vote takes no more ballots; nor an anonymous question more
                # answers, which would be held with no reveal left to write them.
                self._close()
            return self._results(question.kind)

    def _results(self, kind: Kind) -> object:
        workshop = self._load()
        views: dict[Kind, Callable[[Workshop], object]] = {
            Kind.DEFINITION: contested.lens_spread,
            Kind.GUT_CHECK: voting.gut_tally,
            Kind.VOTE: voting.result,
            Kind.PULSE: pulse.pulse_view,
            Kind.MATURITY: maturity.maturity_view,
        }
        return views[kind](workshop)

    def _reveal_vote(self, question: Question) -> None:
        if not question.anonymous:
            self._edit(voting.reveal, "vote revealed")
            return
        if self._load().voting.box != question.box:
            raise RoomError(VOTE_RESET)
        held = self.state.release(0)
        try:
            ballots = [b for b in held if isinstance(b, Dots)]
            self._edit(writing.anonymous_reveal(ballots), "vote revealed")
        except RoomError:
            self.state.take_back(held)
            raise

    def _publish(self, question: Question) -> None:
        workshop = self._load()
        minimum = workshop.settings.pulse_minimum
        # Leaders who answered from their own notebooks sealed their answers for the screen
        # collecting them; where that is this one, they go with the phones', in one batch.
        sealed = (pulse if question.kind is Kind.PULSE else maturity).sealed_here(workshop)
        held = self.state.held
        if held + sealed < max(minimum, 1):
            also = f", and {sealed} from leaders' notebooks" if sealed else ""
            # "Wait for more" where every leader listed had answered: nobody was left to wait for.
            wait = "" if self.state.counts().short_of else "wait for more, or "
            raise RoomError(
                f"{plural(held, 'anonymous answer')} from phones so far{also}: at least "
                f"{minimum} are needed before any is written or shown, so that none can be "
                f"told apart; {wait}discard the phones' answers"
            )
        batch = self.state.release(0)
        today = self.today()
        if question.kind is Kind.PULSE:
            change = writing.pulse_batch([a for a in batch if isinstance(a, Given)], today)
        else:
            change = writing.rating_batch([a for a in batch if isinstance(a, Ratings)], today)
        try:
            self._edit(change, "anonymous answers published")
        except RoomError:
            self.state.take_back(batch)
            raise
        if question.kind is Kind.PULSE:  # the phones' and the notebooks' sealed with them
            self._pulse_written += len(batch) + sealed

    # -- participants (the server calls these) ----------------------------------------------------

    def submit(self, participant_id: str, secret: str, question_id: str, fields: Form) -> Outcome:
        """Take one sent form: spend its one-time secret, check it, then hold or write it. A
        refused answer gives the secret back: nothing was counted, so it may be sent again."""
        participant = self.state.participant(participant_id)
        if participant is None:
            return Outcome(403, NOT_JOINED)
        try:
            question = self.state.use_form(participant, secret, question_id)
        except StateError as error:
            return Outcome(error.status, str(error))
        outcome = self._take(participant, question, fields)
        if outcome.status != 200:
            self.state.give_back(participant, secret, question)
        return outcome

    def _take(self, participant: Participant, question: Question, fields: Form) -> Outcome:
        try:
            answer = read_answer(question, fields)
            if question.anonymous:
                return self._hold(participant, question, answer, fields)
            return self._write_named(participant, question, read_name(fields), answer)
        except StateError as error:
            return Outcome(error.status, str(error))
        except AnswerError as error:
            return Outcome(400, str(error))

    def _hold(
        self, participant: Participant, question: Question, answer: Answer, fields: Form
    ) -> Outcome:
        """Hold an anonymous answer until the reveal. Where the workshop lists its leaders it
        is given under the leader's name, which one phone at a time may hold: with none, one
        leader's three browsers were three people, and filled a batch of three around a
        colleague's answer, which the file then showed alone. The name stays in memory, to
        count each leader once; it is never kept with the answer."""
        if question.expected:
            self._claim_listed(participant, read_name(fields))
        replaced = self.state.hold(participant, question.id, answer)
        if self.state.counts().short_of:  # it was told it would be shown, and never was
            return Outcome(200, held_short_of(question.minimum), replaced)
        return Outcome(200, HELD, replaced)

    def _claim_listed(self, participant: Participant, name: str) -> str:
        """``name`` as the workshop lists it, now this participant's in the room; refused
        when the workshop lists leaders and it is not one of them."""
        listed = [p.name for p in self._load().meta.participants]
        found = as_listed(name, listed)
        if listed and found is None:
            # 'Marcus' for Marcus Lee stood beside him as a second person, who had not
            # answered; a name on the list is the one the workshop counts.
            raise AnswerError(not_listed(name, nearly_listed(name, listed)))
        if found is not None:
            self.state.count_in(found)
        return self.state.claim_name(participant, found or name)

    def _write_named(
        self, participant: Participant, question: Question, name: str, answer: Answer
    ) -> Outcome:
        name = self._claim_listed(participant, name)
        replaced = self.state.has_answered(participant)
        try:
            change = self._named_change(name, answer)
            self._edit(change, f"{question.kind.value} from the room")
        except RoomError as error:
            return Outcome(409, str(error))
        self.state.answered(participant, question)
        return Outcome(200, THANKS_AGAIN if replaced else THANKS, replaced)

    def given(self, participant: Participant, question: Question) -> dict[str, str]:
        """The named answer ``participant`` gave to ``question``, as its form's fields, for
        "Change my answer" to start from; nothing for an anonymous question, whose answer
        is never shown again, or when the file cannot be read just now."""
        name = participant.name
        if question.anonymous or not name:
            return {}
        try:
            workshop = self._load()
        except RoomError:
            return {}
        return writing.given_fields(workshop, question, name)

    def _named_change(self, name: str, answer: Answer) -> writing.Change:
        if isinstance(answer, Definition):
            return writing.definition(name, answer)
        if isinstance(answer, GutPick):
            return writing.gut_check(name, answer)
        if isinstance(answer, Dots):
            return writing.named_ballot(name, answer)
        if isinstance(answer, Ratings):
            return writing.named_rating(name, answer, self.today())
        raise RoomError("this answer cannot be given under a name")

    # -- the file ----------------------------------------------------------------------------------

    def _load(self) -> Workshop:
        try:
            return store.load(self.path)
        except WorkshopError as error:
            raise RoomError("; ".join(error.problems)) from None

    def _edit(self, change: writing.Change, what: str) -> None:
        """One change through the store's locked transaction; a refusal in words, never with
        what was sent in it."""
        try:
            store.edit(self.path, change, what)
        except store.Refused as error:
            raise RoomError("; ".join(text for _, text in error.located)) from None
        except WorkshopError as error:
            raise RoomError("; ".join(error.problems)) from None
        except ValueError as error:
            raise RoomError(str(error)) from None


#: The vote was reset (and perhaps opened again) in step 7 after the room asked for dots.
VOTE_RESET = (
    "the vote was reset in step 7 after the room asked for dots: the ballots held are the "
    "earlier vote's. Discard them, then ask for the dots again"
)


def held_words(count: int) -> str:
    """ "2 anonymous answers are held, not shown yet": what the room refuses to lose unasked,
    said alike by the room and the panel that cannot close it."""
    return f"{plural(count, 'anonymous answer is', 'anonymous answers are')} held, not shown yet"
