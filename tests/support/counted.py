"""Figures as counted: the store's and the core's, before the results service hides any."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from bot.core.figures import Hidden, QuestionFigures, ScoreFigures

F = TypeVar("F", QuestionFigures, ScoreFigures)


def counted(figures: Iterable[F | Hidden]) -> list[F]:
    """These figures, checked to be none of them hidden."""
    result: list[F] = []
    for f in figures:
        assert not isinstance(f, Hidden), f
        result.append(f)
    return result
