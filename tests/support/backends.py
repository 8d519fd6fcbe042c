"""The storage backends that implement the core's Protocols, as the contract tests open them.

A new backend gets a class here and a name in `BACKENDS`: every contract test
(integration/test_store_contract.py) then runs over it too.
"""

from __future__ import annotations

import abc
from datetime import timedelta
from pathlib import Path
from typing import Protocol

from bot.app.respondents import RespondentService
from bot.core.questionnaire import Questionnaire
from bot.core.stores import AdminStore, ResultsStore, SessionRecords, SessionStore, SpendingStore
from storage.pepper import Pepper
from tests.support.answering import ZONE, Harness
from tests.support.memory import MemoryData, MemoryStore


class Store(SessionRecords, ResultsStore, AdminStore, SpendingStore, Protocol):
    """The core's Protocols: everything the services need from one backend."""


class Backend(abc.ABC):
    """A backend under test, open on one questionnaire."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        self._service: RespondentService | None = None

    @property
    def sessions(self) -> SessionStore:
        """Sessions by person: the store seen through the service's memory of who answers
        which session (a new, empty one after `reopen`, as after a restart)."""
        return self.service().store

    async def reopen(self, *rejoining: int) -> None:
        """Close the store and open it again on the same data, as after a restart; the people
        in `rejoining` then tap a button of their session, which binds them to it again."""
        handles = {}
        for user_id in rejoining:
            session = await self.sessions.session(user_id)
            assert session is not None, user_id
            handles[user_id] = session.handle
        await self.reopen_store()
        self._service = None
        for user_id, handle in handles.items():
            assert await self.sessions.rejoin(user_id, handle, 1), user_id

    @property
    @abc.abstractmethod
    def store(self) -> Store:
        """The store open now (a new object after `reopen`)."""

    @abc.abstractmethod
    async def open(self) -> None:
        """Open the store (on new, empty data)."""

    @abc.abstractmethod
    async def reopen_store(self) -> None:
        """Close the store and open it again on the same data."""

    @abc.abstractmethod
    async def close(self) -> None:
        """Close the store."""

    def service(self) -> RespondentService:
        """The respondents' service on the store open now, without a deadline (the same one
        until `reopen`)."""
        if self._service is None:
            self._service = RespondentService(
                self.questionnaire, self.store, deadline=None, grace=timedelta(hours=2), zone=ZONE
            )
        return self._service


class SQLiteBackend(Backend):
    """`storage.store.SurveyStore` on a real SQLite file."""

    def __init__(self, questionnaire: Questionnaire, folder: Path) -> None:
        super().__init__(questionnaire)
        pepper = Pepper.create(folder / "secret" / "survey.pepper")
        self.harness = Harness(folder / "data" / "survey.sqlite3", questionnaire, pepper)

    @property
    def store(self) -> Store:
        assert self.harness.store is not None, "not open"
        return self.harness.store

    async def open(self) -> None:
        await self.harness.open()

    async def reopen_store(self) -> None:
        await self.harness.reopen()

    async def close(self) -> None:
        await self.harness.close()


class MemoryBackend(Backend):
    """`tests.support.memory.MemoryStore`: the same promises kept in memory; reopening keeps
    its `MemoryData` (what a file would hold) and drops the rest, as a restart would."""

    def __init__(self, questionnaire: Questionnaire, folder: Path) -> None:
        super().__init__(questionnaire)
        self.pepper = Pepper.create(folder / "secret" / "survey.pepper")
        self.data = MemoryData()
        self._store: MemoryStore | None = None

    @property
    def store(self) -> Store:
        assert self._store is not None, "not open"
        return self._store

    async def open(self) -> None:
        self._store = MemoryStore(self.data, self.questionnaire, self.pepper)

    async def reopen_store(self) -> None:
        await self.open()

    async def close(self) -> None:
        self._store = None


BACKENDS = ("sqlite", "memory")


def make_backend(name: str, questionnaire: Questionnaire, folder: Path) -> Backend:
    """The backend called `name`, not yet open, keeping its data in `folder`."""
    if name == "sqlite":
        return SQLiteBackend(questionnaire, folder)
    if name == "memory":
        return MemoryBackend(questionnaire, folder)
    raise ValueError(f"no backend called {name!r}")
