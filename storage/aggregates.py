"""Counts aggregated in SQL: what each release brought, and answers per group, question and
value up to each question's release point.

No privacy rule here (release points, merging and hiding are the core's, `bot.core.release`:
this module only receives a release number per question and score), and never one row per
person out of this module: scores are added up per response in SQL, and only their counts
leave.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import aiosqlite

from bot.core.counts import Arrivals, Counts, Points, Release, Texts, ValueRow
from bot.core.figures import NO_GROUP, Overview, mean_median
from bot.core.questionnaire import Questionnaire
from bot.core.scores import Score

SUBMITTED = "s.submitted_day IS NOT NULL"
_ANSWERED = "NOT (a.item = '' AND a.number IS NULL AND a.text IS NULL)"
_GROUP = "coalesce(d.item, '')"
"""A session's group: its answer to the breakdown question (`d`), '' (`NO_GROUP`) for none."""


def _ids(ids: Iterable[str]) -> str:
    """Question ids as an SQL list. Ids are checked when the questionnaire is loaded: they hold
    no quotes."""
    return ", ".join(f"'{question_id}'" for question_id in ids) or "NULL"


def _case(column: str, points: Mapping[str, int]) -> str:
    """Each id's release point as an SQL expression of `column` (0 for an id not given)."""
    whens = " ".join(f"WHEN '{key}' THEN {int(point)}" for key, point in points.items())
    return f"CASE {column} {whens} ELSE 0 END" if whens else "0"


@dataclass(frozen=True)
class _Groups:
    """How a query puts sessions into groups: by their answer to `dimension`, looked up once
    per session before its answers (not once per answer), or none.

    Without a dimension no group is selected at all: grouping by a constant would still cost
    SQLite a longer sort key on every answer row.
    """

    dimension: str | None

    def listed(self, *columns: str, group: str = _GROUP) -> str:
        """An SQL list of the group (`group`: its expression, or its name in a subquery), if
        there is one, then `columns`."""
        return ", ".join([group, *columns] if self.dimension is not None else columns)

    @property
    def sessions(self) -> str:
        """The sessions (`s`), joined to their answer to the dimension (`d`)."""
        if self.dimension is None:
            return "FROM sessions s"
        return "FROM sessions s LEFT JOIN answers d ON d.token = s.token AND d.question = ?"

    @property
    def answers(self) -> str:
        """The sessions and their answers (`a`): sessions first, then their answers by primary
        key, much faster than the other way round."""
        return f"{self.sessions} CROSS JOIN answers a ON a.token = s.token"

    async def rows(self, db: aiosqlite.Connection, sql: str) -> list[tuple[Any, ...]]:
        """The rows of `sql`, each starting with its group (`NO_GROUP` without a dimension)."""
        if self.dimension is None:
            return [(NO_GROUP, *row) for row in await db.execute_fetchall(sql)]
        return [tuple(row) for row in await db.execute_fetchall(sql, (self.dimension,))]

    async def counted(self, db: aiosqlite.Connection, sql: str) -> dict[tuple[Any, ...], int]:
        """The rows of `sql`, a count last, as the count per key: the group (`NO_GROUP`
        without a dimension) and the other columns."""
        if self.dimension is None:
            return {(NO_GROUP, *row[:-1]): row[-1] for row in await db.execute_fetchall(sql)}
        rows = await db.execute_fetchall(sql, (self.dimension,))
        return {tuple(row[:-1]): row[-1] for row in rows}


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


async def arrivals(
    db: aiosqlite.Connection, questionnaire: Questionnaire, dimension: str | None
) -> Arrivals:
    """Count what each release brought, per group: responses, respondents who answered each
    question, responses scored for each score."""
    groups = _Groups(dimension)
    released = f"{SUBMITTED} AND s.batch IS NOT NULL"
    respondents = await groups.counted(
        db,
        f"SELECT {groups.listed('s.batch', 'count(*)')} {groups.sessions} "
        f"WHERE {released} GROUP BY {groups.listed('s.batch')}",
    )
    # The release first in the sort: SQLite sorts the answer rows faster by a number first.
    answered = await groups.counted(
        db,
        f"SELECT {groups.listed('a.question', 's.batch', 'count(*)')} {groups.answers} "
        f"WHERE {released} AND {_ANSWERED} GROUP BY s.batch, {groups.listed('a.question')}",
    )
    # A question with several rows per answer: those rows counted its answers, not its people.
    several = [q.id for q in questionnaire.questions if q.several_values]
    if several:
        answered.update(await groups.counted(db, _people(groups, released, several, "batch")))
    scored: dict[tuple[str, str, int], int] = {}
    if questionnaire.scores:
        scores, per_response = await _per_response(db, questionnaire, groups, released)
        counted = (
            f"count(*) FILTER (WHERE n{i} >= {score.least_answered})"
            for i, score in enumerate(scores)
        )
        rows = await groups.rows(
            db,
            f"{per_response} SELECT {groups.listed('batch', *counted, group='g')} FROM per "
            f"GROUP BY {groups.listed('batch', group='g')}",
        )
        for group, batch, *numbers in rows:
            for score, n in zip(scores, numbers, strict=True):
                if n:
                    scored[(str(group), score.id, int(batch))] = int(n)
    return Arrivals(respondents, answered, scored)


async def counts(
    db: aiosqlite.Connection,
    questionnaire: Questionnaire,
    dimension: str | None,
    points: Points | None,
) -> Counts:
    """Count the submitted responses' answers per group, question and value, and their scores
    per group and value: every response, or with `points` the released ones up to
    `points.last`, each question and score up to its own point."""
    groups = _Groups(dimension)
    included = SUBMITTED if points is None else f"{SUBMITTED} AND s.batch <= {int(points.last)}"
    within = included
    if points is not None:
        within += " AND s.batch <= " + _case("a.question", points.questions)
    respondents = await groups.rows(
        db,
        f"SELECT {groups.listed('count(*)')} {groups.sessions} WHERE {included}"
        + ("" if dimension is None else f" GROUP BY {groups.listed()}"),
    )
    # (token, question, item) is the primary key: count(*) counts respondents per value.
    cell = ("a.question", "a.item", "a.number", "a.text IS NOT NULL")
    values = await groups.rows(
        db,
        f"SELECT {groups.listed(*cell, 'count(*)')} {groups.answers} WHERE {within} "
        f"GROUP BY {groups.listed(*cell)}",
    )
    several = [q.id for q in questionnaire.questions if q.several_values]
    answered = await groups.rows(db, _people(groups, within, several)) if several else []
    scores: dict[tuple[str, str, float | None], int] = {}
    if questionnaire.scores:
        scores = await _score_counts(db, questionnaire, groups, included, points)
    return Counts(
        respondents={str(g): int(n) for g, n in respondents if n},
        values=cast("list[ValueRow]", values),
        answered={(str(g), str(q)): int(n) for g, q, n in answered},
        scores=scores,
    )


def _people(groups: _Groups, where: str, questions: Sequence[str], *by: str) -> str:
    """SQL: the respondents who answered each of `questions`, questions with several rows per
    answer, per group, question and `by` (columns of the sessions), in that order. Their rows
    are first made one per respondent and question, in the order they are read: no sort of
    every row."""
    inner = groups.listed(
        "a.question AS question", *(f"s.{c} AS {c}" for c in by), group=f"{_GROUP} AS g"
    )
    return (
        f"SELECT {groups.listed('question', *by, 'count(*)', group='g')} FROM ("
        f"SELECT {inner} {groups.sessions} CROSS JOIN answers a ON a.token = s.token "
        f"AND a.question IN ({_ids(questions)}) WHERE {where} AND {_ANSWERED} "
        f"GROUP BY s.token, a.question) GROUP BY {groups.listed(*by, 'question', group='g')}"
    )


async def _per_response(
    db: aiosqlite.Connection, questionnaire: Questionnaire, groups: _Groups, where: str
) -> tuple[Sequence[Score], str]:
    """The scores, and an SQL `WITH` clause whose table `per` holds each response's group `g`
    (if any), release `batch`, and for each score i the sum `t{i}` and the number `n{i}` of
    its items' values. The values are added up in SQL, never read one response at a time."""
    scores = questionnaire.scores
    items = sorted({item for score in scores for item in score.items})
    value = await _item_value(db, questionnaire, items)
    sums = (
        f"sum(value) FILTER (WHERE question IN ({_ids(score.items)})) AS t{i}, "
        f"count(value) FILTER (WHERE question IN ({_ids(score.items)})) AS n{i}"
        for i, score in enumerate(scores)
    )
    cells = groups.listed(
        "s.token AS token",
        "s.batch AS batch",
        "a.question AS question",
        f"{value} AS value",
        group=f"{_GROUP} AS g",
    )
    clause = (
        f"WITH per AS MATERIALIZED (SELECT {groups.listed('batch', *sums, group='g')} FROM ("
        f"SELECT {cells} {groups.sessions} "
        f"LEFT JOIN answers a ON a.token = s.token AND a.question IN ({_ids(items)}) "
        f"WHERE {where}) GROUP BY token)"
    )
    return scores, clause


async def _item_value(
    db: aiosqlite.Connection, questionnaire: Questionnaire, items: Sequence[str]
) -> str:
    """SQL: the value in scores of an answer row `a` to one of `items` (NULL for none).

    Each distinct stored cell's value comes from its question type (`score_value`): every
    question type that scores take stores an answer in one cell, so that its value rests on
    that cell alone. It is written as the cell's number where it is the value (numbers,
    scales), else chosen by the item (options) or the number (a reversed scale)."""
    cells = await db.execute_fetchall(
        f"SELECT DISTINCT question, item, number FROM answers WHERE question IN ({_ids(items)})"
    )
    per_question: dict[str, list[tuple[str, int | float | None, float]]] = {}
    for question_id, item, number in cells:
        question = questionnaire.question(str(question_id))
        worth = question.score_value(question.from_cells([(str(item), number, None)]))
        if worth is not None:
            per_question.setdefault(str(question_id), []).append((str(item), number, worth))
    whens = []
    for question_id, valued in per_question.items():
        if all(item == "" and number == worth for item, number, worth in valued):
            expression = "a.number"
        else:
            choices = " ".join(
                f"WHEN a.item = {_text(item)} AND a.number IS {_number(number)} THEN {worth!r}"
                for item, number, worth in valued
            )
            expression = f"CASE {choices} END"
        whens.append(f"WHEN '{question_id}' THEN {expression}")
    return f"CASE a.question {' '.join(whens)} END" if whens else "NULL"


def _text(value: str) -> str:
    """A text as an SQL literal."""
    return "'" + value.replace("'", "''") + "'"


def _number(value: int | float | None) -> str:
    """A stored number as an SQL literal."""
    return "NULL" if value is None else repr(value)


async def _score_counts(
    db: aiosqlite.Connection,
    questionnaire: Questionnaire,
    groups: _Groups,
    included: str,
    points: Points | None,
) -> dict[tuple[str, str, float | None], int]:
    """Every score's values counted per (group, score, value), each score over the responses
    up to its own point if `points` are given."""
    scores, per_response = await _per_response(db, questionnaire, groups, included)
    parts = []
    for i, score in enumerate(scores):
        point = "" if points is None else f"WHERE batch <= {int(points.scores.get(score.id, 0))}"
        parts.append(
            f"SELECT {groups.listed(str(i), f't{i}', f'n{i}', 'count(*)', group='g')} FROM per "
            f"{point} GROUP BY {groups.listed(f't{i}', f'n{i}', group='g')}"
        )
    rows = await groups.rows(db, f"{per_response} {' UNION ALL '.join(parts)}")
    result: Counter[tuple[str, str, float | None]] = Counter()
    for group, i, total, answered, n in rows:
        score = scores[i]
        value = None
        if answered >= score.least_answered:
            value = (total if score.method == "sum" else total / answered) * score.multiplier
        result[(str(group), score.id, value)] += int(n)
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
