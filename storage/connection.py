"""The store's SQLite file: opening it privately, its pragmas, and one unit of work at a time.

`Connection` holds the one connection and everything the store keeps in memory; the modules of
each concern (`sessions`, `results`, `admins`, `spending`) build on it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from bot.core.answers import Answer
from bot.core.questionnaire import Questionnaire
from bot.core.questions.base import Cell
from bot.core.stores import Resumable, StorageError, StoreFailure, SurveyStatus
from storage.files import create_private_file, private_folder
from storage.pepper import KeyScheme, Pepper

logger = logging.getLogger(__name__)

DEFAULT_BATCH = 5


class Connection:
    """The store's connection and memory, and its units of work.

    An error of SQLite within a unit of work leaves it as `StoreFailure`, so that the
    adapters need not know SQLite.

    Every public method of the store is one transaction. The connection is shared, so writes
    are serialised with a lock: coroutines sharing an aiosqlite connection share its
    transaction.
    """

    def __init__(
        self,
        connection: aiosqlite.Connection,
        questionnaire: Questionnaire,
        pepper: Pepper,
        batch: int = DEFAULT_BATCH,
    ) -> None:
        self._db = connection
        self._path: Path | None = None
        """The file, for a purge, which puts a new file in its place."""
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
        self._key_scheme = KeyScheme.SURVEY
        """How this file's respondent keys are made: read from it when it opens."""

    def _respondent_key(self, user_id: int) -> bytes:
        """This person's key in this survey, by the file's own key scheme."""
        return self._pepper.respondent_key(user_id, self._questionnaire.id, self._key_scheme)

    async def close(self) -> None:
        """Close the file (every commit has already left it complete, with no journal)."""
        async with self._lock:
            await self._db.close()

    # -- transactions ---------------------------------------------------------------------

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[None]:
        async with self._lock:
            try:
                await self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise StoreFailure(str(error)) from error
            try:
                yield
                await self._db.execute("COMMIT")
            except BaseException as error:
                self._status = None  # it may hold what was just rolled back
                await self._rollback()
                if isinstance(error, sqlite3.Error):
                    raise StoreFailure(str(error)) from error
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
            try:
                yield
            except sqlite3.Error as error:
                raise StoreFailure(str(error)) from error

    async def _row(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        async with self._db.execute(sql, tuple(params)) as cursor:
            return await cursor.fetchone()

    async def _one(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row:
        row = await self._row(sql, params)
        assert row is not None, sql
        return row

    async def _all(self, sql: str, params: Iterable[Any] = ()) -> Iterable[aiosqlite.Row]:
        return await self._db.execute_fetchall(sql, tuple(params))

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


async def connect(path: Path) -> aiosqlite.Connection:
    """Open (or create, for its owner only) the database file; `configure` sets its pragmas."""
    if str(path) != ":memory:":
        await asyncio.to_thread(_create_private, path)
    try:
        connection = await aiosqlite.connect(path, isolation_level=None)
    except sqlite3.Error as error:
        raise StorageError(f"cannot open the database {path}: {error}") from None
    return connection


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


async def configure(connection: aiosqlite.Connection) -> None:
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
