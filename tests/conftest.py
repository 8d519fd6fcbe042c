"""Fixtures shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.questionnaire import Questionnaire, load_questionnaire

SURVEYS_DIR = Path(__file__).resolve().parent.parent / "surveys"


@pytest.fixture(scope="session")
def shipped_survey_path() -> Path:
    """The survey file shipped with the project."""
    return SURVEYS_DIR / "telephonie-crm.toml"


@pytest.fixture(scope="session")
def shipped_survey(shipped_survey_path: Path) -> Questionnaire:
    """The shipped survey, loaded and validated (the model is frozen, so it can be shared)."""
    return load_questionnaire(shipped_survey_path)
