"""Several surveys in one bot, end to end: the menu, the links, one person in both, restarts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app.respondents import Refusal
from bot.app.settings import Settings
from bot.app.wiring import AppContext
from fakebotapi import BotMessage, FakeBotAPI, FakeUser
from tests.support.agents import all_data
from tests.support.answering import drive, fixture_replies
from tests.support.botharness import Clock, RunningBot, make_settings, running_bot
from tests.support.paths import FIXTURE_SURVEY, TYPES_SURVEY

FIXTURE_TITLE = "Enquête d'essai sur l'atelier"
TYPES_TITLE = "Enquête d'essai sur les trajets"


def two_surveys(tmp_path: Path, api: FakeBotAPI, **types: object) -> Settings:
    """The tests' survey and the types survey in one bot, each its database in `tmp_path`."""
    return make_settings(
        tmp_path,
        api,
        surveys=[FIXTURE_SURVEY, TYPES_SURVEY],
        survey_settings={
            "fixture-2021": {"database": tmp_path / "fixture.sqlite3"},
            "types-2021": {"database": tmp_path / "types.sqlite3", **types},
        },
    )


def survey(running: RunningBot, survey_id: str) -> AppContext:
    context = running.catalogue.get(survey_id)
    assert context is not None
    return context


async def answers_in(running: RunningBot, survey_id: str, user: FakeUser) -> dict[str, object]:
    session = await survey(running, survey_id).service.store.session(user.id)
    assert session is not None
    return {key: answer.value for key, answer in session.state.answers.items()}


def asks(word: str) -> object:
    return lambda m: word in m.text and bool(m.buttons)


async def open_from_menu(user: FakeUser, title: str) -> BotMessage:
    await user.send_command("/start")
    menu = await user.wait_for_message(lambda m: "À quelle enquête" in m.text)
    assert menu.button_texts == [FIXTURE_TITLE, TYPES_TITLE]
    assert all_data(menu) == ["m|fixture-2021", "m|types-2021"]
    await user.click(title, menu)
    return await user.wait_for_message(lambda m: title in m.text and not m.edited)


async def test_a_plain_start_shows_the_menu_and_one_person_answers_both(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    async with running_bot(api, two_surveys(tmp_path, api)) as running:
        user = api.user(3001, "Ana", language_code="fr")
        types_intro = await open_from_menu(user, TYPES_TITLE)
        assert "Sur quel site travaillez-vous ?" in types_intro.text
        # The other survey's link, while the first is under way: it opens too.
        await user.send_command("/start", "fixture-2021")
        fixture_intro = await user.wait_for_message(lambda m: FIXTURE_TITLE in m.text)
        assert "Dans quelle équipe travaillez-vous ?" in fixture_intro.text
        await user.click("Équipe nord", fixture_intro)
        await user.wait_for_message(lambda m: "Question 2 · " in m.text)
        # A tap on the first survey's question goes to it, not to the last one shown.
        await user.click("Site nord", types_intro)
        await user.wait_for_message(lambda m: "distance" in m.text)
        assert await answers_in(running, "fixture-2021", user) == {"team": "north"}
        assert await answers_in(running, "types-2021", user) == {"site": "north"}
        # Typed text goes to the survey whose step was shown last: the distance.
        await user.send_text("12,5")
        await user.wait_for_message(lambda m: "Question 3 · " in m.text and "Site" not in m.text)
        assert (await answers_in(running, "types-2021", user))["distance"] == 12.5
        assert await answers_in(running, "fixture-2021", user) == {"team": "north"}


async def test_a_link_opens_its_survey_and_an_answered_one_offers_the_others(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    clock = Clock()
    async with running_bot(api, two_surveys(tmp_path, api), clock) as running:
        user = api.user(3002, "Bo", language_code="fr")
        fixture = survey(running, "fixture-2021").service
        await drive(fixture, user.id, fixture_replies(), clock.now, submit_at=clock.now)
        await user.send_command("/start", "fixture-2021")
        told = await user.wait_for_message()
        assert running.words("fr")("already_done") in told.text
        assert "Ces enquêtes sont ouvertes" in told.text
        assert all_data(told) == ["m|types-2021"]
        await user.click(TYPES_TITLE, told)
        opened = await user.wait_for_message(lambda m: TYPES_TITLE in m.text)
        assert "Sur quel site travaillez-vous ?" in opened.text
        assert await fixture.current(user.id, clock.now) is Refusal.ALREADY_SUBMITTED


async def test_a_closed_surveys_link_says_so_and_offers_the_open_one(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    closed = datetime(2021, 3, 1, tzinfo=UTC)
    settings = two_surveys(tmp_path, api, closes_at=closed, grace_period_minutes=0)
    async with running_bot(api, settings):
        user = api.user(3003, "Cy", language_code="fr")
        await user.send_command("/start", "types-2021")
        told = await user.wait_for_message()
        assert "Cette enquête est clôturée depuis le 1 mars 2021" in told.text
        assert "Ces enquêtes sont ouvertes" in told.text
        assert all_data(told) == ["m|fixture-2021"]
        # With one survey open, a plain /start goes straight in.
        await user.send_command("/start")
        intro = await user.wait_for_message(lambda m: FIXTURE_TITLE in m.text)
        assert "Dans quelle équipe travaillez-vous ?" in intro.text


async def test_after_a_restart_a_tap_rejoins_the_right_survey(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    settings = two_surveys(tmp_path, api)
    user = api.user(3004, "Di", language_code="fr")
    async with running_bot(api, settings):
        types_intro = await open_from_menu(user, TYPES_TITLE)
        await user.send_command("/start", "fixture-2021")
        fixture_intro = await user.wait_for_message(lambda m: FIXTURE_TITLE in m.text)
    async with running_bot(api, settings) as running:
        await user.click("Site sud", types_intro)
        await user.wait_for_message(lambda m: "distance" in m.text)
        await user.click("Équipe sud", fixture_intro)
        await user.wait_for_message(lambda m: "Question 2 · " in m.text)
        assert await answers_in(running, "types-2021", user) == {"site": "south"}
        assert await answers_in(running, "fixture-2021", user) == {"team": "south"}


async def test_check_prints_each_surveys_link(
    api: FakeBotAPI, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli.main import check
    from bot.telegram.runner import bot_username

    settings = two_surveys(tmp_path, api)
    username = await bot_username(settings)
    assert username
    assert check(settings, username) == 0
    shown = capsys.readouterr().out
    assert f"  link: https://t.me/{username}?start=fixture-2021\n" in shown
    assert f"  link: https://t.me/{username}?start=types-2021\n" in shown
    without = settings.model_copy(
        update={"telegram": settings.telegram.model_copy(update={"token": None})}
    )
    assert await bot_username(without) is None
    assert check(without) == 0
    shown = capsys.readouterr().out
    assert "  link: t.me/<bot>?start=types-2021\n" in shown
    assert "The links show <bot> for the bot's username" in shown
