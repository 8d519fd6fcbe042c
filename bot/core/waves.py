"""Two waves of a survey side by side: which questions they share, and the change between them.

Pure: it takes each wave's questions and the figures that may be shown of each (each wave went
through `bot.core.release` on its own, with its own threshold), and never sees a count that
was hidden. A change is computed only where both waves' figures are shown, from those shown
figures alone: no subtraction between waves reaches a figure of fewer than `min_group_size`
answers.

Compatible questions (`compatibility`): the same id and the same type, and
- choice questions (single, multiple, yes/no): the same option ids (the order may differ; the
  later wave's is shown); the change is in percentage points of those who answered;
- scales: the same points (same min and max); the change is the difference of the means;
- numbers (whole or decimal): the bounds may differ; the change is the difference of the means
  and of the medians;
- dates and free texts are never compared.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.core.figures import Figures, Hidden, QuestionFigures
from bot.core.questions import Question
from bot.core.questions.base import FigureKind


class Match(enum.Enum):
    """How a question of one wave stands to the other wave."""

    COMPARED = "compared"
    """In both waves, compatible: shown side by side with the change."""
    DIFFERS = "differs"
    """In both waves under one id, but not comparable (`Difference` says why)."""
    NEW = "new"
    """In the later wave only."""
    GONE = "gone"
    """In the earlier wave only."""


class Difference(enum.Enum):
    """Why a question both waves have is not compared."""

    TYPE = "type"
    OPTIONS = "options"
    SCALE = "scale"
    """A scale of other points (min or max)."""
    DATES = "dates"
    TEXTS = "texts"


@dataclass(frozen=True)
class Change:
    """The change from the earlier wave to the later one, over shown figures only."""

    points: Mapping[str, float]
    """Per counted value (option, yes/no, scale point): the later share minus the earlier one,
    in percentage points of those who answered. Empty for numbers."""
    mean: float | None = None
    """The later mean minus the earlier one (scales and numbers)."""
    median: float | None = None
    """The later median minus the earlier one (numbers)."""


@dataclass(frozen=True)
class QuestionWaves:
    """One question in the two waves."""

    question_id: str
    match: Match
    earlier: QuestionFigures | Hidden | None
    """The earlier wave's figures (None: not in the earlier wave)."""
    later: QuestionFigures | Hidden | None
    """The later wave's figures (None: not in the later wave)."""
    difference: Difference | None = None
    """Why the question is not compared (`Match.DIFFERS`)."""
    change: Change | None = None
    """None unless compared and shown in both waves."""


@dataclass(frozen=True)
class WaveFigures:
    """The two waves side by side: the later wave's questions in its order, then those only
    the earlier wave had, in its order."""

    earlier_included: int
    later_included: int
    questions: tuple[QuestionWaves, ...]

    def of(self, question_id: str) -> QuestionWaves | None:
        """This question's row, if either wave has it."""
        return next((q for q in self.questions if q.question_id == question_id), None)


def compatibility(earlier: Question, later: Question) -> Difference | None:
    """Why two questions of one id cannot be compared; None when they can."""
    if earlier.type != later.type:
        return Difference.TYPE
    match later.figure_kind:
        case FigureKind.CHOICES:
            same = set(earlier.counted({})) == set(later.counted({}))
            return None if same else Difference.OPTIONS
        case FigureKind.RATING:
            same = list(earlier.counted({})) == list(later.counted({}))
            return None if same else Difference.SCALE
        case FigureKind.QUANTITY:
            return None
        case FigureKind.DATES:
            return Difference.DATES
        case FigureKind.TEXTS:
            return Difference.TEXTS


def compare(
    earlier: Sequence[Question],
    earlier_figures: Figures,
    later: Sequence[Question],
    later_figures: Figures,
) -> WaveFigures:
    """Both waves' shown figures side by side, with the change where both are shown."""
    before = dict(zip((q.id for q in earlier), earlier_figures.questions, strict=True))
    earlier_by_id = {q.id: q for q in earlier}
    rows: list[QuestionWaves] = []
    for question, figures in zip(later, later_figures.questions, strict=True):
        other = earlier_by_id.get(question.id)
        if other is None:
            rows.append(QuestionWaves(question.id, Match.NEW, None, figures))
            continue
        previous = before[question.id]
        difference = compatibility(other, question)
        if difference is not None:
            rows.append(QuestionWaves(question.id, Match.DIFFERS, previous, figures, difference))
            continue
        change = question_change(question, previous, figures)
        rows.append(QuestionWaves(question.id, Match.COMPARED, previous, figures, None, change))
    later_ids = {q.id for q in later}
    rows += [
        QuestionWaves(q.id, Match.GONE, before[q.id], None)
        for q in earlier
        if q.id not in later_ids
    ]
    return WaveFigures(earlier_figures.included, later_figures.included, tuple(rows))


def question_change(
    question: Question, earlier: QuestionFigures | Hidden, later: QuestionFigures | Hidden
) -> Change | None:
    """The change of one compatible question; None unless both waves' figures are shown."""
    if not isinstance(earlier, QuestionFigures) or not isinstance(later, QuestionFigures):
        return None
    if not earlier.answered or not later.answered:
        return None
    mean = _difference(later.mean, earlier.mean) if question.has_mean else None
    match question.figure_kind:
        case FigureKind.CHOICES | FigureKind.RATING:
            points = {
                key: 100 * later.counts.get(key, 0) / later.answered
                - 100 * earlier.counts.get(key, 0) / earlier.answered
                for key in later.counts
            }
            return Change(points, mean)
        case FigureKind.QUANTITY:
            return Change({}, mean, _difference(later.median, earlier.median))
        case FigureKind.DATES | FigureKind.TEXTS:
            return None


def _difference(later: float | None, earlier: float | None) -> float | None:
    return None if later is None or earlier is None else later - earlier
