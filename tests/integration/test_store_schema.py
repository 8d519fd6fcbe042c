"""The database's schema: its version, and the files it refuses to open."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from bot.core.questionnaire import Questionnaire
from bot.core.stores import StorageError
from storage.pepper import Pepper
from storage.schema import SCHEMA_VERSION
from storage.store import SurveyStore
from tests.support.answering import Harness


async def test_schema_version_is_set(harness: Harness, db_path: Path) -> None:
    await harness.open()
    assert await harness.query("PRAGMA user_version") == [(SCHEMA_VERSION,)]
    await harness.close()
    with closing(sqlite3.connect(db_path)) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert db.execute("SELECT survey_id FROM survey").fetchall() == [("telephonie-crm-2020",)]
    await harness.open()  # reopening an up-to-date database changes nothing
    assert await harness.query("PRAGMA user_version") == [(SCHEMA_VERSION,)]


async def test_a_database_of_another_survey_is_refused(
    harness: Harness, db_path: Path, shipped_survey: Questionnaire, pepper: Pepper
) -> None:
    await harness.open()
    await harness.close()
    other = shipped_survey.model_copy(update={"id": "another-survey"})
    with pytest.raises(StorageError) as caught:
        await SurveyStore.open(db_path, other, pepper)
    message = str(caught.value)
    assert "telephonie-crm-2020" in message
    assert "another-survey" in message
    assert "belongs to survey" in message


async def test_a_database_with_a_newer_schema_is_refused(
    db_path: Path, shipped_survey: Questionnaire, pepper: Pepper
) -> None:
    db_path.parent.mkdir(parents=True)
    with closing(sqlite3.connect(db_path)) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        db.commit()
    with pytest.raises(StorageError, match="upgrade the program") as caught:
        await SurveyStore.open(db_path, shipped_survey, pepper)
    assert f"schema version {SCHEMA_VERSION + 1}" in str(caught.value)
    with closing(sqlite3.connect(db_path)) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION + 1,)
        assert db.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
