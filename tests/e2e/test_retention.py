"""End to end, retention: the running bot deletes a closed survey's single responses
`keep_responses_days` after the closing, at once or at its next start; the admins then get
the figures kept, and are told so."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot import i18n
from bot.app.settings import Settings
from fakebotapi import FakeBotAPI, FakeUser
from tests.support.agents import Agent, planned
from tests.support.botharness import Clock, RunningBot, make_settings, new, running_bot

ADMIN_ID = 4242
GROUP_SIZE = 3
KEEP_DAYS = 10
MARKER = "zq-e2e-retention-marker-51d7"
"""A free-text answer found nowhere else: after the purge, no byte of it may be left."""
OVERVIEW = "Commencées"


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as fake:
        fake.user(ADMIN_ID, "Organisatrice", language_code="fr")
        yield fake


def settings_for(tmp_path: Path, api: FakeBotAPI) -> Settings:
    return make_settings(
        tmp_path,
        api,
        messages_per_second=0,
        admins=[ADMIN_ID],
        min_group_size=GROUP_SIZE,
        keep_responses_days=KEEP_DAYS,
    )


async def respond(running: RunningBot, user: FakeUser, plan: dict[str, Any]) -> None:
    agent = Agent(user, running.context.questionnaire, random.Random(user.id))
    await agent.run(planned(plan))


async def answer_and_close(running: RunningBot, api: FakeBotAPI) -> tuple[str, datetime]:
    """Four responses (one with the marker), one person halfway, then /close confirmed.
    Returns the figures of /stats after the closing, and the moment it closed."""
    fr = running.words("fr")
    admin = api.user(ADMIN_ID)
    plans: list[dict[str, Any]] = [
        {"comments": MARKER},
        {"team": "south"},
        {"hours": 38},
        {"shift": "night"},
    ]
    for i, plan in enumerate(plans):
        await respond(running, api.user(5100 + i), plan)
    halfway = Agent(api.user(5199), running.context.questionnaire)
    await halfway.answer_until("shift", planned(), await halfway.start())
    await admin.send_command("/close")
    await admin.wait_for_message(new(fr("admin_close_confirm")))
    await admin.click(fr("admin_close_yes"))
    await admin.wait_for_message(new(i18n.text("fr", "admin_closing_notice")))
    await admin.wait_for_message(new(OVERVIEW))  # the final figures, with the notice
    closed = running.clock()
    return await stats(admin), closed


async def stats(admin: FakeUser) -> str:
    await admin.send_command("/stats")
    return (await admin.wait_for_message(new(OVERVIEW))).text


def data_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def said(running: RunningBot, key: str, moment: datetime) -> str:
    """The bot's sentence `key` in French, with `moment` as the admins read it."""
    return i18n.text("fr", key, date=moment_text(running, moment))


def moment_text(running: RunningBot, moment: datetime) -> str:
    return i18n.get("fr").short_moment(moment, running.settings.zone)


def purged_note(running: RunningBot, moment: datetime) -> str:
    return said(running, "admin_purged", moment)


async def test_the_running_bot_deletes_the_responses_when_the_retention_runs_out(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    settings = settings_for(tmp_path, api)
    folder = settings.database.parent
    async with running_bot(api, settings) as running:
        admin = api.user(ADMIN_ID)
        before, closed = await answer_and_close(running, api)
        assert "envoyées 4" in before
        assert MARKER.encode() in data_bytes(folder), "the answer is there until the purge"

        running.clock.now = closed + timedelta(days=KEEP_DAYS) - timedelta(seconds=1)
        await running.survey_bot.watch_now()
        assert len(await running.context.store.responses()) == 4, "not yet"
        assert MARKER.encode() in data_bytes(folder)

        running.clock.now = closed + timedelta(days=KEEP_DAYS)
        await running.survey_bot.watch_now()
        kept = await running.context.retention.kept()
        assert kept is not None and kept.purged_at == running.clock()

        after = await stats(admin)
        note = purged_note(running, running.clock())
        assert after == f"{note}\n\n{before}", "the same figures, saying they are the kept ones"
        await admin.send_command("/open")
        await admin.wait_for_message(new(said(running, "admin_open_purged", running.clock())))
        anne = api.user(5200, "Anne", language_code="fr")
        await anne.send_command("/start")
        await anne.wait_for_message(new("clôturée"))

    content = data_bytes(folder)
    assert MARKER.encode() not in content
    assert not [p for p in folder.rglob("*") if p.name.endswith(("-journal", ".purging"))]


async def test_a_retention_that_ran_out_while_stopped_is_applied_at_the_start(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    settings = settings_for(tmp_path, api)
    async with running_bot(api, settings) as running:
        before, closed = await answer_and_close(running, api)

    later = Clock(closed + timedelta(days=KEEP_DAYS, hours=3))
    async with running_bot(api, settings, later) as running:
        # Deleted as the bot started, before it took any update.
        kept = await running.context.retention.kept()
        assert kept is not None and kept.purged_at == later.now
        after = await stats(api.user(ADMIN_ID))
        assert after == f"{purged_note(running, later.now)}\n\n{before}"
    assert MARKER.encode() not in data_bytes(settings.database.parent)
