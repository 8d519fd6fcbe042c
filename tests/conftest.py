"""Fixtures shared by every test folder: the surveys. The end-to-end fixtures are in e2e/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.core.questionnaire import Questionnaire, load_questionnaire
from tests.support.paths import CHOICES_SURVEY, FIXTURE_SURVEY, SHIPPED_SURVEY


def pytest_configure(config: pytest.Config) -> None:
    """Opt in to python-telegram-bot's timedelta `retry_after` (the bot does the same)."""
    # Without it, PTB 22 warns each time it builds a RetryAfter, and warnings are errors here.
    os.environ.setdefault("PTB_TIMEDELTA", "true")


@pytest.fixture(scope="session")
def shipped_survey_path() -> Path:
    """The survey file shipped with the project."""
    return SHIPPED_SURVEY


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


@pytest.fixture(scope="session")
def choices_survey_path() -> Path:
    """The tests' survey of choice features (tests/surveys/choices.toml)."""
    return CHOICES_SURVEY


@pytest.fixture(scope="session")
def choices_survey(choices_survey_path: Path) -> Questionnaire:
    """The survey of choice features, loaded and validated."""
    return load_questionnaire(choices_survey_path)
