"""End to end, piping: the next question shows the answer just given, by its label."""

from __future__ import annotations

from pathlib import Path

from fakebotapi import FakeBotAPI
from tests.support.botharness import begin, make_settings, running_bot
from tests.support.paths import REPO

PIPING = REPO / "tests" / "surveys" / "piping.toml"


async def test_the_next_question_shows_the_label_of_the_answer(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    async with running_bot(api, make_settings(tmp_path, api, survey=PIPING)) as running:
        survey = running.context.questionnaire
        user = api.user(3101, "Agent", language_code="nl")
        await begin(user)
        label = survey.text(survey.question("tool").listing()[1].label, "nl")
        await user.click(lambda b: b.get("text") == label)
        message = await user.wait_for_message(lambda m: "Vraag 2 · " in m.text)
        assert f'Is "{label}" makkelijk te gebruiken?' in message.text
        assert "{answer:" not in message.text
