"""The pre-workshop survey: its questions, and what a set of responses adds to a workshop.

Honest answers (the pulse, the gut check) come more freely before the room than in it, and
teams already have Microsoft Forms or Google Forms. So the survey is printed for those tools
(``questions``: each question's text is exactly the column header the export will carry), and
the export is read back (``files.survey_import``) into ``Response`` records that ``apply``
adds to the workshop with the same rules as the steps' own forms.

What ``apply`` keeps:

* Definitions of success (step 2) and gut checks (step 7) with the name typed into the
  survey's name question (the form's own record of who sent it only where the form does not
  ask it); from an anonymous response, without a name (they still count in the spread). A
  named person who answers again replaces their earlier answer.
* Pulse answers (step 8) with no name, email, ID or time, added only in batches of at least
  the pulse minimum, in canonical order (``pulse.add_published``): a later export that brings
  fewer new ones keeps them back until there are enough.
* Maturity ratings (step 9) under the name; an anonymous one with no rater, added as pulse
  answers are, in batches of at least the pulse minimum, among the others in an order of
  what they say (``maturity.add_anonymous``), as the room's anonymous ratings.
* The digest of each response imported, so importing the same export again adds nothing and
  a later export with more rows adds only the new ones. A response edited in the form since
  (``Response.edited``) is read again when it is named; an anonymous one keeps its first
  version, since nothing may tie its earlier answers to it; its pulse answer is never added
  a second time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from gaptools.core.model import (
    SENTENCE_LIMIT,
    Entry,
    GutCheck,
    Lens,
    MaturityRating,
    PulseAnswer,
    SuccessDefinition,
    Workshop,
    as_listed,
    name_key,
    replace_or_add,
)
from gaptools.core.text import plural, shorten
from gaptools.steps import maturity, pulse

QUOTED = 80  # characters of an answer quoted in a problem: a 460-character one filled the report
NAME = "name"
SUCCESS = "success"
LENS = "lens"
GUT_BET = "gut_bet"
GUT_INSTANT = "gut_instant"
CONCERN = "pulse_concern"
YES_NO = ("Yes", "No")


@dataclass(frozen=True)
class SurveyQuestion:
    id: str
    text: str  # exactly the question, and so the export's column header
    kind: str  # "text", "choice" or "scale"
    options: tuple[str, ...] = ()  # the choices; for a scale, what 1 to 5 mean
    required: bool = False
    step: int = 0
    anonymous: bool = False  # asked in the anonymous part: never tied to a name here
    many: bool = False  # more than one choice may be ticked

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "text": self.text,
            "kind": self.kind,
            "options": list(self.options),
            "required": self.required,
            "step": self.step,
            "anonymous": self.anonymous,
        }


def questions(workshop: Workshop | None = None) -> list[SurveyQuestion]:
    """The survey, in the order it is asked. With a workshop, the gut check offers its
    initiatives in play as choices; without one, it is a free text."""
    names = tuple(i.name for i in workshop.in_play()) if workshop else ()
    found = [
        SurveyQuestion(NAME, "Your name (leave it empty to answer anonymously)", "text"),
        SurveyQuestion(
            SUCCESS,
            "In one sentence: what would AI success look like for us this year?",
            "text",
            step=2,
        ),
        SurveyQuestion(
            LENS,
            "Which lens does your sentence belong to?",
            "choice",
            tuple(lens.label for lens in Lens),
            step=2,
        ),
        SurveyQuestion(
            GUT_BET,
            "Which one AI initiative would you bet your bonus on?",
            "choice" if names else "text",
            names,
            step=7,
        ),
        SurveyQuestion(
            GUT_INSTANT,
            "Could you name it at once, without thinking it over?",
            "choice",
            YES_NO,
            step=7,
        ),
    ]
    found += [
        SurveyQuestion(
            f"pulse_{q.key}", q.text, "scale", q.labels, required=True, step=8, anonymous=True
        )
        for q in pulse.QUESTIONS
    ]
    found.append(SurveyQuestion(CONCERN, pulse.CONCERN_QUESTION, "text", step=8, anonymous=True))
    found += [
        SurveyQuestion(
            f"maturity_{d.code}", f"{d.label}: {d.question}", "scale", d.levels, True, step=9
        )
        for d in maturity.dimensions()
    ]
    return found


def kept_in_the_open(question: SurveyQuestion, named: bool) -> bool:
    """Whether the workshop keeps this answer where anyone reading it can see it with the
    rest of its row: a named row's answers but its pulse, an anonymous row's definition and
    gut check. A pulse answer and an anonymous row's rating are published in batches, apart
    from their rows, so nothing stored with a row (its key, say) may be drawn from them."""
    return not question.anonymous and (named or question.step != 9)


def question_key(text: str) -> str:
    """How an answer is compared with a question's choices: case and spacing ignored, and
    the "*" a form adds to a required question's title."""
    return " ".join(text.replace("\u00a0", " ").split()).rstrip("*").strip().casefold()


@dataclass(frozen=True)
class Response:
    """One row of an export: its identity there, its row number, the name it gave ("" for an
    anonymous answer), and its answers as the cells' text (a multi-choice cell already split).
    ``name_not_taken``: the form recorded who sent it, and the name question was left empty
    or answered with a word for no name, which decides."""

    key: str
    row: int
    name: str
    answers: dict[str, tuple[str, ...]]
    edited: str = ""  # when the person changed it after sending it ("" if never): a new version
    name_not_taken: bool = False
    aliases: tuple[str, ...] = ()  # keys earlier releases gave the same row

    @property
    def anonymous(self) -> bool:
        return not self.name

    @property
    def version(self) -> str:
        """This version of the response: its key alone until it is edited."""
        return f"{self.key}\x1fedited {self.edited}" if self.edited else self.key


@dataclass
class SurveyReport:
    responses: int = 0  # rows read
    already: int = 0  # rows imported before
    definitions: int = 0
    gut_checks: int = 0
    pulse: int = 0
    pulse_waiting: int = 0  # new pulse answers kept back until a batch is big enough
    ratings_waiting: int = 0  # new anonymous ratings kept back, as pulse answers are
    ratings: int = 0
    pulse_unreadable: int = 0  # counted, never tied to a row: that would tie it to a person
    pulse_replaced: int = 0  # a named person's earlier pulse answer in the same export
    pulse_before: int = 0  # answers the pulse held already, when this import adds some
    concerns_cut: int = 0  # pulse concerns longer than the pulse keeps, cut
    replaced: int = 0  # named answers that replaced the same person's earlier one
    updated: int = 0  # named responses edited since they were imported, read again
    edited_anonymous: int = 0  # anonymous responses edited since: their first version stays
    unlisted: int = 0  # named responses whose name is not on the participant list
    problems: list[tuple[int, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        new = self.responses - self.already
        lines = [
            f"{plural(self.responses, 'response')} read: {new} new, {self.already} imported before."
        ]
        added = [
            (self.definitions, "definition of success", "definitions of success"),
            (self.gut_checks, "gut check", ""),
            (self.pulse, "pulse answer", ""),
            (self.ratings, "maturity rating", ""),
        ]
        counted = ", ".join(plural(n, one, many) for n, one, many in added)
        lines.append(f"{'Added or replaced' if self.replaced else 'Added'}: {counted}.")
        if self.replaced:
            # "11 definitions … 3 of them replaced" read as 3 of the 11 definitions, of a
            # file that held 10 after: the 3 are of every kind, in this export or before it.
            lines.append(
                f"{self.replaced} of these answers took the place "
                "of the same person's earlier one (a definition, gut check or rating, from this "
                "export or before it), so the workshop holds that many fewer than added."
            )
        if self.updated:
            lines.append(
                f"{plural(self.updated, 'named response was', 'named responses were')} edited "
                "in the form since the last import and read again; a pulse answer stays as "
                "first sent, as an anonymous answer cannot be found again to replace it."
            )
        if self.edited_anonymous:
            were = plural(
                self.edited_anonymous, "anonymous response was", "anonymous responses were"
            )
            lines.append(
                f"{were} edited in the form since the last import: an anonymous answer cannot "
                "be found again to replace it, so the first version stays."
            )
        if self.pulse_waiting:
            lines.append(
                f"{plural(self.pulse_waiting, 'new pulse answer')} kept back: they are added "
                "once an export brings at least the pulse minimum of new ones, so that none "
                "can be told apart."
            )
        if self.ratings_waiting:
            lines.append(
                f"{plural(self.ratings_waiting, 'new anonymous maturity rating')} kept back, "
                "as pulse answers are: they are added once an export brings at least the pulse "
                "minimum of new ones, so that none can be told apart."
            )
        if self.pulse_replaced:
            lines.append(
                f"{plural(self.pulse_replaced, 'pulse answer was', 'pulse answers were')} "
                "replaced by the same person's later one."
            )
        if self.pulse_before:
            # The same leaders' Microsoft Forms export, then their Google Forms one: 19
            # pulse answers from 9 leaders, without a word.
            where = "from before this import (an earlier export, another form, the room)"
            lines.append(f"Note: {pulse.twice_warning(self.pulse_before, where)}.")
        if self.pulse_unreadable:
            were = "was" if self.pulse_unreadable == 1 else "were"
            lines.append(
                f"{plural(self.pulse_unreadable, 'pulse answer')} could not be read (a score "
                f"outside 1 to 5, or a question left empty) and {were} left out; their rows are "
                "not named, so that no pulse answer is tied to its row."
            )
        if self.concerns_cut:
            lines.append(
                f"{plural(self.concerns_cut, 'pulse concern was', 'pulse concerns were')} longer "
                f"than {pulse.CONCERN_LIMIT} characters: the first {pulse.CONCERN_LIMIT} of each "
                "are kept (their rows are not named, as no pulse answer is tied to its row)."
            )
        lines += [f"Row {row}: {reason}" for row, reason in self.problems]
        if self.unlisted:  # said once, not on every row it concerns
            names = plural(self.unlisted, "name is", "names are")
            lines.append(
                f"{names} not on the participant list: for one of the team, add them in step "
                f"0; for a name misspelt, {RETAKE}."
            )
        return lines


#: How to read a corrected export: a response imported once is not read again, so the
#: import it corrects is taken back first. Said wherever the advice is to import again.
RETAKE = (
    "take this import back (Undo in notebook 00b; from the command line, the workshop as it "
    "was before is its .bak file, unless the import published pulse answers), correct the "
    "export and import it again: a response imported once is not read again"
)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def apply(
    workshop: Workshop, responses: list[Response], today: dt.date, pulse_asked: bool = True
) -> SurveyReport:
    """Add what ``responses`` say to ``workshop``; rows imported before add nothing. Without
    ``pulse_asked`` (a pulse question's column is not in the export), no row's pulse is read
    nor marked read: the export corrected later brings them, where the rows had been used up."""
    report = SurveyReport(responses=len(responses))
    survey = workshop.survey
    seen, pulse_seen = set(survey.imported), set(survey.pulse_imported)
    edits, rated = set(survey.edits_imported), set(survey.ratings_imported)
    ratings: list[tuple[str, MaturityRating]] = []
    batch: list[tuple[str, PulseAnswer]] = []
    # A named person's place in the batch: their later pulse answer in the same export takes
    # it, so someone who sent the form twice counts once; the earlier row is still marked as
    # read, so importing the export again adds neither.
    by_person: dict[str, int] = {}
    passed_over: set[str] = set()
    for response in responses:
        key, version = digest(response.key), digest(response.version)
        # A row read under the key an earlier release gave it is known by its key from now
        # on, in place of that one: the count of responses stays one a row.
        earlier = {digest(alias) for alias in response.aliases}
        for known in (seen, pulse_seen):
            if earlier & known:
                known -= earlier
                known.add(key)
        if version in seen or version in edits:
            report.already += 1
        elif key in seen:
            _edited_since(workshop, response, report)
        else:
            _named_parts(workshop, response, report)
            seen.add(key)
        if version != key:
            seen.discard(version)  # kept among the responses before schema 9: counted twice
            edits.add(version)
        # An anonymous rating, like a pulse answer, is added with others or not at all.
        if response.anonymous and key not in rated:
            scores = _rating_scores(response, None)
            if scores:
                ratings.append((key, MaturityRating(scores=scores)))
        # A pulse answer is published without anything that could find it again: an edited
        # response's pulse is never added a second time.
        if pulse_asked and key not in pulse_seen:
            answer = _pulse_answer(response, today, report)
            person = name_key(response.name) if response.name else ""
            if answer is not None and person in by_person:
                earlier, _ = batch[by_person[person]]
                passed_over.add(earlier)
                batch[by_person[person]] = (key, answer)
                report.pulse_replaced += 1
            elif answer is not None:
                if person:
                    by_person[person] = len(batch)
                batch.append((key, answer))
            else:
                # No pulse to add (unreadable, or none given): the row counts as read with
                # the batch, so the rows marked read never tell whose was left out.
                passed_over.add(key)
    if len(batch) >= workshop.settings.pulse_minimum:
        report.pulse_before = len(workshop.pulse.answers)
        pulse.add_published(workshop, [answer for _, answer in batch])
        pulse_seen |= {key for key, _ in batch} | passed_over
        report.pulse = len(batch)
    else:
        report.pulse_waiting = len(batch)
    if len(ratings) >= workshop.settings.pulse_minimum:
        maturity.add_anonymous(workshop, [rating for _, rating in ratings])
        rated |= {key for key, _ in ratings}
        report.ratings += len(ratings)
    else:
        report.ratings_waiting = len(ratings)
    survey.imported = sorted(seen)
    survey.pulse_imported = sorted(pulse_seen)
    survey.edits_imported = sorted(edits)
    survey.ratings_imported = sorted(rated)
    return report


def _edited_since(workshop: Workshop, response: Response, report: SurveyReport) -> None:
    """A response imported before and edited in the form since: a named one replaces its
    person's answers; an anonymous one is counted, since nothing ties its earlier answers to
    it (that is what keeps them anonymous)."""
    report.already += 1
    if response.anonymous:
        report.edited_anonymous += 1
        return
    _named_parts(workshop, response, report)
    report.updated += 1


def _named_parts(workshop: Workshop, response: Response, report: SurveyReport) -> None:
    written = " ".join(response.name.split())
    listed = {name_key(p.name): p.name for p in workshop.meta.participants}
    name = as_listed(written, listed.values()) or written
    if name != written and name_key(name) != name_key(written):
        report.problems.append((response.row, f"'{written}' read as '{name}', as listed in step 0"))
    if name and listed and name_key(name) not in listed:
        # A typo ("Dana Whitfeld") would stand beside the leader as a second person.
        report.problems.append(
            (
                response.row,
                f"'{name}' is not on the participant list: their answers are kept under that "
                "name (what to do: below)",
            )
        )
        report.unlisted += 1
    _definition(workshop, response, name, report)
    _gut_check(workshop, response, name, report)
    _rating(workshop, response, name, report)


def _first(response: Response, question: str) -> str:
    parts = response.answers.get(question, ())
    return parts[0].strip() if parts else ""


def _definition(workshop: Workshop, response: Response, name: str, report: SurveyReport) -> None:
    sentence = _first(response, SUCCESS)
    if not sentence:
        return
    lenses = {lens.label: lens for lens in Lens} | {lens.value: lens for lens in Lens}
    typed = _first(response, LENS)
    lens = _choice(typed, lenses)
    if lens is None and (lens := _named_lens(typed)) is not None:
        report.problems.append((response.row, f"lens '{typed}' read as {lens.label}"))
    if lens is None:
        report.problems.append(
            (response.row, "a definition of success without a lens among the choices: skipped")
        )
        return
    if len(sentence) > SENTENCE_LIMIT:  # kept in part, and said: it was cut without a word
        report.problems.append(
            (
                response.row,
                f"the definition of success runs to {len(sentence):,} characters: its first "
                f"{SENTENCE_LIMIT:,} are kept",
            )
        )
    entry = SuccessDefinition(participant=name, sentence=sentence[:SENTENCE_LIMIT], lens=lens)
    report.replaced += _replace(workshop.success_definitions, entry, name)
    report.definitions += 1


def _gut_check(workshop: Workshop, response: Response, name: str, report: SurveyReport) -> None:
    pick = _first(response, GUT_BET)
    if not pick:
        return
    initiative = workshop.initiative(pick)
    if initiative is None:
        report.problems.append(
            (
                response.row,
                f"the gut check names '{shorten(pick, QUOTED)}', which is not in the portfolio: "
                "skipped",
            )
        )
        return
    said = _first(response, GUT_INSTANT)
    instant = _choice(said, {"Yes": True, "No": False})
    if instant is None:
        # Claiming "at once" for a leader who did not say so would overstate the room's
        # conviction, which is what the question measures.
        heard = f"'{said}' is not Yes or No" if said else "no answer"
        report.problems.append(
            (
                response.row,
                f"{heard} to 'could you name it at once?': the gut check is kept as not named "
                "at once",
            )
        )
    entry = GutCheck(participant=name, initiative=initiative.name, instantly=instant is True)
    report.replaced += _replace(workshop.gut_checks, entry, name)
    report.gut_checks += 1


def _rating(workshop: Workshop, response: Response, name: str, report: SurveyReport) -> None:
    """A named rating, in place of the same person's earlier one. An anonymous one waits for
    a batch (``apply``), as the pulse does, so no import adds one alone."""
    scores = _rating_scores(response, report)
    if not scores or not name:
        return
    report.ratings += 1
    ratings = workshop.maturity.ratings
    before = len(ratings)
    workshop.maturity.ratings = [r for r in ratings if name_key(r.rater) != name_key(name)]
    report.replaced += before - len(workshop.maturity.ratings)
    workshop.maturity.ratings.append(MaturityRating(rater=name, scores=scores))


def _rating_scores(response: Response, report: SurveyReport | None) -> dict[str, int]:
    """The six scores a response gives, or none (what is wrong said in ``report``, if any)."""
    scores: dict[str, int] = {}
    for d in maturity.dimensions():
        text = _first(response, f"maturity_{d.code}")
        if text:
            score = read_scale(text, d.levels)
            if score is None:
                if report is not None:
                    report.problems.append(
                        (response.row, f"'{text}' is not a rating of 1 to 5 for {d.label}")
                    )
                return {}
            scores[d.code] = score
    if scores and len(scores) < len(maturity.dimensions()):
        if report is not None:
            report.problems.append(
                (response.row, "a maturity rating needs all six dimensions: skipped")
            )
        return {}
    return scores


def _pulse_answer(response: Response, today: dt.date, report: SurveyReport) -> PulseAnswer | None:
    scores = {}
    for q in pulse.QUESTIONS:
        text = _first(response, f"pulse_{q.key}")
        if not text:
            continue
        score = read_scale(text, q.labels)
        if score is None:
            report.pulse_unreadable += 1
            return None
        scores[q.key] = score
    if not scores:
        return None
    if len(scores) < len(pulse.QUESTIONS):
        report.pulse_unreadable += 1
        return None
    concern = _first(response, CONCERN)
    if len(concern) > pulse.CONCERN_LIMIT:
        report.concerns_cut += 1  # counted, never tied to its row, as the pulse never is
    return PulseAnswer(**scores, concern=concern[: pulse.CONCERN_LIMIT], day=today)


def _replace(entries: list, entry: Entry, name: str) -> int:
    """Put ``entry`` in place of the same named person's earlier one, as that entry changed
    (``replace_or_add``); an anonymous one is always added. 1 when it replaced one."""
    if not name:
        entries.append(entry)
        return 0
    key = name_key(name)
    return int(replace_or_add(entries, lambda e: name_key(e.participant) == key, entry))


_NUMBER_FIRST = re.compile(r"^\s*([1-5])(?:\s*(?:[-–—:.)]\s*.*|\s+.*)?)?$", re.DOTALL)


#: The scale's top written after a score ("4/5", "4 out of 5", "4 (of 5)"): no second score.
_OUT_OF_FIVE = re.compile(r"^(\s*[1-5])\s*\(?\s*(?:/|out\s+of|of)\s*5\s*\)?", re.IGNORECASE)


#: A score written with zero decimals ("4,0", "4.00"), as a spreadsheet saved from a form may.
_WHOLE_AS_DECIMAL = re.compile(r"^(\s*[1-5])[.,]0+(?=\s*$|\s*[-–—:)])")


def read_scale(text: str, labels: tuple[str, ...]) -> int | None:
    """A 1-to-5 answer as a form writes it: "4", "4 - Hopeful", or the label alone. A second
    number ("3-4", "4.5", "3 or 4") is no single score: taking its first would put words in
    the person's mouth, so it is left unread, and said."""
    text = _OUT_OF_FIVE.sub(r"\1", text)
    text = _WHOLE_AS_DECIMAL.sub(r"\1", text)  # "4,0" or "4.00": 4, as a sheet may write it
    found = _NUMBER_FIRST.match(text)
    if found:
        rest = text[found.end(1) :]
        return None if any(c.isdigit() for c in rest) else int(found.group(1))
    key = question_key(text)
    for number, label in enumerate(labels, start=1):
        if question_key(label) == key:
            return number
    return None


def _named_lens(typed: str) -> Lens | None:
    """The one lens a text typed under 'Other' names by its first word ('Cost / efficiency',
    'Risk & compliance'); None when it names none, or several."""
    words = set(re.findall(r"[a-z]+", typed.casefold()))
    named = {lens for lens in Lens if lens.label.split()[0].casefold() in words}
    return named.pop() if len(named) == 1 else None


def _choice(text: str, options: dict[str, object]) -> object | None:
    key = question_key(text)
    for label, value in options.items():
        if question_key(label) == key:
            return value
    return None
