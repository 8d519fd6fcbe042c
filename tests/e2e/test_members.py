"""End to end: the small things a member meets, in French and Dutch, through the real bot.

Progress that never goes back, out-of-date copies of a question, /back in place, passing the
survey on from the thanks, and texts right for the moment and the reader.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from fakebotapi import BotMessage, FakeBotAPI
from tests.support.agents import Agent, all_data, callback_data, percent_of, random_answer
from tests.support.botharness import (
    SHIPPED_SURVEY_OPEN,
    Clock,
    RunningBot,
    make_settings,
    running_bot,
)
from tests.support.paths import SHIPPED_SURVEY
from tests.support.transcript import Action, act

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
