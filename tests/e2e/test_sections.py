"""End to end, sections and notes: shown before their first question, in one message."""

from __future__ import annotations

from pathlib import Path

from fakebotapi import FakeBotAPI
from tests.support.botharness import make_settings, running_bot
from tests.support.paths import REPO

SECTIONS = REPO / "tests" / "surveys" / "sections.toml"


async def test_a_section_opens_with_its_title_and_notes_before_its_question(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    async with running_bot(api, make_settings(tmp_path, api, survey=SECTIONS)):
        user = api.user(3201, "Agent", language_code="fr")
        await user.send_command("/start")
        first = await user.wait_for_message(lambda m: "Vous · question 1 · " in m.text)
        # Under the intro, what opens the section, then its first question: one message.
        assert first.text.startswith("Parties\n\n")
        assert "\n\n— Vous —\nD'abord votre travail.\n\nVous · question 1 · " in first.text
        await user.click(lambda b: b.get("text") == "Oui", first)
        second = await user.wait_for_message(lambda m: "Vous · question 2 · " in m.text)
        await user.send_text("3")
        third = await user.wait_for_message(lambda m: "Les appels · question 1 · " in m.text)
        texts = [m.text for m in user.messages]
        preamble = texts[texts.index(third.text) - 1]
        # The answer just typed, then what opens the section, above its first question.
        assert preamble.endswith("\n\n— Les appels —\n\nPensez à la semaine passée.")
        assert preamble.startswith("✔️ ") and "→ 3" in preamble
        assert second.text.count("—") == 0
