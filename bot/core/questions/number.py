"""Number: a whole number, typed, between optional bounds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import model_validator

from bot.core.answers import Answer, Invalid, Problem
from bot.core.questions.base import (
    FigureKind,
    ParseContext,
    WholeNumberQuestion,
    parse_int,
)
from bot.core.wording import Phrase, Words


class Number(WholeNumberQuestion):
    """A whole number, typed, between `min` and `max`."""

    type: Literal["number"]
    min: int | None = None
    max: int | None = None

    figure_kind = FigureKind.QUANTITY

    @model_validator(mode="after")
    def _bounds(self) -> Number:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        return self

    def parse(self, raw: str, context: ParseContext) -> Answer | Invalid:
        """A whole number within the bounds."""
        number = parse_int(raw)
        if (
            number is None
            or (self.min is not None and number < self.min)
            or (self.max is not None and number > self.max)
        ):
            return self._refusal()
        return Answer(number)

    def _refusal(self) -> Invalid:
        low, high = self.min, self.max
        if low is not None and high is not None:
            return Invalid(Problem.NUMBER_BETWEEN, {"low": low, "high": high})
        if low is not None:
            return Invalid(Problem.NUMBER_MIN, {"low": low})
        if high is not None:
            return Invalid(Problem.NUMBER_MAX, {"high": high})
        return Invalid(Problem.NUMBER)

    def counted(self, raw: Mapping[str, int]) -> dict[str, int]:
        """A count per value given, smallest first."""
        return dict(sorted(raw.items(), key=lambda kv: int(kv[0])))

    def score_problem(self) -> str | None:
        """The number is the value."""
        return None

    def score_value(self, answer: Answer) -> float | None:
        """The number given."""
        value = answer.value
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def hint(self) -> Words:
        """Type a number."""
        return (Phrase("hint_type_number"),)
