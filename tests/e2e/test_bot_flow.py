"""End to end, respondents: the real bot, over HTTP, against the fake Bot API.

Every test checks what the person sees and what the database holds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.core.answers import Answer
from bot.core.stores import Status
from fakebotapi import BotMessage, FakeBotAPI, FakeUser
from tests.support.agents import Agent, all_data, answer_rows, is_question, planned, stored
from tests.support.botharness import RunningBot, make_settings, new, running_bot

TITLE_FR = "Enquête UNSP \N{EN DASH} Nouvelle gestion de la téléphonie (CRM)"
TITLE_NL = "Enquête NUOD \N{EN DASH} Nieuw beheer van de telefonie (CRM)"


def edited(message: BotMessage) -> Callable[[BotMessage], bool]:
    """The next edit of `message`."""
    return lambda m: m.edited and m.message_id == message.message_id


def now_showing(user: FakeUser, message: BotMessage) -> BotMessage:
    """The current state of one of the bot's messages in the user's chat."""
    (current,) = [m for m in user.messages if m.message_id == message.message_id]
    return current


async def answers_of(running: RunningBot, user: FakeUser) -> dict[str, Answer]:
    """The answers stored for the user's session in progress."""
    session = await running.context.store.session(user.id)
    assert session is not None
    return dict(session.state.answers)


# -- the intro --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language_code", "expected"),
    [
        (
            "fr",
            [TITLE_FR, "Vos réponses sont anonymes", "L'enquête se clôture le 11/02/2020 23:59."],
        ),
        ("nl", [TITLE_NL, "Uw antwoorden zijn anoniem", "De enquête sluit op 11/02/2020 23:59."]),
        (
            "en",
            [TITLE_FR, "Vos réponses sont anonymes", "L'enquête se clôture le 11/02/2020 23:59."],
        ),
    ],
)
async def test_start_shows_the_intro_in_the_users_telegram_language(
    api: FakeBotAPI, running: RunningBot, language_code: str, expected: list[str]
) -> None:
    user = api.user(2001, "Agent", language_code=language_code)
    await user.send_command("/start")
    intro = await user.wait_for_message()
    for part in expected:
        assert part in intro.text
    selected = "fr" if language_code == "en" else language_code
    ticked = [t for t in intro.button_texts if t.startswith("✓ ")]
    assert ticked == [{"fr": "✓ Français", "nl": "✓ Nederlands"}[selected]]
    assert all_data(intro) == ["l|fr", "l|nl", f"g|{selected}"]
    assert await running.context.store.status(user.id) is Status.NEW  # nothing stored yet


async def test_switching_language_edits_the_intro(api: FakeBotAPI, running: RunningBot) -> None:
    anne = api.user(2002, "Anne", language_code="fr")
    await anne.send_command("/start")
    intro = await anne.wait_for_message(new(TITLE_FR))

    await anne.click("Nederlands")
    dutch = await anne.wait_for_message(edited(intro))
    assert TITLE_NL in dutch.text and "Kies uw taal:" in dutch.text
    assert dutch.button_texts == ["Français", "✓ Nederlands", "Beginnen ▶"]

    await anne.click("Français")
    french = await anne.wait_for_message(edited(intro))
    assert french.text == intro.text
    assert french.button_texts == ["✓ Français", "Nederlands", "Commencer ▶"]

    await anne.click("Commencer ▶")
    first = await anne.wait_for_message(is_question(1, 11))
    assert "Dans quelle administration travaillez-vous ?" in first.text
    assert now_showing(anne, intro).buttons == []
    session = await running.context.store.session(anne.id)
    assert session is not None and session.state.language == "fr"


async def test_dutch_chosen_in_the_intro_is_the_surveys_language(
    api: FakeBotAPI, running: RunningBot
) -> None:
    jan = api.user(2003, "Jan", language_code="fr")
    step = await Agent(jan, running.context.questionnaire).start(language="nl")
    assert step.message.text.startswith("Vraag 1/11\n\nIn welke administratie werkt u?")
    assert step.message.button_texts[2] == "Thesaurie"
    session = await running.context.store.session(jan.id)
    assert session is not None and session.state.language == "nl"


# -- a whole survey ---------------------------------------------------------------------


async def test_a_whole_survey_in_french(api: FakeBotAPI, running: RunningBot) -> None:
    anne = api.user(2010, "Anne", language_code="fr")
    await anne.send_command("/start")
    await anne.wait_for_message(new(TITLE_FR))
    await anne.click("Commencer ▶")

    q1 = await anne.wait_for_message(is_question(1, 11))
    assert all_data(q1) == [
        "a|administration|agpr",
        "a|administration|agdp",
        "a|administration|tresorerie",
        "a|administration|other",
    ]  # no back button on the first question, no skip on a required one
    await anne.click("Trésorerie")
    answered = await anne.wait_for_message(edited(q1))
    assert answered.text == "Dans quelle administration travaillez-vous ?\n\n→ Trésorerie"
    assert answered.buttons == []

    q2 = await anne.wait_for_message(is_question(2, 11))
    assert "Dans quelle ligne travaillez-vous principalement ?" in q2.text
    assert q2.button_texts == ["Première ligne", "Deuxième ligne", "Les deux", "◀ Retour"]
    await anne.click("Première ligne")  # makes the question on complex files apply
    await anne.wait_for_message(is_question(3, 12))
    await anne.click("Tous les jours")

    q4 = await anne.wait_for_message(is_question(4, 12))
    assert "Tapez un nombre." in q4.text and q4.button_texts == ["◀ Retour"]
    await anne.send_text("12")
    assert (await anne.wait_for_message(edited(q4))).buttons == []

    q5 = await anne.wait_for_message(is_question(5, 12))
    assert q5.button_texts == ["Oui", "Non", "◀ Retour"]
    await anne.click("Oui")  # makes the question on the training's use apply
    assert "→ Oui" in (await anne.wait_for_message(edited(q5))).text

    q6 = await anne.wait_for_message(is_question(6, 13))
    assert "1 = Pas du tout utile · 5 = Très utile" in q6.text
    assert q6.button_texts == ["1", "2", "3", "4", "5", "◀ Retour"]
    await anne.click("4")

    q7 = await anne.wait_for_message(is_question(7, 13))
    assert q7.button_texts == ["◀ Retour", "Passer ▶"]  # optional
    await anne.click("Passer ▶")
    skipped = await anne.wait_for_message(edited(q7))
    assert skipped.buttons == [] and "→" not in skipped.text

    await anne.wait_for_message(is_question(8, 13))
    await anne.click("Souvent")
    await anne.wait_for_message(is_question(9, 13))
    await anne.click("Moins d'un quart")

    q10 = await anne.wait_for_message(is_question(10, 13))
    assert "Cochez vos choix puis confirmez." in q10.text
    await anne.click("▫️ Du stress ou de la fatigue")
    ticked = await anne.wait_for_message(edited(q10))
    assert "✅ Du stress ou de la fatigue" in ticked.button_texts
    await anne.click("Confirmer ✔")
    assert "→ Du stress ou de la fatigue" in (await anne.wait_for_message(edited(q10))).text

    await anne.wait_for_message(is_question(11, 14))  # support: asked because of the stress
    await anne.click("Non")
    await anne.wait_for_message(is_question(12, 14))
    await anne.click("Elle s'est améliorée")
    q13 = await anne.wait_for_message(is_question(13, 14))
    assert q13.button_texts[:11] == [str(v) for v in range(11)]
    await anne.click("7")
    q14 = await anne.wait_for_message(is_question(14, 14))
    assert "Tapez votre réponse (1000 caractères au maximum)." in q14.text
    await anne.send_text("  Trop d'appels,\u202e pas assez de personnel.  ")

    recap = await anne.wait_for_message(new("Vos réponses :"))
    assert recap.text.count("• ") == 14
    assert "→ Trésorerie" in recap.text and "→ (passée)" in recap.text
    assert "→ Trop d'appels, pas assez de personnel." in recap.text
    assert recap.button_texts == ["Envoyer mes réponses ✔", "◀ Retour"]
    expected = {
        "administration": Answer("tresorerie"),
        "line": Answer("first"),
        "phone_frequency": Answer("daily"),
        "phone_hours": Answer(12),
        "training": Answer(True),
        "training_use": Answer(4),
        "calls_per_day": Answer(None),
        "unanswered": Answer("often"),
        "complex_files": Answer("lt25"),
        "effects": Answer(("stress",)),
        "support": Answer("not_raised"),
        "since_november": Answer("improved"),
        "rating": Answer(7),
        "comments": Answer("Trop d'appels, pas assez de personnel."),
    }
    assert await answers_of(running, anne) == expected
    assert await running.context.store.responses() == []  # nothing final before Submit

    await anne.click("Envoyer mes réponses ✔")
    notice = await anne.wait_for_callback_answer()
    assert notice.text == "Réponses envoyées." and not notice.show_alert
    assert (await anne.wait_for_message(edited(recap))).buttons == []
    await anne.wait_for_message(new("Merci d'avoir pris le temps de répondre !"))

    (response,) = await running.context.store.responses()
    assert response.language == "fr" and response.submitted_day == "2020-02-04"
    assert response.answers == expected
    assert await running.context.store.status(anne.id) is Status.SUBMITTED
    database = running.settings.database
    assert stored(database, "SELECT count(*) FROM respondents") == [(0,)]
    assert stored(database, "SELECT count(*) FROM submitted") == [(1,)]
    # the link between the person and the response is gone

    await anne.send_command("/start")
    await anne.wait_for_message(new("Vous avez déjà participé à cette enquête. Merci !"))
    assert len(await running.context.store.responses()) == 1


# -- multiple choice --------------------------------------------------------------------


async def test_multiple_choice_ticks_respect_min_and_max(
    api: FakeBotAPI, running: RunningBot
) -> None:
    anne = api.user(2020, "Anne", language_code="fr")
    agent = Agent(anne, running.context.questionnaire)
    step = await agent.answer_until("effects", planned(), await agent.start())
    question = step.message

    await anne.click("Confirmer ✔")  # nothing ticked
    alert = await anne.wait_for_callback_answer()
    assert alert.show_alert and alert.text == "Choisissez une des propositions (bouton ou numéro)."

    for label in ("Mes dossiers prennent du retard", "Du stress ou de la fatigue"):
        await anne.click("▫️ " + label)
        question = await anne.wait_for_message(edited(question))
    await anne.click("▫️ Des heures supplémentaires")
    question = await anne.wait_for_message(edited(question))
    assert [t for t in question.button_texts if t.startswith("✅")] == [
        "✅ Mes dossiers prennent du retard",
        "✅ Du stress ou de la fatigue",
        "✅ Des heures supplémentaires",
    ]

    await anne.click("▫️ Des interruptions continuelles")  # a fourth one: over the maximum
    alert = await anne.wait_for_callback_answer()
    assert alert.show_alert and alert.text == "Choisissez entre 1 et 3 propositions."

    await anne.click("✅ Mes dossiers prennent du retard")  # untick
    question = await anne.wait_for_message(edited(question))  # the only edit since: no 4th
    assert [t for t in question.button_texts if t.startswith("✅")] == [
        "✅ Du stress ou de la fatigue",
        "✅ Des heures supplémentaires",
    ]
    assert "effects" not in await answers_of(running, anne)  # ticking stores nothing

    # "No notable effect" goes alone: ticking it unticks the others, and the other way round.
    await anne.click("▫️ Aucun effet notable")
    question = await anne.wait_for_message(edited(question))
    assert [t for t in question.button_texts if t.startswith("✅")] == ["✅ Aucun effet notable"]
    for label in ("Du stress ou de la fatigue", "Des heures supplémentaires"):
        await anne.click("▫️ " + label)
        question = await anne.wait_for_message(edited(question))
    assert [t for t in question.button_texts if t.startswith("✅")] == [
        "✅ Du stress ou de la fatigue",
        "✅ Des heures supplémentaires",
    ]

    await anne.click("Confirmer ✔")
    answered = await anne.wait_for_message(edited(question))
    assert "→ Du stress ou de la fatigue, Des heures supplémentaires" in answered.text
    assert answered.buttons == []
    await anne.wait_for_message(new("Avez-vous pu signaler ces difficultés"))
    assert (await answers_of(running, anne))["effects"] == Answer(("stress", "overtime"))


# -- back, skip, other ------------------------------------------------------------------


async def test_back_button_and_back_command(api: FakeBotAPI, running: RunningBot) -> None:
    anne = api.user(2030, "Anne", language_code="fr")
    await Agent(anne, running.context.questionnaire).start()
    await anne.click("AGDP (Documentation patrimoniale)")
    q2 = await anne.wait_for_message(is_question(2, 11))

    await anne.click("◀ Retour")
    again = await anne.wait_for_message(is_question(1, 11))
    assert "→ AGDP (Documentation patrimoniale)" in again.text
    assert len(again.buttons) == 4
    assert now_showing(anne, q2).buttons == []  # the abandoned question lost its buttons
    assert (await answers_of(running, anne))["administration"] == Answer("agdp")

    await anne.click("Trésorerie", again)
    await anne.wait_for_message(is_question(2, 11))  # line is still to answer
    await anne.click("Deuxième ligne")
    await anne.wait_for_message(is_question(3, 11))

    await anne.send_command("/back")
    line = await anne.wait_for_message(is_question(2, 11))
    assert "→ Deuxième ligne" in line.text
    await anne.send_command("/back")
    await anne.wait_for_message(is_question(1, 11))
    await anne.send_command("/back")
    await anne.wait_for_message(new("Vous êtes à la première question."))
    await anne.wait_for_message(is_question(1, 11))
    assert await answers_of(running, anne) == {
        "administration": Answer("tresorerie"),
        "line": Answer("second"),
    }


async def test_skip_an_optional_question_then_back_to_answer_it(
    api: FakeBotAPI, running: RunningBot
) -> None:
    anne = api.user(2031, "Anne", language_code="fr")
    agent = Agent(anne, running.context.questionnaire)
    step = await agent.answer_until("calls_per_day", planned(), await agent.start())
    await anne.click("Passer ▶", step.message)
    following = await anne.wait_for_message(new("La file d'attente est-elle saturée"))
    assert (await answers_of(running, anne))["calls_per_day"] == Answer(None)

    await anne.click("◀ Retour", following)
    await anne.wait_for_message(new("Combien d'appels traitez-vous"))
    await anne.send_text("35")
    await anne.wait_for_message(new("La file d'attente est-elle saturée"))
    assert (await answers_of(running, anne))["calls_per_day"] == Answer(35)


async def test_other_please_specify(api: FakeBotAPI, running: RunningBot) -> None:
    anne = api.user(2032, "Anne", language_code="fr")
    q1 = (await Agent(anne, running.context.questionnaire).start()).message
    await anne.click("Autre, précisez")
    assert (await anne.wait_for_message(edited(q1))).text.endswith("→ Autre, précisez")

    prompt = await anne.wait_for_message(is_question(1, 11))
    assert prompt.text == "Question 1/11\n\nPrécisez « Autre, précisez » en quelques mots :"
    assert all_data(prompt) == ["b|administration"]
    await anne.send_text("x" * 201)
    await anne.wait_for_message(new("Votre réponse est trop longue : 200 caractères au maximum."))
    await anne.send_text("Douanes et Accises")
    await anne.wait_for_message(is_question(2, 11))
    assert (await answers_of(running, anne))["administration"] == Answer(
        "other", "Douanes et Accises"
    )

    # Back from the prompt re-opens the question itself.
    await anne.send_command("/back")
    again = await anne.wait_for_message(is_question(1, 11))
    assert "→ Autre, précisez: Douanes et Accises" in again.text
    await anne.click("Autre, précisez", again)
    await anne.wait_for_message(new("Précisez « Autre, précisez »"))
    await anne.click("◀ Retour")
    await anne.wait_for_message(is_question(1, 11))
    await anne.click("AGPR (Perception et Recouvrement)")
    await anne.wait_for_message(is_question(2, 11))
    assert (await answers_of(running, anne))["administration"] == Answer("agpr")


# -- cancel, help, privacy --------------------------------------------------------------


async def test_cancel_asks_then_deletes_the_answers_in_progress(
    api: FakeBotAPI, running: RunningBot
) -> None:
    database = running.settings.database
    anne = api.user(2040, "Anne", language_code="fr")
    agent = Agent(anne, running.context.questionnaire)
    await agent.answer_until("phone_frequency", planned(), await agent.start())
    assert answer_rows(database) == 2

    await anne.send_command("/cancel")
    confirm = await anne.wait_for_message(new("Effacer toutes vos réponses en cours ?"))
    assert confirm.button_texts == ["Oui, tout effacer", "Non, continuer"]
    await anne.click("Non, continuer")
    await anne.wait_for_message(new("D'accord, on continue."))
    await anne.wait_for_message(is_question(3))
    assert now_showing(anne, confirm).buttons == []
    assert answer_rows(database) == 2

    await anne.send_command("/cancel")
    await anne.wait_for_message(new("Effacer toutes vos réponses en cours ?"))
    await anne.click("Oui, tout effacer")
    await anne.wait_for_message(new("Vos réponses en cours ont été effacées."))
    assert answer_rows(database) == 0
    assert stored(database, "SELECT count(*) FROM sessions") == [(0,)]
    assert stored(database, "SELECT count(*) FROM respondents") == [(0,)]
    assert await running.context.store.status(anne.id) is Status.NEW

    await anne.send_command("/start")  # may start afresh
    await anne.wait_for_message(new(TITLE_FR))


@pytest.mark.parametrize(
    ("language_code", "chosen", "help_line", "privacy_line"),
    [
        ("fr", None, "/start — commencer ou reprendre l'enquête", "ce lien est effacé"),
        ("nl", None, "/start — de enquête beginnen of hervatten", "koppeling gewist"),
        ("fr", "nl", "/start — de enquête beginnen of hervatten", "koppeling gewist"),
    ],
    ids=["french", "dutch", "chose-dutch"],
)
async def test_help_and_privacy_in_the_users_language(
    api: FakeBotAPI,
    running: RunningBot,
    language_code: str,
    chosen: str | None,
    help_line: str,
    privacy_line: str,
) -> None:
    user = api.user(2050, "Agent", language_code=language_code)
    if chosen is not None:  # a person who picked another language than their Telegram's
        await Agent(user, running.context.questionnaire).start(language=chosen)
    await user.send_command("/help")
    assert help_line in (await user.wait_for_message(new("/help"))).text
    await user.send_command("/privacy")
    privacy = (await user.wait_for_message(new(privacy_line))).text
    assert ("moins de 5 personnes" if privacy_line.startswith("ce") else "minder dan 5") in privacy
    assert "chiffrée" not in privacy and "versleutelde" not in privacy, "keyed, not encrypted"


# -- resuming after a restart -----------------------------------------------------------


async def test_resume_after_the_bot_restarts(api: FakeBotAPI, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, api)
    anne = api.user(2060, "Anne", language_code="fr")
    bob = api.user(2061, "Bob", language_code="nl")
    async with running_bot(api, settings) as running:
        q = running.context.questionnaire
        agent = Agent(anne, q)
        await agent.answer_until("phone_hours", planned({"line": "both"}), await agent.start())
        await Agent(bob, q).start()
        before = await answers_of(running, anne)

    async with running_bot(api, settings) as running:
        assert await answers_of(running, anne) == before
        await anne.send_command("/start")
        await anne.wait_for_message(new("Vous aviez commencé : on reprend où vous vous étiez"))
        again = await anne.wait_for_message(is_question(4, 12))
        assert "Combien d'heures par semaine" in again.text
        await anne.send_text("20")
        await anne.wait_for_message(is_question(5, 12))
        assert await answers_of(running, anne) == {**before, "phone_hours": Answer(20)}

        await bob.send_sticker()  # any message: Bob is shown his question again
        await bob.wait_for_message(new("Ik begrijp alleen tekst en knoppen."))
        shown = await bob.wait_for_message(is_question(1, 11))
        assert shown.text.startswith("Vraag 1/11")
        await bob.click("Thesaurie", shown)
        await bob.wait_for_message(is_question(2, 11))
        assert await answers_of(running, bob) == {"administration": Answer("tresorerie")}
