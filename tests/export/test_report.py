"""The HTML and Markdown reports, parsed and rendered by real readers, with hostile names."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from gaptools.cli import main
from gaptools.core.model import Workshop
from gaptools.export import export
from gaptools.export.markup import md_escape
from tests.export.test_table import HOSTILE, hostile  # noqa: F401  (fixture)


class Page(HTMLParser):
    """Collects what a browser would execute or load, and the visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.handlers: list[tuple[str, str]] = []
        self.sources: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if name in {"src", "href"} and value:
                self.sources.append(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(document: bytes) -> Page:
    page = Page()
    page.feed(document.decode("utf-8"))
    return page


def test_html_report_shows_every_initiative_and_runs_nothing(hostile: Workshop) -> None:  # noqa: F811
    page = parsed(export(hostile, "html"))
    text = " ".join(page.text)
    for initiative in hostile.initiatives:
        assert initiative.name in text
    assert "script" not in page.tags
    assert "img" not in page.tags
    assert page.handlers == []
    assert page.sources == []  # self-contained: nothing fetched from anywhere


def test_html_report_covers_each_step(example: Workshop) -> None:
    text = " ".join(parsed(export(example, "html")).text)
    for title in (
        "1 · Portfolio and pilot purgatory",
        "3 · Value: metric, magnitude, date",
        "4 · Ownership",
        "6 · Priorities against capacity",
        "7 · The bet",
        "Still missing",
    ):
        assert title in text
    assert "5 of 6 pilots have run longer than a quarter without a decision." in text
    assert "No bet chosen yet." in text


def test_markdown_renders_safely(hostile: Workshop) -> None:  # noqa: F811
    source = export(hostile, "md").decode("utf-8")
    rendered = MarkdownIt("commonmark").enable("table").render(source)
    page = parsed(rendered.encode("utf-8"))
    assert "script" not in page.tags
    assert "img" not in page.tags
    assert page.handlers == []
    text = " ".join(page.text)
    for name in HOSTILE:
        assert " ".join(name.split()) in text
    assert "table" in page.tags  # the value table survived the escaping


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ("a | b", "a \\| b"),
        ("# title", "\\# title"),
        ("1. first", "1\\. first"),
        ("*star*", "\\*star\\*"),
        ("two\nlines", "two lines"),
    ],
)
def test_md_escape(text: str, escaped: str) -> None:
    assert md_escape(text) == escaped


def test_cli_writes_html_beside_the_workshop(workshop_file: Path) -> None:
    assert main(["export", str(workshop_file), "--format", "html"]) == 0
    out = workshop_file.with_name("w-report.html")
    assert out.read_bytes().startswith(b"<!DOCTYPE html>")
