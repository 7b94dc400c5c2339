"""Writing user text into HTML and Markdown without letting it become markup.

HTML goes through jinja2 with autoescape on for every template, so a name such as
``<script>`` is shown, never run. Markdown has no such switch, so ``md_escape`` escapes the
characters CommonMark and GitHub treat as markup and makes raw HTML inert.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING

from gaptools.core.text import typed_lines
from gaptools.files.cache import made_cache_folder

if TYPE_CHECKING:
    from markupsafe import Markup


@cache
def _environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(
        loader=PackageLoader("gaptools.export", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        bytecode_cache=_compiled_templates(),
    )
    environment.filters["keep"] = keep_html
    environment.filters["rows"] = rows_html
    environment.filters["isolated"] = isolated_html
    return environment


def _compiled_templates():
    """The templates as compiled by an earlier export, kept in the user's cache folder
    (jinja2 checks each against its source): compiling the report's and the canvas's costs a
    cold HTML export more than rendering the canvas does. None where none can be kept."""
    from jinja2 import FileSystemBytecodeCache

    folder = made_cache_folder("templates")
    return FileSystemBytecodeCache(str(folder)) if folder is not None else None


def isolated_html(texts: Iterable[str], separator: str = ", "):
    """``texts`` joined by ``separator``, each escaped and set apart for direction: two
    right-to-left team names joined by a comma in an English sentence read as one run, in
    reverse order."""
    from markupsafe import Markup, escape

    return Markup(escape(separator).join(Markup(f"<bdi>{escape(t)}</bdi>") for t in texts))


def render(template: str, **context) -> bytes:
    return _environment().get_template(template).render(**context).encode("utf-8")


def rows_html(rows: Iterable[Sequence[str | Sequence[str]]]) -> Markup:
    """Table rows as ``<tr><td>…</td></tr>`` lines, every cell escaped; a cell of several
    lines (a list) has them joined by ``<br>``.

    Written out here rather than as loops in the template: the report of a large portfolio
    has tens of thousands of cells, and a Jinja loop spends several times as long on each
    (a loop context, a test and an escape call per cell) as this does. Each distinct text
    is escaped once (``_Escaped``): most cells repeat one another ("–", "0%", a stage)."""
    from markupsafe import Markup

    escaped = _Escaped()
    out: list[str] = []
    for row in rows:
        out.append("<tr>")
        for cell in row:
            if isinstance(cell, str):
                out += ["<td>", escaped[cell], "</td>"]
            else:
                out += ["<td>", "<br>".join([escaped[line] for line in cell]), "</td>"]
        out.append("</tr>\n")
    return Markup("".join(out))


class _Escaped(dict[str, str]):
    """Texts and their HTML escapes, each escaped when first asked for."""

    def __missing__(self, text: str) -> str:
        from markupsafe import escape

        self[text] = html = str(escape(text))
        return html


_HELD = re.compile(r"\S*\u00a0[\S\u00a0]*")


def keep_html(text: str):
    """``text`` escaped, with each phrase that reads as one (a bracketed phrase such as
    "(−6 percentage points)", a date) in a ``<span class="nowrap">``, so no browser breaks
    it; the spaces stay ordinary ones, so the text reads and copies as written."""
    from markupsafe import Markup, escape

    from gaptools.summaries.canvas import keep_together

    held = keep_together(text)
    out, last = [], 0
    for match in _HELD.finditer(held):
        out += [str(escape(held[last : match.start()]))]
        phrase = match.group(0).replace("\u00a0", " ")
        out += [f'<span class="nowrap">{escape(phrase)}</span>']
        last = match.end()
    return Markup("".join([*out, str(escape(held[last:]))]))


_BREAKS = re.compile(r"[^\S\u00a0\u202f\u2007]+")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")
# A list marker of digits needs a space (or nothing) after it: "1. " starts a list, "5.4" not.
# "=" too: a line of them under another line makes that line a heading.
_MD_LINE_START = re.compile(r"^(#|[-+=]|\d{1,9}[.)](?=[ \t]|$))")


_ENTITY_START = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def md_escape(text: str) -> str:
    """Text shown literally by Markdown renderers: markup characters escaped, HTML made inert
    (so ``<script>`` is shown, not run), and one line, so a value cannot break a table."""
    text = " ".join(_BREAKS.split(text.strip(" \t\n\r\f\v")))  # non-breaking spaces kept
    # "&" only where it would start an entity ("&copy;"): "Harrow &amp; Vale" read so when
    # pasted into a chat or a mail, where the file is read as it is written.
    text = _ENTITY_START.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(_escape_line_start, text)


def md_lines(text: str, indent: str = "") -> str:
    """``text`` escaped as ``md_escape`` escapes it, each line typed in it kept as a line of
    its own ("Stop if:\n1) …\n2) …"): a hard line break, continued under ``indent`` (two
    spaces inside a list item), where ``md_escape`` runs the lines together."""
    typed = typed_lines(text) or [text]
    return f"\\\n{indent}".join(md_escape(line) for line in typed)


def _escape_line_start(match: re.Match[str]) -> str:
    marker = match.group(1)
    if marker[0].isdigit():  # "1." starts a list: escape the punctuation, not the digit
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def md_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """A pipe table (CommonMark with the GitHub table extension), every cell escaped."""
    lines = ["| " + " | ".join(md_escape(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def md_document(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")
