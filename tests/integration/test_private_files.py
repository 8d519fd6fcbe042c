"""Files and folders the bot creates are its owner's only, whatever the umask."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bot.app.settings import load_settings
from bot.app.wiring import open_context
from tests.support.botprocess import write_config


def modes(folder: Path) -> dict[str, int]:
    """The permission bits of everything under `folder`, by relative path."""
    return {
        str(path.relative_to(folder)): stat.S_IMODE(path.stat().st_mode)
        for path in sorted(folder.rglob("*"))
    }


@pytest.mark.usefixtures("umask_022")
async def test_the_database_its_journal_the_pepper_and_their_folders_are_private(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    config = write_config(site, None, database="data/survey/x.sqlite3")
    settings = load_settings(config, environ={})
    journal = settings.database.with_name(settings.database.name + "-journal")
    async with open_context(settings) as context:
        store = context.store
        async with store._write():
            await store._db.execute("UPDATE survey SET closing_announced = 1")
            # A write transaction is open: its rollback journal exists now.
            journal_mode = stat.S_IMODE(journal.stat().st_mode)
    assert journal_mode == 0o600
    assert not journal.exists(), "deleted at the commit"
    config.unlink()
    assert modes(site) == {
        "data": 0o700,
        "data/survey": 0o700,
        "data/survey/x.sqlite3": 0o600,
        "data-secrets": 0o700,
        "data-secrets/survey": 0o700,
        "data-secrets/survey/x.sqlite3.pepper": 0o600,
    }


@pytest.mark.usefixtures("umask_022")
async def test_folders_that_exist_are_left_as_they_are(tmp_path: Path) -> None:
    site = tmp_path / "site"
    config = write_config(site, None, database="data/x.sqlite3")
    (site / "data").mkdir(mode=0o750)
    async with open_context(load_settings(config, environ={})):
        pass
    config.unlink()
    assert modes(site) == {
        "data": 0o750,
        "data/x.sqlite3": 0o600,
        "data-secrets": 0o700,
        "data-secrets/x.sqlite3.pepper": 0o600,
    }
