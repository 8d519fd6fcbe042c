"""End to end, a battery: its stem once, then one compact message per item."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fakebotapi import BotMessage, FakeBotAPI
from tests.support.botharness import begin, make_settings, running_bot
from tests.support.paths import SURVEYS

WHO5 = SURVEYS / "examples" / "who5.toml"


def asking(item: str) -> Callable[[BotMessage], bool]:
    """A new message asking this item, with its buttons."""
    return lambda m: item in m.text.split("\n\n")[-1] and bool(m.buttons)


async def test_the_stem_comes_once_then_the_items_in_one_message(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, api, survey=WHO5)
    async with running_bot(api, settings) as running:
        survey = running.context.questionnaire
        stem = survey.text(survey.battery("who5").text, "fr")
        user = api.user(3001, "Agent", language_code="fr")
        await begin(user)
        for number, question in enumerate(survey.questions, start=1):
            item = survey.text(question.text, "fr")
            if number == 1:  # `begin` waited for it already
                message = user.messages[-1]
                assert item in message.text
            else:
                message = await user.wait_for_message(asking(item))
            assert f"Question {number}/5" in message.text  # after the answer just given
            assert stem not in message.text, "the item is compact: no stem repeated"
            await user.click(lambda b: b.get("text") == "La plupart du temps", message)
        await user.wait_for_message(lambda m: "→" in m.text and "• " in m.text)  # the recap
        stems = [m for m in user.messages if stem in m.text]
        assert len(stems) == 1, "the stem is shown once, before the first item"
        first_item = survey.text(survey.questions[0].text, "fr")
        order = [m.text for m in user.messages]
        stem_at = next(i for i, t in enumerate(order) if stem in t)
        item_at = next(i for i, t in enumerate(order) if first_item in t)
        assert stem_at < item_at
