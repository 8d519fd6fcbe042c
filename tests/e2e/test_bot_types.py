"""End to end, decimals, dates and texts of a given form: the real bot on the types survey.

What the person types, what the bot says back (its own sentences, and the survey's own message
for a text that does not match its pattern), and what the database holds.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

from bot.core.answers import Answer
from fakebotapi import FakeBotAPI
from tests.support.agents import is_question, stored
from tests.support.botharness import RunningBot, begin, make_settings, new, running_bot
from tests.support.paths import TYPES_SURVEY


@pytest.fixture
async def running(api: FakeBotAPI, tmp_path: Path) -> AsyncIterator[RunningBot]:
    """The real bot, on the tests' survey of decimals, dates and patterns."""
    async with running_bot(api, make_settings(tmp_path, api, survey=TYPES_SURVEY)) as bot:
        yield bot


async def answers_of(running: RunningBot, user_id: int) -> dict[str, Answer]:
    """The answers stored for the user's session in progress."""
    session = await running.context.service.store.session(user_id)
    assert session is not None
    return dict(session.state.answers)


async def test_decimal_date_and_pattern_in_french(api: FakeBotAPI, running: RunningBot) -> None:
    anne = api.user(2101, "Anne", language_code="fr")
    await begin(anne)
    await anne.click("Site nord")

    distance = await anne.wait_for_message(is_question(2))
    assert "À quelle distance du travail habitez-vous (en km) ?" in distance.text
    assert "Tapez un nombre, par exemple 12,5." in distance.text
    assert distance.button_texts == ["◀ Retour"]
    await anne.send_text("12,55")
    await anne.wait_for_message(new("Donnez au plus 1 chiffre après la virgule."))
    await anne.send_text("300")
    await anne.wait_for_message(new("Tapez un nombre entre 0 et 250."))
    await anne.send_text("12,5")

    hired = await anne.wait_for_message(is_question(3))
    assert "Tapez une date, par exemple 11/02/2020." in hired.text
    await anne.send_text("31/02/2020")
    await anne.wait_for_message(new("Tapez une date, le jour d'abord, par exemple 11/02/2020."))
    await anne.send_text("2022-01-01")
    await anne.wait_for_message(new("Tapez une date entre le 1 janvier 1970 et le 30 juin 2021."))
    await anne.send_text("11.02.2020")

    postcode = await anne.wait_for_message(is_question(4))
    assert "Tapez votre réponse." in postcode.text
    assert postcode.button_texts == ["◀ Retour", "Passer ▶"]
    await anne.send_text("0123")
    refusal = await anne.wait_for_message(new("code postal"))
    assert refusal.text == "Un code postal belge a quatre chiffres, par exemple 1000."
    await anne.send_text("1000")

    recap = await anne.wait_for_message(new("Vos réponses\u00a0:"))
    for shown in ("→ Site nord", "→ 12,5", "→ 11 février 2020", "→ 1000"):
        assert shown in recap.text
    expected = {
        "site": Answer("north"),
        "distance": Answer(12.5),
        "hired": Answer(date(2020, 2, 11)),
        "postcode": Answer("1000"),
    }
    assert await answers_of(running, anne.id) == expected

    await anne.click("Envoyer mes réponses ✔")
    await anne.wait_for_message(lambda m: "Merci pour vos réponses sur les trajets !" in m.text)
    (response,) = await running.context.store.responses()
    assert response.answers == expected
    cells = stored(
        running.settings.database,
        "SELECT question, number, typeof(number), text FROM answers ORDER BY question",
    )
    assert cells == [
        ("distance", 12.5, "real", None),
        ("hired", 18303, "integer", None),  # days since 1970-01-01: a day, no time of day
        ("postcode", None, "null", "1000"),
        ("site", None, "null", None),
    ]


async def test_decimal_date_and_pattern_in_dutch_with_back(
    api: FakeBotAPI, running: RunningBot
) -> None:
    jan = api.user(2102, "Jan", language_code="nl")
    await begin(jan)
    await jan.click("Vestiging zuid")

    distance = await jan.wait_for_message(is_question(2))
    assert "Typ een getal, bijvoorbeeld 12,5." in distance.text
    await jan.send_text("een paar")
    await jan.wait_for_message(new("Typ een getal tussen 0 en 250."))
    await jan.send_text("1 2.5")  # a thousands space and a point: twelve and a half

    hired = await jan.wait_for_message(is_question(3))
    assert "Typ een datum, bijvoorbeeld 11/02/2020." in hired.text
    await jan.send_text("11-2-2020")

    postcode = await jan.wait_for_message(is_question(4))
    await jan.send_text("B-1000")
    refusal = await jan.wait_for_message(new("postcode"))
    assert refusal.text == "Een Belgische postcode heeft vier cijfers, bijvoorbeeld 1000."

    await jan.click("◀ Terug", postcode)
    again = await jan.wait_for_message(is_question(3))
    assert again.text.endswith("→ 11 februari 2020")
    await jan.send_text("2019-09-01")
    await jan.wait_for_message(is_question(4))
    await jan.click("Overslaan ▶")
    recap = await jan.wait_for_message(lambda m: "Uw antwoorden:" in m.text)
    assert "→ 12,5" in recap.text and "→ 1 september 2019" in recap.text
    assert await answers_of(running, jan.id) == {
        "site": Answer("south"),
        "distance": Answer(12.5),
        "hired": Answer(date(2019, 9, 1)),
        "postcode": Answer(None),
    }
