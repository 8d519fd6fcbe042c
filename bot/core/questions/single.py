"""Single choice: pick exactly one option, with a button or by typing it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Literal

from pydantic import model_validator

from bot.core.answers import Answer, Invalid, Problem
from bot.core.questions.base import (
    Button,
    Buttons,
    Cell,
    ComparisonKind,
    ExportColumn,
    ParseContext,
    SheetValue,
)
from bot.core.questions.choice import ChoiceQuestion
from bot.core.wording import Words


class SingleChoice(ChoiceQuestion):
    """Pick exactly one option."""

    type: Literal["single"]

    can_break_down: ClassVar[bool] = True

    @model_validator(mode="after")
    def _no_exclusive(self) -> SingleChoice:
        exclusive = next((o for o in self.options if o.exclusive), None)
        if exclusive is not None:
            raise ValueError(
                f"options: option {exclusive.id!r} is exclusive, which only a multiple-choice "
                "question needs (one option of a single choice is always picked alone)"
            )
        return self

    def choose(self, values: Sequence[str], context: ParseContext) -> Answer | Invalid:
        """Exactly one known option."""
        picked = self._known(values)
        if picked is None or len(picked) != 1:
            return Invalid(Problem.CHOOSE_OPTION)
        return Answer(picked[0])

    def comparison_problem(self, kind: ComparisonKind, value: str | int | bool) -> str | None:
        """'equals' and 'in' compare with an option id."""
        if kind == "contains":
            return "'contains' needs a multiple-choice question"
        return super().comparison_problem(kind, value)

    def _from_cells(self, cells: Sequence[Cell]) -> Answer:
        item, _, other = cells[0]
        return Answer(item, other)

    def score_problem(self) -> str | None:
        """Every option needs a value."""
        if any(o.value is None for o in self.options):
            return "give every option a value to score this question"
        return None

    def score_value(self, answer: Answer) -> float | None:
        """The option's value, or its mirror for a reverse-keyed item."""
        option = self.option(answer.value) if isinstance(answer.value, str) else None
        if option is None or option.value is None:
            return None
        if not self.reverse:
            return option.value
        values = [o.value for o in self.options if o.value is not None]
        return min(values) + max(values) - option.value

    def ordinal(self, key: str) -> float | None:
        """The option's value, when options have values."""
        option = self.option(key)
        return None if option is None else option.value

    def buttons(self, seed: str = "") -> Buttons:
        """One option per row, in the order shown to the session."""
        return Buttons(tuple(Button(o.id, (o.label,)) for o in self.shown(seed)))

    def typing_hint(self) -> Words | None:
        """The positions of the options, when they are typed by position."""
        return (f"[1-{len(self.options)}]",) if self.numbered else None

    def sheet_value(self, answer: Answer, column: ExportColumn) -> SheetValue:
        """The option's label."""
        if column.other or not isinstance(answer.value, str):
            return super().sheet_value(answer, column)
        option = self.option(answer.value)
        return option.label if option is not None else answer.value
