"""Reliability: no answer lost or doubled under Telegram faults, crashes and storage faults."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.app.settings import Settings
from bot.app.wiring import open_context
from bot.core.answers import Answer
from bot.i18n import text
from bot.telegram.runner import SurveyBot
from fakebotapi import BotMessage, FakeBotAPI, FakeUser, FaultKind
from tests.support.agents import last_handle
from tests.support.botharness import (
    Clock,
    answers_of,
    begin,
    edited,
    make_settings,
    running_bot,
)

TWO_NUMBERS = """
id = "two-numbers"
title = "Two numbers"
intro = "Two questions."
thanks = "Thanks."
languages = ["en"]

[[questions]]
id = "first"
type = "number"
text = "First number?"
min = 0
max = 100

[[questions]]
id = "second"
type = "number"
text = "Second number?"
min = 0
max = 100

[[questions]]
id = "note"
type = "text"
text = "A note?"
max_length = 300
"""


def two_number_settings(tmp_path: Path, api: FakeBotAPI) -> Settings:
    survey = tmp_path / "two-numbers.toml"
    survey.write_text(TWO_NUMBERS, encoding="utf-8")
    return make_settings(tmp_path, api, survey=survey)


async def stored_answers(settings: Settings, user: FakeUser) -> dict[str, Answer]:
    """The answers in progress of one user, read through a fresh store on the file: found, as
    after a restart, through the session handle on the buttons of their chat."""
    async with open_context(settings) as context:
        await context.service.rejoin(user.id, last_handle(user), 0)
        session = await context.service.store.session(user.id)
        assert session is not None
        return dict(session.state.answers)


@asynccontextmanager
async def crashing_bot(api: FakeBotAPI, settings: Settings) -> AsyncIterator[SurveyBot]:
    """A bot that is stopped without confirming its last updates, as a crash would."""
    async with open_context(settings) as context:
        survey_bot = SurveyBot(context, token=api.token, clock=Clock())
        await survey_bot.start()
        poller = asyncio.create_task(survey_bot.run_polling(asyncio.Event()))
        try:
            yield survey_bot
        finally:
            poller.cancel()
            await asyncio.gather(poller, return_exceptions=True)
            await survey_bot.stop()


async def test_redelivered_typed_answer_is_not_applied_to_the_next_question(
    tmp_path: Path,
) -> None:
    async with FakeBotAPI() as api:
        settings = two_number_settings(tmp_path, api)
        agent = api.user(2001, language_code="en")
        async with crashing_bot(api, settings):
            await begin(agent)
            # The bot's next long poll is under way (it confirmed the start), and will bring "12".
            await api.wait_until_confirmed()
            # From now on no getUpdates gets through: the offset after "12" is never confirmed.
            api.inject("getUpdates", FaultKind.DROP_CONNECTION, count=10_000)
            await agent.send_text("12")
            await agent.wait_for_message("Question 2 · ")
        assert [u["message"]["text"] for u in api.pending_updates()] == ["12"]
        api.faults.clear()
        async with running_bot(api, settings):
            # The redelivered "12" changes nothing. Nothing on disk says whose session it is:
            # the person is told how to go on (a tap on a button of their last question).
            await api.wait_until_confirmed()
            (told,) = agent.unread()
            assert told.text == text("en", "resume_by_button")
        assert await stored_answers(settings, agent) == {"first": Answer(12)}


@pytest.mark.parametrize(
    ("kind", "options"),
    [
        (FaultKind.TOO_MANY_REQUESTS, {"retry_after": 1}),
        (FaultKind.SERVER_ERROR, {}),
        (FaultKind.BAD_GATEWAY, {}),
        (FaultKind.DROP_CONNECTION, {}),
        (FaultKind.LATENCY, {"delay": 0.5}),
        # Hangs past python-telegram-bot's 5 s read timeout: the client gives up and retries.
        (FaultKind.TIMEOUT, {"delay": 8}),
    ],
)
async def test_next_question_arrives_through_a_send_fault(
    tmp_path: Path, kind: FaultKind, options: dict[str, float]
) -> None:
    async with FakeBotAPI() as api:
        settings = two_number_settings(tmp_path, api)
        agent = api.user(2002, language_code="en")
        async with running_bot(api, settings):
            await begin(agent)
            api.inject("sendMessage", kind, count=2, **options)
            await agent.send_text("7")
            await agent.wait_for_message("Question 2 · ", timeout=30)
            # An error is retried (two faults, then success); latency only slows one call.
            assert api.faults_injected == (1 if kind is FaultKind.LATENCY else 2)
        assert await stored_answers(settings, agent) == {"first": Answer(7)}


async def test_a_rate_limited_chat_does_not_hold_up_the_others(tmp_path: Path) -> None:
    async with FakeBotAPI() as api:
        settings = two_number_settings(tmp_path, api)
        slow, fast = api.user(2003, language_code="en"), api.user(2004, language_code="en")
        async with running_bot(api, settings):
            await begin(slow)
            await begin(fast)
            api.inject("sendMessage", FaultKind.TOO_MANY_REQUESTS, count=1, retry_after=3)
            await slow.send_text("1")
            await api.wait_for_call("sendMessage", count=1)
            await fast.send_text("2")
            await fast.wait_for_message("Question 2 · ", timeout=2.5)
            assert slow.last_message is not None
            assert "Question 2 · " not in slow.last_message.text
            await slow.wait_for_message("Question 2 · ", timeout=10)


@pytest.mark.parametrize("concurrency", [1, 2])
async def test_a_slow_reply_holds_up_no_other_chat_even_one_update_at_a_time(
    tmp_path: Path, concurrency: int
) -> None:
    async with FakeBotAPI() as api:
        settings = two_number_settings(tmp_path, api)
        telegram = settings.telegram.model_copy(update={"concurrency": concurrency})
        settings = settings.model_copy(update={"telegram": telegram})
        users = {"slow": api.user(2005, language_code="en"), "fast": api.user(2006)}
        # Both wait for the bot, so that they come in one batch.
        await users["slow"].send_command("/start")
        await users["fast"].send_command("/start")
        api.inject("sendMessage", FaultKind.LATENCY, count=1, delay=3)
        async with running_bot(api, settings):
            served = await asyncio.wait_for(first_to_see(users, "Question 1 · "), timeout=10)
            other = "fast" if served == "slow" else "slow"
            await users[other].wait_for_message("Question 1 · ", timeout=10)
        # Updates wait for no reply: even one at a time, the other chat is served first.
        assert served == "fast"


async def first_to_see(users: dict[str, FakeUser], text: str) -> str:
    """The name of the user who is first shown a message containing `text`."""
    waits = {
        asyncio.create_task(user.wait_for_message(text, timeout=10), name=name)
        for name, user in users.items()
    }
    done, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    return next(iter(done)).get_name()


async def test_sent_but_unacknowledged_reply_does_not_double_the_answer(tmp_path: Path) -> None:
    async with FakeBotAPI() as api:
        settings = two_number_settings(tmp_path, api)
        agent = api.user(2005, language_code="en")
        async with running_bot(api, settings):
            await begin(agent)
            api.inject("sendMessage", FaultKind.DROP_CONNECTION, count=1, process=True)
            await agent.send_text("33")
            await agent.wait_for_message("Question 2 · ", timeout=10)
            await agent.send_text("44")
            await agent.wait_for_message("Question 3 · ", timeout=10)
        assert await stored_answers(settings, agent) == {
            "first": Answer(33),
            "second": Answer(44),
        }


async def test_polling_survives_get_updates_faults(tmp_path: Path) -> None:
    async with FakeBotAPI() as api:
        settings = two_number_settings(tmp_path, api)
        agent = api.user(2006, language_code="en")
        async with running_bot(api, settings):
            await begin(agent)
            api.inject("getUpdates", FaultKind.BAD_GATEWAY, count=1)
            api.inject("getUpdates", FaultKind.DROP_CONNECTION, count=1)
            await agent.send_text("5")
            await agent.wait_for_message("Question 2 · ", timeout=15)
        assert await stored_answers(settings, agent) == {"first": Answer(5)}


# Disk full: no new page may be added, and the pages around this session's answers are full
# (junk rows sorting right before and after the answer the user is about to give).
DISK_FULL = [
    "PRAGMA max_page_count = 1",
    *[
        f"INSERT INTO answers (token, question, item, text) SELECT token, '{question}', "
        f"printf('%08d', abs(random()) % 100000000), randomblob({size}) FROM sessions"
        for size in (400, 40, 1)
        for question in ("firss", "firsu")
    ],
]
DISK_CURE = [
    "PRAGMA max_page_count = 1073741823",
    "DELETE FROM answers WHERE question IN ('firss', 'firsu')",
]


@pytest.mark.parametrize(
    ("fault", "cure"),
    [
        (["PRAGMA query_only = ON"], ["PRAGMA query_only = OFF"]),
        (DISK_FULL, DISK_CURE),
    ],
    ids=["read-only", "disk-full"],
)
async def test_storage_fault_asks_to_try_again_and_recovers(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, fault: list[str], cure: list[str]
) -> None:
    async with FakeBotAPI() as api:
        settings = two_number_settings(tmp_path, api)
        agent = api.user(2007, language_code="en")
        async with running_bot(api, settings) as running:
            await begin(agent)
            connection = running.context.store._db
            for statement in fault:
                for _ in range(1000 if statement.startswith("INSERT") else 1):
                    try:
                        await connection.execute(statement)
                    except sqlite3.OperationalError as error:
                        if "full" not in str(error):
                            raise
                        break
            with caplog.at_level(logging.ERROR):
                await agent.send_text("91")
                await agent.wait_for_message("Something went wrong on our side")
            assert any("storage" in r.getMessage() for r in caplog.records)
            for statement in cure:
                await connection.execute(statement)
            await agent.send_text("91")
            await agent.wait_for_message("Question 2 · ")
        assert await stored_answers(settings, agent) == {"first": Answer(91)}


async def test_locked_database_asks_to_try_again(tmp_path: Path) -> None:
    async with FakeBotAPI() as api:
        settings = two_number_settings(tmp_path, api)
        agent = api.user(2008, language_code="en")
        async with running_bot(api, settings):
            await begin(agent)
            blocker = sqlite3.connect(settings.database, timeout=0.1)
            try:
                blocker.execute("BEGIN EXCLUSIVE")
                await agent.send_text("3")
                await agent.wait_for_message("Something went wrong", timeout=15)
            finally:
                blocker.rollback()
                blocker.close()
            await agent.send_text("3")
            await agent.wait_for_message("Question 2 · ")
        assert await stored_answers(settings, agent) == {"first": Answer(3)}


async def test_hostile_text_is_stored_clean(tmp_path: Path) -> None:
    async with FakeBotAPI() as api:
        settings = two_number_settings(tmp_path, api)
        agent = api.user(2009, language_code="en")
        async with running_bot(api, settings):
            await begin(agent)
            await agent.send_text("1")
            await agent.wait_for_message("Question 2 · ")
            await agent.send_text("2")
            await agent.wait_for_message("Question 3 · ")
            await agent.send_text("x" * 4096)
            await agent.wait_for_message("too long")
            await agent.send_text("=cmd\x00 \u202eevil\u202c\x07 text\r\nnext")
            await agent.wait_for_message(lambda m: "Your answers" in m.text)
        answers = await stored_answers(settings, agent)
        assert answers["note"] == Answer("=cmd evil text\nnext")


async def test_a_flood_is_dropped_and_does_not_slow_others(tmp_path: Path) -> None:
    async with FakeBotAPI() as api:
        settings = two_number_settings(tmp_path, api)
        flooder, other = api.user(2010, language_code="en"), api.user(2011, language_code="en")
        async with running_bot(api, settings) as running:
            await begin(flooder)
            await begin(other)
            for index in range(300):
                await flooder.send_text(f"flood {index}")
            await other.send_text("4")
            await other.wait_for_message("Question 2 · ", timeout=5)
            await api.wait_until_confirmed(timeout=15)
            assert running.survey_bot.intake.flood_guard.dropped >= 200
            assert await answers_of(running, flooder) == {}
            assert await answers_of(running, other) == {"first": Answer(4)}


async def test_edited_message_does_not_change_a_stored_answer(tmp_path: Path) -> None:
    async with FakeBotAPI() as api:
        settings = two_number_settings(tmp_path, api)
        agent = api.user(2012, language_code="en")
        async with running_bot(api, settings):
            await begin(agent)
            update = await agent.send_text("10")
            await agent.wait_for_message("Question 2 · ")
            await agent.edit_message(update["message"]["message_id"], "99")
            await api.wait_until_confirmed()
        assert await stored_answers(settings, agent) == {"first": Answer(10)}


async def test_replayed_button_changes_nothing(tmp_path: Path) -> None:
    async with FakeBotAPI() as api:
        settings = make_settings(tmp_path, api)  # the tests' own survey
        agent = api.user(2013, language_code="fr")
        async with running_bot(api, settings) as running:
            south = running.words("fr").label("team", "south")
            await begin(agent)
            first = agent.last_message
            assert first is not None
            await agent.click(south)
            await agent.wait_for_message("Question 2 · ")
            await agent.click_data(first.message_id, "a|team|north")
            stale = await agent.wait_for_callback_answer()
            assert stale.text is not None
            assert agent.unread() == []  # a notice, and no copy of question 2
        answers = await stored_answers(settings, agent)
        assert answers == {"team": Answer("south")}


async def answer_then_die_with_the_edit_queued(
    api: FakeBotAPI, survey_bot: SurveyBot, user: FakeUser, *, confirmed: bool
) -> BotMessage:
    """The user answers question 1 (under the intro), then question 2 on its message; the bot
    dies while the edit of that message into question 3 is still queued (Telegram failing it
    for now). `confirmed`: whether the bot had confirmed the press to Telegram. Returns
    question 2 as the chat still shows it."""
    await user.click("Équipe nord", await begin(user))
    question = await user.wait_for_message(lambda m: "Question 2 · " in m.text)
    await api.wait_until_confirmed()
    if not confirmed:
        api.inject("getUpdates", FaultKind.DROP_CONNECTION, count=10_000)
    api.inject("editMessageText", FaultKind.SERVER_ERROR, count=1000)
    press = await user.click("De jour", question)
    await user.wait_for_callback_answer(press)  # acknowledged once the answer is stored
    if confirmed:
        await api.wait_until_confirmed()
    await survey_bot.outbox.close()  # the process dies: what it had queued is lost
    api.faults.clear()
    (shown,) = [m for m in user.messages if m.message_id == question.message_id]
    assert "Question 2 · " in shown.text  # the edit never reached the chat
    return shown


@pytest.mark.parametrize("confirmed", [True, False], ids=["confirmed", "delivered-again"])
async def test_a_reply_lost_with_a_killed_bot_comes_back(tmp_path: Path, confirmed: bool) -> None:
    async with FakeBotAPI() as api:
        settings = make_settings(tmp_path, api)
        anne = api.user(2101, language_code="fr")
        async with crashing_bot(api, settings) as survey_bot:
            shown = await answer_then_die_with_the_edit_queued(
                api, survey_bot, anne, confirmed=confirmed
            )
        pressed_again = [u for u in api.pending_updates() if "callback_query" in u]
        assert bool(pressed_again) is not confirmed
        async with running_bot(api, settings) as running:
            if confirmed:
                # Telegram has it done: the person, still seeing question 2, taps again.
                await anne.click("De jour", shown)
                notice = await anne.wait_for_callback_answer()
                assert notice.text == running.words("fr")("stale")
            # Else nothing to do for her: the press comes again and changes nothing.
            third = await anne.wait_for_message(edited(shown))
            assert "Question 3 · " in third.text
            assert await answers_of(running, anne) == {
                "team": Answer("north"),
                "shift": Answer("day"),
            }
