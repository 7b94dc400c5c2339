"""The "Open the room" panel, driven as the facilitator clicks it, with phones answering over
real HTTP on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gaptools.files import store
from gaptools.room import Kind
from gaptools.ui import room as room_ui
from gaptools.ui.room import RoomPanel, hub_url
from tests.room.phone import Phone

PULSE = {"feeling": "4", "clarity": "3", "time_to_learn": "2"}


@pytest.fixture
def panel(workshop_file: Path) -> Iterator[RoomPanel]:
    workshop = store.load(workshop_file)
    workshop.pulse.answers = []
    store.save(workshop, workshop_file)
    made = RoomPanel(workshop_file, room_ui.STEP_KINDS["pulse"])
    yield made
    if room_ui.current_room() is not None:
        made.discard()
    made.close_room()
    assert room_ui.current_room() is None


def test_the_room_opens_on_this_computer_by_default(panel: RoomPanel) -> None:
    assert panel.where.value == room_ui.LOOPBACK
    assert panel.open_button.disabled is False
    assert panel.running.layout.display == "none"
    panel.open_room()
    room = room_ui.current_room()
    assert room is not None
    assert room.host == room_ui.LOOPBACK
    assert panel.setup.layout.display == "none"
    assert panel.running.layout.display is None
    assert room.code in panel.join.value
    assert "<svg" in panel.join.value
    assert room.join_address in panel.join.value


def test_three_phones_answer_the_pulse_and_the_reveal_writes_them(
    panel: RoomPanel, workshop_file: Path
) -> None:
    panel.open_room()
    room = room_ui.current_room()
    assert room is not None
    panel.ask[Kind.PULSE].click()
    expected = len(store.load(workshop_file).meta.participants)
    assert f"0 of {expected} have answered." in panel.counts.value
    phones = [Phone(room) for _ in range(3)]
    for phone in phones:
        phone.join_by_code(room.code)
        phone.answer(PULSE)
    panel.refresh()
    assert f"3 of {expected} have answered." in panel.counts.value
    assert "3 anonymous answers held until the reveal" in panel.counts.value
    assert store.load(workshop_file).pulse.answers == []  # nothing written before the reveal
    panel.reveal_button.click()
    assert "Revealed" in panel.message.value
    assert len(store.load(workshop_file).pulse.answers) == 3
    for phone in phones:
        phone.close()


def answered_by_phones(panel: RoomPanel, count: int) -> list[Phone]:
    """The room open, the pulse asked, and ``count`` phones that have answered it."""
    panel.open_room()
    room = room_ui.current_room()
    assert room is not None
    panel.ask_question(Kind.PULSE)
    phones = [Phone(room) for _ in range(count)]
    for phone in phones:
        phone.join_by_code(room.code)
        phone.answer(PULSE)
    panel.refresh()
    return phones


def test_too_few_answers_are_kept_back_and_said_in_words(panel: RoomPanel) -> None:
    [phone] = answered_by_phones(panel, 1)
    panel.reveal()
    assert panel.message.value == (
        "<p>✗ 1 anonymous answer from phones so far: at least 3 are needed before any is "
        "written or shown, so that none can be told apart; wait for more, or discard the "
        "phones&#x27; answers</p>"
    )
    phone.close()


def test_held_answers_are_let_go_only_by_name(panel: RoomPanel, workshop_file: Path) -> None:
    """Below the minimum the reveal is refused; asking again or closing the room would lose
    what the phones were told is kept, so both are refused, and a button shown only then
    discards them, saying so."""
    assert panel.discard_button.layout.display == "none"
    phones = answered_by_phones(panel, 2)
    room = room_ui.current_room()
    assert panel.discard_button.layout.display is None
    before = workshop_file.read_bytes()
    panel.ask_question(Kind.PULSE)
    assert "✗ 2 anonymous answers are held, not shown yet" in panel.message.value
    panel.close_room()
    assert room_ui.current_room() is room
    assert panel.message.value == (
        "<p>✗ The room is still open: 2 anonymous answers are held, not shown yet. Reveal "
        "them, or discard them, then close the room.</p>"
    )
    panel.discard_button.click()
    assert panel.message.value == (
        "<p>✓ The question is closed; 2 held answers were discarded, unseen.</p>"
    )
    assert panel.discard_button.layout.display == "none"
    assert workshop_file.read_bytes() == before
    panel.close_room()
    assert room_ui.current_room() is None
    assert panel.message.value == "<p>✓ The room is closed.</p>"
    assert panel.setup.layout.display is None
    for phone in phones:
        phone.close()


def test_the_reveal_points_to_the_form_above(panel: RoomPanel) -> None:
    """In every notebook with a room, the step's form is the cell above the panel."""
    phones = answered_by_phones(panel, 3)
    panel.reveal()
    assert "the form above shows them" in panel.message.value
    for phone in phones:
        phone.close()


def test_the_network_needs_the_facilitators_word(
    panel: RoomPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(room_ui, "machine_addresses", lambda: ["192.0.2.7"])
    panel._list_addresses()
    panel.where.value = "192.0.2.7"
    assert panel.open_button.disabled is True
    assert "plain HTTP" in panel.exposure.value
    assert panel.agree.layout.display is None
    panel.agree.value = True
    assert panel.open_button.disabled is False
    panel.where.value = room_ui.LOOPBACK
    assert panel.agree.value is False
    assert panel.exposure.value == ""


def test_asking_without_a_room_says_so(panel: RoomPanel) -> None:
    panel.ask_question(Kind.PULSE)
    assert "Open the room first" in panel.message.value


def test_the_address_through_a_hubs_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTERHUB_SERVICE_PREFIX", "/user/alice/")
    assert hub_url("https://hub.example.org/", 8765) == (
        "https://hub.example.org/user/alice/proxy/8765/"
    )


def test_after_the_reveal_the_panel_offers_no_second_reveal(panel: RoomPanel) -> None:
    """The pulse stayed open after a reveal: a latecomer's answer was then held, 'Reveal the
    answers' asked for 3, and only discarding let it go. The reveal closes the question."""
    phones = answered_by_phones(panel, 3)
    panel.reveal()
    assert "Revealed" in panel.message.value
    assert panel.reveal_button.disabled
    assert "No question open." in panel.counts.value
    room = room_ui.current_room()
    assert room is not None
    late = Phone(room)
    page = late.join_by_code(room.code)
    assert "Waiting for the next question" in page.text
    panel.refresh()
    assert panel.discard_button.layout.display == "none"
    for phone in [*phones, late]:
        phone.close()


def test_an_address_no_phone_can_reach_is_said_under_it(panel: RoomPanel) -> None:
    """Opened on this computer only, the projected panel showed 'Go to http://127.0.0.1:…'
    and a QR code no phone can reach, and the hint given before opening was gone."""
    panel.open_room()
    assert "phones cannot reach it" in panel.join.value


def test_an_address_phones_can_reach_says_nothing_of_the_kind() -> None:
    class Reachable:
        join_address = "http://192.0.2.7:8765/"
        code = "ABC123"

        def qr_svg(self) -> str:
            return "<svg></svg>"

    assert "phones cannot reach it" not in room_ui.join_html(Reachable())  # type: ignore[arg-type]


def test_a_name_taken_by_a_lost_phone_is_freed_from_the_panel(panel: RoomPanel) -> None:
    panel.open_room()
    room = room_ui.current_room()
    assert room is not None
    assert panel.free_row.layout.display == "none"  # no name taken yet: nothing to free
    phone = room.state.join()
    room.state.claim_name(phone, "Dana Whitfield")
    panel.refresh()
    assert panel.free_row.layout.display != "none"
    assert list(panel.free_name.options) == ["Dana Whitfield"]
    panel.free_button.click()
    assert room.state.claimed_names() == []
    assert "Dana Whitfield may now answer from a new phone" in panel.message.value
