"""A first end-to-end run: the real bot answers one agent through the tests' own survey."""

from __future__ import annotations

from pathlib import Path

from fakebotapi import FakeBotAPI
from tests.support.botharness import begin, make_settings, running_bot


async def test_agent_starts_and_answers_first_question(tmp_path: Path) -> None:
    async with FakeBotAPI() as api:
        settings = make_settings(tmp_path, api)
        async with running_bot(api, settings) as running:
            south = running.words("fr").label("team", "south")
            agent = api.user(1001, "Anne", language_code="fr")
            first = await begin(agent)
            await agent.click(south, first)
            # Question 1 came under the intro, which stays: question 2 comes below it.
            second = await agent.wait_for_message("Question 2 · ")
            assert not second.edited and second.text.startswith("✔️") and south in second.text
            assert second.buttons
