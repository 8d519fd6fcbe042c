"""The survey store: one SQLite file, one writer connection, one unit of work per method.

`SurveyStore` puts together the modules of each concern, one per Protocol of `bot.core.stores`,
so that the application opens and holds one object.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from bot.core.questionnaire import Questionnaire
from bot.core.stores import Kept, StorageError, StoreFailure
from storage.admins import Admins
from storage.connection import DEFAULT_BATCH, configure, connect, count_respondents
from storage.pepper import Pepper
from storage.results import Results
from storage.retention import Retention, fresh_path, replace_and_wipe, wipe
from storage.spending import Spending
from storage.upgrade import Upgrade

__all__ = ["DEFAULT_BATCH", "SurveyStore", "count_respondents"]


class SurveyStore(Upgrade, Results, Admins, Spending, Retention):
    """Persists sessions and answers of one questionnaire, on one SQLite file.

    Every public method is one transaction. The connection is shared, so writes are
    serialised with a lock: coroutines sharing an aiosqlite connection share its transaction.
    """

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
        connection = await connect(path)
        try:
            await configure(connection)
            store = cls(connection, questionnaire, pepper, batch)
            store._path = path
            await store._migrate(path)
        except (sqlite3.Error, StoreFailure) as error:
            await connection.close()
            raise StorageError(f"cannot open the database {path}: {error}") from None
        except BaseException:
            await connection.close()
            raise
        return store

    async def purge(self, kept: Kept) -> None:
        """Delete every response, answer, session and key of those who submitted, beyond
        recovery from the data folder, keeping `kept`, the survey's state and the admins'
        languages (see `storage.retention`).

        A new file is written beside this one with only that, synced, and put in this file's
        place; this file's content is then overwritten with zeros. Nothing else may write
        meanwhile: the store's lock is held throughout. A stop before the new file takes the
        old one's place leaves the old file whole (the purge is done again at the next start),
        and one after it leaves the new file, complete.
        """
        path = self._path
        if path is None:
            raise StorageError("a database in memory has no file to purge")
        fresh = fresh_path(path)
        await asyncio.to_thread(wipe, fresh)  # what an interrupted purge left
        async with self._lock:
            state = tuple(
                await self._one(
                    "SELECT closed_at, deadline, closing_announced, paid_messages, key_scheme "
                    "FROM survey"
                )
            )
            admins = [tuple(row) for row in await self._all("SELECT key, language FROM admins")]
            new = await SurveyStore.open(
                fresh, self._questionnaire, self._pepper, batch=self._batch
            )
            try:
                await new._keep(kept, state, list(admins))
            finally:
                await new.close()
            await self._db.close()
            try:
                await asyncio.to_thread(replace_and_wipe, fresh, path)
            finally:  # the old file if the new one could not take its place
                self._db = await connect(path)
                await configure(self._db)
            self._status = None
            self._waiting = set()
            self._resumable.clear()
