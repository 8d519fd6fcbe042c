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
            await begin(agent)
            await agent.click(south)
            second = await agent.wait_for_message(lambda m: m.edited)  # q1 becomes q2
            assert south in second.text and "Question 2/" in second.text
            assert second.buttons
