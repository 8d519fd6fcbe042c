"""From counts to the figures that may be shown: one step for questions and scores alike.

The privacy rules of figures, applied to a store's `Counts` in one place:
- the scope: every submitted response (the survey is closed, or the database owner's view), or
  the released ones only, each question and score up to its own release point
  (`release_point`), in the whole survey and, in a breakdown, one that every group may move to;
- in a breakdown, small groups merged so that none can be recovered by subtraction
  (`merge_small_groups`), and the breakdown question's own counts blanked (`without_split`);
- every figure of fewer than `min_group_size` answers hidden, with the complementary hiding of
  a breakdown (`shown_figures`, `shown_breakdown`).

Pure and self-contained: two sets of counts (two waves of a survey) go through it one after
the other, each thresholded on its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.core.counts import Counts, Release, Texts
from bot.core.figures import (
    NO_GROUP,
    Breakdown,
    Figures,
    Group,
    Overview,
    QuestionFigures,
    ScoreFigures,
    collect_figures,
    group_order,
    merge_small_groups,
    release_point,
    shown_breakdown,
    shown_figures,
    without_split,
)
from bot.core.questions import Question
from bot.core.scores import Score, score_distribution

Target = Callable[[str], str | None]
"""A counted group's group in the figures (None: left out, its group too small)."""


@dataclass(frozen=True)
class Scope:
    """Which responses the figures rest on, and the smallest figure that may be shown."""

    min_group_size: int
    complete: bool
    """Every submitted response (the survey is closed, or the owner's view); if not, the
    released ones, each figure up to its own release point."""


@dataclass(frozen=True)
class Survey:
    """What the figures are of: the questions and the scores, in their order."""

    questions: Sequence[Question]
    scores: Sequence[Score] = ()


def figures(counts: Counts, overview: Overview, survey: Survey, scope: Scope) -> Figures:
    """The whole survey's figures that may be shown (counts broken down or not)."""
    return shown_figures(counted_figures(counts, overview, survey, scope), scope.min_group_size)


def breakdown(counts: Counts, dimension: Question, survey: Survey, scope: Scope) -> Breakdown:
    """The figures per group of `dimension` that may be shown, from counts broken down by it."""
    return shown_breakdown(
        counted_breakdown(counts, dimension, survey, scope), scope.min_group_size
    )


def counted_figures(counts: Counts, overview: Overview, survey: Survey, scope: Scope) -> Figures:
    """The whole survey's figures within the scope, nothing hidden yet."""
    questions, scores = _per_group(counts, survey, scope, _whole)
    included = sum(n for (_, r), n in counts.respondents.items() if _in_scope(r, scope))
    return Figures(
        overview=overview,
        included=included,
        questions=questions[NO_GROUP],
        complete=scope.complete,
        scores=scores.get(NO_GROUP, ()),
    )


def counted_breakdown(
    counts: Counts, dimension: Question, survey: Survey, scope: Scope
) -> Breakdown:
    """The figures per group of `dimension` within the scope, small groups merged or left out,
    no figure hidden yet."""
    sizes: Counter[str] = Counter()
    for (group, release), n in counts.respondents.items():
        if _in_scope(release, scope) and n:
            sizes[group] += n
    merged, hidden = merge_small_groups(sizes, scope.min_group_size)
    questions, scores = _per_group(counts, survey, scope, merged.get)
    group_sizes: Counter[str] = Counter()
    for key, n in sizes.items():
        if key in merged:
            group_sizes[merged[key]] += n
    order = group_order(dimension)
    groups = tuple(
        Group(
            key,
            group_sizes[key],
            without_split(questions.get(key, questions[NO_GROUP]), dimension.id),
            scores.get(key, tuple(score_distribution(s, {}) for s in survey.scores)),
        )
        for key in sorted(group_sizes, key=lambda k: order.get(k, len(order)))
    )
    return Breakdown(dimension.id, groups, hidden, scope.min_group_size)


def texts(typed: Texts, counts: Counts, survey: Survey, scope: Scope) -> dict[str, list[str]]:
    """The typed texts per question over the same responses as its figures, sorted
    alphabetically so that their order says nothing about who wrote them or when."""
    points = _question_points(counts, survey, scope, _whole)
    result: dict[str, list[str]] = {}
    for (question_id, release), values in typed.items():
        if question_id in points and _within(release, points[question_id], scope):
            result.setdefault(question_id, []).extend(v for v in values if v.strip())
    for values in result.values():
        values.sort(key=lambda v: (v.casefold(), v))
    return {q.id: result[q.id] for q in survey.questions if q.id in result}


def _whole(group: str) -> str:
    return NO_GROUP


def _in_scope(release: Release, scope: Scope) -> bool:
    return scope.complete or release is not None


def _within(release: Release, point: int, scope: Scope) -> bool:
    """Whether answers of this release are in a figure whose release point is `point`."""
    return scope.complete or (release is not None and release <= point)


def _question_points(
    counts: Counts, survey: Survey, scope: Scope, target: Target
) -> dict[str, int]:
    """Each question's release point (every one 0 when the scope is complete: unused)."""
    ids = [q.id for q in survey.questions]
    if scope.complete:
        return dict.fromkeys(ids, 0)
    several = {q.id for q in survey.questions if q.several_values}
    parts: dict[str, dict[str, Counter[int]]] = {}
    for group, question_id, release, item, number, has_text, n in counts.values:
        skipped = item == "" and number is None and not has_text
        if release is None or skipped or question_id in several:
            continue
        if (to := target(group)) is not None:
            parts.setdefault(question_id, {}).setdefault(to, Counter())[release] += n
    for (group, question_id, release), n in counts.answered.items():
        if release is not None and question_id in several and (to := target(group)) is not None:
            parts.setdefault(question_id, {}).setdefault(to, Counter())[release] += n
    minimum = scope.min_group_size
    return {i: release_point(list(parts.get(i, {}).values()), minimum) for i in ids}


def _score_points(counts: Counts, survey: Survey, scope: Scope, target: Target) -> dict[str, int]:
    """Each score's release point, over the scored responses (every one 0 when complete)."""
    ids = [s.id for s in survey.scores]
    if scope.complete:
        return dict.fromkeys(ids, 0)
    parts: dict[str, dict[str, Counter[int]]] = {}
    for (group, score_id, release, value), n in counts.scores.items():
        if release is not None and value is not None and (to := target(group)) is not None:
            parts.setdefault(score_id, {}).setdefault(to, Counter())[release] += n
    minimum = scope.min_group_size
    return {i: release_point(list(parts.get(i, {}).values()), minimum) for i in ids}


def _per_group(
    counts: Counts, survey: Survey, scope: Scope, target: Target
) -> tuple[dict[str, tuple[QuestionFigures, ...]], dict[str, tuple[ScoreFigures, ...]]]:
    """The question and score figures of each group (as `target` merges them) in the scope."""
    points = _question_points(counts, survey, scope, target)
    # Added up per group and value first: `collect_figures` then reads a row per value.
    within: Counter[tuple[str, str, str, float | None, bool]] = Counter()
    for group, question_id, release, item, number, has_text, n in counts.values:
        if scope.complete or (release is not None and release <= points.get(question_id, 0)):
            within[(group, question_id, item, number, has_text)] += n
    rows = [
        (to, question_id, item, number, has_text, n)
        for (group, question_id, item, number, has_text), n in within.items()
        if (to := target(group)) is not None
    ]
    answered = [
        (to, question_id, n)
        for (group, question_id, release), n in counts.answered.items()
        if _within(release, points.get(question_id, 0), scope)
        and (to := target(group)) is not None
    ]
    questions = collect_figures(survey.questions, rows, answered)
    if not survey.scores:
        return questions, {}
    score_points = _score_points(counts, survey, scope, target)
    values: dict[str, dict[str, Counter[float | None]]] = {group: {} for group in questions}
    for (group, score_id, release, value), n in counts.scores.items():
        to = target(group)
        if to is not None and _within(release, score_points.get(score_id, 0), scope):
            values.setdefault(to, {}).setdefault(score_id, Counter())[value] += n
    scores = {
        group: tuple(score_distribution(s, per_score.get(s.id, {})) for s in survey.scores)
        for group, per_score in values.items()
    }
    return questions, scores
