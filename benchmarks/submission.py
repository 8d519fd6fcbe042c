"""Time one submission when N people have submitted already (the `submitted` set is rewritten).

.venv/bin/python -m benchmarks.submission [--submitted 0 1000 5000 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import tempfile
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from bot.core.questionnaire import load_questionnaire
from storage.pepper import Pepper
from storage.store import SurveyStore

SURVEY = Path(__file__).resolve().parent.parent / "surveys" / "telephonie-crm.toml"
SUBMISSIONS = 20


async def time_submissions(already: int) -> list[float]:
    """Seconds of each of 20 submissions on a database where `already` people submitted."""
    questionnaire = load_questionnaire(SURVEY)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "survey.sqlite3"
        pepper = Pepper.create(Path(folder) / "pepper")
        await (await SurveyStore.open(path, questionnaire, pepper)).close()
        with closing(sqlite3.connect(path)) as db:
            keys = sorted(
                (pepper.respondent_key(user_id, questionnaire.id),) for user_id in range(already)
            )
            db.executemany("INSERT INTO submitted (key) VALUES (?)", keys)
            db.commit()
        store = await SurveyStore.open(path, questionnaire, pepper)
        now = datetime(2020, 2, 4, 9, 0, tzinfo=UTC)
        seconds: list[float] = []
        try:
            for number in range(SUBMISSIONS):
                user_id = 10**9 + number
                session = await store.start("fr", now)
                assert session is not None
                begun = time.perf_counter()
                assert await store.submit(user_id, session.token, now.date(), 3)
                seconds.append(time.perf_counter() - begun)
        finally:
            await store.close()
        return sorted(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submitted", type=int, nargs="+", default=[0, 1000, 5000, 20000])
    args = parser.parse_args()
    for already in args.submitted:
        seconds = asyncio.run(time_submissions(already))
        print(
            f"submission submitted_before={already} "
            f"median_ms={seconds[len(seconds) // 2] * 1000:.1f} max_ms={seconds[-1] * 1000:.1f}"
        )


if __name__ == "__main__":
    main()
