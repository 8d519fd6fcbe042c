"""Scale: a rating from `min` to `max` by `step` (1-5, 0-10, 0-100 by 10), with labels for
both ends or for every point.

A scale is answered with one button per point, so its points must fit in one Telegram
keyboard: at most 100 buttons, two of which are kept for back and skip. Typed input is a
point's number, or its label (in the session's language) when the points are labelled.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Literal

from pydantic import Field, model_validator

from bot.core.answers import Answer, Invalid, Problem
from bot.core.questions.base import (
    Button,
    Buttons,
    FigureKind,
    Listed,
    ParseContext,
    WholeNumberQuestion,
    parse_int,
)
from bot.core.wording import LocalText, Piece, Words

KEYBOARD_BUTTONS = 100
"""The most buttons a Telegram inline keyboard carries."""
NAVIGATION_BUTTONS = 2
"""Back and skip, under the points."""
MAX_POINTS = KEYBOARD_BUTTONS - NAVIGATION_BUTTONS
ROW_BUTTONS = 8
"""The most buttons Telegram puts in one row."""
DASH = " \u2013 "


class ScaleProblem(enum.StrEnum):
    """Refusals of the scale's own; said as `error_<code>`."""

    STEP = "scale_step"  # low, high, step


class Scale(WholeNumberQuestion):
    """A rating from `min` to `max` by `step`, answered with one button per point."""

    type: Literal["scale"]
    min: int = 1
    max: int = 5
    step: int = Field(default=1, ge=1)
    min_label: LocalText | None = None
    max_label: LocalText | None = None
    labels: list[LocalText] | None = None
    """One label per point, lowest first (instead of `min_label` and `max_label`)."""

    figure_kind = FigureKind.RATING

    @model_validator(mode="after")
    def _bounds(self) -> Scale:
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be less than max ({self.max})")
        span = self.max - self.min
        if span % self.step:
            raise ValueError(f"step: max - min ({span}) must be a multiple of step ({self.step})")
        count = len(self.points)
        if count > MAX_POINTS:
            raise ValueError(
                f"a scale has at most {MAX_POINTS} points (a Telegram keyboard carries "
                f"{KEYBOARD_BUTTONS} buttons, back and skip included), and this one has {count}: "
                "raise step or narrow min and max"
            )
        if self.labels is not None:
            self._check_labels(count)
        return self

    def _check_labels(self, count: int) -> None:
        assert self.labels is not None
        if self.min_label is not None or self.max_label is not None:
            raise ValueError(
                "labels: give a label for every point, or min_label and max_label, not both"
            )
        if len(self.labels) != count:
            raise ValueError(
                f"labels: the scale has {count} points ({self._range_words()}) and "
                f"{len(self.labels)} labels; give one label per point, lowest first"
            )
        for value, label in zip(self.points, self.labels, strict=True):
            for said in label.values() if isinstance(label, dict) else [label]:
                number = parse_int(said)
                if number is not None and number != value and number in self.points:
                    raise ValueError(
                        f"labels: the label {said!r} of point {value} is the number of point "
                        f"{number}; typing it would be ambiguous"
                    )

    def _range_words(self) -> str:
        words = f"{self.min} to {self.max}"
        return words if self.step == 1 else f"{words} by {self.step}"

    @property
    def points(self) -> range:
        """The values of the scale, lowest first."""
        return range(self.min, self.max + 1, self.step)

    def _label(self, value: int) -> LocalText | None:
        """The label of a point, when every point has one."""
        if self.labels is None or value not in self.points:
            return None
        return self.labels[self.points.index(value)]

    def local_texts(self) -> Iterator[tuple[str, LocalText]]:
        """Yield (field, text) for every user-visible text, labels included."""
        yield from super().local_texts()
        if self.min_label is not None:
            yield "min_label", self.min_label
        if self.max_label is not None:
            yield "max_label", self.max_label
        for value, label in zip(self.points, self.labels or (), strict=False):
            yield f"labels (point {value})", label

    def _refusal(self) -> Invalid:
        if self.step > 1:
            return Invalid(
                ScaleProblem.STEP, {"low": self.min, "high": self.max, "step": self.step}
            )
        return Invalid(Problem.SCALE, {"low": self.min, "high": self.max})

    def parse(self, raw: str, context: ParseContext) -> Answer | Invalid:
        """A point's number, or its label."""
        number = parse_int(raw)
        if number is not None and number in self.points:
            return Answer(number)
        wanted = raw.casefold()
        for value, label in zip(self.points, self.labels or (), strict=False):
            if wanted == context.local(label).casefold():
                return Answer(value)
        return self._refusal()

    def choose(self, values: Sequence[str], context: ParseContext) -> Answer | Invalid:
        """The point of the button pressed."""
        number = parse_int(values[0]) if len(values) == 1 else None
        if number is None or number not in self.points:
            return self._refusal()
        return Answer(number)

    def counted(self, raw: Mapping[str, int]) -> dict[str, int]:
        """A count per point, lowest first."""
        return {str(v): raw.get(str(v), 0) for v in self.points}

    def ordinal(self, key: str) -> float | None:
        """The point itself."""
        return float(key)

    def value_words(self, key: str) -> Words:
        """The point's number, with its label when the points are labelled."""
        number = parse_int(key)
        label = None if number is None else self._label(number)
        return (key,) if label is None else (key, DASH, label)

    def end_label(self, key: str) -> LocalText | None:
        """The label of the point: any point when they are labelled, else the two ends."""
        number = parse_int(key)
        if self.labels is not None:
            return None if number is None else self._label(number)
        if key == str(self.min):
            return self.min_label
        if key == str(self.max):
            return self.max_label
        return None

    def score_problem(self) -> str | None:
        """Every point is a value."""
        return None

    def score_value(self, answer: Answer) -> float | None:
        """The point, or its mirror for a reverse-keyed item."""
        if not isinstance(answer.value, int):
            return None
        return self.min + self.max - answer.value if self.reverse else answer.value

    def answer_words(self, answer: Answer) -> Words:
        """The point's label, or its number."""
        label = self._label(answer.value) if isinstance(answer.value, int) else None
        return (str(answer.value),) if label is None else (label,)

    def hint(self) -> Words | None:
        """What the two ends mean (labelled points say it on their buttons)."""
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
        """One button per point: labelled points one to a row, numbers in even rows."""
        if self.labels is not None:
            labelled = zip(self.points, self.labels, strict=True)
            return Buttons(tuple(Button(str(v), (label,)) for v, label in labelled))
        choices = tuple(Button(str(v), (str(v),)) for v in self.points)
        return Buttons(choices, per_row=_row_width(len(choices), self.min, self.max))

    def listing(self, seed: str = "") -> Sequence[Listed]:
        """Labelled points, with the number to type."""
        if self.labels is None:
            return ()
        return [Listed(str(v), label) for v, label in zip(self.points, self.labels, strict=True)]

    def typing_hint(self) -> Words:
        """The range of the scale, and its step."""
        if self.step == 1:
            return (f"[{self.min}-{self.max}]",)
        return (f"[{self.min}, {self.min + self.step} … {self.max}]",)


def _row_width(count: int, low: int, high: int) -> int:
    """Buttons per row: as many rows as needed for the longest number, evenly filled."""
    longest = max(len(str(low)), len(str(high)))
    most = ROW_BUTTONS if longest <= 2 else 6 if longest <= 4 else 4
    rows = math.ceil(count / most)
    return math.ceil(count / rows)
