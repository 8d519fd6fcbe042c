"""Summary figures, aggregated in SQL: counts per option and value, never one row per person."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import aiosqlite

from bot.core.figures import (
    Breakdown,
    Figures,
    Group,
    Overview,
    collect_figures,
    group_order,
    mean_median,
    merge_small_groups,
    release_point,
    without_split,
)
from bot.core.questionnaire import Questionnaire

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


def _several_values_ids(questionnaire: Questionnaire) -> str:
    """The ids of the questions with several values per answer, as an SQL list.

    Ids are checked when the questionnaire is loaded: they hold no quotes.
    """
    ids = [q.id for q in questionnaire.questions if q.several_values]
    return ", ".join(f"'{question_id}'" for question_id in ids) or "NULL"


def _included(scope_all: bool) -> str:
    base = "s.submitted_day IS NOT NULL"
    return base if scope_all else base + " AND s.batch IS NOT NULL"


async def _answers_within(
    db: aiosqlite.Connection, questionnaire: Questionnaire, complete: bool, minimum: int
) -> str:
    """The condition on an answer row `a` of session `s`: that its question's figures include
    it. While the survey is open, each question takes the released batches up to its own
    `release_point`, so that its figures grow by at least `minimum` answers at a time."""
    if complete:
        return _included(True)
    rows = await db.execute_fetchall(
        f"SELECT '', a.question, s.batch, count(DISTINCT a.token) {_FROM_INCLUDED} "
        f"WHERE {_included(False)} AND {_ANSWERED} GROUP BY 2, 3"
    )
    return _up_to_points(questionnaire, rows, {"": ""}, minimum)


def _up_to_points(
    questionnaire: Questionnaire,
    rows: Iterable[Sequence[Any]],
    merged: Mapping[str, str],
    minimum: int,
) -> str:
    """The condition that an answer's batch is within its question's release point, given
    (group, question, batch, answers) rows and the groups as merged (one group: the whole
    survey)."""
    per_batch: dict[tuple[str, str], dict[int, int]] = {}
    for group, question_id, batch, n in rows:  # SQLite's own text and integers
        target = merged.get(group)
        if target is None:
            continue
        counts = per_batch.get((question_id, target))
        if counts is None:
            counts = per_batch[(question_id, target)] = {}
        counts[batch] = counts.get(batch, 0) + n
    parts: dict[str, list[dict[int, int]]] = {}
    for (question_id, _), counts in per_batch.items():
        parts.setdefault(question_id, []).append(counts)
    # Ids are checked when the questionnaire is loaded: they hold no quotes.
    points = " ".join(
        f"WHEN '{q.id}' THEN {release_point(parts.get(q.id, []), minimum)}"
        for q in questionnaire.questions
    )
    return f"{_included(False)} AND s.batch <= CASE a.question {points} ELSE 0 END"


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
    _, median = mean_median({int(d): int(n) for d, n in durations})
    return Overview(
        started=int(started),
        in_progress=int(started) - int(submitted),
        submitted=int(submitted),
        per_day=tuple((str(day), int(n)) for day, n in per_day),
        median_minutes=median,
    )


async def figures(
    db: aiosqlite.Connection, questionnaire: Questionnaire, *, complete: bool, minimum: int
) -> Figures:
    """Compute every question's figures over released responses (all of them if `complete`),
    each question up to its own release point."""
    (included,) = next(
        iter(
            await db.execute_fetchall(
                f"SELECT count(*) FROM sessions s WHERE {_included(complete)}"
            )
        )
    )
    where = await _answers_within(db, questionnaire, complete, minimum)
    # (token, question, item) is the primary key: count(*) counts respondents per value.
    rows = await db.execute_fetchall(
        "SELECT '', a.question, a.item, a.number, a.text IS NOT NULL, count(*) "
        f"{_FROM_INCLUDED} WHERE {where} "
        "GROUP BY a.question, a.item, a.number, a.text IS NOT NULL"
    )
    answered = await db.execute_fetchall(
        f"SELECT '', a.question, count(DISTINCT a.token) {_FROM_INCLUDED} "
        f"WHERE {where} AND {_ANSWERED} AND a.question IN ({_several_values_ids(questionnaire)}) "
        "GROUP BY a.question"
    )
    per_group = collect_figures(questionnaire, rows, answered)
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
    group_expr = "coalesce(d.item, '')"
    # Each session's group is looked up once, before its answers (not once per answer).
    join = (
        "FROM sessions s LEFT JOIN answers d ON d.token = s.token AND d.question = :dimension "
        "CROSS JOIN answers a ON a.token = s.token"
    )
    sizes_rows = await db.execute_fetchall(
        f"SELECT {group_expr}, count(DISTINCT s.token) FROM sessions s "
        "LEFT JOIN answers d ON d.token = s.token AND d.question = :dimension "
        f"WHERE {_included(complete)} GROUP BY 1",
        {"dimension": dimension},
    )
    sizes = {str(key): int(n) for key, n in sizes_rows}
    merged, hidden = merge_small_groups(sizes, min_group_size)
    where = _included(True)
    if not complete:  # each question up to a release point that every group may move to
        batches = await db.execute_fetchall(
            f"SELECT {group_expr}, a.question, s.batch, count(DISTINCT a.token) {join} "
            f"WHERE {_included(False)} AND {_ANSWERED} GROUP BY 1, 2, 3",
            {"dimension": dimension},
        )
        where = _up_to_points(questionnaire, batches, merged, min_group_size)
    rows = await db.execute_fetchall(
        f"SELECT {group_expr}, a.question, a.item, a.number, a.text IS NOT NULL, "
        f"count(*) {join} WHERE {where} GROUP BY 1, 2, 3, 4, 5",
        {"dimension": dimension},
    )
    answered = await db.execute_fetchall(
        f"SELECT {group_expr}, a.question, count(DISTINCT a.token) {join} "
        f"WHERE {where} AND {_ANSWERED} AND a.question IN ({_several_values_ids(questionnaire)}) "
        "GROUP BY 1, a.question",
        {"dimension": dimension},
    )
    per_group = collect_figures(questionnaire, _regroup(rows, merged), _regroup(answered, merged))
    group_sizes = Counter[str]()
    for key, n in sizes.items():
        target = merged.get(key)
        if target is not None:
            group_sizes[target] += n
    order = group_order(questionnaire, dimension)
    groups = tuple(
        Group(key, group_sizes[key], without_split(per_group.get(key, per_group[""]), dimension))
        for key in sorted(group_sizes, key=lambda k: order.get(k, len(order)))
    )
    return Breakdown(dimension, groups, hidden, min_group_size)


async def free_texts(
    db: aiosqlite.Connection, questionnaire: Questionnaire, *, complete: bool, minimum: int
) -> dict[str, list[str]]:
    """Return the typed texts (free text and 'other' details) per question, sorted.

    Only over the same answers as `figures` (released ones unless `complete`); the texts are
    sorted alphabetically so that their order says nothing about who wrote them or when.
    """
    where = await _answers_within(db, questionnaire, complete, minimum)
    rows = await db.execute_fetchall(
        f"SELECT a.question, a.text {_FROM_INCLUDED} WHERE {where} AND a.text IS NOT NULL"
    )
    known = {q.id for q in questionnaire.questions}
    result: dict[str, list[str]] = {}
    for question_id, value in rows:
        if question_id in known and str(value).strip():
            result.setdefault(str(question_id), []).append(str(value))
    for values in result.values():
        values.sort(key=lambda v: (v.casefold(), v))
    return result
