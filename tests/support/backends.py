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
from bot.core.stores import AdminStore, ResultsStore, SessionStore, SpendingStore
from storage.pepper import Pepper
from tests.support.answering import ZONE, Harness


class Store(SessionStore, ResultsStore, AdminStore, SpendingStore, Protocol):
    """The core's Protocols: everything the services need from one backend."""


class Backend(abc.ABC):
    """A backend under test, open on one questionnaire."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire

    @property
    @abc.abstractmethod
    def store(self) -> Store:
        """The store open now (a new object after `reopen`)."""

    @abc.abstractmethod
    async def open(self) -> None:
        """Open the store (on new, empty data)."""

    @abc.abstractmethod
    async def reopen(self) -> None:
        """Close the store and open it again on the same data, as after a restart."""

    @abc.abstractmethod
    async def close(self) -> None:
        """Close the store."""

    def service(self) -> RespondentService:
        """The respondents' service on the store open now, without a deadline."""
        return RespondentService(
            self.questionnaire, self.store, deadline=None, grace=timedelta(hours=2), zone=ZONE
        )


class SQLiteBackend(Backend):
    """`storage.database.SurveyStore` on a real SQLite file."""

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

    async def reopen(self) -> None:
        await self.harness.reopen()

    async def close(self) -> None:
        await self.harness.close()


BACKENDS = ("sqlite",)


def make_backend(name: str, questionnaire: Questionnaire, folder: Path) -> Backend:
    """The backend called `name`, not yet open, keeping its data in `folder`."""
    if name == "sqlite":
        return SQLiteBackend(questionnaire, folder)
    raise ValueError(f"no backend called {name!r}")
