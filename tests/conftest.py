"""Fixtures shared by every test folder: the surveys. The end-to-end fixtures are in e2e/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.core.questionnaire import Questionnaire, load_questionnaire
from tests.support.paths import CHOICES_SURVEY, FIXTURE_SURVEY, SHIPPED_SURVEY, TYPES_SURVEY


def pytest_configure(config: pytest.Config) -> None:
    """Opt in to python-telegram-bot's timedelta `retry_after` (the bot does the same), and
    declare the marker of the smoke tests on the shipped survey."""
    # Without it, PTB 22 warns each time it builds a RetryAfter, and warnings are errors here.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    config.addinivalue_line(
        "markers",
        "shipped_survey: a smoke test running the real bot on the shipped survey file, to show "
        "that the file works end to end (`pytest -m shipped_survey` runs them alone)",
    )


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
def types_survey_path() -> Path:
    """The tests' survey of decimals, dates and texts with a pattern (in French and Dutch)."""
    return TYPES_SURVEY


@pytest.fixture(scope="session")
def types_survey(types_survey_path: Path) -> Questionnaire:
    """The tests' survey of decimals, dates and patterns, loaded and validated."""
    return load_questionnaire(types_survey_path)


@pytest.fixture(scope="session")
def choices_survey_path() -> Path:
    """The tests' survey of choice features (tests/surveys/choices.toml)."""
    return CHOICES_SURVEY


@pytest.fixture(scope="session")
def choices_survey(choices_survey_path: Path) -> Questionnaire:
    """The survey of choice features, loaded and validated."""
    return load_questionnaire(choices_survey_path)
