"""End to end, a battery: its stem once, then one compact message per item."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fakebotapi import BotMessage, FakeBotAPI, FakeUser
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
            if number == 1:  # `begin` waited for it already: under the intro, after the stem
                message = user.messages[-1]
                assert message.text.index(stem) < message.text.index(item)
            else:
                message = await user.wait_for_message(asking(item))
                assert stem not in message.text, "the item is compact: no stem repeated"
            assert f"Question {number} · " in message.text  # after the answer just given
            await user.click(lambda b: b.get("text") == "La plupart du temps", message)
        await user.wait_for_message(lambda m: "→" in m.text and "• " in m.text)  # the recap
        stems = [m for m in user.messages if stem in m.text]
        assert len(stems) == 1, "the stem is shown once, with the first item"


async def test_a_randomized_battery_asks_each_person_the_items_in_an_order_of_their_own(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    shuffled = tmp_path / "who5-shuffled.toml"
    source = WHO5.read_text(encoding="utf-8")
    shuffled.write_text(
        source.replace('type = "battery"\n', 'type = "battery"\nrandomize = true\n', 1)
    )
    settings = make_settings(tmp_path, api, survey=shuffled)

    def step(message: BotMessage) -> str:
        """The step a message asks ("Question 2 · ▰▰▱▱▱▱▱▱▱▱ 20 %", the item), without the
        answer above it."""
        return message.text[message.text.index("Question ") :]

    async def answer_items(user: FakeUser, count: int) -> list[str]:
        """Answer `count` items, the first one showing now; return the steps as they came."""
        seen: list[str] = []
        message = user.messages[-1]
        for _ in range(count):
            if seen:
                message = await user.wait_for_message(
                    lambda m: bool(m.buttons) and "Question " in m.text and step(m) not in seen
                )
            seen.append(step(message))
            await user.click(lambda b: b.get("text") == "La plupart du temps", message)
        return seen

    agents = [api.user(3100 + n, f"Agent {n}", language_code="fr") for n in range(4)]
    orders: dict[int, list[str]] = {}
    async with running_bot(api, settings) as running:
        survey = running.context.questionnaire
        stem = survey.text(survey.battery("who5").text, "fr")
        items = {survey.text(q.text, "fr") for q in survey.questions}
        for agent in agents:
            await begin(agent)
            orders[agent.id] = await answer_items(agent, 2)
            await agent.wait_for_message(lambda m: "Question 3 · " in m.text)
            assert sum(stem in m.text for m in agent.messages) == 1, "the stem comes once"
    async with running_bot(api, settings) as running:  # a restart keeps each person's order
        for agent in agents:
            # A tap on their last question (still in the chat) takes them on.
            assert "Question 3 · " in agent.messages[-1].text and agent.messages[-1].buttons
            orders[agent.id] += await answer_items(agent, 3)
    for order in orders.values():
        shown = [next(i for i in items if i in text) for text in order]
        assert sorted(shown) == sorted(items), "every item is asked once"
        assert [text.split(" · ", 1)[0] for text in order] == [
            f"Question {n}" for n in range(1, 6)
        ]
    assert len({tuple(order) for order in orders.values()}) > 1, "each person has an order"
