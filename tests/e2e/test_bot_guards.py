"""End to end, guards: groups, stale and forged buttons, media, bad input, edits.

Nothing here may change a stored answer; every callback query gets exactly one answer.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot import i18n
from bot.core.answers import Answer
from bot.core.questions.number import Number
from fakebotapi import BotMessage, CallbackAnswer, FakeBotAPI, FakeGroup, FakeUser
from tests.support.agents import Agent, Step, all_data, answer_rows, is_question, planned, stored
from tests.support.botharness import RunningBot, answers_of, new

STALE_FR = i18n.text("fr", "stale")


async def press(user: FakeUser, message_id: int, data: str) -> CallbackAnswer:
    """Send a callback query with `data` from one message; return the bot's answer to it."""
    update = await user.click_data(message_id, data)
    return await user.wait_for_callback_answer(update)


async def reach(running: RunningBot, user: FakeUser, question_id: str) -> Step:
    """Start and answer plainly until `question_id` is asked."""
    agent = Agent(user, running.context.questionnaire)
    return await agent.answer_until(question_id, planned(), await agent.start())


def assert_each_query_answered_once(api: FakeBotAPI) -> None:
    """Every callback query sent so far was answered, and answered once."""
    queries = api.world.queries
    assert queries and all(query.answered for query in queries.values())
    assert len(api.calls_to("answerCallbackQuery")) == len(queries)


async def outputs_until(
    user: FakeUser | FakeGroup, match: Callable[[BotMessage], bool]
) -> list[BotMessage]:
    """Every output of the bot in this chat up to (and with) the first one matching."""
    seen = [await user.wait_for_message()]
    while not match(seen[-1]):
        seen.append(await user.wait_for_message())
    return seen


# -- groups -----------------------------------------------------------------------------


async def test_group_messages_get_one_pointer_to_the_private_chat(
    api: FakeBotAPI, running: RunningBot
) -> None:
    anne = api.user(3001, "Anne", language_code="fr")
    group = api.group(-100300, "Collègues AGPR")
    await group.send_text(anne, "Bonjour, c'est ici l'enquête ?")
    await group.send_command(anne, "/start")
    await group.send_text(anne, "12")
    await group.send_command(anne, "/stats")  # processed after the others: marks the end

    seen = await outputs_until(group, new(i18n.text("fr", "admin_only")))
    assert [m.text for m in seen] == [
        i18n.text("fr", "private_only", link="https://t.me/fake_survey_bot?start=survey"),
        i18n.text("fr", "admin_only"),
    ]
    database = running.settings.database
    assert stored(database, "SELECT count(*) FROM sessions WHERE handle IS NOT NULL") == [(0,)]
    assert stored(database, "SELECT count(*) FROM sessions") == [(0,)]
    assert anne.messages == []  # nothing in the private chat either


# -- stale, repeated and forged buttons -------------------------------------------------


async def test_a_button_of_an_older_question_changes_nothing(
    api: FakeBotAPI, running: RunningBot
) -> None:
    anne = api.user(3010, "Anne", language_code="fr")
    step = await reach(running, anne, "hours")
    before = await answers_of(running, anne)
    # Question 1's message became question 3: its button pressed again, as an old client would.
    answer = await press(anne, step.message.message_id, "a|team|south")
    assert answer.text == STALE_FR and not answer.show_alert
    assert anne.unread() == []  # the current question is in sight: no copy of it
    assert await answers_of(running, anne) == before
    assert_each_query_answered_once(api)


async def test_a_double_tap_is_applied_once(api: FakeBotAPI, running: RunningBot) -> None:
    anne = api.user(3011, "Anne", language_code="fr")
    q1 = (await reach(running, anne, "team")).message

    first = await anne.click_data(q1.message_id, "a|team|south")
    second = await anne.click_data(q1.message_id, "a|team|north")  # before any reply
    third = await anne.click_data(q1.message_id, "a|team|south")
    assert (await anne.wait_for_callback_answer(first)).text is None
    assert (await anne.wait_for_callback_answer(second)).text == STALE_FR
    assert (await anne.wait_for_callback_answer(third)).text == STALE_FR
    await anne.wait_for_message(is_question(2))  # question 1 became question 2
    assert anne.unread() == []  # no copy after the stale taps
    assert await answers_of(running, anne) == {"team": Answer("south")}
    assert_each_query_answered_once(api)


async def test_forged_callback_data_changes_nothing(api: FakeBotAPI, running: RunningBot) -> None:
    anne = api.user(3012, "Anne", language_code="fr")
    fr = running.words("fr")
    q1 = (await reach(running, anne, "team")).message
    await anne.click(fr.label("team", "north"), q1)
    q2 = await anne.wait_for_message(is_question(2))
    before = await answers_of(running, anne)
    rows = answer_rows(running.settings.database)
    clicks = len(api.calls_to("answerCallbackQuery"))

    invalid = await press(anne, q2.message_id, "a|shift|nonexistent")
    assert invalid.show_alert and invalid.text == fr("error_choose_option")
    required = await press(anne, q2.message_id, "s|shift")
    assert required.text == fr("error_required")
    forged = [
        "a|team|nonexistent",
        "a|rating|99",
        "zzz",
        "a",
        "a|shift",
        "a|shift|day|extra",
        "t|shift|day",
        "c|problems",
        "b|rating",
        "S",
        "l|de",
        "g|xx",
        "k",
        "a|" + "x" * 200,
    ]
    for data in forged:
        answer = await press(anne, q2.message_id, data)
        assert answer.text == STALE_FR, data
    assert anne.unread() == []  # a notice each, and question 2 stays as it is
    assert await answers_of(running, anne) == before
    assert answer_rows(running.settings.database) == rows
    assert len(api.calls_to("answerCallbackQuery")) == clicks + 2 + len(forged)
    assert_each_query_answered_once(api)


async def test_forged_values_on_the_current_question_are_refused(
    api: FakeBotAPI, running: RunningBot
) -> None:
    fr = running.words("fr")
    anne = api.user(3013, "Anne", language_code="fr")
    rating = (await reach(running, anne, "rating")).message
    before = await answers_of(running, anne)
    for value in ("99", "-1", "11", "abc", ""):
        answer = await press(anne, rating.message_id, f"a|rating|{value}")
        assert answer.show_alert and answer.text == fr("error_scale", low=0, high=10), value
    assert await answers_of(running, anne) == before
    assert all_data(rating)[:11] == [f"a|rating|{v}" for v in range(11)]
    await anne.click("10", rating)
    await anne.wait_for_message(lambda m: m.edited and fr.question("comments") in m.text)
    assert (await answers_of(running, anne))["rating"] == Answer(10)


async def test_every_callback_query_is_answered_once(api: FakeBotAPI, running: RunningBot) -> None:
    fr = running.words("fr")
    anne = api.user(3014, "Anne", language_code="fr")
    agent = Agent(anne, running.context.questionnaire)
    step = await agent.answer_until("problems", planned(), await agent.start())
    await anne.click(fr("button_confirm"), step.message)  # an alert
    await anne.wait_for_callback_answer()
    await anne.send_command("/cancel")
    await anne.wait_for_message(new(fr("cancel_confirm")))
    await anne.click(fr("button_cancel_no"))
    await anne.wait_for_callback_answer()
    await agent.answer_until(None, planned(), submit=True)
    again = await press(anne, step.message.message_id, "S")  # submit again: already done
    assert again.text == fr("already_sent")
    clicks = agent.clicks + 3
    assert len(anne.answered_callbacks) == clicks == len(api.world.queries)
    assert_each_query_answered_once(api)


# -- media, bad input, commands, edits --------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "nl"])
async def test_stickers_photos_and_voice_get_a_notice_under_the_question(
    api: FakeBotAPI, running: RunningBot, language: str
) -> None:
    unsupported = i18n.text(language, "unsupported")
    user = api.user(3020, "Agent", language_code=language)
    await user.send_sticker()  # before starting: just the notice
    assert (await user.wait_for_message()).text == unsupported

    await reach(running, user, "shift")
    before = await answers_of(running, user)
    for send in (user.send_sticker(), user.send_photo(caption="12"), user.send_voice()):
        await send
        assert (await user.wait_for_message()).text == i18n.text(language, "unsupported_above")
    assert user.unread() == []  # the question is just above: no copy of it
    assert await answers_of(running, user) == before


@pytest.mark.parametrize("language", ["fr", "nl"])
async def test_invalid_numbers_are_asked_again(
    api: FakeBotAPI, running: RunningBot, language: str
) -> None:
    hours = running.context.questionnaire.question("hours")
    assert isinstance(hours, Number) and (hours.min, hours.max) == (0, 40)
    error = i18n.text(language, "error_number_between", low=0, high=40)
    user = api.user(3030, "Agent", language_code=language)
    await reach(running, user, "hours")
    for typed in ("abc", "41", "-1", "12.5", "1e3", "douze"):
        await user.send_text(typed)
        assert (await user.wait_for_message()).text == error, typed
    assert "hours" not in await answers_of(running, user)
    await user.send_text(" 40 ")
    await user.wait_for_message(is_question(4))
    assert (await answers_of(running, user))["hours"] == Answer(40)


async def test_over_long_text_is_refused_and_not_stored(
    api: FakeBotAPI, running: RunningBot
) -> None:
    fr = running.words("fr")
    limit = fr.max_length("comments")
    anne = api.user(3031, "Anne", language_code="fr")
    await reach(running, anne, "comments")
    await anne.send_text("é" * (limit + 1))
    refused = await anne.wait_for_message()
    assert refused.text == fr("error_too_long", limit=limit)
    assert "comments" not in await answers_of(running, anne)
    assert stored(
        running.settings.database, "SELECT count(*) FROM answers WHERE question = 'comments'"
    ) == [(0,)]
    await anne.send_text("é" * limit)
    await anne.wait_for_message(new(fr("review")))
    assert (await answers_of(running, anne))["comments"] == Answer("é" * limit)


@pytest.mark.parametrize("language", ["fr", "nl"])
async def test_unknown_commands_get_a_localised_answer(
    api: FakeBotAPI, running: RunningBot, language: str
) -> None:
    reply = i18n.text(language, "unknown_command")
    user = api.user(3040, "Agent", language_code=language)
    await user.send_command("/foo")
    assert (await user.wait_for_message()).text == reply
    await reach(running, user, "shift")
    await user.send_command("/resultats", "tout")
    assert (await user.wait_for_message()).text == reply
    assert await answers_of(running, user) == {"team": Answer("north")}


async def test_edits_of_earlier_answers_are_refused_with_a_reply(
    api: FakeBotAPI, running: RunningBot
) -> None:
    fr = running.words("fr")
    anne = api.user(3050, "Anne", language_code="fr")
    await reach(running, anne, "hours")
    typed = await anne.send_text("12")
    await anne.wait_for_message(is_question(4))
    await anne.send_command("/back")
    back = await anne.send_text("/back")
    await anne.wait_for_message(is_question(2))
    await anne.send_text(fr.label("shift", "day"))  # typed instead of pressed: also fine
    await anne.wait_for_message(is_question(4))
    before = await answers_of(running, anne)

    await anne.edit_message(typed["message"]["message_id"], "30")  # a changed answer
    await anne.edit_message(back["message"]["message_id"], "/back")  # a command, again
    await anne.edit_message(typed["message"]["message_id"], "/start")
    await anne.send_command("/help")  # processed after the edits: marks the end
    seen = await outputs_until(anne, new(fr("help")))
    assert [m.text for m in seen[:-1]] == [fr("edit_not_taken")] * 3, seen
    assert await answers_of(running, anne) == before
    assert before["hours"] == Answer(12)
    session = await running.context.service.store.session(anne.id)
    assert session is not None and session.state.cursor is None
