"""Counts aggregated in SQL: answers per group, question, release and value.

No privacy rule here (release points, merging and hiding are the core's, `bot.core.release`),
and never one row per person out of this module: scores are computed per response as they are
read, and only their counts leave.
"""

from __future__ import annotations

import itertools
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

import aiosqlite

from bot.core.answers import Answer
from bot.core.counts import Counts, Release, Texts, ValueRow
from bot.core.figures import Overview, mean_median
from bot.core.questionnaire import Questionnaire

SUBMITTED = "s.submitted_day IS NOT NULL"
_ANSWERED = "NOT (a.item = '' AND a.number IS NULL AND a.text IS NULL)"
Cells = Iterable[tuple[str, str, int | float | None, str | None]]
AnswersOf = Callable[[Cells], dict[str, Answer]]
"""Typed answers from (question, item, number, text) rows."""


def _ids(ids: Iterable[str]) -> str:
    """Question ids as an SQL list. Ids are checked when the questionnaire is loaded: they hold
    no quotes."""
    return ", ".join(f"'{question_id}'" for question_id in ids) or "NULL"


def _sessions(dimension: str | None) -> tuple[str, str]:
    """The group of a session (SQL) and the sessions joined to what gives it: their answer to
    `dimension` looked up once per session, before its answers (not once per answer)."""
    if dimension is None:
        return "''", "FROM sessions s"
    return (
        "coalesce(d.item, '')",
        "FROM sessions s LEFT JOIN answers d ON d.token = s.token AND d.question = :dimension",
    )


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


async def counts(
    db: aiosqlite.Connection,
    questionnaire: Questionnaire,
    answers_of: AnswersOf,
    dimension: str | None,
) -> Counts:
    """Count every submitted response's answers per group, question, release and value, and
    its scores per group, release and value."""
    group, sessions = _sessions(dimension)
    params = {"dimension": dimension}
    respondents = await db.execute_fetchall(
        f"SELECT {group}, s.batch, count(DISTINCT s.token) {sessions} "
        f"WHERE {SUBMITTED} GROUP BY 1, 2",
        params,
    )
    # (token, question, item) is the primary key: count(*) counts respondents per value.
    values = await db.execute_fetchall(
        f"SELECT {group}, a.question, s.batch, a.item, a.number, a.text IS NOT NULL, count(*) "
        f"{sessions} CROSS JOIN answers a ON a.token = s.token "
        f"WHERE {SUBMITTED} GROUP BY 1, 2, 3, 4, 5, 6",
        params,
    )
    several = [q.id for q in questionnaire.questions if q.several_values]
    answered = await db.execute_fetchall(
        f"SELECT {group}, a.question, s.batch, count(DISTINCT a.token) "
        f"{sessions} CROSS JOIN answers a ON a.token = s.token "
        f"WHERE {SUBMITTED} AND {_ANSWERED} AND a.question IN ({_ids(several)}) "
        "GROUP BY 1, 2, 3",
        params,
    )
    return Counts(
        respondents={(str(g), release): int(n) for g, release, n in respondents},
        values=cast("Sequence[ValueRow]", list(values)),
        answered={(str(g), str(q), release): int(n) for g, q, release, n in answered},
        scores=await _scores(db, questionnaire, answers_of, group, sessions, params),
    )


async def _scores(
    db: aiosqlite.Connection,
    questionnaire: Questionnaire,
    answers_of: AnswersOf,
    group: str,
    sessions: str,
    params: dict[str, Any],
) -> dict[tuple[str, str, Release, float | None], int]:
    """Every score's value per response, counted per (group, score, release, value)."""
    if not questionnaire.scores:
        return {}
    items = {item for score in questionnaire.scores for item in score.items}
    rows = await db.execute_fetchall(
        f"SELECT s.token, {group}, s.batch, a.question, a.item, a.number, a.text {sessions} "
        f"LEFT JOIN answers a ON a.token = s.token AND a.question IN ({_ids(sorted(items))}) "
        f"WHERE {SUBMITTED} ORDER BY s.token",
        params,
    )
    questions = questionnaire.question_map
    result: Counter[tuple[str, str, Release, float | None]] = Counter()
    for (_, key, release), cells in itertools.groupby(rows, key=operator.itemgetter(0, 1, 2)):
        answers = answers_of(row[3:] for row in cells if row[3] is not None)
        for score in questionnaire.scores:
            result[(str(key), score.id, release, score.of(questions, answers))] += 1
    return dict(result)


async def free_texts(db: aiosqlite.Connection) -> Texts:
    """The typed texts (free text and 'other' details) per question and release, each list
    sorted alphabetically so that its order says nothing about who wrote them or when."""
    rows = await db.execute_fetchall(
        f"SELECT a.question, s.batch, a.text FROM sessions s "
        f"CROSS JOIN answers a ON a.token = s.token WHERE {SUBMITTED} AND a.text IS NOT NULL"
    )
    result: dict[tuple[str, Release], list[str]] = {}
    for question_id, release, value in rows:
        result.setdefault((str(question_id), release), []).append(str(value))
    for texts in result.values():
        texts.sort(key=lambda v: (v.casefold(), v))
    return result
