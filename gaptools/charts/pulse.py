"""Step 8's chart: how the room answered each pulse question, as one inline SVG.

One row per question: its short text above a bar split into the answers 1 to 5, left to
right, each part carrying its count, the words of 1 and 5 under the bar's ends, every count
again in words under them (so which part is which never rests on colour), and the favourable
share ("4 or 5: 57%") after the bar. The colours run from vermillion (1) through grey (3) to
blue (5): a diverging scale from the Okabe–Ito palette, safe for the common colour-vision
deficiencies. Drawn only when the view may be shown at all.
"""

from __future__ import annotations

import html

from gaptools.charts import PALETTE, labels
from gaptools.core.numbers import percent
from gaptools.core.text import plural
from gaptools.steps.pulse import Distribution, PulseView

#: Fill and text colour of the answers 1 to 5, each pair at least 4.5:1 (white on vermilion
#: was 3.9:1).
SCALE = (
    (PALETTE["vermillion"], "black"),
    (PALETTE["orange"], "black"),
    ("#D9D9D9", "black"),
    (PALETTE["sky"], "black"),
    (PALETTE["blue"], "white"),
)
WIDTH = 760
BAR_END = 590  # the bar runs from 0 to here; the favourable share follows it
BAR_TOP, BAR_HEIGHT = 28, 32  # within a row
ROW = 120
FONT, SMALL = 17, 14


def pulse_chart(view: PulseView) -> str:
    """The distribution of every question, or "" while the view may not be shown."""
    if not view.shown:
        return ""
    title = f"How the room answered: {plural(view.answers, 'answer')}"
    rows = "".join(_row(n, d) for n, d in enumerate(view.distributions))
    height = ROW * len(view.distributions)
    key = (
        "Each bar runs from answer 1 on the left to 5 on the right (the words of 1 and 5 "
        "under it); the number in each part is how many chose that answer."
    )
    return (
        f"<div class='gaptools-chart gaptools-pulse-chart'><h4>{html.escape(title)}</h4>"
        f"{labels.svg_open(WIDTH, height, title, FONT)}"
        f"{rows}</svg><p class='gaptools-chart-note'>{html.escape(key)}</p></div>"
    )


def _row(index: int, distribution: Distribution) -> str:
    question = distribution.question
    top = index * ROW
    total = distribution.total or 1
    parts = []
    x = 0.0
    for score, (count, (fill, ink)) in enumerate(zip(distribution.counts, SCALE, strict=True), 1):
        if not count:
            continue
        width = count / total * BAR_END
        parts.append(
            f"<rect x='{x:.1f}' y='{top + BAR_TOP}' width='{width:.1f}' height='{BAR_HEIGHT}' "
            f"fill='{fill}' stroke='white' stroke-width='1.5'>"
            f"<title>{score} {html.escape(question.labels[score - 1])}: {count}</title></rect>"
        )
        if labels.text_width(str(count), FONT) + 6 <= width:
            parts.append(
                f"<text x='{x + width / 2:.1f}' y='{top + BAR_TOP + BAR_HEIGHT / 2 + 6}' "
                f"text-anchor='middle' fill='{ink}' font-weight='bold'>{count}</text>"
            )
        x += width
    share = f"4 or 5: {percent(distribution.favourable)}"
    below = top + BAR_TOP + BAR_HEIGHT + 20
    first, last = question.labels[0], question.labels[-1]
    # Every count in words too, so that which part is which never rests on colour.
    listed = " · ".join(f"{n}: {c}" for n, c in enumerate(distribution.counts, 1))
    counts = (
        f"<text x='0' y='{below + 20}' font-size='{SMALL}'>"
        f"{html.escape(f'Answers 1 to 5 — {listed}')}</text>"
    )
    summary = f"{question.short}: " + ", ".join(
        f"{n + 1}: {c}" for n, c in enumerate(distribution.counts)
    )
    return (
        f"<g><title>{html.escape(summary)}</title>"
        f"<text x='0' y='{top + 20}' font-weight='bold'>"
        f"{html.escape(labels.fit(question.short, WIDTH, FONT))}</text>"
        f"{''.join(parts)}"
        f"<text x='{BAR_END + 12}' y='{top + BAR_TOP + BAR_HEIGHT / 2 + 6}' "
        f"font-weight='bold'>{html.escape(share)}</text>"
        f"<text x='0' y='{below}' font-size='{SMALL}'>{html.escape(f'1 = {first}')}</text>"
        f"{counts}"
        f"<text x='{BAR_END}' y='{below}' text-anchor='end' font-size='{SMALL}'>"
        f"{html.escape(f'5 = {last}')}</text></g>"
    )
