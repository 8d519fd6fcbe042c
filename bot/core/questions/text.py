"""Free text: a typed text of at most `max_length` characters, optionally of a given form.

A `pattern` (a Python regular expression that the whole answer must match, run by RE2 in time
linear in the answer's length: see `bot/core/patterns.py`) makes the text one of a given form:
a postcode, a member number. An answer that does not match is refused with the survey's own
`pattern_error`, since only the survey knows what its pattern asks for. Everything else is that
of any free text: stored as typed, counted, and exported as text.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from typing import Literal

from pydantic import Field, field_validator, model_validator

from bot.core.answers import Answer, Invalid, Problem
from bot.core.patterns import compile_pattern
from bot.core.questions.base import (
    Cell,
    ComparisonKind,
    ExportColumn,
    FigureKind,
    ParseContext,
    QuestionBase,
)
from bot.core.wording import LocalText, Phrase, Words


class TextProblem(enum.StrEnum):
    """Why a typed text is refused, beyond the shared problems."""

    PATTERN = "pattern"
    """Not of the form the pattern asks for (the survey's `pattern_error` says which)."""


class FreeText(QuestionBase):
    """A typed text of at most `max_length` characters, matching `pattern` if one is given."""

    type: Literal["text"]
    max_length: int = Field(default=1000, ge=1, le=4000)
    pattern: str | None = None
    """A regular expression (Python's syntax, run by RE2) that the whole answer must match."""
    pattern_error: LocalText | None = None
    """What the respondent reads when an answer does not match: required with a pattern."""

    figure_kind = FigureKind.TEXTS

    @field_validator("pattern")
    @classmethod
    def _pattern_compiles(cls, pattern: str | None) -> str | None:
        if pattern is None:
            return None
        if not pattern:
            raise ValueError("the pattern is empty")
        compile_pattern(pattern)  # a PatternError is a ValueError, with the reason in words
        return pattern

    @model_validator(mode="after")
    def _pattern_explained(self) -> FreeText:
        if self.pattern is not None and self.pattern_error is None:
            raise ValueError(
                "pattern_error: give the message shown when an answer does not match the pattern"
            )
        if self.pattern is None and self.pattern_error is not None:
            raise ValueError("pattern_error: only a question with a pattern has one")
        return self

    def local_texts(self) -> Iterator[tuple[str, LocalText]]:
        """Yield (field, text) for every user-visible text, the pattern's message included."""
        yield from super().local_texts()
        if self.pattern_error is not None:
            yield "pattern_error", self.pattern_error

    def parse(self, raw: str, context: ParseContext) -> Answer | Invalid:
        """Any text that is not empty, not too long, and of the pattern's form."""
        if not raw:
            return Invalid(Problem.EMPTY)
        if len(raw) > self.max_length:
            return Invalid(Problem.TOO_LONG, {"limit": self.max_length})
        if self.pattern is not None and not compile_pattern(self.pattern).fullmatch(raw):
            return Invalid(TextProblem.PATTERN, message=self.pattern_error)
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
        """Type a text, up to the limit (the form, when a pattern asks for one, is for the
        question's own help to say)."""
        if self.pattern is not None:
            return (Phrase("hint_type_answer"),)
        return (Phrase("hint_type_text", {"limit": self.max_length}),)

    def export_columns(self) -> list[ExportColumn]:
        """One wide column."""
        return [ExportColumn(self.id, self.id, wide=True)]
