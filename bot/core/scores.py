"""Scores: a sum or mean of item values per response, as published instruments define them.

A score names its items (questions), how they combine (`sum` or `mean`), an optional
multiplier (WHO-5 multiplies its raw sum by 4) and the least number of answered items for a
score to count (the Copenhagen Burnout Inventory needs half of them). Bands name ranges of the
result ("≤ 50: poor well-being"). An item's value comes from its question type
(`QuestionBase.score_value`): the scale point, or the `value` of an option, reversed for an item
marked `reverse = true`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import Field, field_validator

from bot.core.answers import Answer
from bot.core.figures import ScoreFigures, mean_median
from bot.core.questions import Question
from bot.core.questions.base import Model, check_id
from bot.core.wording import LocalText


class Band(Model):
    """A named range of a score: every result up to `max` (inclusive) above the band before."""

    max: float
    label: LocalText


class Score(Model):
    """A score computed from the answers to several questions."""

    id: str
    label: LocalText
    items: list[str] = Field(min_length=1)
    method: Literal["sum", "mean"] = "sum"
    multiplier: float = 1
    min_answered: int | None = Field(default=None, ge=1)
    """The least number of answered items; all of them when not given."""
    bands: list[Band] = Field(default_factory=list)

    _id = field_validator("id")(check_id)

    @field_validator("bands")
    @classmethod
    def _rising(cls, bands: list[Band]) -> list[Band]:
        limits = [band.max for band in bands]
        if limits != sorted(limits) or len(set(limits)) != len(limits):
            raise ValueError("bands go from the lowest 'max' to the highest")
        return bands

    @property
    def least_answered(self) -> int:
        """How many items must be answered for the score to count."""
        return len(self.items) if self.min_answered is None else self.min_answered

    def of(self, questions: Mapping[str, Question], answers: Mapping[str, Answer]) -> float | None:
        """This score for one response; None when too few of its items were answered."""
        values = []
        for item in self.items:
            answer = answers.get(item)
            value = None if answer is None else questions[item].score_value(answer)
            if value is not None:
                values.append(value)
        if len(values) < self.least_answered:
            return None
        total = sum(values) if self.method == "sum" else sum(values) / len(values)
        return total * self.multiplier

    def band_of(self, value: float) -> int | None:
        """The index of the band `value` falls in (None above the last, or without bands)."""
        return next((i for i, band in enumerate(self.bands) if value <= band.max), None)


def score_figures(score: Score, values: Sequence[float | None]) -> ScoreFigures:
    """Sum up one score over the responses' values (None for a response not scored)."""
    return score_distribution(score, Counter(values))


def score_distribution(score: Score, counts: Mapping[float | None, int]) -> ScoreFigures:
    """Sum up one score given how many responses have each value (None: not scored)."""
    given = Counter({value: n for value, n in counts.items() if value is not None and n})
    bands = [0] * len(score.bands)
    for value, n in given.items():
        band = score.band_of(value)
        if band is not None:
            bands[band] += n
    mean, median = mean_median(given)
    scored = sum(given.values())
    return ScoreFigures(
        score.id,
        scored,
        sum(counts.values()) - scored,
        dict(sorted(given.items())),
        mean,
        median,
        tuple(bands),
    )
