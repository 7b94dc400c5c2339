"""The browser round trip: from the keystroke that commits a field to what the room sees.

A facilitator types in a step's form and presses Enter (or Tab out of a longer text); what
they feel is the time until the status bar says "✓ Saved" and the view that follows from
the change (the verdict, the findings, the line, the card…) shows the new state. The kernel's
share of that is measured in ``bench/run.py``; this adds the comm messages, the browser's
rendering and the layout, in a real JupyterLab in Debian's Chromium, on a workshop of 200
initiatives.

Each change is timed in the page: a capturing ``keydown`` listener stamps
``performance.now()`` when the committing key goes down, and a ``MutationObserver`` on the
form notes when the status line and the derived view change; each is counted as shown one
frame later (after the browser has laid it out and painted it). ``python bench/roundtrip.py``
prints p50 and p95 per step; ``measure()`` gives the samples to ``bench/run.py``.

``GAPTOOLS_ROUNDTRIP_CHANGES`` sets the number of timed changes per step (40 by default: with
20, p95 is the second slowest change, and one slow change moved it by 40 ms between runs of
the same commit) and
``GAPTOOLS_ROUNDTRIP_STEPS`` a comma-separated choice of steps ("value,bet").
"""

from __future__ import annotations

import contextlib
import importlib
import json
import math
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script: the browser harness lives in tests/
    sys.path.insert(0, str(REPO))

INITIATIVES = 200
CHANGES = int(os.environ.get("GAPTOOLS_ROUNDTRIP_CHANGES", "40"))
WARM_UP = 2  # untimed changes first: the first edit after opening pays for imports and caches
LIMIT_MS = 150.0
TARGET = "p95 ≤ 150"
WAIT_MS = 20_000

Row = tuple[str, list[float], str, float | None]


@dataclass(frozen=True)
class Step:
    """One form and the typed change timed in it.

    ``control`` and ``view`` are Playwright selectors (the first match is used); ``values(k)``
    is the text typed for the k-th change, each different from the one before, so both the
    status line and the view change every time; ``prepare`` puts the form in the state where
    the field means something (a bet decided, a cycle added).
    """

    key: str
    notebook: str
    what: str
    control: str
    view: str
    values: Callable[[int], str]
    commit: str = "Enter"
    nth: int = 0
    prepare: Callable[[object], None] | None = None


@dataclass
class Timings:
    """What the changes of one step took: milliseconds to the saved status and to the view
    shown, and the websocket frames each change caused (kernel to page, page to kernel)."""

    saved: list[float] = field(default_factory=list)
    view: list[float] = field(default_factory=list)
    received: list[int] = field(default_factory=list)
    sent: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def _alternate(present: Callable[[int], str]) -> Callable[[int], str]:
    """Empty, then filled, then empty…: a gap the view reports appears and disappears."""
    return lambda k: present(k) if k % 2 else ""


def _decide_a_bet(page) -> None:
    harness = _harness()
    harness.labelled(page, "Our bet", ".widget-dropdown", "select").select_option(index=2)
    decider = harness.labelled(page, "Decided by")
    decider.fill("Dana Whitfield")
    page.get_by_role("button", name="Confirm the decision").click()
    page.locator("p", has_text="Our bet:").first.wait_for(timeout=WAIT_MS)


def _add_a_cycle(page) -> None:
    button = page.get_by_role("button", name="Add a cycle")
    button.scroll_into_view_if_needed()
    button.click()
    page.locator(".gaptools-status", has_text="Saved").first.wait_for(timeout=WAIT_MS)


STEPS = [
    Step(
        "start",
        "00_start_here",
        "agenda minutes → total",
        '.gaptools-form input[type="number"]',
        '.widget-html:has-text("Total:")',
        lambda k: str(16 + k % 2),
    ),
    Step(
        "portfolio",
        "01_portfolio",
        "a stuck pilot renamed in the table → diagnosis",
        '.gaptools-inline:has(label:text-is("Name")) input',
        '.widget-html:has(p[style*="1.35em"])',
        lambda k: f"Stuck pilot {k}",
        nth=10,  # the first pilot stuck longer than a quarter in the synthetic workshop
    ),
    Step(
        "value",
        "03_define_value",
        "target → verdict",
        '.widget-text:has(label:text-is("Target")) input',
        '.widget-html:has(.gaptools-badge):has(p[style*="1.25em"])',
        lambda k: str(100 + k),
    ),
    Step(
        "ownership",
        "04_ownership",
        "accountable person → findings",
        "input[placeholder='name']",
        '.widget-html:has(p:has-text("named accountable person"))',
        _alternate(lambda k: f"Owner {k}"),
        nth=1,  # the first initiative in play
    ),
    Step(
        "readiness",
        "05_readiness_governance",
        "risk mitigation → risk matrix",
        '.gaptools-inline:has(label:text-is("Mitigation")) input',
        '.widget-html:has(caption:has-text("Rows: likelihood"))',
        _alternate(lambda k: f"Reviewed by a person, round {k}"),
    ),
    Step(
        "prioritise",
        "06_prioritise",
        "capacity → the line",
        '.widget-text:has(label:text-is("Capacity (person-weeks)")) input',
        '.widget-html:has(p:has-text("person-weeks"))',
        lambda k: str(31 + k % 2),
    ),
    Step(
        "bet",
        "07_single_bet",
        "kill criteria → commitment card",
        '.widget-textarea:has(label:text-is("Kill criteria")) textarea',
        '.widget-html:has(p:has-text("Our bet:"))',
        _alternate(lambda k: f"Stop if intake is not under 16 minutes by week {k}"),
        commit="Tab",
        prepare=_decide_a_bet,
    ),
    Step(
        "change",
        "08_lead_the_change",
        "commitment statement → what it lacks",
        '.widget-textarea:has(label:text-is("Statement")) textarea',
        '.widget-html:has-text("What this commitment still lacks")',
        _alternate(lambda k: f"I am not sure yet what this means for us, and I will learn ({k})"),
        commit="Tab",
    ),
    Step(
        "learning",
        "09_learning_velocity",
        "what we learned → blame suggestion",
        '.widget-textarea:has(label:text-is("What we learned")) textarea',
        ".widget-html:has(.gaptools-suggestion)",
        lambda k: (
            f"The model missed edge cases in batch {k}"
            if k % 2
            else f"The vendor team was careless in batch {k}"
        ),
        commit="Tab",
        prepare=_add_a_cycle,
    ),
]

# Installed before each change: stamps the committing keystroke, then watches the form.
ARM = """
(key) => {
  const form = document.querySelector('[data-roundtrip-form]');
  const control = document.querySelector('[data-roundtrip-control]');
  const view = () => document.querySelector('[data-roundtrip-view]');
  const status = () => {
    const line = form.querySelector('.gaptools-status');
    return line ? line.textContent : '';
  };
  const rec = {t0: null, saved: null, view: null, refused: null,
               statusBefore: status(), viewBefore: view() ? view().innerHTML : null};
  window.__roundtrip = rec;
  const shown = (name) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { rec[name] = performance.now() - rec.t0; };
    channel.port2.postMessage(0);
  });
  const observer = new MutationObserver(() => {
    if (rec.t0 === null) return;
    const text = status();
    if (rec.savedAt === undefined && text !== rec.statusBefore) {
      if (text.includes('Not saved')) rec.refused = text;
      rec.savedAt = performance.now();
      shown('saved');
    }
    const now = view();
    if (rec.viewAt === undefined && now && now.innerHTML !== rec.viewBefore) {
      rec.viewAt = performance.now();
      shown('view');
    }
    if (rec.savedAt !== undefined && rec.viewAt !== undefined) observer.disconnect();
  });
  observer.observe(form, {subtree: true, childList: true, characterData: true});
  if (window.__roundtripKey) control.removeEventListener('keydown', window.__roundtripKey, true);
  window.__roundtripKey = (event) => {
    if (event.key === key && rec.t0 === null) rec.t0 = performance.now();
  };
  control.addEventListener('keydown', window.__roundtripKey, true);
}
"""
DONE = "() => window.__roundtrip.refused || (window.__roundtrip.saved !== null \
&& window.__roundtrip.view !== null)"


def _harness():
    return importlib.import_module("tests.browser.harness")


def chosen_steps() -> list[Step]:
    wanted = [k.strip() for k in os.environ.get("GAPTOOLS_ROUNDTRIP_STEPS", "").split(",")]
    wanted = [k for k in wanted if k]
    return [s for s in STEPS if not wanted or s.key in wanted]


def percentile(samples: list[float], share: float) -> float:
    """The nearest-rank percentile: with 20 samples, p95 is the 19th fastest."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def measure() -> list[Row]:
    """Rows for ``bench/run.py``: (name, samples in ms, target, p95 limit in ms)."""
    return [row for key, timings in run() for row in rows(step_named(key), timings)]


def step_named(key: str) -> Step:
    return next(s for s in STEPS if s.key == key)


def rows(step: Step, timings: Timings) -> list[Row]:
    """The step's two rows; none when nothing could be measured (the reason is printed on
    standard error as the step ends)."""
    if not timings.view:
        return []
    label = f"round trip, {step.key} ({step.what}), {INITIATIVES}"
    return [
        (f"{label}: ✓ Saved shown", timings.saved, TARGET, LIMIT_MS),
        (f"{label}: view shown", timings.view, TARGET, LIMIT_MS),
    ]


def run(steps: list[Step] | None = None) -> list[tuple[str, Timings]]:
    """Each step's timings, measured on one JupyterLab and one Chromium."""
    harness = _harness()
    results = []
    with (
        _workspace() as (root, home, config),
        harness.running_lab(root, home, config) as lab,
        harness.launched_chromium() as browser,
    ):
        for step in steps or chosen_steps():
            results.append((step.key, _measure_step(browser, lab, step)))
            _stop_kernels(lab)
            print(report(results[-1:], heading=False), file=sys.stderr, flush=True)
    return results


@contextlib.contextmanager
def _workspace() -> Iterator[tuple[Path, Path, Path]]:
    with tempfile.TemporaryDirectory(prefix="gaptools-roundtrip-") as folder:
        base = Path(folder)
        parts = [base / name for name in ("lab-root", "gaptools-home", "jupyter-config")]
        for part in parts:
            part.mkdir()
        yield parts[0], parts[1], parts[2]


def _fresh_workshop(home: Path) -> Path:
    """A new 200-initiative workshop, made the one every notebook opens (as the browser
    tests do), so each step starts from the same file."""
    from gaptools.files import store
    from gaptools.files.home import CURRENT_FILE
    from gaptools.files.synthetic import synthetic_workshop

    path = home / f"workshop-{INITIATIVES}.json"
    store.save(synthetic_workshop(INITIATIVES), path)
    store.atomic_write(home / CURRENT_FILE, json.dumps({"path": str(path.resolve())}).encode())
    return path


def _measure_step(browser, lab, step: Step) -> Timings:
    _fresh_workshop(lab.home)
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    context.set_default_timeout(120_000)
    page = context.new_page()
    frames = {"received": 0, "sent": 0}

    def follow(socket) -> None:
        if "/kernels/" not in socket.url:
            return
        socket.on("framereceived", lambda _: frames.__setitem__("received", frames["received"] + 1))
        socket.on("framesent", lambda _: frames.__setitem__("sent", frames["sent"] + 1))

    page.on("websocket", follow)
    timings = Timings()
    try:
        _drive(page, lab, step, frames, timings)
    except Exception as error:  # noqa: BLE001 - one step that cannot be driven is reported
        timings.failures.append(f"{type(error).__name__}: {str(error).splitlines()[0]}")
    finally:
        context.close()
    return timings


def _drive(page, lab, step: Step, frames: dict[str, int], timings: Timings) -> None:
    """Open the step's notebook, run it, then make and time the changes."""
    harness = _harness()
    harness.open_and_run(page, lab, f"notebooks/{step.notebook}.ipynb")
    _wait_for_the_form(page)
    _settle(page)
    if step.prepare is not None:
        step.prepare(page)
    control = page.locator(step.control).nth(step.nth)
    control.wait_for(state="attached", timeout=120_000)
    control.scroll_into_view_if_needed()
    control.evaluate(
        "e => { document.querySelectorAll('[data-roundtrip-form]').forEach("
        "f => f.removeAttribute('data-roundtrip-form'));"
        "e.closest('.gaptools-form').setAttribute('data-roundtrip-form', '');"
        "e.setAttribute('data-roundtrip-control', ''); }"
    )
    for k in range(WARM_UP + CHANGES):
        timed = k >= WARM_UP
        before = dict(frames)
        result = _one_change(page, control, step, k)
        if result is None:
            if timed:  # a warm-up change may leave the field as it was: nothing to see
                timings.failures.append(f"change {k}: no change seen within {WAIT_MS} ms")
            continue
        if result.get("refused"):
            timings.failures.append(f"change {k}: {result['refused']}")
            continue
        if timed:
            timings.saved.append(result["saved"])
            timings.view.append(result["view"])
            timings.received.append(frames["received"] - before["received"])
            timings.sent.append(frames["sent"] - before["sent"])


def _wait_for_the_form(page, timeout: float = 180.0) -> None:
    """Until the form shows its status line; a form JupyterLab cannot display is reported
    with the words it shows instead of waiting for nothing."""
    status = page.locator(".gaptools-form .gaptools-status").first
    broken = page.get_by_text("Error displaying widget").first
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if status.count() and status.is_visible():
            return
        if broken.count():
            raise RuntimeError(f"the form is not displayed: {broken.inner_text()}")
        page.wait_for_timeout(500)
    raise RuntimeError(f"the form was not displayed within {timeout:.0f} s")


def _one_change(page, control, step: Step, k: int) -> dict | None:
    """Type the k-th value, arm the page, press the committing key and wait for both."""
    _next_second()  # "Saved 09:14:05" must read differently from the previous save
    control.fill(step.values(k))
    if page.locator("[data-roundtrip-view]").count() == 0:
        _tag_view(page, step)
    page.evaluate(ARM, step.commit)
    control.press(step.commit)
    try:
        page.wait_for_function(DONE, timeout=WAIT_MS)
    except Exception:  # noqa: BLE001 - a change that shows nothing is reported, not fatal
        return None
    result = page.evaluate("() => window.__roundtrip")
    _settle(page)
    if step.commit == "Tab":
        control.focus()
    return result


def _tag_view(page, step: Step) -> None:
    """Mark the derived view once it exists (some are empty until the first change)."""
    found = page.locator(step.view)
    if found.count():
        found.first.evaluate("e => e.setAttribute('data-roundtrip-view', '')")


def _next_second() -> None:
    time.sleep(1.02 - time.time() % 1.0)


def _settle(page) -> None:
    """Let the messages that follow a change (other views, the follower's poll) arrive."""
    page.wait_for_timeout(300)


def _stop_kernels(lab) -> None:
    """Shut the step's kernel down, so the next step does not share the cores with it."""
    headers = {"Authorization": f"token {lab.token}"}
    listing = urllib.request.Request(f"{lab.url}/api/kernels", headers=headers)
    with urllib.request.urlopen(listing, timeout=10) as response:
        kernels = json.load(response)
    for kernel in kernels:
        stop = urllib.request.Request(
            f"{lab.url}/api/kernels/{kernel['id']}", headers=headers, method="DELETE"
        )
        with contextlib.suppress(OSError):
            urllib.request.urlopen(stop, timeout=20).close()


def report(results: list[tuple[str, Timings]], heading: bool = True) -> str:
    """The table: p50 and p95 per step to the saved status and to the view, and frames."""
    lines = [
        f"Browser round trip, {INITIATIVES} initiatives, JupyterLab in Chromium "
        f"(ms from the committing key; {TARGET})",
        f"{'step':<11} {'n':>3} {'saved p50':>9} {'p95':>7} {'view p50':>9} {'p95':>7} "
        f"{'frames in':>9} {'out':>4}  change",
    ]
    if not heading:
        lines = []
    for key, t in results:
        step = step_named(key)
        if not t.view:
            lines.append(f"{key:<11}   0  (nothing measured) {'; '.join(t.failures[:2])}")
            continue
        over = " ✗" if percentile(t.view, 0.95) > LIMIT_MS else ""
        lines.append(
            f"{key:<11} {len(t.view):>3} {statistics.median(t.saved):>9.0f} "
            f"{percentile(t.saved, 0.95):>7.0f} {statistics.median(t.view):>9.0f} "
            f"{percentile(t.view, 0.95):>7.0f}{over:2} {statistics.median(t.received):>7.0f} "
            f"{statistics.median(t.sent):>4.0f}  {step.what}"
        )
        for failure in t.failures[:3]:
            lines.append(f"{'':<11} ! {failure}")
    return "\n".join(lines)


def main() -> None:
    print(report(run()))


if __name__ == "__main__":
    main()
