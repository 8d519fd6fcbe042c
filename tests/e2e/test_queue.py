"""Launch day, through the fake Bot API at Telegram's limits: presses acknowledged while replies
queue, paid broadcasts only beyond the free rate, only for replies that move a survey forward
and only within their budget, turns across chats, and an intake that keeps fetching while an
update is slow, with nothing lost when the bot dies in that state."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes, TypeHandler

from bot.app.settings import Settings
from bot.app.wiring import open_context
from bot.core.answers import Answer
from bot.i18n import text
from bot.telegram.runner import SurveyBot
from fakebotapi import BotMessage, FakeBotAPI, FakeUser
from tests.support.agents import last_handle, ticked
from tests.support.botharness import (
    Clock,
    answers_of,
    begin,
    edited,
    make_settings,
    new,
    running_bot,
)
from tests.support.paths import REPO

TWO_NUMBERS = REPO / "tests" / "surveys" / "two-numbers.toml"
ADMIN_ID = 4242


def settings_for(
    tmp_path: Path, api: FakeBotAPI, *, per_second: float, paid: bool = False, **telegram: int
) -> Settings:
    """A bot on a two-question English survey, keeping to `per_second` free messages (the
    fake Bot API keeps Telegram's 30); `telegram`: other keys of `[telegram]`."""
    settings = make_settings(
        tmp_path, api, survey=TWO_NUMBERS, messages_per_second=per_second, admins=[ADMIN_ID]
    )
    keys = settings.telegram.model_dump() | {"paid_broadcast": paid} | telegram
    return settings.model_copy(update={"telegram": type(settings.telegram)(**keys)})


async def crowd_starts(api: FakeBotAPI, first_id: int, count: int) -> list[FakeUser]:
    """`count` people send /start at once; returns once each has a first screen."""
    crowd = [api.user(first_id + n, language_code="en") for n in range(count)]
    screens = [
        asyncio.ensure_future(person.wait_for_message("Question 1 · ", timeout=30))
        for person in crowd
    ]
    for person in crowd:
        await person.send_command("/start")
    await asyncio.gather(*screens)
    return crowd


async def test_a_press_is_acknowledged_at_once_while_its_reply_waits_for_the_limit(
    tmp_path: Path, api: FakeBotAPI
) -> None:
    # The tests' own survey, in French and Dutch: an English Telegram first chooses.
    settings = make_settings(tmp_path, api, messages_per_second=1, admins=[ADMIN_ID])
    async with running_bot(api, settings) as running:
        person = api.user(1, language_code="en")
        await person.send_command("/start")
        first = await person.wait_for_message(lambda m: bool(m.buttons), timeout=10)
        crowd = [api.user(100 + n, language_code="en") for n in range(4)]
        for colleague in crowd:
            await colleague.send_command("/start")
        await api.wait_until_confirmed()  # processed: their first screens are queued
        press = await person.click(running.words("fr").name)
        answer = await person.wait_for_callback_answer(press)
        # Acknowledged, saying why the question is not there yet: it waits its turn.
        assert answer.text == text("fr", "busy")
        assert [m.message_id for m in person.messages] == [first.message_id]
        outbox = running.survey_bot.outbox
        assert outbox.queued >= 1
        # The organisers see the queue in /stats.
        admin = api.user(ADMIN_ID, language_code="fr")
        await admin.send_command("/stats")
        await person.wait_for_message("Question 1 · ", timeout=30)
        stats = await admin.wait_for_message(lambda _: True, timeout=30)
        heading = text("fr", "stats_queue", queued=2, wait="0").split("2")[0]
        assert heading in stats.text


async def test_nothing_is_paid_while_the_free_rate_suffices(
    tmp_path: Path, api: FakeBotAPI
) -> None:
    settings = settings_for(tmp_path, api, per_second=30, paid=True)
    async with running_bot(api, settings) as running:
        people = [api.user(200 + n, language_code="en") for n in range(5)]
        for person in people:
            await begin(person)
        assert api.limits.paid_messages == 0
        assert running.survey_bot.outbox.paid_messages == 0
        assert not [c for c in api.calls if c.params.get("allow_paid_broadcast")]


async def test_beyond_the_free_rate_paid_broadcasts_carry_the_overflow_when_configured(
    tmp_path: Path, api: FakeBotAPI
) -> None:
    settings = settings_for(tmp_path, api, per_second=5, paid=True)
    async with running_bot(api, settings) as running:
        crowd = await crowd_starts(api, 300, 40)
        outbox = running.survey_bot.outbox
        admin = api.user(ADMIN_ID, language_code="en")
        await admin.send_command("/stats")
        stats = await admin.wait_for_message(lambda _: True, timeout=30)
        paid = text("en", "stats_paid", count=outbox.paid_messages, stars=outbox.stars)
        assert paid in stats.text
    assert outbox.paid_messages > 0
    assert api.limits.paid_messages == outbox.paid_messages
    assert api.limits.refused == 0  # neither lane went over Telegram's limits
    # Each person got one first screen, paid or not.
    for person in crowd:
        assert len([m for m in person.messages if "Question 1 · " in m.text]) == 1


async def test_without_paid_broadcasts_the_overflow_waits_and_nothing_is_paid(
    tmp_path: Path, api: FakeBotAPI
) -> None:
    settings = settings_for(tmp_path, api, per_second=5)
    async with running_bot(api, settings):
        await crowd_starts(api, 400, 15)
        assert api.limits.paid_messages == 0
        assert api.limits.refused == 0


async def test_replies_go_round_robin_so_nobody_waits_behind_another_persons_burst(
    tmp_path: Path, api: FakeBotAPI
) -> None:
    settings = settings_for(tmp_path, api, per_second=2)
    async with running_bot(api, settings):
        busy, other = api.user(501, language_code="en"), api.user(502, language_code="en")
        for _ in range(6):
            await busy.send_command("/help")
        await api.wait_until_confirmed()  # processed: six replies queued for one chat
        await other.send_command("/help")
        await other.wait_for_message(lambda m: "/start" in m.text, timeout=30)
        await busy.wait_for_message(lambda _: len(busy.messages) == 6, timeout=30)
    chats = [c.params["chat_id"] for c in api.calls if c.method == "sendMessage"]
    # Two went at once (the burst), the third was on its way: the other chat came next.
    assert chats.index(other.id) <= 3
    assert chats.count(busy.id) == 6


async def test_the_intake_fetches_on_while_an_update_is_slow_and_a_kill_then_loses_nothing(
    tmp_path: Path, api: FakeBotAPI
) -> None:
    settings = settings_for(tmp_path, api, per_second=30)
    slow, quick = api.user(601, language_code="en"), api.user(602, language_code="en")
    held, gate = asyncio.Event(), asyncio.Event()

    async def hold(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_user is not None and update.effective_user.id == slow.id:
            held.set()
            await gate.wait()
            raise ApplicationHandlerStop  # the process is gone: nothing more of this update

    async with open_context(settings) as context:
        survey_bot = SurveyBot(context, token=api.token, clock=Clock())
        survey_bot.application.add_handler(TypeHandler(Update, hold), group=-10)
        await survey_bot.start()
        poller = asyncio.create_task(survey_bot.run_polling(asyncio.Event()))
        await begin(quick)
        await slow.send_command("/start")
        await asyncio.wait_for(held.wait(), timeout=10)
        await quick.send_text("7")
        # Served while the slow update is still in flight.
        await quick.wait_for_message("Question 2 · ", timeout=10)
        # The bot dies now: nothing is confirmed past the update still in flight.
        poller.cancel()
        await asyncio.gather(poller, return_exceptions=True)
        pending = [u for u in api.pending_updates() if "message" in u]
        assert [u["message"]["from"]["id"] for u in pending] == [slow.id, quick.id]
        gate.set()
        await survey_bot.stop()
    assert not slow.messages
    async with running_bot(api, settings) as running:
        await slow.wait_for_message("Question 1 · ", timeout=10)
        await api.wait_until_confirmed()
        # Found again as after a tap on a button of the last question.
        await running.context.service.rejoin(quick.id, last_handle(quick), 0)
        session = await running.context.service.store.session(quick.id)
        assert session is not None
        # The answer given before the kill comes again, and is not taken twice.
        assert dict(session.state.answers) == {"first": Answer(7)}


async def test_a_step_sent_as_a_paid_new_message_is_kept_as_the_step_in_the_database(
    tmp_path: Path, api: FakeBotAPI
) -> None:
    # One free message every 10 s: past the first, what waits goes paid.
    settings = make_settings(tmp_path, api, messages_per_second=0.1)
    telegram = settings.telegram.model_copy(update={"paid_broadcast": True})
    settings = settings.model_copy(update={"telegram": telegram})
    async with running_bot(api, settings) as running:
        person = api.user(701, language_code="fr")
        await person.click("Équipe nord", await begin(person))
        question = await person.wait_for_message(new("Question 2 · "), timeout=10)
        await person.click("De jour", question)
        # An edit cannot be paid for: the next question came as a new message.
        following = await person.wait_for_message(new("Question 3 · "), timeout=10)
        assert api.limits.paid_messages >= 2
        assert await running.survey_bot.outbox.drain(10)
        kept = await running.context.service.store.step_message(person.id)
    assert kept is not None
    # A restart edits the new message, not the one it took the place of.
    assert kept.message_id == following.message_id != question.message_id


async def test_quick_ticks_while_replies_wait_go_out_as_one_edit(
    tmp_path: Path, api: FakeBotAPI
) -> None:
    survey = tmp_path / "ticks.toml"
    survey.write_text(
        'id = "ticks"\nlanguages = ["fr"]\ntitle = "Coches"\nintro = "Deux questions."\n'
        'thanks = "Merci"\n'
        '[[questions]]\nid = "tools"\ntype = "multiple"\ntext = "Vos outils ?"\noptions = [\n'
        '  { id = "phone", label = "Téléphone" },\n  { id = "mail", label = "Courriel" },\n'
        '  { id = "chat", label = "Chat" },\n]\n'
        '[[questions]]\nid = "more"\ntype = "yesno"\ntext = "Autre chose ?"\n',
        encoding="utf-8",
    )
    # One free message every 4 s: what follows the first screen waits its turn.
    settings = make_settings(tmp_path, api, survey=survey, messages_per_second=0.25)
    async with running_bot(api, settings) as running:
        person = api.user(801, language_code="fr")
        first = await begin(person)
        for label in ("▫️ Téléphone", "▫️ Courriel"):
            press = await person.click(label, first)
            await person.wait_for_callback_answer(press)  # taken: the tick waits its turn
        shown = await person.wait_for_message(edited(first))
        assert ticked(shown) == {"phone", "mail"}
        assert len(api.calls_to("editMessageReplyMarkup")) == 1
        assert running.survey_bot.outbox.superseded == 1
        await person.click("Confirmer ✔", shown)
        await person.wait_for_message(new("Question 2 · "), timeout=10)
        assert await answers_of(running, person) == {"tools": Answer(("phone", "mail"))}


def holds(user: FakeUser, count: int) -> Callable[[BotMessage], bool]:
    """Whether the chat holds `count` messages of the bot's (or more)."""
    return lambda _: len(user.messages) >= count


def paid_chats(api: FakeBotAPI) -> list[int]:
    """The chats that paid broadcasts went to, one entry per paid message."""
    return [
        int(call.params["chat_id"])
        for call in api.calls
        if call.method == "sendMessage" and call.params.get("allow_paid_broadcast")
    ]


async def test_strangers_flooding_the_bot_cost_no_star_while_the_free_rate_is_saturated(
    tmp_path: Path, api: FakeBotAPI
) -> None:
    settings = settings_for(tmp_path, api, per_second=10, paid=True)
    async with running_bot(api, settings) as running:
        strangers = [api.user(1_000 + n, language_code="en") for n in range(10)]
        for _ in range(2):
            for stranger in strangers:
                await stranger.send_text("hello")
                await stranger.send_sticker()
                await stranger.send_command("/whatever")
                await stranger.send_command("/help")
        await api.wait_until_confirmed()
        # Eighty replies at once, ten free a second: the free rate is saturated for seconds.
        assert running.survey_bot.outbox.queued > 40
        for stranger in strangers:
            await stranger.wait_for_message(holds(stranger, 8), timeout=30)
        replies = [m.text for stranger in strangers for m in stranger.messages]
        assert replies.count(text("en", "not_started")) == 20
        assert replies.count(text("en", "unsupported")) == 20
        assert replies.count(text("en", "unknown_command")) == 20
    assert api.limits.paid_messages == 0
    assert running.survey_bot.outbox.paid_messages == 0
    assert paid_chats(api) == []


async def test_during_a_flood_only_the_replies_of_someone_answering_may_be_paid_for(
    tmp_path: Path, api: FakeBotAPI
) -> None:
    settings = settings_for(tmp_path, api, per_second=5, paid=True)
    async with running_bot(api, settings):
        strangers = [api.user(1_100 + n, language_code="en") for n in range(10)]
        person = api.user(1_200, language_code="en")
        for stranger in strangers:
            await stranger.send_text("hello")
            await stranger.send_sticker()
        await api.wait_until_confirmed()
        await person.send_command("/start")
        await person.wait_for_message("Question 1 · ", timeout=30)
        await person.send_text("7")
        await person.wait_for_message("Question 2 · ", timeout=30)
        for stranger in strangers:
            await stranger.wait_for_message(holds(stranger, 2), timeout=30)
    # The person's steps waited behind twenty replies to strangers: they went paid, the
    # strangers' never.
    assert paid_chats(api)
    assert set(paid_chats(api)) == {person.id}
    assert api.limits.paid_messages == len(paid_chats(api))


async def test_paid_broadcasts_stop_at_their_total_budget_which_a_restart_does_not_reset(
    tmp_path: Path, api: FakeBotAPI, caplog: pytest.LogCaptureFixture
) -> None:
    budget = 5
    settings = settings_for(
        tmp_path, api, per_second=10, paid=True, paid_broadcast_max_total=budget
    )
    admin = api.user(ADMIN_ID, language_code="en")
    with caplog.at_level(logging.INFO, logger="bot.telegram.budget"):
        async with running_bot(api, settings) as running:
            await admin.send_command("/stats")
            stats = await admin.wait_for_message(lambda _: True, timeout=30)
            assert (
                text(
                    "en",
                    "stats_paid_budget",
                    hour="0",
                    per_hour="3000",
                    total="0",
                    max_total="5",
                    stars="0",
                    max_stars="0.5",
                )
                in stats.text
            )
            # Forty people start at once, ten free replies a second: a long queue.
            crowd = await crowd_starts(api, 2_000, 40)
            assert api.limits.paid_messages == budget
            await admin.send_command("/stats")
            stats = await admin.wait_for_message("Budget", timeout=30)
            assert text("en", "stats_paid_total_spent") in stats.text
            assert "5 of 5 in all" in stats.text
    spent = [r for r in caplog.records if "total budget" in r.getMessage()]
    assert len(spent) == 1 and spent[0].levelno == logging.WARNING
    # Every first screen came: the rest waited for free turns.
    for person in crowd:
        assert len([m for m in person.messages if "Question 1 · " in m.text]) == 1
    async with running_bot(api, settings) as running:
        assert await running.context.store.paid_messages() == budget
        await crowd_starts(api, 3_000, 30)
    assert api.limits.paid_messages == budget, "a restart gave the budget back"
