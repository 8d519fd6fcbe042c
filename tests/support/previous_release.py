"""Write the database of the previous release that the upgrade test opens (run it once).

Run with the code of the release before several surveys, from a checkout of it, e.g.:

    git worktree add ../prev-release d9f5c95
    cd ../prev-release && PYTHONPATH=. python <this file> <repository>/tests/fixtures

It writes the database (the tests' own survey, `min_group_size` 2: six people submitted, a
seventh is answering) as SQL text, `previous-release.sql`, from which the test makes the file
again, and `previous-release.json`: its pepper, the responses as that release exported them,
its owner's figures text, and who submitted. No database or pepper file is kept in the
repository. Only what both releases share is used: settings, `open_context`,
the respondents' service, the export and the figures text.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import sys
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app.settings import Settings
from bot.app.wiring import open_context
from bot.cli.main import stats_report
from bot.reports.tables import to_json
from tests.support.answering import drive, fixture_replies
from tests.support.paths import FIXTURE_SURVEY

START = datetime(2021, 3, 24, 9, 0, tzinfo=UTC)
SUBMITTED = (101, 102, 103, 104, 105, 106)
ANSWERING = 107
REPLIES = (
    fixture_replies(),
    fixture_replies(team=["south"], hours="35", comments="Calme"),
    fixture_replies(shift=["night"], trained=["no"], rating="5", comments=None),
    fixture_replies(usefulness="2", problems=["noise"]),
    fixture_replies(team=["south"], hours="12", rating="1"),
    fixture_replies(shift=["night"], reported=["no"], comments="Rien à dire"),
)


async def write(folder: Path) -> None:
    """Write the database, its pepper and what that release read from it."""
    database = folder / "previous-release.sqlite3"
    pepper = folder / "previous-release.pepper"
    settings = Settings(
        survey=FIXTURE_SURVEY,
        database=database,
        pepper_file=pepper,
        min_group_size=2,
    )
    async with open_context(settings) as context:
        for number, (user_id, replies) in enumerate(zip(SUBMITTED, REPLIES, strict=True)):
            begin = START + timedelta(hours=number)
            await drive(
                context.service,
                user_id,
                replies,
                begin,
                language="fr" if number % 2 else "nl",
                submit_at=begin + timedelta(minutes=3 + number),
            )
        await drive(context.service, ANSWERING, fixture_replies(), START, stop_at="trained")
        expected = {
            "pepper": pepper.read_text(encoding="ascii").strip(),
            "survey": context.questionnaire.id,
            "submitted": list(SUBMITTED),
            "answering": ANSWERING,
            "responses": json.loads(
                to_json(context.questionnaire, await context.results.responses())
            ),
            "figures": await stats_report(context, None, "fr"),
        }
    text = json.dumps(expected, ensure_ascii=False, indent=1) + "\n"
    await asyncio.to_thread((folder / "previous-release.json").write_text, text, "utf-8")
    await asyncio.to_thread(_dump, database, folder / "previous-release.sql")
    database.unlink()
    pepper.unlink()


def _dump(database: Path, target: Path) -> None:
    """The database as SQL text, with the pragmas a dump leaves out."""
    with closing(sqlite3.connect(database)) as db:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        lines = [
            "-- The database the release before several surveys wrote (see",
            "-- tests/support/previous_release.py), as SQL text: tests/integration/",
            "-- test_key_scheme.py makes the file from it.",
            "PRAGMA auto_vacuum = FULL;",
            f"PRAGMA user_version = {version};",
            *db.iterdump(),
        ]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    asyncio.run(write(target))
