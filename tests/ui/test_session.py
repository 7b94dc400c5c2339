"""The session every form edits through: validate, save at once, refuse cleanly, undo."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from gaptools.core.model import Initiative, Participant, Workshop
from gaptools.files import store
from gaptools.ui.session import WorkshopSession
from tests.support import saved, saved_initiative, saved_names, session_on


def test_an_accepted_change_is_on_disk_at_once(session: WorkshopSession, workshop_path: Path):
    outcome = session.update(lambda w: setattr(w.meta, "team", "Finance leadership"), "Team")
    assert outcome.ok
    assert "Saved" in outcome.message()
    assert saved(workshop_path)["meta"]["team"] == "Finance leadership"
    assert session.workshop.meta.team == "Finance leadership"


@pytest.mark.parametrize(("zone", "named"), [("UTC", "UTC"), ("Pacific/Auckland", "NZ")])
def test_the_time_saved_names_its_zone(
    session: WorkshopSession, monkeypatch: pytest.MonkeyPatch, zone: str, named: str
):
    """On a hub in UTC, a facilitator in Auckland saving at 22:30 read "Saved 09:30:17": the
    server's clock, with nothing to say so. The time now says whose clock it is."""
    import re
    import time

    with monkeypatch.context() as local:  # undoes this alone, not the fixtures' changes
        local.setenv("TZ", zone)
        time.tzset()
        try:
            outcome = session.update(
                lambda w: setattr(w.meta, "team", "Finance leadership"), "Team"
            )
        finally:
            local.undo()
            time.tzset()
    assert re.match(rf"Saved \d\d:\d\d:\d\d {named}\S* · Team$", outcome.message())


def test_a_refused_change_leaves_model_and_file_untouched(session, workshop_path: Path):
    before = workshop_path.read_bytes()
    outcome = session.update(lambda w: setattr(w.meta, "team", "x" * 500), "Team")
    assert not outcome.ok
    assert "too long" in outcome.message()
    assert outcome.message().startswith("Not saved · Team")
    assert workshop_path.read_bytes() == before
    assert session.workshop.meta.team == "Claims and Customer Operations leadership"


def test_duplicate_participant_is_refused_in_plain_words(session, workshop_path: Path):
    first = session.workshop.meta.participants[0].name
    outcome = session.update(
        lambda w: w.meta.participants.append(Participant(name=f"  {first.upper()} ")), "add"
    )
    assert not outcome.ok
    assert f"two participants are called '{first.upper()}'" in outcome.message()
    assert len(saved(workshop_path)["meta"]["participants"]) == 8


def test_a_wrong_type_from_a_widget_is_refused(session):
    outcome = session.update(lambda w: setattr(w.meta, "date", None), "Workshop date")
    assert not outcome.ok
    assert outcome.problems[0][0] == "meta.date"


def test_undo_restores_the_previous_versionsaved(session, workshop_path: Path):
    original = saved(workshop_path)["meta"]["team"]
    session.update(lambda w: setattr(w.meta, "team", "One"), "Team")
    session.update(lambda w: setattr(w.meta, "team", "Two"), "Team")
    assert session.undo().ok
    assert saved(workshop_path)["meta"]["team"] == "One"
    assert session.undo().ok
    assert saved(workshop_path)["meta"]["team"] == original
    assert not session.can_undo
    assert not session.undo().ok


def test_a_notebook_opened_afresh_says_why_it_has_nothing_to_undo(workshop_path: Path):
    """In Voila a leader renamed an initiative, went to step 7 and came back: the page was a
    new notebook, and Undo said only "no change made here to take back". It says that a
    notebook opened again starts afresh, and what to do instead."""
    from tests.support import session_on

    first = session_on(workshop_path)
    assert first.update(lambda w: setattr(w.meta, "team", "One"), "Team").ok
    again = session_on(workshop_path)  # the same step's page, opened afresh
    said = again.undo().message()
    assert said.startswith(
        "Nothing undone: no change made to this workshop from this notebook since it was opened"
    )
    assert "opened again starts afresh" in said
    assert "correct the value in its field instead" in said
    assert saved(workshop_path)["meta"]["team"] == "One"
    assert first.undo().ok
    said = first.undo().message()  # pressed twice: what the first press did is said again
    assert said.startswith(
        "Nothing undone: 'Team' is undone already; nothing left to take back of this notebook's"
    )


def test_listeners_follow_changes_and_undo(session):
    seen: list[str] = []
    session.subscribe(lambda w: seen.append(w.meta.team))
    session.update(lambda w: setattr(w.meta, "team", "A"), "Team")
    session.undo()
    assert seen == ["A", "Claims and Customer Operations leadership"]


def test_a_save_from_another_notebook_is_not_overwritten(session, workshop_path: Path):
    other = session_on(workshop_path)
    other.update(lambda w: setattr(w.meta, "facilitator", "Sam from the other tab"), "Facilitator")
    session.update(lambda w: setattr(w.meta, "team", "This tab's team"), "Team")
    meta = saved(workshop_path)["meta"]
    assert meta["facilitator"] == "Sam from the other tab"
    assert meta["team"] == "This tab's team"


def test_a_file_broken_meanwhile_is_not_overwritten(session, workshop_path: Path):
    workshop_path.write_text('{"schema_version": 1, "meta": ')
    outcome = session.update(lambda w: setattr(w.meta, "team", "Anything"), "Team")
    assert not outcome.ok
    assert "not valid JSON" in outcome.message()
    assert workshop_path.read_text() == '{"schema_version": 1, "meta": '


def test_switch_opens_another_workshop_and_remembers_it(session, tmp_path: Path):
    from gaptools.files import home

    other = tmp_path / "home" / "other.json"
    other.parent.mkdir(parents=True, exist_ok=True)
    store.save(Workshop.model_validate({"meta": {"date": "2027-01-10", "team": "Other"}}), other)
    session.switch(other)
    assert session.workshop.meta.team == "Other"
    assert home.current_workshop() == other.resolve()
    assert WorkshopSession.open().workshop.meta.team == "Other"


# -- Several notebooks on one workshop: undo takes back only this notebook's change ---------

FRAUD = "Fraud signal analytics"
CHANGED_ELSEWHERE = (
    "changed elsewhere since (another notebook, a phone in the room or the command line)"
)
GUARDRAIL = f"Guardrail of {FRAUD}"  # as step 3's form words a change of it


def _guardrail(path: Path, name: str) -> str:
    return saved_initiative(path, name)["value"]["guardrail"]


def _set_guardrail(name: str, text: str):
    return lambda w: setattr(w.initiative(name).value, "guardrail", text)


def test_undo_keeps_a_change_made_in_another_notebook_since(session, workshop_path: Path):
    """Add an initiative here, set a guardrail there, undo here: only the addition goes."""
    other = session_on(workshop_path)
    assert session.update(lambda w: w.initiatives.append(Initiative(name="Added here")), "add")
    assert other.update(_set_guardrail(FRAUD, "complaints per 1,000 claims"), "Guardrail")
    outcome = session.undo()
    assert outcome.ok, outcome.message()
    assert "Added here" not in saved_names(workshop_path)
    assert _guardrail(workshop_path, FRAUD) == "complaints per 1,000 claims"
    assert session.workshop.initiative(FRAUD).value.guardrail == "complaints per 1,000 claims"
    assert not session.can_undo


def test_an_undone_rename_takes_back_what_others_wrote_under_the_new_name(
    session, workshop_path: Path
) -> None:
    """A leader renamed here, named since as an owner and a gut check's leader in another
    notebook, and an initiative renamed here and picked there: the undo took the list back
    and left those others on names nobody had."""
    from gaptools.steps.portfolio import rename_initiative
    from gaptools.steps.start import rename_participant

    leader = session.workshop.meta.participants[0]
    old_leader, old_initiative = leader.name, FRAUD

    def rename(workshop: Workshop) -> None:
        rename_participant(workshop, workshop.meta.participants[0], "Renamed Leader")
        rename_initiative(workshop, workshop.initiative(FRAUD), "Fraud signals v2")

    assert session.update(rename, "renames")
    other = session_on(workshop_path)

    def name_them(workshop: Workshop) -> None:
        workshop.initiatives[1].ownership.accountable = "Renamed Leader"
        workshop.initiatives[1].value.measured_by = "Renamed Leader"
        workshop.bet.options_considered = ["Fraud signals v2"]

    assert other.update(name_them, "named")
    assert session.undo().ok
    undone = store.load(workshop_path)
    assert old_leader in [p.name for p in undone.meta.participants]
    assert undone.initiatives[1].ownership.accountable == old_leader
    assert undone.initiatives[1].value.measured_by == old_leader
    assert undone.bet.options_considered == [old_initiative]


def test_undo_refuses_when_the_same_entry_was_changed_elsewhere(session, workshop_path: Path):
    session.update(_set_guardrail(FRAUD, "complaints"), GUARDRAIL)
    session_on(workshop_path).update(_set_guardrail(FRAUD, "NPS"), GUARDRAIL)
    before = workshop_path.read_bytes()
    outcome = session.undo()
    assert not outcome.ok
    assert f"'{GUARDRAIL}' {CHANGED_ELSEWHERE}" in outcome.message()  # as the form says it
    assert workshop_path.read_bytes() == before
    assert session.workshop.initiative(FRAUD).value.guardrail == "NPS"  # shows the file


def test_an_undo_says_what_it_took_back(session, workshop_path: Path) -> None:
    """ "✓ Saved · undo" did not say what went; in step 8 it took a pulse answer back."""
    session.update(_set_guardrail(FRAUD, "complaints"), "Guardrail of Fraud signal analytics")
    outcome = session.undo()
    assert outcome.ok
    assert outcome.message().endswith("· undone: Guardrail of Fraud signal analytics")


def test_a_change_that_can_no_longer_be_undone_does_not_block_the_ones_before(
    session, workshop_path: Path
) -> None:
    """After one refused undo every later press gave the same refusal, so none of this
    notebook's earlier changes could be taken back: the refused change is let go, said so,
    and the next press takes back the one before it."""
    session.update(lambda w: setattr(w.meta, "team", "Here"), "Team")
    session.update(_set_guardrail(FRAUD, "complaints"), GUARDRAIL)
    session_on(workshop_path).update(_set_guardrail(FRAUD, "NPS"), GUARDRAIL)
    refused = session.undo()
    assert not refused.ok
    assert refused.message().startswith(f"Nothing undone: '{GUARDRAIL}'")
    assert "Undo now takes back 'Team'" in refused.message()
    assert session.undo().ok
    assert saved(workshop_path)["meta"]["team"] != "Here"
    assert _guardrail(workshop_path, FRAUD) == "NPS"


def test_undo_refuses_when_the_entry_was_removed_elsewhere(session, workshop_path: Path):
    session.update(_set_guardrail(FRAUD, "complaints"), "Guardrail")
    session_on(workshop_path).update(lambda w: w.initiatives.remove(w.initiative(FRAUD)), "remove")
    before = workshop_path.read_bytes()
    outcome = session.undo()
    assert not outcome.ok
    assert CHANGED_ELSEWHERE in outcome.message()
    assert workshop_path.read_bytes() == before


def test_a_ballot_cast_elsewhere_survives_the_facilitators_undo(session, workshop_path: Path):
    """The facilitator opens a named vote (anonymous ballots are cast only at the screen
    that opened the vote), three leaders vote from their own notebooks, the facilitator
    presses undo: the three ballots are still in the file."""
    from gaptools.steps import voting

    assert session.update(lambda w: voting.set_mode(w, "named"), "Named vote")
    assert session.update(voting.open_voting, "Open the vote")
    leaders = ["Priya Raman", "Tom Okafor", "Marcus Lee"]
    for leader in leaders:
        outcome = session_on(workshop_path).update(
            lambda w, who=leader: voting.cast(w, who, {"Claims intake copilot": 2, FRAUD: 1}),
            "Vote",
        )
        assert outcome.ok, outcome.message()
    outcome = session.undo()
    on_disk = saved(workshop_path)["voting"]
    assert len(on_disk["ballots"]) == 3, outcome.message()
    assert on_disk["voted"] == sorted(leaders, key=str.casefold)
    if not outcome.ok:  # the rules keep ballots out of a vote in set-up: said, not done
        assert on_disk["phase"] == "open"
        assert "ballots" in outcome.message()


def test_undo_of_a_change_another_notebook_reverted_is_refused_too(session, workshop_path):
    """The team was set here, then set back elsewhere: undoing here would be a surprise."""
    original = session.workshop.meta.team
    session.update(lambda w: setattr(w.meta, "team", "Here"), "Team")
    session_on(workshop_path).update(lambda w: setattr(w.meta, "team", "There"), "Team")
    outcome = session.undo()
    assert not outcome.ok
    assert f"'Team' {CHANGED_ELSEWHERE}; nothing else to undo here" in outcome.message()
    assert saved(workshop_path)["meta"]["team"] == "There" != original


def test_a_refused_undo_names_the_field_as_its_form_does(session, workshop_path: Path):
    """The refusal named the field by its key in the file: "capacity weeks changed elsewhere",
    for the field step 6 labels "Capacity (person-weeks)"."""
    label = "Capacity (person-weeks)"
    session.update(lambda w: setattr(w.settings, "capacity_weeks", 41), label)
    session_on(workshop_path).update(lambda w: setattr(w.settings, "capacity_weeks", 29), label)
    message = session.undo().message()
    assert f"Nothing undone: '{label}' {CHANGED_ELSEWHERE}" in message
    assert "capacity weeks" not in message


def test_undo_that_would_break_a_rule_is_refused_with_the_reason(session, workshop_path: Path):
    """Undoing a rename after another notebook took the old name would make two initiatives
    with one name: refused, with the reason, and nothing changes."""
    session.update(lambda w: setattr(w.initiative(FRAUD), "name", "Fraud signals"), "Name")
    session_on(workshop_path).update(lambda w: w.initiatives.append(Initiative(name=FRAUD)), "add")
    before = workshop_path.read_bytes()
    outcome = session.undo()
    assert not outcome.ok
    assert f"two initiatives are called '{FRAUD}'" in outcome.message()
    assert workshop_path.read_bytes() == before


def test_a_change_that_changes_nothing_writes_nothing(session, workshop_path: Path):
    before = workshop_path.stat().st_mtime_ns, workshop_path.read_bytes()
    team = session.workshop.meta.team
    outcome = session.update(lambda w: setattr(w.meta, "team", f"  {team} "), "Team")
    assert outcome.ok
    assert (workshop_path.stat().st_mtime_ns, workshop_path.read_bytes()) == before
    assert not session.can_undo


# -- Following the file: saves made elsewhere reach every open view ---------------------------


def test_poll_picks_up_another_notebooks_save(session, workshop_path: Path):
    seen: list[str] = []
    session.subscribe(lambda w: seen.append(w.meta.team))
    assert not session.poll()
    session_on(workshop_path).update(lambda w: setattr(w.meta, "team", "From 07"), "Team")
    assert session.poll()
    assert session.workshop.meta.team == "From 07"
    assert seen == ["From 07"]
    assert not session.poll()
    store.save(store.load(workshop_path), workshop_path)  # saved again, same content
    assert not session.poll()
    assert seen == ["From 07"]


def test_poll_skips_a_file_that_cannot_be_read(session, workshop_path: Path):
    seen: list[str] = []
    session.subscribe(lambda w: seen.append(w.meta.team))
    good = workshop_path.read_bytes()
    workshop_path.write_text('{"schema_version": 2, "meta": ')
    assert not session.poll()
    assert seen == []
    workshop_path.write_bytes(good.replace(b"Claims and Customer", b"Repaired Claims"))
    assert session.poll()
    assert seen == ["Repaired Claims Operations leadership"]


def test_no_watcher_starts_without_an_event_loop(workshop_path: Path):
    from gaptools.ui import session as module

    session_on(workshop_path)
    assert module.watching() is None


def test_the_watcher_redraws_within_seconds_without_a_call(workshop_path: Path):
    """In a running kernel (an asyncio loop) a save elsewhere reaches the view by itself."""
    import asyncio

    from gaptools.ui import session as module

    async def scenario() -> list[str]:
        here = session_on(workshop_path)
        more = [session_on(workshop_path) for _ in range(3)]
        arrived = asyncio.Event()
        seen: list[str] = []
        here.subscribe(lambda w: (seen.append(w.meta.team), arrived.set()))
        watcher = module.watching()
        assert watcher is not None
        assert [t for t in asyncio.all_tasks() if t is not asyncio.current_task()] == [watcher]
        await asyncio.sleep(0)
        store.edit(workshop_path, lambda w: setattr(w.meta, "team", "From the CLI"))
        await asyncio.wait_for(arrived.wait(), timeout=10)
        assert more[0].workshop.meta.team == "From the CLI"
        return seen

    assert asyncio.run(scenario()) == ["From the CLI"]


def test_the_watcher_survives_a_broken_file_and_a_failing_view(workshop_path: Path):
    import asyncio

    async def scenario() -> list[str]:
        here = session_on(workshop_path)
        arrived = asyncio.Event()
        seen: list[str] = []

        def broken_view(workshop: Workshop) -> None:
            raise RuntimeError("a view that fails to draw")

        here.subscribe(broken_view)
        here.subscribe(lambda w: (seen.append(w.meta.team), arrived.set()))
        good = workshop_path.read_bytes()
        workshop_path.write_text("not json")
        await asyncio.sleep(1.5)  # several ticks over a broken file
        workshop_path.write_bytes(good.replace(b"Claims and Customer", b"Fixed Claims"))
        await asyncio.wait_for(arrived.wait(), timeout=10)
        return seen

    assert asyncio.run(scenario()) == ["Fixed Claims Operations leadership"]


def test_the_watcher_does_not_keep_a_closed_session_alive(workshop_path: Path):
    import asyncio
    import gc
    import weakref

    from gaptools.ui import session as module

    async def scenario() -> None:
        here = session_on(workshop_path)
        gone = weakref.ref(here)
        watcher = module.watching()
        assert watcher is not None
        del here
        gc.collect()
        assert gone() is None
        await asyncio.wait_for(watcher, timeout=10)  # nothing left to follow: it ends

    asyncio.run(scenario())


@pytest.fixture
def thawed() -> Iterator[None]:
    """What this test sets aside is given back to the collector afterwards."""
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.usefixtures("thawed")
def test_opening_a_form_sets_aside_what_the_kernel_keeps(workshop_path: Path) -> None:
    """The collector would go again through all the kernel holds, every few changes."""
    assert gc.get_freeze_count() == 0
    WorkshopSession.open(workshop_path)
    assert gc.get_freeze_count() > 10_000


@pytest.mark.usefixtures("thawed")
def test_garbage_is_collected_before_the_rest_is_set_aside(workshop_path: Path) -> None:
    class Node:
        pass

    node = Node()
    node.itself = node  # a cycle: only the collector frees it
    gone = weakref.ref(node)
    del node
    gc.disable()  # no collection but the one opening makes
    try:
        WorkshopSession.open(workshop_path)
        assert gone() is None
    finally:
        gc.enable()


@pytest.mark.usefixtures("thawed")
def test_in_a_kernel_the_form_the_cell_builds_is_set_aside_with_the_rest(
    workshop_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A notebook cell opens the workshop, then builds its form: both are kept as long as the
    kernel runs, so both are set aside, once the cell has run, and only then."""
    import IPython
    from IPython.core.events import EventManager, available_events

    events = EventManager(None, available_events)
    monkeypatch.setattr(IPython, "get_ipython", lambda: SimpleNamespace(events=events))

    WorkshopSession.open(workshop_path)
    form = {"built": ["after the workshop opened"]}  # what the cell goes on to make
    assert gc.get_freeze_count() == 0
    events.trigger("post_run_cell", None)

    assert gc.get_freeze_count() > 10_000
    assert not any(o is form for o in gc.get_objects())  # set aside with the rest
    assert events.callbacks["post_run_cell"] == []  # once: later cells are collected as usual


# -- The workshop every notebook opens, changed or gone under an open page -----------------


def test_a_page_left_on_the_workshop_before_says_so_under_every_message(
    workshop_path: Path, tmp_path: Path
) -> None:
    """Step 0 opened another workshop; a step left open went on saving into the one before
    with "✓ Saved", and the room's work landed in the wrong file without a word."""
    from gaptools.files import home
    from gaptools.ui import session as sessions
    from gaptools.ui.kit import Form

    home.set_current(workshop_path)
    page = Form(WorkshopSession.open())
    other = home.workshops_home() / "Acme-leadership.json"
    store.save(store.load(workshop_path), other)
    step_0 = WorkshopSession.open()
    step_0.switch(other)

    sessions._followed.add(page.session)  # as the kernel's watcher follows it
    sessions._poll_all()
    warning = "Step 0 has opened Acme-leadership.json since: this page still edits workshop.json"
    assert warning in page.status.widget.value
    page.act(lambda w: setattr(w.meta, "team", "Still here"), "Team")
    assert warning in page.status.widget.value  # kept under the save's own message
    assert 'role="status"' in page.status.widget.value  # said politely, with each message

    home.set_current(workshop_path)  # the room went back to it
    sessions._followed.add(step_0)
    try:
        sessions._poll_all()
    finally:
        sessions._followed.discard(page.session)
        sessions._followed.discard(step_0)
    assert "Step 0 has opened" not in page.status.widget.value
    assert step_0.chosen_elsewhere == workshop_path.resolve()  # now step 0's page is told


def test_a_page_opened_on_a_file_by_path_is_not_told_of_step_0s_choice(
    workshop_path: Path,
) -> None:
    from gaptools.files import home

    page = session_on(workshop_path)
    page.follow_chosen(home.workshops_home() / "another.json")
    assert page.chosen_elsewhere is None


def test_a_change_to_a_workshop_gone_meanwhile_names_the_file_and_the_way_on(
    session: WorkshopSession, workshop_path: Path
) -> None:
    """It read "Not saved · Metric: no such file", naming neither."""
    workshop_path.unlink()
    outcome = session.update(lambda w: setattr(w.meta, "team", "Anything"), "Team")
    assert not outcome.ok
    said = outcome.message()
    assert f"{workshop_path.name}: no such file" in said
    assert "step 0 says how to go on" in said
    assert not workshop_path.exists()


@pytest.mark.parametrize("kind", ["pulse", "maturity"])
def test_an_undo_leaves_a_published_batch_for_good(
    session: WorkshopSession, workshop_path: Path, kind: str
) -> None:
    """Passing the laptop: the third answer published a batch of three; Undo took it back,
    and the fourth answer published the batch again with itself in it. Comparing the two
    files singled out the third answer and the fourth. The batch now stays, and says why."""
    import datetime as dt

    from gaptools.steps import maturity, pulse

    day = dt.date(2026, 11, 18)
    if kind == "pulse":
        session.update(lambda w: setattr(w.pulse, "answers", []), "fresh pulse")
        opened, published = pulse.open_pulse, lambda w: w.pulse.answers

        def answer(n: int):
            return lambda w: pulse.answer(w, pulse.Given(n, n, n), day)
    else:
        session.update(lambda w: setattr(w.maturity, "mode", "anonymous"), "anonymous")
        session.update(lambda w: setattr(w.maturity, "ratings", []), "fresh ratings")
        opened, published = maturity.open_collecting, lambda w: w.maturity.ratings
        codes = tuple(d.code for d in maturity.dimensions())

        def answer(n: int):
            return lambda w: maturity.rate(w, "", dict.fromkeys(codes, n), day)

    assert session.update(opened, "collected here").ok
    for n in (1, 2, 3):
        assert session.update(answer(n), f"answer {n}").ok
    batch = published(store.load(workshop_path))
    assert len(batch) == 3
    undone = session.undo()
    assert not undone.ok
    assert "stays: anonymous answers, once published, are not taken back" in undone.message()
    assert published(store.load(workshop_path)) == batch
    assert session.update(answer(4), "answer 4").ok
    assert published(store.load(workshop_path)) == batch  # the fourth waits for two more


def test_a_refused_addition_is_not_called_added() -> None:
    """ "✗ Not saved · added HR Policy Chatbot: two initiatives are called…" said both."""
    from gaptools.ui.session import Outcome

    problem = (("", "two initiatives are called 'HR Policy Chatbot'"),)
    refused = Outcome(False, "added HR Policy Chatbot", problems=problem)
    assert refused.message().startswith("Not saved · adding HR Policy Chatbot: two initiatives")
    assert Outcome(True, "added HR Policy Chatbot").message().endswith("· added HR Policy Chatbot")


@pytest.mark.parametrize(
    ("what", "attempt"),
    [
        ("pulse closed", "closing the pulse"),
        ("vote opened", "opening the vote"),
        ("votes revealed", "revealing the votes"),
        ("removed Claims triage", "removing Claims triage"),
        ("cycle 2 of Claims triage added", "adding cycle 2 of Claims triage"),
        (
            "first cycle started from the commitment card",
            "starting the first cycle from the commitment card",
        ),
        ("Capacity (person-weeks)", "Capacity (person-weeks)"),
    ],
)
def test_a_refused_change_is_named_as_an_attempt(what: str, attempt: str) -> None:
    """ "Not saved · pulse closed: …" read as though the pulse had closed."""
    from gaptools.ui.session import Outcome

    refused = Outcome(False, what, problems=(("", "no"),))
    assert refused.message() == f"Not saved · {attempt}: no"
    assert Outcome(True, what).message().endswith(f"· {what}")
