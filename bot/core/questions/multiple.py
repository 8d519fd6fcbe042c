"""Multiple choice: tick between `min` and `max` options, then confirm."""

from __future__ import annotations

import enum
import re
from collections.abc import Collection, Sequence
from typing import ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from bot.core.answers import Answer, Invalid, Problem
from bot.core.questions.base import (
    Button,
    Buttons,
    Cell,
    ComparisonKind,
    ExportCell,
    ExportColumn,
    Option,
    ParseContext,
    SheetValue,
)
from bot.core.questions.choice import ChoiceQuestion
from bot.core.wording import Phrase, Words


class MultipleProblem(enum.StrEnum):
    """Refusals of multiple choice's own; said as `error_<code>`."""

    EXCLUSIVE = "exclusive"  # option: the label of the option that goes alone
    TICK_NONE = "tick_none"  # count: the least number of options to tick


class MultipleChoice(ChoiceQuestion):
    """Pick several options, between `min` and `max` of them."""

    type: Literal["multiple"]
    min: int = 1
    max: int | None = Field(default=None, ge=1)

    several_values: ClassVar[bool] = True

    @field_validator("min")
    @classmethod
    def _at_least_one(cls, low: int) -> int:
        # Confirming with nothing ticked is refused; skipping is what `optional` is for.
        if low < 1:
            raise ValueError(
                "should be at least 1: people confirm their choice with at least one option "
                "ticked; to let them skip the question, write optional = true"
            )
        return low

    @model_validator(mode="after")
    def _bounds(self) -> MultipleChoice:
        if self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        if self.min > len(self.options):
            raise ValueError(f"min ({self.min}) is more than the {len(self.options)} options")
        exclusive = next((o for o in self.options if o.exclusive), None)
        if exclusive is not None and self.min > 1:
            raise ValueError(
                f"options: option {exclusive.id!r} is exclusive (picked alone), so min must be "
                f"at most 1, not {self.min}"
            )
        return self

    @property
    def max_selected(self) -> int:
        """The most options one may pick."""
        return len(self.options) if self.max is None else min(self.max, len(self.options))

    def _read(self, raw: str, context: ParseContext) -> list[Option] | None:
        """The whole input as one option, else its pieces (between commas, else words)."""
        whole = self._match(raw, context)
        if whole is not None:
            return [whole]
        picked: list[Option] = []
        for piece in filter(None, (p.strip() for p in re.split(r"[,;]+", raw))):
            option = self._match(piece, context)
            if option is not None:
                picked.append(option)
                continue
            for word in piece.split():
                option = self._match(word, context)
                if option is None:
                    return None
                picked.append(option)
        return picked

    def choose(self, values: Sequence[str], context: ParseContext) -> Answer | Invalid:
        """Between `min` (at least one) and `max` known options, kept in the list's order; an
        exclusive option only alone."""
        picked = self._known(values)
        if picked is None:
            return Invalid(Problem.CHOOSE_OPTION)
        if len(picked) > 1:
            alone = next((o for o in self.options if o.exclusive and o.id in picked), None)
            if alone is not None:
                return Invalid(MultipleProblem.EXCLUSIVE, {"option": context.local(alone.label)})
        low, high = max(self.min, 1), self.max_selected
        if not low <= len(picked) <= high:
            if low == high:
                return Invalid(Problem.PICK_EXACTLY, {"count": low})
            return Invalid(Problem.PICK_BETWEEN, {"low": low, "high": high})
        return Answer(tuple(o.id for o in self.options if o.id in picked))

    def none_ticked(self) -> Invalid:
        """The refusal of a confirm with nothing ticked: tick at least `min` (one at least)."""
        return Invalid(MultipleProblem.TICK_NONE, {"count": max(self.min, 1)})

    def comparison_problem(self, kind: ComparisonKind, value: str | int | bool) -> str | None:
        """Only 'contains' applies: an answer is a set of options."""
        if kind != "contains":
            return f"question {self.id!r} is multiple-choice: use 'contains'"
        return super().comparison_problem(kind, value)

    def _from_cells(self, cells: Sequence[Cell]) -> Answer:
        ids = {item for item, _, _ in cells}
        other = next((text for _, _, text in cells if text is not None), None)
        return Answer(tuple(o.id for o in self.options if o.id in ids), other)

    def hint(self) -> Words:
        """Several may be ticked."""
        return (Phrase("hint_pick_many"),)

    def buttons(self, seed: str = "") -> Buttons:
        """One option per row in the order shown, ticked and unticked, then a confirm button."""
        choices = tuple(Button(o.id, (o.label,)) for o in self.shown(seed))
        return Buttons(choices, several=True, most=self.max_selected)

    def toggle(self, ticked: Collection[str], value: str) -> frozenset[str]:
        """Tick or untick; an exclusive option unticks the others, and another unticks it."""
        now = frozenset(ticked) ^ {value}
        if value not in now:
            return now
        option = self.option(value)
        if option is not None and option.exclusive:
            return frozenset({value})
        return frozenset(v for v in now if not self._exclusive(v))

    def _exclusive(self, option_id: str) -> bool:
        option = self.option(option_id)
        return option is not None and option.exclusive

    def typing_hint(self) -> Words | None:
        """Option positions, separated, when they are typed by position."""
        return ("[1,3,...]",) if self.numbered else None

    def _value_columns(self) -> list[ExportColumn]:
        return [ExportColumn(f"{self.id}.{o.id}", self.id, o) for o in self.options]

    def export_value(self, answer: Answer, column: ExportColumn) -> ExportCell:
        """1 when the column's option was ticked, else 0."""
        if column.option is not None and not column.other:
            return int(column.option.id in self.chosen(answer))
        return super().export_value(answer, column)

    def sheet_value(self, answer: Answer, column: ExportColumn) -> SheetValue:
        """1 when the column's option was ticked, else 0."""
        if column.option is not None and not column.other:
            return int(column.option.id in self.chosen(answer))
        return super().sheet_value(answer, column)
