"""Figures as counted: the store's counts through the core's step, before any is hidden."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from bot.app.results import read_counts
from bot.core import release
from bot.core.figures import Breakdown, Figures, Hidden, QuestionFigures, ScoreFigures
from bot.core.questionnaire import Questionnaire
from bot.core.release import Scope, Survey
from bot.core.stores import ResultsStore

F = TypeVar("F", QuestionFigures, ScoreFigures)


def counted(figures: Iterable[F | Hidden]) -> list[F]:
    """These figures, checked to be none of them hidden."""
    result: list[F] = []
    for f in figures:
        assert not isinstance(f, Hidden), f
        result.append(f)
    return result


def _survey(questionnaire: Questionnaire) -> Survey:
    return Survey(questionnaire.questions, questionnaire.scores)


async def counted_figures(
    store: ResultsStore, questionnaire: Questionnaire, *, complete: bool = True, minimum: int = 1
) -> Figures:
    """The whole survey's figures over the store's counts (released ones up to each release
    point of `minimum` answers unless `complete`), none hidden."""
    scope, survey = Scope(minimum, complete), _survey(questionnaire)
    counts, _ = await read_counts(store, survey, scope)
    return release.counted_figures(counts, await store.overview(), survey, scope)


async def counted_breakdown(
    store: ResultsStore,
    questionnaire: Questionnaire,
    dimension: str,
    *,
    min_group_size: int,
    complete: bool = True,
) -> Breakdown:
    """The figures per group of `dimension`, small groups merged or left out, none hidden."""
    scope, survey = Scope(min_group_size, complete), _survey(questionnaire)
    counts, _ = await read_counts(store, survey, scope, dimension)
    question = questionnaire.question(dimension)
    return release.counted_breakdown(counts, question, survey, scope)


async def typed_texts(
    store: ResultsStore, questionnaire: Questionnaire, *, complete: bool = True, minimum: int = 1
) -> dict[str, list[str]]:
    """The typed texts per question over the same responses as `counted_figures`."""
    survey = _survey(questionnaire)
    _, points = await read_counts(store, survey, Scope(minimum, complete))
    return release.texts(await store.free_texts(), points, survey)
