"""End to end: the small things a member meets, in French and Dutch, through the real bot.

Progress that never goes back, out-of-date copies of a question, /back in place, passing the
survey on from the thanks, and texts right for the moment and the reader.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from bot import i18n
from fakebotapi import BotMessage, FakeBotAPI, FakeUser
from tests.support.agents import (
    Agent,
    all_data,
    callback_data,
    data_is,
    percent_of,
    random_answer,
)
from tests.support.botharness import (
    SHIPPED_SURVEY_OPEN,
    Clock,
    RunningBot,
    begin,
    edited,
    make_settings,
    new,
    running_bot,
)
from tests.support.calls import limited_calls, sends
from tests.support.paths import SHIPPED_SURVEY
from tests.support.transcript import Action, act

DEADLINE = datetime.fromisoformat("2021-03-31T23:59:59+02:00")
"""The tests' survey's deadline."""
SHIPPED_DEADLINE = datetime.fromisoformat("2020-02-11T23:59:59+01:00")


def message(user: FakeUser, message_id: int) -> BotMessage:
    """A bot message of the chat as it is now."""
    (found,) = [m for m in user.messages if m.message_id == message_id]
    return found


CHANGED_MIND: list[Action] = [
    ("command", "/start"),
    ("tap", "a|administration|agpr"),
    ("tap", "a|line|second"),  # closes the first line's question
    ("tap", "a|phone_frequency|daily"),
    ("type", "12"),
    ("tap", "a|training|no"),  # closes the question on the training
    ("command", "/back"),
    ("tap", "a|training|yes"),  # opens it again: one more question ahead
    ("tap", "a|training_use|4"),
    ("tap", "s|calls_per_day"),
    ("tap", "a|unanswered|often"),
    ("tap", "t|effects|overtime"),  # opens the question on support
    ("tap", "c|effects"),
    ("tap", "a|support|no_effect"),
    ("tap", "a|since_november|worse"),
    ("tap", "a|rating|3"),
]


async def test_progress_never_goes_back_and_shows_no_total_that_changes(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, api, survey=SHIPPED_SURVEY)
    async with running_bot(api, settings, Clock(SHIPPED_SURVEY_OPEN)):
        anne = api.user(7_100, "Anne", language_code="fr")
        shown: list[BotMessage] = []
        for action in CHANGED_MIND:
            await act(anne, action)
            shown.append(await anne.wait_for_message())
    percents = [percent_of(message) for message in shown]
    assert None not in percents, [m.text for m in shown]
    assert percents == sorted(p or 0 for p in percents), percents
    assert percents[0] == 0 and 80 <= (percents[-1] or 0) < 100
    assert not any(re.search(r"Question \d+/\d+", message.text) for message in shown)


async def test_the_thanks_offers_to_pass_the_survey_on_in_the_same_message(
    api: FakeBotAPI, running: RunningBot
) -> None:
    bert = api.user(7_200, "Bert", language_code="fr")
    await Agent(bert, running.context.questionnaire).run(random_answer, language="fr")
    (thanks,) = [m for m in bert.messages if any(d.startswith("d|") for d in all_data(m))]
    (row,) = thanks.buttons
    assert [callback_data(b)[:2] for b in row] == ["d|", ""], "beside the clear button"
    username = api.world.bot_user["username"]
    link = f"https://t.me/{username}?start={running.context.id}"
    title = running.context.questionnaire.text(running.context.questionnaire.title, "fr")
    assert row[1]["url"] == (
        f"https://t.me/share/url?url={quote(link, safe='')}&text={quote(title, safe='')}"
    )
    assert row[1]["text"] == running.words("fr")("button_share")
    # The thanks is the recap edited: no call more than before.
    assert [m.message_id for m in bert.outputs if thanks.text in m.text] == [thanks.message_id]


async def test_a_tap_on_an_out_of_date_copy_brings_the_current_question(
    api: FakeBotAPI, running: RunningBot
) -> None:
    nl = running.words("nl")
    bob = api.user(7_300, "Bob", language_code="nl")
    await begin(bob)
    await bob.click(data_is("a|team|north"))
    older = await bob.wait_for_message(new(nl.question("shift")))
    await bob.send_command("/start")  # the question again, as a new message
    newer = await bob.wait_for_message(new(nl.question("shift")))
    assert newer.message_id != older.message_id and newer.buttons

    # Answered on the older copy: it moves on, and the newer copy's buttons go.
    await bob.click(data_is("a|shift|day"), older)
    moved = await bob.wait_for_message(edited(older))
    assert nl.question("hours") in moved.text
    await bob.wait_until(lambda: not message(bob, newer.message_id).buttons)

    # A typed answer: the next question comes as a new message, the copy above keeps its
    # buttons. A tap on them turns that copy into the current question, in one call.
    await bob.send_text("12")
    await bob.wait_for_message(new(nl.question("trained")))
    since = len(api.calls)
    await bob.click(data_is("s|hours"), older)
    assert (await bob.wait_for_callback_answer()).text == nl("stale")
    current = await bob.wait_for_message(edited(older))
    assert nl.question("trained") in current.text
    assert {callback_data(b) for row in current.buttons for b in row} >= {"a|trained|yes"}
    await bob.send_command("/help")
    await bob.wait_for_message(new(nl("help").split("\n")[0]))
    assert [c.method for c in limited_calls(api, bob, since)] == ["editMessageText", "sendMessage"]

    # And it answers.
    await bob.click(data_is("a|trained|yes"), older)
    assert nl.question("usefulness") in (await bob.wait_for_message(edited(older))).text


async def test_back_edits_the_question_in_place(api: FakeBotAPI, running: RunningBot) -> None:
    fr = running.words("fr")
    carl = api.user(7_400, "Carl", language_code="fr")
    await begin(carl)
    await carl.click(data_is("a|team|north"))
    step = await carl.wait_for_message(new(fr.question("shift")))
    await carl.click(data_is("a|shift|day"), step)
    await carl.wait_for_message(edited(step))
    await carl.send_text("12")
    step = await carl.wait_for_message(new(fr.question("trained")))
    since = len(api.calls)
    for question_id in ("hours", "shift", "team"):
        await carl.send_command("/back")
        back = await carl.wait_for_message()
        assert back.edited and back.message_id == step.message_id
        assert fr.question(question_id) in back.text
    await carl.send_command("/back")  # nothing before the first question
    assert (await carl.wait_for_message()).text == fr("no_back")
    assert sends(limited_calls(api, carl, since)) == 1


async def test_a_sticker_gets_a_word_that_points_to_the_question(
    api: FakeBotAPI, running: RunningBot
) -> None:
    fr = running.words("fr")
    dora = api.user(7_500, "Dora", language_code="fr")
    await begin(dora)
    await dora.click(data_is("a|team|north"))
    await dora.wait_for_message(new(fr.question("shift")))
    await dora.send_sticker()
    told = await dora.wait_for_message()
    assert told.text == fr("unsupported_above")
    await dora.send_command("/help")
    await dora.wait_for_message(new(fr("help").split("\n")[0]))
    assert dora.unread() == []  # no question claimed that did not come


async def test_after_the_closing_only_who_had_started_hears_of_unsent_answers(
    api: FakeBotAPI, running: RunningBot
) -> None:
    fr = running.words("fr")
    eva = api.user(7_600, "Eva", language_code="fr")
    await begin(eva)
    running.clock.advance(days=30)  # past the deadline and the grace period
    closed = i18n.get("fr").moment(DEADLINE, running.context.service.zone)
    newcomer = api.user(7_601, "Fred", language_code="fr")
    await newcomer.send_command("/start")
    assert (await newcomer.wait_for_message()).text == fr("closed", date=closed)
    await eva.send_command("/start")
    assert (await eva.wait_for_message()).text == fr("closed_unsent", date=closed)


async def test_in_the_grace_period_the_thanks_says_the_survey_is_closed_to_newcomers(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, api, survey=SHIPPED_SURVEY)
    async with running_bot(api, settings, Clock(SHIPPED_SURVEY_OPEN)) as running:
        fr = running.words("fr")
        gina = api.user(7_700, "Gina", language_code="fr")
        agent = Agent(gina, running.context.questionnaire)
        recap = await agent.run(random_answer, language="fr", submit=False)
        running.clock.now = SHIPPED_DEADLINE + timedelta(minutes=30)  # in the grace period
        await gina.click(data_is("S"), recap.message)
        thanks = await gina.wait_for_message(edited(recap.message))
        zone = running.context.service.zone
    day = i18n.get("fr").moment(SHIPPED_DEADLINE, zone)
    assert thanks.text.endswith(fr("thanks_grace", date=day))
    assert "jusqu'au" not in thanks.text
    assert [callback_data(b)[:2] for row in thanks.buttons for b in row] == ["d|"], "no share"


async def test_the_intro_and_the_thanks_write_the_deadline_alike(
    api: FakeBotAPI, running: RunningBot
) -> None:
    fr = running.words("fr")
    hugo = api.user(7_800, "Hugo", language_code="fr")
    intro = await begin(hugo)
    assert fr("deadline", date="31 mars 2021") in intro.text
    assert "31/03/2021" not in intro.text
