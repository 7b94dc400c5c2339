"""The room as the facilitator and the server drive it: what is written, when, and how."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gaptools.core import model
from gaptools.core.model import Lens, SealedAnswer
from gaptools.files import store
from gaptools.room import Room, RoomError
from gaptools.room.messages import HELD, held_short_of
from gaptools.room.room import Outcome
from gaptools.room.state import ALREADY_WRITTEN, NAME_TAKEN, USED, Participant
from gaptools.steps import maturity, pulse, secret, voting
from tests.room.phone import free_leader
from tests.support import DAY

PULSE = {"feeling": "4", "clarity": "3", "time_to_learn": "2"}


def send(room: Room, person: Participant, fields: dict[str, str]) -> Outcome:
    """One form shown to ``person`` and sent back, as the server does it; an anonymous
    question in a room whose workshop lists its leaders is answered under the person's name,
    or the next free leader's."""
    form = room.state.new_form(person)
    question = room.state.question
    assert question is not None
    if question.anonymous and question.expected and "name" not in fields:
        fields = {**fields, "name": person.name or free_leader(room)}
    return room.submit(person.id, form, question.id, fields)


def ratings(score: int) -> dict[str, str]:
    return {f"score-{d.code}": str(score) for d in maturity.dimensions()}


def test_a_named_answer_is_written_at_once_and_a_resubmission_replaces_it(
    room: Room, room_file: Path
) -> None:
    store.edit(room_file, lambda w: setattr(w.meta, "participants", []))  # takes any name
    room.open_question("definition")
    ana = room.state.join()
    first = send(room, ana, {"name": "Ana Lopez", "sentence": "Faster claims", "lens": "cost"})
    assert first.status == 200
    assert not first.replaced
    again = send(
        room, ana, {"name": "Ana Lopez", "sentence": "Happier brokers", "lens": "customer"}
    )
    assert again.status == 200
    assert again.replaced
    mine = [d for d in store.load(room_file).success_definitions if d.participant == "Ana Lopez"]
    assert [(d.sentence, d.lens) for d in mine] == [("Happier brokers", Lens.CUSTOMER)]
    assert room.counts().answered == 1


def test_nobody_can_answer_under_a_name_another_participant_uses(
    room: Room, room_file: Path
) -> None:
    store.edit(room_file, lambda w: setattr(w.meta, "participants", []))  # takes any name
    room.open_question("definition")
    ana, other = room.state.join(), room.state.join()
    send(room, ana, {"name": "Ana Lopez", "sentence": "Faster claims", "lens": "cost"})
    refused = send(
        room, other, {"name": "ana lopez", "sentence": "Overwrite", "lens": "risk_compliance"}
    )
    assert (refused.status, refused.message) == (409, NAME_TAKEN)
    assert "Overwrite" not in room_file.read_text()


def test_the_count_names_a_leader_refused_on_a_second_phone_until_freed(
    room: Room, room_file: Path
) -> None:
    """Each leader who answered from a second browser was told to ask the facilitator to free
    their name, while `count` said nothing of them."""
    room.open_question("definition")
    dana = store.load(room_file).meta.participants[0].name
    first, second = room.state.join(), room.state.join()
    assert send(room, first, {"name": dana, "sentence": "Faster", "lens": "cost"}).status == 200
    assert "Refused" not in room.counts().summary
    assert send(room, second, {"name": dana, "sentence": "Again", "lens": "cost"}).status == 409
    said = room.counts().summary
    assert f"Refused on a second phone or browser, as taken already: {dana}." in said
    room.free_name(dana)
    assert "Refused" not in room.counts().summary


def test_a_replayed_form_is_not_counted_twice(room: Room) -> None:
    room.open_question("gut_check")
    person = room.state.join()
    form = room.state.new_form(person)
    question = room.state.question.id
    fields = {"name": "Tom", "initiative": "0", "instantly": "yes"}
    assert room.submit(person.id, form, question, fields).status == 200
    replay = room.submit(person.id, form, question, fields)
    assert (replay.status, replay.message) == (409, USED)
    assert room.counts().answered == 1


def test_a_name_typed_on_a_phone_is_kept_as_the_list_spells_it(room: Room, room_file: Path) -> None:
    listed = store.load(room_file).meta.participants[0].name
    room.open_question("gut_check")
    fields = {"name": f"  {listed.lower()} ", "initiative": "0", "instantly": "yes"}
    assert send(room, room.state.join(), fields).status == 200
    assert [g.participant for g in store.load(room_file).gut_checks][-1] == listed


def test_an_unknown_participant_is_turned_away(room: Room) -> None:
    room.open_question("definition")
    assert room.submit("made-up", "form", room.state.question.id, {}).status == 403


def test_a_named_vote_is_written_as_cast_and_revealed_by_the_steps_rule(
    room: Room, room_file: Path
) -> None:
    store.edit(room_file, lambda w: setattr(w.meta, "participants", []))  # takes any name
    question = room.open_question("vote", anonymous=False)
    assert store.load(room_file).voting.phase == "open"
    for number in range(2):
        person = room.state.join()
        assert send(room, person, {"name": f"Leader {number}", "dots-0": "2"}).status == 200
    over = send(room, room.state.join(), {"name": "Greedy", "dots-0": "2", "dots-1": "2"})
    assert over.status == 400
    assert "each person has 3" in over.message
    result = room.reveal()
    assert isinstance(result, voting.Result)
    assert result.tally == [(question.choices[0], 4)]
    assert store.load(room_file).voting.phase == "revealed"
    with pytest.raises(RoomError, match="reset it in step 7"):
        room.open_question("vote")


def test_an_anonymous_vote_joins_ballots_cast_at_this_screen(room: Room, room_file: Path) -> None:
    question = room.open_question("vote", anonymous=True)
    store.edit(room_file, lambda w: voting.cast(w, "Dana Whitfield", {question.choices[2]: 1}))
    send(room, room.state.join(), {"dots-0": "1"})
    send(room, room.state.join(), {"dots-1": "1"})
    result = room.reveal()
    assert result.ballots == 3
    saved = store.load(room_file).voting
    assert all(not b.voter for b in saved.ballots)
    assert [sorted(b.dots.items()) for b in saved.ballots] == sorted(
        [[(question.choices[0], 1)], [(question.choices[1], 1)], [(question.choices[2], 1)]]
    )


def test_a_vote_reset_and_opened_again_takes_every_phone_s_ballot_again(
    room: Room, room_file: Path
) -> None:
    """After a reveal, Reset the vote and Open the vote, the room said "2 of 5 have voted"
    at once and the two phones that had voted were told their answer could no longer be
    changed: the room remembered them as written for every vote. A reset vote is a new one."""
    room.open_question("vote", anonymous=True)
    phones = [room.state.join() for _ in range(3)]
    for n, phone in enumerate(phones):
        send(room, phone, {f"dots-{n}": "1"})
    room.reveal()
    store.edit(room_file, voting.reset)

    room.open_question("vote", anonymous=True)
    assert room.counts().answered == 0
    assert not room.state.has_answered(phones[0])
    for phone in phones:
        assert send(room, phone, {"dots-2": "1"}).status == 200
    assert room.reveal().ballots == 3


def test_a_vote_opened_at_another_screen_is_not_asked_here(room: Room, room_file: Path) -> None:
    """A reloaded step 7 refused to open the vote, since the ballots were held by the page
    before it, yet its room took phones' ballots and revealed two of them as the vote. The
    room refuses as the form does, and says how to go on."""
    store.edit(room_file, lambda w: voting.set_mode(w, "anonymous"))
    store.edit(room_file, voting.open_voting)
    store.edit(room_file, lambda w: setattr(w.voting, "box", "held-by-a-page-since-reloaded"))
    with pytest.raises(RoomError, match="reset the vote and vote again"):
        room.open_question("vote")
    assert room.state.question is None


def test_ballots_from_phones_are_counted_once_revealed(room: Room, room_file: Path) -> None:
    """After three phones' ballots were revealed, step 7 said '0 voted: nobody yet' above
    'Dots from 3 ballots', and `status --json` gave votes 0: the room's ballots carry no
    names, so the list of who voted never held them. Ballots cast are what the file holds,
    named or not."""
    from gaptools.summaries.status import summary

    room.open_question("vote", anonymous=True)
    for n in range(3):
        send(room, room.state.join(), {f"dots-{n}": "1"})
    room.reveal()
    workshop = store.load(room_file)
    assert workshop.voting.ballots_cast == 3
    assert summary(workshop)["votes"] == 3


def test_two_anonymous_ballots_are_never_revealed(room: Room, room_file: Path) -> None:
    """Revealed from two ballots, each voter could work out the other's from the result."""
    room.open_question("vote", anonymous=True)
    send(room, room.state.join(), {"dots-0": "1"})
    send(room, room.state.join(), {"dots-1": "1"})
    with pytest.raises(RoomError, match="at least 3 leaders have voted"):
        room.reveal()
    assert store.load(room_file).voting.ballots == []
    assert room.counts().waiting == 2  # held again, not lost


def test_anonymous_ratings_wait_for_the_minimum_and_are_written_without_a_rater(
    room: Room, room_file: Path
) -> None:
    store.edit(room_file, lambda w: setattr(w.maturity, "ratings", []))
    room.open_question("maturity", anonymous=True)
    people = [room.state.join() for _ in range(3)]
    for score, person in zip((5, 1), people, strict=False):
        assert send(room, person, ratings(score)).status == 200
    with pytest.raises(RoomError, match="at least 3"):
        room.reveal()
    send(room, people[2], ratings(3))
    view = room.reveal()
    saved = store.load(room_file).maturity
    assert isinstance(view, maturity.MaturityView)
    assert saved.mode == "anonymous"
    assert [(r.rater, r.scores["operational"]) for r in saved.ratings] == [
        ("", 1),
        ("", 3),
        ("", 5),
    ]
    assert room.counts().question == ""  # revealed, the ratings take no more
    room.open_question("maturity", anonymous=True)
    late = send(room, people[0], ratings(2))
    assert (late.status, late.message) == (409, ALREADY_WRITTEN)


def test_ratings_sealed_at_this_screen_join_the_room_s_batch(room: Room, room_file: Path) -> None:
    """As the pulse's: a leader rating from their own notebook, two from phones, one batch."""
    store.edit(room_file, lambda w: setattr(w.maturity, "ratings", []))
    room.open_question("maturity", anonymous=True)
    store.edit(room_file, maturity.open_collecting)
    scores = {d.code: 2 for d in maturity.dimensions()}
    store.edit(room_file, lambda w: maturity.rate(w, "", scores, DAY))
    assert len(store.load(room_file).maturity.sealed) == 1
    for score in (4, 5):
        send(room, room.state.join(), ratings(score))
    room.reveal()
    saved = store.load(room_file).maturity
    assert saved.sealed == []
    assert sorted(r.scores["operational"] for r in saved.ratings) == [2, 4, 5]
    assert {r.rater for r in saved.ratings} == {""}


def test_closing_refuses_to_lose_held_answers_unless_told(room: Room, room_file: Path) -> None:
    before = room_file.read_bytes()
    room.open_question("pulse")
    send(room, room.state.join(), PULSE)
    with pytest.raises(RoomError) as refused:
        room.close_question()
    # Said in the facilitator's words, which the panel and the terminal show as they are.
    assert str(refused.value) == (
        "1 anonymous answer is held, not shown yet: reveal them first, or discard them "
        "(lost for good)"
    )
    assert room.close_question(discard=True) == 1
    assert room_file.read_bytes() == before


def test_named_ratings_cannot_turn_anonymous_once_given(room: Room) -> None:
    with pytest.raises(RoomError, match="chosen before the first one"):
        room.open_question("maturity", anonymous=True)
    assert not room.open_question("maturity").anonymous


def test_the_room_refuses_what_it_cannot_do(room: Room, room_file: Path, tmp_path: Path) -> None:
    with pytest.raises(RoomError, match="no question 'poll'"):
        room.open_question("poll")
    with pytest.raises(RoomError, match="no question is open"):
        room.reveal()
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(RoomError, match="not valid JSON"):
        Room(broken)
    with pytest.raises(RoomError, match="allow_network=True"):
        Room(room_file, host="0.0.0.0")


def test_a_network_room_shows_an_address_phones_can_reach(room_file: Path) -> None:
    room = Room(room_file, host="0.0.0.0", port=8765, allow_network=True, public_host="10.1.2.3")
    assert room.join_address == "http://10.1.2.3:8765/"
    assert room.join_url.startswith("http://10.1.2.3:8765/")
    assert room.join_url.endswith("/")
    assert room.qr_svg().startswith("<svg")
    old = room.join_url
    room.new_code()
    assert room.join_url != old


def test_opening_the_next_question_never_drops_held_answers_silently(room: Room) -> None:
    room.open_question("pulse")
    send(room, room.state.join(), PULSE)
    with pytest.raises(RoomError, match="held, not shown yet: reveal them first, or discard"):
        room.open_question("definition")
    assert room.counts().question == "pulse"
    room.open_question("definition", discard=True)
    assert room.counts().question == "definition"


def test_a_revealed_vote_takes_no_more_ballots(room: Room) -> None:
    room.open_question("vote", anonymous=True)
    people = [room.state.join() for _ in range(2)]
    forms = [room.state.new_form(p) for p in people]
    question = room.state.question.id
    assert room.submit(people[0].id, forms[0], question, {"dots-0": "1", "name": "Ben Adeyemi"})
    send(room, room.state.join(), {"dots-1": "1"})
    send(room, room.state.join(), {"dots-3": "1"})
    room.reveal()
    late = room.submit(people[1].id, forms[1], question, {"dots-2": "1"})
    assert late.status == 409
    assert room.counts().question == ""


def test_pulse_groups_follow_the_pulse_rule_and_a_removed_group_is_dropped(
    room: Room, room_file: Path
) -> None:
    store.edit(room_file, lambda w: setattr(w.pulse, "answers", []))
    store.edit(room_file, lambda w: setattr(w.meta, "participants", []))  # nine answer
    room.open_question("pulse")
    for group in ("Claims", "Claims", "Claims", "", ""):
        send(room, room.state.join(), {**PULSE, "group": group})
    send(room, room.state.join(), {**PULSE, "group": "Broker operations"})
    store.edit(room_file, lambda w: w.pulse.groups.remove("Broker operations"))
    room.reveal()
    groups = sorted(a.group for a in store.load(room_file).pulse.answers)
    assert groups == ["", "", "", "Claims", "Claims", "Claims"]
    room.open_question("pulse")  # asked again, for latecomers
    send(room, room.state.join(), {**PULSE, "group": "Claims"})
    for _ in range(2):
        send(room, room.state.join(), {**PULSE, "group": "Customer service"})
    room.reveal()
    groups = sorted(a.group for a in store.load(room_file).pulse.answers)
    assert groups.count("Claims") == 3  # the late one from Claims is a group of one in its batch


def test_a_bad_port_is_refused_in_words_and_a_busy_one_too(room_file: Path) -> None:
    with pytest.raises(RoomError, match="from 0 to 65535"):
        Room(room_file, port=70000)
    with Room(room_file) as first, pytest.raises(RoomError, match="already in use"):
        Room(room_file, port=first.port).start()


def test_a_stopped_room_starts_again(room_file: Path) -> None:
    room = Room(room_file).start()
    room.stop()
    assert not room.running
    room.start()
    assert room.running
    room.stop()


def test_behind_a_proxy_the_room_shows_the_proxys_address(room_file: Path) -> None:
    proxied = "https://hub.example.org/user/dana/proxy/8765"
    room = Room(room_file, port=8765, public_url=proxied)
    assert room.join_address == proxied + "/"
    assert room.join_url == f"{proxied}/{room.invitation.token}/"


def test_through_a_hub_no_anonymous_question_is_asked(room_file: Path) -> None:
    """Through a JupyterHub the room is reached only by those the hub lets into the
    facilitator's whole server: a leader let in read another's held pulse answer in the
    notebook's kernel before the reveal. Through a hub, anonymous questions are refused
    before anything is written; named ones are asked."""
    room = Room(room_file, public_url="https://hub.example.org/user/fac/proxy/8765")
    before = room_file.read_bytes()
    for kind, anonymous in (("pulse", None), ("vote", True), ("maturity", True)):
        with pytest.raises(RoomError, match="not asked through the hub"):
            room.open_question(kind, anonymous)
        assert room_file.read_bytes() == before
        assert not room.counts().question
    room.open_question("gut_check")
    room.open_question("vote", anonymous=False)
    assert room.counts().question == "vote"


def test_a_question_refused_leaves_the_open_one_open(room: Room, room_file: Path) -> None:
    """'Ask: Place your dots' before the vote's mode was chosen was refused, and it also
    closed the gut check that leaders were still answering: a refused question now changes
    nothing, and the refusal says where the mode is chosen."""
    store.edit(room_file, lambda w: setattr(w.voting, "mode", None))
    room.open_question("gut_check")
    with pytest.raises(RoomError, match="step 7"):
        room.open_question("vote")
    assert room.counts().question == "gut_check"


def test_asking_the_pulse_again_takes_no_second_answer_from_the_same_phone(
    room: Room, room_file: Path
) -> None:
    """Asked again after a reveal so that a latecomer could answer, the pulse was shown again
    to every phone, and the file ended with 7 answers from 4 people. In one room, a phone
    whose anonymous answer was written is told it is counted; the latecomer answers."""
    store.edit(room_file, lambda w: setattr(w.pulse, "answers", []))
    room.open_question("pulse")
    early = [room.state.join() for _ in range(3)]
    for person in early:
        send(room, person, PULSE)
    room.reveal()
    room.open_question("pulse")
    again = send(room, early[0], PULSE)
    assert again.status == 409
    assert again.message == ALREADY_WRITTEN
    assert room.state.has_answered(early[0])
    assert send(room, room.state.join(), PULSE).status == 200
    assert room.counts().answered == 4
    assert len(store.load(room_file).pulse.answers) == 3


def sealed_answer(workshop) -> SealedAnswer:
    """One leader's pulse answer, sealed in their notebook on the workshop's day."""
    fields = {"feeling": 3, "clarity": 3, "time_to_learn": 3, "day": DAY.isoformat()}
    return SealedAnswer(data=secret.seal_answer(workshop.pulse.key, fields, pulse.SEALED_SIZE))


def a_leader_answers_from_their_notebook(room_file: Path) -> None:
    """A leader's own notebook seals its pulse answer for the screen that collects it (this
    one, which opened the pulse), where it waits for a batch of the minimum."""
    store.edit(room_file, lambda w: pulse.answer(w, pulse.Given(2, 2, 1), DAY))


def test_the_room_s_reveal_publishes_the_answers_sealed_at_this_screen_with_its_own(
    room: Room, room_file: Path
) -> None:
    """Four phones and one leader's notebook answered; the reveal said "4 answers", and the
    notebook's answer waited for two more that would never come. They are one batch."""
    store.edit(room_file, lambda w: setattr(w.pulse, "answers", []))
    store.edit(room_file, pulse.open_pulse)
    a_leader_answers_from_their_notebook(room_file)
    assert len(store.load(room_file).pulse.sealed) == 1
    room.open_question("pulse")
    for _ in range(4):
        send(room, room.state.join(), PULSE)
    room.reveal()
    saved = store.load(room_file).pulse
    assert (len(saved.answers), saved.sealed) == (5, [])
    assert sorted(a.feeling for a in saved.answers) == [2, 4, 4, 4, 4]


def test_two_phones_and_a_sealed_answer_make_the_minimum_together(
    room: Room, room_file: Path
) -> None:
    store.edit(room_file, lambda w: setattr(w.pulse, "answers", []))
    store.edit(room_file, pulse.open_pulse)
    a_leader_answers_from_their_notebook(room_file)
    room.open_question("pulse")
    send(room, room.state.join(), PULSE)
    with pytest.raises(RoomError, match="and 1 from leaders' notebooks: at least 3 are needed"):
        room.reveal()
    send(room, room.state.join(), PULSE)
    room.reveal()
    assert len(store.load(room_file).pulse.answers) == 3


def test_a_leader_who_answered_twice_from_a_notebook_counts_once(
    room: Room, room_file: Path
) -> None:
    """The room counted the file's sealed entries: a notebook's second answer (which replaces
    its first) made one phone and one leader look like the three needed, the write was
    refused, and the phone was told its answer could no longer be changed."""
    store.edit(room_file, lambda w: setattr(w.pulse, "answers", []))
    store.edit(room_file, pulse.open_pulse)

    def seal_twice(workshop) -> None:
        """As another notebook seals (one sender's token for both), not this screen."""
        for feeling in (1, 2):
            fields = {"feeling": feeling, "clarity": 2, "time_to_learn": 1}
            fields |= {"day": DAY.isoformat(), "sender": "one notebook"}
            data = secret.seal_fields(workshop.pulse.key, fields, pulse.SEALED_SIZE)
            workshop.pulse.sealed.append(SealedAnswer(data=data))

    store.edit(room_file, seal_twice)
    room.open_question("pulse")
    phone = room.state.join()
    send(room, phone, PULSE)
    with pytest.raises(RoomError, match="1 anonymous answer from phones so far, and 1 from"):
        room.reveal()
    assert room.state.holds(phone)  # still held, so still the phone's to change
    assert send(room, phone, {**PULSE, "feeling": "5"}).status == 200


def test_answers_sealed_at_this_screen_are_revealed_with_no_phone_among_them(
    room: Room, room_file: Path
) -> None:
    store.edit(room_file, lambda w: setattr(w.pulse, "answers", []))
    store.edit(room_file, pulse.open_pulse)
    for _ in range(3):
        store.edit(room_file, lambda w: w.pulse.sealed.append(sealed_answer(w)))
    room.open_question("pulse")
    room.reveal()
    assert len(store.load(room_file).pulse.answers) == 3


def test_a_batch_of_answers_given_on_two_days_carries_one_day(room: Room, room_file: Path) -> None:
    """Two answers sealed one day and a phone's the next were published with their own days:
    the phone's answer was the one of its day. A batch carries its latest day."""
    store.edit(room_file, lambda w: setattr(w.pulse, "answers", []))
    store.edit(room_file, pulse.open_pulse)
    for _ in range(2):
        store.edit(room_file, lambda w: w.pulse.sealed.append(sealed_answer(w)))
    room.today = lambda: DAY + dt.timedelta(days=1)
    room.open_question("pulse")
    send(room, room.state.join(), PULSE)
    room.reveal()
    assert {a.day for a in store.load(room_file).pulse.answers} == {DAY + dt.timedelta(days=1)}


def test_ballots_held_for_a_vote_since_reset_are_not_revealed_as_the_new_one(
    room: Room, room_file: Path
) -> None:
    """Step 7 reset the vote and opened it again while the room held two phones' ballots:
    the room's reveal wrote them into the new vote."""
    room.open_question("vote", anonymous=True)
    for n in range(2):
        send(room, room.state.join(), {f"dots-{n}": "1"})
    store.edit(room_file, voting.reset)
    store.edit(room_file, voting.open_voting)
    before = room_file.read_bytes()
    with pytest.raises(RoomError, match="the vote was reset in step 7 after the room asked"):
        room.reveal()
    assert room_file.read_bytes() == before


def test_an_answer_discarded_unseen_may_be_given_again(room: Room, room_file: Path) -> None:
    store.edit(room_file, lambda w: setattr(w.pulse, "answers", []))
    room.open_question("pulse")
    person = room.state.join()
    send(room, person, PULSE)
    room.close_question(discard=True)
    room.open_question("pulse")
    assert send(room, person, PULSE).status == 200


def test_a_name_not_on_the_list_is_refused_and_a_first_name_is_the_leader(
    room: Room, room_file: Path
) -> None:
    """Marcus typed 'Marcus' instead of 'Marcus Lee': the panel said 4 of 4 had answered,
    while step 2 said 'Not heard from yet: Marcus Lee' beside a fifth person, 'Marcus'. A
    first name only one listed leader has is that leader; a name on no list is refused in
    words, with what was typed kept."""
    room.open_question("definition")
    fields = {"sentence": "Faster claims", "lens": "cost"}
    assert send(room, room.state.join(), {"name": "Marcus", **fields}).status == 200
    saved = {(d.participant, d.sentence) for d in store.load(room_file).success_definitions}
    assert ("Marcus Lee", "Faster claims") in saved
    assert not any(name == "Marcus" for name, _ in saved)
    refused = send(room, room.state.join(), {"name": "Marcos Lie", **fields})
    assert refused.status == 400
    assert refused.message.startswith("'Marcos Lie' is not on this workshop's list of leaders")
    assert "Marcos Lie" not in room_file.read_text()
    typo = send(room, room.state.join(), {"name": "Markus Lee", **fields})
    assert typo.status == 400  # nearly a listed name: the phone says whose, as step 2 does
    assert "list of leaders: did you mean Marcus Lee? If not, write your name as" in typo.message


def test_no_more_anonymous_answers_than_leaders_listed(room: Room, room_file: Path) -> None:
    """One leader answering again from a private tab made '5 of 4 have answered', and two
    such answers padded a batch so that their sender could pick out a latecomer's answer:
    each listed leader answers an anonymous question once, under their own name."""
    store.edit(room_file, lambda w: setattr(w.pulse, "answers", []))
    listed = [p.name for p in store.load(room_file).meta.participants]
    room.open_question("pulse")
    people = [room.state.join() for _ in listed]
    for person, name in zip(people, listed, strict=True):
        assert send(room, person, {**PULSE, "name": name}).status == 200
    again = send(room, room.state.join(), {**PULSE, "name": listed[0]})
    assert (again.status, again.message) == (409, NAME_TAKEN)
    stranger = send(room, room.state.join(), {**PULSE, "name": "Someone Else"})
    assert stranger.status == 400
    assert "not on this workshop's list of leaders: write your name" in stranger.message
    assert send(room, people[0], {**PULSE, "feeling": "1"}).status == 200  # a change is not more
    assert room.counts().answered == len(listed)


def test_one_leader_cannot_fill_a_batch_around_anothers_answer(room: Room, room_file: Path) -> None:
    """One leader's two more browsers made a batch of three around a colleague's answer, which
    the file then showed alone to whoever took out their own two. Each browser needs a listed
    leader's name that no other phone holds: the second is refused as that leader, a name
    typed nearly as listed counts as the listed leader, and one with no name is asked for it."""
    room.open_question("pulse")
    assert send(room, room.state.join(), {**PULSE, "name": "Priya Raman"}).status == 200
    assert send(room, room.state.join(), {**PULSE, "name": "Tom Okafor"}).status == 200
    for typed in ("Tom Okafor", "tom  okafor", "Tom"):
        twice = send(room, room.state.join(), {**PULSE, "name": typed})
        assert (twice.status, twice.message) == (409, NAME_TAKEN), typed
    nameless = send(room, room.state.join(), {**PULSE, "name": ""})
    assert nameless.status == 400
    assert "write your name" in nameless.message
    assert room.counts().answered == 2
    with pytest.raises(RoomError, match="at least 3"):
        room.reveal()


def test_one_phone_cannot_answer_anonymously_under_two_names(room: Room) -> None:
    """Answered as Ana, then as Ben from the same phone: one person made two of a batch."""
    room.open_question("pulse")
    phone = room.state.join()
    assert send(room, phone, {**PULSE, "name": "Aisha Karimi"}).status == 200
    other = send(room, phone, {**PULSE, "name": "Ben Adeyemi"})
    assert other.status == 409
    assert "answers as Aisha Karimi only" in other.message
    assert send(room, phone, {**PULSE, "feeling": "1", "name": "Aisha Karimi"}).status == 200
    assert room.counts().answered == 1
    room.state.free_name("Aisha Karimi")  # the facilitator frees it: the phone starts anew
    assert send(room, phone, {**PULSE, "name": "Ben Adeyemi"}).status == 200


def test_freeing_a_name_whose_answer_is_held_says_a_new_phone_replaces_it(room: Room) -> None:
    """Tom answered; a second phone asked for his name and was refused; the facilitator freed
    it with a plain "may now answer from a new phone", and the second phone's answer silently
    took the place of Tom's, concern and all. The panel now says an answer is held and that
    the new phone's replaces it; a name with nothing held is freed as before."""
    room.open_question("pulse")
    tom = room.state.join()
    assert send(room, tom, {**PULSE, "name": "Tom Okafor"}).status == 200
    said = room.free_name("tom")
    assert said.startswith("Tom Okafor may now answer from a new phone.")
    assert "answer sent from the new phone replaces it" in said
    priya = room.state.join()
    room.state.claim_name(priya, "Priya Raman")
    assert room.free_name("Priya Raman") == "Priya Raman may now answer from a new phone."


def test_a_leader_added_while_the_question_is_open_is_counted(room: Room, room_file: Path) -> None:
    """A leader refused as not on the list was added in step 0, as the refusal says to, and
    answered: the count then read "7 of 6 have answered"."""
    room.open_question("pulse")
    listed = [p.name for p in store.load(room_file).meta.participants]
    refused = send(room, room.state.join(), {**PULSE, "name": "John Smith"})
    assert refused.status == 400
    john = model.Participant(name="John Smith")
    store.edit(room_file, lambda w: w.meta.participants.append(john))
    assert send(room, room.state.join(), {**PULSE, "name": "John Smith"}).status == 200
    for name in listed:
        assert send(room, room.state.join(), {**PULSE, "name": name}).status == 200
    counts = room.counts()
    assert (counts.answered, counts.expected) == (len(listed) + 1, len(listed) + 1)
    assert counts.not_yet == ()


def test_asking_again_with_too_few_left_to_answer_says_so_at_once(
    room: Room, room_file: Path
) -> None:
    """Asked again for the two leaders who had not answered, the pulse took a latecomer's
    answer, told her it was held until the results, then refused to reveal fewer than three
    and could only discard it. The count says so as soon as it is asked again."""
    store.edit(room_file, lambda w: setattr(w.pulse, "answers", []))
    listed = [p.name for p in store.load(room_file).meta.participants]
    minimum = store.load(room_file).settings.pulse_minimum
    room.open_question("pulse")
    first = listed[: len(listed) - (minimum - 1)]
    for name in first:
        assert send(room, room.state.join(), {**PULSE, "name": name}).status == 200
    assert room.counts().short_of == 0  # the first asking: all may still come
    room.reveal()
    room.open_question("pulse")
    counts = room.counts()
    assert counts.short_of == minimum
    assert f"Fewer than {minimum} can still answer" in counts.summary
    assert "ask them at the next pulse instead" in counts.summary
    # The latecomer is told her answer cannot be shown unless more come in, not that it is
    # held until the results; and the reveal does not say to wait for nobody.
    late = send(room, room.state.join(), {**PULSE, "name": listed[-1]})
    assert late.status == 200
    assert late.message == held_short_of(minimum)
    assert late.message != HELD
    with pytest.raises(RoomError) as refused:
        room.reveal()
    assert "wait for more" not in str(refused.value)
    assert "discard the phones' answers" in str(refused.value)


def test_a_latecomer_s_answer_is_not_filled_around_by_leaders_who_answered(
    room: Room, room_file: Path
) -> None:
    """The pulse asked again for a latecomer: a leader whose answer was written cannot answer
    again from a new browser under their own name, whose answer the room knows was written."""
    room.open_question("pulse")
    listed = [p.name for p in store.load(room_file).meta.participants]
    first = [room.state.join() for _ in range(3)]
    for person, name in zip(first, listed[:3], strict=True):
        assert send(room, person, {**PULSE, "name": name}).status == 200
    room.reveal()
    room.open_question("pulse")
    room.state.free_name(listed[0])  # as the facilitator frees the name of a changed phone
    again = send(room, room.state.join(), {**PULSE, "name": listed[0]})
    assert (again.status, again.message) == (409, ALREADY_WRITTEN)


def test_a_vote_refused_for_want_of_choices_leaves_the_workshops_vote_as_it_was(
    room: Room, room_file: Path
) -> None:
    """'ask vote anonymous' on a portfolio with nothing in play was refused, but it had already
    opened the workshop's vote with a sealed box only the room held: once the room closed,
    step 7 could neither open that vote nor count it. Nothing is written before the refusal."""
    store.edit(room_file, lambda w: setattr(w, "initiatives", []))
    store.edit(room_file, lambda w: setattr(w, "voting", type(w.voting)()))
    before = store.load(room_file).voting
    with pytest.raises(RoomError, match="no initiative in play"):
        room.open_question("vote", anonymous=True)
    assert store.load(room_file).voting == before
