"""End to end, choice features: the real bot on the tests' survey of choice features
(tests/surveys/choices.toml), against the fake Bot API.

Options that are numbers themselves, an exclusive option, options in an order of each
respondent's own (the same after a restart), labelled, stepped and long scales.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest

from bot.core.answers import Answer
from bot.core.questions.choice import ChoiceQuestion
from bot.core.stores import Status
from fakebotapi import BotMessage, FakeBotAPI, FakeUser
from tests.support.agents import all_data, is_question
from tests.support.botharness import (
    RunningBot,
    answers_of,
    edited,
    make_settings,
    new,
    running_bot,
)
from tests.support.paths import CHOICES_SURVEY

TITLE = "Enquête d'essai sur les choix"
UNTICKED, TICKED = "▫️ ", "✅ "


@pytest.fixture
async def running(api: FakeBotAPI, tmp_path: Path) -> AsyncIterator[RunningBot]:
    """The real bot, on the survey of choice features."""
    async with running_bot(api, make_settings(tmp_path, api, survey=CHOICES_SURVEY)) as bot:
        yield bot


def rows(message: BotMessage) -> list[list[str]]:
    """The keyboard's button texts, row by row."""
    return [[str(b["text"]) for b in row] for row in message.buttons]


def ticked(message: BotMessage) -> list[str]:
    return [t.removeprefix(TICKED) for t in message.button_texts if t.startswith(TICKED)]


async def token_of(running: RunningBot, user: FakeUser) -> str:
    session = await running.context.service.store.session(user.id)
    assert session is not None
    return session.token


def shown_labels(running: RunningBot, question_id: str, token: str) -> list[str]:
    """The French labels of a question's options in the order that session sees them."""
    questionnaire = running.context.questionnaire
    question = questionnaire.question(question_id)
    assert isinstance(question, ChoiceQuestion)
    return [questionnaire.text(o.label, "fr") for o in question.shown(token)]


def label_of(running: RunningBot, question_id: str, option_id: object) -> str:
    """An option's French label."""
    questionnaire = running.context.questionnaire
    question = questionnaire.question(question_id)
    assert isinstance(question, ChoiceQuestion) and isinstance(option_id, str)
    option = question.option(option_id)
    assert option is not None
    return questionnaire.text(option.label, "fr")


async def begin(user: FakeUser) -> BotMessage:
    await user.send_command("/start")
    first = await user.wait_for_message(is_question(1))
    assert first.text.startswith(TITLE)  # under the intro
    return first


async def test_every_choice_feature_through_telegram(api: FakeBotAPI, running: RunningBot) -> None:
    anne = api.user(3001, "Anne", language_code="fr")
    year = await begin(anne)
    assert year.button_texts == ["2024", "2023", "2022", "Avant 2022", "✓ Français", "Nederlands"]

    # Options that are numbers: the number typed is the option's, never a position.
    await anne.send_text("2")
    await anne.wait_for_message(new("Choisissez une des propositions (bouton ou numéro)."))
    await anne.send_text("2024")
    await anne.wait_for_message(is_question(2))
    await anne.send_text("1")  # the option whose id is 1, not the first one
    channel = await anne.wait_for_message(is_question(3))
    assert await answers_of(running, anne) == {"year": Answer("y2024"), "grade": Answer("1")}

    # Options in this person's own order, anchored last; typed positions follow it.
    order = shown_labels(running, "channel", await token_of(running, anne))
    assert order[-1] == "Sans préférence"
    assert channel.button_texts == [*order, "◀ Retour"]
    await anne.send_text("2")
    effects = await anne.wait_for_message(is_question(4))
    channel_option = (await answers_of(running, anne))["channel"].value
    assert label_of(running, "channel", channel_option) == order[1]

    # An exclusive option: refused with others when typed; ticking it unticks the others.
    order = shown_labels(running, "effects", await token_of(running, anne))
    assert order[-2:] == ["Aucun effet", "Autre, précisez"]
    assert effects.button_texts == [UNTICKED + o for o in order] + ["Confirmer ✔", "◀ Retour"]
    await anne.send_text("Aucun effet, Du stress")
    refusal = await anne.wait_for_message(new("se choisit seul"))
    assert refusal.text == (
        "« Aucun effet » se choisit seul\u00a0: décochez-le, ou décochez les autres réponses."
    )
    for label in ("Du stress", "Du retard"):
        await anne.click(UNTICKED + label, effects)
        effects = await anne.wait_for_message(edited(effects))
    assert sorted(ticked(effects)) == ["Du retard", "Du stress"]
    await anne.click(UNTICKED + "Aucun effet", effects)
    effects = await anne.wait_for_message(edited(effects))
    assert ticked(effects) == ["Aucun effet"]
    await anne.click(UNTICKED + "Du stress", effects)
    effects = await anne.wait_for_message(edited(effects))
    assert ticked(effects) == ["Du stress"]
    assert effects.button_texts[:-2] == [
        (TICKED if o == "Du stress" else UNTICKED) + o for o in order
    ], "the order does not move while ticking"
    await anne.click("Confirmer ✔", effects)
    answered = await anne.wait_for_message(edited(effects))  # becomes the next question
    assert answered.text.startswith("✔️ ") and "→ Du stress\n\n" in answered.text

    # A labelled scale: one labelled point to a row; the label is the answer shown.
    frequency = answered
    assert is_question(5)(frequency)
    assert rows(frequency) == [
        ["Jamais"],
        ["Rarement"],
        ["Parfois"],
        ["Souvent"],
        ["Toujours"],
        ["◀ Retour"],
    ]
    assert all_data(frequency)[:5] == [f"a|frequency|{v}" for v in range(1, 6)]
    await anne.click("Souvent", frequency)
    share = await anne.wait_for_message(edited(frequency))
    assert "→ Souvent\n\n" in share.text

    # A stepped scale: eleven points in a row of six and a row of five.
    assert is_question(6)(share)
    assert "0 = Aucune · 100 = Tout" in share.text
    assert rows(share) == [
        ["0", "10", "20", "30", "40", "50"],
        ["60", "70", "80", "90", "100"],
        ["◀ Retour"],
    ]
    await anne.send_text("15")
    await anne.wait_for_message(new("Choisissez une note de 0 à 100, par pas de 10."))
    await anne.click("30", share)
    calls = await anne.wait_for_message(edited(share))

    # Twenty-one points, in three rows of seven.
    assert is_question(7)(calls)
    assert rows(calls) == [
        [str(v) for v in range(0, 7)],
        [str(v) for v in range(7, 14)],
        [str(v) for v in range(14, 21)],
        ["◀ Retour", "Passer ▶"],
    ]
    await anne.click("17", calls)

    recap = await anne.wait_for_message(lambda m: "Vos réponses\u00a0:" in m.text)
    channel_label = label_of(running, "channel", channel_option)
    for said in ("2024", "Mauvais", channel_label, "Du stress", "Souvent", "30", "17"):
        assert f"→ {said}" in recap.text
    await anne.click("Envoyer mes réponses ✔", recap)
    await anne.wait_for_message(lambda m: m.text.endswith("\n\nMerci pour vos choix !"))
    (response,) = await running.context.store.responses()
    assert response.answers["year"] == Answer("y2024")
    assert response.answers["grade"] == Answer("1")
    assert response.answers["effects"] == Answer(("stress",))
    assert response.answers["frequency"] == Answer(4)
    assert response.answers["share"] == Answer(30)
    assert response.answers["calls"] == Answer(17)
    assert await running.context.service.store.status(anne.id) is Status.SUBMITTED


async def test_each_person_keeps_their_order_after_a_restart(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    settings = make_settings(tmp_path, api, survey=CHOICES_SURVEY)
    people = [api.user(3010 + n, f"Agent {n}", language_code="fr") for n in range(6)]
    seen: dict[int, list[str]] = {}
    async with running_bot(api, settings) as running:
        for person in people:
            await begin(person)
            await person.send_text("2024")
            await person.wait_for_message(is_question(2))
            await person.send_text("5")
            channel = await person.wait_for_message(is_question(3))
            seen[person.id] = channel.button_texts
            token = await token_of(running, person)
            assert channel.button_texts[:-1] == shown_labels(running, "channel", token)
    assert len({tuple(order) for order in seen.values()}) > 1, "each person has an order"

    async with running_bot(api, settings) as running:
        back = running.words("fr")("button_back")
        for person in people:
            # A tap on their last question finds their session: back to question 2, and on.
            (channel,) = [m for m in person.messages if is_question(3)(m)]
            await person.click(back, channel)
            await person.wait_for_message(edited(channel))
            await person.send_text("5")
            again = await person.wait_for_message(new("Question 3 · "))
            assert again.button_texts == seen[person.id]
            await person.send_text("1")
            await person.wait_for_message(is_question(4))
            chosen = (await answers_of(running, person))["channel"].value
            assert label_of(running, "channel", chosen) == seen[person.id][0]


async def test_a_scale_of_98_points_fills_a_whole_keyboard(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    survey = tmp_path / "long.toml"
    survey.write_text(
        'id = "long"\nlanguages = ["fr"]\ntitle = "Longue"\nintro = "Intro"\nthanks = "Merci"\n'
        '[[questions]]\nid = "first"\ntype = "yesno"\ntext = "D\'abord ?"\n'
        '[[questions]]\nid = "long"\ntype = "scale"\nmin = 1\nmax = 98\noptional = true\n'
        'text = "De 1 à 98 ?"\n',
        encoding="utf-8",
    )
    async with running_bot(api, make_settings(tmp_path, api, survey=survey)) as running:
        anne = api.user(3020, "Anne", language_code="fr")
        await anne.send_command("/start")
        await anne.wait_for_message(is_question(1))
        await anne.click("Oui")
        long = await anne.wait_for_message(is_question(2))
        assert len(long.button_texts) == 100, "98 points, back and skip: Telegram's most"
        assert [len(row) for row in rows(long)] == [8] * 12 + [2, 2]
        await anne.click("97", long)
        await anne.wait_for_message(lambda m: "Vos réponses\u00a0:" in m.text)
        assert (await answers_of(running, anne))["long"] == Answer(97)


async def test_the_fake_bot_api_refuses_more_than_100_buttons(api: FakeBotAPI) -> None:
    user = api.user(3030, "Anne")

    def keyboard(count: int) -> InlineKeyboardMarkup:
        buttons = [InlineKeyboardButton(str(n), callback_data=str(n)) for n in range(count)]
        return InlineKeyboardMarkup([buttons[i : i + 8] for i in range(0, count, 8)])

    async with Bot(api.token, base_url=api.base_url) as bot:
        await bot.send_message(user.id, "100", reply_markup=keyboard(100))
        with pytest.raises(BadRequest, match="Buttons_too_much"):
            await bot.send_message(user.id, "101", reply_markup=keyboard(101))
