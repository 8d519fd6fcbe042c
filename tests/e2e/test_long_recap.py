"""End to end, a recap longer than one Telegram message: sent whole, split at line ends."""

from __future__ import annotations

from pathlib import Path

from telegram.constants import MessageLimit

from bot import i18n
from bot.core.engine import Review
from bot.core.stores import Status
from bot.rendering.questions import review_text
from bot.telegram.respondents import REVIEW_ANSWER_LIMIT
from fakebotapi import FakeBotAPI
from tests.support.agents import all_data, is_question
from tests.support.botharness import make_settings, new, running_bot

QUESTIONS = 12
WORDING = "Sur une échelle qui ne compte que deux réponses, diriez-vous que " * 6


def long_survey(tmp_path: Path) -> Path:
    """Twelve yes/no questions of about 400 characters: each fits a message, the recap not."""
    questions = "".join(
        f'\n[[questions]]\nid = "q{n}"\ntype = "yesno"\ntext = "{n}. {WORDING}?"\n'
        for n in range(1, QUESTIONS + 1)
    )
    path = tmp_path / "long.toml"
    path.write_text(
        'id = "long-recap"\nlanguages = ["fr"]\ntitle = "Longue"\nintro = "Douze questions."\n'
        f'thanks = "Merci !"\n{questions}',
        encoding="utf-8",
    )
    return path


async def test_a_recap_longer_than_a_message_is_split_never_cut(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, api, survey=long_survey(tmp_path))
    async with running_bot(api, settings) as running:
        anne = api.user(3001, "Anne", language_code="fr")
        await anne.send_command("/start")
        for position in range(1, QUESTIONS + 1):
            question = await anne.wait_for_message(is_question(position))
            before = len(api.calls_to("sendMessage"))
            await anne.click("Oui", question)

        last = await anne.wait_for_message(lambda m: not m.edited and "S" in all_data(m))
        recap = [m for m in anne.messages if m.message_id > question.message_id]
        # The whole recap, as the bot renders it: too long for one message.
        session = await running.context.service.store.session(anne.id)
        assert session is not None
        step = running.context.service.engine.next_step(session.state)
        assert isinstance(step, Review)
        whole = review_text(running.context.questionnaire, step, "fr", REVIEW_ANSWER_LIMIT)
        assert len(whole) > MessageLimit.MAX_TEXT_LENGTH

        assert [m.message_id for m in recap][-1] == last.message_id
        assert len(recap) == 2
        assert all(len(m.text) <= MessageLimit.MAX_TEXT_LENGTH for m in recap)
        assert "\n".join(m.text for m in recap) == whole  # split at a line end, nothing cut
        assert "…" not in whole
        assert recap[0].text.startswith("Vos réponses\u00a0:")
        assert recap[0].buttons == []
        assert last.text.endswith(i18n.text("fr", "review_hint"))
        assert last.button_texts == [
            "Envoyer mes réponses ✔",
            i18n.text("fr", "button_change"),
            "◀ Retour",
        ]
        # One call per part: the next question's message became two, nothing else changed.
        assert len(api.calls_to("sendMessage")) - before == 2

        await anne.click("Envoyer mes réponses ✔", last)
        await anne.wait_for_message(new("Merci !"))
        assert await running.context.service.store.status(anne.id) is Status.SUBMITTED
