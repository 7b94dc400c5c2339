"""The room in a real browser: the facilitator opens it from step 8 at 1366×768, a leader
joins on a phone-sized screen with the code, answers the pulse and is thanked, and the
projected count rises; nothing of the answer is shown before the reveal."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from gaptools.files import store
from gaptools.room import Kind, Room
from gaptools.room.messages import HELD
from tests.browser import test_lead_the_change as step_eight
from tests.browser.conftest import LabServer, open_and_run
from tests.support import example_workshop

NOTEBOOK = "notebooks/08_lead_the_change.ipynb"
PHONE = {"width": 360, "height": 740}
no_pulse_yet = step_eight.no_pulse_yet  # step 8's workshop with no pulse answer yet
CONCERN = "<b>I worry</b> about my team's jobs"


def _open_the_room_and_ask_the_pulse(page, lab: LabServer):
    """Step 8's room opened and the pulse asked, as the facilitator clicks: the panel, the
    join code's element and the address shown."""
    open_and_run(page, lab, NOTEBOOK)
    panel = page.locator(".gaptools-room").first
    panel.wait_for(timeout=120_000)
    panel.scroll_into_view_if_needed()
    panel.get_by_role("button", name="Open the room").click()
    code = panel.locator(".gaptools-room-join b").nth(1)
    expect(code).to_have_text(re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$"), timeout=30_000)
    address = panel.locator(".gaptools-room-join b").first.inner_text()
    panel.get_by_role("button", name="Ask: How do you feel about AI and your work?").click()
    return panel, code, address


def test_a_leader_answers_the_pulse_from_a_phone(
    page, browser, lab: LabServer, no_pulse_yet: Path, screenshot_dir
) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    panel, code, address = _open_the_room_and_ask_the_pulse(page, lab)
    assert address.startswith("http://127.0.0.1:")
    participants = len(example_workshop().meta.participants)
    count = panel.locator(".gaptools-room-count")
    expect(count).to_contain_text(f"0 of {participants} have answered.")
    qr = panel.locator(".gaptools-room-qr svg").bounding_box()
    words = code.bounding_box()
    assert qr is not None
    assert words is not None
    assert qr["x"] + qr["width"] <= words["x"] or words["y"] >= qr["y"] + qr["height"]
    page.screenshot(path=str(screenshot_dir / "08_room_1366.png"))

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        screen = phone.new_page()
        screen.goto(address)
        screen.get_by_label("The code on the facilitator's screen").fill(code.inner_text())
        screen.get_by_role("button", name="Join").click()
        expect(screen.get_by_role("button", name="Send my answer")).to_be_visible(timeout=30_000)
        # Anonymous: the name counts each leader once, and says it is never kept with the answer.
        expect(screen.get_by_text("your name is never kept with your answer")).to_be_visible()
        screen.get_by_label("Your name").fill("Priya Raman")
        for fieldset in screen.locator("fieldset").all():
            fieldset.locator("input[type=radio]").nth(3).check()
        screen.locator("#concern").fill(CONCERN)
        assert screen.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screen.screenshot(path=str(screenshot_dir / "08_room_phone_360.png"), full_page=True)
        screen.get_by_role("button", name="Send my answer").click()
        expect(screen.get_by_text(HELD)).to_be_visible(timeout=30_000)
        assert screen.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        phone.close()

    expect(count).to_contain_text(f"1 of {participants} have answered.", timeout=30_000)
    expect(count).to_contain_text("1 anonymous answer held until the reveal")
    assert CONCERN not in page.locator("body").inner_text()  # nothing shown before the reveal
    assert store.load(no_pulse_yet).pulse.answers == []
    # One answer cannot be revealed alone, and the room keeps it until told to let it go.
    panel.get_by_role("button", name="Close the room").click()
    expect(panel).to_contain_text("The room is still open: 1 anonymous answer is held")
    panel.get_by_role("button", name="Discard the held answers").click()
    expect(panel).to_contain_text("1 held answer was discarded, unseen")
    panel.get_by_role("button", name="Close the room").click()
    expect(panel.get_by_role("button", name="Open the room")).to_be_visible()
    assert store.load(no_pulse_yet).pulse.answers == []


def test_a_hub_user_joins_through_the_servers_proxy(
    page, browser, lab: LabServer, no_pulse_yet: Path
) -> None:
    """As on a JupyterHub: the room listens on loopback and a participant who is signed in to
    the Jupyter server reaches it at ``<server>/proxy/<port>/``; the room's relative links
    and its own cookies work there, and the participant's JupyterLab keeps working."""
    panel, code, address = _open_the_room_and_ask_the_pulse(page, lab)
    port = address.rsplit(":", 1)[1].strip("/")

    member = browser.new_context(viewport=PHONE)
    try:
        screen = member.new_page()
        screen.goto(lab.address("/lab"))  # signed in to the server, as a hub user is
        assert _jupyter_accepts_a_change(screen, lab) in (200, 201)
        screen.goto(f"{lab.url}/proxy/{port}/")
        screen.get_by_label("The code on the facilitator's screen").fill(code.inner_text())
        screen.get_by_role("button", name="Join").click()
        for fieldset in screen.locator("fieldset").all():
            fieldset.locator("input[type=radio]").nth(2).check()
        screen.get_by_label("Your name").fill("Tom Okafor")
        screen.get_by_role("button", name="Send my answer").click()
        expect(screen.get_by_text(HELD)).to_be_visible(timeout=30_000)
        assert f"/proxy/{port}/" in screen.url
        # the participant's own Jupyter session still accepts a change (its XSRF cookie)
        status = _jupyter_accepts_a_change(screen, lab)
        assert status in (200, 201)
    finally:
        member.close()
    expect(panel.locator(".gaptools-room-count")).to_contain_text("1 of", timeout=30_000)
    panel.get_by_role("button", name="Discard the held answers").click()
    panel.get_by_role("button", name="Close the room").click()
    expect(panel.get_by_role("button", name="Open the room")).to_be_visible()


def _jupyter_accepts_a_change(page, lab: LabServer) -> int:
    """Save a file through Jupyter's API as JupyterLab does: with the XSRF token its script can
    read from the page's cookies, sent as a header beside the cookie."""
    page.goto(f"{lab.url}/lab")
    readable = page.evaluate("document.cookie")
    token = next((c.split("=", 1)[1] for c in readable.split("; ") if c.startswith("_xsrf=")), "")
    response = page.context.request.put(
        f"{lab.url}/api/contents/hub-check.txt",
        headers={"X-XSRFToken": token},
        data=json.dumps({"type": "file", "format": "text", "content": "ok"}),
    )
    return response.status


@pytest.mark.parametrize(
    ("kind", "anonymous"),
    [(Kind.DEFINITION, None), (Kind.GUT_CHECK, None), (Kind.VOTE, False), (Kind.VOTE, True)]
    + [(Kind.PULSE, None), (Kind.MATURITY, False), (Kind.MATURITY, True)],
)
def test_every_question_fits_a_phone(
    browser, tmp_path: Path, kind: Kind, anonymous: bool | None
) -> None:
    """Each question as a phone shows it: nothing wider than 360 pixels, targets a thumb can
    hit, and the name asked, since the workshop lists its leaders: under it a named answer is
    written, and an anonymous one counted once."""
    path = tmp_path / "workshop.json"
    workshop = example_workshop()
    workshop.maturity.ratings = []  # the mode is chosen before the first rating
    store.save(workshop, path)
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    with Room(path) as room:
        question = room.open_question(kind, anonymous=anonymous)
        try:
            screen = phone.new_page()
            screen.goto(room.join_url)
            expect(screen.get_by_role("button", name="Send my answer")).to_be_visible()
            assert screen.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            heights = screen.locator("label.choice, button").evaluate_all(
                "els => els.map(e => e.getBoundingClientRect().height)"
            )
            assert heights
            assert min(heights) >= 40  # a thumb's target
            assert screen.get_by_label("Your name").count() == 1
            kept_apart = screen.get_by_text("your name is never kept with your answer")
            assert kept_apart.count() == (1 if question.anonymous else 0)
        finally:
            phone.close()


def test_a_waiting_phone_keeps_its_place_and_follows_the_next_question(
    browser, tmp_path: Path
) -> None:
    """The waiting page reloaded itself every 4 s: the keyboard's place on "Check now" was
    lost and a screen reader began again from the heading. It now stays put for as long as
    nothing changes, and turns into the question once one is opened."""
    path = tmp_path / "workshop.json"
    store.save(example_workshop(), path)
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    with Room(path) as room:
        try:
            screen = phone.new_page()
            screen.goto(room.join_url)
            expect(
                screen.get_by_role("heading", name="Waiting for the next question")
            ).to_be_visible()
            check = screen.get_by_role("link", name="Check now")
            check.focus()
            screen.wait_for_timeout(3 * 4_000)  # three of the old reloads
            assert check.evaluate("element => element === document.activeElement")
            room.open_question(Kind.DEFINITION)
            expect(screen.get_by_role("button", name="Send my answer")).to_be_visible(
                timeout=20_000
            )
            room.close_question()
            screen.reload()  # a question page waits for its answer; its leader is back
            expect(check).to_be_visible(timeout=20_000)
            closed = screen.get_by_text("This room has closed")
            expect(closed).to_be_hidden()
            room.stop()  # the facilitator closes the room: the page says so, where it is read
            expect(closed).to_be_visible(timeout=30_000)
        finally:
            phone.close()


#: How much of the words ``phrase`` its control hides, in CSS pixels: for an option of a
#: closed select, the text's width beyond the select's inner width (its padding and nothing
#: for the arrow, so a select that fails this clips for sure); for any other element, how far
#: the words' boxes reach past its padding, or its content past its box.
HIDDEN_PART = """phrase => {
  const found = [...document.querySelectorAll('option, label')]
    .find(e => e.textContent.trim() === phrase);
  if (!found) { return null; }
  if (found.tagName === 'OPTION') {
    const select = found.closest('select');
    const style = getComputedStyle(select);
    const ruler = document.createElement('canvas').getContext('2d');
    ruler.font = style.font;
    const room = select.clientWidth - parseFloat(style.paddingLeft)
      - parseFloat(style.paddingRight);
    return ruler.measureText(phrase).width - room;
  }
  const style = getComputedStyle(found);
  const box = found.getBoundingClientRect();
  const right = box.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
  const words = document.createRange();
  words.selectNodeContents(found);
  const reach = Math.max(...[...words.getClientRects()].map(r => r.right - right));
  return Math.max(reach, found.scrollWidth - found.clientWidth);
}"""


@pytest.mark.parametrize("size", [{"width": 390, "height": 844}, {"width": 360, "height": 640}])
def test_rather_not_say_shows_in_full_at_twice_the_size(
    browser, tmp_path: Path, size: dict[str, int]
) -> None:
    """At 200% zoom on a phone, 'Rather not say' was cut under its select's arrow: a leader
    could not read what they were choosing. Every group's choice now shows its words whole,
    wrapped if need be, like every other choice of the pulse."""
    path = tmp_path / "workshop.json"
    workshop = example_workshop()
    assert workshop.pulse.groups
    store.save(workshop, path)
    phone = browser.new_context(
        viewport=size, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    with Room(path) as room:
        room.open_question(Kind.PULSE)
        try:
            screen = phone.new_page()
            screen.goto(room.join_url)
            expect(screen.get_by_role("button", name="Send my answer")).to_be_visible()
            screen.evaluate("document.documentElement.style.zoom = '2'")  # as 200% zoom lays out
            for phrase in ("Rather not say", *workshop.pulse.groups):
                hidden = screen.evaluate(HIDDEN_PART, phrase)
                assert hidden is not None, phrase
                assert hidden <= 0.5, f"{phrase!r}: {hidden:.1f} px hidden"
            assert screen.evaluate("document.documentElement.scrollWidth") <= size["width"]
        finally:
            phone.close()


def test_a_question_page_says_when_its_answer_can_no_longer_be_sent(
    browser, tmp_path: Path
) -> None:
    """A leader typing a long answer learnt that the room had closed only on sending it. The
    question's page now says, where they are typing, when the question and then the room has
    closed, and keeps what they typed (it never reloads)."""
    path = tmp_path / "workshop.json"
    store.save(example_workshop(), path)
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    room = Room(path).start()
    try:
        room.open_question(Kind.PULSE)
        screen = phone.new_page()
        screen.goto(room.join_url)
        typed = "Whether the team that reviews claims today still has a role next year"
        screen.locator("#concern").fill(typed)  # far down the form: the page is scrolled
        assert screen.evaluate("window.scrollY") > 0
        moved = screen.get_by_text("The facilitator has closed this question")
        closed = screen.get_by_text("This room has closed, so this answer can no longer be sent")
        screen.wait_for_timeout(2 * 4_000)  # two looks: nothing changed, nothing said
        expect(moved).to_be_hidden()
        expect(closed).to_be_hidden()
        room.close_question()
        expect(moved).to_be_visible(timeout=20_000)
        expect(moved).to_be_in_viewport()
        room.stop()
        expect(closed).to_be_visible(timeout=30_000)
        expect(closed).to_be_in_viewport()  # said where the leader is typing
        expect(moved).to_be_hidden()
        expect(screen.locator("#concern")).to_have_value(typed)
    finally:
        phone.close()
        room.stop()


def test_the_vote_page_counts_the_dots_as_they_are_placed(browser, tmp_path: Path) -> None:
    """A leader placing dots down a long list had to add them up in their head, and learnt of
    one too many only when the room refused the vote. The page now keeps the count in view."""
    path = tmp_path / "workshop.json"
    store.save(example_workshop(), path)
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    room = Room(path).start()
    try:
        question = room.open_question(Kind.VOTE, anonymous=True)
        dots, most = question.dots, question.per_choice
        screen = phone.new_page()
        screen.goto(room.join_url)
        tally = screen.locator("#tally")
        expect(tally).to_have_text(f"0 of {dots} dots placed: {dots} left")
        groups = screen.locator("fieldset.dots")
        placed = 0
        for n in range(groups.count()):
            if placed + most > dots:
                break
            groups.nth(n).get_by_label(str(most), exact=True).check()
            placed += most
        left = dots - placed
        expect(tally).to_have_text(
            f"{placed} of {dots} dots placed: {left} left" if left else f"All {dots} dots placed"
        )
        groups.nth(groups.count() - 1).get_by_label(str(most), exact=True).check()
        over = placed + most - dots
        expect(tally).to_have_text(
            f"{placed + most} dots placed, {over} more than your {dots}: take {over} off"
        )
        expect(tally).to_be_in_viewport()
        expect(tally).to_have_class(re.compile("problem"))
    finally:
        phone.close()
        room.stop()


def test_a_reload_keeps_what_a_leader_was_typing(browser, tmp_path: Path) -> None:
    """A phone's pull-to-refresh halfway through a definition of success emptied the form.
    What is typed and chosen is kept in that tab until the answer is sent; once it is, the
    form of "Change my answer" comes from the room again, not from the tab."""
    path = tmp_path / "workshop.json"
    store.save(example_workshop(), path)
    leader = example_workshop().meta.participants[0].name
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    room = Room(path).start()
    try:
        room.open_question(Kind.DEFINITION)
        screen = phone.new_page()
        screen.goto(room.join_url)
        typed = "Claims settled in two days instead of nine, with no rise in leakage"
        screen.get_by_label("Your name").fill(leader)
        screen.get_by_label("In one sentence").fill(typed)
        lens = screen.locator("input[name=lens]").nth(2)
        lens.check()
        screen.reload()
        expect(screen.get_by_label("In one sentence")).to_have_value(typed)
        expect(screen.get_by_label("Your name")).to_have_value(leader)
        expect(screen.locator("input[name=lens]").nth(2)).to_be_checked()
        screen.get_by_role("button", name="Send my answer").click()
        expect(screen.get_by_role("link", name="Change my answer")).to_be_visible(timeout=30_000)
        sentences = [d.sentence for d in store.load(path).success_definitions]
        assert typed in sentences
        assert screen.get_by_label("In one sentence").count() == 0
        drafts = "Object.keys(sessionStorage).filter(k => k.startsWith('gaptools-draft-'))"
        assert screen.evaluate(drafts) == []  # sent: nothing of it is left in the tab
        screen.get_by_role("link", name="Change my answer").click()
        expect(screen.get_by_label("In one sentence")).to_have_value(typed)  # from the room
        screen.get_by_label("In one sentence").fill("A draft of a change, never sent")
        room.open_question(Kind.DEFINITION)  # asked again: nothing of the last one comes back
        screen.reload()
        expect(screen.get_by_label("In one sentence")).to_have_value("")
    finally:
        phone.close()
        room.stop()
