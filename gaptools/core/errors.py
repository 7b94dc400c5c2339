"""Problems a person can act on: which file, which field, what is wrong, in plain words.

Every failure that reaches a user (CLI, notebook form, import) is a ``WorkshopError`` whose
``problems`` are one line each, so no caller ever needs to show a traceback.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from gaptools.core.text import (
    hidden_character_problem,
    hidden_characters_allowed,
    printable,
)


class WorkshopError(Exception):
    """Bad input, described; carries the file it concerns and one line per problem."""

    def __init__(self, problems: Sequence[str] | str, path: Path | str | None = None) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        self.path = Path(path) if path is not None else None
        super().__init__(self.render())

    def render(self) -> str:
        prefix = f"{self.path}: " if self.path is not None else ""
        return "\n".join(prefix + problem for problem in self.problems)


def field_path(loc: Iterable[Any], data: Any = None) -> str:
    """``("meta", "participants", 2, "name")`` becomes ``meta.participants[2].name``. A key
    of a mapping (a note's column name) came from the file, so it is shown escaped. Given the
    ``data`` the location is in, an entry with a name is named too,
    ``initiatives[0] (Claims copilot).stage``: a facilitator knows initiatives by name, not
    by their place in the file counted from zero."""
    text = ""
    node = data
    parts = list(loc)
    for at, part in enumerate(parts):
        if isinstance(part, int):
            text += f"[{part}]"
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            name = node.get("name") if isinstance(node, dict) else None
            about_the_name = parts[at + 1 : at + 2] == ["name"]  # said once is enough
            if isinstance(name, str) and name.strip() and not about_the_name:
                text += f" ({printable(' '.join(name.split())[:60], multiline=False)})"
        else:
            node = node.get(part) if isinstance(node, dict) else None
            part = printable(str(part), multiline=False)
            text += f".{part}" if text else part
    return text or "(whole file)"


def validation_problems(errors: Iterable[dict[str, Any]], data: Any = None) -> list[str]:
    """Pydantic's error records as ``field: problem`` lines a facilitator can follow."""
    return [f"{where}: {what}" for where, what in located_problems(errors, data)]


def located_problems(errors: Iterable[dict[str, Any]], data: Any = None) -> list[tuple[str, str]]:
    """Each problem as (field path, plain message), for callers that name the field their way;
    ``data``, the document validated, lets the path name the entries it passes through."""
    pairs = []
    for error in errors:
        loc = [p for p in error.get("loc", ()) if not _is_internal(p)]
        pairs.append((field_path(loc, data), plain_reason(error)))
    return pairs


def _is_internal(part: Any) -> bool:
    # Pydantic names union branches and tagged types in the location; people do not need them.
    return isinstance(part, str) and (part.startswith("function-") or "[" in part)


_PLAIN = {
    "missing": "is required but missing",
    "extra_forbidden": "is not a known field (check the spelling)",
    "date_from_datetime_parsing": "is not a date; write it as YYYY-MM-DD",
    "date_parsing": "is not a date; write it as YYYY-MM-DD",
    "date_type": "is not a date; write it as YYYY-MM-DD",
    "date_from_datetime_inexact": "is not a date; write it as YYYY-MM-DD",
    "finite_number": "must be an ordinary number (not NaN or infinity)",
}


_BOUNDS = {
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
    "greater_than": "must be more than {gt}",
    "less_than": "must be less than {lt}",
    "string_too_short": "cannot be empty",
    "string_too_long": "is too long (at most {max_length} characters)",
    "too_long": "has too many entries (at most {max_length})",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_parsing": "must be a number",
    "enum": "must be one of: {expected}",
}


# A date's bounds (``model.EARLIEST_DAY``, ``LATEST_DAY``) come as YYYY-MM-DD in the context.
_DAY_BOUNDS = {
    "greater_than_equal": "is before {ge}{year}: write the year in full, with its four figures",
    "less_than_equal": "is after {le}: check the year",
}


def hidden_character_reason(error: dict[str, Any]) -> str | None:
    """The reason a text field refused a hidden character, naming it (never quoting the
    text), when ``error`` is that refusal; None for any other error. The model checks the
    rule as a pattern (see ``model.ONE_LINE``), whose own message would only quote it."""
    if error.get("type") != "string_pattern_mismatch" or not isinstance(error.get("input"), str):
        return None
    allowed = hidden_characters_allowed(str(error.get("ctx", {}).get("pattern", "")))
    if allowed is None:
        return None
    found = hidden_character_problem(error["input"].strip(), allowed=allowed)
    return found or "contains a hidden character: remove it"


def plain_reason(error: dict[str, Any]) -> str:
    """One pydantic error's reason in plain words, as every form and command says it."""
    kind = error.get("type", "")
    hidden = hidden_character_reason(error)
    if hidden is not None:
        return hidden
    if kind in _PLAIN:
        return _PLAIN[kind]
    if kind == "model_type":
        return _entry_expected(error)
    if kind in _DAY_BOUNDS and _is_day(str(next(iter(error.get("ctx", {}).values()), ""))):
        return _DAY_BOUNDS[kind].format(**error["ctx"], year=_year_read(error.get("input")))
    if kind in _BOUNDS:
        try:
            return _BOUNDS[kind].format(**error.get("ctx", {}))
        except (KeyError, IndexError):
            pass
    message = str(error.get("msg", "is not valid"))
    if message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    if "input" in error and kind not in {"value_error"} and _short(error["input"]):
        message += f" (found {error['input']!r})"
    return message[:1].lower() + message[1:]


def _entry_expected(error: dict[str, Any]) -> str:
    """An entry written as something else ("explore_next": ["Ask legal"]): pydantic named the
    model's class ("a valid dictionary or instance of ExploreItem"); this names its fields,
    as the file writes them."""
    from gaptools.core import model  # only when a file is refused: commands start light

    shape = getattr(model, str(error.get("ctx", {}).get("class_name", "")), None)
    fields = [name for name in getattr(shape, "model_fields", {}) if name != "id"]  # given
    written = ", ".join(f'"{name}": …' for name in fields[:4]) + (", …" if len(fields) > 4 else "")
    said = f"must be an entry written {{{written}}}" if fields else "must be an entry of fields"
    found = error.get("input")
    return said + (f" (found {found!r})" if "input" in error and _short(found) else "")


def _year_read(day: Any) -> str:
    """The year a refused date was read with, said beside the bound: a date box saves each
    date it can make as the year is typed ("2", "20", "202"), and the browser shows the date
    in its own order, so the year read tells what happened."""
    year = getattr(day, "year", None)
    head = day.split("-")[0] if isinstance(day, str) else ""
    if year is None and head.isdigit() and len(head) <= 4:
        year = int(head)
    return f" (the year read as {year})" if year is not None else ""


def _is_day(text: str) -> bool:
    return len(text) == 10 and text[4] == text[7] == "-" and text.replace("-", "").isdigit()


def _short(value: Any) -> bool:
    return isinstance(value, str | int | float | bool) and len(repr(value)) <= 40


def input_problem(error: BaseException) -> str | None:
    """What a failure caused by the input (a file, its name, its size) means in plain words,
    or None when it is not one: a symbolic-link loop, a denied permission, a number thousands
    of digits long. The command line and the forms name the file themselves; anything this
    does not recognise is a fault in gaptools and must stay visible as one."""
    if isinstance(error, OSError):
        return _os_problem(error)
    if isinstance(error, RecursionError):
        return "is nested far too deeply to be read"
    if isinstance(error, MemoryError):
        return "is too large to read: it does not fit in memory"
    if isinstance(error, UnicodeDecodeError):
        return f"is not UTF-8 text (byte {error.start})"
    if isinstance(error, UnicodeError):
        return "holds text that cannot be written in this terminal's or system's encoding"
    if isinstance(error, ValueError) and "integer string conversion" in str(error):
        return "holds a number thousands of digits long, far more than any field can hold"
    if isinstance(error, ValueError) and "embedded null" in str(error):
        return "the name holds a NUL character, which no file name may contain"
    return None


_OS_PROBLEMS = {
    errno.ELOOP: "is a loop of symbolic links (a link that leads back to itself): "
    "there is no file to read",
    errno.EACCES: "permission denied: ask the owner of the file or its folder for access",
    errno.EPERM: "permission denied: ask the owner of the file or its folder for access",
    errno.ENAMETOOLONG: "the name is too long for this system: choose a shorter one",
    errno.ENOENT: "no such file",
    errno.EISDIR: "is a folder, not a file",
    errno.ENOTDIR: "part of the path is a file where a folder should be",
    errno.ENOSPC: "the disk is full: nothing was written",
    errno.EDQUOT: "the disk quota is used up: nothing was written",
    errno.EROFS: "is on a read-only disk",
    errno.ENXIO: "is a device or pipe with nothing behind it, not a file",
    errno.ENODEV: "is a device, not a file",
    errno.ETXTBSY: "is in use by a running program",
    errno.EMFILE: "cannot be opened: too many files are open",
}


def _os_problem(error: OSError) -> str:
    known = _OS_PROBLEMS.get(error.errno) if error.errno is not None else None
    if known:
        return known
    reason = error.strerror or type(error).__name__
    return f"cannot be read or written: {reason[:1].lower() + reason[1:]}"
