"""Respondent keys per survey, and a database of the previous release upgraded whole.

`tests/fixtures/previous-release.*` hold the database written by the release before several
surveys, as SQL text, and its pepper (see `tests/support/previous_release.py` for how): its keys
are the HMAC of the user id alone.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.app.respondents import Refusal
from bot.app.settings import Settings
from bot.app.wiring import open_context
from bot.cli.main import stats_report
from bot.reports.tables import to_json
from storage.pepper import KeyScheme, Pepper
from storage.schema import SCHEMA_VERSION
from tests.support.answering import drive, fixture_replies
from tests.support.paths import FIXTURE_SURVEY, REPO, TYPES_SURVEY
from tests.support.previous_release import START

FIXTURES = REPO / "tests" / "fixtures"


def read(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as db:
        return db.execute(sql).fetchall()


def previous_release(tmp_path: Path) -> Settings:
    """The previous release's database and pepper, made from their text in
    `tests/fixtures`, and its single-survey settings."""
    database = tmp_path / "previous-release.sqlite3"
    with closing(sqlite3.connect(database)) as db:
        db.executescript((FIXTURES / "previous-release.sql").read_text(encoding="utf-8"))
    expected = json.loads((FIXTURES / "previous-release.json").read_text(encoding="utf-8"))
    pepper = tmp_path / "previous-release.pepper"
    pepper.write_text(expected["pepper"] + "\n", encoding="ascii")
    pepper.chmod(0o600)
    database.chmod(0o600)
    return Settings(
        survey=FIXTURE_SURVEY,
        database=database,
        pepper_file=pepper,
        min_group_size=2,
    )


async def test_the_previous_release_database_keeps_every_response_and_refusal(
    tmp_path: Path,
) -> None:
    expected = json.loads((FIXTURES / "previous-release.json").read_text(encoding="utf-8"))
    settings = previous_release(tmp_path)
    assert read(settings.database, "PRAGMA user_version") == [(7,)]
    async with open_context(settings) as context:
        responses = await context.results.responses()
        assert json.loads(to_json(context.questionnaire, responses)) == expected["responses"]
        assert len(responses) == len(expected["submitted"]) == 6
        assert await stats_report(context, None, "fr") == expected["figures"]
        later = START + timedelta(days=1)
        for user_id in expected["submitted"]:
            assert await context.store.submitted(user_id)
            assert await context.service.begin(user_id, "fr", later) is Refusal.ALREADY_SUBMITTED
        # Someone new answers, under the file's own (old) key scheme, and is refused after.
        await drive(context.service, 999, fixture_replies(), later, submit_at=later)
        await drive(context.service, 998, fixture_replies(), later, submit_at=later)
        assert await context.service.begin(999, "fr", later) is Refusal.ALREADY_SUBMITTED
        assert len(await context.results.responses()) == 7 + 1
    assert read(settings.database, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert read(settings.database, "SELECT key_scheme FROM survey") == [(KeyScheme.USER,)]
    pepper = Pepper.load(settings.pepper_path)
    keys = {bytes(key) for (key,) in read(settings.database, "SELECT key FROM submitted")}
    old = {
        pepper.respondent_key(user_id, "fixture-2021", KeyScheme.USER)
        for user_id in [*expected["submitted"], 999, 998]
    }
    assert keys == old


async def test_a_new_database_keys_respondents_by_survey_and_user(tmp_path: Path) -> None:
    pepper_path = tmp_path / "shared.pepper"
    stored: dict[str, set[bytes]] = {}
    for survey in (FIXTURE_SURVEY, TYPES_SURVEY):
        settings = Settings(
            survey=survey,
            database=tmp_path / f"{survey.stem}.sqlite3",
            pepper_file=pepper_path,
            min_group_size=2,
        )
        async with open_context(settings) as context:
            for user_id in (1, 2):  # a whole batch: both keys are written
                session = await context.store.start("fr", START)
                assert await context.store.submit(user_id, session.token, START.date(), 1)
            survey_id = context.questionnaire.id
        assert read(settings.database, "SELECT key_scheme FROM survey") == [(KeyScheme.SURVEY,)]
        stored[survey_id] = {
            bytes(key) for (key,) in read(settings.database, "SELECT key FROM submitted")
        }
        pepper = Pepper.load(pepper_path)
        assert stored[survey_id] == {pepper.respondent_key(u, survey_id) for u in (1, 2)}
    # One pepper, the same people: the two surveys' keys never match.
    assert len(stored) == 2
    assert not stored["fixture-2021"] & stored["types-2021"]


async def test_a_purge_keeps_the_file_s_key_scheme(tmp_path: Path) -> None:
    """The new file a purge writes says what the old one's keys were made with."""
    settings = previous_release(tmp_path)
    async with open_context(settings) as context:
        kept = await context.retention.purge(START + timedelta(days=365))
    assert kept.figures.included == 6
    assert read(settings.database, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert read(settings.database, "SELECT key_scheme FROM survey") == [(KeyScheme.USER,)]
    assert read(settings.database, "SELECT count(*) FROM submitted") == [(0,)]
