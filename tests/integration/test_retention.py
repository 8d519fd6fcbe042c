"""Retention: a closed survey's single responses deleted beyond recovery, its figures kept.

The data folder is read as an attacker would after the purge: every byte of every file, and
every record of every page image (`tests.support.sqlite_forensics`).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app.results import ResponsesDeleted
from bot.app.retention import SurveyStillOpen
from bot.app.settings import Settings
from bot.app.wiring import AppContext, open_context
from bot.core.schedule import Phase
from tests.support.reportdata import KNOWN, OTHER_TEXTS, drive, filled_config, known
from tests.support.sqlite_forensics import TOKEN, page_images, records

MARKER = "zq-retention-marker-8f3a1c"
"""A free-text answer found nowhere else: a purge must leave no byte of it."""
# The tests' own survey closes on 31 March 2021 at 23:59:59 (+02:00), grace two hours.
CLOSED = datetime(2021, 3, 31, 23, 59, 59, tzinfo=UTC)
AFTER = datetime(2021, 4, 2, 9, 0, tzinfo=UTC)
OPEN = datetime(2021, 3, 20, 9, 0, tzinfo=UTC)


def free_texts() -> list[str]:
    """Every text the respondents typed: comments, 'other' answers, the marker."""
    comments = [str(r.answers["comments"]) for r in KNOWN if r.answers["comments"] is not None]
    return [*comments, *OTHER_TEXTS.values(), MARKER]


async def filled(directory: Path, **extra: object) -> Settings:
    """The known responses, two sessions in progress, and one response with the marker."""
    os.makedirs(directory, exist_ok=True)
    settings = await filled_config(directory, **extra)
    marked = replace(known(3), user_id=6001)
    marked = replace(marked, answers={**marked.answers, "comments": MARKER})
    async with open_context(settings) as context:
        await drive(context.service, marked)
    return settings


def data_bytes(folder: Path) -> bytes:
    """Every byte of every file in the folder (the pepper lies outside it)."""
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def stored_values(folder: Path) -> set[object]:
    """Every value of every record of every page image of the folder's SQLite files."""
    return {
        value for image in page_images(folder) for record in records(image) for value in record
    }


async def secrets_of(context: AppContext) -> list[bytes]:
    """The tokens of the sessions and responses, and the keys of those who submitted."""
    path = context.settings.database
    with sqlite3.connect(path) as db:
        tokens = [str(t).encode() for (t,) in db.execute("SELECT token FROM sessions")]
        keys = [bytes(k) for (k,) in db.execute("SELECT key FROM submitted")]
    return tokens + keys


async def test_a_purge_keeps_the_figures_and_leaves_no_answer_in_the_data_folder(
    tmp_path: Path,
) -> None:
    settings = await filled(tmp_path, keep_responses_days=30)
    folder = settings.database.parent
    async with open_context(settings) as context:
        results = context.results
        await context.service.close(CLOSED)
        figures = await results.figures(AFTER)
        breakdowns = {q: await results.breakdown(q, AFTER) for q in results.breakdown_questions}
        assert figures.included == len(KNOWN) + 1 and breakdowns
        secrets = await secrets_of(context)
        before = data_bytes(folder)
        # Not vacuous: the folder holds every typed text, token and key before the purge.
        assert all(text.encode() in before for text in free_texts())
        assert all(secret in before for secret in secrets)
        old = os.open(settings.database, os.O_RDONLY)
        try:
            kept = await context.retention.purge(AFTER)
            old_content = os.pread(old, os.fstat(old).st_size, 0)
        finally:
            os.close(old)

        assert kept.purged_at == AFTER and kept.closed_at == CLOSED
        assert await results.figures(AFTER) == figures
        assert await results.figures(AFTER, owner=True) == figures
        for question, split in breakdowns.items():
            assert await results.breakdown(question, AFTER) == split
        report = await results.report("fr", AFTER, next(iter(breakdowns)))
        assert report.figures == figures and report.texts is None
        with pytest.raises(ResponsesDeleted):
            await results.responses()
        with pytest.raises(ResponsesDeleted):
            await results.export()

    assert old_content == bytes(len(old_content)), "the old file's content is zeroed"
    names = sorted(p.name for p in folder.iterdir())
    assert not [n for n in names if n.endswith(("-journal", "-wal", "-shm", ".purging"))]
    after = data_bytes(folder)
    for text in free_texts():
        assert text.encode() not in after, text
    for secret in secrets:
        assert secret not in after
    values = stored_values(folder)
    assert not [v for v in values if isinstance(v, str) and TOKEN.match(v)], "no session token"
    with sqlite3.connect(settings.database) as db:
        (fingerprint,) = db.execute("SELECT pepper_fingerprint FROM survey").fetchone()
    blobs = [v for v in values if isinstance(v, bytes) and len(v) == 32]
    assert blobs == [fingerprint], "no key of anybody, only the pepper's fingerprint"

    async with open_context(settings) as context:  # the kept figures outlive a restart
        assert await context.results.figures(AFTER) == figures
        assert (await context.retention.kept()) == kept
        assert await context.service.phase(AFTER) is Phase.CLOSED
        with sqlite3.connect(settings.database) as db:
            for table in ("sessions", "answers", "submitted"):
                assert db.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)


async def test_an_open_survey_is_purged_only_when_forced(tmp_path: Path) -> None:
    settings = await filled(tmp_path)
    async with open_context(settings) as context:
        with pytest.raises(SurveyStillOpen):
            await context.retention.purge(OPEN)
        assert len(await context.results.responses()) == len(KNOWN) + 1
        kept = await context.retention.purge(OPEN, force=True)
        assert kept.closed_at == OPEN
        assert await context.service.phase(OPEN) is Phase.CLOSED
        assert MARKER.encode() not in data_bytes(settings.database.parent)


async def test_the_purge_falls_due_keep_responses_days_after_the_closing(
    tmp_path: Path,
) -> None:
    settings = await filled(tmp_path, keep_responses_days=30)
    due = CLOSED + timedelta(days=30)
    async with open_context(settings) as context:
        retention = context.retention
        assert await retention.due(OPEN) is None, "open: nothing is due"
        assert await retention.due(AFTER) == due
        assert await retention.purge_if_due(due - timedelta(seconds=1)) is None
        assert len(await context.results.responses()) == len(KNOWN) + 1
        kept = await retention.purge_if_due(due)
        assert kept is not None and kept.purged_at == due
        assert await retention.due(due) is None, "done once"


async def test_without_retention_nothing_falls_due(tmp_path: Path) -> None:
    settings = await filled(tmp_path)
    async with open_context(settings) as context:
        assert await context.retention.due(AFTER + timedelta(days=10_000)) is None
        assert await context.retention.purge_if_due(AFTER + timedelta(days=10_000)) is None
        assert len(await context.results.responses()) == len(KNOWN) + 1


def tap_journals(folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Copy the rollback journal of every transaction, as its COMMIT starts (when it holds
    the pre-image of every page the transaction changed), on every connection opened from
    now on; returns the list of copies, which grows."""
    folder.mkdir()
    copies: list[Path] = []
    connect: Callable[..., sqlite3.Connection] = sqlite3.connect

    def tapped(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection = connect(database, *args, **kwargs)
        path = Path(str(database))
        journal = path.with_name(path.name + "-journal")

        def trace(statement: str) -> None:
            if statement.lstrip().upper().startswith("COMMIT") and journal.exists():
                copy = folder / f"{len(copies):04d}-{journal.name}"
                shutil.copyfile(journal, copy)
                copies.append(copy)

        connection.set_trace_callback(trace)
        return connection

    monkeypatch.setattr(sqlite3, "connect", tapped)
    return copies


async def test_no_journal_of_the_purge_holds_an_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = await filled(tmp_path / "data")
    journals = tap_journals(tmp_path / "journals", monkeypatch)
    async with open_context(settings) as context:
        await context.service.close(CLOSED)
        assert journals, "the tap sees the store's transactions"
        before = len(journals)
        await context.retention.purge(AFTER)
        during = journals[before:]
    for journal in during:
        content = journal.read_bytes()
        assert not [t for t in free_texts() if t.encode() in content], journal.name
