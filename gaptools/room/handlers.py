"""The room's pages: the code form, the page of the open question, the answer form's target
and the stylesheet. Nothing else exists (no files, no code), and every page is guarded alike.

Every answer form carries Tornado's XSRF token (checked against its cookie) and a one-time
secret bound to the participant and the question, so a form can be neither forged from
another site nor sent twice. Each client has a request allowance; bodies and forms are
bounded (413 as soon as a body is too long, before it is read); nothing is logged but the
kind of an unexpected error, never a request or an answer.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Protocol

from tornado import httputil, web

from gaptools.room import pages
from gaptools.room.codes import FIELD_LENGTH, as_typed, same, wrong_code_words
from gaptools.room.limits import RateLimiter
from gaptools.room.messages import (
    DROPPED,
    HELD,
    NOT_JOINED,
    NOT_SHOWN_BACK,
    THANKS,
    WRITTEN,
    freed,
    held_short_of,
)
from gaptools.room.questions import AnswerError, read_name
from gaptools.room.state import Participant, StateError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from gaptools.room.codes import Invitation
    from gaptools.room.limits import Limits
    from gaptools.room.state import RoomState


class Room(Protocol):
    """What the server needs of the room it serves (``gaptools.room.room.Room``)."""

    state: RoomState
    limits: Limits
    invitation: Invitation
    room_id: str
    wrong_codes: int

    def submit(
        self, participant_id: str, secret: str, question_id: str, fields: Mapping[str, str]
    ) -> Any: ...


REFRESH_SECONDS = 4  # how often a waiting page looks for the next question, or a form for
# the room closing

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
        "connect-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
REASONS = {
    400: "That did not work",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    409: "Please look again",
    410: "This code has expired",
    413: "Too much was sent",
    429: "Slow down a little",
    503: "The room is full",
}
# Counted by network address, which the phones on one Wi-Fi may share: "from this device"
# told a phone typing the right code that it had typed seven wrong ones.
TOO_MANY = "Too many requests from this network: wait a few seconds and try again."
TOO_MANY_CODES = (
    "Too many wrong codes from this network (phones on one Wi-Fi count together): wait a "
    "minute, then try again."
)
TOO_LARGE = "That was far more than an answer form sends; nothing was taken."
EXPIRED = "This room's code has expired: ask the facilitator for the new one."
CODE_LOCKED = (
    "The typed code no longer works after too many wrong tries: scan the QR code, or ask the "
    "facilitator for a new code."
)
NOT_HERE = "This address is not the room's (or no longer is): scan the QR code on the screen."


def typed_name(sent: Mapping[str, str], own: str) -> str:
    """The name sent with a refused answer, to fill in again as the other choices are (retyped
    on a phone, it is what makes a leader give up); ``own`` when it cannot be read, so that no
    control character sent is ever written back into the page."""
    try:
        return read_name(sent) if "name" in sent else own
    except AnswerError:
        return own


class Guards:
    """What stands between the network and the room: each client's allowance, wrong codes per
    address, and the one writer thread, so answers are taken one at a time while the event
    loop keeps serving pages (the store may hold its lock for a moment)."""

    def __init__(self, limits: Limits) -> None:
        remembered = limits.clients_remembered
        self.requests = RateLimiter(limits.burst, limits.per_second, remembered)
        self.addresses = RateLimiter(limits.address_burst, limits.address_per_second, remembered)
        self.code_tries = RateLimiter(
            limits.code_tries, limits.code_tries_per_minute / 60, remembered
        )
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gaptools-room-write")

    async def write(self, function: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._writer, function, *args)

    def close(self) -> None:
        self._writer.shutdown(wait=True)


XSRF_COOKIE = "gaptools_room_xsrf"


def application(room: Room, guards: Guards) -> web.Application:
    kwargs = {"room": room, "guards": guards}
    token = r"(?P<token>[A-Za-z0-9_-]{1,64})"
    return web.Application(
        [
            (r"/", JoinPage, kwargs),
            (r"/join", Join, kwargs),
            (r"/(?P<name>room\.css|room\.js)", Asset, kwargs),
            (rf"/{token}/", RoomPage, kwargs),
            (rf"/{token}/now", Now, kwargs),
            (rf"/{token}/answer", Answer, kwargs),
        ],
        xsrf_cookies=True,
        # Its own name: behind a JupyterHub's proxy the room shares the hub's address, and
        # Jupyter's own "_xsrf" cookie must not be overwritten nor read in its place.
        xsrf_cookie_name=XSRF_COOKIE,
        xsrf_cookie_kwargs={"httponly": True, "samesite": "Strict", "path": "/"},
        log_function=lambda handler: None,  # no access log: nothing of who did what, or when
        default_handler_class=NotFound,
        default_handler_args=kwargs,
        compress_response=False,
    )


class _Page(web.RequestHandler):
    """What every page shares: the allowance check, the headers, the participant cookie and
    error pages that never repeat what was sent."""

    room: Room
    guards: Guards

    def initialize(self, room: Room, guards: Guards) -> None:
        self.room, self.guards = room, guards

    def set_default_headers(self) -> None:
        self.clear_header("Server")
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)

    def prepare(self) -> None:
        participant = self.participant()
        if participant is not None:
            allowed = self.guards.requests.allow(participant.id)
        else:
            allowed = self.guards.addresses.allow(str(self.request.remote_ip))
        if not allowed:
            self.problem(429, TOO_MANY)

    @property
    def cookie_name(self) -> str:
        return f"gaptools-room-{self.room.room_id}"

    def participant(self) -> Participant | None:
        return self.room.state.participant(self.get_cookie(self.cookie_name) or "")

    def let_in(self) -> Participant:
        participant = self.participant() or self.room.state.join()
        self.set_cookie(self.cookie_name, participant.id, httponly=True, samesite="Lax", path="/")
        return participant

    def page(self, template: str, status: int = 200, **values: Any) -> None:
        values.setdefault("root", "")
        values.setdefault("xsrf", "")
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(pages.render(template, **values))

    def problem(self, status: int, message: str, back: str = "") -> None:
        title = REASONS.get(status, "That did not work")
        root = "../" if self.path_kwargs.get("token") else ""
        self.page(
            "problem.html",
            status,
            title=title,
            message=message,
            tone="problem",
            back=back,
            root=root,
        )

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        messages = {403: "This form is out of date: open the page again and resend it."}
        self.problem(status_code, messages.get(status_code, "Something went wrong; try again."))

    def log_exception(self, *args: Any) -> None:
        """Errors are logged by kind alone: their text or the request may hold an answer."""
        kind = args[0].__name__ if args and isinstance(args[0], type) else "error"
        if args and isinstance(args[0], type) and issubclass(args[0], web.HTTPError):
            return  # a refusal the client was told about; nothing went wrong here
        logging.getLogger("gaptools.room").warning("the room refused a request (%s)", kind)

    def show(
        self,
        participant: Participant,
        again: bool = False,
        status: int = 200,
        message: str = "",
        sent: dict[str, str] | None = None,
    ) -> None:
        """The page of the open question for ``participant``, with a fresh one-time form; the
        waiting page when none is open; the thanks once they have answered."""
        state = self.room.state
        question = state.question
        common = {"root": "../", "message": message, "tone": "problem" if message else ""}
        if not message:  # what happened to this phone since its last page, said once
            name = state.was_freed(participant)
            told = [DROPPED if state.was_dropped(participant) else "", freed(name) if name else ""]
            common = {**common, "message": " ".join(filter(None, told))}
        if question is None:
            self.page(
                "waiting.html",
                status,
                title="Waiting for the next question",
                refresh=REFRESH_SECONDS,
                page=self.page_now(participant),
                **common,
            )
            return
        if state.has_answered(participant) and not again and not message:
            self.thanks(participant, common["message"])
            return
        if sent is None and again and state.has_answered(participant):
            sent = self.room.given(participant, question)  # "Change my answer" starts from it
        try:
            form = state.new_form(participant)
        except StateError as error:
            self.problem(error.status, str(error), back="./")
            return
        sent = sent or {}
        self.page(
            "question.html",
            status,
            title=question.title,
            question=question,
            form=form,
            name=typed_name(sent, participant.name),
            sent=sent,
            replacing=self.replacing(participant),
            # Asked again with too few left to answer: said before the answer is given, where
            # the form promised it would be shown once there were enough.
            short_of=state.counts().short_of if question.anonymous else 0,
            watch=REFRESH_SECONDS,
            page=self.page_now(participant),
            xsrf=self.xsrf_token.decode("ascii"),
            **pages.question_values(question),
            **common,
        )

    def replacing(self, participant: Participant) -> str:
        """What the form says when it would replace an anonymous answer still held: the form
        is blank, since nothing ties the answer to its phone for showing, and without a word
        a leader takes the blank for a lost answer. Empty otherwise."""
        state = self.room.state
        question = state.question
        if question is None or not question.anonymous or not state.holds(participant):
            return ""
        return NOT_SHOWN_BACK

    def thanks(self, participant: Participant, told: str = "") -> None:
        """Thanks; the way to change the answer while it can still be changed (a named one
        always, an anonymous one until it is written with others). ``told``: what happened
        to this phone since its last page, said first."""
        state = self.room.state
        anonymous = bool(state.question and state.question.anonymous)
        held = state.holds(participant)
        thanked = (HELD if held else WRITTEN) if anonymous else THANKS
        if held and (short := state.counts().short_of):  # it would never be shown
            thanked = held_short_of(short)
        self.page(
            "thanks.html",
            title="Thank you",
            root="../",
            message=f"{told} {thanked}" if told else thanked,
            can_change=not anonymous or held,
            refresh=REFRESH_SECONDS * 2,
            page=self.page_now(participant),
        )

    def page_now(self, participant: Participant) -> str:
        """What ``participant`` should see now, in a word the waiting and thanks pages compare
        with their own to know when to reload: the question open and whether they have
        answered it (and, for an anonymous answer, whether it is still held). It tells them
        nothing of anyone else."""
        state = self.room.state
        question = state.question
        if question is None:
            return "waiting"
        if not state.has_answered(participant):
            return f"question-{question.id}"
        held = question.anonymous and state.holds(participant)
        return f"thanks-{question.id}-{'held' if held else 'written'}"

    def token_state(self, token: str) -> int:
        """200 for the room's token, or for anyone already in (their cookie is their key: a
        new code lets nobody new in by the old one, and keeps everyone in); 410 for an
        expired token; 404 for anything else."""
        invitation = self.room.invitation
        if invitation.admits_token(token) or self.participant() is not None:
            return 200
        return 410 if invitation.expired and same(token, invitation.token) else 404


@web.stream_request_body
class _Form(_Page):
    """A POST whose body is read in pieces and refused (413) as soon as it is too long."""

    _body: bytearray
    _form_ready = False

    def prepare(self) -> None:
        super().prepare()
        if self._finished:
            return
        self._body = bytearray()
        limit = self.room.limits.body_bytes
        length = self.request.headers.get("Content-Length", "")
        if length and (not length.isdigit() or int(length) > limit):
            self.problem(413, TOO_LARGE)

    def data_received(self, chunk: bytes) -> None:
        if self._finished:
            return
        self._body += chunk
        if len(self._body) > self.room.limits.body_bytes:
            self.problem(413, TOO_LARGE)

    def check_xsrf_cookie(self) -> None:
        """Checked once the body is in (``fields``): before, the token is not yet read."""
        if self._form_ready:
            super().check_xsrf_cookie()

    def fields(self) -> dict[str, str] | None:
        """The form's fields, first value of each; None (and a 400 page) when unreadable."""
        arguments: dict[str, list[bytes]] = {}
        content_type = self.request.headers.get("Content-Type", "")
        if not content_type.startswith("application/x-www-form-urlencoded"):
            self.problem(400, "Send the page's own form.")
            return None
        httputil.parse_body_arguments(content_type, bytes(self._body), arguments, {})
        if len(arguments) > self.room.limits.form_fields:
            self.problem(413, TOO_LARGE)
            return None
        self.request.body_arguments = arguments
        self.request.arguments = arguments
        self._form_ready = True
        self.check_xsrf_cookie()
        try:
            return {name: values[0].decode("utf-8") for name, values in arguments.items()}
        except UnicodeDecodeError:
            self.problem(400, "The form held text that is not UTF-8.")
            return None


class JoinPage(_Page):
    def get(self) -> None:
        if self._finished:
            return
        if self.participant() is not None:
            # Someone already in who opens the room's first address again (a bookmark, the
            # code typed anew) goes back to their question rather than to a code to type.
            self.redirect(f"{self.room.invitation.token}/", status=303)
            return
        self.page(
            "join.html",
            title="Join the room",
            xsrf=self.xsrf_token.decode("ascii"),
            code="",
            code_length=FIELD_LENGTH,
        )


class Join(_Form):
    async def post(self) -> None:
        if self._finished:
            return
        fields = self.fields()
        if fields is None:
            return
        room, address = self.room, str(self.request.remote_ip)
        if not self.guards.code_tries.available(address):
            self.problem(429, TOO_MANY_CODES)
        elif room.wrong_codes >= room.limits.wrong_codes:
            self.problem(403, CODE_LOCKED)
        elif room.invitation.expired:
            self.problem(410, EXPIRED)
        elif not room.invitation.admits_code(fields.get("code", "")):
            room.wrong_codes += 1
            self.guards.code_tries.allow(address)
            self._wrong(fields.get("code", ""))
        else:
            self._enter()

    def _wrong(self, typed: str) -> None:
        """The join form again, with what was typed still in it and why it is not the code."""
        self.page(
            "join.html",
            403,
            title="Join the room",
            message=wrong_code_words(typed),
            tone="problem",
            xsrf=self.xsrf_token.decode("ascii"),
            code=as_typed(typed),
            code_length=FIELD_LENGTH,
        )

    def _enter(self) -> None:
        try:
            self.let_in()
        except StateError as error:
            self.problem(error.status, str(error))
            return
        self.redirect(f"{self.room.invitation.token}/", status=303)


class RoomPage(_Page):
    def get(self, token: str) -> None:
        if self._finished:
            return
        status = self.token_state(token)
        if status != 200:
            self.problem(status, EXPIRED if status == 410 else NOT_HERE)
            return
        try:
            participant = self.let_in()
        except StateError as error:
            self.problem(error.status, str(error))
            return
        self.show(participant, again=self.get_query_argument("again", "") == "1")


class Answer(_Form):
    def get(self, token: str) -> None:
        """The answer address opened as a page (typed, a restored tab, a reload): back to
        the leader's own page, which shows what is open now, rather than an error."""
        if not self._finished:
            self.redirect("./", status=303)

    async def post(self, token: str) -> None:
        if self._finished:
            return
        status = self.token_state(token)
        if status != 200:
            self.problem(status, EXPIRED if status == 410 else NOT_HERE)
            return
        fields = self.fields()
        if fields is None:
            return
        participant = self.participant()
        if participant is None:
            self.problem(403, NOT_JOINED, back="./")
            return
        outcome = await self.guards.write(
            self.room.submit,
            participant.id,
            fields.get("form", ""),
            fields.get("question", ""),
            fields,
        )
        if outcome.status == 200:
            self.redirect("./", status=303)  # a reload shows the thanks, never resends
            return
        self.show(
            participant, again=True, status=outcome.status, message=outcome.message, sent=fields
        )


class Asset(_Page):
    """One of the room's own files (``pages.ASSETS``), by its name."""

    def get(self, name: str) -> None:
        if self._finished:
            return
        self.set_header("Content-Type", pages.ASSETS[name])
        self.finish(pages.asset(name))


class Now(_Page):
    """What the participant's page should show now (``page_now``), as plain text."""

    def get(self, token: str) -> None:
        if self._finished:
            return
        status = self.token_state(token)
        participant = self.participant()
        if status != 200 or participant is None:
            self.set_status(404 if status == 200 else status)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish("gone")
            return
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(self.page_now(participant))


class NotFound(_Page):
    def prepare(self) -> None:
        super().prepare()
        if not self._finished:
            self.problem(404, NOT_HERE)
