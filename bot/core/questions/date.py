"""Date: a calendar day, typed in figures, between optional bounds.

Typed day first, as every language the bot speaks writes it (fr_BE, nl_BE, de_DE and en_GB:
"11/02/2020", "11-02-2020", "11.02.2020", "11/2/2020"), or year first as ISO 8601 does
("2020-02-11"), in any language; the year has four figures, so that no date is read in the
wrong century.

Storage keeps the day as a whole number, the days since 1970-01-01, in the answers' number
column: a day and nothing finer (no time of day), and SQL sorts and counts it like any number.
Figures count the days per month (keys 'YYYY-MM') and give the median day; exports give the
ISO date ("2020-02-11"), the workbook a date cell.
"""

from __future__ import annotations

import enum
import math
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any, Literal

from pydantic import field_validator, model_validator

from bot.core.answers import Answer, Invalid
from bot.core.questions.base import (
    Cell,
    ComparisonKind,
    ExportCell,
    ExportColumn,
    FigureKind,
    ParseContext,
    QuestionBase,
    SheetValue,
)
from bot.core.wording import Amount, Day, Phrase, Words

EPOCH = date(1970, 1, 1)
"""Day 0 of the stored day numbers."""

_YEAR_FIRST = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})")
_AROUND_SEPARATORS = re.compile(r"\s*([-/.])\s*")


class DateProblem(enum.StrEnum):
    """Why a typed input is not a date answer; said as the message `error_<code>`."""

    DATE = "date"
    DATE_BETWEEN = "date_between"  # low, high
    DATE_MIN = "date_min"  # low
    DATE_MAX = "date_max"  # high


def parse_date(raw: str) -> date | None:
    """Read a day typed day first ("11/02/2020", "11-2-2020", "11.02.2020") or year first
    ("2020-02-11"); None when it is not a day of the calendar."""
    compact = _AROUND_SEPARATORS.sub(r"\1", raw.strip())
    if match := _YEAR_FIRST.fullmatch(compact):
        year, month, day = match.group(1), match.group(3), match.group(4)
    elif match := _DAY_FIRST.fullmatch(compact):
        day, month, year = match.group(1), match.group(3), match.group(4)
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def day_number(day: date) -> int:
    """The stored number of a day: days since 1970-01-01."""
    return (day - EPOCH).days


def from_day_number(number: float) -> date:
    """The day of a stored number (a fraction, as a median may have, is rounded down)."""
    return EPOCH + timedelta(days=math.floor(number))


def month_key(day: date) -> str:
    """The key under which figures count a day: its month, 'YYYY-MM'."""
    return f"{day.year:04d}-{day.month:02d}"


class DateQuestion(QuestionBase):
    """A day, typed, between `min` and `max` (ISO dates in the file: `min = 2020-01-01`)."""

    type: Literal["date"]
    min: date | None = None
    max: date | None = None

    figure_kind = FigureKind.DATES

    @field_validator("min", "max", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        # Without this, pydantic would read a number as seconds since 1970, and a time of day
        # would be dropped.
        if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise ValueError("give a day as an ISO date, e.g. 2020-02-11 (no quotes, no time)")

    @model_validator(mode="after")
    def _bounds(self) -> DateQuestion:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is later than max ({self.max})")
        return self

    def parse(self, raw: str, context: ParseContext) -> Answer | Invalid:
        """A day within the bounds (what is not a day is refused with the form to type)."""
        day = parse_date(raw)
        if day is None:
            return Invalid(DateProblem.DATE)
        if (self.min is not None and day < self.min) or (self.max is not None and day > self.max):
            return self._out_of_bounds()
        return Answer(day)

    def _out_of_bounds(self) -> Invalid:
        low, high = self.min, self.max
        if low is not None and high is not None:
            return Invalid(DateProblem.DATE_BETWEEN, {"low": low, "high": high})
        if low is not None:
            return Invalid(DateProblem.DATE_MIN, {"low": low})
        if high is not None:
            return Invalid(DateProblem.DATE_MAX, {"high": high})
        return Invalid(DateProblem.DATE)

    def comparison_problem(self, kind: ComparisonKind, value: str | int | bool) -> str | None:
        """Dates are not compared by conditions."""
        if kind == "contains":
            return "'contains' needs a multiple-choice question"
        return (
            f"question {self.id!r} takes dates, which conditions do not compare "
            "(a condition looks at a choice, yes/no or a whole number)"
        )

    def _cells(self, answer: Answer) -> Iterator[Cell]:
        assert isinstance(answer.value, date)
        yield "", day_number(answer.value), None

    def _from_cells(self, cells: Sequence[Cell]) -> Answer:
        number = cells[0][1]
        assert number is not None
        return Answer(from_day_number(number))

    def counted(self, raw: Mapping[str, int]) -> dict[str, int]:
        """A count per month with answers ('YYYY-MM'), earliest first."""
        months: Counter[str] = Counter()
        for key, n in raw.items():
            months[month_key(from_day_number(float(key)))] += n
        return dict(sorted(months.items()))

    def value_words(self, key: str) -> Words:
        """A counted month ('YYYY-MM'), written out in the reader's locale."""
        year, month = key.split("-")
        return (Day(date(int(year), int(month), 1), month=True),)

    def statistic(self, value: float) -> Amount | Day:
        """The median day (of two middle days, the one halfway, rounded down)."""
        return Day(from_day_number(value))

    def answer_words(self, answer: Answer) -> Words:
        """The day, written out in the reader's locale."""
        assert isinstance(answer.value, date)
        return (Day(answer.value),)

    def hint(self) -> Words:
        """Type a date, day first."""
        return (Phrase("hint_type_date"),)

    def typing_hint(self) -> Words:
        """The form of a date, in the reader's language ("[dd/mm/yyyy]")."""
        return (Phrase("hint_typing_date"),)

    def export_value(self, answer: Answer, column: ExportColumn) -> ExportCell:
        """The ISO date, 'YYYY-MM-DD'."""
        assert isinstance(answer.value, date)
        return answer.value.isoformat()

    def sheet_value(self, answer: Answer, column: ExportColumn) -> SheetValue:
        """A date cell."""
        assert isinstance(answer.value, date)
        return answer.value
