"""Typed text cleaned when it is accepted, and filtered for what each output can carry."""

from __future__ import annotations

import pytest

from bot.core.characters import clean_text, portable, visible
from tests.support.hostile import CASES, Hostile, unfit_for_drawing, unfit_for_files


@pytest.mark.parametrize("hostile", CASES)
def test_a_typed_text_is_accepted_as_it_should_be_kept(hostile: Hostile) -> None:
    assert clean_text(hostile.typed) == hostile.kept


@pytest.mark.parametrize("hostile", CASES)
def test_what_files_and_fonts_cannot_carry_is_filtered_out(hostile: Hostile) -> None:
    for filtered in (portable(hostile.typed), visible(hostile.typed)):
        assert all(fragment in filtered for fragment in hostile.shown), filtered
    assert unfit_for_files(portable(hostile.typed)) == []
    assert unfit_for_drawing(visible(hostile.typed)) == []


@pytest.mark.parametrize(
    "invisible", ["\u200b", "\ufeff", " \u2060 ", "\u00ad\u200d", "\ud800\x00", "\u202e\t"]
)
def test_a_text_with_nothing_visible_is_empty(invisible: str) -> None:
    assert clean_text(invisible) == ""


def test_meaningful_joiners_stay_where_they_join() -> None:
    """A zero-width joiner holds an emoji sequence together, a non-joiner spells Persian."""
    assert clean_text("🧑\u200d🚀") == "🧑\u200d🚀"
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # "I want"
    assert clean_text(persian) == persian
