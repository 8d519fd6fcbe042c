"""Runs the real bot (python-telegram-bot Application, real HTTP) against the fake Bot API."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app.catalogue import Catalogue, open_catalogue
from bot.app.settings import Settings, TelegramSettings
from bot.app.wiring import AppContext
from bot.core.answers import Answer
from bot.telegram.runner import SurveyBot
from fakebotapi import BotMessage, FakeBotAPI, FakeUser
from tests.support.agents import callback_data
from tests.support.paths import FIXTURE_SURVEY
from tests.support.wording import Wording

# The tests' own survey closes on 31 March 2021: tests start a week before.
SURVEY_OPEN = datetime(2021, 3, 24, 9, 0, tzinfo=UTC)
# The shipped survey closes on 11 February 2020: its smoke tests start a week before.
SHIPPED_SURVEY_OPEN = datetime(2020, 2, 4, 9, 0, tzinfo=UTC)


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: datetime = SURVEY_OPEN

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        """Move the clock forward."""
        self.now += timedelta(**delta)


@dataclass
class RunningBot:
    """A bot processing updates in the background, and what it was built on."""

    api: FakeBotAPI
    survey_bot: SurveyBot
    context: AppContext
    clock: Clock
    settings: Settings
    catalogue: Catalogue
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    def words(self, language: str) -> Wording:
        """The survey's texts and the bot's sentences in `language`, to assert against."""
        return Wording(self.context.questionnaire, language)


def make_settings(
    tmp_path: Path, api: FakeBotAPI, *, messages_per_second: float = 30, **overrides: object
) -> Settings:
    """Settings for a bot in `tmp_path`, talking to the fake API, on the tests' own survey.

    `messages_per_second=0` lifts Telegram's overall limit, in the bot and in the fake API
    (which enforces 30 a second otherwise): with it, dozens of agents would spend a test
    waiting their turn.
    """
    if messages_per_second == 0:
        api.limits.set(0, 0)
    values: dict[str, object] = {
        "survey": FIXTURE_SURVEY,
        "database": tmp_path / "survey.sqlite3",
        "admins": [],
        "telegram": TelegramSettings(
            base_url=api.base_url,
            base_file_url=api.base_file_url,
            token=api.token,
            max_messages_per_second=messages_per_second,
        ),
    }
    values.update(overrides)
    if "surveys" in overrides:  # several surveys: each names its database in its own table
        del values["survey"], values["database"]
    return Settings.model_validate(values)


@asynccontextmanager
async def running_bot(
    api: FakeBotAPI, settings: Settings, clock: Clock | None = None
) -> AsyncIterator[RunningBot]:
    """Start the bot with long polling; stop it (gracefully) on exit."""
    clock = clock or Clock()
    async with open_catalogue(settings) as catalogue:
        survey_bot = SurveyBot(catalogue, token=api.token, clock=clock)
        await survey_bot.start()
        running = RunningBot(api, survey_bot, catalogue.first, clock, settings, catalogue)
        poller = asyncio.create_task(survey_bot.run_polling(running.stop))
        try:
            yield running
        finally:
            running.stop.set()
            await asyncio.wait_for(poller, timeout=15)
            await survey_bot.stop()


async def begin(user: FakeUser, language_button: str | None = None) -> BotMessage:
    """Send /start, choose the language on the first screen (`language_button`, else the
    first offered) or switch the intro's to `language_button`; return question 1, which comes
    under the intro."""
    await user.send_command("/start")
    first = await user.wait_for_message(lambda m: bool(m.buttons) or asks_first_question(m))
    opened = asks_first_question(first)
    if language_button is None and not opened:
        language_button = first.button_texts[0]
    if language_button is not None and not language_button.startswith("✓"):
        await user.click(language_button)
        return await user.wait_for_message(lambda m: m.edited and asks_first_question(m))
    return first


def asks_first_question(message: BotMessage) -> bool:
    """Whether a message asks question 1 (in French, Dutch or English)."""
    return any(f"\n{word} 1 · " in f"\n{message.text}" for word in ("Question", "Vraag"))


def new(match: str) -> Callable[[BotMessage], bool]:
    """A new (not edited) message containing `match`."""
    return lambda m: not m.edited and match in m.text


def edited(message: BotMessage) -> Callable[[BotMessage], bool]:
    """The next edit of `message`."""
    return lambda m: m.edited and m.message_id == message.message_id


async def answers_of(running: RunningBot, user: FakeUser) -> dict[str, Answer]:
    """The answers stored for the user's session in progress."""
    session = await running.context.service.store.session(user.id)
    assert session is not None
    return dict(session.state.answers)


async def change_from_recap(
    user: FakeUser, recap: BotMessage, question_id: str
) -> tuple[BotMessage, BotMessage]:
    """The two taps that re-open an answered question from the recap: "change an answer"
    turns the recap's buttons into the list of its questions, and the question picked takes
    the recap's place. Returns the list, then the question, as the recap's message shows them.
    """
    await user.click(lambda b: callback_data(b) == "e|0", recap)
    listing = await user.wait_for_message(edited(recap))
    await user.click(lambda b: callback_data(b) == f"r|{question_id}", recap)
    return listing, await user.wait_for_message(edited(recap))
