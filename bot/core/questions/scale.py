"""Scale: a rating from `min` to `max` (e.g. 1-5 or 0-10), with labels for both ends."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Literal

from pydantic import model_validator

from bot.core.answers import Answer, Invalid, Problem
from bot.core.questions.base import (
    Button,
    Buttons,
    Cell,
    ComparisonKind,
    FigureKind,
    ParseContext,
    QuestionBase,
    numbers_problem,
    parse_int,
)
from bot.core.wording import LocalText, Piece, Words

MAX_POINTS = 11
BUTTONS_PER_ROW = 6


class Scale(QuestionBase):
    """A rating from `min` to `max`, answered with one button per point."""

    type: Literal["scale"]
    min: int = 1
    max: int = 5
    min_label: LocalText | None = None
    max_label: LocalText | None = None

    figure_kind = FigureKind.RATING

    @model_validator(mode="after")
    def _bounds(self) -> Scale:
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be less than max ({self.max})")
        if self.max - self.min > MAX_POINTS - 1:
            raise ValueError(f"a scale has at most {MAX_POINTS} points")
        return self

    @property
    def points(self) -> range:
        """The values of the scale, lowest first."""
        return range(self.min, self.max + 1)

    def local_texts(self) -> Iterator[tuple[str, LocalText]]:
        """Yield (field, text) for every user-visible text, end labels included."""
        yield from super().local_texts()
        if self.min_label is not None:
            yield "min_label", self.min_label
        if self.max_label is not None:
            yield "max_label", self.max_label

    def _refusal(self) -> Invalid:
        return Invalid(Problem.SCALE, {"low": self.min, "high": self.max})

    def parse(self, raw: str, context: ParseContext) -> Answer | Invalid:
        """A whole number on the scale."""
        number = parse_int(raw)
        if number is None or number not in self.points:
            return self._refusal()
        return Answer(number)

    def choose(self, values: Sequence[str], context: ParseContext) -> Answer | Invalid:
        """The point of the button pressed."""
        if len(values) == 1:
            return self.parse(values[0], context)
        return self._refusal()

    def comparison_problem(self, kind: ComparisonKind, value: str | int | bool) -> str | None:
        """Conditions compare with whole numbers."""
        return numbers_problem(kind, value, self.id)

    def _cells(self, answer: Answer) -> Iterator[Cell]:
        assert isinstance(answer.value, int)
        yield "", answer.value, None

    def _from_cells(self, cells: Sequence[Cell]) -> Answer:
        return Answer(cells[0][1])

    def counted(self, raw: Mapping[str, int]) -> dict[str, int]:
        """A count per point, lowest first."""
        return {str(v): raw.get(str(v), 0) for v in self.points}

    def end_label(self, key: str) -> LocalText | None:
        """The label of the lowest or highest point."""
        if key == str(self.min):
            return self.min_label
        if key == str(self.max):
            return self.max_label
        return None

    def hint(self) -> Words | None:
        """What the two ends mean."""
        ends: list[Words] = []
        if self.min_label is not None:
            ends.append((f"{self.min} = ", self.min_label))
        if self.max_label is not None:
            ends.append((f"{self.max} = ", self.max_label))
        if not ends:
            return None
        words: list[Piece] = list(ends[0])
        for end in ends[1:]:
            words += [" · ", *end]
        return tuple(words)

    def buttons(self, seed: str = "") -> Buttons:
        """One button per point, up to six to a row."""
        choices = tuple(Button(str(v), (str(v),)) for v in self.points)
        return Buttons(choices, per_row=min(len(choices), BUTTONS_PER_ROW))

    def typing_hint(self) -> Words:
        """The range of the scale."""
        return (f"[{self.min}-{self.max}]",)
