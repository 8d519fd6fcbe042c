"""Fixtures of the integration tests: a database file, its pepper, and a store opened on them."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.core.questionnaire import Questionnaire
from storage.pepper import Pepper
from tests.support.answering import Harness


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the database file goes (its folder does not exist yet)."""
    return tmp_path / "data" / "survey.sqlite3"


@pytest.fixture
def pepper_path(tmp_path: Path) -> Path:
    """Where the pepper goes, in a folder of its own."""
    return tmp_path / "secret" / "survey.pepper"


@pytest.fixture
def pepper(pepper_path: Path) -> Pepper:
    """A new pepper, written to `pepper_path`."""
    return Pepper.create(pepper_path)


@pytest.fixture
async def harness(
    db_path: Path, shipped_survey: Questionnaire, pepper: Pepper
) -> AsyncIterator[Harness]:
    """A store on the shipped survey that the test opens, closes and reopens."""
    opened = Harness(db_path, shipped_survey, pepper)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask (022) while the test runs, and the one before it afterwards."""
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)
