"""The step 5 form driven as a facilitator would, without a browser.

In the example workshop the first initiative is "Claims intake copilot" (two risks, one of
them a medium one with no mitigation); "Renewal pricing agent" (fifth) is a fully autonomous
agent with a failure recovery but no escalation path, and an empty checklist; "GenAI
workbench" (sixth) has no tier and no risks. Expected counts come from the raw file through
the references in ``tests.test_readiness``, never from ``gaptools.steps.readiness``.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

from gaptools.core.model import Stage
from gaptools.core.numbers import percent
from gaptools.core.quarter import day_text
from gaptools.files import store
from gaptools.ui.readiness import ReadinessForm
from gaptools.ui.session import WorkshopSession
from tests.steps.test_readiness import (
    KEYS,
    TIERS,
    item_named,
    reference_groups,
    reference_not_ready,
    reference_share,
    reference_unmitigated,
)
from tests.support import (
    blocks,
    by_label,
    pick,
    picked,
    refused,
    rows_with,
    saved,
    scrolled,
    session_on,
    shown,
    status_line,
    view,
)

CLAIMS_INTAKE, RENEWAL, WORKBENCH = 0, 4, 5
NO_RISKS = "No risks recorded for this initiative."


@pytest.fixture
def form(session: WorkshopSession) -> ReadinessForm:
    return ReadinessForm(session)


def saved_readiness(path: Path, index: int) -> dict[str, Any]:
    return saved(path)["initiatives"][index]["readiness"]


def view_text(form: ReadinessForm, *markers: str) -> str:
    """The text of the one view saying any of ``markers``, entities decoded."""
    return html.unescape(view(form.widget, *markers).value)


def findings(form: ReadinessForm) -> str:
    """The headline and the flags under it, as the page shows them in turn."""
    head = view_text(form, "have a group of the checklist not even started.")
    return head + html.unescape("".join(b.value for b in scrolled(form.widget).children))


def overview(form: ReadinessForm) -> str:
    return html.unescape(blocks(form.widget, "<th>Weakest link</th>"))


def detail(form: ReadinessForm) -> str:
    """The picked initiative's share done, per group, and its weakest link."""
    return view_text(form, "Weakest link:")


def tier_view(form: ReadinessForm) -> str:
    """What the chosen tier asks for: 'Not assessed…' or the tier's name and summary."""
    tiers = TIERS["tiers"].values()
    return view_text(form, "Not assessed.", *(f"<b>{html.escape(t['label'])}</b>: " for t in tiers))


def matrix(form: ReadinessForm) -> str:
    return view_text(form, "Rows: likelihood · columns: impact", "No risks recorded yet.")


def rules_for(form: ReadinessForm, name: str) -> list[str]:
    """The rules of the findings listed for one initiative."""
    items = re.findall(r'<li data-rule="([a-z-]+)"><b>! ([^<]*)</b>', findings(form))
    return [rule for rule, initiative in items if initiative == name]


def overview_row(form: ReadinessForm, name: str) -> list[str]:
    """The cells of one initiative's row: ten symbols, share done, weakest link."""
    found = re.search(rf"<tr><td>{re.escape(name)}</td>(.*?)</tr>", overview(form))
    assert found, f"no overview row for {name}"
    return re.findall(r"<td[^>]*>(.*?)</td>", found.group(1))


def done_line(path: Path, index: int) -> str:
    """The share done the form should show, worked out from the saved checklist."""
    return f"{percent(reference_share(saved_readiness(path, index)['checklist']))} done."


def box(form: ReadinessForm, key: str) -> widgets.Dropdown:
    """The checklist item's menu, found by the item's label."""
    return by_label(form.widget, item_named(key)["label"], widgets.Dropdown)


def risk_rows(form: ReadinessForm) -> list[widgets.HBox]:
    """The rows of the risk register, top to bottom."""
    return rows_with(form.risk_rows, "Risk")


def not_ready_line(path: Path) -> str:
    raw = saved(path)
    live = [i for i in raw["initiatives"] if i.get("stage") != "killed"]
    return (
        f"{len(reference_not_ready(raw))} of {len(live)} initiatives have a group of the "
        "checklist not even started."
    )


# -- showing ------------------------------------------------------------------------------------
def test_the_form_opens_on_the_first_initiative(form: ReadinessForm, workshop_path: Path) -> None:
    """Claims intake: govern (½ + 1 + ½)/3 = 67%, build ½/3 = 17%, run (1 + ½ + 0 + ½)/4 = 50%;
    (2 + ½ + 2)/10 = 45% done. The dropdowns show its saved states."""
    assert picked(form) == CLAIMS_INTAKE
    assert done_line(workshop_path, CLAIMS_INTAKE) == "45% done."
    assert "45% done." in detail(form)
    assert "Govern 67% · Build 17% · Run 50%" in detail(form)
    assert "Weakest link: <b>Build</b>." in detail(form)
    checklist = saved_readiness(workshop_path, CLAIMS_INTAKE)["checklist"]
    assert [box(form, key).value for key in KEYS] == [checklist[key] for key in KEYS]
    assert form.tier.value == "minimal"
    assert not_ready_line(workshop_path) in findings(form)


def test_example_findings(form: ReadinessForm, workshop_path: Path) -> None:
    """Two unmitigated high risks (customer support, small claims) and the unbounded agent."""
    assert reference_unmitigated(saved(workshop_path)) == 2
    assert rules_for(form, "Customer support assistant") == ["high-risk-unmitigated"]
    assert rules_for(form, "Small-claims settlement agent") == ["high-risk-unmitigated"]
    assert rules_for(form, "Renewal pricing agent") == ["agent-no-escalation"]
    assert rules_for(form, "Claims intake copilot") == []
    assert "Policy document summariser" not in overview(form)  # killed
    assert findings(form).count("<li ") == 3  # the three above, counted over the list
    # The rule's name is for the record, not for the room: no "[agent-no-escalation]".
    assert "[" not in re.sub(r"<[^>]*>", "", findings(form))
    assert "3 flags to settle before anything ships." in findings(form)


def test_a_live_initiative_is_not_told_it_cannot_go_live(form: ReadinessForm) -> None:
    def go_live(workshop: Any) -> None:
        workshop.initiatives[RENEWAL].stage = Stage.PRODUCTION

    form.session.update(go_live, "live")
    pick(form, RENEWAL)
    assert "not started, though it is already live: the first gap to close." in detail(form)
    assert "cannot go to production yet" not in detail(form)


def test_choosing_an_initiative_shows_it(form: ReadinessForm) -> None:
    pick(form, RENEWAL)
    assert "0% done." in detail(form)
    assert "not started, so it cannot go to production yet" in detail(form)
    assert [box(form, key).value for key in KEYS] == ["not_started"] * 10
    assert form.tier.value == "high"
    assert by_label(form.widget, "Autonomy level").value == "fully_autonomous"
    assert by_label(form.widget, "Escalation path").value == ""
    assert NO_RISKS in shown(form.risk_rows)


def test_another_initiative_picked_after_a_save_is_not_a_change_made_elsewhere(
    form: ReadinessForm,
) -> None:
    """A checklist item saved, then another initiative picked: its menu showed the other's
    state, and the bar said the item "was changed elsewhere after you saved it"."""
    key = KEYS[0]
    box(form, key).value = "done"
    pick(form, RENEWAL)
    assert box(form, key).value == "not_started"
    assert "elsewhere" not in status_line(form)
    pick(form, CLAIMS_INTAKE)
    assert box(form, key).value == "done"
    assert "elsewhere" not in status_line(form)


# -- the checklist -------------------------------------------------------------------------------
def test_the_share_done_counts_in_progress_as_the_groups_do(
    form: ReadinessForm, workshop_path: Path
) -> None:
    """Groups of 67%, 25% and 50% once sat beside "22% done", counting only what was done;
    counted as the groups count, the share done lies between the weakest group and the best."""
    pick(form, RENEWAL)
    states = {
        "governance": "done",
        "security_review": "in_progress",
        "compliance_readiness": "in_progress",
        "evaluation": "in_progress",
        "prompt_management": "n_a",
        "observability": "done",
        "monitoring": "in_progress",
        "operational_support": "in_progress",
    }
    for key, value in states.items():
        box(form, key).value = value
    shares = reference_groups(states)
    assert "Govern 67% · Build 25% · Run 50%" in detail(form)
    assert done_line(workshop_path, RENEWAL) == f"{percent(reference_share(states))} done."
    assert done_line(workshop_path, RENEWAL) in detail(form)
    assert min(shares.values()) <= reference_share(states) <= max(shares.values())
    assert overview_row(form, "Renewal pricing agent")[10] == percent(reference_share(states))


def test_marking_the_checklist_saves_and_updates_the_views(
    form: ReadinessForm, workshop_path: Path
) -> None:
    pick(form, RENEWAL)
    before = not_ready_line(workshop_path)
    box(form, "governance").value = "done"
    assert saved_readiness(workshop_path, RENEWAL)["checklist"] == {"governance": "done"}
    box(form, "security_review").value = "done"
    box(form, "compliance_readiness").value = "n_a"
    assert saved_readiness(workshop_path, RENEWAL)["checklist"] == {
        "governance": "done",
        "security_review": "done",
        "compliance_readiness": "n_a",
    }
    # 2 done of the 9 that apply; govern complete, build untouched and now the weakest.
    assert "22% done." in detail(form)
    assert "Govern 100% · Build 0% · Run 0%" in detail(form)
    assert "Weakest link: <b>Build</b> — not started" in detail(form)
    cells = overview_row(form, "Renewal pricing agent")
    assert cells[:3] == ["✓", "✓", "–"]
    assert cells[3:10] == ["✗"] * 7
    assert cells[10] == "22%"
    assert "Build" in cells[11]
    assert "Saved" in status_line(form)

    for key in KEYS[3:]:
        box(form, key).value = "in_progress"
    assert "not started" not in detail(form)
    assert "Govern 100% · Build 50% · Run 50%" in detail(form)
    assert done_line(workshop_path, RENEWAL) in detail(form)  # (2 + 7 × ½)/9 = 61%
    assert overview_row(form, "Renewal pricing agent")[10] == "61%"
    after_line = not_ready_line(workshop_path)
    assert after_line != before
    assert after_line in findings(form)
    assert "Renewal pricing agent" not in reference_not_ready(saved(workshop_path))


def test_other_initiatives_keep_their_checklist(form: ReadinessForm, workshop_path: Path) -> None:
    others = [i["readiness"]["checklist"] for i in saved(workshop_path)["initiatives"]]
    pick(form, WORKBENCH)
    box(form, "evaluation").value = "done"
    now = [i["readiness"]["checklist"] for i in saved(workshop_path)["initiatives"]]
    assert now[WORKBENCH]["evaluation"] == "done"
    assert [c for n, c in enumerate(now) if n != WORKBENCH] == [
        c for n, c in enumerate(others) if n != WORKBENCH
    ]


def test_undo_puts_the_checklist_back(form: ReadinessForm, workshop_path: Path) -> None:
    pick(form, CLAIMS_INTAKE)
    original = saved_readiness(workshop_path, CLAIMS_INTAKE)["checklist"]
    box(form, "prompt_management").value = "done"
    assert saved_readiness(workshop_path, CLAIMS_INTAKE)["checklist"]["prompt_management"] == "done"
    form.form.undo_button.click()
    assert saved_readiness(workshop_path, CLAIMS_INTAKE)["checklist"] == original
    assert box(form, "prompt_management").value == "not_started"
    assert "undo" in status_line(form)


# -- regulatory tier -----------------------------------------------------------------------------
def test_choosing_a_tier_saves_it_and_shows_its_duties(
    form: ReadinessForm, workshop_path: Path
) -> None:
    pick(form, WORKBENCH)
    assert form.tier.value == ""
    assert "Not assessed" in tier_view(form)
    form.tier.value = "high"
    assert saved_readiness(workshop_path, WORKBENCH)["regulatory_tier"] == "high"
    shown = tier_view(form)
    high = TIERS["tiers"]["high"]
    assert f"<b>{high['label']}</b>" in shown
    assert high["summary"] in shown
    for duty in high["duties"]:
        # Dated as the page writes dates: "from 2026-08-02" read as a code to a board.
        day = day_text(dt.date.fromisoformat(duty["from"]))
        assert f"<li>{duty['duty']} <small>(from {day})</small></li>" in shown
    assert not re.search(r"\d{4}-\d{2}-\d{2}", shown)
    form.tier.value = ""
    assert saved_readiness(workshop_path, WORKBENCH)["regulatory_tier"] is None
    assert "Not assessed" in tier_view(form)


def test_a_prohibited_tier_is_a_finding(form: ReadinessForm, workshop_path: Path) -> None:
    pick(form, WORKBENCH)
    form.tier.value = "prohibited"
    assert saved_readiness(workshop_path, WORKBENCH)["regulatory_tier"] == "prohibited"
    assert rules_for(form, "GenAI workbench") == ["prohibited-use"]
    since = TIERS["tiers"]["prohibited"]["duties"][0]["from"]
    assert day_text(dt.date.fromisoformat(since)) in tier_view(form)
    form.tier.value = "minimal"
    assert rules_for(form, "GenAI workbench") == []


# -- autonomy ------------------------------------------------------------------------------------
def test_an_escalation_path_clears_the_autonomy_finding(
    form: ReadinessForm, workshop_path: Path
) -> None:
    pick(form, RENEWAL)
    oversight = by_label(form.widget, "Human oversight point")
    escalation = by_label(form.widget, "Escalation path")
    recovery = by_label(form.widget, "Failure recovery")
    assert rules_for(form, "Renewal pricing agent") == ["agent-no-escalation"]
    escalation.value = "Pricing lead, within four hours"
    autonomy = saved_readiness(workshop_path, RENEWAL)["autonomy"]
    assert autonomy["escalation_path"] == "Pricing lead, within four hours"
    assert rules_for(form, "Renewal pricing agent") == []
    escalation.value = ""
    assert saved_readiness(workshop_path, RENEWAL)["autonomy"]["escalation_path"] == ""
    assert rules_for(form, "Renewal pricing agent") == ["agent-no-escalation"]

    oversight.value = "Weekly sample review"
    recovery.value = "Restore last month's table"
    autonomy = saved_readiness(workshop_path, RENEWAL)["autonomy"]
    assert autonomy["oversight_point"] == "Weekly sample review"
    assert autonomy["failure_recovery"] == "Restore last month's table"


def test_clearing_the_failure_recovery_is_its_own_finding(
    form: ReadinessForm, workshop_path: Path
) -> None:
    """The way back has two halves, flagged one by one."""
    pick(form, RENEWAL)
    by_label(form.widget, "Escalation path").value = "Pricing lead, within four hours"
    assert rules_for(form, "Renewal pricing agent") == []
    by_label(form.widget, "Failure recovery").value = ""
    assert saved_readiness(workshop_path, RENEWAL)["autonomy"]["failure_recovery"] == ""
    assert rules_for(form, "Renewal pricing agent") == ["agent-no-recovery"]
    assert "no failure recovery" in findings(form)


def test_the_autonomy_level_decides_the_finding(form: ReadinessForm, workshop_path: Path) -> None:
    pick(form, RENEWAL)
    level = by_label(form.widget, "Autonomy level")
    level.value = "acts_with_approval"
    assert saved_readiness(workshop_path, RENEWAL)["autonomy"]["level"] == "acts_with_approval"
    # an agent that acts, even with approval, still needs someone to hand over to
    assert rules_for(form, "Renewal pricing agent") == ["agent-no-escalation"]
    level.value = "suggests"
    assert rules_for(form, "Renewal pricing agent") == []
    level.value = ""
    assert saved_readiness(workshop_path, RENEWAL)["autonomy"]["level"] is None
    assert rules_for(form, "Renewal pricing agent") == ["autonomy-unset"]
    level.value = "fully_autonomous"
    assert rules_for(form, "Renewal pricing agent") == ["agent-no-escalation"]


def test_an_agents_finding_is_said_under_its_autonomy_fields(form: ReadinessForm) -> None:
    """ "Fully autonomous" with no escalation path was flagged only in the findings at the top
    of the form, out of sight of the leader filling in the autonomy fields."""
    from gaptools.ui.readiness import _autonomy_html

    pick(form, RENEWAL)
    by_label(form.widget, "Autonomy level").value = "fully_autonomous"
    by_label(form.widget, "Escalation path").value = ""
    under = _autonomy_html(form.picker.current(form.session.workshop))
    assert "no escalation path" in under
    assert under in shown(form.widget)  # on the form, under the fields
    by_label(form.widget, "Escalation path").value = "Pricing analyst on call"
    assert "no escalation path" not in _autonomy_html(form.picker.current(form.session.workshop))


# -- risks ---------------------------------------------------------------------------------------
def new_risk(form: ReadinessForm, kind: str, likelihood: int, impact: int) -> None:
    """Chosen in the new risk's menus, then added with the button, as a person does."""
    form.new_kind.value, form.new_likelihood.value, form.new_impact.value = (
        kind,
        likelihood,
        impact,
    )
    form.new_risk.click()


def test_a_risk_is_added_as_chosen_and_never_unrated(
    form: ReadinessForm, workshop_path: Path
) -> None:
    """The button added "Hallucination, 3 × 3" whatever the leader meant, and a second press
    left one nobody chose, which the canvas showed as a medium risk. It adds what is chosen
    and refuses, under it, until all three are."""
    pick(form, WORKBENCH)
    with refused(form, workshop_path, "choose the risk, its likelihood and its impact first"):
        form.new_risk.click()
    assert "✗" in form.risk_added.value
    form.new_kind.value = "bias"
    form.new_likelihood.value = 2
    with refused(form, workshop_path, "its impact first"):
        form.new_risk.click()
    form.new_impact.value = 4
    form.new_risk.click()
    [added] = saved_readiness(workshop_path, WORKBENCH)["risks"]
    assert (added["kind"], added["likelihood"], added["impact"]) == ("bias", 2, 4)
    assert "✓ Added to GenAI workbench&#x27;s register: its last row." in form.risk_added.value
    assert (form.new_kind.value, form.new_likelihood.value, form.new_impact.value) == ("", "", "")
    form.new_risk.click()  # a double click's second: nothing more, and the thanks stays
    assert len(saved_readiness(workshop_path, WORKBENCH)["risks"]) == 1
    assert "✓ Added to GenAI workbench&#x27;s register: its last row." in form.risk_added.value
    assert "Choose the next risk" in form.risk_added.value  # what adds another
    form.new_kind.value = "bias"  # a new choice: a click now says what is still missing
    with refused(form, workshop_path, "its likelihood and its impact first"):
        form.new_risk.click()


def test_adding_and_editing_a_risk(form: ReadinessForm, workshop_path: Path) -> None:
    """3 × 3 = 9 is medium; 5 × 3 = 15 high and, unmitigated, a finding; a mitigation clears
    it; spaces are no mitigation; 5 × 1 = 5 is low again."""
    pick(form, WORKBENCH)
    new_risk(form, "hallucination", 3, 3)
    [added] = saved_readiness(workshop_path, WORKBENCH)["risks"]
    assert (added["kind"], added["likelihood"], added["impact"]) == ("hallucination", 3, 3)
    assert len(risk_rows(form)) == 1
    assert rules_for(form, "GenAI workbench") == []

    [row] = risk_rows(form)
    by_label(row, "Likelihood").value = 5
    assert saved_readiness(workshop_path, WORKBENCH)["risks"][0]["likelihood"] == 5
    assert rules_for(form, "GenAI workbench") == ["high-risk-unmitigated"]
    assert "GenAI workbench: Hallucination (no mitigation)" in matrix(form)

    by_label(row, "Mitigation").value = "Cite sources; staff check"
    assert saved_readiness(workshop_path, WORKBENCH)["risks"][0]["mitigation"] == (
        "Cite sources; staff check"
    )
    assert rules_for(form, "GenAI workbench") == []

    by_label(row, "Mitigation").value = "   "
    assert saved_readiness(workshop_path, WORKBENCH)["risks"][0]["mitigation"].strip() == ""
    assert rules_for(form, "GenAI workbench") == ["high-risk-unmitigated"]

    by_label(row, "Impact").value = 1
    assert saved_readiness(workshop_path, WORKBENCH)["risks"][0]["impact"] == 1
    assert rules_for(form, "GenAI workbench") == []

    by_label(row, "Risk").value = "data_leakage"
    by_label(row, "Owner").value = "Aisha Karimi"
    risk = saved_readiness(workshop_path, WORKBENCH)["risks"][0]
    assert (risk["kind"], risk["owner"]) == ("data_leakage", "Aisha Karimi")


def test_a_high_risk_with_no_mitigation_is_flagged_under_its_own_row(
    form: ReadinessForm, workshop_path: Path
) -> None:
    """The flag was only in the findings at the top of the form, far above the row."""
    from gaptools.steps.readiness import unmitigated
    from tests.support import all_widgets

    pick(form, WORKBENCH)
    new_risk(form, "hallucination", 3, 3)
    [row] = risk_rows(form)

    def flag() -> widgets.HTML:
        [found] = [w for w in all_widgets(row) if "gaptools-refusal" in w._dom_classes]
        return found

    assert flag().layout.display == "none"
    by_label(row, "Likelihood").value = 5
    risk = form.session.workshop.initiatives[WORKBENCH].readiness.risks[0]
    said = unmitigated(risk)
    assert said.startswith("Hallucination is a high risk (5 × 3 = 15)")
    assert flag().layout.display != "none"
    assert html.unescape(flag().value) == f"⚠ {said}: say what reduces it."
    by_label(row, "Mitigation").value = "Cite sources; staff check"
    assert flag().layout.display == "none"


def test_the_add_button_adds_a_risk(form: ReadinessForm, workshop_path: Path) -> None:
    pick(form, CLAIMS_INTAKE)
    new_risk(form, "security_vulnerabilities", 1, 2)
    assert len(saved_readiness(workshop_path, CLAIMS_INTAKE)["risks"]) == 3
    assert len(risk_rows(form)) == 3


def test_removing_a_risk(form: ReadinessForm, workshop_path: Path) -> None:
    """Claims intake has a hallucination risk then a data leakage risk; remove the first."""
    pick(form, CLAIMS_INTAKE)
    [first, second] = saved_readiness(workshop_path, CLAIMS_INTAKE)["risks"]
    form.remove_risk(first["id"])
    assert saved_readiness(workshop_path, CLAIMS_INTAKE)["risks"] == [second]
    assert len(risk_rows(form)) == 1
    [row] = risk_rows(form)
    assert by_label(row, "Risk").value == "data_leakage"
    by_label(row, "Remove", widgets.Button).click()
    assert saved_readiness(workshop_path, CLAIMS_INTAKE)["risks"] == []
    assert NO_RISKS in shown(form.risk_rows)


def test_undo_brings_a_removed_risk_back(form: ReadinessForm, workshop_path: Path) -> None:
    pick(form, CLAIMS_INTAKE)
    risks = saved_readiness(workshop_path, CLAIMS_INTAKE)["risks"]
    form.remove_risk(risks[1]["id"])
    assert len(saved_readiness(workshop_path, CLAIMS_INTAKE)["risks"]) == 1
    form.form.undo_button.click()
    assert saved_readiness(workshop_path, CLAIMS_INTAKE)["risks"] == risks
    assert len(risk_rows(form)) == 2
    kinds = [by_label(row, "Risk").value for row in risk_rows(form)]
    assert kinds == ["hallucination", "data_leakage"]


def test_with_no_flag_the_list_is_not_shown_and_the_headline_says_so(workshop_path: Path) -> None:
    workshop = store.load(workshop_path)
    for initiative in workshop.initiatives:
        initiative.stage = Stage.KILLED
    store.save(workshop, workshop_path)
    form = ReadinessForm(session_on(workshop_path))

    head = view_text(form, "No initiative to check.")
    assert "✓" not in head  # nothing to check is not a pass
    listed = scrolled(form.widget)
    assert listed.layout.display == "none"
    assert all("gaptools-empty" in block._dom_classes for block in listed.children)


def test_what_each_checklist_item_means_is_on_the_page_not_only_in_a_hover(
    session: WorkshopSession,
) -> None:
    """Each item's meaning was a hover title on its menu and on its turned heading: a tablet
    never shows one, nor does a projector to the room."""
    from gaptools.steps.readiness import checklist_items
    from tests.support import on_the_page

    said = " ".join(on_the_page(ReadinessForm(session).widget).split())
    for item in checklist_items():
        assert item.help in said
