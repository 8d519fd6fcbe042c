"""End to end: a person who sent their answers clears the survey's conversation.

The thanks carries a button that deletes the person's messages and the bot's, from the
survey's first message to the thanks, in as few `deleteMessages` calls as it takes.
"""

from __future__ import annotations

from pathlib import Path

from bot import i18n
from bot.telegram.keyboards import Action
from fakebotapi import BotMessage, FakeBotAPI, FakeUser
from tests.support.agents import Agent, all_data, data_is, planned, random_answer
from tests.support.botharness import RunningBot, make_settings, running_bot

DELETE_WINDOW = 48 * 3600


def clear_data(message: BotMessage) -> str | None:
    """The callback data of a message's "clear" button, if it has one."""
    found = [d for d in all_data(message) if d.startswith(f"{Action.CLEAR}|")]
    return found[0] if found else None


async def answer_and_send(running: RunningBot, user: FakeUser) -> tuple[int, BotMessage]:
    """The person's /start onwards: answer everything, send. Returns the id of the /start and
    the thanks, with its "clear" button."""
    start = user.message_ids[-1] + 1 if user.message_ids else 1
    await Agent(user, running.context.questionnaire).run(random_answer, language="fr")
    (thanks,) = [m for m in user.messages if clear_data(m) is not None]
    assert start in user.message_ids and start not in {m.message_id for m in user.messages}
    return start, thanks


def deletions(api: FakeBotAPI, user: FakeUser) -> list[list[int]]:
    """The ids of each `deleteMessages` call made in the person's chat."""
    return [
        list(call["message_ids"])
        for call in api.calls_to("deleteMessages")
        if int(call["chat_id"]) == user.chat_id
    ]


async def test_clear_deletes_the_survey_conversation_even_after_a_restart(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, api)
    anne = api.user(2090, "Anne", language_code="fr")
    async with running_bot(api, settings) as running:
        await anne.send_command("/help")
        await anne.wait_for_message(running.words("fr")("help").split("\n")[0])
        before = anne.message_ids
        start, thanks = await answer_and_send(running, anne)
    survey = {i for i in anne.message_ids if i >= start}
    bots = {m.message_id for m in anne.messages}
    assert survey & bots and survey - bots  # the bot's messages and the person's

    async with running_bot(api, settings):  # a new process: nothing of the survey in memory
        data = clear_data(thanks)
        assert data is not None
        await anne.click(data_is(data), thanks)
        notice = await anne.wait_for_callback_answer()
        assert notice.text == i18n.text("fr", "clearing")
        assert notice.show_alert
        await anne.wait_until(lambda: anne.message_ids == before)

    # What came before the survey stays; one call deleted all of it, /start to thanks.
    assert deletions(api, anne) == [list(range(start, thanks.message_id + 1))]


async def test_clear_leaves_what_telegram_no_longer_lets_a_bot_delete(
    api: FakeBotAPI, running: RunningBot
) -> None:
    bert = api.user(2091, "Bert", language_code="fr")
    start, thanks = await answer_and_send(running, bert)
    bert.backdate(start, DELETE_WINDOW + 60)  # the /start, two days and a minute ago
    data = clear_data(thanks)
    assert data is not None
    await bert.click(data_is(data), thanks)
    await bert.wait_for_callback_answer()
    await bert.wait_until(lambda: bert.message_ids == [start])
    assert len(deletions(api, bert)) == 1


async def test_after_a_restart_during_the_survey_clear_takes_the_whole_chat(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    """Where the survey began is kept in memory only: once a restart lost it, the button
    clears the chat back to its start (at most `CLEAR_MOST` messages), so that no answer given
    before the restart stays behind."""
    settings = make_settings(tmp_path, api)
    cleo = api.user(2092, "Cleo", language_code="fr")
    async with running_bot(api, settings) as running:
        await cleo.send_command("/help")
        await cleo.wait_for_message(running.words("fr")("help").split("\n")[0])
        agent = Agent(cleo, running.context.questionnaire)
        await agent.answer_until("hours", planned({"shift": "night"}), await agent.start())

    async with running_bot(api, settings) as running:
        await cleo.send_command("/start")
        step = await agent.next_step()
        await agent.answer_until(None, random_answer, step, submit=True)
        (thanks,) = [m for m in cleo.messages if clear_data(m) is not None]
        assert clear_data(thanks) == f"{Action.CLEAR}|0|fr"
        await cleo.click(data_is(f"{Action.CLEAR}|0|fr"), thanks)
        await cleo.wait_for_callback_answer()
        await cleo.wait_until(lambda: cleo.message_ids == [])
    assert deletions(api, cleo) == [list(range(1, thanks.message_id + 1))]
