"""Summary figures, aggregated in SQL: counts per option and value, never one row per person."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import aiosqlite

from bot.questionnaire import (
    FreeText,
    MultipleChoice,
    Number,
    Questionnaire,
    Scale,
    SingleChoice,
    YesNo,
)

NO_GROUP = ""
"""The group of respondents who did not answer the breakdown question."""
OTHER_GROUPS = "*"
"""Groups merged because each alone is smaller than the minimum group size."""


@dataclass(frozen=True)
class QuestionFigures:
    """The distribution of one question's answers."""

    question_id: str
    answered: int
    skipped: int
    counts: Mapping[str, int]
    """Per option id; 'yes'/'no' for yes/no; the value as text for scales and numbers."""
    mean: float | None = None
    median: float | None = None
    texts: int = 0
    """How many free-text answers (or 'other' texts) were given."""


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
    questions: tuple[QuestionFigures, ...]
    complete: bool


@dataclass(frozen=True)
class Group:
    """The figures of respondents who gave one answer to the breakdown question."""

    key: str
    respondents: int
    questions: tuple[QuestionFigures, ...]


@dataclass(frozen=True)
class Breakdown:
    """Figures per group of a breakdown question; small groups are merged or left out."""

    dimension: str
    groups: tuple[Group, ...]
    hidden: int = 0
    """Respondents in groups too small to show even when merged."""
    min_group_size: int = field(default=5)


# Sessions first, then their answers by primary key: much faster than the other way round.
_FROM_INCLUDED = "FROM sessions s CROSS JOIN answers a ON a.token = s.token"
_ANSWERED = "NOT (a.item = '' AND a.number IS NULL AND a.text IS NULL)"


def _regroup(rows: Iterable[aiosqlite.Row], merged: Mapping[str, str]) -> list[tuple[Any, ...]]:
    """Rename each row's group as merged; drop rows of hidden groups."""
    result: list[tuple[Any, ...]] = []
    for group, *rest in rows:
        target = merged.get(str(group))
        if target is not None:
            result.append((target, *rest))
    return result


def _multiple_ids(questionnaire: Questionnaire) -> str:
    """The ids of the multiple-choice questions, as an SQL list (ids are checked: no quotes)."""
    ids = [q.id for q in questionnaire.questions if isinstance(q, MultipleChoice)]
    return ", ".join(f"'{question_id}'" for question_id in ids) or "NULL"


def _included(scope_all: bool) -> str:
    base = "s.submitted_day IS NOT NULL"
    return base if scope_all else base + " AND s.released = 1"


async def overview(db: aiosqlite.Connection) -> Overview:
    """Count started, in-progress and submitted responses, per day, and the median duration."""
    rows = await db.execute_fetchall("SELECT count(*), count(submitted_day) FROM sessions")
    started, submitted = next(iter(rows))
    per_day = await db.execute_fetchall(
        "SELECT submitted_day, count(*) FROM sessions WHERE submitted_day IS NOT NULL "
        "GROUP BY submitted_day ORDER BY submitted_day"
    )
    durations = await db.execute_fetchall(
        "SELECT duration_minutes, count(*) FROM sessions WHERE duration_minutes IS NOT NULL "
        "GROUP BY duration_minutes"
    )
    _, median = _mean_median({int(d): int(n) for d, n in durations})
    return Overview(
        started=int(started),
        in_progress=int(started) - int(submitted),
        submitted=int(submitted),
        per_day=tuple((str(day), int(n)) for day, n in per_day),
        median_minutes=median,
    )


async def figures(
    db: aiosqlite.Connection, questionnaire: Questionnaire, *, complete: bool
) -> Figures:
    """Compute every question's figures over released responses (all of them if `complete`)."""
    where = _included(complete)
    (included,) = next(
        iter(await db.execute_fetchall(f"SELECT count(*) FROM sessions s WHERE {where}"))
    )
    # (token, question, item) is the primary key: count(*) counts respondents per value.
    rows = await db.execute_fetchall(
        "SELECT '', a.question, a.item, a.number, a.text IS NOT NULL, count(*) "
        f"{_FROM_INCLUDED} WHERE {where} "
        "GROUP BY a.question, a.item, a.number, a.text IS NOT NULL"
    )
    answered = await db.execute_fetchall(
        f"SELECT '', a.question, count(DISTINCT a.token) {_FROM_INCLUDED} "
        f"WHERE {where} AND {_ANSWERED} AND a.question IN ({_multiple_ids(questionnaire)}) "
        "GROUP BY a.question"
    )
    per_group = _collect(questionnaire, rows, answered)
    return Figures(
        overview=await overview(db),
        included=int(included),
        questions=per_group[""],
        complete=complete,
    )


async def breakdown(
    db: aiosqlite.Connection,
    questionnaire: Questionnaire,
    dimension: str,
    *,
    complete: bool,
    min_group_size: int,
) -> Breakdown:
    """Compute every question's figures per answer to `dimension`, hiding small groups."""
    where = _included(complete)
    group_expr = "coalesce(d.item, '')"
    # Each session's group is looked up once, before its answers (not once per answer).
    join = (
        "FROM sessions s LEFT JOIN answers d ON d.token = s.token AND d.question = :dimension "
        "CROSS JOIN answers a ON a.token = s.token"
    )
    sizes_rows = await db.execute_fetchall(
        f"SELECT {group_expr}, count(DISTINCT s.token) FROM sessions s "
        "LEFT JOIN answers d ON d.token = s.token AND d.question = :dimension "
        f"WHERE {where} GROUP BY 1",
        {"dimension": dimension},
    )
    sizes = {str(key): int(n) for key, n in sizes_rows}
    merged, hidden = _merge_small_groups(sizes, min_group_size)
    rows = await db.execute_fetchall(
        f"SELECT {group_expr}, a.question, a.item, a.number, a.text IS NOT NULL, "
        f"count(*) {join} WHERE {where} GROUP BY 1, 2, 3, 4, 5",
        {"dimension": dimension},
    )
    answered = await db.execute_fetchall(
        f"SELECT {group_expr}, a.question, count(DISTINCT a.token) {join} "
        f"WHERE {where} AND {_ANSWERED} AND a.question IN ({_multiple_ids(questionnaire)}) "
        "GROUP BY 1, a.question",
        {"dimension": dimension},
    )
    per_group = _collect(questionnaire, _regroup(rows, merged), _regroup(answered, merged))
    group_sizes = Counter[str]()
    for key, n in sizes.items():
        target = merged.get(key)
        if target is not None:
            group_sizes[target] += n
    order = _group_order(questionnaire, dimension)
    groups = tuple(
        Group(key, group_sizes[key], _without_split(per_group.get(key, per_group[""]), dimension))
        for key in sorted(group_sizes, key=lambda k: order.get(k, len(order)))
    )
    return Breakdown(dimension, groups, hidden, min_group_size)


def _without_split(
    questions: tuple[QuestionFigures, ...], dimension: str
) -> tuple[QuestionFigures, ...]:
    """Blank the breakdown question's own counts: in a merged group they would give away
    the size of each small group."""
    return tuple(
        QuestionFigures(f.question_id, f.answered, f.skipped, {})
        if f.question_id == dimension
        else f
        for f in questions
    )


def _group_order(questionnaire: Questionnaire, dimension: str) -> dict[str, int]:
    question = questionnaire.question(dimension)
    keys = [o.id for o in question.options] if isinstance(question, SingleChoice) else []
    return {key: i for i, key in enumerate([*keys, NO_GROUP, OTHER_GROUPS])}


def _merge_small_groups(sizes: Mapping[str, int], minimum: int) -> tuple[dict[str, str], int]:
    """Map each group to itself, to OTHER_GROUPS, or leave it out (hidden).

    Small groups are merged into one; if that merged group is still too small, the next
    smallest shown group joins it, so that no small group can be recovered by subtraction.
    """
    shown = {key for key, n in sizes.items() if n >= minimum}
    small = set(sizes) - shown
    while small and sum(sizes[k] for k in small) < minimum and shown:
        smallest = min(shown, key=lambda k: (sizes[k], k))
        shown.remove(smallest)
        small.add(smallest)
    mapping = {key: key for key in shown}
    merged_size = sum(sizes[k] for k in small)
    if small and merged_size >= minimum:
        mapping.update({key: OTHER_GROUPS for key in small})
        return mapping, 0
    return mapping, merged_size


def _collect(
    questionnaire: Questionnaire,
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
    numbers: dict[tuple[str, str], Counter[int]] = {}
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
            numbers.setdefault(key, Counter())[int(number)] += n
            counts.setdefault(key, Counter())[str(number)] += n
        else:
            counts.setdefault(key, Counter())
    result: dict[str, tuple[QuestionFigures, ...]] = {}
    for group in groups:
        figures: list[QuestionFigures] = []
        for question in questionnaire.questions:
            key = (group, question.id)
            raw = counts.get(key, Counter())
            value_counts: dict[str, int]
            if isinstance(question, YesNo):
                value_counts = {"yes": raw.get("1", 0), "no": raw.get("0", 0)}
            elif isinstance(question, SingleChoice | MultipleChoice):
                value_counts = {o.id: raw.get(o.id, 0) for o in question.options}
            elif isinstance(question, Scale):
                value_counts = {
                    str(v): raw.get(str(v), 0) for v in range(question.min, question.max + 1)
                }
            elif isinstance(question, Number):
                value_counts = dict(sorted(raw.items(), key=lambda kv: int(kv[0])))
            else:
                assert isinstance(question, FreeText)
                value_counts = {}
            mean, median = _mean_median(numbers.get(key, Counter()))
            figures.append(
                QuestionFigures(
                    question.id,
                    (answered_by if isinstance(question, MultipleChoice) else single_rows).get(
                        key, 0
                    ),
                    skipped.get(key, 0),
                    value_counts,
                    mean if isinstance(question, Scale | Number) else None,
                    median if isinstance(question, Scale | Number) else None,
                    texts.get(key, 0),
                )
            )
        result[group] = tuple(figures)
    return result


def _mean_median(distribution: Mapping[int, int]) -> tuple[float | None, float | None]:
    total = sum(distribution.values())
    if total == 0:
        return None, None
    mean = sum(v * n for v, n in distribution.items()) / total
    ordered = sorted(distribution.items())

    def nth(index: int) -> int:
        seen = 0
        for value, n in ordered:
            seen += n
            if index < seen:
                return value
        raise IndexError(index)

    if total % 2:
        return mean, float(nth(total // 2))
    return mean, (nth(total // 2 - 1) + nth(total // 2)) / 2


async def free_texts(
    db: aiosqlite.Connection, questionnaire: Questionnaire, *, complete: bool
) -> dict[str, list[str]]:
    """Return the typed texts (free text and 'other' details) per question, sorted.

    Only over the same responses as `figures` (released ones unless `complete`); the texts are
    sorted alphabetically so that their order says nothing about who wrote them or when.
    """
    rows = await db.execute_fetchall(
        f"SELECT a.question, a.text {_FROM_INCLUDED} "
        f"WHERE {_included(complete)} AND a.text IS NOT NULL"
    )
    known = {q.id for q in questionnaire.questions}
    result: dict[str, list[str]] = {}
    for question_id, value in rows:
        if question_id in known and str(value).strip():
            result.setdefault(str(question_id), []).append(str(value))
    for values in result.values():
        values.sort(key=lambda v: (v.casefold(), v))
    return result
