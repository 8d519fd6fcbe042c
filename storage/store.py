"""The survey store: one SQLite file, one writer connection, one unit of work per method.

`SurveyStore` puts together the modules of each concern, one per Protocol of `bot.core.stores`,
so that the application opens and holds one object.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.core.questionnaire import Questionnaire
from bot.core.stores import StorageError, StoreFailure
from storage.admins import Admins
from storage.connection import DEFAULT_BATCH, configure, connect, count_respondents
from storage.pepper import Pepper
from storage.results import Results
from storage.spending import Spending
from storage.upgrade import Upgrade

__all__ = ["DEFAULT_BATCH", "SurveyStore", "count_respondents"]


class SurveyStore(Upgrade, Results, Admins, Spending):
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
            await store._migrate(path)
        except (sqlite3.Error, StoreFailure) as error:
            await connection.close()
            raise StorageError(f"cannot open the database {path}: {error}") from None
        except BaseException:
            await connection.close()
            raise
        return store
