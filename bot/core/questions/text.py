"""Free text: a typed text of at most `max_length` characters."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Literal

from pydantic import Field

from bot.core.answers import Answer, Invalid, Problem
from bot.core.questions.base import (
    Cell,
    ComparisonKind,
    ExportColumn,
    FigureKind,
    ParseContext,
    QuestionBase,
)
from bot.core.wording import Phrase, Words


class FreeText(QuestionBase):
    """A typed text of at most `max_length` characters."""

    type: Literal["text"]
    max_length: int = Field(default=1000, ge=1, le=4000)

    figure_kind = FigureKind.TEXTS

    def parse(self, raw: str, context: ParseContext) -> Answer | Invalid:
        """Any text that is not empty and not too long."""
        if not raw:
            return Invalid(Problem.EMPTY)
        if len(raw) > self.max_length:
            return Invalid(Problem.TOO_LONG, {"limit": self.max_length})
        return Answer(raw)

    def comparison_problem(self, kind: ComparisonKind, value: str | int | bool) -> str | None:
        """Texts are not compared."""
        if kind == "contains":
            return "'contains' needs a multiple-choice question"
        return f"question {self.id!r} is free text and cannot be a condition"

    def _cells(self, answer: Answer) -> Iterator[Cell]:
        assert isinstance(answer.value, str)
        yield "", None, answer.value

    def _from_cells(self, cells: Sequence[Cell]) -> Answer:
        return Answer(cells[0][2])

    def hint(self) -> Words:
        """Type a text, up to the limit."""
        return (Phrase("hint_type_text", {"limit": self.max_length}),)

    def export_columns(self) -> list[ExportColumn]:
        """One wide column."""
        return [ExportColumn(self.id, self.id, wide=True)]
