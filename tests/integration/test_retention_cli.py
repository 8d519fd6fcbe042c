"""`survey-bot purge`, run for real: refusals, confirmation, and what is left after it."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from bot.app.catalogue import load_registry
from bot.app.settings import TOKEN_VARIABLE, Settings, load_settings
from tests.support.paths import FIXTURE_SURVEY, REPO
from tests.support.reportdata import COUNT, KNOWN, fill, filled_config

TIMEOUT = 120
SURVEY_ID = "fixture-2021"
COMMENTS = [str(r.answers["comments"]) for r in KNOWN if r.answers["comments"] is not None]


def cli(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `survey-bot` on the folder's config, with this worktree's code, stdin not a tty."""
    environment = {k: v for k, v in os.environ.items() if k != TOKEN_VARIABLE}
    environment["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(folder / "config.toml"), *args],
        capture_output=True,
        text=True,
        cwd=folder,
        env=environment,
        stdin=subprocess.DEVNULL,
        timeout=TIMEOUT,
        check=False,
    )


def folder_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def still_there(folder: Path) -> bool:
    """Whether every comment typed is still in the data folder."""
    content = folder_bytes(folder)
    return all(comment.encode() in content for comment in COMMENTS)


def test_purge_deletes_a_closed_survey_s_responses_once_confirmed(tmp_path: Path) -> None:
    asyncio.run(filled_config(tmp_path))  # its deadline (2021) has long passed: it is closed
    assert still_there(tmp_path)

    wrong = cli(tmp_path, "purge", "fixture-2020", "--yes")
    assert wrong.returncode == 2
    assert "no survey 'fixture-2020'" in wrong.stderr and SURVEY_ID in wrong.stderr
    assert "Traceback" not in wrong.stderr

    unconfirmed = cli(tmp_path, "purge", SURVEY_ID)
    assert unconfirmed.returncode == 2 and "pass --yes" in unconfirmed.stderr
    assert still_there(tmp_path)
    before = cli(tmp_path, "stats")
    assert before.returncode == 0

    done = cli(tmp_path, "purge", SURVEY_ID, "--yes")
    assert done.returncode == 0, done.stderr
    assert f"{COUNT} single response(s) deleted for good" in done.stdout
    content = folder_bytes(tmp_path)
    assert not [c for c in COMMENTS if c.encode() in content], "no typed text is left"
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(("-journal", ".purging"))]

    exported = cli(tmp_path, "export")
    assert exported.returncode == 1 and exported.stdout == ""
    assert "the single responses were deleted on" in exported.stderr
    assert "Traceback" not in exported.stderr
    after = cli(tmp_path, "stats")
    assert after.returncode == 0
    note, figures = after.stdout.split("\n\n", 1)
    assert note.startswith("The single responses were deleted on")
    assert figures == before.stdout, "the same figures, kept"
    again = cli(tmp_path, "purge", SURVEY_ID, "--yes")
    assert again.returncode == 0 and "already" in again.stdout


def test_purge_refuses_an_open_survey_unless_forced(tmp_path: Path) -> None:
    asyncio.run(filled_config(tmp_path))
    config = tmp_path / "config.toml"
    config.write_text(config.read_text() + "closes_at = 2099-12-31T23:59:59+00:00\n")

    refused = cli(tmp_path, "purge", SURVEY_ID, "--yes")
    assert (
        refused.returncode == 2 and "still open" in refused.stderr and "--force" in refused.stderr
    )
    assert still_there(tmp_path)

    forced = cli(tmp_path, "purge", SURVEY_ID, "--yes", "--force")
    assert forced.returncode == 0, forced.stderr
    assert not still_there(tmp_path)


def test_purge_of_a_missing_database_says_there_is_nothing(tmp_path: Path) -> None:
    from tests.support.reportdata import write_config

    write_config(tmp_path)
    result = cli(tmp_path, "purge", SURVEY_ID, "--yes")
    assert result.returncode == 2 and "nothing to delete" in result.stderr
    assert not (tmp_path / "survey.sqlite3").exists()


def test_check_says_how_long_responses_are_kept(tmp_path: Path) -> None:
    from tests.support.reportdata import write_config

    write_config(tmp_path, keep_responses_days=30)
    result = cli(tmp_path, "check")
    assert result.returncode == 0, result.stderr
    assert "single responses kept: 30 day(s) after the closing, then deleted" in result.stdout
    write_config(tmp_path)
    assert f"until deleted by hand (survey-bot purge {SURVEY_ID})" in cli(tmp_path, "check").stdout


OTHER_ID = "fixture-other"


async def two_filled_surveys(folder: Path, tables: str = "") -> dict[str, Settings]:
    """A config of `surveys = [...]`: the fixture survey and a copy of it under another id,
    both closed (their deadline, 2021, has passed), each database filled with the known set."""
    other = folder / "other.toml"
    other.write_text(
        FIXTURE_SURVEY.read_text(encoding="utf-8").replace(
            f'id = "{SURVEY_ID}"', f'id = "{OTHER_ID}"', 1
        ),
        encoding="utf-8",
    )
    config = folder / "config.toml"
    config.write_text(
        f'surveys = ["{FIXTURE_SURVEY}", "other.toml"]\nmin_group_size = 5\n{tables}',
        encoding="utf-8",
    )
    registry = load_registry(load_settings(config))
    for entry in registry:
        await fill(entry.settings)
    return {entry.id: entry.settings for entry in registry}


def comments_in(database: Path) -> bool:
    """Whether every comment typed is in this database's file."""
    content = database.read_bytes()
    return all(comment.encode() in content for comment in COMMENTS)


def test_purge_picks_one_survey_of_several_and_leaves_the_others(tmp_path: Path) -> None:
    surveys = asyncio.run(two_filled_surveys(tmp_path))
    purged, other = surveys[SURVEY_ID].database, surveys[OTHER_ID].database
    assert purged != other and comments_in(purged) and comments_in(other)
    other_before = cli(tmp_path, "stats", "--survey", OTHER_ID)
    assert other_before.returncode == 0, other_before.stderr

    wrong = cli(tmp_path, "purge", "fixture-2020", "--yes")
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    assert "no survey 'fixture-2020'" in wrong.stderr
    assert f"{SURVEY_ID}, {OTHER_ID}" in wrong.stderr, "the known surveys are named"

    done = cli(tmp_path, "purge", SURVEY_ID, "--yes")
    assert done.returncode == 0, done.stderr
    assert f"survey {SURVEY_ID}: {COUNT} single response(s) deleted for good" in done.stdout
    assert not [c for c in COMMENTS if c.encode() in purged.read_bytes()]
    assert comments_in(other), "the other survey's responses are untouched"
    assert cli(tmp_path, "stats", "--survey", OTHER_ID).stdout == other_before.stdout
    exported = cli(tmp_path, "export", "--survey", OTHER_ID, "--format", "json")
    assert exported.returncode == 0 and all(c in exported.stdout for c in COMMENTS)
    refused = cli(tmp_path, "export", "--survey", SURVEY_ID)
    assert refused.returncode == 1 and "the single responses were deleted on" in refused.stderr


def test_check_says_each_survey_s_own_retention(tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text(
        FIXTURE_SURVEY.read_text(encoding="utf-8").replace(
            f'id = "{SURVEY_ID}"', f'id = "{OTHER_ID}"', 1
        ),
        encoding="utf-8",
    )
    (tmp_path / "config.toml").write_text(
        f'surveys = ["{FIXTURE_SURVEY}", "other.toml"]\nkeep_responses_days = 30\n'
        f'[survey_settings."{OTHER_ID}"]\nkeep_responses_days = 7\n',
        encoding="utf-8",
    )
    result = cli(tmp_path, "check")
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.split(f"Survey {OTHER_ID}")
    assert "single responses kept: 30 day(s) after the closing" in first
    assert "single responses kept: 7 day(s) after the closing" in second
