"""`survey-bot purge`, run for real: refusals, confirmation, and what is left after it."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from bot.app.settings import TOKEN_VARIABLE
from tests.support.paths import REPO
from tests.support.reportdata import COUNT, KNOWN, filled_config

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
    assert "until deleted by hand (survey-bot purge)" in cli(tmp_path, "check").stdout
