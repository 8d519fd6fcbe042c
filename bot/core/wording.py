"""Texts as the core hands them to front ends: survey texts, bot phrases, literal pieces.

The core never holds a sentence of its own. A question type says what to show as `Words`: a
sequence of pieces that a front end joins after putting each into the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

LocalText = str | dict[str, str]
"""A user-visible text: one string (one-language survey) or one string per language code."""


@dataclass(frozen=True)
class Phrase:
    """One of the bot's own sentences, named by its translation key, with its parameters."""

    key: str
    params: Mapping[str, int | str] = field(default_factory=dict)


Piece = LocalText | Phrase
"""A survey text (a plain string is shown as it is), or a bot phrase."""

Words = tuple[Piece, ...]
"""Pieces shown one after the other."""
