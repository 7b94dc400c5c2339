"""The participant's pages, drawn with jinja2 with every value escaped (autoescape on)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from gaptools.core.model import Lens
from gaptools.room.questions import Kind, Question
from gaptools.steps import maturity, pulse

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,  # every page is HTML: nothing a participant sends is ever markup
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


#: The room's own files beside its pages, with their kinds: the stylesheet, and the one
#: script (the waiting and thanks pages ask what to show, rather than reload; the question's
#: page asks too, to say when its answer can no longer be sent).
ASSETS = {"room.css": "text/css; charset=utf-8", "room.js": "text/javascript; charset=utf-8"}


@cache
def asset(name: str) -> bytes:
    return (TEMPLATES / name).read_bytes()


def render(template: str, **values: Any) -> str:
    message = str(values.get("message", ""))
    values["message"] = message[:1].upper() + message[1:]  # refusals are written to be quoted
    values.setdefault("tone", "")
    values.setdefault("refresh", 0)  # seconds: a waiting page, reloaded when things change
    values.setdefault("watch", 0)  # seconds: a form, never reloaded, told when it is too late
    values.setdefault("page", "")
    return environment().get_template(template).render(**values)


def question_values(question: Question) -> dict[str, Any]:
    """What the question's template needs beyond the question itself."""
    if question.kind is Kind.DEFINITION:
        return {"lenses": [(lens.value, lens.label) for lens in Lens]}
    if question.kind is Kind.PULSE:
        return {
            "scales": [(q.key, q.text, q.labels) for q in pulse.QUESTIONS],
            "concern_question": pulse.CONCERN_QUESTION,
            "concern_limit": pulse.CONCERN_LIMIT,
        }
    if question.kind is Kind.MATURITY:
        return {"dimensions": maturity.dimensions()}
    return {}
