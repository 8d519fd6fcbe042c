"""Answering the survey through the real service, on a store that can be closed and reopened.

Shared by the storage, anonymity, command-line and report tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiosqlite

from bot.app.respondents import Progress, RespondentService, Result
from bot.core.engine import Accepted, Ask, AskOther, Review
from bot.core.questionnaire import Questionnaire
from bot.core.stores import SessionStore
from storage.pepper import Pepper
from storage.store import SurveyStore

ZONE = ZoneInfo("Europe/Brussels")

Reply = str | list[str] | None
"""Typed text, options picked with buttons, or None to skip."""


def progress(result: Result) -> Progress:
    """Check that the service went on (no refusal) and return its progress."""
    assert isinstance(result, Progress), result
    return result


def asked(result: Result) -> str:
    """Check that the service asks a question (not the review) and return its id."""
    step = progress(result).step
    assert isinstance(step, Ask), step
    return step.question.id


async def drive(
    service: RespondentService,
    user_id: int,
    answers: Mapping[str, Reply],
    now: datetime,
    *,
    other: str | None = None,
    language: str = "fr",
    submit_at: datetime | None = None,
    stop_at: str | None = None,
) -> Progress:
    """Begin (or resume) and answer until `stop_at` is asked, or the review (then submit)."""
    result = progress(await service.begin(user_id, language, now))
    for _ in range(4 * len(service.questionnaire.questions)):
        step = result.step
        if isinstance(step, Review):
            if submit_at is None:
                return result
            return progress(await service.submit(user_id, submit_at))
        question_id = step.question.id
        if isinstance(step, AskOther):
            assert other is not None, f"{question_id}: no 'other' text given"
            result = progress(await service.type_answer(user_id, question_id, other, now))
        else:
            if question_id == stop_at:
                return result
            reply = answers[question_id]
            if reply is None:
                outcome = await service.skip(user_id, question_id, now)
            elif isinstance(reply, str):
                outcome = await service.type_answer(user_id, question_id, reply, now)
            else:
                outcome = await service.choose(user_id, question_id, reply, now)
            result = progress(outcome)
        assert isinstance(result.outcome, Accepted), (question_id, result.outcome)
    raise AssertionError("the survey never reached the review")


@dataclass
class Harness:
    """Opens and reopens a store (and its service) on one database file."""

    path: Path
    questionnaire: Questionnaire
    pepper: Pepper
    deadline: datetime | None = None
    grace: timedelta = timedelta(hours=2)
    batch: int = 1
    """Submitted responses enter the responses tables in batches of this many."""
    store: SurveyStore | None = field(default=None, init=False)
    _service: RespondentService | None = field(default=None, init=False)

    async def open(self) -> RespondentService:
        assert self.store is None, "already open"
        self.store = await SurveyStore.open(
            self.path, self.questionnaire, self.pepper, batch=self.batch
        )
        return self.service()

    def service(self) -> RespondentService:
        """The service on the store open now: the same one (and its memory of who answers
        which session) until the store is closed."""
        assert self.store is not None
        if self._service is None:
            self._service = RespondentService(
                self.questionnaire, self.store, deadline=self.deadline, grace=self.grace, zone=ZONE
            )
        return self._service

    @property
    def sessions(self) -> SessionStore:
        """Sessions by person, as the service knows them (in memory)."""
        return self.service().store

    async def close(self) -> None:
        self._service = None
        if self.store is not None:
            store, self.store = self.store, None
            await store.close()

    async def reopen(self) -> RespondentService:
        await self.close()
        return await self.open()

    async def query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a read-only query on the database file, as anyone holding it could."""
        async with aiosqlite.connect(f"file:{self.path}?mode=ro", uri=True) as db:
            rows = await db.execute_fetchall(sql, tuple(params))
        return [tuple(row) for row in rows]


# -- replies to the shipped survey (the storage and anonymity tests still answer it) ---------

BASE: dict[str, Reply] = {
    "administration": ["agpr"],
    "line": ["first"],
    "phone_frequency": ["daily"],
    "phone_hours": "10",
    "training": ["yes"],
    "training_use": "4",
    "calls_per_day": "25",
    "unanswered": ["often"],
    "complex_files": ["lt25"],
    "effects": ["backlog", "stress"],
    "support": ["no_effect"],
    "since_november": ["unchanged"],
    "rating": "3",
    "comments": "Trop d'appels",
}


def replies(**overrides: Reply) -> dict[str, Reply]:
    """The base replies with some changed."""
    return {**BASE, **overrides}


# -- replies to the tests' own survey (tests/surveys/fixture.toml) ----------------------------

FIXTURE_BASE: dict[str, Reply] = {
    "team": ["north"],
    "shift": ["day"],
    "hours": "10",
    "trained": ["yes"],
    "usefulness": "4",
    "problems": ["noise", "workload"],
    "reported": ["yes_no_effect"],
    "rating": "3",
    "comments": "Trop de bruit",
}


def fixture_replies(**overrides: Reply) -> dict[str, Reply]:
    """The fixture survey's base replies with some changed."""
    return {**FIXTURE_BASE, **overrides}
