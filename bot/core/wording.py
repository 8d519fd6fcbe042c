"""Texts as the core hands them to front ends: survey texts, bot phrases, literal pieces.

The core never holds a sentence of its own. A question type says what to show as `Words`: a
sequence of pieces that a front end joins after putting each into the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

LocalText = str | dict[str, str]
"""A user-visible text: one string (one-language survey) or one string per language code."""


@dataclass(frozen=True)
class Phrase:
    """One of the bot's own sentences, named by its translation key, with its parameters."""

    key: str
    params: Mapping[str, int | str] = field(default_factory=dict)


@dataclass(frozen=True)
class Amount:
    """A number, written in the reader's locale with at most `decimals` digits after the
    separator ("12,5" in French)."""

    value: float
    decimals: int = 1


@dataclass(frozen=True)
class Day:
    """A calendar day, written out in the reader's locale ("11 février 2020"); only its month
    and year when `month` ("février 2020")."""

    value: date
    month: bool = False


Piece = LocalText | Phrase | Amount | Day
"""A survey text (a plain string is shown as it is), a bot phrase, or a value to write in the
reader's locale."""

Words = tuple[Piece, ...]
"""Pieces shown one after the other."""
