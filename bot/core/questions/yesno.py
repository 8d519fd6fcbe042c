"""Yes or no."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Literal

from bot.core.answers import Answer, Invalid, Problem
from bot.core.questions.base import (
    NO,
    YES,
    Button,
    Buttons,
    Cell,
    ComparisonKind,
    ExportCell,
    ExportColumn,
    FigureKind,
    ParseContext,
    QuestionBase,
    SheetValue,
)
from bot.core.wording import Words


class YesNo(QuestionBase):
    """Yes or no, with two buttons or a typed word."""

    type: Literal["yesno"]

    figure_kind = FigureKind.CHOICES

    def parse(self, raw: str, context: ParseContext) -> Answer | Invalid:
        """A word for yes or no, in any language."""
        word = raw.casefold()
        for value, words in context.yes_no_words.items():
            if word in words:
                return Answer(value)
        return Invalid(Problem.YES_NO)

    def choose(self, values: Sequence[str], context: ParseContext) -> Answer | Invalid:
        """The 'yes' or 'no' button."""
        if len(values) == 1 and values[0] in ("yes", "no"):
            return Answer(values[0] == "yes")
        return Invalid(Problem.YES_NO)

    def comparison_problem(self, kind: ComparisonKind, value: str | int | bool) -> str | None:
        """Conditions compare with true or false."""
        if kind == "contains":
            return "'contains' needs a multiple-choice question"
        if not isinstance(value, bool):
            return f"question {self.id!r} is yes/no: compare with true or false"
        return None

    def _cells(self, answer: Answer) -> Iterator[Cell]:
        yield "", int(bool(answer.value)), None

    def _from_cells(self, cells: Sequence[Cell]) -> Answer:
        return Answer(bool(cells[0][1]))

    def counted(self, raw: Mapping[str, int]) -> dict[str, int]:
        """How many said yes, and no."""
        return {"yes": raw.get("1", 0), "no": raw.get("0", 0)}

    def value_words(self, key: str) -> Words:
        """'yes' or 'no' in the reader's language."""
        return (YES,) if key == "yes" else (NO,) if key == "no" else (key,)

    def answer_words(self, answer: Answer) -> Words:
        """Yes or no."""
        return (YES if answer.value else NO,)

    def score_problem(self) -> str | None:
        """Yes counts 1, no 0."""
        return None

    def score_value(self, answer: Answer) -> float | None:
        """1 for yes, 0 for no (reversed for a reverse-keyed item)."""
        if not isinstance(answer.value, bool):
            return None
        return float(answer.value is not self.reverse)

    def ordinal(self, key: str) -> float | None:
        """No before yes."""
        return 1.0 if key == "yes" else 0.0

    def buttons(self, seed: str = "") -> Buttons:
        """Yes and no, side by side."""
        return Buttons((Button("yes", (YES,)), Button("no", (NO,))), per_row=2)

    def typing_hint(self) -> Words:
        """The two words."""
        return ("[", YES, " / ", NO, "]")

    def export_value(self, answer: Answer, column: ExportColumn) -> ExportCell:
        """'yes' or 'no'."""
        return "yes" if answer.value else "no"

    def sheet_value(self, answer: Answer, column: ExportColumn) -> SheetValue:
        """A boolean."""
        return bool(answer.value)
