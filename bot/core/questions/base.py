"""What every question type is and offers: the hooks through which everything else uses it.

A question type is one module of this package with one subclass of `QuestionBase`. The engine,
storage, figures, exports and every front end call these hooks and never test for a type, so a
new type is added by writing its module (and its translations and tests).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from bot.core.answers import Answer, Invalid, Problem
from bot.core.conditions import Condition
from bot.core.wording import Amount, Day, LocalText, Phrase, Words

# Callback data is at most 64 bytes; the bot adds a prefix, a short question hash and separators.
MAX_ID_BYTES = 24
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

Cell = tuple[str, int | float | None, str | None]
"""How storage keeps one piece of an answer: an option id (or ''), a number, a text.

The number is whole or decimal: SQLite keeps a decimal as a REAL, and a decimal that happens to
be whole as an INTEGER, so a type that stores decimals reads either back."""

SKIPPED_CELL: Cell = ("", None, None)

ExportCell = str | int | float | None
"""A cell of the CSV and JSON exports: codes and numbers (a day as its ISO text)."""
SheetValue = LocalText | int | float | bool | date | None
"""A workbook value: a survey text (an option's label) is put into the sheet's language."""

ComparisonKind = Literal["equals", "contains"]


def check_id(value: str) -> str:
    """Check an id of a survey, question or option; raise ValueError saying what is wrong."""
    if not ID_PATTERN.match(value):
        raise ValueError(
            "ids use lower-case letters, digits, '_' and '-', and start with a letter or digit"
        )
    if len(value.encode()) > MAX_ID_BYTES:
        raise ValueError(
            f"ids are at most {MAX_ID_BYTES} bytes, to fit Telegram's 64-byte button data"
        )
    return value


class Model(BaseModel):
    """A part of a questionnaire file: unknown fields are refused, and it never changes."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(Model):
    """One choice of a single- or multiple-choice question."""

    id: str
    label: LocalText
    other: bool = False
    """"Other, please specify": choosing it asks for a short text."""
    value: float | None = None
    """The option's value in scores."""
    exclusive: bool = False
    """Multiple choice: picked alone ("none of these"), never together with other options."""
    anchor: bool = False
    """Kept last when the options are shown in a random order (an "other" option always is)."""

    _id = field_validator("id")(check_id)


class FigureKind(enum.Enum):
    """How a question's answers are summed up; front ends show each kind in its own way."""

    CHOICES = "choices"
    """A count per option (several per answer when `several_values`)."""
    RATING = "rating"
    """A count per point of a short scale, with mean and median."""
    QUANTITY = "quantity"
    """Typed numbers (whole or decimal), counted per value given as text: mean and median, and
    a histogram."""
    DATES = "dates"
    """Typed days, counted per month (keys 'YYYY-MM'): the median day, and a histogram."""
    TEXTS = "texts"
    """Typed texts: how many, and the texts where they may be shown."""


@dataclass(frozen=True)
class ParseContext:
    """What parsing typed input needs beyond the question: the language and its words."""

    language: str
    yes_no_words: Mapping[bool, frozenset[str]]
    """The case-folded words that mean yes (True) and no (False), in every language."""
    local: Callable[[LocalText], str]
    """Puts a survey text into the session's language."""
    seed: str = field(default="", repr=False)
    """What the session's random orders derive from: typed positions follow the shown order."""


@dataclass(frozen=True)
class Button:
    """One answer button: the value it gives, and its label."""

    value: str
    label: Words


@dataclass(frozen=True)
class Listed:
    """One entry of a text interface's listing: what to type for it (if a number), its label."""

    key: str | None
    label: LocalText


@dataclass(frozen=True)
class Buttons:
    """The answer buttons of a question, `per_row` to a row."""

    choices: tuple[Button, ...]
    per_row: int = 1
    several: bool = False
    """Buttons tick and untick, and a confirm button sends the choice."""
    most: int = 1
    """How many may be ticked at once."""


@dataclass(frozen=True)
class ExportColumn:
    """One column of the exports, named by a stable id."""

    id: str
    question_id: str
    option: Option | None = None
    """Set for a column per option (a 0/1 cell)."""
    other: bool = False
    """The column of the text given with the "other" option."""
    wide: bool = False
    """Holds typed texts."""


class QuestionBase(Model):
    """The fields every question has, and the hooks every question type implements."""

    type: str
    id: str
    text: LocalText
    short: LocalText | None = None
    """A few words that name the question, in the recap's list of questions to change."""
    help: LocalText | None = None
    optional: bool = False
    when: Condition | None = None
    breakdown: bool = False
    """Marks a dimension by which statistics can be broken down (e.g. the administration)."""
    chart: bool = True
    """Whether the question appears in the compact chart sent with /stats."""
    reverse: bool = False
    """A reverse-keyed item: its value in scores runs from the highest to the lowest."""
    battery: str | None = None
    """The battery the question is an item of (set when a battery is read)."""
    section: str | None = None
    """The section the question is in (set when the sections are read)."""
    notes: list[str] = []
    """The notes shown before the question (set when the sections are read)."""

    figure_kind: ClassVar[FigureKind]
    several_values: ClassVar[bool] = False
    """An answer may hold several values (then storage keeps one cell per value)."""
    can_break_down: ClassVar[bool] = False
    """Whether figures can be broken down by the answers to this type."""

    _id = field_validator("id")(check_id)

    @model_validator(mode="after")
    def _breakdown_allowed(self) -> QuestionBase:
        if self.breakdown and not self.can_break_down:
            raise ValueError("breakdown: only a single-choice question can be a breakdown")
        return self

    def local_texts(self) -> Iterator[tuple[str, LocalText]]:
        """Yield (field, text) for every user-visible text of the question."""
        yield "text", self.text
        if self.help is not None:
            yield "help", self.help

    # -- answering ------------------------------------------------------------------------

    def parse(self, raw: str, context: ParseContext) -> Answer | Invalid:
        """Turn cleaned typed input into an answer, or say what is wrong with it."""
        raise NotImplementedError

    def choose(self, values: Sequence[str], context: ParseContext) -> Answer | Invalid:
        """Validate the values given with buttons."""
        return Invalid(Problem.TYPE_ANSWER)

    def missing_other(self, answer: Answer) -> Option | None:
        """The "other" option chosen in `answer` whose text is still to be asked, if any."""
        return None

    def other_option(self) -> Option | None:
        """The "other, please specify" option, if the question has one."""
        return None

    def comparison_problem(self, kind: ComparisonKind, value: str | int | bool) -> str | None:
        """Why a condition cannot compare this question's answer with `value` (None: it can)."""
        raise NotImplementedError

    # -- storage --------------------------------------------------------------------------

    def cells(self, answer: Answer) -> Iterator[Cell]:
        """Yield the cells that store this answer."""
        if answer.value is None:
            yield SKIPPED_CELL
        else:
            yield from self._cells(answer)

    def _cells(self, answer: Answer) -> Iterator[Cell]:
        raise NotImplementedError

    def from_cells(self, cells: Sequence[Cell]) -> Answer:
        """Rebuild an answer from its stored cells."""
        if all(cell == SKIPPED_CELL for cell in cells):
            return SKIPPED
        return self._from_cells(cells)

    def _from_cells(self, cells: Sequence[Cell]) -> Answer:
        raise NotImplementedError

    def keeps_item(self, item: str) -> bool:
        """Whether a stored item (an option id, or '') is still a value of this question."""
        return not item

    # -- figures --------------------------------------------------------------------------

    @property
    def has_mean(self) -> bool:
        """Whether figures give the mean and median of the answers."""
        return self.figure_kind in (FigureKind.RATING, FigureKind.QUANTITY)

    @property
    def has_median(self) -> bool:
        """Whether figures give the median of the answers (with or without their mean)."""
        return self.has_mean or self.figure_kind is FigureKind.DATES

    def statistic(self, value: float) -> Amount | Day:
        """A mean or median of the stored numbers, to show: a number with one decimal at most."""
        return Amount(value)

    def counted(self, raw: Mapping[str, int]) -> dict[str, int]:
        """Order and complete the counts per stored value (item, or number as text)."""
        return {}

    def value_words(self, key: str) -> Words:
        """The label of a counted value."""
        return (key,)

    def ordinal(self, key: str) -> float | None:
        """Where a counted value sits on an ordered scale, lowest first (None: unordered)."""
        return None

    def end_label(self, key: str) -> LocalText | None:
        """The label of a scale end, when `key` is one."""
        return None

    def score_problem(self) -> str | None:
        """Why this question cannot be an item of a score (None: it can)."""
        return "only scales, choices with option values, yes/no and numbers can be scored"

    def score_value(self, answer: Answer) -> float | None:
        """The answer's value in scores (None when skipped or not scorable)."""
        return None

    # -- showing --------------------------------------------------------------------------

    def answer_words(self, answer: Answer) -> Words:
        """An answer (not skipped) as the respondent would say it."""
        return (str(answer.value),)

    def hint(self) -> Words | None:
        """The line under the question that says how to answer, if any."""
        return None

    def buttons(self, seed: str = "") -> Buttons | None:
        """The answer buttons, if the question is answered with buttons.

        `seed` is the session's (`Ask.seed`): a question that shows its options in a random
        order derives that order from it, the same each time for one session.
        """
        return None

    def toggle(self, ticked: Collection[str], value: str) -> frozenset[str]:
        """What is ticked once the button of `value` is pressed, for buttons that tick."""
        return frozenset(ticked) ^ {value}

    def listing(self, seed: str = "") -> Sequence[Listed]:
        """What a text interface lists under the question, in the order shown to the session."""
        return ()

    def typing_hint(self) -> Words | None:
        """What to type, for a text interface (the terminal preview)."""
        return None

    # -- exports --------------------------------------------------------------------------

    def export_columns(self) -> list[ExportColumn]:
        """The question's columns in the exports."""
        return [ExportColumn(self.id, self.id)]

    def export_value(self, answer: Answer, column: ExportColumn) -> ExportCell:
        """A cell of the CSV: codes, not labels."""
        value = answer.value
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, tuple):
            return " ".join(value)
        if isinstance(value, date):
            return value.isoformat()
        return value

    def sheet_value(self, answer: Answer, column: ExportColumn) -> SheetValue:
        """A cell of the workbook: typed numbers, booleans, and labels for options."""
        value = answer.value
        return " ".join(value) if isinstance(value, tuple) else value


class WholeNumberQuestion(QuestionBase):
    """What the types answered with one whole number share (not a type of its own)."""

    def comparison_problem(self, kind: ComparisonKind, value: str | int | bool) -> str | None:
        """Conditions compare with whole numbers."""
        return numbers_problem(kind, value, self.id)

    def _cells(self, answer: Answer) -> Iterator[Cell]:
        assert isinstance(answer.value, int)
        yield "", answer.value, None

    def _from_cells(self, cells: Sequence[Cell]) -> Answer:
        return Answer(cells[0][1])


SKIPPED = Answer(None)


def parse_int(value: str) -> int | None:
    """Read a whole number typed with or without thousands spaces; None if it is not one."""
    compact = value.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if re.fullmatch(r"[+-]?\d{1,12}", compact):
        return int(compact)
    return None


def numbers_problem(kind: ComparisonKind, value: str | int | bool, question_id: str) -> str | None:
    """The comparison problem of a question whose answers are whole numbers."""
    if kind == "contains":
        return "'contains' needs a multiple-choice question"
    if isinstance(value, bool) or not isinstance(value, int):
        return f"question {question_id!r} takes whole numbers"
    return None


YES = Phrase("yes")
NO = Phrase("no")
