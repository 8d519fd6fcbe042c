"""Where the repository, its shipped survey and the tests' own survey lie."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SURVEYS = REPO / "surveys"
SHIPPED_SURVEY = SURVEYS / "telephonie-crm.toml"
SHIPPED_SECOND_WAVE = SURVEYS / "telephonie-agfisc.toml"
"""The shipped survey's second wave, which follows it (`compares_with`)."""
FIXTURE_SURVEY = REPO / "tests" / "surveys" / "fixture.toml"
"""The tests' own survey: tests that depend on a survey's content use this one."""
TYPES_SURVEY = REPO / "tests" / "surveys" / "types.toml"
"""The tests' survey of decimals, dates and texts of a given form (a pattern)."""
CHOICES_SURVEY = REPO / "tests" / "surveys" / "choices.toml"
"""The tests' survey of choice features: numbered, exclusive, shuffled options; scale labels."""
PYTHON = REPO / ".venv" / "bin" / "python"
WAVE_1_SURVEY = REPO / "tests" / "surveys" / "wave-1.toml"
"""The tests' survey of waves, first wave."""
WAVE_2_SURVEY = REPO / "tests" / "surveys" / "wave-2.toml"
"""Its second wave (`compares_with` the first): one question differs, one is new, one gone."""
