"""The survey store: one SQLite file, one writer connection, one unit of work per method."""

from __future__ import annotations

import asyncio
import hmac
import itertools
import logging
import operator
import os
import secrets
import sqlite3
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import aiosqlite

from bot.core.answers import Answer, SessionState, SubmittedResponse
from bot.core.figures import Breakdown, Figures
from bot.core.questionnaire import Questionnaire
from bot.core.questions.base import Cell
from bot.core.stores import Resumable, Session, StepMessage, StorageError, SurveyStatus
from storage import aggregates
from storage.files import create_private_file, private_folder
from storage.pepper import Pepper, PepperMismatch
from storage.schema import MIGRATIONS, SCHEMA_VERSION

logger = logging.getLogger(__name__)

TOKEN_BYTES = 24  # 192 bits
HANDLE_BYTES = 9  # 12 characters in a button's callback data, beside ids of 24 bytes at most
# Telegram redelivers at most one unconfirmed batch; after a week without updates it restarts
# update ids at a random value, which must not look like a redelivery.
REDELIVERY_WINDOW = 10_000
RESPONSES_PER_READ = 500
DEFAULT_BATCH = 5
IN_PROGRESS = "submitted_day IS NULL AND started_at IS NOT NULL"
"""A session in progress: not submitted, and not ended by the survey's closing."""


class SurveyStore:
    """Persists sessions and answers of one questionnaire.

    Every public method is one transaction. The connection is shared, so writes are
    serialised with a lock: coroutines sharing an aiosqlite connection share its transaction.
    """

    def __init__(
        self,
        connection: aiosqlite.Connection,
        questionnaire: Questionnaire,
        pepper: Pepper,
        batch: int = DEFAULT_BATCH,
    ) -> None:
        self._db = connection
        self._batch = max(batch, 1)
        self._questionnaire = questionnaire
        self._pepper = pepper
        self._lock = asyncio.Lock()
        self._status: SurveyStatus | None = None
        self._questions = {question.id: question for question in questionnaire.questions}
        self._waiting: set[bytes] = set()
        """Keys of people who submitted, not yet written: `submitted` takes a whole batch."""
        self._resumable: dict[bytes, Resumable] = {}
        """Sessions in progress as an older version's `respondents` linked them (memory)."""

    # -- lifecycle ------------------------------------------------------------------------

    @classmethod
    async def open(
        cls,
        path: Path | str,
        questionnaire: Questionnaire,
        pepper: Pepper,
        *,
        batch: int = DEFAULT_BATCH,
    ) -> SurveyStore:
        """Open (or create) the database file for this questionnaire and upgrade its schema.

        Submitted responses are written again in the order of their random tokens until a
        batch of `batch` (the survey's `min_group_size`) is complete, so that the file never
        tells their order within a batch.
        """
        path = Path(path)
        if str(path) != ":memory:":
            await asyncio.to_thread(_create_private, path)
        try:
            connection = await aiosqlite.connect(path, isolation_level=None)
        except sqlite3.Error as error:
            raise StorageError(f"cannot open the database {path}: {error}") from None
        try:
            await _configure(connection)
            store = cls(connection, questionnaire, pepper, batch)
            await store._migrate(path)
        except sqlite3.Error as error:
            await connection.close()
            raise StorageError(f"cannot open the database {path}: {error}") from None
        except BaseException:
            await connection.close()
            raise
        return store

    async def close(self) -> None:
        """Close the file (every commit has already left it complete, with no journal)."""
        async with self._lock:
            await self._db.close()

    async def _migrate(self, path: Path) -> None:
        async with self._write():
            (version,) = await self._one("PRAGMA user_version")
            upgraded = 0 < version < SCHEMA_VERSION
            rekeyed = 0 < version < 2  # version 1 kept the link of submitted responses
            if version > SCHEMA_VERSION:
                raise StorageError(
                    f"the database has schema version {version}; this program knows up to "
                    f"{SCHEMA_VERSION}: upgrade the program"
                )
            for step in range(version + 1, SCHEMA_VERSION + 1):
                if step == 7:
                    await self._keep_links_in_memory()
                for statement in _statements(MIGRATIONS[step]):
                    await self._db.execute(statement)
                if step == 7:
                    await self._give_handles()
            await self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            row = await self._row("SELECT survey_id FROM survey")
            if row is None:
                await self._db.execute(
                    "INSERT INTO survey (singleton, survey_id, pepper_fingerprint) "
                    "VALUES (1, ?, ?)",
                    (self._questionnaire.id, self._pepper.fingerprint()),
                )
            elif row[0] != self._questionnaire.id:
                raise StorageError(
                    f"the database belongs to survey {row[0]!r}, not {self._questionnaire.id!r}"
                )
            else:
                await self._check_pepper(path)
            await self._check_compatible()
            if rekeyed:
                await self._rekey_submitted()
        if upgraded:
            # Rewrites every page, leaving no trace of older layouts (and turns on auto_vacuum).
            async with self._lock:
                await self._db.execute("VACUUM")

    async def _keep_links_in_memory(self) -> None:
        """Before `respondents` is dropped (version 7): hold its links in memory, so that
        people answering during the upgrade go on until the next restart."""
        rows = await self._all(
            "SELECT key, session, step_message, step_buttons, answers_after, latest_input "
            "FROM respondents"
        )
        for key, token, message_id, buttons, answers_after, latest_input in rows:
            shown = StepMessage(message_id, bool(buttons), answers_after, latest_input)
            self._resumable[bytes(key)] = Resumable(str(token), shown)

    async def _give_handles(self) -> None:
        """Give every session in progress a handle, for its buttons from now on."""
        rows = await self._all(
            "SELECT token FROM sessions WHERE submitted_day IS NULL AND started_at IS NOT NULL"
        )
        await self._db.executemany(
            "UPDATE sessions SET handle = ? WHERE token = ?",
            [(_new_handle(), token) for (token,) in rows],
        )

    async def _check_pepper(self, path: Path) -> None:
        """Refuse a pepper other than the one the database's keys were made with.

        With another pepper, everybody would get a new key: those who submitted could answer
        again. A database of an earlier version, which kept no fingerprint, takes the current
        pepper's.
        """
        (kept,) = await self._one("SELECT pepper_fingerprint FROM survey")
        fingerprint = self._pepper.fingerprint()
        if kept is None:
            await self._db.execute("UPDATE survey SET pepper_fingerprint = ?", (fingerprint,))
            logger.warning(
                "the database %s had no fingerprint of its pepper (an earlier version made it): "
                "it keeps the current pepper's from now on, and will refuse any other pepper",
                path,
            )
        elif not hmac.compare_digest(bytes(kept), fingerprint):
            raise PepperMismatch(
                f"the pepper given is not the one the database {path} was made with: with it, "
                "everybody who already answered could answer again."
            )

    async def _rekey_submitted(self) -> None:
        """Give every submitted response of an older file a token never linked to anybody."""
        responses = await self._take_submitted(settled_too=True)
        await self._insert_responses(
            [replace(response, token=_new_token()) for response in responses], settled=True
        )

    async def _take_submitted(self, *, settled_too: bool) -> list[_Submitted]:
        """Read and delete the submitted responses (only unsettled ones unless `settled_too`).

        The caller writes them again, in token order, in the same transaction.
        """
        where = "submitted_day IS NOT NULL" + ("" if settled_too else " AND settled = 0")
        sessions = await self._all(
            f"SELECT token, language, submitted_day, duration_minutes, batch FROM sessions "
            f"WHERE {where}"
        )
        answers = await self._all(
            "SELECT token, question, item, number, text FROM answers WHERE token IN "
            f"(SELECT token FROM sessions WHERE {where}) ORDER BY token"
        )
        by_token: dict[str, list[AnswerRow]] = {}
        for token, question, item, number, text in answers:
            by_token.setdefault(token, []).append((question, item, number, text))
        await self._db.execute(f"DELETE FROM sessions WHERE {where}")
        return [
            _Submitted(
                token,
                language,
                day,
                minutes,
                tuple(by_token.get(token, ())),
                batch,
            )
            for token, language, day, minutes, batch in sessions
        ]

    async def _check_compatible(self) -> None:
        """Refuse a questionnaire that lost a question or option which has stored answers."""
        rows = await self._all("SELECT DISTINCT question, item FROM answers")
        problems: list[str] = []
        for question_id, item in rows:
            try:
                question = self._questionnaire.question(question_id)
            except KeyError:
                problems.append(f"question {question_id!r} was removed")
                continue
            if item and not question.keeps_item(item):
                problems.append(f"option {item!r} of question {question_id!r} was removed")
        if problems:
            raise StorageError(
                "the questionnaire no longer matches the stored answers: "
                + "; ".join(sorted(set(problems)))
                + ". Put them back (a label can change, an id cannot), or start a new database."
            )

    # -- transactions ---------------------------------------------------------------------

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[None]:
        async with self._lock:
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
                await self._db.execute("COMMIT")
            except BaseException:
                self._status = None  # it may hold what was just rolled back
                await self._rollback()
                raise

    async def _rollback(self) -> None:
        # After some errors (disk full, I/O) SQLite has already rolled back; that is fine.
        if self._db.in_transaction:
            try:
                await self._db.execute("ROLLBACK")
            except sqlite3.Error as error:
                logger.warning("rollback failed: %s", error)

    @asynccontextmanager
    async def _read(self) -> AsyncIterator[None]:
        # No transaction needed: this store is the only writer and the lock keeps its own
        # writes out while a read runs.
        async with self._lock:
            yield

    async def _row(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        async with self._db.execute(sql, tuple(params)) as cursor:
            return await cursor.fetchone()

    async def _one(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row:
        row = await self._row(sql, params)
        assert row is not None, sql
        return row

    async def _all(self, sql: str, params: Iterable[Any] = ()) -> Iterable[aiosqlite.Row]:
        return await self._db.execute_fetchall(sql, tuple(params))

    # -- sessions ---------------------------------------------------------------------------
    # By token only: nothing here takes or stores anything of the person, except `submit`,
    # which records their key among those who submitted, a whole batch at a time.

    async def submitted(self, user_id: int) -> bool:
        """Whether this person submitted: recorded in the file, or waiting to be."""
        key = self._pepper.respondent_key(user_id)
        if key in self._waiting:
            return True
        async with self._read():
            return await self._row("SELECT 1 FROM submitted WHERE key = ?", (key,)) is not None

    def take_resumable(self, user_id: int) -> Resumable | None:
        """This person's session in progress as an older version linked it (once)."""
        if not self._resumable:
            return None
        return self._resumable.pop(self._pepper.respondent_key(user_id), None)

    async def start(self, language: str, now: datetime) -> Session:
        """Begin a session under a new random token and handle."""
        token, handle = _new_token(), _new_handle()
        async with self._write():
            await self._db.execute(
                "INSERT INTO sessions (token, language, started_at, handle) VALUES (?, ?, ?, ?)",
                (token, language, now.isoformat(), handle),
            )
        return Session(token, SessionState(language), now, handle=handle)

    async def session(self, token: str, update_id: int | None = None) -> Session | None:
        """Return the session in progress under `token`, if any.

        With `update_id`, the session is marked `duplicate` when that update (or a later one)
        was already applied, so that a redelivered update changes nothing.
        """
        async with self._read():
            row = await self._row(
                "SELECT last_update, language, cursor, started_at, handle FROM sessions "
                f"WHERE token = ? AND {IN_PROGRESS}",
                (token,),
            )
            if row is None:
                return None
            last_update, language, cursor, started_at, handle = row
            answers = await self._all(
                "SELECT question, item, number, text FROM answers WHERE token = ?", (token,)
            )
        duplicate = (
            update_id is not None
            and last_update is not None
            and 0 <= last_update - update_id < REDELIVERY_WINDOW
        )
        state = SessionState(language, self._answers_from_rows(answers), cursor)
        started = datetime.fromisoformat(started_at)
        return Session(token, state, started, duplicate, handle or "")

    async def find(self, handle: str) -> str | None:
        """The token of the session in progress whose buttons carry `handle`."""
        async with self._read():
            row = await self._row(
                f"SELECT token FROM sessions WHERE handle = ? AND {IN_PROGRESS}", (handle,)
            )
        return None if row is None else str(row[0])

    async def handles(self) -> list[str]:
        """The handles of the sessions in progress (for the terminal preview, whose database
        has one respondent: the terminal)."""
        async with self._read():
            rows = await self._all(f"SELECT handle FROM sessions WHERE {IN_PROGRESS}")
        return [str(handle) for (handle,) in rows if handle]

    async def in_progress(self) -> int:
        """How many sessions are in progress."""
        async with self._read():
            (count,) = await self._one(f"SELECT count(*) FROM sessions WHERE {IN_PROGRESS}")
        return int(count)

    async def record(
        self,
        token: str,
        question_id: str,
        answer: Answer,
        dropped: Sequence[str],
        update_id: int | None,
    ) -> None:
        """Store an answer, and remove the answers in `dropped`, in one transaction."""
        async with self._write():
            await self._claim(token, update_id)
            await self._db.executemany(
                "DELETE FROM answers WHERE token = ? AND question = ?",
                [(token, removed) for removed in (question_id, *dropped)],
            )
            await self._db.executemany(
                "INSERT INTO answers (token, question, item, number, text) VALUES (?, ?, ?, ?, ?)",
                [
                    (token, question_id, *row)
                    for row in self._rows_from_answer(question_id, answer)
                ],
            )
            await self._db.execute("UPDATE sessions SET cursor = NULL WHERE token = ?", (token,))

    async def update_session(
        self,
        token: str,
        update_id: int | None,
        *,
        cursor: str | None = None,
        language: str | None = None,
    ) -> None:
        """Move the cursor (for *back*) or change the language of a session in progress."""
        async with self._write():
            await self._claim(token, update_id)
            await self._db.execute(
                "UPDATE sessions SET cursor = ?, language = coalesce(?, language) WHERE token = ?",
                (cursor, language, token),
            )

    async def _claim(self, token: str, update_id: int | None) -> None:
        """Check that the token is a session in progress; remember the update."""
        cursor = await self._db.execute(
            "UPDATE sessions SET last_update = coalesce(?, last_update) "
            f"WHERE token = ? AND {IN_PROGRESS}",
            (update_id, token),
        )
        if cursor.rowcount != 1:
            raise StorageError("the session is no longer in progress")

    async def cancel(self, token: str) -> bool:
        """Delete a session in progress and its answers, as if it had never started."""
        async with self._write():
            cursor = await self._db.execute(
                f"DELETE FROM sessions WHERE token = ? AND {IN_PROGRESS}", (token,)
            )
            return cursor.rowcount == 1

    async def submit(self, user_id: int, token: str, day: date, duration_minutes: int) -> bool:
        """Make the session a submitted response, and record that this person submitted.

        In one transaction: the session is deleted (and wiped), and its answers join the batch
        being filled under a new token, with the day and the minutes only. The person's key
        waits in memory until a whole batch (`min_group_size`) of keys waits; then they are
        all written in this same transaction, so that no copy of the file pairs a key with a
        response: between two copies, the keys that appeared belong to at least a batch of
        responses that appeared since the last keys were written.
        """
        key = self._pepper.respondent_key(user_id)
        async with self._write():
            waiting = self._waiting | {key}  # read under the lock: submissions take turns
            complete = len(waiting) >= self._batch
            row = await self._row(
                f"SELECT language FROM sessions WHERE token = ? AND {IN_PROGRESS}", (token,)
            )
            if row is None:
                return False
            answers = await self._all(
                "SELECT question, item, number, text FROM answers WHERE token = ?", (token,)
            )
            await self._db.execute("DELETE FROM sessions WHERE token = ?", (token,))
            if complete:
                await self._add_submitted(waiting)
            response = _Submitted(
                _new_token(), row[0], day.isoformat(), duration_minutes, _answer_rows(answers)
            )
            await self._add_to_batch(response)
        self._waiting = set() if complete else waiting
        return True

    async def _add_submitted(self, new: Iterable[bytes]) -> None:
        """Rewrite the set of keys of those who submitted, in key order."""
        keys = {bytes(row[0]) for row in await self._all("SELECT key FROM submitted")}
        keys.update(new)
        await self._db.execute("DELETE FROM submitted")
        await self._db.executemany(
            "INSERT INTO submitted (key) VALUES (?)", [(k,) for k in sorted(keys)]
        )

    async def _add_to_batch(self, response: _Submitted) -> None:
        """Write the unsettled responses again, this one among them, in token order.

        Deleted and inserted in one transaction, their cells end up in the order of their
        random tokens, whatever the order they came in. A complete batch is settled.
        """
        batch = [response, *await self._take_submitted(settled_too=False)]
        await self._insert_responses(batch, settled=len(batch) >= self._batch)

    async def _insert_responses(self, responses: Iterable[_Submitted], *, settled: bool) -> None:
        """Insert submitted responses, in the order of their tokens."""
        ordered = sorted(responses, key=operator.attrgetter("token"))
        await self._db.executemany(
            "INSERT INTO sessions (token, language, submitted_day, duration_minutes, batch, "
            "settled) VALUES (?, ?, ?, ?, ?, ?)",
            [(r.token, r.language, r.day, r.minutes, r.batch, int(settled)) for r in ordered],
        )
        await self._db.executemany(
            "INSERT INTO answers (token, question, item, number, text) VALUES (?, ?, ?, ?, ?)",
            [(r.token, *answer) for r in ordered for answer in r.answers],
        )

    async def _seal(self) -> None:
        """At the survey's closing: settle every response, end the sessions in progress.

        Those who had not submitted lose their session (its handle, start and cursor go), and
        its answers stay as an unfinished response with no time; if the survey is opened
        again, they start afresh. The keys waiting in memory are not written: fewer than a
        batch of them would pair each with one of the few responses since the last batch.
        """
        await self._db.execute("UPDATE sessions SET settled = 1 WHERE settled = 0")
        await self._db.execute(
            "UPDATE sessions SET started_at = NULL, cursor = NULL, handle = NULL, "
            f"last_update = NULL WHERE {IN_PROGRESS}"
        )
        self._resumable.clear()

    # -- survey state ---------------------------------------------------------------------

    async def survey_status(self) -> SurveyStatus:
        """Return whether the survey was closed, and the deadline stored by /open.

        Read on every update, so it is kept in memory; this store is the file's only writer
        and refreshes it whenever it changes the row.
        """
        if self._status is None:
            async with self._read():
                await self._load_status()
        assert self._status is not None
        return self._status

    async def _load_status(self) -> None:
        row = await self._one("SELECT closed_at, deadline, closing_announced FROM survey")
        self._status = SurveyStatus(
            _datetime(row[0]), _datetime(row[1]), row[1] is not None, bool(row[2])
        )

    async def close_survey(self, at: datetime) -> None:
        """Close the survey now, and seal it (see `_seal`)."""
        async with self._write():
            await self._db.execute("UPDATE survey SET closed_at = ?", (at.isoformat(),))
            await self._seal()
            await self._load_status()

    async def reopen_survey(
        self, deadline: datetime | None, *, keep_deadline: bool = False
    ) -> None:
        """Reopen the survey with a new deadline (None: none), or the one in force."""
        async with self._write():
            if keep_deadline:
                await self._db.execute("UPDATE survey SET closed_at = NULL, closing_announced = 0")
            else:
                await self._db.execute(
                    "UPDATE survey SET closed_at = NULL, closing_announced = 0, deadline = ?",
                    (deadline.isoformat() if deadline else "",),
                )
            await self._load_status()

    async def mark_closing_announced(self) -> bool:
        """Record that the admins were told of the closing, and seal; False if done already."""
        async with self._write():
            cursor = await self._db.execute(
                "UPDATE survey SET closing_announced = 1 WHERE closing_announced = 0"
            )
            if cursor.rowcount != 1:
                return False
            await self._seal()
            await self._load_status()
            return True

    async def paid_messages(self) -> int:
        """The paid messages counted against the survey's budget so far."""
        async with self._read():
            (count,) = await self._one("SELECT paid_messages FROM survey")
        return int(count)

    async def keep_paid_messages(self, count: int) -> None:
        """Record the paid messages counted against the survey's budget."""
        async with self._write():
            await self._db.execute("UPDATE survey SET paid_messages = ?", (count,))

    # -- admins ---------------------------------------------------------------------------

    async def admin_language(self, user_id: int) -> str | None:
        """The language an admin was last answered in, if any."""
        async with self._read():
            row = await self._row(
                "SELECT language FROM admins WHERE key = ?", (self._pepper.admin_key(user_id),)
            )
        return None if row is None else str(row[0])

    async def keep_admin_language(self, user_id: int, language: str) -> None:
        """Record the language an admin is answered in."""
        async with self._write():
            await self._db.execute(
                "INSERT INTO admins (key, language) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET language = excluded.language",
                (self._pepper.admin_key(user_id), language),
            )

    # -- reading results ------------------------------------------------------------------

    async def release_figures(self, batch: int) -> int:
        """Release submitted responses to the figures once `batch` of them are waiting.

        Returns how many were released. Releasing in batches keeps one person's answers from
        showing up as the difference between two /stats. Each release is numbered, so that a
        question that few people answer can wait for several (`release_point`). Only settled
        responses are released, whole stored batches: the number a response gets tells no more
        than the batch it was stored in, never its place in it.
        """
        async with self._write():
            (waiting, last) = await self._one(
                "SELECT count(*) FILTER (WHERE batch IS NULL AND settled = 1), "
                "coalesce(max(batch), 0) FROM sessions WHERE submitted_day IS NOT NULL"
            )
            if waiting < max(batch, 1):
                return 0
            await self._db.execute(
                "UPDATE sessions SET batch = ? "
                "WHERE submitted_day IS NOT NULL AND batch IS NULL AND settled = 1",
                (int(last) + 1,),
            )
            return int(waiting)

    async def figures(self, *, complete: bool) -> Figures:
        """Every question's figures over released responses (all of them if `complete`)."""
        async with self._read():
            return await aggregates.figures(
                self._db, self._questionnaire, complete=complete, minimum=self._batch
            )

    async def breakdown(self, dimension: str, *, complete: bool, min_group_size: int) -> Breakdown:
        """Every question's figures per answer to `dimension`, small groups merged or hidden."""
        async with self._read():
            return await aggregates.breakdown(
                self._db,
                self._questionnaire,
                dimension,
                complete=complete,
                min_group_size=min_group_size,
            )

    async def free_texts(self, *, complete: bool) -> dict[str, list[str]]:
        """The typed texts per question, sorted, over the same responses as `figures`."""
        async with self._read():
            return await aggregates.free_texts(
                self._db, self._questionnaire, complete=complete, minimum=self._batch
            )

    async def responses(self) -> list[SubmittedResponse]:
        """Return every submitted response, in the random order of their tokens."""
        return [response async for response in self.iter_responses()]

    async def iter_responses(
        self, chunk: int = RESPONSES_PER_READ, *, released_only: bool = False
    ) -> AsyncIterator[SubmittedResponse]:
        """Yield every submitted response (or the released ones), in the order of their tokens.

        They are read `chunk` responses at a time, each chunk under the store's lock for that
        read only: an export of thousands keeps no respondent waiting, and holds no more than
        a chunk of rows. A response submitted meanwhile may or may not be included; none is
        included twice.
        """
        after = ""
        while True:
            async with self._read():
                rows = await self._all(
                    "SELECT s.token, s.language, s.submitted_day, s.duration_minutes, s.batch, "
                    "a.question, a.item, a.number, a.text "
                    "FROM sessions s LEFT JOIN answers a ON a.token = s.token "
                    "WHERE s.token IN (SELECT token FROM sessions WHERE submitted_day IS NOT NULL "
                    "AND token > ? AND (? = 0 OR batch IS NOT NULL) ORDER BY token LIMIT ?) "
                    "ORDER BY s.token",
                    (after, int(released_only), chunk),
                )
            if not rows:
                return
            # A response whose every question was skipped away has one row, without answer.
            for (token, language, day, minutes, batch), group in itertools.groupby(
                rows, key=operator.itemgetter(0, 1, 2, 3, 4)
            ):
                answers = self._answers_from_rows(row[5:] for row in group if row[5] is not None)
                yield SubmittedResponse(language, day, minutes, answers, batch)
                after = token

    async def pragmas(self, *names: str) -> dict[str, object]:
        """The SQLite settings in force on the store's connection, for checks."""
        result: dict[str, object] = {}
        async with self._read():
            for name in names:
                if not name.isidentifier():
                    raise ValueError(f"not a pragma name: {name!r}")
                (value,) = await self._one(f"PRAGMA {name}")
                result[name] = value
        return result

    # -- answers <-> rows -----------------------------------------------------------------

    def _rows_from_answer(self, question_id: str, answer: Answer) -> Iterator[Cell]:
        """Yield (item, number, text) rows for one answer."""
        return self._questionnaire.question(question_id).cells(answer)

    def _answers_from_rows(
        self, rows: Iterable[tuple[str, str, int | float | None, str | None] | aiosqlite.Row]
    ) -> dict[str, Answer]:
        """Rebuild typed answers from (question, item, number, text) rows.

        Called for every response of an export: kept to one pass and no lookups by scan.
        """
        cells: dict[str, list[Cell]] = {}
        questions = self._questions
        for question_id, item, number, text_value in rows:
            if question_id in questions:
                cells.setdefault(question_id, []).append((item, number, text_value))
        return {
            question_id: questions[question_id].from_cells(given)
            for question_id, given in cells.items()
        }


AnswerRow = tuple[str, str, int | float | None, str | None]


@dataclass(frozen=True)
class _Submitted:
    """A submitted response about to be written, under a token no respondent ever pointed at."""

    token: str
    language: str
    day: str
    minutes: int
    answers: tuple[AnswerRow, ...]
    batch: int | None = None


def _answer_rows(rows: Iterable[aiosqlite.Row]) -> tuple[AnswerRow, ...]:
    return tuple((str(q), str(item), number, text) for q, item, number, text in rows)


def _new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def _new_handle() -> str:
    return secrets.token_urlsafe(HANDLE_BYTES)


def _create_private(path: Path) -> None:
    """Create the database's folder and an empty database file, both for their owner only.

    SQLite creates the journal with the mode of the database file: private too.
    """
    if path.exists():
        return
    try:
        private_folder(path.parent)
        os.close(create_private_file(path))  # an empty file is an empty database to SQLite
    except FileExistsError:
        pass
    except OSError as error:
        raise StorageError(f"cannot create the database {path}: {error.strerror}") from None


async def _configure(connection: aiosqlite.Connection) -> None:
    for pragma in (
        # Before the first table: no free page is ever kept in the file.
        "PRAGMA auto_vacuum = FULL",
        # A rollback journal lives only during a commit; a write-ahead log would keep the older
        # page images (the links of people who since submitted) until a checkpoint.
        "PRAGMA journal_mode = DELETE",
        "PRAGMA synchronous = FULL",
        "PRAGMA foreign_keys = ON",
        "PRAGMA secure_delete = ON",
        "PRAGMA busy_timeout = 5000",
    ):
        await connection.execute(pragma)


async def count_respondents(path: Path) -> int:
    """How many people started the survey in an existing database file (0 if none yet): the
    sessions, in progress or submitted, or the keys of those who submitted if more."""
    if not await asyncio.to_thread(path.exists):
        return 0
    async with aiosqlite.connect(f"file:{path}?mode=ro", uri=True) as db:
        counts = [0]
        for table in ("sessions", "submitted"):
            if await db.execute_fetchall(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
            ):
                (n,) = next(iter(await db.execute_fetchall(f"SELECT count(*) FROM {table}")))
                counts.append(int(n))
        return max(counts)


def _statements(script: str) -> Iterator[str]:
    for statement in script.split(";"):
        if statement.strip():
            yield statement.strip()


def _datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
