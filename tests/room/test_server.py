"""The room over HTTP on 127.0.0.1, as phones and hostile clients use it (no browser)."""

from __future__ import annotations

import contextlib
import html
import re
import socket
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from gaptools.core.model import Initiative
from gaptools.files import store
from gaptools.room import Room
from gaptools.room.handlers import XSRF_COOKIE
from gaptools.room.limits import Limits
from gaptools.room.messages import DROPPED, HELD, freed, held_short_of
from gaptools.room.state import NOT_OPEN, USED
from tests.room.phone import Phone

DEFINITION = {"name": "Aisha Karimi", "sentence": "Settle small claims in a day", "lens": "cost"}

Start = Callable[..., Room]


@pytest.fixture
def start(room_file: Path) -> Iterator[Start]:
    """Start a room on the workshop with the limits given (the defaults otherwise)."""
    rooms: list[Room] = []

    def started(**limits: float) -> Room:
        room = Room(room_file, limits=Limits(**limits)).start()  # type: ignore[arg-type]
        rooms.append(room)
        return room

    yield started
    for room in rooms:
        room.stop()


def test_a_participant_joins_by_the_code_answers_and_is_thanked(live_room: Room) -> None:
    live_room.open_question("definition")
    phone = Phone(live_room)
    page = phone.join_by_code(" " + live_room.code.lower().replace("-", " ") + " ")
    assert page.status == 200
    assert 'name="sentence"' in page.text
    assert live_room.counts().joined == 1
    thanks = phone.answer(DEFINITION)
    assert thanks.status == 200
    assert "<title>Thank you" in thanks.text
    assert thanks.message == "Your answer is in."
    assert live_room.counts().summary == "1 of 8 have answered."


def test_after_the_reveal_a_phone_no_longer_says_its_answer_is_held(
    live_room: Room, room_file: Path
) -> None:
    """The thanks page reloads itself: once the pulse's answers are written, it says so, and
    offers no change that would be refused."""
    workshop = store.load(room_file)
    workshop.pulse.answers = []
    store.save(workshop, room_file)
    live_room.open_question("pulse")
    phones = [Phone(live_room) for _ in range(workshop.settings.pulse_minimum)]
    for phone in phones:
        phone.scan()
        thanks = phone.answer({"feeling": "4", "clarity": "3", "time_to_learn": "2"})
        assert thanks.message == HELD
        assert "Change my answer" in thanks.text
    pulse = live_room.state.question
    assert pulse is not None
    held = {phone.get(phone.home + "now").text for phone in phones}
    assert held == {f"thanks-{pulse.id}-held"}  # the same word for every phone: no one told apart
    live_room.reveal()
    for phone in phones:
        # The word changes, so each waiting phone reloads: the question is closed.
        assert phone.get(phone.home + "now").text == "waiting"
        again = phone.get(phone.home)
        assert "<title>Waiting for the next question" in again.text
        assert "Change my answer" not in again.text
        phone.close()


def test_a_phone_whose_answer_cannot_reach_the_minimum_is_told_on_its_pages(
    live_room: Room, room_file: Path
) -> None:
    """Asked again for the last two leaders after the reveal, the latecomer's phone said her
    answer was held "until the facilitator shows the results": the room's message did not
    survive the redirect to the thanks page, and the form promised it would be shown."""
    store.edit(room_file, lambda w: setattr(w.pulse, "answers", []))
    workshop = store.load(room_file)
    minimum = workshop.settings.pulse_minimum
    listed = [p.name for p in workshop.meta.participants]
    answer = {"feeling": "4", "clarity": "3", "time_to_learn": "2"}
    live_room.open_question("pulse")
    for name in listed[: len(listed) - (minimum - 1)]:
        Phone(live_room).answer({**answer, "name": name})
    live_room.reveal()
    live_room.open_question("pulse")
    late = Phone(live_room)
    form = late.scan()
    assert f"Fewer than {minimum} leaders can still answer" in " ".join(form.text.split())
    thanks = late.answer({**answer, "name": listed[-1]}, form)
    assert thanks.message == held_short_of(minimum)
    assert thanks.message != HELD


def test_after_the_pulse_is_revealed_a_latecomer_is_told_it_is_closed(
    live_room: Room, room_file: Path
) -> None:
    """After the reveal the pulse still took answers, which were then held with no reveal
    left to write them (3 needed), and the latecomer's phone was told nothing. The reveal
    closes the question, as it does the anonymous vote."""
    store.edit(room_file, lambda w: setattr(w.pulse, "answers", []))
    live_room.open_question("pulse")
    answer = {"feeling": "4", "clarity": "3", "time_to_learn": "2"}
    for _ in range(3):
        Phone(live_room).answer(answer)
    slow = Phone(live_room)
    form = slow.scan()  # the form was on a phone's screen before the reveal
    live_room.reveal()
    late = Phone(live_room).scan()
    assert "<title>Waiting for the next question" in late.text
    assert 'name="feeling"' not in late.text
    refused = slow.answer(answer, form)
    assert refused.status == 409
    assert refused.message.lower() == NOT_OPEN
    assert live_room.counts().waiting == 0
    assert live_room.close_question() == 0
    assert len(store.load(room_file).pulse.answers) == 3


def test_the_waiting_page_asks_what_to_show_rather_than_reload_itself(
    live_room: Room,
) -> None:
    """A reload every 4 s moved a screen reader back to the top and the keyboard off "Check
    now". The page carries the word for what it shows, and ``now`` answers with the word for
    what it should show, which changes as the question opens and is answered; only a browser
    without JavaScript reloads, from <noscript>."""
    phone = Phone(live_room)
    waiting = phone.scan()
    assert "<title>Waiting for the next question" in waiting.text
    head = waiting.text.split("</head>")[0]
    assert re.findall(r"<noscript><meta http-equiv=\"refresh\"[^>]*></noscript>", head)
    assert head.count('http-equiv="refresh"') == 1
    assert '<script src="../room.js" defer></script>' in head
    shown = re.search(r'<body data-page="([^"]+)"', waiting.text)
    assert shown is not None
    assert phone.get(phone.home + "now").text == shown.group(1) == "waiting"
    question = live_room.open_question("definition")
    asked = phone.get(phone.home + "now").text
    assert asked == f"question-{question.id}"
    thanks = phone.answer(DEFINITION)
    answered = phone.get(phone.home + "now").text
    assert answered == f"thanks-{question.id}-written"  # a named answer is written at once
    assert f'data-page="{answered}"' in thanks.text
    assert Phone(live_room).get(phone.home + "now").status == 404  # no cookie: nobody's page
    script = phone.get("/room.js")
    assert script.status == 200
    assert 'fetch("now"' in script.text


def test_the_address_in_the_qr_code_joins_at_once(live_room: Room) -> None:
    phone = Phone(live_room)
    page = phone.scan()
    assert page.status == 200
    assert "Waiting for the next question" in page.text
    # A page that reloads by itself (no JavaScript) meets no server once the room closes:
    # the browser's own error page then follows, so the page says beforehand what that will
    # mean. With JavaScript, the page says it once it finds the room closed.
    assert "When the facilitator closes this room, this page stops loading" in page.text
    assert re.search(
        r'<p id="closed" class="message problem[^"]*" role="status" hidden>', page.text
    )
    live_room.open_question("pulse")
    assert 'name="feeling"' in phone.scan().text


def test_someone_already_in_who_opens_the_first_address_again_is_not_asked_for_the_code(
    live_room: Room,
) -> None:
    live_room.open_question("pulse")
    phone = Phone(live_room)
    assert "Join the room" in phone.get("/").text  # a newcomer types the code
    phone.scan()
    again = phone.get("/")
    assert again.status == 303
    followed = phone.get(urllib.parse.urljoin("/", again.location))
    assert followed.status == 200
    assert 'name="feeling"' in followed.text
    assert "Join the room" not in followed.text
    assert live_room.counts().joined == 1


def test_a_resubmission_replaces_the_participants_own_answer(
    live_room: Room, room_file: Path
) -> None:
    live_room.open_question("definition")
    ana, ben = Phone(live_room), Phone(live_room)
    ana.scan(), ben.scan()
    ana.answer(DEFINITION)
    ben.answer(
        {"name": "Ben Adeyemi", "sentence": "Brokers answered in an hour", "lens": "customer"}
    )
    ana.answer({**DEFINITION, "sentence": "Cut leakage by a tenth"})
    saved = {d.participant: d.sentence for d in store.load(room_file).success_definitions}
    assert saved["Aisha Karimi"] == "Cut leakage by a tenth"
    assert saved["Ben Adeyemi"] == "Brokers answered in an hour"
    taken = ben.answer({**DEFINITION, "sentence": "Ana's answer, overwritten"})
    assert taken.status == 409
    assert "Someone else" in taken.message
    assert "overwritten" not in room_file.read_text()


def test_a_wrong_code_is_refused_and_wrong_tries_run_out(live_room: Room) -> None:
    phone = Phone(live_room)
    assert phone.join_by_code("AAAA-AAAA").status == 403
    statuses = [phone.join_by_code("BBBB-BBBB").status for _ in range(10)]
    assert 429 in statuses
    assert live_room.counts().joined == 0


def test_an_expired_code_and_a_replaced_address_are_refused(start: Start) -> None:
    expired = start(code_lifetime=0.0)
    phone = Phone(expired)
    assert phone.join_by_code(expired.code).status == 410
    assert phone.scan().status == 410
    room = start()
    old_address, old_code = f"/{room.invitation.token}/", room.code
    already_in = Phone(room)
    already_in.scan()
    room.new_code()
    assert Phone(room).get(old_address).status == 404
    assert Phone(room).join_by_code(old_code).status == 403
    assert Phone(room).join_by_code(room.code).status == 200
    assert already_in.get(old_address).status == 200  # a new code keeps everyone in


def test_an_oversized_body_is_refused_with_413(live_room: Room, room_file: Path) -> None:
    live_room.open_question("definition")
    phone = Phone(live_room)
    page = phone.scan()
    huge = {**page.hidden(), **DEFINITION, "sentence": "x" * 100_000}
    assert phone.post(phone.home + "answer", huge).status == 413
    with socket.create_connection(("127.0.0.1", live_room.port), timeout=10) as raw:
        raw.sendall(
            f"POST {phone.home}answer HTTP/1.1\r\nHost: x\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            "Content-Length: 500000000\r\n\r\n".encode()
        )
        assert raw.recv(200).startswith(b"HTTP/1.1 413")
    with socket.create_connection(("127.0.0.1", live_room.port), timeout=10) as raw:
        chunk = b"x" * 20_000
        raw.sendall(
            f"POST {phone.home}answer HTTP/1.1\r\nHost: x\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            "Transfer-Encoding: chunked\r\n\r\n".encode()
            + f"{len(chunk):x}\r\n".encode()
            + chunk
            + b"\r\n"
        )
        assert raw.recv(200).startswith(b"HTTP/1.1 413")  # no length said: cut off as it comes
    many = "&".join(f"f{n}=1" for n in range(500)).encode()
    assert phone.send("POST", phone.home + "answer", many).status == 413
    assert "x" * 1000 not in room_file.read_text()


def test_thousands_of_requests_from_one_client_are_slowed_down(start: Start) -> None:
    room = start()
    flooder, neighbour = Phone(room), Phone(room)
    flooder.scan(), neighbour.scan()
    statuses = [flooder.get(flooder.home).status for _ in range(2000)]
    assert statuses[0] == 200
    assert statuses.count(429) > 1000
    assert neighbour.scan().status == 200  # the others are not held back
    anonymous = Phone(room)
    assert 429 in {anonymous.get("/").status for _ in range(500)}


def test_html_and_control_characters_are_escaped_or_refused(
    live_room: Room, room_file: Path
) -> None:
    store.edit(room_file, lambda w: setattr(w.meta, "participants", []))  # takes any name
    store.edit(
        room_file,
        lambda w: w.initiatives.append(Initiative(name='<img src=x onerror="alert(1)">')),
    )
    live_room.open_question("gut_check")
    phone = Phone(live_room)
    page = phone.scan()
    assert "<img src=x" not in page.text
    assert "&lt;img src=x onerror=" in page.text
    choice = str(live_room.state.question.choices.index('<img src=x onerror="alert(1)">'))
    sent = phone.answer(
        {"name": "<script>alert(1)</script>", "initiative": choice, "instantly": "yes"}
    )
    assert sent.status == 200
    again = phone.get(phone.home + "?again=1")
    assert "<script>alert(1)</script>" not in again.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in again.text
    refused = phone.answer({"name": "Tom\x1b[2J", "initiative": "0", "instantly": "yes"})
    assert refused.status == 400
    assert "control character" in refused.message
    assert "\x1b" not in refused.text
    assert "\x1b" not in room_file.read_text()


def test_a_replayed_answer_is_not_counted_twice(live_room: Room, room_file: Path) -> None:
    live_room.open_question("pulse")
    phone = Phone(live_room)
    page = phone.scan()
    fields = {**page.hidden(), "feeling": "4", "clarity": "4", "time_to_learn": "4"}
    fields["name"] = "Marcus Lee"
    assert phone.post(phone.home + "answer", fields).status == 303
    replay = phone.post(phone.home + "answer", fields)
    assert replay.status == 409
    assert "already sent" in replay.message
    assert live_room.counts().answered == 1


def test_a_vote_over_the_dot_limit_is_refused(live_room: Room, room_file: Path) -> None:
    live_room.open_question("vote", anonymous=False)
    phone = Phone(live_room)
    phone.scan()
    over = phone.answer({"name": "Marcus Lee", "dots-0": "2", "dots-1": "2"})
    assert over.status == 400
    assert "4 dots placed; each person has 3" in over.message
    too_many_on_one = phone.answer({"name": "Marcus Lee", "dots-0": "3"})
    assert too_many_on_one.status == 400
    assert "At most 2 dots on one" in too_many_on_one.message
    assert store.load(room_file).voting.ballots == []
    assert phone.answer({"name": "Marcus Lee", "dots-0": "2", "dots-1": "1"}).status == 200
    assert len(store.load(room_file).voting.ballots) == 1


def test_a_refused_answer_sent_again_is_told_why_rather_than_counted(
    live_room: Room, room_file: Path
) -> None:
    """A reload after a refusal resends the form, and was told "your answer is counted once"
    when nothing was counted: the refusal had used up the form. A refused form may be sent
    again; only one taken is spent."""
    live_room.open_question("vote", anonymous=False)
    phone = Phone(live_room)
    form = phone.scan().hidden()
    over = {**form, "name": "Marcus Lee", "dots-0": "2", "dots-1": "2"}
    assert phone.post(phone.home + "answer", over).status == 400
    reload = phone.post(phone.home + "answer", over)
    assert reload.status == 400
    assert "4 dots placed; each person has 3" in reload.message
    assert "counted" not in reload.message
    fixed = {**over, "dots-1": "1"}
    assert phone.post(phone.home + "answer", fixed).status == 303
    assert len(store.load(room_file).voting.ballots) == 1
    replay = phone.post(phone.home + "answer", fixed)
    assert (replay.status, replay.message.lower()) == (409, USED)


def test_a_refused_answer_keeps_the_name_typed_with_the_other_choices(live_room: Room) -> None:
    """After a refusal, "Your name" came back empty while the dots stayed."""
    live_room.open_question("vote", anonymous=False)
    phone = Phone(live_room)
    over = phone.answer({"name": "Marcus Lee", "dots-0": "2", "dots-1": "2"})
    assert over.status == 400
    assert re.search(r'<input id="name"[^>]*value="Marcus Lee"', over.text)
    stranger = phone.answer({"name": "Nobody Listed", "dots-0": "1"})
    assert stranger.status == 400
    assert re.search(r'<input id="name"[^>]*value="Nobody Listed"', stranger.text)


def test_the_answer_address_opened_as_a_page_leads_back_to_the_question(
    live_room: Room,
) -> None:
    """Opened from the address bar or a restored tab, the answer address said "Not allowed:
    Something went wrong", with no way out."""
    live_room.open_question("pulse")
    phone = Phone(live_room)
    phone.scan()
    opened = phone.get(phone.home + "answer")
    assert (opened.status, opened.location) == (303, "./")
    page = phone.get(urllib.parse.urljoin(phone.home + "answer", opened.location))
    assert page.status == 200
    assert 'name="feeling"' in page.text


def test_a_form_without_its_xsrf_token_or_from_another_client_is_refused(
    live_room: Room,
) -> None:
    live_room.open_question("pulse")
    phone, stranger = Phone(live_room), Phone(live_room)
    page = phone.scan()
    answer = {"feeling": "4", "clarity": "4", "time_to_learn": "4"}
    no_token = {k: v for k, v in page.hidden().items() if k != "_xsrf"}
    assert phone.post(phone.home + "answer", {**no_token, **answer}).status == 403
    stranger.scan()
    assert stranger.post(stranger.home + "answer", {**page.hidden(), **answer}).status == 403
    assert live_room.counts().answered == 0


def test_only_the_rooms_own_pages_exist(
    live_room: Room,
) -> None:
    phone = Phone(live_room)
    for path in ("/etc/passwd", "/../workshop.json", "/static/x", "/" + "a" * 65 + "/"):
        assert phone.get(urllib.parse.quote(path)).status == 404
    assert phone.get("/").status == 200
    assert phone.get("/room.css").status == 200
    assert phone.send("DELETE", "/").status in {403, 405}


def test_security_headers_and_no_server_banner(live_room: Room) -> None:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", live_room.port, timeout=10)
    connection.request("GET", "/")
    response = connection.getresponse()
    response.read()
    assert "default-src 'none'" in response.getheader("Content-Security-Policy", "")
    assert response.getheader("X-Frame-Options") == "DENY"
    assert response.getheader("Referrer-Policy") == "no-referrer"
    assert response.getheader("Cache-Control") == "no-store"
    assert response.getheader("Server") is None
    connection.close()


def test_a_stopped_room_listens_no_more(room_file: Path) -> None:
    room = Room(room_file).start()
    port = room.port
    assert Phone(room).get("/").status == 200
    room.stop()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5).close()


def test_the_page_is_made_for_a_phone(live_room: Room) -> None:
    """A viewport for phones, nothing of fixed width (so no sideways scrolling at 360 px),
    large targets, and plain forms that need no JavaScript (the one script only says when
    the room has closed)."""
    live_room.open_question("vote", anonymous=True)
    page = Phone(live_room).scan()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page.text
    assert re.findall(r"<script[^>]*>", page.text) == ['<script src="../room.js" defer>']
    assert "onsubmit" not in page.text
    assert '<form method="post" action="answer">' in page.text
    css = Phone(live_room).get("/room.css").text
    assert not re.search(r"(?<![-\w])width:\s*\d{3,}px", css)
    assert "min-height: 3rem" in css
    assert "overflow-wrap: anywhere" in css


def test_connections_beyond_the_limit_are_closed_as_they_arrive(start: Start) -> None:
    room = start(connections=3)
    request = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
    held = [socket.create_connection(("127.0.0.1", room.port), timeout=10) for _ in range(3)]
    try:
        for connection in held:  # each one answered, so the server counts it as open
            connection.sendall(request)
            assert connection.recv(20).startswith(b"HTTP/1.1 200")
        with socket.create_connection(("127.0.0.1", room.port), timeout=10) as extra:
            with contextlib.suppress(ConnectionResetError, BrokenPipeError):
                extra.sendall(request)
            try:
                answer = extra.recv(20)
            except ConnectionResetError:
                answer = b""
            assert answer == b""
    finally:
        for connection in held:
            connection.close()


def test_a_browser_that_keeps_no_cookie_cannot_fill_the_room(start: Start) -> None:
    room = start(participants=5)
    forgetful = Phone(room)
    for _ in range(20):
        forgetful.cookies.clear()
        assert forgetful.scan().status == 200
    phone = Phone(room)
    assert phone.scan().status == 200
    assert phone.scan().status == 200
    assert room.counts().joined == 1


def test_every_link_is_relative_so_the_room_works_behind_a_proxys_path(live_room: Room) -> None:
    phone = Phone(live_room)
    front = phone.get("/")
    joined = phone.post("/join", {**front.hidden(), "code": live_room.code})
    assert joined.status == 303
    assert joined.location == f"{live_room.invitation.token}/"
    live_room.open_question("definition")
    pages = [front, phone.scan(), phone.answer(DEFINITION), phone.get("/nowhere")]
    for page in pages:
        assert not re.search(r'(href|action|src)="/', page.text)


def test_the_rooms_cookies_never_take_jupyters_names(live_room: Room) -> None:
    """Behind a JupyterHub's proxy the room shares the hub's address: a cookie named like
    Jupyter's own would replace it in the participant's browser."""
    live_room.open_question("pulse")
    phone = Phone(live_room)
    phone.scan()
    assert XSRF_COOKIE in phone.cookies
    assert "_xsrf" not in phone.cookies
    assert all(not name.startswith(("_xsrf", "username-")) for name in phone.cookies)


def test_the_phone_ballot_marks_what_is_above_the_line(live_room: Room, room_file: Path) -> None:
    """The notebook's ballot says which initiatives are above the capacity line; the phone's
    listed all of them alike. Both now mark the same ones, from step 6's ranking."""
    from gaptools.steps.prioritise import rank

    above = rank(store.load(room_file), stability=False).above
    assert above
    live_room.open_question("vote", anonymous=False)
    page = Phone(live_room).scan()
    legends = re.findall(r"<legend>(.*?)</legend>", page.text, re.S)
    marked = [" ".join(re.sub(r"<[^>]+>", "", legend).split()) for legend in legends]
    for name in store.load(room_file).live_initiatives():
        shown = html.escape(name.name)
        expected = f"{shown} (above the line)" if name.name in above else shown
        assert expected in marked, expected


def test_change_my_answer_starts_from_the_answer_given(live_room: Room) -> None:
    """'Change my answer' opened a blank form: the sentence and the lens had to be given
    again, and a lens forgotten stopped the send. A named answer comes back to its own
    leader's phone to change; an anonymous one never does."""
    live_room.open_question("definition")
    phone = Phone(live_room)
    phone.scan()
    phone.answer(
        {"name": "Priya Raman", "sentence": "Brokers <answered> in an hour", "lens": "customer"}
    )
    again = phone.get(phone.home + "?again=1")
    assert "Brokers &lt;answered&gt; in an hour</textarea>" in again.text
    assert re.search(r'value="customer" required\s+checked', again.text)
    stranger = Phone(live_room)
    stranger.scan()
    assert "Brokers" not in stranger.get(stranger.home + "?again=1").text


def test_changing_an_anonymous_answer_says_why_the_form_is_blank(live_room: Room) -> None:
    """'Change my answer' on the pulse opened a blank form and said nothing: leaders took it
    for a lost answer. The form now says the earlier answer is not shown because it is
    anonymous, and that sending replaces it, which is what the room does: counted once."""
    live_room.open_question("pulse")
    phone = Phone(live_room)
    phone.scan()
    phone.answer({"feeling": "4", "clarity": "3", "time_to_learn": "2", "concern": "Jobs"})
    again = phone.get(phone.home + "?again=1")
    form = again.text.split("<form", 1)[1]
    notice = re.search(r'<p class="message" id="replacing">(.*?)</p>', form, re.S)
    assert notice is not None
    words = " ".join(html.unescape(notice.group(1)).split())
    assert "not shown here: it is anonymous" in words
    assert "Sending this form replaces it" in words
    assert "counted once" in words
    assert "Jobs</textarea>" not in again.text  # never shown back
    thanks = phone.answer({"feeling": "2", "clarity": "2", "time_to_learn": "2"}, again)
    assert thanks.message == HELD
    assert (live_room.counts().answered, live_room.counts().waiting) == (1, 1)
    assert 'id="replacing"' not in Phone(live_room).scan().text  # a first answer replaces none


def test_a_wrong_code_stays_in_its_field_with_what_is_wrong_with_it(live_room: Room) -> None:
    """A wrong code emptied the field: a leader who had mistyped one character of eight had
    to read them all off the screen again. What was typed now stays (escaped), and the
    message says what is wrong, as far as that can be said without telling the code."""
    code = live_room.invitation.code
    swapped = next(c for c in "ABCDEFGH" if c != code[-1])
    cases = {
        f"{code[:4]}-{code[4:7]}{swapped}": "not the room's code",
        f"{code[:4]}-{code[4:7]}": "has 7 letters and digits; the room's has 8",
        f"{code[:4]}-{code[4:7]}0": "never has '0' in it",
        '"><b>x': "never has",
    }
    for typed, problem in cases.items():
        page = Phone(live_room).join_by_code(typed)
        assert page.status == 403
        assert problem in page.message
        field = re.search(r'<input id="code"[^>]*\svalue="([^"<>]*)"', page.text)
        assert field is not None
        assert html.unescape(field.group(1)) == typed
    assert "<b>x" not in Phone(live_room).join_by_code("<b>x").text


def test_a_question_page_watches_for_the_room_closing_but_never_reloads(
    live_room: Room,
) -> None:
    """The question's page learnt that the room had closed only when the answer was sent, after
    a long answer had been typed. It now asks ``now`` as the waiting page does (its script says
    when it is too late); it never reloads, which would wipe the answer being typed; and
    without JavaScript the send is still refused in words."""
    question = live_room.open_question("definition")
    phone = Phone(live_room)
    page = phone.scan()
    head = page.text.split("</head>")[0]
    assert '<script src="../room.js" defer></script>' in head
    assert 'http-equiv="refresh"' not in page.text  # a reload would lose what is typed
    assert f'<body data-page="question-{question.id}" data-every="4" data-stay="yes">' in page.text
    assert "if the facilitator closes it before you send, your answer is not taken" in " ".join(
        page.text.split()
    )
    live_room.close_question()
    assert phone.get(phone.home + "now").text == "waiting"
    refused = phone.answer(DEFINITION, page)
    assert refused.status == 409
    assert refused.message.lower() == NOT_OPEN


def test_an_anonymous_question_asks_the_leaders_name_and_says_why(
    live_room: Room, room_file: Path
) -> None:
    """Where the workshop lists its leaders, an anonymous answer is given under the leader's
    name, said to count them once and never kept with the answer; with no list, none is
    asked."""
    live_room.open_question("pulse")
    page = Phone(live_room).scan()
    assert 'id="name" name="name"' in page.text
    # The promise first, then what the name is for.
    note = " ".join(page.text.split("Anonymous: ")[1].split("</p>")[0].split())
    assert note.startswith("your name is never kept with your answer")
    assert "Your name only counts you once" in note
    live_room.close_question()
    store.edit(room_file, lambda w: setattr(w.meta, "participants", []))
    live_room.open_question("pulse")
    page = Phone(live_room).scan()
    assert 'name="feeling"' in page.text
    assert 'name="name"' not in page.text
    assert "no name is asked or kept" in page.text


def test_a_phone_whose_held_answer_was_let_go_is_told_once(
    live_room: Room, room_file: Path
) -> None:
    """Two leaders answered the pulse; the facilitator let the held answers go (fewer than
    three) and closed it. The phones had said "held until the results" and then showed only
    "Waiting for the next question": their answers were gone without a word."""
    store.edit(room_file, lambda w: setattr(w.pulse, "answers", []))
    live_room.open_question("pulse")
    answer = {"feeling": "4", "clarity": "3", "time_to_learn": "2"}
    answered = [Phone(live_room) for _ in range(2)]
    for phone in answered:
        assert HELD.split(":")[0] in phone.answer(answer).text
    bystander = Phone(live_room)
    bystander.scan()
    assert live_room.close_question(discard=True) == 2
    for phone in answered:
        page = phone.scan()
        assert "<title>Waiting for the next question" in page.text
        assert page.message == DROPPED
        assert phone.scan().message == ""  # said once
    assert bystander.scan().message == ""
    assert store.load(room_file).pulse.answers == []


def test_a_phone_whose_name_was_freed_is_told_once(live_room: Room) -> None:
    """The facilitator freed Aisha's name for her laptop. Her phone asked for a name again
    with no word why, then refused her own as "someone else's" once the laptop took it."""
    live_room.open_question("definition")
    phone, laptop, bystander = Phone(live_room), Phone(live_room), Phone(live_room)
    phone.scan(), bystander.scan()
    assert phone.answer(DEFINITION).status == 200
    assert live_room.free_name("aisha") == "Aisha Karimi may now answer from a new phone."
    assert laptop.answer({**DEFINITION, "sentence": "From the laptop"}).status == 200
    told = phone.scan().message
    assert told.startswith(freed("Aisha Karimi"))
    assert "no longer answers as Aisha Karimi" in told
    assert "The facilitator" not in phone.scan().message  # said once
    assert "The facilitator" not in bystander.scan().message
    assert "The facilitator" not in laptop.scan().message
