"""Sessions and answers by random token, submission, and the survey's state: `SessionRecords`.

A session is found by its token (or the handle its buttons carry) only: nothing here stores
anything of the person, except `submit`, which records their key among those who submitted, a
whole batch of keys at a time (`begin` looks their key up there, and stores nothing of it).
"""

from __future__ import annotations

import operator
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from bot.core.answers import Answer, SessionState
from bot.core.stores import Resumable, Session, StorageError, SurveyStatus, redelivered
from storage.connection import Connection

TOKEN_BYTES = 24  # 192 bits
HANDLE_BYTES = 9  # 12 characters in a button's callback data, beside ids of 24 bytes at most
IN_PROGRESS = "submitted_day IS NULL AND started_at IS NOT NULL"
"""A session in progress: not submitted, and not ended by the survey's closing."""


class Sessions(Connection):
    """Sessions in progress, submission in batches, and the survey's open or closed state."""

    async def submitted(self, user_id: int) -> bool:
        """Whether this person submitted: recorded in the file, or waiting to be."""
        key = self._respondent_key(user_id)
        if key in self._waiting:
            return True
        async with self._read():
            return await self._row("SELECT 1 FROM submitted WHERE key = ?", (key,)) is not None

    def take_resumable(self, user_id: int) -> Resumable | None:
        """This person's session in progress as an older version linked it (once)."""
        if not self._resumable:
            return None
        return self._resumable.pop(self._respondent_key(user_id), None)

    async def start(self, language: str, now: datetime) -> Session:
        """Begin a session under a new random token and handle."""
        token, handle = new_token(), new_handle()
        async with self._write():
            await self._db.execute(
                "INSERT INTO sessions (token, language, started_at, handle) VALUES (?, ?, ?, ?)",
                (token, language, now.isoformat(), handle),
            )
        return Session(token, SessionState(language), now, handle=handle)

    async def begin(self, user_id: int, language: str, now: datetime) -> Session | None:
        """Begin a session as `start` does, unless this person submitted, in one transaction."""
        key = self._respondent_key(user_id)
        if key in self._waiting:
            return None
        token, handle = new_token(), new_handle()
        async with self._write():
            if await self._row("SELECT 1 FROM submitted WHERE key = ?", (key,)) is not None:
                return None
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
        state = SessionState(language, self._answers_from_rows(answers), cursor)
        started = datetime.fromisoformat(started_at)
        duplicate = redelivered(last_update, update_id)
        return Session(token, state, started, duplicate, handle or "", last_update)

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
        key = self._respondent_key(user_id)
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
                new_token(), row[0], day.isoformat(), duration_minutes, _answer_rows(answers)
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


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_handle() -> str:
    return secrets.token_urlsafe(HANDLE_BYTES)


def _datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
