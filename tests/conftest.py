"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.questionnaire import Questionnaire, load_questionnaire
from fakebotapi import FakeBotAPI
from tests.botharness import FIXTURE_SURVEY, RunningBot, make_settings, running_bot

SURVEYS_DIR = Path(__file__).resolve().parent.parent / "surveys"


def pytest_configure(config: pytest.Config) -> None:
    """Opt in to python-telegram-bot's timedelta `retry_after` (the bot does the same)."""
    # Without it, PTB 22 warns each time it builds a RetryAfter, and warnings are errors here.
    os.environ.setdefault("PTB_TIMEDELTA", "true")


@pytest.fixture(scope="session")
def shipped_survey_path() -> Path:
    """The survey file shipped with the project."""
    return SURVEYS_DIR / "telephonie-crm.toml"


@pytest.fixture(scope="session")
def shipped_survey(shipped_survey_path: Path) -> Questionnaire:
    """The shipped survey, loaded and validated (the model is frozen, so it can be shared)."""
    return load_questionnaire(shipped_survey_path)


@pytest.fixture(scope="session")
def fixture_survey_path() -> Path:
    """The tests' own survey file (every question type and feature, in French and Dutch)."""
    return FIXTURE_SURVEY


@pytest.fixture(scope="session")
def fixture_survey(fixture_survey_path: Path) -> Questionnaire:
    """The tests' own survey, loaded and validated."""
    return load_questionnaire(fixture_survey_path)


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    """A fake Bot API server on 127.0.0.1."""
    async with FakeBotAPI() as fake:
        yield fake


@pytest.fixture
async def running(api: FakeBotAPI, tmp_path: Path) -> AsyncIterator[RunningBot]:
    """The real bot, on the shipped survey, polling the fake Bot API."""
    async with running_bot(api, make_settings(tmp_path, api)) as bot:
        yield bot
