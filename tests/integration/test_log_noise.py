"""The log at INFO holds what the bot does, not the font subsetting of every report."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app.results import ResultsService
from bot.core.questionnaire import load_questionnaire
from bot.reports.pdf import render_report
from bot.telegram.runner import configure_logging
from storage.pepper import Pepper
from tests.support.answering import ZONE, Harness
from tests.support.paths import FIXTURE_SURVEY

NOISY = ("fontTools", "matplotlib", "PIL")
NAMES = ["", "httpx", "httpcore", "telegram", "aiosqlite", "telegram.ext.AIORateLimiter", *NOISY]


@pytest.fixture
def restored_logging() -> Iterator[None]:
    """Undo what `configure_logging` changes in this process's logging."""
    levels = {name: logging.getLogger(name).level for name in NAMES}
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


async def font_records(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> int:
    survey = load_questionnaire(FIXTURE_SURVEY)
    harness = Harness(tmp_path / "db.sqlite3", survey, Pepper.create(tmp_path / "p.pepper"))
    service = await harness.open()
    try:
        assert harness.store is not None
        results = ResultsService(
            survey,
            harness.store,
            service.schedule,
            min_group_size=5,
            show_free_text=False,
            zone=ZONE,
        )
        data = await results.report("fr", datetime(2020, 2, 4, tzinfo=UTC), owner=True)
    finally:
        await harness.close()
    caplog.clear()
    await asyncio.to_thread(render_report, data)
    return sum(r.name.startswith(NOISY) for r in caplog.records)


async def test_reports_leave_no_font_lines_in_the_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, restored_logging: None
) -> None:
    caplog.set_level(logging.INFO)
    for name in NOISY:
        logging.getLogger(name).setLevel(logging.NOTSET)
    assert await font_records(tmp_path / "before", caplog) > 0, "the noise is there to stop"
    configure_logging("INFO", None)
    assert await font_records(tmp_path / "after", caplog) == 0
