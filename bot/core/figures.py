"""The figures model: distributions per question and per group, and the small-group rules.

Pure: `bot.core.release` hands counted rows to `collect_figures` and applies these rules; front
ends put figures into words and charts. Nothing here knows where the counts come from, nor the
questionnaire: it takes the questions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from bot.core.questions import Question

N = TypeVar("N", int, float)

NO_GROUP = ""
"""The group of respondents who did not answer the breakdown question."""
OTHER_GROUPS = "*"
"""Groups merged because each alone is smaller than the minimum group size."""


@dataclass(frozen=True)
class Hidden:
    """A figure not shown: fewer than `below` people answered (their number is not shown)."""

    id: str
    """The question's or the score's id."""
    below: int


@dataclass(frozen=True)
class QuestionFigures:
    """The distribution of one question's answers."""

    question_id: str
    answered: int
    skipped: int
    counts: Mapping[str, int]
    """Per option id; 'yes'/'no' for yes/no; the value as text for scales and numbers; the
    month ('YYYY-MM') for dates."""
    mean: float | None = None
    median: float | None = None
    """Of the stored numbers: for dates, a day number (the question's `statistic` shows it)."""
    texts: int = 0
    """How many free-text answers (or 'other' texts) were given."""


@dataclass(frozen=True)
class ScoreFigures:
    """The distribution of one score over the responses included."""

    score_id: str
    scored: int
    """Responses with enough answered items."""
    unscored: int
    """Responses with too few answered items."""
    values: Mapping[float, int]
    """How many responses have each value, lowest first."""
    mean: float | None
    median: float | None
    bands: tuple[int, ...]
    """How many responses fall in each band, in the bands' order."""


@dataclass(frozen=True)
class Overview:
    """Live counts: these may be shown at any time."""

    started: int
    in_progress: int
    submitted: int
    per_day: tuple[tuple[str, int], ...]
    median_minutes: float | None

    @property
    def completion_rate(self) -> float | None:
        """Submitted responses as a share of those started."""
        return self.submitted / self.started if self.started else None


@dataclass(frozen=True)
class Figures:
    """Overview plus per-question figures over the responses `included`."""

    overview: Overview
    included: int
    questions: tuple[QuestionFigures | Hidden, ...]
    complete: bool
    scores: tuple[ScoreFigures | Hidden, ...] = ()


@dataclass(frozen=True)
class Group:
    """The figures of respondents who gave one answer to the breakdown question."""

    key: str
    respondents: int
    questions: tuple[QuestionFigures | Hidden, ...]
    scores: tuple[ScoreFigures | Hidden, ...] = ()


@dataclass(frozen=True)
class Breakdown:
    """Figures per group of a breakdown question; small groups are merged or left out."""

    dimension: str
    groups: tuple[Group, ...]
    hidden: int = 0
    """Respondents in groups too small to show even when merged."""
    min_group_size: int = field(default=5)


def without_split(
    questions: tuple[QuestionFigures | Hidden, ...], dimension: str
) -> tuple[QuestionFigures | Hidden, ...]:
    """Blank the breakdown question's own counts: in a merged group they would give away
    the size of each small group."""
    return tuple(
        QuestionFigures(f.question_id, f.answered, f.skipped, {})
        if isinstance(f, QuestionFigures) and f.question_id == dimension
        else f
        for f in questions
    )


def group_order(dimension: Question) -> dict[str, int]:
    """The place of each group of a breakdown: the question's own order of values, then the
    respondents who did not answer, then the merged groups."""
    keys = list(dimension.counted({}))
    return {key: i for i, key in enumerate([*keys, NO_GROUP, OTHER_GROUPS])}


def merge_small_groups(sizes: Mapping[str, int], minimum: int) -> tuple[dict[str, str], int]:
    """Map each group to itself, to OTHER_GROUPS, or leave it out (hidden).

    Small groups are merged into one; if that merged group is still too small, the next
    smallest shown group joins it, so that no small group can be recovered by subtraction.
    """
    shown = shown_groups(sizes, minimum)
    small = set(sizes) - shown
    mapping = {key: key for key in shown}
    merged_size = sum(sizes[k] for k in small)
    if small and merged_size >= minimum:
        mapping.update({key: OTHER_GROUPS for key in small})
        return mapping, 0
    return mapping, merged_size


def shown_groups(sizes: Mapping[str, int], minimum: int) -> set[str]:
    """The groups that may be shown on their own, so that no subtraction recovers another.

    Each shown group has at least `minimum` people, and those not shown add up to none or to
    at least `minimum`: the whole minus the shown groups is never a figure of fewer. The
    smallest shown groups are held back until it is so.
    """
    shown = {key for key, n in sizes.items() if n >= minimum}
    while shown and 0 < sum(n for key, n in sizes.items() if key not in shown) < minimum:
        shown.remove(min(shown, key=lambda k: (sizes[k], k)))
    return shown


def release_point(parts: Sequence[Mapping[int, int]], minimum: int) -> int:
    """The last released batch a figure may include, given its answers in each batch, per part.

    The whole survey is one part; a breakdown's groups are its parts. A figure grows only by at
    least `minimum` answers at a time, so that two successive views never differ by the answers
    of fewer people: a follow-up question that few are asked waits for several batches. In a
    breakdown the point is one of the whole survey's, the latest at which every group has grown
    by none or by at least `minimum` answers since the previous one: the groups then add up to
    a figure the whole survey showed, and each moves by whole groups of answers. 0: no batch yet.
    """
    arrivals: dict[int, list[tuple[int, int]]] = {}  # per batch: (group, answers)
    for group, part in enumerate(parts):
        for batch, n in part.items():
            if n:
                arrivals.setdefault(batch, []).append((group, n))
    return release_point_of(arrivals, len(parts), minimum)


def release_point_of(
    arrivals: Mapping[int, Sequence[tuple[int, int]]], parts: int, minimum: int
) -> int:
    """`release_point`, given the answers per batch as (part, answers), parts numbered from 0
    (a part may come several times in a batch)."""
    if parts == 1:  # the whole survey: each point where `minimum` answers have come
        point = waiting = 0
        for batch in sorted(arrivals):
            waiting += sum(n for _, n in arrivals[batch])
            if waiting >= minimum:
                point, waiting = batch, 0
        return point
    point = waiting = short = 0  # short: groups grown by some answers, but fewer than `minimum`
    pending = [0] * parts
    for batch in sorted(arrivals):
        for group, n in arrivals[batch]:
            before = pending[group]
            pending[group] = before + n
            waiting += n
            short += (before + n < minimum) - (0 < before < minimum)
        if waiting < minimum:
            continue
        waiting = 0  # one of the whole survey's points, whether the groups may move to it or not
        if not short:
            point, pending = batch, [0] * parts
    return point


def shown_figures(figures: Figures, minimum: int) -> Figures:
    """The figures with each question and score of fewer than `minimum` answers hidden."""
    return replace(
        figures,
        questions=tuple(_question_shown(f, minimum) for f in figures.questions),
        scores=tuple(_score_shown(f, minimum) for f in figures.scores),
    )


def shown_breakdown(breakdown: Breakdown, minimum: int) -> Breakdown:
    """The breakdown with each figure of fewer than `minimum` answers hidden in its group, and
    complementary figures hidden in other groups: the whole survey's figure minus the shown
    groups' is never a figure of fewer than `minimum` (the groups hold every response)."""
    groups = breakdown.groups
    questions = [_complement(c, minimum) for c in zip(*(g.questions for g in groups), strict=True)]
    scores = [_complement(c, minimum) for c in zip(*(g.scores for g in groups), strict=True)]
    return replace(
        breakdown,
        groups=tuple(
            replace(
                group,
                questions=tuple(column[g] for column in questions),
                scores=tuple(column[g] for column in scores),
            )
            for g, group in enumerate(groups)
        ),
    )


F = TypeVar("F", QuestionFigures, ScoreFigures)


def _complement(column: Sequence[F | Hidden], minimum: int) -> list[F | Hidden]:
    """One figure across the groups (as counted, none hidden yet), hidden where it rests on
    fewer than `minimum` answers or where the others' hiding needs it (`shown_groups`)."""
    sizes = {str(i): _base(f) for i, f in enumerate(column)}
    shown = shown_groups(sizes, minimum)
    return [f if str(i) in shown else _hidden(f, minimum) for i, f in enumerate(column)]


def _base(figures: QuestionFigures | ScoreFigures | Hidden) -> int:
    """How many answers a figure rests on."""
    match figures:
        case QuestionFigures():
            return figures.answered
        case ScoreFigures():
            return figures.scored
        case Hidden():
            raise ValueError("hiding in the groups needs their counts, not hidden figures")


def _hidden(figures: QuestionFigures | ScoreFigures | Hidden, minimum: int) -> Hidden:
    match figures:
        case QuestionFigures():
            return Hidden(figures.question_id, minimum)
        case ScoreFigures():
            return Hidden(figures.score_id, minimum)
        case Hidden():
            return figures


def _question_shown(figures: QuestionFigures | Hidden, minimum: int) -> QuestionFigures | Hidden:
    if isinstance(figures, QuestionFigures) and figures.answered < minimum:
        return _hidden(figures, minimum)
    return figures


def _score_shown(figures: ScoreFigures | Hidden, minimum: int) -> ScoreFigures | Hidden:
    if isinstance(figures, ScoreFigures) and figures.scored < minimum:
        return _hidden(figures, minimum)
    return figures


def collect_figures(
    questions: Sequence[Question],
    rows: Iterable[Sequence[Any]],
    answered_rows: Iterable[Sequence[Any]],
) -> dict[str, tuple[QuestionFigures, ...]]:
    """Turn grouped rows into figures, per group.

    `rows` are (group, question, item, number, has_text, respondents) and `answered_rows`
    (group, question, respondents who did not skip it) for multiple-choice questions, the only
    ones where one respondent has several rows.
    """
    answered_by: Counter[tuple[str, str]] = Counter()
    for g, q, n in answered_rows:  # merged groups have several rows per question: add them up
        answered_by[(str(g), str(q))] += int(n)
    single_rows: Counter[tuple[str, str]] = Counter()
    counts: dict[tuple[str, str], Counter[str]] = {}
    numbers: dict[tuple[str, str], Counter[float]] = {}
    skipped: Counter[tuple[str, str]] = Counter()
    texts: Counter[tuple[str, str]] = Counter()
    groups: set[str] = {""}
    for group, question_id, item, number, has_text, n in rows:
        key = (str(group), str(question_id))
        groups.add(key[0])
        n = int(n)
        if item == "" and number is None and not has_text:
            skipped[key] += n
            continue
        single_rows[key] += n
        if has_text:
            texts[key] += n
        if item != "":
            counts.setdefault(key, Counter())[str(item)] += n
        elif number is not None:
            numbers.setdefault(key, Counter())[number] += n
            counts.setdefault(key, Counter())[str(number)] += n
        else:
            counts.setdefault(key, Counter())
    result: dict[str, tuple[QuestionFigures, ...]] = {}
    for group in groups:
        figures: list[QuestionFigures] = []
        for question in questions:
            key = (group, question.id)
            mean, median = mean_median(numbers.get(key, Counter()))
            figures.append(
                QuestionFigures(
                    question.id,
                    (answered_by if question.several_values else single_rows).get(key, 0),
                    skipped.get(key, 0),
                    question.counted(counts.get(key, Counter())),
                    mean if question.has_mean else None,
                    median if question.has_median else None,
                    texts.get(key, 0),
                )
            )
        result[group] = tuple(figures)
    return result


def mean_median(distribution: Mapping[N, int]) -> tuple[float | None, float | None]:
    """The mean and median of values given as a count per value."""
    total = sum(distribution.values())
    if total == 0:
        return None, None
    mean = sum(v * n for v, n in distribution.items()) / total
    ordered = sorted(distribution.items())

    def nth(index: int) -> N:
        seen = 0
        for value, n in ordered:
            seen += n
            if index < seen:
                return value
        raise IndexError(index)

    if total % 2:
        return mean, float(nth(total // 2))
    return mean, (nth(total // 2 - 1) + nth(total // 2)) / 2
