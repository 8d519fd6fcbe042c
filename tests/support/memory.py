"""A second backend of the core's storage Protocols, in memory, for the contract tests.

It keeps the same promises as the SQLite store (`storage.store.SurveyStore`): sessions by random
token and handle, keys of those who submitted written a whole batch at a time, submitted
responses under new tokens, releases in whole settled batches, each question's figures up to its
own release point. What outlives a restart is `MemoryData` (the file's part); what the store
holds besides (the keys waiting) is lost with it, as with SQLite. It reuses the core's pure
figure functions, and counts in Python what the SQLite store counts in SQL.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bot.core.answers import Answer, SessionState, SubmittedResponse
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
from bot.core.questions.base import Cell
from bot.core.stores import Resumable, Session, StorageError, SurveyStatus, redelivered
from storage.pepper import Pepper
from storage.sessions import HANDLE_BYTES, TOKEN_BYTES


@dataclass
class Record:
    """A session: in progress (started, not submitted), ended by a closing, or submitted."""

    language: str
    started_at: datetime | None = None
    cursor: str | None = None
    handle: str | None = None
    last_update: int | None = None
    day: str | None = None
    minutes: int | None = None
    batch: int | None = None
    settled: bool = False
    cells: dict[str, list[Cell]] = field(default_factory=dict)

    @property
    def in_progress(self) -> bool:
        return self.day is None and self.started_at is not None


@dataclass
class MemoryData:
    """What a restart keeps: the part a file would hold."""

    sessions: dict[str, Record] = field(default_factory=dict)
    submitted: set[bytes] = field(default_factory=set)
    admins: dict[bytes, str] = field(default_factory=dict)
    closed_at: datetime | None = None
    deadline: datetime | None = None
    deadline_set: bool = False
    closing_announced: bool = False
    paid_messages: int = 0


def _answered(cell: Cell) -> bool:
    item, number, text = cell
    return not (item == "" and number is None and text is None)


class MemoryStore:
    """`SessionRecords`, `ResultsStore`, `AdminStore` and `SpendingStore` over `MemoryData`."""

    def __init__(
        self, data: MemoryData, questionnaire: Questionnaire, pepper: Pepper, batch: int = 1
    ) -> None:
        self._data = data
        self._questionnaire = questionnaire
        self._questions = {question.id: question for question in questionnaire.questions}
        self._pepper = pepper
        self._batch = max(batch, 1)
        self._waiting: set[bytes] = set()

    # -- sessions -----------------------------------------------------------------------

    async def submitted(self, user_id: int) -> bool:
        key = self._pepper.respondent_key(user_id, self._questionnaire.id)
        return key in self._waiting or key in self._data.submitted

    def take_resumable(self, user_id: int) -> Resumable | None:
        return None  # no older version ever linked a person to a session here

    async def start(self, language: str, now: datetime) -> Session:
        token, handle = secrets.token_urlsafe(TOKEN_BYTES), secrets.token_urlsafe(HANDLE_BYTES)
        self._data.sessions[token] = Record(language, started_at=now, handle=handle)
        return Session(token, SessionState(language), now, handle=handle)

    async def begin(self, user_id: int, language: str, now: datetime) -> Session | None:
        if await self.submitted(user_id):
            return None
        return await self.start(language, now)

    def _in_progress(self, token: str) -> Record | None:
        record = self._data.sessions.get(token)
        return record if record is not None and record.in_progress else None

    async def session(self, token: str, update_id: int | None = None) -> Session | None:
        record = self._in_progress(token)
        if record is None or record.started_at is None:
            return None
        last = record.last_update
        duplicate = redelivered(last, update_id)
        state = SessionState(record.language, self._answers(record.cells), record.cursor)
        return Session(token, state, record.started_at, duplicate, record.handle or "", last)

    async def find(self, handle: str) -> str | None:
        for token, record in self._data.sessions.items():
            if record.in_progress and record.handle == handle:
                return token
        return None

    async def in_progress(self) -> int:
        return sum(record.in_progress for record in self._data.sessions.values())

    def _claim(self, token: str, update_id: int | None) -> Record:
        record = self._in_progress(token)
        if record is None:
            raise StorageError("the session is no longer in progress")
        if update_id is not None:
            record.last_update = update_id
        return record

    async def record(
        self,
        token: str,
        question_id: str,
        answer: Answer,
        dropped: Sequence[str],
        update_id: int | None,
    ) -> None:
        record = self._claim(token, update_id)
        for removed in (question_id, *dropped):
            record.cells.pop(removed, None)
        record.cells[question_id] = list(self._questions[question_id].cells(answer))
        record.cursor = None

    async def update_session(
        self,
        token: str,
        update_id: int | None,
        *,
        cursor: str | None = None,
        language: str | None = None,
    ) -> None:
        record = self._claim(token, update_id)
        record.cursor = cursor
        record.language = language or record.language

    async def cancel(self, token: str) -> bool:
        if self._in_progress(token) is None:
            return False
        del self._data.sessions[token]
        return True

    async def submit(self, user_id: int, token: str, day: date, duration_minutes: int) -> bool:
        waiting = self._waiting | {self._pepper.respondent_key(user_id, self._questionnaire.id)}
        complete = len(waiting) >= self._batch
        record = self._in_progress(token)
        if record is None:
            return False
        del self._data.sessions[token]
        if complete:
            self._data.submitted |= waiting
        response = Record(
            record.language, day=day.isoformat(), minutes=duration_minutes, cells=record.cells
        )
        self._data.sessions[secrets.token_urlsafe(TOKEN_BYTES)] = response
        unsettled = [r for r in self._data.sessions.values() if r.day and not r.settled]
        if len(unsettled) >= self._batch:
            for stored in unsettled:
                stored.settled = True
        self._waiting = set() if complete else waiting
        return True

    def _seal(self) -> None:
        for record in self._data.sessions.values():
            record.settled = True
            if record.in_progress:
                record.started_at = record.cursor = record.handle = record.last_update = None

    async def survey_status(self) -> SurveyStatus:
        data = self._data
        return SurveyStatus(
            data.closed_at, data.deadline, data.deadline_set, data.closing_announced
        )

    async def close_survey(self, at: datetime) -> None:
        self._data.closed_at = at
        self._seal()

    async def reopen_survey(
        self, deadline: datetime | None, *, keep_deadline: bool = False
    ) -> None:
        self._data.closed_at = None
        self._data.closing_announced = False
        if not keep_deadline:
            self._data.deadline, self._data.deadline_set = deadline, True

    async def mark_closing_announced(self) -> bool:
        if self._data.closing_announced:
            return False
        self._data.closing_announced = True
        self._seal()
        return True

    # -- admins and spending ------------------------------------------------------------

    async def admin_language(self, user_id: int) -> str | None:
        return self._data.admins.get(self._pepper.admin_key(user_id))

    async def keep_admin_language(self, user_id: int, language: str) -> None:
        self._data.admins[self._pepper.admin_key(user_id)] = language

    async def paid_messages(self) -> int:
        return self._data.paid_messages

    async def keep_paid_messages(self, count: int) -> None:
        self._data.paid_messages = count

    # -- results --------------------------------------------------------------------------

    async def release_figures(self, batch: int) -> int:
        submitted = [r for r in self._data.sessions.values() if r.day is not None]
        waiting = [r for r in submitted if r.batch is None and r.settled]
        if len(waiting) < max(batch, 1):
            return 0
        number = max((r.batch or 0 for r in submitted), default=0) + 1
        for record in waiting:
            record.batch = number
        return len(waiting)

    async def iter_responses(
        self, *, released_only: bool = False
    ) -> AsyncIterator[SubmittedResponse]:
        for _, record in sorted(self._data.sessions.items()):
            if record.day is None or record.minutes is None:
                continue
            if released_only and record.batch is None:
                continue
            answers = self._answers(record.cells)
            yield SubmittedResponse(
                record.language, record.day, record.minutes, answers, record.batch
            )

    def _included(self, complete: bool) -> list[Record]:
        return [
            r
            for _, r in sorted(self._data.sessions.items())
            if r.day is not None and (complete or r.batch is not None)
        ]

    def _groups(self, record: Record, dimension: str | None) -> list[str]:
        if dimension is None:
            return [""]
        return [item for item, _, _ in record.cells.get(dimension, [])] or [""]

    def _within(
        self, complete: bool, dimension: str | None, merged: Mapping[str, str], minimum: int
    ) -> list[tuple[str, Record, str, Cell]]:
        """(group, response, question, cell) of every answer its question's figures include."""
        every = [
            (group, record, question_id, cell)
            for record in self._included(complete)
            for group in self._groups(record, dimension)
            for question_id, cells in record.cells.items()
            for cell in cells
        ]
        if complete:
            return every
        per_batch: dict[tuple[str, str], Counter[int]] = {}
        counted: set[tuple[str, int, str, int]] = set()
        for group, record, question_id, cell in every:
            target = merged.get(group)
            seen = (group, id(record), question_id, record.batch or 0)
            if target is None or not _answered(cell) or seen in counted:
                continue
            counted.add(seen)
            per_batch.setdefault((question_id, target), Counter())[record.batch or 0] += 1
        parts: dict[str, list[Mapping[int, int]]] = {}
        for (question_id, _), counts in per_batch.items():
            parts.setdefault(question_id, []).append(counts)
        questions = self._questionnaire.questions
        points = {q.id: release_point(parts.get(q.id, []), minimum) for q in questions}
        return [entry for entry in every if (entry[1].batch or 0) <= points.get(entry[2], 0)]

    def _rows(
        self, within: Iterable[tuple[str, Record, str, Cell]]
    ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """Rows and answered rows as `collect_figures` takes them."""
        values: Counter[tuple[str, str, str, int | float | None, bool]] = Counter()
        answered: dict[tuple[str, str], set[int]] = {}
        for group, record, question_id, (item, number, text) in within:
            values[(group, question_id, item, number, text is not None)] += 1
            question = self._questions.get(question_id)
            several = question is not None and question.several_values
            if several and _answered((item, number, text)):
                answered.setdefault((group, question_id), set()).add(id(record))
        rows = [(*key, n) for key, n in values.items()]
        answered_rows = [(g, q, len(tokens)) for (g, q), tokens in answered.items()]
        return rows, answered_rows

    def _overview(self) -> Overview:
        records = list(self._data.sessions.values())
        submitted = [r for r in records if r.day is not None]
        per_day = Counter(r.day for r in submitted if r.day is not None)
        _, median = mean_median(Counter(r.minutes for r in records if r.minutes is not None))
        return Overview(
            started=len(records),
            in_progress=len(records) - len(submitted),
            submitted=len(submitted),
            per_day=tuple(sorted(per_day.items())),
            median_minutes=median,
        )

    async def figures(self, *, complete: bool) -> Figures:
        within = self._within(complete, None, {"": ""}, self._batch)
        rows, answered = self._rows(within)
        per_group = collect_figures(self._questionnaire, rows, answered)
        return Figures(
            overview=self._overview(),
            included=len(self._included(complete)),
            questions=per_group[""],
            complete=complete,
        )

    async def breakdown(self, dimension: str, *, complete: bool, min_group_size: int) -> Breakdown:
        sizes: Counter[str] = Counter()
        for record in self._included(complete):
            for group in set(self._groups(record, dimension)):
                sizes[group] += 1
        merged, hidden = merge_small_groups(sizes, min_group_size)
        within = [
            (merged[group], record, question_id, cell)
            for group, record, question_id, cell in self._within(
                complete, dimension, merged, min_group_size
            )
            if group in merged
        ]
        rows, answered = self._rows(within)
        per_group = collect_figures(self._questionnaire, rows, answered)
        group_sizes: Counter[str] = Counter()
        for key, n in sizes.items():
            if key in merged:
                group_sizes[merged[key]] += n
        order = group_order(self._questionnaire, dimension)
        groups = tuple(
            Group(
                key, group_sizes[key], without_split(per_group.get(key, per_group[""]), dimension)
            )
            for key in sorted(group_sizes, key=lambda k: order.get(k, len(order)))
        )
        return Breakdown(dimension, groups, hidden, min_group_size)

    async def free_texts(self, *, complete: bool) -> dict[str, list[str]]:
        result: dict[str, list[str]] = {}
        for _, _, question_id, (_, _, text) in self._within(complete, None, {"": ""}, self._batch):
            if text is not None and question_id in self._questions and text.strip():
                result.setdefault(question_id, []).append(text)
        for texts in result.values():
            texts.sort(key=lambda v: (v.casefold(), v))
        return result

    # -- answers --------------------------------------------------------------------------

    def _answers(self, cells: Mapping[str, Sequence[Cell]]) -> dict[str, Answer]:
        return {
            question_id: self._questions[question_id].from_cells(
                sorted(given, key=lambda cell: cell[0])
            )
            for question_id, given in cells.items()
            if question_id in self._questions
        }
