"""Operator mistakes around the pepper: where it goes, and a database that names no file."""

from __future__ import annotations

import logging
import os
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app.settings import ConfigError, load_settings
from bot.app.wiring import open_context
from bot.core.stores import Status
from storage.pepper import Pepper
from tests.support.answering import drive, fixture_replies
from tests.support.botharness import SURVEY_OPEN
from tests.support.botprocess import write_config

PERSON = 4242


async def submit(config: Path, environ: dict[str, str]) -> Status:
    """Open the bot's context as a start would, let PERSON answer and submit if they may."""
    async with open_context(load_settings(config, environ=environ)) as context:
        service = context.service
        if await context.store.status(PERSON) is Status.NEW:
            await drive(
                service,
                PERSON,
                fixture_replies(),
                SURVEY_OPEN,
                other="x",
                submit_at=SURVEY_OPEN + timedelta(minutes=5),
            )
        return await context.store.status(PERSON)


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
