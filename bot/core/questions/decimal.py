"""Decimal: a number with a fractional part, typed with a comma or a point, between bounds.

"12,5" and "12.5" are the same answer in every language (a thousands separator other than a
space would be ambiguous: "1.250" is 1.25 in English and 1250 in Dutch, so neither '.' nor ','
is ever read as one). Storage keeps the value in the number column, which SQLite holds as a
REAL; answers are floats. Figures are those of whole numbers: mean, median and a histogram.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Literal

from pydantic import field_validator, model_validator

from bot.core.answers import Answer, Invalid
from bot.core.questions.base import (
    Cell,
    ComparisonKind,
    FigureKind,
    ParseContext,
    QuestionBase,
)
from bot.core.wording import Amount, Day, Phrase, Words

MAX_DECIMALS = 6
"""The most digits after the separator, and how many are kept when `decimals` is not set."""
MAX_DIGITS = 15
"""The most significant digits of an answer: a float keeps up to 15 exactly."""
STATISTIC_DECIMALS = 2
"""Digits of a mean or median when the question does not set `decimals`."""

DASH = "\u2013"
"""An en dash, between the bounds."""

_DECIMAL = re.compile(r"([+-]?)(\d*)(?:[.,](\d*))?")
_SPACES = str.maketrans("", "", " \u00a0\u202f")


class DecimalProblem(enum.StrEnum):
    """Why a typed input is not a decimal answer; said as the message `error_<code>`."""

    DECIMAL = "decimal"
    DECIMAL_BETWEEN = "decimal_between"  # low, high
    DECIMAL_MIN = "decimal_min"  # low
    DECIMAL_MAX = "decimal_max"  # high
    DECIMAL_PLACES = "decimal_places"  # places


def parse_decimal(raw: str) -> tuple[float, int] | None:
    """Read a number typed with a comma or a point (and thousands spaces, as whole numbers
    may have): the value and its count of digits after the separator, trailing zeros left out;
    None when it is not a number."""
    match = _DECIMAL.fullmatch(raw.translate(_SPACES))
    if match is None:
        return None
    sign, whole, fraction = match.group(1), match.group(2), (match.group(3) or "").rstrip("0")
    if not whole and not match.group(3):
        return None
    if len(whole.lstrip("0")) + len(fraction) > MAX_DIGITS:
        return None
    return float(f"{sign}{whole or '0'}.{fraction or '0'}"), len(fraction)


class DecimalNumber(QuestionBase):
    """A decimal number, typed, between `min` and `max`, with at most `decimals` digits after
    the separator."""

    type: Literal["decimal"]
    min: float | None = None
    max: float | None = None
    decimals: int | None = None
    """The most digits after the separator (at most MAX_DECIMALS, the default)."""

    figure_kind = FigureKind.QUANTITY

    @field_validator("decimals")
    @classmethod
    def _decimals(cls, decimals: int | None) -> int | None:
        if decimals is not None and not 1 <= decimals <= MAX_DECIMALS:
            raise ValueError(
                f"give from 1 to {MAX_DECIMALS} digits after the separator "
                '(type = "number" takes whole numbers)'
            )
        return decimals

    @model_validator(mode="after")
    def _bounds(self) -> DecimalNumber:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min:g}) is greater than max ({self.max:g})")
        return self

    @property
    def places(self) -> int:
        """The most digits accepted after the separator."""
        return MAX_DECIMALS if self.decimals is None else self.decimals

    def parse(self, raw: str, context: ParseContext) -> Answer | Invalid:
        """A number within the bounds, with no more decimals than allowed."""
        parsed = parse_decimal(raw)
        if parsed is None:
            return self._refusal()
        number, places = parsed
        if places > self.places:
            return Invalid(DecimalProblem.DECIMAL_PLACES, {"places": self.places})
        if (self.min is not None and number < self.min) or (
            self.max is not None and number > self.max
        ):
            return self._refusal()
        return Answer(number)

    def _refusal(self) -> Invalid:
        low, high = self.min, self.max
        if low is not None and high is not None:
            return Invalid(DecimalProblem.DECIMAL_BETWEEN, {"low": low, "high": high})
        if low is not None:
            return Invalid(DecimalProblem.DECIMAL_MIN, {"low": low})
        if high is not None:
            return Invalid(DecimalProblem.DECIMAL_MAX, {"high": high})
        return Invalid(DecimalProblem.DECIMAL)

    def comparison_problem(self, kind: ComparisonKind, value: str | int | bool) -> str | None:
        """Decimals are measures, not categories: no condition compares them."""
        if kind == "contains":
            return "'contains' needs a multiple-choice question"
        return (
            f"question {self.id!r} takes decimal numbers, which conditions do not compare "
            "(a condition looks at a choice, yes/no or a whole number)"
        )

    def _cells(self, answer: Answer) -> Iterator[Cell]:
        assert isinstance(answer.value, float)
        yield "", answer.value, None

    def _from_cells(self, cells: Sequence[Cell]) -> Answer:
        number = cells[0][1]
        assert number is not None
        return Answer(float(number))

    def counted(self, raw: Mapping[str, int]) -> dict[str, int]:
        """A count per value given, smallest first."""
        return dict(sorted(raw.items(), key=lambda kv: float(kv[0])))

    def value_words(self, key: str) -> Words:
        """A counted value, in the reader's locale."""
        return (Amount(float(key), MAX_DECIMALS),)

    def statistic(self, value: float) -> Amount | Day:
        """A mean or median, to the question's decimals (two when it sets none)."""
        return Amount(value, STATISTIC_DECIMALS if self.decimals is None else self.decimals)

    def answer_words(self, answer: Answer) -> Words:
        """The number, in the reader's locale."""
        assert isinstance(answer.value, float)
        return (Amount(answer.value, MAX_DECIMALS),)

    def hint(self) -> Words:
        """Type a number; a comma or a point will do."""
        return (Phrase("hint_type_decimal"),)

    def typing_hint(self) -> Words | None:
        """The bounds, when there are any."""
        if self.min is None and self.max is None:
            return None
        ends = [
            "…" if bound is None else Amount(bound, MAX_DECIMALS) for bound in (self.min, self.max)
        ]
        return ("[", ends[0], f" {DASH} ", ends[1], "]")
