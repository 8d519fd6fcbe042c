"""End to end, hostile texts typed to the real bot: each is accepted clean, stored, echoed in
the recap, and leaves no traceback; a report over a text stored before answers were cleaned
still comes; an admin's command argument that cannot be sent back does not stall the chat."""

from __future__ import annotations

import asyncio
import io
import logging
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from pypdf import PdfReader

from bot.core.answers import Answer
from bot.telegram.respondents import REVIEW_ANSWER_LIMIT
from fakebotapi import FakeBotAPI
from tests.support.agents import Agent, planned
from tests.support.botharness import answers_of, make_settings, running_bot
from tests.support.hostile import HOSTILE, unfit_for_files
from tests.support.reportdata import fill

ADMIN_ID = 4343


def tracebacks(records: list[logging.LogRecord]) -> list[str]:
    """The log records of errors, or with a traceback."""
    return [
        f"{r.name}: {r.getMessage()}"
        for r in records
        if r.levelno >= logging.ERROR or r.exc_info is not None
    ]


async def test_each_hostile_text_is_stored_clean_and_echoed_without_a_traceback(
    api: FakeBotAPI, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """One person per text types it twice: to specify "other" and as the comment."""
    caplog.set_level(logging.INFO)
    settings = make_settings(tmp_path, api, messages_per_second=0)
    async with running_bot(api, settings) as running:
        survey = running.context.questionnaire
        agents = [
            Agent(api.user(12_000 + i, language_code="fr"), survey) for i in range(len(HOSTILE))
        ]
        plans = [planned({"team": Answer("other", h.typed), "comments": h.typed}) for h in HOSTILE]
        recaps = await asyncio.gather(
            *(agent.run(plan, submit=False) for agent, plan in zip(agents, plans, strict=True))
        )
        for hostile, agent, recap in zip(HOSTILE, agents, recaps, strict=True):
            stored = await answers_of(running, agent.user)
            assert stored["team"] == Answer("other", hostile.kept), hostile.name
            assert stored["comments"] == Answer(hostile.kept), hostile.name
            echoed = recap.message.text
            assert echoed.count(hostile.kept[: REVIEW_ANSWER_LIMIT - 1]) >= 2, hostile.name
            assert unfit_for_files(echoed) == [], hostile.name
    assert tracebacks(caplog.records) == []


async def test_admin_report_over_a_stored_byte_order_mark_is_sent(
    api: FakeBotAPI, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 22: with free texts in reports, one answer holding U+FEFF (stored before answers
    were cleaned) made /report answer "something went wrong" for as long as it was kept."""
    caplog.set_level(logging.INFO)
    admin = api.user(ADMIN_ID, "Organisateur", language_code="fr")
    settings = make_settings(
        tmp_path, api, admins=[ADMIN_ID], min_group_size=5, show_free_text_in_reports=True
    )
    await fill(settings)
    with closing(sqlite3.connect(settings.database)) as db, db:
        db.execute(
            "UPDATE answers SET text = 'Bonne\ufeffidée' WHERE question = 'comments'"
            " AND text IS NOT NULL"
        )
    async with running_bot(api, settings):
        await admin.send_command("/report")
        await admin.wait_for_message(lambda m: m.document is not None)
    (report,) = api.documents(ADMIN_ID)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(report.data)).pages)
    assert "Bonneidée" in text
    assert tracebacks(caplog.records) == []


async def test_an_admin_argument_with_a_lone_surrogate_is_answered_and_the_chat_goes_on(
    api: FakeBotAPI, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The reply quotes the argument: a lone surrogate in it could not be encoded, and the
    chat's replies stopped there, silently."""
    caplog.set_level(logging.INFO)
    admin = api.user(ADMIN_ID, "Organisateur", language_code="fr")
    settings = make_settings(tmp_path, api, messages_per_second=0, admins=[ADMIN_ID])
    async with running_bot(api, settings):
        await admin.send_command("/stats", "x\ud800y")
        quoted = await admin.wait_for_message(lambda m: "« xy »" in m.text)
        await admin.send_command("/stats", "zz")
        later = await admin.wait_for_message(lambda m: "« zz »" in m.text)
    assert quoted.message_id < later.message_id
    assert tracebacks(caplog.records) == []
