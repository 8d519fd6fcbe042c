"""From counts to the figures that may be shown: one step for questions and scores alike.

The privacy rules of figures, applied to what a store reads in one place:
- the scope: every submitted response (the survey is closed, or the database owner's view), or
  the released ones only, each question and score up to its own release point
  (`release_point`), in the whole survey and, in a breakdown, one that every group may move to:
  `points` computes them from the store's `Arrivals`, and the store counts up to them;
- in a breakdown, small groups merged so that none can be recovered by subtraction
  (`merge_small_groups`), and the breakdown question's own counts blanked (`without_split`);
- every figure of fewer than `min_group_size` answers hidden, with the complementary hiding of
  a breakdown (`shown_figures`, `shown_breakdown`).

Pure and self-contained: two sets of counts (two waves of a survey) go through it one after
the other (`points`, then `figures` or `breakdown`), each thresholded on its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from bot.core.counts import Arrivals, Counts, Points, Release, Texts
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
    release_point_of,
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
    released ones, each figure up to its own release point (`points`)."""


@dataclass(frozen=True)
class Survey:
    """What the figures are of: the questions and the scores, in their order."""

    questions: Sequence[Question]
    scores: Sequence[Score] = ()


def points(
    arrivals: Arrivals, survey: Survey, minimum: int, *, broken_down: bool = False
) -> Points:
    """Each question's and score's release point, from what each release brought.

    For the whole survey (`broken_down` False: the groups of the arrivals, if any, added up),
    or for a breakdown by the arrivals' groups: small groups merged as `breakdown` will merge
    them, each figure up to a point that every group may move to (`release_point`).
    """
    if broken_down:
        sizes: Counter[str] = Counter()
        for (group, _), n in arrivals.respondents.items():
            if n:
                sizes[group] += n
        target: Target = merge_small_groups(sizes, minimum)[0].get
    else:
        target = _whole
    last = max((r for (_, r), n in arrivals.respondents.items() if n), default=0)
    return Points(
        last,
        _points(arrivals.answered, [q.id for q in survey.questions], target, minimum),
        _points(arrivals.scored, [s.id for s in survey.scores], target, minimum),
    )


def figures(counts: Counts, overview: Overview, survey: Survey, scope: Scope) -> Figures:
    """The whole survey's figures that may be shown (counts broken down or not)."""
    return shown_figures(counted_figures(counts, overview, survey, scope), scope.min_group_size)


def breakdown(counts: Counts, dimension: Question, survey: Survey, scope: Scope) -> Breakdown:
    """The figures per group of `dimension` that may be shown, from counts broken down by it."""
    return shown_breakdown(
        counted_breakdown(counts, dimension, survey, scope), scope.min_group_size
    )


def counted_figures(counts: Counts, overview: Overview, survey: Survey, scope: Scope) -> Figures:
    """The whole survey's figures over the counts, nothing hidden yet."""
    questions, scores = _per_group(counts, survey, _whole)
    return Figures(
        overview=overview,
        included=sum(counts.respondents.values()),
        questions=questions[NO_GROUP],
        complete=scope.complete,
        scores=scores.get(NO_GROUP, ()),
    )


def counted_breakdown(
    counts: Counts, dimension: Question, survey: Survey, scope: Scope
) -> Breakdown:
    """The figures per group of `dimension` over the counts, small groups merged or left out,
    no figure hidden yet."""
    sizes = Counter({group: n for group, n in counts.respondents.items() if n})
    merged, hidden = merge_small_groups(sizes, scope.min_group_size)
    questions, scores = _per_group(counts, survey, merged.get)
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


def texts(typed: Texts, points: Points | None, survey: Survey) -> dict[str, list[str]]:
    """The typed texts per question over the same responses as its figures (every submitted
    response when `points` is None), sorted alphabetically so that their order says nothing
    about who wrote them or when."""
    known = {q.id for q in survey.questions}
    result: dict[str, list[str]] = {}
    for (question_id, release), values in typed.items():
        if question_id in known and _within(release, question_id, points):
            result.setdefault(question_id, []).extend(v for v in values if v.strip())
    for values in result.values():
        values.sort(key=lambda v: (v.casefold(), v))
    return {q.id: result[q.id] for q in survey.questions if q.id in result}


def _whole(group: str) -> str:
    return NO_GROUP


def _within(release: Release, question_id: str, points: Points | None) -> bool:
    """Whether answers of this release are in the question's figures."""
    if points is None:
        return True
    return release is not None and release <= points.questions.get(question_id, 0)


def _points(
    arrived: Mapping[tuple[str, str, int], int], ids: Sequence[str], target: Target, minimum: int
) -> dict[str, int]:
    """Each figure's release point, given its answers per (group, figure, release)."""
    # Plain dicts and lookups: this runs over every release of every figure and group.
    parts: dict[str, int] = {}  # each group of the figures, numbered
    per_figure: dict[str, dict[int, list[tuple[int, int]]]] = {}
    for (group, figure_id, release), n in arrived.items():
        to = NO_GROUP if target is _whole else target(group)
        if to is None or not n:
            continue
        part = parts.get(to)
        if part is None:
            part = parts[to] = len(parts)
        batches = per_figure.get(figure_id)
        if batches is None:
            batches = per_figure[figure_id] = {}
        arrivals = batches.get(release)
        if arrivals is None:
            batches[release] = [(part, n)]
        else:
            arrivals.append((part, n))
    return {i: release_point_of(per_figure.get(i, {}), len(parts), minimum) for i in ids}


def _per_group(
    counts: Counts, survey: Survey, target: Target
) -> tuple[dict[str, tuple[QuestionFigures, ...]], dict[str, tuple[ScoreFigures, ...]]]:
    """The question and score figures of each group (as `target` merges them)."""
    rows = [(to, *rest) for group, *rest in counts.values if (to := target(group)) is not None]
    answered = [
        (to, q, n) for (g, q), n in counts.answered.items() if (to := target(g)) is not None
    ]
    questions = collect_figures(survey.questions, rows, answered)
    if not survey.scores:
        return questions, {}
    values: dict[str, dict[str, Counter[float | None]]] = {group: {} for group in questions}
    for (group, score_id, value), n in counts.scores.items():
        if (to := target(group)) is not None:
            values.setdefault(to, {}).setdefault(score_id, Counter())[value] += n
    scores = {
        group: tuple(score_distribution(s, per_score.get(s.id, {})) for s in survey.scores)
        for group, per_score in values.items()
    }
    return questions, scores
