"""Operator mistakes around the pepper: another pepper, a pepper open to others, its place."""

from __future__ import annotations

import logging
import os
import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app.settings import PEPPER_VARIABLE, ConfigError, load_settings
from bot.app.wiring import open_context
from bot.core.questionnaire import Questionnaire
from bot.core.stores import Status
from storage.pepper import KeyScheme, Pepper, PepperError
from storage.schema import MIGRATIONS
from storage.store import SurveyStore
from tests.support.answering import drive, fixture_replies
from tests.support.botharness import SURVEY_OPEN
from tests.support.botprocess import write_config

PEPPER_A = "a1" * 32
PEPPER_B = "b2" * 32
PERSON = 4242


async def submit(config: Path, environ: dict[str, str]) -> Status:
    """Open the bot's context as a start would, let PERSON answer and submit if they may,
    with enough others for a whole batch, so that their keys are written to the file."""
    settings = load_settings(config, environ=environ)
    async with open_context(settings) as context:
        service = context.service
        if await service.store.status(PERSON) is Status.NEW:
            for user_id in range(PERSON, PERSON + settings.min_group_size):
                await drive(
                    service,
                    user_id,
                    fixture_replies(),
                    SURVEY_OPEN,
                    other="x",
                    submit_at=SURVEY_OPEN + timedelta(minutes=5),
                )
        return await service.store.status(PERSON)


# -- another pepper -------------------------------------------------------------------------


async def test_a_restart_with_another_pepper_is_refused_with_what_to_do(tmp_path: Path) -> None:
    config = write_config(tmp_path / "site", None)
    assert await submit(config, {PEPPER_VARIABLE: PEPPER_A}) is Status.SUBMITTED
    # Before the fingerprint, the same person was new again under pepper B, and submitted twice.
    with pytest.raises(PepperError) as refused:
        await submit(config, {PEPPER_VARIABLE: PEPPER_B})
    message = str(refused.value)
    database = tmp_path / "site" / "data" / "survey.sqlite3"
    assert f"the pepper given is not the one the database {database} was made with" in message
    assert "everybody who already answered could answer again" in message
    assert f"comes from {PEPPER_VARIABLE}" in message
    assert "set it to the value used with this database" in message
    assert PEPPER_A not in message and PEPPER_B not in message
    # With the right pepper, the person is still the one who submitted.
    assert await submit(config, {PEPPER_VARIABLE: PEPPER_A}) is Status.SUBMITTED


async def test_a_replaced_pepper_file_is_refused_and_named(tmp_path: Path) -> None:
    config = write_config(tmp_path / "site", None)
    assert await submit(config, {}) is Status.SUBMITTED
    pepper = load_settings(config, environ={}).pepper_path
    pepper.unlink()
    Pepper.create(pepper)  # e.g. a pepper file made again by hand, or from the wrong backup
    with pytest.raises(PepperError) as refused:
        await submit(config, {})
    assert f"The pepper in use is the file {pepper}: put back the file used" in str(refused.value)


async def test_a_database_of_an_earlier_version_adopts_the_pepper_and_says_so(
    tmp_path: Path, fixture_survey: Questionnaire, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "v4.sqlite3"
    pepper = Pepper.create(tmp_path / "a.pepper")
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        for version in range(1, 5):
            db.executescript(MIGRATIONS[version])
        db.execute("PRAGMA user_version = 4")
        db.execute("INSERT INTO survey (singleton, survey_id) VALUES (1, ?)", (fixture_survey.id,))
        db.execute(
            "INSERT INTO submitted VALUES (?)",
            (pepper.respondent_key(PERSON, fixture_survey.id, KeyScheme.USER),),
        )
    caplog.set_level(logging.WARNING)
    store = await SurveyStore.open(path, fixture_survey, pepper)
    try:
        assert await store.submitted(PERSON)
    finally:
        await store.close()
    adopted = [r.getMessage() for r in caplog.records if "fingerprint" in r.getMessage()]
    assert adopted == [
        f"the database {path} had no fingerprint of its pepper (an earlier version made it): "
        "it keeps the current pepper's from now on, and will refuse any other pepper"
    ]
    with pytest.raises(PepperError, match="not the one the database"):
        await SurveyStore.open(path, fixture_survey, Pepper.create(tmp_path / "b.pepper"))
    caplog.clear()
    store = await SurveyStore.open(path, fixture_survey, pepper)
    await store.close()
    assert not caplog.records, "adopted once"


# -- a pepper file open to others -----------------------------------------------------------


async def test_a_pepper_file_open_to_others_is_warned_of(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = write_config(tmp_path / "site", None)
    settings = load_settings(config, environ={})
    caplog.set_level(logging.WARNING)
    async with open_context(settings):
        pass
    assert not caplog.records, "a new pepper file is the owner's only"
    settings.pepper_path.chmod(0o644)
    async with open_context(settings):
        pass
    assert [r.getMessage() for r in caplog.records] == [
        f"the pepper file {settings.pepper_path} is open to other users of this server "
        f"(mode 0644): make it readable by its owner only (chmod 600 {settings.pepper_path})"
    ]


# -- where the pepper goes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("database", "expected"),
    [
        ("data/survey.sqlite3", "site/data-secrets/survey.sqlite3.pepper"),
        ("data/survey/x.sqlite3", "site/data-secrets/survey/x.sqlite3.pepper"),
        ("data/a/b/x.sqlite3", "site/data-secrets/a/b/x.sqlite3.pepper"),
        ("x.sqlite3", "site-secrets/x.sqlite3.pepper"),
        ("../elsewhere/x.sqlite3", "elsewhere-secrets/x.sqlite3.pepper"),
        ("{tmp}/var/lib/survey/x.sqlite3", "var/lib/survey-secrets/x.sqlite3.pepper"),
        ("{tmp}/site/data/survey/x.sqlite3", "site/data-secrets/survey/x.sqlite3.pepper"),
    ],
    ids=["usual", "nested", "deeper", "bare", "outside", "absolute", "absolute-inside"],
)
def test_the_pepper_never_lies_in_the_folder_a_backup_of_the_data_takes(
    tmp_path: Path, database: str, expected: str
) -> None:
    config = write_config(tmp_path / "site", None, database=database.format(tmp=tmp_path))
    settings = load_settings(config, environ={})
    assert settings.pepper_path == tmp_path / expected
    site = tmp_path / "site"
    database_path = Path(os.path.abspath(settings.database))
    backed_up = (
        site / database_path.relative_to(site).parts[0]
        if database_path.is_relative_to(site)
        else database_path.parent
    )
    assert not settings.pepper_path.is_relative_to(backed_up)
    assert not settings.pepper_path.is_relative_to(database_path.parent)


def test_a_database_in_the_root_folder_needs_a_pepper_file(tmp_path: Path) -> None:
    config = write_config(tmp_path / "site", None, database="/survey.sqlite3")
    with pytest.raises(ConfigError) as refused:
        load_settings(config, environ={})
    assert str(refused.value) == (
        f"{config}: database: /survey.sqlite3 lies in the root folder, which has no folder "
        "beside it for the pepper: set pepper_file (outside the database's folder), or move "
        "the database into a folder"
    )
    given = 'pepper_file = "keys/survey.pepper"\n' + config.read_text(encoding="utf-8")
    config.write_text(given, encoding="utf-8")
    assert load_settings(config, environ={}).pepper_path == tmp_path / "site/keys/survey.pepper"


@pytest.mark.parametrize("database", ["/", ".", "data/.."])
def test_a_database_that_names_no_file_is_a_config_error(tmp_path: Path, database: str) -> None:
    config = write_config(tmp_path / "site", None, database=database)
    with pytest.raises(ConfigError) as refused:
        load_settings(config, environ={})
    assert str(refused.value) == (
        f"{config}: database: {database!r} is not a file name: give the database file, "
        "e.g. data/survey.sqlite3"
    )


def test_a_database_that_is_a_folder_is_a_config_error(tmp_path: Path) -> None:
    config = write_config(tmp_path / "site", None, database="data")
    (tmp_path / "site" / "data").mkdir()
    with pytest.raises(ConfigError) as refused:
        load_settings(config, environ={})
    folder = tmp_path / "site" / "data"
    assert str(refused.value) == (
        f"{config}: database: {folder} is a folder: give the database file, "
        f"e.g. {folder / 'survey.sqlite3'}"
    )


async def test_a_pepper_where_the_previous_version_put_it_is_still_used(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # The previous version put a nested database's pepper beside the database's own folder,
    # which is inside data/.
    config = write_config(tmp_path / "site", None, database="data/survey/x.sqlite3")
    site = tmp_path / "site"
    previous = site / "data" / "survey-secrets" / "x.sqlite3.pepper"
    Pepper.create(previous)
    caplog.set_level(logging.WARNING)
    assert await submit(config, {}) is Status.SUBMITTED
    caplog.clear()
    assert await submit(config, {}) is Status.SUBMITTED, "the same pepper: the same person"
    assert [r.getMessage() for r in caplog.records] == [
        f"the pepper file {previous} lies where an earlier version put it, in the data folder "
        f"({site / 'data'}), where backups of the database take it along: move it to "
        f"{site / 'data-secrets' / 'survey' / 'x.sqlite3.pepper'}"
    ]
    assert not (site / "data-secrets").exists(), "no second pepper is made"
