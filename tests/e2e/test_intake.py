"""The intake, alike in long polling and webhook mode: floods cut, unreadable updates skipped,
dropped button presses acknowledged."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from telegram import Update
from telegram.ext import ContextTypes, TypeHandler

from bot.telegram.intake import FloodGuard
from fakebotapi import FakeBotAPI
from tests.support.botharness import RunningBot, make_settings, running_bot
from tests.support.webhook import webhook_bot, webhook_settings

MODES = ["polling", "webhook"]
FLOOD = 600
BURST = 40


@asynccontextmanager
async def bot_in(mode: str, api: FakeBotAPI, tmp_path: Path) -> AsyncIterator[RunningBot]:
    """The real bot taking its updates by long polling or by webhook."""
    if mode == "polling":
        async with running_bot(api, make_settings(tmp_path, api)) as running:
            yield running
    else:
        async with webhook_bot(api, webhook_settings(tmp_path, api)) as running:
            yield running


async def deliver(api: FakeBotAPI, mode: str) -> None:
    """Hand the bot every update waiting, and wait until Telegram holds none."""
    if mode == "webhook":
        await api.post_update_to_webhook()
    await api.wait_until_confirmed(timeout=20)


def frozen_clock() -> float:
    """A clock that never moves: a flood guard's buckets never refill."""
    return 0.0


def count_processed(running: RunningBot, chat_id: int) -> Callable[[], int]:
    """Count the updates of one chat that reach the handlers."""
    seen = [0]

    async def count(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_chat is not None and update.effective_chat.id == chat_id:
            seen[0] += 1

    running.survey_bot.application.add_handler(TypeHandler(Update, count), group=-1)
    return lambda: seen[0]


@pytest.mark.parametrize("mode", MODES)
async def test_a_flood_is_cut_alike_in_both_modes(tmp_path: Path, mode: str) -> None:
    async with FakeBotAPI() as api:
        flooder = api.user(5001, language_code="fr")
        async with bot_in(mode, api, tmp_path) as running:
            processed = count_processed(running, flooder.id)
            running.survey_bot.intake.flood_guard = FloodGuard(burst=BURST, clock=frozen_clock)
            for index in range(FLOOD):
                await flooder.send_text(f"flood {index}")
            await deliver(api, mode)
            assert processed() == BURST
            assert running.survey_bot.intake.flood_guard.dropped == FLOOD - BURST


@pytest.mark.parametrize("mode", MODES)
async def test_an_unreadable_update_is_skipped_and_confirmed(
    tmp_path: Path, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with FakeBotAPI() as api:
        agent = api.user(5002, language_code="fr")
        async with bot_in(mode, api, tmp_path):
            # A date python-telegram-bot cannot read: `Update.de_json` raises on it.
            poison = await api.push_update(
                "message",
                {
                    "message_id": 1,
                    "date": "soon",
                    "chat": agent.chat,
                    "from": agent.user,
                    "text": "my private answer",
                },
            )
            assert poison is not None
            await agent.send_command("/start")
            await deliver(api, mode)
            # The bot carries on: the next update is answered.
            await agent.wait_for_message("Question 1 · ", timeout=5)
        assert api.pending_updates() == []
        # Started again, it finds nothing left to choke on.
        async with bot_in(mode, api, tmp_path):
            await agent.send_command("/start")
            await deliver(api, mode)
            await agent.wait_for_message("Question 1 · ", timeout=5)
    skipped = [r.getMessage() for r in caplog.records if "cannot be read" in r.getMessage()]
    assert len(skipped) == 1
    assert str(poison["update_id"]) in skipped[0]
    assert "my private answer" not in caplog.text
    assert str(agent.id) not in caplog.text


@pytest.mark.parametrize("mode", MODES)
async def test_a_press_dropped_by_the_flood_guard_is_answered(tmp_path: Path, mode: str) -> None:
    async with FakeBotAPI() as api:
        agent = api.user(5003, language_code="fr")
        async with bot_in(mode, api, tmp_path) as running:
            await agent.send_command("/start")
            await deliver(api, mode)
            question = await agent.wait_for_message("Question 1 · ", timeout=5)
            burst = 2
            running.survey_bot.intake.flood_guard = FloodGuard(burst=burst, clock=frozen_clock)
            option = question.button_texts[0]
            presses = [await agent.click(option, question) for _ in range(8)]
            await deliver(api, mode)
            answers = [await agent.wait_for_callback_answer(press) for press in presses]
            assert running.survey_bot.intake.flood_guard.dropped == len(presses) - burst
            # The dropped ones get a silent answer, each exactly one.
            assert [answer.text for answer in answers[burst:]] == [None] * (len(presses) - burst)
            await running.survey_bot.sender.finish_answers()
            assert len(api.calls_to("answerCallbackQuery")) == len(presses)
